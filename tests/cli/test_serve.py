"""kg serve: the command starts a server over a store, and says when there is none."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store.graph import KnowledgeGraph
from tests.serve.served import (
    PEOPLE,
    _documents,
)

pytestmark = pytest.mark.network


def test_serve_cli_reports_a_missing_store(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "no such store" in result.output


def test_serve_cli_serves_a_store_until_interrupted(tmp_path):
    import re
    import signal
    import subprocess
    import sys

    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as store:
        for doc in _documents():
            store.add(doc)
    command = [sys.executable, "-m", "kg", "serve", "--store", str(location), "--port", "0", "-q"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        line = process.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        url = match.group(1) + "sparql?" + urllib.parse.urlencode({"query": PEOPLE})
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.read().decode().splitlines()[1:] == [
                "Anna Berg",
                "Karl Tamm",
                "Liisa Kask",
            ]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


def test_serve_cli_takes_allowed_hosts():
    result = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200)
    assert "--allowed-host" in result.output
