"""crimerisk:intervention runs headless in the real qgis_process on the sample town's planted patrols."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from qgis_process_runner import QgisProcess  # noqa: E402

pytestmark = pytest.mark.qgis_process

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample" / "crimerisk_sample.gpkg"


def test_intervention_finds_the_planted_patrol_effect_in_the_sample_town(tmp_path):
    """The sample's patrol zones lost 30% of their events from 2020-03-02: the estimate is a drop, and
    the report warns of regression to the mean against the rest of the town."""
    qgis = QgisProcess(tmp_path / "qgis")
    html = tmp_path / "intervention.html"
    answer = qgis.run("crimerisk:intervention", INPUT=f"{SAMPLE}|layername=events", TIME_FIELD="occurred",
                      MASK=f"{SAMPLE}|layername=boundary", TREATED=f"{SAMPLE}|layername=patrol_zones",
                      CATCHMENT_DISTANCE=300, INTERVENTION_START="2020-03-02", INTERVENTION_END="2020-12-30",
                      OUTPUT_TABLE=str(tmp_path / "table.csv"), OUTPUT_HTML=str(html))
    results = answer["results"]
    assert results["PERCENT_CHANGE_HIGH"] < 0 < results["TOTAL_NET_EFFECT"]
    assert results["PERCENT_CHANGE_LOW"] < results["PERCENT_CHANGE"] < results["PERCENT_CHANGE_HIGH"]
    text = html.read_text(encoding="utf-8")
    assert "Regression to the mean" in text and "<svg" in text
    assert (tmp_path / "table.csv").read_text(encoding="utf-8").count("\n") == 7  # header + 3 areas x 2 periods
