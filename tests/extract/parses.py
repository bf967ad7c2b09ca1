"""Hand-built parses for the extractor's tests, and one table shape for Open IE cases.

A parse is a list of rows ``(word, head, dep, pos, tag, lemma[, entity IOB])``: no model
is loaded. A :class:`Case` is one construction: the parse, and what the Open IE layer
must extract from it; :func:`check` runs one. :func:`check_entities` and
:func:`entity_ids` serve the entity tables of ``kg.entities`` records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from spacy.lang.en import English
from spacy.tokens import Doc

import kg
from kg.extract.clauses import extractions
from kg.model import Extraction

Row = tuple[str, int, str, str, str, str] | tuple[str, int, str, str, str, str, str]

#: English lexical attributes (lower case, punctuation) without a trained model.
VOCAB = English().vocab


def parse(rows: Sequence[Row], *, ents: bool = True) -> Doc:
    """A parsed Doc from rows; with ``ents`` every token is tagged ("O" where a row names
    no entity), without it the entity annotation is left unset."""
    return Doc(
        VOCAB,
        words=[r[0] for r in rows],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        ents=[r[6] if len(r) > 6 else "O" for r in rows] if ents else None,
    )


def triples(exts: Sequence[Extraction]) -> list[tuple[str, ...]]:
    """``(subject, relation, *arguments)`` of each extraction, as written."""
    return [(e.arg1.text, e.relation, *(a.text for a in e.args)) for e in exts]


def fact(e: Extraction, name: str) -> object:
    """One fact of an extraction: ``triple``, ``roles`` (of its arguments), or an attribute
    path such as ``kind``, ``arg1.head`` or ``args.0.role``."""
    if name == "triple":
        return triples([e])[0]
    if name == "roles":
        return [a.role for a in e.args]
    value: object = e
    for part in name.split("."):
        value = cast(Sequence[object], value)[int(part)] if part.isdigit() else getattr(value, part)
    return value


#: Which extraction a check reads: its index, or the first one with these facts.
Pick = int | Mapping[str, object]


@dataclass(frozen=True)
class Case:
    """One construction: a parse and what the Open IE layer extracts from it."""

    rows: list[Row]
    #: (which extraction, the facts it must have), read in order
    checks: list[tuple[Pick, dict[str, object]]] = field(default_factory=list)
    #: how many extractions there are, where a case says so
    count: int | None = None
    #: the triples of all the extractions, in order, where a case says so
    triples: list[tuple[str, ...]] | None = None
    #: the kinds of all the extractions, in order, where a case says so
    kinds: list[str] | None = None
    #: tag every token's entity IOB (see :func:`parse`)
    ents: bool = True


def _pick(exts: list[Extraction], pick: Pick) -> Extraction:
    if isinstance(pick, int):
        return exts[pick]
    found = [e for e in exts if all(fact(e, k) == v for k, v in pick.items())]
    assert found, f"no extraction with {dict(pick)} in {triples(exts)}"
    return found[0]


def check(case: Case) -> None:
    """Assert everything ``case`` says about the extractions of its parse."""
    exts = extractions(parse(case.rows, ents=case.ents))
    if case.count is not None:
        assert len(exts) == case.count, triples(exts)
    if case.triples is not None:
        assert triples(exts) == case.triples
    if case.kinds is not None:
        assert [e.kind for e in exts] == case.kinds
    for pick, facts in case.checks:
        e = _pick(exts, pick)
        assert {k: fact(e, k) for k in facts} == facts, triples([e])


def check_entities(text: str, expected: Mapping[str, tuple[str, str] | None]) -> None:
    """Every mention written as a key of ``expected`` resolves to its (name, class)."""
    records = kg.entities(text)
    for written, want in expected.items():
        got = {(r.entity, r.type) for r in records if r.text == written}
        if want is None:
            assert got <= {(None, None)}, f"{written!r} is no entity, got {got}"
        else:
            assert got == {want}, f"{written!r}: expected {want}, got {got or 'no mention'}"


def entity_ids(rows: Sequence[Any]) -> list[str]:
    """Test ids for a table of (text, expected) rows: the text's start, or a param's id."""
    return [r.id if hasattr(r, "marks") else r[0][:60] for r in rows]
