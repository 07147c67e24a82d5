"""The network measures agree with NetworkX on hand-made graphs and NetworkX's classic networks."""

import networkx as nx
import numpy as np
import pytest

from accord.analytics import network
from tests.once import ONCE_ONLY

pytestmark = ONCE_ONLY  # pure maths (accord.analytics has no Django): no database has a part in it


def _classic():
    davis = nx.davis_southern_women_graph()
    women = [n for n, d in davis.nodes(data=True) if d["bipartite"] == 0]
    return {
        "karate club": nx.karate_club_graph(),
        "florentine families": nx.florentine_families_graph(),
        "davis southern women (women projected)": nx.bipartite.projected_graph(davis, women),
        "les miserables": nx.les_miserables_graph(),
        "path of five": nx.path_graph(5),
        "star of six": nx.star_graph(5),
        "two triangles joined": nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)]),
        "with an isolated node": nx.Graph([(0, 1), (1, 2)]),
    }


def _adj(g):
    nodes = list(g.nodes())
    a = nx.to_numpy_array(g, nodelist=nodes, weight=None) > 0
    return nodes, a


def _freeman(g):
    c = nx.degree_centrality(g)
    n = g.number_of_nodes()
    top = max(c.values())
    return sum(top - v for v in c.values()) / (n - 2)


CLASSIC = _classic()
CLASSIC["with an isolated node"].add_node(3)


