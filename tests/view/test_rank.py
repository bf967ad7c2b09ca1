"""kg.view.rank: ranking nodes by degree or PageRank."""

from __future__ import annotations

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.view.rank import pagerank, ranked_nodes

# ---------------------------------------------------------------- ranking


def test_views_pagerank_matches_networkx_on_the_graph_read_both_ways():
    g = nx.MultiDiGraph()
    g.add_edges_from([("a", "b"), ("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("e", "f")])
    g.add_node("lonely")
    ours = pagerank(g)
    reference = _pagerank_python(nx.MultiGraph(g.to_undirected()), tol=1e-10)
    assert ours.keys() == reference.keys()
    for node, value in reference.items():
        assert ours[node] == pytest.approx(value, abs=1e-5)
    assert sum(ours.values()) == pytest.approx(1.0)
    assert pagerank(nx.MultiDiGraph()) == {}


def test_views_rank_by_pagerank_differs_from_degree():
    # "bridge" and "x" both have degree 2; x's neighbours give it all their rank (they have
    # no other edge), bridge's neighbours share theirs among four edges: x ranks higher.
    g = nx.MultiDiGraph()
    for hub in ("h1", "h2"):
        for i in range(3):
            g.add_edge(hub, f"{hub}-leaf{i}")
        g.add_edge(hub, "bridge")
    g.add_edge("x", "y")
    g.add_edge("x", "z")
    by_degree = ranked_nodes(g)
    by_pagerank = ranked_nodes(g, rank="pagerank")
    assert by_degree[:2] == ["h1", "h2"]
    assert by_pagerank[:2] == ["h1", "h2"]
    assert by_pagerank.index("x") < by_pagerank.index("bridge")
    assert by_degree.index("bridge") < by_degree.index("x")  # a tie, broken by label
    assert ranked_nodes(g, first=["y"])[0] == "y"
    with pytest.raises(ValueError, match="rank"):
        ranked_nodes(g, rank="size")
