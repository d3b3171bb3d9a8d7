"""Calendar time steps over float days since 1970-01-01 (local clock time, no time zone).

Steps are aligned on the calendar: a ``day`` starts at midnight, a ``week`` on Monday at
midnight (ISO 8601 weeks), a ``month`` / ``quarter`` / ``year`` on the first day of the
calendar month / quarter (January, April, July, October) / year. Months and years have
their true lengths (28-31 and 365-366 days).

:func:`period_steps` cuts an analysis period into steps that are all complete, in one of
the :data:`ALIGNMENTS`: ``"complete"`` keeps the calendar steps wholly inside the period,
``"end"`` counts steps of the chosen length back from the end of the period (as ArcGIS
"Create Space Time Cube" does with its default "end time" alignment), ``"partial"`` keeps
every calendar step that the period touches, the first and last possibly incomplete.
The pieces of the period that fall outside the steps are returned so they can be reported.
"""

from __future__ import annotations

import numpy as np

from .events import EventSet, datetime64_from_days

__all__ = ["STEPS", "STEPS_PER_YEAR", "ALIGNMENTS", "MONTH_NAMES", "WEEKDAY_NAMES", "check_step",
           "month_number", "month_start", "step_edges", "period_steps", "step_of", "step_labels",
           "span_label", "period_step_labels", "shift_months", "day_of_week", "month_of_year", "hour_of_day",
           "event_period"]

#: Accepted step names, shortest first.
STEPS = ("day", "week", "month", "quarter", "year")

#: Length of each step in calendar months (0 for steps counted in days).
_MONTHS_PER_STEP = {"day": 0, "week": 0, "month": 1, "quarter": 3, "year": 12}

#: Average number of steps in a year (to express a slope per step as a slope per year).
STEPS_PER_YEAR = {"day": 365.2425, "week": 365.2425 / 7.0, "month": 12.0, "quarter": 4.0, "year": 1.0}

#: 1970-01-01 was a Thursday: the Monday on or before it is day -3.
_FIRST_MONDAY = -3

#: How a period is cut into steps (see :func:`period_steps`); the first is the default.
ALIGNMENTS = ("complete", "end", "partial")

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check_step(step: str) -> str:
    """The step name, or a ValueError listing the accepted ones."""
    if step not in STEPS:
        raise ValueError(f"unknown time step {step!r}: use one of {', '.join(STEPS)}")
    return step


def month_number(days: np.ndarray | float) -> np.ndarray:
    """Months since January 1970 of each time (int64; January 1970 is 0)."""
    days = np.floor(np.asarray(days, dtype=np.float64)).astype(np.int64)
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def month_start(months: np.ndarray | int) -> np.ndarray:
    """Day (float) on which each month number of :func:`month_number` starts."""
    months = np.asarray(months, dtype=np.int64)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64).astype(np.float64)


def _step_number(days: np.ndarray, step: str) -> np.ndarray:
    """Index of the calendar step holding each time (steps counted from an arbitrary origin)."""
    if step == "day":
        return np.floor(days).astype(np.int64)
    if step == "week":
        return np.floor((days - _FIRST_MONDAY) / 7.0).astype(np.int64)
    return np.floor_divide(month_number(days), _MONTHS_PER_STEP[step])


def _step_start(numbers: np.ndarray, step: str) -> np.ndarray:
    numbers = np.asarray(numbers, dtype=np.int64)
    if step == "day":
        return numbers.astype(np.float64)
    if step == "week":
        return (numbers * 7 + _FIRST_MONDAY).astype(np.float64)
    return month_start(numbers * _MONTHS_PER_STEP[step])


def step_edges(start: float, end: float, step: str) -> np.ndarray:
    """Calendar step boundaries (days) covering ``[start, end)``: ``edges[0] <= start`` and
    ``edges[-1] >= end``; step ``k`` is ``[edges[k], edges[k+1])``."""
    check_step(step)
    if not (np.isfinite(start) and np.isfinite(end) and end > start):
        raise ValueError(f"the period [{start}, {end}) is empty or undefined: give an end after the start")
    first = int(_step_number(np.array([start]), step)[0])
    last = int(_step_number(np.array([np.nextafter(end, -np.inf)]), step)[0])
    return _step_start(np.arange(first, last + 2), step)


