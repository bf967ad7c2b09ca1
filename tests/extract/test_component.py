"""The spaCy component ``kg_triples``: registration, extraction, serialisation."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import entry_points

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import kg
from kg.extract.component import ASSIGNS, COMPONENT_NAME, REQUIRES, KGTriples
from kg.model import Extraction, Triple
from kg.nlp import MODEL_NAME


def _doc(vocab) -> Doc:
    """'Ann Berg met Karl Tamm. Karl Tamm did not sign the deal.', parsed by hand."""
    # fmt: off
    words = ["Ann", "Berg", "met", "Karl", "Tamm", ".",
             "Karl", "Tamm", "did", "not", "sign", "the", "deal", "."]
    heads = [1, 2, 2, 4, 2, 2,
             7, 10, 10, 10, 10, 12, 10, 10]
    deps = ["compound", "nsubj", "ROOT", "compound", "dobj", "punct",
            "compound", "nsubj", "aux", "neg", "ROOT", "det", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT",
           "PROPN", "PROPN", "AUX", "PART", "VERB", "DET", "NOUN", "PUNCT"]
    tags = ["NNP", "NNP", "VBD", "NNP", "NNP", ".",
            "NNP", "NNP", "VBD", "RB", "VB", "DT", "NN", "."]
    lemmas = ["Ann", "Berg", "meet", "Karl", "Tamm", ".",
              "Karl", "Tamm", "do", "not", "sign", "the", "deal", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O",
            "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"]
    # fmt: on
    return Doc(
        vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas, ents=ents
    )


@pytest.fixture
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT_NAME)
    return nlp


def _facts(triples):
    return [(t.subject, t.relation, t.object, t.polarity) for t in triples]


def test_component_factory_declares_what_it_requires_and_assigns():
    meta = Language.get_factory_meta(COMPONENT_NAME)
    assert list(meta.requires) == REQUIRES
    assert list(meta.assigns) == ASSIGNS == ["doc._.triples", "doc._.extractions"]
    assert {"token.dep", "token.pos", "token.lemma", "doc.ents"} <= set(meta.requires)


def test_component_analyze_pipes_reports_a_missing_parser(blank):
    problems = blank.analyze_pipes(pretty=False)["problems"]
    assert set(problems[COMPONENT_NAME]) == set(REQUIRES)


def test_component_extracts_both_layers_from_a_hand_parsed_doc(blank):
    doc = blank.get_pipe(COMPONENT_NAME)(_doc(blank.vocab))
    assert _facts(doc._.triples) == [
        ("Ann Berg", "meet", "Karl Tamm", "positive"),
        ("Karl Tamm", "sign", "deal", "negative"),
    ]
    assert all(isinstance(t, Triple) for t in doc._.triples)
    assert doc._.triples[0].subject_type == "Person"
    assert not doc._.triples[1].asserted
    exts = doc._.extractions
    assert all(isinstance(e, Extraction) for e in exts)
    assert next((e.arg1.text, e.relation, e.arg2.text if e.arg2 else None) for e in exts) == (
        "Ann Berg",
        "met",
        "Karl Tamm",
    )
    # Offsets point into the Doc text.
    first = exts[0]
    assert doc.text[first.arg1.start : first.arg1.end] == "Ann Berg"


def test_component_config_filters_triples():
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT_NAME, config={"asserted_only": True})
    doc = nlp.get_pipe(COMPONENT_NAME)(_doc(nlp.vocab))
    assert _facts(doc._.triples) == [("Ann Berg", "meet", "Karl Tamm", "positive")]
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT_NAME, config={"min_confidence": 1.0})
    assert nlp.get_pipe(COMPONENT_NAME)(_doc(nlp.vocab))._.triples == []
    assert nlp.config["components"][COMPONENT_NAME]["min_confidence"] == 1.0


def test_component_refuses_a_confidence_outside_0_1():
    with pytest.raises(ValueError, match="min_confidence"):
        KGTriples(spacy.blank("en"), min_confidence=2.0)


def test_component_returns_early_without_a_parse(blank):
    doc = blank("Ann Berg met Karl Tamm.")  # a blank pipeline: no dependency parse
    assert not doc.has_annotation("DEP")
    assert doc._.triples == [] and doc._.extractions == []


def test_component_extensions_are_none_on_an_unprocessed_doc(blank):
    doc = Doc(blank.vocab, words=["Nothing", "ran"])
    assert doc._.triples is None and doc._.extractions is None


def test_component_results_survive_doc_serialisation(blank):
    doc = blank.get_pipe(COMPONENT_NAME)(_doc(blank.vocab))
    again = Doc(blank.vocab).from_bytes(doc.to_bytes())
    assert again._.triples == doc._.triples
    assert again._.extractions == doc._.extractions
    docbin = DocBin(store_user_data=True)
    docbin.add(doc)
    (restored,) = DocBin().from_bytes(docbin.to_bytes()).get_docs(blank.vocab)
    assert restored._.triples == doc._.triples


def test_component_extensions_can_be_set(blank):
    doc = Doc(blank.vocab, words=["x"])
    doc._.triples = [Triple("A", "know", "B")]
    assert _facts(doc._.triples) == [("A", "know", "B", "positive")]


def test_component_entry_point_is_installed():
    points = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert points.get(COMPONENT_NAME) == "kg.extract.component:make_kg_triples"


def test_component_add_pipe_works_without_importing_kg():
    """A fresh interpreter finds the factory through the entry point alone."""
    code = textwrap.dedent(
        """
        import sys, spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("kg_triples")
        assert "kg.extract.component" in sys.modules
        print(nlp.pipe_names)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['kg_triples']"


@pytest.mark.model
def test_component_on_the_real_pipeline_matches_kg_extract():
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe(COMPONENT_NAME)
    text = "Anna Berg, the chief executive of Nordvik Shipping, met Karl Tamm in Tallinn."
    doc = nlp(text)
    assert _facts(doc._.triples) == _facts(kg.triples(text))
    assert ("Anna Berg", "chief executive of", "Nordvik Shipping", "positive") in _facts(
        doc._.triples
    )
    assert doc._.extractions


@pytest.mark.model
def test_component_round_trips_with_the_pipeline(tmp_path):
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe(COMPONENT_NAME, config={"min_confidence": 0.1})
    nlp.to_disk(tmp_path / "pipeline")
    code = textwrap.dedent(
        f"""
        import spacy
        nlp = spacy.load({str(tmp_path / "pipeline")!r})
        print(nlp.pipe_names[-1], nlp.get_pipe("kg_triples").min_confidence)
        doc = nlp("Lars Olsen joined Nordvik Shipping in 2015.")
        for t in doc._.triples:
            print(t.subject, "|", t.relation, "|", t.object)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert lines[0] == "kg_triples 0.1"
    assert "Lars Olsen | join | Nordvik Shipping" in lines[1:]
