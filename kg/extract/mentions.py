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

import functools
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.extract._deps import (
    DET_OR_ADP_POS,
    EDGE_OF_ANY_NAME_POS,
    MISTAGGED_NAME_POS,
    NO_ENT_OR_PERSON,
    NOMINAL_SUBJ_DEPS,
    NOT_NAME_EDGE_POS,
    NOT_NAME_POS,
    NOUN_MODIFIER_DEPS,
    NOUN_OR_X_POS,
    OPENER_NON_NOUN_POS,
    OPENER_POS,
    TIME_ENTS,
    TIME_OR_COUNT_ENTS,
    VERB_OR_PRON_POS,
    VERB_POS,
)
from kg.extract._sentences import Sentences, name_like_tokens, tokens_with
from kg.extract.gazetteer import corrected_type, is_famous_place, is_known_place, is_place_name
from kg.extract.gender import is_given_name
from kg.extract.lexicon import (
    DEMONYM_PLURALS,
    DEMONYMS,
    NAME_HEAD_CLASSES,
    ORG_NAME_ENDINGS,
    ORG_ROLE_NOUNS,
    PERSON_NOUNS,
    PERSON_POSSESSIONS,
    PERSON_TITLES,
    PERSON_VERBS,
    PLACE_ROLE_NOUNS,
    SURNAME_LIKE_HEADS,
    TITLE_WORDS,
)
from kg.extract.names import (
    PARTICLES,
    POST_NOMINALS,
    is_acronym,
    is_acronym_of,
    name_head,
    name_head_class,
    person_name,
)
from kg.model import NER_TYPES, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Entity types that are names of things (merged by name); dates and amounts are not.
NAMED_TYPES = frozenset(
    {"Person", "Organization", "Place", "Group", "Event", "CreativeWork", "Product", "Law",
     "Language", "Award"}
)  # fmt: skip
_STRIP_LEADING_LOWER = frozenset({"the", "a", "an", "then", "former", "late"})
_STRIP_TRAILING = frozenset(
    {"'s", "’s", "'", "’", ",", ".", ";", ":", "-", "—", "–", '"', "“", "”", "(", ")"}
)
_MAX_NAME_CHARS = 200
_MAX_NAME_WORDS = 12
#: Prepositions that bring a place into a name's span ("Okafor Arena in Lagos").
_PLACE_PREPS = frozenset({"in", "at", "near", "on"})
#: Lower-case heads that make a name before them an event's ("the Tulsa race riot").
_EVENT_HEADS = frozenset(
    """riot riots massacre disaster uprising rebellion earthquake bombing bombings shooting
    strike crisis scandal affair revolution war campaign expedition famine fire flood""".split()
)
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})
#: Double quotation marks that open and close a quoted name or title.
OPEN_QUOTES = frozenset({'"', "“"})
CLOSE_QUOTES = frozenset({'"', "”"})
#: Month and day names that are also given names ("August", "June").
_MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
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


@dataclass(slots=True)
class Mention:
    """A name in the text: tokens ``[start, end)`` of the Doc.

    Attributes:
        start: first token.
        end: token after the last.
        text: the name as written, normalised (``normalise_name``).
        type: the class the mention's own form and NER label suggest.
        entity: the entity it was resolved to (set by ``resolve_entities``).
        via: how it joined its entity: ``"name"`` (it is the entity's name), ``"variant"``,
            ``"surname"``, ``"nickname"``, ``"given-name"``, ``"acronym"``, ``"native-name"``,
            ``"other-name"``, ``"short-name"``, ``"place-alias"``, ``"demonym"``.
        ner: the NER label it came from, "" when the NER missed it.
        link: index (in the mention list) of the name it stands beside in parentheses, or -1.
        link_rule: why it is linked to that name (``"acronym"``, ``"native-name"``, ...).
    """

    start: int
    end: int
    text: str
    type: str
    entity: Entity | None = None
    via: str = "name"
    ner: str = ""
    link: int = -1
    link_rule: str = ""


def normalise_name(text: str) -> str:
    """One spelling for a name: single spaces, straight apostrophes, bounded length.

    Example:
        >>> normalise_name("  Xi\\n Jinping’s ")
        "Xi Jinping's"
    """
    text = " ".join(text.split()).replace("’", "'")
    return text[:_MAX_NAME_CHARS].strip()


