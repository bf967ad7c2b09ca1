"""The explorer page in a real browser: side panel, filters, expand / remove, labels, 5k nodes.

Same setup as ``test_html_browser.py`` (Debian's Chromium through playwright, one
browser per module, every request and console message recorded). Nothing here
asserts a time: ``benchmarks/big_view.py`` measures the big page.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from kg.view.html import write_html
from tests.view.browsing import BIG_STABLE_TIMEOUT_MS, Visit, check_clean_webgl
from tests.view.graphs import HOSTILE, add_entity, add_fact

pytestmark = pytest.mark.browser

CEO_SENTENCE = "In 2019 Halvorsen became chief executive of the Northgate Port Authority."


def _port_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    add_entity(g, "ex:mira", "Mira Halvorsen", "Person", "Halvorsen")
    add_entity(g, "ex:port", "Northgate Port Authority", "Organization", "NPA")
    add_entity(g, "ex:town", "Northgate", "Place")
    add_entity(g, "ex:plan", "dredging plan", "Concept")
    add_entity(g, "ex:union", "dock workers", "Group")
    add_fact(
        g,
        "ex:mira",
        "chief executive of",
        "ex:port",
        confidence=0.93,
        time="2019",
        time_text="In 2019",
        doc="a.txt",
        sentence=CEO_SENTENCE,
    )
    add_fact(g, "ex:port", "based in", "ex:town", confidence=0.6, doc="b.txt")
    add_fact(g, "ex:mira", "announce", "ex:plan", confidence=0.8, time="2021", doc="a.txt")
    add_fact(g, "ex:union", "oppose", "ex:plan", polarity="negative", asserted=False)
    add_fact(g, "ex:union", "meet with", "ex:port", confidence=0.5, time="2022", doc="b.txt")
    add_fact(g, "ex:port", "reply to", "ex:union", confidence=0.9, doc="a.txt")
    g.nodes["ex:port"]["events"] = [  # a statement without object: "founded in 1850"
        {
            "id": "ex:st1",
            "relation": "found",
            "time": "1850",
            "time_text": "in 1850",
            "asserted": True,
            "doc": "c.txt",
            "sentence": "The authority was founded in 1850.",
        }
    ]
    return g  # fmt: skip


def _shown(visit: Visit) -> tuple[list[str], int]:
    shown = visit.eval("window.kg.shown()")
    return shown["nodes"], len(shown["edges"])


def _click_node(visit: Visit, node_id: str) -> None:
    point = visit.eval("id => window.kg.toDOM(id)", node_id)
    box = visit.page.locator("#kg-network").bounding_box()
    visit.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _open(browser: Any, graph: nx.MultiDiGraph, tmp_path: Any, **options: Any) -> Visit:
    return Visit(browser, write_html(graph, tmp_path / "explorer.html", **options))


def test_explorer_panel_lists_facts_grouped_with_marked_sentences(browser, tmp_path):
    visit = _open(browser, _port_graph(), tmp_path)
    try:
        assert visit.page.locator("#kg-panel").is_hidden()
        _click_node(visit, "ex:port")
        panel = visit.page.locator("#kg-panel")
        panel.wait_for(state="visible")
        assert visit.eval("window.kg.selected()") == "ex:port"
        assert panel.locator("h2").inner_text() == "Northgate Port Authority"
        assert "Also known as: NPA" in panel.inner_text()
        assert "Documents: a.txt, b.txt, c.txt" in panel.inner_text()
        assert panel.locator("ul.kg-events li").all_inner_texts() == ["found in 1850"]
        groups = panel.locator("section.kg-group")
        assert [groups.nth(i).get_attribute("data-relation") for i in range(groups.count())] == [
            "based in", "chief executive of", "meet with", "reply to"
        ]  # fmt: skip
        ceo = panel.locator("section[data-relation='chief executive of']")
        assert ceo.locator("blockquote").inner_text() == CEO_SENTENCE
        assert ceo.locator("mark.kg-s").all_inner_texts() == ["Halvorsen"]
        assert ceo.locator("mark.kg-o").all_inner_texts() == ["Northgate Port Authority"]
        meta = ceo.locator(".kg-meta").inner_text()
        assert meta == "Document: a.txt · Confidence: 0.93 · Time: In 2019 · Status: asserted"
        assert panel.locator(".kg-more").count() == 0  # every neighbour is on the page
        # The other entity of a fact selects it.
        ceo.locator("button.kg-entity").click()
        assert visit.eval("window.kg.selected()") == "ex:mira"
        assert panel.locator("h2").inner_text() == "Mira Halvorsen"
        visit.page.locator("#kg-panel-close").click()
        assert panel.is_hidden() and visit.eval("window.kg.selected()") is None
        visit.check_clean()
    finally:
        visit.close()


def test_explorer_expand_and_remove(browser, tmp_path):
    visit = _open(browser, _port_graph(), tmp_path, max_nodes=3)
    try:
        nodes, edges = _shown(visit)
        assert nodes == ["ex:mira", "ex:port", "ex:union"] and edges == 3
        assert "ex:town" not in visit.eval("window.kg.drawn()")
        visit.eval("window.kg.open('ex:port')")
        visit.page.locator("#kg-panel button.kg-expand").click()
        nodes, edges = _shown(visit)
        assert nodes == ["ex:mira", "ex:port", "ex:town", "ex:union"] and edges == 4
        assert visit.page.locator("#kg-summary").inner_text() == "4 nodes, 4 edges shown"
        assert visit.page.locator("#kg-panel button.kg-expand").is_disabled()  # all drawn
        visit.eval("window.kg.open('ex:mira')")
        visit.page.locator("#kg-panel button.kg-remove").click()
        nodes, edges = _shown(visit)
        assert nodes == ["ex:port", "ex:town", "ex:union"] and edges == 3
        assert visit.page.locator("#kg-panel").is_hidden()
        assert visit.page.locator("#kg-summary").inner_text() == "3 nodes, 3 edges shown"
        visit.check_clean()
    finally:
        visit.close()
    # Without a reserve the town is not on the page at all: the panel says so.
    visit = _open(browser, _port_graph(), tmp_path, max_nodes=3, reserve=0)
    try:
        visit.eval("window.kg.open('ex:port')")
        assert visit.page.locator("#kg-panel .kg-more").inner_text() == (
            "3 neighbours in the graph; this page holds 2."
        )
        assert visit.page.locator("#kg-panel button.kg-expand").is_disabled()
        visit.check_clean()
    finally:
        visit.close()


def test_explorer_filters_change_the_drawing_and_the_counts(browser, tmp_path):
    visit = _open(browser, _port_graph(), tmp_path)
    summary = visit.page.locator("#kg-summary")
    try:
        # Defaults: no generic concept (the plan), no negated claim.
        assert _shown(visit) == (["ex:mira", "ex:port", "ex:town", "ex:union"], 4)
        assert summary.inner_text() == "4 nodes, 4 edges shown"
        visit.page.locator("#kg-concepts").check()
        assert _shown(visit) == (["ex:mira", "ex:plan", "ex:port", "ex:town", "ex:union"], 5)
        visit.page.locator("#kg-hedged").check()
        assert _shown(visit)[1] == 6 and summary.inner_text() == "5 nodes, 6 edges shown"
        # Relation: only its edges, and the nodes they join.
        visit.page.locator("#kg-relation").select_option("based in")
        assert _shown(visit) == (["ex:port", "ex:town"], 1)
        assert summary.inner_text() == "2 nodes, 1 edge shown"
        visit.page.locator("#kg-relation").select_option("")
        # Confidence: 0.85 keeps the CEO fact (0.93) and the reply (0.9).
        visit.page.locator("#kg-confidence").fill("0.85")
        assert _shown(visit) == (["ex:mira", "ex:port", "ex:union"], 2)
        assert visit.page.locator("#kg-confidence-value").inner_text() == "0.85"
        visit.page.locator("#kg-confidence").fill("0")
        # Document.
        visit.page.locator("#kg-doc").select_option("b.txt")
        assert _shown(visit) == (["ex:port", "ex:town", "ex:union"], 2)
        visit.page.locator("#kg-doc").select_option("")
        # Time range: untimed edges stay, unless only timed ones are asked for.
        visit.page.locator("#kg-time-from").fill("2020")
        nodes, edges = _shown(visit)
        assert edges == 6 - 1 and "ex:plan" in nodes  # the 2019 CEO fact is out
        visit.page.locator("#kg-timed-only").check()
        assert _shown(visit) == (["ex:mira", "ex:plan", "ex:port", "ex:union"], 2)
        visit.page.locator("#kg-time-to").fill("2021")
        assert _shown(visit) == (["ex:mira", "ex:plan"], 1)  # announce, 2021
        visit.page.locator("#kg-time-from").fill("")
        visit.page.locator("#kg-time-to").fill("")
        visit.page.locator("#kg-timed-only").uncheck()
        # Class check boxes and the hedged toggle back off.
        visit.page.locator("input.kg-filter[value=Group]").uncheck()
        visit.page.locator("#kg-hedged").uncheck()
        assert _shown(visit) == (["ex:mira", "ex:plan", "ex:port", "ex:town"], 3)
        assert summary.inner_text() == "4 nodes, 3 edges shown"
        count = "input.kg-filter[value={}] ~ .kg-count"
        assert visit.page.locator(count.format("Group")).inner_text() == "(0)"
        assert visit.page.locator(count.format("Person")).inner_text() == "(1)"
        hidden = visit.eval(
            "() => Object.values(window.network.body.nodes)"
            ".filter(n => n.options.hidden).map(n => n.id).sort()"
        )
        assert hidden == ["ex:union"]  # what is drawn follows the model
        visit.check_clean()
    finally:
        visit.close()


def test_explorer_entity_view_keeps_concepts_and_opens_its_panel(browser, tmp_path):
    visit = _open(browser, _port_graph(), tmp_path, focus=["ex:mira"])
    try:
        assert "ex:plan" in _shown(visit)[0]
        assert visit.page.locator("#kg-concepts").is_checked()
        assert visit.page.locator("#kg-panel h2").inner_text() == "Mira Halvorsen"
        visit.page.locator("#kg-concepts").uncheck()
        assert "ex:plan" not in _shown(visit)[0]
        visit.check_clean()
    finally:
        visit.close()


def test_explorer_labels_the_top_nodes_more_when_zoomed_in(browser, tmp_path):
    g = nx.MultiDiGraph()
    for i in range(120):
        add_entity(g, f"ex:n{i}", f"Entity {i}", "Person")
    for i in range(1, 120):  # a tree: low numbers have the most children
        add_fact(g, f"ex:n{i}", "report to", f"ex:n{(i - 1) // 3}")
    visit = _open(browser, g, tmp_path)
    try:
        labelled = visit.eval("window.kg.labelled()")
        assert len(labelled) == 25 and "ex:n1" in labelled and "ex:n119" not in labelled
        label = "id => window.network.body.data.nodes.get(id).label"
        assert visit.eval(label, "ex:n1") == "Entity 1" and visit.eval(label, "ex:n119") == ""
        edge_label = "() => window.network.body.data.edges.get('e0').label"
        assert visit.eval(edge_label) == ""  # edge labels wait for a selection or a hover
        tip = visit.hover_node("ex:n119")  # hovering labels a node
        assert tip.startswith("Entity 119\n") and "ex:n119" in visit.eval("window.kg.labelled()")
        assert visit.eval(label, "ex:n119") == "Entity 119"
        visit.page.mouse.move(0, 0)
        visit.eval("window.network.moveTo({scale: window.network.getScale() * 3})")
        visit.page.wait_for_timeout(200)
        assert len(visit.eval("window.kg.labelled()")) > 100
        visit.eval("window.kg.open('ex:n119')")  # selected: itself, its edges labelled
        assert "ex:n119" in visit.eval("window.kg.labelled()")
        edge = visit.eval("() => window.network.body.data.edges.get({filter: e => "
                          "e.from === 'ex:n119'})[0]")  # fmt: skip
        assert edge["label"] == "report to"
        visit.check_clean()
    finally:
        visit.close()


def test_explorer_panel_keeps_hostile_text_as_text(browser, tmp_path, hostile_graph):
    visit = _open(browser, hostile_graph, tmp_path)
    try:
        visit.page.locator("#kg-hedged").check()
        for i, text in enumerate(HOSTILE):
            visit.eval("id => window.kg.open(id)", f"ex:h{i}")
            panel = visit.page.locator("#kg-panel")
            assert panel.locator("h2").inner_text() == text
            quotes = panel.locator("blockquote").all_inner_texts()
            assert " ".join(text.split()) in [" ".join(q.split()) for q in quotes]
            assert f"attributed to {text}" in panel.inner_text()
        visit.page.wait_for_timeout(300)  # give any injected handler time to fire
        counts = visit.eval(
            "['script', 'img', 'a', 'iframe', 'b']"
            ".map(t => document.getElementsByTagName(t).length)"
        )
        assert counts == [3, 0, 0, 0, 0]
        visit.check_clean()
    finally:
        visit.close()


def test_explorer_5000_node_view_is_interactive(browser, tmp_path):
    from benchmarks.big_view import synthetic_graph

    path = write_html(synthetic_graph(5000, 15000), tmp_path / "big.html", max_nodes=5000)
    visit = Visit(browser, path, timeout_ms=BIG_STABLE_TIMEOUT_MS)
    try:
        assert visit.eval("window.kg.renderer") == "sigma"
        assert len(visit.eval("window.kg.drawn()")) == 5000
        # A node far from the crowd (the outermost on screen), so that the click is its own.
        target = visit.eval(
            "() => { const box = document.getElementById('kg-network').getBoundingClientRect();"
            " let best = null, far = -1; for (const id of window.kg.shown().nodes) {"
            " const p = window.kg.toDOM(id); const d = Math.hypot(p.x - box.width / 2,"
            " p.y - box.height / 2); if (p.x > 5 && p.y > 5 && p.x < box.width - 5 &&"
            " p.y < box.height - 5 && d > far) { far = d; best = id; } } return best; }"
        )
        _click_node(visit, target)
        visit.page.locator("#kg-panel").wait_for(state="visible")
        assert visit.eval("window.kg.selected()") == target
        assert visit.page.locator("#kg-panel section.kg-group").count() >= 1
        # The panel narrowed the drawing: another click still lands where the nodes are.
        visit.eval("window.kg.open(window.kg.shown().nodes[0])")
        _click_node(visit, target)
        assert visit.eval("window.kg.selected()") == target
        # Pan and zoom: the camera moves and the page keeps answering.
        visit.page.mouse.wheel(0, -400)
        visit.page.wait_for_timeout(300)
        assert visit.eval("window.sigma.getCamera().getState().ratio") < 1
        check_clean_webgl(visit)
    finally:
        visit.close()


def test_explorer_star_of_an_entity_stays_legible(browser, tmp_path):
    g = nx.MultiDiGraph()
    add_entity(g, "ex:hub", "Hub Person", "Person")
    for i in range(100):
        add_entity(g, f"ex:n{i}", f"Contact {i:03d}", "Person")
        add_fact(g, "ex:hub", "meet with", f"ex:n{i}")
    visit = _open(browser, g, tmp_path, focus=["ex:hub"])
    try:
        assert visit.eval("window.kg.selected()") == "ex:hub"  # the entity's panel is open
        assert visit.page.locator("#kg-panel section[data-relation='meet with'] li").count() == 100
        labelled = visit.eval("window.kg.labelled()")
        assert "ex:hub" in labelled and len(labelled) <= 1 + 30 + 25
        edge_labels = visit.eval(
            "() => window.network.body.data.edges.get({filter: e => e.label !== ''}).length"
        )
        assert edge_labels == 30  # the edges to the labelled neighbours, not all 100
        visit.check_clean()
    finally:
        visit.close()
