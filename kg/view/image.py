"""Static pictures of a knowledge graph (PNG or SVG), for reports; and kg's layout.

The picture draws the same view as the HTML page: the same nodes kept (by
:func:`kg.view.data.vis_data`), the same class colours and legend, relation
labels on the edges of small graphs, dashed edges for claims that are not
asserted. Layout is networkx's (spring layout; ForceAtlas2 for bigger views),
drawing is matplotlib's, through its Agg canvas: no display, no ``pyplot``,
no change to matplotlib's global backend. matplotlib is imported only here,
when a picture is asked for.

:func:`layout` (networkx only) also gives the HTML page of a small view its
starting positions, so that the page and the picture look alike.

All text is drawn as text (``parse_math=False``: a ``$`` in a name is a dollar
sign); SVG output draws glyphs as paths, so no document text becomes markup.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import FormatError, value_invalid_msg
from kg.files import write_atomically
from kg.view.data import (
    DEFAULT_TITLE,
    LAYOUT_SEED,
    NODE_LABEL_CHARS,
    Fill,
    Parts,
    VisData,
    vis_data,
)
from kg.view.rank import DEFAULT_MAX_NODES

#: Output formats of ``KnowledgeGraph.render`` / ``kg render``.
FORMATS = ("html", "png", "svg")
#: File suffixes that name a format.
_SUFFIXES = {".html": "html", ".htm": "html", ".png": "png", ".svg": "svg"}
#: A picture draws at most this many nodes (a bigger drawing is a grey blot).
STATIC_MAX_NODES = 1000
#: Every node is labelled up to this many nodes; above, only the most important ones.
LABEL_ALL_NODES = 150
LABELLED_NODES = 60
#: Edges carry their relation label up to this many edges.
EDGE_LABEL_MAX_EDGES = 60
#: Above this many edges they are drawn as straight lines without arrow heads (faster).
ARROW_MAX_EDGES = 400
#: Space between connected components, in average edge lengths.
COMPONENT_GAP = 1.2
#: Inches of paper per average edge length, and the picture's size limits in inches.
INCHES_PER_UNIT = 1.3
MIN_INCHES, MAX_INCHES = 6.0, 30.0
#: Resolution of PNG pictures.
PNG_DPI = 150

#: matplotlib marker for each vis-network shape (see ``kg.view.data.NODE_STYLES``).
MARKERS = {
    "dot": "o",
    "square": "s",
    "triangle": "^",
    "triangleDown": "v",
    "diamond": "D",
    "star": "*",
    "hexagon": "h",
}
_EDGE_COLOR = "#8c959f"
_TEXT_COLOR = "#1f2328"


def image_format(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The output format: ``format`` when given, else from the file suffix, else ``html``.

    Raises:
        FormatError: for a format other than html, png or svg.

    Example:
        >>> image_format("graph.svg"), image_format("graph.out"), image_format("g.html", "PNG")
        ('svg', 'html', 'png')
    """
    if format is not None:
        name = format.lower()
        if name not in FORMATS:
            raise FormatError(value_invalid_msg("format", format, FORMATS))
        return name
    return _SUFFIXES.get(Path(path).suffix.lower(), "html")


