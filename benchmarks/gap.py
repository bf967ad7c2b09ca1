"""GAP pronoun benchmark: kg resolves each pronoun unaided; its choice is read off ``kg entities``.

    python benchmarks/gap.py                       # validation split
    python benchmarks/gap.py --split development   # the split to tune on
    python benchmarks/gap.py --details 20          # also print 20 wrong choices

GAP (Webster et al. 2018, Apache 2.0) lives in ../shared/data/gap/ with its
official scorer. Each example is a Wikipedia snippet with one pronoun and two
names of the same gender, A and B. kg is *not* told the names: it resolves
the snippet as it would any document, and this script reads which entity the
pronoun's mention went to (``kg.entities``, the records ``kg entities``
prints). A name is kg's answer when a name mention overlapping it belongs to
that entity; neither is, when the pronoun stays unresolved or went elsewhere.

Prints the official overall F1, masculine and feminine F1 and the bias
(F/M), and how often kg chose A, B, both or neither. Published test-split
F1: Lee et al. 2017 64.0, Parallelism 66.9, RefReader 72.1.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.model import EntityMention

GAP = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gap"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def choices(rows: list[dict[str, str]]) -> list[tuple[bool, bool, str | None]]:
    """For each row: (kg chose A, kg chose B, the entity the pronoun went to)."""
    from kg.io import Document
    from kg.run.documents import extract_documents

    docs = [Document(row["ID"], row["Text"]) for row in rows]
    out = []
    for row, graph in zip(rows, extract_documents(docs, n_process=1), strict=True):
        at = int(row["Pronoun-offset"])
        pronoun = [m for m in graph.mentions if m.via == "pronoun" and m.start == at]
        chosen = {m.entity for m in pronoun if m.entity is not None}
        names = [m for m in graph.mentions if m.via not in ("pronoun", "role-noun")]

        def picked(
            name: str, offset: str, names: list[EntityMention] = names, chosen: set[str] = chosen
        ) -> bool:
            lo, hi = int(offset), int(offset) + len(name)
            return any(m.entity in chosen for m in names if m.start < hi and lo < m.end)

        entity = ", ".join(sorted(chosen)) or None
        out.append((picked(row["A"], row["A-offset"]), picked(row["B"], row["B-offset"]), entity))
    return out


def score(gold: Path, system_rows: list[str]) -> str:
    """The official scorer's scorecard for ``system_rows`` (ID, A-coref, B-coref lines)."""
    sys.path.insert(0, str(GAP))
    import gap_scorer

    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        f.write("".join(r + "\n" for r in system_rows))
    buf = io.StringIO()
    with redirect_stdout(buf):
        card = gap_scorer.run_scorer(str(gold), f.name)
    Path(f.name).unlink()
    return card or buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["development", "validation"], default="validation")
    parser.add_argument("--limit", type=int, default=0, help="only the first N rows")
    parser.add_argument("--details", type=int, default=0, help="print N wrong choices")
    args = parser.parse_args(argv)
    gold = GAP / f"gap-{args.split}.tsv"
    if not gold.exists():
        print(f"GAP not found: {gold} (it lives in ../shared, beside the repository)")
        return 2
    rows = read_rows(gold)
    if args.limit:
        rows = rows[: args.limit]
        limited = Path(tempfile.mkdtemp()) / gold.name
        with gold.open(encoding="utf-8") as src:
            limited.write_text("".join(src.readlines()[: args.limit + 1]), encoding="utf-8")
        gold = limited
    picks = choices(rows)
    system = [f"{row['ID']}\t{a}\t{b}".replace("True", "TRUE").replace("False", "FALSE")
              for row, (a, b, _) in zip(rows, picks, strict=True)]  # fmt: skip
    print(f"GAP {args.split}: {len(rows)} pronouns, resolved by kg without the candidates")
    print(score(gold, system))
    kinds = Counter(
        "both" if a and b else "A" if a else "B" if b else "neither" if e is None else "other"
        for a, b, e in picks
    )
    print("kg chose: " + ", ".join(f"{k} {kinds[k]}" for k in ("A", "B", "both", "other",
                                                                  "neither")))  # fmt: skip
    wrong = [
        (row, pick)
        for row, pick in zip(rows, picks, strict=True)
        if (pick[0], pick[1]) != (row["A-coref"] == "TRUE", row["B-coref"] == "TRUE")
    ]
    for row, (_, _, entity) in wrong[: args.details]:
        at = int(row["Pronoun-offset"])
        text = row["Text"]
        snippet = (
            text[max(0, at - 250) : at] + "[[" + row["Pronoun"] + "]]" + text[at + 4 : at + 80]
        )
        print(f"\n{row['ID']}: A={row['A']!r} {row['A-coref']}  B={row['B']!r} {row['B-coref']}"
              f"  kg → {entity!r}\n  {snippet}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
