"""The knowledge-graph store: Oxigraph on disk (default), in memory, or a SPARQL endpoint.

One named graph per document, named by the document IRI (see ``kg.rdf``). Adding a
document replaces its previous graph in one transaction (again: no change); the default
graph holds the union of the document graphs, kept in the same transactions.

``KnowledgeGraph`` holds a backend as rdflib's ``Graph`` holds a ``Store``: Oxigraph
(``kg.store.oxigraph``; one writer, any number of readers) or a SPARQL 1.1 endpoint
(``kg.store.sparql``). It plans the writes (``kg.store.writes``), checks the queries
and picks the formats (``kg.store.formats``); the backend runs them.

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

import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import pyoxigraph as ox

from kg.model import DocumentGraph
from kg.query import DEFAULT_TIMEOUT, QueryResult, check_query
from kg.rdf.terms import DEFAULT_BASE_IRI, check_base_iri, prefixes
from kg.store import summary
from kg.store.backend import Backend, QueryRequest
from kg.store.formats import format_for
from kg.store.graph_files import export_graph
from kg.store.locations import default_store_location as default_store_location
from kg.store.locations import is_url as is_url  # re-exported with the above, for the CLI
from kg.store.locations import open_backend
from kg.store.rdf_files import MAX_IMPORT_BYTES, MAX_IMPORT_QUADS, read_quads, write_store
from kg.store.threshold import check_min_confidence, export_confident
from kg.store.writes import Writer

if TYPE_CHECKING:
    from rdflib import Dataset
    from rdflib.term import Node


class KnowledgeGraph:
    """A knowledge graph: documents' named graphs in a store (see the module docstring).

    Open one with ``KnowledgeGraph.open``; use it as a context manager, or call
    ``close()``, to release an on-disk store (only one process may write to it).

    Attributes:
        backend: the store underneath (``kg.store.backend.Backend``).
        base_iri: the base of the IRIs minted on ``add`` (and of ``ent rel doc``).
        prefixes: the prefixes every query may use undeclared.

    Example:
        >>> import kg
        >>> len(kg.KnowledgeGraph.open())  # in memory; a path keeps it on disk
        0
    """

    def __init__(self, backend: Backend, *, base_iri: str = DEFAULT_BASE_IRI) -> None:
        self.backend = backend
        self.base_iri = check_base_iri(base_iri)
        self.prefixes = prefixes(self.base_iri)
        self._write_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        location: str | Path | None = None,
        *,
        base_iri: str | None = None,
        read_only: bool = False,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 60.0,
    ) -> KnowledgeGraph:
        """Open a store: in memory (``None``), an Oxigraph directory (created if
        missing), or a SPARQL 1.1 endpoint (an ``http(s)://`` URL).

        Args:
            location: ``None`` for a store in memory, the path of a store directory,
                or the query URL of a SPARQL endpoint (``http://host:7878/query``).
            base_iri: base of the entity, relation and document IRIs minted on ``add``
                and of the ``ent rel doc`` query prefixes (``None``: the base IRI the
                store's documents were built with, else ``kg.rdf.terms.DEFAULT_BASE_IRI``).
            read_only: open without writing: an on-disk store without taking its
                write lock (any number of readers, also while a writer has it); a
                remote store that refuses writes locally.
            update_url, graph_store_url, timeout: remote only: the SPARQL Update URL,
                the Graph Store Protocol URL (``""``: none), seconds per HTTP request
                (see ``kg.store.sparql.SparqlBackend``).

        Raises:
            StoreLockedError: another process (or another open ``KnowledgeGraph``) writes
                to the store.
            StoreError: the location is not a store.
            FormatError: ``base_iri`` is not an absolute IRI.

        Example:
            >>> store = KnowledgeGraph.open(base_iri="https://example.org/kg/")
            >>> store.base_iri, len(store)
            ('https://example.org/kg/', 0)
        """
        given = base_iri
        base_iri = check_base_iri(base_iri or DEFAULT_BASE_IRI)
        backend = open_backend(
            location, read_only=read_only, update_url=update_url,
            graph_store_url=graph_store_url, timeout=timeout,
        )  # fmt: skip
        graph = cls(backend, base_iri=base_iri)
        if given is None and backend.location is not None:  # the base the documents have
            stored = summary.stored_base_iri(graph._select)
            if stored is not None and stored != graph.base_iri:
                graph.base_iri = stored
                graph.prefixes = prefixes(stored)
        return graph

    @property
    def location(self) -> Path | None:
        """The store directory (None: in memory, or remote)."""
        return self.backend.location

    @property
    def read_only(self) -> bool:
        """True when the store refuses writes."""
        return self.backend.read_only

    @property
    def store(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (local stores only).

        Raises:
            StoreError: when the knowledge graph is closed, or remote.
        """
        return self.backend.store

    @property
    def dataset(self) -> Dataset:
        """The same data as an rdflib ``Dataset`` (local stores only; see
        ``kg.store.oxigraph.OxigraphBackend.dataset``). Warning: queries sent through it
        skip kg's checks and timeout, and a ``SERVICE`` clause in them reaches the network.
        """
        dataset = self.backend.dataset
        for prefix, namespace in self.prefixes.items():
            dataset.bind(prefix, namespace)
        return dataset

    def close(self) -> None:
        """Flush and release the store (and its lock); later calls raise ``StoreError``."""
        self.backend.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of distinct triples in the knowledge graph (the union of its documents)."""
        return int(self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])

    def __repr__(self) -> str:
        backend = self.backend
        state = "closed" if backend.closed else ("read-only" if backend.read_only else "open")
        return f"<KnowledgeGraph {backend.where} ({state})>"

    def _select(self, sparql: str) -> list[dict[str, Any]]:
        """Rows of one of kg's own SELECTs, as Python values (no checks, no timeout)."""
        return self.backend.select(sparql, self.prefixes)

    def _writer(self) -> Writer:  # the facade's IRIs and prefixes may change after open
        return Writer(self.backend, self.base_iri, self.prefixes)

    def add(
        self, dg: DocumentGraph, *, generated_at: datetime | None = None, link_aliases: bool = True
    ) -> bool:
        """Write a document's graph, replacing the graph of any document with the same id.

        The write is one transaction: a reader sees the old graph or the new one.

        Args:
            dg: what the extractor found in one document.
            generated_at: the ``prov:generatedAtTime`` to record (default: now).
            link_aliases: first link each one-word Person or Organization name to the
                one entity of its class that the store's other documents know by that
                alias, when exactly one does and no entity is named so (``kg.store.link``;
                merge rule ``"store-alias"``). ``dg`` itself is not changed.

        Returns:
            False, changing nothing, when the store already holds this very graph
            (same text, same triples, same extractor version: same ``kg:graphHash``).

        Raises:
            StoreError: the store is read-only, closed, or failed to write.
        """
        self.backend.check_writable()
        with self._write_lock:
            return self._writer().add(dg, generated_at=generated_at, link_aliases=link_aliases)

    def add_many(
        self,
        graphs: Iterable[DocumentGraph],
        *,
        generated_at: datetime | None = None,
        link_aliases: bool = True,
    ) -> int:
        """Write many documents' graphs: what ``add`` does for each, faster in bulk.

        New documents are written in batches of about ``BATCH_QUADS`` quads; on disk
        a big batch goes through Oxigraph's bulk loader (many times faster than one
        transaction per document, but not atomic: a batch cut short by a crash is
        repaired by adding its documents again). Changed documents are replaced one
        by one, each in one transaction; unchanged ones are skipped. Aliases link as
        with ``add``, one query per document that has a candidate; a document sees the
        ones written before it in the same call, batched or not.

        Args:
            graphs: document graphs, read lazily (a generator is fine).
            generated_at: the ``prov:generatedAtTime`` to record (default: now).
            link_aliases: link one-word names to the store's full names (see ``add``).

        Returns:
            How many documents were written (new or replaced).

        Raises:
            StoreError: the store is read-only, closed, or failed to write.

        Example:
            >>> from kg.model import DocumentGraph, Triple
            >>> store = KnowledgeGraph.open()
            >>> docs = [DocumentGraph(f"d{i}", "", [Triple("Ann", "meet", f"P{i}")])
            ...         for i in range(3)]
            >>> store.add_many(docs), store.add_many(docs), store.stats()["documents"]
            (3, 0, 3)
        """
        self.backend.check_writable()
        with self._write_lock:
            writer = self._writer()
            return writer.add_many(graphs, generated_at=generated_at, link_aliases=link_aliases)

    def remove(self, doc_id: str) -> bool:
        """Remove the graph of the document with this id (and what only it held from the union).

        Returns:
            True when a graph was removed.

        Raises:
            StoreError: the store is read-only, closed, or failed to write.

        Example:
            >>> from kg.model import DocumentGraph, Triple
            >>> store = KnowledgeGraph.open()
            >>> _ = store.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob")]))
            >>> store.remove("d1"), store.remove("d1"), len(store)
            (True, False, 0)
        """
        self.backend.check_writable()
        with self._write_lock:
            return self._writer().remove(doc_id)

    def load(
        self,
        source: str | Path,
        *,
        format: str | None = None,
        max_bytes: int | None = MAX_IMPORT_BYTES,
        max_quads: int | None = MAX_IMPORT_QUADS,
    ) -> int:
        """Import an RDF file (``kg import``): all of it, or nothing.

        The whole file is parsed before anything is written. Each named graph in it
        (TriG, N-Quads, JSON-LD) replaces the store's graph of that name, and its
        triples join the union; triples outside any named graph (all of a Turtle,
        N-Triples or RDF/XML file) go into the default graph, the union, only (they
        are queryable, but belong to no document). Everything is written in one
        transaction (one request to a remote store).

        Args:
            source: the file.
            format: an RDF format of ``kg.store.formats.FORMATS``; by default guessed
                from the suffix (``.ttl .nt .rdf .owl .xml .trig .nq .jsonld .json``).
            max_bytes: refuse a file larger than this (None: no cap).
            max_quads: refuse a file with more quads than this (None: no cap).

        Returns:
            The number of quads read from the file.

        Raises:
            FormatError: unknown format.
            InputError: the file cannot be read, does not parse, declares XML entities
                (RDF/XML) or is over a cap (nothing is written).
            StoreError: the store is read-only, closed, or failed to write.
        """
        self.backend.check_writable()
        quads = read_quads(source, format=format, max_bytes=max_bytes, max_quads=max_quads)
        with self._write_lock:
            self._writer().load(quads)
        return len(quads)

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
            sparql, prefixes=ns, allow_update=allow_update, graph_exists=self.backend.has_graph
        )
        if checked.kind == "UPDATE":
            self.backend.check_writable()
            with self._write_lock:
                return self.backend.run(QueryRequest(checked, ns, init_bindings))
        return self.backend.run(QueryRequest(checked, ns, init_bindings, timeout, limit))

    def documents(self) -> list[dict[str, Any]]:
        """One dict per stored document, ordered by id (keys: see ``kg.store.summary``).

        Example:
            >>> from kg.model import DocumentGraph
            >>> store = KnowledgeGraph.open()
            >>> _ = store.add(DocumentGraph("d1", "Some text.", source="d1.txt"))
            >>> [(d["doc_id"], d["source"], d["statements"]) for d in store.documents()]
            [('d1', 'd1.txt', 0)]
        """
        return summary.documents(self._select)

    def stats(self) -> dict[str, Any]:
        """Counts: ``documents``, ``entities``, ``relations``, ``statements``, ``asserted``,
        ``facts``, ``triples``, ``quads`` and ``classes`` (see ``kg.store.summary.stats``).

        Example:
            >>> from kg.model import DocumentGraph, Triple
            >>> store = KnowledgeGraph.open()
            >>> _ = store.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
            >>> s = store.stats()
            >>> s["documents"], s["entities"], s["statements"], s["classes"]
            (1, 2, 1, {'Concept': 1, 'Person': 1})
        """
        return summary.stats(self._select)

    def export(
        self, path: str | Path, *, format: str | None = None, min_confidence: float = 0.0
    ) -> Path:
        """Write the whole store to a file, atomically (a temporary file, then a rename).

        TriG, N-Quads and JSON-LD get each document's named graph and the default
        graph's other triples, so ``load`` of the file gives this store back; Turtle,
        N-Triples and RDF/XML the union. Beside the file goes ``<file>.kg.json``, which
        ``load`` checks (``kg.store.rdf_files``). A graph-tool format gets the entities
        and statements (``kg.store.graph_files``, ``kg.store.neo4j_files``).

        Args:
            path: the file to write (``csv``: see ``kg.store.formats.csv_paths``).
            format: a name of ``kg.store.formats.FORMATS``; by default from the suffix.
            min_confidence: leave out statements below this confidence (0 to 1).

        Returns:
            The path written (``csv``: the node table; ``output_paths`` lists both).

        Raises:
            FormatError: unknown format.
            StoreError: the store cannot be read or the file cannot be written.
        """
        fmt = format_for(path, format)
        if check_min_confidence(min_confidence):
            return export_confident(self, path, fmt, min_confidence)
        if fmt.kind == "graph":
            return export_graph(self, path, format=fmt.name)[0]
        # No doc: prefix: statement and sentence IRIs below it would print as doc:x\/y.
        export_prefixes = {p: ns for p, ns in self.prefixes.items() if p != "doc"}
        return write_store(self.backend, path, fmt, prefixes=export_prefixes)


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
    if store is not None and not read_only and "://" not in str(store):
        Path(store).parent.mkdir(parents=True, exist_ok=True)
    return KnowledgeGraph.open(store, base_iri=base_iri, read_only=read_only, update_url=update_url)
