"""``crimerisk:backtest``: which forecast to deploy? Rolling-origin backtest against baselines."""

from __future__ import annotations

import math
from typing import Callable

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
    rolling_folds,
)
from ...algorithms.events import EventSet
from ...algorithms.network_backtest import STREET_METHODS, streets_or_grid
from ...algorithms.shiftforecast import shift_share_of_events, with_shift_variants
from ...algorithms.shifts import Shift
from ..i18n import tr
from ...algorithms.registry import DEFAULT_PARAMS, LABELS, build_methods, forecaster_names, label_of
from ...algorithms.baselines import DEFAULT_HALF_LIFE
from ..reports.method_words import method_label, verdict_sentence
from ..reports.numbers import format_decimal, format_number, format_value
from ..io.tables import write_table
from ..reports.backtest import (STREET_KEYS, backtest_report, baseline_methods, day_text, fold_rows,
                                streets_sentence, summary_rows)
from .network_common import NetworkAlgorithm
from .street_backtest import StreetRun, on_streets

#: The verdict is given at this coverage (or the scored coverage nearest to it).
VERDICT_COVERAGE = 0.05
FOLD_COLUMNS = ["method", "label", "fold", "fold_start", "fold_end", "coverage", "cells", "area_share", "n_events",
                "n_outside", "hits", "hit_rate", "pai", "pei_star", "auc", "n_training", "unscored_cells", "empty",
                "incomplete", "error", "parameters"]
#: With a street NETWORK the folds table counts lixels and the share of street length instead.
STREET_FOLD_COLUMNS = [STREET_KEYS.get(c, c) for c in FOLD_COLUMNS]


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


