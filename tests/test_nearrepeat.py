"""Near-repeat risk surface and alerts: closed-form kernels, no look-ahead, grouping, expiry."""

from __future__ import annotations

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.kde import binned_kernel_density
from crimerisk.algorithms.knox import KnoxResult
from crimerisk.algorithms.nearrepeat import (
    UNITS, alerts, bandwidths_from_knox, near_repeat_score, near_repeat_surface, select_triggers,
)
from crimerisk.algorithms.surface import RiskSurface

AS_OF = 18_000.0
GRID = Grid(xmin=0.0, ymax=800.0, cell_size=20.0, rows=40, cols=40)


def events_at(points, categories=None) -> EventSet:
    """Events from (x, y, days before AS_OF) triples."""
    x, y, ago = (np.array(column, dtype=float) for column in zip(*points))
    return EventSet.from_arrays(x, y, t=AS_OF - ago, category=categories)


def distance_from(x: float, y: float) -> np.ndarray:
    cx, cy = GRID.centre_grid()
    return np.hypot(cx - x, cy - y)


def decay_10_days(dt):
    return np.exp(-dt / 10.0)


CLOSED_FORMS = {
    # kernel: (space bandwidth m, time bandwidth days, k(d), g(dt)); 20 m cells, weeks
    "bowers": (150.0, 28.0, lambda d: np.where(d <= 150.0, 1 / (1 + d / 20.0), 0.0),
               lambda dt: 1 / (1 + dt / 7)),
    # cut at 6 and 4 bandwidths
    "exponential": (100.0, 10.0, lambda d: np.exp(-d / 100.0) * (d <= 600.0), decay_10_days),
    "gaussian": (60.0, 10.0, lambda d: np.exp(-d ** 2 / (2 * 60.0 ** 2)) * (d <= 240.0), decay_10_days),
}


@pytest.mark.parametrize("kernel", sorted(CLOSED_FORMS))
def test_single_event_gives_the_closed_form_kernel(kernel):
    space_bw, time_bw, k, g = CLOSED_FORMS[kernel]
    events = events_at([(410.0, 390.0, 3.0)])  # a cell centre
    raw = near_repeat_score(events, GRID, AS_OF, space_bw, time_bw, kernel)
    expected = g(3.0) * k(distance_from(410.0, 390.0))
    np.testing.assert_allclose(raw, expected, rtol=1e-9, atol=1e-12)
    surface = near_repeat_surface(events, GRID, AS_OF, space_bw, time_bw, kernel=kernel)
    np.testing.assert_allclose(surface.values, expected / expected.mean(), rtol=1e-5)
    assert surface.units == UNITS and surface.parameters["triggering_events"] == 1
    assert np.mean(surface.values) == pytest.approx(1.0, rel=1e-5)


def test_bowers_surface_equals_a_direct_sum_over_events_binned_to_their_cells():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-100, 900, 60), rng.uniform(-100, 900, 60)  # some just off the grid
    ago = rng.uniform(0, 40, 60)
    events = events_at(list(zip(x, y, ago)))
    raw = near_repeat_score(events, GRID, AS_OF, 150.0, 28.0, "bowers")
    # Reference: each event sits at its cell centre (cells extended beyond the grid).
    ex = GRID.xmin + (np.floor((x - GRID.xmin) / 20.0) + 0.5) * 20.0
    ey = GRID.ymax - (np.floor((GRID.ymax - y) / 20.0) + 0.5) * 20.0
    k, g = CLOSED_FORMS["bowers"][2:]
    reference = sum(g(a) * (a <= 28.0) * k(distance_from(px, py)) for px, py, a in zip(ex, ey, ago))
    np.testing.assert_allclose(raw, reference, rtol=1e-9, atol=1e-12)


