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

from kg.extract._coref_agreement import (
    FEMININE_PRONOUNS,
    NEUTER_PRONOUNS,
    NOUN_KINDS,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    REFLEXIVE_PRONOUNS,
    THIRD_PERSON_PRONOUNS,
    entity_kind,
    fits,
    maybe_people_entities,
    named_person,
    retype,
)
from kg.extract._coref_refs import (
    concept_ref,
    copula_names,
    heading_tokens,
    name_refs,
    pronoun_tokens,
    sentence_numbers,
)
from kg.extract._coref_syntax import (
    cataphoric_antecedent,
    co_arguments,
    conjoined_owner,
    conjunct_noun_owner,
    generic_they,
    is_expletive,
    predicate_noun,
    understood_subject,
)
from kg.extract._deps import NOUN_POS
from kg.extract._discourse import WINDOW, Discourse, Ref, clause_verb, factor_weight, make_ref, role
from kg.extract.entities import EntityIndex, drop_unsettled
from kg.extract.nominals import RoleNouns
from kg.model import Entity, EntityMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Salience added for role parallelism.
_PARALLEL = 70.0
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


def _resolve(
    doc: Doc, tok: Token, sent: int, model: Discourse, ahead_refs: list[Ref]
) -> tuple[Entity, ...]:
    low = tok.lower_
    cands = model.before(tok.i, sent)
    if low in REFLEXIVE_PRONOUNS:
        # "Russia ... sees itself as a superpower": a reflexive is its clause's subject.
        subject = understood_subject(doc, clause_verb(tok))
        ref = next((r for r in cands if r.head == subject and fits(r, low, model)), None)
        return ref.entities if ref else ()
    if is_expletive(tok) or generic_they(tok):
        return ()
    own_role = role(tok)
    bound = co_arguments(doc, tok)
    barred = {ref.entities for ref in cands if ref.head in bound}
    said = predicate_noun(tok)
    if said in NOUN_KINDS and low in NEUTER_PRONOUNS | PLURAL_PRONOUNS:
        # "It was the largest ship": not the company that built it. A noun of no known
        # kind ("it was a prison", "a trading concern") says nothing.
        kinds = NOUN_KINDS[said]
        barred |= {
            ref.entities
            for ref in cands
            if len(ref.entities) == 1 and entity_kind(ref.entities[0].type) not in (kinds, "thing")
        }
    # An entity's salience in a sentence: every factor any of its mentions there has, once.
    seen: dict[tuple[tuple[Entity, ...], int], tuple[frozenset[str], bool]] = {}
    for ref in cands:
        if ref.entities in barred or not fits(ref, low, model):
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
    owner = conjunct_noun_owner(tok, low)
    if owner is not None:
        # "many a ship and its crew": the ship's, a thing no name is
        ref = next((r for r in cands if r.head == owner.i), None)
        return ref.entities if ref else ()
    sibling = conjoined_owner(tok, cands)
    if sibling is not None and sibling.entities not in barred and fits(sibling, low, model):
        return sibling.entities  # "Maximus and his troops"
    ahead, decisive = cataphoric_antecedent(doc, tok, ahead_refs)
    if ahead is not None and ahead.entities not in barred and fits(ahead, low, model):
        if decisive:
            return ahead.entities  # "When he returned to Madrid, Carlos Ruiz founded ..."
        scores[ahead.entities] = scores.get(ahead.entities, 0.0) + ahead.weight
    if tok.dep_ == "poss" and low in PERSONAL_PRONOUNS and tok.head.dep_ != "attr":
        # "Djokovic won his fifth title": a possessive's own clause's subject (but not in
        # "Anna Berg was her successor").
        subject = understood_subject(doc, clause_verb(tok))
        local = next((r for r in cands if r.head == subject), None)
        if local is not None and local.entities in scores and named_person(local, model):
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
    headings = heading_tokens(doc)
    sent_of = sentence_numbers(doc, headings)
    names = name_refs(doc, index, sent_of, headings)
    # Unnamed things are antecedents only where an "it" or "they" follows within the window.
    pronouns = pronoun_tokens(doc)
    wanted = {
        s
        for i in pronouns
        if doc[i].lower_ in NEUTER_PRONOUNS | PLURAL_PRONOUNS
        for s in range(sent_of[i] - WINDOW, sent_of[i] + 1)
    }
    model = Discourse(names[:], dict(index.genders), maybe_people_entities(doc, index))
    roles = RoleNouns(doc, index, headings)
    out: dict[int, tuple[Entity, ...]] = {}
    for tok in doc:
        sent = sent_of[tok.i]
        if tok.pos_ in NOUN_POS:
            # "The club have won ...": a role noun joins its entity before the pronouns after it.
            found = roles.resolve(tok, model, sent)
            ref = make_ref(doc, found, tok.i, sent, False) if found else None
            said = copula_names(tok, index)
            if said:
                # "The club became Harwick FC", "Her sons are Karl and Jonas": the names.
                found = said if found else ()
                ref = make_ref(doc, said, tok.i, sent, len(said) > 1)
            if ref is None and sent in wanted:
                ref = concept_ref(doc, tok, index, sent)
        elif tok.pos_ == "PRON" and tok.lower_ in THIRD_PERSON_PRONOUNS:
            found = _resolve(doc, tok, sent, model, names)
            low = tok.lower_
            if low in PERSONAL_PRONOUNS and len(found) == 1:
                if found[0].type != "Person":
                    retype(index, found[0], "Person")  # "he" says what the NER could not
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
