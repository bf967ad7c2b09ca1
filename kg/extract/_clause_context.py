"""Sentence-wide context of the Open IE layer: who says so, and under what condition.

Attribution and conditions scope over whole subtrees ("X said that [...]",
"according to X, [...]", "if [...]"), so they are worked out once per
sentence and looked up per predicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract._clause_phrase import join, phrase_tokens, pobj_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Verbs whose clausal complement is a claim of their subject.
SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "claim",
        "report",
        "announce",
        "state",
        "add",
        "insist",
        "argue",
        "believe",
        "think",
        "suggest",
        "warn",
        "deny",
        "allege",
        "note",
        "explain",
        "write",
        "acknowledge",
        "admit",
        "assert",
        "maintain",
        "reveal",
        "confirm",
        "predict",
        "declare",
        "testify",
        "contend",
        "mention",
        "hint",
        "speculate",
        "assume",
        "suspect",
        "fear",
        "hope",
        "expect",
        "estimate",
    }
)

#: Adverbs that attribute a statement to unnamed others.
HEARSAY_ADVERBS = frozenset(
    {"reportedly", "allegedly", "supposedly", "purportedly", "apparently", "ostensibly"}
)

#: Clauses that describe a noun rather than assert along with their verb.
_DESCRIPTIVE_DEPS = frozenset({"relcl", "acl", "appos"})

#: Subordinators of a condition.
CONDITION_MARKS = frozenset({"if", "unless"})


@dataclass(slots=True)
class SentenceContext:
    """Attribution and condition per token index of one sentence."""

    attribution: dict[int, str] = field(default_factory=dict)
    condition: set[int] = field(default_factory=set)


def sentence_context(sent: Span) -> SentenceContext:
    """Work out attribution and conditional scope for every token of ``sent``.

    Shallower sources are applied first, so the innermost speaker wins in
    "A said that B claimed that ...".
    """
    ctx = SentenceContext()
    sources: list[tuple[int, list[Token], str]] = []
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_ in SPEECH_LEMMAS:
            speaker = _speaker(tok)
            if speaker is None:
                continue
            for child in tok.children:
                # "X said (that) [...]"
                if child.dep_ == "ccomp":
                    sources.append((tree_depth(tok), list(child.subtree), speaker))
            # "[...], X said" (the speech verb hangs off the main clause)
            if tok.dep_ in ("parataxis", "advcl") and tok.i > tok.head.i:
                inner = [t for t in tok.head.subtree if t.i not in {s.i for s in tok.subtree}]
                sources.append((tree_depth(tok), inner, speaker))
        elif tok.lower_ == "according" and tok.dep_ == "prep":
            # "according to X, [...]"
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            obj = pobj_of(to) if to is not None else None
            if obj is not None:
                sources.append((tree_depth(tok), _clause_scope(tok.head), join(phrase_tokens(obj))))
        elif tok.lower_ in HEARSAY_ADVERBS and tok.dep_ == "advmod":
            sources.append((tree_depth(tok), _clause_scope(tok.head), tok.lower_))
        elif tok.lower_ in CONDITION_MARKS and tok.dep_ == "mark":
            clause = tok.head
            ctx.condition.update(t.i for t in clause.subtree)
            if clause.dep_ == "advcl":
                ctx.condition.update(_scope(clause.head))
    sources.sort(key=lambda s: s[0])
    for _, toks, who in sources:
        for t in toks:
            ctx.attribution[t.i] = who
    return ctx


def _speaker(verb: Token) -> str | None:
    """The subject of a speech verb; None for "it is said that" (no speaker)."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                child = verb.head  # "Maria, who said that ..."
            return join(phrase_tokens(child, drop_deps={"relcl", "appos"}))
    return None


def _clause_scope(verb: Token) -> list[Token]:
    """``verb``'s subtree less the relative clauses and appositions inside it."""
    out: list[Token] = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in _DESCRIPTIVE_DEPS)
    return out


def _scope(verb: Token) -> list[int]:
    """``verb`` and the verbs sharing its clause (xcomp chains, conjuncts)."""
    out = [verb.i]
    stack = [c for c in verb.children if c.dep_ in ("xcomp", "conj")]
    while stack:
        tok = stack.pop()
        out.append(tok.i)
        stack.extend(c for c in tok.children if c.dep_ in ("xcomp", "conj"))
    return out


def tree_depth(tok: Token) -> int:
    """How many heads lie between a token and its sentence root."""
    depth = 0
    while tok.head.i != tok.i:
        tok = tok.head
        depth += 1
    return depth
