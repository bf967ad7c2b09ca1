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
generation time), and no RDF-star.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg._gen_namespace import KG_NAMESPACE, NIF_NAMESPACE, ontology_path
from kg._version import __version__
from kg.errors import FormatError, value_invalid_msg
from kg.io import INVISIBLE_RE
from kg.model import ENTITY_TYPES, DocumentGraph, EntityMention, Triple
from kg.namespaces import KG, NIF

if TYPE_CHECKING:
    from rdflib.term import Identifier, Node

#: One quad: subject, predicate, object, graph name (rdflib terms).
Quad = tuple["Node", "Node", "Node", URIRef]

#: Base IRI of minted entity, relation and document IRIs (``--base-iri`` overrides it).
DEFAULT_BASE_IRI = "https://kg.example.org/"

#: Longest slug kept in an IRI; longer names are cut (and the hash tells them apart).
MAX_SLUG_LENGTH = 60
#: Hex digits of the disambiguating hash: 128 bits, so that no one can craft two names
#: with one IRI (a birthday search on 40 bits, as kg once used, takes seconds).
HASH_LENGTH = 32

#: Prefixes every kg query and export knows, besides the base-dependent ones of ``prefixes()``.
STANDARD_PREFIXES: dict[str, str] = {
    "kg": KG_NAMESPACE,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "nif": NIF_NAMESPACE,
    "schema": "https://schema.org/",
}

# C0 and C1 controls except tab, newline and carriage return; surrogates; noncharacters.
_UNSAFE_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
#: A normalised time (``Triple.time``, see ``kg.extract.times``) and its datatype by length.
_TIME_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_TIME_DATATYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
_LOSSLESS_RELATION = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def check_base_iri(base: str) -> str:
    """Validate a base IRI and make sure it ends with ``/`` or ``#``.

    Raises:
        FormatError: when ``base`` is not an absolute IRI.

    Example:
        >>> check_base_iri("https://example.org/kg")
        'https://example.org/kg/'
    """
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", base):
        raise FormatError(value_invalid_msg("base IRI", base) + "; expected an absolute IRI")
    try:
        pyoxigraph.NamedNode(base)
    except ValueError as err:
        raise FormatError(value_invalid_msg("base IRI", base) + f": {err}") from err
    return base if base.endswith(("/", "#")) else base + "/"


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and newlines stay), surrogates or noncharacters.

    A carriage return becomes a newline, one character for one, as every XML
    parser would read it anyway (so RDF/XML round-trips).

    Example:
        >>> clean_text("a\\x00b\\x1bc\\r\\nd")
        'abc\\n\\nd'
    """
    return _UNSAFE_CHARS.sub("", text).replace("\r", "\n")


def short_hash(*parts: str, length: int = HASH_LENGTH) -> str:
    """A hex SHA-256 of ``parts`` cut to ``length`` digits (128 bits by default), each part
    prefixed with its length (so unambiguous).

    Any string hashes, even one with lone surrogates.

    Example:
        >>> short_hash("Xi Jinping", "Person")
        '000956117c510b5d0ab86608a8de504b'
    """
    data = "".join(f"{len(part)}:{part}" for part in parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:length]


def content_hash(text: str) -> str:
    """SHA-256 (hex) of a document text, UTF-8 encoded (``kg:contentHash``).

    Example:
        >>> content_hash("")[:12]
        'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def slugify(text: str, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lower-case ASCII words joined by ``-``, at most ``max_length`` characters, maybe empty.

    Example:
        >>> slugify("Zürich's “Harbour” <Authority>")
        'zurich-s-harbour-authority'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > 0 else max_length].strip("-")
    return slug


def _slug_and_hash(slug: str, digest: str) -> str:
    return f"{slug}-{digest}" if slug else digest


