"""Inline display in Jupyter: an isolated, sandboxed <iframe srcdoc> holding the whole page."""

from __future__ import annotations

import html
import subprocess
import sys
from html.parser import HTMLParser

import networkx as nx
import pytest

import kg.view.html
from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.network import to_networkx
from kg.view.notebook import (
    IFRAME_HEIGHT,
    NOTEBOOK_MAX_NODES,
    GraphView,
    graph_html,
    iframe,
    register,
    repr_html,
    show,
)

HOSTILE = '</iframe><script>alert("x")</script><img src=x onerror=alert(1)>'


class _Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ends: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.ends.append(tag)


def _parse(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


def _only_iframe(markup: str) -> dict[str, str]:
    parsed = _parse(markup)
    assert [t for t, _ in parsed.tags] == ["iframe"], parsed.tags
    assert parsed.ends == ["iframe"]
    assert markup.startswith("<iframe ") and markup.endswith("></iframe>")
    attrs = parsed.tags[0][1]
    valued = {name: value for name, value in attrs.items() if value is not None}
    assert valued == attrs, attrs  # kg's frame has no attribute without a value
    return valued


@pytest.fixture
def graph():
    doc = DocumentGraph(
        "d1",
        "",
        [
            Triple("Anna Berg", "meet", "Karl Tamm", "Person", "Person"),
            Triple(HOSTILE, "write", "Nordvik Shipping", "Person", "Organization"),
        ],
    )
    with KnowledgeGraph.open() as store:
        store.add(doc)
        yield store


def test_jupyter_iframe_srcdoc_round_trips_the_page():
    page = '<!DOCTYPE html><p title="a&b">\'x\' <script>let a = "</p>";</script>'
    attrs = _only_iframe(iframe(page))
    assert attrs["srcdoc"] == page  # the browser's unescaping gives back the page
    assert html.unescape(iframe(page).split('srcdoc="', 1)[1].split('"', 1)[0]) == page
    assert attrs["sandbox"] == "allow-scripts"
    assert "width: 100%" in attrs["style"] and f"height: {IFRAME_HEIGHT}px" in attrs["style"]


def test_jupyter_iframe_refuses_a_bad_height():
    with pytest.raises(ValueError, match="height"):
        iframe("<p>x</p>", height=0)


def test_jupyter_knowledge_graph_displays_as_one_isolated_iframe(graph):
    markup = repr_html(graph)
    assert markup is not None
    assert "<script" not in markup.lower()  # no live script outside the frame's attribute
    assert markup.count("</iframe>") == 1  # hostile text cannot close the frame early
    attrs = _only_iframe(markup)
    page = attrs["srcdoc"]
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" in page  # the page itself runs vis-network inside the frame
    assert "Anna Berg" in page and "Karl Tamm" in page
    assert HOSTILE not in page  # the page escapes its data too


def test_jupyter_page_loads_nothing_from_the_network(graph):
    page = _only_iframe(graph_html(graph))["srcdoc"]
    for tag, attrs in _parse(page).tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, name, value)


def test_jupyter_ipython_formatter_uses_the_iframe(graph):
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    assert register(formatter)
    data, _ = formatter.format(graph)
    assert data["text/html"].startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert data["text/plain"].startswith("<KnowledgeGraph memory")


def test_jupyter_closed_store_falls_back_to_repr():
    store = KnowledgeGraph.open()
    store.close()
    assert repr_html(store) is None


def test_jupyter_caps_nodes_for_notebooks(monkeypatch):
    seen = {}
    real = kg.view.html.render_html

    def spy(graph, **kwargs):
        seen.update(kwargs)
        return real(graph, **kwargs)

    monkeypatch.setattr(kg.view.html, "render_html", spy)
    big = nx.MultiDiGraph()
    for i in range(NOTEBOOK_MAX_NODES + 50):
        big.add_edge("hub", f"n{i}", relation="link")
    view = show(big)
    assert seen["max_nodes"] == NOTEBOOK_MAX_NODES
    page = _only_iframe(view._repr_html_())["srcdoc"]
    assert f"{NOTEBOOK_MAX_NODES + 51:,}" in page  # the page says how many there were


def test_jupyter_show_options_and_save(graph, tmp_path):
    view = show(graph, title="Who met whom <b>", height=300, max_nodes=2)
    assert isinstance(view, GraphView)
    attrs = _only_iframe(view._repr_html_())
    assert "height: 300px" in attrs["style"]
    assert attrs["title"] == "Who met whom <b>"
    assert "Who met whom &lt;b&gt;" in attrs["srcdoc"]
    path = view.save(tmp_path / "views" / "g.html")
    assert path.read_text(encoding="utf-8") == view.page
    assert graph_html(graph, height=250).count("height: 250px") == 1


def test_jupyter_shows_an_entity_view(graph):
    from kg.view.select import entity_view

    view = entity_view(to_networkx(graph, include_hedged=True), "Karl Tamm")
    shown = show(view)
    assert shown.title == view.title
    page = _only_iframe(shown._repr_html_())["srcdoc"]
    assert "Karl Tamm" in page and "Anna Berg" in page
    assert "Nordvik Shipping" not in page  # two hops away: not in the neighbourhood


def test_jupyter_table_of_a_query_result(graph):
    from kg.view.notebook import table

    result = graph.query(
        "SELECT ?name ?e WHERE { ?e skos:prefLabel ?name } ORDER BY ?name", limit=2
    )
    shown = table(result, prefixes=graph.prefixes)
    assert shown.headers == ["name", "e"] and len(shown) == 2 and shown.truncated
    assert shown.rows[1][0] == "Anna Berg" and shown.rows[1][1].startswith("ent:anna-berg")
    markup = shown._repr_html_()
    assert "<th>name</th>" in markup and "cut at the row limit" in markup
    text = repr(shown)
    assert text.splitlines()[0].split() == ["name", "e"]
    hostile = table(graph.query(f"ASK {{ ?e skos:prefLabel {HOSTILE!r} }}"))
    assert repr(hostile).splitlines()[-1] == "true"
    names = table(graph.query("SELECT ?n WHERE { ?e skos:prefLabel ?n }"))._repr_html_()
    assert "<script" not in names and "&lt;/iframe&gt;&lt;script&gt;" in names


def test_jupyter_import_kg_in_ipython_registers_the_inline_view():
    script = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import kg\n"
        "from kg.store.graph import KnowledgeGraph\n"
        "if hasattr(KnowledgeGraph, '_repr_html_'):\n"
        "    del KnowledgeGraph._repr_html_  # the formatter alone shows it\n"
        "data, _ = shell.display_formatter.format(kg.open())\n"
        "print(data['text/html'][:30])\n"
    )
    run = [sys.executable, "-c", script]
    done = subprocess.run(run, capture_output=True, text=True, check=True)
    assert done.stdout.startswith('<iframe srcdoc="&lt;!DOCTYPE')
