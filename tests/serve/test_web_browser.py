"""The web pages of kg serve in headless Chromium: clean loads, links, suggestions, hostile text.

Drives Debian's Chromium (``/usr/bin/chromium``) with ``playwright``, as
``tests/view/browsing.py`` does. Every request is recorded, and any request that
is not to the test server on 127.0.0.1 is blocked and fails the test; console
messages, page errors and script dialogs fail it too.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from kg.rdf.terms import entity_iri
from tests.serve.webdocs import (
    HOSTILE_ALIAS,
    HOSTILE_DOC,
    HOSTILE_ORG,
    HOSTILE_PERSON,
    HOSTILE_TEXT,
    NEWS,
    S1,
    serve_web_docs,
)
from tests.view.browsing import ARTIFACTS, CHROMIUM_ARGS, Tab, _ensure_chromium

pytestmark = [pytest.mark.browser, pytest.mark.network]

BERG = str(entity_iri("Anna Berg", "Person"))
HOSTILE_ORG_IRI = str(entity_iri(HOSTILE_ORG, "Organization"))


@pytest.fixture(scope="module")
def server():
    yield from serve_web_docs()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session(Tab):
    """One browser tab on the test server; a request anywhere else is refused."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        super().__init__(browser, height=900)

    def allowed(self, url: str) -> bool:
        return url.startswith((self.base, "data:"))

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path.lstrip("/"))
        self.page.wait_for_selector("body[data-kg-ready=true]", timeout=10_000)
        return response

    def ready(self) -> None:
        self.page.wait_for_load_state()
        self.page.wait_for_selector("body[data-kg-ready=true]", timeout=10_000)

    def check_clean(self, console: tuple[str, ...] | None = None) -> None:
        """Nothing left the server, nothing went wrong, nothing popped up, no console output."""
        super().check_clean(console)


@pytest.fixture
def tab(browser, server) -> Iterator[Session]:
    session = Session(browser, server.url)
    yield session
    session.close()


def _entity(iri: str) -> str:
    return "/entity?" + urllib.parse.urlencode({"iri": iri})


def _document(doc_id: str) -> str:
    return "/document?" + urllib.parse.urlencode({"id": doc_id})


def test_web_browser_every_page_loads_clean(tab):
    pages = [
        "/", "/search?q=berg", _entity(BERG), _document(NEWS), "/query",
        "/query?" + urllib.parse.urlencode({"query": "SELECT ?e WHERE { ?e a kg:Person }"}),
        _entity(HOSTILE_ORG_IRI), _document(HOSTILE_DOC),
    ]  # fmt: skip
    for path in pages:
        response = tab.open(path)
        assert response.status == 200, path
        assert tab.page.evaluate("document.styleSheets.length") == 1, path  # web.css applied
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.open(_document(NEWS))
    tab.page.screenshot(path=str(ARTIFACTS / "web-document.png"), full_page=True)
    tab.check_clean()


def test_web_browser_links_home_entity_document_and_back(tab):
    tab.open("/")
    tab.page.click("text=Anna Berg")
    tab.ready()
    assert tab.page.inner_text("h1") == "Anna Berg Person"
    entity_url = tab.page.url
    # the fact's document link lands on the statement's highlight in the text
    tab.page.locator("#facts a[href^='/document?']").first.click()
    tab.ready()
    assert tab.page.inner_text("h1") == NEWS
    target = tab.page.evaluate("document.querySelector(':target')?.className")
    assert target is not None and "hl" in target
    tab.page.go_back()
    tab.ready()
    assert tab.page.url == entity_url
    # a neighbour
    tab.page.locator("#neighbours a", has_text="Karl Tamm").click()
    tab.ready()
    assert tab.page.inner_text("h1") == "Karl Tamm Person"
    assert "sell" in tab.page.inner_text("#claims")
    tab.check_clean()


