"""What a name says about itself: its head, its class, a person's given names and surname.

Pure string functions (no spaCy), used by entity resolution to decide which
name mentions may be one entity:

- a name whose head is a common noun of its own kind ("Lise Meitner Prize",
  "Genscher Consulting", "Hoover Dam", "University of Vienna") is never a
  person, whoever it is named after (:func:`name_head_class`);
- a person's name parses into given names, surname and generational suffix
  (:func:`person_name`), and two full names are one person only when they are
  compatible (:func:`same_person`);
- organisation names have one key for their spelling variants ("Liverpool
  F.C.", "Liverpool FC", "Liverpool Football Club"; "UEFA Cup", "UEFA Cups")
  (:func:`name_key`);
- an acronym matches the initials of a name (:func:`is_acronym_of`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import (
    HOLIDAYS,
    NAME_HEAD_CLASSES,
    ORG_NAME_ENDINGS,
    TITLE_WORDS,
    TITLES_OF_PLACES,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Lower-case name particles that belong to the surname ("Ludwig van Beethoven").
PARTICLES = frozenset(
    """van von de der den del della delle di da du dos das des le la lo al el bin ibn ben
    ter ten zu af av""".split()
)
#: Generational suffixes: part of the name, and they tell father and son apart.
GENERATIONAL = {"jr": "Jr.", "jr.": "Jr.", "sr": "Sr.", "sr.": "Sr.", "ii": "II", "iii": "III",
                "iv": "IV"}  # fmt: skip
#: Letters after a name that are not part of it ("Anna Berg, CIH", "John Smith PhD").
POST_NOMINALS = frozenset(
    """phd ph.d ph.d. md m.d. dphil cih mbe obe cbe kbe dbe gbe frs frse fba freng qc kc esq
    esq. dds cpa rn mp mep""".split()
)
#: Common Chinese family names: written first ("Xi Jinping", "Mao Zedong").
SURNAME_FIRST = frozenset(
    """wang zhang liu chen yang huang zhao wu zhou xu sun zhu hu guo gao lin luo zheng liang
    xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang du cheng wei
    su ding shen yao xi mao qian hua wen jia bo hou""".split()
)
#: Words that join the parts of an organisation's name, left out of its initials.
_LINK_WORDS = frozenset({"of", "the", "and", "&", "for", "in", "on", "at", "de", "du", "des"})
#: Spelling variants of organisation name endings → one key.
_VARIANT_WORDS = {
    "f.c.": "fc", "fc": "fc", "a.f.c.": "afc", "afc": "afc", "co.": "company", "co": "company",
    "corp.": "corporation", "corp": "corporation", "inc.": "inc", "incorporated": "inc",
    "ltd.": "ltd", "limited": "ltd", "&": "and", "intl.": "international", "univ.": "university",
}  # fmt: skip
#: Legal forms at the end of a company's name, left out of its key.
_LEGAL_FORMS = frozenset(
    {"company", "corporation", "inc", "ltd", "llc", "plc", "gmbh", "ag", "sa", "nv", "bv"}
)
_ROMAN_RE = re.compile(r"[IVX]{1,4}")
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.){2,}")
_WORD_RE = re.compile(r"[^\W\d_][\w.'’-]*|\d[\w.-]*|&")


def words_of(name: str) -> list[str]:
    """The words of a name, punctuation left out ("Xi Jinping's" keeps its apostrophe).

    Example:
        >>> words_of("Liverpool F.C. (LFC)")
        ['Liverpool', 'F.C.', 'LFC']
    """
    return _WORD_RE.findall(name)


#: Words after which a name's head has been said ("University of Vienna", "Institute for X").
_HEAD_ENDS = frozenset({"of", "for"})


def head_index(words: list[str]) -> int:
    """Where the head of a name sits: before its first "of" or "for", else its last word.

    Example:
        >>> head_index(["University", "of", "Vienna"]), head_index(["Hoover", "Dam"])
        (0, 1)
    """
    for i, w in enumerate(words[1:], 1):
        if w.lower() in _HEAD_ENDS:
            return _head_after_of(words, i)
    last = len(words) - 1
    while last > 0 and (
        _ROMAN_RE.fullmatch(words[last])
        or words[last].isdigit()
        or (len(words[last]) == 1 and words[last].isupper())
    ):
        # "World War I", "Apollo 11", "Ford Model T": the numeral or letter counts, the word
        # before it is the head
        last -= 1
    return last


#: Classes of heads an "of" phrase before them may name: "Library of Congress Prize",
#: "City of London Freemen's School" (a place's or an event's head after "of X" is more
#: often the "of"'s object: "Battle of Saldanha Bay").
_NAMED_FOR = frozenset({"Award", "Organization"})


def _head_after_of(words: list[str], at: int) -> int:
    """The head of a name whose first "of" or "for" is at ``at``: the word before it, unless
    an "of" phrase without "the" only modifies an award's or a body's head after it
    ("Library of Congress Prize for American Fiction"; not "Battle of Saldanha Bay",
    "Order of the British Empire")."""
    if words[at].lower() != "of" or at + 1 >= len(words) or words[at + 1].lower() == "the":
        return at - 1
    end = next((j for j in range(at + 1, len(words)) if words[j].lower() in _HEAD_ENDS), len(words))
    last = end - 1
    word = words[last]
    if last > at + 1 and word[:1].isupper() and NAME_HEAD_CLASSES.get(word.lower()) in _NAMED_FOR:
        return last
    return at - 1


def name_head(name: str) -> str:
    """The head word of a name, lower case ("" for a one-word name).

    Example:
        >>> name_head("Kaiser Wilhelm Institute for Chemistry"), name_head("Xi")
        ('institute', '')
    """
    words = words_of(name)
    return words[head_index(words)].lower() if len(words) > 1 else ""


#: A court case's name: two parties either side of "v." or "vs." ("Roe v. Wade").
_CASE_RE = re.compile(r"\w[\w.,']* vs?\. [A-Z]")

#: Legal forms that make any name a company's, wherever they stand in it.
_COMPANY_FORMS = frozenset(
    {"inc", "inc.", "ltd", "ltd.", "llc", "plc", "corp.", "gmbh", "ag", "s.a.", "n.v.", "b.v."}
)


#: One-word names that are a body's kind and nobody's surname ("Army", "Parliament").
_BODY_WORDS = frozenset(
    "army navy parliament congress senate police government university corps "
    "regiment brigade ministry commission committee council".split()
)

_GREEK_LETTERS = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega".split()
)


def titled_here(doc: Doc, i: int) -> bool:
    """True when a title at token ``i`` names its holder: "the" right before it, and no name
    and comma before that ("the Earl of Strafford"; not "William Laud, the Archbishop of
    Canterbury", which says what he is of the place)."""
    if i == 0 or doc[i - 1].lower_ != "the":
        return False
    return not (i >= 3 and doc[i - 2].text == "," and doc[i - 3].pos_ == "PROPN")


def title_of_place(name: str) -> bool:
    """True for a title held of a place, which names a person ("Duke of Wellington").

    Example:
        >>> title_of_place("Earl of Derby"), title_of_place("Bank of England")
        (True, False)
    """
    words = name.split()
    return (
        len(words) >= 3
        and words[0].lower() in TITLES_OF_PLACES
        and words[1] == "of"
        and words[2][:1].isupper()
    )


def name_head_class(name: str) -> str | None:
    """The class a name's head word gives it, or None when the head says nothing.

    Example:
        >>> [name_head_class(n) for n in ("Lise Meitner Prize", "Genscher Consulting",
        ...                               "Hoover Dam", "UEFA Cups", "Lise Meitner")]
        ['Award', 'Organization', 'Place', 'Event', None]
        >>> name_head_class("Nobel Prize in Physics"), name_head_class("Roe v. Wade")
        ('Award', 'Law')
    """
    low = name.lower()
    if low in _BODY_WORDS and name[:1].isupper():
        return "Organization"  # "the 12th Army", "Parliament" alone: a body by its kind
    words = low.split()
    if len(words) > 1 and all(w in _GREEK_LETTERS for w in words):
        return "Organization"  # "Sigma Alpha Mu", "Phi Beta Kappa": a fraternity or society
    if low in HOLIDAYS:
        return "Event"  # "Yom Kippur" tagged a person
    if " " not in low and low.endswith("ism") and len(low) > 5:
        return "Group"  # "Judaism", "Lutheranism": a faith or a school, nobody's name
    if " of the year" in low:
        return "Award"  # "Player of the Year", "Woman of the Year"
    if low.endswith("hall of fame"):
        return "Organization"  # "Baseball Hall of Fame": the body, not the hall
    if any(w.strip(",") in _COMPANY_FORMS for w in low.split()[1:]):
        return "Organization"  # "Center for Racial Justice, Inc."
    if _CASE_RE.search(name):
        return "Law"  # "Courtesy Sandwich Shop v. Port of New York Authority": a court case
    head = ""
    for prep in (" in ", " on "):
        before, sep, after = name.partition(prep)
        if sep and (prep == " in " or (after[:1].isupper() and not after.startswith("The "))):
            # "Nobel Prize in Physics", "Raid on Boulogne"; not "A Cloudy Day on the West Side"
            head = name_head(before) if " " in before else before.lower()
            break
    if head not in NAME_HEAD_CLASSES:
        head = name_head(name)
    if not head and "-" in name and " " not in name:
        last = name.rsplit("-", 1)[1]  # "Hahn-Meitner-Building"
        head = last.lower() if last[:1].isupper() else ""
    if not head:
        return None
    cls = NAME_HEAD_CLASSES.get(head)
    if cls is None and head.endswith("s") and len(head) > 3:
        cls = NAME_HEAD_CLASSES.get(head[:-1])
    return cls


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name, parsed: lower-case given names, surname, generational suffix."""

    given: tuple[str, ...]
    surname: str
    suffix: str = ""

    @property
    def full(self) -> bool:
        """True when the name has a given name as well as a surname."""
        return bool(self.given)


@functools.lru_cache(maxsize=8192)
def person_name(name: str) -> PersonName | None:
    """Parse a person's name; None when it cannot be one (no capitalised word left).

    Titles and post-nominal letters are dropped; particles join the surname;
    "Jr." and the like are kept as the suffix.

    Example:
        >>> person_name("Dr. Hans-Dietrich Genscher")
        PersonName(given=('hans-dietrich',), surname='genscher', suffix='')
        >>> person_name("Ludwig van Beethoven").surname, person_name("Xi Jinping").surname
        ('van beethoven', 'xi')
        >>> person_name("Herbert Hoover Jr.").suffix
        'Jr.'
        >>> person_name("A.F.C. Liverpool") is None, person_name("J. R. R. Tolkien").surname
        (True, 'tolkien')
    """
    words = [w for w in words_of(name) if w.lower() not in POST_NOMINALS]
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
        words = words[1:]
    suffix = ""
    if len(words) > 1 and words[-1].lower() in GENERATIONAL:
        suffix = GENERATIONAL[words[-1].lower()]
        words = words[:-1]
    if not words or not any(w[:1].isupper() for w in words):
        return None
    if any(_not_personal(w) for w in words):
        return None  # "A.F.C. Liverpool", "Route 66", "BBC Sport"
    if 2 <= len(words) <= 3 and words[0].lower() in SURNAME_FIRST and not suffix:
        # "Xi Jinping": the family name comes first
        return PersonName(tuple(w.lower() for w in words[1:]), words[0].lower())
    last = len(words) - 1
    start = last
    while start > 0 and words[start - 1].lower() in PARTICLES:
        if start - 1 == 0 and words[0][:1].isupper():
            break  # "Al Gore", "De Niro" as the first word: a given name, or the whole name
        start -= 1  # "Ludwig van Beethoven": the particle goes with the surname
    surname = " ".join(w.lower().replace("’", "'") for w in words[start:])
    given: list[str] = []
    for w in words[:start]:
        if _INITIALS_RE.fullmatch(w):
            given += [ch.lower() for ch in w if ch.isalpha()]  # "J.R.R." is three initials
        else:
            given.append(w.lower().rstrip("."))
    return PersonName(tuple(given), surname, suffix)


def _not_personal(word: str) -> bool:
    """A word no person's name has: an organisation ending, a number, an all-capitals acronym."""
    low = word.lower()
    if low in ORG_NAME_ENDINGS or any(ch.isdigit() for ch in word):
        return True
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and "." not in word and low not in GENERATIONAL


def surname_key(surname: str) -> str:
    """A surname without its particles, for matching a bare surname ("Weizsäcker").

    Example:
        >>> surname_key("von weizsäcker"), surname_key("meitner")
        ('weizsäcker', 'meitner')
    """
    parts = surname.split()
    while len(parts) > 1 and parts[0] in PARTICLES:
        parts = parts[1:]
    return " ".join(parts)


def _given_compatible(a: str, b: str) -> bool:
    """Two given names (or an initial and a name: "j" and "john") that can be one."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return False


def _given_words(given: tuple[str, ...]) -> list[str]:
    """A name's given names word by word: "Hans-Dietrich" is "hans", "dietrich"."""
    return [part for g in given for part in g.split("-") if part]


def same_person(a: PersonName, b: PersonName) -> bool:
    """True when two full names can be one person: same surname and suffix, compatible
    first given names ("Otto Robert Frisch" and "Otto Frisch"; "J. Smith" and "John Smith").

    Example:
        >>> p = person_name
        >>> same_person(p("Otto Robert Frisch"), p("Otto Frisch"))
        True
        >>> same_person(p("Mike Agassi"), p("Andre Agassi"))
        False
        >>> same_person(p("Herbert Hoover"), p("Herbert Hoover Jr."))
        False
        >>> same_person(p("Herbert Clark Hoover"), p("Herbert Charles Hoover"))
        False
    """
    if not (a.full and b.full) or a.suffix != b.suffix:
        return False
    if surname_key(a.surname) != surname_key(b.surname):
        return False
    wa, wb = _given_words(a.given), _given_words(b.given)
    if not _given_compatible(wa[0], wb[0]):
        return False
    # "Hans-Dietrich Vollmer" is "Hans Dietrich Vollmer", but not "Hans Vollmer".
    hyphen_a, hyphen_b = "-" in a.given[0], "-" in b.given[0]
    if hyphen_a != hyphen_b and min(len(wa), len(wb)) < 2:
        return False
    # "Herbert Clark Hoover" and "Herbert Charles Hoover" are father and son.
    return len(wa) < 2 or len(wb) < 2 or _given_compatible(wa[1], wb[1])


def name_key(name: str) -> str:
    """One key for the spelling variants of a name (case, "the", F.C./FC/Football Club,
    Co./Company, "&"/"and", a plural last word).

    Example:
        >>> name_key("Liverpool F.C.") == name_key("Liverpool FC") == name_key(
        ...     "Liverpool Football Club")
        True
        >>> name_key("UEFA Cups") == name_key("UEFA Cup")
        True
        >>> name_key("REO Motor Car Company") == name_key("REO Motor Car")
        True
    """
    words = [w.lower().replace("’", "'") for w in words_of(name)]
    if words and words[0] == "the":
        words = words[1:]
    out = [_VARIANT_WORDS.get(w, w) for w in words]
    if len(out) >= 2 and out[-2:] == ["football", "club"]:
        out[-2:] = ["fc"]
    while len(out) > 2 and out[-1] in _LEGAL_FORMS:
        out.pop()  # "REO Motor Car Company" is "REO Motor Car"
    if len(out) >= 2 and out[-1].endswith("s") and not out[-1].endswith("ss") and len(out[-1]) > 3:
        out[-1] = out[-1][:-1]  # "UEFA Cups" is the UEFA Cup, counted
    return " ".join(out)


@functools.lru_cache(maxsize=8192)
def initials(name: str, *, link_words: bool = False) -> str:
    """The capital initials of a name's words ("Kaiser Wilhelm Institute" → "KWI").

    Example:
        >>> initials("North Atlantic Treaty Organization"), initials("Bank of England")
        ('NATO', 'BE')
        >>> initials("Bank of England", link_words=True)
        'BOE'
    """
    out = []
    for w in words_of(name):
        if w.lower() in _LINK_WORDS:
            if link_words and w.lower() not in ("the", "&"):
                out.append(w[0].upper())
            continue
        for part in w.split("-"):
            if part[:1].isalpha() and part[:1].isupper():
                out.append(part[0])
    return "".join(out)


_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&.]{1,9}")


