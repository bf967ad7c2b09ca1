"""The HTML pages of ``kg serve``: the index (a query form, links to views) and ``/view``.

Both are complete pages with their own ``Content-Security-Policy`` (:data:`INDEX_CSP`,
:data:`VIEW_CSP`): the index has no script; the view is :func:`kg.view.page`.
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.serve.sparql import HTTPError

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph

#: The index page's policy: inline style, a form to this server, nothing else.
INDEX_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
#: The graph view's policy (as in its own ``<meta>``): inline script and style, nothing fetched.
VIEW_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


#: Entities linked from the index page (the most connected first).
INDEX_ENTITIES = 12
_TOP_ENTITIES = f"""SELECT ?label (COUNT(DISTINCT ?st) AS ?n) WHERE {{
  {{ ?st rdf:subject ?e }} UNION {{ ?st rdf:object ?e }}
  ?st a kg:Statement . ?e skos:prefLabel ?label .
}} GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT {INDEX_ENTITIES}"""


def _sample_query() -> str:
    import importlib.resources

    sample = importlib.resources.files("kg") / "samples" / "who-did-what.rq"
    try:
        lines = sample.read_text(encoding="utf-8").splitlines()
    except OSError:
        return "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
    return "\n".join(line for line in lines if not line.startswith("#")).strip()


def index_page(graph: KnowledgeGraph) -> str:
    """The HTML page at ``/``: a query form and links to graph views (no script, all escaped).

    Example:
        >>> import kg
        >>> page = index_page(kg.open())
        >>> '<form method="get" action="/sparql">' in page, "<script" in page
        (True, False)
    """
    esc = html.escape
    try:
        stats = graph.stats()
        summary = (
            f"{stats['documents']:,} documents, {stats['entities']:,} entities, "
            f"{stats['statements']:,} statements"
        )
        rows = graph.query(_TOP_ENTITIES, timeout=5.0)
        names = [str(row[0]) for row in rows] if not isinstance(rows, bool | None) else []
    except KGError as exc:
        summary, names = f"(cannot read the graph: {exc})", []
    options = "".join(
        f'<option value="{esc(media)}">{esc(label)}</option>'
        for media, label in (
            ("", "by Accept header (JSON / Turtle)"),
            ("application/sparql-results+json", "SPARQL JSON"),
            ("application/sparql-results+xml", "SPARQL XML"),
            ("text/csv", "CSV"),
            ("text/tab-separated-values", "TSV"),
            ("text/turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
            ("application/n-triples", "N-Triples (CONSTRUCT, DESCRIBE)"),
            ("application/ld+json", "JSON-LD (CONSTRUCT, DESCRIBE)"),
        )
    )
    links = "".join(
        f'<li><a href="/view?entity={esc(urllib.parse.quote(name, safe=""))}">{esc(name)}</a></li>'
        for name in names
    )
    prefixes = " ".join(f"{esc(p)}:" for p in sorted(graph.prefixes))
    from kg._version import __version__

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL endpoint</title>
<style>
  body {{ font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 60rem;
         padding: 0 1rem; color: #1f2328; }}
  textarea {{ width: 100%; height: 14rem; font-family: ui-monospace, monospace; }}
  code {{ background: #f6f8fa; padding: 0 .2rem; }}
  .muted {{ color: #57606a; }}
</style>
</head>
<body>
<h1>kg SPARQL endpoint</h1>
<p class="muted">{esc(summary)} &middot; kg {esc(__version__)}</p>
<form method="get" action="/sparql">
<p><label for="query">SPARQL query (read-only)</label></p>
<textarea id="query" name="query">{esc(_sample_query())}</textarea>
<p><label for="accept">Result format</label>
<select id="accept" name="accept">{options}</select>
<button type="submit">Run query</button></p>
</form>
<p class="muted">Predeclared prefixes: {prefixes}. Endpoint for SPARQL clients:
<code>/sparql</code> (SPARQL 1.1 Protocol, GET or POST).</p>
<h2>Graph views</h2>
<ul><li><a href="/view">The whole graph</a></li></ul>
{f"<h3>Entities</h3><ul>{links}</ul>" if links else ""}
</body>
</html>
"""


def view_page(
    graph: KnowledgeGraph,
    params: Mapping[str, list[str]],
    *,
    network: Callable[[], nx.MultiDiGraph] | None = None,
) -> str:
    """The HTML view for ``/view``: the whole graph, or ``entity=``, ``doc=``, ``hops=``.

    ``network`` gives ``kg.view.drawing.network_of(graph)`` when the caller keeps one;
    it is called for the whole graph only (an entity's or a document's view reads
    its part of the store).

    Raises:
        HTTPError: 404 for an unknown entity or document, 400 for bad ``hops``.
    """
    from kg.view import page

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[0] if values else None

    entity, doc = one("entity"), one("doc")
    hops_text = None if entity is None and doc is None else one("hops")  # the whole graph: no hops
    try:
        hops = int(hops_text) if hops_text is not None else 1
    except ValueError as exc:
        raise HTTPError(
            HTTPStatus.BAD_REQUEST, f"hops must be a number, not {hops_text!r}"
        ) from exc
    try:
        whole = None if network is None or entity is not None or doc is not None else network()
        return page(graph, entity=entity, doc=doc, hops=hops, network=whole)
    except KGError as exc:
        raise HTTPError(HTTPStatus.NOT_FOUND, str(exc)) from exc
    except ValueError as exc:
        raise HTTPError(HTTPStatus.BAD_REQUEST, str(exc)) from exc
