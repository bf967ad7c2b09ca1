"""Serve benchmark: 20 clients, 30 s of mixed queries and views against ``kg serve``.

Builds a store from the first ``--articles`` articles of the Wikipedia corpus in
../shared/data/corpus/ once (cached in benchmarks/out/, reused by later runs),
starts ``kg serve`` on it (127.0.0.1, a free port) and lets ``--clients`` threads
send requests for ``--seconds`` seconds, each picking at random:

- SPARQL ``SELECT``: people and their names; one entity's relations; label search;
  counts per relation (``GROUP BY``),
- SPARQL ``ASK`` and ``CONSTRUCT`` (one entity's neighbourhood, Turtle),
- the index page ``/`` and the view of one entity ``/view?entity=NAME``.

Before the clock starts, one request of each kind warms the server up (its query
workers start, and it builds the index page and the view's graph once per
snapshot of the store: 10–30 s for 200 articles). Printed: requests per second,
latency p50 / p99 (all requests and per kind), the errors (any status but 200,
or a failed connection: there should be none), and the server's memory (its
process and its query workers) over the run: at the start, at the end and at
its peak (it should stay flat).

    python benchmarks/serve_load.py                  # 200 articles, 20 clients, 30 s
    python benchmarks/serve_load.py --clients 5 --seconds 10
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CORPUS_FILE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus"
CORPUS_FILE = CORPUS_FILE / "enwiki-sample.jsonl"
OUT = Path(__file__).resolve().parent / "out"

PEOPLE = "SELECT ?e ?name WHERE { ?e a kg:Person ; skos:prefLabel ?name } LIMIT 200"
RELATIONS = """SELECT ?p ?o WHERE {{ ?e skos:prefLabel {name} .
  {{ ?e ?p ?o }} UNION {{ ?o ?p ?e }} ?p rdfs:subPropertyOf kg:relatedTo }} LIMIT 100"""
SEARCH = """SELECT DISTINCT ?e ?label WHERE {{ ?e skos:prefLabel ?label
  FILTER(CONTAINS(LCASE(STR(?label)), {word})) }} LIMIT 50"""
COUNTS = """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf kg:relatedTo }
  GROUP BY ?p ORDER BY DESC(?n) LIMIT 20"""
ASK = "ASK {{ ?e skos:prefLabel {name} ; a kg:Person }}"
NEIGHBOURS = """CONSTRUCT {{ ?e ?p ?o }} WHERE {{ ?e skos:prefLabel {name} .
  ?e ?p ?o . ?p rdfs:subPropertyOf kg:relatedTo }}"""
TOP = """SELECT ?label (COUNT(?st) AS ?n) WHERE { ?st rdf:subject ?e . ?e skos:prefLabel ?label }
  GROUP BY ?label ORDER BY DESC(?n) LIMIT 50"""
# kind → weight: queries mostly, pages now and then (a view draws a neighbourhood).
MIX = {"select": 4, "relations": 3, "search": 2, "counts": 1, "ask": 2, "construct": 2,
       "index": 1, "view": 1}  # fmt: skip


def literal(text: str) -> str:
    return json.dumps(text)  # a SPARQL string literal (JSON escapes are SPARQL escapes)


def build_store(articles: int) -> Path:
    """The cached store of the first ``articles`` articles (built on the first run)."""
    import kg
    from kg.io import Document

    store = OUT / f"serve-load-{articles}"
    done = store / ".kg-bench-complete"
    if done.exists():
        return store
    docs = []
    with CORPUS_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            docs.append(Document(record["title"], record["text"], record["url"]))
            if len(docs) == articles:
                break
    print(f"building a store of {len(docs)} articles in {store} (once) ...", flush=True)
    started = time.perf_counter()
    graph = kg.build(docs, store)
    stats = graph.stats()
    graph.close()
    done.write_text(json.dumps(stats), encoding="utf-8")
    print(f"built in {time.perf_counter() - started:.0f} s: {stats['documents']} documents, "
          f"{stats['statements']:,} statements", flush=True)  # fmt: skip
    return store


def start_server(store: Path) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", "-q"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        process.kill()
        raise SystemExit(f"kg serve did not start: {line}")
    return process, match.group(1)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the query workers), in MB."""
    total = 0.0
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                pids += [int(c) for c in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def get(url: str, accept: str = "*/*") -> int:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as err:
        with err:
            err.read()
            return int(err.code)


def sparql(base: str, query: str, accept: str = "application/sparql-results+json") -> int:
    return get(base + "sparql?" + urllib.parse.urlencode({"query": query}), accept)


def request_for(kind: str, base: str, names: list[str], rng: random.Random) -> int:
    name = literal(rng.choice(names))
    if kind == "select":
        return sparql(base, PEOPLE)
    if kind == "relations":
        return sparql(base, RELATIONS.format(name=name))
    if kind == "search":
        word = rng.choice(names).split()[0].lower()[:5]
        return sparql(base, SEARCH.format(word=literal(word)))
    if kind == "counts":
        return sparql(base, COUNTS)
    if kind == "ask":
        return sparql(base, ASK.format(name=name))
    if kind == "construct":
        return sparql(base, NEIGHBOURS.format(name=name), "text/turtle")
    if kind == "index":
        return get(base, "text/html")
    return get(base + "view?" + urllib.parse.urlencode({"entity": rng.choice(names)}))


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    if not CORPUS_FILE.exists():
        raise SystemExit(f"corpus not found: {CORPUS_FILE} (it lives in ../shared)")
    store = build_store(args.articles)
    process, base = start_server(store)
    try:
        url = base + "sparql?" + urllib.parse.urlencode({"query": TOP})
        with urllib.request.urlopen(url, timeout=60) as response:
            top = json.loads(response.read())
        names = [b["label"]["value"] for b in top["results"]["bindings"]]
        kinds = [k for k, w in MIX.items() for _ in range(w)]
        warm = time.perf_counter()
        for kind in MIX:
            request_for(kind, base, names, random.Random(0))
        print(f"warmed up in {time.perf_counter() - warm:.0f} s", flush=True)
        results: list[tuple[str, float, int | str]] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop:
                kind = rng.choice(kinds)
                started = time.perf_counter()
                try:
                    status: int | str = request_for(kind, base, names, rng)
                except Exception as exc:  # counted as an error
                    status = type(exc).__name__
                with lock:
                    results.append((kind, time.perf_counter() - started, status))

        memory: list[float] = [rss_mb(process.pid)]
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(1.0)
            memory.append(rss_mb(process.pid))
        elapsed = time.monotonic() - began
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()

    errors = [(k, s) for k, _, s in results if s != 200]
    latencies = [d * 1000 for _, d, _ in results]
    print(f"kg serve on {args.articles} articles: {args.clients} clients, {elapsed:.0f} s, "
          f"{len(results):,} requests")  # fmt: skip
    print(f"  {len(results) / elapsed:.1f} requests/s; latency p50 {pct(latencies, 50):.0f} ms, "
          f"p99 {pct(latencies, 99):.0f} ms; errors {len(errors)}")  # fmt: skip
    for kind in MIX:
        mine = [d * 1000 for k, d, _ in results if k == kind]
        if mine:
            print(f"  {kind:10} {len(mine):6,} requests  p50 {pct(mine, 50):7.0f} ms  "
                  f"p99 {pct(mine, 99):7.0f} ms")  # fmt: skip
    if errors:
        print("  errors:", sorted({f"{k}: {s}" for k, s in errors})[:10])
    print(f"  server memory (with its query workers): start {memory[0]:.0f} MB, "
          f"end {memory[-1]:.0f} MB, peak {max(memory):.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
