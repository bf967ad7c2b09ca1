"""Store benchmark: bulk load and typical queries at scale, Oxigraph on disk vs rdflib in memory.

The documents are generated (no third-party text) in kg's real shape: each has
``--triples`` triples between entities drawn from a shared pool (so entities
recur across documents, as in a corpus), a quarter of them hedged, each with its
statement node, sentence node, offsets and document metadata: about 21 quads per
triple. ``--quads`` sets the size (quads of the document graphs).

Measured, in one run, so the ratios hold whatever the machine:

1. the RDF stage alone (``kg.rdf.quads.document_quads``: DocumentGraph → quads);
2. ``KnowledgeGraph.add_many`` on disk, end to end (RDF stage, bookkeeping, the
   union graph, Oxigraph's bulk loader);
3. Oxigraph's bulk loader alone on the same quads, on disk;
4. one transaction per document (``add``) on a tenth of the documents;
5. rdflib's in-memory ``Dataset`` loading the same quads (``addN``);
6. the typical queries, median of ``--runs`` runs: one entity's relations, its
   two-hop neighbourhood, counts per predicate, label search; on the kg store
   (``KnowledgeGraph.query``, checks included) and on rdflib (its SPARQL engine
   over a graph of the same union).

    python benchmarks/store.py                    # 100k quads
    python benchmarks/store.py --quads 1000000    # the issue's size (minutes; ~3 GB for rdflib)
    python benchmarks/store.py --quads 1000000 --no-rdflib
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.model import ENTITY_TYPES, DocumentGraph, Entity, Triple
from kg.rdf.quads import document_quads
from kg.rdf.terms import STANDARD_PREFIXES, entity_iri, prefixes, to_oxigraph
from kg.store.graph import KnowledgeGraph

if TYPE_CHECKING:
    from rdflib import Graph

RELATIONS = ("lead", "found", "visit", "chief executive of", "travel to", "support", "meet with")
WHEN = datetime(2024, 1, 1, tzinfo=UTC)
QUADS_PER_TRIPLE = 21  # measured: a 50-triple document has ~1,050 quads


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


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(runs):
        elapsed, value = timed(fn)
        times.append(elapsed)
    return statistics.median(times), value


def line(label: str, seconds: float, count: int = 0, unit: str = "quads") -> None:
    rate = f"  {count / seconds:>12,.0f} {unit}/s" if count else ""
    print(f"  {label:<46} {seconds:9.3f} s{rate}", flush=True)


def raw_rows(store: ox.Store, sparql: str, init_ns: dict[str, str]) -> list[ox.QuerySolution]:
    """A ``SELECT``'s rows straight from Oxigraph, without kg."""
    solutions = store.query(sparql, prefixes=init_ns)
    assert isinstance(solutions, ox.QuerySolutions)
    return list(solutions)


def rdflib_rows(graph: Graph, sparql: str, init_ns: dict[str, str]) -> list[Any]:
    """A query's rows from rdflib's own engine, for the comparison."""
    return list(graph.query(sparql, initNs=init_ns))


