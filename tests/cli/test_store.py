"""kg export and kg stats: the store commands."""

from __future__ import annotations

import warnings

import pytest

from tests.cli.runner import assert_user_error, invoke


@pytest.mark.model
@pytest.mark.parametrize(
    ("fmt", "suffix", "rdflib_format", "named_graphs"),
    [
        ("turtle", ".ttl", "turtle", False),
        ("trig", ".trig", "trig", True),
        ("nquads", ".nq", "nquads", True),
        ("jsonld", ".jsonld", "json-ld", True),
    ],
)
def test_cli_export_parses_back(built, tmp_path, fmt, suffix, rdflib_format, named_graphs):
    from rdflib import Dataset, Graph, Literal
    from rdflib.namespace import SKOS

    out = tmp_path / f"graph{suffix}"
    result = invoke("export", "-s", str(built["store"]), "-o", str(out), "--format", fmt)
    assert result.exit_code == 0, result.output
    # The suffix alone is enough too.
    guessed = tmp_path / f"guessed{suffix}"
    assert invoke("export", "-s", str(built["store"]), "-o", str(guessed)).exit_code == 0
    for path in (out, guessed):
        data = Dataset() if named_graphs else Graph()
        with warnings.catch_warnings():
            # rdflib 7.6's own Dataset.parse trips its Dataset.default_context deprecation.
            warnings.simplefilter("ignore", DeprecationWarning)
            data.parse(data=path.read_text(encoding="utf-8"), format=rdflib_format)
        if named_graphs:
            assert isinstance(data, Dataset)
            labels = {o for _, _, o, _ in data.quads((None, SKOS.prefLabel, None, None))}
        else:
            labels = set(data.objects(None, SKOS.prefLabel))
        assert Literal("Gustave Eiffel") in labels


@pytest.mark.model
def test_cli_stats(built):
    result = invoke("stats", "--store", str(built["store"]))
    assert result.exit_code == 0, result.output
    assert "documents" in result.stdout and "entities" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "documents" in line)
    assert "2" in line


@pytest.mark.model
def test_cli_export_unknown_suffix(built, tmp_path):
    result = invoke("export", "-s", str(built["store"]), "-o", str(tmp_path / "graph.xyz"))
    assert_user_error(result, "graph.xyz")
    assert not (tmp_path / "graph.xyz").exists()
