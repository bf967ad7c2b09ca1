"""Rule-based coreference: pronouns and nominal mentions → entities.

No coreference library works with spaCy 3.8, so this is a small salience
model in the tradition of Lappin & Leass: the candidates for a pronoun are
the entity mentions of its own sentence (before it) and of the two sentences
before; they must agree in kind (a person for *he/she*, a thing for *it*, a
group or a pair for *they*); subjects and recent mentions win.

Nominal mentions resolve the same way: a definite role noun ("the company",
"the Kremlin leader", "the two leaders") takes the nearest fitting entity;
a modifier naming a place ("Kremlin", "Chinese") picks the person affiliated
with that place ("Vladimir Putin of Russia").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.entities import EntityIndex, concept_phrase
from kg.extract.lexicon import (
    DEMONYMS,
    ORG_ROLE_NOUNS,
    PERSON_ROLE_NOUNS,
    PLACE_ALIASES,
    PLACE_ROLE_NOUNS,
)
from kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
_THING_TYPES = frozenset({"Organization", "Place", "Product", "Event", "Law", "CreativeWork"})
_GROUP_TYPES = frozenset({"Organization", "Group"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Where a noun describes rather than refers: titles, appositions, copula complements.
_PREDICATIVE_DEPS = frozenset({"compound", "appos", "attr", "oprd", "acomp"})
_OBJECT_DEPS = frozenset({"dobj", "iobj", "attr", "oprd"})
_DEFINITE = frozenset({"the", "these", "those", "both"})
_PLURAL_NUMBERS = frozenset({"two", "both", "three", "2", "3"})
_WINDOW = 2  # sentences before the pronoun's own

#: Seats of power that stand for their country in news text.
METONYMS: dict[str, str] = {
    "kremlin": "Russia", "moscow": "Russia", "white house": "United States",
    "washington": "United States", "beijing": "China", "zhongnanhai": "China",
    "downing street": "United Kingdom", "london": "United Kingdom", "elysee": "France",
    "élysée": "France", "paris": "France", "berlin": "Germany", "tokyo": "Japan",
    "kyiv": "Ukraine", "kiev": "Ukraine", "brussels": "European Union",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Referent:
    entities: tuple[Entity, ...]
    head: int
    sent: int
    salience: float
    plural: bool = False

    @property
    def type(self) -> str:
        return self.entities[0].type


#: How prominent a mention is by its grammatical role (after Lappin & Leass).
_ROLE_SALIENCE = {"nsubj": 3.0, "nsubjpass": 3.0, "dobj": 2.0, "poss": 1.5, "amod": 0.0}


def _salience(tok: Token) -> float:
    return _ROLE_SALIENCE.get(tok.dep_, 1.0)


def _place_key(text: str) -> str | None:
    low = text.lower().replace("’", "'")
    for table in (METONYMS, PLACE_ALIASES):
        if low in table:
            return table[low]
    return DEMONYMS.get(low)


def _mention_head(doc: Doc, start: int, end: int) -> int:
    for i in range(start, end):
        if not start <= doc[i].head.i < end or doc[i].head.i == i:
            return i
    return end - 1


def _referents(doc: Doc, index: EntityIndex, sent_of: list[int]) -> list[_Referent]:
    heads: dict[int, Entity] = {}
    for m in index.mentions:
        if m.entity is not None:
            heads[_mention_head(doc, m.start, m.end)] = m.entity
    out: list[_Referent] = []
    for head, entity in sorted(heads.items()):
        tok = doc[head]
        out.append(_Referent((entity,), head, sent_of[head], _salience(tok)))
        # "Putin and Xi ..." is also a plural referent for a later "they".
        conjuncts = [c.i for c in tok.conjuncts if c.i > head and c.i in heads]
        if conjuncts and tok.dep_ != "conj":
            group = tuple(dict.fromkeys((entity, *(heads[c] for c in conjuncts))))
            out.append(_Referent(group, head, sent_of[head], _salience(tok), plural=True))
    # "Anna Berg met Karl Tamm. They ...": the two people a verb joins are a pair too.
    for head, entity in heads.items():
        tok = doc[head]
        if tok.dep_ != "nsubj" or entity.type != "Person":
            continue
        verb = tok.head
        for other in verb.children:
            target = other
            if other.dep_ == "prep" and other.lower_ == "with":
                target = next((c for c in other.children if c.dep_ == "pobj"), other)
            partner = heads.get(target.i)
            if (
                target.dep_ in ("dobj", "pobj")
                and partner is not None
                and partner is not entity
                and partner.type == "Person"
            ):
                pair = (entity, partner)
                out.append(_Referent(pair, target.i, sent_of[head], 2.5, plural=True))

    # Unnamed things in subject or object position: "The terminal ... It handles ...",
    # looked for only where a pronoun follows within the window.
    wanted = {
        s
        for tok in doc
        if tok.pos_ == "PRON" and tok.lower_ in NEUTER_PRONOUNS | PLURAL_PRONOUNS
        for s in range(sent_of[tok.i] - _WINDOW, sent_of[tok.i] + 1)
    }
    for tok in doc:
        if (
            sent_of[tok.i] in wanted
            and tok.pos_ == "NOUN"
            and tok.dep_ in _SUBJECT_DEPS | {"dobj"}
            and tok.i not in index.by_token
            and tok.lemma_.lower() not in PERSON_ROLE_NOUNS
        ):
            name = concept_phrase(tok)[0]
            plural = tok.tag_ == "NNS"
            concept = Entity(name=name, type="Concept")
            out.append(_Referent((concept,), tok.i, sent_of[tok.i], _salience(tok), plural))
    out.sort(key=lambda r: r.head)
    return out


def _affiliations(doc: Doc, index: EntityIndex) -> dict[str, set[Entity]]:
    """Place or organisation name → the people the text ties to it."""
    ties: dict[str, set[Entity]] = {}

    def tie(place: Entity | None, person: Entity) -> None:
        if place is not None and place is not person:
            ties.setdefault(place.name, set()).add(person)

    for m in index.mentions:
        person = m.entity
        if person is None or person.type != "Person":
            continue
        head = doc[_mention_head(doc, m.start, m.end)]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":  # "Putin of Russia"
                for pobj in child.children:
                    tie(index.entity_at(pobj.i), person)
            elif child.dep_ in ("compound", "poss", "nmod", "amod") and child.i < m.start:
                # "US President Biden", "Russia's Medvedev", "Russian President Orlov"
                for t in child.subtree:
                    tie(index.entity_at(t.i), person)
    return ties


def _clause_subject(verb: Token) -> int:
    """The subject of a verb, inherited along a chain of conjoined verbs."""
    while True:
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child.i
        if verb.dep_ != "conj" or verb.head is verb:
            return -1
        verb = verb.head


def _score(ref: _Referent, pronoun: Token, sent: int) -> float:
    # An object pronoun never refers to the subject of its own verb ("he briefed him",
    # "the council reviewed the plan and approved it").
    binding = (
        ref.sent == sent
        and pronoun.dep_ in _OBJECT_DEPS
        and ref.head == _clause_subject(pronoun.head)
    )
    parallel = pronoun.dep_ == pronoun.doc[ref.head].dep_  # object for object, subject for subject
    return (
        ref.salience
        + 1.0 * parallel
        - 4.0 * (sent - ref.sent)
        - (10.0 if binding else 0.0)
        + ref.head / 1_000_000
    )


def _candidates(refs: list[_Referent], tok: Token, sent: int) -> list[_Referent]:
    """Referents before ``tok`` in its sentence and the ``_WINDOW`` sentences before.

    ``refs`` is sorted by head, so this walks back from ``tok`` and stops early:
    resolution stays linear in the length of the document.
    """
    out = []
    for n in range(bisect.bisect_left(refs, tok.i, key=lambda r: r.head) - 1, -1, -1):
        ref = refs[n]
        if ref.sent < sent - _WINDOW:
            break
        out.append(ref)
    return out


def _best(cands: list[_Referent], tok: Token, sent: int) -> _Referent | None:
    return max(cands, key=lambda r: _score(r, tok, sent), default=None)


def _resolve_pronoun(
    tok: Token, refs: list[_Referent], sent: int, resolved: dict[int, tuple[Entity, ...]]
) -> tuple[Entity, ...]:
    referent = _pronoun_referent(tok, refs, sent)
    if referent is None:
        return ()
    # "The city has welcomed ... its mayor": the antecedent is itself a resolved mention.
    return resolved.get(referent.head, referent.entities)


def _pronoun_referent(tok: Token, refs: list[_Referent], sent: int) -> _Referent | None:
    low = tok.lower_
    cands = _candidates(refs, tok, sent)
    if low in _REFLEXIVES:
        # "Russia ... sees itself as a superpower": a reflexive is its clause's subject.
        subject = _clause_subject(tok.head)
        return next((r for r in cands if r.head == subject), None)
    if low in PERSONAL_PRONOUNS:
        pick = [r for r in cands if not r.plural and r.type == "Person"]
    elif low in NEUTER_PRONOUNS:
        pick = [r for r in cands if not r.plural and r.type in _THING_TYPES | {"Concept"}]
    else:
        pick = [r for r in cands if r.plural or r.type in _GROUP_TYPES]
    return _best(pick, tok, sent)


def _modifier_place(tok: Token, index: EntityIndex) -> str | None:
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i < tok.i:
            entity = index.entity_at(child.i)
            if entity is not None and entity.type != "Person":
                return _place_key(entity.name) or entity.name
            key = _place_key(child.text)
            if key:
                return key
    return None


def _resolve_nominal(
    tok: Token,
    refs: list[_Referent],
    sent: int,
    index: EntityIndex,
    ties: dict[str, set[Entity]],
) -> tuple[Entity, ...]:
    lemma = tok.lemma_.lower()
    if tok.dep_ in _PREDICATIVE_DEPS or any(c.dep_ == "appos" for c in tok.children):
        return ()  # a title, an apposition or a predicate: "X is a startup" describes X
    children = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "predet")}
    definite = bool(children & _DEFINITE)
    # "the Kremlin leader", "China's president": a place-modified role noun needs no "the".
    place = _modifier_place(tok, index) if lemma in PERSON_ROLE_NOUNS else None
    if not definite and place is None:
        return ()
    cands = _candidates(refs, tok, sent)
    if lemma in PERSON_ROLE_NOUNS:
        if tok.tag_ in ("NNS", "NNPS"):
            if not children & _PLURAL_NUMBERS and "the" not in children:
                return ()
            pairs = [r for r in cands if r.plural and all(e.type == "Person" for e in r.entities)]
            best = _best(pairs, tok, sent)
            return best.entities if best else ()
        people = [r for r in cands if not r.plural and r.type == "Person"]
        if place is not None:
            tied = ties.get(place, set())
            people = [r for r in people if r.entities[0] in tied]
            if not people:
                return ()
        best = _best(people, tok, sent)
        return best.entities if best else ()
    if tok.tag_ in ("NNS", "NNPS"):
        return ()
    if lemma in ORG_ROLE_NOUNS:
        kinds: frozenset[str] = frozenset({"Organization"})
    elif lemma in PLACE_ROLE_NOUNS:
        kinds = frozenset({"Place"})
    else:
        return ()
    best = _best([r for r in cands if not r.plural and r.type in kinds], tok, sent)
    return best.entities if best else ()


def resolve_coreference(doc: Doc, index: EntityIndex) -> dict[int, tuple[Entity, ...]]:
    """Map pronoun and nominal-mention head tokens to the entities they refer to.

    A token maps to several entities when it refers to a group ("they" after
    "Putin and Xi"). Tokens that cannot be resolved with confidence are left out.

    Example:
        >>> from kg.extract.entities import resolve_entities
        >>> doc = kg.nlp.parse("Anna Berg founded Nordvik in 2001. She still runs it.")
        >>> index = resolve_entities(doc)
        >>> refs = resolve_coreference(doc, index)
        >>> [(doc[i].text, [e.name for e in es]) for i, es in sorted(refs.items())]
        [('She', ['Anna Berg']), ('it', ['Nordvik'])]
    """
    sent_of = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = n
    refs = _referents(doc, index, sent_of)
    ties = _affiliations(doc, index)
    out: dict[int, tuple[Entity, ...]] = {}
    for tok in doc:
        if tok.i in index.by_token:
            continue
        low = tok.lower_
        if tok.pos_ == "PRON" and low in PERSONAL_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS:
            found = _resolve_pronoun(tok, refs, sent_of[tok.i], out)
        elif tok.pos_ == "NOUN":
            found = _resolve_nominal(tok, refs, sent_of[tok.i], index, ties)
        else:
            continue
        if found:
            out[tok.i] = found
    return out
