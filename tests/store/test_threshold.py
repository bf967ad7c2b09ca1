"""``min_confidence``: statements below it are left out of exports, drawings and builds."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

import kg
from kg.errors import KGError
from kg.model import DocumentGraph, Triple
from kg.query import SelectResult
from kg.store.graph import KnowledgeGraph

KG_NS = "https://kg.example.org/ontology#"
TRIPLES = [
    Triple("Ann Ek", "meet", "Bo Li", "Person", "Person", confidence=0.9),
    Triple("Ann Ek", "hire", "Cy Ho", "Person", "Person", confidence=0.4),
    Triple("Bo Li", "praise", "Cy Ho", "Person", "Person", confidence=0.7, modality="may"),
]


@pytest.fixture
def graph() -> KnowledgeGraph:
    store = KnowledgeGraph.open()
    store.add(DocumentGraph("d1", "Ann Ek met Bo Li. Ann Ek hired Cy Ho.", TRIPLES))
    return store


def _quads(path: Path, fmt: str) -> list[ox.Quad]:
    formats = {"trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES}
    return list(ox.parse(path=path, format=formats[fmt]))


def _statements(path: Path, fmt: str) -> list[tuple[str, float]]:
    """(statement IRI, confidence) of every statement in the file."""
    quads = _quads(path, fmt)
    return [
        (str(q.subject), float(q.object.value))
        for q in quads
        if q.predicate.value == KG_NS + "confidence" and isinstance(q.object, ox.Literal)
    ]


def _relations(path: Path, fmt: str) -> set[str]:
    """The local names of the relation properties used in direct triples."""
    return {
        q.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        for q in _quads(path, fmt)
        if "/relation" in q.predicate.value
    }


@pytest.mark.parametrize("fmt, suffix", [("trig", ".trig"), ("nt", ".nt")])
def test_threshold_export_rdf_leaves_out_statements_below(
    graph: KnowledgeGraph, tmp_path: Path, fmt: str, suffix: str
) -> None:
    everything, confident = tmp_path / f"all{suffix}", tmp_path / f"sure{suffix}"
    graph.export(everything)
    graph.export(confident, min_confidence=0.5)
    assert sorted(c for _, c in _statements(everything, fmt)) == [0.4, 0.7, 0.9]
    assert sorted(c for _, c in _statements(confident, fmt)) == [0.7, 0.9]
    # the direct triple of the asserted statement below goes too; the others stay
    assert _relations(everything, fmt) >= {"meet", "hire"}
    assert "hire" not in _relations(confident, fmt)
    assert "meet" in _relations(confident, fmt)
    assert not any(str(s).endswith("hire") for s in _statements(confident, fmt))


def test_threshold_export_keeps_a_direct_triple_another_statement_states(
    tmp_path: Path,
) -> None:
    store = KnowledgeGraph.open()
    store.add(DocumentGraph("d1", "Ann Ek met Bo Li. Ann Ek met Bo Li again.", [
        Triple("Ann Ek", "meet", "Bo Li", "Person", "Person", confidence=0.9, sentence_start=0),
        Triple("Ann Ek", "meet", "Bo Li", "Person", "Person", confidence=0.3, sentence_start=18),
    ]))  # fmt: skip
    store.export(tmp_path / "sure.trig", min_confidence=0.5)
    assert "meet" in _relations(tmp_path / "sure.trig", "trig")
    assert [c for _, c in _statements(tmp_path / "sure.trig", "trig")] == [0.9]


def test_threshold_export_graph_format(graph: KnowledgeGraph, tmp_path: Path) -> None:
    graph.export(tmp_path / "sure.graphml", min_confidence=0.5)
    edges = nx.read_graphml(tmp_path / "sure.graphml").edges(data=True)
    assert sorted(d["label"] for *_, d in edges) == ["meet"]  # graph tools: asserted only


def test_threshold_zero_exports_the_same(graph: KnowledgeGraph, tmp_path: Path) -> None:
    graph.export(tmp_path / "a.nq")
    graph.export(tmp_path / "b.nq", min_confidence=0.0)
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()


def test_threshold_draw_leaves_out_statements_and_their_lone_entities(
    graph: KnowledgeGraph, tmp_path: Path
) -> None:
    from kg.view.drawing import network_of

    everything, sure = network_of(graph), network_of(graph, min_confidence=0.8)
    assert {d["relation"] for *_, d in everything.edges(data=True)} == {"meet", "hire", "praise"}
    assert [d["relation"] for *_, d in sure.edges(data=True)] == ["meet"]
    assert {sure.nodes[n]["label"] for n in sure} == {"Ann Ek", "Bo Li"}
    page = kg.draw(graph, tmp_path / "sure.html", min_confidence=0.8)
    assert "Cy Ho" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_threshold_rejects_values_outside_zero_to_one(
    graph: KnowledgeGraph, tmp_path: Path, bad: float
) -> None:
    message = r"invalid min_confidence .*; expected a number from 0 to 1"
    with pytest.raises(KGError, match=message):
        graph.export(tmp_path / "x.trig", min_confidence=bad)
    with pytest.raises(KGError, match=message):
        kg.draw(graph, tmp_path / "x.html", min_confidence=bad)
    with pytest.raises(KGError, match=message):
        kg.build(texts=["Ann Ek met Bo Li."], min_confidence=bad)


def test_threshold_build_rejects_dask() -> None:
    with pytest.raises(KGError, match="not supported by the dask executor"):
        kg.build(texts=["Ann Ek met Bo Li."], executor="dask", min_confidence=0.5)


@pytest.mark.model
def _confidences(graph: KnowledgeGraph) -> list[float]:
    result = graph.query("SELECT ?c WHERE { ?s kg:confidence ?c }")
    assert isinstance(result, SelectResult)
    return sorted(float(str(row["c"])) for row in result.bindings())


def test_threshold_build_stores_only_statements_at_or_above() -> None:
    text = "Ann Ek met Bo Li in Oslo. Bo Li may have hired Cy Ho. Cy Ho founded Veloria in 2001."
    everything = kg.build(texts=[text])
    confidences = _confidences(everything)
    assert len(confidences) >= 3
    threshold = confidences[len(confidences) // 2]
    sure = kg.build(texts=[text], min_confidence=threshold)
    kept = _confidences(sure)
    assert kept and all(c >= threshold for c in kept)
    assert len(kept) == sum(c >= threshold for c in confidences)
