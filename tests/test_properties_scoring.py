"""Property-based tests (hypothesis) of dates, statistics, trends, scoring and patrol planning.

* dates: ISO and day-first texts of generated valid dates parse back to the same day and
  clock time (checked against Python's ``datetime``); impossible dates give NaN; arbitrary
  text and values never raise;
* statistics: Benjamini-Hochberg against the cut-off rule, Mann-Kendall S and Sen's slope
  against brute force;
* evaluate: the ranking is a permutation of the scored cells in value order, hit rate and
  PEI* lie in [0, 1], PAI = hit rate / area share; a backtest's methods never see the future;
* patrol: the budget is never exceeded, zones are connected, large enough and on valid cells;
* on arbitrary input the public entry points either work or raise ``ValueError`` (every
  warning turned into an error; helpers shared with :mod:`test_properties`).
"""

from __future__ import annotations

import math
import warnings
from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from scipy import ndimage

from crimerisk.algorithms.baselines import default_baselines
from crimerisk.algorithms.dates import parse_date_text, parse_date_texts, parse_hours
from crimerisk.algorithms.evaluate import (
    backtest, cells_for_coverage, hit_rate_curve, rank_cells, rank_cells_tie_broken, rolling_folds, score_surface,
)
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.patrol import budget_in_cells, plan_patrol_zones
from crimerisk.algorithms.stats import benjamini_hochberg, fdr_cutoff, mann_kendall, sens_slope
from crimerisk.algorithms.trends import temporal_trends
from crimerisk.tests.test_properties import WildInputs, budget, only_value_error, wild_arrays, wild_floats

EPOCH = datetime(1970, 1, 1)


# --------------------------------------------------------------------------- dates


def date_text(day: date, clock: time | None, style: str) -> str:
    """``day`` (and ``clock``) written in one of the accepted forms."""
    if style.startswith("iso"):
        text = day.isoformat()
        if clock is not None:
            separator = "T" if style == "iso" else " "
            text += f"{separator}{clock:%H:%M:%S}" if clock.second else f"{separator}{clock:%H:%M}"
            text += {"iso": "", "iso-z": "Z", "iso-offset": "+02:00"}.get(style, "")
        return text
    separator = {"slash": "/", "dash": "-", "dot": "."}[style]
    text = f"{day.day}{separator}{day.month}{separator}{day.year:04d}"
    if style == "slash":
        text = f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    if clock is not None:
        text += f" {clock:%H:%M:%S}" if clock.second else f" {clock:%H:%M}"
    return text


STYLES = st.sampled_from(["iso", "iso-space", "iso-z", "iso-offset", "slash", "dash", "dot"])
CLOCKS = st.one_of(st.none(), st.times().map(lambda c: c.replace(microsecond=0)))


@budget(200)
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), CLOCKS, STYLES,
       st.text(" \t", max_size=2))
def test_date_texts_round_trip(day, clock, style, padding):
    text = padding + date_text(day, clock, style) + padding
    days, timed = parse_date_text(text)
    moment = datetime.combine(day, clock or time())
    assert math.floor(days) == (day - EPOCH.date()).days
    assert days == pytest.approx((moment - EPOCH) / timedelta(days=1), abs=1e-8)
    assert timed == (clock is not None)


@budget(200)
@given(st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32), st.sampled_from(["iso", "slash", "dot"]))
def test_impossible_dates_give_nan(year, month, day_of_month, style):
    try:
        date(year, month, day_of_month)
        valid = True
    except ValueError:
        valid = False
    if style == "iso":
        text = f"{year:04d}-{month:02d}-{day_of_month:02d}"
    else:
        separator = "/" if style == "slash" else "."
        text = f"{day_of_month:02d}{separator}{month:02d}{separator}{year:04d}"
    days, _ = parse_date_text(text)
    assert math.isnan(days) != valid


SEPARATORS = st.sampled_from(["-", "/", "."])
#: Clock times, possible or not, with seconds, a zone or neither.
near_clocks = st.builds("{}{:d}:{:02d}{}".format, st.sampled_from([" ", "T"]), st.integers(0, 99),
                        st.integers(0, 99), st.sampled_from(["", ":00", ":60", "Z", "+01:00"]))
