"""The statements' rows kept in a store's directory: what a view's page is filled from.

A view draws a few hundred nodes but writes every edge among them with its
relation, confidence, polarity, modality, attribution, time, sentence and
document (:func:`kg.store.described.statement_rows`). Read from Oxigraph, that is
a dozen quads a statement, then its sentence's and relation's, then its
document's: two seconds for the 3,000 edges of a 2-hop page on 200 articles.
:func:`keep` reads them all once, by predicate (a scan of each of Oxigraph's
indexes, not a lookup a statement), joins them with the same code, and writes
them into ``kg-facts.sqlite`` beside RocksDB's files, with the store's
signature (:func:`kg.store.oxigraph.store_signature`). :func:`rows` then answers
from the file, one indexed lookup a statement, while the store's files are
still exactly those: any write changes them, and a writable store that closes
removes kg's files (:func:`kg.store.oxigraph.drop_kg_files`).

The same reading gives every statement's ends: :func:`keep` also keeps both kinds of
the whole view's skeleton (:mod:`kg.store.skeleton_file`), which an opening would
otherwise read by SPARQL the first time it draws the whole graph or a far
neighbourhood; each node's part of both skeletons (:func:`joins`: its place, edges
and events), which a neighbourhood of a new opening is read from node by node as its
hops reach them (``kg.store.skeleton.Near``); and each node's names, both as read
(:func:`names`) and as a view's outline has them (:func:`outlined`: its label, class
and aliases, chosen once here instead of for each of the thousands of nodes a far
neighbourhood reaches).

``kg build``, ``kg import`` and ``kg remove`` keep the file as they finish, ``kg serve``
as it warms up; a library user calls :func:`keep` on a read-only opening.
Opening a store never writes it: reading every statement is a whole-store scan
(15 s on 200 articles here), too much to add to a first ``kg render``.

The file is opened read-only and immutable, and holds JSON text: a store
directory from elsewhere can give a wrong picture of itself, as its own quads
can, but never runs code. A file that does not open, or does not name this
store's signature and format, is read around.

Example:
    >>> import tempfile
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> path = tempfile.mkdtemp() + "/store"
    >>> with KnowledgeGraph.open(path) as graph:
    ...     _ = graph.add(DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob")]))
    >>> with KnowledgeGraph.open(path, read_only=True) as graph:
    ...     keep(graph)
    ...     [st] = [str(r["st"]) for r in graph._select("SELECT ?st { ?st a kg:Statement }")]
    ...     [(r["label"], r["doc"]) for r in rows(graph, [st], include_hedged=True)]
    1
    [('meet', 'd1')]
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from kg.model import ENTITY_TYPES
from kg.rdf import vocabulary as v
from kg.rdf.namespaces import KG
from kg.store.labels import Outlined, iris_by_fold, names_from, outline_names

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph
    from kg.store.oxigraph import Signature
    from kg.store.reader import LocalReader, Value
    from kg.store.skeleton_file import Parts

FORMAT = 4
NAME = "kg-facts.sqlite"
#: The named graphs read together while the file is written (the quads of a batch
#: are held in memory at once).
GRAPHS_AT_ONCE = 20
#: The most statements bound in one lookup (SQLite allows 32,766 parameters).
LOOKUP = 900

#: What a node's names are read from (``kg.store.subgraph.Network.names``).
_NAMED_BY = (v.TYPE, v.PREF_LABEL, v.ALT_LABEL)
#: The names of the name index (``kg.store.names.name_index``), and its read of the
#: default graph's (the named graphs' are read with the rest).
_LABELLED = (v.PREF_LABEL, v.ALT_LABEL)
_DEFAULT_LABELS = "SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"


def _label(predicate: ox.NamedNode, r: dict[str, dict[str, str]], *, named: bool) -> list[Any]:
    """A label quad as ``kg.store.names.Label``: pref or alt, subject IRI, text, named."""
    s, o = r["s"], r["o"]
    subject = s["value"] if s["type"] == "uri" else None
    text = o["value"] if o["type"] == "literal" else None
    return [predicate == v.PREF_LABEL, subject, text, named]


_CLASSES = " ".join(f"<{KG}{t}>" for t in ENTITY_TYPES)
_CLASSED = (
    "SELECT ?s ?o ?g WHERE {{ VALUES ?g {{ {graphs} }} VALUES ?o {{ CLASSES }} "
    "GRAPH ?g {{ ?s a ?o }} }}"
).replace("CLASSES", _CLASSES)
_SCAN = "SELECT ?s ?o ?g WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s {predicate} ?o }} }}"
_STATEMENTS = "SELECT ?s ?g WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s a {statement} }} }}"


def _where(graph: KnowledgeGraph) -> tuple[Path, Signature] | None:
    from kg.store.oxigraph import kept_file

    return kept_file(graph.backend, NAME)


def _connect(path: Path) -> sqlite3.Connection:
    # immutable: no locks, no journal; the file is only ever replaced whole (os.replace)
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)


def _answers(connection: sqlite3.Connection, signature: Signature) -> bool:
    """Whether this file holds the rows of the store as it is (its format and signature)."""
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != str(FORMAT):
        return False
    kept = json.loads(meta.get("signature", "null"))
    return isinstance(kept, list) and [tuple(entry) for entry in kept] == list(signature)


#: Each table's key and value columns.
_COLUMNS = {
    "facts": ("st", "rows"),
    "names": ("node", "terms"),
    "outlines": ("node", "outline"),
    "events": ("node", "sts"),
    "blobs": ("name", "value"),
    "folds": ("key", "iris"),
    "joins": ("node", "joins"),
}


def _lookup(graph: KnowledgeGraph, table: str, keys: Sequence[str]) -> dict[str, str] | None:
    """The JSON text kept for these keys in one of the file's tables (``facts``: by
    statement, ``names`` and ``events``: by node), those it holds; None where no file
    answers for the store as it is."""
    where = _where(graph)
    if where is None:
        return None
    path, signature = where
    try:
        connection = _connect(path)
    except sqlite3.Error:
        return None
    key, value = _COLUMNS[table]
    try:
        if not _answers(connection, signature):
            return None
        kept: dict[str, str] = {}
        for start in range(0, len(keys), LOOKUP):
            batch = keys[start : start + LOOKUP]
            marks = ",".join("?" * len(batch))
            sql = f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({marks})"
            kept.update(connection.execute(sql, batch))
        return kept
    except (sqlite3.Error, ValueError, TypeError):
        return None  # not a file kg wrote: read the store
    finally:
        connection.close()


def flagged_rows(
    graph: KnowledgeGraph, statements: Sequence[str]
) -> dict[str, list[tuple[bool, dict[str, Any]]]] | None:
    """Each of these statements' rows (as :func:`rows` gives them, hedged ones too), with
    whether the view without hedged statements holds it; None where no file answers."""
    kept = _lookup(graph, "facts", statements)
    if kept is None:
        return None
    found: dict[str, list[tuple[bool, dict[str, Any]]]] = {}
    try:
        for st, text in kept.items():
            mine = found[st] = []
            for asserted, row in json.loads(text):
                row["st"] = st
                mine.append((asserted is True, row))
    except (ValueError, TypeError, AttributeError):
        return None  # not a file kg wrote: read the store
    return found


def rows(
    graph: KnowledgeGraph, statements: Sequence[str], *, include_hedged: bool
) -> list[dict[str, Any]] | None:
    """The rows :func:`kg.store.described.statement_rows` gives for these statements, from
    the file kept for this store as it is; None where there is none."""
    kept = flagged_rows(graph, statements)
    if kept is None:
        return None
    return [
        row for st in statements for asserted, row in kept.get(st, ()) if include_hedged or asserted
    ]


def events(graph: KnowledgeGraph, nodes: Sequence[str]) -> list[str] | None:
    """The statements without an object whose subject is one of ``nodes`` (any graph,
    hedged ones too), by IRI; None where no file answers for the store as it is."""
    kept = _lookup(graph, "events", nodes)
    if kept is None:
        return None
    try:
        found = {st for text in kept.values() for st in json.loads(text)}
        if not all(isinstance(st, str) for st in found):
            return None
    except (ValueError, TypeError):
        return None  # not a file kg wrote: read the store
    return sorted(found)


def names(graph: KnowledgeGraph, nodes: Sequence[str]) -> dict[str, list[tuple[str, Any]]]:
    """The entity class, label and alias of those of ``nodes`` the file kept for this store
    as it is knows, as ``kg.store.subgraph.Network.names`` reads them ((predicate IRI,
    SPARQL JSON term) pairs, maybe none); the others (all, without a file) are not in the
    answer. The file knows the entities and the ends of statements."""
    kept = _lookup(graph, "names", nodes) or {}
    found: dict[str, list[tuple[str, Any]]] = {}
    try:
        for node, text in kept.items():
            terms = [(str(p), t) for p, t in json.loads(text)]
            if all(isinstance(t, dict) and isinstance(t.get("value"), str) for _, t in terms):
                found[node] = terms
    except (ValueError, TypeError):
        return {}  # not a file kg wrote: read the store
    return found


def outlined(graph: KnowledgeGraph, nodes: Sequence[str]) -> dict[str, Outlined | None]:
    """The names of those of ``nodes`` the file kept for this store as it is knows, as an
    outline has them (``kg.store.labels.outline_names``: label, class, aliases; None for a
    node of no entity class); the others (all, without a file) are not in the answer."""
    kept = _lookup(graph, "outlines", nodes) or {}
    found: dict[str, Outlined | None] = {}
    try:
        for node, text in kept.items():
            names = json.loads(text)
            if names is None:
                found[node] = None
                continue
            label, entity_type, aliases = names
            if not (
                isinstance(label, str) and isinstance(entity_type, str)
                and isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
            ):  # fmt: skip
                return {}
            found[node] = (label, entity_type, aliases)
    except (ValueError, TypeError):
        return {}  # not a file kg wrote: read the store
    return found


class Join(NamedTuple):
    """A node's part of the whole view's skeleton of one kind (:func:`joins`)."""

    #: its place in the view's order (``kg.store.skeleton.Skeleton.order``)
    place: int
    #: whether it is an entity of a class (``Skeleton.typed``)
    typed: bool
    #: its edges, each (its index in the view's edges, statement, subject, object)
    edges: list[tuple[int, str, str, str]]
    #: its statements without an object (``Skeleton.events``)
    events: list[str]


def joins(
    graph: KnowledgeGraph, nodes: Sequence[str], *, include_hedged: bool
) -> dict[str, Join | None] | None:
    """Each of ``nodes``' part of the whole view's skeleton (with hedged statements, or
    not), None for a node that is not one of that view's, from the file kept for the
    store as it is; None where none answers, or it keeps no skeleton (as for a store
    whose statements end in literals)."""
    if _lookup(graph, "blobs", ["joins"]) != {"joins": "true"}:
        return None
    kept = _lookup(graph, "joins", nodes)
    if kept is None:
        return None
    found: dict[str, Join | None] = dict.fromkeys(nodes)
    try:
        for node, text in kept.items():
            every, asserted, typed, edges, all_events, asserted_events = json.loads(text)
            place = every if include_hedged else asserted
            if place is None:
                continue  # joined by hedged statements only: not a node of the asserted view
            mine: list[tuple[int, str, str, str]] = []
            for index, st, other, flags in edges:
                if include_hedged or flags & _ASSERTED:
                    s, o = (node, other) if flags & _SUBJECT else (other, node)
                    mine.append((index, st, s, o))
            events = all_events if include_hedged else asserted_events
            join = Join(place, typed, mine, events)
            if not (
                isinstance(place, int) and isinstance(typed, bool)
                and all(isinstance(i, int) and isinstance(st, str) and isinstance(s, str)
                        and isinstance(o, str) for i, st, s, o in mine)
                and isinstance(events, list) and all(isinstance(st, str) for st in events)
            ):  # fmt: skip
                return None
            found[node] = join
    except (ValueError, TypeError):
        return None  # not a file kg wrote: read the store
    return found


def labels(graph: KnowledgeGraph) -> list[tuple[bool, str | None, str | None, bool]] | None:
    """Every label and alias quad of the store as ``kg.store.names.Label`` (what the name
    index is made of), from the file kept for the store as it is; None where none answers."""
    kept = _lookup(graph, "blobs", ["labels"])
    if not kept:
        return None
    try:
        found = [(p, s, t, n) for p, s, t, n in json.loads(kept["labels"])]
        if not all(
            isinstance(p, bool) and isinstance(n, bool)
            and (s is None or isinstance(s, str)) and (t is None or isinstance(t, str))
            for p, s, t, n in found
        ):  # fmt: skip
            return None
    except (ValueError, TypeError):
        return None  # not a file kg wrote: read the store
    return found


def named(graph: KnowledgeGraph, key: str) -> list[str] | None:
    """The entities with a label or alias whose fold (``kg.store.labels.fold``) is ``key``,
    by IRI (maybe none), from the file kept for the store as it is; None where none answers."""
    kept = _lookup(graph, "folds", [key])
    if kept is None:
        return None
    try:
        iris = json.loads(kept.get(key, "[]"))
        if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
            return None
    except ValueError:
        return None  # not a file kg wrote: read the store
    return iris


def kept(graph: KnowledgeGraph) -> bool:
    """Whether the file kept for this store answers for it as it is."""
    return _lookup(graph, "blobs", []) is not None


def keep(
    graph: KnowledgeGraph, *, progress: Callable[[int, int], None] | None = None
) -> int | None:
    """Read every statement's rows and keep them in the store's directory.

    ``graph`` must be a local store opened read-only (the file names the store's
    files as they were at that opening). ``progress(done, total)`` is called after
    each batch of named graphs. Returns the number of statements kept, or None
    where nothing was written: a store in memory, opened writable, written to while
    it was read, with blank-node graphs, or in a directory that refuses the file.
    A file that already answers for the store is kept as it is.
    """
    from kg.store.oxigraph import store_signature
    from kg.store.reader import LocalReader, reader

    where = _where(graph)
    if where is None:
        return None
    path, signature = where
    if kept(graph):
        with _connect(path) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM facts").fetchone()[0])
    read = reader(graph)
    graphs = read.graph_names() if isinstance(read, LocalReader) else None
    if graphs is None or not isinstance(read, LocalReader):
        return None
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=NAME + ".", suffix=".tmp")
    except OSError:  # a directory kg may not write to
        return None
    os.close(handle)
    try:
        count, ends = _write(read, graphs, Path(name), progress)
        parts = _skeleton_parts(read, ends)
        _write_joins(Path(name), parts)
        if store_signature(path.parent) != signature:
            raise _Stale  # written to since: these rows are of an older store
        with sqlite3.connect(name) as connection:
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("format", str(FORMAT)), ("signature", json.dumps(signature))],
            )
        connection.close()
        os.chmod(name, 0o644)  # as RocksDB's own files: readable by whoever reads the store
        os.replace(name, path)  # whole or not at all, for a reader at the same time
    except (OSError, sqlite3.Error, _Stale):
        with contextlib.suppress(OSError):
            os.unlink(name)
        return None
    if parts is not None:
        from kg.store import skeleton_file

        for kind, found in parts.items():
            skeleton_file.save(graph, kind, found)
    return count


class _Stale(Exception):
    """The store changed while its rows were read."""


def _write(
    read: LocalReader, graphs: list[str], name: Path, progress: Callable[[int, int], None] | None
) -> tuple[int, dict[bool, list[tuple[str, str, str | None]] | None]]:
    """Write the rows of every statement of ``graphs`` into the SQLite file ``name``; the
    count, and the statements' ends (as the skeleton reads them) of each kind of view
    (with hedged statements: True), None for a kind where one ends in a literal."""
    from kg.store.described import statement_rows

    connection = sqlite3.connect(name)
    ends: dict[bool, dict[tuple[str, str, str | None], None] | None] = {True: {}, False: {}}
    try:
        connection.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE facts (st TEXT PRIMARY KEY, rows TEXT) WITHOUT ROWID;"
            "CREATE TABLE names (node TEXT PRIMARY KEY, terms TEXT) WITHOUT ROWID;"
            "CREATE TABLE outlines (node TEXT PRIMARY KEY, outline TEXT) WITHOUT ROWID;"
            "CREATE TABLE events (node TEXT PRIMARY KEY, sts TEXT) WITHOUT ROWID;"
            "CREATE TABLE blobs (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
            "CREATE TABLE folds (key TEXT PRIMARY KEY, iris TEXT) WITHOUT ROWID;"
        )
        labels: list[list[Any]] = []
        events: dict[str, dict[str, None]] = {}
        named: dict[str, list[list[Any]]] = {}
        by_statement: dict[str, list[list[Any]]] = {}
        for start in range(0, len(graphs), GRAPHS_AT_ONCE):
            batch = graphs[start : start + GRAPHS_AT_ONCE]
            scanned = _Scanned(read, batch)
            for row in statement_rows(scanned, scanned.statements, include_hedged=None):
                asserted, st = row.pop("_asserted"), row.pop("st")
                by_statement.setdefault(st, []).append([asserted, row])
                if row.get("o") is None:
                    events.setdefault(str(row["s"]), {})[st] = None
                for kind in (True, False) if asserted else (True,):
                    found = ends[kind]
                    if found is not None and st in scanned.literal_ended:
                        ends[kind] = None  # to_networkx makes a node of a literal's text
                    elif found is not None:
                        found.setdefault((st, row["s"], row.get("o")))
            for node, terms in scanned.names().items():
                named.setdefault(node, []).extend(terms)
            labels += scanned.labels()
            if progress is not None:
                progress(min(start + GRAPHS_AT_ONCE, len(graphs)), len(graphs))
        # A statement in two graphs has the rows of each, in the order of the graphs' IRIs
        # (as statement_rows reads them): the batches are in that order.
        connection.executemany(
            "INSERT INTO facts VALUES (?, ?)",
            ((st, json.dumps(found, separators=(",", ":"))) for st, found in by_statement.items()),
        )
        queries = [_DEFAULT_LABELS.format(predicate=p) for p in _LABELLED]
        for predicate, rows in zip(_LABELLED, read._bindings(queries), strict=True):
            labels += [_label(predicate, r, named=False) for r in rows]
        connection.execute(
            "INSERT INTO blobs VALUES ('labels', ?)", (json.dumps(labels, separators=(",", ":")),)
        )
        by_fold = iris_by_fold(names_from(tuple(label) for label in labels))
        connection.executemany(
            "INSERT INTO folds VALUES (?, ?)",
            ((key, json.dumps(iris, separators=(",", ":"))) for key, iris in by_fold.items()),
        )
        connection.executemany(
            "INSERT INTO events VALUES (?, ?)",
            ((n, json.dumps(list(sts), separators=(",", ":"))) for n, sts in events.items()),
        )
        connection.executemany(
            "INSERT INTO names VALUES (?, ?)",
            ((n, json.dumps(terms, separators=(",", ":"))) for n, terms in named.items()),
        )
        connection.executemany(
            "INSERT INTO outlines VALUES (?, ?)",
            (
                (n, json.dumps(outline_names(n, [(p, t) for p, t in terms]), separators=(",", ":")))
                for n, terms in named.items()
            ),
        )
        connection.commit()
    finally:
        connection.close()
    return len(by_statement), {k: None if e is None else list(e) for k, e in ends.items()}


def _skeleton_parts(
    read: LocalReader, ends: dict[bool, list[Any] | None]
) -> dict[bool, Parts | None] | None:
    """Both kinds of the whole view's skeleton (:mod:`kg.store.skeleton_file`; with
    hedged statements: True) from the statements' ends just read and the entities of a
    class; None where the entities do not read as IRIs."""
    from kg.store import skeleton_file

    entities = read.iris(skeleton_file.TYPED)
    if entities is None:
        return None
    typed = {e for (e,) in entities if e is not None}
    return {
        kind: None if found is None else skeleton_file.parts_of(found, set(typed), kind)
        for kind, found in ends.items()
    }


def _write_joins(name: Path, parts: dict[bool, Parts | None] | None) -> None:
    """Each node's part of both skeletons (its place in each view's order, whether it is
    an entity of a class, its edges and events), for a neighbourhood to read without
    the rest (:func:`joins`); none where a kind has no skeleton."""
    connection = sqlite3.connect(name)
    try:
        connection.execute("CREATE TABLE joins (node TEXT PRIMARY KEY, joins TEXT) WITHOUT ROWID")
        if parts is not None and parts[True] is not None and parts[False] is not None:
            connection.executemany(
                "INSERT INTO joins VALUES (?, ?)",
                ((n, json.dumps(row, separators=(",", ":"))) for n, row in _joins(parts).items()),
            )
            connection.execute("INSERT INTO blobs VALUES ('joins', 'true')")
        connection.commit()
    finally:
        connection.close()


def _joins(parts: dict[bool, Parts | None]) -> dict[str, list[Any]]:
    """Each node of the whole view (with hedged statements) as :func:`joins` reads it."""
    every, asserted = parts[True], parts[False]
    assert every is not None and asserted is not None
    place = {node: index for index, node in enumerate(asserted.order)}
    in_asserted = set(asserted.edges)
    rows: dict[str, list[Any]] = {
        node: [index, place.get(node), node in every.typed, [], every.events.get(node, []),
               asserted.events.get(node, [])]
        for index, node in enumerate(every.order)
    }  # fmt: skip
    for index, edge in enumerate(every.edges):
        st, s, o = edge
        flags = _ASSERTED if edge in in_asserted else 0
        rows[s][3].append([index, st, o, flags | _SUBJECT])
        if o != s:
            rows[o][3].append([index, st, s, flags])
    return rows


#: A join's flags (:func:`joins`): the node is the edge's subject; the edge is asserted.
_SUBJECT, _ASSERTED = 1, 2


class _Scanned:
    """A :class:`kg.store.reader.Reader`'s ``about_values`` over some named graphs, from
    a scan of each predicate that :func:`kg.store.described.statement_rows` reads."""

    def __init__(self, read: LocalReader, graphs: list[str]) -> None:
        from kg.store.described import ROW_PREDICATES

        values = " ".join(str(ox.NamedNode(g)) for g in graphs)
        queries = [_SCAN.format(graphs=values, predicate=p) for p in ROW_PREDICATES]
        queries.append(_STATEMENTS.format(graphs=values, statement=v.STATEMENT))
        queries += [
            _CLASSED.format(graphs=values),
            *(_SCAN.format(graphs=values, predicate=p) for p in (v.PREF_LABEL, v.ALT_LABEL)),
        ]
        predicates = [p.value for p in ROW_PREDICATES] + [v.TYPE.value]
        self.facts: dict[tuple[str, str], dict[str, list[dict[str, str]]]] = {}
        self.graphs: dict[str, list[str]] = {}
        typed: dict[str, None] = {}
        statement = {"type": "uri", "value": v.STATEMENT.value}
        answers = read._bindings(queries)
        self._names = answers[len(predicates) :]
        for predicate, found in zip(predicates, answers[: len(predicates)], strict=True):
            for r in found:
                subject, graph = r["s"]["value"], r["g"]["value"]
                key = (subject, graph)
                known = self.facts.get(key)
                if known is None:
                    known = self.facts[key] = {}
                    self.graphs.setdefault(subject, []).append(graph)
                known.setdefault(predicate, []).append(r.get("o", statement))
                if predicate == v.TYPE.value:
                    typed[subject] = None
        self.statements = sorted(typed)
        self.typed = set(typed)
        ends = (v.SUBJECT.value, v.OBJECT.value)
        self.literal_ended = {
            subject
            for (subject, _), known in self.facts.items()
            if any(t["type"] == "literal" for p in ends for t in known.get(p, ()))
        }

    def names(self) -> dict[str, list[list[Any]]]:
        """The entity class, label and alias quads of these graphs ([predicate IRI, SPARQL
        JSON term] by subject), and every IRI that ends a statement here (with none, where
        it has none here): a node's names are those of all the graphs."""
        found: dict[str, list[list[Any]]] = {}
        for predicate, rows in zip(_NAMED_BY, self._names, strict=True):
            for r in rows:
                if r["s"]["type"] == "uri":  # a blank node is no node a view names
                    found.setdefault(r["s"]["value"], []).append([predicate.value, r["o"]])
        kept = found
        for (st, _), known in self.facts.items():
            if st in self.typed:
                for p in (v.SUBJECT.value, v.OBJECT.value):
                    for t in known.get(p, ()):
                        if t["type"] == "uri":
                            kept.setdefault(t["value"], [])
        return kept

    def labels(self) -> list[list[Any]]:
        """The label and alias quads of these graphs, as ``kg.store.names.Label``."""
        found = []
        for predicate, rows in zip(_NAMED_BY, self._names, strict=True):
            if predicate in _LABELLED:
                found += [_label(predicate, r, named=True) for r in rows]
        return found

    def about_values(
        self, subjects: Iterable[str | tuple[str, str]], *, predicates: Iterable[ox.NamedNode] = ()
    ) -> list[Value]:
        only = [p.value for p in predicates]
        found: list[Value] = []
        for item in dict.fromkeys(subjects):
            keys = (
                [item]
                if isinstance(item, tuple)
                else [(item, g) for g in self.graphs.get(item, ())]
            )
            for subject, graph in keys:
                known = self.facts.get((subject, graph), {})
                for predicate in only:
                    found.extend((subject, graph, predicate, o) for o in known.get(predicate, ()))
        return found
