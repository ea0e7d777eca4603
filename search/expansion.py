"""The forms each stretch of a query may take on a page: spellings, numbers, abbreviations.

- a word: as typed (folded), its typo corrections, the completions of a word being typed,
  and the i/y spellings that are one word ("ti" and "tỷ": "tỉ" is indexed as "tỷ");
- a number: "3800" and "3 800" / "3.800" (indexed as the words 3, 800) find each other;
- a name: any form the synonym table gives ("ubnd" and "ủy ban nhân dân");
- a code: its other spellings the corpus holds ("PMU18" and "PMU 18", "GT-VT" and "GTVT").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .analysis import _SPELLING_VARIANTS, fold_word
from .codes import code_spellings, is_initials
from .proximity import Unit

FIRST_YEAR, LAST_YEAR = 1930, 2039
TYPO_WEIGHT = 0.8        # corrections of a misspelt word
PREFIX_WEIGHT = 0.3      # completions of a word still being typed
SYNONYM_WEIGHT = 0.9     # another form of a name
# Folded one-word spellings: "ki" and "ky" (kí, ký), "ti" and "ty" (tỉ, tỷ).
_I_Y = {fold_word(a): fold_word(b) for a, b in _SPELLING_VARIANTS.items()
        if fold_word(a) != fold_word(b)}
I_Y_VARIANTS = {**_I_Y, **{b: a for a, b in _I_Y.items()}}


@dataclass(frozen=True)
class Form:
    """A sequence of folded words a stretch of the query may stand for, and its weight."""

    words: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Stretch:
    """Query words start..end-1 and the other forms they may take (beside each word's own)."""

    start: int
    end: int
    forms: tuple[Form, ...]


def word_forms(folded: str, typos: list[str], completions: list[str]) -> list[Form]:
    """Return the one-word forms of a query word, itself first.

    A fragment without a vowel that the context completes ("tr" of "thanh tr dau khi")
    stands for its completions only, never for the abbreviation "Tr.".

    >>> [f.words for f in word_forms("ti", [], [])]
    [('ti',), ('ty',)]
    >>> [f.words for f in word_forms("tr", ["tra"], [])]
    [('tra',)]
    """
    forms = [] if typos and is_fragment(folded) else [Form((folded,), 1.0)]
    if folded in I_Y_VARIANTS:
        forms.append(Form((I_Y_VARIANTS[folded],), 1.0))
    forms += [Form((t,), TYPO_WEIGHT) for t in typos]
    forms += [Form((c,), PREFIX_WEIGHT) for c in completions]
    return forms


def is_year(folded: str) -> bool:
    """Tell whether a word is a year a query may name (1930 to 2039)."""
    return folded.isdigit() and len(folded) == 4 and FIRST_YEAR <= int(folded) <= LAST_YEAR


def is_fragment(folded: str) -> bool:
    """Tell whether a folded word is letters without a vowel, as initials are: the start
    of a word ("tr")."""
    return is_initials(folded)


def stretches(folded: list[str], synonyms, capitals: list[bool] | None = None,
              known: Callable[[str], bool] | None = None) -> list[Stretch]:
    """Return the stretches of a query (folded words) that other forms may stand for.

    capitals tells which words were typed in capitals: an abbreviation that is also a
    syllable ("TU": Tỉnh ủy, but "tu" is tư, từ, tự...) stands for its names only in capitals.
    known, when given, tells which words the corpus holds: a code then stands for its
    other spellings there ("PMU18" for "PMU 18", "GT VT" for "GTVT" and its names).

    >>> from search.synonyms import built_in
    >>> [(s.start, s.end, [f.words for f in s.forms]) for s in stretches(["3800", "ubnd"], built_in())]
    [(0, 1, [('3', '800')]), (1, 2, [('uy', 'ban', 'nhan', 'dan')])]
    >>> stretches(["tu", "tuong"], built_in()), len(stretches(["tu"], built_in(), [True]))
    ([], 1)
    """
    found = _numbers(folded)
    longest = synonyms.longest if synonyms is not None else 0
    capitals = capitals or [False] * len(folded)
    for start in range(len(folded)):
        for size in range(1, min(longest, len(folded) - start) + 1):
            others = synonyms.forms_of(tuple(folded[start:start + size]))
            if size == 1 and reads_as_syllable(folded[start]) and not capitals[start]:
                continue
            if others:
                found.append(Stretch(start, start + size,
                                     tuple(Form(o, SYNONYM_WEIGHT) for o in others)))
    return _with_codes(found, folded, synonyms, known) if known is not None else found


def _with_codes(found: list[Stretch], folded: list[str], synonyms,
                known: Callable[[str], bool]) -> list[Stretch]:
    """Add the other spellings of the query's codes, and their names, to the stretches."""
    spans = {(s.start, s.end): list(s.forms) for s in found}
    for start, end, words in code_spellings(folded, known):
        names = synonyms.forms_of(words) if synonyms is not None else []
        spans.setdefault((start, end), []).extend(
            [Form(words, 1.0)] + [Form(n, SYNONYM_WEIGHT) for n in names])
    stretched = []
    for (start, end), forms in spans.items():
        unique: dict[tuple[str, ...], Form] = {}
        for form in forms:  # a name's first form keeps its weight
            if form.words != tuple(folded[start:end]):
                unique.setdefault(form.words, form)
        stretched.append(Stretch(start, end, tuple(unique.values())))
    return stretched


def reads_as_syllable(word: str) -> bool:
    """Tell whether a short abbreviation could be read as a Vietnamese syllable ("tu", "hu")."""
    return len(word) <= 3 and word.isalpha() and any(c in "aeiouy" for c in word)


def _numbers(folded: list[str]) -> list[Stretch]:
    """Return the numbers typed with or without thousands separators as their other form."""
    found = []
    for i, word in enumerate(folded):
        if word.isdigit() and 4 <= len(word) <= 12 and not word.startswith("0") \
                and not is_year(word):
            head, groups = len(word) % 3 or 3, []
            groups = [word[:head]] + [word[k:k + 3] for k in range(head, len(word), 3)]
            found.append(Stretch(i, i + 1, (Form(tuple(groups), 1.0),)))
        end = i + 1
        while word.isdigit() and len(word) <= 3 and end < len(folded) and \
                folded[end].isdigit() and len(folded[end]) == 3:
            end += 1
        if end > i + 1:
            found.append(Stretch(i, end, (Form(("".join(folded[i:end]),), 1.0),)))
    return found


def units(folded: list[str], forms_by_word: list[list[Form]],
          found: list[Stretch]) -> tuple[list[Unit], list[Unit]]:
    """Return the proximity units: one per word with all its forms, one per longer stretch."""
    extra: list[list[tuple[str, ...]]] = [[] for _ in folded]
    longer = []
    for stretch in found:
        forms = [f.words for f in stretch.forms]
        if stretch.end - stretch.start == 1:
            extra[stretch.start] += forms
        else:
            longer.append(Unit(stretch.start, stretch.end, tuple(forms)))
    words = [Unit(i, i + 1, tuple(f.words for f in forms) + tuple(extra[i]))
             for i, forms in enumerate(forms_by_word)]
    return words, longer
