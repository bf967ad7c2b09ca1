"""``kg import`` refuses XML entity expansion (billion laughs) and caps what one import reads."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.store.graph import KnowledgeGraph
from kg.store.rdf_files import MAX_IMPORT_BYTES, MAX_IMPORT_QUADS, read_quads

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def _laughs(depth: int = 9) -> str:
    """The classic: each entity ten of the one before; ``depth`` 9 is 10**9 characters."""
    lines = ['<!ENTITY l0 "lollollol">']
    lines += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, depth + 1)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(lines) + "\n]>\n"
        f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://example.org/x">'
        f"<ex:p>&l{depth};</ex:p></rdf:Description></rdf:RDF>\n"
    )


def _import_limited(path, store, *args, memory=1 << 30):
    """``kg import`` in a child process with at most ``memory`` bytes of address space."""
    code = (
        f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory})); "
        "from kg.cli import main; sys.argv = ['kg'] + sys.argv[1:]; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "import", str(path), "--store", str(store), *args],
        capture_output=True, text=True, timeout=120, env={**os.environ},
    )  # fmt: skip


def test_import_billion_laughs_is_refused_fast_and_small(tmp_path):
    path = tmp_path / "laughs.rdf"
    path.write_text(_laughs(), encoding="utf-8")
    assert path.stat().st_size < 1000
    started = time.monotonic()
    result = _import_limited(path, tmp_path / "store", memory=2 << 30)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "XML entity declarations are refused" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/hostname"> ]>',
        '<!DOCTYPE rdf:RDF [ <!ENTITY x "small"> ]>',
        '<!DOCTYPE rdf:RDF [ <!ENTITY % p "x"> ]>',
        '<!DOCTYPE rdf:RDF [ <!ENTITY u SYSTEM "http://127.0.0.1:9/" NDATA gif> ]>',
    ],
)
def test_import_any_xml_entity_declaration_is_refused(tmp_path, doctype):
    path = tmp_path / "x.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n<rdf:RDF {RDF}>'
        '<rdf:Description rdf:about="http://example.org/x"><ex:p>v</ex:p>'
        "</rdf:Description></rdf:RDF>",
        encoding="utf-8",
    )
    with KnowledgeGraph.open() as graph:
        with pytest.raises(InputError, match="XML entity declarations are refused"):
            graph.load(path)
        assert len(graph) == 0


def test_import_rdfxml_without_entities_still_imports(tmp_path):
    path = tmp_path / "ok.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF>\n<rdf:RDF {RDF}>'
        '<rdf:Description rdf:about="http://example.org/x"><ex:p>&amp;v</ex:p>'
        "</rdf:Description></rdf:RDF>",
        encoding="utf-8",
    )
    with KnowledgeGraph.open() as graph:
        assert graph.load(path) == 1
        assert graph.query('ASK { ?s ?p "&v" }') is True


def _ntriples(tmp_path, n):
    path = tmp_path / "many.nt"
    path.write_text("".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(n)), encoding="utf-8")
    return path


def test_import_caps_quads_and_bytes_with_clear_errors(tmp_path):
    path = _ntriples(tmp_path, 50)
    with KnowledgeGraph.open() as graph:
        with pytest.raises(InputError, match=r"over 10 quads; refused \(raise the cap"):
            graph.load(path, max_quads=10)
        with pytest.raises(InputError, match=r"over 100 bytes; refused \(raise the cap"):
            graph.load(path, max_bytes=100)
        assert len(graph) == 0
        assert graph.load(path, max_quads=50, max_bytes=None) == 50


def test_import_cli_caps_and_options_to_raise_them(tmp_path):
    path = _ntriples(tmp_path, 50)
    store = str(tmp_path / "store")
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(path), "--store", store, "--max-quads", "10"])
    assert result.exit_code == 1
    assert "over 10 quads" in result.stderr and "--max-quads" in result.stderr
    result = runner.invoke(app, ["import", str(path), "--store", store, "--max-bytes", "64"])
    assert result.exit_code == 1 and "over 64 bytes" in result.stderr
    result = runner.invoke(app, ["import", str(path), "--store", store, "--max-quads", "0"])
    assert result.exit_code == 0, result.output


def test_import_caps_defaults_agree_between_cli_and_library():
    result = CliRunner().invoke(app, ["import", "--help"], terminal_width=200)
    assert "--max-bytes" in result.output and "--max-quads" in result.output
    import inspect

    from kg import cli

    params = inspect.signature(cli.import_cli).parameters
    assert params["max_bytes"].default == MAX_IMPORT_BYTES
    assert params["max_quads"].default == MAX_IMPORT_QUADS


def test_import_read_quads_caps_bytes_of_data_too():
    with pytest.raises(InputError, match="over 5 bytes"):
        read_quads(b'<urn:a> <urn:b> "c" .', format="ntriples", max_bytes=5)
