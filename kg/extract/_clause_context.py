"""Sentence-wide context of the Open IE layer: who says so, how sure, under what condition.

Attribution, hedges and conditions scope over more than one predicate ("X
said that [...]", "according to X, [...]", "reportedly [...] and [...]",
"tried to [...], [...]", "if [...]"), so they are worked out once per sentence
and looked up per predicate. The cue words live in ``kg.extract.lexicon``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract._clause_phrase import join, phrase_tokens, pobj_of
from kg.extract._deps import (
    AUX_DEPS,
    DESCRIPTIVE_DEPS,
    NONFINITE_TAGS,
    RELCL_OR_APPOS_DEPS,
    SIDE_CLAUSE_DEPS,
    SUBJ_OR_EXPL_DEPS,
    VERB_CHAIN_DEPS,
    VERB_POS,
    WH_PRONOUN_TAGS,
)
from kg.extract.lexicon import (
    ASPECTUAL_LEMMAS,
    CONDITION_MARKS,
    DENIAL_LEMMAS,
    HEDGE_ADJECTIVES,
    HEDGE_ADVERBS,
    NEGATING_GOVERNORS,
    QUESTION_MARKS,
    SEEM_LEMMAS,
    verb_lemma,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Verbs whose "as" clause is how their subject sees the object ("described X as located").
_ASCRIBING_LEMMAS = frozenset(
    {"describe", "regard", "consider", "view", "see", "portray", "depict", "characterize",
     "characterise", "present", "paint", "represent", "cast"}
)  # fmt: skip

#: Verbs whose object's participle is the outcome they bring about ("have it repaired").
_CAUSATIVE_LEMMAS = frozenset({"have", "get"})

#: Verbs whose clausal complement is a claim of their subject.
SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "claim",
        "report",
        "announce",
        "state",
        "add",
        "insist",
        "argue",
        "believe",
        "think",
        "suggest",
        "warn",
        "deny",
        "allege",
        "note",
        "explain",
        "write",
        "acknowledge",
        "admit",
        "assert",
        "maintain",
        "reveal",
        "confirm",
        "predict",
        "declare",
        "testify",
        "contend",
        "mention",
        "hint",
        "speculate",
        "assume",
        "suspect",
        "fear",
        "hope",
        "expect",
        "estimate",
        "dispute",
        "doubt",
    }
)

#: Adverbs left out of the relation as written: they hedge it (``HEDGE_ADVERBS``) and
#: are not part of what was done ("reportedly bought" → relation "bought").
HEARSAY_ADVERBS = frozenset(
    {"reportedly", "allegedly", "supposedly", "purportedly", "apparently", "ostensibly"}
)


#: Subordinators that hedge the clause they introduce.
_CLAUSE_MARKS = CONDITION_MARKS | QUESTION_MARKS

#: A cue found in the sentence: its depth in the parse, the tokens it covers, its value.
_Source = tuple[int, list["Token"], str]


@dataclass(slots=True)
class SentenceContext:
    """What the sentence around a predicate says about it, per token index.

    Attributes:
        attribution: who says so ("X said that [...]", "according to X, [...]").
        hedge: the modality the context gives: a hedging adverb ("reportedly",
            "hardly"), a governing verb over a conjoined infinitive ("try"), a
            condition ("if", "unless"), "it seems / it is likely that" ("seem",
            "likely"), an embedded question ("whether"), a direct question ("question").
        negations: how many cues deny the claim ("hardly", "failed to", "denied
            that"); an odd number turns its polarity around.
    """

    attribution: dict[int, str] = field(default_factory=dict)
    hedge: dict[int, str] = field(default_factory=dict)
    negations: dict[int, int] = field(default_factory=dict)

    def negated(self, i: int) -> bool:
        """True when the context denies the claim of the verb at ``i``."""
        return self.negations.get(i, 0) % 2 == 1


def sentence_context(sent: Span) -> SentenceContext:
    """Work out attribution, hedges and denial for every token of ``sent``.

    Shallower sources are applied first, so the innermost one wins: the last
    speaker in "A said that B claimed that ...", the adverb in "if it
    reportedly ...".
    """
    ctx = SentenceContext()
    sources: list[_Source] = []
    hedges: list[_Source] = []
    denials: list[Token] = []
    if _is_question(sent):
        # "Did Nordvik pay the fine?": a direct question asserts nothing
        hedges.append((-1, list(sent), "question"))
    for tok in sent:
        lower = tok.lower_
        if tok.pos_ in VERB_POS and tok.lemma_ in SPEECH_LEMMAS:
            speaker = _speaker(tok)
            for child in tok.children:
                if child.dep_ != "ccomp":
                    continue
                if speaker is None:
                    # "it is said that [...]", "a report saying that [...]": no one named
                    hedges.append((tree_depth(tok), _clause_scope(child), tok.lemma_))
                else:
                    # "X said (that) [...]"
                    sources.append((tree_depth(tok), list(child.subtree), speaker))
                if tok.lemma_ in DENIAL_LEMMAS and not _has_neg(tok):
                    denials.extend(clause_verbs(child))  # "X denied that [...]"
            # "[...], X said" (the speech verb hangs off the main clause)
            if speaker is not None and tok.dep_ in SIDE_CLAUSE_DEPS and tok.i > tok.head.i:
                own = {s.i for s in tok.subtree}
                inner = [t for t in tok.head.subtree if t.i not in own]
                sources.append((tree_depth(tok), inner, speaker))
        elif lower == "according" and tok.dep_ == "prep":
            # "according to X, [...]"
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            obj = pobj_of(to) if to is not None else None
            if obj is not None:
                sources.append((tree_depth(tok), _clause_scope(tok.head), join(phrase_tokens(obj))))
        elif lower in HEDGE_ADVERBS and tok.dep_ == "advmod" and tok.pos_ == "ADV":
            # "reportedly bought", "will hardly support": a modality, not a source
            scope = clause_verbs(tok.head)
            hedges.append((tree_depth(tok), scope, lower))
            if HEDGE_ADVERBS[lower]:
                denials.extend(scope)
        elif tok.dep_ == "mark" and lower in _CLAUSE_MARKS:
            clause = tok.head
            if lower in QUESTION_MARKS or clause.dep_ == "ccomp":
                # "asked whether [...]", "asked if [...]": an open question
                hedges.append((tree_depth(clause), _clause_scope(clause), "whether"))
            else:
                # "if [...], X will ...": the condition and the clause it conditions
                hedges.append((tree_depth(clause), list(clause.subtree), lower))
                if clause.dep_ == "advcl":
                    main = [clause.doc[i] for i in _scope(clause.head)]
                    hedges.append((tree_depth(clause.head), main, lower))
        if tok.pos_ in VERB_POS:
            _verb_hedges(tok, hedges, denials)
        elif tok.pos_ == "ADJ" and lower in HEDGE_ADJECTIVES:
            for child in tok.children:
                if child.dep_ == "xcomp" and child.pos_ in VERB_POS:
                    # "is likely to close", "was unable to pay"
                    scope = clause_verbs(child)
                    hedges.append((tree_depth(child), scope, lower))
                    if HEDGE_ADJECTIVES[lower]:
                        denials.extend(scope)
    sources.sort(key=lambda s: s[0])
    for _, toks, who in sources:
        for t in toks:
            ctx.attribution[t.i] = who
    hedges.sort(key=lambda h: h[0])
    for _, toks, modality in hedges:
        for t in toks:
            ctx.hedge[t.i] = modality
    for t in denials:
        ctx.negations[t.i] = ctx.negations.get(t.i, 0) + 1
    return ctx


def _verb_hedges(verb: Token, hedges: list[_Source], denials: list[Token]) -> None:
    """Hedges a verb puts on the clauses it governs."""
    kids = list(verb.children)
    lemma = verb_lemma(verb)
    if lemma in _ASCRIBING_LEMMAS:
        # "the Times described Radio Row as located on Greenwich Street": how the
        # subject saw it, not a fact
        for c in kids:
            if c.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ == "as" for k in c.children):
                hedges.append((tree_depth(verb), clause_verbs(c), lemma))
    xcomps = [c for c in kids if c.dep_ == "xcomp" and c.pos_ in VERB_POS]
    ccomps = [c for c in kids if c.dep_ == "ccomp"]
    if not xcomps and not ccomps:
        return
    depth = tree_depth(verb)
    word = lemma if lemma in SEEM_LEMMAS else _hedge_adjective(verb) if lemma == "be" else None
    if word is not None:
        # "it seems that [...]", "it is likely that [...]"
        hedges.extend((depth, _clause_scope(child), word) for child in ccomps)
    if not xcomps or lemma in ASPECTUAL_LEMMAS:
        return
    scope: list[Token] = []
    for x in xcomps:
        # "plans to sell the yard and buy a ferry": the governor hedges both
        scope += clause_verbs(x)
    for v in list(scope):
        # "applied to have the islands recognised as a site": the causative's participle
        # is what was applied for
        if verb_lemma(v) in _CAUSATIVE_LEMMAS:
            for k in v.children:
                if k.dep_ == "ccomp" and k.tag_ == "VBN":
                    scope += clause_verbs(k)  # parsed as "[the harbour recognised]"
                elif k.dep_ == "dobj":
                    scope += [c for a in k.children if a.dep_ == "acl" and a.tag_ == "VBN"
                              for c in clause_verbs(a)]  # fmt: skip
    for c in verb.children:
        # "are trying to find a way, reach a compromise": the parser hangs the second
        # infinitive on the governor; a bare verb there continues the infinitive
        if (
            c.dep_ == "conj"
            and c.tag_ == "VB"
            and verb.tag_ != "VB"
            and not any(k.dep_ in SUBJ_OR_EXPL_DEPS or k.dep_ in AUX_DEPS for k in c.children)
        ):
            scope += clause_verbs(c)
    hedges.append((depth, scope, lemma))
    if lemma in NEGATING_GOVERNORS:
        # "failed to buy": it did not happen ("did not fail to buy": the "not" is in the
        # relation, so the two cancel out)
        denials.extend(scope)


def _is_question(sent: Span) -> bool:
    """True for a sentence that ends in a question mark (before closing quotes)."""
    for tok in reversed(sent):
        if not (tok.is_space or tok.is_quote or tok.is_bracket):
            return tok.text.endswith("?")
    return False


def _hedge_adjective(verb: Token) -> str | None:
    """The hedging adjective of "it is likely that ...", or None."""
    for child in verb.children:
        if child.dep_ == "acomp" and child.lower_ in HEDGE_ADJECTIVES:
            return child.lower_
    return None


def _has_neg(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def clause_verbs(verb: Token) -> list[Token]:
    """``verb`` and the verbs that share its clause and hedges.

    Those are its infinitive complements ("wants to call"), the verbs
    conjoined to it without a subject of their own ("lacks X and is too
    close"), and subordinate non-finite verbs that borrow its subject
    ("reach a compromise, while concentrating resources"), recursively.
    """
    out = [verb]
    stack = list(verb.children)
    while stack:
        tok = stack.pop()
        own_subject = any(c.dep_ in SUBJ_OR_EXPL_DEPS for c in tok.children)
        shares = (
            tok.dep_ == "xcomp"
            or (tok.dep_ == "conj" and tok.pos_ in VERB_POS and not own_subject)
            or (tok.dep_ == "advcl" and tok.tag_ in NONFINITE_TAGS and not own_subject)
        )
        if shares:
            out.append(tok)
            stack.extend(tok.children)
    return out


def _speaker(verb: Token) -> str | None:
    """The subject of a speech verb; None for "it is said that" (no speaker)."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.tag_ in WH_PRONOUN_TAGS and verb.dep_ == "relcl":
                child = verb.head  # "Maria, who said that ..."
            return join(phrase_tokens(child, drop_deps=RELCL_OR_APPOS_DEPS))
    if verb.dep_ == "conj" and verb.head.pos_ in VERB_POS:
        return _speaker(verb.head)  # "Berg left and said that ..."
    return None


def _clause_scope(verb: Token) -> list[Token]:
    """``verb``'s subtree less the relative clauses and appositions inside it."""
    out: list[Token] = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in DESCRIPTIVE_DEPS)
    return out


def _scope(verb: Token) -> list[int]:
    """``verb`` and the verbs sharing its clause (xcomp chains, conjuncts)."""
    out = [verb.i]
    stack = [c for c in verb.children if c.dep_ in VERB_CHAIN_DEPS]
    while stack:
        tok = stack.pop()
        out.append(tok.i)
        stack.extend(c for c in tok.children if c.dep_ in VERB_CHAIN_DEPS)
    return out


def tree_depth(tok: Token) -> int:
    """How many heads lie between a token and its sentence root."""
    depth = 0
    while tok.head.i != tok.i:
        tok = tok.head
        depth += 1
    return depth
