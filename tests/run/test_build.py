"""kg.run.build: kg.build in memory, and what it does with bad input."""

from __future__ import annotations

import pytest

import kg
from kg.errors import InputError
from tests.test_api import ADA, PNG_BYTES, SKOS, TRAVEL

# ---------------------------------------------------------------- kg.build / kg.open


@pytest.mark.model
def test_api_build_in_memory():
    graph = kg.build([ADA, TRAVEL])
    try:
        assert graph.location is None
        stats = graph.stats()
        assert stats["documents"] == 2
        assert stats["asserted"] >= 4
        assert graph.query(
            SKOS + "ASK { ?s skos:prefLabel 'Peter Hall' . ?s rel:visit ?o ."
            " ?o skos:prefLabel 'Rome' }"
        )
    finally:
        graph.close()


# ---------------------------------------------------------------- bad input


@pytest.mark.model
def test_api_build_binary_file_raises_input_error_and_releases_store(tmp_path):
    bad = tmp_path / "image.txt"
    bad.write_bytes(PNG_BYTES)
    store = tmp_path / "store"
    with pytest.raises(InputError, match=r"image\.txt") as info:
        kg.build([ADA, bad], store=store)
    assert info.traceback
    # The store kg.build opened was closed on the way out: it can be opened again
    # (while the traceback still holds kg.build's frames).
    with kg.open(store) as graph:
        assert graph.stats()["documents"] <= 1


@pytest.mark.model
def test_api_build_reports_bad_files_through_on_progress(tmp_path):
    bad = tmp_path / "image.txt"
    bad.write_bytes(PNG_BYTES)
    good = tmp_path / "good.txt"
    good.write_text(ADA, encoding="utf-8")
    seen = []
    graph = kg.build(tmp_path, on_progress=lambda doc, dg, exc: seen.append((str(doc), exc)))
    try:
        assert graph.stats()["documents"] == 1
    finally:
        graph.close()
    failed = [(doc, exc) for doc, exc in seen if exc is not None]
    assert len(failed) == 1
    assert failed[0][0] == str(bad)
    assert isinstance(failed[0][1], InputError)


@pytest.mark.model
def test_api_build_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="missing"):
        kg.build(tmp_path / "missing")
    with pytest.raises(InputError, match=r"missing\.txt"):
        kg.build(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match=r"notes\.md"):
        kg.build(["notes.md"])
    with pytest.raises(InputError, match="drafts/"):
        kg.build(["drafts/"])
    # One word that is not a path is a (tiny) text.
    with kg.build(["Hello."]) as graph:
        assert graph.stats()["documents"] == 1
