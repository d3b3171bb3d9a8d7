"""Place forecast: no look-ahead, fall-back on a town without short-term dynamics, skill with them."""

import numpy as np
import pytest

from crimerisk.algorithms.baselines import decayed_counts
from crimerisk.algorithms.evaluate import score_surface
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.placeforecast import FALLBACK, METHOD, PlaceForecastSettings, _blend, forecast_place
from crimerisk.algorithms.progress import Cancelled

pytest.importorskip("sklearn")

GRID = Grid(xmin=0.0, ymax=3000.0, cell_size=100.0, rows=30, cols=30)
WEEKS = 110


def _town(seed: int, flare_rate: float, flare_weeks: int = 3, flare_intensity: float = 1.5) -> EventSet:
    """Weekly Poisson counts per cell: stable heavy-tailed places, plus (optionally) flare-ups,
    cells that turn hot for ``flare_weeks`` weeks (short-term dynamics)."""
    rng = np.random.default_rng(seed)
    cells = GRID.n_cells
    place = rng.pareto(1.5, cells) * 0.01
    rate = np.tile(place, (WEEKS, 1))
    starts = rng.random((WEEKS, cells)) < flare_rate
    for lag in range(flare_weeks):
        rate[lag:] += flare_intensity * starts[:WEEKS - lag]
    counts = rng.poisson(rate)
    week, cell = np.nonzero(counts)
    repeat = counts[week, cell]
    week, cell = np.repeat(week, repeat), np.repeat(cell, repeat)
    row, col = np.divmod(cell, GRID.cols)
    x = GRID.xmin + (col + rng.random(col.size)) * GRID.cell_size
    y = GRID.ymax - (row + rng.random(row.size)) * GRID.cell_size
    t = (week + rng.random(week.size)) * 7.0
    return EventSet.from_arrays(x, y, t)


SETTINGS = PlaceForecastSettings(training_periods=40, validation_periods=10)


def _mean_pai(events: EventSet, method, weeks: range) -> float:
    pais = []
    for week in weeks:
        as_of = week * 7.0
        surface = method(events.before(as_of), as_of)
        counts = GRID.count(*(lambda e: (e.x, e.y))(events.between(as_of, as_of + 7.0)))
        pais.append(score_surface(surface.values, GRID.inside, counts, (0.05,))[0].pai)
    return float(np.mean(pais))


def test_no_look_ahead_events_at_or_after_as_of_change_nothing():
    events = _town(1, flare_rate=0.002)
    as_of = 80 * 7.0
    base = forecast_place(events.before(as_of), GRID, as_of, 7.0, SETTINGS)
    future = events.between(as_of, None)
    burst = EventSet.from_arrays(np.full(500, 1550.0), np.full(500, 1550.0), np.full(500, as_of))
    both = EventSet.from_arrays(np.concatenate([events.x, burst.x]), np.concatenate([events.y, burst.y]),
                                np.concatenate([events.t, burst.t]))
    assert len(future) > 0
    for extended in (events, both):
        again = forecast_place(extended, GRID, as_of, 7.0, SETTINGS)
        np.testing.assert_array_equal(again.values, base.values)
        for key in ("validation_pai_model", "validation_pai_decayed", "validation_pai_by_weight", "model_weight",
                    "decayed_half_life_days", "chosen"):
            assert again.parameters[key] == base.parameters[key], key


def test_the_trap_can_spring_events_just_before_as_of_change_the_forecast_and_its_validation():
    """The same burst one day before AS_OF (history) changes the map, and one inside the held-out
    origins changes the validation scores: the no-look-ahead test above could fail."""
    events = _town(1, flare_rate=0.002)
    as_of = 80 * 7.0
    base = forecast_place(events.before(as_of), GRID, as_of, 7.0, SETTINGS)
    for when in (as_of - 1.0, as_of - 3 * 7.0):
        burst = EventSet.from_arrays(np.full(50, 1550.0), np.full(50, 1550.0), np.full(50, when))
        both = EventSet.from_arrays(np.concatenate([events.x, burst.x]), np.concatenate([events.y, burst.y]),
                                    np.concatenate([events.t, burst.t]))
        again = forecast_place(both, GRID, as_of, 7.0, SETTINGS)
        assert not np.array_equal(again.values, base.values)
        if when < as_of - 7.0:
            assert again.parameters["validation_pai_by_weight"] != base.parameters["validation_pai_by_weight"]


def test_blend_keeps_the_model_total_and_weight_zero_is_decayed_counts():
    rng = np.random.default_rng(9)
    model, decayed = rng.gamma(0.5, 1.0, 400), rng.gamma(0.5, 3.0, 400)
    half = _blend(model, decayed, 0.5)
    assert half.sum() == pytest.approx(model.sum())
    np.testing.assert_allclose(half, 0.5 * model + 0.5 * decayed * model.sum() / decayed.sum())
    np.testing.assert_array_equal(_blend(model, decayed, 1.0), model)
    np.testing.assert_allclose(_blend(model, decayed, 0.0), decayed * model.sum() / decayed.sum())
    with pytest.raises(ValueError, match="blend weights"):
        PlaceForecastSettings(blend_weights=(0.0,))


