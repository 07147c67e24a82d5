"""Network measures in NumPy and igraph: no Django, no Accord imports.

Networks come in as n×n adjacency matrices (a partnership of 2,000 organisations is 4 MB of them);
most measures are a handful of array operations on them. Betweenness, a breadth-first search from
every node, is done level by level in NumPy on a dense network with few steps across, and otherwise by
igraph (C, GPL-2.0-or-later, which Accord's AGPL-3.0-or-later may use). Each function states the NetworkX function it agrees with;
tests/analytics compares them on hand-made and classic networks.

`adj[i, j]` is true when there is a tie from i to j. Self-ties are ignored everywhere.
"""

from __future__ import annotations

import math

import igraph
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
    """Betweenness centrality by Brandes' algorithm: a breadth-first search from every node, counting
    shortest paths on the way out and adding up dependencies on the way back.

    Two ways, the same answer (tests/analytics checks each against NetworkX):
    - a network with many ties per organisation and so few steps across (a partnership's contact network:
      at 2,000 organisations, about 100 partners each and two or three steps) is searched from all sources
      at once, level by level, in NumPy (`_brandes_by_levels`): a level is a dense matrix product when it is
      large, and otherwise follows only the ties that matter;
    - any other network, and above all a long sparse one (a cycle has n/2 levels), goes to igraph's C core.
    Path counts are whole numbers held as floats, as in NetworkX and igraph.
    Agrees with networkx.betweenness_centrality(G, normalized=...) for unweighted graphs: undirected, each
    pair of end points counted once; normalised by (n-1)(n-2)/2 undirected, (n-1)(n-2) directed."""
    a = _clean(adj)
    if not directed:
        a = a | a.T
    n = a.shape[0]
    if n < 3:
        return np.zeros(n)
    if _by_levels(n, int(a.sum())):
        bc = _brandes_by_levels(a, directed=directed)
    else:
        bc = _brandes_igraph(a, directed=directed)
    if normalized:
        scale = 1.0 / ((n - 1) * (n - 2))
        bc *= scale if directed else 2.0 * scale
    return bc


# Level by level in NumPy pays off when the network has at least this many ties per node, and when its
# levels (about log n / log degree of them) times n stay under this many times the degree; otherwise igraph.
_MIN_DEGREE = 8
_LEVELS_PER_DEGREE = 50
# A level is expanded densely (one n×n matrix product) when the edges it would follow times this exceed n³:
# an edge followed through adjacency lists costs about this many multiply-adds of a matrix product.
_DENSE_PER_SPARSE = 1000
# At most this many edges are followed at once, so memory stays small on large, dense networks.
_CHUNK = 1 << 20
# The dependencies of level 1 are gathered block by block (`_first_ties`) rather than by one n×n product when
# the cells gathered times this stay under n³: a cell gathered costs about this many multiply-adds of a product
# (it is a cache miss), so the gathering wins on a large network (2,000 organisations) and not on a small one.
_GATHER_PER_PRODUCT = 200


def _by_levels(n: int, arcs: int) -> bool:
    """Whether `_brandes_by_levels` is the faster way for n nodes and `arcs` directed ties (an undirected
    tie is two)."""
    degree = arcs / n
    if degree < _MIN_DEGREE:
        return False
    levels = math.ceil(math.log(n) / math.log(degree)) if degree > 1 else n
    return n * levels <= _LEVELS_PER_DEGREE * degree


def _brandes_igraph(a: Bool, *, directed: bool) -> Float:
    """Unnormalised betweenness by igraph (undirected: each pair of end points once)."""
    n = a.shape[0]
    rows, cols = np.nonzero(a if directed else np.triu(a))
    graph = igraph.Graph(n=n, edges=np.column_stack((rows, cols)).tolist(), directed=directed)
    return np.array(graph.betweenness(directed=directed), dtype=np.float64)


