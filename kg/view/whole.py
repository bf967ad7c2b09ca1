"""The whole graph's ranked view, read in parts: the nodes a page draws, not every name.

A whole-graph page draws its ``max_nodes`` best-connected nodes (generic
concepts held back) and holds a reserve of their neighbours. To pick them it
needs every node's degree and neighbours (:func:`kg.store.skeleton.skeleton`:
one read of the statements' ends), but the names only of the nodes ranked down
to the last one drawn: the ranking is read degree by degree, each degree's
nodes named when it is reached (:meth:`WholeParts.cut`). The page is the one
the whole outline gives (``kg.store.subgraph.whole_outline``), which is still
read for what a cut does not answer: a PageRank ranking, a store whose
statements end in literals, or a whole ``View.graph``.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person"),
    ...                                         Triple("Ann", "call", "Cy", "Person", "Person")]))
    >>> cut = WholeParts(graph).cut({"max_nodes": 1, "reserve": 1})
    >>> [cut.graph.nodes[n]["label"] for n in [*cut.picked.kept, *cut.picked.spare]]
    ['Ann', 'Bob']
    >>> cut.total_nodes, cut.total_edges, cut.neighbours[cut.picked.kept[0]]
    (3, 2, 2)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterator
from typing import TYPE_CHECKING, Any

from kg.view.data import Cut, Fill
from kg.view.rank import DEFAULT_MAX_NODES, PickOptions, node_label, node_type, pick_ranked

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph
    from kg.store.skeleton import Skeleton


#: Nodes named in one read as the ranking goes (the next degrees' nodes, at least this many).
NAME_BATCH = 400


class WholeParts:
    """The whole view of ``graph`` (``network_of(graph, include_hedged=...)``) as
    :class:`kg.view.data.Parts`: read when a page first asks for its cut."""

    def __init__(self, graph: KnowledgeGraph, *, include_hedged: bool = True) -> None:
        self.graph = graph
        self.include_hedged = include_hedged
        self._bones: Skeleton | None = None
        self._read = False

    def _skeleton(self) -> Skeleton | None:
        """The whole view's structure, read once (and kept for a read-only store)."""
        if not self._read:
            from kg.store.skeleton import skeleton

            self._bones = skeleton(self.graph, include_hedged=self.include_hedged)
            self._read = True
        return self._bones

    def cut(self, options: PickOptions) -> Cut | None:
        """The nodes a page with these options draws and holds, ranked by degree; None for
        a PageRank ranking or a store whose statements end in literals."""
        if options.get("rank", "degree") != "degree":
            return None
        bones = self._skeleton()
        if bones is None:
            return None
        with bones.lock:  # a kept skeleton may be shared by threads
            return self._cut(bones, options)

    def _cut(self, bones: Skeleton, options: PickOptions) -> Cut:
        pinned = [n for n in dict.fromkeys(map(str, options.get("focus", ()))) if n in bones.degree]
        names = bones.names
        picked = pick_ranked(
            _ranking(bones, pinned),
            bones.degree,  # type: ignore[arg-type]
            lambda node: node_type(names([str(node)])[str(node)]),
            lambda node: bones.neighbours(str(node)),
            pinned=list(pinned),
            max_nodes=options.get("max_nodes", DEFAULT_MAX_NODES),
            hide_concepts=options.get("hide_concepts", False),
            reserve=options.get("reserve", 0),
        )
        held = [str(n) for n in (*picked.kept, *picked.spare)]
        part = bones.outline(held)
        fill = bones.filler(part)

        def locked(nodes: Collection[Hashable]) -> nx.MultiDiGraph:
            with bones.lock:
                return fill(nodes)

        return Cut(
            graph=part,
            fill=locked,
            picked=picked,
            neighbours={n: len(bones.neighbours(n) - {n}) for n in held},
            total_nodes=len(bones.order),
            total_edges=len(bones.edges),
        )

    def whole(self) -> tuple[nx.MultiDiGraph, Fill]:
        """The whole outline and what fills it (``kg.store.subgraph.whole_outline``)."""
        from kg.store.subgraph import whole_outline

        return whole_outline(self.graph, include_hedged=self.include_hedged)


def _ranking(bones: Skeleton, pinned: list[str]) -> Iterator[Hashable]:
    """Every node as ``kg.view.rank.ranked_nodes`` orders them (``pinned`` first, then by
    degree, label and IRI), each degree's nodes named only when the ranking reaches it."""
    bones.names(pinned)
    yield from pinned
    first = set(pinned)
    levels: defaultdict[int, list[str]] = defaultdict(list)
    for node, degree in bones.degree.items():
        if node not in first:
            levels[degree].append(node)
    degrees = sorted(levels, reverse=True)
    named = 0  # the levels before this one are named
    for index, degree in enumerate(degrees):
        if index >= named:  # name this level and the next ones, NAME_BATCH nodes or more
            batch: list[str] = []
            while named < len(degrees) and len(batch) < NAME_BATCH:
                batch += levels[degrees[named]]
                named += 1
            bones.names(batch)
        level = levels[degree]
        found = bones.names(level)

        def key(node: str, found: dict[str, dict[str, Any]] = found) -> tuple[str, str]:
            return node_label(node, found[node]).casefold(), node

        yield from sorted(level, key=key)
