"""A read-only SPARQL 1.1 Protocol endpoint over a knowledge graph (``kg serve``).

Standard library only (``http.server.ThreadingHTTPServer``). Routes:

- ``/sparql``: SPARQL 1.1 Protocol queries. ``GET /sparql?query=...``;
  ``POST`` with ``application/x-www-form-urlencoded`` (``query=...``) or
  ``application/sparql-query`` (the query is the body). The result format is
  negotiated from the ``Accept`` header (an ``accept=`` parameter, which the
  HTML form sends, overrides it): ``SELECT`` and ``ASK`` give
  ``application/sparql-results+json`` (default), ``application/sparql-results+xml``,
  ``text/csv`` or ``text/tab-separated-values``; ``CONSTRUCT`` and
  ``DESCRIBE`` give ``text/turtle`` (default), ``application/n-triples``,
  ``application/ld+json`` or ``application/rdf+xml``.
- ``/``: a small HTML page with a query box and links to the graph views.
- ``/view``: the interactive HTML view of the whole graph; ``/view?entity=NAME``
  (and ``hops=N``) one entity's neighbourhood, ``/view?doc=ID`` one document.

The endpoint is read-only, with the safety rules of ``kg query``
(``kg.query.check_query``): updates (``update=`` or
``application/sparql-update``, or an update sent as a query) get 403;
``SERVICE``, ``LOAD`` and ``FROM`` of graphs outside the store get 403; a
malformed query 400; a query past the timeout 503. ``SELECT`` results stop at
a row limit (the response then carries ``X-KG-Truncated: true``). Errors are
a proper status with a one-line ``text/plain`` body. There is no
authentication: serve on 127.0.0.1 (the default) unless the graph is public.

A web page the user visits must not read the graph either (DNS rebinding: a
hostile name that resolves to 127.0.0.1). So a request is answered only when
its ``Host`` header names this server: ``127.0.0.1``, ``localhost``, ``::1``,
the ``host`` it listens on, or one of ``allowed_hosts`` (any other gets 403); a
``POST`` from a page of another origin (its ``Origin`` or ``Sec-Fetch-Site``
header says so) gets 403; every response carries ``X-Content-Type-Options:
nosniff``, and every HTML page a ``Content-Security-Policy`` (no network, no
framing).

Example:
    >>> import json, threading, urllib.request, urllib.parse, kg
    >>> from kg.model import DocumentGraph, Triple
    >>> graph = kg.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
    >>> server = make_server(graph, port=0, quiet=True)
    >>> thread = threading.Thread(target=server.serve_forever, daemon=True)
    >>> thread.start()
    >>> query = urllib.parse.quote("SELECT ?n WHERE { ?e a kg:Person ; skos:prefLabel ?n }")
    >>> with urllib.request.urlopen(f"{server.url}sparql?query={query}") as response:
    ...     response.headers["Content-Type"], json.load(response)["results"]["bindings"]
    ('application/sparql-results+json; charset=utf-8', [{'n': {'type': 'literal', 'value': 'Ann'}}])
    >>> server.shutdown(); server.server_close()
"""

from __future__ import annotations

import contextlib
import html
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, TypeVar

from kg.errors import KGError, QueryError, QueryMemoryError, QueryTimeoutError
from kg.query import DEFAULT_TIMEOUT, QueryResult, check_query, format_result

if TYPE_CHECKING:
    from kg.serve.pool import QueryPool
    from kg.store.graph import KnowledgeGraph

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: The most rows a ``SELECT`` returns (and triples a ``CONSTRUCT``).
DEFAULT_ROW_LIMIT = 10_000
#: The largest request body accepted, in bytes.
MAX_BODY_BYTES = 1_000_000
#: Seconds a client may stay silent while the server reads its request (or keeps it alive).
READ_TIMEOUT = 20.0
#: Connections served at once; more are answered 503 at once.
MAX_CONNECTIONS = 64
#: Seconds between looks at the store's files, to reopen it after a build wrote to it.
RELOAD_INTERVAL = 1.0

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

