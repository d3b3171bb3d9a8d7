"""Generators of the adversarial inputs: formats, dates, CRSs, geometries, corrupt files.

Each function writes one file (or a few) in a folder and returns its path or a layer URI; the
events are a small town's, in Lambert-93 (EPSG:2154), with known counts so results can be checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr

CENTRE = (646_000.0, 6_859_500.0)
#: Events of the generated town, and how many of them are of each spelling of 'cambriolage'.
N_EVENTS = 300


def town_events(count: int = N_EVENTS, seed: int = 5):
    """(x, y, datetimes, crime types) of a small town: two crime types, two years."""
    rng = np.random.default_rng(seed)
    x = CENTRE[0] + rng.normal(0, 1500, count)
    y = CENTRE[1] + rng.normal(0, 1500, count)
    start = dt.datetime(2019, 1, 1, 8)
    stamps = [start + dt.timedelta(days=float(d)) for d in np.sort(rng.uniform(0, 700, count))]
    kinds = np.where(rng.random(count) < 0.5, "cambriolage", "vol")
    return x, y, stamps, kinds


def _reference(epsg: int | None) -> osr.SpatialReference | None:
    if epsg is None:
        return None
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(epsg)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def write_points(path: Path, layer: str, x, y, columns: dict[str, list], epsg: int | None = 2154,
                 driver: str = "GPKG", geometries: list | None = None, geometry_type: int = ogr.wkbPoint) -> str:
    """Points (or given OGR geometries) with string/real/datetime ``columns`` through OGR ``driver``."""
    source = ogr.GetDriverByName(driver)
    dataset = source.Open(str(path), 1) if Path(path).exists() and driver == "GPKG" else source.CreateDataSource(str(path))
    out = dataset.CreateLayer(layer, _reference(epsg), geometry_type)
    for name, values in columns.items():
        sample = next((v for v in values if v is not None), "")
        kind = ogr.OFTDateTime if isinstance(sample, dt.datetime) else (
            ogr.OFTReal if isinstance(sample, float) else ogr.OFTString)
        out.CreateField(ogr.FieldDefn(name, kind))
    out.StartTransaction()
    for i in range(len(x) if geometries is None else len(geometries)):
        feature = ogr.Feature(out.GetLayerDefn())
        if geometries is not None:
            feature.SetGeometry(geometries[i])
        elif np.isfinite(x[i]):
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(x[i]), float(y[i]))
            feature.SetGeometry(point)
        for name, values in columns.items():
            value = values[i]
            if isinstance(value, dt.datetime):
                feature.SetField(name, value.year, value.month, value.day, value.hour, value.minute, value.second, 0)
            elif value is not None:
                feature.SetField(name, value)
        out.CreateFeature(feature)
    out.CommitTransaction()
    dataset = None
    return f"{path}|layername={layer}" if driver == "GPKG" else str(path)


def town_geopackage(path: Path) -> dict:
    """The town's events as layer ``events`` (DateTime ``occurred``, ``crime_type``) and a ``boundary``."""
    x, y, stamps, kinds = town_events()
    events = write_points(path, "events", x, y, {"occurred": stamps, "crime_type": list(kinds)})
    x0, y0, x1, y1 = CENTRE[0] - 6000, CENTRE[1] - 6000, CENTRE[0] + 6000, CENTRE[1] + 6000
    ring = f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"
    boundary = write_points(path, "boundary", None, None, {"name": ["town"]},
                            geometries=[ogr.CreateGeometryFromWkt(ring)], geometry_type=ogr.wkbPolygon)
    return {"path": Path(path), "events": events, "boundary": boundary, "folder": Path(path).parent}


def csv_events(path: Path, date_format: str, count: int = N_EVENTS, seed: int = 5):
    """The town's events as a CSV (x;y;date;crime_type), as a layer of QGIS's delimited-text provider."""
    from qgis.core import QgsVectorLayer

    x, y, stamps, kinds = town_events(count, seed)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("x;y;datefaits;crime_type\n")
        for xi, yi, stamp, kind in zip(x, y, stamps, kinds):
            handle.write(f"{xi:.1f};{yi:.1f};{format_date(stamp, date_format)};{kind}\n")
    uri = (f"file://{path}?type=csv&delimiter=;&xField=x&yField=y&crs=EPSG:2154&detectTypes=no"
           f"&spatialIndex=no&subsetIndex=no&watchFile=no")
    layer = QgsVectorLayer(uri, "events", "delimitedtext")
    assert layer.isValid() and layer.featureCount() == count, f"the CSV layer {path} did not load"
    return layer


def format_date(stamp: dt.datetime, date_format: str) -> str:
    """``stamp`` as analysts' spreadsheets write it: french, iso, us or excel (serial day number)."""
    if date_format == "excel":
        return f"{(stamp - dt.datetime(1899, 12, 30)).total_seconds() / 86400:.5f}"
    return stamp.strftime({"french": "%d/%m/%Y %H:%M", "iso": "%Y-%m-%dT%H:%M:%S",
                           "us": "%m/%d/%Y %H:%M"}[date_format])


def geojson_events(path: Path, count: int = N_EVENTS) -> str:
    """The town's events as a GeoJSON in WGS 84 (longitude, latitude), ISO dates as text."""
    x, y, stamps, kinds = town_events(count)
    reference = _reference(2154)
    transform = osr.CoordinateTransformation(reference, _reference(4326))
    points = transform.TransformPoints(np.column_stack([x, y]).tolist())
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p[0], p[1]]},
                 "properties": {"occurred": s.strftime("%Y-%m-%dT%H:%M:%S"), "crime_type": str(k)}}
                for p, s, k in zip(points, stamps, kinds)]
    Path(path).write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def corrupt_geopackage(target: Path, count: int = 3000) -> str:
    """The town's events whose middle data pages are zeroed: the layer opens and counts ``count`` features,
    but only about two thirds of them read (GDAL 3.6's Arrow stream then returns empty batches forever)."""
    import sqlite3

    x, y, stamps, kinds = town_events(count)
    uri = write_points(target, "events", x, y, {"occurred": stamps, "crime_type": list(kinds)})
    with sqlite3.connect(str(target)) as connection:
        page = connection.execute("pragma page_size").fetchone()[0]
        leaves = [row[0] for row in connection.execute(
            "select pageno from dbstat where name = 'events' and pagetype = 'leaf' order by pageno")]
    connection.close()
    data = bytearray(Path(target).read_bytes())
    for number in leaves[len(leaves) // 3: 2 * len(leaves) // 3]:
        data[(number - 1) * page: number * page] = bytes(page)
    Path(target).write_bytes(bytes(data))
    return uri


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``: the inputs must be byte-identical after a run."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def layer_names(path: Path) -> list[str]:
    dataset = ogr.Open(str(path))
    return [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]


def raster_driver(path: Path) -> str:
    dataset = gdal.OpenEx(str(path))
    return dataset.GetDriver().ShortName if dataset is not None else ""
