"""Shared fixtures of the hardening tests: minimal valid parameters per algorithm, bad layers, checks.

Imported by tests/test_hardening_*.py (``sys.path`` holds tests/) and by
tests/benchmarks/bench_large_inputs.py. Every parameter set is small on purpose: few
permutations, folds and iterations, large cells, so that one run takes well under a second
on the demo town's robberies (about 500 events over two years).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import numpy as np
from osgeo import gdal, osr
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime

#: Every event-based algorithm (patrolzones reads a raster and has its own cases).
EVENT_ALGORITHMS = ("kde", "gistar", "emerginghotspots", "trends", "knox", "nearrepeat", "sepp", "mlforecast",
                    "backtest", "intervention", "placeforecast")
#: Algorithms without the grid parameters (CELL_SIZE, EXTENT, MASK, TARGET_CRS, MAX_CELLS).
WITHOUT_GRID = ("trends", "knox")
#: Algorithms that also leave out TARGET_CRS.
WITHOUT_TARGET_CRS = ("trends", "knox")

CATEGORY = "robbery"
CENTRE = (646_000.0, 6_859_500.0)  # the demo town's middle, Lambert-93
LAMBERT = "EPSG:2154"

#: Output parameters of each algorithm and the file each is written to (the first is the primary one).
OUTPUTS: dict[str, dict[str, str]] = {
    "kde": {"OUTPUT": "kde.tif"},
    "gistar": {"OUTPUT_Z": "z.tif", "OUTPUT_CLASSES": "classes.tif"},
    "emerginghotspots": {"OUTPUT_CATEGORIES": "categories.tif", "OUTPUT_TREND": "trend.tif",
                         "OUTPUT_TABLE": "emerging.gpkg"},
    "trends": {"OUTPUT_TABLE": "trends.gpkg", "OUTPUT_HTML": "trends.html"},
    "knox": {"OUTPUT": "knox.gpkg", "OUTPUT_HTML": "knox.html"},
    "nearrepeat": {"OUTPUT": "nearrepeat.tif", "OUTPUT_ALERTS": "alerts.gpkg"},
    "sepp": {"OUTPUT": "sepp.tif", "OUTPUT_REPORT": "sepp.html", "OUTPUT_JSON": "sepp.json"},
    "mlforecast": {"OUTPUT": "ml.tif", "OUTPUT_REPORT": "ml.html", "OUTPUT_JSON": "ml.json"},
    "placeforecast": {"OUTPUT": "place.tif", "OUTPUT_REPORT": "place.html", "OUTPUT_JSON": "place.json"},
    "backtest": {"OUTPUT_FOLDS": "folds.gpkg", "OUTPUT_SUMMARY": "summary.gpkg", "OUTPUT_HTML": "backtest.html"},
    "patrolzones": {"OUTPUT": "zones.gpkg"},
    "intervention": {"OUTPUT_TABLE": "intervention.gpkg", "OUTPUT_HTML": "intervention.html"},
}

#: Small method settings per algorithm (besides the events and the outputs).
SETTINGS: dict[str, dict] = {
    "kde": dict(CELL_SIZE=600, RADIUS=1200),
    "gistar": dict(CELL_SIZE=600, NEIGHBOURHOOD=1200),
    "emerginghotspots": dict(CELL_SIZE=1000, NEIGHBOURHOOD=2000, TIME_STEP=2),
    "trends": dict(STEP=2),
    "knox": dict(SPACE_BAND=200, SPACE_BANDS=3, TIME_BAND=7, TIME_BANDS=3, PERMUTATIONS=19, SEED=42),
    "nearrepeat": dict(CELL_SIZE=600, SPACE_BANDWIDTH=400, TIME_BANDWIDTH=56),
    "sepp": dict(CELL_SIZE=600, MAX_ITERATIONS=15),
    "mlforecast": dict(CELL_SIZE=600, TRAINING_PERIODS=6, MAX_ITER=20, SEED=3, THREADS=1, EVALUATE=False),
    "placeforecast": dict(CELL_SIZE=600, TRAINING_PERIODS=6, VALIDATION_PERIODS=2, HALF_LIVES="14, 365", SCALES="0, 1",
                          SEED=3),
    "backtest": dict(CELL_SIZE=600, METHODS=["kde"], FOLDS=2, HORIZON=7, SEED=42),
    "patrolzones": dict(BUDGET=10, BUDGET_UNIT=2),
    # Matched controls, so that the grid parameters are used; TREATED is added by valid_parameters.
    "intervention": dict(CATEGORIES="", CATCHMENT_DISTANCE=300, CONTROL_METHOD=1, CELL_SIZE=500, INTERVENTION_START="2019-01-01",
                         INTERVENTION_END="2019-10-31"),
}

#: The layer of the demo GeoPackage holding the intervention cases' treated areas (see conftest's demo_gpkg).
TREATED_LAYER = "treated"

#: Fields every event algorithm reads (TIME_FIELD is needed by most and harmless for kde/gistar).
EVENT_FIELDS = dict(TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", CATEGORIES=CATEGORY)


def algorithm_id(name: str) -> str:
    return f"crimerisk:{name}"


def output_paths(name: str, folder: Path) -> dict[str, str]:
    return {key: str(Path(folder) / file) for key, file in OUTPUTS[name].items()}


def valid_parameters(name: str, events: str, folder: Path) -> dict:
    """The minimal valid parameters of algorithm ``name`` on ``events``, outputs in ``folder``."""
    parameters = {"INPUT": events}
    if name != "patrolzones":
        parameters.update(EVENT_FIELDS)
    parameters.update(SETTINGS[name])
    if name == "intervention" and isinstance(events, str):  # the treated areas beside the events (conftest)
        parameters["TREATED"] = f"{events.split('|')[0]}|layername={TREATED_LAYER}"
    parameters.update(output_paths(name, folder))
    return parameters


# --- memory layers ----------------------------------------------------------------------------------
def qdatetime(day: dt.datetime | None) -> QDateTime | None:
    if day is None:
        return None
    return QDateTime(QDate(day.year, day.month, day.day), QTime(day.hour, day.minute, day.second))


def event_layer(points, dates, crs: str = LAMBERT, geometry: str = "Point", date_type: str = "datetime",
                category: str = CATEGORY) -> QgsVectorLayer:
    """A memory layer of events with ``occurred`` (``date_type``) and ``crime_type`` fields.

    ``points`` are (x, y) pairs or None (no geometry) or WKT strings (for lines and polygons).
    """
    layer = QgsVectorLayer(f"{geometry}?crs={crs}&field=occurred:{date_type}&field=crime_type:string(40)",
                           "events", "memory")
    assert layer.isValid(), f"memory layer {geometry} {date_type} is not valid"
    features = []
    for point, date in zip(points, dates):
        feature = QgsFeature(layer.fields())
        if isinstance(point, str):
            feature.setGeometry(QgsGeometry.fromWkt(point))
        elif point is not None:
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(*point)))
        value = qdatetime(date) if isinstance(date, dt.datetime) else date
        feature.setAttributes([value, category])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    layer.updateExtents()
    return layer


def spread_dates(count: int, first: dt.datetime = dt.datetime(2018, 1, 3, 10), days: float = 700.0):
    """``count`` dates spread evenly over ``days`` from ``first`` (hours vary too)."""
    step = days / max(count - 1, 1)
    return [first + dt.timedelta(days=i * step, hours=(7 * i) % 13) for i in range(count)]


def scattered_points(count: int, seed: int = 0, centre=CENTRE, spread: float = 2500.0):
    rng = np.random.default_rng(seed)
    return [(centre[0] + dx, centre[1] + dy) for dx, dy in rng.normal(0.0, spread, (count, 2))]


def polygon_layer(wkts: list[str], crs: str = LAMBERT) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Polygon?crs={crs}", "mask", "memory")
    features = []
    for wkt in wkts:
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def box_wkt(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def write_geotiff(path: Path, values: np.ndarray, epsg: int | None = 2154, west: float = 650_000.0,
                  north: float = 6_860_000.0, pixel: float = 100.0, nodata: float = -9999.0) -> str:
    """A one-band float32 GeoTIFF (``epsg`` None: no CRS)."""
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), values.shape[1], values.shape[0], 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((west, pixel, 0.0, north, 0.0, -pixel))
    if epsg is not None:
        reference = osr.SpatialReference()
        reference.ImportFromEPSG(epsg)
        dataset.SetProjection(reference.ExportToWkt())
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    band.WriteArray(np.where(np.isfinite(values), values, nodata).astype(np.float32))
    dataset = None
    return str(path)


def unwritable_folder(tmp: Path) -> Path:
    """A folder no file can be created in: a 0o500 folder, or (as root, who writes anyway) /proc."""
    locked = tmp / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if not os.access(locked, os.W_OK):
        return locked
    locked.chmod(0o700)
    locked.rmdir()
    return Path("/proc")


# --- checks -----------------------------------------------------------------------------------------
#: Fragments of bare Python errors that must never reach the user.
BARE_ERRORS = ("Traceback", "NoneType", "index out of bounds", "has no attribute", "unsupported operand",
               "division by zero", "KeyError", "IndexError", "TypeError", "not subscriptable", "object is not",
               "out of range", "Errno", "errno", "could not broadcast", "zero-size array", "<built-in",
               "There were errors executing the algorithm")
#: A Python argument name (snake_case): the user sees UPPER_CASE Processing parameters, never these.
CODE_NAME = re.compile(r"(?<![\w/.-])[a-z]+(?:_[a-z0-9]+)+(?![\w/.-])")
FILE_NAMES_OK = ("crime_type",)  # the field names of the test layers
#: Words of a message that tells the user what to do.
FIX_WORDS = re.compile(r"\b(choose|use|set|give|add|pick|check|select|include|widen|enlarge|reduce|remove|change|"
                       r"make|convert|create|raise|lower|increase|decrease|run again|try|assign|reproject|"
                       r"compute|leave|keep|must|needs?|should)\b", re.I)


def run_catching(algorithm: str, parameters: dict, feedback: QgsProcessingFeedback | None = None):
    """(result or None, the exception or None) of processing.run; the exception is returned, not raised."""
    import processing

    try:
        return processing.run(algorithm, parameters, feedback=feedback or QgsProcessingFeedback()), None
    except Exception as error:  # noqa: BLE001 - the kind of exception is what the tests check
        return None, error


def assert_clean_refusal(error: BaseException | None, problem: str) -> str:
    """``error`` is a QgsProcessingException naming ``problem`` (a regex) and a fix, not a bare Python error."""
    assert error is not None, "the run succeeded; it should have been refused"
    assert isinstance(error, QgsProcessingException), f"{type(error).__name__}, not QgsProcessingException: {error}"
    message = str(error)
    for fragment in BARE_ERRORS:
        assert fragment not in message, f"bare error fragment {fragment!r} in: {message}"
    assert message.strip() not in ("", "Error:", "Error"), "empty message"
    code_names = [n for n in CODE_NAME.findall(message) if n not in FILE_NAMES_OK and "/" not in n]
    assert not code_names, f"the message names Python arguments {code_names}, not Processing parameters: {message}"
    assert re.search(problem, message, re.I), f"the message does not name the problem ({problem}): {message}"
    assert FIX_WORDS.search(message), f"the message does not say what to do: {message}"
    return message


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir()) if Path(folder).is_dir() else []


def assert_outputs_written(result: dict, paths: dict[str, str]) -> None:
    """Every file output of a successful run exists and is not empty."""
    for key, path in paths.items():
        value = result.get(key)
        if isinstance(value, str) and value and not value.startswith("memory:"):
            assert Path(value.split("|")[0]).exists(), f"{key} was not written"
            assert Path(value.split("|")[0]).stat().st_size > 0, f"{key} is empty"



# --- large layers -------------------------------------------------------------------------------------
def write_events_fast(path: Path, events, epsg: int = 2154) -> str:
    """``events`` as a GeoPackage layer ``events`` (``occurred`` DateTime, ``crime_type``) through CSV and
    gdal.VectorTranslate in one transaction: about a million points a minute instead of an OGR loop."""
    from crimerisk.algorithms.events import datetime64_from_days

    path = Path(path)
    csv = path.with_suffix(".csv")
    stamps = [str(s)[:19].replace("T", " ") for s in datetime64_from_days(events.t)]
    with open(csv, "w") as handle:
        handle.write("WKT,occurred,crime_type\n")
        for x, y, stamp, kind in zip(events.x, events.y, stamps, events.category):
            handle.write(f'"POINT ({x:.2f} {y:.2f})",{stamp},{kind}\n')
    csv.with_suffix(".csvt").write_text('"WKT","DateTime","String"\n')
    if path.exists():
        path.unlink()
    gdal.VectorTranslate(str(path), str(csv), format="GPKG", layerName="events",
                         options=["-a_srs", f"EPSG:{epsg}", "-nlt", "POINT", "-gt", "unlimited", "-select",
                                  "occurred,crime_type"])
    csv.unlink()
    csv.with_suffix(".csvt").unlink()
    return f"{path}|layername=events"


def scaled_city(rate_scale: float, days: float = 730.0, seed: int = 11):
    """The demo town's four crime types with ``rate_scale`` times the background rate, over a 36 x 27 km
    city (Lambert-93, from 630 km E, 6845 km N), ``days`` long: about 10 x rate_scale events a day."""
    from dataclasses import replace

    from crimerisk.algorithms.simulate import demo_spec, simulate_events

    base = demo_spec(seed=seed, n_days=days)
    spec = replace(base, categories=tuple(replace(c, background_rate=c.background_rate * rate_scale)
                                          for c in base.categories),
                   xmin=630_000.0, ymin=6_845_000.0, width=36_000.0, height=27_000.0, n_neighbourhoods=40)
    return simulate_events(spec)[0]
