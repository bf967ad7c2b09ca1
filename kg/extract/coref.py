"""Rule-based coreference: third-person pronouns → entities.

No coreference library works with spaCy 3.8, so this is a salience model in
the tradition of Lappin & Leass (1994), "An algorithm for pronominal anaphora
resolution", with the syntactic preferences of the parallelism baselines of
GAP (Webster et al. 2018):

- every name mention (and every pronoun already resolved) adds salience to
  its entity: recency, subject, object, oblique, head-noun and non-adverbial
  emphasis, halved with each sentence back;
- a candidate must agree: *he/she* need a person of that gender or of none
  known (given names, titles and the pronouns already resolved to it say it,
  ``kg.extract.gender``), *it* a thing, *they* a group, a pair or a plural;
- binding: a pronoun is never a co-argument of its antecedent ("he briefed
  him"), a possessive never the noun it modifies ("his father John"), a
  subject never what its subjectless participle clause takes ("Working for
  Lord Ames, he ...");
- a possessive *his/her* leans on its own clause's subject ("Kask won his
  fifth title");
- role parallelism (subject for subject) adds salience, and cataphora is
  allowed where English allows it ("When he returned to Madrid, Carlos Ruiz
  founded ...");
- expletive *it* ("it is likely that", "it seems") refers to nothing;
- when two candidates are close, the pronoun is left unresolved: a wrong
  antecedent makes a false fact, a missing one only a missing fact.

Role nouns ("the company", "the club", "the physicist") are
``kg.extract.nominals``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._concepts import concept_phrase, worth_a_node
from kg.extract._deps import (
    CATAPHORA_DEPS,
    COMPLEMENT_CLAUSE_DEPS,
    DOBJ_OR_POBJ_DEPS,
    NOMINAL_SUBJ_DEPS,
    NOUN_OR_PRON_POS,
    NOUN_POS,
    PARTICIPLE_TAGS,
    PLURAL_PRESENT_TAGS,
    SUBJ_OR_DOBJ_DEPS,
    THAT_CLAUSE_DEPS,
    VERB_CHAIN_DEPS,
    VERB_OBJ_DEPS,
    VERB_POS,
)
from kg.extract._discourse import (
    WINDOW,
    Discourse,
    Ref,
    clause_verb,
    factor_weight,
    make_ref,
    mention_head,
    role,
)
from kg.extract._name_shapes import person_shaped
from kg.extract._sentences import Sentences, tokens_with
from kg.extract.entities import EntityIndex, drop_unsettled
from kg.extract.gazetteer import is_place_name
from kg.extract.gender import is_given_name
from kg.extract.lexicon import (
    DEMONYM_PLURALS,
    DEMONYMS,
    ORG_ROLE_NOUNS,
    PERSON_ROLE_NOUNS,
    PLACE_ROLE_NOUNS,
)
from kg.extract.nominals import RoleNouns
from kg.model import Entity, EntityMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


FEMININE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MASCULINE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
PERSONAL_PRONOUNS = FEMININE_PRONOUNS | MASCULINE_PRONOUNS
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THIRD_PERSON_PRONOUNS = PERSONAL_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS
_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
_POSSESSIVES = frozenset({"his", "her", "hers", "its", "their", "theirs"})
_THING_TYPES = frozenset(
    {"Organization", "Place", "Product", "Event", "Law", "CreativeWork", "Award", "Concept"}
)
_GROUP_TYPES = frozenset({"Group"})
#: Prepositions whose object is a place or a body, hardly ever a person ("in Hiroshima").
_PLACE_PREPS = frozenset({"in", "at", "from", "near", "into", "across", "throughout", "within"})
#: The classes the small model gives people's surnames most often ("Geller" as an ORG).
_MAYBE_PERSON_TYPES = frozenset({"Organization", "Place"})
#: Verbs whose subject "it" stands for a clause after them ("it seems that ...").
_EXTRAPOSING_VERBS = frozenset(
    {"be", "seem", "appear", "become", "remain", "happen", "turn", "take", "matter", "follow",
     "occur", "cost", "make"}
)  # fmt: skip
#: Verbs that equate their subject with their complement ("the winner was Anna Berg").
_COPULAS = frozenset({"be", "become"})
#: Participles that work as prepositions, with no subject of their own ("according to X").
_PREPOSITION_PARTICIPLES = frozenset(
    """according including regarding concerning following considering given excluding
    depending starting beginning compared based owing pending barring""".split()
)
#: The longest line that may be a section heading, in characters.
_HEADING_CHARS = 100
#: Salience added for role parallelism.
_PARALLEL = 70.0
#: Predicate nouns that say the pronoun is a made thing, neither a body nor a place.
_THING_NOUNS = frozenset(
    """ship vessel boat ferry steamboat yacht submarine car automobile vehicle truck lorry bus
    locomotive engine train tram aircraft airplane aeroplane plane jet helicopter rocket
    machine device gun weapon tool product model brand drug book novel film movie album song
    single record painting sculpture statue""".split()
)
#: What kind of thing a predicate noun says the pronoun is ("it was a company": a body).
_NOUN_KINDS: dict[str, str] = {
    **dict.fromkeys(ORG_ROLE_NOUNS, "body"),
    **dict.fromkeys(PLACE_ROLE_NOUNS, "place"),
    **dict.fromkeys(PERSON_ROLE_NOUNS, "person"),
    **dict.fromkeys(_THING_NOUNS, "thing"),
}
#: How much a name typed otherwise but shaped like a person's ("Geller") counts for he/she.
MAYBE_PERSON = 0.8
#: How much an unnamed thing ("the terminal") counts against named ones for it/they.
CONCEPT = 1.0
#: Salience added to a possessive's own clause's subject ("Djokovic won his fifth title").
LOCAL_SUBJECT = 800.0
#: A pronoun stays unresolved when its runner-up has this share of the winner's salience.
AMBIGUITY = 1.01
#: The same for it/they (GAP measures only he/she): a tie is left unresolved.
THING_AMBIGUITY = 1.0


def _name_refs(doc: Doc, index: EntityIndex, sent_of: list[int], headings: set[int]) -> list[Ref]:
    heads: dict[int, Entity] = {}
    peoples: set[int] = set()
    for m in index.mentions:
        if m.entity is not None:
            head = mention_head(doc, m.start, m.end)
            heads[head] = m.entity
            if m.text.lower() in DEMONYMS or m.text.lower() in DEMONYM_PLURALS:
                peoples.add(head)  # "the Portuguese": the country's people, a "they"
    out: list[Ref] = []
    for head, entity in sorted(heads.items()):
        tok = doc[head]
        if tok.pos_ == "ADJ" or (tok.dep_ == "amod" and entity.type == "Group"):
            continue  # "Jewish scientists": a modifier, not a mention a pronoun can take up
        if head in headings:
            continue  # "1986–1993: Breakthrough and the first major title."
        out.append(make_ref(doc, (entity,), head, sent_of[head], head in peoples))
        # "Putin and Xi ..." is also a plural referent for a later "they".
        conjuncts = [c.i for c in tok.conjuncts if c.i > head and c.i in heads]
        if conjuncts and tok.dep_ != "conj":
            group = tuple(dict.fromkeys((entity, *(heads[c] for c in conjuncts))))
            if len(group) > 1:
                out.append(make_ref(doc, group, head, sent_of[head], True))
    # "Anna Berg met Karl Tamm. They ...": the two people a verb joins are a pair too.
    for head, entity in heads.items():
        tok = doc[head]
        if tok.dep_ != "nsubj" or entity.type != "Person":
            continue
        for other in tok.head.children:
            target = other
            if other.dep_ == "prep" and other.lower_ == "with":
                target = next((c for c in other.children if c.dep_ == "pobj"), other)
            partner = heads.get(target.i)
            if (
                target.dep_ in DOBJ_OR_POBJ_DEPS
                and partner is not None
                and partner is not entity
                and partner.type == "Person"
            ):
                out.append(make_ref(doc, (entity, partner), target.i, sent_of[head], True))
    # The discourse model walks its mentions by position: keep them in token order.
    out.sort(key=lambda r: r.head)
    return out


def _heading_tokens(doc: Doc) -> set[int]:
    """The tokens of section headings: short lines of their own without a verb
    ("1986–1993: Breakthrough and the first major title.")."""
    out: set[int] = set()
    text = doc.text
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if 0 < end - start <= _HEADING_CHARS:
            span = doc.char_span(start, end, alignment_mode="expand")
            short = span is not None and len(span) <= 12
            if short and span is not None and not any(t.pos_ in VERB_POS for t in span):
                out.update(range(span.start, span.end))
        start = end + 1
    return out


def _sentence_numbers(doc: Doc, headings: set[int]) -> list[int]:
    """Token → the number of its sentence, where section headings do not count: after
    "Early life." a "He" still looks back to the sentences before the heading."""
    out: list[int] = []
    n = -1
    for sent in Sentences(doc).spans:
        if n < 0 or any(t.i not in headings and not t.is_space for t in sent):
            n += 1
        out.extend([n] * len(sent))
    return out


def _pronoun_tokens(doc: Doc) -> list[int]:
    """The third-person pronouns of a document (from its arrays, without building Tokens)."""
    from spacy.attrs import LOWER

    return [i for i in tokens_with(doc, LOWER, THIRD_PERSON_PRONOUNS) if doc[i].pos_ == "PRON"]


def _concept_ref(doc: Doc, tok: Token, index: EntityIndex, sent: int) -> Ref | None:
    """An unnamed thing in subject or object position ("The terminal ... It handles ..."),
    or a name no entity holds ("the 'Rocket' was ...": a pronoun after it is not an older name)."""
    if (
        tok.pos_ in NOUN_POS
        and tok.dep_ in SUBJ_OR_DOBJ_DEPS
        and tok.i not in index.by_token
        and tok.lemma_.lower() not in PERSON_ROLE_NOUNS
    ):
        name = concept_phrase(tok)[0]
        if not worth_a_node(name):
            return None  # "the world no. 1": no thing to take up
        concept = Entity(name=name, type="Concept")
        return make_ref(doc, (concept,), tok.i, sent, tok.tag_ == "NNS")
    return None


def _copula_names(tok: Token, index: EntityIndex) -> tuple[Entity, ...]:
    """The names an unnamed subject is said to be: "the winner was Anna Berg", "her sons
    are Karl and Jonas", "the club became Harwick FC"; () when the complement is no name."""
    verb = tok.head
    if tok.dep_ not in NOMINAL_SUBJ_DEPS or tok.i in index.by_token or verb.lemma_ not in _COPULAS:
        return ()
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.i > tok.i), None)
    if attr is None:
        return ()
    named = [index.entity_at(t.i) for t in (attr, *attr.conjuncts)]
    if any(e is None for e in named):
        return ()  # "the winners were Anna Berg and a friend"
    return tuple(dict.fromkeys(e for e in named if e is not None))


