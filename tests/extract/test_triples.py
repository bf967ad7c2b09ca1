"""kg.extract.triples, the KG layer: Open IE extractions turned into compact, canonical triples."""

from __future__ import annotations

import pytest

import kg
from kg.extract.entities import resolve_entities
from kg.extract.triples import document_triples
from kg.model import Argument, Extraction
from tests.extract.test_kg_layer import _doc, _spo


def _hedged(text):
    return {(t.subject, t.relation, t.object) for t in kg.triples(text) if not t.asserted}


def test_triples_passive_with_agent_is_turned_around():
    # fmt: off
    doc = _doc(
        words=["The", "bridge", "was", "designed", "by", "Eiffel", "."],
        heads=[1, 3, 3, 3, 3, 4, 3],
        deps=["det", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
        pos=["DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
        tags=["DT", "NN", "VBD", "VBN", "IN", "NNP", "."],
        lemmas=["the", "bridge", "be", "design", "by", "Eiffel", "."],
        ents=["O", "O", "O", "O", "O", "B-PERSON", "O"],
    )
    # fmt: on
    ext = Extraction(
        arg1=Argument("The bridge", 0, 10, head=1, role="subject"),
        relation="was designed by",
        args=(Argument("Eiffel", 25, 31, head=5, role="agent"),),
        predicate=3,
        kind="passive",
    )
    index = resolve_entities(doc)
    found = [t for t, _, _ in document_triples(doc, [ext], index, {})]
    assert [(t.subject, t.relation, t.object) for t in found] == [("Eiffel", "design", "bridge")]
    assert found[0].subject_type == "Person"
    assert found[0].object_type == "Concept"


def test_triples_hedges_are_carried_and_not_asserted():
    # fmt: off
    doc = _doc(
        words=["Acme", "may", "buy", "Zeta", "."],
        heads=[2, 2, 2, 2, 2],
        deps=["nsubj", "aux", "ROOT", "dobj", "punct"],
        pos=["PROPN", "AUX", "VERB", "PROPN", "PUNCT"],
        lemmas=["Acme", "may", "buy", "Zeta", "."],
        ents=["B-ORG", "O", "O", "B-ORG", "O"],
    )
    # fmt: on
    ext = Extraction(
        arg1=Argument("Acme", 0, 4, head=0, role="subject"),
        relation="may buy",
        args=(Argument("Zeta", 13, 17, head=3, role="object"),),
        predicate=2,
        modality="may",
    )
    (triple,) = [t for t, _, _ in document_triples(doc, [ext], resolve_entities(doc), {})]
    assert (triple.subject, triple.relation, triple.object) == ("Acme", "buy", "Zeta")
    assert triple.modality == "may"
    assert not triple.asserted


KG_CASES = [
    # active voice
    ("Marie Curie discovered polonium.", {("Marie Curie", "discover", "polonium")}),
    # passive voice with agent, turned around
    (
        "The Eiffel Tower was designed by Gustave Eiffel.",
        {("Gustave Eiffel", "design", "Eiffel Tower")},
    ),
    # a participle whose "by" the parser did not take for an agent is still turned around
    (
        "Directed by Anna Berg, the film was shown in Riga.",
        {("Anna Berg", "direct", "film")},
    ),
    (
        "The 1975 production, scripted by Lars Olsen, toured Norway.",
        {("Lars Olsen", "script", "production")},
    ),
    # "described X as located on Y": X is what is located
    (
        "In 1930 the Courier described the market as located on Dock Street.",
        {("Courier", "describe", "market")},
    ),
    # "named after" two people: both, and "after" a name is no time
    (
        "The Kestrel Prize, named after Anna Berg and Lars Olsen, is awarded every year.",
        {
            ("Kestrel Prize", "named after", "Anna Berg"),
            ("Kestrel Prize", "named after", "Lars Olsen"),
        },
    ),
    # prepositional verb
    ("Anna Berg travelled to Helsinki in May.", {("Anna Berg", "travel to", "Helsinki")}),
    # copula with a relational noun
    ("Lisbon is the capital of Portugal.", {("Lisbon", "capital of", "Portugal")}),
    # apposition with a relational noun
    (
        "Anna Berg, the chief executive of Nordvik Shipping, met Karl Tamm.",
        {
            ("Anna Berg", "chief executive of", "Nordvik Shipping"),
            ("Anna Berg", "meet", "Karl Tamm"),
        },
    ),
    # conjoined subjects and objects are split
    (
        "Anna Berg and Lars Olsen visited Tallinn and Riga.",
        {
            ("Anna Berg", "visit", "Tallinn"),
            ("Anna Berg", "visit", "Riga"),
            ("Lars Olsen", "visit", "Tallinn"),
            ("Lars Olsen", "visit", "Riga"),
        },
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), KG_CASES, ids=[c[0][:30] for c in KG_CASES])
def test_triples_constructions(text, expected):
    assert expected <= _spo(text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The cast included Anna Berg and Lars Olsen. None of the leading players was Welsh.",
        "None of the ships reached Oslo.",
        "Lars Olsen sold none of his shares.",
    ],
)
def test_triples_a_phrase_that_names_no_one_states_nothing(text):
    stated = {(t.subject, t.relation, t.object) for t in kg.triples(text)}
    assert not {s for s in stated if "none" in " ".join(s).lower() or "Welsh" in s}
    assert ("Lars Olsen", "sell", "shares") not in stated


@pytest.mark.model
def test_triples_described_as_is_the_object_and_not_asserted():
    (located,) = [
        t
        for t in kg.triples("In 1930 the Courier described the market as located on Dock Street.")
        if t.relation == "locate on"
    ]
    assert (located.subject, located.object, located.asserted) == ("market", "Dock Street", False)


HEDGED_CASES = [
    ("Nordvik Shipping did not sign the agreement.", ("Nordvik Shipping", "sign", "agreement")),
    ("Nordvik Shipping may sign the agreement.", ("Nordvik Shipping", "sign", "agreement")),
    ("Nordvik Shipping refused to sign the agreement.", ("Nordvik Shipping", "sign", "agreement")),
    (
        "According to Karl Tamm, Nordvik Shipping signed the agreement.",
        ("Nordvik Shipping", "sign", "agreement"),
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "triple"), HEDGED_CASES, ids=[c[0][:30] for c in HEDGED_CASES])
def test_triples_hedged_claims_are_kept_but_never_asserted(text, triple):
    assert triple not in _spo(text)
    assert triple in _hedged(text)


@pytest.mark.model
def test_triples_offsets_point_into_the_text():
    text = "Intro line.\n\nAnna Berg met Karl Tamm in Tallinn. She praised the port."
    for t in kg.triples(text):
        assert text[t.sentence_start : t.sentence_end] == t.sentence
        assert t.sentence_start <= t.start < t.end <= t.sentence_end


UNSTATED_CASES = [
    # a purpose infinitive names an aim, not an event
    (
        "Nordvik Shipping moved its engineers to Tallinn to build a new ferry.",
        ("Nordvik Shipping", "build"),
    ),
    # a conjoined purpose infinitive inherits its "to"
    (
        "Nordvik Shipping sold two ships to raise cash and repay its loans.",
        ("Nordvik Shipping", "repay"),
    ),
    # a gerund after a preposition is what someone wants or discusses, not a deed
    ("Anna Berg insisted on closing the old port.", ("Anna Berg", "close")),
    ("Lars Olsen talked about selling the port to investors.", ("Lars Olsen", "sell")),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "subject_relation"), UNSTATED_CASES)
