"""The ``kg`` command: a thin face over the library.

Each command parses its options and calls the library function of the same
name. ``KGError`` is caught once, here: one line on stderr, exit status 1.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from kg._version import __version__
from kg.errors import InputError, KGError

app = typer.Typer(
    name="kg",
    help=(
        "Build a knowledge graph from English documents, query it with SPARQL, "
        "and look at it in the browser. Everything runs offline.\n\n"
        "Start with:  kg build article.txt --html graph.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = (
    "Where the graph lives: a directory (Oxigraph on disk, created if missing). "
    "Default: $KG_STORE, else ./kg-store."
)
StoreOpt = Annotated[
    Path | None, typer.Option("--store", "-s", help=STORE_HELP, show_default=False)
]


def _store_path(store: Path | None) -> Path:
    if store is not None:
        return store
    from kg.store import default_store_location

    return Path(default_store_location())


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"kg: error: {message}", markup=False)
    return typer.Exit(code)


def user_errors(func: F) -> F:
    """Turn kg's own errors into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise _fail(str(exc)) from None
        except KeyboardInterrupt:
            raise _fail("interrupted", 130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
        except OSError as exc:  # the disk or the file system said no: not a kg bug
            raise _fail(_os_error_message(exc)) from None

    return wrapper  # type: ignore[return-value]


def _os_error_message(exc: OSError) -> str:
    """``path: reason`` for an ``OSError`` (``str(exc)`` when it names no file)."""
    if exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """kg: knowledge graphs from documents."""


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    tsv = "tsv"
    carb = "carb"


_TSV_FIELDS = (
    "doc", "subject", "relation", "object", "subject_type", "object_type", "polarity",
    "modality", "attribution", "confidence", "start", "end", "sentence_start", "sentence_end",
    "sentence",
)  # fmt: skip


def _tsv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@app.command("extract")
@user_errors
def extract_cli(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExtractFormat.jsonl
    ),
    sentence_per_line: Annotated[
        bool,
        typer.Option(
            "--sentence-per-line",
            help="Treat each input line as one sentence (not re-split); carb echoes it unchanged.",
        ),
    ] = False,
) -> None:
    """Print the triples of documents to stdout, without storing them.

    jsonl: one JSON object per triple (doc, subject, relation, object, their types,
    polarity, modality, attribution, asserted, confidence, sentence, offsets).
    tsv: the same fields, tab separated, with a header line.
    carb: the Open IE layer in the CaRB benchmark's tab format.

    Example:

        kg extract article.txt --format jsonl | head
    """
    from kg.api import extract_documents
    from kg.io import expand_paths, read_document

    failures = 0

    def report(item: object, graph: object, exc: Exception | None) -> None:
        nonlocal failures
        if exc is not None:
            failures += 1
            err.print(f"kg: skipped {exc}", markup=False)

    out = sys.stdout
    names = list(expand_paths(paths))
    if fmt is ExtractFormat.carb:
        from kg.extract.carb import to_carb

        for name in names:
            try:
                text = read_document(name).text
            except InputError as exc:
                report(name, None, exc)
                continue
            for line in to_carb(text, sentence_per_line=sentence_per_line):
                out.write(line + "\n")
    else:
        if fmt is ExtractFormat.tsv:
            out.write("\t".join(_TSV_FIELDS) + "\n")
        graphs = extract_documents(names, on_progress=report, sentence_per_line=sentence_per_line)
        for graph in graphs:
            for triple in graph.triples:
                record = triple.as_dict()
                if fmt is ExtractFormat.jsonl:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    out.write("\t".join(_tsv_cell(record[k]) for k in _TSV_FIELDS) + "\n")
    out.flush()
    if failures:
        raise typer.Exit(1)


