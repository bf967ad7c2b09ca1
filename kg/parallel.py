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

import multiprocessing
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

from kg.errors import KGError, value_invalid_msg

if TYPE_CHECKING:
    from kg.extract.pipeline import Piece, PieceParser
    from kg.model import DocumentGraph

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


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the main process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
) -> Iterator[DocumentGraph]:
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
    pool = ProcessPoolExecutor(n, mp_context=_context(), initializer=_start_worker)
    window: deque[Future[list[DocumentGraph]]] = deque()
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
        pool.shutdown(wait=not window, cancel_futures=True)


def parallel_parser(
    *, n_process: int | None = None, batch_size: int = 16, batch_chars: int | None = None
) -> PieceParser:
    """A ``PieceParser`` (see ``kg.extract.pipeline.assemble``) that uses worker processes."""

    def parse(pieces: Iterator[Piece]) -> Iterator[DocumentGraph]:
        return parallel_parse(
            pieces, n_process=n_process, batch_size=batch_size, batch_chars=batch_chars
        )

    return parse


def prefetch(items: Iterable[T], *, size: int = PREFETCH) -> Iterator[T]:
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
