"""Check a SPARQL query before it runs: parse it with rdflib, walk it, refuse what is unsafe.

See ``kg.query`` for what is refused and why the engine runs ``engine_text``.

Example:
    >>> check_query("SELECT * WHERE { ?s ?p ?o }").kind
    'SELECT'
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from rdflib import URIRef

from kg.errors import QueryError
from kg.query.lint import unknown_prefix_message

T = TypeVar("T")

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


def _parse(sparql: str, init_ns: dict[str, str]) -> tuple[QueryForm, list[object]]:
    """The form of a query or update and the trees to walk: rdflib's parse and algebra."""
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(sparql)
        algebra = translateQuery(parsed, initNs=init_ns).algebra
        kind: QueryForm = _FORMS.get(_name(algebra), "SELECT")
        return kind, [parsed, algebra]
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
            raise QueryError(_malformed(sparql, init_ns, query_error)) from query_error
        if not operations:  # only whitespace, comments or prefixes: an empty update
            raise QueryError(f"malformed SPARQL: {query_error}") from query_error
        return "UPDATE", [parsed_update, operations]


# The parser recurses once per triple pattern in a row (``PATTERNS_IN_A_ROW``), so how many
# fit under the recursion limit must not depend on how deep the caller's stack is: every
# parse runs at the bottom of a thread of its own.
_parser_thread: ThreadPoolExecutor | None = None


def _on_parser_thread(function: Callable[..., T], *args: Any) -> T:
    global _parser_thread
    if _parser_thread is None:
        _parser_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-sparql-parse")
    return _parser_thread.submit(_without_memoization, function, *args).result()


def _without_memoization(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` with pyparsing's packrat memoization off, as rdflib expects.

    Packrat is a process-wide switch, and matplotlib's mathtext turns it on when it is
    imported (a PNG view does): with it, each triple pattern in a row costs more stack,
    and a 60-pattern query was refused as too complex. The switch is put back after.
    """
    from pyparsing import ParserElement

    saved = (ParserElement._parse, ParserElement._packratEnabled)
    if not saved[1]:
        return function(*args)
    ParserElement._parse, ParserElement._packratEnabled = ParserElement._parseNoCache, False
    try:
        return function(*args)
    finally:
        ParserElement._parse, ParserElement._packratEnabled = saved


def _forget_parser_thread() -> None:  # a forked child has the executor but not its thread
    global _parser_thread
    _parser_thread = None


os.register_at_fork(after_in_child=_forget_parser_thread)


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
    sparql = engine_text(sparql)
    init_ns = dict(prefixes or {})
    # rdflib's parser (pyparsing) is not thread-safe: two parses at once corrupt it for
    # the rest of the process. One parse at a time, in every thread.
    with PARSER_LOCK:
        kind, trees = _on_parser_thread(_parse, sparql, init_ns)

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


def _malformed(sparql: str, prefixes: Mapping[str, str], error: Exception) -> str:
    """The message for a query neither parser reads: an undeclared prefix in one line."""
    unknown = unknown_prefix_message(sparql, prefixes=prefixes)
    return f"malformed SPARQL: {unknown or error}"


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
