"""Where a store is, and which backend opens it: a directory, memory, or a URL.

Example:
    >>> backend = open_backend(None)
    >>> type(backend).__name__, backend.where
    ('OxigraphBackend', 'memory')
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import StoreError
from kg.store.backend import Backend
from kg.store.oxigraph import OxigraphBackend
from kg.store.sparql import DEFAULT_REQUEST_TIMEOUT, SparqlBackend

#: Where the CLI keeps its store unless told otherwise (``$KG_STORE`` overrides it).
DEFAULT_STORE = Path("kg-store")
#: The environment variable that overrides ``DEFAULT_STORE``.
STORE_ENV = "KG_STORE"


def default_store_location() -> Path:
    """The store the CLI opens by default: ``$KG_STORE``, else ``./kg-store``.

    Example:
        >>> import os
        >>> str(default_store_location()) == os.environ.get("KG_STORE", "kg-store")
        True
    """
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def is_url(location: object) -> bool:
    """True for an ``http://`` or ``https://`` location (a remote SPARQL endpoint).

    Example:
        >>> is_url("http://127.0.0.1:7878/query"), is_url("kg-store")
        (True, False)
    """
    return str(location).lower().startswith(("http://", "https://"))


def open_backend(
    location: str | Path | None,
    *,
    read_only: bool = False,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    timeout: float = DEFAULT_REQUEST_TIMEOUT,
) -> Backend:
    """The backend of a location: in memory (None), an Oxigraph directory (created if
    missing), or a SPARQL 1.1 endpoint (an ``http(s)://`` URL); the options are those
    of ``KnowledgeGraph.open``.

    Raises:
        StoreLockedError: another process writes to the store.
        StoreError: the location is not a store, or remote options for a local one.
    """
    if location is not None and is_url(location):
        return SparqlBackend(
            str(location), update_url=update_url, graph_store_url=graph_store_url,
            read_only=read_only, timeout=timeout,
        )  # fmt: skip
    if update_url is not None or graph_store_url is not None:
        raise StoreError("update_url and graph_store_url are for remote stores (URLs)")
    path = None if location is None else Path(location).expanduser()
    return OxigraphBackend.open(path, read_only=read_only)
