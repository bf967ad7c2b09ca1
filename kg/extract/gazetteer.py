"""Small name lists that correct the small English model's entity types.

``en_core_web_sm`` often types a person as a product or an organisation
("Ines Calder" → PRODUCT) and a capital city as a person ("Tallinn" →
PERSON). A name that starts with a common given name is a person; a name
that is a country or a capital is a place. These lists are deliberately
short and unambiguous: they correct types, they do not find names.

``is_place_name`` asks a longer list (GeoNames: every country, US state and
city of 50,000 people, ``data/places.txt``); it only keeps a given name that
is also a city ("Florence", "Houston") from being taken for a person.
"""

from __future__ import annotations

import functools
from importlib import resources

from kg.extract.lexicon import BODIES, DEMONYMS, ORG_NAME_ENDINGS, PLACE_ALIASES

#: Common given names across languages (lower case). Names that are also
#: common words or places ("Paris", "May", "Georgia") are left out.
GIVEN_NAMES = frozenset(
    """
    aaron abdul adam adrian ahmed aisha alan albert alex alexander alexandra alexei alice alina
    amanda amelia amir ana anders andrea andreas andrei andrew angela anna anne anton antonio
    arjun arthur astrid barack barbara ben benjamin bernard bill boris brian bruno carl carla
    carlos caroline catherine charles charlotte chen chris christian christina christopher
    claire claudia daniel david deborah dmitry donald edward elena elif elizabeth ella emily
    emma emmanuel eric erik eva fatima felix fernando francesca francis frank franz frederik
    gabriel george gerhard giovanni giulia greta hans hannah harry heinrich helen helena henrik
    henry hiroshi hugo ian igor ines ingrid irina isabel isabella ivan jack jacob jakob james
    jan jana jane javier jean jens jessica joao johan johann johannes john jonas jorge jose joseph
    juan julia julian karl karin katarina kate katherine kevin klaus kristina lars laura lea
    leo leon liam liisa lina linda lisa lucas lucia luis lukas maja marco margaret maria marie
    marina mark marta martin mary matteo matthew max maya megan mehmet michael michel miguel
    mikhail mohamed mohammed nadia natalia natasha nicholas nicolas nikolai nina noah nora olaf
    olga oliver olivia omar oscar owen pablo paolo patricia patrick paul pavel pedro peter
    philip pierre pietro rachel rafael raj ravi rebecca richard robert roberto rosa ruth
    samuel sandra sara sarah sebastian sergei simon sofia sophie stefan stephen steven susan
    sven tanja tatiana thomas tim timo tobias tom tomas ursula valentina vera victor viktor
    vladimir walter wei william xavier yuki yuri yusuf zhang
    """.split()
)

#: Capitals and large cities that are never anything but places.
CITIES = frozenset(
    """
    amsterdam ankara athens baghdad bangkok barcelona beirut belgrade bergen berlin bern
    bogota bratislava brussels bucharest budapest buenos cairo canberra caracas chicago
    copenhagen delhi dhaka doha dubai dublin edinburgh geneva glasgow gothenburg hamburg
    hanoi havana helsinki hong istanbul jakarta jerusalem kabul karachi kiev kyiv kinshasa
    lagos lahore leeds lima lisbon ljubljana london los lyon madrid manchester manila
    marseille melbourne mexico milan minsk moscow mumbai munich nairobi naples narva oslo
    ottawa prague pyongyang quito reykjavik riga rome rotterdam santiago seoul shanghai
    singapore sofia stockholm sydney taipei tallinn tartu tashkent tbilisi tehran tokyo
    toronto tromsø tunis turin vancouver vienna vilnius warsaw washington yerevan zagreb
    zurich
    """.split()
)

#: Sovereign states (lower case), beside the names the demonym table uses.
_STATES = """
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia botswana
brazil brunei bulgaria burundi cambodia cameroon canada chad chile china colombia comoros
congo croatia cuba cyprus denmark djibouti dominica ecuador egypt eritrea estonia eswatini
ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala
guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy
jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon
lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives
mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco
mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman
pakistan palau panama paraguay peru philippines poland portugal qatar romania russia rwanda
samoa senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname
sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey
turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia
zimbabwe
""".split()

