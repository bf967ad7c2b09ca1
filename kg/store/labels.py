"""Names as the name index reads them: folded for comparison, each entity's label first.

Shared by :mod:`kg.store.names` (the index and the lookups) and
:mod:`kg.store.facts_file` (which keeps the label quads and each folded name's
entities beside a store); :func:`outline_names` is a node's label, class and aliases as a
view's outline has them (:mod:`kg.store.subgraph`, and kept in the same file).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.model import ENTITY_TYPES
from kg.rdf.namespaces import KG
from kg.store.described import _plain

#: A label or alias quad as the name index reads it: whether it is a ``skos:prefLabel``,
#: its subject's IRI (None: not an IRI), its text (None: not a literal), and whether
#: it is in a named graph.
Label = tuple[bool, str | None, str | None, bool]


def fold(text: str) -> str:
    """``text`` compared without case or spacing.

    Example:
        >>> fold("  Anna   BERG ")
        'anna berg'
    """
    return " ".join(text.casefold().split())


def display_label(iri: str, labels: Iterable[str]) -> str:
    """An entity's display name as the networkx view has it (see ``kg.view.rank.node_label``)."""
    label = min(labels, default=iri)
    if label.strip():
        return label
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def names_from(labels: Iterable[Label]) -> dict[str, list[str]]:
    """Each subject's names, label first then its aliases (sorted), from label quads in
    named graphs (as ``kg.store.names`` reads them)."""
    prefs: dict[str, set[str]] = {}
    alts: dict[str, set[str]] = {}
    for pref, subject, text, named in labels:
        if named and subject is not None and text is not None:
            (prefs if pref else alts).setdefault(subject, set()).add(text)
    return {
        iri: [display_label(iri, prefs.get(iri, ())), *sorted(alts.get(iri, ()))]
        for iri in sorted(prefs.keys() | alts.keys())
    }


def iris_by_fold(names: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each folded name's entities (in the order of ``names``: by IRI)."""
    iris: dict[str, list[str]] = {}
    for iri, known in names.items():
        for name in dict.fromkeys(fold(n) for n in known):
            iris.setdefault(name, []).append(iri)
    return iris


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
_CLASSES = frozenset(str(KG) + t for t in ENTITY_TYPES)

#: A node's names as an outline has them: its label, entity class and sorted aliases.
Outlined = tuple[str, str, list[str]]


def outline_names(node: str, terms: Iterable[tuple[str, dict[str, str]]]) -> Outlined | None:
    """A node's label (the least of its labels, else its IRI), entity class (the least)
    and sorted aliases, from its names ((predicate IRI, SPARQL JSON term) pairs, as
    :meth:`kg.store.subgraph.Network.names` reads them); None for a node of no entity
    class, which ``to_networkx`` draws as its bare IRI.

    Example:
        >>> label = ("http://www.w3.org/2004/02/skos/core#prefLabel",
        ...          {"type": "literal", "value": "Ann"})
        >>> person = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        ...           {"type": "uri", "value": "https://kg.example.org/ontology#Person"})
        >>> outline_names("e:ann", [label, person]), outline_names("e:ann", [label])
        (('Ann', 'Person', []), None)
    """
    types: set[str] = set()
    labels: set[str] = set()
    aliases: set[str] = set()
    for predicate, obj in terms:
        if predicate == _RDF_TYPE:
            if obj["type"] == "uri" and obj["value"] in _CLASSES:
                types.add(obj["value"][len(str(KG)) :])
        else:
            (labels if predicate == _PREF_LABEL else aliases).add(str(_plain(obj)))
    if not types:
        return None
    return min(labels, default=node), min(types), sorted(aliases)


def outline_attrs(node: str, names: Outlined | None = None) -> dict[str, Any]:
    """A node's attributes in a view's outline (``to_networkx(..., outline=True)``): its
    names (:func:`outline_names`), else those of a bare IRI or text, its own label.

    Example:
        >>> outline_attrs("e:ann", ("Ann", "Person", ["A."]))["aliases"]
        ['A.']
        >>> outline_attrs("urn:x")
        {'label': 'urn:x', 'type': '', 'aliases': [], 'iri': 'urn:x', 'events': []}
    """
    label, entity_type, aliases = names if names is not None else (node, "", [])
    return {
        "label": label,
        "type": entity_type,
        "aliases": list(aliases),
        "iri": node,
        "events": [],
    }
