"""kg.view.data: a networkx graph as plain vis-network data (styles, edges, caps)."""

from __future__ import annotations

import networkx as nx

from kg.model import ENTITY_TYPES
from kg.view.data import NODE_STYLES, OTHER_STYLE, node_size, vis_data
from kg.view.html import (
    render_html,
)
from tests.view.graphs import page_data


def test_vis_data_styles_nodes_by_class_and_degree(small_graph):
    nodes = {n["id"]: n for n in vis_data(small_graph)["nodes"]}
    assert nodes["ex:mira"]["color"]["background"] == NODE_STYLES["Person"][0]
    assert nodes["ex:port"]["shape"] == NODE_STYLES["Organization"][1]
    assert nodes["ex:port"]["degree"] == 5 and nodes["ex:town"]["degree"] == 1
    assert nodes["ex:port"]["size"] > nodes["ex:mira"]["size"] > nodes["ex:town"]["size"]
    assert "Also known as: Halvorsen, M. Halvorsen" in nodes["ex:mira"]["title"]
    assert "Connections: 2" in nodes["ex:mira"]["title"]


def test_vis_data_every_entity_type_has_a_distinct_style():
    assert set(NODE_STYLES) == set(ENTITY_TYPES)
    assert len(set(NODE_STYLES.values())) == len(NODE_STYLES)
    assert OTHER_STYLE not in NODE_STYLES.values()
    assert node_size(0) < node_size(1) < node_size(9) <= node_size(10**6)


def test_vis_data_edges_carry_provenance_and_status(small_graph):
    edges = {e["relation"]: e for e in vis_data(small_graph)["edges"]}
    chief = edges["chief executive of"]
    assert chief["title"].splitlines() == [
        "Mira Halvorsen — chief executive of → Northgate Port Authority",
        "“Mira Halvorsen did chief executive of Northgate Port Authority.”",
        "Document: notes/harbour.txt",
        "Confidence: 0.93",
        "Status: asserted",
    ]
    assert chief["dashes"] is False and chief["width"] > edges["strike"]["width"]
    assert edges["oppose"]["dashes"] is True and "Status: negated" in edges["oppose"]["title"]
    assert "Status: hedged (may)" in edges["strike"]["title"]


def test_vis_data_parallel_edges_get_separate_curves(small_graph):
    edges = vis_data(small_graph)["edges"]
    between = [e for e in edges if {e["from"], e["to"]} == {"ex:union", "ex:port"}]
    assert len(between) == 3
    curves = {(e["from"], e["smooth"]["roundness"]) for e in between}
    assert len(curves) == 3  # no two parallel edges drawn on top of each other
    single = next(e for e in edges if e["relation"] == "based in")
    assert "smooth" not in single


def test_vis_data_tolerates_missing_and_odd_attributes():
    g = nx.MultiDiGraph()
    g.add_node("http://example.org/kg/entity/bare-1234")
    g.add_node("ex:b", label="B", type="Spaceship")
    g.add_edge("http://example.org/kg/entity/bare-1234", "ex:b", confidence=float("nan"))
    g.add_edge("ex:b", "ex:b", relation="self")
    data = vis_data(g)
    bare = data["nodes"][0] if data["nodes"][0]["label"] != "B" else data["nodes"][1]
    assert bare["label"] == "bare-1234"
    assert {e["type"]: e["color"] for e in data["legend"]}["Spaceship"] == OTHER_STYLE[0]
    assert "Confidence" not in data["edges"][0]["title"]
    page = render_html(g)  # NaN never reaches the JSON
    assert len(page_data(page)["edges"]) == 2


def test_views_vis_data_caps_by_pagerank_and_says_so():
    g = nx.MultiDiGraph()
    for i in range(10):
        g.add_edge("hub", f"leaf{i}")
    g.add_edge("a", "b")
    data = vis_data(g, max_nodes=3, rank="pagerank")
    assert data["nodes"][0]["id"] == "hub"
    assert data["rank"] == "pagerank" and data["omitted_nodes"] == 10
    page = render_html(g, max_nodes=3, rank="pagerank")
    assert "Showing the 3 highest-PageRank of 13 nodes" in page
