"""Aoristic weights: events known only to have happened within a time window.

A burglary "between 08:00 and 18:30" or a car theft "overnight" has no single time.
Ratcliffe's aoristic analysis spreads each event's unit weight uniformly over the real
elapsed time of its window, so that an event from 22:00 to 02:00 puts 1/4 of its weight
in each of the hours 22, 23, 0 and 1. Hour-of-day and weekday profiles, heat tables and
shift shares built from these weights no longer pile uncertain events onto the window's
start.

Times are float days since 1970-01-01 in local clock time (see :mod:`.events`). Local
hours are numbered absolutely: hour bin ``b`` covers local clock times
``[b / 24, (b + 1) / 24)`` days, its hour of day is ``b % 24`` and its weekday
(Monday = 0) ``(b // 24 + 3) % 7``. Without a time zone every local hour lasts one real
hour. With a time zone (an IANA name such as ``"Europe/Paris"``) each local hour is
weighted by its real length: the hour skipped when clocks go forward lasts 0 real hours
and gets no weight; the hour repeated when they go back lasts 2 and gets twice the
weight of its neighbours. A window's length is likewise counted in real hours.

References
----------
Ratcliffe, J. H. (2000). Aoristic analysis: the spatial interpretation of unspecific
temporal events. International Journal of Geographical Information Science 14(7), 669-679.
Ratcliffe, J. H. (2002). Aoristic signatures and the spatio-temporal analysis of high
volume crime patterns. Journal of Quantitative Criminology 18(1), 23-43.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

__all__ = [
    "AoristicWeights", "WindowReport", "aoristic_weights", "check_windows", "hour_lengths", "window_midpoints",
    "WINDOW_POLICIES", "DEFAULT_MAX_WINDOW_DAYS",
]

#: What to do with a window that is negative (end before start) or longer than the limit.
WINDOW_POLICIES = ("drop", "keep")
#: Windows longer than this (days) are reported, and dropped or kept as asked.
DEFAULT_MAX_WINDOW_DAYS = 7.0
_HOURS_PER_DAY = 24
_EPS = 1e-9


@dataclass(frozen=True)
class WindowReport:
    """What the time windows of a set of events look like, and which events to keep."""

    n_events: int
    n_with_window: int  # events with a finite end after their start
    median_hours: float  # median length of those windows in hours (NaN without any)
    n_negative: int  # events whose end comes before their start
    n_too_long: int  # events whose window exceeds the limit
    max_days: float
    policy: str
    keep: np.ndarray  # bool per event: False for the dropped ones
    end: np.ndarray  # the end to use: NaN where the window is ignored (point events)

    @property
    def n_dropped(self) -> int:
        return int(self.n_events - np.count_nonzero(self.keep))

    @property
    def all_too_long(self) -> bool:
        """Every event that has a proper window has one longer than the limit."""
        proper = self.n_with_window
        return proper > 0 and self.n_too_long == proper

    @property
    def all_negative(self) -> bool:
        """Every event with an end has it before its start (start and end swapped?)."""
        return self.n_negative > 0 and self.n_with_window == 0


def check_windows(start: np.ndarray, end: np.ndarray, max_days: float = DEFAULT_MAX_WINDOW_DAYS,
                  policy: str = "drop") -> WindowReport:
    """Count and sort out the events' time windows ``[start, end]`` (days).

    An event whose end is missing (NaN) is a point event at its start. A negative
    window (end before start) is dropped with ``policy="drop"``, or kept as a point event
    at its start with ``policy="keep"``. A window longer than ``max_days`` is dropped, or
    kept and spread over its whole length. Raises ValueError on an unknown policy or a
    limit that is not a positive number.
    """
    if policy not in WINDOW_POLICIES:
        raise ValueError(f"unknown window policy {policy!r}; use one of {', '.join(WINDOW_POLICIES)}")
    if not (np.isfinite(max_days) and max_days > 0):
        raise ValueError(f"the longest window must be a positive number of days, got {max_days}")
    start = np.asarray(start, dtype=np.float64).ravel()
    end = np.asarray(end, dtype=np.float64).ravel()
    if start.shape != end.shape:
        raise ValueError(f"{end.size} window ends for {start.size} starts")
    has_end = np.isfinite(end) & np.isfinite(start)
    length = np.where(has_end, end - start, np.nan)
    negative = has_end & (length < 0)
    proper = has_end & (length > 0)  # an end equal to the start makes a point event
    too_long = proper & (length > max_days + _EPS)
    keep = np.ones(start.size, dtype=bool)
    used_end = np.where(proper, end, np.nan)
    if policy == "drop":
        keep &= ~(negative | too_long)
        used_end = np.where(too_long, np.nan, used_end)
    lengths = length[proper]
    return WindowReport(
        n_events=int(start.size), n_with_window=int(np.count_nonzero(proper)),
        median_hours=float(np.median(lengths) * 24.0) if lengths.size else float("nan"),
        n_negative=int(np.count_nonzero(negative)), n_too_long=int(np.count_nonzero(too_long)),
        max_days=float(max_days), policy=policy, keep=keep, end=used_end,
    )


def hour_lengths(first_bin: int, n_bins: int, time_zone: str | None = None) -> np.ndarray:
    """Real length (hours) of the local hour bins ``first_bin ... first_bin + n_bins - 1``.

    1 everywhere without a time zone; with one, 0 for a local hour skipped by a clock
    change, 2 for one lived twice (and fractions for zones that shift by half hours).
    """
    if time_zone is None:
        return np.ones(n_bins)
    from zoneinfo import ZoneInfo  # standard library; imported here as only zones need it

    zone = ZoneInfo(time_zone)
    origin = _dt.datetime(1970, 1, 1)
    # Real instants (UTC) of each local hour boundary: local minus its offset (fold=0, the
    # earlier reading of a repeated hour and the pre-change offset for a skipped one).
    offsets_by_day: dict = {}
    real = np.empty(n_bins + 1)
    for i, b in enumerate(range(first_bin, first_bin + n_bins + 1)):
        day = b // _HOURS_PER_DAY
        if day not in offsets_by_day:
            offsets_by_day[day] = _day_offsets(zone, origin, day)
        offset = offsets_by_day[day]
        real[i] = b - (offset if isinstance(offset, float) else offset[b % _HOURS_PER_DAY])
    return np.diff(real)


def _day_offsets(zone, origin: _dt.datetime, day: int):
    """UTC offset (hours) of a local day: one float when constant, else one per local hour."""
    midnight = origin + _dt.timedelta(days=int(day))
    first = midnight.replace(tzinfo=zone).utcoffset()
    last = (midnight + _dt.timedelta(days=1)).replace(tzinfo=zone).utcoffset()
    if first == last:
        return first.total_seconds() / 3600.0
    return [(midnight + _dt.timedelta(hours=h)).replace(tzinfo=zone).utcoffset().total_seconds() / 3600.0
            for h in range(_HOURS_PER_DAY)]


@dataclass(frozen=True)
class AoristicWeights:
    """Events spread over local hour bins, in long form: one row per (event, hour) piece.

    ``event`` indexes the input events, ``bin`` is the absolute local hour bin and
    ``weight`` the event's share in it; each event's weights sum to 1.
    """

    event: np.ndarray
    bin: np.ndarray
    weight: np.ndarray
    n_events: int

    @property
    def hour(self) -> np.ndarray:
        """Hour of day (0-23) of each piece."""
        return np.mod(self.bin, _HOURS_PER_DAY)

    @property
    def day(self) -> np.ndarray:
        """Local day (days since 1970-01-01) of each piece."""
        return np.floor_divide(self.bin, _HOURS_PER_DAY)

    @property
    def weekday(self) -> np.ndarray:
        """Weekday (Monday = 0) of each piece."""
        return np.mod(self.day + 3, 7)

    @property
    def hour_of_week(self) -> np.ndarray:
        """Hour of the week (Monday 00-01 = 0 ... Sunday 23-24 = 167) of each piece."""
        return self.weekday * _HOURS_PER_DAY + self.hour

    def per_event(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` (one per piece) for each event."""
        return np.bincount(self.event, weights=values, minlength=self.n_events)


