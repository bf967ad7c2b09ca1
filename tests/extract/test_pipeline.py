"""The extraction loop: pieces, batches, streaming, long documents, skipping stored ones."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import kg
import kg.io
from kg.cli import app
from kg.extract import pipeline
from kg.extract.pipeline import (
    Piece,
    assemble,
    batches,
    document_graphs,
    document_pieces,
    max_piece_chars,
)
from kg.io import Document
from kg.model import DocumentGraph, Triple
from tests.processes import finishes
from tests.test_hostile_input import GOOD, invoke


def _people(n: int, start: int = 0) -> str:
    names = ["Ann Lee", "Bo Ek", "Cy Ho", "Dag Li", "Eva Lund"]
    return "".join(f"{names[i % 5]} met {names[(i + 1) % 5]}. " for i in range(start, start + n))


# ---------------------------------------------------------------- no model


def test_pipeline_batches_bound_pieces_and_characters():
    pieces = [Piece("x" * n, "d", 0) for n in (10, 10, 10, 51, 200, 5)]
    assert [[len(p.text) for p in b] for b in batches(pieces, batch_size=2, batch_chars=60)] == [
        [10, 10],
        [10],  # 10 + 51 would pass 60
        [51],
        [200],  # a longer piece is a batch of its own
        [5],
    ]


def test_pipeline_pieces_keep_offsets_into_the_text():
    text = "First line here.\n\n  \nSecond one.\r\nThird."
    lines = document_pieces(Document("d", text), max_chars=100, sentence_per_line=True)
    assert [text[p.offset : p.offset + len(p.text)] for p in lines] == [p.text for p in lines]
    assert [p.text for p in lines] == ["First line here.", "Second one.", "Third."]
    chunks = document_pieces(Document("d", _people(40)), max_chars=100)
    assert len(chunks) > 5 and all(len(p.text) <= 100 for p in chunks)
    assert "".join(p.text for p in chunks) == _people(40)
    assert document_pieces(Document("d", ""), max_chars=100) == [Piece("", "d", 0)]


def _fake_parse(pieces):
    """A parser without spaCy: one triple per piece, at its offset."""
    for piece in pieces:
        part = DocumentGraph(piece.doc_id, "")
        part.triples.append(Triple(piece.text.strip(), "be", "piece", start=piece.offset))
        yield part


def test_pipeline_assemble_merges_pieces_in_order_and_streams():
    docs = [Document("a", "A1. A2. A3."), Document("empty", ""), Document("b", "B1.")]
    consumed = []

    def source():
        for d in docs:
            consumed.append(d.doc_id)
            yield d

    graphs = assemble(source(), _fake_parse, max_chars=4, sentence_per_line=False)
    first = next(graphs)
    assert first.doc_id == "a" and [t.subject for t in first.triples] == ["A1.", "A2.", "A3."]
    assert [t.start for t in first.triples] == [0, 4, 8]
    assert "b" not in consumed  # streaming: later documents are not read yet
    assert [(g.doc_id, len(g.triples)) for g in graphs] == [("empty", 1), ("b", 1)]


def test_pipeline_assemble_keeps_documents_without_lines_in_place():
    docs = [Document("blank", "\n \n"), Document("one", "Line."), Document("none", "")]
    graphs = list(assemble(docs, _fake_parse, max_chars=100, sentence_per_line=True))
    assert [(g.doc_id, len(g.triples)) for g in graphs] == [("blank", 0), ("one", 1), ("none", 0)]


def test_pipeline_merge_keeps_first_entity_and_unions_aliases():
    graph = DocumentGraph("d", "")
    for aliases in ({"Ann"}, {"A. Lee"}):
        part = DocumentGraph("d", "")
        part.entities[("Ann Lee", "Person")] = kg.model.Entity("Ann Lee", "Person", set(aliases))
        pipeline.merge_graph(graph, part)
    assert graph.entities[("Ann Lee", "Person")].aliases == {"Ann", "A. Lee"}


# ---------------------------------------------------------------- with the model


@pytest.mark.model
def test_pipeline_chunks_follow_the_pipeline_max_length(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 500)
    assert max_piece_chars() == 500
    text = _people(60)  # ~1,200 characters on one line
    (graph,) = document_graphs([Document("long", text)])
    assert len(graph.triples) == 60


@pytest.mark.model
def test_pipeline_a_long_single_line_document_is_chunked_with_offsets_right(monkeypatch):
    # 2.5 MB on one line: cheap filler tokens, real sentences at the start, middle, end.
    calls = []
    real_batch = pipeline.parse_batch

    def counting(batch):
        calls.append([len(p.text) for p in batch])
        return real_batch(batch)

    monkeypatch.setattr(pipeline, "parse_batch", counting)
    filler = "x" * 1_250_000  # one absurd token: cheap to parse, cut hard between chunks
    sentences = ["Lena Ortiz met Tomas Berg.", "Nadia Okafor met Ivo Sand.", "Ann Lee met Bo Ek."]
    text = f" {filler}. ".join(sentences)
    assert len(text) > 2_490_000 and "\n" not in text
    (graph,) = document_graphs([Document("big", text)])
    pieces = [n for batch in calls for n in batch]
    assert sum(pieces) == len(text) and max(pieces) <= kg.chunks.MAX_CHUNK_CHARS
    assert max(sum(batch) for batch in calls) <= max(pipeline.BATCH_CHARS, max(pieces))
    found = {(t.subject, t.object): t for t in graph.triples}
    for subject, obj in [("Lena Ortiz", "Tomas Berg"), ("Nadia Okafor", "Ivo Sand")]:
        triple = found[(subject, obj)]
        assert triple.sentence_start == text.index(f"{subject} met {obj}.")
        assert triple.sentence_start <= triple.start < triple.end <= triple.sentence_end
    last = found[("Ann Lee", "Bo Ek")]
    assert last.sentence_start == text.rindex("Ann Lee met Bo Ek.")
    for t in graph.triples:
        assert text[t.sentence_start : t.sentence_end] == t.sentence
    for e in graph.extractions:
        assert text[e.arg1.start : e.arg1.end] == e.arg1.text


@pytest.mark.model
def test_pipeline_sentence_per_line_matches_line_by_line_parsing():
    text = "Ann Lee met Bo Ek\n\nCy Ho met Dag Li.\nEva Lund wrote a book"
    (graph,) = document_graphs([Document("d", text)], sentence_per_line=True)
    assert [(t.subject, t.sentence_start) for t in graph.triples] == [
        ("Ann Lee", 0),
        ("Cy Ho", 19),
        ("Eva Lund", 37),
    ]
    assert all(text[t.sentence_start : t.sentence_end] == t.sentence for t in graph.triples)


@pytest.mark.model
def test_pipeline_build_skips_stored_documents_without_parsing(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ann Lee met Bo Ek in Oslo.")
    (corpus / "b.txt").write_text("Cy Ho founded Acme Corp.")
    parsed: list[str] = []
    real_batch = pipeline.parse_batch

    def counting(batch):
        parsed.extend(p.doc_id for p in batch)
        return real_batch(batch)

    monkeypatch.setattr(pipeline, "parse_batch", counting)
    store = tmp_path / "store"
    kg.build(corpus, store, n_process=1).close()
    assert sorted(parsed) == [str(corpus / "a.txt"), str(corpus / "b.txt")]

    parsed.clear()
    (corpus / "c.txt").write_text("Dag Li wrote a book.")
    (corpus / "b.txt").write_text("Cy Ho sold Acme Corp.")  # changed: parsed again
    seen: list[tuple[str, bool]] = []
    graph = kg.build(
        corpus, store, n_process=1, on_progress=lambda d, g, e: seen.append((str(d), g is None))
    )
    assert sorted(parsed) == [str(corpus / "b.txt"), str(corpus / "c.txt")]
    assert (str(corpus / "a.txt"), True) in seen  # reported as skipped
    assert graph.stats()["documents"] == 3
    assert graph.query("ASK { ?a rel:sell ?b }") and not graph.query("ASK { ?a rel:found ?b }")
    graph.close()

    parsed.clear()
    kg.build(corpus, store, n_process=1, skip_unchanged=False).close()
    assert len(parsed) == 3  # asked to, it parses everything again


@pytest.mark.model
def test_pipeline_cli_build_says_how_many_were_skipped(tmp_path):

    doc = tmp_path / "a.txt"
    doc.write_text("Ann Lee met Bo Ek.")
    store = str(tmp_path / "store")
    runner = CliRunner()
    first = runner.invoke(app, ["build", str(doc), "--store", store, "-j", "1"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["build", str(doc), "--store", store, "-j", "1"])
    assert again.exit_code == 0, again.output
    assert re.search(r"Read 0 documents.*\(1 unchanged, skipped\)", again.output)


# ---------------------------------------------------------------- documents the extractor fails on


@pytest.mark.parametrize(
    "text",
    [
        "Ann met " + ", ".join(["Bob"] * 200_000) + ".",  # a comma list, one 1.2 MB sentence
        ("word " * 1_000_000).strip(),  # 5 MB on one line, no sentence end at all
        "Ann Lee met Bo Ek. " * 1000 + "x" * 30_000 + " y" * 5_000 + ". Cy Ho left.",
        "Short.",
    ],
)
def test_hostile_run_on_text_is_cut_into_sentence_sized_pieces(text):
    # The extractor's work grows faster than linearly with a sentence's length: no
    # stretch without a sentence end reaches it longer than MAX_SENTENCE_CHARS.
    from kg.extract.pipeline import document_pieces

    document = kg.io.Document("d", text)
    pieces = finishes(lambda: document_pieces(document, max_chars=kg.chunks.MAX_CHUNK_CHARS))
    assert "".join(p.text for p in pieces) == text
    assert all(text[p.offset : p.offset + len(p.text)] == p.text for p in pieces)
    for piece in pieces:
        runs = re.split(r"(?<=[.!?])\s+(?=[A-Z])", piece.text)
        # At most a sentence's worth of words (a long token without spaces costs little).
        assert max(len(r.split()) for r in runs) <= kg.chunks.MAX_SENTENCE_CHARS // 2
        assert all(len(r) <= kg.chunks.MAX_SENTENCE_CHARS or len(r.split()) < 10 for r in runs)


@pytest.mark.model
@pytest.mark.parametrize("n_process", ["1", "2"])
def test_hostile_a_document_the_extractor_fails_on_is_reported_and_the_rest_stored(
    tmp_path, monkeypatch, n_process
):
    from kg.extract import pipeline

    real = pipeline.piece_graph

    def fragile(doc, **kwargs):
        if "Nadia" in doc.text:  # stands for any bug the extractor has on some input
            raise OverflowError("math range error")
        return real(doc, **kwargs)

    monkeypatch.setattr(pipeline, "piece_graph", fragile)  # forked workers inherit it
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 80)  # a batch per document or two
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in GOOD.items():
        (docs / name).write_text(text, encoding="utf-8")
    for i in range(4):
        (docs / f"more{i}.txt").write_text(f"Ann Lee{i} met Bo Ek{i}.", encoding="utf-8")
    store = tmp_path / "store"
    result = invoke("build", str(docs), "--store", str(store), "-j", n_process)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"kg: skipped {docs / 'river.md'}: cannot extract: OverflowError: math range error"
    )
    assert lines[-1] == "kg: error: 1 document could not be read or extracted"
    with kg.open(store, read_only=True) as graph:
        stored = {Path(d["doc_id"]).name for d in graph.documents()}
    assert stored == {"harbour.txt", "more0.txt", "more1.txt", "more2.txt", "more3.txt"}


@pytest.mark.model
def test_hostile_a_long_comma_list_builds_in_seconds(tmp_path, monkeypatch):
    # 2,000 names in one sentence took 40 s to extract (and 12,000 never ended): the
    # extractor's work grows faster than linearly with a sentence's length, so the build
    # hands it the sentence in parts of at most MAX_SENTENCE_CHARS.
    from kg.extract import pipeline

    extract = pipeline.piece_graph
    parts: list[int] = []

    def recording(doc: Any, **options: Any) -> Any:
        parts.append(len(doc.text))
        return extract(doc, **options)

    monkeypatch.setattr(pipeline, "piece_graph", recording)
    path = tmp_path / "list.txt"
    path.write_text("Ann Lee met " + ", ".join(["Bob"] * 2000) + " and Cy Ho.", encoding="utf-8")
    graph = finishes(lambda: kg.build([path], n_process=1))
    try:
        assert graph.stats()["documents"] == 1
    finally:
        graph.close()
    assert len(parts) > 1 and max(parts) <= kg.chunks.MAX_SENTENCE_CHARS


@pytest.mark.model
def test_pipeline_dateline_is_not_a_subject():
    text = "TALLINN, March 4 — Nordvik Shipping signed a ten-year agreement on Monday."
    triples = {(t.subject, t.relation, t.object) for t in kg.triples(text) if t.asserted}
    assert ("Nordvik Shipping", "sign", "ten-year agreement") in triples
    assert not any(s.lower() == "tallinn" for s, _, _ in triples)


@pytest.mark.model
def test_pipeline_paragraph_without_full_stop_keeps_the_next_name_whole():
    text = "Peter Hall visited Rome\n\nMaria Lopez signed the contract."
    triples = kg.triples(text)
    assert {(t.subject, t.relation, t.object) for t in triples} >= {
        ("Peter Hall", "visit", "Rome"),
        ("Maria Lopez", "sign", "contract"),
    }
    assert all(t.sentence == t.sentence.strip() for t in triples)


@pytest.mark.model
def test_pipeline_lone_surrogates_keep_offsets():
    text = "Intro \udcff. Anna Berg met Karl Tamm."
    (triple,) = kg.triples(text)
    assert text[triple.sentence_start : triple.sentence_end] == "Anna Berg met Karl Tamm."
