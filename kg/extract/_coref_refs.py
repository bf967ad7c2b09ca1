"""The candidates of coreference: every name mention and unnamed thing a pronoun could refer to
(a Ref), by sentence, headings set apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract._concepts import concept_phrase, worth_a_node
from kg.extract._coref_agreement import THIRD_PERSON_PRONOUNS
from kg.extract._deps import (
    DOBJ_OR_POBJ_DEPS,
    NOMINAL_SUBJ_DEPS,
    NOUN_POS,
    SUBJ_OR_DOBJ_DEPS,
    VERB_POS,
)
from kg.extract._discourse import Ref, make_ref, mention_head
from kg.extract._sentences import Sentences, tokens_with
from kg.extract.entities import EntityIndex
from kg.extract.lexicon import DEMONYM_PLURALS, DEMONYMS, PERSON_ROLE_NOUNS
from kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: The longest line that may be a section heading, in characters.
_HEADING_CHARS = 100


#: Verbs that equate their subject with their complement ("the winner was Anna Berg").
_COPULAS = frozenset({"be", "become"})


def name_refs(doc: Doc, index: EntityIndex, sent_of: list[int], headings: set[int]) -> list[Ref]:
    heads: dict[int, Entity] = {}
    peoples: set[int] = set()
    for m in index.mentions:
        if m.entity is not None:
            head = mention_head(doc, m.start, m.end)
            low = m.text.lower()
            if low in DEMONYMS and low not in DEMONYM_PLURALS:
                the = m.start > 0 and doc[m.start - 1].lower_ == "the"
                if not the:
                    continue  # "had Polish descent": a people's adjective names no one
            heads[head] = m.entity
            if low in DEMONYMS or low in DEMONYM_PLURALS:
                peoples.add(head)  # "the Portuguese": the country's people, a "they"
    out: list[Ref] = []
    for head, entity in sorted(heads.items()):
        tok = doc[head]
        if tok.pos_ == "ADJ" or (
            tok.dep_ == "amod" and (entity.type == "Group" or head in peoples)
        ):
            # "Jewish scientists", "Polish descent": a modifier, not a mention a pronoun
            # can take up
            continue
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


def heading_tokens(doc: Doc) -> set[int]:
    """The tokens of section headings: short lines of their own without a verb
    ("1986–1993: Breakthrough and the first major title.")."""
    out: set[int] = set()
    text = Sentences.of(doc).text
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


def sentence_numbers(doc: Doc, headings: set[int]) -> list[int]:
    """Token → the number of its sentence, where section headings do not count: after
    "Early life." a "He" still looks back to the sentences before the heading."""
    out: list[int] = []
    n = -1
    for sent in Sentences.of(doc).spans:
        if n < 0 or any(t.i not in headings and not t.is_space for t in sent):
            n += 1
        out.extend([n] * len(sent))
    return out


def pronoun_tokens(doc: Doc) -> list[int]:
    """The third-person pronouns of a document (from its arrays, without building Tokens)."""
    from spacy.attrs import LOWER

    return [i for i in tokens_with(doc, LOWER, THIRD_PERSON_PRONOUNS) if doc[i].pos_ == "PRON"]


def concept_ref(doc: Doc, tok: Token, index: EntityIndex, sent: int) -> Ref | None:
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


def copula_names(tok: Token, index: EntityIndex) -> tuple[Entity, ...]:
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
