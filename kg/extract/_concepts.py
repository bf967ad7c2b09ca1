"""Concept phrases: the node a common noun stands for ("foreign policy aide"), and whether a
name is worth a node at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._deps import CONCEPT_MODIFIER_DEPS, INNER_MODIFIER_DEPS, PROPER_NOUN_TAGS
from kg.extract._name_shapes import normalise_name
from kg.extract.lexicon import DEMONYMS
from kg.extract.names import POST_NOMINALS

if TYPE_CHECKING:
    from spacy.tokens import Token


_MAX_NODE_CHARS = 120


def _keep_inner(tok: Token) -> bool:
    return tok.dep_ in INNER_MODIFIER_DEPS and (tok.dep_ != "punct" or tok.text in "-–/")


def _modifier_tokens(tok: Token) -> list[int]:
    out = [tok.i]
    for child in tok.children:
        if _keep_inner(child):
            out.extend(_modifier_tokens(child))
    return out


def worth_a_node(name: str) -> bool:
    """A concept name says something: three letters at least, or an acronym ("UN"), and it
    is not a person's letters after their name ("CIH", "PhD").

    Example:
        >>> worth_a_node("ferry"), worth_a_node("UN"), worth_a_node("no"), worth_a_node("PhD")
        (True, True, False, False)
    """
    if name.lower().rstrip(".") in POST_NOMINALS:
        return False
    letters = sum(ch.isalpha() for ch in name)
    return letters >= 3 or (letters >= 2 and name.isupper())


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
        if child.dep_ in CONCEPT_MODIFIER_DEPS or (child.dep_ == "punct" and child.text in "-–"):
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
            tok.is_sent_start
            and tok.tag_ not in PROPER_NOUN_TAGS
            and not tok.ent_type_
            and not text.isupper()
            and tok.lower_ not in DEMONYMS
        ):
            text = text.lower()  # "The Russian demand" at a sentence start is not a name
        words.append(text + tok.whitespace_)
    return normalise_name("".join(words))[:_MAX_NODE_CHARS], start, end
