"""The ``kg`` command: a thin face over the library.

Each command parses its options and calls the library function of the same
name. ``KGError`` is caught once, here: one line on stderr, exit status 1.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from kg._version import __version__
from kg.errors import ExtractionError, InputError, KGError

if TYPE_CHECKING:
    from kg.model import EntityMention
    from kg.store.graph import KnowledgeGraph

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
    "Where the graph lives: a directory (Oxigraph on disk, created if missing), or the "
    "query URL of a SPARQL 1.1 endpoint (http://host:7878/query). "
    "Default: $KG_STORE, else ./kg-store."
)
StoreOpt = Annotated[str | None, typer.Option("--store", "-s", help=STORE_HELP, show_default=False)]
NProcessOpt = Annotated[
    int | None,
    typer.Option(
        "--n-process",
        "-j",
        min=1,
        help="Processes to parse in. Default: one per CPU core.",
        show_default=False,
    ),
]
UpdateUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--update-url",
        help="SPARQL Update URL of a remote store (default: the query URL ending /update).",
        show_default=False,
    ),
]


def _store_path(store: str | Path | None) -> Path:
    if store is not None:
        return Path(store)
    from kg.store.graph import default_store_location

    return Path(default_store_location())


def _store_location(store: str | Path | None) -> str | Path:
    """The store to open: a URL as given, else a directory (``_store_path``)."""
    from kg.store.graph import is_url

    if store is not None and is_url(store):
        return str(store)
    return _store_path(store)


def _open_store(
    store: str | Path | None,
    update_url: str | None = None,
    *,
    read_only: bool = True,
    must_exist: bool = True,
    base_iri: str | None = None,
) -> KnowledgeGraph:
    """Open the store of ``--store`` / ``--update-url``; a missing local store is an error."""
    from kg.store.graph import KnowledgeGraph

    location = _store_location(store)
    if isinstance(location, Path):
        if update_url is not None:
            raise KGError("--update-url is for a remote store (--store http://...)")
        if must_exist and not location.exists():
            raise InputError(f"{location}: no such store; build one with 'kg build'")
        if not read_only:
            location.parent.mkdir(parents=True, exist_ok=True)
    return KnowledgeGraph.open(
        location, read_only=read_only, update_url=update_url, base_iri=base_iri
    )


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
    _show_notes()


class _NoteHandler(logging.Handler):
    """The ``kg`` logger's warnings as ``kg: note: ...`` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"kg: note: {record.getMessage()}", markup=False)


def _show_notes() -> None:
    logger = logging.getLogger("kg")
    if not any(isinstance(h, _NoteHandler) for h in logger.handlers):
        logger.addHandler(_NoteHandler(logging.WARNING))
        logger.propagate = False


