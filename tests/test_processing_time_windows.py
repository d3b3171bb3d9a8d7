"""Uncertain times through processing.run: TIME_END_FIELD in the shared pipeline (aoristic weights,
log lines, bad input) and the hour x weekday table of crimerisk:trends."""

import numpy as np
import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

import processing
from crimerisk.algorithms.events import EventSet, datetime64_from_days
from crimerisk.tests.test_processing_nearrepeat import Recorder
from crimerisk.tests.vector_io import write_events

MONDAY = 19723.0  # 2024-01-01


class Log(Recorder):
    """Keeps the log lines, warnings included."""

    def pushWarning(self, warning):  # noqa: N802
        self.lines.append(warning)
        super().pushWarning(warning)


def text(days) -> list[str]:
    return ["" if not np.isfinite(d) else str(s).replace("T", " ")[:16]
            for d, s in zip(days, datetime64_from_days(np.nan_to_num(days)))]


def town(tmp_path, start, end, categories=None):
    """Events at two places with start and end texts (an empty end: one time)."""
    n = start.size
    rng = np.random.default_rng(0)
    events = EventSet.from_arrays(x=650_000 + rng.uniform(0, 2_000, n), y=6_860_000 + rng.uniform(0, 2_000, n),
                                  t=start, category=categories if categories is not None else
                                  np.full(n, "burglary", dtype=object))
    return write_events(str(tmp_path / "events.gpkg"), "events", events, 2154,
                        extra={"start_txt": np.array(text(start), dtype=object),
                               "end_txt": np.array(text(end), dtype=object)})


def rows_of(path: str) -> list[dict]:
    layer = QgsVectorLayer(path, "table", "ogr")
    assert layer.isValid()
    names = [f.name() for f in layer.fields()]
    return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]


def run_trends(tmp_path, layer, feedback=None, **extra):
    parameters = {"INPUT": layer, "TIME_FIELD": "start_txt", "TIME_END_FIELD": "end_txt", "STEP": 0,
                  "CATEGORY_FIELD": "crime_type", "OUTPUT_TABLE": str(tmp_path / "trends.gpkg"),
                  "OUTPUT_HOURS": str(tmp_path / "hours.gpkg"), "OUTPUT_HTML": str(tmp_path / "trends.html")}
    parameters.update(extra)
    return processing.run("crimerisk:trends", parameters, feedback=feedback or Log())


def _windowed_events():
    days = MONDAY + np.arange(40, dtype=float)
    start = np.concatenate([days + 22 / 24, days + 10 / 24])  # 40 windows 22:00-02:00, 40 point events at 10:00
    end = np.concatenate([days + 26 / 24, np.full(40, np.nan)])
    kind = np.array(["burglary"] * 40 + ["theft"] * 40, dtype=object)
    return start, end, kind


def test_windows_spread_over_their_hours_in_the_hour_table(crimerisk_provider, tmp_path):
    start, end, kind = _windowed_events()
    log = Log()
    result = run_trends(tmp_path, town(tmp_path, start, end, kind), feedback=log)
    rows = rows_of(result["OUTPUT_HOURS"])
    totals = {}
    for row in rows:
        if row["zone"] == "(all)":
            key = (row["category"], row["hour"])
            totals[key] = totals.get(key, 0.0) + float(row["events"])
    for hour in (22, 23, 0, 1):
        assert totals[("burglary", hour)] == pytest.approx(10.0)  # 40 windows x 1/4
    assert totals[("burglary", 2)] == 0 and totals[("theft", 10)] == pytest.approx(40.0)
    assert sum(v for (c, _), v in totals.items() if c == "(all)") == pytest.approx(80.0)
    # Friday 22:00-02:00 windows put their last two quarters on Saturday.
    saturday_early = [r for r in rows if r["category"] == "burglary" and r["weekday"] == "Sat" and r["hour"] == 0]
    assert float(saturday_early[0]["events"]) == pytest.approx(6 * 0.25)  # 6 Fridays in 40 days from a Monday
    assert any("40 of 80 events have a time window" in line and "median length 4 hours" in line
               for line in log.lines), log.lines
    report = open(result["OUTPUT_HTML"], encoding="utf-8").read()
    assert "class='heat'" in report and "aoristic" in report


