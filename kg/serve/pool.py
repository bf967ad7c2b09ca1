"""User queries in worker processes that can be killed: a timeout that really stops a query.

pyoxigraph's ``Store.query`` cannot be cancelled: a query past its timeout keeps
running, and allocating, in its thread until it ends (an ``ORDER BY`` over a cross
product grows to gigabytes). ``QueryPool`` runs queries on an on-disk store in
worker processes instead, each of which opens the store read-only. A query that
runs past its timeout is killed with its process (``QueryTimeoutError``), and so is
one that grows past the worker's memory limit (``QueryMemoryError``); a fresh
worker takes its place. ``kg serve`` answers its SPARQL queries this way.

Workers are plain ``python -m kg.serve.pool`` processes talking over a pipe. A
worker exits when its parent dies (a parent-death signal on Linux, end of file on
its pipe everywhere), so none outlives the server.

Example:
    >>> import tempfile, kg
    >>> from kg.model import DocumentGraph, Triple
    >>> path = tempfile.mkdtemp() + "/store"
    >>> with kg.open(path) as graph:
    ...     _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob")]))
    >>> with QueryPool(path, size=1) as pool:
    ...     pool.query("ASK { ?a rel:meet ?b }", timeout=30)
    True
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypedDict, Unpack

from kg._sandbox import deny_network
from kg.errors import KGError, QueryError, QueryMemoryError, QueryTimeoutError, StoreError
from kg.query import QueryResult, SelectResult, check_query
from kg.run.local import die_with_parent

#: Worker processes a pool keeps (queries beyond these wait for one to be free).
DEFAULT_WORKERS = max(1, min(4, os.cpu_count() or 1))
#: The most memory (address space, bytes) one worker may use; a query that needs more
#: is stopped. ``$KG_QUERY_MEMORY`` (in MiB) overrides it.
DEFAULT_MEMORY_LIMIT = 2 << 30
#: Seconds a new worker may take to start and open the store.
START_TIMEOUT = 60.0

_ERRORS: dict[str, type[KGError]] = {"QueryError": QueryError, "StoreError": StoreError}


def default_memory_limit() -> int:
    """``DEFAULT_MEMORY_LIMIT``, or ``$KG_QUERY_MEMORY`` MiB when set.

    Example:
        >>> default_memory_limit() > 0
        True
    """
    value = os.environ.get("KG_QUERY_MEMORY")
    if value and value.strip().isdigit():
        return int(value) << 20
    return DEFAULT_MEMORY_LIMIT


class _Worker:
    """One worker process and its pipe."""

    def __init__(self, location: Path, base_iri: str | None, memory_limit: int) -> None:
        parent_read, child_write = os.pipe()
        child_read, parent_write = os.pipe()
        args = [sys.executable, "-m", "kg.serve.pool", str(os.getpid()), str(child_read),
                str(child_write)]  # fmt: skip
        env = {**os.environ, "RUST_BACKTRACE": "0"}
        try:
            self.process = subprocess.Popen(
                [*args, str(location), base_iri or "", str(memory_limit)],
                pass_fds=(child_read, child_write),
                stdin=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # Oxigraph's out-of-memory report: the pool tells
                env=env,
            )
        finally:
            os.close(child_read)
            os.close(child_write)
        self.requests = Connection(parent_write, readable=False)
        self.replies = Connection(parent_read, writable=False)
        self.generation = -1
        self.ready = False

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self.requests.close()
        self.replies.close()


class QueryOptions(TypedDict, total=False):
    """The options of ``QueryPool.run`` and ``QueryPool.query``."""

    init_ns: Mapping[str, str] | None
    timeout: float
    limit: int | None


class QueryPool:
    """Worker processes that run checked user queries on one on-disk store.

    Args:
        location: the store directory (opened read-only by each worker).
        base_iri: the store's base IRI (for the ``ent rel doc`` prefixes).
        size: how many workers (default ``DEFAULT_WORKERS``).
        memory_limit: the most address space a worker may use, in bytes (default
            ``default_memory_limit()``).
    """

    def __init__(
        self,
        location: str | Path,
        *,
        base_iri: str | None = None,
        size: int | None = None,
        memory_limit: int | None = None,
    ) -> None:
        self.location = Path(location)
        self.base_iri = base_iri
        self.size = DEFAULT_WORKERS if size is None else max(1, size)
        self.memory_limit = default_memory_limit() if memory_limit is None else memory_limit
        self.generation = 0
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(self.size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.location, self.base_iri, self.memory_limit)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place, in the background."""

        def replace() -> None:
            self._discard(worker)
            if not self._closed:
                self._idle.put(self._start())

        threading.Thread(target=replace, name="kg-query-pool", daemon=True).start()

    def reopen(self) -> None:
        """Make every worker reopen the store before its next query (to see new writes)."""
        self.generation += 1

    def _wait_ready(self, worker: _Worker) -> None:
        try:
            if not worker.replies.poll(START_TIMEOUT):
                raise EOFError
            kind, value = worker.replies.recv()
        except (EOFError, OSError):
            self._replace(worker)
            raise StoreError(f"a query worker did not start for {self.location}") from None
        worker.ready = True
        if kind == "error":
            self._idle.put(worker)
            _result((kind, value))

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryResult:
        """Check and run a read-only query in a worker process (see ``run``)."""
        return self.run(sparql, **options)[1]

    def run(
        self,
        sparql: str,
        *,
        init_ns: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        limit: int | None = None,
    ) -> tuple[str, QueryResult]:
        """Check and run a read-only query in a worker process: its form and its result.

        The worker parses the query too (``kg.query.check_query``), so a query that is
        costly to parse is bounded by ``timeout`` as well. Waiting for a free worker
        counts toward ``timeout``.

        Returns:
            The form (``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"``, ``"DESCRIBE"``) and the
            result, shaped as ``KnowledgeGraph.query`` returns it.

        Raises:
            QueryError: the query is malformed or refused (an update among them).
            QueryTimeoutError: it ran past ``timeout`` seconds (the worker is killed).
            QueryMemoryError: it needed more than the worker's memory limit.
            StoreError: the store cannot be read.
        """
        if self._closed:
            raise StoreError("the query pool is closed")
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeoutError(
                f"query ran past its timeout of {timeout:g} s (every worker was busy)"
            ) from None
        if worker is None or worker.process.poll() is not None:  # a worker that died idle
            if worker is not None:
                self._discard(worker)
            worker = self._start()
        if not worker.ready:  # starting a worker does not count toward the timeout
            self._wait_ready(worker)
            deadline = time.monotonic() + timeout
        job = (sparql, dict(init_ns or {}), limit, self.generation)
        try:
            worker.requests.send(job)
            if not worker.replies.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                raise QueryTimeoutError(f"query ran past its timeout of {timeout:g} s")
            reply = worker.replies.recv()
        except (EOFError, OSError):
            code = worker.process.wait(timeout=10)
            self._replace(worker)
            if time.monotonic() >= deadline:
                raise QueryTimeoutError(f"query ran past its timeout of {timeout:g} s") from None
            raise QueryMemoryError(
                f"query stopped: it needed more than the memory limit of "
                f"{self.memory_limit >> 20:,} MiB (worker exit status {code})"
            ) from None
        self._idle.put(worker)
        return reply[2], _result(reply[:2])

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._discard(worker)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _result(reply: tuple[Any, ...]) -> QueryResult:
    """A worker's reply as the shape ``KnowledgeGraph.query`` returns."""
    from rdflib import Graph, Variable
    from rdflib.query import ResultRow

    kind, value = reply
    if kind == "error":
        name, message = value
        raise _ERRORS.get(name, QueryError)(message)
    if kind == "select":
        names, rows, truncated = value
        labels = [Variable(n) for n in names]
        out = SelectResult(list(names), truncated=truncated)
        out.rows = [
            ResultRow({v: t for v, t in zip(labels, row, strict=True) if t is not None}, labels)
            for row in rows
        ]
        return out
    if kind == "graph":
        graph = Graph()
        for triple in value:
            graph.add(triple)
        return graph
    return bool(value) if kind == "ask" else None


