"""Triples to RDF: IRI minting and term cleaning (``terms``), a document's quads
(``quads``), the ontology (``ontology``) and its generated namespaces (``namespaces``)."""
