"""Role nouns → entities: "the company", "the club", "the physicist", "the Kremlin leader".

A definite role noun refers to a salient entity before it only when the entity
fits both in class and in head:

- an organisation or place fits when the noun is its name's own head or a
  word the text used to describe it ("the Company" → "Dutch East India
  Company"; "the club" → "Liverpool Football Club" or an "… F.C."; "the
  island" → "Robben Island", or a place the text called an island);
- a person fits when the text described them with that noun ("Meitner, an
  Austrian physicist ... the physicist"), when a place modifier ties the
  noun to them ("the Kremlin leader" → the person of Russia), or for
  "the man"/"the woman" when the gender is known;
- "the two leaders", "both men" take a pair of people.

Anything else stays unresolved: a nominal mention of a concept ("the plan")
is a concept, and an unsure guess would make a false fact.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from kg.extract import lexicon
from kg.extract._deps import (
    COMPOUND_OR_AMOD_DEPS,
    DETERMINER_DEPS,
    NOMINAL_SUBJ_DEPS,
    NOUN_MODIFIER_OR_POSS_DEPS,
    NOUN_POS,
    PLURAL_NOUN_TAGS,
    PREDICATIVE_DEPS,
)
from kg.extract._discourse import Discourse, mention_head
from kg.extract.gazetteer import CITIES, COUNTRIES
from kg.extract.gender import word_gender
from kg.extract.names import name_head, words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.extract.entities import EntityIndex
    from kg.model import Entity

_DEFINITE = frozenset({"the", "this", "that", "these", "those", "both"})
_PLURAL_NUMBERS = frozenset({"two", "both", "three", "2", "3"})
#: Nouns for people that need only a known gender to fit.
_GENDERED_PEOPLE = frozenset({"man", "woman", "boy", "girl", "lady", "gentleman"})
#: Name endings that fit a role noun ("the club" for "Liverpool F.C.").
_ROLE_ENDINGS: dict[str, frozenset[str]] = {
    "club": frozenset({"fc", "f.c.", "afc", "a.f.c.", "club", "united", "city", "rovers"}),
    "team": frozenset({"fc", "f.c.", "afc", "a.f.c.", "team", "united", "rovers"}),
    "company": frozenset(
        {"company", "co", "co.", "inc", "inc.", "corporation", "corp", "corp.", "ltd", "ltd.",
         "plc", "gmbh", "ag", "llc", "group", "holdings", "motors", "industries", "shipping",
         "energy", "airlines", "airways", "systems", "technologies", "software", "capital",
         "ventures", "media", "partners", "brewery", "records", "studios", "power", "lines"}
    ),
    "carrier": frozenset({"airlines", "airways", "air", "lines", "shipping"}),
    "airline": frozenset({"airlines", "airways", "air"}),
    "school": frozenset({"school", "academy", "college"}),
}  # fmt: skip
_ROLE_ENDINGS["firm"] = _ROLE_ENDINGS["company"]
_ROLE_ENDINGS["corporation"] = _ROLE_ENDINGS["company"]
_ROLE_ENDINGS["side"] = _ROLE_ENDINGS["team"]
#: Every role noun (singular).
_ROLE_FORMS = (
    lexicon.PERSON_ROLE_NOUNS | lexicon.ORG_ROLE_NOUNS | lexicon.PLACE_ROLE_NOUNS | _GENDERED_PEOPLE
)
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "person"}
#: Role nouns that any business fits, when it is the only one around.
_GENERIC_ORG_ROLES = frozenset({"company", "firm", "business", "corporation"})
#: Seats of power that stand for their country in news text.
METONYMS: dict[str, str] = {
    "kremlin": "Russia", "moscow": "Russia", "white house": "United States",
    "washington": "United States", "beijing": "China", "zhongnanhai": "China",
    "downing street": "United Kingdom", "london": "United Kingdom", "elysee": "France",
    "élysée": "France", "paris": "France", "berlin": "Germany", "tokyo": "Japan",
    "kyiv": "Ukraine", "kiev": "Ukraine", "brussels": "European Union",
}  # fmt: skip


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return lemma[:-1] if tok.tag_ == "NNPS" and lemma.endswith("s") else lemma


def _place_key(text: str) -> str | None:
    low = text.lower().replace("’", "'")
    for table in (METONYMS, lexicon.PLACE_ALIASES):
        if low in table:
            return table[low]
    return lexicon.DEMONYMS.get(low)


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
        head = doc[mention_head(doc, m.start, m.end)]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":  # "Putin of Russia"
                for pobj in child.children:
                    tie(index.entity_at(pobj.i), person)
            elif child.dep_ in NOUN_MODIFIER_OR_POSS_DEPS and child.i < m.start:
                # "US President Biden", "Russia's Medvedev", "Russian President Orlov"
                for t in child.subtree:
                    tie(index.entity_at(t.i), person)
    return ties


def _descriptions(doc: Doc, index: EntityIndex) -> dict[Entity, set[str]]:
    """Entity → the nouns the text describes it with: its name's head, appositions
    ("Meitner, an Austrian physicist"), copulas ("X is an island"), titles before it."""
    out: dict[Entity, set[str]] = {}
    for m in index.mentions:
        e = m.entity
        if e is None:
            continue
        nouns = out.setdefault(e, set())
        nouns.update(w.lower() for w in words_of(e.name)[-1:])
        if (head_word := name_head(e.name)) != "":
            nouns.add(head_word)
        head = doc[mention_head(doc, m.start, m.end)]
        said = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        said += [c for c in head.children if c.dep_ in COMPOUND_OR_AMOD_DEPS and c.pos_ == "NOUN"]
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            said.append(head.head)  # "the physicist Lise Meitner"
        if head.dep_ in NOMINAL_SUBJ_DEPS and head.head.lemma_ in ("be", "become", "remain"):
            for attr in (c for c in head.head.children if c.dep_ == "attr"):
                said += [attr, *attr.conjuncts]
        nouns.update(_lemma(t) for t in said if t.pos_ == "NOUN")
    return out


def _modifier_place(tok: Token, index: EntityIndex) -> str | None:
    for child in tok.children:
        if child.dep_ in NOUN_MODIFIER_OR_POSS_DEPS and child.i < tok.i:
            entity = index.entity_at(child.i)
            if entity is not None and entity.type != "Person":
                return _place_key(entity.name) or entity.name
            key = _place_key(child.text)
            if key:
                return key
    return None


def _fits(lemma: str, entity: Entity, described: set[str], genders: Mapping[Entity, str]) -> bool:
    """True when a role noun can name ``entity``: its class and its head fit."""
    if entity.type == "Person":
        if lemma in _GENDERED_PEOPLE:
            return genders.get(entity) == word_gender(lemma)
        gender = word_gender(lemma)
        if gender is not None and genders.get(entity) not in (None, gender):
            return False
        return lemma in lexicon.PERSON_ROLE_NOUNS and lemma in described
    if lemma in lexicon.ORG_ROLE_NOUNS and entity.type == "Organization":
        endings = {w.lower() for w in words_of(entity.name)}
        return lemma in described or bool(_ROLE_ENDINGS.get(lemma, frozenset()) & endings)
    if lemma in lexicon.PLACE_ROLE_NOUNS and entity.type == "Place":
        low = entity.name.lower()
        if lemma in ("country", "nation"):
            return low in COUNTRIES or lemma in described
        if lemma in ("city", "capital", "town"):
            return low in CITIES or lemma in described
        return lemma in described
    return False


def _generic_fit(lemma: str, entity: Entity, model: Discourse) -> bool:
    """A role noun general enough to name the one entity of its class around: "the former
    teacher" (a person of no other gender), "the company" or "the firm" (a business)."""
    if entity.type == "Person":
        gender = word_gender(lemma)
        return lemma in lexicon.PERSON_ROLE_NOUNS and (gender is None or model.genders.get(entity)
                                               in (None, gender))  # fmt: skip
    return lemma in _GENERIC_ORG_ROLES and entity.type == "Organization"


