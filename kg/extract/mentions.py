"""Name mentions in a parsed document: the NER's spans cleaned, and the names it missed.

A mention is a span of tokens that names something: a person, an
organisation, a place, an award ... Finding them is the first step of entity
resolution (``kg.extract.entities`` merges them into entities):

- NER spans lose determiners, titles, trailing possessives and punctuation,
  and the words the small model swept in ("Meitner became", "Surely Hahn");
- a span is extended over the head word that makes it a thing of its own
  class ("Otto Hahn" + "Prize") and retyped by that head;
- proper-noun chains the NER missed become mentions when their context says
  what they are (a title before them, a known surname, an organisation ending,
  a name head word, a country or capital);
- inside parentheses after a name, acronyms, native names and former names
  ("Dutch East India Company (Dutch: Vereenigde Oostindische Compagnie, VOC)")
  are mentions linked to that name;
- an all-capitals word that spells the initials of a name ("KWI") is a mention
  even when the NER missed it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract import _mention_asides as asides
from kg.extract._deps import NOMINAL_SUBJ_DEPS, OPENER_NON_NOUN_POS
from kg.extract._mention import Mention
from kg.extract._mention_heads import POSSESSIVE_MARKS, head_word_class
from kg.extract._mention_missed import acronym_mentions, missed_mentions
from kg.extract._mention_ner import ner_mentions, person_parts
from kg.extract._mention_quoted import quoted_titles, titles_over_names
from kg.extract._name_shapes import common_words, lowercase, normalise_name
from kg.extract._sentences import name_like_tokens
from kg.extract.gender import is_given_name
from kg.extract.lexicon import DEMONYMS
from kg.extract.names import PARTICLES, name_head, person_name, title_of_place, words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def name_mentions(doc: Doc) -> list[Mention]:
    """Every name mention of a document, in order (``link`` indices point into the list).

    Example:
        >>> doc = kg.nlp.parse("The Nordic Maritime Council (NMC) met. Later the NMC voted.")
        >>> [(m.text, m.type, m.link_rule) for m in name_mentions(doc)]
        [('Nordic Maritime Council', 'Organization', ''), ('NMC', 'Organization', 'acronym'), \
('NMC', 'Organization', '')]
    """
    candidates = name_like_tokens(doc)
    mentions = _split_runs_of_names(doc, ner_mentions(doc))
    mentions += missed_mentions(doc, mentions, candidates)
    mentions += quoted_titles(doc, mentions)
    mentions = titles_over_names(doc, mentions)
    mentions = _strip_openers(doc, mentions)
    mentions.sort(key=lambda m: m.start)
    mentions = _drop_overlaps(_extend_to_known_events(doc, _year_awards(doc, mentions)))
    for n, m in enumerate(mentions):
        if m.link_rule == "nickname":  # "Hank" in Henry Benjamin "Hank" Greenberg
            m.link = next(
                (k for k in range(n - 1, -1, -1) if mentions[k].start < m.start < mentions[k].end),
                -1,
            )
    labels = asides.language_labels(doc, mentions)
    mentions = [m for m in mentions if not all(t in labels for t in range(m.start, m.end))]
    spoken = set(asides.language_mentions(doc, mentions))
    for n, m in enumerate(mentions):
        if n in spoken:
            m.type = "Language"  # "sung in Portuguese": the language, not the country
        elif m.type == "Language" and m.text.lower() in DEMONYMS:
            m.type = "Place"  # "fought the English", whatever the NER said: the country
    for extra in asides.parenthetical_mentions(doc, mentions):
        same = next((m for m in mentions if (m.start, m.end) == (extra.start, extra.end)), None)
        if same is not None:
            same.link, same.link_rule = extra.link, extra.link_rule
            if extra.link_rule != "acronym":
                same.type = extra.type  # "(transliterated: Juzur Hawar)" is no person
        elif not any(m.start < extra.end and extra.start < m.end for m in mentions):
            mentions.append(extra)
    for extra in asides.alias_mentions(doc, mentions):
        same = next((m for m in mentions if (m.start, m.end) == (extra.start, extra.end)), None)
        if same is not None:
            same.link, same.link_rule, same.type = extra.link, extra.link_rule, "Person"
        elif not any(m.start < extra.end and extra.start < m.end for m in mentions):
            mentions.append(extra)
    mentions += acronym_mentions(doc, mentions, candidates)
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    new_index = {old: new for new, old in enumerate(order)}
    out = [mentions[i] for i in order]
    for m in out:
        if m.link >= 0:
            m.link = new_index[m.link]
    _link_metonyms(doc, out)
    _link_short_titles(doc, out)
    return out


def _link_short_titles(doc: Doc, mentions: list[Mention]) -> None:
    """ "The Duke" after "the Duke of Bridgewater": the title alone names the one who holds
    it last named (linked to that mention, ``link_rule`` "short-name")."""
    last: dict[str, int] = {}
    for n, m in enumerate(mentions):
        if title_of_place(m.text):
            last[m.text.split()[0].lower()] = n
        elif (
            m.link < 0
            and " " not in m.text
            and m.text.lower() in last
            and m.start > 0
            and doc[m.start - 1].lower_ == "the"
        ):
            m.link, m.link_rule, m.type = last[m.text.lower()], "short-name", "Person"


#: How far back (in tokens) a body named after a place is the one its place name stands for.
_METONYM_REACH = 80


def _link_metonyms(doc: Doc, mentions: list[Mention]) -> None:
    """A place's name that stands for a body named after it, as "other" says: in "Cologne
    has cooperations with 260 other universities", Cologne is a university, and the one
    of the document named after it ("University of Cologne") is meant. The mention is
    linked to that body's latest mention within ``_METONYM_REACH`` tokens before it, else
    to the only body named after the place (``link_rule`` "metonym")."""
    for m in mentions:
        if m.type != "Place" or m.link >= 0:
            continue
        kind = _other_kind(doc, doc[m.end - 1])
        if kind is None:
            continue
        bodies = {
            n: o
            for n, o in enumerate(mentions)
            if o.type == "Organization"
            and name_head(o.text) == kind
            and m.text in words_of(o.text)
            and o.text != m.text
        }
        if not bodies:
            continue
        # the body the text has just named ("The University of Cologne maintains ..."), else
        # the only one named after the place
        recent = [n for n, o in bodies.items() if m.start - _METONYM_REACH < o.end <= m.start]
        if recent or len({o.text for o in bodies.values()}) == 1:
            m.link, m.link_rule, m.type = (
                max(recent, default=min(bodies)),
                "metonym",
                "Organization",
            )


def _other_kind(doc: Doc, head: Token) -> str | None:
    """The noun that "other" qualifies in the clause a subject heads, or beside it in a
    list ("with 260 other universities", "Cologne and other universities"), singular and
    lower case; None when there is none."""
    if head.dep_ in NOMINAL_SUBJ_DEPS:
        scope = [t for t in head.head.subtree if t.i > head.i]
    elif head.dep_ in ("conj", "appos") or any(c.dep_ == "conj" for c in head.children):
        scope = [c for c in head.children if c.dep_ == "conj"]
        scope = [t for c in scope for t in c.subtree]
    else:
        return None
    for t in scope:
        if (
            t.lower_ == "other"
            and t.dep_ == "amod"
            and t.head.pos_ == "NOUN"
            and t.head.tag_ == "NNS"
        ):
            return t.head.lemma_.lower()
    return None


#: Marks a quoted clause opens with ("Sorry Hank, ..." after its quote).
_OPENING_QUOTES = frozenset("\"“‘'")


def _strip_openers(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A clause's first word the NER ran into a person's name is cut off it when the rest
    is a name a full name of the document uses: "Absent Greenberg, the Tigers lost",
    "Said Greenberg, ...", "Sorry Hank", "Incidents of anti-Semitism Greenberg faced"."""

    def opener(i: int) -> bool:
        return doc[i].is_sent_start or (i > 0 and doc[i - 1].text in _OPENING_QUOTES)

    def cut(m: Mention) -> int:
        """Where the name would begin without its stray first word (``m.start`` if none)."""
        start = m.start
        if m.type not in ("Person", "Group") or m.end - start < 2:
            return start
        first = doc[start]
        if lowercase(first) and first.lower_ not in PARTICLES:
            start += 1  # "anti-Semitism Greenberg": past the whole hyphenated word
            while start < m.end and (doc[start - 1].whitespace_ == "" or doc[start].is_punct):
                start += 1
        elif (
            opener(start)
            and not (m.end < len(doc) and doc[m.end].text in _OPENING_QUOTES | {"”"})  # "Big Ansel"
            and first.lower_ in common_words()
            and (first.pos_ in OPENER_NON_NOUN_POS or not is_given_name(first.text))
        ):
            start += 1
        return start

    names: set[str] = set()
    given: set[str] = set()
    for m in mentions:
        parsed = person_name(m.text) if m.type == "Person" else None
        if parsed is not None and parsed.full and cut(m) == m.start:
            names.update((parsed.surname, *parsed.given))
            given.update(parsed.given)
    if not names:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        start = cut(m)
        if start > m.start and doc[m.start].lower_ in given:
            start = m.start  # a given name of the document's people
        rest = normalise_name(doc[start : m.end].text) if start < m.end else ""
        if start > m.start and not (rest and all(w in names for w in rest.lower().split())):
            start = m.start  # "Rose Ellery" begins a sentence: a name, not an opener
        if start == m.start:
            out.append(m)
        else:
            out.append(Mention(start, m.end, rest, "Person", ner=m.ner, link=m.link,
                               link_rule=m.link_rule))  # fmt: skip
    return out


