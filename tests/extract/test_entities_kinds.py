"""Entity resolution (issue 11), organisations and the classes of names.

The tables work as in ``test_entities.py``: every mention written as a key must
resolve to the given canonical name and class (``kg.entities``); a key mapped to
None must not be an entity at all. An organisation's acronym, native name,
"F.C."/"FC"/"Football Club" spellings and "the Company" are one entity; a name's
class comes from its head and its context, not from the small model's label alone.
"""

from __future__ import annotations

import pytest

from tests.extract.parses import check_entities, entity_ids

# --- organisations: acronyms, native names, spellings, "the Company" ----------------------

ORGANISATIONS = [
    # an acronym in parentheses, and later alone
    (
        "The Nordic Institute of Marine Studies (NIMS) opened in Bergen. "
        "NIMS hired ten researchers.",
        {
            "Nordic Institute of Marine Studies": (
                "Nordic Institute of Marine Studies",
                "Organization",
            ),
            "NIMS": ("Nordic Institute of Marine Studies", "Organization"),
        },
    ),
    # an acronym never introduced
    (
        "The Coastal Rescue Agency opened a base in Parnu. The CRA hired twelve pilots.",
        {"CRA": ("Coastal Rescue Agency", "Organization")},
    ),
    (
        "The Baltic Ferry Authority inspected Nordvik Shipping in May, and the BFA later "
        "banned its largest ferry.",
        {"BFA": ("Baltic Ferry Authority", "Organization")},
    ),
    # the language label of a native name is no mention; a transliteration is a native name
    (
        "The Varnholm Islands (Arabic: جزر; transliterated: Juzur Varnholm) are owned by "
        "Bahrain. They lie off the coast of Qatar.",
        {
            "Arabic": None,
            "Juzur Varnholm": ("Varnholm Islands", "Place"),
        },
    ),
    # a native name in parentheses, and later alone
    (
        "The Northern Railway Company (German: Nordbahngesellschaft) was founded in 1840. "
        "The Nordbahngesellschaft built the first line to Linz.",
        {"Nordbahngesellschaft": ("Northern Railway Company", "Organization")},
    ),
    (
        "The Tallinn Harbour Council (Estonian: Tallinna Sadamanoukogu) hired Jonas Kask in "
        "1925. Tallinna Sadamanoukogu later opened a school for pilots.",
        {
            "Tallinna Sadamanoukogu": ("Tallinn Harbour Council", "Organization"),
            "Jonas Kask": ("Jonas Kask", "Person"),
        },
    ),
    # "F.C.", "FC" and "Football Club" are one club, under its fullest name
    (
        "Harwick F.C. won the league in 1995. Harwick FC later moved to a new ground. "
        "Harwick Football Club now has ten thousand members.",
        {
            "Harwick F.C.": ("Harwick Football Club", "Organization"),
            "Harwick FC": ("Harwick Football Club", "Organization"),
            "Harwick Football Club": ("Harwick Football Club", "Organization"),
        },
    ),
    # a plural is the same competition
    (
        "Harwick FC won the Baltic Cup in 1995. The club has won three Baltic Cups.",
        {"Baltic Cup": ("Baltic Cup", "Event"), "Baltic Cups": ("Baltic Cup", "Event")},
    ),
    # a legal form left off
    (
        "Veloria GmbH opened a plant in Leipzig. Veloria employs 300 people.",
        {"Veloria": ("Veloria GmbH", "Organization")},
    ),
    (
        "Dunmore Athletic was founded in 1890. Dunmore later won the Baltic Cup.",
        {"Dunmore": ("Dunmore Athletic", "Organization")},
    ),
    # "the Company" (capitalised) and "the club" refer to an entity whose head fits
    (
        "The Northern Trading Company was founded in 1720. The Company built a fort on the coast.",
        {"Company": ("Northern Trading Company", "Organization")},
    ),
    (
        "Anna Berg founded the Coldwater Rowing Club. The club won three titles.",
        {"club": ("Coldwater Rowing Club", "Organization")},
    ),
    (
        "Anna Berg founded Nordvik Shipping and Harwick FC. The club won three titles.",
        {"club": ("Harwick FC", "Organization")},
    ),
    # ... and to nothing when nothing fits: a shipping firm is not a club
    (
        "Nordvik Shipping sponsored the final. The club thanked its fans.",
        {"club": None, "Nordvik Shipping": ("Nordvik Shipping", "Organization")},
    ),
    # a team's nickname alone is the team named after its place
    (
        "Ansel Marrow signed with the Pittsburgh Pirates in 1947. The Pirates paid him well, "
        "and he played first base for the Pirates.",
        {"Pirates": ("Pittsburgh Pirates", "Organization")},
    ),
    (
        "Ansel Marrow joined the Chicago White Sox. The White Sox won the pennant.",
        {"White Sox": ("Chicago White Sox", "Organization")},
    ),
    # ... but a man whose given name is also a town is no team, and his surname no nickname
    (
        "In 1991 Wendell Moores became chairman. His uncle Ansel Moores owned shares. "
        "Moores later sold the club.",
        {
            "Wendell Moores": ("Wendell Moores", "Person"),
            "Ansel Moores": ("Ansel Moores", "Person"),
        },
    ),
    # an event's name without one of its lower-case words is that event, and so is a
    # place followed by the event's words where the parse lost the compound
    (
        "The Dayton race riot began in May 1921. Between statehood and the Dayton race riot "
        "13 years later, many were killed. Three months after the Dayton riot, the mayor left.",
        {
            "Dayton riot": ("Dayton race riot", "Event"),
            "Dayton race riot": ("Dayton race riot", "Event"),
        },
    ),
    # a head word and "of" before the name the NER found make a thing of the head's class
    (
        "Peru and Chile signed the Treaty of Lima in 1929.",
        {"Treaty of Lima": ("Treaty of Lima", "Law"), "Lima": None},
    ),
    (
        "Fenwick Hale was commanding general of the Military District of Washington.",
        {"Military District of Washington": ("Military District of Washington", "Place")},
    ),
    (
        "The Battle of Saldanha Bay was fought in 1781.",
        {"Battle of Saldanha Bay": ("Battle of Saldanha Bay", "Event")},
    ),
    # an NER span that swallows the verb and the object
    (
        "The Orsolya Institute hired Ansel Marrow in 1970.",
        {
            "Orsolya Institute": ("Orsolya Institute", "Organization"),
            "Ansel Marrow": ("Ansel Marrow", "Person"),
        },
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), ORGANISATIONS, ids=entity_ids(ORGANISATIONS))
def test_entities_organisations(text, expected):
    check_entities(text, expected)


