"""The sentences of a parsed Doc, looked up by token without walking them.

``Token.sent`` walks back and forth over its sentence on every read, so code
that asks it once per mention or extraction turns quadratic in the sentence
length; this finds them once per document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class Sentences:
    """Token index → its sentence (a ``Span``) and the sentence's number.

    Example:
        >>> doc = kg.nlp.parse("Ann left. Bo stayed here.")
        >>> s = Sentences(doc)
        >>> s.span(4).text, s.number(4), s.number(0)
        ('Bo stayed here.', 1, 0)
    """

    __slots__ = ("_doc", "_number", "_roots", "_text", "spans")

    #: The last Doc asked for with ``of``, its length and its sentences.
    _last: ClassVar[tuple[Doc, int, Sentences] | None] = None

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._text: str | None = None
        self.spans: list[Span] = list(doc.sents)
        self._roots: list[Token | None] = [None] * len(self.spans)
        self._number: list[int] = []
        for n, sent in enumerate(self.spans):
            self._number.extend([n] * (sent.end - sent.start))

    @classmethod
    def of(cls, doc: Doc) -> Sentences:
        """The sentences of ``doc``, shared by the extractor's passes over one Doc.

        The sentences of the last Doc asked for are kept (and so that Doc, until
        another is asked for), so the passes of one document find them once;
        another Doc, or this one with another length, finds them anew.

        Example:
            >>> doc = kg.nlp.parse("Ann left. Bo stayed.")
            >>> Sentences.of(doc) is Sentences.of(doc), len(Sentences.of(doc).spans)
            (True, 2)
        """
        last = cls._last
        if last is not None and last[0] is doc and last[1] == len(doc):
            return last[2]
        found = cls(doc)
        cls._last = (doc, len(doc), found)
        return found

    def number(self, i: int) -> int:
        """The number of the sentence of token ``i`` (0 for the first)."""
        return self._number[i]

    def span(self, i: int) -> Span:
        """The sentence of token ``i``."""
        return self.spans[self._number[i]]

    def root(self, i: int) -> Token:
        """The root of the sentence of token ``i`` (``Span.root``, which scans the sentence,
        found once per sentence).

        Example:
            >>> Sentences(kg.nlp.parse("Ann left. Bo stayed here.")).root(5).text
            'stayed'
        """
        n = self._number[i]
        root = self._roots[n]
        if root is None:
            root = self._roots[n] = self.spans[n].root
        return root

    @property
    def text(self) -> str:
        """``Doc.text``, joined once (spaCy joins every token's text on each read).

        A span's text is ``text[span.start_char : span.end_char]``, as ``Span.text`` is.

        Example:
            >>> s = Sentences(kg.nlp.parse("Ann left.  Bo stayed here."))
            >>> span = s.spans[1]
            >>> s.text[span.start_char : span.end_char] == span.text
            True
        """
        if self._text is None:
            self._text = self._doc.text
        return self._text

    @property
    def numbers(self) -> list[int]:
        """Token index → sentence number, for every token."""
        return self._number


def name_like_tokens(doc: Doc) -> list[int]:
    """The tokens that may be part of a name: capitalised words and proper nouns.

    Read from the Doc's arrays, so a pass over a long document does not build a
    ``Token`` for every word.

    Example:
        >>> name_like_tokens(kg.nlp.parse("In 1990 the firm Nordvik left Oslo."))
        [0, 4, 6]
    """
    import numpy as np
    from spacy.attrs import ORTH, POS
    from spacy.symbols import PROPN

    if not len(doc):
        return []
    arr = doc.to_array([ORTH, POS])
    strings = doc.vocab.strings
    orths = np.unique(arr[:, 0])
    capital = orths[[strings[int(o)][:1].isupper() for o in orths]]
    keep = (arr[:, 1] == PROPN) | np.isin(arr[:, 0], capital)
    return [int(i) for i in np.nonzero(keep)[0]]


def tokens_with(doc: Doc, attr: int, values: frozenset[str]) -> list[int]:
    """The tokens whose attribute ``attr`` (``spacy.attrs.LOWER``, ...) is one of ``values``.

    Example:
        >>> from spacy.attrs import LOWER
        >>> tokens_with(kg.nlp.parse("She said it."), LOWER, frozenset({"she", "it"}))
        [0, 2]
    """
    import numpy as np

    if not len(doc):
        return []
    ids = [doc.vocab.strings[v] for v in values if v in doc.vocab.strings]
    column = doc.to_array([attr])
    return [int(i) for i in np.nonzero(np.isin(column, ids))[0]]
