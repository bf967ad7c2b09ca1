"""kg.store.writes: adding, replacing and removing document graphs, one at a time and in bulk."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.model import DocumentGraph, Triple
from kg.rdf.namespaces import KG
from kg.rdf.quads import document_graph
from kg.rdf.terms import document_iri, entity_iri
from kg.store.graph import KnowledgeGraph
from tests.docgraphs import doc_one, doc_two
from tests.store.stored import WHEN, labels


def test_store_adding_the_same_document_twice_changes_nothing(store):
    assert store.add(doc_one(), generated_at=WHEN)
    before = len(store)
    documents = store.documents()
    assert store.add(doc_one()) is False  # a later time, same graph
    assert len(store) == before
    assert store.documents() == documents


def test_store_changed_content_replaces_the_document_graph(store):
    store.add(doc_one(), generated_at=WHEN)
    changed = DocumentGraph(
        "one.txt", "Mara Quill sold Lantern Works.",
        [Triple("Mara Quill", "sell", "Lantern Works", "Person", "Organization")],
    )  # fmt: skip
    assert store.add(changed) is True
    assert [d["doc_id"] for d in store.documents()] == ["one.txt"]
    assert store.query("ASK { ?a rel:sell ?b }") is True
    assert store.query("ASK { ?a rel:found ?b }") is False
    assert store.query("ASK { ?s kg:modality ?m }") is False
    assert labels(store) == {"Mara Quill", "Lantern Works"}
    assert len(store) == len(document_graph(changed))


def test_store_replaces_a_document_stored_under_another_base_iri(tmp_path):
    with KnowledgeGraph.open(tmp_path / "s", base_iri="https://a.example/") as kg:
        kg.add(doc_one())
    with KnowledgeGraph.open(tmp_path / "s", base_iri="https://b.example/") as kg:
        assert kg.add(doc_one()) is True
        assert [d["iri"] for d in kg.documents()] == [
            str(document_iri("one.txt", base="https://b.example/"))
        ]
        stale = "ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://a.example/')) }"
        assert kg.query(stale) is False  # gone from the union too


def test_store_remove(store):
    store.add(doc_one())
    store.add(doc_two())
    assert store.remove("one.txt") is True
    assert [d["doc_id"] for d in store.documents()] == ["two.txt"]
    assert labels(store) == {"Lantern Works", "Tomas Reed"}
    assert len(store) == len(document_graph(doc_two()))  # the union lost only one.txt's triples
    assert store.remove("one.txt") is False
    assert store.remove("two.txt") is True
    assert len(store) == 0


def test_store_union_is_a_set_that_follows_add_replace_and_remove(store):
    # Each document names Lantern Works: its label must match once, not once per document.
    store.add(doc_one())
    store.add(doc_two())
    works = entity_iri("Lantern Works", "Organization")
    rows = store.query(f"SELECT ?l WHERE {{ <{works}> skos:prefLabel ?l }}")
    assert [str(r.l) for r in rows] == ["Lantern Works"]
    store.remove("two.txt")
    assert store.query(f"ASK {{ <{works}> skos:prefLabel ?l }}") is True  # one.txt still has it
    store.add(DocumentGraph("one.txt", "Nothing here."))  # replaced: Lantern Works is gone
    assert store.query(f"ASK {{ <{works}> ?p ?o }}") is False
    assert len(store) == len(document_graph(DocumentGraph("one.txt", "Nothing here.")))


# ---------------------------------------------------------------- add_many (the bulk path)


def _many(n: int) -> list[DocumentGraph]:
    return [
        DocumentGraph(f"d{i}.txt", f"text {i}", [
            Triple(f"Person {i}", "meet", f"Person {i + 1}", "Person", "Person",
                   sentence=f"Person {i} met Person {i + 1}.", sentence_end=30, end=29),
            Triple(f"Person {i}", "visit", "Brindle", "Person", "Place", modality="may")])
        for i in range(n)
    ]  # fmt: skip


def test_store_add_many_bulk_path_equals_one_add_per_document(tmp_path, monkeypatch):
    import kg.store.oxigraph
    import kg.store.writes

    monkeypatch.setattr(kg.store.writes, "BATCH_QUADS", 600)  # several batches ...
    monkeypatch.setattr(kg.store.writes, "BACKGROUND_BATCH_QUADS", 600)
    monkeypatch.setattr(kg.store.oxigraph, "BULK_QUADS", 100)  # ... each through the bulk loader
    docs = _many(12)
    with (
        KnowledgeGraph.open(tmp_path / "bulk") as bulk,
        KnowledgeGraph.open(tmp_path / "one") as one,
    ):
        assert bulk.add_many(docs, generated_at=WHEN) == 12
        assert [one.add(d, generated_at=WHEN) for d in docs] == [True] * 12
        assert bulk.documents() == one.documents()
        assert bulk.stats() == one.stats()
        assert bulk.add_many(docs) == 0  # unchanged: skipped
        changed = DocumentGraph("d3.txt", "new text", [Triple("Zed", "sell", "Brindle")])
        assert bulk.add_many([changed, docs[5]]) == 1  # one replaced, one skipped
        assert bulk.query("ASK { GRAPH ?g { ?a rel:sell ?b } }") is True
        assert len(bulk.documents()) == 12


def test_store_add_many_same_document_twice_in_a_batch_keeps_the_last(store):
    first, second = DocumentGraph("d.txt", "one"), DocumentGraph("d.txt", "two")
    assert store.add_many([first, second]) == 2
    (doc,) = store.documents()
    content_hash = document_graph(second).value(URIRef(doc["iri"]), KG.contentHash)
    assert isinstance(content_hash, Literal)
    assert doc["content_hash"] == content_hash.toPython()


def test_store_a_graph_without_its_hash_is_replaced_not_skipped(store):
    # What a bulk load cut short leaves: quads, but no kg:graphHash (written last).
    dg = doc_one()
    store.add(dg, generated_at=WHEN)
    store.query("DELETE WHERE { GRAPH ?g { ?g kg:graphHash ?h } }", allow_update=True)
    assert store.add(dg, generated_at=WHEN) is True
    assert store.documents()[0]["graph_hash"]
    assert store.add(dg) is False


# ------------------------------------------------ batches inserted in a thread


def _slow_inserts(monkeypatch, delay: float = 0.15) -> list[int]:
    """Every batch takes ``delay`` s more to insert (so the next is planned meanwhile)."""
    import time

    import kg.store.oxigraph

    original = kg.store.oxigraph.OxigraphBackend.insert
    sizes: list[int] = []

    def insert(self, writes):
        time.sleep(delay)
        sizes.append(len(writes))
        original(self, writes)

    monkeypatch.setattr(kg.store.oxigraph.OxigraphBackend, "insert", insert)
    return sizes


def test_store_add_many_in_a_thread_equals_one_add_per_document(tmp_path, monkeypatch):
    import kg.store.writes

    monkeypatch.setattr(kg.store.writes, "BACKGROUND_BATCH_QUADS", 60)  # a batch a document
    sizes = _slow_inserts(monkeypatch)
    docs = _many(6)
    with (
        KnowledgeGraph.open(tmp_path / "thread") as threaded,
        KnowledgeGraph.open(tmp_path / "one") as one,
    ):
        assert threaded.add_many(docs, generated_at=WHEN) == 6
        assert len(sizes) == 6  # six batches, each in the thread
        for d in docs:
            one.backend.concurrent_inserts = False
            one.add(d, generated_at=WHEN)
        assert threaded.documents() == one.documents()
        assert threaded.stats() == one.stats()
        exported = [g.export(tmp_path / f"{n}.nq") for n, g in (("t", threaded), ("o", one))]
        assert sorted(exported[0].read_text().splitlines()) == sorted(
            exported[1].read_text().splitlines()
        )


def test_store_add_many_links_to_a_batch_still_being_inserted(tmp_path, monkeypatch):
    import kg.store.writes
    from tests.docgraphs import bare, full, select_rows

    monkeypatch.setattr(kg.store.writes, "BACKGROUND_BATCH_QUADS", 1)  # a batch a document
    _slow_inserts(monkeypatch, delay=0.3)
    lise = entity_iri("Lise Meitner", "Person")
    with KnowledgeGraph.open(tmp_path / "store") as graph:
        assert graph.add_many([full("a.txt", "Lise"), bare()], generated_at=WHEN) == 2
        rows = select_rows(
            graph.query(
                "SELECT ?s WHERE { GRAPH ?g { ?st rdf:predicate rel:win ; rdf:subject ?s } }"
            )
        )
        assert [str(r[0]) for r in rows] == [str(lise)]  # "Meitner" is Lise, in flight or not


def test_store_add_many_raises_an_insert_error_from_the_thread(tmp_path, monkeypatch):
    import kg.store.oxigraph
    import kg.store.writes
    from kg.errors import StoreError

    monkeypatch.setattr(kg.store.writes, "BACKGROUND_BATCH_QUADS", 60)
    original = kg.store.oxigraph.OxigraphBackend.insert
    calls = []

    def insert(self, writes):
        calls.append(len(writes))
        if len(calls) == 2:
            raise StoreError("cannot write to the store: disk full")
        original(self, writes)

    monkeypatch.setattr(kg.store.oxigraph.OxigraphBackend, "insert", insert)
    with KnowledgeGraph.open(tmp_path / "store") as graph:
        with pytest.raises(StoreError, match="disk full"):
            graph.add_many(_many(5), generated_at=WHEN)
        assert len(calls) in (2, 3)  # stopped at the failed batch, or just after it
        assert "d0.txt" in {d["doc_id"] for d in graph.documents()}


def test_store_add_many_stopped_by_its_input_finishes_the_batch_in_flight(tmp_path, monkeypatch):
    import kg.store.writes

    monkeypatch.setattr(kg.store.writes, "BACKGROUND_BATCH_QUADS", 60)
    _slow_inserts(monkeypatch, delay=0.3)

    def documents():
        yield from _many(2)
        raise KeyboardInterrupt  # Ctrl-C while the parse of the third runs

    with KnowledgeGraph.open(tmp_path / "store") as graph:
        with pytest.raises(KeyboardInterrupt):
            graph.add_many(documents(), generated_at=WHEN)
        stored = graph.documents()
        assert [d["doc_id"] for d in stored] == ["d0.txt", "d1.txt"]
        assert all(d["graph_hash"] for d in stored)  # whole, with their hashes
