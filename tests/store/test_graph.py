"""kg.store.graph: the Oxigraph-backed knowledge graph, on disk and in memory."""

from __future__ import annotations

import warnings

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from kg.errors import FormatError, StoreError
from kg.model import DocumentGraph, Triple
from kg.rdf.namespaces import KG
from kg.rdf.quads import document_graph
from kg.rdf.terms import entity_iri, relation_iri
from kg.store.formats import names
from kg.store.graph import KnowledgeGraph
from kg.store.network import to_networkx
from tests.docgraphs import doc_one, doc_two, select_rows
from tests.store.stored import WHEN


def test_store_round_trip_on_disk(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(doc_one(), generated_at=WHEN)
        quads = len(kg)
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        assert len(kg) == quads
        assert kg.add(doc_one()) is False
        assert [d["doc_id"] for d in kg.documents()] == ["one.txt"]


def test_store_quads_match_the_rdf_stage(store):
    # What goes in comes out: the stored graph is isomorphic to kg.rdf's graph.
    dg = doc_one()
    store.add(dg, generated_at=WHEN)
    expected = document_graph(dg, generated_at=WHEN)
    got = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{expected.identifier}> {{ ?s ?p ?o }} }}"
    )
    assert isinstance(got, Graph)
    assert isomorphic(got, expected)


# rdflib 7.6's Dataset warns about its own deprecated default_context on every lookup.
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_store_rdflib_dataset_view(store):
    store.add(doc_one())
    ds = store.dataset
    mara = entity_iri("Mara Quill", "Person")
    assert (mara, RDF.type, KG.Person) in ds
    assert ds.value(mara, SKOS.prefLabel) == Literal("Mara Quill")
    assert len(ds) == len(store)  # the default graph is the union
    rows = ds.query("SELECT ?l WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    assert Literal("Mara Quill") in {row[0] for row in rows}


def test_store_closed_store_raises():
    kg = KnowledgeGraph.open()
    kg.close()
    with pytest.raises(StoreError, match="closed"):
        len(kg)
    kg.close()  # closing twice is fine


def test_store_invalid_base_iri():
    with pytest.raises(FormatError):
        KnowledgeGraph.open(base_iri="not an iri")


# ---------------------------------------------------------------- export


def _parse(path, fmt: str) -> Dataset:
    ds = Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6's own Dataset.parse uses its deprecated default_context.
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(path, format=fmt)
    return ds


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_store_export_with_graphs_round_trips(store, tmp_path, fmt, rdflib_format):
    store.add(doc_one(), generated_at=WHEN)
    store.add(doc_two(), generated_at=WHEN)
    path = store.export(tmp_path / "out" / f"kg.{fmt}", format=fmt)
    ds = _parse(path, rdflib_format)
    for dg in (doc_one(), doc_two()):
        expected = document_graph(dg, generated_at=WHEN)
        assert isomorphic(ds.graph(expected.identifier), expected), dg.doc_id
    # no temp file left: only the export and its manifest
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.name + ".kg.json"]


@pytest.mark.parametrize(("suffix", "rdflib_format"), [(".ttl", "turtle"), (".nt", "nt")])
def test_store_export_without_graphs_writes_the_union(store, tmp_path, suffix, rdflib_format):
    store.add(doc_one(), generated_at=WHEN)
    store.add(doc_two(), generated_at=WHEN)
    path = store.export(tmp_path / f"kg{suffix}")  # format guessed from the suffix
    union = Graph()
    for dg in (doc_one(), doc_two()):
        union += document_graph(dg, generated_at=WHEN)
    assert isomorphic(Graph().parse(path, format=rdflib_format), union)


def test_store_export_hostile_names_parse_back(store, tmp_path):
    name = 'Quote " <angle> {brace} \\ back\nline \x00nul'
    dg = DocumentGraph("we ird <id>", "text", [Triple(name, "be in!", "X", "Person")])
    store.add(dg, generated_at=WHEN)
    expected = document_graph(dg, generated_at=WHEN)
    for fmt in names("rdf"):
        path = store.export(tmp_path / f"out.{fmt}", format=fmt)
        ds = _parse(
            path,
            {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}.get(
                fmt, fmt
            ),
        )
        graph = (
            ds.graph(expected.identifier)
            if fmt in ("trig", "nquads", "jsonld")
            else ds.default_graph
        )
        assert isomorphic(graph, expected), fmt


def test_store_export_unknown_format(store, tmp_path):
    with pytest.raises(FormatError, match=r"invalid format '\.xyz'; expected one of: turtle"):
        store.export(tmp_path / "kg.xyz")
    with pytest.raises(FormatError, match=r"invalid format 'rdf/xml'"):
        store.export(tmp_path / "kg.ttl", format="rdf/xml")


# ---------------------------------------------------------------- views


def test_store_to_networkx_delegates(store):
    store.add(doc_one())
    g = to_networkx(store)
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 1
    assert to_networkx(store, include_hedged=True).number_of_edges() == 2


def test_store_render_writes_html(store, tmp_path):
    store.add(doc_one())
    from kg.view import draw  # the view engineer's kg.view.draw replaces KnowledgeGraph.render

    path = draw(store, tmp_path / "graph.html", title="lantern")
    html = path.read_text(encoding="utf-8")
    assert "Mara Quill" in html and "lantern" in html


def test_store_uses_its_base_iri(tmp_path):
    with KnowledgeGraph.open(base_iri="https://example.org/kg") as kg:
        kg.add(doc_one())
        assert kg.base_iri == "https://example.org/kg/"
        rows = select_rows(kg.query("SELECT ?e WHERE { ?e a kg:Person }"))
        assert [r.e for r in rows] == [URIRef(entity_iri("Mara Quill", "Person", base=kg.base_iri))]
        assert kg.query("ASK { ?a rel:found ?b }") is True
        assert relation_iri("found", base=kg.base_iri).startswith("https://example.org/kg/")
