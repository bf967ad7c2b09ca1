"""Hand-made networkx views for the view tests (entities, facts, hostile text); pages read back."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import networkx as nx

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "<!-- <script>",
    "a href='javascript:alert(3)' b",
    "\"double\" & 'single' quotes &amp; &lt;entities&gt;",
)


def add_entity(g: nx.MultiDiGraph, iri: str, label: str, type_: str, *aliases: str) -> None:
    g.add_node(iri, label=label, type=type_, aliases=list(aliases), iri=iri)


def add_fact(g: nx.MultiDiGraph, s: str, relation: str, o: str, **attrs: object) -> None:
    edge: dict[str, object] = {
        "relation": relation,
        "iri": "http://example.org/kg/relation/" + relation.replace(" ", "-"),
        "confidence": 0.8,
        "sentence": f"{g.nodes[s]['label']} did {relation} {g.nodes[o]['label']}.",
        "doc": "notes/harbour.txt",
        "polarity": "positive",
        "modality": None,
        "attribution": None,
        "asserted": True,
    }
    edge.update(attrs)
    g.add_edge(s, o, **edge)


class _PageParser(HTMLParser):
    """Collects start tags with attributes, raw <script>/<style> contents and the h1 text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.h1 = ""
        self._in: str | None = None
        self._attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style", "h1"):
            self._in, self._attrs = tag, dict(attrs)
            if tag == "script":
                self.scripts.append((self._attrs, ""))
            elif tag == "style":
                self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "style":
            self.styles[-1] += data
        elif self._in == "h1":
            self.h1 += data


def parse_page(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    return parser


def page_data(page: str) -> dict[str, Any]:
    """The JSON graph data embedded in the page."""
    scripts = parse_page(page).scripts
    (text,) = [text for attrs, text in scripts if attrs.get("id") == "kg-data"]
    data: dict[str, Any] = json.loads(text)
    return data
