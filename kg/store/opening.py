"""Open a knowledge graph by location."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph


def open_graph(
    store: str | Path | None = None,
    *,
    base_iri: str | None = None,
    read_only: bool = False,
    update_url: str | None = None,
) -> KnowledgeGraph:
    """Open a knowledge graph: None in memory, a directory on disk (created if missing),
    or the query URL of a SPARQL 1.1 endpoint (``update_url``: its update URL, when it
    is not the query URL ending ``/update``).

    Example:
        >>> import kg
        >>> graph = kg.open()
        >>> graph.stats()["documents"]
        0
    """
    from kg.store.graph import KnowledgeGraph

    if store is not None and not read_only and "://" not in str(store):
        Path(store).parent.mkdir(parents=True, exist_ok=True)
    return KnowledgeGraph.open(store, base_iri=base_iri, read_only=read_only, update_url=update_url)