def _expletive(tok: Token) -> bool:
    """True for an "it" that stands for nothing: "it is likely that", "it seems", "it rained",
    "it is hard to say", "it was Anna who ..."; but not "it was the first company to ..."."""
    if tok.lower_ != "it":
        return False
    if tok.dep_ == "expl":
        return True
    verb = tok.head
    if tok.dep_ not in NOMINAL_SUBJ_DEPS or verb.pos_ not in VERB_POS:
        return False
    if verb.lemma_ in ("rain", "snow"):
        return True
    kids = [c for c in verb.children if c.i > verb.i]
    # "it is likely that ...": the parser may hang the clause on the adjective
    kids += [g for c in kids if c.dep_ == "acomp" for g in c.children if g.i > c.i]
    that_clause = any(c.dep_ in THAT_CLAUSE_DEPS for c in kids)
    if tok.dep_ == "nsubjpass" and that_clause:
        return True  # "it is said that ..."
    if verb.lemma_ not in _EXTRAPOSING_VERBS:
        return False
    attrs = [c for c in kids if c.dep_ == "attr" and c.pos_ in NOUN_OR_PRON_POS]
    if any(any(g.dep_ == "relcl" and _relative_pronoun(g) for g in a.children) for a in attrs):
        return True  # "it was Anna who ...": a cleft
    if that_clause:
        return True  # "it is likely that ...", "it seems that ..."
    to_clause = any(
        c.dep_ in COMPLEMENT_CLAUSE_DEPS
        and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for c in kids
    )
    # "it is hard to say" is extraposed; "it was the first company to issue stock" is not.
    return to_clause and not attrs


