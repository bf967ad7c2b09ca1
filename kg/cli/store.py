"""The commands that look after the store: ``kg export``, ``kg import``, ``kg stats``,
``kg remove`` and ``kg validate``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli._app import (
    NoIndexOpt,
    StoreOpt,
    UpdateUrlOpt,
    err,
    fail,
    keep_index,
    open_store,
    print_table,
)
from kg.cli.build import MinConfidenceOpt
from kg.errors import FormatError, KGError
from kg.store.formats import names  # the --format choices, read when the CLI loads

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph

# ---------------------------------------------------------------- the format registry


def _format_of(path: Path) -> str:
    """The export format named by the suffix of ``path``."""
    from kg.store.formats import format_for

    try:
        return format_for(path).name
    except FormatError:
        raise KGError(
            f"cannot tell the format of {path}; give --format ({', '.join(names())})"
        ) from None


def _export(
    graph: KnowledgeGraph, path: Path, name: str, min_confidence: float = 0.0
) -> list[Path]:
    """Export ``graph`` to ``path`` in format ``name``; the files written."""
    from kg.store.formats import output_paths

    graph.export(path, format=name, min_confidence=min_confidence)
    return output_paths(path, name)


if TYPE_CHECKING:  # to mypy a name; to Typer the choices
    ExportFormat = str
    ImportFormat = str
else:
    ExportFormat = StrEnum("ExportFormat", [(n, n) for n in names()])
    ImportFormat = StrEnum("ImportFormat", [(n, n) for n in names("rdf")])


# ---------------------------------------------------------------- the commands


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
    min_confidence: MinConfidenceOpt = 0.0,
) -> None:
    """Export the whole graph as RDF (Turtle, TriG, N-Quads, JSON-LD, RDF/XML, N-Triples)
    or for graph tools.

    TriG, N-Quads and JSON-LD keep one named graph per document; Turtle, RDF/XML
    and N-Triples hold the union of all documents.

    graphml and gexf (Gephi, Cytoscape, networkx) and csv (a node table and an
    edge table: -o out.csv writes out.nodes.csv and out.edges.csv, a directory
    gets nodes.csv and edges.csv) hold the entities and the asserted facts.
    neo4j writes a directory: nodes.csv and relationships.csv for neo4j-admin
    database import, and load.cypher (LOAD CSV) for a running database.

    --min-confidence leaves out the statements whose confidence (the calibrated
    probability that they are right) is below it, with their direct triples.

    Example:

    \b
        kg export -o graph.trig
        kg export -o graph.gexf
        kg export -o neo4j --format neo4j
        kg export -o sure.trig --min-confidence 0.8
    """
    name = _format_of(output) if fmt is None else str(fmt)
    with open_store(store, update_url) as graph:
        written = _export(graph, output, name, min_confidence)
    err.print(f"Wrote {', '.join(map(str, written))} ({name})", markup=False)


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
    no_index: NoIndexOpt = False,
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
    with open_store(store, update_url, read_only=False, must_exist=False) as graph:
        count = graph.load(
            source, format=None if fmt is None else str(fmt),
            max_bytes=max_bytes or None, max_quads=max_quads or None,
        )  # fmt: skip
    indexed = None if no_index else keep_index(store, quiet=False)
    err.print(
        f"Imported {count} quads from {source}" + (f"; {indexed}" if indexed else ""),
        markup=False,
    )


def stats_cli(store: StoreOpt = None, update_url: UpdateUrlOpt = None) -> None:
    """Count what the graph holds: documents, entities, relations, statements.

    Example:

    \b
        kg stats --store my-graph
    """
    with open_store(store, update_url) as graph:
        stats = graph.stats()
    rows = [[str(k), str(v)] for k, v in stats.items() if not isinstance(v, dict)]
    for key, value in stats.items():
        if isinstance(value, dict):
            rows += [[f"{key}: {k}", str(v)] for k, v in sorted(value.items())]
    print_table(["what", "count"], rows)


def remove_cli(
    doc_ids: Annotated[
        list[str], typer.Argument(help="Ids of the documents (as 'kg build' stored them).")
    ],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    no_index: NoIndexOpt = False,
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
    with open_store(store, update_url, read_only=False) as graph:
        for doc_id in doc_ids:
            # An id as stored, or a path spelt another way (./a.txt, its absolute path).
            if graph.remove(doc_id) or (
                doc_id != "-" and not doc_id.startswith(("stdin-", "text-"))
                and graph.remove(document_id(doc_id))
            ):  # fmt: skip
                err.print(f"Removed {doc_id}", markup=False)
            else:
                missing.append(doc_id)
    indexed = None if no_index else keep_index(store, quiet=False)
    if indexed:
        err.print(indexed[0].upper() + indexed[1:], markup=False)
    if missing:
        raise fail("no such document: " + ", ".join(missing))


def validate_cli(store: StoreOpt = None, update_url: UpdateUrlOpt = None) -> None:
    """Check the stored graph against the SHACL shapes (ontologies/shapes.ttl).

    Prints one line per violation (focus node, property, message) and exits 1
    when there is any.

    Example:

    \b
        kg validate --store my-graph
    """
    from kg.store.validate import validate

    with open_store(store, update_url) as graph:
        report = validate(graph)
    for violation in report.violations:
        typer.echo(str(violation))
    if not report.conforms:
        raise fail(f"{len(report.violations)} SHACL violation(s)")
    err.print(f"Valid: {report.checked} quads conform to the kg shapes", markup=False)
