"""Writing rows (lists of dicts) as a geometry-less table output, usable in models."""

from __future__ import annotations

import math
from typing import Any, Iterable

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsWkbTypes,
)

from ..i18n import tr
from ..qgiscompat import FIELD_BOOL, FIELD_DOUBLE, FIELD_INT64, FIELD_STRING


def _field_type(values: list[Any]):
    """The field type (this QGIS's own kind, see qgiscompat) that holds all of ``values``."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return FIELD_BOOL
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return FIELD_INT64
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return FIELD_DOUBLE
    return FIELD_STRING


def fields_for(rows: list[dict[str, Any]], columns: list[str] | None = None) -> QgsFields:
    """QGIS fields for the columns of ``rows`` (types inferred from the values)."""
    if not columns:
        columns = list(rows[0].keys()) if rows else []
    fields = QgsFields()
    for name in columns:
        fields.append(QgsField(name, _field_type([_plain(r.get(name)) for r in rows])))
    return fields


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else value
    return value


def write_table(algorithm, parameters: dict, output: str, context, rows: list[dict[str, Any]],
                columns: list[str] | None = None, geometries: Iterable | None = None,
                wkb_type: int = QgsWkbTypes.Type.NoGeometry, crs=None) -> str:
    """Write ``rows`` to the feature sink parameter ``output``; returns its destination id."""
    fields = fields_for(rows, columns)
    sink, destination = algorithm.parameterAsSink(parameters, output, context, fields, wkb_type,
                                                  crs if crs is not None else QgsCoordinateReferenceSystem())
    if sink is None:
        raise QgsProcessingException(tr("Could not create the output {}.").format(output))
    geometries = list(geometries) if geometries is not None else [None] * len(rows)
    for row, geometry in zip(rows, geometries):
        feature = QgsFeature(fields)
        feature.setAttributes([_plain(row.get(field.name())) for field in fields])
        if geometry is not None:
            feature.setGeometry(geometry)
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
    return destination

