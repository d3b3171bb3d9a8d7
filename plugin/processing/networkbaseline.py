"""``crimerisk:networkbaseline``: long-memory decayed counts on street segments, the baseline a network
forecast must beat."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputNumber, QgsProcessingParameterNumber

from ...algorithms.network_forecast import network_decayed_counts
from ..reports.labels import forecast_period_label
from .network_common import NetworkAlgorithm


class NetworkBaselineAlgorithm(NetworkAlgorithm):
    algorithm_id = "networkbaseline"
    display_name = "Street long-term counts"
    group_key = "forecast"

    HALF_LIFE = "HALF_LIFE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_network_parameters()
        self.add_forecast_window()
        self.add_parameter(
            QgsProcessingParameterNumber(self.HALF_LIFE, self.tr("Half-life (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 365.0, minValue=1.0,
                                         maxValue=36600.0),
            self.tr("Age at which a past crime counts half: 365 (default) keeps a long memory of the streets "
                    "where crime recurs year after year."))
        self.add_lixel_output(self.tr("Network long-term counts"))
        self.addOutput(QgsProcessingOutputNumber("EXPECTED_EVENTS", self.tr("Expected events on the network")))

    def help_sections(self):
        return [
            ("", self.tr("Where does crime keep coming back? The street segments' long-term rate of crime, the "
                         "baseline any network forecast must beat: a handful of street segments hold much of the "
                         "crime, year after year (Weisburd 2015).")),
            (self.tr("Method"), self.tr(
                "Every crime before AS_OF counts 2^(-age / half-life). Counts are summed per street segment "
                "(junction to junction), divided by the weighted days of history and multiplied by the horizon, "
                "then shared among the segment's lixels by length: expected events per lixel over the horizon.")),
            (self.tr("References"), "Weisburd (2015) <i>Criminology</i> 53, 133-157; Rosser et al. (2017) <i>J. "
                                    "Quant. Criminol.</i> 33, 569-594; Brown (1959) <i>Statistical Forecasting for "
                                    "Inventory Control</i>."),
        ]

    def process(self, parameters, context, feedback):
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        events = loaded.events
        as_of, horizon = self.forecast_window(parameters, context, events, feedback)
        net = self.read_network(parameters, context, feedback, loaded.crs)
        snapped = self.snap(net, events, parameters, context, feedback)
        feedback.setProgress(50)
        with self.method_errors():
            risk = network_decayed_counts(net, snapped.lixel, events.t, events.weight, as_of, horizon,
                                          self.parameterAsDouble(parameters, self.HALF_LIFE, context))
        self.log_parameters(feedback, risk.parameters)
        self.check_cancelled(feedback)
        destination = self.write_lixels(risk, risk.values / net.lixel_length, parameters, context, loaded.crs,
                                        self.presentation(parameters, context, loaded,
                                                          self.tr("Network long-term counts"),
                                                          period=forecast_period_label(as_of, horizon)).name)
        feedback.setProgress(100)
        return {self.OUTPUT: destination, "EXPECTED_EVENTS": float(risk.values.sum())}
