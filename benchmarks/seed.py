"""Check the seed article's main facts (the article lives in ../shared, not here).

    python benchmarks/seed.py

Prints each expected fact with whether kg found it (and whether it is
asserted or hedged), and whether the names that should be one node are.
Exits 1 when a fact or a merge is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seed"

#: (subject, relation, object) the seed article must yield.
FACTS = [
    ("Xi Jinping", "support", "Russian demand"),
    ("Vladimir Putin", "brief", "Xi Jinping"),
    ("Xi Jinping", "thank", "Vladimir Putin"),
    ("Yuri Ushakov", "aide of", "Vladimir Putin"),
]
#: Canonical name → mentions that must resolve to it.
SAME_NODE = {
    "Vladimir Putin": ["Putin", "the Kremlin leader"],
    "Xi Jinping": ["Xi"],  # the article never writes "President Xi"
}


def main() -> int:
    files = sorted(SEED.glob("*.txt"))
    if not files:
        print(f"seed article not found in {SEED}")
        return 2
    text = files[0].read_text(encoding="utf-8")

    from kg import nlp
    from kg.extract.coref import resolve_coreference
    from kg.extract.entities import resolve_entities
    from kg.extract.pipeline import document_graph

    graph = document_graph(text, doc_id=files[0].name)
    found = {(t.subject, t.relation, t.object): t for t in graph.triples}
    ok = True
    for fact in FACTS:
        triple = found.get(fact)
        if triple is None:
            ok = False
            state = "MISSING"
        elif triple.asserted:
            state = "asserted"
        else:
            state = f"kept, not asserted (attribution={triple.attribution!r})"
        print(f"{' – '.join(fact):55} {state}")

    doc = nlp.parse(text)
    index = resolve_entities(doc)
    corefs = resolve_coreference(doc, index)
    for name, mentions in SAME_NODE.items():
        for mention in mentions:
            words = mention.split()
            hits = [
                tok.i + len(words) - 1
                for tok in doc
                if doc[tok.i : tok.i + len(words)].text == mention
            ]
            names = set()
            for i in hits:
                if i in corefs:
                    names |= {e.name for e in corefs[i]}
                elif (entity := index.entity_at(i)) is not None:
                    names.add(entity.name)
            same = names == {name}
            ok &= same
            print(f"{mention!r:22} → {sorted(names)}  {'one node' if same else 'NOT MERGED'}")
    print(f"{len(graph.triples)} triples, {sum(t.asserted for t in graph.triples)} asserted")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
