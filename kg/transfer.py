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

from collections.abc import Iterable, Mapping
from pathlib import Path

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


def read_quads(source: str | Path | bytes, *, format: str | None = None) -> list[ox.Quad]:
    """Every quad of an RDF file (or bytes), parsed in full before anything is returned.

    Args:
        source: a file path, or the data itself (then ``format`` is needed).
        format: a name of ``RDF_FORMATS``; by default guessed from the suffix.

    Raises:
        FormatError: unknown format.
        InputError: the file cannot be read or is not valid in that format.
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
            return list(ox.parse(source, rdf_format))
        with open(source, "rb") as handle:
            return list(ox.parse(handle, rdf_format))
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
