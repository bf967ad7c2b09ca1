"""kg: the app itself: help, version, `python -m kg`, and errors every command shares."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from tests.cli.runner import assert_user_error, invoke

COMMANDS = ("build", "extract", "entities", "query", "render", "export", "stats")


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
@pytest.mark.parametrize("command", ["render", "export"])
def test_cli_unwritable_output_is_a_user_error(built, tmp_path, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    out = blocker / ("graph.html" if command == "render" else "graph.ttl")
    assert_user_error(invoke(command, "-s", str(built["store"]), "-o", str(out)), "a-file")
