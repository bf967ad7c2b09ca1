"""``kill -9`` at any moment loses nothing that was stored and lets no half document in.

``kg build`` runs in a subprocess over a directory of small documents and is
killed at several moments (while starting, after the first document, in the
middle, near the end); after each kill the store opens and every document graph
in it is whole (exactly what a clean build stores for that document), and a
rerun converges to the clean build. An export killed half way never destroys
the previous file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import PROV

import kg
from kg.store.graph import KnowledgeGraph

N_DOCS = 20
GENERATED_AT = str(PROV.generatedAtTime)

# The CLI, with one line on stdout as each document's graph reaches the store (the kill
# points): ``build`` hands the graphs to ``add_many`` as a stream, or to ``add``.
BUILD_CHILD = textwrap.dedent(
    """
    import sys
    import kg.store.graph
    from kg.cli import app

    _add, _add_many = kg.store.graph.KnowledgeGraph.add, kg.store.graph.KnowledgeGraph.add_many

    def reported(graphs):
        for dg in graphs:
            print("stored", dg.doc_id, flush=True)
            yield dg

    def add(self, dg, **kwargs):
        print("stored", dg.doc_id, flush=True)
        return _add(self, dg, **kwargs)

    def add_many(self, graphs, **kwargs):
        return _add_many(self, reported(graphs), **kwargs)

    kg.store.graph.KnowledgeGraph.add = add
    kg.store.graph.KnowledgeGraph.add_many = add_many
    print("started", flush=True)
    app(sys.argv[1:])
    """
)


def write_documents(folder: Path) -> Path:
    folder.mkdir()
    for i in range(N_DOCS):
        (folder / f"doc{i:02d}.txt").write_text(
            f"Person{i} Alpha met Person{i} Beta in City{i}. "
            f"Person{i} Alpha founded Company{i} Labs. Company{i} Labs hired Person{i} Gamma.",
            encoding="utf-8",
        )
    return folder


Snapshot = dict[str, frozenset[tuple[str, str, str]]]


def snapshot(store_path: Path) -> tuple[Snapshot, frozenset[tuple[str, str, str]]]:
    """Each document graph's triples (without the generation time), and the union graph's.

    Opening for writing also proves that a killed writer left no lock behind.
    """
    with KnowledgeGraph.open(store_path) as graph:
        store = graph.store
        graphs = {
            name.value: frozenset(
                (str(q.subject), str(q.predicate), str(q.object))
                for q in store.quads_for_pattern(None, None, None, name)
                if q.predicate.value != GENERATED_AT
            )
            for name in store.named_graphs()
            if isinstance(name, ox.NamedNode)
        }
        union = frozenset(
            (str(q.subject), str(q.predicate), str(q.object))
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if q.predicate.value != GENERATED_AT
        )
    return graphs, union


def assert_whole_documents(
    graphs: Snapshot, union: frozenset[tuple[str, str, str]], clean: Snapshot
) -> None:
    for name, triples in graphs.items():
        assert name in clean, name
        assert triples == clean[name], f"{name} is not whole"
    expected_union = frozenset().union(*graphs.values()) if graphs else frozenset()
    assert union == expected_union


def run_build(docs: Path, store: Path, *, kill_after: int | None, delay: float = 0.0):
    """Run ``kg build``; SIGKILL it ``delay`` s after ``kill_after`` graphs reached the store.

    Returns the exit status (``-9`` when the kill landed), stdout and stderr.
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", BUILD_CHILD, "build", str(docs), "--store", str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, with any extraction workers
    )
    if kill_after is None:
        out, err = proc.communicate(timeout=120)
        return proc.returncode, out, err
    assert proc.stdout is not None
    stored = 0
    for line in proc.stdout:
        if line.startswith("started") and kill_after == 0:
            break
        stored += line.startswith("stored")
        if kill_after and stored >= kill_after:
            break
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9 of the command: it and its workers
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


