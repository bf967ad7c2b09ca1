"""The HTML graph view in a real browser: offline, no console errors, no script injection.

Drives Debian's Chromium (``/usr/bin/chromium``) with the ``playwright`` package
(dev extra); Playwright's own browser downloads are never used. When Chromium is
missing, the module installs it with apt-get (about 20 s here) or fails loudly.
A screenshot is saved to ``out/test-artifacts/render.png`` for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.store.network import to_networkx
from kg.view import draw
from kg.view.html import write_html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts"
#: Milliseconds a page may take to lay out and freeze the graph (a 2,000-node one: more).
STABLE_TIMEOUT_MS = 20_000
BIG_STABLE_TIMEOUT_MS = 120_000

HOSTILE_TITLE = "<script>alert('title')</script> href"
HOSTILE_LABELS = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '<b onmouseover=alert(3)>bold</b> & "quoted"',
)


def _ensure_chromium() -> str:
    """Path of Debian's Chromium, installing the package when it is missing."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        pytest.fail(
            f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get): "
            "run `apt-get install -y chromium`",
            pytrace=False,
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [apt, "install", "-y", "--no-install-recommends", "chromium"]
    result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:  # stale or missing package lists: update once, retry
        subprocess.run([apt, "update"], env=env, capture_output=True, check=False)
        result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not CHROMIUM.exists():
        pytest.fail(
            f"could not install chromium with apt-get:\n{result.stdout[-2000:]}{result.stderr}",
            pytrace=False,
        )
    return str(CHROMIUM)


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


