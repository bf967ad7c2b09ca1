"""``--min-confidence`` on ``kg build``, ``kg render`` and ``kg export``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kg.cli import app
from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph


@pytest.fixture
def store(tmp_path: Path) -> Path:
    where = tmp_path / "store"
    with KnowledgeGraph.open(where) as graph:
        graph.add(DocumentGraph("d1", "Ann Ek met Bo Li. Ann Ek hired Cy Ho.", [
            Triple("Ann Ek", "meet", "Bo Li", "Person", "Person", confidence=0.9),
            Triple("Ann Ek", "hire", "Cy Ho", "Person", "Person", confidence=0.4),
        ]))  # fmt: skip
    return where


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_min_confidence_export(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "sure.nt"
    result = invoke("export", "-o", str(out), "--store", str(store), "--min-confidence", "0.5")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    direct = "> <https://kg.example.org/relation/{}> <https://kg.example.org/entity/"
    assert direct.format("meet") in text and direct.format("hire") not in text


def test_min_confidence_render(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "sure.html"
    result = invoke("render", "-o", str(out), "--store", str(store), "--min-confidence", "0.5")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Bo Li" in page and "Cy Ho" not in page


@pytest.mark.parametrize("command", ["build", "render", "export"])
@pytest.mark.parametrize("value", ["1.5", "-0.2"])
def test_min_confidence_out_of_range(store: Path, tmp_path: Path, command: str, value: str) -> None:
    first = {
        "build": ["build", str(tmp_path)],
        "render": ["render", "-o", str(tmp_path / "x.html")],
        "export": ["export", "-o", str(tmp_path / "x.nt")],
    }[command]
    result = invoke(*first, "--store", str(store), "--min-confidence", value)
    assert result.exit_code == 2
    assert "Invalid value for '--min-confidence'" in result.output
