"""The vocabulary kg writes, as pyoxigraph terms built once (``kg.rdf.quads`` mints with them).

Example:
    >>> from kg.rdf.namespaces import KG
    >>> STATEMENT.value == str(KG.Statement)
    True
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.rdf.namespaces import KG, NIF
from kg.rdf.terms import _named_node

#: A term kg writes (no blank nodes, no RDF-star), and a triple of them.
Term = ox.NamedNode | ox.Literal
OxTriple = tuple[ox.NamedNode, ox.NamedNode, Term]


def _n(iri: str) -> ox.NamedNode:
    return _named_node(str(iri))


TYPE, LABEL, SUB_PROPERTY_OF = _n(RDF.type), _n(RDFS.label), _n(RDFS.subPropertyOf)
SUBJECT, PREDICATE, OBJECT = _n(RDF.subject), _n(RDF.predicate), _n(RDF.object)
PREF_LABEL, ALT_LABEL = _n(SKOS.prefLabel), _n(SKOS.altLabel)
OBJECT_PROPERTY, RELATED_TO = _n(OWL.ObjectProperty), _n(KG.relatedTo)
DOCUMENT, SENTENCE, STATEMENT = _n(KG.Document), _n(KG.Sentence), _n(KG.Statement)
MERGE, MERGE_ENTITY, MERGE_ALIAS = _n(KG.Merge), _n(KG.entity), _n(KG.alias)
MERGE_RULE, OCCURRENCES, GRAPH_HASH = _n(KG.rule), _n(KG.occurrences), _n(KG.graphHash)
CONTENT_HASH, EXTRACTOR_VERSION = _n(KG.contentHash), _n(KG.extractorVersion)
CONFIDENCE, POLARITY, ASSERTED = _n(KG.confidence), _n(KG.polarity), _n(KG.asserted)
ANCHOR_OF, BEGIN, END = _n(NIF.anchorOf), _n(NIF.beginIndex), _n(NIF.endIndex)
IS_STRING = _n(NIF.isString)
MODALITY, ATTRIBUTION = _n(KG.modality), _n(KG.attribution)
TIME, TIME_TEXT = _n(KG.time), _n(KG.timeText)
PART_OF, DERIVED_FROM = _n(DCTERMS.isPartOf), _n(PROV.wasDerivedFrom)
IDENTIFIER, SOURCE = _n(DCTERMS.identifier), _n(DCTERMS.source)
GENERATED_AT = _n(PROV.generatedAtTime)
BOOLEAN, DATE_TIME, STRING = _n(XSD.boolean), _n(XSD.dateTime), str(XSD.string)
TRUE, FALSE = ox.Literal("true", datatype=BOOLEAN), ox.Literal("false", datatype=BOOLEAN)
