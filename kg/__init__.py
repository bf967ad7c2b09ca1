"""kg: build a queryable, viewable knowledge graph from English documents, offline.

The small public API::

    triples = kg.triples("Xi Jinping supported the Russian demand.")
    graph = kg.build(["article.txt", "notes/"], store="my-graph")
    graph.query("SELECT ...")
    kg.view.draw(graph, "graph.html")  # after import kg.view

Importing kg loads no model and touches no file; the spaCy model loads on
the first call that needs it.
"""

import sys as _sys

from kg._version import __version__
from kg.errors import KGError
from kg.model import Entity, EntityMention, Extraction, Triple
from kg.run.build import build
from kg.run.text import entities, entity_mentions, triples
from kg.store.opening import open_graph as open

if "IPython" in _sys.modules:  # in IPython or Jupyter: show a KnowledgeGraph inline
    from kg.view.notebook import register as _register

    _register()

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
