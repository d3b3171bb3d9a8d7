"""Silent wrong results: spellings of a crime type, what each algorithm read and dropped, month-first dates,
provider filters, daylight-saving clock times, implausible events. Each case checks the right answer."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from adversarial_data import CENTRE, csv_events, fingerprint, town_events, write_points
from hardening_cases import algorithm_id, assert_clean_refusal, run_catching
from osgeo import ogr, osr
from qgis.core import QgsProcessingFeedback, QgsVectorLayer


class Log(QgsProcessingFeedback):
    """Every info and warning line of a run."""

    def __init__(self):
        super().__init__()
        self.info: list[str] = []
        self.warnings: list[str] = []

    def pushInfo(self, text):  # noqa: N802
        self.info.append(text)

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)


def run_logged(name: str, parameters: dict):
    log = Log()
    result, error = run_catching(algorithm_id(name), parameters, log)
    return result, error, log


SPELLINGS = ["cambriolage", "CAMBRIOLAGE", "cambriolage  ", " Cambriolage", "cambriolage", "vol", "VOL "]


@pytest.fixture
def spelled(tmp_path):
    """200 events whose crime type is written seven ways for two types."""
    x, y, stamps, _ = town_events(210)
    kinds = [SPELLINGS[i % len(SPELLINGS)] for i in range(210)]
    return write_points(tmp_path / "spelled.gpkg", "events", x, y, {"occurred": stamps, "crime_type": kinds}), kinds


def test_every_spelling_of_a_crime_type_is_kept(crimerisk_provider, spelled, tmp_path):
    uri, kinds = spelled
    wanted = sum(1 for k in kinds if k.strip().lower() == "cambriolage")
    result, error, log = run_logged("kde", {"INPUT": uri, "CATEGORY_FIELD": "crime_type", "CATEGORIES": "Cambriolage",
                                            "CELL_SIZE": 500, "OUTPUT": str(tmp_path / "kde.tif")})
    assert error is None, error
    assert f"Kept {wanted} events." in log.info, log.info
    assert any("counted as one" in line for line in log.info)


def test_per_category_bands_merge_spellings(crimerisk_provider, spelled, tmp_path):
    uri, _ = spelled
    result, error, log = run_logged("sepp", {"INPUT": uri, "TIME_FIELD": "occurred", "CATEGORY_FIELD": "crime_type",
                                             "PER_CATEGORY": True, "CELL_SIZE": 1000, "MAX_ITERATIONS": 5,
                                             "OUTPUT": str(tmp_path / "sepp.tif")})
    assert error is None, error
    from osgeo import gdal
    bands = gdal.Open(result["OUTPUT"])
    names = sorted(bands.GetRasterBand(i + 1).GetDescription() for i in range(bands.RasterCount))
    assert bands.RasterCount == 2, names


def test_trends_logs_what_it_read_dropped_and_kept(crimerisk_provider, tmp_path):
    x, y, stamps, kinds = town_events(200)
    x[:40] = np.nan  # 20% ungeocoded
    stamps = [None if i % 10 == 5 else s for i, s in enumerate(stamps)]  # 10% undated
    uri = write_points(tmp_path / "holes.gpkg", "events", x, y, {"occurred": stamps, "crime_type": list(kinds)})
    _, error, log = run_logged("trends", {"INPUT": uri, "TIME_FIELD": "occurred", "STEP": 2,
                                          "OUTPUT_TABLE": str(tmp_path / "t.gpkg")})
    assert error is None, error
    text = "\n".join(log.info)
    assert "Read 200 features" in text and "Dropped 40 events: no geometry" in text
    undated = sum(1 for i in range(40, 200) if i % 10 == 5)
    assert f"Dropped {undated} events: missing or unreadable date" in text
    assert f"Kept {200 - 40 - undated} events." in text


def kept(log: Log) -> int:
    line = next(line for line in log.info if line.startswith("Kept "))
    return int(line.split()[1])


@pytest.mark.parametrize("date_format", ["french", "iso", "us"])
def test_text_dates_of_every_convention_read_the_same_events(crimerisk_provider, tmp_path, date_format):
    layer = csv_events(tmp_path / f"{date_format}.csv", date_format)
    before = fingerprint(tmp_path)
    _, error, log = run_logged("trends", {"INPUT": layer, "TIME_FIELD": "datefaits", "STEP": 2,
                                          "OUTPUT_TABLE": str(tmp_path / "out.gpkg")})
    assert error is None, error
    assert kept(log) == 300
    assert any("month first" in w for w in log.warnings) == (date_format == "us"), log.warnings
    assert {k: v for k, v in fingerprint(tmp_path).items() if not k.startswith("out")} == before


def test_us_dates_give_the_same_series_as_iso_dates(crimerisk_provider, tmp_path):
    results = {}
    for date_format in ("iso", "us"):
        layer = csv_events(tmp_path / f"{date_format}.csv", date_format)
        result, error, _ = run_logged("trends", {"INPUT": layer, "TIME_FIELD": "datefaits", "STEP": 2,
                                                 "OUTPUT_TABLE": str(tmp_path / f"{date_format}.gpkg")})
        assert error is None, error
        table = QgsVectorLayer(result["OUTPUT_TABLE"], "t", "ogr")
        results[date_format] = [f.attributes()[1:] for f in table.getFeatures()]
    assert results["us"] == results["iso"]


def test_a_column_mixing_day_first_and_month_first_is_refused(crimerisk_provider, tmp_path):
    path = tmp_path / "mixed.csv"
    csv_events(path, "french")
    lines = path.read_text().splitlines()
    lines[5] = lines[5].replace(lines[5].split(";")[2], "03/25/2019 10:00")
    lines[6] = lines[6].replace(lines[6].split(";")[2], "25/03/2019 10:00")
    path.write_text("\n".join(lines) + "\n")
    layer = QgsVectorLayer(f"file://{path}?type=csv&delimiter=;&xField=x&yField=y&crs=EPSG:2154&detectTypes=no",
                           "mixed", "delimitedtext")
    _, error, _ = run_logged("trends", {"INPUT": layer, "TIME_FIELD": "datefaits", "STEP": 2,
                                        "OUTPUT_TABLE": str(tmp_path / "out.gpkg")})
    assert_clean_refusal(error, r"mix.*DATE_FORMAT")


def test_ambiguous_dates_are_said_and_date_format_reads_them_month_first(crimerisk_provider, tmp_path):
    path = tmp_path / "ambiguous.csv"
    path.write_text("x;y;d\n" + "".join(f"{CENTRE[0] + i};{CENTRE[1]};{1 + i % 12:02d}/{1 + i % 11:02d}/2020\n"
                                         for i in range(60)))
    layer = QgsVectorLayer(f"file://{path}?type=csv&delimiter=;&xField=x&yField=y&crs=EPSG:2154&detectTypes=no",
                           "ambiguous", "delimitedtext")
    base = {"INPUT": layer, "TIME_FIELD": "d", "CELL_SIZE": 500, "RADIUS": 1000, "OUTPUT": str(tmp_path / "k.tif")}
    _, error, log = run_logged("kde", base)
    assert error is None and any("cannot be told apart" in w for w in log.warnings), log.warnings
    for choice, month_of in ((2, lambda i: 1 + i % 12), (1, lambda i: 1 + i % 11)):  # month first, day first
        _, error, log = run_logged("kde", {**base, "DATE_FORMAT": choice, "START": "2020-02-01",
                                           "END": "2020-02-29"})
        assert error is None, error
        assert kept(log) == sum(1 for i in range(60) if month_of(i) == 2)
        # No date warning; the one left is right: a 1,000 m radius over events on a line a few metres long.
        assert [w for w in log.warnings if "RADIUS" not in w] == [], log.warnings


def test_the_fast_reader_honours_a_geometry_type_filter(crimerisk_provider, tmp_path):
    path = tmp_path / "mixed.gpkg"
    point = "POINT ({} {})"
    square = "POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))"
    geometries = [ogr.CreateGeometryFromWkt(point.format(CENTRE[0] + i * 10, CENTRE[1])) for i in range(30)]
    geometries += [ogr.CreateGeometryFromWkt(square.format(CENTRE[0] + 5000, CENTRE[1] + 5000, CENTRE[0] + 5100,
                                                           CENTRE[1] + 5100)) for _ in range(20)]
    write_points(path, "events", None, None, {"crime_type": ["vol"] * 50}, geometries=geometries,
                 geometry_type=ogr.wkbUnknown)
    _, error, log = run_logged("kde", {"INPUT": f"{path}|layername=events|geometrytype=Point", "CELL_SIZE": 100,
                                       "OUTPUT": str(tmp_path / "k.tif")})
    assert error is None, error
    assert kept(log) == 30


def test_selected_features_only_are_read(crimerisk_provider, town, tmp_path):
    from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject
    layer = QgsVectorLayer(town["events"], "events", "ogr")
    layer.selectByIds(list(range(1, 51)))
    QgsProject.instance().addMapLayer(layer)
    try:
        _, error, log = run_logged("kde", {"INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), True),
                                           "CELL_SIZE": 500, "OUTPUT": str(tmp_path / "k2.tif")})
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert error is None, error
    assert kept(log) == 50


DST_SCRIPT = textwrap.dedent("""
    import datetime as dt, json, sys
    sys.path[:0] = {paths!r}
    from qgis.core import QgsApplication, QgsVectorLayer
    app = QgsApplication([], False)
    app.initQgis()
    from adversarial_data import write_points
    from crimerisk.algorithms.dates import times_to_days
    from crimerisk.plugin.io.reading import read_points
    from pathlib import Path
    stamps = [dt.datetime(2019, 3, 31, 1, 30), dt.datetime(2019, 3, 31, 2, 30), dt.datetime(2019, 3, 31, 2, 59),
              dt.datetime(2019, 10, 27, 2, 30), dt.datetime(2019, 3, 31, 3, 30)]
    folder = Path({folder!r})
    gpkg = write_points(folder / "dst.gpkg", "events", [1.0] * 5, [2.0] * 5, {{"occurred": stamps}})
    geojson = write_points(folder / "dst.geojson", "events", [1.0] * 5, [2.0] * 5, {{"occurred": stamps}},
                           driver="GeoJSON")
    out = {{}}
    for name, uri in (("gpkg", gpkg), ("geojson", geojson)):
        layer = QgsVectorLayer(uri, name, "ogr")
        for whole in (True, False):
            raw = read_points(layer, layer, ["occurred"], whole_layer=whole)
            out[f"{{name}}-{{raw.reader}}"] = [round(float(d) * 1440) for d in times_to_days(raw.columns["occurred"])[0]]
    print(json.dumps(out))
