"""Helpers shared by the CLI tests: run ``kg`` in-process and check its user errors."""

from __future__ import annotations

from typer.testing import CliRunner

from kg.cli import app

TEXTS = {
    "travel.txt": "Peter Hall visited Rome and Paris. The bridge was designed by Gustave Eiffel.",
    "labs.md": "Omar Haddad joined Kestrel Labs in 2019. Kestrel Labs did not buy Vela Systems.",
}
NAMES_QUERY = "SELECT DISTINCT ?name WHERE { ?e skos:prefLabel ?name } ORDER BY ?name"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def assert_user_error(result, *fragments: str) -> None:
    """Exit 1, one line on stderr naming the problem, no traceback."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    message = result.stderr.strip()
    assert message.startswith("kg: error: ")
    assert "\n" not in message, message
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in message
