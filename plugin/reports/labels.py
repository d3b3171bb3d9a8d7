"""Display words that algorithms/ keeps as plain English identifiers, translated for the user.

Tables keep the identifiers (models and scripts read them); logs and reports show these labels.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from ..i18n import tr
from .numbers import format_value


def step_label(step: str) -> str:
    """'week' -> the translated name of one time step."""
    return {"day": tr("day"), "week": tr("week"), "month": tr("month"), "quarter": tr("quarter"),
            "year": tr("year")}.get(step, step)


def month_labels() -> list[str]:
    return [tr("Jan"), tr("Feb"), tr("Mar"), tr("Apr"), tr("May"), tr("Jun"), tr("Jul"), tr("Aug"), tr("Sep"),
            tr("Oct"), tr("Nov"), tr("Dec")]


def weekday_labels() -> list[str]:
    """Monday first."""
    return [tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun")]


def trend_label(direction: str) -> str:
    """A Mann-Kendall direction in words."""
    return {"increasing": tr("increasing"), "decreasing": tr("decreasing"),
            "no significant trend": tr("no significant trend")}.get(direction, direction)


def trend_test_label(test: str) -> str:
    """The name of a trend test of :mod:`...algorithms.trends` in words."""
    return {"modified-mann-kendall": tr("modified Mann-Kendall test (corrected for serial correlation)"),
            "seasonal-kendall": tr("seasonal Kendall test (corrected for serial correlation)"),
            "mann-kendall": tr("Mann-Kendall test (no correction for serial correlation)")}.get(test, test)


# --- names of loaded layers: "KDE · burglary · 2020", "SEPP · burglary · week from 2021-01-04" ----------
def layer_title(*parts: str) -> str:
    """The parts that are not empty, joined by a middle dot."""
    return " · ".join(part for part in parts if part)


def crime_types_label(categories: tuple[str, ...] | list[str]) -> str:
    """The crime types analysed: their names (up to three), else how many; none chosen means all."""
    if not categories:
        return tr("all crime types")
    return ", ".join(categories) if len(categories) <= 3 else tr("{} crime types").format(len(categories))


def _day(day: float) -> date:
    return date(1970, 1, 1) + timedelta(days=int(math.floor(day)))


def period_label(start_day: float, end_day: float) -> str:
    """``[start_day, end_day)`` in days since 1970 as a reader says it: "2020", "2018-2020", or first and
    last day."""
    first, last = _day(start_day), _day(end_day - 1e-9)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
    return f"{first.isoformat()} – {last.isoformat()}"


def forecast_period_label(as_of: float, horizon: float) -> str:
    """"week from 2021-01-04", "day 2021-01-04", or "3 days from 2021-01-04"."""
    first = _day(as_of).isoformat()
    if horizon == 7:
        return tr("week from {}").format(first)
    if horizon == 1:
        return tr("day {}").format(first)
    return tr("{} days from {}").format(format_value(horizon), first)


def units_label(units: str) -> str:
    """A raster's unit (the English words algorithms/ writes) in the user's language."""
    if units.startswith("expected events per cell per day"):
        return tr("expected events per cell per day")
    if units.startswith("expected events per cell"):
        return tr("expected events per cell")
    return {"events per km²": tr("events per km²"),
            "relative risk (1 = study-area average)": tr("relative risk (1 = study-area average)"),
            "hour of day with the most events (0-23)": tr("hour of day with the most events")}.get(units, units)


def trend_test_short(test: str) -> str:
    """A trend test's short name for a table cell."""
    return {"modified-mann-kendall": tr("modified Mann-Kendall"), "seasonal-kendall": tr("seasonal Kendall"),
            "mann-kendall": tr("Mann-Kendall"), "auto": tr("automatic")}.get(test, test)


def value_words(value: str) -> str:
    """An identifier that fitted parameters hold as a value (a unit, a trend test), in words; other text as is."""
    if value in ("modified-mann-kendall", "seasonal-kendall", "mann-kendall"):
        return trend_test_short(value)
    return {"per_km2": tr("per km²"), "per_cell_day": tr("per cell per day"),
            "inverse_distance": tr("inverse distance")}.get(value, value)


def kernel_label(kernel: str) -> str:
    """A kernel's name (algorithms/ identifier) in the user's language."""
    return {"quartic": tr("Quartic"), "epanechnikov": tr("Epanechnikov"), "triangular": tr("Triangular"),
            "uniform": tr("Uniform"), "gaussian": tr("Gaussian")}.get(kernel, kernel.title())
