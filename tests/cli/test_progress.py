"""Progress people trust: ``kg build`` and ``kg extract`` show documents done of all, words
per second, elapsed and ETA on a terminal's stderr; nothing of it off a terminal, with
``--quiet``, or on stdout; ``kg build``'s summary line keeps its counts."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import kg.cli._app
from kg.cli import app
from kg.cli._app import DocumentProgress
from kg.model import DocumentGraph

TEXTS = {
    "a.txt": "Peter Hall visited Rome and Paris.",
    "b.txt": "Omar Haddad joined Kestrel Labs in 2019.",
    "c.md": "The bridge was designed by Gustave Eiffel.",
}
WORDS = sum(len(text.split()) for text in TEXTS.values())
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """kg's stderr console (as `kg.cli._app.err`) on an 80-column terminal: the buffer."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80, highlight=False, soft_wrap=True)
    monkeypatch.setattr(kg.cli._app, "err", console)
    return screen


@pytest.fixture(autouse=True)
def _no_forced_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich takes FORCE_COLOR / TTY_COMPATIBLE for a terminal: not here, where none is."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


def _shown(screen: io.StringIO) -> str:
    return ANSI.sub("", screen.getvalue())


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


# ---------------------------------------------------------------- the bar itself


def test_progress_shows_documents_words_per_second_elapsed_and_eta(terminal):
    report = DocumentProgress(10)
    with report.progress:
        for i in range(3):
            time.sleep(0.05)
            report(f"d{i}", DocumentGraph(f"d{i}", "word " * 500), None)
        report.progress.refresh()
        shown = _shown(terminal).splitlines()[-1]
    assert "3/10 documents" in shown
    rate = int(re.search(r"([\d,]+) words/s", shown)[1].replace(",", ""))  # type: ignore[index]
    assert 0 < rate < 1500 / 0.15 * 1.01  # 1,500 words in at least 0.15 s
    assert re.search(r"0:00:0\d elapsed · ETA \d:\d\d:\d\d", shown), shown
    assert len(shown) <= 80, shown
    assert report.words == 1500


def test_progress_counts_done_failed_and_skipped_documents_but_words_of_parsed_ones(terminal):
    report = DocumentProgress(3)
    with report.progress:
        report("a", DocumentGraph("a", "one two three"), None)
        report("b", None, None)  # stored already, unchanged: not parsed
        report("c", None, kg.errors.InputError("c: cannot read"))
        report.progress.refresh()
        shown = _shown(terminal)
    assert "3/3 documents" in shown and "kg: skipped c: cannot read" in shown
    assert report.words == 3 and report.count == 1


def test_progress_without_words_shows_no_rate(terminal):
    """Dask's workers send back ids, not texts: no words/s rather than a false 0."""
    report = DocumentProgress(2, words=False)
    with report.progress:
        report("a", DocumentGraph("a", ""), None)
        report.progress.refresh()
        shown = _shown(terminal)
    assert "1/2 documents" in shown and "ETA" in shown and "words/s" not in shown


def test_progress_is_gone_when_done_and_silent_off_a_terminal(terminal, monkeypatch):
    report = DocumentProgress(1)
    with report.progress:
        report("a", DocumentGraph("a", "one two"), None)
    assert "documents" in _shown(terminal)  # shown, then erased: the screen ends clean
    assert terminal.getvalue().endswith("\x1b[2K")
    off = io.StringIO()
    monkeypatch.setattr(kg.cli._app, "err", Console(file=off, width=80))
    for quiet in (False, True):
        report = DocumentProgress(1, quiet=quiet)
        with report.progress:
            report("a", DocumentGraph("a", "one two"), None)
    assert off.getvalue() == ""


def test_progress_quiet_on_a_terminal_shows_nothing(terminal):
    report = DocumentProgress(2, quiet=True)
    with report.progress:
        report("a", DocumentGraph("a", "one two"), None)
        report.progress.refresh()
    assert terminal.getvalue() == ""


def test_progress_help_documents_quiet():
    for command in ("build", "extract"):
        text = CliRunner().invoke(app, [command, "--help"], terminal_width=80).stdout
        assert "-q, --quiet" in text and "nothing but errors" in text
        assert "progress bar" in text


# ---------------------------------------------------------------- kg build


