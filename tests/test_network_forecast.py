"""Network forecasts, scoring by network length and patrol routes against truth."""

from __future__ import annotations

import math

import numpy as np
import pytest

from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.network import build_network
from crimerisk.algorithms.network_forecast import (choose_bandwidths, network_decayed_counts,
                                                   network_near_repeat)
from crimerisk.algorithms.network_routes import budget_in_metres, plan_patrol_routes
from crimerisk.algorithms.network_score import compare_hit_rates, lixel_values_from_grid, network_scores
from crimerisk.algorithms.network_simulate import simulate_on_streets, street_grid


def line(*points):
    return np.array(points, dtype=np.float64)


# --------------------------------------------------------------------------- scoring


def test_hit_rate_and_pai_by_share_of_network_length():
    rows = network_scores(np.array([4.0, 3.0, 2.0, 1.0]), np.full(4, 10.0), np.array([0, 0, 1, 3, -1]), (0.25, 0.5))
    assert rows[0]["hit_rate"] == pytest.approx(0.5) and rows[0]["pai"] == pytest.approx(2.0)
    assert rows[1]["hit_rate"] == pytest.approx(0.75) and rows[1]["pai"] == pytest.approx(1.5)
    assert rows[0]["events"] == 4


def test_ties_at_the_cut_count_by_the_expected_hits_of_a_draw_weighted_by_length():
    # lixels 0 and 1 tied (lengths 10 and 30), 3 events on lixel 1; a quarter of 80 m = 20 m of the 40 m group
    rows = network_scores(np.array([1.0, 1.0, 0.0, np.nan]), np.array([10.0, 30.0, 20.0, 20.0]),
                          np.array([1, 1, 1, 2]), (0.25,))
    assert rows[0]["hits"] == pytest.approx(3 * 20 / 40)


def test_a_grid_forecast_is_read_on_the_streets_through_the_cell_of_each_midpoint():
    net = build_network([line((0, 50), (200, 50))], lixel_length=50.0)
    grid = Grid(0.0, 100.0, 100.0, 1, 2)
    values = lixel_values_from_grid(net, grid, np.array([[5.0, 7.0]]))
    np.testing.assert_allclose(values, [5, 5, 7, 7])


# --------------------------------------------------------------------------- forecasts


def test_the_prospective_hotspot_weighs_network_distance_and_weeks_as_bowers():
    net = build_network([line((0, 0), (1000, 0)), line((500, 0), (500, 10)), line((500, 10), (0, 10))],
                        lixel_length=20.0)
    # one event at x=100 on the first street, a week before as_of
    lixel = np.array([int(np.flatnonzero((net.lixel_midpoints()[:, 0] > 100) & (net.lixel_midpoints()[:, 0] < 120)
                                         & (net.lixel_midpoints()[:, 1] == 0))[0])])
    position = np.array([0.0]) if net.lixel_from[lixel[0]] != net.lixel_to[lixel[0]] else None
    start_x = net.node_xy[net.lixel_from[lixel[0]], 0]
    position = np.array([abs(100.0 - start_x)])
    risk = network_near_repeat(net, lixel, position, np.array([0.0]), None, 7.0, 300.0, 30.0, space_unit=20.0)
    mid = net.lixel_midpoints()
    raw = risk.values * risk.network.lixel_length  # back to the score per lixel, up to the mean
    on_first = (mid[:, 1] == 0)
    d = np.abs(mid[:, 0] - 100.0)
    truth = np.where(on_first & (d <= 300), 1 / (1 + d / 20.0) / (1 + 7 / 7), 0.0)
    # the parallel street 10 m away is 800 m away along the streets: no risk there
    scale = raw[on_first][0] / truth[on_first][0]
    np.testing.assert_allclose(raw, truth * scale, rtol=1e-9, atol=1e-12)
    assert np.sum(risk.values * net.lixel_length) / net.total_length == pytest.approx(1.0)
    assert risk.parameters["triggering_events"] == 1
    late = network_near_repeat(net, lixel, position, np.array([0.0]), None, 31.0, 300.0, 30.0)
    assert late.parameters["triggering_events"] == 0 and not late.values.any()


