"""Throughput of kg against bare spaCy, on the same texts and pipeline, in one run.

Reads a slice of the Wikipedia corpus in ../shared/data/corpus/ and times, each
in a fresh child process (the model is loaded before the clock starts):

- ``spacy``: bare ``nlp.pipe`` over the article texts: the model as ``spacy.load`` gives
  it (kg's own pipeline is the same components, two of them sped up by ``kg._rules``);
- ``extract``: kg's extraction (``kg.extract.pipeline.document_graphs``), graphs dropped;
- ``build-mem``: ``kg.build`` into an in-memory store;
- ``build-disk``: ``kg.build`` into an Oxigraph store in a temporary directory;

each with one process and with ``--n-process`` processes. It prints words/s
(words: whitespace-separated), the ratios kg / spaCy, the speed-up of more
processes, and the peak RSS of the main process and of its largest worker.
With ``--repeat`` the configurations run round-robin and the median run counts
(the machine is shared: timings are noisy, ratios from one run less so); the
seconds of every run are printed beside it. The CPU seconds (all threads, and the
worker processes) and their ratio to spaCy's are printed too: on a loaded machine
they vary much less than the wall-clock time.

    python benchmarks/throughput.py [--articles 21|all] [--n-process 2] [--repeat 1]
                                    [--only spacy:1,build-disk:2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus"
CORPUS_FILE = CORPUS / "enwiki-sample.jsonl"
KINDS = ("spacy", "extract", "build-mem", "build-disk")
#: Batch size for spaCy and kg alike (8–16 suit long documents).
BATCH_SIZE = 16


def read_corpus(articles: int | None) -> list[tuple[str, str]]:
    """(title, text) of the first ``articles`` articles (all when None)."""
    out: list[tuple[str, str]] = []
    with CORPUS_FILE.open(encoding="utf-8") as fh:
        for line in fh:
            if articles is not None and len(out) >= articles:
                break
            record = json.loads(line)
            out.append((record["title"], record["text"]))
    return out


def _vm_hwm_kib() -> int:
    """Peak resident memory of this process (VmHWM), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its ended children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(kind: str, n_process: int, articles: int | None) -> dict[str, float]:
    """Time one configuration in this process (called in a child process)."""
    import kg
    from kg import nlp
    from kg.extract.pipeline import document_graphs
    from kg.io import Document
    from kg.run.local import parallel_parser

    corpus = read_corpus(articles)
    words = sum(len(text.split()) for _, text in corpus)
    if kind == "spacy":
        import spacy

        pipeline = spacy.load(nlp.MODEL_NAME)
    else:
        pipeline = nlp.load()
    for _ in pipeline.pipe(["Warm up the pipeline once."]):
        pass
    docs = [Document(title, text) for title, text in corpus]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        cpu = _cpu_seconds()
        start = time.perf_counter()
        if kind == "spacy":
            # spaCy hands whole batches to its workers: small batches keep them balanced.
            batch = BATCH_SIZE if n_process == 1 else max(1, min(BATCH_SIZE, len(docs) // 8))
            for _ in pipeline.pipe((d.text for d in docs), batch_size=batch, n_process=n_process):
                pass
        elif kind == "extract":
            parse = (
                None
                if n_process == 1
                else parallel_parser(n_process=n_process, batch_size=BATCH_SIZE)
            )
            for _ in document_graphs(docs, batch_size=BATCH_SIZE, parse=parse):
                pass
        elif kind == "build-mem":
            kg.build(docs, n_process=n_process).close()
        elif kind == "build-disk":
            kg.build(docs, Path(tmp) / "store", n_process=n_process).close()
        else:
            raise ValueError(kind)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "words": words,
        "rss_main_mib": _vm_hwm_kib() / 1024,
        "rss_worker_mib": children / 1024,
    }


def _child(kind: str, n_process: int, articles: int | None) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", f"{kind}:{n_process}"]
    command += ["--articles", "all" if articles is None else str(articles)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind}:{n_process} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median(results: list[dict[str, float]]) -> dict[str, float]:
    """The run of median time (the lower middle one of an even number)."""
    ordered = sorted(results, key=lambda r: r["seconds"])
    return ordered[(len(ordered) - 1) // 2]


def _median_of(results: list[dict[str, float]], key: str) -> float:
    """The median of one measure over the runs."""
    return statistics.median(r[key] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", default="21", help="articles from the corpus, or 'all'")
    parser.add_argument("--n-process", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the median run counts")
    parser.add_argument("--only", default="", help="configurations, e.g. spacy:1,build-disk:2")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not CORPUS_FILE.exists():
        print(f"corpus not found: {CORPUS_FILE} (it lives in ../shared, beside the repository)")
        return 2
    articles = None if args.articles == "all" else int(args.articles)
    if args.child:
        kind, n = args.child.split(":")
        print(json.dumps(run_one(kind, int(n), articles)))
        return 0

    n = max(2, args.n_process)
    configs = [(kind, p) for p in (1, n) for kind in KINDS if not (kind == "build-mem" and p > 1)]
    if args.only:
        configs = [(k, int(p)) for k, p in (c.split(":") for c in args.only.split(","))]
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    for _ in range(args.repeat):
        for config in configs:
            runs.setdefault(config, []).append(_child(*config, articles))
    best = {config: _median(results) for config, results in runs.items()}
    words = next(iter(best.values()))["words"]
    load = os.getloadavg()[0]
    print(
        f"articles {args.articles}, words {words:,.0f}, cpus {os.cpu_count()}, "
        f"repeat {args.repeat}, load average at the end {load:.1f}"
    )
    print(
        f"{'run':<16}{'seconds':>9}{'words/s':>10}{'vs spaCy':>10}{'cpu s':>8}{'cpu vs':>8}"
        f"{'RSS main':>10}{'worker':>8}  seconds (cpu) of each run"
    )
    for (kind, p), r in best.items():
        rate = r["words"] / r["seconds"]
        bare = best.get(("spacy", p))
        ratio = f"{bare['seconds'] / r['seconds']:.2f}x" if bare else "-"
        cpu = _median_of(runs[kind, p], "cpu_seconds")
        bare_cpu = _median_of(runs["spacy", p], "cpu_seconds") if ("spacy", p) in runs else None
        cpu_ratio = f"{bare_cpu / cpu:.2f}x" if bare_cpu else "-"
        worker = f"{r['rss_worker_mib']:.0f}" if p > 1 else "-"
        each = " ".join(f"{x['seconds']:.1f} ({x['cpu_seconds']:.1f})" for x in runs[kind, p])
        print(
            f"{kind + ':' + str(p):<16}{r['seconds']:>9.1f}{rate:>10,.0f}{ratio:>10}"
            f"{cpu:>8.1f}{cpu_ratio:>8}"
            f"{r['rss_main_mib']:>9.0f}M{worker:>7}M"
            f"  {each}"
        )
    for kind in KINDS:
        one, many = best.get((kind, 1)), best.get((kind, n))
        if one and many:
            print(f"speed-up {kind} {n} processes / 1: {one['seconds'] / many['seconds']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
