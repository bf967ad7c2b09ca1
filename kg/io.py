"""Reading documents: paths and stdin in, decoded plain text out.

Bytes are decoded without ever crashing (BOMs honoured, UTF-16 detected,
UTF-8 with replacement otherwise); binary files are refused with an
:class:`~kg.errors.InputError`; HTML is reduced to its visible text; long
texts are cut into chunks at sentence boundaries, below spaCy's
``max_length``, with their offsets kept.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InputError

#: File suffixes picked up when a directory is given.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".html", ".htm", ".xhtml"})

#: Largest chunk handed to spaCy in one piece (characters).
MAX_CHUNK_CHARS = 100_000

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_BINARY_MAGIC = (
    b"%PDF",
    b"\x1f\x8b",  # gzip
    b"PK\x03\x04",  # zip, docx, xlsx
    b"\x89PNG",
    b"\xff\xd8\xff",  # jpeg
    b"GIF8",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"RIFF",
    b"OggS",
    b"ID3",
)
# C0 controls except tab, newline, carriage return; DEL; C1 controls.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML_SNIFF_RE = re.compile(r"\A\s*(<!doctype html|<html\b|<\?xml[^>]*>\s*<!doctype html)", re.I)


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded document.

    Attributes:
        doc_id: the name the user gave it (the path as given, ``-`` for stdin, or an id).
        text: the plain text the extractor reads and the offsets refer to.
        source: the resolved path or URL it came from, if any.
    """

    doc_id: str
    text: str
    source: str | None = None


def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode bytes to text without crashing on bad bytes.

    Honours UTF-8/UTF-16/UTF-32 byte-order marks, detects BOM-less UTF-16 by its
    NUL pattern, and otherwise decodes UTF-8, replacing invalid bytes.

    Raises:
        InputError: when the bytes look binary (a known file signature, or NULs
            that are not UTF-16).

    Example:
        >>> decode(b"caf\\xc3\\xa9 \\xff")
        'café �'
        >>> decode("\\ufeffhi".encode("utf-16-le"))
        'hi'
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if data.startswith(_BINARY_MAGIC):
        raise InputError(f"{name}: looks like a binary file, not text; skipped")
    head = data[:4096]
    if head and b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return data.decode("utf-16-le", errors="replace")
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return data.decode("utf-16-be", errors="replace")
        if data.strip(b"\x00"):
            raise InputError(f"{name}: looks like a binary file, not text; skipped")
    return data.decode("utf-8", errors="replace")


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML page."""

    _SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "svg"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
         "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML or XHTML page (no script or style content).

    Example:
        >>> html_to_text("<p>Ann <b>met</b> Bo.</p><script>x()</script><p>Then left.</p>")
        'Ann met Bo.\\n\\nThen left.'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*\n *", "\n\n", text)
    return text.strip()


def clean_text(text: str) -> str:
    """Normalise a decoded text: NFC, control characters and lone surrogates removed.

    Example:
        >>> clean_text("a\\x00b\\u200bc")
        'ab\\u200bc'
    """
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    return _CONTROL_RE.sub("", text)


def read_text(data: bytes, *, name: str = "<bytes>", html: bool | None = None) -> str:
    """Decode, strip HTML when it is HTML, and clean.

    Args:
        data: the raw bytes.
        name: a name for error messages (and to detect HTML by suffix).
        html: force HTML handling on or off; None sniffs the suffix and the content.
    """
    text = decode(data, name=name)
    if html is None:
        html = Path(name).suffix.lower() in _HTML_SUFFIXES or bool(_HTML_SNIFF_RE.match(text))
    if html:
        text = html_to_text(text)
    return clean_text(text)


def read_document(path: str | Path) -> Document:
    """Read one document from a path (``-`` reads standard input).

    Raises:
        InputError: when the file cannot be read or is binary.
    """
    name = str(path)
    if name == "-":
        return Document(doc_id="-", text=read_text(sys.stdin.buffer.read(), name="<stdin>"))
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    return Document(doc_id=name, text=read_text(data, name=name), source=str(p.resolve()))


def expand_paths(paths: Iterable[str | Path]) -> Iterator[str]:
    """Expand directories into the text files under them (sorted); keep files and ``-``.

    Raises:
        InputError: when a path does not exist.
    """
    for path in paths:
        name = str(path)
        if name == "-":
            yield name
            continue
        p = Path(name)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield str(child)
        elif p.exists():
            yield name
        else:
            raise InputError(f"{name}: no such file or directory")


_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


def chunks(text: str, *, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut a long text into pieces below ``max_chars``, at paragraph or sentence ends.

    Yields ``(offset, piece)`` with ``text[offset:offset + len(piece)] == piece``.
    A piece with no sentence end in reach is cut at whitespace, or hard as a last resort.

    Example:
        >>> [(o, p) for o, p in chunks("One. Two. Three.", max_chars=10)]
        [(0, 'One. '), (5, 'Two. '), (10, 'Three.')]
    """
    start, n = 0, len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for m in _SENTENCE_END_RE.finditer(window):
            cut = m.end()
        if cut < max_chars // 4:
            ws = max(window.rfind(" "), window.rfind("\n"))
            cut = ws + 1 if ws > max_chars // 4 else max_chars
        yield start, text[start : start + cut]
        start += cut
    if start < n:
        yield start, text[start:]