def test_negative_and_overlong_windows_are_counted_and_dropped_or_kept(crimerisk_provider, tmp_path):
    start, end, kind = _windowed_events()
    end[:3] = start[:3] - 0.1  # three reversed windows
    end[3:5] = start[3:5] + 10  # two windows of ten days
    layer = town(tmp_path, start, end, kind)
    log = Log()
    dropped = run_trends(tmp_path, layer, feedback=log)
    total = sum(float(r["events"]) for r in rows_of(dropped["OUTPUT_HOURS"]) if r["category"] == r["zone"] == "(all)")
    assert total == pytest.approx(75.0)
    assert any("3 events end before they start" in line and "dropped" in line for line in log.lines)
    assert any("2 events have a window longer than 7 days: dropped" in line for line in log.lines)
    log = Log()
    kept = run_trends(tmp_path / "..", layer, feedback=log, WINDOW_POLICY=1,
                      OUTPUT_HOURS=str(tmp_path / "kept.gpkg"), OUTPUT_TABLE=str(tmp_path / "kept_t.gpkg"),
                      OUTPUT_HTML=str(tmp_path / "kept.html"))
    total = sum(float(r["events"]) for r in rows_of(kept["OUTPUT_HOURS"]) if r["category"] == r["zone"] == "(all)")
    assert total == pytest.approx(80.0)
    assert any("kept at their start time" in line for line in log.lines)


def test_all_windows_reversed_or_too_long_or_of_another_type_are_refused(crimerisk_provider, tmp_path):
    start, end, kind = _windowed_events()
    reversed_end = np.where(np.isfinite(end), start - 0.1, np.nan)
    with pytest.raises(QgsProcessingException, match="probably swapped"):
        run_trends(tmp_path, town(tmp_path, start, reversed_end, kind))
    assert not (tmp_path / "hours.gpkg").exists()  # refused before any output is written
    long_end = np.where(np.isfinite(end), start + 9, np.nan)
    with pytest.raises(QgsProcessingException, match="All 40 time windows are longer than the limit of 7 days"):
        run_trends(tmp_path, town(tmp_path, start, long_end, kind))
    assert run_trends(tmp_path, town(tmp_path, start, long_end, kind), MAX_WINDOW_DAYS=10)["OUTPUT_HOURS"]
    with pytest.raises(QgsProcessingException, match="same kind"):
        run_trends(tmp_path, town(tmp_path, start, end, kind), TIME_FIELD="occurred")
    with pytest.raises(QgsProcessingException, match="is the date field itself"):
        run_trends(tmp_path, town(tmp_path, start, end, kind), TIME_END_FIELD="start_txt")


def test_without_an_end_field_nothing_changes(crimerisk_provider, tmp_path):
    start, end, kind = _windowed_events()
    layer = town(tmp_path, start, end, kind)
    result = run_trends(tmp_path, layer, TIME_END_FIELD=None)
    rows = rows_of(result["OUTPUT_HOURS"])
    at_22 = sum(float(r["events"]) for r in rows if r["category"] == "burglary" and r["hour"] == 22)
    assert at_22 == pytest.approx(40.0)  # every window counted at its start


