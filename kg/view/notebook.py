"""Graphs drawn inline in Jupyter: the HTML view inside an isolated ``<iframe srcdoc>``.

A notebook shows the object that ends a cell through its ``_repr_html_``, or
through a formatter registered for its type: ``import kg`` inside IPython
registers :func:`repr_html` for ``KnowledgeGraph`` (:func:`register`). It and
``GraphView._repr_html_`` return one
``<iframe>`` whose ``srcdoc`` attribute holds kg's whole, self-contained page
(``kg.view.html.render_html``, vis-network inlined), HTML-escaped. So:

- the page's CSS and scripts cannot leak into the notebook, nor the notebook's
  into the page (a ``srcdoc`` document is a separate document);
- ``sandbox="allow-scripts"`` lets vis-network run, but gives the page an
  opaque origin: it cannot read the notebook, its cookies or its kernel;
- nothing is fetched from a CDN, so it works offline in JupyterLab, VS Code,
  classic Notebook and in a saved ``.ipynb`` viewed later.

Notebooks get a smaller node cap (``NOTEBOOK_MAX_NODES``) than files do:
each displayed graph is saved in the notebook, vis-network included (about
0.7 MB), so keep outputs stripped in git.

Example:
    >>> import kg
    >>> view = show(kg.open(), title="empty")
    >>> view._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from kg.view.data import DEFAULT_TITLE

if TYPE_CHECKING:
    import networkx as nx

    from kg.query import QueryResult
    from kg.store.graph import KnowledgeGraph
    from kg.view.select import View

#: The most nodes drawn inline (a file view, ``kg render``, draws more).
NOTEBOOK_MAX_NODES = 150
#: Height of the inline view, in CSS pixels (the width is 100% of the cell).
IFRAME_HEIGHT = 600


def iframe(page: str, *, height: int = IFRAME_HEIGHT, title: str = "kg graph view") -> str:
    """Wrap a complete HTML page in an isolated, sandboxed ``<iframe srcdoc>``.

    Args:
        page: the whole HTML document.
        height: the frame's height in CSS pixels (its width is 100%).
        title: the frame's accessible name (plain text; escaped).

    Returns:
        One ``<iframe>`` element; the page is in its ``srcdoc`` attribute, escaped
        with ``html.escape(page, quote=True)``, so no markup of the page is live
        outside the frame.

    Example:
        >>> frame = iframe("<p class='x'>Hi & bye</p>", height=100)
        >>> frame.split(" sandbox")[0]
        '<iframe srcdoc="&lt;p class=&#x27;x&#x27;&gt;Hi &amp; bye&lt;/p&gt;"'
        >>> 'sandbox="allow-scripts"' in frame, "height: 100px" in frame
        (True, True)
    """
    if height < 1:
        raise ValueError(f"height must be at least 1 pixel, not {height!r}")
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'title="{html.escape(title, quote=True)}" loading="lazy" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d0d7de; '
        f'border-radius: 4px;"></iframe>'
    )


class GraphView:
    """A rendered graph page that Jupyter displays inline (see ``show``).

    Attributes:
        page: the complete, self-contained HTML page.
        height: the inline frame's height in CSS pixels.
        title: the page title.
    """

    def __init__(
        self, page: str, *, height: int = IFRAME_HEIGHT, title: str = DEFAULT_TITLE
    ) -> None:
        self.page = page
        self.height = height
        self.title = title

    def _repr_html_(self) -> str:
        return iframe(self.page, height=self.height, title=self.title)

    def __repr__(self) -> str:
        return f"<GraphView {self.title!r} ({len(self.page):,} characters of HTML)>"

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to a file (parent directories created) and return its path.

        Example:
            >>> import tempfile, pathlib
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     path = GraphView("<!DOCTYPE html><p>hi</p>").save(pathlib.Path(tmp) / "a.html")
            ...     path.read_text(encoding="utf-8")
            '<!DOCTYPE html><p>hi</p>'
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.page, encoding="utf-8", newline="\n")
        return target


def show(
    source: KnowledgeGraph | View | nx.MultiDiGraph,
    *,
    title: str | None = None,
    max_nodes: int = NOTEBOOK_MAX_NODES,
    include_hedged: bool = True,
    height: int = IFRAME_HEIGHT,
    **options: Any,
) -> GraphView:
    """Render a knowledge graph for inline display in a notebook.

    Args:
        source: a ``KnowledgeGraph``, a ``kg.view.select.View`` (one entity's neighbourhood,
            say), or a networkx view of a knowledge graph.
        title: the page title and heading (default: what the view is).
        max_nodes: the most nodes to draw (the best-connected are kept).
        include_hedged: for a ``KnowledgeGraph``, also draw negated, hedged and
            attributed statements (as dashed edges).
        height: the inline frame's height in CSS pixels.
        **options: for a ``KnowledgeGraph``, what to draw (``entity``, ``hops``,
            ``query``, ``doc``, as for ``kg.view.draw``); and more options for
            ``kg.view.html.render_html`` (``rank``, ``focus``, ``note``, ``physics``).

    Returns:
        A ``GraphView``: the last expression of a cell, or ``display(view)``, draws it.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph([("e:a", "e:b", {"relation": "meet"})])
        >>> show(g, title="two nodes")  # doctest: +ELLIPSIS
        <GraphView 'two nodes' (... characters of HTML)>
    """
    import networkx as nx

    from kg.view.drawing import select, view_html
    from kg.view.select import View

    if _is_view(source):  # a kg.view.select.View: its subgraph, title, note and focus
        view = source
    elif isinstance(source, nx.Graph):
        view = View(source)
    else:
        wanted = {k: options.pop(k) for k in _SELECTIONS if k in options}
        view = select(cast("KnowledgeGraph", source), include_hedged=include_hedged, **wanted)
    title = view.title if title is None else title
    page = view_html(view, title=title, max_nodes=max_nodes, **options)
    return GraphView(page, height=height, title=title)


#: ``show`` options that choose what to draw of a ``KnowledgeGraph``.
_SELECTIONS = ("entity", "hops", "query", "doc")


def _is_view(source: object) -> TypeGuard[View]:
    import networkx as nx

    graph = getattr(source, "graph", None)
    return isinstance(graph, nx.Graph) and hasattr(source, "focus")


def graph_html(source: KnowledgeGraph | nx.MultiDiGraph, **options: Any) -> str:
    """The inline HTML (an ``<iframe srcdoc>``) of a knowledge graph; options as for ``show``.

    Example:
        >>> import kg
        >>> "sandbox=\\"allow-scripts\\"" in graph_html(kg.open())
        True
    """
    return show(source, **options)._repr_html_()


def repr_html(graph: KnowledgeGraph) -> str | None:
    """What Jupyter shows for a ``KnowledgeGraph``: :func:`graph_html`, or None (its
    plain ``repr``) when the graph cannot be read, a closed store say."""
    from kg.errors import KGError

    try:
        return graph_html(graph)
    except KGError:
        return None


def register(formatter: Any = None) -> bool:
    """Let IPython show every ``KnowledgeGraph`` inline, with :func:`repr_html`.

    ``import kg`` calls it when IPython is running; elsewhere it does nothing.

    Args:
        formatter: an IPython ``DisplayFormatter`` (default: the running shell's).

    Returns:
        Whether a formatter was registered.

    Example:
        >>> register()  # not inside IPython
        False
    """
    if formatter is None:
        ipython = sys.modules.get("IPython")
        shell = None if ipython is None else ipython.get_ipython()
        if shell is None:
            return False
        formatter = shell.display_formatter
    html_formatter = formatter.formatters["text/html"]
    html_formatter.for_type_by_name("kg.store.graph", "KnowledgeGraph", repr_html)
    return True


class ResultTable:
    """A SPARQL result as a table: HTML in a notebook, aligned text elsewhere.

    Attributes:
        headers: the column names.
        rows: the cells, as display strings (IRIs compacted with the prefixes).
        truncated: True when the query's row limit cut the result.
    """

    def __init__(self, headers: list[str], rows: list[list[str]], *, truncated: bool = False):
        self.headers = headers
        self.rows = rows
        self.truncated = truncated

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        if not self.headers:
            return "(no result)"
        cells = [[" ".join(c.split()) for c in row] for row in self.rows]
        widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(self.headers)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
        return "\n".join(line.rstrip() for line in lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in self.rows
        )
        note = " (cut at the row limit)" if self.truncated else ""
        caption = f"{len(self.rows):,} row{'' if len(self.rows) == 1 else 's'}{note}"
        return (
            f'<table class="kg-result"><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame`` (pandas is not a dependency of kg).

        Raises:
            ModuleNotFoundError: when pandas is not installed.
        """
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.headers)


def table(result: QueryResult, *, prefixes: Mapping[str, str] | None = None) -> ResultTable:
    """A query result as a ``ResultTable`` (``SELECT`` rows, ``ASK``, or a graph's triples).

    Args:
        result: what ``KnowledgeGraph.query`` returned.
        prefixes: namespaces to compact IRIs with (``graph.prefixes``).

    Example:
        >>> import kg
        >>> from kg.model import DocumentGraph, Triple
        >>> graph = kg.open()
        >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
        >>> rows = graph.query("SELECT ?name WHERE { ?e skos:prefLabel ?name } ORDER BY ?name")
        >>> table(rows)
        name
        ----
        Ann
        Bob
        >>> "<td>Ann</td>" in table(rows)._repr_html_()
        True
    """
    from kg.query import result_rows

    headers, rows = result_rows(result, prefixes=prefixes)
    return ResultTable(headers, rows, truncated=bool(getattr(result, "truncated", False)))