def _year_awards(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Awards "of the Year", whatever the NER made of them: "the BBC Overseas Sports
    Personality of the Year" (tagged without "the Year"), "Album of the Year", "a Juno
    Award for Single of the Year" (missed, or a person). Mentions inside one are dropped."""
    ends = [
        i + 3
        for i in range(1, len(doc) - 2)
        if doc[i].lower_ == "of" and doc[i + 1].lower_ == "the" and doc[i + 2].text == "Year"
    ]
    if not ends:
        return mentions
    awards: list[Mention] = []
    for end in ends:
        start = end - 3
        while start > 0 and end - start < 14:
            tok = doc[start - 1]
            if tok.text[:1].isupper() and not tok.is_sent_start and tok.lower_ != "the":
                start -= 1
            elif tok.lower_ == "for" and start > 1 and doc[start - 2].text[:1].isupper():
                start -= 1  # "Juno Award" + "for" + "Single of the Year"
            else:
                break
        if doc[start].lower_ != "for" and start < end - 3:
            text = normalise_name(doc[start:end].text)
            awards.append(Mention(start, end, text, "Award", ner=""))
    if not awards:
        return mentions
    kept = [
        m for m in mentions if not any(a.start <= m.start and m.end <= a.end + 1 for a in awards)
    ]
    return sorted(kept + awards, key=lambda m: m.start)


def _extend_to_known_events(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A place's name followed by the words of an event named elsewhere in the document
    is that event: "the Tulsa race riot 13 years later", where the parse lost the compound."""
    events = {m.text.lower() for m in mentions if m.type == "Event" and " " in m.text}
    if not events:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        for k in range(1, 4):
            if (
                m.type == "Event"
                or m.link_rule
                or m.end + k > len(doc)
                or doc[m.end + k - 1].is_punct
            ):
                break
            text = normalise_name(doc[m.start : m.end + k].text)
            if text.lower() in events:
                m = Mention(m.start, m.end + k, text, "Event", ner=m.ner)
                break
        out.append(m)
    return out


def _split_runs_of_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A span the NER ran over several people ("Federer, Nadal, Djokovic", "Timbaland on
    Furtado", tagged a work or a place) is cut into them when it names a known surname."""
    surnames = set()
    for m in mentions:
        parsed = person_name(m.text) if m.type == "Person" else None
        if parsed is not None and parsed.full:
            surnames.add(parsed.surname)
    out: list[Mention] = []
    for m in mentions:
        parts = person_parts(doc, m.start, m.end) if m.type != "Person" else []
        if any(t.text in POSSESSIVE_MARKS for t in doc[m.start : m.end]) and head_word_class(
            m.text.split()[-1]
        ):
            parts = []  # "Murray's Bay" is named after Murray, not a run of names
        words = [normalise_name(doc[a:b].text).lower() for a, b in parts]
        if len(parts) > 1 and any(w in surnames for w in words):
            for (a, b), w in zip(parts, words, strict=True):
                etype = "Person" if w in surnames else m.type
                out.append(Mention(a, b, normalise_name(doc[a:b].text), etype, ner=m.ner))
        else:
            out.append(m)
    return out


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longer of two overlapping mentions (the head-word extension can overlap)."""
    out: list[Mention] = []
    for m in mentions:
        if m.link_rule == "nickname":
            out.append(m)  # "Hank" inside Henry Benjamin "Hank" Greenberg stays
            continue
        last = next((k for k in range(len(out) - 1, -1, -1) if out[k].link_rule != "nickname"),
                    None)  # fmt: skip
        if last is not None and m.start < out[last].end:
            if m.end - m.start > out[last].end - out[last].start:
                out[last] = m
            continue
        out.append(m)
    return out
