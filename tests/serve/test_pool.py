"""kg.serve.pool: queries in worker processes that a timeout or a memory limit really stops."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from kg.store.graph import KnowledgeGraph
from tests.serve.served import (
    COUNT_DOCS,
    RUNAWAY,
    Reply,
    _get,
    _serve_process,
    _start,
    _stop,
)

pytestmark = pytest.mark.network


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
        # The limit is on address space: a fresh worker's store, threads and malloc arenas
        # take a few hundred MiB of it before any query (700 MiB once failed the next one).
        server, thread = _start(graph, timeout=120.0, workers=1, memory_limit=1200 << 20)
        try:
            started = time.monotonic()
            code, _, body = _get(server.url, RUNAWAY, timeout=120)
            assert code == 503 and "memory limit of 1,200 MiB" in body, body
            assert time.monotonic() - started < 60
            code, _, body = _get(server.url, COUNT_DOCS)
            assert code == 200 and body.splitlines()[1] == "20", body
        finally:
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
