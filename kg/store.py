"""The knowledge-graph store: Oxigraph on disk (default) or in memory.

One named graph per document, named by the document IRI (see ``kg.rdf``).
Adding a document replaces its previous graph in one transaction; adding the
same graph again changes nothing.

The store's default graph holds the union of the document graphs, as a set,
kept up to date in the same transactions. Queries run on it. (Oxigraph's own
``use_default_graph_as_union`` is a bag: an entity's label, stored once per
document that names it, matches once per document, and joins multiply the
duplicates; on 40 synthetic documents a four-pattern query took 24 s and
returned 7.8 million rows through it, against 0.2 s and 991 rows here.)

The store is ``pyoxigraph`` underneath (transactions, bulk dumps, a query engine
that releases the GIL, so queries can time out); ``KnowledgeGraph.dataset``
offers the same data through the rdflib API (``oxrdflib``).

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> dg = DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob", "Person", "Person")])
    >>> with KnowledgeGraph.open() as store:            # in memory
    ...     store.add(dg), store.add(dg)
    ...     store.query("ASK { ?a rel:meet ?b }")
    (True, False)
    True
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from kg.errors import FormatError, StoreError, StoreLockedError, value_invalid_msg
from kg.model import ENTITY_TYPES, DocumentGraph
from kg.namespaces import KG
from kg.query import DEFAULT_TIMEOUT, QueryResult, check_query, execute, select_dicts
from kg.rdf import (
    DEFAULT_BASE_IRI,
    check_base_iri,
    clean_text,
    document_quads,
    prefixes,
    to_oxigraph,
)

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset
    from rdflib.term import Node

#: Where the CLI keeps its store unless told otherwise (``$KG_STORE`` overrides it).
DEFAULT_STORE = Path("kg-store")
#: The environment variable that overrides ``DEFAULT_STORE``.
STORE_ENV = "KG_STORE"

#: Export formats: name → (Oxigraph format, keeps named graphs).
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
_SUFFIX_FORMATS = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}
_XSD_STRING = XSD.string
_ENTITY_VALUES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)


def default_store_location() -> Path:
    """The store the CLI opens by default: ``$KG_STORE``, else ``./kg-store``.

    Example:
        >>> import os
        >>> str(default_store_location()) == os.environ.get("KG_STORE", "kg-store")
        True
    """
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _open_oxigraph(path: Path, *, read_only: bool) -> ox.Store:
    if path.exists() and not path.is_dir():
        raise StoreError(f"not a store directory: {path}")
    # An Oxigraph (RocksDB) directory has a CURRENT file; never fill some other folder.
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise StoreError(f"not a store directory (it holds other files): {path}")
    if read_only and not path.is_dir():
        raise StoreError(f"no store at {path}")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as err:
        if "lock" in str(err).lower():
            raise StoreLockedError(f"store is locked by another process: {path}") from err
        raise StoreError(f"cannot open the store at {path}: {err}") from err


def _drop_graph(graph: URIRef) -> str:
    """SPARQL update: drop a document graph, and its triples no other graph has from the union."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{graph}>) }} }} ;\n"
        f"DROP SILENT GRAPH <{graph}>"
    )


def _plain(node: Any) -> Any:
    if isinstance(node, Literal) and node.datatype == _XSD_STRING:
        return Literal(str(node))
    return node


def _plain_literal_store(store: ox.Store) -> Any:
    """An oxrdflib store over ``store`` that returns plain literals, not ``xsd:string`` ones."""
    from oxrdflib import OxigraphStore

    class PlainLiteralStore(OxigraphStore):
        def triples(self, pattern: Any, context: Any = None) -> Any:
            for (s, p, o), contexts in super().triples(pattern, context):
                yield (s, p, _plain(o)), contexts

        def query(self, *args: Any, **kwargs: Any) -> Any:
            result = super().query(*args, **kwargs)
            if result.type == "SELECT":
                bindings = list(result.bindings)
                result.bindings = [{k: _plain(v) for k, v in b.items()} for b in bindings]
            elif result.type == "CONSTRUCT" and result.graph is not None:
                graph = Graph()
                graph += ((s, p, _plain(o)) for s, p, o in result.graph)
                result.graph = graph
            return result

    return PlainLiteralStore(store=store)