#: Date-like texts: numbers of plausible and implausible sizes in the accepted layouts, maybe with a clock.
near_dates = st.builds("{}{}{}{}{}{}".format, st.integers(0, 99999), SEPARATORS, st.integers(0, 99),
                       SEPARATORS, st.integers(0, 99999), st.one_of(st.just(""), near_clocks))


@budget(200)
@given(st.one_of(st.text(), near_dates))
@example("2024-02-30 10:00")  # was (nan, True): a clock time on an impossible date
@example("31/04/2024 23:59:60")
def test_parse_date_text_never_raises(text):
    days, timed = only_value_error(parse_date_text, text) or (None, None)
    assert days is not None, "parse_date_text raised ValueError instead of returning NaN"
    assert isinstance(timed, bool)
    if math.isnan(days):
        assert not timed  # documented: (nan, False) for anything that is not a date
    else:  # 0001-01-01 .. 9999-12-31 (plus a day of clock time)
        assert -719_162 <= days < 2_932_898


ANY_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                       st.text(max_size=12), near_dates)


@budget(100)
@given(st.lists(ANY_VALUES, max_size=20))
def test_vector_date_and_hour_parsing_never_raise(values):
    array = np.array(values + [None], dtype=object)[:-1] if values else np.empty(0, dtype=object)
    days, timed = only_value_error(parse_date_texts, array)
    assert days.shape == timed.shape == (len(values),)
    assert not np.any(timed & np.isnan(days))
    hours = only_value_error(parse_hours, array)
    assert hours.shape == (len(values),)
    finite = ~np.isnan(hours)
    assert np.all((hours[finite] >= 0) & (hours[finite] < 24))


# --------------------------------------------------------------------------- statistics


@budget(100)
@given(st.lists(st.one_of(st.floats(0, 1), st.just(np.nan), st.sampled_from([0.0, 1.0, 0.05])), max_size=40),
       st.floats(0.001, 0.5))
def test_benjamini_hochberg_matches_the_step_up_cutoff(p_list, alpha):
    p = np.array(p_list, dtype=np.float64)
    significant, adjusted = benjamini_hochberg(p, alpha)
    finite = np.isfinite(p)
    assert np.all(np.isnan(adjusted[~finite])) and not significant[~finite].any()
    assert np.all(adjusted[finite] >= p[finite] * (1 - 1e-12)) and np.all(adjusted[finite] <= 1)
    order = np.argsort(p[finite], kind="stable")
    assert np.all(np.diff(adjusted[finite][order]) >= -1e-15)  # monotone in p
    cutoff = fdr_cutoff(p, alpha)  # an independent implementation of the decision
    differ = significant[finite] != (p[finite] <= cutoff)
    # they may differ only where p lies on the step-up line to the last bit (p m / k vs k alpha / m rounding)
    assert np.all(np.abs(adjusted[finite][differ] - alpha) <= 1e-12 * alpha)


series_values = st.one_of(st.integers(0, 6).map(float), st.floats(-1e6, 1e6))


@budget(100)
@given(st.lists(series_values, min_size=3, max_size=30))
def test_mann_kendall_and_sen_slope_match_brute_force(values):
    x = np.array(values)
    n = x.size
    i, j = np.triu_indices(n, k=1)
    mk = mann_kendall(x)
    assert float(mk.s) == float(np.sign(x[j] - x[i]).sum())
    assert -1 <= float(mk.tau) <= 1 and 0 <= float(mk.p) <= 1
    assert float(mann_kendall(x[::-1]).s) == -float(mk.s)
    sen = sens_slope(x)
    assert float(sen.slope) == pytest.approx(float(np.median((x[j] - x[i]) / (j - i))), rel=1e-12, abs=1e-9)
    assert float(sen.lower) <= float(sen.slope) <= float(sen.upper)


@budget(100)
@given(st.data())
def test_trend_statistics_on_wild_series_raise_only_value_error(data):
    shape = data.draw(st.sampled_from([(0,), (1,), (2,), (5,), (3, 4), (2, 0), (0, 3)]))
    values = data.draw(wild_arrays(int(np.prod(shape)), -1e12, 1e12)).reshape(shape)
    axis = data.draw(st.sampled_from([-1, 0]))
    confidence = data.draw(wild_floats(-1, 2))
    for result in (only_value_error(mann_kendall, values, axis), only_value_error(sens_slope, values, axis,
                                                                                  confidence)):
        if result is not None:
            assert np.all(np.isfinite(result.slope if hasattr(result, "slope") else result.s))


