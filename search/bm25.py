"""BM25 over the posting arrays: a term's or a phrase's score in a field, titles boosted."""

from __future__ import annotations

import numpy as np

from .expansion import Form
from .postings import Postings, slot_table
from .proximity import phrase_counts

K1 = 1.2
B = 0.75        # body length normalization
TITLE_B = 0.3   # titles that run on into the lead must not lose to short ones
TITLE_BOOST = 3.0
# A long pasted question is a passage of a body: titles share few of its words, and their
# common words misled. On bench/longq.json, Recall@10 / MRR@10: 0.988 / 0.889 at title
# weight 1, 1.000 / 0.948 at 0.5 (rank_bm25 over title and body as one text: 0.994 / 0.931).
LONG_TITLE_BOOST = 0.5


class Totals:
    """Scores summed for the matched pages only: postings of other pages are dropped before
    any arithmetic (a common word holds 90 000 postings where 9 000 pages match)."""

    def __init__(self, size: int, docnums: np.ndarray) -> None:
        self._slot = slot_table(size, docnums)
        self.values = np.zeros(len(docnums), dtype=np.float32)

    def place(self, ids: np.ndarray) -> tuple[np.ndarray | slice, np.ndarray]:
        """Return which of the postings are of matched pages (a slice when all are: a
        one-word query matches every page holding the word), and those pages' places."""
        # take, not fancy indexing: an int32 index is not widened first (100 vs 180 µs
        # for 95 000 postings)
        slots = self._slot.take(ids)
        chosen = np.flatnonzero(slots >= 0)
        if len(chosen) == len(slots):
            return slice(None), slots
        return chosen, slots.take(chosen)

    def add(self, slots: np.ndarray, values: np.ndarray) -> None:
        """Add values to the totals of the pages at slots (distinct places)."""
        # add.at over distinct slots adds what `totals[slots] += values` adds, in a third
        # of its time (numpy 2: no gathered copy of the totals).
        np.add.at(self.values, slots, values)


def add_field_scores(postings, total: Totals, fields, suffix, text, weight,
                     title_boost: float = TITLE_BOOST) -> None:
    """Add a term's BM25 score in each field (title boosted) to the totals."""
    for name in fields:
        slots, values = bm25(postings, name + suffix, text, total)
        values *= weight * (title_boost if name == "title" else 1.0)
        total.add(slots, values)


def add_form_scores(postings, total: Totals, form: Form, stands_for: list[str],
                    title_boost: float = TITLE_BOOST) -> None:
    """Add the BM25 score of another form (a word or a phrase) of the words stands_for.

    The form weighs what the words it stands for weigh together: "HĐND" on a page counts
    as much as "hội đồng nhân dân" would, though it is one word.
    """
    worth = sum(idf(postings, "body_f", word) for word in stands_for)
    for name in ("title_f", "body_f"):
        ids, counts = phrase_counts(postings, name, form.words)
        chosen, slots = total.place(ids)
        if len(slots):
            ids, counts = _chosen(ids, chosen), _chosen(counts, chosen).astype(np.float32)
            norms = _norms_of(postings, name)
            boost = title_boost if name == "title_f" else 1.0
            total.add(slots, form.weight * boost * worth * counts * (K1 + 1)
                      / (counts + norms.take(ids)))


def bm25(postings: Postings, field: str, text: str,
         among: Totals) -> tuple[np.ndarray, np.ndarray]:
    """Return the places among the matched pages of those holding a term, and their BM25
    scores for it."""
    ids, frequencies = postings.term(field, text)
    chosen, slots = among.place(ids)
    if not len(slots):
        return slots, frequencies[:0].astype(np.float32)
    frequencies = _chosen(frequencies, chosen).astype(np.float32)
    norms = _norms_of(postings, field).take(_chosen(ids, chosen))
    # idf × f × (K1 + 1) / (f + norm), in place: the same float32 operations in order
    scores = np.multiply(frequencies, idf_of(len(ids), postings.live_count))
    scores *= K1 + 1
    frequencies += norms
    scores /= frequencies
    return slots, scores


def _chosen(values: np.ndarray, chosen: np.ndarray | slice) -> np.ndarray:
    """Return the values at place's chosen postings."""
    return values if isinstance(chosen, slice) else values.take(chosen)


def _norms_of(postings: Postings, field: str) -> np.ndarray:
    """Return every document's BM25 length normalization in a field, cached."""
    (norms,) = postings.cached(("norms", field), lambda name: (_norms(postings, name),))
    return norms


def _norms(postings: Postings, field: str) -> np.ndarray:
    """Return every document's BM25 length normalization in a field."""
    lengths, average = postings.lengths(field)
    b = TITLE_B if field.startswith("title") else B
    return K1 * (1 - b + b * lengths / average)


def idf(postings: Postings, field: str, text: str) -> float:
    """Return the inverse document frequency of a term among the live documents."""
    return idf_of(len(postings.term(field, text)[0]), postings.live_count)


def idf_of(frequency: int, count: int) -> float:
    """Return the inverse document frequency of a term that frequency of count pages hold."""
    return float(np.log(1 + (count - frequency + 0.5) / (frequency + 0.5)))
