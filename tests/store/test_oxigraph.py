"""kg.store.oxigraph: opening a store directory, its write lock, readers, killed writers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.errors import StoreError, StoreLockedError
from kg.store.graph import KnowledgeGraph
from tests.docgraphs import doc_one, doc_two

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


def _logs(path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.suffix == ".log")


def _size(path) -> int:
    return sum(f.stat().st_size for f in path.iterdir())


def test_a_written_store_closes_without_its_spent_logs(tmp_path, monkeypatch):
    """RocksDB's logs of a build are dropped as the store closes: the store shrinks,
    its statements all stay."""
    import kg.store.oxigraph as oxigraph
    from tests.serve.served import _document

    monkeypatch.setattr(oxigraph, "SPENT_LOGS", 2**20)
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add_many(_document(n) for n in range(40))
        count = len(graph)
        open_logs = _logs(path)  # what closing left behind before
    assert open_logs > 2**20
    assert _logs(path) <= 2**20
    assert _size(path) < open_logs
    with KnowledgeGraph.open(path, read_only=True) as graph:
        assert len(graph) == count


def _data_files(path) -> list[tuple[str, int]]:
    """The tables, logs and manifest (not RocksDB's own LOG of messages, nor OPTIONS)."""
    return sorted(
        (f.name, f.stat().st_size)
        for f in path.iterdir()
        if f.suffix in (".sst", ".log") or f.name.startswith(("MANIFEST", "CURRENT"))
    )


def test_spent_logs_of_a_store_open_elsewhere_stay(tmp_path):
    import kg.store.oxigraph as oxigraph

    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(doc_one())
        before = _data_files(path)
        assert not oxigraph.drop_spent_logs(path)  # below the threshold: not even looked at
        oxigraph.SPENT_LOGS, saved = -1, oxigraph.SPENT_LOGS
        try:
            assert not oxigraph.drop_spent_logs(path)  # open here for writing: locked
        finally:
            oxigraph.SPENT_LOGS = saved
        assert _data_files(path) == before
        graph.add(doc_two())  # still writable
    with KnowledgeGraph.open(path, read_only=True) as graph:
        assert graph.documents()
