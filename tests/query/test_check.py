"""kg.query.check: refused queries (SERVICE, LOAD, updates, outside graphs), malformed ones."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.errors import QueryError
from kg.query import check_query
from kg.rdf.terms import document_iri, entity_iri

# ---------------------------------------------------------------- refused queries


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x.example/> { ?s ?q ?r } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x.example/> { ?s ?p ?o } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x.example/> { ?s ?p ?o } } } }",
        "PREFIX ex: <http://x.example/> ASK { SERVICE ex:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?e { <http://x.example/> } SERVICE ?e { ?s ?p ?o } }",
    ],
)
def test_query_service_is_refused(kg, sparql):
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        kg.query(sparql)


def test_query_service_in_an_allowed_update_is_refused(kg):
    update = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        kg.query(update, allow_update=True)


@pytest.mark.parametrize("allow_update", [False, True])
def test_query_load_is_refused_even_when_updates_are_allowed(kg, allow_update):
    with pytest.raises(QueryError, match="LOAD is not allowed"):
        kg.query("LOAD <file:///etc/passwd>", allow_update=allow_update)
    with pytest.raises(QueryError, match="LOAD is not allowed"):
        kg.query("LOAD <http://x.example/data.ttl> INTO GRAPH <urn:g>", allow_update=allow_update)


@pytest.mark.parametrize(
    "sparql",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
    ],
)
def test_query_updates_are_refused_by_default(kg, sparql):
    before = len(kg)
    with pytest.raises(QueryError, match="updates are not allowed"):
        kg.query(sparql)
    assert len(kg) == before


def test_query_updates_run_when_allowed(kg):
    # An update writes where it says; queries read the default graph.
    assert kg.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_update=True) is None
    assert kg.query("ASK { <urn:a> <urn:b> <urn:c> }") is True
    kg.query("DELETE DATA { <urn:a> <urn:b> <urn:c> }", allow_update=True)
    assert kg.query("ASK { <urn:a> <urn:b> <urn:c> }") is False


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://x.example/graph> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } FROM <https://kg.example.org/document/nope> WHERE { ?s ?p ?o }",
    ],
)
def test_query_from_outside_the_store_is_refused(kg, sparql):
    with pytest.raises(QueryError, match="not a graph of the store"):
        kg.query(sparql)


def test_query_using_outside_the_store_is_refused(kg):
    with pytest.raises(QueryError, match="not a graph of the store"):
        kg.query("DELETE { ?s ?p ?o } USING <file:///x> WHERE { ?s ?p ?o }", allow_update=True)


def test_query_from_a_stored_graph_is_allowed_and_scopes_the_query(kg):
    kg.query("INSERT DATA { GRAPH <urn:other> { <urn:a> <urn:b> <urn:c> } }", allow_update=True)
    graph = document_iri("d1")
    rows = kg.query(f"SELECT DISTINCT ?s FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    assert URIRef("urn:a") not in {r.s for r in rows}
    assert entity_iri("Ann Lee", "Person") in {r.s for r in rows}


@pytest.mark.parametrize(
    "sparql",
    ["SELEC * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ", "", "ASK { ?s nope:x ?o }"],
)
def test_query_malformed_raises_query_error_chained_to_the_parser(kg, sparql):
    with pytest.raises(QueryError, match="malformed SPARQL") as info:
        kg.query(sparql)
    assert info.value.__cause__ is not None


def test_query_check_query_reports_form_and_dataset():
    checked = check_query(
        "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", graph_exists=lambda iri: iri == URIRef("urn:g")
    )
    assert (checked.kind, checked.dataset) == ("SELECT", (URIRef("urn:g"),))
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }").kind == "CONSTRUCT"
    assert check_query("DESCRIBE <urn:x>").kind == "DESCRIBE"
    assert check_query("CLEAR ALL", allow_update=True).kind == "UPDATE"


def test_query_too_many_patterns_in_a_row_is_too_complex_not_malformed():
    import kg.query

    long = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(3000)) + " }"
    with pytest.raises(QueryError, match="too complex") as info:
        check_query(long)
    message = str(info.value)
    assert "malformed" not in message and "\n" not in message
    assert f"about {kg.query.PATTERNS_IN_A_ROW} triple patterns" in message
    # The parser still works afterwards, and groups of patterns are fine.
    grouped = "SELECT * WHERE { " + " ".join(
        "{ " + " . ".join(f"?s{g}_{i} ?p ?o{g}_{i}" for i in range(20)) + " }" for g in range(5)
    ) + " }"  # fmt: skip
    assert check_query(grouped).kind == "SELECT"
    row = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(60)) + " }"
    assert check_query(row).kind == "SELECT"


def test_query_check_does_not_depend_on_how_deep_the_caller_is():
    # The parser recurses per triple pattern in a row: a query that checks at the top of
    # a stack checks as well from deep inside one (a web framework, a notebook, a test).
    import sys

    row = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(60)) + " }"

    def deep(levels: int) -> str:
        return check_query(row).kind if levels == 0 else deep(levels - 1)

    assert deep(sys.getrecursionlimit() - 250) == "SELECT"


def test_query_check_is_the_same_after_matplotlib_turned_pyparsing_packrat_on():
    # matplotlib's mathtext enables pyparsing's packrat memoization for the whole
    # process when it is imported (drawing a PNG view does); the check must not change.
    from pyparsing import ParserElement

    row = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(60)) + " }"
    was_on = ParserElement._packratEnabled
    ParserElement.enable_packrat()
    try:
        assert check_query(row).kind == "SELECT"
        assert ParserElement._packratEnabled  # and the switch is left as it was found
    finally:
        if not was_on:
            ParserElement.disable_memoization()
