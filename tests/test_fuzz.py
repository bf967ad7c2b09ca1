"""Property tests: random bytes, random text and random graphs never crash kg.

Bounded for CI: each property runs a fixed number of examples (a few seconds).
"""

from __future__ import annotations

import codecs
import re

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.term import Node

import kg
from kg.chunks import chunks
from kg.errors import InputError
from kg.io import clean_text, read_text
from kg.model import ENTITY_TYPES, DocumentGraph, Entity, Triple
from kg.rdf.quads import document_graph, document_quads
from kg.rdf.terms import to_oxigraph

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BOMS = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b""]

# ---------------------------------------------------------------- the file reader


@settings(max_examples=300, deadline=None)
@given(
    bom=st.sampled_from(BOMS),
    data=st.binary(max_size=600),
    name=st.sampled_from(["a.txt", "a.html", "a.md", "a"]),
)
def test_fuzz_read_text_on_random_bytes(bom, data, name):
    try:
        text = read_text(bom + data, name=name)
    except InputError as err:
        assert name in str(err) and "\n" not in str(err)
        return
    assert not CONTROL_RE.search(text)
    text.encode("utf-8")  # no lone surrogates: spaCy's tokenizer can take it


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400), encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_fuzz_read_text_on_encoded_text_keeps_the_letters(text, encoding):
    data = text.encode(encoding, "surrogatepass") if encoding != "utf-8" else text.encode()
    # ASCII with every other byte NUL *is* BOM-less UTF-16 as much as it is UTF-8: no
    # reader can tell them apart, and kg reads it as UTF-16 (tested in test_io.py).
    half = len(data) // 2
    assume(not (encoding == "utf-8" and max(data[0::2].count(0), data[1::2].count(0)) > 0.4 * half))
    try:
        decoded = read_text(data, name="a.txt", html=False)
    except InputError:
        # Only text with several control characters, 5 % or more of it, may look binary.
        assert 4 <= len(CONTROL_RE.findall(text)) > 0.05 * len(text)
        return
    assert not CONTROL_RE.search(decoded)
    if encoding == "utf-8" and text.startswith("\ufeff"):
        text = text[1:]  # read as a byte-order mark
    assert decoded == clean_text(text)  # nothing lost or garbled on the way in


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), max_chars=st.integers(min_value=1, max_value=80))
def test_fuzz_chunks_cover_the_text(text, max_chars):
    pieces = list(chunks(text, max_chars=max_chars))
    assert "".join(p for _, p in pieces) == text
    assert all(0 < len(p) <= max_chars and text[o : o + len(p)] == p for o, p in pieces)


# ---------------------------------------------------------------- the extractor


WORDS = "Ann Lee met Bob Ek in Oslo . , The firm hired did not sign said that she It « » \" 's"
WORDS_LIST = [*WORDS.split(), "\n", "\n\n"]
noisy_text = st.lists(st.one_of(st.sampled_from(WORDS_LIST), st.text(max_size=6)), max_size=40).map(
    " ".join
)


@pytest.mark.model
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=noisy_text)
def test_fuzz_extract_random_text_gives_valid_triples_and_rdf(nlp, text):
    text = clean_text(text)  # as the reader hands it on
    triples = kg.triples(text, doc_id="fuzz")
    for t in triples:
        assert text[t.sentence_start : t.sentence_end] == t.sentence
        assert 0 <= t.sentence_start <= t.start <= t.end <= t.sentence_end <= len(text)
        assert t.subject_type in ENTITY_TYPES and t.object_type in ENTITY_TYPES
        assert t.subject and t.relation and t.object
    _assert_valid_rdf(DocumentGraph("fuzz", text, triples))


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # A surrogate-escaped byte, as os.fsdecode gives, and a lone high surrogate.
        pytest.param("Ann met Bob\udcff in Oslo.", id="lone-low-surrogate"),
        pytest.param("Ann \ud800met Bob.", id="lone-high-surrogate"),
        "\x00Ann met\x1b Bob.\x85",
    ],
)
def test_fuzz_extract_survives_surrogates_and_controls(nlp, text):
    triples = kg.triples(text)
    for t in triples:
        t.sentence.encode("utf-8")
    _assert_valid_rdf(DocumentGraph("d", text, triples))


# ---------------------------------------------------------------- the RDF mapping


names = st.text(max_size=30)
types = st.sampled_from(sorted(ENTITY_TYPES))
triples = st.builds(
    Triple,
    subject=names,
    relation=names,
    object=names,
    subject_type=types,
    object_type=types,
    polarity=st.sampled_from(["positive", "negative"]),
    modality=st.one_of(st.none(), names),
    attribution=st.one_of(st.none(), names),
    confidence=st.floats(min_value=-1, max_value=2, allow_nan=False),
    sentence=st.text(max_size=60),
    sentence_start=st.integers(0, 10_000),
    sentence_end=st.integers(0, 10_000),
    start=st.integers(0, 10_000),
    end=st.integers(0, 10_000),
)


@st.composite
def document_graphs(draw: st.DrawFn) -> DocumentGraph:
    found = draw(st.lists(triples, max_size=6))
    entities = {
        (name, type_): Entity(name, type_, aliases=draw(st.sets(names, max_size=3)))
        for name, type_ in draw(st.lists(st.tuples(names, types), max_size=3))
    }
    return DocumentGraph(
        draw(names), draw(st.text(max_size=80)), found, entities, source=draw(st.none() | names)
    )


def _ox_quad(quad: tuple[Node, Node, Node, Node]) -> ox.Quad:
    s, p, o, g = (to_oxigraph(term) for term in quad)
    assert isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode)
    assert isinstance(o, ox.NamedNode | ox.BlankNode | ox.Literal)
    assert isinstance(g, ox.NamedNode | ox.BlankNode | ox.DefaultGraph)
    return ox.Quad(s, p, o, g)


def _assert_valid_rdf(dg: DocumentGraph) -> None:
    quads = document_quads(dg)
    ox_quads = [_ox_quad(quad) for quad in quads]
    for quad in ox_quads:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.Literal):
                assert not CONTROL_RE.search(term.value)
    for fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        data = ox.serialize(ox_quads, format=fmt)
        assert set(ox.parse(data, format=fmt)) == set(ox_quads)
    graph = document_graph(dg)  # and through rdflib (N-Triples)
    assert isomorphic(Graph().parse(data=graph.serialize(format="nt"), format="nt"), graph)


@pytest.mark.parametrize("confidence", [0.0, 1.0])
def test_fuzz_rdflib_turtle_round_trip_of_whole_confidences(confidence):
    dg = DocumentGraph("d", "", [Triple("Ann", "meet", "Bob", confidence=confidence)])
    graph = document_graph(dg)
    assert isomorphic(Graph().parse(data=graph.serialize(format="turtle"), format="turtle"), graph)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dg=document_graphs())
def test_fuzz_rdf_mapping_of_random_graphs_parses_back(dg):
    _assert_valid_rdf(dg)
