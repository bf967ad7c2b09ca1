"""RDF → networkx: the entities and statements of a knowledge graph as a ``MultiDiGraph``.

Nodes are entities, keyed by their IRI (a string), with the attributes
``label``, ``type`` (the ``kg:`` class local name), ``aliases`` (sorted list),
``iri`` and ``events``. Edges are statements, keyed by the statement IRI, with
``relation`` (label), ``iri`` (the relation property), ``confidence``,
``sentence``, ``doc`` (the document id), ``polarity``, ``modality``,
``attribution``, ``asserted``, ``time`` (the normalised ``kg:time``, such as
"1932" or "1967-03", or None) and ``time_text`` (the time as written, or None).
A statement without an object ("The stadium opened in 1932") is no edge: it is
one of its subject's ``events``, a list of dicts with the same keys as an
edge's attributes plus ``id`` (the statement IRI), in time order. By default
only asserted statements become edges or events; ``include_hedged=True`` adds
the negated, hedged and attributed ones.

Two SPARQL queries build the view (one for nodes, one for edges), on a
``KnowledgeGraph`` or on any rdflib ``Graph`` / ``Dataset`` holding kg's RDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from kg.model import ENTITY_TYPES
from kg.rdf.namespaces import KG
from kg.rdf.terms import STANDARD_PREFIXES
from kg.store.labels import outline_attrs

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Mapping

    import networkx as nx
    import pyoxigraph as ox
    from rdflib import Graph


class KnowledgeGraph(Protocol):
    """What this module needs of a ``kg.store.graph.KnowledgeGraph``: its SELECT answers as
    dicts of Python values (named here, not imported, so the facade can import this module)."""

    def _select(self, sparql: str) -> list[dict[str, Any]]: ...


_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in STANDARD_PREFIXES.items())

# Both queries match inside ``GRAPH ?g``, so they also work on an rdflib source copied
# into a scratch store (below), whose default graph is empty.
_NODES = (
    _PREFIXES
    + "SELECT DISTINCT ?e ?class ?label ?alias WHERE { GRAPH ?g {\n"
    + f"  VALUES ?class {{ {' '.join(f'kg:{t}' for t in ENTITY_TYPES)} }}\n"
    + """  ?e a ?class .
  OPTIONAL { ?e skos:prefLabel ?label }
  OPTIONAL { ?e skos:altLabel ?alias }
} }"""
)

_EDGES = (
    _PREFIXES
    + """SELECT DISTINCT ?st ?s ?p ?o ?label ?confidence ?polarity ?modality ?attribution
       ?asserted ?sentence ?doc ?time ?timeText WHERE { VALUES_ST GRAPH ?g {
  ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p .
  OPTIONAL { ?st rdf:object ?o }
  OPTIONAL { ?st kg:asserted ?asserted }
  FILTER_ASSERTED
  OPTIONAL { ?p rdfs:label ?label }
  OPTIONAL { ?st kg:confidence ?confidence }
  OPTIONAL { ?st kg:polarity ?polarity }
  OPTIONAL { ?st kg:modality ?modality }
  OPTIONAL { ?st kg:attribution ?attribution }
  OPTIONAL { ?st kg:time ?t . BIND(STR(?t) AS ?time) }
  OPTIONAL { ?st kg:timeText ?timeText }
  OPTIONAL { ?st prov:wasDerivedFrom ?sent .
             OPTIONAL { ?sent nif:anchorOf ?sentence }
             OPTIONAL { ?sent dcterms:isPartOf ?d . ?d dcterms:identifier ?doc } }
} }"""
)

# The statements as the outline of ``to_networkx`` reads them: their ends only.
_OUTLINE_EDGES = (
    _PREFIXES
    + """SELECT DISTINCT ?st ?s ?o WHERE { GRAPH ?g {
  ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p .
  OPTIONAL { ?st rdf:object ?o }
  ASSERTED
} }"""
)

#: The graph name given to triples of a plain rdflib ``Graph`` or of a default graph.
_DEFAULT_GRAPH = "urn:x-kg:default-graph"


def _rows(source: KnowledgeGraph | Graph, sparql: str) -> list[dict[str, Any]]:
    """Solutions of a SELECT as dicts of Python values (IRIs stay rdflib ``URIRef``).

    A ``KnowledgeGraph`` answers from its own store; an rdflib graph is first
    copied into a scratch Oxigraph store (:func:`_scratch_store`).
    """
    from rdflib import Graph, Literal

    from kg.query import select_dicts

    if not isinstance(source, Graph):  # a KnowledgeGraph (local or remote)
        store = _local_store(source)
        return source._select(sparql) if store is None else plain_rows(store, sparql)
    return [
        {k: v.toPython() if isinstance(v, Literal) else v for k, v in row.items()}
        for row in select_dicts(_scratch_store(source), sparql)
    ]


def _local_store(source: KnowledgeGraph) -> ox.Store | None:
    """The Oxigraph store of a local ``KnowledgeGraph``; None for a remote one."""
    from kg.errors import KGError

    try:
        store = source.backend.store  # type: ignore[attr-defined]
    except (AttributeError, KGError):  # a remote store, or a stand-in without a backend
        return None
    return store  # type: ignore[no-any-return]


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = frozenset(_XSD + t for t in ("decimal", "double", "float"))


def plain_rows(store: ox.Store, sparql: str) -> list[dict[str, Any]]:
    """The rows of one of this module's SELECTs, their values as :func:`to_networkx` reads them.

    IRIs as text, booleans and numbers as Python values, other literals as their
    text: what ``str()``, ``float()`` and ``bool()`` of rdflib's ``toPython()`` give,
    without building rdflib terms (half of the time of a whole graph's view).

    Example:
        >>> import pyoxigraph as ox
        >>> store = ox.Store()
        >>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(
        ...     "true", datatype=ox.NamedNode(_XSD + "boolean")), ox.NamedNode("urn:g")))
        >>> plain_rows(store, "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        [{'s': 'urn:s', 'o': True}]
    """
    import pyoxigraph as ox

    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [
        {n: _plain(t) for n, t in zip(names, row, strict=True) if t is not None} for row in result
    ]


def _plain(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Any:
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return term.value
    datatype = term.datatype.value
    if datatype == _XSD + "boolean":  # as rdflib reads one: true only for "true" and "1"
        return term.value.lower() in ("true", "1")
    if datatype in _NUMBERS:
        try:
            return float(term.value)
        except ValueError:
            return term.value
    return term.value


def _scratch_store(source: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding ``source``, one named graph per rdflib graph."""
    import pyoxigraph as ox
    from rdflib import Dataset, URIRef

    from kg.rdf.terms import to_oxigraph

    store = ox.Store()
    graphs = source.graphs() if isinstance(source, Dataset) else [source]
    for graph in graphs:
        name = graph.identifier if isinstance(graph.identifier, URIRef) else _DEFAULT_GRAPH
        target = ox.NamedNode(str(name))
        store.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target)  # type: ignore[arg-type]
            for s, p, o in graph
        )
    return store


