"""Network measures on dense adjacency matrices, in NumPy: no Django, no Accord imports.

A partnership has tens (at most a few hundred) organisations, so a dense n×n matrix is small and
lets every measure run as a handful of array operations. Each function states the NetworkX
function it agrees with; tests/analytics compares them on hand-made and classic networks.

`adj[i, j]` is true when there is a tie from i to j. Self-ties are ignored everywhere.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

Bool = NDArray[np.bool_]
Float = NDArray[np.float64]


def _clean(adj: NDArray) -> Bool:
    a = np.asarray(adj).astype(bool, copy=True)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError("An adjacency matrix must be square.")
    np.fill_diagonal(a, False)
    return a


def symmetrise(adj: NDArray) -> Bool:
    """An undirected graph from a directed one: a tie exists when either side reports it."""
    a = _clean(adj)
    return a | a.T


def density(adj: NDArray, *, directed: bool = False) -> float:
    """Share of possible ties that exist (networkx.density)."""
    a = _clean(adj)
    n = a.shape[0]
    if n < 2:
        return 0.0
    if directed:
        return float(a.sum()) / (n * (n - 1))
    a = a | a.T
    return float(np.triu(a, 1).sum()) / (n * (n - 1) / 2)


def degree(adj: NDArray) -> NDArray[np.int64]:
    """Number of partners each node has a tie with, either way (undirected degree)."""
    a = symmetrise(adj)
    return a.sum(axis=1).astype(np.int64)


def degree_centrality(adj: NDArray) -> Float:
    """Degree divided by n-1 (networkx.degree_centrality on the undirected graph)."""
    a = symmetrise(adj)
    n = a.shape[0]
    if n < 2:
        return np.ones(n) if n else np.zeros(0)
    return a.sum(axis=1) / (n - 1)


def degree_centralisation(adj: NDArray) -> float:
    """Freeman's degree centralisation of the undirected graph: how far the network is from
    a star (1) towards a network where every node has the same degree (0).

    sum(max(d) - d_i) / ((n-1)(n-2)), the star's value being the largest possible."""
    a = symmetrise(adj)
    n = a.shape[0]
    if n < 3:
        return 0.0
    d = a.sum(axis=1).astype(np.float64)
    return float((d.max() - d).sum() / ((n - 1) * (n - 2)))


def reciprocity(adj: NDArray) -> float | None:
    """Share of directed ties that are returned (networkx.reciprocity on a DiGraph).
    None when there are no ties at all."""
    a = _clean(adj)
    ties = int(a.sum())
    if ties == 0:
        return None
    return float((a & a.T).sum()) / ties


def betweenness(adj: NDArray, *, directed: bool = False, normalized: bool = True) -> Float:
    """Betweenness centrality by Brandes' algorithm, run from every source at once.

    Breadth-first search advances all n searches level by level with one matrix product per
    level (shortest-path counts), then dependencies flow back level by level the same way.
    Agrees with networkx.betweenness_centrality(G, normalized=...) for unweighted graphs."""
    a = _clean(adj)
    if not directed:
        a = a | a.T
    n = a.shape[0]
    if n < 3:
        return np.zeros(n)
    af = a.astype(np.float64)
    dist = np.full((n, n), -1, dtype=np.int64)  # dist[s, v]
    np.fill_diagonal(dist, 0)
    # level 1 needs no product: from each source, its own neighbours, by one path each
    frontier = af.copy()
    np.fill_diagonal(frontier, 0.0)
    dist[frontier > 0] = 1
    sigma = frontier + np.eye(n)  # number of shortest paths s -> v
    level = 1
    while (dist < 0).any():
        reach = frontier @ af  # paths into each node through the current level
        new = (reach > 0) & (dist < 0)
        if not new.any():
            break  # the rest cannot be reached
        level += 1
        dist[new] = level
        frontier = np.where(new, reach, 0.0)
        sigma += frontier
    delta = np.zeros((n, n))
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    afT = af.T
    # dependencies flow back one level at a time; level 0 is the source itself, which is not counted
    for d in range(level, 1, -1):
        coef = np.where(dist == d, (1.0 + delta) / safe_sigma, 0.0)
        delta += np.where(dist == d - 1, sigma * (coef @ afT), 0.0)
    np.fill_diagonal(delta, 0.0)
    bc = delta.sum(axis=0)
    if not directed:
        bc /= 2.0
    if normalized:
        scale = 1.0 / ((n - 1) * (n - 2))
        bc *= scale if directed else 2.0 * scale
    return bc


def circle_layout(n: int, *, order: NDArray | None = None) -> Float:
    """Points on a unit circle, starting at the top and going clockwise; `order` puts the nodes
    in that sequence (for example, most central first). Deterministic, so maps are stable."""
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    idx = np.arange(n) if order is None else np.asarray(order)
    angles = -math.pi / 2 + 2 * math.pi * np.arange(n) / n
    pos[idx, 0] = np.cos(angles)
    pos[idx, 1] = np.sin(angles)
    return pos


def spring_layout(adj: NDArray, *, iterations: int = 80, seed: int = 1) -> Float:
    """A small force-directed layout (Fruchterman-Reingold) started from the circle, so it is the
    same for the same graph. Returns coordinates scaled into [-1, 1]."""
    a = symmetrise(adj).astype(np.float64)
    n = a.shape[0]
    pos = circle_layout(n)
    if n < 3:
        return pos
    rng = np.random.default_rng(seed)
    pos = pos + rng.normal(scale=0.01, size=pos.shape)
    k = math.sqrt(4.0 / n)
    temp = 0.2
    for _ in range(iterations):
        diff = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2)) + 1e-9
        force = (k * k / dist**2 - a * dist / k)[:, :, None] * diff
        np.einsum("iik->ik", force)[:] = 0.0
        disp = force.sum(axis=1)
        length = np.sqrt((disp**2).sum(axis=1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.95
    pos -= pos.mean(axis=0)
    span = np.abs(pos).max() or 1.0
    return pos / span
