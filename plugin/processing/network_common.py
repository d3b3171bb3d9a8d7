"""What the street-network algorithms share: the NETWORK input, building and snapping, and the
lixel line output styled by risk class of network length."""

from __future__ import annotations

import math

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsUnitTypes,
    QgsWkbTypes,
)

from ...algorithms.network import DEFAULT_LIXEL_LENGTH, NetworkRisk, StreetNetwork, build_network
from ...algorithms.network_score import length_percentile_classes
from ...algorithms.network_snap import DEFAULT_MAX_DISTANCE, SnappedEvents, snap_events
from ..io.tables import fields_for, write_table
from ..reports.numbers import format_number, format_share, format_value
from ..styling.network_styles import risk_class_style
from ..styling.vector_styles import style_vector_output
from .base import CrimeRiskAlgorithm

#: Memory guard: most lixels a run may build (about 1 GB of working arrays at the worst).
MAX_LIXELS = 3_000_000
LIXEL_COLUMNS = ["lixel", "street_segment", "length_m", "value", "risk_class"]


def metres_parameter(name: str, label: str, default: float, minimum: float) -> QgsProcessingParameterDistance:
    """A distance parameter in metres (the network's working CRS is always metric)."""
    parameter = QgsProcessingParameterDistance(name, label, default, minValue=minimum)
    parameter.setDefaultUnit(QgsUnitTypes.DistanceUnit.DistanceMeters)
    return parameter


def line_parts(geometry: QgsGeometry) -> list[np.ndarray]:
    """The ``[n, 2]`` vertex arrays of each part of a line geometry (made multi-part in place)."""
    geometry.convertToMultiType()
    return [np.array([[p.x(), p.y()] for p in part], dtype=np.float64) for part in geometry.asMultiPolyline()]


