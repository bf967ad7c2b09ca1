"""kg.rdf: IRI minting, the quads of a document, the ontology and its generated namespace."""

from __future__ import annotations

from datetime import UTC, datetime

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg._version import __version__
from kg.errors import FormatError
from kg.model import (
    Argument,
    DocumentGraph,
    Entity,
    EntityMention,
    Extraction,
    Triple,
)
from kg.rdf.namespaces import KG, NIF
from kg.rdf.ontology import load_ontology
from kg.rdf.quads import document_graph, document_quads
from kg.rdf.terms import (
    DEFAULT_BASE_IRI,
    clean_text,
    content_hash,
    document_iri,
    entity_iri,
    from_oxigraph,
    relation_iri,
    to_oxigraph,
)
from tests.docgraphs import ox_quad

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
TEXT = "Mara Quill founded Lantern Works. Lantern Works may not open in Brindle, says Ode."

HOSTILE_NAMES = [
    "plain name",
    "quote \" and ' apostrophe",
    "<angle> {brace} |pipe| ^caret^ `tick` \\backslash",
    "new\nline\r\ttab",
    "nul \x00 and bell \x07 and del \x7f",
    "lone surrogate \udc80 here",
    "",
    "   ",
    "习近平",
    "Zürich – “quoted” émigré",
    "%20 percent %zz and #fragment ?query=1 &amp;",
    "x" * 100_000,
    "http://example.org/evil> <http://x",
]


def sample_doc(doc_id: str = "notes/lantern.txt", text: str = TEXT) -> DocumentGraph:
    """Two triples: one asserted, one negated, hedged and attributed."""
    founded = Triple(
        "Mara Quill", "found", "Lantern Works", "Person", "Organization",
        confidence=0.9, sentence="Mara Quill founded Lantern Works.",
        sentence_start=0, sentence_end=33, start=0, end=32, doc=doc_id,
    )  # fmt: skip
    opening = Triple(
        "Lantern Works", "open in", "Brindle", "Organization", "Place",
        polarity="negative", modality="may", attribution="Ode", confidence=0.6,
        sentence="Lantern Works may not open in Brindle, says Ode.",
        sentence_start=34, sentence_end=82, start=34, end=71, doc=doc_id,
    )  # fmt: skip
    entities = {
        ("Mara Quill", "Person"): Entity("Mara Quill", "Person", {"Quill", "Ms Quill"}),
        ("Lantern Works", "Organization"): Entity("Lantern Works", "Organization", {"LW"}),
        ("Brindle", "Place"): Entity("Brindle", "Place"),
    }
    return DocumentGraph(doc_id, text, [founded, opening], entities, source="lantern.txt")


MERGED_TEXT = "Lise Meitner met Otto Hahn. Meitner and the KWI left. Meitner stayed. They won."


