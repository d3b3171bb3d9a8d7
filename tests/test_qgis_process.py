"""The provider loads headless in the real qgis_process, with iface None, and runs."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from qgis_process_runner import QgisProcess  # noqa: E402

pytestmark = pytest.mark.qgis_process


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("qgis-process"))


def test_provider_and_algorithms_are_listed(qgis_process):
    listing = qgis_process.call("list").stdout
    assert "crimerisk:kde" in listing
    help_text = qgis_process.call("help", "crimerisk:kde").stdout
    assert "RADIUS" in help_text and "CELL_SIZE" in help_text


def test_kde_runs_and_writes_styled_output(qgis_process, demo_gpkg, tmp_path, raster_reader):
    out = tmp_path / "kde.tif"
    answer = qgis_process.run("crimerisk:kde", INPUT=f"{demo_gpkg}|layername=events", CELL_SIZE=200, RADIUS=400,
                              TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", CATEGORIES="burglary;robbery",
                              OUTPUT=str(out))
    assert answer["results"]["OUTPUT"] == str(out)
    assert answer["results"]["RADIUS_USED"] == 400
    values, transform, _ = raster_reader(str(out))
    assert transform[1] == 200 and np.nanmax(values) > 0
    assert out.with_suffix(".qml").exists()


def test_bad_input_fails_cleanly_without_output(qgis_process, demo_gpkg, tmp_path):
    out = tmp_path / "never.tif"
    answer = qgis_process.run("crimerisk:kde", check=False, INPUT=f"{demo_gpkg}|layername=boundary",
                              OUTPUT=str(out))
    assert answer["returncode"] != 0
    assert "one point per event" in answer["error"]
    assert not out.exists()
