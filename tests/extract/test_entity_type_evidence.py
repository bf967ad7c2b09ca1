"""An entity's class from the words around its mentions (``kg.extract._type_evidence``).

Each row is a sentence of our own with a name whose class the small model gets
wrong on its own, and the evidence a reader uses: a kind noun beside the name
("the band X", '"X" newspaper', '"X", a novel by'), a quoted title's year, a
business tie ("a deal with X"), a competition won ("won X"), a place given with
its state ("X, Minnesota"), a people in the plural ("the Zeelanders"), the head
of the name itself ("Prize in Physics", "v."). The tables work as in
``test_entities.py``.
"""

from __future__ import annotations

import pytest

from kg.extract.names import name_head_class
from tests.extract.parses import check_entities, entity_ids

TYPE_EVIDENCE = [
    # a kind noun before the name
    (
        "The Finnish band Velmora recorded a song about the sea.",
        {"Velmora": ("Velmora", "Organization")},
    ),
    (
        'The duke admired the floating battery "Demora" in the harbour.',
        {"Demora": ("Demora", "Product")},
    ),
    (
        "Accountants Brackwell ranked the club eighth in Europe.",
        {"Brackwell": ("Brackwell", "Organization")},
    ),
    (
        "She sang two songs with the rapper Kaldoon on the record.",
        {"Kaldoon": ("Kaldoon", "Person")},
    ),
    # a kind noun after a quoted name, or in apposition to it
    (
        'In the following days "The Sun" newspaper printed the story.',
        {"Sun": ("Sun", "CreativeWork")},
    ),
    (
        'The two singers took part in the "Sing for Haiti" charity event.',
        {"Sing for Haiti": ("Sing for Haiti", "Event")},
    ),
    (
        "Critics liked Harbour Lights, a novel by Anna Berg set in Oslo.",
        {"Harbour Lights": ("Harbour Lights", "CreativeWork")},
    ),
    # a kind noun the name is the compound of: the thing itself, or who stands to it
    ("His mother was from the Kaw tribe in Kansas.", {"Kaw": ("Kaw", "Group")}),
    (
        "The message was carved into the Velmora sculpture outside the museum.",
        {"Velmora": ("Velmora", "CreativeWork")},
    ),
    (
        "He later switched to a Prince Graphite racket.",
        {"Prince Graphite": ("Prince Graphite", "Product")},
    ),
    ("Engineers bought surplus ARC-5 radios after the war.", {"ARC-5": ("ARC-5", "Product")}),
    (
        "He later switched to Head Ti Radical racket and won twice.",
        {"Head Ti Radical": ("Head Ti Radical", "Product")},
    ),
    # a kind noun the name is in apposition to
    (
        "Fans formed a splinter club, A.F.C. Liverpool, in 2008.",
        {"A.F.C. Liverpool": ("A.F.C. Liverpool", "Organization")},
    ),
    # a quoted title with its year, whatever its head says
    (
        '"The Copper Palace" (1994) describes a casino on the reservation.',
        {"Copper Palace": ("Copper Palace", "CreativeWork")},
    ),
    # a business tie
    (
        "Lars Holm signed an endorsement deal with Veltrix in 2003.",
        {"Veltrix": ("Veltrix", "Organization"), "Lars Holm": ("Lars Holm", "Person")},
    ),
    # the name's own head: "in" inside the name is no place; "v." names a court case
    (
        "Anna Berg won the Nobel Prize in Physics in 1950.",
        {"Nobel Prize in Physics": ("Nobel Prize in Physics", "Award")},
    ),
    (
        "Two planes took off from the nearby Harlan-Westfield Field outside Tulsa.",
        {"Harlan-Westfield Field": ("Harlan-Westfield Field", "Place")},
    ),
    # a competition won, or whose champion and final are spoken of
    (
        "Lars Holm won Wimbledon in 1992. He beat the Wimbledon champion in the final.",
        {"Wimbledon": ("Wimbledon", "Event")},
    ),
    # a place given with its state; a place one goes to; a place people live in
    (
        "The novels include the fictional town of Argus, North Dakota, and its farms.",
        {"Argus": ("Argus", "Place")},
    ),
    (
        "Later the firm Argus, North Dakota, grew.",  # what the text calls it comes first
        {"Argus": ("Argus", "Organization")},
    ),
    (
        "Hoover first went to Coolgarra, then the centre of the goldfields.",
        {"Coolgarra": ("Coolgarra", "Place")},
    ),
    (
        "Much of the capital came from inhabitants of Dordrecht.",
        {"Dordrecht": ("Dordrecht", "Place")},
    ),
    (
        "The fleet reached the islands of Ternate, Tidore, Ambon and Banda in 1605.",
        {"Banda": ("Banda", "Place")},  # the first of a list says what the others are
    ),
    # a list names things of one kind: one name's head says what the others are
    (
        "Since then the club has been sponsored by Crown Paints, Candy, Carlsberg and "
        "Standard Chartered Bank.",
        {"Carlsberg": ("Carlsberg", "Organization")},
    ),
    (
        "His titles include Stuttgart Outdoor, Volvo International and the Livingston Open.",
        {
            "Stuttgart Outdoor": ("Stuttgart Outdoor", "Event"),
            "Volvo International": ("Volvo International", "Event"),
        },
    ),
    # ... and the class of the names listed with one, where its own evidence is weak
    (
        "The mines lay near Leonora, Menzies, Kalgoorlie and Coolgarra.",
        {"Coolgarra": ("Coolgarra", "Place")},
    ),
    (
        "She admired singers like Jeff Buckley, Estrella, Tracy Chapman and Björk.",
        {"Björk": ("Björk", "Person"), "Jeff Buckley": ("Jeff Buckley", "Person")},
    ),
    (
        "The club was sponsored by Crown Paints, Candy, Carlsberg and Standard Chartered Bank.",
        {"Candy": ("Candy", "Organization")},  # a lone given name among firms
    ),
    (  # a given name and a surname that is also a head word ("Banks"), among people
        "He played beside Hank Aaron, Ernie Banks and Willie Mays that summer.",
        {"Ernie Banks": ("Ernie Banks", "Person")},
    ),
    (  # a full name keeps its class in a list of places ("Fermi in Italy")
        "He wrote to Ernest Rutherford in Britain, Irène Joliot-Curie in France, Enrico "
        "Fermi in Italy, and Niels Bohr in Denmark.",
        {"Enrico Fermi": ("Enrico Fermi", "Person")},
    ),
    # a body of states is no place
    (
        "Anna Berg spoke about refugees at the United Nations in Geneva.",
        {"United Nations": ("United Nations", "Organization")},
    ),
    # a lone given name tagged a club stays a club
    (
        "Liverpool lost the cup final to Chelsea in 1996.",
        {"Chelsea": ("Chelsea", "Organization")},
    ),
    # a people in the plural, outside a text about sports
    (
        "The pepper trade was lost to the detriment of the Danes.",
        {"Danes": ("Danes", "Group")},
    ),
    # ... also when "The" opens the sentence
    (
        "The Brabanters opposed the plan from the start.",
        {"Brabanters": ("Brabanters", "Group")},
    ),
    # a team named after a city a given name spells; its short name is the team, not India
    (
        "After the 1947 season Berger joined the Cleveland Indians as a scout. Two years "
        "later the Indians' owner made him general manager.",
        {
            "Cleveland Indians": ("Cleveland Indians", "Organization"),
            "Indians": ("Cleveland Indians", "Organization"),
        },
    ),
    # a club's name in a text about sports
    (
        "The club won the league in 1901. Liverpool beat Norwick Forest 3-1 in the cup final, "
        "and the striker scored twice.",
        {"Norwick Forest": ("Norwick Forest", "Organization")},
    ),
    # a person's title inside the name, whatever the name was tagged
    (
        "The charter was signed by Pope Urban VI in 1388.",
        {"Pope Urban VI": ("Pope Urban VI", "Person")},
    ),
    (
        "The fort was captured with the help of King Rajasinghe II of Kandy.",
        {"King Rajasinghe II": ("King Rajasinghe II", "Person")},
    ),
    (
        "The club won the league in 1901, and the striker scored twice in the cup final. "
        "Forbes ranked the club behind Manchester United, Arsenal, Barcelona and Bayern Munich.",
        {
            "Barcelona": ("Barcelona", "Organization"),
            "Bayern Munich": ("Bayern Munich", "Organization"),
        },
    ),
    # kin: "the brother of X"
    (
        "Boris Shaposhnikov, who served with Petr Kornilov, the brother of Lavr, wrote a book.",
        {"Lavr": ("Lavr", "Person")},
    ),
    # the years of a life after a name
    (
        "His father was a friend of Potanin (1835-1920), a figure of the movement.",
        {"Potanin": ("Potanin", "Person")},
    ),
    # a maker's possessive
    (
        "Critics praised the sound of Kaldoon's single.",
        {"Kaldoon": ("Kaldoon", "Person")},
    ),
    # a quoted title after a name's possessive: its author
    (
        'Critics praised Valdoné\'s "The Seven Lamps", published in 1944.',
        {"Valdoné": ("Valdoné", "Person")},
    ),
    # an age before a name
    (
        "He was the oldest player in the top ten since the 36-year-old Mertens was ranked "
        "seventh in 1988.",
        {"Mertens": ("Mertens", "Person")},
    ),
    # what is designed, built or launched is a product, whatever a person it is named after
    (
        'In 1801 the duke, impressed by the "Margaret Lindsay" constructed by Tom Hale, '
        "ordered eight boats.",
        {"Margaret Lindsay": ("Margaret Lindsay", "Product")},
    ),
    # an award "of the Year", whatever the NER made of it
    (
        "Marek was named the BBC Overseas Sports Personality of the Year in 1992.",
        {
            "BBC Overseas Sports Personality of the Year": (
                "BBC Overseas Sports Personality of the Year",
                "Award",
            )
        },
    ),
    (
        "The song won a 2001 Juno Award for Single of the Year and a Grammy.",
        {"Juno Award for Single of the Year": ("Juno Award for Single of the Year", "Award")},
    ),
    # "a X award", "X for Best ...": an award
    (
        "She was the first singer from Oslo to win a Latin Grammy award.",
        {"Latin Grammy": ("Latin Grammy", "Award")},
    ),
    (
        "After a break, Ana Lind received a Latin Grammy for Best Female Pop Vocal Album.",
        {"Latin Grammy": ("Latin Grammy", "Award")},
    ),
    # a person's name quoted as a byname is no title
    (
        'She was praised by Albert Einstein as the "Danish Marie Curie".',
        {"Danish Marie Curie": ("Danish Marie Curie", "Person")},
    ),
    # names listed before a plural head word they share
    (
        "His lectures at Columbia and Stanford universities were printed in 1909.",
        {"Columbia": ("Columbia", "Organization")},
    ),
    # a maker before the name, whatever its head word says
    (
        "Before the open, the Australian winemaker Jacobs Creek announced a partnership.",
        {"Jacobs Creek": ("Jacobs Creek", "Organization")},
    ),
    # a success against a side, in a text about clubs
    (
        "The club won the league in 1901 and the cup in 1905. A League Cup success against "
        "Swansea followed in 2012.",
        {"Swansea": ("Swansea", "Organization")},
    ),
    # "the Treaty of" before a name the NER took for a person's
    (
        "The land that in 1883 by the Treaty of Ancón had been awarded to Chile was disputed.",
        {"Treaty of Ancón": ("Treaty of Ancón", "Law")},
    ),
    # a kind noun, "called", a quoted name: a title of that kind, nobody's surname
    (
        'The club was in a television show called "Hollis"; it was about a boy, Danny '
        "Hollis, who wanted a trial for the club.",
        {"Hollis": ("Hollis", "CreativeWork"), "Danny Hollis": ("Danny Hollis", "Person")},
    ),
    (
        'In 1923 the company sold an early recreational vehicle, called the "Road Palace."',
        {"Road Palace": ("Road Palace", "Product")},
    ),
    # a quoted possessive name, then its kind
    (
        'According to "Hallam\'s" magazine, the album had sold six million copies by 2006.',
        {"Hallam": ("Hallam", "CreativeWork")},
    ),
    # the kind noun a copula gives the name
    ("Velmora was the first car to use disc brakes.", {"Velmora": ("Velmora", "Product")}),
    ("Blue Harbour was a novel by Anna Berg.", {"Blue Harbour": ("Blue Harbour", "CreativeWork")}),
    ("Kestrel Vane was a band from Oslo.", {"Kestrel Vane": ("Kestrel Vane", "Organization")}),
    # a model's letter after its head word
    ("He drove a Gale Model A to the coast.", {"Gale Model A": ("Gale Model A", "Product")}),
    # an indefinite apposition the parser hung elsewhere
    (
        "A clerk at Harlan's, a clothing store on the first floor, heard a scream.",
        {"Harlan": ("Harlan", "Organization")},
    ),
    # a name of Greek letters: a fraternity or a society
    (
        "At the university he was a member of Sigma Alpha Mu for a year.",
        {"Sigma Alpha Mu": ("Sigma Alpha Mu", "Organization")},
    ),
    # a title is nobody's name
    (
        "In 1610 the States General created the post of Governor General. The Governor "
        "General became the main administrator in Asia.",
        {"General": None},
    ),
    # a hotel, a resort, a casino beside a name: a place
    (
        "They built a luxury hotel, Harrow Tamarind, on the lake.",
        {"Harrow Tamarind": ("Harrow Tamarind", "Place")},
    ),
    # what is launched is a product, whoever it sounds like
    (
        "In 1800 the firm launched Kestrel Vane, a line of racing bicycles.",
        {"Kestrel Vane": ("Kestrel Vane", "Product")},
    ),
    # a title held of a place is a person, not the place
    (
        "In 1801 the Duke of Bridgewater ordered eight boats for his canal.",
        {"Duke of Bridgewater": ("Duke of Bridgewater", "Person")},
    ),
    (
        "The Duke of Wellington won the battle at Waterloo.",
        {"Duke of Wellington": ("Duke of Wellington", "Person")},
    ),
    (
        "The Earl of Derby bought the horse in 1850.",
        {"Earl of Derby": ("Earl of Derby", "Person")},
    ),
    # quotes mark a title; a kind noun at another mention says of what
    (
        'In 1800 he designed the "Kestrel". He built the first working submarine, the '
        '"Kestrel", in Brest.',
        {"Kestrel": ("Kestrel", "Product")},
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), TYPE_EVIDENCE, ids=entity_ids(TYPE_EVIDENCE))
def test_entity_types_from_evidence(text, expected):
    check_entities(text, expected)