def merged_doc(doc_id: str = "meitner.txt") -> DocumentGraph:
    """A surname merged twice, an acronym of an entity that is no node, and pronouns."""
    text = MERGED_TEXT

    def at(word: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return start, start + len(word)

    def mention(word, entity, type_, via, nth=0):
        return EntityMention(doc_id, *at(word, nth), word, entity, type_, via)

    met = Triple(
        "Lise Meitner",
        "meet",
        "Otto Hahn",
        "Person",
        "Person",
        confidence=0.9,
        sentence="Lise Meitner met Otto Hahn.",
        sentence_end=27,
        end=26,
        doc=doc_id,
    )
    left = Extraction(Argument("Meitner and the KWI", 28, 47, role="subject"), "left", (),
                      sentence_start=28, sentence_end=53)  # fmt: skip
    entities = {
        ("Lise Meitner", "Person"): Entity("Lise Meitner", "Person", {"Meitner"}),
        ("Otto Hahn", "Person"): Entity("Otto Hahn", "Person"),
    }
    mentions = [
        mention("Lise Meitner", "Lise Meitner", "Person", "name"),
        mention("Otto Hahn", "Otto Hahn", "Person", "name"),
        mention("Meitner", "Lise Meitner", "Person", "surname", 1),
        mention("KWI", "Kaiser Wilhelm Institute", "Organization", "acronym"),
        mention("Meitner", "Lise Meitner", "Person", "surname", 2),
        mention("They", "Lise Meitner", "Person", "pronoun"),
        mention("They", "Otto Hahn", "Person", "pronoun"),
    ]
    return DocumentGraph(doc_id, text, [met], entities, [left], mentions=mentions)


# ---------------------------------------------------------------- quads


def test_rdf_document_quads_shape():
    dg = sample_doc()
    g = document_graph(dg, generated_at=WHEN)
    doc = document_iri(dg.doc_id)
    mara, works = entity_iri("Mara Quill", "Person"), entity_iri("Lantern Works", "Organization")
    brindle = entity_iri("Brindle", "Place")
    found, open_in = relation_iri("found"), relation_iri("open in")

    assert g.identifier == doc
    # the document node and its provenance
    assert (doc, RDF.type, KG.Document) in g
    assert g.value(doc, DCTERMS.identifier) == Literal("notes/lantern.txt")
    assert g.value(doc, DCTERMS.source) == Literal("lantern.txt")
    assert g.value(doc, KG.contentHash) == Literal(content_hash(TEXT))
    assert g.value(doc, KG.extractorVersion) == Literal(__version__)
    assert g.value(doc, PROV.generatedAtTime) == Literal(WHEN)
    assert len(str(g.value(doc, KG.graphHash))) == 64
    assert g.value(doc, NIF.isString) == Literal(TEXT)  # the text every offset points into
    # entities: class, preferred and alternative labels
    assert (mara, RDF.type, KG.Person) in g
    assert (works, RDF.type, KG.Organization) in g
    assert (brindle, RDF.type, KG.Place) in g
    assert g.value(mara, SKOS.prefLabel) == Literal("Mara Quill")
    assert set(g.objects(mara, SKOS.altLabel)) == {Literal("Quill"), Literal("Ms Quill")}
    # relations are declared
    for rel, label in ((found, "found"), (open_in, "open in")):
        assert (rel, RDF.type, OWL.ObjectProperty) in g
        assert (rel, RDFS.subPropertyOf, KG.relatedTo) in g
        assert g.value(rel, RDFS.label) == Literal(label)
    # one statement node per triple, with its provenance
    statements = set(g.subjects(RDF.type, KG.Statement))
    assert len(statements) == 2
    (st,) = g.subjects(RDF.predicate, found)
    assert (st, RDF.subject, mara) in g and (st, RDF.object, works) in g
    assert g.value(st, KG.confidence) == Literal("0.9", datatype=XSD.decimal)
    assert g.value(st, KG.polarity) == Literal("positive")
    assert g.value(st, KG.asserted) == Literal(True)
    assert (st, NIF.beginIndex, Literal(0)) in g and (st, NIF.endIndex, Literal(32)) in g
    sentence = g.value(st, PROV.wasDerivedFrom)
    assert (sentence, RDF.type, KG.Sentence) in g
    assert g.value(sentence, NIF.anchorOf) == Literal("Mara Quill founded Lantern Works.")
    assert g.value(sentence, NIF.beginIndex) == Literal(0)
    assert g.value(sentence, NIF.endIndex) == Literal(33)
    assert g.value(sentence, DCTERMS.isPartOf) == doc
    assert TEXT[0:33] == "Mara Quill founded Lantern Works."


def test_rdf_asserted_triple_is_a_direct_edge_and_a_statement():
    g = document_graph(sample_doc(), generated_at=WHEN)
    mara, works = entity_iri("Mara Quill", "Person"), entity_iri("Lantern Works", "Organization")
    assert (mara, relation_iri("found"), works) in g


def test_rdf_non_asserted_triple_is_only_a_statement():
    g = document_graph(sample_doc(), generated_at=WHEN)
    open_in = relation_iri("open in")
    works, brindle = entity_iri("Lantern Works", "Organization"), entity_iri("Brindle", "Place")
    assert (works, open_in, brindle) not in g
    assert list(g.triples((None, open_in, None))) == []
    (st,) = g.subjects(RDF.predicate, open_in)
    assert g.value(st, KG.asserted) == Literal(False)
    assert g.value(st, KG.polarity) == Literal("negative")
    assert g.value(st, KG.modality) == Literal("may")
    assert g.value(st, KG.attribution) == Literal("Ode")


@pytest.mark.parametrize(
    "change",
    [{"polarity": "negative"}, {"modality": "could"}, {"attribution": "a rumour"}],
)
def test_rdf_each_qualifier_alone_blocks_the_direct_edge(change):
    triple = Triple("Ann", "meet", "Bob", "Person", "Person", **change)
    g = document_graph(DocumentGraph("d", "", [triple]), generated_at=WHEN)
    assert list(g.triples((None, relation_iri("meet"), None))) == []
    assert len(set(g.subjects(RDF.type, KG.Statement))) == 1


def test_rdf_document_quads_are_deterministic_and_use_no_blank_nodes():
    a = document_quads(sample_doc(), generated_at=WHEN)
    b = document_quads(sample_doc(), generated_at=WHEN)
    assert a == b
    assert all(isinstance(t, URIRef | Literal) for q in a for t in q)
    assert len(a) == len(set(a))


def test_rdf_graph_hash_ignores_time_but_not_content():
    def digest(dg, when):
        return document_graph(dg, generated_at=when).value(document_iri(dg.doc_id), KG.graphHash)

    later = datetime(2030, 1, 1, tzinfo=UTC)
    assert digest(sample_doc(), WHEN) == digest(sample_doc(), later)
    assert digest(sample_doc(), WHEN) != digest(sample_doc(text=TEXT + " More."), WHEN)


def test_rdf_duplicate_triples_merge_keeping_the_best_confidence():
    t = Triple("Ann", "meet", "Bob", confidence=0.3)
    dg = DocumentGraph("d", "", [t, Triple("Ann", "meet", "Bob", confidence=0.7), t])
    g = document_graph(dg, generated_at=WHEN)
    (st,) = g.subjects(RDF.type, KG.Statement)
    assert list(g.objects(st, KG.confidence)) == [Literal("0.7", datatype=XSD.decimal)]


def test_rdf_triple_entities_missing_from_the_entity_table_are_still_typed():
    dg = DocumentGraph("d", "", [Triple("Ann", "meet", "Bob", "Person", "Person")])
    g = document_graph(dg, generated_at=WHEN)
    assert (entity_iri("Bob", "Person"), RDF.type, KG.Person) in g


def test_rdf_control_characters_are_stripped_from_literals():
    name = "Ann\x00\x1b Lee\ud800"
    triple = Triple(name, "meet", "Bob", "Person", sentence="Ann\x00 met\nBob\x07.")
    dg = DocumentGraph("id\x00", "text", [triple], source="src\x1f")
    quads = document_quads(dg, generated_at=WHEN)
    literals = [str(q[2]) for q in quads if isinstance(q[2], Literal)]
    assert "Ann Lee" in literals and "Ann met\nBob." in literals and "src" in literals
    assert not any(clean_text(text) != text for text in literals)
    store = pyoxigraph.Store()  # Oxigraph accepts every quad
    store.extend(ox_quad(q) for q in quads)
    assert len(store) == len(quads)


def test_rdf_document_text_keeps_every_offset_where_rdf_cannot_hold_a_character():
    text = "Ann\x00 met\r\nBob\ud800 in Oslo."
    at = text.index("Oslo")
    triple = Triple("Bob", "be in", "Oslo", "Person", "Place", start=9, end=at + 4)
    quads = document_quads(DocumentGraph("d", text, [triple]), generated_at=WHEN)
    (stored,) = [str(q[2]) for q in quads if q[1] == NIF.isString]
    assert len(stored) == len(text) and stored[at : at + 4] == "Oslo"
    assert stored == "Ann\ufffd met\n\nBob\ufffd in Oslo."
    store = pyoxigraph.Store()  # Oxigraph accepts it
    store.extend(ox_quad(q) for q in quads)
    assert len(store) == len(quads)


def test_rdf_a_document_without_text_has_no_text_node():
    quads = document_quads(DocumentGraph("d", "", []), generated_at=WHEN)
    assert not [q for q in quads if q[1] == NIF.isString]


def test_rdf_unknown_entity_type_is_refused():
    dg = DocumentGraph("d", "", [Triple("Ann", "meet", "Bob", "Martian")])
    with pytest.raises(FormatError, match="Martian"):
        document_quads(dg)


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://example.org/x"),
        Literal("plain"),
        Literal("chat", lang="fr"),
        Literal(3),
        Literal("0.25", datatype=XSD.decimal),
        Literal(True),
    ],
)
def test_rdf_oxigraph_term_round_trip(term):
    assert from_oxigraph(to_oxigraph(term)) == term


