"""kg.serve.web: the home, search, entity and document pages and /api/suggest, over HTTP."""

from __future__ import annotations

import html
import http.client
import json
import re
import urllib.parse

import markupsafe
import pytest

from kg.rdf.terms import entity_iri
from kg.serve.render import WEB_CSP
from kg.store.graph import KnowledgeGraph
from tests.serve.served import _request, _start, _stop
from tests.serve.webdocs import (
    HOSTILE_ALIAS,
    HOSTILE_DOC,
    HOSTILE_ORG,
    HOSTILE_PERSON,
    HOSTILE_TEXT,
    NEWS,
    NEWS_TEXT,
    S1,
    S2,
    S3,
    S4,
    TITLE,
    serve_web_docs,
    web_docs,
)

pytestmark = pytest.mark.network

BERG = str(entity_iri("Anna Berg", "Person"))
NORDVIK = str(entity_iri("Nordvik Shipping", "Organization"))
HOSTILE_ORG_IRI = str(entity_iri(HOSTILE_ORG, "Organization"))
#: Markup the hostile documents carry, which must never reach a page as markup.
INJECTED = ("<script>alert", "<img src=x", "</textarea><img", "<i>href</i>", "<b>Co</b>")


@pytest.fixture(scope="module")
def server():
    yield from serve_web_docs()


def _page(server, path: str, status: int = 200) -> str:
    code, headers, body = _request(server, path)
    assert code == status, body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == WEB_CSP
    assert "script-src 'self'" in WEB_CSP and "unsafe-inline" not in WEB_CSP
    assert body.startswith("<!DOCTYPE html>")
    scripts = re.findall(r"<script\b[^>]*>", body)
    assert scripts == ['<script src="/static/web.js" defer>'], scripts  # no inline script
    for markup in INJECTED:
        assert markup not in body, markup
    assert not re.search(r"\son\w+=", body.replace("onerror=alert", "")), "event handler"
    return str(body)


def _esc(text: str) -> str:
    """Text as Jinja escapes it (``&#34;`` for a quote)."""
    return str(markupsafe.escape(text))


