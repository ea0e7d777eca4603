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

from search.analysis import WORD_RE, SyllablePairTokenizer, VietnameseTokenizer, folded_analyzer
from search.termarrays import ARRAY_FIELDS, POSITION_FIELDS, FieldArrays

from .wordsplit import words

SETTLE_TOKENS = 1 << 20  # words buffered as plain numbers before they become postings
ORDER_PIECE = 1 << 20  # indices numbered at a time by stable_order


class _Numbers(dict):
    """Each term text -> its number, numbered as first met; words[number] gives the text back."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def __missing__(self, text: str) -> int:
        number = self[text] = len(self.words)
        self.words.append(text)
        return number


class _Spellings(dict):
    """Each spelling met in the texts -> its number; terms[k][number] is the term number it
    indexes as by the k-th analyzer (-1: none), so one dictionary lookup a word serves every
    field that analyses the text word by word (body and body_f)."""

    def __init__(self, numbers: _Numbers) -> None:
        super().__init__()
        self._numbers = numbers
        self.analyzers: list = []
        self.terms: list[np.ndarray] = []

    def kind(self, analyzer) -> int:
        """Return the index of an analyzer's terms, the same for analyzers that analyse alike."""
        for kind, known in enumerate(self.analyzers):
            # Whoosh's Tokenizer.__eq__ compares classes only
            if type(known) is type(analyzer) and vars(known) == vars(analyzer):
                return kind
        self.analyzers.append(analyzer)
        self.terms.append(np.full(max(len(self), 1024), -1, dtype=np.int32))
        for spelling, number in self.items():
            self.terms[-1][number] = self._term(analyzer, spelling)
        return len(self.analyzers) - 1

    def __missing__(self, spelling: str) -> int:
        found = [self._term(analyzer, spelling) for analyzer in self.analyzers]
        number = self[spelling] = len(self)
        if number == len(self.terms[0]):
            self.terms = [np.concatenate([terms, np.full_like(terms, -1)]) for terms in self.terms]
        for terms, term in zip(self.terms, found):
            terms[number] = term
        return number

    def _term(self, analyzer, spelling: str) -> int:
        """Return the number of the term an analyzer gives a word (-1: none)."""
        # A word alone tokenizes as it does in its text: WORD_RE matched it whole there, so
        # it is analysed as one word, untokenized (9 against 14 µs a spelling, two analyzers).
        terms = [token.text for token in analyzer(spelling, tokenize=False)]
        if len(terms) > 1:
            raise ValueError(f"{spelling!r} analyses as several terms: {terms}")
        return self._numbers[terms[0]] if terms else -1


class _Field:
    """One field's words not yet settled and its settled postings."""

    def __init__(self, kind: int | None, positions: bool, pairs: bool = False) -> None:
        self.kind, self.with_positions = kind, positions  # kind None: analysed whole
        self.pairs = pairs  # pairs of the words of kind (SyllablePairTokenizer)
        self.tokens: list[np.ndarray] = []
        self.docs, self.counts = array("i"), array("i")
        self.chunks: list[tuple[np.ndarray, ...]] = []


