"""kg.store.backend: the writes every backend takes, and the update texts it runs."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.store.backend import (
    DocumentIndex,
    Write,
    drop_graph_update,
    insert_data_update,
    python_values,
)

A, B = ox.NamedNode("urn:a"), ox.NamedNode("urn:b")
HOSTILE = ox.Literal('} ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "z')


def _write(graph: str, *objects: ox.Literal, doc_id: str = "", replaces=()) -> Write:
    return Write(URIRef(graph), [(A, B, o) for o in objects], list(replaces), doc_id, graph[-1])


def test_backend_write_quads_go_to_the_document_graph_and_the_union():
    quads = list(_write("urn:g1", ox.Literal("x")).quads())
    assert [q.graph_name for q in quads] == [ox.NamedNode("urn:g1"), ox.DefaultGraph()]


def test_backend_insert_then_drop_keeps_what_another_graph_still_has():
    store = ox.Store()
    shared, own = ox.Literal("shared"), HOSTILE
    one, two = _write("urn:g1", shared, own), _write("urn:g2", shared)
    store.update(insert_data_update([*one.quads(), *two.quads()]))
    assert len(store) == 5  # 2 + 1 in the graphs, 2 in the union (a set): no DROP ALL ran
    assert ox.Quad(A, B, HOSTILE, ox.DefaultGraph()) in store
    store.update(drop_graph_update(one.graph))
    assert set(store.named_graphs()) == {ox.NamedNode("urn:g2")}
    union = {q.object for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert union == {shared}


def test_backend_document_index_records_a_replacing_write():
    index = DocumentIndex(
        ids={"d.txt": {URIRef("urn:g1")}}, hashes={URIRef("urn:g1"): "1"}, graphs={URIRef("urn:g1")}
    )
    index.record(_write("urn:g2", doc_id="d.txt", replaces=[URIRef("urn:g1")]))
    assert index.ids == {"d.txt": {URIRef("urn:g2")}}
    assert index.hashes == {URIRef("urn:g2"): "2"}
    assert index.graphs == {URIRef("urn:g2")}


def test_backend_python_values_turn_literals_and_keep_iris():
    row = {"n": Literal(3), "e": URIRef("urn:e"), "s": Literal("x", lang="en")}
    assert python_values(row) == {"n": 3, "e": URIRef("urn:e"), "s": "x"}
