"""NER spans made name mentions: determiners, titles, possessives and stray words trimmed, the
span extended over a head word that makes it a thing of its own class, a nickname split out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._deps import (
    DET_OR_ADP_POS,
    EDGE_OF_ANY_NAME_POS,
    NO_ENT_OR_PERSON,
    NOT_NAME_EDGE_POS,
    NOUN_MODIFIER_DEPS,
    OPENER_POS,
    VERB_POS,
)
from kg.extract._mention import NAMED_TYPES, QUOTE_MARKS, Mention
from kg.extract._mention_heads import (
    POSSESSIVE_MARKS,
    extend_demonym_over_name,
    extend_over_lower_head,
    extend_over_possessive_head,
    head_word_class,
)
from kg.extract._name_shapes import (
    capitalised,
    is_title_word,
    looks_personal,
    lowercase,
    normalise_name,
    team_shaped,
)
from kg.extract.gazetteer import corrected_type, is_known_place, is_place_name
from kg.extract.gender import is_given_name
from kg.extract.lexicon import (
    DEMONYM_PLURALS,
    DEMONYMS,
    NAME_HEAD_CLASSES,
    ORG_ROLE_NOUNS,
    PERSON_TITLES,
    PLACE_ROLE_NOUNS,
    SURNAME_LIKE_HEADS,
    TITLES_OF_PLACES,
)
from kg.extract.names import (
    PARTICLES,
    POST_NOMINALS,
    name_head,
    name_head_class,
    person_name,
    title_of_place,
    titled_here,
)
from kg.model import NER_TYPES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


_STRIP_LEADING_LOWER = frozenset({"the", "a", "an", "then", "former", "late"})
_STRIP_TRAILING = frozenset(
    {"'s", "’s", "'", "’", ",", ".", ";", ":", "-", "—", "–", '"', "“", "”", "(", ")"}
)
_MAX_NAME_WORDS = 12
#: Double quotation marks (a single one may be an apostrophe: "Waitin' 4 The Streets").
_DOUBLE_QUOTES = frozenset({'"', "“", "”", "``", "''"})
#: Prepositions that bring a place into a name's span ("Okafor Arena in Lagos").
_PLACE_PREPS = frozenset({"in", "at", "near", "on"})
#: Lower-case heads that make a name before them an event's ("the Tulsa race riot").
_EVENT_HEADS = frozenset(
    """riot riots massacre disaster uprising rebellion earthquake bombing bombings shooting
    strike crisis scandal affair revolution war campaign expedition famine fire flood""".split()
)


def _trim(span: Span, ner_type: str) -> tuple[int, int]:
    """Token bounds of a mention without determiners, titles, stray words and trailing 's."""
    start, end = span.start, span.end
    doc = span.doc
    person = ner_type == "Person"
    while start < end:
        tok = doc[start]
        if (
            tok.lower_ in _STRIP_LEADING_LOWER
            or tok.is_punct
            or (person and is_title_word(tok) and end - start > 1)
        ):
            start += 1
        else:
            break
    # "Achilles (; Ancient Greek: ...)": a name ends where a parenthesis opens or a verb
    # comes ("The Orsolya Institute hired Ansel Marrow"); "Okafor Arena in Lagos": where a
    # preposition brings in a place.
    for i in range(start + 1, end):
        if doc[i].text[:1] in "([;" or (doc[i].pos_ in VERB_POS and lowercase(doc[i])):
            end = i
            break
        if doc[i].lower_ in _PLACE_PREPS and i + 1 < end and _place_after(doc, i + 1, end):
            end = i
            break
    quotes = [i for i in range(start, end) if doc[i].text in _DOUBLE_QUOTES]
    if len(quotes) % 2:  # 'Swollen Members "Monsters in the Closet': a title opens inside
        end = quotes[-1] if quotes[-1] > start else end
    while True:
        before = (start, end)
        while end > start and (
            doc[end - 1].text in _STRIP_TRAILING
            or doc[end - 1].is_space
            or (end - start > 1 and doc[end - 1].lower_.rstrip(".") in POST_NOMINALS)
        ):
            end -= 1  # "Nelly Furtado, CIH"
        # "wed Peleus", "Surely Hahn", "Meitner became": words that are not part of a name;
        # then what they left ('the "Red Summer" of': the closing quote)
        while end - start > 1 and _stray(doc[start], person):
            start += 1
        while end - start > 1 and _stray(doc[end - 1], person):
            end -= 1
        if (start, end) == before:
            return start, end


def _place_after(doc: Doc, start: int, end: int) -> bool:
    """True when tokens ``[start, end)`` after a preposition in an NER span name a place:
    a city or country ("Okafor Arena in Lagos") or a name a place's head word ends ("City
    Radio on Cortlandt Street", "the Concert for Diana at Wembley Stadium")."""
    name = normalise_name(doc[start:end].text)
    if is_place_name(name):
        return True
    words = name.split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words)
        and head_word_class(words[-1]) == "Place"
    )


