"""Which mentions name one entity: full names, surnames and given names of people, short names
of organisations, team nicknames, event variants and acronyms.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import TYPE_CHECKING

from kg.extract._deps import KIN_LINK_DEPS
from kg.extract._entity_clusters import Clusters, _key, _single_word, _title_before
from kg.extract._mention import NAMED_TYPES, Mention
from kg.extract._name_shapes import person_shaped, team_nickname
from kg.extract._type_evidence import titled_kind
from kg.extract.gazetteer import is_known_place, is_place_name
from kg.extract.gender import Gender, is_given_name, name_gender, word_gender
from kg.extract.lexicon import DEMONYMS, KINSHIP_NOUNS, ORG_NAME_ENDINGS
from kg.extract.names import (
    PersonName,
    is_acronym,
    is_acronym_of,
    person_name,
    same_person,
    surname_key,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


#: How much more a document's first-named person weighs when a bare surname is resolved.
_SUBJECT_BONUS = 3
#: How many sentences after a person's full name their lone given name still names them.
_GIVEN_NAME_REACH = 6


def _merge_names(c: Clusters, deferred: set[int]) -> None:
    """Same name, any spelling variant, whatever type the NER gave each mention."""
    by_key = c.keys
    for i, m in enumerate(c.mentions):
        if i in deferred or m.type not in NAMED_TYPES or m.link_rule == "metonym":
            continue  # a metonym joins only the body it stands for ("Cologne has ...")
        key = _key(m)
        if titled_kind(c.doc, m) is not None:
            key = "title:" + key  # 'the song "Tutankhamun"' is not the pharaoh
        if key not in by_key:
            by_key[key] = i
            continue
        first = c.mentions[by_key[key]]
        rule = "name" if first.text.lower() == m.text.lower() else "variant"
        if key.startswith("place:"):
            rule = "demonym" if m.text.lower().rstrip("s") in DEMONYMS else "place-alias"
        c.join(by_key[key], i, rule)
    for i, m in enumerate(c.mentions):
        if m.link >= 0:  # "(VOC)", "(Dutch: Vereenigde Oostindische Compagnie)"
            c.join(m.link, i, m.link_rule)


def _merge_full_names(c: Clusters) -> list[int]:
    """People's full names: compatible ones are one person. Returns one mention per person."""
    people: list[int] = []  # a representative mention of each person, first mention first
    names_of: dict[int, list[PersonName]] = {}  # representative → the full names it goes by
    for i, parsed in enumerate(c.names):
        if parsed is None or not parsed.full:
            continue
        root = c.uf.find(i)
        owner = next((p for p in people if c.uf.find(p) == root), None)
        if owner is not None:
            names_of[owner].append(parsed)  # already one of the people (seen before)
            continue
        # A name joins a person only when it fits every full name they go by: "Herbert
        # Hoover" fits Herbert Clark Hoover, but then "Herbert Charles Hoover" does not.
        fits = [p for p in people if all(same_person(parsed, other) for other in names_of[p])]
        if len(fits) == 1:
            c.join(fits[0], i, "variant")
            names_of[fits[0]].append(parsed)
        elif not fits:
            people.append(i)
            names_of[i] = [parsed]
    return people


def _person_parts(c: Clusters, people: list[int]) -> dict[int, list[PersonName]]:
    """Each person (by union-find root) → the full names it goes by."""
    parts: dict[int, list[PersonName]] = {}
    for i, parsed in enumerate(c.names):
        if parsed is not None and parsed.full:
            parts.setdefault(c.uf.find(i), []).append(parsed)
    roots = {c.uf.find(p) for p in people}
    return {root: names for root, names in parts.items() if root in roots}


def _person_gender(names: list[PersonName]) -> Gender | None:
    votes = Counter(g for n in names if (g := name_gender(n.given[0])) is not None)
    if len(votes) == 1:
        return next(iter(votes))
    return None


