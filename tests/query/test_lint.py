"""kg.query.lint: the terms of a query that cannot match, named before it runs."""

from __future__ import annotations

import time

import pytest

from kg.errors import QueryError
from kg.query import check_query, lint_query
from kg.query.lint import MAX_WARNINGS
from kg.rdf.namespaces import KG
from kg.rdf.terms import prefixes as kg_prefixes
from tests.docgraphs import select_rows

PREFIXES = kg_prefixes()
RELATIONS = ["meet", "found", "based-in", "travel-to", "chief-executive-of"]


def lint(text: str, relations: list[str] | None = RELATIONS) -> list[str]:
    return lint_query(text, prefixes=PREFIXES, relations=relations)


@pytest.mark.parametrize(
    "sparql, expected",
    [
        ("SELECT ?p WHERE { ?p a kg:People }",
         ["kg:People is not a kg term; did you mean kg:Person?"]),
        ("SELECT ?s WHERE { ?s kg:confidense ?c }",
         ["kg:confidense is not a kg term; did you mean kg:confidence?"]),
        ("SELECT ?s WHERE { ?s a kg:Organisation }",
         ["kg:Organisation is not a kg term; did you mean kg:Organization?"]),
        ("SELECT ?t WHERE { ?s kg:anchorOf ?t }",
         ["kg:anchorOf is not a kg term; did you mean nif:anchorOf?"]),
        ("SELECT ?s WHERE { ?s a kg:Zyzzyva }",
         ["kg:Zyzzyva is not a kg term; see docs/model.md for the kg terms"]),
        (f"SELECT ?p WHERE {{ ?p a <{KG}People> }}",
         [f"<{KG}People> is not a kg term; did you mean kg:Person?"]),
        ("ASK { ?a rel:met ?b }",
         ["rel:met does not occur in this store; the closest: rel:meet"]),
        ("ASK { ?a rel:based_in ?b }",
         ["rel:based_in does not occur in this store; the closest: rel:based-in"]),
        ("ASK { ?a rel:qqqq ?b }",
         ["rel:qqqq does not occur in this store; the closest: none is close"]),
        ("ASK { ?s foaf:name ?n }",
         ["unknown prefix foaf: (in foaf:name); declare it with PREFIX foaf: <...>"]),
        ("ASK { ?s skoss:prefLabel ?n }",
         ["unknown prefix skoss: (in skoss:prefLabel); did you mean skos:?"]),
        ("ASK { ?s :p ?n }",
         ["unknown prefix : (in :p); declare it with PREFIX : <...>"]),
    ],
)  # fmt: skip
def test_query_lint_names_what_cannot_match(sparql, expected):
    assert lint(sparql) == expected


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?p WHERE { ?p a kg:Person ; skos:prefLabel ?n ; kg:confidence ?c }",
        "ASK { ?a rel:meet ?b . ?b rel:based-in ?c }",
        'SELECT * WHERE { ?s ?p "kg:People rel:nothing foaf:x" }',  # in a string
        "SELECT * WHERE { ?s ?p '''kg:People\n rel:x''' }",
        "SELECT * WHERE { ?s ?p ?o } # kg:People and foaf:name, in a comment",
        "SELECT * WHERE { ?s ?p <http://xmlns.com/foaf/0.1/name> }",  # another namespace
        "SELECT * WHERE { ?s ?p _:b0 . ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
        'SELECT * WHERE { ?s kg:time "2019"^^xsd:gYear }',
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> ASK { ?s foaf:name ?n }",
        "prefix ex: <urn:ex:> ASK { ?s ex:p ?n }",  # keywords in any case
        "PREFIX : <urn:x#> ASK { ?s :p ?o }",
        "ASK { ?a rel:anything ?b }",  # relations unknown: not checked
    ],
)
def test_query_lint_is_quiet_on_right_queries(sparql):
    relations = None if "rel:anything" in sparql else RELATIONS
    assert lint(sparql, relations) == []


def test_query_lint_prefixes_declared_in_the_query_win():
    # PREFIX rel: redefined to another namespace: not the store's relations, not checked
    assert lint("PREFIX rel: <urn:other/> ASK { ?a rel:met ?b }") == []
    # PREFIX kg: redefined: kg:People is no longer a kg term
    assert lint("PREFIX kg: <urn:mine#> ASK { ?a a kg:People }") == []
    # another prefix for the store's relation namespace is checked
    rel = PREFIXES["rel"]
    assert lint(f"PREFIX r: <{rel}> ASK {{ ?a r:met ?b }}") == [
        "r:met does not occur in this store; the closest: r:meet"
    ]
    assert lint(f"PREFIX o: <{KG}> ASK {{ ?a a o:People }}") == [
        "o:People is not a kg term; did you mean kg:Person?"
    ]


