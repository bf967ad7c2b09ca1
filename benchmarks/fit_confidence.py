"""Refit the confidence weights of ``kg.extract.confidence`` on the CaRB dev split.

``kg/extract/confidence.py`` scores an extraction with a logistic function of
its parse features (``Features``, ``feature_values``) and says its ``WEIGHTS``
were fitted on the CaRB development split: a logistic regression of each
extraction's best match precision. This script reproduces that fit:

1. parse ``../shared/data/carb/dev_sentences.txt`` one sentence per line and
   extract as ``benchmarks/carb.py`` does (``kg.extract.carb``: the same tuples,
   extractions without a second argument left out), keeping each extraction's
   ``Features``;
2. the target of an extraction is its best match precision against the gold
   tuples of its sentence (CaRB's ``match``, from ``../shared/tools/carb_score.py``);
   extractions of sentences the gold does not hold are left out;
3. fit ``sigmoid(w · feature_values(f))`` to those targets by cross-entropy
   (soft labels) with an L2 penalty of ``1 / (2 C)`` on every weight but the bias
   (scikit-learn's ``LogisticRegression(C=1.0)``), by Newton's method in numpy;
4. print the fitted weights beside the shipped ones, and the CaRB scores
   (P, R, F1, AUC) of the dev output ranked by each.

Nothing is written unless ``--write`` is given; then the fitted weights, rounded
as shipped (two decimals), replace the ``WEIGHTS`` values in
``kg/extract/confidence.py``.

Usage:
    .venv/bin/python benchmarks/fit_confidence.py [--c 1.0] [--write]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

import numpy as np

from benchmarks.carb import DEFAULT_GOLD, DEFAULT_SENTENCES, SCORER, _load_scorer

if TYPE_CHECKING:
    from kg.extract.confidence import Features

CONFIDENCE_PY = Path(__file__).resolve().parents[1] / "kg" / "extract" / "confidence.py"


def dev_extractions(sentences: Path) -> list[tuple[str, list[str], Features]]:
    """(sentence, CaRB fields, features) of every dev extraction with a second argument.

    The features are caught on their way to ``confidence()`` in ``kg.extract.clauses``:
    for the run, ``confidence`` returns the index of the features it was given, so each
    extraction's ``confidence`` field says which features are its own.
    """
    from kg import nlp
    from kg.extract import clauses
    from kg.extract.carb import BATCH_SIZE, carb_fields

    seen: list[Features] = []

    def record(features: Features) -> float:
        seen.append(features)
        return float(len(seen) - 1)

    lines = [line for line in sentences.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    with mock.patch.object(clauses, "confidence", record):
        for line, doc in zip(lines, nlp.load().pipe(lines, batch_size=BATCH_SIZE), strict=True):
            for ex in clauses.extractions(doc):
                if ex.args:  # as kg.extract.carb: CaRB scores these zero
                    fields = [" ".join(f.split()) for f in carb_fields(ex, doc)]
                    out.append((line, fields, seen[int(ex.confidence)]))
    return out


def design(rows: list[Features], names: list[str]) -> np.ndarray:
    """One row of feature values per extraction, one column per weight name."""
    from kg.extract.confidence import feature_values

    col = {n: j for j, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, f in enumerate(rows):
        for name, value in feature_values(f).items():
            if name in col:
                x[i, col[name]] = value
    return x


def fit(x: np.ndarray, y: np.ndarray, *, c: float, bias: int, iters: int = 100) -> np.ndarray:
    """L2-penalised logistic regression on soft labels, by Newton's method."""
    penalty = np.full(x.shape[1], 1.0 / c)
    penalty[bias] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def score(weights: dict[str, float], f: Features) -> float:
    """``kg.extract.confidence.confidence`` with other weights."""
    from kg.extract import confidence as conf

    z = sum(weights.get(n, 0.0) * v for n, v in conf.feature_values(f).items())
    z = min(max(z, -conf._Z_BOUND), conf._Z_BOUND)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def carb_result(
    scorer: Any, gold: Path, rows: list[tuple[str, list[str], Features]], weights: dict[str, float]
) -> dict[str, Any]:
    """CaRB's scores of the dev output, ranked by ``weights``."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as fh:
        for sentence, fields, f in rows:
            sent = " ".join(sentence.splitlines()).replace("\t", " ")
            fh.write("\t".join([sent, f"{score(weights, f):.4f}", *fields]) + "\n")
    try:
        result: dict[str, Any] = scorer.evaluate(
            scorer.read_gold(str(gold)), scorer.read_system(fh.name)
        )
        return result
    finally:
        Path(fh.name).unlink()


def targets(
    scorer: Any, gold: Path, rows: list[tuple[str, list[str], Features]]
) -> list[float | None]:
    """Each extraction's best match precision against its sentence's gold tuples."""
    golds = scorer.read_gold(str(gold))
    out: list[float | None] = []
    for sentence, fields, _ in rows:
        tuples = golds.get(scorer.sentence_key(sentence))
        if not tuples:
            out.append(None)
            continue
        pred = scorer.Tuple(fields[0], fields[1:]).prepare()
        out.append(max(scorer.match(g, pred)[0] for g in tuples))
    return out


def write_weights(path: Path, weights: dict[str, float]) -> None:
    """Replace the values of the ``WEIGHTS`` entries in ``confidence.py``."""
    text = path.read_text(encoding="utf-8")
    for name, value in weights.items():
        text, n = re.subn(
            rf'^(    "{re.escape(name)}": )[-0-9.e]+,$', rf"\g<1>{value!r},", text, flags=re.M
        )
        if n != 1:
            raise SystemExit(f"cannot find the weight {name!r} in {path}")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--sentences", type=Path, default=DEFAULT_SENTENCES)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength (default 1.0)")
    ap.add_argument("--write", action="store_true", help="write the fitted weights into kg/")
    a = ap.parse_args(argv)
    for path in (a.sentences, a.gold, SCORER):
        if not path.exists():
            print(f"missing {path}: the CaRB data and scorer live in ../shared", file=sys.stderr)
            return 2

    from kg.extract.confidence import WEIGHTS

    scorer = _load_scorer(SCORER)
    rows = dev_extractions(a.sentences)
    ys = targets(scorer, a.gold, rows)
    kept = [(r, y) for r, y in zip(rows, ys, strict=True) if y is not None]
    names = list(WEIGHTS)
    x = design([r[2] for r, _ in kept], names)
    y = np.array([t for _, t in kept])
    w = fit(x, y, c=a.c, bias=names.index("bias"))
    fitted = {n: round(float(v), 2) + 0.0 for n, v in zip(names, w, strict=True)}

    print(f"CaRB dev: {len(rows)} extractions, {len(kept)} in sentences the gold holds")
    print(f"mean best-match precision {y.mean():.3f}; L2 C={a.c}")
    print(f"{'weight':<20}{'shipped':>9}{'fitted':>9}{'diff':>8}")
    for n in names:
        print(f"{n:<20}{WEIGHTS[n]:>9.2f}{fitted[n]:>9.2f}{fitted[n] - WEIGHTS[n]:>8.2f}")
    for label, weights in (("shipped", WEIGHTS), ("fitted", fitted)):
        res = carb_result(scorer, a.gold, rows, weights)
        print(
            f"{label:<8} CaRB dev: P {res['precision']:.3f}  R {res['recall']:.3f}  "
            f"F1 {res['f1']:.3f}  AUC {res['auc']:.3f}"
        )
    if a.write:
        write_weights(CONFIDENCE_PY, fitted)
        print(f"wrote the fitted weights to {CONFIDENCE_PY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
