"""kg.rdf.terms: IRIs minted from hostile names are valid, bounded, readable and apart."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import URIRef

from kg.errors import FormatError
from kg.rdf.quads import document_quads
from kg.rdf.terms import (
    DEFAULT_BASE_IRI,
    HASH_LENGTH,
    MAX_SLUG_LENGTH,
    check_base_iri,
    document_iri,
    entity_iri,
    relation_iri,
)
from tests.rdf.test_quads import HOSTILE_NAMES, WHEN, sample_doc

# ---------------------------------------------------------------- IRIs


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_rdf_entity_iri_valid_and_bounded_for_hostile_names(name):
    iri = entity_iri(name, "Person")
    pyoxigraph.NamedNode(str(iri))  # raises ValueError on an invalid IRI
    assert iri.startswith(f"{DEFAULT_BASE_IRI}entity/")
    assert len(iri) <= len(DEFAULT_BASE_IRI) + len("document/") + MAX_SLUG_LENGTH + 1 + HASH_LENGTH
    assert iri == entity_iri(name, "Person")  # deterministic


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_rdf_relation_and_document_iri_valid_for_hostile_names(name):
    for iri in (relation_iri(name), document_iri(name, name)):
        pyoxigraph.NamedNode(str(iri))
        longest = len(DEFAULT_BASE_IRI) + len("document/") + MAX_SLUG_LENGTH + 1 + HASH_LENGTH
        assert len(iri) <= longest


def test_rdf_entity_iri_is_readable_and_stable():
    # Pinned: an IRI that changes between releases breaks every stored graph.
    assert entity_iri("Xi Jinping", "Person") == URIRef(
        "https://kg.example.org/entity/xi-jinping-000956117c510b5d0ab86608a8de504b"
    )


def test_rdf_entity_iri_tells_apart_names_with_the_same_slug_and_types():
    iris = {
        entity_iri("Lantern Works", "Organization"),
        entity_iri("lantern works", "Organization"),
        entity_iri("Lantern  Works!", "Organization"),
        entity_iri("Lantern Works", "Place"),
        entity_iri("x" * 100_000, "Concept"),
        entity_iri("x" * 100_001, "Concept"),
    }
    assert len(iris) == 6


@pytest.mark.parametrize(
    ("relation", "local"),
    [
        ("support", "support"),
        ("chief executive of", "chief-executive-of"),
        ("travel to", "travel-to"),
        ("be 2nd in", "be-2nd-in"),
    ],
)
def test_rdf_relation_iri_lossless_slugs_have_no_hash(relation, local):
    assert relation_iri(relation) == URIRef(f"{DEFAULT_BASE_IRI}relation/{local}")


@pytest.mark.parametrize(
    ("relation", "lossless"),
    [
        ("co-found", "co found"),
        ("Support", "support"),
        ("travel  to", "travel to"),
        ("be in!", "be in"),
        ("élire", "elire"),
    ],
)
def test_rdf_relation_iri_lossy_slugs_get_a_hash(relation, lossless):
    plain = relation_iri(lossless)
    iri = relation_iri(relation)
    assert iri != plain
    assert iri.startswith(plain + "-") and len(iri) == len(plain) + 1 + HASH_LENGTH


def test_rdf_document_iri_depends_on_id_not_content_unless_id_is_empty():
    assert document_iri("a.txt", "one") == document_iri("a.txt", "two")
    assert document_iri("", "one") != document_iri("", "two")
    assert document_iri("a.txt") != document_iri("b.txt")


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://example.org/kg", "https://example.org/kg/"),
        ("https://example.org/kg/", "https://example.org/kg/"),
        ("urn:x-kg:", "urn:x-kg:/"),
        ("https://example.org/kg#", "https://example.org/kg#"),
    ],
)
def test_rdf_check_base_iri_normalises(base, expected):
    assert check_base_iri(base) == expected


@pytest.mark.parametrize("base", ["", "kg/", "not an iri", "https://exa mple.org/", "http://x/<>"])
def test_rdf_check_base_iri_rejects_invalid(base):
    with pytest.raises(FormatError):
        check_base_iri(base)


def test_rdf_base_iri_is_used_for_every_minted_iri():
    quads = document_quads(sample_doc(), base="https://example.org/kg/", generated_at=WHEN)
    minted = {t for q in quads for t in q if isinstance(t, URIRef)}
    ours = {t for t in minted if "kg.example.org/" in t and "/ontology#" not in t}
    assert ours == set()
    assert any(t.startswith("https://example.org/kg/entity/") for t in minted)
