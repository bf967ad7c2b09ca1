"""The kg ontology terms, as closed rdflib namespaces.

Generated from ontologies/kg.ttl by ``python tools/gen_namespace.py``; do not edit.
A misspelled term raises ``AttributeError``.

Example:
    >>> from kg.rdf.namespaces import KG
    >>> str(KG.Person)
    'https://kg.example.org/ontology#Person'
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """The kg ontology."""

    _NS = Namespace("https://kg.example.org/ontology#")
    _fail = True

    # owl:Class
    Award: URIRef  # A prize, medal, honour or award, whoever it is named after ("Lise Meitner Pr...
    Concept: URIRef  # An idea, state or thing named by a noun phrase that is not a named entity.
    CreativeWork: URIRef  # A book, song, film, painting or other work of art (spaCy WORK_OF_ART).
    Document: URIRef  # A document kg read.
    Entity: URIRef  # A node of the knowledge graph: a named entity or a concept phrase.
    Event: URIRef  # A named event: a war, summit, storm or sports event (spaCy EVENT).
    Group: URIRef  # A nationality, religious or political group (spaCy NORP).
    Language: URIRef  # A named language (spaCy LANGUAGE).
    Law: URIRef  # A named law, treaty or legal document (spaCy LAW).
    Merge: URIRef  # Why a name in a document is one entity with another: the alias as written (k...
    Organization: URIRef  # A company, agency, institution or other organization (spaCy ORG).
    Person: URIRef  # A person, real or fictional (spaCy PERSON).
    Place: URIRef  # A country, city, region, location or facility (spaCy GPE, LOC, FAC).
    Product: URIRef  # An object, vehicle, food or other product (spaCy PRODUCT).
    Quantity: URIRef  # An amount of money, a measure, a percentage, a count or an ordinal (spaCy...
    Sentence: URIRef  # A sentence of a document, with its text (nif:anchorOf) and character offs...
    Statement: URIRef  # One extracted claim (rdf:subject, rdf:predicate, rdf:object), with its c...
    Time: URIRef  # A date, period or time of day (spaCy DATE, TIME).

    # owl:ObjectProperty
    entity: URIRef  # The entity a merged alias belongs to.
    relatedTo: URIRef  # The super-property of every extracted relation (<base>relation/<slug>).

    # owl:DatatypeProperty
    alias: URIRef  # A name as the document writes it ("Meitner", "KWI"), which was merged into t...
    asserted: URIRef  # True when the text states the claim as a plain fact (positive, no modalit...
    attribution: URIRef  # Who the text says made the claim; absent when the document states it i...
    confidence: URIRef  # The extractor's confidence in the statement, in [0, 1].
    contentHash: URIRef  # SHA-256 (hex) of the document text, UTF-8 encoded.
    extractorVersion: URIRef  # The version of kg that extracted the document's graph.
    graphHash: URIRef  # SHA-256 (hex) of the document's graph, every quad but the generation tim...
    modality: URIRef  # The hedge that qualifies the statement ("may", "plan", "if", "reportedly"...
    occurrences: URIRef  # How many times the document writes the alias for the entity, merged by...
    polarity: URIRef  # "positive", or "negative" when the text denies the statement.
    rule: URIRef  # The rule that merged the alias: "variant" (another spelling), "surname", "nic...
    time: URIRef  # When the statement holds, as precise as the text says: an xsd:date ("1878-11-...
    timeText: URIRef  # The time of the statement as the text gives it, with its preposition ("in...


class NIF(DefinedNamespace):
    """The NIF 2.0 core terms the kg ontology reuses."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    # owl:Class
    Sentence: URIRef  # NIF: a sentence of a text.

    # owl:DatatypeProperty
    anchorOf: URIRef  # NIF: the text of a sentence, as it appears in the document.
    beginIndex: URIRef  # NIF: character offset where a sentence, statement or merged alias begin...
    endIndex: URIRef  # NIF: character offset where a sentence, statement or merged alias ends (e...
    isString: URIRef  # NIF: the whole text of a document, as kg read it; every offset points int...
