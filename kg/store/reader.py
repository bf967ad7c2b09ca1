"""Reading a few nodes' quads from a store, without reading the whole store.

Two primitives, each over the documents' named graphs (the default graph, the
union, is left out, as :mod:`kg.store.network` reads only named graphs):

- :meth:`Reader.about`: every quad whose subject is one of some IRIs;
- :meth:`Reader.pointing`: every quad with a given predicate whose object is one
  of some terms (the statements whose ``rdf:subject`` is an entity, ...).

A local Oxigraph store answers from its indexes (``quads_for_pattern``); any
other store (a SPARQL endpoint) answers SPARQL ``SELECT``s with a ``VALUES``
clause of at most :data:`BATCH` terms, the terms written by Oxigraph (escaped).

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
    >>> r = reader(graph)
    >>> statements = r.pointing(RDF_SUBJECT, [ox.NamedNode(graph.base_iri + "entity/x")])
    >>> statements, r.rows_read
    ([], 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph

#: The most terms in one ``VALUES`` clause sent to a SPARQL endpoint.
BATCH = 200

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = ox.NamedNode(_RDF + "type")
RDF_SUBJECT = ox.NamedNode(_RDF + "subject")
RDF_OBJECT = ox.NamedNode(_RDF + "object")
RDF_PREDICATE = ox.NamedNode(_RDF + "predicate")

_ABOUT = """SELECT ?g ?x ?p ?o ?v ?dt ?lang WHERE {{ {values}
  GRAPH ?g {{ ?x ?p ?o }}
  BIND(STR(?o) AS ?v) BIND(DATATYPE(?o) AS ?dt) BIND(LANG(?o) AS ?lang) }}"""
_ABOUT_INDEXED = (
    "SELECT ?g ?i ?p ?o WHERE {{ VALUES (?x ?i) {{ {values} }}{restrict} GRAPH ?g {{ ?x ?p ?o }} }}"
)
_ABOUT_PAIRS = (
    "SELECT ?i ?p ?o WHERE {{ VALUES (?x ?g ?i) {{ {values} }}{restrict} GRAPH ?g {{ ?x ?p ?o }} }}"
)
_POINTING = (
    "SELECT ?g ?s ?i WHERE {{ VALUES (?o ?i) {{ {values} }} GRAPH ?g {{ ?s {predicate} ?o }} }}"
)


class Reader:
    """Reads quads of a ``KnowledgeGraph`` by SPARQL (any backend); see the module docstring.

    Attributes:
        rows_read: how many quads and rows the reads returned so far (what a view cost).
    """

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self.rows_read = 0

    def about(
        self,
        subjects: Iterable[str | tuple[str, str]],
        *,
        predicates: Iterable[ox.NamedNode] = (),
    ) -> list[ox.Quad]:
        """The quads of the named graphs whose subject is one of these IRIs.

        Args:
            subjects: IRIs, or (IRI, graph IRI) pairs: that subject in that graph only.
            predicates: only these predicates (default: all).
        """
        quads = []
        for values in _values(subjects, predicates):
            rows = self.graph._select(_ABOUT.format(values=values))
            quads += [
                ox.Quad(
                    ox.NamedNode(str(r["x"])), ox.NamedNode(str(r["p"])), _term(r), _node(r["g"])
                )
                for r in rows
            ]
        self.rows_read += len(quads)
        return quads

    def pointing(
        self, predicate: ox.NamedNode, objects: Iterable[ox.NamedNode | ox.Literal]
    ) -> list[ox.Quad]:
        """The quads of the named graphs ``?s predicate o``, ``o`` one of ``objects``."""
        quads = []
        for batch in _batches(list(dict.fromkeys(objects))):
            values = " ".join(f"({o} {i})" for i, o in enumerate(batch))
            sparql = _POINTING.format(values=values, predicate=predicate)
            quads += [ox.Quad(s, predicate, batch[i], g) for g, s, i in self._pointing_rows(sparql)]
        self.rows_read += len(quads)
        return quads

    def _pointing_rows(
        self, sparql: str
    ) -> Iterable[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode | ox.BlankNode, int]]:
        """The (graph, subject, index) of each row of a ``_POINTING`` query."""
        for r in self.graph._select(sparql):
            yield _node(r["g"]), _node(r["s"]), int(r["i"])

    def strings(self, sparql: str) -> list[dict[str, str]]:
        """The rows of one of kg's own ``SELECT``s, each value as text (an IRI, a lexical form)."""
        rows = [{k: str(v) for k, v in row.items()} for row in self.graph._select(sparql)]
        self.rows_read += len(rows)
        return rows


