"""Some statements as ``to_networkx`` describes them, read by subject instead of by a join.

:func:`kg.store.network.to_networkx` reads every statement with one ``SELECT``
(``network._EDGES``): its ends, relation and label, confidence, polarity,
modality, attribution, time, and its sentence's text and document, each in the
statement's own graph. Bound to a few hundred statements, Oxigraph still
evaluates that query's nested ``OPTIONAL`` over the whole store. Here the same
rows come from the statements' quads, then their sentences' and relations',
then their documents' (:meth:`kg.store.reader.Reader.about`: index lookups),
joined in Python as the query joins them; :func:`kg.store.network.add_statements`
turns them into edges and events.

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> from kg.store.reader import reader
    >>> graph = KnowledgeGraph.open()
    >>> _ = graph.add(DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob")]))
    >>> [st] = [str(r["st"]) for r in graph._select("SELECT ?st { ?st a kg:Statement }")]
    >>> [(r["label"], r["doc"]) for r in statement_rows(reader(graph), [st], True)]
    [('meet', 'd1')]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.rdf import vocabulary as v

if TYPE_CHECKING:
    from kg.store.reader import Reader

#: What the statements query reads of a statement (in its graph), and the column of each.
_OF_STATEMENT: dict[ox.NamedNode, str] = {
    v.OBJECT: "o",
    v.ASSERTED: "asserted",
    v.CONFIDENCE: "confidence",
    v.POLARITY: "polarity",
    v.MODALITY: "modality",
    v.ATTRIBUTION: "attribution",
    v.TIME: "time",
    v.TIME_TEXT: "timeText",
    v.DERIVED_FROM: "sent",
}
_STATEMENT = (v.TYPE, v.SUBJECT, v.PREDICATE, *_OF_STATEMENT)
_OF_LINKED = (v.LABEL, v.ANCHOR_OF, v.PART_OF)  # of a relation; of a sentence

_Facts = dict[ox.NamedNode, list[Any]]


def statement_rows(
    reader: Reader, statements: Iterable[str], include_hedged: bool
) -> list[dict[str, Any]]:
    """The rows ``network._EDGES`` gives for these statements (``include_hedged`` as there),
    their values as :func:`kg.store.network.plain_rows` gives them."""
    wanted = list(dict.fromkeys(statements))
    facts = _group(reader.about(wanted, predicates=_STATEMENT))
    linked = _objects(facts, (v.PREDICATE, v.DERIVED_FROM))  # relations, sentences
    more = _group(reader.about(sorted(linked), predicates=_OF_LINKED)) if linked else {}
    documents = _objects(more, (v.PART_OF,))
    named = _group(reader.about(sorted(documents), predicates=(v.IDENTIFIER,))) if documents else {}
    graphs: defaultdict[str, list[str]] = defaultdict(list)
    for st, graph in facts:
        graphs[st].append(graph)
    rows: list[dict[str, Any]] = []
    for st in wanted:
        for graph in graphs.get(st, ()):
            known = facts[(st, graph)]
            if v.STATEMENT not in known.get(v.TYPE, ()):
                continue
            asserted = known.get(v.ASSERTED, [])
            if not include_hedged:  # FILTER(BOUND(?asserted) && ?asserted)
                asserted = [a for a in asserted if _true(a)]
                if not asserted:
                    continue
            columns = [
                [("s", t) for t in known.get(v.SUBJECT, ())],
                [("p", t) for t in known.get(v.PREDICATE, ())],
                *(
                    [(name, t) for t in (asserted if p == v.ASSERTED else known.get(p, ()))]
                    or [(name, None)]
                    for p, name in _OF_STATEMENT.items()
                ),
            ]
            for combination in itertools.product(*columns):
                row = dict(combination)
                sent = row.pop("sent")
                labels = _of(more, row["p"], graph, v.LABEL) or [None]
                for label, (sentence, doc) in itertools.product(
                    labels, _sentences(sent, graph, more, named)
                ):
                    found = {**row, "label": label, "sentence": sentence, "doc": doc}
                    rows.append({"st": st} | _plain_row(found))
    return rows


def _plain_row(found: dict[str, Any]) -> dict[str, Any]:
    """A row's bound values, as ``plain_rows`` reads them (``time`` is ``STR(?t)``)."""
    from kg.store.network import _plain

    return {
        name: term.value if name == "time" else _plain(term)
        for name, term in found.items()
        if term is not None
    }


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = frozenset(_XSD + t for t in ("integer", "decimal", "float", "double", "int", "long"))
_TEXT = frozenset((_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"))


def _true(term: Any) -> bool:
    """A term's effective boolean value (SPARQL 1.1, 17.2.2); False where it is an error."""
    if not isinstance(term, ox.Literal):
        return False
    datatype = term.datatype.value
    if datatype == _XSD + "boolean":
        return term.value in ("true", "1")
    if datatype in _NUMERIC:
        try:
            number = float(term.value)
        except ValueError:
            return False
        return number == number and number != 0  # NaN is false
    return datatype in _TEXT and term.value != ""


def _objects(
    facts: dict[tuple[str, str], _Facts], predicates: Iterable[ox.NamedNode]
) -> set[tuple[str, str]]:
    """The IRIs these predicates link to, each with the graph it is linked in."""
    return {
        (term.value, graph)
        for (_, graph), known in facts.items()
        for predicate in predicates
        for term in known.get(predicate, ())
        if isinstance(term, ox.NamedNode)
    }


def _of(
    facts: dict[tuple[str, str], _Facts], node: Any, graph: str, predicate: ox.NamedNode
) -> list[Any]:
    if not isinstance(node, ox.NamedNode):
        return []
    return facts.get((node.value, graph), {}).get(predicate, [])


def _sentences(
    sent: Any,
    graph: str,
    more: dict[tuple[str, str], _Facts],
    named: dict[tuple[str, str], _Facts],
) -> list[tuple[Any, Any]]:
    """The (text, document id) pairs of a statement's sentence, as the query's nested
    ``OPTIONAL`` gives them: none of either without a sentence."""
    if not isinstance(sent, ox.NamedNode):
        return [(None, None)]
    texts = _of(more, sent, graph, v.ANCHOR_OF) or [None]
    ids = [
        identifier
        for document in _of(more, sent, graph, v.PART_OF)
        for identifier in _of(named, document, graph, v.IDENTIFIER)
    ] or [None]
    return list(itertools.product(texts, ids))


def _group(quads: Iterable[ox.Quad]) -> dict[tuple[str, str], _Facts]:
    """Quads by (subject, graph), then by predicate: the objects in the order read."""
    grouped: defaultdict[tuple[str, str], _Facts] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        key = (q.subject.value, q.graph_name.value)  # type: ignore[union-attr]
        grouped[key][q.predicate].append(q.object)
    return grouped
