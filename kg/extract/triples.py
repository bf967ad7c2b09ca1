"""KG layer: Open IE extractions → compact, canonical triples between nodes.

- A node is an entity (by its canonical name, after alias and coreference
  resolution) or a concept phrase: the head noun with its adjective and
  compound modifiers, without determiners, possessives or trailing phrases
  ("the Russian demand of talks with the West" → "Russian demand").
- A relation is the verb lemma with its particle and preposition ("travel to",
  "grow up in"); a passive is turned around when it names its agent; an
  agentless passive or a participle keeps the participle as written ("based
  in", "banned from", "born in"), so both give one relation; relational nouns
  become relations ("chief executive of", "capital of").
- A time is never a node: it is the statement's time qualifier
  (``Triple.time_text`` as written, ``Triple.time`` normalised by
  ``kg.extract.times``). A clause whose only argument is a time ("opened in
  1932") is a statement without an object (``Triple.object == ""``).
- Polarity, modality and attribution are carried over, so a negated, hedged
  or reported claim is kept but never asserted as a plain fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from kg.extract._clause_phrase import pobj_of
from kg.extract._deps import (
    COMPLEMENT_DEPS,
    NOMINAL_SUBJ_DEPS,
    NOUN_OR_PRON_POS,
    NOUN_POS,
    PASSIVE_MARK_DEPS,
    PREP_DEPS,
    PREP_OBJ_DEPS,
    VERB_POS,
)
from kg.extract._sentences import Sentences
from kg.extract._triple_nodes import VALUE_TYPES, Node, NodeMaker, title_phrase
from kg.extract._triple_times import is_time, place_in_time, time_head, time_words
from kg.extract.calibration import statement_confidence
from kg.extract.entities import EntityIndex
from kg.extract.lexicon import ASPECTUAL_LEMMAS, TITLE_WORDS, verb_lemma
from kg.extract.times import normalize_time
from kg.model import Argument, Entity, Extraction, Triple

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Argument roles that can be a triple's object, in order of preference. A time is
#: never a node ("retired last year" says when, not what): it is the statement's time.
_OBJECT_ROLES = ("object", "complement", "prep", "agent", "place", "other")
#: Constructions whose predicate is a (relational) noun.
_NOMINAL_KINDS = frozenset({"copula", "apposition", "possessive", "title"})
#: Constructions that describe a participant rather than state the sentence's claim.
_DESCRIPTIVE_KINDS = frozenset({"apposition", "possessive", "title"})
#: Punctuation that sets a phrase aside rather than in apposition.
_ASIDE_MARKS = frozenset({"(", ")", "[", "]", ":"})
#: Verbs that link a subject to a noun that describes it.
_COPULAS = frozenset({"be", "become", "remain"})


def _preposition(doc: Doc, arg: Argument) -> str | None:
    """The preposition that introduces an argument ("to" for "to Beijing"), if any."""
    if arg.head < 0:
        return None
    tok = doc[arg.head]
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "named after Lord Rayleigh and Milton Plesset": "after" for both
    if tok.dep_ in PREP_OBJ_DEPS and tok.head.pos_ == "ADP":
        return tok.head.lower_
    if tok.dep_ == "pobj" and tok.head.dep_ in PREP_DEPS:
        return tok.head.lower_
    return None


class _Shape(NamedTuple):
    """The KG form of an extraction, as token indices into the ``Doc``."""

    subject: int
    relation: str
    object: int  # -1: no object; the statement is about its time
    time: int = -1  # head of the time argument, or -1


def _pick_object(ext: Extraction, times: list[int], *, skip_agent: bool) -> Argument | None:
    """The argument that becomes the object: by role, never a time (``times``: their heads)."""
    for role in _OBJECT_ROLES:
        if skip_agent and role == "agent":
            continue
        for arg in ext.args:
            if arg.role == role and arg.head >= 0 and arg.head not in times:
                return arg
    return None


def _timed(doc: Doc, subject: int, relation: list[str], time: int) -> _Shape | None:
    """The shape of a clause whose only argument is a time: no object, or a stray place."""
    if time < 0:
        return None
    prep = place_in_time(doc, time)
    if prep is not None:
        obj = pobj_of(prep)
        assert obj is not None
        # "born on 7 November 1878 in Warsaw": the place belongs to the verb
        return _Shape(subject, " ".join([*relation, prep.lower_]), obj.i, time)
    return _Shape(subject, " ".join(relation), -1, time)


def _copula_complement(doc: Doc, ext: Extraction) -> int:
    """For "X is the capital of Y" with a verb predicate, the complement noun's index."""
    for arg in ext.args:
        if arg.role == "complement" and arg.head >= 0:
            return arg.head
    pred = doc[ext.predicate]
    for child in pred.children:
        if child.dep_ in COMPLEMENT_DEPS:
            return child.i
    return -1


