"""Mentions → entities: every name mention joins the entity it names, with its evidence.

Within a document (``kg.extract.mentions`` finds the mentions):

- a name is one entity under all its spellings: case, "the", "F.C."/"FC"/
  "Football Club", a plural ("UEFA Cups"), a country's other names and
  demonyms ("US", "the Russians");
- two full names of people are one person only when compatible: same
  surname and generational suffix, compatible first given names ("Otto Robert
  Frisch" and "Otto Frisch"; never "Mike Agassi" and "Andre Agassi");
- a bare surname ("Meitner") joins the most salient person with that surname
  at that point of the document (the person named in this or the sentence
  before, unless the other is the document's first-named person); a lone
  given name ("Dmitry") is too common to join anyone;
- a person's name never joins a longer name whose head is not a name
  ("Lise Meitner Prize", "Genscher Consulting", "Hoover Dam"): that is its own
  entity, of the class its head gives it;
- acronyms ("KWI"), native and former names given in parentheses join the
  name they stand beside or spell; a one-word organisation name joins the one
  longer organisation name it begins ("Nordvik" → "Nordvik Shipping");
- the canonical name is the fullest *name* of the entity (never an acronym
  or a longer phrase containing it), and the class is decided from all the
  mentions and their context (``_entity_type``), not from the NER's vote alone.

Every mention records how it joined (``Mention.via``): that is the merge
evidence the store keeps and ``kg entities`` prints. Coreference of pronouns
and role nouns is ``kg.extract.coref``.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract._deps import (
    CONCEPT_MODIFIER_DEPS,
    INNER_MODIFIER_DEPS,
    KIN_LINK_DEPS,
    NOMINAL_SUBJ_DEPS,
    PLACE_ENTS,
    PREP_DEPS,
    PROPER_NOUN_TAGS,
    SUBJ_OR_DOBJ_DEPS,
)
from kg.extract._mention import CLOSE_QUOTES, NAMED_TYPES, OPEN_QUOTES, Mention
from kg.extract._mention_missed import person_context
from kg.extract._mention_quoted import PRODUCT_KINDS
from kg.extract._name_shapes import (
    common_words,
    looks_personal,
    normalise_name,
    team_nickname,
    team_shaped,
)
from kg.extract._sentences import Sentences, tokens_with
from kg.extract.gazetteer import is_famous_place, is_known_place, is_place_name, place_size
from kg.extract.gender import Gender, is_given_name, name_gender, word_gender
from kg.extract.lexicon import (
    DEMONYM_PLURALS,
    DEMONYMS,
    KINSHIP_NOUNS,
    ORG_NAME_ENDINGS,
    PLACE_ALIASES,
)
from kg.extract.mentions import name_mentions
from kg.extract.names import (
    PARTICLES,
    POST_NOMINALS,
    PersonName,
    is_acronym,
    is_acronym_of,
    name_head_class,
    name_key,
    person_name,
    same_person,
    surname_key,
)
from kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["NAMED_TYPES", "EntityIndex", "Mention", "concept_phrase", "drop_unsettled",
           "normalise_name", "person_shaped", "resolve_entities", "worth_a_node"]  # fmt: skip

_MAX_NODE_CHARS = 120
#: How much more a document's first-named person weighs when a bare surname is resolved.
_SUBJECT_BONUS = 3


@dataclass(slots=True)
class EntityIndex:
    """The entities of one document and where they are mentioned.

    Attributes:
        entities: every entity, keyed by ``(name, type)``.
        mentions: the name mentions, in document order.
        by_token: ``Doc`` token index → the entity whose mention covers it.
        spans: ``Doc`` token index → the bounds of the mention covering it.
        genders: a person entity → the gender its names and titles say.
        unsettled: entities that are someone, but not said who (a lone given name that
            a person of the document with a full name bears, or used far apart; a bare
            surname two people just named bear): antecedents while pronouns are
            resolved, then dropped by ``drop_unsettled``.
    """

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Entity] = field(default_factory=dict)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    genders: dict[Entity, Gender] = field(default_factory=dict)
    unsettled: set[Entity] = field(default_factory=set)

    def entity_at(self, i: int) -> Entity | None:
        """The entity mentioned at token ``i``, or None."""
        return self.by_token.get(i)

    def span_at(self, i: int) -> tuple[int, int]:
        """Token bounds ``[start, end)`` of the mention covering token ``i``, else ``i`` alone."""
        return self.spans.get(i, (i, i + 1))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _canonical_place(text: str) -> str | None:
    low = text.lower()
    if low in PLACE_ALIASES:
        return PLACE_ALIASES[low]
    demonym = DEMONYM_PLURALS.get(low, low)
    return DEMONYMS.get(demonym)


def _title_before(doc: Doc, m: Mention) -> str:
    """The title word right before a mention ("Mrs" of "Mrs. Hoover"), or ""."""
    i = m.start - 1
    while i >= 0 and doc[i].text == ".":
        i -= 1
    return doc[i].lower_.rstrip(".") if i >= 0 and doc[i].text[:1].isupper() else ""


class _Clusters:
    """Union-find over the mentions, remembering why each mention joined."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.sents = Sentences(doc)
        self.keys: dict[str, int] = {}  # spelling key → its first mention (``_merge_names``)
        self.ambiguous: set[int] = set()  # bare surnames two people of the text may bear
        self.sports = _about_sports(doc)
        self.mentions = mentions
        self.uf = _UnionFind(len(mentions))
        self.rule = [""] * len(mentions)
        self.names = [
            person_name(m.text) if m.type == "Person" or looks_personal(m.text) else None
            for m in mentions
        ]
        for i, m in enumerate(mentions):
            if m.link >= 0 and m.link_rule in ("nickname", "other-name") and m.type == "Person":
                self.names[i] = None  # "Hammerin' Hank", born "Hyman Greenberg": aliases only
        # Henry Benjamin "Hank" Greenberg: later, "Hank Greenberg" is Henry Greenberg.
        nicknames = {}
        self.nicknames: dict[str, int] = {}  # nickname → the mention of the full name
        for m in mentions:
            full = self.names[m.link] if m.link_rule == "nickname" and m.link >= 0 else None
            if full is not None and full.full:
                nicknames[m.text.lower()] = full.given[0]
                self.nicknames[m.text.lower()] = m.link
        for i, n in enumerate(self.names):
            if n is not None and n.full and n.given[0] in nicknames:
                self.names[i] = PersonName((nicknames[n.given[0]], *n.given[1:]), n.surname,
                                           n.suffix)  # fmt: skip

    def join(self, a: int, b: int, rule: str) -> None:
        """Join mention ``b`` to ``a``'s entity, for ``rule``."""
        if self.uf.find(a) != self.uf.find(b):
            self.uf.union(a, b)
            if not self.rule[b]:
                self.rule[b] = rule

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.mentions)):
            out.setdefault(self.uf.find(i), []).append(i)
        return list(out.values())


