"""Web pages benchmark: how long each page of ``kg serve`` takes on a 200-article store.

Opens the store of ``benchmarks/serve_load.py`` (the first 200 Wikipedia articles
of ../shared/data/corpus/, built once and cached in benchmarks/out/) read-only,
serves it in this process on 127.0.0.1 and requests, one at a time, each page
for a sample of its subjects:

- ``/`` (home: counts, the most connected entities per class, the documents),
  computed afresh each time (the server caches it per snapshot; here it does not);
- ``/entity?iri=`` for the most connected entities (the worst case) and for a
  random sample of others;
- ``/document?id=`` for a random sample of documents;
- ``/search?q=`` and ``/api/suggest?q=`` for prefixes of entity names (from the
  names the server reads once per snapshot, ``kg.store.names.name_index``; the time of that
  read is printed first, and ``search (SPARQL)`` times the scan it saves);
- ``/query?query=`` for a small SELECT (through the query workers).

Printed per page kind: the number of requests, the median and the slowest, in
milliseconds, and the median as a fraction of one second (each should be well
under 1). A page that is not 200 is counted and reported.

    python benchmarks/web_pages.py                 # the cached 200-article store
    python benchmarks/web_pages.py --store PATH    # any store
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        with error:
            error.read()
            status = error.code
    return status, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a kg store (default: the cached 200 articles)")
    parser.add_argument("--samples", type=int, default=20, help="subjects per page kind")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from kg.serve.server import make_server
    from kg.store import facts
    from kg.store.graph import KnowledgeGraph

    if args.store is None:
        from benchmarks.serve_load import build_store

        args.store = build_store(200)
    rng = random.Random(args.seed)
    graph = KnowledgeGraph.open(args.store, read_only=True)
    counts = facts.counts(graph)
    print(f"{args.store}: {counts['documents']} documents, {counts['entities']:,} entities, "
          f"{counts['statements']:,} statements")  # fmt: skip
    hubs = [e["iri"] for row in facts.top_entities(graph, per_class=3).values() for e in row]
    entities = [str(r["e"]) for r in graph._select(
        "SELECT DISTINCT ?e WHERE { ?st rdf:subject ?e } ORDER BY ?e")]  # fmt: skip
    names = [str(r["n"]) for r in graph._select("SELECT ?n WHERE { ?e skos:prefLabel ?n }")]
    doc_ids = [d["doc_id"] for d in facts.documents(graph, limit=10_000)]
    n = args.samples
    paths = {
        "home": ["/"] * 5,
        "entity (hubs)": ["/entity?" + urllib.parse.urlencode({"iri": iri}) for iri in hubs],
        "entity (random)": ["/entity?" + urllib.parse.urlencode({"iri": iri})
                            for iri in rng.sample(entities, min(n, len(entities)))],
        "document": ["/document?" + urllib.parse.urlencode({"id": d})
                     for d in rng.sample(doc_ids, min(n, len(doc_ids)))],
        "search": ["/search?" + urllib.parse.urlencode({"q": name[:3]})
                   for name in rng.sample(names, min(n, len(names)))],
        "suggest": ["/api/suggest?" + urllib.parse.urlencode({"q": name[:2]})
                    for name in rng.sample(names, min(n, len(names)))],
        "query": ["/query?" + urllib.parse.urlencode(
            {"query": "SELECT ?e ?n WHERE { ?e a kg:Person ; skos:prefLabel ?n } LIMIT 50"})] * 5,
    }  # fmt: skip
    from kg.store.names import name_index

    started = time.perf_counter()
    index = name_index(graph)
    print(f"name index: {len(index.entries):,} names read in {time.perf_counter() - started:.2f} s")
    sparql_times = []
    for path in paths["search"]:
        text = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
        started = time.perf_counter()
        facts.search_names(graph, text)
        sparql_times.append(time.perf_counter() - started)
    server = make_server(graph, port=0, quiet=True)
    server.reload_interval = None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _get(server.url + paths["query"][0].lstrip("/"))  # start the query workers
        _get(server.url + paths["suggest"][0].lstrip("/"))  # read the names
        print(f"{'page':<16} {'n':>4} {'median ms':>10} {'max ms':>8} {'median / 1 s':>13}")
        for kind, urls in paths.items():
            times, bad = [], 0
            for path in urls:
                if kind == "home":
                    server.snapshots._cache.pop("web-home", None)  # the page, not the cache
                status, seconds = _get(server.url + path.lstrip("/"))
                bad += status != 200
                times.append(seconds)
            median = statistics.median(times)
            print(f"{kind:<16} {len(times):>4} {median * 1000:>10.1f} {max(times) * 1000:>8.1f} "
                  f"{median:>13.3f}" + (f"  ({bad} not 200)" if bad else ""))  # fmt: skip
        median = statistics.median(sparql_times)
        print(
            f"{'search (SPARQL)':<16} {len(sparql_times):>4} {median * 1000:>10.1f} "
            f"{max(sparql_times) * 1000:>8.1f} {median:>13.3f}  (facts.search_names, no HTTP)"
        )
    finally:
        server.shutdown()
        server.server_close()
        graph.close()


if __name__ == "__main__":
    main()
