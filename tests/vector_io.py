"""Writing events and polygons to GeoPackage (sample data, tests, demo)."""

from __future__ import annotations

import os

import numpy as np
from osgeo import ogr, osr

from crimerisk.algorithms.events import EventSet, datetime64_from_days


def _spatial_reference(epsg: int) -> osr.SpatialReference:
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(epsg)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def _open_geopackage(path: str, replace: bool):
    if replace and os.path.exists(path):
        os.remove(path)
    driver = ogr.GetDriverByName("GPKG")
    return driver.Open(path, 1) if os.path.exists(path) else driver.CreateDataSource(path)


def write_events(path: str, layer_name: str, events: EventSet, epsg: int, replace: bool = True,
                 with_time: bool = True, extra: dict[str, np.ndarray] | None = None) -> str:
    """Write events as points with ``occurred`` (DateTime) and ``crime_type`` fields."""
    dataset = _open_geopackage(path, replace)
    layer = dataset.CreateLayer(layer_name, _spatial_reference(epsg), ogr.wkbPoint, options=["SPATIAL_INDEX=YES"])
    if with_time:
        layer.CreateField(ogr.FieldDefn("occurred", ogr.OFTDateTime))
    layer.CreateField(ogr.FieldDefn("crime_type", ogr.OFTString))
    extra = extra or {}
    for name, values in extra.items():
        kind = {"f": ogr.OFTReal, "i": ogr.OFTInteger64, "u": ogr.OFTInteger64,
                "M": ogr.OFTDateTime}.get(np.asarray(values).dtype.kind, ogr.OFTString)
        layer.CreateField(ogr.FieldDefn(name, kind))
    stamps = [str(s).replace("T", " ") for s in datetime64_from_days(events.t)] if with_time else None
    definition = layer.GetLayerDefn()
    layer.StartTransaction()
    for i in range(len(events)):
        feature = ogr.Feature(definition)
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(float(events.x[i]), float(events.y[i]))
        feature.SetGeometry(point)
        if stamps is not None:
            feature.SetField("occurred", stamps[i])
        feature.SetField("crime_type", str(events.category[i]))
        for name, values in extra.items():
            value = values[i]
            if isinstance(value, np.datetime64):  # a date and time, or none (NaT)
                if not np.isnat(value):
                    feature.SetField(name, str(value).replace("T", " "))
                continue
            feature.SetField(name, value.item() if hasattr(value, "item") else value)
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    dataset = None
    return f"{path}|layername={layer_name}"


def _write_named_geometries(path: str, layer_name: str, geometries: list, epsg: int, geometry_type: int,
                             names: list[str] | None, replace: bool) -> str:
    dataset = _open_geopackage(path, replace)
    layer = dataset.CreateLayer(layer_name, _spatial_reference(epsg), geometry_type)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    layer.StartTransaction()  # one transaction: thousands of street segments in a second
    for i, geometry in enumerate(geometries):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(geometry)
        feature.SetField("name", names[i] if names else str(i + 1))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    dataset = None
    return f"{path}|layername={layer_name}"


def write_polygons(path: str, layer_name: str, wkts: list[str], epsg: int, names: list[str] | None = None,
                   replace: bool = False) -> str:
    """Write polygons given as WKT, with a ``name`` field."""
    geometries = [ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkt(wkt)) for wkt in wkts]
    return _write_named_geometries(path, layer_name, geometries, epsg, ogr.wkbMultiPolygon, names, replace)


def write_lines(path: str, layer_name: str, lines: list[list[tuple[float, float]]], epsg: int,
                names: list[str] | None = None, replace: bool = False) -> str:
    """Write line strings given as vertex lists, with a ``name`` field."""
    geometries = []
    for vertices in lines:
        line = ogr.Geometry(ogr.wkbLineString)
        for x, y in vertices:
            line.AddPoint_2D(float(x), float(y))
        geometries.append(line)
    return _write_named_geometries(path, layer_name, geometries, epsg, ogr.wkbLineString, names, replace)
