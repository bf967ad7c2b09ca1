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

import json
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
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

    def about_values(
        self, subjects: Iterable[str | tuple[str, str]], *, predicates: Iterable[ox.NamedNode] = ()
    ) -> list[Value]:
        """:meth:`about`'s quads as (subject, graph, predicate, object) values: the IRIs as
        text, the object as a SPARQL JSON term (``type``, ``value``, ``datatype``,
        ``xml:lang``), no pyoxigraph term made."""
        return [
            (q.subject.value, q.graph_name.value, q.predicate.value, json_term(q.object))  # type: ignore[union-attr, arg-type]
            for q in self.about(subjects, predicates=predicates)
        ]

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

    def iris_many(self, queries: list[str]) -> list[list[tuple[str | None, ...]] | None]:
        """:meth:`iris` of each of these ``SELECT``s, one after another."""
        return [self.iris(sparql) for sparql in queries]

    def graph_names(self) -> list[str] | None:
        """The IRIs of the store's named graphs; None where they are not known cheaply."""
        return None

    def strings(self, sparql: str) -> list[dict[str, str]]:
        """The rows of one of kg's own ``SELECT``s, each value as text (an IRI, a lexical form)."""
        rows = [{k: str(v) for k, v in row.items()} for row in self.graph._select(sparql)]
        self.rows_read += len(rows)
        return rows

    def strings_many(self, queries: list[str]) -> list[dict[str, str]]:
        """The rows of several of kg's own ``SELECT``s (as :meth:`strings`), one after another."""
        return [row for sparql in queries for row in self.strings(sparql)]

    def iris(self, sparql: str) -> list[tuple[str | None, ...]] | None:
        """The rows of a ``SELECT`` of IRIs (or blank nodes), as tuples in the order of its
        variables: an IRI's text, a blank node's id, None where unbound; None when a
        value is a literal."""
        from rdflib import URIRef

        rows = self.graph._select(sparql)  # a literal comes back as its Python value
        names = _variables(sparql)
        if not all(isinstance(v, URIRef | BNode) for row in rows for v in row.values()):
            return None
        found = [tuple(None if row.get(n) is None else str(row[n]) for n in names) for row in rows]
        self.rows_read += len(found)
        return found


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
        terms = _Terms()
        nodes = terms.nodes
        return [
            ox.Quad(nodes[s], nodes[p], terms.term(o), nodes[g])
            for s, g, p, o in self.about_values(subjects, predicates=predicates)
        ]

    def strings_many(self, queries: list[str]) -> list[dict[str, str]]:
        rows = [
            {name: term["value"] for name, term in row.items()}
            for solutions in self._bindings(queries)
            for row in solutions
        ]
        self.rows_read += len(rows)
        return rows

    def about_values(
        self, subjects: Iterable[str | tuple[str, str]], *, predicates: Iterable[ox.NamedNode] = ()
    ) -> list[Value]:
        wanted = list(dict.fromkeys(subjects))
        only = ", ".join(map(str, predicates))
        restrict = f" FILTER(?p IN ({only}))" if only else ""
        pairs = not all(isinstance(s, str) for s in wanted)  # else subjects in any graph

        def bound(item: str | tuple[str, str], i: int) -> str:
            nodes = item if isinstance(item, tuple) else (item,)
            return f"({' '.join(str(ox.NamedNode(n)) for n in nodes)} {i})"

        # Each subject (and graph) bound with its index, which comes back instead of the
        # IRIs: an IRI read back from the store costs a lookup, an index none.
        template = _ABOUT_PAIRS if pairs else _ABOUT_INDEXED
        batches = list(_batches(wanted))
        queries = [
            template.format(
                values=" ".join(bound(item, i) for i, item in enumerate(batch)), restrict=restrict
            )
            for batch in batches
        ]
        found: list[Value] = []
        for batch, rows in zip(batches, self._bindings(queries), strict=True):
            for r in rows:
                item = batch[int(r["i"]["value"])]
                subject, graph = item if pairs else (item, r["g"]["value"])
                found.append((subject, graph, r["p"]["value"], r["o"]))
        self.rows_read += len(found)
        return found

    def _bindings(self, queries: list[str]) -> list[list[dict[str, dict[str, str]]]]:
        """Each ``SELECT``'s solutions as SPARQL JSON bindings, the queries run side by
        side: Oxigraph evaluates and writes the results without holding the GIL."""

        def run(sparql: str) -> list[dict[str, dict[str, str]]]:
            text = self._solutions(sparql).serialize(format=ox.QueryResultsFormat.JSON)
            assert text is not None
            rows: list[dict[str, dict[str, str]]] = json.loads(text)["results"]["bindings"]
            return rows

        if len(queries) < 2:
            return [run(q) for q in queries]
        return list(_pool().map(run, queries))

    def _pointing_rows(
        self, sparql: str
    ) -> Iterable[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode | ox.BlankNode, int]]:
        for r in self._solutions(sparql):
            yield r[0], r[1], int(r[2].value)

    def graph_names(self) -> list[str] | None:
        graphs = list(self.store.named_graphs())
        if not all(isinstance(g, ox.NamedNode) for g in graphs):
            return None  # a blank node cannot be bound in a query
        return sorted(g.value for g in graphs)

    def iris_many(self, queries: list[str]) -> list[list[tuple[str | None, ...]] | None]:
        # The queries run side by side: Oxigraph evaluates and writes without the GIL.
        if len(queries) < 2:
            return [self.iris(q) for q in queries]
        return [self._iris_of(text) for text in _pool().map(self._tsv, queries)]

    def _tsv(self, sparql: str) -> bytes:
        text = self._solutions(sparql).serialize(format=ox.QueryResultsFormat.TSV)
        assert text is not None
        return text

    def iris(self, sparql: str) -> list[tuple[str | None, ...]] | None:
        return self._iris_of(self._tsv(sparql))

    def _iris_of(self, text: bytes) -> list[tuple[str | None, ...]] | None:
        # As tab-separated text, written by Oxigraph: a third of the time of reading each
        # term as a Python object. An IRI holds no tab, newline or ">" (Oxigraph checks).
        lines = text.decode("utf-8").split("\n")
        found: list[tuple[str | None, ...]] = []
        for line in lines[1:]:
            if not line:
                continue
            row: list[str | None] = []
            for term in line.split("\t"):
                if not term:
                    row.append(None)
                elif term[0] == "<":
                    row.append(term[1:-1])
                elif term[:2] == "_:":
                    row.append(term[2:])
                else:
                    return None  # a literal
            found.append(tuple(row))
        self.rows_read += len(found)
        return found

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


