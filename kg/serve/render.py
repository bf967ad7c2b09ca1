"""The web pages' machinery: Jinja2 templates (autoescaped), their policy, static files.

Pages are rendered from ``kg/templates/web/*.html`` with autoescaping on and
undefined names an error; their only script and style are the static files
``/static/web.js`` and ``/static/web.css`` (package data, served by
:func:`static_file`), which :data:`WEB_CSP` allows and nothing else: no inline
script, no other origin, no framing.

Example:
    >>> page = render("error.html", status=404, title="Not found", message="<b>no</b>")
    >>> "&lt;b&gt;no&lt;/b&gt;" in page.body.decode(), page.status
    (True, 404)
"""

from __future__ import annotations

import functools
import importlib.resources
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

#: The policy of every web page: scripts, styles and fetches from this server only.
WEB_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HTML = "text/html; charset=utf-8"
#: Static files: name → media type.
STATIC = {"web.js": "text/javascript; charset=utf-8", "web.css": "text/css; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class Response:
    """A web page's answer: status, body, ``Content-Type`` and more headers."""

    status: int
    body: bytes
    content_type: str = HTML
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Security-Policy": WEB_CSP})


@functools.cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kg", "templates/web"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = lambda value: urllib.parse.quote(str(value), safe="")
    env.globals["entity_url"] = entity_url
    env.globals["document_url"] = document_url
    return env


def entity_url(iri: str) -> str:
    """The entity page of an IRI.

    Example:
        >>> entity_url("https://kg.example.org/entity/ann-1")
        '/entity?iri=https%3A%2F%2Fkg.example.org%2Fentity%2Fann-1'
    """
    return "/entity?" + urllib.parse.urlencode({"iri": iri})


def document_url(doc_id: str, offset: int | None = None) -> str:
    """The document page of a document id (``offset``: the page, and the place, of the
    statement that starts there).

    Example:
        >>> document_url("news/a b.txt", 12)
        '/document?id=news%2Fa+b.txt&at=12#at-12'
    """
    if offset is None:
        return "/document?" + urllib.parse.urlencode({"id": doc_id})
    return "/document?" + urllib.parse.urlencode({"id": doc_id, "at": offset}) + f"#at-{offset}"


def render(template: str, *, status: int = HTTPStatus.OK, **context: Any) -> Response:
    """A page from ``kg/templates/web/<template>``, every value escaped."""
    context.setdefault("search_text", "")
    html = _environment().get_template(template).render(status=int(status), **context)
    return Response(int(status), html.encode("utf-8"))


def error_page(status: int, message: str, *, title: str | None = None) -> Response:
    """An HTML error page: the status, a line saying what went wrong, links onward."""
    phrase = HTTPStatus(status).phrase
    return render("error.html", status=status, title=title or phrase, message=message)


def static_file(name: str) -> Response | None:
    """A static file of the pages (``web.js``, ``web.css``), or None for another name."""
    if name not in STATIC:
        return None
    resource = importlib.resources.files("kg") / "templates" / "web" / "static" / name
    headers = {"Content-Security-Policy": WEB_CSP, "Cache-Control": "no-cache"}
    return Response(HTTPStatus.OK, resource.read_bytes(), STATIC[name], headers)
