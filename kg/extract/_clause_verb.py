"""Verbal clauses of the Open IE layer: subject, relation as written, arguments.

:func:`verb_clauses` turns one clause-heading verb into :class:`Clause`
records, one per combination of coordinated subjects and objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING

from kg.extract._clause_context import HEARSAY_ADVERBS
from kg.extract._clause_phrase import (
    adjunct_role,
    argument,
    conjuncts,
    is_pronoun,
    join,
    phrase_tokens,
    pobj_of,
)
from kg.extract._deps import (
    ADVERB_TAGS,
    AUX_DEPS,
    AUX_OR_NEG_DEPS,
    CLAUSE_OBJ_DEPS,
    COMMON_NOUN_OR_ADJ_POS,
    COMPLEMENT_DEPS,
    COORD_MARK_DEPS,
    DATIVE_DEPS,
    DESCRIPTIVE_DEPS,
    DIRECT_OBJ_DEPS,
    INHERIT_SUBJECT_DEPS,
    NONFINITE_TAGS,
    NOUN_CLAUSE_DEPS,
    NOUN_OR_ADJ_POS,
    NOUN_PHRASE_HEAD_POS,
    PASSIVE_SUBJ_DEPS,
    PREP_DEPS,
    PREP_OR_PCOMP_DEPS,
    SUBJ_DEPS,
    TIME_NP_DEPS,
    VERB_GROUP_DEPS,
    VERB_POS,
    WH_TAGS,
)
from kg.extract.lexicon import ASPECTUAL_LEMMAS, HEDGE_ADJECTIVES, verb_lemma
from kg.model import Argument, Polarity

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Modal verbs that hedge a statement, normalised ("ca" of "can't" → "can").
MODALS = {
    "may": "may",
    "might": "might",
    "could": "could",
    "would": "would",
    "'d": "would",
    "should": "should",
    "must": "must",
    "can": "can",
    "ca": "can",
    "ought": "ought",
}
#: Relative adverbs and the role their antecedent plays.
RELATIVE_ADVERBS = {"where": "place", "when": "time"}


@dataclass(frozen=True, slots=True)
class Clause:
    """One statement of a verbal clause, before confidence and context are added.

    ``chain`` holds the verbs of the relation from the outermost governor to
    the predicate ("refused", "accept").
    """

    arg1: Argument
    relation: str
    args: tuple[Argument, ...]
    predicate: int
    rel_tokens: tuple[int, ...]
    kind: str
    polarity: Polarity
    modality: str | None
    chain: tuple[int, ...]
    subject_pronoun: bool = False
    split: bool = False
    inherited_subject: bool = False


@dataclass(slots=True)
class _Subject:
    token: Token
    alternatives: list[list[Token]]
    inherited: bool = False
    relative: bool = False


@dataclass(slots=True)
class _Args:
    rel_extra: list[Token]
    predicate: Token
    arg2: list[tuple[Token, list[Token], str]]
    extras: list[Argument]


def verb_clauses(verb: Token) -> list[Clause]:
    """The statements headed by ``verb``, one per subject × object conjunct.

    A verb that governs a verbal ``xcomp`` and has no object of its own
    ("refused to accept") yields nothing: the complement carries the
    statement, with the governor in its relation and modality.
    """
    if verb.pos_ not in VERB_POS or _controls_xcomp(verb) or _frames_infinitive(verb):
        return []
    chain = _xcomp_chain(verb)
    top = chain[0]
    rel_noun = _relative_noun(top)
    subject = _subject(top, verb, chain, rel_noun)
    if subject is None:
        return []
    words = _adjective_frame(top) + _relation_words(chain, subject.token)
    consumed = {subject.token.i}
    args = _arguments(verb, rel_noun, consumed, copula=_is_copula(verb, words))
    rel_toks = sorted(words, key=lambda t: t.i)
    # the preposition goes last even when it comes first ("in which he lived")
    rel_toks += sorted((t for t in args.rel_extra if t not in words), key=lambda t: t.i)
    relation = join(rel_toks)
    kind = _kind(verb, top, words, rel_noun)
    polarity = _polarity(verb, rel_toks)
    modality = _modality(chain, words, verb)
    arg1_role = "subject"
    out: list[Clause] = []
    arg2_options: list[tuple[Token, list[Token], str] | None] = list(args.arg2) or [None]
    split = len(subject.alternatives) > 1 or len(arg2_options) > 1
    for subj_toks, arg2 in product(subject.alternatives, arg2_options):
        subj_head = subject.token if len(subject.alternatives) == 1 else _head_of(subj_toks)
        arg1 = argument(subj_toks, subj_head, arg1_role)
        rest = list(args.extras)
        if arg2 is not None:
            rest.insert(0, argument(arg2[1], arg2[0], arg2[2]))
        out.append(
            Clause(
                arg1=arg1,
                relation=relation,
                args=tuple(rest),
                predicate=args.predicate.i,
                rel_tokens=tuple(t.i for t in rel_toks),
                kind=kind,
                polarity=polarity,
                modality=modality,
                chain=tuple(t.i for t in chain),
                subject_pronoun=is_pronoun(subj_toks),
                split=split,
                inherited_subject=subject.inherited,
            )
        )
    return out


def _controls_xcomp(verb: Token) -> bool:
    """True when ``verb`` hands its statement to a verbal complement ("wants to buy")."""
    has_xcomp = any(c.dep_ == "xcomp" and c.pos_ in VERB_POS for c in verb.children)
    if verb.lemma_ == "be" and any(c.dep_ == "attr" for c in verb.children):
        return False  # "it was the first company to issue stock": the copula states the claim
    return has_xcomp and not any(c.dep_ in DIRECT_OBJ_DEPS for c in verb.children)


def _hedge_adjective(verb: Token) -> Token | None:
    """The adjective of "is likely to close", "was unable to pay" (``HEDGE_ADJECTIVES``)."""
    for c in verb.children:
        if c.dep_ == "acomp" and c.lower_ in HEDGE_ADJECTIVES and _has_verbal_xcomp(c):
            return c
    return None


def _has_verbal_xcomp(tok: Token) -> bool:
    return any(x.dep_ == "xcomp" and x.pos_ in VERB_POS for x in tok.children)


def _frames_infinitive(verb: Token) -> bool:
    """True for the copula of "is likely to close": the infinitive carries the statement."""
    return verb.lemma_ == "be" and _hedge_adjective(verb) is not None


def _adjective_frame(top: Token) -> list[Token]:
    """The copula and adjective before an infinitive ("is not likely to"), or nothing."""
    adj = top.head
    if not (top.dep_ == "xcomp" and adj.dep_ == "acomp" and adj.lower_ in HEDGE_ADJECTIVES):
        return []
    copula = adj.head
    if copula.pos_ not in VERB_POS or copula.i == adj.i:
        return []
    return [copula, *(c for c in copula.children if c.dep_ in VERB_GROUP_DEPS), adj]


def _xcomp_chain(verb: Token) -> list[Token]:
    chain = [verb]
    while (
        chain[0].dep_ == "xcomp"
        and chain[0].head.pos_ in VERB_POS
        and _controls_xcomp(chain[0].head)
    ):
        chain.insert(0, chain[0].head)
    return chain


def _relative_noun(top: Token) -> Token | None:
    """The noun a relative clause or participle modifies, or None."""
    if top.dep_ in NOUN_CLAUSE_DEPS and top.head.pos_ in NOUN_PHRASE_HEAD_POS:
        if (
            top.dep_ == "acl"
            and top.tag_ == "VB"
            and not any(c.dep_ == "aux" for c in top.children)
        ):
            return None  # "islands (see table below)": an imperative aside, not a modifier
        return top.head
    if top.dep_ == "conj" and top.head.pos_ in VERB_POS and top.head.i != top.i:
        return _relative_noun(top.head)
    return None


def _noun_phrase(noun: Token) -> list[Token]:
    """A modified noun's phrase, without its relative clauses and participles."""
    return phrase_tokens(noun, drop_deps=DESCRIPTIVE_DEPS)


