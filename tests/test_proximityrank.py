"""Proximity tiers over many candidates: bodies are measured only where they can reach the page."""

import json
import random

import numpy as np

from indexer.build import build_index
from search import SearchRequest, open_index
from search.proximity import Closeness, Unit
from search.proximityrank import Nearness, _headroom, _tier, add_proximity


def _write(path, lines):
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                    encoding="utf-8")


def _index(tmp_path):
    """600 pages repeating "chợ cá" and "đầu làng" apart (high BM25), three holding
    "chợ cá đầu làng" once in a long text (low BM25); each text its own, so that none
    is folded as a copy of another."""
    rng = random.Random(3)
    vocabulary = ["cán", "bộ", "sở", "ngành", "dự", "họp", "thảo", "luận", "nhiều", "nội",
                  "dung", "quan", "trọng", "kinh", "tế", "xã", "hội", "giáo", "dục", "nông",
                  "thôn", "đô", "thị", "chương", "trình"]

    def words(count):
        return " ".join(rng.choice(vocabulary) for _ in range(count)) + "."

    lines = [{"id": f"apart{n}", "title": f"Tin số {n}",
              "text": " ".join(f"Chợ cá {words(8)} đầu làng {words(n % 7 + 4)}"
                               for _ in range(n % 5 + 1))} for n in range(600)]
    lines += [{"id": f"together{n}", "title": f"Bản tin {n}",
               "text": f"{words(300)} Đồng chí {n} thăm chợ cá đầu làng. {words(300)}"}
              for n in range(3)]
    _write(tmp_path / "corpus.jsonl", lines)
    build_index([tmp_path / "corpus.jsonl"], tmp_path / "index", full=True)
    return open_index(tmp_path / "index", cache_size=0)


def test_pages_holding_the_phrase_lead_however_low_their_bm25(tmp_path):
    index = _index(tmp_path)
    result = index.search(SearchRequest(q="cho ca dau lang"))
    assert result["totalHits"] == 603
    assert {hit["id"] for hit in result["hits"][:3]} == {"together0", "together1", "together2"}


def test_first_page_is_the_same_whatever_the_page_size(tmp_path):
    index = _index(tmp_path)
    small = index.search(SearchRequest(q="cho ca dau lang", hits_per_page=5))
    large = index.search(SearchRequest(q="cho ca dau lang", hits_per_page=50))
    assert [(h["id"], h["score"]) for h in small["hits"]] == \
        [(h["id"], h["score"]) for h in large["hits"][:5]]
    second = index.search(SearchRequest(q="cho ca dau lang", hits_per_page=5, page=2))
    assert [h["id"] for h in second["hits"]] == [h["id"] for h in large["hits"][5:10]]


def test_bounded_scores_equal_full_scores_on_the_pages_that_can_be_shown(tmp_path):
    index = _index(tmp_path)
    postings = index._current().postings
    words = [Unit(0, 1, (("cho",),)), Unit(1, 2, (("ca",),)), Unit(2, 3, (("dau",),)),
             Unit(3, 4, (("lang",),))]
    near = Nearness(words, [], set(), pair_weights=[1.0, 2.0, 3.0])
    docnums = np.flatnonzero(index._current().postings.live)
    full_scores, full_tiers = np.ones(len(docnums), np.float32), np.zeros(len(docnums), np.int16)
    add_proximity(postings, near, docnums, full_scores, full_tiers)
    scores, tiers = np.ones(len(docnums), np.float32), np.zeros(len(docnums), np.int16)
    add_proximity(postings, near, docnums, scores, tiers, needed=10, groups=np.arange(len(docnums)))
    best = np.argsort(-(full_scores + 10_000 * full_tiers), kind="stable")[:10]
    assert np.array_equal(scores[best], full_scores[best])
    assert np.array_equal(tiers[best], full_tiers[best])
    assert (tiers <= full_tiers).all()


def _measured_bodies(index, monkeypatch, tighten_above):
    """Return the first page's scores and tiers and how many bodies were measured, for
    "ca dau lang" bounded to 10 pages, tightening above `tighten_above` candidates."""
    monkeypatch.setattr("search.toprank.FIRST_BATCH", 16)
    monkeypatch.setattr("search.toprank.TIGHTEN_ABOVE", tighten_above)
    measured = []
    measure = Nearness.measure

    def counting(self, postings, docnums, fields=("title_f", "body_f")):
        measured.extend([len(docnums)] if fields == ("body_f",) else [])
        return measure(self, postings, docnums, fields)

    monkeypatch.setattr(Nearness, "measure", counting)
    postings = index._current().postings
    near = Nearness([Unit(0, 1, (("ca",),)), Unit(1, 2, (("dau",),)), Unit(2, 3, (("lang",),))],
                    [], set(), pair_weights=[1.0, 2.0])
    docnums = np.flatnonzero(postings.live)
    # BM25 falling page after page: the pages holding the phrase come last
    scores = np.linspace(500, 1, len(docnums)).astype(np.float32)
    tiers = np.zeros(len(docnums), np.int16)
    add_proximity(postings, near, docnums, scores, tiers, needed=10, groups=np.arange(len(docnums)))
    best = np.argsort(-(scores + 10_000 * tiers), kind="stable")[:10]
    return scores[best].tolist(), tiers[best].tolist(), sum(measured)


def test_bodies_without_a_pair_side_by_side_are_not_measured(tmp_path, monkeypatch):
    index = _index(tmp_path)
    tightened = _measured_bodies(index, monkeypatch, 0)
    untightened = _measured_bodies(index, monkeypatch, 10**9)
    assert tightened[:2] == untightened[:2]
    assert 8 in tightened[1]  # the pages holding "cá đầu làng" lead
    assert tightened[2] < untightened[2] / 4


def test_a_page_earns_the_best_tier_it_qualifies_for():
    flags = [[1, 0, 0, 0, 0], [1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 1, 0]]
    in_title, phrase, modified, close = (np.array(f, dtype=bool) for f in flags)
    pairs = np.where(close, 1, 3).astype(np.int8)[None, :]
    found = Closeness(phrase, pairs, modified, in_title)
    assert _tier(found).tolist() == [12, 8, 6, 2, 0]


def test_headroom_is_what_a_body_can_still_add_to_a_title():
    found = Closeness(np.array([1, 0, 0], dtype=bool), np.array([[0, 1, 3]], dtype=np.int8),
                      np.zeros(3, dtype=bool), np.array([1, 0, 0], dtype=bool))
    near = Nearness([], [], set(), pair_weights=[2.0])
    assert _headroom(found, near, _tier(found)).tolist() == [1.0, 6 * 10_000 + 2.0, 8 * 10_000 + 3.0]
