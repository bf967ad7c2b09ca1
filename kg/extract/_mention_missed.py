"""Names the NER missed: proper-noun chains whose context says what they are (a title before
them, a known surname, an organisation ending, a name head word), and all-capitals words
that spell the initials of a name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._deps import (
    MISTAGGED_NAME_POS,
    NOMINAL_SUBJ_DEPS,
    NOT_NAME_POS,
    NOUN_OR_X_POS,
    TIME_ENTS,
)
from kg.extract._mention import Mention
from kg.extract._name_shapes import capitalised, is_title_word, lowercase, normalise_name
from kg.extract.gazetteer import is_famous_place, is_known_place
from kg.extract.gender import is_given_name
from kg.extract.lexicon import (
    KINSHIP_NOUNS,
    NAME_HEAD_CLASSES,
    PERSON_NOUNS,
    PERSON_POSSESSIONS,
    PERSON_TITLES,
    PERSON_VERBS,
    TITLES_OF_PLACES,
)
from kg.extract.names import (
    POST_NOMINALS,
    is_acronym,
    is_acronym_of,
    name_head_class,
    person_name,
    titled_here,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


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
    prep = head.head
    if (
        head.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.i < start
        and prep.head.lower_ in KINSHIP_NOUNS
    ):
        return True  # "the brother of Lavr", "the widow of Hahn"
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
            prev.pos_ == "PROPN" or (capitalised(prev) and is_given_name(prev.text, common=True))
        ):
            break
        start -= 1
    return start


def _titled_names(doc: Doc, candidates: list[int], covered: set[int]) -> list[Mention]:
    """Titles held of a place the NER missed, each one person: "the Earl of Strafford",
    "the Bishop of Durham" (not "the Earl" and a person "Strafford"); and names a head word
    and "of" begin, of the head's class: "a Bill of Attainder" (not a man called Bill)."""
    out = []
    for i in candidates:
        tok = doc[i]
        titled = tok.lower_ in TITLES_OF_PLACES and titled_here(doc, i)
        # "the Earl of Strafford"; not "William Laud, Archbishop of Canterbury", his role
        cls = "Person" if titled else NAME_HEAD_CLASSES.get(tok.lower_)
        if cls is None or not capitalised(tok) or i in covered or tok.is_sent_start:
            continue
        if i + 2 >= len(doc) or doc[i + 1].lower_ != "of" or not capitalised(doc[i + 2]):
            continue
        end = i + 2
        while end < len(doc) and end - i < 6 and capitalised(doc[end]) and doc[end].pos_ == "PROPN":
            end += 1
        if end > i + 2 and not any(k in covered for k in range(i, end)):
            out.append(Mention(i, end, normalise_name(doc[i:end].text), cls))
    return out


def missed_mentions(doc: Doc, mentions: list[Mention], candidates: list[int]) -> list[Mention]:
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
    extra = _titled_names(doc, candidates, covered)
    covered |= {i for m in extra for i in range(m.start, m.end)}
    for i in candidates:
        tok = doc[i]
        if tok.i in covered or tok.dep_ == "compound":
            continue
        if tok.pos_ != "PROPN":
            # A tagger slip: "Dahl" tagged as a noun, yet it repeats a known person's name.
            if tok.pos_ not in NOT_NAME_POS and capitalised(tok) and tok.lower_ in parts:
                extra.append(Mention(tok.i, tok.i + 1, normalise_name(tok.text), "Person"))
            elif capitalised(tok) and tok.lower_ in leading and tok.pos_ in MISTAGGED_NAME_POS:
                # "Dunmore later won": the first word of "Dunmore Athletic", mistagged
                extra.append(Mention(tok.i, tok.i + 1, tok.text, leading[tok.lower_]))
            continue
        start = _chain_start(doc, tok.i)
        while start < tok.i and (is_title_word(doc[start]) or lowercase(doc[start])):
            start += 1  # "President Medvedev", "wed Peleus" (a verb the tagger took for a name)
        last = tok.i
        if last > start and tok.lower_.rstrip(".") in POST_NOMINALS:
            last -= 1  # "Nelly Kim Furtado CIH": the letters are no part of the name
        if any(i in covered for i in range(start, last + 1)):
            continue
        if start == last > 0 and is_title_word(doc[last]) and is_title_word(doc[last - 1]):
            continue  # "Governor General", "Attorney General": a title, nobody's name
        tok = doc[last]
        words = [t.lower_ for t in doc[start : tok.i + 1]]
        titled = start > 0 and is_title_word(doc[start - 1])
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


def acronym_mentions(doc: Doc, mentions: list[Mention], candidates: list[int]) -> list[Mention]:
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


#: Month and day names that are also given names ("August", "June").
_MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)


def _personal_chain(doc: Doc, start: int, end: int, name: str) -> bool:
    """A proper-noun chain that names a person by its first word or its context."""
    if end - start > 4 or is_famous_place(name) or any(not capitalised(t) for t in doc[start:end]):
        return False
    first = doc[start]
    if first.ent_type_ in TIME_ENTS or first.lower_ in _MONTHS_AND_DAYS:
        return False  # "August", "May"
    if first.is_sent_start and end - start == 1:
        return person_context(doc, start, end)  # a capital letter at a sentence start says less
    return is_given_name(first.text, common=True) or person_context(doc, start, end)
