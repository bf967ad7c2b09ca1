"""RDF files in and out of a store: format names, suffixes, parsing and serialising.

``KnowledgeGraph.export`` and ``KnowledgeGraph.load`` (``kg export``, ``kg import``)
use these. Formats with named graphs (TriG, N-Quads, JSON-LD) keep one graph per
document; the others (Turtle, N-Triples, RDF/XML) hold one graph, the union.

Example:
    >>> format_for("graph.trig"), format_for("x.rdf"), format_for("x.ttl", "nquads")
    ('trig', 'rdfxml', 'nquads')
    >>> quads = read_quads(b'<urn:a> <urn:b> "c" <urn:g> .', format="nquads")
    >>> [q.graph_name.value for q in quads]
    ['urn:g']
"""

from __future__ import annotations

import io as _io
import xml.parsers.expat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg import io
from kg.errors import FormatError, InputError, StoreError, value_invalid_msg

#: RDF formats: name → (Oxigraph format, keeps named graphs).
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "rdfxml": (ox.RdfFormat.RDF_XML, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
#: The largest RDF file ``read_quads`` reads by default (bytes); ``max_bytes`` raises it.
MAX_IMPORT_BYTES = 1 << 30
#: The most quads ``read_quads`` reads from one file by default; ``max_quads`` raises it.
MAX_IMPORT_QUADS = 10_000_000
#: File suffix → format name.
SUFFIX_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


def format_for(path: str | Path, format: str | None = None) -> str:
    """The format name for a file: ``format`` if given, else guessed from the suffix.

    Raises:
        FormatError: unknown format, or a suffix that names none.

    Example:
        >>> format_for("notes.txt")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.FormatError: invalid RDF format '.txt'; expected one of: turtle, ...
    """
    name = format or SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if name not in RDF_FORMATS:
        raise FormatError(value_invalid_msg("RDF format", format or Path(path).suffix, RDF_FORMATS))
    return name


class _CappedReader:
    """A binary reader that refuses to read past ``limit`` bytes."""

    def __init__(self, handle: IO[bytes], limit: int | None, where: str) -> None:
        self.handle, self.limit, self.where, self.count = handle, limit, where, 0

    def read(self, size: int = -1) -> bytes:
        if self.limit is not None:
            room = self.limit + 1 - self.count  # one byte more tells "too big"
            size = room if size is None or size < 0 else min(size, room)
        data = self.handle.read(size)
        self.count += len(data)
        if self.limit is not None and self.count > self.limit:
            raise InputError(
                f"{self.where}: over {self.limit:,} bytes; refused (raise the cap with "
                "--max-bytes, or max_bytes=)"
            )
        return data


class _Prolog(Exception):
    """The first element: the prolog (where a DTD can be) is over."""


def _refuse_xml_entities(handle: IO[bytes], where: str) -> None:
    """Refuse an XML file whose DTD declares entities (billion laughs, external files).

    Only the prolog is read (up to the first element), with the standard library's
    expat, which expands nothing; malformed XML is left for the RDF parser to report.
    """

    def refuse(*args: object) -> None:
        raise InputError(
            f"{where}: XML entity declarations are refused (they can expand without bound "
            "or read other files)"
        )

    def first_element(*args: object) -> None:
        raise _Prolog

    parser = xml.parsers.expat.ParserCreate()
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.StartElementHandler = first_element
    try:
        while chunk := handle.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (_Prolog, xml.parsers.expat.ExpatError):
        return


def _counted(quads: Iterator[ox.Quad], limit: int | None, where: str) -> list[ox.Quad]:
    out: list[ox.Quad] = []
    for quad in quads:
        out.append(quad)
        if limit is not None and len(out) > limit:
            raise InputError(
                f"{where}: over {limit:,} quads; refused (raise the cap with --max-quads, "
                "or max_quads=)"
            )
    return out


def read_quads(
    source: str | Path | bytes,
    *,
    format: str | None = None,
    max_bytes: int | None = MAX_IMPORT_BYTES,
    max_quads: int | None = MAX_IMPORT_QUADS,
) -> list[ox.Quad]:
    """Every quad of an RDF file (or bytes), parsed in full before anything is returned.

    RDF/XML whose DTD declares entities is refused (a few hundred bytes of nested
    entities expand to gigabytes), and so is a file over ``max_bytes`` bytes or with
    over ``max_quads`` quads (None: no cap), before the store is touched.

    Args:
        source: a file path, or the data itself (then ``format`` is needed).
        format: a name of ``RDF_FORMATS``; by default guessed from the suffix.
        max_bytes: the largest input accepted, in bytes.
        max_quads: the most quads accepted.

    Raises:
        FormatError: unknown format.
        InputError: the file cannot be read, is not valid in that format, declares
            XML entities, or is over a cap.

    Example:
        >>> read_quads(b'<urn:a> <urn:b> "c" .\\n<urn:a> <urn:b> "d" .', format="ntriples",
        ...            max_quads=1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.InputError: the data: over 1 quads; refused (raise the cap with --max-quads, ...)
    """
    if isinstance(source, bytes):
        if format is None:
            raise FormatError("give the format of RDF data that is not a file")
        name, where = format_for("", format), "the data"
    else:
        name, where = format_for(source, format), str(source)
    rdf_format = RDF_FORMATS[name][0]
    try:
        if isinstance(source, bytes):
            if max_bytes is not None and len(source) > max_bytes:
                raise InputError(
                    f"{where}: over {max_bytes:,} bytes; refused (raise the cap with "
                    "--max-bytes, or max_bytes=)"
                )
            if name == "rdfxml":
                _refuse_xml_entities(_io.BytesIO(source), where)
            return _counted(ox.parse(source, rdf_format), max_quads, where)
        with open(source, "rb") as handle:
            reader = _CappedReader(handle, max_bytes, where)
            if name == "rdfxml":  # read whole (the parser holds it all anyway), checked first
                data = b"".join(iter(lambda: reader.read(1 << 20), b""))
                _refuse_xml_entities(_io.BytesIO(data), where)
                return _counted(ox.parse(data, rdf_format), max_quads, where)
            return _counted(ox.parse(reader, rdf_format), max_quads, where)
    except InputError:
        raise
    except SyntaxError as err:
        message = " ".join(str(err).split())
        raise InputError(f"{where}: not valid {name}: {message}") from err
    except OSError as err:
        raise InputError(f"{where}: cannot read: {err.strerror or err}") from err


def write_atomically(
    path: str | Path,
    quads: Iterable[ox.Quad] | Iterable[ox.Triple],
    *,
    format: str,
    prefixes: Mapping[str, str] | None = None,
) -> Path:
    """Serialise quads (or triples) to ``path`` through a temporary file and a rename.

    Raises:
        StoreError: the file cannot be written.
    """
    path = Path(path)
    rdf_format = RDF_FORMATS[format_for(path, format)][0]

    def serialize(tmp: Path) -> None:
        ox.serialize(quads, str(tmp), rdf_format, prefixes=dict(prefixes or {}))

    try:
        return io.write_atomically(path, serialize)
    except (OSError, ValueError, SyntaxError) as err:
        raise StoreError(f"cannot export to {path}: {err}") from err
