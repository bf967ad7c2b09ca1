"""Tests for kg.view.select: what to draw (entities, neighbourhoods, documents, queries).

The store is filled with hand-made DocumentGraphs (no spaCy model), so these run fast.
"""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import KGError
from kg.model import DocumentGraph
from kg.view.select import (
    document_view,
    entity_view,
    find_entities,
    neighbourhood,
    query_view,
    select_view,
)
from tests.view.harbour import HARBOUR, MINUTES, SELECT_SPO


def _iri(graph: nx.MultiDiGraph, label: str) -> str:
    (node,) = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    return str(node)


def _labels(graph: nx.MultiDiGraph) -> set[str]:
    return {d["label"] for _, d in graph.nodes(data=True)}


# ---------------------------------------------------------------- entities


def test_views_find_entities_by_label_or_alias_any_case(full):
    mira = _iri(full, "Mira Halvorsen")
    assert find_entities(full, "mira  HALVORSEN") == [mira]
    assert find_entities(full, "m. halvorsen") == [mira]
    assert find_entities(full, "npa") == [_iri(full, "Northgate Port Authority")]
    both = find_entities(full, "Halvorsen")  # an alias of two people: both
    assert sorted(both) == sorted([mira, _iri(full, "Per Halvorsen")])
    assert find_entities(full, mira) == [mira]  # the IRI itself


def test_views_unknown_entity_is_a_kg_error_with_suggestions(full):
    with pytest.raises(KGError, match=r"no entity named 'Mira Halvorson'; did you mean: .*"
                       r"Mira Halvorsen"):  # fmt: skip
        find_entities(full, "Mira Halvorson")
    with pytest.raises(KGError, match="did you mean: Northgate"):
        find_entities(full, "Northgte")
    with pytest.raises(KGError) as info:
        find_entities(full, "qqqqqq")
    assert str(info.value) == "no entity named 'qqqqqq'"


def test_views_neighbourhood_follows_edges_both_ways(full):
    npa = _iri(full, "Northgate Port Authority")
    assert _labels(neighbourhood(full, [npa], hops=0)) == {"Northgate Port Authority"}
    assert _labels(neighbourhood(full, [npa], hops=1)) == {
        "Northgate Port Authority",
        "Mira Halvorsen",  # an incoming edge
        "Northgate",  # an outgoing edge
    }
    two = _labels(neighbourhood(full, [npa], hops=2))
    assert {"Per Halvorsen", "Jonas Brekke", "Northgate City Council"} <= two
    assert "dock workers" not in two
    with pytest.raises(ValueError, match="hops"):
        neighbourhood(full, [npa], hops=-1)


def test_views_entity_view_of_a_shared_alias_draws_both(full):
    view = entity_view(full, "halvorsen", hops=1)
    assert len(view.focus) == 2
    assert view.title == "Mira Halvorsen, Per Halvorsen: 1 hop"
    assert view.description == "Entities within 1 hop of 2 entities (matching 'halvorsen')."
    assert {"Northgate Port Authority", "Jonas Brekke"} <= _labels(view.graph)
    # The subgraph keeps every edge among its nodes, with its provenance.
    edges = {d["relation"]: d for *_, d in view.graph.edges(data=True)}
    assert edges["chief executive of"]["sentence"] == "Halvorsen runs the NPA."


# ---------------------------------------------------------------- documents


def test_views_document_view(full, store):
    view = document_view(full, MINUTES)
    assert _labels(view.graph) == {
        "Jonas Brekke",
        "Northgate City Council",
        "Northgate",
        "Mira Halvorsen",
    }
    assert view.graph.number_of_edges() == 3
    assert {d["doc"] for *_, d in view.graph.edges(data=True)} == {MINUTES}
    # The last part of a path will do, when only one document ends with it.
    assert document_view(full, "harbour.txt").title == f"Document {HARBOUR}"
    with pytest.raises(KGError, match=r"no document 'harbor\.txt'; did you mean: notes/harbour"):
        document_view(full, "harbor.txt")
    with pytest.raises(KGError, match=r"the documents are: minutes\.txt, notes/harbour\.txt"):
        document_view(full, "zzz")
    # A document the store holds but that has no statements: an empty view, no error.
    store.add(DocumentGraph("empty.txt", "Nothing happens here."))
    ids = [d["doc_id"] for d in store.documents()]
    assert document_view(full, "empty.txt", documents=ids).graph.number_of_nodes() == 0


# ---------------------------------------------------------------- queries


CONSTRUCT = """CONSTRUCT { ?s ?p ?o } WHERE {
  ?s ?p ?o . ?s a kg:Person . ?p rdfs:subPropertyOf kg:relatedTo }"""


def test_views_query_view_of_a_construct(store, full):
    view = query_view(full, store.query(CONSTRUCT), prefixes=store.prefixes)
    # Asserted facts with a person as subject (the negated claim has no direct triple).
    assert sorted(d["relation"] for *_, d in view.graph.edges(data=True)) == [
        "chief executive of",
        "meet with",
        "member of",
        "sibling of",
    ]
    mira = view.graph.nodes[_iri(full, "Mira Halvorsen")]
    assert mira["type"] == "Person" and "Halvorsen" in mira["aliases"]  # looked up
    chief = next(
        d for *_, d in view.graph.edges(data=True) if d["relation"] == "chief executive of"
    )
    assert chief["sentence"] == "Halvorsen runs the NPA." and chief["confidence"] == 0.93
    assert chief["doc"] == HARBOUR
    assert view.title == "Query result"
    assert view.description == "Result of a SPARQL query: 4 triples."


def test_views_query_view_of_select_spo_and_odd_triples(store, full):
    view = query_view(full, store.query(SELECT_SPO))
    assert sorted(d["relation"] for *_, d in view.graph.edges(data=True)) == [
        "based in",
        "located in",
    ]
    # Literals and type triples are skipped and counted; unknown IRIs are "Other" nodes.
    odd = store.query(
        "CONSTRUCT { ?e skos:prefLabel ?n . ?e a kg:Person . ?d kg:mentions ?e } "
        "WHERE { ?e a kg:Person ; skos:prefLabel ?n . BIND(IRI('http://example.org/x') AS ?d) }"
    )
    view = query_view(full, odd, prefixes={**store.prefixes, "ex": "http://example.org/"})
    assert view.graph.nodes["http://example.org/x"]["label"] == "ex:x"
    assert view.graph.nodes["http://example.org/x"]["type"] == "Other"
    assert "(6 more with a literal value or naming a type not drawn)" in view.description
    assert {d["relation"] for *_, d in view.graph.edges(data=True)} == {"kg:mentions"}


def test_views_query_view_refuses_results_without_triples(store, full):
    with pytest.raises(KGError, match=r"must bind \?s \?p \?o.*lacks \?p, \?o"):
        query_view(full, store.query("SELECT ?s WHERE { ?s a kg:Person }"))
    with pytest.raises(KGError, match="CONSTRUCT, DESCRIBE or SELECT"):
        query_view(full, store.query("ASK { ?s ?p ?o }"))


def test_views_select_view_combines_document_and_entity(full):
    view = select_view(full, doc=MINUTES, entity="northgate", hops=1)
    assert _labels(view.graph) == {"Northgate", "Northgate City Council"}
    assert view.title == "Document minutes.txt · Northgate: 1 hop"
    assert select_view(full).graph is full
