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
from kg.errors import InputError, KGError
from kg.store.network import to_networkx
from tests.docgraphs import select_rows

HEAVY_MODULES = ("spacy", "thinc", "rdflib", "pyoxigraph", "oxrdflib", "networkx", "pyvis")

ADA = "Ada Lovelace wrote the first program."
TRAVEL = "Peter Hall visited Rome and Paris. The bridge was designed by Gustave Eiffel."
NEGATED = "Maria Lopez did not sign the contract."
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))

SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


def _facts(triples):
    return {(t.subject, t.relation, t.object) for t in triples}


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


def test_api_extract_rejects_bytes():
    with pytest.raises(TypeError, match="str"):
        kg.triples(b"Ada wrote a program.")  # type: ignore[arg-type]


# ---------------------------------------------------------------- kg.triples


@pytest.mark.model
def test_api_extract_triple_fields_and_offsets():
    text = "  " + TRAVEL + "\n\nMaria Lopez may open a shop in Porto."
    triples = kg.triples(text)
    assert triples
    for t in triples:
        assert isinstance(t, kg.Triple)
        for field in ("subject", "relation", "object", "subject_type", "object_type", "sentence"):
            assert isinstance(getattr(t, field), str) and getattr(t, field), field
        assert t.polarity in ("positive", "negative")
        assert t.modality is None or isinstance(t.modality, str)
        assert 0.0 <= t.confidence <= 1.0
        assert text[t.sentence_start : t.sentence_end] == t.sentence
        assert t.sentence_start <= t.start < t.end <= t.sentence_end
    assert {"Person", "Place"} <= {t.subject_type for t in triples} | {
        t.object_type for t in triples
    }


@pytest.mark.model
def test_api_extract_negation_is_not_asserted():
    (triple,) = kg.triples(NEGATED)
    assert (triple.subject, triple.relation, triple.object) == ("Maria Lopez", "sign", "contract")
    assert triple.polarity == "negative"
    assert not triple.asserted


@pytest.mark.model
def test_api_extract_modal_is_not_asserted():
    triples = kg.triples("Maria Lopez may sign the contract.")
    assert _facts(triples) == {("Maria Lopez", "sign", "contract")}
    assert triples[0].modality == "may"
    assert not triples[0].asserted


@pytest.mark.model
def test_api_extract_passive_is_turned_around():
    (triple,) = kg.triples("The bridge was designed by Gustave Eiffel.")
    assert (triple.subject, triple.relation, triple.object) == (
        "Gustave Eiffel",
        "design",
        "bridge",
    )
    assert triple.subject_type == "Person"
    assert triple.asserted


@pytest.mark.model
def test_api_extract_conjunctions_are_split():
    assert _facts(kg.triples("Peter Hall visited Rome and Paris.")) == {
        ("Peter Hall", "visit", "Rome"),
        ("Peter Hall", "visit", "Paris"),
    }
    subjects = {t.subject for t in kg.triples("Anna Holm and Tom Weber founded Blue River Foods.")}
    assert subjects == {"Anna Holm", "Tom Weber"}


@pytest.mark.model
def test_api_extract_doc_id_and_empty_text():
    assert kg.triples("") == []
    assert all(t.doc == "note-1" for t in kg.triples(ADA, doc_id="note-1"))


# ---------------------------------------------------------------- kg.entities / kg.entity_mentions


@pytest.mark.model
def test_api_entity_mentions_streams_one_list_per_document(tmp_path):
    path = tmp_path / "meitner.txt"
    path.write_text("Lise Meitner met Otto Hahn. Meitner thanked him.", encoding="utf-8")
    items = [path, "Nothing here at all.", "Ada Lovelace wrote. She was 27."]
    stream = kg.entity_mentions(items, base_iri="https://example.org/kg", n_process=1)
    assert not isinstance(stream, list)  # a generator: documents stream through
    first, empty, ada = list(stream)
    assert empty == []
    assert {m.doc for m in first} == {str(path)}
    assert [(m.text, m.entity, m.via) for m in first if m.via != "name"] == [
        ("Meitner", "Lise Meitner", "surname"),
        ("him", "Otto Hahn", "pronoun"),
    ]
    assert all(m.iri and m.iri.startswith("https://example.org/kg/entity/") for m in first)
    assert [(m.text, m.entity) for m in ada] == [
        ("Ada Lovelace", "Ada Lovelace"),
        ("She", "Ada Lovelace"),
    ]
    # The same records as kg.entities, one text at a time.
    assert first == kg.entities(path.read_text(encoding="utf-8"), doc_id=str(path),
                                base_iri="https://example.org/kg")  # fmt: skip


def test_api_entity_mentions_reports_unreadable_documents(tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(PNG_BYTES)
    seen = []
    out = list(kg.entity_mentions([bad], on_progress=lambda *a: seen.append(a), n_process=1))
    assert out == [] and len(seen) == 1 and isinstance(seen[0][2], InputError)
    with pytest.raises(KGError, match="base IRI"):
        next(kg.entity_mentions(["Ann left."], base_iri="not an iri"))


# ---------------------------------------------------------------- kg.build / kg.open


@pytest.mark.model
def test_api_build_in_memory():
    graph = kg.build([ADA, TRAVEL])
    try:
        assert graph.location is None
        stats = graph.stats()
        assert stats["documents"] == 2
        assert stats["asserted"] >= 4
        assert graph.query(
            SKOS + "ASK { ?s skos:prefLabel 'Peter Hall' . ?s rel:visit ?o ."
            " ?o skos:prefLabel 'Rome' }"
        )
    finally:
        graph.close()


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


# ---------------------------------------------------------------- bad input


@pytest.mark.model
def test_api_build_binary_file_raises_input_error_and_releases_store(tmp_path):
    bad = tmp_path / "image.txt"
    bad.write_bytes(PNG_BYTES)
    store = tmp_path / "store"
    with pytest.raises(InputError, match=r"image\.txt") as info:
        kg.build([ADA, bad], store=store)
    assert info.traceback
    # The store kg.build opened was closed on the way out: it can be opened again
    # (while the traceback still holds kg.build's frames).
    with kg.open(store) as graph:
        assert graph.stats()["documents"] <= 1


@pytest.mark.model
def test_api_build_reports_bad_files_through_on_progress(tmp_path):
    bad = tmp_path / "image.txt"
    bad.write_bytes(PNG_BYTES)
    good = tmp_path / "good.txt"
    good.write_text(ADA, encoding="utf-8")
    seen = []
    graph = kg.build(tmp_path, on_progress=lambda doc, dg, exc: seen.append((str(doc), exc)))
    try:
        assert graph.stats()["documents"] == 1
    finally:
        graph.close()
    failed = [(doc, exc) for doc, exc in seen if exc is not None]
    assert len(failed) == 1
    assert failed[0][0] == str(bad)
    assert isinstance(failed[0][1], InputError)


@pytest.mark.model
def test_api_build_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="missing"):
        kg.build(tmp_path / "missing")
    with pytest.raises(InputError, match=r"missing\.txt"):
        kg.build(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match=r"notes\.md"):
        kg.build(["notes.md"])
    with pytest.raises(InputError, match="drafts/"):
        kg.build(["drafts/"])
    # One word that is not a path is a (tiny) text.
    with kg.build(["Hello."]) as graph:
        assert graph.stats()["documents"] == 1
