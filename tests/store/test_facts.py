"""kg.store.facts: what the web pages read, one entity or document at a time."""

from __future__ import annotations

import pytest

from kg.model import ENTITY_TYPES
from kg.rdf.terms import entity_iri
from kg.store import document_facts, facts
from kg.store.graph import KnowledgeGraph
from tests.serve.webdocs import (
    HOSTILE_ALIAS,
    HOSTILE_DOC,
    HOSTILE_ORG,
    NEWS,
    NEWS_TEXT,
    S1,
    S4,
    web_docs,
)


@pytest.fixture(scope="module")
def graph():
    with KnowledgeGraph.open() as store:
        store.add_many(web_docs())
        yield store


def _iri(name: str, type_: str) -> str:
    return str(entity_iri(name, type_))


BERG = _iri("Anna Berg", "Person")
NORDVIK = _iri("Nordvik Shipping", "Organization")


def test_facts_search_names_finds_labels_and_aliases_prefix_first(graph):
    hits = facts.search_names(graph, "berg")
    assert [(h["label"], h["name"], h["class"]) for h in hits] == [("Anna Berg", "Berg", "Person")]
    assert hits[0]["iri"] == BERG
    # "nor" starts "Nordvik" (an alias) and "Nordvik Shipping"; one hit per entity
    assert [h["label"] for h in facts.search_names(graph, "NOR")] == ["Nordvik Shipping"]
    # substring, not only prefix; case and spacing ignored
    assert {h["label"] for h in facts.search_names(graph, "  TAMM ")} == {"Karl Tamm"}
    assert facts.search_names(graph, "") == [] and facts.search_names(graph, "zzz") == []


def test_facts_search_names_is_capped_and_safe_with_quotes(graph):
    assert len(facts.search_names(graph, "a", limit=2)) == 2
    assert facts.search_names(graph, '" } ; DROP ALL ; "') == []  # a literal, not SPARQL
    assert [h["label"] for h in facts.search_names(graph, "<b>co")] == [HOSTILE_ORG]
    assert facts.search_names(graph, "<b>co")[0]["name"] == HOSTILE_ALIAS


def test_facts_entity_reads_label_class_aliases(graph):
    assert facts.entity(graph, BERG) == {
        "iri": BERG, "label": "Anna Berg", "class": "Person", "aliases": ["Berg"],
    }  # fmt: skip
    assert facts.entity(graph, "https://kg.example.org/entity/nobody") is None
    with pytest.raises(ValueError):
        facts.entity(graph, "not an iri> }")


def test_facts_entity_facts_both_directions_with_provenance(graph):
    found = facts.entity_facts(graph, BERG)
    by_relation = {(f["relation"], f["role"]): f for f in found}
    assert set(by_relation) == {
        ("chief executive of", "subject"), ("meet", "subject"), ("praise", "subject"),
        ("<i>href</i>", "object"),
    }  # fmt: skip
    meet = by_relation[("meet", "subject")]
    assert meet["other_label"] == "Karl Tamm" and meet["other_class"] == "Person"
    assert meet["doc_id"] == NEWS and meet["sentence"] == S1
    assert meet["time"] == "2015" and meet["time_text"] == "in 2015"
    assert meet["confidence"] == pytest.approx(0.8) and meet["asserted"] is True
    assert NEWS_TEXT[meet["begin"] : meet["end"]].startswith("Anna Berg")
    assert NEWS_TEXT[meet["sentence_begin"] :].startswith(S1)
    href = by_relation[("<i>href</i>", "object")]
    assert href["other_label"] == HOSTILE_ORG and href["doc_id"] == HOSTILE_DOC
    assert href["attribution"] == "</script>\"'" and href["asserted"] is False
    assert facts.count_facts(graph, BERG) == 4
    assert len(facts.entity_facts(graph, BERG, limit=2)) == 2


def test_facts_entity_facts_hedged_negated(graph):
    found = facts.entity_facts(graph, NORDVIK)
    buy = next(f for f in found if f["relation"] == "buy")
    assert buy["polarity"] == "negative" and buy["asserted"] is False
    tamm = facts.entity_facts(graph, _iri("Karl Tamm", "Person"))
    sell = next(f for f in tamm if f["relation"] == "sell")
    assert (sell["modality"], sell["attribution"], sell["asserted"]) == ("may", "Liisa Kask", False)


