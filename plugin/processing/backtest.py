"""``crimerisk:backtest``: which forecast to deploy? Rolling-origin backtest against baselines."""

from __future__ import annotations

import json
import math
import time
from typing import Any, Callable

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...algorithms.evaluate import (
    BacktestResult,
    VERDICT_LEVEL,
    backtest,
    compare_to_baselines,
    describe_winner,
    hit_rate_curve,
    rolling_folds,
)
from ...algorithms.events import EventSet, datetime64_from_days
from ...algorithms.grid import Grid
from ..i18n import tr
from ...algorithms.registry import METHODS, build_methods, forecaster_names, name_of_label
from ..reports.numbers import format_number
from ..reports.html import HtmlReport, line_chart
from ..io.tables import write_table
from .base import CrimeRiskAlgorithm

#: Area shares at which the mean hit-rate curves are drawn.
CURVE_AREAS = np.linspace(0.0, 1.0, 201)
#: The verdict is given at this coverage (or the scored coverage nearest to it).
VERDICT_COVERAGE = 0.05
FOLD_COLUMNS = ["method", "label", "fold", "fold_start", "fold_end", "coverage", "cells", "area_share", "n_events",
                "n_outside", "hits", "hit_rate", "pai", "pei_star", "auc", "n_training", "unscored_cells", "empty",
                "incomplete", "error", "parameters"]
SUMMARY_METRICS = ("hit_rate", "pai", "pei_star", "auc")


def parse_coverages(text: str) -> list[float]:
    """Percentages such as ``"1,5,10,20"`` (``;`` or spaces also separate) as shares of the area."""
    pieces = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    if not pieces:
        raise ValueError(tr("COVERAGES is empty: give percentages of the study area, e.g. 1,5,10,20"))
    try:
        values = [float(p) for p in pieces]
    except ValueError:
        raise ValueError(tr("COVERAGES '{}' is not a list of numbers: give percentages of the study area "
                            "separated by commas, e.g. 1,5,10,20").format(text)) from None
    bad = [v for v in values if not (0 < v <= 100)]
    if bad:
        raise ValueError(tr("COVERAGES must be percentages above 0 and at most 100, got {}; e.g. 1,5,10,20").format(bad))
    return sorted({v / 100.0 for v in values})


def day_text(day: float) -> str:
    """A time in days since 1970-01-01 as a date (with minutes when not at midnight)."""
    unit = "D" if float(day).is_integer() else "m"
    return str(np.datetime_as_string(datetime64_from_days(day), unit=unit))


def percent_label(share: float) -> str:
    return f"{100 * share:g}%"


class CurveRecorder:
    """Wraps methods to keep each fold's hit-rate curve (scored on the fold's events, which the
    methods never see) and to say in the log which fold is done."""

    def __init__(self, events: EventSet, grid: Grid, periods: list[tuple[float, float]],
                 log: Callable[[str], None]):
        self.events, self.grid, self.log = events, grid, log
        self.fold_of = {start: k for k, (start, _) in enumerate(periods)}
        self.periods = periods
        self.curves: dict[str, list[np.ndarray]] = {}
        self.seconds: dict[str, list[float]] = {}

    def wrap(self, label: str, method: Callable) -> Callable:
        def recorded(past: EventSet, grid: Grid, as_of: float, horizon: float):
            started = time.perf_counter()
            surface = method(past, grid, as_of, horizon)
            elapsed = time.perf_counter() - started
            self.seconds.setdefault(label, []).append(elapsed)
            target = self.events.between(as_of, as_of + horizon)
            counts = grid.count(target.x, target.y)
            if counts[grid.inside].sum() > 0:
                area, hit = hit_rate_curve(getattr(surface, "values", surface), grid.inside, counts)
                self.curves.setdefault(label, []).append(np.interp(CURVE_AREAS, area, hit))
            fold = self.fold_of.get(as_of, -1)
            self.log(tr("Fold {}/{} (from {}): {} done in {:.2f} s.").format(
                fold + 1, len(self.periods), day_text(as_of), label, elapsed))
            return surface
        return recorded

    def mean_curve(self, label: str) -> np.ndarray | None:
        curves = self.curves.get(label)
        return np.mean(curves, axis=0) if curves else None


class BacktestAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "backtest"
    display_name = "Backtest against baselines"
    group_key = "evaluation"

    TEST_START = "TEST_START"
    FOLDS = "FOLDS"
    SPACING = "SPACING"
    METHODS = "METHODS"
    COVERAGES = "COVERAGES"
    OUTPUT_FOLDS = "OUTPUT_FOLDS"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_HTML = "OUTPUT_HTML"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_grid_parameters()
        self.add_parameter(
            QgsProcessingParameterDateTime(self.TEST_START, self.tr("Test from"),
                                           QgsProcessingParameterDateTime.Type.Date,
                                           optional=True),
            self.tr("Start of the first test fold (midnight). Each method forecasts every fold from the events "
                    "strictly before that fold only. Empty: the folds end at midnight on the day of the last event."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.FOLDS, self.tr("Folds"),
                                         QgsProcessingParameterNumber.Type.Integer, 8,
                                         minValue=1, maxValue=520),
            self.tr("Number of rolling forecast origins (test periods). More folds give tighter intervals."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.HORIZON, self.tr("Horizon (days)"),
                                         QgsProcessingParameterNumber.Type.Double,
                                         7.0, minValue=0.01),
            self.tr("Length of each test period in days: 7 scores weekly forecasts, 1 daily ones."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.SPACING, self.tr("Spacing between fold starts (days)"),
                                         QgsProcessingParameterNumber.Type.Double, optional=True,
                                         minValue=0.01),
            self.tr("Days between the starts of consecutive folds. Empty: one horizon (back-to-back folds)."),
            advanced=True)
        available = forecaster_names()
        # The learned place forecast trains on 52 past origins per fold: chosen on request, not by default.
        default = [name for name in available if name != "placeforecast"]
        methods = QgsProcessingParameterEnum(self.METHODS, self.tr("Methods to test"), options=available,
                                             allowMultiple=True, defaultValue=default, optional=True)
        methods.setUsesStaticStrings(True)
        self.add_parameter(methods, self.tr(
            "Forecasting methods to compare: {}. The baselines (last-period counts, long-term decayed counts, "
            "uniform random) are always run as well.").format(
                "; ".join(f"{n} = {METHODS[n].label}" for n in available)))
        self.add_parameter(
            QgsProcessingParameterString(self.COVERAGES, self.tr("Area coverages (percent)"), "1,5,10,20"),
            self.tr("Shares of the study area to score at, in percent, separated by commas. The verdict is given "
                    "at 5% (or the nearest coverage listed)."))
        self.add_seed_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_FOLDS, self.tr("Scores per fold"),
                                              QgsProcessing.SourceType.TypeVector),
            self.tr("Table with one row per method x fold x coverage: hits, hit rate, PAI, PEI*, area under the "
                    "hit-rate curve, training events and the method's fitted parameters (JSON). Coverage in "
                    "percent of the study area; hit rate and area share as shares (0-1)."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_SUMMARY, self.tr("Summary per method"),
                                              QgsProcessing.SourceType.TypeVector),
            self.tr("Table with one row per method x coverage: folds scored, mean hit rate, PAI, PEI* and area "
                    "under the curve with their 95% intervals across folds (_ci_low, _ci_high)."))
        self.add_html_output(self.OUTPUT_HTML, self.tr("Backtest report"), self.tr(
            "HTML report: the verdict, the summary, hit-rate-versus-area curves, PAI per fold and each method's "
            "fitted parameters per fold."))
        self.addOutput(QgsProcessingOutputString("WINNER", self.tr(
            "Best method by mean PAI at 5% of the area, baselines included (a baseline: do not deploy)")))
        self.addOutput(QgsProcessingOutputNumber("WINNER_PAI", self.tr("Mean PAI of the best method")))
        self.addOutput(QgsProcessingOutputBoolean("BEATS_BASELINE", self.tr(
            "The best method beats the best baseline: one-sided fold-by-fold test, Holm-adjusted p-value at most 2.5%")))
        self.addOutput(QgsProcessingOutputString("VERDICT", self.tr("Verdict in plain language")))

    def help_sections(self):
        return [
            ("", self.tr("Which forecast should patrols follow, and does it beat simple rules? Each method forecasts "
                         "a series of past periods (folds) from the events before each period only, and is scored "
                         "on the events that followed, at the same areas a patrol could cover.")),
            (self.tr("Method"), self.tr(
                "Rolling-origin evaluation: fold k covers [start + k x spacing, + horizon). A method's map ranks the "
                "cells; at each coverage the top cells are taken and scored by the hit rate (share of the fold's "
                "events captured), the PAI (hit rate / area share; 1 = chance) and the PEI* (hits / the most any map "
                "of that area could have captured). Means across folds come with 95% t-intervals. The verdict "
                "tests the fold-by-fold differences between each method and the best baseline with a one-sided "
                "Diebold-Mariano test whose variance allows for correlated neighbouring folds (equal-weighted "
                "cosine variance, Student t reference), and Holm-adjusts the p-values for choosing the best of "
                "several methods: 'better than the baseline' at an adjusted p-value of 2.5% or less. With fewer "
                "than about 12 folds the test rarely says 'better': add folds rather than trust a higher mean.")),
            (self.tr("Outputs"), self.tr(
                "A table of scores per fold, a summary table, an HTML report, the winner's name and PAI, whether "
                "it beats the best baseline (BEATS_BASELINE) and the verdict as text.")),
            (self.tr("Caveats"), self.tr(
                "A method that does not beat the best baseline should not be deployed: the report says so. Few "
                "folds give wide intervals. Recorded crime reflects recording and patrol patterns.")),
            (self.tr("References"), "Chainey, Tompson &amp; Uhlig (2008) <i>Security Journal</i> 21, 4-28; "
                                    "PEI* as scored by the NIJ Real-Time Crime Forecasting Challenge (2017) and White, Hunt "
                                    "&amp; Green (2023) <i>Security Journal</i>: against a perfect map of the same "
                                    "area, not the largest PAI at any area of Hunt's (2016) PEI; Tashman (2000) "
                                    "<i>Int. J. Forecasting</i> 16, 437-450; Diebold &amp; Mariano (1995) <i>J. Business &amp; "
                                    "Economic Statistics</i> 13, 253-263; Lazarus, Lewis, Stock &amp; Watson "
                                    "(2018) <i>J. Business &amp; Economic Statistics</i> 36, 541-559; Holm (1979) "
                                    "<i>Scand. J. Statistics</i> 6, 65-70."),
        ]

    # --- reading parameters ----------------------------------------------------------------------
    def _coverages(self, parameters, context) -> list[float]:
        with self.method_errors():
            return parse_coverages(self.parameterAsString(parameters, self.COVERAGES, context))

    def _folds(self, parameters, context, events: EventSet) -> tuple[float, int, float, float | None]:
        """(test start, folds, horizon, spacing), checked against the events' dates."""
        folds = self.parameterAsInt(parameters, self.FOLDS, context)
        horizon = self.parameterAsDouble(parameters, self.HORIZON, context)
        spacing = None
        if parameters.get(self.SPACING) not in (None, ""):
            spacing = self.parameterAsDouble(parameters, self.SPACING, context)
        first, last = events.time_span()
        start = self._date_parameter(parameters, self.TEST_START, context)
        if start is None:
            start = float(math.floor(math.floor(last) - horizon - (folds - 1) * (spacing or horizon)))
        if start <= first:
            raise QgsProcessingException(self.tr(
                "The test would start on {} but the first event is on {}: the methods would have no past to learn "
                "from. Choose a later TEST_START, fewer FOLDS or a shorter HORIZON.").format(
                    day_text(start), day_text(math.floor(first))))
        if start > last:
            raise QgsProcessingException(self.tr(
                "TEST_START ({}) is after the last event ({}): there is nothing to score. Choose an earlier "
                "TEST_START.").format(day_text(start), day_text(math.floor(last))))
        return start, folds, horizon, spacing

    # --- running ---------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        coverages = self._coverages(parameters, context)
        names = self.parameterAsEnumStrings(parameters, self.METHODS, context)
        seed = self.parameterAsInt(parameters, self.SEED, context)
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        with self.method_errors():
            grid, events = self.make_grid(loaded, parameters, context, feedback)
            start, folds, horizon, spacing = self._folds(parameters, context, events)
            methods = build_methods(names, {"seed": seed, "progress": lambda fraction: not feedback.isCanceled()})
            recorder = CurveRecorder(events, grid, rolling_folds(start, folds, horizon, spacing), feedback.pushInfo)
            feedback.pushInfo(self.tr("Backtest: {} folds of {:g} days from {}; methods: {}.").format(
                folds, horizon, day_text(start), ", ".join(methods)))
            result = backtest(events, grid, {label: recorder.wrap(label, m) for label, m in methods.items()},
                              start, folds, horizon, coverages, spacing,
                              progress=self.progress_callback(feedback, 5, 95), skip_failures=True)
        for note in result.notes:
            feedback.pushWarning(note)
        baselines = [label for label in result.methods if METHODS[name_of_label(label)].is_baseline]
        coverage = min(result.coverages, key=lambda c: abs(c - VERDICT_COVERAGE))
        verdict = describe_winner(result, baselines, coverage)
        deploy = self._beats_baseline(result, baselines, coverage)
        feedback.pushInfo(verdict)
        if not deploy:  # a verdict of a successful run: a warning, not an error
            feedback.pushWarning(self.tr("Do not deploy: no method clearly beats the best baseline (the "
                                         "fold-by-fold test's adjusted p-value is above 2.5%, or there are too few "
                                         "folds)."))
        winner, winner_pai = self._winner(result, coverage)
        if feedback.isCanceled():
            raise QgsProcessingException(self.tr("Cancelled: no output was written."))
        outputs = {
            self.OUTPUT_FOLDS: write_table(self, parameters, self.OUTPUT_FOLDS, context, fold_rows(result),
                                           FOLD_COLUMNS),
            self.OUTPUT_SUMMARY: write_table(self, parameters, self.OUTPUT_SUMMARY, context, summary_rows(result)),
            "WINNER": winner, "WINNER_PAI": winner_pai, "VERDICT": verdict, "BEATS_BASELINE": deploy,
        }
        report = self._report(result, recorder, verdict, deploy, coverage, len(events), grid)
        html = self.write_report(report, parameters, self.OUTPUT_HTML, context)
        if html:
            outputs[self.OUTPUT_HTML] = html
        feedback.setProgress(100)
        return outputs

    @staticmethod
    def _beats_baseline(result: BacktestResult, baselines: list[str], coverage: float) -> bool:
        """True only when the best method is better than the best baseline by the verdict's test
        (:data:`VERDICT_TEST`, Holm-adjusted p at most :data:`VERDICT_LEVEL`): a higher mean alone may be luck."""
        comparison = compare_to_baselines(result, baselines, coverage)
        if comparison["method"] is None:
            return False
        if comparison["baseline"] is None:
            return True
        return bool(comparison["p_adjusted"] <= VERDICT_LEVEL)

    @staticmethod
    def _winner(result: BacktestResult, coverage: float) -> tuple[str, float]:
        """Registry name and mean PAI of the best method (baselines included) at ``coverage``."""
        scored = [result.summary_for(m, coverage) for m in result.methods]
        scored = [row for row in scored if np.isfinite(row["pai_mean"])]
        if not scored:
            return "", math.nan
        best = max(scored, key=lambda row: row["pai_mean"])
        return name_of_label(best["method"]), float(best["pai_mean"])

    # --- report ----------------------------------------------------------------------------------
    def _report(self, result: BacktestResult, recorder: CurveRecorder, verdict: str, deploy: bool,
                coverage: float, n_events: int, grid: Grid) -> HtmlReport:
        first, last = result.folds[0][0], result.folds[-1][1]
        report = HtmlReport(self.tr("Backtest: which forecast to deploy?"), self.tr(
            "{} events; {} folds from {} to {}; grid of {} m cells ({} cells in the study area).").format(
                format_number(n_events), len(result.folds), day_text(first), day_text(last),
                format_number(grid.cell_size), format_number(grid.n_inside)))
        if deploy:
            headline = self.tr("Verdict at {} of the area").format(percent_label(coverage))
        else:
            headline = self.tr("Do not deploy: no method clearly beats the best baseline at {} of the "
                               "area").format(percent_label(coverage))
        zoom = min(1.0, 1.5 * max(result.coverages))
        report.answer([headline, verdict], self._curve_chart(result, recorder, zoom))
        if result.notes:
            report.bullet_list(result.notes)
        report.heading(self.tr("Summary across folds"))
        report.table([{k: row[k] for k in ["method", "coverage", "folds", "hit_rate", "hit_rate_ci_low",
                                            "hit_rate_ci_high", "pai", "pai_ci_low", "pai_ci_high", "pei_star"]}
                      for row in summary_rows(result, labels=True)])
        report.paragraph(self.tr("Mean computing time per fold (seconds):"), note=True)
        report.key_values({label: float(np.mean(times)) for label, times in recorder.seconds.items()})
        report.heading(self.tr("Hit rate versus area patrolled (mean over folds)"))
        report.svg(self._curve_chart(result, recorder, 1.0))
        report.heading(self.tr("PAI per fold at {} of the area").format(percent_label(coverage)))
        report.svg(self._pai_chart(result, coverage))
        report.heading(self.tr("Fitted parameters per fold"))
        for label in result.methods:
            report.paragraph(label)
            report.table(parameter_rows(result, label), keep=2)
        return report

    def _curve_chart(self, result: BacktestResult, recorder: CurveRecorder, up_to: float) -> str:
        keep = CURVE_AREAS <= up_to + 1e-12
        series = {}
        for label in result.methods:
            curve = recorder.mean_curve(label)
            if curve is not None:
                series[label] = (list(100 * CURVE_AREAS[keep]), list(100 * curve[keep]))
        ticks = {100 * up_to * f: f"{100 * up_to * f:g}%" for f in (0.0, 0.25, 0.5, 0.75, 1.0)}
        return line_chart(series, self.tr("Share of events captured (%) vs share of area (%)"), ticks,
                          self.tr("events captured (%)"), width=520, dashed=self._baseline_labels(result))

    def _pai_chart(self, result: BacktestResult, coverage: float) -> str:
        series = {}
        for label in result.methods:
            rows = [r for r in result.rows if r["method"] == label and math.isclose(r["coverage"], coverage)]
            series[label] = ([r["fold"] + 1 for r in rows], [r["pai"] for r in rows])
        ticks = {k + 1: str(k + 1) for k in range(len(result.folds))}
        return line_chart(series, self.tr("PAI per fold (1 = chance)"), ticks, "PAI",
                          dashed=self._baseline_labels(result))

    @staticmethod
    def _baseline_labels(result: BacktestResult) -> list[str]:
        return [label for label in result.methods if METHODS[name_of_label(label)].is_baseline]