class _Skips:
    """The ``on_progress`` of a command that goes on past unreadable documents: it says
    "kg: skipped ..." for each and counts them (the command then exits 1)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, item: object, graph: object, exc: Exception | None) -> None:
        if exc is not None:
            self.count += 1
            err.print(f"kg: skipped {exc}", markup=False)


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    tsv = "tsv"
    carb = "carb"


class Executor(StrEnum):
    local = "local"
    dask = "dask"


_TSV_FIELDS = (
    "doc", "subject", "relation", "object", "subject_type", "object_type", "polarity",
    "modality", "attribution", "confidence", "start", "end", "sentence_start", "sentence_end",
    "time", "time_text", "sentence",
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
    n_process: NProcessOpt = None,
) -> None:
    """Print the triples of documents to stdout, without storing them.

    jsonl: one JSON object per triple (doc, subject, relation, object, their types,
    polarity, modality, attribution, asserted, confidence, sentence, offsets, time
    and time_text). A statement about when something happened ("opened in 1932")
    has an empty object and its time.
    tsv: the same fields, tab separated, with a header line.
    carb: the Open IE layer in the CaRB benchmark's tab format.

    Example:

    \b
        kg extract article.txt --format jsonl | head
    """
    from kg.io import expand_paths, read_document
    from kg.run.documents import extract_documents

    report = _Skips()

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
        graphs = extract_documents(
            names, on_progress=report, sentence_per_line=sentence_per_line, n_process=n_process
        )
        for graph in graphs:
            for triple in graph.triples:
                record = triple.as_dict()
                if fmt is ExtractFormat.jsonl:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    out.write("\t".join(_tsv_cell(record[k]) for k in _TSV_FIELDS) + "\n")
    out.flush()
    if report.count:
        raise typer.Exit(1)


class EntitiesFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


@app.command("entities")
@user_errors
def entities_cli(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")],
    fmt: Annotated[
        EntitiesFormat,
        typer.Option("--format", "-f", help="jsonl (one mention a line) or table (for people)."),
    ] = EntitiesFormat.jsonl,
    base_iri: Annotated[
        str | None,
        typer.Option("--base-iri", help="Namespace of the entity IRIs (as given to 'kg build')."),
    ] = None,
    sentence_per_line: Annotated[
        bool,
        typer.Option("--sentence-per-line", help="Treat each input line as one sentence."),
    ] = False,
    n_process: NProcessOpt = None,
) -> None:
    """Print every entity mention of documents and what it resolved to: who is who.

    One JSON object per mention, in text order: doc, start and end (character
    offsets into the document), text, entity (the canonical name, null when kg
    left it unresolved), class, iri (the entity's IRI, as 'kg build' mints it)
    and via, the rule that resolved it: name, variant, surname, nickname,
    acronym, native-name, other-name, short-name, place-alias, demonym, pronoun
    or role-noun. A pronoun that stands for two entities ("they") is two lines
    with the same offsets. --format table shows the same for people.

    Example:

    \b
        kg entities article.txt
        kg entities article.txt --format table
        kg entities notes/ | grep '"via": "pronoun"'
    """
    from kg.io import expand_paths
    from kg.run.text import entity_mentions

    report = _Skips()

    out = sys.stdout
    per_document = entity_mentions(
        list(expand_paths(paths)), base_iri=base_iri, on_progress=report,
        sentence_per_line=sentence_per_line, n_process=n_process,
    )  # fmt: skip
    if fmt is EntitiesFormat.jsonl:
        for mentions in per_document:
            for mention in mentions:
                out.write(json.dumps(mention.as_dict(), ensure_ascii=False) + "\n")
        out.flush()
    else:
        _print_mentions([m for mentions in per_document for m in mentions])
    if report.count:
        raise typer.Exit(1)


def _print_mentions(mentions: list[EntityMention]) -> None:
    """``kg entities --format table``: one row per mention, folded to fit the terminal.

    The document is named on its first row; a line separates documents. Text from the
    documents is shown as text, never read as Rich markup.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)  # room for the names
    # At 80 columns the short fields keep their width ("Organization", "native-name"),
    # names get the most, and a long path folds; nothing is cut.
    widths = {"doc": None, "offsets": 7, "text": 12, "entity": 12, "class": 12, "via": 11}
    for name, width in widths.items():
        table.add_column(name, overflow="fold", min_width=width)
    for i, m in enumerate(mentions):
        entity = Text(m.entity) if m.entity is not None else Text("unresolved", style="dim")
        first = i == 0 or mentions[i - 1].doc != m.doc
        last = i + 1 == len(mentions) or mentions[i + 1].doc != m.doc
        table.add_row(
            Text(m.doc if first else ""), f"{m.start}-{m.end}", Text(m.text), entity,
            Text(m.type or ""), Text(m.via), end_section=last,
        )  # fmt: skip
    Console(highlight=False).print(table)
    unresolved = sum(1 for m in mentions if m.entity is None)
    err.print(
        f"{len(mentions)} mention{'s' * (len(mentions) != 1)}, {unresolved} unresolved",
        markup=False,
    )


