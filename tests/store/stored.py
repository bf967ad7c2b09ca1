"""Helpers shared by the store tests: a fixed generation time, the labels a store holds."""

from __future__ import annotations

from datetime import UTC, datetime

from kg.store.graph import KnowledgeGraph
from tests.docgraphs import select_rows

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def labels(kg: KnowledgeGraph) -> set[str]:
    rows = select_rows(kg.query("SELECT DISTINCT ?l WHERE { ?e skos:prefLabel ?l }"))
    return {str(r.l) for r in rows}
