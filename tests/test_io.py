"""kg.io: decoding bytes, HTML to text, cleaning, chunking, reading paths and stdin."""

from __future__ import annotations

import codecs
import io
import random
import re
import sys
from typing import Any

import pytest

import kg
import kg.io
from kg.errors import InputError, KGError
from kg.io import (
    TEXT_SUFFIXES,
    Document,
    clean_text,
    decode,
    expand_paths,
    html_to_text,
    read_document,
    read_text,
)
from tests.processes import finishes

TEXT = "Marta Ruiz opened a bakery in Lyon. Café crème costs €2."


# A PNG signature followed by bytes that are not text.
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(0).randrange(256) for _ in range(512))


# ---------------------------------------------------------------- decode


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 bom"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le bom"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be bom"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le bom"),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be bom"),
        (TEXT.encode("utf-16-le"), "utf-16-le, no bom"),
        (TEXT.encode("utf-16-be"), "utf-16-be, no bom"),
        (TEXT.encode("utf-8"), "plain utf-8"),
    ],
)
def test_io_decode_honours_boms_and_bomless_utf16(data, label):
    assert decode(data) == TEXT, label


def test_io_decode_replaces_invalid_utf8():
    # UTF-8 ("Zoë", "Malmö") with two bad bytes: damaged UTF-8, not another encoding.
    text = decode(b"Ann Zo\xc3\xab Malm\xc3\xb6 \xff met Bo \xc3 in Oslo.")
    assert text.startswith("Ann ")
    assert text.endswith(" in Oslo.")
    assert "\ufffd" in text
    # Nothing that would crash spaCy's tokenizer survives: the text encodes cleanly.
    text.encode("utf-8")


def test_io_decode_empty_bytes():
    assert decode(b"") == ""


@pytest.mark.parametrize(
    "data",
    [
        PNG_BYTES,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(40)),
        b"\x1f\x8b\x08\x00" + bytes(range(40)),
        b"\x7fELF\x02\x01\x01" + bytes(range(40)),
        # No signature, but NULs scattered like in any binary blob.
        bytes([7, 0, 0, 200, 13, 0, 55, 66, 0, 0, 0, 1, 99, 98, 0, 17] * 20),
    ],
)
def test_io_decode_refuses_binary_naming_the_file(data):
    with pytest.raises(InputError, match=r"photo\.txt") as info:
        decode(data, name="photo.txt")
    assert isinstance(info.value, KGError)
    assert isinstance(info.value, OSError)


def test_io_read_text_sniffs_html_by_suffix_and_content():
    page = b"<html><head><title>T</title></head><body><p>Ann met Bo.</p></body></html>"
    assert read_text(page, name="page.html") == "Ann met Bo."
    doctype = b"<!DOCTYPE html>\n<html><body><p>Ann met Bo.</p></body></html>"
    assert read_text(doctype, name="page.txt") == "Ann met Bo."
    # Plain text mentioning a tag is left alone.
    assert read_text(b"Use <b> for bold.", name="note.txt") == "Use <b> for bold."
    assert read_text(page, name="page.html", html=False).startswith("<html>")


# ---------------------------------------------------------------- html_to_text


def test_io_html_to_text_drops_script_style_and_head():
    page = """<!DOCTYPE html><html><head><title>Title words</title>
    <style>p { color: red }</style><script>var secret = "leak";</script></head>
    <body><h1>Harbour news</h1><p>Ann&nbsp;Berg &amp; Bo <b>met</b> in Oslo.</p>
    <script type="text/javascript">alert("x")</script><noscript>Enable JS</noscript>
    <ul><li>First item.</li><li>Second item.</li></ul></body></html>"""
    text = html_to_text(page)
    for hidden in ("secret", "leak", "color", "alert", "Title words", "Enable JS"):
        assert hidden not in text
    assert "Ann\xa0Berg & Bo met in Oslo." in text
    # Block elements become paragraph breaks, so sentences do not run together.
    assert text.split("\n\n") == [
        "Harbour news",
        "Ann\xa0Berg & Bo met in Oslo.",
        "First item.",
        "Second item.",
    ]


def test_io_html_to_text_survives_broken_markup():
    text = html_to_text("<p>Unclosed <b>bold <script>x = 1 < 2</p> and <div>more")
    assert "Unclosed bold" in text
    assert "x = 1" not in text


# ---------------------------------------------------------------- clean_text


def test_io_clean_text_removes_control_characters():
    raw = "A\x00n\x07n\x1b met\x7f B\x85o.\tTab\r\nNew line\x0c\x0b."
    cleaned = clean_text(raw)
    assert cleaned == "Ann met Bo.\tTab\r\nNew line."
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", cleaned)


def test_io_clean_text_normalises_nfc_and_drops_lone_surrogates():
    assert clean_text("Cafe\u0301") == "Café"
    cleaned = clean_text("bad \udcff surrogate")
    cleaned.encode("utf-8")  # would raise on a surviving surrogate
    assert cleaned.startswith("bad ") and cleaned.endswith(" surrogate")


# ---------------------------------------------------------------- reading paths


