"""Every export holds all the store holds (document graphs, other named graphs and the
default graph's own triples), export → import gives the store back, and a copy cut short
or changed is refused on import (the export's manifest tells)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.model import DocumentGraph, Triple
from kg.rdf.terms import from_oxigraph
from kg.store.graph import KnowledgeGraph
from kg.store.rdf_files import manifest_path
from tests.docgraphs import select_rows

EXTRA_NT = (
    '<urn:ex:a> <urn:ex:knows> <urn:ex:b> .\n'
    '<urn:ex:a> <urn:ex:name> "Ann"@en .\n'
    '_:n1 <urn:ex:note> "a blank node" .\n'
)  # fmt: skip
GRAPH_FORMATS = ["nquads", "trig", "jsonld"]
UNION_FORMATS = ["turtle", "ntriples", "rdfxml"]
SUFFIX = {"nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld", "turtle": ".ttl",
          "ntriples": ".nt", "rdfxml": ".rdf"}  # fmt: skip


def _graphs(store: KnowledgeGraph) -> dict[str, Graph]:
    """Every graph of the store (the default one as ""), as rdflib graphs."""
    out: dict[str, Graph] = {}
    for quad in store.store.quads_for_pattern(None, None, None, None):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        out.setdefault(name, Graph()).add(
            (
                from_oxigraph(quad.subject),
                from_oxigraph(quad.predicate),
                from_oxigraph(quad.object),
            )
        )
    return out


def _same(a: dict[str, Graph], b: dict[str, Graph]) -> bool:
    return a.keys() == b.keys() and all(isomorphic(a[k], b[k]) for k in a)


@pytest.fixture
def mixed(tmp_path):
    """A store made every way: built documents, imported N-Triples, INSERT DATA."""
    extra = tmp_path / "extra.nt"
    extra.write_text(EXTRA_NT, encoding="utf-8")
    with KnowledgeGraph.open(tmp_path / "mixed") as store:
        store.add(DocumentGraph("d1.txt", "Ann met Bob.",
                                [Triple("Ann", "meet", "Bob", "Person", "Person")]))  # fmt: skip
        store.load(extra)
        store.query('INSERT DATA { <urn:ex:c> <urn:ex:p> "by hand" }', allow_update=True)
        # A named graph of no document, in the union like every graph kg writes (a triple
        # put by hand into a named graph only joins the union on import, as all do).
        store.query("INSERT DATA { GRAPH <urn:ex:g> { <urn:ex:c> <urn:ex:q> 1 } "
                    "<urn:ex:c> <urn:ex:q> 1 }", allow_update=True)  # fmt: skip
        yield store


def test_export_a_named_graph_outside_the_union_joins_it_on_import(tmp_path):
    with KnowledgeGraph.open() as store:
        store.query("INSERT DATA { GRAPH <urn:ex:g> { <urn:ex:c> <urn:ex:q> 1 } }",
                    allow_update=True)  # fmt: skip
        path = store.export(tmp_path / "g.nq")
    with KnowledgeGraph.open() as back:
        back.load(path)
        graphs = _graphs(back)
        assert isomorphic(graphs["urn:ex:g"], graphs[""])


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_export_round_trips_a_store_whatever_made_it(mixed, tmp_path, fmt):
    path = mixed.export(tmp_path / f"out{SUFFIX[fmt]}", format=fmt)
    with KnowledgeGraph.open() as back:
        back.load(path)
        assert _same(_graphs(back), _graphs(mixed))
        path = back.export(tmp_path / f"again{SUFFIX[fmt]}", format=fmt)
    with KnowledgeGraph.open() as again:
        again.load(path)
        assert _same(_graphs(again), _graphs(mixed))


@pytest.mark.parametrize("fmt", UNION_FORMATS)
def test_export_union_formats_hold_every_triple(mixed, tmp_path, fmt):
    path = mixed.export(tmp_path / f"out{SUFFIX[fmt]}", format=fmt)
    with KnowledgeGraph.open() as back:
        back.load(path)
        assert isomorphic(_graphs(back)[""], _graphs(mixed)[""])


def test_export_cli_imported_ntriples_come_out_in_nquads(tmp_path):
    extra = tmp_path / "x.nt"
    extra.write_text(EXTRA_NT, encoding="utf-8")
    store = str(tmp_path / "s")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(extra), "--store", store]).exit_code == 0
    result = runner.invoke(app, ["export", "--store", store, "-o", str(tmp_path / "b.nq")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "b.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3


def test_export_writes_a_manifest_and_import_checks_it(mixed, tmp_path):
    path = mixed.export(tmp_path / "all.nq")
    manifest = json.loads(manifest_path(path).read_text(encoding="utf-8"))
    data = path.read_bytes()
    assert manifest["format"] == "nquads" and manifest["bytes"] == len(data)
    assert manifest["quads"] == len(data.decode("utf-8").splitlines())
    with KnowledgeGraph.open() as back:
        assert back.load(path) == manifest["quads"]


def test_export_truncated_copy_is_refused_on_import(mixed, tmp_path):
    path = mixed.export(tmp_path / "all.nq")
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    path.write_bytes(b"".join(lines[: len(lines) // 2]))  # cut at a line end: still valid
    with KnowledgeGraph.open() as back:
        with pytest.raises(InputError, match=r"does not match all\.nq\.kg\.json.*truncated"):
            back.load(path)
        assert len(back) == 0
    result = CliRunner().invoke(app, ["import", str(path), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1 and "truncated or changed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_changed_copy_is_refused_and_without_manifest_imports(mixed, tmp_path):
    path = mixed.export(tmp_path / "all.nq")
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Bob", b"Rob", 1))  # same size, other content
    with KnowledgeGraph.open() as back, pytest.raises(InputError, match="SHA-256 differs"):
        back.load(path)
    manifest_path(path).unlink()
    with KnowledgeGraph.open() as back:
        assert back.load(path) > 0  # a file from elsewhere: no manifest, no check


def test_export_cleans_up_temporary_files_of_a_killed_export(mixed, tmp_path):
    target = tmp_path / "all.nq"
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from kg.files import write_atomically; "
         "write_atomically(sys.argv[1], lambda tmp: (tmp.write_text('partial'), "
         "time.sleep(600)))", str(target)],
        env={**os.environ},
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not [p for p in tmp_path.iterdir() if p.name.startswith(".all.nq.")]:
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    (leftover,) = [p for p in tmp_path.iterdir() if p.name.startswith(".all.nq.")]
    live = tmp_path / f".all.nq.{os.getppid()}.abcdefgh.tmp"  # a live process's: kept
    live.write_text("in progress")
    old = tmp_path / ".all.nq.zz9plural.tmp"  # an older kg's name, an hour old: removed
    old.write_text("old")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    mixed.export(target)
    assert not leftover.exists() and not old.exists()
    assert live.exists()
    assert target.exists() and manifest_path(target).exists()


@pytest.mark.network
def test_export_remote_store_holds_the_default_graph_too(oxigraph_server, tmp_path):
    extra = tmp_path / "x.nt"
    extra.write_text(EXTRA_NT.replace("_:n1", "<urn:ex:n1>"), encoding="utf-8")
    with KnowledgeGraph.open(oxigraph_server) as remote:
        remote.query("DROP ALL", allow_update=True)
        remote.add(DocumentGraph("d1.txt", "", [Triple("Ann", "meet", "Bob")]))
        remote.load(extra)
        path = remote.export(tmp_path / "r.nq")
    with KnowledgeGraph.open() as back:
        back.load(path)
        assert len(select_rows(back.query("SELECT * WHERE { <urn:ex:a> ?p ?o }"))) == 2
        assert back.stats()["documents"] == 1
