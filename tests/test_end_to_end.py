"""End to end: the shipped sample article, built on disk, queried, rendered; ``make demo``."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from tests.docgraphs import select_rows

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "kg" / "samples" / "harbour-authority.txt"

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: Facts the sample states plainly: each must be a direct edge between two labelled nodes.
EXPECTED_FACTS = [
    ("Anna Berg", "chief executive of", "Nordvik Shipping"),
    ("Anna Berg", "meet", "Karl Tamm"),
    ("Van Dijk Partners", "design", "terminal"),
    ("European Commission", "approve", "project"),
    ("Lars Olsen", "join", "Nordvik Shipping"),
    ("Lars Olsen", "travel to", "Helsinki"),
    ("Anna Berg", "travel to", "Helsinki"),
    ("Tallinn", "capital of", "Estonia"),
]

#: Claims the sample makes but does not assert (negated, hedged, reported, refused).
NOT_FACTS = [
    ("European Commission", "approve", "second terminal"),  # "did not approve"
    ("Estonian officials", "revise", "plans"),  # "may revise"
    ("government", "sell", "port"),  # "Tamm said ... would not sell"
    ("Lars Olsen", "comment on", "price"),  # "refused to comment"
    ("Anna Berg", "meet", "investors"),  # "plan to meet"
]


def _edge_query(subject: str, relation: str, obj: str) -> str:
    return PREFIXES + (
        "ASK { ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol . ?p rdfs:label ?pl . ?s ?p ?o ."
        f" FILTER (str(?sl) = {subject!r} && str(?pl) = {relation!r} && str(?ol) = {obj!r}) }}"
    )


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("e2e") / "store"
    graph = kg.build(SAMPLE, store=store)
    graph.close()
    return store


def test_e2e_sample_extracts_the_expected_triples():
    triples = kg.triples(SAMPLE.read_text(encoding="utf-8"))
    facts = {(t.subject, t.relation, t.object) for t in triples if t.asserted}
    assert set(EXPECTED_FACTS) <= facts
    claims = {(t.subject, t.relation, t.object): t for t in triples}
    for claim in NOT_FACTS:
        assert claim in claims, claim
        assert not claims[claim].asserted, claim


@pytest.mark.parametrize("fact", EXPECTED_FACTS, ids=" ".join)
def test_e2e_expected_facts_are_edges(sample_store, fact):
    with kg.open(sample_store, read_only=True) as graph:
        assert graph.query(_edge_query(*fact)) is True


@pytest.mark.parametrize("claim", NOT_FACTS, ids=" ".join)
def test_e2e_unasserted_claims_are_not_edges_but_statements(sample_store, claim):
    subject, relation, obj = claim
    with kg.open(sample_store, read_only=True) as graph:
        assert graph.query(_edge_query(*claim)) is False
        # ... yet the claim is kept, as a statement marked not asserted.
        assert graph.query(
            PREFIXES
            + "ASK { ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;"
            " kg:asserted false . ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol ."
            f" ?p rdfs:label ?pl . FILTER (str(?sl) = {subject!r} && str(?pl) = {relation!r}"
            f" && str(?ol) = {obj!r}) }}"
        )


def test_e2e_negated_claim_keeps_polarity_and_sentence(sample_store):
    query = PREFIXES + (
        "SELECT ?polarity ?sentence WHERE { ?st a kg:Statement ; rdf:subject ?s ;"
        " rdf:object ?o ; kg:polarity ?polarity ; prov:wasDerivedFrom ?sent ."
        " ?sent nif:anchorOf ?sentence . ?s skos:prefLabel 'European Commission' ."
        " ?o skos:prefLabel 'second terminal' }"
    )
    with kg.open(sample_store, read_only=True) as graph:
        (row,) = select_rows(graph.query(query))
    assert str(row.polarity) == "negative"
    assert "did not approve a second terminal" in str(row.sentence)


def test_e2e_short_names_are_one_node(sample_store):
    query = PREFIXES + (
        "SELECT ?e ?alias WHERE { ?e skos:prefLabel ?name ; skos:altLabel ?alias ."
        " FILTER (str(?name) = 'Anna Berg') }"
    )
    with kg.open(sample_store, read_only=True) as graph:
        rows = list(select_rows(graph.query(query)))
        assert "Berg" in {str(r.alias) for r in rows}
        assert len({r.e for r in rows}) == 1
        # No separate node is labelled just "Berg".
        assert not graph.query(PREFIXES + "ASK { ?e skos:prefLabel ?n FILTER (str(?n) = 'Berg') }")
        # "Berg and Olsen will travel to Helsinki": the short name lands on Anna Berg.
        assert graph.query(_edge_query("Anna Berg", "travel to", "Helsinki"))


def test_e2e_every_statement_points_into_the_document(sample_store):
    text = SAMPLE.read_text(encoding="utf-8")
    query = (
        "SELECT ?sentence ?begin ?end WHERE { ?st a kg:Statement ; prov:wasDerivedFrom ?s ."
        " ?s nif:anchorOf ?sentence ; nif:beginIndex ?begin ; nif:endIndex ?end }"
    )
    with kg.open(sample_store, read_only=True) as graph:
        rows = list(select_rows(graph.query(query)))
    assert rows
    for row in rows:
        assert text[int(row.begin) : int(row.end)] == str(row.sentence)


def test_e2e_html_view_is_offline_and_names_entities(sample_store, tmp_path):
    with kg.open(sample_store, read_only=True) as graph:
        out = Path(kg.draw(graph, tmp_path / "graph.html"))
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""@import\s+(?:url\()?["']?(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    for name in ("Anna Berg", "Nordvik Shipping", "Van Dijk Partners", "Helsinki", "Karl Tamm"):
        assert name in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"], "no lib/ beside it"


def _demo_commands(demo: Path) -> list[list[str]]:
    """The ``kg`` commands of the Makefile's ``demo`` target, with ``$(DEMO)`` set."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "the Makefile has a demo target"
    commands = []
    for line in recipe.group(1).splitlines():
        if "$(BIN)/kg " in line:
            args = line.split("$(BIN)/kg ", 1)[1].replace("$(DEMO)", str(demo))
            commands.append(shlex.split(args))
    return commands


def test_e2e_make_demo_commands(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # the demo's paths are relative to the repository
    demo = tmp_path / "demo"
    commands = _demo_commands(demo)
    assert [c[0] for c in commands] == ["build", "query"]
    outputs = []
    for args in commands:
        # A wide terminal, so that no table cell is folded across lines.
        result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.stdout)
    assert (demo / "store").is_dir()
    page = (demo / "graph.html").read_text(encoding="utf-8")
    assert "Anna Berg" in page
    answer = outputs[-1]
    for name in ("Anna Berg", "chief executive of", "Nordvik Shipping", "Van Dijk Partners"):
        assert name in answer
    assert "second terminal" not in answer  # the negated claim is not a fact
