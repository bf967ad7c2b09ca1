"""Tests for kg.view.image: PNG and SVG pictures of a view (matplotlib, Agg, no display).

A picture of the hand-made harbour graph is saved to ``out/test-artifacts/`` for a
human to look at.
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import FormatError
from kg.store.graph import KnowledgeGraph
from kg.view import draw
from kg.view.data import NODE_STYLES, vis_data
from kg.view.image import image_format, layout, render_image, write_image

ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def harbour() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    nodes = {
        "ex:mira": ("Mira Halvorsen", "Person"),
        "ex:port": ("Northgate Port Authority", "Organization"),
        "ex:town": ("Northgate", "Place"),
        "ex:plan": ("dredging plan", "Concept"),
        "ex:union": ("dock workers", "Group"),
        "ex:vote": ("council vote", "Event"),
        "ex:island": ("Kalvøy", "Place"),
        "ex:ferry": ("ferry line", "Concept"),
    }
    for iri, (label, type_) in nodes.items():
        g.add_node(iri, label=label, type=type_, aliases=[], iri=iri)
    for s, rel, o, asserted in [
        ("ex:mira", "chief executive of", "ex:port", True),
        ("ex:port", "based in", "ex:town", True),
        ("ex:port", "propose", "ex:plan", True),
        ("ex:union", "oppose", "ex:plan", False),
        ("ex:union", "call for", "ex:vote", True),
        ("ex:union", "meet with", "ex:port", True),
        ("ex:port", "reply to", "ex:union", True),
        ("ex:ferry", "serve", "ex:island", True),  # a second component
    ]:
        g.add_edge(s, o, relation=rel, confidence=0.8, asserted=asserted)
    return g


def test_static_png_is_a_valid_picture_and_saved_for_a_look():
    from PIL import Image

    png = render_image(harbour(), title="Northgate harbour", note="A hand-made test graph.")
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.verify()
    width, height = Image.open(io.BytesIO(png)).size
    assert width > 800 and height > 500
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "static-harbour.png").write_bytes(png)


def test_static_svg_parses_and_uses_the_legend_colours():
    svg = render_image(harbour(), format="svg", title="Northgate harbour")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.decode("utf-8").lower()
    for entity_type in ("Person", "Organization", "Place", "Concept", "Group", "Event"):
        assert NODE_STYLES[entity_type][0].lower() in text, entity_type
    assert NODE_STYLES["Law"][0].lower() not in text  # no Law node, no Law colour
    # The same image twice (fixed layout seed, no date): reports can be rebuilt.
    assert render_image(harbour(), format="svg", title="Northgate harbour") == svg


def test_static_hostile_text_stays_text():
    g = nx.MultiDiGraph()
    names = ["<script>alert(1)</script>", '$x^2$ & "Co"', "a $ sign", "</svg><svg onload=x>"]
    for i, name in enumerate(names):
        g.add_node(f"ex:{i}", label=name, type="Organization")
    g.add_edge("ex:0", "ex:1", relation="$\\frac{1}{0}$")
    g.add_edge("ex:2", "ex:3", relation="<b>")
    svg = render_image(g, format="svg", title="<h1>$$</h1>")  # no mathtext error
    root = ET.fromstring(svg)  # still well-formed
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not tags & {"script", "foreignObject", "a", "iframe", "b", "h1"}, tags
    assert not [name for el in root.iter() for name in el.attrib if name.startswith("on")]
    # Text is drawn as glyph paths; matplotlib only names it in escaped XML comments.
    assert "<script" not in svg.decode("utf-8") and "<svg onload" not in svg.decode("utf-8")
    assert render_image(g, title="$\\notacommand$").startswith(PNG_SIGNATURE)


def test_static_big_view_is_capped_and_labels_the_important_nodes():
    g = nx.MultiDiGraph()
    for i in range(1, 560):
        g.add_node(f"n{i}", label=f"Entity {i}", type="Concept")
        g.add_edge(f"n{i}", f"n{i // 4}", relation="part of")
    data = vis_data(g, max_nodes=520)
    pos = layout(data)  # one 520-node component: kg's own dense spring layout
    assert len(pos) == 520 and len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == 520
    assert render_image(g, max_nodes=520).startswith(PNG_SIGNATURE)


def test_static_layout_keeps_components_apart_and_edges_even():
    data = vis_data(harbour())
    pos = layout(data)
    assert set(pos) == {n["id"] for n in data["nodes"]}
    lengths = [math.dist(pos[e["from"]], pos[e["to"]]) for e in data["edges"]]
    main = [
        math.dist(pos[e["from"]], pos[e["to"]]) for e in data["edges"] if e["from"] != "ex:ferry"
    ]
    assert 0.6 < sum(main) / len(main) < 1.4  # edges about one unit long
    assert max(lengths) < 3.0
    # The island component is placed beside the main one, not on top of it.
    island = [pos["ex:ferry"], pos["ex:island"]]
    others = [p for node, p in pos.items() if node not in ("ex:ferry", "ex:island")]
    assert min(math.dist(a, b) for a in island for b in others) > 0.9
    assert layout(vis_data(nx.MultiDiGraph())) == {}


def test_static_formats_and_errors(tmp_path):
    assert image_format("a.PNG") == "png" and image_format("a.svg") == "svg"
    assert image_format("a.html") == image_format("a") == "html"
    assert image_format("a.png", "svg") == "svg"
    with pytest.raises(FormatError, match="format 'gif'"):
        image_format("a.png", "gif")
    with pytest.raises(FormatError):
        render_image(harbour(), format="pdf")
    with pytest.raises(FormatError):
        write_image(harbour(), tmp_path / "a.html")
    out = write_image(harbour(), tmp_path / "deep" / "view.svg", title="T")
    assert out.read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in out.parent.iterdir()) == ["view.svg"]  # no temp file left


def test_static_empty_graph():
    assert render_image(nx.MultiDiGraph()).startswith(PNG_SIGNATURE)


def test_store_render_png_and_svg(tmp_path):
    from kg.model import DocumentGraph, Triple

    with KnowledgeGraph.open() as store:
        store.add(DocumentGraph("d1", "Ann met Bob.", [Triple("Ann", "meet", "Bob", "Person",
                                                              "Person")]))  # fmt: skip
        png = draw(store, tmp_path / "g.png")
        svg = draw(store, tmp_path / "g.data", format="svg", entity="ann")
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    ET.fromstring(svg.read_bytes())


def test_static_needs_no_display_and_leaves_matplotlib_alone():
    code = (
        "import sys, networkx as nx\n"
        "import kg.view.image\n"
        "assert 'matplotlib' not in sys.modules, 'imported at import time'\n"
        "kg.view.image.render_image(nx.MultiDiGraph([('a', 'b')]))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "import matplotlib\n"
        "print(matplotlib.rcParams['svg.hashsalt'])\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "MPLBACKEND": ""}  # no DISPLAY
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"  # the rc_context was undone