def test_triples_unstated_events_are_not_asserted(text, subject_relation):
    assert subject_relation not in {(s, r) for s, r, _ in _spo(text)}


@pytest.mark.model
def test_triples_citation_in_parentheses_is_not_an_apposition():
    text = "Nordvik Shipping signed the deal, said spokesperson Anna Berg (Reuters, March 4)."
    assert not any(o == "Reuters" for _, r, o in _spo(text) if r == "be")


@pytest.mark.model
def test_triples_offsets_cover_whole_names():
    text = "Anna Berg met Karl Tamm."
    (triple,) = kg.triples(text)
    assert text[triple.start : triple.end] == "Anna Berg met Karl Tamm"


@pytest.mark.parametrize(
    "text",
    [
        # an eponymous adjective after a plural: "are Hausdorff" is a property, no person
        "Mira Halvorsen described these rings in 1931. Finite rings of this kind are Halvorsen.",
        "Jonas Brekke studied the lattices. Most lattices in the survey were Brekke, he said.",
        "Mira Halvorsen described these rings in 1931. Subrings and quotients of such rings"
        " are Halvorsen.",
        "Mira Halvorsen described these rings in 1931. Almost all rings met in algebra are"
        " Halvorsen, and a ring is Halvorsen when its ideals are finite.",
    ],
)
def test_a_plural_is_no_one_person(text):
    """A plural said to be a bare name states nothing about the name's bearer."""
    people = {"Mira Halvorsen", "Jonas Brekke"}
    introduced = {"describe", "study"}  # the first sentence's own facts
    triples = kg.triples(text)
    wrong = [t for t in triples if people & {t.subject, t.object} and t.relation not in introduced]
    assert not wrong, wrong


def test_plural_roles_still_name_their_people():
    stated = {
        (t.subject, t.relation, t.object)
        for t in kg.triples("The founders of Nordvik Shipping were Anna Berg and Mikko Saari.")
    }
    assert ("Anna Berg", "founder of", "Nordvik Shipping") in stated
