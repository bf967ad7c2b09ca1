"""Time qualifiers: the words of a time argument → an ISO value where the text allows.

A statement's time is kept twice: as written (``Triple.time_text``, "in the
spring of 1932") and, when the words name one calendar day, month or year, as
a normalised value (``Triple.time``) that RDF writes as ``xsd:date``
("1878-11-07"), ``xsd:gYearMonth`` ("1967-03") or ``xsd:gYear`` ("1932").

Only a point the text pins down gets a value. A decade ("the 1930s"), a
relative time ("last year"), a day without a year ("December 15"), a range
("1932–1934", "1932 and 1933") and a time relative to another
("before 1932", "since 1932", "until 1932": not *in* 1932) keep their words
only. A part of a year or month ("the spring of 1932", "early March 1967")
gets the year or month it lies in.

Pure functions of text: no parse, no model.

Example:
    >>> normalize_time("in March 1967"), normalize_time("the 1930s")
    ('1967-03', None)
"""

from __future__ import annotations

import re
from datetime import date

#: Month names and abbreviations → month number.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

#: Prepositions that place a statement at the time they introduce ("in 1932", "on 7 May").
AT_PREPS = frozenset({"in", "on", "at", "during", "of", "around", "circa", "c.", "ca."})
#: Words that only narrow a year or month down ("the spring of", "early", "the end of").
WITHIN_WORDS = frozenset(
    """
    the a an early late mid middle end beginning start close spring summer autumn fall winter
    first second third fourth last half quarter part weeks months days year of
    """.split()
)
#: The years kg reads as years (four digits, not a number of things).
MIN_YEAR, MAX_YEAR = 1000, 2999

#: XML Schema datatype (local name) of each normalised form.
DATATYPES = {4: "gYear", 7: "gYearMonth", 10: "date"}

_WORD = re.compile(r"[A-Za-z]+\.?|\d+(?:st|nd|rd|th)?|[^\sA-Za-z\d]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def normalize_time(text: str) -> str | None:
    """The ISO value of a time phrase: "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when vague.

    Args:
        text: the time argument as written, preposition included ("on 7 November 1878").

    Returns:
        The most precise value the words pin down, or None when they name no
        single calendar day, month or year.

    Example:
        >>> normalize_time("on November 7, 1878"), normalize_time("in the spring of 1932")
        ('1878-11-07', '1932')
        >>> normalize_time("last year") is None, normalize_time("before 1932") is None
        (True, True)
    """
    iso = _ISO_DATE.fullmatch(text.strip())
    if iso:
        return _date(int(iso[1]), int(iso[2]), int(iso[3]))
    words = [w.lower() for w in _WORD.findall(text) if w not in (",", "-", "–")]
    while words and words[0] in AT_PREPS:
        words.pop(0)
    years = [i for i, w in enumerate(words) if w.isdigit() and len(w) == 4]
    if len(years) != 1 or not MIN_YEAR <= int(words[years[0]]) <= MAX_YEAR:
        return None  # no year, or two ("1932 and 1933"), or a number of things
    year = int(words[years[0]])
    rest = words[: years[0]] + words[years[0] + 1 :]
    months = [i for i, w in enumerate(rest) if w.rstrip(".") in MONTHS and _is_month(w, rest, i)]
    if len(months) > 1:
        return None
    if not months:
        return f"{year:04d}" if all(w in WITHIN_WORDS for w in rest) else None
    m = months[0]
    month = MONTHS[rest[m].rstrip(".")]
    others = rest[:m] + rest[m + 1 :]
    days = [w for w in others if _ORDINAL.fullmatch(w)]
    if not days:
        return f"{year:04d}-{month:02d}" if all(w in WITHIN_WORDS for w in others) else None
    if len(days) > 1 or not all(w in ("the", "of") or w == days[0] for w in others):
        return None
    match = _ORDINAL.fullmatch(days[0])
    assert match is not None
    return _date(year, month, int(match[1]))


def time_datatype(value: str) -> str:
    """The XML Schema datatype (local name) of a value of ``normalize_time``.

    Raises:
        ValueError: for a string that is none of the three forms.

    Example:
        >>> time_datatype("1932"), time_datatype("1967-03"), time_datatype("1878-11-07")
        ('gYear', 'gYearMonth', 'date')
    """
    kind = DATATYPES.get(len(value))
    if kind is None or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError(f"{value!r} is not a kg time value (YYYY, YYYY-MM or YYYY-MM-DD)")
    return kind


def _is_month(word: str, words: list[str], i: int) -> bool:
    """ "May" and "March" are months in a date; the other names always are."""
    if word not in ("may", "march"):
        return True
    return i == 0 or words[i - 1] in WITHIN_WORDS or bool(_ORDINAL.fullmatch(words[i - 1]))


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None  # "31 February 1900"
