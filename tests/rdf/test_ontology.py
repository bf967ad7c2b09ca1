"""kg.rdf.ontology: ontologies/kg.ttl defines every class kg writes, each mapped to schema.org."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.model import ENTITY_TYPES
from kg.rdf.namespaces import KG
from kg.rdf.ontology import KG_NAMESPACE, load_ontology


def test_rdf_ontology_defines_every_entity_type_and_maps_it_to_schema_org():
    onto = load_ontology()
    schema = "https://schema.org/"
    for name in (*ENTITY_TYPES, "Entity", "Document", "Sentence", "Statement"):
        cls = URIRef(KG_NAMESPACE + name)
        assert (cls, RDF.type, OWL.Class) in onto, name
        parents = {*onto.objects(cls, RDFS.subClassOf), *onto.objects(cls, OWL.equivalentClass)}
        if name in ENTITY_TYPES:
            assert KG.Entity in parents, name
        mapped = {*parents, *(p2 for p in parents for p2 in onto.objects(p, RDFS.subClassOf))}
        assert any(str(p).startswith(schema) for p in mapped), name
