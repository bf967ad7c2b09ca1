"""``kg build``: documents into the store (``kg.build``), with a progress bar."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import kg
from kg.cli._app import (
    DocumentProgress,
    NoIndexOpt,
    NProcessOpt,
    PathsArg,
    QuietOpt,
    StoreOpt,
    UpdateUrlOpt,
    err,
    fail,
    keep_index,
    open_store,
    silence_notes,
    store_location,
)
from kg.errors import InputError

if TYPE_CHECKING:
    from kg.model import DocumentGraph


class Executor(StrEnum):
    local = "local"
    dask = "dask"


ExecutorOpt = Annotated[
    Executor, typer.Option("--executor", help="Extract on this machine, or on a Dask cluster.")
]


MinConfidenceOpt = Annotated[
    float,
    typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Leave out statements whose confidence (the calibrated probability that "
        "they are right) is below this.",
    ),
]  # fmt: skip


class _BuildReport(DocumentProgress):
    """``kg build``'s ``on_progress``: skips said and counted, the rest counted, the bar moved."""

    def __init__(self, total: int, *, quiet: bool, words: bool) -> None:
        super().__init__(total, quiet=quiet, words=words)
        self.stored = self.triples = self.unchanged = 0

    def __call__(self, item: object, graph: DocumentGraph | None, exc: Exception | None) -> None:
        super().__call__(item, graph, exc)
        if exc is None and graph is None:  # already stored, unchanged: not parsed
            self.unchanged += 1
        elif graph is not None:
            self.stored += 1
            self.triples += len(graph.triples)


def build_cli(
    paths: PathsArg,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML view of the graph here.")
    ] = None,
    base_iri: Annotated[
        str | None, typer.Option("--base-iri", help="Namespace for minted entity IRIs.")
    ] = None,
    n_process: NProcessOpt = None,
    executor: ExecutorOpt = Executor.local,
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
    quiet: QuietOpt = False,
    min_confidence: MinConfidenceOpt = 0.0,
    no_index: NoIndexOpt = False,
) -> None:
    """Extract documents and store their triples in the graph.

    A document already stored with the same content is skipped before it is
    parsed, so re-running over a directory costs only the new and changed
    documents; changed content replaces its earlier version. Files that cannot
    be read are reported and skipped; the others are still stored, and the
    exit status is 1. A document's id is its path relative to --root (a.txt,
    ./a.txt and its absolute path are one document); standard input is stored
    as stdin-<hash of its text>, so one piped document never replaces another.

    On a terminal a progress bar on stderr shows the documents done of all,
    words per second, the time elapsed and the time left (Dask: no words);
    then one summary line. --quiet prints neither, nor any note: only errors.

    A local store then keeps an index of its statements for the views (kg render,
    kg serve): a scan of the whole store, a few seconds per hundred articles,
    with its own bar. --no-index skips it; the views then read the store.

    Example:

    \b
        kg build notes/ report.txt --store my-graph --html graph.html
        kg build notes/ --store my-graph --min-confidence 0.7
        kg build corpus/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from kg.io import expand_paths

    names = list(expand_paths(paths))
    if not names:
        raise InputError("no documents found in: " + ", ".join(paths))
    if quiet:
        silence_notes()
    # Dask's workers read no text back, only ids: no words to count
    report = _BuildReport(len(names), quiet=quiet, words=executor is Executor.local)
    with open_store(
        store, update_url, read_only=False, must_exist=False, base_iri=base_iri
    ) as graph:
        with report.progress:
            kg.build(
                names, graph, on_progress=report, n_process=n_process, executor=executor.value,
                scheduler=scheduler, shards=shards, root=root, min_confidence=min_confidence,
            )  # fmt: skip
        if html is not None:
            from kg.view import draw

            draw(graph, html)
    indexed = None if no_index else keep_index(store, quiet=quiet)
    stored, skipped, failures = report.stored, report.unchanged, report.count
    found = "" if executor is Executor.dask else f", {report.triples} triples,"  # Dask: shards
    if not quiet:
        err.print(
            f"Read {stored} document{'s' * (stored != 1)}{found} into {store_location(store)}"
            + (f" ({skipped} unchanged, skipped)" if skipped else "")
            + (f"; wrote {html}" if html else "")
            + (f"; {indexed}" if indexed else ""),
            markup=False,
        )
    if failures:
        how = "read or extracted" if report.unextracted else "read"
        raise fail(f"{failures} document{'s' * (failures != 1)} could not be {how}")
