"""Views: the part of a knowledge graph a page or a picture draws.

Pure functions over the networkx ``MultiDiGraph`` built by :mod:`kg.store.network`
(node id = entity IRI; node attributes ``label``, ``type``, ``aliases``;
edge attributes ``relation``, ``iri``, ``doc``, ...):

- the whole graph (capped later to its most important nodes:
  :func:`kg.view.rank.ranked_nodes`);
- one entity's neighbourhood (:func:`entity_view`), the entity found by label
  or alias, case-insensitively;
- one document's statements (:func:`document_view`);
- the triples of a SPARQL ``CONSTRUCT`` or ``SELECT ?s ?p ?o`` result
  (:func:`query_view`), drawn with the labels, classes and provenance the
  full graph has for them.

Each selecting function returns a :class:`View`: the subgraph, a default page
title, one line saying what was selected, and the nodes to highlight.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import KGError
from kg.query.results import query_triples
from kg.store.labels import fold
from kg.store.names import SUGGESTIONS, NameIndex
from kg.store.network import neighbourhood as neighbourhood  # kg.view.select.neighbourhood
from kg.view.data import DEFAULT_TITLE, Fill, Parts
from kg.view.rank import node_label

if TYPE_CHECKING:
    from kg.query import QueryResult

#: Class given to a query-result node that is not an entity of the graph.
OTHER_TYPE = "Other"


@dataclass(frozen=True)
class View:
    """A selected part of a knowledge graph, ready to draw.

    Attributes:
        outline: the subgraph; with a ``fill``, its nodes carry only ``label``,
            ``type`` and ``aliases`` (``iri``, empty ``events``) and its edges only
            their keys, enough to rank, count and pick what a page draws. The whole
            graph of a store is :class:`kg.view.data.Parts` instead, read as a page needs.
        title: a default page title for it.
        description: one line saying what was selected (empty for the whole graph).
        focus: nodes to highlight and always keep (the entities asked for).
        fill: what gives the full attributes of some of the outline's nodes and of
            the edges among them (:data:`kg.view.data.Fill`); None: the outline has them.
    """

    outline: nx.MultiDiGraph | Parts
    title: str = DEFAULT_TITLE
    description: str = ""
    focus: tuple[str, ...] = field(default=())
    fill: Fill | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The subgraph, its node and edge attributes the full graph's (filled when first read)."""
        outline, fill = (
            (self.outline, self.fill)
            if isinstance(self.outline, nx.Graph)
            else self.outline.whole()
        )
        return outline if fill is None else fill(list(outline))


def _names(attrs: Mapping[str, Any], node: Hashable) -> list[str]:
    """A node's label and aliases (the names a user may search it by)."""
    names = [node_label(node, attrs)]
    names += [str(alias) for alias in attrs.get("aliases") or ()]
    return names


def _suggest(wanted: str, candidates: Iterable[str]) -> list[str]:
    """Up to :data:`SUGGESTIONS` candidates close to ``wanted`` (spelling or substring)."""
    return NameIndex(candidates).close(wanted, SUGGESTIONS)


