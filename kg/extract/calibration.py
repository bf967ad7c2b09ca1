"""Calibrated confidence of a KG statement: among statements scored p, about p are right.

The Open IE layer's score (``kg.extract.confidence``) ranks extractions; it
was fitted on CaRB for that and says little about how often a KG statement,
with its nodes resolved, is right. This module maps cheap facts the extractor
already knows about a statement (``StatementFeatures``) to a probability,
with a small logistic model fitted on the dev half of
``tests/data/kg_judged.jsonl`` (hand-judged statements from real Wikipedia
articles) by ``benchmarks/calibration.py``; the check half is held back and
``tests/extract/test_calibration.py`` keeps its expected calibration error
at most 0.05.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Span

    from kg.extract._triple_nodes import Node
    from kg.model import Entity, Extraction

#: Log-odds weights, fitted by ``python benchmarks/calibration.py --write`` on the
#: dev split of ``tests/data/kg_judged.jsonl``; ``kind:*`` is one-hot, the rest
#: scale a number (see ``feature_values``).
WEIGHTS: dict[str, float] = {
    "bias": 1.57,
    "logit_openie": 0.26,
    "hedged": -1.05,
    "kind:apposition": -0.83,
    "long_sentence": -0.86,
    "no_object": 1.04,
}
#: The inputs the model uses, chosen by leave-one-article-out cross-validation on
#: the dev split (``benchmarks/calibration.py --select``, lowest Brier score).
MODEL_INPUTS = ("logit_openie", "hedged", "kind:apposition", "long_sentence", "no_object")


@dataclass(frozen=True, slots=True)
class StatementFeatures:
    """What the extractor knows about one statement when it makes it.

    Attributes:
        openie: the Open IE extraction's confidence (``Extraction.confidence``).
        kind: the construction (``Extraction.kind``).
        subject_coref: the subject was read through a pronoun or role noun.
        object_coref: the object was read through a pronoun or role noun.
        subject_entity: the subject is a named entity, not a concept phrase.
        object_entity: the object is a named entity (False without an object).
        has_object: the statement has an object (not only a time).
        sentence_tokens: the sentence's length in tokens.
        hedged: negated, hedged or attributed (not plainly asserted).
    """

    openie: float
    kind: str
    subject_coref: bool
    object_coref: bool
    subject_entity: bool
    object_entity: bool
    has_object: bool
    sentence_tokens: int
    hedged: bool

    def as_dict(self) -> dict[str, Any]:
        """The features as a JSON-ready dict (stored in ``kg_judged.jsonl``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatementFeatures:
        """The features stored by ``as_dict``."""
        return cls(**data)


def _is_entity(entity: Entity | None) -> bool:
    return entity is not None and entity.type != "Concept"


def statement_features(
    ext: Extraction,
    sentence: Span,
    subject: Node,
    obj: Node | None,
    coref_heads: Mapping[int, object],
    *,
    hedged: bool,
) -> StatementFeatures:
    """The features of the statement made from ``ext`` with these nodes."""
    return StatementFeatures(
        openie=round(ext.confidence, 4),
        kind=ext.kind,
        subject_coref=any(i in coref_heads for i in range(subject.start, subject.end)),
        object_coref=obj is not None and any(i in coref_heads for i in range(obj.start, obj.end)),
        subject_entity=_is_entity(subject.entity),
        object_entity=_is_entity(obj.entity if obj is not None else None),
        has_object=obj is not None,
        sentence_tokens=len(sentence),
        hedged=hedged,
    )


def feature_values(f: StatementFeatures) -> dict[str, float]:
    """Candidate model inputs for ``f``: one-hot kind, flags as 0/1, scaled numbers.

    ``WEIGHTS`` uses a few of them (``MODEL_INPUTS``); the others are there for
    ``benchmarks/calibration.py --select`` to try.
    """
    openie = min(max(f.openie, 1e-4), 1 - 1e-4)
    return {
        "bias": 1.0,
        "logit_openie": math.log(openie / (1 - openie)),
        f"kind:{f.kind}": 1.0,
        "subject_coref": float(f.subject_coref),
        "object_coref": float(f.object_coref),
        "subject_entity": float(f.subject_entity),
        "object_entity": float(f.object_entity),
        "no_object": float(not f.has_object),
        "long_sentence": min(f.sentence_tokens, 80) / 40.0,
        "hedged": float(f.hedged),
    }


def calibrated(features: StatementFeatures, weights: Mapping[str, float] = WEIGHTS) -> float:
    """The probability that the statement is right, from its features.

    Example:
        >>> f = StatementFeatures(0.7, "verb", False, False, True, True, True, 20, False)
        >>> 0.0 < calibrated(f) < 1.0
        True
    """
    z = sum(weights.get(name, 0.0) * value for name, value in feature_values(features).items())
    return 1.0 / (1.0 + math.exp(-z))


def expected_calibration_error(
    scores: Sequence[float], right: Sequence[bool], *, bins: int = 10
) -> float:
    """Expected calibration error: how far, on average, a score is from its hit rate.

    The scores are put in ``bins`` equal-width bins over [0, 1]; the error is
    the mean over bins of |mean score - share right|, weighted by the bin's size.

    Example:
        >>> expected_calibration_error([0.9, 0.9, 0.2, 0.2], [True, False, False, False])
        0.3
    """
    if len(scores) != len(right):
        raise ValueError("scores and labels differ in length")
    if not scores:
        return 0.0
    totals: dict[int, list[float]] = {}
    for score, ok in zip(scores, right, strict=True):
        cell = totals.setdefault(min(int(score * bins), bins - 1), [0.0, 0.0, 0.0])
        cell[0] += 1
        cell[1] += score
        cell[2] += float(ok)
    gap = sum(abs(total - hits) for _, total, hits in totals.values())
    return round(gap / len(scores), 6)


def check_min_confidence(value: float) -> float:
    """``value`` as a ``min_confidence``: a number from 0 to 1.

    Raises:
        KGError: anything else (a negative number, more than 1, NaN).

    Example:
        >>> check_min_confidence(0.5)
        0.5
    """
    from kg.errors import KGError, value_invalid_msg

    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        expected = "; expected a number from 0 to 1"
        raise KGError(value_invalid_msg("min_confidence", value) + expected)
    return float(value)


def statement_confidence(
    ext: Extraction,
    sentence: Span,
    subject: Node,
    obj: Node | None,
    coref_heads: Mapping[int, object],
    polarity: str,
    modality: str | None,
    attribution: str | None,
) -> float:
    """The KG-layer confidence of a statement (``Triple.confidence``)."""
    hedged = polarity != "positive" or modality is not None or attribution is not None
    return calibrated(statement_features(ext, sentence, subject, obj, coref_heads, hedged=hedged))
