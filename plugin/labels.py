"""Display words that algorithms/ keeps as plain English identifiers, translated for the user.

Tables keep the identifiers (models and scripts read them); logs and reports show these labels.
"""

from __future__ import annotations

from .i18n import tr


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
