"""The realistic town generator produces what its specification asks for (fixed seeds)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.special import erf
from scipy.stats import chisquare

from crimerisk.algorithms.simulate import LAND_USES, Rhythm, TownCategory, TownSpec, simulate_town, time_windows, town_spec
from crimerisk.algorithms.simulate_streets import StreetNetwork, StreetPlan, _with_addresses, walk_along

NIGHT = Rhythm(((1.0, 2.0, 2.0),), floor=0.2, weekday=(0.6, 0.6, 0.6, 0.8, 1.4, 1.8, 1.2))
DAY = Rhythm(((14.0, 1.5, 1.5),), floor=0.2)
WORKDAY = Rhythm(((12.0, 1.5, 1.5),), floor=0.25, weekday=(1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5))


def _category(**kw) -> TownCategory:
    base = dict(name="violence", rate=12.0, land_use_weights=(1.0, 3.0, 5.0), rhythms=(WORKDAY, DAY, NIGHT),
                hot_sigma=1.3, intersection_share=0.3)
    base.update(kw)
    return TownCategory(**base)


def _spec(categories=None, **kw) -> TownSpec:
    base = dict(categories=categories or (_category(),), width=5_000.0, height=4_000.0, n_days=730.0,
                drift_sd=0.0, yearly_amplitude=0.0, seed=11)
    base.update(kw)
    return TownSpec(**base)


@pytest.fixture(scope="module")
def town():
    return simulate_town(_spec())


def _distance_to_segments(network: StreetNetwork, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest street segment (brute force, in chunks)."""
    ax, ay = network.node_x[network.edge_a], network.node_y[network.edge_a]
    bx, by = network.node_x[network.edge_b], network.node_y[network.edge_b]
    dx, dy = bx - ax, by - ay
    best = np.full(x.size, np.inf)
    for lo in range(0, x.size, 500):
        px, py = x[lo:lo + 500, None], y[lo:lo + 500, None]
        share = np.clip(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0, 1)
        best[lo:lo + 500] = np.hypot(px - ax - share * dx, py - ay - share * dy).min(axis=1)
    return best


def test_same_seed_same_records_in_time_order(town):
    again = simulate_town(_spec())
    np.testing.assert_array_equal(town.events.x, again.events.x)
    np.testing.assert_array_equal(town.events.t, again.events.t)
    assert np.all(np.diff(town.events.t) >= 0)
    assert not np.array_equal(simulate_town(_spec(seed=12)).events.x[:50], town.events.x[:50])


def test_streets_are_one_connected_network_with_main_roads_inside_the_outline(town):
    streets = town.streets
    graph = coo_matrix((np.ones(streets.n_edges), (streets.edge_a, streets.edge_b)),
                       shape=(streets.node_x.size,) * 2)
    assert connected_components(graph, directed=False)[0] == 1
    assert 0.05 < streets.edge_main.mean() < 0.5
    assert 60 < np.median(streets.edge_length) < 250
    degree = streets.degree()
    assert np.mean(degree >= 3) > 0.5 and np.any(degree == 1)  # mostly crossings, some dead ends
    from crimerisk.algorithms.simulate_streets import inside_polygon
    ring = town.spec.outline_ring()
    assert inside_polygon(streets.node_x, streets.node_y, ring).all()


def test_every_event_is_on_a_street_and_the_asked_share_at_intersections(town):
    events, streets = town.events, town.streets
    off_street = _distance_to_segments(streets, events.x, events.y)
    assert np.quantile(off_street, 0.99) < 6.0 + 3 * 2.0 * 1.5  # address offset plus geocoding error
    node = streets.nearest_node(streets.address_edge[town.address], streets.address_pos[town.address])
    at_node = np.hypot(events.x - streets.node_x[node], events.y - streets.node_y[node]) < 8.0
    assert np.mean(at_node != town.at_intersection) < 0.001  # (addresses of very short segments lie near a node)
    n = at_node.size
    assert abs(town.at_intersection.mean() - 0.3) < 4 * np.sqrt(0.3 * 0.7 / n)


