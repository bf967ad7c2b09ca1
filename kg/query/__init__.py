"""Safe SPARQL: check a query before it runs, run it with a timeout, format its result.

The package has one module per step: ``check`` (parse and refuse), ``execute``
(run in a sandboxed thread with a timeout), ``results`` (``SelectResult`` and its
rows as plain Python values), ``output`` (tables and the W3C result formats) and
``lint`` (what in a query cannot match). Import the names from ``kg.query``.

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

from kg.query.check import (
    PARSER_LOCK,
    PATTERNS_IN_A_ROW,
    CheckedQuery,
    QueryForm,
    check_query,
    engine_text,
)
from kg.query.execute import DEFAULT_TIMEOUT, execute, run_with_timeout, select_dicts
from kg.query.lint import lint_query, relation_names
from kg.query.output import RESULT_FORMATS, compact, format_result, result_rows
from kg.query.results import QueryResult, SelectResult, python_value

__all__ = [
    "DEFAULT_TIMEOUT",
    "PARSER_LOCK",
    "PATTERNS_IN_A_ROW",
    "RESULT_FORMATS",
    "CheckedQuery",
    "QueryForm",
    "QueryResult",
    "SelectResult",
    "check_query",
    "compact",
    "engine_text",
    "execute",
    "format_result",
    "lint_query",
    "python_value",
    "relation_names",
    "result_rows",
    "run_with_timeout",
    "select_dicts",
]
