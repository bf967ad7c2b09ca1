"""``kg render``: draw the graph, or part of it, to a file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli._app import StoreOpt, UpdateUrlOpt, err, open_store, query_text
from kg.cli.build import MinConfidenceOpt


class RenderRank(StrEnum):
    degree = "degree"
    pagerank = "pagerank"


class RenderFormat(StrEnum):
    html = "html"
    png = "png"
    svg = "svg"


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
    min_confidence: MinConfidenceOpt = 0.0,
) -> None:
    """Draw the graph, or part of it: an interactive HTML page (offline) or a picture.

    The whole graph keeps its --max-nodes most important nodes (by --rank) and
    says what was left out; --entity draws the entities within --hops of every
    entity with that name or alias; --query the triples a SPARQL query gives;
    --doc one document's statements. They combine.

    Example:

    \b
        kg render -o graph.html --entity "Anna Berg" --hops 2 && xdg-open graph.html
        kg render -o sure.html --min-confidence 0.8
    """
    from kg.view import draw

    sparql = None if query is None else query_text(query)
    with open_store(store, update_url) as graph:
        draw(
            graph,
            output,
            entity=entity,
            hops=hops,
            query=sparql,
            doc=doc,
            max_nodes=max_nodes,
            rank=rank.value,
            title=title,
            format=None if fmt is None else fmt.value,
            min_confidence=min_confidence,
        )
    err.print(f"Wrote {output}", markup=False)
