"""The whole view's skeleton kept in a read-only store's directory, for the next opening.

Reading a store's skeleton (:func:`kg.store.skeleton.skeleton`) takes a second
or more on a few hundred articles, and every ``kg render`` of the whole graph,
every ``kg serve`` start paid it again. The first read-only opening that reads
it writes it beside RocksDB's files (``kg-skeleton-all.json``,
``kg-skeleton-asserted.json``), with the store's signature
(:func:`kg.store.oxigraph.store_signature`: every file's name, size and time).
A later opening uses the file only when the store's files are still exactly
those: any write changes them, and a writable store that closes removes kg's
files (:func:`kg.store.oxigraph.drop_kg_files`). A file that does not parse,
or does not hold what it should, is read around (and written anew).

The file is JSON: a store directory from elsewhere can give a wrong picture of
itself, as its own quads can, but never runs code.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.model import ENTITY_TYPES
from kg.store import network

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph
    from kg.store.oxigraph import Signature

FORMAT = 1
# Every entity of a class of the ontology, as ``to_networkx`` makes nodes of them.
TYPED = (
    network._PREFIXES
    + "SELECT DISTINCT ?e WHERE { GRAPH ?g {\n"
    + f"  VALUES ?class {{ {' '.join(f'kg:{t}' for t in ENTITY_TYPES)} }}\n"
    + "  ?e a ?class } }"
)
#: What :func:`load` gives where no file answers for the store as it is.
MISSING: Any = object()


def _where(graph: KnowledgeGraph, include_hedged: bool) -> tuple[Path, Signature] | None:
    """The file of this kind of skeleton, and the signature of the store as opened
    (:func:`kg.store.oxigraph.kept_file`)."""
    from kg.store.oxigraph import kept_file

    return kept_file(
        graph.backend, "kg-skeleton-all.json" if include_hedged else "kg-skeleton-asserted.json"
    )


def load(graph: KnowledgeGraph, include_hedged: bool) -> Parts | None:
    """The skeleton kept for this store as it was opened, as :class:`Parts` (None: it
    has none, as for a store whose statements end in literals), else :data:`MISSING`."""
    where = _where(graph, include_hedged)
    if where is None:
        return MISSING  # type: ignore[no-any-return]
    path, signature = where
    try:
        with path.open("rb") as file:
            data = json.load(file)
        if data["format"] != FORMAT or data["include_hedged"] is not include_hedged:
            return MISSING  # type: ignore[no-any-return]
        if [tuple(entry) for entry in data["signature"]] != list(signature):
            return MISSING  # type: ignore[no-any-return]  # the store before a write
        return None if data["none"] else _parts(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AssertionError):
        return MISSING  # type: ignore[no-any-return]


class Parts(NamedTuple):
    """A skeleton's own parts (``kg.store.skeleton.Skeleton``'s attributes of the same
    names): the rest is computed from them."""

    order: list[str]
    typed: set[str]
    edges: list[tuple[str, str, str]]
    events: dict[str, list[str]]


def _parts(data: dict[str, Any]) -> Parts:
    nodes: list[str] = data["nodes"]
    assert all(isinstance(n, str) for n in nodes)
    edges = []
    for st, si, oi in data["edges"]:
        assert isinstance(st, str) and si >= 0 and oi >= 0
        edges.append((st, nodes[si], nodes[oi]))
    events = {}
    for si, statements in data["events"]:
        assert si >= 0 and all(isinstance(st, str) for st in statements)
        events[nodes[si]] = list(statements)
    order = nodes[: data["order"]]
    assert len(order) == data["order"]
    known = set(order)
    assert all(s in known and o in known for _, s, o in edges)  # each end has a degree
    return Parts(order, {nodes[i] for i in data["typed"] if i >= 0}, edges, events)


def parts_of(
    rows: Iterable[tuple[str, str, str | None]], typed: set[str], include_hedged: bool
) -> Parts:
    """The skeleton's parts from the statements of the view (statement, subject, object or
    None; each once, as read) and the entities of a class, in ``to_networkx``'s order."""
    order = sorted(typed)
    seen = set(typed)
    edges: dict[tuple[str, str, str], None] = {}  # in order, each once
    events: dict[str, list[str]] = {}
    for st, s, o in sorted(rows, key=lambda row: row[0]):
        for node in (s, o):
            if node is not None and node not in seen:
                seen.add(node)
                order.append(node)
        if o is None:
            events.setdefault(s, []).append(st)
        else:
            edges.setdefault((st, s, o))
    if not include_hedged:  # as network_of: a node no asserted statement joins is left out
        joined = {node for _, s, o in edges for node in (s, o)}
        order = [n for n in order if n in joined]
    return Parts(order, typed, list(edges), events)


def save(graph: KnowledgeGraph, include_hedged: bool, bones: Parts | None) -> bool:
    """Keep ``bones`` (a skeleton's :class:`Parts`, or None) for the next opening of this
    store; whether it was written (not where the store changed since it was opened, nor
    where its directory refuses)."""
    from kg.store.oxigraph import store_signature

    where = _where(graph, include_hedged)
    if where is None:
        return False
    path, signature = where
    if store_signature(path.parent) != signature:
        return False  # written to since: these bones are of an older store
    data: dict[str, Any] = {
        "format": FORMAT, "include_hedged": include_hedged,
        "signature": [list(entry) for entry in signature], "none": bones is None,
    }  # fmt: skip
    if bones is not None:
        nodes = list(bones.order)
        index = {node: i for i, node in enumerate(nodes)}
        for node in (*sorted(bones.typed), *bones.events):
            if node not in index:
                index[node] = len(nodes)
                nodes.append(node)
        data |= {
            "nodes": nodes,
            "order": len(bones.order),
            "typed": sorted(index[n] for n in bones.typed),
            "edges": [[st, index[s], index[o]] for st, s, o in bones.edges],
            "events": [[index[n], statements] for n, statements in bones.events.items()],
        }
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError:  # a directory kg may not write to
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, separators=(",", ":"))
        os.chmod(name, 0o644)  # as RocksDB's own files: readable by whoever reads the store
        os.replace(name, path)  # whole or not at all, for a reader at the same time
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)
        return False
    return True
