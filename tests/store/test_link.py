"""kg.store.link: a one-word name links to a full name in another document only when unambiguous."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib.resources import files

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

import kg
from kg.io import Document
from kg.model import DocumentGraph, Entity, Triple
from kg.rdf.namespaces import KG, NIF
from kg.rdf.quads import document_graph
from kg.rdf.terms import document_iri, entity_iri
from kg.run.documents import extract_documents
from kg.store.graph import KnowledgeGraph
from kg.store.link import STORE_ALIAS, link_candidates, relabel
from tests.docgraphs import bare, full, select_rows

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
LISE, WALTER = entity_iri("Lise Meitner", "Person"), entity_iri("Walter Meitner", "Person")
BARE = entity_iri("Meitner", "Person")


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    location = None if request.param == "memory" else tmp_path / "store"
    with KnowledgeGraph.open(location) as graph:
        yield graph


def subject_of_win(graph: KnowledgeGraph, doc_id: str = "b.txt") -> URIRef:
    doc = document_iri(doc_id)
    (row,) = select_rows(
        graph.query(
            f"SELECT ?s WHERE {{ GRAPH <{doc}> {{ ?st rdf:predicate rel:win ; rdf:subject ?s }} }}"
        )
    )
    return URIRef(str(row.s))


def merges(graph: KnowledgeGraph, doc_id: str) -> set[tuple[str, str, str, int]]:
    doc = document_iri(doc_id)
    rows = select_rows(
        graph.query(
            f"SELECT ?e ?alias ?rule ?begin WHERE {{ GRAPH <{doc}> {{ ?m a kg:Merge ; "
            "kg:entity ?e ; kg:alias ?alias ; kg:rule ?rule ; nif:beginIndex ?begin } }"
        )
    )
    return {(str(r.e), str(r.alias), str(r.rule), int(r.begin)) for r in rows}


# ---------------------------------------------------------------- the rule


def test_link_bare_surname_joins_the_one_full_name_in_the_store(store):
    assert store.add(full("a.txt", "Lise"), generated_at=WHEN)
    assert store.add(bare(), generated_at=WHEN)
    assert subject_of_win(store) == LISE
    assert store.query(f"ASK {{ <{BARE}> ?p ?o }}") is False  # no "Meitner" node at all
    doc = document_iri("b.txt")
    labels = f"<{LISE}> skos:prefLabel 'Lise Meitner' ; skos:altLabel 'Meitner'"
    assert store.query(f"ASK {{ GRAPH <{doc}> {{ {labels} }} }}")
    assert merges(store, "b.txt") == {(str(LISE), "Meitner", STORE_ALIAS, 0)}
    second = full("a.txt", "Lise").mentions[1].start
    assert merges(store, "a.txt") == {(str(LISE), "Meitner", "surname", second)}


def test_link_in_one_batch_sees_the_documents_before_it(store):
    assert store.add_many([full("a.txt", "Lise"), bare()], generated_at=WHEN) == 2
    assert subject_of_win(store) == LISE
    with KnowledgeGraph.open() as one_by_one:
        one_by_one.add(full("a.txt", "Lise"), generated_at=WHEN)
        one_by_one.add(bare(), generated_at=WHEN)
        assert one_by_one.documents() == store.documents()  # the same graphs, same hashes


@pytest.mark.parametrize("batched", [False, True])
def test_link_two_people_with_that_alias_is_no_link(store, batched):
    docs = [full("a.txt", "Lise"), full("w.txt", "Walter"), bare()]
    if batched:
        store.add_many(docs, generated_at=WHEN)
    else:
        for dg in docs:
            store.add(dg, generated_at=WHEN)
    assert subject_of_win(store) == BARE
    assert merges(store, "b.txt") == set()
    assert store.query(f"ASK {{ <{BARE}> skos:prefLabel 'Meitner' }}") is True


@pytest.mark.parametrize(
    "first",
    [
        pytest.param(lambda: bare("c.txt"), id="a Person named so"),
        pytest.param(lambda: bare("c.txt", type_="Place"), id="a Place named so"),
    ],
)
def test_link_an_entity_named_so_in_the_store_is_no_link(store, first):
    store.add_many([first(), full("a.txt", "Lise"), bare()], generated_at=WHEN)
    assert subject_of_win(store) == BARE


def test_link_only_the_same_class_and_one_word_names(store):
    store.add(full("a.txt", "Lise"), generated_at=WHEN)
    store.add(bare(type_="Organization"), generated_at=WHEN)  # Meitner the firm: no person
    assert subject_of_win(store) == entity_iri("Meitner", "Organization")
    assert link_candidates(bare(name="Lise M.")) == []  # two words
    assert link_candidates(bare(type_="Place")) == []
    assert link_candidates(bare()) == [("Meitner", "Person")]


def test_link_organisation_short_name():
    nordvik = DocumentGraph(
        "n.txt", "Nordvik Shipping hired Ann. Nordvik grew.",
        [Triple("Nordvik Shipping", "hire", "Ann", "Organization", "Person")],
        {("Nordvik Shipping", "Organization"): Entity("Nordvik Shipping", "Organization",
                                                       {"Nordvik"})},
    )  # fmt: skip
    with KnowledgeGraph.open() as store:
        store.add_many([nordvik, bare(name="Nordvik", type_="Organization")])
        assert subject_of_win(store) == entity_iri("Nordvik Shipping", "Organization")


def organisation(doc_id: str, name: str, alias: str) -> DocumentGraph:
    return DocumentGraph(
        doc_id, f"{name} ({alias}) hired Ann.",
        [Triple(name, "hire", "Ann", "Organization", "Person")],
        {(name, "Organization"): Entity(name, "Organization", {alias})},
    )  # fmt: skip


def with_alias(dg: DocumentGraph, alias: str) -> DocumentGraph:
    """``dg`` with one more alias on its (first) entity, as if a rule had merged it."""
    next(iter(dg.entities.values())).aliases.add(alias)
    return dg


@pytest.mark.parametrize(
    "first, second, linked",
    [
        pytest.param(organisation("k.txt", "Kaiser Wilhelm Institute", "KWI"),
                     bare(name="KWI", type_="Organization"), "Kaiser Wilhelm Institute",
                     id="acronym"),
        pytest.param(organisation("c.txt", "Congress of the International", "Congress"),
                     bare(name="Congress", type_="Organization"), None, id="head of X of Y"),
        pytest.param(organisation("u.txt", "University of Turku", "University"),
                     bare(name="University", type_="Organization"), None, id="University of"),
        pytest.param(with_alias(full("a.txt", "Lise"), "Lise"), bare(name="Lise"), None,
                     id="given name"),
        pytest.param(with_alias(full("k.txt", "Martin Luther", "King Jr."), "King"),
                     bare(name="King"), "Martin Luther King Jr.", id="surname before a suffix"),
    ],
)  # fmt: skip
def test_link_only_short_forms_of_the_full_name(first, second, linked):
    with KnowledgeGraph.open() as store:
        store.add_many([first, second])
        (name, type_) = next(iter(second.entities))
        assert subject_of_win(store) == entity_iri(linked or name, type_)


def test_link_the_document_itself_only_vetoes(store):
    # The extractor kept "Meitner" apart from its own "Walter Meitner": no link to Lise.
    dg = bare()
    dg.entities[("Walter Meitner", "Person")] = Entity("Walter Meitner", "Person", {"Meitner"})
    store.add(full("a.txt", "Lise"), generated_at=WHEN)
    store.add(dg, generated_at=WHEN)
    assert subject_of_win(store) == BARE
    # Nor does a document link to its own full name: the store has none.
    with KnowledgeGraph.open() as empty:
        own = bare()
        own.entities[("Lise Meitner", "Person")] = Entity("Lise Meitner", "Person", {"Meitner"})
        empty.add(own)
        assert subject_of_win(empty) == BARE


def test_link_is_idempotent_and_a_changed_document_is_not_its_own_obstacle(store):
    store.add_many([full("a.txt", "Lise"), bare()], generated_at=WHEN)
    assert store.add(bare()) is False  # same graph: nothing written
    assert store.add_many([bare()]) == 0
    changed = bare()
    changed.text += " Really."
    assert store.add(changed, generated_at=WHEN) is True
    assert subject_of_win(store) == LISE


def test_link_can_be_turned_off_and_leaves_the_input_alone(store):
    store.add(full("a.txt", "Lise"), generated_at=WHEN)
    dg = bare()
    store.add(dg, generated_at=WHEN, link_aliases=False)
    assert subject_of_win(store) == BARE
    assert list(dg.entities) == [("Meitner", "Person")] and dg.triples[0].subject == "Meitner"
    store.add(dg, generated_at=WHEN)
    assert subject_of_win(store) == LISE
    assert dg.mentions[0].entity == "Meitner" and dg.mentions[0].via == "name"


def test_link_hostile_names_are_escaped():
    hostile = 'Meitner"}}>'
    with KnowledgeGraph.open() as store:
        store.add(full("a.txt", "Lise", surname=hostile))
        store.add(bare(name=hostile))
        assert subject_of_win(store) == entity_iri(f"Lise {hostile}", "Person")


def test_link_relabel_renames_entities_triples_and_mentions():
    dg = bare()
    dg.entities[("Lise Meitner", "Person")] = Entity("Lise Meitner", "Person", {"L. Meitner"})
    linked = relabel(dg, {("Meitner", "Person"): "Lise Meitner"})
    assert list(linked.entities) == [("Lise Meitner", "Person")]
    assert linked.entities[("Lise Meitner", "Person")].aliases == {"L. Meitner", "Meitner"}
    assert linked.triples[0].subject == "Lise Meitner"
    assert [(m.text, m.entity, m.via) for m in linked.mentions] == [
        ("Meitner", "Lise Meitner", STORE_ALIAS),
        ("She", "Lise Meitner", "pronoun"),
    ]
    g = document_graph(linked, generated_at=WHEN)
    (merge,) = g.subjects(RDF.type, KG.Merge)
    assert g.value(merge, KG.rule) == Literal(STORE_ALIAS)
    assert g.value(merge, NIF.beginIndex) == Literal(0)
    assert g.value(merge, DCTERMS.isPartOf) == document_iri("b.txt")
    assert (LISE, SKOS.altLabel, Literal("Meitner")) in g


# ---------------------------------------------------------------- real documents


A_TEXT = "Lise Meitner was an Austrian physicist. Meitner worked in Berlin with Otto Hahn."
W_TEXT = "Walter Meitner was a chemist. Meitner lived in Graz."
B_TEXT = "In 1945, Meitner won a prize."


def _meitner_of_b(graph: KnowledgeGraph) -> set[str]:
    (b,) = [d["iri"] for d in graph.documents() if d["doc_id"] == "b.txt"]
    rows = select_rows(
        graph.query(f"SELECT ?e WHERE {{ GRAPH <{b}> {{ ?e a kg:Person ; skos:prefLabel ?l }} }}")
    )
    return {str(r.e) for r in rows}


@pytest.mark.model
def test_link_build_links_a_bare_surname_to_the_other_documents_person(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(A_TEXT, encoding="utf-8")
    (docs / "b.txt").write_text(B_TEXT, encoding="utf-8")
    with kg.build([docs / "a.txt", docs / "b.txt"], n_process=1) as graph:
        (b,) = [d["iri"] for d in graph.documents() if d["doc_id"].endswith("b.txt")]
        rows = select_rows(graph.query(f"SELECT ?e WHERE {{ GRAPH <{b}> {{ ?e a kg:Person }} }}"))
        assert {str(r.e) for r in rows} == {str(LISE)}


@pytest.mark.model
def test_link_build_with_two_people_of_that_surname_keeps_meitner_apart():
    with kg.open() as graph:
        graph.add_many(extract_documents(
            [Document("a.txt", A_TEXT), Document("w.txt", W_TEXT),
             Document("b.txt", B_TEXT)], n_process=1,
        ))  # fmt: skip
        assert _meitner_of_b(graph) == {str(BARE)}
        assert {str(LISE), str(WALTER)} <= {
            str(r.e) for r in select_rows(graph.query("SELECT ?e WHERE { ?e a kg:Person }"))
        }


@pytest.mark.model
def test_link_why_merged_sample_query_explains_the_merges():
    sample = files("kg").joinpath("samples", "why-merged.rq").read_text(encoding="utf-8")
    assert re.search(r'VALUES \?entity \{ "[^"]+" \}', sample)
    sparql = re.sub(r'VALUES \?entity \{ "[^"]+" \}', 'VALUES ?entity { "Lise Meitner" }', sample)
    documents = [Document("a.txt", A_TEXT), Document("b.txt", B_TEXT)]
    with kg.open() as graph:
        graph.add_many(extract_documents(documents, n_process=1))
        result = select_rows(graph.query(sparql))
        rows = [{k: str(v) for k, v in row.asdict().items()} for row in result]
    assert result.vars == ["entity", "alias", "rule", "count", "document", "sentence"]
    assert rows == [
        {"entity": "Lise Meitner", "alias": "Meitner", "rule": "surname", "count": "1",
         "document": "a.txt", "sentence": "Meitner worked in Berlin with Otto Hahn."},
        {"entity": "Lise Meitner", "alias": "Meitner", "rule": STORE_ALIAS, "count": "1",
         "document": "b.txt", "sentence": B_TEXT},
    ]  # fmt: skip