@app.command("build")
@user_errors
def build_cli(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")],
    store: StoreOpt = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML view of the graph here.")
    ] = None,
    base_iri: Annotated[
        str | None, typer.Option("--base-iri", help="Namespace for minted entity IRIs.")
    ] = None,
) -> None:
    """Extract documents and store their triples in the graph.

    A document already stored with the same content is skipped; changed
    content replaces its earlier version. Files that cannot be read are
    reported and skipped; the others are still stored, and the exit status
    is 1.

    Example:

        kg build notes/ report.txt --store my-graph --html graph.html
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kg.api import build
    from kg.io import expand_paths

    names = list(expand_paths(paths))
    if not names:
        raise InputError("no documents found in: " + ", ".join(paths))
    location = _store_path(store)
    failures = 0
    stored = 0
    triples = 0
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = progress.add_task("extracting", total=len(names))

    def report(item: object, graph: Any, exc: Exception | None) -> None:
        nonlocal failures, stored, triples
        if exc is not None:
            failures += 1
            progress.console.print(f"kg: skipped {exc}", markup=False)
        else:
            stored += 1
            triples += len(graph.triples)
        progress.advance(task)

    with progress:
        graph = build(names, str(location), base_iri=base_iri, on_progress=report)
    try:
        if html is not None:
            graph.render(html)
    finally:
        graph.close()
    err.print(
        f"Read {stored} document{'s' * (stored != 1)}, {triples} triples, into {location}"
        + (f"; wrote {html}" if html else ""),
        markup=False,
    )
    if failures:
        raise _fail(f"{failures} document{'s' * (failures != 1)} could not be read")


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


@app.command("query")
@user_errors
def query_cli(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE to read it from a file.")],
    store: StoreOpt = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Result format.")] = (
        QueryFormat.table
    ),
) -> None:
    """Run a read-only SPARQL query against the graph.

    csv, tsv and json are the W3C SPARQL 1.1 result formats; table is for people.
    SERVICE, LOAD, updates and FROM with outside IRIs are refused.

    Example:

        kg query 'SELECT ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name }'
    """
    from kg.api import open_graph
    from kg.io import decode
    from kg.query import format_result, result_rows

    if sparql.startswith("@"):
        name = sparql[1:]
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
        sparql = decode(data, name=name)  # BOMs and UTF-16 too; binary files refused
    location = _store_path(store)
    if not location.exists():
        raise InputError(f"{location}: no such store; build one with 'kg build'")
    with open_graph(location, read_only=True) as graph:
        result = graph.query(sparql)
        if fmt is QueryFormat.table:
            _print_table(*result_rows(result, prefixes=graph.prefixes))
        else:
            sys.stdout.write(format_result(result, fmt.value))


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    from rich.table import Table

    table = Table(show_lines=False)
    for name in header:
        table.add_column(name, overflow="fold")  # wrap long values; never cut them short
    for row in rows:
        table.add_row(*row)
    Console(highlight=False).print(table)
    err.print(f"{len(rows)} row{'s' * (len(rows) != 1)}", markup=False)


@app.command("render")
@user_errors
def render_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    store: StoreOpt = None,
) -> None:
    """Write an interactive HTML view of the graph (one file, works offline).

    Example:

        kg render -o graph.html && xdg-open graph.html
    """
    from kg.api import open_graph

    location = _store_path(store)
    if not location.exists():
        raise InputError(f"{location}: no such store; build one with 'kg build'")
    with open_graph(location, read_only=True) as graph:
        graph.render(output)
    err.print(f"Wrote {output}", markup=False)


class ExportFormat(StrEnum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"


_SUFFIX_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".jsonld": "jsonld",
                   ".json": "jsonld"}  # fmt: skip


@app.command("export")
@user_errors
def export_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    store: StoreOpt = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="RDF format; default: from the file extension."),
    ] = None,
) -> None:
    """Export the whole graph as RDF (Turtle, TriG, N-Quads or JSON-LD).

    Example:

        kg export -o graph.trig
    """
    from kg.api import open_graph

    name = fmt.value if fmt else _SUFFIX_FORMATS.get(output.suffix.lower())
    if name is None:
        raise KGError(
            f"cannot tell the format of {output}; give --format (turtle, trig, nquads, jsonld)"
        )
    location = _store_path(store)
    if not location.exists():
        raise InputError(f"{location}: no such store; build one with 'kg build'")
    with open_graph(location, read_only=True) as graph:
        graph.export(output, format=name)
    err.print(f"Wrote {output} ({name})", markup=False)


@app.command("stats")
@user_errors
def stats_cli(store: StoreOpt = None) -> None:
    """Count what the graph holds: documents, entities, relations, statements.

    Example:

        kg stats --store my-graph
    """
    from kg.api import open_graph

    location = _store_path(store)
    if not location.exists():
        raise InputError(f"{location}: no such store; build one with 'kg build'")
    with open_graph(location, read_only=True) as graph:
        stats = graph.stats()
    rows = [[str(k), str(v)] for k, v in stats.items() if not isinstance(v, dict)]
    for key, value in stats.items():
        if isinstance(value, dict):
            rows += [[f"{key}: {k}", str(v)] for k, v in sorted(value.items())]
    _print_table(["what", "count"], rows)


def main() -> None:
    """Console-script entry point."""
    app()
