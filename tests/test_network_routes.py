"""Patrol routes against truth: connected routes whose best shape is known, the budget, balanced and
compact units, determinism (algorithms/network_routes.py, algorithms/route_units.py)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from crimerisk.algorithms.network import build_network
from crimerisk.algorithms.network_routes import plan_patrol_routes
from crimerisk.algorithms.network_simulate import street_grid
from crimerisk.algorithms.route_units import balanced_groups, length_ratio


def line(*points):
    return np.array(points, dtype=np.float64)


def street(length=1000.0):
    return build_network([line((0, 0), (length, 0))], lixel_length=10.0)


def on(x, lo, hi):
    return (x > lo) & (x < hi)


def pieces(net, lixels):
    """Connected pieces among ``lixels`` (lixels sharing a node are one piece)."""
    link = sparse.coo_matrix((np.ones(lixels.size), (net.lixel_from[lixels], net.lixel_to[lixels])),
                             shape=(net.n_nodes, net.n_nodes))
    _, label = connected_components(link, directed=False)
    return np.unique(label[net.lixel_from[lixels]]).size


def assert_routes_connected(net, plan):
    for r in plan.routes:
        assert pieces(net, np.flatnonzero(plan.route == r["rank"])) == 1, f"route {r['rank']} is in pieces"


def test_two_hot_streets_joined_by_a_short_cold_link_make_one_route():
    net = street()
    x = net.lixel_midpoints()[:, 0]
    risk = np.where(on(x, 100, 300) | on(x, 340, 540), 5.0, np.where(on(x, 300, 340), 0.0, 0.01))
    plan = plan_patrol_routes(net, risk, 0.44, "km", max_gap=100.0)
    # The best connected 440 m: both hot stretches and the 40 m link, nothing else.
    assert len(plan.routes) == 1
    assert set(x[plan.route == 1]) == set(x[on(x, 100, 540)])
    assert plan.routes[0]["total_risk"] == pytest.approx(2000.0)
    assert plan.parameters["connectivity_price"] == pytest.approx(0.0, abs=1e-3)  # only 40 m of 0.01 given up


def test_hot_streets_farther_apart_than_the_gap_stay_two_routes():
    net = street()
    x = net.lixel_midpoints()[:, 0]
    risk = np.where(on(x, 100, 300) | on(x, 700, 900), 5.0, 0.0)
    plan = plan_patrol_routes(net, risk, 0.4, "km", max_gap=300.0)
    assert len(plan.routes) == 2
    assert [set(x[plan.route == r]) for r in (1, 2)] == [set(x[on(x, 100, 300)]), set(x[on(x, 700, 900)])]


def test_a_weak_fragment_is_not_bridged_but_dropped_and_its_length_refills_a_route():
    net = street()
    x = net.lixel_midpoints()[:, 0]
    # a hot 200 m stretch; 150 m away a 20 m fragment barely above the marginal street
    risk = np.where(on(x, 100, 300), 5.0, 0.01) + np.where(on(x, 450, 470), 0.002, 0.0)
    risk[on(x, 300, 450)] = 0.0
    plan = plan_patrol_routes(net, risk, 0.23, "km", max_gap=200.0, min_route_length=50.0)
    # bridging 150 m of nothing would cost 1.5 of marginal risk for a fragment worth 0.04 more than marginal
    assert len(plan.routes) == 1 and plan.routes[0]["length_m"] == pytest.approx(230.0)
    assert not on(x[plan.route > 0], 300, 1000).any()  # grown on the other side, away from the gap
    strong = plan_patrol_routes(net, np.where(on(x, 450, 470), 50.0, risk), 0.38, "km", max_gap=200.0,
                                min_route_length=50.0)
    assert len(strong.routes) == 1 and set(x[on(x, 100, 470)]) <= set(x[strong.route > 0])  # a hot one is


def test_the_bridge_takes_the_shortest_link_between_two_hot_streets_of_a_block():
    # two parallel hot streets 300 m long, 60 m apart, cross streets at x = 0, 150 and 300; 60 m of budget
    # beyond the hot streets
    lines = [line((0, 0), (300, 0)), line((0, 60), (300, 60)), line((0, 0), (0, 60)), line((150, 0), (150, 60)),
             line((300, 0), (300, 60))]
    net = build_network(lines, lixel_length=10.0)
    mid = net.lixel_midpoints()
    hot = (mid[:, 1] == 0) | (mid[:, 1] == 60)
    plan = plan_patrol_routes(net, np.where(hot, 1.0, 0.0), 0.66, "km", max_gap=100.0)
    assert len(plan.routes) == 1 and plan.routes[0]["length_m"] == pytest.approx(660.0)
    link = ~hot & (plan.route > 0)
    assert net.lixel_length[link].sum() == pytest.approx(60.0)  # one cross street, the rest kept hot
    assert np.ptp(mid[link, 0]) == 0
    assert_routes_connected(net, plan)


def bumps(net, seed, count=6, reach=150.0, extent=1000.0):
    """A smooth risk like a kernel density: ``count`` bumps at random places, 0 beyond 3 reaches."""
    rng = np.random.default_rng(seed)
    mid = net.lixel_midpoints()
    centres = rng.uniform(0, extent, (count, 2))
    d = np.min(np.hypot(*(mid[:, None, :] - centres[None]).transpose(2, 0, 1)), axis=1)
    return np.where(d < 3 * reach, np.exp(-d / reach), 0.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("max_gap, min_length", [(0.0, 0.0), (300.0, 200.0), (800.0, 400.0)])
def test_the_budget_is_spent_never_exceeded_and_every_route_is_connected(seed, max_gap, min_length):
    net = street_grid(10, 100.0, seed=seed)
    plan = plan_patrol_routes(net, bumps(net, seed), 8.0, "percent", units=3, max_gap=max_gap,
                              min_route_length=min_length)
    budget = 0.08 * net.total_length
    assert budget - net.lixel_length.max() <= plan.parameters["length_taken_m"] <= budget + 1e-6
    assert_routes_connected(net, plan)
    assert plan.parameters["risk_captured"] <= plan.parameters["top_lixels_risk"] * (1 + 1e-9)
    assert [u["length_m"] for u in plan.units] == pytest.approx(
        [sum(r["length_m"] for r in plan.routes if r["unit"] == u) for u in (1, 2, 3)])


@pytest.mark.parametrize("seed", [0, 1])
def test_on_risk_without_street_structure_routes_keep_their_minimum_length_within_the_budget(seed):
    net = street_grid(10, 100.0, seed=seed)
    rng = np.random.default_rng(seed)
    risk = rng.gamma(0.3, 1.0, net.n_lixels) * (rng.random(net.n_lixels) < 0.3)  # white noise, mostly 0
    plan = plan_patrol_routes(net, risk, 8.0, "percent", max_gap=300.0, min_route_length=200.0)
    assert plan.parameters["length_taken_m"] <= 0.08 * net.total_length + 1e-6
    assert min(r["length_m"] for r in plan.routes) >= 200.0
    assert_routes_connected(net, plan)


@pytest.mark.parametrize("units", [2, 3, 4])
def test_units_share_the_street_length_within_the_tolerance_on_a_grid_town(units):
    net = street_grid(12, 100.0, seed=4)
    rng = np.random.default_rng(units)
    mid = net.lixel_midpoints()
    hot = rng.uniform(0, 1200, (6, 2))
    risk = np.exp(-np.min(np.hypot(*(mid[:, None, :] - hot[None]).transpose(2, 0, 1)), axis=1) / 150.0)
    plan = plan_patrol_routes(net, risk, 10.0, "percent", units=units, max_gap=400.0, min_route_length=200.0,
                              tolerance=0.1)
    loads = np.array([u["length_m"] for u in plan.units])
    # stated tolerance: each unit within 10% of the fair share, so the longest at most 1.1 / 0.9 of the shortest
    assert length_ratio(loads) <= 1.1 / 0.9 + 1e-9
    assert plan.parameters["unit_length_ratio"] == pytest.approx(length_ratio(loads))
    assert_routes_connected(net, plan)


def test_one_long_route_is_cut_into_connected_parts_for_the_units():
    net = street(1200.0)
    plan = plan_patrol_routes(net, np.ones(net.n_lixels), 0.9, "km", units=3)
    assert len(plan.routes) == 3 and sorted(r["unit"] for r in plan.routes) == [1, 2, 3]
    assert [r["length_m"] for r in plan.routes] == pytest.approx([300.0] * 3)
    assert plan.parameters["routes_before_cuts"] == 1
    assert_routes_connected(net, plan)


def test_units_are_compact_on_two_planted_clusters():
    # a 16 x 16 grid town; hot streets in two opposite corners, several separate pieces in each
    net = street_grid(16, 100.0, seed=1, missing_share=0.0)
    mid = net.lixel_midpoints()
    rng = np.random.default_rng(7)
    corner = np.where(mid[:, 0] + mid[:, 1] < 1600, 0, 1)
    # the second corner mirrors the first (a half-turn about the centre): the same street length in each
    near = np.hypot(mid[:, 0] - 300, mid[:, 1] - 300) < 350
    risk = np.where(near & (rng.random(net.n_lixels) < 0.25), rng.uniform(1, 2, net.n_lixels), 0.0)
    mirror = {tuple(np.round(p, 3)): i for i, p in enumerate(mid)}
    twin = np.array([mirror[tuple(np.round(1600 - p, 3))] for p in mid])
    risk = np.where(corner == 0, risk, risk[twin])
    plan = plan_patrol_routes(net, risk, 10.0, "percent", units=2)  # more than every hot street
    assert len(plan.routes) >= 6
    unit_of_corner = {}
    for r in plan.routes:
        where = set(corner[plan.route == r["rank"]])
        assert len(where) == 1
        unit_of_corner.setdefault(where.pop(), set()).add(r["unit"])
    assert unit_of_corner == {0: {unit_of_corner[0].copy().pop()}, 1: {3 - unit_of_corner[0].copy().pop()}}
    # every route's centre is nearer the other routes of its unit than those of the other unit
    centres = {r["rank"]: mid[plan.route == r["rank"]].mean(axis=0) for r in plan.routes}
    for r in plan.routes:
        same = [np.hypot(*(centres[r["rank"]] - centres[o["rank"]])) for o in plan.routes
                if o["unit"] == r["unit"] and o is not r]
        other = [np.hypot(*(centres[r["rank"]] - centres[o["rank"]])) for o in plan.routes if o["unit"] != r["unit"]]
        assert max(same) < min(other)


def test_the_old_longest_first_rule_would_mix_the_two_clusters():
    """The planted case's truth is not trivial: assigning by length alone puts both corners in each unit."""
    points = np.array([[0, 0], [10, 0], [0, 10], [1000, 1000], [1010, 1000], [1000, 1010]], dtype=float)
    weights = np.array([6.0, 4.0, 2.0, 5.0, 4.0, 3.0])
    group = balanced_groups(points, weights, 2)
    assert len(set(group[:3])) == 1 and len(set(group[3:])) == 1 and group[0] != group[3]
    from crimerisk.algorithms.patrol import assign_units
    lpt = np.array(assign_units(weights.tolist(), 2))
    assert len(set(lpt[:3])) == 2


