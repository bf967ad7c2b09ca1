"""kg render: entity, query and document views, and its one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store.graph import KnowledgeGraph
from tests.view.harbour import SELECT_SPO, _page_data, harbour_docs

# ---------------------------------------------------------------- kg render


@pytest.fixture
def disk_store(tmp_path: Path) -> Path:
    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as graph:
        for dg in harbour_docs():
            graph.add(dg)
    return location


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_cli_render_views(disk_store, tmp_path):
    out = tmp_path / "npa.html"
    result = invoke("render", "-s", str(disk_store), "-o", str(out), "--entity", "NPA",
                    "--hops", "0")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [n["label"] for n in _page_data(out.read_text("utf-8"))["nodes"]] == [
        "Northgate Port Authority"
    ]
    query_file = tmp_path / "places.rq"
    query_file.write_text(SELECT_SPO, encoding="utf-8")
    result = invoke("render", "-s", str(disk_store), "-o", str(out), "--query", f"@{query_file}")
    assert result.exit_code == 0, result.output
    assert len(_page_data(out.read_text("utf-8"))["edges"]) == 2
    result = invoke("render", "-s", str(disk_store), "-o", str(out), "--doc", "harbour.txt",
                    "--max-nodes", "2", "--rank", "pagerank")  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert len(_page_data(page)["nodes"]) == 2 and "highest-PageRank" in page
    picture = tmp_path / "view.out"
    result = invoke("render", "-s", str(disk_store), "-o", str(picture), "--format", "svg")
    assert result.exit_code == 0, result.output
    assert picture.read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--entity", "Mira Halvorson"], "no entity named 'Mira Halvorson'; did you mean:"),
        (["--doc", "agenda.txt"], "no document 'agenda.txt'"),
        (["--query", "ASK { ?s ?p ?o }"], "can be drawn"),
        (["--query", "@/no/such/file.rq"], "/no/such/file.rq: cannot read"),
    ],
)
def test_cli_render_errors_are_one_line(disk_store, tmp_path, args, message):
    out = tmp_path / "x.html"
    result = invoke("render", "-s", str(disk_store), "-o", str(out), *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
