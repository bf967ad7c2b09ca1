"""kg.store.skeleton_file: the skeleton kept in a store's directory is used only for the
store it was read from, exactly as it is; anything else is read around."""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

import kg.store.skeleton as skeleton
import kg.store.skeleton_file as skeleton_file
from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.oxigraph import store_signature
from kg.view.drawing import page
from tests.docgraphs import doc_one, doc_two

ALL = "kg-skeleton-all.json"


def _people(doc: str, *names: str) -> DocumentGraph:
    triples = [Triple(a, "meet", b, "Person", "Person") for a, b in itertools.pairwise(names)]
    return DocumentGraph(doc, "", triples)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(doc_one())
        graph.add(_people("p", "Ann Lind", "Bo Sten", "Cy Wren"))
    return path


def _refuse_reads(monkeypatch) -> None:
    def refused(graph, include_hedged):
        raise AssertionError("read from the store, not from the kept file")

    monkeypatch.setattr(skeleton, "_read", refused)


def _fresh_page(path: Path, **options) -> str:
    with KnowledgeGraph.open(path, read_only=True) as graph:
        return page(graph, **options)


def test_the_next_opening_draws_from_the_kept_skeleton(store, monkeypatch):
    before = store_signature(store)
    first = _fresh_page(store)
    asserted = _fresh_page(store, include_hedged=False)
    neighbourhood = _fresh_page(store, entity="Bo Sten", hops=2)
    assert (store / ALL).is_file() and (store / "kg-skeleton-asserted.json").is_file()
    assert store_signature(store) == before  # kg's files are no part of the store
    _refuse_reads(monkeypatch)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        assert page(graph) == first
        assert page(graph, include_hedged=False) == asserted
        assert page(graph, entity="Bo Sten", hops=2) == neighbourhood
        assert "Cy Wren" in neighbourhood


def test_a_write_leaves_no_kept_skeleton_behind(store):
    _fresh_page(store)
    with KnowledgeGraph.open(store) as graph:
        graph.add(_people("q", "Cy Wren", "Di Moor"))
    assert not any(f.name.startswith("kg-") for f in store.iterdir())
    assert "Di Moor" in _fresh_page(store)


def test_a_kept_skeleton_of_an_older_store_is_read_around(store):
    """A file left from before a write (a writer killed before it closed, a copy put
    back) names another signature: the store is read, the file written anew."""
    _fresh_page(store)
    stale = (store / ALL).read_bytes()
    with KnowledgeGraph.open(store) as graph:
        graph.add(doc_two())
        graph.add(_people("q", "Cy Wren", "Di Moor"))
    (store / ALL).write_bytes(stale)
    assert "Di Moor" in _fresh_page(store)
    kept = json.loads((store / ALL).read_text())
    assert [tuple(e) for e in kept["signature"]] == list(store_signature(store))


def _edited(data: dict[str, Any], change: str) -> object:
    if change == "garbage":
        return "not json {"
    if change == "empty":
        return ""
    if change == "format":
        return {**data, "format": 99}
    if change == "kind":
        return {**data, "include_hedged": False}
    if change == "index":
        return {**data, "edges": [[st, 10**6, o] for st, _, o in data["edges"]]}
    if change == "negative":
        return {**data, "edges": [[st, -1, o] for st, _, o in data["edges"]]}
    if change == "end outside":
        return {**data, "order": 1}
    if change == "types":
        return {**data, "nodes": [1] * len(data["nodes"])}
    if change == "missing":
        return {k: v for k, v in data.items() if k != "events"}
    raise AssertionError(change)


CHANGES = [
    "garbage", "empty", "format", "kind", "index", "negative", "end outside", "types", "missing"
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES)
def test_a_broken_kept_skeleton_is_read_around(store, change):
    first = _fresh_page(store)
    data = json.loads((store / ALL).read_text())
    edited = _edited(data, change)
    (store / ALL).write_text(edited if isinstance(edited, str) else json.dumps(edited))
    assert _fresh_page(store) == first
    assert json.loads((store / ALL).read_text()) == data  # written anew


def test_no_skeleton_is_kept_where_the_store_changed_as_it_opened(store, monkeypatch):
    real = skeleton_file._where

    def changing(graph, include_hedged):
        graph.backend.signature = None  # as when a writer worked while it opened
        return real(graph, include_hedged)

    monkeypatch.setattr(skeleton_file, "_where", changing)
    first = _fresh_page(store)
    assert not (store / ALL).exists()
    monkeypatch.undo()
    assert _fresh_page(store) == first


def test_no_skeleton_is_kept_where_the_store_changed_while_it_was_read(store, monkeypatch):
    real = skeleton._read

    def with_a_write(graph, include_hedged):
        bones = real(graph, include_hedged)
        with KnowledgeGraph.open(store) as writer:  # another process's build, meanwhile
            writer.add(_people("q", "Cy Wren", "Di Moor"))
        return bones

    monkeypatch.setattr(skeleton, "_read", with_a_write)
    _fresh_page(store)
    assert not (store / ALL).exists()
    monkeypatch.undo()
    assert "Di Moor" in _fresh_page(store)


def test_a_directory_that_refuses_the_file_still_draws(store, monkeypatch):
    def refused(*_, **__):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    first = _fresh_page(store)
    assert not any(f.name.startswith("kg-") for f in store.iterdir())
    monkeypatch.undo()
    assert _fresh_page(store) == first


def test_no_file_for_a_store_in_memory_or_open_for_writing(tmp_path):
    with KnowledgeGraph.open() as graph:
        graph.add(doc_one())
        assert skeleton_file.load(graph, True) is skeleton_file.MISSING
        assert not skeleton_file.save(graph, True, None)
    with KnowledgeGraph.open(tmp_path / "s") as graph:
        graph.add(doc_one())
        page(graph)
        assert not (tmp_path / "s" / ALL).exists()


def test_far_neighbourhoods_of_a_new_opening_come_from_the_kept_file(store, monkeypatch):
    import kg.store.subgraph as subgraph

    far = _fresh_page(store, entity="Ann Lind", hops=2)  # read from the store: no file yet
    near = _fresh_page(store, entity="Ann Lind", hops=1)
    assert not (store / ALL).exists()
    _fresh_page(store)  # the whole view keeps the file
    _refuse_reads(monkeypatch)
    read: list[int] = []
    real = subgraph.neighbourhood_outline

    def counted(*args, **kwargs):
        read.append(kwargs["hops"])
        return real(*args, **kwargs)

    monkeypatch.setattr(subgraph, "neighbourhood_outline", counted)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        assert page(graph, entity="Ann Lind", hops=1) == near  # read: one hop is cheap
        assert page(graph, entity="Ann Lind", hops=2) == far  # from the file
        assert read == [1]
        assert page(graph, entity="Ann Lind", hops=1) == near  # now kept: from memory
        assert read == [1]
