"""Reading point features into plain arrays, fast where the data allows it.

Two readers give the same :class:`RawEvents`:

* a columnar reader through GDAL's Arrow interface (GDAL >= 3.6) for layers of the
  ``ogr`` provider (GeoPackage, Shapefile, FlatGeobuf...) read whole: about a million
  points in a fraction of a second;
* the QGIS feature iterator for every other case (selected features only, memory or
  database layers, virtual fields, unsaved edits).

Multi-point features give one event per point, each with the feature's attributes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, ogr
from qgis.core import (
    QgsFeatureRequest,
    QgsFeedback,
    QgsFields,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from ..i18n import tr

_WKB_POINT_2D = bytes([1, 1, 0, 0, 0])  # little-endian, type 1 (Point)


@dataclass
class RawEvents:
    """Coordinates in the layer's CRS (NaN for empty geometries) and raw attribute columns."""

    x: np.ndarray
    y: np.ndarray
    columns: dict[str, np.ndarray]
    features: int
    reader: str


def read_points(source, layer: QgsVectorLayer | None, fields: list[str], whole_layer: bool,
                feedback: QgsFeedback | None = None) -> RawEvents:
    """Read the point features of ``source`` with the attribute ``fields``.

    ``layer`` and ``whole_layer`` (no selection or limit applies) decide whether the
    columnar reader may be used; the result is the same either way.
    """
    if whole_layer and layer is not None:
        raw = _read_with_arrow(layer, fields, feedback)
        if raw is not None:
            return raw
    return _read_with_iterator(source, fields, feedback)


def _arrow_eligible(layer: QgsVectorLayer, fields: list[str]) -> bool:
    if layer.providerType() != "ogr" or int(gdal.VersionInfo()) < 3060000 or layer.isModified():
        return False
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    if any(parts.get(key) for key in ("geometryType", "subset", "uniqueGeometryType")):
        return False  # a filter of the provider (e.g. |geometrytype=Point) this reader cannot apply
    layer_fields: QgsFields = layer.fields()
    for name in fields:
        index = layer_fields.indexOf(name)
        if index < 0 or layer_fields.fieldOrigin(index) != QgsFields.FieldOrigin.OriginProvider:
            return False
    return True


def _open_ogr_layer(layer: QgsVectorLayer):
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    dataset = ogr.Open(parts.get("path", ""))
    if dataset is None:
        return None, None
    if parts.get("layerName"):
        ogr_layer = dataset.GetLayerByName(parts["layerName"])
    else:
        ogr_layer = dataset.GetLayer(int(parts.get("layerId") or 0))
    if ogr_layer is None:
        return None, None
    subset = layer.subsetString()
    if subset and ogr_layer.SetAttributeFilter(subset) != 0:
        return None, None
    return dataset, ogr_layer


def _read_with_arrow(layer: QgsVectorLayer, fields: list[str], feedback: QgsFeedback | None = None
                     ) -> RawEvents | None:
    """The layer read through GDAL's Arrow stream, or None when the feature iterator must read it instead
    (not eligible, an error, or fewer features than the layer holds, e.g. corrupted data pages)."""
    if not _arrow_eligible(layer, fields):
        return None
    try:
        dataset, ogr_layer = _open_ogr_layer(layer)
        if ogr_layer is None or not ogr_layer.GetGeometryColumn():
            return None
        definition = ogr_layer.GetLayerDefn()
        all_fields = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        if not all_fields:
            return None  # GDAL 3.6 returns empty geometries for a layer without attributes
        # GDAL 3.6 returns empty geometries when every attribute is ignored: keep one.
        kept = fields or all_fields[:1]
        ogr_layer.SetIgnoredFields([f for f in all_fields if f not in kept])
        expected = ogr_layer.GetFeatureCount()
        raw = _arrow_batches(ogr_layer, fields, feedback)
        del ogr_layer, dataset
    except (RuntimeError, KeyError, ValueError):
        return None
    if raw is None or (raw.features != expected and not _canceled(feedback)):
        return None  # an empty batch before the end, or a count that disagrees: let the iterator read it
    if raw.features and not np.isfinite(raw.x).any():
        return None  # no geometry came through this reader: let the feature iterator decide
    return raw


def _canceled(feedback: QgsFeedback | None) -> bool:
    return feedback is not None and feedback.isCanceled()


def _arrow_batches(ogr_layer, fields: list[str], feedback: QgsFeedback | None) -> RawEvents | None:
    """Every batch of the Arrow stream; the loop ends on the first empty batch and on cancel."""
    geometry_name = ogr_layer.GetGeometryColumn()
    xs, ys, chunks = [], [], {name: [] for name in fields}
    features = 0
    # Masked arrays: without them GDAL fills NULLs with 1970-01-01, 0 or "", which would pass as real values.
    stream = ogr_layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=YES", "INCLUDE_FID=NO"])
    for batch in stream:
        if _canceled(feedback):
            break
        geometries = _unmasked(batch.get(geometry_name)) if batch is not None else None
        if geometries is None or len(geometries) == 0:
            break  # GDAL 3.6 may return empty batches forever on corrupted pages
        x, y, repeat = _points_from_wkb(geometries)
        features += len(repeat)
        xs.append(x)
        ys.append(y)
        for name in fields:
            chunks[name].append(np.repeat(_column_values(batch[name]), repeat))
    del stream
    columns = {name: np.concatenate(parts) if parts else np.empty(0, dtype=object) for name, parts in chunks.items()}
    return RawEvents(x=_concat(xs), y=_concat(ys), columns=columns, features=features, reader="GDAL Arrow")


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0)


