"""Checks of what an experienced analyst would notice in a layer of events before trusting a map of it.

Pure numpy: which events lie far outside the bulk in space or time, and which are exact duplicates.
The bulk is described by robust statistics (median and interquartile range), so a few absurd values
(an address geocoded to 0,0, a date typed as 1900) cannot hide themselves by inflating the spread.

Then the same for what a method fitted or forecast: a :class:`Finding` names a fitted value outside
its sensible range (a SEPP spread below a quarter cell, a KDE radius wider than the study area, a
learned model with a handful of positive samples) or a forecast total far from the recent counts.
The plugin words each finding in the user's language; nothing here knows QGIS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["FENCE_IQRS", "MIN_SPATIAL_SPREAD", "MIN_TEMPORAL_SPREAD", "MAX_OUTLIER_SHARE", "far_in_space",
           "far_in_time", "duplicated", "SHORTEST_DELAY_DAYS", "SMALLEST_SPREAD_CELLS",
           "MIN_POSITIVE_SAMPLES", "FORECAST_RATIO", "RECENT_DAYS", "Finding", "spread_findings",
           "study_width", "SIGMA_AT_FLOOR", "sepp_findings", "radius_findings", "positive_sample_findings",
           "recent_expectation", "forecast_findings"]

#: An event is far from the bulk beyond this many interquartile ranges from the median (a Tukey fence
#: far wider than the usual 1.5-3, so that real suburbs and quiet years are never flagged).
FENCE_IQRS = 10.0
#: Smallest spreads considered (metres, days): a tiny area or period is not turned into outliers.
MIN_SPATIAL_SPREAD = 500.0
MIN_TEMPORAL_SPREAD = 30.0
#: Far events are outliers only while they stay a small share of the layer (else they are the data).
MAX_OUTLIER_SHARE = 0.05


def _far(values: np.ndarray, min_spread: float) -> np.ndarray:
    finite = np.isfinite(values)
    far = np.zeros(values.shape, dtype=bool)
    if finite.sum() < 10:
        return far
    q25, median, q75 = np.percentile(values[finite], [25, 50, 75])
    spread = max(q75 - q25, min_spread)
    far[finite] = np.abs(values[finite] - median) > FENCE_IQRS * spread
    return far


def far_in_space(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Events far from the bulk in x or y (metres), or none when they would be more than a few percent."""
    far = _far(np.asarray(x, float), MIN_SPATIAL_SPREAD) | _far(np.asarray(y, float), MIN_SPATIAL_SPREAD)
    return far if far.mean() <= MAX_OUTLIER_SHARE else np.zeros_like(far)


def far_in_time(t: np.ndarray) -> np.ndarray:
    """Events dated far from the bulk (days), or none when they would be more than a few percent."""
    far = _far(np.asarray(t, float), MIN_TEMPORAL_SPREAD)
    return far if far.mean() <= MAX_OUTLIER_SHARE else np.zeros_like(far)


def duplicated(*columns: np.ndarray) -> np.ndarray:
    """Events identical to an earlier one in every given column (place, time, type...); a NaN equals nothing.

    Each column becomes integer codes and the rows are sorted on them (stable, so the first of equal rows
    is the earliest): linear in memory and about a second for a million events."""
    if not columns or len(columns[0]) == 0:
        return np.zeros(0, dtype=bool)
    if any(np.asarray(c).dtype.kind == "f" and np.isnan(c).all() for c in columns):
        return np.zeros(len(columns[0]), dtype=bool)  # e.g. events without dates: no row equals another
    codes = [_codes(np.asarray(column)) for column in columns]
    order = np.lexsort(codes[::-1])
    same = np.ones(order.size - 1, dtype=bool)
    for code in codes:
        same &= code[order[1:]] == code[order[:-1]]
    repeated = np.zeros(order.size, dtype=bool)
    repeated[order[1:][same]] = True
    return repeated


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer codes equal where the values are equal; every NaN gets a code of its own."""
    if values.dtype == object:
        values = values.astype(str)
    _, inverse = np.unique(values, return_inverse=True)
    inverse = inverse.astype(np.int64).ravel()
    if values.dtype.kind in "fc":
        missing = np.flatnonzero(np.isnan(values))
        inverse[missing] = inverse.max(initial=0) + 1 + np.arange(missing.size)
    return inverse


# ---------------------------------------------------------------------------------------------
# Fitted results

#: A mean delay between an event and its repeats shorter than this (days: one hour) is below what
#: recorded times can resolve.
SHORTEST_DELAY_DAYS = 1.0 / 24.0
#: A spread below this share of the cell size is finer than the map can show.
SMALLEST_SPREAD_CELLS = 0.25
#: A fitted SEPP spread at or below this (metres) sits at the fit's lower bound (1e-6 m).
SIGMA_AT_FLOOR = 1e-3
#: A learned forecast needs at least this many training samples with an event (a few dozen trees of
#: 40-sample leaves learn nothing from fewer).
MIN_POSITIVE_SAMPLES = 100
#: A forecast total outside [recent / FORECAST_RATIO, recent * FORECAST_RATIO] is far from the data.
FORECAST_RATIO = 3.0
#: The recent history the forecast total is compared with (days).
RECENT_DAYS = 365.0


@dataclass(frozen=True)
class Finding:
    """One implausible result: ``kind`` names the check, ``value`` is the fitted or forecast value and
    ``limit`` the bound it crossed (same units), so a message can name both."""

    kind: str
    value: float
    limit: float


def spread_findings(kind: str, value: float, smallest: float, largest: float) -> list[Finding]:
    """``kind + "_small"`` below ``smallest`` or ``kind + "_large"`` above ``largest`` (none when inside)."""
    if not np.isfinite(value):
        return []
    if value < smallest:
        return [Finding(f"{kind}_small", float(value), float(smallest))]
    if value > largest:
        return [Finding(f"{kind}_large", float(value), float(largest))]
    return []


def study_width(x: np.ndarray, y: np.ndarray) -> float:
    """The study area's width as the events span it: the larger side of their bounding box (metres).

    The events, not the grid: a grid built around them carries a margin as wide as the kernel."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.size == 0:
        return float("inf")
    return float(max(np.ptp(x), np.ptp(y)))


