"""Neo4j files: ``neo4j-admin database import`` CSVs and ``load.cypher`` (``export``).

``kg export --format neo4j -o DIR`` writes three files into ``DIR``:

- ``nodes.csv``: one row per entity, header
  ``iri:ID,:LABEL,name,aliases:string[],documents:string[],events:string[]``.
  The id is the entity IRI (kept as the property ``iri``); the labels are
  ``Entity`` and the entity's ``kg:`` class (``Entity;Person``); ``documents`` are
  the ids of the documents whose statements name it; ``events`` its statements
  without an object ("open in 1932").
- ``relationships.csv``: one row per statement with an object, header
  ``:START_ID,:END_ID,:TYPE,iri,relation,relation_iri,confidence:float,polarity,
  modality,attribution,asserted:boolean,time,time_text,doc,sentence``. Hedged,
  negated and attributed statements are there too, with ``asserted`` false
  (``MATCH ()-[r]->() WHERE r.asserted`` keeps the facts).
- ``load.cypher``: the same files through ``LOAD CSV WITH HEADERS``, for a running
  database (``MERGE`` on ``iri``, so loading twice adds nothing).

**Relationship types.** ``relation_type`` makes the relation label upper snake case:
letters and digits kept (upper-cased), every other run of characters one ``_``
("chief executive of" → ``CHIEF_EXECUTIVE_OF``), ``R_`` in front of a leading
digit, ``RELATED_TO`` for an empty label. Two different relations that map to one
type ("open in", "open-in") are told apart: in the order of their IRIs, the
second gets ``_2``, the third ``_3``; the ``relation`` and ``relation_iri``
properties keep the original either way. ``load.cypher`` has one ``LOAD CSV``
statement per relationship type (and per class), not ``apoc.create.relationship``:
Cypher cannot take a type from a variable, and one statement per type needs no
plugin (APOC is not installed everywhere, nor allowed on every Aura tier); the
types are known when the files are written.

**CSV dialect.** The files are what ``neo4j-admin`` reads by default: UTF-8, ``,``
between fields, ``"`` around a field that holds a comma, a quote or a line break,
a quote inside doubled (RFC 4180, Neo4j's default ``--legacy-style-quoting=false``),
and ``;`` between array elements (``ARRAY_DELIMITER``, Neo4j's default). Neo4j has no
escape for the array delimiter, so a ``;`` inside an alias or an event becomes
``；`` (U+FF1B); names and sentences, which are no arrays, keep theirs. Text is
written as it is, with no ``'`` in front of a formula-like cell (the CSV export's
``spreadsheet_safe``), because Neo4j would store the quote: these files are for
Neo4j, ``--format csv`` is for spreadsheets. A sentence may hold a line break,
hence ``--multiline-fields=true`` in the import command::

    neo4j-admin database import full neo4j --nodes=DIR/nodes.csv \\
        --relationships=DIR/relationships.csv --multiline-fields=true

(the database name first: since Neo4j 5.19 a name after ``--nodes=`` files is
read as one more file).

Example:
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("e:ann", label="Ann", type="Person", aliases=["A."], iri="e:ann")
    >>> g.add_node("e:bob", label="Bob", type="Person", aliases=[], iri="e:bob")
    >>> _ = g.add_edge("e:ann", "e:bob", key="s:1", relation="meet", confidence=0.9, doc="d1")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_neo4j(g, tmp)
    ...     [p.name for p in paths], paths[0].read_text().splitlines()[1]
    (['nodes.csv', 'relationships.csv', 'load.cypher'], 'e:ann,Entity;Person,Ann,A.,d1,')
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import write_atomically
from kg.store.formats import neo4j_paths
from kg.store.network import event_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import networkx as nx

#: Neo4j's default delimiter between the elements of an array field.
ARRAY_DELIMITER = ";"
#: What an array delimiter inside an element becomes (FULLWIDTH SEMICOLON).
ARRAY_DELIMITER_STANDIN = "\uff1b"
#: The label every node has, beside its class.
ENTITY_LABEL = "Entity"
NODE_HEADER = (
    "iri:ID",
    ":LABEL",
    "name",
    "aliases:string[]",
    "documents:string[]",
    "events:string[]",
)
RELATIONSHIP_HEADER = (
    ":START_ID", ":END_ID", ":TYPE", "iri", "relation", "relation_iri", "confidence:float",
    "polarity", "modality", "attribution", "asserted:boolean", "time", "time_text", "doc",
    "sentence",
)  # fmt: skip

_NOT_WORD = re.compile(r"[\W_]+")


def relation_type(label: str) -> str:
    """A Neo4j relationship type for a relation label: upper snake case (see the module doc).

    Example:
        >>> relation_type("chief executive of"), relation_type("open-in"), relation_type("")
        ('CHIEF_EXECUTIVE_OF', 'OPEN_IN', 'RELATED_TO')
        >>> relation_type("3d print"), relation_type("épouser")
        ('R_3D_PRINT', 'ÉPOUSER')
    """
    words = _NOT_WORD.sub("_", label).strip("_").upper()
    if not words:
        return "RELATED_TO"
    return "R_" + words if words[0].isdigit() else words


def relation_types(relations: Iterable[tuple[str, str]]) -> dict[str, str]:
    """One distinct type per relation IRI, from ``(iri, label)`` pairs (collisions numbered).

    Example:
        >>> relation_types([("rel:open_in", "open in"), ("rel:open-in", "open-in")])
        {'rel:open-in': 'OPEN_IN', 'rel:open_in': 'OPEN_IN_2'}
    """
    types: dict[str, str] = {}
    taken: set[str] = set()
    for iri, label in sorted(set(relations)):
        if iri in types:
            continue
        base = candidate = relation_type(label)
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        types[iri] = candidate
        taken.add(candidate)
    return types


def _class_label(kind: object) -> list[str]:
    """The class as a node label: kg's classes as they are; in any other view, only
    letters, digits and ``_`` (so no label can break ``:LABEL`` or ``load.cypher``)."""
    label = _NOT_WORD.sub("_", str(kind or "")).strip("_")
    return [label] if label else []


def _array(values: Iterable[Any]) -> str:
    """Array elements joined by ``ARRAY_DELIMITER`` (a delimiter inside one replaced)."""
    items = (str(v).replace(ARRAY_DELIMITER, ARRAY_DELIMITER_STANDIN) for v in values)
    return ARRAY_DELIMITER.join(v for v in items if v)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def node_rows(graph: nx.MultiDiGraph) -> Iterator[list[str]]:
    """The rows of ``nodes.csv`` (after ``NODE_HEADER``), one per node of kg's networkx view."""
    documents: dict[str, set[str]] = {}
    for source, target, data in graph.edges(data=True):
        for node in (source, target):
            if data.get("doc"):
                documents.setdefault(str(node), set()).add(str(data["doc"]))
    for node, data in graph.nodes(data=True):
        events = data.get("events") or ()
        docs = documents.get(str(node), set()) | {str(e["doc"]) for e in events if e.get("doc")}
        labels = [ENTITY_LABEL, *_class_label(data.get("type"))]
        yield [
            str(node), _array(labels), _cell(data.get("label", node)),
            _array(data.get("aliases") or ()), _array(sorted(docs)),
            _array(event_text(e) for e in events),
        ]  # fmt: skip


