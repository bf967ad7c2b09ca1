"""Hand-built document graphs shared by the store tests (local and remote).

A module of plain functions, not fixtures: tests call them to get fresh objects.
"""

from __future__ import annotations

from kg.model import DocumentGraph, Entity, Triple


def doc_one(
    text: str = "Mara Quill founded Lantern Works. It may not open in Brindle.",
) -> DocumentGraph:
    triples = [
        Triple("Mara Quill", "found", "Lantern Works", "Person", "Organization", confidence=0.9,
               sentence="Mara Quill founded Lantern Works.", sentence_end=33, end=32),
        Triple("Lantern Works", "open in", "Brindle", "Organization", "Place", polarity="negative",
               modality="may", confidence=0.5, sentence="It may not open in Brindle.",
               sentence_start=34, sentence_end=61, start=34, end=60),
    ]  # fmt: skip
    entities = {("Mara Quill", "Person"): Entity("Mara Quill", "Person", {"Quill"})}
    return DocumentGraph("one.txt", text, triples, entities, source="docs/one.txt")


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