def test_peak_hour_raster_finds_the_night_and_the_day_districts(crimerisk_provider, tmp_path):
    from osgeo import gdal

    from crimerisk.tests.town_hours import town_events

    events, _, _, night, day = town_events(seed=4, days=364)
    layer = write_events(str(tmp_path / "town.gpkg"), "events", EventSet.from_arrays(
        events.x + 650_000, events.y + 6_860_000, t=events.t, category=np.full(len(events), "theft", dtype=object)),
        2154, extra={"start_txt": np.array(text(events.t), dtype=object),
                     "end_txt": np.array(text(events.t_end), dtype=object)})
    result = run_trends(tmp_path, layer, STEP=1, CELL_SIZE=100, EXTENT="650000,652000,6860000,6862000 [EPSG:2154]",
                        OUTPUT_PEAK_HOUR=str(tmp_path / "peak.tif"))
    dataset = gdal.Open(result["OUTPUT_PEAK_HOUR"])
    hours = dataset.GetRasterBand(1).ReadAsArray()
    assert np.isin(hours[night], [22, 23, 0, 1, 2, 3, 4, 5]).mean() > 0.9
    assert np.isin(hours[day], range(6, 14)).mean() > 0.9
    style = open(str(tmp_path / "peak.qml"), encoding="utf-8").read()
    assert style.count("paletteEntry") == 24 and "23:00-00:00" in style


def test_the_report_counts_the_windows_and_the_help_says_how_they_are_used(crimerisk_provider, tmp_path):
    start, end, kind = _windowed_events()
    result = run_trends(tmp_path, town(tmp_path, start, end, kind))
    report = open(result["OUTPUT_HTML"], encoding="utf-8").read()
    assert "40 events with a time window" in report
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("crimerisk:trends")
    assert "place such an event at the start of its window" in algorithm.shortHelpString()


@pytest.mark.parametrize("algorithm_id, names", [
    ("trends", ["TIME_END_FIELD", "MAX_WINDOW_DAYS", "WINDOW_POLICY", "OUTPUT_HOURS", "OUTPUT_PEAK_HOUR",
                "CELL_SIZE", "EXTENT", "MASK", "TARGET_CRS", "MAX_CELLS"]),
    ("backtest", ["SHIFT", "TIME_END_FIELD", "MAX_WINDOW_DAYS", "WINDOW_POLICY"]),
    ("sepp", ["SHIFT", "TIME_END_FIELD", "MAX_WINDOW_DAYS", "WINDOW_POLICY"]),
    ("mlforecast", ["SHIFT", "TIME_END_FIELD"]),
    ("placeforecast", ["SHIFT", "TIME_END_FIELD"]),
    ("emerginghotspots", ["TIME_END_FIELD", "MAX_WINDOW_DAYS", "WINDOW_POLICY"]),
])
def test_added_parameters_are_optional_so_saved_models_still_validate(crimerisk_provider, algorithm_id, names):
    from qgis.core import QgsProcessingParameterDefinition

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(f"crimerisk:{algorithm_id}")
    for name in names:
        definition = algorithm.parameterDefinition(name)
        assert definition is not None, name
        assert definition.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional, name


def test_the_sample_towns_burglary_windows_spread_over_the_night(crimerisk_provider, tmp_path):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "resources" / "sample" / "crimerisk_sample.gpkg"
    layer = f"{sample}|layername=events"
    totals = {}
    for name, end_field in (("start", None), ("window", "occurred_end")):
        log = Log()
        result = run_trends(tmp_path, layer, feedback=log, TIME_FIELD="occurred", TIME_END_FIELD=end_field,
                            CATEGORIES="burglary", STEP=2, OUTPUT_TABLE=str(tmp_path / f"{name}_t.gpkg"),
                            OUTPUT_HOURS=str(tmp_path / f"{name}.gpkg"), OUTPUT_HTML=str(tmp_path / f"{name}.html"))
        rows = [r for r in rows_of(result["OUTPUT_HOURS"]) if r["category"] == r["zone"] == "(all)"]
        by_hour = np.zeros(24)
        for row in rows:
            by_hour[row["hour"]] += float(row["events"])
        totals[name] = by_hour
        if end_field:
            assert any("events have a time window (field 'occurred_end')" in line for line in log.lines)
    assert totals["window"].sum() == pytest.approx(totals["start"].sum())  # every event keeps a weight of one
    assert np.abs(totals["window"] - totals["start"]).sum() > 0.05 * totals["start"].sum()
