"""kg.run.text: kg.triples, kg.entities and kg.entity_mentions on texts, without a store."""

from __future__ import annotations

import pytest

import kg
from kg.errors import InputError, KGError
from tests.test_api import ADA, NEGATED, PNG_BYTES, TRAVEL


def _facts(triples):
    return {(t.subject, t.relation, t.object) for t in triples}


def test_api_extract_rejects_bytes():
    with pytest.raises(TypeError, match="str"):
        kg.triples(b"Ada wrote a program.")  # type: ignore[arg-type]


# ---------------------------------------------------------------- kg.triples


@pytest.mark.model
def test_api_extract_triple_fields_and_offsets():
    text = "  " + TRAVEL + "\n\nMaria Lopez may open a shop in Porto."
    triples = kg.triples(text)
    assert triples
    for t in triples:
        assert isinstance(t, kg.Triple)
        for field in ("subject", "relation", "object", "subject_type", "object_type", "sentence"):
            assert isinstance(getattr(t, field), str) and getattr(t, field), field
        assert t.polarity in ("positive", "negative")
        assert t.modality is None or isinstance(t.modality, str)
        assert 0.0 <= t.confidence <= 1.0
        assert text[t.sentence_start : t.sentence_end] == t.sentence
        assert t.sentence_start <= t.start < t.end <= t.sentence_end
    assert {"Person", "Place"} <= {t.subject_type for t in triples} | {
        t.object_type for t in triples
    }


@pytest.mark.model
def test_api_extract_negation_is_not_asserted():
    (triple,) = kg.triples(NEGATED)
    assert (triple.subject, triple.relation, triple.object) == ("Maria Lopez", "sign", "contract")
    assert triple.polarity == "negative"
    assert not triple.asserted


@pytest.mark.model
def test_api_extract_modal_is_not_asserted():
    triples = kg.triples("Maria Lopez may sign the contract.")
    assert _facts(triples) == {("Maria Lopez", "sign", "contract")}
    assert triples[0].modality == "may"
    assert not triples[0].asserted


@pytest.mark.model
def test_api_extract_passive_is_turned_around():
    (triple,) = kg.triples("The bridge was designed by Gustave Eiffel.")
    assert (triple.subject, triple.relation, triple.object) == (
        "Gustave Eiffel",
        "design",
        "bridge",
    )
    assert triple.subject_type == "Person"
    assert triple.asserted


@pytest.mark.model
def test_api_extract_conjunctions_are_split():
    assert _facts(kg.triples("Peter Hall visited Rome and Paris.")) == {
        ("Peter Hall", "visit", "Rome"),
        ("Peter Hall", "visit", "Paris"),
    }
    subjects = {t.subject for t in kg.triples("Anna Holm and Tom Weber founded Blue River Foods.")}
    assert subjects == {"Anna Holm", "Tom Weber"}


@pytest.mark.model
def test_api_extract_doc_id_and_empty_text():
    assert kg.triples("") == []
    assert all(t.doc == "note-1" for t in kg.triples(ADA, doc_id="note-1"))


# ---------------------------------------------------------------- kg.entities / kg.entity_mentions


@pytest.mark.model
def test_api_entity_mentions_streams_one_list_per_document(tmp_path):
    path = tmp_path / "meitner.txt"
    path.write_text("Lise Meitner met Otto Hahn. Meitner thanked him.", encoding="utf-8")
    items = [path, "Nothing here at all.", "Ada Lovelace wrote. She was 27."]
    stream = kg.entity_mentions(items, base_iri="https://example.org/kg", n_process=1)
    assert not isinstance(stream, list)  # a generator: documents stream through
    first, empty, ada = list(stream)
    assert empty == []
    assert {m.doc for m in first} == {str(path)}
    assert [(m.text, m.entity, m.via) for m in first if m.via != "name"] == [
        ("Meitner", "Lise Meitner", "surname"),
        ("him", "Otto Hahn", "pronoun"),
    ]
    assert all(m.iri and m.iri.startswith("https://example.org/kg/entity/") for m in first)
    assert [(m.text, m.entity) for m in ada] == [
        ("Ada Lovelace", "Ada Lovelace"),
        ("She", "Ada Lovelace"),
    ]
    # The same records as kg.entities, one text at a time.
    assert first == kg.entities(path.read_text(encoding="utf-8"), doc_id=str(path),
                                base_iri="https://example.org/kg")  # fmt: skip


def test_api_entity_mentions_reports_unreadable_documents(tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(PNG_BYTES)
    seen = []
    out = list(kg.entity_mentions([bad], on_progress=lambda *a: seen.append(a), n_process=1))
    assert out == [] and len(seen) == 1 and isinstance(seen[0][2], InputError)
    with pytest.raises(KGError, match="base IRI"):
        next(kg.entity_mentions(["Ann left."], base_iri="not an iri"))