def _capitalised(tok: Token) -> bool:
    """The word starts with a capital (from its text: hand-built Docs have no lexeme flags)."""
    return tok.text[:1].isupper()


def _lowercase(tok: Token) -> bool:
    return tok.text.islower()


def _is_title(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in TITLE_WORDS


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
            or (person and _is_title(tok) and end - start > 1)
        ):
            start += 1
        else:
            break
    # "Achilles (; Ancient Greek: ...)": a name ends where a parenthesis opens or a verb
    # comes ("The Orsolya Institute hired Ansel Marrow"); "Okafor Arena in Lagos": where a
    # preposition brings in a place.
    for i in range(start + 1, end):
        if doc[i].text[:1] in "([;" or (doc[i].pos_ in VERB_POS and _lowercase(doc[i])):
            end = i
            break
        if (
            doc[i].lower_ in _PLACE_PREPS
            and i + 1 < end
            and is_place_name(normalise_name(doc[i + 1 : end].text))
        ):
            end = i
            break
    while end > start and (
        doc[end - 1].text in _STRIP_TRAILING
        or doc[end - 1].is_space
        or (end - start > 1 and doc[end - 1].lower_.rstrip(".") in POST_NOMINALS)
    ):
        end -= 1  # "Nelly Furtado, CIH"
    # "wed Peleus", "Surely Hahn", "Meitner became": words that are not part of a name.
    while end - start > 1 and _stray(doc[start], person):
        start += 1
    while end - start > 1 and _stray(doc[end - 1], person):
        end -= 1
    return start, end


def _stray(tok: Token, person: bool) -> bool:
    """A word at the edge of an NER span that is no part of the name ("Absent Greenberg",
    "Sorry Hank": a capitalised word at a sentence start that is no proper noun)."""
    if person and tok.is_sent_start and tok.pos_ in OPENER_POS:
        return not is_given_name(tok.text, common=True)
    if tok.pos_ in NOT_NAME_EDGE_POS and (_lowercase(tok) or person or tok.pos_ in VERB_POS):
        return tok.pos_ not in EDGE_OF_ANY_NAME_POS or person
    return person and _lowercase(tok)


def _extend_over_head(doc: Doc, start: int, end: int) -> int:
    """``end`` moved over the head words that make a name a thing of their own class:
    capitalised ("Otto Hahn" + "Prize"), or an event's lower-case head ("Tulsa" + "race riot")."""
    while end < len(doc) and end - start < _MAX_NAME_WORDS:
        tok = doc[end]
        low = tok.lower_
        if not _capitalised(tok) or (
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
        and all(_lowercase(t) and t.pos_ == "NOUN" for t in doc[end : head.i + 1])
    ):
        end = head.i + 1  # "the Tulsa race riot", "the Hillsborough disaster"
    return end


def looks_personal(name: str) -> bool:
    """True for a name shaped like a person's that begins with a common given name
    ("Otto Robert Frisch", "Justin") and is not a place's name ("Florence").

    Example:
        >>> looks_personal("Wendell Parsby"), looks_personal("Harlow Energy")
        (True, False)
        >>> looks_personal("West Germany"), looks_personal("Princeton")
        (False, False)
    """
    parsed = person_name(name)
    if parsed is None or name_head_class(name) is not None or is_famous_place(name):
        return False
    words = name.split()
    if words[0].lower().rstrip(".") in _PLACE_PREFIXES and is_place_name(name):
        return False  # "St. Louis", "Fort Worth": the saint or the title is the place's
    first = parsed.given[0] if parsed.full else parsed.surname
    return (
        len(words) <= 4
        and is_given_name(first, common=parsed.full, very_common=not parsed.full)
        and all(w[:1].isupper() or w.lower() in PARTICLES for w in words)
    )


#: First words of places that may read as a title or a given name ("St. Louis").
_PLACE_PREFIXES = frozenset(
    {"st", "saint", "san", "santa", "fort", "mount", "port", "lake", "cape"}
)

#: Last words of a club named after its town ("Manchester United", "Bristol Rovers").
_CLUB_ENDINGS = frozenset(
    "united athletic rovers wanderers albion hotspur forest argyle villa city".split()
)


