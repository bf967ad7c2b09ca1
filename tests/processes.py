"""Watching processes through /proc (Linux): children, liveness, waiting for an end; and
``finishes``, which runs work in a thread and fails only on a hang."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found |= {int(c) for c in f.read().split()}
        except FileNotFoundError:  # the thread ended since the listing: it has no children
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if _alive(p)}


T = TypeVar("T")

#: Seconds after which work that takes well under one on any machine counts as a hang.
HANG_SECONDS = 60.0


def finishes(work: Callable[[], T], seconds: float = HANG_SECONDS) -> T:
    """What ``work`` returns, run in a thread; fails only when it is still running after
    ``seconds`` (a hang, or runaway backtracking), so no test depends on the machine's
    speed. An exception in ``work`` is raised here."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # handed to the test's thread below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: it hangs"
    if errors:
        raise errors[0]
    return results[0]
