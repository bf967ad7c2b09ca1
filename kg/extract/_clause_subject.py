"""The subject of a verb clause: its own, one it inherits from the clause it hangs off, or the
noun a relative clause modifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract._clause_phrase import conjuncts, phrase_tokens
from kg.extract._deps import (
    DESCRIPTIVE_DEPS,
    DIRECT_OBJ_DEPS,
    INHERIT_SUBJECT_DEPS,
    NOUN_CLAUSE_DEPS,
    NOUN_PHRASE_HEAD_POS,
    PREP_OR_PCOMP_DEPS,
    SUBJ_DEPS,
    VERB_POS,
    WH_TAGS,
)
from kg.extract.lexicon import HEDGE_ADJECTIVES

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(slots=True)
class _Subject:
    token: Token
    alternatives: list[list[Token]]
    inherited: bool = False
    relative: bool = False


def relative_noun(top: Token) -> Token | None:
    """The noun a relative clause or participle modifies, or None."""
    if top.dep_ in NOUN_CLAUSE_DEPS and top.head.pos_ in NOUN_PHRASE_HEAD_POS:
        if (
            top.dep_ == "acl"
            and top.tag_ == "VB"
            and not any(c.dep_ == "aux" for c in top.children)
        ):
            return None  # "islands (see table below)": an imperative aside, not a modifier
        return top.head
    if top.dep_ == "conj" and top.head.pos_ in VERB_POS and top.head.i != top.i:
        return relative_noun(top.head)
    return None


def noun_phrase(noun: Token) -> list[Token]:
    """A modified noun's phrase, without its relative clauses and participles."""
    return phrase_tokens(noun, drop_deps=DESCRIPTIVE_DEPS)


def is_relative_word(tok: Token) -> bool:
    return tok.tag_ in WH_TAGS or (tok.lower_ == "that" and tok.dep_ != "mark")


def clause_subject(
    top: Token, verb: Token, chain: list[Token], rel_noun: Token | None
) -> _Subject | None:
    # object control: "asked him to leave" → (him; to leave)
    if len(chain) == 1 and verb.dep_ == "xcomp" and verb.head.pos_ in VERB_POS:
        obj = next((c for c in verb.head.children if c.dep_ in DIRECT_OBJ_DEPS), None)
        if obj is not None:
            return _Subject(obj, conjunct_alternatives(obj), inherited=True)
    # "described Radio Row as located on Greenwich Street": the object is what is located
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBN"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in SUBJ_DEPS for c in verb.children)
    ):
        obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return _Subject(obj, conjunct_alternatives(obj), inherited=True)
    return _own_subject(top, rel_noun, inherited=False)


def _own_subject(v: Token, rel_noun: Token | None, *, inherited: bool) -> _Subject | None:
    for child in v.children:
        if child.dep_ in SUBJ_DEPS:
            # relative clause: "the man who founded X" → (the man; founded; X)
            if rel_noun is not None and is_relative_word(child):
                return _Subject(rel_noun, [noun_phrase(rel_noun)], inherited, relative=True)
            return _Subject(child, conjunct_alternatives(child), inherited)
    # "there are three bridges": the attribute is the subject
    if any(c.dep_ == "expl" for c in v.children):
        attr = next((c for c in v.children if c.dep_ == "attr"), None)
        if attr is not None:
            toks = phrase_tokens(attr, skip={c.i for c in attr.children if c.dep_ == "prep"})
            return _Subject(attr, [toks], inherited)
    # participle or reduced relative: "a company based in Lyon"
    if v.dep_ in NOUN_CLAUSE_DEPS and rel_noun is not None:
        return _Subject(rel_noun, [noun_phrase(rel_noun)], inherited, relative=True)
    # conjoined or subordinate verb: the subject of the clause it hangs off
    if v.dep_ in INHERIT_SUBJECT_DEPS:
        anc = v.head
        while anc.pos_ not in VERB_POS and anc.head.i != anc.i and _passes_subject(anc):
            anc = anc.head  # "the bank in which ...", "Nordvik is likely to close ..."
        if anc.i != v.i and anc.pos_ in VERB_POS:
            return _own_subject(anc, relative_noun(anc), inherited=True)
    return None


def _passes_subject(tok: Token) -> bool:
    """True for a word between a verb and the clause whose subject it borrows."""
    return tok.dep_ in PREP_OR_PCOMP_DEPS or (
        tok.dep_ == "acomp" and tok.lower_ in HEDGE_ADJECTIVES
    )


def conjunct_alternatives(head: Token) -> list[list[Token]]:
    """The phrase of ``head``, or one phrase per conjunct when coordinated."""
    conj = conjuncts(head)
    if len(conj) == 1 or _one_entity(conj):
        return [phrase_tokens(head)]
    return [phrase_tokens(c, split_coord=True) for c in conj]


def _one_entity(toks: list[Token]) -> bool:
    """True when the conjuncts are parts of one named entity ("Procter and Gamble")."""
    first, last = toks[0], toks[-1]
    if not first.ent_type_:
        return False
    doc = first.doc
    return all(doc[i].ent_iob_ == "I" for i in range(first.i + 1, last.i + 1))


def head_of(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    return next(t for t in toks if t.head.i not in ids or t.head.i == t.i)
