"""Shared fixtures."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples, so a run can be repeated
# exactly; locally each run explores new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline (tests using it are marked ``model``)."""
    from kg import nlp as kg_nlp

    return kg_nlp.load()


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import kg
    import kg.nlp  # docstring examples parse with kg.nlp.parse

    doctest_namespace["kg"] = kg
