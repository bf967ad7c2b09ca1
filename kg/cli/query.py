"""``kg query``: a SPARQL query against the graph (``KnowledgeGraph.query``), its result
as a table or in a W3C result format (``kg.query.format_result``)."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from kg.cli._app import (
    StoreOpt,
    UpdateUrlOpt,
    err,
    open_store,
    print_table,
    query_text,
    timeout_option,
)
from kg.errors import KGError

#: The most rows ``kg query`` prints as a table without ``--limit``.
TABLE_ROW_LIMIT = 10_000


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def query_cli(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE to read it from a file.")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Result format.")] = (
        QueryFormat.table
    ),
    timeout: Annotated[float, timeout_option("Seconds before the query is stopped.")] = 30.0,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="Print at most this many rows (table default: 10,000; others: all).",
            show_default=False,
        ),
    ] = None,
    allow_update: Annotated[
        bool,
        typer.Option("--allow-update", help="Allow SPARQL updates (INSERT, DELETE, DROP ...)."),
    ] = False,
) -> None:
    """Run a SPARQL query against the graph (read-only unless --allow-update).

    csv, tsv and json are the W3C SPARQL 1.1 result formats; table is for people.
    SERVICE, LOAD, updates (without --allow-update) and FROM with outside IRIs are
    refused; a query running past --timeout is stopped; --limit caps the rows (a
    table stops at 10,000 unless told). The ent:, rel: and doc: prefixes follow the
    base IRI the store was built with.

    Example:

    \b
        kg query 'SELECT ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name }' --limit 10
    """
    from kg.query import format_result, lint_query, relation_names, result_rows

    sparql = query_text(sparql)
    cap = limit
    if cap is None and fmt is QueryFormat.table:
        cap = TABLE_ROW_LIMIT  # a table of millions of rows helps nobody, and takes memory
    with open_store(store, update_url, read_only=not allow_update) as graph:
        try:  # what cannot match, said before the query runs (it runs all the same)
            relations: list[str] | None = relation_names(graph.query, graph.prefixes["rel"])
        except KGError:  # a store that cannot list its relations now: lint the rest
            relations = None
        for warning in lint_query(
            sparql, prefixes=graph.prefixes, relations=relations, undeclared=False
        ):
            err.print(f"kg: warning: {warning}", markup=False)
        result = graph.query(sparql, timeout=timeout, limit=cap, allow_update=allow_update)
        if getattr(result, "truncated", False):
            if limit is None:
                err.print(
                    f"kg: table cut at {cap:,} rows; --limit N shows more, "
                    "--format csv/tsv/json all",
                    markup=False,
                )
            else:
                err.print(f"kg: results cut at --limit {limit}", markup=False)
        if result is None:
            err.print("Update done", markup=False)
        elif fmt is QueryFormat.table:
            print_table(*result_rows(result, prefixes=graph.prefixes))
        else:
            sys.stdout.write(format_result(result, fmt.value))
