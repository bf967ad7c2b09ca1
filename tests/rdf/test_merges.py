"""kg.rdf.merges: a kg:Merge node says which alias joined an entity, by which rule, where."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.model import (
    EntityMention,
)
from kg.rdf.namespaces import KG, NIF
from kg.rdf.quads import document_graph, document_quads
from kg.rdf.terms import (
    document_iri,
    entity_iri,
)
from tests.rdf.test_quads import MERGED_TEXT, WHEN, merged_doc

# ---------------------------------------------------------------- merge evidence


def test_rdf_merge_evidence_names_the_alias_the_rule_and_the_first_occurrence():
    dg = merged_doc()
    g = document_graph(dg, generated_at=WHEN)
    doc, lise = document_iri(dg.doc_id), entity_iri("Lise Meitner", "Person")
    (merge,) = g.subjects(RDF.type, KG.Merge)  # one: the acronym's entity is no node
    assert str(merge).startswith(f"{doc}/merge/")
    assert g.value(merge, KG.entity) == lise
    assert g.value(merge, KG.alias) == Literal("Meitner")
    assert g.value(merge, KG.rule) == Literal("surname")
    first = MERGED_TEXT.index("Meitner and")
    assert g.value(merge, NIF.beginIndex) == Literal(first)
    assert g.value(merge, NIF.endIndex) == Literal(first + len("Meitner"))
    assert g.value(merge, KG.occurrences) == Literal(2)
    assert g.value(merge, DCTERMS.isPartOf) == doc
    # The sentence of the first occurrence, known from the Open IE layer only.
    sentence = g.value(merge, PROV.wasDerivedFrom)
    assert (sentence, RDF.type, KG.Sentence) in g
    assert g.value(sentence, NIF.anchorOf) == Literal("Meitner and the KWI left.")
    assert (g.value(sentence, NIF.beginIndex), g.value(sentence, NIF.endIndex)) == (
        Literal(28),
        Literal(53),
    )
    assert g.value(sentence, DCTERMS.isPartOf) == doc


def test_rdf_merge_evidence_one_node_per_alias_and_rule_never_for_names_or_pronouns():
    dg = merged_doc()
    extra = EntityMention(dg.doc_id, 0, 4, "Lise", "Lise Meitner", "Person", "nickname")
    dg.mentions.append(extra)
    g = document_graph(dg, generated_at=WHEN)
    evidence = {
        (str(g.value(m, KG.alias)), str(g.value(m, KG.rule)))
        for m in g.subjects(RDF.type, KG.Merge)
    }
    assert evidence == {("Meitner", "surname"), ("Lise", "nickname")}


def test_rdf_merge_evidence_is_deterministic_hashed_and_valid():
    from kg.store.validate import validate

    a = document_quads(merged_doc(), generated_at=WHEN)
    assert a == document_quads(merged_doc(), generated_at=WHEN)
    assert all(isinstance(t, URIRef | Literal) for q in a for t in q)  # no blank nodes

    def digest(dg):
        return document_graph(dg, generated_at=WHEN).value(document_iri(dg.doc_id), KG.graphHash)

    fewer = merged_doc()
    fewer.mentions = fewer.mentions[:3]  # one occurrence of "Meitner" instead of two
    assert digest(fewer) != digest(merged_doc())
    report = validate(document_graph(merged_doc(), generated_at=WHEN))
    assert report.conforms, [str(v) for v in report.violations]


def test_rdf_merge_evidence_without_a_known_sentence_has_no_sentence_link():
    dg = merged_doc()
    dg.extractions = []
    g = document_graph(dg, generated_at=WHEN)
    (merge,) = g.subjects(RDF.type, KG.Merge)
    assert g.value(merge, PROV.wasDerivedFrom) is None
    assert len(set(g.subjects(RDF.type, KG.Sentence))) == 1  # the statement's own
