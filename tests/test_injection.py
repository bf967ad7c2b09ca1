"""Names and options are data, never query text; queries reach nothing outside the store.

Entity names, document ids and bound values that look like SPARQL, regexes or
wildcards match only themselves. ``SERVICE``, ``LOAD``, ``FROM`` with file or
HTTP IRIs, and JSON-LD remote contexts make no connection: a listening socket
on 127.0.0.1 records every connection attempt, and must record none. A runaway
query stops at its timeout and the store keeps answering.
"""

from __future__ import annotations

import itertools
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError, QueryError, QueryTimeoutError
from kg.model import DocumentGraph, Entity, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.network import to_networkx
from kg.view.select import find_entities
from tests.docgraphs import select_rows

HOSTILE_NAMES = [
    'Ann" } UNION { ?s ?p ?o } #',
    "Bo' OR '1'='1",
    "Cy> ; DROP ALL ; <urn:x",
    ".*",
    "%",
    "*",
    "Dag\\u0022 Li",
]
PLAIN_NAMES = ["Ann", "Bo", "Cy", "Dag Li"]


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def silent(self) -> bool:
        """No connection came, after a moment for a late one to arrive."""
        time.sleep(0.15)
        return self.connections == 0

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    ear = Listener()
    yield ear
    ear.close()


def _graph(n: int, names: list[str]) -> DocumentGraph:
    triples = [Triple(a, "meet", b, "Person", "Person") for a, b in itertools.pairwise(names)]
    entities = {(a, "Person"): Entity(a, "Person") for a in names}
    return DocumentGraph(f"doc{n}", f"text {n}", triples, entities)


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("injection") / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(_graph(0, PLAIN_NAMES))
        graph.add(_graph(1, HOSTILE_NAMES[:3]))
        graph.add(DocumentGraph('doc" } ; DROP ALL ; #', "odd id", [Triple("Eve", "see", "Fay")]))
    return path


@pytest.fixture
def store(built_store, tmp_path):
    """A copy of the built store, for this test alone."""
    return Path(shutil.copytree(built_store, tmp_path / "store"))


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


# ---------------------------------------------------------------- names are data


@pytest.mark.parametrize("name", [*HOSTILE_NAMES, "", " ", "ann\x00"])
def test_injection_entity_names_match_only_themselves(store, name):
    with KnowledgeGraph.open(store, read_only=True) as graph:
        nxg = to_networkx(graph)
    labels = {attrs.get("label") for _, attrs in nxg.nodes(data=True)}
    if name in labels:
        found = find_entities(nxg, name)
        assert [nxg.nodes[n]["label"] for n in found] == [name]
    else:
        with pytest.raises(KGError, match="no entity named"):
            find_entities(nxg, name)


@pytest.mark.parametrize("name", [".*", "%", "*", "' OR 1=1 --", '" } UNION { ?s ?p ?o } #'])
def test_injection_render_entity_option_matches_nothing_for_patterns(store, tmp_path, name):
    out = tmp_path / "view.html"
    result = invoke("render", "-o", str(out), "--entity", name, "--store", str(store))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "no entity named" in result.stderr
    assert not out.exists()


def test_injection_render_entity_with_a_hostile_stored_name_draws_it(store, tmp_path):
    out = tmp_path / "view.html"
    name = HOSTILE_NAMES[0]
    result = invoke("render", "-o", str(out), "--entity", name, "--store", str(store))
    assert result.exit_code == 0, result.output
    with KnowledgeGraph.open(store, read_only=True) as graph:
        nxg = to_networkx(graph)
    assert find_entities(nxg, name) == [n for n, a in nxg.nodes(data=True) if a["label"] == name]


@pytest.mark.parametrize("doc_id", ['doc0" } ; DROP ALL ; #', "doc.*", "*", "doc%", "doc0 "])
def test_injection_remove_with_a_hostile_id_removes_nothing(store, doc_id):
    with KnowledgeGraph.open(store, read_only=True) as graph:
        before = graph.stats()
    result = invoke("remove", doc_id, "--store", str(store))
    assert result.exit_code == 1, result.output
    assert "no such document" in result.stderr
    with KnowledgeGraph.open(store, read_only=True) as graph:
        assert graph.stats() == before


