"""Tests of the CaRB export (kg.extract.carb)."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from kg.extract.carb import carb_fields, to_carb
from kg.extract.clauses import extractions

VOCAB = English().vocab


def test_carb_copula_keeps_relational_noun_in_the_argument():
    # fmt: off
    words = ["Lisbon", "is", "the", "capital", "of", "Portugal"]
    doc = Doc(VOCAB, words=words, heads=[1, 1, 3, 1, 3, 4],
              deps=["nsubj", "ROOT", "det", "attr", "prep", "pobj"],
              pos=["PROPN", "AUX", "DET", "NOUN", "ADP", "PROPN"],
              lemmas=["Lisbon", "be", "the", "capital", "of", "Portugal"])
    # fmt: on
    (e,) = extractions(doc)
    assert e.relation == "is the capital of"  # the Open IE layer keeps the relational noun
    assert carb_fields(e, doc) == ["is", "Lisbon", "the capital of Portugal"]


def test_carb_verb_fields_in_order():
    # fmt: off
    words = ["Ada", "met", "Bob", "in", "Oslo"]
    doc = Doc(VOCAB, words=words, heads=[1, 1, 1, 1, 3],
              deps=["nsubj", "ROOT", "dobj", "prep", "pobj"],
              pos=["PROPN", "VERB", "PROPN", "ADP", "PROPN"],
              lemmas=["Ada", "meet", "Bob", "in", "Oslo"])
    # fmt: on
    (e,) = extractions(doc)
    assert carb_fields(e, doc) == ["met", "Ada", "Bob", "in Oslo"]


def test_carb_implied_be_for_participles_and_titles():
    # fmt: off
    words = ["US", "President", "Joseph", "Biden", "visited", "a", "yard", "based", "in", "Oslo"]
    doc = Doc(VOCAB, words=words, heads=[1, 3, 3, 4, 4, 6, 4, 6, 7, 8],
              deps=["compound", "compound", "compound", "nsubj", "ROOT", "det", "dobj", "acl",
                    "prep", "pobj"],
              pos=["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "DET", "NOUN", "VERB", "ADP",
                   "PROPN"],
              ents=["B-GPE", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-GPE"])
    # fmt: on
    fields = {e.kind: carb_fields(e, doc) for e in extractions(doc)}
    assert fields["title"] == ["be", "Joseph Biden", "US President"]
    assert fields["participle"] == ["be based in", "a yard", "Oslo"]
    assert fields["verb"] == ["visited", "US President Joseph Biden", "a yard based in Oslo"]


@pytest.mark.model
def test_carb_line_format():
    lines = list(to_carb("The harbour was designed by Ada Lund in 1887."))
    assert lines == [
        lines[0].split("\t")[0] + "\t" + lines[0].split("\t")[1] + "\t"
        "was designed by\tThe harbour\tAda Lund\tin 1887"
    ]
    sentence, conf, *_ = lines[0].split("\t")
    assert sentence == "The harbour was designed by Ada Lund in 1887."
    assert 0.0 < float(conf) <= 1.0


@pytest.mark.model
def test_carb_sentence_per_line_echoes_each_line_unchanged():
    text = "Ada  sold the boat in Oslo .\n\n   \nNils moved to Bergen. He sold a boat there.\n"
    lines = list(to_carb(text, sentence_per_line=True))
    sentences = [line.split("\t")[0] for line in lines]
    assert set(sentences) == {
        "Ada  sold the boat in Oslo .",
        "Nils moved to Bergen. He sold a boat there.",
    }
    # a line that spaCy splits into two sentences still yields both statements
    relations = [line.split("\t")[2] for line in lines]
    assert "moved to" in relations and "sold" in relations
    assert not any(line.endswith("\n") for line in lines)


@pytest.mark.model
def test_carb_fields_never_contain_tabs_or_newlines():
    text = "The council\tdid not recognize\nthe new harbour board."
    lines = list(to_carb(text))
    assert lines
    for line in lines:
        assert "\n" not in line
        fields = line.split("\t")
        assert len(fields) >= 5
        assert all(field == " ".join(field.split()) for field in fields)


@pytest.mark.model
def test_carb_leaves_out_single_argument_statements():
    assert list(to_carb("The old ferry sank.")) == []


@pytest.mark.model
def test_carb_document_mode_splits_sentences():
    lines = list(to_carb("Ada sold the boat. Nils moved to Bergen."))
    sentences = [line.split("\t")[0] for line in lines]
    assert sentences == ["Ada sold the boat.", "Nils moved to Bergen."]
