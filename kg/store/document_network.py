"""One document's part of a stored graph's networkx view, read without reading the rest.

:func:`document_network` is the document's statements and the entities they link,
equal to what ``kg.view.select.document_view`` picks from the whole view
(``kg.view.drawing.network_of``); it reads the store as :mod:`kg.store.subgraph`
does (:class:`~kg.store.subgraph.Network`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.store.subgraph import DERIVED_FROM, IDENTIFIER, PART_OF, Fill, Network, named_term

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph


def document_ids(graph: KnowledgeGraph) -> list[str]:
    """The ids of the stored documents (one small ``SELECT``)."""
    rows = graph._select(
        "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?g a kg:Document ; dcterms:identifier ?id } }"
    )
    return sorted(str(r["id"]) for r in rows)


def document_network(
    graph: KnowledgeGraph, doc_id: str, *, include_hedged: bool = True, min_confidence: float = 0.0
) -> nx.MultiDiGraph:
    """The statements of one document (its id exactly) and the entities they link.

    Every statement drawn from a sentence of the document that is an edge of the
    whole view, its two ends, and the entities with a statement of the document
    without an object (with all their ``events``); equal to what
    ``kg.view.select.document_view`` picks from the whole view.
    """
    outline, fill = document_outline(
        graph, doc_id, include_hedged=include_hedged, min_confidence=min_confidence
    )
    return fill(list(outline))


def document_outline(
    graph: KnowledgeGraph, doc_id: str, *, include_hedged: bool = True, min_confidence: float = 0.0
) -> tuple[nx.MultiDiGraph, Fill]:
    """:func:`document_network` as an outline, and what fills some of its nodes
    (as for :func:`neighbourhood_outline`)."""
    net = Network(graph, include_hedged, min_confidence)
    read = net.reader.pointing
    docs = [q.subject for q in read(IDENTIFIER, [ox.Literal(doc_id)]) if named_term(q.subject)]
    sentences = [q.subject for q in read(PART_OF, docs) if named_term(q.subject)]  # type: ignore[arg-type]
    derived = read(DERIVED_FROM, sentences)  # type: ignore[arg-type]
    candidates = {q.subject.value for q in derived if isinstance(q.subject, ox.NamedNode)}
    net.describe(candidates)
    statements = candidates & set(net.statements)
    ends: set[str] = set()
    event_nodes: set[str] = set()
    for st in statements:
        info = net.statements[st]
        if info.object is None:
            event_nodes.add(info.subject)
        elif not net._low(st):
            ends |= {info.subject, info.object}
    nodes = ends | set(net.in_view(sorted(event_nodes - ends)))
    edges = [st for st in statements if net.statements[st].object is not None and not net._low(st)]
    outline = net.outline(nodes, edges)
    return outline, net.filler(outline)
