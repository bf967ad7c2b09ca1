"""Mentions → entities: NER spans cleaned, then merged into one entity per referent.

Within a document:

- a person's short name ("Putin", "Xi") joins the full name it is part of
  ("Vladimir Putin", "Xi Jinping"), the nearest one before it, else after;
- titles are not part of a name ("President Xi" is "Xi");
- an acronym given in parentheses ("North Atlantic Treaty Organization (NATO)"),
  or one spelling the initials of a longer name, is an alias of that name;
- demonyms used as names ("the Russians") and well-known other names of places
  ("US", "Britain") join the country;
- the canonical name is the longest name, and the others become aliases.

Coreference of pronouns and nominal mentions is ``kg.extract.coref``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.gazetteer import GIVEN_NAMES, corrected_type, is_known_place
from kg.extract.lexicon import (
    DEMONYM_PLURALS,
    DEMONYMS,
    ORG_NAME_ENDINGS,
    PLACE_ALIASES,
    TITLE_WORDS,
)
from kg.model import NER_TYPES, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Entity types that are names of things (merged by name); the rest are values.
NAMED_TYPES = frozenset(
    {"Person", "Organization", "Place", "Group", "Event", "CreativeWork", "Product", "Law",
     "Language"}
)  # fmt: skip
_STRIP_LEADING_LOWER = frozenset({"the", "a", "an", "then", "former", "late"})
_STRIP_TRAILING = frozenset(
    {"'s", "’s", "'", "’", ",", ".", ";", ":", "-", "—", "–", '"', "“", "”", "(", ")"}
)
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&.]{1,9}$")
_WORD_RE = re.compile(r"[\w.'’-]+")
_MAX_NAME_CHARS = 200
#: Left modifiers kept in a concept phrase ("Russian demand", "foreign policy aide").
_CONCEPT_MOD_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
#: Words inside a modifier that stay with it ("video-conference", "well known").
_INNER_MOD_DEPS = frozenset({"compound", "amod", "advmod", "npadvmod", "punct", "nmod", "nummod"})
_MAX_NODE_CHARS = 120


@dataclass(slots=True)
class Mention:
    """A name in the text: tokens ``[start, end)`` of the Doc."""

    start: int
    end: int
    text: str
    type: str
    entity: Entity | None = None


@dataclass(slots=True)
class EntityIndex:
    """The entities of one document and where they are mentioned.

    Attributes:
        entities: every entity, keyed by ``(name, type)``.
        mentions: the name mentions, in document order.
        by_token: ``Doc`` token index → the entity whose mention covers it.
    """

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Entity] = field(default_factory=dict)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    def entity_at(self, i: int) -> Entity | None:
        """The entity mentioned at token ``i``, or None."""
        return self.by_token.get(i)

    def span_at(self, i: int) -> tuple[int, int]:
        """Token bounds ``[start, end)`` of the mention covering token ``i``, else ``i`` alone."""
        return self.spans.get(i, (i, i + 1))


def normalise_name(text: str) -> str:
    """One spelling for a name: single spaces, straight apostrophes, bounded length.

    Example:
        >>> normalise_name("  Xi\\n Jinping’s ")
        "Xi Jinping's"
    """
    text = " ".join(text.split()).replace("’", "'")
    return text[:_MAX_NAME_CHARS].strip()


def _trim(span: Span, ner_type: str) -> tuple[int, int]:
    """Token bounds of a mention without determiners, titles and trailing 's."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end:
        tok = doc[start]
        low = tok.lower_
        if (
            low in _STRIP_LEADING_LOWER
            or tok.is_punct
            or (ner_type == "Person" and low.rstrip(".") in TITLE_WORDS and end - start > 1)
        ):
            start += 1
        else:
            break
    # "Achilles (; Ancient Greek: ...)": a name ends where a parenthesis opens.
    for i in range(start + 1, end):
        if doc[i].text[:1] in "([;":
            end = i
            break
    # "wed Peleus": a lower-case word before a person's name is not part of it.
    while ner_type == "Person" and end - start > 1 and doc[start].is_lower:
        start += 1
    while end > start and (doc[end - 1].text in _STRIP_TRAILING or doc[end - 1].is_space):
        end -= 1
    return start, end


def _raw_mentions(doc: Doc) -> list[Mention]:
    found: list[Mention] = []
    for ent in doc.ents:
        ner_type = NER_TYPES.get(ent.label_)
        if ner_type is None:
            continue
        start, end = _trim(ent, ner_type)
        if start >= end:
            continue
        text = normalise_name(doc[start:end].text)
        if not text or not any(ch.isalnum() for ch in text):
            continue
        if ner_type == "Person" and any(t.text in "-–" for t in doc[start:end]):
            continue  # "the Putin-Xi summit": two people joined as a modifier, not a name
        low = text.lower()
        ner_type = corrected_type(text, ner_type)
        if ner_type == "Group" and (low in DEMONYMS or low in DEMONYM_PLURALS):
            # A demonym used as a name ("the Russians") stands for its country.
            ner_type = "Place"
        found.append(Mention(start, end, text, ner_type))
    return found


