"""crimerisk:mlforecast in the real qgis_process, headless: outputs written, model numbers in --json."""

import json

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.tests.vector_io import write_events
from crimerisk.tests.test_qgis_process import qgis_process  # noqa: F401 (the module-scoped QgisProcess fixture)

pytestmark = pytest.mark.qgis_process


def test_mlforecast_runs_with_a_feature_layer_and_reports_the_model(qgis_process,  # noqa: F811
                                                                      demo_gpkg, demo_events, tmp_path, raster_reader):
    burglary = demo_events[0].of_categories(["burglary"])
    bars = write_events(str(tmp_path / "bars.gpkg"), "bars", EventSet.from_arrays(
        np.median(burglary.x) + np.array([0.0, 250.0]), np.median(burglary.y) + np.array([0.0, -300.0])), 2154,
        with_time=False)
    out, report, parameters = tmp_path / "ml.tif", tmp_path / "ml.html", tmp_path / "ml.json"
    answer = qgis_process.run("crimerisk:mlforecast", INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred",
                              CATEGORY_FIELD="crime_type", CATEGORIES="burglary", CELL_SIZE=300, TRAINING_PERIODS=8,
                              MAX_ITER=40, FEATURE_LAYERS=[bars], OUTPUT=str(out), OUTPUT_REPORT=str(report),
                              OUTPUT_JSON=str(parameters))
    results = answer["results"]
    assert results["OUTPUT"] == str(out) and out.with_suffix(".qml").exists() and report.exists()
    model = json.loads(parameters.read_text(encoding="utf-8"))["models"]["all selected events"]
    assert "dist_bars" in model["features"] and "density_bars" in model["features"]
    assert int(results["TRAINING_SAMPLES"]) == model["training_samples"] and model["training_periods"] == 8
    assert float(results["HOLDOUT_D2"]) == pytest.approx(model["holdout_d2"], rel=1e-9)
    assert results["TOP_FEATURE"] == model["importances"][0][0]
    values, transform, _ = raster_reader(str(out))
    assert transform[1] == 300
    assert np.nansum(values) == pytest.approx(model["expected_total"], rel=1e-5)
    assert float(results["EXPECTED_EVENTS"]) == pytest.approx(model["expected_total"], rel=1e-6)