def test_town_without_short_term_dynamics_matches_decayed_counts():
    events = _town(2, flare_rate=0.0)
    weeks = range(80, 110, 3)
    place = _mean_pai(events, lambda e, a: forecast_place(e, GRID, a, 7.0, SETTINGS), weeks)
    decayed = _mean_pai(events, lambda e, a: decayed_counts(e, GRID, a, 7.0, 365.0), weeks)
    assert place >= 0.95 * decayed


def test_town_with_short_term_dynamics_beats_long_memory_counts():
    """Flare-ups: the forecast beats long-memory decayed counts and matches the best single half-life."""
    events = _town(3, flare_rate=0.004, flare_intensity=1.5)
    weeks = range(80, 110, 3)
    place = _mean_pai(events, lambda e, a: forecast_place(e, GRID, a, 7.0, SETTINGS), weeks)
    long = _mean_pai(events, lambda e, a: decayed_counts(e, GRID, a, 7.0, 365.0), weeks)
    short = _mean_pai(events, lambda e, a: decayed_counts(e, GRID, a, 7.0, 7.0), weeks)
    assert place > 1.5 * long
    assert place >= 0.97 * short


def test_fallback_is_reported_and_equals_decayed_counts():
    """Pure noise (no place effect, no dynamics): whatever is chosen, a fall-back is decayed counts."""
    rng = np.random.default_rng(4)
    n = 4000
    events = EventSet.from_arrays(rng.uniform(0, 3000, n), rng.uniform(0, 3000, n), rng.uniform(0, WEEKS * 7.0, n))
    results = [forecast_place(events, GRID, w * 7.0, 7.0, SETTINGS) for w in (70, 80, 90, 100)]
    fallbacks = [r for r, w in zip(results, (70, 80, 90, 100)) if r.parameters["method"] == FALLBACK]
    assert fallbacks, "on pure noise the model should lose its validation at least once"
    for surface, week in zip(results, (70, 80, 90, 100)):
        scores = surface.parameters["validation_pai_by_weight"]
        assert set(scores) == {"0", "0.5", "1"}
        chosen = max(scores, key=lambda w: (scores[w], -float(w)))  # ties go to the smaller weight
        assert surface.parameters["model_weight"] == (float(chosen) if surface.parameters["chosen"] == "model" else 0.0)
        assert (surface.parameters["model_weight"] == 0.0) == (surface.parameters["method"] == FALLBACK)
        if surface.parameters["method"] == FALLBACK:
            reference = decayed_counts(events, GRID, week * 7.0, 7.0, surface.parameters["decayed_half_life_days"])
            np.testing.assert_allclose(surface.values, reference.values, rtol=1e-5)
            assert "did not beat" in surface.parameters["reason"]


def test_short_history_is_refused_and_cancel_stops():
    events = _town(5, flare_rate=0.0)
    with pytest.raises(ValueError, match="five horizons"):
        forecast_place(events, GRID, 20.0, 7.0, SETTINGS)
    with pytest.raises(Cancelled):
        forecast_place(events, GRID, 80 * 7.0, 7.0, SETTINGS, progress=lambda done: done < 0.3)


def test_related_events_after_as_of_change_nothing_and_before_it_are_features():
    """Other crime types (``related``): only those before AS_OF are read, and they become features."""
    events, others = _town(6, flare_rate=0.002), _town(6, flare_rate=0.0)  # same places, other counts
    as_of = 80 * 7.0
    base = forecast_place(events, GRID, as_of, 7.0, SETTINGS, related=others.before(as_of))
    burst = EventSet.from_arrays(np.full(300, 250.0), np.full(300, 250.0), np.full(300, as_of))
    later = EventSet.from_arrays(np.concatenate([others.x, burst.x]), np.concatenate([others.y, burst.y]),
                                 np.concatenate([others.t, burst.t]))
    again = forecast_place(events, GRID, as_of, 7.0, SETTINGS, related=later)
    np.testing.assert_array_equal(again.values, base.values)
    assert again.parameters["validation_pai_by_weight"] == base.parameters["validation_pai_by_weight"]
    assert base.parameters["related_events_used"] == len(others.before(as_of))
    if base.parameters["chosen"] == "model":
        assert any(name.startswith("other crime types") for name in base.parameters["coefficients"])
    without = forecast_place(events, GRID, as_of, 7.0, SETTINGS)
    assert without.parameters["related_events_used"] == 0
    assert without.parameters["validation_pai_by_weight"] != base.parameters["validation_pai_by_weight"]