def test_events_at_or_after_as_of_never_change_the_surface():
    rng = np.random.default_rng(1)
    past = [(rng.uniform(0, 800), rng.uniform(0, 800), rng.uniform(0.1, 60)) for _ in range(40)]
    future = [(400.0 + rng.normal(0, 30), 400.0 + rng.normal(0, 30), -rng.uniform(0, 30)) for _ in range(500)]
    future.append((300.0, 300.0, 0.0))  # exactly at as_of
    for kernel in ("bowers", "exponential"):
        before = near_repeat_surface(events_at(past), GRID, AS_OF, 150.0, 30.0, kernel=kernel,
                                     background_weight=0.3, background_bandwidth=200.0)
        with_future = near_repeat_surface(events_at(past + future), GRID, AS_OF, 150.0, 30.0, kernel=kernel,
                                          background_weight=0.3, background_bandwidth=200.0)
        assert before.values.tobytes() == with_future.values.tobytes()
        assert before.parameters == with_future.parameters


@pytest.mark.parametrize("kernel", sorted(CLOSED_FORMS))
def test_a_recent_event_outweighs_an_old_one_at_the_same_place(kernel):
    space_bw, time_bw, _, g = CLOSED_FORMS[kernel]
    recent = near_repeat_score(events_at([(215.0, 205.0, 1.0)]), GRID, AS_OF, space_bw, time_bw, kernel)
    old = near_repeat_score(events_at([(215.0, 205.0, 8.0)]), GRID, AS_OF, space_bw, time_bw, kernel)
    around = recent > 0
    assert around.sum() > 9 and np.all(recent[around] > old[around])
    np.testing.assert_allclose(recent[around] / old[around], g(1.0) / g(8.0), rtol=1e-9)


def test_bowers_forgets_events_older_than_the_time_bandwidth():
    surface = near_repeat_surface(events_at([(410.0, 390.0, 29.0)]), GRID, AS_OF, 150.0, 28.0)
    assert surface.parameters["triggering_events"] == 0 and np.all(surface.values == 0)


def test_trigger_categories_and_mask_choose_the_triggering_events():
    events = events_at([(210.0, 210.0, 2.0), (610.0, 610.0, 2.0), (610.0, 210.0, 2.0)],
                       categories=["burglary", "robbery", "burglary"])
    only_burglary = near_repeat_surface(events, GRID, AS_OF, 100.0, 14.0, trigger_categories=["burglary"])
    assert only_burglary.values[9, 30] == 0
    assert only_burglary.values[29, 10] > 0 and only_burglary.values[29, 30] > 0
    field_rule = np.array([True, True, False])
    masked = near_repeat_surface(events, GRID, AS_OF, 100.0, 14.0, trigger_mask=field_rule)
    assert masked.values[29, 30] == 0 and masked.values[9, 30] > 0
    assert masked.parameters["triggering_events"] == 2 and masked.parameters["trigger_mask_used"]
    assert len(select_triggers(events, AS_OF, 14.0, ["burglary"], field_rule)) == 1


def test_background_weight_blends_two_mean_one_terms():
    rng = np.random.default_rng(4)
    old = [(rng.normal(200, 80), rng.normal(600, 80), rng.uniform(30, 300)) for _ in range(300)]
    recent = [(600.0, 200.0, 2.0), (620.0, 220.0, 5.0)]
    events = events_at(old + recent)
    only_background = near_repeat_surface(events, GRID, AS_OF, 100.0, 14.0, background_weight=1.0,
                                          background_bandwidth=150.0)
    density = binned_kernel_density(events.x, events.y, GRID, 150.0, "quartic", events.weight)
    np.testing.assert_allclose(only_background.values, density / density.mean(), rtol=1e-5, atol=1e-6)
    half = near_repeat_surface(events, GRID, AS_OF, 100.0, 14.0, background_weight=0.5,
                               background_bandwidth=150.0)
    none = near_repeat_surface(events, GRID, AS_OF, 100.0, 14.0)
    np.testing.assert_allclose(half.values, 0.5 * none.values + 0.5 * only_background.values,
                               rtol=1e-5, atol=1e-6)
    assert np.mean(half.values) == pytest.approx(1.0, rel=1e-5)
    assert half.parameters["background_events"] == 302


def test_mask_hides_cells_and_sets_the_average():
    mask = np.zeros(GRID.shape, dtype=bool)
    mask[:, :20] = True
    surface = near_repeat_surface(events_at([(210.0, 210.0, 1.0)]), GRID.with_mask(mask), AS_OF, 100.0, 14.0)
    assert np.isnan(surface.values[:, 20:]).all()
    assert np.nanmean(surface.values) == pytest.approx(1.0, rel=1e-5)


