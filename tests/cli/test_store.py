"""kg export and kg stats: the store commands."""

from __future__ import annotations

import re
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


# ---------------------------------------------------------------- the views' index


def _index_answers(store) -> bool:
    import kg
    from kg.store import facts_file

    with kg.open(store, read_only=True) as graph:
        return facts_file.kept(graph)


@pytest.mark.model
def test_cli_build_keeps_the_views_index(built):
    assert re.search(r"; indexed \d+ statements for the views in", built["result"].stderr)
    assert _index_answers(built["store"])


def test_cli_import_and_remove_keep_the_index_unless_told_not_to(tmp_path):
    from kg.store.facts_file import NAME
    from kg.store.graph import KnowledgeGraph
    from tests.docgraphs import doc_one, doc_two

    source = tmp_path / "source"
    with KnowledgeGraph.open(source) as graph:
        graph.add(doc_one())
        graph.add(doc_two())
    dump = tmp_path / "kg.nq"
    assert invoke("export", "--store", str(source), "-o", str(dump)).exit_code == 0
    plain, indexed = tmp_path / "plain", tmp_path / "indexed"
    result = invoke("import", str(dump), "--store", str(plain), "--no-index")
    assert result.exit_code == 0, result.output
    assert "indexed" not in result.stderr and not (plain / NAME).exists()
    result = invoke("import", str(dump), "--store", str(indexed))
    assert result.exit_code == 0, result.output
    assert "; indexed 3 statements for the views" in result.stderr
    assert _index_answers(indexed)
    result = invoke("remove", "two.txt", "--store", str(indexed))
    assert result.exit_code == 0, result.output
    assert "Indexed 2 statements for the views" in result.stderr  # the index of the store now
    assert _index_answers(indexed)
    result = invoke("remove", "one.txt", "--store", str(indexed), "--no-index")
    assert result.exit_code == 0, result.output
    assert not (indexed / NAME).exists()  # the writer dropped the old one; none kept anew