def _single_word(m: Mention) -> bool:
    return " " not in m.text and not is_acronym(m.text)


def _key(m: Mention) -> str:
    """The spelling key under which mentions are one name (see ``name_key``); a person's
    name is its own key ("Rhys Edward" is not "Rhys Edwards", whatever "UEFA Cups" is)."""
    place = _canonical_place(m.text)
    if place:
        return f"place:{place}"
    if m.type == "Person" or looks_personal(m.text):
        return " ".join(m.text.lower().replace("’", "'").split())
    return name_key(m.text)


def _merge_names(c: _Clusters, deferred: set[int]) -> None:
    """Same name, any spelling variant, whatever type the NER gave each mention."""
    by_key = c.keys
    for i, m in enumerate(c.mentions):
        if i in deferred or m.type not in NAMED_TYPES:
            continue
        key = _key(m)
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


def _merge_full_names(c: _Clusters) -> list[int]:
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


def _person_parts(c: _Clusters, people: list[int]) -> dict[int, list[PersonName]]:
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


def _surname_candidates(word: str, parts: dict[int, list[PersonName]]) -> list[int]:
    low = word.lower().replace("’", "'")
    return [root for root, names in parts.items() if any(low in _surnames(n) for n in names)]


@functools.lru_cache(maxsize=4096)
def _surnames(name: PersonName) -> tuple[str, str]:
    """The surname a bare mention may use: as written, or without its particles."""
    return name.surname, surname_key(name.surname)


def _resolve_short_names(c: _Clusters, people: list[int], deferred: set[int]) -> None:
    """Bare surnames and lone given names join the most salient person they can name."""
    parts = _person_parts(c, people)
    if not parts:
        return
    first_person = c.uf.find(people[0]) if people else -1
    genders = {root: _person_gender(names) for root, names in parts.items()}
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
            for r in _surname_candidates(m.text, parts)
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


