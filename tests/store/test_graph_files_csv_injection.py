"""CSV exports never hand a spreadsheet a formula: cells that start like one get a quote."""

from __future__ import annotations

import csv

import networkx as nx
import pytest

from kg.model import DocumentGraph, Entity, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.graph_files import export_graph, spreadsheet_safe

PAYLOADS = [
    '=HYPERLINK("http://127.0.0.1/x?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",
]


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_formula_cells_are_neutralised_in_nodes_and_edges(tmp_path, payload):
    triple = Triple(payload, payload, "Bob", "Person", "Person", attribution=payload,
                    sentence=payload, time_text=payload)  # fmt: skip
    entities = {(payload, "Person"): Entity(payload, "Person", aliases={payload + " alias"})}
    graph = DocumentGraph(payload, "", [triple], entities)
    with KnowledgeGraph.open() as store:
        store.add(graph)
        nodes_path, edges_path = export_graph(store, tmp_path / "g.csv", include_hedged=True)
    cells = [v for row in _rows(nodes_path) + _rows(edges_path) for v in row.values() if v]
    assert cells
    for cell in cells:
        first = cell.lstrip(" ")[:1]
        assert first not in "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20", repr(cell)


def test_csv_plain_cells_and_numbers_are_unchanged(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("e:ann", label="Ann", type="Person", aliases=[])
    g.add_node("e:bob", label="Bob", type="Person", aliases=[])
    g.add_edge("e:ann", "e:bob", key="s:1", relation="meet", confidence=0.9, time="1932")
    nodes, edges = export_graph(g, tmp_path / "g.csv")
    assert [r["label"] for r in _rows(nodes)] == ["Ann", "Bob"]
    (edge,) = _rows(edges)
    assert (edge["label"], edge["weight"], edge["time"]) == ("meet", "0.9", "1932")


def test_csv_spreadsheet_safe_quotes_only_formula_starts():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("Anna = Berg") == "Anna = Berg"
    assert spreadsheet_safe("e-mail") == "e-mail"
