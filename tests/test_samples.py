"""kg/samples/*.rq: the ready queries of docs/model.md, run on a store built from the samples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kg.query.lint import lint_query, relation_names
from tests.docgraphs import select_rows

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "kg" / "samples"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def graph():
    import kg

    texts = sorted(SAMPLES.glob("*.txt"))
    with kg.build(texts, root=REPO) as store:
        yield store


def rows(graph, name: str) -> list[dict[str, Any]]:
    # Plain Python values; their types vary by column (str, int, float, date, None).
    return select_rows(graph.query((SAMPLES / name).read_text(encoding="utf-8"))).to_dicts()


def pairs(graph, name: str, *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(row[k] for k in keys) for row in rows(graph, name)]


def test_samples_every_query_is_tested_and_lints_clean(graph):
    names = sorted(p.name for p in SAMPLES.glob("*.rq"))
    tested = {n.removeprefix("test_samples_").replace("_", "-") + ".rq" for n in globals()}
    assert set(names) <= tested, set(names) - tested
    relations = relation_names(graph.query, graph.prefixes["rel"])
    assert "join" in relations
    for name in names:
        text = (SAMPLES / name).read_text(encoding="utf-8")
        assert lint_query(text, prefixes=graph.prefixes, relations=relations) == [], name


def test_samples_people(graph):
    people = dict(pairs(graph, "people.rq", "person", "documents"))
    assert people["Anna Berg"] == 3
    assert people["Lars Olsen"] == 2
    assert people["Karl Tamm"] == 1
    assert "Nordvik Shipping" not in people
    assert list(people) == sorted(people)


def test_samples_who_did_what(graph):
    found = pairs(graph, "who-did-what.rq", "subject", "relation", "object")
    assert ("Anna Berg", "meet", "Karl Tamm") in found
    assert ("Van Dijk Partners", "design", "terminal") in found


def test_samples_who_did_what_to(graph):
    found = pairs(graph, "who-did-what-to.rq", "who", "relation", "target")
    assert ("Lars Olsen", "join", "Nordvik Shipping") in found
    assert ("Liisa Kask", "thank", "Nordvik Shipping") in found
    assert {t for _, _, t in found} == {"Nordvik Shipping"}


def test_samples_between(graph):
    found = rows(graph, "between.rq")
    assert found, "Anna Berg met Karl Tamm"
    assert {(r["subject"], r["relation"], r["object"]) for r in found} == {
        ("Anna Berg", "meet", "Karl Tamm")
    }
    assert all(r["polarity"] == "positive" and r["modality"] is None for r in found)
    assert all(isinstance(r["confidence"], float) for r in found)
    assert "met Estonian Prime Minister Karl Tamm" in str(found[0]["sentence"])


def test_samples_document_facts(graph):
    found = rows(graph, "document-facts.rq")
    assert found[0]["relation"] == "sign"
    assert ("terminal", "open", None) in [(r["subject"], r["relation"], r["object"]) for r in found]
    create = next(r for r in found if r["relation"] == "create")
    assert create["asserted"] is False
    assert str(create["sentence"]).startswith("According to Karl Tamm")
    assert all("Aurora Capital" not in (r["subject"], r["object"]) for r in found)


def test_samples_confident_facts(graph):
    found = rows(graph, "confident-facts.rq")
    confidences = [r["confidence"] for r in found]
    assert confidences and min(confidences) >= 0.8
    assert confidences == sorted(confidences, reverse=True)
    assert ("Lars Olsen", "grow up in", "Tromsø") in [
        (r["subject"], r["relation"], r["object"]) for r in found
    ]


def test_samples_hedged_claims(graph):
    found = {(r["subject"], r["relation"], r["object"]): r for r in rows(graph, "hedged-claims.rq")}
    assert found["European Commission", "approve", "second terminal"]["polarity"] == "negative"
    assert found["Estonian officials", "revise", "plans"]["modality"] == "may"
    assert found["agreement", "create", "jobs"]["attribution"] == "Karl Tamm"
    sell = found["government", "sell", "port"]
    assert (sell["polarity"], sell["modality"], sell["attribution"]) == (
        "negative", "would", "Karl Tamm"
    )  # fmt: skip
    assert ("European Commission", "approve", "project") not in found  # a plain fact


def test_samples_time_range(graph):
    found = pairs(graph, "time-range.rq", "time", "when", "subject", "relation", "object")
    assert ("2015", "in 2015", "Lars Olsen", "join", "Nordvik Shipping") in found
    assert ("2023", "in 2023", "terminal", "open", None) in found
    for time, *_ in found:
        text = time.isoformat() if isinstance(time, dt.date) else time
        assert "2015" <= text < "2024"


def test_samples_entities_by_documents(graph):
    found = pairs(graph, "entities-by-documents.rq", "entity", "class", "documents")
    assert found[:2] == [("Anna Berg", "Person", 3), ("Nordvik Shipping", "Organization", 3)]
    counts = [n for *_, n in found]
    assert counts == sorted(counts, reverse=True)


def test_samples_aliases(graph):
    assert pairs(graph, "aliases.rq", "entity", "alias", "rule") == [
        ("Nordvik Shipping", "Nordvik", "short-name")
    ]


def test_samples_why_merged(graph):
    found = rows(graph, "why-merged.rq")
    assert [(r["alias"], r["rule"], r["document"]) for r in found] == [
        ("Lind", "surname", "kg/samples/nordvik-board.txt")
    ]
    assert found[0]["count"] == 2
    assert str(found[0]["sentence"]).startswith("Lind previously led")


def test_samples_mentioned_together(graph):
    assert pairs(graph, "mentioned-together.rq", "document", "statements") == [
        ("kg/samples/aurora-capital.txt", 0),
        ("kg/samples/harbour-authority.txt", 1),  # Liisa Kask thanked the company
    ]


def test_samples_model_doc_shows_real_quads(graph):
    """The N-Quads of docs/model.md are in a store built from the samples, and are all of them."""
    import pyoxigraph as ox

    from kg.rdf.terms import from_oxigraph

    text = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    block = text.split("```nquads\n", 1)[1].split("```", 1)[0]
    quads = list(ox.parse(block, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 12
    statement, document = quads[0].subject, quads[0].graph_name
    assert {(q.subject, q.graph_name) for q in quads} == {(statement, document)}
    shown = {(from_oxigraph(q.predicate), from_oxigraph(q.object)) for q in quads}
    stored = graph.query(f"SELECT ?p ?o WHERE {{ GRAPH {document} {{ {statement} ?p ?o }} }}")
    assert shown == {(row.p, row.o) for row in stored}