# --------------------------------------------------------------------------- evaluate


@st.composite
def scored_maps(draw, max_side: int = 8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values (with ties, NaN and infinities), a non-empty study area and event counts."""
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    size = rows * cols
    value = st.one_of(st.integers(0, 4).map(float), st.floats(-1e6, 1e6),
                      st.sampled_from([np.nan, np.inf, -np.inf]))
    values = np.array(draw(st.lists(value, min_size=size, max_size=size))).reshape(rows, cols)
    inside = np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size))).reshape(rows, cols)
    assume(inside.any())
    counts = np.array(draw(st.lists(st.integers(0, 5), min_size=size, max_size=size)), float)
    return values, inside, counts.reshape(rows, cols)


@budget(100)
@given(scored_maps())
def test_rank_cells_orders_every_scored_cell_once(data):
    values, inside, _ = data
    order = rank_cells(values, inside)
    scored = np.flatnonzero(inside & ~np.isnan(values))
    flat = values.ravel()
    expected = scored[np.lexsort((scored, -flat[scored]))]  # value descending, then row-major index
    np.testing.assert_array_equal(order, expected)


@budget(100)
@given(scored_maps(), st.lists(st.floats(0.001, 1.0), min_size=1, max_size=5))
def test_scores_are_bounded_and_consistent(data, coverages):
    values, inside, counts = data
    n_area = int(inside.sum())
    events = counts[inside].sum()
    for score in score_surface(values, inside, counts, coverages):
        assert score.cells == cells_for_coverage(score.coverage, n_area)
        assert 1 <= score.cells <= n_area and score.area_share == score.cells / n_area
        assert score.n_events == events
        if events == 0:
            assert math.isnan(score.hit_rate) and math.isnan(score.pei_star)
            continue
        assert 0 <= score.hits <= events and 0 <= score.hit_rate <= 1
        assert score.pai == pytest.approx(score.hit_rate / score.area_share, rel=1e-12)
        best = np.sort(counts[inside])[::-1][: score.cells].sum()
        assert 0 <= score.pei_star <= 1 and (best == 0 or score.pei_star == pytest.approx(score.hits / best))
    area, hit = hit_rate_curve(values, inside, counts)
    assert area.size == n_area + 1  # the patrol order visits every cell of the study area once
    assert area[0] == 0 and area[-1] == 1 and np.all(np.diff(area) > 0)
    if events:
        assert hit[0] == 0 and hit[-1] == pytest.approx(1) and np.all(np.diff(hit) >= 0)


@budget(100)
@given(st.data())
def test_scoring_on_wild_input_raises_only_value_error(data):
    rows, cols = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 5))
    wild = WildInputs(data, ["values", "inside", "counts", "shape", "coverages", "folds"])
    size = rows * cols
    values = np.array(data.draw(st.lists(st.floats(0, 10), min_size=size, max_size=size))).reshape(rows, cols)
    values = wild.array("values", values, -1e308, 1e308)
    masks = st.lists(st.booleans(), min_size=size, max_size=size).map(lambda b: np.reshape(b, (rows, cols)))
    inside = wild.value("inside", st.none(), masks)
    shape = wild.value("shape", st.just((rows, cols)), st.just((rows, cols + 1)))
    n = int(np.prod(shape))
    counts = np.array(data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))).reshape(shape)
    counts = wild.array("counts", counts, -1, 1e9)
    coverages = wild.value("coverages", st.lists(st.floats(0.01, 1), min_size=1, max_size=4),
                           st.lists(wild_floats(-1, 2), max_size=4))
    scores = only_value_error(score_surface, values, inside, counts, coverages)
    if scores is not None:
        assert len(scores) == len({float(c) for c in coverages})
        assert all(0 <= s.hit_rate <= 1 or math.isnan(s.hit_rate) for s in scores)
    folds = only_value_error(rolling_folds,
                             wild.value("folds", st.floats(18000, 19000), wild_floats(-1e6, 1e6)),
                             wild.value("folds", st.integers(1, 5), st.integers(-1, 0)),
                             wild.value("folds", st.floats(1, 30), wild_floats(-10, 1e4)),
                             wild.value("folds", st.one_of(st.none(), st.floats(1, 30)),
                                        wild_floats(-10, 1e4)))
    if folds is not None:
        assert all(end >= start for start, end in folds)  # equal only for a horizon below float resolution


@budget(12)
@given(st.data())
def test_backtest_of_baselines_is_bounded_and_never_sees_the_future(data):
    grid = Grid(0.0, 200.0, 20.0, 10, 10)
    n = data.draw(st.integers(5, 80))
    coordinate = st.integers(-40, 239).map(float)
    x = np.array(data.draw(st.lists(coordinate, min_size=n, max_size=n)))
    y = np.array(data.draw(st.lists(coordinate, min_size=n, max_size=n)))
    t = 18262.0 + np.array(data.draw(st.lists(st.integers(0, 8 * 60), min_size=n, max_size=n))) / 8.0
    events = EventSet.from_arrays(x, y, t=t)
    seen = []

    def peeking(past: EventSet, grid: Grid, as_of: float, horizon: float) -> np.ndarray:
        seen.append((float(past.t.max(initial=-np.inf)), as_of, len(past)))
        return grid.count(past.x, past.y)

    methods = {**default_baselines(), "peeking": peeking}
    folds, horizon = data.draw(st.integers(1, 4)), data.draw(st.floats(1, 10))
    result = only_value_error(backtest, events, grid, methods, 18292.0, folds, horizon, (0.05, 0.2))
    assume(result is not None)
    assert all(latest < as_of for latest, as_of, _ in seen)
    assert [count for _, _, count in seen] == [int((t < start).sum()) for start, _ in result.folds]
    for row in result.rows:
        if row["empty"]:
            assert math.isnan(row["hit_rate"])
            continue
        assert 0 <= row["hit_rate"] <= 1 and 0 <= row["pei_star"] <= 1 and 0 <= row["auc"] <= 1
        assert row["pai"] == pytest.approx(row["hit_rate"] / row["area_share"], rel=1e-12)


# --------------------------------------------------------------------------- patrol


@st.composite
def risk_rasters(draw, max_side: int = 9) -> np.ndarray:
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    value = st.one_of(st.integers(0, 3).map(float), st.floats(0, 100), st.just(np.nan))
    risk = np.array(draw(st.lists(value, min_size=rows * cols, max_size=rows * cols))).reshape(rows, cols)
    assume(not np.all(np.isnan(risk)))
    return risk


_N = np.nan


@budget(100)
@given(risk_rasters(), st.floats(0.5, 120), st.sampled_from(["cells", "km2", "percent"]), st.integers(1, 6),
       st.sampled_from([4, 8]), st.integers(0, 4))
@example(risk=np.array([[0, 0, 0, _N, _N, 0, 0], [0, 0, _N, 0, 0, 0, 0], [_N, _N, 0, 0, 0, 0, _N],
                        [0, 0, _N, _N, _N, _N, _N], [_N, _N, 0, _N, 0, 0, _N], [0, 0, _N, 0, 0, _N, 0],
                        [0, _N, _N, 0, 0, _N, _N]], dtype=float),
         amount=1.0, unit="cells", min_zone_cells=1, connectivity=4, units=0)  # all tied: the seeded order decides
def test_patrol_never_exceeds_the_budget(risk, amount, unit, min_zone_cells, connectivity, units):
    cell_size = 250.0
    plan = only_value_error(plan_patrol_zones, risk, amount, unit, cell_size, min_zone_cells, connectivity,
                            units)
    n_valid = int((~np.isnan(risk)).sum())
    one_cell_km2 = cell_size**2 / 1e6
    requested = {"cells": amount, "km2": amount / one_cell_km2, "percent": amount / 100 * n_valid}[unit]
    if plan is None:  # refused: a budget under one cell or over 100 %, or (greedy) no zone of the size
        if min_zone_cells == 1:
            assert requested < 1 - 1e-9 or (unit == "percent" and amount > 100), "refused a usable budget"
        return
    assert plan.budget_cells <= min(math.floor(requested + 1e-9), n_valid)
    assert plan.selected_cells <= plan.budget_cells
    labels = plan.labels
    assert not np.any((labels > 0) & np.isnan(risk))
    structure = ndimage.generate_binary_structure(2, 1 if connectivity == 4 else 2)
    assert [z["rank"] for z in plan.zones] == list(range(1, len(plan.zones) + 1))
    for zone in plan.zones:
        cells = labels == zone["rank"]
        assert cells.sum() == zone["cells"] >= min_zone_cells
        assert ndimage.label(cells, structure=structure)[1] == 1
        assert zone["expected_events"] == pytest.approx(float(np.nansum(risk[cells])))
    expected = [z["expected_events"] for z in plan.zones]
    assert expected == sorted(expected, reverse=True)
    if min_zone_cells == 1:  # simply the top cells of the (location-blind, seeded) ranking
        top = rank_cells_tie_broken(risk, seed=0)[: plan.budget_cells]
        np.testing.assert_array_equal(np.flatnonzero(labels.ravel()), np.sort(top))
    if units:
        assert sum(u["cells"] for u in plan.units) == plan.selected_cells
        assert all(1 <= z["unit"] <= units for z in plan.zones)


@budget(100)
@given(st.data())
def test_patrol_on_wild_input_raises_only_value_error(data):
    rows, cols = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 6))
    names = ["risk", "amount", "unit", "cell_size", "min_zone_cells", "connectivity", "units"]
    wild = WildInputs(data, names)
    risk = np.array(data.draw(st.lists(st.floats(0, 100), min_size=rows * cols, max_size=rows * cols)))
    risk = wild.array("risk", risk.reshape(rows, cols), -10, 1e12)
    amount = wild.value("amount", st.floats(1, 30), wild_floats(-10, 1e6))
    unit = wild.value("unit", st.sampled_from(["cells", "km2", "km²", "percent", "%"]), st.just("hectares"))
    cell_size = wild.value("cell_size", st.floats(50, 500), st.one_of(st.none(), wild_floats(-10, 1e5)))
    arguments = (wild.value("min_zone_cells", st.integers(1, 4), st.integers(-1, 40)),
                 wild.value("connectivity", st.sampled_from([4, 8]), st.sampled_from([0, 3, 6])),
                 wild.value("units", st.integers(0, 4), st.integers(-2, 40)))
    plan = only_value_error(plan_patrol_zones, risk, amount, unit, cell_size, *arguments)
    if plan is not None:
        assert plan.selected_cells <= plan.budget_cells
        assert not np.any((plan.labels > 0) & np.isnan(risk))
    cells = only_value_error(budget_in_cells, amount, unit, rows * cols, cell_size)
    if cells is not None:
        assert 1 <= cells[0] <= rows * cols


def test_inputs_the_fuzzing_found_crashing_now_raise_value_error():
    """ZeroDivisionError (a km2 budget with a cell area that underflows to 0) and a RuntimeWarning
    with NaN metrics (infinite event counts) before the fixes of the hardening issue."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError):
            budget_in_cells(1.0, "km2", 1, 5.75e-285)
        with pytest.raises(ValueError):
            score_surface(np.zeros((1, 5)), None, np.array([[0.0, 0.0, 0.0, np.inf, -np.inf]]), [1.0])


# --------------------------------------------------------------------------- trends


@budget(25)
@given(st.data())
def test_temporal_trends_count_every_event_once_or_raise_value_error(data):
    n = data.draw(st.integers(0, 60))
    wild = WildInputs(data, ["t", "step", "alpha"])
    t = np.array(data.draw(st.lists(st.floats(17532, 18993), min_size=n, max_size=n)))
    t = wild.array("t", t, 17000, 19500)
    t = np.where(np.isfinite(t), t, np.nan)  # EventSet's domain: NaN for an unknown time
    kinds = st.sampled_from(["burglary", "theft", ""])
    category = np.array(data.draw(st.lists(kinds, min_size=n, max_size=n)), dtype=object)
    zones = np.array(data.draw(st.lists(st.integers(-1, 2), min_size=n, max_size=n)), dtype=np.int64)
    events = EventSet.from_arrays(np.zeros(n), np.zeros(n), t=t, category=category)
    step = wild.value("step", st.sampled_from(["week", "month", "quarter"]),
                      st.sampled_from(["year", "fortnight"]))
    alpha = wild.value("alpha", st.sampled_from([0.05, 0.1]), wild_floats(-1, 2))
    report = only_value_error(temporal_trends, events, zones, trend_step=step, alpha=alpha)
    if report is None:
        return
    dated = np.isfinite(t)
    overall = report.groups[0]
    assert overall.category is None and overall.zone is None
    assert overall.n_events == dated.sum()
    for series in overall.series.values():
        assert series.counts.sum() == dated.sum()
    for group in report.groups:
        assert 0 <= group.trend.p <= 1 and group.n_events <= overall.n_events