def _merge_short_org_names(c: _Clusters) -> None:
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


def _merge_team_nicknames(c: _Clusters) -> None:
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


def _merge_event_variants(c: _Clusters) -> None:
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


def _merge_acronyms(c: _Clusters) -> None:
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


def _cluster(doc: Doc, mentions: list[Mention]) -> _Clusters:
    c = _Clusters(doc, mentions)
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


def _canonical(c: _Clusters, group: list[int]) -> str:
    """The longest name of an entity that is neither an acronym nor a short form
    (on a tie, the most used, then the first); a country's one name for its aliases."""
    ms = [c.mentions[i] for i in group]
    for m in ms:
        place = _canonical_place(m.text) if m.type == "Place" else None
        if place:
            return place
    counts = Counter(m.text for m in ms)

    def rank(i: int) -> tuple[bool, bool, int, int, int]:
        m = c.mentions[i]
        short = c.rule[i] in ("surname", "nickname", "short-name")
        return (not short, not is_acronym(m.text), len(m.text.split()), counts[m.text], -m.start)

    return c.mentions[max(group, key=rank)].text


def _person_label(c: _Clusters, group: list[int]) -> str | None:
    """A person's name: their most used full name (on a tie, the longer, then the first)."""
    people = [i for i in group if (n := c.names[i]) is not None and n.full]
    if not people:
        return None
    counts = Counter(c.mentions[i].text for i in people)
    best = max(
        people,
        key=lambda i: (
            counts[c.mentions[i].text],
            len(c.mentions[i].text.split()),
            -c.mentions[i].start,
        ),
    )
    return c.mentions[best].text  # fmt: skip


#: Prepositions whose object is a place ("at Anfield", "in Monte Carlo"), hardly a person.
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "into", "across", "throughout", "within"})
#: ``place_size`` of countries, states and regions (their wars are not matches).
_STATE_SIZE = 9.0
#: Verbs of a match: a place does not beat anyone, a club does ("Liverpool beat Barcelona").
_MATCH_VERBS = frozenset(
    {"beat", "defeat", "draw", "eliminate", "thrash", "outplay", "overcome", "edge", "knock",
     "relegate", "trounce", "rout"}
)  # fmt: skip
#: Nouns of a match whose "against" or "over" takes a side ("the final against X").
_MATCH_NOUNS = frozenset(
    {"win", "victory", "defeat", "loss", "draw", "final", "semi-final", "semifinal", "match",
     "game", "tie", "derby", "replay", "fixture", "play", "goal"}
)  # fmt: skip
#: Prepositions after "play", "sign", "score", "lose" that take a club ("play for X").
_CLUB_PREPS = frozenset({"for", "against"})
_CLUB_VERBS = frozenset({"play", "sign", "score", "lose", "transfer", "appear"})


def _context_votes(doc: Doc, sents: Sentences, m: Mention) -> dict[str, float]:
    """Class evidence from around one mention: titles, "who", person verbs, role nouns,
    a pronoun taking it up; a place's preposition ("at Anfield"); a team or firm named
    after a place ("Manchester United" tagged a person)."""
    votes: dict[str, float] = {"Person": 0.0, "Place": 0.0, "Organization": 0.0}
    head = doc[m.end - 1]
    if person_context(doc, m.start, m.end):
        votes["Person"] += 2
    if _followed_by_person_pronoun(sents, head):
        votes["Person"] += 1.0
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPS:
        votes["Place"] += 1.5
    words = m.text.split()
    if (
        m.type == "Person"
        and len(words) > 1
        and is_famous_place(words[0])
        and not is_given_name(words[0], common=True)
    ):
        votes["Organization"] += 1.5
    return votes


#: Words of a text about teams; a few of them and a city that wins is its club.
_SPORTS_WORDS = frozenset(
    {"club", "clubs", "team", "teams", "league", "match", "matches", "season", "cup", "goal",
     "goals", "championship", "final", "tournament", "fixture", "manager", "striker"}
)  # fmt: skip


def _about_sports(doc: Doc) -> bool:
    from spacy.attrs import LOWER

    return len(tokens_with(doc, LOWER, _SPORTS_WORDS)) >= 5


