"""kg.model: the plain records passed between the stages, and their JSON shapes."""

from __future__ import annotations

import json

import pytest

from kg.model import DocumentGraph, Entity, EntityMention, Triple

TRIPLE_RECORD = [
    "doc", "subject", "relation", "object", "subject_type", "object_type", "polarity",
    "modality", "attribution", "asserted", "confidence", "sentence", "sentence_start",
    "sentence_end", "start", "end", "time", "time_text",
]  # fmt: skip


@pytest.mark.parametrize(
    ("hedge", "asserted"),
    [
        ({}, True),
        ({"polarity": "negative"}, False),
        ({"modality": "may"}, False),
        ({"attribution": "the minister"}, False),
    ],
)
def test_model_a_triple_is_asserted_only_when_plain(hedge, asserted):
    assert Triple("Ann", "meet", "Bob", **hedge).asserted is asserted


def test_model_triple_record_has_the_jsonl_keys_in_order_and_a_rounded_confidence():
    triple = Triple("Ann", "meet", "Bob", "Person", "Person", confidence=0.123456, doc="d.txt")
    record = triple.as_dict()
    assert list(record) == TRIPLE_RECORD
    assert record["confidence"] == 0.1235 and record["asserted"] is True
    assert json.loads(json.dumps(record)) == record  # JSON-ready as it is


def test_model_a_statement_without_object_says_so():
    opened = Triple("Aalto Stadium", "open", "", "Place", "", time="1932", time_text="in 1932")
    assert not opened.has_object and Triple("Ann", "meet", "Bob").has_object


def test_model_mention_record_calls_the_type_class():
    mention = EntityMention("d", 0, 3, "Ann", "Ann Lee", "Person", "surname")
    assert mention.as_dict() == {
        "doc": "d", "start": 0, "end": 3, "text": "Ann", "entity": "Ann Lee",
        "class": "Person", "iri": None, "via": "surname",
    }  # fmt: skip
    unresolved = EntityMention("d", 4, 6, "it", None, None, "pronoun")
    assert mention.resolved and not unresolved.resolved


def test_model_entities_compare_by_identity_and_are_keyed_by_name_and_type():
    one, two = Entity("Ann Lee", "Person"), Entity("Ann Lee", "Person")
    assert one.key == two.key == ("Ann Lee", "Person") and one != two
    assert Entity("harbour").type == "Concept"


def test_model_document_graphs_do_not_share_their_lists():
    a, b = DocumentGraph("a", ""), DocumentGraph("b", "")
    a.triples.append(Triple("Ann", "meet", "Bob"))
    assert b.triples == [] and b.entities == {} and b.mentions == []
