"""The whole view's structure, read without its names: which statements join which nodes.

A ranked whole-graph page draws a few hundred of a store's tens of thousands of
entities. To pick them it needs every node's degree and neighbours, but the
names (label, class, aliases) only of the nodes it ranks near the top and of
those it draws. :func:`skeleton` reads the first in two ``SELECT``s, the same
statements :func:`kg.store.network.to_networkx` makes edges of (``outline=True``),
and :meth:`Skeleton.names` the second, for the nodes asked.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person"),
    ...                                         Triple("Ann", "call", "Cy", "Person", "Person")]))
    >>> bones = skeleton(graph)
    >>> [(bones.names([n])[n]["label"], bones.degree[n]) for n in bones.order]
    [('Ann', 2), ('Bob', 1), ('Cy', 1)]
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.store import network, skeleton_file
from kg.store.labels import outline_attrs
from kg.store.subgraph import Fill, Network

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph
    from kg.store.skeleton_file import Parts


@dataclass
class Skeleton:
    """The whole view's nodes and edges, without names (see the module docstring).

    Attributes:
        order: every node, in the order of ``to_networkx``'s view (entities by IRI,
            then the other ends of statements as they come, statements by IRI).
        degree: every node's degree there (a self-loop counts twice).
        edges: every edge (statement IRI, subject, object), by statement IRI.
        at: each node's edges, as indexes into ``edges``.
        typed: the nodes that are entities of a class (the others are bare IRIs).
        events: each node's statements without an object, by IRI.
    """

    graph: KnowledgeGraph
    include_hedged: bool
    order: list[str] = field(default_factory=list)
    degree: dict[str, int] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    at: dict[str, list[int]] = field(default_factory=dict)
    typed: set[str] = field(default_factory=set)
    events: dict[str, list[str]] = field(default_factory=dict)
    _network: Network | None = None
    _named: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    @classmethod
    def of(cls, graph: KnowledgeGraph, include_hedged: bool, parts: Parts) -> Skeleton:
        """The skeleton of these parts (as :func:`kg.store.skeleton_file.load` gives them):
        each node's edges and degree counted from its edges."""
        bones = cls(graph, include_hedged, order=parts.order, typed=parts.typed)
        bones.events = parts.events
        bones.degree = dict.fromkeys(parts.order, 0)
        for st, s, o in parts.edges:
            bones.at.setdefault(s, []).append(len(bones.edges))
            if o != s:
                bones.at.setdefault(o, []).append(len(bones.edges))
            bones.edges.append((st, s, o))
            bones.degree[s] += 1
            bones.degree[o] += 1
        return bones

    @property
    def net(self) -> Network:
        """The reads of the nodes' names and of the statements' attributes."""
        if self._network is None:
            self._network = Network(self.graph, self.include_hedged, 0.0)
        return self._network

    def _reach(self, nodes: Iterable[str]) -> None:
        """Know these nodes' edges (a whole skeleton knows every node's)."""

    def _positions(self) -> dict[str, int]:
        """Each node's place in :attr:`order`."""
        return {node: index for index, node in enumerate(self.order)}

    def neighbours(self, node: str) -> set[str]:
        """The nodes an edge joins to ``node`` (itself, for a self-loop)."""
        found = set()
        for index in self.at.get(node, ()):
            _, s, o = self.edges[index]
            found.add(o if s == node else s)
        return found

    def names(self, nodes: Iterable[str]) -> dict[str, dict[str, Any]]:
        """These nodes' ``label``, ``type``, ``aliases``, ``iri`` (and empty ``events``), as the
        outline has them; each entity's read once."""
        wanted = list(dict.fromkeys(nodes))
        unread = [n for n in wanted if n not in self._named]
        typed = [n for n in unread if n in self.typed]
        named = self.net.outlined(typed) if typed else {}
        for node in unread:  # else a bare IRI, as to_networkx makes a node of a statement's end
            self._named[node] = outline_attrs(node, named.get(node))
        return {node: self._named[node] for node in wanted}

    def filler(self, part: nx.MultiDiGraph) -> Fill:
        """What fills some nodes of ``part`` (an :meth:`outline`): the statements at its
        nodes are known here, so only their attributes are read."""
        from kg.store.subgraph import _Statement

        net = self.net
        for node in part:
            if node in net.touching:
                continue
            at: list[tuple[str, str, str | None]] = [self.edges[i] for i in self.at.get(node, ())]
            at += [(st, node, None) for st in self.events.get(node, ())]
            net.touching[node] = {st for st, _, _ in at}
            for st, s, o in at:
                net.statements.setdefault(st, _Statement(s, o, None))  # no confidence: none asked
        return net.filler(part)

    def neighbourhood(self, nodes: Iterable[str], *, hops: int) -> tuple[nx.MultiDiGraph, Fill]:
        """``kg.store.subgraph.neighbourhood_outline`` (no ``min_confidence``) from here: the
        nodes within ``hops`` edges of ``nodes``, in the whole view's order, and their fill
        (which takes :attr:`lock` itself)."""
        with self.lock:
            nodes = list(nodes)
            self._reach(nodes)
            seen = {node for node in nodes if node in self.degree}
            frontier = set(seen)
            for _ in range(hops):
                self._reach(frontier)
                frontier = {m for n in frontier for m in self.neighbours(n)} - seen
                if not frontier:
                    break
                seen |= frontier
            self._reach(seen)  # the edges among the last hop's nodes
            part = self.outline(seen)
            fill = self.filler(part)

        def locked(part_nodes: Collection[Hashable]) -> nx.MultiDiGraph:
            with self.lock:
                return fill(part_nodes)

        return part, locked

    def outline(self, nodes: Collection[str]) -> nx.MultiDiGraph:
        """The whole view's outline (``to_networkx(..., outline=True)``) restricted to these
        nodes: their names, the edges among them, in the whole outline's order."""
        import networkx as nx

        keep = set(nodes)
        position = self._positions()
        part = nx.MultiDiGraph()
        for node, attrs in sorted(self.names(keep).items(), key=lambda kv: position[kv[0]]):
            part.add_node(node, **attrs)
        among = sorted({i for n in keep for i in self.at.get(n, ())})
        for index in among:
            st, s, o = self.edges[index]
            if s in keep and o in keep:
                part.add_edge(s, o, key=st)
        return part