def _surname_candidates(
    word: str, parts: dict[int, list[PersonName]], by_surname: dict[str, set[int]]
) -> list[int]:
    """The roots in ``parts`` (in its order) with a name whose surname is ``word``.

    ``by_surname`` maps a surname to the ``id`` of the name lists that have it
    (``_surname_index``): a list keeps its id when its root moves in ``parts``.
    """
    lists = by_surname.get(word.lower().replace("’", "'"))
    if not lists:
        return []
    return [root for root, names in parts.items() if id(names) in lists]


def _surname_index(parts: dict[int, list[PersonName]]) -> dict[str, set[int]]:
    """Surname (as written, and without particles) → ids of the name lists with it."""
    out: dict[str, set[int]] = {}
    for names in parts.values():
        for name in names:
            for surname in _surnames(name):
                out.setdefault(surname, set()).add(id(names))
    return out


@functools.lru_cache(maxsize=4096)
def _surnames(name: PersonName) -> tuple[str, str]:
    """The surname a bare mention may use: as written, or without its particles."""
    return name.surname, surname_key(name.surname)


def _resolve_short_names(c: Clusters, people: list[int], deferred: set[int]) -> None:
    """Bare surnames and lone given names join the most salient person they can name."""
    parts = _person_parts(c, people)
    if not parts:
        return
    first_person = c.uf.find(people[0]) if people else -1
    genders = {root: _person_gender(names) for root, names in parts.items()}
    by_surname = _surname_index(parts)
    seen: Counter[int] = Counter()
    last_seen: dict[int, int] = {}
    last_full: dict[int, int] = {}  # root → sentence start of its latest full name
    pending = sorted(deferred)
    for i, m in enumerate(c.mentions):
        root = c.uf.find(i)
        if i not in deferred:
            if root in parts:
                seen[root] += 1
                last_seen[root] = i
                if (n := c.names[i]) is not None and n.full:
                    last_full[root] = c.sents.number(m.start)
            continue
        nick = c.nicknames.get(m.text.lower())
        if nick is not None and c.uf.find(nick) in parts:
            best = c.uf.find(nick)  # "Maggie" after Margit "Maggie" Olsen
            c.join(best, i, "nickname")
            seen[best] += 1
            last_seen[best] = i
            continue
        title_gender = word_gender(_title_before(c.doc, m))
        cands = [
            r
            for r in _surname_candidates(m.text, parts, by_surname)
            if title_gender is None or genders.get(r) in (None, title_gender)
        ]
        rule = "surname"  # a lone given name ("Dmitry") is too common to join anyone
        before = [r for r in cands if r in seen]
        if before:
            best = max(
                before,
                key=lambda r: (seen[r] + _SUBJECT_BONUS * (r == first_person), last_seen[r]),
            )
            # "Trevor Hicks, who lost two daughters ... Hicks said": a full name in this or
            # the sentence before outweighs a more used one, unless that is the subject.
            now = c.sents.number(m.start)
            recent = [r for r in before if last_full.get(r, -2) >= now - 1]
            near = [r for r in before if last_full.get(r, -9) >= now - _NEAR_SENTENCES]
            if best != first_person and len(near) > 1:
                c.ambiguous.add(i)  # David Moores, then his uncle John Moores: "Moores" is either
                continue
            if best != first_person and len(recent) == 1 and recent[0] != best:
                best = recent[0]
        elif len(cands) == 1:
            best = cands[0]  # "Hahn ... Otto Hahn": the full name comes later
        else:
            continue
        c.join(best, i, rule)
        root = c.uf.find(best)
        if root != best:  # a later full name: the person's root moved to this mention
            parts[root], genders[root] = parts.pop(best), genders.pop(best)
            if best in seen:
                seen[root], last_seen[root] = seen.pop(best), last_seen.pop(best)
            if best in last_full:
                last_full[root] = last_full.pop(best)
            first_person = root if first_person == best else first_person
        seen[root] += 1
        last_seen[root] = i
    # Short names that name no known person are one entity by their text, and join a
    # name of another class spelled the same way ("Reo" tagged a person, "REO" the firm).
    by_text: dict[str, int] = {}
    for i in pending:
        if c.uf.find(i) == i and not c.rule[i]:
            key = c.mentions[i].text.lower()
            if key in by_text:
                c.join(by_text[key], i, "name")
            elif key in c.keys:
                c.join(c.keys[key], i, "variant")
                by_text[key] = i
            else:
                by_text[key] = i


