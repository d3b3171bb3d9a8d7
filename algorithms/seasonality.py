"""Piecewise-constant seasonal modulation of an event rate.

The modulation is ``s(t) = w[weekday(t)] * m[month(t)]``: a day-of-week factor
(Monday = 0) times a month-of-year factor (January = 0), constant over each
calendar day. Times are float days since 1970-01-01 (a Thursday), as in
:mod:`.events`.

:class:`SeasonalFactors` is estimated from (expected) event counts by one sweep of
iterative proportional fitting, the maximum-likelihood update of a multiplicative
Poisson rate model (Bishop, Fienberg & Holland 1975, ch. 3), and normalised so
that ``s`` averages 1 over the estimation window: the overall level stays with
the rate it modulates.

References
----------
Bishop, Y. M. M., Fienberg, S. E., & Holland, P. W. (1975). Discrete Multivariate
Analysis. MIT Press.
Mohler, G. O. et al. (2015). Randomized controlled field trials of predictive
policing. JASA 110(512), 1399-1411 (background rates by cell and period).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .events import datetime64_from_days

__all__ = ["SEASONALITY_CHOICES", "weekday_of", "month_of", "DayPieces", "SeasonalFactors"]

#: Accepted seasonality choices, in the order a user interface should list them.
SEASONALITY_CHOICES = ("none", "weekly", "yearly", "weekly+yearly")


def weekday_of(t: np.ndarray) -> np.ndarray:
    """Day of week (Monday = 0) of times in days since 1970-01-01 (a Thursday)."""
    return (np.floor(np.asarray(t, dtype=np.float64)).astype(np.int64) + 3) % 7


def month_of(t: np.ndarray) -> np.ndarray:
    """Month of year (January = 0) of times in days since 1970-01-01."""
    months = datetime64_from_days(np.floor(np.asarray(t, dtype=np.float64))).astype("datetime64[M]")
    return months.astype(np.int64) % 12


@dataclass(frozen=True)
class DayPieces:
    """A time window cut at midnights: one piece per calendar day it touches."""

    length: np.ndarray  # days of the window inside each calendar day (0, 1]
    weekday: np.ndarray
    month: np.ndarray

    @classmethod
    def of_window(cls, start: float, end: float) -> "DayPieces":
        """The calendar days of ``[start, end)`` and how much of each the window covers."""
        if not end > start:
            raise ValueError(f"window end {end} must come after its start {start}")
        first, last = math.floor(start), math.ceil(end)
        days = np.arange(first, last, dtype=np.float64)
        length = np.minimum(days + 1.0, end) - np.maximum(days, start)
        keep = length > 0
        days = days[keep]
        return cls(length=length[keep], weekday=weekday_of(days), month=month_of(days))


@dataclass(frozen=True)
class SeasonalFactors:
    """Day-of-week (7) and month-of-year (12) factors; all ones means no modulation."""

    weekday: np.ndarray
    month: np.ndarray

    @classmethod
    def flat(cls) -> "SeasonalFactors":
        return cls(weekday=np.ones(7), month=np.ones(12))

    def at(self, t: np.ndarray) -> np.ndarray:
        """``s(t)`` at the given times."""
        return self.weekday[weekday_of(t)] * self.month[month_of(t)]

    def integral(self, pieces: DayPieces) -> float:
        """The integral of ``s`` over a window cut into day pieces (days)."""
        return float(np.sum(pieces.length * self.weekday[pieces.weekday] * self.month[pieces.month]))

    def mean_over(self, start: float, end: float) -> float:
        """The average of ``s`` over ``[start, end)``."""
        return self.integral(DayPieces.of_window(start, end)) / (end - start)

    def refit(self, t: np.ndarray, counts: np.ndarray, pieces: DayPieces,
              weekly: bool, yearly: bool) -> "SeasonalFactors":
        """One proportional-fitting sweep from (expected) ``counts`` of events at times ``t``
        over the window ``pieces``; factors never observed keep the average level."""
        weekday, month = self.weekday, self.month
        if weekly:
            weekday = _proportional(weekday_of(t), counts, pieces.weekday,
                                    pieces.length * month[pieces.month], 7)
        if yearly:
            month = _proportional(month_of(t), counts, pieces.month,
                                  pieces.length * weekday[pieces.weekday], 12)
        fitted = SeasonalFactors(weekday=weekday, month=month)
        scale = fitted.integral(pieces) / float(pieces.length.sum())
        return SeasonalFactors(weekday=weekday / scale, month=month)

    def as_parameters(self) -> dict[str, float]:
        """Named factors for a report (only those that differ from a flat profile)."""
        names = {}
        if not np.allclose(self.weekday, 1.0):
            days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            names.update({f"weekday_factor_{d}": float(v) for d, v in zip(days, self.weekday)})
        if not np.allclose(self.month, 1.0):
            names.update({f"month_factor_{m + 1:02d}": float(v) for m, v in enumerate(self.month)})
        return names


def _proportional(level_of_event: np.ndarray, counts: np.ndarray, level_of_piece: np.ndarray,
                  exposure_of_piece: np.ndarray, n_levels: int) -> np.ndarray:
    """Counts over exposure per level, scaled to mean 1 over the exposure; unobserved levels get 1."""
    observed = np.bincount(level_of_event, weights=counts, minlength=n_levels)
    exposure = np.bincount(level_of_piece, weights=exposure_of_piece, minlength=n_levels)
    seen = exposure > 0
    rate = np.ones(n_levels)
    rate[seen] = observed[seen] / exposure[seen]
    average = observed[seen].sum() / exposure[seen].sum()
    if average > 0:
        rate[seen] /= average
    return rate