def test_decayed_counts_share_each_street_segment_by_length():
    net = build_network([line((0, 0), (100, 0)), line((100, 0), (400, 0)), line((100, 0), (100, 50))],
                        lixel_length=50.0)
    chain_of = net.lixel_chain
    long_chain = int(np.argmax(net.chain_length))
    lixel = np.array([np.flatnonzero(chain_of == long_chain)[0]] * 2)
    t = np.array([0.0, 100.0])
    risk = network_decayed_counts(net, lixel, t, None, as_of=100.0 + 1e-9, horizon=10.0, half_life=100.0)
    decay = math.log(2) / 100.0
    exposure = -math.expm1(-decay * 100.0) / decay
    total = (2 ** -1 + 1) / exposure * 10.0
    on = chain_of == long_chain
    assert risk.values[on].sum() == pytest.approx(total, rel=1e-6)
    np.testing.assert_allclose(risk.values[on], risk.values[on][0])
    assert not risk.values[~on].any()


def test_internal_validation_keeps_the_bandwidths_that_scored_best_before_as_of():
    net = street_grid(6, 150.0, seed=2)
    events = simulate_on_streets(net, days=160, background_per_day=0.5, branching=0.9, reach=60.0,
                                 lag_days=2.0, seed=4)
    space, time, table = choose_bandwidths(net, events["lixel"], events["position"], events["t"], None, 120.0,
                                           7.0, (60.0, 600.0), (7.0, 120.0), periods=6)
    assert [(r["space_bandwidth_m"], r["time_bandwidth_days"]) for r in table] == [
        (60.0, 7.0), (60.0, 120.0), (600.0, 7.0), (600.0, 120.0)]
    best = max(r["mean_hit_rate"] for r in table)
    assert best > 0
    assert (space, time) == next((r["space_bandwidth_m"], r["time_bandwidth_days"]) for r in table
                                 if r["mean_hit_rate"] == best)
    # events after as_of do not change the choice
    later = events["t"] >= 120.0
    again = choose_bandwidths(net, np.where(later, -1, events["lixel"]), events["position"], events["t"], None,
                              120.0, 7.0, (60.0, 600.0), (7.0, 120.0), periods=6)
    assert again[:2] == (space, time)


# --------------------------------------------------------------------------- routes


def straight_street(length=1000.0):
    return build_network([line((0, 0), (length, 0))], lixel_length=10.0)


def test_routes_take_the_riskiest_streets_within_the_budget_and_rank_them():
    net = straight_street()
    mid = net.lixel_midpoints()[:, 0]
    risk = np.where((mid > 100) & (mid < 200), 5.0, 0.1) + np.where((mid > 600) & (mid < 650), 9.0, 0.0)
    plan = plan_patrol_routes(net, risk, 15.0, "percent")
    assert plan.parameters["length_taken_m"] == pytest.approx(150.0)
    assert [r["length_m"] for r in plan.routes] == [pytest.approx(100.0), pytest.approx(50.0)]
    assert plan.routes[0]["total_risk"] == pytest.approx(500.0)
    assert set(mid[plan.route == 2]) == set(mid[(mid > 600) & (mid < 650)])


def test_short_gaps_are_bridged_and_short_routes_give_their_length_back():
    net = straight_street()
    mid = net.lixel_midpoints()[:, 0]
    risk = np.where((mid > 100) & (mid < 200), 5.0, 0.0) + np.where((mid > 220) & (mid < 300), 4.0, 0.0)
    risk += np.where((mid > 800) & (mid < 820), 6.0, 0.0) + 0.01
    bridged = plan_patrol_routes(net, risk, 0.22, "km", max_gap=30.0, min_route_length=50.0)
    assert len(bridged.routes) == 1  # the 20 m stretch dropped, the 20 m gap filled
    assert bridged.routes[0]["length_m"] == pytest.approx(220.0)  # the 20 m handed back extend the route
    taken = mid[bridged.route > 0]
    assert ((taken > 200) & (taken < 220)).sum() == 2
    assert not (taken > 700).any()
    unbridged = plan_patrol_routes(net, risk, 0.22, "km")
    assert len(unbridged.routes) == 3


