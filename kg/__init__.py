"""kg: build a queryable, viewable knowledge graph from English documents, offline.

The small public API::

    triples = kg.extract("Xi Jinping supported the Russian demand.")
    graph = kg.build(["article.txt", "notes/"], store="my-graph")
    graph.query("SELECT ...")
    graph.render("graph.html")

Importing kg loads no model and touches no file; the spaCy model loads on
the first call that needs it.
"""

# The subpackage kg.extract is loaded first so that the function kg.extract, bound
# below, is not replaced by the module when kg.extract.* is imported later.
import kg.extract as _extract_package  # noqa: F401  (light: its __init__ imports nothing)
from kg._version import __version__
from kg.api import build, entities, entity_mentions, extract
from kg.api import open_graph as open
from kg.errors import KGError
from kg.model import Entity, EntityMention, Extraction, Triple

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
    "extract",
    "open",
]
