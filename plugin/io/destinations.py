"""Guarding outputs before any work: never over an input, only formats CrimeRisk writes, GeoPackages kept.

Every check reads raw parameter values and the layers the run reads anyway; none creates an output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsDataSourceUri,
    QgsMapLayer,
    QgsProcessingException,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorLayer,
    QgsProviderRegistry,
)

from ..i18n import tr

#: The raster formats CrimeRisk writes (GDAL's GTiff driver).
RASTER_EXTENSIONS = (".tif", ".tiff")
_OGR_DESTINATION = re.compile(r"^ogr:dbname='(?P<path>(?:[^']|'')*)'", re.I)


def output_file(destination: str) -> str:
    """The file an output destination writes ("" for a temporary, memory or database output)."""
    match = _OGR_DESTINATION.match(destination)
    if match:
        return match.group("path").replace("''", "'")
    if not destination or destination == "TEMPORARY_OUTPUT" or re.match(r"^[a-z]+:(?![/\\])", destination, re.I):
        return ""  # memory:, postgres:, postgis:, spatialite: ... (a Windows drive letter is a file)
    return destination.split("|")[0]


def database_key(destination: str) -> str:
    """A comparable identity of a database table output (``postgres:``/``postgis:``/``spatialite:``), else ""."""
    match = re.match(r"^(postgres|postgis|spatialite):(.*)$", destination or "", re.I | re.S)
    if not match:
        return ""
    return _table_key(QgsDataSourceUri(match.group(2)))


def _table_key(uri: QgsDataSourceUri) -> str:
    place = uri.service() or f"{uri.host()}:{uri.port()}"
    return f"db:{place}/{uri.database()}/{uri.schema() or 'public'}.{uri.table()}"


def same_file_key(path: str) -> str:
    """A comparable identity of a file path (resolved through links and '..')."""
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def layer_file(layer: QgsMapLayer | None) -> str:
    """The file a layer reads, or the identity of its database table ("" for memory layers)."""
    if layer is None:
        return ""
    if layer.providerType() in ("postgres", "spatialite"):
        return _table_key(QgsDataSourceUri(layer.source()))
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path") or ""
    return str(path) if path and Path(str(path)).exists() else ""


def input_files(algorithm, parameters: dict, context) -> dict[str, str]:
    """Resolved file of every layer or file input of the run -> the description of its parameter."""
    files: dict[str, str] = {}
    for definition in algorithm.parameterDefinitions():
        name = definition.name()
        if parameters.get(name) in (None, "") or definition.isDestination():
            continue
        paths: list[str] = []
        if isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)):
            paths = [layer_file(algorithm.parameterAsVectorLayer(parameters, name, context))]
        elif isinstance(definition, (QgsProcessingParameterRasterLayer, QgsProcessingParameterMapLayer)):
            paths = [layer_file(algorithm.parameterAsLayer(parameters, name, context))]
        elif isinstance(definition, QgsProcessingParameterMultipleLayers):
            paths = [layer_file(layer) for layer in algorithm.parameterAsLayerList(parameters, name, context)]
        elif isinstance(definition, QgsProcessingParameterFile):
            paths = [algorithm.parameterAsFile(parameters, name, context)]
        for path in paths:
            if path:
                files.setdefault(path if path.startswith("db:") else same_file_key(path), definition.description())
    return files


def refuse_output_over_input(definition, path: str, inputs: dict[str, str]) -> None:
    """No output may be written into a file that the same run reads."""
    source = inputs.get(path if path.startswith("db:") else same_file_key(path))
    if source is not None:
        raise QgsProcessingException(tr(
            "The output '{}' would be written into {}, which is read by this run as '{}': writing it could "
            "destroy your data. Choose another file for this output.").format(definition.description(), path, source))


def refuse_unwritable_format(definition, path: str) -> None:
    """Rasters are written as GeoTIFF only: any other extension is refused, not silently mis-written."""
    suffix = Path(path).suffix.lower()
    if isinstance(definition, QgsProcessingParameterRasterDestination) and suffix not in RASTER_EXTENSIONS:
        raise QgsProcessingException(tr(
            "The output '{}' is {}, but CrimeRisk writes rasters as GeoTIFF only. Use a file name ending in .tif."
        ).format(definition.description(), path))
    if isinstance(definition, QgsProcessingParameterFileDestination) and Path(path).is_dir():
        raise QgsProcessingException(tr(
            "The output '{}' names the existing folder {}: give a file name inside it instead.").format(
            definition.description(), path))


def keep_geopackage(definition, value: Any, path: str) -> Any:
    """A table output aimed at an existing GeoPackage file becomes a layer added to it (named after the
    file, replacing only a layer of that name), instead of replacing the whole file and its other layers."""
    if not (isinstance(definition, QgsProcessingParameterFeatureSink) and Path(path).suffix.lower() == ".gpkg"
            and Path(path).is_file() and not str(_sink_text(value)).startswith("ogr:")):
        return value
    quoted = path.replace("'", "''")
    destination = f"ogr:dbname='{quoted}' table=\"{Path(path).stem}\" (geom)"
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        replaced = QgsProcessingOutputLayerDefinition(value)
        replaced.sink.setStaticValue(destination)
        return replaced
    return destination


def _sink_text(value: Any) -> str:
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        return value.sink.staticValue() or ""
    return str(value)
