"""The SPARQL page of ``kg serve`` (``/query``): an editor, and its results as a table.

``GET /query`` shows the editor with a sample query and the predeclared prefixes;
``GET /query?query=...`` (the form) runs the query through the very path of the
``/sparql`` endpoint (``kg.serve.sparql.answer``: the same checks, worker
processes, timeout and row limit) and shows a ``SELECT`` as an HTML table, where
entity and document IRIs link to their pages, an ``ASK`` as its answer, and a
``CONSTRUCT`` or ``DESCRIBE`` as Turtle. Links download the same results from
``/sparql`` as CSV or JSON (Turtle or N-Triples for a graph). A refused,
malformed or timed-out query shows its error, as text, with the status
``/sparql`` gives it.
"""

from __future__ import annotations

import importlib.resources
import json
import urllib.parse
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from kg.serve.render import Response, entity_url, render
from kg.serve.sparql import HTTPError, answer

if TYPE_CHECKING:
    from kg.serve.web import Context

#: Rows of a ``SELECT`` shown on the page (the downloads hold up to the server's row limit).
PAGE_ROWS = 1_000
#: The ``Accept`` header the page runs its queries with.
_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
_SELECT_DOWNLOADS = (("CSV", "text/csv"), ("JSON", "application/sparql-results+json"))
_GRAPH_DOWNLOADS = (("Turtle", "text/turtle"), ("N-Triples", "application/n-triples"))


def sample_query() -> str:
    """The query the editor starts with: ``kg/samples/who-did-what.rq`` without comments."""
    sample = importlib.resources.files("kg") / "samples" / "who-did-what.rq"
    try:
        lines = sample.read_text(encoding="utf-8").splitlines()
    except OSError:
        return "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
    return "\n".join(line for line in lines if not line.startswith("#")).strip()


def _cell(value: Mapping[str, str] | None, prefixes: Mapping[str, str]) -> dict[str, Any]:
    """One result value for the table: its text, a link (or None), and its kind."""
    if value is None:
        return {"text": "", "href": None, "kind": "unbound"}
    text, kind = value.get("value", ""), value.get("type", "literal")
    if kind != "uri":
        return {"text": text, "href": None, "kind": "bnode" if kind == "bnode" else "literal"}
    ent, doc = prefixes.get("ent", ""), prefixes.get("doc", "")
    href = None
    if ent and text.startswith(ent) and "/" not in text[len(ent) :]:
        href = entity_url(text)
    elif doc and text.startswith(doc) and "/" not in text[len(doc) :]:
        href = "/document?" + urllib.parse.urlencode({"iri": text})
    short = text
    for prefix, namespace in prefixes.items():
        rest = text[len(namespace) :]
        if text.startswith(namespace) and rest and "/" not in rest and "#" not in rest:
            short = f"{prefix}:{rest}"
            break
    return {"text": short, "href": href, "kind": "iri", "iri": text}


def query_page(context: Context, params: Mapping[str, list[str]]) -> Response:
    """``/query``: the editor, and the answer of its query when the form sent one."""
    graph = context.graph
    queries = params.get("query")
    common: dict[str, Any] = {
        "prefixes": sorted(graph.prefixes.items()),
        "row_limit": context.limit,
        "page_rows": PAGE_ROWS,
        "timeout": context.timeout,
    }
    if not queries:
        return render("query.html", query=sample_query(), result=None, error=None, **common)
    sparql = queries[0]
    try:
        body, content_type, headers = answer(
            {"query": queries}, _ACCEPT, graph=graph, pool=context.pool,
            timeout=context.timeout, limit=context.limit,
        )  # fmt: skip
    except HTTPError as error:
        return render(
            "query.html", status=error.status, query=sparql, result=None,
            error={"status": int(error.status), "phrase": error.status.phrase,
                   "message": error.message}, **common,
        )  # fmt: skip
    truncated = headers.get("X-KG-Truncated") == "true"
    encoded = urllib.parse.quote(sparql, safe="")
    if content_type.startswith("application/sparql-results+json"):
        data = json.loads(body)
        downloads = _SELECT_DOWNLOADS
        if "boolean" in data:
            result: dict[str, Any] = {"kind": "ASK", "answer": bool(data["boolean"])}
        else:
            variables = data["head"]["vars"]
            bindings = data["results"]["bindings"]
            rows = [
                [_cell(b.get(v), graph.prefixes) for v in variables] for b in bindings[:PAGE_ROWS]
            ]
            result = {"kind": "SELECT", "vars": variables, "rows": rows, "count": len(bindings)}
    else:
        downloads = _GRAPH_DOWNLOADS
        result = {"kind": "GRAPH", "text": body.decode("utf-8")}
    result["truncated"] = truncated
    result["downloads"] = [
        (label, f"/sparql?query={encoded}&accept={urllib.parse.quote(media, safe='')}")
        for label, media in downloads
    ]
    return render("query.html", query=sparql, result=result, error=None, status=HTTPStatus.OK,
                  **common)  # fmt: skip
