"""kg.view.stored: views read from the part of the store they draw equal the whole-graph views.

Each case draws one view twice: from the store (``select_stored``: SPARQL over
what the view names) and from the whole graph's networkx view (``network_of``,
then ``kg.view.select``), and compares nodes, edges, attributes, title,
description, focus and errors.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest

import kg.store.reader
import kg.store.subgraph
import kg.view.whole
from kg.errors import KGError
from kg.model import DocumentGraph, Entity, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.names import NameIndex, find_entities, suggest
from kg.view.drawing import network_of, page, select, view_html
from kg.view.select import View, select_view
from kg.view.stored import select_stored
from kg.view.whole import WholeParts
from tests.docgraphs import doc_one, doc_two, timed_doc
from tests.view.graphs import HOSTILE, parse_page
from tests.view.harbour import HARBOUR, SELECT_SPO, harbour_docs

FILTERS = [
    {"include_hedged": True, "min_confidence": 0.0},
    {"include_hedged": False, "min_confidence": 0.0},
    {"include_hedged": True, "min_confidence": 0.6},
    {"include_hedged": False, "min_confidence": 0.95},
]


def _docs() -> list[DocumentGraph]:
    return [*harbour_docs(), doc_one(), doc_two(), timed_doc()]


@pytest.fixture(scope="module")
def graph():
    with KnowledgeGraph.open() as g:
        for dg in _docs():
            g.add(dg)
        yield g


def _whole(graph: KnowledgeGraph, options: dict[str, Any], **selection: Any) -> View:
    """Today's path: the whole graph's networkx view, then a selection of it."""
    network = network_of(graph, **options)
    query = selection.pop("query", None)
    return select_view(
        network,
        query_result=None if query is None else graph.query(query),
        documents=[d["doc_id"] for d in graph.documents()] if "doc" in selection else None,
        prefixes=graph.prefixes,
        **selection,
    )


def _edges(g: nx.MultiDiGraph) -> list[tuple[Any, ...]]:
    return sorted(((u, v, k, sorted(d.items())) for u, v, k, d in g.edges(keys=True, data=True)))


def assert_same(stored: View | None, whole: View) -> None:
    assert stored is not None
    assert dict(stored.graph.nodes(data=True)) == dict(whole.graph.nodes(data=True))
    assert _edges(stored.graph) == _edges(whole.graph)
    assert (stored.title, stored.description, stored.focus) == (
        whole.title,
        whole.description,
        whole.focus,
    )


@pytest.mark.parametrize("options", FILTERS)
@pytest.mark.parametrize("hops", [0, 1, 2])
@pytest.mark.parametrize(
    "name", ["Mira Halvorsen", "halvorsen", "NPA", "Northgate", "Lantern Works", "Aalto Stadium"]
)
def test_stored_entity_view_equals_the_whole_graph_view(graph, name, hops, options):
    try:
        whole = _whole(graph, options, entity=name, hops=hops)
    except KGError as exc:  # not in this filtered view: the same error, the same suggestions
        with pytest.raises(KGError) as error:
            select_stored(graph, entity=name, hops=hops, **options)
        # the store suggests its own close names, not only those the filtered view kept
        assert str(error.value).startswith(f"no entity named {name!r}")
        assert options != FILTERS[0], exc
        return
    stored = select_stored(graph, entity=name, hops=hops, **options)
    assert_same(stored, whole)
    assert stored is not None and stored.graph.number_of_nodes() > 0


@pytest.mark.parametrize("options", FILTERS)
@pytest.mark.parametrize("doc", [HARBOUR, "harbour.txt", "minutes.txt", "one.txt", "times.txt"])
def test_stored_document_view_equals_the_whole_graph_view(graph, doc, options):
    assert_same(select_stored(graph, doc=doc, **options), _whole(graph, options, doc=doc))


def test_stored_document_view_with_an_entity(graph):
    options = FILTERS[0]
    selection: dict[str, Any] = {"doc": "harbour.txt", "entity": "Halvorsen", "hops": 1}
    assert_same(select_stored(graph, **selection), _whole(graph, options, **selection))


@pytest.mark.parametrize("doc", ["harbor.txt", "nothing-like-it", "txt"])
def test_stored_unknown_document_errors_as_the_whole_graph_view(graph, doc):
    with pytest.raises(KGError) as whole:
        _whole(graph, FILTERS[0], doc=doc)
    with pytest.raises(KGError) as stored:
        select_stored(graph, doc=doc)
    assert str(stored.value) == str(whole.value)


@pytest.mark.parametrize("options", FILTERS[:2])
def test_stored_query_view_equals_the_whole_graph_view(graph, options):
    assert_same(
        select_stored(graph, query=SELECT_SPO, **options),
        _whole(graph, options, query=SELECT_SPO),
    )


def test_stored_typo_suggests_the_close_names(graph):
    with pytest.raises(KGError) as whole:
        _whole(graph, FILTERS[0], entity="Mira Halvorson")
    with pytest.raises(KGError) as stored:
        select_stored(graph, entity="Mira Halvorson")
    assert str(stored.value) == str(whole.value)
    assert "did you mean: Mira Halvorsen" in str(stored.value)
    assert suggest(graph, "lantern wrks")[0] == "Lantern Works"


def test_stored_negative_hops_is_refused(graph):
    with pytest.raises(ValueError, match="hops"):
        select_stored(graph, entity="Mira Halvorsen", hops=-1)


def test_stored_whole_graph_is_not_a_stored_view(graph):
    assert select_stored(graph) is None


def test_names_find_entities_by_label_alias_or_iri(graph):
    (mira,) = find_entities(graph, "m.  HALVORSEN")
    assert find_entities(graph, mira) == [mira]
    assert len(find_entities(graph, "Halvorsen")) == 2  # Mira and Per
    with pytest.raises(KGError, match="no entity named 'Nobody At All'"):
        find_entities(graph, "Nobody At All")


def test_name_index_bound_keeps_every_difflib_match():
    """The character-count bound in front of difflib drops no name difflib would keep."""
    import difflib
    import random

    rng = random.Random(5)
    letters = "abcdefghij kl"
    names = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    index = NameIndex(names)
    for _ in range(40):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        key = " ".join(word.split())
        expected = difflib.get_close_matches(key, index.folds, n=5, cutoff=0.6)
        assert difflib.get_close_matches(key, index._plausible(key), n=5, cutoff=0.6) == expected
        assert len(index._plausible(key)) <= len(index.folds)


def _chain_docs(n: int) -> list[DocumentGraph]:
    """``n`` documents of statements between entities unrelated to the harbour."""
    return [
        DocumentGraph(
            f"chain-{i}.txt",
            "",
            [
                Triple(f"Walker {i} {j}", "meet", f"Walker {i} {j + 1}", "Person", "Person")
                for j in range(10)
            ],
        )
        for i in range(n)
    ]


def test_stored_entity_view_reads_only_its_part(monkeypatch):
    """One entity's view reads the statements around it, not the whole graph."""
    readers: list[Any] = []
    real = kg.store.reader.reader

    def counting(graph):
        made = real(graph)
        readers.append(made)
        return made

    monkeypatch.setattr(kg.store.subgraph, "reader", counting)
    with KnowledgeGraph.open() as g:
        g.add_many([*harbour_docs(), *_chain_docs(40)])
        statements = g.stats()["statements"]
        view = select_stored(g, entity="Mira Halvorsen", hops=1)
    assert view is not None
    assert not [d for _, d in view.graph.nodes(data=True) if "Walker" in d["label"]]
    read = sum(r.rows_read for r in readers)
    assert statements > 400
    assert 0 < read < statements / 4