#: One quad as :meth:`Reader.about_values` gives it: subject, graph, predicate, object.
Value = tuple[str, str, str, dict[str, str]]


def json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    """A term as a SPARQL JSON results term.

    Example:
        >>> json_term(ox.Literal("hi", language="en"))
        {'type': 'literal', 'value': 'hi', 'xml:lang': 'en'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == _XSD_STRING:  # a simple literal, as Oxigraph writes one
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Nodes(dict[str, ox.NamedNode]):
    """IRIs as pyoxigraph nodes, each made once (a read repeats its predicates and graphs)."""

    def __missing__(self, value: str) -> ox.NamedNode:
        node = self[value] = ox.NamedNode(value)
        return node


class _Terms:
    """SPARQL JSON terms as pyoxigraph terms."""

    def __init__(self) -> None:
        self.nodes = _Nodes()

    def term(self, term: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        kind = term["type"]
        if kind == "uri":
            return self.nodes[term["value"]]
        if kind == "bnode":
            return ox.BlankNode(term["value"])
        if kind != "literal":
            raise ValueError(f"not a term kg reads: {kind}")  # an RDF-star triple
        if "xml:lang" in term:
            return ox.Literal(term["value"], language=term["xml:lang"])
        if "datatype" in term:
            return ox.Literal(term["value"], datatype=self.nodes[term["datatype"]])
        return ox.Literal(term["value"])


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The threads that run a read's queries side by side (one per core, two to four)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            workers = min(4, max(2, os.cpu_count() or 2))
            _POOL = ThreadPoolExecutor(workers, thread_name_prefix="kg-read")
        return _POOL


def _variables(sparql: str) -> list[str]:
    """The variables a ``SELECT`` projects, in order (``SELECT DISTINCT ?a ?b WHERE``)."""
    head = sparql.split("SELECT", 1)[1].split("WHERE", 1)[0]
    return [word[1:] for word in head.split() if word.startswith("?")]


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
