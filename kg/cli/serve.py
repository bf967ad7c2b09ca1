"""``kg serve``: the graph as a read-only SPARQL endpoint (``kg.serve.server.serve``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kg.cli._app import StoreOpt, err, open_store, store_location, timeout_option


def serve_cli(
    store: StoreOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="TCP port.")] = 7878,
    timeout: Annotated[float, timeout_option("Seconds a query may run.")] = 30.0,
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
            f"Serving {store_location(store)} at {server.url} "
            f"(SPARQL endpoint: {server.url}sparql); Ctrl-C stops",
            markup=False,
        )
        if host not in ("127.0.0.1", "localhost", "::1"):
            err.print("kg: note: no authentication; anyone who reaches it can read the graph")

    with open_store(store) as graph:
        serve(
            graph, host=host, port=port, timeout=timeout, limit=limit, quiet=quiet, ready=ready,
            allowed_hosts=allowed_host or (),
            workers=workers, memory_limit=None if max_memory is None else max_memory << 20,
        )  # fmt: skip
