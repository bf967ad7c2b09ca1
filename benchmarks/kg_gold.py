"""Score kg's KG layer (``kg.triples``) on the hand-written gold set.

Reads ``tests/data/kg_gold.jsonl`` (written by us for kg; conventions in
``tests/data/README.md``), runs ``kg.triples`` over every text and prints
precision, recall, forbidden assertions and hedged recall per construction,
plus throughput. ``--details`` lists every missed, spurious, forbidden and
unhedged triple, case by case.

Usage:
    .venv/bin/python benchmarks/kg_gold.py [--details] [--construction NAME ...] [--gold PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks.gold import format_report, score_gold
from benchmarks.gold_file import load_gold

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "kg_gold.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON-lines file")
    ap.add_argument("--details", action="store_true", help="list the errors case by case")
    ap.add_argument(
        "--construction",
        action="append",
        default=[],
        metavar="NAME",
        help="score only these constructions (repeatable)",
    )
    args = ap.parse_args(argv)

    if not args.gold.is_file():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2
    cases = load_gold(args.gold)
    if args.construction:
        cases = [c for c in cases if c.construction in set(args.construction)]
        if not cases:
            print(f"no gold cases for {', '.join(args.construction)}", file=sys.stderr)
            return 2

    import kg

    extract = getattr(kg, "triples", None)
    if not callable(extract):
        print("kg.triples(text) is not available in this checkout", file=sys.stderr)
        return 2

    extract("Warm-up: Anna Berg founded Nordvik Shipping.")  # load the model outside the timing
    start = time.perf_counter()
    report = score_gold(cases, extract)
    elapsed = time.perf_counter() - start

    print(format_report(report, details=args.details))
    total = report.total
    print()
    print(
        f"precision {total.precision:.3f}  recall {total.recall:.3f}  F1 {total.f1:.3f}  "
        f"forbidden asserted {total.forbidden_violations}  hedged recall {total.hedged_recall:.3f}"
    )
    chars = sum(len(c.text) for c in cases)
    rate = chars / elapsed if elapsed else 0.0
    print(f"{len(cases)} texts, {chars} characters in {elapsed:.2f} s ({rate:,.0f} chars/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