# --- tables --------------------------------------------------------------------------------------
def fold_rows(result: BacktestResult) -> list[dict[str, Any]]:
    """The backtest's per-fold rows as table rows (coverage in percent, dates as text)."""
    rows = []
    for row in result.rows:
        out = {**row, "method": name_of_label(row["method"]), "label": row["method"],
               "coverage": round(100 * row["coverage"], 10), "fold_start": day_text(row["fold_start"]),
               "fold_end": day_text(row["fold_end"]), "empty": bool(row["empty"]),
               "incomplete": bool(row["incomplete"]),
               "parameters": json.dumps(row["parameters"], default=str)}
        rows.append(out)
    return rows


def summary_rows(result: BacktestResult, labels: bool = False) -> list[dict[str, Any]]:
    """One row per method x coverage: ``method`` (name, or label when ``labels``), ``label``,
    ``is_baseline``, ``coverage`` (percent), ``folds``, and each metric's mean and interval."""
    rows = []
    for row in result.summary:
        name = name_of_label(row["method"])
        out: dict[str, Any] = {"method": row["method"] if labels else name, "label": row["method"],
                               "is_baseline": METHODS[name].is_baseline,
                               "coverage": round(100 * row["coverage"], 10), "folds": row["folds"],
                               "empty_folds": row["empty_folds"], "failed_folds": row["failed_folds"],
                               "mean_area_share": row["mean_area_share"]}
        for metric in SUMMARY_METRICS:
            out.update({metric: row[f"{metric}_mean"], f"{metric}_ci_low": row[f"{metric}_ci_low"],
                        f"{metric}_ci_high": row[f"{metric}_ci_high"]})
        rows.append(out)
    return rows


