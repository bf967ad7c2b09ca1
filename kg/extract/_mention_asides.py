"""Other names of a name, given beside it: in parentheses (acronyms, native names, former
names: "Dutch East India Company (Dutch: Vereenigde Oostindische Compagnie, VOC)") and after
a nickname cue ("nicknamed 'the Hammer'").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._deps import TIME_OR_COUNT_ENTS
from kg.extract._mention import CLOSE_QUOTES, OPEN_QUOTES, QUOTE_MARKS, Mention
from kg.extract._name_shapes import looks_personal, normalise_name
from kg.extract._sentences import Sentences, tokens_with
from kg.extract.names import is_acronym, is_acronym_of, title_of_place

if TYPE_CHECKING:
    from spacy.tokens import Doc


#: Words in parentheses after a name that say the next words are another name of it.
_OTHER_NAME_CUES = frozenset(
    {"formerly", "now", "later", "previously", "originally", "officially", "also", "known",
     "or", "aka", "abbreviated", "short", "today"}
)  # fmt: skip
#: Language labels that introduce a native name ("Dutch: Vereenigde ...").
_LANGUAGE_LABELS = frozenset(
    """dutch german french latin spanish italian portuguese russian chinese japanese arabic
    hebrew greek swedish norwegian danish finnish polish czech hungarian turkish persian irish
    welsh gaelic afrikaans catalan basque korean hindi urdu romanian serbian croatian
    ukrainian icelandic estonian latvian lithuanian malay indonesian vietnamese thai native
    local transliterated transliteration romanized romanised romanization romanisation pinyin
    lit""".split()
)


def _paren_items(doc: Doc, open_i: int) -> list[tuple[int, int, str]]:
    """The comma/semicolon-separated items inside the parenthesis opening at ``open_i``,
    each with the cue word that introduced it ("" when none)."""
    items: list[tuple[int, int, str]] = []
    i, start, cue = open_i + 1, open_i + 1, ""
    limit = min(len(doc), open_i + 40)
    while i < limit and doc[i].text != ")":
        tok = doc[i]
        if tok.text in (",", ";", ":") or (tok.lower_ == "or" and i > start):
            if tok.text == ":" and all(t.lower_ in _LANGUAGE_LABELS for t in doc[start:i]):
                cue = "native"  # "Dutch: Vereenigde Oostindische Compagnie"
            elif start < i:
                items.append((start, _unquoted_end(doc, start, i), cue))
                cue = ""
            start = i + 1
        elif i == start and tok.lower_ in _OTHER_NAME_CUES:
            cue, start = cue or "other", i + 1
        elif i == start and tok.text in QUOTE_MARKS:
            cue, start = cue or "other", i + 1  # (VOC, "United East India Company")
        elif tok.text in QUOTE_MARKS and i > start:
            pass
        elif i == start and tok.lower_ in ("as", "the", "a"):
            start = i + 1  # "also known as", "the"
        i += 1
    if i < limit and start < i:
        items.append((start, _unquoted_end(doc, start, i), cue))
    return items if i < limit else []


def language_labels(doc: Doc, mentions: list[Mention]) -> set[int]:
    """Tokens of the language labels in the parentheses after a name ("Arabic" in
    "(Arabic: ...)"): a label, not a mention of a language or a people."""
    out: set[int] = set()
    for m in mentions:
        if m.end >= len(doc) or doc[m.end].text != "(":
            continue
        start = m.end + 1
        for i in range(m.end + 1, min(len(doc), m.end + 40)):
            tok = doc[i]
            if tok.text == ")":
                break
            if tok.text in (",", ";", ":"):
                if tok.text == ":" and all(t.lower_ in _LANGUAGE_LABELS for t in doc[start:i]):
                    out.update(range(start, i))
                start = i + 1
    return out


def _unquoted_end(doc: Doc, start: int, end: int) -> int:
    while end > start + 1 and doc[end - 1].text in QUOTE_MARKS:
        end -= 1
    return end


def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
    toks = doc[start:end]
    if not len(toks) or not toks[0].text[:1].isupper() or not toks[-1].text[:1].isupper():
        return False
    return not any(t.like_num or t.ent_type_ in TIME_OR_COUNT_ENTS for t in toks)


#: Words after which quoted names are a person's nicknames ("nicknamed", "known as").
_NICKNAME_CUES = frozenset({"nicknamed", "nickname", "nicknames", "dubbed", "known"})
_MAX_ALIAS_WORDS = 4


def alias_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A person's other names written out after their name in one sentence: the quoted
    names after "nicknamed" or "known as" ('Ansel Marrow, nicknamed "the Hammer" or
    "Big Ansel"'), and a birth name ("Ansel Marrow was born Anselm Marowitz")."""
    people = [(n, m) for n, m in enumerate(mentions) if m.type == "Person"]
    if not people:
        return []
    from spacy.attrs import LOWER

    cues = tokens_with(doc, LOWER, _NICKNAME_CUES | {"born"})
    if not cues:
        return []
    sents = Sentences.of(doc)
    out: list[Mention] = []
    for tok in (doc[k] for k in cues):
        low = tok.lower_
        if low == "born" and tok.i + 1 < len(doc):
            owner = _owner(people, sents, tok.i)
            nxt = next((m for m in mentions if m.start == tok.i + 1 and m.type == "Person"), None)
            if owner is not None and nxt is not None and " " in nxt.text:
                out.append(Mention(nxt.start, nxt.end, nxt.text, "Person", ner=nxt.ner,
                                   link=owner, link_rule="other-name"))  # fmt: skip
            continue
        if low not in _NICKNAME_CUES or (
            low == "known" and doc[tok.i + 1 : tok.i + 2].text != "as"
        ):
            continue
        owner = _owner(people, sents, tok.i)
        if owner is None or _said_of_many(doc, mentions[owner], tok.i):
            continue
        end = sents.spans[sents.number(tok.i)].end
        for a, b in _quoted_after(doc, tok.i + 1, end):
            text = normalise_name(doc[a:b].text)
            words = text.split()
            if text.lower().startswith("the "):
                a, words = a + 1, words[1:]
                text = " ".join(words)
            if 1 <= len(words) <= _MAX_ALIAS_WORDS and all(w[:1].isupper() for w in words):
                out.append(Mention(a, b, text, "Person", link=owner, link_rule="nickname"))
    return out


