"""Triples → RDF quads: IRI minting, ontology classes, reified provenance.

One document becomes one named graph, named by the document's IRI (see the
shape drawn at the top of ``ontologies/kg.ttl``):

- every entity is typed with its ``kg:`` class and labelled with
  ``skos:prefLabel`` and ``rdfs:label`` (its name; the second for tools that know
  only RDFS, such as Protégé or rdflib's ``Graph.label``) and ``skos:altLabel``
  (its aliases);
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
- the document node carries its id, source, text (``nif:isString``, which
  every offset points into), content hash, graph hash, extractor version and
  generation time (PROV-O);
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
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import _version
from kg.model import DocumentGraph, Triple
from kg.rdf.merges import merge_ox_triples
from kg.rdf.terms import (
    DEFAULT_BASE_IRI,
    _named_node,
    _nfc,
    check_base_iri,
    class_node,
    content_hash,
    decimal_literal,
    document_iri,
    entity_node,
    integer_literal,
    offset_text,
    prefixes,
    rdflib_term,
    relation_node,
    short_hash,
    text_literal,
    time_term,
)
from kg.rdf.vocabulary import (
    ALT_LABEL,
    ANCHOR_OF,
    ASSERTED,
    ATTRIBUTION,
    BEGIN,
    CONFIDENCE,
    CONTENT_HASH,
    DATE_TIME,
    DERIVED_FROM,
    DOCUMENT,
    END,
    EXTRACTOR_VERSION,
    FALSE,
    GENERATED_AT,
    GRAPH_HASH,
    IDENTIFIER,
    IS_STRING,
    LABEL,
    MODALITY,
    OBJECT,
    OBJECT_PROPERTY,
    PART_OF,
    POLARITY,
    PREDICATE,
    PREF_LABEL,
    RELATED_TO,
    SENTENCE,
    SOURCE,
    STATEMENT,
    STRING,
    SUB_PROPERTY_OF,
    SUBJECT,
    TIME,
    TIME_TEXT,
    TRUE,
    TYPE,
    OxTriple,
    Term,
)

if TYPE_CHECKING:
    from rdflib.term import Node

#: One quad: subject, predicate, object, graph name (rdflib terms).
Quad = tuple["Node", "Node", "Node", URIRef]


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


def graph_hash(triples: Iterable[OxTriple]) -> str:
    """SHA-256 (hex) of a set of triples without blank nodes, independent of their order.

    Example:
        >>> a, b = ox.NamedNode("urn:a"), ox.NamedNode("urn:b")
        >>> graph_hash([(a, a, b), (b, a, a)]) == graph_hash([(b, a, a), (a, a, b)])
        True
    """
    key = _term_key
    lines = sorted({f"{key(s)}\x00{key(p)}\x00{key(o)}" for s, p, o in triples})
    return hashlib.sha256("\x01".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=1 << 16)
def _term_key(term: Term) -> str:
    # Cheaper than N-Triples, and as unambiguous: kg's literals and IRIs hold no NUL. The
    # form is the one kg hashed rdflib terms in ("U<iri>", "L<text>\x02<datatype>\x02<lang>",
    # a plain literal without datatype): stored graph hashes stay valid.
    if isinstance(term, ox.Literal):
        language = term.language or ""
        datatype = term.datatype.value
        datatype = "" if language or datatype == STRING else datatype
        return f"L{term.value}\x02{datatype}\x02{language}"
    return f"U{term.value}"


@dataclass(frozen=True, slots=True)
class DocumentTriples:
    """A document's named graph as pyoxigraph terms: its name, its triples, its hash.

    Attributes:
        graph: the document IRI, which names the graph.
        triples: the graph's triples, in a fixed order (``kg:graphHash`` and
            ``prov:generatedAtTime`` last).
        digest: the ``kg:graphHash`` value.
    """

    graph: ox.NamedNode
    triples: list[OxTriple]
    digest: str


def document_triples(
    dg: DocumentGraph,
    *,
    base: str = DEFAULT_BASE_IRI,
    generated_at: datetime | None = None,
) -> DocumentTriples:
    """The triples of a document's named graph, minted as pyoxigraph terms (the write path).

    Args:
        dg: what the extractor found in one document.
        base: base IRI of the minted IRIs (checked with ``check_base_iri``).
        generated_at: the ``prov:generatedAtTime`` of the document (default: now, UTC).

    Raises:
        FormatError: for an invalid base IRI or an entity type the ontology lacks.

    Example:
        >>> from kg.model import DocumentGraph, Triple
        >>> dg = DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob")])
        >>> rdf = document_triples(dg)
        >>> rdf.graph.value == str(document_iri("d1")), len(rdf.digest)
        (True, 64)
    """
    base = check_base_iri(base)
    doc = ox.NamedNode(str(document_iri(dg.doc_id, dg.text, base=base)))
    triples: list[OxTriple] = [
        (doc, TYPE, DOCUMENT),
        (doc, IDENTIFIER, text_literal(dg.doc_id)),
        (doc, CONTENT_HASH, ox.Literal(content_hash(dg.text))),
        (doc, EXTRACTOR_VERSION, ox.Literal(_version.__version__)),
    ]
    if dg.source:
        triples.append((doc, SOURCE, text_literal(dg.source)))
    if dg.text:  # the text every offset points into (the document page shows it)
        triples.append((doc, IS_STRING, ox.Literal(offset_text(dg.text))))

    for (name, type_), aliases in sorted(_entities(dg).items()):
        node = entity_node(name, type_, base)
        label = text_literal(name)  # rdfs:label too: the name generic RDF tools look for
        triples += [(node, TYPE, class_node(type_)), (node, PREF_LABEL, label)]
        triples.append((node, LABEL, label))
        triples += [(node, ALT_LABEL, text_literal(alias)) for alias in sorted(aliases - {name})]

    # Identical triples (same claim, same place) make one statement, with the best confidence.
    confidence: dict[tuple[object, ...], float] = {}
    first: dict[tuple[object, ...], Triple] = {}
    for t in dg.triples:
        key = _statement_key(t)
        first.setdefault(key, t)
        confidence[key] = max(confidence.get(key, 0.0), t.confidence)
    for key, t in first.items():
        triples += _statement_triples(t, key, confidence[key], doc=doc, base=base)
    triples += merge_ox_triples(dg, doc=doc, base=base)

    unique = list(dict.fromkeys(triples))
    digest = graph_hash(unique)
    unique.append((doc, GRAPH_HASH, ox.Literal(digest)))
    when = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    unique.append((doc, GENERATED_AT, ox.Literal(when.isoformat(), datatype=DATE_TIME)))
    return DocumentTriples(doc, unique, digest)


def document_ox_quads(
    dg: DocumentGraph,
    *,
    base: str = DEFAULT_BASE_IRI,
    generated_at: datetime | None = None,
) -> list[ox.Quad]:
    """``document_triples`` as pyoxigraph quads in the document's graph.

    Example:
        >>> from kg.model import DocumentGraph
        >>> quads = document_ox_quads(DocumentGraph("d1", "No claims here."))
        >>> {q.graph_name.value for q in quads} == {str(document_iri("d1"))}
        True
    """
    rdf = document_triples(dg, base=base, generated_at=generated_at)
    return [ox.Quad(s, p, o, rdf.graph) for s, p, o in rdf.triples]


def document_quads(
    dg: DocumentGraph,
    *,
    base: str = DEFAULT_BASE_IRI,
    generated_at: datetime | None = None,
) -> list[Quad]:
    """The quads of a document's named graph as rdflib terms (see the module docstring).

    The very quads of ``document_triples``, for rdflib's side (SHACL, ``document_graph``);
    plain literals come without a datatype.

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
        >>> from kg.rdf.terms import entity_iri, relation_iri
        >>> dg = DocumentGraph("d1", "Ann met Bob.", [triple])
        >>> quads = document_quads(dg)
        >>> (entity_iri("Ann", "Person"), relation_iri("meet"), entity_iri("Bob", "Person"),
        ...  document_iri("d1")) in quads
        True
    """
    rdf = document_triples(dg, base=base, generated_at=generated_at)
    graph = URIRef(rdf.graph.value)
    term = rdflib_term
    return [(term(s), term(p), term(o), graph) for s, p, o in rdf.triples]


def _statement_triples(
    t: Triple, key: tuple[object, ...], confidence: float, *, doc: ox.NamedNode, base: str
) -> list[OxTriple]:
    """The relation declaration, direct edge (if asserted), statement and sentence of a triple."""
    subject = entity_node(t.subject, t.subject_type, base)
    obj = entity_node(t.object, t.object_type, base) if t.object else None
    relation = relation_node(t.relation, base)
    if t.sentence_end > t.sentence_start:
        sentence = _named_node(f"{doc.value}/sentence/{t.sentence_start}-{t.sentence_end}")
    else:
        sentence = _named_node(f"{doc.value}/sentence/{short_hash(t.sentence)}")
    statement = ox.NamedNode(f"{doc.value}/statement/{short_hash(*map(str, key))}")
    out: list[OxTriple] = [
        (relation, TYPE, OBJECT_PROPERTY),
        (relation, SUB_PROPERTY_OF, RELATED_TO),
        (relation, LABEL, text_literal(_nfc(t.relation))),
        (sentence, TYPE, SENTENCE),
        (sentence, ANCHOR_OF, text_literal(t.sentence)),
        (sentence, BEGIN, integer_literal(t.sentence_start)),
        (sentence, END, integer_literal(t.sentence_end)),
        (sentence, PART_OF, doc),
        (statement, TYPE, STATEMENT),
        (statement, SUBJECT, subject),
        (statement, PREDICATE, relation),
        (statement, CONFIDENCE, decimal_literal(confidence)),
        (statement, POLARITY, text_literal(t.polarity)),
        (statement, ASSERTED, TRUE if t.asserted else FALSE),
        (statement, BEGIN, integer_literal(t.start)),
        (statement, END, integer_literal(t.end)),
        (statement, DERIVED_FROM, sentence),
    ]
    if obj is not None:
        out.append((statement, OBJECT, obj))
    if t.modality is not None:
        out.append((statement, MODALITY, text_literal(t.modality)))
    if t.attribution is not None:
        out.append((statement, ATTRIBUTION, text_literal(t.attribution)))
    if t.time is not None:
        out.append((statement, TIME, time_term(t.time)))
    if t.time_text is not None:
        out.append((statement, TIME_TEXT, text_literal(t.time_text)))
    if t.asserted and obj is not None:
        out.append((subject, relation, obj))
    return out


def document_graph(
    dg: DocumentGraph, *, base: str = DEFAULT_BASE_IRI, generated_at: datetime | None = None
) -> Graph:
    """The document's named graph as an rdflib ``Graph`` (identifier: the document IRI).

    Example:
        >>> from kg.model import DocumentGraph
        >>> from rdflib.namespace import RDF
        >>> from kg.rdf.namespaces import KG
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
