"""Nominal constructions of the Open IE layer: appositions, possessives, titles.

Each of these states an implicit "is": "Maria, the chief executive of Acme"
says (Maria; is the chief executive of; Acme); "Acme's chief executive
Maria" says (Maria; is chief executive of; Acme); "US President Joseph
Biden" says (Joseph Biden; is President of; US).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract._clause_phrase import argument, conjuncts, phrase_tokens, pobj_of
from kg.extract._deps import (
    APPOSITION_HEAD_POS,
    APPOSITIVE_POS,
    DESCRIPTIVE_DEPS,
    NOUN_MODIFIER_DEPS,
    NOUN_POS,
    ORG_ENTS,
    PLACE_ENTS,
    RELCL_OR_APPOS_DEPS,
)
from kg.model import Argument

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Prepositions that locate a named thing ("the Concert Hall in Glasgow").
LOCATIVE_PREPS = frozenset({"in", "at", "near"})

#: Forms of address that are not titles.
HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "madam", "mx"}
)


@dataclass(frozen=True, slots=True)
class NominalClaim:
    """An implicit "is" statement found inside a noun phrase.

    ``relation`` starts with the synthetic copula ("is"); ``rel_tokens`` are
    the document tokens among its words; ``predicate`` is the relational
    noun.
    """

    subject: Argument
    relation: str
    rel_tokens: tuple[int, ...]
    obj: Argument
    predicate: int
    kind: str


def apposition_claims(tok: Token) -> list[NominalClaim]:
    """Claims stated by an apposition (``tok.dep_ == "appos"``).

    The named side is the subject: in "the company, Acme," Acme is the
    subject and "the company" the complement.
    """
    head = tok.head
    if (
        tok.dep_ != "appos"
        or head.pos_ not in APPOSITION_HEAD_POS
        or tok.pos_ not in APPOSITIVE_POS
    ):
        return []
    if tok.pos_ == "PROPN" and head.pos_ != "PROPN":
        subj_toks = phrase_tokens(tok, drop_deps=RELCL_OR_APPOS_DEPS)
        comp, comp_toks = head, phrase_tokens(head, skip={tok.i}, drop_deps=RELCL_OR_APPOS_DEPS)
        subj = tok
    else:
        subj_toks = phrase_tokens(head, skip={tok.i}, drop_deps=RELCL_OR_APPOS_DEPS)
        comp, comp_toks = tok, phrase_tokens(tok, drop_deps=RELCL_OR_APPOS_DEPS)
        subj = head
    subject = argument(subj_toks, subj, "subject")
    if subj.ent_type_ in PLACE_ENTS and comp.ent_type_ in PLACE_ENTS and comp.i > subj.i:
        # "Mount Vernon, Indiana": the second place contains the first
        obj = argument(comp_toks, comp, "place")
        return [NominalClaim(subject, "is in", (), obj, -1, "apposition")]
    claim = _relational(subject, comp, comp_toks, "apposition")
    if claim is not None:
        return [claim]
    return [
        NominalClaim(
            subject=subject,
            relation="is",
            rel_tokens=(),
            obj=argument(comp_toks, comp, "complement"),
            predicate=comp.i,
            kind="apposition",
        )
    ]


def _relational(
    subject: Argument, noun: Token, noun_toks: list[Token], kind: str
) -> NominalClaim | None:
    """(subject; is the <noun> of; Y) when ``noun`` has an "of" or possessive complement."""
    if noun.pos_ != "NOUN":
        return None
    for child in noun.children:
        # "the chief executive of Acme"
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > noun.i:
            obj = pobj_of(child)
            if obj is None:
                return None
            rel = [t for t in noun_toks if t.i <= noun.i] + [child]
            return _claim_of(subject, rel, obj, phrase_tokens(obj), noun, kind)
        # "Acme's chief executive"
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return _possessive(subject, noun, child, noun_toks)
    return None


def _possessive(
    subject: Argument, noun: Token, owner: Token, noun_toks: list[Token]
) -> NominalClaim:
    owner_toks = [t for t in phrase_tokens(owner) if t.dep_ != "case"]
    title = [
        t
        for t in noun_toks
        if t.i <= noun.i and t.i not in {o.i for o in owner.subtree} and t.pos_ != "DET"
    ]
    return _claim_of(subject, title, owner, owner_toks, noun, "possessive", of=" of")


def _claim_of(
    subject: Argument,
    rel: list[Token],
    obj: Token,
    obj_toks: list[Token],
    noun: Token,
    kind: str,
    *,
    of: str = "",
) -> NominalClaim:
    """(subject; is <rel words><of>; obj) with ``noun`` as its predicate."""
    words = "is " + " ".join(t.text for t in rel) + of
    return NominalClaim(
        subject, words, tuple(t.i for t in rel), argument(obj_toks, obj, "prep"), noun.i, kind
    )


def title_claims(tok: Token) -> list[NominalClaim]:
    """Claims stated by a title or possessive before a person's name.

    "US President Joseph Biden", "President Joseph Biden of the US" and
    "Acme's chief executive Maria Silva" all name a role of the person.
    """
    if tok.pos_ != "PROPN" or tok.ent_type_ != "PERSON" or tok.dep_ == "compound":
        return []
    name = [t for t in tok.lefts if t.dep_ == "compound" and t.ent_type_ == "PERSON"]
    name_start = min((t.i for t in name), default=tok.i)
    name_toks = [t for t in tok.doc[name_start : tok.i + 1] if t.ent_type_ == "PERSON"]
    title: list[Token] = []
    org: Token | None = None
    owner: Token | None = None
    for child in tok.lefts:
        if child.i >= name_start:
            continue
        if child.dep_ == "poss" and child.pos_ != "PRON":
            owner = child
        elif child.dep_ in NOUN_MODIFIER_DEPS and child.ent_type_ in ORG_ENTS:
            org = child
        elif child.dep_ in NOUN_MODIFIER_DEPS and child.lower_ not in HONORIFICS:
            title.extend(t for t in child.subtree if t.ent_type_ not in ORG_ENTS)
    if not title:
        return []
    # titles whose own modifiers name the organisation ("the US President")
    for t in title:
        for c in t.children:
            if c.ent_type_ in ORG_ENTS and c.dep_ in NOUN_MODIFIER_DEPS and org is None:
                org = c
    title = sorted(
        {t.i: t for t in title if t.pos_ != "DET" and t.dep_ != "poss"}.values(), key=lambda t: t.i
    )
    if org is not None:
        title = [t for t in title if t.i not in {o.i for o in org.subtree}]
    if not title or title[-1].pos_ not in NOUN_POS:
        return []  # "the injured Jarryd Hayne" names no role
    subject = argument(name_toks, tok, "subject")
    head = title[-1]
    rel_ids = tuple(t.i for t in title)
    title_text = " ".join(t.text for t in title)
    of_prep = next(
        (c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of" and pobj_of(c)), None
    )
    if owner is not None:
        owner_toks = [t for t in phrase_tokens(owner) if t.dep_ != "case"]
        obj = argument(owner_toks, owner, "prep")
        return [NominalClaim(subject, f"is {title_text} of", rel_ids, obj, head.i, "possessive")]
    if of_prep is not None:
        target = pobj_of(of_prep)
        assert target is not None
        obj = argument(phrase_tokens(target), target, "prep")
        rel_ids = (*rel_ids, of_prep.i)
        return [NominalClaim(subject, f"is {title_text} of", rel_ids, obj, head.i, "title")]
    if org is not None:
        org_toks = [t for t in org.doc[org.left_edge.i : org.i + 1] if t.ent_type_ in ORG_ENTS]
        obj = argument(org_toks or [org], org, "prep")
        return [NominalClaim(subject, f"is {title_text} of", rel_ids, obj, head.i, "title")]
    obj = argument(title, head, "complement")
    return [NominalClaim(subject, "is", (), obj, head.i, "title")]


def locative_claims(tok: Token) -> list[NominalClaim]:
    """(X; is in; Y) for a noun located by a prepositional phrase ("the hall in Glasgow").

    Only a place name as the object counts; the statement has no predicate
    token of its own (``predicate == -1``), the preposition is its only word.
    """
    if tok.pos_ not in NOUN_POS:
        return []
    if tok.dep_ == "attr" and any(c.dep_ == "expl" for c in tok.head.children):
        return []  # "there are bridges in Bern": the clause already says it
    out: list[NominalClaim] = []
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS or prep.i < tok.i:
            continue
        obj = pobj_of(prep)
        if obj is None or obj.ent_type_ not in PLACE_ENTS or obj.pos_ != "PROPN":
            continue
        subj_toks = phrase_tokens(tok, skip={prep.i}, drop_deps=DESCRIPTIVE_DEPS)
        subject = argument(subj_toks, tok, "subject")
        place = argument(phrase_tokens(obj), obj, "place")
        out.append(NominalClaim(subject, f"is {prep.lower_}", (prep.i,), place, -1, "locative"))
    return out


def possession_claims(tok: Token) -> list[NominalClaim]:
    """(X; has; Y) for a possessive "X's Y" ("Kesey's son" → (Kesey; has; son)).

    Pronoun possessors are left out (the noun they stand for is the
    coreference stage's business), and so is a possessed person's name,
    which :func:`title_claims` reads as a role. The "has" is implied, so
    the statement has no predicate token (``predicate == -1``).
    """
    owned = tok.head
    if tok.dep_ != "poss" or tok.pos_ not in NOUN_POS or owned.i == tok.i:
        return []
    if owned.pos_ not in NOUN_POS or owned.ent_type_ == "PERSON":
        return []
    subj_toks = [t for t in phrase_tokens(tok) if t.dep_ != "case"]
    subject = argument(subj_toks or [tok], tok, "subject")
    heads = conjuncts(owned)
    out: list[NominalClaim] = []
    for head in heads:
        obj_toks = phrase_tokens(
            head, skip={tok.i}, split_coord=len(heads) > 1, drop_deps=DESCRIPTIVE_DEPS
        )
        obj = argument(obj_toks, head, "object")
        out.append(NominalClaim(subject, "has", (), obj, -1, "possession"))
    return out
