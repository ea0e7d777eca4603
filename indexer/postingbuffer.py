"""The array fields' postings of one segment, gathered in memory straight from analysis.

Whoosh's pool handled every posting in Python (a pickle per posting, an external sort,
a block writer) and the arrays were then read back from its blocks. Here a document's
words become term numbers with one dictionary lookup per word (each distinct spelling is
analysed once, by the field's own analyzer), and every few hundred documents numpy turns
the words into postings: term, document, frequency and positions.
"""

from __future__ import annotations

from array import array

import numpy as np

from search.analysis import WORD_RE, VietnameseTokenizer
from search.termarrays import ARRAY_FIELDS, POSITION_FIELDS, FieldArrays

SETTLE_TOKENS = 1 << 20  # words buffered as plain numbers before they become postings


class _Numbers(dict):
    """Each term text -> its number, numbered as first met; words[number] gives the text back."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def __missing__(self, text: str) -> int:
        number = self[text] = len(self.words)
        self.words.append(text)
        return number


class _Forms(dict):
    """Each spelling met in a field's text -> the number of the term it indexes as (-1: none)."""

    def __init__(self, analyzer, numbers: _Numbers) -> None:
        super().__init__()
        self.analyzer, self._numbers = analyzer, numbers

    def __missing__(self, spelling: str) -> int:
        # A word alone tokenizes as it does in its text: WORD_RE matched it whole there.
        terms = [token.text for token in self.analyzer(spelling)]
        if len(terms) > 1:
            raise ValueError(f"{spelling!r} analyses as several terms: {terms}")
        number = self[spelling] = self._numbers[terms[0]] if terms else -1
        return number


class _Field:
    """One field's words not yet settled and its settled postings."""

    def __init__(self, forms: _Forms | None, positions: bool) -> None:
        self.forms, self.with_positions = forms, positions  # forms None: analysed whole
        self.tokens, self.docs, self.counts = array("i"), array("i"), array("i")
        self.chunks: list[tuple[np.ndarray, ...]] = []