def team_shaped(name: str) -> bool:
    """True for a team named after its place: "Boston Red Sox", "Texas Rangers",
    "Manchester United" (a place, then a plural nickname or a club word).

    Example:
        >>> team_shaped("Pittsburgh Pirates"), team_shaped("Manchester United")
        (True, True)
        >>> team_shaped("United States"), team_shaped("Cayman Islands")
        (False, False)
    """
    words = name.split()
    if len(words) < 2 or name_head_class(name) is not None or is_place_name(name):
        return False  # "Kansas City" is a city
    last = words[-1]
    if not (_plural_nickname(last) or last.lower() in _CLUB_ENDINGS):
        return False
    # "David Moores" is a man, though David is a town: a given name is a team's place
    # only when the place is famous ("Washington Senators", "Boston Red Sox").
    given = is_given_name(words[0], common=True)
    return any(
        is_place_name(place := " ".join(words[:k])) and (not given or is_famous_place(place))
        for k in range(1, len(words))
    )


def _plural_nickname(word: str) -> bool:
    """True for a capitalised plural of a common noun that is no given name ("Pirates",
    "Sox"); "Williams" and "Adams" are surnames after a place-named person."""
    if not word[:1].isupper() or word.lower() in ORG_NAME_ENDINGS:
        return False
    low = word.lower()
    if low == "sox":
        return True
    if not low.endswith("s") or len(low) < 4:
        return False
    singular = low[:-1]
    return singular in _common_nouns() and not is_given_name(singular, common=True)


def _lemma_table(name: str) -> Any:
    """One of the pipeline's lemmatizer tables (WordNet's lemmas, exceptions: a spaCy
    ``Table``, keyed by part of speech), or {}."""
    from kg import nlp

    try:
        pipe: Any = nlp.load().get_pipe("lemmatizer")
        return pipe.lookups.get_table(name)
    except (KeyError, ValueError, AttributeError):
        return {}


@functools.cache
def _common_nouns() -> frozenset[str]:
    """The noun lemmas the pipeline's lemmatizer knows (WordNet's)."""
    return frozenset(_lemma_table("lemma_index").get("noun", ()))


def team_nickname(name: str) -> str:
    """The nickname of a team named after its place, "" for any other name: "Red Sox" of
    "Boston Red Sox", "Tigers" of "Detroit Tigers"; a club word alone is no nickname.

    Example:
        >>> team_nickname("Chicago White Sox"), team_nickname("Manchester United")
        ('White Sox', '')
    """
    if not team_shaped(name):
        return ""
    words = name.split()
    k = max(k for k in range(1, len(words)) if is_place_name(" ".join(words[:k])))
    rest = words[k:]
    if len(rest) == 1 and rest[0].lower() in _CLUB_ENDINGS:
        return ""
    return " ".join(rest)


def _mention_type(doc: Doc, start: int, end: int, text: str, ner_type: str) -> str:
    """The class a name's own form gives it, with the NER label as the fallback."""
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
    if etype != "Person" and " " in text and looks_personal(text):
        return "Person"  # "Wendell Parsby" tagged an organisation
    if team_shaped(text):
        return "Organization"  # "Boston Red Sox" tagged a place or a person
    return etype


def _modifier_of_noun(doc: Doc, start: int, end: int) -> bool:
    """True when the span modifies a common noun outside it ("the Putin-Xi summit")."""
    last = doc[end - 1]
    head = last.head
    return last.dep_ in NOUN_MODIFIER_DEPS and not start <= head.i < end and head.pos_ == "NOUN"


