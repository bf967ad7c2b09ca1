"""RDF files in and out of a store: parsing (capped, all-or-nothing) and serialising
(atomically, with a manifest).

``KnowledgeGraph.export`` and ``KnowledgeGraph.load`` (``kg export``, ``kg import``)
use these; the formats are those of kind ``"rdf"`` in ``kg.store.formats.FORMATS``.

Example:
    >>> quads = read_quads(b'<urn:a> <urn:b> "c" <urn:g> .', format="nquads")
    >>> [q.graph_name.value for q in quads]
    ['urn:g']
"""

from __future__ import annotations

import hashlib
import io as _io
import itertools
import json
import os
import xml.parsers.expat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import pyoxigraph as ox

from kg.errors import FormatError, InputError, StoreError
from kg.files import write_atomically as replace_atomically
from kg.store.formats import Format, format_for

if TYPE_CHECKING:
    from kg.store.backend import Backend

#: The largest RDF file ``read_quads`` reads by default (bytes); ``max_bytes`` raises it.
MAX_IMPORT_BYTES = 1 << 30
#: The most quads ``read_quads`` reads from one file by default; ``max_quads`` raises it.
MAX_IMPORT_QUADS = 10_000_000
#: ``write_atomically`` describes each file in ``<file>`` + this (see ``manifest_path``).
MANIFEST_SUFFIX = ".kg.json"


def _rdf_format(path: str | Path, name: str | None) -> tuple[str, ox.RdfFormat]:
    """The name and Oxigraph format of an RDF file (``kg.store.formats.format_for``)."""
    found = format_for(path, name, kind="rdf")
    assert found.rdf_format is not None
    return found.name, found.rdf_format


class _CappedReader:
    """A binary reader that refuses to read past ``limit`` bytes (and hashes what it reads)."""

    def __init__(self, handle: IO[bytes], limit: int | None, where: str) -> None:
        self.handle, self.limit, self.where, self.count = handle, limit, where, 0
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        if self.limit is not None:
            room = self.limit + 1 - self.count  # one byte more tells "too big"
            size = room if size is None or size < 0 else min(size, room)
        data = self.handle.read(size)
        self.count += len(data)
        self.digest.update(data)
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
    over ``max_quads`` quads (None: no cap), before the store is touched. A file
    with a manifest beside it (``manifest_path``, written by ``kg export``) must match
    it: its size, SHA-256 and number of quads.

    Args:
        source: a file path, or the data itself (then ``format`` is needed).
        format: an RDF format name (``kg.store.formats.FORMATS``); by default guessed
            from the suffix.
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
        (name, rdf_format), where = _rdf_format("", format), "the data"
    else:
        (name, rdf_format), where = _rdf_format(source, format), str(source)
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
        manifest = _manifest(Path(source))
        with open(source, "rb") as handle:
            if manifest is not None:
                size, expected = os.fstat(handle.fileno()).st_size, int(str(manifest["bytes"]))
                if size != expected:
                    raise _mismatch(Path(source), f"{size:,} bytes, not {expected:,}")
            reader = _CappedReader(handle, max_bytes, where)
            if name == "rdfxml":  # read whole (the parser holds it all anyway), checked first
                data = b"".join(iter(lambda: reader.read(1 << 20), b""))
                _refuse_xml_entities(_io.BytesIO(data), where)
                quads = _counted(ox.parse(data, rdf_format), max_quads, where)
            else:
                stream = cast(IO[bytes], reader)  # read() is all the parser calls
                quads = _counted(ox.parse(stream, rdf_format), max_quads, where)
            if manifest is not None:
                while reader.read(1 << 20):  # hash every byte, wherever the parser stopped
                    pass
                if reader.digest.hexdigest() != manifest["sha256"]:
                    raise _mismatch(Path(source), "its SHA-256 differs")
                if len(quads) != int(str(manifest["quads"])):
                    wrote = int(str(manifest["quads"]))
                    raise _mismatch(Path(source), f"{len(quads):,} quads, not {wrote:,}")
            return quads
    except InputError:
        raise
    except SyntaxError as err:
        message = " ".join(str(err).split())
        raise InputError(f"{where}: not valid {name}: {message}") from err
    except OSError as err:
        raise InputError(f"{where}: cannot read: {err.strerror or err}") from err


def manifest_path(path: str | Path) -> Path:
    """Where ``write_atomically`` describes the file it wrote: ``<file>.kg.json``.

    Example:
        >>> manifest_path("out/graph.nq").name
        'graph.nq.kg.json'
    """
    path = Path(path)
    return path.with_name(path.name + MANIFEST_SUFFIX)


def _sha256(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_atomically(
    path: str | Path,
    quads: Iterable[ox.Quad] | Iterable[ox.Triple],
    *,
    format: str,
    prefixes: Mapping[str, str] | None = None,
) -> Path:
    """Serialise quads (or triples) to ``path`` through a temporary file and a rename,
    and describe it in ``manifest_path(path)``: format, quads, bytes and SHA-256.

    ``read_quads`` checks a file against its manifest, so a copy cut short (or
    changed) is refused instead of imported in part.

    Raises:
        StoreError: the file cannot be written.
    """
    path = Path(path)
    name, rdf_format = _rdf_format(path, format)
    count = 0

    def counted() -> Iterator[Any]:
        nonlocal count
        for item in quads:
            count += 1
            yield item

    def serialize(tmp: Path) -> None:
        ox.serialize(counted(), str(tmp), rdf_format, prefixes=dict(prefixes or {}))

    try:
        written = replace_atomically(path, serialize)
        size, digest = _sha256(written)
        manifest = {"kg_export": 1, "file": path.name, "format": name, "quads": count,
                    "bytes": size, "sha256": digest}  # fmt: skip
        text = json.dumps(manifest, indent=1) + "\n"
        replace_atomically(manifest_path(path), lambda tmp: tmp.write_text(text, "utf-8"))
        return written
    except (OSError, ValueError, SyntaxError) as err:
        raise StoreError(f"cannot export to {path}: {err}") from err


def write_store(
    backend: Backend,
    path: str | Path,
    fmt: Format,
    *,
    prefixes: Mapping[str, str],
    keep: Callable[[ox.Quad | ox.Triple], bool] | None = None,
) -> Path:
    """Export everything a store holds in an RDF format (``KnowledgeGraph.export``).

    A format with named graphs gets each document's graph and the default graph's
    triples no document holds; the others get the union of all graphs. ``keep``,
    when given, says which of them to write.
    """
    data: Iterable[ox.Quad] | Iterable[ox.Triple] = (
        itertools.chain(
            backend.named_quads(),
            (ox.Quad(t.subject, t.predicate, t.object) for t in backend.default_only_triples()),
        )
        if fmt.keeps_graphs
        else backend.union_triples()
    )
    if keep is not None:
        data = filter(keep, data)
    return write_atomically(path, data, format=fmt.name, prefixes=prefixes)


def _manifest(path: Path) -> dict[str, object] | None:
    """The manifest an export wrote beside ``path``, if there is one."""
    where = manifest_path(path)
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as err:
        raise InputError(f"{where}: cannot read: {err.strerror or err}") from err
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("kg_export") != 1:
            raise ValueError("not a kg export manifest")
        int(data["bytes"]), int(data["quads"]), str(data["sha256"])
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"{where}: not a kg export manifest ({err}); nothing imported") from err
    return data


def _mismatch(path: Path, what: str) -> InputError:
    return InputError(
        f"{path}: does not match {manifest_path(path).name}, written with it by kg export "
        f"({what}): truncated or changed; nothing imported (delete the manifest to import "
        "it anyway)"
    )