def _nominal(
    tok: Token,
    model: Discourse,
    sent: int,
    index: EntityIndex,
    ties: dict[str, set[Entity]],
    described: dict[Entity, set[str]],
    since: int = -1,
) -> tuple[Entity, ...]:
    low = tok.lower_
    forms = (low, low[:-1], low[:-2], _IRREGULAR.get(low, ""))
    if not any(f in _ROLE_FORMS for f in forms):
        return ()  # not a role noun ("the club", "the leaders", "the businesses", "both men")
    lemma = _lemma(tok)
    if lemma not in _ROLE_FORMS:
        return ()
    if tok.dep_ in PREDICATIVE_DEPS or any(c.dep_ == "appos" for c in tok.children):
        return ()  # a title, an apposition or a predicate: "X is a startup" describes X
    dets = {c.lower_ for c in tok.children if c.dep_ in DETERMINER_DEPS}
    definite = bool(dets & _DEFINITE)
    person_role = lemma in lexicon.PERSON_ROLE_NOUNS or lemma in _GENDERED_PEOPLE
    # "the Kremlin leader", "China's president": a place-modified role noun needs no "the".
    place = _modifier_place(tok, index) if person_role else None
    if not definite and place is None:
        return ()
    # A section heading ("Major leagues.") starts a new topic: "the league" looks no further.
    cands = [r for r in model.before(tok.i, sent) if r.head > since]
    plural = tok.tag_ in PLURAL_NOUN_TAGS
    if plural:
        if not person_role or not dets & (_PLURAL_NUMBERS | {"the"}):
            return ()
        pairs = [r for r in cands if r.plural and all(e.type == "Person" for e in r.entities)]
        best = max(pairs, key=lambda r: (r.salience(sent), r.head), default=None)
        return best.entities if best else ()
    scores: dict[Entity, float] = {}
    kind = (
        "Person" if person_role else "Organization" if lemma in lexicon.ORG_ROLE_NOUNS else "Place"
    )
    # "The former teacher", "the company": with one person (one firm) around, no doubt.
    alone = {r.entities[0] for r in cands if not r.plural and r.entities[0].type == kind}
    for ref in cands:
        if ref.plural:
            continue
        entity = ref.entities[0]
        if place is not None:
            fits = entity.type == "Person" and entity in ties.get(place, set())
        else:
            nouns = described.get(entity, set())
            fits = _fits(lemma, entity, nouns, model.genders) or (
                len(alone) == 1
                and entity in alone
                and _generic_fit(lemma, entity, model)
                and not nouns & lexicon.PERSON_ROLE_NOUNS  # "a lawyer" is no "physicist"
            )
        if fits:
            scores[entity] = scores.get(entity, 0.0) + ref.salience(sent)
    best_entity = max(scores, key=lambda e: scores[e], default=None)
    return (best_entity,) if best_entity is not None else ()


class RoleNouns:
    """Resolves definite role nouns, one at a time and in text order, against the discourse
    model that pronoun resolution keeps (``kg.extract.coref``)."""

    def __init__(self, doc: Doc, index: EntityIndex, headings: Iterable[int] = ()) -> None:
        self.index = index
        self.headings = sorted(headings)
        self.ties = _affiliations(doc, index)
        self.described = _descriptions(doc, index)

    def resolve(self, tok: Token, model: Discourse, sent: int) -> tuple[Entity, ...]:
        """The entity the role noun at ``tok`` refers to, or () when it is unsure or no role."""
        if tok.i in self.index.by_token or tok.pos_ not in NOUN_POS:
            return ()
        n = bisect.bisect_left(self.headings, tok.i)
        since = self.headings[n - 1] if n else -1
        return _nominal(tok, model, sent, self.index, self.ties, self.described, since)