class NetworkAlgorithm(CrimeRiskAlgorithm):
    """Base of the network algorithms (no id of its own: the provider skips it)."""

    NETWORK = "NETWORK"
    LIXEL_LENGTH = "LIXEL_LENGTH"
    SNAP_DISTANCE = "SNAP_DISTANCE"
    NODE_CROSSINGS = "NODE_CROSSINGS"
    OUTPUT = "OUTPUT"

    def add_network_parameters(self, optional_help: str = "") -> None:
        """NETWORK, LIXEL_LENGTH, SNAP_DISTANCE and NODE_CROSSINGS; with ``optional_help`` (NETWORK's help
        text) the network is optional and its settings advanced."""
        optional = bool(optional_help)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.NETWORK, self.tr("Street network (lines)"),
                                                [QgsProcessing.SourceType.TypeVectorLine], optional=optional),
            optional_help or self.tr(
                "A line layer of streets (an OpenStreetMap export, a road database, a centreline). It is "
                "reprojected to the events' working CRS. Lines meet where they share an end point or a vertex."))
        self.add_parameter(metres_parameter(self.LIXEL_LENGTH, self.tr("Lixel length (metres)"),
                                            DEFAULT_LIXEL_LENGTH, 1.0), self.tr(
            "Streets are cut into pieces ('lixels') of at most this length between junctions, each carrying one "
            "value. Shorter pieces give finer maps and longer runs."), advanced=optional)
        self.add_parameter(metres_parameter(self.SNAP_DISTANCE, self.tr("Snapping distance (metres)"),
                                            DEFAULT_MAX_DISTANCE, 0.01), self.tr(
            "Each event moves to the nearest street within this distance; events farther from every street are "
            "dropped and counted in the log."), advanced=optional)
        self.add_parameter(
            QgsProcessingParameterBoolean(self.NODE_CROSSINGS, self.tr("Join streets where they cross"), False),
            self.tr("Off (default): streets meet only at shared end points or vertices, so a bridge does not meet "
                    "the road below. On: every crossing of two lines becomes a junction (for layers whose lines "
                    "run through junctions without a vertex there)."), advanced=True)

    def add_forecast_window(self) -> None:
        """AS_OF and HORIZON, as the grid forecasters declare them."""
        self.add_as_of_parameter()
        self.add_horizon_parameter(self.tr(
            "Length of the forecast period in days: 1 for the next day, 7 for the next week, 0.333 for an 8-hour "
            "shift."))

    def add_lixel_output(self, description: str) -> None:
        self.add_style_parameter()
        self.add_parameter(QgsProcessingParameterFeatureSink(self.OUTPUT, description,
                                                             QgsProcessing.SourceType.TypeVectorLine),
                           self.tr("The lixels as lines with their value and risk class (1 = top 1% of network "
                                   "length, 2 = 1-5%, 3 = 5-10%, 4 = 10-20%, 5 = 20-50%, 6 = the rest)."))

    # --- reading ------------------------------------------------------------------------------------
    def read_network(self, parameters: dict, context: QgsProcessingContext, feedback, crs) -> StreetNetwork:
        """The lixel network of NETWORK in ``crs`` (the events' working CRS); bad input refused."""
        source = self.parameterAsSource(parameters, self.NETWORK, context)
        if source is None:
            raise QgsProcessingException(self.tr("The street network layer could not be read: choose a line layer."))
        geometry_type = QgsWkbTypes.geometryType(source.wkbType())
        if geometry_type != QgsWkbTypes.GeometryType.LineGeometry:
            raise QgsProcessingException(self.tr(
                "NETWORK is a {} layer; it must be a line layer of streets (for example roads exported from "
                "OpenStreetMap).").format(QgsWkbTypes.geometryDisplayString(geometry_type)))
        if not source.sourceCrs().isValid():
            raise QgsProcessingException(self.tr(
                "The street network has no CRS: set it in the layer's properties and run again."))
        transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
        if source.sourceCrs() != crs:
            feedback.pushInfo(self.tr("Street network reprojected from {} to {}.").format(
                source.sourceCrs().authid(), crs.authid()))
        lines = []
        for feature in source.getFeatures():
            geometry = QgsGeometry(feature.geometry())
            if geometry.isEmpty():
                continue
            if not transform.isShortCircuited():
                geometry.transform(transform)
            lines.extend(line_parts(geometry))
        lixel_length = self.parameterAsDouble(parameters, self.LIXEL_LENGTH, context)
        self._check_size(lines, lixel_length)
        with self.method_errors():
            net = build_network(lines, lixel_length=lixel_length,
                                node_crossings=self.parameterAsBoolean(parameters, self.NODE_CROSSINGS, context))
        self._log_network(net, feedback)
        return net

    def _check_size(self, lines: list[np.ndarray], lixel_length: float) -> None:
        total = float(sum(np.hypot(*np.diff(xy, axis=0).T).sum() for xy in lines if xy.shape[0] > 1))
        if total <= 0:
            raise QgsProcessingException(self.tr("The street network holds no line of non-zero length."))
        if total / lixel_length > MAX_LIXELS:
            fits = math.ceil(total / MAX_LIXELS)
            raise QgsProcessingException(self.tr(
                "{} km of streets in lixels of {} m make more than {} lixels, past the memory guard: use a lixel "
                "length of at least {} m, or clip the network to the study area.").format(
                format_number(total / 1000), format_value(lixel_length), format_number(MAX_LIXELS), format_number(fits)))

    def _log_network(self, net: StreetNetwork, feedback) -> None:
        r = net.report
        feedback.pushInfo(self.tr("Street network: {} km, {} street segments, {} junctions, {} lixels of at most "
                                  "{} m.").format(format_number(r["total_length_m"] / 1000), format_number(
                                      r["street_segments"]), format_number(r["junctions"]), format_number(r["lixels"]),
                                      format_value(r["lixel_length_m"])))
        removed = r["zero_length_pieces_removed"] + r["duplicate_pieces_removed"] + r["lines_unusable"]
        if removed:
            feedback.pushWarning(self.tr(
                "Removed from the network: {} zero-length pieces (self-loops), {} pieces drawn twice, {} lines "
                "without two distinct points.").format(format_number(r["zero_length_pieces_removed"]),
                                                        format_number(r["duplicate_pieces_removed"]),
                                                        format_number(r["lines_unusable"])))
        if r["components"] > 1:
            feedback.pushWarning(self.tr(
                "The network falls in {} disconnected parts (the largest holds {} of its length; {} parts "
                "shorter than 50 m): risk does not spread between parts. Check for gaps, or join crossings "
                "(NODE_CROSSINGS).").format(format_number(r["components"]), format_share(r["largest_component_share"]),
                                            format_number(r["sliver_components"])))

    def snap(self, net: StreetNetwork, events, parameters: dict, context, feedback) -> SnappedEvents:
        """Events snapped to NETWORK; refused when none lies within the snapping distance."""
        distance = self.parameterAsDouble(parameters, self.SNAP_DISTANCE, context)
        with self.method_errors():
            snapped = snap_events(net, events.x, events.y, distance, progress=lambda _: not feedback.isCanceled())
        if not snapped.kept.any():
            raise QgsProcessingException(self.tr(
                "No event lies within {} m of a street of the network: check that the network covers the "
                "events' area (and its CRS), or raise the snapping distance (SNAP_DISTANCE).").format(
                    format_value(distance)))
        if snapped.dropped:
            feedback.pushWarning(self.tr("{} events farther than {} m from every street were dropped.").format(
                format_number(snapped.dropped), format_value(distance)))
        return snapped

    # --- writing ------------------------------------------------------------------------------------
    def write_lixels(self, risk: NetworkRisk, per_metre: np.ndarray, parameters: dict, context, crs,
                     title: str) -> str:
        """The lixels with their values (and risk classes by ``per_metre``) to OUTPUT, styled and
        named ``title`` when it loads."""
        net = risk.network
        classes = length_percentile_classes(per_metre, net.lixel_length)
        rows = [{"lixel": int(k), "street_segment": int(net.lixel_chain[k]), "length_m": float(net.lixel_length[k]),
                 "value": float(risk.values[k]), "risk_class": int(classes[k])} for k in range(net.n_lixels)]
        geometries = [QgsGeometry.fromPolylineXY([QgsPointXY(x, y) for x, y in line])
                      for line in net.lixel_polylines()]
        destination = write_table(self, parameters, self.OUTPUT, context, rows, LIXEL_COLUMNS, geometries,
                                  QgsWkbTypes.Type.LineString, crs)
        if self._wants_style(parameters, context):
            style_vector_output(destination, risk_class_style, context, fields_for(rows, LIXEL_COLUMNS),
                                "LineString", crs)
        self.name_output(destination, title, context)
        return destination
