"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import pytest

from tests.cli.runner import TEXTS, invoke


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