def _generic_they(tok: Token) -> bool:
    """True for the "they" of hearsay: "they say ...", "they claim ..." (people in general)."""
    verb = tok.head
    return (
        tok.lower_ == "they"
        and tok.dep_ == "nsubj"
        and verb.tag_ in PLURAL_PRESENT_TAGS
        and verb.lemma_ in ("say", "claim", "believe", "think", "reckon", "report")
        and any(c.dep_ == "ccomp" for c in verb.children)
    )


def _relative_pronoun_token(tok: Token) -> bool:
    """True for "who", "which", "that" heading a relative clause on a noun."""
    return (
        tok.lower_ in ("who", "which", "that")
        and tok.head.dep_ == "relcl"
        and tok.head.head.pos_ in NOUN_POS
    )


def _relative_pronoun(clause: Token) -> bool:
    return any(c.lower_ in ("who", "that", "which", "whom") for c in clause.children)


def _co_arguments(doc: Doc, tok: Token) -> set[int]:
    """Tokens a non-reflexive pronoun can never be coreferent with (binding theory)."""
    out: set[int] = set()
    if tok.dep_ == "poss":
        noun = tok.head
        out.add(noun.i)  # "his father": not the father
        out.update(c.i for c in noun.children if c.dep_ == "appos")  # "his father John"
        if noun.dep_ == "attr" and not any(c.lower_ == "own" for c in noun.children):
            # "Ines Calder, who was her successor": not Ines Calder
            subject = _understood_subject(doc, noun.head.i)
            if subject >= 0:
                out.add(subject)
        return out
    verb = clause_verb(tok)
    if verb < 0 or tok.dep_ not in NOMINAL_SUBJ_DEPS | VERB_OBJ_DEPS:
        return out
    v = doc[verb]
    for child in v.children:
        if child.i != tok.i and child.dep_ in NOMINAL_SUBJ_DEPS | VERB_OBJ_DEPS:
            out.add(child.i)  # "he briefed him", "the council approved it"
    if tok.dep_ in NOMINAL_SUBJ_DEPS:
        out.update(_participle_arguments(v))  # "Working for Lord Ames, he built ...": not Ames
    if tok.dep_ in VERB_OBJ_DEPS and v.dep_ == "conj":
        out.add(_clause_subject(doc, verb))  # "the club was promoted and won it": not the club
    if tok.dep_ in VERB_OBJ_DEPS and not any(c.dep_ in NOMINAL_SUBJ_DEPS for c in v.children):
        # "Bush appointed Sam to accompany him": the unstated subject of "accompany" (Sam,
        # the controller) is a co-argument too.
        controller = _controller(v)
        if controller is not None:
            out.add(controller.i)
    return out


def _participle_arguments(verb: Token) -> set[int]:
    """The arguments of a subjectless participle clause on ``verb`` ("Working for Lord Ames,
    he ...", "After meeting Anna Berg, he ..."): its subject is ``verb``'s, so they are not."""
    out: set[int] = set()
    for child in verb.children:
        clause = child
        if child.dep_ == "prep":
            clause = next((g for g in child.children if g.dep_ == "pcomp"), child)
        elif child.dep_ != "advcl":
            continue
        if (
            clause.tag_ not in PARTICIPLE_TAGS
            or clause.lower_ in _PREPOSITION_PARTICIPLES
            or any(c.dep_ in NOMINAL_SUBJ_DEPS | {"mark"} for c in clause.children)
        ):
            continue
        for arg in clause.children:
            if arg.dep_ in VERB_OBJ_DEPS:
                out.add(arg.i)
            elif arg.dep_ == "prep":
                out.update(g.i for g in arg.children if g.dep_ == "pobj")
    return out


def _clause_subject(doc: Doc, verb: int) -> int:
    """The subject of a verb, inherited along a chain of conjoined verbs, or -1."""
    while verb >= 0:
        tok = doc[verb]
        subject = next((c.i for c in tok.children if c.dep_ in NOMINAL_SUBJ_DEPS), -1)
        if subject >= 0 or tok.dep_ != "conj" or tok.head.i == tok.i:
            return subject
        verb = tok.head.i
    return -1


