"""The discourse model coreference works on: mentions, their salience, and agreement.

Shared by pronoun resolution (``kg.extract.coref``) and role nouns
(``kg.extract.nominals``). Salience follows Lappin & Leass (1994): the
mentions of an entity in a sentence give it recency, subject, object,
oblique, head-noun and non-adverbial emphasis (each factor once), halved with
each sentence back.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract._deps import (
    EMBEDDED_NOUN_DEPS,
    NOMINAL_SUBJ_DEPS,
    NOUN_POS,
    VERB_OBJ_DEPS,
    VERB_POS,
)
from kg.extract.gender import Gender
from kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Prepositions of adjuncts ("in the room, ...") that take away non-adverbial emphasis.
_ADVERBIAL_PREPS = frozenset(
    {"in", "at", "on", "during", "after", "before", "since", "until", "from", "near", "by"}
)
#: Sentences back a pronoun or role noun looks for its antecedent.
WINDOW = 3

# Salience factors (Lappin & Leass 1994, table 1).
RECENCY = 100.0
SUBJECT = 80.0
EXISTENTIAL = 70.0
OBJECT = 50.0
OBLIQUE = 40.0
HEAD_NOUN = 80.0
NON_ADVERBIAL = 50.0
#: Not in Lappin & Leass: a subject of the sentence's main clause outweighs one below it.
MAIN_CLAUSE = 40.0


def factor_weight(factors: frozenset[str]) -> float:
    """The salience of a set of factors ("subject", "head", ...), before decay."""
    weights = {"recency": RECENCY, "subject": SUBJECT, "existential": EXISTENTIAL,
               "object": OBJECT, "oblique": OBLIQUE, "head": HEAD_NOUN,
               "non-adverbial": NON_ADVERBIAL, "main": MAIN_CLAUSE}  # fmt: skip
    return sum(weights[f] for f in factors)


@dataclass(frozen=True, slots=True)
class Ref:
    """A mention in the discourse model: the entities it names, where, how prominent.

    Attributes:
        entities: the entity it names (several for a group: "Putin and Xi").
        head: its head token.
        sent: its sentence number.
        factors: its salience factors ("recency", "subject", "head", ...).
        role: ``"subj"``, ``"obj"``, ``"obl"`` or ``"other"`` (a possessive: its phrase's).
        clause: the verb heading its clause, or -1.
        plural: it names a group.
    """

    entities: tuple[Entity, ...]
    head: int
    sent: int
    factors: frozenset[str]
    role: str
    clause: int
    plural: bool = False

    @property
    def weight(self) -> float:
        """The mention's salience before decay."""
        return factor_weight(self.factors)

    def salience(self, sent: int) -> float:
        """The mention's salience seen from sentence ``sent`` (halved per sentence back)."""
        return float(self.weight * 0.5 ** (sent - self.sent))


@dataclass(slots=True)
class Discourse:
    """The mentions seen so far, by position, what the text says of each entity's gender,
    and the entities typed otherwise that may yet turn out to be people."""

    refs: list[Ref]
    genders: dict[Entity, Gender] = field(default_factory=dict)
    maybe_people: set[Entity] = field(default_factory=set)

    def add(self, ref: Ref) -> None:
        bisect.insort(self.refs, ref, key=lambda r: r.head)

    def before(self, i: int, sent: int) -> list[Ref]:
        """The mentions before token ``i``, back to ``WINDOW`` sentences before ``sent``.

        ``refs`` is sorted by head, so this walks back from ``i`` and stops early:
        resolution stays linear in the length of the document.
        """
        out = []
        for n in range(bisect.bisect_left(self.refs, i, key=lambda r: r.head) - 1, -1, -1):
            ref = self.refs[n]
            if ref.sent < sent - WINDOW:
                break
            out.append(ref)
        return out


def clause_verb(tok: Token) -> int:
    """The verb heading the clause ``tok`` is an argument of (itself for a verb), or -1."""
    while tok.pos_ not in VERB_POS:
        if tok.head.i == tok.i:
            return -1
        tok = tok.head
    return tok.i


def role(tok: Token) -> str:
    """A mention's grammatical role; a possessive takes its noun phrase's role."""
    dep = tok.dep_
    if dep == "poss" and tok.head.i != tok.i:
        dep = tok.head.dep_
    if dep in NOMINAL_SUBJ_DEPS:
        return "subj"
    if dep in VERB_OBJ_DEPS:
        return "obj"
    if dep == "pobj":
        return "obl"
    return "other"


def _embedded(tok: Token) -> bool:
    """True for a noun inside another noun phrase ("Meitner" in "Meitner's father")."""
    if tok.dep_ in EMBEDDED_NOUN_DEPS:
        return True
    return tok.dep_ == "pobj" and tok.head.head.pos_ in NOUN_POS


def factors(tok: Token) -> frozenset[str]:
    """The Lappin & Leass salience factors of a mention at ``tok``."""
    out = {"recency"}
    if tok.dep_ in NOMINAL_SUBJ_DEPS:
        out.add("subject")
        verb = tok.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ == "ROOT":
            out.add("main")
    elif tok.dep_ == "attr" and any(c.dep_ == "expl" for c in tok.head.children):
        out.add("existential")  # "there is a man"
    elif tok.dep_ in VERB_OBJ_DEPS:
        out.add("object")
    elif tok.dep_ == "pobj" and tok.head.head.pos_ in VERB_POS:
        out.add("oblique")
    if not _embedded(tok):
        out.add("head")
    if not (tok.dep_ == "pobj" and tok.head.lower_ in _ADVERBIAL_PREPS):
        out.add("non-adverbial")
    return frozenset(out)


def mention_head(doc: Doc, start: int, end: int) -> int:
    """The syntactic head of the tokens ``[start, end)``."""
    for i in range(start, end):
        if not start <= doc[i].head.i < end or doc[i].head.i == i:
            return i
    return end - 1


def make_ref(doc: Doc, entities: tuple[Entity, ...], head: int, sent: int, plural: bool) -> Ref:
    """The discourse-model mention of ``entities`` at token ``head``."""
    tok = doc[head]
    return Ref(entities, head, sent, factors(tok), role(tok), clause_verb(tok), plural)
