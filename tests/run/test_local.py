"""Worker processes: the same graphs as a serial run, in the same order."""

from __future__ import annotations

import os
import threading
from collections.abc import Generator
from concurrent.futures import ProcessPoolExecutor

import pytest

import kg
from kg.extract import pipeline
from kg.extract.pipeline import document_graphs
from kg.io import Document
from kg.run import local as parallel
from tests.processes import _alive, _children, _wait_gone

TEXTS = [
    "Ann Lee met Bo Ek in Oslo. She founded Acme Corp in 1999. Acme Corp hired Cy Ho.",
    "The harbour authority approved the plan. Dag Li did not sign the treaty.",
    "",
    "Eva Lund wrote a novel about Norway. The novel was published by Penguin in 2004. "
    "Critics praised it, according to The Times.",
    "Finn Berg may visit Paris next year. He said that Paris was beautiful.",
    "Gro Moe leads the Nordic Council. The council meets in Copenhagen every autumn.",
]


def _docs():
    return [Document(f"doc-{i}", text, source=f"s{i}") for i, text in enumerate(TEXTS)]


def _entities(graph):
    return [(key, e.name, e.type, sorted(e.aliases)) for key, e in graph.entities.items()]


def test_parallel_process_count():
    assert parallel.process_count(None) == (os.cpu_count() or 1)
    assert parallel.process_count(-1) == (os.cpu_count() or 1)
    assert parallel.process_count(3) == 3
    with pytest.raises(ValueError, match="process count"):
        parallel.process_count(0)


def test_parallel_prefetch_keeps_order_and_raises_producer_errors():
    assert list(parallel.prefetch(iter(range(50)), size=3)) == list(range(50))

    def failing():
        yield 1
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        list(parallel.prefetch(failing()))


def test_parallel_prefetch_stops_its_producer_when_the_consumer_stops():
    produced = []
    stopped = threading.Event()

    def endless():
        try:
            for i in range(10_000):
                produced.append(i)
                yield i
        finally:
            stopped.set()

    items = parallel.prefetch(endless(), size=2)
    assert isinstance(items, Generator)  # so that it can be closed early
    assert next(items) == 0
    items.close()
    assert stopped.wait(5)
    assert len(produced) < 10


@pytest.mark.model
def test_parallel_graphs_equal_the_serial_ones_in_order(monkeypatch):
    # Tiny batches, so that these few texts are spread over both workers.
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 60)
    pools = []

    class CountingPool(ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    serial = list(document_graphs(_docs()))
    assert pools == []
    par = list(document_graphs(_docs(), parse=parallel.parallel_parser(n_process=2)))
    assert pools == [2]  # the work went to two worker processes
    assert [g.doc_id for g in par] == [f"doc-{i}" for i in range(len(TEXTS))]
    assert sum(len(g.triples) for g in serial) >= 8
    for one, many in zip(serial, par, strict=True):
        assert (many.doc_id, many.text, many.source) == (one.doc_id, one.text, one.source)
        assert many.triples == one.triples
        assert many.extractions == one.extractions
        assert _entities(many) == _entities(one)


@pytest.mark.model
def test_parallel_build_stores_the_same_quads(monkeypatch):
    from datetime import UTC, datetime

    monkeypatch.setattr(pipeline, "BATCH_CHARS", 60)
    when = datetime(2024, 1, 1, tzinfo=UTC)
    graphs = {}
    for n in (1, 2):
        store = kg.open()
        store.add_many(kg.run.documents.extract_documents(_docs(), n_process=n), generated_at=when)
        graphs[n] = sorted(str(q) for q in store.store.quads_for_pattern(None, None, None, None))
    assert graphs[1] == graphs[2] and len(graphs[1]) > 100


@pytest.mark.model
def test_parallel_worker_errors_reach_the_caller(monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 60)

    def broken(doc, *, doc_id="", offset=0):
        raise RuntimeError(f"cannot extract {doc_id}")

    monkeypatch.setattr(pipeline, "piece_graph", broken)  # the forked workers inherit it
    with pytest.raises(RuntimeError, match="cannot extract doc-0"):
        list(document_graphs(_docs(), parse=parallel.parallel_parser(n_process=2)))


# A build over many small batches, so that it is still parsing when it is stopped.
SLOW_BUILD = """
import sys
from kg.cli import app
from kg.extract import pipeline

pipeline.BATCH_CHARS = 60
app(sys.argv[1:])
"""


def _start_slow_build(tmp_path):
    import subprocess
    import sys
    import time

    for i in range(30):
        (tmp_path / f"doc{i}.txt").write_text(" ".join(TEXTS * 2), encoding="utf-8")
    command = [sys.executable, "-c", SLOW_BUILD, "build", str(tmp_path), "-j", "2",
               "--store", str(tmp_path / "store")]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        workers = {p for p in _children(process.pid) if _alive(p)}
    assert len(workers) >= 2, "the build started no workers"
    return process, workers


@pytest.mark.model
@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc (Linux)")
@pytest.mark.parametrize("how", ["kill -9", "ctrl-c"])
def test_parallel_workers_end_with_a_killed_or_interrupted_build(tmp_path, how):
    import signal

    process, workers = _start_slow_build(tmp_path)
    try:
        if how == "kill -9":
            process.kill()
        else:  # Ctrl-C reaches the whole foreground process group
            os.killpg(process.pid, signal.SIGINT)
        code = process.wait(timeout=30)
        assert _wait_gone(workers, 5) == set()
        if how == "ctrl-c":
            assert code == 130
            assert process.stderr is not None
            assert process.stderr.read().decode().strip().endswith("kg: error: interrupted")
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()