def _understood_subject(doc: Doc, verb: int) -> int:
    """Who does what a verb says: its subject (inherited along conjoined verbs), else its
    controller ("chose to devote herself"), the noun a participle or relative clause is on
    ("Franklin, then known for his wit", "Karl Tamm, who himself had ..."), or -1."""
    if verb < 0:
        return -1
    subject = _clause_subject(doc, verb)
    if subject < 0:
        v = doc[verb]
        if v.dep_ == "acl" and v.head.pos_ in NOUN_POS:
            noun = v.head
            while noun.dep_ == "appos" and noun.head.i != noun.i:
                noun = noun.head  # "Jonas Kask, a painter known for his ships"
            return noun.i
        controller = _controller(v)
        subject = controller.i if controller is not None else -1
    if subject >= 0 and _relative_pronoun_token(doc[subject]):
        subject = doc[subject].head.head.i
    return subject


def _controller(verb: Token) -> Token | None:
    """The unstated subject of an infinitive or participle clause: the governing verb's
    object ("asked Sam to go") or, without one, its subject ("tried to go")."""
    while verb.dep_ in VERB_CHAIN_DEPS and verb.head.i != verb.i:
        gov = verb.head
        if verb.dep_ == "xcomp":
            obj = next((c for c in gov.children if c.dep_ in VERB_OBJ_DEPS), None)
            if obj is not None:
                return obj
            subj = next((c for c in gov.children if c.dep_ in NOMINAL_SUBJ_DEPS), None)
            if subj is not None:
                return subj
        verb = gov
    return None


def _agrees(entity: Entity, low: str, model: Discourse) -> bool:
    if low in PERSONAL_PRONOUNS:
        if entity.type != "Person" and entity not in model.maybe_people:
            return False
        gender = model.genders.get(entity)
        wanted = "f" if low in FEMININE_PRONOUNS else "m"
        return gender is None or gender == wanted
    return entity.type in _THING_TYPES


def _named_person(ref: Ref, model: Discourse) -> bool:
    """A person, or a name typed otherwise with a given name and a surname ("Novak Djokovic"
    as an organisation; not "Google")."""
    entity = ref.entities[0]
    if entity.type == "Person":
        return True
    words = entity.name.split()
    return entity in model.maybe_people and len(words) >= 2 and is_given_name(words[0])


def _cataphora(doc: Doc, tok: Token, refs: list[Ref]) -> tuple[Ref | None, bool]:
    """The subject a pronoun in a fronted clause or phrase refers ahead to: "When he
    returned, Carlos Ruiz founded ...", "In his youth, X ...", "Living with her aunt, X ...".

    Returns the subject's mention and whether the construction is a fronted clause
    (decisive) rather than a phrase (a strong preference only).
    """
    below, verb = tok, tok.head
    while verb.i != below.i:
        if verb.pos_ in VERB_POS:
            subject = next((c for c in verb.children if c.dep_ in NOMINAL_SUBJ_DEPS), None)
            if subject is not None and subject.i != below.i:
                if below.i < subject.i and tok.i < subject.i and below.dep_ != "conj":
                    ref = next((r for r in refs if r.head == subject.i), None)
                    return ref, below.dep_ in CATAPHORA_DEPS
                return None, False  # the pronoun's own clause has its subject before it
        below, verb = verb, verb.head
    return None, False


