"""kg.store.graph_files: GraphML, GEXF and CSV tables for graph tools, read back with networkx."""

from __future__ import annotations

import csv
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import FormatError
from kg.model import DocumentGraph, Entity, Triple
from kg.store.formats import csv_paths, output_paths
from kg.store.graph import KnowledgeGraph
from kg.store.graph_files import EDGE_COLUMNS, NODE_COLUMNS, export_graph
from kg.store.network import to_networkx

SENTENCE = 'Anna Berg, "the boss", met Karl Tamm;\nthen left.'


def _document() -> DocumentGraph:
    return DocumentGraph(
        "d1",
        SENTENCE,
        [
            Triple(
                "Anna Berg",
                "meet",
                "Karl Tamm",
                "Person",
                "Person",
                confidence=0.8,
                sentence=SENTENCE,
                sentence_end=len(SENTENCE),
            ),
            Triple(
                "Anna Berg",
                "chief executive of",
                "Nordvik Shipping",
                "Person",
                "Organization",
                confidence=0.7,
            ),
            Triple("Karl Tamm", "sell", "port", "Person", "Concept", polarity="negative"),
        ],
        entities={
            ("Anna Berg", "Person"): Entity("Anna Berg", "Person", {"Berg", "Anna"}),
        },
    )


@pytest.fixture
def graph():
    with KnowledgeGraph.open() as store:
        store.add(_document())
        yield store


def _by_label(g: nx.Graph) -> dict[str, dict[str, Any]]:
    return {data["label"]: data for _, data in g.nodes(data=True)}


def _edges(g: nx.Graph) -> set[tuple[str, str, str]]:
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    return {(labels[u], d["label"], labels[v]) for u, v, d in g.edges(data=True)}


FACTS = {
    ("Anna Berg", "meet", "Karl Tamm"),
    ("Anna Berg", "chief executive of", "Nordvik Shipping"),
}


def test_formats_graphml_round_trips_nodes_edges_and_attributes(graph, tmp_path):
    (path,) = export_graph(graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    nodes = _by_label(back)
    assert nodes["Anna Berg"]["class"] == "Person"
    assert nodes["Nordvik Shipping"]["class"] == "Organization"
    assert nodes["Anna Berg"]["aliases"] == "Anna; Berg"
    assert nodes["Anna Berg"]["iri"].startswith("https://kg.example.org/entity/anna-berg")
    assert _edges(back) == FACTS  # the negated claim is not a fact
    meet = next(d for *_, d in back.edges(data=True) if d["label"] == "meet")
    assert meet["weight"] == pytest.approx(0.8)
    assert meet["asserted"] is True
    assert meet["sentence"] == SENTENCE
    assert meet["doc"] == "d1"
    assert meet["relation_iri"].endswith("/relation/meet")


def test_formats_gexf_round_trips_with_labels_and_classes(graph, tmp_path):
    (path,) = export_graph(graph, tmp_path / "g.gexf")
    assert "gexf" in path.read_text(encoding="utf-8")[:300]
    back = nx.read_gexf(path)
    nodes = _by_label(back)
    assert {"Anna Berg", "Karl Tamm", "Nordvik Shipping"} <= set(nodes)
    assert nodes["Karl Tamm"]["class"] == "Person"
    assert _edges(back) == FACTS
    ids = {d["id"] for *_, d in back.edges(data=True)}
    assert len(ids) == 2 and all("/statement/" in i for i in ids), ids


def test_formats_hedged_statements_only_when_asked(graph, tmp_path):
    (path,) = export_graph(graph, tmp_path / "all.graphml", include_hedged=True)
    back = nx.read_graphml(path, force_multigraph=True)
    assert ("Karl Tamm", "sell", "port") in _edges(back)
    sell = next(d for *_, d in back.edges(data=True) if d["label"] == "sell")
    assert sell["asserted"] is False and sell["polarity"] == "negative"


def test_formats_csv_writes_a_node_table_and_an_edge_table(graph, tmp_path):
    nodes_path, edges_path = export_graph(graph, tmp_path / "out.csv")
    assert (nodes_path.name, edges_path.name) == ("out.nodes.csv", "out.edges.csv")
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with edges_path.open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    by_id = {n["id"]: n for n in nodes}
    # Every entity is a node, also "port", which only the negated claim names.
    assert {n["label"] for n in nodes} == {"Anna Berg", "Karl Tamm", "Nordvik Shipping", "port"}
    triples = {
        (by_id[e["source"]]["label"], e["label"], by_id[e["target"]]["label"]) for e in edges
    }
    assert triples == FACTS
    meet = next(e for e in edges if e["label"] == "meet")
    assert meet["sentence"] == SENTENCE  # quotes, commas and the newline survive
    assert meet["asserted"] == "true" and meet["modality"] == ""
    # The tables load into networkx as an edge list.
    g = nx.from_edgelist([(e["source"], e["target"]) for e in edges], create_using=nx.DiGraph)
    assert g.number_of_edges() == 2


def test_formats_csv_into_a_directory(graph, tmp_path):
    target = tmp_path / "tables"
    target.mkdir()
    written = export_graph(graph, target, format="csv")
    assert written == [target / "nodes.csv", target / "edges.csv"]
    assert csv_paths(tmp_path / "new-dir") == (
        tmp_path / "new-dir" / "nodes.csv",
        tmp_path / "new-dir" / "edges.csv",
    )


def test_formats_networkx_input_and_bad_format(graph, tmp_path):
    view = to_networkx(graph)
    (path,) = export_graph(view, tmp_path / "g.xml", format="graphml")
    assert nx.read_graphml(path).number_of_nodes() == view.number_of_nodes()
    with pytest.raises(FormatError, match="graph format"):
        export_graph(graph, tmp_path / "g.png")
    with pytest.raises(FormatError):
        export_graph(graph, tmp_path / "g.gexf", format="dot")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("g.graphml", ["g.graphml"]),
        ("g.gexf", ["g.gexf"]),
        ("g.csv", ["g.edges.csv", "g.nodes.csv"]),
    ],
)
def test_formats_cli_export(tmp_path, name, expected):
    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as store:
        store.add(_document())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--store", str(location), "-o", str(out / name)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == expected
    assert "Wrote" in result.output


def test_formats_cli_export_with_explicit_format(tmp_path):
    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as store:
        store.add(_document())
    out = tmp_path / "graph.xml"
    args = ["export", "--store", str(location), "-o", str(out), "--format", "gexf"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).number_of_edges() == 2


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".csv"])
def test_formats_store_export_writes_the_graph_tool_formats(graph, tmp_path, suffix):
    written = graph.export(tmp_path / f"a{suffix}")
    expected = export_graph(graph, tmp_path / f"b{suffix}")
    assert written == output_paths(tmp_path / f"a{suffix}")[0] and written.is_file()
    for mine, theirs in zip(output_paths(written if suffix != ".csv" else tmp_path / "a.csv"),
                            expected, strict=True):  # fmt: skip
        assert mine.read_bytes() == theirs.read_bytes()