""")


def test_daylight_saving_clock_times_read_the_same_through_every_reader(tmp_path):
    import json
    root = Path(__file__).resolve().parents[1]
    import crimerisk
    PLUGIN_PARENT = Path(crimerisk.__path__[0]).parent
    script = DST_SCRIPT.format(paths=[str(PLUGIN_PARENT), str(Path(__file__).parent), str(root)], folder=str(tmp_path))
    env = {**os.environ, "TZ": "Europe/Paris", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    readings = json.loads(done.stdout.strip().splitlines()[-1])
    expected = [round((dt.datetime(2019, m, d, h, mi) - dt.datetime(1970, 1, 1)).total_seconds() / 60)
                for m, d, h, mi in ((3, 31, 1, 30), (3, 31, 2, 30), (3, 31, 2, 59), (10, 27, 2, 30), (3, 31, 3, 30))]
    assert len(readings) >= 3
    for reader, minutes in readings.items():
        assert minutes == expected, (reader, minutes)


def geographic_city(tmp_path, extra_lonlat: list[tuple[float, float]], duplicates: int = 0) -> str:
    """The town in WGS 84 plus events at ``extra_lonlat`` (e.g. geocoded to 0,0) and exact duplicates."""
    x, y, stamps, kinds = town_events(300)
    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(2154)
    target.ImportFromEPSG(4326)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lonlat = osr.CoordinateTransformation(source, target).TransformPoints(np.column_stack([x, y]).tolist())
    lon = [p[0] for p in lonlat] + [p[0] for p in extra_lonlat] + [lonlat[0][0]] * duplicates
    lat = [p[1] for p in lonlat] + [p[1] for p in extra_lonlat] + [lonlat[0][1]] * duplicates
    stamps = stamps + [stamps[0]] * (len(extra_lonlat) + duplicates)
    kinds = list(kinds) + [kinds[0]] * (len(extra_lonlat) + duplicates)
    return write_points(tmp_path / "city.gpkg", "events", np.array(lon), np.array(lat),
                        {"occurred": stamps, "crime_type": kinds}, epsg=4326)


def test_events_geocoded_to_zero_are_named_in_the_grid_refusal(crimerisk_provider, tmp_path):
    uri = geographic_city(tmp_path, [(0.0, 0.0)] * 6)
    out = tmp_path / "out"
    out.mkdir()
    _, error, log = run_logged("kde", {"INPUT": uri, "CELL_SIZE": 150, "TARGET_CRS": "EPSG:2154",
                                       "OUTPUT": str(out / "k.tif")})
    message = assert_clean_refusal(error, r"6 events lie far from all the others.*EXTENT.*MASK")
    assert "cell size of" not in message
    assert list(out.iterdir()) == []


def test_far_events_and_duplicates_are_warned_about(crimerisk_provider, tmp_path):
    uri = geographic_city(tmp_path, [(2.0, 47.0)] * 2, duplicates=8)  # 2 events 150 km away, 8 copies
    _, error, log = run_logged("kde", {"INPUT": uri, "TIME_FIELD": "occurred", "CELL_SIZE": 2000,
                                       "OUTPUT": str(tmp_path / "k.tif")})
    assert error is None, error
    assert any(w.startswith("2 events lie far") for w in log.warnings), log.warnings
    copies = [w for w in log.warnings if "exact copies" in w]
    assert copies and int(copies[0].split()[0]) >= 8, log.warnings


def test_events_dated_far_from_the_others_are_warned_about(crimerisk_provider, tmp_path):
    x, y, stamps, kinds = town_events(200)
    stamps[3] = dt.datetime(1900, 1, 1)
    uri = write_points(tmp_path / "old.gpkg", "events", x, y, {"occurred": stamps, "crime_type": list(kinds)})
    _, error, log = run_logged("trends", {"INPUT": uri, "TIME_FIELD": "occurred", "STEP": 2,
                                          "OUTPUT_TABLE": str(tmp_path / "t.gpkg"),
                                          "OUTPUT_HTML": str(tmp_path / "t.html")})
    assert any("1900-01-01" in w and "START" in w for w in log.warnings), log.warnings
    report = (tmp_path / "t.html").read_text()
    assert "Warnings about the data" in report and "1900-01-01" in report


def test_the_fast_reader_honours_a_layer_filter(crimerisk_provider, town, tmp_path):
    from qgis.core import QgsProject
    layer = QgsVectorLayer(town["events"], "events", "ogr")
    assert layer.setSubsetString("crime_type = 'vol'")
    wanted = sum(1 for _ in layer.getFeatures())
    QgsProject.instance().addMapLayer(layer)
    try:
        _, error, log = run_logged("kde", {"INPUT": layer.id(), "CELL_SIZE": 500, "OUTPUT": str(tmp_path / "k.tif")})
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert error is None, error
    assert 0 < wanted < 300 and kept(log) == wanted