def test_routes_are_ranked_and_numbered_within_their_unit():
    net = street_grid(10, 100.0, seed=3)
    risk = np.random.default_rng(5).gamma(0.3, 1.0, net.n_lixels)
    plan = plan_patrol_routes(net, risk, 10.0, "percent", units=3, max_gap=300.0, min_route_length=200.0)
    totals = [r["total_risk"] for r in plan.routes]
    assert totals == sorted(totals, reverse=True)
    assert [r["rank"] for r in plan.routes] == list(range(1, len(totals) + 1))
    for u in (1, 2, 3):
        assert [r["unit_rank"] for r in plan.routes if r["unit"] == u] == list(
            range(1, sum(r["unit"] == u for r in plan.routes) + 1))
    shares = sum(r["share_of_risk"] for r in plan.routes)
    assert shares == pytest.approx(plan.parameters["risk_share"])
    captured = plan.parameters["risk_captured"]
    assert plan.parameters["risk_share"] == pytest.approx(captured / (risk * net.lixel_length).sum())


def test_the_same_input_gives_the_same_routes():
    net = street_grid(10, 100.0, seed=6)
    risk = np.random.default_rng(1).gamma(0.3, 1.0, net.n_lixels)
    first = plan_patrol_routes(net, risk, 10.0, "percent", units=3, max_gap=500.0, min_route_length=300.0)
    again = plan_patrol_routes(net, risk.copy(), 10.0, "percent", units=3, max_gap=500.0, min_route_length=300.0)
    np.testing.assert_array_equal(first.route, again.route)
    assert first.routes == again.routes and first.units == again.units


def test_units_left_without_a_route_are_reported():
    net = build_network([line((0, 0), (20, 0))], lixel_length=25.0)  # one lixel: nothing to cut
    plan = plan_patrol_routes(net, np.ones(net.n_lixels), 100.0, units=3)
    assert [u["routes"] for u in plan.units] == [1, 0, 0]
    assert plan.parameters["unit_length_ratio"] == np.inf


def test_bad_settings_are_refused():
    net = street()
    with pytest.raises(ValueError, match="units"):
        plan_patrol_routes(net, np.ones(net.n_lixels), 10.0, units=0)
    with pytest.raises(ValueError, match="tolerance"):
        plan_patrol_routes(net, np.ones(net.n_lixels), 10.0, tolerance=1.5)
    with pytest.raises(ValueError, match="above 0"):
        plan_patrol_routes(net, np.zeros(net.n_lixels), 10.0)
