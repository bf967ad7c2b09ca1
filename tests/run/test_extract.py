"""``kg.run.extract.extract``: the lines ``kg extract`` prints, as a library function."""

from __future__ import annotations

import json
import os

import pytest

from kg.errors import FormatError, InputError
from kg.run.extract import EXTRACT_FORMATS, TSV_FIELDS, _tsv_cell, extract

TEXT = "Marie Curie discovered polonium."


def test_extract_refuses_an_unknown_format_before_reading():
    with pytest.raises(FormatError, match="expected one of: jsonl, tsv, carb"):
        extract(["no/such/file.txt"], format="xml")


@pytest.mark.parametrize(
    "value, cell",
    [(None, ""), (0.9, "0.9"), ("a\tb", "a\\tb"), ("a\nb\r", "a\\nb\\r"), ("C:\\x", "C:\\\\x")],
)
def test_extract_tsv_cells_stay_on_one_line(value, cell):
    assert _tsv_cell(value) == cell


def test_extract_unreadable_documents_are_reported_and_skipped(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # a name that is not a regular file: refused, never opened
    seen = []
    lines = list(extract([fifo], format="carb", on_progress=lambda *a: seen.append(a)))
    assert lines == []
    ((doc, graph, exc),) = seen
    assert doc == str(fifo) and graph is None and isinstance(exc, InputError)
    with pytest.raises(InputError, match="not a regular file"):
        list(extract([fifo], format="carb"))


@pytest.mark.model
@pytest.mark.parametrize("fmt", EXTRACT_FORMATS)
def test_extract_formats(fmt):
    lines = list(extract([TEXT], format=fmt, n_process=1))
    if fmt == "jsonl":
        (record,) = map(json.loads, lines)
        assert (record["subject"], record["relation"], record["object"]) == (
            "Marie Curie", "discover", "polonium",
        )  # fmt: skip
    elif fmt == "tsv":
        header, row = (line.split("\t") for line in lines)
        assert header == list(TSV_FIELDS) and len(row) == len(TSV_FIELDS)
        assert row[1:4] == ["Marie Curie", "discover", "polonium"]
    else:
        assert lines and all(line.startswith(TEXT + "\t") for line in lines)
