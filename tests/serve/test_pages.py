"""kg.serve.pages: /view of kg serve (and the home page at /, from kg.serve.web)."""

from __future__ import annotations

import pytest

from tests.serve.served import (
    _assert_error,
    _request,
)

pytestmark = pytest.mark.network


def test_serve_home_page_is_the_web_home_with_escaped_links(server):
    code, headers, body = _request(server, "/")
    assert code == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert '<form class="search big" method="get" action="/search"' in body
    assert "<script>" not in body  # the hostile entity name is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in body
    assert '<a href="/view">' in body and '<a href="/query">' in body
    assert '">Anna Berg</a>' in body and 'href="/entity?iri=https%3A%2F%2F' in body
    assert "http://" not in body and "https://" not in body.replace(server.url, "")


def test_serve_view_pages(server):
    code, headers, body = _request(server, "/view")
    assert code == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.startswith("<!DOCTYPE html>") and "Liisa Kask" in body
    code, _, body = _request(server, "/view?entity=liisa%20kask")
    assert code == 200 and "Liisa Kask" in body and "Nordvik Shipping" not in body
    _assert_error(_request(server, "/view?entity=Nobody%20Atall"), 404, "no entity named")
    _assert_error(_request(server, "/view?entity=Karl%20Tamm&hops=x"), 400, "hops")