def test_top_places_hold_the_share_their_heavy_tailed_rates_give(town):
    weight = town.address_weight["violence"]
    top = np.argsort(-weight)[:max(1, weight.size // 100)]
    expected = weight[top].sum()
    background = town.parent < 0
    observed = np.isin(town.address[background], top).mean()
    n = background.sum()
    assert abs(observed - expected) < 4 * np.sqrt(expected * (1 - expected) / n)
    assert expected > 0.12  # heavy tail: 1% of addresses hold well over 1% of the rate


def test_hour_profiles_follow_the_rhythm_of_each_kind_of_place(town):
    background = town.parent < 0
    hours = np.floor(np.mod(town.true_t, 1.0) * 24).astype(int)
    peaks = {}
    for kind, rhythm in enumerate((WORKDAY, DAY, NIGHT)):
        which = background & (town.land_use == kind)
        assert which.sum() > 400
        observed = np.bincount(hours[which], minlength=24)
        expected = rhythm.table().sum(axis=0) * which.sum()
        assert chisquare(observed, expected).pvalue > 0.001
        angle = 2 * np.pi * (np.arange(24) + 0.5) / 24
        peaks[LAND_USES[kind]] = np.mod(np.angle(np.sum(observed * np.exp(1j * angle))) * 24 / (2 * np.pi), 24)
    # Circular mean hours near the asked peaks: 01:00 near the bars, 14:00 in the shopping streets.
    assert abs(peaks["nightlife"] - 1.0) < 1.0 and abs(peaks["shopping"] - 14.0) < 1.0
    assert abs(peaks["residential"] - 12.0) < 1.0
    weekday = (np.floor(town.true_t).astype(int) + 3) % 7
    residential = background & (town.land_use == 0)
    observed = np.bincount(weekday[residential], minlength=7)
    assert chisquare(observed, WORKDAY.table().sum(axis=1) * residential.sum()).pvalue > 0.001
    assert observed[:5].mean() > 2 * observed[5:].mean()  # burglary by day on weekdays


def test_hours_differ_by_crime_type_at_the_same_places():
    burglary = _category(name="burglary", rhythms=(WORKDAY, WORKDAY, WORKDAY), land_use_weights=(1.0, 1.0, 1.0))
    violence = _category(name="violence", rhythms=(NIGHT, NIGHT, NIGHT), land_use_weights=(1.0, 1.0, 1.0))
    town = simulate_town(_spec(categories=(burglary, violence), n_days=365.0))
    hours = np.mod(town.true_t, 1.0) * 24
    night = (hours >= 22) | (hours < 6)
    kind = town.events.category
    assert night[kind == "violence"].mean() > 0.6 > 0.25 > night[kind == "burglary"].mean()


def test_time_windows_hold_the_true_time_with_the_asked_share_and_lengths():
    rng = np.random.default_rng(5)
    true_t = 18_000 + np.arange(20_000) / 24.0 + rng.random(20_000) / 24.0
    start, end = time_windows(true_t, 0.6, rng)
    has = np.isfinite(end)
    assert abs(has.mean() - 0.6) < 0.02
    np.testing.assert_array_equal(start[~has], true_t[~has])
    assert np.all(start[has] <= true_t[has]) and np.all(true_t[has] <= end[has])
    hours = np.mod(true_t, 1.0) * 24
    length = (end - start) * 24
    daytime = has & (hours >= 9) & (hours < 17)
    # Away for the day (left 07-09, back 17-19:30) for nine in ten, a few days away for the rest.
    day_length = length[daytime]
    assert np.mean((day_length >= 8) & (day_length <= 12.5)) > 0.85
    assert np.all(day_length <= 4 * 24 + 1e-9)
    night = has & ((hours >= 0) & (hours < 6))
    overnight = length[night]
    assert np.mean((overnight >= 6) & (overnight <= 11.5)) > 0.85
    assert abs(np.mean(length[has] > 24) - 0.1 * np.mean(length[has] > 0)) < 0.03


def test_burglary_windows_in_the_town_start_before_and_end_after_the_true_time():
    spec = _spec(categories=(_category(name="burglary", window_share=0.7, rate=5.0),), n_days=365.0)
    town = simulate_town(spec)
    has = np.isfinite(town.t_end)
    assert abs(has.mean() - 0.7) < 0.03
    assert np.all(town.events.t[has] <= town.true_t[has]) and np.all(town.true_t[has] <= town.t_end[has])
    assert np.median(town.t_end[has] - town.events.t[has]) * 24 > 6


def _line_network(length: float = 10_000.0, pieces: int = 50) -> StreetNetwork:
    x = np.linspace(0, length, pieces + 1)
    a, b = np.arange(pieces), np.arange(1, pieces + 1)
    return _with_addresses(x, np.zeros_like(x), a, b, np.zeros(pieces, bool), np.full(pieces, "Rue", dtype=object),
                           StreetPlan(), np.random.default_rng(0))


def test_a_walk_along_a_straight_street_moves_exactly_the_asked_distance():
    line = _line_network()
    rng = np.random.default_rng(1)
    n = 4000
    edge = np.full(n, 25)
    pos = rng.uniform(0, line.edge_length[25], n)
    distance = rng.uniform(0, 3000, n)
    new_edge, new_pos = walk_along(line, edge, pos, distance, rng)
    before = line.point(edge, pos)[0]
    after = line.point(new_edge, new_pos)[0]
    np.testing.assert_allclose(np.abs(after - before), distance, atol=1e-6)
    assert 0.45 < np.mean(after > before) < 0.55  # either way along the street


def test_a_walk_on_a_street_grid_stays_on_streets_within_its_network_distance():
    spec = _spec()
    streets = simulate_town(replace(spec, categories=(_category(rate=0.1),))).streets
    rng = np.random.default_rng(2)
    n = 300
    edge = rng.integers(0, streets.n_edges, n)
    pos = rng.random(n) * streets.edge_length[edge]
    distance = rng.uniform(50, 600, n)
    new_edge, new_pos = walk_along(streets, edge, pos, distance, rng)
    assert np.all((new_pos >= -1e-9) & (new_pos <= streets.edge_length[new_edge] + 1e-9))
    graph = coo_matrix((streets.edge_length, (streets.edge_a, streets.edge_b)), shape=(streets.node_x.size,) * 2)
    nodes = np.unique(np.concatenate([streets.edge_a[edge], streets.edge_b[edge]]))
    table = dijkstra(graph, directed=False, indices=nodes)
    row = {int(v): i for i, v in enumerate(nodes)}
    length = streets.edge_length
    network = np.full(n, np.inf)
    for i in range(n):  # shortest route between the two points through the ends of their segments
        if new_edge[i] == edge[i]:
            network[i] = abs(new_pos[i] - pos[i])
            continue
        for start, off in ((streets.edge_a[edge[i]], pos[i]), (streets.edge_b[edge[i]], length[edge[i]] - pos[i])):
            for end, on in ((streets.edge_a[new_edge[i]], new_pos[i]),
                            (streets.edge_b[new_edge[i]], length[new_edge[i]] - new_pos[i])):
                network[i] = min(network[i], off + table[row[int(start)], end] + on)
    x0, y0 = streets.point(edge, pos)
    x1, y1 = streets.point(new_edge, new_pos)
    assert np.all(np.hypot(x1 - x0, y1 - y0) <= network + 1e-6)
    assert np.all(network <= distance + 1e-6)
    assert np.mean(network > 0.5 * distance) > 0.8  # rarely back where it started


def test_near_repeats_spread_along_streets_with_the_asked_branching_ratio():
    burglary = _category(name="burglary", rate=8.0, theta=0.4, omega=1 / 5, sigma=150.0, same_place_share=0.3,
                         intersection_share=0.0)
    town = simulate_town(_spec(categories=(burglary,), n_days=365.0))
    child = town.parent >= 0
    assert abs(child.mean() - 0.4) < 0.03
    same = town.address[child] == town.address[town.parent[child]]
    # Repeats at the same address, plus walks too short to reach the next address (15 m either way).
    expected = 0.3 + 0.7 * erf(15.0 / (150.0 * np.sqrt(2)))
    assert abs(same.mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / same.size)
    streets = town.streets
    moved = np.flatnonzero(child)[~same]
    parent = town.parent[moved]
    crow = np.hypot(streets.address_x[town.address[moved]] - streets.address_x[town.address[parent]],
                    streets.address_y[town.address[moved]] - streets.address_y[town.address[parent]])
    # Half-normal along-street distance (mean 150 sqrt(2 / pi) = 120 m), never farther as the crow flies.
    assert np.mean(crow) < 150 * np.sqrt(2 / np.pi) + 2 * 6.0
    assert np.quantile(crow, 0.95) < 2.5 * 150
    delay = town.true_t[moved] - town.true_t[parent]
    assert np.all(delay > 0) and abs(np.median(delay) - 5 * np.log(2)) < 0.8


def test_drift_moves_the_busy_quarters_slowly_and_seasons_shape_the_year():
    steady = simulate_town(_spec(n_days=1095.0, drift_sd=0.0, yearly_amplitude=0.3, yearly_peak_day=196.0))
    drifting = simulate_town(_spec(n_days=1095.0, drift_sd=0.25))

    def year_shift(town) -> float:
        """How far the share of each 1 km block moves between the first and last year."""
        events = town.events
        block = (np.floor((events.x - events.x.min()) / 1000) * 10 + np.floor((events.y - events.y.min()) / 1000))
        first = np.bincount(block[events.t < 365].astype(int), minlength=100) / np.sum(events.t < 365)
        last = np.bincount(block[events.t >= 730].astype(int), minlength=100) / np.sum(events.t >= 730)
        return 0.5 * np.abs(first - last).sum()

    assert year_shift(drifting) > 2 * year_shift(steady)
    doy = np.mod(steady.true_t, 365.25)
    summer, winter = np.sum(np.abs(doy - 196) < 45), np.sum((doy < 15) | (doy > 286))
    assert 1.4 < summer / winter < 2.4  # (1 + 0.3 cos): about 1.8 between the peak and trough quarters


def test_the_sample_town_specification_has_four_types_with_windows_for_burglary_only_mostly():
    spec = town_spec()
    names = [c.name for c in spec.categories]
    assert names == ["burglary", "vehicle crime", "violence", "robbery"]
    windows = {c.name: c.window_share for c in spec.categories}
    assert windows["burglary"] > 0.5 and windows["violence"] == windows["robbery"] == 0.0
