"""Run a checked query on Oxigraph, in a sandboxed thread, with a timeout.

Example:
    >>> run_with_timeout(lambda cancel: 42, timeout=1)
    42
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

from kg._sandbox import deny_network
from kg.errors import QueryError, QueryTimeoutError, StoreError, value_invalid_msg
from kg.query.check import CheckedQuery
from kg.query.results import QueryResult, SelectResult
from kg.rdf.terms import from_oxigraph, to_oxigraph

#: Seconds a query may run by default.
DEFAULT_TIMEOUT = 30.0
T = TypeVar("T")


class _Cancelled(Exception):
    pass


def run_with_timeout(work: Callable[[threading.Event], T], timeout: float | None) -> T:
    """Run ``work(cancel)`` in a worker thread and give up after ``timeout`` seconds.

    ``timeout=None`` waits for it; it still runs in a thread of its own, so what
    ``work`` does to its thread (``kg._sandbox.deny_network``) stays there.

    ``work`` should check ``cancel.is_set()`` between steps and stop when it is.
    Oxigraph releases the GIL while it evaluates, so the caller regains control on
    time; a step that cannot be interrupted (sorting or grouping every solution)
    finishes in the background before the thread ends.

    Raises:
        QueryTimeoutError: when ``work`` is still running after ``timeout`` seconds.

    Example:
        >>> run_with_timeout(lambda cancel: 42, timeout=1)
        42
    """
    if timeout is not None and timeout <= 0:
        raise QueryError(value_invalid_msg("timeout", timeout) + "; expected seconds > 0")
    cancel = threading.Event()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work(cancel)
        except BaseException as err:  # handed to the caller below
            # Drop the frames' locals here: pyoxigraph results must die on their own thread.
            chained: BaseException | None = err
            while chained is not None:
                traceback.clear_frames(chained.__traceback__)
                chained = chained.__cause__ or chained.__context__
            outcome["error"] = err

    thread = threading.Thread(target=target, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if timeout is not None and thread.is_alive():
        cancel.set()
        raise QueryTimeoutError(f"query ran past its timeout of {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def _substitutions(
    init_bindings: Mapping[str, Node] | None,
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal]:
    out: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
    for name, value in (init_bindings or {}).items():
        term = to_oxigraph(value)
        if isinstance(term, ox.DefaultGraph):
            raise QueryError(value_invalid_msg("binding", value))
        out[ox.Variable(str(name).lstrip("?$"))] = term
    return out


def execute(
    store: ox.Store,
    checked: CheckedQuery,
    *,
    prefixes: Mapping[str, str] | None = None,
    init_bindings: Mapping[str, Node] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
) -> QueryResult:
    """Run a checked query on an Oxigraph store (on its default graph, unless ``FROM`` says).

    ``limit`` caps the rows of a ``SELECT`` (``truncated`` tells) and the triples of a
    ``CONSTRUCT`` / ``DESCRIBE``. Updates run to completion, without a timeout. Both
    run in a thread that cannot open network connections (``kg._sandbox``).

    Raises:
        QueryError: Oxigraph rejects the query.
        QueryTimeoutError: the query ran past ``timeout`` seconds.
        StoreError: the store failed while reading.
    """
    options: dict[str, Any] = {"prefixes": dict(prefixes or {})}
    if checked.kind == "UPDATE":

        def update(cancel: threading.Event) -> None:
            sandboxed = deny_network()
            try:
                store.update(checked.sparql, **options)
            except OSError as err:
                if sandboxed:
                    raise _network_denied(err) from err
                raise

        _call(lambda: run_with_timeout(update, None))
        return None
    options["substitutions"] = _substitutions(init_bindings)
    if limit is not None and limit < 0:
        raise QueryError(value_invalid_msg("limit", limit) + "; expected a count >= 0")

    def work(cancel: threading.Event) -> QueryResult:
        sandboxed = deny_network()  # this thread only: no connection, whatever the check missed
        try:
            return evaluate(cancel)
        except OSError as err:
            if sandboxed:
                raise _network_denied(err) from err
            raise

    def evaluate(cancel: threading.Event) -> QueryResult:
        result = store.query(checked.sparql, **options)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            labels = [Variable(v.value) for v in result.variables]
            out = SelectResult([str(v) for v in labels])
            for solution in result:
                if cancel.is_set():
                    raise _Cancelled
                if limit is not None and len(out.rows) >= limit:
                    out.truncated = True
                    break
                values = {
                    v: from_oxigraph(t)
                    for v, t in zip(labels, solution, strict=True)
                    if t is not None
                }
                out.rows.append(ResultRow(values, labels))
            return out
        graph = Graph()
        for triple in result:
            if cancel.is_set():
                raise _Cancelled
            if limit is not None and len(graph) >= limit:
                break
            graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                       from_oxigraph(triple.object)))  # fmt: skip
        return graph

    return _call(lambda: run_with_timeout(work, timeout))


def _network_denied(err: OSError) -> Exception:
    """The error for a query that tried to connect from its sandboxed thread (EACCES)."""
    if "os error 13" in str(err) or err.errno == 13:
        return QueryError(f"the query tried to reach the network, which kg queries cannot: {err}")
    return StoreError(f"the store failed while running the query: {err}")


def _call(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except _Cancelled as err:  # pragma: no cover - only reached after the caller gave up
        raise QueryTimeoutError("query cancelled") from err
    except SyntaxError as err:
        raise QueryError(f"malformed SPARQL: {err}") from err
    except OSError as err:
        raise StoreError(f"the store failed while running the query: {err}") from err
    except (ValueError, TypeError, RuntimeError) as err:  # Oxigraph evaluation errors
        raise QueryError(str(err)) from err


def select_dicts(
    store: ox.Store, sparql: str, *, prefixes: Mapping[str, str] | None = None
) -> list[dict[str, Identifier]]:
    """Run a trusted ``SELECT`` of kg's own (no check, no timeout).

    Returns:
        One dict per solution, from variable name to term (unbound variables left out).
    """
    result = store.query(sparql, prefixes=dict(prefixes or {}))
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("select_dicts needs a SELECT query")
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = {n: from_oxigraph(t) for n, t in zip(names, solution, strict=True) if t is not None}
        rows.append(row)
    return rows
