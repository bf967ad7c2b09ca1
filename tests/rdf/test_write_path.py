"""kg.rdf on the write path: the quads minted as pyoxigraph terms are the quads kg wrote
with rdflib terms, byte for byte.

``golden_quads.nq`` holds the quads of ``hand_made()`` as the rdflib implementation
wrote them (``document_quads`` of commit fbf3997, converted with ``to_oxigraph``),
with ``kg:extractorVersion`` "golden" and the generation time ``WHEN``; a deliberate
change of the quads rewrites it with ``write_golden()``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg._version
from kg.model import Argument, DocumentGraph, Entity, EntityMention, Extraction, Triple
from kg.rdf.namespaces import KG
from kg.rdf.quads import document_ox_quads, document_quads, document_triples
from kg.rdf.terms import document_iri
from tests.docgraphs import bare, doc_one, doc_two, full, ox_quad, timed_doc

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
GOLDEN = Path(__file__).with_name("golden_quads.nq")


def hostile_doc() -> DocumentGraph:
    """Names, texts and ids that need escaping or cleaning, and a merge seen by Open IE only."""
    text = 'Zoë "Q" Ångström\r\nmet 习近平.\x00 Ångström left. She said so \\ twice.'
    name, other = 'Zoë "Q" Ångström', "习近平"
    triples = [
        Triple(name, "meet\nwith", other, "Person", "Person", confidence=1.5,
               sentence='Zoë "Q" Ångström\r\nmet 习近平.\x00', sentence_end=28, end=27,
               polarity="positive", attribution="a <source> \x1b", time="1999-12-31",
               time_text="on\tNew Year's Eve"),
        Triple(name, "leave", "", "Person", "", confidence=float("nan"),
               sentence="", sentence_start=5, sentence_end=5, start=29, end=43),
        Triple(other, "Say", "lone \udc80 surrogate", "Person", "Concept", modality="might",
               sentence="She said so \\ twice.", sentence_start=44, sentence_end=64),
    ]  # fmt: skip
    entities = {(name, "Person"): Entity(name, "Person", {"Ångström", "Zoe\u0301 Q"})}
    second = text.index("Ångström", 5)
    mentions = [
        EntityMention("h", 0, 16, name, name, "Person", "name"),
        EntityMention("h", second, second + 8, "Ångström", name, "Person", "surname"),
        EntityMention("h", 44, 47, "She", name, "Person", "pronoun"),
    ]
    left = Extraction(Argument("Ångström", second, second + 8, role="subject"), "left", (),
                      sentence_start=29, sentence_end=43)  # fmt: skip
    return DocumentGraph(
        "weird id/<\x07>\n", text, triples, entities, [left], source="src\x1f", mentions=mentions
    )


def hand_made() -> list[DocumentGraph]:
    """Every shape of the quads: merges, times, objectless and hedged statements, escapes."""
    return [doc_one(), doc_two(), timed_doc(), full("f.txt", "Lise"), bare(), hostile_doc(),
            DocumentGraph("", "No id, no claims.")]  # fmt: skip


def _converted(dg: DocumentGraph, **options: object) -> list[ox.Quad]:
    quads = document_quads(dg, generated_at=WHEN, **options)  # type: ignore[arg-type]
    return [ox_quad(q) for q in quads]


@pytest.mark.parametrize("dg", hand_made(), ids=lambda dg: dg.doc_id or "no-id")
@pytest.mark.parametrize("base", ["https://kg.example.org/", "urn:x-kg:/"])
def test_rdf_ox_quads_are_the_rdflib_quads_converted(dg, base):
    quads = document_ox_quads(dg, base=base, generated_at=WHEN)
    assert quads == _converted(dg, base=base)  # same quads, same order
    assert len(set(quads)) == len(quads)


def test_rdf_ox_quads_match_the_golden_quads_of_the_rdflib_implementation(monkeypatch):
    monkeypatch.setattr(kg._version, "__version__", "golden")
    golden = set(ox.parse(GOLDEN.read_bytes(), format=ox.RdfFormat.N_QUADS))
    ours = {q for dg in hand_made() for q in document_ox_quads(dg, generated_at=WHEN)}
    assert ours == golden


@pytest.mark.parametrize("dg", hand_made(), ids=lambda dg: dg.doc_id or "no-id")
def test_rdf_document_triples_name_the_graph_and_carry_its_hash(dg):
    rdf = document_triples(dg, generated_at=WHEN)
    assert rdf.graph.value == str(document_iri(dg.doc_id, dg.text))
    hashes = [o for s, p, o in rdf.triples if p.value == str(KG.graphHash)]
    assert hashes == [ox.Literal(rdf.digest)] and len(rdf.digest) == 64
    # Oxigraph holds every one of them as it is.
    store = ox.Store()
    store.extend(ox.Quad(s, p, o, rdf.graph) for s, p, o in rdf.triples)
    assert len(store) == len(rdf.triples)


def write_golden() -> None:  # pragma: no cover - run by hand after a deliberate change
    """Rewrite ``golden_quads.nq`` from ``document_ox_quads``."""
    kg._version.__version__ = "golden"
    quads = {q for dg in hand_made() for q in document_ox_quads(dg, generated_at=WHEN)}
    GOLDEN.write_text("".join(sorted(f"{q} .\n" for q in quads)), encoding="utf-8")
