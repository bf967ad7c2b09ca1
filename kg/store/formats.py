"""The one table of import and export formats: RDF for stores, graph files for graph tools.

``KnowledgeGraph.export`` writes every format here and ``KnowledgeGraph.load``
reads the RDF ones (``kg.store.rdf_files``); the graph-tool formats (GraphML,
GEXF, CSV tables, Neo4j's import CSVs) are written from the networkx view
(``kg.store.graph_files``, ``kg.store.neo4j_files``).
The CLI's ``--format`` choices and suffix guesses come from this table too.

RDF formats with named graphs (TriG, N-Quads, JSON-LD) keep one graph per
document; the others (Turtle, N-Triples, RDF/XML) hold one graph, the union.

Example:
    >>> format_for("graph.trig").name, format_for("x.rdf").name, format_for("x.ttl", "nquads").name
    ('trig', 'rdfxml', 'nquads')
    >>> format_for("g.gexf").kind, FORMATS["jsonld"].keeps_graphs
    ('graph', True)
    >>> [p.name for p in output_paths("out/graph.csv")]
    ['graph.nodes.csv', 'graph.edges.csv']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from kg.errors import FormatError, value_invalid_msg

Kind = Literal["rdf", "graph"]


@dataclass(frozen=True, slots=True)
class Format:
    """One import or export format.

    Attributes:
        name: what ``--format`` and ``format=`` call it.
        suffixes: the file suffixes that name it (the first is the usual one).
        kind: ``"rdf"`` (read and written by ``kg.store.rdf_files``) or ``"graph"``
            (written for graph tools by ``kg.store.graph_files``).
        keeps_graphs: one named graph per document (else the union of the documents).
        rdf_format: Oxigraph's name for an RDF format.
        label: the format as people call it.
    """

    name: str
    suffixes: tuple[str, ...]
    kind: Kind
    keeps_graphs: bool = False
    rdf_format: ox.RdfFormat | None = None
    label: str = ""


#: Every format kg reads or writes, by name.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", (".ttl",), "rdf", False, ox.RdfFormat.TURTLE, "Turtle"),
        Format("trig", (".trig",), "rdf", True, ox.RdfFormat.TRIG, "TriG"),
        Format("nquads", (".nq",), "rdf", True, ox.RdfFormat.N_QUADS, "N-Quads"),
        Format("jsonld", (".jsonld", ".json"), "rdf", True, ox.RdfFormat.JSON_LD, "JSON-LD"),
        Format("rdfxml", (".rdf", ".owl", ".xml"), "rdf", False, ox.RdfFormat.RDF_XML, "RDF/XML"),
        Format("ntriples", (".nt",), "rdf", False, ox.RdfFormat.N_TRIPLES, "N-Triples"),
        Format("graphml", (".graphml",), "graph", label="GraphML"),
        Format("gexf", (".gexf",), "graph", label="GEXF"),
        Format("csv", (".csv",), "graph", label="CSV tables"),
        Format("neo4j", (), "graph", label="Neo4j import CSVs"),
    )
}
_WHAT: dict[Kind | None, str] = {"rdf": "RDF format", "graph": "graph format", None: "format"}


def names(kind: Kind | None = None) -> list[str]:
    """The names of the formats of one kind (None: all), in table order.

    Example:
        >>> names("graph")
        ['graphml', 'gexf', 'csv', 'neo4j']
    """
    return [f.name for f in FORMATS.values() if kind is None or f.kind == kind]


def format_for(
    path: str | os.PathLike[str], name: str | None = None, *, kind: Kind | None = None
) -> Format:
    """The format of a file: the one called ``name`` if given, else the one its suffix names.

    Args:
        path: the file (only its suffix is read).
        name: a format name; None guesses from the suffix.
        kind: only formats of this kind (``"rdf"``, ``"graph"``; None: any).

    Raises:
        FormatError: an unknown name, or a suffix that names no format (the message
            lists the known names).

    Example:
        >>> format_for("notes.txt")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.FormatError: invalid format '.txt'; expected one of: turtle, trig, ...
        >>> format_for("g.gexf", kind="rdf")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.FormatError: invalid RDF format '.gexf'; expected one of: turtle, ...
    """
    suffix = Path(path).suffix.lower()
    found = FORMATS.get(name) if name else next(
        (f for f in FORMATS.values() if suffix in f.suffixes), None
    )  # fmt: skip
    if found is None or (kind is not None and found.kind != kind):
        raise FormatError(value_invalid_msg(_WHAT[kind], name or suffix, names(kind)))
    return found


def csv_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where a CSV export puts its (nodes, edges) tables for ``path``.

    Example:
        >>> [p.name for p in csv_paths("out/graph.csv")]
        ['graph.nodes.csv', 'graph.edges.csv']
        >>> [str(p) for p in csv_paths("tables")]
        ['tables/nodes.csv', 'tables/edges.csv']
    """
    target = Path(path)
    if target.suffix.lower() == ".csv" and not target.is_dir():
        stem = target.with_suffix("")
        return stem.with_name(stem.name + ".nodes.csv"), stem.with_name(stem.name + ".edges.csv")
    return target / "nodes.csv", target / "edges.csv"


#: The files of a Neo4j export, inside its directory.
NEO4J_FILE_NAMES = ("nodes.csv", "relationships.csv", "load.cypher")


def neo4j_paths(path: str | os.PathLike[str]) -> list[Path]:
    """The files a Neo4j export to the directory ``path`` writes (``kg.store.neo4j_files``).

    Example:
        >>> [str(p) for p in neo4j_paths("out")]
        ['out/nodes.csv', 'out/relationships.csv', 'out/load.cypher']
    """
    return [Path(path) / name for name in NEO4J_FILE_NAMES]


def output_paths(path: str | os.PathLike[str], name: str | None = None) -> list[Path]:
    """The files an export to ``path`` writes: ``path`` itself, CSV's two tables, or the
    directory ``path`` with Neo4j's files (``nodes.csv``, ``relationships.csv``, ``load.cypher``).

    Example:
        >>> [str(p) for p in output_paths("g.trig")]
        ['g.trig']
        >>> [str(p) for p in output_paths("out", "neo4j")]
        ['out/nodes.csv', 'out/relationships.csv', 'out/load.cypher']
    """
    found = format_for(path, name).name
    if found == "csv":
        return list(csv_paths(path))
    if found == "neo4j":
        return neo4j_paths(path)
    return [Path(path)]
