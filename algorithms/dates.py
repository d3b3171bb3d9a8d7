"""Turning the date values analysts have into float days since 1970-01-01.

Accepted text forms (surrounding spaces ignored):

* ISO 8601: ``2024-03-05``, ``2024-03-05T14:30``, ``2024-03-05 14:30:15`` (a trailing
  ``Z`` or UTC offset is ignored: times are taken as local clock times);
* French/British day-first: ``05/03/2024``, ``5/3/2024 14:30``, ``05-03-2024``.

Anything else counts as unparseable and is reported, never guessed.
"""

from __future__ import annotations

import re

import numpy as np

from .events import days_from_datetime64

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _days(year: int, month: int, day: int, hour: int, minute: int, second: int) -> float:
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        return np.nan
    try:
        date = np.datetime64(f"{year:04d}-{month:02d}-{day:02d}", "D")
    except ValueError:
        return np.nan
    if str(date) != f"{year:04d}-{month:02d}-{day:02d}":  # numpy rolls 31 April into May
        return np.nan
    return float(days_from_datetime64(np.array([date]))[0]) + (hour * 3600 + minute * 60 + second) / 86400.0


def parse_date_text(text: str) -> tuple[float, bool]:
    """Days since 1970-01-01 of one text value and whether it carried a clock time.

    Returns ``(nan, False)`` when the text is not a date in an accepted form.
    """
    text = text.strip()
    match = _ISO.match(text)
    if match:
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
        return _with_clock(_days(y, mo, d, h, mi, s), match)
    match = _DAY_FIRST.match(text)
    if match:
        d, mo, y, h, mi, s = (int(g) if g else 0 for g in match.groups())
        return _with_clock(_days(y, mo, d, h, mi, s), match)
    return np.nan, False


def _with_clock(days: float, match: re.Match) -> tuple[float, bool]:
    """``(days, whether the text carried a clock time)``; never a clock time for an impossible date."""
    return days, match.group(4) is not None and not np.isnan(days)


def parse_date_texts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vector form of :func:`parse_date_text` over an object array (None and "" give NaN).

    Returns ``(days, has_clock_time)``; repeated strings are parsed once.
    """
    values = np.asarray(values, dtype=object)
    days = np.full(values.size, np.nan)
    timed = np.zeros(values.size, dtype=bool)
    present = np.array([isinstance(v, str) and v.strip() != "" for v in values], dtype=bool)
    if not present.any():
        return days, timed
    unique, inverse = np.unique(values[present].astype(str), return_inverse=True)
    parsed = [parse_date_text(u) for u in unique]
    days[present] = np.array([p[0] for p in parsed])[inverse]
    timed[present] = np.array([p[1] for p in parsed], dtype=bool)[inverse]
    return days, timed


def parse_hours(values: np.ndarray) -> np.ndarray:
    """Hour of day from numbers (0-23, decimals allowed) or ``HH:MM`` texts; NaN where invalid."""
    values = np.asarray(values, dtype=object)
    hours = np.full(values.size, np.nan)
    for i, value in enumerate(values):
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            hour = float(value)
        elif isinstance(value, str) and re.match(r"^\s*\d{1,2}(:\d{2})?(:\d{2})?\s*$", value):
            parts = [int(p) for p in value.strip().split(":")]
            hour = parts[0] + (parts[1] / 60 if len(parts) > 1 else 0) + (parts[2] / 3600 if len(parts) > 2 else 0)
        else:
            continue
        if 0 <= hour < 24:
            hours[i] = hour
    return hours
