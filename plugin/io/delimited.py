"""Reading a plain delimited-text (CSV) point layer straight from its file, as QGIS would read it.

The ``delimitedtext`` provider parses every row into a feature, one at a time; for a million rows
that takes seconds. When the layer is a plain CSV with X and Y columns, GDAL's CSV driver reads
the requested columns as text in batches, and this module converts them the way the provider
does: rows whose X or Y is empty are skipped (the provider drops them too), integers, decimals,
dates and date-times follow the layer's field types, empty values are NULL. Anything unusual
(a WKT or DMS geometry, a decimal comma, another quote character, a subset string, an encoding
other than UTF-8, a number the provider might read differently) returns None, and the feature
iterator reads the layer instead.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlparse

import numpy as np
from osgeo import gdal
from qgis.core import QgsFeedback, QgsFields, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

#: GDAL's CSV separators for the delimiters the provider's URI may name.
_SEPARATORS = {",": "COMMA", ";": "SEMICOLON", "\t": "TAB", "\\t": "TAB"}
#: URI keys whose presence (with these values, case-insensitive) changes nothing this reader must follow.
_HARMLESS = {"crs", "spatialindex", "subsetindex", "watchfile", "detecttypes", "maxfields"}
_REQUIRED_VALUES = {
    "type": {"csv", "delimiter"}, "quote": {'"'}, "escape": {'"'}, "useheader": {"yes"}, "trimfields": {"no"},
    "skiplines": {"0"}, "skipemptyfields": {"no"}, "decimalpoint": {"."}, "xydms": {"no"},
    "encoding": {"utf-8", "utf8"}, "geomtype": {"point"},
}
#: Bytes a plain decimal number may hold (the provider's number parser and numpy's agree on these).
_NUMBER_BYTES = np.frombuffer(b"0123456789.+-eE \t\0", dtype=np.uint8)
_BLANK_BYTES = np.frombuffer(b" \t\0", dtype=np.uint8)
_NUMERIC_TYPES = {QVariant.Type.Int, QVariant.Type.LongLong, QVariant.Type.UInt, QVariant.Type.ULongLong, QVariant.Type.Double}
_DATE_TYPES = {QVariant.Type.Date: "datetime64[D]", QVariant.Type.DateTime: "datetime64[ms]"}


@dataclass
class DelimitedSource:
    """What the layer's URI says about its file."""

    path: str
    separator: str
    x_field: str
    y_field: str


def delimited_source(layer: QgsVectorLayer) -> DelimitedSource | None:
    """The file and columns of a plain CSV point layer, or None when its URI asks for anything else."""
    if layer.providerType() != "delimitedtext" or layer.isModified() or layer.subsetString():
        return None
    uri = urlparse(layer.source())
    if uri.scheme not in ("file", ""):
        return None
    options = {key.lower(): value for key, value in parse_qsl(uri.query, keep_blank_values=True)}
    separator = _SEPARATORS.get(options.get("delimiter", ","))
    custom = options.get("type", "csv").lower() != "csv"
    if custom and not options.get("quote") == options.get("escape") == '"':
        return None  # custom delimiters: only with the CSV quote and escape characters
    x_field, y_field = options.get("xfield", ""), options.get("yfield", "")
    if separator is None or not x_field or not y_field or options.get("wktfield") or options.get("zfield") \
            or options.get("mfield"):
        return None
    for key, value in options.items():
        allowed = _REQUIRED_VALUES.get(key)
        if allowed is not None and value.lower() not in allowed and not (key == "encoding" and not value):
            return None
        if allowed is None and key not in _HARMLESS and key not in ("delimiter", "xfield", "yfield"):
            return None  # a setting this reader does not know: let the provider read the file
    return DelimitedSource(unquote(uri.path), separator, x_field, y_field)


def read_delimited(layer: QgsVectorLayer, fields: list[str], feedback: QgsFeedback | None = None
                   ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]] | None:
    """X, Y and the ``fields`` columns of every row the provider would return, or None to let it read."""
    source = delimited_source(layer)
    if source is None:
        return None
    layer_fields: QgsFields = layer.fields()
    wanted = [source.x_field, source.y_field, *fields]
    if any(layer_fields.indexOf(name) < 0 or layer_fields.fieldOrigin(layer_fields.indexOf(name))
           != QgsFields.FieldOrigin.OriginProvider for name in wanted):
        return None
    texts = _read_texts(source, [f.name() for f in layer_fields], list(dict.fromkeys(wanted)), feedback)
    if texts is None:
        return None
    try:
        return _converted(layer, source, texts, fields)
    except (AttributeError, TypeError, ValueError, UnicodeDecodeError):
        return None  # a value of a kind this reader did not expect: let the provider read the file


