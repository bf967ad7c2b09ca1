"""Entity resolution (issue 11): who is who, on texts written for these tests.

Each row of the tables is one behaviour a reader checks first: a person never
merges into the prize, firm, cottage, memorial or stand named after them; a
bare surname is the most salient person of that surname; two people of one
surname stay two. Organisations and the classes of names are in
``test_entities_kinds.py``.

The model tables read ``kg.entities`` (the public audit of resolution): every
mention written as the key must resolve to the given canonical name and
class; a key mapped to None must not be an entity at all. Hand-built parses
check the named-after rules without the model.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from kg.extract.entities import resolve_entities
from tests.extract.parses import check_entities, entity_ids

_VOCAB = English().vocab  # lexical attributes ("lower_") without a trained pipeline


def _first_token_starts(n: int) -> list[bool | int | None]:
    """One sentence: its first token starts it (the list type spaCy's ``Doc`` takes)."""
    starts: list[bool | int | None] = [i == 0 for i in range(n)]
    return starts


def _doc(words, heads, deps, pos, ents):
    return Doc(
        _VOCAB,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=["NNP" if p == "PROPN" else "NN" if p == "NOUN" else "XX" for p in pos],
        lemmas=[w.lower() for w in words],
        ents=ents,
        sent_starts=_first_token_starts(len(words)),
    )


# --- a person and the things named after them ------------------------------------------

NAMED_AFTER = [
    # an award named after a person is an award, and the person stays a person
    (
        "Mara Lind won the Mara Lind Prize in 2004.",
        {"Mara Lind": ("Mara Lind", "Person"), "Mara Lind Prize": ("Mara Lind Prize", "Award")},
    ),
    (
        "Mara Lind was a Swedish chemist. The Mara Lind Prize is awarded each year in Uppsala.",
        {"Mara Lind": ("Mara Lind", "Person"), "Mara Lind Prize": ("Mara Lind Prize", "Award")},
    ),
    (
        "Rasmus Thorvaldsen was a Danish physicist. Thorvaldsen won the Thorvaldsen Medal in 1950.",
        {
            "Thorvaldsen": ("Rasmus Thorvaldsen", "Person"),
            "Thorvaldsen Medal": ("Thorvaldsen Medal", "Award"),
        },
    ),
    # a firm named after its founder is a firm; the bare surname is still the founder
    (
        "Hans-Dietrich Vollmer left politics in 1998 and founded Vollmer Consulting. "
        "Vollmer advised several banks.",
        {
            "Hans-Dietrich Vollmer": ("Hans-Dietrich Vollmer", "Person"),
            "Vollmer Consulting": ("Vollmer Consulting", "Organization"),
            "Vollmer": ("Hans-Dietrich Vollmer", "Person"),
        },
    ),
    (
        "Ilse Brandt was born in Vienna. Brandt studied physics in Graz, and the Ilse Brandt "
        "Institute in Graz now bears her name.",
        {
            "Ilse Brandt": ("Ilse Brandt", "Person"),
            "Brandt": ("Ilse Brandt", "Person"),
            "Ilse Brandt Institute": ("Ilse Brandt Institute", "Organization"),
            "Graz": ("Graz", "Place"),
        },
    ),
    (
        "Tove Lind founded Lind Bakery in Malmo.",
        {"Tove Lind": ("Tove Lind", "Person"), "Lind Bakery": ("Lind Bakery", "Organization")},
    ),
    # a cottage, a memorial, a stand named after a person are places
    (
        "The Emil Rask Cottage in Bergen was the childhood home of Emil Rask. "
        "Rask wrote four novels there.",
        {
            "Emil Rask Cottage": ("Emil Rask Cottage", "Place"),
            "Emil Rask": ("Emil Rask", "Person"),
            "Rask": ("Emil Rask", "Person"),
        },
    ),
    (
        "Anna Quill and her brother Tomas Quill ran the farm. "
        "The Tomas Quill Memorial stands in the village.",
        {
            "Anna Quill": ("Anna Quill", "Person"),
            "Tomas Quill": ("Tomas Quill", "Person"),
            "Tomas Quill Memorial": ("Tomas Quill Memorial", "Place"),
        },
    ),
    (
        "Karl Okafor played for Harwick FC for twenty years. "
        "In 2010 the club named the Karl Okafor Stand after him.",
        {
            "Karl Okafor": ("Karl Okafor", "Person"),
            "Karl Okafor Stand": ("Karl Okafor Stand", "Place"),
            "him": ("Karl Okafor", "Person"),
        },
    ),
    (
        "The Okafor Arena in Lagos opened in 1990.",
        {"Okafor Arena": ("Okafor Arena", "Place"), "Lagos": ("Lagos", "Place")},
    ),
    # a head word that is also a surname: after a given name it is a person
    (
        "Corin Hill is a British comedian. Hill wrote three plays.",
        {"Corin Hill": ("Corin Hill", "Person"), "Hill": ("Corin Hill", "Person")},
    ),
    (
        "Talia Temple is an American actress. Temple starred in four films.",
        {"Talia Temple": ("Talia Temple", "Person"), "Temple": ("Talia Temple", "Person")},
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), NAMED_AFTER, ids=entity_ids(NAMED_AFTER))
def test_entities_person_never_merges_into_what_is_named_after_them(text, expected):
    check_entities(text, expected)


# --- people: canonical names, surnames, given names --------------------------------------

PEOPLE = [
    # nicknames in quotes after "nicknamed", and a birth name after "was born"
    (
        'Ansel Marrow (1911-1986), nicknamed "Hammerin\' Ansel," "Big Ansel" or "The Baltic '
        'Hammer," was a pitcher. Ansel Marrow was born Anselm Marowitz in Riga. Marrow won.',
        {
            "Hammerin' Ansel": ("Ansel Marrow", "Person"),
            "Big Ansel": ("Ansel Marrow", "Person"),
            "Baltic Hammer": ("Ansel Marrow", "Person"),
            "Anselm Marowitz": ("Ansel Marrow", "Person"),
            "Marrow": ("Ansel Marrow", "Person"),
        },
    ),
    # a clause's first word run into a known name is no part of it
    (
        "Ansel Marrow was injured in May. Absent Marrow, the Tigers lost. "
        '"Sorry Marrow, but the game is over," the umpire said. '
        "Incidents of hostility Marrow faced were reported.",
        {
            "Marrow": ("Ansel Marrow", "Person"),
            "Absent Marrow": None,
            "Sorry Marrow": None,
            "hostility Marrow": None,
        },
    ),
    # ... but a given name beginning a sentence stays the name's
    (
        "Tove Lind sang. Mara Lind played the cello.",
        {"Mara Lind": ("Mara Lind", "Person"), "Tove Lind": ("Tove Lind", "Person")},
    ),
    # two people of one surname just named: the bare surname is neither
    (
        "Kenneth Lund led the club until 1990. In 1991 Wendell Moores became its chairman. "
        "His uncle Ansel Moores was a "
        "shareholder and chaired a rival club. Moores owned half of the shares.",
        {
            "Wendell Moores": ("Wendell Moores", "Person"),
            "Ansel Moores": ("Ansel Moores", "Person"),
            "Moores": None,
        },
    ),
    # a lone given name is the one person of the document just named by it ...
    (
        "Julia Marrow founded the mill in 1801. Julia later sold it to Ilse Brandt.",
        {"Julia": ("Julia Marrow", "Person")},
    ),
    # ... unless it is given as someone's kin: then it is someone new
    (
        "Robert Marrow married Ilse Brandt in 1801. Their children were Robert, Julia and "
        "Cornelia.",
        {"Robert Marrow": ("Robert Marrow", "Person"), "Robert": ("Robert", "Person")},
    ),
    # ... and borne by two people of the document, it is not said who
    (
        "Julia Marrow and Julia Quill founded the mill in 1801. Julia later sold it.",
        {"Julia": None},
    ),
    # the canonical name is the full name, without the title
    (
        "Dr. Ilse Brandt joined Kestrel Group in 2001. Brandt later led its research unit.",
        {"Ilse Brandt": ("Ilse Brandt", "Person"), "Brandt": ("Ilse Brandt", "Person")},
    ),
    # a bare surname is the document's most salient person of that surname
    (
        "Ilse Brandt was a German physicist. Her nephew, Paul Brandt, studied law. "
        "Brandt later moved to Vienna.",
        {
            "Ilse Brandt": ("Ilse Brandt", "Person"),
            "Paul Brandt": ("Paul Brandt", "Person"),
            "Brandt": ("Ilse Brandt", "Person"),
        },
    ),
    # two people of one surname and different given names stay two
    (
        "Mara Lind and Tove Lind founded a bakery in Malmo.",
        {"Mara Lind": ("Mara Lind", "Person"), "Tove Lind": ("Tove Lind", "Person")},
    ),
    (
        "Karl Tamm met his son Erik Tamm in Riga.",
        {"Karl Tamm": ("Karl Tamm", "Person"), "Erik Tamm": ("Erik Tamm", "Person")},
    ),
    # father and son: "Jr." is part of the name
    (
        "Tobias Reed Jr. met his father Tobias Reed in Oslo.",
        {
            "Tobias Reed Jr.": ("Tobias Reed Jr.", "Person"),
            "Tobias Reed": ("Tobias Reed", "Person"),
        },
    ),
    # close surnames are different people
    (
        "Rhys Edwards signed for Harwick FC in 2001. "
        "His cousin Rhys Edward joined Dunmore FC in 2003.",
        {
            "Rhys Edwards": ("Rhys Edwards", "Person"),
            "Rhys Edward": ("Rhys Edward", "Person"),
        },
    ),
    # hyphenated given names make people, and their surnames find them
    (
        "Jean-Luc Marchetti joined the orchestra in 1990. Marchetti later conducted it.",
        {
            "Jean-Luc Marchetti": ("Jean-Luc Marchetti", "Person"),
            "Marchetti": ("Jean-Luc Marchetti", "Person"),
        },
    ),
    (
        "Marie-Claire Dubois opened a bakery in Lyon.",
        {"Marie-Claire Dubois": ("Marie-Claire Dubois", "Person")},
    ),
    (
        "Karl-Heinz Rabe hired Anna-Lena Vogt in 2003. Vogt later replaced Rabe as chief "
        "executive.",
        {
            "Karl-Heinz Rabe": ("Karl-Heinz Rabe", "Person"),
            "Anna-Lena Vogt": ("Anna-Lena Vogt", "Person"),
            "Vogt": ("Anna-Lena Vogt", "Person"),
            "Rabe": ("Karl-Heinz Rabe", "Person"),
        },
    ),
    # a title is not part of the name, and the NER's cut does not shorten it
    (
        "Lady Sasha Orme met Robin Hale in London.",
        {"Sasha Orme": ("Sasha Orme", "Person"), "Robin Hale": ("Robin Hale", "Person")},
    ),
    # a surname after a full name the NER typed otherwise
    (
        "Wendell Parsby married Ilse Brandt. Parsby and Brandt moved to Kiel.",
        {"Parsby": ("Wendell Parsby", "Person"), "Brandt": ("Ilse Brandt", "Person")},
    ),
    (
        "Ottoline Brisk grew up in Leeds. Brisk married a banker.",
        {"Ottoline Brisk": ("Ottoline Brisk", "Person"), "Brisk": ("Ottoline Brisk", "Person")},
    ),
    # nicknames in quotes are aliases of the full name
    (
        'Henrik "Hal" Sorensen played for Harwick FC. Hal Sorensen scored forty goals.',
        {
            'Henrik "Hal" Sorensen': ("Henrik Sorensen", "Person"),
            "Hal Sorensen": ("Henrik Sorensen", "Person"),
        },
    ),
    (
        'Henrik "Hal" Sorensen played for Harwick FC. Hal scored forty goals.',
        {"Hal": ("Henrik Sorensen", "Person")},
    ),
    (
        'Margit "Maggie" Olsen founded Veloria in 2009. Maggie later sold the company to '
        "Kestrel Group.",
        {
            'Margit "Maggie" Olsen': ("Margit Olsen", "Person"),
            "Maggie": ("Margit Olsen", "Person"),
        },
    ),
    # post-nominal letters are no entity and no part of the name
    ("Anna Berg, CIH, inspected the plant.", {"Anna Berg": ("Anna Berg", "Person"), "CIH": None}),
    (
        "Karl Tamm PhD joined the university in 2003.",
        {"Karl Tamm": ("Karl Tamm", "Person"), "Karl Tamm PhD": None},
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), PEOPLE, ids=entity_ids(PEOPLE))
def test_entities_people(text, expected):
    check_entities(text, expected)


# --- without the model -------------------------------------------------------------------


def test_entities_award_named_after_a_person_is_its_own_entity():
    # fmt: off
    doc = _doc(
        words=["Mara", "Lind", "won", "the", "Mara", "Lind", "Prize", "."],
        heads=[1, 2, 2, 6, 6, 6, 2, 2],
        deps=["compound", "nsubj", "ROOT", "det", "compound", "compound", "dobj", "punct"],
        pos=["PROPN", "PROPN", "VERB", "DET", "PROPN", "PROPN", "PROPN", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"],
    )
    # fmt: on
    index = resolve_entities(doc)
    assert {(e.name, e.type) for e in index.entities.values()} == {
        ("Mara Lind", "Person"),
        ("Mara Lind Prize", "Award"),
    }
    assert index.entity_at(0) is not index.entity_at(6)


def test_entities_stand_named_after_a_known_person_is_a_place():
    # fmt: off
    doc = _doc(
        words=["Karl", "Okafor", "retired", ".", "The", "Karl", "Okafor", "Stand", "opened",
               "."],
        heads=[1, 2, 2, 2, 7, 7, 7, 8, 8, 8],
        deps=["compound", "nsubj", "ROOT", "punct", "det", "compound", "compound", "nsubj",
              "ROOT", "punct"],
        pos=["PROPN", "PROPN", "VERB", "PUNCT", "DET", "PROPN", "PROPN", "PROPN", "VERB",
             "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O", "B-FAC", "I-FAC", "I-FAC", "O", "O"],
    )
    # fmt: on
    types = {e.name: e.type for e in resolve_entities(doc).entities.values()}
    assert types == {"Karl Okafor": "Person", "Karl Okafor Stand": "Place"}


def test_entities_surname_head_after_a_given_name_is_a_person():
    # fmt: off
    doc = _doc(
        words=["Corin", "Hill", "wrote", "plays", "."],
        heads=[1, 2, 2, 2, 2],
        deps=["compound", "nsubj", "ROOT", "dobj", "punct"],
        pos=["PROPN", "PROPN", "VERB", "NOUN", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O"],
    )
    # fmt: on
    types = {e.name: e.type for e in resolve_entities(doc).entities.values()}
    assert types == {"Corin Hill": "Person"}


def test_entities_people_of_one_surname_and_different_given_names_stay_two():
    # fmt: off
    doc = _doc(
        words=["Mara", "Lind", "and", "Tove", "Lind", "spoke", ".", "Lind", "left", "."],
        heads=[1, 5, 1, 4, 1, 5, 5, 8, 8, 8],
        deps=["compound", "nsubj", "cc", "compound", "conj", "ROOT", "punct", "nsubj", "ROOT",
              "punct"],
        pos=["PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB",
             "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O",
              "O"],
    )
    # fmt: on
    index = resolve_entities(doc)
    people = {e.name for e in index.entities.values() if e.type == "Person"}
    assert {"Mara Lind", "Tove Lind"} <= people
    assert index.entity_at(0) is not index.entity_at(3)


@pytest.mark.model
def test_a_place_that_other_says_is_a_body_is_the_body_named_after_it():
    from kg import nlp

    doc = nlp.parse(
        "The University of Leipzig keeps twenty partnerships with universities abroad. "
        "In addition, Leipzig has further cooperations with more than 260 other universities. "
        "Leipzig is a city in Poland."
    )
    index = resolve_entities(doc)
    leipzig = [m for m in index.mentions if m.text == "Leipzig"]
    assert [m.entity.name if m.entity else None for m in leipzig] == [
        "University of Leipzig",
        "Leipzig",
    ]
    assert leipzig[0].via == "metonym"
    city = index.entity_at(leipzig[1].start)
    assert city is not None and city.type == "Place"  # the city is not the university


@pytest.mark.model
def test_a_place_without_other_stays_the_place():
    from kg import nlp

    doc = nlp.parse(
        "The University of Leipzig keeps twenty partnerships with universities abroad. "
        "In addition, Leipzig has partnerships with 26 cities."
    )
    index = resolve_entities(doc)
    assert [m.entity and m.entity.name for m in index.mentions if m.text == "Leipzig"] == [
        "Leipzig"
    ]


@pytest.mark.model
def test_a_nickname_several_people_earn_is_no_alias_of_one_of_them():
    from kg import nlp

    doc = nlp.parse(
        "Ansel Marrow and several aides played it each morning, earning them the nickname "
        '"Medicine Ball Club".'
    )
    marrow = resolve_entities(doc).entity_at(0)
    assert marrow is not None and marrow.name == "Ansel Marrow"
    assert not any("Medicine" in a for a in marrow.aliases)
    doc = nlp.parse('Ansel Marrow, nicknamed "the Hammer", played it each morning.')
    marrow = resolve_entities(doc).entity_at(0)
    assert marrow is not None and "Hammer" in marrow.aliases  # his own nickname is one


@pytest.mark.model
def test_a_quoted_title_with_its_kind_is_not_the_person_it_is_named_after():
    from kg import nlp

    doc = nlp.parse(
        "Howard Carter found the tomb of Tutankhamun in 1922. Tutankhamun had died young. "
        'A Finnish band later recorded the song "Tutankhamun" on its first album.'
    )
    index = resolve_entities(doc)
    found = [
        (m.entity.name, m.entity.type)
        for m in index.mentions
        if m.text == "Tutankhamun" and m.entity is not None
    ]
    assert found[:2] == [("Tutankhamun", "Person")] * 2
    assert found[2][1] == "CreativeWork"
    assert index.entity_at(index.mentions[-1].start) is not index.entity_at(index.mentions[1].start)


@pytest.mark.model
def test_a_title_held_of_a_place_is_one_person_under_their_own_name():
    from kg import nlp

    doc = nlp.parse(
        "In England he met the Duke of Bridgewater (Francis Egerton), whose canal was used "
        "for trials. In 1801 the Duke, impressed by the boat, ordered eight of them."
    )
    index = resolve_entities(doc)
    people = {m.text: m.entity.name for m in index.mentions if m.entity is not None}
    assert people["Duke of Bridgewater"] == people["Duke"] == "Francis Egerton"
    assert index.entities[("Francis Egerton", "Person")].type == "Person"


@pytest.mark.model
def test_a_title_or_a_head_word_and_of_the_ner_missed_is_one_name():
    from kg import nlp

    doc = nlp.parse(
        "Early on, the house unanimously accused the Earl of Strafford of high treason. "
        "Pym then moved a Bill of Attainder against him."
    )
    named = {(e.name, e.type) for e in resolve_entities(doc).entities.values()}
    assert ("Earl of Strafford", "Person") in named
    assert ("Bill of Attainder", "Law") in named
    assert not any(name in ("Earl", "Bill") for name, _ in named)


@pytest.mark.model
def test_a_title_in_apposition_says_what_someone_is_of_the_place():
    from kg import nlp
    from kg.extract.pipeline import document_graph

    for text in (
        "Parliament impeached William Laud, Archbishop of Canterbury, in 1640.",
        "Parliament impeached William Laud, the Archbishop of Canterbury, in 1640.",
    ):
        named = {(e.name, e.type) for e in resolve_entities(nlp.parse(text)).entities.values()}
        assert not any(name.startswith("Archbishop") for name, _ in named), text
        graph = document_graph(text)
        assert ("William Laud", "archbishop of", "Canterbury") in {
            (t.subject, t.relation, t.object) for t in graph.triples
        }, text
