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
- ``/`` and the other web pages (``/search``, ``/entity``, ``/document``, ``/query``,
  ``/api/suggest``, ``/static/...``): see ``kg.serve.web``.
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

The pieces: ``kg.serve.sparql`` (the protocol: reading, running and serialising
a query), ``kg.serve.web`` (the web pages), ``kg.serve.pages`` (``/view``),
``kg.serve.hosts`` (who is answered), ``kg.serve.snapshot`` (reopening a changed
store), ``kg.serve.pool`` (query worker processes); this module binds the server and
routes requests.

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
import sys
import threading
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from kg.query import DEFAULT_TIMEOUT
from kg.serve import hosts, web
from kg.serve.pages import VIEW_CSP, view_page
from kg.serve.snapshot import Snapshots
from kg.serve.sparql import HTTPError, answer, request_params

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

_TEXT = "text/plain; charset=utf-8"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 38\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    b"too many connections; try again later\n"
)


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
        snapshots: the knowledge graph (opened read-only by ``kg serve``), reopened
            when a build changed it.
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
        self.snapshots = Snapshots(
            graph, reload_interval=reload_interval, log=log, on_reopen=self._reopened
        )
        self.query_timeout = query_timeout
        self.row_limit = row_limit
        self.log = log
        self.allowed_hosts = hosts.allowed_hosts(address[0], allowed_hosts)
        self.read_timeout = read_timeout
        self.max_connections = max_connections
        self._connections = 0
        self._connections_lock = threading.Lock()
        self.pool: QueryPool | None = None
        super().__init__(address, _Handler)
        if graph.location is not None and workers != 0:
            from kg.serve.pool import QueryPool

            self.pool = QueryPool(
                graph.location, base_iri=graph.base_iri, size=workers, memory_limit=memory_limit
            )
        self.warming: threading.Thread | None = None
        self._warm(graph)

    def _warm(self, graph: KnowledgeGraph) -> None:
        """Read a read-only store's name index and the whole view's skeleton in the
        background, and keep its views' index of statements where it has none: the
        search and a name's lookup answer from the first, the whole view and every
        entity's neighbourhood are drawn from the second, and filled from the third."""
        if not graph.read_only or graph.location is None:
            return

        def warm() -> None:
            from kg.store import facts_file
            from kg.store.names import name_index
            from kg.store.skeleton import skeleton

            try:
                name_index(graph)
                skeleton(graph)
                facts_file.keep(graph)
            except Exception as exc:  # the store closed under it: the views read as needed
                if self.log is not None:
                    self.log(f"kg serve: the names and structure were not read ahead ({exc})")

        self.warming = threading.Thread(target=warm, name="kg-warm", daemon=True)
        self.warming.start()

    @property
    def graph(self) -> KnowledgeGraph:
        """The graph now answered from (see ``kg.serve.snapshot``)."""
        return self.snapshots.graph

    @property
    def reload_interval(self) -> float | None:
        """Seconds between looks at the store's files (None: never reopen it)."""
        return self.snapshots.reload_interval

    @reload_interval.setter
    def reload_interval(self, seconds: float | None) -> None:
        self.snapshots.reload_interval = seconds

    def current_graph(self) -> KnowledgeGraph:
        """The graph to answer with: reopened when the store changed and then kept still."""
        return self.snapshots.current()

    def _reopened(self) -> None:
        if self.pool is not None:
            self.pool.reopen()
        self._warm(self.snapshots.graph)

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


class ServerOptions(TypedDict, total=False):
    """The options of :func:`make_server`, which :func:`serve` passes on."""

    host: str
    port: int
    timeout: float
    limit: int
    quiet: bool
    allowed_hosts: Sequence[str]
    workers: int | None
    memory_limit: int | None


def serve(
    graph: KnowledgeGraph,
    *,
    ready: Callable[[SparqlServer], None] | None = None,
    **options: Unpack[ServerOptions],
) -> None:
    """Serve ``graph`` over HTTP until interrupted (Ctrl-C returns normally).

    ``ready`` is called with the bound server before the first request (the CLI
    prints the address there). Other arguments as for ``make_server``.
    """
    with make_server(graph, **options) as server:
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
            hosts.check_host(self.headers.get("Host"), self.server.allowed_hosts)
            handler()
        except HTTPError as error:
            if error.close:
                self.close_connection = True
            self._error(error)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # never leave a client without an answer
            self.log_error("internal error: %r", exc)
            self._error(HTTPError(HTTPStatus.INTERNAL_SERVER_ERROR, "internal server error"))

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
        elif path in web.ROUTES or path.startswith("/static/"):
            response = web.respond(path, params, self._web_context())
            self._send(HTTPStatus(response.status), response.body, response.content_type,
                       response.headers)  # fmt: skip
        elif path == "/view":
            graph = self.server.current_graph()
            if params.get("entity") or params.get("doc"):  # read from the store, each time
                page = view_page(graph, params)
            else:  # the whole graph's view: drawn once per snapshot of the store
                page = self.server.snapshots.cached(graph, "view", lambda: view_page(graph, params))
            self._send(
                HTTPStatus.OK,
                page.encode("utf-8"),
                "text/html; charset=utf-8",
                {"Content-Security-Policy": VIEW_CSP},
            )
        else:
            raise HTTPError(HTTPStatus.NOT_FOUND, f"no such page: {path}")

    def _web_context(self) -> web.Context:
        server = self.server
        graph = server.current_graph()
        return web.Context(
            graph, server.pool, server.query_timeout, server.row_limit,
            lambda key, compute: server.snapshots.cached(graph, key, compute),
        )  # fmt: skip

    def _post(self) -> None:
        hosts.check_origin(
            self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site"),
            allowed=self.server.allowed_hosts, port=self.server.server_address[1],
        )  # fmt: skip
        path, params = self._route()
        if path != "/sparql":
            raise HTTPError(
                HTTPStatus.NOT_FOUND if path != "/" else HTTPStatus.METHOD_NOT_ALLOWED,
                f"POST {path}: not found",
            )
        body = self._body()
        media = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        request_params(media, body, params)
        self._query(params)

    def _query(self, params: Mapping[str, list[str]]) -> None:
        server = self.server
        body, content_type, headers = answer(
            params, self.headers.get("Accept"), graph=server.current_graph(), pool=server.pool,
            timeout=server.query_timeout, limit=server.row_limit,
        )  # fmt: skip
        self._send(HTTPStatus.OK, body, content_type, headers)

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
            raise HTTPError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body is over {MAX_BODY_BYTES:,} bytes",
                close=True,
            )
        return self.rfile.read(size)