def _possessor(noun: Token) -> int:
    """The possessor of a noun ("Putin's" or "its" in "its founder"), or -1."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in NOUN_OR_PRON_POS:
            return child.i
    return -1


def _of_object(noun: Token) -> int:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj.i
    return -1


def _unstated(doc: Doc, ext: Extraction) -> bool:
    """True when the text names an event without saying it happened.

    A purpose or content infinitive ("relocated resources to rebuild the army",
    "attempts to drive a wedge") or a gerund after a preposition ("the demand of
    banning enlargement") borrows its subject from elsewhere and states nothing;
    a hedging governor ("refused to", "plans to") is a modality instead.
    """
    pred = doc[ext.predicate]
    if (
        pred.tag_ == "VBG"
        and pred.dep_ in PREP_OBJ_DEPS
        and not any(c.dep_ in NOMINAL_SUBJ_DEPS for c in pred.children)
    ):
        return True
    if ext.modality is not None:
        return False
    head = pred
    while head.dep_ == "conj" and head.head is not head:
        head = head.head  # "to rebuild the army and restore the industry"
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.lefts):
        return False  # no infinitive
    return not (head.dep_ == "xcomp" and head.head.lemma_ in ASPECTUAL_LEMMAS)


def _aside(doc: Doc, ext: Extraction) -> bool:
    """True for an apposition that is really a label or a citation.

    "Publication: Eurasia Daily Monitor" and "(Interfax, December 15)" put two
    phrases side by side without saying one is the other.
    """
    if ext.kind != "apposition" or not ext.args or ext.args[0].head < 0:
        return False
    lo, hi = sorted((ext.arg1.head, ext.args[0].head))
    return any(t.text in _ASIDE_MARKS for t in doc[lo:hi])


#: Heads of a phrase that names no one ("none of the ships", "neither of them").
_NOBODY = frozenset({"none", "neither", "nobody", "nothing", "noone"})


def _many_as_one_name(subject: Token, complement: Token) -> bool:
    """A plural common noun said to be one bare name: "Most lattices are Brekke".

    Many things are not one named thing: the name is an eponymous property (a
    Hausdorff space, a Noetherian ring) and no relation to its bearer. A name with
    its determiner ("are the Beatles"), a plural name, or names in a list ("the
    founders were Anna Berg and Mikko Saari") still are.
    """
    return (
        subject.tag_ == "NNS"
        and complement.pos_ == "PROPN"
        and complement.tag_ == "NNP"
        and not any(c.dep_ in ("det", "conj", "cc") for c in complement.children)
    )


def _shape(doc: Doc, ext: Extraction, sentences: Sentences) -> _Shape | None:
    """The KG form of an extraction (subject, relation, object, time), or None when it has none."""
    if ext.predicate < 0 or ext.arg1.head < 0 or _unstated(doc, ext) or _aside(doc, ext):
        return None
    if any(doc[a.head].lower_ in _NOBODY for a in (ext.arg1, *ext.args) if a.head >= 0):
        return None  # "None of the players was Welsh": about no one, so no node to state it of
    times = [arg.head for arg in ext.args if is_time(doc, arg)]
    time = time_head(doc, times)
    pred = doc[ext.predicate]
    nominal = ext.kind in _NOMINAL_KINDS or pred.pos_ in NOUN_POS
    if pred.pos_ in VERB_POS and pred.lemma_ in _COPULAS:
        comp = _copula_complement(doc, ext)
        if comp < 0 or doc[comp].pos_ not in NOUN_POS:
            return None  # "X is fragile": no node to point at
        subj = doc[ext.arg1.head]
        if _many_as_one_name(subj, doc[comp]):
            return None  # "Subspaces of such spaces are Hausdorff": a property, not a person
        if doc[comp].pos_ == "PROPN" and subj.pos_ == "NOUN":
            # "The chief executive of Kestrel Group is Daniel Okafor": the name is the subject.
            of_obj = _of_object(subj)
            owner = of_obj if of_obj >= 0 else _possessor(subj)
            if owner >= 0:
                return _Shape(comp, f"{title_phrase(subj)} of", owner, time)
        pred, nominal = doc[comp], True
    if nominal:
        if pred.pos_ not in NOUN_POS:
            return None
        obj = _pick_object(ext, times, skip_agent=False)
        if obj is not None and obj.head != pred.i:
            prep = _preposition(doc, obj) or "of"
            return _Shape(ext.arg1.head, f"{title_phrase(pred)} {prep}", obj.head, time)
        poss = _possessor(pred)
        if poss >= 0:  # "Putin's aide Ushakov"
            return _Shape(ext.arg1.head, f"{title_phrase(pred)} of", poss, time)
        of_obj = _of_object(pred)
        if of_obj >= 0:
            prep = doc[of_obj].head.lower_
            return _Shape(ext.arg1.head, f"{title_phrase(pred)} {prep}", of_obj, time)
        if ext.kind == "title" and pred.pos_ != "NOUN":
            return None  # a name before a name ("the Putin-Xi summit") is no title
        return _Shape(ext.arg1.head, "be", pred.i, time)
    lemma = verb_lemma(pred)
    particles = [c.lower_ for c in pred.children if c.dep_ == "prt"]
    # A sentence without a verb of its own ("Daniel Okafor, a former banker, invested in
    # Veloria" read as a noun phrase): its one participle is the sentence's verb.
    misread = sentences.root(pred.i).pos_ not in VERB_POS
    participle = pred.tag_ == "VBN" and ext.kind == "participle" and not misread
    passive = pred.tag_ == "VBN" and (
        ext.kind == "passive" or any(c.dep_ in PASSIVE_MARK_DEPS for c in pred.children)
    )
    if participle or passive:
        agent = next((a for a in ext.args if a.role == "agent" and a.head >= 0), None)
        if agent is not None:
            # "designed by Eiffel", "a company founded by Anna Berg": the agent is the subject
            return _Shape(agent.head, " ".join([lemma, *particles]), ext.arg1.head, time)
        # Without an agent, the participle as written: "a startup based in Lyon" and
        # "the startup is based in Lyon" both give "based in"; "were banned from" "banned from".
        verb = [pred.lower_, *particles]
        obj = _pick_object(ext, times, skip_agent=True)
        if obj is None:
            return _timed(doc, ext.arg1.head, verb, time)  # "was born on 7 May 1878"
        by = _preposition(doc, obj)
        if by == "by" and not particles:
            # "Directed by John Ford, the film ...": the parser missed the agent, "by" says it
            return _Shape(obj.head, lemma, ext.arg1.head, time)
        return _Shape(ext.arg1.head, " ".join([*verb, *([by] if by else [])]), obj.head, time)
    obj = _pick_object(ext, times, skip_agent=False)
    if obj is None:
        return _timed(doc, ext.arg1.head, [lemma, *particles], time)  # "opened in 1932"
    via = _preposition(doc, obj) if obj.role != "object" else None
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in pred.children)
    if via == "by" and pred.tag_ == "VBN" and not particles and not perfect:
        # "Directed by John Ford, the film ...", "the award, voted by members": the
        # participle's "by" names who did it
        return _Shape(obj.head, lemma, ext.arg1.head, time)
    return _Shape(
        ext.arg1.head, " ".join([lemma, *particles, *([via] if via else [])]), obj.head, time
    )


def _worth_stating(subject: Entity, relation: str, obj: Entity) -> bool:
    """Leave out triples that say nothing: self-loops, numbers as subjects, bare titles."""
    if subject is obj or subject.name.lower() == obj.name.lower():
        return False
    if subject.type in VALUE_TYPES:
        return False  # "188 is the source": a number is no subject
    if relation == "be" and subject.type == "Person" and obj.type == "Person":
        return False  # two people are not one another: a misparsed apposition
    if relation == "be" and subject.type == "Concept" and obj.type == "Person":
        # "a space is Hausdorff": an eponymous property, not its bearer ("the winner
        # was Smith" is lost with it: a concept node says nothing of Smith)
        return False
    return not (relation == "be" and (obj.type in VALUE_TYPES or obj.name.lower() in TITLE_WORDS))


def _attribution(
    doc: Doc, ext: Extraction, maker: NodeMaker, sent: Span
) -> tuple[str | None, range]:
    """The attribution as an entity name where it names one, and its token range."""
    if not ext.attribution or ext.predicate < 0:
        return ext.attribution, range(0)
    at = sent.text.find(ext.attribution)
    if at < 0:
        return ext.attribution, range(0)
    span = doc.char_span(
        sent.start_char + at, sent.start_char + at + len(ext.attribution), alignment_mode="expand"
    )
    if span is None or not len(span):
        return ext.attribution, range(0)
    nodes = maker.nodes(span.root.i)
    named = [n.entity.name for n in nodes if n.entity.type != "Concept"]
    return (" and ".join(named) if named else ext.attribution), range(span.start, span.end)


def document_triples(
    doc: Doc,
    extractions: Iterable[Extraction],
    index: EntityIndex,
    corefs: dict[int, tuple[Entity, ...]],
    *,
    doc_id: str = "",
    offset: int = 0,
) -> Iterator[tuple[Triple, Entity, Entity | None]]:
    """Turn a document's extractions into triples, with the entities at their ends.

    A statement without an object ("The stadium opened in 1932") comes with
    ``None`` for its object entity.

    Args:
        doc: the parsed text the extractions point into.
        extractions: the Open IE layer's output for ``doc``.
        index: the document's entities (``resolve_entities``).
        corefs: pronoun and nominal resolution (``resolve_coreference``).
        doc_id: the document name stored in each triple.
        offset: added to every character offset (for chunked documents).
    """
    maker = NodeMaker(doc, index, corefs)
    seen: set[tuple[object, ...]] = set()
    sentences = Sentences.of(doc)
    texts: dict[int, str] = {}  # sentence start → its text
    for ext in extractions:
        shape = _shape(doc, ext, sentences)
        if shape is None:
            continue
        subj_i, relation, obj_i, time_i = shape
        relation = " ".join(relation.split())
        if not relation:
            continue
        time_text: str | None = None
        time_first = time_last = ext.predicate
        if time_i >= 0:
            time_text, time_first, time_last = time_words(doc, time_i)
        time = normalize_time(time_text) if time_text else None
        sent = sentences.span(ext.predicate if ext.predicate >= 0 else subj_i)
        sentence = texts.get(sent.start)
        if sentence is None:  # the text, without the blank line after it
            sentence = texts[sent.start] = sentences.text[sent.start_char : sent.end_char].rstrip()
        attribution, source_span = _attribution(doc, ext, maker, sent)
        polarity, modality = ext.polarity, ext.modality
        if subj_i in source_span or ext.kind in _DESCRIPTIVE_KINDS:
            # Titles and appositions are the writer's own description, outside the claim:
            # "reportedly, US President Biden called" still makes Biden president of the US.
            attribution, polarity, modality = None, "positive", None
        objects: list[Node | None] = list(maker.nodes(obj_i)) if obj_i >= 0 else [None]
        for s in maker.nodes(subj_i):
            for o in objects:
                if o is None:
                    if s.entity.type in VALUE_TYPES:
                        continue  # "1932 was a good year": a time is no subject
                elif not _worth_stating(s.entity, relation, o.entity):
                    continue
                obj_key = o.entity.key if o is not None else ("", "")
                key = (s.entity.key, relation, obj_key, polarity, modality, attribution, time_text,
                       sent.start)  # fmt: skip
                if key in seen:
                    continue
                seen.add(key)
                # the statement's words: subject, relation and object, or the time without one
                ends = [s.start, ext.predicate] + ([o.start] if o else [time_first])
                lasts = [s.end - 1, ext.predicate] + ([o.end - 1] if o else [time_last])
                lo, last = doc[min(ends)].idx, max(lasts)
                hi = doc[last].idx + len(doc[last].text)
                triple = Triple(
                    subject=s.entity.name,
                    relation=relation,
                    object=o.entity.name if o is not None else "",
                    subject_type=s.entity.type,
                    object_type=o.entity.type if o is not None else "",
                    polarity=polarity,
                    modality=modality,
                    attribution=attribution,
                    confidence=statement_confidence(
                        ext, sent, s, o, maker.corefs, polarity, modality, attribution
                    ),
                    sentence=sentence,
                    sentence_start=sent.start_char + offset,
                    sentence_end=sent.start_char + len(sentence) + offset,
                    start=lo + offset,
                    end=hi + offset,
                    doc=doc_id,
                    time=time,
                    time_text=time_text,
                )
                yield triple, s.entity, o.entity if o is not None else None
