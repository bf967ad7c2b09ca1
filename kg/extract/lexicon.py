"""Small word lists the entity and relation rules rely on.

Kept in one module so the rules read as grammar, and the lists can grow
without touching them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Words that precede a person's name as a title ("President Xi", "Dr. Ann Lee").
TITLE_WORDS = frozenset(
    """
    president presidents vice prime minister ministers premier chancellor king queen prince
    princess emperor sultan sheikh pope cardinal bishop archbishop rev reverend father sister
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady general gen gen.
    colonel col col. major captain capt capt. lieutenant sergeant admiral commander marshal
    governor senator sen sen. representative rep rep. congressman congresswoman mayor judge
    justice ambassador secretary chairman chairwoman chair ceo director chief foreign defense
    defence finance deputy spokesperson spokesman spokeswoman coach saint st st. then-president
    former late aide adviser advisor leader
    """.split()
)

#: Modifiers that belong to a relational noun's title ("chief executive", "prime minister").
TITLE_MODIFIERS = frozenset(
    """
    chief vice deputy prime foreign general managing executive senior first attorney interior
    finance defense defence home assistant associate acting interim co founding lead head
    supreme grand high financial operating technical technology information marketing
    commercial legal medical scientific creative
    """.split()
)

#: Nouns naming a role a person holds ("the Kremlin leader" refers to a person).
PERSON_ROLE_NOUNS = frozenset(
    """
    leader president premier minister chancellor king queen prince princess emperor monarch
    chief executive ceo chairman chairwoman chair founder director spokesperson spokesman
    spokeswoman aide adviser advisor official diplomat ambassador governor senator mayor
    secretary general commander officer head boss owner author writer scientist engineer
    architect actor actress singer player coach manager politician lawyer judge man woman
    physicist chemist economist journalist reporter activist businessman businesswoman
    teacher professor student doctor nurse farmer poet novelist painter artist musician
    composer historian researcher investor entrepreneur banker pilot soldier captain
    """.split()
)

#: Nouns naming an organisation ("the company" refers to an Organization).
ORG_ROLE_NOUNS = frozenset(
    """
    company firm group organisation organization bank ministry agency party union alliance
    corporation business startup start-up university college school institute team club
    council committee court board association federation airline carrier manufacturer maker
    retailer publisher newspaper broadcaster network charity foundation league army navy
    department office bureau commission
    """.split()
)  # not "government": it names a country's rulers, not an organisation named before

#: Nouns naming a place ("the city" refers to a Place).
PLACE_ROLE_NOUNS = frozenset(
    """
    country nation state city town village capital region province island republic kingdom
    territory county district
    """.split()
)

#: Demonym or adjectival form → country (or region) name.
DEMONYMS: dict[str, str] = {
    "afghan": "Afghanistan", "albanian": "Albania", "algerian": "Algeria",
    "american": "United States", "angolan": "Angola", "argentine": "Argentina",
    "argentinian": "Argentina", "armenian": "Armenia", "australian": "Australia",
    "austrian": "Austria", "azerbaijani": "Azerbaijan", "bangladeshi": "Bangladesh",
    "belarusian": "Belarus", "belgian": "Belgium", "bolivian": "Bolivia", "bosnian": "Bosnia",
    "brazilian": "Brazil", "british": "United Kingdom", "bulgarian": "Bulgaria",
    "burmese": "Myanmar", "cambodian": "Cambodia", "cameroonian": "Cameroon",
    "canadian": "Canada", "chilean": "Chile", "chinese": "China", "colombian": "Colombia",
    "congolese": "Congo", "croatian": "Croatia", "cuban": "Cuba", "cypriot": "Cyprus",
    "czech": "Czech Republic", "danish": "Denmark", "dutch": "Netherlands",
    "ecuadorian": "Ecuador", "egyptian": "Egypt", "english": "England", "estonian": "Estonia",
    "ethiopian": "Ethiopia", "european": "Europe", "filipino": "Philippines",
    "finnish": "Finland", "french": "France", "georgian": "Georgia", "german": "Germany",
    "ghanaian": "Ghana", "greek": "Greece", "guatemalan": "Guatemala", "haitian": "Haiti",
    "hungarian": "Hungary", "icelandic": "Iceland", "indian": "India",
    "indonesian": "Indonesia", "iranian": "Iran", "iraqi": "Iraq", "irish": "Ireland",
    "israeli": "Israel", "italian": "Italy", "jamaican": "Jamaica", "japanese": "Japan",
    "jordanian": "Jordan", "kazakh": "Kazakhstan", "kenyan": "Kenya", "korean": "Korea",
    "kuwaiti": "Kuwait", "latvian": "Latvia", "lebanese": "Lebanon", "libyan": "Libya",
    "lithuanian": "Lithuania", "malaysian": "Malaysia", "maltese": "Malta",
    "mexican": "Mexico", "moldovan": "Moldova", "mongolian": "Mongolia",
    "moroccan": "Morocco", "nepalese": "Nepal", "nigerian": "Nigeria",
    "norwegian": "Norway", "pakistani": "Pakistan", "palestinian": "Palestine",
    "peruvian": "Peru", "polish": "Poland", "portuguese": "Portugal", "romanian": "Romania",
    "russian": "Russia", "rwandan": "Rwanda", "saudi": "Saudi Arabia", "scottish": "Scotland",
    "senegalese": "Senegal", "serbian": "Serbia", "singaporean": "Singapore",
    "slovak": "Slovakia", "slovenian": "Slovenia", "somali": "Somalia",
    "south african": "South Africa", "spanish": "Spain", "sudanese": "Sudan",
    "swedish": "Sweden", "swiss": "Switzerland", "syrian": "Syria", "taiwanese": "Taiwan",
    "tanzanian": "Tanzania", "thai": "Thailand", "tunisian": "Tunisia", "turkish": "Turkey",
    "ugandan": "Uganda", "ukrainian": "Ukraine", "uzbek": "Uzbekistan",
    "venezuelan": "Venezuela", "vietnamese": "Vietnam", "welsh": "Wales", "yemeni": "Yemen",
    "zambian": "Zambia", "zimbabwean": "Zimbabwe", "soviet": "Soviet Union",
}  # fmt: skip

#: Other names of places and bodies → the canonical name.
PLACE_ALIASES: dict[str, str] = {
    "us": "United States", "u.s.": "United States", "u.s": "United States",
    "usa": "United States", "u.s.a.": "United States", "america": "United States",
    "united states of america": "United States", "the united states": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "eu": "European Union", "ussr": "Soviet Union",
    "prc": "China", "people's republic of china": "China", "russian federation": "Russia",
    "un": "United Nations", "u.n.": "United Nations",
}  # fmt: skip

#: Plural demonyms ("Russians") → the singular form.
DEMONYM_PLURALS: dict[str, str] = {
    name + "s": name for name in DEMONYMS if not name.endswith(("ese", "ish", "ch", "ss"))
}

#: Last words that make an unlabelled proper name an organisation ("Harlow Energy").
ORG_NAME_ENDINGS = frozenset(
    """
    inc inc. ltd ltd. llc plc corp corp. co co. company corporation group holdings partners
    shipping energy bank airlines airways motors systems technologies labs industries
    foundation institute university college council committee commission agency ministry
    party union association federation league club fund trust capital ventures media
    """.split()
)


_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "o")


def verb_lemma(tok: Token) -> str:
    """The verb's lemma, lower-cased, with the small model's "-es" slip mended.

    spaCy's rule lemmatizer strips "-es" from some third-person forms
    ("hopes" → "hop"); a verb whose stem does not end in a sibilant or "o"
    takes only "-s" ("hop" → "hops"), so the lemma must be "hope".

    Example:
        >>> import kg.nlp
        >>> doc = kg.nlp.parse("Ada hopes to win.")
        >>> verb_lemma(doc[1])
        'hope'
    """
    lemma = tok.lemma_.lower()
    text = tok.lower_
    if (
        tok.tag_ == "VBZ"
        and text.endswith("es")
        and lemma == text[:-2]
        and not lemma.endswith(_SIBILANT_ENDINGS)
    ):
        return text[:-1]
    return lemma
