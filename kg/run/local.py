"""Extraction in worker processes: parse and extract on every core, in input order.

The main process cuts documents into pieces (``kg.extract.pipeline``), groups
consecutive pieces into batches (the very batches a serial run parses), and hands
them to a pool of worker processes, one batch per task.
Each worker parses its batch with the cached spaCy pipeline and sends back plain
partial ``DocumentGraph`` objects (triples, entities, extractions: everything
the RDF stage needs, never spaCy ``Doc`` objects). The main process merges them
in input order and does the writing, so the result is the same as a serial run.

Memory stays bounded: at most ``2 × n_process`` batches are in flight. Input that
fits in one batch is parsed in this process, without starting any worker. On
Linux the workers are forked after the model is loaded, so they share its pages
and start at once; elsewhere each worker loads the model when it starts.

Example:
    >>> from kg.extract.pipeline import Document, Piece, assemble
    >>> docs = [Document("a", "Ann Lee met Bo Ek. Cy Ho met Dag Li."), Document("b", "Eva met Al.")]
    >>> parse = parallel_parser(n_process=2, batch_size=1)     # two worker processes
    >>> [len(g.triples) for g in assemble(docs, parse, max_chars=20)]
    [2, 1]
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

from kg.errors import KGError, value_invalid_msg

if TYPE_CHECKING:
    from kg.extract.pipeline import Piece, PieceParser, PieceResult

T = TypeVar("T")

#: Items a ``prefetch`` thread may run ahead of its consumer.
PREFETCH = 4
#: Tasks (batches) in flight per worker process (bounds memory; keeps every worker busy).
TASKS_PER_PROCESS = 2


def process_count(n_process: int | None = None) -> int:
    """How many processes ``n_process`` means: None or -1 is one per CPU core.

    Raises:
        ValueError: for 0 or a count below -1.

    Example:
        >>> process_count(3), process_count(None) == (os.cpu_count() or 1)
        (3, True)
    """
    if n_process is None or n_process == -1:
        return os.cpu_count() or 1
    if n_process < 1:
        raise ValueError(value_invalid_msg("process count", n_process, ["a number >= 1", -1]))
    return n_process


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere nothing).

    A worker blocked in its work never reads the end of file on its pipe, so this is
    what ends it when its parent is killed (``kill -9``, out of memory). With
    ``parent`` (the pid the parent had), a parent already gone ends this process now.

    Example:
        >>> die_with_parent()  # harmless in any process
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: pipe EOF still ends it
        return
    if parent is not None and os.getppid() != parent:  # it died before the call: go now
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _start_worker(parent: int) -> None:
    die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the main process handles it (and ends us).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from kg import nlp

    nlp.load()


def _context() -> multiprocessing.context.BaseContext:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def parallel_parse(
    pieces: Iterable[Piece],
    *,
    n_process: int | None = None,
    batch_size: int = 16,
    batch_chars: int | None = None,
) -> Iterator[PieceResult]:
    """Parse pieces in worker processes; one partial graph per piece, in input order.

    Raises:
        KGError: when a worker process dies (killed, or out of memory).
    """
    from kg import nlp
    from kg.extract.pipeline import batches, parse_batch

    n = process_count(n_process)
    stream = batches(pieces, batch_size=batch_size, batch_chars=batch_chars)
    head = [task for _, task in zip(range(2), stream, strict=False)]
    if n == 1 or len(head) < 2:  # nothing to share out: parse here
        for task in chain(head, stream):
            yield from parse_batch(task)
        return
    nlp.load()  # before the fork, so that the workers share the loaded model
    pool = ProcessPoolExecutor(
        n, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),)
    )
    window: deque[Future[list[PieceResult]]] = deque()
    try:
        for task in chain(head, stream):
            window.append(pool.submit(parse_batch, task))
            if len(window) >= TASKS_PER_PROCESS * n:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    except BrokenProcessPool as exc:
        raise KGError(f"a worker process died (out of memory, or killed): {exc}") from exc
    finally:
        if window:  # stopped early (Ctrl-C, an error): the batches in flight are not wanted
            _stop_workers(pool)
        pool.shutdown(wait=not window, cancel_futures=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's worker processes now (``shutdown`` would let each finish its batch)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, AttributeError):
            process.kill()


def parallel_parser(
    *, n_process: int | None = None, batch_size: int = 16, batch_chars: int | None = None
) -> PieceParser:
    """A ``PieceParser`` (see ``kg.extract.pipeline.assemble``) that uses worker processes."""

    def parse(pieces: Iterator[Piece]) -> Iterator[PieceResult]:
        return parallel_parse(
            pieces, n_process=n_process, batch_size=batch_size, batch_chars=batch_chars
        )

    return parse


def prefetch(items: Iterable[T], *, size: int = PREFETCH) -> Generator[T, None, None]:
    """Yield ``items``, produced in a background thread up to ``size`` items ahead.

    Parsing releases the GIL in its matrix products, so the consumer (RDF building,
    store writes) runs while the next batch is parsed. Order is kept; an exception
    in the producer is raised here. When the consumer stops early, the producer
    stops after the item it is working on.

    Example:
        >>> list(prefetch(iter(range(5)), size=2))
        [0, 1, 2, 3, 4]
    """
    buffer: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=size)
    stop = threading.Event()

    def put(entry: tuple[bool, object]) -> bool:
        while not stop.is_set():
            try:
                buffer.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
            put((False, None))
        except BaseException as exc:  # handed to the consumer, raised there
            put((False, exc))

    thread = threading.Thread(target=produce, name="kg-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            more, value = buffer.get()
            if more:
                yield value  # type: ignore[misc]
            elif value is None:
                return
            else:
                raise value  # type: ignore[misc]
    finally:
        stop.set()
