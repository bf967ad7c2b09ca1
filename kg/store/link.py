"""Links across documents: a one-word name to the one full name the store knows it by.

Within a document the extractor merges mentions (``kg.extract.entities``). Across
documents, entities merge only when they are the same: the same canonical name and
class give the same IRI (``kg.rdf.terms.entity_iri``). One link more is made when a
document is written to a store, and only when it is unambiguous:

    a document's entity with a one-word name ("Meitner", "Nordvik") of class Person
    or Organization is renamed to the canonical name of the one entity of that class
    that the store's other documents call by that name (``skos:altLabel``), provided
    no entity there is *named* so (``skos:prefLabel``) and the name is a short form
    of the full one (``short_form``: a surname, an acronym, a word of an
    organisation's name).

The renamed entity keeps the short name as an alias, and its name mentions are
recorded with the rule ``"store-alias"``, so the document's merge evidence
(``kg.rdf.quads.merge_triples``) says why. Two people aliased "Meitner" in the store, a
"Meitner" entity of its own there, or another entity of the document that goes by
"Meitner" (the extractor kept them apart): no link. The store asks one query per
document (``alias_query``); ``KnowledgeGraph.add`` and ``add_many`` do the rest, for
local and remote stores alike.

Example:
    >>> from kg.model import DocumentGraph, Entity, Triple
    >>> dg = DocumentGraph("b", "Meitner won a prize.",
    ...                    [Triple("Meitner", "win", "prize", "Person", "Concept")],
    ...                    {("Meitner", "Person"): Entity("Meitner", "Person")})
    >>> link_candidates(dg)
    [('Meitner', 'Person')]
    >>> linked = relabel(dg, {("Meitner", "Person"): "Lise Meitner"})
    >>> linked.triples[0].subject, sorted(linked.entities[("Lise Meitner", "Person")].aliases)
    ('Lise Meitner', ['Meitner'])
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.model import DocumentGraph, Entity
from kg.rdf.namespaces import KG
from kg.rdf.terms import clean_text, entity_iri

#: The classes whose one-word names may link to a full name in another document.
LINKED_TYPES = ("Organization", "Person")
#: The merge rule (``EntityMention.via``, ``kg:rule``) of such a link.
STORE_ALIAS = "store-alias"

Key = tuple[str, str]


@functools.lru_cache(maxsize=65536)
def _label(name: str) -> str:
    """A name as ``kg.rdf`` writes it into a label (NFC, cleaned)."""
    return clean_text(unicodedata.normalize("NFC", name))


def _nodes(dg: DocumentGraph) -> set[Key]:
    """The (name, class) of every node the document's graph will have."""
    keys = set(dg.entities)
    for t in dg.triples:
        keys.add((t.subject, t.subject_type))
        if t.object:
            keys.add((t.object, t.object_type))
    return keys


def link_candidates(dg: DocumentGraph) -> list[Key]:
    """The (name, class) of the document's entities that may link: one word, Person or
    Organization, sorted."""
    return sorted(
        (name, type_)
        for name, type_ in _nodes(dg)
        if type_ in LINKED_TYPES and len(name.split()) == 1
    )


def alias_query(keys: Iterable[Key], *, exclude: str) -> str:
    """One SELECT for every candidate of a document: who else is called by these names.

    Rows: ``?name ?class ?e ?label`` for an entity ``?e`` of that class with the
    name as an alias (``?label`` its canonical name), and ``?name ?e`` without
    ``?label`` for an entity of any class with the name as its own. The graph
    ``exclude`` (the document's own, about to be replaced) is left out. Every term
    is written by Oxigraph, so names are escaped, never pasted.
    """
    values = " ".join(
        f"({ox.Literal(_label(name))} {ox.NamedNode(str(KG[type_]))})" for name, type_ in keys
    )
    return f"""SELECT DISTINCT ?name ?class ?e ?label WHERE {{
  VALUES (?name ?class) {{ {values} }}
  GRAPH ?g {{
    {{ ?e skos:altLabel ?name ; a ?class ; skos:prefLabel ?label }}
    UNION {{ ?e skos:prefLabel ?name }}
  }}
  FILTER(?g != {ox.NamedNode(exclude)})
}}"""


@dataclass(slots=True)
class Names:
    """Who is called what: alias → {entity IRI: canonical name}, and the names in use.

    ``aliases`` is keyed by (alias, class); ``names`` holds every canonical name.
    """

    aliases: dict[Key, dict[str, str]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)

    def add_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Record the rows of ``alias_query``."""
        for row in rows:
            name = str(row["name"])
            if "label" not in row:
                self.names.add(name)
                continue
            type_ = str(row["class"]).rsplit("#", 1)[-1]
            known = self.aliases.setdefault((name, type_), {})
            label = str(row["label"])
            iri = str(row["e"])
            known[iri] = min(label, known.get(iri, label))

    def add_graph(self, dg: DocumentGraph, *, base: str) -> None:
        """Record the names and aliases of a document graph's entities."""
        for (name, type_), entity in dg.entities.items():
            label = _label(name)
            iri = str(entity_iri(name, type_, base=base))
            for alias in entity.aliases:
                if _label(alias) != label:
                    self.aliases.setdefault((_label(alias), type_), {})[iri] = label
        self.names.update(_label(name) for name, _ in _nodes(dg))

    def clear(self) -> None:
        """Forget everything."""
        self.aliases.clear()
        self.names.clear()