class PostingBuffer:
    """The postings of the array fields of the documents of one segment."""

    def __init__(self, schema) -> None:
        self.numbers = _Numbers()  # term numbers, all fields alike
        self.words = self.numbers.words
        self.fields, self._whole = {}, {}
        self.spellings = _Spellings(self.numbers)
        for name in ARRAY_FIELDS:
            analyzer, positions = schema[name].analyzer, name in POSITION_FIELDS
            if isinstance(analyzer, VietnameseTokenizer):
                self.fields[name] = _Field(self.spellings.kind(analyzer), positions)
            elif isinstance(analyzer, SyllablePairTokenizer):  # title pairs: of folded words
                self.fields[name] = _Field(self.spellings.kind(folded_analyzer()), positions, True)
            else:
                self._whole[name] = analyzer
                self.fields[name] = _Field(None, positions)
        self._settled = 0  # bytes of the postings
        self._pending = 0  # words not yet settled
        self._last: tuple[str | None, np.ndarray] = (None, np.zeros(0))  # title, title_f: one text

    @property
    def nbytes(self) -> int:
        """Return about how much memory the buffered postings and words take."""
        return self._settled + 4 * self._pending

    def add(self, docnum: int, name: str, text: str) -> int:
        """Buffer the words of a document's field; return how many it indexes (its length)."""
        field = self.fields[name]
        if field.kind is None:
            numbers = np.array([self.numbers[token.text] for token in self._whole[name](text)],
                               dtype=np.int32)
        else:
            spelled = self._spelled(text)  # first: new spellings may grow the terms' arrays
            numbers = self.spellings.terms[field.kind][spelled]
            if field.pairs:
                numbers = self._pairs(text, numbers)
        field.tokens.append(numbers)
        field.docs.append(docnum)
        field.counts.append(len(numbers))
        self._pending += len(numbers)
        if self._pending > SETTLE_TOKENS:
            self.settle()
        return len(numbers) - int(np.count_nonzero(numbers < 0))

    def _spelled(self, text: str) -> np.ndarray:
        """Return the spelling numbers of a text's words (the last text's are kept)."""
        if text is not self._last[0]:
            found = words(text)
            self._last = (text, np.fromiter(map(self.spellings.__getitem__, found),
                                            dtype=np.int64, count=len(found)))
        return self._last[1]

    def _pairs(self, text: str, terms: np.ndarray) -> np.ndarray:
        """Return the numbers of the pairs "a_b" of a text's adjacent terms (of its words)
        that only whitespace separates, as SyllablePairTokenizer pairs them."""
        matches = list(WORD_RE.finditer(text))
        texts = [self.words[term] for term in terms.tolist()]
        return np.array([self.numbers[texts[i] + "_" + texts[i + 1]]
                         for i in range(len(matches) - 1)
                         if text[matches[i].end():matches[i + 1].start()].isspace()],
                        dtype=np.int32)

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
                field.tokens, field.docs, field.counts = [], array("i"), array("i")
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
        postings = np.bincount(terms, minlength=len(self.words))  # np.unique took 4x as long
        present = np.flatnonzero(postings)
        strings = [self.words[i] for i in present.tolist()]
        by_text = sorted(range(len(strings)), key=strings.__getitem__)
        rank = np.zeros(len(self.words), dtype=np.int32)
        rank[present[by_text]] = np.arange(len(by_text), dtype=np.int32)
        keys = rank[terms]
        del terms, rank
        # docs ascend within each chunk, and chunk after chunk: a stable sort keeps them so
        order = stable_order(keys)
        starts = np.concatenate([[0], np.cumsum(postings[present[by_text]])])
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
    tokens = np.concatenate(field.tokens)
    counts = np.frombuffer(field.counts, dtype=np.int32)
    docs = np.repeat(np.frombuffer(field.docs, dtype=np.int32), counts)
    kept = tokens >= 0
    tokens, docs = tokens[kept], docs[kept]
    order = stable_order(tokens)  # by term; documents and positions stay in order
    tokens, docs = tokens[order], docs[order]
    new = np.ones(len(tokens), dtype=bool)
    new[1:] = (tokens[1:] != tokens[:-1]) | (docs[1:] != docs[:-1])
    firsts = np.flatnonzero(new)
    frequencies = np.diff(np.append(firsts, len(tokens))).astype(np.int32)
    return tokens[firsts], docs[firsts], frequencies, _positions(field, counts, kept, order)


def _positions(field: _Field, counts: np.ndarray, kept: np.ndarray,
               order: np.ndarray) -> np.ndarray | None:
    """Return each kept word's position in its text, in the order given (None: a field
    without positions, which then costs nothing: body is most of the words)."""
    if not field.with_positions:
        return None
    # uint32: a settle holds about SETTLE_TOKENS words, far fewer than 2**32
    positions = np.arange(len(kept), dtype=np.uint32)
    positions -= np.repeat((np.cumsum(counts, dtype=np.int64) - counts).astype(np.uint32), counts)
    return positions[kept][order]


def stable_order(keys: np.ndarray) -> np.ndarray:
    """Return np.argsort(keys, kind="stable") of keys in [0, 2**31), fewer than 2**32.

    Sorting the values key << 32 | index (numpy sorts int64 values with SIMD) takes 10 ms
    for 600 000 keys where a stable argsort (timsort of indices) takes 34.
    """
    order = keys.astype(np.int64)
    order <<= 32
    for start in range(0, len(order), ORDER_PIECE):  # a piece at a time: no second copy
        order[start:start + ORDER_PIECE] |= np.arange(start, min(start + ORDER_PIECE, len(order)))
    order.sort()
    order &= 0xFFFFFFFF
    return order
