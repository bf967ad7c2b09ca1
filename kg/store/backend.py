"""What ``KnowledgeGraph`` needs of a store: the ``Backend`` protocol, and the writes it takes.

``KnowledgeGraph`` (``kg.store.graph``) holds a backend, as rdflib's ``Graph``
holds a ``Store``: ``kg.store.oxigraph.OxigraphBackend`` (on disk or in memory)
or ``kg.store.sparql.SparqlBackend`` (a SPARQL 1.1 endpoint). The facade plans
the writes (which graphs a document replaces, what is unchanged) and writes the
SPARQL update texts below; a backend runs them and answers the primitive reads.

The layout every backend keeps: one named graph per document, and the union of
the document graphs, as a set, in the default graph, kept up to date in the same
transactions, which queries read. (Oxigraph's own ``use_default_graph_as_union``
is a bag: an entity's label, stored once per document that names it, matches once
per document, and joins multiply the duplicates; on 40 synthetic documents a
four-pattern query took 24 s and returned 7.8 million rows through it, against
0.2 s and 991 rows here.)

Every term that goes into an update text is written by Oxigraph (``str`` of a
pyoxigraph term), so names and text from documents are escaped, never pasted.

Example:
    >>> drop_graph_update(URIRef("urn:g")).splitlines()[-1]
    'DROP SILENT GRAPH <urn:g>'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.query import CheckedQuery, QueryResult

if TYPE_CHECKING:
    from rdflib import Dataset
    from rdflib.term import Node

#: The default graph's triples that are in no named graph (``export`` writes them too).
DEFAULT_ONLY_QUERY = (
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
)


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """A user query that ``kg.query.check_query`` accepted, and how to run it.

    Attributes:
        checked: the checked query (its text and kind).
        prefixes: the prefixes it may use undeclared.
        init_bindings: values for its variables (``KnowledgeGraph.query``).
        timeout: seconds before ``QueryTimeoutError`` (None: no limit).
        limit: keep at most this many rows or triples (None: all).
    """

    checked: CheckedQuery
    prefixes: Mapping[str, str]
    init_bindings: Mapping[str, Node] | None = None
    timeout: float | None = None
    limit: int | None = None


@dataclass(slots=True)
class Write:
    """One document to write: its graph, its triples, and the graphs it replaces."""

    graph: URIRef
    triples: list[tuple[Any, Any, Any]]
    replaces: list[URIRef]
    doc_id: str = ""
    digest: str = ""

    def quads(self) -> Iterator[ox.Quad]:
        """The quads of the document graph and of the union (the default graph)."""
        node = ox.NamedNode(str(self.graph))
        for target in (node, ox.DefaultGraph()):
            for s, p, o in self.triples:
                yield ox.Quad(s, p, o, target)


@dataclass(slots=True)
class DocumentIndex:
    """What a store holds, for a batch of writes: ids → graphs, graph → hash, graphs.

    ``graphs`` is every named graph, or None when listing them is not cheap (then
    the store is asked about each new graph).
    """

    ids: dict[str, set[URIRef]]
    hashes: dict[URIRef, str]
    graphs: set[URIRef] | None

    def record(self, write: Write) -> None:
        """Update the index after ``write``."""
        for graph in write.replaces:
            self.hashes.pop(graph, None)
            if self.graphs is not None:
                self.graphs.discard(graph)
            for graphs in self.ids.values():
                graphs.discard(graph)
        self.hashes[write.graph] = write.digest
        if self.graphs is not None:
            self.graphs.add(write.graph)
        if write.doc_id:
            self.ids.setdefault(write.doc_id, set()).add(write.graph)


def python_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """A result row with its literals as Python values (``toPython()``), IRIs kept.

    Example:
        >>> python_values({"n": Literal(3), "e": URIRef("urn:e")})
        {'n': 3, 'e': rdflib.term.URIRef('urn:e')}
    """
    return {k: v.toPython() if isinstance(v, Literal) else v for k, v in row.items()}


def _iri(term: URIRef | str) -> str:
    """An IRI in SPARQL syntax, checked and escaped by Oxigraph (never raw text)."""
    return str(ox.NamedNode(str(term)))


def drop_graph_update(graph: URIRef) -> str:
    """SPARQL update: drop a document graph, and its triples no other graph has from the union."""
    g = _iri(graph)
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;\n"
        f"DROP SILENT GRAPH {g}"
    )


def insert_data_update(quads: Iterable[ox.Quad]) -> str:
    """SPARQL ``INSERT DATA`` of quads (terms written by Oxigraph, so escaped).

    Example:
        >>> q = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal('say "hi"'))
        >>> insert_data_update([q])
        'INSERT DATA {\\n<urn:a> <urn:b> "say \\\\"hi\\\\"" .\\n}'
    """
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = ["\n".join(by_graph.pop("", []))]
    parts += [f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(p for p in parts if p) + "\n}"


class Backend(Protocol):
    """The primitive operations of a store, local or remote.

    Reads of kg's own queries (``select``) skip the checks and the timeout of user
    queries; ``run`` executes a user query that ``kg.query.check_query`` accepted.
    Every method raises ``StoreError`` once the backend is closed.
    """

    #: The store directory (None: in memory, or remote).
    location: Path | None
    #: Refuse writes.
    read_only: bool
    #: ``insert`` may run in another thread while this one reads (``add_many`` overlaps
    #: a batch's write with the next documents' parse and planning).
    concurrent_inserts: bool

    @property
    def where(self) -> str:
        """The store, for messages: ``memory``, its directory, or its URL."""
        ...

    @property
    def closed(self) -> bool:
        """True after ``close``."""
        ...

    @property
    def store(self) -> ox.Store:
        """The local ``pyoxigraph.Store`` (``StoreError`` where there is none)."""
        ...

    @property
    def dataset(self) -> Dataset:
        """The data as an rdflib ``Dataset`` (``StoreError`` where there is none)."""
        ...

    def close(self) -> None:
        """Flush and release the store; later calls raise ``StoreError``."""
        ...

    def check_writable(self) -> None:
        """Raise ``StoreError`` when the store is read-only or closed."""
        ...

    def select(self, sparql: str, prefixes: Mapping[str, str]) -> list[dict[str, Any]]:
        """Rows of one of kg's own SELECTs, as Python values (literals ``toPython()``)."""
        ...

    def has_graph(self, iri: URIRef) -> bool:
        """Whether the store holds a named graph with this IRI."""
        ...

    def graphs_of(self, doc_id: str) -> list[URIRef]:
        """The graphs of the documents with this id (under any base IRI), sorted."""
        ...

    def all_graphs(self) -> set[URIRef] | None:
        """Every named graph, or None where listing them is not cheap."""
        ...

    def stored_hash(self, graph: URIRef) -> str | None:
        """The ``kg:graphHash`` a stored document graph records, if any."""
        ...

    def insert(self, writes: list[Write]) -> None:
        """Add new documents' graphs and their union triples (``kg:graphHash`` quads last)."""
        ...

    def insert_quads(self, quads: list[ox.Quad]) -> None:
        """Add quads in one transaction (one request), whatever their number."""
        ...

    def update(self, sparql: str) -> None:
        """Run one of kg's own SPARQL updates, in one transaction (one request)."""
        ...

    def run(self, request: QueryRequest) -> QueryResult:
        """Run a checked user query (or allowed update); the shapes of ``KnowledgeGraph.query``."""
        ...

    def named_quads(self) -> Iterator[ox.Quad]:
        """The quads of the document graphs, graph after graph."""
        ...

    def union_triples(self) -> Iterator[ox.Triple]:
        """The triples of the default graph (the union)."""
        ...

    def default_only_triples(self) -> Iterator[ox.Triple]:
        """The default graph's triples that no named graph holds (``DEFAULT_ONLY_QUERY``)."""
        ...
