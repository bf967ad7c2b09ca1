"""Calibration of the KG layer's confidence against hand-judged real statements.

    python benchmarks/calibration.py            # ECE before/after, dev and check; the PNG
    python benchmarks/calibration.py --write    # also ship the refitted weights
    python benchmarks/calibration.py --select   # cross-validate the candidate inputs on dev
    python benchmarks/calibration.py --draft    # re-extract the articles for a new judging

``tests/data/kg_judged.jsonl`` (format in ``tests/data/README.md``) holds 659 KG
statements kg made from the first ~2,000 characters of 26 Wikipedia articles,
each judged right or wrong against its sentence, with the features the
extractor knew when it made the statement (``StatementFeatures``). The
articles are split in two: 13 ``dev`` articles to fit on, 13 ``check``
articles held back.

This script:

1. fits ``sigmoid(w · feature_values(f))`` to the dev labels (L2-penalised
   logistic regression, ``benchmarks.fit_confidence.fit``, penalty ``1 / (2 C)``
   on every weight but the bias);
2. prints the expected calibration error (10 equal-width bins,
   ``expected_calibration_error``) on dev and on check of three scores: the Open
   IE confidence (what ``Triple.confidence`` was before), the shipped weights
   (``kg.extract.calibration.WEIGHTS``) and the refitted ones;
3. draws the reliability diagram of the Open IE and the shipped scores on the
   check split to ``benchmarks/out/calibration.png``;
4. with ``--write``, replaces ``WEIGHTS`` in ``kg/extract/calibration.py`` by
   the refitted weights, rounded to two decimals.

``--draft`` re-extracts the articles (``$KG_CORPUS`` or ../shared/data/corpus)
with the current extractor and writes every statement *with its sentence* to
``benchmarks/out/kg_unjudged.jsonl`` (git-ignored, never to be committed) for
someone to judge: the judged file stores no article text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from benchmarks.entities import corpus_path
from benchmarks.fit_confidence import fit

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "tests" / "data" / "kg_judged.jsonl"
CALIBRATION_PY = ROOT / "kg" / "extract" / "calibration.py"
OUT = ROOT / "benchmarks" / "out"
#: The articles: every (277 / 26)th corpus article of at least 3,000 characters
#: whose title is not a number, cut at the last sentence end before PREFIX characters.
N_ARTICLES, MIN_CHARS, PREFIX = 26, 3000, 2000


def load_judged(path: Path = JUDGED) -> list[dict[str, Any]]:
    """The judged statements, one dict per line of ``kg_judged.jsonl``."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def scores(rows: Sequence[dict[str, Any]], weights: dict[str, float] | None) -> list[float]:
    """Each row's calibrated confidence under ``weights``, or its Open IE score for None."""
    from kg.extract.calibration import StatementFeatures, calibrated

    if weights is None:
        return [float(r["features"]["openie"]) for r in rows]
    return [calibrated(StatementFeatures.from_dict(r["features"]), weights) for r in rows]


def refit(
    dev: Sequence[dict[str, Any]], *, c: float, inputs: Sequence[str] | None = None
) -> dict[str, float]:
    """Weights fitted on ``dev``: the bias and one per input (``MODEL_INPUTS`` by default)."""
    from kg.extract.calibration import MODEL_INPUTS, StatementFeatures, feature_values

    names = ["bias", *(MODEL_INPUTS if inputs is None else inputs)]
    values = [feature_values(StatementFeatures.from_dict(r["features"])) for r in dev]
    x = np.array([[v.get(n, 0.0) for n in names] for v in values])
    y = np.array([float(r["right"]) for r in dev])
    w = fit(x, y, c=c, bias=0)
    return {n: round(float(value), 2) for n, value in zip(names, w, strict=True)}


