"""Every entity name and alias of a store, held in memory, for search as you type.

``kg.store.facts.search_names`` scans the names in SPARQL on every call (Oxigraph
has no text index): a few hundred milliseconds on a 200-article store. A served
store that does not change (``kg serve`` reopens it after a build) reads its names
once into a :class:`NameIndex`, which answers in milliseconds with the same hits
(for names that differ only in spacing or in rare case rules, Python's lower case
and SPARQL's may rank them differently).

Example:
    >>> from kg.model import DocumentGraph, Entity, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> berg = Entity("Anna Berg", "Person", {"Berg"})
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Anna Berg", "meet", "Karl Tamm",
    ...     "Person", "Person")], {berg.key: berg}))
    >>> index = name_index(graph)
    >>> [(hit["label"], hit["name"]) for hit in index.search(graph, "BER")]
    [('Anna Berg', 'Berg')]
    >>> from kg.store.facts import search_names
    >>> index.search(graph, "ber") == search_names(graph, "ber")
    True
"""

from __future__ import annotations

from typing import Any

from kg.store.facts import SEARCH_LIMIT, Source, _about, _fold


class NameIndex:
    """Names and aliases of entities: ``(folded name, name, IRI)``, searched by substring.

    Attributes:
        entries: the names, as ``kg.store.facts`` folds them for search.
    """

    def __init__(self, entries: list[tuple[str, str, str]]) -> None:
        self.entries = entries

    def __len__(self) -> int:
        return len(self.entries)

    def search(
        self, graph: Source, text: str, *, limit: int = SEARCH_LIMIT
    ) -> list[dict[str, Any]]:
        """What ``kg.store.facts.search_names(graph, text, limit=limit)`` returns."""
        needle = _fold(text)
        if not needle or limit < 1:
            return []
        hits = [
            (0 if folded.startswith(needle) else 1, len(folded), name, iri)
            for folded, name, iri in self.entries
            if needle in folded
        ]
        hits.sort()
        best: dict[str, str] = {}
        for _, _, name, iri in hits[: limit * 4]:
            best.setdefault(iri, name)
        about = _about(graph, list(best)[:limit])
        return [
            {"iri": iri, "label": about[iri][0], "class": about[iri][1], "name": name}
            for iri, name in list(best.items())[:limit]
            if iri in about
        ]


def name_index(graph: Source) -> NameIndex:
    """Read every ``skos:prefLabel`` and ``skos:altLabel`` of ``graph`` (one query)."""
    rows = graph._select("""SELECT ?e ?name WHERE {
  { ?e skos:prefLabel ?name } UNION { ?e skos:altLabel ?name } }""")
    entries = {(_fold(str(row["name"])), str(row["name"]), str(row["e"])) for row in rows}
    return NameIndex(sorted(entries))
