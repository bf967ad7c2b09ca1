"""Neo4j export: ``neo4j-admin database import`` CSVs and ``load.cypher`` (``neo4j_files``).

The header checks follow Neo4j's documented header format: ``:ID`` names the node
id (``iri:ID`` keeps it as the property ``iri``), ``:LABEL`` holds labels joined by
the array delimiter, relationships have ``:START_ID``, ``:END_ID`` and ``:TYPE``,
and a property column is ``name:type`` with ``[]`` for an array.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.model import DocumentGraph, Entity, Triple
from kg.store.graph import KnowledgeGraph
from kg.store.graph_files import export_graph
from kg.store.neo4j_files import (
    ARRAY_DELIMITER,
    ARRAY_DELIMITER_STANDIN,
    relation_type,
    relation_types,
    write_neo4j,
)
from kg.store.network import to_networkx
from tests.docgraphs import doc_one, doc_two, timed_doc

NODE_HEADER = ["iri:ID", ":LABEL", "name", "aliases:string[]", "documents:string[]",
               "events:string[]"]  # fmt: skip
RELATIONSHIP_HEADER = [
    ":START_ID", ":END_ID", ":TYPE", "iri", "relation", "relation_iri", "confidence:float",
    "polarity", "modality", "attribution", "asserted:boolean", "time", "time_text", "doc",
    "sentence",
]  # fmt: skip
#: Neo4j's documented property types; ``[]`` after one makes an array.
NEO4J_TYPES = {
    "int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point",
    "date", "localtime", "time", "localdatetime", "datetime", "duration",
}  # fmt: skip
#: A Neo4j relationship type that needs no backticks: upper snake case.
UPPER_SNAKE = re.compile(r"^[^\W\d_a-z][^\Wa-z]*$")


def _read(path: Path) -> list[list[str]]:
    """The rows of a CSV as ``neo4j-admin`` reads it: ``,``, ``"`` quotes doubled inside."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=",", quotechar='"', doublequote=True))


def _dicts(path: Path) -> list[dict[str, str]]:
    header, *rows = _read(path)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _export(tmp_path: Path, *docs: DocumentGraph) -> list[Path]:
    with KnowledgeGraph.open() as store:
        for doc in docs:
            store.add(doc)
        return export_graph(store, tmp_path / "neo4j", format="neo4j")


def test_neo4j_headers_follow_the_import_tool_format(tmp_path):
    nodes, relationships, _ = _export(tmp_path, doc_one(), doc_two())
    assert _read(nodes)[0] == NODE_HEADER
    assert _read(relationships)[0] == RELATIONSHIP_HEADER
    for column in NODE_HEADER + RELATIONSHIP_HEADER:
        name, _, kind = column.partition(":")
        if name:  # a property; ":ID" etc. may follow a property name too
            assert kind in {"", "ID"} or kind.removesuffix("[]") in NEO4J_TYPES, column
        else:
            assert kind in {"ID", "LABEL", "START_ID", "END_ID", "TYPE"}, column
    assert nodes.read_bytes().count(b"\r\n") == len(_read(nodes))  # RFC 4180 line ends


def test_neo4j_one_row_per_entity_and_per_statement_with_matching_ids(tmp_path):
    nodes, relationships, _ = _export(tmp_path, doc_one(), doc_two())
    by_name = {row["name"]: row for row in _dicts(nodes)}
    assert set(by_name) == {"Mara Quill", "Lantern Works", "Brindle", "Tomas Reed"}
    assert by_name["Mara Quill"][":LABEL"] == "Entity;Person"
    assert by_name["Lantern Works"][":LABEL"] == "Entity;Organization"
    assert by_name["Mara Quill"]["aliases:string[]"] == "Quill"
    assert by_name["Lantern Works"]["documents:string[]"] == "one.txt;two.txt"
    ids = [row["iri:ID"] for row in _dicts(nodes)]
    assert len(ids) == len(set(ids)) and all(i.startswith("https://") for i in ids)
    rels = {row["relation"]: row for row in _dicts(relationships)}
    assert set(rels) == {"found", "open in", "hire"}  # the negated claim too
    for row in rels.values():
        assert {row[":START_ID"], row[":END_ID"]} <= set(ids)
    found, open_in = rels["found"], rels["open in"]
    assert found[":START_ID"] == by_name["Mara Quill"]["iri:ID"]
    assert found[":END_ID"] == by_name["Lantern Works"]["iri:ID"]
    assert (found[":TYPE"], found["confidence:float"], found["asserted:boolean"]) == (
        "FOUND", "0.9", "true")  # fmt: skip
    assert found["sentence"] == "Mara Quill founded Lantern Works." and found["doc"] == "one.txt"
    assert (open_in[":TYPE"], open_in["polarity"], open_in["modality"]) == (
        "OPEN_IN", "negative", "may")  # fmt: skip
    assert open_in["asserted:boolean"] == "false"
    assert rels["hire"]["sentence"] == 'Lantern Works hired "Tomas" Reed.'
    # quotes doubled inside quotes (RFC 4180), never a backslash: neo4j-admin's default
    assert '"Lantern Works hired ""Tomas"" Reed."' in relationships.read_text(encoding="utf-8")


