"""``kg export --format neo4j -o DIR``: the import CSVs and load.cypher, from the command line."""

from __future__ import annotations

import csv

from typer.testing import CliRunner

from kg.cli import app
from kg.store.graph import KnowledgeGraph
from tests.docgraphs import doc_one


def test_cli_export_neo4j_writes_the_import_files(tmp_path):
    store = tmp_path / "store"
    with KnowledgeGraph.open(store) as graph:
        graph.add(doc_one())
    out = tmp_path / "neo4j"
    result = CliRunner().invoke(app, ["export", "-s", str(store), "-o", str(out), "-f", "neo4j"])
    assert result.exit_code == 0, result.output
    assert "nodes.csv" in result.output and "load.cypher" in result.output
    with (out / "relationships.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r[":TYPE"] for r in rows) == ["FOUND", "OPEN_IN"]
    assert "LOAD CSV WITH HEADERS" in (out / "load.cypher").read_text(encoding="utf-8")
