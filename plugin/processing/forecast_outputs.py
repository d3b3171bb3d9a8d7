"""What the forecast algorithms share: one model per crime type, one band per model, parameter reports.

A forecast algorithm (``crimerisk:sepp``, ``crimerisk:mlforecast``) maps expected events per
cell over ``[AS_OF, AS_OF + HORIZON)``. With ``PER_CATEGORY`` it fits one model per crime
type and writes one band per type (band description = the type); otherwise one model for
every selected event. Either way it logs every fitted parameter, warns about doubtful fits,
and can write the parameters as an HTML report and as JSON. The pieces here do each step
once, for any method that returns a :class:`~..algorithms.surface.RiskSurface` whose
``parameters`` hold the fitted values:

* :func:`run_per_category` -> ``{label: RiskSurface}`` (progress and cancel per model);
* :func:`write_forecast_raster` -> the multi-band GeoTIFF, styled;
* :func:`log_fits` -> the log, warnings included;
* :func:`parameters_report` -> an :class:`~.reports.HtmlReport` (warnings first, one table row
  per model, plain-language readings);
* :func:`parameters_document` and :func:`write_json` -> the JSON output.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any, Callable, Mapping, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
)

from ...algorithms.events import EventSet, datetime64_from_days
from ...algorithms.grid import Grid
from ...algorithms.pairs import TooManyPairsError
from ...algorithms.progress import Cancelled, ProgressCallback
from ...algorithms.surface import RiskSurface
from ..i18n import tr
from ..reports.labels import forecast_period_label, layer_title
from ..reports.numbers import format_number
from ..styling.styles import Presentation
from .base import CrimeRiskAlgorithm
from ..io.rasters import check_output_path
from ..reports.html import HtmlReport

#: ``method(events, progress) -> RiskSurface``: one model fitted and forecast.
ForecastMethod = Callable[[EventSet, ProgressCallback], RiskSurface]


def all_events_label() -> str:
    """Band name of the single model fitted to every selected event."""
    return tr("all selected events")


def category_groups(events: EventSet, per_category: bool) -> dict[str, EventSet]:
    """``{label: events}``: every event under one label, or one entry per crime type (sorted by name)."""
    if not per_category:
        return {all_events_label(): events}
    names = sorted({str(name) for name in events.category})
    if names == [""]:
        raise QgsProcessingException(tr(
            "One model per crime type needs the crime type field: choose the crime type field, or untick "
            "'one model per crime type'."))
    return {name or tr("(no crime type)"): events.subset(events.category == name) for name in names}


def run_per_category(events: EventSet, per_category: bool, method: ForecastMethod,
                     feedback: QgsProcessingFeedback, start: float = 0.0, end: float = 100.0) -> dict[str, RiskSurface]:
    """Run ``method`` on every group of :func:`category_groups`, sharing progress [start, end] %.

    A ``ValueError`` of one model is raised again with its label in front, so the message says which
    crime type failed; :class:`~..algorithms.progress.Cancelled` when the user cancels.
    """
    groups = category_groups(events, per_category)
    share = (end - start) / len(groups)
    surfaces: dict[str, RiskSurface] = {}
    for index, (label, group) in enumerate(groups.items()):
        if feedback.isCanceled():
            raise Cancelled("cancelled by the user")
        feedback.pushInfo(tr("Fitting and forecasting: {} ({} events)...").format(label, len(group)))
        progress = CrimeRiskAlgorithm.progress_callback(feedback, start + index * share, start + (index + 1) * share)
        try:
            surfaces[label] = method(group, progress)
        except TooManyPairsError:
            raise  # its own message names the settings; the label adds nothing a guard needs
        except ValueError as error:
            raise ValueError(f"{label}: {error}") from None
    return surfaces


def write_forecast_raster(algorithm: CrimeRiskAlgorithm, surfaces: Mapping[str, RiskSurface], parameters: dict,
                          output: str, context: QgsProcessingContext, crs: QgsCoordinateReferenceSystem,
                          presentation: Presentation | None = None) -> str:
    """One band per model, described by its label, styled by risk percentile of band 1.

    The raster's ``CRIMERISK_PARAMETERS`` metadata holds band 1's parameters; every model's
    are in the report and the JSON output. With one band per crime type, the legend's title
    names band 1's type.
    """
    labels = list(surfaces)
    if presentation is not None and len(labels) > 1:
        presentation = replace(presentation, header=layer_title(labels[0], *presentation.header.split(" · ")[1:]))
    return algorithm.write_surface(list(surfaces.values()), parameters, output, context, crs,
                                   band_names=labels, presentation=presentation)


def log_fits(algorithm: CrimeRiskAlgorithm, feedback: QgsProcessingFeedback,
             fitted: Mapping[str, Mapping[str, Any]], warnings: Mapping[str, Sequence[str]]) -> None:
    """Every fitted parameter in the log, then each warning (orange in the log) with its label."""
    for label, values in fitted.items():
        algorithm.log_parameters(feedback, dict(values), title=tr("Fitted parameters ({}):").format(label))
    for label, notes in warnings.items():
        for note in notes:
            feedback.pushWarning(f"{label}: {note}")


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


def _json_ready(value: Any) -> Any:
    """Plain JSON: non-finite floats become null, numpy scalars plain numbers."""
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def parameters_document(algorithm_id: str, fitted: Mapping[str, Mapping[str, Any]],
                        warnings: Mapping[str, Sequence[str]], **settings: Any) -> dict[str, Any]:
    """``{"algorithm", **settings, "models": {label: {parameters..., "warnings": [...]}}}``."""
    models = {label: {**dict(values), "warnings": list(warnings.get(label, ()))} for label, values in fitted.items()}
    return _json_ready({"algorithm": f"crimerisk:{algorithm_id}", **settings, "models": models})


def json_output_parameter(name: str, description: str) -> QgsProcessingParameterFileDestination:
    """An optional JSON file destination (add it with ``add_parameter`` and its help text)."""
    return QgsProcessingParameterFileDestination(name, description, tr("JSON files (*.json)"), optional=True)


def add_forecast_outputs(algorithm: CrimeRiskAlgorithm, raster_title: str, report_title: str, report_help: str,
                         json_title: str, json_help: str) -> None:
    """The outputs every forecaster shares: OUTPUT (expected events raster), OUTPUT_REPORT (HTML) and
    OUTPUT_JSON, each with its help text."""
    algorithm.add_parameter(QgsProcessingParameterRasterDestination("OUTPUT", raster_title), tr(
        "GeoTIFF of the expected number of events per cell over [AS_OF, AS_OF + HORIZON) (float32, nodata "
        "outside the study area), styled by risk percentile; one band per crime type with the per-type option."))
    algorithm.add_html_output("OUTPUT_REPORT", report_title, report_help)
    algorithm.add_parameter(json_output_parameter("OUTPUT_JSON", json_title), json_help)


def write_json(algorithm: CrimeRiskAlgorithm, document: Mapping[str, Any], parameters: dict, output: str,
               context: QgsProcessingContext) -> str | None:
    """Save ``document`` to the optional file output ``output``; None when it was left empty."""
    if parameters.get(output) in (None, ""):
        return None
    target = check_output_path(algorithm.parameterAsFileOutput(parameters, output, context))
    target.write_text(json.dumps(_json_ready(document), indent=2, ensure_ascii=False), encoding="utf-8")
    return str(target)


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


def read_history(algorithm: CrimeRiskAlgorithm, parameters: dict, context: QgsProcessingContext,
                 feedback: QgsProcessingFeedback, margin: float = 0.0):
    """The forecasters' first step: the events read once, the forecast window (AS_OF, HORIZON) and the grid
    of the history strictly before AS_OF, ``margin`` metres wider than the events (progress to 15%).

    Returns ``(loaded, as_of, horizon, grid, events)``."""
    loaded = algorithm.read_events(parameters, context, feedback, time_required=True)
    feedback.setProgress(10)
    as_of, horizon = algorithm.forecast_window(parameters, context, loaded.events, feedback)
    with algorithm.method_errors():
        grid, events = algorithm.make_history_grid(loaded, as_of, parameters, context, feedback, margin)
    feedback.setProgress(15)
    return loaded, as_of, horizon, grid, events


def write_forecast_outputs(algorithm: CrimeRiskAlgorithm, parameters: dict, context: QgsProcessingContext,
                           feedback: QgsProcessingFeedback, loaded, surfaces: Mapping[str, RiskSurface],
                           method: str, window: tuple[float, float], report: HtmlReport,
                           document: Mapping[str, Any]) -> dict[str, Any]:
    """The forecasters' last step, once the fit is done: refuse a cancelled run before writing anything,
    then the raster (named "method · crime types · period"), the report and the JSON document.

    Returns the OUTPUT, OUTPUT_REPORT and OUTPUT_JSON results."""
    if feedback.isCanceled():
        raise QgsProcessingException(tr("Cancelled: no output was written."))
    feedback.pushInfo(tr("Writing the outputs..."))
    as_of, horizon = window
    presentation = algorithm.presentation(parameters, context, loaded, method, next(iter(surfaces.values())).units,
                                          forecast_period_label(as_of, horizon))
    results = {algorithm.OUTPUT: write_forecast_raster(algorithm, surfaces, parameters, algorithm.OUTPUT, context,
                                                       loaded.crs, presentation)}
    feedback.setProgress(92)
    results[algorithm.OUTPUT_REPORT] = algorithm.write_report(report, parameters, algorithm.OUTPUT_REPORT, context)
    results[algorithm.OUTPUT_JSON] = write_json(algorithm, document, parameters, algorithm.OUTPUT_JSON, context)
    return results
