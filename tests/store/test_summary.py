"""kg.store.summary: what a store holds, counted (KnowledgeGraph.documents and .stats)."""

from __future__ import annotations

from rdflib import Graph

from kg.rdf.quads import document_graph
from kg.rdf.terms import document_iri
from tests.docgraphs import doc_one, doc_two
from tests.store.stored import WHEN, labels

# ---------------------------------------------------------------- add / replace / remove


def test_store_add_then_query_documents_and_stats(store):
    assert store.add(doc_one(), generated_at=WHEN) is True
    assert store.add(doc_two(), generated_at=WHEN) is True
    docs = store.documents()
    assert [d["doc_id"] for d in docs] == ["one.txt", "two.txt"]
    assert docs[0]["source"] == "docs/one.txt" and docs[1]["source"] is None
    assert docs[0]["statements"] == 2 and docs[1]["statements"] == 1
    assert docs[0]["iri"] == str(document_iri("one.txt"))
    assert docs[0]["generated_at"] == "2024-05-06T07:08:09+00:00"
    assert sum(d["quads"] for d in docs) == store.stats()["quads"]
    stats = store.stats()
    assert stats["documents"] == 2
    assert stats["entities"] == 4  # Lantern Works is shared by both documents
    assert stats["classes"] == {"Organization": 1, "Person": 2, "Place": 1}
    assert stats["relations"] == 3
    assert stats["statements"] == 3
    assert stats["asserted"] == 2
    assert stats["facts"] == 2
    assert stats["triples"] == len(store) < stats["quads"]  # shared triples count once
    union = Graph()
    for dg in (doc_one(), doc_two()):
        union += document_graph(dg, generated_at=WHEN)
    assert len(store) == len(union)
    assert labels(store) == {"Mara Quill", "Lantern Works", "Brindle", "Tomas Reed"}
