"""Store benchmark: ingest, re-ingest, query, networkx view and export, on synthetic documents.

The documents are generated (no third-party text): each has ``--triples`` triples
between entities drawn from a shared pool, a quarter of them hedged, so entities
recur across documents as in a real corpus.

    python benchmarks/store.py                      # 200 documents x 50 triples, memory and disk
    python benchmarks/store.py --docs 1000 --triples 100
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.model import ENTITY_TYPES, DocumentGraph, Entity, Triple
from kg.rdf import document_quads
from kg.store import KnowledgeGraph

RELATIONS = ("lead", "found", "visit", "chief executive of", "travel to", "support", "meet with")


def synthetic_documents(n_docs: int, n_triples: int, *, seed: int = 7) -> list[DocumentGraph]:
    """``n_docs`` documents of ``n_triples`` triples over a pool of entities."""
    rng = random.Random(seed)
    pool = [(f"Entity {i}", ENTITY_TYPES[i % len(ENTITY_TYPES)]) for i in range(n_docs * 5 + 50)]
    docs = []
    for d in range(n_docs):
        triples, entities, offset = [], {}, 0
        for _ in range(n_triples):
            (s, st), (o, ot) = rng.sample(pool, 2)
            relation = rng.choice(RELATIONS)
            sentence = f"{s} did {relation} {o}."
            hedged = rng.random() < 0.25
            triples.append(
                Triple(s, relation, o, st, ot, modality="may" if hedged else None,
                       confidence=rng.random(), sentence=sentence, sentence_start=offset,
                       sentence_end=offset + len(sentence), start=offset,
                       end=offset + len(sentence) - 1)
            )  # fmt: skip
            for name, type_ in ((s, st), (o, ot)):
                entities[(name, type_)] = Entity(name, type_, {name.split()[-1]})
            offset += len(sentence) + 1
        text = " ".join(t.sentence for t in triples)
        docs.append(DocumentGraph(f"doc-{d:05d}.txt", text, triples, entities))
    return docs


def timed(label: str, fn: Callable[[], Any], *, unit: str = "", count: int = 0) -> Any:
    start = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - start
    rate = f"  ({count / elapsed:,.0f} {unit}/s)" if count else ""
    print(f"  {label:<34} {elapsed:8.3f} s{rate}")
    return value


def run(location: Path | None, docs: list[DocumentGraph]) -> None:
    print(f"store: {'memory' if location is None else location}")
    quads = timed("document_quads (RDF stage only)", lambda: [document_quads(d) for d in docs])
    print(f"  quads per document: {sum(map(len, quads)) / len(docs):,.0f}")
    with KnowledgeGraph.open(location) as kg:
        timed(
            "add (new documents)", lambda: [kg.add(d) for d in docs], unit="docs", count=len(docs)
        )
        timed("add again (unchanged: skipped)", lambda: [kg.add(d) for d in docs], unit="docs",
              count=len(docs))  # fmt: skip
        print(f"  triples in the union graph: {len(kg):,}")
        timed("stats()", kg.stats)
        timed("documents()", kg.documents)
        timed(
            "query: labels of Person entities",
            lambda: kg.query("SELECT DISTINCT ?n WHERE { ?e a kg:Person ; skos:prefLabel ?n }"),
        )
        timed(
            "query: facts with labels (4 joins)",
            lambda: kg.query(
                "SELECT ?subject ?relation ?object WHERE { ?s ?p ?o . "
                "?s skos:prefLabel ?subject . ?o skos:prefLabel ?object . "
                "?p rdfs:label ?relation } ORDER BY ?subject LIMIT 20"
            ),
        )
        graph = timed("to_networkx()", kg.to_networkx)
        print(f"  networkx: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in ("trig", "turtle"):
                timed(
                    f"export {fmt}", lambda fmt=fmt: kg.export(Path(tmp) / f"kg.{fmt}", format=fmt)
                )
        replaced = docs[: max(1, len(docs) // 10)]
        for d in replaced:
            d.triples.pop()
        timed("add (changed documents: replace)", lambda: [kg.add(d) for d in replaced],
              unit="docs", count=len(replaced))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--triples", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.docs} documents x {args.triples} triples")
    run(None, synthetic_documents(args.docs, args.triples))
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp) / "store", synthetic_documents(args.docs, args.triples))


if __name__ == "__main__":
    main()
