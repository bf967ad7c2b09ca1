"""When a statement holds: the time argument of an extraction, its words and its head."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._clause_phrase import adjunct_role, pobj_of
from kg.extract._deps import NOT_TIME_DEPS, PREP_OBJ_DEPS
from kg.extract.times import normalize_time
from kg.model import Argument

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Roles of arguments that may be a time although the Open IE layer did not say so
#: ("opened in 1932": the only preposition joins the relation there).
_MAYBE_TIME_ROLES = frozenset({"prep", "other", "place"})


def is_time(doc: Doc, arg: Argument) -> bool:
    """True when an argument says when ("in 1932", "last year", "during the war")."""
    if arg.role == "time":
        return arg.head >= 0
    if arg.role not in _MAYBE_TIME_ROLES or arg.head < 0:
        return False
    tok = doc[arg.head]
    prep = tok.head if tok.dep_ in PREP_OBJ_DEPS and tok.head.pos_ == "ADP" else None
    return adjunct_role(prep, tok) == "time"


def time_head(doc: Doc, times: list[int]) -> int:
    """The head of the statement's time: the first time argument that names a date, or -1."""
    if len(times) > 1:
        dated = [i for i in times if normalize_time(time_words(doc, i)[0]) is not None]
        return (dated or times)[0]
    return times[0] if times else -1


def _time_tokens(doc: Doc, head: int) -> list[Token]:
    """The words of the time phrase headed by ``head``, with the preposition before it."""
    tok = doc[head]
    skip = {t.i for c in tok.children if c.dep_ in NOT_TIME_DEPS and c.lower_ != "of"
            for t in c.subtree}  # fmt: skip
    words = [t for t in tok.subtree if t.i not in skip]
    if tok.dep_ in PREP_OBJ_DEPS and tok.head.pos_ == "ADP":
        words.insert(0, tok.head)
    return words


def time_words(doc: Doc, head: int) -> tuple[str, int, int]:
    """The time phrase as written ("in March 1967"), and its first and last token."""
    words = _time_tokens(doc, head)
    text = "".join(t.text_with_ws for t in words[:-1]) + words[-1].text
    return text, words[0].i, words[-1].i


def place_in_time(doc: Doc, head: int) -> Token | None:
    """The preposition of a place the parser hung on a date ("on 7 May 1878 in Warsaw")."""
    for child in doc[head].children:
        obj = pobj_of(child) if child.dep_ == "prep" else None
        if obj is not None and adjunct_role(child, obj) == "place":
            return child
    return None
