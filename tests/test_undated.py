"""Pages without a date: how they sort by date, count in the year facet and are filtered."""

import json

import pytest

from indexer.build import build_index
from search import NO_YEAR, BadParameter, SearchRequest, open_index

# Two dated pages and undated ones whose relevance to "cầu đường" differs by how often
# they say it; document numbers follow the file order.
ARTICLES = [
    {"id": "undated-weak", "title": "Tin địa phương", "text": "Sửa cầu đường ở xã."},
    {"id": "dated-old", "title": "Cầu đường năm cũ", "text": "Cầu đường được sửa.",
     "date": "2018-03-01T08:00:00+07:00"},
    {"id": "undated-strong", "title": "Cầu đường, cầu đường",
     "text": "Cầu đường, cầu đường và cầu đường mới."},
    {"id": "dated-new", "title": "Cầu đường năm mới", "text": "Cầu đường được làm.",
     "date": "2021-06-01T08:00:00+07:00"},
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("undated")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES),
                      encoding="utf-8")
    build_index([corpus], folder / "index", full=True)
    return open_index(folder / "index", cache_size=0)


def ids(index, q="cau duong", **params):
    result = index.search(SearchRequest(q=q, hits_per_page=params.pop("hits", 10), **params))
    return [hit["id"] for hit in result["hits"]]


def test_date_sort_lists_dated_pages_newest_first_then_undated_by_relevance(index):
    assert ids(index, sort="date") == ["dated-new", "dated-old", "undated-strong",
                                       "undated-weak"]


def test_date_sort_pages_cross_from_dated_to_undated_without_gaps(index):
    pages = [ids(index, sort="date", hits=1, page=p) for p in (1, 2, 3, 4)]
    assert pages == [["dated-new"], ["dated-old"], ["undated-strong"], ["undated-weak"]]


def test_relevance_sort_ignores_dates(index):
    assert ids(index)[0] == "undated-strong"


def test_empty_query_lists_dated_pages_first(index):
    assert ids(index, q="")[:2] == ["dated-new", "dated-old"]


def test_year_facet_counts_undated_pages_last(index):
    years = index.search(SearchRequest(q="cau duong"))["facetDistribution"]["year"]
    assert list(years.items()) == [("2021", 1), ("2018", 1), (NO_YEAR, 2)]


def test_no_year_filter_keeps_only_undated_pages(index):
    assert sorted(ids(index, year=NO_YEAR)) == ["undated-strong", "undated-weak"]


def test_no_year_is_a_valid_year_parameter():
    assert SearchRequest.from_params({"year": NO_YEAR}).year == NO_YEAR


def test_bad_parameter_names_itself_for_translation():
    with pytest.raises(BadParameter) as error:
        SearchRequest.from_params({"page": "abc"})
    assert (error.value.code, error.value.details) == (
        "invalid_parameter", {"parameter": "page", "value": "abc", "largest": 10_000})