def _in_a_match(head: Token) -> bool:
    """True for a side of a match: subject or object of "beat", "defeated by", "play for",
    "lost to" ... (a team, whatever city it is named after)."""
    verb = head.head
    if head.dep_ == "pobj" and verb.dep_ in PREP_DEPS:
        prep, verb = verb, verb.head
        if prep.lower_ in ("against", "over") and verb.lemma_ in _MATCH_NOUNS:
            return True  # "a 3-1 win over Barcelona", "the final against Burnley"
        if verb.lemma_ in _MATCH_VERBS and prep.lower_ == "by":
            return True  # "were defeated by Barcelona"
        return verb.lemma_ in _CLUB_VERBS and (
            prep.lower_ in _CLUB_PREPS or (verb.lemma_ == "lose" and prep.lower_ == "to")
        )
    if head.dep_ in SUBJ_OR_DOBJ_DEPS:
        return verb.lemma_ in _MATCH_VERBS
    return False


_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "himself", "herself"})


def _followed_by_person_pronoun(sents: Sentences, head: Token) -> bool:
    """True when a subject name is taken up by "he" or "she" as the next subject:
    in a conjoined clause ("Geller played ... and he won") or the next sentence."""
    if head.dep_ not in NOMINAL_SUBJ_DEPS:
        return False
    verb = head.head
    for conj in verb.conjuncts:
        if conj.i > verb.i and any(
            c.dep_ in NOMINAL_SUBJ_DEPS and c.lower_ in _PERSON_PRONOUNS for c in conj.children
        ):
            return True
    n = sents.number(head.i) + 1
    if n >= len(sents.spans):
        return False
    root = sents.spans[n].root
    return any(c.dep_ in NOMINAL_SUBJ_DEPS and c.lower_ in _PERSON_PRONOUNS
               for c in root.children)  # fmt: skip


def person_shaped(name: str) -> bool:
    """True for a name that could be a person's: one to four capitalised words, no acronym,
    no head word of its own class, no organisation ending, not a famous place or a demonym.

    Example:
        >>> person_shaped("Geller"), person_shaped("Anna Osterman"), person_shaped("NATO")
        (True, True, False)
        >>> person_shaped("Harlow Energy"), person_shaped("Florence"), person_shaped("Dutch")
        (False, False, False)
    """
    words = name.split()
    if not 1 <= len(words) <= 4 or is_acronym(name) or name_head_class(name) is not None:
        return False
    if any(w.lower() in ORG_NAME_ENDINGS for w in words) or is_famous_place(name):
        return False
    if name.lower() in DEMONYMS or name.lower() in DEMONYM_PLURALS:
        return False
    return all(
        (w[:1].isupper() and all(ch.isalpha() or ch in "-'." for ch in w)) or w in PARTICLES
        for w in words
    )


def _form_vote(m: Mention) -> tuple[str, float]:
    """The class one mention votes for, and how strongly: the NER's label, unless the
    name's form says otherwise (a given name, a city the NER took for a person)."""
    weight = 1.0 if m.ner else 0.5
    if m.type != "Person" and looks_personal(m.text):
        return "Person", 1.5  # "Justin", "Otto Robert Frisch", whatever the NER said
    if m.type in ("Place", "Organization", "Event", "Product") and _rare_full_name(m.text):
        return "Person", 1.25  # "Marat Safin", "Lleyton Hewitt" tagged a place
    if m.type == "Person" and is_place_name(m.text) and not looks_personal(m.text):
        return "Place", 1.5  # "San Francisco" tagged a person
    if m.type == "Person" and " " not in m.text and not is_given_name(m.text):
        return "Person", 0.5  # one unknown word the NER called a person: a guess
    return m.type, weight


def _quoted(doc: Doc, m: Mention) -> bool:
    """True for a name that is all of a quotation: a title ('the single "Say It Right"')."""
    if m.start == 0 or doc[m.start - 1].text not in OPEN_QUOTES:
        return False
    end = m.end + (m.end < len(doc) and doc[m.end].text in ",.")
    return end < len(doc) and doc[end].text in CLOSE_QUOTES


