"""A cheap force layout for big views: positions for thousands of nodes in about a second.

:func:`kg.view.image.layout` runs an exact Fruchterman-Reingold, O(n²) per step
(160 s for 5,000 nodes here). A big explorer page needs positions before it is
drawn (its WebGL renderer runs no physics), so :func:`spread_layout` uses the
same forces with the repulsion estimated from a random sample of pivot nodes
each step (stochastic, O(n · pivots + E) per step, seeded), starting from a
sunflower spiral ordered by degree, so hubs sit near the middle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

#: Steps of the layout, pivot nodes sampled per step, and the seed.
SPREAD_ITERATIONS = 60
SPREAD_PIVOTS = 48
SPREAD_SEED = 7
#: Pull of every node toward the centre (keeps islands from drifting away).
GRAVITY = 0.05
#: Canvas units per layout unit (an average edge) in sigma.js views.
SPREAD_UNIT = 10.0


def spread_layout(
    count: int,
    edges: Sequence[tuple[int, int]],
    *,
    iterations: int = SPREAD_ITERATIONS,
    pivots: int = SPREAD_PIVOTS,
) -> list[tuple[float, float]]:
    """Positions of nodes ``0 .. count - 1`` (edges about one unit long), as (x, y) pairs.

    Args:
        count: the number of nodes.
        edges: node index pairs (parallel edges pull harder; self-loops are ignored).
        iterations: layout steps.
        pivots: nodes sampled per step to estimate each node's repulsion.

    Example:
        >>> pos = spread_layout(3, [(0, 1), (1, 2)])
        >>> len(pos), all(math.isfinite(x) and math.isfinite(y) for x, y in pos)
        (3, True)
        >>> spread_layout(0, [])
        []
    """
    import numpy as np

    if count == 0:
        return []
    rng = np.random.default_rng(SPREAD_SEED)
    pairs = np.array([(u, v) for u, v in edges if u != v], dtype=np.int64).reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    degree = np.bincount(np.concatenate([src, dst]), minlength=count)
    # Sunflower spiral, best-connected nodes at the centre.
    order = np.argsort(-degree, kind="stable")
    radius = np.sqrt(np.arange(count) + 0.5)
    angle = np.arange(count) * math.pi * (3.0 - math.sqrt(5.0))
    pos = np.empty((count, 2))
    pos[order, 0] = radius * np.cos(angle)
    pos[order, 1] = radius * np.sin(angle)
    sample = min(pivots, count)
    temperature = math.sqrt(count) / 4.0
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        chosen = rng.choice(count, size=sample, replace=False)
        dx = pos[:, 0:1] - pos[chosen, 0]  # (n, pivots)
        dy = pos[:, 1:2] - pos[chosen, 1]
        inverse = (count / sample) / np.maximum(dx * dx + dy * dy, 0.01)
        shift = np.column_stack(((dx * inverse).sum(axis=1), (dy * inverse).sum(axis=1)))
        along = pos[dst] - pos[src]
        length = np.sqrt((along**2).sum(axis=-1, keepdims=True))
        pull = along * length  # |d|² / k along the edge, k = 1
        for axis in (0, 1):
            shift[:, axis] += np.bincount(src, weights=pull[:, axis], minlength=count)
            shift[:, axis] -= np.bincount(dst, weights=pull[:, axis], minlength=count)
        shift -= GRAVITY * pos * np.sqrt((pos**2).sum(axis=-1, keepdims=True))
        step = np.maximum(np.sqrt((shift**2).sum(axis=-1, keepdims=True)), 1e-9)
        pos += shift / step * np.minimum(step, temperature)
        temperature -= cooling
    if len(pairs):
        mean = float(np.sqrt(((pos[dst] - pos[src]) ** 2).sum(axis=-1)).mean())
        if mean > 0:
            pos /= mean
    return [(float(x), float(y)) for x, y in pos]


def spread(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Give ``nodes`` positions (``x``, ``y``) from the cheap force layout of a big view."""
    index = {node["id"]: i for i, node in enumerate(nodes)}
    pairs = [(index[edge["from"]], index[edge["to"]]) for edge in edges]
    for node, (x, y) in zip(nodes, spread_layout(len(nodes), pairs), strict=True):
        node["x"], node["y"] = round(x * SPREAD_UNIT, 2), round(y * SPREAD_UNIT, 2)


#: What a sigma.js page does not use (vis-network's tooltips, curves and colour states).
_SIGMA_UNUSED = ("title", "smooth", "dashes")


def slim(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Drop what sigma.js does not use, so that a big page parses faster."""
    for item in (*nodes, *edges):
        for key in _SIGMA_UNUSED:
            item.pop(key, None)
    for node in nodes:
        node["color"] = {"background": node["color"]["background"]}
