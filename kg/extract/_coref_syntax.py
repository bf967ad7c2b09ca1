"""The syntax coreference needs: expletive and generic pronouns, the binding domains (co-
arguments, a participle's arguments, a clause's understood subject), cataphora and conjoined
owners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._coref_agreement import POSSESSIVE_PRONOUNS
from kg.extract._deps import (
    ARGUMENT_DEPS,
    CATAPHORA_DEPS,
    COMPLEMENT_CLAUSE_DEPS,
    NOMINAL_SUBJ_DEPS,
    NOUN_OR_PRON_POS,
    NOUN_POS,
    PARTICIPLE_TAGS,
    PLURAL_PRESENT_TAGS,
    SUBJ_OR_MARK_DEPS,
    THAT_CLAUSE_DEPS,
    VERB_CHAIN_DEPS,
    VERB_OBJ_DEPS,
    VERB_POS,
)
from kg.extract._discourse import Ref, clause_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Verbs whose subject "it" stands for a clause after them ("it seems that ...").
_EXTRAPOSING_VERBS = frozenset(
    {"be", "seem", "appear", "become", "remain", "happen", "turn", "take", "matter", "follow",
     "occur", "cost", "make"}
)  # fmt: skip
#: Participles that work as prepositions, with no subject of their own ("according to X").
_PREPOSITION_PARTICIPLES = frozenset(
    """according including regarding concerning following considering given excluding
    depending starting beginning compared based owing pending barring""".split()
)


def is_expletive(tok: Token) -> bool:
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


def generic_they(tok: Token) -> bool:
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


def co_arguments(doc: Doc, tok: Token) -> set[int]:
    """Tokens a non-reflexive pronoun can never be coreferent with (binding theory)."""
    out: set[int] = set()
    if tok.dep_ == "poss":
        noun = tok.head
        out.add(noun.i)  # "his father": not the father
        out.update(c.i for c in noun.children if c.dep_ == "appos")  # "his father John"
        if noun.dep_ == "attr" and not any(c.lower_ == "own" for c in noun.children):
            # "Ines Calder, who was her successor": not Ines Calder
            subject = understood_subject(doc, noun.head.i)
            if subject >= 0:
                out.add(subject)
        return out
    verb = clause_verb(tok)
    if verb < 0 or tok.dep_ not in ARGUMENT_DEPS:
        return out
    v = doc[verb]
    for child in v.children:
        if child.i != tok.i and child.dep_ in ARGUMENT_DEPS:
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
            or any(c.dep_ in SUBJ_OR_MARK_DEPS for c in clause.children)
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


def understood_subject(doc: Doc, verb: int) -> int:
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


def cataphoric_antecedent(doc: Doc, tok: Token, refs: list[Ref]) -> tuple[Ref | None, bool]:
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


def predicate_noun(tok: Token) -> str | None:
    """The noun a subject pronoun is said to be ("it was the largest ship" → "ship")."""
    verb = tok.head
    if tok.dep_ not in NOMINAL_SUBJ_DEPS or verb.lemma_ not in ("be", "become", "remain"):
        return None
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    return attr.lemma_.lower() if attr is not None else None


def conjoined_owner(tok: Token, refs: list[Ref]) -> Ref | None:
    """The name a possessive's noun is conjoined with: "Maximus and his troops"."""
    if tok.dep_ != "poss" or tok.lower_ not in POSSESSIVE_PRONOUNS:
        return None
    noun = tok.head
    if noun.dep_ != "conj" or noun.head.i > tok.i:
        return None
    return next((r for r in refs if r.head == noun.head.i and not r.plural), None)


def conjunct_noun_owner(tok: Token, low: str) -> Token | None:
    """The unnamed noun of its number that an "its"/"their" noun is conjoined with ("a ship and
    its crew", "the captains and their families"): that noun is the owner."""
    noun = tok.head
    if tok.dep_ != "poss" or low not in ("its", "their") or noun.dep_ != "conj":
        return None
    first = noun.head
    if first.pos_ != "NOUN" or first.i > tok.i or first.ent_type_:
        return None
    return first if (first.tag_ == "NNS") == (low == "their") else None
