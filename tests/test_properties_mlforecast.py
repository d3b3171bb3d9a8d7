"""Property-based tests (hypothesis) of the learned grid forecast and its features.

* features at a period start ``p`` depend only on events before ``p`` (events at or after
  ``p`` may be anything), not on the order of the events, and not on where the grid sits
  (moving events and grid origin by whole cells gives the same rows);
* box sums and feature-layer distances match brute force;
* a small forecast is finite and non-negative inside the mask, NaN outside, and the same
  after moving events and grid by whole cells;
* on arbitrary input the entry points either work or raise ``ValueError`` (helpers shared
  with :mod:`test_properties`).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import ndimage

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.features import FeatureBuilder, FeatureSpec, box_sum, static_covariates
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.mlforecast import ForecastSettings, forecast
from crimerisk.tests.test_properties import (
    WildInputs, assert_valid_risk, budget, grids, only_value_error, shift_cells, shifted, shifted_grid,
    shuffled, spread_over, timed_events, wild_floats,
)

SPEC = FeatureSpec(lookback_days=(7.0, 28.0), window_sizes=(3, 5), near_repeat_days=5.0,
                   recency_cap_days=60.0)
#: A forecast small enough for a property test (about 0.1 s).
TINY = ForecastSettings(lookback_days=(7.0, 28.0), window_sizes=(3,), training_periods=6, max_iter=15,
                        min_samples_leaf=5, early_stopping=False, evaluate=False, max_samples=1000,
                        n_threads=1)


def categorised(events: EventSet, draw) -> EventSet:
    kinds = np.array(draw(st.lists(st.sampled_from(["burglary", "theft"]), min_size=len(events),
                                   max_size=len(events))), dtype=object)
    return EventSet.from_arrays(events.x, events.y, t=events.t, category=kinds, weight=events.weight)


@budget(40)
@given(st.data(), st.integers(0, 4 * 120), shift_cells, st.booleans())
def test_features_ignore_the_future_the_order_and_the_grid_position(data, quarter_days, shift, by_type):
    grid = data.draw(grids(max_side=7, masked=True))
    events = data.draw(timed_events(grid, max_size=50, days=120, weighted=True))
    if by_type:
        events = categorised(events, data.draw)
    categories = ["burglary", "theft"] if by_type else None
    moment = 18262.0 + quarter_days / 4.0
    rows = FeatureBuilder(events, grid, SPEC, categories, history_start=18262.0).at(moment)
    assert np.all(np.isfinite(rows))
    # The future: events at or after the moment replaced by others anywhere, any time later.
    future = events.t >= moment
    noise = np.random.default_rng(quarter_days)
    n = len(events)
    x = np.where(future, noise.uniform(grid.xmin, grid.xmax, n), events.x)
    t = np.where(future, moment + noise.uniform(0, 30, n), events.t)
    rewritten = EventSet.from_arrays(x, events.y, t=t, category=events.category, weight=events.weight)
    again = FeatureBuilder(rewritten, grid, SPEC, categories, history_start=18262.0).at(moment)
    np.testing.assert_array_equal(again, rows)
    dx, dy = shift[0] * grid.cell_size, shift[1] * grid.cell_size
    moved = FeatureBuilder(shuffled(shifted(events, dx, dy), 4), shifted_grid(grid, *shift), SPEC, categories,
                           history_start=18262.0).at(moment)
    np.testing.assert_allclose(moved, rows, rtol=1e-12, atol=1e-12)


@budget(60)
@given(st.integers(1, 9), st.integers(1, 9), st.sampled_from([1, 3, 5, 7]), st.data())
def test_box_sum_matches_a_brute_force_window(rows, cols, size, data):
    values = np.array(data.draw(st.lists(st.integers(0, 9), min_size=rows * cols, max_size=rows * cols)),
                      dtype=np.float64).reshape(rows, cols)
    expected = ndimage.correlate(values, np.ones((size, size)), mode="constant", cval=0.0)
    np.testing.assert_array_equal(box_sum(values, size), expected)


@budget(60)
@given(st.data())
def test_feature_layer_distances_match_brute_force(data):
    grid = data.draw(grids(max_side=8))
    presence = np.array(data.draw(st.lists(st.integers(0, 2), min_size=grid.n_cells, max_size=grid.n_cells)),
                        dtype=np.float64).reshape(grid.shape)
    layers = static_covariates(grid, feature_layers={"bars": presence}, density_radius=2 * grid.cell_size)
    distance, density = layers["dist_bars"], layers["density_bars"]
    assert np.all(density >= 0)
    if not presence.any():
        assert np.all(np.isnan(distance))
        return
    xs, ys = grid.centre_grid()
    present = presence > 0
    brute = np.hypot(xs[..., None] - xs[present], ys[..., None] - ys[present]).min(axis=-1)
    np.testing.assert_allclose(distance, brute, rtol=1e-12)


@budget(8)
@given(st.data(), shift_cells)
def test_small_forecast_is_valid_and_shift_consistent(data, shift):
    grid = data.draw(grids(max_side=6, masked=True))
    events = spread_over(data.draw(timed_events(grid, min_size=15, max_size=60, days=120)), grid, 120.0)
    as_of = float(events.t.max()) + 0.25  # the last training period then holds an event
    surfaces = only_value_error(forecast, events, grid, as_of, 7.0, settings=TINY)
    assume(surfaces is not None)
    assert_valid_risk(surfaces["all"].values, grid)
    dx, dy = shift[0] * grid.cell_size, shift[1] * grid.cell_size
    moved = forecast(shifted(events, dx, dy), shifted_grid(grid, *shift), as_of, 7.0, settings=TINY)
    np.testing.assert_allclose(moved["all"].values, surfaces["all"].values, rtol=1e-6, equal_nan=True)


@budget(10)
@given(st.data())
def test_forecast_on_wild_input_raises_only_value_error(data):
    grid = data.draw(grids(max_side=5, masked=True))
    events = spread_over(data.draw(timed_events(grid, min_size=10, max_size=40, days=100)), grid, 100.0)
    wild = WildInputs(data, ["x", "t", "weight", "covariate", "as_of", "horizon", "categories"])
    x, t = wild.array("x", events.x), wild.array("t", events.t, -3e6, 3e6)
    weight = wild.array("weight", events.weight, -1, 1e3)
    covariate = wild.array("covariate", np.zeros(grid.shape), -1e6, 1e6)
    as_of = wild.value("as_of", st.just(float(events.t.max()) + 0.25), wild_floats(-3e6, 3e6))
    horizon = wild.value("horizon", st.sampled_from([3.0, 7.0]), wild_floats(-10, 1e3))
    categories = wild.value("categories", st.sampled_from([None, []]),
                            st.sampled_from([[""], ["a", "a"], ["b"]]))
    surfaces = only_value_error(forecast, EventSet.from_arrays(x, events.y, t=t, weight=weight), grid, as_of,
                                horizon, categories=categories, covariates={"lights": covariate},
                                settings=TINY)
    if surfaces is not None:
        for surface in surfaces.values():
            assert_valid_risk(surface.values, grid)


def test_inputs_the_fuzzing_found_now_get_a_clear_value_error():
    """An OverflowError (a horizon below float resolution) and scikit-learn's own "loss='poisson'
    requires ... sum(y) > 0" (no event in any training period) before the fixes of the hardening issue."""
    grid = Grid(0.0, 20.0, 10.0, 2, 2)
    events = EventSet.from_arrays(np.full(10, 5.0), np.full(10, 5.0), t=18262.0 + np.arange(10.0))
    with pytest.raises(ValueError, match="too short"):
        forecast(events, grid, 18362.0, 2.2e-309, settings=TINY)
    with pytest.raises(ValueError, match="nothing to learn"):
        forecast(events, grid, 18362.0, 7.0, settings=TINY)