@app.command("build")
@user_errors
def build_cli(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML view of the graph here.")
    ] = None,
    base_iri: Annotated[
        str | None, typer.Option("--base-iri", help="Namespace for minted entity IRIs.")
    ] = None,
    n_process: NProcessOpt = None,
    executor: Annotated[
        Executor,
        typer.Option("--executor", help="Extract on this machine, or on a Dask cluster."),
    ] = Executor.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://host:8786). Default: a local cluster.",
        ),
    ] = None,
    shards: Annotated[
        Path | None,
        typer.Option(
            "--shards",
            help="Dask: directory of the N-Quads shards; finished ones are reused. "
            "Default: <store>.shards beside the store, else a temporary directory.",
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Document ids are file paths relative to this directory "
            "(default: the current one).",
        ),
    ] = None,
) -> None:
    """Extract documents and store their triples in the graph.

    A document already stored with the same content is skipped before it is
    parsed, so re-running over a directory costs only the new and changed
    documents; changed content replaces its earlier version. Files that cannot
    be read are reported and skipped; the others are still stored, and the
    exit status is 1. A document's id is its path relative to --root (a.txt,
    ./a.txt and its absolute path are one document); standard input is stored
    as stdin-<hash of its text>, so one piped document never replaces another.

    Example:

    \b
        kg build notes/ report.txt --store my-graph --html graph.html
        kg build corpus/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kg.io import expand_paths
    from kg.run.build import build

    names = list(expand_paths(paths))
    if not names:
        raise InputError("no documents found in: " + ", ".join(paths))
    location = _store_location(store)
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

    skipped = 0
    unextracted = 0

    def report(item: object, graph: Any, exc: Exception | None) -> None:
        nonlocal failures, stored, triples, skipped, unextracted
        if exc is not None:
            failures += 1
            unextracted += isinstance(exc, ExtractionError)
            progress.console.print(f"kg: skipped {exc}", markup=False)
        elif graph is None:  # already stored, unchanged: not parsed
            skipped += 1
        else:
            stored += 1
            triples += len(graph.triples)
        progress.advance(task)

    opened = _open_store(store, update_url, read_only=False, must_exist=False, base_iri=base_iri)
    try:
        with progress:
            graph = build(
                names,
                opened,
                on_progress=report,
                n_process=n_process,
                executor=executor.value,
                scheduler=scheduler,
                shards=shards,
                root=root,
            )
    except BaseException:
        opened.close()  # release the store (and its lock)
        raise
    try:
        if html is not None:
            graph.render(html)
    finally:
        graph.close()
    found = "" if executor is Executor.dask else f", {triples} triples,"  # Dask: in the shards
    err.print(
        f"Read {stored} document{'s' * (stored != 1)}{found} into {location}"
        + (f" ({skipped} unchanged, skipped)" if skipped else "")
        + (f"; wrote {html}" if html else ""),
        markup=False,
    )
    if failures:
        how = "read or extracted" if unextracted else "read"
        raise _fail(f"{failures} document{'s' * (failures != 1)} could not be {how}")


#: The most rows ``kg query`` prints as a table without ``--limit``.
TABLE_ROW_LIMIT = 10_000


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
    update_url: UpdateUrlOpt = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Result format.")] = (
        QueryFormat.table
    ),
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.001, help="Seconds before the query is stopped."),
    ] = 30.0,
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
    from kg.io import decode
    from kg.query import format_result, result_rows

    if sparql.startswith("@"):
        name = sparql[1:]
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
        sparql = decode(data, name=name)  # BOMs and UTF-16 too; binary files refused
    cap = limit
    if cap is None and fmt is QueryFormat.table:
        cap = TABLE_ROW_LIMIT  # a table of millions of rows helps nobody, and takes memory
    with _open_store(store, update_url, read_only=not allow_update) as graph:
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


class RenderRank(StrEnum):
    degree = "degree"
    pagerank = "pagerank"


class RenderFormat(StrEnum):
    html = "html"
    png = "png"
    svg = "svg"


@app.command("render")
@user_errors
def render_cli(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write (.html, .png or .svg).")
    ],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    entity: Annotated[
        str | None,
        typer.Option(
            "--entity",
            "-e",
            help="Draw this entity's neighbourhood (label or alias).",
            show_default=False,
        ),
    ] = None,
    hops: Annotated[
        int, typer.Option("--hops", min=0, help="How many edges away from --entity to go.")
    ] = 1,
    query: Annotated[
        str | None,
        typer.Option(
            "--query",
            "-q",
            show_default=False,
            help="Draw the triples of a CONSTRUCT or SELECT ?s ?p ?o query (or @FILE).",
        ),
    ] = None,
    doc: Annotated[
        str | None,
        typer.Option("--doc", show_default=False, help="Draw the statements of one document."),
    ] = None,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, help="Draw at most this many nodes.")
    ] = 500,
    rank: Annotated[
        RenderRank,
        typer.Option("--rank", help="Which nodes to keep beyond --max-nodes."),
    ] = RenderRank.degree,
    title: Annotated[
        str | None,
        typer.Option("--title", show_default=False, help="The heading (default: names the view)."),
    ] = None,
    fmt: Annotated[
        RenderFormat | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="html (interactive), png or svg (a picture); default: from the suffix.",
        ),
    ] = None,
) -> None:
    """Draw the graph, or part of it: an interactive HTML page (offline) or a picture.

    The whole graph keeps its --max-nodes most important nodes (by --rank) and
    says what was left out; --entity draws the entities within --hops of every
    entity with that name or alias; --query the triples a SPARQL query gives;
    --doc one document's statements. They combine.

    Example:

    \b
        kg render -o graph.html --entity "Anna Berg" --hops 2 && xdg-open graph.html
    """
    from kg.io import decode

    if query is not None and query.startswith("@"):
        name = query[1:]
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
        query = decode(data, name=name)
    with _open_store(store, update_url) as graph:
        graph.render(
            output,
            entity=entity,
            hops=hops,
            query=query,
            doc=doc,
            max_nodes=max_nodes,
            rank=rank.value,
            title=title,
            format=None if fmt is None else fmt.value,
        )
    err.print(f"Wrote {output}", markup=False)


class ExportFormat(StrEnum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"
    rdfxml = "rdfxml"
    ntriples = "ntriples"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


_SUFFIX_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".jsonld": "jsonld",
                   ".json": "jsonld", ".graphml": "graphml", ".gexf": "gexf",
                   ".csv": "csv", ".rdf": "rdfxml", ".owl": "rdfxml", ".xml": "rdfxml",
                   ".nt": "ntriples"}  # fmt: skip


@app.command("export")
@user_errors
def export_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", "-f", help="RDF or graph-tool format; default: from the file extension."
        ),
    ] = None,
) -> None:
    """Export the whole graph as RDF (Turtle, TriG, N-Quads, JSON-LD, RDF/XML, N-Triples)
    or for graph tools.

    TriG, N-Quads and JSON-LD keep one named graph per document; Turtle, RDF/XML
    and N-Triples hold the union of all documents.

    graphml and gexf (Gephi, Cytoscape, networkx) and csv (a node table and an
    edge table: -o out.csv writes out.nodes.csv and out.edges.csv, a directory
    gets nodes.csv and edges.csv) hold the entities and the asserted facts.

    Example:

    \b
        kg export -o graph.trig
        kg export -o graph.gexf
    """
    name = fmt.value if fmt else _SUFFIX_FORMATS.get(output.suffix.lower())
    if name is None:
        raise KGError(
            f"cannot tell the format of {output}; give --format "
            "(turtle, trig, nquads, jsonld, rdfxml, ntriples, graphml, gexf, csv)"
        )
    if name in ("graphml", "gexf", "csv"):
        _export_graph(output, store, name, update_url)
        return
    with _open_store(store, update_url) as graph:
        graph.export(output, format=name)
    err.print(f"Wrote {output} ({name})", markup=False)


def _export_graph(
    output: Path, store: str | None, name: str, update_url: str | None = None
) -> None:
    """``kg export`` for graph tools: GraphML, GEXF or CSV tables (``kg.store.formats``)."""
    from kg.store.graph_files import export_graph

    with _open_store(store, update_url) as graph:
        written = export_graph(graph, output, format=name)
    err.print(f"Wrote {', '.join(map(str, written))} ({name})", markup=False)


@app.command("stats")
@user_errors
def stats_cli(store: StoreOpt = None, update_url: UpdateUrlOpt = None) -> None:
    """Count what the graph holds: documents, entities, relations, statements.

    Example:

    \b
        kg stats --store my-graph
    """
    with _open_store(store, update_url) as graph:
        stats = graph.stats()
    rows = [[str(k), str(v)] for k, v in stats.items() if not isinstance(v, dict)]
    for key, value in stats.items():
        if isinstance(value, dict):
            rows += [[f"{key}: {k}", str(v)] for k, v in sorted(value.items())]
    _print_table(["what", "count"], rows)


@app.command("remove")
@user_errors
def remove_cli(
    doc_ids: Annotated[
        list[str], typer.Argument(help="Ids of the documents (as 'kg build' stored them).")
    ],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Remove documents from the graph: each one's named graph, in one transaction.

    Entities and triples that other documents also hold stay. A document id is
    the path the document was built from (see 'kg stats' or the kg:Document
    nodes); an id that is not stored is an error (exit 1), the others are removed.

    Example:

    \b
        kg remove notes/old.txt --store my-graph
    """
    from kg.io import document_id

    missing = []
    with _open_store(store, update_url, read_only=False) as graph:
        for doc_id in doc_ids:
            # An id as stored, or a path spelt another way (./a.txt, its absolute path).
            if graph.remove(doc_id) or (
                doc_id != "-" and not doc_id.startswith(("stdin-", "text-"))
                and graph.remove(document_id(doc_id))
            ):  # fmt: skip
                err.print(f"Removed {doc_id}", markup=False)
            else:
                missing.append(doc_id)
    if missing:
        raise _fail("no such document: " + ", ".join(missing))


