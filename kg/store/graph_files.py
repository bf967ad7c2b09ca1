"""Graph files for other tools: GraphML, GEXF and CSV tables (``KnowledgeGraph.export``).

Gephi, Cytoscape, yEd and networkx read these; spreadsheets and pandas read
the CSV tables. Each export is the networkx view of ``kg.store.network`` (entities as
nodes, statements as edges) with its attributes made flat:

- nodes: ``label`` (the entity's name), ``class`` (its ``kg:`` class, such as
  ``Person``), ``aliases`` (its other names joined with ``"; "``), ``iri`` and
  ``events`` (its statements without an object, such as "open in 1932",
  joined with ``"; "``);
- edges: ``id`` (the statement IRI), ``label`` (the relation, such as
  ``chief executive of``), ``relation_iri``, ``weight`` (the confidence, which
  Gephi reads as the edge weight), ``polarity``, ``modality``, ``attribution``,
  ``asserted``, ``time`` (normalised: "1932", "1967-03", "1878-11-07"),
  ``time_text`` (as written), ``doc`` and ``sentence``. An attribute with no
  value (no modality, say) is left out of GraphML and GEXF, and empty in CSV.

CSV writes two tables: ``out.csv`` becomes ``out.nodes.csv`` and
``out.edges.csv``; a directory (or a path without the ``.csv`` suffix) gets
``nodes.csv`` and ``edges.csv`` inside it. A text cell that a spreadsheet would
run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a line
break) gets a ``'`` in front (``spreadsheet_safe``). Node columns: ``id, label, class,
aliases, events``; edge columns: ``id, source, target, label, relation_iri,
weight, polarity, modality, attribution, asserted, time, time_text, doc,
sentence`` (``source`` and ``target`` are node ids). A statement without an
object has no row in the edge table (it has no target): it is in its
subject's ``events``. Gephi's spreadsheet import recognises these headers.

Every file is written to a temporary name and renamed into place.

Example:
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("e:ann", label="Ann", type="Person", aliases=["A.", "Annie"])
    >>> g.add_node("e:bob", label="Bob", type="Person", aliases=[])
    >>> _ = g.add_edge("e:ann", "e:bob", key="s:1", relation="meet", confidence=0.9)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (path,) = export_graph(g, pathlib.Path(tmp) / "g.graphml")
    ...     back = nx.read_graphml(path)
    >>> back.nodes["e:ann"]["class"], back.nodes["e:ann"]["aliases"]
    ('Person', 'A.; Annie')
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import StoreError
from kg.files import write_atomically
from kg.store.formats import csv_paths, format_for
from kg.store.neo4j_files import write_neo4j
from kg.store.network import event_text, to_networkx

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.network import KnowledgeGraph

#: How a list-valued attribute (aliases) is joined into one string.
LIST_SEPARATOR = "; "
#: Column order of the CSV tables.
NODE_COLUMNS = ("id", "label", "class", "aliases", "events")
EDGE_COLUMNS = (
    "id", "source", "target", "label", "relation_iri", "weight", "polarity", "modality",
    "attribution", "asserted", "time", "time_text", "doc", "sentence",
)  # fmt: skip


def _scalar(value: Any) -> str | int | float | bool | None:
    """A value GraphML and GEXF can hold: lists joined, None kept as None (left out)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return LIST_SEPARATOR.join(str(v) for v in items)
    return str(value)


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of kg's networkx view with flat, tool-friendly attributes (see the module doc).

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("e:a", label="Ann", type="Person", aliases=["A."], iri="e:a")
        >>> _ = g.add_edge("e:a", "e:a", key="s:1", relation="know", modality=None)
        >>> flat = flat_graph(g)
        >>> flat.nodes["e:a"]
        {'label': 'Ann', 'class': 'Person', 'aliases': 'A.', 'iri': 'e:a'}
        >>> flat.edges["e:a", "e:a", "s:1"]
        {'id': 's:1', 'label': 'know'}
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attrs: dict[str, Any] = {
            "label": data.get("label", str(node)),
            "class": data.get("type") or None,
            "aliases": data.get("aliases"),
            "iri": data.get("iri"),
            "events": [event_text(e) for e in data.get("events") or ()],
        }
        flat.add_node(str(node), **_present(attrs))
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = {
            "id": str(key),
            "label": data.get("relation"),
            "relation_iri": data.get("iri"),
            "weight": data.get("confidence"),
            "polarity": data.get("polarity"),
            "modality": data.get("modality"),
            "attribution": data.get("attribution"),
            "asserted": data.get("asserted"),
            "time": data.get("time"),
            "time_text": data.get("time_text"),
            "doc": data.get("doc") or None,
            "sentence": data.get("sentence") or None,
        }
        flat.add_edge(str(source), str(target), key=str(key), **_present(attrs))
    return flat


