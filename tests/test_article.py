"""One declaration of an article's fields feeds the schema, the stored document and the JSON."""

from __future__ import annotations

from search import SearchRequest
from search.article import ARTICLE_FIELDS, DOCUMENT_FIELDS, FIELD_KEPT, GIVEN_FIELDS, HIT_FIELDS
from search.schema import build_schema


def test_every_indexed_field_is_stored_in_the_schema():
    schema = build_schema()
    assert [name for name in DOCUMENT_FIELDS if not schema[name].stored] == []


def test_hits_carry_the_hit_fields_and_what_is_made_from_them(ranking_index):
    hit = ranking_index.search(SearchRequest(q="van phong tinh uy"))["hits"][0]
    assert set(hit) == {*HIT_FIELDS, "titleHtml", "snippet", "score", "similar"}


def test_an_article_carries_every_shown_field(ranking_index):
    article = ranking_index.article("ha-noi-can-bo")
    assert set(article) == {*ARTICLE_FIELDS, "titleHtml", "bodyHtml", "title_html", "body_html"}


def test_what_a_page_may_be_given_is_indexed():
    assert [name for name in GIVEN_FIELDS if FIELD_KEPT[name].index is None] == []
