"""The shipped sample GeoPackage holds what the demo, the model and the README promise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from osgeo import ogr

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample" / "crimerisk_sample.gpkg"


def _rows(layer_name: str, fields: tuple[str, ...]) -> tuple[list[dict], list]:
    dataset = ogr.Open(str(SAMPLE))
    layer = dataset.GetLayerByName(layer_name)
    assert layer is not None, layer_name
    rows, geometries = [], []
    for feature in layer:
        rows.append({f: feature.GetField(f) for f in fields})
        geometries.append(feature.GetGeometryRef().Clone())
    return rows, geometries


def test_layers_and_fields_are_there_and_the_file_stays_small():
    dataset = ogr.Open(str(SAMPLE))
    names = {dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())}
    assert names == {"events", "boundary", "districts", "patrol_zones", "bars", "streets", "main_roads"}
    events = dataset.GetLayerByName("events").GetLayerDefn()
    kinds = {events.GetFieldDefn(i).GetName(): events.GetFieldDefn(i).GetType() for i in range(events.GetFieldCount())}
    assert kinds == {"occurred": ogr.OFTDateTime, "crime_type": ogr.OFTString, "occurred_end": ogr.OFTDateTime,
                     "date_texte": ogr.OFTString}
    assert dataset.GetLayerByName("streets").GetGeomType() == ogr.wkbLineString
    assert SAMPLE.stat().st_size < 4_000_000


def test_events_lie_on_the_streets_and_windows_end_after_they_start():
    rows, points = _rows("events", ("occurred", "occurred_end", "crime_type"))
    _, lines = _rows("streets", ("name",))
    ends = np.array([[line.GetPoint_2D(0), line.GetPoint_2D(1)] for line in lines])
    a, b = ends[:, 0], ends[:, 1]
    d = b - a
    xy = np.array([p.GetPoint_2D() for p in points])
    nearest = np.full(len(xy), np.inf)
    for lo in range(0, len(xy), 500):
        p = xy[lo:lo + 500, None, :]
        share = np.clip(((p - a) * d).sum(-1) / (d * d).sum(-1), 0, 1)
        nearest[lo:lo + 500] = np.linalg.norm(p - a - share[..., None] * d, axis=-1).min(axis=1)
    assert np.quantile(nearest, 0.999) < 15.0  # address offset (6 m) plus geocoding error (2 m)
    windowed = [r for r in rows if r["occurred_end"]]
    assert {r["crime_type"] for r in windowed} == {"burglary", "vehicle crime"}
    burglaries = sum(r["crime_type"] == "burglary" for r in rows)
    assert sum(r["crime_type"] == "burglary" for r in windowed) > 0.5 * burglaries
    stamp = "%Y/%m/%d %H:%M:%S"
    lengths = [(dt.datetime.strptime(r["occurred_end"], stamp) - dt.datetime.strptime(r["occurred"], stamp))
               .total_seconds() / 3600 for r in windowed]
    assert min(lengths) >= 0 and 6 < np.median(lengths) < 14