def test_a_court_case_and_a_prize_in_a_field_are_named_by_their_heads():
    assert name_head_class("Harwick Bakery v. Nordvik Shipping") == "Law"
    assert name_head_class("Berg, et al., v. Oslo, et al.") == "Law"
    assert name_head_class("Nobel Prize in Physics") == "Award"
    assert name_head_class("Anna Berg in Oslo") is None


def test_an_award_named_after_a_body_has_the_award_as_its_head():
    assert name_head_class("Library of Congress Prize for American Fiction") == "Award"
    assert name_head_class("Royal Academy of Arts Medal") == "Award"
    assert name_head_class("University of Vienna") == "Organization"
    assert name_head_class("Battle of Bunker Hill") == "Event"  # a place is no head
    assert name_head_class("Austrian Decoration for Science and Art") == "Award"
    assert name_head_class("Nelly Furtado Day") == "Event"
    assert name_head_class("City of London Freemen's School") == "Organization"


def test_a_head_before_on_or_a_hyphen_names_the_class():
    assert name_head_class("Raid on Boulogne") == "Event"
    assert name_head_class("National Conference on Road Safety") == "Event"
    assert name_head_class("A Cloudy Day on the West Side") is None  # a title, not a day
    assert name_head_class("Hahn-Meitner-Building") == "Place"
    assert name_head_class("Austria-Hungary") is None
    assert name_head_class("Turtle Mountain Indian Reservation") == "Place"
    assert name_head_class("Herbert Hoover National Historic Site") == "Place"
    assert name_head_class("Dana Point") == "Place"
    assert name_head_class("Smoot-Hawley Tariff") == "Law"
    assert name_head_class("Trans-Canada journey") == "Event"
    assert name_head_class("Rapidan Camp") == "Place"


def test_a_body_named_by_its_kind_alone_is_a_body():
    assert name_head_class("Army") == name_head_class("Parliament") == "Organization"
    assert name_head_class("Temple") is None  # a kind that is a surname says nothing alone