def _brandes_by_levels(a: Bool, *, directed: bool) -> Float:
    """Unnormalised betweenness, the searches from all n sources advancing together, level by level.

    The pair (s, v) is the key s*n + v. Each level is reached by whichever is cheapest:
    - push: follow the ties leaving the pairs just reached (a small level);
    - pull: follow the ties arriving at the pairs not reached yet (the last few, on a dense network);
    - one n×n matrix product (a level reaching most pairs), in float32 when every sum is a whole number
      below 2^24 and so exact, else float64.
    Dependencies flow back the same way (push from the children, pull from the parents, or a product); those of
    level 1, on a large dense network, are summed per node in blocks of ties (`_first_ties`)."""
    n = a.shape[0]
    out_ptr, out_idx = _adjacency_lists(a)
    in_ptr, in_idx = (out_ptr, out_idx) if not directed else _adjacency_lists(a.T)
    out_deg, in_deg = np.diff(out_ptr), np.diff(in_ptr)
    dense: dict[type, NDArray] = {}  # the adjacency matrix as floats, made only if a level is done densely

    def matrix(dtype: type) -> NDArray:
        if dtype not in dense:
            dense[dtype] = a.astype(dtype)
        return dense[dtype]

    dist = np.full(n * n, -1, dtype=np.int32)  # dist[s*n + v]: levels from source s to v
    sigma = np.zeros(n * n)  # number of shortest paths from s to v
    start = np.arange(n, dtype=np.int64) * (n + 1)
    dist[start] = 0
    sigma[start] = 1.0
    unreached = np.full(n, n - 1, dtype=np.int64)  # per target v: sources that have not reached it yet
    levels = [start]  # levels[d]: the pairs s*n + v with v at distance d from s
    # per level, how many of its pairs end at each node: the ties a level would follow, without a pass over it
    at_node = [np.ones(n, dtype=np.int64)]
    while True:
        keys, d = levels[-1], len(levels) - 1
        push = int((out_deg * at_node[-1]).sum())
        pull = int((unreached * in_deg).sum())
        if min(push, pull) * _DENSE_PER_SPARSE > n**3:
            frontier_max = float(sigma[keys].max())
            dtype = np.float32 if frontier_max * max(int(in_deg.max()), 1) < 2**24 else np.float64
            if d == 1 and not directed:
                # the first level is every tie, each reached by one path: the product is A·A, and A·Aᵀ
                # (A is symmetric) is worked out as a symmetric product, in half the multiplications
                reach = (matrix(dtype) @ matrix(dtype).T).ravel()
            else:
                frontier = np.zeros(n * n, dtype=dtype)
                frontier[keys] = sigma[keys]
                reach = (frontier.reshape(n, n) @ matrix(dtype)).ravel()
                del frontier
            new = reach > 0
            new &= dist < 0
            fresh = np.flatnonzero(new)
            by_node = np.count_nonzero(new.reshape(n, n), axis=0)
            sigma[fresh] = reach[fresh]
            del reach, new
        elif pull < push:
            todo = np.flatnonzero(dist < 0)
            counts = []
            for part in _chunks(todo, in_ptr, n):
                origin, v = _expand(in_ptr, in_idx, part % n)
                parent = part[origin] - part[origin] % n + v
                on_path = dist[parent] == d
                counts.append(
                    np.bincount(origin[on_path], weights=sigma[parent[on_path]], minlength=part.size)
                )
            paths = np.concatenate(counts) if counts else np.zeros(0)
            fresh = todo[paths > 0]
            sigma[fresh] = paths[paths > 0]
            by_node = np.bincount(fresh % n, minlength=n)
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
            fresh = unique_sorted(np.concatenate(found))
            by_node = np.bincount(fresh % n, minlength=n)
        if fresh.size == 0:
            break
        dist[fresh] = d + 1
        unreached -= by_node
        levels.append(fresh)
        at_node.append(by_node)
    delta = np.zeros(n * n)
    coef = np.zeros(n * n)  # (1 + delta) / sigma at the level being worked back from, zero elsewhere
    first = np.zeros(n)  # the dependencies of level 1 by node, when added up block by block (`_first_ties`)
    # dependencies flow back one level at a time; level 0 is the source itself, which is not counted
    for d in range(len(levels) - 1, 1, -1):
        keys, before = levels[d], levels[d - 1]
        coef[keys] = (1.0 + delta[keys]) / sigma[keys]
        push = int((in_deg * at_node[d]).sum())
        pull = int((out_deg * at_node[d - 1]).sum())
        by_product = min(push, pull) * _DENSE_PER_SPARSE > n**3
        if by_product and d == 2 and int((in_deg * out_deg).sum()) * _GATHER_PER_PRODUCT < n**3:
            first = _first_ties(coef, (in_ptr, in_idx), (out_ptr, out_idx))
        elif by_product:
            back = (coef.reshape(n, n) @ matrix(np.float64).T).ravel()
            delta[before] += sigma[before] * back[before]
            del back
        elif pull < push:
            sums = []
            for part in _chunks(before, out_ptr, n):
                origin, w = _expand(out_ptr, out_idx, part % n)
                child = part[origin] - part[origin] % n + w
                sums.append(np.bincount(origin, weights=coef[child], minlength=part.size))
            delta[before] += sigma[before] * np.concatenate(sums)
        else:
            for part in _chunks(keys, in_ptr, n):
                origin, v = _expand(in_ptr, in_idx, part % n)
                child = part[origin]
                source = child - child % n + v
                on_path = dist[source] == d - 1
                np.add.at(delta, source[on_path], sigma[source[on_path]] * coef[child[on_path]])
        coef[keys] = 0.0
    bc = delta.reshape(n, n).sum(axis=0) + first
    if not directed:
        bc /= 2.0
    return bc


