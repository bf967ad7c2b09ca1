"""Export, import and remove: every RDF format round-trips, imports are all-or-nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import FormatError, InputError, StoreError
from kg.model import DocumentGraph, Entity, EntityMention, Triple
from kg.rdf.quads import document_graph
from kg.rdf.terms import from_oxigraph
from kg.store.formats import FORMATS, names
from kg.store.graph import KnowledgeGraph

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "rdfxml": ".rdf", "trig": ".trig",
            "nquads": ".nq", "jsonld": ".jsonld"}  # fmt: skip


def docs() -> list[DocumentGraph]:
    one = DocumentGraph(
        "one.txt", 'Mara "Q" Quill founded Lantern Works.\nIt may close.',
        [Triple('Mara "Q" Quill', "found", "Lantern Works", "Person", "Organization",
                confidence=0.9, sentence='Mara "Q" Quill founded Lantern Works.', sentence_end=37,
                end=36),
         Triple("Lantern Works", "close", "Lantern Works", "Organization", "Organization",
                modality="may", confidence=0.3, sentence="It may close.", sentence_start=38,
                sentence_end=51, start=38, end=50)],
        {('Mara "Q" Quill', "Person"): Entity('Mara "Q" Quill', "Person", {"Quill <Q>"})},
        source="docs/one.txt",
        mentions=[EntityMention("one.txt", 6, 7, "Q", 'Mara "Q" Quill', "Person", "nickname")],
    )  # fmt: skip
    two = DocumentGraph("two.txt", "Zoë Ång hired Tomas Reed.", [
        Triple("Zoë Ång", "hire", "Tomas Reed", "Person", "Person", confidence=0.8,
               sentence="Zoë Ång hired Tomas Reed.", sentence_end=25, end=24)])  # fmt: skip
    return [one, two]


@pytest.fixture
def built():
    with KnowledgeGraph.open() as kg:
        kg.add_many(docs(), generated_at=WHEN)
        yield kg


def dataset_of(path, format: str) -> dict[str, Graph]:
    """The graphs of a file by name (the default graph is named 'DEFAULT')."""
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=path, format=FORMATS[format].rdf_format):
        name = "DEFAULT" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        graphs.setdefault(name, Graph()).add(
            (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))
        )
    return graphs


@pytest.mark.parametrize("name", sorted(names("rdf")))
def test_round_trip_is_isomorphic_in_every_format(built, tmp_path, name):
    first = built.export(tmp_path / f"first{SUFFIXES[name]}")
    with KnowledgeGraph.open() as copy:
        assert copy.load(first) > 0
        second = copy.export(tmp_path / f"second{SUFFIXES[name]}")
        a, b = dataset_of(first, name), dataset_of(second, name)
        assert a.keys() == b.keys()
        for graph_name, graph in a.items():
            assert isomorphic(graph, b[graph_name]), graph_name
        if FORMATS[name].keeps_graphs:  # named graphs: the documents come back as documents
            assert copy.documents() == built.documents()
            assert copy.stats() == built.stats()
        assert len(copy) == len(built)  # the union either way


def test_export_rdfxml_holds_the_union(built, tmp_path):
    path = built.export(tmp_path / "kg.rdf")
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    union = Graph().parse(path, format="xml")
    expected = Graph()
    for dg in docs():
        expected += document_graph(dg, generated_at=WHEN)
    assert isomorphic(union, expected)


def test_import_replaces_the_graphs_it_names(built, tmp_path):
    backup = built.export(tmp_path / "backup.trig")
    changed = DocumentGraph("one.txt", "Nothing here.")
    built.add(changed)
    assert built.query("ASK { ?a rel:found ?b }") is False
    built.load(backup)
    assert built.query("ASK { ?a rel:found ?b }") is True
    assert len(built.documents()) == 2
    assert built.add(docs()[0]) is False  # the restored graph is the very same graph


def test_import_is_all_or_nothing(built, tmp_path):
    before = len(built)
    bad = tmp_path / "bad.trig"
    bad.write_text(
        "<urn:a> <urn:b> <urn:c> .\n<urn:g> { <urn:a> <urn:b> 'ok' . }\n<urn:a> <urn:b> \"oops .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad\.trig: not valid trig"):
        built.load(bad)
    assert len(built) == before
    assert built.query("ASK { GRAPH <urn:g> { ?s ?p ?o } }") is False


def test_import_format_errors(built, tmp_path):
    with pytest.raises(FormatError, match="RDF format"):
        built.load(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="cannot read"):
        built.load(tmp_path / "missing.ttl")
    data = tmp_path / "data.txt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert built.load(data, format="ntriples") == 1
    assert built.query("ASK { <urn:a> <urn:b> <urn:c> }") is True


def test_import_into_a_read_only_store_is_refused(tmp_path):
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.add(docs()[1])
        path = kg.export(tmp_path / "kg.nq")
    with KnowledgeGraph.open(tmp_path / "s", read_only=True) as kg, pytest.raises(StoreError):
        kg.load(path)


# ---------------------------------------------------------------- the commands


def test_cli_export_import_remove(tmp_path):
    store, copy = tmp_path / "store", tmp_path / "copy"
    with KnowledgeGraph.open(store) as kg:
        kg.add_many(docs(), generated_at=WHEN)
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--store", str(store), "-o", str(tmp_path / "kg.rdf")])
    assert result.exit_code == 0, result.output
    assert "(rdfxml)" in result.stderr
    result = runner.invoke(app, ["export", "--store", str(store), "-o", str(tmp_path / "kg.nq")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", str(tmp_path / "kg.nq"), "--store", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Imported" in result.stderr
    with KnowledgeGraph.open(copy, read_only=True) as kg:
        assert [d["doc_id"] for d in kg.documents()] == ["one.txt", "two.txt"]
    result = runner.invoke(app, ["remove", "one.txt", "nothere.txt", "--store", str(copy)])
    assert result.exit_code == 1
    assert "Removed one.txt" in result.stderr
    assert "no such document: nothere.txt" in result.stderr
    with KnowledgeGraph.open(copy, read_only=True) as kg:
        assert [d["doc_id"] for d in kg.documents()] == ["two.txt"]
        assert kg.query("ASK { ?a rel:found ?b }") is False


def test_cli_import_bad_file_changes_nothing(tmp_path):
    store = tmp_path / "store"
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(bad), "--store", str(store)])
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: ") and "not valid turtle" in result.stderr
    with KnowledgeGraph.open(store) as kg:
        assert len(kg) == 0


def test_export_file_gets_the_mode_a_plain_file_would(built, tmp_path):
    import os

    old = os.umask(0o027)
    try:
        path = built.export(tmp_path / "kg.trig")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
