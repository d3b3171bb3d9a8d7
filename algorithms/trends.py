"""The numbers behind the temporal trend report.

For every group of events (all events, each category, and with zones each zone and each
category in each zone) over an analysis period ``[start, end)``:

* **Count series** by calendar day, week (Monday first) and month (:mod:`.timesteps`);
  a step is *complete* when it lies entirely inside the period.
* **Seasonal profiles**: counts by month of year, by day of week (Monday first) and, when
  the times carry a clock time, by hour of day; with the number of such days in the
  period, so that a report can show rates per day and not only totals.
* **Trend** of the chosen series (complete steps only, by default), by one of
  :data:`TREND_TESTS`:

  - ``modified-mann-kendall``: the Mann-Kendall test (S, variance with tie correction,
    continuity-corrected z, two-sided p, Kendall's tau; Mann 1945, Kendall 1975) with its
    variance corrected for serial correlation (Hamed & Rao 1998; ``correction="serial"``
    of :func:`.stats.mann_kendall`), and Sen's (1968) slope whose bounds use that variance;
  - ``seasonal-kendall``: the seasonal Kendall test (Hirsch, Slack & Smith 1982) over the
    most recent whole years (12 seasons for months, 52 for weeks) with the covariance
    between seasons for serial dependence (Hirsch & Slack 1984, modelled as in
    :mod:`.seasonalkendall`), and the seasonal Kendall slope;
  - ``mann-kendall``: the plain test, which assumes independent steps (too eager on real,
    autocorrelated crime series: kept for comparison);
  - ``auto`` (default): for monthly and weekly series with at least two whole years, the
    seasonal Kendall test where the group's series has a seasonal cycle (Kruskal-Wallis
    across the months of year, p <= 0.05 on the detrended series), otherwise the modified
    Mann-Kendall test. Each group gets its own choice, recorded in its row.

  The slope is given per step and per year (``slope per year = slope per step x steps per
  year``: 12 for months, 365.2425 / 7 for weeks, 365.2425 for days). The trend is
  "increasing" / "decreasing" when ``p <= alpha`` and S is positive / negative, otherwise
  "no significant trend".
* **Change against the same period of the previous year**: the count in
  ``[change_start, change_end)`` (default: the last 12 calendar months of the period)
  against the count in the same dates 12 calendar months earlier, with the absolute and
  percent change (NaN when the previous count is 0). ``previous_covered`` says whether
  the analysis period covers the whole previous window.

Counts are sums of the event weights (1 per event by default). Events without a time are
left out (and counted in the parameters).

References
----------
Mann, H. B. (1945). Nonparametric tests against trend. Econometrica 13(3), 245-259.
Kendall, M. G. (1975). Rank Correlation Methods. Griffin, London.
Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau. JASA 63(324).
Hamed, K. H., & Rao, A. R. (1998). A modified Mann-Kendall trend test for autocorrelated data.
Journal of Hydrology 204, 182-196.
Hirsch, R. M., Slack, J. R., & Smith, R. A. (1982). Techniques of trend analysis for monthly water
quality data. Water Resources Research 18(1), 107-121.
Hirsch, R. M., & Slack, J. R. (1984). A nonparametric trend test for seasonal data with serial
dependence. Water Resources Research 20(6), 727-732.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .events import EventSet, datetime64_from_days
from .seasonalkendall import SEASONS, seasonal_cycle_p, seasonal_kendall, seasonal_sens_slope
from .stats import check_probability, mann_kendall, sens_slope
from .timesteps import (
    MONTH_NAMES, STEPS_PER_YEAR, WEEKDAY_NAMES, check_step, day_of_week, event_period, hour_of_day,
    month_of_year, shift_months, step_edges, step_labels, step_of,
)

__all__ = ["SERIES_STEPS", "ALL", "TREND_TESTS", "SEASONAL_CYCLE_ALPHA", "CountSeries", "SeasonalProfile",
           "TrendTest", "PeriodChange", "GroupTrends", "TrendReport", "Group", "trend_tests",
           "temporal_trends"]

#: Steps of the count series every group gets.
SERIES_STEPS = ("day", "week", "month")

#: Label of "every category" / "every zone" in table rows.
ALL = "(all)"

#: Trend tests :func:`temporal_trends` can run ("auto" chooses per group, see the module docstring).
TREND_TESTS = ("auto", "modified-mann-kendall", "seasonal-kendall", "mann-kendall")
#: Level of the Kruskal-Wallis test that sends a series to the seasonal Kendall test under "auto".
SEASONAL_CYCLE_ALPHA = 0.05


def _iso_date(day: float) -> str:
    return str(datetime64_from_days(day).astype("datetime64[D]"))


@dataclass
class CountSeries:
    """Counts per calendar step; ``complete`` is False for steps cut by the period's ends."""

    step: str
    edges: np.ndarray  # days since 1970-01-01, n_steps + 1
    labels: list[str]
    counts: np.ndarray  # float64 [n_steps]
    complete: np.ndarray  # bool [n_steps]

    def rows(self) -> list[dict[str, Any]]:
        steps = zip(self.labels, self.edges[:-1], self.counts, self.complete)
        return [{"step": label, "start": _iso_date(start), "count": float(count), "complete": bool(done)}
                for label, start, count, done in steps]


