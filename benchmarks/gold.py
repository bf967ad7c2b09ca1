"""Score a KG-layer extractor against a hand-written gold set.

The gold set (``tests/data/kg_gold.jsonl``; its conventions are written down in
``tests/data/README.md``; ``benchmarks.gold_file.load_gold`` reads it) holds one JSON
object per line::

    {"id": "passive-01", "construction": "passive",
     "text": "The Vessel Bridge was designed by Marta Kovac.",
     "expected": [["Marta Kovac", "design", "Vessel Bridge"]],
     "forbidden": [["Vessel Bridge", "design", "Marta Kovac"]],
     "hedged": [],
     "allowed": []}

- ``expected``: every triple the text asserts; each must come out asserted.
- ``forbidden``: triples that must never come out *asserted* (negated, hedged,
  reported or simply wrong readings).
- ``hedged``: triples the extractor should keep, not asserted, with the given
  ``polarity`` (default ``"positive"``), ``modality`` and ``attribution``
  (default None); ``"*"`` (``ANY``) there means "any non-empty value".
- ``allowed`` (optional): defensible extras, such as a place argument; when
  asserted they count neither for nor against precision.

Matching is strict about relations and forgiving only about surface noise in
node names: nodes compare case-insensitively after dropping leading
determiners, possessive endings, outer quotes and extra whitespace
(``normalize_node``); relations compare after lowercasing and collapsing
whitespace only (``normalize_relation``), so "capital" is not "capital of" and
"be based in" is not "based in".

Scores (``Counts``):

- precision = asserted predictions that are expected / asserted predictions,
  counting each distinct (normalised) triple once per case and leaving out
  ``allowed`` ones and statements without an object (a subject and a time,
  "opened in 1932": the gold holds triples only);
- recall = expected triples asserted / expected triples;
- forbidden violations = forbidden triples that were asserted;
- hedged recall = hedged triples found, not asserted, with the right polarity,
  modality and attribution / hedged triples.

Example:
    >>> from kg.model import Triple
    >>> case = GoldCase(
    ...     id="p1", construction="passive", text="The bridge was designed by Ana Ruiz.",
    ...     expected=(("Ana Ruiz", "design", "bridge"),),
    ...     forbidden=(("bridge", "design", "Ana Ruiz"),))
    >>> report = score_gold([case], lambda text: [Triple("Ana Ruiz", "design", "the bridge")])
    >>> report.total.precision, report.total.recall, report.total.forbidden_violations
    (1.0, 1.0, 0)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.model import Triple

#: A (subject, relation, object) triple as written in the gold file.
RawTriple = tuple[str, str, str]

#: Words dropped from the start of a node name before matching.
LEADING_DETERMINERS: frozenset[str] = frozenset({"the", "a", "an"})

#: In a ``hedged`` entry, the modality or attribution "any non-empty value".
ANY = "*"

POLARITIES: tuple[str, ...] = ("positive", "negative")

_OUTER_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def normalize_node(text: str) -> str:
    """A node name reduced to what matching compares.

    Lowercases, collapses whitespace, strips outer quotes, drops a possessive
    ending ("'s", or the bare apostrophe of "dockers'") from every word and
    drops leading determiners (``LEADING_DETERMINERS``) while another word follows.

    Example:
        >>> normalize_node("  The Russian   demand ")
        'russian demand'
        >>> normalize_node("Portugal\u2019s")
        'portugal'
        >>> normalize_node("the dockers' union")
        'dockers union'
        >>> normalize_node("A")
        'a'
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    words: list[str] = []
    for word in text.strip().strip(_OUTER_QUOTES).split():
        if word.endswith("'s"):
            word = word[:-2]
        elif word.endswith("s'"):
            word = word[:-1]
        if word:
            words.append(word)
    while len(words) > 1 and words[0] in LEADING_DETERMINERS:
        words.pop(0)
    return " ".join(words)


def normalize_relation(text: str) -> str:
    """A relation reduced to what matching compares: lowercase, single spaces.

    Example:
        >>> normalize_relation(" Capital  Of ")
        'capital of'
    """
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def triple_key(subject: str, relation: str, obj: str) -> RawTriple:
    """The normalised form two triples must share to match.

    Example:
        >>> triple_key("The Kremlin", "Meet  with", "Xi's")
        ('kremlin', 'meet with', 'xi')
    """
    return (normalize_node(subject), normalize_relation(relation), normalize_node(obj))