class Near(Skeleton):
    """The whole view's skeleton around some nodes, each node's part read from the views'
    index (:func:`kg.store.facts_file.joins`) as a hop reaches it: what one neighbourhood
    of a new opening is drawn from, instead of the whole skeleton's file. Its
    :attr:`order` is empty; :attr:`edges` holds the edges read, by their index in the
    whole skeleton's (a dict)."""

    edges: dict[int, tuple[str, str, str]]  # type: ignore[assignment]

    def __init__(self, graph: KnowledgeGraph, include_hedged: bool) -> None:
        super().__init__(graph, include_hedged)
        self.edges = {}
        self.place: dict[str, int] = {}
        self.read: set[str] = set()  # nodes asked for, of the view or not

    def _reach(self, nodes: Iterable[str]) -> None:
        from kg.store import facts_file

        wanted = sorted(set(nodes) - self.read)
        if not wanted:
            return
        found = facts_file.joins(self.graph, wanted, include_hedged=self.include_hedged)
        if found is None:  # the file went or broke since the first read: read the store
            raise NearBroken
        self.read.update(wanted)
        for node, join in found.items():
            if join is None:
                continue
            self.place[node] = join.place
            if join.typed:
                self.typed.add(node)
            if join.events:
                self.events[node] = list(join.events)
            at = self.at.setdefault(node, [])
            degree = 0
            for index, st, s, o in join.edges:
                self.edges[index] = (st, s, o)
                at.append(index)
                degree += 2 if s == o else 1
            self.degree[node] = degree

    def _positions(self) -> dict[str, int]:
        return self.place


class NearBroken(Exception):
    """The views' index no longer answers for a :class:`Near` skeleton's store."""


def near(graph: KnowledgeGraph, *, include_hedged: bool = True) -> Near | None:
    """A :class:`Near` skeleton of ``graph``, where the store's views' index keeps its
    parts (:mod:`kg.store.facts_file`); None where it does not."""
    from kg.store import facts_file

    if facts_file.joins(graph, [], include_hedged=include_hedged) is None:
        return None
    return Near(graph, include_hedged)


_CACHE: weakref.WeakKeyDictionary[KnowledgeGraph, dict[bool, Skeleton | None]] = (
    weakref.WeakKeyDictionary()
)
_READING: weakref.WeakKeyDictionary[KnowledgeGraph, dict[bool, threading.Lock]] = (
    weakref.WeakKeyDictionary()
)
_CACHE_LOCK = threading.Lock()