def test_web_browser_suggestions_find_an_entity_by_alias(tab):
    tab.open("/")
    tab.page.locator("#home-q").press_sequentially("Ber", delay=60)
    item = tab.page.locator("ul.suggestions li", has_text="Anna Berg")
    item.wait_for(timeout=5_000)
    assert "as “Berg”" in item.inner_text()
    tab.page.keyboard.press("ArrowDown")
    tab.page.keyboard.press("Enter")
    tab.ready()
    assert tab.page.url.endswith(_entity(BERG))
    # without the suggestions: the form lists the matches
    tab.open("/")
    tab.page.fill("#home-q", "nordvik")
    tab.page.click("form.big button[type=submit]")
    tab.ready()
    assert "/search?q=nordvik" in tab.page.url
    assert tab.page.locator("ul.hits li a").all_inner_texts() == ["Nordvik Shipping"]
    tab.check_clean()


def test_web_browser_document_highlight_shows_its_triple(tab):
    tab.open(_document(NEWS))
    assert tab.page.is_hidden("#st-panel")
    tab.page.locator("#text a.hl").first.click()
    panel = tab.page.locator("#st-panel")
    panel.wait_for(state="visible", timeout=5_000)
    text = panel.inner_text()
    assert "Anna Berg chief executive of Nordvik Shipping" in text
    assert "Anna Berg meet Karl Tamm" in text  # both statements of that span
    panel.locator("a", has_text="Karl Tamm").click()
    tab.ready()
    assert tab.page.inner_text("h1") == "Karl Tamm Person"
    text = tab.page.evaluate("document.getElementById('facts').textContent")
    assert S1.split(",")[0] in text
    tab.check_clean()


def test_web_browser_sparql_results_link_to_entity_pages(tab):
    tab.open("/query")
    tab.page.fill("#sparql-query", "SELECT ?e ?name WHERE { ?e a kg:Person ; skos:prefLabel "
                                   "?name } ORDER BY ?name")  # fmt: skip
    tab.page.click("form.sparql button[type=submit]")
    tab.ready()
    rows = tab.page.locator("table.results tbody tr")
    assert rows.count() == 3
    tab.page.locator("table.results a", has_text="ent:anna-berg-").click()
    tab.ready()
    assert tab.page.inner_text("h1").startswith("Anna Berg")
    tab.check_clean()


def test_web_browser_hostile_text_stays_text(tab):
    tab.open(_entity(HOSTILE_ORG_IRI))
    assert tab.page.evaluate("document.querySelector('h1').firstChild.textContent.trim()") == (
        HOSTILE_ORG
    )
    assert HOSTILE_ALIAS in tab.page.inner_text(".aliases")
    tab.open(_document(HOSTILE_DOC))
    assert tab.page.inner_text("h1") == HOSTILE_DOC
    assert tab.page.evaluate("document.getElementById('text').textContent").strip() == (
        HOSTILE_TEXT
    )
    tab.page.locator("#text a.hl").first.click()
    tab.page.locator("#st-panel").wait_for(state="visible", timeout=5_000)
    assert HOSTILE_PERSON in tab.page.inner_text("#st-panel")
    # suggestions render hostile names as text
    tab.open("/")
    tab.page.locator("#home-q").press_sequentially("<scr", delay=60)
    tab.page.locator("ul.suggestions li").first.wait_for(timeout=5_000)
    assert HOSTILE_ORG in tab.page.inner_text("form.big ul.suggestions")
    # a hostile query stays in its box
    query = "SELECT ?n WHERE { ?e skos:prefLabel ?n } # </textarea><script>alert(7)</script>"
    tab.open("/query?" + urllib.parse.urlencode({"query": query}))
    assert tab.page.input_value("#sparql-query") == query
    for path in ("/", _entity(HOSTILE_ORG_IRI), _document(HOSTILE_DOC)):
        tab.open(path)
        scripts = tab.page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
        assert scripts == ["/static/web.js"], path
        assert tab.page.locator("img, iframe").count() == 0, path  # no injected element
    tab.check_clean()


def test_web_browser_error_pages_are_pages(tab):
    response = tab.open(_entity("https://kg.example.org/entity/nobody"))
    assert response.status == 404 and tab.page.inner_text("h1") == "No such entity"
    tab.page.click("main a[href='/']")
    tab.ready()
    assert tab.page.locator("form.big").count() == 1
    # the 404 is reported by Chromium's console; nothing else is
    assert [m for m in tab.console if "404" not in m[1]] == []
    tab.console.clear()
    tab.check_clean()
