"""Crashes: memory guards estimated before allocating, parameter bounds, layers without a CRS."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from adversarial_data import CENTRE, fingerprint, write_points
from hardening_cases import algorithm_id, assert_clean_refusal, files_in, run_catching
from osgeo import gdal, osr
from qgis.core import QgsProcessingFeedback


def stacked(path, count: int) -> str:
    """``count`` events on one spot over two years (a police station's address used for unknown places)."""
    stamps = [dt.datetime(2019, 1, 1) + dt.timedelta(days=700 * i / count) for i in range(count)]
    return write_points(path, "events", np.full(count, CENTRE[0]), np.full(count, CENTRE[1]),
                        {"occurred": stamps, "crime_type": ["vol"] * count})


@pytest.fixture(scope="module")
def stacked_events(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stacked")
    return stacked(folder / "stacked.gpkg", 150_000), folder


def test_sepp_refuses_too_many_close_pairs_naming_a_setting(crimerisk_provider, stacked_events, tmp_path):
    uri, folder = stacked_events
    before = fingerprint(folder)
    _, error = run_catching(algorithm_id("sepp"), {"INPUT": uri, "TIME_FIELD": "occurred", "CELL_SIZE": 500,
                                                   "OUTPUT": str(tmp_path / "sepp.tif")})
    assert_clean_refusal(error, r"pairs.*TIME_CUTOFF")
    assert files_in(tmp_path) == [] and fingerprint(folder) == before


def test_backtest_reports_a_failed_sepp_fold_instead_of_crashing(crimerisk_provider, stacked_events, tmp_path):
    uri, _ = stacked_events
    result, error = run_catching(algorithm_id("backtest"), {
        "INPUT": uri, "TIME_FIELD": "occurred", "CELL_SIZE": 500, "METHODS": ["sepp"], "FOLDS": 2, "HORIZON": 7,
        "OUTPUT_FOLDS": str(tmp_path / "folds.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")})
    assert error is None, error
    from qgis.core import QgsVectorLayer
    folds = QgsVectorLayer(result["OUTPUT_FOLDS"], "folds", "ogr")
    rows = [(f["method"], f["label"], f["error"]) for f in folds.getFeatures()]
    errors = [e for m, label, e in rows if "SEPP" in (str(m) + str(label))]
    assert errors, rows
    assert errors and all("pairs" in str(e) for e in errors), errors


def test_emerging_guard_counts_the_time_axis(crimerisk_provider, town, tmp_path):
    _, error = run_catching(algorithm_id("emerginghotspots"), {
        "INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 20, "TIME_STEP": 0,
        "OUTPUT_CATEGORIES": str(tmp_path / "c.tif"), "OUTPUT_TREND": str(tmp_path / "t.tif"),
        "OUTPUT_TABLE": str(tmp_path / "e.gpkg")})
    assert_clean_refusal(error, r"time steps.*cells of")
    assert files_in(tmp_path) == []


def test_patrol_zones_guard_a_huge_raster(crimerisk_provider, tmp_path):
    path = tmp_path / "huge.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 15_000, 15_000, 1, gdal.GDT_Float32,
                                                   options=["SPARSE_OK=TRUE", "TILED=YES"])
    dataset.SetGeoTransform((600_000, 2, 0, 6_900_000, 0, -2))
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    dataset.SetProjection(reference.ExportToWkt())
    dataset = None
    out = tmp_path / "out"
    out.mkdir()
    _, error = run_catching(algorithm_id("patrolzones"), {"INPUT": str(path), "BUDGET": 5,
                                                          "OUTPUT": str(out / "zones.gpkg")})
    assert_clean_refusal(error, r"cells.*cell size of")
    assert files_in(out) == []


@pytest.mark.parametrize("name,value", [("HORIZON", 1e9), ("HORIZON", float("nan")), ("CELL_SIZE", 1e308),
                                        ("RADIUS", 1e12)])
def test_absurd_numbers_are_refused_naming_the_range(crimerisk_provider, town, tmp_path, name, value):
    algorithm = "sepp" if name == "HORIZON" else "kde"
    parameters = {"INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 500,
                  "OUTPUT": str(tmp_path / "out.tif"), name: value}
    _, error = run_catching(algorithm_id(algorithm), parameters)
    assert_clean_refusal(error, name)
    assert files_in(tmp_path) == []


def test_mask_without_crs_is_refused(crimerisk_provider, town, tmp_path):
    mask = write_points(tmp_path / "mask.gpkg", "mask", None, None, {"name": ["town"]}, epsg=None,
                        geometries=[__import__("osgeo.ogr").ogr.CreateGeometryFromWkt(
                            "POLYGON((640000 6853000,652000 6853000,652000 6866000,640000 6866000,640000 6853000))")],
                        geometry_type=__import__("osgeo.ogr").ogr.wkbPolygon)
    out = tmp_path / "out"
    out.mkdir()
    _, error = run_catching(algorithm_id("kde"), {"INPUT": town["events"], "CELL_SIZE": 500, "MASK": mask,
                                                  "OUTPUT": str(out / "kde.tif")})
    assert_clean_refusal(error, "mask layer.*(no CRS|missing or wrong)")
    assert files_in(out) == []


@pytest.mark.parametrize("target", [None, "EPSG:2154"])
def test_events_without_crs_are_named_as_such(crimerisk_provider, tmp_path, target):
    x = CENTRE[0] + np.arange(50.0) * 30
    uri = write_points(tmp_path / "nocrs.gpkg", "events", x, x * 0 + CENTRE[1],
                       {"occurred": [dt.datetime(2020, 1, 1 + i % 28) for i in range(50)]}, epsg=None)
    out = tmp_path / "out"
    out.mkdir()
    parameters = {"INPUT": uri, "CELL_SIZE": 500, "OUTPUT": str(out / "kde.tif")}
    if target:
        parameters["TARGET_CRS"] = target
    _, error = run_catching(algorithm_id("kde"), parameters, QgsProcessingFeedback())
    assert_clean_refusal(error, "(no CRS|missing or wrong)")
    assert files_in(out) == []


def test_one_band_per_crime_type_is_guarded_as_a_whole(crimerisk_provider, tmp_path):
    x = CENTRE[0] + np.linspace(-3000, 3000, 400)
    kinds = [f"type {i % 40}" for i in range(400)]
    stamps = [dt.datetime(2020, 1, 1) + dt.timedelta(days=i) for i in range(400)]
    uri = write_points(tmp_path / "types.gpkg", "events", x, x * 0 + CENTRE[1], {"occurred": stamps,
                                                                                 "crime_type": kinds})
    out = tmp_path / "out"
    out.mkdir()
    _, error = run_catching(algorithm_id("sepp"), {"INPUT": uri, "TIME_FIELD": "occurred", "CATEGORY_FIELD": "crime_type",
                                                   "PER_CATEGORY": True, "CELL_SIZE": 50, "MAX_CELLS": 100_000,
                                                   "OUTPUT": str(out / "sepp.tif")})
    assert_clean_refusal(error, r"40 types.*cell size of")
    assert files_in(out) == []