def queries(entity: str) -> dict[str, str]:
    """The typical queries, about one entity (``entity``: an IRI)."""
    e = f"<{entity}>"
    return {
        "one entity's relations": (
            f"SELECT ?p ?o WHERE {{ {{ {e} ?p ?o }} UNION {{ ?o ?p {e} }} "
            "?p rdfs:subPropertyOf kg:relatedTo }"
        ),
        "two-hop neighbourhood": (
            f"SELECT DISTINCT ?n2 WHERE {{ {e} ?p1 ?n1 . ?p1 rdfs:subPropertyOf kg:relatedTo . "
            "?n1 ?p2 ?n2 . ?p2 rdfs:subPropertyOf kg:relatedTo }"
        ),
        "counts per predicate": (
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"
        ),
        "label search": (
            "SELECT ?e ?l WHERE { ?e skos:prefLabel ?l "
            'FILTER(CONTAINS(LCASE(STR(?l)), "entity 12")) }'
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quads", type=int, default=100_000, help="quads of the document graphs")
    parser.add_argument("--triples", type=int, default=50, help="triples per document")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib comparison")
    args = parser.parse_args()

    n_docs = max(1, math.ceil(args.quads / (args.triples * QUADS_PER_TRIPLE)))
    docs = synthetic_documents(n_docs, args.triples)

    with tempfile.TemporaryDirectory() as tmp:
        # First, before this process holds a million quads of its own (as a build does).
        kg = KnowledgeGraph.open(Path(tmp) / "kg")
        t_add, written = timed(lambda: kg.add_many(docs, generated_at=WHEN))
        assert written == n_docs
        n, stored = kg.stats()["quads"], kg.stats()["quads"] + len(kg)
        print(f"{n_docs:,} documents x {args.triples} triples = {n:,} quads (document graphs)")
        print("load")
        line(f"kg add_many on disk, end to end ({stored:,} stored)", t_add, n)
        t_rdf, quads = timed(
            lambda: [q for d in docs for q in document_quads(d, generated_at=WHEN)]
        )
        assert len(quads) == n
        line("  of which the RDF stage (document_quads)", t_rdf, n)

        ox_quads = [
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))  # type: ignore[arg-type]
            for s, p, o, g in quads
        ]
        raw = ox.Store(str(Path(tmp) / "raw"))
        t_bulk, _ = timed(lambda: raw.bulk_extend(ox_quads))
        line("Oxigraph bulk loader alone, on disk", t_bulk, n)

        tenth = docs[: max(1, n_docs // 10)]
        tenth_quads = sum(len(document_quads(d)) for d in tenth)
        with KnowledgeGraph.open(Path(tmp) / "per-doc") as per_doc:
            t_tx, _ = timed(lambda: [per_doc.add(d, generated_at=WHEN) for d in tenth])
        line(f"kg add, one transaction per document ({len(tenth)} docs)", t_tx, tenth_quads)

        t_rdflib = rdflib_graph = None
        if not args.no_rdflib:
            from rdflib import Dataset, Graph

            dataset = Dataset()
            t_rdflib, _ = timed(
                lambda: dataset.addN((s, p, o, dataset.graph(g)) for s, p, o, g in quads)
            )
            line("rdflib Dataset in memory (addN)", t_rdflib, n)
            del dataset
            rdflib_graph = Graph()
            rdflib_graph += ((s, p, o) for s, p, o, _ in quads)  # the union, as kg keeps it

        print("speed-ups (> 1: the first is faster)")
        print(f"  kg add_many vs one add per document:             "
              f"{(n / t_add) / (tenth_quads / t_tx):6.1f}")  # fmt: skip
        if t_rdflib:
            print(f"  Oxigraph bulk loader vs rdflib addN, same quads: {t_rdflib / t_bulk:6.1f}")
            print(f"  kg add_many (RDF stage too) vs rdflib addN:      {t_rdflib / t_add:6.1f}")

        entity = str(entity_iri("Entity 7", ENTITY_TYPES[7 % len(ENTITY_TYPES)]))
        print(f"queries (median of {args.runs}; about {entity.rsplit('/', 1)[-1]})")
        header = f"  {'query':<26} {'kg (ms)':>10} {'raw ox (ms)':>12} {'rows':>8}"
        header += f" {'rdflib (ms)':>12} {'ratio':>8}" if rdflib_graph is not None else ""
        print(header)
        init_ns = {**STANDARD_PREFIXES, **prefixes()}
        for label, sparql in queries(entity).items():
            t_kg, result = median_time(partial(kg.query, sparql, timeout=None), args.runs)
            t_raw, _ = median_time(partial(raw_rows, kg.store, sparql, init_ns), args.runs)
            rows = len(result)
            out = f"  {label:<26} {t_kg * 1000:>10.1f} {t_raw * 1000:>12.1f} {rows:>8,}"
            if rdflib_graph is not None:
                t_lib, lib_rows = median_time(
                    partial(rdflib_rows, rdflib_graph, sparql, init_ns), max(1, min(args.runs, 3))
                )
                assert len(lib_rows) == rows, (label, len(lib_rows), rows)
                out += f" {t_lib * 1000:>12.1f} {t_lib / t_kg:>7.1f}x"
            print(out, flush=True)
        kg.close()
    print("targets: on-disk load >= 100,000 quads/s; one-entity lookup <= 50 ms at 1M quads")


if __name__ == "__main__":
    main()