def parameter_rows(result: BacktestResult, label: str) -> list[dict[str, Any]]:
    """The scalar fitted parameters of ``label`` at each fold (one row per fold)."""
    first_coverage = result.coverages[0]
    rows = []
    for row in result.rows:
        if row["method"] != label or not math.isclose(row["coverage"], first_coverage):
            continue
        scalars = {k: _short(v) for k, v in row["parameters"].items()
                   if isinstance(v, (int, float, str, bool)) and k not in HIDDEN_PARAMETERS}
        rows.append({tr("fold"): row["fold"] + 1, tr("from"): day_text(row["fold_start"]),
                     tr("training events"): row["n_training"],
                     **({tr("error"): row["error"]} if row["error"] else {}), **scalars})
    return rows


#: Fitted-parameter keys the report leaves out: the method's own name, and the day number whose date it shows.
HIDDEN_PARAMETERS = ("method", "as_of_days")


def _short(value: Any, limit: int = 60) -> Any:
    """Long texts (warnings, rules) cut for a table cell, midnight times shown as dates; the folds table
    keeps them whole."""
    if isinstance(value, str) and value.endswith("T00:00:00"):
        return value[:-len("T00:00:00")]
    if isinstance(value, str) and len(value) > limit:
        return value[:limit - 1] + "…"
    return value
