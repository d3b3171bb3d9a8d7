"""``crimerisk:networkbacktest``: grid or network? Both near-repeat forecasts and both long-term
baselines scored on the same streets and events by coverage of street length: a preset of
``crimerisk:backtest`` with a NETWORK (the same code path, its own parameters and outputs)."""

from __future__ import annotations

from functools import partial

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
)

from ...algorithms.baselines import decayed_counts
from ...algorithms.network_backtest import NETWORK_DECAYED, NETWORK_NEAR_REPEAT
from ...algorithms.network_score import compare_hit_rates
from ...algorithms.registry import build_methods
from ..io.tables import write_table
from ..reports.numbers import format_number, format_share
from .backtest import BacktestAlgorithm
from .network_common import metres_parameter
from .street_backtest import on_streets

#: Length coverages scored (shares of the network); the verdict is read at 5%.
COVERAGES = (0.01, 0.05, 0.10)
VERDICT_COVERAGE = 0.05
FOLD_COLUMNS = ["method", "fold", "start", "end", "coverage", "hits", "events", "hit_rate", "pai"]
#: The backtest's method names -> this table's identifiers (a public output).
TABLE_IDS = {"nearrepeat": "grid_near_repeat", NETWORK_NEAR_REPEAT: "network_near_repeat", "decayed": "grid_counts",
             NETWORK_DECAYED: "network_counts"}
GRID_NEAR_REPEAT = TABLE_IDS["nearrepeat"]