def _present(attrs: dict[str, Any]) -> dict[str, Any]:
    """Flatten the values; leave out the empty ones (no value, or an empty alias list)."""
    values = {k: _scalar(v) for k, v in attrs.items()}
    return {k: v for k, v in values.items() if v is not None and v != ""}


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write kg's networkx view as GraphML (flat attributes; see the module doc).

    Example:
        >>> import networkx as nx, tempfile, pathlib
        >>> g = nx.MultiDiGraph([("e:a", "e:b", {"relation": "meet"})])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     back = nx.read_graphml(write_graphml(g, pathlib.Path(tmp) / "g.graphml"))
        >>> [d["label"] for *_, d in back.edges(data=True)]
        ['meet']
    """
    import networkx as nx

    flat = flat_graph(graph)
    return write_atomically(Path(path), lambda tmp: nx.write_graphml(flat, tmp, encoding="utf-8"))


def write_gexf(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write kg's networkx view as GEXF 1.2, Gephi's own format (flat attributes).

    Example:
        >>> import networkx as nx, tempfile, pathlib
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("e:a", label="Ann", type="Person")
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     back = nx.read_gexf(write_gexf(g, pathlib.Path(tmp) / "g.gexf"))
        >>> back.nodes["e:a"]["label"], back.nodes["e:a"]["class"]
        ('Ann', 'Person')
    """
    import networkx as nx

    flat = flat_graph(graph)
    return write_atomically(Path(path), lambda tmp: nx.write_gexf(flat, tmp, encoding="utf-8"))


#: What a spreadsheet reads as the start of a formula (ASCII and full-width forms).
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def spreadsheet_safe(text: str) -> str:
    """``text`` with a ``'`` in front when a spreadsheet would read it as a formula.

    A cell whose first character (after any spaces) is ``=``, ``+``, ``-``, ``@``, a
    tab or a line break runs as a formula in Excel, LibreOffice and Google Sheets
    (``=HYPERLINK(...)``, ``+cmd|...``); with the quote in front they show it as text.

    Example:
        >>> spreadsheet_safe("=HYPERLINK(A1)"), spreadsheet_safe("Ann Berg")
        ("'=HYPERLINK(A1)", 'Ann Berg')
        >>> spreadsheet_safe("  -2+3"), spreadsheet_safe("")
        ("'  -2+3", '')
    """
    stripped = text.lstrip(" ")
    if stripped and stripped[0] in FORMULA_STARTS:
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # a number, never a formula
    return spreadsheet_safe(str(value))


def _write_table(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows([[_cell(row.get(c)) for c in columns] for row in rows])

    return write_atomically(path, write)


def write_csv(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write a node table and an edge table (RFC 4180 CSV, UTF-8); see ``csv_paths``.

    Returns:
        The paths of the node table and the edge table.

    Example:
        >>> import networkx as nx, tempfile, pathlib
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("e:a", "e:b", key="s:1", relation="meet", confidence=0.9)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     nodes, edges = write_csv(g, pathlib.Path(tmp) / "g.csv")
        ...     edges.read_text().splitlines()[1]
        's:1,e:a,e:b,meet,,0.9,,,,,,,,'
    """
    flat = flat_graph(graph)
    node_rows = [{"id": node, **data} for node, data in flat.nodes(data=True)]
    edge_rows = [
        {**data, "source": source, "target": target}
        for source, target, data in flat.edges(data=True)
    ]
    nodes_path, edges_path = csv_paths(path)
    _write_table(nodes_path, NODE_COLUMNS, node_rows)
    _write_table(edges_path, EDGE_COLUMNS, edge_rows)
    return nodes_path, edges_path


def export_graph(
    source: KnowledgeGraph | nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    include_hedged: bool = False,
) -> list[Path]:
    """Export a knowledge graph for graph tools: GraphML, GEXF, CSV tables or Neo4j's CSVs.

    Args:
        source: a ``KnowledgeGraph``, or its networkx view (``kg.store.network.to_networkx``).
        path: the file to write (for ``csv``, see ``csv_paths``; for ``neo4j``, a
            directory: ``kg.store.neo4j_files``).
        format: ``graphml``, ``gexf``, ``csv`` or ``neo4j``; default: from the suffix of ``path``.
        include_hedged: also export negated, hedged and attributed statements
            (their ``asserted`` attribute is false); only for a ``KnowledgeGraph``;
            ``neo4j`` always has them.

    Returns:
        The paths written.

    Raises:
        FormatError: unknown format.
        StoreError: a file cannot be written.

    Example:
        >>> import kg, tempfile, pathlib
        >>> from kg.model import DocumentGraph, Triple
        >>> graph = kg.open()
        >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     paths = export_graph(graph, pathlib.Path(tmp) / "graph.csv")
        ...     [p.name for p in paths], len(paths[0].read_text().splitlines())
        (['graph.nodes.csv', 'graph.edges.csv'], 3)
    """
    import networkx as nx

    name = format_for(path, format, kind="graph").name
    view: nx.MultiDiGraph
    if isinstance(source, nx.Graph):
        view = source
    else:  # Neo4j gets every statement: its ``asserted`` property tells the facts
        view = to_networkx(source, include_hedged=include_hedged or name == "neo4j")
    try:
        if name == "neo4j":
            return write_neo4j(view, path)
        if name == "graphml":
            return [write_graphml(view, path)]
        if name == "gexf":
            return [write_gexf(view, path)]
        return list(write_csv(view, path))
    except OSError as err:
        raise StoreError(f"cannot export to {path}: {err}") from err
