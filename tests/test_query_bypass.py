"""The query check and the engine read one text: no comment, whitespace or escape trick
gets ``SERVICE`` or ``LOAD`` past the check, on the local store, through ``kg query``,
``kg serve`` and a remote store; and a query that did get past it still cannot connect.

A listening socket on 127.0.0.1 counts the connections it is offered; it must count none.
"""

from __future__ import annotations

import random
import threading
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from kg._sandbox import deny_network
from kg.errors import QueryError
from kg.model import DocumentGraph, Triple
from kg.query import CheckedQuery, check_query, engine_text, execute
from kg.serve.server import make_server
from kg.store.graph import KnowledgeGraph
from tests.docgraphs import select_rows
from tests.test_injection import Listener, invoke

pytestmark = pytest.mark.network

SERVICE = "SERVICE <{url}/q> {{ ?a ?b ?c }}"
#: Ways to hide a SERVICE clause from one parser and not the other. Each is a query whose
#: every reading is either refused or harmless.
HIDDEN_SERVICE = {
    "comment ended by CR": "SELECT * WHERE {{ ?s ?p ?o # x\r" + SERVICE + "\n}}",
    "comment ended by CR LF": "SELECT * WHERE {{ ?s ?p ?o # x\r\n" + SERVICE + "\n}}",
    "comment ended by CR CR": "SELECT * WHERE {{ ?s ?p ?o # x\r\r" + SERVICE + "\n}}",
    "comment ended by escaped CR": "SELECT * WHERE {{ ?s ?p ?o # x\\u000D" + SERVICE + "\n}}",
    "comment ended by escaped LF": "SELECT * WHERE {{ ?s ?p ?o # x\\u000a" + SERVICE + "\n}}",
    "comment ended by long escape": "SELECT * WHERE {{ ?s ?p ?o # x\\U0000000D" + SERVICE + "\n}}",
    "comment ended by form feed": "SELECT * WHERE {{ ?s ?p ?o # x\f" + SERVICE + "\n}}",
    "comment ended by vertical tab": "SELECT * WHERE {{ ?s ?p ?o # x\v" + SERVICE + "\n}}",
    "comment ended by NEL": "SELECT * WHERE {{ ?s ?p ?o # x\x85" + SERVICE + "\n}}",
    "comment ended by U+2028": "SELECT * WHERE {{ ?s ?p ?o # x\u2028" + SERVICE + "\n}}",
    "form feed as space": "SELECT * WHERE {{ ?s ?p ?o .\fSERVICE\f<{url}/q>\f{{ ?a ?b ?c }} }}",
    "escaped hash": "SELECT * WHERE {{ ?s ?p ?o \\u0023 x\n" + SERVICE + " }}",
    "escaped keyword": "SELECT * WHERE {{ SERVIC\\u0045 <{url}/q> {{ ?a ?b ?c }} }}",
    "escaped quotes open a long string": 'SELECT * WHERE {{ BIND("\\u0022" AS ?x) '
    + SERVICE
    + ' BIND("\\u0022" AS ?y) }}',
    "escaped backslash escapes": "SELECT * WHERE {{ ?s ?p ?o # \\u005Cu000D" + SERVICE + "\n}}",
    "hash in an IRI": "SELECT * WHERE {{ ?s <urn:x#\r> ?o . " + SERVICE + " }}",
    "hash in a string": 'SELECT * WHERE {{ ?s ?p "#" . ' + SERVICE + " }}",
    "CR in a long string": "SELECT * WHERE {{ BIND('''#\r''' AS ?x) " + SERVICE + " }}",
    "comment inside a long string": 'SELECT * WHERE {{ BIND("""a # b\r""" AS ?x) '
    + SERVICE
    + " }}",
    "CR then escaped quote": 'SELECT * WHERE {{ ?s ?p ?o # \r BIND("\\u0022" AS ?q) '
    + SERVICE
    + "\n}}",
}
HIDDEN_LOAD = {
    "CR": "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} # x\r; LOAD <{url}/d.ttl>\n",
    "CR LF": "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} # x\r\n; LOAD <{url}/d.ttl>\n",
    "escaped CR": "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} # x\\u000d; LOAD <{url}/d.ttl>\n",
    "escaped LF": "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} # x\\u000A; LOAD <{url}/d.ttl>\n",
    "form feed": "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} # x\f; LOAD <{url}/d.ttl>\n",
    "escaped quotes": 'INSERT DATA {{ <urn:a> <urn:b> "\\u0022" }} ; LOAD <{url}/d.ttl> ; '
    'INSERT DATA {{ <urn:a> <urn:b> "\\u0022" }}',
}