def _predicate_noun(tok: Token) -> str | None:
    """The noun a subject pronoun is said to be ("it was the largest ship" → "ship")."""
    verb = tok.head
    if tok.dep_ not in NOMINAL_SUBJ_DEPS or verb.lemma_ not in ("be", "become", "remain"):
        return None
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    return attr.lemma_.lower() if attr is not None else None


def _kind(etype: str) -> str:
    """The broad kind of a class, for "it was the largest ship": who, what body, where."""
    return {"Organization": "body", "Person": "person", "Place": "place"}.get(etype, "thing")


def _conjoined_owner(tok: Token, refs: list[Ref]) -> Ref | None:
    """The name a possessive's noun is conjoined with: "Maximus and his troops"."""
    if tok.dep_ != "poss" or tok.lower_ not in _POSSESSIVES:
        return None
    noun = tok.head
    if noun.dep_ != "conj" or noun.head.i > tok.i:
        return None
    return next((r for r in refs if r.head == noun.head.i and not r.plural), None)


def _conjunct_noun_owner(tok: Token, low: str) -> Token | None:
    """The unnamed noun of its number that an "its"/"their" noun is conjoined with ("a ship and
    its crew", "the captains and their families"): that noun is the owner."""
    noun = tok.head
    if tok.dep_ != "poss" or low not in ("its", "their") or noun.dep_ != "conj":
        return None
    first = noun.head
    if first.pos_ != "NOUN" or first.i > tok.i or first.ent_type_:
        return None
    return first if (first.tag_ == "NNS") == (low == "their") else None


def _fits(ref: Ref, low: str, model: Discourse) -> bool:
    """True when a mention can be what the pronoun ``low`` stands for."""
    if low in PLURAL_PRONOUNS:
        single = ref.entities[0] if len(ref.entities) == 1 else None
        return ref.plural or (single is not None and single.type in _GROUP_TYPES | {"Organization"})
    return not ref.plural and _agrees(ref.entities[0], low, model)


