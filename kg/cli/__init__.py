"""The ``kg`` command: a thin face over the library.

Each command parses its options and calls the library function of the same name
(``kg build`` → ``kg.build``, ``kg extract`` → ``kg.run.extract.extract``,
``kg query`` → ``KnowledgeGraph.query`` and ``kg.query.format_result`` ...).
``KGError`` is caught once, around every command (``kg.cli._app``): one line on
stderr, exit status 1.
"""

from collections.abc import Callable

from kg.cli._app import app, main
from kg.cli.build import build_cli
from kg.cli.extract import entities_cli, extract_cli
from kg.cli.query import query_cli
from kg.cli.render import render_cli
from kg.cli.serve import serve_cli
from kg.cli.store import export_cli, import_cli, remove_cli, stats_cli, validate_cli

#: The commands, in the order ``kg --help`` lists them.
COMMANDS: dict[str, Callable[..., None]] = {
    "extract": extract_cli,
    "entities": entities_cli,
    "build": build_cli,
    "query": query_cli,
    "render": render_cli,
    "export": export_cli,
    "stats": stats_cli,
    "remove": remove_cli,
    "import": import_cli,
    "validate": validate_cli,
    "serve": serve_cli,
}
for _name, _command in COMMANDS.items():
    app.command(_name)(_command)

__all__ = [
    "COMMANDS",
    "app",
    "build_cli",
    "entities_cli",
    "export_cli",
    "extract_cli",
    "import_cli",
    "main",
    "query_cli",
    "remove_cli",
    "render_cli",
    "serve_cli",
    "stats_cli",
    "validate_cli",
]
