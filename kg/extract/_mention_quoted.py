"""Quoted titles of works and products ("the novel 'Dune'")."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from kg.extract._deps import VERB_OR_PRON_POS
from kg.extract._mention import CLOSE_QUOTES, OPEN_QUOTES, Mention
from kg.extract._name_shapes import is_title_word, normalise_name
from kg.extract._sentences import tokens_with

if TYPE_CHECKING:
    from spacy.tokens import Doc


#: Kinds of made things and of works a quoted name may be (lower case, singular).
PRODUCT_KINDS = frozenset(
    "locomotive engine ship boat steamboat steamer vessel car automobile truck aircraft "
    "airplane plane rocket satellite yacht".split()
)
_WORK_KINDS = frozenset(
    "song single album book novel film movie poem play series show magazine newspaper "
    "track record opera painting musical episode".split()
)
_MAX_TITLE_WORDS = 4


#: Small words a title may hold in lower case ("Say It Right", "Man of the Year").
_TITLE_SMALL = frozenset("of the a an and in on at to for".split())


def quoted_titles(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Names written in quotation marks that the NER missed: 'the "Rocket"', 'the single
    "Say It Right"'; a product or a work by the kind noun before the quote, else by the
    kinds the document talks about most."""
    from spacy.attrs import ORTH

    quotes = tokens_with(doc, ORTH, OPEN_QUOTES | CLOSE_QUOTES)
    if not quotes:
        return []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found: list[tuple[int, int]] = []
    i = quotes[0]
    while i < len(doc):
        if doc[i].text not in OPEN_QUOTES:
            i = next((q for q in quotes if q > i), len(doc))
            continue
        close = next(
            (k for k in range(i + 1, min(len(doc), i + _MAX_TITLE_WORDS + 2))
             if doc[k].text in CLOSE_QUOTES),
            -1,
        )  # fmt: skip
        if close < 0:
            i += 1
            continue
        toks = doc[i + 1 : close]
        if (
            len(toks)
            and toks[0].text[:1].isupper()
            and all(t.text[:1].isupper() or t.like_num or t.lower_ in _TITLE_SMALL for t in toks)
            and not any(t.i in covered for t in toks)
            and not any(t.pos_ in VERB_OR_PRON_POS for t in toks)
        ):
            found.append((i + 1, close))
        i = close + 1
    return _title_mentions(doc, found)


def _title_mentions(doc: Doc, spans: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of the quoted titles ``spans``: a product or a work by the kind noun before
    the quote, else by the kinds the document talks about most."""
    from spacy.attrs import LEMMA

    if not spans:
        return []
    kinds = Counter(
        "Product" if doc[k].lemma_ in PRODUCT_KINDS else "CreativeWork"
        for k in tokens_with(doc, LEMMA, PRODUCT_KINDS | _WORK_KINDS)
        if doc[k].pos_ == "NOUN"
    )
    default = "Product" if kinds["Product"] > kinds["CreativeWork"] else "CreativeWork"
    out = []
    for a, b in spans:
        k = a - 3 if a >= 3 and doc[a - 2].text == "," else a - 2  # 'the song, "..."'
        before = doc[k] if k >= 0 else None
        if before is not None and before.lemma_ in PRODUCT_KINDS:
            etype = "Product"
        elif before is not None and before.lemma_ in _WORK_KINDS:
            etype = "CreativeWork"
        else:
            etype = default  # "Novelty", in an article about locomotives
        out.append(Mention(a, b, normalise_name(doc[a:b].text), etype))
    return out


#: Clitics a title may hold in lower case ("I'm Like a Bird", "Elin's Song").
_TITLE_CLITICS = frozenset({"'s", "’s", "'m", "’m", "n't", "n’t", "'re", "'ll", "'ve", "'d"})
_MAX_TITLE_OVER_NAMES = 8


def titles_over_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the names inside a quoted title replaced by the title: the poem
    "Speaking of Greenberg" is no mention of Greenberg, nor the book "The Ordeal of
    Woodrow Wilson" of Wilson. A title is written in title case, holds a name and more
    than a determiner or a person's title besides ('"The Beatles"' stays the band's name)."""
    from spacy.attrs import ORTH

    quotes = tokens_with(doc, ORTH, OPEN_QUOTES | CLOSE_QUOTES)
    spans: list[tuple[int, int]] = []
    for n, i in enumerate(quotes[:-1]):
        close = quotes[n + 1]
        a, b = i + 1, close
        if doc[i].text not in OPEN_QUOTES or doc[close].text not in CLOSE_QUOTES:
            continue
        if b - a > 1 and doc[b - 1].text in (",", "."):
            b -= 1  # '"Speaking of Greenberg,"': the comma of the sentence
        if not 2 <= b - a <= _MAX_TITLE_OVER_NAMES or not doc[a].text[:1].isupper():
            continue
        if not all(
            t.text[:1].isupper() or t.like_num or t.lower_ in _TITLE_SMALL | _TITLE_CLITICS
            for t in doc[a:b]
        ):
            continue
        inside = [m for m in mentions if a <= m.start and m.end <= b]
        if not inside or any(
            m.start < b and a < m.end and not (a <= m.start and m.end <= b) for m in mentions
        ):
            continue
        if any((m.start, m.end) == (a, b) for m in inside):
            continue  # the whole title is a name already
        named = {k for m in inside for k in range(m.start, m.end)}
        rest = [t for t in doc[a:b] if t.i not in named]
        words = [
            t
            for t in rest
            if t.text[:1].isupper() and t.lower_ not in _TITLE_SMALL and not is_title_word(t)
        ]  # '"Dr. Nils Wenck"' is the man's name with his title
        if words or len(inside) > 1:  # "A Cloudy Day on the West Side"
            spans.append((a, b))
    if not spans:
        return mentions
    kept = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in spans)]
    return kept + _title_mentions(doc, spans)
