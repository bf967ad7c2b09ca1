"""Whatever is on the user's disk: bad bytes, binary files, HTML, empty files, huge texts.

Every file is read without a crash; binary files are refused by name while the
rest of the run is stored; control characters never reach the stored RDF; texts
longer than spaCy's ``max_length`` are chunked, with offsets kept. HTML and XHTML
are in ``test_io.py``; documents the extractor fails on in ``extract/test_pipeline.py``.
"""

from __future__ import annotations

import codecs
import gzip
import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
import kg.io
from kg.cli import app
from kg.errors import InputError
from kg.io import decode, read_document, read_text
from kg.model import DocumentGraph, Triple
from tests.docgraphs import select_rows

GOOD = {
    "harbour.txt": "Lena Ortiz founded Harbour Labs in Lisbon. Harbour Labs hired Tomas Berg.",
    "river.md": "Nadia Okafor visited Kraków. The museum was designed by Ivo Sand.",
}


# C0 and C1 controls other than tab, newline and carriage return.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_RNG = random.Random(7)


RANDOM_BYTES = bytes(_RNG.randrange(256) for _ in range(2048))


RANDOM_BYTES_NO_NUL = bytes(_RNG.randrange(1, 256) for _ in range(2048))


PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + RANDOM_BYTES


GZIP_BYTES = gzip.compress(b"Ann met Bob in Oslo. " * 50)


PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + RANDOM_BYTES


BINARIES = {
    "noise.txt": RANDOM_BYTES,
    "noise-no-nul.txt": RANDOM_BYTES_NO_NUL,
    "paper.txt": PDF_BYTES,
    "notes.txt.gz.txt": GZIP_BYTES,
    "photo.txt": PNG_BYTES,
}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def stored_terms(store_path: Path, tmp_path: Path) -> list[ox.NamedNode | ox.Literal]:
    """Every IRI and literal of the store, read back from its N-Quads export."""
    with kg.open(store_path, read_only=True) as graph:
        out = graph.export(tmp_path / "dump.nq", format="nquads")
    terms: list[ox.NamedNode | ox.Literal] = []
    for quad in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS):
        terms += [t for t in (quad.subject, quad.predicate, quad.object, quad.graph_name)
                  if isinstance(t, ox.NamedNode | ox.Literal)]  # fmt: skip
    return terms


# ---------------------------------------------------------------- decoding


TEXT = "Zoë Brandt met Ömer Kaya in Malmö."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + TEXT.encode(), TEXT),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), TEXT),
        (TEXT.encode("utf-16-le"), TEXT),
        (TEXT.encode("utf-16-be"), TEXT),
        # Latin-1 bytes are not UTF-8: read as Windows-1252, never refused as binary.
        (TEXT.encode("latin-1"), TEXT),
        (
            TEXT.encode("cp1252") + " “quoted” – and more".encode("cp1252"),
            TEXT + " “quoted” – and more",
        ),
        # A truncated UTF-8 sequence at the very end, and a BOM in the middle.
        (TEXT.encode() + b"\xe2\x82", TEXT + "\ufffd"),
        ("a\ufeffb".encode(), "ab"),  # invisible characters go
    ],
)
def test_hostile_decode_never_crashes_and_keeps_the_text(data, expected):
    assert read_text(data, name="x.txt") == expected


@pytest.mark.parametrize("name", sorted(BINARIES))
def test_hostile_binary_files_refused_by_name_in_one_line(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BINARIES[name])
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert str(path) in message
    assert "binary" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "text",
    [
        "Plain text with a form feed\x0c and a vertical tab\x0b between pages.",
        "Terminal colours: \x1b[31mred\x1b[0m text, logged by a build tool.",
        "N\x08NA\x08AM\x08ME\x08E: an overstruck man page.",
        "Tabs\tand\r\nWindows line ends.\r\n" * 20,
    ],
)
def test_hostile_text_with_some_controls_is_not_called_binary(text):
    cleaned = decode(text.encode(), name="x.txt")
    assert cleaned == text


@pytest.mark.model
def test_hostile_build_refuses_binaries_and_stores_the_rest(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in GOOD.items():
        (docs / name).write_text(text, encoding="utf-8")
    for name, data in BINARIES.items():
        (docs / name).write_bytes(data)
    store = tmp_path / "store"
    result = invoke("build", str(docs), "--store", str(store))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    for name in BINARIES:
        # One line per refused file, naming it.
        assert len([line for line in lines if f"{name}:" in line]) == 1, (name, lines)
    assert lines[-1] == f"kg: error: {len(BINARIES)} documents could not be read"
    with kg.open(store, read_only=True) as graph:
        documents = graph.documents()
    assert {Path(d["doc_id"]).name for d in documents} == set(GOOD)
    assert all(d["statements"] > 0 for d in documents)


# ---------------------------------------------------------------- empty and control characters


EMPTYISH = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n\t  \r\n",
    "nuls.txt": b"\x00" * 300,
    "bom-only.txt": codecs.BOM_UTF8,
    "utf16-blank.txt": codecs.BOM_UTF16_LE + "   \n".encode("utf-16-le"),
    "empty.html": b"<html><head><script>x()</script></head><body> </body></html>",
}


