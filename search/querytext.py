"""Parse what a user types into clauses: words, "phrases", -exclusions, OR, title:."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .analysis import fold_word, normalize_word, tokenize
from .errors import QuerySyntaxError
from .request import MAX_QUERY_LENGTH

FIELDS = ("title",)
# A quoted part, or a run of non-space characters that may open a quote.
_PART_RE = re.compile(r'(-?)(?:(\w+):)?"([^"]*)"|\S+')


@dataclass(frozen=True)
class Word:
    """One query word in its typed, normalized and folded forms."""

    typed: str
    normalized: str
    folded: str

    @property
    def accented(self) -> bool:
        """Tell whether the user typed this word with diacritics."""
        return self.normalized != self.folded


@dataclass
class Clause:
    """Words that must occur together: one word, or a quoted phrase."""

    words: list[Word]
    phrase: bool = False
    negated: bool = False
    field: str | None = None


@dataclass
class ParsedQuery:
    """A query as groups of alternative clauses; every group must match. The groups are
    not changed once parsed: the words are listed once."""

    text: str
    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    open_ended: bool = False

    @cached_property
    def words(self) -> list[Word]:
        """Return the words that must or may match, in typed order."""
        # Read ~60 times a query (planning, spelling, scoring): listed each time, they cost
        # 0.13 of 14 s over 300 queries at 30k articles.
        return [w for group in self.groups for clause in group for w in clause.words]

    @property
    def is_empty(self) -> bool:
        """Tell whether nothing is left to search for."""
        return not self.groups


def clean_query(text: str, max_length: int) -> str:
    """Return the query NFC-normalized, without control characters, or raise if too long."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = " ".join(text.split())
    if len(text) > max_length:
        raise QuerySyntaxError(
            f"The query is {len(text)} characters long; shorten it to at most {max_length} characters.",
            code="query_too_long", length=len(text), largest=max_length)
    return text


def parse_query(text: str, max_length: int = MAX_QUERY_LENGTH) -> ParsedQuery:
    """Parse a user query; malformed syntax is read as plain words, never raised.

    >>> q = parse_query('van phong -"ha noi" OR title:hue')
    >>> [[c.words[0].folded for c in g] for g in q.groups], q.excluded[0].phrase
    ([['van'], ['phong', 'hue']], True)
    """
    text = clean_query(text, max_length)
    query = ParsedQuery(text=text)
    join_next = False
    last_positive = False
    for match in _PART_RE.finditer(_balance_quotes(text)):
        if match.group(0) == "OR" and query.groups and not join_next:
            join_next = True
            continue
        last_positive = False
        for clause in _clauses(match):
            last_positive = not clause.negated and not clause.phrase
            if clause.negated:
                query.excluded.append(clause)
            elif join_next:
                query.groups[-1].append(clause)
            else:
                query.groups.append([clause])
            join_next = False
    if join_next:  # a trailing OR is the word "or"
        query.groups.append([Clause(_words("OR"))])
    query.open_ended = last_positive and text[-1:].isalnum()
    return query


def _balance_quotes(text: str) -> str:
    """Drop the last quote mark when quotes are unbalanced."""
    if text.count('"') % 2:
        index = text.rindex('"')
        text = text[:index] + " " + text[index + 1:]
    return text


def _clauses(match: re.Match) -> list[Clause]:
    """Turn one matched part of the query into clauses."""
    negated, prefix, quoted = match.group(1), match.group(2), match.group(3)
    if quoted is not None:
        words = _words(quoted)
        field_name = prefix if prefix in FIELDS else None
        if prefix and not field_name:
            words = _words(prefix) + words
        return [Clause(words, phrase=len(words) > 1, negated=bool(negated), field=field_name)] \
            if words else []
    part = match.group(0)
    negated = part.startswith("-") and len(part) > 1
    part = part[1:] if negated else part
    field_name = None
    head, sep, rest = part.partition(":")
    if sep and head in FIELDS:
        field_name, part = head, rest
    words = _words(part)
    if negated:
        return [Clause(words, phrase=len(words) > 1, negated=True, field=field_name)] if words else []
    return [Clause([w], field=field_name) for w in words]


def _words(text: str) -> list[Word]:
    """Split text into query words."""
    words = []
    for _, _, typed in tokenize(text):
        normalized = normalize_word(typed)
        words.append(Word(typed, normalized, fold_word(normalized)))
    return words
