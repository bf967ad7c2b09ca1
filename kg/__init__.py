"""kg: build a queryable, viewable knowledge graph from English documents, offline.

The small public API::

    triples = kg.triples("Xi Jinping supported the Russian demand.")
    graph = kg.build(["article.txt", "notes/"], store="my-graph")
    graph.query("SELECT ...")
    graph.render("graph.html")

Importing kg loads no model and touches no file; the spaCy model loads on
the first call that needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg._version import __version__
from kg.errors import KGError
from kg.model import Entity, EntityMention, Extraction, Triple
from kg.run.build import build
from kg.run.text import entities, entity_mentions, triples

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from kg.store.graph import KnowledgeGraph


def open(store: str | Path | None = None, **options: Any) -> KnowledgeGraph:
    """Open a knowledge graph: ``kg.store.graph.open_graph`` (imported on the first call,
    so that ``import kg`` loads no store code).

    Example:
        >>> graph = open()
        >>> graph.stats()["documents"]
        0
    """
    from kg.store.graph import open_graph

    return open_graph(store, **options)


__all__ = [
    "Entity",
    "EntityMention",
    "Extraction",
    "KGError",
    "Triple",
    "__version__",
    "build",
    "entities",
    "entity_mentions",
    "open",
    "triples",
]
