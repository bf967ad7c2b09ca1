"""kg.nlp: the one place that loads spaCy, once, with kg's paragraph and dateline rule."""

from __future__ import annotations

import pytest

from kg import nlp as kg_nlp
from kg.errors import ModelError


def test_nlp_a_missing_model_is_a_model_error_saying_what_to_install():
    with pytest.raises(ModelError, match="'no_such_model_here' is not installed") as info:
        kg_nlp.load("no_such_model_here")
    assert isinstance(info.value.__cause__, OSError)


@pytest.mark.model
def test_nlp_load_is_cached_and_adds_the_paragraph_rule_before_the_parser(nlp):
    assert kg_nlp.load() is nlp
    names = nlp.pipe_names
    assert names.index(kg_nlp.PARAGRAPHS) < names.index("parser")


@pytest.mark.model
def test_nlp_a_blank_line_ends_a_sentence():
    doc = kg_nlp.parse("Anna Berg met Karl Tamm in Tallinn\n\nThe port opened a new terminal.")
    starts = [sent[0].text for sent in doc.sents if not sent[0].is_space]
    assert starts == ["Anna", "The"]


@pytest.mark.model
def test_nlp_a_dateline_is_a_sentence_of_its_own():
    doc = kg_nlp.parse("TALLINN, March 4 — Nordvik Shipping signed a ten-year agreement.")
    assert [sent[0].text for sent in doc.sents] == ["TALLINN", "Nordvik"]
