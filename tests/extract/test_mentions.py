"""kg.extract.mentions: the names of a parsed text, cleaned, typed by their head, linked."""

from __future__ import annotations

import pytest

from kg.extract.mentions import name_mentions

#: (text, the mentions as (text, class), in order)
MENTIONS = [
    # a title and a possessive are not part of the name
    (
        "Dr. Lise Meitner's paper reached Otto Hahn in Berlin.",
        [("Lise Meitner", "Person"), ("Otto Hahn", "Person"), ("Berlin", "Place")],
    ),
    # a head word makes the name a thing of its own class
    ("Otto Hahn Prize went to Anna Berg.", [("Otto Hahn Prize", "Award"), ("Anna Berg", "Person")]),
    ("Professor Vandermeer arrived in Tallinn.", [("Vandermeer", "Person"), ("Tallinn", "Place")]),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), MENTIONS, ids=[m[0][:30] for m in MENTIONS])
def test_mentions_names_are_cleaned_and_typed(nlp, text, expected):
    doc = nlp(text)
    mentions = name_mentions(doc)
    assert [(m.text, m.type) for m in mentions] == expected
    assert all(doc[m.start : m.end].text == m.text for m in mentions)


@pytest.mark.model
def test_mentions_an_acronym_in_parentheses_is_linked_to_its_name(nlp):
    doc = nlp("The Nordic Maritime Council (NMC) met. Later the NMC voted.")
    council, acronym, later = name_mentions(doc)
    assert council.text == "Nordic Maritime Council" and council.link == -1
    assert (acronym.text, acronym.link, acronym.link_rule) == ("NMC", 0, "acronym")
    assert (later.text, later.link) == ("NMC", -1)
