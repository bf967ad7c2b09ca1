"""Extraction on a Dask cluster, disk to disk: documents → N-Quads shards → the store.

The main process reads the documents and groups them into *shards* of about
``SHARD_CHARS`` characters. Each shard is sent to a Dask worker, which parses it,
extracts it and writes its quads (``kg.rdf.quads.document_ox_quads``, the very quads the
store would write) to ``shard-<hash>.nq`` in the shard directory, atomically.
Shards are named by what they hold (document ids, content hashes, extractor
version, base IRI), so a repeated run finds its finished shards and skips them;
only missing shards are extracted. Finished shards are bulk-loaded into the
store (``KnowledgeGraph.load``) in input order, each in one transaction.

Dask is an optional extra: ``pip install 'kg[dask]'``. Without a scheduler address
a ``LocalCluster`` of one single-threaded worker process per CPU core is started.
On a real cluster, every worker needs kg (and its spaCy model) installed and the
shard directory on a shared file system; start workers with ``--nthreads 1``
(a worker runs one spaCy parse at a time).

Example:
    >>> from kg.io import Document
    >>> shards = shard_documents([Document("a", "x" * 60), Document("b", "y"),
    ...                           Document("c", "z" * 40)], shard_chars=50)
    >>> [[d.doc_id for d in shard] for shard in shards]
    [['a'], ['b', 'c']]
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.extract.pipeline import runs
from kg.io import Document
from kg.model import DocumentGraph

if TYPE_CHECKING:
    from kg.run.documents import Progress
    from kg.store.graph import KnowledgeGraph

#: Characters of text per shard (about 350,000 words: a minute or two of one worker).
SHARD_CHARS = 2_000_000
#: Shards in flight per Dask worker (bounds the main process's memory).
SHARDS_PER_WORKER = 2
#: The file name suffix of a shard.
SHARD_SUFFIX = ".nq"

_MISSING_DASK = "the dask executor needs Dask: pip install 'kg[dask]'"
# One spaCy parse at a time per process, even on a worker with several threads.
_PARSE_LOCK = threading.Lock()


def shard_documents(
    documents: Iterable[Document], *, shard_chars: int = SHARD_CHARS
) -> Iterator[list[Document]]:
    """Group consecutive documents into shards of about ``shard_chars`` characters."""
    return runs(documents, lambda document: len(document.text), max_size=shard_chars)


def shard_name(documents: Iterable[Document], *, base_iri: str) -> str:
    """The file name of a shard: a hash of its documents, the base IRI and kg's version.

    Example:
        >>> shard_name([Document("a", "Ann met Bo.")], base_iri="https://kg.example.org/")[:6]
        'shard-'
    """
    from kg._version import __version__
    from kg.rdf.terms import content_hash

    digest = hashlib.sha256(f"{__version__}\x00{base_iri}".encode())
    for d in documents:
        key = f"\x01{d.doc_id}\x00{d.source or ''}\x00{content_hash(d.text)}"
        digest.update(key.encode("utf-8", "surrogatepass"))
    return f"shard-{digest.hexdigest()[:24]}{SHARD_SUFFIX}"


def extract_shard(
    documents: list[Document], path: str | Path, *, base_iri: str, batch_size: int = 16
) -> list[tuple[str, str | None, int]]:
    """Extract a shard's documents and write their quads to ``path`` (N-Quads), atomically.

    Runs on a Dask worker (or anywhere): parses in this process, one parse at a time.

    Returns:
        ``(doc_id, source, triples)`` for each document, in order.
    """
    import pyoxigraph as ox

    from kg.extract.pipeline import document_graphs
    from kg.rdf.quads import document_ox_quads

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    summary: list[tuple[str, str | None, int]] = []
    quads: list[ox.Quad] = []
    with _PARSE_LOCK:
        for dg in document_graphs(documents, batch_size=batch_size):
            quads.extend(document_ox_quads(dg, base=base_iri))
            summary.append((dg.doc_id, dg.source, len(dg.triples)))
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        ox.serialize(quads, tmp, ox.RdfFormat.N_QUADS)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return summary


def _client(scheduler: str | None, n_workers: int | None, processes: bool) -> tuple[Any, Any]:
    """A Dask client (and the LocalCluster it owns, or None)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise KGError(_MISSING_DASK) from exc
    if scheduler is not None:
        try:
            return Client(scheduler), None  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise KGError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=n_workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
    )
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def shard_directory(graph: KnowledgeGraph, shards: str | Path | None) -> tuple[Path, bool]:
    """Where shards go: ``shards``, else ``<store>.shards`` beside an on-disk store, else a
    temporary directory; and whether it is temporary."""
    if shards is not None:
        return Path(shards), False
    location = getattr(graph, "location", None)
    if isinstance(location, Path):
        return location.with_name(location.name + ".shards"), False
    return Path(tempfile.mkdtemp(prefix="kg-shards-")), True


def build_distributed(
    documents: Iterable[Document],
    graph: KnowledgeGraph,
    *,
    scheduler: str | None = None,
    shards: str | Path | None = None,
    shard_chars: int = SHARD_CHARS,
    n_workers: int | None = None,
    processes: bool = True,
    on_progress: Progress | None = None,
) -> list[Path]:
    """Extract documents on a Dask cluster into N-Quads shards, then load them into ``graph``.

    Args:
        documents: the documents (read here, sent to the workers shard by shard).
        graph: the store to load the shards into (its base IRI names the quads).
        scheduler: a Dask scheduler address (``tcp://host:8786``); None starts a
            ``LocalCluster``.
        shards: the shard directory (see ``shard_directory``); shards already in it
            are reused, not extracted again.
        shard_chars: characters of text per shard.
        n_workers: workers of the ``LocalCluster`` (default: one per CPU core).
        processes: ``LocalCluster`` workers are processes (True) or threads.
        on_progress: called for each document as its shard is loaded, with a stub
            ``DocumentGraph`` (id and source; its triples went to the shard).

    Returns:
        The shard files loaded, in input order.

    Raises:
        KGError: Dask is not installed, or the scheduler cannot be reached.
    """
    import shutil

    directory, temporary = shard_directory(graph, shards)
    directory.mkdir(parents=True, exist_ok=True)
    client: Any = None
    cluster: Any = None
    loaded: list[Path] = []
    window: deque[tuple[Path, Any]] = deque()
    limit = SHARDS_PER_WORKER

    def finish() -> None:
        path, job = window.popleft()
        summary = job if isinstance(job, list) else job.result()
        graph.load(path, format="nquads")
        loaded.append(path)
        for doc_id, source, _ in summary:
            if on_progress is not None:
                on_progress(doc_id, DocumentGraph(doc_id, "", source=source), None)

    try:
        for shard in shard_documents(documents, shard_chars=shard_chars):
            path = directory / shard_name(shard, base_iri=graph.base_iri)
            if path.is_file():  # finished by an earlier run
                window.append((path, [(d.doc_id, d.source, 0) for d in shard]))
            else:
                if client is None:  # started only when there is something to extract
                    client, cluster = _client(scheduler, n_workers, processes)
                    workers = len(client.scheduler_info().get("workers", {}))
                    limit = SHARDS_PER_WORKER * max(1, workers)
                job = client.submit(
                    extract_shard, shard, str(path), base_iri=graph.base_iri, pure=False
                )
                window.append((path, job))
            while len(window) > limit:
                finish()
        while window:
            finish()
    finally:
        for _, job in window:
            if not isinstance(job, list):
                job.cancel()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        if temporary:
            shutil.rmtree(directory, ignore_errors=True)
    return loaded
