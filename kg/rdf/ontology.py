"""The kg ontology: where ``ontologies/kg.ttl`` lives, its namespace IRIs, the parsed graph.

``ontologies/kg.ttl`` is the source of truth for the ``kg:`` terms;
``kg/rdf/namespaces.py`` is generated from it by ``python tools/gen_namespace.py``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

#: The ``kg:`` namespace (fixed, independent of the base IRI of the data).
KG_NAMESPACE = "https://kg.example.org/ontology#"
#: NIF 2.0 core, whose offsets and sentence class kg reuses.
NIF_NAMESPACE = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def ontology_path() -> Path:
    """Where ``kg.ttl`` lives: inside the installed package, or in the source checkout.

    Example:
        >>> ontology_path().name
        'kg.ttl'
    """
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "ontologies" / "kg.ttl", package.parent / "ontologies" / "kg.ttl"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("ontologies/kg.ttl not found next to the kg package")


def load_ontology() -> Graph:
    """The kg ontology (``ontologies/kg.ttl``) as an rdflib ``Graph``.

    Example:
        >>> from rdflib.namespace import RDFS
        >>> from kg.rdf.namespaces import KG
        >>> (KG.Person, RDFS.subClassOf, KG.Entity) in load_ontology()
        True
    """
    return Graph().parse(ontology_path(), format="turtle")
