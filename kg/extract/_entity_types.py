"""What an entity is and is called: its class by the votes of its mentions' forms and contexts,
its gender, its canonical name and a person's label.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract._deps import NOMINAL_SUBJ_DEPS, PLACE_ENTS, PREP_DEPS, SUBJ_OR_DOBJ_DEPS
from kg.extract._entity_clusters import Clusters, _canonical_place, _title_before
from kg.extract._mention import NAMED_TYPES, Mention
from kg.extract._mention_missed import person_context
from kg.extract._mention_quoted import PRODUCT_KINDS
from kg.extract._name_shapes import (
    club_shaped,
    common_words,
    looks_personal,
    person_shaped,
    team_shaped,
)
from kg.extract._sentences import Sentences
from kg.extract._type_evidence import (
    KIND_WEIGHT,
    kind_votes,
    listed_with,
    listed_with_club,
    quoted,
    role_votes,
)
from kg.extract.gazetteer import is_famous_place, is_known_place, is_place_name, place_size
from kg.extract.gender import Gender, is_given_name, name_gender, word_gender
from kg.extract.lexicon import BODIES, DEMONYMS, SURNAME_LIKE_HEADS
from kg.extract.names import is_acronym, name_head_class, person_name, title_of_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: How a short form joins a longer name: "Hahn" of Otto Hahn, "the Pirates" of the Pittsburgh
#: Pirates.
_SHORT_RULES = frozenset({"surname", "nickname", "short-name"})


def canonical_name(c: Clusters, group: list[int]) -> str:
    """The longest name of an entity that is neither an acronym nor a short form
    (on a tie, the most used, then the first); a country's one name for its aliases."""
    ms = [c.mentions[i] for i in group]
    for i, m in zip(group, ms, strict=True):
        if c.rule[i] in _SHORT_RULES:
            continue  # "the Indians" after "Cleveland Indians" names the team, not India
        place = _canonical_place(m.text) if m.type == "Place" else None
        if place:
            return place
    counts = Counter(m.text for m in ms)

    def rank(i: int) -> tuple[bool, bool, int, int, int]:
        m = c.mentions[i]
        short = c.rule[i] in _SHORT_RULES
        return (not short, not is_acronym(m.text), len(m.text.split()), counts[m.text], -m.start)

    return c.mentions[max(group, key=rank)].text


def person_label(c: Clusters, group: list[int]) -> str | None:
    """A person's name: their most used full name (on a tie, the longer, then the first)."""
    people = [i for i in group if (n := c.names[i]) is not None and n.full]
    if not people:
        return None
    counts = Counter(c.mentions[i].text for i in people)
    best = max(
        people,
        key=lambda i: (
            not title_of_place(c.mentions[i].text),  # "Francis Egerton", not "Duke of ..."
            counts[c.mentions[i].text],
            len(c.mentions[i].text.split()),
            -c.mentions[i].start,
        ),
    )
    return c.mentions[best].text  # fmt: skip


#: Prepositions whose object is a place ("at Anfield", "in Monte Carlo"), hardly a person.
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "into", "across", "throughout", "within"})
#: ``place_size`` of countries, states and regions (their wars are not matches).
_STATE_SIZE = 9.0
#: Verbs of a match: a place does not beat anyone, a club does ("Liverpool beat Barcelona").
_MATCH_VERBS = frozenset(
    {"beat", "defeat", "draw", "eliminate", "thrash", "outplay", "overcome", "edge", "knock",
     "relegate", "trounce", "rout"}
)  # fmt: skip
#: Nouns of a match whose "against" or "over" takes a side ("the final against X").
_MATCH_NOUNS = frozenset(
    {"win", "victory", "defeat", "loss", "draw", "final", "semi-final", "semifinal", "match",
     "game", "tie", "derby", "replay", "fixture", "play", "goal", "success", "triumph"}
)  # fmt: skip
#: Prepositions after "play", "sign", "score", "lose" that take a club ("play for X").
_CLUB_PREPS = frozenset({"for", "against"})
_CLUB_VERBS = frozenset({"play", "sign", "score", "lose", "transfer", "appear"})