class ImportFormat(StrEnum):
    turtle = "turtle"
    ntriples = "ntriples"
    rdfxml = "rdfxml"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"


@app.command("import")
@user_errors
def import_cli(
    source: Annotated[Path, typer.Argument(help="The RDF file to read.")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    fmt: Annotated[
        ImportFormat | None,
        typer.Option("--format", "-f", help="RDF format; default: from the file extension."),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", min=0, help="Refuse a larger file (bytes; 0: no cap)."),
    ] = 1 << 30,
    max_quads: Annotated[
        int,
        typer.Option("--max-quads", min=0, help="Refuse a file with more quads (0: no cap)."),
    ] = 10_000_000,
) -> None:
    """Import an RDF file (Turtle, TriG, N-Quads, JSON-LD, RDF/XML, N-Triples) into the graph.

    All or nothing: the whole file is parsed before anything is written. Each
    named graph in the file replaces the store's graph of that name (a file
    written by 'kg export' restores its documents); triples outside named
    graphs join the default (union) graph. RDF/XML that declares XML
    entities is refused, and so is a file over --max-bytes or --max-quads.

    Example:

    \b
        kg import graph.trig --store restored
    """
    with _open_store(store, update_url, read_only=False, must_exist=False) as graph:
        count = graph.load(
            source, format=fmt.value if fmt else None,
            max_bytes=max_bytes or None, max_quads=max_quads or None,
        )  # fmt: skip
    err.print(f"Imported {count} quads from {source}", markup=False)


@app.command("validate")
@user_errors
def validate_cli(
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Check the stored graph against the SHACL shapes (ontologies/shapes.ttl).

    Prints one line per violation (focus node, property, message) and exits 1
    when there is any.

    Example:

    \b
        kg validate --store my-graph
    """
    from kg.store.validate import validate

    with _open_store(store, update_url) as graph:
        report = validate(graph)
    for violation in report.violations:
        typer.echo(str(violation))
    if not report.conforms:
        raise _fail(f"{len(report.violations)} SHACL violation(s)")
    err.print(f"Valid: {report.checked} quads conform to the kg shapes", markup=False)


@app.command("serve")
@user_errors
def serve_cli(
    store: StoreOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="TCP port.")] = 7878,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Seconds a query may run.")
    ] = 30.0,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="The most rows one query returns.")
    ] = 10_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A host name clients reach the server by (Host header); repeatable. "
            "127.0.0.1, localhost and --host are always allowed.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            show_default=False,
            help="Query worker processes (default: one per core, at most 4).",
        ),
    ] = None,
    max_memory: Annotated[
        int | None,
        typer.Option(
            "--max-memory",
            min=64,
            show_default=False,
            help="MiB of memory each query worker may use (default: 2048, or $KG_QUERY_MEMORY).",
        ),
    ] = None,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page and views.

    GET or POST queries to /sparql (JSON, XML, CSV, TSV results; Turtle,
    N-Triples, JSON-LD graphs, by the Accept header); / has a query box and
    links to the graph views (/view, /view?entity=NAME). Updates, SERVICE and
    LOAD are refused. Only requests that name the server by 127.0.0.1,
    localhost, --host or an --allowed-host are answered, and POSTs from pages
    of other origins are refused. Each query runs in a worker process that is
    stopped past --timeout or --max-memory (503). A build into the same store
    shows once its writes settle (the store is reopened read-only). Stop it
    with Ctrl-C.

    Example:

    \b
        kg serve --store my-graph --port 7878
    """
    from kg.serve.server import serve

    def ready(server: Any) -> None:
        err.print(
            f"Serving {_store_location(store)} at {server.url} "
            f"(SPARQL endpoint: {server.url}sparql); Ctrl-C stops",
            markup=False,
        )
        if host not in ("127.0.0.1", "localhost", "::1"):
            err.print("kg: note: no authentication; anyone who reaches it can read the graph")

    with _open_store(store) as graph:
        serve(
            graph, host=host, port=port, timeout=timeout, limit=limit, quiet=quiet, ready=ready,
            allowed_hosts=allowed_host or (),
            workers=workers, memory_limit=None if max_memory is None else max_memory << 20,
        )  # fmt: skip


def main() -> None:
    """Console-script entry point."""
    app()