def relationship_rows(graph: nx.MultiDiGraph, types: dict[str, str]) -> Iterator[list[str]]:
    """The rows of ``relationships.csv`` (after ``RELATIONSHIP_HEADER``), one per edge."""
    for source, target, key, data in graph.edges(keys=True, data=True):
        relation = data.get("relation") or ""
        iri = data.get("iri") or relation
        yield [_cell(v) for v in (
            source, target, types[iri], key, relation, data.get("iri"), data.get("confidence"),
            data.get("polarity"), data.get("modality"), data.get("attribution"),
            data.get("asserted"), data.get("time"), data.get("time_text"),
            data.get("doc") or None, data.get("sentence") or None,
        )]  # fmt: skip


def _write_csv(path: Path, header: tuple[str, ...], rows: Iterable[list[str]]) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180: "" inside quotes
            writer.writerow(header)
            writer.writerows(rows)

    return write_atomically(path, write)


_HEAD = """\
// kg export --format neo4j: load nodes.csv and relationships.csv into a running
// database. Copy both files into the import directory of Neo4j, then run this file
// (cypher-shell -f load.cypher). Offline, the same files load faster with
//   neo4j-admin database import full neo4j --nodes=nodes.csv \\
//     --relationships=relationships.csv --multiline-fields=true
CREATE CONSTRAINT kg_entity_iri IF NOT EXISTS FOR (e:Entity) REQUIRE e.iri IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
MERGE (e:Entity {{iri: row.`iri:ID`}})
SET e.name = row.name,
    e.aliases = split(row.`aliases:string[]`, '{d}'),
    e.documents = split(row.`documents:string[]`, '{d}'),
    e.events = split(row.`events:string[]`, '{d}');
"""
# One statement per class and per type: Cypher takes neither from a variable.
_CLASS = """
LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.`:LABEL` = '{labels}'
MATCH (e:Entity {{iri: row.`iri:ID`}}) SET e:`{label}`;
"""
_TYPE = """
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = '{type}'
MATCH (s:Entity {{iri: row.`:START_ID`}}), (o:Entity {{iri: row.`:END_ID`}})
MERGE (s)-[r:`{type}` {{iri: row.iri}}]->(o)
SET r.relation = row.relation, r.relation_iri = row.relation_iri,
    r.confidence = toFloat(row.`confidence:float`), r.polarity = row.polarity,
    r.modality = row.modality, r.attribution = row.attribution,
    r.asserted = toBoolean(row.`asserted:boolean`), r.time = row.time,
    r.time_text = row.time_text, r.doc = row.doc, r.sentence = row.sentence;
"""


