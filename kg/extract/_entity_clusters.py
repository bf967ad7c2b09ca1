"""The mentions of a document grouped into clusters (one per entity) by a union-find, with what
each mention of a cluster says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._mention import Mention
from kg.extract._name_shapes import looks_personal
from kg.extract._sentences import Sentences, tokens_with
from kg.extract.lexicon import DEMONYM_PLURALS, DEMONYMS, PLACE_ALIASES
from kg.extract.names import PersonName, is_acronym, name_key, person_name, title_of_place

if TYPE_CHECKING:
    from spacy.tokens import Doc


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _canonical_place(text: str) -> str | None:
    low = text.lower()
    if low in PLACE_ALIASES:
        return PLACE_ALIASES[low]
    demonym = DEMONYM_PLURALS.get(low, low)
    return DEMONYMS.get(demonym)


def _title_before(doc: Doc, m: Mention) -> str:
    """The title word right before a mention ("Mrs" of "Mrs. Hoover"), or ""."""
    i = m.start - 1
    while i >= 0 and doc[i].text == ".":
        i -= 1
    return doc[i].lower_.rstrip(".") if i >= 0 and doc[i].text[:1].isupper() else ""


class Clusters:
    """Union-find over the mentions, remembering why each mention joined."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.sents = Sentences.of(doc)
        self.keys: dict[str, int] = {}  # spelling key → its first mention (``_merge_names``)
        self.ambiguous: set[int] = set()  # bare surnames two people of the text may bear
        self.sports = about_sports(doc)
        self.mentions = mentions
        self.uf = UnionFind(len(mentions))
        self.rule = [""] * len(mentions)
        self.names = [
            person_name(m.text)
            if (m.type == "Person" or looks_personal(m.text)) and not title_of_place(m.text)
            else None  # "Duke of Bridgewater" is a title, no given name and surname
            for m in mentions
        ]
        for i, m in enumerate(mentions):
            if (
                m.link >= 0
                and m.link_rule in ("nickname", "other-name")
                and m.type == "Person"
                and not title_of_place(mentions[m.link].text)  # "(Francis Egerton)" is his name
            ):
                self.names[i] = None  # "Hammerin' Hank", born "Hyman Greenberg": aliases only
        # Henry Benjamin "Hank" Greenberg: later, "Hank Greenberg" is Henry Greenberg.
        nicknames = {}
        self.nicknames: dict[str, int] = {}  # nickname → the mention of the full name
        for m in mentions:
            full = self.names[m.link] if m.link_rule == "nickname" and m.link >= 0 else None
            if full is not None and full.full:
                nicknames[m.text.lower()] = full.given[0]
                self.nicknames[m.text.lower()] = m.link
        for i, n in enumerate(self.names):
            if n is not None and n.full and n.given[0] in nicknames:
                self.names[i] = PersonName((nicknames[n.given[0]], *n.given[1:]), n.surname,
                                           n.suffix)  # fmt: skip

    def join(self, a: int, b: int, rule: str) -> None:
        """Join mention ``b`` to ``a``'s entity, for ``rule``."""
        if self.uf.find(a) != self.uf.find(b):
            self.uf.union(a, b)
            if not self.rule[b]:
                self.rule[b] = rule

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.mentions)):
            out.setdefault(self.uf.find(i), []).append(i)
        return list(out.values())


def _single_word(m: Mention) -> bool:
    return " " not in m.text and not is_acronym(m.text)


def _key(m: Mention) -> str:
    """The spelling key under which mentions are one name (see ``name_key``); a person's
    name is its own key ("Rhys Edward" is not "Rhys Edwards", whatever "UEFA Cups" is)."""
    if m.type == "Language" and _canonical_place(m.text):
        return f"language:{m.text.lower()}"  # "in Dutch" is not the Netherlands
    place = _canonical_place(m.text)
    if place:
        return f"place:{place}"
    if m.type == "Person" or looks_personal(m.text):
        return " ".join(m.text.lower().replace("’", "'").split())
    return name_key(m.text)


#: Words of a text about teams; a few of them and a city that wins is its club.
_SPORTS_WORDS = frozenset(
    {"club", "clubs", "team", "teams", "league", "match", "matches", "season", "cup", "goal",
     "goals", "championship", "final", "tournament", "fixture", "manager", "striker"}
)  # fmt: skip


def about_sports(doc: Doc) -> bool:
    from spacy.attrs import LOWER

    return len(tokens_with(doc, LOWER, _SPORTS_WORDS)) >= 5
