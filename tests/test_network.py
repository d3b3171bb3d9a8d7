"""Street network building, snapping and network distances against truth."""

from __future__ import annotations

import numpy as np
import pytest

from crimerisk.algorithms.network import build_network, component_of_lixels
from crimerisk.algorithms.network_paths import FAR, point_distances
from crimerisk.algorithms.network_snap import snap_events


def line(*points):
    return np.array(points, dtype=np.float64)


def polyline_length(xy):
    return float(np.hypot(*np.diff(xy, axis=0).T).sum())


# --------------------------------------------------------------------------- building


def test_lixels_cover_each_street_in_equal_pieces_no_longer_than_asked():
    net = build_network([line((0, 0), (30, 40), (130, 40))], lixel_length=25.0)  # 50 + 100 m, one segment
    assert net.n_chains == 1
    assert net.n_lixels == 6
    np.testing.assert_allclose(net.lixel_length, 25.0)
    for k in range(net.n_lixels):  # the geometry follows the bend and has the lixel's length
        assert polyline_length(net.lixel_geometry(k)) == pytest.approx(25.0)
    np.testing.assert_allclose(net.lixel_geometry(1)[[0, -1]], [[15, 20], [30, 40]], atol=1e-9)
    np.testing.assert_allclose(net.lixel_geometry(2), [[30, 40], [55, 40]], atol=1e-9)


def test_lines_meet_at_shared_end_points_and_interior_vertices_but_not_at_bare_crossings():
    t_junction = build_network([line((0, 0), (100, 0), (200, 0)), line((100, 0), (100, 80))])
    assert t_junction.report["components"] == 1
    assert t_junction.report["junctions"] == 4  # three dead ends and the T
    crossing = [line((0, 0), (200, 0)), line((100, -100), (100, 100))]
    apart = build_network(crossing)
    assert apart.report["components"] == 2  # a bridge over a road
    noded = build_network(crossing, node_crossings=True)
    assert noded.report["components"] == 1
    assert noded.report["crossings_noded"] == 1
    assert int((noded.node_degree() == 4).sum()) == 1
    assert noded.total_length == pytest.approx(400.0)


def test_end_points_closer_than_the_tolerance_meet():
    lines = [line((0, 0), (100, 0)), line((100.3, 0.2), (100.3, 90))]
    assert build_network(lines, tolerance=0.01).report["components"] == 2
    assert build_network(lines, tolerance=0.5).report["components"] == 1


def test_self_loops_duplicates_and_unusable_lines_are_removed_and_counted():
    lines = [
        line((0, 0), (100, 0)),
        line((100, 0), (0, 0)),  # the same street drawn again, backwards
        line((0, 0), (0, 0.001), (0, 50)),  # a vertex within the tolerance of the first: a zero-length piece
        line((5, 5)),  # a single point
        line((7, 7), (7, 7)),  # a line of zero length
        line((np.nan, 1), (3, 3)),  # one finite point left
    ]
    net = build_network(lines, tolerance=0.01)
    assert net.report["duplicate_pieces_removed"] == 1
    assert net.report["zero_length_pieces_removed"] == 1
    assert net.report["lines_unusable"] == 3
    assert net.total_length == pytest.approx(150.0, abs=0.01)


def test_parts_of_a_multi_part_line_are_streets_of_their_own():
    parts = [line((0, 0), (100, 0)), line((300, 0), (400, 0))]  # one feature, two parts
    net = build_network(parts)
    assert net.report["components"] == 2
    assert net.total_length == pytest.approx(200.0)


def test_disconnected_parts_and_slivers_are_reported():
    lines = [line((0, 0), (1000, 0)), line((0, 500), (20, 500)), line((0, 800), (30, 800))]
    net = build_network(lines, sliver_length=50.0)
    assert net.report["components"] == 3
    assert net.report["sliver_components"] == 2
    assert net.report["sliver_length_m"] == pytest.approx(50.0)
    assert net.report["largest_component_share"] == pytest.approx(1000 / 1050)
    assert set(component_of_lixels(net)[net.lixel_chain == 0]) == {0}


def test_a_closed_ring_gets_a_junction_and_no_loop_lixel():
    ring = build_network([line((0, 0), (10, 0), (10, 10), (0, 10), (0, 0))], lixel_length=100.0)
    assert ring.n_lixels == 2
    assert (ring.lixel_from != ring.lixel_to).all()
    assert ring.total_length == pytest.approx(40.0)


# --------------------------------------------------------------------------- snapping


def street_grid_lines(n=3, size=100.0):
    return ([line((0, i * size), (n * size, i * size)) for i in range(n + 1)]
            + [line((i * size, 0), (i * size, n * size)) for i in range(n + 1)])


def test_events_on_both_sides_of_a_street_snap_to_the_same_point():
    net = build_network([line((0, 0), (200, 0))])
    snapped = snap_events(net, [60, 60], [4, -4])
    assert snapped.lixel[0] == snapped.lixel[1]
    np.testing.assert_allclose(snapped.position, snapped.position[0])
    np.testing.assert_allclose(np.column_stack([snapped.x, snapped.y]), [[60, 0], [60, 0]])
    np.testing.assert_allclose(snapped.distance, [4, 4])


def test_an_event_on_a_junction_snaps_onto_the_junction():
    net = build_network(street_grid_lines(), node_crossings=True)
    snapped = snap_events(net, [100.0, 101.0], [100.0, 99.5])
    for k in range(2):
        np.testing.assert_allclose([snapped.x[k], snapped.y[k]], [100, 100] if k == 0 else [101, 100], atol=1e-9)
    end = np.where(snapped.position[0] == 0, net.lixel_from, net.lixel_to)[snapped.lixel[0]]
    np.testing.assert_allclose(net.node_xy[end], [100, 100])
    assert snapped.distance[0] == 0


