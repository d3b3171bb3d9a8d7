"""Shift versions of forecasts in the backtest: on a town whose night and day districts differ,
scored on night events, the night-shift forecast beats the whole-day forecast."""

import numpy as np
import pytest

from crimerisk.algorithms.baselines import DECAYED, RANDOM, default_baselines
from crimerisk.algorithms.evaluate import backtest
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.shiftforecast import (
    SHIFT_MARK, profiles_before, risk_in_shifts, shift_forecast, shift_share_of_events, shift_surfaces,
    with_shift_variants,
)
from crimerisk.algorithms.shifts import parse_shift
from crimerisk.algorithms.surface import RiskSurface
from crimerisk.tests.town_hours import MONDAY, town_events


def test_events_count_in_a_shift_by_the_share_of_their_window_inside_it():
    t = MONDAY + np.array([20, 23, 10, 21]) / 24
    t_end = np.array([MONDAY + 1, np.nan, np.nan, MONDAY + 21.5 / 24])
    share = shift_share_of_events(EventSet.from_arrays(np.zeros(4), np.zeros(4), t=t, t_end=t_end),
                                  parse_shift("22-06"))
    assert share.tolist() == pytest.approx([0.5, 1.0, 0.0, 0.0])
    friday_only = shift_share_of_events(EventSet.from_arrays(np.zeros(1), np.zeros(1), t=t[:1] + 4),
                                        parse_shift("22-06 Fri"))
    assert friday_only.tolist() == [0.0]  # Friday 20:00 is before the Friday night shift


def test_night_shift_forecast_beats_the_whole_day_forecast_on_night_events():
    events, _, grid, night, day = town_events(seed=21)
    shift = parse_shift("22-06")
    methods = with_shift_variants({DECAYED: default_baselines(seed=1)[DECAYED],
                                   RANDOM: default_baselines(seed=1)[RANDOM]}, shift, skip=(RANDOM,))
    assert list(methods) == [DECAYED, DECAYED + SHIFT_MARK + "22-06", RANDOM]
    result = backtest(events, grid, methods, MONDAY + 364, folds=8, horizon=7, coverages=(0.1,),
                      event_share=lambda target: shift_share_of_events(target, shift))
    whole = result.summary_for(DECAYED, 0.1)
    shifted = result.summary_for(DECAYED + SHIFT_MARK + "22-06", 0.1)
    assert shifted["hit_rate_mean"] > whole["hit_rate_mean"] + 0.15
    by_fold = {}
    for row in result.rows:
        by_fold.setdefault(row["method"], []).append(row["hit_rate"])
    wins = np.greater(by_fold[DECAYED + SHIFT_MARK + "22-06"], by_fold[DECAYED])
    assert wins.sum() >= 7
    # Scored on day events instead, the night-shift version loses to the whole-day one.
    day_shift = parse_shift("06-14")
    result = backtest(events, grid, methods, MONDAY + 364, folds=8, horizon=7, coverages=(0.1,),
                      event_share=lambda target: shift_share_of_events(target, day_shift))
    assert (result.summary_for(DECAYED + SHIFT_MARK + "22-06", 0.1)["hit_rate_mean"]
            < result.summary_for(DECAYED, 0.1)["hit_rate_mean"])


def test_shift_forecast_keeps_the_total_split_across_shifts_and_reports_its_prior():
    events, _, grid, night, _ = town_events(seed=5, days=140)
    as_of = MONDAY + 133
    profiles, exposure = profiles_before(events, grid, as_of)
    whole = RiskSurface(np.ones(grid.shape), grid, "expected events")
    parts = [shift_forecast(whole, profiles, exposure, parse_shift(s), as_of, 7) for s in ("06-14", "14-22", "22-06")]
    assert np.sum([p.values for p in parts], axis=0) == pytest.approx(np.ones(grid.shape), rel=1e-5)
    assert parts[2].values[night].mean() > parts[0].values[night].mean()
    assert parts[2].parameters["shift"] == "22-06" and parts[2].parameters["profile_alpha"] > 0
    with pytest.raises(ValueError, match="no event before"):
        profiles_before(events, grid, MONDAY - 1)


def test_each_crime_type_keeps_its_own_hours():
    night_events, _, grid, night, day = town_events(seed=6, days=140)
    # A second crime type at the same places, 8 hours later: the night district's events by day (06-14).
    later = EventSet.from_arrays(night_events.x, night_events.y, t=night_events.t + 8 / 24,
                                 t_end=night_events.t_end + 8 / 24)
    as_of = MONDAY + 140
    flat = RiskSurface(np.ones(grid.shape), grid, "expected events per cell", {"expected_total": 400.0})
    shifted = shift_surfaces({"a": flat, "b": flat}, {"a": night_events, "b": later}, parse_shift("06-14"),
                             as_of, 7)
    assert shifted["a"].values[day].mean() > 2 * shifted["a"].values[night].mean()
    assert shifted["b"].values[night].mean() > 2 * shifted["b"].values[day].mean()
    for surface in shifted.values():
        assert surface.parameters["expected_total"] == pytest.approx(float(surface.values.sum()), rel=1e-5)
        assert surface.parameters["expected_total_whole_day"] == 400.0


def test_risk_in_complementary_shifts_adds_up_to_the_whole_day_map_and_moves_to_the_shifts_district():
    events, _, grid, night, day = town_events(seed=5)
    risk = np.ones(grid.shape)
    risk[0, 0] = np.nan
    shifts = [parse_shift(text) for text in ("06-14", "14-22", "22-06")]
    maps = risk_in_shifts(risk, grid, events, shifts, as_of=MONDAY + 420, horizon=7.0)
    assert list(maps) == ["06-14", "14-22", "22-06"]
    assert np.isnan(maps["22-06"][0, 0]) and np.allclose(sum(maps.values())[1:], risk[1:])
    # A flat map takes each district's hours: true share 0.8 in its own shift, 0.1 in the other's (shrunk
    # towards the town's hours, so a little less apart).
    for shift, own, other in (("22-06", night, day), ("06-14", day, night)):
        assert maps[shift][own].mean() > 0.6 and maps[shift][other].mean() < 0.3
