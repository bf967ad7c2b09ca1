"""What a store holds, counted: its documents (``KnowledgeGraph.documents``) and totals
(``KnowledgeGraph.stats``), each a few of kg's own SELECTs through any backend.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob")]))
    >>> stats(graph._select)["triples"] == len(graph)
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kg.errors import KGError
from kg.model import ENTITY_TYPES
from kg.rdf.terms import check_base_iri

#: One of kg's own SELECTs, run on a store: its rows as Python values.
Select = Callable[[str], list[dict[str, Any]]]

_ENTITY_VALUES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)
_DOCUMENTS = """SELECT ?g ?id ?source ?hash ?ghash ?version ?time WHERE { GRAPH ?g {
                 ?g a kg:Document .
                 OPTIONAL { ?g dcterms:identifier ?id } OPTIONAL { ?g dcterms:source ?source }
                 OPTIONAL { ?g kg:contentHash ?hash } OPTIONAL { ?g kg:graphHash ?ghash }
                 OPTIONAL { ?g kg:extractorVersion ?version }
                 OPTIONAL { ?g prov:generatedAtTime ?time } } } ORDER BY ?id ?g"""


def _count_per_graph(select: Select, pattern: str) -> dict[Any, int]:
    rows = select(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }} GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def documents(select: Select) -> list[dict[str, Any]]:
    """One dict per stored document, ordered by id.

    Keys: ``iri``, ``doc_id``, ``source`` (or None), ``content_hash``,
    ``graph_hash``, ``extractor_version``, ``generated_at`` (ISO 8601 text),
    ``statements``, ``quads``.
    """
    rows = select(_DOCUMENTS)
    statements = _count_per_graph(select, "?x a kg:Statement")
    quads = _count_per_graph(select, "?x ?y ?z")
    return [
        {
            "iri": str(row["g"]),
            "doc_id": str(row.get("id", "")),
            "source": None if row.get("source") is None else str(row["source"]),
            "content_hash": str(row.get("hash", "")),
            "graph_hash": str(row.get("ghash", "")),
            "extractor_version": str(row.get("version", "")),
            "generated_at": row["time"].isoformat() if "time" in row else None,
            "statements": statements.get(row["g"], 0),
            "quads": quads.get(row["g"], 0),
        }
        for row in rows
    ]


def stats(select: Select) -> dict[str, Any]:
    """Counts: ``documents``, ``entities``, ``relations`` (distinct relation
    properties), ``statements``, ``asserted`` (asserted statements), ``facts``
    (distinct direct triples), ``triples`` (distinct triples of the union graph),
    ``quads`` (quads of the document graphs), and ``classes`` (entities per class).
    """

    def count(where: str, what: str = "*") -> int:
        return int(select(f"SELECT (COUNT({what}) AS ?n) WHERE {{ {where} }}")[0]["n"])

    classes = select(
        f"SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?c {{ {_ENTITY_VALUES} }} "
        "?e a ?c } GROUP BY ?c ORDER BY ?c"
    )
    return {
        "documents": count("GRAPH ?g { ?g a kg:Document }"),
        "entities": count(f"VALUES ?c {{ {_ENTITY_VALUES} }} ?e a ?c", "DISTINCT ?e"),
        "relations": count("?p rdfs:subPropertyOf kg:relatedTo", "DISTINCT ?p"),
        "statements": count("?s a kg:Statement", "DISTINCT ?s"),
        "asserted": count("?s kg:asserted true", "DISTINCT ?s"),
        "facts": count(
            "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { "
            "?p rdfs:subPropertyOf kg:relatedTo . ?s ?p ?o } } }"
        ),
        "triples": count("?s ?p ?o"),
        "quads": count("GRAPH ?g { ?s ?p ?o }"),
        "classes": {str(r["c"]).rsplit("#", 1)[-1]: int(r["n"]) for r in classes},
    }


def stored_base_iri(select: Select) -> str | None:
    """The base IRI of a stored document's IRI (``<base>document/...``), if any."""
    rows = select("SELECT ?g WHERE { GRAPH ?g { ?g a kg:Document } } LIMIT 1")
    iri = str(rows[0]["g"]) if rows else ""
    base, found, _ = iri.rpartition("document/")
    if not found:
        return None
    try:
        return check_base_iri(base)
    except KGError:
        return None