def _is_relative_word(tok: Token) -> bool:
    return tok.tag_ in WH_TAGS or (tok.lower_ == "that" and tok.dep_ != "mark")


def _subject(
    top: Token, verb: Token, chain: list[Token], rel_noun: Token | None
) -> _Subject | None:
    # object control: "asked him to leave" → (him; to leave)
    if len(chain) == 1 and verb.dep_ == "xcomp" and verb.head.pos_ in VERB_POS:
        obj = next((c for c in verb.head.children if c.dep_ in DIRECT_OBJ_DEPS), None)
        if obj is not None:
            return _Subject(obj, _alternatives(obj), inherited=True)
    # "described Radio Row as located on Greenwich Street": the object is what is located
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBN"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in SUBJ_DEPS for c in verb.children)
    ):
        obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return _Subject(obj, _alternatives(obj), inherited=True)
    return _own_subject(top, rel_noun, inherited=False)


def _own_subject(v: Token, rel_noun: Token | None, *, inherited: bool) -> _Subject | None:
    for child in v.children:
        if child.dep_ in SUBJ_DEPS:
            # relative clause: "the man who founded X" → (the man; founded; X)
            if rel_noun is not None and _is_relative_word(child):
                return _Subject(rel_noun, [_noun_phrase(rel_noun)], inherited, relative=True)
            return _Subject(child, _alternatives(child), inherited)
    # "there are three bridges": the attribute is the subject
    if any(c.dep_ == "expl" for c in v.children):
        attr = next((c for c in v.children if c.dep_ == "attr"), None)
        if attr is not None:
            toks = phrase_tokens(attr, skip={c.i for c in attr.children if c.dep_ == "prep"})
            return _Subject(attr, [toks], inherited)
    # participle or reduced relative: "a company based in Lyon"
    if v.dep_ in NOUN_CLAUSE_DEPS and rel_noun is not None:
        return _Subject(rel_noun, [_noun_phrase(rel_noun)], inherited, relative=True)
    # conjoined or subordinate verb: the subject of the clause it hangs off
    if v.dep_ in INHERIT_SUBJECT_DEPS:
        anc = v.head
        while anc.pos_ not in VERB_POS and anc.head.i != anc.i and _passes_subject(anc):
            anc = anc.head  # "the bank in which ...", "Nordvik is likely to close ..."
        if anc.i != v.i and anc.pos_ in VERB_POS:
            return _own_subject(anc, _relative_noun(anc), inherited=True)
    return None


