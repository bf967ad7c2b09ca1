"""What the explorer's side panel shows about a node and its facts, as plain data.

The page's side panel lists a clicked node's facts grouped by relation, each
with its source sentence and the two entities' mentions highlighted. The store
keeps a statement's sentence text and the character span of the whole
statement, not of its subject and object mentions, so :func:`mention_marks`
finds the mentions again: the occurrences of each end's label or aliases in the
sentence, case-insensitively, longest names first, never overlapping.

The hover tooltips (:func:`node_title`, :func:`edge_title`) are here too, as
plain text lines. Everything here is JSON-ready and untrusted text; the page builds DOM text
nodes from it (a mark is a pair of offsets, never markup).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from kg.store.network import event_text

#: Sentences longer than this are cut in edge tooltips.
SENTENCE_CHARS = 400
#: A node tooltip lists this many of its events ("open in 1932"), each cut to EVENT_CHARS.
EVENTS_SHOWN = 10
EVENT_CHARS = 80

#: Sentences longer than this are cut in the panel (the cut keeps the marks inside it).
PANEL_SENTENCE_CHARS = 1000
#: Names shorter than this are not searched for in a sentence (too many false hits).
MIN_MARK_CHARS = 2


def mention_marks(
    sentence: str, subject_names: Iterable[str], object_names: Iterable[str] = ()
) -> list[list[Any]]:
    """Where the subject's and object's names occur in ``sentence``: ``[start, end, role]``.

    ``role`` is ``"s"`` (subject) or ``"o"`` (object); offsets are Python string
    indices, half-open, sorted; longer names win over shorter ones they overlap.

    Example:
        >>> mention_marks("Ada met BOB and Ada Lovelace.", ["Ada Lovelace", "Ada"], ["Bob"])
        [[0, 3, 's'], [8, 11, 'o'], [16, 28, 's']]
        >>> mention_marks("no names here", ["Ada"])
        []
    """
    names = [(name, "s") for name in subject_names] + [(name, "o") for name in object_names]
    names = [(n.strip(), r) for n, r in names if len(n.strip()) >= MIN_MARK_CHARS]
    names.sort(key=lambda item: -len(item[0]))
    # str.lower keeps lengths for nearly all text; where it does not, search case-sensitively.
    lowered = sentence.lower()
    haystack, fold = (lowered, str.lower) if len(lowered) == len(sentence) else (sentence, str)
    marks: list[list[Any]] = []  # each [start, end, role]; never two that overlap
    for name, role in names:
        wanted = fold(name)
        start = haystack.find(wanted)
        while start != -1:
            end = start + len(wanted)
            whole = _boundary(haystack, start - 1) and _boundary(haystack, end)
            if whole and not any(s < end and start < e for s, e, _ in marks):
                marks.append([start, end, role])
            start = haystack.find(wanted, start + 1)
    return sorted(marks)


def _boundary(text: str, index: int) -> bool:
    """Whether ``text[index]`` is outside the text or not a word character."""
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")


def edge_status(attrs: Mapping[str, Any]) -> str:
    """How a statement is meant: ``asserted``, or negated / hedged / attributed.

    Example:
        >>> edge_status({"polarity": "negative", "attribution": "the union"})
        'negated, attributed to the union'
        >>> edge_status({})
        'asserted'
    """
    parts = []
    if attrs.get("polarity") == "negative":
        parts.append("negated")
    if attrs.get("modality"):
        parts.append(f"hedged ({attrs['modality']})")
    if attrs.get("attribution"):
        parts.append(f"attributed to {attrs['attribution']}")
    return ", ".join(parts) if parts else "asserted"


def confidence_of(attrs: Mapping[str, Any]) -> float | None:
    """The confidence as a finite float, or None when missing or not a number.

    Example:
        >>> confidence_of({"confidence": 0.5}), confidence_of({"confidence": float("nan")})
        (0.5, None)
    """
    value = attrs.get("confidence")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def fact_fields(
    attrs: Mapping[str, Any], subject_names: Iterable[str], object_names: Iterable[str]
) -> dict[str, Any]:
    """The panel's fields of one edge: sentence and marks, document, confidence, time, status.

    Example:
        >>> f = fact_fields({"sentence": "Ada met Bob.", "time": "1833", "doc": "d"},
        ...                 ["Ada"], ["Bob"])
        >>> f["marks"], f["time"], f["status"], f["confidence"]
        ([[0, 3, 's'], [8, 11, 'o']], '1833', 'asserted', None)
    """
    sentence = " ".join(str(attrs.get("sentence") or "").split())
    if len(sentence) > PANEL_SENTENCE_CHARS:
        sentence = sentence[: PANEL_SENTENCE_CHARS - 1].rstrip() + "…"
    return {
        "sentence": sentence,
        "marks": mention_marks(sentence, subject_names, object_names),
        "doc": str(attrs.get("doc") or ""),
        "confidence": confidence_of(attrs),
        "time": None if attrs.get("time") is None else str(attrs["time"]),
        "time_text": None if attrs.get("time_text") is None else str(attrs["time_text"]),
        "status": edge_status(attrs),
    }


def node_fields(attrs: Mapping[str, Any], docs: Iterable[str]) -> dict[str, Any]:
    """The panel's fields of one node: aliases, documents and events (statements without object).

    Example:
        >>> node_fields({"label": "A", "aliases": ["B", "A"], "events": [
        ...     {"relation": "open", "time": "1932", "doc": "d2"}]}, ["d1"])
        {'aliases': ['B'], 'docs': ['d1', 'd2'], 'events': [{'text': 'open 1932', 'time': '1932'}]}
    """
    label = attrs.get("label")
    events = list(attrs.get("events") or ())
    found = {str(d) for d in docs if d} | {str(e["doc"]) for e in events if e.get("doc")}
    return {
        "aliases": sorted({str(a) for a in attrs.get("aliases") or () if str(a) != label}),
        "docs": sorted(found),
        "events": [
            {"text": event_text(e), "time": None if e.get("time") is None else str(e["time"])}
            for e in events
        ],
    }


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def node_title(label: str, entity_type: str, attrs: Mapping[str, Any], degree: int) -> str:
    """A node's tooltip: name, class, aliases, connections, events, IRI (plain text lines)."""
    lines = [label, f"Type: {entity_type}"]
    aliases = sorted({str(a) for a in attrs.get("aliases") or () if str(a) != label})
    if aliases:
        lines.append("Also known as: " + ", ".join(aliases))
    lines.append(f"Connections: {degree}")
    events = [event_text(e) for e in attrs.get("events") or ()]
    if events:
        shown = [shorten(e, EVENT_CHARS) for e in events[:EVENTS_SHOWN]]
        more = len(events) - len(shown)
        lines.append("Events: " + "; ".join(shown) + (f"; … {more} more" if more > 0 else ""))
    if attrs.get("iri"):
        lines.append(f"IRI: {attrs['iri']}")
    return "\n".join(lines)


