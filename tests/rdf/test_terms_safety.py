"""Hostile names mint valid, deterministic, distinct IRIs; every export parses back.

Names with spaces, quotes, ``<>{}|^`\\``, tabs, newlines, NUL, bidi and zero-width
characters, or 100k characters, must give IRIs Oxigraph accepts, the same IRI
for the same name in any Unicode normalisation form, and different IRIs for
different names. A store filled with such names exports to every format and
parses back (with rdflib, another parser than the writer) to the same graph.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.io import INVISIBLE_RE
from kg.model import DocumentGraph, Entity, Triple
from kg.rdf.terms import document_iri, entity_iri, from_oxigraph, relation_iri
from kg.store.formats import FORMATS
from kg.store.graph import KnowledgeGraph

EXPORT_FORMATS = {n: (f.rdf_format, f.keeps_graphs) for n, f in FORMATS.items() if f.kind == "rdf"}

HOSTILE = [
    "",
    " ",
    "Ann Lee",
    "say \"hi\" to 'Bo'",
    "<script>alert(1)</script>",
    "a{b}c|d^e`f",
    "back\\slash\\u0041\\n",
    "tab\there\nnew\rline",
    "nul\x00byte",
    "esc\x1b[31mred",
    "c1\x85\x9fchars",
    "bidi \u202eevil\u202c \u2066iso\u2069",
    "zero\u200bwidth\u200d\ufeff",
    "emoji 🧪 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Zoë Ångström",
    "?query=1&x=2#frag",
    "../../etc/passwd",
    "%00%2F%zz",
    "_:blank",
    "urn:not:a:prefix",
    "\ufffe\uffff\ufdd0",
    "x" * 100_000,
    "word " * 20_000,
]
MINTERS: dict[str, Callable[[str], URIRef]] = {
    "entity": lambda name: entity_iri(name, "Person"),
    "relation": relation_iri,
    "document": document_iri,
}


@pytest.mark.parametrize("kind", sorted(MINTERS))
@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_iri_hostile_names_mint_valid_bounded_iris(kind, name):
    iri = str(MINTERS[kind](name))
    assert ox.NamedNode(iri).value == iri
    assert len(iri) < 200
    assert iri.isascii()
    assert not any(c in iri for c in ' <>"{}|^`\\')


@pytest.mark.parametrize("kind", sorted(MINTERS))
def test_iri_hostile_names_never_collide(kind):
    iris = [MINTERS[kind](name) for name in HOSTILE]
    assert len(set(iris)) == len(HOSTILE)


def test_iri_lone_surrogates_mint_valid_iris():
    for minter in MINTERS.values():
        iri = str(minter("half \ud800 pair \udfff"))
        assert ox.NamedNode(iri).value == iri


NORMALISATION_NAMES = ["Zoë Ångström", "Ömer Kaya", "Ṩọṃẹ Ḍịạčṛịṭịčṣ", "한국어", "Café"]


@pytest.mark.parametrize("kind", sorted(MINTERS))
def test_iri_same_name_in_nfc_and_nfd_mints_one_iri(kind):
    for name in NORMALISATION_NAMES:
        forms = {unicodedata.normalize(form, name) for form in ("NFC", "NFD")}
        assert len(forms) == 2  # the forms do differ as strings
        assert len({MINTERS[kind](form) for form in forms}) == 1, name


names = st.text(max_size=80)


def _as_stored(name: str) -> str:
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFC", name))


@settings(max_examples=300, deadline=None)
@given(a=names, b=names)
def test_iri_different_names_mint_different_iris(a, b):
    if _as_stored(a) == _as_stored(b):
        # One name in two spellings (see the normalisation test), or apart only by
        # invisible format characters (a soft hyphen, a zero-width space), which a
        # stored name never keeps.
        return
    assert entity_iri(a, "Person") != entity_iri(b, "Person")
    assert entity_iri(a, "Person") != entity_iri(a, "Place")
    assert relation_iri(a) != relation_iri(b)
    assert document_iri(a) != document_iri(b) or not (a and b)


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=300))
def test_iri_any_name_mints_a_valid_iri(name):
    for minter in MINTERS.values():
        iri = str(minter(name))
        assert ox.NamedNode(iri).value == iri
        assert minter(name) == minter(name)  # deterministic


# ---------------------------------------------------------------- exports parse back


WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def hostile_documents() -> list[DocumentGraph]:
    """Document graphs built by hand around every hostile name."""
    docs = []
    short = [name[:500] for name in HOSTILE]
    for i, name in enumerate(short):
        other = short[(i + 1) % len(short)]
        triples = [
            Triple(name, "meet", other, "Person", "Organization", sentence=f"{name} met {other}.",
                   sentence_start=0, sentence_end=len(name) + 5, start=0, end=len(name)),
            Triple(other, name or "x", name, modality=name or None, attribution=other or None,
                   polarity="negative", confidence=0.25, sentence=name, sentence_start=3,
                   sentence_end=9),
        ]  # fmt: skip
        entities = {(name, "Person"): Entity(name, "Person", aliases={other, name + "'s"})}
        doc_id, text = f"doc/{i}/{name[:50]}", f"text of {name}"
        docs.append(DocumentGraph(doc_id, text, triples, entities, source=name or None))
    return docs


@pytest.fixture(scope="module")
def hostile_store():
    store = KnowledgeGraph.open()
    for dg in hostile_documents():
        assert store.add(dg, generated_at=WHEN)
    yield store
    store.close()


def _expected_dataset(store: KnowledgeGraph) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for name in store.store.named_graphs():
        graph = Graph()
        for q in store.store.quads_for_pattern(None, None, None, name):
            graph.add((from_oxigraph(q.subject), from_oxigraph(q.predicate),
                       from_oxigraph(q.object)))  # fmt: skip
        graphs[name.value] = graph
    return graphs


RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads",
                  "jsonld": "json-ld", "rdfxml": "xml"}  # fmt: skip


def test_iri_export_formats_cover_what_the_store_offers():
    assert {"turtle", "trig", "nquads", "jsonld"} <= set(EXPORT_FORMATS)
    assert set(EXPORT_FORMATS) <= set(RDFLIB_FORMATS)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(
    "fmt",
    sorted(EXPORT_FORMATS),
)
def test_iri_every_export_format_parses_back_isomorphic(hostile_store, tmp_path, fmt):
    expected = _expected_dataset(hostile_store)
    assert len(expected) == len(HOSTILE)
    path = hostile_store.export(tmp_path / f"dump.{fmt}", format=fmt)
    keeps_graphs = EXPORT_FORMATS[fmt][1]
    if keeps_graphs:
        dataset = Dataset()
        dataset.parse(path, format=RDFLIB_FORMATS[fmt])
        parsed = {
            str(g.identifier): g
            for g in dataset.graphs()
            if len(g) and str(g.identifier) in expected
        }
        assert set(parsed) == set(expected)
        for name, graph in expected.items():
            assert isomorphic(parsed[name], graph), name
    else:
        union = Graph()
        for graph in expected.values():
            union += graph
        parsed_graph = Graph().parse(path, format=RDFLIB_FORMATS[fmt])
        assert isomorphic(parsed_graph, union)
    # Oxigraph's own parser reads it back as well.
    assert sum(1 for _ in ox.parse(path=str(path), format=EXPORT_FORMATS[fmt][0])) > 0
