"""Verbal clauses of the Open IE layer: subject, relation as written, arguments.

:func:`verb_clauses` turns one clause-heading verb into :class:`Clause`
records, one per combination of coordinated subjects and objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING

from kg.extract._clause_args import clause_arguments
from kg.extract._clause_context import HEARSAY_ADVERBS
from kg.extract._clause_phrase import argument, is_pronoun, join
from kg.extract._clause_subject import clause_subject, head_of, relative_noun
from kg.extract._deps import (
    ADVERB_TAGS,
    AUX_DEPS,
    AUX_OR_NEG_DEPS,
    COORD_MARK_DEPS,
    DIRECT_OBJ_DEPS,
    NONFINITE_TAGS,
    PASSIVE_SUBJ_DEPS,
    VERB_GROUP_DEPS,
    VERB_POS,
)
from kg.extract.lexicon import ASPECTUAL_LEMMAS, HEDGE_ADJECTIVES, verb_lemma
from kg.model import Argument, Polarity

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Modal verbs that hedge a statement, normalised ("ca" of "can't" → "can").
MODALS = {
    "may": "may",
    "might": "might",
    "could": "could",
    "would": "would",
    "'d": "would",
    "should": "should",
    "must": "must",
    "can": "can",
    "ca": "can",
    "ought": "ought",
}


@dataclass(frozen=True, slots=True)
class Clause:
    """One statement of a verbal clause, before confidence and context are added.

    ``chain`` holds the verbs of the relation from the outermost governor to
    the predicate ("refused", "accept").
    """

    arg1: Argument
    relation: str
    args: tuple[Argument, ...]
    predicate: int
    rel_tokens: tuple[int, ...]
    kind: str
    polarity: Polarity
    modality: str | None
    chain: tuple[int, ...]
    subject_pronoun: bool = False
    split: bool = False
    inherited_subject: bool = False


def verb_clauses(verb: Token) -> list[Clause]:
    """The statements headed by ``verb``, one per subject × object conjunct.

    A verb that governs a verbal ``xcomp`` and has no object of its own
    ("refused to accept") yields nothing: the complement carries the
    statement, with the governor in its relation and modality.
    """
    if verb.pos_ not in VERB_POS or _controls_xcomp(verb) or _frames_infinitive(verb):
        return []
    chain = _xcomp_chain(verb)
    top = chain[0]
    rel_noun = relative_noun(top)
    subject = clause_subject(top, verb, chain, rel_noun)
    if subject is None:
        return []
    words = _adjective_frame(top) + _relation_words(chain, subject.token)
    consumed = {subject.token.i}
    args = clause_arguments(verb, rel_noun, consumed, copula=_is_copula(verb, words))
    rel_toks = sorted(words, key=lambda t: t.i)
    # the preposition goes last even when it comes first ("in which he lived")
    rel_toks += sorted((t for t in args.rel_extra if t not in words), key=lambda t: t.i)
    relation = join(rel_toks)
    kind = _kind(verb, top, words, rel_noun)
    polarity = _polarity(verb, rel_toks)
    modality = _modality(chain, words, verb)
    arg1_role = "subject"
    out: list[Clause] = []
    arg2_options: list[tuple[Token, list[Token], str] | None] = list(args.arg2) or [None]
    split = len(subject.alternatives) > 1 or len(arg2_options) > 1
    for subj_toks, arg2 in product(subject.alternatives, arg2_options):
        subj_head = subject.token if len(subject.alternatives) == 1 else head_of(subj_toks)
        arg1 = argument(subj_toks, subj_head, arg1_role)
        rest = list(args.extras)
        if arg2 is not None:
            rest.insert(0, argument(arg2[1], arg2[0], arg2[2]))
        out.append(
            Clause(
                arg1=arg1,
                relation=relation,
                args=tuple(rest),
                predicate=args.predicate.i,
                rel_tokens=tuple(t.i for t in rel_toks),
                kind=kind,
                polarity=polarity,
                modality=modality,
                chain=tuple(t.i for t in chain),
                subject_pronoun=is_pronoun(subj_toks),
                split=split,
                inherited_subject=subject.inherited,
            )
        )
    return out


def _controls_xcomp(verb: Token) -> bool:
    """True when ``verb`` hands its statement to a verbal complement ("wants to buy")."""
    has_xcomp = any(c.dep_ == "xcomp" and c.pos_ in VERB_POS for c in verb.children)
    if verb.lemma_ == "be" and any(c.dep_ == "attr" for c in verb.children):
        return False  # "it was the first company to issue stock": the copula states the claim
    return has_xcomp and not any(c.dep_ in DIRECT_OBJ_DEPS for c in verb.children)


def _hedge_adjective(verb: Token) -> Token | None:
    """The adjective of "is likely to close", "was unable to pay" (``HEDGE_ADJECTIVES``)."""
    for c in verb.children:
        if c.dep_ == "acomp" and c.lower_ in HEDGE_ADJECTIVES and _has_verbal_xcomp(c):
            return c
    return None


def _has_verbal_xcomp(tok: Token) -> bool:
    return any(x.dep_ == "xcomp" and x.pos_ in VERB_POS for x in tok.children)


def _frames_infinitive(verb: Token) -> bool:
    """True for the copula of "is likely to close": the infinitive carries the statement."""
    return verb.lemma_ == "be" and _hedge_adjective(verb) is not None


def _adjective_frame(top: Token) -> list[Token]:
    """The copula and adjective before an infinitive ("is not likely to"), or nothing."""
    adj = top.head
    if not (top.dep_ == "xcomp" and adj.dep_ == "acomp" and adj.lower_ in HEDGE_ADJECTIVES):
        return []
    copula = adj.head
    if copula.pos_ not in VERB_POS or copula.i == adj.i:
        return []
    return [copula, *(c for c in copula.children if c.dep_ in VERB_GROUP_DEPS), adj]


def _xcomp_chain(verb: Token) -> list[Token]:
    chain = [verb]
    while (
        chain[0].dep_ == "xcomp"
        and chain[0].head.pos_ in VERB_POS
        and _controls_xcomp(chain[0].head)
    ):
        chain.insert(0, chain[0].head)
    return chain


def _relation_words(chain: list[Token], subject: Token) -> list[Token]:
    words: list[Token] = []
    for v in chain:
        words.append(v)
        for c in v.children:
            if c.dep_ in VERB_GROUP_DEPS:
                words.extend(c.subtree if c.dep_ == "neg" else [c])
            elif _is_preverbal_adverb(c, v, subject):
                words.extend(c.subtree)
    # "could buy and sell": the conjunct shares the auxiliaries of the first verb
    first = chain[0]
    head = first.head
    if (
        first.dep_ == "conj"
        and head.pos_ in VERB_POS
        and first.tag_ == head.tag_
        and first.tag_ in NONFINITE_TAGS
        and not any(c.dep_ in AUX_DEPS for c in first.children)
    ):
        words.extend(c for c in head.children if c.dep_ in AUX_OR_NEG_DEPS)
    return words


def _is_preverbal_adverb(c: Token, v: Token, subject: Token) -> bool:
    """An adverb between subject and verb ("strictly maintain", "no longer sell")."""
    return (
        c.dep_ == "advmod"
        and c.tag_ in ADVERB_TAGS
        and subject.i < c.i < v.i
        and v.i - c.i <= 2
        and c.lower_ not in HEARSAY_ADVERBS
        and sum(1 for _ in c.subtree) <= 2
    )


def _is_copula(verb: Token, words: list[Token]) -> bool:
    return verb.lemma_ == "be" and not any(w.dep_ == "auxpass" for w in words)


def _kind(verb: Token, top: Token, words: list[Token], rel_noun: Token | None) -> str:
    if any(w.dep_ == "auxpass" for w in words) or any(
        c.dep_ in PASSIVE_SUBJ_DEPS for c in verb.children
    ):
        return "passive"
    if _is_copula(verb, words):
        return "copula"
    if rel_noun is not None:
        return "participle" if _root_of_modifier(top).dep_ == "acl" else "relative"
    return "verb"


def _root_of_modifier(top: Token) -> Token:
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    return top


def _polarity(verb: Token, rel_toks: list[Token]) -> Polarity:
    if any(t.dep_ == "neg" for t in rel_toks):
        return "negative"
    # "neither ... nor"
    marks = [c.lower_ for c in verb.children if c.dep_ in COORD_MARK_DEPS]
    if verb.dep_ == "conj":
        marks += [c.lower_ for c in verb.head.children if c.dep_ == "preconj"]
    return "negative" if "neither" in marks or "nor" in marks else "positive"


def _modality(chain: list[Token], words: list[Token], verb: Token) -> str | None:
    # "refused to accept" → "refuse"; "asked him to leave" → "ask"
    governor = chain[-2] if len(chain) > 1 else None
    if governor is None and verb.dep_ == "xcomp" and verb.head.pos_ in VERB_POS:
        governor = verb.head
    if governor is not None and governor.lemma_ not in ASPECTUAL_LEMMAS:
        return verb_lemma(governor)
    for w in words:
        if w.tag_ == "MD" and w.lower_ in MODALS:
            return MODALS[w.lower_]
    return None
