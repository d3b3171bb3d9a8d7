"""crimerisk:backtest with SHIFT through processing.run: night events scored, shift versions of the
methods beside the whole-day ones, and the refusals of bad shifts."""

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

import processing
from crimerisk.algorithms.events import EventSet, datetime64_from_days
from crimerisk.tests.town_hours import MONDAY, town_events
from crimerisk.tests.vector_io import write_events

X0, Y0 = 650_000.0, 6_860_000.0
EXTENT = f"{X0},{X0 + 2000},{Y0},{Y0 + 2000} [EPSG:2154]"


def texts(days: np.ndarray) -> np.ndarray:
    stamps = datetime64_from_days(np.nan_to_num(days)).astype("datetime64[m]").astype(str)
    return np.array([s.replace("T", " ") if np.isfinite(d) else "" for s, d in zip(stamps, days)], dtype=object)


@pytest.fixture(scope="module")
def town_layer(tmp_path_factory):
    events, _, _, _, _ = town_events(seed=8, days=399)
    stored = EventSet.from_arrays(events.x + X0, events.y + Y0, t=events.t,
                                  category=np.full(len(events), "theft", dtype=object))
    path = tmp_path_factory.mktemp("shift") / "town.gpkg"
    return write_events(str(path), "events", stored, 2154,
                        extra={"start_txt": texts(events.t), "end_txt": texts(events.t_end)})


def rows_of(path: str) -> list[dict]:
    layer = QgsVectorLayer(path, "t", "ogr")
    assert layer.isValid()
    names = [f.name() for f in layer.fields()]
    return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]


def run(tmp_path, layer, **extra):
    parameters = {"INPUT": layer, "TIME_FIELD": "start_txt", "TIME_END_FIELD": "end_txt", "CELL_SIZE": 100,
                  "EXTENT": EXTENT, "METHODS": ["kde"], "FOLDS": 4, "HORIZON": 7, "SHIFT": "22-06",
                  "TEST_START": "2025-01-06", "OUTPUT_FOLDS": str(tmp_path / "folds.gpkg"),
                  "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg"), "OUTPUT_HTML": str(tmp_path / "report.html")}
    parameters.update(extra)
    return processing.run("crimerisk:backtest", parameters)


def test_night_shift_versions_beat_the_whole_day_forecasts_on_night_events(crimerisk_provider, town_layer,
                                                                           tmp_path):
    result = run(tmp_path, town_layer)
    summary = {(r["method"], round(r["coverage"])): r for r in rows_of(result["OUTPUT_SUMMARY"])}
    methods = {name for name, _ in summary}
    assert {"kde", "kde@22-06", "decayed", "decayed@22-06", "last_period", "last_period@22-06",
            "random"} == methods
    for name in ("kde", "decayed"):
        assert summary[(f"{name}@22-06", 10)]["hit_rate"] > summary[(name, 10)]["hit_rate"] + 0.1
    assert summary[("decayed@22-06", 10)]["is_baseline"] and not summary[("kde@22-06", 10)]["is_baseline"]
    folds = rows_of(result["OUTPUT_FOLDS"])
    night = [r for r in folds if r["method"] == "kde@22-06"]
    assert night and all('"shift": "22-06"' in r["parameters"] for r in night)
    # Only the night share of the events is scored: fewer than all the fold's events.
    whole_day = run(tmp_path / "..", town_layer, SHIFT="", OUTPUT_FOLDS=str(tmp_path / "f2.gpkg"),
                    OUTPUT_SUMMARY=str(tmp_path / "s2.gpkg"), OUTPUT_HTML=str(tmp_path / "r2.html"))
    all_events = sum(r["n_events"] for r in rows_of(whole_day["OUTPUT_FOLDS"]) if r["method"] == "kde")
    night_events = sum(r["n_events"] for r in night)
    assert 0.2 * all_events < night_events < 0.6 * all_events


@pytest.mark.parametrize("text, words", [("25-06", "starts at an hour from 00 to 23"),
                                         ("22:00-", "is not a range of hours"),
                                         ("Fri-Mon", "the hours are missing")])
