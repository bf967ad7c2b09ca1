"""The walkthrough notebook runs, top to bottom, on a fresh kernel, and says what it should."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "notebooks" / "walkthrough.md"
NOTEBOOK = REPO / "notebooks" / "walkthrough.ipynb"
KERNEL = "kg-test-python"


def _code_sources(nb) -> list[str]:
    return [cell.source.strip() for cell in nb.cells if cell.cell_type == "code"]


def test_notebook_matches_its_jupytext_source():
    import jupytext

    source = jupytext.read(SOURCE)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert _code_sources(notebook) == _code_sources(source), (
        "walkthrough.ipynb is stale: run `jupytext --to ipynb notebooks/walkthrough.md`"
    )
    assert len(_code_sources(notebook)) >= 10


def test_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.fixture
def kernel_name(tmp_path, monkeypatch):
    """A kernel spec of this interpreter (the one with kg installed), found via JUPYTER_PATH.

    Nothing is registered outside the test's temporary directory.
    """
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "kg test", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    return KERNEL


def _text(cell) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "\n".join(parts)


def _cell(nb, fragment: str):
    return next(c for c in nb.cells if c.cell_type == "code" and fragment in c.source)


@pytest.mark.model
@pytest.mark.slow
def test_notebook_runs_on_a_fresh_kernel(kernel_name, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=300,
        allow_errors=False,  # any cell error fails the test (CellExecutionError)
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()

    assert "'documents': 3" in _text(_cell(nb, "graph = kg.build(samples)"))
    who = _text(_cell(nb, "who_did_what ="))
    assert "Anna Berg" in who and "chief executive of" in who and "Nordvik Shipping" in who
    (shown,) = _cell(nb, "table(graph.query(who_did_what)").outputs
    assert shown["data"]["text/html"].startswith('<table class="kg-result">')
    assert "refuse" in _text(_cell(nb, "hedged = table("))  # Lars Olsen refused to comment

    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.strip() == "graph")
    (inline,) = cell.outputs
    html = inline["data"]["text/html"]
    assert html.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and "<script" not in html
    (entity,) = _cell(nb, "entity_view(").outputs
    assert "Anna Berg" in entity["data"]["text/html"]

    central = _text(_cell(nb, "by_degree ="))
    assert "degree:" in central and "pagerank:" in central and "Nordvik Shipping" in central
    assert "Sofia Lind" in _text(_cell(nb, "louvain_communities"))
    path = _text(_cell(nb, "nx.shortest_path"))
    assert path.startswith("Sofia Lind ⟶") and "Liisa Kask" in path.splitlines()[0]
    exported = _text(_cell(nb, "export_graph(graph"))
    for name in ("graph.trig", "graph.gexf", "graph.graphml", "graph.nodes.csv", "graph.edges.csv"):
        assert name in exported