def hand_made_surface() -> RiskSurface:
    """Three areas on a 10 x 10 grid of 20 m cells: A (two cells, 8-connected by a corner,
    max 9), B (a 2 x 2 block, max 5, mean 4.25), C (one cell of 5)."""
    grid = Grid(xmin=0.0, ymax=200.0, cell_size=20.0, rows=10, cols=10)
    values = np.full(grid.shape, 0.5)
    values[1, 1], values[2, 2] = 9.0, 4.0  # A: corner neighbours
    values[6:8, 6:8] = [[5.0, 4.0], [4.0, 4.0]]  # B
    values[1, 8] = 5.0  # C: ties B on max, with a higher mean (5 against 4.25)
    values[4, 4] = 1.5  # below the threshold
    parameters = {"space_bandwidth_m": 50.0, "time_bandwidth_days": 14.0}
    return RiskSurface(values=values, grid=grid, units=UNITS, parameters=parameters)


def test_alerts_group_rank_and_count_triggers_on_a_hand_made_surface():
    surface = hand_made_surface()
    # Cell centres: A (30, 170) and (50, 150); B (130..150, 70..50); C (170, 170).
    triggers = EventSet.from_arrays([35.0, 100.0, 140.0, 175.0, 190.0], [175.0, 100.0, 60.0, 130.0, 10.0],
                                    t=[100.0, 103.0, 110.0, 90.0, 120.0])
    labels, areas = alerts(surface, triggers, threshold=2.0)
    assert [a["rank"] for a in areas] == [1, 2, 3] and [a["id"] for a in areas] == [1, 2, 3]
    assert labels[1, 1] == labels[2, 2] == 1  # corner-touching cells are one area
    assert labels[1, 8] == 2 and np.all(labels[6:8, 6:8] == 3)  # max 5 both: C's mean 5 beats B's 4.25
    assert np.count_nonzero(labels) == 7 and labels[4, 4] == 0
    a, c, b = areas
    assert (a["cells"], a["max_risk"], a["mean_risk"]) == (2, 9.0, 6.5)
    assert (b["cells"], b["max_risk"], b["area_m2"]) == (4, 5.0, 1600.0)
    # Triggers within 50 m of a cell centre: A <- (35, 175), (100, 100) is 70.7 m from (50, 150);
    # B <- (140, 60) and (100, 100) is 42.4 m from (130, 70); C <- (175, 130) 40.3 m away;
    # (190, 10) is 56.6 m from B's nearest centre (150, 50).
    assert (a["triggering_events"], b["triggering_events"], c["triggering_events"]) == (1, 2, 1)
    assert a["expires_days"] == 100.0 + 14.0 and a["latest_trigger_days"] == 100.0
    assert b["expires_days"] == 110.0 + 14.0 and c["expires_days"] == 90.0 + 14.0
    assert a["expires"] == "1970-04-25T00:00:00"


def test_alert_ties_on_max_risk_are_broken_by_mean_then_by_a_seeded_draw():
    surface = hand_made_surface()
    surface.values[1, 9] = 3.0  # C becomes (5, 3): mean 4, below B's 4.25, though first in row-major order
    labels, areas = alerts(surface, EventSet.from_arrays([], [], t=[]), threshold=2.0)
    assert labels[6, 6] == 2 and labels[1, 8] == labels[1, 9] == 3
    assert all(a["triggering_events"] == 0 and a["expires"] is None for a in areas)
    # B = (5) and (3) joined by a corner: the same max and mean as C.
    surface.values[6:8, 6:8] = [[5.0, 0.0], [0.0, 3.0]]
    # Also tied on the risk around their best cells (5 + 3 each): a seeded draw decides, the same for
    # a given seed, and either area first over seeds (the old row-major rule always put C, north, first).
    none = EventSet.from_arrays([], [], t=[])
    first = {seed: alerts(surface, none, threshold=2.0, seed=seed).labels[1, 8] for seed in range(40)}
    assert set(first.values()) == {2, 3}
    assert 8 <= sum(rank == 2 for rank in first.values()) <= 32
    assert all(alerts(surface, none, threshold=2.0, seed=seed).labels[1, 8] == first[seed] for seed in (0, 7))