def short_form(alias: str, canonical: str, type_: str) -> bool:
    """Whether a one-word ``alias`` is a short form of ``canonical`` that may link.

    A person's alias is a word of the full name other than the first (a surname:
    "Meitner" of "Lise Meitner", "King" of "Martin Luther King Jr."; never a bare
    given name). An organisation's is an acronym (``NATO``), or a word of its name
    that no preposition follows ("Nordvik" of "Nordvik Shipping", but not "Congress"
    of "Congress of the International" nor "University" of "University of Turku":
    the head of an "X of Y" name is a kind of body, not a name).

    Example:
        >>> short_form("Meitner", "Lise Meitner", "Person")
        True
        >>> short_form("Lise", "Lise Meitner", "Person")
        False
        >>> short_form("Congress", "Congress of the International", "Organization")
        False
    """
    words = canonical.replace(",", " ").split()
    if type_ == "Person":
        return alias in words[1:]
    if len(alias) >= 2 and alias.isupper() and alias.isalpha():
        return True
    return any(
        word == alias and (i + 1 == len(words) or words[i + 1].lower() not in _LINKING_WORDS)
        for i, word in enumerate(words)
    )


#: Words after which an organisation's name goes on with a complement ("of the International").
_LINKING_WORDS = frozenset({"of", "for", "on", "in", "at", "to", "de", "du", "des", "der", "di"})


def links(
    dg: DocumentGraph,
    rows: Iterable[Mapping[str, Any]],
    *,
    base: str,
    pending: Iterable[Names] = (),
) -> dict[Key, str]:
    """The document's candidates that link, to their new canonical names.

    Args:
        dg: the document about to be written.
        rows: the store's answer to ``alias_query(link_candidates(dg), ...)``.
        base: the base IRI of the document's entities.
        pending: what documents written but not yet in the store call their entities
            (one ``Names`` per batch not yet written).

    A candidate links when, over the store and ``pending``, exactly one entity of its
    class has its name as an alias, that alias is a ``short_form`` of its canonical
    name, and no entity has the name as its own. The document itself only vetoes: if
    another of its entities is named so, or has the name as an alias of the same
    class, the extractor saw both and kept them apart.
    """
    stored = Names()
    stored.add_rows(rows)
    others = [stored, *pending]
    # The document's own entities, by name and by alias (of a class).
    named: dict[str, set[Key]] = {}
    aliased: dict[Key, set[Key]] = {}
    for key in _nodes(dg):
        named.setdefault(_label(key[0]), set()).add(key)
    for key, entity in dg.entities.items():
        for alias in entity.aliases:
            aliased.setdefault((_label(alias), key[1]), set()).add(key)
    out: dict[Key, str] = {}
    for name, type_ in link_candidates(dg):
        label = _label(name)
        if named[label] - {(name, type_)} or aliased.get((label, type_), set()) - {(name, type_)}:
            continue
        if any(label in names.names for names in others):
            continue
        owners: dict[str, str] = {}
        for names in others:
            owners.update(names.aliases.get((label, type_), {}))
        if len(owners) == 1:
            (canonical,) = owners.values()
            if canonical != label and short_form(label, canonical, type_):
                out[(name, type_)] = canonical
    return out


def relabel(dg: DocumentGraph, links: Mapping[Key, str]) -> DocumentGraph:
    """A copy of ``dg`` with the linked entities renamed (``links``: (name, class) → name).

    A renamed entity keeps its old name as an alias and joins the document's entity
    of the new name, if it has one; triples follow; its mentions point to the new
    name, and those that were its name are now ``"store-alias"`` merges.
    """
    if not links:
        return dg

    def key_of(name: str, type_: str) -> Key:
        new = links.get((name, type_))
        return (name, type_) if new is None else (new, type_)

    entities: dict[Key, Entity] = {}
    for (name, type_), entity in dg.entities.items():
        key = key_of(name, type_)
        aliases = set(entity.aliases) | ({name} if key[0] != name else set())
        known = entities.get(key)
        if known is None:
            entities[key] = Entity(key[0], type_, aliases)
        else:
            known.aliases |= aliases
    for (old, type_), new in links.items():  # a triple's entity missing from the table
        entities.setdefault((new, type_), Entity(new, type_, set())).aliases.add(old)
    for entity in entities.values():
        entity.aliases.discard(entity.name)
    triples = []
    for t in dg.triples:
        subject = key_of(t.subject, t.subject_type)[0]
        obj = key_of(t.object, t.object_type)[0] if t.object else t.object
        if (subject, obj) != (t.subject, t.object):
            t = dataclasses.replace(t, subject=subject, object=obj)
        triples.append(t)
    mentions = []
    for m in dg.mentions:
        renamed = None if m.entity is None or m.type is None else links.get((m.entity, m.type))
        if renamed is not None:
            via = STORE_ALIAS if m.via == "name" else m.via
            m = dataclasses.replace(m, entity=renamed, via=via, iri=None)
        mentions.append(m)
    return dataclasses.replace(dg, triples=triples, entities=entities, mentions=mentions)
