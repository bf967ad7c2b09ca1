"""kg.serve.snapshot: kg serve follows new builds, and builds its view graph once per snapshot."""

from __future__ import annotations

import time

import pytest

from kg.store import facts_file, names, network, skeleton
from kg.store.graph import KnowledgeGraph
from tests.serve.served import (
    COUNT_DOCS,
    _concurrently,
    _document,
    _get,
    _start,
    _stop,
)

pytestmark = pytest.mark.network


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
            assert code == 200 and 'data-count="documents">2<' in page  # the home page
        finally:
            _stop(server, thread)


def test_serve_builds_the_view_graph_and_index_once_per_snapshot(store_path, monkeypatch):
    calls: list[str] = []
    real, real_skeleton = network.to_networkx, skeleton._read

    def counted(graph, **kwargs):
        if isinstance(graph, KnowledgeGraph):  # the whole graph (an entity's part is not)
            calls.append("network")
        return real(graph, **kwargs)

    def counted_skeleton(graph, include_hedged):
        calls.append("skeleton")
        return real_skeleton(graph, include_hedged)

    monkeypatch.setattr(network, "to_networkx", counted)
    monkeypatch.setattr(skeleton, "_read", counted_skeleton)
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        server, thread = _start(graph, workers=1)
        pages = ["", "view?entity=Ann%203", "view"]
        try:
            results = _concurrently(9, lambda i: _get(server.url + pages[i % 3]))
            assert [r[0] for r in results] == [200] * 9
            # the whole view's structure, once (never the whole networkx view); entity
            # views read their part
            assert calls == ["skeleton"]
        finally:
            _stop(server, thread)


def test_serve_reads_the_skeleton_as_it_starts_and_draws_neighbourhoods_from_it(
    store_path, monkeypatch
):
    from kg.store import subgraph
    from kg.view import page

    with KnowledgeGraph.open(store_path, read_only=True) as fresh:  # read, not kept
        expected = page(fresh, entity="Ann 3", hops=2)
    refused: list[int] = []
    real = subgraph.neighbourhood_outline

    def counted(*args, **kwargs):
        refused.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(subgraph, "neighbourhood_outline", counted)
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        server, thread = _start(graph, workers=1)
        try:
            assert server.warming is not None
            server.warming.join(30)
            assert skeleton.kept(graph) is not None
            assert graph in names._CACHE  # the search's index too
            assert facts_file.kept(graph)  # and the statements the views are filled from
            code, _, body = _get(server.url + "view?entity=Ann%203&hops=2")
            assert code == 200 and body == expected
            assert refused == []  # drawn from the skeleton
            code, _, body = _get(server.url + "view?entity=Nobody%20Known")
            assert code == 404 and "no entity named" in body
        finally:
            _stop(server, thread)


def test_serve_of_a_writable_store_reads_no_skeleton_ahead(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as graph:
        graph.add(_document(0))
        server, thread = _start(graph, workers=0)
        try:
            assert server.warming is None and skeleton.kept(graph) is None
            assert not (tmp_path / "store" / facts_file.NAME).exists()
        finally:
            _stop(server, thread)
