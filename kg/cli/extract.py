"""``kg extract`` and ``kg entities``: what the extractor finds in documents, printed."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

import kg
from kg.cli._app import (
    DocumentProgress,
    NProcessOpt,
    PathsArg,
    QuietOpt,
    Skips,
    err,
    silence_notes,
)

if TYPE_CHECKING:
    from kg.model import EntityMention


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    tsv = "tsv"
    carb = "carb"


def extract_cli(
    paths: PathsArg,
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
    quiet: QuietOpt = False,
) -> None:
    """Print the triples of documents to stdout, without storing them.

    jsonl: one JSON object per triple (doc, subject, relation, object, their types,
    polarity, modality, attribution, asserted, confidence, sentence, offsets, time
    and time_text). A statement about when something happened ("opened in 1932")
    has an empty object and its time.
    tsv: the same fields, tab separated, with a header line.
    carb: the Open IE layer in the CaRB benchmark's tab format.

    On a terminal a progress bar on stderr (never stdout) shows the documents
    done of all, words per second, the time elapsed and the time left; --quiet
    hides it, and any note, leaving only errors.

    Example:

    \b
        kg extract article.txt --format jsonl | head
    """
    from kg.io import expand_paths
    from kg.run.extract import extract

    names = list(expand_paths(paths))
    if quiet:
        silence_notes()
    report = DocumentProgress(len(names), quiet=quiet)
    lines = extract(
        names, format=fmt.value, on_progress=report, sentence_per_line=sentence_per_line,
        n_process=n_process,
    )  # fmt: skip
    with report.progress:
        sys.stdout.writelines(line + "\n" for line in lines)
        sys.stdout.flush()
    if report.count:
        raise typer.Exit(1)


class EntitiesFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


def entities_cli(
    paths: PathsArg,
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

    report = Skips()
    per_document = kg.entity_mentions(
        list(expand_paths(paths)), base_iri=base_iri, on_progress=report,
        sentence_per_line=sentence_per_line, n_process=n_process,
    )  # fmt: skip
    if fmt is EntitiesFormat.jsonl:
        for mentions in per_document:
            sys.stdout.writelines(
                json.dumps(mention.as_dict(), ensure_ascii=False) + "\n" for mention in mentions
            )
        sys.stdout.flush()
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
