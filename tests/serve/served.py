"""Helpers shared by the kg serve tests: hand-made documents, a server on a thread, raw requests."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

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


COUNT_DOCS = "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?g a kg:Document } }"
# Sorting every solution of a cross product: minutes of work, gigabytes of memory.
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
MIXED = [
    "SELECT ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name } ORDER BY ?name",
    "ASK { ?a rel:meet ?b }",
    "CONSTRUCT { ?a rel:meet ?b } WHERE { ?a rel:meet ?b }",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "DESCRIBE ?a WHERE { ?a rel:meet ?b } LIMIT 2",
    "PREFIX x: <urn:x#> SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(?p != x:y) } LIMIT 5",
]


def _document(n: int, people: int = 20) -> DocumentGraph:
    triples = [
        Triple(f"Ann {n}", "meet", f"Bob {n} {j}", "Person", "Person") for j in range(people)
    ]
    return DocumentGraph(f"d{n}", f"text {n}", triples)


# A reply: the status, the headers and the body.
Reply = tuple[int, dict[str, str], str]


def _get(
    url: str, query: str | None = None, *, method: str = "GET", timeout: float = 30,
    accept: str = "text/csv",
) -> Reply:  # fmt: skip
    if query is not None:
        url += "sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, method=method, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read().decode()


def _stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(5)


def _serve_process(store, *options):
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", "-q"]
    process = subprocess.Popen([*command, *options], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        process.kill()
        process.wait()
        process.stderr.close()
        pytest.fail(line)
    return process, match.group(1)


def _end(process) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()


def _concurrently(count: int, work: Callable[[int], object]) -> list[Any]:
    """What ``work(i)`` returned or raised, for each i, run at once in ``count`` threads."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # reported by the assertion
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results