def skeleton(graph: KnowledgeGraph, *, include_hedged: bool = True) -> Skeleton | None:
    """The whole view's structure (``network_of(graph, include_hedged=...)``'s nodes and
    edges): two ``SELECT``s, of the statements' ends and of the entities; None when a
    statement's end is a literal (``to_networkx`` makes a node of its text).

    Kept (with the names read of it) while a read-only local store is open: it
    cannot change; read once, callers at the same time waiting for it (``kg serve``
    reads it as it starts), and kept in the store's directory for its next opening
    (:mod:`kg.store.skeleton_file`). Hold :attr:`Skeleton.lock` while using a kept one.
    """
    from kg.store.reader import LocalReader, reader

    if not (graph.read_only and isinstance(reader(graph), LocalReader)):
        return _read(graph, include_hedged)
    return _kept(graph, include_hedged, read=True)


def _kept(graph: KnowledgeGraph, include_hedged: bool, *, read: bool) -> Skeleton | None:
    """The kept skeleton: in memory, else from the store's file, else (``read``) read and
    kept; :data:`skeleton_file.MISSING` where there is none and ``read`` is false."""
    with _CACHE_LOCK:
        reading = _READING.setdefault(graph, {}).setdefault(include_hedged, threading.Lock())
    with reading:
        with _CACHE_LOCK:
            kept = _CACHE.setdefault(graph, {})
            if include_hedged in kept:
                return kept[include_hedged]
        parts = skeleton_file.load(graph, include_hedged)
        if parts is skeleton_file.MISSING:
            if not read:
                return skeleton_file.MISSING  # type: ignore[return-value]
            bones = _read(graph, include_hedged)
            kept_parts = None if bones is None else skeleton_file.Parts(
                bones.order, bones.typed, bones.edges, bones.events
            )  # fmt: skip
            skeleton_file.save(graph, include_hedged, kept_parts)
        else:
            bones = None if parts is None else Skeleton.of(graph, include_hedged, parts)
        with _CACHE_LOCK:
            return _CACHE.setdefault(graph, {}).setdefault(include_hedged, bones)


def kept(
    graph: KnowledgeGraph, *, include_hedged: bool = True, from_file: bool = False
) -> Skeleton | None:
    """The skeleton :func:`skeleton` keeps for ``graph`` in memory, where one was read
    (none is read here), or (``from_file``) the one kept in the store's directory:
    what a neighbourhood is cheapest read from."""
    from kg.store.reader import LocalReader, reader

    with _CACHE_LOCK:
        bones = _CACHE.get(graph, {}).get(include_hedged, skeleton_file.MISSING)
    missing = bones is skeleton_file.MISSING and from_file and graph.read_only
    if missing and isinstance(reader(graph), LocalReader):  # a file only beside a local store
        bones = _kept(graph, include_hedged, read=False)
    return None if bones is skeleton_file.MISSING else bones


def _read(graph: KnowledgeGraph, include_hedged: bool) -> Skeleton | None:
    from kg.store.reader import reader

    asserted = ""
    if not include_hedged:
        asserted = "OPTIONAL { ?st kg:asserted ?asserted } FILTER(BOUND(?asserted) && ?asserted)"
    read = reader(graph)
    query = network._OUTLINE_EDGES.replace("ASSERTED", asserted)
    *parts, entities = read.iris_many([*_by_graph(query, read.graph_names()), skeleton_file.TYPED])
    if entities is None or any(part is None for part in parts):
        return None
    # a statement in two graphs comes once from the one query, once from each part
    rows = list(dict.fromkeys(row for part in parts for row in part or ()))
    typed = {e for (e,) in entities if e is not None}
    found = skeleton_file.parts_of(rows, typed, include_hedged)  # type: ignore[arg-type]
    return Skeleton.of(graph, include_hedged, found)


#: Into how many queries the statements are read, each over some of the named graphs:
#: two run side by side in about 70% of the time of one (four or eight, no faster).
PARTS = 2


def _by_graph(sparql: str, graphs: list[str] | None) -> list[str]:
    """``sparql`` (whose pattern starts ``GRAPH ?g {``) as :data:`PARTS` queries, each over a
    share of ``graphs``; as itself where the graphs are not known or too few."""
    if graphs is None or len(graphs) < PARTS:
        return [sparql]
    head, pattern = sparql.split("GRAPH ?g {", 1)
    size = -(-len(graphs) // PARTS)
    return [
        f"{head}VALUES ?g {{ {' '.join(map(str, share))} }}\nGRAPH ?g {{{pattern}"
        for share in (
            [ox.NamedNode(g) for g in graphs[i : i + size]] for i in range(0, len(graphs), size)
        )
    ]