@pytest.fixture
def listener():
    ear = Listener()
    yield ear
    ear.close()


def _graph() -> DocumentGraph:
    return DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob", "Person", "Person")])


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("bypass") / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(_graph())
    return path


def _run_raw(sparql: str, *, update: bool = False) -> None:
    """Run text on a bare Oxigraph store, network allowed (what the check must protect)."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o")))
    try:
        if update:
            store.update(sparql)
        else:
            result = store.query(sparql)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass


@pytest.mark.parametrize("name", sorted(HIDDEN_SERVICE))
def test_bypass_the_check_sees_every_service_that_oxigraph_runs(name, listener):
    sparql = HIDDEN_SERVICE[name].format(url=listener.url)
    try:
        checked = check_query(sparql)
    except QueryError:
        return  # refused: nothing runs
    _run_raw(checked.sparql)  # what the engine would run, with its network on
    assert listener.silent(), f"{name}: the check passed a query that connects"


@pytest.mark.parametrize("name", sorted(HIDDEN_LOAD))
def test_bypass_the_check_sees_every_load_that_oxigraph_runs(name, listener):
    sparql = HIDDEN_LOAD[name].format(url=listener.url)
    try:
        checked = check_query(sparql, allow_update=True)
    except QueryError:
        return
    _run_raw(checked.sparql, update=True)
    assert listener.silent(), f"{name}: the check passed an update that connects"


@pytest.mark.parametrize("name", sorted(HIDDEN_SERVICE))
def test_bypass_local_store_and_cli_make_no_connection(name, listener, store_path):
    sparql = HIDDEN_SERVICE[name].format(url=listener.url)
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        try:
            graph.query(sparql)
        except QueryError as err:
            assert "\n" not in str(err)
    result = invoke("query", sparql, "--store", str(store_path))
    assert "Traceback" not in result.output
    assert listener.silent()


@pytest.mark.parametrize("name", sorted(HIDDEN_LOAD))
def test_bypass_load_with_updates_allowed_makes_no_connection(name, listener, tmp_path):
    sparql = HIDDEN_LOAD[name].format(url=listener.url)
    with KnowledgeGraph.open(tmp_path / "store") as graph:
        try:
            graph.query(sparql, allow_update=True)
        except QueryError:
            assert len(graph) == 0  # not even the first half ran
    result = invoke("query", sparql, "--store", str(tmp_path / "store"), "--allow-update")
    assert "Traceback" not in result.output
    assert listener.silent()


@pytest.fixture(scope="module")
def kg_server():
    graph = KnowledgeGraph.open()
    graph.add(_graph())
    server = make_server(graph, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", sorted(HIDDEN_SERVICE))
def test_bypass_serve_makes_no_connection(name, method, listener, kg_server):
    sparql = HIDDEN_SERVICE[name].format(url=listener.url)
    encoded = urllib.parse.urlencode({"query": sparql})  # a CR travels as %0D
    if method == "GET":
        request = urllib.request.Request(f"{kg_server.url}sparql?{encoded}")
    else:
        request = urllib.request.Request(
            f"{kg_server.url}sparql",
            data=encoded.encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as err:
        assert err.code in (400, 403), err.read()
    assert listener.silent()


def test_bypass_serve_get_with_percent_encoded_cr(listener, kg_server):
    # The audit's request: a comment ended by %0D, SERVICE after it.
    query = (
        "SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%23%0DSERVICE%20%3C"
        + urllib.parse.quote(listener.url + "/q", safe="")
        + "%3E%20%7B%20%3Fa%20%3Fb%20%3Fc%20%7D%0A%7D"
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{kg_server.url}sparql?query={query}", timeout=10)
    assert caught.value.code == 403
    assert b"SERVICE" in caught.value.read()
    assert listener.silent()


#: Every hidden SERVICE and LOAD, by name, and whether the query may update.
REMOTE_CASES = {
    **{f"service, {name}": (sparql, False) for name, sparql in HIDDEN_SERVICE.items()},
    **{f"load, {name}": (sparql, True) for name, sparql in HIDDEN_LOAD.items()},
}


@pytest.mark.parametrize("name", sorted(REMOTE_CASES))
def test_bypass_remote_store_makes_no_connection(name, listener, oxigraph_server):
    template, allow_update = REMOTE_CASES[name]
    sparql = template.format(url=listener.url)
    with KnowledgeGraph.open(oxigraph_server) as graph:
        try:
            graph.query(sparql, allow_update=allow_update)
        except QueryError as err:
            assert "\n" not in str(err)
    assert listener.silent()


def test_bypass_engine_text_normalises_line_ends_and_escapes():
    assert engine_text("ASK {}\r\n# a\rb") == "ASK {}\n# a\nb"
    assert engine_text('ASK { ?s ?p "\\u00e9" }') == 'ASK { ?s ?p "é" }'
    assert check_query("SELECT * WHERE { ?s ?p ?o } # x\rLIMIT 1").sparql.endswith("\nLIMIT 1")
    with pytest.raises(QueryError, match="spells another escape"):
        engine_text("ASK {} # \\u005Cu0041")
    with pytest.raises(QueryError, match="malformed"):
        engine_text("ASK {} # \\u00110000")


def test_bypass_ordinary_queries_with_windows_line_ends_still_run(store_path):
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        rows = select_rows(
            graph.query("SELECT ?n\r\nWHERE {\r\n  ?e skos:prefLabel ?n # names\r\n}\r\n")
        )
        assert sorted(str(r.n) for r in rows) == ["Ann", "Bob"]
        assert (
            len(select_rows(graph.query('SELECT ?e WHERE { ?e skos:prefLabel "\\u0041nn" }'))) == 1
        )


FRAGMENTS = ["#", "\r", "\n", "\r\n", "\f", '"', "'", '"""', "'''", "\\", "\\u000D", "\\u000A",
             "\\u0022", "\\u0027", "\\u0023", "<", ">", "<urn:x#>", " ", "x", "{", "}", ".",
             "?s ?p ?o", "\\\\"]  # fmt: skip


