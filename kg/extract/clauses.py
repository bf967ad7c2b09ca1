"""Open IE layer: one :class:`~kg.model.Extraction` per predicate of a sentence.

The extractor walks spaCy's dependency parse, clause by clause, and keeps
each statement as close to the sentence as it can: full argument phrases,
the relation as written ("was designed by", "grew up in", "refused to
accept"), extra arguments for time and place, and conjunctions split into
separate extractions. Passive voice is left as written (the ``by`` phrase
gets the role ``"agent"``); the KG layer turns it around.

Constructions, by ``Extraction.kind``:

* ``"verb"`` / ``"passive"`` / ``"copula"``: a finite clause, its subject
  and objects ("Lisbon is the capital of Portugal" →
  (Lisbon; is the capital of; Portugal)).
* ``"relative"``: a relative clause, the pronoun replaced by the noun it
  stands for ("the man who founded X" → (the man; founded; X)).
* ``"participle"``: a participle or infinitive modifying a noun
  ("a company based in Lyon" → (a company; based in; Lyon)).
* ``"apposition"``, ``"possessive"``, ``"title"``: the implicit "is" of
  "X, the chief executive of Y", "Y's chief executive X", "President X of Y".

Negation sets ``polarity``; so do denying cues ("will hardly support",
"failed to buy", "denied that ..."). Modal verbs, governing verbs ("refused
to accept"), hedging adverbs and adjectives ("reportedly", "presumably", "is
likely to"), conditions ("if", "unless") and questions ("whether", a
sentence ending in "?") set ``modality``; reported speech and "according to"
set ``attribution`` (see ``kg.extract.lexicon`` for the cue words).

Example:
    >>> from kg.nlp import parse
    >>> [(e.arg1.text, e.relation, e.arg2.text) for e in extractions(parse("Ada sold the boat."))]
    [('Ada', 'sold', 'the boat')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._clause_context import SentenceContext, sentence_context, tree_depth
from kg.extract._clause_nominal import (
    NominalClaim,
    apposition_claims,
    locative_claims,
    possession_claims,
    title_claims,
)
from kg.extract._clause_verb import Clause, verb_clauses
from kg.extract._deps import NON_CLAUSE_DEPS, NOUN_POS, VERB_POS
from kg.extract._sentences import Sentences
from kg.extract.confidence import Features, confidence
from kg.model import Argument, Extraction

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def extractions(doc: Doc) -> list[Extraction]:
    """Every extraction in ``doc``, in document order.

    Args:
        doc: a parsed spaCy ``Doc`` (needs the dependency parse).

    Returns:
        The extractions of every sentence, sentence by sentence; an empty
        list when the doc has no parse.

    Example:
        >>> from kg.nlp import parse
        >>> e = extractions(parse("The bridge was designed by Gustave Eiffel."))[0]
        >>> (e.arg1.text, e.relation, e.arg2.text, e.arg2.role, e.kind)
        ('The bridge', 'was designed by', 'Gustave Eiffel', 'agent', 'passive')
    """
    if not doc.has_annotation("DEP"):
        return []
    out: list[Extraction] = []
    sents = Sentences.of(doc)
    for sent in sents.spans:
        if not _title_line(sent, sents.text):
            out.extend(sentence_extractions(sent))
    return out


#: Words a title-case line leaves in lower case.
_TITLE_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or the to with vs v.".split()
)


def _title_line(sent: Span, text: str) -> bool:
    """True for a section heading in title case on a line of its own ("Establishment,
    Trial of Strafford, Implicating the King, Reconciliation."): it states nothing.
    ``text`` is the document's text (``Doc.text`` builds it anew at every call)."""
    if len(sent) > 24:
        return False
    toks = [t for t in sent if not t.is_space]
    if not toks:
        return False
    before = text[: toks[0].idx].rstrip(" \t")
    after = text[toks[-1].idx + len(toks[-1]) :].lstrip(" \t")
    if (before and not before.endswith("\n")) or (after and not after.startswith("\n")):
        return False
    words = [t for t in toks if t.is_alpha]
    if len(words) < 2 or len(toks) > 16:
        return False
    return all(t.text[0].isupper() or t.lower_ in _TITLE_SMALL_WORDS for t in words)


def sentence_extractions(sent: Span) -> list[Extraction]:
    """The extractions of one sentence, ordered by predicate position.

    Example:
        >>> from kg.nlp import parse
        >>> sent = next(parse("She did not recognize the government.").sents)
        >>> [(e.relation, e.polarity) for e in sentence_extractions(sent)]
        [('did not recognize', 'negative')]
    """
    ctx = sentence_context(sent)
    found: list[Extraction] = []
    for tok in sent:
        pos, dep = tok.pos_, tok.dep_
        if pos in VERB_POS and dep not in NON_CLAUSE_DEPS:
            found.extend(_from_clause(c, sent, ctx) for c in verb_clauses(tok))
        if dep == "appos":
            found.extend(_from_claim(c, sent, tok, ctx) for c in apposition_claims(tok))
        if pos == "PROPN":
            found.extend(_from_claim(c, sent, tok, ctx) for c in title_claims(tok))
        if pos in NOUN_POS and tok.n_rights:
            found.extend(_from_claim(c, sent, tok, ctx) for c in locative_claims(tok))
        if dep == "poss":
            found.extend(_from_claim(c, sent, tok, ctx) for c in possession_claims(tok))
    found.sort(key=_position)
    return found


def _position(e: Extraction) -> tuple[int, int]:
    """Where an extraction sits: its predicate, else its first relation word."""
    anchor = e.predicate if e.predicate >= 0 else min(e.rel_tokens, default=e.arg1.head)
    return (anchor, e.arg1.start)


def _from_clause(c: Clause, sent: Span, ctx: SentenceContext) -> Extraction:
    # The hedge nearest the predicate wins: its own modal or governing verb
    # ("wants to call"), then the context's adverb, condition or question.
    verb = c.chain[-1]
    modality = c.modality or ctx.hedge.get(verb)
    polarity = c.polarity
    if ctx.negated(verb):  # "will hardly support", "failed to buy", "denied that ..."
        polarity = "positive" if polarity == "negative" else "negative"
    attribution = ctx.attribution.get(c.chain[0])
    feats = Features(
        kind=c.kind,
        arg2_role=c.args[0].role if c.args else None,
        n_args=len(c.args),
        rel_words=len(c.relation.split()),
        longest_arg_tokens=_longest(c.arg1, c.args),
        subject_pronoun=c.subject_pronoun,
        subject_entity=bool(sent.doc[c.arg1.head].ent_type_) if c.arg1.head >= 0 else False,
        depth=tree_depth(sent.doc[c.predicate]),
        sentence_tokens=len(sent),
        split=c.split,
        inherited_subject=c.inherited_subject,
        negated=polarity == "negative",
        hedged=modality is not None or attribution is not None,
    )
    return Extraction(
        arg1=c.arg1,
        relation=c.relation,
        args=c.args,
        predicate=c.predicate,
        rel_tokens=c.rel_tokens,
        kind=c.kind,
        polarity=polarity,
        modality=modality,
        attribution=attribution,
        confidence=confidence(feats),
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
    )


def _from_claim(c: NominalClaim, sent: Span, anchor: Token, ctx: SentenceContext) -> Extraction:
    attribution = ctx.attribution.get(anchor.i)
    feats = Features(
        kind=c.kind,
        arg2_role=c.obj.role,
        rel_words=len(c.relation.split()),
        longest_arg_tokens=_longest(c.subject, (c.obj,)),
        subject_entity=bool(sent.doc[c.subject.head].ent_type_),
        depth=tree_depth(anchor),
        sentence_tokens=len(sent),
        hedged=attribution is not None,
    )
    return Extraction(
        arg1=c.subject,
        relation=c.relation,
        args=(c.obj,),
        predicate=c.predicate,
        rel_tokens=c.rel_tokens,
        kind=c.kind,
        attribution=attribution,
        confidence=confidence(feats),
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
    )


def _longest(arg1: Argument, args: tuple[Argument, ...]) -> int:
    return max(len(a.text.split()) for a in (arg1, *args))
