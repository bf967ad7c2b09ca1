"""The ``kg`` command, through Typer's ``CliRunner`` (and once through ``python -m kg``)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.run.documents import stdin_id

COMMANDS = ("build", "extract", "entities", "query", "render", "export", "stats")

TEXTS = {
    "travel.txt": "Peter Hall visited Rome and Paris. The bridge was designed by Gustave Eiffel.",
    "labs.md": "Omar Haddad joined Kestrel Labs in 2019. Kestrel Labs did not buy Vela Systems.",
}
NAMES_QUERY = "SELECT DISTINCT ?name WHERE { ?e skos:prefLabel ?name } ORDER BY ?name"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def assert_user_error(result, *fragments: str) -> None:
    """Exit 1, one line on stderr naming the problem, no traceback."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    message = result.stderr.strip()
    assert message.startswith("kg: error: ")
    assert "\n" not in message, message
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in message


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One store built by ``kg build`` from two small files, with its HTML view."""
    root = tmp_path_factory.mktemp("cli")
    docs = root / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text, encoding="utf-8")
    store, html = root / "store", root / "out" / "graph.html"
    result = invoke("build", str(docs), "--store", str(store), "--html", str(html))
    return {"root": root, "docs": docs, "store": store, "html": html, "result": result}


# ---------------------------------------------------------------- help and version


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_help_shows_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"kg {command}" in result.stdout


def test_cli_top_level_help_lists_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout
    assert invoke().exit_code in (0, 2)  # no arguments: help, not a crash


def test_cli_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kg {kg.__version__}"


def test_cli_python_dash_m(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "build" in done.stdout and "query" in done.stdout
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- build, query, render, export


@pytest.mark.model
def test_cli_build_writes_store_and_html(built):
    result = built["result"]
    assert result.exit_code == 0, result.output
    assert "Read 2 documents" in result.stderr
    assert built["store"].is_dir()
    page = built["html"].read_text(encoding="utf-8")
    assert "Gustave Eiffel" in page and "Kestrel Labs" in page


@pytest.mark.model
def test_cli_query_table(built):
    result = invoke("query", "--store", str(built["store"]), NAMES_QUERY)
    assert result.exit_code == 0, result.output
    for name in ("Gustave Eiffel", "Omar Haddad", "Kestrel Labs", "Peter Hall"):
        assert name in result.stdout
    assert "rows" in result.stderr


@pytest.mark.model
def test_cli_query_warns_of_what_cannot_match_and_still_runs(built):
    store = str(built["store"])
    typo = "SELECT ?p WHERE { ?p a kg:People }"
    result = invoke("query", "--store", store, typo)
    assert result.exit_code == 0, result.output
    assert "kg: warning: kg:People is not a kg term; did you mean kg:Person?" in result.stderr
    unknown = "SELECT ?a ?b WHERE { ?a rel:founde ?b }"
    result = invoke("query", "--store", store, unknown)
    assert result.exit_code == 0, result.output
    assert "rel:founde" in result.stderr and "rel:found" in result.stderr
    clean = invoke("query", "--store", store, NAMES_QUERY)
    assert "warning" not in clean.stderr


@pytest.mark.model
def test_cli_query_table_compacts_iris_and_cuts_nothing(built):
    query = "SELECT ?e ?p ?o WHERE { ?e skos:prefLabel 'Gustave Eiffel' ; ?p ?o }"
    result = invoke("query", "-s", str(built["store"]), query)
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert "skos:prefLabel" in result.stdout
    assert "ent:gustave-eiffel-" in result.stdout
    assert "kg:Person" in result.stdout


@pytest.mark.model
def test_cli_query_json_is_w3c_sparql_json(built):
    result = invoke("query", "-s", str(built["store"]), "-f", "json", NAMES_QUERY)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["name"]
    bindings = data["results"]["bindings"]
    values = [b["name"]["value"] for b in bindings]
    assert all(b["name"]["type"] == "literal" for b in bindings)
    assert "Gustave Eiffel" in values
    assert values == sorted(values)


@pytest.mark.model
def test_cli_query_json_ask(built):
    result = invoke("query", "-s", str(built["store"]), "-f", "json", "ASK { ?s rel:visit ?o }")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


@pytest.mark.model
def test_cli_query_csv_and_tsv_are_w3c_formats(built):
    store = str(built["store"])
    result = invoke("query", "-s", store, "-f", "csv", NAMES_QUERY)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == ["name"]
    assert ["Gustave Eiffel"] in rows[1:]
    # RFC 4180 line ends, as the W3C format says (Result.stdout would turn them into \n).
    assert result.stdout_bytes.startswith(b"name\r\n")

    result = invoke("query", "-s", store, "-f", "tsv", NAMES_QUERY)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "?name"
    assert '"Gustave Eiffel"' in lines[1:]  # TSV cells are RDF terms in Turtle syntax


@pytest.mark.model
def test_cli_query_from_file(built, tmp_path):
    query_file = tmp_path / "names.rq"
    query_file.write_text(NAMES_QUERY, encoding="utf-8")
    result = invoke("query", "-s", str(built["store"]), "-f", "csv", f"@{query_file}")
    assert result.exit_code == 0, result.output
    assert "Omar Haddad" in result.stdout


@pytest.mark.model
def test_cli_render(built, tmp_path):
    out = tmp_path / "view.html"
    result = invoke("render", "--store", str(built["store"]), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Peter Hall" in page


@pytest.mark.model
@pytest.mark.parametrize(
    ("fmt", "suffix", "rdflib_format", "named_graphs"),
    [
        ("turtle", ".ttl", "turtle", False),
        ("trig", ".trig", "trig", True),
        ("nquads", ".nq", "nquads", True),
        ("jsonld", ".jsonld", "json-ld", True),
    ],
)
def test_cli_export_parses_back(built, tmp_path, fmt, suffix, rdflib_format, named_graphs):
    from rdflib import Dataset, Graph, Literal
    from rdflib.namespace import SKOS

    out = tmp_path / f"graph{suffix}"
    result = invoke("export", "-s", str(built["store"]), "-o", str(out), "--format", fmt)
    assert result.exit_code == 0, result.output
    # The suffix alone is enough too.
    guessed = tmp_path / f"guessed{suffix}"
    assert invoke("export", "-s", str(built["store"]), "-o", str(guessed)).exit_code == 0
    for path in (out, guessed):
        data = Dataset() if named_graphs else Graph()
        with warnings.catch_warnings():
            # rdflib 7.6's own Dataset.parse trips its Dataset.default_context deprecation.
            warnings.simplefilter("ignore", DeprecationWarning)
            data.parse(data=path.read_text(encoding="utf-8"), format=rdflib_format)
        if named_graphs:
            assert isinstance(data, Dataset)
            labels = {o for _, _, o, _ in data.quads((None, SKOS.prefLabel, None, None))}
        else:
            labels = set(data.objects(None, SKOS.prefLabel))
        assert Literal("Gustave Eiffel") in labels


@pytest.mark.model
def test_cli_stats(built):
    result = invoke("stats", "--store", str(built["store"]))
    assert result.exit_code == 0, result.output
    assert "documents" in result.stdout and "entities" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "documents" in line)
    assert "2" in line


@pytest.mark.model
def test_cli_default_store_is_kg_store_in_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    (tmp_path / "a.txt").write_text(TEXTS["travel.txt"], encoding="utf-8")
    assert invoke("build", "a.txt").exit_code == 0
    assert (tmp_path / "kg-store").is_dir()
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("KG_STORE", str(tmp_path / "elsewhere"))
    assert_user_error(invoke("stats"), "elsewhere")


@pytest.mark.model
def test_cli_build_from_stdin(tmp_path):
    store = tmp_path / "store"
    result = invoke("build", "-", "--store", str(store), input=TEXTS["labs.md"])
    assert result.exit_code == 0, result.output
    with kg.open(store, read_only=True) as graph:
        # stdin is stored under an id from its content (kg.run.documents.stdin_id), never as "-"
        assert [d["doc_id"] for d in graph.documents()] == [stdin_id(TEXTS["labs.md"])]
        assert graph.query("ASK { ?s skos:prefLabel 'Omar Haddad' ; rel:join ?o }")


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


# ---------------------------------------------------------------- user errors


def test_cli_build_missing_file(tmp_path):
    result = invoke("build", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "s"))
    assert_user_error(result, "missing.txt")
    assert not (tmp_path / "s").exists()


def test_cli_extract_missing_file(tmp_path):
    assert_user_error(invoke("extract", str(tmp_path / "missing.txt")), "missing.txt")


@pytest.mark.parametrize("command", ["query", "render", "export", "stats"])
def test_cli_missing_store(tmp_path, command):
    store = str(tmp_path / "no-store")
    args = {
        "query": ["query", "--store", store, "ASK { ?s ?p ?o }"],
        "render": ["render", "--store", store, "-o", str(tmp_path / "g.html")],
        "export": ["export", "--store", store, "-o", str(tmp_path / "g.ttl")],
        "stats": ["stats", "--store", store],
    }[command]
    assert_user_error(invoke(*args), "no-store")
    assert not (tmp_path / "no-store").exists(), "a read command creates no store"


@pytest.mark.model
@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("SELEC ?s WHERE { ?s ?p ?o }", "malformed"),
        ("SELECT ?s WHERE { ?s ?p ", "malformed"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("LOAD <file:///etc/passwd>", "LOAD"),
        ("DELETE WHERE { ?s ?p ?o }", "update"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ],
)
def test_cli_query_refuses_bad_queries(built, query, fragment):
    assert_user_error(invoke("query", "-s", str(built["store"]), query), fragment)


def test_cli_query_missing_query_file(tmp_path):
    assert_user_error(invoke("query", "-s", str(tmp_path), f"@{tmp_path / 'q.rq'}"), "q.rq")


@pytest.mark.model
def test_cli_query_file_with_bom(built, tmp_path):
    query_file = tmp_path / "notepad.rq"
    query_file.write_bytes(b"\xef\xbb\xbf" + b"ASK { ?s rel:visit ?o }\r\n")
    result = invoke("query", "-s", str(built["store"]), "-f", "json", f"@{query_file}")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["boolean"] is True


@pytest.mark.model
def test_cli_query_binary_file(built, tmp_path):
    query_file = tmp_path / "query.rq"
    query_file.write_bytes(PNG_BYTES)
    assert_user_error(invoke("query", "-s", str(built["store"]), f"@{query_file}"), "query.rq")


@pytest.mark.model
@pytest.mark.parametrize("command", ["render", "export"])
def test_cli_unwritable_output_is_a_user_error(built, tmp_path, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    out = blocker / ("graph.html" if command == "render" else "graph.ttl")
    assert_user_error(invoke(command, "-s", str(built["store"]), "-o", str(out)), "a-file")


@pytest.mark.model
def test_cli_export_unknown_suffix(built, tmp_path):
    result = invoke("export", "-s", str(built["store"]), "-o", str(tmp_path / "graph.xyz"))
    assert_user_error(result, "graph.xyz")
    assert not (tmp_path / "graph.xyz").exists()


@pytest.mark.model
def test_cli_build_directory_with_a_binary_file(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "photo.txt").write_bytes(PNG_BYTES)
    store = tmp_path / "store"
    result = invoke("build", str(docs), "--store", str(store))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "photo.txt" in result.stderr
    assert "kg: error: 1 document could not be read" in result.stderr
    with kg.open(store, read_only=True) as graph:
        ids = {Path(d["doc_id"]).name for d in graph.documents()}
    assert ids == set(TEXTS)


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


def test_cli_query_ent_prefix_follows_the_base_iri_of_the_store(tmp_path):
    store = tmp_path / "store"
    with kg.open(store, base_iri="https://example.org/mine/") as graph:
        graph.add(kg.model.DocumentGraph("d", "", [kg.Triple("Ann Lee", "meet", "Bo Ek")]))
    query = "SELECT ?n WHERE { ?e skos:prefLabel ?n FILTER(STRSTARTS(STR(?e), STR(ent:))) }"
    result = invoke("query", query, "--store", str(store), "-f", "csv")
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.splitlines()[1:]) == ["Ann Lee", "Bo Ek"]
    with kg.open(store, read_only=True) as graph:
        assert graph.prefixes["ent"] == "https://example.org/mine/entity/"
    # A later build without --base-iri mints under the store's base IRI too.
    (tmp_path / "more.txt").write_text("Cy Ho met Dag Li.", encoding="utf-8")
    assert (
        invoke("build", str(tmp_path / "more.txt"), "--store", str(store), "-j", "1").exit_code == 0
    )
    result = invoke("query", query, "--store", str(store), "-f", "csv")
    assert "Cy Ho" in result.stdout.splitlines()


def test_cli_query_table_stops_at_a_default_row_cap(built, monkeypatch):
    import kg.cli.query

    monkeypatch.setattr(kg.cli.query, "TABLE_ROW_LIMIT", 2)
    result = invoke("query", NAMES_QUERY, "--store", str(built["store"]))
    assert result.exit_code == 0, result.output
    assert "kg: table cut at 2 rows; --limit N shows more" in result.stderr
    assert result.stderr.strip().endswith("2 rows")
    every = invoke("query", NAMES_QUERY, "--store", str(built["store"]), "-f", "csv")
    assert len(every.stdout.splitlines()) > 3  # other formats are not cut
    assert "cut" not in every.stderr
