"""Draw a knowledge graph as one self-contained, offline HTML page.

Rendering is ``graph → plain data → HTML``: :func:`kg.view.data.vis_data` turns
the networkx view into nodes, edges and a legend; :func:`render_html` embeds
them in a page that requests nothing from the network, with the explorer's own
script (``kg/templates/explorer.js``: side panel of a node's facts, filters that
redraw and recount, labels by importance and zoom, expand / remove) and one of
two renderers: vis-network (its JavaScript and CSS from the ``pyvis`` package)
for small and medium views, or from :data:`SIGMA_MIN_NODES` drawn nodes on,
sigma.js + graphology (WebGL; bundled in ``kg/view/static`` by
``tools/build_sigma.sh``, laid out ahead by :mod:`kg.view.spread`).

Why not ``pyvis.Network.generate_html()``: its template always links Bootstrap
from a CDN, inserts the heading and select menu unescaped, and switches every
tooltip to ``innerHTML`` when any title contains the text ``href``; its
``write_html`` writes ``lib/`` into the current directory. So the page comes
from kg's own template (``kg/templates/graph.html``, autoescaped) and only
vis-network itself is taken from pyvis.

Every label, sentence, document name and the title is treated as untrusted
text: it reaches the page only HTML-escaped, or inside JSON whose ``<``, ``>``
and ``&`` are written as ``\\u003c``-style escapes, and tooltips are built as
DOM text nodes.
"""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import os
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.files import write_atomically
from kg.view.assets import SIGMA_JS, own_asset, script_json, vis_assets
from kg.view.data import (
    DEFAULT_RESERVE,
    DEFAULT_TITLE,
    LAYOUT_SEED,
    Fill,
    Parts,
    VisData,
    vis_data,
)
from kg.view.rank import DEFAULT_MAX_NODES, GENERIC_TYPE

#: vis-network files inside the pyvis package (the version pyvis's own template uses).
#: Physics layout iterations before the drawing is frozen (physics switched off)...
STABILIZATION_ITERATIONS = 200
#: ... fewer for big graphs: about this many node-steps in all, but at least the minimum.
STABILIZATION_BUDGET = 100_000
MIN_STABILIZATION_ITERATIONS = 50
#: Above this many nodes the layout uses the cheaper Barnes-Hut solver and straight edges.
LARGE_GRAPH_NODES = 1000
#: Up to this many nodes, the page starts from kg's own layout (:func:`kg.view.image.layout`:
#: components apart, packed to the page's shape), which physics then only loosens...
PRELAYOUT_MAX_NODES = 300
#: ... for this many steps.
PRELAYOUT_ITERATIONS = 40
#: Pixels per average edge length of that layout, and its width-to-height ratio.
PRELAYOUT_UNIT_PX = 130
PRELAYOUT_ASPECT = 1.5
#: Above this many nodes vis-network's "improved layout" (slow, quadratic) is skipped.
IMPROVED_LAYOUT_MAX_NODES = 100
#: How far the first view may zoom in to fill the page with a small graph.
MAX_FIT_ZOOM = 1.5
#: The search box suggests the names of at most this many nodes (the most important).
MAX_SEARCH_SUGGESTIONS = 2000

#: The renderers: vis-network (SVG-like canvas, physics) and sigma.js (WebGL).
RENDERERS = ("auto", "vis", "sigma")
#: From this many drawn nodes ``renderer="auto"`` picks sigma.js: measured here
#: (benchmarks/big_view.py, 3 edges per node, a shared 2-core machine), vis-network
#: took 5.3 s to be ready with 1,000 nodes, 8.4 s with 2,000 and over 20 s with
#: 5,000; sigma.js 2.5 s with 5,000 nodes and 15,000 edges.
SIGMA_MIN_NODES = 1000
#: At the zoom that fits the whole view, this many nodes have their labels drawn
#: (most important first); zooming in by a factor z shows about z² times as many.
LABELS_AT_FIT = 25
#: The selected node's neighbours (most important first) whose labels, and whose
#: edges' labels, are drawn: a star of hundreds would be unreadable.
NEIGHBOUR_LABELS = 30


def choose_renderer(renderer: str, node_count: int) -> str:
    """``"vis"`` or ``"sigma"``: the one asked for, or for ``"auto"`` the one that fits.

    Example:
        >>> choose_renderer("auto", 200), choose_renderer("auto", 5000)
        ('vis', 'sigma')
        >>> choose_renderer("vis", 5000)
        'vis'
    """
    if renderer not in RENDERERS:
        from kg.errors import value_invalid_msg

        raise ValueError(value_invalid_msg("renderer", renderer, RENDERERS))
    if renderer != "auto":
        return renderer
    return "sigma" if node_count >= SIGMA_MIN_NODES else "vis"


@functools.cache
def _template() -> Any:
    import jinja2

    source = (importlib.resources.files("kg") / "templates" / "graph.html").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source)