def test_facts_entity_merges_give_rule_offsets_and_sentence(graph):
    merges = facts.entity_merges(graph, NORDVIK)
    assert [(m["alias"], m["rule"], m["occurrences"], m["doc_id"]) for m in merges] == [
        ("Nordvik", "short-name", 1, NEWS)
    ]
    m = merges[0]
    assert NEWS_TEXT[m["begin"] : m["end"]] == "Nordvik" and m["sentence"] == S4
    assert NEWS_TEXT[m["sentence_begin"] :].startswith(S4)
    assert facts.entity_merges(graph, _iri("Karl Tamm", "Person"))[0]["rule"] == "surname"


def test_facts_top_entities_per_class_by_degree(graph):
    top = facts.top_entities(graph, per_class=2)
    assert [e["label"] for e in top["Person"]] == ["Anna Berg", "Karl Tamm"]
    assert top["Person"][0]["statements"] == 4
    assert {(e["label"], e["statements"]) for e in top["Organization"]} == {
        ("Nordvik Shipping", 2), (HOSTILE_ORG, 2),
    }  # fmt: skip
    assert all(len(entities) <= 2 for entities in top.values())
    assert list(top) == [t for t in ENTITY_TYPES if t in top]


def test_facts_document_by_id_or_iri_and_its_parts(graph):
    doc = document_facts.document(graph, doc_id=NEWS)
    assert doc is not None and doc["doc_id"] == NEWS and doc["source"] == "/data/harbour.txt"
    assert document_facts.document(graph, iri=doc["iri"]) == doc
    assert document_facts.document(graph, doc_id="nope") is None
    with pytest.raises(ValueError):
        document_facts.document(graph)
    sentences = document_facts.document_sentences(graph, doc["iri"])
    assert len(sentences) == 4 and all(NEWS_TEXT[b:e] == text for b, e, text in sentences)
    statements = document_facts.document_statements(graph, doc["iri"])
    assert [s["relation"] for s in statements] == [
        "chief executive of",
        "meet",
        "praise",
        "sell",
        "buy",
    ]  # fmt: skip (text order)
    assert statements[0]["subject_label"] == "Anna Berg"
    assert statements[0]["object_label"] == "Nordvik Shipping"
    assert all(s["doc"] == doc["iri"] for s in statements)
    assert len(document_facts.document_statements(graph, doc["iri"], limit=2)) == 2


def test_facts_counts_and_documents(graph):
    counts = facts.counts(graph)
    assert counts == {"documents": 2, "entities": 7, "statements": 7}
    stats = graph.stats()
    assert counts == {key: stats[key] for key in counts}
    assert [d["doc_id"] for d in facts.documents(graph)] == sorted([NEWS, HOSTILE_DOC])
    assert len(facts.documents(graph, limit=1)) == 1


def test_facts_statement_without_object_has_no_other_end():
    from kg.model import DocumentGraph, Triple

    text = "The stadium opened in 1932. Ann met Bob."
    triples = [
        Triple("stadium", "open", "", "Concept", "", time="1932", time_text="in 1932",
               sentence="The stadium opened in 1932.", sentence_end=27, start=4, end=26),
        Triple("Ann", "meet", "Bob", "Person", "Person", sentence="Ann met Bob.",
               sentence_start=28, sentence_end=40, start=28, end=39),
    ]  # fmt: skip
    with KnowledgeGraph.open() as store:
        store.add(DocumentGraph("d", text, triples))
        found = facts.entity_facts(store, _iri("stadium", "Concept"))
        assert [(f["relation"], f["other"], f["other_label"], f["time"]) for f in found] == [
            ("open", None, None, "1932")
        ]
        doc = document_facts.document(store, doc_id="d")
        assert doc is not None
        statements = document_facts.document_statements(store, doc["iri"])
        assert [(s["subject_label"], s["object"]) for s in statements] == [
            ("stadium", None), ("Ann", _iri("Bob", "Person")),
        ]  # fmt: skip


def test_facts_aliases_of_several_entities(graph):
    assert facts.aliases(graph, [BERG, NORDVIK, _iri("port", "Concept")]) == {
        BERG: ["Berg"], NORDVIK: ["Nordvik"],
    }  # fmt: skip
    assert facts.aliases(graph, []) == {}


@pytest.mark.parametrize("text", ["berg", "NOR", "a", "<b>co", " tamm", "zzz", ""])
def test_facts_name_index_finds_what_search_names_finds(graph, text):
    from kg.store.names import name_index

    index = name_index(graph)
    assert len(index.entries) == 7 + 4  # seven names; Berg, Nordvik, Tamm and the hostile alias
    for limit in (1, 3, 50):
        assert index.search(graph, text, limit=limit) == facts.search_names(
            graph, text, limit=limit
        )
