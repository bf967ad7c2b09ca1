"""``--help`` that can be pasted: every example is one whole command on one line, and the
command list shows each command's whole first sentence, at an 80-column terminal."""

from __future__ import annotations

import shlex

import pytest
from typer.testing import CliRunner

from kg.cli import app

COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.stdout


def _examples(text: str) -> list[str]:
    """The lines of the help's ``Example:`` section, as printed."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Example:")
    section = []
    for line in lines[start + 1 :]:
        if line and not line.startswith(" "):  # the next section ("Arguments:", "Options:")
            break
        section.append(line)
    return [line for line in section if line.strip()]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_every_example_line_is_one_whole_command(command):
    examples = _examples(_help(command))
    assert examples, f"kg {command} --help shows no example"
    for line in examples:
        assert len(line) <= 80 or line.strip().startswith("kg "), line
        words = shlex.split(line.replace("&&", " && ").replace("|", " | "))
        assert words[0] == "kg" and words[1] in COMMANDS, f"not a command on its own: {line!r}"
        assert not line.rstrip().endswith("\\"), line
        for part in " ".join(words).split("&&")[1:]:  # what follows && is a command too
            assert part.split(), line


def _command_list(text: str) -> dict[str, str]:
    """Each command of ``kg --help``'s list and its description, continuation lines joined."""
    rows: dict[str, str] = {}
    name = ""
    for line in text[text.index("Commands:") :].splitlines()[1:]:
        if line.startswith("  ") and not line.startswith("   "):  # "  name  description"
            name, _, description = line.strip().partition(" ")
            rows[name] = description.strip()
        elif line.strip() and name:
            rows[name] += " " + line.strip()
    return rows


def test_help_command_list_shows_whole_descriptions():
    listing = _command_list(_help())
    assert set(listing) == set(COMMANDS)
    for command in app.registered_commands:
        if command.callback is None:
            continue
        name = command.name or command.callback.__name__
        first = " ".join((command.callback.__doc__ or "").split("\n\n")[0].split())
        sentence = first.split(". ")[0].rstrip(".") + "."
        shown = listing[name].replace("- ", "-")  # a word wrapped at its hyphen
        assert "..." not in shown
        assert shown == sentence.replace("- ", "-"), (name, shown, sentence)
