"""Which nodes matter most: ranking a knowledge graph's nodes by degree or PageRank.

Pure functions over the networkx ``MultiDiGraph`` built by :mod:`kg.store.network`;
:func:`ranked_nodes` decides which nodes a capped view keeps (:mod:`kg.view.data`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import networkx as nx

from kg.errors import value_invalid_msg

#: Default number of nodes drawn; bigger graphs keep their best-connected nodes.
DEFAULT_MAX_NODES = 500
#: The class left out of whole-graph views by default (a page's toggle brings it back).
GENERIC_TYPE = "Concept"
#: How nodes are ranked when a view has more nodes than it may draw.
RANKS = ("degree", "pagerank")
#: PageRank's damping factor, iteration cap and tolerance (per node, L1), as networkx's.
PAGERANK_ALPHA = 0.85
PAGERANK_MAX_ITER = 100
PAGERANK_TOL = 1.0e-6


def node_label(node: Hashable, attrs: Mapping[str, Any]) -> str:
    """A node's display name: its ``label``, else the last part of its IRI.

    Example:
        >>> node_label("http://example.org/kg/entity/ada-1f2e", {})
        'ada-1f2e'
        >>> node_label("e:1", {"label": "Ada Lovelace"})
        'Ada Lovelace'
    """
    label = attrs.get("label")
    if isinstance(label, str) and label.strip():
        return label
    text = str(node)
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text


def node_type(attrs: Mapping[str, Any]) -> str:
    """A node's class as drawn: its ``type``, ``Concept`` when it has none.

    Example:
        >>> node_type({"type": "Person"}), node_type({"type": ""}), node_type({})
        ('Person', 'Concept', 'Concept')
    """
    return str(attrs.get("type") or "Concept")


def _check_rank(rank: str) -> None:
    if rank not in RANKS:
        raise ValueError(value_invalid_msg("rank", rank, RANKS))


def pagerank(graph: nx.MultiDiGraph) -> dict[Hashable, float]:
    """PageRank of every node, reading each edge both ways.

    A relation's direction is grammar (who did what to whom), not a vote, so
    the walk follows edges in both directions; parallel edges count once each.
    Power iteration over numpy arrays: O(E) per step, no scipy needed.

    Example:
        >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")])
        >>> ranks = pagerank(g)
        >>> max(ranks, key=ranks.__getitem__), round(sum(ranks.values()), 6)
        ('hub', 1.0)
    """
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in graph.edges()]
    src = np.fromiter((u for u, _ in pairs), dtype=np.int64, count=len(pairs))
    dst = np.fromiter((v for _, v in pairs), dtype=np.int64, count=len(pairs))
    loop = src == dst
    # Every edge both ways; a self-loop once.
    rows = np.concatenate([src, dst[~loop]])
    cols = np.concatenate([dst, src[~loop]])
    out_weight = np.bincount(rows, minlength=n).astype(float)
    dangling = out_weight == 0
    safe_weight = np.where(dangling, 1.0, out_weight)
    x = np.full(n, 1.0 / n)
    for _ in range(PAGERANK_MAX_ITER):
        share = x / safe_weight
        spread = np.bincount(cols, weights=share[rows], minlength=n)
        new = PAGERANK_ALPHA * (spread + x[dangling].sum() / n) + (1.0 - PAGERANK_ALPHA) / n
        change = float(np.abs(new - x).sum())
        x = new
        if change < n * PAGERANK_TOL:
            break
    return {node: float(x[i]) for node, i in index.items()}


def importance(graph: nx.MultiDiGraph, *, rank: str = "degree") -> dict[Hashable, float]:
    """How important each node is: its degree, or its :func:`pagerank`.

    Example:
        >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")])
        >>> importance(g)["a"], importance(g, rank="pagerank")["a"] > 0.4
        (2.0, True)
    """
    _check_rank(rank)
    if rank == "pagerank":
        return pagerank(graph)
    return {node: float(degree) for node, degree in graph.degree()}


def ranked_nodes(
    graph: nx.MultiDiGraph, *, rank: str = "degree", first: Iterable[Hashable] = ()
) -> list[Hashable]:
    """Every node, most important first; ties go by label, then id.

    Args:
        graph: the graph.
        rank: ``"degree"`` or ``"pagerank"``.
        first: nodes put before all others (in this order), e.g. a view's focus.

    Returns:
        All nodes of ``graph``, each once. O(E + V log V).

    Raises:
        ValueError: for an unknown ``rank``.

    Example:
        >>> g = nx.MultiDiGraph([("hub", "b"), ("hub", "a"), ("c", "a"), ("hub", "c")])
        >>> ranked_nodes(g), ranked_nodes(g, first=["b"])
        (['hub', 'a', 'c', 'b'], ['b', 'hub', 'a', 'c'])
    """
    scores = importance(graph, rank=rank)
    head = list(dict.fromkeys(node for node in first if node in graph))
    pinned = set(head)

    def key(node: Hashable) -> tuple[float, str, str]:
        return (-scores[node], node_label(node, graph.nodes[node]).casefold(), str(node))

    return head + sorted((node for node in graph if node not in pinned), key=key)


def top_nodes(
    graph: nx.MultiDiGraph,
    count: int,
    *,
    rank: str = "degree",
    first: Iterable[Hashable] = (),
    skip_types: Iterable[str] = (),
    ranked: list[Hashable] | None = None,
) -> list[Hashable]:
    """The ``count`` most important nodes, ``first`` always included, leaving out some classes.

    Nodes whose :func:`node_type` is in ``skip_types`` (generic ``Concept``
    nodes, say) are not counted, unless they are in ``first``; when no other node is left,
    they are counted after all (a graph of concepts still shows something). ``ranked``:
    ``ranked_nodes(graph, rank=rank, first=first)`` when the caller has it already.

    Example:
        >>> g = nx.MultiDiGraph([("work", "ada"), ("work", "bob"), ("ada", "bob"),
        ...                      ("work", "cy")])
        >>> for node in g:
        ...     g.nodes[node]["type"] = "Concept" if node == "work" else "Person"
        >>> top_nodes(g, 2), top_nodes(g, 2, skip_types=["Concept"])
        (['work', 'ada'], ['ada', 'bob'])
    """
    if ranked is None:
        ranked = ranked_nodes(graph, rank=rank, first=first)
    skip = set(skip_types)
    if not skip:
        return ranked[:count]
    pinned = set(dict.fromkeys(node for node in first if node in graph))
    kept = [n for n in ranked if n in pinned or node_type(graph.nodes[n]) not in skip]
    if len(kept) == len(pinned):
        kept = ranked
    return kept[:count]


@dataclass(frozen=True)
class Picked:
    """The nodes a page draws (``kept``, in rank order) and holds for "Expand" (``spare``).

    ``degrees`` is every node's degree; ``concepts_shown`` is False when generic
    concepts are held back (see :func:`kg.view.data.vis_data`'s ``hide_concepts``).
    """

    kept: list[Hashable]
    spare: list[Hashable]
    degrees: dict[Hashable, int]
    concepts_shown: bool


def pick_nodes(
    graph: nx.MultiDiGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    rank: str = "degree",
    focus: Iterable[Hashable] = (),
    hide_concepts: bool = False,
    reserve: int = 0,
) -> Picked:
    """Which nodes ``kg.view.data.vis_data`` draws and holds (reads nodes' ``label``, ``type``).

    Example:
        >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("a", "b"), ("b", "c")])
        >>> picked = pick_nodes(g, max_nodes=2, reserve=1)
        >>> picked.kept, picked.spare
        (['b', 'a'], ['hub'])
    """
    focus = list(focus)
    ranked = ranked_nodes(graph, rank=rank, first=focus)  # once: a whole graph's is 0.3 s
    return pick_ranked(
        ranked,
        dict(graph.degree()),
        lambda node: node_type(graph.nodes[node]),
        lambda node: (*graph.predecessors(node), *graph.successors(node)),
        pinned=[node for node in dict.fromkeys(focus) if node in graph],
        max_nodes=max_nodes,
        hide_concepts=hide_concepts,
        reserve=reserve,
    )


def pick_ranked(
    ranked: Iterable[Hashable],
    degrees: dict[Hashable, int],
    type_of: Callable[[Hashable], str],
    neighbours_of: Callable[[Hashable], Iterable[Hashable]],
    *,
    pinned: list[Hashable],
    max_nodes: int,
    hide_concepts: bool,
    reserve: int,
) -> Picked:
    """:func:`pick_nodes` from a ranking read as far as it needs (``kg.view.whole``).

    Args:
        ranked: every node, most important first, ``pinned`` first of all (as
            :func:`ranked_nodes` gives them); an iterator is read only as far as the
            ``max_nodes`` drawn (and, with ``hide_concepts``, as many that are not
            generic concepts), so a ranking may name nodes as it goes.
        degrees: every node's degree.
        type_of: a node's :func:`node_type` (asked only of nodes ``ranked`` gave).
        neighbours_of: the nodes an edge joins to a node.
        pinned: the nodes always drawn (a view's focus).
        max_nodes, hide_concepts, reserve: as for :func:`pick_nodes`.
    """
    pinned_set = set(pinned)
    head: list[Hashable] = []  # the ranking as far as it was read
    shown: list[Hashable] = []  # of those, the pinned ones and those not generic concepts
    for node in ranked:
        head.append(node)
        if hide_concepts and (node in pinned_set or type_of(node) != GENERIC_TYPE):
            shown.append(node)
        if len(head) >= max_nodes and (not hide_concepts or len(shown) >= max_nodes):
            break
    kept = head[:max_nodes]
    concepts_shown = True
    if hide_concepts:
        others = head[:max_nodes] if len(shown) == len(pinned_set) else shown[:max_nodes]
        concepts_shown = all(type_of(n) == GENERIC_TYPE for n in others)
        if not concepts_shown:
            chosen = set(others)
            extra = [n for n in kept if type_of(n) == GENERIC_TYPE and n not in chosen]
            kept = others + extra
    kept_set = set(kept)
    spare: list[Hashable] = []
    if reserve > 0:
        near = {m for n in kept for m in neighbours_of(n)}
        spare = sorted(near - kept_set, key=lambda n: (-degrees[n], str(n)))[:reserve]
    return Picked(kept, spare, degrees, concepts_shown)


class PickOptions(TypedDict, total=False):
    """:func:`pick_nodes`' options, which ``kg.view.data.vis_data`` passes on (documented there)."""

    max_nodes: int
    rank: str
    focus: Iterable[Hashable]
    hide_concepts: bool
    reserve: int
