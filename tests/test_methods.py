"""The backtest's method registry: names, units, no look-ahead, and the KDE's scaling."""

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.kde import kde_surface
from crimerisk.algorithms.simulate import demo_spec, simulate_events
from crimerisk.algorithms.registry import REGISTRY as METHODS, baseline_names, forecaster_names, name_of_label, recent_kde
from crimerisk.algorithms.registry import labelled_methods as build_methods


@pytest.fixture(scope="module")
def town():
    events, _ = simulate_events(demo_spec(seed=3, n_days=440.0))
    grid = Grid.covering(640000, 6855000, 652000, 6864000, 500.0)
    return events.subset(grid.contains(events.x, events.y)), grid


def test_registry_lists_forecasters_then_the_three_baselines():
    assert forecaster_names()[0] == "kde"
    assert {"nearrepeat", "sepp", "mlforecast"} <= set(forecaster_names())  # their modules are importable here
    assert baseline_names() == ["last_period", "decayed", "random"]
    # Appended: the backtest's METHODS enum keeps the indices of the methods that came before it.
    assert forecaster_names() == ["kde", "nearrepeat", "sepp", "mlforecast", "placeforecast"]
    assert all(name_of_label(entry.label) == name for name, entry in METHODS.items())
    methods = build_methods(["sepp", "kde", "sepp"], {"seed": 1})
    assert list(methods) == [METHODS[n].label for n in ("sepp", "kde", "last_period", "decayed", "random")]
    with pytest.raises(ValueError, match="unknown method.*choose among"):
        build_methods(["prophet"])


def test_recent_kde_is_the_daily_rate_of_the_last_year_times_the_horizon(town):
    events, grid = town
    as_of = float(np.floor(events.t.min())) + 380.0
    surface = recent_kde(events, grid, as_of, 7.0, lookback_days=365.0, radius=600.0)
    year = events.between(as_of - 365.0, as_of)
    daily = kde_surface(year, grid, radius=600.0, units="per_cell_day", period_days=365.0)
    np.testing.assert_allclose(surface.values, 7.0 * daily.values, rtol=1e-6)
    # Expected events over a week: close to the last year's weekly count inside the map.
    assert np.nansum(surface.values) == pytest.approx(len(year) * 7.0 / 365.0, rel=0.05)
    assert surface.parameters["lookback_days"] == 365.0 and surface.parameters["horizon_days"] == 7.0


def test_no_method_reads_events_at_or_after_as_of(town):
    events, grid = town
    as_of = float(np.floor(events.t.max())) - 14.0
    past = events.before(as_of)
    # Events in the future, anywhere: a method that looked at them would change its map.
    rng = np.random.default_rng(0)
    future = EventSet.from_arrays(rng.uniform(640000, 652000, 300), rng.uniform(6855000, 6864000, 300),
                                  t=as_of + rng.uniform(0, 14, 300), category=np.full(300, "burglary"))
    everything = EventSet.from_arrays(np.concatenate([past.x, future.x]), np.concatenate([past.y, future.y]),
                                      t=np.concatenate([past.t, future.t]),
                                      category=np.concatenate([past.category, future.category]))
    fast = {"sepp_max_iterations": 10, "ml_training_periods": 6, "ml_max_iter": 20}
    for label, method in build_methods(forecaster_names(), fast).items():
        honest = method(past, grid, as_of, 7.0)
        handed_future = method(everything, grid, as_of, 7.0)
        assert honest.values.shape == grid.shape, label
        np.testing.assert_allclose(handed_future.values, honest.values, rtol=1e-6, err_msg=label)


def test_long_methods_stop_mid_fit_when_progress_says_cancel(town):
    from crimerisk.algorithms.progress import Cancelled

    events, grid = town
    as_of = float(np.floor(events.t.max())) - 14.0
    calls = []

    def cancel(fraction):
        calls.append(fraction)
        return False

    for name in ("sepp", "mlforecast"):
        calls.clear()
        [method] = build_methods([name], {"progress": cancel}, with_baselines=False).values()
        with pytest.raises(Cancelled):
            method(events, grid, as_of, 7.0)
        assert len(calls) == 1  # stopped at the first report
