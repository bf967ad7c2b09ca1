"""kg.rdf.namespaces: generated from the ontology (``tools/gen_namespace.py``), and closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.rdf.namespaces import KG


def _namespace_generator():
    """``tools/gen_namespace.py``, the development script that writes ``kg/rdf/namespaces.py``."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "tools" / "gen_namespace.py"
    spec = importlib.util.spec_from_file_location("gen_namespace", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rdf_namespace_module_matches_the_ontology():
    _gen_namespace = _namespace_generator()
    # Regenerate kg/rdf/namespaces.py from ontologies/kg.ttl and diff it with the committed copy.
    source = _gen_namespace.generate(_gen_namespace.ontology_path().read_text(encoding="utf-8"))
    committed = _gen_namespace.namespace_module_path().read_text(encoding="utf-8")
    assert source == committed, "stale kg/rdf/namespaces.py: run python tools/gen_namespace.py"
    assert _gen_namespace.main(["--check"]) == 0


def test_rdf_namespace_is_closed():
    with pytest.raises(AttributeError):
        _ = KG.Persn
