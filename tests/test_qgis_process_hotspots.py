"""The hot spot statistics and trend algorithms run headless in the real qgis_process."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from qgis_process_runner import QgisProcess  # noqa: E402

pytestmark = pytest.mark.qgis_process


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("qgis-process-hotspots"))


def test_gistar_runs_and_writes_styled_rasters(qgis_process, demo_gpkg, tmp_path, raster_reader):
    z_path, class_path = tmp_path / "z.tif", tmp_path / "classes.tif"
    answer = qgis_process.run("crimerisk:gistar", INPUT=f"{demo_gpkg}|layername=events", CELL_SIZE=400,
                              NEIGHBOURHOOD=800, OUTPUT_Z=str(z_path), OUTPUT_CLASSES=str(class_path))
    results = answer["results"]
    classes, transform, _ = raster_reader(str(class_path))
    assert transform[1] == 400 and set(np.unique(classes)) <= set(range(-3, 4))
    assert results["HOT_CELLS"] == int(np.sum(classes > 0)) > 0
    assert np.nanmax(raster_reader(str(z_path))[0]) > 1.96
    assert z_path.with_suffix(".qml").exists() and class_path.with_suffix(".qml").exists()


def test_emerging_hot_spots_runs_and_writes_its_outputs(qgis_process, demo_gpkg, tmp_path, raster_reader):
    outputs = {"OUTPUT_CATEGORIES": tmp_path / "categories.tif", "OUTPUT_TREND": tmp_path / "trend.tif",
               "OUTPUT_TABLE": tmp_path / "categories.csv"}
    answer = qgis_process.run("crimerisk:emerginghotspots", INPUT=f"{demo_gpkg}|layername=events",
                              TIME_FIELD="occurred", TIME_STEP=2, CELL_SIZE=500,
                              **{k: str(v) for k, v in outputs.items()})
    assert answer["results"]["STEPS"] == 24
    categories, _, _ = raster_reader(str(outputs["OUTPUT_CATEGORIES"]))
    assert set(np.unique(categories)) <= set(range(-8, 9))
    lines = outputs["OUTPUT_TABLE"].read_text().splitlines()
    assert lines[0].startswith("code,category,cells,share") and len(lines) == 18
    assert outputs["OUTPUT_TREND"].exists() and outputs["OUTPUT_CATEGORIES"].with_suffix(".qml").exists()


def test_trends_runs_and_writes_table_and_report(qgis_process, demo_gpkg, tmp_path):
    table, report = tmp_path / "trends.csv", tmp_path / "trends.html"
    answer = qgis_process.run("crimerisk:trends", INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred",
                              CATEGORY_FIELD="crime_type", STEP=1, ZONES=f"{demo_gpkg}|layername=boundary",
                              OUTPUT_TABLE=str(table), OUTPUT_HTML=str(report))
    assert answer["results"]["STEPS"] == 104 and answer["results"]["GROUPS"] == 10
    lines = table.read_text().splitlines()
    assert lines[0].startswith("category,zone,events,first_date,last_date") and len(lines) == 11
    assert "<svg" in report.read_text(encoding="utf-8")