def test_stored_hostile_labels_stay_text():
    docs = [
        DocumentGraph(
            f"h{i}.txt",
            text,
            [
                Triple(
                    text, "meet", HOSTILE[(i + 1) % len(HOSTILE)], "Person", "Person", sentence=text
                )
            ],
            {(text, "Person"): Entity(text, "Person", {text + " alias"})},
        )
        for i, text in enumerate(HOSTILE)
    ]
    with KnowledgeGraph.open() as g:
        for dg in docs:
            g.add(dg)
        for text in HOSTILE:
            assert_same(select_stored(g, entity=text), _whole(g, FILTERS[0], entity=text))
            assert_same(
                select_stored(g, entity=text + " alias"),
                _whole(g, FILTERS[0], entity=text + " alias"),
            )
        html = page(g, entity=HOSTILE[0])
    assert "<script>alert(1)</script>" not in html  # escaped everywhere, the JSON data too
    assert parse_page(html).h1 == f"{HOSTILE[0]}: 1 hop"


@pytest.mark.network
def test_stored_views_over_a_remote_store_equal_the_local_ones(oxigraph_server):
    with KnowledgeGraph.open(oxigraph_server) as remote, KnowledgeGraph.open() as local:
        remote.query("DROP ALL", allow_update=True)
        for dg in _docs():
            remote.add(dg)
            local.add(dg)
        for selection in (
            {"entity": "Mira Halvorsen", "hops": 2},
            {"entity": "Aalto Stadium", "hops": 1},
            {"doc": "harbour.txt"},
            {"entity": "mira halvorson"},
        ):
            try:
                expected = select_stored(local, **selection)
            except KGError as exc:
                with pytest.raises(KGError) as got:
                    select_stored(remote, **selection)
                assert str(got.value) == str(exc)
                continue
            assert_same(select_stored(remote, **selection), expected)  # type: ignore[arg-type]
        for hedged in (True, False):  # the whole view, read in parts over SPARQL
            for max_nodes in (3, 500):
                expected_page = page(local, include_hedged=hedged, max_nodes=max_nodes)
                assert page(remote, include_hedged=hedged, max_nodes=max_nodes) == expected_page


