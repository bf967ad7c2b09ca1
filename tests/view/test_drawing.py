"""kg.view.drawing: draw() writes the page of an entity, document or query view."""

from __future__ import annotations

import pytest

from kg.errors import KGError, QueryError
from kg.view import draw
from tests.view.harbour import SELECT_SPO, _page_data

# ---------------------------------------------------------------- KnowledgeGraph.render


def test_store_render_entity_view_page(store, tmp_path):
    path = draw(store, tmp_path / "mira.html", entity="Mira Halvorsen", hops=1)
    page = path.read_text(encoding="utf-8")
    data = _page_data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"Mira Halvorsen", "Northgate Port Authority", "Per Halvorsen", "Jonas Brekke"}
    (focus,) = data["focus"]
    assert next(n for n in data["nodes"] if n["id"] == focus)["borderWidth"] == 4.0
    assert '<h1 id="kg-title">Mira Halvorsen: 1 hop</h1>' in page
    assert "Entities within 1 hop of Mira Halvorsen (matching &#39;Mira Halvorsen&#39;)." in page


def test_store_render_options(store, tmp_path):
    page = draw(store, tmp_path / "all.html", max_nodes=3, title="Harbour").read_text("utf-8")
    assert len(_page_data(page)["nodes"]) == 3 and "best-connected" in page
    assert "<title>Harbour</title>" in page
    page = draw(store, tmp_path / "d.html", doc="minutes.txt").read_text("utf-8")
    assert len(_page_data(page)["edges"]) == 3
    page = draw(store, tmp_path / "q.html", query=SELECT_SPO).read_text("utf-8")
    assert len(_page_data(page)["edges"]) == 2
    page = draw(store, tmp_path / "h.html", include_hedged=False).read_text("utf-8")
    assert "dock workers" not in page  # only in a negated claim
    with pytest.raises(QueryError):
        draw(
            store, tmp_path / "x.html", query="SELECT * WHERE { SERVICE <http://a/> { ?s ?p ?o } }"
        )
    with pytest.raises(KGError, match="no entity named"):
        draw(store, tmp_path / "x.html", entity="Nobody")
    assert not (tmp_path / "x.html").exists()
