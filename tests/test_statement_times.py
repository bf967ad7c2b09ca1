"""Times on statements, and statements without an object, through every consumer.

"The Aalto Stadium opened in 1932" is a statement "open" about the stadium
whose time is 1932: RDF without rdf:object and without a direct triple; in the
networkx view an event of its subject node, not an edge; in exports, views,
tooltips and ``kg extract`` with its time.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, datetime

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.errors import FormatError
from kg.model import DocumentGraph, Triple
from kg.rdf.namespaces import KG
from kg.rdf.quads import document_graph, document_quads
from kg.rdf.terms import entity_iri, relation_iri, time_literal
from kg.store.graph import KnowledgeGraph
from kg.store.graph_files import export_graph
from kg.store.network import event_text, to_networkx
from kg.store.validate import validate
from kg.view.data import vis_data
from kg.view.html import render_html
from kg.view.select import document_view
from tests.docgraphs import select_rows, timed_doc

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
STADIUM = str(entity_iri("Aalto Stadium", "Place"))
KESTREL = str(entity_iri("Kestrel Group", "Organization"))
OFFICE = str(entity_iri("office", "Concept"))


def _statements(graph: Graph) -> dict[str, URIRef]:
    """Statement IRI by its relation label."""
    out: dict[str, URIRef] = {}
    for st in graph.subjects(RDF.type, KG.Statement):
        assert isinstance(st, URIRef)
        predicate = graph.value(st, RDF.predicate)
        out[str(predicate).rsplit("/", 1)[-1]] = st
    return out


# ---------------------------------------------------------------- RDF


def test_times_rdf_statement_without_object_has_a_time_and_no_direct_triple():
    graph = document_graph(timed_doc(), generated_at=WHEN)
    st = _statements(graph)
    opened, moved = st["open"], st["move"]
    assert graph.value(opened, RDF.object) is None
    assert graph.value(opened, KG.time) == Literal("1932", datatype=XSD.gYear)
    assert graph.value(opened, KG.timeText) == Literal("in 1932")
    assert graph.value(opened, KG.asserted) == Literal(True)
    stadium = URIRef(STADIUM)
    assert not list(graph.triples((stadium, relation_iri("open"), None)))  # no direct triple
    # with an object: the direct triple, and the time on the statement
    assert graph.value(moved, RDF.object) == URIRef(OFFICE)
    assert graph.value(moved, KG.time) == Literal("1967-03", datatype=XSD.gYearMonth)
    assert (URIRef(KESTREL), relation_iri("move"), URIRef(OFFICE)) in graph
    # a vague time keeps its words only
    assert graph.value(st["close"], KG.time) is None
    assert graph.value(st["close"], KG.timeText) == Literal("next year")
    # no entity for the missing object
    assert (None, None, URIRef(str(entity_iri("", "")))) not in graph


def test_times_rdf_statements_differing_only_in_time_stay_two():
    base = Triple("Kestrel Group", "move", "office", "Organization", "Concept", sentence="s",
                  sentence_end=1)  # fmt: skip
    dg = DocumentGraph("d", "s", [
        replace(base, time="1967", time_text="in 1967"),
        replace(base, time="1968", time_text="in 1968"),
        base,
    ])  # fmt: skip
    quads = document_quads(dg, generated_at=WHEN)
    statements = {q[0] for q in quads if q[1] == RDF.type and q[2] == KG.Statement}
    assert len(statements) == 3


@pytest.mark.parametrize(
    ("value", "datatype"),
    [("1932", XSD.gYear), ("1967-03", XSD.gYearMonth), ("1878-11-07", XSD.date)],
)
def test_times_rdf_literal_datatypes(value, datatype):
    assert time_literal(value) == Literal(value, datatype=datatype)


@pytest.mark.parametrize("value", ["", "1932-3", "March 1967", "1932-03-07T00:00"])
def test_times_rdf_literal_rejects_other_text(value):
    with pytest.raises(FormatError, match="time"):
        time_literal(value)


def test_times_rdf_conforms_to_the_shapes():
    report = validate(document_graph(timed_doc(), generated_at=WHEN))
    assert report.conforms, report.violations


def test_times_shapes_want_an_object_or_a_time():
    untimed = Triple("Aalto Stadium", "open", "", "Place", "", sentence="s", sentence_end=1)
    report = validate(document_graph(DocumentGraph("d", "s", [untimed]), generated_at=WHEN))
    assert not report.conforms
    assert any("rdf:object, or a time" in v.message for v in report.violations)


def test_times_shapes_check_the_datatype_of_kg_time():
    graph = document_graph(timed_doc(), generated_at=WHEN)
    opened = _statements(graph)["open"]
    graph.set((opened, KG.time, Literal("1932")))  # a plain string, not an xsd:gYear
    report = validate(graph)
    assert not report.conforms
    assert any("kg:time" in v.message for v in report.violations)


# ---------------------------------------------------------------- store, networkx view


@pytest.fixture
def store():
    with KnowledgeGraph.open() as kg:
        kg.add(timed_doc(), generated_at=WHEN)
        yield kg


def test_times_store_counts_statements_without_object(store):
    stats = store.stats()
    assert (stats["statements"], stats["asserted"], stats["facts"]) == (3, 2, 1)
    assert stats["classes"] == {"Concept": 1, "Organization": 1, "Place": 1}


def test_times_networkx_statement_without_object_is_an_event_of_its_subject(store):
    g = to_networkx(store)
    assert g.number_of_edges() == 1
    ((u, v, edge),) = g.edges(data=True)
    assert (u, v, edge["time"], edge["time_text"]) == (KESTREL, OFFICE, "1967-03", "in March 1967")
    (event,) = g.nodes[STADIUM]["events"]
    assert (event["relation"], event["time"], event["time_text"]) == ("open", "1932", "in 1932")
    assert event["asserted"] and event["doc"] == "times.txt" and event["id"].startswith("http")
    assert g.nodes[KESTREL]["events"] == []  # the hedged one is left out by default
    hedged = to_networkx(store, include_hedged=True).nodes[KESTREL]["events"]
    assert [(e["relation"], e["modality"], e["time"]) for e in hedged] == [("close", "plan", None)]


def test_times_networkx_from_rdflib_matches_the_store(store):
    from_rdflib = to_networkx(document_graph(timed_doc(), generated_at=WHEN), include_hedged=True)
    from_store = to_networkx(store, include_hedged=True)
    assert dict(from_rdflib.nodes(data=True)) == dict(from_store.nodes(data=True))
    assert list(from_rdflib.edges(data=True)) == list(from_store.edges(data=True))


def test_times_event_text():
    assert event_text({"relation": "open", "time_text": "in 1932", "asserted": True}) == (
        "open in 1932"
    )
    assert event_text({"relation": "close", "time_text": "next year", "asserted": False}) == (
        "close next year (not asserted)"
    )


# ---------------------------------------------------------------- exports


def test_times_csv_edges_carry_time_and_events_go_to_the_node_table(store, tmp_path):
    nodes_path, edges_path = export_graph(store, tmp_path / "g.csv", include_hedged=True)
    with edges_path.open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert [(e["source"], e["target"], e["time"], e["time_text"]) for e in edges] == [
        (KESTREL, OFFICE, "1967-03", "in March 1967")
    ]  # no row without a target
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        nodes = {row["id"]: row for row in csv.DictReader(handle)}
    assert nodes[STADIUM]["events"] == "open in 1932"
    assert nodes[KESTREL]["events"] == "close next year (not asserted)"
    assert nodes[OFFICE]["events"] == ""


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_times_graphml_and_gexf_carry_time_and_events(store, tmp_path, suffix):
    (path,) = export_graph(store, tmp_path / f"g.{suffix}")
    back = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path)
    ((_, _, edge),) = back.edges(data=True)
    assert (edge["time"], edge["time_text"]) == ("1967-03", "in March 1967")
    assert back.nodes[STADIUM]["events"] == "open in 1932"


# ---------------------------------------------------------------- views, tooltips, pages


def test_times_tooltips_show_the_time_of_an_edge_and_the_events_of_a_node(store):
    data = vis_data(to_networkx(store))
    (edge,) = data["edges"]
    assert "Time: in March 1967 (1967-03)" in edge["title"].splitlines()
    stadium = next(n for n in data["nodes"] if n["id"] == STADIUM)
    assert "Events: open in 1932" in stadium["title"].splitlines()


def test_times_html_page_shows_the_time(store):
    page = render_html(to_networkx(store))
    assert "in March 1967 (1967-03)" in page
    assert "open in 1932" in page


def test_times_document_view_keeps_an_entity_with_only_an_event(store):
    view = document_view(to_networkx(store), "times.txt")
    assert STADIUM in view.graph
    assert view.graph.nodes[STADIUM]["events"][0]["relation"] == "open"


def test_times_import_export_round_trip_keeps_the_time(store, tmp_path):
    path = store.export(tmp_path / "kg.trig")
    with KnowledgeGraph.open() as other:
        other.load(path)
        assert other.stats()["statements"] == 3
        rows = select_rows(
            other.query(
                "SELECT ?t WHERE { ?st kg:timeText 'in 1932' ; kg:time ?t . "
                "FILTER NOT EXISTS { ?st rdf:object ?o } }"
            )
        )
        assert [row[0] for row in rows] == [Literal("1932", datatype=XSD.gYear)]


# ---------------------------------------------------------------- kg extract


@pytest.mark.model
def test_times_cli_extract_jsonl_and_tsv_carry_the_time(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    path = tmp_path / "stadium.txt"
    path.write_text("The Aalto Stadium opened in 1932.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    opened = next(r for r in records if r["relation"] == "open")
    assert (opened["object"], opened["time"], opened["time_text"]) == ("", "1932", "in 1932")
    tsv = CliRunner().invoke(app, ["extract", str(path), "--format", "tsv"])
    header, *rows = tsv.stdout.splitlines()
    columns = header.split("\t")
    assert {"time", "time_text"} <= set(columns)
    row = dict(zip(columns, rows[0].split("\t"), strict=True))
    assert (row["time"], row["time_text"]) == ("1932", "in 1932")
