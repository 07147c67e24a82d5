"""Network measures in NumPy: no Django, no Accord imports.

Networks come in as n×n adjacency matrices (a partnership of 2,000 organisations is 4 MB of them);
most measures are a handful of array operations on them, and betweenness walks adjacency lists so
that its time grows with the ties that exist, not with n³. Each function states the NetworkX
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

    The breadth-first searches from all n sources advance together, level by level. A level is
    expanded over adjacency lists (work in proportion to the edges leaving the level, so a sparse
    network costs O(n·m) in all, as Brandes' algorithm should), or, when the level is so large that
    it is cheaper, by one dense matrix product. Dependencies then flow back level by level the
    same way. Memory is a few n×n arrays and the expansion of at most _CHUNK edges at a time.
    Agrees with networkx.betweenness_centrality(G, normalized=...) for unweighted graphs."""
    a = _clean(adj)
    if not directed:
        a = a | a.T
    n = a.shape[0]
    if n < 3:
        return np.zeros(n)
    out_ptr, out_idx = _adjacency_lists(a)
    in_ptr, in_idx = (out_ptr, out_idx) if not directed else _adjacency_lists(a.T)
    dense: list[Float] = []  # the adjacency matrix as floats, made only if a level is done densely

    def matrix() -> Float:
        if not dense:
            dense.append(a.astype(np.float64))
        return dense[0]

    dist = np.full(n * n, -1, dtype=np.int32)  # dist[s*n + v]: levels from source s to v
    sigma = np.zeros(n * n)  # number of shortest paths from s to v
    start = np.arange(n, dtype=np.int64) * (n + 1)
    dist[start] = 0
    sigma[start] = 1.0
    levels = [start]  # levels[d]: the pairs s*n + v with v at distance d from s
    while True:
        keys, d = levels[-1], len(levels) - 1
        work = int((out_ptr[keys % n + 1] - out_ptr[keys % n]).sum())
        if work * _DENSE_PER_SPARSE > n**3:
            frontier = np.zeros(n * n)
            frontier[keys] = sigma[keys]
            reach = (frontier.reshape(n, n) @ matrix()).ravel()
            del frontier
            fresh = np.flatnonzero((reach > 0) & (dist < 0))
            dist[fresh] = d + 1
            sigma[fresh] = reach[fresh]
            del reach
        else:
            found = []
            for part in _chunks(keys, out_ptr, n):
                origin, w = _expand(out_ptr, out_idx, part % n)
                parent = part[origin]
                target = parent - parent % n + w
                seen = dist[target]
                on_path = (seen < 0) | (seen == d + 1)
                found.append(target[seen < 0])
                target, parent = target[on_path], parent[on_path]
                dist[target] = d + 1
                np.add.at(sigma, target, sigma[parent])
            fresh = np.unique(np.concatenate(found))
        if fresh.size == 0:
            break
        levels.append(fresh)
    delta = np.zeros(n * n)
    # dependencies flow back one level at a time; level 0 is the source itself, which is not counted
    for d in range(len(levels) - 1, 1, -1):
        keys, before = levels[d], levels[d - 1]
        coef = (1.0 + delta[keys]) / sigma[keys]
        work = int((in_ptr[keys % n + 1] - in_ptr[keys % n]).sum())
        if work * _DENSE_PER_SPARSE > n**3:
            c = np.zeros(n * n)
            c[keys] = coef
            back = (c.reshape(n, n) @ matrix().T).ravel()
            del c
            delta[before] += sigma[before] * back[before]
            del back
        else:
            offset = 0
            for part in _chunks(keys, in_ptr, n):
                origin, v = _expand(in_ptr, in_idx, part % n)
                child = part[origin]
                source = child - child % n + v
                on_path = dist[source] == d - 1
                np.add.at(delta, source[on_path], sigma[source[on_path]] * coef[offset + origin[on_path]])
                offset += part.size
    bc = delta.reshape(n, n).sum(axis=0)
    if not directed:
        bc /= 2.0
    if normalized:
        scale = 1.0 / ((n - 1) * (n - 2))
        bc *= scale if directed else 2.0 * scale
    return bc


# A level is expanded densely (one n×n matrix product) when the edges leaving it times this exceed n³:
# an edge expanded through adjacency lists costs about this many multiply-adds of a matrix product.
_DENSE_PER_SPARSE = 1000
# At most this many edges are expanded at once, so memory stays small on large, dense networks.
_CHUNK = 1 << 20


def _adjacency_lists(a: Bool) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Compressed adjacency lists: the neighbours of v are idx[ptr[v]:ptr[v + 1]]."""
    rows, cols = np.nonzero(a)
    ptr = np.zeros(a.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=a.shape[0]), out=ptr[1:])
    return ptr, cols.astype(np.int64)


def _expand(ptr: NDArray[np.int64], idx: NDArray[np.int64], nodes: NDArray[np.int64]
            ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every edge leaving `nodes`: (position in `nodes` it leaves from, node it goes to)."""
    deg = ptr[nodes + 1] - ptr[nodes]
    origin = np.repeat(np.arange(nodes.size, dtype=np.int64), deg)
    first = np.cumsum(deg) - deg
    return origin, idx[(ptr[nodes] - first)[origin] + np.arange(origin.size, dtype=np.int64)]


def _chunks(keys: NDArray[np.int64], ptr: NDArray[np.int64], n: int) -> list[NDArray[np.int64]]:
    """`keys` in consecutive parts, each leaving by at most about _CHUNK edges."""
    nodes = keys % n
    total = np.cumsum(ptr[nodes + 1] - ptr[nodes])
    if total.size == 0 or total[-1] <= _CHUNK:
        return [keys]
    cuts = np.searchsorted(total, np.arange(_CHUNK, int(total[-1]), _CHUNK), side="right")
    return [p for p in np.split(keys, np.unique(cuts)) if p.size]


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
