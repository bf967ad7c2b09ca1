"""Reading KG-layer gold files (``benchmarks.gold_file``): records, bad records, bad lines.

The scorer and the gold file itself are tested in ``test_kg_gold.py``.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.gold import (
    HedgedTriple,
)
from benchmarks.gold_file import gold_case, load_gold

# --- reading gold files --------------------------------------------------------------------


def _record(**overrides):
    record = {
        "id": "x1",
        "construction": "negation",
        "text": "Nordvik did not sign the deal.",
        "expected": [],
        "forbidden": [["Nordvik", "sign", "deal"]],
        "hedged": [{"triple": ["Nordvik", "sign", "deal"], "polarity": "negative"}],
    }
    record.update(overrides)
    return record


def test_gold_case_reads_a_record():
    gold = gold_case(_record())
    assert gold.forbidden == (("Nordvik", "sign", "deal"),)
    assert gold.hedged == (HedgedTriple(("Nordvik", "sign", "deal"), polarity="negative"),)
    assert gold.allowed == ()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"colour": "red"}, "gold record key"),
        ({"text": ""}, "text must be a non-empty string"),
        ({"expected": [["A", "b"]]}, "3 items"),
        ({"expected": [["Nordvik", "sign", "the deal"]]}, "expected and forbidden share"),
        ({"allowed": [["nordvik", "sign", "deal"]]}, "forbidden and allowed share"),
        ({"forbidden": [["A", "b", "C"], ["a", "b", "the C"]], "hedged": []}, "twice"),
        ({"hedged": [{"triple": ["Nordvik", "sign", "deal"]}]}, "has no hedge"),
        ({"hedged": [{"triple": ["Nordvik", "sign", "deal"], "polarity": "no"}]}, "polarity"),
        (
            {"hedged": [{"triple": ["X", "sign", "deal"], "modality": "may"}]},
            "must also be forbidden",
        ),
        ({"hedged": [{"triple": ["Nordvik", "sign", "deal"], "mood": "may"}]}, "hedged entry key"),
    ],
)
def test_gold_case_rejects_bad_records(overrides, message):
    with pytest.raises(ValueError, match=message):
        gold_case(_record(**overrides))


def test_gold_case_rejects_missing_keys():
    record = _record()
    del record["hedged"]
    with pytest.raises(ValueError, match="lacks hedged"):
        gold_case(record)


def test_gold_load_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_record()) + "\n\n{not json}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:3:"):
        load_gold(path)


def test_gold_load_rejects_duplicate_ids(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_record()) + "\n" + json.dumps(_record()) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate id 'x1'"):
        load_gold(path)
