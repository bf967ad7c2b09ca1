"""kg query: the command's options (limit, timeout, updates, formats)."""

from __future__ import annotations

import time

import pytest

from kg.model import DocumentGraph, Triple

# ---------------------------------------------------------------- kg query options


@pytest.fixture
def disk_store(tmp_path):
    from kg.store.graph import KnowledgeGraph as Store

    path = tmp_path / "store"
    with Store.open(path) as store:
        store.add(DocumentGraph("d1", "", [Triple("Ann Lee", "meet", f"P{i}") for i in range(30)]))
    return str(path)


def _kg(*args: str):
    from typer.testing import CliRunner

    from kg.cli import app

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