def _links(body: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', body)]


def _entity_path(iri: str) -> str:
    return "/entity?" + urllib.parse.urlencode({"iri": iri})


# ---------------------------------------------------------------- home, search


def test_web_home_shows_counts_search_and_top_entities(server):
    body = _page(server, "/")
    assert '<form class="search big" method="get" action="/search"' in body
    counts = dict(re.findall(r'data-count="(\w+)">([\d,]+)<', body))
    assert counts == {"documents": "2", "entities": "7", "statements": "7"}
    links = _links(body)
    assert _entity_path(BERG) in links and _entity_path(NORDVIK) in links
    assert "/document?" + urllib.parse.urlencode({"id": NEWS}) in links
    assert _esc(HOSTILE_ORG) in body  # shown as text
    # the Person box lists Anna Berg (4 statements) before Karl Tamm (2)
    assert body.index(">Anna Berg</a>") < body.index(">Karl Tamm</a>")


def test_web_search_lists_matches_by_name_and_alias(server):
    body = _page(server, "/search?q=berg")
    assert _entity_path(BERG) in _links(body) and "as “Berg”" in body
    body = _page(server, "/search?" + urllib.parse.urlencode({"q": "<b>co"}))
    assert _entity_path(HOSTILE_ORG_IRI) in _links(body)
    assert _esc(HOSTILE_ALIAS) in body
    assert "No entity has a name" in _page(server, "/search?q=nobody")
    assert "Type a name" in _page(server, "/search?q=")


def test_web_suggest_api_returns_json_hits_with_urls(server):
    code, headers, body = _request(server, "/api/suggest?q=nordv")
    assert code == 200 and headers["Content-Type"] == "application/json"
    hits = json.loads(body)
    assert [(h["label"], h["class"], h["url"]) for h in hits] == [
        ("Nordvik Shipping", "Organization", _entity_path(NORDVIK))
    ]
    code, _, body = _request(server, "/api/suggest?" + urllib.parse.urlencode({"q": "<script"}))
    assert code == 200 and "<" not in body and "\\u003c" in body  # no markup
    assert json.loads(body)[0]["label"] == HOSTILE_ORG
    assert json.loads(_request(server, "/api/suggest?q=")[2]) == []


def test_web_bad_parameters_are_400_pages(server):
    for path, words in [
        ("/search", "needs a 'q'"),
        ("/entity", "needs a 'iri'"),
        ("/document", "needs a 'id'"),
        ("/entity?iri=not%20an%20iri", "is not an IRI"),
        ("/entity?iri=a&iri=b", "give one 'iri'"),
        ("/search?q=" + "x" * 201, "at most 200"),
    ]:
        body = _page(server, path, 400)
        assert words in html.unescape(body) and 'href="/"' in body, path
    code, headers, body = _request(server, "/api/suggest")
    assert code == 400 and headers["Content-Type"] == "application/json"
    assert "needs a 'q'" in json.loads(body)["error"]


def test_web_unknown_entity_document_or_file_is_a_helpful_404(server):
    body = _page(server, _entity_path("https://kg.example.org/entity/nobody"), 404)
    assert "No such entity" in body and "Search for its name" in body
    body = _page(server, "/document?id=" + urllib.parse.quote(HOSTILE_PERSON), 404)
    assert "No such document" in body and _esc(HOSTILE_PERSON) in body
    assert "no such file" in _page(server, "/static/../pages.py", 404)


def test_web_static_files_are_served_with_their_types(server):
    code, headers, body = _request(server, "/static/web.js")
    assert code == 200 and headers["Content-Type"].startswith("text/javascript")
    assert "/api/suggest?q=" in body and "innerHTML" not in body
    code, headers, _ = _request(server, "/static/web.css")
    assert code == 200 and headers["Content-Type"].startswith("text/css")


# ---------------------------------------------------------------- entity


def test_web_entity_page_shows_facts_claims_merges_neighbours(server):
    body = _page(server, _entity_path(BERG))
    assert '<h1 class="entity-name">Anna Berg <span class="badge person">Person</span>' in body
    assert '<span class="alias">Berg</span>' in body
    facts = body[body.index('id="facts"') : body.index('id="claims"')]
    assert "<b>chief executive of</b>" in facts and "<b>meet</b>" in facts
    # the sentence, with this entity and the other end marked
    assert '<mark class="self">Anna Berg</mark>' in facts
    assert '<mark class="other">Karl Tamm</mark>' in facts
    assert '<mark class="self">Berg</mark> praised' in facts  # found by its alias
    terminal = _page(server, _entity_path(str(entity_iri("new terminal", "Concept"))))
    assert '<mark class="other">Berg</mark> praised the <mark class="self">new terminal' in (
        terminal
    )  # the other end, found by its alias
    assert '<span title="in 2015">2015</span>' in facts and "0.80" in facts
    doc_link = "/document?" + urllib.parse.urlencode({"id": NEWS})
    assert any(link.startswith(doc_link + "&at=") and "#at-" in link for link in _links(facts))
    # the hostile document's claim about her is attributed: a claim, not a fact
    claims = body[body.index('id="claims"') : body.index('id="merges"')]
    assert "according to &lt;/script&gt;&#34;&#39;" in claims
    assert _esc(HOSTILE_ORG) in claims and "<b>&lt;i&gt;href&lt;/i&gt;</b>" in claims
    merges = body[body.index('id="merges"') : body.index('id="neighbours"')]
    assert "<b>surname</b>" in merges and "the person&#39;s surname" in merges
    at = NEWS_TEXT.index(S2)
    assert '<mark class="self">Berg</mark> praised' in merges and f"at {at}–{at + 4}" in merges
    neighbours = _links(body[body.index('id="neighbours"') :])
    assert _entity_path(NORDVIK) in neighbours and _entity_path(HOSTILE_ORG_IRI) in neighbours
    assert "/view?entity=Anna%20Berg" in _links(body)


def test_web_entity_page_says_when_it_shows_only_some_facts(server, monkeypatch):
    from kg.store import facts

    assert "Showing" not in _page(server, _entity_path(BERG))
    monkeypatch.setattr(facts, "FACT_LIMIT", 2)
    body = _page(server, _entity_path(BERG))
    assert "Showing 2 of 4 statements." in body
    assert len(re.findall(r"<tr><td>", body)) == 2


def test_web_entity_page_hedged_and_negated_claims(server):
    body = _page(server, _entity_path(str(entity_iri("Karl Tamm", "Person"))))
    claims = body[body.index('id="claims"') : body.index('id="merges"')]
    assert '<span class="qual hedged">may</span>' in claims
    assert "according to Liisa Kask" in claims and S3.split(",")[0].split()[-1] in claims
    facts = body[body.index('id="facts"') : body.index('id="claims"')]
    assert "<b>sell</b>" not in facts
    body = _page(server, _entity_path(NORDVIK))
    assert '<span class="qual negated">negated</span>' in body
    assert "short-name" in body


def test_web_entity_page_of_hostile_entity_keeps_text(server):
    body = _page(server, _entity_path(HOSTILE_ORG_IRI))
    assert f'<h1 class="entity-name">{_esc(HOSTILE_ORG)} ' in body
    assert _esc(HOSTILE_ALIAS) in body
    assert "/view?entity=" + urllib.parse.quote(HOSTILE_ORG, safe="") in _links(body)
    assert _esc(HOSTILE_DOC) in body


def test_web_entity_by_name_redirects_to_its_page_or_search(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    try:
        connection.request("GET", "/entity?name=anna%20berg")
        response = connection.getresponse()
        assert response.status == 303 and response.getheader("Location") == _entity_path(BERG)
        response.read()
    finally:
        connection.close()
    body = _page(server, "/entity?name=Berg")  # an alias
    assert '<h1 class="entity-name">Anna Berg' in body
    assert "Entities matching" in _page(server, "/entity?name=Tallinn")


# ---------------------------------------------------------------- document


def test_web_document_page_shows_the_text_and_highlights_statements(server):
    body = _page(server, "/document?" + urllib.parse.urlencode({"id": NEWS}))
    assert f"<h1>{NEWS}</h1>" in body and "/data/harbour.txt" in body
    assert 'id="whole"' in body and 'id="rebuilt"' not in body and 'class="gap"' not in body
    text = body[body.index('<div class="doctext"') : body.index('<div id="st-panel"')]
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    assert plain.rstrip("\n") == NEWS_TEXT  # the title, the sentence without a statement too
    marks = re.findall(r'<a class="hl[^"]*"[^>]*data-st="([\d ]+)"[^>]*>([^<]*)</a>', text)
    covered = {n for ids, _ in marks for n in ids.split()}
    assert covered == {"1", "2", "3", "4", "5"}
    # statements 1 and 2 both start at "Anna Berg": one highlight shows both
    assert marks[0] == ("1 2", "Anna Berg, the chief executive of Nordvik Shipping")
    assert 'title="Anna Berg · chief executive of · Nordvik Shipping' in text
    table = body[body.index("<h2>Statements") :]
    rows = re.findall(r'<tr id="st-(\d+)"', table)
    assert rows == ["1", "2", "3", "4", "5"]
    assert '<span class="qual negated">negated</span>' in table
    assert '<span class="qual hedged">may</span>' in table
    assert _entity_path(BERG) in _links(table)
    # an entity page's link to the statement lands on its highlight
    anchors = set(re.findall(r'id="(at-\d+)"', text))
    entity = _page(server, _entity_path(BERG))
    page = "/document?" + urllib.parse.urlencode({"id": NEWS}) + "&at="
    targets = {link.split("#")[1] for link in _links(entity) if link.startswith(page)}
    assert len(targets) == 2 and targets <= anchors  # chief executive of and meet: one


def test_web_document_page_of_a_store_without_the_text_rebuilds_it_from_sentences():
    """A store written before kg kept a document's text (no ``nif:isString``)."""
    from kg.rdf.namespaces import NIF
    from kg.store.graph import KnowledgeGraph

    with KnowledgeGraph.open() as graph:
        graph.add_many(web_docs())
        graph.backend.update(f"DELETE WHERE {{ GRAPH ?g {{ ?g <{NIF.isString}> ?text }} }}")
        server, thread = _start(graph)
        try:
            body = _page(server, "/document?" + urllib.parse.urlencode({"id": NEWS}))
        finally:
            _stop(server, thread)
    assert 'id="rebuilt"' in body and "not its whole text" in body
    assert TITLE not in body  # the title is no sentence of a statement: not stored
    text = body[body.index('<div class="doctext"') : body.index('<div id="st-panel"')]
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    assert S1 in plain and S2 in plain and S3 in plain
    assert 'class="gap"' in text
    marks = re.findall(r'<a class="hl[^"]*"[^>]*data-st="([\d ]+)"[^>]*>([^<]*)</a>', text)
    assert {n for ids, _ in marks for n in ids.split()} == {"1", "2", "3", "4", "5"}


def test_web_document_by_file_name_redirects_to_its_page(server):
    """A document named without its folder, as ``kg render --doc`` takes it."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    try:
        connection.request("GET", "/document?id=harbour.txt&page=1")
        response = connection.getresponse()
        location = response.getheader("Location")
        response.read()
    finally:
        connection.close()
    assert response.status == 303
    assert location == "/document?" + urllib.parse.urlencode({"id": NEWS, "page": "1"})
    body = _page(server, "/document?id=harbor.txt", 404)  # a typo: close names suggested
    assert "did you mean: news/harbour.txt?" in body


def test_web_document_page_pages_a_long_document(server, monkeypatch):
    from kg.store import document_facts

    monkeypatch.setattr(document_facts, "DOCUMENT_STATEMENT_LIMIT", 2)
    base = "/document?" + urllib.parse.urlencode({"id": NEWS})

    def shown(body: str) -> tuple[list[str], str]:
        text = body[body.index('<div class="doctext"') : body.index('<div id="st-panel"')]
        rows = re.findall(r'<tr id="st-(\d+)"', body)
        return rows, html.unescape(re.sub(r"<[^>]+>", "", text))

    first = _page(server, base)
    assert "Statements 1–2 of 5 · page 1 of 3" in first and 'rel="prev"' not in first
    rows, text = shown(first)
    assert rows == ["1", "2"] and S1 in text and S2 not in text
    following = re.search(r'rel="next" href="([^"]+)"', first)
    assert following and html.unescape(following.group(1)) == base + "&page=2"
    rows, text = shown(_page(server, base + "&page=2"))
    assert rows == ["3", "4"] and S2 in text and S3 in text and S1 not in text
    rows, text = shown(_page(server, base + "&page=3"))
    assert rows == ["5"] and text.strip() == S4
    # a link to a statement's offset opens the page that has it
    at = NEWS_TEXT.index(S3) + S3.index("Tamm")
    body = _page(server, f"{base}&at={at}")
    assert "page 2 of 3" in body and f'id="at-{at}"' in body
    for bad in ("&page=4", "&page=0", "&page=x", "&at=-1"):
        _page(server, base + bad, 400)


def test_web_document_page_of_hostile_document_keeps_text(server):
    body = _page(server, "/document?" + urllib.parse.urlencode({"id": HOSTILE_DOC}))
    assert f"<h1>{_esc(HOSTILE_DOC)}</h1>" in body
    text = body[body.index('<div class="doctext"') : body.index('<div id="st-panel"')]
    assert html.unescape(re.sub(r"<[^>]+>", "", text)).strip() == HOSTILE_TEXT  # all text
    assert _esc(HOSTILE_PERSON) in body


def test_web_document_page_by_iri(server):
    body = _page(server, "/query?" + urllib.parse.urlencode(
        {"query": "SELECT ?g WHERE { GRAPH ?g { ?g dcterms:identifier \"news/harbour.txt\" } }"}
    ))  # fmt: skip
    link = next(link for link in _links(body) if link.startswith("/document?iri="))
    assert f"<h1>{NEWS}</h1>" in _page(server, link)
    _page(server, "/document?iri=https%3A%2F%2Fkg.example.org%2Fdocument%2Fnone", 404)


def test_web_search_on_a_served_store_reads_names_once(tmp_path, monkeypatch):
    from kg.store import names

    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add_many(web_docs())
    built: list[int] = []
    real = names.name_index

    def counted(graph):
        built.append(1)
        return real(graph)

    monkeypatch.setattr("kg.serve.web.name_index", counted)
    with KnowledgeGraph.open(path, read_only=True) as graph:
        server, thread = _start(graph, workers=0)
        try:
            hits = json.loads(_request(server, "/api/suggest?q=ber")[2])
            assert [(h["label"], h["name"]) for h in hits] == [("Anna Berg", "Berg")]
            body = _page(server, "/search?q=nordv")
            assert _entity_path(NORDVIK) in _links(body)
            assert json.loads(_request(server, "/api/suggest?q=tam")[2])[0]["label"] == "Karl Tamm"
            assert built == [1]  # one read of the names for the snapshot
        finally:
            _stop(server, thread)
