"""Choosing the metric CRS an analysis runs in, and moving coordinates into it."""

from __future__ import annotations

import math
from typing import Iterable, Iterator

import numpy as np
from osgeo import osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsUnitTypes,
)

from ..i18n import tr
from ..reports.numbers import format_decimal

#: Widest longitude span (degrees) for which one UTM zone is still a fair metric frame.
MAX_UTM_SPAN_DEGREES = 12.0


def is_metric_projected(crs: QgsCoordinateReferenceSystem) -> bool:
    return (crs.isValid() and not crs.isGeographic()
            and crs.mapUnits() == QgsUnitTypes.DistanceUnit.DistanceMeters)


def utm_crs_for(lon: np.ndarray, lat: np.ndarray) -> QgsCoordinateReferenceSystem:
    """WGS 84 / UTM zone of the centre of the given longitudes and latitudes."""
    lon_min, lon_max = float(np.nanmin(lon)), float(np.nanmax(lon))
    lat_centre = float(np.nanmedian(lat))
    if lon_min < -180.5 or lon_max > 360.5 or np.nanmin(lat) < -90.5 or np.nanmax(lat) > 90.5:
        raise QgsProcessingException(tr(
            "The events' coordinates (e.g. {}, {}) are not longitudes and latitudes, though the layer's CRS "
            "says degrees: the layer's CRS is missing or wrong. Set the CRS the coordinates are really in "
            "(Layer Properties > Source, or Vector > Data Management Tools > Assign Projection) and run again."
        ).format(format_decimal(float(np.nanmedian(lon)), 0), format_decimal(float(np.nanmedian(lat)), 0)))
    if lon_max - lon_min > MAX_UTM_SPAN_DEGREES or abs(lat_centre) > 84:
        raise QgsProcessingException(tr(
            "The events span {}° of longitude (or lie near a pole): no single UTM zone fits them. "
            "Choose a projected, metric CRS for the study area in 'Target CRS'."
        ).format(format_decimal(lon_max - lon_min, 1)))
    zone = int(np.floor((float(np.nanmedian(lon)) + 180.0) / 6.0)) % 60 + 1
    epsg = (32600 if lat_centre >= 0 else 32700) + zone
    return QgsCoordinateReferenceSystem(f"EPSG:{epsg}")


def _osr(crs: QgsCoordinateReferenceSystem) -> osr.SpatialReference:
    reference = osr.SpatialReference()
    reference.ImportFromWkt(crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL))
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def transform_xy(x: np.ndarray, y: np.ndarray, source: QgsCoordinateReferenceSystem,
                 target: QgsCoordinateReferenceSystem) -> tuple[np.ndarray, np.ndarray]:
    """Reproject coordinate arrays (vectorised through PROJ); points that fail become NaN."""
    if source == target or x.size == 0:
        return x, y
    transform = osr.CoordinateTransformation(_osr(source), _osr(target))
    out = np.asarray(transform.TransformPoints(np.column_stack([x, y])), dtype=np.float64)
    bad = ~np.isfinite(out[:, :2]).all(axis=1) | (np.abs(out[:, :2]) > 1e20).any(axis=1)
    out[bad, :2] = np.nan
    return out[:, 0].copy(), out[:, 1].copy()


def working_crs(source: QgsCoordinateReferenceSystem, target: QgsCoordinateReferenceSystem | None,
                x: np.ndarray, y: np.ndarray) -> tuple[QgsCoordinateReferenceSystem, str]:
    """The metric CRS to work in, and a log line that says why it was chosen."""
    if not source.isValid():
        raise QgsProcessingException(tr(
            "The events layer has no CRS, so distances cannot be measured. Set the layer's CRS "
            "(Layer Properties > Source) and run again."))
    if target is not None and target.isValid():
        if not is_metric_projected(target):
            raise QgsProcessingException(tr(
                "Target CRS {} is not a projected CRS in metres; distances need one "
                "(for example the national grid or the UTM zone of the study area)."
            ).format(target.authid()))
        return target, tr("Working CRS: {} (the target CRS you chose).").format(target.authid())
    if is_metric_projected(source):
        return source, tr("Working CRS: {} (the layer's own CRS).").format(source.authid())
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    lon, lat = transform_xy(x, y, source, wgs84)
    if not np.isfinite(lon).any():
        raise QgsProcessingException(tr("No event has coordinates that can be reprojected."))
    utm = utm_crs_for(lon, lat)
    reason = tr("geographic (degrees)") if source.isGeographic() else tr("not in metres")
    return utm, tr("The layer's CRS {} is {}: events reprojected to {} ({}), the UTM zone of their centre. "
                   "Set 'Target CRS' to choose another.").format(
        source.authid(), reason, utm.authid(), utm.description())


def reprojected(features: Iterable[QgsFeature], source: QgsCoordinateReferenceSystem,
                target: QgsCoordinateReferenceSystem,
                transform_context: QgsCoordinateTransformContext) -> Iterator[tuple[QgsFeature, QgsGeometry | None]]:
    """Each feature with a geometry, and that geometry in ``target``; None when it cannot be placed there
    (the transformation fails or gives coordinates that are not finite). Empty geometries are skipped."""
    transform = QgsCoordinateTransform(source, target, transform_context)
    for feature in features:
        geometry = feature.geometry()
        if geometry.isNull() or geometry.isEmpty():
            continue
        try:
            geometry.transform(transform)
        except QgsCsException:
            yield feature, None
            continue
        box = geometry.boundingBox()
        finite = all(math.isfinite(v) for v in (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()))
        yield feature, geometry if finite else None