# --- types from context ------------------------------------------------------------------

TYPES = [
    # the NER calls the physicist a place (GPE); the apposition says a person
    (
        "Lennart Sjoberg, a Swedish physicist, studied in Uppsala. Sjoberg later moved to Kiel.",
        {
            "Lennart Sjoberg": ("Lennart Sjoberg", "Person"),
            "Sjoberg": ("Lennart Sjoberg", "Person"),
            "Uppsala": ("Uppsala", "Place"),
        },
    ),
    # the NER calls the physicist an organisation; "was a physicist" says a person
    # ... and "born in X" makes X a place, whatever the NER said (here ORG)
    (
        "Caspian Rourke was a physicist. Rourke was born in Cork.",
        {
            "Caspian Rourke": ("Caspian Rourke", "Person"),
            "Rourke": ("Caspian Rourke", "Person"),
            "Cork": ("Cork", "Place"),
        },
    ),
    # the NER calls the physicist's partner a place
    (
        "Ottilie Varga was an Austrian physicist. Varga worked in Berlin with Lennart Sjoberg.",
        {
            "Varga": ("Ottilie Varga", "Person"),
            "Lennart Sjoberg": ("Lennart Sjoberg", "Person"),
            "Berlin": ("Berlin", "Place"),
        },
    ),
    # "born in X": X is a place, even when the NER calls it a person
    (
        "Fenwick Hale was born in Chester in 1931.",
        {"Fenwick Hale": ("Fenwick Hale", "Person"), "Chester": ("Chester", "Place")},
    ),
    # a rare given name before a surname that is no English word: a person, whatever the
    # NER said; accents do not hide a given name
    (
        "Vaclav Rezny defeated Marat Pelevin in the final. Tomáš Brabec lost to Irène Duval.",
        {
            "Marat Pelevin": ("Marat Pelevin", "Person"),
            "Tomáš Brabec": ("Tomáš Brabec", "Person"),
            "Irène Duval": ("Irène Duval", "Person"),
        },
    ),
    # ... but a demonym or an English word in the name keeps it a thing
    (
        "The Dutch Republic traded with Aramis Life in 1650.",
        {"Dutch Republic": ("Dutch Republic", "Place")},
    ),
    # regions, provinces and states of the past are places, whatever the NER said
    (
        "Ansel Marrow moved from East Germany to Nova Scotia, and later to the Azores.",
        {
            "East Germany": ("East Germany", "Place"),
            "Nova Scotia": ("Nova Scotia", "Place"),
            "Azores": ("Azores", "Place"),
        },
    ),
    # a place's head after a word that is no given name is a place: "McNulty Park"
    (
        "The Oilers played at McNulty Park until 1930. Ansel Marrow was born in St. Louis. "
        "Harry Lund opened a shop on Lantern Row.",
        {
            "McNulty Park": ("McNulty Park", "Place"),
            "St. Louis": ("St. Louis", "Place"),
            "Lantern Row": ("Lantern Row", "Place"),
        },
    ),
    (
        "The Portuguese Empire lost the Aceh Sultanate's trade to the Louisiana Territory.",
        {
            "Portuguese Empire": ("Portuguese Empire", "Place"),
            "Aceh Sultanate": ("Aceh Sultanate", "Place"),
        },
    ),
    # holidays are events, faiths and schools groups, policies and codes laws
    (
        "Ansel Marrow did not play on Yom Kippur in 1934. He was raised in Judaism. The Marrow "
        "Doctrine and the Uniform Harbour Code followed.",
        {
            "Yom Kippur": ("Yom Kippur", "Event"),
            "Judaism": ("Judaism", "Group"),
            "Marrow Doctrine": ("Marrow Doctrine", "Law"),
            "Uniform Harbour Code": ("Uniform Harbour Code", "Law"),
        },
    ),
    # a hall of fame is a body; a legal form anywhere makes a company; "X City" a club
    (
        "Ansel Marrow entered the Baseball Hall of Fame. The Center for Harbour Studies, Inc. "
        "honoured him, and Manchester City signed his son.",
        {
            "Baseball Hall of Fame": ("Baseball Hall of Fame", "Organization"),
            "Center for Harbour Studies, Inc.": (
                "Center for Harbour Studies, Inc.",
                "Organization",
            ),
            "Manchester City": ("Manchester City", "Organization"),
        },
    ),
    # a quoted name the NER missed is a product or a work, by the kinds the text is about
    (
        'Three locomotives entered the trial. The engine "Tornado" broke down, and the '
        'locomotive "Perseverance" was damaged on the way. "Perseverance" came last.',
        {
            "Tornado": ("Tornado", "Product"),
            "Perseverance": ("Perseverance", "Product"),
        },
    ),
    # in a text about clubs, a city that beats, or is beaten, is its club; a country at war
    # stays a country
    (
        "The club won the league in 1901. Its manager built a team for the new season, and "
        "the team reached the cup final. Liverpool beat Burnley in the final, and the club "
        "won a second match against Leeds. Prussia defeated France in 1870.",
        {
            "Burnley": ("Burnley", "Organization"),
            "Leeds": ("Leeds", "Organization"),
            "France": ("France", "Place"),
        },
    ),
    # a name that is all of a quotation is a title
    (
        'He recorded "Amelia Brooks" in 1990.',
        {"Amelia Brooks": ("Amelia Brooks", "CreativeWork")},
    ),
    (
        'The magazine "Triton" printed his poem.',
        {"Triton": ("Triton", "CreativeWork"), "his": None},
    ),
    # titles say a person
    (
        "Professor Quintus Orrell lectured at Coldwater University.",
        {
            "Quintus Orrell": ("Quintus Orrell", "Person"),
            "Coldwater University": ("Coldwater University", "Organization"),
        },
    ),
    (
        "Judge Halima Okonjo ruled against Nordvik Shipping.",
        {"Halima Okonjo": ("Halima Okonjo", "Person")},
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), TYPES, ids=entity_ids(TYPES))
def test_entities_types_from_context(text, expected):
    check_entities(text, expected)
