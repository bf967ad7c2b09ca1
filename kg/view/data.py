"""Convert a networkx knowledge graph into plain vis-network data.

This is the first half of rendering (``graph → plain data → HTML``): it
returns JSON-ready dicts, so tests can look at nodes and edges without any
HTML, and :mod:`kg.view.html` only has to embed them in a page.

The input is the ``networkx.MultiDiGraph`` view built by ``kg.store.network``: node id
= entity IRI, node attributes ``label``, ``type``, ``aliases``, ``iri``; edge
attributes ``relation``, ``iri``, ``confidence``, ``sentence``, ``doc``,
``polarity``, ``modality``, ``attribution``, ``asserted``, ``time``,
``time_text``; node attribute ``events`` (statements without an object, "open
in 1932"). Missing attributes get plain defaults, so any ``MultiDiGraph``
converts. Tooltips (:mod:`kg.view.panel`) show an edge's time and a node's events.

For the explorer page, a view can hold generic ``Concept`` nodes back from a
ranked selection (``hide_concepts``), and hold a reserve of not-yet-drawn
neighbours with their edges (``reserve``); nodes and edges carry the side
panel's fields (:mod:`kg.view.panel`).

Every string here is untrusted document text. Tooltips are plain text (lines
separated by ``\\n``); the page turns them into DOM text nodes, never markup.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, Protocol, TypedDict, Unpack

import networkx as nx

from kg.view.panel import confidence_of, edge_title, fact_fields, node_fields, node_title, shorten
from kg.view.rank import (
    DEFAULT_MAX_NODES,
    Picked,
    PickOptions,
    node_label,
    node_type,
    pick_nodes,
)

#: The heading of a drawing that is given none and selects nothing.
DEFAULT_TITLE = "Knowledge graph"
#: Seed of every layout (vis-network's ``randomSeed``, the static pictures' spring
#: layout), so that one graph is drawn the same way each time.
LAYOUT_SEED = 7


#: Display labels longer than this are cut (the tooltip keeps the full text).
NODE_LABEL_CHARS = 40
EDGE_LABEL_CHARS = 32
#: Node size (vis-network ``size``, pixels) for degree 0, and growth per sqrt(degree).
NODE_SIZE_MIN = 10.0
NODE_SIZE_STEP = 5.0
NODE_SIZE_MAX = 45.0

#: (fill colour, vis-network shape) per ontology class. Shapes are those that
#: draw the label below the node, so ``size`` applies. Colours follow the
#: Okabe-Ito / Tol colour-blind-safe palettes; shape tells apart the rest.
NODE_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#E69F00", "dot"), "Organization": ("#0072B2", "square"),
    "Place": ("#009E73", "triangle"), "Group": ("#CC79A7", "hexagon"),
    "Event": ("#D55E00", "star"), "Concept": ("#9DB4C0", "dot"),
    "CreativeWork": ("#56B4E9", "diamond"), "Law": ("#882255", "diamond"),
    "Language": ("#44AA99", "triangleDown"), "Product": ("#DDCC77", "square"),
    "Quantity": ("#BBBBBB", "triangleDown"), "Time": ("#332288", "hexagon"),
    "Award": ("#F0E442", "star"),
}  # fmt: skip
#: Style of a node whose class is missing or not in :data:`NODE_STYLES`.
OTHER_STYLE: tuple[str, str] = ("#E0E0E0", "dot")

#: A character that looks like each shape, for the legend.
SHAPE_GLYPHS: dict[str, str] = {
    "dot": "●",
    "square": "■",
    "triangle": "▲",
    "triangleDown": "▼",
    "diamond": "◆",
    "star": "★",
    "hexagon": "⬢",
}

#: Border width of the nodes a view is about (``focus``).
FOCUS_BORDER_WIDTH = 4.0

#: Default number of not-yet-drawn neighbours a page holds for "Expand".
DEFAULT_RESERVE = 500

#: Edge curvature step for parallel edges between the same two nodes.
PARALLEL_ROUNDNESS = 0.2


class VisNode(TypedDict):
    """One vis-network node (JSON-ready); ``names`` are its label and aliases, for search."""

    id: str
    label: str
    title: str
    type: str
    names: list[str]
    degree: int
    shape: str
    size: float
    color: dict[str, Any]
    borderWidth: NotRequired[float]
    rank: int
    neighbours: int
    aliases: list[str]
    docs: list[str]
    events: list[dict[str, Any]]


#: One vis-network edge (JSON-ready); ``smooth`` only on parallel edges.
#: (Functional syntax, because ``from`` is a Python keyword.)
VisEdge = TypedDict(
    "VisEdge",
    {
        "id": str,
        "from": str,
        "to": str,
        "label": str,
        "title": str,
        "relation": str,
        "asserted": bool,
        "dashes": bool,
        "width": float,
        "smooth": NotRequired[dict[str, Any]],
        "sentence": str,
        "marks": list[list[Any]],
        "doc": str,
        "confidence": float | None,
        "time": str | None,
        "time_text": str | None,
        "status": str,
    },
)


class LegendEntry(TypedDict):
    """One line of the legend: an ontology class and how it is drawn."""

    type: str
    color: str
    shape: str
    glyph: str
    count: int


class VisData(TypedDict):
    """Everything a page needs to draw a graph."""

    nodes: list[VisNode]
    edges: list[VisEdge]
    legend: list[LegendEntry]
    focus: list[str]
    rank: str
    total_nodes: int
    total_edges: int
    omitted_nodes: int
    omitted_edges: int
    reserve_nodes: list[VisNode]
    reserve_edges: list[VisEdge]
    concepts_shown: bool


#: Gives the full attributes of some nodes of an outline (a graph whose nodes carry only
#: ``label``, ``type`` and ``aliases`` and whose edges only their keys): a graph of
#: those nodes, with all their attributes, and of the outline's edges among them (same keys).
Fill = Callable[[Collection[Hashable]], nx.MultiDiGraph]


@dataclass(frozen=True)
class Cut:
    """What a page draws of a view too big to read whole, picked ahead (``kg.view.whole``).

    ``graph`` is the outline's part that is drawn or held (``picked.kept`` and
    ``picked.spare``) with the edges among them, in the outline's order; ``fill``
    gives its full attributes; ``neighbours`` counts each of those nodes'
    neighbours in the whole outline, and ``total_nodes`` / ``total_edges`` its size.
    """

    graph: nx.MultiDiGraph
    fill: Fill
    picked: Picked
    neighbours: Mapping[Hashable, int]
    total_nodes: int
    total_edges: int


class Parts(Protocol):
    """A view's outline read in parts: it picks what a page draws (``kg.view.whole``)."""

    def cut(self, options: PickOptions) -> Cut | None:
        """What a page with these options draws; None: read the whole outline instead."""

    def whole(self) -> tuple[nx.MultiDiGraph, Fill]:
        """The whole outline and its :data:`Fill`."""