@dataclass(frozen=True, slots=True)
class HedgedTriple:
    """A gold triple the extractor should keep, but not as a plain fact."""

    triple: RawTriple
    polarity: str = "positive"
    modality: str | None = None
    attribution: str | None = None

    def matches(self, predicted: Triple) -> bool:
        """True when ``predicted`` is this triple, not asserted, with the same hedge.

        Example:
            >>> h = HedgedTriple(("Nordvik", "sign", "deal"), modality="refuse")
            >>> h.matches(Triple("Nordvik", "sign", "the deal", modality="refuse"))
            True
            >>> h.matches(Triple("Nordvik", "sign", "deal", modality="plan"))
            False
        """
        return (
            not predicted.asserted
            and triple_key(*self.triple)
            == triple_key(predicted.subject, predicted.relation, predicted.object)
            and predicted.polarity == self.polarity
            and _hedge_field_matches(self.modality, predicted.modality, normalize_relation)
            and _hedge_field_matches(self.attribution, predicted.attribution, normalize_node)
        )


def _hedge_field_matches(
    gold: str | None, predicted: str | None, norm: Callable[[str], str]
) -> bool:
    if not predicted:
        return gold is None
    if gold is None:
        return False
    return gold == ANY or norm(gold) == norm(predicted)


@dataclass(frozen=True, slots=True)
class GoldCase:
    """One gold text with the triples it must, must not and may yield."""

    id: str
    construction: str
    text: str
    expected: tuple[RawTriple, ...] = ()
    forbidden: tuple[RawTriple, ...] = ()
    hedged: tuple[HedgedTriple, ...] = ()
    allowed: tuple[RawTriple, ...] = ()


@dataclass(slots=True)
class Counts:
    """Tallies behind the scores; ``+=`` adds another ``Counts``."""

    cases: int = 0
    predicted: int = 0
    correct: int = 0
    expected: int = 0
    found: int = 0
    forbidden_violations: int = 0
    hedged: int = 0
    hedged_found: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.cases += other.cases
        self.predicted += other.predicted
        self.correct += other.correct
        self.expected += other.expected
        self.found += other.found
        self.forbidden_violations += other.forbidden_violations
        self.hedged += other.hedged
        self.hedged_found += other.hedged_found
        return self

    @property
    def precision(self) -> float:
        """Correct / asserted predictions; 0.0 when nothing was asserted."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Expected triples found / expected triples; 0.0 when none were expected."""
        return self.found / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def hedged_recall(self) -> float:
        """Hedged triples found with the right hedge / hedged triples; 0.0 when none."""
        return self.hedged_found / self.hedged if self.hedged else 0.0


@dataclass(frozen=True, slots=True)
class CaseScore:
    """How the extractor did on one gold case, with the triples behind each error."""

    case: GoldCase
    counts: Counts
    false_positives: tuple[RawTriple, ...] = ()
    missed: tuple[RawTriple, ...] = ()
    violations: tuple[RawTriple, ...] = ()
    missed_hedged: tuple[HedgedTriple, ...] = ()


@dataclass(slots=True)
class GoldReport:
    """Scores over a whole gold set: per case, per construction and in total."""

    cases: list[CaseScore] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        """Counts summed over every case (micro-averaged scores)."""
        total = Counts()
        for score in self.cases:
            total += score.counts
        return total

    def by_construction(self) -> dict[str, Counts]:
        """Counts per construction, in order of first appearance."""
        groups: dict[str, Counts] = {}
        for score in self.cases:
            groups.setdefault(score.case.construction, Counts())
            groups[score.case.construction] += score.counts
        return groups