def _end_aligned_edges(start: float, end: float, step: str) -> np.ndarray:
    """Boundaries of the whole steps of length ``step`` counted back from ``end`` inside
    ``[start, end)`` (a month back from the 31st is the last day of a shorter month)."""
    if step == "day" or step == "week":
        length = 1.0 if step == "day" else 7.0
        n_steps = int(np.floor((end - start) / length + 1e-9))
        return end - length * np.arange(n_steps, -1, -1, dtype=np.float64)
    months = _MONTHS_PER_STEP[step]
    longest = int((end - start) // 28) // months + 2  # more steps than can fit
    edges = np.array([float(shift_months(end, -months * k)) for k in range(longest, -1, -1)])
    return edges[edges >= start - 1e-9]


def period_steps(start: float, end: float, step: str,
                 alignment: str = "complete") -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Step boundaries for ``[start, end)`` and the pieces of the period left out.

    ``alignment`` is one of :data:`ALIGNMENTS`. Returns ``(edges, left_out)``: step ``k`` is
    ``[edges[k], edges[k+1])``; ``left_out`` lists the ``(from, to)`` parts of the period that
    belong to no step (incomplete steps dropped), empty with ``"partial"``. Raises ValueError
    when no whole step fits.
    """
    check_step(step)
    if alignment not in ALIGNMENTS:
        raise ValueError(f"unknown step alignment {alignment!r}: use one of {', '.join(ALIGNMENTS)}")
    edges = step_edges(start, end, step)
    if alignment == "partial":
        return edges, []
    if alignment == "end":
        edges = _end_aligned_edges(start, end, step)
    else:
        edges = edges[(edges >= start) & (edges <= end)]
    if edges.size < 2:
        raise ValueError(f"the period holds no complete {step}: use a shorter time step or a longer period")
    left_out = [(a, b) for a, b in ((start, float(edges[0])), (float(edges[-1]), end)) if b > a]
    return edges, left_out


def step_of(days: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Step index of each time for the given edges, -1 outside ``[edges[0], edges[-1])``."""
    days = np.asarray(days, dtype=np.float64)
    index = np.searchsorted(edges, days, side="right") - 1
    inside = (days >= edges[0]) & (days < edges[-1])
    return np.where(inside, index, -1)


def step_labels(edges: np.ndarray, step: str) -> list[str]:
    """Readable label of each step: ``2024-03-05``, ``2024-W10``, ``2024-03``, ``2024-Q1``, ``2024``."""
    check_step(step)
    starts = np.asarray(edges[:-1], dtype=np.float64)
    dates = datetime64_from_days(starts).astype("datetime64[D]")
    if step == "day":
        return [str(d) for d in dates]
    if step == "week":
        return [_iso_week(d) for d in dates]
    if step == "month":
        return [str(d)[:7] for d in dates.astype("datetime64[M]")]
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    if step == "quarter":
        quarters = (dates.astype("datetime64[M]").astype(np.int64) % 12) // 3 + 1
        return [f"{y}-Q{q}" for y, q in zip(years, quarters)]
    return [str(y) for y in years]


def span_label(first: float, stop: float) -> str:
    """``2024-03-08 to 2024-04-07``: the days of ``[first, stop)``, last day included."""
    days = datetime64_from_days(np.array([first, np.ceil(stop) - 1.0])).astype("datetime64[D]")
    return f"{days[0]} to {days[1]}"


def period_step_labels(edges: np.ndarray, step: str, alignment: str = "complete") -> list[str]:
    """Labels of the steps of :func:`period_steps`: calendar labels (:func:`step_labels`), or
    the span of days of each step when the steps are aligned to the end of the period."""
    if alignment != "end":
        return step_labels(edges, step)
    if step == "day":
        return step_labels(edges, step)
    return [span_label(a, b) for a, b in zip(edges[:-1], edges[1:])]


def _iso_week(monday: np.datetime64) -> str:
    """ISO 8601 week label of the week starting on ``monday``: its Thursday decides the year."""
    thursday = monday + np.timedelta64(3, "D")
    year = thursday.astype("datetime64[Y]")
    week = (thursday - year.astype("datetime64[D]")).astype(np.int64) // 7 + 1
    return f"{year}-W{week:02d}"


def shift_months(days: np.ndarray | float, months: int) -> np.ndarray:
    """The same clock time ``months`` calendar months later (earlier when negative); a day
    of month missing in the target month (e.g. 31 April) moves to that month's last day."""
    days = np.asarray(days, dtype=np.float64)
    whole = np.floor(days)
    month = month_number(whole)
    day_in_month = whole - month_start(month)
    target = month + months
    length = month_start(target + 1) - month_start(target)
    return month_start(target) + np.minimum(day_in_month, length - 1) + (days - whole)


def day_of_week(days: np.ndarray) -> np.ndarray:
    """Day of week of each time, Monday = 0 ... Sunday = 6."""
    return np.mod(np.floor(np.asarray(days, dtype=np.float64)) - _FIRST_MONDAY, 7).astype(np.int64)


def month_of_year(days: np.ndarray) -> np.ndarray:
    """Calendar month of each time, January = 0 ... December = 11."""
    return np.mod(month_number(days), 12)


def hour_of_day(days: np.ndarray) -> np.ndarray:
    """Hour of day (0-23) of each time, from its fractional part of day."""
    days = np.asarray(days, dtype=np.float64)
    return np.minimum(np.floor((days - np.floor(days)) * 24.0 + 1e-9), 23).astype(np.int64)


def event_period(events: EventSet, start: float | None = None,
                 end: float | None = None) -> tuple[float, float]:
    """Analysis period ``[start, end)`` in days: by default whole days from the first
    event's day to the day after the last event's."""
    first, last = events.time_span()
    start = float(np.floor(first)) if start is None else float(start)
    end = float(np.floor(last) + 1.0) if end is None else float(end)
    if not end > start:
        raise ValueError(f"the analysis period ends ({end}) before it starts ({start}): "
                         "swap or fix the dates")
    return start, end