@dataclass
class SeasonalProfile:
    """Counts by month of year, day of week (Monday first) and hour of day (None without times)."""

    by_month: np.ndarray  # [12], January first
    month_days: np.ndarray  # [12] days of each month in the period
    by_weekday: np.ndarray  # [7], Monday first
    weekday_days: np.ndarray  # [7]
    by_hour: np.ndarray | None  # [24]

    def rows(self) -> list[dict[str, Any]]:
        """Long table: profile ("month", "weekday", "hour"), key, count, days, count per day."""
        rows = []
        for profile, names, counts, days in (("month", MONTH_NAMES, self.by_month, self.month_days),
                                             ("weekday", WEEKDAY_NAMES, self.by_weekday, self.weekday_days)):
            for name, count, n_days in zip(names, counts, days):
                rows.append({"profile": profile, "key": name, "count": float(count), "days": int(n_days),
                             "per_day": float(count / n_days) if n_days else float("nan")})
        if self.by_hour is not None:
            for hour, count in enumerate(self.by_hour):
                rows.append({"profile": "hour", "key": f"{hour:02d}:00", "count": float(count),
                             "days": None, "per_day": None})
        return rows


@dataclass
class TrendTest:
    """Trend test (Mann-Kendall family) and slope of one count series."""

    step: str
    n_steps: int  # steps the test used (the seasonal test uses whole years only)
    test: str  # "modified-mann-kendall", "seasonal-kendall" or "mann-kendall"
    s: float
    variance: float
    z: float
    p: float
    tau: float
    slope_per_step: float
    slope_per_year: float
    slope_lower: float  # per step, confidence bounds of Sen's slope
    slope_upper: float
    intercept: float  # fitted count at the first step
    alpha: float
    significant: bool
    direction: str  # "increasing", "decreasing" or "no significant trend"
    variance_factor: float = 1.0  # variance inflation for serial correlation (1: none)
    seasonal_p: float = float("nan")  # Kruskal-Wallis p of a seasonal cycle (NaN: not tested)


@dataclass
class PeriodChange:
    """Count in a period against the same dates one year (12 calendar months) earlier."""

    start: float
    end: float
    previous_start: float
    previous_end: float
    count: float
    previous_count: float
    change: float
    percent_change: float  # NaN when the previous count is 0
    previous_covered: bool  # the analysis period covers the whole previous window


@dataclass
class GroupTrends:
    """Everything the report says about one group of events."""

    category: str | None  # None: every category
    zone: int | None  # None: every zone
    n_events: float
    series: dict[str, CountSeries]
    seasonal: SeasonalProfile
    trend: TrendTest
    change: PeriodChange

    def summary_row(self) -> dict[str, Any]:
        t, c = self.trend, self.change
        return {
            "category": ALL if self.category is None else self.category,
            "zone": ALL if self.zone is None else self.zone,
            "events": float(self.n_events), "trend_step": t.step, "steps": t.n_steps, "trend_test": t.test,
            "variance_factor": t.variance_factor, "seasonal_p": t.seasonal_p, "mk_s": t.s, "mk_z": t.z, "mk_p": t.p, "kendall_tau": t.tau,
            "sen_slope_per_step": t.slope_per_step, "sen_slope_per_year": t.slope_per_year,
            "sen_slope_lower": t.slope_lower, "sen_slope_upper": t.slope_upper, "trend": t.direction,
            "period_start": _iso_date(c.start), "period_end": _iso_date(c.end - 1),
            "count": c.count, "previous_count": c.previous_count, "change": c.change,
            "percent_change": c.percent_change, "previous_covered": c.previous_covered,
        }


