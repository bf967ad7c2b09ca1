"""kg.extract.confidence: the confidence of an extraction, from features of its parse."""

from __future__ import annotations


def test_hostile_confidence_of_an_absurdly_long_extraction_is_a_number():
    from kg.extract.confidence import Features, confidence

    huge = Features(kind="verb", arg2_role="object", longest_arg_tokens=10**6,
                    sentence_tokens=10**6, n_args=10**5)  # fmt: skip
    assert confidence(huge) == 0.0