@pytest.mark.parametrize("name", list(CLASSIC))
def test_undirected_measures_match_networkx(name):
    g = CLASSIC[name]
    nodes, a = _adj(g)
    assert network.density(a) == pytest.approx(nx.density(g), abs=1e-12)
    assert network.degree_centralisation(a) == pytest.approx(_freeman(g), abs=1e-12)
    dc = nx.degree_centrality(g)
    np.testing.assert_allclose(network.degree_centrality(a), [dc[v] for v in nodes], atol=1e-12)
    bc = nx.betweenness_centrality(g, normalized=True)
    np.testing.assert_allclose(network.betweenness(a), [bc[v] for v in nodes], atol=1e-10)
    raw = nx.betweenness_centrality(g, normalized=False)
    np.testing.assert_allclose(network.betweenness(a, normalized=False), [raw[v] for v in nodes], atol=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_directed_measures_match_networkx(seed):
    g = nx.gnp_random_graph(30, 0.15, seed=seed, directed=True)
    nodes, a = _adj(g)
    assert network.reciprocity(a) == pytest.approx(nx.reciprocity(g), abs=1e-12)
    assert network.density(a, directed=True) == pytest.approx(nx.density(g), abs=1e-12)
    bc = nx.betweenness_centrality(g, normalized=True)
    np.testing.assert_allclose(network.betweenness(a, directed=True), [bc[v] for v in nodes], atol=1e-10)
    # the undirected view used on the pages: a tie when either side reports one
    u = g.to_undirected()
    assert network.density(a) == pytest.approx(nx.density(u), abs=1e-12)
    ubc = nx.betweenness_centrality(u)
    np.testing.assert_allclose(network.betweenness(a), [ubc[v] for v in nodes], atol=1e-10)


def test_hand_worked_star():
    # centre 0 with four leaves: every shortest path between leaves passes through 0
    a = np.zeros((5, 5), dtype=bool)
    a[0, 1:] = a[1:, 0] = True
    assert network.density(a) == pytest.approx(4 / 10)
    assert network.degree_centralisation(a) == pytest.approx(1.0)  # a star is the most centralised
    np.testing.assert_allclose(network.betweenness(a, normalized=False), [6, 0, 0, 0, 0])
    np.testing.assert_allclose(network.betweenness(a), [1, 0, 0, 0, 0])


def test_hand_worked_reciprocity_and_path():
    # A->B, B->A, B->C: 3 ties, 2 of them returned
    a = np.array([[0, 1, 0], [1, 0, 1], [0, 0, 0]], dtype=bool)
    assert network.reciprocity(a) == pytest.approx(2 / 3)
    assert network.reciprocity(np.zeros((3, 3))) is None
    # path 0-1-2-3: node 1 lies on paths 0-2 and 0-3 (2), node 2 on 0-3 and 1-3 (2)
    p = np.zeros((4, 4), dtype=bool)
    for i in range(3):
        p[i, i + 1] = p[i + 1, i] = True
    np.testing.assert_allclose(network.betweenness(p, normalized=False), [0, 2, 2, 0])
    assert network.degree_centralisation(p) == pytest.approx((1 + 0 + 0 + 1) / (3 * 2))


def test_self_ties_are_ignored_and_shape_is_checked():
    a = np.eye(3, dtype=bool)
    assert network.density(a) == 0
    with pytest.raises(ValueError, match="square"):
        network.density(np.zeros((2, 3)))


def test_layouts_are_deterministic_and_bounded():
    g = nx.karate_club_graph()
    _, a = _adj(g)
    p1, p2 = network.spring_layout(a), network.spring_layout(a)
    np.testing.assert_array_equal(p1, p2)
    assert np.abs(p1).max() <= 1.0 + 1e-9
    c = network.circle_layout(4)
    np.testing.assert_allclose(c[0], [0, -1], atol=1e-12)


def _sparse_networks():
    cycle = nx.cycle_graph(60)
    path = nx.path_graph(40)
    patchy = nx.gnp_random_graph(80, 0.03, seed=4)  # several parts and isolated nodes
    return {"cycle of 60": cycle, "path of 40": path, "sparse random, in parts": patchy}


@pytest.fixture(
    params=[
        "chosen by size", "igraph", "levels: lists", "levels: products", "levels: products, first ties in blocks",
        "levels: small pieces",
    ]
)
def way(request, monkeypatch):
    """Each way of working out betweenness gives NetworkX's answer: igraph, or level by level in NumPy
    following ties (push or pull), by matrix products (with level 1's dependencies by product or summed in
    blocks of ties), or following ties a few at a time."""
    if request.param == "igraph":
        monkeypatch.setattr(network, "_by_levels", lambda n, arcs: False)
    elif request.param.startswith("levels"):
        monkeypatch.setattr(network, "_by_levels", lambda n, arcs: True)
    if request.param.startswith("levels: products"):
        monkeypatch.setattr(network, "_DENSE_PER_SPARSE", 10**12)
        # products only, or level 1's dependencies always in blocks of ties
        monkeypatch.setattr(network, "_GATHER_PER_PRODUCT", 0 if "blocks" in request.param else 10**12)
    if request.param == "levels: small pieces":
        monkeypatch.setattr(network, "_DENSE_PER_SPARSE", 0)
        monkeypatch.setattr(network, "_CHUNK", 5)
    return request.param


@pytest.mark.parametrize("name", list(_sparse_networks()))
def test_betweenness_on_long_sparse_networks_matches_networkx(name, way):
    g = _sparse_networks()[name]
    nodes, a = _adj(g)
    bc = nx.betweenness_centrality(g)
    np.testing.assert_allclose(network.betweenness(a), [bc[v] for v in nodes], atol=1e-12)
    d = nx.gnp_random_graph(50, 0.05, seed=len(name), directed=True)
    nodes, a = _adj(d)
    bc = nx.betweenness_centrality(d, normalized=False)
    np.testing.assert_allclose(
        network.betweenness(a, directed=True, normalized=False), [bc[v] for v in nodes], atol=1e-9
    )


def test_betweenness_counts_a_tie_reported_by_one_side_once():
    # the undirected view: A->B and B->A are one tie, as is A->B alone; both give the path's figures
    one_way = np.zeros((3, 3), dtype=bool)
    one_way[0, 1] = one_way[2, 1] = True
    both_ways = one_way | one_way.T
    np.testing.assert_allclose(network.betweenness(one_way, normalized=False), [0, 1, 0])
    np.testing.assert_allclose(network.betweenness(both_ways, normalized=False), [0, 1, 0])
    np.testing.assert_allclose(network.betweenness(one_way), [0, 1, 0])
    assert network.betweenness(np.ones((2, 2))).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("directed", [False, True])
def test_betweenness_of_a_dense_network_matches_networkx(directed, way):
    g = nx.gnp_random_graph(120, 0.25, seed=7, directed=directed)
    nodes, a = _adj(g)
    bc = nx.betweenness_centrality(g)
    np.testing.assert_allclose(network.betweenness(a, directed=directed), [bc[v] for v in nodes], atol=1e-12)


def test_a_dense_wave_goes_level_by_level_and_a_long_sparse_network_to_igraph():
    assert network._by_levels(2000, 2000 * 106)  # a partnership's contact network: two or three steps across
    assert network._by_levels(500, 500 * 90)
    assert not network._by_levels(1000, 2000)  # a cycle: 500 levels
    assert not network._by_levels(1000, 6000)  # sparse random: few ties each, many levels


def test_products_in_float32_only_when_exact(monkeypatch):
    # many shortest paths (a chain of complete bipartite layers): counts beyond 2^24 need float64 products
    sizes = [3] * 24  # up to 3^23 shortest paths between the ends: odd, too many digits for float32
    ends = np.cumsum([0, *sizes]).tolist()
    layers = [range(ends[i], ends[i + 1]) for i in range(len(sizes))]
    g = nx.Graph()
    for one, two in zip(layers[:-1], layers[1:], strict=True):
        g.add_edges_from((u, v) for u in one for v in two)
    nodes, a = _adj(g)
    monkeypatch.setattr(network, "_by_levels", lambda n, arcs: True)
    monkeypatch.setattr(network, "_DENSE_PER_SPARSE", 10**12)
    bc = nx.betweenness_centrality(g)
    np.testing.assert_allclose(network.betweenness(a), [bc[v] for v in nodes], rtol=1e-12)
