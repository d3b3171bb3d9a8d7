"""What the forecasters' reports share: the parameters table, the expected-events sentences, the subtitle and
the JSON document of the fitted parameters (one entry per model)."""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from ...algorithms.events import datetime64_from_days
from ...algorithms.grid import Grid
from ..i18n import tr
from .html import HtmlReport
from .numbers import format_number


def parameters_report(title: str, subtitle: str, fitted: Mapping[str, Mapping[str, Any]],
                      columns: Sequence[tuple[str, str]], warnings: Mapping[str, Sequence[str]],
                      readings: Mapping[str, str] | None = None, notes: Sequence[str] = (),
                      answer: Sequence[str] = ()) -> HtmlReport:
    """The ``answer`` first, then warnings, one table row per model (``columns`` = (parameter key, heading)
    pairs), a plain-language reading per model and closing ``notes``."""
    report = HtmlReport(title, subtitle)
    if answer:
        report.answer(answer)
    flagged = [f"{label}: {note}" for label, items in warnings.items() for note in items]
    if flagged:
        report.heading(tr("Warnings"))
        report.bullet_list(flagged)
    report.heading(tr("Fitted parameters"))
    label_heading = tr("model")
    rows = [{label_heading: label, **{heading: values.get(key) for key, heading in columns}}
            for label, values in fitted.items()]
    report.table(rows, [label_heading] + [heading for _, heading in columns])
    if readings:
        report.heading(tr("How to read them"))
        report.bullet_list([f"{label}: {text}" for label, text in readings.items()])
    for note in notes:
        report.paragraph(note, note=True)
    return report


def expected_events_sentences(fitted: Mapping[str, Mapping[str, Any]], horizon: float) -> list[str]:
    """'About N events of <label> are expected over the next H days', one sentence per model."""
    return [tr("About {} events ({}) are expected in the study area over the next {} days; the raster shows "
               "where.").format(format_number(values["expected_total"]), label, format_number(horizon))
            for label, values in fitted.items() if values.get("expected_total") is not None]


def forecast_subtitle(as_of: float, horizon: float, grid: Grid, n_events: int) -> str:
    """The report's subtitle: forecast window, grid and the events it learned from."""
    return tr("Forecast from {} for {} days; {} x {} cells of {} m; {} events before the forecast start.").format(
        str(datetime64_from_days(as_of))[:10], format_number(horizon), format_number(grid.rows),
        format_number(grid.cols), format_number(grid.cell_size), format_number(n_events))


def json_ready(value: Any) -> Any:
    """Plain JSON: non-finite floats become null, numpy scalars plain numbers."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def parameters_document(algorithm_id: str, fitted: Mapping[str, Mapping[str, Any]],
                        warnings: Mapping[str, Sequence[str]], **settings: Any) -> dict[str, Any]:
    """``{"algorithm", **settings, "models": {label: {parameters..., "warnings": [...]}}}``."""
    models = {label: {**dict(values), "warnings": list(warnings.get(label, ()))} for label, values in fitted.items()}
    return json_ready({"algorithm": f"crimerisk:{algorithm_id}", **settings, "models": models})
