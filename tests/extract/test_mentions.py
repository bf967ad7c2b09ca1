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
@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the tagger's span ran over 'the "Red Summer" of': no quote is left on the name
        ('Riots broke out in what became known as the "Red Summer" of 1919.', "Red Summer"),
        # a title opens inside the span: the name ends where its quotation begins
        ('It was featured on Swollen Members "Monsters in the Closet" release.', "Swollen Members"),
    ],
)
def test_mentions_a_name_holds_no_stray_quotation_mark(nlp, text, name):
    texts = [m.text for m in name_mentions(nlp(text))]
    assert name in texts
    assert not any(t.count('"') % 2 for t in texts), texts


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


#: (text, the mentions as (text, class), in order): a possessive or a preposition inside one
#: name, and quoted titles that hold a name, are one mention, not the person's.
ONE_NAME = [
    # a possessive before a head word: the thing is named after its owner
    (
        "In 1931 the team played at Sportsman's Park in St. Louis.",
        [("Sportsman's Park", "Place"), ("St. Louis", "Place")],
    ),
    (
        "At age 13, Peter was sent to Nick Bollettieri's Tennis Academy in Florida.",
        [
            ("Peter", "Person"),
            ("Nick Bollettieri's Tennis Academy", "Organization"),
            ("Florida", "Place"),
        ],
    ),
    ("The settlers landed at Murray's Bay near the harbour.", [("Murray's Bay", "Place")]),
    (
        "In 1806 John Murray was granted leave to hunt whales from a station on the shore "
        "which became known as Murray's Bay, near the harbour.",
        [("John Murray", "Person"), ("Murray's Bay", "Place")],
    ),  # the place named after the man is not cut back to his surname
    ("The physicists met at Niels Bohr's Institute.", [("Niels Bohr's Institute", "Organization")]),
    # ... but a place's possessive says whose, and a proper name after it is its own
    (
        "Oskar Varga won Hungary's Kossuth Prize in 1950.",
        [("Oskar Varga", "Person"), ("Hungary", "Place"), ("Kossuth Prize", "Award")],
    ),
    (
        "The fans cheered at Liverpool's Anfield Stadium.",
        [("Liverpool", "Place"), ("Anfield Stadium", "Place")],
    ),
    # a name the NER ran on over a preposition and a place ends before them
    (
        "Harry Stone opened City Radio on Cortlandt Street in 1921.",
        [("Harry Stone", "Person"), ("City Radio", "Organization"), ("Cortlandt Street", "Place")],
    ),
    (
        "He studied at the Lake Forest College in Illinois.",
        [("Lake Forest College", "Organization"), ("Illinois", "Place")],
    ),
    # a lower-case head word the name modifies makes it a thing of its own class
    (
        "He shaped Roosevelt's Good Neighbor policy in 1930.",
        [("Roosevelt", "Person"), ("Good Neighbor policy", "Law")],
    ),
    ("Rioters set fire to buildings along Archer street that night.", [("Archer street", "Place")]),
    (
        "Anna Berg won the Nelson Algren Short Fiction prize in 1982.",
        [("Anna Berg", "Person"), ("Nelson Algren Short Fiction prize", "Award")],
    ),
    # ... but not after "a", after a place's name, or as a plural
    ("She lived on a Berlin street near the river.", [("Berlin", "Place")]),
    (
        "Anna Berg won two Wimbledon championships.",
        [("Anna Berg", "Person"), ("Wimbledon", "Event")],
    ),
    (
        "Vladimir Putin met Xi at the Putin-Xi summit.",
        [("Vladimir Putin", "Person"), ("Xi", "Person")],
    ),
    # a people's adjective the NER tagged alone begins a name with a head word
    (
        "Other firms, like the French East India Company and the Danish East India Company, "
        "traded there.",
        [
            ("French East India Company", "Organization"),
            ("Danish East India Company", "Organization"),
        ],
    ),
    ("The German troops entered Paris.", [("German", "Place"), ("Paris", "Place")]),
    # a quoted title that holds a name is the work's name
    (
        'The poet wrote a poem titled "Speaking of Varga," in which he praised him.',
        [("Speaking of Varga", "CreativeWork")],
    ),
    (
        'The boys read "The Ordeal of Woodrow Wilson", a history.',
        [("Ordeal of Woodrow Wilson", "CreativeWork")],
    ),
    (
        'Oskar Varga appears in "A Rainy Night on the East Side", a novel by Ahmed Sami.',
        [
            ("Oskar Varga", "Person"),
            ("Rainy Night on the East Side", "CreativeWork"),
            ("Ahmed Sami", "Person"),
        ],
    ),
    (
        'The headline read "Police Seek Varga for Theft".',
        [("Police Seek Varga for Theft", "CreativeWork")],
    ),
    # ... the kind noun before a comma says what it is
    (
        'In a song, "Nobody Laughed at Varga", he is named.',
        [("Nobody Laughed at Varga", "CreativeWork")],
    ),
    # ... but a nickname in quotes, and a determiner and a name, are still names
    (
        'Henry Benjamin "Hank" Greenberg played.',
        [("Henry Benjamin Greenberg", "Person"), ("Hank", "Person")],
    ),
    (
        'Anna Berg met "Otto Hahn" and "Dr. Nils Wenck" there.',
        [("Anna Berg", "Person"), ("Otto Hahn", "Person"), ("Nils Wenck", "Person")],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), ONE_NAME, ids=[m[0][:30] for m in ONE_NAME])
def test_mentions_one_name_over_a_possessive_or_in_a_title(nlp, text, expected):
    mentions = name_mentions(nlp(text))
    assert [(m.text, m.type) for m in mentions] == expected


#: (text, the (mention, entity, class) of each name): a language's name is the language
#: where it is what is spoken, written or meant, and stays the country's people elsewhere.
LANGUAGES = [
    (
        "Mira Costa began singing in Portuguese. Her family came from Portugal.",
        [("Mira Costa", "Mira Costa", "Person"), ("Portuguese", "Portuguese", "Language"),
         ("Portugal", "Portugal", "Place")],
    ),
    (
        'The name is Dutch for "grey harbour". The Dutch traded with Japan.',
        [("Dutch", "Dutch", "Language"), ("Dutch", "Netherlands", "Place"),
         ("Japan", "Japan", "Place")],
    ),
    (
        '"Vroedman" is a Dutch word for midwife.',
        [("Vroedman", "Vroedman", "CreativeWork"), ("Dutch", "Dutch", "Language")],
    ),
    (
        "Anna Berg learned Mandarin Chinese while she worked in China.",
        [("Anna Berg", "Anna Berg", "Person"), ("Mandarin Chinese", "Mandarin Chinese", "Language"),
         ("China", "China", "Place")],
    ),
    (
        "As a boy, Aldo studied languages French, and German, along with chemistry.",
        [("Aldo", "Aldo", "Person"), ("French", "French", "Language"),
         ("German", "German", "Language")],
    ),
    (
        "The French in Canada fought the English.",
        [("French", "France", "Place"), ("Canada", "Canada", "Place"),
         ("English", "England", "Place")],
    ),
]  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), LANGUAGES, ids=[m[0][:30] for m in LANGUAGES])
def test_mentions_a_language_is_not_its_country(nlp, text, expected):
    from kg.extract.entities import resolve_entities

    index = resolve_entities(nlp(text))
    got = [(m.text, m.entity.name, m.entity.type) for m in index.mentions if m.entity]
    assert got == expected
