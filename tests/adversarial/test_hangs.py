"""Hangs: a corrupted GeoPackage, a cancelled read: every read loop ends."""

from __future__ import annotations

import pytest
from adversarial_data import corrupt_geopackage, fingerprint
from hardening_cases import algorithm_id, run_catching
from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from crimerisk.plugin.io.reading import read_points


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)
        super().pushWarning(text)


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corrupt")
    return corrupt_geopackage(folder / "corrupt.gpkg"), folder


def test_the_reader_ends_on_a_corrupted_geopackage_and_reads_what_the_iterator_reads(corrupted):
    uri, _ = corrupted
    layer = QgsVectorLayer(uri, "events", "ogr")
    assert layer.isValid() and layer.featureCount() == 3000
    raw = read_points(layer, layer, ["occurred", "crime_type"], whole_layer=True)
    readable = sum(1 for _ in layer.getFeatures())
    assert 0 < raw.features == readable < 3000


def test_a_run_on_a_corrupted_geopackage_finishes_and_warns(crimerisk_provider, corrupted, tmp_path):
    uri, folder = corrupted
    before = fingerprint(folder)
    feedback = Recorder()
    result, error = run_catching(algorithm_id("kde"), {"INPUT": uri, "CELL_SIZE": 500, "RADIUS": 1000,
                                                       "OUTPUT": str(tmp_path / "kde.tif")}, feedback)
    assert error is None, error
    assert any("3000" in w.replace(",", "").replace("\u202f", "") and "damaged" in w for w in feedback.warnings), \
        feedback.warnings
    assert fingerprint(folder) == before


def test_a_cancelled_read_stops(corrupted):
    uri, _ = corrupted
    layer = QgsVectorLayer(uri, "events", "ogr")
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    raw = read_points(layer, layer, ["occurred"], whole_layer=True, feedback=feedback)
    assert raw.features < 3000
