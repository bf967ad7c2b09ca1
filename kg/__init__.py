"""kg: build a queryable, viewable knowledge graph from English documents, offline.

The small public API::

    triples = kg.triples("Xi Jinping supported the Russian demand.")
    graph = kg.build(["article.txt", "notes/"], store="my-graph")
    graph.query("SELECT ...")
    kg.draw(graph, "graph.html")
    kg.to_networkx(graph)

Importing kg loads no model and touches no file; the spaCy model loads on
the first call that needs it, and ``KnowledgeGraph``, ``draw`` and
``to_networkx`` (with Oxigraph, rdflib and networkx behind them) load on
first use.
"""

import importlib as _importlib
import sys as _sys
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from kg._version import __version__
from kg.errors import (
    ExtractionError,
    FormatError,
    HTTPFailure,
    HTTPStatusError,
    InputError,
    KGError,
    ModelError,
    QueryError,
    QueryMemoryError,
    QueryTimeoutError,
    StoreError,
    StoreLockedError,
)
from kg.model import Entity, EntityMention, Extraction, Triple
from kg.run.build import build
from kg.run.text import entities, entity_mentions, triples

if _TYPE_CHECKING:
    from pathlib import Path

    from kg.store.graph import KnowledgeGraph
    from kg.store.network import to_networkx
    from kg.view.drawing import draw


def open(
    store: "str | Path | None" = None,
    *,
    base_iri: str | None = None,
    read_only: bool = False,
    update_url: str | None = None,
) -> "KnowledgeGraph":
    """Open a knowledge graph: None in memory, a directory on disk (created if missing),
    or the query URL of a SPARQL 1.1 endpoint (see ``kg.store.graph.open_graph``; the
    store code loads on the first call, so that ``import kg`` stays light).

    Example:
        >>> import kg
        >>> graph = kg.open()
        >>> graph.stats()["documents"]
        0
    """
    from kg.store.graph import open_graph

    return open_graph(store, base_iri=base_iri, read_only=read_only, update_url=update_url)


# Public names whose modules are heavy, imported on first use (PEP 562).
_LAZY = {
    "KnowledgeGraph": "kg.store.graph",
    "draw": "kg.view.drawing",
    "to_networkx": "kg.store.network",
}


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


if "IPython" in _sys.modules:  # in IPython or Jupyter: show a KnowledgeGraph inline
    from kg.view.notebook import register as _register

    _register()

__all__ = [
    "Entity",
    "EntityMention",
    "Extraction",
    "ExtractionError",
    "FormatError",
    "HTTPFailure",
    "HTTPStatusError",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "ModelError",
    "QueryError",
    "QueryMemoryError",
    "QueryTimeoutError",
    "StoreError",
    "StoreLockedError",
    "Triple",
    "__version__",
    "build",
    "draw",
    "entities",
    "entity_mentions",
    "open",
    "to_networkx",
    "triples",
]
