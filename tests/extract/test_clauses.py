"""Tests of the Open IE layer (kg.extract.clauses).

Rule logic is tested on hand-built parses (no model), one construction per
test; ``model`` tests check the same constructions end to end with the real
English pipeline on sentences written for these tests.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from kg.extract.clauses import extractions, sentence_extractions
from kg.model import Extraction

Row = tuple[str, int, str, str, str, str] | tuple[str, int, str, str, str, str, str]

#: English lexical attributes (lower case, punctuation) without a trained model.
VOCAB = English().vocab


def _doc(rows: list[Row]) -> Doc:
    """A parsed Doc from rows of (word, head, dep, pos, tag, lemma[, entity IOB])."""
    return Doc(
        VOCAB,
        words=[r[0] for r in rows],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        ents=[r[6] if len(r) > 6 else "O" for r in rows],  # type: ignore[misc]
    )


def _triples(exts: list[Extraction]) -> list[tuple[str, ...]]:
    return [(e.arg1.text, e.relation, *(a.text for a in e.args)) for e in exts]


# --- verbs: active, passive, prepositions, particles, extra arguments --------


def test_clauses_active_verb_with_object():
    # fmt: off
    doc = _doc([
        ("Ada", 1, "nsubj", "PROPN", "NNP", "Ada", "B-PERSON"),
        ("met", 1, "ROOT", "VERB", "VBD", "meet"),
        ("Bob", 1, "dobj", "PROPN", "NNP", "Bob", "B-PERSON"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("Ada", "met", "Bob")]
    assert (e.arg1.head, e.arg1.role, e.arg1.start, e.arg1.end) == (0, "subject", 0, 3)
    assert (e.args[0].head, e.args[0].role) == (2, "object")
    assert (e.predicate, e.rel_tokens, e.kind, e.polarity) == (1, (1,), "verb", "positive")
    assert e.asserted
    assert (e.sentence_start, e.sentence_end) == (0, len(doc.text.rstrip()))


def test_clauses_passive_keeps_agent_as_written():
    # fmt: off
    doc = _doc([
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
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("The bridge", "was designed by", "Gustave Eiffel", "in 1887")]
    assert e.kind == "passive"
    assert [(a.role, a.head) for a in e.args] == [("agent", 6), ("time", 8)]
    assert e.arg1.head == 1
    assert e.predicate == 3


def test_clauses_particle_and_preposition_join_the_relation():
    # fmt: off
    doc = _doc([
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
    ])
    # fmt: on
    first, second = extractions(doc)
    assert _triples([first]) == [("He", "grew up in", "Ohio")]
    assert first.args[0].role == "prep"
    assert first.rel_tokens == (1, 2, 3)
    # the conjoined verb carries the subject over; the year is an extra argument
    assert _triples([second]) == [("He", "moved to", "Texas", "in 1990")]
    assert [a.role for a in second.args] == ["prep", "time"]
    assert second.arg1.head == 0


def test_clauses_place_argument():
    # fmt: off
    doc = _doc([
        ("Ada", 1, "nsubj", "PROPN", "NNP", "Ada", "B-PERSON"),
        ("met", 1, "ROOT", "VERB", "VBD", "meet"),
        ("Bob", 1, "dobj", "PROPN", "NNP", "Bob", "B-PERSON"),
        ("in", 1, "prep", "ADP", "IN", "in"),
        ("Oslo", 3, "pobj", "PROPN", "NNP", "Oslo", "B-GPE"),
        ("on", 1, "prep", "ADP", "IN", "on"),
        ("Monday", 5, "pobj", "PROPN", "NNP", "Monday", "B-DATE"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("Ada", "met", "Bob", "in Oslo", "on Monday")]
    assert [a.role for a in e.args] == ["object", "place", "time"]


# --- copula and nominal predicates -------------------------------------------


def test_clauses_copula_with_relational_noun():
    # fmt: off
    doc = _doc([
        ("Lisbon", 1, "nsubj", "PROPN", "NNP", "Lisbon", "B-GPE"),
        ("is", 1, "ROOT", "AUX", "VBZ", "be"),
        ("the", 3, "det", "DET", "DT", "the"),
        ("capital", 1, "attr", "NOUN", "NN", "capital"),
        ("of", 3, "prep", "ADP", "IN", "of"),
        ("Portugal", 4, "pobj", "PROPN", "NNP", "Portugal", "B-GPE"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("Lisbon", "is the capital of", "Portugal")]
    assert (e.kind, e.predicate, e.rel_tokens) == ("copula", 3, (1, 2, 3, 4))
    assert e.args[0].role == "prep"


def test_clauses_copula_with_plain_complement():
    # fmt: off
    doc = _doc([
        ("Tallinn", 1, "nsubj", "PROPN", "NNP", "Tallinn", "B-GPE"),
        ("is", 1, "ROOT", "AUX", "VBZ", "be"),
        ("a", 4, "det", "DET", "DT", "a"),
        ("busy", 4, "amod", "ADJ", "JJ", "busy"),
        ("port", 1, "attr", "NOUN", "NN", "port"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("Tallinn", "is", "a busy port")]
    assert (e.kind, e.predicate, e.args[0].role, e.args[0].head) == ("copula", 1, "complement", 4)


def test_clauses_existential_there():
    # fmt: off
    doc = _doc([
        ("There", 1, "expl", "PRON", "EX", "there"),
        ("are", 1, "ROOT", "VERB", "VBP", "be"),
        ("three", 3, "nummod", "NUM", "CD", "three"),
        ("bridges", 1, "attr", "NOUN", "NNS", "bridge"),
        ("in", 3, "prep", "ADP", "IN", "in"),
        ("Bern", 4, "pobj", "PROPN", "NNP", "Bern", "B-GPE"),
    ])
    # fmt: on
    assert _triples(extractions(doc)) == [("three bridges", "are in", "Bern")]


# --- conjunctions --------------------------------------------------------------


def test_clauses_split_coordinated_subjects_and_objects():
    # fmt: off
    doc = _doc([
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
    assert sorted(_triples(exts)) == [
        ("Ada", "bought", "apples"),
        ("Ada", "bought", "pears"),
        ("Bob", "bought", "apples"),
        ("Bob", "bought", "pears"),
    ]
    assert {(e.arg1.head, e.args[0].head) for e in exts} == {(0, 4), (0, 6), (2, 4), (2, 6)}


def test_clauses_coordinated_verbs_share_subject_and_object():
    # fmt: off
    doc = _doc([
        ("Traders", 1, "nsubj", "NOUN", "NNS", "trader"),
        ("bought", 1, "ROOT", "VERB", "VBD", "buy"),
        ("and", 1, "cc", "CCONJ", "CC", "and"),
        ("sold", 1, "conj", "VERB", "VBD", "sell"),
        ("shares", 1, "dobj", "NOUN", "NNS", "share"),
    ])
    # fmt: on
    assert _triples(extractions(doc)) == [
        ("Traders", "bought", "shares"),
        ("Traders", "sold", "shares"),
    ]


def test_clauses_one_entity_is_not_split():
    # fmt: off
    doc = _doc([
        ("Procter", 3, "nsubj", "PROPN", "NNP", "Procter", "B-ORG"),
        ("and", 0, "cc", "CCONJ", "CC", "and", "I-ORG"),
        ("Gamble", 0, "conj", "PROPN", "NNP", "Gamble", "I-ORG"),
        ("makes", 3, "ROOT", "VERB", "VBZ", "make"),
        ("soap", 3, "dobj", "NOUN", "NN", "soap"),
    ])
    # fmt: on
    assert _triples(extractions(doc)) == [("Procter and Gamble", "makes", "soap")]


# --- relative clauses and participles --------------------------------------------


def test_clauses_relative_pronoun_replaced_by_its_noun():
    # fmt: off
    doc = _doc([
        ("The", 1, "det", "DET", "DT", "the"),
        ("man", 6, "nsubj", "NOUN", "NN", "man"),
        ("who", 3, "nsubj", "PRON", "WP", "who"),
        ("founded", 1, "relcl", "VERB", "VBD", "found"),
        ("Acme", 3, "dobj", "PROPN", "NNP", "Acme", "B-ORG"),
        ("later", 6, "advmod", "ADV", "RB", "later"),
        ("retired", 6, "ROOT", "VERB", "VBD", "retire"),
    ])
    # fmt: on
    exts = extractions(doc)
    rel = next(e for e in exts if e.predicate == 3)
    assert _triples([rel]) == [("The man", "founded", "Acme")]
    assert (rel.kind, rel.arg1.head) == ("relative", 1)
    main = next(e for e in exts if e.predicate == 6)
    assert main.arg1.text == "The man"  # the relative clause is not part of the subject


def test_clauses_relative_object_pronoun():
    # fmt: off
    doc = _doc([
        ("a", 1, "det", "DET", "DT", "a"),
        ("bank", 1, "ROOT", "NOUN", "NN", "bank"),
        ("that", 4, "dobj", "PRON", "WDT", "that"),
        ("he", 4, "nsubj", "PRON", "PRP", "he"),
        ("owned", 1, "relcl", "VERB", "VBD", "own"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("he", "owned", "a bank")]
    assert (e.args[0].head, e.args[0].role) == (1, "object")


def test_clauses_participle_modifier():
    # fmt: off
    doc = _doc([
        ("a", 1, "det", "DET", "DT", "a"),
        ("company", 1, "ROOT", "NOUN", "NN", "company"),
        ("based", 1, "acl", "VERB", "VBN", "base"),
        ("in", 2, "prep", "ADP", "IN", "in"),
        ("Lyon", 3, "pobj", "PROPN", "NNP", "Lyon", "B-GPE"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("a company", "based in", "Lyon")]
    assert (e.kind, e.predicate, e.arg1.head) == ("participle", 2, 1)


# --- appositions, possessives, titles --------------------------------------------


def test_clauses_apposition_with_relational_noun():
    # fmt: off
    doc = _doc([
        ("Maria", 7, "nsubj", "PROPN", "NNP", "Maria", "B-PERSON"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("the", 4, "det", "DET", "DT", "the"),
        ("chief", 4, "amod", "ADJ", "JJ", "chief"),
        ("executive", 0, "appos", "NOUN", "NN", "executive"),
        ("of", 4, "prep", "ADP", "IN", "of"),
        ("Acme", 5, "pobj", "PROPN", "NNP", "Acme", "B-ORG"),
        ("resigned", 7, "ROOT", "VERB", "VBD", "resign"),
    ])
    # fmt: on
    exts = extractions(doc)
    appos = next(e for e in exts if e.kind == "apposition")
    assert _triples([appos]) == [("Maria", "is the chief executive of", "Acme")]
    assert (appos.predicate, appos.arg1.head, appos.args[0].head) == (4, 0, 6)


def test_clauses_possessive_title():
    # fmt: off
    doc = _doc([
        ("Acme", 5, "poss", "PROPN", "NNP", "Acme", "B-ORG"),
        ("'s", 0, "case", "PART", "POS", "'s"),
        ("chief", 3, "amod", "ADJ", "JJ", "chief"),
        ("executive", 5, "compound", "NOUN", "NN", "executive"),
        ("Maria", 5, "compound", "PROPN", "NNP", "Maria", "B-PERSON"),
        ("Silva", 6, "nsubj", "PROPN", "NNP", "Silva", "I-PERSON"),
        ("resigned", 6, "ROOT", "VERB", "VBD", "resign"),
    ])
    # fmt: on
    poss = next(e for e in extractions(doc) if e.kind == "possessive")
    assert _triples([poss]) == [("Maria Silva", "is chief executive of", "Acme")]
    assert (poss.arg1.head, poss.args[0].head, poss.predicate) == (5, 0, 3)


def test_clauses_title_with_country_before_the_name():
    # fmt: off
    doc = _doc([
        ("US", 1, "compound", "PROPN", "NNP", "US", "B-GPE"),
        ("President", 3, "compound", "PROPN", "NNP", "President"),
        ("Joseph", 3, "compound", "PROPN", "NNP", "Joseph", "B-PERSON"),
        ("Biden", 4, "nsubj", "PROPN", "NNP", "Biden", "I-PERSON"),
        ("spoke", 4, "ROOT", "VERB", "VBD", "speak"),
    ])
    # fmt: on
    title = next(e for e in extractions(doc) if e.kind == "title")
    assert _triples([title]) == [("Joseph Biden", "is President of", "US")]
    assert (title.arg1.head, title.args[0].head, title.predicate) == (3, 0, 1)


def test_clauses_title_with_of_phrase():
    # fmt: off
    doc = _doc([
        ("President", 2, "compound", "PROPN", "NNP", "President"),
        ("Lula", 2, "compound", "PROPN", "NNP", "Lula", "B-PERSON"),
        ("Silva", 5, "nsubj", "PROPN", "NNP", "Silva", "I-PERSON"),
        ("of", 2, "prep", "ADP", "IN", "of"),
        ("Brazil", 3, "pobj", "PROPN", "NNP", "Brazil", "B-GPE"),
        ("spoke", 5, "ROOT", "VERB", "VBD", "speak"),
    ])
    # fmt: on
    title = next(e for e in extractions(doc) if e.kind == "title")
    assert _triples([title]) == [("Lula Silva", "is President of", "Brazil")]


def test_clauses_honorific_is_not_a_title():
    # fmt: off
    doc = _doc([
        ("Mr.", 1, "compound", "PROPN", "NNP", "Mr.", "O"),
        ("Baker", 2, "nsubj", "PROPN", "NNP", "Baker", "B-PERSON"),
        ("left", 2, "ROOT", "VERB", "VBD", "leave"),
    ])
    # fmt: on
    assert [e.kind for e in extractions(doc)] == ["verb"]


def test_clauses_locative_noun_phrase():
    # fmt: off
    doc = _doc([
        ("The", 2, "det", "DET", "DT", "the"),
        ("Concert", 2, "compound", "PROPN", "NNP", "Concert", "B-FAC"),
        ("Hall", 6, "nsubj", "PROPN", "NNP", "Hall", "I-FAC"),
        ("in", 2, "prep", "ADP", "IN", "in"),
        ("Tromsø", 3, "pobj", "PROPN", "NNP", "Tromsø", "B-GPE"),
        ("has", 6, "aux", "AUX", "VBZ", "have"),
        ("closed", 6, "ROOT", "VERB", "VBN", "close"),
    ])
    # fmt: on
    loc = next(e for e in extractions(doc) if e.kind == "locative")
    assert _triples([loc]) == [("The Concert Hall", "is in", "Tromsø")]
    # an implied "is": no predicate token, the preposition is the only word
    assert (loc.predicate, loc.rel_tokens, loc.args[0].role) == (-1, (3,), "place")


def test_clauses_possession():
    # fmt: off
    doc = _doc([
        ("Nordlys", 3, "poss", "PROPN", "NNP", "Nordlys", "B-ORG"),
        ("'s", 0, "case", "PART", "POS", "'s"),
        ("new", 3, "amod", "ADJ", "JJ", "new"),
        ("ferry", 4, "nsubj", "NOUN", "NN", "ferry"),
        ("sank", 4, "ROOT", "VERB", "VBD", "sink"),
    ])
    # fmt: on
    poss = next(e for e in extractions(doc) if e.kind == "possession")
    assert _triples([poss]) == [("Nordlys", "has", "new ferry")]
    assert (poss.predicate, poss.arg1.head, poss.args[0].head) == (-1, 0, 3)


# --- negation, modality, attribution ------------------------------------------------


def test_clauses_negation_and_never():
    # fmt: off
    doc = _doc([
        ("She", 3, "nsubj", "PRON", "PRP", "she"),
        ("did", 3, "aux", "AUX", "VBD", "do"),
        ("not", 3, "neg", "PART", "RB", "not"),
        ("recognize", 3, "ROOT", "VERB", "VB", "recognize"),
        ("Kosovo", 3, "dobj", "PROPN", "NNP", "Kosovo", "B-GPE"),
        ("and", 3, "cc", "CCONJ", "CC", "and"),
        ("never", 7, "neg", "ADV", "RB", "never"),
        ("visited", 3, "conj", "VERB", "VBD", "visit"),
        ("Paris", 7, "dobj", "PROPN", "NNP", "Paris", "B-GPE"),
    ])
    # fmt: on
    first, second = extractions(doc)
    assert (first.relation, first.polarity) == ("did not recognize", "negative")
    assert (second.relation, second.polarity) == ("never visited", "negative")
    assert not first.asserted


def test_clauses_neither_nor_is_negative():
    # fmt: off
    doc = _doc([
        ("He", 2, "nsubj", "PRON", "PRP", "he"),
        ("neither", 2, "preconj", "DET", "DT", "neither"),
        ("ate", 2, "ROOT", "VERB", "VBD", "eat"),
        ("nor", 2, "cc", "CCONJ", "CC", "nor"),
        ("drank", 2, "conj", "VERB", "VBD", "drink"),
        ("anything", 4, "dobj", "PRON", "NN", "anything"),
    ])
    # fmt: on
    assert [e.polarity for e in extractions(doc)] == ["negative", "negative"]


@pytest.mark.parametrize(
    ("modal", "expected"),
    [("may", "may"), ("could", "could"), ("must", "must"), ("would", "would"), ("will", None)],
)
def test_clauses_modal_verbs_hedge_but_will_does_not(modal, expected):
    # fmt: off
    doc = _doc([
        ("Russia", 2, "nsubj", "PROPN", "NNP", "Russia", "B-GPE"),
        (modal, 2, "aux", "AUX", "MD", modal),
        ("reject", 2, "ROOT", "VERB", "VB", "reject"),
        ("it", 2, "dobj", "PRON", "PRP", "it"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert e.relation == f"{modal} reject"
    assert e.modality == expected


def test_clauses_governing_verb_is_modality():
    # fmt: off
    doc = _doc([
        ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
        ("refused", 1, "ROOT", "VERB", "VBD", "refuse"),
        ("to", 3, "aux", "PART", "TO", "to"),
        ("accept", 1, "xcomp", "VERB", "VB", "accept"),
        ("the", 5, "det", "DET", "DT", "the"),
        ("offer", 3, "dobj", "NOUN", "NN", "offer"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert _triples([e]) == [("Acme", "refused to accept", "the offer")]
    assert (e.predicate, e.modality) == (3, "refuse")
    assert not e.asserted


def test_clauses_aspectual_governor_is_not_a_hedge():
    # fmt: off
    doc = _doc([
        ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
        ("began", 1, "ROOT", "VERB", "VBD", "begin"),
        ("to", 3, "aux", "PART", "TO", "to"),
        ("sell", 1, "xcomp", "VERB", "VB", "sell"),
        ("cars", 3, "dobj", "NOUN", "NNS", "car"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert (e.relation, e.modality) == ("began to sell", None)


def test_clauses_reported_speech_attribution():
    # fmt: off
    doc = _doc([
        ("Maria", 1, "nsubj", "PROPN", "NNP", "Maria", "B-PERSON"),
        ("said", 1, "ROOT", "VERB", "VBD", "say"),
        ("that", 4, "mark", "SCONJ", "IN", "that"),
        ("Acme", 4, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
        ("sold", 1, "ccomp", "VERB", "VBD", "sell"),
        ("cars", 4, "dobj", "NOUN", "NNS", "car"),
    ])
    # fmt: on
    said, sold = extractions(doc)
    assert _triples([said]) == [("Maria", "said", "Acme sold cars")]
    assert said.attribution is None
    assert _triples([sold]) == [("Acme", "sold", "cars")]
    assert sold.attribution == "Maria"
    assert not sold.asserted


def test_clauses_according_to_and_reportedly():
    # fmt: off
    doc = _doc([
        ("According", 4, "prep", "VERB", "VBG", "accord"),
        ("to", 0, "prep", "ADP", "IN", "to"),
        ("Reuters", 1, "pobj", "PROPN", "NNP", "Reuters", "B-ORG"),
        ("Acme", 4, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
        ("sold", 4, "ROOT", "VERB", "VBD", "sell"),
        ("cars", 4, "dobj", "NOUN", "NNS", "car"),
        (";", 4, "punct", "PUNCT", ":", ";"),
        ("Bob", 9, "nsubj", "PROPN", "NNP", "Bob", "B-PERSON"),
        ("reportedly", 9, "advmod", "ADV", "RB", "reportedly"),
        ("left", 4, "conj", "VERB", "VBD", "leave"),
        ("Oslo", 9, "dobj", "PROPN", "NNP", "Oslo", "B-GPE"),
    ])
    # fmt: on
    sold, left = extractions(doc)
    assert (sold.attribution, sold.modality) == ("Reuters", None)
    # "reportedly" is a hedge (modality), not a source; the conjunct stays under Reuters
    assert (left.modality, left.attribution) == ("reportedly", "Reuters")
    assert left.relation == "left"  # the hearsay adverb is not part of the relation


def test_clauses_condition():
    # fmt: off
    doc = _doc([
        ("If", 2, "mark", "SCONJ", "IN", "if"),
        ("prices", 2, "nsubj", "NOUN", "NNS", "price"),
        ("rise", 6, "advcl", "VERB", "VBP", "rise"),
        (",", 6, "punct", "PUNCT", ",", ","),
        ("Acme", 6, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
        ("will", 6, "aux", "AUX", "MD", "will"),
        ("sell", 6, "ROOT", "VERB", "VB", "sell"),
        ("shares", 6, "dobj", "NOUN", "NNS", "share"),
    ])
    # fmt: on
    exts = extractions(doc)
    main = next(e for e in exts if e.predicate == 6)
    assert (main.relation, main.modality) == ("will sell", "if")
    cond = next(e for e in exts if e.predicate == 2)
    assert cond.modality == "if"


# --- general properties ---------------------------------------------------------


def test_clauses_confidence_ranks_plain_clauses_above_implied_ones():
    # fmt: off
    doc = _doc([
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
    doc = _doc([
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
    assert _triples(sentence_extractions(second)) == [("Bob", "stayed in", "Bergen")]
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
    assert expected in _triples(extractions(nlp(sentence)))


@pytest.mark.model
def test_clauses_an_imperative_aside_has_no_subject(nlp):
    doc = nlp("The report named eight small islands (see table below), which it surveyed.")
    assert not [e for e in extractions(doc) if e.relation.startswith("see")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "relation", "field", "value"),
    [
        ("Norway may reject the harbour plan.", "may reject", "modality", "may"),
        ("Norway will reject the harbour plan.", "will reject", "modality", None),
        ("The board never approved the harbour plan.", "never approved", "polarity", "negative"),
        ("The port would no longer accept tankers.", "would no longer accept", "polarity",
         "negative"),
        ("Ada said that the port sold two cranes.", "sold", "attribution", "Ada"),
        ("According to Nils Berg, the port sold two cranes.", "sold", "attribution", "Nils Berg"),
        ("The port reportedly sold two cranes.", "sold", "modality", "reportedly"),
        ("The port reportedly sold two cranes.", "sold", "attribution", None),
        ("If the port sells the cranes, the city will build a park.", "will build", "modality",
         "if"),
        ("The port refused to sell the cranes.", "refused to sell", "modality", "refuse"),
    ],
)  # fmt: skip
def test_clauses_model_hedges(nlp, sentence, relation, field, value):
    found = [e for e in extractions(nlp(sentence)) if e.relation == relation]
    assert found, [e.relation for e in extractions(nlp(sentence))]
    assert getattr(found[0], field) == value


@pytest.mark.model
def test_clauses_model_conjunctions(nlp):
    doc = nlp("Ada and Nils bought a boat and sailed to Bergen.")
    triples = _triples(extractions(doc))
    assert ("Ada", "bought", "a boat") in triples
    assert ("Nils", "bought", "a boat") in triples
    assert ("Ada", "sailed to", "Bergen") in triples
    assert ("Nils", "sailed to", "Bergen") in triples


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
