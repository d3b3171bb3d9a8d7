"""The adversarial matrix: formats, CRSs, geometries, times, paths and corrupt files through several
algorithms. Each case is either a correct run (outputs written, events counted as expected) or a clean
refusal (a message naming the problem, no output left); never a traceback; inputs byte-identical."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
from adversarial_data import CENTRE, fingerprint, format_date, geojson_events, town_events, write_points
from hardening_cases import BARE_ERRORS, algorithm_id, assert_clean_refusal, files_in, run_catching
from osgeo import ogr
from qgis.core import QgsProcessingFeedback, QgsVectorLayer

OK, REFUSE, EITHER = "ok", "refuse", "either"
ALGORITHMS = {"kde": dict(CELL_SIZE=500, RADIUS=1000), "trends": dict(STEP=2), "sepp": dict(CELL_SIZE=1000,
                                                                                       MAX_ITERATIONS=5),
              "emerginghotspots": dict(CELL_SIZE=1000, NEIGHBOURHOOD=2000, TIME_STEP=2)}
OUTPUTS = {"kde": {"OUTPUT": "kde.tif"}, "trends": {"OUTPUT_TABLE": "trends.gpkg"}, "sepp": {"OUTPUT": "sepp.tif"},
           "emerginghotspots": {"OUTPUT_CATEGORIES": "c.tif", "OUTPUT_TREND": "t.tif", "OUTPUT_TABLE": "e.gpkg"}}


@dataclass
class Case:
    name: str
    build: Callable[[Path], dict]  # input folder -> INPUT (and other) parameters
    expect: str
    problem: str = "."
    kept: int | None = None  # events kept on success, when known
    outputs_to: Callable[[Path], Path] | None = None
    ok_for: tuple[str, ...] = ()  # algorithms for which a run is right (they build no grid, say)
    warns: str = ""  # a run must push a warning containing this


def town_columns(count: int = 300):
    x, y, stamps, kinds = town_events(count)
    return x, y, {"occurred": stamps, "crime_type": list(kinds)}


def shapefile(folder: Path) -> dict:
    x, y, stamps, kinds = town_events()
    path = folder / "events.shp"
    write_points(path, "events", x, y, {"occurred": [format_date(s, "iso") for s in stamps],
                                        "crime_type": list(kinds)}, driver="ESRI Shapefile")
    return {"INPUT": str(path)}


def geojson(folder: Path) -> dict:
    return {"INPUT": geojson_events(folder / "events.geojson")}


def multipoints(folder: Path) -> dict:
    x, y, columns = town_columns(100)
    geometries = []
    for xi, yi in zip(x, y):
        multi = ogr.Geometry(ogr.wkbMultiPoint)
        for dx in (0.0, 20.0):
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(xi + dx), float(yi))
            multi.AddGeometry(point)
        geometries.append(multi)
    return {"INPUT": write_points(folder / "multi.gpkg", "events", None, None, columns, geometries=geometries,
                                  geometry_type=ogr.wkbMultiPoint)}


def points_zm(folder: Path) -> dict:
    x, y, columns = town_columns(120)
    geometries = [ogr.CreateGeometryFromWkt(f"POINT ZM ({a} {b} 35 7)") for a, b in zip(x, y)]
    return {"INPUT": write_points(folder / "zm.gpkg", "events", None, None, columns, geometries=geometries,
                                  geometry_type=ogr.wkbPointZM)}


def empty_layer(folder: Path) -> dict:
    return {"INPUT": write_points(folder / "empty.gpkg", "events", [], [], {"occurred": [], "crime_type": []})}


def no_geometries(folder: Path) -> dict:
    x, y, columns = town_columns(50)
    return {"INPUT": write_points(folder / "nogeom.gpkg", "events", x * np.nan, y, columns)}


def far_future(folder: Path) -> dict:
    x, y, columns = town_columns(300)
    columns["occurred"][:3] = [dt.datetime(2099, 1, 1)] * 3
    return {"INPUT": write_points(folder / "future.gpkg", "events", x, y, columns)}


def one_instant(folder: Path) -> dict:
    x, y, columns = town_columns(80)
    columns["occurred"] = [dt.datetime(2020, 5, 1, 12)] * 80
    return {"INPUT": write_points(folder / "instant.gpkg", "events", x, y, columns)}


def text_dates(texts: list[str]) -> Callable[[Path], dict]:
    def build(folder: Path) -> dict:
        x, y, columns = town_columns(len(texts))
        columns["occurred"] = texts
        return {"INPUT": write_points(folder / "texts.gpkg", "events", x, y, columns)}
    return build


def excel_dates(folder: Path) -> dict:
    _, _, stamps, _ = town_events()
    return text_dates([format_date(s, "excel") for s in stamps])(folder)


def unicode_path(folder: Path) -> dict:
    sub = folder / "données été 2024"
    sub.mkdir()
    x, y, columns = town_columns()
    return {"INPUT": write_points(sub / "faits constatés.gpkg", "events", x, y, columns)}


def truncated(folder: Path) -> dict:
    x, y, columns = town_columns()
    uri = write_points(folder / "cut.gpkg", "events", x, y, columns)
    path = folder / "cut.gpkg"
    path.write_bytes(path.read_bytes()[:20_000])
    return {"INPUT": uri}


def zero_bytes(folder: Path) -> dict:
    (folder / "zero.gpkg").write_bytes(b"")
    return {"INPUT": str(folder / "zero.gpkg") + "|layername=events"}


def lines(folder: Path) -> dict:
    _, _, columns = town_columns(20)
    geometries = [ogr.CreateGeometryFromWkt(f"LINESTRING({CENTRE[0]} {CENTRE[1] + i}, {CENTRE[0] + 50} {CENTRE[1]})")
                  for i in range(20)]
    return {"INPUT": write_points(folder / "lines.gpkg", "events", None, None, columns, geometries=geometries,
                                  geometry_type=ogr.wkbLineString)}


def continent(folder: Path) -> dict:
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(-10, 30, 200), rng.uniform(40, 55, 200)
    _, _, columns = town_columns(200)
    return {"INPUT": write_points(folder / "continent.gpkg", "events", lon, lat, columns, epsg=4326)}


def huge_coordinates(folder: Path) -> dict:
    x, y, columns = town_columns()
    x[0] = 1e308
    return {"INPUT": write_points(folder / "huge.gpkg", "events", x, y, columns)}


def web_mercator(folder: Path) -> dict:
    x, y, columns = town_columns()
    return {"INPUT": write_points(folder / "mercator.gpkg", "events", x - 400_000, y - 1_600_000, columns,
                                  epsg=3857)}


def metres_labelled_degrees(folder: Path) -> dict:
    """Lambert-93 metres in a layer whose CRS says WGS 84 degrees (the '12,567 degrees' layer)."""
    x, y, columns = town_columns()
    return {"INPUT": write_points(folder / "mislabelled.gpkg", "events", x, y, columns, epsg=4326)}


def decimal_comma_csv(folder: Path) -> dict:
    """A French spreadsheet export: decimal commas in the coordinates, read without telling QGIS so."""
    x, y, stamps, kinds = town_events()
    path = folder / "virgules.csv"
    rows = "".join(f"{a:.1f};{b:.1f};{format_date(s, 'french')};{k}\n".replace(".", ",")
                   for a, b, s, k in zip(x, y, stamps, kinds))
    path.write_text("x;y;occurred;crime_type\n" + rows, encoding="utf-8")
    layer = QgsVectorLayer(f"file://{path}?type=csv&delimiter=;&xField=x&yField=y&crs=EPSG:2154&detectTypes=no",
                           "virgules", "delimitedtext")
    return {"INPUT": layer}


def before_1970(folder: Path) -> dict:
    x, y, columns = town_columns()
    columns["occurred"] = [s.replace(year=s.year - 60) for s in columns["occurred"]]
    return {"INPUT": write_points(folder / "old.gpkg", "events", x, y, columns)}


def missing_output_folder(folder: Path) -> dict:
    x, y, columns = town_columns()
    return {"INPUT": write_points(folder / "town.gpkg", "events", x, y, columns)}


CASES = [
    Case("shapefile with text dates", shapefile, OK, kept=300),
    Case("geojson in WGS 84", geojson, OK, kept=300),
    Case("multipoints: one event per point", multipoints, OK, kept=200),
    Case("points with Z and M", points_zm, OK, kept=120),
    Case("empty layer", empty_layer, REFUSE, "empty"),
    Case("no geometry at all", no_geometries, REFUSE, "point geometry"),
    Case("dates in 2099 among 2019-2020", far_future, OK, kept=300, warns="2099-01-01"),
    Case("every event at one instant", one_instant, EITHER),
    Case("dates with UTC offsets", text_dates([f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+02:00"
                                                for i in range(300)]), OK, kept=300),
    Case("dates as years only", text_dates([str(2015 + i % 5) for i in range(300)]), REFUSE, "numbers.*not dates"),
    Case("Excel serial dates", excel_dates, REFUSE, "spreadsheet serial day numbers"),
    Case("accents and spaces in the path", unicode_path, OK, kept=300),
    Case("truncated GeoPackage", truncated, EITHER),
    Case("zero-byte GeoPackage", zero_bytes, REFUSE, "INPUT"),
    Case("lines instead of points", lines, REFUSE, "(point|INPUT)"),
    Case("points over a continent in degrees", continent, REFUSE, "UTM|Target CRS"),
    Case("a coordinate of 1e308", huge_coordinates, REFUSE, "far from all the others", ok_for=("trends",),
         warns="1 events lie far from all the others"),
    Case("web mercator metres", web_mercator, OK, kept=300),
    Case("Lambert metres in a layer labelled WGS 84", metres_labelled_degrees, REFUSE, "not longitudes"),
    Case("decimal commas in a CSV", decimal_comma_csv, REFUSE, "no geometry.*decimal separator"),
    Case("events in 1959-1960", before_1970, OK, kept=300),
    Case("output folder missing", missing_output_folder, REFUSE, "does not exist",
         outputs_to=lambda tmp: tmp / "missing" / "deeper"),
]
DATELESS_OK = {"kde"}  # algorithms that run without dates: date problems do not concern them


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.warnings: list[str] = []

    def pushInfo(self, text):  # noqa: N802
        self.lines.append(text)

    def pushWarning(self, text):  # noqa: N802
        self.lines.append(text)
        self.warnings.append(text)

    def reportError(self, error, fatalError=False):  # noqa: N802, N803
        self.lines.append(error)


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(crimerisk_provider, tmp_path, case: Case, name: str):
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    parameters = case.build(inputs)
    target = case.outputs_to(tmp_path) if case.outputs_to else out
    parameters.update(TIME_FIELD="occurred", **ALGORITHMS[name])
    parameters.update({key: str(target / file) for key, file in OUTPUTS[name].items()})
    before = fingerprint(inputs)
    log = Log()
    result, error = run_catching(algorithm_id(name), parameters, log)
    for fragment in ("Traceback", *BARE_ERRORS[:3]):
        assert all(fragment not in line for line in log.lines), log.lines
    expect = case.expect
    if (name in DATELESS_OK and "date" in case.problem) or name in case.ok_for:
        expect = OK if name in case.ok_for else EITHER
    if error is not None:
        assert expect in (REFUSE, EITHER), f"refused: {error}"
        message = str(error)
        assert all(fragment not in message for fragment in BARE_ERRORS), message
        if expect == REFUSE and "INPUT" not in case.problem:
            assert_clean_refusal(error, case.problem)
        assert files_in(out) == [] and not any(target.glob("*")) if target.exists() else True
    else:
        assert expect in (OK, EITHER), f"ran, but should have been refused ({case.problem})"
        for key in OUTPUTS[name]:
            assert Path(str(result[key]).split("|")[0]).exists(), key
        if case.warns:
            assert any(case.warns in line for line in log.warnings), log.warnings
        if case.kept is not None:
            kept = [int(line.split()[1]) for line in log.lines if line.startswith("Kept ")]
            assert kept and kept[0] == case.kept, log.lines
    assert fingerprint(inputs) == before, "an input changed"
