"""Check a knowledge graph against the kg SHACL shapes (``ontologies/shapes.ttl``) with pySHACL.

The shapes say what a valid stored graph holds: every entity has one name and
one kg class; every statement its subject, relation, object, a confidence in
[0, 1], polarity, offsets and the sentence it was derived from; every sentence
its text, offsets and document; every document its id, hashes, extractor
version and generation time. ``kg validate`` prints the violations and exits 1
when there is any.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.rdf.quads import document_graph
    >>> dg = DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob")])
    >>> validate(document_graph(dg))
    ValidationReport(conforms=True, violations=[], checked=32)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.query import compact
from kg.rdf.ontology import ontology_path
from kg.rdf.terms import STANDARD_PREFIXES, from_oxigraph

if TYPE_CHECKING:
    from rdflib.term import Node

    from kg.store.graph import KnowledgeGraph


def shapes_path() -> Path:
    """Where ``shapes.ttl`` lives (next to ``kg.ttl``).

    Example:
        >>> shapes_path().name
        'shapes.ttl'
    """
    return ontology_path().with_name("shapes.ttl")


def load_shapes() -> Graph:
    """The kg SHACL shapes as an rdflib ``Graph``.

    Example:
        >>> (URIRef("https://kg.example.org/shapes#StatementShape"), None, None) in load_shapes()
        True
    """
    return Graph().parse(shapes_path(), format="turtle")


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong.

    Attributes:
        focus: the node that fails a shape.
        path: the property the failing constraint is about (None for the node itself).
        message: what the shape requires.
        value: the offending value, when there is one.
        severity: ``Violation``, ``Warning`` or ``Info``.
    """

    focus: str
    path: str | None
    message: str
    value: str | None = None
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(slots=True)
class ValidationReport:
    """The outcome of ``validate``.

    Attributes:
        conforms: True when the graph has no violation.
        violations: the results, sorted by focus node and path.
        checked: how many triples were checked.
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    checked: int = 0


def _compact(node: Node | None, prefixes: Mapping[str, str]) -> str | None:
    """A term as a report shows it: an IRI compacted as ``kg.query.compact`` does (else
    ``<iri>``), a literal in N3 (``"1.5"^^xsd:decimal`` keeps its datatype)."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        text = compact(node, prefixes)
        return f"<{node}>" if text == str(node) else text
    return str(node.n3()) if hasattr(node, "n3") else str(node)


def _as_graph(source: KnowledgeGraph | Graph) -> Graph:
    if isinstance(source, Graph):
        return source
    graph = Graph()
    for triple in source.backend.union_triples():
        graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                   from_oxigraph(triple.object)))  # fmt: skip
    return graph


def validate(source: KnowledgeGraph | Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate a knowledge graph (its union graph) or an rdflib ``Graph`` against the shapes.

    Args:
        source: a ``KnowledgeGraph`` (local or remote), or an rdflib graph of kg's RDF.
        shapes: other SHACL shapes (default: ``load_shapes()``).

    Returns:
        The report: ``conforms`` and one ``Violation`` per result.

    Example:
        >>> from kg.model import DocumentGraph, Triple
        >>> from kg.rdf.namespaces import KG
        >>> from kg.rdf.quads import document_graph
        >>> g = document_graph(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob")]))
        >>> g.remove((None, KG.confidence, None))
        <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
        >>> report = validate(g)
        >>> report.conforms, [v.path for v in report.violations]
        (False, ['kg:confidence'])
    """
    import pyshacl

    data = _as_graph(source)
    prefixes = {**STANDARD_PREFIXES}
    if not isinstance(source, Graph):
        prefixes.update(source.prefixes)
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(), inference="none",
        advanced=False, allow_warnings=False,
    )  # fmt: skip
    violations = []
    for result in results.subjects(predicate=SH.resultSeverity):
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=_compact(results.value(result, SH.focusNode), prefixes) or "",
                path=_compact(results.value(result, SH.resultPath), prefixes),
                message=str(results.value(result, SH.resultMessage) or ""),
                value=_compact(results.value(result, SH.value), prefixes),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return ValidationReport(bool(conforms), violations, len(data))
