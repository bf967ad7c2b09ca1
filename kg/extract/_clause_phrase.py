"""Argument phrases for the Open IE layer: token sets, their text and their role.

These helpers turn a head token into the phrase it stands for (its subtree,
less the parts that become extractions of their own) and into an
:class:`kg.model.Argument` with document offsets.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from kg.extract._deps import (
    COORD_DEPS,
    COORD_MARK_DEPS,
    DEEP_DROPPED_DEPS,
    DROPPED_DEPS,
    NAMED_ENTS,
    PLACE_ENTS,
    PREP_OBJ_DEPS,
    TIME_ENTS,
)
from kg.model import Argument

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Opening and closing quotes/brackets that may stay at a phrase's edge when paired.
_OPENERS = {"``": "''", "`": "'", '"': '"', "(": ")", "[": "]", "-LRB-": "-RRB-", "'": "'"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_PAIRS = (("``", "''"), ("(", ")"), ("[", "]"), ("-LRB-", "-RRB-"), ("{", "}"))

#: Prepositions that introduce a time adjunct.
TIME_PREPS = frozenset({"during", "since", "until", "till", "before", "after", "throughout"})

#: Nouns that name a span of time ("in the following year").
TIME_NOUNS = frozenset(
    {
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "century",
        "centuries",
        "decade",
        "decades",
        "season",
        "morning",
        "evening",
        "night",
        "summer",
        "winter",
        "spring",
        "autumn",
        "time",
        "era",
        "period",
        "age",
    }
)

_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})


def phrase_tokens(
    head: Token,
    *,
    skip: Collection[int] = (),
    split_coord: bool = False,
    drop_deps: Collection[str] = DROPPED_DEPS,
) -> list[Token]:
    """The tokens of ``head``'s phrase, in order, trimmed of edge punctuation.

    Args:
        head: the phrase's head token.
        skip: indices of tokens whose subtrees are left out.
        split_coord: leave out ``head``'s own conjuncts (``cc``/``conj``/``preconj``).
        drop_deps: dependency labels of ``head``'s children left out with their subtree.

    Returns:
        The phrase tokens sorted by position (never empty: ``head`` stays).
    """
    out: list[Token] = [head]
    stack = [c for c in head.children if _keep_child(c, skip, drop_deps, split_coord)]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.i not in skip and c.dep_ not in DEEP_DROPPED_DEPS)
    out.sort(key=_index)
    texts = [t.text for t in out]
    lo, hi = _trimmed(out, texts, keep=head.i)
    return balance(out[lo:hi], texts[lo:hi])


_index = attrgetter("i")
#: The texts ``balance`` looks for: a run without any of them is left as it is.
_PAIR_TEXTS = frozenset(text for pair in _PAIRS for text in pair)


def balance(tokens: list[Token], texts: list[str] | None = None) -> list[Token]:
    """Take in the quote or bracket just outside a run that closes one opened inside it.

    ``texts``: the tokens' texts, when the caller has them already.
    """
    if not tokens:
        return tokens
    if texts is None:
        texts = [t.text for t in tokens]
    if _PAIR_TEXTS.isdisjoint(texts):
        return tokens
    doc = tokens[0].doc
    first, last = tokens[0].i, tokens[-1].i
    for opener, closer in _PAIRS:
        if opener == closer:
            continue
        surplus = texts.count(opener) - texts.count(closer)
        if surplus > 0 and last + 1 < len(doc) and doc[last + 1].text == closer:
            tokens = [*tokens, doc[last + 1]]
        elif surplus < 0 and first > 0 and doc[first - 1].text == opener:
            tokens = [doc[first - 1], *tokens]
    return tokens


def _keep_child(
    child: Token, skip: Collection[int], drop_deps: Collection[str], split_coord: bool
) -> bool:
    if child.i in skip or child.dep_ in drop_deps:
        return False
    return not (split_coord and child.dep_ in COORD_DEPS)


def trim(tokens: list[Token], *, keep: Token | None = None) -> list[Token]:
    """Strip punctuation, conjunctions and commas from both ends of a token run.

    Paired quotes and brackets stay when their partner is inside the run.
    """
    lo, hi = _trimmed(tokens, [t.text for t in tokens], keep=-1 if keep is None else keep.i)
    return tokens[lo:hi]


def _trimmed(tokens: list[Token], texts: list[str], *, keep: int) -> tuple[int, int]:
    """The bounds ``trim`` cuts a run at (``texts``: the tokens' texts; ``keep``: the index
    of a token that stays, or -1)."""
    present = set(texts)
    lo, hi = 0, len(tokens)
    while (
        lo < hi - 1
        and tokens[lo].i != keep
        and _strippable(tokens[lo], texts[lo], present, opening=True)
    ):
        lo += 1
    while (
        hi - 1 > lo
        and tokens[hi - 1].i != keep
        and _strippable(tokens[hi - 1], texts[hi - 1], present, opening=False)
    ):
        hi -= 1
    return lo, hi


def _strippable(tok: Token, text: str, texts: Collection[str], *, opening: bool) -> bool:
    if tok.dep_ in COORD_MARK_DEPS or tok.pos_ == "CCONJ":
        return True
    if not tok.is_punct:
        return False
    if opening and text in _OPENERS and _OPENERS[text] in texts:
        return False
    return opening or text not in _CLOSERS or _CLOSERS[text] not in texts


def join(tokens: Sequence[Token]) -> str:
    """The text of a token run as written, a single space across any gap."""
    parts: list[str] = []
    last = len(tokens) - 1
    for k, tok in enumerate(tokens):
        parts.append(tok.text)
        if k < last:
            nxt = tokens[k + 1]
            parts.append(tok.whitespace_ if nxt.i == tok.i + 1 else " ")
    return " ".join("".join(parts).split())


def argument(tokens: Sequence[Token], head: Token, role: str) -> Argument:
    """An :class:`Argument` for a run of tokens with the given head and role."""
    first, last = tokens[0], tokens[-1]
    return Argument(
        text=join(tokens),
        start=first.idx,
        end=last.idx + len(last.text),
        head=head.i,
        role=role,
    )


def conjuncts(head: Token) -> list[Token]:
    """``head`` and the tokens coordinated with it (``X, Y and Z``), in order."""
    out = [head]
    stack = [c for c in head.children if c.dep_ == "conj"]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ == "conj")
    out.sort(key=lambda t: t.i)
    return out


def adjunct_role(prep: Token | None, obj: Token) -> str:
    """Classify an adjunct as ``"time"``, ``"place"`` or ``"other"``.

    Args:
        prep: the preposition introducing it, or None for a bare noun phrase.
        obj: the head of the noun phrase.
    """
    if obj.ent_type_ in TIME_ENTS or obj.lower_ in TIME_NOUNS:
        return "time"
    if prep is not None and prep.lower_ in TIME_PREPS and obj.ent_type_ not in NAMED_ENTS:
        return "time"  # "after the war", but not "named after Anna Berg"
    if obj.ent_type_ in PLACE_ENTS and (prep is None or prep.lower_ in _PLACE_PREPS):
        return "place"
    return "other"


def pobj_of(prep: Token) -> Token | None:
    """The object of a preposition (``pobj``, or a clause ``pcomp``), or None."""
    for child in prep.children:
        if child.dep_ in PREP_OBJ_DEPS:
            return child
    return None


def is_pronoun(tokens: Iterable[Token]) -> bool:
    """True when the phrase is a lone personal or demonstrative pronoun."""
    toks = list(tokens)
    return len(toks) == 1 and toks[0].pos_ == "PRON"
