"""The SPARQL 1.1 Protocol endpoint: SPARQLWrapper as a real client, urllib for the errors."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.model import DocumentGraph, Triple
from kg.rdf.terms import from_oxigraph
from kg.serve.server import make_server
from kg.serve.sparql import negotiate
from kg.store.graph import KnowledgeGraph

pytestmark = pytest.mark.network

HOSTILE = "<script>alert(1)</script> & Co"
PEOPLE = "SELECT ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name } ORDER BY ?name"
MEETINGS = "CONSTRUCT { ?a rel:meet ?b } WHERE { ?a rel:meet ?b }"


def _documents() -> list[DocumentGraph]:
    return [
        DocumentGraph(
            "news/one.txt",
            "",
            [
                Triple("Anna Berg", "meet", "Karl Tamm", "Person", "Person", confidence=0.8),
                Triple(
                    "Anna Berg", "chief executive of", "Nordvik Shipping", "Person", "Organization"
                ),
                Triple("Karl Tamm", "meet", "Liisa Kask", "Person", "Person"),
            ],
        ),
        DocumentGraph(
            "news/two.txt", "", [Triple(HOSTILE, "buy", "Nordvik Shipping", "Organization")]
        ),
    ]


def _start(graph: KnowledgeGraph, **options):
    server = make_server(graph, port=0, quiet=True, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def graph():
    with KnowledgeGraph.open() as store:
        for doc in _documents():
            store.add(doc)
        yield store


@pytest.fixture(scope="module")
def server(graph):
    server, thread = _start(graph)
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def _wrapper(server, query, fmt, *, method="GET", direct=False):
    from SPARQLWrapper import GET, POST, POSTDIRECTLY, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(POST if method == "POST" else GET)
    if direct:
        client.setRequestMethod(POSTDIRECTLY)
    return client


def _names_json(data) -> list[str]:
    return [b["name"]["value"] for b in data["results"]["bindings"]]


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


# ---------------------------------------------------------------- raw HTTP


def _request(server, path, *, data=None, headers=None, method=None):
    request = urllib.request.Request(
        server.url + path.lstrip("/"), data=data, headers=headers or {}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode("utf-8")


def _get_query(server, query, **headers):
    return _request(server, "sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)


def _assert_error(response, status, words):
    code, headers, body = response
    assert code == status, body
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body.endswith("\n") and body.count("\n") == 1
    assert words in body


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


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("sparql", 400, "exactly one"),
        ("sparql?query=", 400, "exactly one"),
        ("sparql?query=ASK%7B%7D&query=ASK%7B%7D", 400, "exactly one"),
        ("sparql?query=ASK%7B%7D&default-graph-uri=urn:x", 400, "default-graph-uri"),
        ("nowhere", 404, "no such page"),
    ],
)
def test_serve_bad_requests(server, path, status, words):
    _assert_error(_request(server, path), status, words)


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


def test_serve_row_limit_and_timeout(graph):
    server, thread = _start(graph, limit=1)
    try:
        code, headers, body = _get_query(server, PEOPLE)
        assert code == 200 and headers["X-KG-Truncated"] == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 1
        server.query_timeout = 1e-9  # no query finishes in a nanosecond
        # ~0.5 s of work that yields no row (so the row limit cannot end it first); the
        # filter needs all three patterns joined, so it cannot be pushed down.
        slow = (
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
            "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) < 0) }"
        )
        _assert_error(_get_query(server, slow), 503, "timeout")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_serve_index_page_has_a_query_box_and_escaped_links(server):
    code, headers, body = _request(server, "/")
    assert code == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert '<form method="get" action="/sparql">' in body and "<textarea" in body
    assert "<script" not in body  # the hostile entity name is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in body
    assert '<a href="/view">' in body
    assert '<a href="/view?entity=Anna%20Berg">Anna Berg</a>' in body
    assert "http://" not in body and "https://" not in body.replace(server.url, "")


def test_serve_view_pages(server):
    code, headers, body = _request(server, "/view")
    assert code == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.startswith("<!DOCTYPE html>") and "Liisa Kask" in body
    code, _, body = _request(server, "/view?entity=liisa%20kask")
    assert code == 200 and "Liisa Kask" in body and "Nordvik Shipping" not in body
    _assert_error(_request(server, "/view?entity=Nobody%20Atall"), 404, "no entity named")
    _assert_error(_request(server, "/view?entity=Karl%20Tamm&hops=x"), 400, "hops")


def test_negotiate_prefers_the_most_specific_range():
    offered = ["text/turtle", "application/n-triples"]
    assert negotiate("*/*;q=0.1, application/n-triples", offered) == "application/n-triples"
    assert negotiate("text/turtle;q=0, */*", offered) == "application/n-triples"
    assert negotiate("", offered) == "text/turtle"


def test_serve_cli_reports_a_missing_store(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "no such store" in result.output


def test_serve_cli_serves_a_store_until_interrupted(tmp_path):
    import re
    import signal
    import subprocess
    import sys

    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as store:
        for doc in _documents():
            store.add(doc)
    command = [sys.executable, "-m", "kg", "serve", "--store", str(location), "--port", "0", "-q"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        line = process.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        url = match.group(1) + "sparql?" + urllib.parse.urlencode({"query": PEOPLE})
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.read().decode().splitlines()[1:] == [
                "Anna Berg",
                "Karl Tamm",
                "Liisa Kask",
            ]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
