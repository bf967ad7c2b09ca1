"""kg.store.validate, ``kg validate``: a built store conforms; a broken one says why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from typer.testing import CliRunner

from kg.cli import app
from kg.model import DocumentGraph, Entity, EntityMention, Triple
from kg.rdf.namespaces import KG, NIF
from kg.rdf.quads import document_graph
from kg.rdf.terms import document_iri, entity_iri
from kg.store.graph import KnowledgeGraph
from kg.store.validate import load_shapes, validate

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def docs() -> list[DocumentGraph]:
    text = "Mara Quill founded Lantern Works. Reed says it may close. Quill left."
    quill = text.rindex("Quill")
    one = DocumentGraph(
        "one.txt", text,
        [
            Triple("Mara Quill", "found", "Lantern Works", "Person", "Organization",
                   confidence=0.9, sentence="Mara Quill founded Lantern Works.", sentence_end=33,
                   end=32),
            Triple("Lantern Works", "close", "Lantern Works", "Organization", "Organization",
                   modality="may", attribution="Reed", polarity="negative", confidence=0.4,
                   sentence="Reed says it may close.", sentence_start=34, sentence_end=57,
                   start=34, end=56),
        ],
        {("Mara Quill", "Person"): Entity("Mara Quill", "Person", {"Quill", "M. Quill"})},
        source="docs/one.txt",
        mentions=[EntityMention("one.txt", quill, quill + 5, "Quill", "Mara Quill", "Person",
                                "surname")],
    )  # fmt: skip
    hire = Triple("Lantern Works", "hire", "Tomas Reed", "Organization", "Person", confidence=1.0)
    two = DocumentGraph("two.txt", "", [hire])
    return [one, two]


def one_graph():
    return document_graph(docs()[0], generated_at=WHEN)


def paths_of(report) -> set[tuple[str | None, str]]:
    return {(v.path, v.message) for v in report.violations}


def test_validate_built_store_conforms(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add_many(docs())
        report = validate(kg)
        assert report.conforms, [str(v) for v in report.violations]
        assert report.violations == [] and report.checked == len(kg)


def test_validate_shapes_cover_every_kind_of_node():
    shapes = load_shapes()
    targets = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    assert {KG.Statement, KG.Sentence, KG.Document, KG.Merge, KG.Person, KG.Concept} <= targets


def _break_confidence(g):
    st = next(g.subjects(RDF.type, KG.Statement))
    g.set((st, KG.confidence, Literal("1.5", datatype=XSD.decimal)))
    return st, "kg:confidence"


def _drop_label(g):
    mara = entity_iri("Mara Quill", "Person")
    g.remove((mara, SKOS.prefLabel, None))
    return mara, "skos:prefLabel"


def _two_labels(g):
    mara = entity_iri("Mara Quill", "Person")
    g.add((mara, SKOS.prefLabel, Literal("Mara Q.")))
    return mara, "skos:prefLabel"


def _rdfs_label_not_the_name(g):
    mara = entity_iri("Mara Quill", "Person")
    g.set((mara, RDFS.label, Literal("Someone else")))
    return mara, "rdfs:label"


def _drop_class(g):
    mara = entity_iri("Mara Quill", "Person")
    g.remove((mara, RDF.type, None))
    return mara, "rdf:type"


def _drop_sentence_link(g):
    st = next(g.subjects(RDF.type, KG.Statement))
    g.remove((st, PROV.wasDerivedFrom, None))
    return st, "prov:wasDerivedFrom"


def _bad_polarity(g):
    st = next(g.subjects(RDF.type, KG.Statement))
    g.set((st, KG.polarity, Literal("maybe")))
    return st, "kg:polarity"


def _drop_sentence_text(g):
    sentence = next(g.subjects(RDF.type, KG.Sentence))
    g.remove((sentence, NIF.anchorOf, None))
    return sentence, "nif:anchorOf"


def _drop_graph_hash(g):
    doc = document_iri("one.txt")
    g.remove((doc, KG.graphHash, None))
    return doc, "kg:graphHash"


def _drop_time(g):
    doc = document_iri("one.txt")
    g.remove((doc, PROV.generatedAtTime, None))
    return doc, "prov:generatedAtTime"


def _two_sources(g):
    doc = document_iri("one.txt")
    g.add((doc, DCTERMS.source, Literal("elsewhere.txt")))
    return doc, "dcterms:source"


def _drop_merge_rule(g):
    merge = next(g.subjects(RDF.type, KG.Merge))
    g.remove((merge, KG.rule, None))
    return merge, "kg:rule"


def _merge_of_nothing(g):
    merge = next(g.subjects(RDF.type, KG.Merge))
    g.set((merge, KG.entity, URIRef("https://kg.example.org/entity/nobody")))
    return merge, "kg:entity"


def _zero_occurrences(g):
    merge = next(g.subjects(RDF.type, KG.Merge))
    g.set((merge, KG.occurrences, Literal(0)))
    return merge, "kg:occurrences"


@pytest.mark.parametrize(
    "breakage",
    [_break_confidence, _drop_label, _two_labels, _rdfs_label_not_the_name, _drop_class,
     _drop_sentence_link, _bad_polarity, _drop_sentence_text, _drop_graph_hash, _drop_time,
     _two_sources, _drop_merge_rule, _merge_of_nothing, _zero_occurrences],
)  # fmt: skip
def test_validate_reports_the_specific_violation(breakage):
    graph = one_graph()
    assert validate(graph).conforms
    node, path = breakage(graph)
    report = validate(graph)
    assert not report.conforms
    focus = f"ent:{node.rsplit('/', 1)[-1]}" if "/entity/" in node else None
    hits = [v for v in report.violations if v.path == path]
    assert hits, [str(v) for v in report.violations]
    assert all(v.severity == "Violation" and v.message for v in hits)
    if focus is not None:
        assert focus in {v.focus for v in hits} or f"<{node}>" in {v.focus for v in hits}
    else:
        assert f"<{node}>" in {v.focus for v in hits}


def test_validate_confidence_message_names_the_range():
    graph = one_graph()
    _break_confidence(graph)
    (violation,) = [v for v in validate(graph).violations if v.path == "kg:confidence"]
    assert "[0, 1]" in violation.message and "1.5" in (violation.value or "")
    assert str(violation).startswith("Violation: <")


# ---------------------------------------------------------------- the command


def test_validate_cli_clean_then_broken(tmp_path):
    store = tmp_path / "store"
    with KnowledgeGraph.open(store) as kg:
        kg.add_many(docs())
    runner = CliRunner()
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "Valid" in result.stderr
    with KnowledgeGraph.open(store) as kg:  # a hand-made statement with no confidence
        kg.query(
            "INSERT DATA { <urn:x:st> a kg:Statement ; kg:polarity 'positive' }",
            allow_update=True,
        )
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 1
    assert "<urn:x:st> kg:confidence" in result.stdout
    assert "prov:wasDerivedFrom" in result.stdout
    assert "SHACL violation" in result.stderr
