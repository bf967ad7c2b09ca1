"""Score kg's Open IE layer on the CaRB development split.

Runs :func:`kg.extract.carb.to_carb` over ``../shared/data/carb/dev_sentences.txt``,
scores the output with ``../shared/tools/carb_score.py`` (CaRB's default
metric) and prints precision, recall, F1, AUC and throughput.

Usage:
    .venv/bin/python benchmarks/carb.py [--out out.tsv] [--gold ... --sentences ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_SENTENCES = SHARED / "data" / "carb" / "dev_sentences.txt"
DEFAULT_GOLD = SHARED / "data" / "carb" / "dev_gold.tsv"
SCORER = SHARED / "tools" / "carb_score.py"


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("carb_score", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=Path, default=DEFAULT_SENTENCES)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--out", type=Path, help="also keep the system output here")
    a = ap.parse_args(argv)
    for path in (a.sentences, a.gold, SCORER):
        if not path.exists():
            print(f"missing {path}: the CaRB data and scorer live in ../shared", file=sys.stderr)
            return 2

    from kg import nlp
    from kg.extract.carb import to_carb

    text = a.sentences.read_text(encoding="utf-8")
    n_sent = sum(1 for line in text.splitlines() if line.strip())
    nlp.load()  # model loading is not part of the throughput
    t0 = time.perf_counter()
    lines = list(to_carb(text, sentence_per_line=True))
    elapsed = time.perf_counter() - t0

    out = a.out or Path(tempfile.mkstemp(suffix=".tsv", prefix="carb-")[1])
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    scorer = _load_scorer(SCORER)
    res = scorer.evaluate(scorer.read_gold(str(a.gold)), scorer.read_system(str(out)))
    if a.out is None:
        out.unlink()

    print(f"sentences: {n_sent}  extractions: {len(lines)}")
    print(
        f"P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}  "
        f"AUC {res['auc']:.3f}  (best threshold {res['best_threshold']})"
    )
    print(f"throughput: {n_sent / elapsed:.1f} sentences/s (parse + extract)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