class PostingBuffer:
    """The postings of the array fields of the documents of one segment."""

    def __init__(self, schema) -> None:
        self.numbers = _Numbers()  # term numbers, all fields alike
        self.words = self.numbers.words
        self.fields, self._whole = {}, {}
        forms: list[_Forms] = []
        for name in ARRAY_FIELDS:
            analyzer = schema[name].analyzer
            if not isinstance(analyzer, VietnameseTokenizer):  # title pairs: not word by word
                self._whole[name] = analyzer
                self.fields[name] = _Field(None, name in POSITION_FIELDS)
                continue
            # title and body analyse alike: one table of spellings serves both
            # (Whoosh's Tokenizer.__eq__ compares classes only)
            same = [f for f in forms if type(f.analyzer) is type(analyzer)
                    and vars(f.analyzer) == vars(analyzer)]
            if not same:
                forms.append(_Forms(analyzer, self.numbers))
            self.fields[name] = _Field((same or forms[-1:])[0], name in POSITION_FIELDS)
        self._settled = 0  # bytes of the postings
        self._pending = 0  # words not yet settled
        self._last: tuple[str | None, list[str]] = (None, [])  # title and title_f read one text

    @property
    def nbytes(self) -> int:
        """Return about how much memory the buffered postings and words take."""
        return self._settled + 4 * self._pending

    def add(self, docnum: int, name: str, text: str) -> int:
        """Buffer the words of a document's field; return how many it indexes (its length)."""
        field = self.fields[name]
        if field.forms is None:
            numbers = [self.numbers[token.text] for token in self._whole[name](text)]
        else:
            if text is not self._last[0]:
                self._last = (text, WORD_RE.findall(text))
            numbers = list(map(field.forms.__getitem__, self._last[1]))
        field.tokens.extend(numbers)
        field.docs.append(docnum)
        field.counts.append(len(numbers))
        self._pending += len(numbers)
        if self._pending > SETTLE_TOKENS:
            self.settle()
        return len(numbers) - numbers.count(-1)

    def add_arrays(self, name: str, arrays: FieldArrays, renumber: np.ndarray) -> None:
        """Add a field's postings from another segment, documents renumbered (-1: deleted)."""
        self.settle()
        numbers = np.fromiter(map(self.numbers.__getitem__, arrays.terms), dtype=np.int32,
                              count=len(arrays.terms))
        terms = np.repeat(numbers, np.diff(arrays.starts))
        docs = renumber[arrays.ids]
        kept = docs >= 0
        positions = None
        if arrays.positions is not None:
            positions = arrays.positions[np.repeat(kept, arrays.frequencies)]
        self._keep(name, (terms[kept], docs[kept].astype(np.int32),
                          arrays.frequencies[kept].astype(np.int32), positions))

    def settle(self) -> None:
        """Turn the buffered words of every field into postings."""
        for name, field in self.fields.items():
            if field.counts:
                self._keep(name, _postings(field))
                field.tokens, field.docs, field.counts = array("i"), array("i"), array("i")
        self._pending = 0

    def field_arrays(self, name: str) -> FieldArrays:
        """Return a field's postings sorted by term, then document (consumes them)."""
        self.settle()
        field = self.fields[name]
        # each part concatenated then its chunks let go: the field is never held twice over
        columns = [list(part) for part in zip(*field.chunks)] or [[np.zeros(0, np.int32)]] * 3
        field.chunks = []
        terms, docs, frequencies = (_concatenated(columns, i) for i in range(3))
        positions = _concatenated(columns, 3) if field.with_positions else None
        present = np.unique(terms)
        strings = [self.words[i] for i in present.tolist()]
        by_text = sorted(range(len(strings)), key=strings.__getitem__)
        rank = np.zeros(len(self.words), dtype=np.int32)
        rank[present[by_text]] = np.arange(len(by_text), dtype=np.int32)
        keys = rank[terms]
        del terms, rank
        # docs ascend within each chunk, and chunk after chunk: a stable sort keeps them so
        order = np.argsort(keys, kind="stable")
        starts = np.concatenate([[0], np.cumsum(np.bincount(keys, minlength=len(by_text)))])
        del keys
        if positions is not None:
            # where each posting's positions start, minus where they go: int32 halves the
            # largest temporary arrays (a segment holds far fewer than 2**31 positions)
            firsts = (np.cumsum(frequencies, dtype=np.int64) - frequencies)[order]
            counts = frequencies[order]
            firsts -= np.cumsum(counts, dtype=np.int64) - counts
            gather = np.repeat(firsts.astype(np.int32), counts)
            del firsts
            gather += np.arange(len(gather), dtype=np.int32)
            positions = positions[gather]
        return FieldArrays([strings[i] for i in by_text], starts.astype(np.int64), docs[order],
                           frequencies[order], positions)

    def _keep(self, name: str, chunk: tuple) -> None:
        """Hold a chunk of postings and count its bytes."""
        self.fields[name].chunks.append(chunk)
        self._settled += sum(part.nbytes for part in chunk if part is not None)


def _concatenated(columns: list, index: int) -> np.ndarray:
    """Concatenate one part of every chunk and drop the parts (positions: uint32 if none)."""
    if index >= len(columns) or columns[index][0] is None:
        return np.zeros(0, np.uint32)
    joined = np.concatenate(columns[index])
    columns[index] = None
    return joined


def _postings(field: _Field) -> tuple[np.ndarray, ...]:
    """Return (terms, documents, frequencies, positions) of a field's buffered words."""
    tokens = np.frombuffer(field.tokens, dtype=np.int32)
    counts = np.frombuffer(field.counts, dtype=np.int32)
    docs = np.repeat(np.frombuffer(field.docs, dtype=np.int32), counts)
    positions = np.arange(len(tokens), dtype=np.int64) - np.repeat(
        np.cumsum(counts, dtype=np.int64) - counts, counts)
    kept = tokens >= 0
    tokens, docs, positions = tokens[kept], docs[kept], positions[kept]
    order = np.argsort(tokens, kind="stable")  # by term; documents and positions stay in order
    tokens, docs = tokens[order], docs[order]
    new = np.ones(len(tokens), dtype=bool)
    new[1:] = (tokens[1:] != tokens[:-1]) | (docs[1:] != docs[:-1])
    firsts = np.flatnonzero(new)
    frequencies = np.diff(np.append(firsts, len(tokens))).astype(np.int32)
    return (tokens[firsts], docs[firsts], frequencies,
            positions[order].astype(np.uint32) if field.with_positions else None)