@pytest.mark.model
def test_hostile_empty_blank_and_nul_files_give_zero_triples_and_no_error(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in EMPTYISH.items():
        (docs / name).write_bytes(data)
    store = tmp_path / "store"
    result = invoke("build", str(docs), "--store", str(store))
    assert result.exit_code == 0, result.output
    assert f"Read {len(EMPTYISH)} documents, 0 triples" in result.stderr
    with kg.open(store, read_only=True) as graph:
        documents = graph.documents()
        assert graph.stats()["statements"] == 0
    assert len(documents) == len(EMPTYISH)
    assert {d["statements"] for d in documents} == {0}
    for data in EMPTYISH.values():
        assert kg.triples(read_text(data, name="x.txt")) == []


# Stray control characters (C0, DEL, C1) sprinkled through ordinary text.
CONTROLLED = (
    "Lena\x07 Ortiz founded Harbour\x1b Labs in Lisbon.\x00 "
    "Harbour Labs\x85 hired Tomas\u009b Berg.\x7f Tomas Berg\x0b met Ivo\x0c Sand. "
    + "The city grew quickly in those years, and the port grew with it. "
    * 4
)


@pytest.mark.model
def test_hostile_control_characters_never_reach_stored_literals(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "controls.txt").write_bytes(CONTROLLED.encode("utf-8"))
    (docs / "controls-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + CONTROLLED.encode("utf-16-le"))
    store = tmp_path / "store"
    result = invoke("build", str(docs), "--store", str(store))
    assert result.exit_code == 0, result.output
    with kg.open(store) as graph:
        # Names handed in by hand (the library API) are cleaned before storing too.
        names = ["Ann\x00 Lee", "Bo\x1b[31m Ek", "Cy\u0085\u009f Ho", "Dag\x7f Li"]
        triples = [
            Triple(
                names[0], "meet\x03", names[1], "Person", "Person", sentence="Ann\x00 met\x08 Bo."
            ),
            Triple(names[2], "know\x1f", names[3], attribution="X\x85"),
        ]
        graph.add(DocumentGraph("doc\x00\x01id", "text\x02", triples, source="src\x04.txt"))
        labels = {
            str(r.name)
            for r in select_rows(graph.query("SELECT ?name { ?e skos:prefLabel ?name }"))
        }
    assert {"Ann Lee", "Bo[31m Ek", "Cy Ho", "Dag Li"} <= labels
    assert any("Berg" in label for label in labels)
    terms = stored_terms(store, tmp_path)
    assert len(terms) > 100
    bad = [t for t in terms if CONTROL_RE.search(t.value)]
    assert bad == []


@pytest.mark.model
def test_hostile_extract_on_text_with_controls_returns_clean_triples():
    text = read_text(CONTROLLED.encode(), name="x.txt")
    triples = kg.triples(text)
    assert triples
    for t in triples:
        for value in (t.subject, t.object, t.relation, t.sentence):
            assert not CONTROL_RE.search(value), value
        assert text[t.sentence_start : t.sentence_end] == t.sentence


# ---------------------------------------------------------------- long documents


@pytest.mark.model
def test_hostile_extract_a_real_size_single_line_document():
    # One line of 2.5 MB, mostly a single absurd token (cheap to parse), with real
    # sentences at the start, in the middle and at the end: offsets must stay right.
    filler = "x" * 1_250_000
    sentences = ["Lena Ortiz met Tomas Berg.", "Nadia Okafor met Ivo Sand.", "Ann Lee met Bo Ek."]
    text = f" {filler}. ".join(sentences)
    assert len(text) > 2_500_000
    triples = kg.triples(text)
    pairs = {(t.subject, t.object) for t in triples}
    assert {
        ("Lena Ortiz", "Tomas Berg"),
        ("Nadia Okafor", "Ivo Sand"),
        ("Ann Lee", "Bo Ek"),
    } <= pairs
    assert {t.sentence_start for t in triples} == {0, 1_250_029, 2_500_058}
    for t in triples:
        assert text[t.sentence_start : t.sentence_end] == t.sentence
        assert t.sentence_start <= t.start < t.end <= t.sentence_end


@pytest.mark.model
def test_hostile_build_a_real_size_single_line_file(tmp_path):
    filler = "y" * 1_250_000
    text = f"Lena Ortiz met Tomas Berg. {filler}. Nadia Okafor met Ivo Sand. {filler}."
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    graph = kg.build([path])
    try:
        rows = select_rows(
            graph.query(
                "SELECT ?begin ?end ?text { ?s a kg:Sentence ; nif:beginIndex ?begin ; "
                "nif:endIndex ?end ; nif:anchorOf ?text } ORDER BY ?begin"
            )
        )
        sentences = [(int(r.begin), int(r.end), str(r.text)) for r in rows]
    finally:
        graph.close()
    assert [b for b, _, _ in sentences] == [0, 1_250_029]
    assert all(text[b:e] == sentence for b, e, sentence in sentences)


def _single_line(n: int) -> str:
    names = ["Ann Lee", "Bo Ek", "Cy Ho", "Dag Li", "Eva Lund"]
    return "".join(f"{names[i % 5]} met {names[(i + 1) % 5]}. " for i in range(n))


@pytest.mark.model
def test_hostile_pipeline_chunks_below_a_small_max_length(nlp, monkeypatch):
    from kg.extract.pipeline import document_graphs

    text = _single_line(120)  # ~2,400 characters on one line
    (whole,) = document_graphs([kg.io.Document("long", text)])
    monkeypatch.setattr(nlp, "max_length", 1000)
    (graph,) = document_graphs([kg.io.Document("long", text)], max_chunk_chars=300)
    assert len(graph.triples) == 120
    starts = sorted(t.sentence_start for t in graph.triples)
    assert starts == sorted({m.start() for m in re.finditer(r"[A-Z]\w+ \w+ met", text)})
    for t in graph.triples:
        assert text[t.sentence_start : t.sentence_end] == t.sentence
        assert t.sentence_start <= t.start < t.end <= t.sentence_end
    # Chunked or not, the same triples at the same places.
    assert [t.as_dict() for t in graph.triples] == [t.as_dict() for t in whole.triples]


@pytest.mark.model
@pytest.mark.parametrize("max_chunk_chars", [None, 300])
def test_hostile_extract_follows_the_pipeline_max_length(nlp, monkeypatch, max_chunk_chars):
    # A text longer than the pipeline's max_length is chunked below it, not refused.
    monkeypatch.setattr(nlp, "max_length", 1000)
    if max_chunk_chars is not None:
        monkeypatch.setattr(kg.chunks, "MAX_CHUNK_CHARS", max_chunk_chars)
    text = _single_line(120)
    triples = kg.triples(text)
    assert len(triples) == 120
    assert all(text[t.sentence_start : t.sentence_end] == t.sentence for t in triples)


# ---------------------------------------------------------------- absurd tokens and names


@pytest.mark.model
def test_hostile_absurd_tokens_are_bounded_in_labels_and_iris():
    token = "Zq" + "z" * 200_000
    text = f"Lena Ortiz met {token} in Lisbon. {token} hired Tomas Berg."
    graph = kg.build([text])
    try:
        labels = [
            str(r.name)
            for r in select_rows(graph.query("SELECT ?name { ?e skos:prefLabel ?name }"))
        ]
        iris = [str(r.e) for r in select_rows(graph.query("SELECT DISTINCT ?e { ?e ?p ?o }"))]
    finally:
        graph.close()
    assert labels and max(map(len, labels)) <= 200
    assert max(map(len, iris)) <= 200


# ---------------------------------------------------------------- encodings, invisible characters


def test_hostile_latin1_file_is_read_as_latin1_and_said_so(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Zoë Brandt met Ömer Kaya in Malmö.".encode("latin-1"))
    store = tmp_path / "store"
    result = invoke("build", str(path), "--store", str(store), "-j", "1")
    assert result.exit_code == 0, result.output
    assert f"kg: note: {path}: not UTF-8; read as Windows-1252 (Latin-1)" in result.stderr
    with kg.open(store, read_only=True) as graph:
        rows = select_rows(graph.query("SELECT ?n { ?e skos:prefLabel ?n }"))
        names = {str(r.n) for r in rows}
    assert {"Zoë Brandt", "Ömer Kaya"} <= names


INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width, soft hyphen
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi
)


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_hostile_invisible_characters_split_no_name_and_reach_no_label(tmp_path, char):
    path = tmp_path / "doc.txt"
    path.write_text(f"Lena Or{char}tiz founded Harbour {char}Labs in Lisbon.", encoding="utf-8")
    store = tmp_path / "store"
    result = invoke("build", str(path), "--store", str(store), "-j", "1")
    assert result.exit_code == 0, result.output
    with kg.open(store, read_only=True) as graph:
        rows = select_rows(graph.query("SELECT ?s ?o { ?st rdf:subject/skos:prefLabel ?s ; "
                                       "rdf:object/skos:prefLabel ?o }"))  # fmt: skip
        pairs = {(str(r.s), str(r.o)) for r in rows}
    assert ("Lena Ortiz", "Harbour Labs") in pairs
    terms = stored_terms(store, tmp_path)
    assert not [t for t in terms if any(c in t.value for c in INVISIBLE)]


def test_hostile_invisible_characters_leave_library_labels_and_iris(tmp_path):
    from kg.rdf.terms import entity_iri

    graph = kg.open()
    graph.add(DocumentGraph("d", "", [Triple("Ann\u200b Lee\u202e", "meet", "Bo\u2066 Ek")]))
    labels = {str(r.n) for r in select_rows(graph.query("SELECT ?n { ?e skos:prefLabel ?n }"))}
    assert labels == {"Ann Lee", "Bo Ek"}
    assert entity_iri("Ann\u200b Lee\u202e") == entity_iri("Ann Lee")
