"""crimerisk:sepp in the real qgis_process, headless: outputs written, fitted numbers in --json."""

import json

import numpy as np
import pytest

from crimerisk.tests.test_qgis_process import qgis_process  # noqa: F401 (the module-scoped QgisProcess fixture)

pytestmark = pytest.mark.qgis_process


def test_sepp_runs_and_reports_the_fit(qgis_process,  # noqa: F811
                                        demo_gpkg, tmp_path, raster_reader):
    out, report, parameters = tmp_path / "sepp.tif", tmp_path / "sepp.html", tmp_path / "sepp.json"
    answer = qgis_process.run("crimerisk:sepp", INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred",
                              CATEGORY_FIELD="crime_type", CATEGORIES="burglary", CELL_SIZE=300, MAX_ITERATIONS=60,
                              OUTPUT=str(out), OUTPUT_REPORT=str(report), OUTPUT_JSON=str(parameters))
    results = answer["results"]
    assert results["OUTPUT"] == str(out) and out.with_suffix(".qml").exists() and report.exists()
    for key in ("THETA", "OMEGA", "SIGMA", "BACKGROUND_RATE", "LOG_LIKELIHOOD", "ITERATIONS", "CONVERGED"):
        assert key in results, key
    model = json.loads(parameters.read_text(encoding="utf-8"))["models"]["all selected events"]
    assert float(results["THETA"]) == pytest.approx(model["theta"], rel=1e-9)
    assert float(results["SIGMA"]) == pytest.approx(model["sigma_m"], rel=1e-9)
    assert 0 < model["theta"] < 1 and model["sigma_m"] > 0
    values, transform, _ = raster_reader(str(out))
    assert transform[1] == 300
    assert np.nansum(values) == pytest.approx(model["expected_total"], rel=1e-5)
