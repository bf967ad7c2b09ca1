"""The docs tell the truth: every CLI command is in the README, with help text and an example."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer.main

from kg.cli import app

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def _commands() -> dict[str, Any]:
    """Command name → click-style command (typer vendors its own click, so no isinstance)."""
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


COMMANDS = sorted(_commands())


def _readme() -> str:
    assert README.is_file(), "README.md is missing"
    return README.read_text(encoding="utf-8")


def _readme_command_lines() -> list[list[str]]:
    """The ``kg ...`` lines of the README's shell blocks, split like a shell would."""
    blocks = re.findall(r"```(?:sh|shell|bash|console)\n(.*?)```", _readme(), re.S)
    lines = []
    for block in blocks:
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            # A pipeline: look at the kg part of it.
            for part in line.split("|"):
                part = part.strip()
                if part.startswith("kg "):
                    lines.append(shlex.split(part, comments=True))
    return lines


def test_docs_cli_has_the_expected_commands():
    assert sorted(
        ["build", "entities", "export", "extract", "import", "query", "remove", "render", "serve",
         "stats", "validate"]
    ) == COMMANDS  # fmt: skip


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_every_command_is_in_the_readme(name):
    readme = _readme()
    assert f"kg {name}" in readme, f"`kg {name}` is not documented in README.md"


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_every_command_has_help_and_an_example(name):
    command = _commands()[name]
    assert command.help and len(command.help.split()) >= 5
    assert "Example" in command.help
    assert f"kg {name}" in command.help.split("Example", 1)[1]
    for param in command.params:
        assert param.param_type_name in ("option", "argument")
        assert getattr(param, "help", None), f"kg {name} {param.opts[0]} has no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_help_examples_are_one_command_a_line(name):
    """--help keeps each example whole, on its own line (copyable), at any width."""
    from typer.testing import CliRunner

    examples = [
        line.strip()
        for line in _commands()[name].help.split("Example", 1)[1].splitlines()
        if line.strip().startswith("kg ")
    ]
    assert examples
    shown = CliRunner().invoke(app, [name, "--help"], terminal_width=60).stdout
    lines = [line.strip() for line in shown.splitlines()]
    for example in examples:
        assert example in lines, f"kg {name} --help breaks the example: {example}"


def test_docs_readme_examples_use_real_commands_and_options():
    lines = _readme_command_lines()
    assert lines, "README.md shows no kg command lines"
    commands = _commands()
    for words in lines:
        assert len(words) >= 2, words
        name = words[1]
        if name.startswith("-"):  # kg --version, kg --help
            assert name in ("--version", "--help", "-h"), words
            continue
        assert name in commands, f"README uses an unknown command: {' '.join(words)}"
        known = {opt for p in commands[name].params for opt in (*p.opts, *p.secondary_opts)}
        known |= {"--help", "-h"}
        for word in words[2:]:
            if word.startswith("--") or re.fullmatch(r"-[a-zA-Z]", word):
                assert word.split("=", 1)[0] in known, f"README: kg {name} has no {word}"
