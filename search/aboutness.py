"""Which pages are about what a query names: their titles hold its name and most of its weight.

A body that mentions "Nguyễn Xuân Anh bị cách chức" once in passing is not about him; the
title "Cách chức Bí thư Thành uỷ Đà Nẵng Nguyễn Xuân Anh" is, though it lacks "bị". So a
page is about the query when the query names someone or something (search/names.py; two
initials in a row, "UBKT TW", name a body as titles write them when side by side), its
title holds one of those names, and the title holds half the query's informative weight
or more; 0.6 when the query names one of a series ("khóa XII": a title of another term
falls below it) or the name held is a province or city's ("Đà Nẵng sẽ mở đường ra biển"
is not about "chu tich UBND Da Nang", only where it happens):

- each content word weighs the IDF of the spelling meant (typed, or restored from the
  corpus): "thăng" is rare though its folded "thang" (tháng, thắng...) is everywhere; a
  title holding another spelling ("biến" for "biên") is credited the folded form's IDF;
- two query words titles often write side by side ("nghị quyết", "xuân anh") form a
  phrase: a title holds such a word only beside its partner ("Hội nghị Trung ương 8" does
  not hold the "nghị" of "Nghị quyết Trung ương 4"), and each such pair weighs half its
  own IDF among title pairs ("Trung ương 8" is rarer than "8");
- a number or Roman numeral after a word is part of a name (names.numbered_pairs): the
  two always form a phrase, which weighs its whole IDF among title pairs in place of the
  numeral's own (the "8" of "Trung ương 8" is not a word of its own), so a title
  of another plenum or term ("Hội nghị lần thứ mười ... khoá XII" for "Hội nghị Trung
  ương 8 khóa XII") is not about the query, nor is one writing the word with another
  numeral ("Hội nghị Trung ương 8, khoá XII" for "Nghị quyết Trung ương 4 khóa XII");
- a title holding the role the query opens with after a modifier ("phó chủ tịch" for
  "chủ tịch") is about another role.

A title about the query that holds every content word of it, grammar words headlines
leave out aside ("bị", "được", "của": querywords.HEADLINE_DROPS), outranks a body holding
the whole query (scoring.py): "Cách chức Bí thư Thành uỷ Đà Nẵng Nguyễn Xuân Anh" is the
answer to "nguyen xuan anh bi cach chuc", not a page on another man that says so in passing.

A query that names nothing (a fragment of a sentence, "người dân đề nghị các") gets no
such pages: the words standing together in some body then decide, as before.
"""

from __future__ import annotations

import numpy as np

from .bm25 import idf, idf_of
from .codes import is_initials
from .expansion import TYPO_WEIGHT
from .names import name_pairs, numbered_pairs, reads_as_numeral
from .places import places_in
from .postings import mark, union

ABOUT_SHARE = 0.5   # of the query's informative weight a title must hold
SERIES_OR_PLACE_SHARE = 0.6  # ... when the query names one of a series, or the title a place
PAIR_SHARE = 0.5    # of a phrase pair's own IDF it adds to the weight
BOUND_TITLES = 3    # titles writing two query words side by side: they are one phrase


def about(postings, plan, docnums: np.ndarray) -> np.ndarray:
    """Tell, for each candidate page, whether its title is about what the query names."""
    return aboutness(postings, plan, docnums)[0]


