"""A SPARQL endpoint that is down, slow or broken gives a clean error, in time.

Fake endpoints run on 127.0.0.1 inside the test: a port nobody listens on, a
server that answers after the timeout, and servers that answer garbage, an HTML
page, a 500 or a truncated result. Every call gives a ``KGError`` (one line)
within the timeout, and a local store used in the same process is untouched.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.errors import KGError
from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.sparql import SparqlBackend

pytestmark = pytest.mark.network

TIMEOUT = 1.0
# Time allowed beyond the timeout (connection set-up, a retry, a loaded machine).
SLACK = 4.0

Answer = tuple[int, str, bytes]  # status, content type, body
ANSWERS: dict[str, Answer] = {
    "garbage": (200, "application/sparql-results+json", b"\x00\xff{not json at all"),
    "html": (200, "text/html", b"<html><body><h1>Welcome to nginx!</h1></body></html>"),
    "error500": (500, "text/plain", b"Internal Server Error\nstack trace line 1\nline 2"),
    "truncated": (
        200,
        "application/sparql-results+json",
        b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "va',
    ),
    "wrong-shape": (200, "application/sparql-results+json", b'{"head": 1, "results": []}'),
    "empty": (200, "application/sparql-results+json", b""),
    "redirect-loop": (302, "text/plain", b""),
}


class _Server:
    def __init__(self, respond: Callable[[BaseHTTPRequestHandler], None]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                respond(self)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                respond(self)

            def do_PUT(self) -> None:
                self.do_POST()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _answer(kind: str) -> Callable[[BaseHTTPRequestHandler], None]:
    status, content_type, body = ANSWERS[kind]

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        if status == 302:
            handler.send_header("Location", handler.path)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def _sleep_past_timeout(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(TIMEOUT + SLACK + 2)
    with contextlib.suppress(OSError):  # the client gave up long ago, as it should
        _answer("garbage")(handler)


@pytest.fixture
def unreachable() -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nobody listens there now
    yield f"http://127.0.0.1:{port}/query"


@pytest.fixture
def local(tmp_path) -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.open(tmp_path / "local") as graph:
        graph.add(DocumentGraph("local", "Ann met Bob.", [Triple("Ann", "meet", "Bob")]))
        yield graph


def _calls(url: str) -> dict[str, Callable[[], object]]:
    """Every kind of request a user makes, each on a fresh handle to the endpoint."""

    def graph() -> KnowledgeGraph:
        return KnowledgeGraph.open(url, timeout=TIMEOUT)

    return {
        "select": lambda: graph().query("SELECT * { ?s ?p ?o } LIMIT 1", timeout=TIMEOUT),
        "ask": lambda: graph().query("ASK { ?s ?p ?o }", timeout=TIMEOUT),
        "construct": lambda: graph().query("CONSTRUCT WHERE { ?s ?p ?o }", timeout=TIMEOUT),
        "stats": lambda: graph().stats(),
        "add": lambda: graph().add(DocumentGraph("r", "x", [Triple("Cy", "see", "Dag")])),
        "remove": lambda: graph().remove("r"),
    }


def _assert_clean_failure(call: Callable[[], object], local: KnowledgeGraph) -> None:
    before = (local.stats(), sorted(map(str, local.store)))
    started = time.monotonic()
    with pytest.raises(KGError) as info:
        call()
    elapsed = time.monotonic() - started
    assert elapsed < TIMEOUT + SLACK, f"took {elapsed:.1f} s"
    assert "\n" not in str(info.value)
    assert str(info.value)
    # The local store in the same process is untouched, and still works.
    assert (local.stats(), sorted(map(str, local.store))) == before
    assert local.query("ASK { ?a rel:meet ?b }") is True


@pytest.mark.parametrize("call", sorted(_calls("http://x/query")))
def test_remote_unreachable_endpoint(unreachable, local, call):
    _assert_clean_failure(_calls(unreachable)[call], local)


@pytest.mark.parametrize("call", ["select", "ask", "add"])
def test_remote_endpoint_slower_than_the_timeout(local, call):
    server = _Server(_sleep_past_timeout)
    try:
        _assert_clean_failure(_calls(server.url)[call], local)
    finally:
        server.close()


def _malformed_cases() -> Iterator[tuple[str, str]]:
    for call in ["select", "ask", "construct", "stats", "add"]:
        for kind in sorted(ANSWERS):
            if call == "construct" and kind == "empty":
                continue  # an empty body is an empty graph: a valid answer
            yield call, kind


@pytest.mark.parametrize(("call", "kind"), list(_malformed_cases()))
def test_remote_endpoint_with_malformed_answers(local, call, kind):
    server = _Server(_answer(kind))
    try:
        _assert_clean_failure(_calls(server.url)[call], local)
    finally:
        server.close()


def _trickle(where: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A server that sends its reply a byte at a time, for far longer than the timeout."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            b"Content-Length: 100000\r\n\r\n"
        )
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + b" " * 99_000
        data = head
        if where == "body":  # the headers at once, then the body a byte at a time
            handler.wfile.write(head)
            data = body
        deadline = time.monotonic() + TIMEOUT + SLACK + 5
        with contextlib.suppress(OSError):
            for byte in data:
                if time.monotonic() > deadline:
                    break
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(0.05)

    return respond


@pytest.mark.parametrize("where", ["headers", "body"])
@pytest.mark.parametrize("call", ["select", "stats", "add"])
def test_remote_endpoint_that_trickles_is_cut_off_at_the_timeout(local, call, where):
    server = _Server(_trickle(where))
    try:
        _assert_clean_failure(_calls(server.url)[call], local)
    finally:
        server.close()


def _truncated_chunked(handler: BaseHTTPRequestHandler) -> None:
    # A chunk that announces 4 GB and stops after a few bytes.
    handler.wfile.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nffffffff\r\n" + b'{"head": {"vars": ["s"]}'
    )
    handler.wfile.flush()
    handler.close_connection = True


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("call", ["select", "ask", "construct", "stats"])
def test_remote_truncated_chunked_reply_is_one_line_and_small(local, call):
    server = _Server(_truncated_chunked)
    try:
        before = _peak_rss_mb()
        _assert_clean_failure(_calls(server.url)[call], local)
        assert _peak_rss_mb() - before < 100
    finally:
        server.close()


def test_remote_reply_over_the_size_cap_is_refused(local):
    server = _Server(_answer("garbage"))
    try:
        graph = KnowledgeGraph.open(server.url, timeout=TIMEOUT)
        assert isinstance(graph.backend, SparqlBackend)
        graph.backend.max_reply_bytes = 10
        with pytest.raises(KGError, match="over the limit of 10 bytes"):
            graph.query("ASK { ?s ?p ?o }", timeout=TIMEOUT)
    finally:
        server.close()


def test_remote_cli_query_on_a_broken_endpoint_is_one_line(tmp_path):
    import subprocess
    import sys

    server = _Server(_truncated_chunked)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kg", "query", "ASK { ?s ?p ?o }", "--store", server.url,
             "--timeout", str(TIMEOUT)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        server.close()
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("kg: error: ") and "broken reply" in result.stderr