def test_a_shift_that_does_not_parse_is_refused_with_the_accepted_forms(crimerisk_provider, town_layer,
                                                                         tmp_path, text, words):
    with pytest.raises(QgsProcessingException, match=words) as caught:
        run(tmp_path, town_layer, SHIFT=text)
    assert "'22-06 Fri,Sat'" in str(caught.value) and "'06-14'" in str(caught.value)
    assert not (tmp_path / "folds.gpkg").exists()


def ten_o_clock_layer(tmp_path, days: int) -> str:
    """A layer whose events all happen at 10:00, one a day from 1 January 2024."""
    t = MONDAY + np.arange(days, dtype=float) + 10 / 24
    rng = np.random.default_rng(1)
    events = EventSet.from_arrays(X0 + rng.uniform(0, 2000, t.size), Y0 + rng.uniform(0, 2000, t.size),
                                  t=t, category=np.full(t.size, "theft", dtype=object))
    return write_events(str(tmp_path / "ten.gpkg"), "events", events, 2154,
                        extra={"start_txt": texts(t), "end_txt": texts(np.full(t.size, np.nan))})


def test_a_shift_without_training_events_names_the_hours_that_have_some(crimerisk_provider, tmp_path):
    layer = ten_o_clock_layer(tmp_path, 200)
    with pytest.raises(QgsProcessingException, match="No event before the test folds falls in the shift 22-06") as caught:
        run(tmp_path, layer, TEST_START="2024-06-03")
    assert "hours 10" in str(caught.value)


def test_a_refused_shift_reaches_the_user_in_french(crimerisk_provider, town_layer, tmp_path):
    from crimerisk.plugin import i18n

    i18n.remove_translator()
    assert i18n.install_translator("fr")
    try:
        with pytest.raises(QgsProcessingException) as caught:
            run(tmp_path, town_layer, SHIFT="25-06")
    finally:
        i18n.remove_translator()
    message = str(caught.value)
    assert message.startswith("La vacation « 25-06 » est illisible : une vacation commence à une heure de 00 à 23")
    assert "'22-06 Fri,Sat'" in message


def run_sepp(tmp_path, layer, name, **extra):
    parameters = {"INPUT": layer, "TIME_FIELD": "start_txt", "TIME_END_FIELD": "end_txt", "CELL_SIZE": 100,
                  "EXTENT": EXTENT, "AS_OF": "2025-02-03", "HORIZON": 7, "OUTPUT": str(tmp_path / f"{name}.tif")}
    parameters.update(extra)
    return processing.run("crimerisk:sepp", parameters)


def test_forecasters_forecast_within_a_shift(crimerisk_provider, town_layer, tmp_path):
    from osgeo import gdal

    from crimerisk.tests.town_hours import town

    _, _, night, day = town(np.random.default_rng(8))  # the districts of the layer's town
    whole = run_sepp(tmp_path, town_layer, "whole")
    parts = {s: run_sepp(tmp_path, town_layer, s.replace("-", "_"), SHIFT=s) for s in ("06-14", "14-22", "22-06")}
    # Each cell's shares of the three shifts add up to one: so do the expected events.
    assert sum(r["EXPECTED_EVENTS"] for r in parts.values()) == pytest.approx(whole["EXPECTED_EVENTS"], rel=1e-4)
    values = {}
    for name, result in parts.items():
        dataset = gdal.Open(result["OUTPUT"])  # kept alive while its band is read
        values[name] = dataset.GetRasterBand(1).ReadAsArray()
        units = dataset.GetMetadataItem("CRIMERISK_UNITS")
        assert f"within the shift {name}" in units
        dataset = None
    assert values["22-06"][night].mean() > 1.5 * values["22-06"][day].mean()
    assert values["06-14"][day].mean() > 1.5 * values["06-14"][night].mean()


def test_a_forecast_shift_without_history_names_the_hours_that_have_some(crimerisk_provider, tmp_path):
    layer = ten_o_clock_layer(tmp_path, 120)
    with pytest.raises(QgsProcessingException, match="falls in the shift 22-06") as caught:
        run_sepp(tmp_path, layer, "none", SHIFT="22-06", AS_OF="2024-04-29")
    assert "hours 10" in str(caught.value) and not (tmp_path / "none.tif").exists()