def _rare_full_name(name: str) -> bool:
    """Two or three capitalised words, the first a given name (however rare), no word a
    place's name or a class's head: shaped like a person's full name."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not person_shaped(name) or not is_given_name(words[0]):
        return False
    if words[0].lower() in DEMONYMS or words[-1].lower() in common_words():
        return False  # "Dutch Republic", "Aramis Life": an English word ends no rare name
    return not any(is_place_name(w) for w in words) and not is_place_name(name)


def _entity_type(c: _Clusters, group: list[int], name: str) -> str:
    """The class of an entity from its name's form, all its mentions and their context."""
    head_class = name_head_class(name)
    ms = [c.mentions[i] for i in group]
    if head_class is not None and any(m.type == head_class for m in ms):
        return head_class  # "Lise Meitner Prize", "Hoover Dam"
    if (
        0 < place_size(name) < _STATE_SIZE
        and c.sports
        and any(_in_a_match(c.doc[m.end - 1]) for m in ms)
    ):
        return "Organization"  # "Liverpool beat Barcelona", in a text about clubs
    if is_known_place(name) or _canonical_place(name):
        return "Place"
    if is_famous_place(name) and any(m.ner in PLACE_ENTS for m in ms):
        return "Place"  # "Hiroshima had come as a surprise to her"
    votes: dict[str, float] = {}
    for i, m in zip(group, ms, strict=True):
        if c.rule[i] == "surname":
            etype, weight = "Person", 0.5  # a bare surname's NER label is a guess; not its person
        else:
            etype, weight = _form_vote(m)
        votes[etype] = votes.get(etype, 0.0) + weight
        if _quoted(c.doc, m) and m.link < 0:  # '"Say It Right"', 'the engine "Novelty"'
            kind = c.doc[m.start - 2].lemma_ if m.start >= 2 else ""
            title = "Product" if m.type == "Product" or kind in PRODUCT_KINDS else "CreativeWork"
            votes[title] = votes.get(title, 0.0) + 1.5
        for cls, extra in _context_votes(c.doc, c.sents, m).items():
            votes[cls] = votes.get(cls, 0.0) + extra
    if team_shaped(name):  # "Pittsburgh Pirates", whatever "the Pirates" was tagged
        votes["Organization"] = votes.get("Organization", 0.0) + 3.0
    etype = max(votes, key=lambda t: (votes[t], t == ms[0].type))
    return etype if etype in NAMED_TYPES else ms[0].type


def _gender(c: _Clusters, group: list[int], name: str, etype: str) -> Gender | None:
    """A person's gender from the titles before their mentions and their given names."""
    if etype != "Person":
        return None
    votes: set[Gender] = set()
    for i in group:
        if (g := word_gender(_title_before(c.doc, c.mentions[i]))) is not None:
            votes.add(g)
    parsed = person_name(name)
    given = (parsed.given[0] if parsed.full else parsed.surname) if parsed is not None else ""
    # A lone name is often a surname: only a common given name says a gender then.
    full = parsed is not None and parsed.full
    if given and (full or is_given_name(given, common=True)) and (g := name_gender(given)):
        votes.add(g)
    return votes.pop() if len(votes) == 1 else None


def resolve_entities(doc: Doc) -> EntityIndex:
    """Find the named entities of a document and merge their mentions.

    Example:
        >>> doc = kg.nlp.parse("Xi Jinping met Vladimir Putin. Xi thanked Putin.")
        >>> index = resolve_entities(doc)
        >>> sorted(e.name for e in index.entities.values())
        ['Vladimir Putin', 'Xi Jinping']
        >>> index.entity_at(6).name
        'Xi Jinping'
        >>> [(m.text, m.via) for m in index.mentions][2:]
        [('Xi', 'surname'), ('Putin', 'surname')]
    """
    mentions = name_mentions(doc)
    c = _cluster(doc, mentions)
    index = EntityIndex()
    owners = _given_name_owners(c)
    for group in c.groups():
        name = _canonical(c, group)
        etype = _entity_type(c, group, name)
        if etype == "Person":
            name = _person_label(c, group) or name
        entity = index.entities.get((name, etype))
        if entity is None:
            entity = index.entities[(name, etype)] = Entity(name=name, type=etype)
        gender = _gender(c, group, name, etype)
        if gender is not None:
            index.genders[entity] = gender
        if all(i in c.ambiguous for i in group) or (
            (etype == "Person" or not is_place_name(name))
            and " " not in name
            and is_given_name(name)
            and (len(owners.get(name.lower(), ())) > 1 or _far_apart(c, group))
        ):
            # "Robert" beside Robert Fulton, his father and his son: someone, but not said who
            index.unsettled.add(entity)
        for i in group:
            m = mentions[i]
            m.via = "name" if m.text == name else (c.rule[i] or "variant")
            if m.text != name:
                entity.aliases.add(m.text)
            m.entity = entity
            for t in range(m.start, m.end):
                index.by_token[t] = entity
                index.spans[t] = (m.start, m.end)
    index.mentions = mentions
    return index


