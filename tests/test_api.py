"""The public API: ``import kg``, ``kg.triples``, ``kg.build``, ``kg.open``."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import textwrap
import types
import warnings
from pathlib import Path

import pytest

import kg
from kg.errors import KGError
from kg.store.network import to_networkx
from tests.docgraphs import select_rows

HEAVY_MODULES = ("spacy", "thinc", "rdflib", "pyoxigraph", "oxrdflib", "networkx", "pyvis")


ADA = "Ada Lovelace wrote the first program."


TRAVEL = "Peter Hall visited Rome and Paris. The bridge was designed by Gustave Eiffel."


NEGATED = "Maria Lopez did not sign the contract."


PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


# ---------------------------------------------------------------- import kg


def test_api_import_loads_no_model_and_touches_no_file(tmp_path):
    script = textwrap.dedent(
        f"""
        import json, os, sys
        before = sorted(os.listdir("."))
        import kg
        kg.__all__, kg.triples, kg.build, kg.open
        print(json.dumps({{
            "heavy": sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY_MODULES!r}),
            "created": sorted(set(os.listdir(".")) - set(before)),
        }}))
        """
    )
    env_free = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    report = json.loads(env_free.stdout)
    assert report == {"heavy": [], "created": []}
    assert list(tmp_path.iterdir()) == []
    assert env_free.stderr == ""


def test_api_all_is_sorted_complete_and_resolvable():
    assert kg.__all__ == sorted(kg.__all__)
    assert len(kg.__all__) == len(set(kg.__all__))
    for name in kg.__all__:
        assert hasattr(kg, name), name
    # Every public name bound in kg (any kind of value, but the subpackages), and every
    # name kg loads on first use, is in __all__.
    public = {
        name
        for name, value in vars(kg).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    public |= set(kg._LAZY)
    assert public - set(kg.__all__) == set(), "public names missing from kg.__all__"


def test_api_all_holds_every_error_and_every_name_the_docs_use():
    import re
    from pathlib import Path

    import kg.errors

    errors = {
        name
        for name, value in vars(kg.errors).items()
        if inspect.isclass(value) and issubclass(value, kg.errors.KGError)
    }
    assert errors - set(kg.__all__) == set(), "exceptions missing from kg.__all__"
    # The names the README and kg's docstring use as ``kg.<name>`` (not a subpackage).
    root = Path(__file__).resolve().parent.parent
    text = (root / "README.md").read_text(encoding="utf-8") + (kg.__doc__ or "")
    used = set(re.findall(r"(?<![\w./-])kg\.([A-Za-z_]\w*)\b(?!\.)", text))
    subpackages = {p.name for p in (root / "kg").iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in (root / "kg").glob("*.py")}
    assert used - set(kg.__all__) - subpackages - modules == set(), "documented, not exported"


def test_api_public_names_are_the_documented_ones():
    assert {"build", "triples", "open", "Triple", "KGError", "__version__"} <= set(kg.__all__)
    assert callable(kg.triples) and callable(kg.build) and callable(kg.open)
    assert isinstance(kg.__version__, str) and kg.__version__
    assert issubclass(kg.KGError, Exception)


def test_api_no_public_name_is_also_a_module():
    # A name of the API that is also a subpackage (``kg.extract`` once was both) changes
    # meaning with import order; none is.
    import kg.extract.clauses

    for name in kg.__all__:
        value = getattr(kg, name)
        assert not inspect.ismodule(value), name
    assert inspect.isfunction(kg.triples)


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    """One on-disk store built from a text, a Path, a path string and a directory."""
    root = tmp_path_factory.mktemp("api")
    notes = root / "notes"
    notes.mkdir()
    (notes / "travel.txt").write_text(TRAVEL, encoding="utf-8")
    (notes / "negated.md").write_text(NEGATED, encoding="utf-8")
    single = root / "ada.txt"
    single.write_text(ADA, encoding="utf-8")
    html = root / "page.html"
    html.write_text(
        "<html><body><p>Sara Lind founded Nordlys Books.</p><script>x()</script></body></html>",
        encoding="utf-8",
    )
    store = root / "store"
    seen = []
    graph = kg.build(
        ["Omar Haddad joined Kestrel Labs.", single, str(html), str(notes)],
        store=store,
        on_progress=lambda doc, dg, exc: seen.append((doc, exc)),
    )
    graph.close()
    return {"root": root, "store": store, "seen": seen, "single": single, "notes": notes}


@pytest.mark.model
def test_api_build_on_disk_accepts_texts_paths_and_directories(disk_store):
    assert disk_store["store"].is_dir()
    assert all(exc is None for _, exc in disk_store["seen"])
    with kg.open(disk_store["store"]) as graph:
        ids = {d["doc_id"] for d in graph.documents()}
        sources = {d["source"] for d in graph.documents()}
    notes, single = disk_store["notes"], disk_store["single"]
    assert str(single) in ids
    assert {str(notes / "negated.md"), str(notes / "travel.txt")} <= ids
    assert str(disk_store["root"] / "page.html") in ids
    assert str(single.resolve()) in sources
    assert len(ids) == 5
    assert sum(1 for i in ids if i.startswith("text-")) == 1


@pytest.mark.model
def test_api_open_reopens_and_queries(disk_store):
    with kg.open(disk_store["store"]) as graph:
        rows = select_rows(
            graph.query(SKOS + "SELECT ?n WHERE { ?e skos:prefLabel ?n } ORDER BY ?n")
        )
        names = {str(r.n) for r in rows}
        assert {
            "Ada Lovelace",
            "Omar Haddad",
            "Kestrel Labs",
            "Sara Lind",
            "Gustave Eiffel",
        } <= names
        # The script of the HTML page was not read as text.
        assert not any("x()" in n for n in names)
        # The negated claim is stored as a statement but is not a direct edge.
        assert not graph.query(
            SKOS
            + "ASK { ?s skos:prefLabel 'Maria Lopez' . ?s ?p ?o . ?o skos:prefLabel 'contract' }"
        )
        assert graph.query(
            SKOS + "ASK { ?st a kg:Statement ; rdf:subject ?s ; kg:polarity 'negative' ;"
            " kg:asserted false . ?s skos:prefLabel 'Maria Lopez' }"
        )


@pytest.mark.model
def test_api_build_again_changes_nothing(disk_store):
    with kg.open(disk_store["store"]) as graph:
        before = graph.stats()
        kg.build([disk_store["single"], str(disk_store["notes"])], store=graph)
        assert graph.stats() == before


@pytest.mark.model
def test_api_to_networkx(disk_store):
    with kg.open(disk_store["store"], read_only=True) as graph:
        nxg = to_networkx(graph)
    labels = {data["label"] for _, data in nxg.nodes(data=True)}
    assert {"Gustave Eiffel", "Peter Hall", "Rome"} <= labels
    edges = {
        (nxg.nodes[s]["label"], d["relation"], nxg.nodes[o]["label"])
        for s, o, d in nxg.edges(data=True)
    }
    assert ("Gustave Eiffel", "design", "bridge") in edges
    assert ("Maria Lopez", "sign", "contract") not in edges


@pytest.mark.model
def test_api_render(disk_store, tmp_path):
    with kg.open(disk_store["store"], read_only=True) as graph:
        from kg.view import draw  # replaces KnowledgeGraph.render (the view engineer's)

        out = draw(graph, tmp_path / "view" / "graph.html")
    page = Path(out).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for name in ("Gustave Eiffel", "Omar Haddad", "Kestrel Labs"):
        assert name in page


@pytest.mark.model
@pytest.mark.parametrize(
    ("suffix", "fmt", "rdflib_format", "named_graphs"),
    [
        (".ttl", "turtle", "turtle", False),
        (".trig", "trig", "trig", True),
        (".nq", "nquads", "nquads", True),
        (".jsonld", "jsonld", "json-ld", True),
    ],
)
def test_api_export_parses_back(disk_store, tmp_path, suffix, fmt, rdflib_format, named_graphs):
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.namespace import SKOS as SKOS_NS

    with kg.open(disk_store["store"], read_only=True) as graph:
        by_suffix = graph.export(tmp_path / f"by-suffix{suffix}")
        by_name = graph.export(tmp_path / "by-name.out", format=fmt)
        documents = {URIRef(d["iri"]) for d in graph.documents()}
    for path in (by_suffix, by_name):
        data = Dataset() if named_graphs else Graph()
        with warnings.catch_warnings():
            # rdflib 7.6's own Dataset.parse trips its Dataset.default_context deprecation.
            warnings.simplefilter("ignore", DeprecationWarning)
            data.parse(data=Path(path).read_text(encoding="utf-8"), format=rdflib_format)
        if named_graphs:
            assert isinstance(data, Dataset)
            labels = {o for _, _, o, _ in data.quads((None, SKOS_NS.prefLabel, None, None))}
            assert documents <= {g.identifier for g in data.graphs()}
        else:
            labels = set(data.objects(None, SKOS_NS.prefLabel))
        assert Literal("Gustave Eiffel") in labels
        assert Literal("Omar Haddad") in labels


@pytest.mark.model
def test_api_export_unknown_format(disk_store, tmp_path):
    with kg.open(disk_store["store"], read_only=True) as graph, pytest.raises(KGError):
        graph.export(tmp_path / "graph.xyz")
