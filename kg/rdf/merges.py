"""The merge evidence of a document's entities: one ``kg:Merge`` node per alias and rule.

Part of a document's graph (``kg.rdf.quads.document_triples`` adds these triples):
every alias that was merged into an entity of the graph gets a node
``<doc>/merge/<hash>``, one per (entity, alias as written, rule), with the offsets of
its first occurrence, its sentence and the number of occurrences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

from kg.model import DocumentGraph, EntityMention
from kg.rdf.terms import (
    DEFAULT_BASE_IRI,
    _named_node,
    _nfc,
    check_base_iri,
    entity_node,
    integer_literal,
    rdflib_term,
    short_hash,
    text_literal,
)
from kg.rdf.vocabulary import (
    ANCHOR_OF,
    BEGIN,
    DERIVED_FROM,
    END,
    MERGE,
    MERGE_ALIAS,
    MERGE_ENTITY,
    MERGE_RULE,
    OCCURRENCES,
    PART_OF,
    SENTENCE,
    TYPE,
    OxTriple,
)

if TYPE_CHECKING:
    from rdflib.term import Node

#: ``EntityMention.via`` values that are no merge: the canonical name itself, and the
#: pronouns and role nouns (coreference, not names; ``kg entities`` shows them).
NOT_MERGES = frozenset({"name", "pronoun", "role-noun"})


def merge_triples(
    dg: DocumentGraph, *, doc: URIRef, base: str = DEFAULT_BASE_IRI
) -> list[tuple[Node, Node, Node]]:
    """The merge evidence of a document's entities: one ``kg:Merge`` per alias and rule.

    For each entity of ``dg.entities``, each distinct (alias as written, rule) among
    the name mentions of ``dg.mentions`` that resolved to it (``via`` other than
    ``NOT_MERGES``) becomes ``<doc>/merge/<hash>``: ``kg:entity``, ``kg:alias``,
    ``kg:rule``, the offsets of its first occurrence (``nif:beginIndex``,
    ``nif:endIndex``), ``kg:occurrences``, ``dcterms:isPartOf`` the document, and
    ``prov:wasDerivedFrom`` the sentence of the first occurrence where the
    extractor saw that sentence (a ``kg:Sentence``, written here if no statement
    wrote it). Triples of rdflib terms.

    Example:
        >>> from kg.model import Entity, Triple
        >>> from kg.rdf.namespaces import KG
        >>> from kg.rdf.terms import document_iri
        >>> text = "Lise Meitner met Hahn. Meitner left."
        >>> dg = DocumentGraph("d", text, [Triple("Lise Meitner", "meet", "Hahn", "Person")],
        ...     {("Lise Meitner", "Person"): Entity("Lise Meitner", "Person", {"Meitner"})},
        ...     mentions=[EntityMention("d", 0, 12, "Lise Meitner", "Lise Meitner", "Person",
        ...                             "name"),
        ...               EntityMention("d", 23, 30, "Meitner", "Lise Meitner", "Person",
        ...                             "surname")])
        >>> triples = merge_triples(dg, doc=document_iri("d"))
        >>> sorted(str(o) for _, p, o in triples if p in (KG.alias, KG.rule, KG.occurrences))
        ['1', 'Meitner', 'surname']
    """
    term = rdflib_term
    triples = merge_ox_triples(dg, doc=ox.NamedNode(str(doc)), base=check_base_iri(base))
    return [(term(s), term(p), term(o)) for s, p, o in triples]


def merge_ox_triples(dg: DocumentGraph, *, doc: ox.NamedNode, base: str) -> list[OxTriple]:
    """``merge_triples`` as pyoxigraph terms (what ``document_triples`` writes)."""
    nodes = {(_nfc(name), type_) for name, type_ in dg.entities}
    found: dict[tuple[str, str, str, str], list[EntityMention]] = {}
    for m in dg.mentions:
        if m.via in NOT_MERGES or m.entity is None or m.type is None:
            continue
        key = (_nfc(m.entity), m.type, _nfc(m.text), m.via)
        if key[:2] in nodes:
            found.setdefault(key, []).append(m)
    if not found:
        return []
    sentences = _sentence_spans(dg)
    out: list[OxTriple] = []
    for key, mentions in sorted(found.items()):
        name, type_, alias, rule = key
        first = min(mentions, key=lambda m: (m.start, m.end))
        node = ox.NamedNode(f"{doc.value}/merge/{short_hash(*key)}")
        out += [
            (node, TYPE, MERGE),
            (node, MERGE_ENTITY, entity_node(name, type_, base)),
            (node, MERGE_ALIAS, text_literal(alias)),
            (node, MERGE_RULE, text_literal(rule)),
            (node, BEGIN, integer_literal(first.start)),
            (node, END, integer_literal(first.end)),
            (node, OCCURRENCES, integer_literal(len({(m.start, m.end) for m in mentions}))),
            (node, PART_OF, doc),
        ]
        span = _sentence_of(sentences, first.start)
        if span is not None:
            (start, end), text = span
            sentence = _named_node(f"{doc.value}/sentence/{start}-{end}")
            out += [
                (sentence, TYPE, SENTENCE),
                (sentence, ANCHOR_OF, text_literal(text)),
                (sentence, BEGIN, integer_literal(start)),
                (sentence, END, integer_literal(end)),
                (sentence, PART_OF, doc),
                (node, DERIVED_FROM, sentence),
            ]
    return out


def _sentence_spans(dg: DocumentGraph) -> list[tuple[tuple[int, int], str]]:
    """The sentences the extractor saw, sorted: ((start, end), text).

    A statement's sentence keeps the text its statement node writes; a sentence only
    the Open IE layer saw takes its text from the document.
    """
    spans: dict[tuple[int, int], str] = {}
    for t in dg.triples:
        if t.sentence_end > t.sentence_start:
            spans.setdefault((t.sentence_start, t.sentence_end), t.sentence)
    for e in dg.extractions:
        if e.sentence_end > e.sentence_start and e.sentence_end <= len(dg.text):
            spans.setdefault(
                (e.sentence_start, e.sentence_end), dg.text[e.sentence_start : e.sentence_end]
            )
    return sorted(spans.items())


def _sentence_of(
    spans: list[tuple[tuple[int, int], str]], offset: int
) -> tuple[tuple[int, int], str] | None:
    """The shortest sentence span that holds ``offset``, or None."""
    best = None
    for span in spans:
        (start, end), _ = span
        if start > offset:
            break
        if offset < end and (best is None or end - start < best[0][1] - best[0][0]):
            best = span
    return best
