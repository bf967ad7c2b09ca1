"""The arguments of a verb clause: objects, complements, prepositional and time adjuncts, and
an object shared by conjoined verbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract._clause_phrase import adjunct_role, argument, conjuncts, phrase_tokens, pobj_of
from kg.extract._clause_subject import conjunct_alternatives, is_relative_word, noun_phrase
from kg.extract._deps import (
    CLAUSE_OBJ_DEPS,
    COMMON_NOUN_OR_ADJ_POS,
    COMPLEMENT_DEPS,
    DATIVE_DEPS,
    DIRECT_OBJ_DEPS,
    NOUN_OR_ADJ_POS,
    PREP_DEPS,
    TIME_NP_DEPS,
    VERB_POS,
)
from kg.model import Argument

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Relative adverbs and the role their antecedent plays.
RELATIVE_ADVERBS = {"where": "place", "when": "time"}


@dataclass(slots=True)
class _Args:
    rel_extra: list[Token]
    predicate: Token
    arg2: list[tuple[Token, list[Token], str]]
    extras: list[Argument]


def clause_arguments(
    verb: Token, rel_noun: Token | None, consumed: set[int], *, copula: bool
) -> _Args:
    children = list(verb.children)  # each walk of ``children`` scans the verb's subtree
    kids = [c for c in children if c.i not in consumed]
    deps = [(c, c.dep_) for c in kids]
    objs = [c for c, dep in deps if dep in DIRECT_OBJ_DEPS]
    if not objs:
        objs = _shared_object(verb)
    datives = [c for c, dep in deps if dep in DATIVE_DEPS]
    compls = [c for c, dep in deps if dep in COMPLEMENT_DEPS]
    compls += [c for c, dep in deps if dep == "xcomp" and c.pos_ in NOUN_OR_ADJ_POS]
    ccomps = [c for c, dep in deps if dep in CLAUSE_OBJ_DEPS]
    preps = [c for c, dep in deps if dep in PREP_DEPS and pobj_of(c) is not None]
    preps = [p for p in preps if p.lower_ != "according"]
    # the preposition of "there are bridges in the city" moves to the verb
    for c in children:
        if c.i in consumed and c.dep_ == "attr":
            preps += [p for p in c.children if p.dep_ == "prep" and pobj_of(p) is not None]
    preps.sort(key=lambda t: t.i)

    rel_extra: list[Token] = []
    predicate = verb
    arg2: list[tuple[Token, list[Token], str]] = []
    used: set[int] = set()

    def adopt(head: Token, role: str, *, split: bool = True) -> None:
        used.add(head.i)
        if rel_noun is not None and is_relative_word(head) and head.lower_ not in RELATIVE_ADVERBS:
            arg2.append((rel_noun, noun_phrase(rel_noun), role))
        elif split:
            conj = conjuncts(head)
            alts = conjunct_alternatives(head)
            heads = [head] if len(alts) == 1 else conj
            arg2.extend((h, a, role) for h, a in zip(heads, alts, strict=True))
        else:
            arg2.append((head, phrase_tokens(head), role))

    if objs:
        adopt(objs[0], "object")
    elif compls:
        comp = compls[0]
        used.add(comp.i)
        of = _relational_prep(comp) if copula else None
        if of is not None:
            # "is the capital of Portugal" → relation "is the capital of"
            obj = pobj_of(of)
            assert obj is not None
            rel_extra += [t for t in phrase_tokens(comp) if t.i <= comp.i] + [of]
            predicate = comp
            used.add(of.i)
            adopt(obj, "prep")
        else:
            adopt(comp, "complement", split=False)
    elif ccomps:
        clause = ccomps[0]
        used.add(clause.i)
        toks = [t for t in phrase_tokens(clause) if not (t.dep_ == "mark" and t.head.i == clause.i)]
        arg2.append((clause, toks or [clause], "object"))
    else:
        agent = next((p for p in preps if p.dep_ == "agent"), None)
        first = agent or _relative_prep(preps, rel_noun) or _first_prep(preps, verb)
        if first is not None:
            obj = pobj_of(first)
            assert obj is not None
            rel_extra.append(first)
            used.add(first.i)
            adopt(obj, "agent" if agent is not None and first.i == agent.i else "prep")

    extras: list[tuple[int, Argument]] = []
    for d in datives:
        extras.append((d.i, argument(phrase_tokens(d), d, "other")))
    for p in preps:
        if p.i in used:
            continue
        obj = pobj_of(p)
        assert obj is not None
        role = "agent" if p.dep_ == "agent" else adjunct_role(p, obj)
        extras.append((p.i, argument(phrase_tokens(p), obj, role)))
    for c in kids:
        if c.dep_ in TIME_NP_DEPS and c.i not in used and adjunct_role(None, c) == "time":
            extras.append((c.i, argument(phrase_tokens(c), c, "time")))
        elif c.dep_ == "xcomp" and c.pos_ in VERB_POS and objs:
            extras.append((c.i, argument(phrase_tokens(c), c, "other")))
        elif rel_noun is not None and c.lower_ in RELATIVE_ADVERBS and c.dep_ == "advmod":
            role = RELATIVE_ADVERBS[c.lower_]
            extras.append((c.i, argument(noun_phrase(rel_noun), rel_noun, role)))
    extras.sort(key=lambda e: e[0])
    return _Args(rel_extra, predicate, arg2, [a for _, a in extras])


def _relational_prep(comp: Token) -> Token | None:
    """The "of" of a relational noun or adjective complement ("the capital of")."""
    if comp.pos_ not in COMMON_NOUN_OR_ADJ_POS:
        return None
    for child in comp.children:
        is_prep = child.dep_ == "prep" and child.i > comp.i and pobj_of(child) is not None
        if is_prep and (comp.pos_ == "ADJ" or child.lower_ == "of"):
            return child
    return None


def _relative_prep(preps: list[Token], rel_noun: Token | None) -> Token | None:
    """The preposition of "the house in which he lived" (its object is the noun)."""
    if rel_noun is None:
        return None
    for p in preps:
        obj = pobj_of(p)
        if obj is not None and is_relative_word(obj):
            return p
    return None


def _first_prep(preps: list[Token], verb: Token) -> Token | None:
    """The preposition that joins the relation: the first non-time one after the verb."""
    after = [p for p in preps if p.i > verb.i]
    for p in after:
        obj = pobj_of(p)
        if obj is not None and adjunct_role(p, obj) != "time":
            return p
    return after[0] if after else None


def _shared_object(verb: Token) -> list[Token]:
    """The object two coordinated verbs share ("bought and sold shares")."""
    if verb.dep_ == "conj" and verb.head.pos_ in VERB_POS:
        objs = [c for c in verb.head.children if c.dep_ in DIRECT_OBJ_DEPS and c.i > verb.i]
        if objs:
            return objs
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ in VERB_POS and c.i > verb.i:
            objs = [o for o in c.children if o.dep_ in DIRECT_OBJ_DEPS and o.i > c.i]
            if objs and not any(k.dep_ in PREP_DEPS for k in verb.children if k.i > verb.i):
                return objs
    return []