def _context_votes(doc: Doc, sents: Sentences, m: Mention) -> dict[str, float]:
    """Class evidence from around one mention: titles, "who", person verbs, role nouns,
    a pronoun taking it up; a place's preposition ("at Anfield"); a team or firm named
    after a place ("Manchester United" tagged a person)."""
    votes: dict[str, float] = {"Person": 0.0, "Place": 0.0, "Organization": 0.0}
    head = doc[m.end - 1]
    if person_context(doc, m.start, m.end):
        votes["Person"] += 2
    if _life_dates_after(doc, m.end) and name_head_class(m.text) is None:
        votes["Person"] += 1.5  # "a friend of Potanin (1835-1920)": a life's years
    if _AGE_BEFORE.search(doc[max(0, m.start - 6) : m.start].text):
        votes["Person"] += 2  # "the 36-year-old Connors": only a living thing has an age
    if _followed_by_person_pronoun(sents, head):
        votes["Person"] += 1.0
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPS and head.head.i < m.start:
        votes["Place"] += 1.5  # not "in" inside the name: "Nobel Prize in Chemistry"
    words = m.text.split()
    if (
        m.type == "Person"
        and len(words) > 1
        and is_famous_place(words[0])
        and not is_given_name(words[0], common=True)
    ):
        votes["Organization"] += 1.5
    return votes


#: An age just before a name: "the 36-year-old", "32-year old".
_AGE_BEFORE = re.compile(r"\b\d{1,3}\s*-?\s*years?\s*-?\s*old$")
_LIFE_YEARS = re.compile(r"[12]\d{3}[-–—][12]\d{3}")


def _life_dates_after(doc: Doc, end: int) -> bool:
    """True for two years in parentheses right after a name, "(1835-1920)" or
    "(1835 – 1920)": the years of a life."""
    if end >= len(doc) or doc[end].text != "(":
        return False
    close = next((t.i for t in doc[end + 1 : end + 6] if t.text == ")"), None)
    inside = doc[end + 1 : close].text.replace(" ", "") if close is not None else ""
    return _LIFE_YEARS.fullmatch(inside) is not None


def _in_a_match(head: Token) -> bool:
    """True for a side of a match: subject or object of "beat", "defeated by", "play for",
    "lost to" ... (a team, whatever city it is named after)."""
    verb = head.head
    if head.dep_ == "pobj" and verb.dep_ in PREP_DEPS:
        prep, verb = verb, verb.head
        if prep.lower_ in ("against", "over") and verb.lemma_ in _MATCH_NOUNS:
            return True  # "a 3-1 win over Barcelona", "the final against Burnley"
        if verb.lemma_ in _MATCH_VERBS and prep.lower_ == "by":
            return True  # "were defeated by Barcelona"
        return verb.lemma_ in _CLUB_VERBS and (
            prep.lower_ in _CLUB_PREPS or (verb.lemma_ == "lose" and prep.lower_ == "to")
        )
    if head.dep_ in SUBJ_OR_DOBJ_DEPS:
        return verb.lemma_ in _MATCH_VERBS
    return False


_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "himself", "herself"})


def _followed_by_person_pronoun(sents: Sentences, head: Token) -> bool:
    """True when a subject name is taken up by "he" or "she" as the next subject:
    in a conjoined clause ("Geller played ... and he won") or the next sentence."""
    if head.dep_ not in NOMINAL_SUBJ_DEPS:
        return False
    verb = head.head
    for conj in verb.conjuncts:
        if conj.i > verb.i and any(
            c.dep_ in NOMINAL_SUBJ_DEPS and c.lower_ in _PERSON_PRONOUNS for c in conj.children
        ):
            return True
    n = sents.number(head.i) + 1
    if n >= len(sents.spans):
        return False
    root = sents.spans[n].root
    return any(c.dep_ in NOMINAL_SUBJ_DEPS and c.lower_ in _PERSON_PRONOUNS
               for c in root.children)  # fmt: skip


def _form_vote(m: Mention) -> tuple[str, float]:
    """The class one mention votes for, and how strongly: the NER's label, unless the
    name's form says otherwise (a given name, a city the NER took for a person)."""
    weight = 1.0 if m.ner else 0.5
    if (
        m.type != "Person"
        and (looks_personal(m.text) or _personal_byname(m.text))  # "Danish Marie Curie"
        and (" " in m.text or m.ner != "ORG")
        and not team_shaped(m.text)  # "Cleveland Indians"
    ):
        # "Otto Robert Frisch", "Julia" tagged a place, whatever the NER said; not a lone
        # given name tagged a firm or a club ("the final against Chelsea")
        return "Person", 1.5
    if m.type in ("Place", "Organization", "Event", "Product") and _rare_full_name(m.text):
        return "Person", 1.25  # "Marat Safin", "Lleyton Hewitt" tagged a place
    if m.type == "Person" and is_place_name(m.text) and not looks_personal(m.text):
        return "Place", 1.5  # "San Francisco" tagged a person
    if m.type == "Person" and " " not in m.text and not is_given_name(m.text):
        return "Person", 0.5  # one unknown word the NER called a person: a guess
    return m.type, weight