def _dense_spring(graph: nx.Graph, *, iterations: int) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold on dense numpy arrays (networkx's algorithm, which it only
    runs below 500 nodes without scipy). O(n²) memory and time per step: for the
    :data:`STATIC_MAX_NODES` a picture draws at most.
    """
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = np.zeros((n, n))
    for u, v in graph.edges():
        adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    pos = np.random.default_rng(LAYOUT_SEED).random((n, 2))
    k = 2.0 / math.sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / distance**2 - adjacency * distance / k
        shift = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.linalg.norm(shift, axis=-1), 0.01)
        pos += shift * (temperature / length)[:, None]
        temperature -= cooling
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}


def _component_layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """One connected component laid out with its edges one unit long on average."""
    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    if n < 500:  # networkx's dense Fruchterman-Reingold (its sparse one needs scipy)
        steps = 300 if n <= 100 else 150
        pos = nx.spring_layout(graph, k=2.0 / math.sqrt(n), iterations=steps, seed=LAYOUT_SEED)
    else:
        pos = _dense_spring(graph, iterations=60)
    lengths = [math.dist(pos[u], pos[v]) for u, v in graph.edges()]
    mean = sum(lengths) / len(lengths) if lengths else 1.0
    return {node: (float(x) / mean, float(y) / mean) for node, (x, y) in pos.items()}


def layout(data: VisData, *, aspect: float = 1.5) -> dict[str, tuple[float, float]]:
    """Positions for the nodes of a view, edges about one unit long, y pointing up.

    Each connected component is laid out on its own (so small islands neither fly
    off to the corners nor squeeze the main component); the biggest goes on the
    left and the others are stacked in columns to its right, filling a box about
    ``aspect`` times as wide as it is high.

    Example:
        >>> data = vis_data(nx.MultiDiGraph([("a", "b"), ("c", "d")]))
        >>> pos = layout(data)
        >>> sorted(pos), round(math.dist(pos["a"], pos["b"]), 3)
        (['a', 'b', 'c', 'd'], 1.0)
    """
    graph = nx.Graph()
    graph.add_nodes_from(node["id"] for node in data["nodes"])
    graph.add_edges_from((e["from"], e["to"]) for e in data["edges"] if e["from"] != e["to"])
    order = {node["id"]: i for i, node in enumerate(data["nodes"])}
    components = sorted(
        nx.connected_components(graph), key=lambda c: (-len(c), min(order[n] for n in c))
    )
    boxes = []
    for component in components:
        local = _component_layout(graph.subgraph(component))
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        boxes.append((local, min(xs), max(ys), max(xs) - min(xs), max(ys) - min(ys)))
    if not boxes:
        return {}
    area = sum((w + COMPONENT_GAP) * (h + COMPONENT_GAP) for *_, w, h in boxes)
    column_height = max(boxes[0][4], math.sqrt(area / aspect))
    positions: dict[str, tuple[float, float]] = {}

    def place(
        local: dict[str, tuple[float, float]], left: float, top: float, x: float, y: float
    ) -> None:
        for node, (px, py) in local.items():
            positions[node] = (x + px - left, y + py - top)

    first, *rest = boxes
    place(first[0], first[1], first[2], 0.0, 0.0)
    x, y, column_width = first[3] + COMPONENT_GAP, 0.0, 0.0
    for local, left, top, width, height in rest:
        if y > 0 and y + height > column_height:  # this column is full: start the next
            x, y, column_width = x + column_width + COMPONENT_GAP, 0.0, 0.0
        place(local, left, top, x, -y)
        y += height + COMPONENT_GAP
        column_width = max(column_width, width)
    return positions


def _text(value: str, limit: int) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _draw(data: VisData, *, title: str, note: str) -> Any:
    """A matplotlib ``Figure`` of the view (on an Agg canvas)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    nodes, edges = data["nodes"], data["edges"]
    pos = layout(data, aspect=1.2)
    n = len(nodes)
    xs, ys = [p[0] for p in pos.values()] or [0.0], [p[1] for p in pos.values()] or [0.0]
    width = min(MAX_INCHES, max(MIN_INCHES, (max(xs) - min(xs) + 1.0) * INCHES_PER_UNIT))
    height = min(MAX_INCHES, max(MIN_INCHES * 0.6, (max(ys) - min(ys) + 1.5) * INCHES_PER_UNIT))
    fig = Figure(figsize=(width + 3.0, height + 0.8), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    # vis-network sizes are pixels of a radius; matplotlib marker sizes are points².
    scale = 0.5
    radius = {node["id"]: node["size"] * scale for node in nodes}

    if len(edges) > ARROW_MAX_EDGES:  # many edges: straight lines, one collection per style
        from matplotlib.collections import LineCollection

        for dashed in (False, True):
            segments = [(pos[e["from"]], pos[e["to"]]) for e in edges if e["dashes"] is dashed]
            ax.add_collection(
                LineCollection(
                    segments,
                    colors=_EDGE_COLOR,
                    linewidths=0.5,
                    linestyles="--" if dashed else "-",
                    zorder=1,
                )
            )
        edges_to_draw = []
    else:
        edges_to_draw = edges
    for edge in edges_to_draw:
        a, b = pos[edge["from"]], pos[edge["to"]]
        if edge["from"] == edge["to"]:
            continue  # a self-loop: listed in the page's tooltips, not drawn here
        rad = edge["smooth"]["roundness"] if "smooth" in edge else 0.0
        patch = FancyArrowPatch(
            a,
            b,
            arrowstyle="-|>",
            mutation_scale=9,
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=radius[edge["from"]],
            shrinkB=radius[edge["to"]],
            color=_EDGE_COLOR,
            linewidth=0.4 + 0.4 * edge["width"] if n <= LABEL_ALL_NODES else 0.5,
            linestyle="--" if edge["dashes"] else "-",
            zorder=1,
        )
        ax.add_patch(patch)
        if len(edges) <= EDGE_LABEL_MAX_EDGES:
            # The middle of an arc3 curve: halfway out along the normal to the chord.
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            dx, dy = b[0] - a[0], b[1] - a[1]
            ax.text(
                mx + rad * dy / 2,
                my - rad * dx / 2,
                edge["label"],
                fontsize=6.5,
                color="#424a53",
                ha="center",
                va="center",
                parse_math=False,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )

    by_class: dict[tuple[str, str, str], list[Any]] = {}
    for node in nodes:
        key = (node["type"], node["color"]["background"], node["shape"])
        by_class.setdefault(key, []).append(node)
    for (_type, color, shape), members in by_class.items():
        ax.scatter(
            [pos[m["id"]][0] for m in members],
            [pos[m["id"]][1] for m in members],
            s=[(radius[m["id"]] * 1.6) ** 2 for m in members],
            c=color,
            marker=MARKERS.get(shape, "o"),
            edgecolors=[m["color"]["border"] for m in members],
            linewidths=[2.0 if m.get("borderWidth") else 0.6 for m in members],
            zorder=2,
        )

    labelled = nodes if n <= LABEL_ALL_NODES else nodes[:LABELLED_NODES]
    for node in labelled:  # ``nodes`` come most important first
        x, y = pos[node["id"]]
        ax.annotate(
            _text(node["label"], NODE_LABEL_CHARS),
            (x, y),
            xytext=(0, -(radius[node["id"]] + 3)),
            textcoords="offset points",
            fontsize=8 if n <= LABEL_ALL_NODES else 7,
            color=_TEXT_COLOR,
            ha="center",
            va="top",
            parse_math=False,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        )

    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=MARKERS.get(entry["shape"], "o"),
            markersize=9,
            markerfacecolor=entry["color"],
            markeredgecolor="#555555",
            label=f"{entry['type']} ({entry['count']})",
        )
        for entry in data["legend"]
    ]
    if any(edge["dashes"] for edge in edges):
        handles.append(
            Line2D(
                [],
                [],
                color=_EDGE_COLOR,
                linestyle="--",
                label="not asserted (negated, hedged, reported)",
            )
        )
    if handles:
        legend = fig.legend(
            handles=handles, loc="outside right upper", frameon=False, fontsize=9, title="Classes"
        )
        for text in legend.get_texts():
            text.set_parse_math(False)
    heading = _text(title, 120)
    lines = [f"{n:,} nodes, {len(edges):,} edges"]
    if note:
        lines.append(_text(note, 160))
    if data["omitted_nodes"]:
        lines.append(
            f"{data['omitted_nodes']:,} of {data['total_nodes']:,} nodes and "
            f"{data['omitted_edges']:,} edges left out"
        )
    fig.suptitle(heading, fontsize=14, x=0.02, ha="left", parse_math=False)
    ax.set_title("\n".join(lines), fontsize=9, loc="left", color="#57606a", parse_math=False)
    if not nodes:
        ax.text(0.5, 0.5, "No nodes to show.", ha="center", va="center", transform=ax.transAxes)
    ax.margins(0.06)
    return fig


