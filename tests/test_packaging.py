"""The wheel carries what kg needs at run time, and the installed package works from it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import kg

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from this checkout (offline: hatchling from the dev extra, no isolation)."""
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
               "--no-build-isolation", "--no-index", "-q", "-w", str(out)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, cwd=out)
    (built,) = out.glob("kg-*.whl")
    return Path(built)


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _read(wheel: Path, suffix: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return archive.read(name).decode("utf-8")


def test_packaging_wheel_is_named_for_the_version(wheel):
    assert wheel.name.startswith(f"kg-{kg.__version__}-py3-none-any")


def test_packaging_wheel_contains_data_files(wheel):
    names = _names(wheel)
    for required in (
        "kg/ontologies/kg.ttl",
        "kg/templates/graph.html",
        "kg/templates/explorer.js",
        "kg/view/static/vendor/sigma-graphology.min.js",
        "kg/view/static/vendor/LICENSES",
        "kg/templates/web/base.html",
        "kg/templates/web/entity.html",
        "kg/templates/web/static/web.js",
        "kg/templates/web/static/web.css",
        "kg/__main__.py",
        "kg/extract/component.py",
        "kg/samples/who-did-what.rq",
        "kg/samples/why-merged.rq",
        "kg/py.typed",
    ):  # py.typed: type checkers read kg's hints
        assert required in names, required
    samples = {n for n in names if n.startswith("kg/samples/") and n.endswith(".txt")}
    shipped = {f"kg/samples/{p.name}" for p in (REPO / "kg" / "samples").glob("*.txt")}
    assert samples == shipped and len(samples) >= 3
    queries = {n for n in names if n.startswith("kg/samples/") and n.endswith(".rq")}
    assert queries == {f"kg/samples/{p.name}" for p in (REPO / "kg" / "samples").glob("*.rq")}
    assert not any(n.startswith(("tests/", "notebooks/", ".venv/")) for n in names)


def test_packaging_wheel_declares_its_entry_points(wheel):
    entry_points = _read(wheel, ".dist-info/entry_points.txt")
    assert "[console_scripts]\nkg = kg.cli:main" in entry_points
    assert "[spacy_factories]\nkg_triples = kg.extract.component:make_kg_triples" in entry_points


def test_packaging_installed_wheel_finds_its_files(wheel, tmp_path):
    """Unpacked alone (no checkout around it), kg finds its ontology, template and samples."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    code = textwrap.dedent(
        """
        import importlib.resources as resources
        import networkx as nx
        import kg
        from kg.rdf.ontology import load_ontology
        from kg.view.html import render_html
        print(kg.__file__)
        print(len(load_ontology()) > 100)
        print(render_html(nx.MultiDiGraph([("a", "b")])).startswith("<!DOCTYPE html>"))
        samples = resources.files("kg").joinpath("samples")
        print(sorted(p.name for p in samples.iterdir() if p.name.endswith(".txt")))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
        cwd=tmp_path,
    )  # fmt: skip
    lines = out.stdout.splitlines()
    assert lines[0].startswith(str(site)), lines[0]  # the wheel's kg, not the checkout's
    assert lines[1:3] == ["True", "True"]
    assert "harbour-authority.txt" in lines[3]


def test_packaging_python_m_kg_version():
    out = subprocess.run(
        [sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"kg {kg.__version__}"


def test_packaging_console_script_version():
    script = Path(sys.executable).parent / "kg"
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"kg {kg.__version__}"


PUBLIC = sorted(name for name in kg.__all__ if not name.startswith("__"))


@pytest.mark.parametrize("name", PUBLIC)
def test_packaging_public_names_have_a_runnable_example(name):
    """Each public name's docstring has an ``Example:`` that doctest collects (and so runs)."""
    import doctest
    import inspect

    obj = getattr(kg, name)
    doc = inspect.getdoc(obj) or ""
    assert "Example:" in doc, f"kg.{name} has no Example in its docstring"
    examples = doctest.DocTestParser().get_examples(doc)
    assert examples, f"kg.{name}'s example has no >>> lines"
    # The examples run without the test suite's namespace (pytest's doctest_namespace
    # does not reach kg/ modules' own doctests), so they import kg themselves.
    assert any("import kg" in e.source for e in examples), f"kg.{name}'s example needs import kg"


def test_packaging_public_api_is_sorted_and_complete():
    assert kg.__all__ == sorted(kg.__all__)
    assert all(hasattr(kg, name) for name in kg.__all__)
