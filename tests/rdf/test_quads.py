"""kg.rdf: IRI minting, the quads of a document, the ontology and its generated namespace."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg._version import __version__
from kg.errors import FormatError
from kg.model import (
    ENTITY_TYPES,
    Argument,
    DocumentGraph,
    Entity,
    EntityMention,
    Extraction,
    Triple,
)
from kg.rdf.namespaces import KG, NIF
from kg.rdf.ontology import KG_NAMESPACE, load_ontology
from kg.rdf.quads import document_graph, document_quads
from kg.rdf.terms import (
    DEFAULT_BASE_IRI,
    HASH_LENGTH,
    MAX_SLUG_LENGTH,
    check_base_iri,
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


# ---------------------------------------------------------------- IRIs


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_rdf_entity_iri_valid_and_bounded_for_hostile_names(name):
    iri = entity_iri(name, "Person")
    pyoxigraph.NamedNode(str(iri))  # raises ValueError on an invalid IRI
    assert iri.startswith(f"{DEFAULT_BASE_IRI}entity/")
    assert len(iri) <= len(DEFAULT_BASE_IRI) + len("document/") + MAX_SLUG_LENGTH + 1 + HASH_LENGTH
    assert iri == entity_iri(name, "Person")  # deterministic


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_rdf_relation_and_document_iri_valid_for_hostile_names(name):
    for iri in (relation_iri(name), document_iri(name, name)):
        pyoxigraph.NamedNode(str(iri))
        longest = len(DEFAULT_BASE_IRI) + len("document/") + MAX_SLUG_LENGTH + 1 + HASH_LENGTH
        assert len(iri) <= longest


def test_rdf_entity_iri_is_readable_and_stable():
    # Pinned: an IRI that changes between releases breaks every stored graph.
    assert entity_iri("Xi Jinping", "Person") == URIRef(
        "https://kg.example.org/entity/xi-jinping-000956117c510b5d0ab86608a8de504b"
    )


def test_rdf_entity_iri_tells_apart_names_with_the_same_slug_and_types():
    iris = {
        entity_iri("Lantern Works", "Organization"),
        entity_iri("lantern works", "Organization"),
        entity_iri("Lantern  Works!", "Organization"),
        entity_iri("Lantern Works", "Place"),
        entity_iri("x" * 100_000, "Concept"),
        entity_iri("x" * 100_001, "Concept"),
    }
    assert len(iris) == 6


@pytest.mark.parametrize(
    ("relation", "local"),
    [
        ("support", "support"),
        ("chief executive of", "chief-executive-of"),
        ("travel to", "travel-to"),
        ("be 2nd in", "be-2nd-in"),
    ],
)
def test_rdf_relation_iri_lossless_slugs_have_no_hash(relation, local):
    assert relation_iri(relation) == URIRef(f"{DEFAULT_BASE_IRI}relation/{local}")


@pytest.mark.parametrize(
    ("relation", "lossless"),
    [
        ("co-found", "co found"),
        ("Support", "support"),
        ("travel  to", "travel to"),
        ("be in!", "be in"),
        ("élire", "elire"),
    ],
)
def test_rdf_relation_iri_lossy_slugs_get_a_hash(relation, lossless):
    plain = relation_iri(lossless)
    iri = relation_iri(relation)
    assert iri != plain
    assert iri.startswith(plain + "-") and len(iri) == len(plain) + 1 + HASH_LENGTH


def test_rdf_document_iri_depends_on_id_not_content_unless_id_is_empty():
    assert document_iri("a.txt", "one") == document_iri("a.txt", "two")
    assert document_iri("", "one") != document_iri("", "two")
    assert document_iri("a.txt") != document_iri("b.txt")


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://example.org/kg", "https://example.org/kg/"),
        ("https://example.org/kg/", "https://example.org/kg/"),
        ("urn:x-kg:", "urn:x-kg:/"),
        ("https://example.org/kg#", "https://example.org/kg#"),
    ],
)
def test_rdf_check_base_iri_normalises(base, expected):
    assert check_base_iri(base) == expected


@pytest.mark.parametrize("base", ["", "kg/", "not an iri", "https://exa mple.org/", "http://x/<>"])
def test_rdf_check_base_iri_rejects_invalid(base):
    with pytest.raises(FormatError):
        check_base_iri(base)


def test_rdf_base_iri_is_used_for_every_minted_iri():
    quads = document_quads(sample_doc(), base="https://example.org/kg/", generated_at=WHEN)
    minted = {t for q in quads for t in q if isinstance(t, URIRef)}
    ours = {t for t in minted if "kg.example.org/" in t and "/ontology#" not in t}
    assert ours == set()
    assert any(t.startswith("https://example.org/kg/entity/") for t in minted)


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


# ---------------------------------------------------------------- ontology


def test_rdf_ontology_defines_every_entity_type_and_maps_it_to_schema_org():
    onto = load_ontology()
    schema = "https://schema.org/"
    for name in (*ENTITY_TYPES, "Entity", "Document", "Sentence", "Statement"):
        cls = URIRef(KG_NAMESPACE + name)
        assert (cls, RDF.type, OWL.Class) in onto, name
        parents = {*onto.objects(cls, RDFS.subClassOf), *onto.objects(cls, OWL.equivalentClass)}
        if name in ENTITY_TYPES:
            assert KG.Entity in parents, name
        mapped = {*parents, *(p2 for p in parents for p2 in onto.objects(p, RDFS.subClassOf))}
        assert any(str(p).startswith(schema) for p in mapped), name


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


def _namespace_generator():
    """``tools/gen_namespace.py``, the development script that writes ``kg/rdf/namespaces.py``."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "tools" / "gen_namespace.py"
    spec = importlib.util.spec_from_file_location("gen_namespace", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rdf_namespace_module_matches_the_ontology():
    _gen_namespace = _namespace_generator()
    # Regenerate kg/rdf/namespaces.py from ontologies/kg.ttl and diff it with the committed copy.
    source = _gen_namespace.generate(_gen_namespace.ontology_path().read_text(encoding="utf-8"))
    committed = _gen_namespace.namespace_module_path().read_text(encoding="utf-8")
    assert source == committed, "stale kg/rdf/namespaces.py: run python tools/gen_namespace.py"
    assert _gen_namespace.main(["--check"]) == 0


def test_rdf_namespace_is_closed():
    with pytest.raises(AttributeError):
        _ = KG.Persn


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
