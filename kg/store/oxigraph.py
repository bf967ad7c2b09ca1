"""The local backend of ``KnowledgeGraph``: an Oxigraph store on disk or in memory.

``OxigraphBackend`` answers the ``kg.store.backend.Backend`` protocol over a
``pyoxigraph.Store``: kg's own reads go to Oxigraph directly (quad patterns where
they are cheaper than SPARQL), user queries through ``kg.query.execute`` (checked,
with a timeout), and new documents in bulk through Oxigraph's loader.

Writers and readers: one process at a time may open an on-disk store for writing
(a second gets ``StoreLockedError``, "store is locked"). Any number may open it
``read_only`` meanwhile; Oxigraph (0.5) reads a read-only store as it was when
opened, and does not promise consistent reads of what a writer adds afterwards.

Example:
    >>> backend = OxigraphBackend(ox.Store())
    >>> backend.where, backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
    ('memory', [{'n': 0}])
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from kg.errors import StoreError, StoreLockedError
from kg.query import QueryResult, execute, select_dicts
from kg.rdf.namespaces import KG
from kg.rdf.terms import clean_text
from kg.store.backend import DEFAULT_ONLY_QUERY, QueryRequest, Write, python_values

if TYPE_CHECKING:
    from rdflib import Dataset

_XSD_STRING = XSD.string
GRAPH_HASH = ox.NamedNode(str(KG.graphHash))
_IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))
#: A batch this large goes through Oxigraph's bulk loader (on disk), not a transaction.
BULK_QUADS = 50_000


#: A read-only open that races a writer's compaction is retried this many times ...
READ_ONLY_ATTEMPTS = 20
#: ... this many seconds apart.
READ_ONLY_RETRY_DELAY = 0.05


def open_oxigraph(path: Path, *, read_only: bool) -> ox.Store:
    """Open an Oxigraph directory (a write lock), or read it without the lock.

    A read-only open reads the files a writer may be rewriting at that moment
    (RocksDB compacts, and deletes the files its manifest named): Oxigraph then
    reports "Corruption ... No such file". The open is retried for about a second,
    after which it is a ``StoreError``.

    Raises:
        StoreLockedError: another process writes to the store (when not ``read_only``).
        StoreError: not a store, or it cannot be opened.
    """
    if path.exists() and not path.is_dir():
        raise StoreError(f"not a store directory: {path}")
    # An Oxigraph (RocksDB) directory has a CURRENT file; never fill some other folder.
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise StoreError(f"not a store directory (it holds other files): {path}")
    if read_only and not path.is_dir():
        raise StoreError(f"no store at {path}")
    attempts = READ_ONLY_ATTEMPTS if read_only else 1
    for attempt in range(1, attempts + 1):
        try:
            return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreLockedError(f"store is locked by another process: {path}") from err
            error: Exception = err
        except RuntimeError as err:  # RocksDB "Corruption": files changed under the open
            error = err
        if attempt < attempts:
            time.sleep(READ_ONLY_RETRY_DELAY)
    message = " ".join(str(error).split())
    raise StoreError(f"cannot open the store at {path}: {message}") from error


Signature = tuple[tuple[str, int, int], ...]

#: The start of the names of the files kg keeps in a store directory beside RocksDB's
#: (``kg.store.skeleton``'s index): no part of the store's signature.
KG_FILES = "kg-"


def kept_file(backend: Any, name: str) -> tuple[Path, Signature] | None:
    """Where kg keeps its file ``name`` (a :data:`KG_FILES` name) beside the store of
    ``backend`` (a graph's), and the store's signature as opened; None where the store
    is not a read-only directory opened while unchanged."""
    signature = getattr(backend, "signature", None)
    location = getattr(backend, "location", None)
    if signature is None or location is None or not getattr(backend, "read_only", False):
        return None
    return Path(location) / name, signature


def store_signature(path: Path) -> Signature:
    """What a store directory's files look like now: (name, size, mtime) of each
    (but kg's own, :data:`KG_FILES`).

    A write changes it (RocksDB appends to its log, writes new tables, renames its
    manifest); nothing else does. ``kg serve`` compares it to reopen a changed store;
    an index kept beside the store names the signature it was read at.

    Example:
        >>> import tempfile
        >>> store_signature(Path(tempfile.mkdtemp()))
        ()
    """
    entries = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(path):
            if entry.name.startswith(KG_FILES):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                entries.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))


#: Write-ahead logs past this many bytes in all are dropped as a written store closes.
SPENT_LOGS = 8 * 2**20


def drop_spent_logs(path: Path) -> bool:
    """Drop the write-ahead logs a closed store no longer needs; whether it did.

    Oxigraph leaves RocksDB's logs behind when a store that was written to
    closes, though their data is in its tables by then: two thirds of a freshly
    built store (0.7 GB of the 1.1 GB 200 articles take). RocksDB deletes them when
    the store is next opened for writing, so that is done here, at once (a tenth of
    a second), when they add up to more than :data:`SPENT_LOGS`.
    Where another process has opened the store meanwhile, nothing is done.
    """
    with contextlib.suppress(OSError):
        logs = sum(
            entry.stat().st_size
            for entry in os.scandir(path)
            if entry.name.endswith(".log") and entry.is_file()
        )
        if logs <= SPENT_LOGS:
            return False
        try:
            store = ox.Store(str(path))
        except (OSError, RuntimeError):  # locked by a writer, or being rewritten
            return False
        del store
        return True
    return False


def drop_kg_files(path: Path) -> None:
    """Remove kg's own files from a store directory (:data:`KG_FILES`): after a write
    they describe the store as it was."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(path):
            if entry.name.startswith(KG_FILES) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _plain(node: Any) -> Any:
    if isinstance(node, Literal) and node.datatype == _XSD_STRING:
        return Literal(str(node))
    return node


def plain_literal_store(store: ox.Store) -> Any:
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


def nquads(writes: list[Write]) -> tuple[bytes, list[ox.Quad]]:
    """N-Quads text of the writes' quads but their ``kg:graphHash`` ones, and those apart."""
    text: dict[object, str] = {}
    hashes: list[ox.Quad] = []
    lines: list[str] = []
    for write in writes:
        graph = ox.NamedNode(str(write.graph))
        tail = f" {graph} .\n"
        for s, p, o in write.triples:
            if p == GRAPH_HASH:
                hashes += [ox.Quad(s, p, o, graph), ox.Quad(s, p, o)]
                continue
            parts = []
            for term in (s, p, o):
                if (written := text.get(term)) is None:
                    written = text[term] = str(term)
                parts.append(written)
            body = " ".join(parts)
            lines += [body + tail, body + " .\n"]
    return "".join(lines).encode("utf-8"), hashes


class OxigraphBackend:
    """A ``kg.store.backend.Backend`` over a ``pyoxigraph.Store``.

    Args:
        store: the store (``open_oxigraph`` for a directory, ``ox.Store()`` in memory).
        location: the directory (None: in memory).
        read_only: refuse writes (a store opened with ``open_oxigraph(read_only=True)``).
    """

    def __init__(
        self, store: ox.Store, *, location: Path | None = None, read_only: bool = False
    ) -> None:
        self._store: ox.Store | None = store
        self.location = location
        self.read_only = read_only
        # pyoxigraph releases the GIL while it loads, and a Store is safe to share.
        self.concurrent_inserts = True
        self._dataset: Dataset | None = None
        #: A read-only store's files as they were when it was opened (None: they changed
        #: while it opened, or it is not a read-only store): what its reads are of.
        self.signature: Signature | None = None

    @classmethod
    def open(cls, path: Path | None, *, read_only: bool = False) -> OxigraphBackend:
        """A backend in memory (``path`` None) or on a store directory (created if missing).

        Raises:
            StoreLockedError: another process writes to the store.
            StoreError: not a store, or an in-memory store asked for ``read_only``.
        """
        if path is None:
            if read_only:
                raise StoreError("an in-memory store cannot be opened read-only")
            return cls(ox.Store())
        before = store_signature(path) if read_only else None
        backend = cls(open_oxigraph(path, read_only=read_only), location=path, read_only=read_only)
        if read_only and store_signature(path) == before:
            backend.signature = before
        return backend

    @property
    def where(self) -> str:
        return "memory" if self.location is None else str(self.location)

    @property
    def closed(self) -> bool:
        return self._store is None

    @property
    def store(self) -> ox.Store:
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

            self._dataset = Dataset(store=plain_literal_store(self.store))
        return self._dataset

    def close(self) -> None:
        if self._store is not None:
            written = None if self.read_only else self.location  # a directory written to
            if written is not None:
                self._store.flush()
            self._store = None
            self._dataset = None
            if written is not None:
                drop_spent_logs(written)
                drop_kg_files(written)

    def check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store is open read-only: {self.where}")
        self.store  # noqa: B018  (raises when closed)

    # ------------------------------------------------------------ reading

    def select(self, sparql: str, prefixes: Mapping[str, str]) -> list[dict[str, Any]]:
        return [python_values(row) for row in select_dicts(self.store, sparql, prefixes=prefixes)]

    def has_graph(self, iri: URIRef) -> bool:
        return bool(self.store.contains_named_graph(ox.NamedNode(str(iri))))

    def graphs_of(self, doc_id: str) -> list[URIRef]:
        pattern = self.store.quads_for_pattern(None, _IDENTIFIER, ox.Literal(clean_text(doc_id)))
        return sorted(
            {
                URIRef(q.subject.value)
                for q in pattern
                if isinstance(q.subject, ox.NamedNode) and q.subject == q.graph_name
            }
        )

    def all_graphs(self) -> set[URIRef] | None:
        return {URIRef(g.value) for g in self.store.named_graphs()}

    def stored_hash(self, graph: URIRef) -> str | None:
        node = ox.NamedNode(str(graph))
        for quad in self.store.quads_for_pattern(node, GRAPH_HASH, None, node):
            return str(getattr(quad.object, "value", ""))
        return None

    def run(self, request: QueryRequest) -> QueryResult:
        return execute(
            self.store, request.checked, prefixes=request.prefixes,
            init_bindings=request.init_bindings, timeout=request.timeout, limit=request.limit,
        )  # fmt: skip

    def named_quads(self) -> Iterator[ox.Quad]:
        store = self.store
        for graph in sorted(store.named_graphs(), key=str):
            yield from store.quads_for_pattern(None, None, None, graph)

    def union_triples(self) -> Iterator[ox.Triple]:
        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield quad.triple

    def default_only_triples(self) -> Iterator[ox.Triple]:
        result = self.store.query(DEFAULT_ONLY_QUERY)
        assert isinstance(result, ox.QueryTriples)
        yield from result

    # ------------------------------------------------------------ writing

    def insert(self, writes: list[Write]) -> None:
        """Add new documents' graphs (and their union triples).

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
            _write(lambda: store.load(data, format=ox.RdfFormat.N_QUADS))
            return
        _write(lambda: store.bulk_load(data, ox.RdfFormat.N_QUADS))
        _write(lambda: store.extend(hashes))

    def insert_quads(self, quads: list[ox.Quad]) -> None:
        store = self.store
        _write(lambda: store.extend(quads))

    def update(self, sparql: str) -> None:
        store = self.store
        _write(lambda: store.update(sparql))


def _write(write: Callable[[], None]) -> None:
    try:
        write()
    except (OSError, SyntaxError, ValueError) as err:
        raise StoreError(f"cannot write to the store: {err}") from err
