"""kg.serve.server: the HTTP server itself: requests it cannot answer, its row limit and timeout."""

from __future__ import annotations

import json

import pytest

from tests.serve.served import (
    PEOPLE,
    _assert_error,
    _get_query,
    _request,
    _start,
)

pytestmark = pytest.mark.network


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("sparql", 400, "exactly one"),
        ("sparql?query=", 400, "exactly one"),
        ("sparql?query=ASK%7B%7D&query=ASK%7B%7D", 400, "exactly one"),
        ("sparql?query=ASK%7B%7D&default-graph-uri=urn:x", 400, "default-graph-uri"),
        ("nowhere", 404, "no such page"),
    ],
)
def test_serve_bad_requests(server, path, status, words):
    _assert_error(_request(server, path), status, words)


def test_serve_row_limit_and_timeout(graph):
    server, thread = _start(graph, limit=1)
    try:
        code, headers, body = _get_query(server, PEOPLE)
        assert code == 200 and headers["X-KG-Truncated"] == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 1
        server.query_timeout = 1e-9  # no query finishes in a nanosecond
        # ~0.5 s of work that yields no row (so the row limit cannot end it first); the
        # filter needs all three patterns joined, so it cannot be pushed down.
        slow = (
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
            "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) < 0) }"
        )
        _assert_error(_get_query(server, slow), 503, "timeout")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
