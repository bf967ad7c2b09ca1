"""kg extract and kg entities: triples and mentions as JSON lines, TSV, CaRB and tables."""

from __future__ import annotations

import json

import pytest

from tests.cli.runner import PNG_BYTES, TEXTS, assert_user_error, invoke

# ---------------------------------------------------------------- extract


@pytest.mark.model
def test_cli_extract_jsonl(built):
    result = invoke("extract", str(built["docs"] / "travel.txt"))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    keys = {
        "doc", "subject", "relation", "object", "subject_type", "object_type", "polarity",
        "modality", "confidence", "sentence", "sentence_start", "sentence_end", "start", "end",
    }  # fmt: skip
    text = TEXTS["travel.txt"]
    for record in records:
        assert keys <= set(record)
        assert record["doc"] == str(built["docs"] / "travel.txt")
        assert text[record["sentence_start"] : record["sentence_end"]] == record["sentence"]
    facts = {(r["subject"], r["relation"], r["object"]) for r in records}
    assert ("Gustave Eiffel", "design", "bridge") in facts


@pytest.mark.model
def test_cli_extract_tsv(built):
    result = invoke("extract", "--format", "tsv", str(built["docs"]))
    assert result.exit_code == 0, result.output
    header, *rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert header[:4] == ["doc", "subject", "relation", "object"]
    assert rows
    assert all(len(row) == len(header) for row in rows)
    negated = [r for r in rows if r[1] == "Kestrel Labs" and r[3] == "Vela Systems"]
    assert negated and negated[0][header.index("polarity")] == "negative"


@pytest.mark.model
def test_cli_extract_stdin():
    result = invoke("extract", "-", input="The bridge was designed by Gustave Eiffel.\n")
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["subject"], record["relation"], record["object"]) == (
        "Gustave Eiffel",
        "design",
        "bridge",
    )
    assert record["doc"] == "-"


@pytest.mark.model
def test_cli_extract_carb_sentence_per_line(tmp_path):
    lines = [
        "The bridge was designed by Gustave Eiffel.",
        "Peter Hall visited Rome and Paris in May.",
        "Omar Haddad, a chemist from Cairo, joined Kestrel Labs.",
        "Maria Lopez did not sign the contract.",
    ]
    path = tmp_path / "sentences.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("extract", "--format", "carb", "--sentence-per-line", str(path))
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out
    for line in out:
        fields = line.split("\t")
        assert fields[0] in lines
        assert len(fields) >= 4
        float(fields[1])  # the confidence
    assert {line.split("\t")[0] for line in out} >= set(lines[:3])


SENTENCE_LINES = [
    "Peter Hall visited Rome",  # no full stop: the line still ends the sentence
    "Maria Lopez signed the contract.",
]


@pytest.mark.model
def test_cli_extract_jsonl_sentence_per_line_keeps_lines_apart(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(SENTENCE_LINES) + "\n", encoding="utf-8")
    result = invoke("extract", "--sentence-per-line", str(path))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["sentence"] for r in records} == set(SENTENCE_LINES)


@pytest.mark.model
def test_cli_extract_jsonl_sentence_per_line_offsets_point_into_the_file(tmp_path):
    path = tmp_path / "lines.txt"
    text = "\n".join(SENTENCE_LINES) + "\n"
    path.write_text(text, encoding="utf-8")
    result = invoke("extract", "--format", "tsv", "--sentence-per-line", str(path))
    assert result.exit_code == 0, result.output
    header, *rows = [line.split("\t") for line in result.stdout.splitlines()]
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert len(records) == 2
    for record in records:
        start, end = int(record["sentence_start"]), int(record["sentence_end"])
        assert text[start:end] == record["sentence"]
        assert start <= int(record["start"]) < int(record["end"]) <= end


@pytest.mark.model
def test_cli_extract_carb_from_stdin():
    text = "The bridge was designed by Gustave Eiffel.\nPeter Hall visited Rome.\n"
    result = invoke("extract", "-f", "carb", "--sentence-per-line", "-", input=text)
    assert result.exit_code == 0, result.output
    assert {line.split("\t")[0] for line in result.stdout.splitlines()} == set(text.splitlines())


# ---------------------------------------------------------------- kg entities

WHO = "Lise Meitner met Otto Hahn in Berlin. Meitner thanked him. It is likely that it rained."


THEY = "Vladimir Putin and Xi Jinping met in Moscow. They signed a deal."


