"""kg._rules: spaCy's attribute ruler and lemmatizer, sped up, give the very same annotations."""

from __future__ import annotations

import pickle
from importlib import resources
from typing import Any

import pytest

from kg import _rules
from kg import nlp as kg_nlp

pytestmark = pytest.mark.model

#: Texts that reach every kind of rule: the tag map, the word exceptions (pronouns,
#: determiners, modals), the two-token patterns ("gon na", "ai n't", "let 's"), the
#: dependency tests ("but" as an adverb), white space, and odd or hostile text.
_TEXTS = [
    "They were gon na sing, but I ai n't going. Let's go! We got ta leave; I'd say so.",
    "Everyone knew that nothing could stop him: she said she would, and it did.",
    "But for the rain, Dr. Ann Lee-Smith (born 1950) had sailed 3,000 km to Tallinn's port.",
    "  Spaces\t\tand\n\n\nnew lines, ÜNICODE wörds, emoji 🙂 and <script>alert(1)</script>.",
    "Is it true? Whether or not, though, these ones — those — were better than the others.",
    "running ran runs better best worse geese mice children oxen analyses criteria",
]


def _samples() -> list[str]:
    folder = resources.files("kg") / "samples"
    return [p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".txt")]


@pytest.fixture(scope="module")
def stock():
    """spaCy's own components, with kg's paragraph rule (which changes the parse)."""
    import spacy

    pipeline = spacy.load(kg_nlp.MODEL_NAME)
    kg_nlp._register_paragraphs()
    pipeline.add_pipe(kg_nlp.PARAGRAPHS, before="parser")
    assert type(pipeline.get_pipe("lemmatizer")).__name__ == "EnglishLemmatizer"
    return pipeline


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_rules_kg_pipeline_uses_the_fast_components(nlp):
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "FastAttributeRuler"
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "FastEnglishLemmatizer"


def test_rules_annotations_are_the_same_as_spacys(nlp, stock):
    texts = [*_TEXTS, *_samples()]
    ours = [_annotations(d) for d in nlp.pipe(texts)]
    theirs = [_annotations(d) for d in stock.pipe(texts)]
    assert ours == theirs
    assert sum(map(len, ours)) > sum(map(len, ours[: len(_TEXTS)])) + 300  # and the samples


def test_rules_matches_are_the_same_as_the_matchers(nlp, stock):
    ruler = nlp.get_pipe("attribute_ruler")
    doc = stock.make_doc(" ".join(_TEXTS))
    for name in ("tok2vec", "tagger", "parser"):
        doc = stock.get_pipe(name)(doc)
    ours = ruler.match(doc)
    theirs = stock.get_pipe("attribute_ruler").match(doc)
    assert ours == sorted(set(theirs))
    assert {m[0] for m in ours} > {0}  # more than one rule matched


def test_rules_a_pattern_added_later_applies_and_an_unknown_feature_keeps_the_matcher(stock):
    import spacy

    fresh = _rules.speed_up(spacy.load(kg_nlp.MODEL_NAME))
    ruler: Any = fresh.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "tallinn"}]], {"LEMMA": "TLL"})
    assert fresh("Tallinn is far.")[0].lemma_ == "TLL"
    ruler.add([[{"LOWER": "far"}, {"IS_PUNCT": True, "OP": "?"}]], {"LEMMA": "FAR"})
    assert _rules._compile(ruler) is None  # "OP": the Matcher answers, as before
    assert [t.lemma_ for t in fresh("Tallinn is far.")][:3] == ["TLL", "be", "FAR"]


def test_rules_a_pos_pattern_keeps_the_matcher():
    import spacy

    fresh, plain = _rules.speed_up(spacy.load(kg_nlp.MODEL_NAME)), spacy.load(kg_nlp.MODEL_NAME)
    for pipeline in (fresh, plain):
        ruler: Any = pipeline.get_pipe("attribute_ruler")
        ruler.add([[{"POS": "AUX"}, {"LOWER": "far"}]], {"LEMMA": "FAR"}, index=1)
    assert _rules._compile(fresh.get_pipe("attribute_ruler")) is None  # POS: an enum
    text = "Tallinn is far, and it was far."
    assert [t.lemma_ for t in fresh(text)] == [t.lemma_ for t in plain(text)]


def test_rules_components_pickle_and_serialise_as_before(nlp, stock):
    ruler = pickle.loads(pickle.dumps(nlp.get_pipe("attribute_ruler")))
    assert type(ruler).__name__ == "FastAttributeRuler" and len(ruler.patterns) > 100
    lemmatizer = nlp.get_pipe("lemmatizer")
    copy = pickle.loads(pickle.dumps(lemmatizer))
    assert type(copy).__name__ == "FastEnglishLemmatizer"
    data = lemmatizer.to_bytes()
    other = stock.get_pipe("lemmatizer")
    assert other.from_bytes(data).lookups.tables == lemmatizer.lookups.tables


def test_rules_a_word_list_answers_in_after_every_change():
    words = _rules._Words(["ship", "port"])
    assert "ship" in words and "dock" not in words
    words.append("dock")
    words.remove("ship")
    words[0] = "quay"
    assert ("dock" in words, "ship" in words, "port" in words, "quay" in words) == (
        True,
        False,
        False,
        True,
    )
    words += ["pier"]
    assert "pier" in words and words == ["quay", "dock", "pier"]
