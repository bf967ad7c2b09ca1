"""Helpers shared by the kg serve tests: hand-made documents, a server on a thread, raw requests."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request

from kg.model import DocumentGraph, Triple
from kg.serve.server import make_server
from kg.store.graph import KnowledgeGraph

HOSTILE = "<script>alert(1)</script> & Co"


PEOPLE = "SELECT ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name } ORDER BY ?name"


MEETINGS = "CONSTRUCT { ?a rel:meet ?b } WHERE { ?a rel:meet ?b }"


def _documents() -> list[DocumentGraph]:
    return [
        DocumentGraph(
            "news/one.txt",
            "",
            [
                Triple("Anna Berg", "meet", "Karl Tamm", "Person", "Person", confidence=0.8),
                Triple(
                    "Anna Berg", "chief executive of", "Nordvik Shipping", "Person", "Organization"
                ),
                Triple("Karl Tamm", "meet", "Liisa Kask", "Person", "Person"),
            ],
        ),
        DocumentGraph(
            "news/two.txt", "", [Triple(HOSTILE, "buy", "Nordvik Shipping", "Organization")]
        ),
    ]


def _start(graph: KnowledgeGraph, **options):
    server = make_server(graph, port=0, quiet=True, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _wrapper(server, query, fmt, *, method="GET", direct=False):
    from SPARQLWrapper import GET, POST, POSTDIRECTLY, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(POST if method == "POST" else GET)
    if direct:
        client.setRequestMethod(POSTDIRECTLY)
    return client


def _names_json(data) -> list[str]:
    return [b["name"]["value"] for b in data["results"]["bindings"]]


# ---------------------------------------------------------------- raw HTTP


def _request(server, path, *, data=None, headers=None, method=None):
    request = urllib.request.Request(
        server.url + path.lstrip("/"), data=data, headers=headers or {}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode("utf-8")


def _get_query(server, query, **headers):
    return _request(server, "sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)


def _assert_error(response, status, words):
    code, headers, body = response
    assert code == status, body
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body.endswith("\n") and body.count("\n") == 1
    assert words in body