@pytest.mark.model
@pytest.mark.slow
def test_crash_kill_9_during_build_keeps_whole_documents_and_a_rerun_converges(tmp_path):
    docs = write_documents(tmp_path / "docs")
    clean_store = tmp_path / "clean"
    kg.build([str(docs)], store=str(clean_store)).close()
    clean, clean_union = snapshot(clean_store)
    assert len(clean) == N_DOCS

    store = tmp_path / "store"
    seen, killed = [], 0
    # While starting (before any document), after the first graph, in the middle, and
    # as the last graphs go in (the kill lands while they are being written).
    for kill_after, delay in [(0, 0.3), (1, 0.0), (8, 0.0), (N_DOCS, 0.0), (N_DOCS, 0.05)]:
        code, _, err = run_build(docs, store, kill_after=kill_after, delay=delay)
        assert code in (-signal.SIGKILL, 0), err
        killed += code == -signal.SIGKILL
        if not store.exists():  # killed before the store was created
            seen.append(0)
            continue
        graphs, union = snapshot(store)
        assert_whole_documents(graphs, union, clean)
        seen.append(len(graphs))
    assert killed >= 3
    assert seen == sorted(seen)  # nothing stored is ever lost

    code, _, err = run_build(docs, store, kill_after=None)
    assert code == 0, err
    graphs, union = snapshot(store)
    assert graphs == clean
    assert union == clean_union


# ---------------------------------------------------------------- exports


EXPORT_CHILD = textwrap.dedent(
    """
    import sys
    import kg
    graph = kg.open(sys.argv[1], read_only=True)
    print("exporting", flush=True)
    graph.export(sys.argv[2], format="nquads")
    print("exported", flush=True)
    """
)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    """A store of ~60,000 quads (about 0.5 s to export), filled directly through Oxigraph."""
    path = tmp_path_factory.mktemp("big") / "store"
    with KnowledgeGraph.open(path) as graph:
        kg_ns = "https://kg.example.org/"
        quads = [
            ox.Quad(
                ox.NamedNode(f"{kg_ns}entity/e{i}"),
                ox.NamedNode(f"{kg_ns}relation/r{i % 50}"),
                ox.Literal(f"value {i} " + "padding " * 8),
                ox.NamedNode(f"{kg_ns}document/d{i % 300}"),
            )
            for i in range(60_000)
        ]
        graph.store.bulk_extend(quads)
    return path


@pytest.mark.slow
def test_crash_kill_9_during_export_never_destroys_the_previous_file(big_store, tmp_path):
    target = tmp_path / "graph.nq"
    old = b"<urn:old> <urn:p> <urn:o> <urn:g> .\n"
    outcomes = []
    for delay in (0.0, 0.02, 0.1, 0.3):
        target.write_bytes(old)
        proc = subprocess.Popen(
            [sys.executable, "-c", EXPORT_CHILD, str(big_store), str(target)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("exporting")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        data = target.read_bytes()
        if data == old:
            outcomes.append("old")
        else:  # the export finished before the kill: then the new file is complete
            assert sum(1 for _ in ox.parse(data, format=ox.RdfFormat.N_QUADS)) == 60_000
            outcomes.append("new")
    assert "old" in outcomes  # at least one kill did land during the export


def test_crash_export_replaces_the_file_in_one_step(tmp_path):
    graph = KnowledgeGraph.open()
    target = tmp_path / "graph.trig"
    target.write_text("old content", encoding="utf-8")
    os.chmod(target, 0o644)
    graph.export(target)
    assert "old content" not in target.read_text(encoding="utf-8")
    written = {"graph.trig", "graph.trig.kg.json"}  # the export and its manifest
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in written]
    assert leftovers == []  # no temporary file is left behind


def test_crash_export_gets_the_usual_file_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        path = KnowledgeGraph.open().export(tmp_path / "graph.ttl")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.model
def test_crash_rerun_repairs_a_graph_cut_short_by_the_bulk_loader(tmp_path):
    docs = write_documents(tmp_path / "docs")
    store = tmp_path / "store"
    kg.build([str(docs)], store=str(store)).close()
    clean, _ = snapshot(store)
    # What a bulk load killed half way leaves: the document node is in, the statements
    # and the graph hash (written last, on purpose) are not.
    with KnowledgeGraph.open(store) as graph:
        victim = sorted(clean)[0]
        name = ox.NamedNode(victim)
        for quad in list(graph.store.quads_for_pattern(None, None, None, name)):
            if quad.subject != name or quad.predicate.value.endswith("#graphHash"):
                graph.store.remove(quad)
    graphs, _ = snapshot(store)
    assert graphs[victim] != clean[victim]
    kg.build([str(docs)], store=str(store)).close()
    graphs, _ = snapshot(store)
    assert graphs == clean
