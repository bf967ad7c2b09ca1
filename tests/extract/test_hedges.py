"""Hedges and polarity on real parses: scope, denial, the KG layer (each cue of
kg.extract.lexicon: ``test_lexicon.py``).

Hand-built parses check the scope rules, negation, modality and attribution
without the model (one table, as in ``test_clauses.py``).
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.clauses import extractions
from kg.model import Extraction
from tests.extract.parses import Case, check, parse


def _claim(exts: list[Extraction], doc: Doc, lemma: str) -> Extraction:
    found = [e for e in exts if e.predicate >= 0 and doc[e.predicate].lemma_ == lemma]
    assert found, [(e.relation, doc[e.predicate].lemma_) for e in exts]
    return found[0]


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "lemma", "modality"),
    [
        # an adverb scopes over the verbs conjoined to its verb
        ("Nordvik Shipping presumably owns the yard and leases the dock.", "lease", "presumably"),
        ("Greyfield Power presumably lacks the money and is too small to compete.", "be",
         "presumably"),
        # a governor scopes over every infinitive it governs, conjoined ones too
        ("Harlow Energy plans to build a wind farm and sell the power.", "sell", "plan"),
        ("The two firms are trying to find a buyer, cut costs and keep their staff.", "cut",
         "try"),
        ("The two firms are trying to find a buyer, cut costs and keep their staff.", "keep",
         "try"),
        # the hedge nearest the claim wins
        ("Daniel Okafor apparently wants to buy Veloria.", "buy", "want"),
    ],
)  # fmt: skip
def test_hedges_scope_over_conjuncts_and_infinitives(nlp, sentence, lemma, modality):
    doc = nlp(sentence)
    claim = _claim(extractions(doc), doc, lemma)
    assert claim.modality == modality
    assert claim.attribution is None  # an adverb is no source
    assert not claim.asserted


@pytest.mark.model
def test_hedges_adverb_does_not_reach_a_conjunct_with_its_own_subject(nlp):
    doc = nlp("Anna Berg apparently sold the yard, and Lars Holm bought a ferry.")
    exts = extractions(doc)
    assert _claim(exts, doc, "sell").modality == "apparently"
    bought = _claim(exts, doc, "buy")
    assert bought.modality is None and bought.asserted


@pytest.mark.model
def test_hedges_plain_future_and_aspectual_verbs_are_asserted(nlp):
    for sentence, lemma in [
        ("Harlow Energy will build a wind farm.", "build"),
        ("Harlow Energy began to build a wind farm.", "build"),
        ("Harlow Energy managed to sell the plant.", "sell"),
    ]:
        doc = nlp(sentence)
        assert _claim(extractions(doc), doc, lemma).asserted, sentence


@pytest.mark.model
def test_hedges_double_denial_stays_hedged(nlp):
    doc = nlp("Nordvik Shipping did not fail to pay the fine.")
    claim = _claim(extractions(doc), doc, "pay")
    # "did not fail to pay": it paid, but the text says so only through "fail"
    assert (claim.polarity, claim.modality) == ("positive", "fail")
    assert not claim.asserted


@pytest.mark.model
def test_hedges_kg_layer_keeps_hedged_triples_unasserted():
    import kg

    triples = kg.triples("Halden Lines will hardly accept the offer.")
    (accept,) = [t for t in triples if t.relation == "accept"]
    assert (accept.subject, accept.object) == ("Halden Lines", "offer")
    assert (accept.polarity, accept.modality, accept.attribution) == ("negative", "hardly", None)
    assert not accept.asserted


# --- scope rules, negation, modality and attribution on hand-built parses (no model) --------

PARSE_CASES: dict[str, Case] = {
    "adverb is modality and scopes over subjectless conjunct": Case(
        [
            ("Acme", 2, "nsubj", "PROPN", "NNP", "Acme"),
            ("reportedly", 2, "advmod", "ADV", "RB", "reportedly"),
            ("sold", 2, "ROOT", "VERB", "VBD", "sell"),
            ("cars", 2, "dobj", "NOUN", "NNS", "car"),
            ("and", 2, "cc", "CCONJ", "CC", "and"),
            ("bought", 2, "conj", "VERB", "VBD", "buy"),
            ("boats", 5, "dobj", "NOUN", "NNS", "boat"),
        ],
        count=2,
        checks=[
            (0, {"modality": "reportedly", "attribution": None, "relation": "sold"}),
            (1, {"modality": "reportedly", "attribution": None}),
        ],
        ents=False,
    ),
    "hardly denies and hedges": Case(
        [
            ("Acme", 3, "nsubj", "PROPN", "NNP", "Acme"),
            ("will", 3, "aux", "AUX", "MD", "will"),
            ("hardly", 3, "advmod", "ADV", "RB", "hardly"),
            ("sell", 3, "ROOT", "VERB", "VB", "sell"),
            ("cars", 3, "dobj", "NOUN", "NNS", "car"),
        ],
        count=1,
        checks=[(0, {"polarity": "negative", "modality": "hardly",
                     "relation": "will hardly sell"})],
        ents=False,
    ),
    # "Acme is trying to sell cars, buy boats": "buy" hangs on "trying" as a bare conjunct
    "governor reaches an infinitive the parser hung on it": Case(
        [
            ("Acme", 2, "nsubj", "PROPN", "NNP", "Acme"),
            ("is", 2, "aux", "AUX", "VBZ", "be"),
            ("trying", 2, "ROOT", "VERB", "VBG", "try"),
            ("to", 4, "aux", "PART", "TO", "to"),
            ("sell", 2, "xcomp", "VERB", "VB", "sell"),
            ("cars", 4, "dobj", "NOUN", "NNS", "car"),
            (",", 2, "punct", "PUNCT", ",", ","),
            ("buy", 2, "conj", "VERB", "VB", "buy"),
            ("boats", 7, "dobj", "NOUN", "NNS", "boat"),
        ],
        count=2,
        checks=[
            (0, {"relation": "is trying to sell", "modality": "try"}),
            (1, {"relation": "buy", "modality": "try", "arg1.text": "Acme", "asserted": False}),
        ],
        ents=False,
    ),
    "failed to is negative": Case(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
            ("failed", 1, "ROOT", "VERB", "VBD", "fail"),
            ("to", 3, "aux", "PART", "TO", "to"),
            ("sell", 1, "xcomp", "VERB", "VB", "sell"),
            ("cars", 3, "dobj", "NOUN", "NNS", "car"),
        ],
        count=1,
        checks=[(0, {"polarity": "negative", "modality": "fail"})],
        ents=False,
    ),
    # negation, modality and attribution, with the entities tagged
    "negation and never": Case(
        [
            ("She", 3, "nsubj", "PRON", "PRP", "she"),
            ("did", 3, "aux", "AUX", "VBD", "do"),
            ("not", 3, "neg", "PART", "RB", "not"),
            ("recognize", 3, "ROOT", "VERB", "VB", "recognize"),
            ("Kosovo", 3, "dobj", "PROPN", "NNP", "Kosovo", "B-GPE"),
            ("and", 3, "cc", "CCONJ", "CC", "and"),
            ("never", 7, "neg", "ADV", "RB", "never"),
            ("visited", 3, "conj", "VERB", "VBD", "visit"),
            ("Paris", 7, "dobj", "PROPN", "NNP", "Paris", "B-GPE"),
        ],
        count=2,
        checks=[
            (0, {"relation": "did not recognize", "polarity": "negative", "asserted": False}),
            (1, {"relation": "never visited", "polarity": "negative"}),
        ],
    ),
    "neither nor is negative": Case(
        [
            ("He", 2, "nsubj", "PRON", "PRP", "he"),
            ("neither", 2, "preconj", "DET", "DT", "neither"),
            ("ate", 2, "ROOT", "VERB", "VBD", "eat"),
            ("nor", 2, "cc", "CCONJ", "CC", "nor"),
            ("drank", 2, "conj", "VERB", "VBD", "drink"),
            ("anything", 4, "dobj", "PRON", "NN", "anything"),
        ],
        count=2,
        checks=[(0, {"polarity": "negative"}), (1, {"polarity": "negative"})],
    ),
    "governing verb is modality": Case(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
            ("refused", 1, "ROOT", "VERB", "VBD", "refuse"),
            ("to", 3, "aux", "PART", "TO", "to"),
            ("accept", 1, "xcomp", "VERB", "VB", "accept"),
            ("the", 5, "det", "DET", "DT", "the"),
            ("offer", 3, "dobj", "NOUN", "NN", "offer"),
        ],
        count=1,
        checks=[(0, {"triple": ("Acme", "refused to accept", "the offer"), "predicate": 3,
                     "modality": "refuse", "asserted": False})],
    ),
    "aspectual governor is not a hedge": Case(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
            ("began", 1, "ROOT", "VERB", "VBD", "begin"),
            ("to", 3, "aux", "PART", "TO", "to"),
            ("sell", 1, "xcomp", "VERB", "VB", "sell"),
            ("cars", 3, "dobj", "NOUN", "NNS", "car"),
        ],
        count=1,
        checks=[(0, {"relation": "began to sell", "modality": None})],
    ),
    "reported speech attribution": Case(
        [
            ("Maria", 1, "nsubj", "PROPN", "NNP", "Maria", "B-PERSON"),
            ("said", 1, "ROOT", "VERB", "VBD", "say"),
            ("that", 4, "mark", "SCONJ", "IN", "that"),
            ("Acme", 4, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
            ("sold", 1, "ccomp", "VERB", "VBD", "sell"),
            ("cars", 4, "dobj", "NOUN", "NNS", "car"),
        ],
        count=2,
        checks=[
            (0, {"triple": ("Maria", "said", "Acme sold cars"), "attribution": None}),
            (1, {"triple": ("Acme", "sold", "cars"), "attribution": "Maria", "asserted": False}),
        ],
    ),
    # "reportedly" is a hedge (modality), not a source; the conjunct stays under Reuters,
    # and the hearsay adverb is not part of the relation
    "according to and reportedly": Case(
        [
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
        ],
        count=2,
        checks=[
            (0, {"attribution": "Reuters", "modality": None}),
            (1, {"modality": "reportedly", "attribution": "Reuters", "relation": "left"}),
        ],
    ),
    "condition": Case(
        [
            ("If", 2, "mark", "SCONJ", "IN", "if"),
            ("prices", 2, "nsubj", "NOUN", "NNS", "price"),
            ("rise", 6, "advcl", "VERB", "VBP", "rise"),
            (",", 6, "punct", "PUNCT", ",", ","),
            ("Acme", 6, "nsubj", "PROPN", "NNP", "Acme", "B-ORG"),
            ("will", 6, "aux", "AUX", "MD", "will"),
            ("sell", 6, "ROOT", "VERB", "VB", "sell"),
            ("shares", 6, "dobj", "NOUN", "NNS", "share"),
        ],
        checks=[
            ({"predicate": 6}, {"relation": "will sell", "modality": "if"}),
            ({"predicate": 2}, {"modality": "if"}),
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", PARSE_CASES.values(), ids=PARSE_CASES.keys())
def test_hedges_on_hand_built_parses(case):
    check(case)


@pytest.mark.parametrize(
    ("modal", "expected"),
    [("may", "may"), ("could", "could"), ("must", "must"), ("would", "would"), ("will", None)],
)
def test_hedges_modal_verbs_hedge_but_will_does_not(modal, expected):
    # fmt: off
    doc = parse([
        ("Russia", 2, "nsubj", "PROPN", "NNP", "Russia", "B-GPE"),
        (modal, 2, "aux", "AUX", "MD", modal),
        ("reject", 2, "ROOT", "VERB", "VB", "reject"),
        ("it", 2, "dobj", "PRON", "PRP", "it"),
    ])
    # fmt: on
    (e,) = extractions(doc)
    assert e.relation == f"{modal} reject"
    assert e.modality == expected


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
def test_hedges_model_clause_fields(nlp, sentence, relation, field, value):
    found = [e for e in extractions(nlp(sentence)) if e.relation == relation]
    assert found, [e.relation for e in extractions(nlp(sentence))]
    assert getattr(found[0], field) == value
