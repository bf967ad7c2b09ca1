"""Parts of a stored graph's networkx view, read without reading the whole graph.

``kg.view.drawing.network_of(graph)`` is the whole graph's networkx view
(:func:`kg.store.network.to_networkx`, less the statements not asserted or below
a confidence, and the entities only they named). The functions here build the
part of it a view draws, equal to the same part of that whole view, from what
they read of the store (:mod:`kg.store.reader`):

- :func:`neighbourhood_network`: the entities within ``hops`` edges of some
  entities, with every edge among them (a hop reads the statements naming the
  frontier, both ways);
- :func:`kg.store.document_network.document_network`: one document's statements
  and the entities they link (over this module's :class:`Network`).

Each copies the quads of the nodes and statements it keeps (and of their
sentences, relations and documents) into a scratch in-memory store and runs
:func:`~kg.store.network.to_networkx` on it, so the nodes and edges carry the
same attributes as the whole view's.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person"),
    ...                                         Triple("Bob", "meet", "Cy", "Person", "Person")]))
    >>> ann = graph.base_iri + "entity/" + "ann"
    >>> [iri] = [str(r["e"]) for r in graph._select("SELECT ?e { ?e skos:prefLabel 'Ann' }")]
    >>> sorted(d["label"] for _, d in neighbourhood_network(graph, [iri]).nodes(data=True))
    ['Ann', 'Bob']
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, Unpack

import pyoxigraph as ox

from kg.model import ENTITY_TYPES
from kg.rdf.namespaces import KG
from kg.store.labels import Outlined, outline_attrs, outline_names
from kg.store.reader import RDF_OBJECT, RDF_SUBJECT, RDF_TYPE, Reader, reader

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph
    from kg.store.network import StatementParts

#: What gives the full attributes of some nodes of an outline and of the edges among them
#: (``kg.view.data.Fill``).
Fill = Callable[[Collection[Hashable]], "nx.MultiDiGraph"]

_ENTITY_CLASSES = frozenset(str(KG) + t for t in ENTITY_TYPES)
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")


_TOUCHING = """SELECT DISTINCT ?st ?s ?o ?c WHERE {{ VALUES ?x {{ {values} }} GRAPH ?g {{
  {{ ?st rdf:subject ?x ; rdf:object ?o . BIND(?x AS ?s) }}
  UNION {{ ?st rdf:object ?x ; rdf:subject ?s . BIND(?x AS ?o) }}
  UNION {{ ?st rdf:subject ?x . OPTIONAL {{ ?st rdf:object ?none }} FILTER(!BOUND(?none))
           BIND(?x AS ?s) }}
  ?st a kg:Statement ; rdf:predicate ?p . {asserted} {confidence} }} }}"""
# The statements from some subjects, with their objects (those of the view).
_FROM = """SELECT DISTINCT ?st ?s ?o ?c WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{
  ?st rdf:subject ?s ; rdf:object ?o . ?st a kg:Statement ; rdf:predicate ?p .
  {asserted} {confidence} }} }}"""
_EVENTS = """SELECT DISTINCT ?st WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{
  ?st rdf:subject ?s . OPTIONAL {{ ?st rdf:object ?none }} FILTER(!BOUND(?none)) }} }}"""
_ASSERTED_ONLY = "?st kg:asserted ?asserted . FILTER(?asserted)"
_WITH_CONFIDENCE = "OPTIONAL { ?st kg:confidence ?c }"
_TYPES = "SELECT DISTINCT ?x ?c WHERE {{ VALUES ?x {{ {values} }} GRAPH ?g {{ ?x a ?c }} }}"
_DESCRIBED = (
    RDF_TYPE,
    RDF_SUBJECT,
    RDF_OBJECT,
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"),
    ox.NamedNode(str(KG.asserted)),
    ox.NamedNode(str(KG.confidence)),
)
_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_RDF_TYPE, _STATEMENT_CLASS = RDF_TYPE.value, str(KG.Statement)
_NODE_PREDICATES = (
    RDF_TYPE,
    _PREF_LABEL,
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
)


@dataclass
class _Statement:
    """A statement of the whole view (asserted, unless hedged ones are drawn): its two ends."""

    subject: str
    object: str | None
    confidence: float | None


class Network:
    """The whole view's edges around some nodes, read as needed (see the module docstring)."""

    def __init__(self, graph: KnowledgeGraph, include_hedged: bool, min_confidence: float):
        from kg.store.threshold import check_min_confidence

        self.reader: Reader = reader(graph)
        self.include_hedged = include_hedged
        self.min_confidence = check_min_confidence(min_confidence)
        self.statements: dict[str, _Statement] = {}
        self.touching: dict[str, set[str]] = {}  # node → the statements naming it (either end)
        # node → its class and name (predicate IRI, SPARQL JSON term) pairs, once read
        self.named: dict[str, list[tuple[str, dict[str, str]]]] = {}
        self.outlines: dict[str, Outlined | None] = {}  # node → its outline names, once read

    def _rows(self, query: str, items: list[str], **more: str) -> list[dict[str, str]]:
        """The rows of one of the statement queries, ``items`` bound in batches."""
        from kg.store.reader import BATCH

        asserted = "" if self.include_hedged else _ASSERTED_ONLY
        confidence = _WITH_CONFIDENCE if self.min_confidence > 0 else ""
        queries = [
            query.format(
                values=" ".join(str(ox.NamedNode(n)) for n in items[start : start + BATCH]),
                asserted=asserted, confidence=confidence, **more,
            )
            for start in range(0, len(items), BATCH)
        ]  # fmt: skip
        rows = self.reader.strings_many(queries)
        for row in rows:
            if row["st"] not in self.statements:
                c = row.get("c")
                self.statements[row["st"]] = _Statement(
                    row["s"], row.get("o"), None if c is None else _float(c)
                )
        return rows

    def expand(self, nodes: Iterable[str]) -> None:
        """Read the statements naming these nodes (as subject or object)."""
        wanted = [n for n in dict.fromkeys(nodes) if n not in self.touching]
        for n in wanted:
            self.touching[n] = set()
        for row in self._rows(_TOUCHING, wanted):
            for end in (row["s"], row.get("o")):
                if end in self.touching:
                    self.touching[end].add(row["st"])

    def among(self, nodes: Collection[str]) -> set[str]:
        """The edges between two of ``nodes`` (each end one of them).

        The statements from each node are read with their objects, those to another
        of ``nodes`` kept: cheaper than binding both ends in one query, which Oxigraph
        joins as every pair of them.
        """
        among = set(nodes)
        rows = self._rows(_FROM, sorted(among))
        return {r["st"] for r in rows if r["o"] in among and not self._low(r["st"])}

    def events_of(self, nodes: Iterable[str]) -> list[str]:
        """The statements without an object about these nodes (their ``events``)."""
        from kg.store import facts_file
        from kg.store.reader import BATCH

        wanted = sorted(_iris(set(nodes)))  # a literal is no statement's subject
        kept = facts_file.events(self.reader.graph, wanted)
        if kept is not None:
            found = set(kept)
        else:
            queries = [
                _EVENTS.format(values=" ".join(str(ox.NamedNode(n)) for n in wanted[i : i + BATCH]))
                for i in range(0, len(wanted), BATCH)
            ]
            found = {r["st"] for r in self.reader.strings_many(queries)}
        self.describe(found)
        return sorted(st for st in found if st in self.statements)

    def describe(self, statements: Iterable[str]) -> None:
        """Read these statements' ends (those in the view: asserted, unless hedged ones are),
        from the store's :mod:`~kg.store.facts_file` where it answers for the store."""
        from kg.store import facts_file
        from kg.store.described import _true

        wanted = sorted(set(statements) - self.statements.keys())
        kept = facts_file.flagged_rows(self.reader.graph, wanted) if wanted else None
        if kept is not None:
            for st in wanted:
                rows = [
                    row for asserted, row in kept.get(st, ()) if self.include_hedged or asserted
                ]
                if rows:  # a statement of the view: its last reading, as below
                    row, c = rows[-1], rows[-1].get("confidence")
                    o = row.get("o")
                    self.statements[st] = _Statement(
                        str(row["s"]),
                        None if o is None else str(o),
                        None if c is None else _float(c),
                    )
            return
        facts: dict[str, dict[str, dict[str, str]]] = {st: {} for st in wanted}
        for subject, _, predicate, obj in self.reader.about_values(wanted, predicates=_DESCRIBED):
            name = predicate.rsplit("#", 1)[-1]
            if name != "type" or obj["value"] == _STATEMENT_CLASS:
                facts[subject][name] = obj
        for st, known in facts.items():
            complete = {"type", "subject", "predicate"} <= known.keys()
            # FILTER(?asserted), as the view's queries read it (an effective boolean value)
            asserted = "asserted" in known and _true(known["asserted"])
            if complete and (self.include_hedged or asserted):
                c, o = known.get("confidence"), known.get("object")
                self.statements[st] = _Statement(
                    known["subject"]["value"],
                    None if o is None else o["value"],
                    None if c is None else _float(c["value"]),
                )

    def _low(self, st: str) -> bool:
        confidence = self.statements[st].confidence
        return confidence is not None and confidence < self.min_confidence

    def edges(self, node: str) -> list[str]:
        """The statements that are edges at ``node`` in the whole view."""
        self.expand([node])
        return [
            st
            for st in sorted(self.touching[node])
            if self.statements[st].object is not None and not self._low(st)
        ]

    def other_end(self, st: str, node: str) -> str:
        info = self.statements[st]
        return info.object if info.subject == node else info.subject  # type: ignore[return-value]

    def in_view(self, nodes: Collection[str]) -> list[str]:
        """Those of ``nodes`` that are nodes of the whole view (as ``network_of`` keeps them)."""
        self.expand(nodes)
        typed = set()
        for start in range(0, len(nodes), 200):
            values = " ".join(str(ox.NamedNode(n)) for n in list(nodes)[start : start + 200])
            rows = self.reader.strings(_TYPES.format(values=values))
            typed |= {row["x"] for row in rows if row["c"] in _ENTITY_CLASSES}
        kept = []
        for node in nodes:
            named = [st for st in self.touching[node] if self.statements[st].object is not None]
            if node not in typed and not self.touching[node]:
                continue  # to_networkx makes a node of an entity or of a statement's end
            if any(not self._low(st) for st in named):
                kept.append(node)
            elif self.include_hedged and not any(self._low(st) for st in named):
                kept.append(node)  # no edges, none dropped: network_of keeps it
        return kept

    def names(self, nodes: Collection[str]) -> list[tuple[str, str, dict[str, str]]]:
        """The entity class, label and alias of these nodes, as (node, predicate IRI, SPARQL
        JSON term) triples (each node read once; from the store's
        :mod:`~kg.store.facts_file` where it knows them)."""
        from kg.store import facts_file

        wanted = sorted(set(nodes) - self.named.keys())
        kept = facts_file.names(self.reader.graph, wanted) if wanted else {}
        self.named.update(kept)
        wanted = [n for n in wanted if n not in kept]  # read from the store
        for n in wanted:
            self.named[n] = []
        for subject, _, predicate, obj in self.reader.about_values(
            _iris(wanted), predicates=_NODE_PREDICATES
        ):
            if predicate != _RDF_TYPE or obj["value"] in _ENTITY_CLASSES:  # as the file keeps
                self.named[subject].append((predicate, obj))
        return [(n, p, o) for n in sorted(nodes) for p, o in self.named[n]]

    def outlined(self, nodes: Collection[str]) -> dict[str, Outlined | None]:
        """These nodes' names as an outline has them (:func:`kg.store.labels.outline_names`):
        from the store's :mod:`~kg.store.facts_file` where it has them, else from :meth:`names`."""
        from kg.store import facts_file

        wanted = sorted(set(nodes) - self.outlines.keys())
        kept = facts_file.outlined(self.reader.graph, wanted) if wanted else {}
        self.outlines.update(kept)
        unread = [n for n in wanted if n not in kept]
        if unread:
            terms: dict[str, list[tuple[str, dict[str, str]]]] = {n: [] for n in unread}
            for node, predicate, obj in self.names(unread):
                terms[node].append((predicate, obj))
            self.outlines.update((n, outline_names(n, found)) for n, found in terms.items())
        return {n: self.outlines[n] for n in nodes}

    def described(self, statements: Iterable[str]) -> StatementParts:
        """These statements as ``to_networkx`` reads them: their edges' attributes and their
        subjects' ``events`` (:func:`kg.store.network.statement_parts`), from the store's
        :mod:`~kg.store.facts_file` where it answers, else read (:mod:`kg.store.described`)."""
        from kg.store import facts_file
        from kg.store.described import statement_rows
        from kg.store.network import statement_parts

        wanted = list(dict.fromkeys(statements))
        hedged = self.include_hedged
        rows = facts_file.rows(self.reader.graph, wanted, include_hedged=hedged)
        if rows is None:  # no file kept for the store as it is: read
            rows = statement_rows(self.reader, wanted, hedged)
        return statement_parts(rows)

    def outline(self, nodes: Collection[str], statements: Iterable[str]) -> nx.MultiDiGraph:
        """The whole view's part of these nodes and statements (edges and events) as an
        outline: the nodes in ``to_networkx``'s order, with their ``label``, ``type``,
        ``aliases``, ``iri`` (and empty ``events``), the edges with their keys only."""
        import networkx as nx

        keep = set(nodes)
        named = self.outlined(keep)
        network = nx.MultiDiGraph()
        for iri in sorted(n for n, names in named.items() if names is not None):  # as to_networkx
            network.add_node(iri, **outline_attrs(iri, named[iri]))
        statements = set(statements)
        ends = {end for st in statements for end in (self.statements[st].subject,
                                                     self.statements[st].object)}  # fmt: skip
        untyped = [n for n in keep if n not in network and n not in ends]
        statements |= set(self.events(untyped)) if untyped else set()  # where to_networkx adds them
        for st in sorted(statements):
            info = self.statements[st]
            for end in (info.subject, info.object):
                if end is not None and end in keep and end not in network:
                    network.add_node(end, **outline_attrs(end))
            if info.object is not None and not network.has_edge(info.subject, info.object, st):
                network.add_edge(info.subject, info.object, key=st)
        return network

    def events(self, nodes: Collection[str]) -> list[str]:
        """The statements without an object about these nodes (their ``events``)."""
        read = [n for n in nodes if n in self.touching]
        found = {st for n in read for st in self.touching[n] if self.statements[st].object is None}
        rest = set(nodes) - set(read)
        return sorted(found | set(self.events_of(rest) if rest else ()))

    def filler(self, outline: nx.MultiDiGraph) -> Fill:
        """What gives the full attributes of some of ``outline``'s nodes (:data:`Fill`)."""

        def fill(nodes: Collection[Hashable]) -> nx.MultiDiGraph:
            import networkx as nx

            wanted = {str(n) for n in nodes}
            order = [n for n in outline if n in wanted]
            edges = [
                (u, v, key)
                for u in order
                for v, keys in outline.succ[u].items()
                if v in wanted
                for key in keys
            ]
            # The outline's nodes have their names; the statements give the rest.
            read = self.described([*sorted(k for *_, k in edges), *self.events(wanted)])
            full = nx.MultiDiGraph()
            for node in order:
                full.add_node(node, **{**outline.nodes[node], "events": read.events.get(node, [])})
            full.add_edges_from((u, v, key, read.edges[u, v, key]) for u, v, key in edges)
            return full

        return fill