PAGE_SELECTIONS: list[dict[str, Any]] = [
    {},  # the whole view
    {"entity": "Mira Halvorsen", "hops": 1},
    {"entity": "Mira Halvorsen", "hops": 2},
    {"entity": "Aalto Stadium", "hops": 1},
    {"doc": "harbour.txt"},
    {"doc": "times.txt"},
    {"doc": "harbour.txt", "entity": "Halvorsen", "hops": 1},
]


@pytest.mark.parametrize("max_nodes", [2, 4, 500])
@pytest.mark.parametrize("include_hedged", [True, False])
@pytest.mark.parametrize("selection", PAGE_SELECTIONS)
def test_stored_page_equals_the_whole_graph_page(graph, selection, include_hedged, max_nodes):
    """A page drawn from an outline (filled only for what it draws) is the full view's page:
    the cap (a hub just outside it), the reserve, neighbour counts, hedged statements."""
    options = {"include_hedged": include_hedged, "min_confidence": 0.0}
    try:
        whole = _whole(graph, options, **selection)
    except KGError:
        assert not include_hedged  # an entity only hedged statements name
        return
    stored = select(graph, **selection, **options)
    # drawn from an outline, or (the whole view) from parts
    assert stored.fill is not None or isinstance(stored.outline, WholeParts)
    for rank in ("degree", "pagerank"):
        expected = view_html(whole, max_nodes=max_nodes, rank=rank)
        assert view_html(stored, max_nodes=max_nodes, rank=rank) == expected


def test_stored_page_fills_only_what_it_draws(graph):
    asked: list[set[Any]] = []
    parts = WholeParts(graph)
    cut_of = parts.cut

    def counting(options):
        cut = cut_of(options)
        assert cut is not None

        def fill(nodes):
            asked.append(set(nodes))
            return cut.fill(nodes)

        return replace(cut, fill=fill)

    parts.cut = counting  # type: ignore[method-assign]
    html = view_html(View(parts), max_nodes=2, reserve=1)
    assert html == view_html(_whole(graph, FILTERS[0]), max_nodes=2, reserve=1)
    [drawn] = asked
    assert len(drawn) == 3 < network_of(graph).number_of_nodes()


