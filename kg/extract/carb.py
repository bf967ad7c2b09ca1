"""The Open IE layer in CaRB's tab format, for the CaRB benchmark.

Each line is ``sentence \\t confidence \\t relation \\t arg1 \\t arg2 \\t arg3 ...``
(CaRB's "tabbed" system format). The extractions are those of
:func:`kg.extract.clauses.extractions`, rendered the way CaRB's annotators
write tuples: a copula's relational noun stays in the second argument
("is" + "the capital of Portugal"), and statements with fewer than two
arguments are left out (the metric scores them zero).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.extract._deps import COMMON_NOUN_OR_ADJ_POS
from kg.extract.clauses import extractions
from kg.model import Extraction

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Lines per ``nlp.pipe`` batch when reading one sentence per line.
BATCH_SIZE = 64


#: How an "is" that the sentence does not write is rendered: tenseless, as
#: Open IE systems write an implied copula (CaRB matches it with any "be" form).
IMPLICIT_BE = "be"

#: Constructions whose "is" is implied, not written.
_IMPLICIT_KINDS = frozenset({"apposition", "possessive", "title", "locative"})


def to_carb(text: str, *, sentence_per_line: bool = False) -> Iterator[str]:
    """Extract from ``text`` and yield CaRB tab-format lines (no trailing newline).

    Args:
        text: the input text.
        sentence_per_line: treat each line as one sentence and echo it
            unchanged in the first column (blank lines are skipped); otherwise
            parse ``text`` as one document and split it into spaCy sentences.

    Yields:
        ``sentence \\t confidence \\t relation \\t arg1 \\t arg2 ...`` lines.

    Example:
        >>> line = next(to_carb("The bridge was designed by Gustave Eiffel."))
        >>> line.split("\\t")[2:]
        ['was designed by', 'The bridge', 'Gustave Eiffel']
    """
    from kg import nlp

    pipeline = nlp.load()
    if sentence_per_line:
        lines = [line for line in text.splitlines() if line.strip()]
        for line, doc in zip(lines, pipeline.pipe(lines, batch_size=BATCH_SIZE), strict=True):
            for ex in extractions(doc):
                yield from _lines(line, ex, doc)
        return
    doc = pipeline(text)
    for ex in extractions(doc):
        yield from _lines(doc.text[ex.sentence_start : ex.sentence_end], ex, doc)


def carb_fields(ex: Extraction, doc: Doc) -> list[str]:
    """Relation and arguments of one extraction as CaRB annotators write them.

    A copula or apposition with a relational noun, stored as (Lisbon; is the
    capital of; Portugal), becomes (Lisbon; is; the capital of Portugal); a
    title or possessive, stored as (Todd Graves; is Attorney of; U.S.),
    becomes (Todd Graves; be; former U.S. Attorney), the title as written.
    An "is" the sentence does not write (appositions, titles, locatives)
    becomes :data:`IMPLICIT_BE`.
    """
    relation = ex.relation
    args = [a.text for a in ex.args]
    if ex.kind in ("copula", "apposition") and _has_relational_noun(ex, doc):
        first = min(t.i for t in doc[ex.predicate].subtree)
        verb_ids = [i for i in ex.rel_tokens if i < first]
        noun_ids = [i for i in ex.rel_tokens if i >= first]
        relation = " ".join([IMPLICIT_BE] if not verb_ids else [doc[i].text for i in verb_ids])
        args[0] = " ".join([*(doc[i].text for i in noun_ids), args[0]])
    elif ex.kind in ("title", "possessive") and ex.rel_tokens and ex.args:
        relation = IMPLICIT_BE
        args[0] = _title_phrase(ex, doc)
    elif ex.kind in _IMPLICIT_KINDS and relation.startswith("is"):
        relation = IMPLICIT_BE + relation[2:]
    elif ex.kind == "participle":
        # "a company based in Lyon": (a company; be based in; Lyon)
        relation = f"{IMPLICIT_BE} {relation}"
    return [relation, ex.arg1.text, *args]


def _has_relational_noun(ex: Extraction, doc: Doc) -> bool:
    return bool(ex.rel_tokens) and doc[ex.predicate].pos_ in COMMON_NOUN_OR_ADJ_POS


def _title_phrase(ex: Extraction, doc: Doc) -> str:
    """The title and its organisation as written, without the person's name."""
    obj = ex.args[0]
    ids = set(ex.rel_tokens)
    ids.update(t.i for t in doc.char_span(obj.start, obj.end, alignment_mode="expand") or ())
    name = doc.char_span(ex.arg1.start, ex.arg1.end, alignment_mode="expand")
    name_ids = {t.i for t in name} if name is not None else set()
    span = [t for t in doc[min(ids) : max(ids) + 1] if t.i not in name_ids]
    return " ".join(t.text for t in span)


def _lines(sentence: str, ex: Extraction, doc: Doc) -> Iterable[str]:
    if not ex.args:
        return
    fields = [_one_line(sentence), f"{ex.confidence:.4f}", *map(_clean, carb_fields(ex, doc))]
    yield "\t".join(fields)


def _one_line(text: str) -> str:
    """The text with tabs and line breaks turned into spaces, otherwise unchanged."""
    return " ".join(text.splitlines()).replace("\t", " ")


def _clean(field: str) -> str:
    """One line, no tabs, single spaces: CaRB splits on tabs and newlines."""
    return " ".join(field.split())
