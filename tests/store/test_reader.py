"""kg.store.reader and kg.store.skeleton: the fast reads of a local store answer as SPARQL does.

The local reader runs its queries side by side and reads Oxigraph's own JSON or
tab-separated results instead of one Python term at a time; every answer here is
compared with the same read through ``KnowledgeGraph._select`` (the path a
remote store takes), on text built to break a parser.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.store.skeleton
from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.reader import BATCH, LocalReader, Reader, reader
from kg.view.drawing import page
from tests.view.graphs import HOSTILE

_EX = "http://example.org/"
_G = ox.NamedNode(_EX + "g")
_XSD = "http://www.w3.org/2001/XMLSchema#"

#: Literals a hand-written parser gets wrong: quotes, tabs, newlines, escapes, scripts,
#: languages, numbers and booleans in their short and long forms.
LITERALS = [
    ox.Literal(text) for text in (*HOSTILE, 'a "quoted"\ttab\nnewline\r\\', "", "日本語 ✓ \u2028")
] + [
    ox.Literal("Bonjour", language="fr"),
    ox.Literal("hi", language="en-GB"),
    ox.Literal("42", datatype=ox.NamedNode(_XSD + "integer")),
    ox.Literal("-0.50", datatype=ox.NamedNode(_XSD + "decimal")),
    ox.Literal("1e3", datatype=ox.NamedNode(_XSD + "double")),
    ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean")),
    ox.Literal("1", datatype=ox.NamedNode(_XSD + "boolean")),
    ox.Literal("2024-05", datatype=ox.NamedNode(_XSD + "gYearMonth")),
    ox.Literal("x", datatype=ox.NamedNode(_EX + "custom")),
]


@pytest.fixture
def hostile():
    with KnowledgeGraph.open() as graph:
        quads = [
            ox.Quad(ox.NamedNode(f"{_EX}s{i % 3}"), ox.NamedNode(f"{_EX}p{i}"), term, _G)
            for i, term in enumerate(LITERALS)
        ]
        quads.append(ox.Quad(ox.NamedNode(_EX + "s0"), ox.NamedNode(_EX + "knows"),
                             ox.NamedNode(_EX + "o/ü?x=1#frag"), _G))  # fmt: skip
        quads.append(ox.Quad(ox.NamedNode(_EX + "s1"), ox.NamedNode(_EX + "knows"),
                             ox.BlankNode("b1"), _G))  # fmt: skip
        graph.backend.store.extend(quads)
        yield graph


def test_local_about_reads_every_term_as_it_is(hostile):
    local, remote = reader(hostile), Reader(hostile)
    assert isinstance(local, LocalReader)
    subjects = [f"{_EX}s{i}" for i in range(3)]
    got = local.about(subjects)
    expected = remote.about(subjects)

    def key(q: ox.Quad) -> tuple[str, ...]:
        # a blank node is named anew by each answer: compare it as a blank node
        obj = "_:" if isinstance(q.object, ox.BlankNode) else str(q.object)
        return (str(q.subject), str(q.predicate), obj, str(q.graph_name))

    assert sorted(map(key, got)) == sorted(map(key, expected))
    stored = hostile.backend.store.quads_for_pattern(None, None, None, _G)
    literals = {q.object for q in stored if isinstance(q.object, ox.Literal)}
    assert len(literals) == len(LITERALS) - 1  # "1" and "true" are one boolean
    assert {q.object for q in got if isinstance(q.object, ox.Literal)} == literals  # as stored
    pairs = [(s, _G.value) for s in subjects]
    assert sorted(map(key, local.about(pairs))) == sorted(map(key, expected))


def test_about_values_are_the_quads_as_json_terms(hostile):
    subjects = [f"{_EX}s{i}" for i in range(3)]
    pairs = [(s, _G.value) for s in subjects]

    def key(value):
        s, g, p, o = value
        return s, g, p, o["type"], "" if o["type"] == "bnode" else o["value"], o.get("datatype")

    expected = sorted(map(key, Reader(hostile).about_values(subjects)))
    assert len(expected) == len(LITERALS) + 2
    for read in (reader(hostile), Reader(hostile)):
        assert sorted(map(key, read.about_values(subjects))) == expected
        assert sorted(map(key, read.about_values(pairs))) == expected
    languages = [o for *_, o in reader(hostile).about_values(subjects) if "xml:lang" in o]
    assert sorted(o["xml:lang"] for o in languages) == ["en-gb", "fr"]


def test_local_strings_of_many_queries_equal_one_at_a_time(hostile):
    queries = [f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{_EX}s{i}> ?p ?o }} }}" for i in range(3)]
    local = reader(hostile)

    def plain(rows):
        return sorted(tuple(sorted(r.items())) for r in rows)

    one_at_a_time = [row for q in queries for row in local.strings(q)]
    assert len(one_at_a_time) == len(LITERALS) + 2
    assert plain(local.strings_many(queries)) == plain(one_at_a_time)
    assert {r["o"] for r in one_at_a_time} >= {t.value for t in LITERALS[:6]}  # text as it is


def test_iris_reads_iris_and_refuses_literals(hostile):
    iris = f"SELECT ?o WHERE {{ GRAPH ?g {{ <{_EX}s0> <{_EX}knows> ?o }} }}"
    literals = f"SELECT ?o WHERE {{ GRAPH ?g {{ <{_EX}s0> ?p ?o }} }}"
    for read in (reader(hostile), Reader(hostile)):
        assert read.iris(iris) == [(_EX + "o/ü?x=1#frag",)]
        assert read.iris(literals) is None


def test_about_many_batches_keeps_every_quad():
    with KnowledgeGraph.open() as graph:
        count = BATCH * 3 + 7
        graph.backend.store.extend(
            ox.Quad(ox.NamedNode(f"{_EX}n{i}"), ox.NamedNode(_EX + "p"), ox.Literal(str(i)), _G)
            for i in range(count)
        )
        quads = reader(graph).about([f"{_EX}n{i}" for i in range(count)])
        assert sorted(int(str(q.object.value)) for q in quads) == list(range(count))  # type: ignore[union-attr]


def _people(n: int, *, offset: int = 0) -> DocumentGraph:
    triples = [
        Triple(f"Person {i}", "meet", f"Person {i + 1}", "Person", "Person")
        for i in range(offset, offset + n)
    ]
    return DocumentGraph(f"d{offset}", "", triples)


def test_whole_view_of_a_writable_store_sees_new_documents():
    with KnowledgeGraph.open() as graph:
        graph.add(_people(3))
        assert "Person 9" not in page(graph)
        graph.add(_people(3, offset=7))
        assert "Person 9" in page(graph)


def test_skeleton_is_kept_for_a_read_only_store_only(tmp_path: Path, monkeypatch):
    reads: list[bool] = []
    real = kg.store.skeleton._read

    def counting(graph, include_hedged):
        reads.append(include_hedged)
        return real(graph, include_hedged)

    monkeypatch.setattr(kg.store.skeleton, "_read", counting)
    with KnowledgeGraph.open(tmp_path / "kg") as graph:
        graph.add(_people(4))
        first = page(graph)
        assert page(graph) == first
        assert len(reads) == 2  # open for writing: read each time
    with KnowledgeGraph.open(tmp_path / "kg", read_only=True) as graph:
        assert page(graph) == page(graph) == first
        page(graph, include_hedged=False)
        assert reads[2:] == [True, False]  # once per kind of view


def test_skeleton_read_in_parts_by_graph_equals_one_read(monkeypatch):
    """The statements are read as several queries, each over some named graphs: the same
    edges, events and order as one query over all of them, a statement in two graphs once."""
    with KnowledgeGraph.open() as graph:
        for offset in range(0, 12, 3):
            graph.add(_people(3, offset=offset))
        store = graph.backend.store
        document = min(store.named_graphs(), key=str)
        copies = [  # every quad of one document's graph, in a second graph too
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(_EX + "copy"))
            for q in store.quads_for_pattern(None, None, None, document)
        ]
        store.extend(copies)
        assert len(reader(graph).graph_names() or ()) == 5
        queries = kg.store.skeleton._by_graph(
            kg.store.network._OUTLINE_EDGES.replace("ASSERTED", ""), reader(graph).graph_names()
        )
        assert len(queries) == 2
        for read in (reader(graph), Reader(graph)):  # side by side, or one after another
            assert read.iris_many(queries) == [read.iris(q) for q in queries]
        parts = kg.store.skeleton._read(graph, True)
        monkeypatch.setattr(kg.store.skeleton, "PARTS", 1)
        whole = kg.store.skeleton._read(graph, True)
        assert parts is not None and whole is not None
        assert (parts.order, parts.edges, parts.events) == (whole.order, whole.edges, whole.events)
        assert parts.degree == whole.degree and parts.at == whole.at
        assert len(parts.edges) == 12
