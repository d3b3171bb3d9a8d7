"""crimerisk:knox and crimerisk:nearrepeat in the real qgis_process, headless: outputs written."""

import numpy as np
import pytest
from qgis.core import QgsVectorLayer

from crimerisk.tests.test_qgis_process import qgis_process  # noqa: F401 (the module-scoped QgisProcess fixture)

pytestmark = pytest.mark.qgis_process

EVENTS = dict(TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", CATEGORIES="burglary")


def test_knox_writes_the_table_and_the_report(qgis_process,  # noqa: F811
                                              demo_gpkg, tmp_path):
    table, report = tmp_path / "knox.gpkg", tmp_path / "knox.html"
    answer = qgis_process.run("crimerisk:knox", INPUT=f"{demo_gpkg}|layername=events", PERMUTATIONS=99,
                              OUTPUT=str(table), OUTPUT_HTML=str(report), **EVENTS)
    results = answer["results"]
    assert float(results["SIGNIFICANT_DISTANCE"]) > 0 and float(results["SIGNIFICANT_DAYS"]) > 0
    assert QgsVectorLayer(str(table), "knox", "ogr").featureCount() == 36
    assert "Within 100 m and within 7 days of an event (burglary)" in report.read_text(encoding="utf-8")


def test_nearrepeat_writes_the_styled_raster_and_the_alerts(qgis_process,  # noqa: F811
                                                            demo_gpkg, tmp_path, raster_reader):
    raster, alerts = tmp_path / "nr.tif", tmp_path / "alerts.gpkg"
    answer = qgis_process.run("crimerisk:nearrepeat", INPUT=f"{demo_gpkg}|layername=events", CELL_SIZE=200,
                              AS_OF="2019-06-01", OUTPUT=str(raster), OUTPUT_ALERTS=str(alerts), **EVENTS)
    results = answer["results"]
    values, transform, _ = raster_reader(str(raster))
    assert transform[1] == 200 and np.nanmean(values) == pytest.approx(1.0, rel=1e-4)
    assert raster.with_suffix(".qml").exists()
    layer = QgsVectorLayer(str(alerts), "alerts", "ogr")
    assert layer.featureCount() == int(results["ALERTS"]) > 0
    assert float(results["SPACE_BANDWIDTH_USED"]) == 400 and int(results["TRIGGERS"]) > 0