def _canonical_place(text: str) -> str | None:
    low = text.lower()
    if low in PLACE_ALIASES:
        return PLACE_ALIASES[low]
    demonym = DEMONYM_PLURALS.get(low, low)
    return DEMONYMS.get(demonym)


def _initials(name: str) -> str:
    words = [w for w in _WORD_RE.findall(name) if w[0].isupper()]
    return "".join(w[0] for w in words)


class _UnionFind:
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


def _chain_start(doc: Doc, head: int) -> int:
    """First token of the proper-noun compound chain ending at ``head``."""
    start = head
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
        start -= 1
    return start


def _missed_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Proper-noun names the NER missed that are people or organisations by their context.

    A chain of proper nouns is a person when it repeats a part of a known
    person's name ("Xi" after "Xi Jinping"), follows a title ("President
    Medvedev"), or is conjoined with a person ("Putin and Xi Jinping"); it is an
    organisation when its last word says so ("Harlow Energy", "Kestrel Group").
    """
    person_heads = {m.end - 1 for m in mentions if m.type == "Person"}
    parts = {
        part.lower()
        for m in mentions
        if m.type == "Person"
        for part in m.text.split()
        if part[:1].isupper() and part.lower().rstrip(".") not in TITLE_WORDS
    }
    covered = {i for m in mentions for i in range(m.start, m.end)}
    extra = []
    for tok in doc:
        if tok.i in covered or tok.dep_ == "compound":
            continue
        if tok.pos_ != "PROPN":
            # A tagger slip: "Dahl" tagged as a noun, yet it repeats a known person's name.
            if tok.pos_ == "NOUN" and tok.is_title and tok.lower_ in parts:
                extra.append(Mention(tok.i, tok.i + 1, normalise_name(tok.text), "Person"))
            continue
        start = _chain_start(doc, tok.i)
        while start < tok.i and (
            doc[start].lower_.rstrip(".") in TITLE_WORDS or doc[start].is_lower
        ):
            start += 1  # "President Medvedev", "wed Peleus" (a verb the tagger took for a name)
        if any(i in covered for i in range(start, tok.i + 1)):
            continue
        words = [t.lower_ for t in doc[start : tok.i + 1]]
        titled = start > 0 and doc[start - 1].lower_.rstrip(".") in TITLE_WORDS
        conjoined = (tok.dep_ == "conj" and tok.head.i in person_heads) or any(
            c.dep_ == "conj" and c.i in person_heads for c in tok.children
        )
        name = normalise_name(doc[start : tok.i + 1].text)
        if is_known_place(name):
            extra.append(Mention(start, tok.i + 1, name, "Place"))  # "Andorra", missed
        elif any(w in parts for w in words) or titled or conjoined:
            extra.append(Mention(start, tok.i + 1, name, "Person"))
        elif len(words) > 1 and words[-1] in ORG_NAME_ENDINGS:
            extra.append(Mention(start, tok.i + 1, name, "Organization"))  # "Harlow Energy"
    return extra


def _merge(doc: Doc, mentions: list[Mention]) -> _UnionFind:
    uf = _UnionFind(len(mentions))
    by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        # Within a document, one name is one entity, whatever type the NER gave each mention.
        key: tuple[str, str] = (m.text.lower(), "") if m.type in NAMED_TYPES else (m.text, m.type)
        if key in by_key:
            uf.union(by_key[key], i)
        else:
            by_key[key] = i

    persons = [i for i, m in enumerate(mentions) if m.type == "Person"]
    full_names = [i for i in persons if len(mentions[i].text.split()) > 1]
    for i, m in enumerate(mentions):
        words = {w.lower() for w in m.text.split()}
        if m.type not in NAMED_TYPES or _canonical_place(m.text) or is_known_place(m.text):
            continue  # "France" never joins a person called "Vichy France"
        if m.type != "Person" and (len(words) != 1 or doc[m.start].pos_ != "PROPN"):
            continue
        # A short name joins the nearest full name that contains it: before it, else after.
        # A lone given name ("Johann", "Dmitry") is too common to join anyone.
        if len(words) == 1 and words <= GIVEN_NAMES:
            continue
        best: int | None = None
        for j in full_names:
            if j == i or not words < {w.lower() for w in mentions[j].text.split()}:
                continue
            if mentions[j].start < m.start:
                best = j
            elif best is None:
                best = j
                break
        if best is not None:
            uf.union(best, i)

    # A short organisation name that begins a longer one: "Nordvik" for "Nordvik Shipping".
    orgs = [i for i, m in enumerate(mentions) if m.type == "Organization"]
    for i in orgs:
        short = mentions[i].text.lower().split()
        for j in orgs:
            longer = mentions[j].text.lower().split()
            if len(longer) > len(short) and longer[: len(short)] == short:
                uf.union(j, i)
                break

    # Acronyms: "Name (ACR)" or an all-caps name spelling another name's initials.
    named = [i for i, m in enumerate(mentions) if m.type in NAMED_TYPES and m.type != "Person"]
    for i in named:
        m = mentions[i]
        nxt = doc[m.end : m.end + 3]
        if len(nxt) == 3 and nxt[0].text == "(" and nxt[2].text == ")":
            acr = nxt[1].text
            if _ACRONYM_RE.match(acr) and _initials(m.text).startswith(acr[0]):
                for j in named:
                    if mentions[j].text == acr:
                        uf.union(i, j)
                mentions.append(Mention(nxt[1].i, nxt[1].i + 1, acr, m.type))
                uf.parent.append(len(uf.parent))
                uf.union(i, len(mentions) - 1)
    for i in named:
        acr = mentions[i].text.replace(".", "")
        if not _ACRONYM_RE.match(acr) or len(acr) < 2:
            continue
        for j in named:
            if len(mentions[j].text.split()) > 1 and _initials(mentions[j].text) == acr:
                uf.union(j, i)
                break
    return uf


def _pick_canonical(group: list[Mention]) -> tuple[str, str]:
    # The most frequent type wins; on a tie, the type of the first mention.
    types = Counter(m.type for m in group)
    etype = max(types, key=lambda t: (types[t], -min(m.start for m in group if m.type == t)))
    for m in group:
        place = _canonical_place(m.text) if m.type == "Place" else None
        if place:
            return place, etype
    best = max(group, key=lambda m: (len(m.text.split()), not m.text.isupper(), -m.start))
    return best.text, etype


def resolve_entities(doc: Doc) -> EntityIndex:
    """Find the named entities of a document and merge their mentions.

    Example:
        >>> doc = kg.nlp.parse("Xi Jinping met Vladimir Putin. Xi thanked Putin.")
        >>> index = resolve_entities(doc)
        >>> sorted(e.name for e in index.entities.values())
        ['Vladimir Putin', 'Xi Jinping']
        >>> index.entity_at(6).name
        'Xi Jinping'
    """
    mentions = _raw_mentions(doc)
    mentions += _missed_mentions(doc, mentions)
    mentions.sort(key=lambda m: m.start)
    uf = _merge(doc, mentions)
    groups: dict[int, list[Mention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(uf.find(i), []).append(m)
    index = EntityIndex()
    for group in groups.values():
        name, etype = _pick_canonical(group)
        entity = index.entities.get((name, etype))
        if entity is None:
            entity = index.entities[(name, etype)] = Entity(name=name, type=etype)
        for m in group:
            if m.text != name:
                entity.aliases.add(m.text)
            m.entity = entity
            for t in range(m.start, m.end):
                index.by_token[t] = entity
                index.spans[t] = (m.start, m.end)
    index.mentions = sorted(mentions, key=lambda m: m.start)
    return index


def _keep_inner(tok: Token) -> bool:
    return tok.dep_ in _INNER_MOD_DEPS and (tok.dep_ != "punct" or tok.text in "-–/")


def _modifier_tokens(tok: Token) -> list[int]:
    out = [tok.i]
    for child in tok.children:
        if _keep_inner(child):
            out.extend(_modifier_tokens(child))
    return out


def concept_phrase(head: Token) -> tuple[str, int, int]:
    """The compact name of a noun phrase: head plus its adjective and compound modifiers.

    Returns the phrase and its token bounds ``[start, end)``. Determiners,
    possessives, numbers and anything after the head are left out.

    Example:
        >>> doc = kg.nlp.parse("Xi supported the Russian demand of talks with the West.")
        >>> concept_phrase(doc[4])
        ('Russian demand', 3, 5)
    """
    indices = {head.i}
    for child in head.lefts:
        if child.dep_ in _CONCEPT_MOD_DEPS or (child.dep_ == "punct" and child.text in "-–"):
            indices.update(_modifier_tokens(child))
    # Keep the contiguous block that ends at the head.
    start = head.i
    while start - 1 in indices:
        start -= 1
    # Hyphenated heads ("video-conference"): the parts after the head's own hyphen.
    end = head.i + 1
    doc = head.doc
    while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].head.i == head.i:
        end += 2
    words = []
    for tok in doc[start:end]:
        text = tok.text
        if (
            tok.i == tok.sent.start
            and tok.tag_ not in ("NNP", "NNPS")
            and not tok.ent_type_
            and not text.isupper()
            and tok.lower_ not in DEMONYMS
        ):
            text = text.lower()  # "The Russian demand" at a sentence start is not a name
        words.append(text + tok.whitespace_)
    return normalise_name("".join(words))[:_MAX_NODE_CHARS], start, end
