"""``kg serve`` stays up: concurrent parsing, HEAD requests, slow clients, too complex queries.

Every server here listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.store.graph import KnowledgeGraph
from tests.serve.served import (
    COUNT_DOCS,
    MIXED,
    _concurrently,
    _document,
    _end,
    _get,
    _serve_process,
    _start,
    _stop,
)

pytestmark = pytest.mark.network


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
