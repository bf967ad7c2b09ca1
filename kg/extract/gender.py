"""Grammatical gender of people from their given names and titles.

The given-name table ``data/given_names.tsv`` is derived from the
nomquamgender data set (MIT licence, ``data/LICENSE-nomquamgender``; rebuilt by
``tools/make_given_names.py``): 26,771 given names seen in at least five public
sources, each with the share of its bearers who are women. A name is taken as
feminine or masculine only when at least 90% of its bearers are; the rest
("Robin", "Jean", "Kim") say nothing. The table loads on first use.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources
from typing import Literal

Gender = Literal["f", "m"]

#: Share of bearers a name needs to count as feminine (or, below 1 - this, masculine).
GENDERED_SHARE = 0.9
#: A given name must have been seen about this often (log10 of the count) to count
#: as evidence that a capitalised word is a person's given name.
COMMON_LOG_COUNT = 3.5

#: Titles and kinship or role words that say a person's gender.
FEMININE_WORDS = frozenset(
    """mrs mrs. ms ms. miss lady dame queen princess duchess countess baroness empress
    sister mother daughter wife widow aunt niece grandmother actress waitress woman girl
    congresswoman chairwoman spokeswoman businesswoman sportswoman madame mme mme. signora
    señora frau""".split()
)
MASCULINE_WORDS = frozenset(
    """mr mr. sir lord king prince duke count earl baron emperor brother father son husband
    widower uncle nephew grandfather actor waiter congressman chairman spokesman
    businessman sportsman monsieur m. signor señor herr man boy gentleman""".split()
)


@functools.cache
def _table() -> dict[str, tuple[float, float]]:
    text = resources.files("kg.extract").joinpath("data/given_names.tsv").read_text("utf-8")
    out: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        name, share, log_count = line.split("\t")
        out[name] = (float(share), float(log_count))
    return out


def _key(word: str) -> str:
    key = word.lower().replace("’", "'").strip(".")
    if not key.isascii():  # "Tomáš", "Irène": the table is written without accents
        key = "".join(
            ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch)
        )
    return key


def name_gender(given: str) -> Gender | None:
    """The gender a given name says, or None when it is rare or shared.

    Example:
        >>> name_gender("Lise"), name_gender("Otto"), name_gender("Robin"), name_gender("Xq")
        ('f', 'm', None, None)
    """
    entry = _table().get(_key(given))
    if entry is None:
        first = _key(given).split("-")[0]  # "Hans-Dietrich": the first part says it
        entry = _table().get(first) if first != _key(given) else None
    if entry is None:
        return None
    share = entry[0]
    if share >= GENDERED_SHARE:
        return "f"
    if share <= 1 - GENDERED_SHARE:
        return "m"
    return None


#: A lone word must be a given name this frequent to be taken for a person against the
#: NER ("Justin", "Alice"; not "Princeton" or "Venus", which are given names too).
VERY_COMMON_LOG_COUNT = 4.5
#: Words that are given names but, before another name, say where rather than who.
_NOT_GIVEN = frozenset(
    """north south east west new old upper lower great greater little saint st san santa
    port mount lake fort cape central royal""".split()
)


def is_given_name(word: str, *, common: bool = False, very_common: bool = False) -> bool:
    """True when ``word`` is a known given name (``common``: a frequent one; ``very_common``:
    one so frequent that, alone, it names a person: "Justin" but not "Princeton").

    Example:
        >>> is_given_name("Lise"), is_given_name("Meitner"), is_given_name("Hans-Dietrich")
        (True, False, True)
        >>> is_given_name("Alice", very_common=True), is_given_name("Princeton", very_common=True)
        (True, False)
    """
    key = _key(word)
    if key in _NOT_GIVEN:
        return False
    entry = _table().get(key) or _table().get(key.split("-")[0])
    if entry is None:
        return False
    if very_common:
        return entry[1] >= VERY_COMMON_LOG_COUNT
    return not common or entry[1] >= COMMON_LOG_COUNT


def word_gender(word: str) -> Gender | None:
    """The gender a title or kinship word says ("Mrs", "King", "sister"), or None.

    Example:
        >>> word_gender("Mrs."), word_gender("King"), word_gender("President")
        ('f', 'm', None)
    """
    low = word.lower()
    if low in FEMININE_WORDS:
        return "f"
    if low in MASCULINE_WORDS:
        return "m"
    return None