def test_query_lint_each_term_once_and_at_most_max_warnings():
    assert lint("ASK { ?a a kg:People . ?b a kg:People . ?c foaf:x ?d . ?d foaf:y ?e }") == [
        "kg:People is not a kg term; did you mean kg:Person?",
        "unknown prefix foaf: (in foaf:x); declare it with PREFIX foaf: <...>",
    ]
    many = "ASK { " + " . ".join(f"?s kg:nope{i} ?o" for i in range(500)) + " }"
    warnings = lint(many)
    assert len(warnings) == MAX_WARNINGS + 1
    assert warnings[-1] == "... and 480 more warnings like these"


@pytest.mark.parametrize(
    "sparql, expected",
    [
        ("ASK { ?a a kg:Persön }", ["kg:Persön is not a kg term; did you mean kg:Person?"]),
        ("ASK { ?a a kg:Person }", []),
        ("ASK { ?a rel:träffa ?b }",
         ["rel:träffa does not occur in this store; the closest: none is close"]),
        ("ASK { ?a 日本:名前 ?b }",
         ["unknown prefix 日本: (in 日本:名前); declare it with PREFIX 日本: <...>"]),
        ("ASK { ?a a kg:\\u0050eople }",  # an escape, read as the engine reads it
         ["kg:People is not a kg term; did you mean kg:Person?"]),
        ("ASK { ?a a kg:Person\u200b }", []),  # a zero-width space ends the name
        ("ASK { ?a a kg:Person\x00 }", []),
        ("ASK { ?a ?b \"\U0001f600 kg:People\" }", []),
        ("", []),
        ("\ufeffASK { ?a a kg:People }", ["kg:People is not a kg term; did you mean kg:Person?"]),
    ],
)  # fmt: skip
def test_query_lint_odd_unicode(sparql, expected):
    assert lint(sparql) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ASK { ?s ?p ?o . " * 20_000 + "}" * 20_000,  # about 340 kB of patterns
        '"' + '\\"' * 200_000,  # an unterminated string of escaped quotes
        '"""' + "x" * 400_000,  # an unterminated long string
        "'''" * 100_001,
        "'" * 300_001,
        "<" * 300_000,
        "kg:" * 200_000,
        "#" * 300_000,
        "PREFIX a: " * 50_000,
        "a" * 500_000 + ":",
        ":" * 300_000,
        "." * 300_000,
    ],
    ids=lambda t: repr(t[:12]),
)
def test_query_lint_huge_and_hostile_queries_take_linear_time(text):
    start = time.perf_counter()
    warnings = lint(text)
    assert time.perf_counter() - start < 10
    assert len(warnings) <= MAX_WARNINGS + 1
    assert all("\n" not in w for w in warnings)


def test_query_lint_undeclared_false_leaves_prefixes_to_the_check():
    sparql = "ASK { ?a a kg:People . ?s foaf:name ?n }"
    assert lint_query(sparql, prefixes=PREFIXES, undeclared=False) == [
        "kg:People is not a kg term; did you mean kg:Person?"
    ]


def test_query_lint_does_not_need_a_query_that_parses():
    assert lint("SELECT ?p WHERE { ?p a kg:People ") == [
        "kg:People is not a kg term; did you mean kg:Person?"
    ]


def test_query_check_names_an_unknown_prefix_in_one_line():
    for sparql, term in [("ASK { ?s foo:bar ?o }", "foo:bar"),
                         ("INSERT DATA { foo:a foo:b foo:c }", "foo:a")]:  # fmt: skip
        with pytest.raises(QueryError) as info:
            check_query(sparql, prefixes=PREFIXES, allow_update=True)
        assert str(info.value) == (
            f"malformed SPARQL: unknown prefix foo: (in {term}); declare it with PREFIX foo: <...>"
        )


def test_query_lint_runs_before_a_store_query():
    # lint warns, it does not refuse: the query still runs and finds nothing
    from kg.model import DocumentGraph, Triple
    from kg.store.graph import KnowledgeGraph

    with KnowledgeGraph.open() as store:
        store.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person")]))
        sparql = "SELECT ?p WHERE { ?p a kg:People }"
        assert lint_query(sparql, prefixes=store.prefixes) != []
        assert len(select_rows(store.query(sparql))) == 0