@dataclass
class TrendReport:
    """Trends of every group, with the parameters an analyst should see."""

    groups: list[GroupTrends]
    start: float
    end: float
    parameters: dict[str, Any] = field(default_factory=dict)

    def summary_rows(self) -> list[dict[str, Any]]:
        return [g.summary_row() for g in self.groups]

    def _labelled(self, group: GroupTrends, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        label = {"category": ALL if group.category is None else group.category,
                 "zone": ALL if group.zone is None else group.zone}
        return [{**label, **row} for row in rows]

    def series_rows(self, step: str = "month") -> list[dict[str, Any]]:
        """Long table of the count series of every group at ``step``."""
        return [row for g in self.groups for row in self._labelled(g, g.series[step].rows())]

    def seasonal_rows(self) -> list[dict[str, Any]]:
        return [row for g in self.groups for row in self._labelled(g, g.seasonal.rows())]


Group = tuple[str | None, int | None, np.ndarray]


def _groups(events: EventSet, zones: np.ndarray | None, by_category: bool) -> list[Group]:
    """(category, zone, bool mask) of each group: all, each category, each zone, each pair."""
    n = len(events)
    categories: list[tuple[str | None, np.ndarray]] = [(None, np.ones(n, dtype=bool))]
    if by_category:
        names = events.category.astype(str)
        categories += [(name, names == name) for name in events.categories()]
    zone_masks: list[tuple[int | None, np.ndarray]] = [(None, np.ones(n, dtype=bool))]
    if zones is not None:
        zone_masks += [(int(z), zones == z) for z in np.unique(zones[zones >= 0])]
    return [(category, zone, c_mask & z_mask)
            for category, c_mask in categories for zone, z_mask in zone_masks]


def _checked_zones(zones: np.ndarray | None, n: int) -> np.ndarray | None:
    if zones is None:
        return None
    zones = np.asarray(zones)
    if zones.shape != (n,) or zones.dtype.kind not in "iu":
        raise ValueError(f"zones must be an integer array with one zone id per event ({n}), "
                         "-1 outside any zone")
    return zones.astype(np.int64)


def _day_profile(start: float, end: float) -> tuple[np.ndarray, np.ndarray]:
    """Number of whole days of each month of year and of each weekday in ``[start, end)``."""
    days = np.arange(np.ceil(start), np.floor(end))
    return (np.bincount(month_of_year(days), minlength=12), np.bincount(day_of_week(days), minlength=7))


def _check_trend_test(test: str, step: str, n_steps: int) -> None:
    if test not in TREND_TESTS:
        raise ValueError(f"unknown trend test {test!r}: use one of {', '.join(TREND_TESTS)}")
    if test == "seasonal-kendall" and (step not in SEASONS or n_steps < 2 * SEASONS[step]):
        raise ValueError(
            f"the seasonal Kendall test needs monthly or weekly steps over at least two whole years; "
            f"got {n_steps} {step} steps: use the modified Mann-Kendall test, or a longer period"
        )


def _seasonal_rows(matrix: np.ndarray, step: str, test: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows to test with the seasonal Kendall test, and their seasonal-cycle p-values (NaN: untested)."""
    n_groups, n_steps = matrix.shape
    seasonal_p = np.full(n_groups, np.nan)
    if step not in SEASONS or n_steps < 2 * SEASONS[step] or test not in ("auto", "seasonal-kendall"):
        return np.zeros(n_groups, dtype=bool), seasonal_p
    seasonal_p = seasonal_cycle_p(matrix, SEASONS[step], axis=1)
    if test == "seasonal-kendall":
        return np.ones(n_groups, dtype=bool), seasonal_p
    return seasonal_p <= SEASONAL_CYCLE_ALPHA, seasonal_p


def trend_tests(matrix: np.ndarray, step: str, alpha: float, test: str = "auto") -> list[TrendTest]:
    """Trend test and slope of each row of ``[n_groups, n_steps]`` (see the module docstring)."""
    _check_trend_test(test, step, matrix.shape[1])
    seasonal, seasonal_p = _seasonal_rows(matrix, step, test)
    correction = "none" if test == "mann-kendall" else "serial"
    mk = mann_kendall(matrix, axis=1, correction=correction)
    factor = np.broadcast_to(mk.variance_factor, mk.s.shape)
    sen = sens_slope(matrix, axis=1, confidence=1.0 - alpha, variance_factor=factor)
    name = "mann-kendall" if test == "mann-kendall" else "modified-mann-kendall"
    n_pairs = matrix.shape[1] * (matrix.shape[1] - 1) / 2.0
    columns = {"test": [name] * matrix.shape[0], "n_steps": [matrix.shape[1]] * matrix.shape[0],
               "s": mk.s, "variance": mk.variance, "z": mk.z, "p": mk.p, "tau": mk.s / n_pairs,
               "factor": factor, "slope": sen.slope, "lower": sen.lower, "upper": sen.upper,
               "intercept": sen.intercept}
    if seasonal.any():
        sk = seasonal_kendall(matrix[seasonal], SEASONS[step], axis=1)
        slope = seasonal_sens_slope(matrix[seasonal], sk, axis=1, confidence=1.0 - alpha)
        rows = np.nonzero(seasonal)[0]
        sk_pairs = sk.period * sk.n_years * (sk.n_years - 1) / 2.0
        for key, values in (("s", sk.s), ("variance", sk.variance), ("z", sk.z), ("p", sk.p),
                            ("tau", sk.s / sk_pairs), ("factor", sk.variance_factor), ("slope", slope.slope),
                            ("lower", slope.lower), ("upper", slope.upper), ("intercept", slope.intercept)):
            columns[key] = np.array(columns[key], dtype=np.float64)
            columns[key][rows] = values
        for row in rows:
            columns["test"][row] = "seasonal-kendall"
            columns["n_steps"][row] = sk.period * sk.n_years
    tests = []
    for g in range(matrix.shape[0]):
        significant = bool(columns["p"][g] <= alpha)
        direction = "no significant trend"
        if significant:
            direction = "increasing" if columns["s"][g] > 0 else "decreasing"
        slope = float(columns["slope"][g])
        tests.append(TrendTest(
            step=step, n_steps=int(columns["n_steps"][g]), test=columns["test"][g], s=float(columns["s"][g]),
            variance=float(columns["variance"][g]), z=float(columns["z"][g]), p=float(columns["p"][g]),
            tau=float(columns["tau"][g]), slope_per_step=slope, slope_per_year=slope * STEPS_PER_YEAR[step],
            slope_lower=float(columns["lower"][g]), slope_upper=float(columns["upper"][g]),
            intercept=float(columns["intercept"][g]), alpha=alpha, significant=significant, direction=direction,
            variance_factor=float(columns["factor"][g]), seasonal_p=float(seasonal_p[g]),
        ))
    return tests


def _change(t: np.ndarray, w: np.ndarray, start: float, end: float, data_start: float) -> PeriodChange:
    previous_start, previous_end = float(shift_months(start, -12)), float(shift_months(end, -12))
    count = float(w[(t >= start) & (t < end)].sum())
    previous = float(w[(t >= previous_start) & (t < previous_end)].sum())
    percent = 100.0 * (count - previous) / previous if previous > 0 else float("nan")
    return PeriodChange(start=start, end=end, previous_start=previous_start, previous_end=previous_end,
                        count=count, previous_count=previous, change=count - previous, percent_change=percent,
                        previous_covered=bool(data_start <= previous_start))


def temporal_trends(events: EventSet, zones: np.ndarray | None = None, by_category: bool = True,
                    trend_step: str = "month", has_hours: bool | None = None, start: float | None = None,
                    end: float | None = None, change_start: float | None = None,
                    change_end: float | None = None,
                    alpha: float = 0.05, complete_steps_only: bool = True,
                    trend_test: str = "auto") -> TrendReport:
    """Count series, seasonal profiles, trend and year-on-year change of every group of events.

    ``zones``: optional int zone id per event (-1 outside any zone). ``trend_step``: the
    series the trend test runs on (``day``, ``week``, ``month``, ``quarter`` or ``year``).
    ``has_hours``: whether times carry a clock time (None: yes when any time has a
    fractional part of day). ``start`` / ``end``: analysis period in days since 1970-01-01
    (default: the first event's day to the day after the last). ``change_start`` /
    ``change_end``: the period compared with the same dates a year earlier (default: the
    12 calendar months before ``end``). ``alpha``: trend significance level (and 1 minus
    the confidence of Sen's slope bounds). ``trend_test``: one of :data:`TREND_TESTS`.
    """
    check_step(trend_step)
    alpha = check_probability(alpha)
    zones = _checked_zones(zones, len(events))
    timed = np.isfinite(events.t)
    n_undated = int((~timed).sum())
    events = events.subset(timed)
    zones = None if zones is None else zones[timed]
    start, end = event_period(events, start, end)
    in_period = (events.t >= start) & (events.t < end)
    change_end = end if change_end is None else float(change_end)
    change_start = float(shift_months(change_end, -12)) if change_start is None else float(change_start)
    if not change_end > change_start:
        raise ValueError("the change period ends before it starts: give change_start before change_end")
    if has_hours is None:
        has_hours = bool(np.any(events.t != np.floor(events.t)))

    steps = dict.fromkeys((*SERIES_STEPS, trend_step))
    for step in steps:
        edges = step_edges(start, end, step)
        complete = (edges[:-1] >= start) & (edges[1:] <= end)
        steps[step] = (edges, step_of(events.t, edges), complete)
    trend_edges, _, trend_complete = steps[trend_step]
    trend_columns = trend_complete if complete_steps_only else np.ones(trend_complete.size, dtype=bool)
    if trend_columns.sum() < 3:
        raise ValueError(
            f"the period holds {int(trend_columns.sum())} complete {trend_step} steps, fewer than the 3 "
            "a trend test needs (10 or more advised): use a shorter trend step or a longer period"
        )

    _check_trend_test(trend_test, trend_step, int(trend_columns.sum()))
    month_days, weekday_days = _day_profile(start, end)
    groups = _groups(events, zones, by_category)
    trend_matrix = np.empty((len(groups), int(trend_columns.sum())))
    partial = []
    for g, (category, zone, member) in enumerate(groups):
        keep = member & in_period
        t, w = events.t[keep], events.weight[keep]
        series = {}
        for step, (edges, index, complete) in steps.items():
            counts = np.bincount(index[keep], weights=w, minlength=edges.size - 1)
            series[step] = CountSeries(step, edges, step_labels(edges, step), counts, complete)
        trend_matrix[g] = series[trend_step].counts[trend_columns]
        seasonal = SeasonalProfile(
            by_month=np.bincount(month_of_year(t), weights=w, minlength=12), month_days=month_days,
            by_weekday=np.bincount(day_of_week(t), weights=w, minlength=7), weekday_days=weekday_days,
            by_hour=np.bincount(hour_of_day(t), weights=w, minlength=24) if has_hours else None,
        )
        change = _change(t, w, change_start, change_end, start)
        kept_series = {s: series[s] for s in SERIES_STEPS}
        partial.append((category, zone, float(w.sum()), kept_series, seasonal, change))
    tests = trend_tests(trend_matrix, trend_step, alpha, trend_test)
    report_groups = [GroupTrends(category=c, zone=z, n_events=n, series=s, seasonal=season, trend=test,
                                 change=change)
                     for (c, z, n, s, season, change), test in zip(partial, tests)]
    parameters = {
        "period_start": _iso_date(start), "period_end": _iso_date(end - 1),
        "trend_step": trend_step, "trend_steps": int(trend_columns.sum()),
        "first_trend_step": step_labels(trend_edges, trend_step)[int(np.argmax(trend_columns))],
        "complete_steps_only": bool(complete_steps_only), "trend_test": trend_test,
        "trend_tests_run": ", ".join(sorted({t.test for t in tests})), "alpha": alpha, "has_hours": bool(has_hours),
        "change_period_start": _iso_date(change_start), "change_period_end": _iso_date(change_end - 1),
        "events_in_period": float(events.weight[in_period].sum()), "undated_events_left_out": n_undated,
        "groups": len(report_groups),
    }
    return TrendReport(groups=report_groups, start=start, end=end, parameters=parameters)