def _ner_mentions(doc: Doc) -> list[Mention]:
    found: list[Mention] = []
    for ent in doc.ents:
        ner_type = NER_TYPES.get(ent.label_)
        if ner_type not in NAMED_TYPES:
            continue
        start, end = _trim(ent, ner_type)
        if start >= end:
            continue
        if ner_type != "Person" and _personal_after_title(doc, start, end):
            start, ner_type = start + 1, "Person"  # "Lady Sasha Orme" tagged an organisation
        end = _extend_over_head(doc, start, end)
        longer = _extend_over_of_head(doc, start, end)
        if longer < start:
            while found and found[-1].end > longer:
                found.pop()  # "Military District", now inside "Military District of Washington"
            start = longer
        nickname = _nickname_name(doc, start, end)
        if nickname is not None:
            found += nickname  # 'Margit "Maggie" Olsen', whatever the NER called it
            continue
        if ner_type == "Person":
            end = _extend_over_surname(doc, start, end)
            parts = _person_parts(doc, start, end)
        else:
            # "George and Ira Gershwin" tagged a work: names run together are people apart
            parts = _person_parts(doc, start, end)
            texts = [normalise_name(doc[a:b].text) for a, b in parts]
            full = [t for t in texts if " " in t]
            if len(parts) < 2 or not full or not all(looks_personal(t) for t in full):
                parts = [(start, end)]
        for a, b in parts:
            mention = _mention(doc, a, b, ner_type, ent.label_)
            if mention is not None:
                found.append(mention)
    return found


