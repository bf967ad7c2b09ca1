"""The HTML graph view in a real browser: offline, no console errors, no script injection.

Drives Debian's Chromium (``/usr/bin/chromium``) with the ``playwright`` package
(dev extra); Playwright's own browser downloads are never used. When Chromium is
missing, the module installs it with apt-get (about 20 s here) or fails loudly.
A screenshot is saved to ``out/test-artifacts/render.png`` for a human to look at.
"""

from __future__ import annotations

import networkx as nx
import pytest

from kg.view.html import write_html
from tests.view.browsing import (
    ARTIFACTS,
    Visit,
)

pytestmark = pytest.mark.browser


HOSTILE_TITLE = "<script>alert('title')</script> href"


HOSTILE_LABELS = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '<b onmouseover=alert(3)>bold</b> & "quoted"',
)


def _harbour_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    nodes = {
        "ex:mira": ("Mira Halvorsen", "Person"),
        "ex:jonas": ("Jonas Brekke", "Person"),
        "ex:port": ("Northgate Port Authority", "Organization"),
        "ex:council": ("Northgate City Council", "Organization"),
        "ex:town": ("Northgate", "Place"),
        "ex:fjord": ("Kalvfjord", "Place"),
        "ex:union": ("dock workers", "Group"),
        "ex:plan": ("dredging plan", "Concept"),
        "ex:vote": ("council vote", "Event"),
        "ex:act": ("Harbour Act", "Law"),
        "ex:date": ("March 2024", "Time"),
    }
    for iri, (label, type_) in nodes.items():
        g.add_node(iri, label=label, type=type_, aliases=[], iri=iri)
    facts = [
        ("ex:mira", "chief executive of", "ex:port", 0.95, True),
        ("ex:jonas", "member of", "ex:council", 0.9, True),
        ("ex:port", "based in", "ex:town", 0.85, True),
        ("ex:port", "propose", "ex:plan", 0.8, True),
        ("ex:plan", "affect", "ex:fjord", 0.6, True),
        ("ex:union", "oppose", "ex:plan", 0.7, False),
        ("ex:council", "hold", "ex:vote", 0.75, True),
        ("ex:vote", "take place in", "ex:date", 0.7, True),
        ("ex:plan", "require", "ex:act", 0.5, False),
        ("ex:mira", "meet with", "ex:jonas", 0.8, True),
        ("ex:jonas", "criticise", "ex:mira", 0.6, True),
        ("ex:council", "located in", "ex:town", 0.9, True),
    ]
    for s, relation, o, confidence, asserted in facts:
        g.add_edge(
            s,
            o,
            relation=relation,
            confidence=confidence,
            sentence=f"{nodes[s][0]} ({relation}) {nodes[o][0]}.",
            doc="harbour-notes.txt",
            polarity="positive" if asserted else "negative",
            modality=None,
            attribution=None,
            asserted=asserted,
        )
    return g


def _hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, label in enumerate(HOSTILE_LABELS):
        g.add_node(f"ex:h{i}", label=label, type="Person", aliases=[label], iri=f"ex:h{i}")
    g.add_edge(
        "ex:h0",
        "ex:h1",
        relation="<i>rel</i>",
        confidence=0.5,
        sentence="<svg onload=alert(4)> said & did",
        doc="<iframe src=javascript:alert(5)>",
        polarity="positive",
        modality="may",
        attribution=None,
        asserted=False,
    )
    g.add_edge("ex:h1", "ex:h2", relation="href", confidence=0.9, sentence="s", doc="d")
    return g


def test_render_browser_page_is_offline_and_draws_every_node(browser, tmp_path):
    path = write_html(_harbour_graph(), tmp_path / "harbour.html", title="Northgate harbour")
    visit = Visit(browser, path)
    try:
        assert visit.eval("window.network.body.data.nodes.length") == 11
        assert visit.eval("window.network.body.data.edges.length") == 12
        assert visit.eval("window.network.physics.options.enabled") is False  # frozen
        assert visit.page.locator("#kg-title").inner_text() == "Northgate harbour"
        legend = visit.page.locator("#kg-legend").inner_text()
        for entity_type in ("Event", "Group", "Law", "Organization", "Person", "Place", "Time"):
            assert entity_type in legend
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / "render.png"))
        tip = visit.hover_node("ex:port")
        assert "Northgate Port Authority\nType: Organization\nConnections: 3" in tip
        edge_tip = visit.hover_edge("e0")
        assert "Mira Halvorsen — chief executive of → Northgate Port Authority" in edge_tip
        assert "Document: harbour-notes.txt" in edge_tip and "Confidence: 0.95" in edge_tip
        visit.check_clean()
    finally:
        visit.close()


def test_render_browser_hostile_text_stays_text(browser, tmp_path):
    path = write_html(_hostile_graph(), tmp_path / "hostile.html", title=HOSTILE_TITLE)
    visit = Visit(browser, path)
    try:
        assert visit.eval("window.network.body.data.nodes.length") == 3
        assert visit.page.locator("#kg-title").inner_text() == HOSTILE_TITLE
        assert visit.page.title() == HOSTILE_TITLE
        tip = visit.hover_node("ex:h0")
        assert tip.startswith("<img src=x onerror=alert(1)>\nType: Person")
        tip = visit.hover_node("ex:h2")
        assert tip.startswith('<b onmouseover=alert(3)>bold</b> & "quoted"\n')
        visit.page.locator("#kg-hedged").check()  # e0 is hedged: hidden until asked for
        edge_tip = visit.hover_edge("e0")
        assert "“<svg onload=alert(4)> said & did”" in edge_tip
        assert "Document: <iframe src=javascript:alert(5)>" in edge_tip
        assert "Status: hedged (may)" in edge_tip
        visit.page.wait_for_timeout(300)  # give any injected handler time to fire
        counts = visit.eval(
            "['script', 'img', 'svg', 'iframe', 'b', 'i']"
            ".map(t => document.getElementsByTagName(t).length)"
        )
        assert counts == [3, 0, 0, 0, 0, 0]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / "render-hostile.png"))
        visit.check_clean()
    finally:
        visit.close()


