"""Hand-made harbour documents shared by the view tests (no spaCy model), and a page's data."""

from __future__ import annotations

import json
import re
from typing import Any

from kg.model import DocumentGraph, Entity, Triple

HARBOUR = "notes/harbour.txt"
MINUTES = "minutes.txt"
# subject, its type, relation, object, its type, and the Triple's other fields
Fact = tuple[str, str, str, str, str, dict[str, Any]]


def _doc(doc_id: str, facts: list[Fact], aliases: dict[str, set[str]]) -> DocumentGraph:
    triples = []
    entities: dict[tuple[str, str], Entity] = {}
    for s, s_type, relation, o, o_type, extra in facts:
        sentence = extra.pop("sentence", f"{s} ({relation}) {o}.")
        triples.append(Triple(s, relation, o, s_type, o_type, sentence=sentence, **extra))
        for name, type_ in ((s, s_type), (o, o_type)):
            entities[(name, type_)] = Entity(name, type_, set(aliases.get(name, set())))
    return DocumentGraph(doc_id, " ".join(t.sentence for t in triples), triples, entities)


def harbour_docs() -> list[DocumentGraph]:
    aliases = {
        "Mira Halvorsen": {"Halvorsen", "M. Halvorsen"},
        "Per Halvorsen": {"Halvorsen"},
        "Northgate Port Authority": {"NPA"},
    }
    one = _doc(
        HARBOUR,
        [
            ("Mira Halvorsen", "Person", "chief executive of", "Northgate Port Authority",
             "Organization", {"confidence": 0.93, "sentence": "Halvorsen runs the NPA."}),
            ("Northgate Port Authority", "Organization", "based in", "Northgate", "Place", {}),
            ("dock workers", "Group", "oppose", "dredging plan", "Concept",
             {"polarity": "negative"}),
            ("Per Halvorsen", "Person", "sibling of", "Mira Halvorsen", "Person", {}),
        ],
        aliases,
    )  # fmt: skip
    two = _doc(
        MINUTES,
        [
            ("Jonas Brekke", "Person", "member of", "Northgate City Council", "Organization", {}),
            ("Northgate City Council", "Organization", "located in", "Northgate", "Place", {}),
            ("Jonas Brekke", "Person", "meet with", "Mira Halvorsen", "Person", {}),
        ],
        aliases,
    )
    return [one, two]


def _page_data(page: str) -> dict[str, Any]:
    raw = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert raw
    data: dict[str, Any] = json.loads(raw.group(1))
    return data


SELECT_SPO = """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o . ?o a kg:Place . ?p rdfs:subPropertyOf kg:relatedTo }"""