def _darker(color: str, factor: float = 0.7) -> str:
    """A darker shade of a ``#RRGGBB`` colour (for borders)."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02X}" for c in rgb)


def node_style(entity_type: str) -> tuple[str, str]:
    """The (colour, vis-network shape) used for an ontology class.

    Example:
        >>> node_style("Person")
        ('#E69F00', 'dot')
        >>> node_style("NoSuchClass")
        ('#E0E0E0', 'dot')
    """
    return NODE_STYLES.get(entity_type, OTHER_STYLE)


def node_size(degree: int) -> float:
    """Node size in pixels for a degree: grows with its square root, capped.

    Example:
        >>> node_size(0), node_size(4), node_size(10_000)
        (10.0, 20.0, 45.0)
    """
    return min(NODE_SIZE_MAX, NODE_SIZE_MIN + NODE_SIZE_STEP * math.sqrt(max(degree, 0)))


def _edge_asserted(attrs: Mapping[str, Any]) -> bool:
    if "asserted" in attrs:
        return bool(attrs["asserted"])
    return not (
        attrs.get("polarity") == "negative" or attrs.get("modality") or attrs.get("attribution")
    )


def _vis_node(
    node: Hashable,
    attrs: Mapping[str, Any],
    degree: int,
    rank: int,
    docs: Iterable[str],
    neighbours: int,
) -> VisNode:
    label = node_label(node, attrs)
    entity_type = node_type(attrs)
    color, shape = node_style(entity_type)
    names = [label, *(str(a) for a in attrs.get("aliases") or () if str(a) != label)]
    return {
        "id": str(node),
        "label": shorten(label, NODE_LABEL_CHARS),
        "title": node_title(label, entity_type, attrs, degree),
        "type": entity_type,
        "names": names,
        "degree": degree,
        "shape": shape,
        "size": round(node_size(degree), 2),
        "color": {
            "background": color,
            "border": _darker(color),
            "highlight": {"background": color, "border": "#000000"},
            "hover": {"background": color, "border": "#000000"},
        },
        "rank": rank,
        "neighbours": neighbours,
        **node_fields(attrs, docs),  # type: ignore[typeddict-item]
    }


def _names(graph: nx.MultiDiGraph, node: Hashable) -> list[str]:
    attrs = graph.nodes[node]
    return [node_label(node, attrs), *(str(a) for a in attrs.get("aliases") or ())]


def _vis_edges(
    graph: nx.MultiDiGraph,
    kept: list[tuple[Hashable, Hashable, Mapping[str, Any]]],
    labels: Mapping[Hashable, str],
    prefix: str,
) -> list[VisEdge]:
    # Parallel edges (same two nodes, either direction) get their own curves.
    pair_sizes: Counter[frozenset[Hashable]] = Counter(frozenset((u, v)) for u, v, _ in kept)
    seen: defaultdict[tuple[Hashable, Hashable], int] = defaultdict(int)
    names: dict[Hashable, list[str]] = {}
    edges: list[VisEdge] = []
    for index, (u, v, attrs) in enumerate(kept):
        relation = str(attrs.get("relation") or "related to")
        asserted = _edge_asserted(attrs)
        confidence = confidence_of(attrs)
        strength = 0.5 if confidence is None else min(max(confidence, 0.0), 1.0)
        for node in (u, v):
            if node not in names:
                names[node] = _names(graph, node)
        edge: VisEdge = {
            "id": f"{prefix}{index}",
            "from": str(u),
            "to": str(v),
            "label": shorten(relation, EDGE_LABEL_CHARS),
            "title": edge_title(labels[u], relation, labels[v], attrs),
            "relation": relation,
            "asserted": asserted,
            "dashes": not asserted,
            "width": round(1.0 + 2.0 * strength, 2),
            **fact_fields(attrs, names[u], names[v]),  # type: ignore[typeddict-item]
        }
        if pair_sizes[frozenset((u, v))] > 1 and u != v:
            position = seen[(u, v)]
            seen[(u, v)] += 1
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW",
                "roundness": round(PARALLEL_ROUNDNESS * (position + 1), 2),
            }
        edges.append(edge)
    return edges


def vis_data(
    graph: nx.MultiDiGraph | Parts, *, fill: Fill | None = None, **pick: Unpack[PickOptions]
) -> VisData:
    """Convert a knowledge graph into vis-network nodes, edges and a legend.

    When the graph has more than ``max_nodes`` nodes, the most important ones
    are kept (by degree or PageRank, ties broken by label; ``focus`` nodes
    always first) and ``omitted_nodes`` / ``omitted_edges`` count what was
    left out. Runs in O(E + V log V).

    Args:
        graph: the knowledge graph (see the module docstring for attributes), or a view
            read in :class:`Parts`, which picks the nodes drawn itself (``fill`` unused).
        max_nodes: the most nodes to keep; at least 1.
        rank: ``"degree"`` or ``"pagerank"`` (see :func:`kg.view.select.ranked_nodes`).
        focus: nodes to keep first and draw with a thick border (the entity asked for).
        hide_concepts: pick the ``max_nodes`` among the nodes that are not generic
            :data:`GENERIC_TYPE` nodes, and keep besides only the concepts that
            would have made the cut, for a page to hide until asked
            (``concepts_shown`` False); a graph of nothing but concepts keeps them.
        reserve: hold up to this many more nodes, the most important not-kept
            neighbours of kept nodes, and their edges (``reserve_nodes``,
            ``reserve_edges``), for a page to draw on demand.
        fill: for a ``graph`` that is an outline (nodes with their ``label``, ``type``
            and ``aliases``, edges with their keys; see :data:`Fill`), the function
            that gives the full attributes of the nodes drawn or held, and of the
            edges among them; ranking, counts and the reserve come from ``graph``.

    Returns:
        A :class:`VisData` dict of JSON-ready lists and counts.

    Raises:
        ValueError: when ``max_nodes`` is below 1 or ``rank`` is unknown.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("e:ada", label="Ada Lovelace", type="Person")
        >>> g.add_node("e:eng", label="Analytical Engine", type="Product")
        >>> _ = g.add_edge("e:ada", "e:eng", relation="write about", confidence=0.9)
        >>> data = vis_data(g)
        >>> [n["label"] for n in data["nodes"]], data["edges"][0]["label"]
        (['Ada Lovelace', 'Analytical Engine'], 'write about')
        >>> [entry["type"] for entry in data["legend"]]
        ['Person', 'Product']
    """
    max_nodes = pick.get("max_nodes", DEFAULT_MAX_NODES)
    if max_nodes < 1:
        from kg.errors import value_invalid_msg

        raise ValueError(value_invalid_msg("max_nodes", max_nodes) + "; expected at least 1")

    focus = list(pick.get("focus", ()))
    rank = pick.get("rank", "degree")
    options: PickOptions = {**pick, "focus": focus}
    cut = None if isinstance(graph, nx.Graph) else graph.cut(options)
    if cut is not None:
        graph, fill, picked = cut.graph, cut.fill, cut.picked
        total_nodes, total_edges = cut.total_nodes, cut.total_edges
    else:
        if not isinstance(graph, nx.Graph):  # parts that cannot pick these: the whole outline
            graph, fill = graph.whole()
        picked = pick_nodes(graph, **options)
        total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()
    kept, spare, degrees = picked.kept, picked.spare, picked.degrees
    kept_set = set(kept)
    held = kept_set | set(spare)
    order = {node: index for index, node in enumerate([*kept, *spare])}
    focus_ids = [str(node) for node in dict.fromkeys(focus) if node in kept_set]
    full = graph if fill is None else fill(held)

    docs: defaultdict[Hashable, set[str]] = defaultdict(set)
    drawn_edges: list[tuple[Hashable, Hashable, Mapping[str, Any]]] = []
    spare_edges: list[tuple[Hashable, Hashable, Mapping[str, Any]]] = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u in held and v in held:
            attrs = data if full is graph else full.edges[u, v, key]
            (drawn_edges if u in kept_set and v in kept_set else spare_edges).append((u, v, attrs))
            docs[u].add(str(attrs.get("doc") or ""))
            docs[v].add(str(attrs.get("doc") or ""))

    def neighbours(node: Hashable) -> int:
        if cut is not None:
            return cut.neighbours[node]
        return len((set(graph.predecessors(node)) | set(graph.successors(node))) - {node})

    def build(node: Hashable) -> VisNode:
        attrs = full.nodes[node]
        return _vis_node(node, attrs, degrees[node], order[node], docs[node], neighbours(node))

    nodes = [build(node) for node in kept]
    for index in range(len(focus_ids)):
        nodes[index]["borderWidth"] = FOCUS_BORDER_WIDTH
    labels = {node: node_label(node, full.nodes[node]) for node in held}
    type_counts = Counter(node["type"] for node in nodes)
    legend: list[LegendEntry] = []
    for entity_type in sorted(type_counts):
        color, shape = node_style(entity_type)
        legend.append(
            {
                "type": entity_type,
                "color": color,
                "shape": shape,
                "glyph": SHAPE_GLYPHS.get(shape, "●"),
                "count": type_counts[entity_type],
            }
        )
    edges = _vis_edges(full, drawn_edges, labels, "e")
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "focus": focus_ids,
        "rank": rank,
        "total_nodes": total_nodes,
        "total_edges": total_edges,
        "omitted_nodes": total_nodes - len(nodes),
        "omitted_edges": total_edges - len(edges),
        "reserve_nodes": [build(node) for node in spare],
        "reserve_edges": _vis_edges(full, spare_edges, labels, "r"),
        "concepts_shown": picked.concepts_shown,
    }