@pytest.mark.model
def test_progress_build_on_a_terminal_shows_documents_and_words_per_second(
    docs, tmp_path, terminal
):
    result = invoke("build", str(docs), "--store", str(tmp_path / "s"), "-j", "1")
    assert result.exit_code == 0, result.output
    shown = _shown(terminal)
    assert "3/3 documents" in shown and "words/s" in shown and "elapsed · ETA" in shown
    assert "documents" not in result.stdout
    summary = r"Read 3 documents, \d+ triples, into \S+; indexed \d+ statements for the views"
    summary += r" in [\d.]+ s\n"
    assert re.fullmatch(summary, result.stderr)


@pytest.mark.model
def test_progress_build_off_a_terminal_prints_the_summary_only(docs, tmp_path):
    store = str(tmp_path / "s")
    result = invoke("build", str(docs), "--store", store, "-j", "1")
    assert result.exit_code == 0, result.output
    indexed = r"; indexed \d+ statements for the views in [\d.]+ s\n"
    assert re.fullmatch(
        rf"Read 3 documents, \d+ triples, into {re.escape(store)}{indexed}", result.stderr
    )
    again = invoke("build", str(docs), "--store", store, "-j", "1")
    skipped = rf"Read 0 documents, 0 triples, into {re.escape(store)} \(3 unchanged, skipped\)"
    assert re.fullmatch(skipped + indexed, again.stderr)  # a store opened to write: indexed anew
    assert result.stdout == again.stdout == ""


@pytest.mark.model
def test_progress_build_quiet_prints_only_errors(docs, tmp_path, terminal):
    (docs / "latin.txt").write_bytes("Zoë Brandt visited Café Nord.".encode("cp1252"))
    (docs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    store = tmp_path / "s"
    for quiet in ("-q", "--quiet"):  # a build, then one that skips every stored document
        result = invoke("build", str(docs), "--store", str(store), "-j", "1", quiet)
        assert result.exit_code == 1
        shown = _shown(terminal).splitlines()
        assert len(shown) == 2, shown
        assert shown[0].startswith("kg: skipped ") and "photo.txt" in shown[0]
        assert shown[1] == "kg: error: 1 document could not be read"
        assert result.stdout == result.stderr == ""  # no summary, no note, no bar
        terminal.seek(0)
        terminal.truncate()
    with kg.open(store, read_only=True) as graph:
        assert graph.stats()["documents"] == 4
    loud = invoke("build", str(docs), "--store", str(tmp_path / "t"), "-j", "1")
    assert loud.stderr.startswith("Read 4 documents, ")
    assert "kg: note: " in _shown(terminal) and "documents ·" in _shown(terminal)


# ---------------------------------------------------------------- kg extract


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["jsonl", "tsv", "carb"])
def test_progress_extract_shows_on_stderr_and_stdout_stays_the_same(docs, terminal, fmt):
    loud = invoke("extract", str(docs), "--format", fmt, "-j", "1")
    assert loud.exit_code == 0, loud.output
    assert "3/3 documents" in _shown(terminal) and "words/s" in _shown(terminal)
    quiet = invoke("extract", str(docs), "--format", fmt, "-j", "1", "-q")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout_bytes == loud.stdout_bytes and loud.stdout_bytes
    assert "documents" not in loud.stdout and "\x1b" not in loud.stdout
    assert loud.stderr == quiet.stderr == ""


@pytest.mark.model
@pytest.mark.slow
def test_progress_extract_in_a_real_terminal_never_mixes_into_stdout(docs):
    """``kg extract`` run as a user runs it: stderr a pseudo-terminal, stdout a pipe."""
    main, child = pty.openpty()
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm-256color"}
    with subprocess.Popen(
        [sys.executable, "-m", "kg", "extract", str(docs), "-j", "1"],
        stdout=subprocess.PIPE, stderr=child, stdin=subprocess.DEVNULL, env=env,
    ) as process:  # fmt: skip
        os.close(child)
        screen = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        assert process.stdout is not None
        out = process.stdout.read()
    os.close(main)
    assert process.returncode == 0, screen
    shown = ANSI.sub("", screen.decode("utf-8", "replace"))
    assert "3/3 documents" in shown and "words/s" in shown
    lines = out.decode("utf-8").splitlines()
    assert lines and all(line.startswith('{"doc": ') for line in lines), out[:300]
