"""Safe SPARQL: check a query before it runs, run it with a timeout, format its result.

A user query is parsed with rdflib's SPARQL parser and its algebra walked before
Oxigraph sees it, and the engine then runs the very text that was checked
(``engine_text``): the two parsers disagree on raw text (a comment ended by a
bare carriage return is one for Oxigraph and not for rdflib; rdflib expands
``\\u`` escapes before parsing, Oxigraph only inside strings), so line ends are
made ``\\n`` and codepoint escapes expanded first, and both read one text.
The thread that evaluates a user query has no network (``kg._sandbox``): a
second layer for a check that is ever wrong. Rejected:

- ``SERVICE`` (it sends the query to another server; rdflib and Oxigraph both
  would make the HTTP request),
- ``LOAD`` (it reads files and URLs), even when updates are allowed,
- any update (``INSERT``, ``DELETE``, ``DROP``, ...) unless ``allow_update=True``,
- ``FROM``, ``FROM NAMED`` and ``USING`` with an IRI that is not a graph of the store.

Results have one documented shape per query form:

- ``SELECT`` → ``SelectResult`` (``.vars``, ``.rows`` of rdflib ``ResultRow``, ``.truncated``),
- ``ASK`` → ``bool``,
- ``CONSTRUCT`` / ``DESCRIBE`` → ``rdflib.Graph``,
- an allowed update → ``None``.

Example:
    >>> check_query("SELECT * WHERE { ?s ?p ?o }").kind
    'SELECT'
    >>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SERVICE is not allowed: it would send the query to <http://example.org/sparql>
"""

from __future__ import annotations

import csv
import io
import json
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef, Variable
from rdflib import Literal as RDFLiteral
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier, Node

from kg._sandbox import deny_network
from kg.errors import FormatError, QueryError, QueryTimeoutError, StoreError, value_invalid_msg
from kg.rdf.terms import from_oxigraph, to_oxigraph

#: Seconds a query may run by default.
DEFAULT_TIMEOUT = 30.0
#: Output formats of ``format_result``: a text table, or the W3C SPARQL 1.1 result formats.
RESULT_FORMATS = ("table", "csv", "tsv", "json")

#: Held while rdflib parses SPARQL: its parser (pyparsing) is not thread-safe, and
#: concurrent parses break it for the rest of the process. Hold it around any other
#: use of rdflib's SPARQL parser in a threaded program.
PARSER_LOCK = threading.RLock()

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "UPDATE"]
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CheckedQuery:
    """A query that passed ``check_query``.

    Attributes:
        sparql: the query text.
        kind: ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"``, ``"DESCRIBE"`` or ``"UPDATE"``.
        dataset: the IRIs of its ``FROM`` / ``FROM NAMED`` / ``USING`` clauses; when
            there are any, the query's own dataset replaces the store's default graph.
    """

    sparql: str
    kind: QueryForm
    dataset: tuple[URIRef, ...] = ()


