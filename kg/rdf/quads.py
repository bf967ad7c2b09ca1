"""Triples → RDF quads: IRI minting, ontology classes, reified provenance.

One document becomes one named graph, named by the document's IRI (see the
shape drawn at the top of ``ontologies/kg.ttl``):

- every entity is typed with its ``kg:`` class and labelled with
  ``skos:prefLabel`` (its name) and ``skos:altLabel`` (its aliases);
- every relation is a property ``<base>relation/<slug>``, a sub-property of
  ``kg:relatedTo`` with an ``rdfs:label``;
- every triple becomes a ``kg:Statement`` node (``rdf:subject``,
  ``rdf:predicate``, ``rdf:object``) carrying confidence, polarity, modality,
  attribution, its time (``kg:time``, typed ``xsd:date``, ``xsd:gYearMonth`` or
  ``xsd:gYear``, and ``kg:timeText`` as written), ``kg:asserted`` and
  ``prov:wasDerivedFrom`` its sentence; only an asserted triple (positive,
  unhedged, unattributed) is also written as the direct statement ``subject
  relation object``. A statement without an object ("opened in 1932") has no
  ``rdf:object`` and no direct statement;
- the document node carries its id, source, content hash, graph hash,
  extractor version and generation time (PROV-O);
- every alias that was merged into an entity of the graph gets a ``kg:Merge``
  node, ``<doc>/merge/<hash>``, one per (entity, alias as written, rule): the
  evidence of the merge, with the offsets of its first occurrence, its sentence
  and the number of occurrences (``merge_triples``).

IRIs are readable, deterministic and valid whatever the input: slugs keep only
``[a-z0-9-]`` and are bounded in length, and a 128-bit hash disambiguates. No
blank nodes are used, so the same input always gives the same quads (except the
generation time), and no RDF-star."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg._version import __version__
from kg.model import DocumentGraph, EntityMention, Triple
from kg.rdf.namespaces import KG, NIF

if TYPE_CHECKING:
    from rdflib.term import Node

from kg.rdf.terms import (
    DEFAULT_BASE_IRI,
    _decimal,
    _integer,
    _nfc,
    _text,
    check_base_iri,
    content_hash,
    document_iri,
    entity_class,
    entity_iri,
    prefixes,
    relation_iri,
    short_hash,
    time_literal,
)

#: One quad: subject, predicate, object, graph name (rdflib terms).
Quad = tuple["Node", "Node", "Node", URIRef]


# Terms used for every statement, looked up once (a DefinedNamespace lookup is not free).
_TYPE, _LABEL, _SUB_PROPERTY_OF = RDF.type, RDFS.label, RDFS.subPropertyOf
_SUBJECT, _PREDICATE, _OBJECT = RDF.subject, RDF.predicate, RDF.object
_PREF_LABEL, _ALT_LABEL, _OBJECT_PROPERTY = SKOS.prefLabel, SKOS.altLabel, OWL.ObjectProperty
_KG_DOCUMENT, _KG_SENTENCE, _KG_STATEMENT = KG.Document, KG.Sentence, KG.Statement
_RELATED_TO, _CONFIDENCE, _POLARITY, _ASSERTED = (
    KG.relatedTo,
    KG.confidence,
    KG.polarity,
    KG.asserted,
)
_ANCHOR_OF, _BEGIN, _END = NIF.anchorOf, NIF.beginIndex, NIF.endIndex
_MODALITY, _ATTRIBUTION, _TIME, _TIME_TEXT = KG.modality, KG.attribution, KG.time, KG.timeText
_PART_OF, _DERIVED_FROM = DCTERMS.isPartOf, PROV.wasDerivedFrom
_TRUE, _FALSE = Literal(True), Literal(False)

#: ``EntityMention.via`` values that are no merge: the canonical name itself, and the
#: pronouns and role nouns (coreference, not names; ``kg entities`` shows them).
NOT_MERGES = frozenset({"name", "pronoun", "role-noun"})


def _statement_key(t: Triple) -> tuple[object, ...]:
    key: tuple[object, ...] = (
        t.subject, t.subject_type, t.relation, t.object, t.object_type, t.polarity,
        t.modality or "", t.attribution or "", t.start, t.end, t.sentence_start, t.sentence_end,
    )  # fmt: skip
    if t.time is not None or t.time_text is not None:
        # Two statements that differ only in their time stay two; a statement without a
        # time keeps the IRI it had before statements carried times.
        key += (t.time or "", t.time_text or "")
    return key


def _entities(dg: DocumentGraph) -> dict[tuple[str, str], set[str]]:
    """(NFC name, type) → NFC aliases of every entity of the document graph."""
    entities: dict[tuple[str, str], set[str]] = {}
    for (name, type_), entity in dg.entities.items():
        aliases = entities.setdefault((_nfc(name), type_), set())
        aliases.update(_nfc(alias) for alias in entity.aliases)
    for t in dg.triples:
        ends = [(t.subject, t.subject_type)] + ([(t.object, t.object_type)] if t.object else [])
        for name, type_ in ends:
            entities.setdefault((_nfc(name), type_), set())
    return entities


def graph_hash(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """SHA-256 (hex) of a set of triples without blank nodes, independent of their order.

    Example:
        >>> a, b = URIRef("urn:a"), URIRef("urn:b")
        >>> graph_hash([(a, a, b), (b, a, a)]) == graph_hash([(b, a, a), (a, a, b)])
        True
    """
    lines = sorted({"\x00".join(map(_term_key, triple)) for triple in triples})
    return hashlib.sha256("\x01".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=1 << 16)
def _term_key(term: Node) -> str:
    # Cheaper than n3(), and as unambiguous: kg's literals and IRIs hold no NUL.
    if isinstance(term, Literal):
        return f"L{term}\x02{term.datatype or ''}\x02{term.language or ''}"
    return f"{type(term).__name__[0]}{term}"


def document_quads(
    dg: DocumentGraph,
    *,
    base: str = DEFAULT_BASE_IRI,
    generated_at: datetime | None = None,
) -> list[Quad]:
    """The quads of a document's named graph (see the module docstring for their shape).

    Args:
        dg: what the extractor found in one document.
        base: base IRI of the minted IRIs (checked with ``check_base_iri``).
        generated_at: the ``prov:generatedAtTime`` of the document (default: now, UTC).

    Returns:
        Quads ``(subject, predicate, object, graph)``; the graph is the document IRI.

    Raises:
        FormatError: for an invalid base IRI or an entity type the ontology lacks.

    Example:
        >>> from kg.model import DocumentGraph, Triple
        >>> triple = Triple("Ann", "meet", "Bob", "Person", "Person")
        >>> dg = DocumentGraph("d1", "Ann met Bob.", [triple])
        >>> quads = document_quads(dg)
        >>> (entity_iri("Ann", "Person"), relation_iri("meet"), entity_iri("Bob", "Person"),
        ...  document_iri("d1")) in quads
        True
    """
    base = check_base_iri(base)
    doc = document_iri(dg.doc_id, dg.text, base=base)
    triples: list[tuple[Node, Node, Node]] = [
        (doc, _TYPE, _KG_DOCUMENT),
        (doc, DCTERMS.identifier, _text(dg.doc_id)),
        (doc, KG.contentHash, Literal(content_hash(dg.text))),
        (doc, KG.extractorVersion, Literal(__version__)),
    ]
    if dg.source:
        triples.append((doc, DCTERMS.source, _text(dg.source)))

    for (name, type_), aliases in sorted(_entities(dg).items()):
        node = entity_iri(name, type_, base=base)
        triples += [(node, _TYPE, entity_class(type_)), (node, _PREF_LABEL, _text(name))]
        triples += [(node, _ALT_LABEL, _text(alias)) for alias in sorted(aliases - {name})]

    # Identical triples (same claim, same place) make one statement, with the best confidence.
    confidence: dict[tuple[object, ...], float] = {}
    first: dict[tuple[object, ...], Triple] = {}
    for t in dg.triples:
        key = _statement_key(t)
        first.setdefault(key, t)
        confidence[key] = max(confidence.get(key, 0.0), t.confidence)
    for key, t in first.items():
        triples += _statement_triples(t, key, confidence[key], doc=doc, base=base)
    triples += merge_triples(dg, doc=doc, base=base)

    unique = list(dict.fromkeys(triples))
    unique.append((doc, KG.graphHash, Literal(graph_hash(unique))))
    when = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    unique.append((doc, PROV.generatedAtTime, Literal(when)))
    return [(s, p, o, doc) for s, p, o in unique]


def _statement_triples(
    t: Triple, key: tuple[object, ...], confidence: float, *, doc: URIRef, base: str
) -> list[tuple[Node, Node, Node]]:
    """The relation declaration, direct edge (if asserted), statement and sentence of a triple."""
    subject = entity_iri(t.subject, t.subject_type, base=base)
    obj = entity_iri(t.object, t.object_type, base=base) if t.object else None
    relation = relation_iri(t.relation, base=base)
    if t.sentence_end > t.sentence_start:
        sentence = URIRef(f"{doc}/sentence/{t.sentence_start}-{t.sentence_end}")
    else:
        sentence = URIRef(f"{doc}/sentence/{short_hash(t.sentence)}")
    statement = URIRef(f"{doc}/statement/{short_hash(*map(str, key))}")
    out: list[tuple[Node, Node, Node]] = [
        (relation, _TYPE, _OBJECT_PROPERTY),
        (relation, _SUB_PROPERTY_OF, _RELATED_TO),
        (relation, _LABEL, _text(_nfc(t.relation))),
        (sentence, _TYPE, _KG_SENTENCE),
        (sentence, _ANCHOR_OF, _text(t.sentence)),
        (sentence, _BEGIN, _integer(t.sentence_start)),
        (sentence, _END, _integer(t.sentence_end)),
        (sentence, _PART_OF, doc),
        (statement, _TYPE, _KG_STATEMENT),
        (statement, _SUBJECT, subject),
        (statement, _PREDICATE, relation),
        (statement, _CONFIDENCE, _decimal(confidence)),
        (statement, _POLARITY, _text(t.polarity)),
        (statement, _ASSERTED, _TRUE if t.asserted else _FALSE),
        (statement, _BEGIN, _integer(t.start)),
        (statement, _END, _integer(t.end)),
        (statement, _DERIVED_FROM, sentence),
    ]
    if obj is not None:
        out.append((statement, _OBJECT, obj))
    if t.modality is not None:
        out.append((statement, _MODALITY, _text(t.modality)))
    if t.attribution is not None:
        out.append((statement, _ATTRIBUTION, _text(t.attribution)))
    if t.time is not None:
        out.append((statement, _TIME, time_literal(t.time)))
    if t.time_text is not None:
        out.append((statement, _TIME_TEXT, _text(t.time_text)))
    if t.asserted and obj is not None:
        out.append((subject, relation, obj))
    return out


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
    wrote it).

    Example:
        >>> from kg.model import Entity, EntityMention
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
    out: list[tuple[Node, Node, Node]] = []
    for key, mentions in sorted(found.items()):
        name, type_, alias, rule = key
        first = min(mentions, key=lambda m: (m.start, m.end))
        node = URIRef(f"{doc}/merge/{short_hash(*key)}")
        out += [
            (node, _TYPE, KG.Merge),
            (node, KG.entity, entity_iri(name, type_, base=base)),
            (node, KG.alias, _text(alias)),
            (node, KG.rule, _text(rule)),
            (node, _BEGIN, _integer(first.start)),
            (node, _END, _integer(first.end)),
            (node, KG.occurrences, _integer(len({(m.start, m.end) for m in mentions}))),
            (node, _PART_OF, doc),
        ]
        span = _sentence_of(sentences, first.start)
        if span is not None:
            (start, end), text = span
            sentence = URIRef(f"{doc}/sentence/{start}-{end}")
            out += [
                (sentence, _TYPE, _KG_SENTENCE),
                (sentence, _ANCHOR_OF, _text(text)),
                (sentence, _BEGIN, _integer(start)),
                (sentence, _END, _integer(end)),
                (sentence, _PART_OF, doc),
                (node, _DERIVED_FROM, sentence),
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


def document_graph(
    dg: DocumentGraph,
    *,
    base: str = DEFAULT_BASE_IRI,
    generated_at: datetime | None = None,
) -> Graph:
    """The document's named graph as an rdflib ``Graph`` (identifier: the document IRI).

    Example:
        >>> from kg.model import DocumentGraph
        >>> g = document_graph(DocumentGraph("d1", "No claims here."))
        >>> g.identifier == document_iri("d1"), (g.identifier, RDF.type, KG.Document) in g
        (True, True)
    """
    quads = document_quads(dg, base=base, generated_at=generated_at)
    graph = Graph(identifier=quads[0][3])
    for prefix, namespace in prefixes(check_base_iri(base)).items():
        graph.bind(prefix, namespace)
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph
