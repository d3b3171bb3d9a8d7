"""Zones of a polygon layer (districts, beats...): read in the working CRS, events assigned to them.

Assignment is a point-in-polygon test by the even-odd (ray casting) rule over every ring
of a zone's polygons, so holes are outside and the parts of a multi-polygon are inside
(Shimrat 1962, "Algorithm 112: Position of point relative to polygon", CACM 5(8), 434).
It runs vectorised over the events, edge by edge, on the events inside the zone's
bounding box only. An event in several (overlapping) zones goes to the first of them;
an event on a boundary may fall on either side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..i18n import tr

#: Zone id of an event outside every zone.
OUTSIDE = -1


@dataclass
class Zones:
    """One entry per zone: its label and its rings (closed ``[k, 2]`` vertex arrays), in the working CRS."""

    labels: list[str]
    rings: list[list[np.ndarray]]

    def __len__(self) -> int:
        return len(self.labels)

    def box(self, index: int) -> tuple[float, float, float, float]:
        vertices = np.concatenate(self.rings[index])
        return (float(vertices[:, 0].min()), float(vertices[:, 1].min()),
                float(vertices[:, 0].max()), float(vertices[:, 1].max()))


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
    transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
    request = QgsFeatureRequest()
    request.setSubsetOfAttributes([field] if field else [], source.fields())
    rings_of: dict[str, list[np.ndarray]] = {}
    for feature in source.getFeatures(request):
        geometry = feature.geometry()
        if geometry.isNull() or geometry.isEmpty():
            continue
        geometry.transform(transform)
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


def inside_rings(x: np.ndarray, y: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Bool per point: inside by the even-odd rule over all ``rings`` (a ray cast towards +x)."""
    inside = np.zeros(x.shape, dtype=bool)
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:]):
            if y0 == y1:
                continue  # a horizontal edge never crosses the ray
            straddles = (y0 > y) != (y1 > y)
            crossing_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            inside ^= straddles & (x < crossing_x)
    return inside


def assign_zones(x: np.ndarray, y: np.ndarray, zones: Zones) -> np.ndarray:
    """Zone index (int64, into ``zones.labels``) of each point, :data:`OUTSIDE` when in no zone."""
    zone = np.full(x.shape, OUTSIDE, dtype=np.int64)
    for index in range(len(zones)):
        xmin, ymin, xmax, ymax = zones.box(index)
        candidates = np.nonzero((zone == OUTSIDE) & (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax))[0]
        if candidates.size:
            hit = inside_rings(x[candidates], y[candidates], zones.rings[index])
            zone[candidates[hit]] = index
    return zone
