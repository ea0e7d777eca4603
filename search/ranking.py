"""Turn a parsed query into a ranked Whoosh query."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from .querytext import Clause, ParsedQuery, Word

TITLE_BOOST = 3.0
TYPED_ACCENT_BOOST = 2.0     # the user typed these accents: respect them
RESTORED_ACCENT_BOOST = 1.0  # the accents the model restored for an unaccented word
PAIR_BOOST = 1.5             # adjacent words in order
PREFIX_BOOST = 0.3
MAX_PREFIX_TERMS = 8
MIN_PREFIX_LENGTH = 2



class UnionOr(wq.Or):
    """An OR that always unions matchers as it goes.

    Whoosh picks a preloading array matcher for OR of 3+ clauses on indexes under 5000
    documents; inside AndMaybe it loses matches when skipped, so equal pages scored
    differently depending on the page size asked for.
    """

    matcher_type = wq.Or.DEFAULT_MATCHER


# How many of the query's groups a page must match.
ALL, MOST, ANY = "all", "most", "any"


@dataclass
class BuiltQuery:
    """The Whoosh queries for one search: what must match, what must not, how to rank."""

    required: wq.Query
    excluded: wq.Query | None
    ranked: wq.Query


def build_query(parsed: ParsedQuery, reader, restored: dict[int, str] | None = None,
                mode: str = ALL, expansions: dict[str, list[str]] | None = None) -> BuiltQuery:
    """Return the required word matches, the exclusions and the ranked query.

    restored maps a word's position to its accented form; expansions maps a folded
    word to folded alternatives (typo retry).
    """
    groups = [_group_query(group, reader, parsed, expansions or {}) for group in parsed.groups]
    required = _combine(groups, mode)
    boosts = _accent_boosts(parsed.words, restored or {}) + _pair_boosts(parsed)
    ranked = wq.AndMaybe(required, UnionOr(boosts)) if boosts else required
    excluded = None
    if parsed.excluded:
        excluded = UnionOr([_clause_query(c, reader, False, {}) for c in parsed.excluded])
        ranked = wq.AndNot(ranked, excluded)
    return BuiltQuery(required, excluded, ranked)


def _combine(groups: list[wq.Query], mode: str) -> wq.Query:
    """Join group queries so all, all but one, or any of them must match."""
    if len(groups) == 1:
        return groups[0]
    if mode == ALL:
        return wq.And(groups)
    return UnionOr(groups, minmatch=len(groups) - 1 if mode == MOST else 0)


def _group_query(group: list[Clause], reader, parsed: ParsedQuery,
                 expansions: dict[str, list[str]]) -> wq.Query:
    """Return a query matching any clause of an OR group."""
    last = parsed.groups[-1][-1]
    queries = [_clause_query(c, reader, parsed.open_ended and c is last, expansions) for c in group]
    return queries[0] if len(queries) == 1 else UnionOr(queries)


def _clause_query(clause: Clause, reader, open_ended: bool,
                  expansions: dict[str, list[str]]) -> wq.Query:
    """Return the required match of one word or phrase in the folded fields."""
    fields = ["title"] if clause.field == "title" else ["title", "body"]
    if clause.phrase:
        folded = [w.folded for w in clause.words]
        return _either(fields, lambda f: wq.Phrase(f + "_f", folded))
    word = clause.words[0]
    if clause.negated and word.accented:
        # "-đường" excludes that spelling only, not "Dương".
        return _either(fields, lambda f: wq.Term(f, word.normalized))
    folded = word.folded
    variants = [folded] + expansions.get(folded, [])
    query = _either(fields, lambda f: _any_term(f + "_f", variants))
    if open_ended and len(folded) >= MIN_PREFIX_LENGTH and reader is not None:
        completions = _expand_prefix(reader, "body_f", folded)
        if completions:
            prefixed = _either(fields, lambda f: _any_term(f + "_f", completions))
            query = UnionOr([query, UnionOr([prefixed], boost=PREFIX_BOOST)])
    return query


def _either(fields: list[str], make) -> wq.Query:
    """Return make(field) for each field, the title one boosted, joined by OR."""
    queries = []
    for name in fields:
        query = make(name)
        if name == "title":
            query = UnionOr([query], boost=TITLE_BOOST)
        queries.append(query)
    return queries[0] if len(queries) == 1 else UnionOr(queries)


def _any_term(field: str, texts: list[str]) -> wq.Query:
    """Return a term query, or an OR of terms when there are several texts."""
    terms = [wq.Term(field, t) for t in texts]
    return terms[0] if len(terms) == 1 else UnionOr(terms)


def _expand_prefix(reader, field: str, prefix: str) -> list[str]:
    """Return the most frequent longer words that start with prefix."""
    found = []
    for raw in reader.expand_prefix(field, prefix):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if text != prefix:
            found.append((reader.doc_frequency(field, text), text))
        if len(found) >= 2000:
            break
    found.sort(reverse=True)
    return [text for _, text in found[:MAX_PREFIX_TERMS]]


def _accent_boosts(words: list[Word], restored: dict[int, str]) -> list[wq.Query]:
    """Reward pages that spell words with the accents typed or restored."""
    boosts = []
    for position, word in enumerate(words):
        if word.accented:
            accented, boost = word.normalized, TYPED_ACCENT_BOOST
        elif position in restored:
            accented, boost = restored[position], RESTORED_ACCENT_BOOST
        else:
            continue
        boosts.append(wq.Term("title", accented, boost=boost * TITLE_BOOST))
        boosts.append(wq.Term("body", accented, boost=boost))
    return boosts


def _pair_boosts(parsed: ParsedQuery) -> list[wq.Query]:
    """Reward pages where consecutive query words stand together in order."""
    boosts = []
    words = parsed.words
    for pair, (first, second) in zip(_pairs(words), zip(words, words[1:])):
        boosts.append(wq.Term("title_p", pair, boost=PAIR_BOOST * TITLE_BOOST))
        boosts.append(wq.Phrase("body_f", [first.folded, second.folded], boost=PAIR_BOOST))
    return boosts


def _pairs(words: list[Word]) -> list[str]:
    """Return the folded pairs of consecutive words."""
    return [a.folded + "_" + b.folded for a, b in zip(words, words[1:])]
