"""crimerisk:backtest and crimerisk:patrolzones run headless in the real qgis_process."""

import sys
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from qgis_process_runner import QgisProcess  # noqa: E402

pytestmark = pytest.mark.qgis_process


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("qgis-process-evaluation"))


def feature_count(path: str) -> int:
    layer = QgsVectorLayer(path, "t", "ogr")
    assert layer.isValid(), path
    return layer.featureCount()


def test_backtest_writes_tables_report_and_winner(qgis_process, demo_gpkg, tmp_path):
    folds, summary, html = tmp_path / "folds.gpkg", tmp_path / "summary.gpkg", tmp_path / "report.html"
    answer = qgis_process.run("crimerisk:backtest", INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred",
                              CELL_SIZE=400, METHODS="kde", FOLDS=2, COVERAGES="5,10", OUTPUT_FOLDS=str(folds),
                              OUTPUT_SUMMARY=str(summary), OUTPUT_HTML=str(html))
    results = answer["results"]
    assert results["WINNER"] in {"kde", "last_period", "decayed", "random"}
    assert results["WINNER_PAI"] > 1
    assert feature_count(str(summary)) == 4 * 2 and feature_count(str(folds)) == 4 * 2 * 2
    assert results["VERDICT"] in html.read_text(encoding="utf-8").replace("&#x27;", "'")


def test_patrolzones_ranks_zones_of_a_demo_risk_map(qgis_process, crimerisk_provider, demo_gpkg, tmp_path):
    import processing

    risk = str(tmp_path / "risk.tif")
    processing.run("crimerisk:kde", {"INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 200, "RADIUS": 400,
                                     "OUTPUT": risk})
    out = tmp_path / "zones.gpkg"
    answer = qgis_process.run("crimerisk:patrolzones", INPUT=risk, BAND=1, BUDGET=2, BUDGET_UNIT=2,
                              MIN_ZONE_CELLS=3, CONNECTIVITY=8, UNITS=3, OUTPUT=str(out))
    results = answer["results"]
    layer = QgsVectorLayer(str(out), "zones", "ogr")
    ranks = sorted(f["rank"] for f in layer.getFeatures())
    assert ranks == list(range(1, results["ZONES"] + 1)) and results["ZONES"] >= 1
    assert {f["unit"] for f in layer.getFeatures()} <= {1, 2, 3}
    assert results["SELECTED_CELLS"] <= results["BUDGET_CELLS"]
    assert all(f["cells"] >= 3 for f in layer.getFeatures())
    assert out.with_suffix(".qml").exists()
