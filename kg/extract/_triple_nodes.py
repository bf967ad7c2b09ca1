"""The nodes of a triple: the entities an argument names, else a concept or a quantity phrase;
pronouns left unresolved and values are no node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract._concepts import concept_phrase, worth_a_node
from kg.extract._deps import (
    APPOSITIVE_POS,
    COMPOUND_OR_AMOD_DEPS,
    NON_NODE_POS,
    NOUN_OR_X_POS,
    PLURAL_NOUN_TAGS,
    VALUE_ENTS,
)
from kg.extract.entities import EntityIndex
from kg.extract.lexicon import TITLE_MODIFIERS
from kg.extract.names import POST_NOMINALS
from kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_PRONOUNS = frozenset(
    """i me my mine myself you your yours yourself yourselves we us our ours ourselves he him
    his himself she her hers herself it its itself they them their theirs themselves who whom
    whose which that what this these those one ones there here""".split()
)
VALUE_TYPES = frozenset({"Quantity", "Time"})


@dataclass(frozen=True, slots=True)
class Node:
    """A triple's end: the entity it stands for, and the token range it was read from."""

    entity: Entity
    start: int
    end: int


def _entities_at(
    i: int, index: EntityIndex, corefs: dict[int, tuple[Entity, ...]]
) -> tuple[Entity, ...]:
    if i in corefs:
        return corefs[i]
    entity = index.entity_at(i)
    return (entity,) if entity is not None else ()


class NodeMaker:
    """Turns argument heads into nodes, creating concept entities on the way."""

    def __init__(self, doc: Doc, index: EntityIndex, corefs: dict[int, tuple[Entity, ...]]) -> None:
        self.doc = doc
        self.index = index
        self.corefs = corefs
        self.concepts: dict[str, Entity] = {}
        self.phrases: dict[int, tuple[str, int, int]] = {}  # head token → concept phrase

    def nodes(self, i: int) -> list[Node]:
        """The node(s) for the phrase headed by token ``i``; empty when it is no node."""
        if i < 0:
            return []
        tok = quantity_head(self.doc[i])  # "hundreds of songs": the songs
        if tok.lower_.rstrip(".") in POST_NOMINALS:
            # "Karl Tamm PhD joined ...": the parser made the letters the head of the name.
            named = [c for c in tok.lefts if c.dep_ == "compound" and c.i in self.index.by_token]
            tok = named[-1] if named else tok
        i = tok.i
        found = _entities_at(i, self.index, self.corefs)
        if not found and tok.dep_ == "appos":
            # "Veloria, a startup based in Lyon": the description stands for the name.
            found = _entities_at(tok.head.i, self.index, self.corefs)
        if not found:
            # "Obama's successor, President Donald Trump, ...": the named apposition is the node.
            for child in tok.children:
                if child.dep_ == "appos" and (
                    found := _entities_at(child.i, self.index, self.corefs)
                ):
                    break
        if found:
            start, end = self.index.span_at(i) if i not in self.corefs else (i, i + 1)
            return [Node(e, start, end) for e in found]
        if tok.lower_ in _PRONOUNS or tok.pos_ in NON_NODE_POS:
            return []  # an unresolved pronoun is no node
        if tok.ent_type_ in VALUE_ENTS or tok.like_num or tok.pos_ not in NOUN_OR_X_POS:
            return []  # a date, a number or an amount says when or how much, not what
        phrase = self.phrases.get(i)
        if phrase is None:
            phrase = self.phrases[i] = concept_phrase(tok)
        name, start, end = phrase
        if not worth_a_node(name):
            return []
        key = name.lower()
        entity = self.concepts.get(key)
        if entity is None:
            entity = self.concepts[key] = Entity(name=name, type="Concept")
        return [Node(entity, start, end)]


#: Nouns that count what follows them: "hundreds of songs" is about songs.
QUANTITY_NOUNS = frozenset(
    """hundreds thousands millions billions dozens tens scores number numbers lot lots couple
    handful variety range majority minority pair total amount plenty array host series
    percent""".split()
)


def quantity_head(tok: Token) -> Token:
    """The noun a quantity counts ("hundreds of songs" → "songs"), else ``tok`` itself.

    Example:
        >>> doc = kg.nlp.parse("She recorded hundreds of songs.")
        >>> quantity_head(doc[2]).text
        'songs'
    """
    seen = 0
    while (tok.lower_ in QUANTITY_NOUNS or tok.pos_ == "NUM") and seen < 4:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is None or pobj.pos_ not in APPOSITIVE_POS:
            break
        tok, seen = pobj, seen + 1
    return tok


def title_phrase(noun: Token) -> str:
    """The title a relational noun names: "chief executive", "foreign minister", "aide"."""
    mods = [
        c.lower_
        for c in noun.lefts
        if c.dep_ in COMPOUND_OR_AMOD_DEPS and c.lower_ in TITLE_MODIFIERS
    ]
    word = noun.lower_
    if noun.tag_ in PLURAL_NOUN_TAGS:
        word = noun.lemma_.lower()
        if word == noun.lower_ and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]  # spaCy keeps "Presidents" as its own lemma
    return " ".join([*mods, word])
