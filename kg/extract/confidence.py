"""Confidence of an Open IE extraction, from features of its parse.

The score is a logistic function of a handful of features that tell how
far the parse and the construction can be trusted: the kind of
construction (a plain verb clause is safer than an implied possession), the
role of the second argument, how many arguments were found and how long
they are, whether the subject is a bare pronoun or a named entity, how deep
in the dependency tree the predicate sits, how long the sentence is, and
whether conjuncts had to be split or a subject carried over from another
clause. The weights were fitted on the CaRB development split (a logistic
regression of each extraction's best match precision; never on test data),
so that ranking extractions by this score gives a real precision–recall
curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Log-odds weights; ``kind:*`` and ``role:*`` are one-hot, the rest scale a number.
WEIGHTS: dict[str, float] = {
    "bias": 0.67,
    "kind:verb": 0.46,
    "kind:passive": 0.49,
    "kind:copula": -0.1,
    "kind:relative": 0.39,
    "kind:participle": 0.22,
    "kind:apposition": -0.04,
    "kind:possessive": 0.54,
    "kind:title": 0.59,
    "kind:locative": -0.68,
    "kind:possession": -1.3,
    "role:none": -2.0,
    "role:object": -0.21,
    "role:prep": -0.21,
    "role:agent": -0.21,
    "role:complement": -0.09,
    "role:time": 0.6,
    "role:place": 0.39,
    "role:other": 0.3,
    "extra_args": -0.15,
    "rel_words": 0.21,
    "long_args": -0.03,
    "subject_pronoun": -0.15,
    "subject_entity": 0.27,
    "depth": -0.15,
    "long_sentence": -0.01,
    "split": 0.08,
    "inherited_subject": -0.21,
    "negated": -0.39,
    "hedged": -0.39,
}


@dataclass(frozen=True, slots=True)
class Features:
    """What :func:`confidence` looks at.

    Attributes:
        kind: the construction (``Extraction.kind``).
        arg2_role: the role of the first argument after the relation, None without one.
        n_args: number of arguments after the relation.
        rel_words: number of words in the relation.
        longest_arg_tokens: length in tokens of the longest argument.
        subject_pronoun: the subject is a bare pronoun.
        subject_entity: the subject's head is inside a named entity.
        depth: number of ancestors of the predicate in the dependency tree.
        sentence_tokens: length of the sentence in tokens.
        split: a coordinated subject or object was split into conjuncts.
        inherited_subject: the subject was carried over from another clause.
        negated: the predicate is negated.
        hedged: the statement has a modality or an attribution.
    """

    kind: str
    arg2_role: str | None
    n_args: int = 1
    rel_words: int = 1
    longest_arg_tokens: int = 1
    subject_pronoun: bool = False
    subject_entity: bool = False
    depth: int = 0
    sentence_tokens: int = 10
    split: bool = False
    inherited_subject: bool = False
    negated: bool = False
    hedged: bool = False


def feature_values(f: Features) -> dict[str, float]:
    """The named feature values :data:`WEIGHTS` applies to."""
    return {
        "bias": 1.0,
        f"kind:{f.kind}": 1.0,
        f"role:{f.arg2_role or 'none'}": 1.0,
        "extra_args": float(max(f.n_args - 1, 0)),
        "rel_words": float(f.rel_words),
        "long_args": float(max(f.longest_arg_tokens - 8, 0)),
        "subject_pronoun": float(f.subject_pronoun),
        "subject_entity": float(f.subject_entity),
        "depth": float(min(f.depth, 6)),
        "long_sentence": float(max(f.sentence_tokens - 20, 0)),
        "split": float(f.split),
        "inherited_subject": float(f.inherited_subject),
        "negated": float(f.negated),
        "hedged": float(f.hedged),
    }


def confidence(features: Features) -> float:
    """Score an extraction in [0, 1] from its parse features.

    Example:
        >>> plain = confidence(Features(kind="verb", arg2_role="object", subject_entity=True))
        >>> weak = confidence(Features(kind="apposition", arg2_role=None, depth=4))
        >>> 0.0 <= weak < plain <= 1.0
        True
    """
    z = sum(WEIGHTS.get(name, 0.0) * value for name, value in feature_values(features).items())
    z = min(max(z, -_Z_BOUND), _Z_BOUND)  # a 70,000-token sentence overflowed math.exp
    return round(1.0 / (1.0 + math.exp(-z)), 4)


#: Scores beyond this round to 0 or 1 anyway.
_Z_BOUND = 50.0