def _resolve(
    doc: Doc, tok: Token, sent: int, model: Discourse, ahead_refs: list[Ref]
) -> tuple[Entity, ...]:
    low = tok.lower_
    cands = model.before(tok.i, sent)
    if low in _REFLEXIVES:
        # "Russia ... sees itself as a superpower": a reflexive is its clause's subject.
        subject = _understood_subject(doc, clause_verb(tok))
        ref = next((r for r in cands if r.head == subject and _fits(r, low, model)), None)
        return ref.entities if ref else ()
    if _expletive(tok) or _generic_they(tok):
        return ()
    own_role = role(tok)
    bound = _co_arguments(doc, tok)
    barred = {ref.entities for ref in cands if ref.head in bound}
    said = _predicate_noun(tok)
    if said in _NOUN_KINDS and low in NEUTER_PRONOUNS | PLURAL_PRONOUNS:
        # "It was the largest ship": not the company that built it. A noun of no known
        # kind ("it was a prison", "a trading concern") says nothing.
        kinds = _NOUN_KINDS[said]
        barred |= {
            ref.entities
            for ref in cands
            if len(ref.entities) == 1 and _kind(ref.entities[0].type) not in (kinds, "thing")
        }
    # An entity's salience in a sentence: every factor any of its mentions there has, once.
    seen: dict[tuple[tuple[Entity, ...], int], tuple[frozenset[str], bool]] = {}
    for ref in cands:
        if ref.entities in barred or not _fits(ref, low, model):
            continue
        key = (ref.entities, ref.sent)
        had, parallel = seen.get(key, (frozenset(), False))
        seen[key] = (had | ref.factors, parallel or ref.role == own_role)
    scores: dict[tuple[Entity, ...], float] = {}
    for (entities, ref_sent), (factor_set, parallel) in seen.items():
        decay = 0.5 ** (sent - ref_sent)
        score = factor_weight(factor_set) * decay
        if parallel and ref_sent >= sent - 1:
            score += _PARALLEL * decay
        single = entities[0] if len(entities) == 1 else None
        if single is not None and low in PLURAL_PRONOUNS and single.type == "Organization":
            score *= 0.5  # "they" for an organisation is British usage, and rarer
        if single is not None and low in PERSONAL_PRONOUNS and single.type != "Person":
            score *= MAYBE_PERSON  # a name the NER typed otherwise, shaped like a person's
        if single is not None and single.type == "Concept":
            score *= CONCEPT  # an unnamed thing is a weaker antecedent than a named one
        scores[entities] = scores.get(entities, 0.0) + score
    owner = _conjunct_noun_owner(tok, low)
    if owner is not None:
        # "many a ship and its crew": the ship's, a thing no name is
        ref = next((r for r in cands if r.head == owner.i), None)
        return ref.entities if ref else ()
    sibling = _conjoined_owner(tok, cands)
    if sibling is not None and sibling.entities not in barred and _fits(sibling, low, model):
        return sibling.entities  # "Maximus and his troops"
    ahead, decisive = _cataphora(doc, tok, ahead_refs)
    if ahead is not None and ahead.entities not in barred and _fits(ahead, low, model):
        if decisive:
            return ahead.entities  # "When he returned to Madrid, Carlos Ruiz founded ..."
        scores[ahead.entities] = scores.get(ahead.entities, 0.0) + ahead.weight
    if tok.dep_ == "poss" and low in PERSONAL_PRONOUNS and tok.head.dep_ != "attr":
        # "Djokovic won his fifth title": a possessive's own clause's subject (but not in
        # "Anna Berg was her successor").
        subject = _understood_subject(doc, clause_verb(tok))
        local = next((r for r in cands if r.head == subject), None)
        if local is not None and local.entities in scores and _named_person(local, model):
            scores[local.entities] += LOCAL_SUBJECT  # not "Google marked his birthday"
    ranked = sorted(scores.items(), key=lambda x: -x[1])
    if not ranked:
        return ()
    doubt = AMBIGUITY if low in PERSONAL_PRONOUNS else THING_AMBIGUITY
    if len(ranked) > 1 and ranked[1][1] >= doubt * ranked[0][1]:
        return ()  # too close to call
    return ranked[0][0]


def resolve_coreference(doc: Doc, index: EntityIndex) -> dict[int, tuple[Entity, ...]]:
    """Map pronoun and role-noun head tokens to the entities they refer to.

    A token maps to several entities when it refers to a group ("they" after
    "Putin and Xi"). Tokens that cannot be resolved with confidence are left out.

    Example:
        >>> from kg.extract.entities import resolve_entities
        >>> doc = kg.nlp.parse("Anna Berg founded Nordvik in 2001. She still runs it.")
        >>> index = resolve_entities(doc)
        >>> refs = resolve_coreference(doc, index)
        >>> [(doc[i].text, [e.name for e in es]) for i, es in sorted(refs.items())]
        [('She', ['Anna Berg']), ('it', ['Nordvik'])]
    """
    headings = _heading_tokens(doc)
    sent_of = _sentence_numbers(doc, headings)
    names = _name_refs(doc, index, sent_of, headings)
    # Unnamed things are antecedents only where an "it" or "they" follows within the window.
    pronouns = _pronoun_tokens(doc)
    wanted = {
        s
        for i in pronouns
        if doc[i].lower_ in NEUTER_PRONOUNS | PLURAL_PRONOUNS
        for s in range(sent_of[i] - WINDOW, sent_of[i] + 1)
    }
    model = Discourse(names[:], dict(index.genders), _maybe_people(doc, index))
    roles = RoleNouns(doc, index, headings)
    out: dict[int, tuple[Entity, ...]] = {}
    for tok in doc:
        sent = sent_of[tok.i]
        if tok.pos_ in NOUN_POS:
            # "The club have won ...": a role noun joins its entity before the pronouns after it.
            found = roles.resolve(tok, model, sent)
            ref = make_ref(doc, found, tok.i, sent, False) if found else None
            said = _copula_names(tok, index)
            if said:
                # "The club became Harwick FC", "Her sons are Karl and Jonas": the names.
                found = said if found else ()
                ref = make_ref(doc, said, tok.i, sent, len(said) > 1)
            if ref is None and sent in wanted:
                ref = _concept_ref(doc, tok, index, sent)
        elif tok.pos_ == "PRON" and tok.lower_ in THIRD_PERSON_PRONOUNS:
            found = _resolve(doc, tok, sent, model, names)
            low = tok.lower_
            if low in PERSONAL_PRONOUNS and len(found) == 1:
                if found[0].type != "Person":
                    _retype(index, found[0], "Person")  # "he" says what the NER could not
                    model.maybe_people.discard(found[0])
                model.genders.setdefault(found[0], "f" if low in FEMININE_PRONOUNS else "m")
            # "they" for a country's people ("the Portuguese ... their fort") stays a people.
            people = low in PLURAL_PRONOUNS and found[:1] != () and found[0].type == "Place"
            ref = make_ref(doc, found, tok.i, sent, len(found) > 1 or people) if found else None
        else:
            continue
        if found:
            out[tok.i] = found
        if ref is not None:
            model.add(ref)
    drop_unsettled(index, out)
    return out