def test_injection_remove_a_document_whose_id_looks_like_sparql(store):
    result = invoke("remove", 'doc" } ; DROP ALL ; #', "--store", str(store))
    assert result.exit_code == 0, result.output
    with KnowledgeGraph.open(store, read_only=True) as graph:
        assert sorted(d["doc_id"] for d in graph.documents()) == ["doc0", "doc1"]


@pytest.mark.parametrize("value", [*HOSTILE_NAMES, "Ann"])
def test_injection_bound_values_match_exactly(store, value):
    query = "SELECT ?e ?name WHERE { ?e skos:prefLabel ?name }"
    with KnowledgeGraph.open(store, read_only=True) as graph:
        rows = select_rows(graph.query(query, init_bindings={"name": Literal(value)}))
    expected = 1 if value in PLAIN_NAMES + HOSTILE_NAMES[:3] else 0
    assert len(rows) == expected
    assert all(str(row.name) == value for row in rows)


# ---------------------------------------------------------------- no connection


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}/q> {{ ?a ?p ?o }} }} }}",
        "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }} }}",
        "ASK {{ FILTER EXISTS {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }}",
        "SELECT * WHERE {{ VALUES ?x {{ <{url}/q> }} SERVICE ?x {{ ?s ?p ?o }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{url}/graph> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}/graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM <file:///etc/hostname> WHERE {{ ?s ?p ?o }}",
    ],
)
def test_injection_queries_make_no_connection(store, listener, template):
    sparql = template.format(url=listener.url)
    with KnowledgeGraph.open(store, read_only=True) as graph, pytest.raises(QueryError):
        graph.query(sparql)
    result = invoke("query", sparql, "--store", str(store))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert listener.silent()


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{url}/data.ttl>",
        "LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>",
        "LOAD <file:///etc/passwd>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }}",
        "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{url}/x>",
    ],
)
def test_injection_load_makes_no_connection_even_with_updates_allowed(store, listener, template):
    sparql = template.format(url=listener.url)
    with KnowledgeGraph.open(store) as graph:
        before = len(graph)
        with pytest.raises(QueryError):
            graph.query(sparql, allow_update=True)
        assert len(graph) == before  # nothing ran, not even the harmless first half
    assert listener.silent()


@pytest.mark.parametrize("context_kind", ["string", "list", "nested"])
def test_injection_jsonld_remote_context_makes_no_connection(tmp_path, listener, context_kind):
    remote = f"{listener.url}/ctx"
    context = {
        "string": remote,
        "list": [remote, {"name": "http://schema.org/name"}],
        "nested": {"@vocab": "http://schema.org/", "knows": {"@id": "knows", "@context": remote}},
    }[context_kind]
    doc = {"@context": context, "@id": "http://example.org/ann", "name": "Ann"}
    path = tmp_path / "remote-context.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    store = tmp_path / "store"
    with KnowledgeGraph.open(store) as graph:
        try:
            graph.load(path)
        except KGError as err:
            assert "\n" not in str(err)
    result = invoke("import", str(path), "--store", str(store))
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    assert listener.silent()


# ---------------------------------------------------------------- runaway queries


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_injection_runaway_query_stops_at_the_timeout_and_the_store_still_answers(store):
    with KnowledgeGraph.open(store) as graph:
        assert len(graph) > 40  # 40**5 solutions: minutes of work
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError):
            graph.query(RUNAWAY, timeout=0.5)
        assert time.monotonic() - started < 5.0
        started = time.monotonic()
        assert graph.query("ASK { ?s skos:prefLabel 'Ann' }", timeout=10) is True
        assert graph.stats()["documents"] == 3
        graph.add(_graph(9, ["Gus", "Hal"]))  # and still takes writes
        assert graph.query("ASK { ?s skos:prefLabel 'Gus' }", timeout=10) is True
        assert time.monotonic() - started < 10.0


def test_injection_runaway_query_from_the_cli_times_out_cleanly(store):
    result = invoke("query", RUNAWAY, "--timeout", "0.5", "--store", str(store))
    assert result.exit_code == 1, result.output
    assert "timeout" in result.stderr
    assert "Traceback" not in result.output
