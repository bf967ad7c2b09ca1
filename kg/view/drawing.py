"""Drawing a knowledge graph, in one sequence: select → plain data → HTML page or picture.

:func:`draw` writes a file (``kg render``), :func:`page` returns the HTML page
(``kg serve``'s ``/view``), and the notebook display (:mod:`kg.view.notebook`)
shows a :class:`~kg.view.select.View` with :func:`view_html`. All three go
through :func:`select`: the store's networkx view (:mod:`kg.store.network`),
narrowed by :func:`kg.view.select.select_view`, then drawn by
:mod:`kg.view.html` or :mod:`kg.view.image` with the same title, cap, ranking,
focus and note.

Example:
    >>> import kg, tempfile, pathlib
    >>> from kg.model import DocumentGraph, Triple
    >>> graph = kg.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
    >>> "Ann" in page(graph, entity="ann")
    True
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     draw(graph, pathlib.Path(tmp) / "graph.svg").read_bytes().startswith(b"<?xml")
    True
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from kg.view.rank import DEFAULT_MAX_NODES

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph
    from kg.view.select import View


def network_of(
    graph: KnowledgeGraph, *, include_hedged: bool = True, min_confidence: float = 0.0
) -> nx.MultiDiGraph:
    """The networkx view a drawing starts from (see :func:`kg.store.network.to_networkx`).

    Without the statements that are not asserted (``include_hedged=False``) or
    whose confidence is below ``min_confidence``, the entities only those
    statements name are left out too.
    """
    from kg.store.threshold import confident_network

    return confident_network(graph, include_hedged=include_hedged, min_confidence=min_confidence)


class Selection(TypedDict, total=False):
    """What to draw of a graph (see :func:`draw`); every key is optional."""

    entity: str | None
    hops: int
    query: str | None
    doc: str | None
    include_hedged: bool
    min_confidence: float


def select(
    graph: KnowledgeGraph,
    *,
    network: nx.MultiDiGraph | None = None,
    **selection: Unpack[Selection],
) -> View:
    """The part of ``graph`` to draw.

    Args:
        graph: the knowledge graph.
        network: ``network_of(graph, include_hedged=...)``, when the caller has it
            (``kg serve`` keeps one per snapshot of the store for the whole graph);
            without it, an entity, document or query view reads only its part of the
            store (:mod:`kg.view.stored`).
        **selection: ``entity``, ``hops``, ``query``, ``doc``, ``include_hedged`` and
            ``min_confidence``, as for :func:`draw`.

    Raises:
        KGError: an unknown entity or document, a query that gives no triples, or
            a refused query (``QueryError``).
    """
    from kg.view.select import View, select_view

    query, doc = selection.get("query"), selection.get("doc")
    if network is None:
        from kg.view.stored import select_stored

        stored = select_stored(graph, **selection)
        if stored is not None:  # an entity, a document, a query: read from the store
            return stored
        if not selection.get("min_confidence"):  # the whole view, read as a page needs
            from kg.view.whole import WholeParts

            return View(WholeParts(graph, include_hedged=selection.get("include_hedged", True)))
        network = network_of(
            graph,
            include_hedged=selection.get("include_hedged", True),
            min_confidence=selection.get("min_confidence", 0.0),
        )
    return select_view(
        network,
        entity=selection.get("entity"),
        hops=selection.get("hops", 1),
        doc=doc,
        query_result=None if query is None else graph.query(query),
        documents=None if doc is None else [d["doc_id"] for d in graph.documents()],
        prefixes=graph.prefixes,
    )


def _options(view: View, title: str | None, max_nodes: int, rank: str) -> dict[str, Any]:
    return {
        "title": view.title if title is None else title,
        "max_nodes": max_nodes,
        "rank": rank,
        "focus": view.focus,
        "note": view.description,
        "fill": view.fill,
    }


def view_html(
    view: View,
    *,
    title: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    rank: str = "degree",
    **options: Any,
) -> str:
    """The HTML page of a selected view: its title, focus and note unless ``options`` say.

    Args:
        view: what :func:`select` (or a function of :mod:`kg.view.select`) returned.
        title: the heading (default: the view's title).
        max_nodes: the most nodes to draw.
        rank: ``"degree"`` or ``"pagerank"``.
        **options: more for :func:`kg.view.html.render_html` (``focus``, ``note``, ``physics``).

    Example:
        >>> import networkx as nx
        >>> from kg.view.select import View
        >>> "<h1 id=\\"kg-title\\">Two</h1>" in view_html(View(nx.MultiDiGraph([(1, 2)]), "Two"))
        True
    """
    from kg.view.html import render_html

    return render_html(view.outline, **{**_options(view, title, max_nodes, rank), **options})


_BUILDING = 0
_BUILDING_LOCK = threading.Lock()
_COLLECTING = True


@contextlib.contextmanager
def uncollected() -> Iterator[None]:
    """Build a view with Python's cycle collector paused (threads share the pause).

    A page makes some 10^5 short-lived objects, all freed by their reference
    counts; with a read-only store's skeleton and names kept in memory (millions
    of objects), each full collection those allocations set off walks them all:
    a fifth to a quarter of a 2-hop page's time on 200 articles. The collector
    is as it was once the last build ends.
    """
    global _BUILDING, _COLLECTING
    with _BUILDING_LOCK:
        if _BUILDING == 0:
            _COLLECTING = gc.isenabled()
            gc.disable()
        _BUILDING += 1
    try:
        yield
    finally:
        with _BUILDING_LOCK:
            _BUILDING -= 1
            if _BUILDING == 0 and _COLLECTING:
                gc.enable()


def page(
    graph: KnowledgeGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    rank: str = "degree",
    title: str | None = None,
    network: nx.MultiDiGraph | None = None,
    **selection: Unpack[Selection],
) -> str:
    """The interactive HTML page of ``graph``, or of a view of it, as a string.

    Arguments as for :func:`draw` (``entity``, ``hops``, ``query``, ``doc``,
    ``include_hedged`` select what to draw); ``network`` as for :func:`select`.
    """
    with uncollected():
        view = select(graph, network=network, **selection)
        return view_html(view, title=title, max_nodes=max_nodes, rank=rank)


def draw(
    graph: KnowledgeGraph,
    path: str | os.PathLike[str],
    *,
    entity: str | None = None,
    hops: int = 1,
    query: str | None = None,
    doc: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    rank: str = "degree",
    title: str | None = None,
    format: str | None = None,
    include_hedged: bool = True,
    min_confidence: float = 0.0,
) -> Path:
    """Draw the graph, or a view of it, as an interactive HTML page or a picture.

    With no selection the whole graph is drawn (its ``max_nodes`` most important
    nodes; the page says what was left out). ``entity`` draws the entities within
    ``hops`` edges of every entity with that label or alias (any case); ``query``
    the triples of a ``CONSTRUCT`` or ``SELECT ?s ?p ?o`` query (checked as by
    ``KnowledgeGraph.query``); ``doc`` the statements of one document. Selections
    combine. Negated, hedged and attributed statements are drawn as dashed edges
    unless ``include_hedged`` is False. See ``kg.view.select``, ``kg.view.html``,
    ``kg.view.image``.

    Args:
        graph: the knowledge graph.
        path: the file to write.
        entity: an entity's label or alias.
        hops: how far from ``entity`` to go.
        query: a SPARQL ``CONSTRUCT``, ``DESCRIBE`` or ``SELECT ?s ?p ?o`` query.
        doc: a document id (as stored by ``add``; a path's last part will do).
        max_nodes: the most nodes to draw.
        rank: which nodes to keep when there are more: ``"degree"`` or ``"pagerank"``.
        title: the heading (default: says what the view is).
        format: ``"html"``, ``"png"`` or ``"svg"`` (default: from the suffix, else html).
        include_hedged: draw statements that are not asserted.
        min_confidence: leave out statements whose confidence is below this (0 to 1),
            and the entities only they name.

    Returns:
        The path written.

    Raises:
        KGError: an unknown entity or document (with suggestions), a query that
            gives no triples, a refused query (``QueryError``), or ``min_confidence``
            outside [0, 1].
        FormatError: an unknown ``format``.

    Example:
        >>> import kg, tempfile
        >>> from kg.model import DocumentGraph, Triple
        >>> with kg.open() as graph:
        ...     _ = graph.add(DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob")]))
        ...     page = kg.draw(graph, tempfile.mkdtemp() + "/graph.html")
        >>> page.name, "Ann" in page.read_text(encoding="utf-8")
        ('graph.html', True)
    """
    from kg.view.image import image_format, write_image

    fmt = image_format(path, format)
    with uncollected():
        view = select(
            graph, entity=entity, hops=hops, query=query, doc=doc, include_hedged=include_hedged,
            min_confidence=min_confidence,
        )  # fmt: skip
        options = _options(view, title, max_nodes, rank)
        if fmt == "html":
            from kg.view.html import write_html

            return write_html(view.outline, path, **options)
        return write_image(view.outline, path, format=fmt, **options)
