"""Small word lists the entity and relation rules rely on.

Kept in one module so the rules read as grammar, and the lists can grow
without touching them.
"""

from __future__ import annotations

from importlib import resources
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

#: Titles that only a person bears: evidence that the name after them is a person's.
PERSON_TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady president king queen prince
    princess emperor empress pope senator governor colonel captain lieutenant sergeant admiral
    marshal judge rev reverend bishop archbishop cardinal chancellor premier ambassador mayor
    sheikh sultan
    """.split()
)

#: Titles held "of" a place, naming one person: "the Duke of Wellington", "the Earl of
#: Derby", "the Bishop of Durham" (lower case).
TITLES_OF_PLACES = frozenset(
    """
    duke duchess earl countess count marquess marquis marchioness baron baroness viscount
    viscountess prince princess king queen archduke archduchess emperor empress elector
    margrave landgrave bishop archbishop
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

#: Nouns that describe a person ("X, a critic", "X was a sprinter"): evidence of class.
PERSON_NOUNS = PERSON_ROLE_NOUNS | frozenset(
    """
    critic editor conductor dancer athlete boxer wrestler footballer cricketer golfer swimmer
    skater sprinter cyclist racer driver jockey referee umpire priest monk nun saint rabbi
    imam philosopher mathematician astronomer biologist botanist geologist psychologist
    sociologist anthropologist linguist lecturer inventor explorer sailor knight nobleman
    aristocrat heir heiress pharaoh detective spy villain hero heroine protagonist superhero
    wife husband widow widower mother father son daughter brother sister cousin uncle aunt
    nephew niece grandson granddaughter grandfather grandmother friend girlfriend boyfriend
    lover mistress comedian presenter model designer photographer illustrator cartoonist
    sculptor animator producer screenwriter playwright lyricist rapper drummer guitarist
    bassist pianist violinist vocalist frontman teammate attorney surgeon physician scholar
    pupil candidate member child girl boy person character
    """.split()
)
#: Kinship nouns: a name given as one ("their children were Robert and Mary", "his son
#: Robert") introduces someone new, whoever else of that name the text knows.
KINSHIP_NOUNS = frozenset(
    """
    wife husband widow widower mother father son daughter brother sister cousin uncle aunt
    nephew niece grandson granddaughter grandfather grandmother child children sons daughters
    brothers sisters siblings sibling cousins parents twins twin stepson stepdaughter
    half-brother half-sister
    """.split()
)
#: Nouns a person has and a thing does not ("X's wife", "X's childhood").
PERSON_POSSESSIONS = frozenset(
    """
    wife husband father mother son daughter brother sister family parents children child
    career life death birth childhood marriage funeral friend girlfriend boyfriend body face
    hand voice mind memoir autobiography biography partner fiancé fiancée wedding retirement
    grave widow uncle aunt cousin nephew niece grandfather grandmother mistress lover
    """.split()
)
#: Verbs whose subject is a person.
PERSON_VERBS = frozenset(
    """
    say tell marry die bear study graduate write believe think claim retire resign divorce
    wed earn coach star sing paint compose confess attend learn teach love hate fear want
    feel realise realize decide agree refuse admit deny apologise apologize marry propose
    kiss cry laugh smile weep pray preach perform act direct narrate portray play
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

#: Demonym or adjectival form → country (or region) name (``data/demonyms.tsv``).
DEMONYMS: dict[str, str] = dict(
    line.split("\t")
    for line in resources.files("kg.extract")
    .joinpath("data/demonyms.tsv")
    .read_text("utf-8")
    .splitlines()
    if line and not line.startswith("#")
)

#: Other names of places and bodies → the canonical name.
PLACE_ALIASES: dict[str, str] = {
    "us": "United States", "u.s.": "United States", "u.s": "United States",
    "usa": "United States", "u.s.a.": "United States", "america": "United States",
    "united states of america": "United States", "the united states": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "eu": "European Union", "ussr": "Soviet Union",
    "prc": "China", "people's republic of china": "China", "russian federation": "Russia",
    "un": "United Nations", "u.n.": "United Nations", "holland": "Netherlands",
}  # fmt: skip

#: Bodies among the canonical names above: organisations of states, not places.
BODIES = frozenset({"United Nations", "European Union"})

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
    gmbh ag sa nv bv consulting consultants society academy institution school laboratory
    laboratories brewery records publishers publishing studios railway railways f.c. fc
    a.f.c. afc orchestra museum library hospital bakery restaurant shop stores mill mills
    works foods farms pharmacy factory garage bookshop administration government opera ballet
    philharmonic symphony army navy corps force forces guard police parliament congress senate
    assembly cabinet court tribunal service survey authority board directorate secretariat
    brigade regiment legion department bureau enterprises
    """.split()
)