class KnowledgeGraph:
    """A knowledge graph: documents' named graphs in an Oxigraph store.

    Open one with ``KnowledgeGraph.open``; use it as a context manager, or call
    ``close()``, to release an on-disk store (only one process may write to it).
    """

    def __init__(
        self,
        store: ox.Store,
        *,
        location: Path | None = None,
        base_iri: str = DEFAULT_BASE_IRI,
        read_only: bool = False,
    ) -> None:
        self._store: ox.Store | None = store
        self.location = location
        self.base_iri = check_base_iri(base_iri)
        self.read_only = read_only
        self.prefixes = prefixes(self.base_iri)
        self._dataset: Dataset | None = None
        self._write_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        location: str | Path | None = None,
        *,
        base_iri: str | None = None,
        read_only: bool = False,
    ) -> Self:
        """Open a store: in memory (``None``) or an Oxigraph directory (created if missing).

        Args:
            location: ``None`` for a store in memory, or the path of a store directory.
            base_iri: base of the entity, relation and document IRIs minted on ``add``
                (``None``: ``kg.rdf.DEFAULT_BASE_IRI``).
            read_only: open an existing on-disk store without taking its write lock.
                (Oxigraph does not promise consistent reads while another process writes.)

        Raises:
            StoreLockedError: another process (or another open ``KnowledgeGraph``) writes
                to the store.
            StoreError: the location is not a store, or is a URL (remote stores are not
                supported yet).
            FormatError: ``base_iri`` is not an absolute IRI.

        Example:
            >>> store = KnowledgeGraph.open(base_iri="https://example.org/kg/")
            >>> store.base_iri, len(store)
            ('https://example.org/kg/', 0)
        """
        base_iri = check_base_iri(base_iri or DEFAULT_BASE_IRI)
        if location is None:
            if read_only:
                raise StoreError("an in-memory store cannot be opened read-only")
            return cls(ox.Store(), base_iri=base_iri)
        text = str(location)
        if text.lower().startswith(("http://", "https://")):
            raise StoreError(f"remote stores are not supported yet: {text}")
        path = Path(location).expanduser()
        store = _open_oxigraph(path, read_only=read_only)
        return cls(store, location=path, base_iri=base_iri, read_only=read_only)

    # ------------------------------------------------------------ plumbing

    @property
    def store(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``.

        Raises:
            StoreError: when the knowledge graph is closed.
        """
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    @property
    def dataset(self) -> Dataset:
        """The same data as an rdflib ``Dataset``, through oxrdflib.

        Its default graph is the union of the document graphs (kept by ``add`` and
        ``remove``), so leave ``default_union`` off: on it rdflib would also count every
        triple once more per graph.
        Plain literals come back plain (oxrdflib alone would type them ``xsd:string``).
        Warning: queries sent through the dataset skip kg's checks and timeout; like
        any rdflib query, a ``SERVICE`` clause in them reaches the network.
        """
        if self._dataset is None:
            from rdflib import Dataset

            dataset = Dataset(store=_plain_literal_store(self.store))
            for prefix, namespace in self.prefixes.items():
                dataset.bind(prefix, namespace)
            self._dataset = dataset
        return self._dataset

    def close(self) -> None:
        """Flush and release the store (and its lock); later calls raise ``StoreError``."""
        if self._store is not None:
            if self.location is not None and not self.read_only:
                self._store.flush()
            self._store = None
            self._dataset = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of distinct triples in the knowledge graph (the union of its documents)."""
        return int(self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])

    def __repr__(self) -> str:
        where = "memory" if self.location is None else str(self.location)
        state = "closed" if self._store is None else ("read-only" if self.read_only else "open")
        return f"<KnowledgeGraph {where} ({state})>"

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(f"the store is open read-only: {self.location}")
        return self.store

    def _has_graph(self, iri: URIRef) -> bool:
        return bool(self.store.contains_named_graph(ox.NamedNode(str(iri))))

    def _graphs_of(self, doc_id: str) -> list[URIRef]:
        """The graphs of the documents with this id (under any base IRI)."""
        identifier = ox.NamedNode(str(DCTERMS.identifier))
        pattern = self.store.quads_for_pattern(None, identifier, ox.Literal(clean_text(doc_id)))
        return sorted(
            {
                URIRef(q.subject.value)
                for q in pattern
                if isinstance(q.subject, ox.NamedNode) and q.subject == q.graph_name
            }
        )

    # ------------------------------------------------------------ writing

    def add(self, dg: DocumentGraph, *, generated_at: datetime | None = None) -> bool:
        """Write a document's graph, replacing the graph of any document with the same id.

        The write is one transaction: a reader sees the old graph or the new one.

        Args:
            dg: what the extractor found in one document.
            generated_at: the ``prov:generatedAtTime`` to record (default: now).

        Returns:
            False, changing nothing, when the store already holds this very graph
            (same text, same triples, same extractor version: same ``kg:graphHash``).

        Raises:
            StoreError: the store is read-only, closed, or failed to write.
        """
        store = self._writable()
        quads = document_quads(dg, base=self.base_iri, generated_at=generated_at)
        graph = quads[0][3]
        digest = next(o for _, p, o, _ in quads if p == KG.graphHash)
        with self._write_lock:
            stale = [g for g in self._graphs_of(dg.doc_id) if g != graph] if dg.doc_id else []
            node = ox.NamedNode(str(graph))
            stored = store.quads_for_pattern(node, ox.NamedNode(str(KG.graphHash)), None, node)
            if not stale and any(str(digest) == getattr(q.object, "value", None) for q in stored):
                return False
            rows = [
                ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                for s, p, o, _ in quads
            ]
            if not stale and not store.contains_named_graph(node):
                # A new graph: one transaction of plain inserts (faster than an update).
                union = ox.DefaultGraph()
                new = [
                    ox.Quad(t.subject, t.predicate, t.object, g)
                    for g in (node, union)
                    for t in rows
                ]
                self._write(lambda: store.extend(new))
            else:
                # Replace: drop and insert in one SPARQL update, so in one transaction.
                body = " .\n".join(map(str, rows))
                drops = "".join(_drop_graph(g) + " ;\n" for g in [*stale, graph])
                update = f"{drops}INSERT DATA {{\n{body} .\nGRAPH <{graph}> {{\n{body} .\n}} }}"
                self._write(lambda: store.update(update))
        return True

    def remove(self, doc_id: str) -> bool:
        """Remove the graph of the document with this id.

        Returns:
            True when a graph was removed.

        Raises:
            StoreError: the store is read-only, closed, or failed to write.
        """
        self._writable()
        with self._write_lock:
            graphs = self._graphs_of(doc_id)
            if graphs:
                update = " ;\n".join(_drop_graph(g) for g in graphs)
                self._write(lambda: self.store.update(update))
        return bool(graphs)

    def _write(self, write: Callable[[], None]) -> None:
        try:
            write()
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"cannot write to the store: {err}") from err

    # ------------------------------------------------------------ reading

    def query(
        self,
        sparql: str,
        *,
        init_ns: Mapping[str, str] | None = None,
        init_bindings: Mapping[str, Node] | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        limit: int | None = None,
        allow_update: bool = False,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all document graphs.

        The prefixes ``kg rdf rdfs owl xsd skos prov dcterms nif schema`` and, for this
        store's base IRI, ``ent rel doc`` need no declaration. The query is checked
        first (see ``kg.query``): ``SERVICE`` (which would reach the network),
        ``LOAD``, updates (unless ``allow_update``) and ``FROM`` of graphs the store
        does not hold are refused. The default graph is the union of the documents
        (each triple once); ``GRAPH ?g { ... }`` reaches one document's graph. An
        allowed update writes where it says (``INSERT DATA { ... }`` into the default
        graph), outside kg's bookkeeping: ``add`` and ``remove`` keep the union only
        for the documents' own triples.

        Args:
            sparql: the query.
            init_ns: more prefixes.
            init_bindings: values for variables (``{"name": Literal("Ann")}``); Oxigraph
                substitutes them (SEP-0007), so they must be in the ``SELECT`` projection.
            timeout: seconds before ``QueryTimeoutError``; ``None`` waits forever.
            limit: keep at most this many rows (``SELECT``) or triples (graphs).
            allow_update: run SPARQL updates too (``LOAD`` never).

        Returns:
            ``SELECT`` → ``kg.query.SelectResult`` (``.vars``, rows of rdflib
            ``ResultRow``); ``ASK`` → ``bool``; ``CONSTRUCT`` / ``DESCRIBE`` →
            ``rdflib.Graph``; an update → ``None``.

        Raises:
            QueryError: malformed or refused query.
            QueryTimeoutError: the query ran past ``timeout``.

        Example:
            >>> from kg.model import DocumentGraph, Triple
            >>> store = KnowledgeGraph.open()
            >>> _ = store.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob")]))
            >>> rows = store.query("SELECT ?name WHERE { ?e skos:prefLabel ?name } ORDER BY ?name")
            >>> rows.vars, [str(r.name) for r in rows]
            (['name'], ['Ann', 'Bob'])
            >>> store.query("ASK { ?a rel:meet ?b }")
            True
            >>> g = store.query("CONSTRUCT WHERE { ?a rel:meet ?b }")
            >>> len(g)
            1
        """
        ns = {**self.prefixes, **(init_ns or {})}
        checked = check_query(
            sparql, prefixes=ns, allow_update=allow_update, graph_exists=self._has_graph
        )
        if checked.kind == "UPDATE":
            store = self._writable()
            with self._write_lock:
                return execute(store, checked, prefixes=ns)
        return execute(
            self.store, checked, prefixes=ns, init_bindings=init_bindings, timeout=timeout,
            limit=limit,
        )  # fmt: skip

    def _select(self, sparql: str) -> list[dict[str, Any]]:
        """Rows of one of kg's own SELECT queries, as Python values (no checks, no timeout)."""
        return [
            {k: v.toPython() if isinstance(v, Literal) else v for k, v in row.items()}
            for row in select_dicts(self.store, sparql, prefixes=self.prefixes)
        ]

    def documents(self) -> list[dict[str, Any]]:
        """One dict per stored document, ordered by id.

        Keys: ``iri``, ``doc_id``, ``source`` (or None), ``content_hash``,
        ``graph_hash``, ``extractor_version``, ``generated_at`` (ISO 8601 text),
        ``statements``, ``quads``.

        Example:
            >>> from kg.model import DocumentGraph
            >>> store = KnowledgeGraph.open()
            >>> _ = store.add(DocumentGraph("d1", "Some text.", source="d1.txt"))
            >>> [(d["doc_id"], d["source"], d["statements"]) for d in store.documents()]
            [('d1', 'd1.txt', 0)]
        """
        rows = self._select(
            """SELECT ?g ?id ?source ?hash ?ghash ?version ?time WHERE { GRAPH ?g {
                 ?g a kg:Document .
                 OPTIONAL { ?g dcterms:identifier ?id } OPTIONAL { ?g dcterms:source ?source }
                 OPTIONAL { ?g kg:contentHash ?hash } OPTIONAL { ?g kg:graphHash ?ghash }
                 OPTIONAL { ?g kg:extractorVersion ?version }
                 OPTIONAL { ?g prov:generatedAtTime ?time } } } ORDER BY ?id ?g"""
        )
        statements = self._count_per_graph("?x a kg:Statement")
        quads = self._count_per_graph("?x ?y ?z")
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

    def _count_per_graph(self, pattern: str) -> dict[Any, int]:
        rows = self._select(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }} GROUP BY ?g"
        )
        return {row["g"]: int(row["n"]) for row in rows}

    def stats(self) -> dict[str, Any]:
        """Counts: ``documents``, ``entities``, ``relations`` (distinct relation
        properties), ``statements``, ``asserted`` (asserted statements), ``facts``
        (distinct direct triples), ``triples`` (distinct triples of the union graph),
        ``quads`` (quads of the document graphs), and ``classes`` (entities per class).

        Example:
            >>> from kg.model import DocumentGraph, Triple
            >>> store = KnowledgeGraph.open()
            >>> _ = store.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
            >>> s = store.stats()
            >>> s["documents"], s["entities"], s["statements"], s["classes"]
            (1, 2, 1, {'Concept': 1, 'Person': 1})
        """

        def count(where: str, what: str = "*") -> int:
            return int(self._select(f"SELECT (COUNT({what}) AS ?n) WHERE {{ {where} }}")[0]["n"])

        classes = self._select(
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
            "triples": len(self),
            "quads": count("GRAPH ?g { ?s ?p ?o }"),
            "classes": {str(r["c"]).rsplit("#", 1)[-1]: int(r["n"]) for r in classes},
        }

    # ------------------------------------------------------------ output

    def export(self, path: str | Path, *, format: str | None = None) -> Path:
        """Write the whole store to a file, atomically (a temporary file, then a rename).

        Args:
            path: the file to write.
            format: ``turtle``, ``ntriples``, ``trig``, ``nquads`` or ``jsonld``; by
                default guessed from the suffix (``.ttl .nt .trig .nq .jsonld``).
                Formats without named graphs (turtle, ntriples) get the union of all graphs.

        Returns:
            The path written.

        Raises:
            FormatError: unknown format.
            StoreError: the file cannot be written.
        """
        path = Path(path)
        name = format or _SUFFIX_FORMATS.get(path.suffix.lower())
        if name not in EXPORT_FORMATS:
            raise FormatError(
                value_invalid_msg("export format", format or path.suffix, EXPORT_FORMATS)
            )
        rdf_format, keeps_graphs = EXPORT_FORMATS[name]
        store = self.store
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        try:
            # No doc: prefix: statement and sentence IRIs below it would print as doc:x\/y.
            export_prefixes = {p: ns for p, ns in self.prefixes.items() if p != "doc"}
            if keeps_graphs:  # the document graphs, one after the other
                quads = (
                    quad
                    for graph in sorted(store.named_graphs(), key=str)
                    for quad in store.quads_for_pattern(None, None, None, graph)
                )
                ox.serialize(quads, tmp, rdf_format, prefixes=export_prefixes)
            else:  # the union, which the default graph holds
                store.dump(tmp, rdf_format, from_graph=ox.DefaultGraph(), prefixes=export_prefixes)
            os.replace(tmp, path)
        except (OSError, ValueError) as err:
            Path(tmp).unlink(missing_ok=True)
            raise StoreError(f"cannot export to {path}: {err}") from err
        return path

    def to_networkx(self, *, include_hedged: bool = False) -> nx.MultiDiGraph:
        """The entities and statements as a networkx ``MultiDiGraph`` (see ``kg.graph``)."""
        from kg.graph import to_networkx

        return to_networkx(self, include_hedged=include_hedged)

    def render(self, path: str | Path, *, include_hedged: bool = True, **kwargs: Any) -> Path:
        """Write an interactive HTML view of the graph (``kg.render.write_html``).

        Negated, hedged and attributed statements are drawn as dashed edges unless
        ``include_hedged`` is False; ``kwargs`` go to ``write_html`` (``title``,
        ``max_nodes``).
        """
        from kg.render import write_html

        graph = self.to_networkx(include_hedged=include_hedged)
        if not include_hedged:
            graph.remove_nodes_from([n for n, degree in graph.degree() if degree == 0])
        result: Path = write_html(graph, path, **kwargs)
        return result
