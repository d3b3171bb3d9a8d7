"""The shipped model weekly_patrol_plan.model3: valid, and it runs in processing.run and in qgis_process."""

import math
import sys
from pathlib import Path

import pytest
from qgis.core import QgsProcessingModelAlgorithm, QgsVectorLayer, QgsWkbTypes

import processing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_models import WEEKLY_PATROL, build_weekly_patrol_model, output_parameter_name  # noqa: E402
from qgis_process_runner import QgisProcess  # noqa: E402

INPUTS = {"date_field": "occurred", "cell_size": 250, "budget_percent": 3, "min_zone_cells": 2, "units": 2}


def load_model() -> QgsProcessingModelAlgorithm:
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(WEEKLY_PATROL))
    return model


def budget_cells(events) -> int:
    """3% of the forecast grid's cells: the events' box plus SEPP's 500 m margin, snapped to 250 m cells."""
    def cells(low, high):
        return math.ceil((high + 500) / 250) - math.floor((low - 500) / 250)
    return math.floor(INPUTS["budget_percent"] / 100 * cells(events.x.min(), events.x.max())
                      * cells(events.y.min(), events.y.max()))


def check_zones(path: str, budget_cells_at_most: float) -> None:
    layer = QgsVectorLayer(path, "zones", "ogr")
    assert layer.isValid() and QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PolygonGeometry
    zones = sorted(layer.getFeatures(), key=lambda f: f["rank"])
    assert len(zones) >= 1 and [f["rank"] for f in zones] == list(range(1, len(zones) + 1))
    expected = [f["expected_events"] for f in zones]
    assert expected == sorted(expected, reverse=True) and expected[0] > 0
    assert all(f["cells"] >= INPUTS["min_zone_cells"] for f in zones)
    assert {f["unit"] for f in zones} <= {1, 2}
    assert sum(f["cells"] for f in zones) <= budget_cells_at_most
    for zone in zones:
        assert zone.geometry().area() == pytest.approx(zone["cells"] * 250.0 ** 2)


def test_model_file_is_valid_and_matches_the_generator(crimerisk_provider):
    model = load_model()
    ok, issues = model.validate()
    assert ok, issues
    assert [c.algorithmId() for c in sorted(model.childAlgorithms().values(), key=lambda c: c.childId())] == [
        "crimerisk:patrolzones", "crimerisk:sepp"]
    assert output_parameter_name(model) in [o.name() for o in model.outputDefinitions()]
    regenerated = build_weekly_patrol_model()  # on QGIS 3.40+ its output is named unlike the shipped file's
    assert output_parameter_name(regenerated) in [o.name() for o in regenerated.outputDefinitions()]
    def inputs(which):
        return sorted(p.name() for p in which.parameterDefinitions() if not p.isDestination())
    assert inputs(regenerated) == inputs(model)
    assert len(regenerated.destinationParameterDefinitions()) == len(model.destinationParameterDefinitions()) == 1


def test_model_runs_headless_on_the_demo_town(crimerisk_provider, demo_gpkg, demo_events, tmp_path):
    out = str(tmp_path / "zones.gpkg")
    model = load_model()
    zones = output_parameter_name(model)
    result = processing.run(model, {"events": f"{demo_gpkg}|layername=events", **INPUTS, zones: out})
    assert result[zones] == out
    check_zones(out, budget_cells(demo_events[0]))


@pytest.mark.qgis_process
def test_model_runs_in_qgis_process(crimerisk_provider, demo_gpkg, demo_events, tmp_path):
    out = tmp_path / "zones.gpkg"
    zones = output_parameter_name(load_model())  # this QGIS's name, which its qgis_process uses too
    qgis = QgisProcess(tmp_path / "qgis")
    answer = qgis.run(str(WEEKLY_PATROL), events=f"{demo_gpkg}|layername=events", **INPUTS, **{zones: str(out)})
    assert Path(answer["results"][zones].split("|")[0]) == out
    check_zones(str(out), budget_cells(demo_events[0]))
    assert out.with_suffix(".qml").exists()