def _heads(cls: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), cls)


#: Head words that make a name a thing of their own class, whoever it is named after:
#: "Lise Meitner Prize" is an award, "Hoover Dam" a place, "UEFA Cup" an event.
NAME_HEAD_CLASSES: dict[str, str] = {
    **_heads("Organization", " ".join(ORG_NAME_ENDINGS)),
    **_heads(
        "Award",
        "prize award medal medallion fellowship scholarship lectureship lecture trophy honour "
        "honor laureate decoration",
    ),
    **_heads(
        "Event",
        "cup championship championships games olympics olympiad tournament trials race war "
        "battle siege riot riots massacre revolution rebellion uprising election elections "
        "festival conference summit crisis expedition campaign disaster derby marathon series "
        "bowl prix open classic affair incident convention tour celebration famine bombing "
        "flood crash masters final finals shield day raid concert revolt jubilee journey",
    ),
    **_heads(
        "Place",
        "stadium stand arena park field ground grounds cottage memorial monument statue "
        "street road avenue lane square bridge dam tower hall building centre center airport "
        "station island islands lake river mountain mountains hill hills valley bay crater "
        "county district province cemetery cathedral chapel temple mosque palace castle "
        "garden gardens theatre theater gallery port harbour harbor canal highway boulevard "
        "estate farm ranch reservoir pier dock docks terrace plaza mall sea ocean strait hotel "
        "inn pub tavern "
        "straits coast peninsula desert forest falls glacier church colliery seaway creek gates "
        "territory territories empire kingdom republic sultanate colony protectorate duchy "
        "principality emirate caliphate dominion row reservation room route site point "
        "waterfront camp",
    ),
    **_heads(
        "Law",
        "act treaty accord accords constitution amendment charter policy doctrine corollary "
        "moratorium ordinance code bill plan protocol directive tariff",
    ),
    **_heads("Group", "movement"),
    **_heads("Language", "language"),
    **_heads(
        "CreativeWork",
        "report memorandum memoir memoirs chronicle chronicles diary manifesto album novel "
        "sonata times herald gazette tribune journal dispatch telegraph zeitung magazine "
        "post",
    ),
    **_heads("Product", "model runabout coupe sedan roadster locomotive"),
}
#: Kind nouns said right beside a name ("the band Nightwish", 'the "Sun" newspaper',
#: '"Kydd", a novel by ...'): the class of what the name names (lower case, singular).
KIND_NOUN_CLASSES: dict[str, str] = {
    **_heads(
        "CreativeWork",
        "novel book song single album film movie poem series programme program documentary "
        "newspaper magazine headline episode musical opera painting anthem sitcom ballad show",
    ),
    **_heads(
        "Product",
        "locomotive engine ship boat steamboat steamer vessel battery submarine car automobile "
        "truck aircraft airplane yacht racket racquet vehicle",
    ),
    **_heads("Event", "event campaign tour festival exhibition concert contest celebration"),
    **_heads(
        "Organization",
        "band group company firm label maker manufacturer watchmaker accountant publisher "
        "brand retailer charity club winemaker carmaker automaker airline store shop "
        "restaurant bakery fraternity sorority",
    ),
    **_heads(
        "Place",
        "city town village river square neighbourhood neighborhood suburb island port province "
        "region hotel resort casino stadium arena",
    ),
    **_heads("Award", "award prize medal distinction"),
}
#: Kind nouns a name is the compound of, naming the thing itself ("the Kryptos sculpture",
#: "a Prince Graphite racket", "the Kaw tribe"); not those read as a maker's or an
#: author's ("a Beatles song", "a Ford car").
KIND_AFTER_NAME: dict[str, str] = {
    **_heads("CreativeWork", "sculpture painting poem novel opera"),
    **_heads("Product", "racket racquet radio rifle locomotive steamboat"),
    **_heads("Group", "tribe people"),
    **_heads("Award", "award prize medal trophy"),  # "a Latin Grammy award"
    # who stands to it: "Spawn creator Todd McFarlane", "Dodgers owner Walter O'Malley"
    **_heads("CreativeWork", "creator"),
    **_heads("Organization", "owner chairman"),
}
#: Nouns of a business tie: "a deal with Adidas", "the contract with Carlsberg" (an
#: Organization's, not a person's or a place's).
DEAL_NOUNS = frozenset(
    "deal contract agreement association partnership sponsorship merger endorsement".split()
)
#: Holidays and feasts: events, whatever the small model calls them (lower case).
HOLIDAYS = frozenset(
    [
        *"""christmas easter passover pentecost ramadan hanukkah diwali thanksgiving purim
        sukkot shavuot lent advent epiphany""".split(),
        *["yom kippur", "rosh hashanah", "eid al-fitr", "eid al-adha", "new year's day",
          "good friday", "chinese new year"],
    ]
)  # fmt: skip

