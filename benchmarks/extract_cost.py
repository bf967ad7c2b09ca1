"""What the extractor adds on top of spaCy's parse.

Parses a slice of the Wikipedia corpus in ../shared/data/corpus/ once with
``nlp.pipe`` (timed), then runs kg's extractor and resolution over the same
parsed Docs (timed) and prints the ratio. Repeats the extractor pass and
quotes the median. The CPU seconds (all threads) are printed too: on a shared
machine the wall-clock ratio moves with the load, the CPU one less.

    python benchmarks/extract_cost.py [--articles 21] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=21, help="articles from the corpus")
    parser.add_argument("--repeat", type=int, default=3, help="extractor passes (median)")
    args = parser.parse_args()
    path = CORPUS / "enwiki-sample.jsonl"
    if not path.exists():
        print(f"corpus not found: {path} (it lives in ../shared, beside the repository)")
        return 2

    from kg import nlp
    from kg.chunks import chunks
    from kg.extract.clauses import extractions
    from kg.extract.coref import resolve_coreference
    from kg.extract.entities import resolve_entities
    from kg.extract.triples import document_triples

    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= args.articles:
                break
            texts.extend(piece for _, piece in chunks(json.loads(line)["text"]))
    pipeline = nlp.load()
    start, cpu = time.perf_counter(), time.process_time()
    docs = list(pipeline.pipe(texts, batch_size=16))
    parse_s, parse_cpu = time.perf_counter() - start, time.process_time() - cpu
    words = sum(1 for doc in docs for tok in doc if not tok.is_punct and not tok.is_space)

    passes, cpus = [], []
    triples = 0
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        triples = 0
        for doc in docs:
            exts = extractions(doc)
            index = resolve_entities(doc)
            corefs = resolve_coreference(doc, index)
            triples += sum(1 for _ in document_triples(doc, exts, index, corefs))
        passes.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    extract_s, extract_cpu = statistics.median(passes), statistics.median(cpus)
    print(f"articles {args.articles}, words {words:,}, triples {triples:,}")
    print(
        f"spaCy parse      {parse_s:8.2f} s  ({words / parse_s:,.0f} words/s), "
        f"CPU {parse_cpu:.2f} s"
    )
    print(
        f"kg extractor     {extract_s:8.2f} s  (median of {args.repeat}), CPU {extract_cpu:.2f} s"
    )
    print(
        f"extractor / parse = {extract_s / parse_s:.3f} (CPU {extract_cpu / parse_cpu:.3f}), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
