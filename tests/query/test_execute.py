"""kg.query.execute: result shapes, bindings, limits and timeouts."""

from __future__ import annotations

import time

import pytest
from rdflib import Graph, Literal

from kg.errors import QueryError, QueryTimeoutError
from kg.query import SelectResult
from kg.rdf.terms import entity_iri

# ---------------------------------------------------------------- result shapes


def test_query_select_result_shape(kg):
    result = kg.query(
        "SELECT ?name ?alias WHERE { ?e a kg:Person ; skos:prefLabel ?name "
        "OPTIONAL { ?e skos:altLabel ?alias } } ORDER BY ?name"
    )
    assert isinstance(result, SelectResult)
    assert result.vars == ["name", "alias"]
    assert len(result) == 2 and not result.truncated
    first = result.rows[0]
    assert first.name == Literal("Ann Lee") and first["name"] == Literal("Ann Lee")
    assert first.alias is None  # unbound
    assert result.bindings()[0] == {"name": Literal("Ann Lee")}
    assert [str(row[0]) for row in result] == ["Ann Lee", "Bob Roy"]


def test_query_ask_and_construct_and_describe(kg):
    assert kg.query("ASK { ?a rel:meet ?b }") is True
    assert kg.query("ASK { ?a rel:visit ?b }") is False  # hedged: no direct edge
    graph = kg.query(
        "CONSTRUCT { ?a ?r ?b } WHERE { ?r rdfs:subPropertyOf kg:relatedTo . ?a ?r ?b }"
    )
    assert isinstance(graph, Graph) and len(graph) == 1
    ann = entity_iri("Ann Lee", "Person")
    described = kg.query(f"DESCRIBE <{ann}>")
    assert isinstance(described, Graph) and (ann, None, None) in described


def test_query_init_bindings(kg):
    result = kg.query(
        "SELECT ?e ?name WHERE { ?e skos:prefLabel ?name }", init_bindings={"name": Literal("Oslo")}
    )
    assert [(r.e, r.name) for r in result] == [(entity_iri("Oslo", "Place"), Literal("Oslo"))]
    with pytest.raises(QueryError, match="projection"):
        kg.query("SELECT ?e WHERE { ?e skos:prefLabel ?n }", init_bindings={"n": Literal("x")})


def test_query_limit_truncates(kg):
    result = kg.query("SELECT * WHERE { ?s ?p ?o }", limit=3)
    assert len(result) == 3 and result.truncated
    result = kg.query("SELECT * WHERE { ?s ?p ?o }", limit=10_000)
    assert len(result) == len(kg) and not result.truncated


def test_query_timeout_on_an_expensive_query(kg):
    expensive = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"timeout of 0\.3 s"):
        kg.query(expensive, timeout=0.3)
    assert time.monotonic() - start < 5
    assert kg.query("ASK { ?a rel:meet ?b }") is True  # the store still answers


def test_query_negative_limit_or_timeout_refused(kg):
    with pytest.raises(QueryError, match="limit"):
        kg.query("SELECT * WHERE { ?s ?p ?o }", limit=-1)
    with pytest.raises(QueryError, match="timeout"):
        kg.query("SELECT * WHERE { ?s ?p ?o }", timeout=0)
