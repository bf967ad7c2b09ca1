"""kg.query.output: W3C result formats, tables and result rows."""

from __future__ import annotations

import io
import json

import pytest
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result, ResultRow

from kg.errors import FormatError
from kg.query import SelectResult, format_result, result_rows
from kg.rdf.terms import entity_iri

# ---------------------------------------------------------------- formats


def _awkward() -> SelectResult:
    v = [Variable("iri"), Variable("text"), Variable("typed"), Variable("missing")]
    rows = [
        {v[0]: URIRef("https://example.org/a"), v[1]: Literal('tab\there "quote"\nline, comma'),
         v[2]: Literal("3", datatype=XSD.integer)},
        {v[0]: URIRef("https://example.org/b"), v[1]: Literal("chat", lang="fr"),
         v[2]: Literal("x"), v[3]: Literal("")},
    ]  # fmt: skip
    return SelectResult([str(x) for x in v], [ResultRow(r, v) for r in rows])


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_w3c_result_formats_parse_back(fmt):
    result = _awkward()
    text = format_result(result, fmt)
    parsed = Result.parse(io.StringIO(text), format=fmt)
    assert parsed.vars is not None
    assert [str(v) for v in parsed.vars] == result.vars
    rows = []
    for row in parsed:
        assert isinstance(row, ResultRow)
        rows.append(tuple(row))
    if fmt == "csv":  # CSV keeps only lexical values
        expected = [tuple("" if t is None else str(t) for t in row) for row in result]
        assert [tuple("" if t is None else str(t) for t in row) for row in rows] == expected
    else:
        assert rows == [tuple(row) for row in result]


# rdflib 7.6's own JSON-LD parser builds a deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_query_format_json_ask_and_graph(kg):
    assert json.loads(format_result(False, "json")) == {"head": {}, "boolean": False}
    graph = kg.query("CONSTRUCT WHERE { ?a rel:meet ?b }")
    again = Graph().parse(data=format_result(graph, "json"), format="json-ld")
    assert len(again) == len(graph) == 1


def test_query_table_and_result_rows(kg):
    result = kg.query("SELECT ?e ?name WHERE { ?e a kg:Place ; skos:prefLabel ?name }")
    headers, rows = result_rows(result, prefixes=kg.prefixes)
    assert headers == ["e", "name"]
    assert rows == [[f"ent:{entity_iri('Oslo', 'Place').rsplit('/', 1)[1]}", "Oslo"]]
    table = format_result(result, "table")
    assert table.splitlines()[0].split() == ["e", "name"] and "Oslo" in table
    assert result_rows(True) == (["boolean"], [["true"]])
    assert result_rows(None) == ([], [])


def test_query_unknown_format():
    with pytest.raises(FormatError, match="result format"):
        format_result(True, "xml")
