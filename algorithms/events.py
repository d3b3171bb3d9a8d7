"""The event container every method reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EPOCH", "days_from_datetime64", "datetime64_from_days", "EventSet"]

#: Times are float64 days since this date (local time, no time zone).
EPOCH = np.datetime64("1970-01-01T00:00:00")


def days_from_datetime64(values: np.ndarray) -> np.ndarray:
    """Convert ``datetime64`` values to float days since :data:`EPOCH`."""
    delta = np.asarray(values, dtype="datetime64[s]") - EPOCH
    return delta.astype("timedelta64[s]").astype(np.float64) / 86400.0


def datetime64_from_days(days: np.ndarray | float) -> np.ndarray:
    """Inverse of :func:`days_from_datetime64` (second resolution)."""
    seconds = np.round(np.asarray(days, dtype=np.float64) * 86400.0).astype(np.int64)
    return EPOCH + seconds.astype("timedelta64[s]")


@dataclass(frozen=True)
class EventSet:
    """Point events in a projected, metric frame.

    Attributes
    ----------
    t : float64 days since :data:`EPOCH` (NaN where the time is unknown).
    x, y : float64 coordinates in metres.
    category : object array of ``str`` (crime type, ``""`` when absent).
    weight : float64 weights (1 by default).
    """

    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    category: np.ndarray
    weight: np.ndarray

    @classmethod
    def from_arrays(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        t: np.ndarray | None = None,
        category: np.ndarray | None = None,
        weight: np.ndarray | None = None,
    ) -> "EventSet":
        """Build an event set, filling absent columns with defaults and checking lengths."""
        x = np.asarray(x, dtype=np.float64).ravel()
        y = np.asarray(y, dtype=np.float64).ravel()
        n = x.size
        t = np.full(n, np.nan) if t is None else np.asarray(t, dtype=np.float64).ravel()
        if category is None:
            category = np.full(n, "", dtype=object)
        else:
            category = np.asarray(category, dtype=object).ravel()
        weight = np.ones(n) if weight is None else np.asarray(weight, dtype=np.float64).ravel()
        for name, column in (("y", y), ("t", t), ("category", category), ("weight", weight)):
            if column.size != n:
                raise ValueError(f"column {name} has {column.size} values, expected {n}")
        return cls(t=t, x=x, y=y, category=category, weight=weight)

    def __len__(self) -> int:
        return int(self.x.size)

    @property
    def has_times(self) -> bool:
        """True when every event has a finite time."""
        return len(self) > 0 and bool(np.all(np.isfinite(self.t)))

    def subset(self, keep: np.ndarray) -> "EventSet":
        """Events selected by a boolean mask or an index array."""
        return EventSet(
            t=self.t[keep], x=self.x[keep], y=self.y[keep],
            category=self.category[keep], weight=self.weight[keep],
        )

    def sorted_by_time(self) -> "EventSet":
        """Events in time order (stable, so equal times keep their input order)."""
        return self.subset(np.argsort(self.t, kind="stable"))

    def between(self, start: float | None = None, end: float | None = None) -> "EventSet":
        """Events with ``start <= t < end`` (either bound may be None)."""
        keep = np.ones(len(self), dtype=bool)
        if start is not None:
            keep &= self.t >= start
        if end is not None:
            keep &= self.t < end
        return self.subset(keep)

    def before(self, moment: float) -> "EventSet":
        """Events strictly before ``moment``: what a forecast for ``moment`` may see."""
        return self.between(None, moment)

    def of_categories(self, categories: list[str] | tuple[str, ...]) -> "EventSet":
        """Events whose category is one of ``categories`` (all events when empty)."""
        if not categories:
            return self
        return self.subset(np.isin(self.category.astype(str), list(categories)))

    def categories(self) -> list[str]:
        """Sorted distinct categories."""
        return sorted({str(c) for c in self.category})

    def time_span(self) -> tuple[float, float]:
        """(first, last) event time; raises ValueError when there is no timed event."""
        finite = self.t[np.isfinite(self.t)]
        if finite.size == 0:
            raise ValueError("no event has a valid time")
        return float(finite.min()), float(finite.max())
