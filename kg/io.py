"""Reading documents: paths and stdin in, decoded plain text out.

Bytes are decoded without ever crashing (BOMs honoured, UTF-16 detected,
UTF-8 with replacement otherwise); binary files are refused with an
:class:`~kg.errors.InputError`; HTML is reduced to its visible text. Long texts
are cut for the parser by ``kg.chunks``; files are written by ``kg.files``.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InputError

#: File suffixes picked up when a directory is given.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".html", ".htm", ".xhtml"})

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
#: Invisible format characters: zero-width space, non-joiner, joiner, word joiner,
#: zero-width no-break space (a BOM inside a text), soft hyphen, and the bidirectional
#: marks, embeddings, overrides and isolates. They split names in two for the parser
#: ("Ann\u200bLee") and make labels that look alike but differ.
INVISIBLE_RE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
#: The 8-bit encoding a file that is not UTF-8 is read in (Windows-1252: Latin-1 with
#: printable characters where Latin-1 has C1 controls).
LEGACY_ENCODING = "cp1252"
# C0 controls that text files do not hold (backspace, form feed, vertical tab and escape
# do occur: overstruck man pages, page breaks, terminal colours).
_BINARY_CONTROL_RE = re.compile(r"[\x00-\x07\x0e-\x1a\x1c-\x1f\x7f]")
# How much of a decoded file is sniffed to tell text from binary, and the share of such
# controls (NUL included) that means binary: random bytes hold about 10 %, text in any
# encoding none, or a few strays.
# A stray control character or two never makes a short text binary.
_SNIFF_CHARS = 4096
_MIN_CONTROLS = 4
_MAX_CONTROL_SHARE = 0.05
# An HTML or XHTML page: a doctype or <html>, maybe after an XML declaration and comments
# (each comment matched atomically: no backtracking into it, so linear time on any input).
_HTML_SNIFF_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?>(?:<!--(?:[^-]|-(?!->))*-->\s*)*)(?:<!doctype html|<html\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded document.

    Attributes:
        doc_id: its id: for a file its path relative to the root (``document_id``),
            ``-`` for stdin (``kg build`` stores it as ``stdin-<hash>``), or an id.
        text: the plain text the extractor reads and the offsets refer to.
        source: the resolved path or URL it came from, if any.
    """

    doc_id: str
    text: str
    source: str | None = None


def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode bytes to text without crashing on bad bytes.

    Honours UTF-8/UTF-16/UTF-32 byte-order marks, detects BOM-less UTF-16 by its
    NUL pattern, and otherwise decodes UTF-8, replacing invalid bytes. Bytes that are
    not UTF-8 at all (invalid sequences, and few or no valid multi-byte ones: Latin-1 or
    Windows-1252 text) are read as ``LEGACY_ENCODING``, and the ``kg`` logger says so
    (``kg build`` prints it as a note).

    Raises:
        InputError: when the bytes look binary (a known file signature, or more
            NULs and other control characters than text holds, outside UTF-16).

    Example:
        >>> decode(b"caf\\xc3\\xa9 \\xff")
        'café �'
        >>> decode("\\ufeffhi".encode("utf-16-le"))
        'hi'
        >>> decode("Zoë in Malmö".encode("latin-1"))
        'Zoë in Malmö'
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and not len(data) % 4:
        try:
            return data.decode("utf-32")
        except UnicodeDecodeError:
            pass  # UTF-16 whose first character is NUL looks like a UTF-32 BOM
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if not data.strip(b"\x00"):  # empty, or only NULs: an empty text
        return ""
    if data.startswith(_BINARY_MAGIC):
        raise InputError(f"{name}: looks like a binary file, not text; skipped")
    head = data[:4096]
    # BOM-less UTF-16: every other byte NUL, an even length, a clean decode, and not
    # already UTF-8 with letters beyond ASCII (UTF-16 rarely makes valid multi-byte UTF-8).
    if len(data) >= 4 and len(data) % 2 == 0 and b"\x00" in head and not _utf8_beyond_ascii(data):
        even, odd = head[0::2], head[1::2]
        wide = None
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            wide = "utf-16-le"
        elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            wide = "utf-16-be"
        if wide is not None:
            try:
                return data.decode(wide)
            except UnicodeDecodeError:
                pass
    text = data.decode("utf-8", errors="replace")
    if _looks_binary(text[:_SNIFF_CHARS]):
        raise InputError(f"{name}: looks like a binary file, not text; skipped")
    if "\ufffd" in text and _legacy_8_bit(data, text):
        try:
            legacy = data.decode(LEGACY_ENCODING)
        except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
            legacy = data.decode("latin-1")
        logging.getLogger("kg").warning("%s: not UTF-8; read as Windows-1252 (Latin-1)", name)
        return legacy
    return text


def _legacy_8_bit(data: bytes, text: str) -> bool:
    """True when bytes beyond ASCII are mostly not UTF-8: a Latin-1 or Windows-1252 text."""
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    return invalid > 0 and valid * 4 < invalid