def _iris(nodes: Iterable[str]) -> list[str]:
    """Those of ``nodes`` that are IRIs (a node may be a literal's text, as a statement's end)."""
    found = []
    for node in nodes:
        try:
            ox.NamedNode(node)
        except ValueError:
            continue
        found.append(node)
    return found


def named_term(term: object) -> bool:
    """Whether ``term`` is an IRI (a blank node or a literal is not)."""
    return isinstance(term, ox.NamedNode)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


class NeighbourhoodOptions(TypedDict, total=False):
    """:func:`neighbourhood_outline`'s options, which :func:`neighbourhood_network` passes on."""

    hops: int
    include_hedged: bool
    min_confidence: float


def neighbourhood_network(
    graph: KnowledgeGraph, nodes: Iterable[str], **options: Unpack[NeighbourhoodOptions]
) -> nx.MultiDiGraph:
    """The nodes within ``hops`` edges of ``nodes`` in the whole view, with every edge among them.

    Equal to ``kg.view.select.neighbourhood(network_of(graph, ...), nodes, hops=hops)``
    (``include_hedged`` and ``min_confidence`` as for ``network_of``), reading only the
    statements that name the nodes it reaches.

    Raises:
        ValueError: when ``hops`` is negative.
    """
    outline, fill = neighbourhood_outline(graph, nodes, **options)
    return fill(list(outline))


