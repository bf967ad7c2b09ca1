"""The HTML graph view in a real browser, drawn from a store: hostile text, 2,000 nodes, seed."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.store.network import to_networkx
from kg.view import draw
from kg.view.html import write_html
from tests.view.browsing import (
    ARTIFACTS,
    BIG_STABLE_TIMEOUT_MS,
    Visit,
    check_clean_webgl,
)

pytestmark = pytest.mark.browser


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


def test_render_browser_2000_node_view_is_drawn_by_sigma_and_usable(browser, tmp_path):
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
        assert visit.eval("window.kg.renderer") == "sigma"  # big: WebGL
        assert len(visit.eval("window.kg.drawn()")) == 2000
        stable_ms = int(visit.eval("document.body.dataset.kgStableMs"))
        print(f"\n2,000 nodes / 6,000 edges: drawn and still {stable_ms} ms after navigation")
        visit.page.locator("#kg-concepts").check()  # a fifth of them are concepts
        shown = visit.eval("window.kg.shown()")
        assert len(shown["nodes"]) == 2000 and len(shown["edges"]) == 6000
        # Usable: the search box finds a node and opens its panel.
        visit.page.locator("#kg-search").fill("Entity 1999")
        visit.page.locator("#kg-search").press("Enter")
        assert visit.eval("window.kg.selected()") == "ex:n1999"
        assert visit.page.locator("#kg-panel h2").inner_text() == "Entity 1999"
        check_clean_webgl(visit)
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
