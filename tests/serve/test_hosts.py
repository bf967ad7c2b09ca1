"""``kg serve`` answers only the names it is reached by (no DNS rebinding), refuses
cross-origin POSTs, and sends ``nosniff`` and a Content-Security-Policy with every page."""

from __future__ import annotations

import http.client
import threading
import urllib.parse

import pytest

from kg.model import DocumentGraph, Triple
from kg.serve.server import make_server
from kg.store.graph import KnowledgeGraph

pytestmark = pytest.mark.network


QUERY = "/sparql?query=" + urllib.parse.quote("SELECT ?n WHERE { ?e skos:prefLabel ?n }")


@pytest.fixture(scope="module")
def server():
    graph = KnowledgeGraph.open()
    graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person")]))
    server = make_server(graph, port=0, quiet=True, allowed_hosts=["kg.internal.example"])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)
    graph.close()


def _request(server, path, *, method="GET", headers=None, body=None):
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    names = {k.lower() for k in headers or {}}
    connection.putrequest(method, path, skip_host="host" in names, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:7878", "127.0.0.1.attacker.example", "0.0.0.0"]
)
def test_serve_refuses_a_host_header_it_does_not_serve(server, host):
    for path in (QUERY, "/", "/view"):
        response, body = _request(server, path, headers={"Host": host})
        assert response.status == 403, (path, body)
        assert b"--allowed-host" in body
        assert b"Ann" not in body


OWN_HOSTS = ["127.0.0.1", "127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "[::1]:{port}",
             "kg.internal.example:{port}"]  # fmt: skip


@pytest.mark.parametrize("host", OWN_HOSTS)
def test_serve_answers_its_own_host_names(server, host):
    host = host.format(port=server.server_address[1])
    response, body = _request(server, QUERY, headers={"Host": host})
    assert response.status == 200, body
    assert b"Ann" in body


def test_serve_refuses_a_request_without_host(server):
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", QUERY, skip_host=True)
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 400
    connection.close()


def _post(server, headers):
    body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode("ascii")
    return _request(
        server, "/sparql", method="POST", body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
    )  # fmt: skip


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://attacker.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Origin": "https://127.0.0.1:{port}"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:{port}"},
    ],
)
def test_serve_refuses_cross_origin_posts(server, headers):
    port = server.server_address[1]
    headers = {k: v.format(port=port) for k, v in headers.items()}
    response, body = _post(server, headers)
    assert response.status == 403, body
    assert b"cross-origin" in body


@pytest.mark.parametrize(
    "headers",
    [{}, {"Origin": "http://127.0.0.1:{port}"}, {"Origin": "http://localhost:{port}",
                                                  "Sec-Fetch-Site": "same-origin"}],
)  # fmt: skip
def test_serve_answers_same_origin_and_non_browser_posts(server, headers):
    port = server.server_address[1]
    headers = {k: v.format(port=port) for k, v in headers.items()}
    response, body = _post(server, headers)
    assert response.status == 200, body


@pytest.mark.parametrize("path", ["/", "/index.html", "/view", "/view?entity=Ann"])
def test_serve_every_html_page_has_nosniff_and_a_csp(server, path):
    response, _ = _request(server, path)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp


def test_serve_errors_and_results_have_nosniff(server):
    for path in (QUERY, "/nothing"):
        response, _ = _request(server, path)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
