"""kg.store.facts_file: the statements' rows kept beside a store answer exactly as the
store does, only for the store they were read from; anything else is read around."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

import kg.store.facts_file as facts_file
from kg.rdf import vocabulary as v
from kg.store.described import statement_rows
from kg.store.graph import KnowledgeGraph
from kg.store.oxigraph import store_signature
from kg.store.reader import reader
from kg.view.drawing import page
from tests.docgraphs import doc_one, doc_two, timed_doc

FILE = facts_file.NAME
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _statements(graph: KnowledgeGraph) -> list[str]:
    found = graph._select("SELECT DISTINCT ?st WHERE { GRAPH ?g { ?st a kg:Statement } }")
    return sorted(str(row["st"]) for row in found)


def _odd_quads(store: ox.Store) -> None:
    """What a store from elsewhere may hold: a statement in two graphs, a relation with
    two labels, statements asserted by a number and by a word, one with no sentence."""
    quads = [
        q
        for q in store.quads_for_pattern(None, v.TYPE, v.STATEMENT, None)
        if isinstance(q.graph_name, ox.NamedNode)
    ]
    quads.sort(key=lambda q: (str(q.subject), str(q.graph_name)))
    first, second, third = quads[0], quads[1], quads[2]
    other = ox.NamedNode("urn:x-test:copy")
    store.extend(
        ox.Quad(q.subject, q.predicate, q.object, other)
        for q in store.quads_for_pattern(first.subject, None, None, first.graph_name)
    )
    relation = next(store.quads_for_pattern(first.subject, v.PREDICATE, None, first.graph_name))
    assert isinstance(relation.object, ox.NamedNode)
    store.add(ox.Quad(relation.object, v.LABEL, ox.Literal("second label"), other))
    for quad, value in ((second, ox.Literal("1", datatype=ox.NamedNode(_XSD + "integer"))),
                        (third, ox.Literal("yes"))):  # fmt: skip
        for old in list(store.quads_for_pattern(quad.subject, v.ASSERTED, None, quad.graph_name)):
            store.remove(old)
        store.add(ox.Quad(quad.subject, v.ASSERTED, value, quad.graph_name))
    for old in list(store.quads_for_pattern(third.subject, v.DERIVED_FROM, None, third.graph_name)):
        store.remove(old)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(doc_one())
        graph.add(doc_two())
        graph.add(timed_doc())
        _odd_quads(graph.backend.store)
    return path


def _kept(path: Path) -> int | None:
    with KnowledgeGraph.open(path, read_only=True) as graph:
        return facts_file.keep(graph)


def _pages(path: Path) -> list[str]:
    with KnowledgeGraph.open(path, read_only=True) as graph:
        return [
            page(graph),
            page(graph, include_hedged=False),
            page(graph, entity="Lantern Works", hops=2),
            page(graph, doc="one.txt"),
            page(graph, doc="times.txt", include_hedged=False),
        ]


def _refuse_reads(monkeypatch) -> None:
    import kg.store.described as described

    def refused(*_, **__):
        raise AssertionError("read from the store, not from the kept file")

    monkeypatch.setattr(described, "statement_rows", refused)


def test_kept_rows_are_the_rows_the_store_gives(store):
    with KnowledgeGraph.open(store, read_only=True) as graph:
        statements = _statements(graph)
        assert facts_file.keep(graph) == len(statements)
        for hedged in (True, False):
            read = statement_rows(reader(graph), statements, hedged)
            assert facts_file.rows(graph, statements, include_hedged=hedged) == read
        every = statement_rows(reader(graph), statements, True)
        assert len({row["st"] for row in every}) == len(statements)
        assert any(row.get("label") == "second label" for row in every)  # the odd quads count
        asserted = statement_rows(reader(graph), statements, False)
        assert 0 < len(asserted) < len(every)
        some = [*statements[1::2], "urn:x-test:no-such-statement"]
        assert facts_file.rows(graph, some, include_hedged=True) == statement_rows(
            reader(graph), some, True
        )


def test_views_filled_from_the_kept_file_are_the_views_read(store, monkeypatch):
    read = _pages(store)
    assert not (store / FILE).exists()  # opening and drawing never write it
    before = store_signature(store)
    assert _kept(store)
    assert store_signature(store) == before  # kg's files are no part of the store
    _refuse_reads(monkeypatch)
    assert _pages(store) == read


def test_a_second_keep_leaves_the_file_as_it_is(store):
    count = _kept(store)
    written = (store / FILE).stat().st_mtime_ns
    assert _kept(store) == count
    assert (store / FILE).stat().st_mtime_ns == written


def test_a_write_drops_the_file_and_the_views_see_the_write(store):
    _kept(store)
    with KnowledgeGraph.open(store) as graph:
        graph.remove("two.txt")
    assert not any(f.name.startswith("kg-") for f in store.iterdir())
    assert "Tomas Reed" not in _pages(store)[0]


def test_a_file_of_an_older_store_is_read_around(store):
    """A file left from before a write (a writer killed before it closed, a copy put
    back) names another signature: the rows are read from the store."""
    _kept(store)
    stale = (store / FILE).read_bytes()
    with KnowledgeGraph.open(store) as graph:
        graph.remove("two.txt")
    (store / FILE).write_bytes(stale)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        assert not facts_file.kept(graph)
        statements = _statements(graph)
        assert facts_file.rows(graph, statements, include_hedged=True) is None
        assert "Tomas Reed" not in page(graph)
        assert facts_file.keep(graph) == len(statements)  # written anew
        assert facts_file.kept(graph)


_EDITS = {
    "format": "UPDATE meta SET value = '99' WHERE key = 'format'",
    "signature": "UPDATE meta SET value = '{\"a\": 1}' WHERE key = 'signature'",
    "no meta": "DROP TABLE meta",
    "no facts": "DROP TABLE facts",
    "rows not json": "UPDATE facts SET rows = 'not json ['",
    "rows not lists": "UPDATE facts SET rows = '{\"a\": 1}'",
    "rows of numbers": "UPDATE facts SET rows = '[[true, 3]]'",
    "no outlines": "DROP TABLE outlines",
    "outlines not json": "UPDATE outlines SET outline = 'not json ['",
    "outlines of numbers": "UPDATE outlines SET outline = '[1, 2, [3]]'",
    "outlines too short": "UPDATE outlines SET outline = '[\"a\"]' WHERE outline != 'null'",
    "no joins": "DROP TABLE joins",
    "joins not kept": "DELETE FROM blobs WHERE name = 'joins'",
    "joins not json": "UPDATE joins SET joins = 'not json ['",
    "joins of numbers": "UPDATE joins SET joins = '[0, 0, true, [[1, 2, 3, 3]], [], []]'",
    "joins too short": "UPDATE joins SET joins = '[0, 0]'",
}


def _break(path: Path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(b"not a database at all" * 100)
        return
    if how == "empty":
        path.write_bytes(b"")
        return
    with sqlite3.connect(path) as connection:
        connection.execute(_EDITS[how])
    connection.close()


BREAKS = ["garbage", "empty", "format", "signature", "no meta", "no facts", "rows not json",
          "rows not lists", "rows of numbers"]  # fmt: skip


@pytest.mark.parametrize("how", BREAKS)
def test_a_broken_file_is_read_around(store, how):
    read = _pages(store)
    _kept(store)
    _break(store / FILE, how)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        assert facts_file.rows(graph, _statements(graph), include_hedged=True) is None
    assert _pages(store) == read


@pytest.mark.parametrize("how", [h for h in _EDITS if "outlines" in h or "joins" in h])
def test_broken_outlines_or_joins_are_read_around(store, how):
    """The rows still answer from the file; the nodes' names, or the neighbourhoods, are
    read from the store."""
    read = _pages(store)
    _kept(store)
    _break(store / FILE, how)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        nodes = [str(r["e"]) for r in graph._select("SELECT ?e { GRAPH ?g { ?e a kg:Person } }")]
        if "outlines" in how:
            assert nodes and facts_file.outlined(graph, nodes) == {}
        else:
            assert nodes and facts_file.joins(graph, nodes, include_hedged=True) is None
        assert facts_file.rows(graph, _statements(graph), include_hedged=True) is not None
    assert _pages(store) == read


def test_no_file_where_the_store_changed_while_it_was_read(store, monkeypatch):
    real = facts_file._write

    def with_a_write(*args, **kwargs):
        count = real(*args, **kwargs)
        with KnowledgeGraph.open(store) as writer:  # another process's build, meanwhile
            writer.remove("two.txt")
        return count

    monkeypatch.setattr(facts_file, "_write", with_a_write)
    assert _kept(store) is None
    assert not any(f.name.startswith("kg-") for f in store.iterdir())  # no temporary left


def test_a_directory_that_refuses_the_file_still_draws(store, monkeypatch):
    read = _pages(store)

    def refused(*_, **__):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    assert _kept(store) is None
    assert _pages(store) == read


def test_no_file_for_a_store_in_memory_or_open_for_writing(tmp_path):
    with KnowledgeGraph.open() as graph:
        graph.add(doc_one())
        assert facts_file.keep(graph) is None
        assert facts_file.rows(graph, _statements(graph), include_hedged=True) is None
    with KnowledgeGraph.open(tmp_path / "s") as graph:
        graph.add(doc_one())
        assert facts_file.keep(graph) is None
        assert not (tmp_path / "s" / FILE).exists()


def test_progress_counts_the_graphs(store, monkeypatch):
    monkeypatch.setattr(facts_file, "GRAPHS_AT_ONCE", 2)
    seen: list[tuple[int, int]] = []
    with KnowledgeGraph.open(store, read_only=True) as graph:
        facts_file.keep(graph, progress=lambda done, total: seen.append((done, total)))
        statements = _statements(graph)
        kept = facts_file.rows(graph, statements, include_hedged=True)
        assert kept == statement_rows(reader(graph), statements, True)  # batches join as one
    total = seen[-1][1]
    assert total >= 4 and seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def _parts(bones):
    return None if bones is None else (bones.order, bones.typed, bones.edges, bones.events)


def _literal_object(store: ox.Store, *, only: bool = False) -> None:
    quad = next(
        q
        for q in store.quads_for_pattern(None, v.ASSERTED, v.TRUE, None)
        if isinstance(q.graph_name, ox.NamedNode)
    )
    if only:
        for old in list(store.quads_for_pattern(quad.subject, v.OBJECT, None, quad.graph_name)):
            store.remove(old)
    store.add(ox.Quad(quad.subject, v.OBJECT, ox.Literal("text"), quad.graph_name))


@pytest.mark.parametrize("literal_end", [False, True])
def test_keep_also_keeps_the_skeletons_the_store_gives(store, literal_end):
    import kg.store.skeleton as skeleton
    import kg.store.skeleton_file as skeleton_file

    if literal_end:  # a store from elsewhere: to_networkx makes a node of the text
        with KnowledgeGraph.open(store) as graph:
            _literal_object(graph.backend.store)  # (a Store held on would stay open)
    _kept(store)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        for hedged in (True, False):
            kept = skeleton_file.load(graph, hedged)
            assert kept is not skeleton_file.MISSING
            read = skeleton._read(graph, hedged)
            assert (read is None) is literal_end
            assert _parts(kept) == _parts(read)


def _sorted_terms(terms):
    return sorted((p, sorted(t.items())) for p, t in terms)


def test_kept_names_are_the_names_the_store_gives(store):
    _kept(store)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        nodes = set()
        for row in statement_rows(reader(graph), _statements(graph), True):
            nodes |= {str(row["s"]), str(row.get("o"))}
        found = graph._select("SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e skos:prefLabel ?l } }")
        nodes |= {str(row["e"]) for row in found} | {"urn:x-test:nothing", "plain text"}
        wanted = sorted(nodes)
        kept = facts_file.names(graph, wanted)
        assert "urn:x-test:nothing" not in kept  # not known: read from the store
        assert len(kept) > 5
        from kg.store.labels import outline_names
        from kg.store.subgraph import _ENTITY_CLASSES, _NODE_PREDICATES, _iris

        read: dict[str, list[tuple[str, dict[str, str]]]] = {node: [] for node in wanted}
        for subject, _, p, t in reader(graph).about_values(
            _iris(wanted), predicates=_NODE_PREDICATES
        ):
            if p != str(v.TYPE.value) or t["value"] in _ENTITY_CLASSES:  # what a view reads
                read[subject].append((p, t))
        for node, terms in kept.items():
            assert _sorted_terms(terms) == _sorted_terms(read[node]), node
        assert any(terms for terms in kept.values())
        # and as an outline has them: label, class, aliases (None: drawn as its IRI)
        outlines = facts_file.outlined(graph, wanted)
        assert outlines.keys() == kept.keys()
        assert outlines == {node: outline_names(node, read[node]) for node in kept}
        assert any(o is not None and o[2] for o in outlines.values())  # one with aliases


@pytest.mark.parametrize("hedged", [True, False])
def test_statement_ends_and_events_from_the_file_are_those_read(store, monkeypatch, hedged):
    from kg.store.subgraph import Network

    _kept(store)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        statements = _statements(graph)
        nodes = sorted(
            {
                str(r[k])
                for r in statement_rows(reader(graph), statements, True)
                for k in ("s", "o")
                if k in r
            }
        )
        kept = Network(graph, hedged, 0.0)
        kept_events = kept.events_of(nodes)
        kept.describe(statements)
        with monkeypatch.context() as m:
            m.setattr(facts_file, "_where", lambda graph: None)  # no file: read the store
            read = Network(graph, hedged, 0.0)
            read_events = read.events_of(nodes)
            read.describe(statements)
        assert kept_events == read_events and kept_events
        assert kept.statements == read.statements
        assert 0 < len(kept.statements) <= len(statements)


def test_the_name_index_and_lookups_from_the_file_are_those_read(store, monkeypatch):
    import kg.store.names as names

    with KnowledgeGraph.open(store, read_only=True) as graph:
        read = names.name_index(graph)  # no file yet: from the store's quads
        looked_up = {n: names.matching(graph, n) for n in ("mara quill", "QUILL", "Nobody", "Bo")}
    _kept(store)

    def refused(graph):
        raise AssertionError("read from the store, not from the kept file")

    real = KnowledgeGraph._select

    def no_lookup(self, sparql, *args, **kwargs):
        assert "LCASE" not in sparql, "a name looked up in the store, not in the kept file"
        return real(self, sparql, *args, **kwargs)

    monkeypatch.setattr(names, "_label_quads", refused)
    monkeypatch.setattr(KnowledgeGraph, "_select", no_lookup)
    with KnowledgeGraph.open(store, read_only=True) as graph:
        assert {n: names.matching(graph, n) for n in looked_up} == looked_up
        assert looked_up["QUILL"] and not looked_up["Nobody"]
        kept = names.name_index(graph)
        assert (kept.by_fold, kept.iris, kept.entries) == (read.by_fold, read.iris, read.entries)
        assert kept.close("Mara Quil") == read.close("Mara Quil") != []


def test_a_full_disk_while_the_file_is_written_leaves_nothing_behind(store, monkeypatch):
    read = _pages(store)

    def full(*_, **__):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(facts_file, "_write", full)
    assert _kept(store) is None
    assert not any(f.name.startswith(FILE) for f in store.iterdir())  # no temporary left
    monkeypatch.undo()
    assert _pages(store) == read


def _labels(graph: KnowledgeGraph) -> list[str]:
    found = graph._select("SELECT DISTINCT ?l WHERE { GRAPH ?g { ?e skos:prefLabel ?l } }")
    return sorted(str(row["l"]) for row in found)


@pytest.mark.parametrize("literal_end", [False, True])
@pytest.mark.parametrize("hedged", [True, False])
def test_neighbourhoods_from_the_kept_joins_are_the_whole_views(
    store, monkeypatch, hedged, literal_end
):
    """Every name's view at 0, 1 and 2 hops, each node's part of the skeleton read from
    the file: the same graph, order, title and page as the whole view's selection; a store
    whose statements end in a literal keeps none and reads the store."""
    import kg.store.skeleton as skeleton
    import kg.store.skeleton_file as skeleton_file
    import kg.store.subgraph as subgraph
    from kg.errors import KGError
    from kg.view.drawing import network_of, view_html
    from kg.view.select import select_view
    from kg.view.stored import select_stored

    if literal_end:  # its only object (a statement of two objects is read whole only)
        with KnowledgeGraph.open(store) as graph:
            _literal_object(graph.backend.store, only=True)
    _kept(store)
    asked: list[list[str]] = []
    real_joins = facts_file.joins

    def joins(graph, nodes, **options):
        asked.append(list(nodes))
        return real_joins(graph, nodes, **options)

    monkeypatch.setattr(facts_file, "joins", joins)
    monkeypatch.setattr(skeleton_file, "load", lambda *_: skeleton_file.MISSING)
    if not literal_end:

        def refuse(*_, **__):
            raise AssertionError("read from the store, not from the kept joins")

        monkeypatch.setattr(subgraph, "neighbourhood_outline", refuse)
    drawn = 0
    with KnowledgeGraph.open(store, read_only=True) as graph:
        whole_network = network_of(graph, include_hedged=hedged)
        assert skeleton.near(graph, include_hedged=hedged) is not None or literal_end
        for name in _labels(graph):
            for hops in (0, 1, 2):
                try:
                    whole = select_view(whole_network, entity=name, hops=hops)
                except KGError:
                    with pytest.raises(KGError):
                        select_stored(graph, entity=name, hops=hops, include_hedged=hedged)
                    continue
                asked.clear()
                stored = select_stored(graph, entity=name, hops=hops, include_hedged=hedged)
                assert stored is not None
                assert isinstance(stored.outline, nx.MultiDiGraph)
                assert list(stored.outline) == list(whole.graph), (name, hops)
                assert sorted(stored.graph.edges(keys=True)) == sorted(whole.graph.edges(keys=True))
                assert dict(stored.graph.nodes(data=True)) == dict(whole.graph.nodes(data=True))
                assert (stored.title, stored.focus) == (whole.title, whole.focus)
                assert view_html(stored, max_nodes=3) == view_html(whole, max_nodes=3)
                if not literal_end:  # only the nodes the hops reach are read
                    assert {n for batch in asked for n in batch} <= set(whole.graph)
                    drawn += 1
    assert drawn > 10 or literal_end
