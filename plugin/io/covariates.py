"""Risk terrain layers on the analysis grid: rasters sampled per cell, points and lines rasterised.

The learned forecast (``crimerisk:mlforecast``) relates crime to the places around it
(Caplan, Kennedy & Miller 2011): a raster covariate (population density, land use share,
street lighting...) gives one value per cell, a point or line layer (bars, stations,
schools, main roads) a count or presence per cell. Both are computed in the working CRS
on the exact :class:`~..algorithms.grid.Grid` of the forecast:

* :func:`sample_rasters`: each band is resampled with GDAL Warp, ``average`` resampling
  (the mean of the source pixels in each cell, nodata pixels ignored); a cell with no
  valid pixel, or beyond the raster, is NaN (the model treats it as missing).
* :func:`rasterise_feature_layers`: points are counted per cell (GDAL RasterizeLayer,
  ``MERGE_ALG=ADD``); lines and polygons mark every cell they touch (``ALL_TOUCHED``).

Names come from the layer names, made safe (:func:`feature_names`).

References
----------
Caplan, J. M., Kennedy, L. W., & Miller, J. (2011). Risk terrain modeling: brokering
criminological theory and GIS methods for crime forecasting. Justice Quarterly 28(2), 360-381.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsMapLayer,
    QgsProcessingException,
    QgsProviderRegistry,
    QgsWkbTypes,
)

from ...algorithms.grid import Grid
from ..i18n import tr
from ..qgiscompat import memory_vector_datasource
from .crs import reprojected

#: ``step(done, total)`` called after each layer; raise to stop.
LayerStep = Callable[[int, int], None]


def layer_title(layer: QgsMapLayer) -> str:
    """The layer's name, or for a layer opened from a multi-layer file and named after the file
    (as Processing names ``file.gpkg|layername=bars``), the name of the layer in the file."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    inner, path = parts.get("layerName"), parts.get("path")
    if inner and path and layer.name() == Path(path).stem:
        return str(inner)
    return layer.name()


def feature_names(layers: Sequence[QgsMapLayer]) -> list[str]:
    """Safe, distinct feature names from :func:`layer_title`: ASCII lower case, ``_`` between words
    ("Écoles primaires" -> ``ecoles_primaires``), ``_2``, ``_3``... for repeated names."""
    names: list[str] = []
    for layer in layers:
        plain = unicodedata.normalize("NFKD", layer_title(layer)).encode("ascii", "ignore").decode("ascii")
        base = re.sub(r"[^0-9a-z]+", "_", plain.lower()).strip("_") or "layer"
        name, suffix = base, 2
        while name in names:
            name, suffix = f"{base}_{suffix}", suffix + 1
        names.append(name)
    return names


def _named(layers: Sequence[QgsMapLayer], step: LayerStep | None) -> Iterator[tuple[QgsMapLayer, str]]:
    """``(layer, name)`` pairs, calling ``step(done, total)`` after each one is processed."""
    for done, (layer, name) in enumerate(zip(layers, feature_names(layers)), start=1):
        yield layer, name
        if step:
            step(done, len(layers))


def _grid_bounds(grid: Grid) -> tuple[float, float, float, float]:
    return grid.xmin, grid.ymax - grid.rows * grid.cell_size, grid.xmax, grid.ymax


def _gdal_wkt(crs: QgsCoordinateReferenceSystem) -> str:
    return crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL)


