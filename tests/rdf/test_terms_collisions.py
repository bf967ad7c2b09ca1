"""Minted IRIs carry 128-bit hashes: two names crafted to collide cannot share an IRI.

The pair below was found by a birthday search over spellings of "Anna Berg" (case and
punctuation, which the slug drops) in 11 seconds on one core against the 40-bit hash
kg used to mint; at 128 bits such a search needs about 2**64 hashes.
"""

from __future__ import annotations

import re

from kg.model import DocumentGraph, Triple
from kg.rdf.quads import document_quads
from kg.rdf.terms import HASH_LENGTH, document_iri, entity_iri, relation_iri
from kg.store.graph import KnowledgeGraph
from tests.docgraphs import select_rows

CRAFTED = ("AnnA:,;bErg-.", "AnNa- _bERg_,")  # one 40-bit hash: 9e981e7d85
_HASH = re.compile(r"(?:^|-)([0-9a-f]+)$")


def _hash_bits(iri: str) -> int:
    last = iri.rstrip("/").rsplit("/", 1)[-1]
    match = _HASH.search(last)
    return 4 * len(match.group(1)) if match else 0


def test_iri_crafted_40_bit_collision_gives_two_entities():
    first, second = (entity_iri(name, "Person") for name in CRAFTED)
    assert first != second
    graph = DocumentGraph("d", "", [Triple(CRAFTED[0], "meet", CRAFTED[1], "Person", "Person")])
    with KnowledgeGraph.open() as store:
        store.add(graph)
        assert store.stats()["entities"] == 2
        rows = select_rows(
            store.query("SELECT ?e (COUNT(?l) AS ?n) WHERE { ?e skos:prefLabel ?l } GROUP BY ?e")
        )
        assert sorted(int(r.n) for r in rows) == [1, 1]  # one label each: nobody merged


def test_iri_every_minted_hash_has_at_least_128_bits():
    assert HASH_LENGTH * 4 >= 128
    assert _hash_bits(entity_iri("Anna Berg", "Person")) >= 128
    assert _hash_bits(relation_iri("Co-Found")) >= 128  # a lossy slug gets a hash
    assert _hash_bits(document_iri("notes/a.txt")) >= 128
    assert _hash_bits(document_iri("", "some content")) >= 128
    triple = Triple("Anna Berg", "meet", "Karl Tamm", "Person", "Person",
                    sentence="Anna Berg met Karl Tamm.", start=0, end=24)  # fmt: skip
    quads = document_quads(DocumentGraph("d.txt", "Anna Berg met Karl Tamm.", [triple]))
    minted = {str(term) for quad in quads for term in quad[:3] if "/statement/" in str(term)
              or "/sentence/" in str(term) or "/merge/" in str(term)}  # fmt: skip
    assert any("/statement/" in iri for iri in minted)
    assert all(_hash_bits(iri) >= 128 for iri in minted), minted


def test_iri_a_quick_birthday_search_finds_no_collision():
    # 2**17 spellings of one name with one slug: at 40 bits this finds a collision about
    # once in 16 runs, at 128 bits never; all must differ.
    seps = [" ", "-", ".", "_", ",", ";", ":", "!"]
    names = set()
    for case in range(256):
        word = "".join(c.upper() if case >> i & 1 else c for i, c in enumerate("annaberg"))
        for a in seps:
            for b in seps:
                for end in ("", ".", "-", ",", "!", "?", ";", ":"):
                    names.add(f"{word[:4]}{a}{b}{word[4:]}{end}".strip())
    iris = {entity_iri.__wrapped__(n, "Person") for n in names}
    assert len(iris) == len(names)
