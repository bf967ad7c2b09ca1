"""Document ids: one file is one document whatever the spelling of its path; stdin
documents never replace each other; what is not a regular file is refused by name."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import InputError
from kg.io import document_id, read_document
from kg.run.documents import _as_document, stdin_id

runner = CliRunner()


def _kg_limited(*args: str, cwd=None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The ``kg`` command in a child process with 1 GB of address space and a timeout."""
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
        "from kg.cli import main; sys.argv = ['kg'] + sys.argv[1:]; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
        cwd=cwd, env={**os.environ},
    )  # fmt: skip


# ---------------------------------------------------------------- one file, one id


def test_ids_one_file_under_three_paths_is_one_id(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Ann met Bob.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    ids = {read_document(p).doc_id for p in ("a.txt", "./a.txt", str(tmp_path / "a.txt"),
                                             "sub/../a.txt")}  # fmt: skip
    assert ids == {"a.txt"}


def test_ids_are_relative_to_the_root_and_absolute_outside_it(tmp_path):
    assert document_id(tmp_path / "notes" / "a.txt", root=tmp_path) == "notes/a.txt"
    assert (
        document_id(tmp_path / "a.txt", root=tmp_path / "notes") == (tmp_path / "a.txt").as_posix()
    )


@pytest.mark.model
def test_ids_cli_build_three_spellings_store_one_document_and_remove_takes_any(tmp_path):
    (tmp_path / "a.txt").write_text("Ann Berg met Karl Tamm in Tallinn.", encoding="utf-8")
    for spelling in ("a.txt", "./a.txt", str(tmp_path / "a.txt")):
        result = _kg_limited("build", spelling, "--store", "store", "-j", "1", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    with kg.open(tmp_path / "store", read_only=True) as graph:
        assert [d["doc_id"] for d in graph.documents()] == ["a.txt"]
    result = _kg_limited("remove", str(tmp_path / "a.txt"), "--store", "store", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with kg.open(tmp_path / "store", read_only=True) as graph:
        assert graph.documents() == []


@pytest.mark.model
def test_ids_build_root_option(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "b.txt").write_text("Ann Berg met Karl Tamm.", encoding="utf-8")
    store = str(tmp_path / "store")
    corpus = str(tmp_path / "corpus")
    result = runner.invoke(app, ["build", corpus, "--root", corpus, "--store", store, "-j", "1"])
    assert result.exit_code == 0, result.output
    with kg.open(store, read_only=True) as graph:
        assert [d["doc_id"] for d in graph.documents()] == ["b.txt"]


# ---------------------------------------------------------------- stdin


@pytest.mark.model
def test_ids_stdin_builds_never_replace_each_other(tmp_path):
    store = str(tmp_path / "store")
    first, second = "Ann Berg met Karl Tamm.", "Liisa Kask founded Nordvik Shipping."
    for text in (first, second, first):
        result = runner.invoke(app, ["build", "-", "--store", store, "-j", "1"], input=text)
        assert result.exit_code == 0, result.output
    assert "1 unchanged, skipped" in result.stderr  # the same text again: already stored
    with kg.open(store, read_only=True) as graph:
        ids = sorted(d["doc_id"] for d in graph.documents())
    assert ids == sorted([stdin_id(first), stdin_id(second)])


# ---------------------------------------------------------------- text or path


def test_ids_a_string_with_a_line_break_is_text_even_if_it_names_a_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("file content", encoding="utf-8")
    doc = _as_document("a.txt\n")
    assert doc.text == "a.txt\n" and doc.doc_id.startswith("text-")
    assert _as_document("a.txt").text == "file content"


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_ids_devices_are_refused_by_name(name):
    if not os.path.exists(name):
        pytest.skip(f"no {name} here")
    with pytest.raises(InputError, match=rf"{name}: not a regular file \(a character device\)"):
        _as_document(name)
    with pytest.raises(InputError, match="not a regular file"):
        read_document(name)
    with pytest.raises(InputError, match="not a regular file"):
        kg.build([name])


def _feed(fifo, seconds: float = 5.0) -> threading.Thread:
    """Write a line into ``fifo`` if a reader opens it within ``seconds`` (so a reader
    that should have refused it gets text instead of blocking forever)."""

    def feed() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                time.sleep(0.02)
                continue
            os.write(fd, b"Ann met Bob.\n")
            os.close(fd)
            return

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def test_ids_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    feeder = _feed(fifo)
    with pytest.raises(InputError, match=r"not a regular file \(a FIFO"):
        read_document(fifo)
    with pytest.raises(InputError, match="FIFO"):
        _as_document(str(fifo))
    feeder.join()


def test_ids_cli_refuses_dev_zero_and_a_fifo_by_name(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for name in ("/dev/zero", str(fifo)):
        result = _kg_limited("extract", name, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "not a regular file" in result.stderr and name in result.stderr
        assert "Traceback" not in result.stderr