def test_render_browser_big_graph_is_capped_and_settles(browser, tmp_path):
    g = nx.MultiDiGraph()
    for i in range(1500):
        g.add_node(f"ex:n{i}", label=f"Entity {i}", type="Concept", aliases=[], iri=f"ex:n{i}")
    for i in range(1, 1500):
        g.add_edge(f"ex:n{i}", f"ex:n{i // 7}", relation="part of", confidence=0.7)
    path = write_html(g, tmp_path / "big.html", max_nodes=300)
    visit = Visit(browser, path)
    try:
        assert visit.eval("window.network.body.data.nodes.length") == 300
        omitted = visit.page.locator("#kg-omitted").inner_text()
        assert omitted.startswith("Showing the 300 best-connected of 1,500 nodes: 1,200 nodes")
        visit.check_clean()
    finally:
        visit.close()


# ---------------------------------------------------------------- tools: search, filters, physics


def test_render_browser_search_focuses_the_node(browser, tmp_path):
    g = _harbour_graph()
    g.nodes["ex:port"]["aliases"] = ["NPA"]
    path = write_html(g, tmp_path / "harbour.html", title="Northgate harbour")
    visit = Visit(browser, path)
    try:
        search = visit.page.locator("#kg-search")
        search.fill("  npa ")  # an alias, any case and spacing
        search.press("Enter")
        assert visit.eval("window.network.getSelectedNodes()") == ["ex:port"]
        assert visit.page.locator("#kg-search-status").inner_text() == (
            "Found: Northgate Port Authority"
        )
        visit.page.wait_for_timeout(700)  # the focus animation
        centre = visit.eval(
            "() => { const p = window.network.getPositions(['ex:port'])['ex:port'];"
            " const d = window.network.canvasToDOM(p);"
            " const box = document.getElementById('kg-network').getBoundingClientRect();"
            " return [d.x - box.width / 2, d.y - box.height / 2]; }"
        )
        assert abs(centre[0]) < 5 and abs(centre[1]) < 5, centre
        search.fill("brek")  # the start of a name
        visit.page.locator("#kg-search-button").click()
        assert visit.eval("window.network.getSelectedNodes()") == ["ex:jonas"]
        search.fill("<b>nobody</b>")
        search.press("Enter")
        assert visit.page.locator("#kg-search-status").inner_text() == (
            "No node matches “<b>nobody</b>”."
        )
        assert visit.eval("document.querySelectorAll('#kg-search-status b').length") == 0
        options = visit.eval(
            "Array.from(document.querySelectorAll('#kg-names option'), o => o.value)"
        )
        assert "NPA" in options and "Northgate Port Authority" in options
        visit.check_clean()
    finally:
        visit.close()


def test_render_browser_class_filter_and_physics_button(browser, tmp_path):
    path = write_html(_harbour_graph(), tmp_path / "harbour.html")
    visit = Visit(browser, path)
    hidden = (
        "() => Object.values(window.network.body.nodes)"
        ".filter(n => n.options.hidden).map(n => n.id).sort()"
    )
    visible_edges = "() => window.network.body.data.edges.get({filter: e => !e.hidden}).length"
    try:
        # A whole-graph view leaves generic concepts and claims that are not asserted
        # out until asked: the dredging plan's four edges, two of them negated, are hidden.
        assert visit.eval(hidden) == ["ex:plan"] and visit.eval(visible_edges) == 8
        assert visit.page.locator("#kg-summary").inner_text() == "10 nodes, 8 edges shown"
        visit.page.locator("#kg-concepts").check()
        assert visit.eval(hidden) == [] and visit.eval(visible_edges) == 10
        visit.page.locator("#kg-hedged").check()
        assert visit.page.locator("#kg-summary").inner_text() == "11 nodes, 12 edges shown"
        visit.page.locator("input.kg-filter[value=Place]").uncheck()
        assert visit.eval(hidden) == ["ex:fjord", "ex:town"]
        assert visit.eval(visible_edges) == 12 - 3  # based in, affect, located in
        visit.page.locator("input.kg-filter[value=Person]").uncheck()
        assert visit.eval(hidden) == ["ex:fjord", "ex:jonas", "ex:mira", "ex:town"]
        # Searching for a hidden node shows its class again.
        visit.page.locator("#kg-search").fill("Mira Halvorsen")
        visit.page.locator("#kg-search").press("Enter")
        assert visit.page.locator("input.kg-filter[value=Person]").is_checked()
        assert visit.eval(hidden) == ["ex:fjord", "ex:town"]
        visit.page.locator("input.kg-filter[value=Place]").check()
        assert visit.eval(hidden) == [] and visit.eval(visible_edges) == 12

        button = visit.page.locator("#kg-physics")
        assert button.inner_text() == "Physics: off"
        assert visit.eval("window.network.physics.options.enabled") is False
        button.click()
        assert visit.eval("window.network.physics.options.enabled") is True
        assert (
            button.inner_text() == "Physics: on" and button.get_attribute("aria-pressed") == "true"
        )
        button.click()
        assert visit.eval("window.network.physics.options.enabled") is False
        assert button.inner_text() == "Physics: off"
        visit.check_clean()
    finally:
        visit.close()
