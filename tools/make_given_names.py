"""Build kg/extract/data/given_names.tsv from the nomquamgender wheel (MIT licence).

    pip download --no-deps nomquamgender==0.1.4 -d /tmp/nqg
    python tools/make_given_names.py /tmp/nqg/nomquamgender-0.1.4-py3-none-any.whl

nomquamgender (Ian Van Buskirk, 2022, MIT; github.com/ianvanbuskirk/nomquamgender)
aggregates name–gender counts from many public sources. Each entry is
``[sources, count, p(female), ...]``. We keep the given names seen in at least
``MIN_SOURCES`` sources and ``MIN_COUNT`` times, written as
``name <TAB> p_female (2 decimals) <TAB> log10(count) (1 decimal)``, sorted by
name; the licence travels beside the file (kg/extract/data/LICENSE-nomquamgender).
"""

from __future__ import annotations

import json
import math
import re
import sys
import zipfile
from pathlib import Path

MIN_SOURCES = 5
MIN_COUNT = 300
_NAME = re.compile(r"[a-z]+(?:-[a-z]+)?")
OUT = Path(__file__).resolve().parents[1] / "kg" / "extract" / "data" / "given_names.tsv"


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("nomquamgender/name_data.json"))
    rows = []
    for name, entry in data.items():
        sources, count, p_female = entry[0], entry[1], entry[2]
        if sources >= MIN_SOURCES and count >= MIN_COUNT and _NAME.fullmatch(name):
            rows.append(f"{name}\t{p_female:.2f}\t{math.log10(count):.1f}")
    rows.sort()
    OUT.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} names written to {OUT}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
