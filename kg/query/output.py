"""Result formatting: a text table, or the W3C SPARQL 1.1 result formats (CSV, TSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from kg.errors import FormatError, value_invalid_msg
from kg.query.results import QueryResult

#: Output formats of ``format_result``: a text table, or the W3C SPARQL 1.1 result formats.
RESULT_FORMATS = ("table", "csv", "tsv", "json")


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
        >>> from rdflib import Variable
        >>> from rdflib.query import ResultRow
        >>> from kg.query import SelectResult
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
        >>> from rdflib import Variable
        >>> from rdflib.query import ResultRow
        >>> from kg.query import SelectResult
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
