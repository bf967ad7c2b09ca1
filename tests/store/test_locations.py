"""kg.store.locations: which backend a location opens, and where the default store is."""

from __future__ import annotations

import pytest

from kg.errors import StoreError
from kg.store.graph import KnowledgeGraph
from kg.store.locations import DEFAULT_STORE, STORE_ENV, default_store_location


@pytest.mark.parametrize("url", ["http://localhost:7878/query", "https://example.org/sparql"])
def test_store_urls_open_a_remote_store(url):
    from kg.store.sparql import SparqlBackend

    with KnowledgeGraph.open(url, read_only=True) as kg:  # nothing is sent until asked
        assert isinstance(kg.backend, SparqlBackend) and kg.backend.url == url
        assert kg.backend.update_url.endswith("/update")


def test_store_update_url_is_for_remote_stores_only(tmp_path):
    with pytest.raises(StoreError, match="remote stores"):
        KnowledgeGraph.open(tmp_path / "s", update_url="http://localhost:7878/update")


def test_store_default_location(monkeypatch):
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert default_store_location() == DEFAULT_STORE
    monkeypatch.setenv(STORE_ENV, "/tmp/elsewhere")
    assert str(default_store_location()) == "/tmp/elsewhere"
