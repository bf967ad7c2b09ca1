"""Shared fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline (tests using it are marked ``model``)."""
    from kg import nlp as kg_nlp

    return kg_nlp.load()


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import kg

    doctest_namespace["kg"] = kg
