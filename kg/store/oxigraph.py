"""Oxigraph plumbing of ``kg.store.graph``: opening, the SPARQL updates kg writes, write batches.

Every term that goes into an update text is written by Oxigraph (``str`` of a
pyoxigraph term), so names and text from documents are escaped, never pasted.

Example:
    >>> drop_graph_update(URIRef("urn:g")).splitlines()[-1]
    'DROP SILENT GRAPH <urn:g>'
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import StoreError, StoreLockedError
from kg.rdf.namespaces import KG

_XSD_STRING = XSD.string
GRAPH_HASH = ox.NamedNode(str(KG.graphHash))


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


def store_signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What a store directory's files look like now: (name, size, mtime) of each.

    A write changes it (RocksDB appends to its log, writes new tables, renames its
    manifest); nothing else does. ``kg serve`` compares it to reopen a changed store.

    Example:
        >>> import tempfile
        >>> store_signature(Path(tempfile.mkdtemp()))
        ()
    """
    entries = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(path):
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                entries.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))


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
