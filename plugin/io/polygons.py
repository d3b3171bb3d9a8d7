"""Label rasters (0 = nothing, k = zone k) to polygons, one (multi)polygon per label."""

from __future__ import annotations

import numpy as np
from osgeo import gdal, ogr
from qgis.core import QgsGeometry

from ...algorithms.grid import Grid
from ..qgiscompat import memory_vector_datasource


def polygons_of_labels(labels: np.ndarray, grid: Grid) -> dict[int, QgsGeometry]:
    """Outline every positive label of ``labels`` (int ``[rows, cols]`` on ``grid``) as one geometry."""
    labels = np.asarray(labels, dtype=np.int32)
    raster = gdal.GetDriverByName("MEM").Create("", grid.cols, grid.rows, 1, gdal.GDT_Int32)
    raster.SetGeoTransform(grid.geotransform())
    band = raster.GetRasterBand(1)
    band.WriteArray(labels)
    mask_raster = gdal.GetDriverByName("MEM").Create("", grid.cols, grid.rows, 1, gdal.GDT_Byte)
    mask_raster.SetGeoTransform(grid.geotransform())
    mask_raster.GetRasterBand(1).WriteArray((labels > 0).astype(np.uint8))
    vectors = memory_vector_datasource()
    layer = vectors.CreateLayer("zones", None, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    gdal.Polygonize(band, mask_raster.GetRasterBand(1), layer, 0, [], callback=None)
    parts: dict[int, list[QgsGeometry]] = {}
    for feature in layer:
        geometry = QgsGeometry()
        geometry.fromWkb(bytes(feature.GetGeometryRef().ExportToWkb()))
        parts.setdefault(int(feature.GetField("label")), []).append(geometry)
    return {label: QgsGeometry.unaryUnion(pieces) if len(pieces) > 1 else pieces[0]
            for label, pieces in sorted(parts.items())}
