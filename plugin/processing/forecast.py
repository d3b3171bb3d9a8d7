"""The forecasters' one flow: :class:`ForecastAlgorithm` runs every forecaster's ``process()``.

A forecast algorithm (``crimerisk:sepp``, ``crimerisk:mlforecast``, ``crimerisk:placeforecast``) maps
expected events per cell over ``[AS_OF, AS_OF + HORIZON)``. With ``PER_CATEGORY`` it fits one model per
crime type and writes one band per type (band description = the type); otherwise one model for every
selected event. Either way it logs every fitted parameter, warns about doubtful fits, and can write the
parameters as an HTML report and as JSON.

The base does every step once: read the events and the history grid, fit (per crime type when asked),
log, report, write the raster, the report and the JSON, return the outputs. A forecaster supplies
:meth:`~ForecastAlgorithm.options` (its settings read from the parameters), :meth:`~ForecastAlgorithm.fit_one`
(or :meth:`~ForecastAlgorithm.fit` for a pooled model), its report rows (:meth:`~ForecastAlgorithm.report_columns`,
:meth:`~ForecastAlgorithm.reading`) and its numeric outputs (:meth:`~ForecastAlgorithm.output_values`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
)

from ...algorithms.events import EventSet, datetime64_from_days
from ...algorithms.grid import Grid
from ...algorithms.pairs import TooManyPairsError
from ...algorithms.progress import Cancelled, ProgressCallback
from ...algorithms.surface import RiskSurface
from ..i18n import tr
from ..io.pipeline import LoadedEvents
from ..io.rasters import check_output_path
from ..reports.forecast import (
    expected_events_sentences,
    forecast_subtitle,
    json_ready,
    parameters_document,
    parameters_report,
)
from ..reports.html import HtmlReport
from ..reports.labels import forecast_period_label, layer_title
from ..reports.numbers import format_number
from .base import CrimeRiskAlgorithm

#: Progress (%) when the history grid is ready and the fit starts.
FIT_START = 15.0


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


@dataclass
class ForecastRun:
    """One forecast run: what was read and asked for, shared by every step after the reading."""

    loaded: LoadedEvents
    as_of: float
    horizon: float
    grid: Grid
    #: The history: events strictly before AS_OF, inside the grid.
    events: EventSet
    per_category: bool
    #: The forecaster's own settings (:meth:`ForecastAlgorithm.options`).
    options: Any
    #: Run settings written to the JSON document (and shown by reports that list them).
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def groups(self) -> dict[str, EventSet]:
        """``{band label: history}``: one entry, or one per crime type."""
        return category_groups(self.events, self.per_category)


class ForecastAlgorithm(CrimeRiskAlgorithm):
    """Base of the forecasters: :meth:`process` written once; subclasses fill in the hooks below."""

    group_key = "forecast"
    #: The forecasters' shared parameter and output names.
    PER_CATEGORY = "PER_CATEGORY"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_JSON = "OUTPUT_JSON"
    EXPECTED_EVENTS = "EXPECTED_EVENTS"
    #: Progress (%) at which the fit ends and the outputs start.
    fit_end = 85.0

    # --- declaration ---------------------------------------------------------------------------------
    def add_forecaster_inputs(self, per_category_label: str, per_category_help: str) -> None:
        """What every forecaster reads: the events, the grid, AS_OF and a 7-day HORIZON, and PER_CATEGORY
        (labelled and explained by the forecaster, since each treats crime types its own way)."""
        self.add_event_parameters(time_required=True)
        self.add_grid_parameters()
        self.add_as_of_parameter()
        self.add_horizon_parameter(self.tr(
            "Length of the forecast period in days: 1 for the next day, 7 for the next week, 0.333 for an 8-hour "
            "shift."))
        self.add_parameter(QgsProcessingParameterBoolean(self.PER_CATEGORY, per_category_label, False),
                           per_category_help)
        self.add_shift_parameter(self.tr(
            "Optional shift, e.g. 22-06 (night, past midnight), 06-14, or 22-06 Fri,Sat: the forecast is then the "
            "expected number of events within those hours over the horizon. The whole-period forecast of each "
            "cell is multiplied by the share of the cell's events expected in the shift's hours on the horizon's "
            "days, from its hour-of-week profile shrunk towards its neighbourhood's (5 x 5 cells) and the whole "
            "area's by empirical Bayes, per crime type with one model per type. Weekdays: Mon Tue Wed Thu Fri "
            "Sat Sun (or lun ... dim), lists or ranges (Mon-Fri).") + " " + self.tr(
            "With a window end field (TIME_END_FIELD) the model places each event at the start of its window, "
            "and the hour-of-week profiles spread it over the window's hours."))
        self.add_time_window_parameters()

    def add_forecast_outputs(self, raster_title: str, report_title: str, report_help: str, json_title: str,
                             json_help: str) -> None:
        """The outputs every forecaster shares: OUTPUT (expected events raster), OUTPUT_REPORT (HTML) and
        OUTPUT_JSON, each with its help text."""
        self.add_parameter(QgsProcessingParameterRasterDestination(self.OUTPUT, raster_title), self.tr(
            "GeoTIFF of the expected number of events per cell over [AS_OF, AS_OF + HORIZON) (float32, nodata "
            "outside the study area), styled by risk percentile; one band per crime type with the per-type option."))
        self.add_html_output(self.OUTPUT_REPORT, report_title, report_help)
        self.add_parameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_JSON, json_title, self.tr("JSON files (*.json)"), optional=True), json_help)
        self.addOutput(QgsProcessingOutputNumber(self.EXPECTED_EVENTS, self.tr("Expected events over the horizon "
                                                                               "(all bands)")))

    # --- what a forecaster supplies ------------------------------------------------------------------
    def options(self, parameters: dict, context: QgsProcessingContext) -> Any:
        """The forecaster's settings read from ``parameters`` (a ValueError names a bad value)."""
        raise NotImplementedError

    def margin(self, options: Any, parameters: dict, context: QgsProcessingContext) -> float:
        """Metres the grid extends beyond the events when no extent or mask is given."""
        return 0.0

    def method_name(self) -> str:
        """Short name of the method, first in the output layer's name."""
        raise NotImplementedError

    def fit_one(self, run: ForecastRun, events: EventSet, progress: ProgressCallback) -> RiskSurface:
        """One model fitted on ``events`` and forecast over the run's window."""
        raise NotImplementedError

    def fit(self, run: ForecastRun, parameters: dict, context: QgsProcessingContext,
            feedback: QgsProcessingFeedback) -> dict[str, RiskSurface]:
        """``{band label: surface}``; by default :meth:`fit_one` per group of :attr:`ForecastRun.groups`."""
        return self.fit_per_category(run, feedback, FIT_START, self.fit_end)

    def fit_warnings(self, run: ForecastRun, surfaces: Mapping[str, RiskSurface]) -> dict[str, list[str]]:
        """``{label: warnings}`` of the fits, for the log, the report and the JSON."""
        return {label: [] for label in surfaces}

    def logged_fits(self, run: ForecastRun, surfaces: Mapping[str, RiskSurface]) -> dict[str, Mapping[str, Any]]:
        """``{label: fitted parameters}`` written to the log."""
        return {label: surface.parameters for label, surface in surfaces.items()}

    def log_readings(self, run: ForecastRun, surfaces: Mapping[str, RiskSurface],
                     feedback: QgsProcessingFeedback) -> None:
        """Lines the log gets after the fitted parameters (none by default)."""

    def report_title(self) -> str:
        raise NotImplementedError

    def report_columns(self) -> list[tuple[str, str]]:
        """(fitted parameter key, column heading) of the report's parameters table."""
        return []

    def report_rows(self, surfaces: Mapping[str, RiskSurface]) -> dict[str, Mapping[str, Any]]:
        """``{label: values}`` read by :meth:`report_columns` (the fitted parameters by default)."""
        return {label: surface.parameters for label, surface in surfaces.items()}

    def reading(self, surface: RiskSurface) -> str:
        """One model's fit in plain words ("" for none)."""
        return ""

    def report_notes(self) -> list[str]:
        """Closing notes of the report."""
        return []

    def report(self, run: ForecastRun, surfaces: Mapping[str, RiskSurface],
               warnings: Mapping[str, list[str]]) -> HtmlReport:
        """The HTML report: expected events, warnings, one table row per model, readings, notes."""
        fitted = {label: surface.parameters for label, surface in surfaces.items()}
        readings = {label: self.reading(surface) for label, surface in surfaces.items()}
        return parameters_report(
            self.report_title(), forecast_subtitle(run.as_of, run.horizon, run.grid, len(run.events)),
            self.report_rows(surfaces), self.report_columns(), warnings,
            readings={label: text for label, text in readings.items() if text},
            answer=expected_events_sentences(fitted, run.horizon), notes=self.report_notes())

    def document_warnings(self, surfaces: Mapping[str, RiskSurface],
                          warnings: Mapping[str, list[str]]) -> Mapping[str, list[str]]:
        """``{band label: warnings}`` in the JSON document (the report's by default)."""
        return warnings

    def output_values(self, run: ForecastRun, surfaces: Mapping[str, RiskSurface]) -> dict[str, Any]:
        """The numeric (and other non-file) outputs of the run beside EXPECTED_EVENTS."""
        return {}

    # --- the one flow --------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        per_category = self.parameterAsBoolean(parameters, self.PER_CATEGORY, context)
        shift = self.shift_of(parameters, context)
        with self.method_errors():
            options = self.options(parameters, context)
        run = self.read_history(parameters, context, feedback, per_category, options)
        with self.method_errors():
            surfaces = self.fit(run, parameters, context, feedback)
        warnings = self.fit_warnings(run, surfaces)  # on the whole-period forecasts, which the checks know
        if shift is not None:
            surfaces = self.shift_forecasts(surfaces, run.groups, shift, run.as_of, run.horizon, feedback)
            run.settings["shift"] = shift.label
        self.log_fits(feedback, self.logged_fits(run, surfaces), warnings)
        self.log_readings(run, surfaces, feedback)
        report = self.report(run, surfaces, warnings)
        fitted = {label: surface.parameters for label, surface in surfaces.items()}
        document = parameters_document(self.algorithm_id, fitted, self.document_warnings(surfaces, warnings),
                                       as_of=str(datetime64_from_days(run.as_of)), horizon_days=run.horizon,
                                       **run.settings)
        results = self.write_forecast_outputs(parameters, context, feedback, run, surfaces, report, document)
        results[self.EXPECTED_EVENTS] = sum(surface.parameters["expected_total"] for surface in surfaces.values())
        results.update(self.output_values(run, surfaces))
        feedback.setProgress(100)
        return results

    # --- the steps -----------------------------------------------------------------------------------
    def read_history(self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback,
                     per_category: bool, options: Any) -> ForecastRun:
        """The events read once, the forecast window (AS_OF, HORIZON) and the grid of the history strictly
        before AS_OF, :meth:`margin` metres wider than the events; the bands' memory guard (progress to 15%)."""
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        feedback.setProgress(10)
        as_of, horizon = self.forecast_window(parameters, context, loaded.events, feedback)
        with self.method_errors():
            grid, events = self.make_history_grid(loaded, as_of, parameters, context, feedback,
                                                  self.margin(options, parameters, context))
        self.check_bands(grid, events, per_category, parameters, context)
        feedback.setProgress(FIT_START)
        return ForecastRun(loaded, as_of, horizon, grid, events, per_category, options,
                           {"per_category": per_category, "cell_size_m": grid.cell_size})

    def fit_per_category(self, run: ForecastRun, feedback: QgsProcessingFeedback, start: float,
                         end: float) -> dict[str, RiskSurface]:
        """:meth:`fit_one` on every group of the run, sharing progress [start, end] %.

        A ``ValueError`` of one model is raised again with its label in front, so the message says which
        crime type failed; :class:`~...algorithms.progress.Cancelled` when the user cancels."""
        groups = run.groups
        share = (end - start) / len(groups)
        surfaces: dict[str, RiskSurface] = {}
        for index, (label, group) in enumerate(groups.items()):
            if feedback.isCanceled():
                raise Cancelled("cancelled by the user")
            feedback.pushInfo(self.tr("Fitting and forecasting: {} ({} events)...").format(
                label, format_number(len(group))))
            progress = self.progress_callback(feedback, start + index * share, start + (index + 1) * share)
            try:
                surfaces[label] = self.fit_one(run, group, progress)
            except TooManyPairsError:
                raise  # its own message names the settings; the label adds nothing a guard needs
            except ValueError as error:
                raise ValueError(f"{label}: {error}") from None
        return surfaces

    def log_fits(self, feedback: QgsProcessingFeedback, fitted: Mapping[str, Mapping[str, Any]],
                 warnings: Mapping[str, list[str]]) -> None:
        """Every fitted parameter in the log, then each warning (orange in the log) with its label."""
        for label, values in fitted.items():
            self.log_parameters(feedback, dict(values), title=self.tr("Fitted parameters ({}):").format(label))
        for label, notes in warnings.items():
            for note in notes:
                feedback.pushWarning(f"{label}: {note}")

    def write_forecast_outputs(self, parameters: dict, context: QgsProcessingContext,
                               feedback: QgsProcessingFeedback, run: ForecastRun,
                               surfaces: Mapping[str, RiskSurface], report: HtmlReport,
                               document: Mapping[str, Any]) -> dict[str, Any]:
        """Once the fit is done: refuse a cancelled run before writing anything, then the raster (one band
        per model, named "method · crime types · period"), the report and the JSON document.

        The raster's ``CRIMERISK_PARAMETERS`` metadata holds band 1's parameters; every model's are in the
        report and the JSON output. With one band per crime type, the legend's title names band 1's type."""
        self.check_cancelled(feedback)
        feedback.pushInfo(self.tr("Writing the outputs..."))
        labels = list(surfaces)
        presentation = self.presentation(parameters, context, run.loaded, self.method_name(),
                                         surfaces[labels[0]].units, forecast_period_label(run.as_of, run.horizon))
        if len(labels) > 1:
            presentation = replace(presentation,
                                   header=layer_title(labels[0], *presentation.header.split(" · ")[1:]))
        results = {self.OUTPUT: self.write_surface(list(surfaces.values()), parameters, self.OUTPUT, context,
                                                   run.loaded.crs, band_names=labels, presentation=presentation)}
        feedback.setProgress(92)
        results[self.OUTPUT_REPORT] = self.write_report(report, parameters, self.OUTPUT_REPORT, context)
        results[self.OUTPUT_JSON] = self.write_json(document, parameters, self.OUTPUT_JSON, context)
        return results

    def write_json(self, document: Mapping[str, Any], parameters: dict, output: str,
                   context: QgsProcessingContext) -> str | None:
        """Save ``document`` to the optional file output ``output``; None when it was left empty."""
        path = self.file_output(parameters, output, context)
        if path is None:
            return None
        target = check_output_path(path)
        target.write_text(json.dumps(json_ready(document), indent=2, ensure_ascii=False), encoding="utf-8")
        return str(target)
