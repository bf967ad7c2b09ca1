"""Fixtures shared by the view tests: harbour documents in a store, its view, small graphs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from kg.store.graph import KnowledgeGraph
from kg.store.network import to_networkx
from tests.view.browsing import (
    CHROMIUM_ARGS,
    _ensure_chromium,
)
from tests.view.graphs import HOSTILE, add_entity, add_fact
from tests.view.harbour import harbour_docs


@pytest.fixture
def store():
    with KnowledgeGraph.open() as graph:
        for dg in harbour_docs():
            graph.add(dg)
        yield graph


@pytest.fixture
def full(store) -> nx.MultiDiGraph:
    return to_networkx(store, include_hedged=True)


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    add_entity(g, "ex:mira", "Mira Halvorsen", "Person", "Halvorsen", "M. Halvorsen")
    add_entity(g, "ex:port", "Northgate Port Authority", "Organization", "NPA")
    add_entity(g, "ex:town", "Northgate", "Place")
    add_entity(g, "ex:plan", "dredging plan", "Concept")
    add_entity(g, "ex:union", "dock workers", "Group")
    add_fact(g, "ex:mira", "chief executive of", "ex:port", confidence=0.93)
    add_fact(g, "ex:port", "based in", "ex:town")
    add_fact(g, "ex:mira", "announce", "ex:plan", sentence="Halvorsen announced the plan.")
    add_fact(g, "ex:union", "oppose", "ex:plan", polarity="negative", asserted=False)
    add_fact(g, "ex:union", "strike", "ex:port", modality="may", asserted=False, confidence=0.4)
    add_fact(g, "ex:union", "meet with", "ex:port", doc="notes/minutes.txt")  # parallel edge
    add_fact(g, "ex:port", "reply to", "ex:union")  # reverse edge
    return g


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, text in enumerate(HOSTILE):
        add_entity(g, f"ex:h{i}", text, "Person", text)
    for i, text in enumerate(HOSTILE):
        j = (i + 1) % len(HOSTILE)
        add_fact(g, f"ex:h{i}", text, f"ex:h{j}", sentence=text, doc=text, attribution=text)
    return g


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _ensure_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra provides it
        pytest.fail("the playwright package is missing: pip install -e '.[dev]'", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