def _unmasked(values):
    """A masked Arrow column as a plain array whose NULLs are NaT (dates), NaN (numbers) or None (others)."""
    if not np.ma.isMaskedArray(values):
        return values
    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if not mask.any():
        return data
    kind = data.dtype.kind
    if kind == "M":
        return np.where(mask, np.datetime64("NaT"), data).astype(data.dtype)
    if kind in "fiub":
        return np.where(mask, np.nan, data.astype(np.float64))
    out = data.astype(object)
    out[mask] = None
    return out


def _column_values(values: np.ndarray) -> np.ndarray:
    """Arrow columns come as typed arrays (NULLs as NaT, NaN or None); strings as object arrays."""
    values = _unmasked(values)
    if values.dtype.kind in "OS":
        return np.array([v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in values], dtype=object)
    return values


def _points_from_wkb(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coordinates of every point in a batch of WKB geometries and how many points each holds."""
    if geometries.dtype.kind == "V" and geometries.dtype.itemsize == 21:
        raw = np.frombuffer(geometries.tobytes(), dtype=np.uint8).reshape(-1, 21)
        if np.all(raw[:, :5] == np.frombuffer(_WKB_POINT_2D, dtype=np.uint8)):
            xy = raw[:, 5:21].copy().view("<f8")
            return xy[:, 0].copy(), xy[:, 1].copy(), np.ones(len(raw), dtype=np.int64)
    sizes = np.fromiter((len(g) if g is not None else 0 for g in geometries), dtype=np.int64, count=len(geometries))
    if sizes.size and np.all(sizes == 21):
        joined = np.frombuffer(b"".join(geometries), dtype=np.uint8).reshape(-1, 21)
        if np.all(joined[:, :5] == np.frombuffer(_WKB_POINT_2D, dtype=np.uint8)):
            xy = joined[:, 5:21].copy().view("<f8")
            return xy[:, 0].copy(), xy[:, 1].copy(), np.ones(len(joined), dtype=np.int64)
    xs, ys, repeat = [], [], []
    for blob in geometries:
        points = _points_of(ogr.CreateGeometryFromWkb(bytes(blob)) if blob is not None and len(blob) else None)
        repeat.append(max(1, len(points)))
        points = points or [(np.nan, np.nan)]
        xs += [p[0] for p in points]
        ys += [p[1] for p in points]
    return np.array(xs, dtype=float), np.array(ys, dtype=float), np.array(repeat, dtype=np.int64)


def _points_of(geometry) -> list[tuple[float, float]]:
    if geometry is None or geometry.IsEmpty():
        return []
    if geometry.GetGeometryCount() == 0:
        return [(geometry.GetX(), geometry.GetY())]
    return [(geometry.GetGeometryRef(i).GetX(), geometry.GetGeometryRef(i).GetY())
            for i in range(geometry.GetGeometryCount())]


def _read_with_iterator(source, fields: list[str], feedback: QgsFeedback | None) -> RawEvents:
    source_fields = source.fields()
    indices = [source_fields.lookupField(name) for name in fields]
    request = QgsFeatureRequest().setSubsetOfAttributes([i for i in indices if i >= 0])
    total = max(1, source.featureCount())
    xs, ys = [], []
    values = {name: [] for name in fields}
    features = 0
    for feature in source.getFeatures(request):
        features += 1
        if features % 2000 == 0 and feedback is not None:
            if feedback.isCanceled():
                break
            feedback.setProgress(min(99.0, 100.0 * features / total))
        points = _feature_points(feature.geometry())
        attributes = [_plain(feature.attribute(i)) if i >= 0 else None for i in indices]
        for x, y in points or [(np.nan, np.nan)]:
            xs.append(x)
            ys.append(y)
            for name, value in zip(fields, attributes):
                values[name].append(value)
    columns = {name: np.array(column, dtype=object) for name, column in values.items()}
    return RawEvents(x=np.array(xs, dtype=float), y=np.array(ys, dtype=float), columns=columns,
                     features=features, reader=tr("QGIS feature iterator"))


def _feature_points(geometry) -> list[tuple[float, float]]:
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return []
    if QgsWkbTypes.geometryType(geometry.wkbType()) != QgsWkbTypes.GeometryType.PointGeometry:
        return []
    if geometry.isMultipart():
        return [(p.x(), p.y()) for p in geometry.asMultiPoint()]
    point = geometry.asPoint()
    return [(point.x(), point.y())]


def _plain(value):
    """QGIS attribute value as a plain Python value (NULL becomes None)."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        # The clock time as stored, never through the machine's time zone: a local time in a daylight-saving
        # gap (02:30 on the spring-forward night) makes the QDateTime "invalid" but is a real record.
        date, time = value.date(), value.time()
        if not date.isValid():
            return None
        clock = time if time.isValid() else QTime(0, 0)
        return dt.datetime(date.year(), date.month(), date.day(), clock.hour(), clock.minute(), clock.second(),
                           clock.msec() * 1000)
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, QTime):
        return value.hour() + value.minute() / 60 + value.second() / 3600 if value.isValid() else None
    return value
