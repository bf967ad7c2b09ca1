"""kg.serve.query_page: the SPARQL page, its table, links, downloads, limits and errors."""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import markupsafe
import pytest

from kg.rdf.terms import entity_iri
from kg.serve.render import WEB_CSP
from kg.store.graph import KnowledgeGraph
from tests.serve.served import RUNAWAY, _request, _start, _stop
from tests.serve.webdocs import HOSTILE_ORG, web_docs

pytestmark = pytest.mark.network

LABELS = "SELECT ?e ?name WHERE { ?e skos:prefLabel ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def server():
    with KnowledgeGraph.open() as graph:
        graph.add_many(web_docs())
        server, thread = _start(graph, limit=5, timeout=7.5)
        yield server
        _stop(server, thread)


def _run(server, query: str, status: int = 200) -> str:
    code, headers, body = _request(server, "/query?" + urllib.parse.urlencode({"query": query}))
    assert code == status, body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == WEB_CSP
    assert re.findall(r"<script\b[^>]*>", body) == ['<script src="/static/web.js" defer>']
    return str(body)


def _links(body: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', body)]


def test_query_page_shows_editor_prefixes_and_limits(server):
    code, headers, body = _request(server, "/query")
    assert code == 200 and headers["Content-Security-Policy"] == WEB_CSP
    assert '<form class="sparql" method="get" action="/query">' in body
    assert re.search(r"<textarea[^>]*>SELECT DISTINCT \?subject", body)  # the sample query
    assert "PREFIX ent: &lt;https://kg.example.org/entity/&gt;" in body
    assert "PREFIX skos: &lt;http://www.w3.org/2004/02/skos/core#&gt;" in body
    assert "At most 5 rows" in body and "may run 7.5 s" in body
    assert 'id="results"' not in body and 'id="error"' not in body


def test_query_page_select_is_a_table_with_entity_links(server):
    body = _run(server, "SELECT ?e ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name } "
                        "ORDER BY ?name")  # fmt: skip
    table = body[body.index('<table class="results">') :]
    assert "<th>?e</th><th>?name</th>" in table
    berg = str(entity_iri("Anna Berg", "Person"))
    assert "/entity?" + urllib.parse.urlencode({"iri": berg}) in _links(table)
    assert ">ent:anna-berg-" in table and '<td class="literal">Anna Berg</td>' in table
    assert "3 rows." in body


def test_query_page_downloads_come_from_the_endpoint(server):
    body = _run(server, LABELS)
    downloads = dict(re.findall(r'<a href="([^"]+)" download>(\w+)</a>', body))
    by_label = {label: html.unescape(href) for href, label in downloads.items()}
    assert set(by_label) == {"CSV", "JSON"}
    code, headers, csv = _request(server, by_label["CSV"])
    assert code == 200 and headers["Content-Type"].startswith("text/csv")
    assert csv.splitlines()[0] == "e,name"
    code, headers, data = _request(server, by_label["JSON"])
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(json.loads(data)["results"]["bindings"]) == 5  # the server's row limit


def test_query_page_says_when_rows_were_cut(server):
    body = _run(server, LABELS)
    assert "Cut at the row limit (5)" in body
    assert len(re.findall(r"<tr><td", body)) == 5
    assert "Cut at the row limit" not in _run(server, "SELECT ?x WHERE { VALUES ?x { 1 } }")


def test_query_page_escapes_hostile_values_and_query(server):
    hostile_query = (
        "SELECT ?name WHERE { ?e skos:prefLabel ?name } # </textarea><script>alert(9)</script>"
    )
    body = _run(server, hostile_query)
    assert "<script>alert" not in body and "</textarea><script>" not in body
    assert str(markupsafe.escape(HOSTILE_ORG)) in body
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", body, re.S)
    assert textarea and html.unescape(textarea.group(1)) == hostile_query


def test_query_page_ask_and_construct(server):
    assert "<b data-answer>yes</b>" in _run(server, "ASK { ?a rel:meet ?b }")
    assert "<b data-answer>no</b>" in _run(server, "ASK { ?a rel:nothing ?b }")
    body = _run(server, "CONSTRUCT { ?a rel:meet ?b } WHERE { ?a rel:meet ?b }")
    graph = re.search(r'<pre class="graph">(.*?)</pre>', body, re.S)
    assert graph and "rel:meet" in html.unescape(graph.group(1))
    labels = [label for _, label in re.findall(r'<a href="([^"]+)" download>([\w-]+)</a>', body)]
    assert labels == ["Turtle", "N-Triples"]


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("SELEC ?x", 400, "malformed"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
        ("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", 403, "SERVICE"),
    ],
)
def test_query_page_shows_errors_as_text(server, query, status, words):
    body = _run(server, query, status)
    error = re.search(r'<p class="error" data-status="(\d+)">(.*?)</p>', body, re.S)
    assert error and int(error.group(1)) == status and words in html.unescape(error.group(2))
    assert 'id="results"' not in body
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", body, re.S)
    assert textarea and html.unescape(textarea.group(1)) == query  # kept, to fix it


def test_query_page_runs_in_the_pool_with_its_timeout(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add_many(web_docs())
    with KnowledgeGraph.open(path, read_only=True) as graph:
        server, thread = _start(graph, timeout=4.0, workers=1)
        try:
            assert server.pool is not None
            body = _run(server, "SELECT ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name }")
            assert "Anna Berg" in body
            body = _run(server, RUNAWAY, 503)
            assert '<p class="error" data-status="503">' in body
        finally:
            _stop(server, thread)
