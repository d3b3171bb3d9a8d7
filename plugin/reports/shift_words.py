"""Words and pictures of time of day: shift errors in the user's language, hour x weekday heat tables."""

from __future__ import annotations

import colorsys
import html

import numpy as np

from ...algorithms.shifts import ACCEPTED_FORMS, ShiftError
from ..i18n import tr
from .labels import weekday_labels
from .numbers import format_number


def shift_error_message(error: ShiftError) -> str:
    """Why a SHIFT text was refused, and the forms that are accepted."""
    problems = {
        "empty": tr("it is empty"),
        "no_hours": tr("the hours are missing (weekdays come after the hours)"),
        "not_hours": tr("'{}' is not a range of hours"),
        "start_hour": tr("a shift starts at an hour from 00 to 23, not {}"),
        "end_hour": tr("a shift ends at an hour from 00 to 24, not {}"),
        "same_hour": tr("it starts and ends at the same hour (write 00-24 for the whole day)"),
        "not_weekday": tr("'{}' is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun; or lun ... dim)"),
        "no_weekday": tr("'{}' names no weekday"),
    }
    problem = problems.get(error.reason, error.reason).format(error.part)
    return tr("The shift '{}' cannot be read: {}. Write the hours as HH-HH on the 24-hour clock (the end may come "
              "before the start: 22-06 runs past midnight), followed if needed by weekdays, e.g. {}.").format(
        error.text, problem, ", ".join(f"'{form}'" for form in ACCEPTED_FORMS))


def _colour(share: float) -> str:
    """White to dark red along a share in [0, 1]."""
    share = min(1.0, max(0.0, share))
    red, green, blue = (255, int(255 - 200 * share), int(255 - 215 * share))
    return f"#{red:02x}{green:02x}{blue:02x}"


def heat_table_html(table: np.ndarray, title: str) -> str:
    """A weekday x hour table (7 x 24) as a compact HTML grid: each cell shaded by its count (the count
    in its tooltip), the weekday totals on the right, the busiest hour of the week in the caption."""
    table = np.asarray(table, dtype=float)
    top = float(table.max()) if table.size and table.max() > 0 else 1.0
    days = weekday_labels()
    cell = "padding:0;width:19px;height:15px;border:1px solid #fff"
    head = "".join(f"<th style='padding:1px;font-size:10px'>{h:02d}</th>" if h % 3 == 0 else
                   "<th style='padding:1px'></th>" for h in range(24))
    rows = []
    for day, label in enumerate(days):
        cells = "".join(
            f"<td style='{cell};background:{_colour(value / top)}' title='{html.escape(label)} {hour:02d}:00: "
            f"{html.escape(format_number(value, digits=2))}'></td>" for hour, value in enumerate(table[day]))
        rows.append(f"<tr><th class=l style='padding:1px 4px'>{html.escape(label)}</th>{cells}"
                    f"<td class=n style='padding:1px 4px'>{html.escape(format_number(table[day].sum(), digits=2))}"
                    f"</td></tr>")
    day, hour = np.unravel_index(int(np.argmax(table)), table.shape) if table.size else (0, 0)
    caption = tr("{} events; busiest hour of the week: {} {:02d}:00-{:02d}:00 ({} events).").format(
        format_number(table.sum(), digits=2), days[day], hour, (hour + 1) % 24,
        format_number(table[day, hour], digits=2))
    return (f"<h3>{html.escape(title)}</h3><p class=note>{html.escape(caption)}</p>"
            f"<table class='heat' style='border-collapse:collapse'><tr><th></th>{head}"
            f"<th style='padding:1px 4px'>{html.escape(tr('total'))}</th></tr>{''.join(rows)}</table>")


def hour_colour(hour: int) -> str:
    """A colour on a circle of hues: neighbouring hours look alike and 23:00 meets 00:00
    (midnight deep blue, dawn purple to red, midday orange-yellow, dusk green to cyan)."""
    hue = (2.0 / 3.0 - hour / 24.0) % 1.0
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.85, 0.9)
    return f"#{int(255 * red):02x}{int(255 * green):02x}{int(255 * blue):02x}"


def hour_classes() -> list[tuple[int, str, str]]:
    """The 24 hours as (code, colour, label) classes for a paletted raster style."""
    return [(hour, hour_colour(hour), f"{hour:02d}:00-{(hour + 1) % 24:02d}:00") for hour in range(24)]
