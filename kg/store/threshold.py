"""Leaving out statements below a confidence (``min_confidence``) when exporting or drawing.

A statement below the threshold goes with everything said about it (its
``kg:Statement`` node's triples) and, when it was asserted, with the direct
triple (``ent:a rel:x ent:b``) it put in its document's graph, unless another
asserted statement at or above the threshold states the same triple there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extract.calibration import check_min_confidence

if TYPE_CHECKING:
    from pathlib import Path

    import networkx as nx
    import pyoxigraph as ox

    from kg.store.formats import Format
    from kg.store.graph import KnowledgeGraph

__all__ = ["check_min_confidence", "drop_below", "export_confident", "quad_filter"]

_LOW = """SELECT ?g ?st ?s ?p ?o WHERE { GRAPH ?g {
  ?st a kg:Statement ; kg:confidence ?c . FILTER(?c < %s)
  OPTIONAL { ?st kg:asserted true ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } } }"""
_KEPT = """SELECT ?g ?s ?p ?o WHERE { GRAPH ?g {
  ?st a kg:Statement ; kg:asserted true ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st kg:confidence ?c } FILTER(!BOUND(?c) || ?c >= %s) } }"""

#: A quad or triple's terms as strings: (graph or "", subject, predicate, object).
Key = tuple[str, str, str, str]


def _rows(graph: KnowledgeGraph, sparql: str) -> list[dict[str, object]]:
    from kg.query import SelectResult

    result = graph.query(sparql, timeout=None)
    return [dict(row) for row in result.bindings()] if isinstance(result, SelectResult) else []


def quad_filter(
    graph: KnowledgeGraph, min_confidence: float, *, keeps_graphs: bool
) -> Callable[[ox.Quad | ox.Triple], bool]:
    """A predicate that is False for the quads (or union triples) to leave out."""
    threshold = repr(check_min_confidence(min_confidence))
    low = _rows(graph, _LOW % threshold)
    kept = {
        (str(r["g"]) if keeps_graphs else "", str(r["s"]), str(r["p"]), str(r["o"]))
        for r in _rows(graph, _KEPT % threshold)
    }
    statements = {(str(r["g"]) if keeps_graphs else "", str(r["st"])) for r in low}
    direct: set[Key] = set()
    for r in low:
        if r.get("s") is not None:
            key = (str(r["g"]) if keeps_graphs else "", str(r["s"]), str(r["p"]), str(r["o"]))
            if key not in kept:
                direct.add(key)

    def keep(quad: ox.Quad | ox.Triple) -> bool:
        g = getattr(quad, "graph_name", None)
        where = str(getattr(g, "value", "")) if keeps_graphs and g is not None else ""
        subject = str(getattr(quad.subject, "value", quad.subject))
        if (where, subject) in statements:
            return False
        parts = (quad.predicate.value, str(getattr(quad.object, "value", quad.object)))
        return (where, subject, *parts) not in direct

    return keep


def export_confident(
    graph: KnowledgeGraph, path: str | Path, fmt: Format, min_confidence: float
) -> Path:
    """``KnowledgeGraph.export`` without the statements below ``min_confidence``."""
    from kg.store.graph_files import export_graph
    from kg.store.network import to_networkx
    from kg.store.rdf_files import write_store

    if fmt.kind == "graph":
        # Neo4j's files hold the hedged and negated statements too (flagged), as unfiltered.
        network = to_networkx(graph, include_hedged=fmt.name == "neo4j")
        drop_below(network, min_confidence)
        return export_graph(network, path, format=fmt.name)[0]
    keep = quad_filter(graph, min_confidence, keeps_graphs=fmt.keeps_graphs)
    prefixes = {p: ns for p, ns in graph.prefixes.items() if p != "doc"}  # as export does
    return write_store(graph.backend, path, fmt, prefixes=prefixes, keep=keep)


def drop_below(network: nx.MultiDiGraph, min_confidence: float) -> list[object]:
    """Remove the edges of ``network`` below ``min_confidence``; the nodes they touched."""
    check_min_confidence(min_confidence)
    low = [
        (u, v, k)
        for u, v, k, c in network.edges(keys=True, data="confidence")
        if c is not None and c < min_confidence
    ]
    network.remove_edges_from(low)
    return [n for u, v, _ in low for n in (u, v)]


def confident_network(
    graph: KnowledgeGraph, *, include_hedged: bool = True, min_confidence: float = 0.0
) -> nx.MultiDiGraph:
    """The whole networkx view of ``graph`` (:func:`kg.store.network.to_networkx`) without
    the statements that are not asserted (``include_hedged=False``) or whose confidence is
    below ``min_confidence``, and without the entities only those statements name
    (``kg.view.drawing.network_of``)."""
    from kg.store.network import to_networkx

    nodes = to_networkx(graph, include_hedged=include_hedged)
    touched = set(drop_below(nodes, min_confidence))
    nodes.remove_nodes_from(
        [n for n, degree in nodes.degree() if degree == 0 and (n in touched or not include_hedged)]
    )
    return nodes
