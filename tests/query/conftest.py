"""Fixtures shared by the kg.query tests."""

from __future__ import annotations

import pytest

from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph


@pytest.fixture
def kg():
    triples = [
        Triple("Ann Lee", "meet", "Bob Roy", "Person", "Person", confidence=0.9,
               sentence="Ann Lee met Bob Roy.", sentence_end=20, end=19),
        Triple("Ann Lee", "visit", "Oslo", "Person", "Place", modality="may",
               sentence="Ann Lee may visit Oslo.", sentence_start=21, sentence_end=44),
    ]  # fmt: skip
    with KnowledgeGraph.open() as store:
        store.add(DocumentGraph("d1", "Ann Lee met Bob Roy. Ann Lee may visit Oslo.", triples))
        yield store
