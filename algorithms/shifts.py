"""Shifts: hours of the day, optionally on some weekdays, as patrols are planned.

A shift is written ``HH-HH`` with optional weekdays: ``06-14`` (day), ``14-22``
(evening), ``22-06`` (night, wrapping midnight), ``22-06 Fri,Sat`` (Friday and Saturday
nights), ``08-18 Mon-Fri`` (weekday office hours), ``00-24`` (the whole day). Hours may
carry ``:00`` (``22:00-06:00``). A shift that wraps midnight belongs to the weekday it
starts on: ``22-06 Fri`` runs from Friday 22:00 to Saturday 06:00. Weekdays are English
or French three-letter names (``Mon``/``lun`` ... ``Sun``/``dim``), separated by commas,
or a range ``Mon-Fri`` (which may wrap: ``Fri-Mon``).

A shift is represented by its mask over the 168 hours of the week (Monday 00-01 = 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

__all__ = ["Shift", "ShiftError", "SHIFT_ERRORS", "parse_shift", "ACCEPTED_FORMS", "WEEKDAY_NAMES", "HOURS_PER_WEEK",
           "hour_of_week_of_bins", "hour_of_week_counts"]

HOURS_PER_WEEK = 168
#: English names, Monday first (the labels used in tables).
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FRENCH = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
_DAY_NUMBER = {name.lower(): i for names in (WEEKDAY_NAMES, _FRENCH) for i, name in enumerate(names)}

#: The forms a shift may take, for error messages.
ACCEPTED_FORMS = ("22-06", "06-14", "22:00-06:00", "22-06 Fri,Sat", "08-18 Mon-Fri", "00-24")

_HOURS = re.compile(r"^(\d{1,2})(?::00)?-(\d{1,2})(?::00)?$")
_DAY_RANGE = re.compile(r"^([A-Za-z]{3})-([A-Za-z]{3})$")


@dataclass(frozen=True)
class Shift:
    """Hours ``[start, end)`` of the day (wrapping midnight when ``end <= start``) on the
    given weekdays (Monday = 0; every day when empty)."""

    start: int
    end: int
    weekdays: tuple[int, ...] = ()

    @property
    def n_hours(self) -> int:
        """Hours in one shift."""
        return (self.end - self.start) % 24 or 24

    @property
    def wraps(self) -> bool:
        """True when the shift runs past midnight."""
        return self.start + self.n_hours > 24

    @property
    def label(self) -> str:
        """Canonical text, e.g. ``22-06 Fri,Sat``."""
        hours = f"{self.start:02d}-{self.end or 24:02d}"
        if not self.weekdays:
            return hours
        return hours + " " + ",".join(WEEKDAY_NAMES[d] for d in self.weekdays)

    def week_mask(self) -> np.ndarray:
        """Boolean mask over the 168 hours of the week (Monday 00-01 = 0)."""
        mask = np.zeros(HOURS_PER_WEEK, dtype=bool)
        days = self.weekdays or tuple(range(7))
        for day in days:
            mask[(day * 24 + self.start + np.arange(self.n_hours)) % HOURS_PER_WEEK] = True
        return mask

    def hour_mask(self) -> np.ndarray:
        """Boolean mask over the 24 hours of the day (ignoring weekdays)."""
        return np.isin(np.arange(24), (self.start + np.arange(self.n_hours)) % 24)

    def contains_bins(self, bins: np.ndarray) -> np.ndarray:
        """Whether absolute local hour bins (see :mod:`.aoristic`) fall in the shift."""
        return self.week_mask()[hour_of_week_of_bins(bins)]

    def contains_times(self, days: np.ndarray) -> np.ndarray:
        """Whether local times (days since 1970-01-01) fall in the shift (False for NaN)."""
        days = np.asarray(days, dtype=np.float64)
        finite = np.isfinite(days)
        bins = np.floor(np.where(finite, days, 0.0) * 24 + 1e-9).astype(np.int64)
        return finite & self.contains_bins(bins)


class ShiftError(ValueError):
    """A shift text that does not parse: ``reason`` says why (one of :data:`SHIFT_ERRORS`)
    and ``part`` holds the offending piece, so that a user interface can word it anew."""

    def __init__(self, text: str, reason: str, part: str = "") -> None:
        self.text, self.reason, self.part = text, reason, part
        forms = ", ".join(f"'{f}'" for f in ACCEPTED_FORMS)
        problem = SHIFT_ERRORS[reason].format(part=part)
        super().__init__(f"the shift '{text}' cannot be read: {problem}. Write the hours as HH-HH "
                         f"(24-hour clock, wrapping midnight when the end comes first) followed, "
                         f"if needed, by weekdays, e.g. {forms}")


#: Why a shift text does not parse, with its English wording.
SHIFT_ERRORS = {
    "empty": "it is empty",
    "no_hours": "the hours are missing (weekdays come after the hours)",
    "not_hours": "'{part}' is not a range of hours",
    "start_hour": "a shift starts at an hour from 00 to 23, not {part}",
    "end_hour": "a shift ends at an hour from 00 to 24, not {part}",
    "same_hour": "it starts and ends at the same hour (write 00-24 for the whole day)",
    "not_weekday": "'{part}' is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
    "no_weekday": "'{part}' names no weekday",
}


def _weekdays(text: str, words: str) -> tuple[int, ...]:
    days: set[int] = set()
    for part in (p.strip() for p in words.split(",")):
        if not part:
            continue
        span = _DAY_RANGE.match(part)
        names = span.groups() if span else (part,)
        numbers = [_DAY_NUMBER.get(name.lower()) for name in names]
        if any(n is None for n in numbers):
            raise ShiftError(text, "not_weekday", part)
        if span:
            first, last = numbers
            days.update((first + k) % 7 for k in range((last - first) % 7 + 1))
        else:
            days.add(numbers[0])
    return tuple(sorted(days))


def parse_shift(text: str) -> Shift:
    """Read a shift such as ``22-06``, ``06-14`` or ``22-06 Fri,Sat``.

    Raises ValueError with the accepted forms when the text does not parse.
    """
    raw = str(text)
    parts = raw.strip().split(None, 1)
    if not parts:
        raise ShiftError(raw, "empty")
    hours = _HOURS.match(parts[0])
    if not hours:
        if _DAY_NUMBER.get(parts[0][:3].lower()) is not None:
            raise ShiftError(raw, "no_hours")
        raise ShiftError(raw, "not_hours", parts[0])
    start, end = int(hours.group(1)), int(hours.group(2))
    if start > 23:
        raise ShiftError(raw, "start_hour", f"{start:02d}")
    if end > 24:
        raise ShiftError(raw, "end_hour", f"{end:02d}")
    if start == end:
        raise ShiftError(raw, "same_hour")
    end %= 24
    weekdays = _weekdays(raw, parts[1]) if len(parts) > 1 else ()
    if len(parts) > 1 and not weekdays:
        raise ShiftError(raw, "no_weekday", parts[1])
    return Shift(start=start, end=end, weekdays=() if len(weekdays) == 7 else weekdays)


def hour_of_week_of_bins(bins: np.ndarray) -> np.ndarray:
    """Hour of the week (Monday 00-01 = 0) of absolute local hour bins (1970-01-01 was a Thursday)."""
    return np.mod(np.asarray(bins, dtype=np.int64) + 3 * 24, HOURS_PER_WEEK)


def hour_of_week_counts(start: float, end: float) -> np.ndarray:
    """How many times each hour of the week occurs in ``[start, end)`` (days, local time),
    counting partly covered hours by the share covered."""
    if not end > start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    first, last = int(np.floor(start * 24 + 1e-9)), int(np.ceil(end * 24 - 1e-9))
    bins = np.arange(first, last)
    cover = np.minimum(end * 24, bins + 1.0) - np.maximum(start * 24, bins.astype(np.float64))
    return np.bincount(hour_of_week_of_bins(bins), weights=np.clip(cover, 0.0, 1.0),
                       minlength=HOURS_PER_WEEK)