class BacktestAlgorithm(NetworkAlgorithm):
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
        self.add_horizon_parameter(
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
                "; ".join(f"{n} = {LABELS[n]}" for n in available)))
        self.add_parameter(
            QgsProcessingParameterString(self.COVERAGES, self.tr("Area coverages (percent)"), "1,5,10,20"),
            self.tr("Shares of the study area to score at, in percent, separated by commas. The verdict is given "
                    "at 5% (or the nearest coverage listed)."))
        self.add_network_parameters(self.tr(
            "Optional line layer of streets. Given, the events are snapped to it (those farther than the snapping "
            "distance are dropped and counted), the street versions of the near-repeat forecast and of the "
            "long-term counts join the methods (and the learned forecast on the streets when the learned forecast is "
            "chosen), and every method is scored by share of street length searched "
            "instead of share of area: a grid forecast's cells are read on the streets inside them, so grid and "
            "street forecasts are compared like for like (Rosser et al. 2017). The report then says whether the "
            "grid or the streets catch more crime. Empty: the usual scoring by share of area."))
        self.add_shift_parameter(self.tr(
            "Optional shift, e.g. 22-06 (night, past midnight), 06-14, or 22-06 Fri,Sat: only the events in those "
            "hours are scored (an event with a time window by the share of its window inside them), and each "
            "method (but the random baseline) is also run in a shift version: its whole-period forecast times "
            "each cell's share of events in the shift, from the hour-of-week profiles of the events before the "
            "fold. The table then answers whether a shift forecast beats the whole-day forecast for that shift. "
            "Weekdays: Mon Tue Wed Thu Fri Sat Sun (or lun ... dim), lists or ranges (Mon-Fri)."))
        self.add_time_window_parameters()
        self.add_seed_parameter()
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_FOLDS, self.tr("Scores per fold"),
                                              QgsProcessing.SourceType.TypeVector),
            self.tr("Table with one row per method x fold x coverage: hits, hit rate, PAI, PEI*, area under the "
                    "hit-rate curve, training events and the method's fitted parameters (JSON). Coverage in "
                    "percent of the study area; hit rate and area share as shares (0-1). With a NETWORK, coverage "
                    "in percent of the street length, and the columns lixels and length_share instead of cells "
                    "and area_share."))
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
                "than about 12 folds the test rarely says 'better': add folds rather than trust a higher mean.") + " " + self.tr(
                "With a street NETWORK, the events are snapped to the streets and only those within the snapping "
                "distance are used; the network prospective hotspot (Bowers weighting with distances along the "
                "streets, the near-repeat method's bandwidths) and long-term decayed counts per street segment (a "
                "baseline) join the methods, and the learned forecast on the streets (crimerisk:networklearned, "
                "refitted every 4 folds) when the learned forecast is among them; streets are cut into lixels and every method is scored by the share "
                "of street length searched, taking lixels in decreasing risk per metre, a grid forecast giving each "
                "lixel the value of the cell holding its middle (Rosser et al. 2017's hit rate and PAI on networks). "
                "'Grid or streets?' is then answered by the same test, in both directions, between the best street "
                "method and the best grid method.") + " " + self.tr(
                "With a SHIFT, only the events in its hours are scored (events with a time window by the share of "
                "the window inside them, Ratcliffe's aoristic weights) and each method also runs in a shift version, "
                "named method@shift in the tables: its forecast times each cell's share of events in the shift "
                "over the fold, from hour-of-week profiles of the past events shrunk from the cell to its "
                "neighbourhood (5 x 5 cells) and to the whole area by empirical Bayes (Dirichlet-multinomial, "
                "prior strengths by maximum marginal likelihood).")),
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
                                    "<i>Scand. J. Statistics</i> 6, 65-70; Rosser, Davies, Bowers, Johnson &amp; "
                                    "Cheng (2017) <i>J. Quant. Criminol.</i> 33, 569-594 (scoring on street "
                                    "networks)."),
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
        shift = self.shift_of(parameters, context)
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        streets = None
        with self.method_errors():
            grid, events = self.make_grid(loaded, parameters, context, feedback)
            start, folds, horizon, spacing = self._folds(parameters, context, events)
            if parameters.get(self.NETWORK) not in (None, ""):
                streets = on_streets(self, parameters, context, feedback, loaded.crs, events, grid,
                                     DEFAULT_PARAMS["nr_space_bandwidth"], DEFAULT_PARAMS["nr_time_bandwidth"],
                                     DEFAULT_HALF_LIFE, learned_seed=seed if "mlforecast" in names else None)
                events = streets.events
            methods = build_methods(names, {"seed": seed, "progress": lambda fraction: not feedback.isCanceled()})
            if streets is not None:
                methods.update(streets.methods)
            share = None
            if shift is not None:
                share = self._shift_scoring(shift, events, start, feedback)
                methods = with_shift_variants(methods, shift, skip=("random", *STREET_METHODS))
            result = self.run_backtest(events, grid, methods, (start, folds, horizon, spacing), coverages, feedback,
                                       share, streets)
        for note in result.notes:
            feedback.pushWarning(note)
        baselines = baseline_methods(result)
        coverage = min(result.coverages, key=lambda c: abs(c - VERDICT_COVERAGE))
        verdict = describe_winner(result, baselines, coverage, labels={name: label_of(name) for name in result.methods})
        deploy = self._beats_baseline(result, baselines, coverage)
        sentence = verdict_sentence(result, baselines, coverage)  # VERDICT keeps the English text scripts read
        feedback.pushInfo(sentence)
        if not deploy:  # a verdict of a successful run: a warning, not an error
            feedback.pushWarning(self.tr("Do not deploy: no method clearly beats the best baseline (the "
                                         "fold-by-fold test's adjusted p-value is above 2.5%, or there are too few "
                                         "folds)."))
        answer = None
        if streets is not None:
            answer = streets_sentence(streets_or_grid(result, coverage), coverage)
            feedback.pushInfo(answer)
        winner, winner_pai = self._winner(result, coverage)
        self.check_cancelled(feedback)
        outputs = {
            self.OUTPUT_FOLDS: write_table(self, parameters, self.OUTPUT_FOLDS, context, fold_rows(result),
                                           FOLD_COLUMNS if streets is None else STREET_FOLD_COLUMNS),
            self.OUTPUT_SUMMARY: write_table(self, parameters, self.OUTPUT_SUMMARY, context, summary_rows(result)),
            "WINNER": winner, "WINNER_PAI": winner_pai, "VERDICT": verdict, "BEATS_BASELINE": deploy,
        }
        report = backtest_report(result, sentence, deploy, coverage, len(events), grid,
                                 None if streets is None else (streets.facts(), answer))
        html = self.write_report(report, parameters, self.OUTPUT_HTML, context)
        if html:
            outputs[self.OUTPUT_HTML] = html
        feedback.setProgress(100)
        return outputs

    def run_backtest(self, events: EventSet, grid, methods: dict, folds: tuple[float, int, float, float | None],
                     coverages: list[float], feedback, share: Callable[[EventSet], np.ndarray] | None = None,
                     streets: StreetRun | None = None) -> BacktestResult:
        """The rolling-origin backtest of ``methods`` over ``folds`` (start, folds, horizon, spacing), each fit
        logged; scored by share of street length when ``streets`` is given."""
        start, count, horizon, spacing = folds
        periods = rolling_folds(start, count, horizon, spacing)
        feedback.pushInfo(self.tr("Backtest: {} folds of {} days from {}; methods: {}.").format(
            format_number(count), format_value(horizon), day_text(start),
            ", ".join(method_label(name) for name in methods)))

        def fitted(name: str, fold: int, seconds: float) -> None:
            feedback.pushInfo(self.tr("Fold {}/{} (from {}): {} done in {} s.").format(
                fold + 1, len(periods), day_text(periods[fold][0]), method_label(name), format_decimal(seconds, 2)))

        return backtest(events, grid, methods, start, count, horizon, coverages, spacing,
                        progress=self.progress_callback(feedback, 5, 95), skip_failures=True, on_fit=fitted,
                        event_share=share, scoring=None if streets is None else streets.scoring)

    def _shift_scoring(self, shift: Shift, events: EventSet, start: float,
                       feedback) -> Callable[[EventSet], np.ndarray]:
        """The scoring share of events in the shift (refused when no event before the folds falls in it)."""
        past = events.before(start)
        inside = self.events_in_shift(shift, past, self.tr("before the test folds"))
        feedback.pushInfo(self.tr("Shift {}: {} of the {} events before the test folds fall in it; only the "
                                  "events in the shift are scored.").format(
            shift.label, format_number(round(inside, 1)), format_number(len(past))))
        return lambda target: shift_share_of_events(target, shift)

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
        return best["method"], float(best["pai_mean"])
