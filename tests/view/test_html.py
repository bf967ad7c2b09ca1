"""Tests for kg.view.html: the offline, XSS-safe HTML graph view (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.model import ENTITY_TYPES
from kg.view.assets import vis_assets
from kg.view.data import vis_data
from kg.view.html import (
    PRELAYOUT_ITERATIONS,
    PRELAYOUT_MAX_NODES,
    STABILIZATION_ITERATIONS,
    render_html,
    vis_options,
    write_html,
)
from tests.view.graphs import HOSTILE, add_entity, add_fact, page_data, parse_page

REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


LOCAL_SCHEMES = ("data:", "blob:", "#")


def test_render_html_requests_nothing_from_the_network(small_graph):
    page = render_html(small_graph, title="Harbour")
    parsed = parse_page(page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "formaction", "poster", "data", "background"):
            value = attrs.get(name)
            if value is not None:
                assert not REMOTE.match(value) or value.startswith(LOCAL_SCHEMES), (tag, attrs)
        assert not (tag == "link" and attrs.get("href")), attrs
        assert tag not in ("iframe", "object", "embed", "img", "base"), tag
    assert [tag for tag, _ in parsed.tags].count("script") == 3
    assert all("src" not in attrs for attrs, _ in parsed.scripts)
    for css in parsed.styles:
        assert "@import" not in css
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
            assert url.startswith("data:"), url
    assert not re.search(r"(?:src|href)\s*=\s*['\"]?\s*(?:https?:)?//", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?\s*(?:https?:)?//", page, re.IGNORECASE)
    csp = [
        a
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_render_html_inlines_vis_network_and_exposes_window_network(small_graph):
    page = render_html(small_graph)
    scripts = [text for attrs, text in parse_page(page).scripts]
    assert any("@version 9.1.2" in text and "vis-network" in text for text in scripts)
    assert len(scripts[0]) > 400_000  # the whole minified library, not a stub
    assert "new vis.Network(" in scripts[-1]
    assert "window.network = network" in scripts[-1]
    assert "vis-tooltip" in "".join(parse_page(page).styles)  # vis-network.css inlined


def test_render_html_embeds_every_node_and_edge(small_graph):
    data = page_data(render_html(small_graph))
    assert len(data["nodes"]) == 5
    assert len(data["edges"]) == 7
    assert {n["id"] for n in data["nodes"]} == set(small_graph.nodes)
    assert sorted((e["from"], e["to"], e["label"]) for e in data["edges"]) == sorted(
        (u, v, a["relation"]) for u, v, a in small_graph.edges(data=True)
    )
    assert data["omitted_nodes"] == data["omitted_edges"] == 0


def test_render_html_heading_summary_and_legend(small_graph):
    page = render_html(small_graph, title="Northgate harbour")
    parsed = parse_page(page)
    assert parsed.h1 == "Northgate harbour"
    assert "<title>Northgate harbour</title>" in page
    assert "5 nodes, 7 edges" in page
    for entity_type in ("Person", "Organization", "Place", "Concept", "Group"):
        assert f'{entity_type} <span class="kg-count">' in page
    assert "left out" not in page


def test_render_html_physics_settles_then_stops(small_graph):
    page = render_html(small_graph)
    options = page_data(page)["options"]
    assert options["physics"]["enabled"] is True
    assert vis_options(150)["physics"]["stabilization"]["iterations"] == STABILIZATION_ITERATIONS
    assert STABILIZATION_ITERATIONS <= 300
    assert 'once("stabilizationIterationsDone"' in page
    assert "setPhysics(false)" in page
    assert (
        page_data(render_html(small_graph, physics=False))["options"]["physics"]["enabled"] is False
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_render_html_escapes_hostile_text(hostile_graph, text):
    page = render_html(hostile_graph, title=text)
    parsed = parse_page(page)
    # Nothing opens or closes an element beyond kg's own three scripts. (vis-network's
    # own code holds one "<script" string; it is checked apart, as shipped by pyvis.)
    vis_js = vis_assets()[0]
    assert page.count(vis_js) == 1
    outside_vis = page.replace(vis_js, "")
    assert len(re.findall(r"<script", outside_vis, re.IGNORECASE)) == 3
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 3
    assert not re.search(r"<!--|<img|<iframe|<a\b|<svg", outside_vis, re.IGNORECASE)
    assert [tag for tag, _ in parsed.tags].count("script") == 3
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    # Raw text with markup characters is nowhere in the page (a lone ' is harmless
    # inside the JSON script element); the escaped forms round-trip exactly.
    if re.search(r"[<>&\"]", text):
        assert text not in page
    assert parsed.h1 == text
    raw = next(t for a, t in parsed.scripts if a.get("id") == "kg-data")
    assert not re.search(r"[<>&]", raw)
    data = json.loads(raw)
    labels = {n["label"] for n in data["nodes"]}
    assert any(text.startswith(label.rstrip("…")) for label in labels)
    node_tip = next(n["title"] for n in data["nodes"] if n["id"] == f"ex:h{HOSTILE.index(text)}")
    assert node_tip.startswith(text + "\n")
    edge = next(e for e in data["edges"] if e["relation"] == text)
    assert f"“{' '.join(text.split())}”" in edge["title"]
    assert f"Document: {text}" in edge["title"]
    assert f"attributed to {text}" in edge["title"]


def test_render_html_tooltips_are_text_nodes_not_html(hostile_graph):
    page = render_html(hostile_graph, title="href")
    own_script = parse_page(page).scripts[-1][1]
    assert "el.textContent = String(text)" in own_script  # kg/templates/explorer.js
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in own_script
    assert "innerHTML" not in parse_page(page).scripts[0][1]  # vis-network shows strings as text


def hub_graph(leaves: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    add_entity(g, "ex:hub", "Hub", "Organization")
    add_entity(g, "ex:second", "Second hub", "Place")
    for i in range(leaves):
        add_entity(g, f"ex:leaf{i:04d}", f"Leaf {i:04d}", "Concept")
        add_fact(g, "ex:hub", "link", f"ex:leaf{i:04d}")
        if i % 2 == 0:
            add_fact(g, "ex:second", "link", f"ex:leaf{i:04d}")
    add_fact(g, "ex:hub", "partner of", "ex:second")
    return g


def test_render_html_keeps_best_connected_nodes_and_reports_the_rest():
    g = hub_graph(20)
    data = vis_data(g, max_nodes=5)
    kept = [n["id"] for n in data["nodes"]]
    assert kept[:2] == ["ex:hub", "ex:second"]
    # Even-numbered leaves (degree 2) beat odd ones (degree 1); ties go by label.
    assert kept[2:] == ["ex:leaf0000", "ex:leaf0002", "ex:leaf0004"]
    assert data["omitted_nodes"] == 17
    assert len(data["edges"]) == 1 + 3 + 3
    assert data["omitted_edges"] == g.number_of_edges() - 7
    page = render_html(g, max_nodes=5, hide_concepts=False)
    assert "Showing the 5 best-connected of 22 nodes: 17 nodes and 24 edges left out." in page
    assert len(page_data(page)["nodes"]) == 5
    # A whole-graph page holds its generic concepts back (the leaves), and says so.
    page = render_html(g, max_nodes=5)
    assert (
        "Showing the 2 best-connected of 22 nodes: 17 nodes and 24 edges left out; "
        "3 generic concepts held back (see Filters)." in page
    )
    assert page_data(page)["concepts_shown"] is False


def test_render_html_rejects_max_nodes_below_one(small_graph):
    with pytest.raises(ValueError, match="max_nodes"):
        render_html(small_graph, max_nodes=0)


def test_render_html_large_graph_is_capped():
    g = hub_graph(3000)
    data = page_data(render_html(g))
    assert len(data["nodes"]) == 500
    assert data["total_nodes"] == 3002
    assert data["options"]["layout"]["improvedLayout"] is False


def test_render_html_empty_graph():
    page = render_html(nx.MultiDiGraph(), title="empty")
    assert page_data(page)["nodes"] == []
    assert "No nodes to show." in page and "0 nodes, 0 edges" in page


def test_write_html_writes_atomically_and_leaves_no_lib_dir(small_graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = write_html(small_graph, Path("views") / "deep" / "graph.html", title="T")
    render_html(small_graph)
    assert target == Path("views/deep/graph.html")
    assert target.read_text(encoding="utf-8") == render_html(small_graph, title="T")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "views",
        "views/deep",
        "views/deep/graph.html",
    ]
    assert not (tmp_path / "lib").exists()
    write_html(small_graph, target, title="again")  # replaces the file
    assert parse_page(target.read_text(encoding="utf-8")).h1 == "again"
    assert len(list(target.parent.iterdir())) == 1


# ---------------------------------------------------------------- views, tools, scale


def test_render_html_has_search_filters_and_physics_button(small_graph):
    page = render_html(small_graph)
    parsed = parse_page(page)
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    assert {"kg-search", "kg-search-button", "kg-names", "kg-physics", "kg-search-status"} <= ids
    filters = [a for t, a in parsed.tags if t == "input" and a.get("class") == "kg-filter"]
    assert sorted(a["value"] or "" for a in filters) == [
        "Concept", "Group", "Organization", "Person", "Place"
    ]  # fmt: skip
    assert all("checked" in a for a in filters)
    assert "<form" not in page  # a sandboxed notebook frame blocks form submission
    own = parsed.scripts[-1][1]
    assert "innerHTML" not in own and "insertAdjacentHTML" not in own
    assert ".textContent = " in own and "option.value = name" in own
    nodes = {n["id"]: n for n in page_data(page)["nodes"]}
    assert nodes["ex:mira"]["names"] == ["Mira Halvorsen", "Halvorsen", "M. Halvorsen"]


def test_render_html_focus_and_note(small_graph):
    page = render_html(small_graph, focus=["ex:town"], max_nodes=2, note="Around <Northgate> & co")
    data = page_data(page)
    assert data["nodes"][0]["id"] == "ex:town"  # kept although least connected
    assert data["focus"] == ["ex:town"] and data["nodes"][0]["borderWidth"] == 4.0
    assert "borderWidth" not in data["nodes"][1]
    assert '<p id="kg-view">Around &lt;Northgate&gt; &amp; co</p>' in page
    assert "Thick border: the entity asked for." in page
    assert "Thick border" not in render_html(small_graph)
    assert vis_data(small_graph)["rank"] == "degree"


def test_render_html_small_views_start_from_kg_layout(small_graph):
    data = page_data(render_html(small_graph))
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["options"]["physics"]["stabilization"]["iterations"] == PRELAYOUT_ITERATIONS
    big = page_data(render_html(hub_graph(PRELAYOUT_MAX_NODES + 10), max_nodes=10_000))
    assert "x" not in big["nodes"][0]
    assert big["options"]["physics"]["stabilization"]["iterations"] > PRELAYOUT_ITERATIONS


def test_vis_options_scale_down_for_big_views():
    small, big = vis_options(50), vis_options(2000)
    assert small["physics"]["solver"] == "forceAtlas2Based"
    assert big["physics"]["solver"] == "barnesHut"
    assert big["physics"]["stabilization"]["iterations"] == 50
    assert big["edges"]["smooth"]["enabled"] is False and small["edges"]["smooth"]["enabled"]


def _random_graph(nodes: int, edges: int) -> nx.MultiDiGraph:
    import random

    rnd = random.Random(5)
    g = nx.MultiDiGraph()
    for i in range(nodes):
        add_entity(g, f"ex:n{i}", f"Entity {i}", ENTITY_TYPES[i % len(ENTITY_TYPES)], f"E{i}")
    for _ in range(edges):
        u, v = f"ex:n{int(nodes * rnd.random() ** 2)}", f"ex:n{rnd.randrange(nodes)}"
        g.add_edge(u, v, relation="link", confidence=0.5, sentence="S.", doc="d.txt")
    return g


def test_render_html_scales_linearly_to_10k_nodes():
    """10,000 nodes and 30,000 edges, all drawn, with work ~linear in the graph's size.

    The work is counted as Python function calls (deterministic, unlike seconds on a
    shared machine): 10x the data takes about 10x the calls; a quadratic step, ~100x.
    """
    import cProfile
    import pstats

    small, big = _random_graph(1_000, 3_000), _random_graph(10_000, 30_000)
    calls = []
    for graph in (small, big):
        profile = cProfile.Profile()
        profile.enable()
        page = render_html(graph, max_nodes=graph.number_of_nodes())
        profile.disable()
        calls.append(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]
    data = page_data(page)
    assert len(data["nodes"]) == 10_000 and len(data["edges"]) == 30_000
    ratio = calls[1] / calls[0]
    print(f"\nrender_html calls: 1k/3k {calls[0]:,}, 10k/30k {calls[1]:,}, ratio {ratio:.1f}")
    assert ratio < 20


def test_render_html_big_views_use_the_bundled_sigma_renderer(small_graph):
    import importlib.resources

    static = importlib.resources.files("kg") / "view" / "static" / "vendor"
    licences = (static / "LICENSES").read_text("utf-8")
    assert "==== sigma 3.0.3 ====" in licences and "==== graphology 0.26.0 ====" in licences
    page = render_html(small_graph, renderer="sigma")
    parsed = parse_page(page)
    assert "window.KgSigma" in page and "t.Network=" not in page  # no vis-network inlined
    assert not [a for t, a in parsed.tags if a.get("src") or a.get("href")]  # nothing to load
    assert "kg-physics" not in {a.get("id") for _, a in parsed.tags}  # no physics in WebGL
    data = page_data(page)
    assert data["renderer"] == "sigma"
    assert all(isinstance(n["x"], float) and "title" not in n for n in data["nodes"])
    assert page_data(render_html(small_graph))["renderer"] == "vis"  # small: vis-network
    with pytest.raises(ValueError, match="renderer"):
        render_html(small_graph, renderer="canvas")


def test_render_html_holds_hedged_edges_and_a_reserve_for_expand(small_graph):
    data = page_data(render_html(small_graph, max_nodes=2))
    assert [n["id"] for n in data["nodes"]] == ["ex:port", "ex:union"]
    assert {n["id"] for n in data["reserve_nodes"]} == {"ex:mira", "ex:town", "ex:plan"}
    assert {e["relation"] for e in data["edges"]} == {"strike", "meet with", "reply to"}
    assert {e["relation"] for e in data["reserve_edges"]} == {
        "chief executive of", "based in", "announce", "oppose"
    }  # fmt: skip
    strike = next(e for e in data["edges"] if e["relation"] == "strike")
    assert strike["asserted"] is False and strike["status"] == "hedged (may)"
    assert page_data(render_html(small_graph, max_nodes=2, reserve=0))["reserve_nodes"] == []