def aboutness(postings, plan, docnums: np.ndarray,
              pasted: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Tell, for each candidate page, whether its title is about what the query names, and
    whether it is and holds every content word too (grammar words headlines drop aside).

    pasted: the query is long pasted text (scoring.long_query), a body's sentence more
    than a subject: a title needs SERIES_OR_PLACE_SHARE of it.
    """
    found = np.zeros(len(docnums), dtype=bool)
    if not len(docnums) or not _pairs(plan):
        return found, found
    pairs, numbered = pair_titles(postings, plan), _numbered(plan)
    in_title, spelt_out = title_words(postings, plan, docnums, pairs, numbered)
    both = {i: in_title[i] & in_title[i + 1] for i in _pairs(plan)}
    # Only a title holding two neighbouring query words can be about the query: the
    # shares of those alone are weighed (each page's share is its own).
    some = np.flatnonzero(np.logical_or.reduce(list(both.values())))
    if not len(some):
        return found, found
    words = tuple({i: mask.take(some) for i, mask in part.items()} for part in (in_title, spelt_out))
    shares = title_share(postings, plan, docnums.take(some), pairs, words, numbered)
    in_places = _place_words(plan)
    for index in _pairs(plan):  # titles are read to tell names only where it matters
        strict = pasted or numbered or {index, index + 1} <= in_places
        share = SERIES_OR_PLACE_SHARE if strict else ABOUT_SHARE
        holders = (shares >= share) & both[index].take(some)
        if holders.any() and _names(postings, plan, index, numbered):
            found[some[holders]] = True
    whole = found.copy()
    for index in range(len(plan.parsed.words)):
        if index not in plan.roles.optional and index not in plan.roles.droppable:
            whole &= in_title[index]
    return found, whole


def title_share(postings, plan, docnums: np.ndarray, pairs: dict | None = None,
                words: tuple[dict, dict] | None = None,
                numbered: set[int] | None = None) -> np.ndarray:
    """Return, for each candidate page, the share of the query's informative weight its
    title holds (words in their phrase, and phrase pairs); pairs, words and numbered,
    when given, are pair_titles', title_words' and _numbered's answers."""
    pairs = pair_titles(postings, plan) if pairs is None else pairs
    held = np.zeros(len(docnums), dtype=np.float32)
    total = 0.0
    numbered = _numbered(plan) if numbered is None else numbered
    in_title, spelt_out = title_words(postings, plan, docnums, pairs, numbered) \
        if words is None else words
    named = {i + 1 for i in numbered}  # their pair weighs for them
    for index, word in enumerate(plan.parsed.words):
        if index in plan.roles.optional or index in named:
            continue
        loose = _folded_weight(postings, plan, index)
        meant = word.normalized if word.accented else plan.restored.get(index)
        if plan.expansions.get(word.folded):  # a typo: the spelling restored is a guess
            meant = None
        exact = idf(postings, "body", meant) if meant and _holds(postings, "body", meant) else 0.0
        total += max(exact, loose)
        credit = np.where(in_title[index], np.float32(loose), np.float32(0.0))
        if exact > loose:
            credit[_among(postings, docnums, postings.term("title", meant)[0])] = exact
            credit[spelt_out[index]] = exact
        held += credit
    for index in _pairs(plan):
        together = pairs[index]
        if _bound(index, together, numbered):
            share = 1.0 if index in numbered else PAIR_SHARE
            weight = share * idf_of(len(together), postings.live_count)
            total += weight
            side_by_side = _among(postings, docnums, together)
            side_by_side |= spelt_out[index] & spelt_out[index + 1]  # within "GTVT"
            # in float64 as `held += weight * side_by_side` was, on the pages holding the pair
            np.add(held, weight, out=held, where=side_by_side, dtype=np.float64)
    share = held / total if total else held
    if plan.roles.role_first and plan.modifiers:
        share[_modified_role(postings, plan, docnums)] = 0.0
    for index in numbered:
        share[_other_numeral(postings, plan, docnums, index) & ~_among(postings, docnums,
                                                                       pairs[index])] = 0.0
    return share


def title_words(postings, plan, docnums: np.ndarray, pairs: dict,
                numbered: set[int] | None = None) -> tuple[dict, dict]:
    """Return, per query word, which candidate pages hold it in their titles, in its phrase,
    and which hold it in another form of a longer stretch ("GTVT" for "giao thông vận tải");
    pairs gives the pages whose titles hold each two neighbouring words side by side
    (numbered, when given, is _numbered's answer)."""
    count = len(plan.parsed.words)
    # Every mask is of the candidates: the words' own masks of every page are gathered
    # once, not copied, and-ed and or-ed at 100 000 pages each.
    held = {i: _title_docs(postings, plan, i).take(docnums) for i in range(count)}
    spelt_out = {i: np.zeros(len(docnums), dtype=bool) for i in range(count)}
    if plan.phrase_docs is not None:
        for stretch in plan.stretches:  # "ủy ban nhân dân" in a title holds "ubnd"
            for form in stretch.forms:
                docs = _among(postings, docnums, plan.phrase_docs(form.words, "title"))
                for index in range(stretch.start, stretch.end):
                    spelt_out[index] |= docs
    partnered = {i: spelt_out[i].copy() for i in range(count)}
    bound = set()
    numbered = _numbered(plan) if numbered is None else numbered
    for i in range(count - 1):
        together = pairs[i]
        if _bound(i, together, numbered):  # a partner in another form counts ("Bộ GTVT")
            bound.update((i, i + 1))
            side_by_side = _among(postings, docnums, together)
            partnered[i] |= side_by_side | spelt_out[i + 1]
            partnered[i + 1] |= side_by_side | spelt_out[i]
    for i in bound:
        held[i] &= partnered[i]
    for i in range(count):
        held[i] |= spelt_out[i]
    return held, spelt_out


def pair_titles(postings, plan) -> dict[int, np.ndarray]:
    """Return, for each two neighbouring query words, the pages whose titles hold them side
    by side."""
    return {i: _pair_docs(postings, plan, i) for i in range(len(plan.parsed.words) - 1)}


def _place_words(plan) -> set[int]:
    """Return the indexes of the query words that name a province or city."""
    return {i for start, end, _ in places_in([w.folded for w in plan.parsed.words])
            for i in range(start, end)}


def _names(postings, plan, index: int, numbered: set[int]) -> bool:
    """Tell whether query words index and index + 1 name someone or something: a numbered
    name, two initials ("UBKT TW", whose titles may spell them out), or titles write
    them capitalised."""
    if index in numbered or (_initials(plan, index) and _initials(plan, index + 1)):
        return True
    return name_pairs(postings, _folded(plan, index))[0]


def _numbered(plan) -> set[int]:
    """Return i for each content word i of the query followed by a numeral that names one
    of its series ("Trung ương 8"; not the amount of "tăng 6,5")."""
    return numbered_pairs(plan.parsed.words) & set(_pairs(plan))


def _bound(index: int, together: np.ndarray, numbered: set[int]) -> bool:
    """Tell whether query words index and index + 1 form a phrase: titles often write
    them side by side, or the second is a numeral naming one of the first's series
    (numbered: _numbered's answer)."""
    return len(together) >= BOUND_TITLES or index in numbered


def _pairs(plan) -> list[int]:
    """Return i for each two neighbouring content words i, i + 1 of the query."""
    optional = plan.roles.optional
    return [i for i in range(len(plan.parsed.words) - 1)
            if i not in optional and i + 1 not in optional]


def _folded(plan, index: int) -> list[str]:
    """Return query words index and index + 1, folded."""
    return [w.folded for w in plan.parsed.words[index:index + 2]]


def _title_docs(postings, plan, index: int) -> np.ndarray:
    """Return which pages hold one of a query word's folded forms in the title (a mask)."""
    hit = np.zeros(postings.size, dtype=bool)
    for form in _forms(plan, index):
        mark(hit, postings.term("title_f", form.words[0])[0])
    return hit


def _pair_docs(postings, plan, index: int) -> np.ndarray:
    """Return the pages whose titles hold query words index and index + 1 side by side.

    Title pairs stop at punctuation, which parts the words of an abbreviation written with
    a dot ("TP. HCM"): for initials, titles holding them in a row count too.
    """
    found = [postings.term("title_p", f"{a.words[0]}_{b.words[0]}")[0]
             for a in _forms(plan, index) for b in _forms(plan, index + 1)]
    if plan.phrase_docs is not None and _initials(plan, index) and _initials(plan, index + 1):
        found.append(plan.phrase_docs(tuple(_folded(plan, index)), "title"))
    if len(found) == 1:
        return found[0]  # a term's pages: sorted and distinct already
    return union(postings.size, found)


def _initials(plan, index: int) -> bool:
    """Tell whether a query word is initials: typed in capitals, or letters without a vowel."""
    word = plan.parsed.words[index]
    return (len(word.typed) > 1 and word.typed.isupper()) or is_initials(word.folded)


def _modified_role(postings, plan, docnums: np.ndarray) -> np.ndarray:
    """Tell which titles write the role the query opens with after a modifier."""
    first = next(i for i in range(len(plan.parsed.words)) if i not in plan.roles.optional)
    word = plan.parsed.words[first].folded
    found = [postings.term("title_p", f"{m}_{word}")[0] for m in plan.modifiers]
    return _among(postings, docnums, np.concatenate(found))


def _other_numeral(postings, plan, docnums: np.ndarray, index: int) -> np.ndarray:
    """Tell which titles write query word index before another numeral than the query's
    ("Hội nghị Trung ương 8" for "Trung ương 4")."""
    asked = plan.parsed.words[index + 1].folded
    found = [postings.term("title_p", text)[0] for form in _forms(plan, index)
             for _, text in postings.expand("title_p", form.words[0] + "_")
             if text.partition("_")[2] != asked and reads_as_numeral(text.partition("_")[2])]
    return _among(postings, docnums, np.concatenate(found)) if found else \
        np.zeros(len(docnums), dtype=bool)


def _folded_weight(postings, plan, index: int) -> float:
    """Return the body IDF of a word's commonest folded form (0 when no page holds one)."""
    values = [idf(postings, "body_f", f.words[0]) for f in _forms(plan, index)
              if _holds(postings, "body_f", f.words[0])]
    return min(values) if values else 0.0


def _among(postings, docnums: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Tell, for each candidate, whether it is one of docs (a mask: no sort of either)."""
    mask = np.zeros(postings.size, dtype=bool)
    mark(mask, docs)
    return mask.take(docnums)


def _holds(postings, field: str, text: str) -> bool:
    """Tell whether some page holds a term in a field."""
    return bool(len(postings.term(field, text)[0]))


def _forms(plan, index: int):
    """Return the forms of a query word that stand for it (not completions of a prefix)."""
    return [f for f in plan.forms(index) if f.weight >= TYPO_WEIGHT]