def sepp_findings(sigma: float, mean_delay: float, cell_size: float, width: float,
                  window_days: float) -> list[Finding]:
    """A SEPP fit's spread ``sigma`` (m) at the fit's lower bound (``sigma_floor``: at most
    :data:`SIGMA_AT_FLOOR`, EM drove it to nothing), else below a quarter cell or above half the study
    ``width``, and its ``mean_delay`` (days) under an hour or longer than the fitted ``window_days``. (A
    sigma held by the space cutoff, the upper bound, is the fit's own warning.)"""
    at_floor = [Finding("sigma_floor", float(sigma), SIGMA_AT_FLOOR)] if sigma <= SIGMA_AT_FLOOR else []
    return (at_floor or spread_findings("sigma", sigma, SMALLEST_SPREAD_CELLS * cell_size, width / 2.0)) + \
        spread_findings("delay", mean_delay, SHORTEST_DELAY_DAYS, window_days)


def radius_findings(kind: str, radius: float, cell_size: float, width: float) -> list[Finding]:
    """A kernel radius or bandwidth (m) smaller than one cell or larger than the study area's ``width``."""
    return spread_findings(kind, radius, cell_size, width)


def positive_sample_findings(positive: int) -> list[Finding]:
    """Fewer than :data:`MIN_POSITIVE_SAMPLES` training samples holding an event."""
    if positive < MIN_POSITIVE_SAMPLES:
        return [Finding("positive_samples", float(positive), float(MIN_POSITIVE_SAMPLES))]
    return []


def recent_expectation(t: np.ndarray, weight: np.ndarray | None, as_of: float, horizon: float) -> float:
    """The mean (weighted) count over ``horizon`` days in the year before ``as_of`` (the history
    since the first event when it is shorter); NaN without history."""
    t = np.asarray(t, float)
    past = np.isfinite(t) & (t < as_of)
    if not past.any():
        return float("nan")
    start = max(as_of - RECENT_DAYS, float(t[past].min()))
    span = as_of - start
    if span <= 0:
        return float("nan")
    recent = past & (t >= start)
    weights = np.ones(t.shape) if weight is None else np.asarray(weight, float)
    return float(weights[recent].sum() * horizon / span)


def forecast_findings(expected: float, t: np.ndarray, weight: np.ndarray | None, as_of: float,
                      horizon: float) -> list[Finding]:
    """``forecast_high``/``forecast_low`` when the forecast total ``expected`` over ``horizon`` days is more
    than :data:`FORECAST_RATIO` times above or below the recent mean count over as many days
    (``limit`` holds that mean); with no event in the last year, ``forecast_high`` for one event or more."""
    recent = recent_expectation(t, weight, as_of, horizon)
    if not (np.isfinite(expected) and np.isfinite(recent)):
        return []
    if recent <= 0:  # no event in the last year: any forecast of one event or more is far from it
        return [Finding("forecast_high", float(expected), 0.0)] if expected >= 1.0 else []
    if expected > FORECAST_RATIO * recent:
        return [Finding("forecast_high", float(expected), recent)]
    if expected < recent / FORECAST_RATIO:
        return [Finding("forecast_low", float(expected), recent)]
    return []
