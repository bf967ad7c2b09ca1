"""kg.query.results: SELECT rows as plain Python values, pandas and polars frames."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.query import ResultRow

from kg.errors import KGError
from kg.model import DocumentGraph, Triple
from kg.query import SelectResult, format_result, python_value
from kg.store.graph import KnowledgeGraph


@pytest.mark.parametrize(
    "term, expected",
    [
        (None, None),
        (URIRef("https://kg.example.org/entity/ann"), "https://kg.example.org/entity/ann"),
        (BNode("b0"), "_:b0"),
        (Literal("Ann"), "Ann"),
        (Literal("Anne", lang="fr"), "Anne"),
        (Literal("7", datatype=XSD.integer), 7),
        (Literal("-3", datatype=XSD.int), -3),
        (Literal("12", datatype=XSD.nonNegativeInteger), 12),
        (Literal("0.85", datatype=XSD.decimal), 0.85),
        (Literal("1.5E3", datatype=XSD.double), 1500.0),
        (Literal("true", datatype=XSD.boolean), True),
        (Literal("0", datatype=XSD.boolean), False),
        (Literal("2023-03-04", datatype=XSD.date), dt.date(2023, 3, 4)),
        (Literal("2023-03-04T10:00:00Z", datatype=XSD.dateTime),
         dt.datetime(2023, 3, 4, 10, tzinfo=dt.UTC)),
        (Literal("10:30:00", datatype=XSD.time), dt.time(10, 30)),
        (Literal("1967", datatype=XSD.gYear), "1967"),  # no year type: the text
        (Literal("1967-03", datatype=XSD.gYearMonth), "1967-03"),
        (Literal("x", datatype=XSD.integer), "x"),  # ill-typed: the text as written
        # as Oxigraph may hand them over (rdflib would normalise these):
        (Literal("1_000", datatype=XSD.integer, normalize=False), "1_000"),  # not XSD
        (Literal("1e3", datatype=XSD.decimal, normalize=False), "1e3"),
        (Literal("-INF", datatype=XSD.double, normalize=False), float("-inf")),
        (Literal("-INF", datatype=XSD.double), float("-inf")),
        (Literal("+5", datatype=XSD.integer), 5),
        (Literal("2023-13-40", datatype=XSD.date), "2023-13-40"),
        (Literal("<b>x</b>", datatype=RDF.HTML), "<b>x</b>"),
        (Literal("x", datatype=URIRef("urn:my-type")), "x"),
    ],
)  # fmt: skip
def test_query_results_python_value(term, expected):
    value = python_value(term)
    assert value == expected
    assert type(value) is type(expected)


def _result() -> SelectResult:
    e, n, c = Variable("e"), Variable("n"), Variable("c")
    rows = [
        ResultRow({e: URIRef("urn:ann"), n: Literal("Ann"), c: Literal(3)}, [e, n, c]),
        ResultRow({e: URIRef("urn:bob"), n: Literal("Bob")}, [e, n, c]),  # ?c unbound
    ]
    return SelectResult(["e", "n", "c"], rows)


def test_query_results_values_and_dicts():
    result = _result()
    assert result.values() == [("urn:ann", "Ann", 3), ("urn:bob", "Bob", None)]
    assert result.to_dicts() == [
        {"e": "urn:ann", "n": "Ann", "c": 3},
        {"e": "urn:bob", "n": "Bob", "c": None},
    ]
    assert SelectResult(["x"]).to_dicts() == []


@pytest.fixture(scope="module")
def store():
    triples = [
        Triple("Ann Lee", "meet", "Bob Roy", "Person", "Person", confidence=0.9,
               sentence="Ann Lee met Bob Roy in 2019.", time="2019"),
        Triple("Ann Lee", "visit", "Oslo", "Person", "Place", confidence=0.5,
               sentence="Ann Lee visited Oslo on 2020-05-01.", time="2020-05-01"),
    ]  # fmt: skip
    with KnowledgeGraph.open() as kg:
        kg.add(DocumentGraph("d1", "Ann Lee met Bob Roy in 2019.", triples))
        yield kg


_FACTS = """SELECT ?relation ?confidence ?time WHERE {
  ?s a kg:Statement ; rdf:predicate/rdfs:label ?relation ; kg:confidence ?confidence .
  OPTIONAL { ?s kg:time ?time } } ORDER BY ?relation"""


def test_query_results_from_a_store(store):
    rows = store.query(_FACTS).to_dicts()
    assert rows == [
        {"relation": "meet", "confidence": 0.9, "time": "2019"},
        {"relation": "visit", "confidence": 0.5, "time": dt.date(2020, 5, 1)},
    ]


def test_query_results_to_pandas(store):
    pandas = pytest.importorskip("pandas")
    frame = store.query(_FACTS).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["relation", "confidence", "time"]
    assert frame["confidence"].tolist() == [0.9, 0.5]
    assert str(frame["confidence"].dtype) == "float64"
    assert SelectResult(["a", "b"]).to_pandas().shape == (0, 2)


def test_query_results_to_polars(store):
    polars = pytest.importorskip("polars")
    frame = store.query(_FACTS).to_polars()
    assert isinstance(frame, polars.DataFrame)
    assert frame.columns == ["relation", "confidence", "time"]
    assert frame["confidence"].to_list() == [0.9, 0.5]
    # a gYear next to a date: one type per polars column, so text
    assert frame["time"].to_list() == ["2019", "2020-05-01"]
    assert _result().to_polars()["c"].to_list() == [3, None]


@pytest.mark.parametrize("extra, method", [("pandas", "to_pandas"), ("polars", "to_polars")])
def test_query_results_missing_extra_names_it(monkeypatch, extra, method):
    monkeypatch.setitem(sys.modules, extra, None)  # import raises ImportError
    with pytest.raises(KGError, match=rf"{method}\(\) needs {extra}.*kg\[{extra}\]"):
        getattr(_result(), method)()


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_query_results_formats_unchanged(store, fmt):
    # values() converts a copy: the result still formats from its RDF terms
    result = store.query(_FACTS)
    before = format_result(result, fmt, prefixes=store.prefixes)
    result.values()
    result.to_dicts()
    assert format_result(result, fmt, prefixes=store.prefixes) == before
    if fmt == "csv":
        assert before.splitlines()[1] == "meet,0.9,2019"