def test_whole_page_names_only_the_nodes_it_ranks_to(graph, monkeypatch):
    """The ranking is read degree by degree: the names of nodes below the last degree
    drawn are not read (and the page is still the whole view's)."""
    monkeypatch.setattr(kg.view.whole, "NAME_BATCH", 1)  # name one degree at a time
    parts = WholeParts(graph)
    html = view_html(View(parts), max_nodes=2, reserve=0)
    assert html == view_html(_whole(graph, FILTERS[0]), max_nodes=2, reserve=0)
    bones = parts._skeleton()
    assert bones is not None
    named = set(bones._named)
    lowest = min(bones.degree[n] for n in named)
    assert named == {n for n, d in bones.degree.items() if d >= lowest}
    assert len(named) < len(bones.order)


SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _literal_quads() -> list[ox.Quad]:
    """A store from elsewhere whose statements end in literals: Ann knows Bob, "forty" and
    42; Cy knows "forty" too (to_networkx makes one node of that text, joining them)."""
    from kg.rdf.namespaces import KG

    def iri(name: str) -> ox.NamedNode:
        return ox.NamedNode(name if ":" in name else "http://example.org/" + name)

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    doc = iri("doc")
    quads = []
    for person, label in (("ann", "Ann"), ("cy", "Cy")):
        quads += [
            ox.Quad(iri(person), iri(rdf + "type"), iri(str(KG.Person)), doc),
            ox.Quad(iri(person), iri(SKOS_PREF), ox.Literal(label), doc),
        ]
    ends: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        ("ann", iri("bob")), ("ann", ox.Literal("forty")),
        ("ann", ox.Literal("42", datatype=XSD_INT)), ("cy", ox.Literal("forty")),
    ]  # fmt: skip
    for i, (subject, end) in enumerate(ends):
        st = iri(f"st{i}")
        quads += [
            ox.Quad(st, iri(rdf + "type"), iri(str(KG.Statement)), doc),
            ox.Quad(st, iri(rdf + "subject"), iri(subject), doc),
            ox.Quad(st, iri(rdf + "predicate"), iri("knows"), doc),
            ox.Quad(st, iri(rdf + "object"), end, doc),
            ox.Quad(st, iri(str(KG.asserted)), ox.Literal("true", datatype=XSD_BOOLEAN), doc),
        ]
    return quads


def test_whole_page_of_statements_ending_in_literals_reads_the_whole_outline():
    """A store whose statements end in a literal (imported RDF) has no skeleton: the page
    comes from the whole outline, equal to the networkx view's."""
    quads = _literal_quads()
    with KnowledgeGraph.open() as store:
        store.backend.store.extend(quads)
        parts = WholeParts(store)
        assert parts.cut({"max_nodes": 2}) is None
        expected = view_html(_whole(store, FILTERS[0]), max_nodes=2)
        assert view_html(View(parts), max_nodes=2) == expected
        assert "forty" in expected


@pytest.mark.parametrize("options", FILTERS)
@pytest.mark.parametrize("hops", [0, 1, 2])
def test_entity_view_through_a_literal_end_equals_the_whole_graph_view(hops, options):
    """A neighbourhood that reaches a literal's text (which no lookup of IRIs finds) is
    the whole view's; it was an error, reading the text as an IRI."""
    with KnowledgeGraph.open() as store:
        store.backend.store.extend(_literal_quads())
        for name in ("Ann", "Cy"):
            whole = _whole(store, options, entity=name, hops=hops)
            assert_same(select_stored(store, entity=name, hops=hops, **options), whole)
            if hops == 2 and options["min_confidence"] == 0:  # through "forty"
                assert {"http://example.org/ann", "http://example.org/cy"} <= set(whole.graph)


@pytest.mark.parametrize("include_hedged", [True, False])
def test_whole_outline_is_the_whole_view_without_attributes(graph, include_hedged):
    full = network_of(graph, include_hedged=include_hedged)
    outline, fill = kg.store.subgraph.whole_outline(graph, include_hedged=include_hedged)
    assert list(outline) == list(full)  # the same order: the page's edge order follows it
    assert list(outline.edges(keys=True)) == list(full.edges(keys=True))
    for node, attrs in outline.nodes(data=True):
        assert attrs == {**full.nodes[node], "events": []}
    assert not any(d for *_, d in outline.edges(data=True))
    filled = fill(list(outline))
    assert dict(filled.nodes(data=True)) == dict(full.nodes(data=True))
    assert _edges(filled) == _edges(full)