# ---------------------------------------------------------------- the ontology's terms in quads


@pytest.mark.parametrize("make", [sample_doc, merged_doc])
def test_rdf_quads_use_only_terms_the_ontology_defines(make):
    onto = load_ontology()
    defined = set(onto.subjects(RDF.type, None))
    used = {t for q in document_quads(make(), generated_at=WHEN) for t in q[:3]}
    ours = {t for t in used if str(t).startswith((str(KG), str(NIF)))}
    assert ours and ours <= defined
    # Every property the quads use is declared too (PROV-O, SKOS, NIF, Dublin Core, RDF),
    # except the minted relations, which are sub-properties of kg:relatedTo.
    predicates = {q[1] for q in document_quads(make(), generated_at=WHEN)}
    relations = {p for p in predicates if str(p).startswith(DEFAULT_BASE_IRI + "relation/")}
    assert relations
    assert predicates - relations - {RDF.type, RDFS.label, RDFS.subPropertyOf} <= defined


def test_rdf_document_graph_parses_back_from_turtle():
    g = document_graph(sample_doc(doc_id="we ird/<id>\n"), generated_at=WHEN)
    again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    from rdflib.compare import isomorphic

    assert isomorphic(g, again)


def test_rdf_one_name_in_nfc_and_nfd_is_one_entity_with_one_label():
    import unicodedata

    from kg.store.validate import validate

    nfc, nfd = (unicodedata.normalize(f, "Zoë Ångström") for f in ("NFC", "NFD"))
    dg = DocumentGraph(
        "d", "", [Triple(nfc, "meet", "Bo", "Person"), Triple(nfd, "call", "Bo", "Person")]
    )
    graph = document_graph(dg)
    labels = set(graph.objects(entity_iri(nfc, "Person"), SKOS.prefLabel))
    assert labels == {Literal(nfc)} and entity_iri(nfd, "Person") == entity_iri(nfc, "Person")
    assert validate(graph).conforms


def test_rdf_entities_carry_their_name_as_rdfs_label_for_generic_tools():
    # Protégé, YASGUI-style clients and RDFS-only code look for rdfs:label.
    g = document_graph(sample_doc(), generated_at=WHEN)
    entities = set(g.subjects(SKOS.prefLabel, None))
    assert entities
    for entity in entities:
        assert set(g.objects(entity, RDFS.label)) == {g.value(entity, SKOS.prefLabel)}