def load_cypher(classes: Iterable[str], types: Iterable[str]) -> str:
    """``load.cypher``: ``LOAD CSV`` statements for the files, one per class and per type.

    Example:
        >>> print(load_cypher(["Person"], ["MEET"]))  # doctest: +ELLIPSIS
        // kg export --format neo4j: ...
        MERGE (e:Entity {iri: row.`iri:ID`})...
        WITH row WHERE row.`:LABEL` = 'Entity;Person'
        MATCH (e:Entity {iri: row.`iri:ID`}) SET e:`Person`;
        ...
        WITH row WHERE row.`:TYPE` = 'MEET'...
    """
    parts = [_HEAD.format(d=ARRAY_DELIMITER)]
    parts += [
        _CLASS.format(labels=_array([ENTITY_LABEL, c]), label=c) for c in sorted(set(classes))
    ]
    parts += [_TYPE.format(type=t) for t in sorted(set(types))]
    return "".join(parts)


def write_neo4j(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> list[Path]:
    """Write kg's networkx view as Neo4j import files into the directory ``path``.

    Returns:
        The paths of ``nodes.csv``, ``relationships.csv`` and ``load.cypher``.
    """
    nodes_path, relationships_path, cypher_path = neo4j_paths(path)
    relations = [
        (d.get("iri") or d.get("relation") or "", d.get("relation") or "")
        for *_, d in graph.edges(data=True)
    ]
    types = relation_types(relations)
    classes = [c for _, d in graph.nodes(data=True) for c in _class_label(d.get("type"))]
    _write_csv(nodes_path, NODE_HEADER, node_rows(graph))
    _write_csv(relationships_path, RELATIONSHIP_HEADER, relationship_rows(graph, types))
    text = load_cypher(classes, types.values())
    write_atomically(cypher_path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return [nodes_path, relationships_path, cypher_path]
