"""kg.serve.sparql: the SPARQL 1.1 Protocol of kg serve (formats, content negotiation, refusals)."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.rdf.terms import from_oxigraph
from kg.serve.sparql import negotiate
from kg.store.graph import KnowledgeGraph
from tests.serve.served import (
    MEETINGS,
    PEOPLE,
    _assert_error,
    _get_query,
    _names_json,
    _request,
    _wrapper,
)

pytestmark = pytest.mark.network


# ---------------------------------------------------------------- SPARQLWrapper


@pytest.mark.parametrize(
    ("method", "direct"), [("GET", False), ("POST", False), ("POST", True)], ids=str
)
def test_serve_select_json_by_get_form_post_and_direct_post(server, method, direct):
    from SPARQLWrapper import JSON

    data = _wrapper(server, PEOPLE, JSON, method=method, direct=direct).query().convert()
    assert data["head"]["vars"] == ["name"]
    assert _names_json(data) == ["Anna Berg", "Karl Tamm", "Liisa Kask"]


def test_serve_select_xml(server):
    from SPARQLWrapper import XML

    result = _wrapper(server, PEOPLE, XML).query()
    assert result.info()["content-type"].startswith("application/sparql-results+xml")
    document = result.convert()
    values = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert values == ["Anna Berg", "Karl Tamm", "Liisa Kask"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_serve_select_csv_and_tsv(server, fmt):
    from SPARQLWrapper import CSV, TSV

    body = _wrapper(server, PEOPLE, CSV if fmt == "csv" else TSV).query().convert()
    text = body.decode("utf-8")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows == [["name"], ["Anna Berg"], ["Karl Tamm"], ["Liisa Kask"]]
    else:
        assert text.splitlines() == ["?name", '"Anna Berg"', '"Karl Tamm"', '"Liisa Kask"']


def test_serve_ask_json_and_xml(server):
    from SPARQLWrapper import JSON, XML

    ask = "ASK { ?a rel:meet ?b }"
    assert _wrapper(server, ask, JSON).query().convert()["boolean"] is True
    xml = _wrapper(server, "ASK { ?a rel:fly ?b }", XML).query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "false"


def _expected(graph: KnowledgeGraph) -> Graph:
    meetings = graph.query(MEETINGS)
    assert isinstance(meetings, Graph)
    return meetings


def test_serve_construct_turtle(server, graph):
    from SPARQLWrapper import TURTLE

    result = _wrapper(server, MEETINGS, TURTLE).query()
    assert result.info()["content-type"].startswith("text/turtle")
    parsed = Graph().parse(data=result.convert().decode("utf-8"), format="turtle")
    assert len(parsed) == 2 and isomorphic(parsed, _expected(graph))


def test_serve_construct_jsonld(server, graph):
    from SPARQLWrapper import JSONLD

    # (SPARQLWrapper's .convert() for RDF graphs builds rdflib's deprecated ConjunctiveGraph.)
    result = _wrapper(server, MEETINGS, JSONLD).query()
    assert result.info()["content-type"].startswith("application/ld+json")
    # (rdflib's JSON-LD parser warns about its own deprecations: read it with Oxigraph.)
    quads = ox.parse(result.response.read(), format=ox.RdfFormat.JSON_LD)
    parsed = Graph()
    for q in quads:
        parsed.add((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object)))
    assert isomorphic(parsed, _expected(graph))


def test_serve_construct_rdfxml(server, graph):
    from SPARQLWrapper import RDFXML

    result = _wrapper(server, MEETINGS, RDFXML).query()
    assert result.info()["content-type"].startswith("application/rdf+xml")
    parsed = Graph().parse(data=result.response.read().decode("utf-8"), format="xml")
    assert isomorphic(parsed, _expected(graph))


def test_serve_construct_ntriples_by_accept_header(server, graph):
    from SPARQLWrapper import N3

    client = _wrapper(server, MEETINGS, N3)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    result = client.query()
    assert result.info()["content-type"].startswith("application/n-triples")
    parsed = Graph().parse(data=result.convert().decode("utf-8"), format="nt")
    assert isomorphic(parsed, _expected(graph))


def test_serve_describe_gives_a_graph(server):
    from SPARQLWrapper import TURTLE

    query = 'DESCRIBE ?e WHERE { ?e skos:prefLabel "Liisa Kask" }'
    body = _wrapper(server, query, TURTLE).query().convert().decode("utf-8")
    parsed = Graph().parse(data=body, format="turtle")
    assert any(str(o) == "Liisa Kask" for o in parsed.objects())


def test_serve_default_accept_is_sparql_json(server):
    code, headers, body = _get_query(server, PEOPLE)
    assert code == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert _names_json(json.loads(body)) == ["Anna Berg", "Karl Tamm", "Liisa Kask"]


def test_serve_accept_quality_values_are_honoured(server):
    _, headers, _ = _get_query(server, PEOPLE, Accept="text/csv;q=0.5, text/tab-separated-values")
    assert headers["Content-Type"].startswith("text/tab-separated-values")


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("SELECT ?x WHERE { ?x ?y }", 400, "malformed SPARQL"),
        ("DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
        ("LOAD <file:///etc/passwd>", 403, "LOAD is not allowed"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 403, "not a graph of the store"),
    ],
    ids=["malformed", "delete", "insert", "load", "service", "from-file"],
)
def test_serve_refuses_unsafe_and_malformed_queries(server, graph, query, status, words):
    _assert_error(_get_query(server, query), status, words)
    assert len(graph.query(PEOPLE)) == 3  # nothing changed


def test_serve_refuses_updates_in_every_protocol_form(server):
    update = "DELETE WHERE { ?s ?p ?o }"
    form = urllib.parse.urlencode({"update": update}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _assert_error(_request(server, "sparql", data=form, headers=headers), 403, "read-only")
    headers = {"Content-Type": "application/sparql-update"}
    _assert_error(_request(server, "sparql", data=update.encode(), headers=headers), 403, "")


def test_serve_protocol_errors(server):
    _assert_error(_get_query(server, PEOPLE, Accept="image/png"), 406, "offered as")
    _assert_error(_get_query(server, MEETINGS, Accept="text/csv"), 406, "text/turtle")
    post = _request(server, "sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"})
    _assert_error(post, 415, "not supported")
    code, headers, _ = _request(server, "sparql", method="PUT", data=b"")
    assert code == 405 and headers["Allow"] == "GET, HEAD, POST"


def test_serve_direct_post_with_charset(server):
    headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": "text/csv"}
    code, _, body = _request(server, "sparql", data=PEOPLE.encode(), headers=headers)
    assert code == 200 and body.splitlines()[1] == "Anna Berg"


def test_negotiate_prefers_the_most_specific_range():
    offered = ["text/turtle", "application/n-triples"]
    assert negotiate("*/*;q=0.1, application/n-triples", offered) == "application/n-triples"
    assert negotiate("text/turtle;q=0, */*", offered) == "application/n-triples"
    assert negotiate("", offered) == "text/turtle"
