"""``crimerisk:networkkde``: kernel density along the street network, per lixel."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
)

from ...algorithms.network_kde import KERNELS, UNIT_CHOICES, network_kde
from ..reports.labels import kernel_label
from .network_common import NetworkAlgorithm, metres_parameter

#: METHOD choices, in the order of the list.
METHOD_ORDER = ("continuous", "discontinuous", "simple")


class NetworkKdeAlgorithm(NetworkAlgorithm):
    algorithm_id = "networkkde"
    display_name = "Street kernel density"
    group_key = "hotspots"

    BANDWIDTH = "BANDWIDTH"
    METHOD = "METHOD"
    KERNEL = "KERNEL"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    OUTPUT_VALUE = "OUTPUT_VALUE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=False)
        self.add_network_parameters()
        self.add_parameter(metres_parameter(self.BANDWIDTH, self.tr("Bandwidth along the streets (metres)"), 300.0,
                                            1.0), self.tr(
            "How far along the streets each event spreads (the kernel's radius, measured along the network, not "
            "as the crow flies). Typical values: 100-500 m."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.METHOD, self.tr("Junction rule"),
                                       options=[self.tr("Continuous (Okabe & Sugihara)"),
                                                self.tr("Discontinuous, equal split (Okabe et al.)"),
                                                self.tr("Simple (Xie & Yan)")], defaultValue=0),
            self.tr("How the kernel passes junctions. Continuous (default): split so that each event's mass stays "
                    "1 and the density has no jumps. Discontinuous: split equally among the streets onward (mass "
                    "kept, jumps at junctions, faster). Simple: the kernel of the shortest distance, not split "
                    "(fast, but each junction multiplies the mass: values read high near junctions)."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.KERNEL, self.tr("Kernel shape"), options=[kernel_label(k) for k in KERNELS],
                                       defaultValue=0),
            self.tr("Quartic (default), Epanechnikov, triangular or uniform, along the street."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterField(self.WEIGHT_FIELD, self.tr("Weight field"), parentLayerParameterName=self.INPUT,
                                        type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            self.tr("Optional numeric weight of each event. Missing or negative weights drop the event."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterEnum(self.OUTPUT_VALUE, self.tr("Output values"),
                                       options=[self.tr("Events per km of street per year (needs dates)"),
                                                self.tr("Expected events per lixel over the period")],
                                       defaultValue=1),
            self.tr("The density per km of street per year (from the date range, else from the first to the "
                    "last event), or the expected events on each lixel over the period (the kernel mass)."))
        self.add_lixel_output(self.tr("Network density"))
        self.addOutput(QgsProcessingOutputNumber("EVENTS", self.tr("Events used")))
        self.addOutput(QgsProcessingOutputNumber("LIXELS", self.tr("Lixels")))

    def help_sections(self):
        return [
            ("", self.tr("Which streets has crime concentrated on? A hotspot map on the street network: events are "
                         "snapped to the nearest street and spread along the streets, not over the blocks between "
                         "them, so the map follows where patrols can go.")),
            (self.tr("Method"), self.tr(
                "The streets are noded and cut into lixels. Each event spreads a one-dimensional kernel along the "
                "network, up to the bandwidth in network distance. At a junction of n streets the continuous rule "
                "sends 2/n of the kernel along each other street and returns 2/n - 1 along the one it came from "
                "(Okabe & Sugihara 2012), the discontinuous rule sends 1/(n - 1) along each other street (Okabe et "
                "al. 2009), and the simple rule does not split (Xie & Yan 2008). Values are exact integrals of the "
                "kernel over each lixel. Lixels are styled by their share of network length: the top 1%, 1-5%, "
                "5-10%, 10-20%, 20-50% of the street length.")),
            (self.tr("Caveats"), self.tr(
                "Events far from every street (beyond the snapping distance) are dropped and counted; events on "
                "parks, squares or private land snap to the nearest street. Disconnected parts of the network do "
                "not share risk. The continuous rule follows every path round the blocks within the bandwidth: "
                "long bandwidths on dense grids take longer.")),
            (self.tr("References"), "Okabe, Satoh &amp; Sugihara (2009) <i>Int. J. Geogr. Inf. Sci.</i> 23, 7-32; "
                                    "Okabe &amp; Sugihara (2012) <i>Spatial Analysis Along Networks</i>, Wiley; Xie "
                                    "&amp; Yan (2008) <i>Comput. Environ. Urban Syst.</i> 32, 396-406; Gelb (2021) "
                                    "<i>The R Journal</i> 13(2) (spNetwork)."),
        ]

    def process(self, parameters, context, feedback):
        method = METHOD_ORDER[self.parameterAsEnum(parameters, self.METHOD, context)]
        kernel = KERNELS[self.parameterAsEnum(parameters, self.KERNEL, context)]
        units = UNIT_CHOICES[self.parameterAsEnum(parameters, self.OUTPUT_VALUE, context)]
        bandwidth = self.parameterAsDouble(parameters, self.BANDWIDTH, context)
        loaded = self.read_events(parameters, context, feedback, time_required=False)
        period = self._period_days(loaded) if units == "per_km_year" else None
        net = self.read_network(parameters, context, feedback, loaded.crs)
        feedback.setProgress(20)
        snapped = self.snap(net, loaded.events, parameters, context, feedback)
        feedback.setProgress(30)
        with self.method_errors():
            risk = network_kde(net, snapped.lixel, snapped.position, loaded.events.weight, bandwidth, method=method,
                               kernel=kernel, units=units, period_days=period,
                               progress=self.progress_callback(feedback, 30.0, 85.0))
        self.log_parameters(feedback, risk.parameters)
        self.check_cancelled(feedback)
        per_metre = risk.values / net.lixel_length if units == "expected" else risk.values
        destination = self.write_lixels(risk, per_metre, parameters, context, loaded.crs,
                                        self.presentation(parameters, context, loaded, self.tr("Network density")).name)
        feedback.setProgress(100)
        return {self.OUTPUT: destination, "EVENTS": int(snapped.kept.sum()), "LIXELS": net.n_lixels}

    def _period_days(self, loaded) -> float:
        if not loaded.events.has_times:
            raise QgsProcessingException(self.tr(
                "'Events per km of street per year' needs the date field (TIME_FIELD); or choose expected events "
                "per lixel."))
        start, end = loaded.period()
        return end - start
