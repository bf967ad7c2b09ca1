"""Text for the web pages of ``kg serve``: a document rebuilt from its sentences, and
the pieces of a text that highlights cover.

Pure functions on strings and offsets, so the pages' templates only loop over
pieces (and Jinja escapes every one of them).

Example:
    >>> text, stored = rebuild_text([(0, 8, "Ann met."), (12, 20, "Bob left")])
    >>> text, stored
    ('Ann met.    Bob left', 16)
    >>> [(p.start, p.end, p.ids) for p in pieces(text, [(0, 3, 0), (4, 7, 1), (0, 7, 2)])][:3]
    [(0, 3, (0, 2)), (3, 4, (2,)), (4, 7, (1, 2))]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text between two highlight boundaries.

    Attributes:
        start: its first character's offset.
        end: the offset after its last.
        ids: the highlights that cover it, sorted (empty: plain text).
    """

    start: int
    end: int
    ids: tuple[int, ...]


def rebuild_text(sentences: Iterable[tuple[int, int, str]]) -> tuple[str, int]:
    """A document's text rebuilt from sentences at their offsets, gaps as spaces.

    ``sentences`` are ``(begin, end, text)``; a sentence that overlaps one placed
    before it gives only its part beyond it. A sentence whose text is not as long as
    its span (a store that cleaned a character) is cut or padded to its span, so that
    every offset stays where the store says.

    Returns:
        The text, as long as the last sentence's end, and how many of its characters
        come from sentences (the others are the unknown gaps).

    Example:
        >>> rebuild_text([(4, 7, "Bob"), (0, 3, "Ann"), (2, 6, "n Bo")])
        ('Ann Bob', 7)
    """
    chars: list[str] = []
    stored = 0
    for begin, end, text in sorted(sentences):
        if begin < 0 or end <= begin:
            continue
        span = (text + " " * (end - begin))[: end - begin]
        if begin > len(chars):
            chars.extend(" " * (begin - len(chars)))
        skip = len(chars) - begin
        if skip < len(span):
            part = span[skip:]
            chars.extend(part)
            stored += len(part)
    return "".join(chars), stored


def gaps(text: str, sentences: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The spans of ``text`` that no sentence covers (what the store does not keep).

    Example:
        >>> gaps("Ann.   Bob.", [(0, 4, "Ann."), (7, 11, "Bob.")])
        [(4, 7)]
    """
    covered = [False] * len(text)
    for begin, end, _ in sentences:
        for i in range(max(begin, 0), min(end, len(text))):
            covered[i] = True
    out: list[tuple[int, int]] = []
    start = None
    for i, inside in enumerate([*covered, True]):
        if not inside and start is None:
            start = i
        elif inside and start is not None:
            out.append((start, i))
            start = None
    return out


def pieces(text: str, spans: Iterable[tuple[int, int, int]]) -> list[Piece]:
    """``text`` cut at every boundary of ``spans`` (``(start, end, id)``), in order.

    Spans may overlap or nest; each piece lists the ids of those that cover it.
    Spans are clipped to the text; empty ones are dropped.

    Example:
        >>> [(text[p.start:p.end], p.ids) for text in ["Ann met Bob"]
        ...  for p in pieces(text, [(4, 11, 7), (8, 99, 8)])]
        [('Ann ', ()), ('met ', (7,)), ('Bob', (7, 8))]
    """
    clipped = [
        (max(s, 0), min(e, len(text)), i) for s, e, i in spans if min(e, len(text)) > max(s, 0)
    ]
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for s, e, i in clipped:
        starts.setdefault(s, []).append(i)
        ends.setdefault(e, []).append(i)
    cuts = sorted({0, len(text)} | starts.keys() | ends.keys())
    active: dict[int, int] = {}  # id -> how many of its spans are open here
    out = []
    for start, end in itertools.pairwise(cuts):
        for i in ends.get(start, ()):
            active[i] -= 1
            if not active[i]:
                del active[i]
        for i in starts.get(start, ()):
            active[i] = active.get(i, 0) + 1
        out.append(Piece(start, end, tuple(sorted(active))))
    return out


def find_names(sentence: str, names: Iterable[tuple[str, int]]) -> list[tuple[int, int, int]]:
    """Where names occur in a sentence, as whole words, ignoring case: ``(start, end, id)``.

    ``names`` are ``(name, id)``; a longer name wins over a shorter one it
    overlaps ("Anna Berg" over "Berg").

    Example:
        >>> find_names("Berg met Karl. Anna Berg left.", [("Anna Berg", 1), ("Berg", 1),
        ...                                                 ("Karl", 2)])
        [(0, 4, 1), (9, 13, 2), (15, 24, 1)]
    """
    found: list[tuple[int, int, int]] = []
    taken = [False] * len(sentence)
    for name, ident in sorted({(n, i) for n, i in names if n.strip()}, key=lambda x: -len(x[0])):
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if not any(taken[start:end]):
                found.append((start, end, ident))
                for i in range(start, end):
                    taken[i] = True
    return sorted(found)