def _maybe_people(doc: Doc, index: EntityIndex) -> set[Entity]:
    """Entities the NER typed otherwise whose names are shaped like people's ("Geller",
    "Anna Osterman") and that no mention shows to be a place or a body ("in West
    Germany", "the Princeton team"): a he/she pronoun may name them, and then they are people."""
    unlike: set[Entity] = set()
    for m in index.mentions:
        if m.entity is not None and _thing_context(doc, m.start, m.end):
            unlike.add(m.entity)
    return {
        entity
        for entity in index.entities.values()
        if entity.type in _MAYBE_PERSON_TYPES
        and entity not in unlike
        and person_shaped(entity.name)
        and not is_place_name(entity.name)
    }


def _thing_context(doc: Doc, start: int, end: int) -> bool:
    """A name used as no person's is: after "the", or the object of "in", "at", "from" ..."""
    head = doc[mention_head(doc, start, end)]
    if start > 0 and doc[start - 1].lower_ == "the":
        return True
    return head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS


def _retype(index: EntityIndex, entity: Entity, etype: str) -> None:
    index.entities.pop(entity.key, None)
    entity.type = etype
    known = index.entities.get(entity.key)
    if known is not None and known is not entity:
        known.aliases |= entity.aliases | {entity.name}  # the same name twice: keep both
    index.entities.setdefault(entity.key, entity)


def mention_records(
    doc: Doc,
    index: EntityIndex,
    corefs: dict[int, tuple[Entity, ...]],
    *,
    doc_id: str = "",
    offset: int = 0,
) -> list[EntityMention]:
    """Every name, third-person pronoun and resolved role noun of ``doc``, with its entity.

    Character offsets are shifted by ``offset``; an unresolved pronoun has
    ``entity`` None; a pronoun resolved to a group gives one record per entity.
    """
    out: list[EntityMention] = []
    for m in index.mentions:
        if m.entity is None:
            continue
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
        out.append(EntityMention(doc_id, start + offset, end + offset,
                                 doc[m.start : m.end].text, m.entity.name, m.entity.type,
                                 m.via))  # fmt: skip
    for tok in doc:
        is_pronoun = tok.pos_ == "PRON" and tok.lower_ in THIRD_PERSON_PRONOUNS
        found = corefs.get(tok.i, ())
        if not is_pronoun and not found:
            continue
        start, end = tok.idx + offset, tok.idx + len(tok.text) + offset
        via = "pronoun" if is_pronoun else "role-noun"
        if not found:
            out.append(EntityMention(doc_id, start, end, tok.text, None, None, via))
        for e in found:
            out.append(EntityMention(doc_id, start, end, tok.text, e.name, e.type, via))
    out.sort(key=lambda r: (r.start, r.end))
    return out
