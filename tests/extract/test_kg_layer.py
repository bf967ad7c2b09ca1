"""KG layer: entities and coreference (its compact triples: ``test_triples.py``).

Rule logic is tested on hand-built Docs (no model); behaviour on real
sentences is tested with the model (marked ``model``).
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

import kg
from kg.extract.coref import resolve_coreference
from kg.extract.entities import concept_phrase, normalise_name, resolve_entities


def _first_token_starts(n: int) -> list[bool | int | None]:
    """One sentence: its first token starts it (the list type spaCy's ``Doc`` takes)."""
    starts: list[bool | int | None] = [i == 0 for i in range(n)]
    return starts


def _doc(words, heads, deps, pos, tags=None, lemmas=None, ents=None, spaces=None):
    return Doc(
        Vocab(),
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags or ["NN" if p == "NOUN" else "NNP" if p == "PROPN" else "XX" for p in pos],
        lemmas=lemmas or [w.lower() for w in words],
        ents=ents,
        sent_starts=_first_token_starts(len(words)),
    )


def test_entities_concept_phrase_drops_determiner_and_trailing_phrase():
    # fmt: off
    doc = _doc(
        words=["Xi", "supported", "the", "Russian", "demand", "of", "talks", "."],
        heads=[1, 1, 4, 4, 1, 4, 5, 1],
        deps=["nsubj", "ROOT", "det", "amod", "dobj", "prep", "pobj", "punct"],
        pos=["PROPN", "VERB", "DET", "ADJ", "NOUN", "ADP", "NOUN", "PUNCT"],
    )
    # fmt: on
    assert concept_phrase(doc[4]) == ("Russian demand", 3, 5)


def test_entities_concept_phrase_keeps_hyphenated_modifiers():
    # fmt: off
    doc = _doc(
        words=["They", "signed", "a", "ten", "-", "year", "agreement"],
        heads=[1, 1, 6, 5, 5, 6, 1],
        deps=["nsubj", "ROOT", "det", "nummod", "punct", "compound", "dobj"],
        pos=["PRON", "VERB", "DET", "NUM", "PUNCT", "NOUN", "NOUN"],
        spaces=[True, True, True, False, False, True, False],
    )
    # fmt: on
    assert concept_phrase(doc[6])[0] == "ten-year agreement"


def test_entities_normalise_name_bounds_and_spaces():
    assert normalise_name("  Anna\n\tBerg ") == "Anna Berg"
    assert len(normalise_name("x" * 10_000)) <= 200


# --- with the real model ----------------------------------------------------------------


def _spo(text):
    return {(t.subject, t.relation, t.object) for t in kg.triples(text) if t.asserted}


@pytest.mark.model
def test_entities_short_name_joins_full_name(nlp):
    doc = nlp("Vladimir Putin met Xi Jinping in Beijing. Later, Xi thanked Putin.")
    index = resolve_entities(doc)
    names = {e.name: e for e in index.entities.values()}
    assert "Putin" in names["Vladimir Putin"].aliases
    assert "Xi" in names["Xi Jinping"].aliases
    assert "Xi" not in names and "Putin" not in names


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        pytest.param(
            "The North Atlantic Treaty Organization (NATO) met in Brussels. NATO grew.",
            "North Atlantic Treaty Organization", "NATO", id="acronym in parentheses",
        ),
        pytest.param(
            "Russia signed the treaty. The Russians celebrated.", "Russia", "Russians",
            id="demonym links to country",
        ),
    ],
)  # fmt: skip
def test_entities_alias_of_a_name(nlp, text, name, alias):
    found = [e for e in resolve_entities(nlp(text)).entities.values() if e.name == name]
    assert found and alias in found[0].aliases


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "pronoun", "antecedent"),
    [
        ("Anna Berg founded Nordvik Shipping. She still runs it.", "She", ["Anna Berg"]),
        ("Anna Berg founded Nordvik Shipping. She still runs it.", "it", ["Nordvik Shipping"]),
        (
            "Anna Berg met Karl Tamm in Tallinn. They signed a deal.",
            "They",
            ["Anna Berg", "Karl Tamm"],
        ),
        (
            "Anna Berg and Karl Tamm met in Tallinn. They signed a deal.",
            "They",
            ["Anna Berg", "Karl Tamm"],
        ),
        (
            "Nordvik Shipping hired Lars Olsen in 2015. The company is based in Bergen.",
            "company",
            ["Nordvik Shipping"],
        ),
    ],
)
def test_coref_resolves_to_antecedent(nlp, text, pronoun, antecedent):
    doc = nlp(text)
    index = resolve_entities(doc)
    refs = resolve_coreference(doc, index)
    (i,) = [t.i for t in doc if t.text == pronoun]
    assert [e.name for e in refs[i]] == antecedent


