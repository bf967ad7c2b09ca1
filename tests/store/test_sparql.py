"""kg.store.sparql: a graph on a real ``oxigraph serve`` on 127.0.0.1, vs the local store."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from kg.errors import QueryError, QueryTimeoutError, StoreError
from kg.model import DocumentGraph, Triple
from kg.rdf.quads import document_graph
from kg.rdf.terms import entity_iri, from_oxigraph
from kg.store.graph import KnowledgeGraph
from kg.store.network import to_networkx
from kg.store.sparql import SparqlBackend, endpoint_urls
from tests.docgraphs import bare, doc_one, doc_two, full, select_rows, timed_doc
from tests.servers import _free_port

pytestmark = pytest.mark.network

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
QUERIES = [
    "SELECT ?name WHERE { ?e skos:prefLabel ?name } ORDER BY ?name",
    "SELECT ?s ?o WHERE { ?s rel:found ?o }",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "SELECT ?st ?c ?pol ?text WHERE { ?st kg:confidence ?c ; kg:polarity ?pol ; "
    "prov:wasDerivedFrom/nif:anchorOf ?text } ORDER BY ?st",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
]


@pytest.fixture(scope="module")
def server(oxigraph_server):
    return oxigraph_server


@pytest.fixture
def remote(server):
    """A remote knowledge graph on an emptied server."""
    with KnowledgeGraph.open(server) as kg:
        kg.query("DROP ALL", allow_update=True)
        yield kg


@pytest.fixture
def local():
    with KnowledgeGraph.open() as kg:
        yield kg


def changed_one() -> DocumentGraph:
    return DocumentGraph(
        "one.txt", "Mara Quill sold Lantern Works.",
        [Triple("Mara Quill", "sell", "Lantern Works", "Person", "Organization")],
    )  # fmt: skip


def answers(kg: KnowledgeGraph) -> dict[str, object]:
    """Everything a user sees of a store, in comparable form."""
    out: dict[str, object] = {"documents": kg.documents(), "stats": kg.stats(), "len": len(kg)}
    for sparql in QUERIES:
        result = select_rows(kg.query(sparql))
        out[sparql] = (result.vars, [tuple(row) for row in result])
    graph = to_networkx(kg, include_hedged=True)
    out["nodes"] = sorted(graph.nodes(data=True))
    out["edges"] = sorted(
        (u, v, k, sorted(d.items())) for u, v, k, d in graph.edges(keys=True, data=True)
    )
    return out


def graphs_in(path: Path) -> dict[str, Graph]:
    """The graphs of a TriG / N-Quads file, by name, as rdflib graphs."""
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=path):
        graph = graphs.setdefault(str(quad.graph_name), Graph())
        graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate),
                   from_oxigraph(quad.object)))  # fmt: skip
    return graphs


# ---------------------------------------------------------------- same answers as the local store


def test_remote_build_gives_the_local_answers(local, remote, tmp_path):
    for kg in (local, remote):
        assert kg.add(doc_one(), generated_at=WHEN) is True
        assert kg.add_many([doc_two()], generated_at=WHEN) == 1
    assert answers(remote) == answers(local)
    assert remote.stats()["documents"] == 2
    # Exports: the same quads, per document graph, and the same union.
    for name in ("trig", "turtle"):
        local.export(tmp_path / f"local.{name}", format=name)
        remote.export(tmp_path / f"remote.{name}", format=name)
    graphs_local, graphs_remote = (
        graphs_in(tmp_path / "local.trig"),
        graphs_in(tmp_path / "remote.trig"),
    )
    assert graphs_local.keys() == graphs_remote.keys() and len(graphs_local) == 2
    for name, graph in graphs_local.items():
        assert isomorphic(graph, graphs_remote[name])
    union_local = Graph().parse(tmp_path / "local.turtle", format="turtle")
    union_remote = Graph().parse(tmp_path / "remote.turtle", format="turtle")
    assert len(union_local) == len(remote) and isomorphic(union_local, union_remote)


def test_remote_statements_without_object_and_times_give_the_local_answers(local, remote):
    # "The Aalto Stadium opened in 1932": a statement with a time and no rdf:object
    for kg in (local, remote):
        assert kg.add(timed_doc(), generated_at=WHEN) is True
    assert answers(remote) == answers(local)
    graph = to_networkx(remote, include_hedged=True)
    stadium = str(entity_iri("Aalto Stadium", "Place"))
    assert [(e["relation"], e["time"]) for e in graph.nodes[stadium]["events"]] == [
        ("open", "1932")
    ]


def test_remote_rebuild_of_unchanged_documents_changes_nothing(remote):
    assert remote.add_many([doc_one(), doc_two()], generated_at=WHEN) == 2
    before = remote.documents()
    assert remote.add(doc_one()) is False
    assert remote.add_many([doc_one(), doc_two()]) == 0
    assert remote.documents() == before  # not even the generation time moved


def test_remote_changed_document_is_replaced(local, remote):
    for kg in (local, remote):
        kg.add_many([doc_one(), doc_two()], generated_at=WHEN)
        assert kg.add(changed_one(), generated_at=WHEN) is True
    assert remote.query("ASK { ?a rel:sell ?b }") is True
    assert remote.query("ASK { ?a rel:found ?b }") is False
    assert remote.query("ASK { ?s kg:modality ?m }") is False
    assert answers(remote) == answers(local)


def test_remote_remove_keeps_shared_entities(local, remote):
    for kg in (local, remote):
        kg.add_many([doc_one(), doc_two()], generated_at=WHEN)
        assert kg.remove("two.txt") is True
        assert kg.remove("two.txt") is False
    works = entity_iri("Lantern Works", "Organization")
    assert remote.query(f"ASK {{ <{works}> skos:prefLabel 'Lantern Works' }}") is True
    assert answers(remote) == answers(local)
    remote.remove("one.txt")
    assert len(remote) == 0


def test_remote_bare_surname_links_as_on_the_local_store(local, remote):
    # "Meitner" alone links to the one "Lise Meitner" of the store; with a second
    # person aliased "Meitner" it would not (tests/store/test_link.py has the rule).
    lise, bare_meitner = entity_iri("Lise Meitner", "Person"), entity_iri("Meitner", "Person")
    for kg in (local, remote):
        kg.add(full("a.txt", "Lise"), generated_at=WHEN)
        kg.add_many([bare("b.txt"), full("w.txt", "Walter"), bare("c.txt")], generated_at=WHEN)
    assert answers(remote) == answers(local)
    ask = "ASK {{ GRAPH ?g {{ ?g dcterms:identifier '{}' . ?st rdf:subject <{}> }} }}"
    assert remote.query(ask.format("b.txt", lise)) is True
    assert remote.query(ask.format("c.txt", bare_meitner)) is True
    rule = "SELECT ?r WHERE { ?m kg:rule ?r ; kg:alias 'Meitner' } ORDER BY ?r"
    assert [str(r.r) for r in remote.query(rule)] == ["store-alias", "surname", "surname"]


def test_remote_insert_data_fallback_matches_the_graph_store_protocol(server, local):
    # A server without the Graph Store Protocol: kg writes through INSERT DATA.
    with KnowledgeGraph.open(server, graph_store_url="") as remote:
        remote.query("DROP ALL", allow_update=True)
        for kg in (local, remote):
            kg.add_many([doc_one(), doc_two()], generated_at=WHEN)
        assert answers(remote) == answers(local)
        stored = remote.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{document_graph(doc_two()).identifier}> "
            "{ ?s ?p ?o } }"
        )
        assert isinstance(stored, Graph)
        assert isomorphic(stored, document_graph(doc_two(), generated_at=WHEN))


def test_remote_falls_back_when_the_graph_store_url_is_missing(server, local):
    with KnowledgeGraph.open(
        server, graph_store_url=server.replace("/query", "/nowhere")
    ) as remote:
        remote.query("DROP ALL", allow_update=True)
        remote.add(doc_one(), generated_at=WHEN)
        local.add(doc_one(), generated_at=WHEN)
        assert isinstance(remote.backend, SparqlBackend) and remote.backend.graph_store_url is None
        assert answers(remote) == answers(local)


def test_remote_import_round_trip(local, remote, tmp_path):
    local.add_many([doc_one(), doc_two()], generated_at=WHEN)
    local.export(tmp_path / "kg.nq")
    assert remote.load(tmp_path / "kg.nq") > 0
    assert answers(remote) == answers(local)


# ---------------------------------------------------------------- queries


def test_remote_query_forms_bindings_and_limit(remote):
    remote.add_many([doc_one(), doc_two()])
    rows = remote.query(
        "SELECT ?e ?name WHERE { ?e skos:prefLabel ?name }",
        init_bindings={"name": Literal("Tomas Reed")},
    )
    assert [str(r.e) for r in rows] == [str(entity_iri("Tomas Reed", "Person"))]
    capped = remote.query("SELECT ?s WHERE { ?s ?p ?o }", limit=2)
    assert len(capped) == 2 and capped.truncated
    assert remote.query("ASK { ?a rel:hire ?b }") is True
    graph = remote.query("CONSTRUCT WHERE { ?a rel:hire ?b }")
    assert isinstance(graph, Graph) and len(graph) == 1


def test_remote_refuses_what_the_local_store_refuses(remote):
    with pytest.raises(QueryError, match="SERVICE"):
        remote.query("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="allow_update"):
        remote.query("DROP ALL")
    with pytest.raises(QueryError, match="not a graph of the store"):
        remote.query("SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }")


def test_remote_read_only_refuses_writes(server):
    with KnowledgeGraph.open(server, read_only=True) as remote:
        with pytest.raises(StoreError, match="read-only"):
            remote.add(doc_one())
        with pytest.raises(StoreError, match="read-only"):
            remote.query("DROP ALL", allow_update=True)


# ---------------------------------------------------------------- URLs and failures


def test_remote_endpoint_urls_and_overrides(server):
    assert endpoint_urls("http://h:1/ds/query") == ("http://h:1/ds/update", "http://h:1/ds/store")
    assert endpoint_urls("http://h:1/sparql/") == ("http://h:1/sparql/update", None)
    with KnowledgeGraph.open(server, update_url="http://127.0.0.1:1/up") as remote:
        assert isinstance(remote.backend, SparqlBackend)
        assert remote.backend.update_url == "http://127.0.0.1:1/up"
        with pytest.raises(StoreError, match=r"cannot reach http://127\.0\.0\.1:1/up"):
            remote.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_update=True)


def test_remote_unreachable_server_is_one_line_naming_the_url():
    url = f"http://127.0.0.1:{_free_port()}/query"
    with KnowledgeGraph.open(url) as remote, pytest.raises(StoreError) as info:
        len(remote)
    assert url in str(info.value) and "\n" not in str(info.value)


def test_remote_query_timeout_names_the_url():
    # A server that accepts the connection and never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with KnowledgeGraph.open(url, timeout=0.3) as remote:
            with pytest.raises(QueryTimeoutError, match=r"timeout of 0\.2 s at http://127"):
                remote.query("ASK { ?s ?p ?o }", timeout=0.2)
            with pytest.raises(StoreError, match=r"did not answer within 0\.3 s"):
                remote.documents()


def test_remote_closed_and_local_only_views_raise(server):
    remote = KnowledgeGraph.open(server)
    with pytest.raises(StoreError, match="no local Oxigraph store"):
        remote.store  # noqa: B018
    remote.close()
    with pytest.raises(StoreError, match="closed"):
        len(remote)
    assert "closed" in repr(remote)


# ---------------------------------------------------------------- the commands with --store URL


def _kg(*args: str):
    from typer.testing import CliRunner

    from kg.cli import app

    return CliRunner().invoke(app, list(args))


def test_remote_cli_commands_take_a_url(server, remote, local, tmp_path):
    for kg in (local, remote):
        kg.add_many([doc_one(), doc_two()], generated_at=WHEN)
    url = ["--store", server]
    stats = _kg("stats", *url)
    assert stats.exit_code == 0, stats.output
    assert "documents" in stats.stdout
    query = _kg("query", QUERIES[0], *url, "--format", "csv")
    assert query.exit_code == 0, query.output
    names = [str(row[0]) for row in local.query(QUERIES[0])]
    assert query.stdout.split()[1:] == [n for name in names for n in name.split()]
    exported = _kg("export", *url, "-o", str(tmp_path / "kg.trig"))
    assert exported.exit_code == 0, exported.output
    assert graphs_in(tmp_path / "kg.trig").keys() == {f"<{d['iri']}>" for d in local.documents()}
    rendered = _kg("render", *url, "-o", str(tmp_path / "kg.html"))
    assert rendered.exit_code == 0, rendered.output
    assert (tmp_path / "kg.html").stat().st_size > 1000
    assert _kg("validate", *url).exit_code == 0
    removed = _kg("remove", "two.txt", *url, "--update-url", server.replace("query", "update"))
    assert removed.exit_code == 0, removed.output
    assert [d["doc_id"] for d in remote.documents()] == ["one.txt"]
    imported = _kg("import", str(tmp_path / "kg.trig"), *url)
    assert imported.exit_code == 0, imported.output
    assert remote.documents() == local.documents()
    bad = _kg("stats", "--store", str(tmp_path / "local"), "--update-url", "http://x/update")
    assert bad.exit_code == 1 and "remote store" in bad.stderr


@pytest.mark.model
def test_remote_cli_build_then_rebuild(server, remote, tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("Omar Haddad founded Kestrel Labs in Oslo.", encoding="utf-8")
    first = _kg("build", str(doc), "--store", server)
    assert first.exit_code == 0, first.output
    before = remote.documents()
    assert [d["doc_id"] for d in before] == [str(doc)] and before[0]["statements"] >= 1
    assert remote.query("ASK { ?e skos:prefLabel 'Kestrel Labs' }") is True
    again = _kg("build", str(doc), "--store", server)
    assert again.exit_code == 0, again.output
    assert remote.documents() == before  # unchanged: not even rewritten