def _merge_short_org_names(c: Clusters) -> None:
    """A one-word organisation name joins the longer organisation name it begins: the one,
    or the one whose rest is only a legal or club ending ("Liverpool" → "Liverpool F.C.")."""
    longer: dict[str, dict[int, bool]] = {}
    for i, m in enumerate(c.mentions):
        words = m.text.lower().split()
        if m.type == "Organization" and len(words) > 1:
            generic = all(w in ORG_NAME_ENDINGS or w == "football" for w in words[1:])
            entry = longer.setdefault(words[0], {})
            root = c.uf.find(i)
            entry[root] = entry.get(root, False) or generic
    people = {c.uf.find(i) for i, n in enumerate(c.names) if n is not None and n.full}
    for i, m in enumerate(c.mentions):
        if m.type != "Organization" or " " in m.text or not m.text[:1].isupper():
            continue
        if c.uf.find(i) in people:
            continue  # "Fulton" named Robert Fulton: not the Fulton Ferry Company
        roots = {r: g for r, g in longer.get(m.text.lower(), {}).items() if r != c.uf.find(i)}
        fitting = [r for r, g in roots.items() if g]
        if len(roots) == 1 or len(fitting) == 1:
            c.join(fitting[0] if len(fitting) == 1 else next(iter(roots)), i, "short-name")


def _merge_team_nicknames(c: Clusters) -> None:
    """A team's nickname used alone joins the one team it ends: "the Tigers" →
    "Detroit Tigers", "the White Sox" → "Chicago White Sox" (singular too: "a Yankee")."""
    teams: dict[str, set[int]] = {}
    for i, m in enumerate(c.mentions):
        if m.type == "Organization" and (nick := team_nickname(m.text).lower()):
            teams.setdefault(nick, set()).add(c.uf.find(i))
    if not teams:
        return
    people = {c.uf.find(i) for i, n in enumerate(c.names) if n is not None and n.full}
    for i, m in enumerate(c.mentions):
        if m.type not in NAMED_TYPES or c.uf.find(i) in people:
            continue  # "Moores" of John Moores is nobody's nickname
        low = m.text.lower()
        roots = teams.get(low) or teams.get(low + "s") or set()
        roots = roots - {c.uf.find(i)} - people
        if len(roots) == 1 and not is_known_place(m.text):
            c.join(roots.pop(), i, "nickname")


def _merge_event_variants(c: Clusters) -> None:
    """An event's name without a lower-case word of a longer event name is that event:
    "the Tulsa riot" is "the Tulsa race riot" when no other event name fits."""
    events = [(i, m.text.split()) for i, m in enumerate(c.mentions) if m.type == "Event"]
    for i, words in events:
        if len(words) < 2:
            continue
        roots = set()
        for j, longer in events:
            extra = len(longer) - len(words)
            if extra <= 0 or longer[0] != words[0] or longer[-1] != words[-1]:
                continue
            rest = iter(longer)
            if all(w in rest for w in words) and all(w in words or w.islower() for w in longer):
                roots.add(c.uf.find(j))
        roots.discard(c.uf.find(i))
        if len(roots) == 1:
            c.join(roots.pop(), i, "variant")


def _merge_acronyms(c: Clusters) -> None:
    """An acronym joins the one multi-word name in the document whose initials it spells."""
    named = [
        (i, m) for i, m in enumerate(c.mentions) if m.type not in ("Person",) and " " in m.text
    ]
    for i, m in enumerate(c.mentions):
        if not is_acronym(m.text) or m.type == "Person":
            continue
        roots = {c.uf.find(j) for j, n in named if is_acronym_of(m.text, n.text)}
        roots.discard(c.uf.find(i))
        if len(roots) == 1:
            c.join(roots.pop(), i, "acronym")


