"""``crimerisk:networknearrepeat``: the network prospective hotspot (Rosser et al. 2017), per lixel."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)

from ...algorithms.knox import KnoxTable
from ...algorithms.nearrepeat import bandwidths_from_knox
from ...algorithms.network_forecast import choose_bandwidths, network_near_repeat
from ..reports.labels import forecast_period_label
from ..reports.numbers import format_share, format_value
from .network_common import NetworkAlgorithm, metres_parameter

#: Candidates of the internal validation (metres along the street, days).
SPACE_CANDIDATES = (100.0, 200.0, 400.0, 800.0)
TIME_CANDIDATES = (7.0, 14.0, 28.0, 56.0)
#: Periods (of one horizon each) before AS_OF the validation scores.
VALIDATION_PERIODS = 4


class NetworkNearRepeatAlgorithm(NetworkAlgorithm):
    algorithm_id = "networknearrepeat"
    display_name = "Street near-repeat risk"
    group_key = "nearrepeat"

    SPACE_BANDWIDTH = "SPACE_BANDWIDTH"
    TIME_BANDWIDTH = "TIME_BANDWIDTH"
    KNOX_TABLE = "KNOX_TABLE"
    ALPHA = "ALPHA"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_network_parameters()
        self.add_forecast_window()
        self.add_parameter(metres_parameter(self.SPACE_BANDWIDTH, self.tr("Space bandwidth along the streets (metres)"),
                                            0.0, 0.0), self.tr(
            "How far along the streets a crime raises the risk (for example the space extent of a Knox test, "
            "crimerisk:knox). 0 (default) chooses both bandwidths by an internal validation: the pair among "
            "100-800 m and 7-56 days whose forecasts caught the most crime on 5% of the network in the four "
            "horizons before AS_OF."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.TIME_BANDWIDTH, self.tr("Time bandwidth (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0),
            self.tr("How long a crime raises the risk, in days (for example the time extent of a Knox test). 0 "
                    "(default) with a space bandwidth of 0: chosen by the internal validation."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.KNOX_TABLE, self.tr("Knox table (from crimerisk:knox)"),
                                                [QgsProcessing.SourceType.TypeVector], optional=True),
            self.tr("Optional table output of crimerisk:knox on the same events: the bandwidths become its "
                    "significant extent (the log names the values). Knox distances are straight lines, never "
                    "longer than along the streets, so the extent is a cautious space bandwidth."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.ALPHA, self.tr("Significance level for the Knox table"),
                                         QgsProcessingParameterNumber.Type.Double, 0.05, minValue=0.0001,
                                         maxValue=0.5),
            self.tr("Knox cells with a p-value below this level count as near repeats."), advanced=True)
        self.add_lixel_output(self.tr("Network near-repeat risk"))
        self.addOutput(QgsProcessingOutputNumber("SPACE_BANDWIDTH_USED", self.tr("Space bandwidth used (metres)")))
        self.addOutput(QgsProcessingOutputNumber("TIME_BANDWIDTH_USED", self.tr("Time bandwidth used (days)")))
        self.addOutput(QgsProcessingOutputNumber("TRIGGERS", self.tr("Triggering events")))

    def help_sections(self):
        return [
            ("", self.tr("Which streets are at risk in the coming days? After a crime, the same and nearby "
                         "streets run a raised risk for some weeks (near repeats). This forecast weighs each recent "
                         "crime by its distance along the streets and its age, as the grid near-repeat forecast "
                         "does by distance as the crow flies.")),
            (self.tr("Method"), self.tr(
                "Network prospective hotspotting (Rosser et al. 2017): each crime of the last time bandwidth days "
                "before AS_OF within the space bandwidth along the streets adds 1 / ((1 + d / u) (1 + t / 7)) to a "
                "lixel, with d the network distance to the lixel's middle, u the lixel length and t the crime's "
                "age in days (Bowers et al. 2004 counted whole cells and weeks). Distances come from Dijkstra's "
                "algorithm with a search limit. The risk is relative: 1 = the network's average per metre. Lixels "
                "are styled by share of network length: top 1%, 1-5%, 5-10%, 10-20%, 20-50%.")),
            (self.tr("Bandwidths"), self.tr(
                "Give both from a Knox test of your data (crimerisk:knox), or leave them at 0: the internal "
                "validation tries 100, 200, 400 and 800 m with 7, 14, 28 and 56 days on the four periods of one "
                "horizon before AS_OF (each forecast reads only the crimes before its period) and keeps the pair "
                "that caught the most crime on 5% of the network length; the log shows the table.")),
            (self.tr("Caveats"), self.tr(
                "Near repeats are strongest for burglary and some thefts; check with the backtest that the "
                "forecast beats long-term hot spots on your data. Disconnected parts of the network do not "
                "share risk.")),
            (self.tr("References"), "Rosser, Davies, Bowers, Johnson &amp; Cheng (2017) <i>J. Quant. Criminol.</i> "
                                    "33, 569-594; Bowers, Johnson &amp; Pease (2004) <i>Br. J. Criminol.</i> 44, "
                                    "641-658; Johnson et al. (2007) <i>J. Quant. Criminol.</i> 23, 201-219."),
        ]

    def process(self, parameters, context, feedback):
        space = self.parameterAsDouble(parameters, self.SPACE_BANDWIDTH, context)
        time = self.parameterAsDouble(parameters, self.TIME_BANDWIDTH, context)
        if (space > 0) != (time > 0):
            raise QgsProcessingException(self.tr(
                "Give both bandwidths (space and time), or leave both at 0 to choose them by internal validation."))
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        events = loaded.events
        as_of, horizon = self.forecast_window(parameters, context, events, feedback)
        net = self.read_network(parameters, context, feedback, loaded.crs)
        feedback.setProgress(15)
        snapped = self.snap(net, events, parameters, context, feedback)
        feedback.setProgress(20)
        with self.method_errors():
            table = self.parameterAsSource(parameters, self.KNOX_TABLE, context)
            if table is not None:
                alpha = self.parameterAsDouble(parameters, self.ALPHA, context)
                names = table.fields().names()
                rows = [dict(zip(names, feature.attributes())) for feature in table.getFeatures()]
                space, time = bandwidths_from_knox(KnoxTable.from_rows(rows), alpha)
                feedback.pushInfo(self.tr("Bandwidths from the Knox table (p < {}): {} m, {} days.").format(
                    format_value(alpha), format_value(space), format_value(time)))
            elif space == 0:
                space, time, table = choose_bandwidths(net, snapped.lixel, snapped.position, events.t, events.weight,
                                                       as_of, horizon, SPACE_CANDIDATES, TIME_CANDIDATES,
                                                       periods=VALIDATION_PERIODS)
                feedback.pushInfo(self.tr("Internal validation (share of crime caught on 5% of the network):"))
                for row in table:
                    feedback.pushInfo(self.tr("  {} m, {} days: {}").format(
                        format_value(row["space_bandwidth_m"]), format_value(row["time_bandwidth_days"]),
                        format_share(row["mean_hit_rate"])))
            feedback.setProgress(60)
            risk = network_near_repeat(net, snapped.lixel, snapped.position, events.t, events.weight, as_of, space,
                                       time, progress=self.progress_callback(feedback, 60.0, 90.0))
        self.log_parameters(feedback, risk.parameters)
        self.check_cancelled(feedback)
        destination = self.write_lixels(risk, risk.values, parameters, context, loaded.crs, self.presentation(
            parameters, context, loaded, self.tr("Network near-repeat risk"),
            period=forecast_period_label(as_of, horizon)).name)
        feedback.setProgress(100)
        return {self.OUTPUT: destination, "SPACE_BANDWIDTH_USED": space, "TIME_BANDWIDTH_USED": time,
                "TRIGGERS": risk.parameters["triggering_events"]}
