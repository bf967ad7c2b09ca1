"""The real-document entity gold (tests/data/entities/): its files, and the ratchet on
``kg.extract`` measured with ``benchmarks/entities.py``.

The articles' texts are Wikipedia's (CC BY-SA) and stay in ../shared: the gold
holds annotations only, with each article's SHA-256. The ratchet below is the
floor kg must stay on or above; raise it when resolution improves, never lower
it to let a change pass.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "data" / "entities"
CLASSES = {
    "Person", "Organization", "Place", "Event", "CreativeWork", "Product", "Award", "Law",
    "Language", "Group",
}  # fmt: skip

# Measured 2026-12-02 with `python benchmarks/entities.py` (all 17 articles):
# B3 P 0.972 R 0.900, no merge of different people, 17/17 subjects, types 0.900 (0.915 on
# the gold entities kg found as a node of their own; dev 0.910, check 0.886), pronouns 0.884
# (precision 0.918), 0 junk nodes.
# 2026-12-01: B3 P 0.970, 16/17 subjects, types 0.877 (0.893 own), pronouns 0.869.
# Before the mention-boundary work (possessives, quoted titles, languages, lower-case head
# words, a people's adjective beginning a name): B3 P 0.962, types 0.852 (0.873 on own
# nodes), pronouns 0.867. The pronoun floor is 0.87 because three harder
# articles joined the gold (Louise Erdrich, Radio Row, University of Cologne: pronouns
# 0.717 among them, types 0.862 -> 0.877 there).
MIN_BCUBED_P = 0.97
MIN_BCUBED_R = 0.89
MAX_PERSON_MERGES = 0
MIN_SUBJECTS = 17
MIN_TYPE_ACCURACY = 0.9
MIN_TYPE_ACCURACY_OWN = 0.91
MIN_PRONOUN_ACCURACY = 0.87
MAX_JUNK_NODES = 0


def _bench():
    path = ROOT / "benchmarks" / "entities.py"
    spec = importlib.util.spec_from_file_location("kg_bench_entities", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _golds() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))]


def test_entity_gold_files_are_complete_and_consistent():
    golds = _golds()
    assert len(golds) >= 8
    assert {g["split"] for g in golds} == {"dev", "check"}
    for g in golds:
        where = g["title"]
        assert g["licence"].startswith("CC BY-SA"), where
        assert len(g["sha256"]) == 64, where
        names = [e["name"] for e in g["entities"]]
        assert len(names) == len(set(names)), f"{where}: an entity twice"
        assert g["subject"] in names, where
        assert {e["class"] for e in g["entities"]} <= CLASSES, where
        known = set(names)
        for m in g.get("mentions", []):
            assert m["entity"] is None or m["entity"] in known, f"{where}: {m}"
        for p in g.get("pronouns", []) + g.get("nominals", []):
            wanted = p["antecedent"]
            wanted = wanted if isinstance(wanted, list) else [wanted]
            assert all(a is None or a in known for a in wanted), f"{where}: {p}"
        assert "text" not in g, f"{where}: the gold holds annotations, not the article"


def test_entity_gold_ratchet():
    bench = _bench()
    golds = bench.load_gold()
    try:
        texts = bench.article_texts(golds)
    except FileNotFoundError:
        pytest.skip(f"the Wikipedia corpus is not at {bench.corpus_path()} (set KG_CORPUS)")
    t = bench.totals(bench.run(golds, texts))
    got = (
        f"B3 P {t.bcubed_p:.3f} R {t.bcubed_r:.3f}, person merges {t.person_merges}, "
        f"subjects {t.subjects_ok}/{t.articles}, types {t.type_accuracy:.3f} "
        f"(own nodes {t.type_accuracy_own:.3f}), "
        f"pronouns {t.pronoun_accuracy:.3f}, junk {t.junk_nodes}"
    )
    assert t.bcubed_p >= MIN_BCUBED_P, got
    assert t.bcubed_r >= MIN_BCUBED_R, got
    assert t.person_merges <= MAX_PERSON_MERGES, got
    assert t.subjects_ok >= MIN_SUBJECTS, got
    assert t.type_accuracy >= MIN_TYPE_ACCURACY, got
    assert t.type_accuracy_own >= MIN_TYPE_ACCURACY_OWN, got
    assert t.pronoun_accuracy >= MIN_PRONOUN_ACCURACY, got
    assert t.junk_nodes <= MAX_JUNK_NODES, got