def _first_ties(
    coef: Float, ins: tuple[NDArray[np.int64], NDArray[np.int64]], outs: tuple[NDArray[np.int64], NDArray[np.int64]]
) -> Float:
    """Per node v, the dependencies of the pairs (s, v) one tie apart, added up over the sources s.

    Such a pair is reached by one path (sigma 1), so its dependency is the sum of coef[s, w] over the ties v → w
    (coef is zero unless w is two steps from s), and v's total is the sum of coef over the block (ties into v) ×
    (ties out of v). Gathering these blocks follows about n·degree² cells, where the backward product of level 1
    (most of the time of a dense network) did n³ multiply-adds; the sums are float64 as before, in another order,
    so the last bits may differ from the product's."""
    (in_ptr, in_idx), (out_ptr, out_idx) = ins, outs
    n = in_ptr.size - 1
    rows = in_idx * n
    ip, op = in_ptr.tolist(), out_ptr.tolist()
    out = np.zeros(n)
    for v in range(n):
        block = rows[ip[v] : ip[v + 1], None] + out_idx[op[v] : op[v + 1]]
        if block.size:
            out[v] = np.add.reduce(coef.take(block), axis=None)
    return out


def unique_sorted(values: NDArray) -> NDArray:
    """np.unique(values), by sorting: NumPy 2.4's np.unique hashes first, which took 0.6 s on the 720,000
    mostly distinct keys of a 2,000-organisation wave, where a sort takes 0.015 s."""
    out = np.sort(np.asarray(values).ravel())
    if out.size > 1:
        out = out[np.concatenate(([True], out[1:] != out[:-1]))]
    return out


def _adjacency_lists(a: Bool) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Compressed adjacency lists: the neighbours of v are idx[ptr[v]:ptr[v + 1]]."""
    rows, cols = np.nonzero(a)
    ptr = np.zeros(a.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=a.shape[0]), out=ptr[1:])
    return ptr, cols.astype(np.int64)


def _expand(
    ptr: NDArray[np.int64], idx: NDArray[np.int64], nodes: NDArray[np.int64]
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
    return [p for p in np.split(keys, unique_sorted(cuts)) if p.size]


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