def _stray(tok: Token, person: bool) -> bool:
    """A word at the edge of an NER span that is no part of the name ("Absent Greenberg",
    "Sorry Hank": a capitalised word at a sentence start that is no proper noun)."""
    if person and tok.is_sent_start and tok.pos_ in OPENER_POS:
        return not is_given_name(tok.text, common=True)
    if tok.pos_ in NOT_NAME_EDGE_POS and (lowercase(tok) or person or tok.pos_ in VERB_POS):
        return tok.pos_ not in EDGE_OF_ANY_NAME_POS or person
    return person and lowercase(tok)


def _extend_over_head(doc: Doc, start: int, end: int) -> int:
    """``end`` moved over the head words that make a name a thing of their own class:
    capitalised ("Otto Hahn" + "Prize"), or an event's lower-case head ("Tulsa" + "race riot")."""
    while end < len(doc) and end - start < _MAX_NAME_WORDS:
        tok = doc[end]
        low = tok.lower_
        if not capitalised(tok) or (
            low not in NAME_HEAD_CLASSES and low[:-1] not in NAME_HEAD_CLASSES
        ):
            break
        if doc[end - 1].dep_ != "compound" or doc[end - 1].head.i < end:
            break
        end += 1
    last = doc[end - 1]
    head = last.head
    if (
        last.dep_ == "compound"
        and end <= head.i < end + 3
        and head.lower_ in _EVENT_HEADS
        and all(lowercase(t) and t.pos_ == "NOUN" for t in doc[end : head.i + 1])
    ):
        end = head.i + 1  # "the Tulsa race riot", "the Hillsborough disaster"
    return end


def _after_the(doc: Doc, i: int) -> bool:
    """True when "the" comes right before token ``i`` ("the Duke of ..."), but not as an
    apposition to a name ("William Laud, the Archbishop of Canterbury" says what he is)."""
    return titled_here(doc, i)


def _mention_type(doc: Doc, start: int, end: int, text: str, ner_type: str) -> str:
    """The class a name's own form gives it, with the NER label as the fallback."""
    if title_of_place(text) and _after_the(doc, start):
        return "Person"  # "the Duke of Sunderland" tagged a building
    head_class = name_head_class(text)
    if head_class is not None:
        head = name_head(text)
        surname_like = head in SURNAME_LIKE_HEADS or head[:-1] in SURNAME_LIKE_HEADS
        parsed = person_name(text)
        personal = (
            parsed is not None
            and parsed.full
            and is_given_name(parsed.given[0], common=ner_type != "Person")
        )  # "Benny Hill", "Jeff Bridges", but not "McNulty Park" whatever the NER said
        if not (surname_like and personal):
            return head_class  # "Lise Meitner Prize", "Hoover Dam", but "Jeff Bridges" stays
    low = text.lower()
    etype = corrected_type(text, ner_type)
    if etype == "Group" and (low in DEMONYMS or low in DEMONYM_PLURALS):
        return "Place"  # a demonym used as a name ("the Russians") stands for its country
    if team_shaped(text):
        return "Organization"  # "Boston Red Sox", "Cleveland Indians" tagged a place or a person
    if etype != "Person" and " " in text and looks_personal(text):
        return "Person"  # "Wendell Parsby" tagged an organisation
    return etype


def _modifier_of_noun(doc: Doc, start: int, end: int) -> bool:
    """True when the span modifies a common noun outside it ("the Putin-Xi summit")."""
    last = doc[end - 1]
    head = last.head
    return last.dep_ in NOUN_MODIFIER_DEPS and not start <= head.i < end and head.pos_ == "NOUN"


