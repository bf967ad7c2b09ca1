"""kg.view.drawing.uncollected: a view is built with the cycle collector paused, and the
collector is as it was once the last build (of any thread) ends."""

from __future__ import annotations

import gc
import threading

import pytest

import kg.view.drawing as drawing
from kg.model import DocumentGraph, Triple
from kg.store.graph import KnowledgeGraph


@pytest.fixture(autouse=True)
def _collector_back():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_inside_and_back_after_even_on_error():
    gc.enable()
    with drawing.uncollected():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), drawing.uncollected():
        raise RuntimeError("a build that fails")
    assert gc.isenabled()


def test_a_collector_off_before_stays_off():
    gc.disable()
    with drawing.uncollected():
        pass
    assert not gc.isenabled()


def test_overlapping_builds_in_threads_resume_after_the_last():
    gc.enable()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first():
        with drawing.uncollected():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second():
        first_in.wait(10)
        with drawing.uncollected():
            second_in.set()
            first_out.wait(10)
            seen.append(gc.isenabled())  # the first ended: still paused for this one

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_draw_and_page_build_with_the_collector_paused(tmp_path, monkeypatch):
    gc.enable()
    real = drawing.select
    during: list[bool] = []

    def select(*args, **kwargs):
        during.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(drawing, "select", select)
    with KnowledgeGraph.open() as graph:
        graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person", "Person")]))
        assert "Ann" in drawing.page(graph)
        drawing.draw(graph, tmp_path / "g.html", entity="Ann")
    assert during == [False, False]
    assert gc.isenabled()
