"""The package's layers: no module imports from a layer above its own, no import circles.

The contracts live in pyproject.toml (``[tool.importlinter]``); ``lint-imports``
(import-linter) checks them against the imports in the code, including imports
inside functions.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_layers_contracts_are_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    kinds = {c["type"] for c in contracts}
    assert {"layers", "acyclic_siblings"} <= kinds
    (layers,) = (c for c in contracts if c["type"] == "layers")
    flat = {m.strip() for layer in layers["layers"] for m in layer.replace(":", "|").split("|")}
    # Every subpackage and top-level module of kg is in a layer (a new one must be placed).
    package = ROOT / "kg"
    modules = {
        f"kg.{p.stem}" for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")
    }
    modules |= {f"kg.{p.name}" for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert modules - flat == set(), "modules in no layer of [tool.importlinter]"


def test_layers_no_upward_import_and_no_circle():
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "broken" not in done.stdout.lower().replace("0 broken", "")