def cluster_mentions(doc: Doc, mentions: list[Mention]) -> Clusters:
    c = Clusters(doc, mentions)
    # "Ottoline Brisk ... Brisk married": a name the NER typed otherwise whose last word
    # is used alone as a person's name is that person's full name.
    lone = {m.text.lower() for m in mentions if m.type == "Person" and _single_word(m)}
    for i, m in enumerate(mentions):
        words = m.text.split()
        last = words[-1].lower()
        alias = m.link >= 0 and m.link_rule in ("nickname", "other-name")
        if (
            c.names[i] is None
            and 2 <= len(words) <= 3
            and last in lone
            and not alias
            and (person_shaped(m.text))
        ):
            c.names[i] = person_name(m.text)
    surnames = {
        key
        for n in c.names
        if n is not None and n.full
        for key in (n.surname, surname_key(n.surname))
    }
    # Bare person names wait for the people's full names ("Meitner" may name two Meitners);
    # so does any one-word name that is a known person's surname, whatever the NER said.
    deferred = {
        i
        for i, m in enumerate(mentions)
        if _single_word(m)
        and m.type in NAMED_TYPES
        and (
            (m.type == "Person" and (c.names[i] is None or not c.names[i].full))  # type: ignore[union-attr]
            or (m.text.lower().replace("’", "'") in surnames and not is_known_place(m.text))
        )
        and m.link < 0
        and titled_kind(c.doc, m) is None  # 'a show called "Scully"' is no one's surname
    }
    _merge_names(c, deferred)
    people = _merge_full_names(c)
    _resolve_short_names(c, people, deferred)
    _join_given_names(c)
    _merge_short_org_names(c)
    _merge_team_nicknames(c)
    _merge_event_variants(c)
    _merge_acronyms(c)
    return c


#: Two people of one surname named this few sentences before a bare surname: it is either.
_NEAR_SENTENCES = 3


def given_name_owners(c: Clusters) -> dict[str, set[int]]:
    """Each first given name → the people (union-find roots) whose full names begin with it."""
    owners: dict[str, set[int]] = {}
    for i, parsed in enumerate(c.names):
        if parsed is not None and parsed.full:
            owners.setdefault(parsed.given[0], set()).add(c.uf.find(i))
    return owners


def _join_given_names(c: Clusters) -> None:
    """A lone given name nothing else took joins the one person of the document who bears
    it ("John Ames ... John said"); borne by two, it is left for ``resolve_entities`` to
    call unsettled."""
    owners = given_name_owners(c)
    if not owners:
        return
    sizes = Counter(c.uf.find(i) for i in range(len(c.mentions)))
    full_at: dict[int, list[int]] = {}  # person → the sentences of their full names
    for i, parsed in enumerate(c.names):
        if parsed is not None and parsed.full:
            full_at.setdefault(c.uf.find(i), []).append(c.sents.number(c.mentions[i].start))
    kin = {m.text.lower() for m in c.mentions if " " not in m.text and _named_as_kin(c.doc, m)}
    for i, m in enumerate(c.mentions):
        if " " in m.text or c.rule[i] or sizes[c.uf.find(i)] > 1 or not is_given_name(m.text):
            continue
        if (m.type != "Person" and is_place_name(m.text)) or m.text.lower() in kin:
            continue  # "their children were Robert, Julia and Mary": a new Robert
        roots = owners.get(m.text.lower(), set())
        if len(roots) != 1:
            continue
        root = next(iter(roots))
        at = c.sents.number(m.start)
        if any(0 <= at - s <= _GIVEN_NAME_REACH for s in full_at.get(root, ())):
            c.join(root, i, "given-name")  # "John Ames ... John said", not fifty lines on


def _named_as_kin(doc: Doc, m: Mention) -> bool:
    """True for a name given as someone's kin: "their children were Robert, Julia and Mary",
    "his son Robert", "a brother, Abraham"."""
    tok = doc[m.end - 1]
    for _ in range(4):  # up conjuncts, appositions and the copula to the kinship noun
        if tok.lemma_.lower() in KINSHIP_NOUNS or tok.lower_ in KINSHIP_NOUNS:
            return True
        if tok.dep_ in KIN_LINK_DEPS:
            head = tok.head
            if tok.dep_ == "attr":
                head = next((k for k in head.children if k.dep_ == "nsubj"), head)
            if head.i == tok.i:
                return False
            tok = head
        else:
            return False
    return False
