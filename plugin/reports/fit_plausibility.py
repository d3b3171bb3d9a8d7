"""Fitted results an experienced analyst would doubt, in the user's language.

:mod:`..algorithms.plausibility` finds them (a fitted spread or delay outside its sensible range, a
radius below a cell or beyond the study area, a forecast total far from the recent counts); here each
:class:`~..algorithms.plausibility.Finding` becomes one warning line naming the cause, both numbers
and what to do. The algorithms push the lines with ``feedback.pushWarning`` and add them to their
report's warnings.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ...algorithms.events import EventSet
from ...algorithms.fitted import SeppResult
from ...algorithms.grid import Grid
from ...algorithms.plausibility import (
    Finding,
    forecast_findings,
    radius_findings,
    sepp_findings,
    spread_findings,
    study_width,
)
from ..i18n import tr
from .numbers import format_number


def _templates() -> dict[str, str]:
    """One message per finding kind; ``{value}`` and ``{limit}`` are the finding's numbers."""
    return {
        "sigma_small": tr(
            "the fitted spread of repeats around their trigger (sigma = {value} m) is under a quarter of the cell "
            "size ({limit} m): repeats sit closer than the map can show, often events stacked at one spot (a "
            "default address) or duplicated records. Check for duplicates, or use smaller cells."),
        "sigma_floor": tr(
            "the fitted spread of near repeats (sigma = {value} m) sits at its lower bound: events stacked at the "
            "same points (addresses, intersections, snapped locations) pulled the whole trigger onto them and the "
            "map shows dots. Give a location precision (LOCATION_PRECISION) of a few metres, so that repeats at "
            "the same place are fitted apart from the near repeats."),
        "sigma_large": tr(
            "the fitted spread of repeats around their trigger (sigma = {value} m) is over half the study area's "
            "width ({limit} m): the 'repeats' are not local and the model mistakes the background for them. Fit "
            "one crime type at a time, set a space cutoff (SPACE_CUTOFF), or check for far-off events."),
        "delay_small": tr(
            "the fitted mean delay of repeats ({value} days) is under an hour: events repeat at the same recorded "
            "time, often duplicated records or one incident entered several times. Check for duplicates."),
        "delay_large": tr(
            "the fitted mean delay of repeats ({value} days) is longer than the history fitted ({limit} days): the "
            "model cannot tell repeats from slow trends. Load a longer history or set a time cutoff "
            "(TIME_CUTOFF)."),
        "radius_small": tr(
            "the kernel radius ({value} m) is smaller than one cell ({limit} m): the map shows isolated spots at "
            "the events, not hotspots. Give a radius (RADIUS) of a few cells, or use smaller cells."),
        "radius_large": tr(
            "the kernel radius ({value} m) is larger than the study area ({limit} m): the map is nearly flat and "
            "shows no hotspot. Give a smaller radius (RADIUS), or check for far-off events that stretch the area."),
        "space_bandwidth_small": tr(
            "the space bandwidth ({value} m) is smaller than one cell ({limit} m): an event raises the risk of its "
            "own cell only. Give a larger space bandwidth (SPACE_BANDWIDTH) or use smaller cells."),
        "space_bandwidth_large": tr(
            "the space bandwidth ({value} m) is larger than the study area ({limit} m): every event raises the risk "
            "everywhere and the map shows no near-repeat area. Give a smaller space bandwidth (SPACE_BANDWIDTH)."),
        "time_bandwidth_small": tr(
            "the time bandwidth ({value} days) is shorter than a day: an event raises the risk for hours only and "
            "the map is nearly the background. Give a longer time bandwidth (TIME_BANDWIDTH)."),
        "time_bandwidth_large": tr(
            "the time bandwidth ({value} days) is longer than the history read ({limit} days): every past event "
            "counts as recent. Give a shorter time bandwidth (TIME_BANDWIDTH) or load a longer history."),
        "positive_samples": tr(
            "only {value} training samples held an event: the model has little to learn from; use larger cells, "
            "a longer horizon or more history."),
    }


def finding_lines(findings: Sequence[Finding]) -> list[str]:
    """One warning line per finding of a fitted parameter (forecast totals: :func:`forecast_lines`)."""
    templates = _templates()
    return [templates[f.kind].format(value=format_number(f.value), limit=format_number(f.limit))
            for f in findings]


def forecast_lines(expected: float, history: EventSet, as_of: float, horizon: float) -> list[str]:
    """A warning when the forecast total over ``horizon`` days is more than three times above or below the
    mean count of ``history`` (the events before ``as_of``) over as many days in the last year."""
    lines = []
    weight = None if np.all(history.weight == 1) else history.weight
    for finding in forecast_findings(expected, history.t, weight, as_of, horizon):
        template = tr(
            "the forecast expects {} events over the next {} days, more than three times the {} events of an "
            "average {} days over the last year: the forecast is far from the data. Check the fit's other warnings "
            "and the date range, or compare methods with crimerisk:backtest.") if finding.kind == "forecast_high" \
            else tr(
            "the forecast expects {} events over the next {} days, less than a third of the {} events of an average "
            "{} days over the last year: the forecast is far from the data. Check the fit's other warnings and the "
            "date range, or compare methods with crimerisk:backtest.")
        lines.append(template.format(format_number(finding.value), format_number(horizon),
                                     format_number(finding.limit), format_number(horizon)))
    return lines


def sepp_lines(fit: SeppResult, history: EventSet, grid: Grid, as_of: float, horizon: float) -> list[str]:
    """The doubtful values of one SEPP fit (spread, mean delay) and of its forecast total."""
    window = as_of - float(np.min(history.t)) if len(history) else float("inf")
    found = sepp_findings(fit.sigma_m, fit.mean_delay_days, grid.cell_size, study_width(history.x, history.y), window)
    return finding_lines(found) + forecast_lines(fit.expected_total, history, as_of, horizon)


def radius_lines(kind: str, radius: float, grid: Grid, events: EventSet) -> list[str]:
    """A kernel radius or space bandwidth (``kind``: "radius", "space_bandwidth") below a cell or beyond the
    study area the ``events`` span."""
    return finding_lines(radius_findings(kind, radius, grid.cell_size, study_width(events.x, events.y)))


def bandwidth_lines(space_bandwidth: float, time_bandwidth: float, grid: Grid, history: EventSet,
                    as_of: float) -> list[str]:
    """Near-repeat bandwidths below a cell or beyond the study area, shorter than a day or longer than the
    ``history`` read before ``as_of``."""
    days = as_of - float(np.min(history.t)) if len(history) else float("inf")
    return radius_lines("space_bandwidth", space_bandwidth, grid, history) + finding_lines(
        spread_findings("time_bandwidth", time_bandwidth, 1.0, days))


def sentence(line: str) -> str:
    """A warning line standing alone (no model label in front): capitalised."""
    return line[:1].upper() + line[1:]
