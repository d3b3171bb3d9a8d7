"""Zones of a polygon layer (districts, beats...) read in the working CRS as the rings of
:class:`~...algorithms.zones.Zones` (events are assigned to them there)."""

from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...algorithms.zones import Zones
from ..i18n import tr
from .crs import reprojected


def polygon_rings(geometry: QgsGeometry) -> list[np.ndarray]:
    """Every ring (outer and holes) of a (multi)polygon as closed ``[k, 2]`` arrays; curves are segmentised."""
    if geometry.constGet().hasCurvedSegments():
        geometry = QgsGeometry(geometry.constGet().segmentize())
    polygons = geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]
    rings = []
    for polygon in polygons:
        for ring in polygon:
            vertices = np.array([(p.x(), p.y()) for p in ring], dtype=np.float64)
            if vertices.shape[0] >= 3:
                if not np.array_equal(vertices[0], vertices[-1]):
                    vertices = np.vstack([vertices, vertices[:1]])
                rings.append(vertices)
    return rings


def read_zones(source, field: str, crs: QgsCoordinateReferenceSystem, context: QgsProcessingContext) -> Zones:
    """Zones of ``source`` in ``crs``: features sharing a ``field`` value form one zone (each
    feature is a zone, labelled by its id, when ``field`` is empty). Refuses a layer without polygons."""
    geometry_type = QgsWkbTypes.geometryType(source.wkbType())
    if geometry_type != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise QgsProcessingException(tr(
            "The zones layer holds {} geometries; zones must be polygons (e.g. districts or patrol beats). "
            "Choose a polygon layer, or leave the zones empty for trends over the whole area."
        ).format(QgsWkbTypes.geometryDisplayString(geometry_type)))
    if field and source.fields().lookupField(field) < 0:
        raise QgsProcessingException(tr("Field '{}' is not in the zones layer.").format(field))
    request = QgsFeatureRequest()
    request.setSubsetOfAttributes([field] if field else [], source.fields())
    rings_of: dict[str, list[np.ndarray]] = {}
    for feature, geometry in reprojected(source.getFeatures(request), source.sourceCrs(), crs,
                                         context.transformContext()):
        if geometry is None:
            continue  # a zone that cannot be placed in the working CRS holds no event
        value = feature[field] if field else feature.id()
        label = tr("(no value)") if _is_null(value) else str(value)
        rings_of.setdefault(label, []).extend(polygon_rings(geometry))
    rings_of = {label: rings for label, rings in rings_of.items() if rings}
    if not rings_of:
        raise QgsProcessingException(tr("The zones layer has no polygon: it covers nothing. Choose a layer "
                                        "with zone polygons."))
    return Zones(labels=list(rings_of), rings=list(rings_of.values()))


def _is_null(value) -> bool:
    return value is None or (isinstance(value, QVariant) and value.isNull())