def sample_raster(layer: QgsMapLayer, grid: Grid, crs: QgsCoordinateReferenceSystem) -> list[np.ndarray]:
    """Every band of ``layer`` averaged onto ``grid`` (in ``crs``): float64 ``[rows, cols]``, NaN where
    no valid pixel falls in the cell."""
    if layer.providerType() != "gdal":
        raise QgsProcessingException(tr(
            "The covariate raster '{}' is not a file GDAL can read (provider {}): save it as a GeoTIFF and "
            "use that file.").format(layer.name(), layer.providerType()))
    source_srs = _gdal_wkt(layer.crs()) if layer.crs().isValid() else None
    rows, cols = grid.shape
    warped = gdal.Warp("", layer.source(), format="MEM", outputBounds=_grid_bounds(grid), width=cols, height=rows,
                       srcSRS=source_srs, dstSRS=_gdal_wkt(crs), resampleAlg="average",
                       outputType=gdal.GDT_Float64, dstNodata=float("nan"), multithread=False)
    if warped is None:
        raise QgsProcessingException(tr("The covariate raster '{}' could not be resampled onto the grid: {}").format(
            layer.name(), gdal.GetLastErrorMsg()))
    bands = []
    for index in range(1, warped.RasterCount + 1):
        values = warped.GetRasterBand(index).ReadAsArray().astype(np.float64)
        values[~np.isfinite(values)] = np.nan
        bands.append(values)
    return bands


def sample_rasters(layers: Sequence[QgsMapLayer], grid: Grid, crs: QgsCoordinateReferenceSystem,
                   step: LayerStep | None = None) -> dict[str, np.ndarray]:
    """``name -> values per cell`` of every raster band (name ``<layer>``, or ``<layer>_b<k>`` for band k
    of a multi-band raster)."""
    result: dict[str, np.ndarray] = {}
    for layer, name in _named(layers, step):
        bands = sample_raster(layer, grid, crs)
        if len(bands) == 1:
            result[name] = bands[0]
        else:
            result.update({f"{name}_b{index}": values for index, values in enumerate(bands, start=1)})
    return result


def _memory_layer(layer: QgsMapLayer, crs: QgsCoordinateReferenceSystem,
                  transform_context: QgsCoordinateTransformContext) -> tuple[ogr.DataSource, ogr.Layer]:
    """The layer's geometries reprojected to ``crs`` in an OGR memory layer (kept alive by the data source)."""
    reference = osr.SpatialReference()
    reference.ImportFromWkt(_gdal_wkt(crs))
    source = memory_vector_datasource()
    target = source.CreateLayer("features", reference, ogr.wkbUnknown)
    for _, geometry in reprojected(layer.getFeatures(QgsFeatureRequest().setNoAttributes()), layer.crs(), crs,
                                   transform_context):
        if geometry is None:
            continue  # a feature that cannot be placed in the working CRS lies far outside the grid
        row = ogr.Feature(target.GetLayerDefn())
        row.SetGeometry(ogr.CreateGeometryFromWkb(bytes(geometry.asWkb())))
        target.CreateFeature(row)
    return source, target


def rasterise_layer(layer: QgsMapLayer, grid: Grid, crs: QgsCoordinateReferenceSystem,
                    transform_context: QgsCoordinateTransformContext) -> np.ndarray:
    """Float64 ``[rows, cols]``: points counted per cell; lines and polygons 1 in every cell they touch."""
    if layer.type() != QgsMapLayer.LayerType.VectorLayer:
        raise QgsProcessingException(tr("The feature layer '{}' is not a vector layer.").format(layer.name()))
    points = QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.GeometryType.PointGeometry
    raster = gdal.GetDriverByName("MEM").Create("", grid.cols, grid.rows, 1, gdal.GDT_Float64)
    raster.SetGeoTransform(grid.geotransform())
    raster.SetProjection(_gdal_wkt(crs))
    source, features = _memory_layer(layer, crs, transform_context)
    options = ["MERGE_ALG=ADD"] if points else ["ALL_TOUCHED=TRUE"]
    gdal.RasterizeLayer(raster, [1], features, burn_values=[1.0], options=options)
    del source  # the OGR data source had to outlive the rasterising of its layer
    return raster.GetRasterBand(1).ReadAsArray().astype(np.float64)


def rasterise_feature_layers(layers: Sequence[QgsMapLayer], grid: Grid, crs: QgsCoordinateReferenceSystem,
                             transform_context: QgsCoordinateTransformContext,
                             step: LayerStep | None = None) -> dict[str, np.ndarray]:
    """``name -> count or presence per cell`` of every feature layer (see :func:`rasterise_layer`)."""
    return {name: rasterise_layer(layer, grid, crs, transform_context) for layer, name in _named(layers, step)}
