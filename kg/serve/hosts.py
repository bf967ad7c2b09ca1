"""Who ``kg serve`` answers: requests that name this server, and POSTs from its own pages.

A web page the user visits must not read the graph (DNS rebinding: a hostile
name that resolves to 127.0.0.1), nor send it queries from a form of its own.
So :func:`check_host` refuses a ``Host`` header that names no name of this
server, and :func:`check_origin` a ``POST`` whose ``Origin`` or
``Sec-Fetch-Site`` header says another site sent it.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Collection, Sequence
from http import HTTPStatus

from kg.serve.sparql import HTTPError

#: Host names every server answers to (``kg serve --allowed-host`` adds more).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: Addresses that listen on every interface (and so name no host).
_WILDCARD_HOSTS = ("", "0.0.0.0", "::")


def host_name(host: str) -> str:
    """The name of a ``Host`` header or address, lower case, without port or brackets.

    Example:
        >>> host_name("LocalHost:7878"), host_name("[::1]:80"), host_name("::1")
        ('localhost', '::1', '::1')
    """
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host


def allowed_hosts(address: str, more: Sequence[str] = ()) -> frozenset[str]:
    """The names a server listening on ``address`` answers to: loopback, it, and ``more``.

    Example:
        >>> sorted(allowed_hosts("0.0.0.0", ["Graph.example."]))
        ['127.0.0.1', '::1', 'graph.example', 'localhost']
    """
    bound = [] if address in _WILDCARD_HOSTS else [address]
    return frozenset(host_name(h) for h in (*LOOPBACK_HOSTS, *bound, *more) if h)


def check_host(host: str | None, allowed: Collection[str]) -> None:
    """Refuse a request whose ``Host`` header is not a name of this server.

    Raises:
        HTTPError: 400 without a ``Host`` header, 403 (closing the connection) for another name.
    """
    if host is None:
        raise HTTPError(HTTPStatus.BAD_REQUEST, "a request needs a Host header")
    name = host_name(host)
    if name not in allowed:
        raise HTTPError(
            HTTPStatus.FORBIDDEN,
            f"Host {name[:100]!r} is not served here; start kg serve with "
            f"--allowed-host {name[:100]} to allow it",
            close=True,
        )


def check_origin(
    origin: str | None, fetch_site: str | None, *, allowed: Collection[str], port: int
) -> None:
    """Refuse a POST sent by a page of another origin (a form or script elsewhere).

    Args:
        origin: the request's ``Origin`` header (None: not a browser, like curl).
        fetch_site: its ``Sec-Fetch-Site`` header.
        allowed: this server's host names (:func:`allowed_hosts`).
        port: the port this server listens on.

    Raises:
        HTTPError: 403, closing the connection.
    """
    if (fetch_site or "").lower() in ("cross-site", "same-site"):
        raise HTTPError(HTTPStatus.FORBIDDEN, "cross-origin POST refused", close=True)
    if origin is None:
        return  # not a browser request (curl, SPARQL clients)
    parts = urllib.parse.urlsplit(origin.strip())
    try:
        origin_port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        origin_port = -1
    if (
        parts.scheme != "http"
        or host_name(parts.hostname or "") not in allowed
        or origin_port != port
    ):
        raise HTTPError(
            HTTPStatus.FORBIDDEN, f"cross-origin POST refused (Origin {origin!r})", close=True
        )
