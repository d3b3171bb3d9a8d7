"""Turning the date values analysts have into float days since 1970-01-01.

Accepted text forms (surrounding spaces ignored):

* ISO 8601: ``2024-03-05``, ``2024-03-05T14:30``, ``2024-03-05 14:30:15`` (a trailing
  ``Z`` or UTC offset is ignored: times are taken as local clock times);
* French/British day-first: ``05/03/2024``, ``5/3/2024 14:30``, ``05-03-2024``;
* US month-first ``03/25/2019`` when asked for (``order="month"``), or when
  :func:`detect_order` finds a column whose second number exceeds 12 and first never does.

Anything else counts as unparseable and is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from .events import days_from_datetime64

__all__ = ["ORDERS", "detect_order", "parse_date_text", "parse_date_texts", "parse_hours", "times_to_days"]

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


#: Orders of the numbered day/month forms: day first (French, British) or month first (US).
ORDERS = ("day", "month")


def detect_order(texts) -> tuple[str, str]:
    """How the ``nn/nn/yyyy`` texts of a column are ordered, and an example text that shows it.

    ``"day"`` when a first number exceeds 12 and no second one does; ``"month"`` in the reverse
    case; ``"mixed"`` when both happen (no single order reads the column); ``"ambiguous"`` when
    every first and second number is at most 12; ``"none"`` when no text has this form."""
    first_big = second_big = ""
    found = False
    for text in texts:
        match = _DAY_FIRST.match(str(text).strip())
        if not match:
            continue
        found = True
        if int(match.group(1)) > 12 and not first_big:
            first_big = str(text).strip()
        if int(match.group(2)) > 12 and not second_big:
            second_big = str(text).strip()
        if first_big and second_big:
            return "mixed", f"{first_big}, {second_big}"
    if first_big:
        return "day", first_big
    if second_big:
        return "month", second_big
    return ("ambiguous", "") if found else ("none", "")


def parse_date_text(text: str, order: str = "day") -> tuple[float, bool]:
    """Days since 1970-01-01 of one text value and whether it carried a clock time.

    ``order`` says how ``nn/nn/yyyy`` reads: ``"day"`` first (05/03/2024 is 5 March) or ``"month"``
    first (03/25/2019 is 25 March). Returns ``(nan, False)`` when the text is not a date in an
    accepted form.
    """
    text = text.strip()
    match = _ISO.match(text)
    if match:
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
        return _with_clock(_days(y, mo, d, h, mi, s), match)
    match = _DAY_FIRST.match(text)
    if match:
        d, mo, y, h, mi, s = (int(g) if g else 0 for g in match.groups())
        if order == "month":
            d, mo = mo, d
        return _with_clock(_days(y, mo, d, h, mi, s), match)
    return np.nan, False


def _with_clock(days: float, match: re.Match) -> tuple[float, bool]:
    """``(days, whether the text carried a clock time)``; never a clock time for an impossible date."""
    return days, match.group(4) is not None and not np.isnan(days)


def parse_date_texts(values: np.ndarray, order: str = "day") -> tuple[np.ndarray, np.ndarray]:
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
    parsed = [parse_date_text(u, order) for u in unique]
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


def times_to_days(values: np.ndarray, order: str = "day") -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 from a column of dates, date-times or texts, and whether each had a clock time."""
    if values.dtype.kind == "M":
        missing = np.isnat(values)
        days = np.where(missing, np.nan, days_from_datetime64(np.where(missing, np.datetime64(0, "s"), values)))
        timed = np.zeros(values.size, dtype=bool) if values.dtype == np.dtype("datetime64[D]") else np.isfinite(days)
        return days, timed
    days = np.full(values.size, np.nan)
    timed = np.zeros(values.size, dtype=bool)
    is_text = np.array([isinstance(v, str) for v in values], dtype=bool)
    if is_text.any():
        days[is_text], timed[is_text] = parse_date_texts(values[is_text], order)
    for i in np.flatnonzero(~is_text):
        value = values[i]
        if isinstance(value, dt.datetime):
            days[i] = (value - dt.datetime(1970, 1, 1)).total_seconds() / 86400.0
            timed[i] = True
        elif isinstance(value, dt.date):
            days[i] = float((value - dt.date(1970, 1, 1)).days)
        elif isinstance(value, np.datetime64) and not np.isnat(value):
            days[i] = float(days_from_datetime64(np.array([value]))[0])
    return days, timed