def is_acronym(text: str) -> bool:
    """True for an all-capitals short form ("VOC", "U.S.", "KWI").

    Example:
        >>> is_acronym("VOC"), is_acronym("Voc"), is_acronym("A")
        (True, False, False)
    """
    return bool(_ACRONYM_RE.fullmatch(text)) and sum(c.isalpha() for c in text) >= 2


@functools.lru_cache(maxsize=8192)
def is_acronym_of(acronym: str, name: str) -> bool:
    """True when ``acronym`` spells the initials of ``name`` (with or without "of").

    Example:
        >>> is_acronym_of("KWI", "Kaiser Wilhelm Institute for Chemistry")
        True
        >>> is_acronym_of("KWI", "Kaiser-Wilhelm-Institute"), is_acronym_of("VOC",
        ...     "Vereenigde Oostindische Compagnie")
        (True, True)
    """
    letters = acronym.replace(".", "").replace("&", "").upper()
    words = words_of(name)
    if len(letters) < 2 or (len(words) < 2 and "-" not in name):
        return False
    if letters in (initials(name), initials(name, link_words=True)):
        return True
    # "KWI" for "Kaiser Wilhelm Institute for Chemistry": the initials of the name's core
    core = next((i for i, w in enumerate(words) if w.lower() in _LINK_WORDS), len(words))
    return core >= 2 and letters == initials(" ".join(words[:core]))
