"""Agreement: which entities a pronoun can stand for by its gender, number and kind (a person,
a body, a place, a thing), and the named things that may be people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._discourse import Discourse, Ref, mention_head
from kg.extract._name_shapes import person_shaped
from kg.extract.entities import EntityIndex
from kg.extract.gazetteer import is_place_name
from kg.extract.gender import is_given_name
from kg.extract.lexicon import ORG_ROLE_NOUNS, PERSON_ROLE_NOUNS, PLACE_ROLE_NOUNS
from kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc


FEMININE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MASCULINE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
PERSONAL_PRONOUNS = FEMININE_PRONOUNS | MASCULINE_PRONOUNS
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THIRD_PERSON_PRONOUNS = PERSONAL_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS
REFLEXIVE_PRONOUNS = frozenset({"himself", "herself", "itself", "themselves"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "hers", "its", "their", "theirs"})
_THING_TYPES = frozenset(
    {"Organization", "Place", "Product", "Event", "Law", "CreativeWork", "Award", "Concept"}
)
_GROUP_TYPES = frozenset({"Group"})
#: The classes the small model gives people's surnames most often ("Geller" as an ORG).
_MAYBE_PERSON_TYPES = frozenset({"Organization", "Place"})
#: Predicate nouns that say the pronoun is a made thing, neither a body nor a place.
_THING_NOUNS = frozenset(
    """ship vessel boat ferry steamboat yacht submarine car automobile vehicle truck lorry bus
    locomotive engine train tram aircraft airplane aeroplane plane jet helicopter rocket
    machine device gun weapon tool product model brand drug book novel film movie album song
    single record painting sculpture statue""".split()
)
#: What kind of thing a predicate noun says the pronoun is ("it was a company": a body).
NOUN_KINDS: dict[str, str] = {
    **dict.fromkeys(ORG_ROLE_NOUNS, "body"),
    **dict.fromkeys(PLACE_ROLE_NOUNS, "place"),
    **dict.fromkeys(PERSON_ROLE_NOUNS, "person"),
    **dict.fromkeys(_THING_NOUNS, "thing"),
}


#: Prepositions whose object is a place or a body, hardly ever a person ("in Hiroshima").
_PLACE_PREPS = frozenset({"in", "at", "from", "near", "into", "across", "throughout", "within"})


def _agrees(entity: Entity, low: str, model: Discourse) -> bool:
    if low in PERSONAL_PRONOUNS:
        if entity.type != "Person" and entity not in model.maybe_people:
            return False
        gender = model.genders.get(entity)
        wanted = "f" if low in FEMININE_PRONOUNS else "m"
        return gender is None or gender == wanted
    return entity.type in _THING_TYPES


def named_person(ref: Ref, model: Discourse) -> bool:
    """A person, or a name typed otherwise with a given name and a surname ("Novak Djokovic"
    as an organisation; not "Google")."""
    entity = ref.entities[0]
    if entity.type == "Person":
        return True
    words = entity.name.split()
    return entity in model.maybe_people and len(words) >= 2 and is_given_name(words[0])


def entity_kind(etype: str) -> str:
    """The broad kind of a class, for "it was the largest ship": who, what body, where."""
    return {"Organization": "body", "Person": "person", "Place": "place"}.get(etype, "thing")


def fits(ref: Ref, low: str, model: Discourse) -> bool:
    """True when a mention can be what the pronoun ``low`` stands for."""
    if low in PLURAL_PRONOUNS:
        single = ref.entities[0] if len(ref.entities) == 1 else None
        return ref.plural or (single is not None and single.type in _GROUP_TYPES | {"Organization"})
    return not ref.plural and _agrees(ref.entities[0], low, model)


def maybe_people_entities(doc: Doc, index: EntityIndex) -> set[Entity]:
    """Entities the NER typed otherwise whose names are shaped like people's ("Geller",
    "Anna Osterman") and that no mention shows to be a place or a body ("in West
    Germany", "the Princeton team"): a he/she pronoun may name them, and then they are people."""
    unlike: set[Entity] = set()
    for m in index.mentions:
        if m.entity is not None and _thing_context(doc, m.start, m.end):
            unlike.add(m.entity)
    return {
        entity
        for entity in index.entities.values()
        if entity.type in _MAYBE_PERSON_TYPES
        and entity not in unlike
        and person_shaped(entity.name)
        and not is_place_name(entity.name)
    }


def _thing_context(doc: Doc, start: int, end: int) -> bool:
    """A name used as no person's is: after "the", or the object of "in", "at", "from" ..."""
    head = doc[mention_head(doc, start, end)]
    if start > 0 and doc[start - 1].lower_ == "the":
        return True
    return head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS


def retype(index: EntityIndex, entity: Entity, etype: str) -> None:
    index.entities.pop(entity.key, None)
    entity.type = etype
    known = index.entities.get(entity.key)
    if known is not None and known is not entity:
        known.aliases |= entity.aliases | {entity.name}  # the same name twice: keep both
    index.entities.setdefault(entity.key, entity)
