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
    from kg.store.reader import Reader, Value

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

#: A subject's objects in one graph, by predicate IRI (each a SPARQL JSON term).
_Term = dict[str, str]
_Facts = dict[str, list[_Term]]
_TYPE, _SUBJECT, _PREDICATE = v.TYPE.value, v.SUBJECT.value, v.PREDICATE.value
_ASSERTED, _DERIVED_FROM, _LABEL = v.ASSERTED.value, v.DERIVED_FROM.value, v.LABEL.value
_ANCHOR_OF, _PART_OF, _IDENTIFIER = v.ANCHOR_OF.value, v.PART_OF.value, v.IDENTIFIER.value
_COLUMNS = {p.value: name for p, name in _OF_STATEMENT.items()}
_KG_STATEMENT = v.STATEMENT.value


#: What :func:`statement_rows` reads besides each statement's classes (the scan of
#: :mod:`kg.store.facts_file` reads each of them).
ROW_PREDICATES = (*_STATEMENT[1:], *_OF_LINKED, v.IDENTIFIER)


def statement_rows(
    reader: Reader | Any, statements: Iterable[str], include_hedged: bool | None
) -> list[dict[str, Any]]:
    """The rows ``network._EDGES`` gives for these statements (``include_hedged`` as there),
    their values as :func:`kg.store.network.plain_rows` gives them, read from ``reader``
    (anything with its ``about_values``).

    With ``include_hedged`` None every row is given, each with ``_asserted``: whether
    the rows without hedged statements hold it (``FILTER(BOUND(?asserted) && ?asserted)``).
    A statement in more than one graph gives the rows of each, by graph IRI.
    """
    wanted = list(dict.fromkeys(statements))
    facts = _group(reader.about_values(wanted, predicates=_STATEMENT))
    linked = _objects(facts, (_PREDICATE, _DERIVED_FROM))  # relations, sentences
    more = _group(reader.about_values(sorted(linked), predicates=_OF_LINKED)) if linked else {}
    documents = _objects(more, (_PART_OF,))
    named = (
        _group(reader.about_values(sorted(documents), predicates=(v.IDENTIFIER,)))
        if documents
        else {}
    )
    graphs: defaultdict[str, list[str]] = defaultdict(list)
    for st, graph in facts:
        graphs[st].append(graph)
    rows: list[dict[str, Any]] = []
    for st in wanted:
        for graph in sorted(graphs.get(st, ())):
            known = facts[(st, graph)]
            if not any(
                t["type"] == "uri" and t["value"] == _KG_STATEMENT for t in known.get(_TYPE, ())
            ):
                continue
            columns: list[list[tuple[str, _Term | None]]] = [
                [("s", t) for t in known.get(_SUBJECT, ())],
                [("p", t) for t in known.get(_PREDICATE, ())],
            ]
            for p, name in _COLUMNS.items():
                column: list[tuple[str, _Term | None]] = [(name, t) for t in known.get(p, ())]
                columns.append(column or [(name, None)])
            for combination in itertools.product(*columns):
                row = dict(combination)
                asserted = row["asserted"] is not None and _true(row["asserted"])
                if include_hedged is False and not asserted:
                    continue  # FILTER(BOUND(?asserted) && ?asserted)
                sent = row.pop("sent")
                labels: list[_Term | None] = [*_of(more, row["p"], graph, _LABEL)] or [None]
                for label, (sentence, doc) in itertools.product(
                    labels, _sentences(sent, graph, more, named)
                ):
                    found = {**row, "label": label, "sentence": sentence, "doc": doc}
                    plain = {"st": st} | _plain_row(found)
                    if include_hedged is None:
                        plain["_asserted"] = asserted
                    rows.append(plain)
    return rows


def _plain_row(found: dict[str, Any]) -> dict[str, Any]:
    """A row's bound values, as ``plain_rows`` reads them (``time`` is ``STR(?t)``)."""
    return {
        name: term["value"] if name == "time" else _plain(term)
        for name, term in found.items()
        if term is not None
    }


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = frozenset(_XSD + t for t in ("decimal", "double", "float"))
_NUMERIC = frozenset(_XSD + t for t in ("integer", "decimal", "float", "double", "int", "long"))
_TEXT = frozenset((_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"))


def _plain(term: dict[str, str]) -> Any:
    """A JSON term as :func:`kg.store.network._plain` reads the same term."""
    value = term["value"]
    if term["type"] != "literal":
        return value
    datatype = term.get("datatype")
    if datatype == _XSD + "boolean":
        return value.lower() in ("true", "1")
    if datatype in _NUMBERS:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _true(term: dict[str, str]) -> bool:
    """A term's effective boolean value (SPARQL 1.1, 17.2.2); False where it is an error."""
    if term["type"] != "literal":
        return False
    if "xml:lang" in term:
        return term["value"] != ""
    datatype, value = term.get("datatype", _XSD + "string"), term["value"]
    if datatype == _XSD + "boolean":
        return value in ("true", "1")
    if datatype in _NUMERIC:
        try:
            number = float(value)
        except ValueError:
            return False
        return number == number and number != 0  # NaN is false
    return datatype in _TEXT and value != ""


def _objects(
    facts: dict[tuple[str, str], _Facts], predicates: Iterable[str]
) -> set[tuple[str, str]]:
    """The IRIs these predicates link to, each with the graph it is linked in."""
    return {
        (term["value"], graph)
        for (_, graph), known in facts.items()
        for predicate in predicates
        for term in known.get(predicate, ())
        if term["type"] == "uri"
    }


def _of(
    facts: dict[tuple[str, str], _Facts], node: Any, graph: str, predicate: str
) -> list[dict[str, str]]:
    if node is None or node["type"] != "uri":
        return []
    return facts.get((node["value"], graph), {}).get(predicate, [])


def _sentences(
    sent: Any,
    graph: str,
    more: dict[tuple[str, str], _Facts],
    named: dict[tuple[str, str], _Facts],
) -> list[tuple[Any, Any]]:
    """The (text, document id) pairs of a statement's sentence, as the query's nested
    ``OPTIONAL`` gives them: none of either without a sentence."""
    if sent is None or sent["type"] != "uri":
        return [(None, None)]
    texts: list[_Term | None] = [*_of(more, sent, graph, _ANCHOR_OF)] or [None]
    ids: list[_Term | None] = [
        identifier
        for document in _of(more, sent, graph, _PART_OF)
        for identifier in _of(named, document, graph, _IDENTIFIER)
    ] or [None]
    return list(itertools.product(texts, ids))


def _group(values: Iterable[Value]) -> dict[tuple[str, str], _Facts]:
    """Quads by (subject, graph), then by predicate: the objects in the order read."""
    grouped: dict[tuple[str, str], _Facts] = {}
    for subject, graph, predicate, obj in values:
        key = (subject, graph)
        known = grouped.get(key)
        if known is None:
            known = grouped[key] = {}
        objects = known.get(predicate)
        if objects is None:
            known[predicate] = [obj]
        else:
            objects.append(obj)
    return grouped
