"""Temporal trend report numbers: hand-computed series, known-slope and flat simulations."""

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet, days_from_datetime64
from crimerisk.algorithms.timesteps import month_start
from crimerisk.algorithms.trends import ALL, temporal_trends, trend_tests


def _days(*texts: str) -> np.ndarray:
    return days_from_datetime64(np.array(texts, dtype="datetime64[s]"))


def _events(t: np.ndarray, category=None) -> EventSet:
    return EventSet.from_arrays(np.zeros(len(t)), np.zeros(len(t)), t=t, category=category)


def _monthly_events(rates: np.ndarray, first_month: int, rng: np.random.Generator) -> np.ndarray:
    """Poisson(rate) event times spread uniformly in each calendar month from ``first_month``."""
    times = []
    for k, rate in enumerate(rates):
        begin, finish = month_start(first_month + k), month_start(first_month + k + 1)
        times.append(rng.uniform(begin, finish, rng.poisson(rate)))
    return np.concatenate(times)


JAN_2023 = (2023 - 1970) * 12


def test_hand_computed_series_profiles_and_change():
    t = _days("2023-01-02T09:15", "2023-01-02T21:00", "2023-01-09", "2023-02-15T09:59",
              "2024-01-03", "2024-02-20T09:00", "2024-03-01", "2024-12-31T23:00")
    category = np.array(["a", "b", "a", "a", "b", "a", "a", "b"], dtype=object)
    report = temporal_trends(_events(t, category), trend_step="month", start=_days("2023-01-01")[0],
                             end=_days("2025-01-01")[0])
    overall = report.groups[0]
    assert (overall.category, overall.zone, overall.n_events) == (None, None, 8.0)
    month = overall.series["month"]
    assert month.labels[:3] == ["2023-01", "2023-02", "2023-03"] and len(month.labels) == 24
    assert month.counts[:3].tolist() == [3, 1, 0] and month.counts[12:15].tolist() == [1, 1, 1]
    week = overall.series["week"]
    assert week.labels[:2] == ["2022-W52", "2023-W01"] and week.counts[:3].tolist() == [0, 2, 1]
    assert not week.complete[0] and week.complete[1]  # the week of Monday 26 Dec 2022 is cut
    assert overall.series["day"].counts.sum() == 8 and overall.series["day"].counts[:2].tolist() == [0, 2]
    seasonal = overall.seasonal
    assert seasonal.by_month.tolist() == [4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert seasonal.month_days[1] == 28 + 29 and seasonal.month_days[0] == 62
    assert seasonal.by_weekday.tolist() == [3, 2, 2, 0, 1, 0, 0]  # Monday 2 Jan (x2), 9 Jan; ...
    assert seasonal.weekday_days.sum() == 731
    assert seasonal.by_hour[9] == 3 and seasonal.by_hour[0] == 3 and seasonal.by_hour.sum() == 8
    change = overall.change  # 2024 against 2023
    assert (change.count, change.previous_count, change.change) == (4, 4, 0)
    assert change.percent_change == 0.0 and change.previous_covered
    by_category = {g.category: g for g in report.groups}
    assert by_category["a"].change.count == 2 and by_category["a"].change.previous_count == 3
    assert by_category["a"].change.percent_change == pytest.approx(-100 / 3)
    assert by_category["b"].series["month"].counts.sum() == 3


def test_known_linear_trend_is_recovered():
    rng = np.random.default_rng(12)
    rates = 20.0 + 2.0 * np.arange(48)  # +2 events per month each month, 24 per year
    t = _monthly_events(rates, JAN_2023, rng)
    report = temporal_trends(_events(t), trend_step="month", start=month_start(JAN_2023),
                             end=month_start(JAN_2023 + 48))
    trend = report.groups[0].trend
    assert trend.n_steps == 48 and trend.significant and trend.direction == "increasing"
    assert trend.slope_per_step == pytest.approx(2.0, abs=0.3)
    assert trend.slope_per_year == pytest.approx(24.0, abs=3.6)
    assert trend.slope_lower < 2.0 < trend.slope_upper
    assert trend.intercept == pytest.approx(20.0, abs=7.0)  # SD about 2.3
    change = report.groups[0].change  # the last 12 months against the 12 before
    assert change.count == np.sum(t >= month_start(JAN_2023 + 36))
    previous = (t >= month_start(JAN_2023 + 24)) & (t < month_start(JAN_2023 + 36))
    assert change.previous_count == np.sum(previous)
    assert abs(change.count - rates[36:].sum()) < 4 * np.sqrt(rates[36:].sum())
    assert change.percent_change == pytest.approx(100 * (change.count / change.previous_count - 1))


def test_flat_series_are_rarely_significant():
    rng = np.random.default_rng(0)
    significant = 0
    for _ in range(40):
        t = _monthly_events(np.full(36, 30.0), JAN_2023, rng)
        report = temporal_trends(_events(t), start=month_start(JAN_2023), end=month_start(JAN_2023 + 36))
        significant += report.groups[0].trend.significant
    assert significant <= 6  # about 2 expected at the 5% level


def test_zones_partial_steps_and_rows():
    rng = np.random.default_rng(3)
    t = _days("2023-01-15")[0] + rng.uniform(0, 700, 3000)
    zones = rng.integers(-1, 3, t.size)
    report = temporal_trends(_events(np.floor(t)), zones=zones, by_category=False)
    assert [(g.category, g.zone) for g in report.groups] == [(None, None), (None, 0), (None, 1), (None, 2)]
    overall, zone_groups = report.groups[0], report.groups[1:]
    assert overall.n_events == 3000
    assert sum(g.n_events for g in zone_groups) == np.sum(zones >= 0)  # -1 only in the overall group
    assert overall.seasonal.by_hour is None and not report.parameters["has_hours"]
    month = overall.series["month"]
    assert not month.complete[0] and not month.complete[-1] and month.complete[1:-1].all()
    assert overall.trend.n_steps == month.complete.sum()
    rows = report.summary_rows()
    assert rows[0]["category"] == ALL and rows[1]["zone"] == 0 and "sen_slope_per_year" in rows[0]
    assert len(report.series_rows("week")) == 4 * len(overall.series["week"].counts)
    assert {row["profile"] for row in report.seasonal_rows()} == {"month", "weekday"}


def test_invalid_inputs_name_the_fix():
    events = _events(_days("2024-01-01", "2024-02-10"))
    with pytest.raises(ValueError, match="shorter trend step or a longer period"):
        temporal_trends(events, trend_step="month")
    with pytest.raises(ValueError, match="one zone id per event"):
        temporal_trends(events, zones=np.array([0]), trend_step="day")
    with pytest.raises(ValueError, match="unknown time step"):
        temporal_trends(events, trend_step="hour")
    report = temporal_trends(events, trend_step="day")
    assert np.isnan(report.groups[0].change.percent_change)  # nothing a year before
    assert not report.groups[0].change.previous_covered


def _log_ar1(rng, n_series: int, n_steps: int, phi: float, sd: float) -> np.ndarray:
    """Stationary AR(1) log-rate deviations of marginal sd ``sd`` (mean -sd^2/2: rate mean kept)."""
    values = np.empty((n_series, n_steps))
    values[:, 0] = rng.normal(size=n_series)
    for t in range(1, n_steps):
        values[:, t] = phi * values[:, t - 1] + np.sqrt(1 - phi * phi) * rng.normal(size=n_series)
    return sd * values - sd * sd / 2


def _monthly_counts(rng, n_series: int, mean: float, phi: float = 0.0, sd: float = 0.0, growth: float = 0.0,
                    amplitude: float = 0.0, n_steps: int = 36) -> np.ndarray:
    t = np.arange(n_steps)
    rate = (mean * np.exp(_log_ar1(rng, n_series, n_steps, phi, sd)) * (1 + amplitude * np.cos(2 * np.pi * t / 12))
            * (1 + growth * t / (n_steps - 1)))
    return rng.poisson(rate).astype(float)


def test_default_trend_test_holds_its_level_on_autocorrelated_and_seasonal_months():
    """No trend, 36 months, 1,000 series each (seed 21); share flagged at 5%
    (plain Mann-Kendall / modified Mann-Kendall / auto, the default):

    - AR(1) log-rate phi 0.6 sd 0.2, ~50 a month: 21.9% / 6.3% / 6.7%
    - AR(1) log-rate phi 0.6 sd 0.4, ~5 a month: 15.1% / 6.4% / 7.1%
    - seasonal +-25%, independent months, ~50 a month: 0.3% / 0.0% / 1.9%
    - seasonal +-25% and AR(1) as above: 14.5% / 0.7% / 4.7%
    """
    rng = np.random.default_rng(21)
    cases = {"ar1 50": _monthly_counts(rng, 1000, 50.0, 0.6, 0.2),
             "ar1 5": _monthly_counts(rng, 1000, 5.0, 0.6, 0.4),
             "seasonal": _monthly_counts(rng, 1000, 50.0, amplitude=0.25),
             "seasonal ar1": _monthly_counts(rng, 1000, 50.0, 0.6, 0.2, amplitude=0.25)}
    for name, series in cases.items():
        tests = trend_tests(series, "month", 0.05)
        assert np.mean([t.significant for t in tests]) <= 0.08, name
    seasonal_tests = trend_tests(cases["seasonal"], "month", 0.05)
    assert np.mean([t.test == "seasonal-kendall" for t in seasonal_tests]) > 0.9
    assert all(t.n_steps == 36 and np.isfinite(t.seasonal_p) for t in seasonal_tests)
    plain = trend_tests(cases["ar1 50"], "month", 0.05, "mann-kendall")
    assert np.mean([t.significant for t in plain]) > 0.15  # the defect the default fixes
    assert {t.test for t in plain} == {"mann-kendall"} and all(t.variance_factor == 1 for t in plain)


def test_default_trend_test_detects_a_twenty_percent_rise_over_three_years():
    """+20% over 36 months (seed 22), power of the default test (plain MK / modified MK in brackets):
    ~50 a month 48.5% (57.8% / 48.4%), ~100 a month 79.8% (89.7% / 80.2%);
    ~100 a month with a +-25% cycle 58.7% (2.4% / 0.0%)."""
    rng = np.random.default_rng(22)
    for mean, amplitude, least in ((50.0, 0.0, 0.42), (100.0, 0.0, 0.72), (100.0, 0.25, 0.45)):
        tests = trend_tests(_monthly_counts(rng, 1000, mean, growth=0.2, amplitude=amplitude), "month", 0.05)
        assert np.mean([t.direction == "increasing" for t in tests]) >= least, (mean, amplitude)
        assert np.mean([t.direction == "decreasing" for t in tests]) < 0.01


def test_trend_test_choice_is_validated_and_recorded():
    rng = np.random.default_rng(5)
    events = _events(_monthly_events(np.full(30, 40.0), JAN_2023, rng))
    window = {"start": month_start(JAN_2023), "end": month_start(JAN_2023 + 30)}
    with pytest.raises(ValueError, match="unknown trend test"):
        temporal_trends(events, trend_test="spearman", **window)
    with pytest.raises(ValueError, match="monthly or weekly steps over at least two whole years"):
        temporal_trends(events, trend_step="day", trend_test="seasonal-kendall", **window)
    seasonal = temporal_trends(events, trend_test="seasonal-kendall", **window)
    trend = seasonal.groups[0].trend
    assert trend.test == "seasonal-kendall" and trend.n_steps == 24  # two whole years, oldest 6 dropped
    assert seasonal.parameters["trend_tests_run"] == "seasonal-kendall"
    row = seasonal.summary_rows()[0]
    assert row["trend_test"] == "seasonal-kendall" and row["variance_factor"] >= 1.0
    modified = temporal_trends(events, trend_test="modified-mann-kendall", **window).groups[0].trend
    assert modified.test == "modified-mann-kendall" and np.isnan(modified.seasonal_p) and modified.n_steps == 30
