"""kg render: an HTML view of a store."""

from __future__ import annotations

import pytest

from tests.cli.runner import invoke


@pytest.mark.model
def test_cli_render(built, tmp_path):
    out = tmp_path / "view.html"
    result = invoke("render", "--store", str(built["store"]), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Peter Hall" in page
