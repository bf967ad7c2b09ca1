"""The knowledge-graph store: Oxigraph on disk (default), in memory, or a SPARQL endpoint.

One named graph per document, named by the document IRI (see ``kg.rdf``).
Adding a document replaces its previous graph in one transaction; adding the
same graph again changes nothing.

The store's default graph holds the union of the document graphs, as a set,
kept up to date in the same transactions. Queries run on it. (Oxigraph's own
``use_default_graph_as_union`` is a bag: an entity's label, stored once per
document that names it, matches once per document, and joins multiply the
duplicates; on 40 synthetic documents a four-pattern query took 24 s and
returned 7.8 million rows through it, against 0.2 s and 991 rows here.)

The store is ``pyoxigraph`` underneath (transactions, bulk loading, a query
engine that releases the GIL, so queries can time out); ``KnowledgeGraph.dataset``
offers the same data through the rdflib API (``oxrdflib``). A URL opens a remote
store, ``kg.store.sparql.RemoteKnowledgeGraph``, with the same methods and answers.

Writers and readers: one process at a time may open an on-disk store for writing
(a second gets ``StoreLockedError``, "store is locked"). Any number may open it
``read_only`` meanwhile; Oxigraph (0.5) reads a read-only store as it was when
opened, and does not promise consistent reads of what a writer adds afterwards.

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

import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from kg.errors import KGError, StoreError
from kg.model import ENTITY_TYPES, DocumentGraph
from kg.query import (
    DEFAULT_TIMEOUT,
    CheckedQuery,
    QueryResult,
    check_query,
    execute,
    select_dicts,
)
from kg.rdf.quads import document_triples
from kg.rdf.terms import (
    DEFAULT_BASE_IRI,
    check_base_iri,
    clean_text,
    document_iri,
    prefixes,
)
from kg.store.link import Names, alias_query, link_candidates, links, relabel
from kg.store.oxigraph import (
    GRAPH_HASH,
    DocumentIndex,
    Write,
    drop_graph_update,
    insert_data_update,
    nquads,
    open_oxigraph,
    plain_literal_store,
)
from kg.store.transfer import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_QUADS,
    RDF_FORMATS,
    SUFFIX_FORMATS,
    format_for,
    read_quads,
    write_atomically,
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
EXPORT_FORMATS = RDF_FORMATS
_SUFFIX_FORMATS = SUFFIX_FORMATS
#: The default graph's triples that are in no named graph (``export`` writes them too).
DEFAULT_ONLY_QUERY = (
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
)
#: ``add_many`` writes new documents in batches of about this many quads.
BATCH_QUADS = 200_000
#: A batch this large goes through Oxigraph's bulk loader (on disk), not a transaction.
BULK_QUADS = 50_000

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


def is_url(location: object) -> bool:
    """True for an ``http://`` or ``https://`` location (a remote SPARQL endpoint).

    Example:
        >>> is_url("http://127.0.0.1:7878/query"), is_url("kg-store")
        (True, False)
    """
    return str(location).lower().startswith(("http://", "https://"))


class KnowledgeGraph:
    """A knowledge graph: documents' named graphs in an Oxigraph store.

    Open one with ``KnowledgeGraph.open``; use it as a context manager, or call
    ``close()``, to release an on-disk store (only one process may write to it).

    The methods whose names start with ``_`` and whose docstrings say "backend"
    are the only ones that touch the store itself; ``kg.store.sparql`` overrides them
    for a SPARQL endpoint.
    """

    def __init__(
        self,
        store: ox.Store | None,
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
            update_url: remote only: the SPARQL Update URL (default: the query URL
                with its last segment ``query`` replaced by ``update``, else ``/update``
                appended).
            graph_store_url: remote only: the Graph Store Protocol URL for bulk
                writes (default: the query URL ending ``store`` instead of ``query``);
                ``""`` turns it off (writes use ``INSERT DATA``).
            timeout: remote only: seconds each HTTP request may take (queries use
                their own ``timeout``).

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
        if location is not None and is_url(location):
            from kg.store.sparql import RemoteKnowledgeGraph

            return RemoteKnowledgeGraph(
                str(location), update_url=update_url, graph_store_url=graph_store_url,
                base_iri=base_iri, read_only=read_only, timeout=timeout,
            )  # fmt: skip
        if update_url is not None or graph_store_url is not None:
            raise StoreError("update_url and graph_store_url are for remote stores (URLs)")
        if location is None:
            if read_only:
                raise StoreError("an in-memory store cannot be opened read-only")
            return cls(ox.Store(), base_iri=base_iri)
        path = Path(location).expanduser()
        store = open_oxigraph(path, read_only=read_only)
        graph = cls(store, location=path, base_iri=base_iri, read_only=read_only)
        if given is None:  # the base IRI the store's documents were built with
            stored = graph._stored_base_iri()
            if stored is not None and stored != graph.base_iri:
                graph.base_iri = stored
                graph.prefixes = prefixes(stored)
        return graph

    def _stored_base_iri(self) -> str | None:
        """The base IRI of a stored document's IRI (``<base>document/...``), if any."""
        rows = select_dicts(
            self.store,
            "SELECT ?g WHERE { GRAPH ?g { ?g a kg:Document } } LIMIT 1",
            prefixes=self.prefixes,
        )
        iri = str(rows[0]["g"]) if rows else ""
        base, found, _ = iri.rpartition("document/")
        if not found:
            return None
        try:
            return check_base_iri(base)
        except KGError:
            return None

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

            dataset = Dataset(store=plain_literal_store(self.store))
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

    def _where(self) -> str:
        return "memory" if self.location is None else str(self.location)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store is open read-only: {self._where()}")
        self.store  # noqa: B018  (raises when closed)

    # ------------------------------------------------------------ backend (local)

    def _select(self, sparql: str) -> list[dict[str, Any]]:
        """Backend: rows of one of kg's own SELECTs, as Python values (no checks, no timeout)."""
        return [
            {k: v.toPython() if isinstance(v, Literal) else v for k, v in row.items()}
            for row in select_dicts(self.store, sparql, prefixes=self.prefixes)
        ]

    def _has_graph(self, iri: URIRef) -> bool:
        """Backend: whether the store holds a named graph with this IRI."""
        return bool(self.store.contains_named_graph(ox.NamedNode(str(iri))))

    def _graphs_of(self, doc_id: str) -> list[URIRef]:
        """Backend: the graphs of the documents with this id (under any base IRI)."""
        identifier = ox.NamedNode(str(DCTERMS.identifier))
        pattern = self.store.quads_for_pattern(None, identifier, ox.Literal(clean_text(doc_id)))
        return sorted(
            {
                URIRef(q.subject.value)
                for q in pattern
                if isinstance(q.subject, ox.NamedNode) and q.subject == q.graph_name
            }
        )

    def _all_graphs(self) -> set[URIRef] | None:
        """Backend: every named graph, or None where listing them is not cheap."""
        return {URIRef(g.value) for g in self.store.named_graphs()}

    def _stored_hash(self, graph: URIRef) -> str | None:
        """Backend: the ``kg:graphHash`` a stored document graph records, if any."""
        node = ox.NamedNode(str(graph))
        for quad in self.store.quads_for_pattern(node, GRAPH_HASH, None, node):
            return str(getattr(quad.object, "value", ""))
        return None

    def _insert(self, writes: list[Write]) -> None:
        """Backend: add new documents' graphs (and their union triples).

        A small batch is one transaction. A big batch on disk goes through Oxigraph's
        bulk loader, as N-Quads text (cheaper to make than millions of Python quads).
        The bulk loader is not transactional, so the ``kg:graphHash`` quads go last, in
        a transaction of their own: a batch cut short leaves graphs without their hash,
        which the next ``add`` of those documents replaces instead of skipping.
        """
        store = self.store
        data, hashes = nquads(writes)
        if self.location is None or sum(2 * len(w.triples) for w in writes) < BULK_QUADS:
            # One transaction, hashes included; Oxigraph parses the text without the GIL
            # held by Python-side quad objects (faster than extend() with Quads).
            data += "".join(f"{quad} .\n" for quad in hashes).encode("utf-8")
            self._write(lambda: store.load(data, format=ox.RdfFormat.N_QUADS))
            return
        self._write(lambda: store.bulk_load(data, ox.RdfFormat.N_QUADS))
        self._write(lambda: store.extend(hashes))

    def _update(self, sparql: str) -> None:
        """Backend: run one of kg's own SPARQL updates (one transaction)."""
        self._write(lambda: self.store.update(sparql))

    def _run(
        self,
        checked: CheckedQuery,
        *,
        prefixes: Mapping[str, str],
        init_bindings: Mapping[str, Node] | None,
        timeout: float | None,
        limit: int | None,
    ) -> QueryResult:
        """Backend: run a checked user query (or allowed update)."""
        return execute(
            self.store, checked, prefixes=prefixes, init_bindings=init_bindings, timeout=timeout,
            limit=limit,
        )  # fmt: skip

    def _named_quads(self) -> Iterator[ox.Quad]:
        """Backend: the quads of the document graphs, graph after graph."""
        store = self.store
        for graph in sorted(store.named_graphs(), key=str):
            yield from store.quads_for_pattern(None, None, None, graph)

    def _union_triples(self) -> Iterator[ox.Triple]:
        """Backend: the triples of the default graph (the union)."""
        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield quad.triple

    def _default_only_triples(self) -> Iterator[ox.Triple]:
        """Backend: the default graph's triples that no named graph holds (imported
        N-Triples, ``INSERT DATA``): what the union holds beyond the documents."""
        result = self.store.query(DEFAULT_ONLY_QUERY)
        assert isinstance(result, ox.QueryTriples)
        yield from result

    def _write(self, write: Callable[[], None]) -> None:
        try:
            write()
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"cannot write to the store: {err}") from err

    # ------------------------------------------------------------ writing

    def _document_index(self) -> DocumentIndex:
        """Backend: the documents' ids, graphs and hashes, in one query (for ``add_many``)."""
        rows = self._select(
            "SELECT ?g ?id ?h WHERE { GRAPH ?g { ?g dcterms:identifier ?id "
            "OPTIONAL { ?g kg:graphHash ?h } } }"
        )
        index = DocumentIndex({}, {}, self._all_graphs())
        for row in rows:
            graph = URIRef(str(row["g"]))
            index.ids.setdefault(str(row["id"]), set()).add(graph)
            if "h" in row:
                index.hashes[graph] = str(row["h"])
        return index

    def _plan(
        self,
        dg: DocumentGraph,
        generated_at: datetime | None,
        index: DocumentIndex | None = None,
    ) -> Write | None:
        """What writing ``dg`` takes, or None when the store already holds this graph."""
        rdf = document_triples(dg, base=self.base_iri, generated_at=generated_at)
        graph, digest = URIRef(rdf.graph.value), rdf.digest
        doc_id = clean_text(dg.doc_id)
        if index is None:
            others = self._graphs_of(dg.doc_id) if dg.doc_id else []
            stored = self._stored_hash(graph)
        else:
            others = sorted(index.ids.get(doc_id, ())) if dg.doc_id else []
            stored = index.hashes.get(graph)
        stale = [g for g in others if g != graph]
        if not stale and stored == digest:
            return None
        if stale or stored is not None:
            exists = True
        elif index is not None and index.graphs is not None:
            exists = graph in index.graphs
        else:
            exists = self._has_graph(graph)
        return Write(graph, rdf.triples, [*stale, graph] if exists else [], doc_id, digest)

    def _linked(self, dg: DocumentGraph, pending: Names | None = None) -> DocumentGraph:
        """``dg`` with its one-word names linked to the store's full names (``kg.store.link``).

        One query, for all the document's candidates; none when it has none.
        """
        keys = link_candidates(dg)
        if not keys:
            return dg
        graph = document_iri(dg.doc_id, dg.text, base=self.base_iri)
        rows = self._select(alias_query(keys, exclude=str(graph)))
        return relabel(dg, links(dg, rows, base=self.base_iri, pending=pending))

    def _replace(self, write: Write) -> None:
        """Drop the replaced graphs and insert the new one in one SPARQL update."""
        drops = "".join(drop_graph_update(g) + " ;\n" for g in write.replaces)
        self._update(drops + insert_data_update(write.quads()))

    def add(
        self,
        dg: DocumentGraph,
        *,
        generated_at: datetime | None = None,
        link_aliases: bool = True,
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
        self._check_writable()
        with self._write_lock:
            write = self._plan(self._linked(dg) if link_aliases else dg, generated_at)
            if write is None:
                return False
            if write.replaces:
                self._replace(write)
            else:
                self._insert([write])
        return True

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
        self._check_writable()
        written = 0
        pending: list[Write] = []
        pending_graphs: set[URIRef] = set()
        pending_names = Names()  # what the pending documents call their entities
        size = 0

        def flush() -> None:
            nonlocal size
            if pending:
                self._insert(pending)
            pending.clear()
            pending_graphs.clear()
            pending_names.clear()
            size = 0

        with self._write_lock:
            index = self._document_index()
            for dg in graphs:
                if document_iri(dg.doc_id, dg.text, base=self.base_iri) in pending_graphs:
                    flush()  # the same document twice: the later one wins, as with add
                if link_aliases:
                    dg = self._linked(dg, pending_names)
                write = self._plan(dg, generated_at, index)
                if write is None:
                    continue
                written += 1
                index.record(write)
                if write.replaces:
                    self._replace(write)
                    continue
                pending.append(write)
                pending_graphs.add(write.graph)
                if link_aliases:
                    pending_names.add_graph(dg, base=self.base_iri)
                size += 2 * len(write.triples)
                if size >= BATCH_QUADS:
                    flush()
            flush()
        return written

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
        self._check_writable()
        with self._write_lock:
            graphs = self._graphs_of(doc_id)
            if graphs:
                self._update(" ;\n".join(drop_graph_update(g) for g in graphs))
        return bool(graphs)

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
            format: ``turtle``, ``ntriples``, ``rdfxml``, ``trig``, ``nquads`` or
                ``jsonld``; by default guessed from the suffix
                (``.ttl .nt .rdf .owl .xml .trig .nq .jsonld .json``).
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
        self._check_writable()
        quads = read_quads(source, format=format, max_bytes=max_bytes, max_quads=max_quads)
        graphs = {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        union = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
        with self._write_lock:
            existing = [URIRef(g.value) for g in graphs if self._has_graph(URIRef(g.value))]
            everything = list(dict.fromkeys([*quads, *union]))
            if existing:
                drops = "".join(drop_graph_update(g) + " ;\n" for g in sorted(existing))
                self._update(drops + insert_data_update(everything))
            elif everything:
                self._insert_atomically(everything)
        return len(quads)

    def _insert_atomically(self, quads: list[ox.Quad]) -> None:
        """Backend: add quads in one transaction, whatever their number."""
        self._write(lambda: self.store.extend(quads))

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
        options: dict[str, Any] = {"prefixes": ns, "init_bindings": init_bindings}
        if checked.kind == "UPDATE":
            self._check_writable()
            with self._write_lock:
                return self._run(checked, timeout=None, limit=None, **options)
        return self._run(checked, timeout=timeout, limit=limit, **options)

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

        Everything the store holds is written: in TriG, N-Quads and JSON-LD each
        document's named graph, and in the default graph the triples no document
        holds (imported N-Triples, ``INSERT DATA``), so ``load`` of the file gives this
        store back. Beside the file goes ``<file>.kg.json`` (see
        ``kg.store.transfer.write_atomically``): its size, SHA-256 and quad count, which
        ``load`` checks, so a truncated or altered copy is reported, not imported.
        Temporary files left by an export that was killed are removed.

        Args:
            path: the file to write.
            format: ``turtle``, ``ntriples``, ``rdfxml``, ``trig``, ``nquads`` or
                ``jsonld``; by default guessed from the suffix (``.ttl .nt .rdf .trig
                .nq .jsonld``). Formats without named graphs (turtle, ntriples, rdfxml)
                get the union of all graphs.

        Returns:
            The path written.

        Raises:
            FormatError: unknown format.
            StoreError: the store cannot be read or the file cannot be written.
        """
        name = format_for(path, format)
        keeps_graphs = RDF_FORMATS[name][1]
        # No doc: prefix: statement and sentence IRIs below it would print as doc:x\/y.
        export_prefixes = {p: ns for p, ns in self.prefixes.items() if p != "doc"}
        data: Iterable[ox.Quad] | Iterable[ox.Triple] = (
            itertools.chain(
                self._named_quads(),
                (ox.Quad(t.subject, t.predicate, t.object) for t in self._default_only_triples()),
            )
            if keeps_graphs
            else self._union_triples()
        )
        return write_atomically(path, data, format=name, prefixes=export_prefixes)

    def to_networkx(self, *, include_hedged: bool = False) -> nx.MultiDiGraph:
        """The entities and statements as a networkx ``MultiDiGraph`` (see ``kg.store.network``)."""
        from kg.store.network import to_networkx

        return to_networkx(self, include_hedged=include_hedged)

    def render(
        self,
        path: str | Path,
        *,
        entity: str | None = None,
        hops: int = 1,
        query: str | None = None,
        doc: str | None = None,
        max_nodes: int = 500,
        rank: str = "degree",
        title: str | None = None,
        format: str | None = None,
        include_hedged: bool = True,
    ) -> Path:
        """Draw the graph, or a view of it, as an interactive HTML page or a picture.

        With no selection the whole graph is drawn (its ``max_nodes`` most important
        nodes; the page says what was left out). ``entity`` draws the entities within
        ``hops`` edges of every entity with that label or alias (any case); ``query``
        the triples of a ``CONSTRUCT`` or ``SELECT ?s ?p ?o`` query (checked as by
        ``query``); ``doc`` the statements of one document. Selections combine.
        Negated, hedged and attributed statements are drawn as dashed edges unless
        ``include_hedged`` is False. See ``kg.view.select``, ``kg.view.html``, ``kg.view.image``.

        Args:
            path: the file to write.
            entity: an entity's label or alias.
            hops: how far from ``entity`` to go.
            query: a SPARQL ``CONSTRUCT``, ``DESCRIBE`` or ``SELECT ?s ?p ?o`` query.
            doc: a document id (as stored by ``add``; a path's last part will do).
            max_nodes: the most nodes to draw.
            rank: which nodes to keep when there are more: ``"degree"`` or ``"pagerank"``.
            title: the heading (default: says what the view is).
            format: ``"html"``, ``"png"`` or ``"svg"`` (default: from the suffix, else html).
            include_hedged: draw statements that are not asserted.

        Returns:
            The path written.

        Raises:
            KGError: an unknown entity or document (with suggestions), a query that
                gives no triples, or a refused query (``QueryError``).
            FormatError: an unknown ``format``.
        """
        from kg.view.image import image_format, write_image
        from kg.view.select import select_view

        graph = self.to_networkx(include_hedged=include_hedged)
        if not include_hedged:
            graph.remove_nodes_from([n for n, degree in graph.degree() if degree == 0])
        view = select_view(
            graph,
            entity=entity,
            hops=hops,
            doc=doc,
            query_result=None if query is None else self.query(query),
            documents=None if doc is None else [d["doc_id"] for d in self.documents()],
            prefixes=self.prefixes,
        )
        options: dict[str, Any] = {
            "title": view.title if title is None else title,
            "max_nodes": max_nodes,
            "rank": rank,
            "focus": view.focus,
            "note": view.description,
        }
        fmt = image_format(path, format)
        if fmt == "html":
            from kg.view.html import write_html

            result: Path = write_html(view.graph, path, **options)
        else:
            result = write_image(view.graph, path, format=fmt, **options)
        return result

    def _repr_html_(self) -> str | None:
        """Jupyter's inline view: the graph page in an isolated ``<iframe srcdoc>``.

        See ``kg.view.notebook`` (at most ``kg.view.notebook.NOTEBOOK_MAX_NODES`` nodes; for other
        options, display ``kg.view.notebook.show(graph, ...)``). None (plain ``repr``) when
        the store is closed.
        """
        from kg.errors import KGError
        from kg.view.notebook import graph_html

        try:
            return graph_html(self)
        except KGError:
            return None
