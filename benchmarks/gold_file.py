"""Read the KG-layer gold set (tests/data/kg_gold.jsonl) into GoldCases, refusing a file that
breaks its rules (tests/data/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from benchmarks.gold import POLARITIES, GoldCase, HedgedTriple, RawTriple, triple_key
from kg.errors import value_invalid_msg

_CASE_KEYS = frozenset({"id", "construction", "text", "expected", "forbidden", "hedged", "allowed"})
_REQUIRED_CASE_KEYS = frozenset({"id", "construction", "text", "expected", "forbidden", "hedged"})
_HEDGED_KEYS = frozenset({"triple", "polarity", "modality", "attribution"})


def load_gold(path: str | Path) -> list[GoldCase]:
    """Read and check a gold file (JSON lines; blank lines are skipped).

    Raises:
        ValueError: when a line is not valid JSON or breaks the gold format
            (unknown keys, a bad triple, a duplicate id, a triple that is both
            expected and forbidden, a hedged triple that is not also forbidden, ...).
            The message names the file and line.
    """
    path = Path(path)
    cases: list[GoldCase] = []
    seen: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = gold_case(json.loads(line))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError too
            raise ValueError(f"{path}:{lineno}: {exc}") from exc
        if case.id in seen:
            raise ValueError(f"{path}:{lineno}: duplicate id {case.id!r}")
        seen.add(case.id)
        cases.append(case)
    return cases


def gold_case(record: object) -> GoldCase:
    """Build and check one ``GoldCase`` from a decoded JSON record.

    Raises:
        ValueError: when the record breaks the gold format.

    Example:
        >>> case = gold_case({"id": "c1", "construction": "copula", "text": "Tallinn is a port.",
        ...     "expected": [["Tallinn", "be", "port"]], "forbidden": [], "hedged": []})
        >>> case.expected, case.allowed
        ((('Tallinn', 'be', 'port'),), ())
    """
    if not isinstance(record, Mapping):
        raise ValueError("a gold record must be a JSON object")
    _check_keys(record, _CASE_KEYS, _REQUIRED_CASE_KEYS, "gold record")
    case = GoldCase(
        id=_string(record["id"], "id"),
        construction=_string(record["construction"], "construction"),
        text=_string(record["text"], "text"),
        expected=_triples(record["expected"], "expected"),
        forbidden=_triples(record["forbidden"], "forbidden"),
        hedged=tuple(_hedged(entry) for entry in _list(record["hedged"], "hedged")),
        allowed=_triples(record.get("allowed", []), "allowed"),
    )
    expected = {triple_key(*t) for t in case.expected}
    forbidden = {triple_key(*t) for t in case.forbidden}
    allowed = {triple_key(*t) for t in case.allowed}
    for name, keys in (("forbidden", forbidden), ("allowed", allowed)):
        if clash := sorted(expected & keys):
            raise ValueError(f"{case.id}: expected and {name} share {clash}")
    if clash := sorted(forbidden & allowed):
        raise ValueError(f"{case.id}: forbidden and allowed share {clash}")
    for hedged in case.hedged:
        if triple_key(*hedged.triple) not in forbidden:
            raise ValueError(f"{case.id}: hedged {list(hedged.triple)} must also be forbidden")
    return case


def _check_keys(
    record: Mapping[object, object], known: frozenset[str], required: frozenset[str], what: str
) -> None:
    if unknown := sorted(str(k) for k in record if k not in known):
        raise ValueError(value_invalid_msg(f"{what} key", unknown[0], sorted(known)))
    if missing := sorted(required - set(record)):
        raise ValueError(f"{what} lacks {', '.join(missing)}")


def _string(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, not {value!r}")
    return value


def _list(value: object, name: str) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list, not {value!r}")
    return value


def _triple(value: object, name: str) -> RawTriple:
    items = _list(value, name)
    if len(items) != 3:
        raise ValueError(f"{name} triple must have 3 items, not {value!r}")
    subject, relation, obj = (_string(item, name) for item in items)
    return (subject, relation, obj)


def _triples(value: object, name: str) -> tuple[RawTriple, ...]:
    triples = tuple(_triple(item, name) for item in _list(value, name))
    keys = [triple_key(*t) for t in triples]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{name} lists the same triple twice: {list(triples)}")
    return triples


def _hedged(value: object) -> HedgedTriple:
    if not isinstance(value, Mapping):
        raise ValueError(f"a hedged entry must be a JSON object, not {value!r}")
    _check_keys(value, _HEDGED_KEYS, frozenset({"triple"}), "hedged entry")
    polarity = value.get("polarity", "positive")
    if polarity not in POLARITIES:
        raise ValueError(value_invalid_msg("polarity", polarity, POLARITIES))
    modality, attribution = value.get("modality"), value.get("attribution")
    hedged = HedgedTriple(
        triple=_triple(value["triple"], "hedged"),
        polarity=str(polarity),
        modality=None if modality is None else _string(modality, "modality"),
        attribution=None if attribution is None else _string(attribution, "attribution"),
    )
    if hedged.polarity == "positive" and hedged.modality is None and hedged.attribution is None:
        raise ValueError(f"hedged {list(hedged.triple)} has no hedge; list it as expected")
    return hedged
