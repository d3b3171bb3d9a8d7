"""Reading point features into plain arrays, fast where the data allows it.

Three readers give the same :class:`RawEvents`:

* a columnar reader through GDAL's Arrow interface (GDAL >= 3.6) for layers of the
  ``ogr`` provider (GeoPackage, Shapefile, FlatGeobuf...) read whole: about a million
  points in a fraction of a second;
* a plain CSV delimited-text layer's X, Y and requested columns read from its file
  (delimited.py), converted as the provider converts them;
* the QGIS feature iterator for every other case (selected features only, memory or
  database layers, virtual fields, unsaved edits), asking only for the needed attributes.

Multi-point features give one event per point, each with the feature's attributes.

An optional QGIS expression (:class:`FlagExpression`) gives one True/False per event (its
feature's). The feature iterator evaluates it on each feature as it reads it. The Arrow reader
keeps each event's feature id and QGIS lists the ids where the expression holds (a filter
request without geometry unless the expression needs it: 0.3 s for 200,000 GeoPackage points,
where the iterator would take 4.5 s to read them); a CSV, or a layer with a subset string
(whose feature ids QGIS may renumber), goes to the iterator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, ogr
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsFeatureRequest,
    QgsFeedback,
    QgsFields,
    QgsPoint,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from ..i18n import tr
from .delimited import read_delimited

_WKB_POINT_2D = bytes([1, 1, 0, 0, 0])  # little-endian, type 1 (Point)
_PLAIN_TYPES = (str, int, float)  # attribute values that need no conversion


@dataclass
class RawEvents:
    """Coordinates in the layer's CRS (NaN for empty geometries) and raw attribute columns."""

    x: np.ndarray
    y: np.ndarray
    columns: dict[str, np.ndarray]
    features: int
    reader: str
    flags: np.ndarray | None = None  # one bool per event: the flag expression's result (None: none asked)
    fids: np.ndarray | None = None  # each event's feature id (Arrow reader only)


@dataclass
class FlagExpression:
    """A prepared QGIS expression evaluated per feature; NULL, errors and false values give False."""

    expression: QgsExpression
    context: QgsExpressionContext

    def attributes(self, fields: QgsFields) -> list[int] | None:
        """Indices of the attributes the expression reads, or None when it may read any."""
        names = self.expression.referencedColumns()
        if QgsFeatureRequest.ALL_ATTRIBUTES in names:
            return None
        return [index for index in (fields.lookupField(name) for name in names) if index >= 0]

    def holding_ids(self, source) -> np.ndarray:
        """The ids of the features of ``source`` where the expression holds (QGIS filters them)."""
        request = QgsFeatureRequest().setFilterExpression(self.expression.expression())
        request.setExpressionContext(self.context)
        wanted = self.attributes(source.fields())
        if wanted is not None:
            request.setSubsetOfAttributes(wanted)
        if not self.expression.needsGeometry():
            request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        return np.fromiter((feature.id() for feature in source.getFeatures(request)), dtype=np.int64)

    def holds(self, feature) -> bool:
        """The expression's value for ``feature`` as a filter reads it (QVariant's truth)."""
        self.context.setFeature(feature)
        value = self.expression.evaluate(self.context)
        return not self.expression.hasEvalError() and _truth(value)


