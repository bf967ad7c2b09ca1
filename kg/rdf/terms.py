"""RDF terms: IRI minting, text cleaning, literals, and rdflib ⇄ pyoxigraph terms."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import FormatError, value_invalid_msg
from kg.io import INVISIBLE_RE
from kg.model import ENTITY_TYPES
from kg.rdf.namespaces import KG
from kg.rdf.ontology import KG_NAMESPACE, NIF_NAMESPACE

if TYPE_CHECKING:
    from rdflib.term import Identifier, Node

#: Confidences are stored in [MIN_CONFIDENCE, MAX_CONFIDENCE]: an extractor is never
#: certain, and a whole number would be written "1" by Oxigraph but "1.0" by rdflib.
MIN_CONFIDENCE, MAX_CONFIDENCE = 0.0001, 0.9999

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
    data = "".join([f"{len(part)}:{part}" for part in parts]).encode("utf-8", "surrogatepass")
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


@functools.lru_cache(maxsize=4096)
def _nfc(text: str) -> str:
    """A name as stored: NFC, without invisible format characters (zero-width, bidi)."""
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


def time_literal(value: str) -> Literal:
    """A normalised time as an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal.

    Raises:
        FormatError: for a value that is none of "YYYY-MM-DD", "YYYY-MM", "YYYY".

    Example:
        >>> time_literal("1967-03").datatype == XSD.gYearMonth
        True
    """
    return Literal(value, datatype=_TIME_DATATYPES[len(_checked_time(value))])


def _checked_time(value: str) -> str:
    if not _TIME_VALUE.fullmatch(value):
        raise FormatError(
            value_invalid_msg("time", value) + "; expected YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return value


OxTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.DefaultGraph
_XSD_STRING = str(XSD.string)


@functools.lru_cache(maxsize=65536)
def _named_node(iri: str) -> pyoxigraph.NamedNode:
    # IRIs repeat across a batch (predicates, classes, entities); build each once.
    return pyoxigraph.NamedNode(iri)


# ---------------------------------------------------------------- pyoxigraph terms
# What kg writes, minted straight as pyoxigraph terms: the write path converts once.

_OX_DECIMAL, _OX_INTEGER = _named_node(str(XSD.decimal)), _named_node(str(XSD.integer))
_OX_TIME_DATATYPES = {n: _named_node(str(datatype)) for n, datatype in _TIME_DATATYPES.items()}


@functools.lru_cache(maxsize=65536)
def entity_node(name: str, type: str, base: str) -> pyoxigraph.NamedNode:
    """``entity_iri(name, type, base=base)`` as a pyoxigraph term.

    Example:
        >>> node = entity_node("Xi Jinping", "Person", DEFAULT_BASE_IRI)
        >>> node.value == str(entity_iri("Xi Jinping", "Person"))
        True
    """
    return pyoxigraph.NamedNode(str(entity_iri(name, type, base=base)))


@functools.lru_cache(maxsize=16384)
def relation_node(relation: str, base: str) -> pyoxigraph.NamedNode:
    """``relation_iri(relation, base=base)`` as a pyoxigraph term."""
    return pyoxigraph.NamedNode(str(relation_iri(relation, base=base)))


@functools.lru_cache(maxsize=64)
def class_node(type: str) -> pyoxigraph.NamedNode:
    """``entity_class(type)`` as a pyoxigraph term (raises ``FormatError`` as it does)."""
    return pyoxigraph.NamedNode(str(entity_class(type)))


@functools.lru_cache(maxsize=4096)
def offset_text(text: str) -> str:
    """``text`` with what ``clean_text`` drops written as U+FFFD, one character for one,
    so that every character offset into ``text`` still points at the same place.

    Example:
        >>> offset_text("a\\x00b\\r\\nc")
        'a\\ufffdb\\n\\nc'
    """
    return _UNSAFE_CHARS.sub("\ufffd", text).replace("\r", "\n")


def text_literal(value: str) -> pyoxigraph.Literal:
    """A plain (``xsd:string``) literal of ``clean_text(value)``."""
    return pyoxigraph.Literal(clean_text(value))


@functools.lru_cache(maxsize=4096)
def integer_literal(value: int) -> pyoxigraph.Literal:
    """An ``xsd:integer`` literal."""
    return pyoxigraph.Literal(str(int(value)), datatype=_OX_INTEGER)


@functools.lru_cache(maxsize=4096)
def decimal_literal(value: float) -> pyoxigraph.Literal:
    """A confidence as an ``xsd:decimal`` literal in [MIN_CONFIDENCE, MAX_CONFIDENCE].

    The canonical decimal form, which Oxigraph and rdflib both keep unchanged.

    Example:
        >>> decimal_literal(1.0).value, decimal_literal(0.25).value
        ('0.9999', '0.25')
    """
    value = float(value)
    value = MIN_CONFIDENCE if value != value else value  # NaN
    value = min(max(value, MIN_CONFIDENCE), MAX_CONFIDENCE)
    return _decimal_literal(f"{value:.4f}".rstrip("0").rstrip(".") or "0")


@functools.lru_cache(maxsize=16384)
def _decimal_literal(text: str) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(text, datatype=_OX_DECIMAL)


def time_term(value: str) -> pyoxigraph.Literal:
    """``time_literal(value)`` as a pyoxigraph term (raises ``FormatError`` as it does)."""
    return pyoxigraph.Literal(value, datatype=_OX_TIME_DATATYPES[len(_checked_time(value))])


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


@functools.lru_cache(maxsize=1 << 14)
def rdflib_term(term: object) -> Identifier:
    """``from_oxigraph(term)``, cached (kg's graphs repeat their terms)."""
    return from_oxigraph(term)