def ner_mentions(doc: Doc) -> list[Mention]:
    found: list[Mention] = []
    taken = 0  # tokens before it are in a name that a possessive ran on over
    for ent in doc.ents:
        ner_type = NER_TYPES.get(ent.label_)
        if ner_type not in NAMED_TYPES:
            continue
        start, end = _trim(ent, ner_type)
        if start >= end or start < taken:
            continue
        if ner_type != "Person" and _personal_after_title(doc, start, end):
            start, ner_type = start + 1, "Person"  # "Lady Sasha Orme" tagged an organisation
        end = _extend_over_head(doc, start, end)
        owned = end
        if not (ner_type == "Person" and any(t.text in "-–" for t in doc[start:end])):
            owned = extend_over_lower_head(doc, start, end, ner_type)  # not "the Putin-Xi summit"
        owned = max(owned, extend_over_possessive_head(doc, start, end))
        owned = max(owned, extend_demonym_over_name(doc, start, end))
        if owned > end:  # the head word says what it is
            ner_type, end = head_word_class(doc[owned - 1].text) or "Organization", owned
            taken = end
        longer = _extend_over_of_head(doc, start, end)
        if longer < start:
            while found and found[-1].end > longer:
                found.pop()  # "Military District", now inside "Military District of Washington"
            # "Treaty of" + "Ancón" (tagged a person): one name of the head's class ("Duke of"
            # + "Wellington" keeps its label: ``_mention_type`` makes a title a person)
            ner_type = NAME_HEAD_CLASSES.get(doc[start - 2].lower_, ner_type)
            start = longer
        nickname = _nickname_name(doc, start, end)
        if nickname is not None:
            found += nickname  # 'Margit "Maggie" Olsen', whatever the NER called it
            continue
        if ner_type == "Person":
            end = _extend_over_surname(doc, start, end)
            parts = person_parts(doc, start, end)
        else:
            # "George and Ira Gershwin" tagged a work: names run together are people apart
            parts = person_parts(doc, start, end)
            texts = [normalise_name(doc[a:b].text) for a, b in parts]
            full = [t for t in texts if " " in t]
            if (
                len(parts) < 2
                or not full
                or not all(looks_personal(t) for t in full)
                or _one_name_over_words(doc, parts, texts)
            ):
                parts = [(start, end)]
        for a, b in parts:
            mention = _mention(doc, a, b, ner_type, ent.label_)
            if mention is not None:
                found.append(mention)
    return found


def _one_name_over_words(doc: Doc, parts: list[tuple[int, int]], texts: list[str]) -> bool:
    """True when the words between the parts of a non-person NER span join one name rather
    than list names: a possessive before a head word ("Niels Bohr's Institute"), or a
    preposition after a word that is no person's name ("The Ordeal of Woodrow Wilson")."""
    for (_, b), (c, _), left, right in zip(parts, parts[1:], texts, texts[1:], strict=False):
        between = doc[b:c]
        if any(t.text == "," or t.pos_ == "CCONJ" for t in between):
            continue  # "George and Ira Gershwin": names listed
        if [t.text for t in between] == [doc[b].text] and doc[b].text in POSSESSIVE_MARKS:
            if head_word_class(right.split()[-1]) is not None:
                return True
        elif all(t.pos_ == "ADP" for t in between) and not looks_personal(left):
            return True
    return False


def _extend_over_of_head(doc: Doc, start: int, end: int) -> int:
    """``start`` moved back over a capitalised head word and "of" that make the name a
    thing of its own class, with that head's capitalised modifiers: "the Treaty of" +
    "Lima", "the Military District of" + "Washington", "the Battle of" + "Saldanha Bay"."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return start
    head = doc[start - 2]
    low = head.lower_
    if not capitalised(head) or head.is_punct:
        return start
    if low in TITLES_OF_PLACES and head.ent_iob_ == "O" and _after_the(doc, start - 2):
        # "the Duke of" + "Wellington": a person, not the city ("Laud, Archbishop of" +
        # "Canterbury" says what he is, of the place)
        return start - 2
    if low not in NAME_HEAD_CLASSES:
        return start  # singular only: "Incidents of anti-Semitism" is no name
    if head.ent_iob_ != "O":  # "the Military District" + "of Washington": one name
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent is None or ent.end != head.i + 1:
            return start
        if ent.label_ == "PERSON" and ent.start != head.i - (doc[head.i - 1].lower_ == "the"):
            return start  # but "the Treaty" tagged a person alone: "the Treaty of" + "Ancón"
        return ent.start + (ent[0].lower_ == "the")
    new = start - 2
    while new > 0 and end - new < _MAX_NAME_WORDS:
        tok = doc[new - 1]
        if not capitalised(tok) or tok.ent_iob_ != "O" or tok.is_sent_start:
            break
        if tok.dep_ not in NOUN_MODIFIER_DEPS or tok.head.i != head.i or tok.pos_ in DET_OR_ADP_POS:
            break
        new -= 1
    return new


def _personal_after_title(doc: Doc, start: int, end: int) -> bool:
    """A title word, then a person's name: "Lady Sasha Orme", "Sir Ansel Marrow"."""
    return (
        end - start > 1
        and doc[start].lower_.rstrip(".") in PERSON_TITLES
        and looks_personal(normalise_name(doc[start + 1 : end].text))
    )


def _extend_over_surname(doc: Doc, start: int, end: int) -> int:
    """A person's span the NER cut before the surname: "Lady Sasha" + "Orme"."""
    while end < len(doc) and end - start < _MAX_NAME_WORDS:
        last, nxt = doc[end - 1], doc[end]
        if last.dep_ != "compound" or last.head.i != end or nxt.pos_ != "PROPN":
            break
        if not capitalised(nxt) or nxt.ent_type_ not in NO_ENT_OR_PERSON:
            break
        end += 1
    return end