def _truth(value) -> bool:
    """A value as a feature filter reads it (QVariant::toBool): NULL, 0, "", "0" and "false" are false."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return False
    if isinstance(value, str):
        return value.lower() not in ("", "0", "false")
    return bool(value)


def read_points(source, layer: QgsVectorLayer | None, fields: list[str], whole_layer: bool,
                feedback: QgsFeedback | None = None, flag: FlagExpression | None = None) -> RawEvents:
    """Read the point features of ``source`` with the attribute ``fields``.

    ``layer`` and ``whole_layer`` (no selection or limit applies) decide whether the
    columnar reader may be used; the result is the same either way. With ``flag``, the
    result's ``flags`` hold the expression's value for each event (read by the iterator).
    """
    if whole_layer and layer is not None:
        raw = _read_with_arrow(layer, fields, feedback)
        if raw is None and flag is None:
            raw = _read_delimited_text(layer, fields, feedback)
        if raw is not None and flag is not None:
            raw = _flagged(raw, source, layer, flag)
        if raw is not None:
            return raw
    return _read_with_iterator(source, fields, feedback, flag)


def _flagged(raw: RawEvents, source, layer: QgsVectorLayer, flag: FlagExpression) -> RawEvents | None:
    """``raw`` with the flags of its feature ids, or None (read by the iterator) when its ids may not be
    QGIS's: no ids, or a subset string (with one, QGIS renumbers a Shapefile's features)."""
    if raw.fids is None or layer.subsetString().strip():
        return None
    holding = flag.holding_ids(source)
    if not np.isin(holding, raw.fids).all():
        return None
    raw.flags = np.isin(raw.fids, holding)
    return raw


def _arrow_eligible(layer: QgsVectorLayer, fields: list[str]) -> bool:
    if layer.providerType() != "ogr" or int(gdal.VersionInfo()) < 3060000 or layer.isModified():
        return False
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    if any(parts.get(key) for key in ("geometryType", "uniqueGeometryType")):
        return False  # a filter of the provider (e.g. |geometrytype=Point) this reader cannot apply
    if layer.subsetString().lstrip()[:7].upper() == "SELECT ":
        return False  # a whole SQL query, which the provider runs instead of the layer
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
        if ogr_layer is None or ogr_layer.GetLayerDefn().GetGeomFieldCount() != 1:
            return None
        definition = ogr_layer.GetLayerDefn()
        all_fields = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        ogr_layer.SetIgnoredFields([f for f in all_fields if f not in fields])
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


def _read_delimited_text(layer: QgsVectorLayer, fields: list[str], feedback: QgsFeedback | None = None
                         ) -> RawEvents | None:
    """A plain CSV point layer read from its file (see delimited.py), or None when the iterator must read it."""
    read = read_delimited(layer, fields, feedback)
    if read is None:
        return None
    x, y, columns = read
    return RawEvents(x=x, y=y, columns=columns, features=x.size, reader="GDAL CSV")


def _canceled(feedback: QgsFeedback | None) -> bool:
    return feedback is not None and feedback.isCanceled()


def _arrow_batches(ogr_layer, fields: list[str], feedback: QgsFeedback | None) -> RawEvents | None:
    """Every batch of the Arrow stream; the loop ends on the first empty batch and on cancel."""
    geometry_name = ogr_layer.GetGeometryColumn() or "wkb_geometry"  # GDAL's name for an unnamed one (Shapefile)
    fid_name = ogr_layer.GetFIDColumn() or "OGC_FID"  # likewise
    xs, ys, fids, chunks = [], [], [], {name: [] for name in fields}
    features = 0
    # Masked arrays: without them GDAL fills NULLs with 1970-01-01, 0 or "", which would pass as real values.
    # INCLUDE_FID=YES (GDAL's default, said aloud): GDAL 3.6 returns empty geometries when a batch has no other
    # column (a layer without attribute fields, or every field ignored); the FID column is simply not read.
    stream = ogr_layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=YES", "INCLUDE_FID=YES"])
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
        if fids is not None and fid_name in batch:
            fids.append(np.repeat(np.asarray(_unmasked(batch[fid_name]), dtype=np.int64), repeat))
        else:
            fids = None
        for name in fields:
            chunks[name].append(np.repeat(_column_values(batch[name]), repeat))
    del stream
    columns = {name: np.concatenate(parts) if parts else np.empty(0, dtype=object) for name, parts in chunks.items()}
    return RawEvents(x=_concat(xs), y=_concat(ys), columns=columns, features=features, reader="GDAL Arrow",
                     fids=None if fids is None else np.concatenate(fids) if fids else np.empty(0, dtype=np.int64))


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


def _read_with_iterator(source, fields: list[str], feedback: QgsFeedback | None,
                        flag: FlagExpression | None = None) -> RawEvents:
    source_fields = source.fields()
    indices = [source_fields.lookupField(name) for name in fields]
    request = QgsFeatureRequest()
    wanted = flag.attributes(source_fields) if flag is not None else []
    if wanted is not None:
        request.setSubsetOfAttributes(sorted({i for i in indices if i >= 0} | set(wanted)))
    total = max(1, source.featureCount())
    xs, ys, flags = [], [], []
    values = {name: [] for name in fields}
    features = 0
    for feature in source.getFeatures(request):
        features += 1
        if features % 5000 == 0 and feedback is not None:
            if feedback.isCanceled():
                break
            feedback.setProgress(min(99.0, 100.0 * features / total))
        geometry = feature.geometry()
        point = None if geometry.isNull() else geometry.constGet()
        holds = flag.holds(feature) if flag is not None else False
        if isinstance(point, QgsPoint):  # the common case, without building a point list (an empty one is NaN)
            flags.append(holds)
            xs.append(point.x())
            ys.append(point.y())
            if indices:
                row = feature.attributes()
                for name, i in zip(fields, indices):
                    values[name].append(_plain(row[i]) if i >= 0 else None)
            continue
        points = _feature_points(geometry)
        row = feature.attributes()
        attributes = [_plain(row[i]) if i >= 0 else None for i in indices]
        for x, y in points or [(np.nan, np.nan)]:
            flags.append(holds)
            xs.append(x)
            ys.append(y)
            for name, value in zip(fields, attributes):
                values[name].append(value)
    columns = {name: np.array(column, dtype=object) for name, column in values.items()}
    return RawEvents(x=np.array(xs, dtype=float), y=np.array(ys, dtype=float), columns=columns,
                     features=features, reader=tr("QGIS feature iterator"),
                     flags=np.array(flags, dtype=bool) if flag is not None else None)


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
    if type(value) in _PLAIN_TYPES:
        return value
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        if value.isValid():
            return value.toPyDateTime()  # the clock time as stored, in one call
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