#: Nested candidate input sets for ``--select``, in the order they were tried.
CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("logit_openie",),
    ("logit_openie", "hedged"),
    ("logit_openie", "hedged", "kind:apposition"),
    ("logit_openie", "hedged", "kind:apposition", "long_sentence"),
    ("logit_openie", "hedged", "kind:apposition", "long_sentence", "no_object"),
    ("logit_openie", "hedged", "kind:apposition", "long_sentence", "no_object",
     "subject_entity", "object_entity"),
    ("logit_openie", "hedged", "long_sentence", "no_object", "subject_entity", "object_entity",
     "subject_coref", "object_coref", "kind:apposition", "kind:verb", "kind:copula",
     "kind:relative", "kind:participle", "kind:passive"),
)  # fmt: skip


def select(dev: Sequence[dict[str, Any]], *, c: float) -> None:
    """Print each candidate input set's leave-one-article-out ECE and Brier score on dev."""
    from kg.extract.calibration import expected_calibration_error

    articles = sorted({r["article"] for r in dev})
    for inputs in CANDIDATES:
        predicted: list[float] = []
        right: list[bool] = []
        for article in articles:
            held = [r for r in dev if r["article"] == article]
            weights = refit([r for r in dev if r["article"] != article], c=c, inputs=inputs)
            predicted += scores(held, weights)
            right += [r["right"] for r in held]
        brier = float(np.mean((np.array(predicted) - np.array(right, dtype=float)) ** 2))
        ece = expected_calibration_error(predicted, right)
        print(f"ECE {ece:.3f}  Brier {brier:.4f}  {', '.join(inputs)}")


