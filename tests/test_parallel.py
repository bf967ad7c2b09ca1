"""Worker processes: the same graphs as a serial run, in the same order."""

from __future__ import annotations

import os
import threading

import pytest

import kg
from kg import parallel
from kg.extract import pipeline
from kg.extract.pipeline import Document, document_graphs

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
    assert next(items) == 0
    items.close()
    assert stopped.wait(5)
    assert len(produced) < 10


@pytest.mark.model
def test_parallel_graphs_equal_the_serial_ones_in_order(monkeypatch):
    # Tiny batches, so that these few texts are spread over both workers.
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 60)
    pools = []

    class CountingPool(parallel.ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    serial = list(document_graphs(_docs(), n_process=1))
    assert pools == []
    par = list(document_graphs(_docs(), n_process=2))
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
        store.add_many(kg.api.extract_documents(_docs(), n_process=n), generated_at=when)
        graphs[n] = sorted(str(q) for q in store.store.quads_for_pattern(None, None, None, None))
    assert graphs[1] == graphs[2] and len(graphs[1]) > 100


@pytest.mark.model
def test_parallel_worker_errors_reach_the_caller(monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 60)

    def broken(doc, *, doc_id="", offset=0):
        raise RuntimeError(f"cannot extract {doc_id}")

    monkeypatch.setattr(pipeline, "piece_graph", broken)  # the forked workers inherit it
    with pytest.raises(RuntimeError, match="cannot extract doc-0"):
        list(document_graphs(_docs(), n_process=2))