@dataclass(slots=True)
class SelectResult:
    """The rows of a ``SELECT`` query.

    Attributes:
        vars: the projected variable names, in order (without ``?``).
        rows: one rdflib ``ResultRow`` per solution (a tuple; ``row.name`` and
            ``row["name"]`` also work); an unbound variable is ``None``.
        truncated: True when rows were cut at the ``limit`` given to the query.
    """

    vars: list[str]
    rows: list[ResultRow] = field(default_factory=list)
    truncated: bool = False

    def __iter__(self) -> Iterator[ResultRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def bindings(self) -> list[dict[str, Identifier]]:
        """The rows as dicts from variable name to term, leaving out unbound variables."""
        return [
            {v: t for v, t in zip(self.vars, row, strict=True) if t is not None} for row in self
        ]

    def to_rdflib(self) -> Result:
        """The rows as an rdflib ``Result`` (to use rdflib's result serialisers)."""
        result = Result("SELECT")
        result.vars = [Variable(v) for v in self.vars]
        result.bindings = [{Variable(k): t for k, t in b.items()} for b in self.bindings()]
        return result


QueryResult = SelectResult | bool | Graph | None


# ---------------------------------------------------------------- checking


def _walk(node: object) -> Iterator[Mapping[str, Any]]:
    """Every CompValue (a named dict) in an rdflib parse tree or algebra, depth first."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            yield item
            stack.extend(v for k, v in item.items() if k != "_vars")
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            stack.extend(iter(item))  # type: ignore[call-overload]


def _name(node: Mapping[str, Any]) -> str:
    return str(getattr(node, "name", ""))


def engine_text(sparql: str) -> str:
    """The query text that the check and the engine both read: one reading for both parsers.

    Codepoint escapes (``\\u0041``, ``\\U0001F600``) are expanded, as SPARQL says
    they are before parsing (rdflib does it, Oxigraph does not), and every line end
    (``\\r\\n``, a bare ``\\r``) becomes ``\\n``, the only one both parsers agree
    ends a comment. So a raw carriage return inside a long string literal becomes a
    newline (as kg's stored text has it anyway; write ``\\r`` to keep one).

    Raises:
        QueryError: an escape that names no character, or escapes that spell new
            escapes once expanded (``\\u005Cu0041``): they would read one way to
            one parser and another way to the other.

    Example:
        >>> engine_text("ASK { ?s ?p ?o } # note\\rSERVICE")
        'ASK { ?s ?p ?o } # note\\nSERVICE'
        >>> engine_text('ASK { ?s ?p "caf\\\\u00E9" }')
        'ASK { ?s ?p "café" }'
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, expandUnicodeEscapes_re

    if not isinstance(sparql, str):
        raise QueryError(f"a query is a str, not {type(sparql).__name__}")
    text = sparql
    if "\\" in text:
        try:
            text = expandUnicodeEscapes(text)
        except ValueError as err:
            raise QueryError(f"malformed SPARQL: {err}") from err
        if expandUnicodeEscapes_re.search(text):
            raise QueryError(
                "malformed SPARQL: a codepoint escape spells another escape (such as "
                "\\u005Cu0041); write the character itself"
            )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_query(
    sparql: str,
    *,
    prefixes: Mapping[str, str] | None = None,
    allow_update: bool = False,
    graph_exists: Callable[[URIRef], bool] | None = None,
) -> CheckedQuery:
    """Parse ``sparql`` with rdflib and reject what is not safe to run.

    The query is first brought to ``engine_text``; the checked query holds that
    text, and ``execute`` runs it and nothing else.

    Args:
        sparql: a SPARQL 1.1 query (or update, with ``allow_update``).
        prefixes: prefixes the query may use without declaring them.
        allow_update: accept updates (never ``LOAD``).
        graph_exists: tells whether an IRI is a graph of the store; without it,
            every ``FROM`` / ``FROM NAMED`` / ``USING`` is rejected.

    Returns:
        The checked query, with its form and its dataset IRIs.

    Raises:
        QueryError: when the query is malformed (chained to the parser's error)
            or not allowed.

    Example:
        >>> check_query("ASK { ?s kg:confidence ?c }", prefixes={"kg": "urn:kg#"}).kind
        'ASK'
        >>> check_query("DELETE WHERE { ?s ?p ?o }")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.QueryError: updates are not allowed here (DELETE WHERE); pass allow_update=...
    """
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    sparql = engine_text(sparql)
    init_ns = dict(prefixes or {})
    trees: list[object]
    # rdflib's parser (pyparsing) is not thread-safe: two parses at once corrupt it for
    # the rest of the process. One parse at a time, in every thread.
    with PARSER_LOCK:
        try:
            parsed = parseQuery(sparql)
            algebra = translateQuery(parsed, initNs=init_ns).algebra
            kind: QueryForm = _FORMS.get(_name(algebra), "SELECT")
            trees = [parsed, algebra]
        except RecursionError as err:
            raise QueryError(_too_complex()) from err
        except Exception as query_error:  # rdflib raises bare Exception for unknown prefixes
            try:
                parsed_update = parseUpdate(sparql)
                update = translateUpdate(parsed_update, initNs=init_ns)
                operations = getattr(update, "algebra", None)
            except RecursionError as err:
                raise QueryError(_too_complex()) from err
            except Exception:
                raise QueryError(f"malformed SPARQL: {query_error}") from query_error
            if not operations:  # only whitespace, comments or prefixes: an empty update
                raise QueryError(f"malformed SPARQL: {query_error}") from query_error
            kind, trees = "UPDATE", [parsed_update, operations]

    dataset: list[URIRef] = []
    names: list[str] = []
    for node in (n for tree in trees for n in _walk(tree)):
        name = _name(node)
        if name == "ServiceGraphPattern":
            raise QueryError(
                f"SERVICE is not allowed: it would send the query to <{node.get('term')}>"
            )
        if name == "Load":
            raise QueryError(f"LOAD is not allowed: it would read <{node.get('iri')}>")
        if name in ("DatasetClause", "UsingClause"):
            # (CompValue.get has no default argument: test membership instead.)
            dataset += [node[k] for k in ("default", "named") if isinstance(node.get(k), URIRef)]
        if kind == "UPDATE" and name in _UPDATE_OPERATIONS:
            names.append(_UPDATE_OPERATIONS[name])
    if kind == "UPDATE" and not allow_update:
        ops = ", ".join(dict.fromkeys(names)) or "update"
        raise QueryError(
            f"updates are not allowed here ({ops}); pass allow_update=True "
            "(kg query --allow-update)"
        )
    for iri in dict.fromkeys(dataset):
        if graph_exists is None or not graph_exists(iri):
            raise QueryError(f"<{iri}> in FROM / FROM NAMED / USING is not a graph of the store")
    return CheckedQuery(sparql, kind, tuple(dict.fromkeys(dataset)))


#: About how many triple patterns in a row (``?a ?b ?c . ?d ?e ?f . ...``, or ``;`` lists)
#: rdflib's parser takes: it recurses about ten levels deep per pattern, up to Python's
#: recursion limit. Groups (``{ ... } { ... }``) do not add up.
PATTERNS_IN_A_ROW = 80


def _too_complex() -> str:
    return (
        f"the query is too complex to check: more than about {PATTERNS_IN_A_ROW} triple "
        f"patterns in a row nest deeper than Python's recursion limit "
        f"({sys.getrecursionlimit():,}); split them into groups {{ ... }} {{ ... }}"
    )


_UPDATE_OPERATIONS = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}


# ---------------------------------------------------------------- running


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


# ---------------------------------------------------------------- formatting


def compact(node: Node | None, prefixes: Mapping[str, str]) -> str:
    """A term to display: ``prefix:local`` for an IRI a prefix fits, ``_:id`` for a blank node."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        best = max((ns for ns in prefixes.values() if node.startswith(ns)), key=len, default="")
        local = node[len(best) :]
        if best and local and all(c.isalnum() or c in "-_." for c in local):
            prefix = next(p for p, ns in prefixes.items() if ns == best)
            return f"{prefix}:{local}"
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def result_rows(
    result: QueryResult, *, prefixes: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of display strings, for a table (IRIs compacted with ``prefixes``).

    ``ASK`` gives one ``boolean`` column; ``CONSTRUCT`` / ``DESCRIBE`` give
    ``subject``, ``predicate``, ``object``; an update gives no rows.

    Example:
        >>> r = SelectResult(["name"], [ResultRow({Variable("name"): RDFLiteral("Ann")},
        ...                                       [Variable("name")])])
        >>> result_rows(r)
        (['name'], [['Ann']])
    """
    ns = dict(prefixes or {})
    if result is None:
        return [], []
    if isinstance(result, bool):
        return ["boolean"], [["true" if result else "false"]]
    if isinstance(result, Graph):
        triples = sorted(result, key=lambda t: tuple(n.n3() for n in t))
        return ["subject", "predicate", "object"], [[compact(n, ns) for n in t] for t in triples]
    return list(result.vars), [[compact(n, ns) for n in row] for row in result]


def _nt(node: Node | None) -> str:
    """A term in N-Triples syntax on one line (the TSV result format's cell)."""
    if node is None:
        return ""
    if isinstance(node, RDFLiteral):
        text = str(node)
        for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
            text = text.replace(raw, escaped)
        text = text.replace("\t", "\\t")
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype:
            return f'"{text}"^^<{node.datatype}>'
        return f'"{text}"'
    return node.n3()


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not headers:
        return ""
    cells = [[" ".join(c.split()) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def format_result(
    result: QueryResult,
    fmt: str = "table",
    *,
    prefixes: Mapping[str, str] | None = None,
) -> str:
    """Serialise a query result as text.

    Args:
        result: what ``KnowledgeGraph.query`` returned.
        fmt: ``"table"`` (aligned text), or the W3C SPARQL 1.1 result formats
            ``"csv"``, ``"tsv"``, ``"json"``. An ``ASK`` result in csv/tsv is
            ``true`` or ``false``; a graph in csv/tsv is subject, predicate, object
            rows, and in json is JSON-LD.
        prefixes: namespaces to compact IRIs with in ``"table"``.

    Raises:
        FormatError: for an unknown ``fmt``.

    Example:
        >>> n = Variable("n")
        >>> r = SelectResult(["n"], [ResultRow({n: RDFLiteral("a\\tb")}, [n])])
        >>> format_result(r, "tsv")
        '?n\\n"a\\\\tb"\\n'
        >>> format_result(True, "json")
        '{"head": {}, "boolean": true}\\n'
    """
    if fmt not in RESULT_FORMATS:
        raise FormatError(value_invalid_msg("result format", fmt, RESULT_FORMATS))
    if fmt == "table":
        return _table(*result_rows(result, prefixes=prefixes))
    if result is None:
        return ""
    if isinstance(result, bool):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result}) + "\n"
        return ("true" if result else "false") + "\n"
    if isinstance(result, Graph):
        if fmt == "json":
            return result.serialize(format="json-ld")
        triples = sorted(result, key=lambda t: tuple(n.n3() for n in t))
        return _delimited(["subject", "predicate", "object"], triples, fmt)
    if fmt == "json":
        data = result.to_rdflib().serialize(format="json")
        return (data or b"").decode("utf-8") + "\n"
    return _delimited(result.vars, result.rows, fmt)


def _delimited(names: list[str], rows: Iterable[Iterable[Node | None]], fmt: str) -> str:
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_nt(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([["" if t is None else str(t) for t in row] for row in rows])
    return buffer.getvalue()
