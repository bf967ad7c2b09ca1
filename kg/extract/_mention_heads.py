"""Names that run on past the NER's span over the head word that makes them a thing of
their own class: over a possessive ("Murray's Bay"), over a lower-case head word ("the
Merseyside derby"), from a people's adjective tagged alone ("the French East India Company").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._name_shapes import capitalised, common_words, normalise_name
from kg.extract.gazetteer import is_known_place, is_place_name
from kg.extract.lexicon import DEMONYMS, NAME_HEAD_CLASSES
from kg.extract.names import name_head_class

if TYPE_CHECKING:
    from spacy.tokens import Doc

_MAX_NAME_WORDS = 12
#: The possessive endings ("'s") a name may run on over.
POSSESSIVE_MARKS = frozenset({"'s", "’s"})


def extend_over_possessive_head(doc: Doc, start: int, end: int) -> int:
    """``end`` moved over a possessive and the common words and head word of a name it
    begins: "Sportsman" + "'s Park", "Nick Bollettieri" + "'s Tennis Academy" (but not
    "Liverpool's Anfield Stadium", a name of its own, nor "Hungary's" anything: a place's
    possessive says whose the thing is)."""
    if end + 2 > len(doc) or doc[end].text not in POSSESSIVE_MARKS:
        return end
    owner = normalise_name(doc[start:end].text)
    if is_place_name(owner) or is_known_place(owner):
        return end
    words = common_words()
    last = end + 1
    while last < len(doc) and last - start < _MAX_NAME_WORDS and capitalised(doc[last]):
        if doc[last].lower_ not in words:
            return end  # "Anfield": a proper name after the possessive
        last += 1
    if last == end + 1 or last - end > 4:
        return end
    if doc[end - 1].dep_ != "poss" or not end < doc[end - 1].head.i < last:
        return end
    if head_word_class(doc[last - 1].text) is None:
        return end
    return last


#: Lower-case head words that after a name are the name's own part or kind ("the Wimbledon
#: final", "the VOC empire"), not a thing named after it.
_GENERIC_LOWER_HEADS = frozenset("final finals series tour open classic masters empire".split())


def extend_over_lower_head(doc: Doc, start: int, end: int, ner_type: str) -> int:
    """``end`` moved over a lower-case head word the name modifies that makes it a thing of
    its own class: "the Merseyside" + "derby", "Roosevelt's Good Neighbor" + "policy",
    "along Archer" + "street"; not "a Berlin street" (any street of the city) nor "the
    Berlin street" (the city's): a place's name before a place's head word is the place."""
    if end >= len(doc) or start == 0 or doc[start - 1].lower_ in ("a", "an"):
        return end
    head = doc[end]
    cls = NAME_HEAD_CLASSES.get(head.text)  # singular: not "the Grand Slam championships"
    if cls in (None, "CreativeWork", "Product") or head.lower_ in _GENERIC_LOWER_HEADS:
        return end  # "an EMI album", "the REO model", "the French Open final"
    if head.tag_ != "NN" or name_head_class(doc[start:end].text) is not None:
        return end  # "the American League MVP award": the name is a thing of its own
    if doc[end - 1].dep_ != "compound" or doc[end - 1].head.i != end:
        return end
    if end + 1 < len(doc) and doc[end + 1].pos_ in ("NOUN", "PROPN"):
        return end  # "the Hillsborough disaster victims": the head is further on
    name = normalise_name(doc[start:end].text)
    if cls in ("Place", "Organization") and (
        ner_type == "Place" or is_place_name(name) or is_known_place(name)
    ):
        return end  # "the Anfield stadium", "the Gulf of Mexico coast"
    return end + 1


def extend_demonym_over_name(doc: Doc, start: int, end: int) -> int:
    """``end`` moved over the capitalised words and head word of a name a people's
    adjective begins, when the NER tagged only the adjective: "the French" + "East India
    Company" is no mention of France."""
    if end - start != 1 or doc[start].lower_ not in DEMONYMS:
        return end
    last = end
    while last < len(doc) and last - end < 4 and capitalised(doc[last]):
        if doc[last].ent_iob_ != "O" or doc[last].pos_ != "PROPN":
            return end
        last += 1
    head = last - 1
    if head < end or head_word_class(doc[head].text) is None:
        return end
    if not all(t.head.i == head or end <= t.head.i <= head for t in doc[start:head]):
        return end
    return last


def head_word_class(word: str) -> str | None:
    """The class a head word gives the name it ends ("Park", "Institutes"), or None."""
    low = word.lower()
    return NAME_HEAD_CLASSES.get(low) or NAME_HEAD_CLASSES.get(low[:-1])
