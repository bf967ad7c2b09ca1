"""What an HTML view inlines (its scripts, styles and data), made safe inside raw text.

A page of :mod:`kg.view.html` is one self-contained file: vis-network (from the
pyvis package) or kg's sigma.js bundle, kg's explorer script and the view's data
go inside ``<script>`` and ``<style>`` elements, where no text may end the
element early or open a comment.
"""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

#: vis-network's files inside the pyvis package.
VIS_JS = "lib/vis-9.1.2/vis-network.min.js"
VIS_CSS = "lib/vis-9.1.2/vis-network.css"

#: The sigma.js bundle (sigma + graphology, tools/build_sigma.sh) inside this package.
SIGMA_JS = "static/vendor/sigma-graphology.min.js"
#: Characters that must not appear literally in JSON embedded in a ``<script>``.
_JSON_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_SCRIPT_RE = re.compile("[<>&\u2028\u2029]")
#: Sequences that would end (or confuse) a raw-text <script>/<style> element early.
_RAW_TEXT_END_RE = re.compile(r"<(?=/(?:script|style)|!--)", re.IGNORECASE)


def script_json(value: Any) -> str:
    """JSON text that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` (and the JS line separators) become ``\\uXXXX``
    escapes, so no string in the data can close the element or open a comment.
    NaN and infinities are refused (they are not JSON).

    Example:
        >>> script_json({"label": "</script><b>&"})
        '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _JSON_SCRIPT_RE.sub(lambda m: _JSON_SCRIPT_ESCAPES[m.group()], text)


def _pyvis_dir() -> Path:
    """The installed pyvis package directory, found without importing pyvis.

    (Importing pyvis pulls in IPython and jsonpickle; only its files are needed.)
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is not installed; it provides vis-network for HTML views")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def vis_assets() -> tuple[str, str]:
    """vis-network's (JavaScript, CSS), made safe to inline in raw-text elements."""
    base = _pyvis_dir()
    js = (base / VIS_JS).read_text(encoding="utf-8")
    css = (base / VIS_CSS).read_text(encoding="utf-8")
    # Neither file contains these today; escape them anyway should pyvis change.
    # In JS source they can only occur inside strings, regexes or comments,
    # where "<\/" and "<\!--" mean the same as "</" and "<!--".
    js = _RAW_TEXT_END_RE.sub("<\\\\", js)
    css = _RAW_TEXT_END_RE.sub("\\\\3C ", css)
    return js, css


@functools.cache
def own_asset(*parts: str) -> str:
    """A JS file shipped in this package, made safe to inline in a ``<script>`` element."""
    text = (importlib.resources.files("kg").joinpath(*parts)).read_text("utf-8")
    return _RAW_TEXT_END_RE.sub("<\\\\", text)