def aoristic_weights(start: np.ndarray, end: np.ndarray | None = None,
                     time_zone: str | None = None) -> AoristicWeights:
    """Spread each event uniformly over the real hours of its window ``[start, end]``.

    ``start`` and ``end`` are local clock times in days; a missing (NaN) end, an end not
    after the start, or a window lying wholly in an hour skipped by a clock change makes a
    point event with all its weight in the hour of its start. Events with a NaN start get no
    piece. Negative or overlong windows should be sorted out first by :func:`check_windows`.
    """
    start = np.asarray(start, dtype=np.float64).ravel()
    end = np.full(start.size, np.nan) if end is None else np.asarray(end, dtype=np.float64).ravel()
    if end.shape != start.shape:
        raise ValueError(f"{end.size} window ends for {start.size} starts")
    n = start.size
    timed = np.flatnonzero(np.isfinite(start))
    s = start[timed] * _HOURS_PER_DAY
    e = end[timed] * _HOURS_PER_DAY
    window = np.isfinite(e) & (e > s + _EPS)
    e = np.where(window, e, s)
    first = np.floor(s + _EPS).astype(np.int64)  # a start at 14:00 computed as 13:59:59.99... is 14
    last = np.maximum(np.where(window, np.ceil(e - _EPS).astype(np.int64) - 1, first), first)
    counts = last - first + 1
    owner = np.repeat(np.arange(timed.size), counts)
    offset = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    bins = first[owner] + offset
    covered = np.minimum(e[owner], bins + 1.0) - np.maximum(s[owner], bins.astype(np.float64))
    covered = np.where(window[owner], np.clip(covered, 0.0, 1.0), 1.0)
    if time_zone is not None and bins.size:
        lo = int(bins.min())
        covered = covered * hour_lengths(lo, int(bins.max()) - lo + 1, time_zone)[bins - lo]
        covered = np.where(window[owner], covered, 1.0)
    totals = np.bincount(owner, weights=covered, minlength=timed.size)
    empty = totals <= 0  # a window wholly inside a skipped hour: keep the event at its start
    if empty.any():
        covered = np.where(empty[owner] & (offset == 0), 1.0, covered)
        totals = np.bincount(owner, weights=covered, minlength=timed.size)
    weight = covered / totals[owner]
    useful = weight > 0
    return AoristicWeights(event=timed[owner][useful], bin=bins[useful], weight=weight[useful], n_events=n)


def window_midpoints(start: np.ndarray, end: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Each event's time at the middle of its window, and each window's length in days.

    For methods that need one time per event (the Knox test pairs events by their time apart):
    an event without a window (``end`` NaN, or no ``end`` at all) keeps its time and has length 0.
    """
    start = np.asarray(start, dtype=np.float64)
    if end is None:
        return start.copy(), np.zeros_like(start)
    end = np.asarray(end, dtype=np.float64)
    windowed = np.isfinite(end) & (end > start)
    lengths = np.where(windowed, end - start, 0.0)
    return start + lengths / 2.0, lengths
