"""Evidence of an entity's class from the words around one of its mentions: what the text
calls it ("the band Nightwish", '"The Sun" newspaper'), what is done with it ("won
Wimbledon", "a deal with Adidas") and where it stands ("Argus, North Dakota").

``kg.extract._entity_types`` adds these votes to those of the mentions' forms and labels.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract._mention import CLOSE_QUOTES, OPEN_QUOTES, Mention
from kg.extract._name_shapes import club_shaped, common_words, team_shaped
from kg.extract.gazetteer import is_known_place, place_size
from kg.extract.lexicon import (
    DEAL_NOUNS,
    KIND_AFTER_NAME,
    KIND_NOUN_CLASSES,
    NAME_HEAD_CLASSES,
    PERSON_NOUNS,
    PERSON_TITLES,
)
from kg.extract.names import name_head_class, title_of_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: How much one kind noun beside a mention weighs ("the band Nightwish"): more than the
#: NER's label of a few mentions, less than a name's head ("Nightwish Prize").
KIND_WEIGHT = 2.5


def kind_votes(doc: Doc, m: Mention) -> dict[str, float]:
    """Class evidence from the words that say what a name is: a kind noun just before it
    ("the band Nightwish", 'the floating battery "Demologos"', "rapper Saukrates"), after
    a quoted name ('"The Sun" newspaper', '"Hit for Haiti" charity event') or in
    apposition ('"Kydd", a novel by ...'); a year after a quoted title ('"Tracks" (1988)');
    a business tie ("a deal with Adidas", "merged with Diamond T Trucks")."""
    votes: dict[str, float] = {}

    def vote(cls: str | None, weight: float = KIND_WEIGHT) -> None:
        if cls is not None:
            votes[cls] = votes.get(cls, 0.0) + weight

    before = m.start - 1
    if before > 0 and doc[before].lower_ == "the" and doc[before - 1].text in OPEN_QUOTES:
        before -= 1
    if before >= 0 and doc[before].text in OPEN_QUOTES:
        before -= 1
        if before > 1 and doc[before].lower_ == "the" and doc[before - 1].lower_ in _NAMING_VERBS:
            before -= 1  # 'a vehicle, called the "Motor Pullman Car"'
        if before > 0 and doc[before].lower_ in _NAMING_VERBS:
            before -= 1  # 'a children's television show called "Scully"'
            if doc[before].text == ",":
                before -= 1
    if before >= 0 and _lower_word(tok := doc[before]) and tok.pos_ in ("NOUN", "ADJ", "PROPN"):
        lemma = _kind_word(tok)  # the parser may take "rapper" or "Accountants" for a modifier
        # one person: "rapper Saukrates", not "musicians Gerry & The Pacemakers" or
        # "a model Uniform Vehicle Code" (a name whose head says what it is)
        one = tok.lower_ == lemma  # not a plural: "musicians Gerry & The Pacemakers"
        person = lemma in PERSON_NOUNS and one and name_head_class(m.text) is None
        vote(KIND_NOUN_CLASSES.get(lemma) or ("Person" if person else None))
    if quoted(doc, m):
        after = m.end + (doc[m.end].text in (",", ".", "'s", "’s")) + 1
        if after < len(doc) and (tok := doc[after]).pos_ == "NOUN" and tok.text.islower():
            kind = tok.head if tok.dep_ == "compound" and tok.head.i > tok.i else tok
            vote(KIND_NOUN_CLASSES.get(kind.lemma_.lower()))
        elif after + 1 < len(doc) and doc[after].text == "(" and _is_year(doc[after + 1].text):
            vote("CreativeWork")
    root = doc[m.start : m.end].root
    kind = root.head
    if (
        (root.dep_ == "compound" or (root.dep_ == "amod" and root.pos_ == "PROPN"))
        and m.end <= kind.i <= m.end + 1
        and kind.pos_ == "NOUN"
        and _lower_word(kind)
    ) or _modifies_next_noun(doc, m):
        # "the Kaw tribe", "ARC-5 radios" (a name the parser took for an adjective too, or
        # split over the noun: "Head Ti Radical racket")
        kind = doc[m.end] if kind.i < m.end else kind
        vote(KIND_AFTER_NAME.get(kind.lemma_.lower()))
    if root.dep_ == "appos" and kind.i < m.start - 1 and kind.pos_ == "NOUN" and _lower_word(kind):
        vote(KIND_NOUN_CLASSES.get(kind.lemma_.lower()))  # "a splinter club, A.F.C. Liverpool"
    for child in root.rights:
        if (
            child.dep_ == "appos"
            and child.i >= m.end
            and child.text.islower()
            and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in child.children)
        ):  # '"A Cloudy Day on the West Side", a novel by ...'; not "Brown, the automobile"
            vote(KIND_NOUN_CLASSES.get(child.lemma_.lower()))
    vote(_shared_plural_head(doc, m))  # "Columbia and Stanford universities"
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for attr in root.head.children:  # "The Flying Cloud was the first car to ..."
            if attr.dep_ == "attr" and attr.pos_ == "NOUN" and attr.text.islower():
                vote(KIND_NOUN_CLASSES.get(attr.lemma_.lower()))
    if not any(c.dep_ == "appos" for c in root.rights):
        vote(_apposed_kind(doc, m.end))  # "at Renberg's, a clothing store", however parsed
    if m.end + 1 < len(doc) and doc[m.end].lower_ == "for" and doc[m.end + 1].text == "Best":
        vote("Award")  # "received a Latin Grammy for Best Female Pop Vocal Album"
    if _made_thing(root) and name_head_class(m.text) is None:
        vote("Product", 1.5)  # 'designed the "Nautilus"', 'the "Clermont" built by'
    if root.dep_ == "pobj" and root.head.lower_ == "with" and root.head.i < m.start:
        governor = root.head.head  # "a deal with X", or "signed a deal with X" as parsed
        objects = [governor, *(o for o in governor.children if o.dep_ == "dobj")]
        if any(o.lemma_.lower() in DEAL_NOUNS for o in objects) or governor.lemma_ == "merge":
            vote("Organization", 1.5)
    return votes


#: Verbs of making a machine or a vehicle: what they make is a product.
_MAKING_VERBS = frozenset(
    {"design", "build", "construct", "launch", "manufacture", "invent", "patent"}
)


def _made_thing(head: Token) -> bool:
    """True for a name that is made: the object of "designed", "built", "launched", or the
    subject of "was built", or followed by "constructed by" ('the "Charlotte Dundas"
    constructed by William Symington')."""
    verb = head.head
    if verb.lemma_ not in _MAKING_VERBS or verb.pos_ != "VERB":
        for child in head.children:
            if child.dep_ == "acl" and child.lemma_ in _MAKING_VERBS and child.tag_ == "VBN":
                return True
        return False
    return head.dep_ == "dobj" or head.dep_ == "nsubjpass"


#: Words that join the names of a list.
_LIST_WORDS = frozenset({",", "and", "or", "&"})


def _shared_plural_head(doc: Doc, m: Mention) -> str | None:
    """The class of a plural head word that names listed before it share: "Columbia and
    Stanford universities", "the Mississippi and Missouri rivers" (each is a university, a
    river); None when the name is no part of such a list."""
    i = m.end
    last = i < len(doc) and doc[i].text not in _LIST_WORDS  # "... and Stanford" + "universities"
    if last and (m.start == 0 or doc[m.start - 1].lower_ not in ("and", "or", "&")):
        return None
    listed = False
    while i < len(doc) and i - m.end < 12:
        tok = doc[i]
        if tok.text in _LIST_WORDS:
            listed = True
        elif not tok.text[:1].isupper():
            break
        i += 1
    if i >= len(doc) or (not listed and i != m.end):
        return None
    tok = doc[i]
    if tok.tag_ != "NNS" or not tok.text.islower() or tok.lemma_.lower() == tok.lower_:
        return None
    return NAME_HEAD_CLASSES.get(tok.lemma_.lower())


def _apposed_kind(doc: Doc, end: int) -> str | None:
    """The class of the kind noun of an indefinite apposition right after a name (", a
    clothing store"), found by the words when the parser hung it elsewhere."""
    i = end + (end < len(doc) and doc[end].text in ("'s", "’s"))
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in ("a", "an"):
        return None
    for tok in doc[i + 2 : i + 6]:
        if tok.dep_ == "appos" and tok.pos_ == "NOUN" and tok.text.islower():
            return KIND_NOUN_CLASSES.get(tok.lemma_.lower())
        if not (tok.pos_ in ("ADJ", "NOUN") and tok.text.islower()):
            return None
    return None


def _modifies_next_noun(doc: Doc, m: Mention) -> bool:
    """True when every word of a name that hangs outside it hangs on the common noun right
    after it ("Head Ti Radical racket": "Ti" and "Radical" both modify "racket")."""
    if m.end >= len(doc) or m.end - m.start < 2:
        return False
    noun = doc[m.end]
    if noun.pos_ != "NOUN" or not noun.text.islower():
        return False
    outside = [t for t in doc[m.start : m.end] if not m.start <= t.head.i < m.end]
    return len(outside) > 1 and all(
        t.head.i == noun.i and t.dep_ in ("compound", "nmod", "amod") for t in outside
    )


def _kind_word(tok: Token) -> str:
    """A common noun's singular, lower case, however it was tagged ("Accountants")."""
    low = tok.lower_
    if tok.pos_ == "NOUN":
        return tok.lemma_.lower()
    return low[:-1] if low.endswith("s") and low[:-1] in KIND_NOUN_CLASSES else low


def _lower_word(tok: Token) -> bool:
    """True for a common word: lower case, or capitalised only as a sentence's first."""
    return tok.text.islower() or (bool(tok.is_sent_start) and tok.text[1:].islower())


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[0] in "12"


def titled_kind(doc: Doc, m: Mention) -> str | None:
    """The class of the kind noun before a quoted name ('the song "Tutankhamun"', 'the
    submarine "Nautilus"') when it is a work's or a product's, else None: such a title is a
    thing of its own, whoever else bears the name."""
    if not quoted(doc, m):
        return None
    before = m.start - 1 - (doc[m.start - 1].lower_ == "the")
    if before < 1 or doc[before].text not in OPEN_QUOTES:
        return None
    tok = doc[before - 1]
    if tok.lower_ in _NAMING_VERBS and before >= 2:
        tok = doc[before - 2]  # 'a television show called "Scully"'
    if not tok.text.islower() or tok.pos_ != "NOUN":
        return None
    cls = KIND_NOUN_CLASSES.get(tok.lemma_.lower())
    return cls if cls in ("CreativeWork", "Product") else None


#: Participles between a kind noun and the quoted name it gives: 'a show called "Scully"'.
_NAMING_VERBS = frozenset({"called", "named", "titled", "entitled", "dubbed"})


def quoted(doc: Doc, m: Mention) -> bool:
    """True for a name that is all of a quotation: a title ('the single "Say It Right"'),
    with its article ('"The Sun" newspaper', where "The" is not part of the name), or its
    possessive mark ('"Maclean's" magazine')."""
    start = m.start - (m.start > 1 and doc[m.start - 1].lower_ == "the")
    if start == 0 or doc[start - 1].text not in OPEN_QUOTES:
        return False
    end = m.end + (m.end < len(doc) and doc[m.end].text in (",", ".", "'s", "’s"))
    return end < len(doc) and doc[end].text in CLOSE_QUOTES  # also '"Maclean's" magazine'


#: ``place_size`` of a country, a US state or a continent.
_STATE_SIZE = 9.0
#: Verbs whose object is a competition or a title: "won Wimbledon", "won the First Division".
_WIN_VERBS = frozenset({"win", "capture", "clinch", "retain"})
#: Nouns a competition's name modifies: "the Wimbledon final", "a Grand Slam champion".
_CONTEST_PARTS = frozenset(
    "final finals semifinal semi-final quarterfinal quarter-final title champion champions "
    "championship tournament tournaments crown runner-up".split()
)


#: Nouns a person's possessive takes as their work: "Timbaland's single", "Moby's tour".
_MAKERS_THINGS = frozenset(
    "single album song novel book film poem painting tour debut memoir autobiography".split()
)
#: Nouns whose "of" takes a place: "inhabitants of Dordrecht", "the siege of Colombo".
_PLACE_OF_NOUNS = frozenset(
    "inhabitant resident citizen native mayor outskirts suburb siege sack bombing "
    "population".split()
)
#: Verbs whose "to" or "from" takes a place: "went to Coolgardie", "emigrated from Riga".
_MOTION_VERBS = frozenset(
    "go went move return travel sail fly emigrate immigrate flee escape relocate "
    "commute siege".split()
)


def role_votes(doc: Doc, m: Mention, *, sports: bool) -> dict[str, float]:
    """Class evidence from the part a mention plays and its own first word: a person's
    title ("King Rajasinghe II"); a competition won or whose final and
    champion are spoken of ("won Wimbledon", "a Grand Slam champion"); a place given with
    its state or country ("Argus, North Dakota"); a people or a family named in the
    plural with "the" ("the Danes", "the Stephensons"; not in a text about sports, where
    "the Dodgers" is a team)."""
    votes: dict[str, float] = {}
    root = doc[m.start : m.end].root
    won = root.dep_ == "dobj" and root.head.lemma_ in _WIN_VERBS and root.head.i < m.start
    if won or (
        root.dep_ == "compound"
        and root.head.i >= m.end
        and root.head.text.islower()
        and root.head.lemma_.lower() in _CONTEST_PARTS
    ):
        votes["Event"] = 2.0
    words = m.text.split()
    if (
        len(words) >= 2
        and words[0].lower().rstrip(".") in PERSON_TITLES
        and words[1][:1].isupper()
        and name_head_class(m.text) is None
        # a regnal number ("Urban VI"), or a name that is no English word ("Prince Graphite")
        and (_NUMERAL_RE.fullmatch(words[-1]) or words[-1].lower() not in common_words())
    ):
        votes["Person"] = KIND_WEIGHT  # "King Rajasinghe II", "Pope Urban VI" tagged a body
    if title_of_place(m.text):
        votes["Person"] = KIND_WEIGHT  # "the Duke of Sunderland"
    if _place_with_region(doc, m.end):
        votes["Place"] = KIND_WEIGHT
    governor = root.head
    if (
        root.dep_ == "poss"
        and m.end - m.start == 1
        and (governor.lemma_.lower() in _MAKERS_THINGS or _title_after_possessive(doc, m.end))
        and not doc[m.start].text.endswith("s")
    ):
        # "Timbaland's single", "Moby's tour", 'Hergé\'s "The Adventures of Tintin"': who made it
        votes["Person"] = 1.5
    lead = root  # the first of a list: "the islands of Ternate, Tidore and Banda"
    while lead.dep_ == "conj" and lead.head.i < lead.i:
        lead = lead.head
    prep = lead.head
    if lead.dep_ == "pobj" and prep.head.i < m.start:
        word = prep.head.lemma_.lower()
        words_of_verb = {word, *(o.lemma_.lower() for o in prep.head.children if o.dep_ == "dobj")}
        if prep.lower_ == "of" and (
            word in _PLACE_OF_NOUNS or KIND_NOUN_CLASSES.get(word) == "Place"
        ):
            votes["Place"] = 2.0  # "inhabitants of Dordrecht", "the town of Argus"
        elif prep.lower_ in ("to", "from") and words_of_verb & _MOTION_VERBS:
            votes["Place"] = 1.5  # "went to Coolgardie", "laid siege to Colombo"
        elif lead is not root and prep.lower_ in ("in", "at", "near"):
            votes["Place"] = 1.0  # "mines in Big Bell, Cue, Leonora and Coolgardie"
    if (
        not sports
        and m.end - m.start == 1
        and doc[m.start].tag_ == "NNPS"
        and doc[m.start].lower_ not in NAME_HEAD_CLASSES  # "the Straits" of Malacca
        and m.start > 0
        and doc[m.start - 1].lower_ == "the"
    ):
        votes["Group"] = 2.0
    return votes


def _title_after_possessive(doc: Doc, end: int) -> bool:
    """True when a quoted title follows a name's possessive: 'Hergé's "The Seven Crystal
    Balls"' (the name is its author's)."""
    mark = end + (end < len(doc) and doc[end].text in ("'s", "’s"))
    return mark < len(doc) - 1 and mark > end and doc[mark].text in OPEN_QUOTES


#: A regnal or ordinal numeral ending a name ("Urban VI", "Rajasinghe II").
_NUMERAL_RE = re.compile(r"[IVXL]+")


def _place_with_region(doc: Doc, end: int) -> bool:
    """True when a name is followed by ", " and a country or state, and no more of a name
    ("Burlington, New Jersey"; not "Cole, Texas Instruments")."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    for size in (1, 2, 3):
        stop = end + 1 + size
        if stop > len(doc):
            break
        span = doc[end + 1 : stop]
        state = is_known_place(span.text) or place_size(span.text) >= _STATE_SIZE
        if state and not (stop < len(doc) and doc[stop].pos_ == "PROPN"):
            return True
    return False


def listed_with(doc: Doc, m: Mention) -> str | None:
    """The class the head of a name listed with this one gives it ("Crown Paints, Candy,
    Carlsberg and Standard Chartered Bank"; "Stuttgart Outdoor, Volvo International and
    Livingston Open"): a list names things of one kind. None when no such name is listed."""
    root = doc[m.start : m.end].root
    for other in root.conjuncts:
        words = [t.text for t in doc[other.left_edge.i : other.i + 1] if t.pos_ == "PROPN"]
        if len(words) > 1 and (cls := name_head_class(" ".join(words))) is not None:
            return cls
    return None


def listed_with_club(doc: Doc, m: Mention) -> bool:
    """True when a name is listed with a club's ("Manchester United, Real Madrid,
    Barcelona and Bayern Munich"): in a text about sports, a club too."""
    root = doc[m.start : m.end].root
    for other in root.conjuncts:
        words = [t.text for t in doc[other.left_edge.i : other.i + 1] if t.pos_ == "PROPN"]
        name = " ".join(words)
        if len(words) > 1 and (club_shaped(name) or team_shaped(name)):
            return True
    return False