def _utf8_beyond_ascii(data: bytes) -> bool:
    """True when the bytes are valid UTF-8 and hold at least one non-ASCII character."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not text.isascii()


def _looks_binary(head: str) -> bool:
    """True when a decoded head holds more control characters than any text does."""
    controls = len(_BINARY_CONTROL_RE.findall(head))
    return controls >= _MIN_CONTROLS and controls > _MAX_CONTROL_SHARE * len(head)


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML or XHTML page.

    Skipped: the content of the elements in ``_SKIP`` (scripts, styles, the head,
    ...), comments, processing instructions and declarations. An unclosed
    ``<head>`` ends where ``<body>`` starts; CDATA sections outside skipped
    elements are text (XHTML).
    """

    _SKIP = frozenset(
        {"script", "style", "head", "title", "noscript", "template", "svg", "math", "iframe",
         "object"}
    )  # fmt: skip
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
         "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt",
         "body", "main", "nav", "aside", "figure", "figcaption", "td", "th", "caption"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []  # the open skipped elements, outermost first

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.rpartition(":")[2]  # <html:script> in namespaced XHTML
        if tag == "body" and "head" in self._skipping:  # the head was never closed
            del self._skipping[self._skipping.index("head") :]
        if tag in self._SKIP:
            self._skipping.append(tag)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <script/>, <br/>: an element with no content (XHTML).
        tag = tag.rpartition(":")[2]
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.rpartition(":")[2]
        if tag in self._skipping:
            rank = len(self._skipping) - 1 - self._skipping[::-1].index(tag)
            del self._skipping[rank:]
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA[") and not self._skipping:
            self.parts.append(data[len("CDATA[") :])


def html_to_text(html: str) -> str:
    """The visible text of an HTML or XHTML page (no script or style content).

    Example:
        >>> html_to_text("<p>Ann <b>met</b> Bo.</p><script>x()</script><p>Then left.</p>")
        'Ann met Bo.\\n\\nThen left.'
    """
    parser = _TextExtractor()
    opened = html.rfind("<!--")
    if opened >= 0 and html.find("-->", opened + 4) < 0:
        html = html[:opened]  # a comment left open hides the rest, as in a browser
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*\n *", "\n\n", text)
    return text.strip()


def clean_text(text: str) -> str:
    """Normalise a decoded text: NFC; control characters, invisible format characters
    (``INVISIBLE_RE``: zero-width and bidirectional marks) and lone surrogates removed.

    Example:
        >>> clean_text("a\\x00b\\u200bc\\u202e")
        'abc'
    """
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    return INVISIBLE_RE.sub("", _CONTROL_RE.sub("", text))


_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def parser_safe(text: str) -> str:
    """The text with what spaCy cannot take replaced, one character for one.

    Lone surrogates become U+FFFD and control characters spaces, so every
    offset into the result is an offset into the original text too.

    Example:
        >>> parser_safe("Ann\\udcff met\\x00Bob")
        'Ann\\ufffd met Bob'
    """
    text = _SURROGATE_RE.sub("\ufffd", text)
    return _CONTROL_RE.sub(" ", text)


def read_text(data: bytes, *, name: str = "<bytes>", html: bool | None = None) -> str:
    """Decode, strip HTML when it is HTML, and clean.

    Args:
        data: the raw bytes.
        name: a name for error messages (and to detect HTML by suffix).
        html: force HTML handling on or off; None sniffs the suffix and the content.
    """
    text = decode(data, name=name)
    if html is None:
        html = Path(name).suffix.lower() in _HTML_SUFFIXES or bool(
            _HTML_SNIFF_RE.match(text[:_SNIFF_CHARS])
        )
    if html:
        text = html_to_text(text)
    return clean_text(text)


def document_id(path: str | Path, *, root: str | Path | None = None) -> str:
    """The id of the document at ``path``: its normalised path relative to ``root``.

    ``root`` defaults to the current directory. ``a.txt``, ``./a.txt``,
    ``notes/../a.txt`` and the absolute path of the same file all give ``a.txt``; a
    file outside the root gets its normalised absolute path. Separators are ``/``.
    Paths are compared as written (symbolic links are not followed).

    Example:
        >>> import os
        >>> document_id("./notes/../a.txt"), document_id(os.path.abspath("a.txt"))
        ('a.txt', 'a.txt')
        >>> document_id("/srv/corpus/b.txt", root="/srv/corpus")
        'b.txt'
        >>> document_id("/x/c.txt", root="/srv")
        '/x/c.txt'
    """
    full = os.path.normpath(os.path.abspath(os.path.expanduser(os.fspath(path))))
    base = os.path.normpath(os.path.abspath(os.path.expanduser(os.fspath(root or os.curdir))))
    try:
        relative = os.path.relpath(full, base)
    except ValueError:  # another drive (Windows)
        return Path(full).as_posix()
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(full).as_posix()
    return Path(relative).as_posix()


_FILE_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_regular_file(path: str | Path) -> None:
    """Refuse, by name, what is not a regular file: a directory, a device, a FIFO, a socket.

    A device such as ``/dev/zero`` never ends and a FIFO can block forever: they are
    not documents. Standard input (``-``) is read as a stream, not checked here.

    Raises:
        InputError: ``path`` is missing or not a regular file.

    Example:
        >>> check_regular_file("/dev/zero")
        Traceback (most recent call last):
        ...
        kg.errors.InputError: /dev/zero: not a regular file (a character device); refused
    """
    name = str(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file or directory") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        raise InputError(f"{name}: is a directory")
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _FILE_KINDS if test(mode)), "not a file")
        raise InputError(f"{name}: not a regular file ({kind}); refused")


def read_document(path: str | Path, *, root: str | Path | None = None) -> Document:
    """Read one document from a path (``-`` reads standard input).

    Its id is ``document_id(path, root=root)``: the same file under any spelling of
    its path is one document.

    Raises:
        InputError: when the file cannot be read, is binary, or is not a regular file
            (a device such as ``/dev/zero``, a FIFO, a socket: refused by name).
    """
    name = str(path)
    if name == "-":
        return Document(doc_id="-", text=read_text(sys.stdin.buffer.read(), name="<stdin>"))
    p = Path(path)
    check_regular_file(p)
    try:
        data = p.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    return Document(
        doc_id=document_id(p, root=root), text=read_text(data, name=name), source=str(p.resolve())
    )


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
