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
