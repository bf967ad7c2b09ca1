"""The graph ``kg serve`` answers from: reopened after a build changed its store.

When the store's files change (a ``kg build`` wrote to it) and then stay
unchanged for ``reload_interval`` seconds, :meth:`Snapshots.current` reopens
it, read-only; requests in flight keep the old snapshot until they end. What
is slow to compute from a snapshot (the index page, the networkx view) is
computed once per snapshot (:meth:`Snapshots.cached`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph

T = TypeVar("T")
_Signature = tuple[tuple[str, int, int], ...] | None


class Snapshots:
    """The current snapshot of a served graph, and values computed once per snapshot.

    Attributes:
        graph: the graph now answered from.
        reload_interval: seconds between looks at the store's files (None: never reopen).
    """

    def __init__(
        self,
        graph: KnowledgeGraph,
        *,
        reload_interval: float | None,
        log: Callable[[str], None] | None = None,
        on_reopen: Callable[[], None] = lambda: None,
    ) -> None:
        self.graph = graph
        self.reload_interval = reload_interval
        self._log = log
        self._on_reopen = on_reopen
        self._reload_lock = threading.Lock()
        self._next_look = 0.0
        self._signature = self._look()
        self._changing: _Signature = None
        self._cache_lock = threading.Lock()
        self._cache_graph: KnowledgeGraph | None = None
        self._cache: dict[str, list[Any]] = {}

    def cached(self, graph: KnowledgeGraph, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, once per snapshot of the store: the index page, the view's graph.

        Each reopened store starts afresh; meanwhile one request computes, the
        others wait for it (a whole-graph view of 200 articles takes seconds). A
        graph that can change under the server (in memory, or open for writing) is
        never cached.
        """
        if not graph.read_only or graph.location is None:
            return compute()
        with self._cache_lock:
            if self._cache_graph is not graph:
                self._cache_graph, self._cache = graph, {}
            entry = self._cache.setdefault(key, [threading.Lock(), None])
        with entry[0]:
            if entry[1] is None:
                entry[1] = (compute(),)
        value: T = entry[1][0]
        return value

    def _look(self) -> _Signature:
        from kg.store.oxigraph import store_signature

        location = self.graph.location
        return None if location is None else store_signature(location)

    def current(self) -> KnowledgeGraph:
        """The graph to answer with: reopened when the store changed and then kept still."""
        if self.reload_interval is None or self.graph.location is None:
            return self.graph
        now = time.monotonic()
        if now < self._next_look or not self._reload_lock.acquire(blocking=False):
            return self.graph
        try:
            self._next_look = now + self.reload_interval
            seen = self._look()
            if seen == self._signature:
                return self.graph
            if seen != self._changing:  # still changing: look again later
                self._changing = seen
                return self.graph
            self._reopen(seen)
        finally:
            self._reload_lock.release()
        return self.graph

    def _reopen(self, signature: _Signature) -> None:
        from kg.store.graph import KnowledgeGraph

        graph = self.graph
        if graph.read_only and graph.location is not None:
            try:  # requests in flight keep the old snapshot until they end
                self.graph = KnowledgeGraph.open(
                    graph.location, read_only=True, base_iri=graph.base_iri
                )
            except KGError as exc:
                if self._log is not None:
                    self._log(f"kg serve: could not reopen the store: {exc}")
                return
        self._signature = signature
        self._on_reopen()
        if self._log is not None:
            self._log(f"kg serve: the store changed; reopened {graph.location}")
