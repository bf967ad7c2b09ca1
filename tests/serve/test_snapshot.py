"""kg.serve.snapshot: kg serve follows new builds, and builds its view graph once per snapshot."""

from __future__ import annotations

import time

import pytest

from kg.store import network, skeleton
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