class NetworkBacktestAlgorithm(BacktestAlgorithm):
    algorithm_id = "networkbacktest"
    display_name = "Backtest: grid or streets?"
    group_key = "evaluation"

    SPACE_BANDWIDTH = "SPACE_BANDWIDTH"
    TIME_BANDWIDTH = "TIME_BANDWIDTH"
    HALF_LIFE = "HALF_LIFE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_grid_parameters()
        self.add_network_parameters()
        self.add_parameter(
            QgsProcessingParameterDateTime(self.TEST_START, self.tr("Test from"),
                                           QgsProcessingParameterDateTime.Type.Date, optional=True),
            self.tr("Start of the first test period (midnight). Empty: the periods end on the day of the last "
                    "event."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.FOLDS, self.tr("Folds"), QgsProcessingParameterNumber.Type.Integer, 12,
                                         minValue=3, maxValue=520),
            self.tr("Number of test periods; the paired test needs at least 3, and more give it power."))
        self.add_horizon_parameter(self.tr("Length of each test period in days."))
        self.add_parameter(metres_parameter(self.SPACE_BANDWIDTH, self.tr("Near-repeat reach (metres)"), 200.0, 1.0),
                           self.tr("Space bandwidth of both near-repeat forecasts: along the streets for the "
                                   "network, as the crow flies for the grid (a Knox extent, for example)."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.TIME_BANDWIDTH, self.tr("Near-repeat duration (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 28.0, minValue=0.1),
            self.tr("Time bandwidth of both near-repeat forecasts, in days."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.HALF_LIFE, self.tr("Half-life of the long-term counts (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 365.0, minValue=1.0,
                                         maxValue=36600.0),
            self.tr("Half-life of both long-term baselines (decayed counts per cell and per street segment)."),
            advanced=True)
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Scores per fold"),
                                                             QgsProcessing.SourceType.TypeVector),
                           self.tr("One row per method x fold x coverage (1, 5 and 10% of the street length): hits, "
                                   "events, hit rate and PAI."))
        self.addOutput(QgsProcessingOutputNumber("NETWORK_HIT_RATE", self.tr(
            "Mean hit rate of the network near-repeat forecast at 5% of the street length")))
        self.addOutput(QgsProcessingOutputNumber("GRID_HIT_RATE", self.tr(
            "Mean hit rate of the grid near-repeat forecast at 5% of the street length")))
        self.addOutput(QgsProcessingOutputNumber("P_VALUE", self.tr(
            "One-sided p-value that the network forecast catches more (paired by fold)")))
        self.addOutput(QgsProcessingOutputBoolean("NETWORK_BETTER", self.tr(
            "The network forecast catches more crime than the grid one at 5% (p < 0.05)")))

    def help_sections(self):
        return [
            ("", self.tr("Should patrols be planned on grid cells or on street segments? Runs the near-repeat "
                         "forecast on the grid and on the street network, and the long-term counts on both, at "
                         "rolling forecast origins, and scores all four on the same streets and the same events.")),
            (self.tr("Method"), self.tr(
                "This is crimerisk:backtest with a NETWORK, limited to these four methods. Events are snapped to the "
                "streets; only those on the network are used, by every method, and only the streets in the study "
                "area (the grid) are scored. Each method forecasts each period from the events before it. A grid forecast is read on the streets "
                "through the cell of each street piece's middle, so a cell is taken with all its streets. Streets "
                "are taken in decreasing risk until 1, 5 and 10% of the network length; the hit rate is the share "
                "of the period's events on them and the PAI the hit rate over the length share (Rosser et al. "
                "2017). The verdict compares the two near-repeat forecasts at 5% fold by fold with a one-sided "
                "Diebold-Mariano test whose variance allows for correlated folds.")),
            (self.tr("Caveats"), self.tr(
                "The answer holds for these data, bandwidths and cells: give each forecast its best settings "
                "(crimerisk:knox, crimerisk:backtest) before comparing. A few folds give little power: 'no "
                "evidence' is not 'no difference'.")),
            (self.tr("References"), "Rosser, Davies, Bowers, Johnson &amp; Cheng (2017) <i>J. Quant. Criminol.</i> "
                                    "33, 569-594; Diebold &amp; Mariano (1995) <i>J. Bus. Econ. Stat.</i> 13, "
                                    "253-263; Lazarus, Lewis, Stock &amp; Watson (2018) <i>J. Bus. Econ. Stat.</i> "
                                    "36, 541-559."),
        ]

    def method_words(self) -> dict[str, str]:
        """The methods in words for the log (the table keeps the identifiers)."""
        return {GRID_NEAR_REPEAT: self.tr("near repeats on the grid"),
                "network_near_repeat": self.tr("near repeats along the streets"),
                "grid_counts": self.tr("long-term counts on the grid"),
                "network_counts": self.tr("long-term counts along the streets")}

    def process(self, parameters, context, feedback):
        space = self.parameterAsDouble(parameters, self.SPACE_BANDWIDTH, context)
        time = self.parameterAsDouble(parameters, self.TIME_BANDWIDTH, context)
        half_life = self.parameterAsDouble(parameters, self.HALF_LIFE, context)
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        with self.method_errors():
            grid, events = self.make_grid(loaded, parameters, context, feedback, margin=space)
        start, folds, horizon, _ = self._folds(parameters, context, events)
        streets = on_streets(self, parameters, context, feedback, loaded.crs, events, grid, space, time, half_life)
        grid_near_repeat = build_methods(["nearrepeat"], {"nr_space_bandwidth": space, "nr_time_bandwidth": time},
                                         with_baselines=False)["nearrepeat"]
        methods = {"nearrepeat": grid_near_repeat, NETWORK_NEAR_REPEAT: streets.methods[NETWORK_NEAR_REPEAT],
                   "decayed": partial(decayed_counts, half_life=half_life),
                   NETWORK_DECAYED: streets.methods[NETWORK_DECAYED]}
        with self.method_errors():
            result = self.run_backtest(streets.events, grid, methods, (start, folds, horizon, None), list(COVERAGES),
                                       feedback, streets=streets)
        words = self.method_words()
        for row in result.summary:
            feedback.pushInfo(self.tr("{} at {} of the street length: hit rate {}, PAI {}").format(
                words[TABLE_IDS[row["method"]]], format_share(row["coverage"]),
                format_share(row["hit_rate_mean"]), format_number(row["pai_mean"])))
        rows = [{"method": TABLE_IDS[r["method"]], "fold": r["fold"], "start": r["fold_start"], "end": r["fold_end"],
                 "coverage": 100 * r["coverage"], "hits": r["hits"], "events": r["n_events"],
                 "hit_rate": r["hit_rate"], "pai": r["pai"]} for r in result.rows]

        def at_verdict(method: str) -> list[float]:
            return [r["hit_rate"] for r in rows if r["method"] == method and r["coverage"] == 100 * VERDICT_COVERAGE]

        verdict = compare_hit_rates(at_verdict("network_near_repeat"), at_verdict(GRID_NEAR_REPEAT))
        feedback.pushInfo(self.tr(
            "Network against grid near repeats at 5%: {} points of hit rate on average over {} folds, "
            "one-sided p = {}: {}.").format(
                ("+" if verdict["mean_difference"] >= 0 else "−") + format_number(abs(100 * verdict["mean_difference"])),
                verdict["periods"], format_number(verdict["p_value"]),
                self.tr("the network forecast catches more") if verdict["claim"] else
                self.tr("no evidence that the network forecast catches more")))
        self.check_cancelled(feedback)
        destination = write_table(self, parameters, self.OUTPUT, context, rows, FOLD_COLUMNS)
        self.name_output(destination, self.tr("Scores per fold"), context)
        return {self.OUTPUT: destination,
                "NETWORK_HIT_RATE": result.summary_for(NETWORK_NEAR_REPEAT, VERDICT_COVERAGE)["hit_rate_mean"],
                "GRID_HIT_RATE": result.summary_for("nearrepeat", VERDICT_COVERAGE)["hit_rate_mean"],
                "P_VALUE": verdict["p_value"], "NETWORK_BETTER": verdict["claim"]}