_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})


def _said_of_many(doc: Doc, owner: Mention, cue: int) -> bool:
    """True when the name before a nickname's cue is one of several who bear it ("Hoover
    and several staff members played it, earning them the nickname ..."): listed with
    others, or taken up by "them" before the cue."""
    if doc[owner.end - 1].conjuncts:
        return True
    return any(t.lower_ in _PLURAL_PRONOUNS for t in doc[owner.end : cue])


def _owner(people: list[tuple[int, Mention]], sents: Sentences, i: int) -> int | None:
    """The index of the person named last before token ``i`` in its sentence."""
    n = sents.number(i)
    before = [k for k, m in people if m.end <= i and sents.number(m.start) == n]
    return before[-1] if before else None


def _quoted_after(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The quoted spans from ``start`` on, while only commas, "or" and "and" join them."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        tok = doc[i]
        if tok.text in OPEN_QUOTES:
            close = next(
                (k for k in range(i + 1, min(end, i + 12)) if doc[k].text in CLOSE_QUOTES), -1
            )
            if close < 0:
                break
            last = close
            while last > i + 1 and doc[last - 1].is_punct and doc[last - 1].text in ",.":
                last -= 1  # "Hammerin' Hank," with the comma inside the quotes
            if last > i + 1:
                out.append((i + 1, last))
            i = close + 1
        elif tok.lower_ in (",", "or", "and", "as", "of") or (not out and tok.lower_ == "the"):
            i += 1
        else:
            break
    return out


def parenthetical_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Acronyms, native and former names in parentheses right after a name."""
    out: list[Mention] = []
    for n, m in enumerate(mentions):
        if m.end >= len(doc) or doc[m.end].text != "(":
            continue
        items = _paren_items(doc, m.end)
        texts = [normalise_name(doc[a:b].text) for a, b, _ in items]
        if m.type == "Person":
            # "the Duke of Bridgewater (Francis Egerton)": the title holder's own name
            if title_of_place(m.text) and len(items) == 1 and looks_personal(texts[0]):
                a, b, _ = items[0]
                if " " in texts[0] and _looks_like_name(doc, a, b):
                    out.append(Mention(a, b, texts[0], "Person", link=n, link_rule="other-name"))
            continue
        for (a, b, cue), text in zip(items, texts, strict=True):
            if not _looks_like_name(doc, a, b):
                continue
            if is_acronym(text):
                if not (is_acronym_of(text, m.text) or any(is_acronym_of(text, t) for t in texts)):
                    continue
                rule = "acronym"
            elif cue == "native":
                rule = "native-name"
            elif cue == "other":
                rule = "other-name"
            else:
                continue
            out.append(Mention(a, b, text, m.type, link=n, link_rule=rule))
    return out


#: Names of languages ("Dutch", "Mandarin"): most are also a people's adjective.
LANGUAGE_NAMES = (_LANGUAGE_LABELS - frozenset(
    """native local transliterated transliteration romanized romanised romanization
    romanisation pinyin lit""".split()
)) | frozenset("english mandarin cantonese yiddish sanskrit".split())  # fmt: skip
#: Verbs whose object is a language when it is a language's name alone ("learned Dutch").
_LANGUAGE_VERBS = frozenset(
    "speak learn study teach know write read understand translate master sing".split()
)
#: Nouns a language's name modifies as the language ("a Dutch word", "the German name").
_LANGUAGE_NOUNS = frozenset(
    """word words term terms name names phrase phrases expression spelling translation
    dialect pronunciation language languages""".split()
)
#: Prepositions before a language's name alone ("sung in Portuguese", "into French").
_LANGUAGE_PREPS = frozenset({"in", "into"})


def language_mentions(doc: Doc, mentions: list[Mention]) -> list[int]:
    """Indices of the ``mentions`` that name a language, not its people or their country:
    a language's name alone after "in" ("sung in Portuguese"), as what is spoken, learned
    or written ("learned Mandarin Chinese"), before "for" ("the name is Dutch for 'seal
    island'"), before a noun for words ("a Dutch word"), or beside "languages"."""
    out = []
    for n, m in enumerate(mentions):
        toks = doc[m.start : m.end]
        if not all(t.lower_ in LANGUAGE_NAMES for t in toks):
            continue
        head = toks.root
        alone = not any(c.dep_ in ("det", "poss", "compound", "amod") and not m.start <= c.i
                        < m.end for c in head.children)  # fmt: skip
        gov = head.head
        if (
            (head.dep_ == "pobj" and gov.lower_ in _LANGUAGE_PREPS and alone)
            or (head.dep_ == "dobj" and gov.lemma_ in _LANGUAGE_VERBS and alone)
            or (head.dep_ in ("attr", "acomp") and m.end < len(doc) and doc[m.end].lower_ == "for")
            or (head.dep_ in ("amod", "compound") and gov.lemma_ in _LANGUAGE_NOUNS
                and gov.i > head.i and gov.lemma_ not in ("name", "names"))
            or _listed_after_languages(doc, m.start)
        ):  # fmt: skip
            out.append(n)
    return out


def _listed_after_languages(doc: Doc, start: int) -> bool:
    """True when a name at ``start`` is listed after the word "languages" ("studied
    languages French, and German")."""
    i = start - 1
    while i >= 0 and (
        doc[i].text == "," or doc[i].pos_ == "CCONJ" or doc[i].lower_ in LANGUAGE_NAMES
    ):
        i -= 1
    return i >= 0 and doc[i].lower_ in ("languages", "language")
