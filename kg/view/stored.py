"""Views of a stored graph that read only what they draw (``kg render``, ``kg serve``'s ``/view``).

:func:`select_stored` answers an entity's neighbourhood, a document's statements
and a query's triples from the part of the store they name
(:mod:`kg.store.subgraph`, :mod:`kg.store.names`), then selects from that part
with the functions of :mod:`kg.view.select`, so the :class:`~kg.view.select.View`
(nodes, edges, attributes, title, description, focus, errors) is the one the
whole graph's networkx view would give. The whole graph itself is not one of
them: :func:`select_stored` returns None and the caller draws the whole view.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person")]))
    >>> view = select_stored(graph, entity="ann")
    >>> view.title, sorted(d["label"] for _, d in view.graph.nodes(data=True))
    ('Ann: 1 hop', ['Ann', 'Bob'])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.store.subgraph import Ranked
from kg.view.select import View, find_entities, query_triples, resolve_document, select_view

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph


def select_stored(
    graph: KnowledgeGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    query: str | None = None,
    doc: str | None = None,
    include_hedged: bool = True,
    min_confidence: float = 0.0,
    max_nodes: int | None = None,
    rank: str = "degree",
) -> View | None:
    """The view asked for, read from the part of ``graph`` it draws; None: draw the whole view.

    Arguments as for :func:`kg.view.drawing.select`. The whole graph, capped to its
    ``max_nodes`` best-connected nodes (``rank="degree"``, every statement drawn), is a
    :class:`RankedNetwork` of those nodes; otherwise (PageRank, a filter, no cap, a
    graph no bigger than the cap) the caller draws the whole view.

    Raises:
        KGError: an unknown entity or document (with suggestions), a query that
            gives no triples, or a refused query (``QueryError``).
        ValueError: a negative ``hops``.
    """
    from kg.store import names, subgraph

    options: dict[str, Any] = {"include_hedged": include_hedged, "min_confidence": min_confidence}
    if query is not None:
        result = graph.query(query)
        triples, _ = query_triples(result)
        ends = [str(term) for s, _, o in triples for term in (s, o)]
        network = subgraph.neighbourhood_network(graph, ends, hops=0, **options)
        return select_view(
            network, entity=entity, hops=hops, doc=doc, query_result=result,
            prefixes=graph.prefixes,
        )  # fmt: skip
    if doc is not None:
        known = subgraph.document_ids(graph)
        doc_id = resolve_document(doc, known)
        network = subgraph.document_network(graph, doc_id, **options)
        return select_view(network, entity=entity, hops=hops, doc=doc_id, documents=known)
    if entity is None:
        if max_nodes is None or rank != "degree" or not include_hedged or min_confidence > 0:
            return None
        ranked = subgraph.ranked_network(graph, max_nodes)
        return None if ranked is None else View(RankedNetwork(ranked))
    focus = names.matching(graph, entity)
    network = subgraph.neighbourhood_network(graph, focus, hops=hops, **options)
    if not any(node in network for node in focus):
        raise names.not_found(graph, entity)
    more = set(find_entities(network, entity)) - set(focus)
    if more:  # a name the store's lookup missed but the view's own match finds
        focus = sorted({*focus, *more})
        network = subgraph.neighbourhood_network(graph, focus, hops=hops, **options)
    return select_view(network, entity=entity, hops=hops)


class RankedNetwork(nx.MultiDiGraph):  # type: ignore[misc]
    """The best-connected nodes of a bigger graph, whose degrees and sizes it reports.

    ``degree()``, ``number_of_nodes()`` and ``number_of_edges()`` answer for the
    whole graph (as ``kg.view.data.vis_data`` and ``kg.view.rank`` read them: the
    drawing's sizes, ranking and "N of M nodes" note are the whole graph's); the
    nodes and edges are those of the kept nodes only.
    """

    def __init__(self, ranked: Ranked | None = None, **attr: Any) -> None:
        super().__init__(**attr)
        self._whole: Ranked | None = ranked
        if ranked is not None:
            self.add_nodes_from(ranked.network.nodes(data=True))
            self.add_edges_from(ranked.network.edges(keys=True, data=True))

    @property
    def degree(self) -> Callable[..., list[tuple[Any, int]]]:
        """``degree()``: (node, its degree in the whole graph) for every node kept."""
        whole = self._whole
        local = nx.MultiDiGraph.degree.func(self)
        if whole is None:
            return local  # type: ignore[no-any-return]

        def degrees(*_: Any, **__: Any) -> list[tuple[Any, int]]:
            return [(n, whole.degrees.get(n, d)) for n, d in local]

        return degrees

    def number_of_nodes(self) -> int:
        return super().number_of_nodes() if self._whole is None else self._whole.total_nodes

    def number_of_edges(self, u: Any = None, v: Any = None) -> int:
        if self._whole is None or u is not None or v is not None:
            return int(super().number_of_edges(u, v))
        return self._whole.total_edges
