"""kg.files: a file is replaced whole or not at all, and killed writers' leftovers go."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kg.files import STALE_TEMP_SECONDS, remove_stale_temporaries, write_atomically


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_files_write_atomically_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "deep" / "out.txt"
    assert write_atomically(target, lambda tmp: tmp.write_text("one")) == target
    write_atomically(target, lambda tmp: tmp.write_text("two"))
    assert target.read_text() == "two"
    assert _hidden(target.parent) == []
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_files_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def fail(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_atomically(target, fail)
    assert target.read_text() == "old"
    assert _hidden(tmp_path) == []


def test_files_remove_stale_temporaries_keeps_live_writers_and_new_files(tmp_path):
    target = tmp_path / "all.nq"
    dead = tmp_path / ".all.nq.999999999.abcdefgh.tmp"  # no such process
    live = tmp_path / f".all.nq.{os.getppid()}.abcdefgh.tmp"
    old = tmp_path / ".all.nq.zz9plural.tmp"  # an older kg's name, past the age limit
    young = tmp_path / ".all.nq.zz9young.tmp"
    other = tmp_path / ".other.nq.999999999.abcdefgh.tmp"  # another target's
    for path in (dead, live, old, young, other):
        path.write_text("x")
    past = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(old, (past, past))
    assert sorted(remove_stale_temporaries(target)) == sorted([dead, old])
    assert _hidden(tmp_path) == sorted(p.name for p in (live, young, other))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