def test_stored_outline_keeps_the_node_order_of_the_whole_view(graph):
    for selection in PAGE_SELECTIONS[1:]:
        whole = _whole(graph, FILTERS[0], **selection)
        stored = select_stored(graph, **selection)
        assert stored is not None
        assert isinstance(stored.outline, nx.MultiDiGraph)
        assert list(stored.outline) == list(whole.graph)
        assert list(stored.outline.edges(keys=True)) == list(whole.graph.edges(keys=True))


@pytest.fixture
def kept_skeleton(graph, monkeypatch):
    """``graph``'s skeletons kept, as for a read-only store drawn whole before (its
    neighbourhoods are then read from them: ``neighbourhood_outline`` fails if called)."""
    import kg.store.skeleton as skeleton

    monkeypatch.setitem(
        skeleton._CACHE, graph, {h: skeleton._read(graph, h) for h in (True, False)}
    )

    def refused(*_: Any, **__: Any) -> Any:
        raise AssertionError("read from the store, not from the kept skeleton")

    monkeypatch.setattr(kg.store.subgraph, "neighbourhood_outline", refused)


@pytest.mark.parametrize("include_hedged", [True, False])
@pytest.mark.parametrize("hops", [0, 1, 2])
@pytest.mark.parametrize("name", ["Mira Halvorsen", "NPA", "Northgate", "Aalto Stadium"])
def test_entity_view_from_a_kept_skeleton_equals_the_whole_graph_view(
    graph, kept_skeleton, name, hops, include_hedged
):
    options = {"include_hedged": include_hedged, "min_confidence": 0.0}
    try:
        whole = _whole(graph, options, entity=name, hops=hops)
    except KGError:
        with pytest.raises(KGError, match=f"no entity named {name!r}"):
            select_stored(graph, entity=name, hops=hops, **options)
        assert not include_hedged
        return
    stored = select_stored(graph, entity=name, hops=hops, **options)
    assert_same(stored, whole)
    assert stored is not None and isinstance(stored.outline, nx.MultiDiGraph)
    assert list(stored.outline) == list(whole.graph)  # the page's edge order follows it
    for max_nodes in (2, 500):
        expected = view_html(whole, max_nodes=max_nodes)
        assert view_html(stored, max_nodes=max_nodes) == expected


def test_entity_view_with_a_confidence_floor_is_read_beside_a_kept_skeleton(graph, monkeypatch):
    """The skeleton holds no confidences: a floored view is read from the store."""
    import kg.store.skeleton as skeleton

    monkeypatch.setitem(skeleton._CACHE, graph, {True: skeleton._read(graph, True)})
    options: dict[str, Any] = {"include_hedged": True, "min_confidence": 0.6}
    stored = select_stored(graph, entity="Mira Halvorsen", hops=2, **options)
    assert_same(stored, _whole(graph, options, entity="Mira Halvorsen", hops=2))


@pytest.mark.parametrize("value", ["yes", "2"])
def test_stored_document_view_reads_asserted_as_the_whole_view_does(value):
    """``kg:asserted`` of another type than xsd:boolean (a store from elsewhere) counts as
    the whole view's FILTER counts it: by its effective boolean value."""
    import pyoxigraph as ox

    from kg.rdf import vocabulary as v

    datatype = "string" if value == "yes" else "integer"
    with KnowledgeGraph.open() as g:
        g.add(doc_one())
        store = g.backend.store
        for quad in list(store.quads_for_pattern(None, v.ASSERTED, None, None)):
            store.remove(quad)
            odd = ox.Literal(
                value, datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{datatype}")
            )
            store.add(ox.Quad(quad.subject, v.ASSERTED, odd, quad.graph_name))
        whole = _whole(g, {"include_hedged": False}, doc="one.txt")
        assert whole.graph.number_of_edges() > 0
        assert_same(select_stored(g, doc="one.txt", include_hedged=False), whole)
