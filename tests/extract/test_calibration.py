"""Calibrated confidence (kg.extract.calibration) against the judged real statements.

The ratchet reads the features stored in tests/data/kg_judged.jsonl (no
re-extraction); the ``model`` test re-extracts two of its articles and checks
the stored features still match what the extractor computes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.entities import corpus_path
from kg.extract.calibration import (
    MODEL_INPUTS,
    WEIGHTS,
    StatementFeatures,
    calibrated,
    expected_calibration_error,
)

JUDGED = Path(__file__).resolve().parents[1] / "data" / "kg_judged.jsonl"
KEYS = {
    "id", "article", "sha256", "chars", "split", "sentence_start", "sentence_end", "start",
    "end", "subject", "relation", "object", "subject_type", "object_type", "polarity",
    "modality", "attribution", "time", "right", "features",
}  # fmt: skip


def _rows() -> list[dict[str, Any]]:
    with JUDGED.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


ROWS = _rows()


def _split(name: str) -> list[dict[str, Any]]:
    return [r for r in ROWS if r["split"] == name]


def _shipped(rows: list[dict[str, Any]]) -> list[float]:
    return [calibrated(StatementFeatures.from_dict(r["features"])) for r in rows]


def test_calibration_check_split_ece_at_most_five_points() -> None:
    check = _split("check")
    ece = expected_calibration_error(_shipped(check), [r["right"] for r in check])
    assert ece <= 0.05, f"ECE on the held-back check split is {ece:.3f}"


def test_calibration_separates_better_than_the_open_ie_score() -> None:
    """On held-back statements the calibrated score's Brier score is no worse than Open IE's."""
    check = _split("check")
    truth = [float(r["right"]) for r in check]
    openie = [r["features"]["openie"] for r in check]
    brier = {
        name: sum((p - y) ** 2 for p, y in zip(scores, truth, strict=True)) / len(truth)
        for name, scores in (("calibrated", _shipped(check)), ("openie", openie))
    }
    assert brier["calibrated"] <= brier["openie"]


def test_calibration_weights_use_only_model_inputs() -> None:
    assert set(WEIGHTS) == {"bias", *MODEL_INPUTS}


@pytest.mark.parametrize(
    "change, lower",
    [({"hedged": True}, True), ({"kind": "apposition"}, True), ({"sentence_tokens": 70}, True),
     ({"openie": 0.4}, True), ({"openie": 0.9}, False)],
)  # fmt: skip
def test_calibration_direction_of_each_input(change: dict[str, Any], lower: bool) -> None:
    base = StatementFeatures(0.7, "verb", False, False, True, True, True, 20, False)
    changed = StatementFeatures.from_dict({**base.as_dict(), **change})
    assert (calibrated(changed) < calibrated(base)) is lower


@pytest.mark.parametrize(
    "scores, right, expected",
    [([], [], 0.0), ([0.75, 0.75, 0.75, 0.75], [True, True, True, False], 0.0),
     ([1.0, 0.0], [False, True], 1.0), ([0.05, 0.95], [False, True], 0.05)],
)  # fmt: skip
def test_calibration_ece(scores: list[float], right: list[bool], expected: float) -> None:
    assert expected_calibration_error(scores, right) == pytest.approx(expected)


def test_calibration_ece_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        expected_calibration_error([0.5], [])


def test_calibration_judged_file_shape() -> None:
    """Enough rows, known keys, no article text, whole articles per split, a reason per wrong."""
    assert len(ROWS) >= 500
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert set(r) - {"reason"} == KEYS, r["id"]
        assert ("reason" in r) is (not r["right"]), r["id"]
        assert 0 <= r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"] <= r["chars"]
        StatementFeatures.from_dict(r["features"])
    articles = {s: {r["article"] for r in _split(s)} for s in ("dev", "check")}
    assert not articles["dev"] & articles["check"]
    assert len(articles["dev"]) >= 12 and len(articles["check"]) >= 12


def _articles() -> Iterator[dict[str, Any]]:
    corpus = corpus_path()  # $KG_CORPUS, else ../shared/data/corpus beside the repository
    if not corpus.exists():
        pytest.skip(f"the Wikipedia corpus is not at {corpus}")
    with corpus.open(encoding="utf-8") as fh:
        yield from (json.loads(line) for line in fh)


def test_calibration_judged_file_matches_the_corpus() -> None:
    """Each article's hash is the corpus text's; the statements' words are in their sentences."""
    wanted = {r["article"]: r["sha256"] for r in ROWS}
    texts = {a["id"]: a["text"] for a in _articles() if a["id"] in wanted}
    assert set(texts) == set(wanted)
    for article, text in texts.items():
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == wanted[article]
    placed = 0
    for r in ROWS:
        sentence = texts[r["article"]][r["sentence_start"] : r["sentence_end"]].lower()
        words = f"{r['subject']} {r['object']}".lower().split()
        placed += any(w in sentence for w in words if len(w) > 2)
    assert placed >= 0.95 * len(ROWS)  # the rest: pronoun subjects, objects like "V"


@pytest.mark.model
@pytest.mark.slow
def test_calibration_stored_features_are_the_extractors() -> None:
    """Re-extract two judged articles: most statements come back, with the stored features."""
    from benchmarks.calibration import _prefix
    from kg.extract import calibration, triples
    from kg.io import Document
    from kg.run.documents import extract_documents

    ids = ["13602", "5489"]  # Huldrych Zwingli (dev), Chile (check)
    texts = {a["id"]: a["text"] for a in _articles() if a["id"] in ids}
    seen: list[StatementFeatures] = []

    def record(*args: Any) -> float:
        hedged = args[5] != "positive" or args[6] is not None or args[7] is not None
        seen.append(calibration.statement_features(*args[:5], hedged=hedged))
        return float(len(seen) - 1)

    docs = [Document(i, _prefix(texts[i])) for i in ids]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(triples, "statement_confidence", record)
        now = {
            (g.doc_id, t.start, t.end, t.subject, t.relation, t.object): seen[int(t.confidence)]
            for g in extract_documents(docs, n_process=1)
            for t in g.triples
        }
    judged = [r for r in ROWS if r["article"] in ids]
    found = 0
    for r in judged:
        key = (r["article"], r["start"], r["end"], r["subject"], r["relation"], r["object"])
        if key in now:
            found += 1
            assert now[key].as_dict() == r["features"], r["id"]
    assert found >= 0.8 * len(judged)