#: Regions, provinces and islands, and states of the past, that GeoNames' cities, countries
#: and US states leave out (lower case; one per line, our own list).
REGIONS = frozenset(
    line.strip()
    for line in """
    east germany
    west germany
    soviet union
    ussr
    yugoslavia
    czechoslovakia
    prussia
    austria-hungary
    ottoman empire
    persia
    siam
    ceylon
    burma
    rhodesia
    zaire
    bohemia
    moravia
    england
    scotland
    wales
    northern ireland
    great britain
    britain
    washington d.c.
    washington, d.c.
    ontario
    quebec
    nova scotia
    new brunswick
    manitoba
    british columbia
    prince edward island
    saskatchewan
    newfoundland
    labrador
    yukon
    new south wales
    queensland
    tasmania
    western australia
    south australia
    bavaria
    saxony
    prussia
    thuringia
    westphalia
    silesia
    tuscany
    lombardy
    sicily
    sardinia
    corsica
    crete
    catalonia
    andalusia
    galicia
    basque country
    flanders
    wallonia
    brittany
    normandy
    provence
    alsace
    lapland
    scandinavia
    siberia
    manchuria
    tibet
    kashmir
    punjab
    bengal
    goa
    kerala
    sumatra
    borneo
    bali
    azores
    madeira
    canary islands
    balearic islands
    faroe islands
    patagonia
    east indies
    west indies
    dutch east indies
    caribbean
    balkans
    caucasus
    middle east
    far east
    new england
    deep south
    midwest
    """.strip().splitlines()
)

#: Countries (lower case): sovereign states and the names the demonym table uses.
COUNTRIES = frozenset(
    [*_STATES, *(name.lower() for name in (*DEMONYMS.values(), *PLACE_ALIASES.values()))]
) - {body.lower() for body in BODIES}


def is_known_place(name: str) -> bool:
    """True for a country or a large city named exactly so.

    Example:
        >>> is_known_place("France"), is_known_place("Vichy France")
        (True, False)
    """
    low = " ".join(name.lower().split())
    return low in COUNTRIES or low in CITIES or low in REGIONS


@functools.cache
def _place_names() -> dict[str, float]:
    text = resources.files("kg.extract").joinpath("data/places.txt").read_text("utf-8")
    return {name: float(size) for name, size in (line.split("\t") for line in text.splitlines())}


def place_size(name: str) -> float:
    """How big the largest place of this name is: log10 of its population (9 for a country,
    US state or continent), 0 for no place of 50,000 people or more (GeoNames, ``data/places.txt``).

    Example:
        >>> place_size("Florence"), place_size("France"), place_size("Meitner")
        (5.6, 9.0, 0.0)
    """
    low = " ".join(name.lower().split())
    return 9.0 if low in REGIONS else _place_names().get(low, 0.0)


def is_place_name(name: str) -> bool:
    """True for the name of a country, US state, continent or city of 50,000 people or more:
    "Florence" may be a city, whoever else it names.

    Example:
        >>> is_place_name("Florence"), is_place_name("San Francisco"), is_place_name("Meitner")
        (True, True, False)
    """
    return place_size(name) > 0


#: Places this big (log10 of the population) are known by name better than a given name is.
FAMOUS_PLACE_SIZE = 5.5


def is_famous_place(name: str) -> bool:
    """True for a country, a capital, or a city of about 300,000 people or more: a name a
    reader takes for the place ("Florence", "Houston"), not for a person ("Nancy", "Crewe").

    Example:
        >>> is_famous_place("Florence"), is_famous_place("Nancy"), is_famous_place("Estonia")
        (True, False, True)
    """
    return is_known_place(name) or place_size(name) >= FAMOUS_PLACE_SIZE


def corrected_type(name: str, ner_type: str) -> str:
    """The ontology class of a name, with the small model's common slips corrected.

    Example:
        >>> corrected_type("Ines Calder", "Product")
        'Person'
        >>> corrected_type("Tallinn", "Person")
        'Place'
        >>> corrected_type("Nordvik Shipping", "Organization")
        'Organization'
        >>> corrected_type("Aurora Capital", "Person")
        'Organization'
    """
    words = name.lower().split()
    if not words:
        return ner_type
    if ner_type != "Place" and is_known_place(name):
        return "Place"
    if ner_type == "Person" and len(words) > 1 and words[-1] in ORG_NAME_ENDINGS:
        return "Organization"  # "Aurora Capital", "Harlow Energy"
    if (
        ner_type in ("Product", "CreativeWork", "Organization", "Place", "Event")
        and 2 <= len(words) <= 3
        and words[0] in GIVEN_NAMES
        and words[-1] not in ORG_NAME_ENDINGS
        and all(w[:1].isalpha() for w in words)
        and name.split()[-1][:1].isupper()
    ):
        return "Person"
    return ner_type