def neighbourhood_outline(
    graph: KnowledgeGraph,
    nodes: Iterable[str],
    *,
    hops: int = 1,
    include_hedged: bool = True,
    min_confidence: float = 0.0,
) -> tuple[nx.MultiDiGraph, Fill]:
    """:func:`neighbourhood_network` as an outline, and what fills some of its nodes.

    The outline's nodes carry their ``label``, ``type``, ``aliases`` and ``iri`` (their
    ``events`` are left empty), its edges only their keys; ``fill(nodes)`` reads the
    rest for those nodes and the edges among them (``kg.view.data.Fill``).
    """
    from kg.errors import value_invalid_msg

    if hops < 0:
        raise ValueError(value_invalid_msg("hops", hops) + "; expected 0 or more")
    net = Network(graph, include_hedged, min_confidence)
    nodes = list(dict.fromkeys(nodes))
    seen = set(net.in_view(nodes))
    frontier = set(seen)
    for _ in range(hops):
        if len(_iris(frontier)) < len(frontier):  # a literal's text, which ends a statement:
            return _from_the_whole(graph, nodes, hops, include_hedged, min_confidence)
        net.expand(frontier)
        step = {net.other_end(st, n) for n in frontier for st in net.edges(n)}
        frontier = step - seen
        if not frontier:
            break
        seen |= frontier
    if len(_iris(seen)) < len(seen):
        return _from_the_whole(graph, nodes, hops, include_hedged, min_confidence)
    read = [n for n in seen if n in net.touching]  # their edges are known
    edges = {st for n in read for st in net.edges(n) if net.other_end(st, n) in seen}
    rest = seen - set(read)  # the last hop's nodes: the edges between two of them
    edges |= net.among(rest) if rest else set()
    outline = net.outline(seen, edges)
    return outline, net.filler(outline)


