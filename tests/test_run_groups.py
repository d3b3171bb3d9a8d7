"""The many-areas, many-crime-types recipe (scripts/run_groups.py): one output per group, each the same
as a run of that group alone, the time of every group in the log, refused groups logged and skipped."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import ogr
from qgis.core import QgsVectorLayer

sys.path.insert(0, str(Path(__file__).resolve().parent / "adversarial"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from adversarial_data import write_points  # noqa: E402
from run_groups import area_masks, run_groups, slug  # noqa: E402

import processing  # noqa: E402

KINDS = ["burglary", "theft, petty"]  # a type holding a comma must stay one type


def town(tmp_path: Path):
    """Events in the west and middle thirds of a 3 km strip (none in the east), and three square areas."""
    rng = np.random.default_rng(8)
    count = 240
    x = rng.uniform(650_000, 652_000, count)
    y = rng.uniform(6_860_000, 6_861_000, count)
    kinds = [KINDS[i % 2] for i in range(count)]
    stamps = [dt.datetime(2024, 1, 1) + dt.timedelta(hours=int(h)) for h in rng.integers(0, 5000, count)]
    events = write_points(tmp_path / "town.gpkg", "events", x, y, {"occurred": stamps, "crime_type": kinds})
    squares = [ogr.CreateGeometryFromWkt(
        f"POLYGON(({x0} 6860000,{x0 + 1000} 6860000,{x0 + 1000} 6861000,{x0} 6861000,{x0} 6860000))")
        for x0 in (650_000, 651_000, 652_000)]
    areas = write_points(tmp_path / "town.gpkg", "areas", None, None, {"name": ["west", "middle", "east"]},
                         geometries=squares, geometry_type=ogr.wkbPolygon)
    return events, QgsVectorLayer(areas, "areas", "ogr"), x, kinds


def test_every_group_has_its_output_equal_to_a_run_alone(crimerisk_provider, tmp_path, raster_reader):
    events, areas, x, kinds = town(tmp_path)
    masks = area_masks(areas, "name")
    assert [name for name, _ in masks] == ["west", "middle", "east"]
    lines: list[str] = []
    parameters = {"INPUT": events, "CATEGORY_FIELD": "crime_type", "CELL_SIZE": 100, "RADIUS": 300,
                  "OUTPUT": str(tmp_path / "kde_{area}_{category}.tif")}
    results = run_groups("crimerisk:kde", parameters, categories=KINDS, areas=masks, log=lines.append)
    assert len(results) == 6
    for result in results:
        west = result.area == "west"
        expected = int(sum(1 for xi, k in zip(x, kinds) if k == result.category
                           and (650_000 <= xi < 651_000 if west else 651_000 <= xi < 652_000)))
        if result.area == "east":
            assert result.error and "No event" in result.error and not result.outputs
            continue
        assert result.error == ""
        assert result.kept == expected > 0
        path = tmp_path / f"kde_{result.area}_{slug(result.category)}.tif"
        assert result.outputs["OUTPUT"] == str(path) and path.exists()
        alone = processing.run("crimerisk:kde", {
            "INPUT": events, "CATEGORY_FIELD": "crime_type", "CATEGORIES": f"{result.category};",
            "MASK": dict(masks)[result.area], "CELL_SIZE": 100, "RADIUS": 300,
            "OUTPUT": str(tmp_path / "alone.tif")})
        np.testing.assert_array_equal(raster_reader(str(path))[0], raster_reader(alone["OUTPUT"])[0])
    timed = [line for line in lines if re.search(r"area '\w+', type '[^']+': \d+ events, \d+\.\d\d s$", line)]
    assert len(timed) == 4
    assert sum("skipped after" in line for line in lines) == 2
    assert re.search(r"6 groups \(4 run, 2 skipped\) in \d+\.\d s", lines[-1])


def test_without_areas_one_group_per_type_over_the_whole_layer(crimerisk_provider, tmp_path):
    events, _, _, kinds = town(tmp_path)
    lines: list[str] = []
    results = run_groups("crimerisk:kde", {"INPUT": events, "CATEGORY_FIELD": "crime_type", "CELL_SIZE": 100,
                                           "RADIUS": 300, "OUTPUT": str(tmp_path / "{category}.tif")},
                         categories=KINDS, log=lines.append)
    assert [r.kept for r in results] == [kinds.count(k) for k in KINDS]
    assert [r.area for r in results] == ["", ""]
    assert (tmp_path / "theft_petty.tif").exists() and (tmp_path / "burglary.tif").exists()
    assert lines[0].startswith("[1/2] area 'all', type 'burglary': 120 events, ")


def test_areas_need_an_algorithm_with_a_mask(crimerisk_provider, tmp_path):
    """An algorithm without MASK would silently run on the whole layer for every area: refused up front."""
    events, areas, _, _ = town(tmp_path)
    with pytest.raises(ValueError, match="no MASK parameter"):
        run_groups("crimerisk:knox", {"INPUT": events, "TIME_FIELD": "occurred"}, areas=area_masks(areas, "name"))
