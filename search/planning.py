"""Turn a parsed query into the scorer's plan: completions, spellings, stretches, roles."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .expansion import stretches
from .postings import Postings, union
from .proximity import phrase_counts
from .querytext import ParsedQuery
from .querywords import modifier_words, read_roles, reads_as_pasted
from .repair import phrase_repairs
from .scoring import Plan
from .snippets import Highlighter
from .spelling import Spelling, context_typos, typo_expansions

MIN_PREFIX_LENGTH = 2
MAX_COMPLETIONS = 6


def make_plan(postings: Postings, model, synonyms, parsed: ParsedQuery,
              spelling: Spelling) -> tuple[Plan, dict[str, list[str]], str | None]:
    """Return the literal plan of a query, the typo expansions of its words and the text
    the expansions would search ("Đang hiển thị kết quả cho ...")."""
    completions_found, in_body = completions(postings, parsed, model)
    roles = read_roles(parsed.words, _spelt(parsed, spelling, model))
    roles.pasted = reads_as_pasted(parsed.text, roles, len(parsed.words) - len(roles.optional))
    plan = Plan(parsed, spelling.restored, completions=completions_found,
                completions_in_body=in_body,
                phrase_docs=lambda words, field: phrase_docs(postings, words, field),
                stretches=stretches([w.folded for w in parsed.words], synonyms,
                                    [len(w.typed) > 1 and w.typed.isupper() for w in parsed.words],
                                    lambda word: _known(postings, word)),
                roles=roles, modifiers=modifier_words())
    expansions, corrected = typo_expansions(parsed, model)
    simple = all(len(g) == 1 and not g[0].phrase and not g[0].field for g in parsed.groups)
    repairs = phrase_repairs(postings, [w.folded for w in parsed.words], model) if simple else {}
    # Variants the pages confirm beat those the bigram model guesses from its sample.
    expansions.update(repairs or context_typos(parsed, model))
    return replace(plan, repaired=frozenset(repairs)), expansions, corrected


def _known(postings: Postings, word: str) -> bool:
    """Tell whether some page holds a folded word in its title or body."""
    return any(len(postings.term(field, word)[0]) for field in ("body_f", "title_f"))


def _spelt(parsed: ParsedQuery, spelling: Spelling, model) -> list[str | None]:
    """Return each word as the corpus spells it: restored, else its commonest form."""
    spelt = []
    for i, word in enumerate(parsed.words):
        forms = model.tables.forms(word.folded) if model is not None else []
        spelt.append(spelling.restored.get(i) or (forms[0] if forms else None))
    return spelt


def completions(postings: Postings, parsed: ParsedQuery, model) -> tuple[list[str], bool]:
    """Return the commonest words the last word may be the start of, while typing, and
    whether to look for them in bodies too.

    An accented word is taken as typed. A word the corpus knows ("tra" of "Nha Trang") is
    completed in titles only: completing it in bodies too cost a dozen long posting reads
    per query at 100k articles.
    """
    if not parsed.open_ended or not parsed.words or parsed.words[-1].accented:
        return [], False
    prefix = parsed.words[-1].folded
    in_body = model is None or not model.knows(prefix)
    if len(prefix) < MIN_PREFIX_LENGTH:
        return [], False
    field = "body_f" if in_body else "title_f"
    found = [(count, text) for count, text in postings.expand(field, prefix) if text != prefix]
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    if not found:
        return [], False
    return [text for _, text in found[:MAX_COMPLETIONS]], in_body


def phrase_docs(postings: Postings, words: tuple[str, ...], field: str | None) -> np.ndarray:
    """Return the documents holding words side by side in the title (or in title or body)."""
    fields = ["title_f"] if field == "title" else ["title_f", "body_f"]
    return union(postings.size, [phrase_counts(postings, name, words)[0] for name in fields])


def highlighter_for(parsed: ParsedQuery, plan: Plan, spelling: Spelling | None) -> Highlighter:
    """Return the highlighter marking the query's words in each of their forms.

    Question and intent words are not marked; other forms of a name ("ủy ban nhân dân"
    for "ubnd") are marked as the whole form.
    """
    words = set()
    for index in range(len(parsed.words)):
        if index not in plan.roles.optional or index == plan.roles.year_word:
            words.update(" ".join(form.words) for form in plan.forms(index))
    for stretch in plan.stretches:
        words.update(" ".join(form.words) for form in stretch.forms)
    preferred = {w.normalized for w in parsed.words if w.accented}
    preferred.update(spelling.restored.values() if spelling else ())
    return Highlighter(frozenset(words), preferred=frozenset(preferred))