def _from_the_whole(
    graph: KnowledgeGraph, nodes: list[str], hops: int, include_hedged: bool, min_confidence: float
) -> tuple[nx.MultiDiGraph, Fill]:
    """:func:`neighbourhood_outline` from the whole view, for a neighbourhood that reaches a
    literal's text: ``to_networkx`` makes one node of every statement's literal end of
    that text, which no lookup of IRIs finds (a store from elsewhere; kg's statements
    end in entities)."""
    from kg.store.network import neighbourhood
    from kg.store.threshold import confident_network

    whole = confident_network(graph, include_hedged=include_hedged, min_confidence=min_confidence)
    part = neighbourhood(whole, nodes, hops=hops)

    def fill(wanted: Collection[Hashable]) -> nx.MultiDiGraph:
        keep = {str(n) for n in wanted}
        return neighbourhood(part, [n for n in part if n in keep], hops=0)

    return part, fill


def whole_outline(
    graph: KnowledgeGraph, *, include_hedged: bool = True
) -> tuple[nx.MultiDiGraph, Fill]:
    """The whole view (``network_of(graph, include_hedged=...)``) as an outline
    (``to_networkx(..., outline=True)``), and what fills some of its nodes
    (as for :func:`neighbourhood_outline`)."""
    from kg.store.network import to_networkx

    outline = to_networkx(graph, include_hedged=include_hedged, outline=True)
    if not include_hedged:  # as network_of: an entity only hedged statements name is left out
        outline.remove_nodes_from([n for n, degree in outline.degree() if degree == 0])
    net = Network(graph, include_hedged, 0.0)
    return outline, net.filler(outline)
