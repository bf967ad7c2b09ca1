"""Hand-built document graphs shared by the store tests (local and remote).

A module of plain functions, not fixtures: tests call them to get fresh objects;
``select_rows`` types a query's answer as the rows of a ``SELECT``.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.model import DocumentGraph, Entity, EntityMention, Triple
from kg.query import QueryResult, SelectResult


def select_rows(result: QueryResult) -> SelectResult:
    """``result``, checked to be the rows of a ``SELECT`` (not a bool, a graph or None)."""
    assert isinstance(result, SelectResult), result
    return result


def doc_one(
    text: str = "Mara Quill founded Lantern Works. It may not open in Brindle. Quill said so.",
) -> DocumentGraph:
    """Two statements, an entity with an alias, and its mentions (a surname merged: a kg:Merge)."""
    triples = [
        Triple("Mara Quill", "found", "Lantern Works", "Person", "Organization", confidence=0.9,
               sentence="Mara Quill founded Lantern Works.", sentence_end=33, end=32),
        Triple("Lantern Works", "open in", "Brindle", "Organization", "Place", polarity="negative",
               modality="may", confidence=0.5, sentence="It may not open in Brindle.",
               sentence_start=34, sentence_end=61, start=34, end=60),
    ]  # fmt: skip
    entities = {("Mara Quill", "Person"): Entity("Mara Quill", "Person", {"Quill"})}
    mentions = [
        EntityMention("one.txt", 0, 10, "Mara Quill", "Mara Quill", "Person", "name"),
        EntityMention("one.txt", 19, 32, "Lantern Works", "Lantern Works", "Organization", "name"),
        EntityMention("one.txt", 34, 36, "It", "Lantern Works", "Organization", "pronoun"),
        EntityMention("one.txt", 53, 60, "Brindle", "Brindle", "Place", "name"),
        EntityMention("one.txt", 62, 67, "Quill", "Mara Quill", "Person", "surname"),
    ]
    graph = DocumentGraph("one.txt", text, triples, entities, source="docs/one.txt")
    graph.mentions = [m for m in mentions if text[m.start : m.end] == m.text]
    return graph


def doc_two() -> DocumentGraph:
    triples = [
        Triple("Lantern Works", "hire", "Tomas Reed", "Organization", "Person", confidence=0.8,
               sentence='Lantern Works hired "Tomas" Reed.', sentence_end=33, end=32),
    ]  # fmt: skip
    return DocumentGraph("two.txt", 'Lantern Works hired "Tomas" Reed.', triples)


TIMED_TEXT = (
    "The Aalto Stadium opened in 1932. Kestrel Group moved its office to Oslo in March 1967."
)


def timed_doc(doc_id: str = "times.txt") -> DocumentGraph:
    """Statements with times, one without an object ("opened in 1932"), one hedged."""
    triples = [
        Triple("Aalto Stadium", "open", "", "Place", "", confidence=0.7, time="1932",
               time_text="in 1932", sentence="The Aalto Stadium opened in 1932.",
               sentence_end=33, start=4, end=32, doc=doc_id),
        Triple("Kestrel Group", "move", "office", "Organization", "Concept", confidence=0.8,
               time="1967-03", time_text="in March 1967",
               sentence="Kestrel Group moved its office to Oslo in March 1967.",
               sentence_start=34, sentence_end=88, start=34, end=60, doc=doc_id),
        Triple("Kestrel Group", "close", "", "Organization", "", modality="plan",
               time_text="next year", sentence="Kestrel Group moved its office to Oslo in "
               "March 1967.", sentence_start=34, sentence_end=88, start=34, end=60, doc=doc_id),
    ]  # fmt: skip
    return DocumentGraph(doc_id, TIMED_TEXT, triples)


def full(doc_id: str, given: str, surname: str = "Meitner") -> DocumentGraph:
    """'<given> <surname> studied physics. <surname> moved.': the surname merged in."""
    name = f"{given} {surname}"
    text = f"{name} studied physics. {surname} moved."
    second = text.index(surname, len(name))
    end = text.index(".") + 1
    triple = Triple(name, "study", "physics", "Person", "Concept", sentence=text[:end],
                    sentence_end=end, end=end - 1, doc=doc_id)  # fmt: skip
    mentions = [
        EntityMention(doc_id, 0, len(name), name, name, "Person", "name"),
        EntityMention(doc_id, second, second + len(surname), surname, name, "Person", "surname"),
    ]
    entities = {(name, "Person"): Entity(name, "Person", {surname})}
    return DocumentGraph(doc_id, text, [triple], entities, mentions=mentions)


def bare(doc_id: str = "b.txt", name: str = "Meitner", type_: str = "Person") -> DocumentGraph:
    """'<name> won a prize. She was glad.': a one-word name of its own, and a pronoun."""
    text = f"{name} won a prize. She was glad."
    end = text.index(".") + 1
    triple = Triple(name, "win", "prize", type_, "Concept", sentence=text[:end],
                    sentence_end=end, end=end - 1, doc=doc_id)  # fmt: skip
    she = text.index("She")
    mentions = [
        EntityMention(doc_id, 0, len(name), name, name, type_, "name"),
        EntityMention(doc_id, she, she + 3, "She", name, type_, "pronoun"),
    ]
    return DocumentGraph(
        doc_id, text, [triple], {(name, type_): Entity(name, type_)}, mentions=mentions
    )


def ox_quad(quad: tuple[Any, Any, Any, Any]) -> ox.Quad:
    """An rdflib quad as a pyoxigraph ``Quad``, each term checked to fit its place."""
    from kg.rdf.terms import to_oxigraph

    s, p, o, g = (to_oxigraph(term) for term in quad)
    assert isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode)
    assert not isinstance(o, ox.DefaultGraph) and not isinstance(g, ox.Literal)
    return ox.Quad(s, p, o, g)