def render_image(
    graph: nx.MultiDiGraph | Parts,
    *,
    format: str = "png",
    title: str = DEFAULT_TITLE,
    max_nodes: int = DEFAULT_MAX_NODES,
    rank: str = "degree",
    focus: Iterable[Hashable] = (),
    note: str = "",
    fill: Fill | None = None,
) -> bytes:
    """Draw a knowledge graph as a PNG or SVG picture.

    Args:
        graph: the knowledge graph (``kg.store.network``'s networkx view, or a view's graph).
        format: ``"png"`` or ``"svg"``.
        title: the heading.
        max_nodes: the most nodes to draw (at most :data:`STATIC_MAX_NODES`);
            the most important are kept, as in the HTML page.
        rank: ``"degree"`` or ``"pagerank"``.
        focus: nodes the view is about (kept first, drawn with a thick border).
        note: a line under the heading saying what the view shows.
        fill: for a ``graph`` that is an outline, what gives the full attributes of
            the nodes drawn (see :func:`kg.view.data.vis_data`).

    Returns:
        The file's bytes.

    Raises:
        FormatError: for a format other than png or svg.
        ValueError: when ``max_nodes`` is below 1 or ``rank`` is unknown.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("e:ada", label="Ada Lovelace", type="Person")
        >>> _ = g.add_edge("e:ada", "e:eng", relation="write about")
        >>> render_image(g)[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
        >>> render_image(g, format="svg").startswith(b"<?xml")
        True
    """
    fmt = format.lower()
    if fmt not in ("png", "svg"):
        raise FormatError(value_invalid_msg("image format", format, ("png", "svg")))
    data = vis_data(
        graph, max_nodes=min(max_nodes, STATIC_MAX_NODES), rank=rank, focus=focus, fill=fill
    )
    import matplotlib

    rc: dict[Any, Any] = {
        "svg.hashsalt": "kg",
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
    }
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        # A name in a script DejaVu Sans lacks draws empty boxes; say nothing about it.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message=".*missing from font", category=UserWarning)
        fig = _draw(data, title=title, note=note)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": "kg"}
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def write_image(
    graph: nx.MultiDiGraph | Parts,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    **options: Any,
) -> Path:
    """Draw ``graph`` with :func:`render_image` and write the picture to ``path``.

    The format comes from ``format``, else the suffix (``.png``, ``.svg``).
    Parent directories are created; the file appears whole or not at all.

    Args:
        graph: the knowledge graph.
        path: where to write.
        format: ``"png"`` or ``"svg"``.
        **options: for :func:`render_image` (``title``, ``max_nodes``, ``rank``, ``focus``,
            ``note``).

    Returns:
        The path written.

    Raises:
        FormatError: when the format is not png or svg.

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = write_image(nx.MultiDiGraph([("a", "b")]), pathlib.Path(tmp) / "g.svg")
        ...     out.read_bytes().startswith(b"<?xml")
        True
    """
    fmt = image_format(path, format)
    if fmt == "html":
        raise FormatError(value_invalid_msg("image format", fmt, ("png", "svg")))
    payload = render_image(graph, format=fmt, **options)
    return write_atomically(path, lambda tmp: tmp.write_bytes(payload))
