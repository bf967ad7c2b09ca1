"""Shared fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Test modules live in folders that mirror the package (tests/store/, tests/view/, ...);
# the hand-made document graphs they share (docgraphs.py) sit here, at the top. tests is a
# package (``from tests.docgraphs import ...``); this folder on sys.path keeps the older
# ``from docgraphs import ...`` working too.
sys.path.insert(0, str(Path(__file__).resolve().parent))

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


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """``oxigraph serve`` on a free loopback port, for one test module; yields its query URL."""
    from tests.servers import oxigraph_serve

    yield from oxigraph_serve(tmp_path_factory)
