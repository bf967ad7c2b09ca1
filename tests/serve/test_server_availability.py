"""``kg serve`` stays up: killed runaway queries, concurrent parsing, new builds, slow clients.

Every server here listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from kg.model import DocumentGraph, Triple
from kg.serve.server import make_server
from kg.store import network
from kg.store.graph import KnowledgeGraph

pytestmark = pytest.mark.network

COUNT_DOCS = "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?g a kg:Document } }"
# Sorting every solution of a cross product: minutes of work, gigabytes of memory.
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
MIXED = [
    "SELECT ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name } ORDER BY ?name",
    "ASK { ?a rel:meet ?b }",
    "CONSTRUCT { ?a rel:meet ?b } WHERE { ?a rel:meet ?b }",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "DESCRIBE ?a WHERE { ?a rel:meet ?b } LIMIT 2",
    "PREFIX x: <urn:x#> SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(?p != x:y) } LIMIT 5",
]


def _document(n: int, people: int = 20) -> DocumentGraph:
    triples = [
        Triple(f"Ann {n}", "meet", f"Bob {n} {j}", "Person", "Person") for j in range(people)
    ]
    return DocumentGraph(f"d{n}", f"text {n}", triples)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("availability") / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add_many(_document(n) for n in range(20))
    return path


# A reply: the status, the headers and the body.
Reply = tuple[int, dict[str, str], str]


def _get(
    url: str, query: str | None = None, *, method: str = "GET", timeout: float = 30,
    accept: str = "text/csv",
) -> Reply:  # fmt: skip
    if query is not None:
        url += "sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, method=method, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read().decode()


def _start(graph: KnowledgeGraph, **options):
    server = make_server(graph, port=0, quiet=True, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_serve_a_timed_out_query_stops_and_the_server_answers_others(store_path):
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        server, thread = _start(graph, timeout=1.0)
        try:
            assert _get(server.url, "ASK { ?a rel:meet ?b }")[0] == 200  # workers started
            before = {t for t in threading.enumerate() if t.name == "kg-query"}
            started = time.monotonic()
            code, _, body = _get(server.url, RUNAWAY)
            assert code == 503 and "timeout" in body, body
            assert time.monotonic() - started < 10
            time.sleep(0.5)
            # Nothing of the query runs on in this process ...
            left = {t for t in threading.enumerate() if t.name == "kg-query" and t.is_alive()}
            assert not left - before
            # ... and the server answers the next queries.
            code, _, body = _get(server.url, COUNT_DOCS)
            assert code == 200 and body.splitlines()[1] == "20"
        finally:
            _stop(server, thread)


def test_serve_a_query_past_the_memory_limit_is_stopped(store_path):
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        server, thread = _start(graph, timeout=120.0, workers=1, memory_limit=700 << 20)
        try:
            started = time.monotonic()
            code, _, body = _get(server.url, RUNAWAY, timeout=120)
            assert code == 503 and "memory limit of 700 MiB" in body, body
            assert time.monotonic() - started < 60
            code, _, body = _get(server.url, COUNT_DOCS)
            assert code == 200 and body.splitlines()[1] == "20"
        finally:
            _stop(server, thread)


def _serve_process(store, *options):
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", "-q"]
    process = subprocess.Popen([*command, *options], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        process.kill()
        process.wait()
        process.stderr.close()
        pytest.fail(line)
    return process, match.group(1)


def _end(process) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()


def _concurrently(count: int, work: Callable[[int], object]) -> list[Any]:
    """What ``work(i)`` returned or raised, for each i, run at once in ``count`` threads."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # reported by the assertion
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_serve_50_concurrent_mixed_queries_on_a_cold_server(store_path):
    # rdflib's parser is not thread-safe: unserialised, two parses at once break every
    # later parse in the process ("postParse2() missing ... 'tokenList'").
    process, url = _serve_process(store_path, "--workers", "2")
    try:

        def ask(i: int):
            return _get(url, MIXED[i % len(MIXED)], timeout=60, accept="*/*")

        results = _concurrently(50, ask)
        errors = [r for r in results if not isinstance(r, tuple) or r[0] != 200]
        assert errors == []
        code, _, body = _get(url, COUNT_DOCS)
        assert code == 200 and body.splitlines()[1] == "20"
    finally:
        _end(process)


COLD_LIBRARY = """
import sys, threading, kg
from kg.model import DocumentGraph, Triple
graph = kg.open()
graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person")]))
queries = {queries!r}
barrier = threading.Barrier(50)
errors = []
def run(i):
    barrier.wait()
    try:
        graph.query(queries[i % len(queries)])
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=run, args=(i,)) for i in range(50)]
for t in threads: t.start()
for t in threads: t.join()
graph.query(queries[0])
print(len(errors), errors[:3])
"""


def test_query_50_concurrent_queries_on_a_cold_library_graph():
    script = COLD_LIBRARY.format(queries=MIXED)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 []"