def score_case(case: GoldCase, predictions: Iterable[Triple]) -> CaseScore:
    """Compare one case's predicted triples with its gold.

    Example:
        >>> case = GoldCase(id="n1", construction="negation", text="Nordvik did not sign it.",
        ...     forbidden=(("Nordvik", "sign", "deal"),),
        ...     hedged=(HedgedTriple(("Nordvik", "sign", "deal"), polarity="negative"),))
        >>> s = score_case(case, [Triple("Nordvik", "sign", "deal", polarity="negative")])
        >>> s.counts.predicted, s.counts.forbidden_violations, s.counts.hedged_found
        (0, 0, 1)
    """
    # A statement without an object ("opened in 1932") is a time, not a triple: not scored.
    predictions = [p for p in predictions if p.object]
    asserted: dict[RawTriple, RawTriple] = {}
    for triple in predictions:
        if triple.asserted:
            raw = (triple.subject, triple.relation, triple.object)
            asserted.setdefault(triple_key(*raw), raw)
    expected = {triple_key(*t) for t in case.expected}
    allowed = {triple_key(*t) for t in case.allowed} - expected
    scored = [key for key in asserted if key not in allowed]
    correct = [key for key in scored if key in expected]
    missed = tuple(t for t in case.expected if triple_key(*t) not in asserted)
    violations = tuple(t for t in case.forbidden if triple_key(*t) in asserted)
    missed_hedged = tuple(h for h in case.hedged if not any(h.matches(p) for p in predictions))
    counts = Counts(
        cases=1,
        predicted=len(scored),
        correct=len(correct),
        expected=len(expected),
        found=len(expected) - len({triple_key(*t) for t in missed}),
        forbidden_violations=len(violations),
        hedged=len(case.hedged),
        hedged_found=len(case.hedged) - len(missed_hedged),
    )
    return CaseScore(
        case=case,
        counts=counts,
        false_positives=tuple(asserted[key] for key in scored if key not in expected),
        missed=missed,
        violations=violations,
        missed_hedged=missed_hedged,
    )


def score_gold(cases: Iterable[GoldCase], extract: Callable[[str], Iterable[Triple]]) -> GoldReport:
    """Run ``extract`` over every case's text and score the results.

    Args:
        cases: gold cases, usually from ``load_gold``.
        extract: a function from text to KG-layer triples, such as ``kg.extract``.

    Returns:
        A ``GoldReport``; ``report.total`` holds the overall scores.
    """
    return GoldReport([score_case(case, extract(case.text)) for case in cases])


def format_report(report: GoldReport, *, details: bool = False) -> str:
    """The report as a plain-text table, one row per construction and a total.

    Args:
        report: from ``score_gold``.
        details: also list, case by case, the missed, spurious and forbidden
            triples and the missed hedged ones.

    Example:
        >>> print(format_report(GoldReport()).splitlines()[0])
        construction         cases  asserted  prec.  expected  recall  forbidden  hedged  hedged-r
    """
    header = (
        f"{'construction':<20} {'cases':>5} {'asserted':>9} {'prec.':>6} {'expected':>9} "
        f"{'recall':>7} {'forbidden':>10} {'hedged':>7} {'hedged-r':>9}"
    )
    lines = [header, "-" * len(header)]
    rows = [*report.by_construction().items(), ("TOTAL", report.total)]
    for name, c in rows:
        if name == "TOTAL":
            lines.append("-" * len(header))
        lines.append(
            f"{name:<20} {c.cases:>5} {c.predicted:>9} {_ratio(c.correct, c.predicted):>6} "
            f"{c.expected:>9} {_ratio(c.found, c.expected):>7} {c.forbidden_violations:>10} "
            f"{c.hedged:>7} {_ratio(c.hedged_found, c.hedged):>9}"
        )
    if details:
        for score in report.cases:
            lines.extend(_case_details(score))
    return "\n".join(lines)


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "-"


def _case_details(score: CaseScore) -> list[str]:
    problems = [
        *(f"  missed     {list(t)}" for t in score.missed),
        *(f"  spurious   {list(t)}" for t in score.false_positives),
        *(f"  FORBIDDEN  {list(t)}" for t in score.violations),
        *(
            f"  unhedged   {list(h.triple)} polarity={h.polarity} modality={h.modality} "
            f"attribution={h.attribution}"
            for h in score.missed_hedged
        ),
    ]
    if not problems:
        return []
    return ["", f"{score.case.id} ({score.case.construction}): {score.case.text}", *problems]