class LocalReader(Reader):
    """A :class:`Reader` over a local Oxigraph store: the same queries, its terms as they are."""

    def __init__(self, graph: KnowledgeGraph, store: ox.Store) -> None:
        super().__init__(graph)
        self.store = store

    def _solutions(self, sparql: str) -> ox.QuerySolutions:
        result = self.store.query(sparql, prefixes=dict(self.graph.prefixes))
        assert isinstance(result, ox.QuerySolutions)
        return result

    def about(
        self,
        subjects: Iterable[str | tuple[str, str]],
        *,
        predicates: Iterable[ox.NamedNode] = (),
    ) -> list[ox.Quad]:
        wanted = list(dict.fromkeys(subjects))
        # Each subject (and graph) bound with its index, which comes back instead of the
        # IRIs: an IRI read back from the store costs a lookup, an index none.
        only = ", ".join(map(str, predicates))
        restrict = f" FILTER(?p IN ({only}))" if only else ""
        quads = []
        if not all(isinstance(s, str) for s in wanted):
            pairs = [(ox.NamedNode(s), ox.NamedNode(g)) for s, g in wanted]  # type: ignore[str-unpack]
            for batch in _batches(pairs):
                values = " ".join(f"({s} {g} {i})" for i, (s, g) in enumerate(batch))
                sparql = _ABOUT_PAIRS.format(values=values, restrict=restrict)
                for r in self._solutions(sparql):
                    subject, graph = batch[int(r[0].value)]
                    quads.append(ox.Quad(subject, r[1], r[2], graph))
            self.rows_read += len(quads)
            return quads
        for batch in _batches([ox.NamedNode(s) for s in wanted]):  # type: ignore[arg-type]
            values = " ".join(f"({s} {i})" for i, s in enumerate(batch))
            sparql = _ABOUT_INDEXED.format(values=values, restrict=restrict)
            quads += [
                ox.Quad(batch[int(r[1].value)], r[2], r[3], r[0]) for r in self._solutions(sparql)
            ]
        self.rows_read += len(quads)
        return quads

    def _pointing_rows(
        self, sparql: str
    ) -> Iterable[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode | ox.BlankNode, int]]:
        for r in self._solutions(sparql):
            yield r[0], r[1], int(r[2].value)

    def strings(self, sparql: str) -> list[dict[str, str]]:
        solutions = self._solutions(sparql)
        names = [v.value for v in solutions.variables]
        rows = [
            {n: t.value for n, t in zip(names, row, strict=True) if t is not None}
            for row in solutions
        ]
        self.rows_read += len(rows)
        return rows


def reader(graph: KnowledgeGraph) -> Reader:
    """The fastest :class:`Reader` of ``graph``: its Oxigraph indexes, else SPARQL."""
    from kg.errors import KGError

    try:
        store = graph.backend.store
    except KGError:  # a remote store: SPARQL
        return Reader(graph)
    return LocalReader(graph, store)


def _batches(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _values(
    subjects: Iterable[str | tuple[str, str]], predicates: Iterable[ox.NamedNode]
) -> Iterable[str]:
    """``VALUES`` clauses binding ``?x`` (and ``?g``) in batches; ``?p`` one of ``predicates``."""
    only = ", ".join(map(str, predicates))  # a FILTER: Oxigraph joins a VALUES ?p first
    restrict = f" FILTER(?p IN ({only}))" if only else ""
    wanted = list(dict.fromkeys(subjects))
    for batch in _batches(wanted):
        if all(isinstance(s, str) for s in batch):
            terms = " ".join(str(ox.NamedNode(s)) for s in batch)
            yield f"VALUES ?x {{ {terms} }}" + restrict
        else:
            pairs = " ".join(f"({ox.NamedNode(s)} {ox.NamedNode(g)})" for s, g in batch)
            yield f"VALUES (?x ?g) {{ {pairs} }}" + restrict


def _node(value: Any) -> ox.NamedNode | ox.BlankNode:
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    return ox.NamedNode(str(value))


def _term(row: dict[str, Any]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The object of an ``_ABOUT`` row, rebuilt exactly from its text, datatype and language."""
    if "dt" not in row:  # an IRI or a blank node: DATATYPE() is an error, left unbound
        return _node(row["o"])
    if row.get("lang"):
        return ox.Literal(str(row["v"]), language=str(row["lang"]))
    return ox.Literal(str(row["v"]), datatype=ox.NamedNode(str(row["dt"])))