def test_serve_sees_a_new_build_without_a_restart(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(_document(0))
    with KnowledgeGraph.open(path, read_only=True) as graph:
        server, thread = _start(graph)
        server.reload_interval = 0.1
        try:
            assert _get(server.url, COUNT_DOCS)[2].splitlines()[1] == "1"
            with KnowledgeGraph.open(path) as writer:  # a build, while the server runs
                writer.add(_document(1))
            deadline = time.monotonic() + 15
            counts = []
            while time.monotonic() < deadline:
                counts.append(_get(server.url, COUNT_DOCS)[2].splitlines()[1])
                if counts[-1] == "2":
                    break
                time.sleep(0.1)
            assert counts[-1] == "2", counts
            code, _, page = _get(server.url)
            assert code == 200 and "2 documents" in page
        finally:
            _stop(server, thread)


def test_serve_answers_head_requests(store_path):
    with KnowledgeGraph.open() as graph:
        graph.add(_document(0))
        server, thread = _start(graph)
        try:
            for path in ("", "sparql?" + urllib.parse.urlencode({"query": MIXED[1]})):
                code, headers, body = _get(server.url + path, method="HEAD")
                assert code == 200 and body == ""
                assert int(headers["Content-Length"]) > 0
        finally:
            _stop(server, thread)


def test_serve_silent_clients_time_out_and_connections_are_capped():
    with KnowledgeGraph.open() as graph:
        graph.add(_document(0))
        server, thread = _start(graph)
        server.read_timeout = 0.5
        server.max_connections = 2
        host, port = server.server_address[:2]
        silent = [socket.create_connection((host, port), timeout=5) for _ in range(2)]
        try:
            time.sleep(0.1)
            # A third connection, past the cap, is answered at once.
            code, _, body = _get(server.url, MIXED[1], timeout=5)
            assert code == 503 and "too many connections" in body
            # The silent clients are dropped after the read timeout ...
            for sock in silent:
                assert sock.recv(1024) == b""
            time.sleep(0.2)
            # ... and their slots are free again.
            code, _, body = _get(server.url, MIXED[1], timeout=5)
            assert code == 200 and json.loads(json.dumps(body)) == "true\n"
        finally:
            for sock in silent:
                sock.close()
            _stop(server, thread)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_serve_query_workers_end_with_a_killed_server(store_path):
    from tests.processes import _alive, _children, _wait_gone

    process, url = _serve_process(store_path, "--workers", "2")
    try:
        assert _get(url, COUNT_DOCS)[0] == 200
        workers = {p for p in _children(process.pid) if _alive(p)}
        assert len(workers) == 2
        process.kill()
        process.wait(timeout=10)
        assert _wait_gone(workers, 5) == set()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()


def test_serve_a_query_costly_to_parse_is_bounded_by_the_timeout(store_path):
    # rdflib takes ~20 s to parse this (its parser is superlinear in ';' lists): checked
    # in the server's own thread, it held the parser lock, and every query waited.
    costly = "SELECT * WHERE { ?s " + " ; ".join(f"<urn:p{i}> ?o{i}" for i in range(1500)) + " }"
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        server, thread = _start(graph, timeout=2.0, workers=2)
        try:
            assert _get(server.url, COUNT_DOCS)[0] == 200
            slow: list[Reply] = []
            worker = threading.Thread(target=lambda: slow.append(_get(server.url, costly)))
            started = time.monotonic()
            worker.start()
            time.sleep(0.3)
            code, _, _ = _get(server.url, COUNT_DOCS)  # answered meanwhile
            assert code == 200 and time.monotonic() - started < 2.0
            worker.join(30)
            assert slow and slow[0][0] == 503, slow
            assert time.monotonic() - started < 8
        finally:
            _stop(server, thread)


def test_serve_a_query_too_complex_to_check_is_a_bad_request(store_path):
    long = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(3000)) + " }"
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        server, thread = _start(graph, workers=1)
        try:
            request = urllib.request.Request(
                server.url + "sparql", data=long.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )  # fmt: skip
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(request, timeout=30)
            with info.value as error:
                assert error.code == 400
                assert "too complex" in error.read().decode()
        finally:
            _stop(server, thread)


def test_serve_builds_the_view_graph_and_index_once_per_snapshot(store_path, monkeypatch):
    calls: list[str] = []
    real = network.to_networkx

    def counted(graph, **kwargs):
        calls.append("network")
        return real(graph, **kwargs)

    monkeypatch.setattr(network, "to_networkx", counted)
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        server, thread = _start(graph, workers=1)
        try:
            results = _concurrently(
                6, lambda i: _get(server.url + ("view?entity=Ann%203" if i % 2 else ""))
            )
            assert [r[0] for r in results] == [200] * 6
            assert calls == ["network"]
        finally:
            _stop(server, thread)