def time_line(attrs: Mapping[str, Any]) -> str | None:
    """The "Time: …" line of a tooltip: the time as written, and normalised when it differs.

    Example:
        >>> time_line({"time": "1967-03", "time_text": "in March 1967"})
        'Time: in March 1967 (1967-03)'
        >>> time_line({"time_text": "last year"}), time_line({})
        ('Time: last year', None)
    """
    text, value = attrs.get("time_text"), attrs.get("time")
    if not text and not value:
        return None
    if text and value and str(value) not in str(text):
        return f"Time: {text} ({value})"
    return f"Time: {text or value}"


def edge_title(source: str, relation: str, target: str, attrs: Mapping[str, Any]) -> str:
    """An edge's tooltip: the fact, time, sentence, document, confidence, status."""
    lines = [f"{source} — {relation} → {target}"]
    when = time_line(attrs)
    if when:
        lines.append(when)
    sentence = attrs.get("sentence")
    if sentence:
        lines.append(f"“{shorten(str(sentence), SENTENCE_CHARS)}”")
    if attrs.get("doc"):
        lines.append(f"Document: {attrs['doc']}")
    confidence = confidence_of(attrs)
    if confidence is not None:
        lines.append(f"Confidence: {confidence:.2f}")
    lines.append(f"Status: {edge_status(attrs)}")
    return "\n".join(lines)
