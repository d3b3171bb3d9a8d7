"""``crimerisk:kde``: kernel-density hotspot map."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterRasterDestination,
)

from ...algorithms.kde import KERNELS, kde_surface, scott_radius
from ..reports.fit_plausibility import radius_lines, sentence
from ..reports.labels import kernel_label
from .base import CrimeRiskAlgorithm

UNIT_CHOICES = ("per_km2", "per_cell_day")


class KernelDensityAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "kde"
    display_name = "Kernel density (KDE)"
    group_key = "hotspots"

    RADIUS = "RADIUS"
    KERNEL = "KERNEL"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    OUTPUT_VALUE = "OUTPUT_VALUE"
    EDGE_CORRECTION = "EDGE_CORRECTION"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=False)
        self.add_grid_parameters()
        radius = QgsProcessingParameterDistance(self.RADIUS, self.tr("Radius (bandwidth, metres)"), 0.0, minValue=0.0)
        self.add_parameter(radius, self.tr(
            "Kernel radius in metres (for the Gaussian kernel: its standard deviation). 0 chooses it from the data "
            "by likelihood cross-validation (the radius that best predicts each event from the others, between one "
            "cell and Scott's rule); the log gives the value and how it was chosen. Typical urban values: "
            "200-600 m."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.KERNEL, self.tr("Kernel shape"), options=[kernel_label(k) for k in KERNELS],
                                       defaultValue=list(KERNELS).index("quartic")),
            self.tr("Quartic (default, as CrimeStat and the QGIS heatmap), Gaussian (truncated at 4 standard "
                    "deviations), Epanechnikov, triangular or uniform."))
        self.add_parameter(
            QgsProcessingParameterField(self.WEIGHT_FIELD, self.tr("Weight field"), parentLayerParameterName=self.INPUT,
                                        type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            self.tr("Optional numeric weight of each event (e.g. a seriousness score). Missing or negative weights "
                    "drop the event."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterEnum(self.OUTPUT_VALUE, self.tr("Output values"),
                                       options=[self.tr("Events per km²"),
                                                self.tr("Expected events per cell per day (needs dates)")],
                                       defaultValue=0),
            self.tr("Density in events per km², or expected events per cell per day over the period analysed "
                    "(from the date range, else from the first to the last event)."))
        self.add_parameter(
            QgsProcessingParameterBoolean(self.EDGE_CORRECTION, self.tr("Edge correction"), True),
            self.tr("On (default): each event inside the study area (the mask, else the grid) is renormalised so "
                    "that all of its kernel falls on the study area's cells (Jones 1993), so cells near the border "
                    "do not read low and the map sums to the events. Off: the part of a kernel outside the grid or "
                    "mask is lost, as in the QGIS heatmap."), advanced=True)
        self.add_style_parameter()
        self.add_parameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Hotspot density")),
                           self.tr("GeoTIFF of the density (float32, nodata outside the study area), styled by "
                                   "risk percentile."))
        self.addOutput(QgsProcessingOutputNumber("RADIUS_USED", self.tr("Radius used (metres)")))
        self.addOutput(QgsProcessingOutputNumber("EVENTS", self.tr("Events used")))

    def help_sections(self):
        return [
            ("", self.tr("Where has crime concentrated? A retrospective hotspot map: the kernel density of the "
                         "selected events on a grid, as in CrimeStat and the QGIS heatmap, but binned and computed "
                         "by FFT so that a million events take seconds.")),
            (self.tr("Method"), self.tr(
                "Each event spreads one unit (or its weight) over a disc of the chosen radius with the chosen kernel "
                "shape; the map is the sum. Events are linearly binned to the cell centres and convolved with the "
                "kernel by FFT; the result matches the exact sum to well under 1% of the maximum. The style shades "
                "the top 1%, 5%, 10%, 20% and 50% of cells.")),
            (self.tr("Units and edges"), self.tr(
                "Events per km² or expected events per cell per day (density × cell area ÷ days of the period). With "
                "the edge correction (default) each event inside the study area is divided by the share of its "
                "kernel on the study area's cells (the renormalisation of Jones 1993; the convolution of the mask "
                "with the kernel, by FFT), so each event adds exactly its weight inside and the map sums to the "
                "events; events outside the study area keep their plain kernel. It keeps each event's mass rather "
                "than flattening the border: on uniform events the border cells read about 0.8 of the centre "
                "(0.57 without correction); Diggle's (1985) division of the density would be flat there but would "
                "not keep each event's mass. Without the correction the kernel mass outside the grid or mask is "
                "lost and border cells read low; the log says which applies.")),
            (self.tr("Caveats"), self.tr(
                "A hotspot map shows where recorded crime was, not where crime will be: recording and patrol "
                "patterns shape it. The radius drives the picture more than the kernel; compare methods with the "
                "backtest before deploying patrols.")),
            (self.tr("References"), "Silverman (1986) <i>Density Estimation</i>; Wand (1994) <i>J. Comput. Graph. "
                                    "Stat.</i> 3, 433-445; Chainey, Tompson &amp; Uhlig (2008) <i>Security Journal</i> "
                                    "21, 4-28; Levine (2015) <i>CrimeStat IV</i>, ch. 10; Jones (1993) <i>Statistics "
                                    "and Computing</i> 3, 135-146; Diggle (1985) <i>Applied Statistics</i> 34, "
                                    "138-147."),
        ]

    def process(self, parameters, context, feedback):
        kernel = list(KERNELS)[self.parameterAsEnum(parameters, self.KERNEL, context)]
        units = UNIT_CHOICES[self.parameterAsEnum(parameters, self.OUTPUT_VALUE, context)]
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        edge_correction = self.parameterAsBoolean(parameters, self.EDGE_CORRECTION, context)
        loaded = self.read_events(parameters, context, feedback, time_required=False)
        feedback.setProgress(30)
        with self.method_errors():
            # Scott's radius bounds the cross-validated one: a margin wide enough, at no cost.
            margin = radius if radius > 0 else scott_radius(loaded.events.x, loaded.events.y, kernel)[0]
            grid, events = self.make_grid(loaded, parameters, context, feedback, margin=margin)
            period = self._period_days(loaded, units)
            surface = kde_surface(events, grid, radius=radius or None, kernel=kernel, units=units,
                                  period_days=period, progress=self.progress_callback(feedback, 30.0, 80.0),
                                  edge_correction=edge_correction)
        feedback.setProgress(80)
        self.log_parameters(feedback, surface.parameters)
        for line in radius_lines("radius", surface.parameters["radius_m"], grid, events):
            feedback.pushWarning(sentence(line))
        self.check_cancelled(feedback)
        path = self.write_surface([surface], parameters, self.OUTPUT, context, loaded.crs, presentation=self.presentation(
            parameters, context, loaded, self.tr("KDE"), surface.units))
        feedback.setProgress(100)
        return {self.OUTPUT: path, "RADIUS_USED": surface.parameters["radius_m"], "EVENTS": len(events)}

    def _period_days(self, loaded, units: str) -> float | None:
        if units != "per_cell_day":
            return None
        if not loaded.events.has_times:
            raise QgsProcessingException(self.tr("'Expected events per cell per day' needs the date field."))
        start, end = loaded.period()
        return end - start
