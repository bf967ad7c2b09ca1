"""Fixtures shared by the store tests."""

from __future__ import annotations

import pytest

from kg.store.graph import KnowledgeGraph


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    location = None if request.param == "memory" else tmp_path / "store"
    with KnowledgeGraph.open(location) as kg:
        yield kg
