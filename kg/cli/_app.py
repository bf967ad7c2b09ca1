"""The ``kg`` app, its one error boundary, and what its commands share: options, the
store they open, the ``@FILE`` convention, progress reports and tables."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from rich.console import Console

import kg
from kg._version import __version__
from kg.errors import ExtractionError, InputError, KGError

if TYPE_CHECKING:
    from rich.progress import Progress

    from kg.model import DocumentGraph
    from kg.store.graph import KnowledgeGraph

err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Say ``kg: error: message`` on stderr; the exit to raise (status ``code``)."""
    err.print(f"kg: error: {message}", markup=False)
    return typer.Exit(code)


def _os_error_message(exc: OSError) -> str:
    """``path: reason`` for an ``OSError`` (``str(exc)`` when it names no file)."""
    if exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


class _Boundary(typer.core.TyperGroup):
    """The one place where kg's errors meet the user, around every command.

    A ``KGError`` (and an ``OSError``: the disk or the file system said no, not a kg
    bug) is one line on stderr and exit status 1; Ctrl-C is ``interrupted``, 130; a
    closed pipe (``kg extract ... | head``) ends quietly, 0.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
        except OSError as exc:
            raise fail(_os_error_message(exc)) from None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list with each command's whole first sentence (Click cuts it to
        the terminal's width with "..."), wrapped to the width instead."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    name="kg",
    cls=_Boundary,
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


def main() -> None:
    """Console-script entry point."""
    app()


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
    handlers = [h for h in logger.handlers if isinstance(h, _NoteHandler)]
    if not handlers:
        logger.addHandler(_NoteHandler(logging.WARNING))
        logger.propagate = False
    for handler in handlers:  # an earlier command in this process may have said --quiet
        handler.setLevel(logging.WARNING)


def silence_notes() -> None:
    """No ``kg: note:`` lines for the rest of this command (``--quiet``)."""
    for handler in logging.getLogger("kg").handlers:
        if isinstance(handler, _NoteHandler):
            handler.setLevel(logging.ERROR)


# ---------------------------------------------------------------- shared options

PathsArg = Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")]
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
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="Print nothing but errors: no progress bar, no summary line, no notes.",
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


def timeout_option(help: str) -> Any:
    """``--timeout SECONDS``, with its help."""
    return typer.Option("--timeout", min=0.001, help=help)


# ---------------------------------------------------------------- the store, @FILE


def store_location(store: str | None) -> str | Path:
    """The store of ``--store``: a URL as given, else a directory (default: $KG_STORE,
    else ./kg-store; ``kg.store.graph.default_store_location``)."""
    from kg.store.graph import default_store_location, is_url

    if store is None:
        return default_store_location()
    return store if is_url(store) else Path(store)


def open_store(
    store: str | None,
    update_url: str | None = None,
    *,
    read_only: bool = True,
    must_exist: bool = True,
    base_iri: str | None = None,
) -> KnowledgeGraph:
    """Open the store of ``--store`` / ``--update-url`` (``kg.open``).

    Raises:
        KGError: ``--update-url`` with a local store.
        InputError: a local store that does not exist, with ``must_exist``.
    """
    location = store_location(store)
    if isinstance(location, Path):
        if update_url is not None:
            raise KGError("--update-url is for a remote store (--store http://...)")
        if must_exist and not location.exists():
            raise InputError(f"{location}: no such store; build one with 'kg build'")
    return kg.open(location, read_only=read_only, update_url=update_url, base_iri=base_iri)


def query_text(value: str) -> str:
    """A query as given on the command line, or the text of FILE for ``@FILE``.

    FILE is decoded as documents are (BOMs and UTF-16 too; binary files refused).

    Example:
        >>> query_text("ASK {}")
        'ASK {}'
        >>> query_text("@no/such/file")
        Traceback (most recent call last):
        ...
        kg.errors.InputError: no/such/file: cannot read: No such file or directory
    """
    if not value.startswith("@"):
        return value
    from kg.io import decode

    name = value[1:]
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    return decode(data, name=name)


# ---------------------------------------------------------------- what commands print


class Skips:
    """The ``on_progress`` of a command that goes on past unreadable documents: it says
    "kg: skipped ..." for each and counts them (the command then exits 1)."""

    def __init__(self) -> None:
        self.count = 0
        self.unextracted = 0  # of them, read but not extracted (the extractor raised)

    def __call__(self, item: object, graph: DocumentGraph | None, exc: Exception | None) -> None:
        if exc is not None:
            self.count += 1
            self.unextracted += isinstance(exc, ExtractionError)
            err.print(f"kg: skipped {exc}", markup=False)


class DocumentProgress(Skips):
    """The ``on_progress`` of ``kg build`` and ``kg extract``: skips said and counted (as
    ``Skips``), and a bar on stderr while the command runs (``with report.progress:``):
    documents done of ``total``, words per second, time elapsed and time left.

    The bar shows on a terminal only, never with ``quiet``, and is gone when the command
    ends; it never writes to stdout. Words are counted in each document's text as its
    graph comes back (the text is in memory: nothing is read twice); a document skipped
    unchanged counts as done, with no words.
    """

    def __init__(self, total: int, *, quiet: bool = False, words: bool = True) -> None:
        super().__init__()
        self.words = 0
        self.progress = _document_progress(quiet=quiet, words=words)
        self.task = self.progress.add_task("extracting", total=total, words=0)

    def __call__(self, item: object, graph: DocumentGraph | None, exc: Exception | None) -> None:
        super().__call__(item, graph, exc)
        if graph is not None:
            self.words += len(graph.text.split())
        self.progress.update(self.task, advance=1, words=self.words)


def _document_progress(*, quiet: bool, words: bool) -> Progress:
    """``━━━━━━━━╸━━━━━━━  3/10 documents · 1,234 words/s · 0:00:05 elapsed · ETA 0:00:08``."""
    from rich.progress import BarColumn, Progress, ProgressColumn, Task
    from rich.table import Column
    from rich.text import Text

    def clock(seconds: float | None) -> str:
        if seconds is None:
            return "-:--:--"
        minutes, second = divmod(int(seconds), 60)
        return f"{minutes // 60}:{minutes % 60:02d}:{second:02d}"

    class Counts(ProgressColumn):
        """Documents done of all, words per second since the start, elapsed, ETA."""

        def __init__(self) -> None:
            super().__init__(table_column=Column(no_wrap=True))

        def render(self, task: Task) -> Text:
            total = "?" if task.total is None else f"{task.total:,.0f}"
            parts = [f"{task.completed:,.0f}/{total} documents"]
            elapsed = task.elapsed or 0.0
            if words:
                rate = task.fields.get("words", 0) / elapsed if elapsed > 0 else 0.0
                parts.append(f"{rate:,.0f} words/s")
            eta = 0.0 if task.finished else task.time_remaining  # None: not known yet
            parts += [f"{clock(elapsed)} elapsed", f"ETA {clock(eta)}"]
            return Text(" · ".join(parts))

    return Progress(
        BarColumn(bar_width=None),
        Counts(),
        console=err,
        transient=True,
        expand=True,
        redirect_stdout=False,  # kg extract's triples go to stdout, never into the bar
        disable=quiet or not err.is_terminal,
    )


NoIndexOpt = Annotated[
    bool,
    typer.Option(
        "--no-index",
        help="Do not keep the views' index of statements beside a local store (kg render "
        "and kg serve then read each view's statements from the store: seconds, not "
        "tenths, on a few hundred articles).",
    ),
]


def keep_index(store: str | None, *, quiet: bool) -> str | None:
    """Keep the views' index beside a local store just written (``kg.store.facts_file``),
    with a bar on a terminal; what was done, for the command's summary (None: nothing,
    as for a remote store)."""
    import time

    from rich.progress import BarColumn, Progress, TextColumn

    from kg.store import facts_file

    location = store_location(store)
    if not isinstance(location, Path):
        return None
    started = time.perf_counter()
    bar = Progress(
        TextColumn("indexing for the views"), BarColumn(bar_width=None),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} document graphs"),
        console=err, transient=True, expand=True, disable=quiet or not err.is_terminal,
    )  # fmt: skip
    task = bar.add_task("index", total=1)
    with bar, kg.open(location, read_only=True) as graph:
        count = facts_file.keep(
            graph, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    if count is None:
        return None
    seconds = time.perf_counter() - started
    return f"indexed {count:,} statement{'s' * (count != 1)} for the views in {seconds:.1f} s"


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Rows as a table on stdout (long values wrap, never cut); their count on stderr."""
    from rich.table import Table

    table = Table(show_lines=False)
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(highlight=False).print(table)
    err.print(f"{len(rows)} row{'s' * (len(rows) != 1)}", markup=False)