def _passes_subject(tok: Token) -> bool:
    """True for a word between a verb and the clause whose subject it borrows."""
    return tok.dep_ in PREP_OR_PCOMP_DEPS or (
        tok.dep_ == "acomp" and tok.lower_ in HEDGE_ADJECTIVES
    )


def _alternatives(head: Token) -> list[list[Token]]:
    """The phrase of ``head``, or one phrase per conjunct when coordinated."""
    conj = conjuncts(head)
    if len(conj) == 1 or _one_entity(conj):
        return [phrase_tokens(head)]
    return [phrase_tokens(c, split_coord=True) for c in conj]


def _one_entity(toks: list[Token]) -> bool:
    """True when the conjuncts are parts of one named entity ("Procter and Gamble")."""
    first, last = toks[0], toks[-1]
    if not first.ent_type_:
        return False
    doc = first.doc
    return all(doc[i].ent_iob_ == "I" for i in range(first.i + 1, last.i + 1))


def _head_of(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    return next(t for t in toks if t.head.i not in ids or t.head.i == t.i)


def _relation_words(chain: list[Token], subject: Token) -> list[Token]:
    words: list[Token] = []
    for v in chain:
        words.append(v)
        for c in v.children:
            if c.dep_ in VERB_GROUP_DEPS:
                words.extend(c.subtree if c.dep_ == "neg" else [c])
            elif _is_preverbal_adverb(c, v, subject):
                words.extend(c.subtree)
    # "could buy and sell": the conjunct shares the auxiliaries of the first verb
    first = chain[0]
    head = first.head
    if (
        first.dep_ == "conj"
        and head.pos_ in VERB_POS
        and first.tag_ == head.tag_
        and first.tag_ in NONFINITE_TAGS
        and not any(c.dep_ in AUX_DEPS for c in first.children)
    ):
        words.extend(c for c in head.children if c.dep_ in AUX_OR_NEG_DEPS)
    return words


def _is_preverbal_adverb(c: Token, v: Token, subject: Token) -> bool:
    """An adverb between subject and verb ("strictly maintain", "no longer sell")."""
    return (
        c.dep_ == "advmod"
        and c.tag_ in ADVERB_TAGS
        and subject.i < c.i < v.i
        and v.i - c.i <= 2
        and c.lower_ not in HEARSAY_ADVERBS
        and sum(1 for _ in c.subtree) <= 2
    )


def _is_copula(verb: Token, words: list[Token]) -> bool:
    return verb.lemma_ == "be" and not any(w.dep_ == "auxpass" for w in words)


def _kind(verb: Token, top: Token, words: list[Token], rel_noun: Token | None) -> str:
    if any(w.dep_ == "auxpass" for w in words) or any(
        c.dep_ in PASSIVE_SUBJ_DEPS for c in verb.children
    ):
        return "passive"
    if _is_copula(verb, words):
        return "copula"
    if rel_noun is not None:
        return "participle" if _root_of_modifier(top).dep_ == "acl" else "relative"
    return "verb"


def _root_of_modifier(top: Token) -> Token:
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    return top


def _polarity(verb: Token, rel_toks: list[Token]) -> Polarity:
    if any(t.dep_ == "neg" for t in rel_toks):
        return "negative"
    # "neither ... nor"
    marks = [c.lower_ for c in verb.children if c.dep_ in COORD_MARK_DEPS]
    if verb.dep_ == "conj":
        marks += [c.lower_ for c in verb.head.children if c.dep_ == "preconj"]
    return "negative" if "neither" in marks or "nor" in marks else "positive"


def _modality(chain: list[Token], words: list[Token], verb: Token) -> str | None:
    # "refused to accept" → "refuse"; "asked him to leave" → "ask"
    governor = chain[-2] if len(chain) > 1 else None
    if governor is None and verb.dep_ == "xcomp" and verb.head.pos_ in VERB_POS:
        governor = verb.head
    if governor is not None and governor.lemma_ not in ASPECTUAL_LEMMAS:
        return verb_lemma(governor)
    for w in words:
        if w.tag_ == "MD" and w.lower_ in MODALS:
            return MODALS[w.lower_]
    return None


def _arguments(verb: Token, rel_noun: Token | None, consumed: set[int], *, copula: bool) -> _Args:
    kids = [c for c in verb.children if c.i not in consumed]
    objs = [c for c in kids if c.dep_ in DIRECT_OBJ_DEPS]
    if not objs:
        objs = _shared_object(verb)
    datives = [c for c in kids if c.dep_ in DATIVE_DEPS]
    compls = [c for c in kids if c.dep_ in COMPLEMENT_DEPS]
    compls += [c for c in kids if c.dep_ == "xcomp" and c.pos_ in NOUN_OR_ADJ_POS]
    ccomps = [c for c in kids if c.dep_ in CLAUSE_OBJ_DEPS]
    preps = [c for c in kids if c.dep_ in PREP_DEPS and pobj_of(c) is not None]
    preps = [p for p in preps if p.lower_ != "according"]
    # the preposition of "there are bridges in the city" moves to the verb
    for c in verb.children:
        if c.i in consumed and c.dep_ == "attr":
            preps += [p for p in c.children if p.dep_ == "prep" and pobj_of(p) is not None]
    preps.sort(key=lambda t: t.i)

    rel_extra: list[Token] = []
    predicate = verb
    arg2: list[tuple[Token, list[Token], str]] = []
    used: set[int] = set()

    def adopt(head: Token, role: str, *, split: bool = True) -> None:
        used.add(head.i)
        if rel_noun is not None and _is_relative_word(head) and head.lower_ not in RELATIVE_ADVERBS:
            arg2.append((rel_noun, _noun_phrase(rel_noun), role))
        elif split:
            conj = conjuncts(head)
            alts = _alternatives(head)
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
            extras.append((c.i, argument(_noun_phrase(rel_noun), rel_noun, role)))
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
        if obj is not None and _is_relative_word(obj):
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