#: Head words that are also common surnames ("Benny Hill", "Shirley Temple"): after a
#: given name, and tagged a person, such a name is a person.
SURNAME_LIKE_HEADS = frozenset(
    "field hill lane park hall bridge bay temple garden street marsh ford bill flood shield "
    "banks".split()
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


# ---------------------------------------------------------------- hedges
#
# Cues that keep a claim from being a plain fact. Each maps the cue word to
# whether it also turns the claim around (polarity "negative"); the modality
# recorded is the cue itself ("hardly", "reportedly", "likely", "fail").

#: Adverbs that hedge the clause they modify, and the verbs conjoined to it or
#: governed by it. "China will hardly support Moscow" says it will (almost) not;
#: "barely survived" says it did, only just, so "barely" hedges without denying.
HEDGE_ADVERBS: dict[str, bool] = {
    "hardly": True, "scarcely": True, "barely": False,
    "allegedly": False, "reportedly": False, "apparently": False, "presumably": False,
    "supposedly": False, "seemingly": False, "purportedly": False, "ostensibly": False,
    "probably": False, "possibly": False, "perhaps": False, "maybe": False, "likely": False,
}  # fmt: skip

#: Adjectives that hedge the infinitive after them ("is likely to close", "was unable to
#: pay") or, most of them, a that-clause ("it is likely that ...").
HEDGE_ADJECTIVES: dict[str, bool] = {
    "likely": False, "unlikely": False, "possible": False, "probable": False,
    "able": False, "unable": True, "willing": False, "unwilling": True, "eager": False,
    "ready": False, "reluctant": False, "keen": False, "certain": False, "sure": False,
    "due": False, "unclear": False, "uncertain": False, "doubtful": False,
}  # fmt: skip

#: Governing verbs that do not hedge their infinitive ("began to build", "managed to sell").
ASPECTUAL_LEMMAS = frozenset(
    {"begin", "start", "continue", "keep", "manage", "go", "come", "use", "get", "proceed"}
)

#: Governing verbs whose infinitive did not happen: "failed to buy" → negative, "fail".
NEGATING_GOVERNORS = frozenset({"fail"})

#: Speech verbs whose that-clause the speaker denies: "denied that X paid" → negative.
DENIAL_LEMMAS = frozenset({"deny", "dispute", "doubt"})

#: Verbs whose that-clause is only how things look: "it seems that X" → modality "seem".
SEEM_LEMMAS = frozenset({"seem", "appear"})

#: Subordinators of a condition; the modality is the word ("if", "unless").
CONDITION_MARKS = frozenset({"if", "unless"})

#: Subordinators of an embedded question; its claim gets the modality "whether".
QUESTION_MARKS = frozenset({"whether"})
