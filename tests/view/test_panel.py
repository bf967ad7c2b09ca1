"""The explorer's panel data: mention marks, facts and node fields, reserve and concepts."""

from __future__ import annotations

import networkx as nx

from kg.view.data import vis_data
from kg.view.panel import mention_marks
from tests.view.graphs import add_entity, add_fact


def test_mention_marks_case_insensitive_longest_first_whole_words():
    sentence = "halvorsen met the NPA; Mira Halvorsen left Northgate Port Authority."
    marks = mention_marks(
        sentence, ["Mira Halvorsen", "Halvorsen"], ["NPA", "Northgate Port Authority", "Port"]
    )
    assert [(sentence[a:b], role) for a, b, role in marks] == [
        ("halvorsen", "s"), ("NPA", "o"), ("Mira Halvorsen", "s"), ("Northgate Port Authority", "o")
    ]  # fmt: skip
    assert mention_marks("Portland", ["Port"]) == []  # not inside a word


def test_vis_data_edges_carry_the_panel_fields(small_graph):
    edge = next(e for e in vis_data(small_graph)["edges"] if e["relation"] == "announce")
    assert edge["sentence"] == "Halvorsen announced the plan."
    assert [edge["sentence"][a:b] for a, b, _ in edge["marks"]] == ["Halvorsen"]
    assert edge["doc"] == "notes/harbour.txt" and edge["status"] == "asserted"
    mira = next(n for n in vis_data(small_graph)["nodes"] if n["id"] == "ex:mira")
    assert mira["aliases"] == ["Halvorsen", "M. Halvorsen"] and mira["docs"] == [
        "notes/harbour.txt"
    ]


def test_vis_data_hides_concepts_from_ranked_views_and_holds_a_reserve():
    g = nx.MultiDiGraph()
    add_entity(g, "ex:work", "work", "Concept")
    for i in range(6):
        add_entity(g, f"ex:p{i}", f"Person {i}", "Person")
        add_fact(g, f"ex:p{i}", "do", "ex:work")
    add_fact(g, "ex:p0", "know", "ex:p1")
    plain = vis_data(g, max_nodes=2)
    assert [n["id"] for n in plain["nodes"]] == ["ex:work", "ex:p0"]
    data = vis_data(g, max_nodes=2, hide_concepts=True, reserve=10)
    assert [n["id"] for n in data["nodes"]] == ["ex:p0", "ex:p1", "ex:work"]
    assert data["concepts_shown"] is False
    # The neighbours of drawn nodes (the concept too) wait in reserve, best-connected first.
    assert [n["id"] for n in data["reserve_nodes"]] == ["ex:p2", "ex:p3", "ex:p4", "ex:p5"]
    assert len(data["reserve_edges"]) == 4
    data = vis_data(g, max_nodes=1, hide_concepts=True, reserve=2)
    assert [n["id"] for n in data["nodes"]] == ["ex:p0", "ex:work"]
    assert [n["id"] for n in data["reserve_nodes"]] == ["ex:p1", "ex:p2"]
    assert data["nodes"][0]["neighbours"] == 2 and data["nodes"][1]["neighbours"] == 6
