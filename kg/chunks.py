"""Cutting long text into pieces spaCy can parse: at paragraph and sentence ends,
below the pipeline's ``max_length``, with every piece's offset kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.errors import value_invalid_msg

#: Largest chunk handed to spaCy in one piece (characters).
MAX_CHUNK_CHARS = 100_000
#: Longest stretch without a sentence end parsed as one piece (characters). The
#: extractor's work grows faster than linearly with a sentence's length (a list of
#: 2,000 names took 40 s, and a 5 MB line never ended): a longer run-on is cut at a
#: line break, comma or space, and its parts are parsed one by one.
MAX_SENTENCE_CHARS = 2_000

_SPACE_RE = re.compile(r"\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


def chunks(
    text: str, *, max_chars: int = MAX_CHUNK_CHARS, max_sentence_chars: int | None = None
) -> Iterator[tuple[int, str]]:
    """Cut a long text into pieces below ``max_chars``, at paragraph or sentence ends.

    Yields ``(offset, piece)`` with ``text[offset:offset + len(piece)] == piece``.
    A piece with no sentence end in reach is cut at whitespace, or hard as a last resort.
    With ``max_sentence_chars``, a run of text longer than that without a sentence end
    is cut too, into parts of at most that length (see ``MAX_SENTENCE_CHARS``).

    Raises:
        ValueError: when ``max_chars`` is below 1.

    Example:
        >>> [(o, p) for o, p in chunks("One. Two. Three.", max_chars=10)]
        [(0, 'One. '), (5, 'Two. '), (10, 'Three.')]
        >>> [p for _, p in chunks("One. " + "X, " * 6 + "Y. Two.", max_sentence_chars=10)]
        ['One. ', 'X, X, X, ', 'X, X, X, ', 'Y. Two.']
    """
    if max_sentence_chars is None:
        yield from _chunks(text, max_chars)
        return
    if max_sentence_chars < 1:
        raise ValueError(value_invalid_msg("max_sentence_chars", max_sentence_chars))
    for offset, piece in _chunks(text, max_chars):
        for start, end in _run_on_cuts(piece, max_sentence_chars):
            yield offset + start, piece[start:end]


def _run_on_cuts(piece: str, limit: int) -> Iterator[tuple[int, int]]:
    """Spans covering ``piece``: its sentences, with each run-on longer than ``limit`` cut."""
    start = previous = 0
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(piece)]
    for end in [*ends, len(piece)]:
        if end - previous > limit:  # a run-on from previous to end
            if previous > start:
                yield start, previous
            position = previous
            while end - position > limit:
                cut = min(_soft_cut(piece, position, limit), end - position)
                yield position, position + cut
                position += cut
            start = position  # its tail goes with the text after it
        previous = end
    if start < len(piece) or not piece:
        yield start, len(piece)


def _soft_cut(text: str, start: int, limit: int) -> int:
    """Where to cut ``text[start:start + limit]``: after a line break, comma or space.

    Text without a space in reach is one long token, cheap to parse: it is cut at the
    next space after the limit (or at the end of the run).
    """
    window = text[start : start + limit]
    for mark in ("\n", ", ", "; ", " "):
        at = window.rfind(mark)
        if at > limit // 4:
            return at + len(mark)
    space = _SPACE_RE.search(text, start + limit)
    return (space.end() if space else len(text)) - start


def _chunks(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    if max_chars < 1:
        raise ValueError(value_invalid_msg("max_chars", max_chars) + "; expected at least 1")
    start, n = 0, len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for m in _SENTENCE_END_RE.finditer(window):
            cut = m.end()
        if cut <= max_chars // 4:  # (never 0: every piece moves on)
            ws = max(window.rfind(" "), window.rfind("\n"))
            cut = ws + 1 if ws > max_chars // 4 else max_chars
        yield start, text[start : start + cut]
        start += cut
    if start < n:
        yield start, text[start:]