def test_neo4j_statements_without_object_are_node_events_with_times(tmp_path):
    nodes, relationships, _ = _export(tmp_path, timed_doc())
    by_name = {row["name"]: row for row in _dicts(nodes)}
    assert by_name["Aalto Stadium"]["events:string[]"] == "open in 1932"
    assert by_name["Aalto Stadium"]["documents:string[]"] == "times.txt"
    (move,) = _dicts(relationships)
    assert (move[":TYPE"], move["time"], move["time_text"]) == ("MOVE", "1967-03", "in March 1967")


HOSTILE = [
    'Ann "the Axe" Berg',
    "Berg, Ann",
    "line one\nline two\r\nthree",
    '=HYPERLINK("http://127.0.0.1/x","click")',
    "+cmd|' /C calc'!A0",
    "semi;colon",
    '"",;\n',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_neo4j_hostile_text_round_trips_as_data(tmp_path, text):
    triple = Triple(text, "meet", "Bob", "Person", "Person", confidence=0.5, sentence=text,
                    attribution=text, doc="d")  # fmt: skip
    entities = {(text, "Person"): Entity(text, "Person", {text + " alias"})}
    with KnowledgeGraph.open() as store:
        store.add(DocumentGraph("d", "", [triple], entities))
        nodes, relationships, _ = export_graph(store, tmp_path / "neo4j", format="neo4j")
        view = to_networkx(store, include_hedged=True)
    # the text as the store holds it (the store reads a lone "\r" as a line break)
    (held,) = [d for _, d in view.nodes(data=True) if d["label"] != "Bob"]
    (edge,) = [d for *_, d in view.edges(data=True)]
    assert held["label"].replace("\n", "") == text.replace("\r", "").replace("\n", "")
    node_rows, rel_rows = _dicts(nodes), _dicts(relationships)
    assert len(node_rows) == 2 and len(rel_rows) == 1
    (ann,) = [row for row in node_rows if row["name"] != "Bob"]
    assert ann["name"] == held["label"]  # exactly: no quote in front of a formula, nothing cut
    assert rel_rows[0]["sentence"] == edge["sentence"] == held["label"]
    assert rel_rows[0]["attribution"] == edge["attribution"] == held["label"]
    aliases = ann["aliases:string[]"].split(ARRAY_DELIMITER)
    assert aliases == [a.replace(ARRAY_DELIMITER, ARRAY_DELIMITER_STANDIN) for a in held["aliases"]]
    assert len(aliases) == 1
    assert rel_rows[0][":START_ID"] == ann["iri:ID"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("meet", "MEET"),
        ("chief executive of", "CHIEF_EXECUTIVE_OF"),
        ("open-in", "OPEN_IN"),
        ("  say  `hi`  ", "SAY_HI"),
        ("3d print", "R_3D_PRINT"),
        ("", "RELATED_TO"),
        ("épouser", "ÉPOUSER"),
    ],
)
def test_neo4j_relation_type_is_upper_snake_case(label, expected):
    assert relation_type(label) == expected
    assert UPPER_SNAKE.match(expected)


def test_neo4j_relation_types_never_collide():
    types = relation_types([("r:b", "open in"), ("r:a", "open-in"), ("r:c", "open_in"),
                            ("r:d", "meet"), ("r:a", "open-in")])  # fmt: skip
    assert types == {"r:a": "OPEN_IN", "r:b": "OPEN_IN_2", "r:c": "OPEN_IN_3", "r:d": "MEET"}


def test_neo4j_load_cypher_names_every_file_class_and_type(tmp_path):
    nodes, relationships, cypher = _export(tmp_path, doc_one(), doc_two())
    text = cypher.read_text(encoding="utf-8")
    assert f"'file:///{nodes.name}'" in text and f"'file:///{relationships.name}'" in text
    for row in _dicts(relationships):
        assert f"WITH row WHERE row.`:TYPE` = '{row[':TYPE']}'" in text
        assert f"[r:`{row[':TYPE']}` {{iri: row.iri}}]" in text
    for label in {row[":LABEL"].split(";")[1] for row in _dicts(nodes)}:
        assert f"SET e:`{label}`;" in text
    assert "MERGE (e:Entity {iri: row.`iri:ID`})" in text
    for column in NODE_HEADER[2:] + RELATIONSHIP_HEADER[3:]:
        assert f"row.`{column}`" in text or f"row.{column}" in text, column
    comments = [line for line in text.splitlines() if line.startswith("//")]
    assert comments and not any(q in line for line in comments for q in "'\"`")
    assert "neo4j-admin database import full neo4j --nodes=nodes.csv" in text
    statements = [s.strip() for s in text.split(";\n") if s.strip()]
    assert all("LOAD CSV WITH HEADERS" in s for s in statements[1:])
    assert "apoc." not in text


def test_neo4j_export_through_the_store_and_networkx_view(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("e:a", label="A", type="Person", aliases=[], iri="e:a")
    g.add_node("e:b", label="B", type="Bad`; label' ", aliases=[], iri="e:b")
    written = write_neo4j(g, tmp_path / "deep" / "out")
    assert [p.name for p in written] == ["nodes.csv", "relationships.csv", "load.cypher"]
    assert _read(written[1]) == [RELATIONSHIP_HEADER]
    assert [row[1] for row in _read(written[0])[1:]] == ["Entity;Person", "Entity;Bad_label"]
    assert "SET e:`Bad_label`;" in written[2].read_text(encoding="utf-8")
    with KnowledgeGraph.open() as store:
        store.add(doc_two())
        assert store.export(tmp_path / "x", format="neo4j") == tmp_path / "x" / "nodes.csv"
    assert (tmp_path / "x" / "load.cypher").is_file()
