"""The graph view of ``kg serve``: ``/view``, a complete page (:func:`kg.view.page`) with
its own ``Content-Security-Policy`` (:data:`VIEW_CSP`). The other pages, the home page
at ``/`` among them, are ``kg.serve.web``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.serve.sparql import HTTPError

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph

#: The graph view's policy (as in its own ``<meta>``): inline script and style, nothing fetched.
VIEW_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def view_page(
    graph: KnowledgeGraph,
    params: Mapping[str, list[str]],
    *,
    network: Callable[[], nx.MultiDiGraph] | None = None,
) -> str:
    """The HTML view for ``/view``: the whole graph, or ``entity=``, ``doc=``, ``hops=``.

    ``network`` gives ``kg.view.drawing.network_of(graph)`` when the caller keeps one;
    it is called for the whole graph only (an entity's or a document's view reads
    its part of the store).

    Raises:
        HTTPError: 404 for an unknown entity or document, 400 for bad ``hops``.
    """
    from kg.view import page

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[0] if values else None

    entity, doc = one("entity"), one("doc")
    hops_text = None if entity is None and doc is None else one("hops")  # the whole graph: no hops
    try:
        hops = int(hops_text) if hops_text is not None else 1
    except ValueError as exc:
        raise HTTPError(
            HTTPStatus.BAD_REQUEST, f"hops must be a number, not {hops_text!r}"
        ) from exc
    try:
        whole = None if network is None or entity is not None or doc is not None else network()
        return page(graph, entity=entity, doc=doc, hops=hops, network=whole)
    except KGError as exc:
        raise HTTPError(HTTPStatus.NOT_FOUND, str(exc)) from exc
    except ValueError as exc:
        raise HTTPError(HTTPStatus.BAD_REQUEST, str(exc)) from exc
