"""Fixtures shared by the kg serve tests: one in-memory graph and a server over it, per module."""

from __future__ import annotations

import pytest

from kg.store.graph import KnowledgeGraph
from tests.serve.served import (
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
