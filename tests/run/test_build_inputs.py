"""``kg.build(texts=..., paths=...)``: saying what a string is, instead of the guess."""

from __future__ import annotations

import pytest

import kg
from kg.errors import InputError


@pytest.mark.model
def test_build_texts_are_never_file_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("Omar Haddad founded Kestrel Labs.", encoding="utf-8")
    # Guessed, "notes.txt" names the file; given as a text, it is the text "notes.txt".
    with kg.build(["notes.txt"]) as guessed, kg.build(texts=["notes.txt"]) as said:
        assert [d["doc_id"] for d in guessed.documents()] == ["notes.txt"]
        (document,) = said.documents()
        assert document["doc_id"].startswith("text-")
        assert said.stats()["statements"] == 0 < guessed.stats()["statements"]


@pytest.mark.model
def test_build_paths_are_never_texts(tmp_path):
    # Guessed, a sentence that names no file is a text; as a path it is a missing file.
    with kg.build(["Ann Lee met Bo Ek."]) as guessed:
        assert guessed.stats()["documents"] == 1
    with pytest.raises(InputError, match="no such file"):
        kg.build(paths=["Ann Lee met Bo Ek."])
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Ann Lee met Bo Ek.", encoding="utf-8")
    with kg.build(paths=[folder], root=tmp_path) as graph:
        assert [d["doc_id"] for d in graph.documents()] == ["docs/a.txt"]


def test_build_refuses_no_documents_and_a_bare_string():
    with pytest.raises(TypeError, match="needs documents"):
        kg.build()
    with pytest.raises(TypeError, match="take a list"):
        kg.build(texts="Ann met Bob.")  # a str is an Iterable[str]: refused all the same
    with pytest.raises(TypeError, match="take a list"):
        kg.build(paths="notes.txt")