def find_entities(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """The nodes whose label or an alias is ``name`` (case and spacing ignored), or IRI.

    Raises:
        KGError: when nothing matches; the message suggests close names.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("e:1", label="Anna Berg", aliases=["Berg"])
        >>> g.add_node("e:2", label="Bergen", aliases=[])
        >>> find_entities(g, "berg"), find_entities(g, "e:2")
        (['e:1'], ['e:2'])
        >>> find_entities(g, "Ana Berg")
        Traceback (most recent call last):
        ...
        kg.errors.KGError: no entity named 'Ana Berg'; did you mean: Anna Berg, Berg?
    """
    key = fold(name)
    found = [
        str(node)
        for node, attrs in graph.nodes(data=True)
        if str(node) == name or any(fold(n) == key for n in _names(attrs, node))
    ]
    if found:
        return sorted(found)
    names = (n for node, attrs in graph.nodes(data=True) for n in _names(attrs, node))
    hint = _suggest(name, names)
    raise KGError(
        f"no entity named {name!r}" + (f"; did you mean: {', '.join(hint)}?" if hint else "")
    )


def entity_view(graph: nx.MultiDiGraph, name: str, *, hops: int = 1) -> View:
    """The neighbourhood of every entity named ``name`` (label or alias).

    Raises:
        KGError: when no entity has that name (with close suggestions).
        ValueError: when ``hops`` is negative.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("e:1", label="Anna Berg", aliases=["Berg"])
        >>> g.add_edge("e:1", "e:2"); g.add_edge("e:2", "e:3")
        0
        0
        >>> view = entity_view(g, "BERG")
        >>> sorted(view.graph), view.focus, view.title
        (['e:1', 'e:2'], ('e:1',), 'Anna Berg: 1 hop')
    """
    focus = find_entities(graph, name)
    return entity_view_of(graph, neighbourhood(graph, focus, hops=hops), focus, name, hops=hops)


def entity_view_of(
    graph: nx.MultiDiGraph, sub: nx.MultiDiGraph, focus: list[str], name: str, *, hops: int
) -> View:
    """:func:`entity_view` of ``focus`` (the entities ``name`` finds in ``graph``) whose
    neighbourhood ``sub`` is known: its title and description."""
    names = ", ".join(node_label(n, graph.nodes[n]) for n in focus)
    steps = f"{hops} hop{'' if hops == 1 else 's'}"
    matched = f"{len(focus)} entities" if len(focus) > 1 else names
    description = f"Entities within {steps} of {matched} (matching {name!r})."
    return View(sub, title=f"{names}: {steps}", description=description, focus=tuple(focus))


def _documents_of(graph: nx.MultiDiGraph) -> set[str]:
    docs = {str(d) for *_, d in graph.edges(data="doc") if d}
    docs |= {
        str(e["doc"])
        for _, events in graph.nodes(data="events")
        for e in events or ()
        if e.get("doc")
    }
    return docs


def resolve_document(doc_id: str, documents: Collection[str]) -> str:
    """The id of ``documents`` that ``doc_id`` means: itself, else the one ending ``/doc_id``.

    Raises:
        KGError: when none or several match (with close suggestions).

    Example:
        >>> resolve_document("one.txt", ["notes/one.txt", "two.txt"])
        'notes/one.txt'
    """
    known = set(documents)
    if doc_id in known:
        return doc_id
    tails = sorted(d for d in known if d.endswith("/" + doc_id.lstrip("/")))
    if len(tails) == 1:
        return tails[0]
    hint = tails or _suggest(doc_id, sorted(known))
    if hint:
        more = f"; did you mean: {', '.join(hint)}?"
    elif not known:
        more = "; the graph holds no documents"
    elif len(known) <= SUGGESTIONS:
        more = f"; the documents are: {', '.join(sorted(known))}"
    else:
        more = f"; the graph holds {len(known)} documents, none close to it"
    raise KGError(f"no document {doc_id!r}{more}")


def document_view(
    graph: nx.MultiDiGraph,
    doc_id: str,
    *,
    documents: Collection[str] | None = None,
    selected: bool = False,
) -> View:
    """The statements that come from one document, and the entities they link.

    ``doc_id`` is matched exactly, else as the unique document whose id ends
    with ``/doc_id`` (a path given without its directory).

    Args:
        graph: the graph.
        doc_id: the document's id (as ``kg build`` stored it: the path as given).
        documents: every document id of the store (default: those the edges name);
            a known document without statements gives an empty view, not an error.
        selected: ``graph`` holds only the document's statements and entities already
            (an outline read from the store, which has no ``doc`` attributes): it is
            only ordered as the selection orders it.

    Raises:
        KGError: when no document has that id (with close suggestions).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("a", "b", doc="notes/one.txt"); g.add_edge("b", "c", doc="two.txt")
        0
        0
        >>> view = document_view(g, "one.txt")
        >>> sorted(view.graph), view.title
        (['a', 'b'], 'Document notes/one.txt')
    """
    doc_id = resolve_document(doc_id, documents if documents is not None else _documents_of(graph))
    sub = nx.MultiDiGraph()
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if selected or attrs.get("doc") == doc_id:
            for node in (u, v):
                if node not in sub:
                    sub.add_node(node, **graph.nodes[node])
            sub.add_edge(u, v, key=key, **attrs)
    for node, attrs in graph.nodes(data=True):
        # an entity whose only statements from the document have no object ("opened in 1932")
        if node in sub:
            continue
        if selected or any(e.get("doc") == doc_id for e in attrs.get("events") or ()):
            sub.add_node(node, **attrs)
    return View(
        sub,
        title=f"Document {doc_id}",
        description=f"Statements from the document {doc_id!r}.",
    )


def query_view(
    graph: nx.MultiDiGraph,
    result: QueryResult,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> View:
    """The triples of a query result as a graph, described by the full ``graph``.

    A node the full graph knows keeps its label, class and aliases; another one
    (a document, a sentence, a class) is labelled with its compact IRI and
    drawn as class ``Other``. An edge takes its relation label and provenance
    from a statement of the full graph with the same subject, relation and
    object (the most confident one), else its predicate's compact IRI.

    Args:
        graph: the full graph (for labels, classes and provenance).
        result: what ``KnowledgeGraph.query`` returned.
        prefixes: for compact IRIs (``rel:meet``); default none.

    Raises:
        KGError: for a result that holds no triples (see :func:`query_triples`).

    Example:
        >>> from rdflib import Graph, URIRef
        >>> full = nx.MultiDiGraph()
        >>> full.add_node("e:a", label="Ann", type="Person")
        >>> full.add_edge("e:a", "e:b", iri="rel:meet", relation="meet", confidence=0.9)
        0
        >>> result = Graph()
        >>> _ = result.add((URIRef("e:a"), URIRef("rel:meet"), URIRef("e:b")))
        >>> view = query_view(full, result)
        >>> [(u, v, d["relation"], d["confidence"]) for u, v, d in view.graph.edges(data=True)]
        [('e:a', 'e:b', 'meet', 0.9)]
    """
    from rdflib import URIRef

    from kg.query import compact

    triples, skipped = query_triples(result)
    names = dict(prefixes or {})
    statements: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    relation_labels: dict[str, str] = {}
    for u, v, attrs in graph.edges(data=True):
        iri = str(attrs.get("iri", ""))
        statements.setdefault((str(u), iri, str(v)), []).append(attrs)
        if attrs.get("relation"):
            relation_labels.setdefault(iri, str(attrs["relation"]))

    sub = nx.MultiDiGraph()
    for s, p, o in triples:
        ends = []
        for term in (s, o):
            node = str(term)
            if node not in sub:
                if node in graph:
                    sub.add_node(node, **graph.nodes[node])
                else:
                    sub.add_node(
                        node,
                        label=compact(URIRef(node), names),
                        type=OTHER_TYPE,
                        aliases=[],
                        iri=node,
                    )
            ends.append(node)
        predicate = str(p)
        found = statements.get((ends[0], predicate, ends[1]), [])
        if found:
            best = max(found, key=lambda a: (bool(a.get("asserted")), a.get("confidence") or 0.0))
            sub.add_edge(ends[0], ends[1], **best)
        else:
            label = relation_labels.get(predicate) or compact(URIRef(predicate), names)
            sub.add_edge(ends[0], ends[1], relation=label, iri=predicate, asserted=True)
    count = len(triples)
    description = f"Result of a SPARQL query: {count} triple{'' if count == 1 else 's'}"
    if skipped:
        description += f" ({skipped} more with a literal value or naming a type not drawn)"
    return View(sub, title="Query result", description=description + ".")


def select_view(
    graph: nx.MultiDiGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    doc: str | None = None,
    query_result: QueryResult = None,
    documents: Collection[str] | None = None,
    prefixes: Mapping[str, str] | None = None,
    document_selected: bool = False,
) -> View:
    """The view asked for: the whole graph, narrowed by a query, a document, an entity.

    The selections combine, in that order: ``doc`` and ``entity`` together draw
    the entity's neighbourhood among the document's statements. With
    ``document_selected``, ``graph`` holds only the document's part already (see
    :func:`document_view`).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("a", label="Ann")
        >>> g.add_edge("a", "b", doc="d1"), g.add_edge("c", "d", doc="d1")
        (0, 0)
        >>> select_view(g).title, sorted(select_view(g, doc="d1", entity="ann").graph)
        ('Knowledge graph', ['a', 'b'])
    """
    view = View(graph)
    parts: list[View] = []
    if query_result is not None:
        view = query_view(view.graph, query_result, prefixes=prefixes)
        parts.append(view)
    if doc is not None:
        view = document_view(
            view.graph, doc, documents=documents if not parts else None,
            selected=document_selected,
        )  # fmt: skip
        parts.append(view)
    if entity is not None:
        view = entity_view(view.graph, entity, hops=hops)
        parts.append(view)
    if len(parts) <= 1:
        return view
    return View(
        view.graph,
        title=" · ".join(p.title for p in parts),
        description=" ".join(p.description for p in parts),
        focus=view.focus,
    )
