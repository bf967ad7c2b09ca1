"""Big-view benchmark: how fast an explorer page of thousands of nodes is ready in Chromium.

Generates a synthetic knowledge graph (``--nodes`` entities of mixed classes,
``--edges`` statements with sentences, documents, times and confidences; a
seeded random graph with a few hubs), renders it with
:func:`kg.view.html.render_html` (every node drawn), loads the page
``--loads`` times in headless Chromium (Debian's ``/usr/bin/chromium`` through
playwright) and prints the median time from navigation to
``body[data-kg-stable=true]`` (the page's own ``data-kg-stable-ms`` stamp),
the page size and the render time in Python.

    python benchmarks/big_view.py                            # 5,000 nodes, 15,000 edges, auto
    python benchmarks/big_view.py --nodes 2000 --edges 6000 --renderer vis
    python benchmarks/big_view.py --sizes 1000 2000 5000 --renderer vis   # a table

The target: a 5,000-node, 15,000-edge view ready in under 3 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
#: Classes of the synthetic entities, with their weights.
CLASSES = {"Person": 5, "Organization": 3, "Place": 2, "Concept": 2, "Event": 1, "Product": 1}
RELATIONS = ("meet with", "work for", "based in", "found", "visit", "support", "oppose", "own")
READY_TIMEOUT_MS = 180_000


def synthetic_graph(nodes: int, edges: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A random knowledge graph in ``kg.store.network``'s shape, with a few hubs.

    Example:
        >>> g = synthetic_graph(50, 120)
        >>> g.number_of_nodes(), g.number_of_edges()
        (50, 120)
        >>> sorted(g.edges(data=True))[0][2]["doc"].startswith("doc-")
        True
    """
    rng = random.Random(seed)
    classes, weights = zip(*CLASSES.items(), strict=True)
    g = nx.MultiDiGraph()
    for i in range(nodes):
        kind = rng.choices(classes, weights)[0]
        iri = f"http://example.org/kg/entity/n{i}"
        g.add_node(iri, label=f"{kind} {i}", type=kind, aliases=[f"N{i}"], iri=iri, events=[])
    ids = list(g)
    # Preferential attachment, roughly: the end of an edge is often an early (hub) node.
    for k in range(edges):
        u = ids[rng.randrange(nodes)]
        v = ids[min(int(rng.paretovariate(1.2)) - 1, nodes - 1)] if rng.random() < 0.5 else u
        while v == u:
            v = ids[rng.randrange(nodes)]
        relation = rng.choice(RELATIONS)
        year = rng.randrange(1950, 2024)
        g.add_edge(
            u,
            v,
            key=f"st{k}",
            relation=relation,
            confidence=round(rng.uniform(0.3, 1.0), 2),
            sentence=f"{g.nodes[u]['label']} did {relation} {g.nodes[v]['label']} in {year}.",
            doc=f"doc-{rng.randrange(40)}.txt",
            polarity="positive",
            modality="may" if rng.random() < 0.05 else None,
            attribution=None,
            asserted=True,
            time=str(year) if rng.random() < 0.6 else None,
            time_text=f"in {year}",
        )
    return g


def ready_ms(browser: object, path: Path) -> float:
    """Milliseconds from navigation to the page's ``data-kg-stable`` stamp."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-kg-stable=true]", timeout=READY_TIMEOUT_MS)
        return float(page.evaluate("document.body.getAttribute('data-kg-stable-ms')"))
    finally:
        context.close()


def measure(browser: object, nodes: int, edges: int, renderer: str, loads: int) -> dict[str, float]:
    """Render a synthetic view and load it ``loads`` times; the figures to print."""
    from kg.view.html import render_html

    graph = synthetic_graph(nodes, edges)
    started = time.perf_counter()
    page = render_html(graph, max_nodes=nodes, renderer=renderer)
    render_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.html"
        path.write_text(page, encoding="utf-8")
        times = [ready_ms(browser, path) for _ in range(loads)]
    return {
        "render_s": render_s,
        "mb": len(page.encode()) / 1e6,
        "ready_ms": statistics.median(times),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--sizes", type=int, nargs="*", help="node counts (edges: 3 per node)")
    parser.add_argument("--renderer", default="auto", choices=("auto", "vis", "sigma"))
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    sizes = [(n, 3 * n) for n in args.sizes] if args.sizes else [(args.nodes, args.edges)]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print(f"{'nodes':>6} {'edges':>6} {'renderer':>8} {'page MB':>8} {'render s':>9} "
                  f"{'ready ms (median of ' + str(args.loads) + ')':>24}")  # fmt: skip
            for nodes, edges in sizes:
                row = measure(browser, nodes, edges, args.renderer, args.loads)
                print(
                    f"{nodes:>6} {edges:>6} {args.renderer:>8} {row['mb']:>8.1f} "
                    f"{row['render_s']:>9.2f} {row['ready_ms']:>24.0f}",
                    flush=True,
                )
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
