"""Tests of the Open IE layer (kg.extract.clauses).

Rule logic is tested on hand-built parses (no model): one row of ``CASES`` per
construction, the parse and what must be extracted from it (see
``tests/extract/parses.py``); ``model`` tests check the same constructions end to
end with the real English pipeline on sentences written for these tests.
Negation, modality and attribution are in ``test_hedges.py``.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.clauses import extractions, sentence_extractions
from tests.extract.parses import VOCAB, Case, check, parse, triples

CASES: dict[str, Case] = {
    # --- verbs: active, passive, prepositions, particles, extra arguments -----------
    "active verb with object": Case(
        [
            ("Ada", 1, "nsubj", "PROPN", "NNP", "Ada", "B-PERSON"),
            ("met", 1, "ROOT", "VERB", "VBD", "meet"),
            ("Bob", 1, "dobj", "PROPN", "NNP", "Bob", "B-PERSON"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ],
        count=1,
        checks=[(0, {
            "triple": ("Ada", "met", "Bob"),
            "arg1.head": 0, "arg1.role": "subject", "arg1.start": 0, "arg1.end": 3,
            "args.0.head": 2, "args.0.role": "object",
            "predicate": 1, "rel_tokens": (1,), "kind": "verb", "polarity": "positive",
            "asserted": True,
            "sentence_start": 0, "sentence_end": len("Ada met Bob ."),  # the text, rstripped
        })],
    ),
    "passive keeps agent as written": Case(
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("bridge", 3, "nsubjpass", "NOUN", "NN", "bridge"),
            ("was", 3, "auxpass", "AUX", "VBD", "be"),
            ("designed", 3, "ROOT", "VERB", "VBN", "design"),
            ("by", 3, "agent", "ADP", "IN", "by"),
            ("Gustave", 6, "compound", "PROPN", "NNP", "Gustave", "B-PERSON"),
            ("Eiffel", 4, "pobj", "PROPN", "NNP", "Eiffel", "I-PERSON"),
            ("in", 3, "prep", "ADP", "IN", "in"),
            ("1887", 7, "pobj", "NUM", "CD", "1887", "B-DATE"),
            (".", 3, "punct", "PUNCT", ".", "."),
        ],
        count=1,
        checks=[(0, {
            "triple": ("The bridge", "was designed by", "Gustave Eiffel", "in 1887"),
            "kind": "passive",
            "roles": ["agent", "time"], "args.0.head": 6, "args.1.head": 8,
            "arg1.head": 1, "predicate": 3,
        })],
    ),
    # the conjoined verb carries the subject over; the year is an extra argument
    "particle and preposition join the relation": Case(
        [
            ("He", 1, "nsubj", "PRON", "PRP", "he"),
            ("grew", 1, "ROOT", "VERB", "VBD", "grow"),
            ("up", 1, "prt", "ADP", "RP", "up"),
            ("in", 1, "prep", "ADP", "IN", "in"),
            ("Ohio", 3, "pobj", "PROPN", "NNP", "Ohio", "B-GPE"),
            ("and", 1, "cc", "CCONJ", "CC", "and"),
            ("moved", 1, "conj", "VERB", "VBD", "move"),
            ("to", 6, "prep", "ADP", "IN", "to"),
            ("Texas", 7, "pobj", "PROPN", "NNP", "Texas", "B-GPE"),
            ("in", 6, "prep", "ADP", "IN", "in"),
            ("1990", 9, "pobj", "NUM", "CD", "1990", "B-DATE"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ],
        count=2,
        checks=[
            (0, {"triple": ("He", "grew up in", "Ohio"), "args.0.role": "prep",
                 "rel_tokens": (1, 2, 3)}),
            (1, {"triple": ("He", "moved to", "Texas", "in 1990"), "roles": ["prep", "time"],
                 "arg1.head": 0}),
        ],
    ),
    "place argument": Case(
        [
            ("Ada", 1, "nsubj", "PROPN", "NNP", "Ada", "B-PERSON"),
            ("met", 1, "ROOT", "VERB", "VBD", "meet"),
            ("Bob", 1, "dobj", "PROPN", "NNP", "Bob", "B-PERSON"),
            ("in", 1, "prep", "ADP", "IN", "in"),
            ("Oslo", 3, "pobj", "PROPN", "NNP", "Oslo", "B-GPE"),
            ("on", 1, "prep", "ADP", "IN", "on"),
            ("Monday", 5, "pobj", "PROPN", "NNP", "Monday", "B-DATE"),
        ],
        count=1,
        checks=[(0, {"triple": ("Ada", "met", "Bob", "in Oslo", "on Monday"),
                     "roles": ["object", "place", "time"]})],
    ),
    # --- copula and nominal predicates ------------------------------------------------
    "copula with relational noun": Case(
        [
            ("Lisbon", 1, "nsubj", "PROPN", "NNP", "Lisbon", "B-GPE"),
            ("is", 1, "ROOT", "AUX", "VBZ", "be"),
            ("the", 3, "det", "DET", "DT", "the"),
            ("capital", 1, "attr", "NOUN", "NN", "capital"),
            ("of", 3, "prep", "ADP", "IN", "of"),
            ("Portugal", 4, "pobj", "PROPN", "NNP", "Portugal", "B-GPE"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ],
        count=1,
        checks=[(0, {"triple": ("Lisbon", "is the capital of", "Portugal"), "kind": "copula",
                     "predicate": 3, "rel_tokens": (1, 2, 3, 4), "args.0.role": "prep"})],
    ),
    "copula with plain complement": Case(
        [
            ("Tallinn", 1, "nsubj", "PROPN", "NNP", "Tallinn", "B-GPE"),
            ("is", 1, "ROOT", "AUX", "VBZ", "be"),
            ("a", 4, "det", "DET", "DT", "a"),
            ("busy", 4, "amod", "ADJ", "JJ", "busy"),
            ("port", 1, "attr", "NOUN", "NN", "port"),
        ],
        count=1,
        checks=[(0, {"triple": ("Tallinn", "is", "a busy port"), "kind": "copula",
                     "predicate": 1, "args.0.role": "complement", "args.0.head": 4})],
    ),
    "existential there": Case(
        [
            ("There", 1, "expl", "PRON", "EX", "there"),
            ("are", 1, "ROOT", "VERB", "VBP", "be"),
            ("three", 3, "nummod", "NUM", "CD", "three"),
            ("bridges", 1, "attr", "NOUN", "NNS", "bridge"),
            ("in", 3, "prep", "ADP", "IN", "in"),
            ("Bern", 4, "pobj", "PROPN", "NNP", "Bern", "B-GPE"),
        ],
        triples=[("three bridges", "are in", "Bern")],
    ),
    # --- conjunctions -------------------------------------------------------------------
    "coordinated verbs share subject and object": Case(
        [
            ("Traders", 1, "nsubj", "NOUN", "NNS", "trader"),
            ("bought", 1, "ROOT", "VERB", "VBD", "buy"),
            ("and", 1, "cc", "CCONJ", "CC", "and"),
            ("sold", 1, "conj", "VERB", "VBD", "sell"),
            ("shares", 1, "dobj", "NOUN", "NNS", "share"),
        ],
        triples=[("Traders", "bought", "shares"), ("Traders", "sold", "shares")],
    ),
    "one entity is not split": Case(
        [
            ("Procter", 3, "nsubj", "PROPN", "NNP", "Procter", "B-ORG"),
            ("and", 0, "cc", "CCONJ", "CC", "and", "I-ORG"),
            ("Gamble", 0, "conj", "PROPN", "NNP", "Gamble", "I-ORG"),
            ("makes", 3, "ROOT", "VERB", "VBZ", "make"),
            ("soap", 3, "dobj", "NOUN", "NN", "soap"),
        ],
        triples=[("Procter and Gamble", "makes", "soap")],
    ),
    # --- relative clauses and participles ---------------------------------------------
    # the relative clause is not part of the main clause's subject
    "relative pronoun replaced by its noun": Case(
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("man", 6, "nsubj", "NOUN", "NN", "man"),
            ("who", 3, "nsubj", "PRON", "WP", "who"),
            ("founded", 1, "relcl", "VERB", "VBD", "found"),
            ("Acme", 3, "dobj", "PROPN", "NNP", "Acme", "B-ORG"),
            ("later", 6, "advmod", "ADV", "RB", "later"),
            ("retired", 6, "ROOT", "VERB", "VBD", "retire"),
        ],
        checks=[
            ({"predicate": 3}, {"triple": ("The man", "founded", "Acme"), "kind": "relative",
                                "arg1.head": 1}),
            ({"predicate": 6}, {"arg1.text": "The man"}),
        ],
    ),
    "relative object pronoun": Case(
        [
            ("a", 1, "det", "DET", "DT", "a"),
            ("bank", 1, "ROOT", "NOUN", "NN", "bank"),
            ("that", 4, "dobj", "PRON", "WDT", "that"),
            ("he", 4, "nsubj", "PRON", "PRP", "he"),
            ("owned", 1, "relcl", "VERB", "VBD", "own"),
        ],
        count=1,
        checks=[(0, {"triple": ("he", "owned", "a bank"), "args.0.head": 1,
                     "args.0.role": "object"})],
    ),
    "participle modifier": Case(
        [
            ("a", 1, "det", "DET", "DT", "a"),
            ("company", 1, "ROOT", "NOUN", "NN", "company"),
            ("based", 1, "acl", "VERB", "VBN", "base"),
            ("in", 2, "prep", "ADP", "IN", "in"),
            ("Lyon", 3, "pobj", "PROPN", "NNP", "Lyon", "B-GPE"),
        ],
        count=1,
        checks=[(0, {"triple": ("a company", "based in", "Lyon"), "kind": "participle",
                     "predicate": 2, "arg1.head": 1})],
    ),
    # --- appositions, possessives, titles ---------------------------------------------
    "apposition with relational noun": Case(
        [
            ("Maria", 7, "nsubj", "PROPN", "NNP", "Maria", "B-PERSON"),
            (",", 0, "punct", "PUNCT", ",", ","),
            ("the", 4, "det", "DET", "DT", "the"),
            ("chief", 4, "amod", "ADJ", "JJ", "chief"),
            ("executive", 0, "appos", "NOUN", "NN", "executive"),
            ("of", 4, "prep", "ADP", "IN", "of"),
            ("Acme", 5, "pobj", "PROPN", "NNP", "Acme", "B-ORG"),
            ("resigned", 7, "ROOT", "VERB", "VBD", "resign"),
        ],
        checks=[({"kind": "apposition"}, {
            "triple": ("Maria", "is the chief executive of", "Acme"),
            "predicate": 4, "arg1.head": 0, "args.0.head": 6,
        })],
    ),
    "possessive title": Case(
        [
            ("Acme", 5, "poss", "PROPN", "NNP", "Acme", "B-ORG"),
            ("'s", 0, "case", "PART", "POS", "'s"),
            ("chief", 3, "amod", "ADJ", "JJ", "chief"),
            ("executive", 5, "compound", "NOUN", "NN", "executive"),
            ("Maria", 5, "compound", "PROPN", "NNP", "Maria", "B-PERSON"),
            ("Silva", 6, "nsubj", "PROPN", "NNP", "Silva", "I-PERSON"),
            ("resigned", 6, "ROOT", "VERB", "VBD", "resign"),
        ],
        checks=[({"kind": "possessive"}, {
            "triple": ("Maria Silva", "is chief executive of", "Acme"),
            "arg1.head": 5, "args.0.head": 0, "predicate": 3,
        })],
    ),
    "title with country before the name": Case(
        [
            ("US", 1, "compound", "PROPN", "NNP", "US", "B-GPE"),
            ("President", 3, "compound", "PROPN", "NNP", "President"),
            ("Joseph", 3, "compound", "PROPN", "NNP", "Joseph", "B-PERSON"),
            ("Biden", 4, "nsubj", "PROPN", "NNP", "Biden", "I-PERSON"),
            ("spoke", 4, "ROOT", "VERB", "VBD", "speak"),
        ],
        checks=[({"kind": "title"}, {
            "triple": ("Joseph Biden", "is President of", "US"),
            "arg1.head": 3, "args.0.head": 0, "predicate": 1,
        })],
    ),
    "title with of phrase": Case(
        [
            ("President", 2, "compound", "PROPN", "NNP", "President"),
            ("Lula", 2, "compound", "PROPN", "NNP", "Lula", "B-PERSON"),
            ("Silva", 5, "nsubj", "PROPN", "NNP", "Silva", "I-PERSON"),
            ("of", 2, "prep", "ADP", "IN", "of"),
            ("Brazil", 3, "pobj", "PROPN", "NNP", "Brazil", "B-GPE"),
            ("spoke", 5, "ROOT", "VERB", "VBD", "speak"),
        ],
        checks=[({"kind": "title"}, {"triple": ("Lula Silva", "is President of", "Brazil")})],
    ),
    "honorific is not a title": Case(
        [
            ("Mr.", 1, "compound", "PROPN", "NNP", "Mr.", "O"),
            ("Baker", 2, "nsubj", "PROPN", "NNP", "Baker", "B-PERSON"),
            ("left", 2, "ROOT", "VERB", "VBD", "leave"),
        ],
        kinds=["verb"],
    ),
    # an implied "is": no predicate token, the preposition is the only word
    "locative noun phrase": Case(
        [
            ("The", 2, "det", "DET", "DT", "the"),
            ("Concert", 2, "compound", "PROPN", "NNP", "Concert", "B-FAC"),
            ("Hall", 6, "nsubj", "PROPN", "NNP", "Hall", "I-FAC"),
            ("in", 2, "prep", "ADP", "IN", "in"),
            ("Tromsø", 3, "pobj", "PROPN", "NNP", "Tromsø", "B-GPE"),
            ("has", 6, "aux", "AUX", "VBZ", "have"),
            ("closed", 6, "ROOT", "VERB", "VBN", "close"),
        ],
        checks=[({"kind": "locative"}, {
            "triple": ("The Concert Hall", "is in", "Tromsø"),
            "predicate": -1, "rel_tokens": (3,), "args.0.role": "place",
        })],
    ),
    "possession": Case(
        [
            ("Nordlys", 3, "poss", "PROPN", "NNP", "Nordlys", "B-ORG"),
            ("'s", 0, "case", "PART", "POS", "'s"),
            ("new", 3, "amod", "ADJ", "JJ", "new"),
            ("ferry", 4, "nsubj", "NOUN", "NN", "ferry"),
            ("sank", 4, "ROOT", "VERB", "VBD", "sink"),
        ],
        checks=[({"kind": "possession"}, {
            "triple": ("Nordlys", "has", "new ferry"),
            "predicate": -1, "arg1.head": 0, "args.0.head": 3,
        })],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_clauses_construction(case):
    check(case)


def test_clauses_split_coordinated_subjects_and_objects():
    # fmt: off
    doc = parse([
        ("Ada", 3, "nsubj", "PROPN", "NNP", "Ada", "B-PERSON"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Bob", 0, "conj", "PROPN", "NNP", "Bob", "B-PERSON"),
        ("bought", 3, "ROOT", "VERB", "VBD", "buy"),
        ("apples", 3, "dobj", "NOUN", "NNS", "apple"),
        ("and", 4, "cc", "CCONJ", "CC", "and"),
        ("pears", 4, "conj", "NOUN", "NNS", "pear"),
    ])
    # fmt: on
    exts = extractions(doc)
    assert sorted(triples(exts)) == [
        ("Ada", "bought", "apples"),
        ("Ada", "bought", "pears"),
        ("Bob", "bought", "apples"),
        ("Bob", "bought", "pears"),
    ]
    assert {(e.arg1.head, e.args[0].head) for e in exts} == {(0, 4), (0, 6), (2, 4), (2, 6)}


# --- general properties ---------------------------------------------------------


def test_clauses_confidence_ranks_plain_clauses_above_implied_ones():
    # fmt: off
    doc = parse([
        ("Nordlys", 3, "poss", "PROPN", "NNP", "Nordlys", "B-ORG"),
        ("'s", 0, "case", "PART", "POS", "'s"),
        ("new", 3, "amod", "ADJ", "JJ", "new"),
        ("ferry", 4, "nsubj", "NOUN", "NN", "ferry"),
        ("left", 4, "ROOT", "VERB", "VBD", "leave"),
        ("Bergen", 4, "dobj", "PROPN", "NNP", "Bergen", "B-GPE"),
    ])
    # fmt: on
    by_kind = {e.kind: e.confidence for e in extractions(doc)}
    assert set(by_kind) == {"verb", "possession"}
    assert 0.0 < by_kind["possession"] < by_kind["verb"] < 1.0


def test_clauses_no_parse_no_extractions():
    doc = Doc(VOCAB, words=["Ada", "met", "Bob"])
    assert extractions(doc) == []


def test_clauses_sentence_extractions_stays_in_its_sentence():
    # fmt: off
    doc = parse([
        ("Ada", 1, "nsubj", "PROPN", "NNP", "Ada", "B-PERSON"),
        ("left", 1, "ROOT", "VERB", "VBD", "leave"),
        ("Oslo", 1, "dobj", "PROPN", "NNP", "Oslo", "B-GPE"),
        (".", 1, "punct", "PUNCT", ".", "."),
        ("Bob", 5, "nsubj", "PROPN", "NNP", "Bob", "B-PERSON"),
        ("stayed", 5, "ROOT", "VERB", "VBD", "stay"),
        ("in", 5, "prep", "ADP", "IN", "in"),
        ("Bergen", 6, "pobj", "PROPN", "NNP", "Bergen", "B-GPE"),
    ])
    # fmt: on
    _, second = doc.sents
    assert triples(sentence_extractions(second)) == [("Bob", "stayed in", "Bergen")]
    (e,) = sentence_extractions(second)
    assert (e.sentence_start, e.sentence_end) == (second.start_char, second.end_char)
    assert [e.predicate for e in extractions(doc)] == [1, 5]


# --- the real model, on sentences written for these tests ------------------------


MODEL_CASES = [
    ("The harbour was designed by Ada Lund in 1887.",
     ("The harbour", "was designed by", "Ada Lund", "in 1887")),
    ("Lisbon is the capital of Portugal.", ("Lisbon", "is the capital of", "Portugal")),
    ("Mira grew up in Ohio.", ("Mira", "grew up in", "Ohio")),
    ("The ferry company refused to accept the offer.",
     ("The ferry company", "refused to accept", "the offer")),
    ("The council did not recognize the new harbour board.",
     ("The council", "did not recognize", "the new harbour board")),
    ("The engineer who founded Nordlys built the bridge.",
     ("The engineer", "founded", "Nordlys")),
    ("They visited a shipyard based in Bergen.", ("a shipyard", "based in", "Bergen")),
    ("Ada Lund, the chief executive of Nordlys, resigned.",
     ("Ada Lund", "is the chief executive of", "Nordlys")),
    ("US President Joseph Biden visited the port.",
     ("Joseph Biden", "is President of", "US")),
]  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "expected"), MODEL_CASES)
def test_clauses_model_constructions(nlp, sentence, expected):
    assert expected in triples(extractions(nlp(sentence)))


@pytest.mark.model
def test_clauses_an_imperative_aside_has_no_subject(nlp):
    doc = nlp("The report named eight small islands (see table below), which it surveyed.")
    assert not [e for e in extractions(doc) if e.relation.startswith("see")]


@pytest.mark.model
def test_clauses_model_conjunctions(nlp):
    doc = nlp("Ada and Nils bought a boat and sailed to Bergen.")
    found = triples(extractions(doc))
    assert ("Ada", "bought", "a boat") in found
    assert ("Nils", "bought", "a boat") in found
    assert ("Ada", "sailed to", "Bergen") in found
    assert ("Nils", "sailed to", "Bergen") in found


@pytest.mark.model
def test_clauses_model_offsets_point_into_the_text(nlp):
    text = "The harbour was designed by Ada Lund. Nils moved to Oslo in 1990."
    doc = nlp(text)
    exts = extractions(doc)
    assert len(exts) == 2
    for e in exts:
        for arg in (e.arg1, *e.args):
            assert text[arg.start : arg.end] == arg.text
            assert arg.start <= doc[arg.head].idx < arg.end
        assert doc[e.predicate].text in e.relation
        assert 0.0 <= e.confidence <= 1.0


@pytest.mark.model
def test_a_title_case_heading_on_its_own_line_states_nothing():
    from kg.extract.clauses import extractions
    from kg.nlp import parse

    doc = parse(
        "The house met in November.\n"
        "Establishment, Trial of Strafford, Implicating the King, Reconciliation.\n"
        "The house accused the earl of treason."
    )
    relations = [e.relation for e in extractions(doc)]
    assert "implicating" not in " ".join(relations).lower()
    assert any("accused" in r for r in relations)
    # a sentence alone on its line, not in title case, is a sentence like any other
    doc = parse("The house met.\nXi Jinping met Vladimir Putin.\nThe house rose.")
    assert any(e.arg1.text == "Xi Jinping" for e in extractions(doc))
