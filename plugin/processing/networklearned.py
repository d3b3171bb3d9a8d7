"""``crimerisk:networklearned``: the learned forecast on street segments (the grid learned forecast's
model with features read along the streets), expected events per lixel."""

from __future__ import annotations

import math

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterNumber,
)

from ...algorithms.mlforecast import MIN_TRAINING_PERIODS, MissingDependencyError
from ...algorithms.network_learned import MAX_LIXELS, NetworkLearnedSettings, network_learned_forecast
from ..reports.labels import forecast_period_label
from ..reports.numbers import format_number
from .network_common import NetworkAlgorithm

#: Importances listed in the log.
LOGGED_IMPORTANCES = 10


class NetworkLearnedAlgorithm(NetworkAlgorithm):
    algorithm_id = "networklearned"
    display_name = "Street learned forecast"
    group_key = "forecast"

    TRAINING_PERIODS = "TRAINING_PERIODS"
    EVALUATE = "EVALUATE"
    THREADS = "THREADS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_network_parameters()
        self.add_forecast_window()
        self.add_parameter(
            QgsProcessingParameterNumber(self.TRAINING_PERIODS, self.tr("Training periods"),
                                         QgsProcessingParameterNumber.Type.Integer, 52,
                                         minValue=MIN_TRAINING_PERIODS, maxValue=520),
            self.tr("Most past periods of one horizon each that the model learns from (52 weekly periods: a year)."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterBoolean(self.EVALUATE, self.tr("Score on held-out periods"), True),
            self.tr("Fit once more without the most recent quarter of the training periods, score it there against "
                    "one constant rate and the street segments' long-term rate, and rank the features by "
                    "permutation importance (what drives the map). About half the run time."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.THREADS, self.tr("Threads"), QgsProcessingParameterNumber.Type.Integer,
                                         1, minValue=0),
            self.tr("Threads of the boosting, as in crimerisk:mlforecast: 1 (default) is often the fastest on a "
                    "busy machine; 0 uses every core. The forecast is the same."), advanced=True)
        self.add_seed_parameter()
        self.add_lixel_output(self.tr("Network learned forecast"))
        self.addOutput(QgsProcessingOutputNumber("EXPECTED_EVENTS", self.tr("Expected events on the network")))
        self.addOutput(QgsProcessingOutputNumber("HOLDOUT_D2", self.tr(
            "Share of the deviance of a constant rate explained on the held-out periods")))
        self.addOutput(QgsProcessingOutputString("TOP_FEATURE", self.tr("Most important feature")))

    def help_sections(self):
        return [
            ("", self.tr("How many crimes will each street piece see over the next days? The learned forecast of "
                         "crimerisk:mlforecast on the street network: a gradient-boosted Poisson model learns, on "
                         "many past periods, how a street's own history, the crime along the streets around it, "
                         "recent near repeats and the season relate to the count that followed.")),
            (self.tr("Method"), self.tr(
                "Every past period of HORIZON days before AS_OF gives one sample per lixel: features from events "
                "strictly before the period and the count in the period as target. Features: the lixel's own "
                "crimes and its street segment's (junction to junction), each decayed with half-lives of 7, 28, "
                "91 and 365 days, per 100 m; the same on the lixels 0-100 m and 100-300 m away along the streets "
                "(Dijkstra's algorithm with a search limit); recent crimes within 200 m along the streets, "
                "decaying over 14 days (near repeats); days since the last crime on the lixel and on its "
                "segment; day of year and weekday; lixel and segment lengths. scikit-learn's "
                "HistGradientBoostingRegressor with the Poisson loss, as in crimerisk:mlforecast, is fitted and "
                "predicts the period starting at AS_OF. Events on or after AS_OF are never read.")),
            (self.tr("Outputs"), self.tr(
                "The lines hold expected events per lixel over the horizon (EXPECTED_EVENTS is their sum), styled "
                "by risk per metre in classes of network length: top 1%, 1-5%, 5-10%, 10-20%, 20-50%. The log "
                "gives the holdout scores, the permutation importances and, for the features that matter most, "
                "their values on the riskiest 5% of the street length against the whole network: why those "
                "streets are red.")),
            (self.tr("Caveats"), self.tr(
                "Needs scikit-learn. It needs about a year of history before the first training period. "
                "Importances say what the model uses, not what causes crime. In backtests on simulated towns and "
                "the sample town it caught more crime than the long-term counts on street segments where near "
                "repeats or single hot addresses exist, and slightly less (1 to 2 points of hit rate) where hot "
                "streets are stable and nothing else happens; on the sample town most of its gain came from reading single street pieces (long-term "
                "counts per lixel did almost as well). Check it against crimerisk:networkbaseline in a backtest on "
                "your data.")),
            (self.tr("References"), "Azavea (2015) <i>HunchLab: under the hood</i>; Rosser et al. (2017) <i>J. "
                                    "Quant. Criminol.</i> 33, 569-594; Johnson &amp; Bowers (2004) <i>Eur. J. "
                                    "Criminol.</i> 1, 237-255; Friedman (2001) <i>Annals of Statistics</i> 29, "
                                    "1189-1232; Breiman (2001) <i>Machine Learning</i> 45, 5-32."),
        ]

    def process(self, parameters, context, feedback):
        settings = NetworkLearnedSettings(
            training_periods=self.parameterAsInt(parameters, self.TRAINING_PERIODS, context),
            evaluate=self.parameterAsBoolean(parameters, self.EVALUATE, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            n_threads=self.parameterAsInt(parameters, self.THREADS, context) or None)
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        events = loaded.events
        as_of, horizon = self.forecast_window(parameters, context, events, feedback)
        net = self.read_network(parameters, context, feedback, loaded.crs)
        if net.n_lixels > MAX_LIXELS:
            raise QgsProcessingException(self.tr(
                "The street network makes {} lixels; the learned forecast takes at most {} (memory): use a lixel "
                "length of at least {} m, or clip the network to the study area.").format(
                format_number(net.n_lixels), format_number(MAX_LIXELS),
                format_number(math.ceil(net.total_length / MAX_LIXELS))))
        feedback.setProgress(15)
        snapped = self.snap(net, events, parameters, context, feedback)
        feedback.setProgress(20)
        feedback.pushInfo(self.tr("Building the samples and fitting the model..."))
        with self.method_errors():
            try:
                risk = network_learned_forecast(net, snapped.lixel, events.t, events.weight, as_of, horizon,
                                                settings, progress=self.progress_callback(feedback, 20.0, 90.0))
            except MissingDependencyError as error:
                raise QgsProcessingException(
                    self.tr("The learned forecast needs scikit-learn: {}").format(error)) from None
        shown = {k: v for k, v in risk.parameters.items() if k not in ("features", "importances", "why_red")}
        self.log_parameters(feedback, shown)
        per_metre = risk.values / net.lixel_length
        top = self._log_importances(feedback, risk.parameters.get("importances"))
        self._explain_red(feedback, risk.parameters.get("why_red"))
        self.check_cancelled(feedback)
        destination = self.write_lixels(risk, per_metre, parameters, context, loaded.crs, self.presentation(
            parameters, context, loaded, self.tr("Network learned forecast"),
            period=forecast_period_label(as_of, horizon)).name)
        feedback.setProgress(100)
        d2 = risk.parameters.get("holdout_d2")
        return {self.OUTPUT: destination, "EXPECTED_EVENTS": float(risk.values.sum()),
                "HOLDOUT_D2": math.nan if d2 is None else float(d2), "TOP_FEATURE": top[0][0] if top else ""}

    def _log_importances(self, feedback, importances: list | None) -> list:
        """The importances in the log, largest first (empty without the holdout)."""
        if not importances:
            return []
        feedback.pushInfo(self.tr("Permutation importances on the held-out periods (increase of the Poisson "
                                  "deviance when a feature is shuffled):"))
        for name, mean, std in importances[:LOGGED_IMPORTANCES]:
            feedback.pushInfo(self.tr("  {}: {} (sd {})").format(name, format_number(mean, 3),
                                                                 format_number(std, 3)))
        return importances

    def _explain_red(self, feedback, why: list) -> None:
        """Why the riskiest streets are red: the most important features there against the network."""
        if not why:
            return
        feedback.pushInfo(self.tr("Why the riskiest 5% of the street length is red (length-weighted means there "
                                  "against the whole network):"))
        for name, top, everywhere in why:
            feedback.pushInfo(self.tr("  {}: {} against {}").format(name, format_number(top, 3),
                                                                    format_number(everywhere, 3)))
