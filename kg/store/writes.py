"""How ``KnowledgeGraph`` writes: plan each document's write, then run it on the backend.

A document's graph is named by its IRI; writing it drops the graphs it replaces
(an older version, or the same id under another text) and inserts the new one in
one SPARQL update, or skips it when the store holds this very graph (same
``kg:graphHash``). New documents go to the backend in batches (``insert``), which
on disk means Oxigraph's bulk loader for big batches.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.rdf.terms import DEFAULT_BASE_IRI, prefixes
    >>> from kg.store.oxigraph import OxigraphBackend
    >>> writer = Writer(OxigraphBackend.open(None), DEFAULT_BASE_IRI, prefixes(DEFAULT_BASE_IRI))
    >>> dg = DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob")])
    >>> writer.add(dg, generated_at=None, link_aliases=True), writer.remove("d1")
    (True, True)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg.model import DocumentGraph
from kg.rdf.quads import document_triples
from kg.rdf.terms import clean_text, document_iri
from kg.store.backend import Backend, DocumentIndex, Write, drop_graph_update, insert_data_update
from kg.store.link import Names, alias_query, link_candidates, links, relabel

#: ``add_many`` writes new documents in batches of about this many quads.
BATCH_QUADS = 200_000
#: ... or of this many, where a batch is inserted in a thread while the next is planned:
#: little is left to write once the last document is planned, and each batch is one
#: transaction (under ``kg.store.oxigraph.BULK_QUADS``). Measured: benchmarks/throughput.py.
BACKGROUND_BATCH_QUADS = 20_000


class _Inserts:
    """The one batch ``add_many`` is inserting in a thread, and its documents' names."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.names: list[Names] = []

    def start(self, writes: list[Write], names: Names) -> None:
        """Insert ``writes`` in a thread, once the batch before is in (its error raised)."""
        self.wait()

        def insert() -> None:
            try:
                self.backend.insert(writes)
            except BaseException as exc:  # raised in the caller's thread, by wait()
                self.error = exc

        self.names = [names]
        self.thread = threading.Thread(target=insert, name="kg-insert", daemon=True)
        self.thread.start()

    def wait(self, *, quiet: bool = False) -> None:
        """Wait for the batch in flight; raise its error (once), unless ``quiet``."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        self.names = []
        error, self.error = self.error, None
        if error is not None and not quiet:
            raise error


class Writer:
    """The writes of ``add``, ``add_many``, ``remove`` and ``load`` on one backend.

    The caller checks that the store is writable and holds its write lock.
    """

    def __init__(self, backend: Backend, base_iri: str, prefixes: Mapping[str, str]) -> None:
        self.backend = backend
        self.base_iri = base_iri
        self.prefixes = prefixes

    def _select(self, sparql: str) -> list[dict[str, Any]]:
        return self.backend.select(sparql, self.prefixes)

    def document_index(self) -> DocumentIndex:
        """The documents' ids, graphs and hashes, in one query (for ``add_many``)."""
        rows = self._select(
            "SELECT ?g ?id ?h WHERE { GRAPH ?g { ?g dcterms:identifier ?id "
            "OPTIONAL { ?g kg:graphHash ?h } } }"
        )
        index = DocumentIndex({}, {}, self.backend.all_graphs())
        for row in rows:
            graph = URIRef(str(row["g"]))
            index.ids.setdefault(str(row["id"]), set()).add(graph)
            if "h" in row:
                index.hashes[graph] = str(row["h"])
        return index

    def plan(
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
            others = self.backend.graphs_of(dg.doc_id) if dg.doc_id else []
            stored = self.backend.stored_hash(graph)
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
            exists = self.backend.has_graph(graph)
        return Write(graph, rdf.triples, [*stale, graph] if exists else [], doc_id, digest)

    def linked(self, dg: DocumentGraph, pending: Iterable[Names] = ()) -> DocumentGraph:
        """``dg`` with its one-word names linked to the store's full names (``kg.store.link``).

        One query, for all the document's candidates; none when it has none.
        """
        keys = link_candidates(dg)
        if not keys:
            return dg
        graph = document_iri(dg.doc_id, dg.text, base=self.base_iri)
        rows = self._select(alias_query(keys, exclude=str(graph)))
        return relabel(dg, links(dg, rows, base=self.base_iri, pending=pending))

    def replace(self, write: Write) -> None:
        """Drop the replaced graphs and insert the new one in one SPARQL update."""
        drops = "".join(drop_graph_update(g) + " ;\n" for g in write.replaces)
        self.backend.update(drops + insert_data_update(write.quads()))

    def add(self, dg: DocumentGraph, *, generated_at: datetime | None, link_aliases: bool) -> bool:
        """``KnowledgeGraph.add``: False when the store holds this very graph."""
        write = self.plan(self.linked(dg) if link_aliases else dg, generated_at)
        if write is None:
            return False
        if write.replaces:
            self.replace(write)
        else:
            self.backend.insert([write])
        return True

    def add_many(
        self,
        graphs: Iterable[DocumentGraph],
        *,
        generated_at: datetime | None,
        link_aliases: bool,
    ) -> int:
        """``KnowledgeGraph.add_many``: how many documents were written (new or replaced).

        Where the backend allows it (``concurrent_inserts``), a batch is inserted in a
        thread while the next documents are planned (and, in ``kg.build``, parsed):
        one batch at a time, in order, an error raised here. Until a batch is in the
        store, what its documents call their entities links as if it were.
        """
        written = 0
        pending: list[Write] = []
        pending_graphs: set[URIRef] = set()
        pending_names = Names()  # what the pending documents call their entities
        size = 0
        limit = BACKGROUND_BATCH_QUADS if self.backend.concurrent_inserts else BATCH_QUADS
        inserting = _Inserts(self.backend) if self.backend.concurrent_inserts else None

        def flush() -> None:
            nonlocal size, pending_names
            if pending and inserting is not None:
                inserting.start(list(pending), pending_names)
                pending_names = Names()
            elif pending:
                self.backend.insert(pending)
                pending_names.clear()
            pending.clear()
            pending_graphs.clear()
            size = 0

        index = self.document_index()
        try:
            for dg in graphs:
                if document_iri(dg.doc_id, dg.text, base=self.base_iri) in pending_graphs:
                    flush()  # the same document twice: the later one wins, as with add
                if link_aliases:
                    known = [pending_names, *(inserting.names if inserting else ())]
                    dg = self.linked(dg, known)
                write = self.plan(dg, generated_at, index)
                if write is None:
                    continue
                written += 1
                index.record(write)
                if write.replaces:
                    if inserting is not None:
                        inserting.wait()  # the graphs it drops may be in that batch
                    self.replace(write)
                    continue
                pending.append(write)
                pending_graphs.add(write.graph)
                if link_aliases:
                    pending_names.add_graph(dg, base=self.base_iri)
                size += 2 * len(write.triples)
                if size >= limit:
                    flush()
            flush()
        except BaseException:
            if inserting is not None:
                inserting.wait(quiet=True)  # the error on its way wins
            raise
        if inserting is not None:
            inserting.wait()
        return written

    def remove(self, doc_id: str) -> bool:
        """``KnowledgeGraph.remove``: True when a graph was removed."""
        graphs = self.backend.graphs_of(doc_id)
        if graphs:
            self.backend.update(" ;\n".join(drop_graph_update(g) for g in graphs))
        return bool(graphs)

    def load(self, quads: list[ox.Quad]) -> None:
        """``KnowledgeGraph.load``'s write: the named graphs replace theirs, in one update."""
        graphs = {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        union = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
        existing = [URIRef(g.value) for g in graphs if self.backend.has_graph(URIRef(g.value))]
        everything = list(dict.fromkeys([*quads, *union]))
        if existing:
            drops = "".join(drop_graph_update(g) + " ;\n" for g in sorted(existing))
            self.backend.update(drops + insert_data_update(everything))
        elif everything:
            self.backend.insert_quads(everything)
