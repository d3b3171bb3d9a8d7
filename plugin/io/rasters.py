"""The one GeoTIFF writer: float32, CRS set, north-up, nodata outside the study area, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from osgeo import gdal
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException

from ...algorithms.grid import Grid
from ..i18n import tr

NODATA = -9999.0
_CREATION_OPTIONS = ["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES"]


def is_file_destination(path: str) -> bool:
    """True for an output written to a file (not a memory layer, a database or a temporary placeholder)."""
    return bool(path) and not path.startswith(("memory:", "postgres:", "postgis:", "ogr:", "spatialite:")) \
        and path != "TEMPORARY_OUTPUT"


def check_output_path(path: str) -> Path:
    """Refuse, before any work, an output whose folder is missing, is a file, or cannot be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise QgsProcessingException(tr("The output folder {} is a file, not a folder: choose another output "
                                        "path.").format(folder))
    if not folder.is_dir():
        raise QgsProcessingException(tr("The output folder {} does not exist: create it or choose another.").format(folder))
    try:  # os.access says yes to root even where writing fails (read-only mounts, /proc)
        with tempfile.TemporaryFile(dir=str(folder)):
            pass
    except OSError:
        raise QgsProcessingException(tr("The output folder {} cannot be written: choose another.").format(folder)) \
            from None
    return target


def write_raster(path: str, bands: list[np.ndarray], grid: Grid, crs: QgsCoordinateReferenceSystem,
                 band_names: list[str] | None = None, data_type: int = gdal.GDT_Float32,
                 nodata: float = NODATA, metadata: dict[str, str] | None = None) -> str:
    """Write ``bands`` (each ``[rows, cols]``; NaN or cells outside the mask become nodata) as a GeoTIFF.

    The file is written beside its destination then renamed, so a failure never leaves half a raster.
    Only a GeoTIFF destination (``.tif``/``.tiff``) is written: any other extension is refused, so a
    GeoPackage or another file can never be replaced by a GeoTIFF.
    """
    target = check_output_path(path)
    if target.suffix.lower() not in (".tif", ".tiff") or target.is_dir():
        raise QgsProcessingException(tr("CrimeRisk writes rasters as GeoTIFF only: use a file name ending in .tif "
                                        "instead of {}.").format(path))
    handle, partial = tempfile.mkstemp(suffix=".tif", prefix=f".{target.stem}-", dir=str(target.parent))
    os.close(handle)
    try:
        dataset = gdal.GetDriverByName("GTiff").Create(partial, grid.cols, grid.rows, len(bands), data_type,
                                                       options=_CREATION_OPTIONS)
        if dataset is None:
            raise QgsProcessingException(tr("Could not create {}.").format(path))
        dataset.SetGeoTransform(grid.geotransform())
        dataset.SetProjection(crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL))
        if metadata:
            dataset.SetMetadata({k: str(v) for k, v in metadata.items()})
        outside = ~grid.inside
        for index, values in enumerate(bands, start=1):
            array = np.asarray(values, dtype=np.float64).copy()
            array[outside | ~np.isfinite(array)] = nodata
            band = dataset.GetRasterBand(index)
            band.SetNoDataValue(nodata)
            band.WriteArray(array)
            if band_names:
                band.SetDescription(band_names[index - 1])
        dataset.FlushCache()
        dataset = None
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return str(target)