def test_routes_are_balanced_among_units_by_length():
    net = street_grid(6, 100.0, seed=3)
    rng = np.random.default_rng(0)
    plan = plan_patrol_routes(net, rng.gamma(0.3, 1.0, net.n_lixels), 20.0, "percent", units=3)
    loads = np.bincount([r["unit"] for r in plan.routes], weights=[r["length_m"] for r in plan.routes])[1:]
    assert loads.size == 3
    assert loads.max() - loads.min() <= max(r["length_m"] for r in plan.routes) + 1e-9
    with pytest.raises(ValueError, match="at most 100"):
        budget_in_metres(net, 150.0, "percent")


# --------------------------------------------------------------------------- network against grid


def hit_rates_network_and_grid(spread_kwargs, seed, coverage=0.05):
    """Hit rates at ``coverage`` of network length of the network and the grid prospective
    hotspots (same bandwidths: 150 m, 14 days; cells of 150 m), forecasting every 2 days for 2 days."""
    from crimerisk.algorithms.events import EventSet
    from crimerisk.algorithms.nearrepeat import near_repeat_surface

    net = street_grid(6, 400.0, seed=1, block_height=60.0, missing_share=0.0)  # long streets 60 m apart
    events = simulate_on_streets(net, days=240, lag_days=2.0, seed=seed, **spread_kwargs)
    event_set = EventSet.from_arrays(events["x"], events["y"], events["t"])
    grid = Grid(-50.0, -50.0 + 17 * 150.0, 150.0, 17, 17)
    ours, theirs = [], []
    for as_of in np.arange(60.0, 240.0, 2.0):
        scored = events["lixel"][(events["t"] >= as_of) & (events["t"] < as_of + 2.0)]
        network = network_near_repeat(net, events["lixel"], events["position"], events["t"], None, as_of, 150.0, 14.0)
        cells = near_repeat_surface(event_set, grid, as_of, 150.0, 14.0, "bowers")
        on_streets = lixel_values_from_grid(net, grid, cells.values)
        ours.append(network_scores(network.values, net.lixel_length, scored, (coverage,))[0]["hit_rate"])
        theirs.append(network_scores(on_streets, net.lixel_length, scored, (coverage,))[0]["hit_rate"])
    return np.array(ours), np.array(theirs)


def pooled_comparison(spread_kwargs, seeds):
    pairs = [hit_rates_network_and_grid(spread_kwargs, seed) for seed in seeds]
    return compare_hit_rates(np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs]))


def test_with_near_repeats_along_streets_the_network_hotspot_beats_the_grid_at_5_percent():
    # offspring up to 100 m along the street from their parent; parallel streets 60 m apart, so a
    # 150 m cell holds two or three streets of which one is at risk
    verdict = pooled_comparison({"branching": 0.9, "reach": 100.0, "background_per_day": 0.5,
                                 "spread": "network"}, seeds=range(1))
    assert verdict["claim"], verdict
    assert verdict["mean_difference"] > 0.05


def test_without_street_structure_it_does_not_claim_to_beat_the_grid():
    # events uniform along the streets, no near repeats: nothing for either map to find
    verdict = pooled_comparison({"branching": 0.0, "concentration": 0.0, "background_per_day": 5.0},
                                seeds=range(2))
    assert not verdict["claim"], verdict


