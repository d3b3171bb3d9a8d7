"""crimerisk:nearrepeat through processing.run: the raster equals near_repeat_surface on the same events,
no look-ahead, Knox-table bandwidths, trigger filters, ranked alert polygons, bad input refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

import processing
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.knox import knox_test
from crimerisk.algorithms.nearrepeat import alerts, bandwidths_for_reach, near_repeat_surface, select_triggers
from crimerisk.tests.vector_io import write_events
from crimerisk.tests.test_processing_knox import WarningRecorder as Recorder  # keeps the log lines
from crimerisk.tests.test_processing_knox import layer_rows, pipeline_events

AS_OF = "2019-06-01"
AS_OF_DAYS = float((np.datetime64(AS_OF) - np.datetime64("1970-01-01")).astype(int))
CELL = 150.0


def run_nearrepeat(tmp_path: Path, name: str, layer: str, feedback=None, **changes) -> dict:
    parameters = dict(INPUT=layer, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", CATEGORIES="burglary",
                      CELL_SIZE=CELL, AS_OF=AS_OF, OUTPUT=str(tmp_path / f"{name}.tif"),
                      OUTPUT_ALERTS=str(tmp_path / f"{name}.gpkg"))
    parameters.update(changes)
    return processing.run("crimerisk:nearrepeat", parameters, feedback=feedback)


def raster_grid(transform, shape) -> Grid:
    assert transform[1] == CELL and transform[5] == -CELL
    return Grid(transform[0], transform[3], CELL, shape[0], shape[1])


def history(gpkg: str, categories=("burglary",)):
    return pipeline_events(gpkg, categories).before(AS_OF_DAYS)


def test_raster_equals_the_method_and_alert_polygons_are_ranked(crimerisk_provider, demo_gpkg, tmp_path,
                                                               raster_reader):
    result = run_nearrepeat(tmp_path, "nr", f"{demo_gpkg}|layername=events")
    values, transform, projection = raster_reader(result["OUTPUT"])
    assert "2154" in projection or "Lambert" in projection
    grid = raster_grid(transform, values.shape)
    events = history(demo_gpkg)
    surface = near_repeat_surface(events, grid, AS_OF_DAYS, 400.0, 56.0, background_weight=0.2)
    np.testing.assert_allclose(values, surface.values, rtol=1e-6, equal_nan=True)
    assert Path(result["OUTPUT"]).with_suffix(".qml").exists()
    triggers = select_triggers(events, AS_OF_DAYS, 56.0)
    assert result["TRIGGERS"] == len(triggers) > 0
    expected = alerts(surface, triggers, top_percent=5.0).areas
    layer = QgsVectorLayer(result["OUTPUT_ALERTS"], "alerts", "ogr")
    assert layer.crs().authid() == "EPSG:2154"
    rows = sorted(layer_rows(layer), key=lambda row: row["rank"])
    assert [row["rank"] for row in rows] == list(range(1, len(expected) + 1)) and result["ALERTS"] == len(rows) > 1
    for row, area in zip(rows, expected):
        assert (row["cells"], row["triggers"], row["expires"]) == (area["cells"], area["triggering_events"],
                                                                   area["expires"])
        assert row["max_risk"] == pytest.approx(area["max_risk"]) and row["area_km2"] == pytest.approx(
            area["cells"] * CELL ** 2 / 1e6)
    assert [row["max_risk"] for row in rows] == sorted((row["max_risk"] for row in rows), reverse=True)
    areas = {feature["rank"]: feature.geometry().area() for feature in layer.getFeatures()}
    assert all(areas[row["rank"]] == pytest.approx(row["cells"] * CELL ** 2) for row in rows)
    # Expiry: the latest trigger within reach plus the time bandwidth, after AS_OF.
    assert all(np.datetime64(row["expires"]) >= np.datetime64(AS_OF) for row in rows if row["expires"])


def test_events_on_or_after_as_of_do_not_change_the_outputs(crimerisk_provider, demo_events, tmp_path_factory,
                                                            tmp_path):
    events, _ = demo_events
    folder = tmp_path_factory.mktemp("look-ahead")
    past = events.subset(events.t < AS_OF_DAYS)
    later = events.subset(events.t >= AS_OF_DAYS)
    far_future = type(events).from_arrays(np.append(later.x, 700000.0), np.append(later.y, 6900000.0),
                                          t=np.append(later.t, AS_OF_DAYS), category=np.append(later.category,
                                                                                               "burglary"))
    only_past = write_events(str(folder / "past.gpkg"), "events", past, 2154)
    with_future = write_events(str(folder / "all.gpkg"), "events", past, 2154)
    write_events(str(folder / "all.gpkg"), "later", far_future, 2154, replace=False)
    merged = processing.run("native:mergevectorlayers", {
        "LAYERS": [with_future, f"{folder / 'all.gpkg'}|layername=later"], "OUTPUT": str(folder / "merged.gpkg")})
    assert QgsVectorLayer(merged["OUTPUT"], "merged", "ogr").featureCount() == len(past) + len(later) + 1
    first = run_nearrepeat(tmp_path, "past", only_past, CELL_SIZE=200)
    second = run_nearrepeat(tmp_path, "merged", merged["OUTPUT"], CELL_SIZE=200)
    assert Path(first["OUTPUT"]).read_bytes() == Path(second["OUTPUT"]).read_bytes()
    assert first["ALERTS"] == second["ALERTS"] and first["TRIGGERS"] == second["TRIGGERS"]


def test_knox_table_sets_the_bandwidths(crimerisk_provider, demo_gpkg, tmp_path):
    knox = processing.run("crimerisk:knox", dict(
        INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred", CATEGORY_FIELD="crime_type",
        CATEGORIES="burglary", PERMUTATIONS=99, OUTPUT=str(tmp_path / "knox.gpkg")))
    extent = knox_test(pipeline_events(demo_gpkg), 100.0, 5, 7.0, 5, permutations=99, seed=42).significant_extent()
    log = Recorder()
    result = run_nearrepeat(tmp_path, "from_knox", f"{demo_gpkg}|layername=events", feedback=log,
                            KNOX_TABLE=knox["OUTPUT"])
    assert (result["SPACE_BANDWIDTH_USED"], result["TIME_BANDWIDTH_USED"]) == (extent.space_distance,
                                                                               extent.time_span)
    assert any(f"space {extent.space_distance:g} m, time {extent.time_span:g} days" in line for line in log.lines)
    assert any("p < 0.05 and a ratio above 1" in line for line in log.lines)
    direct = run_nearrepeat(tmp_path, "direct", f"{demo_gpkg}|layername=events",
                            SPACE_BANDWIDTH=extent.space_distance, TIME_BANDWIDTH=extent.time_span)
    assert Path(result["OUTPUT"]).read_bytes() == Path(direct["OUTPUT"]).read_bytes()
    # The Gaussian kernel gets the bandwidths whose weights at the Knox reach equal the Bowers weights.
    log = Recorder()
    gaussian = run_nearrepeat(tmp_path, "gaussian", f"{demo_gpkg}|layername=events", feedback=log,
                              KNOX_TABLE=knox["OUTPUT"], KERNEL=2)
    converted = bandwidths_for_reach(extent.space_distance, extent.time_span, "gaussian", CELL)
    assert (gaussian["SPACE_BANDWIDTH_USED"], gaussian["TIME_BANDWIDTH_USED"]) == pytest.approx(converted)
    assert converted[0] < extent.space_distance
    assert any("converted for the gaussian kernel" in line for line in log.lines)


def test_trigger_categories_and_expression_choose_the_triggers(crimerisk_provider, demo_gpkg, tmp_path,
                                                               raster_reader):
    layer = f"{demo_gpkg}|layername=events"
    both = dict(CATEGORIES="burglary;robbery", KERNEL=1, SPACE_BANDWIDTH=200, TIME_BANDWIDTH=14,
                BACKGROUND_WEIGHT=0.0)
    every = run_nearrepeat(tmp_path, "every", layer, **both)
    robbery = run_nearrepeat(tmp_path, "robbery", layer, TRIGGER_CATEGORIES="Robbery", **both)
    east = run_nearrepeat(tmp_path, "east", layer, TRIGGER_EXPRESSION="\"crime_type\" = 'robbery' AND $x > 646000",
                          **both)
    events = history(demo_gpkg, ("burglary", "robbery"))
    values, transform, _ = raster_reader(robbery["OUTPUT"])
    grid = raster_grid(transform, values.shape)
    arguments = dict(kernel="exponential", background_weight=0.0)
    expected = near_repeat_surface(events, grid, AS_OF_DAYS, 200.0, 14.0, trigger_categories=["robbery"],
                                   **arguments)
    np.testing.assert_allclose(values, expected.values, rtol=1e-6, equal_nan=True)
    mask = (events.category == "robbery") & (events.x > 646000)
    assert 0 < mask.sum() < (events.category == "robbery").sum()
    expected_east = near_repeat_surface(events, grid, AS_OF_DAYS, 200.0, 14.0, trigger_mask=mask, **arguments)
    np.testing.assert_allclose(raster_reader(east["OUTPUT"])[0], expected_east.values, rtol=1e-6, equal_nan=True)
    window = 5 * 14.0
    counts = [len(select_triggers(events, AS_OF_DAYS, window, categories, chosen))
              for categories, chosen in (((), None), (["robbery"], None), ((), mask))]
    assert [every["TRIGGERS"], robbery["TRIGGERS"], east["TRIGGERS"]] == counts
    assert counts[0] > counts[1] > counts[2] > 0
    assert not np.allclose(raster_reader(every["OUTPUT"])[0], values, equal_nan=True)


def test_alert_threshold_overrides_the_top_percent(crimerisk_provider, demo_gpkg, tmp_path, raster_reader):
    result = run_nearrepeat(tmp_path, "threshold", f"{demo_gpkg}|layername=events", ALERT_THRESHOLD=3.0,
                            ALERT_TOP_PERCENT=50)
    values, transform, _ = raster_reader(result["OUTPUT"])
    rows = layer_rows(QgsVectorLayer(result["OUTPUT_ALERTS"], "alerts", "ogr"))
    assert sum(row["cells"] for row in rows) == int(np.sum(values > 3.0)) > 0
    assert min(row["max_risk"] for row in rows) > 3.0


@pytest.mark.parametrize("changes, message", [
    (dict(AS_OF="2017-06-01"), "No history before AS_OF"),
    (dict(TIME_FIELD="crime_type", CATEGORY_FIELD="", CATEGORIES=""), "No event has a valid date"),
    (dict(TRIGGER_CATEGORIES="arson"), "Unknown trigger crime type 'arson'"),
    (dict(TRIGGER_EXPRESSION="\"no_such_field\" = 1"), "The trigger expression is not valid"),
    (dict(KNOX_TABLE="boundary"), "the Knox table has no field space_from"),
    (dict(BACKGROUND_WINDOW=0.0), "Lengthen BACKGROUND_WINDOW"),
])
def test_bad_input_is_refused_without_output(crimerisk_provider, demo_gpkg, tmp_path, changes, message):
    if changes.get("KNOX_TABLE") == "boundary":
        changes["KNOX_TABLE"] = f"{demo_gpkg}|layername=boundary"
    with pytest.raises(QgsProcessingException, match=message):
        run_nearrepeat(tmp_path, "never", f"{demo_gpkg}|layername=events", **changes)
    assert list(tmp_path.iterdir()) == []


def test_time_windows_count_at_their_middle(crimerisk_provider, tmp_path, raster_reader):
    """The sample town's burglaries with a window (occurred_end) trigger at the middle of the window:
    the raster equals the method on those middles, and differs from the run at the windows' starts."""
    from dataclasses import replace

    from crimerisk.algorithms.aoristic import window_midpoints
    from crimerisk.plugin.io.pipeline import EventRequest, load_events

    sample = str(Path(__file__).resolve().parents[1] / "resources" / "sample" / "crimerisk_sample.gpkg")
    layer_uri = f"{sample}|layername=events"
    as_of, as_of_days = "2020-06-01", float((np.datetime64("2020-06-01") - np.datetime64("1970-01-01")).astype(int))
    feedback = Recorder()
    windows = run_nearrepeat(tmp_path, "windows", layer_uri, feedback=feedback, AS_OF=as_of,
                             TIME_END_FIELD="occurred_end")
    starts = run_nearrepeat(tmp_path, "starts", layer_uri, AS_OF=as_of)
    assert any("placed at the middle of their window" in line for line in feedback.lines)
    layer = QgsVectorLayer(layer_uri, "events", "ogr")
    request = EventRequest(time_field="occurred", category_field="crime_type", categories=("burglary",),
                           time_required=True, time_end_field="occurred_end")
    events = load_events(layer, layer, True, request, QgsProcessingFeedback()).events
    middles, lengths = window_midpoints(events.t, events.t_end)
    assert (lengths > 0).sum() > 100
    history = replace(events, t=middles, t_end=None).before(as_of_days)
    values, transform, _ = raster_reader(windows["OUTPUT"])
    surface = near_repeat_surface(history, raster_grid(transform, values.shape), as_of_days, 400.0, 56.0,
                                  background_weight=0.2)
    np.testing.assert_allclose(values, surface.values, rtol=1e-6, equal_nan=True)
    assert not np.allclose(raster_reader(starts["OUTPUT"])[0], values, equal_nan=True)