@functools.lru_cache(maxsize=65536)
def entity_iri(name: str, type: str = "Concept", *, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """The IRI of the entity ``(name, type)``: ``<base>entity/<slug>-<hash of name and type>``.

    Example:
        >>> entity_iri("Xi Jinping", "Person")
        rdflib.term.URIRef('https://kg.example.org/entity/xi-jinping-000956117c510b5d0ab86608a8de504b')
        >>> entity_iri("\\x00<>{}|^`", "Concept")[-32:] == short_hash("\\x00<>{}|^`", "Concept")
        True

    Names are read in Unicode NFC, so one name typed two ways ("é" as one character
    or as "e" and an accent) is one entity.
    """
    name = _nfc(name)
    return URIRef(f"{base}entity/{_slug_and_hash(slugify(name), short_hash(name, type))}")


@functools.lru_cache(maxsize=16384)
def relation_iri(relation: str, *, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """The IRI of a relation: ``<base>relation/<slug>``, plus a hash when the slug is lossy.

    A relation of lower-case ASCII words separated by single spaces maps one-to-one
    to its slug; any other (capitals, punctuation, very long) gets a hash suffix.

    Example:
        >>> relation_iri("chief executive of")
        rdflib.term.URIRef('https://kg.example.org/relation/chief-executive-of')
        >>> str(relation_iri("co-found")).startswith("https://kg.example.org/relation/co-found-")
        True
    """
    relation = _nfc(relation)
    slug = slugify(relation)
    if _LOSSLESS_RELATION.fullmatch(relation) and slug == relation.replace(" ", "-"):
        return URIRef(f"{base}relation/{slug}")
    return URIRef(f"{base}relation/{_slug_and_hash(slug, short_hash(relation))}")


def document_iri(
    doc_id: str, content: str | None = None, *, base: str = DEFAULT_BASE_IRI
) -> URIRef:
    """The IRI of a document, which also names its graph: ``<base>document/<slug>-<hash>``.

    The hash is of ``doc_id``, so a changed document keeps its IRI (and its graph is
    replaced). Only when ``doc_id`` is empty is the IRI derived from ``content``.

    Example:
        >>> document_iri("news/harbour.txt")
        rdflib.term.URIRef('https://kg.example.org/document/news-harbour-txt-c5f0a756f1aad892587ff9f17588c984')
    """
    if doc_id:
        doc_id = _nfc(doc_id)
        return URIRef(f"{base}document/{_slug_and_hash(slugify(doc_id), short_hash(doc_id))}")
    return URIRef(f"{base}document/{short_hash('content', content or '')}")


def entity_class(type: str) -> URIRef:
    """The ``kg:`` class of an entity type (one of ``kg.model.ENTITY_TYPES``).

    Raises:
        FormatError: for a type the ontology does not define.

    Example:
        >>> entity_class("Person")
        rdflib.term.URIRef('https://kg.example.org/ontology#Person')
    """
    if type not in ENTITY_TYPES:
        raise FormatError(value_invalid_msg("entity type", type, ENTITY_TYPES))
    return KG[type]


def prefixes(base: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """Prefix → namespace for queries and exports: the standard ones plus ``ent``, ``rel``, ``doc``.

    Example:
        >>> prefixes()["rel"]
        'https://kg.example.org/relation/'
    """
    return {
        **STANDARD_PREFIXES,
        "ent": f"{base}entity/",
        "rel": f"{base}relation/",
        "doc": f"{base}document/",
    }


#: Confidences are stored in [MIN_CONFIDENCE, MAX_CONFIDENCE]: an extractor is never
#: certain, and a whole number would be written "1" by Oxigraph but "1.0" by rdflib.
MIN_CONFIDENCE, MAX_CONFIDENCE = 0.0001, 0.9999


def _decimal(value: float) -> Literal:
    # The canonical xsd:decimal form, which Oxigraph and rdflib both keep unchanged.
    value = float(value)
    value = MIN_CONFIDENCE if value != value else value  # NaN
    value = min(max(value, MIN_CONFIDENCE), MAX_CONFIDENCE)
    return _decimal_literal(f"{value:.4f}".rstrip("0").rstrip(".") or "0")


@functools.lru_cache(maxsize=16384)
def _decimal_literal(text: str) -> Literal:
    return Literal(text, datatype=_XSD_DECIMAL)


@functools.lru_cache(maxsize=4096)
def _text(value: str) -> Literal:
    return Literal(clean_text(value))


@functools.lru_cache(maxsize=4096)
def _integer(value: int) -> Literal:
    return Literal(int(value))


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
_XSD_DECIMAL = XSD.decimal
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


@functools.lru_cache(maxsize=4096)
def _nfc(text: str) -> str:
    """A name as stored: NFC, without invisible format characters (zero-width, bidi)."""
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


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


def time_literal(value: str) -> Literal:
    """A normalised time as an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal.

    Raises:
        FormatError: for a value that is none of "YYYY-MM-DD", "YYYY-MM", "YYYY".

    Example:
        >>> time_literal("1967-03").datatype == XSD.gYearMonth
        True
    """
    if not _TIME_VALUE.fullmatch(value):
        raise FormatError(
            value_invalid_msg("time", value) + "; expected YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return Literal(value, datatype=_TIME_DATATYPES[len(value)])


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


def load_ontology() -> Graph:
    """The kg ontology (``ontologies/kg.ttl``) as an rdflib ``Graph``.

    Example:
        >>> (KG.Person, RDFS.subClassOf, KG.Entity) in load_ontology()
        True
    """
    return Graph().parse(ontology_path(), format="turtle")


OxTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.DefaultGraph
_XSD_STRING = str(XSD.string)


@functools.lru_cache(maxsize=65536)
def _named_node(iri: str) -> pyoxigraph.NamedNode:
    # IRIs repeat across a batch (predicates, classes, entities); build each once.
    return pyoxigraph.NamedNode(iri)


def to_oxigraph(node: Node | None) -> OxTerm:
    """An rdflib term as a pyoxigraph term (``None`` → the default graph).

    Raises:
        FormatError: for a term Oxigraph cannot hold (an invalid IRI, a variable).

    Example:
        >>> to_oxigraph(Literal("x"))
        <Literal value=x datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    try:
        if node is None:
            return pyoxigraph.DefaultGraph()
        if isinstance(node, URIRef):
            return _named_node(str(node))
        if isinstance(node, BNode):
            return pyoxigraph.BlankNode(str(node))
        if isinstance(node, Literal):
            if node.language:
                return pyoxigraph.Literal(str(node), language=node.language)
            datatype = pyoxigraph.NamedNode(str(node.datatype)) if node.datatype else None
            return pyoxigraph.Literal(str(node), datatype=datatype)
    except ValueError as err:
        raise FormatError(f"{node!r} cannot be stored: {err}") from err
    raise FormatError(f"{node!r} cannot be stored in an Oxigraph store")


def from_oxigraph(term: object) -> Identifier:
    """A pyoxigraph term as an rdflib term; ``xsd:string`` literals become plain literals.

    Raises:
        FormatError: for an RDF-star triple term (kg uses none) or a graph name.

    Example:
        >>> from_oxigraph(pyoxigraph.Literal("x")) == Literal("x")
        True
    """
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise FormatError(f"{term!r} is not supported (kg stores no RDF-star triple terms)")
