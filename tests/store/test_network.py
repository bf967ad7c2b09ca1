"""kg.store.network: the networkx view of a knowledge graph."""

from __future__ import annotations

from datetime import UTC, datetime

import networkx as nx
import pytest
from rdflib import Dataset

from kg.model import DocumentGraph, Entity, Triple
from kg.rdf.quads import document_graph
from kg.rdf.terms import entity_iri, relation_iri
from kg.store.graph import KnowledgeGraph
from kg.store.network import to_networkx

WHEN = datetime(2024, 5, 6, tzinfo=UTC)


def doc_a() -> DocumentGraph:
    triples = [
        Triple("Ivo Brand", "lead", "Harbour Board", "Person", "Organization", confidence=0.8,
               sentence="Ivo Brand leads the Harbour Board.", sentence_end=34),
        Triple("Harbour Board", "move to", "Kelm", "Organization", "Place", modality="plan",
               attribution="a spokesman", confidence=0.4,
               sentence="The Harbour Board plans to move to Kelm, a spokesman said.",
               sentence_start=35, sentence_end=93),
    ]  # fmt: skip
    entities = {("Ivo Brand", "Person"): Entity("Ivo Brand", "Person", {"Brand"})}
    return DocumentGraph("a.txt", "x" * 93, triples, entities)


def doc_b() -> DocumentGraph:
    triples = [
        Triple("Ivo Brand", "lead", "Harbour Board", "Person", "Organization", confidence=0.6,
               sentence="Brand still leads the Harbour Board.", sentence_end=36),
    ]  # fmt: skip
    entities = {("Ivo Brand", "Person"): Entity("Ivo Brand", "Person", {"Mr Brand"})}
    return DocumentGraph("b.txt", "y" * 36, triples, entities)


@pytest.fixture
def kg():
    with KnowledgeGraph.open() as store:
        store.add(doc_a(), generated_at=WHEN)
        store.add(doc_b(), generated_at=WHEN)
        yield store


IVO = str(entity_iri("Ivo Brand", "Person"))
BOARD = str(entity_iri("Harbour Board", "Organization"))
KELM = str(entity_iri("Kelm", "Place"))


def test_graph_nodes_are_entities_with_their_attributes(kg):
    g = to_networkx(kg)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {IVO, BOARD, KELM}  # Kelm only in a hedged statement: still a node
    assert g.nodes[IVO] == {
        "label": "Ivo Brand",
        "type": "Person",
        "aliases": ["Brand", "Mr Brand"],  # merged across documents
        "iri": IVO,
        "events": [],
    }
    assert g.nodes[KELM]["type"] == "Place" and g.nodes[KELM]["aliases"] == []


def test_graph_edges_are_asserted_statements_by_default(kg):
    g = to_networkx(kg)
    edges = sorted(g.edges(IVO, data=True), key=lambda e: e[2]["doc"])
    assert [(u, v) for u, v, _ in edges] == [(IVO, BOARD), (IVO, BOARD)]  # one per document
    first = edges[0][2]
    assert first == {
        "relation": "lead",
        "iri": str(relation_iri("lead")),
        "confidence": 0.8,
        "sentence": "Ivo Brand leads the Harbour Board.",
        "doc": "a.txt",
        "polarity": "positive",
        "modality": None,
        "attribution": None,
        "asserted": True,
        "time": None,
        "time_text": None,
    }
    assert edges[1][2]["doc"] == "b.txt" and edges[1][2]["confidence"] == 0.6
    assert not g.has_edge(BOARD, KELM)


def test_graph_include_hedged_adds_qualified_statements(kg):
    g = to_networkx(kg, include_hedged=True)
    ((_, data),) = g.get_edge_data(BOARD, KELM).items()
    assert data["asserted"] is False
    assert data["modality"] == "plan" and data["attribution"] == "a spokesman"
    assert data["relation"] == "move to"
    assert g.number_of_edges() == 3


def test_graph_same_view_from_rdflib_graphs_and_from_the_store(kg):
    from_store = to_networkx(kg, include_hedged=True)
    ds = Dataset()  # default_union False: to_networkx still reads every graph
    for dg in (doc_a(), doc_b()):
        graph = document_graph(dg, generated_at=WHEN)
        target = ds.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    for source in (ds, document_graph(doc_a(), generated_at=WHEN)):
        view = to_networkx(source, include_hedged=True)
        expected = from_store if source is ds else None
        if expected is None:
            assert set(view.nodes) == {IVO, BOARD, KELM} and view.number_of_edges() == 2
            continue
        assert dict(view.nodes(data=True)) == dict(expected.nodes(data=True))
        assert sorted(view.edges(keys=True, data=True), key=str) == sorted(
            expected.edges(keys=True, data=True), key=str
        )


def test_graph_uses_two_queries(kg, monkeypatch):
    calls = []
    original = KnowledgeGraph._select

    def counting(self, sparql):
        calls.append(sparql)
        return original(self, sparql)

    import kg.store.network as network

    plain = network.plain_rows

    def counting_plain(store, sparql):  # a local store's rows, read without rdflib terms
        calls.append(sparql)
        return plain(store, sparql)

    monkeypatch.setattr(KnowledgeGraph, "_select", counting)
    monkeypatch.setattr(network, "plain_rows", counting_plain)
    to_networkx(kg)
    assert len(calls) == 2


def test_graph_empty_store_gives_an_empty_graph():
    with KnowledgeGraph.open() as store:
        g = to_networkx(store)
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0


def test_plain_rows_read_values_as_rdflib_python_values():
    """to_networkx's fast rows (a local store) give what str/float/bool of rdflib's values give."""
    import pyoxigraph as ox

    from kg.query import select_dicts
    from kg.store.backend import python_values
    from kg.store.network import plain_rows

    xsd = "http://www.w3.org/2001/XMLSchema#"
    objects: list[ox.NamedNode | ox.BlankNode | ox.Literal] = [
        ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("0", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("TRUE", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("0.85", datatype=ox.NamedNode(xsd + "decimal")),
        ox.Literal("1", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("1932", datatype=ox.NamedNode(xsd + "gYear")),
        ox.Literal("Ann", language="en"),
        ox.Literal("plain"),
        ox.NamedNode("urn:x"),
        ox.BlankNode("b1"),
    ]
    store = ox.Store()
    g = ox.NamedNode("urn:g")
    for i, o in enumerate(objects):
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), o, g))
    sparql = "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s"
    fast = plain_rows(store, sparql)
    slow = [python_values(row) for row in select_dicts(store, sparql)]
    assert len(fast) == len(slow) == len(objects)
    for a, b in zip(fast, slow, strict=True):
        assert str(a["s"]) == str(b["s"])
        assert str(a["o"]) == str(b["o"]) or bool(a["o"]) == bool(b["o"])
        assert bool(a["o"]) == bool(b["o"])
        if isinstance(b["o"], (int, float)) and not isinstance(b["o"], bool):
            assert float(a["o"]) == float(b["o"])
