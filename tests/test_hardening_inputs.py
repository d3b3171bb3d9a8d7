"""Every event-based algorithm against one matrix of bad inputs; patrolzones against bad rasters.

Each bad case must be refused with a QgsProcessingException whose message names the problem
(a keyword per case) and says what to do, is not a bare Python error, and leaves no output
file. A few cases have no single right answer (one event, all events on one spot, dates in
the future or before 1900): there a clean refusal and a complete output are both accepted.
Known plugin bugs are ``xfail(strict=True)`` cases with the bug as reason.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
from osgeo import gdal

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hardening_cases import (  # noqa: E402
    EVENT_ALGORITHMS,
    WITHOUT_GRID,
    WITHOUT_TARGET_CRS,
    algorithm_id,
    assert_clean_refusal,
    assert_outputs_written,
    box_wkt,
    event_layer,
    files_in,
    output_paths,
    polygon_layer,
    run_catching,
    scattered_points,
    spread_dates,
    unwritable_folder,
    valid_parameters,
    write_geotiff,
)

REFUSE, EITHER = "refuse", "either"
TODAY = dt.datetime.combine(dt.date.today(), dt.time(10))


@dataclass
class Case:
    """A bad input: the parameter changes it makes, what must happen, and the keyword of the message."""

    name: str
    changes: Callable[[Path], dict]  # tmp folder -> parameter changes
    expect: str
    problem: str = "."
    only: tuple[str, ...] = EVENT_ALGORITHMS
    primary_output_to: Callable[[Path], Path] | None = None  # folder one output is sent to
    last_output: bool = False  # send the last output (not the first) there: nothing else may be written
    either_for: tuple[str, ...] = ()  # algorithms where a success is also right


def lambert(count: int, seed: int = 0):
    return scattered_points(count, seed)


def geographic_city(count: int = 150):
    rng = np.random.default_rng(1)
    lon, lat = 2.35 + rng.normal(0, 0.02, count), 48.85 + rng.normal(0, 0.015, count)  # Paris, UTM 31N
    return event_layer(list(zip(lon, lat)), spread_dates(count), crs="EPSG:4326")


def geographic_continent(count: int = 150):
    rng = np.random.default_rng(2)
    lon, lat = rng.uniform(-5.0, 20.0, count), rng.uniform(40.0, 55.0, count)
    return event_layer(list(zip(lon, lat)), spread_dates(count), crs="EPSG:4326")


def parent_is_file(tmp: Path) -> Path:
    blocker = tmp / "a_file.txt"
    blocker.write_text("not a folder")
    return blocker


#: (case name, keyword of the message, folder the output is sent to) for outputs that cannot be written.
BAD_TARGETS = [
    ("output_folder_missing", "does not exist", lambda tmp: tmp / "missing"),
    ("output_parent_is_a_file", "does not exist|not a folder", parent_is_file),
    ("output_folder_unwritable", "cannot be written|permission|not writable", unwritable_folder),
]
GRID_ONLY = tuple(a for a in EVENT_ALGORITHMS if a not in WITHOUT_GRID)
FAR_AWAY = (100_000.0, 6_000_000.0)

CASES = [
    Case("empty_layer", lambda tmp: {"INPUT": event_layer([], [])}, REFUSE, "empty"),
    Case("null_geometries", lambda tmp: {"INPUT": event_layer([None] * 6, spread_dates(6))}, REFUSE, "geometr"),
    Case("line_layer", lambda tmp: {"INPUT": event_layer(
        [f"LINESTRING({x} {y}, {x + 50} {y + 50})" for x, y in lambert(5)], spread_dates(5),
        geometry="LineString")}, REFUSE, "point"),
    Case("polygon_layer", lambda tmp: {"INPUT": event_layer(
        [box_wkt(x, y, x + 50, y + 50) for x, y in lambert(5)], spread_dates(5), geometry="Polygon")},
        REFUSE, "point"),
    Case("geographic_continent_without_target", lambda tmp: {"INPUT": geographic_continent()}, REFUSE,
         "Target CRS|projected", either_for=("trends",)),
    Case("no_crs", lambda tmp: {"INPUT": event_layer(lambert(40), spread_dates(40), crs="")}, REFUSE, "CRS",
         either_for=("trends",)),
    Case("single_event", lambda tmp: {"INPUT": event_layer(lambert(1), [dt.datetime(2019, 5, 1, 12)])}, EITHER),
    Case("all_events_on_one_point", lambda tmp: {"INPUT": event_layer([(646_000.0, 6_859_500.0)] * 60,
                                                                      spread_dates(60))}, EITHER),
    Case("dates_all_null", lambda tmp: {"INPUT": event_layer(lambert(30), [None] * 30)}, REFUSE, "date"),
    Case("dates_unparseable", lambda tmp: {"INPUT": event_layer(lambert(30), ["not a date"] * 30,
                                                                date_type="string(20)")}, REFUSE, "date"),
    Case("dates_in_the_future", lambda tmp: {"INPUT": event_layer(
        lambert(200), spread_dates(200, TODAY + dt.timedelta(days=30), 400.0))}, EITHER),
    Case("dates_before_1900", lambda tmp: {"INPUT": event_layer(
        lambert(200), spread_dates(200, dt.datetime(1850, 1, 3, 10), 700.0))}, EITHER),
    Case("date_field_numeric", lambda tmp: {"INPUT": event_layer(lambert(30), list(range(1, 31)),
                                                                 date_type="integer")}, REFUSE, "date"),
    Case("unknown_category", lambda tmp: {"CATEGORIES": "arson"}, REFUSE, "arson"),
    Case("cell_size_zero", lambda tmp: {"CELL_SIZE": 0}, REFUSE, "cell size|CELL_SIZE", only=GRID_ONLY),
    Case("cell_size_negative", lambda tmp: {"CELL_SIZE": -100}, REFUSE, "cell size|CELL_SIZE", only=GRID_ONLY),
    Case("grid_past_the_memory_guard", lambda tmp: {"MAX_CELLS": 10}, REFUSE, r"cell size of \d+", only=GRID_ONLY),
    Case("extent_excludes_every_event", lambda tmp: {
        "EXTENT": f"{FAR_AWAY[0]},{FAR_AWAY[0] + 5000},{FAR_AWAY[1]},{FAR_AWAY[1] + 5000} [EPSG:2154]"},
        REFUSE, "extent", only=GRID_ONLY),
    Case("mask_far_from_the_events", lambda tmp: {"MASK": polygon_layer(
        [box_wkt(FAR_AWAY[0], FAR_AWAY[1], FAR_AWAY[0] + 5000, FAR_AWAY[1] + 5000)])},
        REFUSE, "mask", only=GRID_ONLY),
    Case("mask_without_polygons", lambda tmp: {"MASK": polygon_layer([])}, REFUSE, "mask", only=GRID_ONLY),
    *[Case(name, lambda tmp: {}, REFUSE, problem, primary_output_to=folder) for name, problem, folder in BAD_TARGETS],
    Case("last_output_folder_missing", lambda tmp: {}, REFUSE, "does not exist",
         primary_output_to=lambda tmp: tmp / "missing", last_output=True,
         only=tuple(a for a in EVENT_ALGORITHMS if a != "kde")),
]

#: (algorithm, case) -> the plugin bug that makes the case fail (see the report for the fixes).
KNOWN_BUGS: dict[tuple[str, str], str] = {
}


def matrix():
    for case in CASES:
        for name in case.only:
            marks = ()
            if (name, case.name) in KNOWN_BUGS:
                marks = (pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(name, case.name)]),)
            yield pytest.param(name, case, id=f"{name}-{case.name}", marks=marks)


@pytest.fixture
def folders(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    return out, work


@pytest.mark.parametrize("name, case", list(matrix()))
def test_bad_input(crimerisk_provider, demo_gpkg, folders, name, case):
    out, work = folders
    parameters = valid_parameters(name, f"{demo_gpkg}|layername=events", out)
    parameters.update(case.changes(work))
    bad_target = None
    if case.primary_output_to is not None:
        key, path = list(output_paths(name, out).items())[-1 if case.last_output else 0]
        bad_target = case.primary_output_to(work) / Path(path).name
        parameters[key] = str(bad_target)
    result, error = run_catching(algorithm_id(name), parameters)
    if case.expect == EITHER or name in case.either_for:
        if error is None:
            assert_outputs_written(result, output_paths(name, out))
            return
        assert_clean_refusal(error, ".")
    else:
        assert_clean_refusal(error, case.problem)
    assert files_in(out) == [], f"a refused run left {files_in(out)} behind ({error})"
    if bad_target is not None:
        assert not bad_target.exists()


@pytest.mark.parametrize("name", EVENT_ALGORITHMS)
def test_the_valid_parameters_run(crimerisk_provider, demo_gpkg, tmp_path, name):
    """The base every bad case derives from is itself valid (else a refusal would prove nothing)."""
    result, error = run_catching(algorithm_id(name), valid_parameters(name, f"{demo_gpkg}|layername=events",
                                                                      tmp_path))
    assert error is None, error
    assert_outputs_written(result, output_paths(name, tmp_path))


RASTER_OUTPUTS = {"kde": "OUTPUT", "gistar": "OUTPUT_Z", "emerginghotspots": "OUTPUT_CATEGORIES",
                  "nearrepeat": "OUTPUT", "sepp": "OUTPUT", "mlforecast": "OUTPUT", "placeforecast": "OUTPUT"}


@pytest.mark.parametrize("name", list(RASTER_OUTPUTS))
def test_small_geographic_layer_is_reprojected_to_utm(crimerisk_provider, tmp_path, name):
    parameters = valid_parameters(name, geographic_city(), tmp_path)
    parameters.pop("CATEGORIES")
    result, error = run_catching(algorithm_id(name), parameters)
    assert error is None, error
    dataset = gdal.Open(result[RASTER_OUTPUTS[name]])
    assert "UTM zone 31N" in dataset.GetProjection()
    west = dataset.GetGeoTransform()[0]
    assert 430_000 < west < 460_000  # Paris lies near easting 450 km in UTM 31N


@pytest.mark.parametrize("name", [n for n in EVENT_ALGORITHMS if n not in WITHOUT_TARGET_CRS])
def test_geographic_layer_with_a_target_crs_is_worked_in_that_crs(crimerisk_provider, tmp_path, name):
    parameters = valid_parameters(name, geographic_city(), tmp_path)
    parameters.update(CATEGORIES="", TARGET_CRS="EPSG:2154")
    if name == "intervention":  # treated areas in the middle of the city, in the events' CRS
        parameters["TREATED"] = polygon_layer([box_wkt(2.33, 48.835, 2.37, 48.865)], crs="EPSG:4326")
    result, error = run_catching(algorithm_id(name), parameters)
    assert error is None, error
    if name in RASTER_OUTPUTS:
        dataset = gdal.Open(result[RASTER_OUTPUTS[name]])
        assert "Lambert" in dataset.GetProjection() or "2154" in dataset.GetProjection()
        assert 640_000 < dataset.GetGeoTransform()[0] < 660_000  # Paris lies near easting 652 km in Lambert-93
    assert_outputs_written(result, output_paths(name, tmp_path))


def test_continent_with_a_target_crs_runs(crimerisk_provider, tmp_path):
    """The continent refused without a target is accepted with one (cells sized for a continent)."""
    parameters = valid_parameters("kde", geographic_continent(), tmp_path)
    parameters.update(CATEGORIES="", TARGET_CRS="EPSG:3035", CELL_SIZE=50_000, RADIUS=200_000)
    result, error = run_catching("crimerisk:kde", parameters)
    assert error is None, error
    projection = gdal.Open(result["OUTPUT"]).GetProjection()
    assert "3035" in projection or "LAEA" in projection


def test_nearrepeat_refusal_names_a_parameter_the_user_can_set(crimerisk_provider, tmp_path):
    from qgis.core import QgsApplication

    parameters = valid_parameters("nearrepeat", event_layer([(646_000.0, 6_859_500.0)] * 60, spread_dates(60)),
                                  tmp_path)
    result, error = run_catching("crimerisk:nearrepeat", parameters)
    if error is not None:
        assert_clean_refusal(error, ".")
        algorithm = QgsApplication.processingRegistry().algorithmById("crimerisk:nearrepeat")
        names = [p.name() for p in algorithm.parameterDefinitions()]
        assert any(name in str(error) for name in names), f"no parameter named in: {error}"
    else:
        assert_outputs_written(result, output_paths("nearrepeat", tmp_path))


# --- patrolzones: bad rasters --------------------------------------------------------------------------
def risk(values=None, rows: int = 12, cols: int = 15) -> np.ndarray:
    if values is not None:
        return values
    return np.random.default_rng(4).gamma(2.0, 1.0, (rows, cols))


@dataclass
class RasterCase:
    name: str
    changes: Callable[[Path], dict]
    expect: str
    problem: str = "."
    primary_output_to: Callable[[Path], Path] | None = None
    notes: dict = field(default_factory=dict)


RASTER_CASES = [
    RasterCase("all_nodata", lambda tmp: {"INPUT": write_geotiff(tmp / "r.tif", np.full((10, 10), np.nan))},
               REFUSE, "nodata|no valid|no cell"),
    RasterCase("all_zero", lambda tmp: {"INPUT": write_geotiff(tmp / "r.tif", np.zeros((10, 10)))}, EITHER),
    RasterCase("negative", lambda tmp: {"INPUT": write_geotiff(tmp / "r.tif", risk() - 10.0)}, REFUSE, "negative"),
    RasterCase("single_cell", lambda tmp: {"INPUT": write_geotiff(tmp / "r.tif", np.array([[3.0]]))}, EITHER),
    RasterCase("no_crs", lambda tmp: {"INPUT": write_geotiff(tmp / "r.tif", risk(), epsg=None)}, EITHER),
    RasterCase("geographic", lambda tmp: {"INPUT": write_geotiff(tmp / "r.tif", risk(), epsg=4326, west=2.3,
                                                                 north=48.9, pixel=0.001)}, EITHER),
    RasterCase("missing_band", lambda tmp: {"BAND": 3}, REFUSE, "band"),
    RasterCase("budget_zero", lambda tmp: {"BUDGET": 0}, REFUSE, "budget|BUDGET"),
    RasterCase("budget_over_100_percent", lambda tmp: {"BUDGET": 250, "BUDGET_UNIT": 2}, REFUSE,
               "budget|BUDGET|percent|%"),
    RasterCase("not_a_raster", lambda tmp: {"INPUT": str((tmp / "notes.tif").write_text("hello") and
                                                         tmp / "notes.tif")}, REFUSE, "raster|INPUT|open"),
    *[RasterCase(name, lambda tmp: {}, REFUSE, problem, primary_output_to=folder)
      for name, problem, folder in BAD_TARGETS],
]

KNOWN_RASTER_BUGS: dict[str, str] = {}


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=(pytest.mark.xfail(strict=True, reason=KNOWN_RASTER_BUGS[c.name]),)
                 if c.name in KNOWN_RASTER_BUGS else ()) for c in RASTER_CASES])
def test_patrolzones_bad_raster(crimerisk_provider, folders, case):
    out, work = folders
    parameters = valid_parameters("patrolzones", write_geotiff(work / "valid.tif", risk()), out)
    parameters.update(case.changes(work))
    bad_target = None
    if case.primary_output_to is not None:
        bad_target = case.primary_output_to(work) / "zones.gpkg"
        parameters["OUTPUT"] = str(bad_target)
    result, error = run_catching("crimerisk:patrolzones", parameters)
    if case.expect == EITHER and error is None:
        assert_outputs_written(result, output_paths("patrolzones", out))
        return
    assert_clean_refusal(error, case.problem)
    assert files_in(out) == [], f"a refused run left {files_in(out)} behind ({error})"
    if bad_target is not None:
        assert not bad_target.exists()
