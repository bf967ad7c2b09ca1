"""What a name looks like: its one spelling, and whether it is shaped like a
person's name, a sports team's or a common word.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from kg.extract.gazetteer import is_famous_place, is_place_name
from kg.extract.gender import is_given_name
from kg.extract.lexicon import DEMONYM_PLURALS, DEMONYMS, ORG_NAME_ENDINGS, TITLE_WORDS
from kg.extract.names import PARTICLES, is_acronym, name_head_class, person_name

if TYPE_CHECKING:
    from spacy.tokens import Token


_MAX_NAME_CHARS = 200


def normalise_name(text: str) -> str:
    """One spelling for a name: single spaces, straight apostrophes, bounded length.

    Example:
        >>> normalise_name("  Xi\\n Jinping’s ")
        "Xi Jinping's"
    """
    text = " ".join(text.split()).replace("’", "'")
    return text[:_MAX_NAME_CHARS].strip()


def capitalised(tok: Token) -> bool:
    """The word starts with a capital (from its text: hand-built Docs have no lexeme flags)."""
    return tok.text[:1].isupper()


def lowercase(tok: Token) -> bool:
    return tok.text.islower()


def is_title_word(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in TITLE_WORDS


@functools.lru_cache(maxsize=8192)
def looks_personal(name: str) -> bool:
    """True for a name shaped like a person's that begins with a common given name
    ("Otto Robert Frisch", "Justin") and is not a place's name ("Florence").

    Example:
        >>> looks_personal("Wendell Parsby"), looks_personal("Harlow Energy")
        (True, False)
        >>> looks_personal("West Germany"), looks_personal("Princeton")
        (False, False)
    """
    parsed = person_name(name)
    if parsed is None or name_head_class(name) is not None or is_famous_place(name):
        return False
    words = name.split()
    if words[0].lower().rstrip(".") in _PLACE_PREFIXES and is_place_name(name):
        return False  # "St. Louis", "Fort Worth": the saint or the title is the place's
    first = parsed.given[0] if parsed.full else parsed.surname
    return (
        len(words) <= 4
        and is_given_name(first, common=parsed.full, very_common=not parsed.full)
        and all(w[:1].isupper() or w.lower() in PARTICLES for w in words)
    )


#: First words of places that may read as a title or a given name ("St. Louis").
_PLACE_PREFIXES = frozenset(
    {"st", "saint", "san", "santa", "fort", "mount", "port", "lake", "cape"}
)


#: Last words of a club named after its town ("Manchester United", "Bristol Rovers").
_CLUB_ENDINGS = frozenset(
    "united athletic rovers wanderers albion hotspur forest argyle villa city".split()
)


def team_shaped(name: str) -> bool:
    """True for a team named after its place: "Boston Red Sox", "Texas Rangers",
    "Manchester United" (a place, then a plural nickname or a club word).

    Example:
        >>> team_shaped("Pittsburgh Pirates"), team_shaped("Manchester United")
        (True, True)
        >>> team_shaped("United States"), team_shaped("Cayman Islands")
        (False, False)
    """
    words = name.split()
    if len(words) < 2 or name_head_class(name) is not None or is_place_name(name):
        return False  # "Kansas City" is a city
    last = words[-1]
    if not (_plural_nickname(last) or last.lower() in _CLUB_ENDINGS):
        return False
    # "David Moores" is a man, though David is a town: a given name is a team's place
    # only when the place is famous ("Washington Senators", "Boston Red Sox").
    given = is_given_name(words[0], common=True)
    return any(
        is_place_name(place := " ".join(words[:k])) and (not given or is_famous_place(place))
        for k in range(1, len(words))
    )


def club_shaped(name: str) -> bool:
    """True for a name ending in a club word: "West Ham United", "Nottingham Forest" (in a
    text about sports, a club; elsewhere "Forest" may be a forest).

    Example:
        >>> club_shaped("Nottingham Forest"), club_shaped("Culver City"), club_shaped("United")
        (True, False, False)
    """
    words = name.split()
    last = words[-1].lower()
    # "Culver City" is a city: "City" makes a club only after a place ("Cardiff City")
    return len(words) >= 2 and last in _CLUB_ENDINGS - {"city"} and not is_place_name(name)


def _plural_nickname(word: str) -> bool:
    """True for a capitalised plural of a common noun that is no given name ("Pirates",
    "Sox"); "Williams" and "Adams" are surnames after a place-named person."""
    if not word[:1].isupper() or word.lower() in ORG_NAME_ENDINGS:
        return False
    low = word.lower()
    if low == "sox":
        return True
    if not low.endswith("s") or len(low) < 4:
        return False
    singular = low[:-1]
    return singular in _common_nouns() and not is_given_name(singular, common=True)


def _lemma_table(name: str) -> Any:
    """One of the pipeline's lemmatizer tables (WordNet's lemmas, exceptions: a spaCy
    ``Table``, keyed by part of speech), or {}."""
    from kg import nlp

    try:
        pipe: Any = nlp.load().get_pipe("lemmatizer")
        return pipe.lookups.get_table(name)
    except (KeyError, ValueError, AttributeError):
        return {}


@functools.cache
def _common_nouns() -> frozenset[str]:
    """The noun lemmas the pipeline's lemmatizer knows (WordNet's)."""
    return frozenset(_lemma_table("lemma_index").get("noun", ()))


def team_nickname(name: str) -> str:
    """The nickname of a team named after its place, "" for any other name: "Red Sox" of
    "Boston Red Sox", "Tigers" of "Detroit Tigers"; a club word alone is no nickname.

    Example:
        >>> team_nickname("Chicago White Sox"), team_nickname("Manchester United")
        ('White Sox', '')
    """
    if not team_shaped(name):
        return ""
    words = name.split()
    k = max(k for k in range(1, len(words)) if is_place_name(" ".join(words[:k])))
    rest = words[k:]
    if len(rest) == 1 and rest[0].lower() in _CLUB_ENDINGS:
        return ""
    return " ".join(rest)


@functools.cache
def common_words() -> frozenset[str]:
    """Every word form the pipeline's lemmatizer lists (WordNet's lemmas and exceptions)."""
    words: set[str] = set()
    for table in (_lemma_table("lemma_index"), _lemma_table("lemma_exc")):
        for forms in table.values():
            words.update(forms)
    return frozenset(words)


def person_shaped(name: str) -> bool:
    """True for a name that could be a person's: one to four capitalised words, no acronym,
    no head word of its own class, no organisation ending, not a famous place or a demonym.

    Example:
        >>> person_shaped("Geller"), person_shaped("Anna Osterman"), person_shaped("NATO")
        (True, True, False)
        >>> person_shaped("Harlow Energy"), person_shaped("Florence"), person_shaped("Dutch")
        (False, False, False)
    """
    words = name.split()
    if not 1 <= len(words) <= 4 or is_acronym(name) or name_head_class(name) is not None:
        return False
    if any(w.lower() in ORG_NAME_ENDINGS for w in words) or is_famous_place(name):
        return False
    if name.lower() in DEMONYMS or name.lower() in DEMONYM_PLURALS:
        return False
    return all(
        (w[:1].isupper() and all(ch.isalpha() or ch in "-'." for ch in w)) or w in PARTICLES
        for w in words
    )