def reliability(path: Path, rows: Sequence[dict[str, Any]], curves: dict[str, list[float]]) -> None:
    """Draw the reliability diagram (share right against mean score per bin) to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    right = np.array([float(r["right"]) for r in rows])
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfect")
    for label, values in curves.items():
        s = np.array(values)
        cells = np.minimum((s * 10).astype(int), 9)
        xs, ys, ns = [], [], []
        for b in range(10):
            mask = cells == b
            if mask.any():
                xs.append(s[mask].mean())
                ys.append(right[mask].mean())
                ns.append(int(mask.sum()))
        ax.plot(xs, ys, marker="o", label=label)
        for x, y, n in zip(xs, ys, ns, strict=True):
            ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence (bin mean)", ylabel="share right")
    ax.set_title(f"KG statements, check split (n={len(rows)})")
    ax.legend(loc="lower right")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)


def write_weights(path: Path, weights: dict[str, float]) -> None:
    """Replace the ``WEIGHTS`` dict literal in ``calibration.py`` by ``weights``."""
    text = path.read_text(encoding="utf-8")
    body = "".join(f'    "{n}": {v!r},\n' for n, v in weights.items())
    text, n = re.subn(
        r"^WEIGHTS: dict\[str, float\] = \{\n.*?^\}\n",
        lambda _: "WEIGHTS: dict[str, float] = {\n" + body + "}\n",
        text,
        count=1,
        flags=re.M | re.S,
    )
    if n != 1:
        raise SystemExit(f"cannot find WEIGHTS in {path}")
    path.write_text(text, encoding="utf-8")


def _articles() -> list[dict[str, Any]]:
    with corpus_path().open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    pool = [r for r in rows if len(r["text"]) >= MIN_CHARS and not r["title"].isdigit()]
    step = len(pool) / N_ARTICLES
    return [pool[int(i * step)] for i in range(N_ARTICLES)]


def _prefix(text: str) -> str:
    ends = [m.end() for m in re.finditer(r"[.!?][\"')]?(?=\s)", text[: PREFIX + 400])]
    before = [e for e in ends if e <= PREFIX]
    return text[: before[-1] if before else ends[0]]


def draft(path: Path) -> int:
    """Extract the articles and write every statement, with its sentence, to ``path``.

    The features are caught on their way to ``statement_confidence`` in
    ``kg.extract.triples``: for the run it returns an index into the features
    seen (as ``benchmarks/fit_confidence.py`` does), so each triple's
    ``confidence`` says which features are its own.
    """
    from kg.extract import calibration, triples
    from kg.io import Document
    from kg.run.documents import extract_documents

    seen: list[calibration.StatementFeatures] = []

    def record(*args: Any) -> float:
        polarity, modality, attribution = args[5:8]
        hedged = polarity != "positive" or modality is not None or attribution is not None
        seen.append(calibration.statement_features(*args[:5], hedged=hedged))
        return float(len(seen) - 1)

    articles = _articles()
    docs = [Document(a["id"], _prefix(a["text"])) for a in articles]
    n = 0
    with mock.patch.object(triples, "statement_confidence", record), path.open("w") as fh:
        graphs = extract_documents(docs, n_process=1)
        for i, (article, doc, graph) in enumerate(zip(articles, docs, graphs, strict=True)):
            sha = hashlib.sha256(article["text"].encode("utf-8")).hexdigest()
            for t in graph.triples:
                row = {
                    "id": f"{article['id']}-{n:03d}", "article": article["id"], "sha256": sha,
                    "chars": len(doc.text), "split": "dev" if i % 2 == 0 else "check",
                    "sentence_start": t.sentence_start, "sentence_end": t.sentence_end,
                    "start": t.start, "end": t.end, "subject": t.subject,
                    "relation": t.relation, "object": t.object, "subject_type": t.subject_type,
                    "object_type": t.object_type, "polarity": t.polarity,
                    "modality": t.modality, "attribution": t.attribution, "time": t.time_text,
                    "features": seen[int(t.confidence)].as_dict(), "sentence": t.sentence,
                }  # fmt: skip
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    from kg.extract.calibration import WEIGHTS, expected_calibration_error

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judged", type=Path, default=JUDGED)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 penalty (default 1)")
    parser.add_argument("--write", action="store_true", help="ship the refitted weights")
    parser.add_argument("--draft", action="store_true", help="re-extract for a new judging")
    parser.add_argument("--select", action="store_true", help="cross-validate the input sets")
    args = parser.parse_args(argv)
    if args.draft:
        path = OUT / "kg_unjudged.jsonl"
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"{draft(path)} statements to judge in {path}")
        return 0
    rows = load_judged(args.judged)
    splits = {s: [r for r in rows if r["split"] == s] for s in ("dev", "check")}
    if args.select:
        select(splits["dev"], c=args.c)
        return 0
    fitted = refit(splits["dev"], c=args.c)
    print(f"{len(rows)} judged statements: " + ", ".join(
        f"{s} {len(r)} ({sum(x['right'] for x in r) / len(r):.0%} right)" for s, r in splits.items()
    ))  # fmt: skip
    print(f"{'':<18}{'ECE dev':>9}{'ECE check':>10}{'Brier check':>12}{'outside .6-.8':>14}")
    for label, weights in (("Open IE (before)", None), ("shipped", WEIGHTS), ("refitted", fitted)):
        on_dev, on_check = (scores(r, weights) for r in splits.values())
        truth = [x["right"] for x in splits["check"]]
        brier = float(np.mean((np.array(on_check) - np.array(truth, dtype=float)) ** 2))
        spread = float(np.mean([not 0.6 <= p <= 0.8 for p in on_dev + on_check]))
        ece_dev = expected_calibration_error(on_dev, [x["right"] for x in splits["dev"]])
        ece_check = expected_calibration_error(on_check, truth)
        print(f"{label:<18}{ece_dev:>9.3f}{ece_check:>10.3f}{brier:>12.4f}{spread:>14.0%}")
    check = splits["check"]
    png = OUT / "calibration.png"
    curves = {"Open IE (before)": scores(check, None), "calibrated": scores(check, WEIGHTS)}
    reliability(png, check, curves)
    print(f"reliability diagram: {png}")
    if args.write:
        write_weights(CALIBRATION_PY, fitted)
        print(f"wrote {len(fitted)} weights to {CALIBRATION_PY}")
    else:
        print("refitted: " + ", ".join(f"{n}={v}" for n, v in fitted.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