def test_bypass_random_mixes_of_comments_strings_and_escapes(listener):
    # Splice random fragments around a SERVICE clause: whatever the check passes connects nowhere.
    rng = random.Random(12)
    service = SERVICE.format(url=listener.url).replace("{{", "{").replace("}}", "}")
    checked_count = 0
    for _ in range(400):
        before = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 6)))
        after = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 6)))
        sparql = f"SELECT * WHERE {{ ?s ?p ?o {before}{service}{after}\n}}"
        try:
            checked = check_query(sparql)
        except QueryError:
            continue
        checked_count += 1
        _run_raw(checked.sparql)
        assert listener.connections == 0, repr(sparql)
    assert checked_count > 0  # some mixes parse and are tried
    assert listener.silent()


def test_bypass_the_query_thread_has_no_network(listener, store_path):
    # The second layer: a query that got past the check still cannot connect.
    ready = []
    thread = threading.Thread(target=lambda: ready.append(deny_network()))
    thread.start()
    thread.join()
    if not ready[0]:
        pytest.skip("seccomp is not available here")
    unchecked = CheckedQuery(f"SELECT * WHERE {{ SERVICE <{listener.url}/q> {{ ?a ?b ?c }} }}",
                             "SELECT")  # fmt: skip
    with KnowledgeGraph.open(store_path, read_only=True) as graph:
        with pytest.raises(QueryError, match="reach the network"):
            execute(graph.store, unchecked, timeout=10)
        with pytest.raises(QueryError):
            execute(graph.store, unchecked, timeout=None)
    store = ox.Store()
    load = CheckedQuery(f"LOAD <{listener.url}/d.ttl>", "UPDATE")
    with pytest.raises(QueryError):
        execute(store, load)
    assert listener.silent()