def _personal_byname(name: str) -> bool:
    """True for a full personal name after a people's adjective: "Danish Marie Curie" (a
    byname: someone likened to her; a quoted name alone may be a song's, "Amelia Brooks")."""
    words = name.split()
    return len(words) > 2 and words[0].lower() in DEMONYMS and looks_personal(" ".join(words[1:]))


def _rare_full_name(name: str) -> bool:
    """Two or three capitalised words, the first a given name (however rare), no word a
    place's name or a class's head: shaped like a person's full name."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not person_shaped(name) or not is_given_name(words[0]):
        return False
    if words[0].lower() in DEMONYMS or words[-1].lower() in common_words():
        return False  # "Dutch Republic", "Aramis Life": an English word ends no rare name
    return not any(is_place_name(w) for w in words) and not is_place_name(name)


def _given_name_first(name: str, ms: list[Mention]) -> bool:
    """True for a common given name and a surname that is also a head word, or one the NER
    took for a person's: maybe a person ("Brooke Shields", "Ernie Banks"), not
    "Curtiss-Southwest Field"."""
    words = name.split()
    if len(words) != 2 or "-" in words[0] or not is_given_name(words[0], common=True):
        return False
    last = words[1].lower()
    return (
        last in SURNAME_LIKE_HEADS
        or last[:-1] in SURNAME_LIKE_HEADS
        or any(m.type == "Person" for m in ms)
    )


def list_neighbours(c: Clusters, groups: list[list[int]]) -> dict[int, list[int]]:
    """For each group (by position in ``groups``), the other groups whose names are listed
    with one of its names ("Hank Aaron, Ernie Banks, and Willie Mays"), once each."""
    owner: dict[int, int] = {}
    for g, group in enumerate(groups):
        for i in group:
            m = c.mentions[i]
            for t in range(m.start, m.end):
                owner[t] = g
    out: dict[int, list[int]] = {}
    for g, group in enumerate(groups):
        seen: set[int] = set()
        for i in group:
            m = c.mentions[i]
            for other in c.doc[m.start : m.end].root.conjuncts:
                h = owner.get(other.i)
                if h is not None and h != g and h not in seen:
                    seen.add(h)
        if seen:
            out[g] = sorted(seen)
    return out


#: What the class of the names listed with a name adds to its votes, per name (at most two).
_LISTED_WEIGHT = 1.0


@dataclass
class TypeVotes:
    """What an entity's name, mentions and contexts say of its class: ``settled``, a class
    they decide alone (a head word, a known place), or else ``votes`` per class."""

    name: str
    first_type: str
    settled: str | None = None
    votes: dict[str, float] = field(default_factory=dict)

    def decided(self) -> str:
        """The class: the settled one, else the best voted (on a tie, the first NER label's)."""
        if self.settled is not None:
            return self.settled
        votes = self.votes
        etype = max(votes, key=lambda t: (votes[t], t == self.first_type))
        return etype if etype in NAMED_TYPES else self.first_type

    def with_listed(self, listed_classes: list[str]) -> TypeVotes:
        """These votes and those of the classes of the names listed with this one (a list
        names things of one kind: "San Francisco, San Jose, Dana Point, Atlantic City")."""
        if self.settled is not None:
            return self
        votes = dict(self.votes)
        # a full name keeps its class among places; a lone given name does not ("Candy")
        personal = " " in self.name and (_rare_full_name(self.name) or looks_personal(self.name))
        for cls, n in Counter(listed_classes).items():
            if personal and cls != "Person":
                continue  # "Irène Joliot-Curie in France, Enrico Fermi in Italy"
            votes[cls] = votes.get(cls, 0.0) + _LISTED_WEIGHT * min(n, 2)
        return TypeVotes(self.name, self.first_type, None, votes)


#: Classes whose names are quoted as titles: a kind noun says which of them a title is.
_TITLED = frozenset({"CreativeWork", "Product"})


def type_votes(c: Clusters, group: list[int], name: str) -> TypeVotes:
    """The evidence for the class of an entity from its name's form, all its mentions and
    their context (``.decided()`` is the class)."""
    head_class = name_head_class(name)
    ms = [c.mentions[i] for i in group]
    first = ms[0].type
    kinds: dict[str, float] = {}
    said_of = [kind_votes(c.doc, m) for m in ms]
    for said_here in said_of:
        for cls, weight in said_here.items():
            kinds[cls] = kinds.get(cls, 0.0) + weight
    said = max(kinds, key=lambda t: kinds[t]) if kinds else None
    if said is not None and said != head_class and kinds[said] >= KIND_WEIGHT:
        head_class = None  # '"The Bingo Palace" (1994)', 'the "Boot Room" members'
    if c.sports and club_shaped(name):
        head_class = None  # "Nottingham Forest" in a text about football: a club
    if (
        head_class is not None
        and any(m.type == head_class for m in ms)
        and not _given_name_first(name, ms)
    ):
        return TypeVotes(
            name, first, head_class
        )  # "Lise Meitner Prize", "Hoover Dam"; the votes decide "Ernie Banks"
    if (
        0 < place_size(name) < _STATE_SIZE
        and c.sports
        and any(_in_a_match(c.doc[m.end - 1]) or listed_with_club(c.doc, m) for m in ms)
    ):
        return TypeVotes(
            name, first, "Organization"
        )  # "Liverpool beat Barcelona", in a text about clubs
    if all(m.type == "Language" for m in ms) and _canonical_place(name):
        return TypeVotes(
            name, first, "Language"
        )  # "in Dutch", "a Dutch word" (see ``language_mentions``)
    if name in BODIES or _canonical_place(name) in BODIES:
        return TypeVotes(name, first, "Organization")  # "the United Nations", "the UN"
    if is_known_place(name) or _canonical_place(name):
        return TypeVotes(name, first, "Place")
    if is_famous_place(name) and 2 * sum(m.ner in PLACE_ENTS for m in ms) >= len(ms):
        return TypeVotes(
            name, first, "Place"
        )  # "Hiroshima had come as a surprise to her"; not "at Wimbledon" won
    votes: dict[str, float] = {}
    for i, m, said_here in zip(group, ms, said_of, strict=True):
        if c.rule[i] == "surname":
            etype, weight = "Person", 0.5  # a bare surname's NER label is a guess; not its person
        else:
            etype, weight = _form_vote(m)
        votes[etype] = votes.get(etype, 0.0) + weight
        if (
            quoted(c.doc, m)
            and m.link < 0
            and max(said_here.values(), default=0) < KIND_WEIGHT
            and (said in _TITLED or not _personal_byname(m.text))
        ):  # not a person's name quoted as a byname: 'praised as the "German Marie Curie"'
            # '"Say It Right"'; a kind noun beside the quote has said it ('the song "X"')
            kind = c.doc[m.start - 2].lemma_ if m.start >= 2 else ""
            title = "Product" if m.type == "Product" or kind in PRODUCT_KINDS else "CreativeWork"
            if said in _TITLED:
                title = said  # quotes mark a title; a kind noun at another mention says
                # of what ('the first submarine, the "Nautilus"'; 'designed the "Nautilus"')
            votes[title] = votes.get(title, 0.0) + 1.5
        for cls, extra in _context_votes(c.doc, c.sents, m).items():
            votes[cls] = votes.get(cls, 0.0) + extra
        for cls, extra in role_votes(c.doc, m, sports=c.sports).items():
            votes[cls] = votes.get(cls, 0.0) + extra
        if (listed := listed_with(c.doc, m)) is not None and not looks_personal(m.text):
            votes[listed] = votes.get(listed, 0.0) + 1.5
        if c.sports and listed_with_club(c.doc, m):
            votes["Organization"] = votes.get("Organization", 0.0) + 2.0  # "..., Internazionale"
    for cls, weight in kinds.items():
        votes[cls] = votes.get(cls, 0.0) + weight
    if head_class is not None and not _given_name_first(name, ms):
        # "Nobel Prize in Chemistry" tagged a work: the head names the class, unless the
        # name is a person's whose surname is a head word ("Curt Flood", "Ernie Banks").
        votes[head_class] = votes.get(head_class, 0.0) + KIND_WEIGHT
    if team_shaped(name) or (c.sports and club_shaped(name)):
        # "Pittsburgh Pirates", whatever "the Pirates" was tagged; "Nottingham Forest"
        votes["Organization"] = votes.get("Organization", 0.0) + 3.0
    return TypeVotes(name, first, None, votes)


def entity_gender(c: Clusters, group: list[int], name: str, etype: str) -> Gender | None:
    """A person's gender from the titles before their mentions and their given names."""
    if etype != "Person":
        return None
    votes: set[Gender] = set()
    for i in group:
        if (g := word_gender(_title_before(c.doc, c.mentions[i]))) is not None:
            votes.add(g)
    parsed = person_name(name)
    given = (parsed.given[0] if parsed.full else parsed.surname) if parsed is not None else ""
    # A lone name is often a surname: only a common given name says a gender then.
    full = parsed is not None and parsed.full
    if given and (full or is_given_name(given, common=True)) and (g := name_gender(given)):
        votes.add(g)
    return votes.pop() if len(votes) == 1 else None
