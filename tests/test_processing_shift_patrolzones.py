"""crimerisk:patrolzones with SHIFTS through processing.run on a simulated town whose night district
is at risk at night and whose busier day district is at risk in the day."""

import json

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsGeometry, QgsPointXY, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

import processing
from crimerisk.algorithms.events import EventSet
from crimerisk.tests.test_processing_patrolzones import write_raster
from crimerisk.tests.test_processing_shift_backtest import texts
from crimerisk.tests.town_hours import town, town_events
from crimerisk.tests.vector_io import write_events

SEED = 8
X0, Y0 = 650_000.0, 6_860_000.0  # south-west corner of the 2 km town
CELL = 100.0


@pytest.fixture(scope="module")
def town_files(tmp_path_factory):
    """The town's events (times as text, 30% with windows) and a week's true expected events per cell."""
    folder = tmp_path_factory.mktemp("shiftzones")
    events, _, _, _, _ = town_events(seed=SEED, days=399)
    rate, _, night, day = town(np.random.default_rng(SEED))  # the same draws as town_events
    stored = EventSet.from_arrays(events.x + X0, events.y + Y0, t=events.t,
                                  category=np.full(len(events), "theft", dtype=object))
    dates_only = np.array([s[:10] for s in texts(events.t)], dtype=object)
    layer = write_events(str(folder / "town.gpkg"), "events", stored, 2154,
                         extra={"start_txt": texts(events.t), "end_txt": texts(events.t_end),
                                "date_txt": dates_only})
    raster = write_raster(folder / "risk.tif", rate.reshape(20, 20) * 7.0, origin=(X0, Y0 + 20 * CELL))
    return layer, raster, night, day


def run(tmp_path, files, name="zones", feedback=None, **extra):
    layer, raster, _, _ = files
    parameters = {"INPUT": raster, "BUDGET": 20, "BUDGET_UNIT": 0, "SEED": 3,
                  "OUTPUT": str(tmp_path / f"{name}.gpkg")}
    parameters.update({key: (layer if value == "EVENTS" else value) for key, value in extra.items()})
    return processing.run("crimerisk:patrolzones", parameters, feedback=feedback)


def zones_of(path: str) -> list[dict]:
    layer = QgsVectorLayer(path, "z", "ogr")
    assert layer.isValid()
    names = [f.name() for f in layer.fields() if f.name() != "fid"]
    return [{**{n: f[n] for n in names}, "wkt": f.geometry().asWkt(3)} for f in layer.getFeatures()]


def district_cells(zones: list[dict], mask: np.ndarray) -> tuple[int, int]:
    """(cells of the zones inside ``mask``, all cells of the zones), from the zones' cell centres."""
    layer_cells = inside = 0
    for zone in zones:
        geometry = QgsGeometry.fromWkt(zone["wkt"])
        for row, col in np.ndindex(mask.shape):
            centre = QgsPointXY(X0 + (col + 0.5) * CELL, Y0 + (20 - row - 0.5) * CELL)
            if geometry.contains(QgsGeometry.fromPointXY(centre)):
                layer_cells += 1
                inside += int(mask[row, col])
    return inside, layer_cells


def test_each_shift_plans_its_zones_in_the_district_at_risk_then(crimerisk_provider, town_files, tmp_path):
    _, _, night, day = town_files
    log = Log()
    result = run(tmp_path, town_files, SHIFTS="06-14;14-22;22-06", EVENTS="EVENTS", TIME_FIELD="start_txt",
                 TIME_END_FIELD="end_txt", feedback=log)
    said = [line for line in log.lines if line.startswith("Shift ") and "expected events," in line]
    assert [line.split(":")[0] for line in said] == ["Shift 06-14", "Shift 14-22", "Shift 22-06"]
    assert all("expected events" in line and "of the raster's" in line for line in said)
    zones = zones_of(result["OUTPUT"])
    by_shift = {label: [z for z in zones if z["shift"] == label] for label in ("06-14", "14-22", "22-06")}
    assert all(by_shift.values()) and sum(map(len, by_shift.values())) == len(zones) == result["ZONES"]
    for label, district in (("22-06", night), ("06-14", day)):
        inside, cells = district_cells(by_shift[label], district)
        assert cells == 20 and inside == 20, (label, inside, cells)
        assert [z["rank"] for z in by_shift[label]] == list(range(1, len(by_shift[label]) + 1))
    # The three shifts cover the whole day: their maps add up to the raster, so the zones' expected
    # events are the shifts' shares of the week's (true) expected events.
    assert result["SELECTED_CELLS"] == 60 and 0 < result["SHARE_CAPTURED"] < 1
    assert result["EXPECTED_EVENTS"] == pytest.approx(sum(z["expected_events"] for z in zones))


def test_without_shifts_the_whole_day_plan_is_unchanged(crimerisk_provider, town_files, tmp_path):
    _, _, night, day = town_files
    plain = run(tmp_path, town_files, "plain")
    ignored = run(tmp_path, town_files, "ignored", SHIFTS=" ", EVENTS="EVENTS", TIME_FIELD="start_txt")
    rows = zones_of(plain["OUTPUT"])
    assert rows == zones_of(ignored["OUTPUT"]) and "shift" not in rows[0]
    assert {k: v for k, v in plain.items() if k != "OUTPUT"} == {k: v for k, v in ignored.items() if k != "OUTPUT"}
    assert district_cells(rows, day) == (20, 20)  # the busier day district wins the whole day


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)


def test_a_forecast_start_in_the_metadata_sets_the_profiles_period(crimerisk_provider, town_files, tmp_path):
    layer, raster, night, _ = town_files
    dated = str(tmp_path / "dated.tif")
    gdal.Translate(dated, raster)
    dataset = gdal.Open(dated, gdal.GA_Update)
    dataset.SetMetadataItem("CRIMERISK_PARAMETERS", json.dumps({"as_of": "2024-06-03", "horizon_days": 7.0}))
    dataset = None
    log = Log()
    result = processing.run("crimerisk:patrolzones", {
        "INPUT": dated, "BUDGET": 20, "BUDGET_UNIT": 0, "SHIFTS": "22-06", "EVENTS": layer,
        "TIME_FIELD": "start_txt", "OUTPUT": str(tmp_path / "dated.gpkg")}, feedback=log)
    history = [line for line in log.lines if line.startswith("Shift shares from the hours of")]
    assert len(history) == 1 and "before 2024-06-03, over 7 days" in history[0]
    # About five months of events: still mostly in the night district (18 or more of the 20 cells).
    inside, cells = district_cells(zones_of(result["OUTPUT"]), night)
    assert cells == 20 and inside >= 18


@pytest.mark.parametrize("extra, words", [
    ({"SHIFTS": "06-14;25-06", "EVENTS": "EVENTS", "TIME_FIELD": "start_txt"}, "'25-06' cannot be read"),
    ({"SHIFTS": "22-06 Fri-Mon x"}, "cannot be read"),
    ({"SHIFTS": "22-06"}, "SHIFTS needs the events"),
    ({"SHIFTS": "22-06", "EVENTS": "EVENTS"}, "TIME_FIELD"),
    ({"SHIFTS": "22-06;06-14", "EVENTS": "EVENTS", "TIME_FIELD": "date_txt"}, "at the hours 00"),
])
def test_bad_shifts_are_refused_before_any_output(crimerisk_provider, town_files, tmp_path, extra, words):
    with pytest.raises(QgsProcessingException, match=words):
        run(tmp_path, town_files, "bad", **extra)
    assert not (tmp_path / "bad.gpkg").exists()
