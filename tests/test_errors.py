"""kg.errors: one root, the tree its docstring draws, built-in bases where they fit, one wording."""

from __future__ import annotations

import re

import pytest

import kg.errors
from kg.errors import (
    FormatError,
    HTTPFailure,
    HTTPStatusError,
    InputError,
    KGError,
    QueryError,
    StoreError,
    value_invalid_msg,
)


def _tree() -> list[tuple[int, str]]:
    """(depth, name) of each class the module docstring draws."""
    lines = (kg.errors.__doc__ or "").splitlines()
    drawn = re.compile(r"^    ((?:│   |    )*)(├── |└── )?(\w+)\s")
    return [(len(m[1]) // 4 + bool(m[2]), m[3]) for m in map(drawn.match, lines) if m is not None]


def test_errors_the_drawn_tree_is_the_class_tree():
    parents: list[str] = []
    drawn = set()
    for depth, name in _tree():
        del parents[depth:]
        cls = getattr(kg.errors, name)
        assert issubclass(cls, KGError)
        if parents:
            assert getattr(kg.errors, parents[-1]) in cls.__bases__, name
        parents.append(name)
        drawn.add(name)
    defined = {
        name for name, value in vars(kg.errors).items()
        if isinstance(value, type) and issubclass(value, KGError)
    }  # fmt: skip
    assert drawn == defined


@pytest.mark.parametrize(
    ("error", "builtin"), [(InputError("x"), OSError), (FormatError("x"), ValueError)]
)
def test_errors_built_in_bases_catch_them_too(error, builtin):
    with pytest.raises(builtin):
        raise error


def test_errors_http_errors_are_store_errors_with_their_status():
    error = HTTPStatusError("bad request", 400)
    assert isinstance(error, HTTPFailure) and isinstance(error, StoreError)
    assert (error.status, error.timed_out, str(error)) == (400, False, "bad request")
    assert not isinstance(error, QueryError)


def test_errors_value_invalid_msg_reads_the_same_everywhere():
    assert value_invalid_msg("rank", "size") == "invalid rank 'size'"
    assert value_invalid_msg("rank", "size", ("degree", "pagerank")) == (
        "invalid rank 'size'; expected one of: degree, pagerank"
    )
