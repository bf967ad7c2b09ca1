"""kg.store.graph: the Oxigraph-backed knowledge graph, on disk and in memory."""

from __future__ import annotations

import subprocess
import sys
import warnings
from datetime import UTC, datetime

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from kg.errors import FormatError, StoreError, StoreLockedError
from kg.model import DocumentGraph, Triple
from kg.rdf.namespaces import KG
from kg.rdf.quads import document_graph
from kg.rdf.terms import document_iri, entity_iri, relation_iri
from kg.store.formats import names
from kg.store.graph import KnowledgeGraph
from kg.store.locations import DEFAULT_STORE, STORE_ENV, default_store_location
from kg.store.network import to_networkx
from tests.docgraphs import doc_one, doc_two, select_rows

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    location = None if request.param == "memory" else tmp_path / "store"
    with KnowledgeGraph.open(location) as kg:
        yield kg


def labels(kg: KnowledgeGraph) -> set[str]:
    rows = select_rows(kg.query("SELECT DISTINCT ?l WHERE { ?e skos:prefLabel ?l }"))
    return {str(r.l) for r in rows}


# ---------------------------------------------------------------- add / replace / remove


def test_store_add_then_query_documents_and_stats(store):
    assert store.add(doc_one(), generated_at=WHEN) is True
    assert store.add(doc_two(), generated_at=WHEN) is True
    docs = store.documents()
    assert [d["doc_id"] for d in docs] == ["one.txt", "two.txt"]
    assert docs[0]["source"] == "docs/one.txt" and docs[1]["source"] is None
    assert docs[0]["statements"] == 2 and docs[1]["statements"] == 1
    assert docs[0]["iri"] == str(document_iri("one.txt"))
    assert docs[0]["generated_at"] == "2024-05-06T07:08:09+00:00"
    assert sum(d["quads"] for d in docs) == store.stats()["quads"]
    stats = store.stats()
    assert stats["documents"] == 2
    assert stats["entities"] == 4  # Lantern Works is shared by both documents
    assert stats["classes"] == {"Organization": 1, "Person": 2, "Place": 1}
    assert stats["relations"] == 3
    assert stats["statements"] == 3
    assert stats["asserted"] == 2
    assert stats["facts"] == 2
    assert stats["triples"] == len(store) < stats["quads"]  # shared triples count once
    union = Graph()
    for dg in (doc_one(), doc_two()):
        union += document_graph(dg, generated_at=WHEN)
    assert len(store) == len(union)
    assert labels(store) == {"Mara Quill", "Lantern Works", "Brindle", "Tomas Reed"}


def test_store_adding_the_same_document_twice_changes_nothing(store):
    assert store.add(doc_one(), generated_at=WHEN)
    before = len(store)
    documents = store.documents()
    assert store.add(doc_one()) is False  # a later time, same graph
    assert len(store) == before
    assert store.documents() == documents


def test_store_changed_content_replaces_the_document_graph(store):
    store.add(doc_one(), generated_at=WHEN)
    changed = DocumentGraph(
        "one.txt", "Mara Quill sold Lantern Works.",
        [Triple("Mara Quill", "sell", "Lantern Works", "Person", "Organization")],
    )  # fmt: skip
    assert store.add(changed) is True
    assert [d["doc_id"] for d in store.documents()] == ["one.txt"]
    assert store.query("ASK { ?a rel:sell ?b }") is True
    assert store.query("ASK { ?a rel:found ?b }") is False
    assert store.query("ASK { ?s kg:modality ?m }") is False
    assert labels(store) == {"Mara Quill", "Lantern Works"}
    assert len(store) == len(document_graph(changed))


def test_store_replaces_a_document_stored_under_another_base_iri(tmp_path):
    with KnowledgeGraph.open(tmp_path / "s", base_iri="https://a.example/") as kg:
        kg.add(doc_one())
    with KnowledgeGraph.open(tmp_path / "s", base_iri="https://b.example/") as kg:
        assert kg.add(doc_one()) is True
        assert [d["iri"] for d in kg.documents()] == [
            str(document_iri("one.txt", base="https://b.example/"))
        ]
        stale = "ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://a.example/')) }"
        assert kg.query(stale) is False  # gone from the union too