MENTION_KEYS = {"doc", "start", "end", "text", "entity", "class", "iri", "via"}


@pytest.mark.model
def test_cli_entities_jsonl_is_one_line_per_mention(tmp_path):
    from kg.rdf.terms import entity_iri

    who, they = tmp_path / "who.txt", tmp_path / "they.txt"
    who.write_text(WHO, encoding="utf-8")
    they.write_text(THEY, encoding="utf-8")
    result = invoke("entities", str(who), str(they), "--base-iri", "https://example.org/kg",
                    "-j", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    texts = {str(who): WHO, str(they): THEY}
    for record in records:
        assert set(record) == MENTION_KEYS
        assert texts[record["doc"]][record["start"] : record["end"]] == record["text"]
        assert (record["iri"] is None) == (record["entity"] is None) == (record["class"] is None)
    assert [r["doc"] for r in records] == sorted((r["doc"] for r in records), key=list(texts).index)
    found = {(r["text"], r["entity"], r["class"], r["via"]) for r in records}
    assert ("Meitner", "Lise Meitner", "Person", "surname") in found
    assert ("him", "Otto Hahn", "Person", "pronoun") in found
    (meitner,) = [r for r in records if r["text"] == "Meitner"]
    base = "https://example.org/kg/"
    assert meitner["iri"] == str(entity_iri("Lise Meitner", "Person", base=base))
    # "It is likely that ...": an expletive, left unresolved, and still listed.
    (expletive,) = [r for r in records if r["text"] == "It"]
    assert (expletive["entity"], expletive["via"]) == (None, "pronoun")
    # "They" for two people: two lines with the same offsets.
    plural = [r for r in records if r["text"] == "They"]
    assert {r["entity"] for r in plural} == {"Vladimir Putin", "Xi Jinping"}
    assert len({(r["start"], r["end"]) for r in plural}) == 1


@pytest.mark.model
def test_cli_entities_stdin_and_sentence_per_line():
    text = "Anna Berg left Oslo.\nShe returned in May.\n"
    result = invoke("entities", "-", "--sentence-per-line", "-j", "1", input=text)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["doc"] for r in records} == {"-"}
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)
    # Nothing refers across lines: "She" on the second line has no antecedent there.
    assert [r["entity"] for r in records if r["text"] == "She"] == [None]


@pytest.mark.model
def test_cli_entities_table_is_for_people_at_80_columns(tmp_path):
    who = tmp_path / "a-document-with-a-rather-long-name-in-a-folder.txt"
    who.write_text(WHO + " The Kaiser Wilhelm Institute (KWI) grew.", encoding="utf-8")
    result = invoke("entities", str(who), "--format", "table", "-j", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    header = lines[0].split()
    assert header == ["doc", "offsets", "text", "entity", "class", "via"]
    assert any("38-45" in line and "Meitner" in line and "surname" in line for line in lines)
    assert any("unresolved" in line and "pronoun" in line for line in lines)
    assert any("Organization" in line and "acronym" in line for line in lines)
    assert "mentions" in result.stderr


@pytest.mark.model
def test_cli_entities_skips_binary_file_and_exits_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(WHO, encoding="utf-8")
    bad = tmp_path / "photo.txt"
    bad.write_bytes(PNG_BYTES)
    result = invoke("entities", str(bad), str(good), "-j", "1")
    assert result.exit_code == 1
    assert "photo.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert any('"Lise Meitner"' in line for line in result.stdout.splitlines())


def test_cli_entities_user_errors(tmp_path):
    assert_user_error(invoke("entities", str(tmp_path / "missing.txt")), "missing.txt")
    (tmp_path / "a.txt").write_text("Ann left.", encoding="utf-8")
    assert_user_error(
        invoke("entities", str(tmp_path / "a.txt"), "--base-iri", "not an iri"), "base IRI"
    )


def test_cli_extract_missing_file(tmp_path):
    assert_user_error(invoke("extract", str(tmp_path / "missing.txt")), "missing.txt")


@pytest.mark.model
def test_cli_extract_skips_binary_file_and_exits_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXTS["travel.txt"], encoding="utf-8")
    bad = tmp_path / "photo.txt"
    bad.write_bytes(PNG_BYTES)
    result = invoke("extract", str(bad), str(good))
    assert result.exit_code == 1
    assert "photo.txt" in result.stderr
    assert "Traceback" not in result.output
    assert any("Gustave Eiffel" in line for line in result.stdout.splitlines())
