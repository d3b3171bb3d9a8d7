"""``crimerisk:patrolroutes``: from risk on street lixels to ranked, connected patrol routes within a budget."""

from __future__ import annotations

import math

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
from ...algorithms.network_routes import (BUDGET_UNITS, DEFAULT_MAX_GAP, DEFAULT_MIN_ROUTE_LENGTH,
                                          plan_patrol_routes)
from ...algorithms.route_units import DEFAULT_TOLERANCE
from ..io.crs import is_metric_projected
from ..io.tables import fields_for, write_table
from ..reports.numbers import format_number, format_share
from ..styling.network_styles import route_style
from ..styling.vector_styles import style_vector_output
from .base import CrimeRiskAlgorithm
from .network_common import line_parts, metres_parameter

ROUTE_COLUMNS = ["rank", "length_m", "lixels", "total_risk", "mean_risk_per_km", "unit", "unit_rank", "share_of_risk"]


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
    BALANCE_TOLERANCE = "BALANCE_TOLERANCE"
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
            self.tr("Routes are shared among this many units: each unit gets routes close to each other, and the "
                    "units similar lengths of street (a route longer than a unit's share is cut in connected "
                    "parts)."))
        self.add_parameter(metres_parameter(self.MIN_ROUTE_LENGTH, self.tr("Shortest route (metres)"),
                                            DEFAULT_MIN_ROUTE_LENGTH, 0.0), self.tr(
            "Routes shorter than this that no bridge joins to another are dropped and their length grows the other "
            "routes (0: keep all)."), advanced=True)
        self.add_parameter(metres_parameter(self.MAX_GAP, self.tr("Bridge gaps up to (metres)"), DEFAULT_MAX_GAP,
                                            0.0), self.tr(
            "Two routes this close along the streets are joined through the shortest path between them when the "
            "weaker route's extra risk pays for the link; the link's length comes out of the budget (0: no "
            "bridging)."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.BALANCE_TOLERANCE, self.tr("Balance tolerance (%)"),
                                         QgsProcessingParameterNumber.Type.Double, 100 * DEFAULT_TOLERANCE,
                                         minValue=1.0, maxValue=90.0),
            self.tr("How far a unit's length of street may stray from an equal share before routes are moved or "
                    "cut to even it out."), advanced=True)
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Patrol routes"),
                                                             QgsProcessing.SourceType.TypeVectorLine),
                           self.tr("One multi-line per route with its rank, length, risk and unit."))
        self.add_style_parameter()
        self.addOutput(QgsProcessingOutputNumber("ROUTES", self.tr("Routes")))
        self.addOutput(QgsProcessingOutputNumber("LENGTH_M", self.tr("Street length taken (metres)")))
        self.addOutput(QgsProcessingOutputNumber("RISK_SHARE", self.tr("Share of the network's risk on the routes")))
        self.addOutput(QgsProcessingOutputNumber("UNIT_LENGTH_RATIO",
                                                 self.tr("Longest unit's length over the shortest's")))

    def help_sections(self):
        return [
            ("", self.tr("Which streets should patrols drive within a fixed length of street? Takes the riskiest "
                         "streets up to the budget, joins them into connected routes, ranks the routes and shares "
                         "them among patrol units, as crimerisk:patrolzones does for cells.")),
            (self.tr("Method"), self.tr(
                "Street pieces are taken in decreasing risk per metre (ties: more risk on the touching pieces "
                "first) until their length reaches the budget; the last one taken sets the marginal risk per metre. "
                "Pieces that touch form a route. Two routes within the gap distance along the streets are joined "
                "through the shortest path between them, shortest gaps first, when the weaker route captures more "
                "risk than the same length of marginal street by at least what the link lacks; the link's length "
                "is paid for by trimming the least risky pieces at route ends, so no route is cut. Routes shorter "
                "than the minimum are dropped, and the budget left grows the routes at their edges, riskiest piece "
                "first. A route longer than a unit's share is cut into connected parts; routes are grouped into "
                "units by a k-means of their length-weighted centres under a balance constraint (capacitated "
                "k-means with Hartigan's moves and swaps), so each unit's routes lie close together and the "
                "units drive similar lengths. Routes are ranked by total risk and numbered within their unit.")),
            (self.tr("Output"), self.tr(
                "One line per route: rank, unit, rank within the unit (unit_rank), length, pieces, total risk "
                "(expected events when the risk field holds them), risk per km and share of the network's risk. "
                "The log gives each unit's routes, length and risk, the ratio of the longest unit's length to the "
                "shortest's, and the share of the risk the routes capture beside the share the riskiest pieces "
                "alone would capture within the same budget (the price of connected routes).")),
            (self.tr("Caveats"), self.tr(
                "The routes are only as good as the risk on the streets: check it with the backtest first. A "
                "greedy rule is not an optimum; the order in which a unit drives its routes is not planned.")),
            (self.tr("References"), "Rosser et al. (2017) <i>J. Quant. Criminol.</i> 33, 569-594; Weisburd (2015) "
                                    "<i>Criminology</i> 53, 133-157; Mehlhorn (1988) <i>Inf. Process. Lett.</i> 27, "
                                    "125-128; Johnson, Minkoff &amp; Phillips (2000) <i>Proc. SODA</i> 760-769; "
                                    "Mulvey &amp; Beck (1984) <i>Eur. J. Oper. Res.</i> 18, 339-348; Hartigan &amp; "
                                    "Wong (1979) <i>Appl. Stat.</i> 28, 100-108."),
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
            parts = line_parts(geometry)
            lines.extend(parts)
            risk.extend([float(value)] * len(parts))
        expected = self.parameterAsEnum(parameters, self.RISK_MEASURE, context) == 0
        with self.method_errors():
            net, kept = network_of_edges(lines)
            plan = plan_patrol_routes(
                net, np.asarray(risk)[kept], self.parameterAsDouble(parameters, self.BUDGET, context),
                BUDGET_UNITS[self.parameterAsEnum(parameters, self.BUDGET_UNIT, context)],
                units=self.parameterAsInt(parameters, self.UNITS, context),
                min_route_length=self.parameterAsDouble(parameters, self.MIN_ROUTE_LENGTH, context),
                max_gap=self.parameterAsDouble(parameters, self.MAX_GAP, context),
                expected_per_lixel=expected,
                tolerance=self.parameterAsDouble(parameters, self.BALANCE_TOLERANCE, context) / 100.0)
        self._log(plan, expected, feedback)
        taken = np.flatnonzero(plan.route > 0)
        shapes = net.lixel_polylines(taken)
        geometries = []
        for route in plan.routes:
            members = np.flatnonzero(plan.route[taken] == route["rank"])
            parts = [[QgsPointXY(x, y) for x, y in shapes[i]] for i in members]
            geometries.append(QgsGeometry.fromMultiPolylineXY(parts).mergeLines())  # lixels joined into lines
        self.check_cancelled(feedback)
        destination = write_table(self, parameters, self.OUTPUT, context, plan.routes, ROUTE_COLUMNS, geometries,
                                  QgsWkbTypes.Type.MultiLineString, crs)
        if self._wants_style(parameters, context):
            style_vector_output(destination, route_style(plan.parameters["units"]), context,
                                fields_for(plan.routes, ROUTE_COLUMNS), "MultiLineString", crs)
        self.name_output(destination, self.tr("Patrol routes"), context)
        ratio = plan.parameters["unit_length_ratio"]  # infinite when a unit has no route
        return {self.OUTPUT: destination, "ROUTES": len(plan.routes), "LENGTH_M": plan.parameters["length_taken_m"],
                "RISK_SHARE": plan.parameters["risk_share"], "UNIT_LENGTH_RATIO": ratio if math.isfinite(ratio) else None}

    def _log(self, plan, expected: bool, feedback) -> None:
        """Routes, units, balance and the price of connected routes, in the reader's numbers."""
        p = plan.parameters
        km = (lambda metres: format_number(metres / 1000))
        feedback.pushInfo(self.tr("{} routes, {} km of street taken of a budget of {} km.").format(
            len(plan.routes), km(p["length_taken_m"]), km(p["budget_m"])))
        feedback.pushInfo(self.tr(
            "Marginal risk per km (the last street the budget buys): {}; routes joined through gaps of up to {} m, "
            "routes shorter than {} m dropped; {} rounds.").format(
            format_number(p["marginal_risk_per_km"]), format_number(p["max_gap_m"]),
            format_number(p["min_route_length_m"]), p["rounds"]))
        feedback.pushInfo(self.tr(
            "The routes hold {} of the risk on the network; the riskiest pieces alone, unconnected, would hold {} "
            "within the same budget (price of connected routes: {} of that risk).").format(
            format_share(p["risk_share"]), format_share(p["top_lixels_share"]), format_share(p["connectivity_price"])))
        what = self.tr("expected events") if expected else self.tr("risk")
        for row in plan.units:
            feedback.pushInfo(self.tr("Unit {}: {} routes, {} km, {} {} ({} of the network's total).").format(
                row["unit"], row["routes"], km(row["length_m"]), what, format_number(row["total_risk"]),
                format_share(row["share_of_risk"])))
        if len(plan.units) > 1:
            feedback.pushInfo(self.tr("Longest unit's length over the shortest's: {} (tolerance {}).").format(
                format_number(p["unit_length_ratio"]), format_share(p["tolerance"])))
        idle = [row["unit"] for row in plan.units if row["routes"] == 0]
        if idle:
            feedback.pushWarning(self.tr(
                "Units {} have no route: the budget makes fewer routes than units. Lower the number of units or "
                "raise the budget.").format(", ".join(str(u) for u in idle)))
        if p["routes"] > p["routes_before_cuts"]:
            feedback.pushInfo(self.tr("{} routes were cut into {} to balance the units.").format(
                p["routes_before_cuts"], p["routes"]))
        if p["budget_m"] - p["length_taken_m"] > 0.01 * p["budget_m"]:
            feedback.pushWarning(self.tr(
                "{} km of the budget are unused: no street with a risk above 0 could extend a route or start one of "
                "the shortest route's length. Lower the shortest route or the budget.").format(
                km(p["budget_m"] - p["length_taken_m"])))
