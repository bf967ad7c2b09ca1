"""kg build: store and HTML view from files, directories and stdin."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.run.documents import stdin_id
from tests.cli.runner import PNG_BYTES, TEXTS, assert_user_error, invoke

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


# ---------------------------------------------------------------- user errors


def test_cli_build_missing_file(tmp_path):
    result = invoke("build", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "s"))
    assert_user_error(result, "missing.txt")
    assert not (tmp_path / "s").exists()


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