def _extend_over_of_head(doc: Doc, start: int, end: int) -> int:
    """``start`` moved back over a capitalised head word and "of" that make the name a
    thing of its own class, with that head's capitalised modifiers: "the Treaty of" +
    "Lima", "the Military District of" + "Washington", "the Battle of" + "Saldanha Bay"."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return start
    head = doc[start - 2]
    low = head.lower_
    if not _capitalised(head) or head.is_punct:
        return start
    if low not in NAME_HEAD_CLASSES:
        return start  # singular only: "Incidents of anti-Semitism" is no name
    if head.ent_iob_ != "O":  # "the Military District" + "of Washington": one name
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent is None or ent.end != head.i + 1 or ent.label_ == "PERSON":
            return start
        return ent.start + (ent[0].lower_ == "the")
    new = start - 2
    while new > 0 and end - new < _MAX_NAME_WORDS:
        tok = doc[new - 1]
        if not _capitalised(tok) or tok.ent_iob_ != "O" or tok.is_sent_start:
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
        if not _capitalised(nxt) or nxt.ent_type_ not in NO_ENT_OR_PERSON:
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
    if end - start == 1 and _role_noun(doc, start):
        return None  # "the Company", "the Club": a role noun for coreference, not a name
    if end - start == 1 and doc[start].lower_.rstrip(".") in POST_NOMINALS:
        return None  # "Anna Berg, CIH": letters after a name, not a name
    hyphenated = any(t.text in "-–" for t in doc[start:end])
    if ner_type == "Person" and hyphenated and _modifier_of_noun(doc, start, end):
        return None  # names joined as a modifier ("the Putin-Xi summit") are not a name
    return Mention(start, end, text, _mention_type(doc, start, end, text, ner_type), ner=label)


def _person_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A PERSON span cut where it runs names together: "Federer, Nadal, Djokovic",
    "Timbaland on Furtado"; post-nominal letters ("CIH", "PhD") are left off."""
    parts, a = [], start
    for i in range(start, end):
        tok = doc[i]
        if (
            tok.text == ","
            or tok.pos_ == "CCONJ"
            or (_lowercase(tok) and tok.lower_ not in PARTICLES)
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
        if any(_capitalised(doc[k]) or doc[k].text.isupper() for k in range(a, b)):
            out.append((a, b))
    return out


def _nickname_name(doc: Doc, start: int, end: int) -> list[Mention] | None:
    """``Henry Benjamin "Hank" Greenberg``: the name without its nickname, and the
    nickname as a mention linked to it (the NER often cuts such a name at the quote)."""
    quotes = [i for i in range(start, min(end + 3, len(doc))) if doc[i].text in _QUOTES]
    if len(quotes) < 2 or quotes[0] == start or quotes[1] - quotes[0] > 4:
        return None
    open_q, close_q = quotes[0], quotes[1]
    surname = close_q + 1
    if surname >= len(doc) or not _capitalised(doc[surname]) or doc[surname].pos_ != "PROPN":
        return None
    last = surname + 1
    while last < len(doc) and _capitalised(doc[last]) and doc[last].pos_ == "PROPN":
        last += 1
    words = [t.text for t in doc[start:open_q]] + [t.text for t in doc[surname:last]]
    nick = normalise_name(doc[open_q + 1 : close_q].text)
    if not nick or not nick[:1].isupper() or not is_given_name(words[0], common=True):
        return None
    full = Mention(start, last, normalise_name(" ".join(words)), "Person", ner="PERSON")
    alias = Mention(open_q + 1, close_q, nick, "Person", ner="PERSON", link_rule="nickname")
    return [full, alias]


def _role_noun(doc: Doc, i: int) -> bool:
    """True for a capitalised role noun after "the" ("the Company", "the Island")."""
    low = doc[i].lower_
    nouns = ORG_ROLE_NOUNS | PLACE_ROLE_NOUNS
    return i > 0 and doc[i - 1].lower_ in ("the", "this") and (low in nouns or low[:-1] in nouns)


def person_context(doc: Doc, start: int, end: int) -> bool:
    """True when the words around a name say it names a person: a title before it
    ("Dr. Frisch"), "who" after it, a person noun in apposition or as its copula's
    complement ("Frisch, a physicist"; "Frisch was a physicist"), a person's verb
    ("Frisch married"), or a person's possession ("Frisch's wife")."""
    head = doc[end - 1]
    if start > 0 and doc[start - 1].lower_.rstrip(".") in PERSON_TITLES:
        return True
    for child in head.children:
        if child.dep_ == "relcl" and any(
            g.lower_ in ("who", "whom", "whose") for g in child.children
        ):
            return True
        if child.dep_ == "appos" and child.lemma_.lower() in PERSON_NOUNS:
            return True
    if head.dep_ == "poss" and head.head.lemma_.lower() in PERSON_POSSESSIONS:
        return True
    if head.dep_ in NOMINAL_SUBJ_DEPS:
        verb = head.head
        if verb.lemma_.lower() in PERSON_VERBS and verb.pos_ == "VERB":
            return True
        if verb.lemma_ in ("be", "become"):
            return any(c.dep_ == "attr" and c.lemma_.lower() in PERSON_NOUNS for c in verb.children)
    return False


def _chain_start(doc: Doc, head: int) -> int:
    """First token of the proper-noun compound chain ending at ``head`` (a given name the
    tagger took for an adjective, "Ilse" of "Ilse Brandt", belongs to it too)."""
    start = head
    while start > 0 and doc[start - 1].dep_ == "compound":
        prev = doc[start - 1]
        if not (
            prev.pos_ == "PROPN" or (_capitalised(prev) and is_given_name(prev.text, common=True))
        ):
            break
        start -= 1
    return start


def _missed_mentions(doc: Doc, mentions: list[Mention], candidates: list[int]) -> list[Mention]:
    """Proper-noun names the NER missed that are people, organisations ... by their context.

    A chain of proper nouns is a person when it repeats a part of a known
    person's name ("Xi" after "Xi Jinping"), follows a title ("President
    Medvedev"), or is conjoined with a person ("Putin and Xi Jinping"); its
    head word makes it an organisation, award, place or event ("Harlow
    Energy", "Otto Hahn Prize").
    """
    person_heads = {m.end - 1 for m in mentions if m.type == "Person"}
    parts = set()
    for m in mentions:
        parsed = person_name(m.text) if m.type == "Person" else None
        if parsed is not None:
            parts.add(parsed.surname.split()[-1])
            parts.update(g for g in parsed.given if len(g) > 2)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    # "Veloria" after "Veloria GmbH", "Dunmore" after "Dunmore Athletic": a name's first word.
    leading = {
        m.text.split()[0].lower(): m.type
        for m in mentions
        if m.type in ("Organization", "Event", "Product") and len(m.text.split()) > 1
    }
    extra = []
    for i in candidates:
        tok = doc[i]
        if tok.i in covered or tok.dep_ == "compound":
            continue
        if tok.pos_ != "PROPN":
            # A tagger slip: "Dahl" tagged as a noun, yet it repeats a known person's name.
            if tok.pos_ not in NOT_NAME_POS and _capitalised(tok) and tok.lower_ in parts:
                extra.append(Mention(tok.i, tok.i + 1, normalise_name(tok.text), "Person"))
            elif _capitalised(tok) and tok.lower_ in leading and tok.pos_ in MISTAGGED_NAME_POS:
                # "Dunmore later won": the first word of "Dunmore Athletic", mistagged
                extra.append(Mention(tok.i, tok.i + 1, tok.text, leading[tok.lower_]))
            continue
        start = _chain_start(doc, tok.i)
        while start < tok.i and (_is_title(doc[start]) or _lowercase(doc[start])):
            start += 1  # "President Medvedev", "wed Peleus" (a verb the tagger took for a name)
        last = tok.i
        if last > start and tok.lower_.rstrip(".") in POST_NOMINALS:
            last -= 1  # "Nelly Kim Furtado CIH": the letters are no part of the name
        if any(i in covered for i in range(start, last + 1)):
            continue
        tok = doc[last]
        words = [t.lower_ for t in doc[start : tok.i + 1]]
        titled = start > 0 and _is_title(doc[start - 1])
        conjoined = (tok.dep_ == "conj" and tok.head.i in person_heads) or any(
            c.dep_ == "conj" and c.i in person_heads for c in tok.children
        )
        name = normalise_name(doc[start : tok.i + 1].text)
        head_class = name_head_class(name) if len(words) > 1 else None
        if len(words) == 1 and words[0] in leading and words[0] not in parts:
            extra.append(Mention(start, tok.i + 1, name, leading[words[0]]))
        elif is_known_place(name):
            extra.append(Mention(start, tok.i + 1, name, "Place"))  # "Andorra", missed
        elif head_class is not None:
            extra.append(Mention(start, tok.i + 1, name, head_class))  # "Otto Hahn Prize"
        elif any(w in parts for w in words) or titled or conjoined:
            extra.append(Mention(start, tok.i + 1, name, "Person"))
        elif _personal_chain(doc, start, tok.i + 1, name):
            extra.append(Mention(start, tok.i + 1, name, "Person"))  # "Isabel", "Rita Moss"
    return extra


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


def _quoted_titles(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Names written in quotation marks that the NER missed: 'the "Rocket"', 'the single
    "Say It Right"'; a product or a work by the kind noun before the quote, else by the
    kinds the document talks about most."""
    from spacy.attrs import LEMMA, ORTH

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
    if not found:
        return []
    kinds = Counter(
        "Product" if doc[k].lemma_ in PRODUCT_KINDS else "CreativeWork"
        for k in tokens_with(doc, LEMMA, PRODUCT_KINDS | _WORK_KINDS)
        if doc[k].pos_ == "NOUN"
    )
    default = "Product" if kinds["Product"] > kinds["CreativeWork"] else "CreativeWork"
    out = []
    for a, b in found:
        before = doc[a - 2] if a >= 2 else None
        if before is not None and before.lemma_ in PRODUCT_KINDS:
            etype = "Product"
        elif before is not None and before.lemma_ in _WORK_KINDS:
            etype = "CreativeWork"
        else:
            etype = default  # "Novelty", in an article about locomotives
        out.append(Mention(a, b, normalise_name(doc[a:b].text), etype))
    return out


#: Small words a title may hold in lower case ("Say It Right", "Man of the Year").
_TITLE_SMALL = frozenset("of the a an and in on at to for".split())


def _personal_chain(doc: Doc, start: int, end: int, name: str) -> bool:
    """A proper-noun chain that names a person by its first word or its context."""
    if end - start > 4 or is_famous_place(name) or any(not _capitalised(t) for t in doc[start:end]):
        return False
    first = doc[start]
    if first.ent_type_ in TIME_ENTS or first.lower_ in _MONTHS_AND_DAYS:
        return False  # "August", "May"
    if first.is_sent_start and end - start == 1:
        return person_context(doc, start, end)  # a capital letter at a sentence start says less
    return is_given_name(first.text, common=True) or person_context(doc, start, end)


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
        elif i == start and tok.text in _QUOTES:
            cue, start = cue or "other", i + 1  # (VOC, "United East India Company")
        elif tok.text in _QUOTES and i > start:
            pass
        elif i == start and tok.lower_ in ("as", "the", "a"):
            start = i + 1  # "also known as", "the"
        i += 1
    if i < limit and start < i:
        items.append((start, _unquoted_end(doc, start, i), cue))
    return items if i < limit else []


def _language_labels(doc: Doc, mentions: list[Mention]) -> set[int]:
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
    while end > start + 1 and doc[end - 1].text in _QUOTES:
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


def _alias_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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
    sents = Sentences(doc)
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
        if owner is None:
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


def _parenthetical_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Acronyms, native and former names in parentheses right after a name."""
    out: list[Mention] = []
    for n, m in enumerate(mentions):
        if m.type == "Person" or m.end >= len(doc) or doc[m.end].text != "(":
            continue
        items = _paren_items(doc, m.end)
        texts = [normalise_name(doc[a:b].text) for a, b, _ in items]
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


def _acronym_mentions(doc: Doc, mentions: list[Mention], candidates: list[int]) -> list[Mention]:
    """All-capitals words the NER missed that spell the initials of a name in the document."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    names = {m.text: m.type for m in mentions if m.type not in ("Person", "Place")}
    known = {m.text: m.type for m in mentions if is_acronym(m.text)}
    out = []
    for i in candidates:
        tok = doc[i]
        if tok.i in covered or not is_acronym(tok.text) or tok.pos_ not in NOUN_OR_X_POS:
            continue
        etype = known.get(tok.text) or next(
            (t for name, t in names.items() if is_acronym_of(tok.text, name)), None
        )
        if etype is not None:
            out.append(Mention(tok.i, tok.i + 1, tok.text, etype))
    return out


def name_mentions(doc: Doc) -> list[Mention]:
    """Every name mention of a document, in order (``link`` indices point into the list).

    Example:
        >>> doc = kg.nlp.parse("The Nordic Maritime Council (NMC) met. Later the NMC voted.")
        >>> [(m.text, m.type, m.link_rule) for m in name_mentions(doc)]
        [('Nordic Maritime Council', 'Organization', ''), ('NMC', 'Organization', 'acronym'), \
('NMC', 'Organization', '')]
    """
    candidates = name_like_tokens(doc)
    mentions = _split_runs_of_names(doc, _ner_mentions(doc))
    mentions += _missed_mentions(doc, mentions, candidates)
    mentions += _quoted_titles(doc, mentions)
    mentions = _strip_openers(doc, mentions)
    mentions.sort(key=lambda m: m.start)
    mentions = _drop_overlaps(_extend_to_known_events(doc, mentions))
    for n, m in enumerate(mentions):
        if m.link_rule == "nickname":  # "Hank" in Henry Benjamin "Hank" Greenberg
            m.link = next(
                (k for k in range(n - 1, -1, -1) if mentions[k].start < m.start < mentions[k].end),
                -1,
            )
    labels = _language_labels(doc, mentions)
    mentions = [m for m in mentions if not all(t in labels for t in range(m.start, m.end))]
    for extra in _parenthetical_mentions(doc, mentions):
        same = next((m for m in mentions if (m.start, m.end) == (extra.start, extra.end)), None)
        if same is not None:
            same.link, same.link_rule = extra.link, extra.link_rule
            if extra.link_rule != "acronym":
                same.type = extra.type  # "(transliterated: Juzur Hawar)" is no person
        elif not any(m.start < extra.end and extra.start < m.end for m in mentions):
            mentions.append(extra)
    for extra in _alias_mentions(doc, mentions):
        same = next((m for m in mentions if (m.start, m.end) == (extra.start, extra.end)), None)
        if same is not None:
            same.link, same.link_rule, same.type = extra.link, extra.link_rule, "Person"
        elif not any(m.start < extra.end and extra.start < m.end for m in mentions):
            mentions.append(extra)
    mentions += _acronym_mentions(doc, mentions, candidates)
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    new_index = {old: new for new, old in enumerate(order)}
    out = [mentions[i] for i in order]
    for m in out:
        if m.link >= 0:
            m.link = new_index[m.link]
    return out


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
        if _lowercase(first) and first.lower_ not in PARTICLES:
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


@functools.cache
def common_words() -> frozenset[str]:
    """Every word form the pipeline's lemmatizer lists (WordNet's lemmas and exceptions)."""
    words: set[str] = set()
    for table in (_lemma_table("lemma_index"), _lemma_table("lemma_exc")):
        for forms in table.values():
            words.update(forms)
    return frozenset(words)


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
        parts = _person_parts(doc, m.start, m.end) if m.type != "Person" else []
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
