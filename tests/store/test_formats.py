"""kg.store.formats: one registry of export formats, each named by its suffixes."""

from __future__ import annotations

import pytest

from kg.errors import FormatError
from kg.store.formats import FORMATS, format_for

# ---------------------------------------------------------------- one registry, one export


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_formats_registry_names_each_format_by_its_suffixes(name):
    fmt = FORMATS[name]
    assert fmt.kind in ("rdf", "graph") and (fmt.rdf_format is not None) == (fmt.kind == "rdf")
    for suffix in fmt.suffixes:
        assert format_for(f"out{suffix}") == fmt
    assert format_for("out.anything", name) == fmt


def test_formats_unknown_names_list_the_known_ones():
    with pytest.raises(FormatError, match=r"invalid format '\.png'; expected one of: turtle, "):
        format_for("g.png")
    with pytest.raises(FormatError, match=r"invalid RDF format '\.csv'"):
        format_for("g.csv", kind="rdf")
    with pytest.raises(FormatError, match=r"invalid graph format 'turtle'; .*: graphml, gexf, csv"):
        format_for("g.csv", "turtle", kind="graph")
