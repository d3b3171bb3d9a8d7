"""``crimerisk:nearrepeat``: prospective near-repeat risk for a day, and its alert areas.

Trigger expression (TRIGGER_EXPRESSION). The shared pipeline evaluates it on each feature
as it reads the layer, once (the feature iterator, which honours "selected features only"),
and carries its result as one flag per event (``LoadedEvents.flags``); the events the
pipeline drops (no date, outside the extent, on or after AS_OF...) drop their flag with them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from qgis.core import (
    QgsExpression,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...algorithms.events import EventSet
from ...algorithms.fitted import NearRepeatResult
from ...algorithms.grid import Grid
from ...algorithms.kde import automatic_radius
from ...algorithms.knox import KnoxTable
from ...algorithms.nearrepeat import (
    BACKGROUND_KERNEL,
    KERNELS,
    NearRepeatAlerts,
    alerts,
    bandwidths_for_reach,
    bandwidths_from_knox,
    near_repeat_surface,
    select_triggers,
)
from ..reports.fit_plausibility import bandwidth_lines, sentence
from ..reports.labels import forecast_period_label
from ..reports.numbers import format_value
from ..io.pipeline import EventRequest, LoadedEvents, category_key, split_categories
from ..io.reading import FlagExpression
from ..io.polygons import polygons_of_labels
from ..io.tables import fields_for, write_table
from ..styling.vector_styles import rank_style, style_vector_output
from .base import CrimeRiskAlgorithm

ALERT_COLUMNS = ["rank", "cells", "area_km2", "max_risk", "mean_risk", "triggers", "expires"]



class NearRepeatAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "nearrepeat"
    display_name = "Near-repeat alerts"
    group_key = "nearrepeat"

    KERNEL = "KERNEL"
    SPACE_BANDWIDTH = "SPACE_BANDWIDTH"
    TIME_BANDWIDTH = "TIME_BANDWIDTH"
    KNOX_TABLE = "KNOX_TABLE"
    ALPHA = "ALPHA"
    WINDOW = "WINDOW"
    TRIGGER_CATEGORIES = "TRIGGER_CATEGORIES"
    TRIGGER_EXPRESSION = "TRIGGER_EXPRESSION"
    BACKGROUND_WEIGHT = "BACKGROUND_WEIGHT"
    BACKGROUND_WINDOW = "BACKGROUND_WINDOW"
    BACKGROUND_BANDWIDTH = "BACKGROUND_BANDWIDTH"
    ALERT_TOP_PERCENT = "ALERT_TOP_PERCENT"
    ALERT_THRESHOLD = "ALERT_THRESHOLD"
    OUTPUT = "OUTPUT"
    OUTPUT_ALERTS = "OUTPUT_ALERTS"
    ALERTS = "ALERTS"
    TRIGGERS = "TRIGGERS"
    SPACE_BANDWIDTH_USED = "SPACE_BANDWIDTH_USED"
    TIME_BANDWIDTH_USED = "TIME_BANDWIDTH_USED"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_time_window_parameters()
        self.add_grid_parameters()
        self.add_parameter(
            QgsProcessingParameterDateTime(self.AS_OF, self.tr("Risk for the day (as of)"),
                                           QgsProcessingParameterDateTime.Type.Date, optional=True),
            self.tr("The day the risk is mapped for (from its midnight). Only events strictly before it are read; "
                    "later events in the layer change nothing. Empty: the day after the last event."))
        self._add_kernel_parameters()
        self._add_trigger_parameters()
        self._add_alert_parameters()
        self.add_style_parameter()
        self.add_parameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Near-repeat risk")), self.tr(
            "GeoTIFF of the relative risk for the AS_OF day (1 = the study area's average, float32, nodata outside "
            "the study area), styled by risk percentile."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_ALERTS, self.tr("Near-repeat alerts"),
                                              QgsProcessing.SourceType.TypeVectorPolygon),
            self.tr("One polygon per alert area (touching alert cells, corners included), in the working CRS: rank "
                    "(1 = the highest risk), cells, area_km2, max_risk, mean_risk, triggers (events within the "
                    "space bandwidth of the area) and expires (ISO date-time when the latest of them stops "
                    "counting: its time plus the time bandwidth; NULL when no trigger reaches the area)."))
        self.addOutput(QgsProcessingOutputNumber(self.ALERTS, self.tr("Alert areas")))
        self.addOutput(QgsProcessingOutputNumber(self.TRIGGERS, self.tr("Triggering events")))
        self.addOutput(QgsProcessingOutputNumber(self.SPACE_BANDWIDTH_USED, self.tr("Space bandwidth used (metres)")))
        self.addOutput(QgsProcessingOutputNumber(self.TIME_BANDWIDTH_USED, self.tr("Time bandwidth used (days)")))

    def _add_kernel_parameters(self) -> None:
        self.add_parameter(
            QgsProcessingParameterEnum(self.KERNEL, self.tr("Kernel"),
                                       options=[self.tr("Bowers prospective (1 / (1 + cells), 1 / (1 + weeks))"),
                                                self.tr("Exponential decay in space and time"),
                                                self.tr("Gaussian in space, exponential in time")], defaultValue=0),
            self.tr("How risk falls with distance and time from a recent event. Bowers et al. (2004): 1 / (1 + d / "
                    "cell size) up to the space bandwidth, 1 / (1 + weeks) up to the time bandwidth. Exponential: "
                    "exp(-d / space bandwidth) exp(-days / time bandwidth). Gaussian: exp(-d² / 2 bandwidth²) in "
                    "space, exponential in time."))
        space = QgsProcessingParameterDistance(self.SPACE_BANDWIDTH, self.tr("Space bandwidth (metres)"), 400.0,
                                               minValue=0.0)
        self.add_parameter(space, self.tr(
            "Bowers: how far an event raises the risk (400 m in Bowers et al. for burglary); exponential: the decay "
            "length; Gaussian: the standard deviation. With KNOX_TABLE, the Knox reach R replaces it: as is for "
            "Bowers; for the others, converted so that the kernel's weight at R equals the Bowers weight 1 / (1 + R / "
            "cell size): exponential R / ln(1 + R / cell), Gaussian R / √(2 ln(1 + R / cell))."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.TIME_BANDWIDTH, self.tr("Time bandwidth (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 56.0, minValue=0.0),
            self.tr("Bowers: how long an event raises the risk (two months, 56 days, in Bowers et al.); otherwise "
                    "the decay time. With KNOX_TABLE, the Knox reach T replaces it: as is for Bowers; otherwise the "
                    "decay time whose weight at T equals the Bowers weight 1 / (1 + T / 7), T / ln(1 + T / 7)."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.KNOX_TABLE, self.tr("Knox table (from crimerisk:knox)"),
                                                [QgsProcessing.SourceType.TypeVector], optional=True),
            self.tr("Optional table output of crimerisk:knox on the same events. The bandwidths become its "
                    "significant extent: the largest distance and time reached by the cells with p_value < ALPHA "
                    "and ratio > 1 connected to the first distance and time band (the log names the values). "
                    "Refused when the first band is not significant."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.ALPHA, self.tr("Significance level for the Knox table"),
                                         QgsProcessingParameterNumber.Type.Double, 0.05, minValue=0.0001,
                                         maxValue=0.5),
            self.tr("A Knox cell is significant when its p_value is below this level and its ratio above 1."),
            advanced=True)

    def _add_trigger_parameters(self) -> None:
        self.add_parameter(
            QgsProcessingParameterNumber(self.WINDOW, self.tr("Look-back window (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0),
            self.tr("Events this many days before AS_OF can trigger. 0: the kernel's own reach (Bowers: the time "
                    "bandwidth; exponential and Gaussian: five time bandwidths)."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterString(self.TRIGGER_CATEGORIES, self.tr("Crime types that trigger"), optional=True),
            self.tr("Crime types whose events raise the risk, separated by ';' (or ','); empty: every type kept "
                    "by 'Crime types to keep'. The background still uses every kept event."))
        self.add_parameter(
            QgsProcessingParameterExpression(self.TRIGGER_EXPRESSION, self.tr("Only events where (expression)"),
                                             parentLayerParameterName=self.INPUT, optional=True),
            self.tr("Optional QGIS expression on the events layer: only events where it is true trigger (e.g. "
                    "\"modus\" = 'forced entry'). It is evaluated on each feature as the events are read."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.BACKGROUND_WEIGHT, self.tr("Background share"),
                                         QgsProcessingParameterNumber.Type.Double, 0.2, minValue=0.0,
                                         maxValue=1.0),
            self.tr("Share of the map's risk that comes from the long-term hotspots (a quartic kernel density of "
                    "the events of the background window, radius by likelihood cross-validation); 0: near repeats only."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.BACKGROUND_WINDOW, self.tr("Background window (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 365.0, minValue=0.0),
            self.tr("The background reads the events of this many days before AS_OF."), advanced=True)
        bandwidth = QgsProcessingParameterDistance(self.BACKGROUND_BANDWIDTH, self.tr("Background radius (metres)"),
                                                   0.0, optional=True, minValue=0.0)
        self.add_parameter(bandwidth, self.tr("Radius of the background's kernel density in metres; 0 or empty: "
                                              "chosen by likelihood cross-validation."), advanced=True)

    def _add_alert_parameters(self) -> None:
        self.add_parameter(
            QgsProcessingParameterNumber(self.ALERT_TOP_PERCENT, self.tr("Alert on the top % of cells"),
                                         QgsProcessingParameterNumber.Type.Double, 5.0, minValue=0.0,
                                         maxValue=100.0),
            self.tr("Cells in this top percentage of risk (ties kept, risk 0 never) form the alert areas."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.ALERT_THRESHOLD, self.tr("Alert above this risk"),
                                         QgsProcessingParameterNumber.Type.Double, optional=True),
            self.tr("Optional relative risk (e.g. 3 = three times the average): when given, cells strictly above it "
                    "alert instead of the top percentage."), advanced=True)
        self.add_seed_parameter(default=0, optional=True)

    def help_sections(self):
        return [
            ("", self.tr("Where is a crime most likely in the next days because of the crimes of the last weeks? "
                         "After a burglary the houses nearby run a raised risk for a few weeks (near repeats). "
                         "This maps that risk for one day and outlines the alert areas, each with the day its alert "
                         "expires.")),
            (self.tr("Uncertain times"), self.tr(
                "With a window end field (TIME_END_FIELD), an event known only to have happened within a window "
                "(a burglary between 08:00 and 18:30) counts at the middle of its window, for the look-back "
                "window, AS_OF and the time kernel alike. The log counts the windows and their median length, and "
                "warns when more than a tenth of them are longer than the time bandwidth (Ratcliffe 2002).")),
            (self.tr("Method"), self.tr(
                "Each event of the look-back window before AS_OF adds a kernel of distance times a kernel of "
                "elapsed time (prospective hotspotting, Bowers, Johnson &amp; Pease 2004); the sum is divided by "
                "its study-area mean, so 1 is the average and 3 three times it. With a background share b, the map "
                "is (1 - b) near repeats + b long-term density, both of mean 1. The Knox test (crimerisk:knox) "
                "measures how far and how long near repeats reach in your data: give its table as KNOX_TABLE to "
                "use that extent as the bandwidths (converted for the exponential and Gaussian kernels so that their "
                "weight at the reach equals the Bowers weight there; the log gives both).")),
            (self.tr("Units"), self.tr(
                "Bowers et al. (2004) weigh an event by 1 / (1 + distance) × 1 / (1 + time), distance in whole cell "
                "widths from the event's cell (a neighbouring cell: 1) and time in whole weeks elapsed (this week: "
                "0), up to the bandwidths. Here both are continuous (d / cell size, days / 7): the published weights "
                "at whole cells and weeks, without steps between them. The output is a relative risk, 1 = the study "
                "area's average.")),
            (self.tr("Alerts"), self.tr(
                "The top percentage of cells (or those above the threshold) are grouped into areas of touching "
                "cells and ranked by their highest risk, then their mean risk; areas tied on both are ordered by "
                "the risk around their best cell, then by a random draw from the seed, never by their position on "
                "the map. Every cell tied with the last one kept is kept too. An area's triggers are the events within the space "
                "bandwidth of one of its cells; the alert expires when the latest of them is older than the time "
                "bandwidth (Bowers: it stops counting; other kernels: its weight has fallen to 37%).")),
            (self.tr("Caveats"), self.tr(
                "Near-repeat risk is short-lived and local: it does not replace a hotspot map of where crime "
                "concentrates for years, hence the background share. It is a forecast from recorded crime only, "
                "biased as the recording is. Check with the backtest that it beats a plain hotspot map on your "
                "data before deploying patrols.")),
            (self.tr("References"), "Bowers, Johnson &amp; Pease (2004) <i>Brit. J. Criminology</i> 44, 641-658; "
                                    "Johnson et al. (2007) <i>J. Quant. Criminology</i> 23, 201-219; Johnson, Bowers, "
                                    "Birks &amp; Pease (2009) in <i>Putting Crime in its Place</i>, 171-198; "
                                    "Ratcliffe (2009) <i>Near Repeat Calculator</i>."),
        ]

    def process(self, parameters, context, feedback):
        settings = self._settings(parameters, context)
        space_bandwidth, time_bandwidth = self._bandwidths(parameters, context, feedback)
        loaded = self.at_window_middles(self.read_events(parameters, context, feedback, time_required=True),
                                        feedback, time_bandwidth, self.TIME_BANDWIDTH)
        feedback.setProgress(20)
        as_of = self.as_of_day(parameters, context, loaded.events)
        with self.method_errors():
            grid, read = self.history_grid_and_read(loaded, as_of, parameters, context, feedback,
                                                    margin=space_bandwidth)
        events = read.events
        if self.parameterAsSource(parameters, self.KNOX_TABLE, context) is not None:
            space_bandwidth, time_bandwidth = self._kernel_bandwidths(space_bandwidth, time_bandwidth,
                                                                      settings["kernel"], grid.cell_size, feedback)
        trigger_categories = self._trigger_categories(parameters, context, events)
        mask = self._expression_mask(parameters, context, feedback, read)
        feedback.setProgress(40)
        self._check_background(events, grid, as_of, settings)
        with self.method_errors():
            surface = near_repeat_surface(events, grid, as_of, space_bandwidth, time_bandwidth,
                                          trigger_categories=trigger_categories, trigger_mask=mask, **settings)
            triggers = select_triggers(events, as_of, NearRepeatResult.of(surface).window_days, trigger_categories,
                                       mask)
            rule = self._alert_rule(parameters, context)
            found = alerts(surface, triggers, **rule, seed=self.parameterAsInt(parameters, self.SEED, context))
        feedback.setProgress(80)
        self.log_parameters(feedback, {**surface.parameters, **{f"alert_{key}": value for key, value in rule.items()},
                                       "alert_areas": len(found.areas)})
        for line in bandwidth_lines(space_bandwidth, time_bandwidth, grid, events, as_of):
            feedback.pushWarning(sentence(line))
        if len(triggers) == 0:
            feedback.pushWarning(self.tr("No event of the look-back window triggers: the map is the background only "
                                         "(or flat). Check AS_OF, WINDOW and the trigger filters."))
        self.check_cancelled(feedback)
        raster = self.write_surface([surface], parameters, self.OUTPUT, context, loaded.crs, presentation=self.presentation(
            parameters, context, loaded, self.tr("Near-repeat risk"), surface.units,
            forecast_period_label(as_of, 1.0)))
        sink = self._write_alerts(found, grid, parameters, context, loaded.crs)
        feedback.setProgress(100)
        return {self.OUTPUT: raster, self.OUTPUT_ALERTS: sink, self.ALERTS: len(found.areas),
                self.TRIGGERS: len(triggers), self.SPACE_BANDWIDTH_USED: space_bandwidth,
                self.TIME_BANDWIDTH_USED: time_bandwidth}

    def _write_alerts(self, found: NearRepeatAlerts, grid: Grid, parameters, context, crs) -> str:
        """The alert areas as ranked (multi)polygons in the OUTPUT_ALERTS sink."""
        outlines = polygons_of_labels(found.labels, grid)
        geometries = []
        for area in found.areas:
            geometry = outlines[area["rank"]]
            geometry.convertToMultiType()
            geometries.append(geometry)
        rows = [{"rank": area["rank"], "cells": area["cells"], "area_km2": area["area_m2"] / 1e6,
                 "max_risk": area["max_risk"], "mean_risk": area["mean_risk"],
                 "triggers": area["triggering_events"], "expires": area["expires"]} for area in found.areas]
        destination = write_table(self, parameters, self.OUTPUT_ALERTS, context, rows, ALERT_COLUMNS, geometries,
                                  QgsWkbTypes.Type.MultiPolygon, crs)
        if self._wants_style(parameters, context):  # outlines: the risk surface underneath stays readable
            style_vector_output(destination, rank_style(len(rows)), context, fields_for(rows, ALERT_COLUMNS),
                                "MultiPolygon", crs)
        return destination

    def _settings(self, parameters, context) -> dict[str, Any]:
        """Keyword arguments of :func:`near_repeat_surface` read from the parameters (bar bandwidths, triggers)."""
        window = self.parameterAsDouble(parameters, self.WINDOW, context)
        return {
            "kernel": KERNELS[self.parameterAsEnum(parameters, self.KERNEL, context)],
            "window_days": window if window > 0 else None,
            "background_weight": self.parameterAsDouble(parameters, self.BACKGROUND_WEIGHT, context),
            "background_window_days": self.parameterAsDouble(parameters, self.BACKGROUND_WINDOW, context),
            "background_bandwidth": self.parameterAsDouble(parameters, self.BACKGROUND_BANDWIDTH, context) or None,
        }

    def _check_background(self, events: EventSet, grid: Grid, as_of: float, settings: dict[str, Any]) -> None:
        """Refuse, naming the parameters to change, a background that cannot be estimated."""
        if settings["background_weight"] <= 0 or settings["background_bandwidth"]:
            return
        past = events.between(as_of - settings["background_window_days"], as_of)
        try:
            if len(past) < 2:
                raise ValueError(self.tr("{} events in the background window").format(len(past)))
            automatic_radius(past.x, past.y, BACKGROUND_KERNEL, weights=past.weight, cell_size=grid.cell_size)
        except ValueError as error:
            raise QgsProcessingException(self.tr(
                "The long-term background cannot be estimated ({}). Lengthen BACKGROUND_WINDOW, give "
                "BACKGROUND_BANDWIDTH in metres, or set BACKGROUND_WEIGHT to 0 for near repeats only.").format(
                error)) from None

    def _alert_rule(self, parameters, context) -> dict[str, float]:
        """``threshold`` when ALERT_THRESHOLD is given, else ``top_percent``."""
        if parameters.get(self.ALERT_THRESHOLD) not in (None, ""):
            return {"threshold": self.parameterAsDouble(parameters, self.ALERT_THRESHOLD, context)}
        return {"top_percent": self.parameterAsDouble(parameters, self.ALERT_TOP_PERCENT, context)}

    def _bandwidths(self, parameters, context, feedback) -> tuple[float, float]:
        """(metres, days): the parameters, or the significant extent of KNOX_TABLE."""
        table = self.parameterAsSource(parameters, self.KNOX_TABLE, context)
        if table is None:
            return (self.parameterAsDouble(parameters, self.SPACE_BANDWIDTH, context),
                    self.parameterAsDouble(parameters, self.TIME_BANDWIDTH, context))
        alpha = self.parameterAsDouble(parameters, self.ALPHA, context)
        names = table.fields().names()
        rows = [dict(zip(names, feature.attributes())) for feature in table.getFeatures()]
        with self.method_errors():
            space_bandwidth, time_bandwidth = bandwidths_from_knox(KnoxTable.from_rows(rows), alpha)
        feedback.pushInfo(self.tr(
            "Bandwidths from the Knox table (rule: the outer edges of the bands with p < {} and a ratio above 1 "
            "connected to the first distance and time band): space {} m, time {} days.").format(
            format_value(alpha), format_value(space_bandwidth), format_value(time_bandwidth)))
        return space_bandwidth, time_bandwidth

    def _kernel_bandwidths(self, space_reach: float, time_reach: float, kernel: str, cell_size: float,
                           feedback) -> tuple[float, float]:
        """The Knox reach converted to the kernel's own bandwidths (same weight as Bowers' at the reach)."""
        with self.method_errors():
            space_bandwidth, time_bandwidth = bandwidths_for_reach(space_reach, time_reach, kernel, cell_size)
        if kernel != "bowers":
            feedback.pushInfo(self.tr(
                "Knox reach converted for the {} kernel so that its weight at the reach equals the Bowers weight "
                "there (1 / (1 + {} m / {} m cells), 1 / (1 + {} days / 7)): space bandwidth {} m, time "
                "bandwidth {} days.").format(kernel, *[format_value(v) for v in (space_reach, cell_size, time_reach,
                                                                                  space_bandwidth, time_bandwidth)]))
        return space_bandwidth, time_bandwidth

    def _trigger_categories(self, parameters, context, events: EventSet) -> list[str]:
        """TRIGGER_CATEGORIES spelled as in the data (case does not matter); unknown types are refused."""
        wanted = split_categories(self.parameterAsString(parameters, self.TRIGGER_CATEGORIES, context))
        present = {category_key(name): name for name in events.categories()}
        unknown = [name for name in wanted if category_key(name) not in present]
        if unknown:
            raise QgsProcessingException(self.tr(
                "Unknown trigger crime type {}: the events used hold {}. Check the spelling or 'Crime types to "
                "keep'.").format(", ".join(f"'{name}'" for name in unknown), ", ".join(present.values())))
        return [present[category_key(name)] for name in wanted]

    def event_request(self, parameters, context, time_required: bool) -> EventRequest:
        """The shared request, with TRIGGER_EXPRESSION evaluated per feature as the layer is read."""
        request = super().event_request(parameters, context, time_required)
        request.flag = self._trigger_expression(parameters, context)
        return request

    def _trigger_expression(self, parameters, context) -> FlagExpression | None:
        """TRIGGER_EXPRESSION prepared on the events layer's fields; refused when it is not valid."""
        text = self.parameterAsExpression(parameters, self.TRIGGER_EXPRESSION, context).strip()
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if not text or source is None:
            return None
        expression = QgsExpression(text)
        expression_context = self.createExpressionContext(parameters, context, source)
        expression_context.setFields(source.fields())
        if expression.hasParserError() or not expression.prepare(expression_context) or expression.hasEvalError():
            raise QgsProcessingException(self.tr("The trigger expression is not valid: {}. Fix it in the expression "
                                                 "builder.").format(expression.parserErrorString()
                                                                    or expression.evalErrorString()))
        return FlagExpression(expression, expression_context)

    def _expression_mask(self, parameters, context, feedback, read: LoadedEvents) -> np.ndarray | None:
        """One bool per event of ``read``: True where TRIGGER_EXPRESSION holds; None without an expression."""
        if read.flags is None:
            return None
        text = self.parameterAsExpression(parameters, self.TRIGGER_EXPRESSION, context).strip()
        feedback.pushInfo(self.tr("Trigger expression {}: true for {} of the {} events used.").format(
            text, int(read.flags.sum()), len(read.events)))
        return read.flags
