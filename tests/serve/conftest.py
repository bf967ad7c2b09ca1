"""Fixtures shared by the kg serve tests: one in-memory graph and a server over it, per module."""

from __future__ import annotations

import pytest

from kg.store.graph import KnowledgeGraph
from tests.serve.served import (
    _document,
    _documents,
    _start,
)


@pytest.fixture(scope="module")
def graph():
    with KnowledgeGraph.open() as store:
        for doc in _documents():
            store.add(doc)
        yield store


@pytest.fixture(scope="module")
def server(graph):
    server, thread = _start(graph)
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("availability") / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add_many(_document(n) for n in range(20))
    return path