#: Host names every server answers to (``kg serve --allowed-host`` adds more).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_WILDCARD_HOSTS = ("", "0.0.0.0", "::")

T = TypeVar("T")

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_TEXT = "text/plain; charset=utf-8"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 38\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    b"too many connections; try again later\n"
)


class HTTPError(Exception):
    """An error answered as an HTTP status with a one-line text body."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# ---------------------------------------------------------------- content negotiation


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


# ---------------------------------------------------------------- results


def _serialise(result: QueryResult, media: str, prefixes: Mapping[str, str]) -> bytes:
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


# ---------------------------------------------------------------- the server


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server that answers SPARQL queries on one ``KnowledgeGraph``.

    A graph on disk is served through a ``kg.serve.pool.QueryPool``: each SPARQL query
    runs in a worker process, killed when it runs past ``query_timeout`` or past the
    worker's memory limit, so one query cannot take the server down. When the
    store's files change (a ``kg build`` wrote to it) and then stay unchanged for
    ``reload_interval`` seconds, the server reopens it, read-only, and so do the
    workers: new builds show without a restart.

    Attributes:
        graph: the knowledge graph (opened read-only by ``kg serve``).
        query_timeout: seconds a query may run.
        row_limit: the most rows (or triples) one response holds.
        log: where request lines go (None: nowhere).
        allowed_hosts: the host names a request's ``Host`` header may name (lower case).
        pool: the query workers (None: queries run in this process, as for a
            graph in memory or on a remote endpoint).
        read_timeout: seconds a client may stay silent mid-request.
        max_connections: connections served at once (more get 503).
    """

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        graph: KnowledgeGraph,
        *,
        query_timeout: float = DEFAULT_TIMEOUT,
        row_limit: int = DEFAULT_ROW_LIMIT,
        log: Callable[[str], None] | None = None,
        allowed_hosts: Sequence[str] = (),
        workers: int | None = None,
        memory_limit: int | None = None,
        reload_interval: float | None = RELOAD_INTERVAL,
        read_timeout: float = READ_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.graph = graph
        self.query_timeout = query_timeout
        self.row_limit = row_limit
        self.log = log
        bound = [] if address[0] in _WILDCARD_HOSTS else [address[0]]
        self.allowed_hosts = frozenset(
            _host_name(h) for h in (*LOOPBACK_HOSTS, *bound, *allowed_hosts) if h
        )
        self.read_timeout = read_timeout
        self.max_connections = max_connections
        self.reload_interval = reload_interval
        self._connections = 0
        self._connections_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._next_look = 0.0
        self._signature = self._look()
        self._changing: tuple[tuple[str, int, int], ...] | None = None
        self._cache_lock = threading.Lock()
        self._cache_graph: KnowledgeGraph | None = None
        self._cache: dict[str, list[Any]] = {}
        self.pool: QueryPool | None = None
        super().__init__(address, _Handler)
        if graph.location is not None and workers != 0:
            from kg.serve.pool import QueryPool

            self.pool = QueryPool(
                graph.location, base_iri=graph.base_iri, size=workers, memory_limit=memory_limit
            )

    def cached(self, graph: KnowledgeGraph, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, once per snapshot of the store: the index page, the view's graph.

        Each reopened store starts afresh; meanwhile one request computes, the
        others wait for it (a whole-graph view of 200 articles takes seconds). A
        graph that can change under the server (in memory, or open for writing) is
        never cached.
        """
        if not graph.read_only or graph.location is None:
            return compute()
        with self._cache_lock:
            if self._cache_graph is not graph:
                self._cache_graph, self._cache = graph, {}
            entry = self._cache.setdefault(key, [threading.Lock(), None])
        with entry[0]:
            if entry[1] is None:
                entry[1] = (compute(),)
        value: T = entry[1][0]
        return value

    def _look(self) -> tuple[tuple[str, int, int], ...] | None:
        from kg.store.oxigraph import store_signature

        location = self.graph.location
        return None if location is None else store_signature(location)

    def current_graph(self) -> KnowledgeGraph:
        """The graph to answer with: reopened when the store changed and then kept still."""
        if self.reload_interval is None or self.graph.location is None:
            return self.graph
        now = time.monotonic()
        if now < self._next_look or not self._reload_lock.acquire(blocking=False):
            return self.graph
        try:
            self._next_look = now + self.reload_interval
            seen = self._look()
            if seen == self._signature:
                return self.graph
            if seen != self._changing:  # still changing: look again later
                self._changing = seen
                return self.graph
            self._reopen(seen)
        finally:
            self._reload_lock.release()
        return self.graph

    def _reopen(self, signature: tuple[tuple[str, int, int], ...] | None) -> None:
        from kg.store.graph import KnowledgeGraph

        graph = self.graph
        if graph.read_only and graph.location is not None:
            try:  # requests in flight keep the old snapshot until they end
                self.graph = KnowledgeGraph.open(
                    graph.location, read_only=True, base_iri=graph.base_iri
                )
            except KGError as exc:
                if self.log is not None:
                    self.log(f"kg serve: could not reopen the store: {exc}")
                return
        self._signature = signature
        if self.pool is not None:
            self.pool.reopen()
        if self.log is not None:
            self.log(f"kg serve: the store changed; reopened {graph.location}")

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            busy = self._connections >= self.max_connections
            if not busy:
                self._connections += 1
        if busy:
            with contextlib.suppress(OSError):
                request.sendall(_BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        with self._connections_lock:
            self._connections -= 1

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release()

    def server_close(self) -> None:
        super().server_close()
        if self.pool is not None:
            self.pool.close()

    @property
    def url(self) -> str:
        """The server's base URL, ending in ``/`` (``http://127.0.0.1:7878/``)."""
        host, port = self.server_address[:2]
        host = str(host)
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def make_server(
    graph: KnowledgeGraph,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_ROW_LIMIT,
    quiet: bool = False,
    allowed_hosts: Sequence[str] = (),
    workers: int | None = None,
    memory_limit: int | None = None,
) -> SparqlServer:
    """Bind a SPARQL endpoint for ``graph`` (call ``serve_forever()`` to answer requests).

    Args:
        graph: the knowledge graph to serve.
        host: the address to listen on (the default, 127.0.0.1, is this machine only).
        port: the TCP port (0: any free port; ``server.url`` tells which).
        timeout: seconds a query may run (then 503).
        limit: the most rows a ``SELECT`` returns.
        quiet: do not log requests on stderr.
        allowed_hosts: more host names the ``Host`` header may name (the names users
            reach this server by, when it listens on a public address); 127.0.0.1,
            localhost, ::1 and ``host`` are always allowed.
        workers: query worker processes for a graph on disk (None: ``kg.serve.pool``'s
            default; 0: run queries in this process, where a timed-out one runs on).
        memory_limit: bytes of memory each query worker may use (None: the default).

    Raises:
        OSError: the address cannot be bound (a port in use, say).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit!r}")
    log = None if quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    return SparqlServer(
        (host, port), graph, query_timeout=timeout, row_limit=limit, log=log,
        allowed_hosts=allowed_hosts, workers=workers, memory_limit=memory_limit,
    )  # fmt: skip


def serve(
    graph: KnowledgeGraph,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_ROW_LIMIT,
    quiet: bool = False,
    ready: Callable[[SparqlServer], None] | None = None,
    allowed_hosts: Sequence[str] = (),
    workers: int | None = None,
    memory_limit: int | None = None,
) -> None:
    """Serve ``graph`` over HTTP until interrupted (Ctrl-C returns normally).

    ``ready`` is called with the bound server before the first request (the CLI
    prints the address there). Other arguments as for ``make_server``.
    """
    server = make_server(
        graph, host=host, port=port, timeout=timeout, limit=limit, quiet=quiet,
        allowed_hosts=allowed_hosts, workers=workers, memory_limit=memory_limit,
    )  # fmt: skip
    with server:
        if ready is not None:
            ready(server)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql"
    protocol_version = "HTTP/1.1"

    # ------------------------------------------------------------ plumbing

    def setup(self) -> None:
        self.timeout = self.server.read_timeout  # type: ignore[misc]  # silent clients go
        super().setup()

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except TimeoutError:  # a client silent past read_timeout
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} - {format % args}")

    def _send(
        self, status: HTTPStatus, body: bytes, content_type: str, headers: Mapping[str, str] = {}
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, error: HTTPError) -> None:
        message = " ".join(error.message.split()) + "\n"
        allowed = error.status == HTTPStatus.METHOD_NOT_ALLOWED
        headers = {"Allow": "GET, HEAD, POST"} if allowed else {}
        self._send(error.status, message.encode("utf-8"), _TEXT, headers)

    def _dispatch(self, handler: Callable[[], None]) -> None:
        try:
            self._check_host()
            handler()
        except HTTPError as error:
            self._error(error)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # never leave a client without an answer
            self.log_error("internal error: %r", exc)
            self._error(HTTPError(HTTPStatus.INTERNAL_SERVER_ERROR, "internal server error"))

    def _check_host(self) -> None:
        """Refuse a request whose ``Host`` is not a name of this server (DNS rebinding)."""
        host = self.headers.get("Host")
        if host is None:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "a request needs a Host header")
        name = _host_name(host)
        if name not in self.server.allowed_hosts:
            self.close_connection = True
            raise HTTPError(
                HTTPStatus.FORBIDDEN,
                f"Host {name[:100]!r} is not served here; start kg serve with "
                f"--allowed-host {name[:100]} to allow it",
            )

    def _check_origin(self) -> None:
        """Refuse a POST sent by a page of another origin (a form or script elsewhere)."""
        if (self.headers.get("Sec-Fetch-Site") or "").lower() in ("cross-site", "same-site"):
            self.close_connection = True
            raise HTTPError(HTTPStatus.FORBIDDEN, "cross-origin POST refused")
        origin = self.headers.get("Origin")
        if origin is None:
            return  # not a browser request (curl, SPARQL clients)
        parts = urllib.parse.urlsplit(origin.strip())
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = -1
        if (
            parts.scheme != "http"
            or _host_name(parts.hostname or "") not in self.server.allowed_hosts
            or port != self.server.server_address[1]
        ):
            self.close_connection = True
            raise HTTPError(HTTPStatus.FORBIDDEN, f"cross-origin POST refused (Origin {origin!r})")

    def _route(self) -> tuple[str, dict[str, list[str]]]:
        parts = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        return parts.path, params

    def do_GET(self) -> None:
        self._dispatch(self._get)

    do_HEAD = do_GET  # the same status and headers, no body (see _send)

    def do_POST(self) -> None:
        self._dispatch(self._post)

    def _not_allowed(self) -> None:
        self._dispatch(self._refuse_method)

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def _refuse_method(self) -> None:
        raise HTTPError(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed here")

    # ------------------------------------------------------------ routes

    def _get(self) -> None:
        path, params = self._route()
        if path == "/sparql":
            self._query(params)
        elif path in ("/", "/index.html"):
            graph = self.server.current_graph()
            page = self.server.cached(graph, "index", lambda: index_page(graph))
            self._send(
                HTTPStatus.OK,
                page.encode("utf-8"),
                "text/html; charset=utf-8",
                {"Content-Security-Policy": _INDEX_CSP},
            )
        elif path == "/view":
            graph = self.server.current_graph()
            network = self.server.cached(
                graph, "network", lambda: graph.to_networkx(include_hedged=True)
            )
            page = view_page(graph, params, network=network)
            self._send(
                HTTPStatus.OK,
                page.encode("utf-8"),
                "text/html; charset=utf-8",
                {"Content-Security-Policy": VIEW_CSP},
            )
        else:
            raise HTTPError(HTTPStatus.NOT_FOUND, f"no such page: {path}")

    def _post(self) -> None:
        self._check_origin()
        path, params = self._route()
        if path != "/sparql":
            raise HTTPError(
                HTTPStatus.NOT_FOUND if path != "/" else HTTPStatus.METHOD_NOT_ALLOWED,
                f"POST {path}: not found",
            )
        body = self._body()
        media = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if media == _FORM:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise HTTPError(HTTPStatus.BAD_REQUEST, "the form is not UTF-8") from exc
            for name, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif media == _QUERY:
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise HTTPError(HTTPStatus.BAD_REQUEST, "the query is not UTF-8") from exc
        elif media == _UPDATE:
            raise HTTPError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: no updates")
        else:
            raise HTTPError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"Content-Type {media or '(none)'} not supported; use {_FORM} or {_QUERY}",
            )
        self._query(params)

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            raise HTTPError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        try:
            size = int(length)
        except ValueError as exc:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from exc
        if size < 0:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "bad Content-Length")
        if size > MAX_BODY_BYTES:
            self.close_connection = True
            raise HTTPError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body is over {MAX_BODY_BYTES:,} bytes",
            )
        return self.rfile.read(size)

    def _media(self, kind: str, accept: str | None) -> str:
        offered = list(GRAPH_TYPES if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES)
        media = negotiate(accept, offered)
        if media is None:
            raise HTTPError(
                HTTPStatus.NOT_ACCEPTABLE, f"a {kind} result is offered as: {', '.join(offered)}"
            )
        return media

    def _query(self, params: Mapping[str, list[str]]) -> None:
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
        graph = self.server.current_graph()
        pool, timeout, limit = self.server.pool, self.server.query_timeout, self.server.row_limit
        accept = params.get("accept", [None])[0] or self.headers.get("Accept")
        if pool is not None:  # checked and run in a worker process, killed past the timeout
            kind, result = _answer(lambda: pool.run(sparql, timeout=timeout, limit=limit))
            media = self._media(kind, accept)
        else:
            kind = _answer(lambda: _classify(sparql, graph))
            media = self._media(kind, accept)
            result = _answer(lambda: graph.query(sparql, timeout=timeout, limit=limit))
        headers = {"Vary": "Accept"}
        if getattr(result, "truncated", False):
            headers["X-KG-Truncated"] = "true"
        body = _serialise(result, media, graph.prefixes)
        self._send(HTTPStatus.OK, body, f"{media}; charset=utf-8", headers)


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


# ---------------------------------------------------------------- pages

_INDEX_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
#: The graph view's policy (as in its own ``<meta>``): inline script and style, nothing fetched.
VIEW_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def _host_name(host: str) -> str:
    """The name of a ``Host`` header or address, lower case, without port or brackets.

    Example:
        >>> _host_name("LocalHost:7878"), _host_name("[::1]:80"), _host_name("::1")
        ('localhost', '::1', '::1')
    """
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host


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
    graph: KnowledgeGraph, params: Mapping[str, list[str]], *, network: Any = None
) -> str:
    """The HTML view for ``/view``: the whole graph, or ``entity=``, ``doc=``, ``hops=``.

    ``network`` is ``graph.to_networkx(include_hedged=True)`` when the caller has it.

    Raises:
        HTTPError: 404 for an unknown entity or document, 400 for bad ``hops``.
    """
    from kg.view.html import render_html

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[0] if values else None

    nx_graph = graph.to_networkx(include_hedged=True) if network is None else network
    entity, doc, hops_text = one("entity"), one("doc"), one("hops")
    if entity is None and doc is None:
        return render_html(nx_graph, title="Knowledge graph")
    try:
        hops = int(hops_text) if hops_text is not None else 1
    except ValueError as exc:
        raise HTTPError(
            HTTPStatus.BAD_REQUEST, f"hops must be a number, not {hops_text!r}"
        ) from exc
    try:
        from kg.view.select import select_view
    except ImportError:  # pragma: no cover - views arrived with kg.view.select; kept for safety
        return render_html(nx_graph, title="Knowledge graph")
    try:
        view = select_view(nx_graph, entity=entity, doc=doc, hops=hops)
    except KGError as exc:
        raise HTTPError(HTTPStatus.NOT_FOUND, str(exc)) from exc
    except ValueError as exc:
        raise HTTPError(HTTPStatus.BAD_REQUEST, str(exc)) from exc
    return render_html(view.graph, title=view.title, focus=view.focus, note=view.description)