#: Two people of one surname named this few sentences before a bare surname: it is either.
_NEAR_SENTENCES = 3


def _given_name_owners(c: _Clusters) -> dict[str, set[int]]:
    """Each first given name → the people (union-find roots) whose full names begin with it."""
    owners: dict[str, set[int]] = {}
    for i, parsed in enumerate(c.names):
        if parsed is not None and parsed.full:
            owners.setdefault(parsed.given[0], set()).add(c.uf.find(i))
    return owners


def _join_given_names(c: _Clusters) -> None:
    """A lone given name nothing else took joins the one person of the document who bears
    it ("John Ames ... John said"); borne by two, it is left for ``resolve_entities`` to
    call unsettled."""
    owners = _given_name_owners(c)
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


#: How many sentences after a person's full name their lone given name still names them.
_GIVEN_NAME_REACH = 6

#: Sentences between two uses of one lone given name past which they may be two people.
_GIVEN_NAME_SPAN = 20


def _far_apart(c: _Clusters, group: list[int]) -> bool:
    """True when a lone given name is used far apart ("his sister Mary" ... "their
    daughter Mary"): nothing says the two are one person."""
    sents = sorted(c.sents.number(c.mentions[i].start) for i in group)
    return any(b - a > _GIVEN_NAME_SPAN for a, b in itertools.pairwise(sents))


def drop_unsettled(index: EntityIndex, corefs: dict[int, tuple[Entity, ...]]) -> None:
    """Forget the unsettled entities: their mentions, and the pronouns resolved to them,
    name nobody (a missing fact rather than a fact about the wrong Robert)."""
    if not index.unsettled:
        return
    for m in index.mentions:
        if m.entity in index.unsettled:
            m.entity = None
    for key in [k for k, e in index.entities.items() if e in index.unsettled]:
        del index.entities[key]
    for t in [t for t, e in index.by_token.items() if e in index.unsettled]:
        del index.by_token[t]
        index.spans.pop(t, None)
    for t in [t for t, found in corefs.items() if any(e in index.unsettled for e in found)]:
        del corefs[t]


def _keep_inner(tok: Token) -> bool:
    return tok.dep_ in INNER_MODIFIER_DEPS and (tok.dep_ != "punct" or tok.text in "-–/")


def _modifier_tokens(tok: Token) -> list[int]:
    out = [tok.i]
    for child in tok.children:
        if _keep_inner(child):
            out.extend(_modifier_tokens(child))
    return out


def worth_a_node(name: str) -> bool:
    """A concept name says something: three letters at least, or an acronym ("UN"), and it
    is not a person's letters after their name ("CIH", "PhD").

    Example:
        >>> worth_a_node("ferry"), worth_a_node("UN"), worth_a_node("no"), worth_a_node("PhD")
        (True, True, False, False)
    """
    if name.lower().rstrip(".") in POST_NOMINALS:
        return False
    letters = sum(ch.isalpha() for ch in name)
    return letters >= 3 or (letters >= 2 and name.isupper())


def concept_phrase(head: Token) -> tuple[str, int, int]:
    """The compact name of a noun phrase: head plus its adjective and compound modifiers.

    Returns the phrase and its token bounds ``[start, end)``. Determiners,
    possessives, numbers and anything after the head are left out.

    Example:
        >>> doc = kg.nlp.parse("Xi supported the Russian demand of talks with the West.")
        >>> concept_phrase(doc[4])
        ('Russian demand', 3, 5)
    """
    indices = {head.i}
    for child in head.lefts:
        if child.dep_ in CONCEPT_MODIFIER_DEPS or (child.dep_ == "punct" and child.text in "-–"):
            indices.update(_modifier_tokens(child))
    # Keep the contiguous block that ends at the head.
    start = head.i
    while start - 1 in indices:
        start -= 1
    # Hyphenated heads ("video-conference"): the parts after the head's own hyphen.
    end = head.i + 1
    doc = head.doc
    while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].head.i == head.i:
        end += 2
    words = []
    for tok in doc[start:end]:
        text = tok.text
        if (
            tok.is_sent_start
            and tok.tag_ not in PROPER_NOUN_TAGS
            and not tok.ent_type_
            and not text.isupper()
            and tok.lower_ not in DEMONYMS
        ):
            text = text.lower()  # "The Russian demand" at a sentence start is not a name
        words.append(text + tok.whitespace_)
    return normalise_name("".join(words))[:_MAX_NODE_CHARS], start, end
