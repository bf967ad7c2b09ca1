"""Views of a stored graph that read only what they draw (``kg render``, ``kg serve``'s ``/view``).

:func:`select_stored` answers an entity's neighbourhood, a document's statements
and a query's triples from the part of the store they name
(:mod:`kg.store.subgraph`, :mod:`kg.store.names`), then selects from that part
with the functions of :mod:`kg.view.select`, so the :class:`~kg.view.select.View`
(nodes, edges, attributes, title, description, focus, errors) is the one the
whole graph's networkx view would give. The whole graph itself is not one of
them: :func:`select_stored` returns None and the caller draws the whole view.

An entity's or a document's view is read as an outline (labels, classes and
aliases of its nodes, the keys of its edges: what ranking, counts and the
reserve need) with a ``fill`` that reads the rest for the nodes a page draws
(:attr:`~kg.view.select.View.fill`); ``View.graph`` fills all of it when read.

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

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kg.query.results import query_triples
from kg.view.select import View, entity_view_of, find_entities, resolve_document, select_view

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph
    from kg.store.subgraph import Fill


def select_stored(
    graph: KnowledgeGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    query: str | None = None,
    doc: str | None = None,
    include_hedged: bool = True,
    min_confidence: float = 0.0,
) -> View | None:
    """The view asked for, read from the part of ``graph`` it draws; None: draw the whole view.

    Arguments as for :func:`kg.view.drawing.select`. With no entity, document or
    query the answer is None: the caller draws the whole view (ranked and capped
    by :mod:`kg.view.rank`), which also holds the reserve of neighbours that the
    page's *Expand* draws from.

    Raises:
        KGError: an unknown entity or document (with suggestions), a query that
            gives no triples, or a refused query (``QueryError``).
        ValueError: a negative ``hops``.
    """
    from kg.store import document_network, names, subgraph

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
        known = document_network.document_ids(graph)
        doc_id = resolve_document(doc, known)
        outline, fill = document_network.document_outline(graph, doc_id, **options)
        view = select_view(
            outline, entity=entity, hops=hops, doc=doc_id, documents=known, document_selected=True
        )
        return replace(view, fill=fill)
    if entity is None:
        return None  # the whole view: it holds the reserve that "Expand" draws from
    focus = names.matching(graph, entity)
    outline, fill = _neighbourhood(graph, focus, hops, options)
    if not any(node in outline for node in focus):
        raise names.not_found(graph, entity)
    found = find_entities(outline, entity)
    if set(found) - set(focus):  # a name the store's lookup missed but the view's own match finds
        focus = sorted({*focus, *found})
        outline, fill = _neighbourhood(graph, focus, hops, options)
        found = find_entities(outline, entity)
    if {n for n in focus if n in outline} <= set(found):
        # every node is within ``hops`` of one found: the outline is their neighbourhood
        return replace(entity_view_of(outline, outline, found, entity, hops=hops), fill=fill)
    return replace(select_view(outline, entity=entity, hops=hops), fill=fill)


def _neighbourhood(
    graph: KnowledgeGraph, focus: list[str], hops: int, options: dict[str, Any]
) -> tuple[nx.MultiDiGraph, Fill]:
    """The outline of ``focus``'s neighbourhood and its fill: from the whole view's
    skeleton where one is in memory (a read-only store drawn whole before in this
    process, as ``kg serve`` does as it starts), else from its nodes' parts in the views'
    index, else (2 hops or more) from the skeleton's file, else read."""
    from kg.store import skeleton, subgraph

    if options["min_confidence"] == 0 and hops >= 0:  # the skeleton holds no confidences
        hedged = options["include_hedged"]
        bones = skeleton.kept(graph, include_hedged=hedged) or skeleton.near(
            graph, include_hedged=hedged
        )  # in memory, else each node's part from the views' index
        if bones is None and hops >= 2:  # the whole skeleton's file: a far one reads much
            bones = skeleton.kept(graph, include_hedged=hedged, from_file=True)
        if bones is not None:
            try:
                return bones.neighbourhood(focus, hops=hops)
            except skeleton.NearBroken:
                pass  # the index went since: read the store
    return subgraph.neighbourhood_outline(graph, focus, hops=hops, **options)
