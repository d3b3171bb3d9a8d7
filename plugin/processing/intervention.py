"""``crimerisk:intervention``: did a place-based deployment work? Treated, catchment and control areas
before and after, with displacement, as a table, numbers and an HTML report."""

from __future__ import annotations

import math

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsRectangle,
)

from ...algorithms.events import datetime64_from_days
from ...algorithms.grid import Grid, GridTooLargeError
from ...algorithms.intervention import AREA_KINDS, InterventionResult, evaluate_intervention, match_controls, step_counts
from ..reports.numbers import format_number, format_value
from ..io.pipeline import grid_too_large
from ..reports.html import HtmlReport, line_chart
from ..io.tables import write_table
from ...algorithms.zones import inside_rings
from ..io.zones import polygon_rings
from .base import CrimeRiskAlgorithm

#: Rows of the table: treated, catchment, control, and the catchment's own control when matched.
TABLE_COLUMNS = ["area", "period", "start", "end", "days", "events", "events_per_week", "change_vs_control_pct",
                 "change_low_pct", "change_high_pct", "p_value", "before_after_pct", "e_test_p"]
CONTROL_METHODS = ("rest", "matched")
MODEL_STEPS = (7.0, 28.0)
#: Treated areas this many times busier per km² than the control before are flagged (regression to the mean).
BUSY_RATIO = 2.0


def _day_text(day: float) -> str:
    return str(datetime64_from_days(day).astype("datetime64[D]"))


def _percent(value: float) -> str:
    return ("+" if value > 0 else "") + format_number(round(value)) + "%" if math.isfinite(value) else "–"


class InterventionAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "intervention"
    display_name = "Intervention evaluation"
    group_key = "evaluation"

    TREATED = "TREATED"
    CATCHMENT_DISTANCE = "CATCHMENT_DISTANCE"
    CATCHMENT = "CATCHMENT"
    CONTROL = "CONTROL"
    CONTROL_METHOD = "CONTROL_METHOD"
    MATCH_RATIO = "MATCH_RATIO"
    INTERVENTION_START = "INTERVENTION_START"
    INTERVENTION_END = "INTERVENTION_END"
    PRE_START = "PRE_START"
    MODEL_STEP = "MODEL_STEP"
    CONFIDENCE = "CONFIDENCE"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    OUTPUT_HTML = "OUTPUT_HTML"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.TREATED, self.tr("Treated areas (polygons)"),
                                                [QgsProcessing.SourceType.TypeVectorPolygon]),
            self.tr("Where the intervention took place: the patrol zones CrimeRisk produced, or any polygons. All "
                    "polygons together form the treated area."))
        distance = QgsProcessingParameterDistance(self.CATCHMENT_DISTANCE, self.tr("Catchment width (metres)"), 300.0,
                                                  minValue=0.0)
        self.add_parameter(distance, self.tr(
            "Width of the ring around the treated areas where displaced crime (or a diffusion of benefits) would "
            "show. 200-500 m suits foot or car patrols of hot spots (one to three street blocks; Bowers et al. "
            "2011); it should be reachable on foot yet not so wide that the effect is diluted. 0: no catchment."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.CATCHMENT, self.tr("Catchment areas (polygons)"),
                                                [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            self.tr("Optional polygons of the catchment instead of the ring (the treated areas are cut out of them)."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.CONTROL, self.tr("Control areas (polygons)"),
                                                [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            self.tr("Optional polygons of comparable areas that got no intervention. They must not overlap the "
                    "treated areas; any part inside the catchment is left out. Empty: the control method below."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.CONTROL_METHOD, self.tr("Control when no control layer is given"),
                                       options=[self.tr("Rest of the study area"),
                                                self.tr("Grid cells matched on pre-period level and trend")],
                                       defaultValue=0),
            self.tr("Rest of the study area: the mask (else the extent, else the events' extent) outside the treated "
                    "areas and the catchment. Matched cells: for each grid cell of the treated areas, the cells "
                    "outside treated and catchment areas nearest in pre-period mean count and trend (greedy "
                    "nearest-neighbour matching without replacement); use it when the treated areas were chosen for "
                    "being busy. The catchment, not chosen that way, keeps the rest of the study area as control."))
        self.add_grid_parameters(default_cell_size=150.0)
        self.parameterDefinition(self.CELL_SIZE).setHelp(self.tr(
            "Side of the grid cells matched as control (matched control only). Use the cell size the treated "
            "areas were made of (e.g. the patrol zones' cells) so that treated and control cells are alike."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MATCH_RATIO, self.tr("Matched cells per treated cell"),
                                         QgsProcessingParameterNumber.Type.Integer, 3, minValue=1),
            self.tr("How many control cells each treated cell gets when the control is matched."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterDateTime(self.INTERVENTION_START, self.tr("Intervention start"),
                                           QgsProcessingParameterDateTime.Type.Date),
            self.tr("First day of the intervention: the post-period starts here."))
        self.add_parameter(
            QgsProcessingParameterDateTime(self.INTERVENTION_END, self.tr("Intervention end"),
                                           QgsProcessingParameterDateTime.Type.Date, optional=True),
            self.tr("Last day of the post-period (inclusive). Empty: the day of the last event."))
        self.add_parameter(
            QgsProcessingParameterDateTime(self.PRE_START, self.tr("Pre-period start"),
                                           QgsProcessingParameterDateTime.Type.Date, optional=True),
            self.tr("First day of the pre-period, which ends the day before the intervention starts. Empty: as long "
                    "as the post-period. Periods of different lengths are compared as rates per day."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.MODEL_STEP, self.tr("Model period"),
                                       options=[self.tr("Week"), self.tr("4 weeks")], defaultValue=1),
            self.tr("Counts per area are modelled per week or per 4 weeks; 4 weeks absorbs short bursts of repeat "
                    "crime. Each of the pre- and post-periods needs at least 2 of them."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.CONFIDENCE, self.tr("Confidence level (%)"),
                                         QgsProcessingParameterNumber.Type.Double, 95.0, minValue=50.0, maxValue=99.9),
            self.tr("Level of the confidence intervals."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_TABLE, self.tr("Before/after table"), QgsProcessing.SourceType.TypeVector),
            self.tr("One row per area kind (treated, catchment, control) and period (pre, post): dates, events, "
                    "events per week; on post rows the change relative to control with its interval and p-value, "
                    "the raw before/after change and its E-test p-value."))
        self.add_html_output(self.OUTPUT_HTML, self.tr("Intervention report"), self.tr(
            "Optional HTML report: the weekly series with the intervention marked, the estimates in words, "
            "the table and the caveats."))
        for name, description in (
                ("PERCENT_CHANGE", self.tr("Change in the treated areas relative to control (%)")),
                ("PERCENT_CHANGE_LOW", self.tr("Lower bound of the change (%)")),
                ("PERCENT_CHANGE_HIGH", self.tr("Upper bound of the change (%)")),
                ("P_VALUE", self.tr("p-value of the change")),
                ("CATCHMENT_PERCENT_CHANGE", self.tr("Change in the catchment relative to control (%)")),
                ("CATCHMENT_PERCENT_CHANGE_LOW", self.tr("Lower bound of the catchment change (%)")),
                ("CATCHMENT_PERCENT_CHANGE_HIGH", self.tr("Upper bound of the catchment change (%)")),
                ("WDD", self.tr("Weighted displacement difference (events)")),
                ("WDD_Z", self.tr("WDD z-score (variance scaled for overdispersion)")),
                ("WDD_P", self.tr("WDD p-value (variance scaled for overdispersion)")),
                ("WDQ", self.tr("Weighted displacement quotient")),
                ("TOTAL_NET_EFFECT", self.tr("Total net effect (events prevented)")),
                ("DISPERSION", self.tr("Pearson dispersion of the count model"))):
            self.addOutput(QgsProcessingOutputNumber(name, description))
        self.addOutput(QgsProcessingOutputString("SUMMARY", self.tr("Summary in words")))

    def help_sections(self):
        return [
            ("", self.tr("Did the deployment work? Compares crime before and after an intervention in the treated "
                         "areas with control areas that got none, and checks whether crime moved into a catchment "
                         "around them (displacement) or fell there too (diffusion of benefits). Covers areas only: "
                         "street-network catchments are not available yet.")),
            (self.tr("Method"), self.tr(
                "The headline is a difference in differences on the rate-ratio scale: a log-linear count model of "
                "the counts per area and period (area and period effects, an after effect for the treated areas "
                "and for the catchment), fitted by iteratively reweighted least squares; when the Pearson "
                "dispersion exceeds 1 it becomes a negative binomial (NB2, alpha by the method of moments with "
                "leverage-corrected residuals) and its intervals are widened for the autocorrelation of the "
                "residuals (lag 1, less its expectation under independence). Beside it: the weighted "
                "displacement difference (WDD), with and without catchment, the control's counts weighted to each "
                "area's pre-period level. Its published Poisson z-score finds an effect too often on overdispersed, "
                "autocorrelated counts, so WDD_Z, WDD_P and the verdict use its variance multiplied by the "
                "overdispersion and autocorrelation the count model found (Student's t); the report shows both. "
                "Then the weighted displacement quotient (WDQ) and total "
                "net effect; and the E-test for each area's own before/after change. The matched control pairs "
                "each grid cell of the treated areas with cells of similar pre-period level and trend.")),
            (self.tr("Caveats"), self.tr(
                "Zones chosen for being busy fall back towards the average even without any intervention "
                "(regression to the mean): compare with a matched control. Recorded crime depends on police "
                "presence: more patrols can record more crime. The control must share the treated areas' trend "
                "(parallel trends). Overlapping events on a boundary count once, in the treated area first.")),
            (self.tr("References"),
             "Wheeler &amp; Ratcliffe (2018) <i>Crime Science</i> 7, 11; Bowers &amp; Johnson (2003) <i>J. "
             "Quantitative Criminology</i> 19, 275-301; Guerette (2009) <i>POP Tool Guide</i> 10; Krishnamoorthy "
             "&amp; Thomson (2004) <i>J. Stat. Planning and Inference</i> 119, 23-35; Cameron &amp; Trivedi (2013) "
             "<i>Regression Analysis of Count Data</i>; Barnett, van der Pols &amp; Dobson (2005) <i>Int. J. "
             "Epidemiology</i> 34, 215-220; Bowers et al. (2011) <i>J. Experimental Criminology</i> 7, 347-374."),
        ]

    # --- geometry -----------------------------------------------------------------------------------
    def _union(self, name: str, parameters, context, crs) -> QgsGeometry | None:
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            return None
        transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
        parts = []
        for feature in source.getFeatures():
            geometry = feature.geometry()
            if geometry.isNull() or geometry.isEmpty():
                continue
            geometry.transform(transform)
            parts.append(geometry.makeValid())
        if not parts:
            raise QgsProcessingException(self.tr("The layer '{}' has no polygon; choose a layer with polygons.").format(
                name))
        return QgsGeometry.unaryUnion(parts)

    def _areas(self, parameters, context, loaded) -> tuple[QgsGeometry, QgsGeometry | None, QgsGeometry | None,
                                                          QgsGeometry, str]:
        """Treated, catchment (None when none), explicit control (None: automatic), the study area, and the
        catchment's description."""
        crs = loaded.crs
        events = loaded.events
        treated = self._union(self.TREATED, parameters, context, crs)
        extent = QgsRectangle(float(events.x.min()), float(events.y.min()), float(events.x.max()),
                              float(events.y.max()))
        if not treated.boundingBox().intersects(extent) or not treated.intersects(QgsGeometry.fromRect(extent)):
            raise QgsProcessingException(self.tr(
                "The treated areas do not overlap the events' extent: check that TREATED is the right layer (and its "
                "CRS), or include the events of the treated areas."))
        catchment = self._union(self.CATCHMENT, parameters, context, crs)
        width = self.parameterAsDouble(parameters, self.CATCHMENT_DISTANCE, context)
        if catchment is not None:
            catchment = catchment.difference(treated)
            described = self.tr("catchment layer")
        elif width > 0:
            catchment = treated.buffer(width, 16).difference(treated)
            described = self.tr("{} m catchment").format(format_number(width))
        else:
            described = self.tr("no catchment")
        if catchment is not None and catchment.isEmpty():
            catchment = None
        mask = self._union(self.MASK, parameters, context, crs)
        if mask is not None:
            study = mask
        elif parameters.get(self.EXTENT) not in (None, ""):
            study = QgsGeometry.fromRect(self.parameterAsExtent(parameters, self.EXTENT, context, crs))
        else:
            study = QgsGeometry.fromRect(extent)
        if not treated.intersects(study):
            raise QgsProcessingException(self.tr(
                "The treated areas lie outside the study area set by MASK or EXTENT: choose a mask or extent that "
                "covers them, or leave both empty."))
        control = self._union(self.CONTROL, parameters, context, crs)
        if control is not None and control.intersection(treated).area() > 0:
            raise QgsProcessingException(self.tr(
                "The control areas overlap the treated areas: a control must be crime the intervention did not "
                "touch. Remove the overlap from CONTROL, or leave CONTROL empty for an automatic control."))
        return treated, catchment, control, study, described

    def _control_region(self, treated, catchment, control, study) -> QgsGeometry:
        region = control if control is not None else study.difference(treated)
        if catchment is not None:
            region = region.difference(catchment)
        if region.isEmpty() or region.area() <= 0:
            raise QgsProcessingException(self.tr(
                "The catchment swallows the control area: nothing is left to compare with. Choose a narrower "
                "CATCHMENT_DISTANCE, a control layer further away, or a larger study area (MASK)."))
        return region

    # --- periods ------------------------------------------------------------------------------------
    def _periods(self, parameters, context, events) -> tuple[tuple[float, float], tuple[float, float]]:
        start = self._date_parameter(parameters, self.INTERVENTION_START, context)
        end = self._date_parameter(parameters, self.INTERVENTION_END, context)
        pre_start = self._date_parameter(parameters, self.PRE_START, context)
        first, last = events.time_span()
        post_end = float(math.floor(last)) + 1.0 if end is None else end + 1.0
        if post_end <= start:
            raise QgsProcessingException(self.tr(
                "The intervention ends before it starts (or no event follows its start): set INTERVENTION_END after "
                "INTERVENTION_START."))
        if pre_start is None:
            pre_start = start - (post_end - start)
        if pre_start >= start:
            raise QgsProcessingException(self.tr("PRE_START must be before INTERVENTION_START."))
        if post_end > math.floor(last) + 1.0:
            raise QgsProcessingException(self.tr(
                "The post-period ends on {}, after the last event ({}): its last days would look crime-free. Set "
                "INTERVENTION_END on or before the last event's day, or load later events.").format(
                    _day_text(post_end - 1), _day_text(last)))
        if pre_start < math.floor(first):
            raise QgsProcessingException(self.tr(
                "The pre-period starts on {}, before the first event ({}): there are no data to compare with. Set a "
                "later PRE_START, a shorter post-period (INTERVENTION_END), or load earlier events.").format(
                    _day_text(pre_start), _day_text(first)))
        return (pre_start, start), (start, post_end)

    # --- run ----------------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        events = loaded.events
        if len(events) == 0:
            raise QgsProcessingException(self.tr("No event left after the filters: check the dates and crime types."))
        pre, post = self._periods(parameters, context, events)
        treated, catchment, control, study, described = self._areas(parameters, context, loaded)
        region = self._control_region(treated, catchment, control, study)
        feedback.setProgress(20)
        area = np.full(len(events), -1, dtype=np.int64)
        for index, geometry in ((2, region), (1, catchment), (0, treated)):  # the treated area wins a tie
            if geometry is not None:
                area[inside_rings(events.x, events.y, polygon_rings(geometry))] = index
        step = MODEL_STEPS[self.parameterAsEnum(parameters, self.MODEL_STEP, context)]
        method = self.tr("control layer") if control is not None else self.tr("rest of the study area")
        multiplicity, times = None, events.t
        matched = control is None and CONTROL_METHODS[self.parameterAsEnum(parameters, self.CONTROL_METHOD,
                                                                            context)] == "matched"
        if matched:
            times, area, multiplicity, method = self._matched(parameters, context, feedback, events, area, treated,
                                                              region, study, pre)
        feedback.setProgress(50)
        level = self.parameterAsDouble(parameters, self.CONFIDENCE, context) / 100.0
        with self.method_errors():
            result = evaluate_intervention(times, area, pre, post, step_days=step, level=level,
                                           area_multiplicity=multiplicity)
        self.log_parameters(feedback, {**result.parameters, "control": method, "catchment": described})
        feedback.setProgress(80)
        self.check_cancelled(feedback)
        areas_km2 = {"treated": treated.area() / 1e6, "catchment": catchment.area() / 1e6 if catchment else 0.0,
                     "control": region.area() / 1e6}
        summary = self.summary(result, described, level)
        caveats = self.caveats(result, areas_km2, matched or control is not None)
        for line in [summary] + caveats:
            feedback.pushInfo(line)
        rows = table_rows(result)
        table = write_table(self, parameters, self.OUTPUT_TABLE, context, rows, TABLE_COLUMNS)
        weekly = self._weekly(times, area, multiplicity, pre, post)
        html = self.write_report(self.report(result, rows, weekly, summary, caveats, method, described), parameters,
                                 self.OUTPUT_HTML, context)
        feedback.setProgress(100)
        catchment_effect = result.catchment
        nan = float("nan")
        return {self.OUTPUT_TABLE: table, self.OUTPUT_HTML: html,
                "PERCENT_CHANGE": result.treated.percent, "PERCENT_CHANGE_LOW": result.treated.percent_low,
                "PERCENT_CHANGE_HIGH": result.treated.percent_high, "P_VALUE": result.treated.p,
                "CATCHMENT_PERCENT_CHANGE": catchment_effect.percent if catchment_effect else nan,
                "CATCHMENT_PERCENT_CHANGE_LOW": catchment_effect.percent_low if catchment_effect else nan,
                "CATCHMENT_PERCENT_CHANGE_HIGH": catchment_effect.percent_high if catchment_effect else nan,
                "WDD": result.wdd.total, "WDD_Z": result.wdd.z, "WDD_P": result.wdd.p, "WDQ": result.wdq.wdq,
                "TOTAL_NET_EFFECT": result.wdq.total_net_effect, "DISPERSION": result.did.dispersion,
                "SUMMARY": summary}

    def _matched(self, parameters, context, feedback, events, area, treated, region, study, pre):
        """Event times, area kinds with the treated areas' control replaced by matched grid cells (the rest
        of the study area staying the catchment's control), each event's multiplicity, and the method."""
        size = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        if size <= 0:
            raise QgsProcessingException(self.tr("CELL_SIZE must be positive, e.g. 150 m."))
        box = study.boundingBox()
        try:
            grid = Grid.covering(box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum(), size,
                                 max_cells=self.parameterAsInt(parameters, self.MAX_CELLS, context))
        except GridTooLargeError as error:
            raise grid_too_large(error) from None
        cx, cy = (values.ravel() for values in grid.centre_grid())
        treated_cells = inside_rings(cx, cy, polygon_rings(treated))
        candidates = inside_rings(cx, cy, polygon_rings(region))
        cell = grid.flat_index(events.x, events.y)
        weeks = int(math.ceil((pre[1] - pre[0]) / 7.0 - 1e-9))
        valid = cell >= 0
        series = step_counts(events.t[valid], cell[valid], grid.n_cells, pre[0], 7.0, weeks)
        ratio = self.parameterAsInt(parameters, self.MATCH_RATIO, context)
        with self.method_errors():
            match = match_controls(series, treated_cells, candidates, ratio,
                                   progress=self.progress_callback(feedback, 20.0, 50.0))
        chosen = np.bincount(match.controls, minlength=grid.n_cells)
        multiplicity = np.where(valid, chosen[np.maximum(cell, 0)], 0)
        # The catchment was not chosen for its pre-period counts: matching it on them would make its control
        # regress to the mean alone (Daw & Hatfield 2018), so it keeps the rest of the study area as control.
        rest = area == 2
        area = np.where(rest, 3, area)
        matched = (multiplicity > 0) & ((area == -1) | rest)
        area = np.where(matched, 2, area)
        multiplicity = np.where(matched, multiplicity, 1)
        # An event of the rest that is also in a matched cell counts in both controls.
        both = np.nonzero(matched & rest)[0]
        times = np.concatenate([events.t, events.t[both]])
        area = np.concatenate([area, np.full(both.size, 3)])
        multiplicity = np.concatenate([multiplicity, np.ones(both.size, dtype=np.int64)])
        feedback.pushInfo(self.tr("Matched control: {} cells of {} m for {} treated cells; pre-period mean per "
                                  "week {} (treated) against {} (matched), slope {} against {}.").format(
            *[format_number(n) for n in (np.unique(match.controls).size, size, int(treated_cells.sum()))],
            *[format_value(v, 3) for v in (match.treated_mean, match.control_mean, match.treated_slope,
                                           match.control_slope)]))
        return times, area, multiplicity, self.tr("matched grid cells ({})").format(match.method)

    def _weekly(self, times, area, multiplicity, pre, post) -> dict[str, np.ndarray]:
        weeks = int(math.ceil((post[1] - pre[0]) / 7.0 - 1e-9))
        repeat = np.ones(area.size, dtype=np.int64) if multiplicity is None else np.maximum(multiplicity, 0)
        t, kinds = np.repeat(times, repeat), np.repeat(area, repeat)
        counts = step_counts(t, kinds, len(AREA_KINDS), pre[0], 7.0, weeks)
        return {kind: counts[i] for i, kind in enumerate(AREA_KINDS)}

    # --- words ------------------------------------------------------------------------------------
    def summary(self, result: InterventionResult, described: str, level: float) -> str:
        effect = result.treated
        interval = self.tr("{}% CI {} to {}").format(format_value(100 * level), _percent(effect.percent_low),
                                                       _percent(effect.percent_high))
        if effect.significant:
            verb = self.tr("fell") if effect.percent < 0 else self.tr("rose")
            text = self.tr("Crime in the treated areas {} {} relative to the control area ({}).").format(
                verb, format_number(abs(round(effect.percent))) + "%", interval)
        else:
            text = self.tr("Crime in the treated areas changed by {} relative to the control area ({}): no clear "
                           "effect.").format(_percent(effect.percent), interval)
        catchment = result.catchment
        if catchment is None:
            return text + " " + self.tr("No catchment was examined.")
        wdq = format_number(result.wdq.wdq, 2)
        size = format_number(abs(round(catchment.percent))) + "%"
        if catchment.significant and catchment.percent > 0:
            words = self.tr("Crime rose {} in the {} relative to control: a sign of displacement (WDQ {}).").format(
                size, described, wdq)
        elif catchment.significant:
            words = self.tr("Crime fell {} in the {} relative to control: a diffusion of benefits (WDQ {}).").format(
                size, described, wdq)
        else:
            words = self.tr("No sign of displacement into the {} ({} relative to control, WDQ {}).").format(
                described, _percent(catchment.percent), wdq)
        return text + " " + words

    def caveats(self, result: InterventionResult, areas_km2: dict[str, float], matched: bool) -> list[str]:
        lines = []
        density = {kind: result.counts[kind][0] / areas_km2[kind] if areas_km2[kind] > 0 else 0.0
                   for kind in ("treated", "control")}
        if not matched and density["control"] > 0 and density["treated"] > BUSY_RATIO * density["control"]:
            lines.append(self.tr(
                "Regression to the mean: before the intervention the treated areas had {} times the control's crime "
                "per km². If they were chosen for being busy (as patrol zones are), part of any fall would have "
                "happened anyway. Rerun with CONTROL_METHOD = matched cells.").format(
                    format_number(density["treated"] / density["control"], 2)))
        lines.append(self.tr("Recorded crime depends on police presence: patrols can record more crime (or deter "
                             "reports) in the treated areas, so a change in records is not only a change in crime."))
        if result.did.dispersion > 1:
            lines.append(self.tr("The counts vary more than a Poisson process would (dispersion {}): the model is a "
                                 "negative binomial and its intervals are widened accordingly; the WDD's are too.")
                         .format(format_number(result.did.dispersion, 3)))
        return lines

    def report(self, result: InterventionResult, rows, weekly, summary, caveats, method, described) -> HtmlReport:
        html = HtmlReport(self.tr("Did the intervention work?"), self.tr(
            "Pre-period {} to {}, post-period {} to {}; control: {}; {}.").format(
                _day_text(result.pre[0]), _day_text(result.pre[1] - 1), _day_text(result.post[0]),
                _day_text(result.post[1] - 1), method, described))
        html.answer([summary], self.chart(result, weekly))
        html.heading(self.tr("Estimates"))
        wdd, wdq, published = result.wdd, result.wdq, result.wdd_poisson
        html.key_values({
            self.tr("Change relative to control, treated (%)"): result.treated.percent,
            self.tr("Change relative to control, catchment (%)"): result.catchment.percent if result.catchment
            else None,
            self.tr("Model"): result.did.method,
            self.tr("Pearson dispersion"): result.did.dispersion,
            self.tr("WDD, treated and catchment (events)"): wdd.total,
            self.tr("WDD standard error, for overdispersion"): wdd.total_se,
            self.tr("WDD z, for overdispersion (decides)"): wdd.z,
            self.tr("WDD p, for overdispersion (decides)"): wdd.p,
            self.tr("WDD standard error, Poisson as published"): published.total_se,
            self.tr("WDD z, Poisson as published"): published.z, self.tr("WDD p, Poisson as published"): published.p,
            self.tr("WDD without catchment (events)"): wdd.local,
            self.tr("WDD without catchment, z"): wdd.local_z, self.tr("WDD without catchment, p"): wdd.local_p,
            self.tr("WDQ"): wdq.wdq,
            self.tr("Total net effect (events prevented)"): wdq.total_net_effect,
            self.tr("Treated before/after without control (%)"): result.naive_change,
        })
        html.paragraph(self.tr(
            "WDD: post minus pre counts in treated and catchment areas, minus the control's change brought to "
            "their scale; negative means crime prevented. WDQ below 0: displacement; above 0: diffusion of benefits; "
            "below -1: the displacement outweighs the gain."), note=True)
        html.paragraph(self.tr(
            "The WDD's published test (Wheeler & Ratcliffe 2018) assumes Poisson counts. Crime counts usually vary "
            "more than that and from one period to the next, and the published test then finds an effect too often. "
            "The verdict therefore uses the WDD's variance multiplied by the counts' overdispersion and "
            "autocorrelation, as fitted by the count model, with Student's t; on Poisson counts both agree."),
            note=True)
        html.heading(self.tr("Counts by area and period"))
        words = {**self.area_names(), "pre": self.tr("before"), "post": self.tr("after")}
        cells = [{key: _cell(row.get(key), words if key in ("area", "period") else {}) for key in TABLE_COLUMNS}
                 for row in rows]
        html.table(cells, TABLE_COLUMNS, keep=2)
        html.heading(self.tr("Caveats"))
        html.bullet_list(caveats)
        html.paragraph(self.tr("This evaluation covers areas only: catchments along the street network are not "
                               "available yet."), note=True)
        return html

    def area_names(self) -> dict[str, str]:
        """The reader's words for the area kinds."""
        return {"treated": self.tr("treated"), "catchment": self.tr("catchment"), "control": self.tr("control"),
                "catchment_control": self.tr("rest of the study area")}

    def chart(self, result: InterventionResult, weekly: dict[str, np.ndarray]) -> str:
        """Weekly counts of each area as a percentage of its own pre-period weekly mean, start marked."""
        weeks_pre = int(round((result.pre[1] - result.pre[0]) / 7.0))
        series = {}
        names = self.area_names()
        top = 0.0
        for kind, counts in weekly.items():
            base = counts[:weeks_pre].mean() if weeks_pre else 0.0
            if base <= 0 or kind not in result.counts:
                continue
            values = 100.0 * counts / base
            series[names[kind]] = (list(range(values.size)), values.tolist())
            top = max(top, float(values.max()))
        marker = self.tr("intervention start")
        series[marker] = ([weeks_pre, weeks_pre], [0.0, top])
        ticks = {float(w): _day_text(result.pre[0] + 7 * w)
                 for w in range(0, len(next(iter(weekly.values()))), max(1, len(next(iter(weekly.values()))) // 6))}
        return line_chart(series, title=self.tr("Events per week (pre-period average = 100)"), x_labels=ticks,
                          y_label=self.tr("index"), width=760, height=300, dashed=[marker])


def table_rows(result: InterventionResult) -> list[dict]:
    """One row per area kind and period."""
    rows = []
    days = {"pre": result.pre, "post": result.post}
    effects = {"treated": result.treated, "catchment": result.catchment}
    for kind in result.counts:
        for index, period in enumerate(("pre", "post")):
            start, end = days[period]
            events = result.counts[kind][index]
            row = {"area": kind, "period": period, "start": _day_text(start), "end": _day_text(end - 1),
                   "days": int(round(end - start)), "events": int(round(events)),
                   "events_per_week": 7.0 * events / (end - start)}
            if period == "post":
                effect = effects.get(kind)
                if effect is not None:
                    row.update(change_vs_control_pct=effect.percent, change_low_pct=effect.percent_low,
                               change_high_pct=effect.percent_high, p_value=effect.p)
                before = result.counts[kind][0] / (result.pre[1] - result.pre[0])
                after = events / (end - start)
                row["before_after_pct"] = 100.0 * (after / before - 1.0) if before > 0 else None
                row["e_test_p"] = result.e_tests.get(kind)
            rows.append({key: _ten_digits(value) for key, value in row.items()})
    return rows


def _cell(value, words: dict[str, str]):
    """A report cell: the reader's word for an identifier, blank for a missing value."""
    return "" if value is None else words.get(value, value) if isinstance(value, str) else value


def _ten_digits(value):
    """A float to 10 significant digits: the model's fit differs in the 13th digit from one process to the next
    (the linear algebra library's summation order), which must not change the table."""
    return float(f"{value:.10g}") if isinstance(value, float) and math.isfinite(value) else value