def test_io_read_document_reads_and_names(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Ann met Bo in Malmö.\r\n".encode())
    doc = read_document(path)
    assert doc == Document(doc_id=str(path), text="Ann met Bo in Malmö.\r\n", source=doc.source)
    assert doc.source == str(path.resolve())


def test_io_read_document_html_file(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text("<p>Ann met Bo.</p><style>p{}</style>", encoding="utf-8")
    assert read_document(path).text == "Ann met Bo."


def test_io_read_document_errors_name_the_path(tmp_path):
    with pytest.raises(InputError, match=r"missing\.txt"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)
    bad = tmp_path / "image.txt"
    bad.write_bytes(PNG_BYTES)
    with pytest.raises(InputError, match=r"image\.txt.*binary"):
        read_document(bad)


def test_io_read_document_stdin(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO("Ann met Bo.\n\xff".encode("latin-1")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    doc = read_document("-")
    assert doc.doc_id == "-"
    assert doc.source is None
    assert doc.text == "Ann met Bo.\nÿ"  # not UTF-8: read as Windows-1252


def test_io_expand_paths_walks_directories_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b" / "c.md").write_text("C.", encoding="utf-8")
    (tmp_path / "b" / "d.html").write_text("<p>D.</p>", encoding="utf-8")
    (tmp_path / "b" / "skip.png").write_bytes(PNG_BYTES)
    (tmp_path / "b" / "skip.py").write_text("x = 1", encoding="utf-8")
    single = tmp_path / "b" / "c.md"
    got = list(expand_paths([tmp_path, str(single), "-"]))
    assert got == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c.md"),
        str(tmp_path / "b" / "d.html"),
        str(single),
        "-",
    ]
    assert {".txt", ".md", ".html"} <= TEXT_SUFFIXES


def test_io_expand_paths_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"nowhere\.txt"):
        list(expand_paths([tmp_path / "nowhere.txt"]))


# ---------------------------------------------------------------- HTML and XHTML


XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by a hostile tool: <p>not text</p> -->
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Title words</title>
<style type="text/css">/*<![CDATA[*/ p { color: red } /*]]>*/</style>
<script type="text/javascript">//<![CDATA[
var trap = "<p>Script words.</p>"; if (1 < 2 && 3 > 2) { document.write(trap); }
//]]></script>
</head>
<body>
<h1>Harbour news</h1>
<p>Lena Ortiz founded Harbour Labs.<br/>It grew fast.</p>
<script src="app.js"/>
<p>After the empty script.</p>
<noscript><p>Noscript words.</p></noscript>
<!-- Comment words. -->
<p><![CDATA[Raw but visible words.]]></p>
<template><p>Template words.</p></template>
<svg><title>Svg words</title><text>More svg words</text></svg>
</body></html>
"""


def test_hostile_xhtml_keeps_only_visible_text():
    text = html_to_text(XHTML)
    visible_words = ["Harbour news", "Lena Ortiz founded Harbour Labs.", "It grew fast."]
    visible_words += ["After the empty script.", "Raw but visible words."]
    for visible in visible_words:
        assert visible in text
    hidden_words = ["Title words", "color", "trap", "Script words", "Noscript", "Comment"]
    hidden_words += ["Template", "svg words", "Svg", "CDATA", "xml", "DOCTYPE", "<", ">"]
    for hidden in hidden_words:
        assert hidden not in text, hidden


def test_hostile_html_sniffing_takes_linear_time(monkeypatch):
    # Many comments and no page after them: the sniffing must not backtrack through them
    # (its pattern matches each comment atomically), and it reads a bounded prefix of the
    # text however long the text is.
    data = ("<!-- note --> " * 5000 + "plain words").encode()
    sniffed: list[int] = []
    pattern = kg.io._HTML_SNIFF_RE

    class Recording:
        def match(self, text: str) -> Any:
            sniffed.append(len(text))
            return pattern.match(text)

    monkeypatch.setattr(kg.io, "_HTML_SNIFF_RE", Recording())
    assert finishes(lambda: read_text(data, name="notes.txt")).endswith("plain words")
    assert sniffed and max(sniffed) <= kg.io._SNIFF_CHARS < len(data)


def test_hostile_xhtml_file_is_sniffed_by_content(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(XHTML, encoding="utf-8")
    text = read_document(path).text
    assert text.startswith("Harbour news")
    assert "trap" not in text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # The head is never closed: the body still counts.
        ("<html><head><title>T</title><body><p>Body text.</p></body></html>", "Body text."),
        # Unclosed paragraph tags, stray end tags, entities, a comment that never ends.
        ("<p>One &amp; two<p>Three</b></i> &lt;x&gt;<!-- never closed", "One & two\n\nThree <x>"),
        # Script inside script-looking text, upper-case tags, attributes with quotes.
        ('<SCRIPT>a="</p>"</SCRIPT><P CLASS="x\'y">Kept.</P>', "Kept."),
        # Character references to control characters never give a control character.
        ("<p>a&#0;b&#x1b;c&#x85;d&#x7f;</p>", "a\ufffdbc\u2026d"),
    ],
)
def test_hostile_broken_html(html, expected):
    assert read_text(html.encode(), name="x.html") == expected
