"""PostGIS cases against a real PostgreSQL/PostGIS server (see postgis_server.py): events read through the
feature iterator, NULL dates, stacked events, an output table over the input table."""

from __future__ import annotations

import datetime as dt
import subprocess

import numpy as np
import pytest
from adversarial_data import CENTRE, town_events, write_points
from hardening_cases import algorithm_id, assert_clean_refusal, files_in, run_catching
from osgeo import gdal
from postgis_server import binaries, start
from qgis.core import QgsProcessingFeedback, QgsVectorLayer


@pytest.fixture(scope="module")
def server():
    if binaries() is None:  # scripts/test.sh installs them: their absence is a failure, never a skip
        pytest.fail("PostgreSQL/PostGIS server binaries are missing: run scripts/test.sh, or "
                    "apt-get install postgresql postgis")
    running, stop = start()
    yield running
    stop()


def load(server, folder, table: str, x, y, columns) -> QgsVectorLayer:
    """Write the events to a GeoPackage, copy them into PostGIS and open the table as a postgres layer."""
    source = write_points(folder / f"{table}.gpkg", "events", x, y, columns)
    copied = gdal.VectorTranslate(server.ogr(), source.split("|")[0], format="PostgreSQL", layerName=table,
                                  layerCreationOptions=["GEOMETRY_NAME=geom", "FID=fid"],
                                  accessMode="overwrite")
    assert copied is not None
    copied = None
    layer = QgsVectorLayer(server.uri(table), table, "postgres")
    assert layer.isValid(), server.uri(table)
    return layer


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def pushInfo(self, text):  # noqa: N802
        self.lines.append(text)


def test_events_from_postgis_are_read_with_their_drops(crimerisk_provider, server, tmp_path):
    x, y, stamps, kinds = town_events(300)
    stamps = [None if i % 10 == 0 else s for i, s in enumerate(stamps)]
    layer = load(server, tmp_path, "town", x, y, {"occurred": stamps, "crime_type": list(kinds)})
    log = Log()
    result, error = run_catching(algorithm_id("trends"), {"INPUT": layer, "TIME_FIELD": "occurred", "STEP": 2,
                                                          "CATEGORY_FIELD": "crime_type", "CATEGORIES": "CAMBRIOLAGE",
                                                          "OUTPUT_TABLE": str(tmp_path / "t.gpkg")}, log)
    assert error is None, error
    text = "\n".join(log.lines)
    assert "Read 300 features (QGIS feature iterator)" in text
    assert "Dropped 30 events: missing or unreadable date" in text
    kept = sum(1 for i, k in enumerate(kinds) if i % 10 and k == "cambriolage")
    assert f"Kept {kept} events." in text


def test_stacked_events_from_postgis_are_refused_by_the_sepp_guard(crimerisk_provider, server, tmp_path):
    count = 40_000  # within 100 days: about 400 million close pairs, past the guard's 250 million
    stamps = [dt.datetime(2019, 1, 1) + dt.timedelta(days=100 * i / count) for i in range(count)]
    layer = load(server, tmp_path, "stacked", np.full(count, CENTRE[0]), np.full(count, CENTRE[1]),
                 {"occurred": stamps, "crime_type": ["vol"] * count})
    _, error = run_catching(algorithm_id("sepp"), {"INPUT": layer, "TIME_FIELD": "occurred", "CELL_SIZE": 500,
                                                   "OUTPUT": str(tmp_path / "sepp.tif")})
    assert_clean_refusal(error, "TIME_CUTOFF")
    assert not (tmp_path / "sepp.tif").exists()


def test_a_table_output_over_the_input_table_is_refused(crimerisk_provider, server, tmp_path):
    x, y, stamps, kinds = town_events(100)
    layer = load(server, tmp_path, "victim", x, y, {"occurred": stamps, "crime_type": list(kinds)})
    out = tmp_path / "out"
    out.mkdir()
    _, error = run_catching(algorithm_id("trends"), {"INPUT": layer, "TIME_FIELD": "occurred", "STEP": 2,
                                                     "OUTPUT_TABLE": "postgres:" + server.uri("victim")})
    assert_clean_refusal(error, "read by this run")
    assert QgsVectorLayer(server.uri("victim"), "v", "postgres").featureCount() == 100


def test_postgis_events_equal_the_geopackage_read_column_by_column(crimerisk_provider, server, tmp_path):
    """The iterator on PostGIS (only the needed attributes) gives the events GDAL's Arrow stream gives
    from the GeoPackage they were copied from, NULL dates and subset strings included."""
    from crimerisk.plugin.io.pipeline import EventRequest, load_events

    x, y, stamps, kinds = town_events(400)
    stamps = [None if i % 9 == 0 else s for i, s in enumerate(stamps)]
    layer = load(server, tmp_path, "same", x, y, {"occurred": stamps, "crime_type": list(kinds)})
    geopackage = QgsVectorLayer(f"{tmp_path / 'same.gpkg'}|layername=events", "same", "ogr")
    request = EventRequest(time_field="occurred", category_field="crime_type")
    for subset in ("", "crime_type = 'cambriolage'"):
        layer.setSubsetString(subset)
        geopackage.setSubsetString(subset)
        database = load_events(layer, layer, True, request, QgsProcessingFeedback())
        columnar = load_events(geopackage, geopackage, True, request, QgsProcessingFeedback())
        assert (database.report.reader, columnar.report.reader) == ("QGIS feature iterator", "GDAL Arrow")
        assert database.report.dropped == columnar.report.dropped
        for name in ("x", "y", "t", "weight"):
            np.testing.assert_array_equal(getattr(database.events, name), getattr(columnar.events, name))
        assert list(database.events.category) == list(columnar.events.category)
        assert len(database.events) < 400