def test_store_remove(store):
    store.add(doc_one())
    store.add(doc_two())
    assert store.remove("one.txt") is True
    assert [d["doc_id"] for d in store.documents()] == ["two.txt"]
    assert labels(store) == {"Lantern Works", "Tomas Reed"}
    assert len(store) == len(document_graph(doc_two()))  # the union lost only one.txt's triples
    assert store.remove("one.txt") is False
    assert store.remove("two.txt") is True
    assert len(store) == 0


def test_store_round_trip_on_disk(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(doc_one(), generated_at=WHEN)
        quads = len(kg)
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        assert len(kg) == quads
        assert kg.add(doc_one()) is False
        assert [d["doc_id"] for d in kg.documents()] == ["one.txt"]


def test_store_union_is_a_set_that_follows_add_replace_and_remove(store):
    # Each document names Lantern Works: its label must match once, not once per document.
    store.add(doc_one())
    store.add(doc_two())
    works = entity_iri("Lantern Works", "Organization")
    rows = store.query(f"SELECT ?l WHERE {{ <{works}> skos:prefLabel ?l }}")
    assert [str(r.l) for r in rows] == ["Lantern Works"]
    store.remove("two.txt")
    assert store.query(f"ASK {{ <{works}> skos:prefLabel ?l }}") is True  # one.txt still has it
    store.add(DocumentGraph("one.txt", "Nothing here."))  # replaced: Lantern Works is gone
    assert store.query(f"ASK {{ <{works}> ?p ?o }}") is False
    assert len(store) == len(document_graph(DocumentGraph("one.txt", "Nothing here.")))


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


# ---------------------------------------------------------------- opening and locking


def test_store_second_open_in_the_same_process_is_locked(tmp_path):
    with KnowledgeGraph.open(tmp_path / "s"), pytest.raises(StoreLockedError, match="locked"):
        KnowledgeGraph.open(tmp_path / "s")
    KnowledgeGraph.open(tmp_path / "s").close()  # closing released the lock


_OPEN_IN_CHILD = """
import sys
from kg.store.graph import KnowledgeGraph
try:
    KnowledgeGraph.open(sys.argv[1]).close()
except Exception as err:
    print(type(err).__name__, err)
else:
    print("opened")
"""


def _open_in_child(path) -> str:
    run = subprocess.run(
        [sys.executable, "-c", _OPEN_IN_CHILD, str(path)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return run.stdout.strip()


def test_store_second_writer_process_gets_store_locked_error(tmp_path):
    path = tmp_path / "s"
    with KnowledgeGraph.open(path):
        assert (
            _open_in_child(path) == f"StoreLockedError store is locked by another process: {path}"
        )
    assert _open_in_child(path) == "opened"


def test_store_read_only(tmp_path):
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.add(doc_one())
    with KnowledgeGraph.open(tmp_path / "s", read_only=True) as kg:
        assert kg.query("ASK { ?a rel:found ?b }") is True
        with pytest.raises(StoreError, match="read-only"):
            kg.add(doc_two())
        with pytest.raises(StoreError, match="read-only"):
            kg.remove("one.txt")
    with pytest.raises(StoreError, match="no store"):
        KnowledgeGraph.open(tmp_path / "missing", read_only=True)


@pytest.mark.parametrize("url", ["http://localhost:7878/query", "https://example.org/sparql"])
def test_store_urls_open_a_remote_store(url):
    from kg.store.sparql import SparqlBackend

    with KnowledgeGraph.open(url, read_only=True) as kg:  # nothing is sent until asked
        assert isinstance(kg.backend, SparqlBackend) and kg.backend.url == url
        assert kg.backend.update_url.endswith("/update")


def test_store_update_url_is_for_remote_stores_only(tmp_path):
    with pytest.raises(StoreError, match="remote stores"):
        KnowledgeGraph.open(tmp_path / "s", update_url="http://localhost:7878/update")


_READ_IN_CHILD = """
import sys
from kg.store.graph import KnowledgeGraph
try:
    with KnowledgeGraph.open(sys.argv[1], read_only=True) as kg:
        rows = kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a kg:Document } }")
        print(rows.rows[0][0])
except Exception as err:
    print(type(err).__name__, err)
"""


def test_store_readers_open_read_only_while_a_writer_holds_the_lock(tmp_path):
    path = tmp_path / "s"
    with KnowledgeGraph.open(path) as writer:
        writer.add(doc_one())
        writer.store.flush()
        assert _open_in_child(path).startswith("StoreLockedError store is locked")
        readers = [
            subprocess.Popen([sys.executable, "-c", _READ_IN_CHILD, str(path)],
                             stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]  # fmt: skip
        outputs = [reader.communicate(timeout=120)[0].strip() for reader in readers]
        assert outputs == ["1", "1"]
        writer.add(doc_two())  # the writer still writes while readers have the store open


def test_store_refuses_a_file_as_location(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("not a store")
    with pytest.raises(StoreError, match="not a store directory"):
        KnowledgeGraph.open(path)


def test_store_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a store directory"):
        KnowledgeGraph.open(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


_ADD_THEN_DIE = """
import os, signal, sys
from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph
kg = KnowledgeGraph.open(sys.argv[1])
kg.add(DocumentGraph("d", "Ann met Bob.", [Triple("Ann", "meet", "Bob", "Person", "Person")]))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_store_keeps_what_a_killed_writer_added(tmp_path):
    path = tmp_path / "s"
    run = subprocess.run([sys.executable, "-c", _ADD_THEN_DIE, str(path)], timeout=120)
    assert run.returncode == -9
    with KnowledgeGraph.open(path) as kg:  # the lock died with the process
        assert [d["doc_id"] for d in kg.documents()] == ["d"]
        assert kg.query("ASK { ?a rel:meet ?b }") is True


def test_store_closed_store_raises():
    kg = KnowledgeGraph.open()
    kg.close()
    with pytest.raises(StoreError, match="closed"):
        len(kg)
    kg.close()  # closing twice is fine


def test_store_invalid_base_iri():
    with pytest.raises(FormatError):
        KnowledgeGraph.open(base_iri="not an iri")


def test_store_default_location(monkeypatch):
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert default_store_location() == DEFAULT_STORE
    monkeypatch.setenv(STORE_ENV, "/tmp/elsewhere")
    assert str(default_store_location()) == "/tmp/elsewhere"


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


# ---------------------------------------------------------------- add_many (the bulk path)


def _many(n: int) -> list[DocumentGraph]:
    return [
        DocumentGraph(f"d{i}.txt", f"text {i}", [
            Triple(f"Person {i}", "meet", f"Person {i + 1}", "Person", "Person",
                   sentence=f"Person {i} met Person {i + 1}.", sentence_end=30, end=29),
            Triple(f"Person {i}", "visit", "Brindle", "Person", "Place", modality="may")])
        for i in range(n)
    ]  # fmt: skip


def test_store_add_many_bulk_path_equals_one_add_per_document(tmp_path, monkeypatch):
    import kg.store.oxigraph
    import kg.store.writes

    monkeypatch.setattr(kg.store.writes, "BATCH_QUADS", 600)  # several batches ...
    monkeypatch.setattr(kg.store.oxigraph, "BULK_QUADS", 100)  # ... each through the bulk loader
    docs = _many(12)
    with (
        KnowledgeGraph.open(tmp_path / "bulk") as bulk,
        KnowledgeGraph.open(tmp_path / "one") as one,
    ):
        assert bulk.add_many(docs, generated_at=WHEN) == 12
        assert [one.add(d, generated_at=WHEN) for d in docs] == [True] * 12
        assert bulk.documents() == one.documents()
        assert bulk.stats() == one.stats()
        assert bulk.add_many(docs) == 0  # unchanged: skipped
        changed = DocumentGraph("d3.txt", "new text", [Triple("Zed", "sell", "Brindle")])
        assert bulk.add_many([changed, docs[5]]) == 1  # one replaced, one skipped
        assert bulk.query("ASK { GRAPH ?g { ?a rel:sell ?b } }") is True
        assert len(bulk.documents()) == 12


def test_store_add_many_same_document_twice_in_a_batch_keeps_the_last(store):
    first, second = DocumentGraph("d.txt", "one"), DocumentGraph("d.txt", "two")
    assert store.add_many([first, second]) == 2
    (doc,) = store.documents()
    content_hash = document_graph(second).value(URIRef(doc["iri"]), KG.contentHash)
    assert isinstance(content_hash, Literal)
    assert doc["content_hash"] == content_hash.toPython()


def test_store_a_graph_without_its_hash_is_replaced_not_skipped(store):
    # What a bulk load cut short leaves: quads, but no kg:graphHash (written last).
    dg = doc_one()
    store.add(dg, generated_at=WHEN)
    store.query("DELETE WHERE { GRAPH ?g { ?g kg:graphHash ?h } }", allow_update=True)
    assert store.add(dg, generated_at=WHEN) is True
    assert store.documents()[0]["graph_hash"]
    assert store.add(dg) is False