class Visit:
    """One page load, with every request, console message, error and dialog recorded."""

    def __init__(self, browser: Any, path: Path, *, timeout_ms: int = STABLE_TIMEOUT_MS) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: self.console.append((msg.type, msg.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-kg-stable=true]", timeout=timeout_ms)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url == self.url or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def eval(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node; return the tooltip's visible text."""
        point = self.eval(
            "id => window.network.canvasToDOM(window.network.getPositions([id])[id])", node_id
        )
        return self._hover(point)

    def hover_edge(self, edge_id: str) -> str:
        """Move the mouse onto the middle of an edge's curve; return the tooltip text."""
        point = self.eval(
            "id => window.network.canvasToDOM("
            "window.network.body.edges[id].edgeType.getPoint(0.5))",
            edge_id,
        )
        return self._hover(point)

    def _hover(self, point: dict[str, float]) -> str:
        box = self.page.locator("#kg-network").bounding_box()
        self.page.mouse.move(0, 0)
        self.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        text: str = tooltip.inner_text()
        return text

    def check_clean(self) -> None:
        """Nothing left the file, nothing went wrong, nothing popped up."""
        assert all(u == self.url or u.startswith(("data:", "blob:")) for u in self.requests), (
            self.requests
        )
        assert self.blocked == []
        assert [m for m in self.console if m[0] in ("error", "warning")] == []
        assert self.errors == []
        assert self.dialogs == []

    def close(self) -> None:
        self.context.close()


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
        assert visit.eval(hidden) == []
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


# ---------------------------------------------------------------- through the store


HOSTILE_ORG = '<script>alert(1)</script> & "Co"'
HOSTILE_PERSON = "Ann <img src=x onerror=alert(2)> O'Hara"
HOSTILE_SENTENCE = (
    f"{HOSTILE_PERSON} runs {HOSTILE_ORG}, says <a href='javascript:alert(3)'>this</a> "
    "&amp; </script><script>alert(4)</script>."
)


def test_render_browser_hostile_document_through_the_store(browser, tmp_path):
    from kg.model import DocumentGraph, Entity, Triple
    from kg.store.graph import KnowledgeGraph

    triples = [
        Triple(HOSTILE_PERSON, "chief executive of", HOSTILE_ORG, "Person", "Organization",
               confidence=0.9, sentence=HOSTILE_SENTENCE),
        Triple(HOSTILE_ORG, "<i>href</i>", "Bob & Co", "Organization", "Organization",
               attribution="</script>\"'", sentence=HOSTILE_SENTENCE),
    ]  # fmt: skip
    entities = {
        (HOSTILE_ORG, "Organization"): Entity(HOSTILE_ORG, "Organization", {"<b>Co</b>"}),
        (HOSTILE_PERSON, "Person"): Entity(HOSTILE_PERSON, "Person"),
        ("Bob & Co", "Organization"): Entity("Bob & Co", "Organization"),
    }
    doc_id = "<iframe src=javascript:alert(5)>.txt"
    with KnowledgeGraph.open() as store:
        store.add(DocumentGraph(doc_id, HOSTILE_SENTENCE, triples, entities))
        path = draw(store, tmp_path / "hostile.html", title=HOSTILE_ORG)
        ids = {d["label"]: n for n, d in to_networkx(store).nodes(data=True)}
    visit = Visit(browser, path)
    try:
        assert visit.eval("window.network.body.data.nodes.length") == 3
        assert visit.eval("window.network.body.data.edges.length") == 2
        assert visit.page.locator("#kg-title").inner_text() == HOSTILE_ORG
        tip = visit.hover_node(ids[HOSTILE_ORG])
        assert tip.startswith(f"{HOSTILE_ORG}\nType: Organization\nAlso known as: <b>Co</b>")
        edge_id = visit.eval(
            "() => window.network.body.data.edges.get({filter: e => e.relation === "
            "'chief executive of'})[0].id"
        )
        edge_tip = visit.hover_edge(edge_id)
        assert f"{HOSTILE_PERSON} — chief executive of → {HOSTILE_ORG}" in edge_tip
        assert f"“{HOSTILE_SENTENCE}”" in edge_tip
        assert f"Document: {doc_id}" in edge_tip
        visit.page.locator("#kg-search").fill("<b>co</b>")  # the hostile alias
        visit.page.locator("#kg-search").press("Enter")
        assert visit.eval("window.network.getSelectedNodes()") == [ids[HOSTILE_ORG]]
        assert visit.page.locator("#kg-search-status").inner_text() == f"Found: {HOSTILE_ORG}"
        visit.page.wait_for_timeout(300)  # give any injected handler time to fire
        counts = visit.eval(
            "['script', 'img', 'a', 'iframe', 'b', 'i']"
            ".map(t => document.getElementsByTagName(t).length)"
        )
        assert counts == [3, 0, 0, 0, 0, 0]
        visit.check_clean()
    finally:
        visit.close()


# ---------------------------------------------------------------- scale


def test_render_browser_2000_node_view_settles(browser, tmp_path):
    import random

    rnd = random.Random(3)
    g = nx.MultiDiGraph()
    types = ("Person", "Organization", "Place", "Concept", "Event")
    for i in range(2000):
        g.add_node(f"ex:n{i}", label=f"Entity {i}", type=types[i % 5], aliases=[], iri="")
    for _ in range(6000):
        u, v = f"ex:n{int(2000 * rnd.random() ** 2)}", f"ex:n{rnd.randrange(2000)}"
        g.add_edge(u, v, relation="link", confidence=0.6, sentence="S.", doc="d.txt")
    path = write_html(g, tmp_path / "big.html", max_nodes=2000)
    # Time is reported, not asserted: this machine is shared, its timings are noise.
    visit = Visit(browser, path, timeout_ms=BIG_STABLE_TIMEOUT_MS)
    try:
        assert visit.eval("window.network.body.data.nodes.length") == 2000
        assert visit.eval("window.network.body.data.edges.length") == 6000
        stable_ms = int(visit.eval("document.body.dataset.kgStableMs"))
        print(f"\n2,000 nodes / 6,000 edges: drawn and still {stable_ms} ms after navigation")
        assert visit.eval("window.network.physics.options.enabled") is False
        # Usable: the search box finds a node and focuses it.
        visit.page.locator("#kg-search").fill("Entity 1999")
        visit.page.locator("#kg-search").press("Enter")
        assert visit.eval("window.network.getSelectedNodes()") == ["ex:n1999"]
        visit.check_clean()
    finally:
        visit.close()


# ---------------------------------------------------------------- the seed article


SEED = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed"
SAMPLE = Path(__file__).resolve().parents[2] / "kg" / "samples" / "harbour-authority.txt"


@pytest.mark.model
def test_render_browser_seed_article_view(browser, tmp_path):
    """The seed article's graph (the shipped sample when ../shared is absent), for a look."""
    import kg
    from kg.view.data import vis_data

    seeds = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    source = seeds[0] if seeds else SAMPLE
    graph = kg.build([str(source)], store=None)
    try:
        path = draw(graph, tmp_path / "seed.html", title="Seed article")
        expected = vis_data(to_networkx(graph, include_hedged=True))
    finally:
        graph.close()
    visit = Visit(browser, path)
    try:
        assert visit.eval("window.network.body.data.nodes.length") == len(expected["nodes"]) > 10
        assert visit.eval("window.network.body.data.edges.length") == len(expected["edges"])
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / "seed-view.png"))
        visit.check_clean()
    finally:
        visit.close()
