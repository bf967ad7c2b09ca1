"""kg query: tables, W3C result formats, query files, and the limit, timeout and update options."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.model import DocumentGraph, Triple
from tests.cli.runner import NAMES_QUERY, PNG_BYTES, assert_user_error, invoke

# ---------------------------------------------------------------- kg query options


@pytest.fixture
def disk_store(tmp_path):
    from kg.store.graph import KnowledgeGraph as Store

    path = tmp_path / "store"
    with Store.open(path) as store:
        store.add(DocumentGraph("d1", "", [Triple("Ann Lee", "meet", f"P{i}") for i in range(30)]))
    return str(path)


def _kg(*args: str):

    return CliRunner().invoke(app, list(args))


def test_query_cli_limit_caps_rows_and_says_so(disk_store):
    result = _kg("query", "SELECT ?o WHERE { ?s rel:meet ?o }", "--store", disk_store,
                 "--limit", "5", "--format", "csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 1 + 5
    assert "cut at --limit 5" in result.stderr


def test_query_cli_timeout_stops_a_runaway_query(disk_store):
    start = time.monotonic()
    result = _kg("query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                 "--store", disk_store, "--timeout", "0.3")  # fmt: skip
    assert result.exit_code == 1
    assert "timeout of 0.3 s" in result.stderr
    assert time.monotonic() - start < 10


def test_query_cli_updates_need_allow_update(disk_store):
    update = "INSERT DATA { <urn:x:a> <urn:x:b> 'c' }"
    refused = _kg("query", update, "--store", disk_store)
    assert refused.exit_code == 1 and "allow_update" in refused.stderr
    done = _kg("query", update, "--store", disk_store, "--allow-update")
    assert done.exit_code == 0, done.output
    asked = _kg("query", "ASK { <urn:x:a> <urn:x:b> 'c' }", "--store", disk_store, "-f", "csv")
    assert asked.stdout.strip() == "true"
    load = _kg("query", "LOAD <file:///etc/passwd>", "--store", disk_store, "--allow-update")
    assert load.exit_code == 1 and "LOAD is not allowed" in load.stderr


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