def _reply(result: QueryResult) -> tuple[str, Any]:
    from rdflib import Graph

    if isinstance(result, bool):
        return "ask", result
    if isinstance(result, Graph):
        return "graph", list(result)
    if isinstance(result, SelectResult):
        return "select", (result.vars, [tuple(row) for row in result.rows], result.truncated)
    return "none", None


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(
    parent: int, read_fd: int, write_fd: int, location: str, base_iri: str, memory_limit: int
) -> None:
    """The worker's loop: open the store, answer jobs until the pipe closes."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    requests = Connection(read_fd, writable=False)
    replies = Connection(write_fd, readable=False)
    from kg.store.backend import QueryRequest
    from kg.store.graph import KnowledgeGraph

    def open_store() -> KnowledgeGraph:
        return KnowledgeGraph.open(location, read_only=True, base_iri=base_iri or None)

    graph: KnowledgeGraph | None = None
    generation = -1
    try:
        graph = open_store()
        replies.send(("ready", None))
    except KGError as err:
        replies.send(("error", ("StoreError", " ".join(str(err).split()))))
    _limit_memory(memory_limit)  # after the imports: they are not what the limit is for
    deny_network()  # the whole worker: no IPv4 or IPv6 socket, whatever the check missed
    while True:
        reply: tuple[str, Any, str]
        try:
            sparql, init_ns, limit, wanted = requests.recv()
        except (EOFError, OSError):
            return
        try:
            if graph is None or wanted != generation:
                if graph is not None and generation != -1:
                    graph.close()
                    graph = None
                graph = graph or open_store()
                generation = wanted
            prefixes = {**graph.prefixes, **init_ns}
            checked = check_query(
                sparql, prefixes=prefixes, allow_update=True, graph_exists=graph.backend.has_graph
            )
            if checked.kind == "UPDATE":
                raise QueryError("this endpoint is read-only: no updates")
            result = graph.backend.run(QueryRequest(checked, prefixes, limit=limit))
            reply = (*_reply(result), checked.kind)
        except KGError as err:
            name = "StoreError" if isinstance(err, StoreError) else "QueryError"
            reply = ("error", (name, " ".join(str(err).split())), "")
        except MemoryError:
            os._exit(3)  # the parent reports the memory limit
        replies.send(reply)


if __name__ == "__main__":
    _serve(
        int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5],
        int(sys.argv[6]),
    )  # fmt: skip
