"""``crimerisk:knox``: Knox test of near-repeat victimisation, as a table and a heat-table report.

The table output is the analyst's record and a model input: ``crimerisk:nearrepeat`` reads it
back (KNOX_TABLE) through :meth:`...algorithms.knox.KnoxTable.from_rows`, the inverse of :func:`table_rows`.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
)

from ...algorithms.events import datetime64_from_days
from ...algorithms.grid import MAX_WORKING_BYTES
from ...algorithms.knox import (
    METRICS,
    ROW_FIELDS,
    SAME_LOCATION_M,
    KnoxResult,
    knox_test,
    permutation_table_bytes,
    permutations_fitting,
)
from ..i18n import tr
from ..reports.numbers import format_decimal, format_number, format_share, format_value
from ..reports.html import HtmlReport
from ..io.tables import write_table
from .base import CrimeRiskAlgorithm

#: The table's upper-edge columns: NULL (no upper bound) in the "beyond" bands.
UPPER_EDGES = ("space_to", "time_to")
#: Heat-table colours: white (ratio 1) to red (ratio 2 or more) for significant cells.
WHITE, RED = (255, 255, 255), (215, 48, 31)
#: Knox ratio shown in full red.
FULL_RED_RATIO = 2.0
#: The palest tint a significant cell gets, so that every one stands out from white.
MIN_TINT = 0.15


def table_rows(result: KnoxResult) -> list[dict[str, Any]]:
    """:meth:`KnoxResult.rows` with the infinite upper edge of each beyond band as None (NULL)."""
    rows = result.rows()
    for row in rows:
        for name in UPPER_EDGES:
            if math.isinf(row[name]):
                row[name] = None
    return rows


def band_label(low: float, high: float, unit: str) -> str:
    """The half-open interval ``[low, high) unit``, ``[low unit, ∞)`` for a beyond band."""
    if math.isinf(high):
        return f"[{format_value(low)} {unit}, ∞)"
    return f"[{format_value(low)}, {format_value(high)}) {unit}"


def heat_colour(ratio: float) -> str:
    """White-to-red background of a significant cell: MIN_TINT at ratio 1, full red at FULL_RED_RATIO."""
    share = MIN_TINT + (1 - MIN_TINT) * min(1.0, max(0.0, math.log(ratio) / math.log(FULL_RED_RATIO)))
    return "#" + "".join(f"{round(w + share * (r - w)):02x}" for w, r in zip(WHITE, RED))


def _band_words(space_from: float, space_to: float, time_from: float, time_to: float) -> tuple[str, str]:
    if space_from == 0 and space_to == SAME_LOCATION_M:
        space = tr("at the same place (under {} m)").format(format_value(SAME_LOCATION_M))
    elif space_from == 0:
        space = tr("within {} m").format(format_value(space_to))
    else:
        space = tr("between {} and {} m").format(format_value(space_from), format_value(space_to))
    if time_from == 0:
        time = tr("within {} days").format(format_value(time_to))
    else:
        time = tr("between {} and {} days").format(format_value(time_from), format_value(time_to))
    return space, time


def summary_sentences(result: KnoxResult, label: str, alpha: float) -> list[str]:
    """The findings in plain, translated words: one line per significant band (p < alpha, ratio > 1)."""
    lines = []
    for s, k in zip(*np.nonzero(result.significant_cells(alpha))):
        space, time = _band_words(result.space_edges[s], result.space_edges[s + 1], result.time_edges[k],
                                  result.time_edges[k + 1])
        line = tr("{space} and {time} of an event ({label}), the risk of another is {ratio} times what chance "
                  "gives (p = {p}).").format(space=space, time=time, label=label,
                                             ratio=format_decimal(result.ratio[s, k], 1),
                                             p=format_decimal(result.p_value[s, k], 3))
        lines.append(line[:1].upper() + line[1:])
    if not lines:
        lines.append(tr("No near-repeat pattern: no band within {} m and {} days holds significantly more pairs "
                        "of events ({}) than chance gives (p < {}, {} permutations).").format(
            format_value(result.space_edges[-2]), format_value(result.time_edges[-2]), label, format_value(alpha),
            format_number(result.permutations)))
    return lines


def heat_table(result: KnoxResult, alpha: float) -> str:
    """HTML table of the Knox ratios: rows = distance bands, columns = time bands; a cell with
    ratio > 1 and p < alpha is shaded white-to-red, any other cell has grey text."""
    ratio, p = result.ratio, result.p_value
    head = "".join(f"<th>{html.escape(band_label(result.time_edges[k], result.time_edges[k + 1], tr('days')))}</th>"
                   for k in range(ratio.shape[1]))
    body = []
    for s in range(ratio.shape[0]):
        cells = [f"<th class=l>{html.escape(band_label(result.space_edges[s], result.space_edges[s + 1], tr('m')))}</th>"]
        for k in range(ratio.shape[1]):
            shown = "–" if math.isnan(ratio[s, k]) else format_decimal(ratio[s, k], 2)
            tip = tr("observed {}, p = {}").format(format_number(result.observed[s, k]), format_decimal(p[s, k], 3))
            if p[s, k] < alpha and ratio[s, k] > 1:
                style = f"background:{heat_colour(ratio[s, k])};font-weight:bold"
            else:
                style = "color:#999"
            cells.append(f"<td style='{style}' title='{html.escape(tip)}'>{shown}<br>"
                         f"<small>p {format_decimal(p[s, k], 3)}</small></td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    corner = html.escape(tr("distance \\ time apart"))
    return f"<table><tr><th class=l>{corner}</th>{head}</tr>{''.join(body)}</table>"


class KnoxAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "knox"
    display_name = "Near-repeat test (Knox)"
    group_key = "nearrepeat"

    SPACE_BAND = "SPACE_BAND"
    SPACE_BANDS = "SPACE_BANDS"
    TIME_BAND = "TIME_BAND"
    TIME_BANDS = "TIME_BANDS"
    METRIC = "METRIC"
    PERMUTATIONS = "PERMUTATIONS"
    SAME_LOCATION = "SAME_LOCATION"
    ALPHA = "ALPHA"
    OUTPUT = "OUTPUT"
    OUTPUT_HTML = "OUTPUT_HTML"
    SIGNIFICANT_DISTANCE = "SIGNIFICANT_DISTANCE"
    SIGNIFICANT_DAYS = "SIGNIFICANT_DAYS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_time_window_parameters()
        band = QgsProcessingParameterDistance(self.SPACE_BAND, self.tr("Distance band (metres)"), 100.0, minValue=0.0)
        self.add_parameter(band, self.tr(
            "Width of each distance band in metres: the bands are [0, b), [b, 2b), ... A street block (100 m) is "
            "usual for burglary."))
        self.add_parameter(QgsProcessingParameterNumber(self.SPACE_BANDS, self.tr("Number of distance bands"),
                                                        QgsProcessingParameterNumber.Type.Integer, 5,
                                                        minValue=1),
                           self.tr("How many distance bands; pairs farther apart fall in one last 'beyond' band."))
        self.add_parameter(QgsProcessingParameterNumber(self.TIME_BAND, self.tr("Time band (days)"),
                                                        QgsProcessingParameterNumber.Type.Double, 7.0,
                                                        minValue=0.0),
                           self.tr("Width of each time band in days: the bands are [0, c), [c, 2c), ... days apart."))
        self.add_parameter(QgsProcessingParameterNumber(self.TIME_BANDS, self.tr("Number of time bands"),
                                                        QgsProcessingParameterNumber.Type.Integer, 5,
                                                        minValue=1),
                           self.tr("How many time bands; pairs farther apart in time fall in one last 'beyond' band."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.METRIC, self.tr("Distance"),
                                       options=[self.tr("Euclidean (straight line)"),
                                                self.tr("Manhattan (|dx| + |dy|, street grids)")], defaultValue=0),
            self.tr("Straight-line distance, or the Manhattan distance |dx| + |dy| that approximates walking on a "
                    "street grid aligned with the map axes."))
        self.add_parameter(QgsProcessingParameterNumber(self.PERMUTATIONS, self.tr("Permutations"),
                                                        QgsProcessingParameterNumber.Type.Integer, 999,
                                                        minValue=1),
                           self.tr("Monte Carlo permutations of the event times. The smallest p-value possible is "
                                   "1 / (permutations + 1): 999 allows p = 0.001; 99 is enough for a first look."))
        self.add_seed_parameter()
        self.add_parameter(QgsProcessingParameterBoolean(self.SAME_LOCATION, self.tr("Same-location band"), False),
                           self.tr("Add the Near Repeat Calculator's 'same location' band [0, 1) m in front of the "
                                   "first distance band (which becomes [1, b)): repeats at the very same address."),
                           advanced=True)
        self.add_parameter(QgsProcessingParameterNumber(self.ALPHA, self.tr("Significance level"),
                                                        QgsProcessingParameterNumber.Type.Double, 0.05,
                                                        minValue=0.0001,
                                                        maxValue=0.5),
                           self.tr("A band is significant when its p-value is below this level and its Knox ratio "
                                   "is above 1."), advanced=True)
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Knox table"),
                                                             QgsProcessing.SourceType.TypeVector),
                           self.tr("One row per pair of distance and time bands: space_from, space_to (metres), "
                                   "time_from, time_to (days), observed pairs, expected pairs (mean over the "
                                   "permutations), Knox ratio, p_value, z and the 2.5 and 97.5 percentiles of the "
                                   "permuted counts. Bands are half-open [from, to); the 'beyond' bands have a NULL "
                                   "upper edge. Give it to crimerisk:nearrepeat as KNOX_TABLE."))
        self.add_html_output(self.OUTPUT_HTML, self.tr("Knox report"), self.tr(
            "Optional HTML report: the near-repeat heat table (Knox ratios, significant cells in red), the findings "
            "in plain words, the significant extent and the settings."))
        self.addOutput(QgsProcessingOutputNumber(self.SIGNIFICANT_DISTANCE, self.tr(
            "Significant near-repeat distance (metres, 0 = none)")))
        self.addOutput(QgsProcessingOutputNumber(self.SIGNIFICANT_DAYS, self.tr(
            "Significant near-repeat time (days, 0 = none)")))

    def help_sections(self):
        return [
            ("", self.tr("Do crimes come in near repeats? After a crime, is another one more likely nearby and soon "
                         "after than chance would give, how near and for how long? The Knox test of space-time "
                         "interaction, as in the Near Repeat Calculator.")),
            (self.tr("Method"), self.tr(
                "Every pair of events is counted in a table by its distance band and its time-apart band. To see "
                "what chance gives, the event times are shuffled among the events (places and dates are kept, only "
                "their link is broken) and the table is recounted for each permutation. Expected = the mean "
                "permuted count; Knox ratio = observed / expected (1.5: 50% more pairs than chance); p-value = "
                "(1 + permutations with at least as many pairs) / (permutations + 1), one-sided.")),
            (self.tr("Bands"), self.tr(
                "Every band is half-open, [from, to): a pair exactly 100 m or 7 days apart is in the second band. "
                "The Near Repeat Calculator labels its bands '1 to 100', '101 to 200' but counts exactly these "
                "half-open bands (Steenbeek 2019); its 'same location' row is the optional [0, 1) m band here. "
                "The last row and column ('beyond') hold the pairs farther apart; their upper edge is NULL in the "
                "table.")),
            (self.tr("Uncertain times"), self.tr(
                "With a window end field (TIME_END_FIELD), an event known only to have happened within a window "
                "(a burglary between 08:00 and 18:30) is paired at the middle of its window. The log counts the "
                "windows and their median length, and warns when more than a tenth of them are longer than the "
                "time band: their pairs' time apart is then uncertain by more than a band, which blurs the table "
                "(Ratcliffe 2002).")),
            (self.tr("Outputs"), self.tr(
                "The table, the HTML heat table and sentences, and SIGNIFICANT_DISTANCE / SIGNIFICANT_DAYS: the "
                "reach of the significant cells (p < level, ratio > 1) connected to the first distance and time "
                "band, which crimerisk:nearrepeat can use as its bandwidths; 0 when the first cell is not "
                "significant.")),
            (self.tr("Caveats"), self.tr(
                "Each cell is a separate test: with 25 cells at the 5% level, about one cell is significant by "
                "chance alone, so trust a contiguous pattern from the first band more than a lone cell. With many "
                "events, small ratios (1.05) become significant without mattering in practice: read the ratio, not "
                "only the p-value. Repeat victimisation is about the same places; the test cannot tell whether the "
                "same offender returns. Duplicated records (one crime entered twice) inflate the first cell.")),
            (self.tr("References"), "Knox (1964) <i>Applied Statistics</i> 13, 25-30; Townsley, Homel &amp; Chaseling "
                                    "(2003) <i>Brit. J. Criminology</i> 43, 615-633; Johnson et al. (2007) <i>J. "
                                    "Quant. Criminology</i> 23, 201-219; Ratcliffe (2009) <i>Near Repeat Calculator "
                                    "1.3</i>, Temple University / NIJ; Steenbeek (2019) <i>NearRepeat</i> R "
                                    "package."),
        ]

    def process(self, parameters, context, feedback):
        settings = self._settings(parameters, context)
        self._check_memory(settings)
        alpha = self.parameterAsDouble(parameters, self.ALPHA, context)
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        events = self.at_window_middles(loaded, feedback, settings["time_band"], "TIME_BAND").events
        if 1.0 / (settings["permutations"] + 1) >= alpha:
            feedback.pushWarning(self.tr(
                "With {} permutations no p-value can fall below {}: use at least {} permutations.").format(
                format_number(settings["permutations"]), format_value(alpha), format_number(math.ceil(1 / alpha))))
        feedback.pushInfo(self.tr("Counting pairs and permuting times..."))
        with self.method_errors():
            result = knox_test(events, progress=self.progress_callback(feedback, 10, 90), **settings)
            extent = result.significant_extent(alpha)
        distance, days = (extent.space_distance, extent.time_span) if extent else (0.0, 0.0)
        label = self.tr(" or ").join(events.categories()) if parameters.get(self.CATEGORIES) else self.tr("crime")
        sentences = summary_sentences(result, label, alpha)
        logged = {**result.parameters(), "alpha": alpha, "significant_distance_m": distance,
                  "significant_days": days}
        self.log_parameters(feedback, logged)
        for sentence in sentences:
            feedback.pushInfo(sentence)
        self.check_cancelled(feedback)
        table = write_table(self, parameters, self.OUTPUT, context, table_rows(result), list(ROW_FIELDS))
        report = self._report(result, events, label, sentences, alpha, logged)
        feedback.setProgress(100)
        return {self.OUTPUT: table, self.OUTPUT_HTML: self.write_report(report, parameters, self.OUTPUT_HTML, context),
                self.SIGNIFICANT_DISTANCE: distance, self.SIGNIFICANT_DAYS: days}

    def _check_memory(self, settings: dict[str, Any]) -> None:
        """Refuse, before reading anything, permutation tables larger than the memory guard."""
        needed = permutation_table_bytes(settings["permutations"], settings["space_bands"], settings["time_bands"])
        if needed <= MAX_WORKING_BYTES:
            return
        raise QgsProcessingException(self.tr(
            "{} permutations of a table of {} x {} bands would take about {} MB, more than the memory guard of {} "
            "MB. Use {} permutations or fewer (PERMUTATIONS; 999 is the usual choice), or fewer distance or time "
            "bands (SPACE_BANDS, TIME_BANDS).").format(
            format_number(settings["permutations"]), format_number(settings["space_bands"]),
            format_number(settings["time_bands"]), format_number(needed // 2 ** 20),
            format_number(MAX_WORKING_BYTES // 2 ** 20),
            format_number(permutations_fitting(MAX_WORKING_BYTES, settings["space_bands"], settings["time_bands"]))))

    def _settings(self, parameters, context) -> dict[str, Any]:
        """The keyword arguments of :func:`knox_test` other than the events."""
        return {
            "space_band": self.parameterAsDouble(parameters, self.SPACE_BAND, context),
            "space_bands": self.parameterAsInt(parameters, self.SPACE_BANDS, context),
            "time_band": self.parameterAsDouble(parameters, self.TIME_BAND, context),
            "time_bands": self.parameterAsInt(parameters, self.TIME_BANDS, context),
            "metric": list(METRICS)[self.parameterAsEnum(parameters, self.METRIC, context)],
            "permutations": self.parameterAsInt(parameters, self.PERMUTATIONS, context),
            "seed": self.parameterAsInt(parameters, self.SEED, context),
            "same_location": self.parameterAsBoolean(parameters, self.SAME_LOCATION, context),
        }

    def _report(self, result: KnoxResult, events, label: str, sentences: list[str], alpha: float,
                logged: dict[str, Any]) -> HtmlReport:
        first, last = (str(d)[:10] for d in datetime64_from_days(np.array(events.time_span())))
        report = HtmlReport(self.tr("Knox test: near repeats of {}").format(label), self.tr(
            "{} events from {} to {}; {} permutations of the times; {} distance.").format(
            format_number(len(events)), first, last, format_number(result.permutations),
            {"euclidean": self.tr("straight-line"), "manhattan": self.tr("Manhattan")}.get(result.metric,
                                                                                          result.metric)))
        report.answer(sentences, heat_table(result, alpha))
        report.heading(self.tr("Knox ratios (observed / expected pairs)"))
        report.paragraph(self.tr(
            "Rows: distance between the two events; columns: days between them. Every band is half-open: "
            "[a, b) includes a and excludes b. Red cells have more pairs than chance (ratio > 1) with p < {}; "
            "the deeper the red, the higher the ratio (full red at {} or more). Grey: not significant. Each cell "
            "is its own test, so about {} of cells can look significant by chance alone.").format(
            format_value(alpha), format_value(FULL_RED_RATIO), format_share(alpha)), note=True)
        report.heading(self.tr("Significant extent (bandwidths for a near-repeat surface)"))
        report.key_values({self.tr("distance (m)"): logged["significant_distance_m"] or self.tr("none"),
                           self.tr("time (days)"): logged["significant_days"] or self.tr("none")})
        report.heading(self.tr("All cells"))
        space_band, time_band = self.tr("space band"), self.tr("time band")
        rows = [{**row, space_band: band_label(row["space_from"], row["space_to"], self.tr("m")),
                 time_band: band_label(row["time_from"], row["time_to"], self.tr("days"))} for row in result.rows()]
        report.table(rows, [space_band, time_band] + list(ROW_FIELDS[4:]), keep=2)
        report.heading(self.tr("Settings"))
        report.key_values(logged)
        return report
