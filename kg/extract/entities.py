"""Mentions → entities: every name mention joins the entity it names, with its evidence.

Within a document (``kg.extract.mentions`` finds the mentions):

- a name is one entity under all its spellings: case, "the", "F.C."/"FC"/
  "Football Club", a plural ("UEFA Cups"), a country's other names and
  demonyms ("US", "the Russians");
- two full names of people are one person only when compatible: same
  surname and generational suffix, compatible first given names ("Otto Robert
  Frisch" and "Otto Frisch"; never "Mike Agassi" and "Andre Agassi");
- a bare surname ("Meitner") joins the most salient person with that surname
  at that point of the document (the person named in this or the sentence
  before, unless the other is the document's first-named person); a lone
  given name ("Dmitry") is too common to join anyone;
- a person's name never joins a longer name whose head is not a name
  ("Lise Meitner Prize", "Genscher Consulting", "Hoover Dam"): that is its own
  entity, of the class its head gives it;
- acronyms ("KWI"), native and former names given in parentheses join the
  name they stand beside or spell; a one-word organisation name joins the one
  longer organisation name it begins ("Nordvik" → "Nordvik Shipping");
- the canonical name is the fullest *name* of the entity (never an acronym
  or a longer phrase containing it), and the class is decided from all the
  mentions and their context (``type_votes``), not from the NER's vote alone.

Every mention records how it joined (``Mention.via``): that is the merge
evidence the store keeps and ``kg entities`` prints. Coreference of pronouns
and role nouns is ``kg.extract.coref``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract._concepts import concept_phrase, worth_a_node
from kg.extract._entity_clusters import Clusters
from kg.extract._entity_merge import cluster_mentions, given_name_owners
from kg.extract._entity_types import (
    canonical_name,
    entity_gender,
    list_neighbours,
    person_label,
    type_votes,
)
from kg.extract._mention import NAMED_TYPES, Mention
from kg.extract._name_shapes import normalise_name, person_shaped
from kg.extract.gazetteer import is_place_name
from kg.extract.gender import Gender, is_given_name
from kg.extract.mentions import name_mentions
from kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["NAMED_TYPES", "EntityIndex", "Mention", "concept_phrase", "drop_unsettled",
           "normalise_name", "person_shaped", "resolve_entities", "worth_a_node"]  # fmt: skip


@dataclass(slots=True)
class EntityIndex:
    """The entities of one document and where they are mentioned.

    Attributes:
        entities: every entity, keyed by ``(name, type)``.
        mentions: the name mentions, in document order.
        by_token: ``Doc`` token index → the entity whose mention covers it.
        spans: ``Doc`` token index → the bounds of the mention covering it.
        genders: a person entity → the gender its names and titles say.
        unsettled: entities that are someone, but not said who (a lone given name that
            a person of the document with a full name bears, or used far apart; a bare
            surname two people just named bear): antecedents while pronouns are
            resolved, then dropped by ``drop_unsettled``.
    """

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Entity] = field(default_factory=dict)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    genders: dict[Entity, Gender] = field(default_factory=dict)
    unsettled: set[Entity] = field(default_factory=set)

    def entity_at(self, i: int) -> Entity | None:
        """The entity mentioned at token ``i``, or None."""
        return self.by_token.get(i)

    def span_at(self, i: int) -> tuple[int, int]:
        """Token bounds ``[start, end)`` of the mention covering token ``i``, else ``i`` alone."""
        return self.spans.get(i, (i, i + 1))


def resolve_entities(doc: Doc) -> EntityIndex:
    """Find the named entities of a document and merge their mentions.

    Example:
        >>> doc = kg.nlp.parse("Xi Jinping met Vladimir Putin. Xi thanked Putin.")
        >>> index = resolve_entities(doc)
        >>> sorted(e.name for e in index.entities.values())
        ['Vladimir Putin', 'Xi Jinping']
        >>> index.entity_at(6).name
        'Xi Jinping'
        >>> [(m.text, m.via) for m in index.mentions][2:]
        [('Xi', 'surname'), ('Putin', 'surname')]
    """
    mentions = name_mentions(doc)
    c = cluster_mentions(doc, mentions)
    index = EntityIndex()
    owners = given_name_owners(c)
    groups = c.groups()
    names = [canonical_name(c, group) for group in groups]
    votes = [type_votes(c, group, name) for group, name in zip(groups, names, strict=True)]
    types = [v.decided() for v in votes]
    for g, others in list_neighbours(c, groups).items():  # a list names things of one kind
        types[g] = votes[g].with_listed([types[h] for h in others]).decided()
    for group, name, etype in zip(groups, names, types, strict=True):
        if etype == "Person":
            name = person_label(c, group) or name
        entity = index.entities.get((name, etype))
        if entity is None:
            entity = index.entities[(name, etype)] = Entity(name=name, type=etype)
        gender = entity_gender(c, group, name, etype)
        if gender is not None:
            index.genders[entity] = gender
        if all(i in c.ambiguous for i in group) or (
            (etype == "Person" or not is_place_name(name))
            and " " not in name
            and is_given_name(name)
            and (len(owners.get(name.lower(), ())) > 1 or _far_apart(c, group))
        ):
            # "Robert" beside Robert Fulton, his father and his son: someone, but not said who
            index.unsettled.add(entity)
        for i in group:
            m = mentions[i]
            m.via = "name" if m.text == name else (c.rule[i] or "variant")
            if m.text != name:
                entity.aliases.add(m.text)
            m.entity = entity
            for t in range(m.start, m.end):
                index.by_token[t] = entity
                index.spans[t] = (m.start, m.end)
    index.mentions = mentions
    return index


#: Sentences between two uses of one lone given name past which they may be two people.
_GIVEN_NAME_SPAN = 20


def _far_apart(c: Clusters, group: list[int]) -> bool:
    """True when a lone given name is used far apart ("his sister Mary" ... "their
    daughter Mary"): nothing says the two are one person."""
    sents = sorted(c.sents.number(c.mentions[i].start) for i in group)
    return any(b - a > _GIVEN_NAME_SPAN for a, b in itertools.pairwise(sents))


def drop_unsettled(index: EntityIndex, corefs: dict[int, tuple[Entity, ...]]) -> None:
    """Forget the unsettled entities: their mentions, and the pronouns resolved to them,
    name nobody (a missing fact rather than a fact about the wrong Robert)."""
    if not index.unsettled:
        return
    for m in index.mentions:
        if m.entity in index.unsettled:
            m.entity = None
    for key in [k for k, e in index.entities.items() if e in index.unsettled]:
        del index.entities[key]
    for t in [t for t, e in index.by_token.items() if e in index.unsettled]:
        del index.by_token[t]
        index.spans.pop(t, None)
    for t in [t for t, found in corefs.items() if any(e in index.unsettled for e in found)]:
        del corefs[t]