@pytest.mark.model
def test_coref_pronoun_subject_gives_triples_about_the_antecedent():
    triples = _spo("Anna Berg founded Nordvik Shipping in 2001. She later sold it to Zeta Group.")
    assert ("Anna Berg", "sell to", "Zeta Group") in triples or (
        "Anna Berg",
        "sell",
        "Nordvik Shipping",
    ) in triples


@pytest.mark.model
def test_coref_unresolved_pronoun_gives_no_node():
    assert not any(t.subject.lower() in {"it", "he", "they"} for t in kg.triples("It rained."))


@pytest.mark.model
def test_entities_given_name_corrects_a_product_to_a_person(nlp):
    doc = nlp("Ines Calder lives in Leeds. She wrote Salt Roads in 2011.")
    types = {e.name: e.type for e in resolve_entities(doc).entities.values()}
    assert types["Ines Calder"] == "Person"


@pytest.mark.model
def test_entities_capital_is_a_place(nlp):
    doc = nlp("Tallinn is the capital of Estonia.")
    types = {e.name: e.type for e in resolve_entities(doc).entities.values()}
    assert types["Tallinn"] == "Place"


@pytest.mark.model
def test_coref_reflexive_binds_to_its_clause_subject(nlp):
    doc = nlp("Estonia built a new port and still sees itself as a trading nation.")
    refs = resolve_coreference(doc, resolve_entities(doc))
    (i,) = [t.i for t in doc if t.text == "itself"]
    assert [e.name for e in refs[i]] == ["Estonia"]


@pytest.mark.model
def test_coref_pronoun_takes_its_antecedents_resolution():
    text = (
        "Tallinn is the capital of Estonia. "
        "The city welcomed the plan, and its mayor, Liisa Kask, thanked Karl Tamm."
    )
    assert ("Liisa Kask", "mayor of", "Tallinn") in _spo(text)


@pytest.mark.model
def test_entities_short_name_tagged_as_noun_joins_the_person():
    text = "Lind replaces Erik Dahl, who retired in January. Dahl did not attend the meeting."
    subjects = {t.relation: t.subject for t in kg.triples(text)}
    assert subjects["retire"] == "Erik Dahl"  # "in January" is the statement's time
    assert subjects["attend"] == "Erik Dahl"


#: Entity resolution on hand-built parses: the parse, the attribute of each entity read,
#: and that attribute by entity name.
RESOLUTION = {
    "country never joins a person named after it": (
        dict(
            words=["Vichy", "France", "ruled", ".", "France", "resisted", "."],
            heads=[1, 2, 2, 2, 5, 5, 5],
            deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
            pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT"],
            ents=["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "O"],
        ),
        "type",
        {"Vichy France": "Person", "France": "Place"},
    ),
    "known country missed by the ner is a place": (
        dict(
            words=["Andorra", "borders", "Spain", "."],
            heads=[1, 1, 1, 1],
            deps=["nsubj", "ROOT", "dobj", "punct"],
            pos=["PROPN", "VERB", "PROPN", "PUNCT"],
            ents=["O", "O", "B-GPE", "O"],
        ),
        "type",
        {"Andorra": "Place", "Spain": "Place"},
    ),
    "lone given name joins the one person just named by it": (
        dict(
            words=["Dmitry", "Peskov", "spoke", ".", "Dmitry", "left", "."],
            heads=[1, 2, 2, 2, 5, 5, 5],
            deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
            pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT"],
            ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"],
        ),
        "aliases",
        {"Dmitry Peskov": {"Dmitry"}},
    ),
}  # fmt: skip


@pytest.mark.parametrize(("parse", "attribute", "expected"), RESOLUTION.values(),
                         ids=RESOLUTION.keys())  # fmt: skip
def test_entities_resolution_on_hand_built_parses(parse, attribute, expected):
    entities = resolve_entities(_doc(**parse)).entities.values()
    assert {e.name: getattr(e, attribute) for e in entities} == expected


def test_entities_name_ends_where_a_parenthesis_opens():
    # fmt: off
    doc = _doc(
        words=["Achilles", "(;", "Greek", ")", "fought", "."],
        heads=[4, 0, 0, 0, 4, 4],
        deps=["nsubj", "punct", "appos", "punct", "ROOT", "punct"],
        pos=["PROPN", "PUNCT", "PROPN", "PUNCT", "VERB", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "I-PERSON", "O", "O", "O"],
    )
    # fmt: on
    assert [e.name for e in resolve_entities(doc).entities.values()] == ["Achilles"]