def test_top_percent_keeps_the_highest_cells_and_their_ties():
    surface = hand_made_surface()
    labels, areas = alerts(surface, EventSet.from_arrays([], [], t=[]), top_percent=3.0)
    # 3 % of 100 cells = 3 cells: 9, then 5 and 5 (B's and C's best cells).
    assert np.count_nonzero(labels) == 3 and len(areas) == 3
    labels, _ = alerts(surface, EventSet.from_arrays([], [], t=[]), top_percent=4.0)
    assert np.count_nonzero(labels) == 7  # the 4th value (4.0) is tied by four cells


def test_alert_expiry_on_a_computed_surface_is_latest_trigger_plus_bandwidth():
    events = events_at([(210.0, 210.0, 3.0), (230.0, 230.0, 9.0), (610.0, 610.0, 20.0), (610.0, 610.0, 60.0)])
    surface = near_repeat_surface(events, GRID, AS_OF, 100.0, 30.0)
    triggers = select_triggers(events, AS_OF, surface.parameters["window_days"])
    labels, areas = alerts(surface, triggers, threshold=0.0)
    assert len(areas) == 2 and len(triggers) == 3
    near_first = areas[0] if labels[29, 10] == 1 else areas[1]
    assert near_first["triggering_events"] == 2
    assert near_first["expires_days"] == pytest.approx(AS_OF - 3.0 + 30.0)
    other = areas[1] if near_first is areas[0] else areas[0]
    assert other["triggering_events"] == 1 and other["expires_days"] == pytest.approx(AS_OF - 20.0 + 30.0)
    with pytest.raises(ValueError, match="pass select_triggers"):
        alerts(surface, events, threshold=0.0)


def test_bandwidths_from_knox_use_the_significant_extent():
    permuted = np.ones((99, 3, 3), dtype=np.int64)
    observed = np.array([[5, 5, 1], [5, 1, 1], [1, 1, 1]])
    result = KnoxResult(space_edges=np.array([0.0, 150.0, 300.0, np.inf]),
                        time_edges=np.array([0.0, 10, 20, np.inf]), observed=observed, permuted=permuted,
                        metric="euclidean", n_events=50)
    assert bandwidths_from_knox(result) == (300.0, 20.0)
    observed[0, 0] = 1
    with pytest.raises(ValueError, match="give the space and time bandwidths yourself"):
        bandwidths_from_knox(result)


@pytest.mark.parametrize("change, message", [
    (dict(kernel="quartic"), "use one of bowers, exponential, gaussian"),
    (dict(space_bandwidth=0.0), "space_bandwidth must be a positive"),
    (dict(time_bandwidth=float("nan")), "time_bandwidth must be a positive"),
    (dict(window_days=-1.0), "window_days must be a positive"),
    (dict(background_weight=1.5), "background_weight must be between 0 and 1"),
    (dict(as_of=float("inf")), "as_of must be a moment"),
    (dict(trigger_mask=np.array([1, 0])), "trigger_mask must hold one True/False per event"),
    (dict(events=EventSet.from_arrays([1.0], [1.0])), "no event has a time"),
])
def test_bad_settings_raise_clear_errors(change, message):
    arguments = dict(events=events_at([(210.0, 210.0, 1.0), (300.0, 300.0, 2.0)]), grid=GRID, as_of=AS_OF,
                     space_bandwidth=100.0, time_bandwidth=14.0)
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        near_repeat_surface(**arguments)


def test_alerts_need_exactly_one_selection_rule():
    with pytest.raises(ValueError, match="exactly one of threshold"):
        alerts(hand_made_surface(), EventSet.from_arrays([], [], t=[]))
    with pytest.raises(ValueError, match="top_percent must be in"):
        alerts(hand_made_surface(), EventSet.from_arrays([], [], t=[]), top_percent=0.0)
