"""``crimerisk:patrolroutes``: from risk on street lixels to ranked, connected patrol routes within a budget."""

from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ...algorithms.network import network_of_edges
from ...algorithms.network_routes import BUDGET_UNITS, plan_patrol_routes
from ..io.crs import is_metric_projected
from ..io.tables import fields_for, write_table
from ..reports.numbers import format_number
from ..styling.network_styles import route_style
from ..styling.vector_styles import style_vector_output
from .base import CrimeRiskAlgorithm
from .network_common import metres_parameter

ROUTE_COLUMNS = ["rank", "length_m", "lixels", "total_risk", "mean_risk_per_km", "unit"]


class PatrolRoutesAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "patrolroutes"
    display_name = "Patrol routes (streets)"
    group_key = "forecast"

    RISK_FIELD = "RISK_FIELD"
    RISK_MEASURE = "RISK_MEASURE"
    BUDGET = "BUDGET"
    BUDGET_UNIT = "BUDGET_UNIT"
    UNITS = "UNITS"
    MIN_ROUTE_LENGTH = "MIN_ROUTE_LENGTH"
    MAX_GAP = "MAX_GAP"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Risk on streets (lines)"),
                                                [QgsProcessing.SourceType.TypeVectorLine]),
            self.tr("Street pieces with a risk value, for example the output of crimerisk:networkkde or "
                    "crimerisk:networknearrepeat. Pieces meet where their ends meet."))
        self.add_parameter(
            QgsProcessingParameterField(self.RISK_FIELD, self.tr("Risk field"), "value", self.INPUT,
                                        QgsProcessingParameterField.DataType.Numeric, optional=True),
            self.tr("The numeric field holding each piece's risk (\"value\" in CrimeRisk's network outputs)."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.RISK_MEASURE, self.tr("The risk field holds"),
                                       options=[self.tr("Expected events per piece"),
                                                self.tr("A value per metre (density, relative risk)")],
                                       defaultValue=0),
            self.tr("Expected events per piece (networkkde's default output) are divided by the piece's length to "
                    "rank streets; a density or relative risk (networknearrepeat) ranks as it is."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.BUDGET, self.tr("Budget"), QgsProcessingParameterNumber.Type.Double,
                                         5.0, minValue=0.001),
            self.tr("How much street the patrols can cover: in km, or in percent of the network's length."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.BUDGET_UNIT, self.tr("Budget unit"),
                                       options=[self.tr("km of street"), self.tr("% of the network length")],
                                       defaultValue=1),
            self.tr("Kilometres of street, or percent of the network's total length."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.UNITS, self.tr("Patrol units"), QgsProcessingParameterNumber.Type.Integer,
                                         1, minValue=1),
            self.tr("Routes are shared among this many units, largest first to the unit with the least street "
                    "so far."))
        self.add_parameter(metres_parameter(self.MIN_ROUTE_LENGTH, self.tr("Shortest route (metres)"), 0.0, 0.0),
                           self.tr(
            "Routes shorter than this are dropped and their length given to the next riskiest streets (0: keep "
            "all)."), advanced=True)
        self.add_parameter(metres_parameter(self.MAX_GAP, self.tr("Bridge gaps up to (metres)"), 50.0, 0.0), self.tr(
            "Two routes this close along the streets are joined through the shortest path between them when the "
            "budget allows, so a unit drives one stretch instead of pieces (0: no bridging)."), advanced=True)
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Patrol routes"),
                                                             QgsProcessing.SourceType.TypeVectorLine),
                           self.tr("One multi-line per route with its rank, length, risk and unit."))
        self.add_style_parameter()
        self.addOutput(QgsProcessingOutputNumber("ROUTES", self.tr("Routes")))
        self.addOutput(QgsProcessingOutputNumber("LENGTH_M", self.tr("Street length taken (metres)")))

    def help_sections(self):
        return [
            ("", self.tr("Which streets should patrols drive within a fixed length of street? Takes the riskiest "
                         "streets up to the budget, joins them into connected routes, ranks the routes and shares "
                         "them among patrol units, as crimerisk:patrolzones does for cells.")),
            (self.tr("Method"), self.tr(
                "Street pieces are taken in decreasing risk per metre (ties: more risk on the touching pieces "
                "first) until their length reaches the budget. Pieces that touch form a route; routes within the "
                "gap distance along the streets are joined through the shortest path when the budget allows; "
                "routes shorter than the minimum are dropped and their length goes to the next pieces. Routes are "
                "ranked by total risk and shared among units by Graham's longest-processing-time rule on length.")),
            (self.tr("Caveats"), self.tr(
                "The routes are only as good as the risk on the streets: check it with the backtest first. A "
                "greedy rule is not an optimum; the order in which a unit drives its routes is not planned.")),
            (self.tr("References"), "Rosser et al. (2017) <i>J. Quant. Criminol.</i> 33, 569-594; Weisburd (2015) "
                                    "<i>Criminology</i> 53, 133-157; Graham (1969) <i>SIAM J. Appl. Math.</i> 17, "
                                    "416-429."),
        ]

    def process(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.tr("The risk layer could not be read: choose a line layer."))
        if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.LineGeometry:
            raise QgsProcessingException(self.tr(
                "INPUT must be a line layer of street pieces with a risk field (the output of crimerisk:networkkde "
                "or crimerisk:networknearrepeat)."))
        crs = source.sourceCrs()
        if not is_metric_projected(crs):
            raise QgsProcessingException(self.tr(
                "The risk layer is not in a projected CRS in metres ({}): lengths would be wrong. Reproject it "
                "(Vector > Data Management Tools > Reproject Layer) or use CrimeRisk's network outputs, which are "
                "metric.").format(crs.authid()))
        field = self.parameterAsString(parameters, self.RISK_FIELD, context) or "value"
        if field not in source.fields().names():
            raise QgsProcessingException(self.tr(
                "The risk layer has no field '{}': choose the field holding the risk (RISK_FIELD).").format(field))
        lines, risk = [], []
        for feature in source.getFeatures():
            geometry = feature.geometry()
            value = feature[field]
            if geometry.isEmpty() or value is None:
                continue
            geometry.convertToMultiType()
            for part in geometry.asMultiPolyline():
                lines.append(np.array([[p.x(), p.y()] for p in part], dtype=np.float64))
                risk.append(float(value))
        with self.method_errors():
            net, kept = network_of_edges(lines)
            plan = plan_patrol_routes(
                net, np.asarray(risk)[kept], self.parameterAsDouble(parameters, self.BUDGET, context),
                BUDGET_UNITS[self.parameterAsEnum(parameters, self.BUDGET_UNIT, context)],
                units=self.parameterAsInt(parameters, self.UNITS, context),
                min_route_length=self.parameterAsDouble(parameters, self.MIN_ROUTE_LENGTH, context),
                max_gap=self.parameterAsDouble(parameters, self.MAX_GAP, context),
                expected_per_lixel=self.parameterAsEnum(parameters, self.RISK_MEASURE, context) == 0)
        feedback.pushInfo(self.tr("{} routes, {} km of street taken of a budget of {} km.").format(
            len(plan.routes), format_number(plan.parameters["length_taken_m"] / 1000),
            format_number(plan.parameters["budget_m"] / 1000)))
        taken = np.flatnonzero(plan.route > 0)
        shapes = net.lixel_polylines(taken)
        geometries = []
        for route in plan.routes:
            members = np.flatnonzero(plan.route[taken] == route["rank"])
            parts = [[QgsPointXY(x, y) for x, y in shapes[i]] for i in members]
            geometries.append(QgsGeometry.fromMultiPolylineXY(parts))
        if feedback.isCanceled():
            raise QgsProcessingException(self.tr("Cancelled: no output was written."))
        destination = write_table(self, parameters, self.OUTPUT, context, plan.routes, ROUTE_COLUMNS, geometries,
                                  QgsWkbTypes.Type.MultiLineString, crs)
        if self._wants_style(parameters, context):
            style_vector_output(destination, route_style(plan.parameters["units"]), context,
                                fields_for(plan.routes, ROUTE_COLUMNS), "MultiLineString", crs)
        self.name_output(destination, self.tr("Patrol routes"), context)
        return {self.OUTPUT: destination, "ROUTES": len(plan.routes), "LENGTH_M": plan.parameters["length_taken_m"]}
