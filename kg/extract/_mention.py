"""A name mention (tokens of a Doc that name something), and the marks that quote one."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import Entity

#: Entity types that are names of things (merged by name); dates and amounts are not.
NAMED_TYPES = frozenset(
    {"Person", "Organization", "Place", "Group", "Event", "CreativeWork", "Product", "Law",
     "Language", "Award"}
)  # fmt: skip
#: Quotation marks of every kind, single and double, curly and straight.
QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})
#: Double quotation marks that open and close a quoted name or title.
OPEN_QUOTES = frozenset({'"', "“"})
CLOSE_QUOTES = frozenset({'"', "”"})


@dataclass(slots=True)
class Mention:
    """A name in the text: tokens ``[start, end)`` of the Doc.

    Attributes:
        start: first token.
        end: token after the last.
        text: the name as written, normalised (``normalise_name``).
        type: the class the mention's own form and NER label suggest.
        entity: the entity it was resolved to (set by ``resolve_entities``).
        via: how it joined its entity: ``"name"`` (it is the entity's name), ``"variant"``,
            ``"surname"``, ``"nickname"``, ``"given-name"``, ``"acronym"``, ``"native-name"``,
            ``"other-name"``, ``"short-name"``, ``"place-alias"``, ``"demonym"``,
            ``"metonym"`` (a place's name standing for a body named after it).
        ner: the NER label it came from, "" when the NER missed it.
        link: index (in the mention list) of the name it stands beside in parentheses, or -1.
        link_rule: why it is linked to that name (``"acronym"``, ``"native-name"``, ...).
    """

    start: int
    end: int
    text: str
    type: str
    entity: Entity | None = None
    via: str = "name"
    ner: str = ""
    link: int = -1
    link_rule: str = ""
