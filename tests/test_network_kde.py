"""Network kernel density against truth: kernel mass, equal split, brute-force walks."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import trapezoid
from scipy.sparse.csgraph import dijkstra

from crimerisk.algorithms.network import build_network
from crimerisk.algorithms.network_kde import (KERNELS, kernel_integral, kernel_value, lixel_masses,
                                              network_kde)
from crimerisk.algorithms.network_snap import snap_events


def line(*points):
    return np.array(points, dtype=np.float64)


def grid_block_lines(n=2, size=100.0):
    return ([line((0, i * size), (n * size, i * size)) for i in range(n + 1)]
            + [line((i * size, 0), (i * size, n * size)) for i in range(n + 1)])


NETWORKS = {
    "line": ([line((0, 0), (1000, 0))], False),
    "t_junction": ([line((0, 0), (400, 0)), line((400, 0), (800, 0)), line((400, 0), (400, 400))], False),
    "grid_block": (grid_block_lines(), True),
}


def on(net, x, y):
    snapped = snap_events(net, np.atleast_1d(x), np.atleast_1d(y), max_distance=1e6)
    return snapped.lixel, snapped.position


@pytest.mark.parametrize("kernel", KERNELS)
def test_kernel_integrates_to_one_half_each_way(kernel):
    assert float(kernel_integral(np.array([50.0]), kernel, 50.0)[0]) == pytest.approx(0.5, abs=1e-12)
    u = np.linspace(0, 50, 200_001)
    numeric = trapezoid(kernel_value(u, kernel, 50.0), u)
    assert numeric == pytest.approx(0.5, abs=1e-4)


@pytest.mark.parametrize("name,event,bandwidth", [
    ("line", (500, 0), 300.0),
    ("t_junction", (330, 0), 250.0),  # the kernel passes the T
    ("t_junction", (400, 0), 250.0),  # the event on the junction itself
    ("grid_block", (40, 100), 260.0),  # walks run round the blocks and come back
    ("grid_block", (100, 100), 180.0),
])
@pytest.mark.parametrize("method", ["continuous", "discontinuous"])
def test_each_events_mass_is_one_along_the_network(name, event, bandwidth, method):
    lines, crossings = NETWORKS[name]
    net = build_network(lines, lixel_length=10.0, node_crossings=crossings)
    lixel, position = on(net, *event)
    mass = lixel_masses(net, lixel, position, None, bandwidth, method=method)
    assert mass.sum() == pytest.approx(1.0, abs=1e-6)
    assert (mass[net.lixel_length > 0] != 0).sum() > 10


def test_at_a_dead_end_the_continuous_kernel_reflects_and_the_discontinuous_one_loses_mass():
    net = build_network([line((0, 0), (1000, 0))], lixel_length=10.0)
    lixel, position = on(net, 100.0, 0.0)
    assert lixel_masses(net, lixel, position, None, 300.0, "continuous").sum() == pytest.approx(1.0, abs=1e-9)
    lost = 0.5 - float(kernel_integral(np.array([100.0]), "quartic", 300.0)[0])  # the part beyond the end
    assert lixel_masses(net, lixel, position, None, 300.0, "discontinuous").sum() == pytest.approx(1 - lost)


def test_the_discontinuous_kernel_splits_equally_at_a_junction():
    lines, _ = NETWORKS["t_junction"]
    net = build_network(lines, lixel_length=10.0)
    lixel, position = on(net, 330.0, 0.0)  # 70 m west of the T
    mass = lixel_masses(net, lixel, position, None, 250.0, "discontinuous")
    mid = net.lixel_midpoints()
    east = mass[(mid[:, 0] > 400) & (np.abs(mid[:, 1]) < 1e-6)].sum()
    north = mass[mid[:, 1] > 1e-6].sum()
    beyond = 0.5 - float(kernel_integral(np.array([70.0]), "quartic", 250.0)[0])  # what passes the T
    assert east == pytest.approx(beyond / 2, abs=1e-12)
    assert north == pytest.approx(beyond / 2, abs=1e-12)
    continuous = lixel_masses(net, lixel, position, None, 250.0, "continuous")
    # continuous: 2/3 of the passing mass goes on along each way (then its own reflections)
    assert continuous[(mid[:, 0] > 400) & (mid[:, 0] < 410)].sum() == pytest.approx(
        2 / 3 * (kernel_integral(np.array([80.0]), "quartic", 250.0)[0]
                 - kernel_integral(np.array([70.0]), "quartic", 250.0)[0]), rel=1e-9)


def test_the_continuous_kernel_is_continuous_through_a_junction():
    lines, _ = NETWORKS["t_junction"]
    net = build_network(lines, lixel_length=0.5)
    lixel, position = on(net, 330.0, 0.0)
    density = lixel_masses(net, lixel, position, None, 250.0, "continuous") / net.lixel_length
    mid = net.lixel_midpoints()
    near = np.hypot(mid[:, 0] - 400, mid[:, 1]) < 0.3  # the three half-metre lixels at the T
    values = density[near]
    assert values.size == 3
    assert values.max() - values.min() < 0.01 * values.max()
    split = lixel_masses(net, lixel, position, None, 250.0, "discontinuous") / net.lixel_length
    assert split[near].max() > 1.5 * split[near].min()  # the split kernel jumps there


# --------------------------------------------------------------------------- brute force


def brute_force_masses(net, lixel, position, bandwidth, method, kernel="quartic", samples=400):
    """Density sampled at ``samples`` midpoints per lixel, integrated: walks by recursion
    (continuous, discontinuous) or the shortest distance by a full Dijkstra (simple)."""
    mass = np.zeros(net.n_lixels)
    u = (np.arange(samples) + 0.5) / samples
    degree = net.node_degree()
    at_node = {}
    for k in range(net.n_lixels):
        at_node.setdefault(int(net.lixel_from[k]), []).append(k)
        at_node.setdefault(int(net.lixel_to[k]), []).append(k)

    def along(k, start_node, d0, m):
        s = u * net.lixel_length[k]
        mass[k] += m * kernel_value(d0 + s, kernel, bandwidth).mean() * net.lixel_length[k]

    def walk(node, came, d, m):
        n = degree[node]
        for k in at_node[node]:
            back = k == came
            if method == "continuous":
                f = 2.0 / n - 1.0 if back else 2.0 / n
            else:
                f = 0.0 if back or n == 1 else 1.0 / (n - 1)
            if f == 0:
                continue
            along(k, node, d, m * f)
            other = int(net.lixel_to[k] if net.lixel_from[k] == node else net.lixel_from[k])
            if d + net.lixel_length[k] < bandwidth:
                walk(other, k, d + net.lixel_length[k], m * f)

    for l, p in zip(lixel, position):
        if method == "simple":
            dist = dijkstra(net.graph, directed=False, indices=[net.lixel_from[l], net.lixel_to[l]])
            to_node = np.minimum(p + dist[0], net.lixel_length[l] - p + dist[1])
            for k in range(net.n_lixels):
                s = u * net.lixel_length[k]
                d = np.minimum(to_node[net.lixel_from[k]] + s, to_node[net.lixel_to[k]] + net.lixel_length[k] - s)
                if k == l:
                    d = np.abs(s - p)
                mass[k] += kernel_value(d, kernel, bandwidth).mean() * net.lixel_length[k]
            continue
        s = u * net.lixel_length[l]
        mass[l] += kernel_value(s - p, kernel, bandwidth).mean() * net.lixel_length[l]
        if p < bandwidth:
            walk(int(net.lixel_from[l]), l, p, 1.0)
        if net.lixel_length[l] - p < bandwidth:
            walk(int(net.lixel_to[l]), l, net.lixel_length[l] - p, 1.0)
    return mass


@pytest.mark.parametrize("method", ["simple", "discontinuous", "continuous"])
@pytest.mark.parametrize("kernel", ["quartic", "triangle"])
def test_lixel_values_equal_a_brute_force_computation(method, kernel):
    rng = np.random.default_rng(7)
    net = build_network(grid_block_lines(3, 100.0) + [line((300, 150), (420, 150))],
                        lixel_length=30.0, node_crossings=True)
    lixel, position = on(net, rng.uniform(-10, 320, 6), rng.uniform(-10, 310, 6))
    weight = rng.uniform(0.5, 2.0, 6)
    ours = lixel_masses(net, lixel, position, weight, 170.0, method=method, kernel=kernel)
    truth = sum(w * brute_force_masses(net, lixel[i:i + 1], position[i:i + 1], 170.0, method, kernel)
                for i, w in enumerate(weight))
    np.testing.assert_allclose(ours, truth, atol=2e-5 * weight.sum())
    assert (truth > 1e-3).sum() > 20


def test_the_simple_kernel_multiplies_mass_at_junctions():
    lines, _ = NETWORKS["t_junction"]
    net = build_network(lines, lixel_length=10.0)
    lixel, position = on(net, 330.0, 0.0)
    passed = 0.5 - float(kernel_integral(np.array([70.0]), "quartic", 250.0)[0])
    assert lixel_masses(net, lixel, position, None, 250.0, "simple").sum() == pytest.approx(1 + passed, abs=1e-9)


def test_units_events_per_km_per_year_and_expected_events():
    net = build_network([line((0, 0), (1000, 0))], lixel_length=100.0)
    lixel, position = on(net, [500.0, 500.0], [0.0, 0.0])
    expected = network_kde(net, lixel, position, None, 200.0, units="expected")
    assert expected.values.sum() == pytest.approx(2.0)
    per_km = network_kde(net, lixel, position, None, 200.0, units="per_km_year", period_days=365.25 / 2)
    np.testing.assert_allclose(per_km.values, expected.values / 0.1 * 2)
    assert per_km.parameters["bandwidth_m"] == 200.0
    with pytest.raises(ValueError, match="period"):
        network_kde(net, lixel, position, None, 200.0, units="per_km_year")
    with pytest.raises(ValueError, match="bandwidth"):
        network_kde(net, lixel, position, None, -1.0, units="expected")


@pytest.mark.parametrize("method", ["simple", "continuous"])
def test_a_cancel_from_the_progress_callback_stops_the_density(method):
    from crimerisk.algorithms.progress import Cancelled

    net = build_network(grid_block_lines(4, 100.0), lixel_length=10.0, node_crossings=True)
    lixel, position = on(net, np.linspace(0, 400, 50), np.full(50, 200.0))
    seen = []

    def progress(fraction):
        seen.append(fraction)
        return False

    with pytest.raises(Cancelled):
        lixel_masses(net, lixel, position, None, 150.0, method=method, progress=progress)
    assert len(seen) == 1
    with pytest.raises(Cancelled):
        snap_events(net, [1.0], [2.0], progress=progress)


def test_blocks_with_too_many_paths_are_split_and_give_the_same_density(monkeypatch):
    from crimerisk.algorithms import network_kde as module

    net = build_network(grid_block_lines(4, 100.0), lixel_length=10.0, node_crossings=True)
    lixel, position = on(net, np.linspace(0, 400, 40), np.full(40, 200.0))
    whole = lixel_masses(net, lixel, position, None, 260.0, method="continuous")
    monkeypatch.setattr(module, "MAX_WALKERS", 300)
    split = lixel_masses(net, lixel, position, None, 260.0, method="continuous")
    np.testing.assert_allclose(split, whole, rtol=1e-12, atol=1e-15)
    monkeypatch.setattr(module, "MAX_WALKERS", 3)
    with pytest.raises(ValueError, match="paths from one event"):
        lixel_masses(net, lixel, position, None, 260.0, method="continuous")