def _heading(doc: Doc, start: int, end: int) -> bool:
    """True for a name that is a whole short sentence: a section heading ("Breakthrough.")."""
    first = start
    while first > 0 and not doc[first].is_sent_start and start - first <= 4:
        first -= 1
    if not doc[first].is_sent_start and first > 0:
        return False  # more than four words before the name: no heading
    last = end
    while last < len(doc) and not doc[last].is_sent_start and last - end <= 4:
        last += 1
    if last < len(doc) and not doc[last].is_sent_start:
        return False
    words = [t for t in doc[first:last] if not t.is_punct and not t.is_space]
    return len(words) <= 4 and all(start <= t.i < end for t in words)


def _mention(doc: Doc, start: int, end: int, ner_type: str, label: str) -> Mention | None:
    """The mention of tokens ``[start, end)``, or None when they name nothing."""
    if _heading(doc, start, end) and not is_known_place(doc[start:end].text):
        return None  # "Early years.", "Breakthrough.": the NER takes headings for names
    text = normalise_name(doc[start:end].text)
    if not any(ch.isupper() for ch in text) or sum(ch.isalpha() for ch in text) < 2:
        return None  # "et al.", "k": no name is all lower case or one letter
    if end - start == 1 and capitalised_role_noun(doc, start):
        return None  # "the Company", "the Club": a role noun for coreference, not a name
    if end - start == 1 and doc[start].lower_.rstrip(".") in POST_NOMINALS:
        return None  # "Anna Berg, CIH": letters after a name, not a name
    low = doc[start].lower_
    if (
        end - start == 1
        and ner_type != "Person"
        and (low in TITLES_OF_PLACES or low in PERSON_TITLES)
    ):
        return None  # "Laud, Archbishop of Canterbury" with "Archbishop" tagged a place
    hyphenated = any(t.text in "-–" for t in doc[start:end])
    if ner_type == "Person" and hyphenated and _modifier_of_noun(doc, start, end):
        return None  # names joined as a modifier ("the Putin-Xi summit") are not a name
    return Mention(start, end, text, _mention_type(doc, start, end, text, ner_type), ner=label)


def person_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A PERSON span cut where it runs names together: "Federer, Nadal, Djokovic",
    "Timbaland on Furtado"; post-nominal letters ("CIH", "PhD") are left off."""
    parts, a = [], start
    for i in range(start, end):
        tok = doc[i]
        if (
            tok.text == ","
            or tok.pos_ == "CCONJ"
            or (lowercase(tok) and tok.lower_ not in PARTICLES)
        ):
            if a < i:
                parts.append((a, i))
            a = i + 1
    if a < end:
        parts.append((a, end))
    out = []
    for a, b in parts:
        while b - a > 1 and doc[b - 1].lower_.rstrip(".") in POST_NOMINALS:
            b -= 1
        if any(capitalised(doc[k]) or doc[k].text.isupper() for k in range(a, b)):
            out.append((a, b))
    return out


def _nickname_name(doc: Doc, start: int, end: int) -> list[Mention] | None:
    """``Henry Benjamin "Hank" Greenberg``: the name without its nickname, and the
    nickname as a mention linked to it (the NER often cuts such a name at the quote)."""
    quotes = [i for i in range(start, min(end + 3, len(doc))) if doc[i].text in QUOTE_MARKS]
    if len(quotes) < 2 or quotes[0] == start or quotes[1] - quotes[0] > 4:
        return None
    open_q, close_q = quotes[0], quotes[1]
    surname = close_q + 1
    if surname >= len(doc) or not capitalised(doc[surname]) or doc[surname].pos_ != "PROPN":
        return None
    last = surname + 1
    while last < len(doc) and capitalised(doc[last]) and doc[last].pos_ == "PROPN":
        last += 1
    words = [t.text for t in doc[start:open_q]] + [t.text for t in doc[surname:last]]
    nick = normalise_name(doc[open_q + 1 : close_q].text)
    if not nick or not nick[:1].isupper() or not is_given_name(words[0], common=True):
        return None
    full = Mention(start, last, normalise_name(" ".join(words)), "Person", ner="PERSON")
    alias = Mention(open_q + 1, close_q, nick, "Person", ner="PERSON", link_rule="nickname")
    return [full, alias]


def capitalised_role_noun(doc: Doc, i: int) -> bool:
    """True for a capitalised role noun after "the" ("the Company", "the Island")."""
    low = doc[i].lower_
    nouns = ORG_ROLE_NOUNS | PLACE_ROLE_NOUNS
    return i > 0 and doc[i - 1].lower_ in ("the", "this") and (low in nouns or low[:-1] in nouns)
