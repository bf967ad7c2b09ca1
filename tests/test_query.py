"""kg.query: query checks, result shapes, timeouts and result formats."""

from __future__ import annotations

import io
import json
import time

import pytest
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result, ResultRow

from kg.errors import FormatError, QueryError, QueryTimeoutError
from kg.model import DocumentGraph, Triple
from kg.query import SelectResult, check_query, format_result, result_rows
from kg.rdf.terms import document_iri, entity_iri
from kg.store.graph import KnowledgeGraph


@pytest.fixture
def kg():
    triples = [
        Triple("Ann Lee", "meet", "Bob Roy", "Person", "Person", confidence=0.9,
               sentence="Ann Lee met Bob Roy.", sentence_end=20, end=19),
        Triple("Ann Lee", "visit", "Oslo", "Person", "Place", modality="may",
               sentence="Ann Lee may visit Oslo.", sentence_start=21, sentence_end=44),
    ]  # fmt: skip
    with KnowledgeGraph.open() as store:
        store.add(DocumentGraph("d1", "Ann Lee met Bob Roy. Ann Lee may visit Oslo.", triples))
        yield store


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


def test_query_check_query_reports_form_and_dataset():
    checked = check_query(
        "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", graph_exists=lambda iri: iri == URIRef("urn:g")
    )
    assert (checked.kind, checked.dataset) == ("SELECT", (URIRef("urn:g"),))
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }").kind == "CONSTRUCT"
    assert check_query("DESCRIBE <urn:x>").kind == "DESCRIBE"
    assert check_query("CLEAR ALL", allow_update=True).kind == "UPDATE"


# ---------------------------------------------------------------- formats


def _awkward() -> SelectResult:
    v = [Variable("iri"), Variable("text"), Variable("typed"), Variable("missing")]
    rows = [
        {v[0]: URIRef("https://example.org/a"), v[1]: Literal('tab\there "quote"\nline, comma'),
         v[2]: Literal("3", datatype=XSD.integer)},
        {v[0]: URIRef("https://example.org/b"), v[1]: Literal("chat", lang="fr"),
         v[2]: Literal("x"), v[3]: Literal("")},
    ]  # fmt: skip
    return SelectResult([str(x) for x in v], [ResultRow(r, v) for r in rows])


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_w3c_result_formats_parse_back(fmt):
    result = _awkward()
    text = format_result(result, fmt)
    parsed = Result.parse(io.StringIO(text), format=fmt)
    assert parsed.vars is not None
    assert [str(v) for v in parsed.vars] == result.vars
    rows = []
    for row in parsed:
        assert isinstance(row, ResultRow)
        rows.append(tuple(row))
    if fmt == "csv":  # CSV keeps only lexical values
        expected = [tuple("" if t is None else str(t) for t in row) for row in result]
        assert [tuple("" if t is None else str(t) for t in row) for row in rows] == expected
    else:
        assert rows == [tuple(row) for row in result]


# rdflib 7.6's own JSON-LD parser builds a deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_query_format_json_ask_and_graph(kg):
    assert json.loads(format_result(False, "json")) == {"head": {}, "boolean": False}
    graph = kg.query("CONSTRUCT WHERE { ?a rel:meet ?b }")
    again = Graph().parse(data=format_result(graph, "json"), format="json-ld")
    assert len(again) == len(graph) == 1


def test_query_table_and_result_rows(kg):
    result = kg.query("SELECT ?e ?name WHERE { ?e a kg:Place ; skos:prefLabel ?name }")
    headers, rows = result_rows(result, prefixes=kg.prefixes)
    assert headers == ["e", "name"]
    assert rows == [[f"ent:{entity_iri('Oslo', 'Place').rsplit('/', 1)[1]}", "Oslo"]]
    table = format_result(result, "table")
    assert table.splitlines()[0].split() == ["e", "name"] and "Oslo" in table
    assert result_rows(True) == (["boolean"], [["true"]])
    assert result_rows(None) == ([], [])


def test_query_unknown_format():
    with pytest.raises(FormatError, match="result format"):
        format_result(True, "xml")


# ---------------------------------------------------------------- kg query options


@pytest.fixture
def disk_store(tmp_path):
    from kg.store.graph import KnowledgeGraph as Store

    path = tmp_path / "store"
    with Store.open(path) as store:
        store.add(DocumentGraph("d1", "", [Triple("Ann Lee", "meet", f"P{i}") for i in range(30)]))
    return str(path)


def _kg(*args: str):
    from typer.testing import CliRunner

    from kg.cli import app

    return CliRunner().invoke(app, list(args))


def test_query_cli_limit_caps_rows_and_says_so(disk_store):
    result = _kg("query", "SELECT ?o WHERE { ?s rel:meet ?o }", "--store", disk_store,
                 "--limit", "5", "--format", "csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 1 + 5
    assert "cut at --limit 5" in result.stderr


def test_query_cli_timeout_stops_a_runaway_query(disk_store):
    start = time.monotonic()
    result = _kg("query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                 "--store", disk_store, "--timeout", "0.3")  # fmt: skip
    assert result.exit_code == 1
    assert "timeout of 0.3 s" in result.stderr
    assert time.monotonic() - start < 10


def test_query_cli_updates_need_allow_update(disk_store):
    update = "INSERT DATA { <urn:x:a> <urn:x:b> 'c' }"
    refused = _kg("query", update, "--store", disk_store)
    assert refused.exit_code == 1 and "allow_update" in refused.stderr
    done = _kg("query", update, "--store", disk_store, "--allow-update")
    assert done.exit_code == 0, done.output
    asked = _kg("query", "ASK { <urn:x:a> <urn:x:b> 'c' }", "--store", disk_store, "-f", "csv")
    assert asked.stdout.strip() == "true"
    load = _kg("query", "LOAD <file:///etc/passwd>", "--store", disk_store, "--allow-update")
    assert load.exit_code == 1 and "LOAD is not allowed" in load.stderr


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