def to_networkx(
    source: KnowledgeGraph | Graph, *, include_hedged: bool = False, outline: bool = False
) -> nx.MultiDiGraph:
    """The entities and statements of ``source`` as a networkx ``MultiDiGraph``.

    Args:
        source: a ``KnowledgeGraph``, or an rdflib ``Graph`` / ``Dataset`` of kg's RDF
            (a ``Dataset`` is read as the union of its graphs).
        include_hedged: also make edges of statements that are not asserted
            (negated, hedged or attributed); their ``asserted`` attribute is False.
        outline: the same nodes (in the same order) and edges, but the edges without
            attributes and the nodes without ``events`` (an empty list): what ranking
            and counting need, read in a fraction of the time.

    Returns:
        Every entity as a node (also one that only hedged statements mention) and
        one edge per statement, keyed by the statement IRI.

    Example:
        >>> import kg
        >>> from kg.model import DocumentGraph, Triple
        >>> from kg.rdf.quads import document_graph
        >>> dg = DocumentGraph("d1", "Ann met Bob.", [
        ...     Triple("Ann", "meet", "Bob", "Person", "Person", confidence=0.9),
        ...     Triple("Ann", "like", "Bob", "Person", "Person", modality="may")])
        >>> g = to_networkx(document_graph(dg))
        >>> sorted(d["label"] for _, d in g.nodes(data=True))
        ['Ann', 'Bob']
        >>> [(d["relation"], d["confidence"], d["doc"]) for *_, d in g.edges(data=True)]
        [('meet', 0.9, 'd1')]
        >>> to_networkx(document_graph(dg), include_hedged=True).number_of_edges()
        2
        >>> with kg.open() as graph:  # a KnowledgeGraph, read through its store
        ...     _ = graph.add(dg)
        ...     kg.to_networkx(graph).number_of_edges()
        1
        >>> opened = Triple("Aalto Stadium", "open", "", "Place", "", time="1932",
        ...                 time_text="in 1932")
        >>> g = to_networkx(document_graph(DocumentGraph("d2", "", [opened])))
        >>> g.number_of_edges(), [(e["relation"], e["time"]) for e in g.nodes[
        ...     next(iter(g))]["events"]]
        (0, [('open', '1932')])
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    aliases: dict[str, set[str]] = {}
    rows = _rows(source, _NODES)
    for row in sorted(rows, key=lambda r: (str(r["e"]), str(r.get("label")), str(r["class"]))):
        iri = str(row["e"])
        if iri not in graph:
            label = str(row.get("label", iri))
            kind = str(row["class"])[len(str(KG)) :]
            graph.add_node(iri, **outline_attrs(iri, (label, kind, [])))
            aliases[iri] = set()
        if "alias" in row:
            aliases[iri].add(str(row["alias"]))
    for iri, names in aliases.items():
        graph.nodes[iri]["aliases"] = sorted(names)

    if outline:
        filter_ = "FILTER(BOUND(?asserted) && ?asserted)"
        asserted = "" if include_hedged else "OPTIONAL { ?st kg:asserted ?asserted } " + filter_
        _add_outline_edges(graph, _rows(source, _OUTLINE_EDGES.replace("ASSERTED", asserted)))
        return graph
    add_statements(graph, _rows(source, edges_query(include_hedged)))
    return graph


def edges_query(include_hedged: bool, statements: str = "") -> str:
    """The ``SELECT`` of the statements :func:`add_statements` reads (``statements``: a
    ``VALUES ?st`` clause, to read only those)."""
    filter_ = "" if include_hedged else "FILTER(BOUND(?asserted) && ?asserted)"
    return _EDGES.replace("FILTER_ASSERTED", filter_).replace("VALUES_ST", statements)


def add_statements(graph: nx.MultiDiGraph, edges: list[dict[str, Any]]) -> None:
    """The edges and events of the rows of :func:`edges_query`, added to ``graph`` (with
    the nodes it lacks, bare) in the order ``to_networkx`` adds them."""
    parts = statement_parts(edges)
    for node in parts.ends:
        if node not in graph:
            graph.add_node(node, **outline_attrs(node))
    for (subject, obj, key), attrs in parts.edges.items():
        if not graph.has_edge(subject, obj, key):
            graph.add_edge(subject, obj, key=key, **attrs)
    for node, found in parts.events.items():
        graph.nodes[node]["events"] = found


class StatementParts(NamedTuple):
    """The rows of :func:`edges_query` as ``to_networkx`` reads them (:func:`statement_parts`)."""

    #: every statement's end, in the order the view meets them
    ends: list[str]
    #: each edge's attributes, by (subject, object, statement), in the view's order
    edges: dict[tuple[str, str, str], dict[str, Any]]
    #: each subject's statements without an object, by time, then IRI
    events: dict[str, list[dict[str, Any]]]


def statement_parts(rows: list[dict[str, Any]]) -> StatementParts:
    """The edges and events of the rows of :func:`edges_query`: the first row of each edge
    (by statement IRI, then sentence) gives its attributes, as for an event.

    Example:
        >>> row = {"st": "st1", "s": "e:ann", "o": "e:bob", "p": "p:meet", "label": "meet"}
        >>> parts = statement_parts([row, {**row, "st": "st2", "o": None, "time": "1932"}])
        >>> parts.ends, [key for key in parts.edges], [e["time"] for e in parts.events["e:ann"]]
        (['e:ann', 'e:bob'], [('e:ann', 'e:bob', 'st1')], ['1932'])
    """
    ends: dict[str, None] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    events: dict[str, dict[str, dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (str(r["st"]), str(r.get("sentence", "")))):
        key = str(row["st"])
        subject = str(row["s"])
        obj = None if row.get("o") is None else str(row["o"])
        if obj is None and key in events.get(subject, {}):
            continue
        if obj is not None and (subject, obj, key) in edges:
            continue
        ends[subject] = None
        if obj is not None:
            ends[obj] = None
        attrs = _statement_attributes(row)
        if obj is None:
            # "The stadium opened in 1932": a statement about its subject, not an edge
            events.setdefault(subject, {})[key] = {"id": key, **attrs}
        else:
            edges[(subject, obj, key)] = attrs
    return StatementParts(
        list(ends),
        edges,
        {
            node: sorted(found.values(), key=lambda e: (e["time"] or "9999", e["id"]))
            for node, found in events.items()
        },
    )


def _add_outline_edges(graph: nx.MultiDiGraph, rows: list[dict[str, Any]]) -> None:
    """The edges of an outline (keys only), and the nodes that only statements name,
    added in the order ``to_networkx`` adds them."""
    for row in sorted(rows, key=lambda r: str(r["st"])):
        subject, obj = str(row["s"]), None if row.get("o") is None else str(row["o"])
        for node in (subject, obj):
            if node is not None and node not in graph:
                graph.add_node(node, **outline_attrs(node))
        if obj is not None and not graph.has_edge(subject, obj, str(row["st"])):
            graph.add_edge(subject, obj, key=str(row["st"]))


def _statement_attributes(row: dict[str, Any]) -> dict[str, Any]:
    """An edge's (or event's) attributes from one row of the statements query."""
    confidence = row.get("confidence")
    return {
        "relation": str(row.get("label", row["p"])),
        "iri": str(row["p"]),
        "confidence": None if confidence is None else float(confidence),
        "sentence": str(row.get("sentence", "")),
        "doc": str(row.get("doc", "")),
        "polarity": str(row.get("polarity", "positive")),
        "modality": None if row.get("modality") is None else str(row["modality"]),
        "attribution": None if row.get("attribution") is None else str(row["attribution"]),
        "asserted": bool(row.get("asserted", False)),
        "time": None if row.get("time") is None else str(row["time"]),
        "time_text": None if row.get("timeText") is None else str(row["timeText"]),
    }


def event_text(event: Mapping[str, Any]) -> str:
    """One line for a statement without an object (an ``events`` entry): relation and time.

    Example:
        >>> event_text({"relation": "open", "time_text": "in 1932", "asserted": True})
        'open in 1932'
        >>> event_text({"relation": "die", "time": "1968", "asserted": False})
        'die 1968 (not asserted)'
    """
    when = event.get("time_text") or event.get("time") or ""
    text = " ".join(str(part) for part in (event.get("relation", ""), when) if part)
    return text if event.get("asserted", True) else f"{text} (not asserted)"


def neighbourhood(
    graph: nx.MultiDiGraph, nodes: Iterable[Hashable], *, hops: int = 1
) -> nx.MultiDiGraph:
    """The nodes within ``hops`` edges of ``nodes`` (either direction), with all edges between them.

    Raises:
        ValueError: when ``hops`` is negative.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
        >>> sorted(neighbourhood(g, ["a"], hops=2)), sorted(neighbourhood(g, ["a"], hops=0))
        (['a', 'b', 'c'], ['a'])
    """
    import networkx as nx

    from kg.errors import value_invalid_msg

    if hops < 0:
        raise ValueError(value_invalid_msg("hops", hops) + "; expected 0 or more")
    seen = {node for node in nodes if node in graph}
    frontier = set(seen)
    for _ in range(hops):
        step = {n for node in frontier for n in (*graph.succ[node], *graph.pred[node])}
        frontier = step - seen
        if not frontier:
            break
        seen |= frontier
    # in the graph's order, not the set's (networkx's subgraph of a small set follows
    # the set, whose order changes with the hash seed): the page's edge order follows it
    sub = nx.MultiDiGraph(**graph.graph)
    sub.add_nodes_from(
        (node, dict(attrs)) for node, attrs in graph.nodes(data=True) if node in seen
    )
    sub.add_edges_from(
        (u, v, key, dict(attrs))
        for u in sub
        for v, keys in graph.succ[u].items()
        if v in seen
        for key, attrs in keys.items()
    )
    return sub