def vis_options(node_count: int, *, physics: bool = True, laid_out: bool = False) -> dict[str, Any]:
    """vis-network options for a graph of ``node_count`` nodes.

    Physics runs for at most :data:`STABILIZATION_ITERATIONS` steps before the
    first drawing (fewer for big graphs, so that a 2,000-node view is drawn
    within seconds; :data:`PRELAYOUT_ITERATIONS` when the nodes come with
    positions, ``laid_out``), then the page switches it off, so the view is still.

    Example:
        >>> vis_options(10)["physics"]["stabilization"]["iterations"]
        200
        >>> vis_options(2000)["physics"]["stabilization"]["iterations"]
        50
        >>> vis_options(1000)["layout"]["improvedLayout"]
        False
    """
    large = node_count > LARGE_GRAPH_NODES
    iterations = min(
        STABILIZATION_ITERATIONS,
        max(MIN_STABILIZATION_ITERATIONS, STABILIZATION_BUDGET // max(node_count, 1)),
    )
    if laid_out:
        iterations = PRELAYOUT_ITERATIONS
    return {
        "autoResize": True,
        "layout": {
            "randomSeed": LAYOUT_SEED,
            "improvedLayout": node_count <= IMPROVED_LAYOUT_MAX_NODES,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "size": 14,
                "face": "system-ui, DejaVu Sans, sans-serif",
                "color": "#1f2328",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#8c959f", "highlight": "#24292f", "hover": "#24292f"},
            "font": {
                "size": 11,
                "face": "system-ui, DejaVu Sans, sans-serif",
                "color": "#424a53",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 1.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": node_count > 300},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut" if large else "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 150,
                "springConstant": 0.08,
                "avoidOverlap": 0.6,
            },
            "barnesHut": {
                "gravitationalConstant": -6000,
                "centralGravity": 0.3,
                "springLength": 120,
                "springConstant": 0.04,
                "avoidOverlap": 0.1,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": physics,
                "iterations": iterations,
                "updateInterval": 25,
                "fit": True,
            },
        },
    }


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


#: How the "left out" line names the nodes kept, per ranking.
_KEPT_BY_RANK = {"degree": "best-connected", "pagerank": "highest-PageRank"}


def _summary(data: VisData) -> tuple[str, str]:
    """The summary line and the "left out" line (empty when nothing was left out)."""
    summary = f"{_plural(len(data['nodes']), 'node')}, {_plural(len(data['edges']), 'edge')}"
    if not data["omitted_nodes"]:
        return summary, ""
    kept = _KEPT_BY_RANK.get(data["rank"], "most important")
    concepts = (
        0 if data["concepts_shown"] else sum(n["type"] == GENERIC_TYPE for n in data["nodes"])
    )
    omitted = (
        f"Showing the {len(data['nodes']) - concepts:,} {kept} of {data['total_nodes']:,} nodes: "
        f"{_plural(data['omitted_nodes'], 'node')} and "
        f"{_plural(data['omitted_edges'], 'edge')} left out"
    )
    if concepts:
        omitted += f"; {_plural(concepts, 'generic concept')} held back (see Filters)"
    return summary, omitted + "."


def render_html(
    graph: nx.MultiDiGraph | Parts,
    *,
    title: str = DEFAULT_TITLE,
    max_nodes: int = DEFAULT_MAX_NODES,
    rank: str = "degree",
    focus: Iterable[Hashable] = (),
    note: str = "",
    physics: bool = True,
    renderer: str = "auto",
    reserve: int = DEFAULT_RESERVE,
    hide_concepts: bool | None = None,
    fill: Fill | None = None,
) -> str:
    """Render a knowledge graph as a complete, self-contained HTML page.

    Nodes are coloured and shaped by class and sized by degree; the labels of
    the most important nodes are drawn (more as one zooms in, and on hover),
    edge labels on hover and around the selected node. Clicking a node opens a
    side panel of its facts grouped by relation (the other entity, the source
    sentence with both mentions marked, document, confidence, time, status),
    its aliases, documents and events, with "Expand" (draw its neighbours from
    the page's reserve) and "Remove". Filters (class, generic concepts, hedged
    claims, relation, confidence, document, time range) redraw the view and
    the header's counts. A search box finds a node by label or alias. The page
    requests nothing from the network; ``window.kg`` answers what is shown,
    and a vis-network page exposes its ``Network`` as ``window.network``
    (with a button that turns the layout physics on and off).

    Args:
        graph: the knowledge graph (``kg.store.network``'s networkx view, or a
            :class:`kg.view.select.View`'s graph; see :mod:`kg.view.data` for the
            node and edge attributes it reads).
        title: the page title and heading (plain text; escaped).
        max_nodes: the most nodes to draw; a bigger graph keeps its most
            important nodes and the page says what was left out.
        rank: what "important" means: ``"degree"`` or ``"pagerank"``.
        focus: nodes the view is about: kept first, selected, drawn with a thick border.
        note: a line under the heading saying what the view shows (plain text).
        physics: lay the graph out with a short physics simulation before the
            first drawing (then freeze it); False leaves vis-network's initial layout.
        renderer: ``"vis"`` (vis-network), ``"sigma"`` (sigma.js, WebGL, laid out
            here by :func:`kg.view.spread.spread_layout`) or ``"auto"``: sigma.js
            from :data:`SIGMA_MIN_NODES` nodes on.
        reserve: how many not-yet-drawn neighbours of drawn nodes the page holds
            (with their edges) for its "Expand" button.
        hide_concepts: leave generic ``Concept`` nodes out until the page's toggle
            brings them back (None: for a view without ``focus``, i.e. a whole-graph
            or ranked view; an entity view keeps its neighbours of all classes).
        fill: for a ``graph`` that is an outline, what gives the full attributes of
            the nodes drawn (see :func:`kg.view.data.vis_data`).

    Returns:
        The page, as a string.

    Raises:
        ValueError: when ``max_nodes`` is below 1, or ``rank`` or ``renderer`` is unknown.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph([("e:ada", "e:eng", {"relation": "write about"})])
        >>> g.nodes["e:ada"].update(label="Ada <Lovelace>", type="Person")
        >>> page = render_html(g, title="Ada & the Engine")
        >>> "<h1 id=\\"kg-title\\">Ada &amp; the Engine</h1>" in page
        True
        >>> "Ada <Lovelace>" in page, "Ada \\\\u003cLovelace\\\\u003e" in page
        (False, True)
    """
    from kg._version import __version__

    focus = list(focus)
    data = vis_data(
        graph,
        max_nodes=max_nodes,
        rank=rank,
        focus=focus,
        hide_concepts=not focus if hide_concepts is None else hide_concepts,
        reserve=reserve,
        fill=fill,
    )
    summary, omitted = _summary(data)
    chosen = choose_renderer(renderer, len(data["nodes"]))
    laid_out = chosen == "vis" and len(data["nodes"]) <= PRELAYOUT_MAX_NODES
    nodes: list[dict[str, Any]] = [dict(node) for node in data["nodes"]]
    reserve_nodes: list[dict[str, Any]] = [dict(node) for node in data["reserve_nodes"]]
    if laid_out:
        from kg.view.image import layout

        positions = layout(data, aspect=PRELAYOUT_ASPECT)
        for node in nodes:
            x, y = positions[node["id"]]
            node["x"], node["y"] = round(x * PRELAYOUT_UNIT_PX, 1), round(-y * PRELAYOUT_UNIT_PX, 1)
    edges: list[dict[str, Any]] = [dict(edge) for edge in data["edges"]]
    reserve_edges: list[dict[str, Any]] = [dict(edge) for edge in data["reserve_edges"]]
    if chosen == "sigma":
        from kg.view.spread import slim, spread

        spread(nodes + reserve_nodes, edges + reserve_edges)
        slim(nodes + reserve_nodes, edges + reserve_edges)
    payload = {
        "nodes": nodes,
        "edges": edges,
        "reserve_nodes": reserve_nodes,
        "reserve_edges": reserve_edges,
        "focus": data["focus"],
        "renderer": chosen,
        "concepts_shown": data["concepts_shown"],
        "labels_at_fit": LABELS_AT_FIT,
        "neighbour_labels": NEIGHBOUR_LABELS,
        "options": vis_options(len(nodes), physics=physics, laid_out=laid_out),
        "max_zoom": MAX_FIT_ZOOM,
        "max_suggestions": MAX_SEARCH_SUGGESTIONS,
        "total_nodes": data["total_nodes"],
        "total_edges": data["total_edges"],
        "omitted_nodes": data["omitted_nodes"],
        "omitted_edges": data["omitted_edges"],
    }
    from markupsafe import Markup

    if chosen == "sigma":
        renderer_js, vis_css = own_asset("view", *SIGMA_JS.split("/")), ""
    else:
        renderer_js, vis_css = vis_assets()
    page: str = _template().render(
        title=title,
        version=__version__,
        summary=summary,
        note=note,
        omitted=omitted,
        legend=data["legend"],
        has_focus=bool(data["focus"]),
        renderer=chosen,
        vis_js=Markup(renderer_js),
        vis_css=Markup(vis_css),
        explorer_js=Markup(own_asset("templates", "explorer.js")),
        data_json=Markup(script_json(payload)),
    )
    return page


def write_html(graph: nx.MultiDiGraph | Parts, path: str | os.PathLike[str], **kwargs: Any) -> Path:
    """Render ``graph`` with :func:`render_html` and write the page to ``path``.

    Parent directories are created. The file is written to a temporary name
    next to it and renamed into place, so a reader never sees half a page.

    Args:
        graph: the knowledge graph.
        path: where to write the page.
        **kwargs: passed to :func:`render_html` (``title``, ``max_nodes``, ``rank``,
            ``focus``, ``note``, ``physics``).

    Returns:
        The path written.

    Example:
        >>> import networkx as nx, tempfile, pathlib
        >>> g = nx.MultiDiGraph([("e:a", "e:b")])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = write_html(g, pathlib.Path(tmp) / "views" / "graph.html", title="demo")
        ...     out.name, out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        ('graph.html', True)
    """
    page = render_html(graph, **kwargs)
    return write_atomically(path, lambda tmp: tmp.write_text(page, "utf-8", newline="\n"))