def _converted(layer: QgsVectorLayer, source: DelimitedSource, texts: dict[str, np.ndarray], fields: list[str]
               ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]] | None:
    """The rows the provider keeps, their coordinates and typed ``fields`` columns."""
    x, x_empty = _coordinates(texts[source.x_field])
    y, y_empty = _coordinates(texts[source.y_field])
    if x is None or y is None:
        return None
    rows = ~(x_empty | y_empty)  # the provider skips a row without X or Y
    if int(rows.sum()) != layer.featureCount():
        return None
    columns = {}
    for name in fields:
        values = _typed(texts[name][rows], layer.fields().field(name).type())
        if values is None:
            return None
        columns[name] = values
    return x[rows], y[rows], columns


def _read_texts(source: DelimitedSource, names: list[str], wanted: list[str], feedback: QgsFeedback | None
                ) -> dict[str, np.ndarray] | None:
    """The ``wanted`` columns as arrays of bytes (None for a missing value), read by GDAL's CSV driver."""
    try:
        dataset = gdal.OpenEx(f"CSV:{source.path}", gdal.OF_VECTOR | gdal.OF_READONLY,
                              allowed_drivers=["CSV"], open_options=[f"SEPARATOR={source.separator}", "AUTODETECT_TYPE=NO",
                                            "HEADERS=YES", "EMPTY_STRING_AS_NULL=YES"])
        if dataset is None or dataset.GetLayerCount() != 1:
            return None
        ogr_layer = dataset.GetLayer(0)
        definition = ogr_layer.GetLayerDefn()
        if [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())] != names:
            return None  # the driver names or counts the columns differently from the provider
        ogr_layer.SetIgnoredFields([name for name in names if name not in wanted])
        chunks: dict[str, list[np.ndarray]] = {name: [] for name in wanted}
        for batch in ogr_layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=NO", "USE_MASKED_ARRAYS=YES"]):
            if feedback is not None and feedback.isCanceled():
                return None
            for name in wanted:
                chunks[name].append(_with_none(batch[name]))
        del ogr_layer, dataset
    except (RuntimeError, KeyError, ValueError):
        return None
    return {name: np.concatenate(parts) if parts else np.empty(0, dtype=object)
            for name, parts in chunks.items()}


def _with_none(values) -> np.ndarray:
    """A (masked) column of texts as an object array of UTF-8 bytes with None where the value is missing."""
    data = np.asarray(np.ma.getdata(values), dtype=object).copy()
    if np.ma.isMaskedArray(values):
        data[np.ma.getmaskarray(values)] = None
    if any(isinstance(v, str) for v in data[:100]):  # other versions of GDAL's bindings may give str
        data = np.array([v.encode("utf-8") if isinstance(v, str) else v for v in data], dtype=object)
    return data


def _coordinates(texts: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """Numbers of a coordinate column and which rows are empty (or blank); None when a value is not a
    plain decimal number (e.g. 'nan', '1,5' or a DMS angle: the provider's parser decides those)."""
    filled = texts.copy()
    filled[np.equal(texts, None)] = b""
    fixed = filled.astype("S")
    if fixed.itemsize == 0:
        return np.full(texts.size, np.nan), np.ones(texts.size, dtype=bool)
    characters = fixed.view(np.uint8).reshape(texts.size, fixed.itemsize)
    if not np.isin(characters, _NUMBER_BYTES).all():
        return None, np.zeros(texts.size, dtype=bool)
    empty = ~np.isin(characters, _BLANK_BYTES, invert=True).any(axis=1)
    values = np.full(texts.size, np.nan)
    try:
        values[~empty] = fixed[~empty].astype(np.float64)
    except ValueError:
        return None, empty
    if not np.isfinite(values[~empty]).all():
        return None, empty
    return values, empty


_INTEGER = re.compile(rb"\s*[+-]?\d+\s*")


def _typed(texts: np.ndarray, kind) -> np.ndarray | None:
    """Texts converted as the provider types the field (numbers, dates, texts; NULL as None or NaT),
    or None when a value or the type is one this reader does not convert."""
    present = np.array([t is not None for t in texts], dtype=bool)
    if kind == QVariant.Type.String:
        out = np.full(texts.size, None, dtype=object)
        try:
            out[present] = [t.decode("utf-8") for t in texts[present]]
        except UnicodeDecodeError:
            return None
        return out
    if kind in _NUMERIC_TYPES:
        out = np.full(texts.size, None, dtype=object)
        try:
            if kind == QVariant.Type.Double:
                out[present] = [float(t) for t in texts[present]]
            else:
                if not all(_INTEGER.fullmatch(t) for t in texts[present]):
                    return None
                out[present] = [int(t) for t in texts[present]]
        except ValueError:
            return None
        return out
    unit = _DATE_TYPES.get(kind)
    if unit is None:
        return None  # times, booleans, lists...: the feature iterator reads them
    out = np.full(texts.size, np.datetime64("NaT"), dtype=unit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a time zone suffix is deprecated in numpy: not a plain date-time
            out[present] = np.array([t.decode("ascii").strip() for t in texts[present]], dtype=unit)
    except (ValueError, UnicodeDecodeError, DeprecationWarning):
        return None
    return out