def test_events_beyond_the_maximum_distance_are_dropped_and_counted():
    net = build_network([line((0, 0), (200, 0))])
    snapped = snap_events(net, [50, 50, 50, np.nan], [49, 51, -80, 0], max_distance=50.0)
    assert list(snapped.lixel >= 0) == [True, False, False, False]
    assert snapped.dropped == 3
    with pytest.raises(ValueError, match="snapping distance"):
        snap_events(net, [0], [0], max_distance=0)


def test_snapping_finds_the_nearest_street_exactly_on_random_networks():
    rng = np.random.default_rng(3)
    for trial in range(5):
        lines = [line(*rng.uniform(0, 1000, (rng.integers(2, 5), 2))) for _ in range(30)]
        net = build_network(lines, node_crossings=bool(trial % 2))
        px, py = rng.uniform(-100, 1100, 400), rng.uniform(-100, 1100, 400)
        snapped = snap_events(net, px, py, max_distance=80.0)
        # brute force: every straight piece of every street segment
        a = np.vstack([net.chain_xy[lo:hi - 1] for lo, hi in zip(net.chain_ptr[:-1], net.chain_ptr[1:])])
        b = np.vstack([net.chain_xy[lo + 1:hi] for lo, hi in zip(net.chain_ptr[:-1], net.chain_ptr[1:])])
        d = b - a
        t = np.clip(((px[:, None] - a[:, 0]) * d[:, 0] + (py[:, None] - a[:, 1]) * d[:, 1])
                    / np.maximum((d ** 2).sum(axis=1), 1e-12), 0, 1)
        truth = np.hypot(px[:, None] - a[:, 0] - t * d[:, 0], py[:, None] - a[:, 1] - t * d[:, 1]).min(axis=1)
        kept = truth <= 80.0
        assert np.array_equal(snapped.lixel >= 0, kept)
        np.testing.assert_allclose(snapped.distance[kept], truth[kept], atol=1e-9)
        # the snapped point lies on the lixel at the reported position
        where = net.points_along(net.lixel_chain[snapped.lixel[kept]],
                                 net.lixel_start[snapped.lixel[kept]] + snapped.position[kept])
        np.testing.assert_allclose(where, np.column_stack([snapped.x, snapped.y])[kept], atol=1e-6)


# --------------------------------------------------------------------------- distances


def brute_force_distances(net, lixel, position):
    """All-pairs shortest paths (Floyd-Warshall) on the graph with the points inserted as nodes."""
    n_points = lixel.size
    nodes = net.n_nodes + n_points
    weight = np.full((nodes, nodes), np.inf)
    np.fill_diagonal(weight, 0.0)
    for k in range(net.n_lixels):
        on = np.flatnonzero(lixel == k)
        on = on[np.argsort(position[on], kind="stable")]
        chain = [net.lixel_from[k]] + [net.n_nodes + i for i in on] + [net.lixel_to[k]]
        at = np.concatenate([[0.0], position[on], [net.lixel_length[k]]])
        for u, v, step in zip(chain[:-1], chain[1:], np.diff(at)):
            weight[u, v] = weight[v, u] = min(weight[u, v], step)
    for k in range(nodes):
        weight = np.minimum(weight, weight[:, k:k + 1] + weight[k:k + 1, :])
    return weight[net.n_nodes:, net.n_nodes:]


@pytest.mark.parametrize("seed", range(4))
def test_network_distances_equal_brute_force_all_pairs_shortest_paths(seed):
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 600, (25, 2))
    edges = {tuple(sorted(rng.choice(25, 2, replace=False))) for _ in range(45)}
    net = build_network([line(points[i], points[j]) for i, j in edges], lixel_length=40.0, node_crossings=seed % 2 == 1)
    snapped = snap_events(net, *rng.uniform(0, 600, (2, 40)), max_distance=1e6)
    limit = 350.0
    ours = point_distances(net, snapped.lixel, snapped.position, limit)
    truth = brute_force_distances(net, snapped.lixel, snapped.position)
    truth = np.where(truth <= limit, truth, FAR)
    np.testing.assert_allclose(ours, truth, rtol=1e-9, atol=1e-6)
    assert np.isfinite(truth[truth < FAR]).all() and (truth < FAR).sum() > 40  # the test has pairs within reach


def test_lixel_polylines_follow_the_streets_from_start_node_to_end_node():
    rng = np.random.default_rng(11)
    curvy = [np.cumsum(rng.uniform(-20, 40, (rng.integers(3, 12), 2)), axis=0) + rng.uniform(0, 300, 2)
             for _ in range(25)]
    net = build_network(curvy, lixel_length=17.0, node_crossings=True)
    shapes = net.lixel_polylines()
    assert len(shapes) == net.n_lixels
    for k, shape in enumerate(shapes):
        assert polyline_length(shape) == pytest.approx(net.lixel_length[k], rel=1e-9, abs=1e-9)
        np.testing.assert_allclose(shape[0], net.node_xy[net.lixel_from[k]], atol=1e-6)
        np.testing.assert_allclose(shape[-1], net.node_xy[net.lixel_to[k]], atol=1e-6)
    some = np.array([5, 2, 9])
    for got, k in zip(net.lixel_polylines(some), some):
        np.testing.assert_allclose(got, shapes[k])
