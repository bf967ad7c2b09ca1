"""Tests for kg.view.select (what to draw) and the views of KnowledgeGraph.render / kg render.

The store is filled with hand-made DocumentGraphs (no spaCy model), so these run fast.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError, QueryError
from kg.model import DocumentGraph, Entity, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.network import to_networkx
from kg.view import draw
from kg.view.data import vis_data
from kg.view.html import render_html
from kg.view.rank import pagerank, ranked_nodes
from kg.view.select import (
    document_view,
    entity_view,
    find_entities,
    neighbourhood,
    query_view,
    select_view,
)

HARBOUR = "notes/harbour.txt"
MINUTES = "minutes.txt"

# subject, its type, relation, object, its type, and the Triple's other fields
Fact = tuple[str, str, str, str, str, dict[str, Any]]


def _doc(doc_id: str, facts: list[Fact], aliases: dict[str, set[str]]) -> DocumentGraph:
    triples = []
    entities: dict[tuple[str, str], Entity] = {}
    for s, s_type, relation, o, o_type, extra in facts:
        sentence = extra.pop("sentence", f"{s} ({relation}) {o}.")
        triples.append(Triple(s, relation, o, s_type, o_type, sentence=sentence, **extra))
        for name, type_ in ((s, s_type), (o, o_type)):
            entities[(name, type_)] = Entity(name, type_, set(aliases.get(name, set())))
    return DocumentGraph(doc_id, " ".join(t.sentence for t in triples), triples, entities)


def harbour_docs() -> list[DocumentGraph]:
    aliases = {
        "Mira Halvorsen": {"Halvorsen", "M. Halvorsen"},
        "Per Halvorsen": {"Halvorsen"},
        "Northgate Port Authority": {"NPA"},
    }
    one = _doc(
        HARBOUR,
        [
            ("Mira Halvorsen", "Person", "chief executive of", "Northgate Port Authority",
             "Organization", {"confidence": 0.93, "sentence": "Halvorsen runs the NPA."}),
            ("Northgate Port Authority", "Organization", "based in", "Northgate", "Place", {}),
            ("dock workers", "Group", "oppose", "dredging plan", "Concept",
             {"polarity": "negative"}),
            ("Per Halvorsen", "Person", "sibling of", "Mira Halvorsen", "Person", {}),
        ],
        aliases,
    )  # fmt: skip
    two = _doc(
        MINUTES,
        [
            ("Jonas Brekke", "Person", "member of", "Northgate City Council", "Organization", {}),
            ("Northgate City Council", "Organization", "located in", "Northgate", "Place", {}),
            ("Jonas Brekke", "Person", "meet with", "Mira Halvorsen", "Person", {}),
        ],
        aliases,
    )
    return [one, two]


@pytest.fixture
def store():
    with KnowledgeGraph.open() as graph:
        for dg in harbour_docs():
            graph.add(dg)
        yield graph


@pytest.fixture
def full(store) -> nx.MultiDiGraph:
    return to_networkx(store, include_hedged=True)


def _iri(graph: nx.MultiDiGraph, label: str) -> str:
    (node,) = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    return str(node)


def _labels(graph: nx.MultiDiGraph) -> set[str]:
    return {d["label"] for _, d in graph.nodes(data=True)}


def _page_data(page: str) -> dict[str, Any]:
    raw = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert raw
    data: dict[str, Any] = json.loads(raw.group(1))
    return data


# ---------------------------------------------------------------- ranking


def test_views_pagerank_matches_networkx_on_the_graph_read_both_ways():
    g = nx.MultiDiGraph()
    g.add_edges_from([("a", "b"), ("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("e", "f")])
    g.add_node("lonely")
    ours = pagerank(g)
    reference = _pagerank_python(nx.MultiGraph(g.to_undirected()), tol=1e-10)
    assert ours.keys() == reference.keys()
    for node, value in reference.items():
        assert ours[node] == pytest.approx(value, abs=1e-5)
    assert sum(ours.values()) == pytest.approx(1.0)
    assert pagerank(nx.MultiDiGraph()) == {}


def test_views_rank_by_pagerank_differs_from_degree():
    # "bridge" and "x" both have degree 2; x's neighbours give it all their rank (they have
    # no other edge), bridge's neighbours share theirs among four edges: x ranks higher.
    g = nx.MultiDiGraph()
    for hub in ("h1", "h2"):
        for i in range(3):
            g.add_edge(hub, f"{hub}-leaf{i}")
        g.add_edge(hub, "bridge")
    g.add_edge("x", "y")
    g.add_edge("x", "z")
    by_degree = ranked_nodes(g)
    by_pagerank = ranked_nodes(g, rank="pagerank")
    assert by_degree[:2] == ["h1", "h2"]
    assert by_pagerank[:2] == ["h1", "h2"]
    assert by_pagerank.index("x") < by_pagerank.index("bridge")
    assert by_degree.index("bridge") < by_degree.index("x")  # a tie, broken by label
    assert ranked_nodes(g, first=["y"])[0] == "y"
    with pytest.raises(ValueError, match="rank"):
        ranked_nodes(g, rank="size")


def test_views_vis_data_caps_by_pagerank_and_says_so():
    g = nx.MultiDiGraph()
    for i in range(10):
        g.add_edge("hub", f"leaf{i}")
    g.add_edge("a", "b")
    data = vis_data(g, max_nodes=3, rank="pagerank")
    assert data["nodes"][0]["id"] == "hub"
    assert data["rank"] == "pagerank" and data["omitted_nodes"] == 10
    page = render_html(g, max_nodes=3, rank="pagerank")
    assert "Showing the 3 highest-PageRank of 13 nodes" in page


# ---------------------------------------------------------------- entities


def test_views_find_entities_by_label_or_alias_any_case(full):
    mira = _iri(full, "Mira Halvorsen")
    assert find_entities(full, "mira  HALVORSEN") == [mira]
    assert find_entities(full, "m. halvorsen") == [mira]
    assert find_entities(full, "npa") == [_iri(full, "Northgate Port Authority")]
    both = find_entities(full, "Halvorsen")  # an alias of two people: both
    assert sorted(both) == sorted([mira, _iri(full, "Per Halvorsen")])
    assert find_entities(full, mira) == [mira]  # the IRI itself


def test_views_unknown_entity_is_a_kg_error_with_suggestions(full):
    with pytest.raises(KGError, match=r"no entity named 'Mira Halvorson'; did you mean: .*"
                       r"Mira Halvorsen"):  # fmt: skip
        find_entities(full, "Mira Halvorson")
    with pytest.raises(KGError, match="did you mean: Northgate"):
        find_entities(full, "Northgte")
    with pytest.raises(KGError) as info:
        find_entities(full, "qqqqqq")
    assert str(info.value) == "no entity named 'qqqqqq'"


def test_views_neighbourhood_follows_edges_both_ways(full):
    npa = _iri(full, "Northgate Port Authority")
    assert _labels(neighbourhood(full, [npa], hops=0)) == {"Northgate Port Authority"}
    assert _labels(neighbourhood(full, [npa], hops=1)) == {
        "Northgate Port Authority",
        "Mira Halvorsen",  # an incoming edge
        "Northgate",  # an outgoing edge
    }
    two = _labels(neighbourhood(full, [npa], hops=2))
    assert {"Per Halvorsen", "Jonas Brekke", "Northgate City Council"} <= two
    assert "dock workers" not in two
    with pytest.raises(ValueError, match="hops"):
        neighbourhood(full, [npa], hops=-1)


def test_views_entity_view_of_a_shared_alias_draws_both(full):
    view = entity_view(full, "halvorsen", hops=1)
    assert len(view.focus) == 2
    assert view.title == "Mira Halvorsen, Per Halvorsen: 1 hop"
    assert view.description == "Entities within 1 hop of 2 entities (matching 'halvorsen')."
    assert {"Northgate Port Authority", "Jonas Brekke"} <= _labels(view.graph)
    # The subgraph keeps every edge among its nodes, with its provenance.
    edges = {d["relation"]: d for *_, d in view.graph.edges(data=True)}
    assert edges["chief executive of"]["sentence"] == "Halvorsen runs the NPA."


# ---------------------------------------------------------------- documents


def test_views_document_view(full, store):
    view = document_view(full, MINUTES)
    assert _labels(view.graph) == {
        "Jonas Brekke",
        "Northgate City Council",
        "Northgate",
        "Mira Halvorsen",
    }
    assert view.graph.number_of_edges() == 3
    assert {d["doc"] for *_, d in view.graph.edges(data=True)} == {MINUTES}
    # The last part of a path will do, when only one document ends with it.
    assert document_view(full, "harbour.txt").title == f"Document {HARBOUR}"
    with pytest.raises(KGError, match=r"no document 'harbor\.txt'; did you mean: notes/harbour"):
        document_view(full, "harbor.txt")
    with pytest.raises(KGError, match=r"the documents are: minutes\.txt, notes/harbour\.txt"):
        document_view(full, "zzz")
    # A document the store holds but that has no statements: an empty view, no error.
    store.add(DocumentGraph("empty.txt", "Nothing happens here."))
    ids = [d["doc_id"] for d in store.documents()]
    assert document_view(full, "empty.txt", documents=ids).graph.number_of_nodes() == 0


# ---------------------------------------------------------------- queries


CONSTRUCT = """CONSTRUCT { ?s ?p ?o } WHERE {
  ?s ?p ?o . ?s a kg:Person . ?p rdfs:subPropertyOf kg:relatedTo }"""
SELECT_SPO = """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o . ?o a kg:Place . ?p rdfs:subPropertyOf kg:relatedTo }"""


def test_views_query_view_of_a_construct(store, full):
    view = query_view(full, store.query(CONSTRUCT), prefixes=store.prefixes)
    # Asserted facts with a person as subject (the negated claim has no direct triple).
    assert sorted(d["relation"] for *_, d in view.graph.edges(data=True)) == [
        "chief executive of",
        "meet with",
        "member of",
        "sibling of",
    ]
    mira = view.graph.nodes[_iri(full, "Mira Halvorsen")]
    assert mira["type"] == "Person" and "Halvorsen" in mira["aliases"]  # looked up
    chief = next(
        d for *_, d in view.graph.edges(data=True) if d["relation"] == "chief executive of"
    )
    assert chief["sentence"] == "Halvorsen runs the NPA." and chief["confidence"] == 0.93
    assert chief["doc"] == HARBOUR
    assert view.title == "Query result"
    assert view.description == "Result of a SPARQL query: 4 triples."


def test_views_query_view_of_select_spo_and_odd_triples(store, full):
    view = query_view(full, store.query(SELECT_SPO))
    assert sorted(d["relation"] for *_, d in view.graph.edges(data=True)) == [
        "based in",
        "located in",
    ]
    # Literals and type triples are skipped and counted; unknown IRIs are "Other" nodes.
    odd = store.query(
        "CONSTRUCT { ?e skos:prefLabel ?n . ?e a kg:Person . ?d kg:mentions ?e } "
        "WHERE { ?e a kg:Person ; skos:prefLabel ?n . BIND(IRI('http://example.org/x') AS ?d) }"
    )
    view = query_view(full, odd, prefixes={**store.prefixes, "ex": "http://example.org/"})
    assert view.graph.nodes["http://example.org/x"]["label"] == "ex:x"
    assert view.graph.nodes["http://example.org/x"]["type"] == "Other"
    assert "(6 more with a literal value or naming a type not drawn)" in view.description
    assert {d["relation"] for *_, d in view.graph.edges(data=True)} == {"kg:mentions"}


def test_views_query_view_refuses_results_without_triples(store, full):
    with pytest.raises(KGError, match=r"must bind \?s \?p \?o.*lacks \?p, \?o"):
        query_view(full, store.query("SELECT ?s WHERE { ?s a kg:Person }"))
    with pytest.raises(KGError, match="CONSTRUCT, DESCRIBE or SELECT"):
        query_view(full, store.query("ASK { ?s ?p ?o }"))


def test_views_select_view_combines_document_and_entity(full):
    view = select_view(full, doc=MINUTES, entity="northgate", hops=1)
    assert _labels(view.graph) == {"Northgate", "Northgate City Council"}
    assert view.title == "Document minutes.txt · Northgate: 1 hop"
    assert select_view(full).graph is full


# ---------------------------------------------------------------- KnowledgeGraph.render


def test_store_render_entity_view_page(store, tmp_path):
    path = draw(store, tmp_path / "mira.html", entity="Mira Halvorsen", hops=1)
    page = path.read_text(encoding="utf-8")
    data = _page_data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"Mira Halvorsen", "Northgate Port Authority", "Per Halvorsen", "Jonas Brekke"}
    (focus,) = data["focus"]
    assert next(n for n in data["nodes"] if n["id"] == focus)["borderWidth"] == 4.0
    assert '<h1 id="kg-title">Mira Halvorsen: 1 hop</h1>' in page
    assert "Entities within 1 hop of Mira Halvorsen (matching &#39;Mira Halvorsen&#39;)." in page


def test_store_render_options(store, tmp_path):
    page = draw(store, tmp_path / "all.html", max_nodes=3, title="Harbour").read_text("utf-8")
    assert len(_page_data(page)["nodes"]) == 3 and "best-connected" in page
    assert "<title>Harbour</title>" in page
    page = draw(store, tmp_path / "d.html", doc="minutes.txt").read_text("utf-8")
    assert len(_page_data(page)["edges"]) == 3
    page = draw(store, tmp_path / "q.html", query=SELECT_SPO).read_text("utf-8")
    assert len(_page_data(page)["edges"]) == 2
    page = draw(store, tmp_path / "h.html", include_hedged=False).read_text("utf-8")
    assert "dock workers" not in page  # only in a negated claim
    with pytest.raises(QueryError):
        draw(
            store, tmp_path / "x.html", query="SELECT * WHERE { SERVICE <http://a/> { ?s ?p ?o } }"
        )
    with pytest.raises(KGError, match="no entity named"):
        draw(store, tmp_path / "x.html", entity="Nobody")
    assert not (tmp_path / "x.html").exists()


# ---------------------------------------------------------------- kg render


@pytest.fixture
def disk_store(tmp_path: Path) -> Path:
    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as graph:
        for dg in harbour_docs():
            graph.add(dg)
    return location


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_cli_render_views(disk_store, tmp_path):
    out = tmp_path / "npa.html"
    result = invoke("render", "-s", str(disk_store), "-o", str(out), "--entity", "NPA",
                    "--hops", "0")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [n["label"] for n in _page_data(out.read_text("utf-8"))["nodes"]] == [
        "Northgate Port Authority"
    ]
    query_file = tmp_path / "places.rq"
    query_file.write_text(SELECT_SPO, encoding="utf-8")
    result = invoke("render", "-s", str(disk_store), "-o", str(out), "--query", f"@{query_file}")
    assert result.exit_code == 0, result.output
    assert len(_page_data(out.read_text("utf-8"))["edges"]) == 2
    result = invoke("render", "-s", str(disk_store), "-o", str(out), "--doc", "harbour.txt",
                    "--max-nodes", "2", "--rank", "pagerank")  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert len(_page_data(page)["nodes"]) == 2 and "highest-PageRank" in page
    picture = tmp_path / "view.out"
    result = invoke("render", "-s", str(disk_store), "-o", str(picture), "--format", "svg")
    assert result.exit_code == 0, result.output
    assert picture.read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--entity", "Mira Halvorson"], "no entity named 'Mira Halvorson'; did you mean:"),
        (["--doc", "agenda.txt"], "no document 'agenda.txt'"),
        (["--query", "ASK { ?s ?p ?o }"], "can be drawn"),
        (["--query", "@/no/such/file.rq"], "/no/such/file.rq: cannot read"),
    ],
)
def test_cli_render_errors_are_one_line(disk_store, tmp_path, args, message):
    out = tmp_path / "x.html"
    result = invoke("render", "-s", str(disk_store), "-o", str(out), *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