def simulated_period_hit_rates(rng, replicates, periods, lift):
    """Hit rates of two maps over ``periods`` forecast periods, ``replicates`` times: sparse,
    autocorrelated event counts (a gamma AR(1) rate), each event caught by the grid map with
    probability 0.15 and by the network map with 0.15 + ``lift``, the two catches correlated
    (the maps share their best streets)."""
    rate = np.empty((replicates, periods))
    level = rng.gamma(4.0, 1.0, replicates)
    for k in range(periods):
        level = 0.7 * level + 0.3 * rng.gamma(4.0, 1.0, replicates)
        rate[:, k] = level
    counts = rng.poisson(2.0 * rate)
    both = rng.binomial(counts, 0.12)
    grid_only = rng.binomial(counts - both, 0.03 / 0.88)
    network_extra = rng.binomial(counts - both - grid_only, lift / (1 - 0.15) if lift > 0 else 0.0)
    network = rng.binomial(counts - both - grid_only - network_extra, 0.03 / 0.85 if lift >= 0 else 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        net_rate = (both + network + network_extra) / counts
        grid_rate = (both + grid_only) / counts
    return net_rate, grid_rate


def test_the_claim_that_the_network_map_beats_the_grid_keeps_its_error_rate_and_finds_a_real_lift():
    rng = np.random.default_rng(15)
    net_rate, grid_rate = simulated_period_hit_rates(rng, 1000, 60, lift=0.0)
    claims = np.mean([compare_hit_rates(a, b)["claim"] for a, b in zip(net_rate, grid_rate)])
    assert claims <= 0.075  # nominal 5%, 1000 replicates
    net_rate, grid_rate = simulated_period_hit_rates(rng, 400, 60, lift=0.05)
    power = np.mean([compare_hit_rates(a, b)["claim"] for a, b in zip(net_rate, grid_rate)])
    assert power >= 0.8


def test_the_network_backtest_answers_grid_or_network_on_the_same_streets_and_events():
    from crimerisk.algorithms.events import EventSet
    from crimerisk.algorithms.nearrepeat import near_repeat_surface
    from crimerisk.algorithms.network_backtest import (decayed_counts_method, grid_method_on_network,
                                                       near_repeat_method, network_backtest)

    net = street_grid(6, 400.0, seed=1, block_height=60.0, missing_share=0.0)
    ev = simulate_on_streets(net, days=240, lag_days=2.0, seed=0, branching=0.9, reach=100.0, background_per_day=0.5)
    events = EventSet.from_arrays(ev["x"], ev["y"], ev["t"])
    grid = Grid(-50.0, -50.0 + 17 * 150.0, 150.0, 17, 17)
    methods = {
        "grid near repeat": grid_method_on_network(
            net, grid, lambda e, g, as_of, h: near_repeat_surface(e, g, as_of, 150.0, 14.0, "bowers"), events),
        "network near repeat": near_repeat_method(net, ev["lixel"], ev["position"], ev["t"], None, 150.0, 14.0),
        "street segment counts": decayed_counts_method(net, ev["lixel"], ev["t"], None),
    }
    result = network_backtest(net, ev["lixel"], ev["t"], methods, test_start=60.0, folds=90, horizon=2.0)
    assert len(result.rows) == 3 * 90 * 3
    first = result.rows[0]
    scored = ev["lixel"][(ev["t"] >= 60.0) & (ev["t"] < 62.0)]
    assert first["events"] == scored.size
    # the same scores as the direct comparison of the test above
    ours, theirs = hit_rates_network_and_grid({"branching": 0.9, "reach": 100.0, "background_per_day": 0.5,
                                               "spread": "network"}, 0)
    mean = {(r["method"], r["coverage"]): r["mean_hit_rate"] for r in result.summary}
    assert mean[("network near repeat", 0.05)] == pytest.approx(np.nanmean(ours))
    assert mean[("grid near repeat", 0.05)] == pytest.approx(np.nanmean(theirs))
    verdict = {c["method"]: c for c in result.comparisons}
    assert verdict["network near repeat"]["claim"]
    assert {c["reference"] for c in result.comparisons} == {"grid near repeat"}


def test_one_search_scores_every_pair_of_bandwidths_as_separate_runs_would():
    from crimerisk.algorithms.network_forecast import near_repeat_score_table, near_repeat_scores

    net = street_grid(5, 120.0, seed=6)
    ev = simulate_on_streets(net, days=100, background_per_day=2.0, branching=0.5, seed=6)
    table, counts = near_repeat_score_table(net, ev["lixel"], ev["position"], ev["t"], None, 80.0,
                                            (60.0, 250.0), (5.0, 30.0))
    for (space, time), score in table.items():
        alone, triggers = near_repeat_scores(net, ev["lixel"], ev["position"], ev["t"], None, 80.0, space, time)
        np.testing.assert_allclose(score, alone, rtol=1e-12, atol=1e-15)
        assert counts[time] == triggers == np.count_nonzero((ev["t"] < 80.0) & (ev["t"] >= 80.0 - time))
    assert table[(250.0, 30.0)].sum() > table[(60.0, 5.0)].sum() > 0
