"""The SPARQL 1.1 Protocol of ``kg serve``: a request's query, its answer and its format.

:func:`request_params` reads a POST body (a form or a bare query), :func:`answer`
checks and runs the query (in a worker of ``kg.serve.pool`` when the server has
them) and serialises the result in the media type the ``Accept`` header likes best
(:func:`negotiate`). Every refusal is an :class:`HTTPError`: a status and a one-line
message.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, TypeVar

from kg.errors import KGError, QueryError, QueryMemoryError, QueryTimeoutError
from kg.query import QueryResult, check_query, format_result

if TYPE_CHECKING:
    from kg.serve.pool import QueryPool
    from kg.store.graph import KnowledgeGraph

#: Media types offered for ``SELECT`` / ``ASK`` results, server preference first → format.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: Media types offered for ``CONSTRUCT`` / ``DESCRIBE`` graphs → rdflib serializer.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
}

T = TypeVar("T")

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class HTTPError(Exception):
    """An error answered as an HTTP status with a one-line text body.

    Attributes:
        status: the HTTP status.
        message: the body's line.
        close: whether to close the connection after answering.
    """

    def __init__(self, status: HTTPStatus, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.close = close


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the ``Accept`` header likes best (server order breaks ties).

    Each offered type takes the quality of the most specific range that matches
    it (``type/subtype`` over ``type/*`` over ``*/*``).

    Returns:
        The chosen type; ``offered[0]`` when there is no ``Accept`` header; None
        when nothing offered is acceptable.

    Example:
        >>> offered = ["application/sparql-results+json", "text/csv"]
        >>> negotiate("text/csv, */*;q=0.1", offered)
        'text/csv'
        >>> negotiate("text/*", offered), negotiate(None, offered), negotiate("image/png", offered)
        ('text/csv', 'application/sparql-results+json', None)
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _media_ranges(accept)
    best: tuple[float, str] | None = None
    for media in offered:
        kind = media.split("/", 1)[0]
        matches = [
            (3 if r == media else 2 if r == f"{kind}/*" else 1, q)
            for r, q in ranges
            if r in (media, f"{kind}/*", "*/*")
        ]
        if not matches:
            continue
        quality = max(matches)[1]
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, media)
    return None if best is None else best[1]


def serialise(result: QueryResult, media: str, prefixes: Mapping[str, str]) -> bytes:
    from rdflib import Graph
    from rdflib.query import Result

    if isinstance(result, Graph):
        out = Graph()
        for prefix, namespace in prefixes.items():
            if prefix != "doc":  # statement IRIs below doc: make poor prefixed names
                out.bind(prefix, namespace, override=True)
        for triple in result:
            out.add(triple)
        data = out.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")
    fmt = RESULT_TYPES[media]
    if fmt == "xml":
        if isinstance(result, bool):
            ask = Result("ASK")
            ask.askAnswer = result
            return bytes(ask.serialize(format="xml", encoding="utf-8") or b"")
        if result is None:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "an update has no result")
        return bytes(result.to_rdflib().serialize(format="xml", encoding="utf-8") or b"")
    return format_result(result, fmt).encode("utf-8")


def request_params(media: str, body: bytes, params: dict[str, list[str]]) -> None:
    """Add the query of a POST body (``media`` is its ``Content-Type``) to ``params``.

    Raises:
        HTTPError: 400 for a body that is not UTF-8, 403 for an update, 415 for
            another media type.
    """
    if media == FORM:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "the form is not UTF-8") from exc
        for name, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
            params.setdefault(name, []).extend(values)
    elif media == QUERY:
        try:
            params.setdefault("query", []).append(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "the query is not UTF-8") from exc
    elif media == UPDATE:
        raise HTTPError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: no updates")
    else:
        raise HTTPError(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            f"Content-Type {media or '(none)'} not supported; use {FORM} or {QUERY}",
        )


def media_type(kind: str, accept: str | None) -> str:
    """The media type to answer a ``kind`` query with (``SELECT``, ``CONSTRUCT``, ...).

    Raises:
        HTTPError: 406 when the ``Accept`` header takes none of those offered.
    """
    offered = list(GRAPH_TYPES if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES)
    media = negotiate(accept, offered)
    if media is None:
        raise HTTPError(
            HTTPStatus.NOT_ACCEPTABLE, f"a {kind} result is offered as: {', '.join(offered)}"
        )
    return media


def answer(
    params: Mapping[str, list[str]],
    accept: str | None,
    *,
    graph: KnowledgeGraph,
    pool: QueryPool | None,
    timeout: float,
    limit: int,
) -> tuple[bytes, str, dict[str, str]]:
    """The response to a SPARQL Protocol query: its body, ``Content-Type`` and more headers.

    Args:
        params: the request's parameters (``query``; ``accept`` overrides ``accept``).
        accept: the request's ``Accept`` header.
        graph: the graph to answer from.
        pool: worker processes that check and run the query (None: run it here).
        timeout: seconds the query may run.
        limit: the most rows (or triples) of the answer.

    Raises:
        HTTPError: 400 for a malformed or missing query, 403 for an update or a
            refused query, 406 for no acceptable format, 503 past the timeout.
    """
    if "update" in params:
        raise HTTPError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: no updates")
    for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri"):
        if name in params:
            raise HTTPError(
                HTTPStatus.BAD_REQUEST, f"{name} is not supported; use FROM in the query"
            )
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise HTTPError(HTTPStatus.BAD_REQUEST, "give exactly one non-empty 'query'")
    sparql = queries[0]
    accept = params.get("accept", [None])[0] or accept
    if pool is not None:  # checked and run in a worker process, killed past the timeout
        kind, result = _answer(lambda: pool.run(sparql, timeout=timeout, limit=limit))
        media = media_type(kind, accept)
    else:
        kind = _answer(lambda: _classify(sparql, graph))
        media = media_type(kind, accept)
        result = _answer(lambda: graph.query(sparql, timeout=timeout, limit=limit))
    headers = {"Vary": "Accept"}
    if getattr(result, "truncated", False):
        headers["X-KG-Truncated"] = "true"
    return serialise(result, media, graph.prefixes), f"{media}; charset=utf-8", headers


def _classify(sparql: str, graph: KnowledgeGraph) -> str:
    """The query's form; an update (even sent as a query) is forbidden, not malformed."""
    checked = check_query(
        sparql, prefixes=graph.prefixes, allow_update=True, graph_exists=lambda iri: True
    )
    if checked.kind == "UPDATE":
        raise HTTPError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: no updates")
    return checked.kind


def _answer(work: Callable[[], T]) -> T:
    """``work()``, with kg's query errors as HTTP errors (400, 403, 503, 500)."""
    try:
        return work()
    except (QueryTimeoutError, QueryMemoryError) as exc:
        raise HTTPError(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from exc
    except QueryError as exc:
        message = str(exc)
        bad = message.startswith("malformed") or "too complex" in message
        raise HTTPError(HTTPStatus.BAD_REQUEST if bad else HTTPStatus.FORBIDDEN, message) from exc
    except KGError as exc:
        raise HTTPError(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc)) from exc
