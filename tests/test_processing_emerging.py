"""crimerisk:emerginghotspots through processing.run: rasters and table equal algorithms.emerging."""

import re

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsRasterLayer, QgsVectorLayer

import processing
from crimerisk.algorithms.emerging import CATEGORIES, emerging_hot_spots_for_events
from crimerisk.algorithms.grid import Grid
from crimerisk.plugin.processing.emerginghotspots import EmergingHotSpotsAlgorithm

CODES = {c.code for c in CATEGORIES}


@pytest.fixture(scope="module")
def monthly_run(crimerisk_provider, demo_gpkg, tmp_path_factory):
    folder = tmp_path_factory.mktemp("emerging")
    outputs = {"OUTPUT_CATEGORIES": str(folder / "categories.tif"), "OUTPUT_TREND": str(folder / "trend.tif"),
               "OUTPUT_TABLE": str(folder / "table.csv")}
    result = processing.run("crimerisk:emerginghotspots", {
        "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "TIME_STEP": 2, "CELL_SIZE": 400,
        "NEIGHBOURHOOD": 800, **outputs})
    return result, outputs, folder


def test_monthly_run_equals_the_method(monthly_run, demo_events, raster_reader):
    result, outputs, folder = monthly_run
    categories, transform, projection = raster_reader(outputs["OUTPUT_CATEGORIES"])
    trend, trend_transform, _ = raster_reader(outputs["OUTPUT_TREND"])
    assert "2154" in projection or "Lambert" in projection
    assert transform == trend_transform and transform[1] == 400
    assert set(np.unique(categories)) <= CODES
    events, _ = demo_events
    grid = Grid(transform[0], transform[3], 400.0, *categories.shape)
    expected = emerging_hot_spots_for_events(events, grid, 800.0, step="month", time_neighbours=1)
    assert result["STEPS"] == expected.n_steps == 24
    np.testing.assert_array_equal(categories, expected.categories)
    np.testing.assert_allclose(trend, expected.trend_z, atol=1e-5)
    assert result["HOT_CELLS"] == int(np.sum(expected.categories > 0)) > 0
    assert result["COLD_CELLS"] == int(np.sum(expected.categories < 0))
    assert (folder / "categories.qml").exists() and (folder / "trend.qml").exists()


def test_table_has_every_category_and_sums_to_the_cells(monthly_run, raster_reader):
    result, outputs, _ = monthly_run
    categories, _, _ = raster_reader(outputs["OUTPUT_CATEGORIES"])
    table = QgsVectorLayer(result["OUTPUT_TABLE"], "table", "ogr")
    assert table.isValid()
    rows = [f.attributes() for f in table.getFeatures()]
    names = [f.name() for f in table.fields()]
    assert names[:4] == ["code", "category", "cells", "share"]
    by_code = {int(r[0]): (r[1], int(r[2]), float(r[3])) for r in rows}
    assert set(by_code) == CODES
    assert sum(cells for _, cells, _ in by_code.values()) == categories.size
    assert sum(share for _, _, share in by_code.values()) == pytest.approx(1.0)
    for category in CATEGORIES:
        name, cells, _ = by_code[category.code]
        assert name == category.name and cells == int(np.sum(categories == category.code))


def test_category_style_has_the_17_colours_and_labels(monthly_run):
    _, outputs, _ = monthly_run
    layer = QgsRasterLayer(outputs["OUTPUT_CATEGORIES"], "categories")
    assert layer.loadNamedStyle(outputs["OUTPUT_CATEGORIES"][:-4] + ".qml")[1]
    legend = {c.value: (c.label, c.color.name(), c.color.alpha()) for c in layer.renderer().classes()}
    # "No pattern detected" is see-through (the streets show beneath), the 16 patterns in their colours.
    assert legend == {c.code: (c.name, c.colour if c.code else "#ffffff", 255 if c.code else 0) for c in CATEGORIES}


def test_plugin_rules_and_names_are_the_methods_and_are_in_the_help():
    algorithm = EmergingHotSpotsAlgorithm()
    algorithm.initAlgorithm()
    assert algorithm.category_rules() == {c.code: c.rule for c in CATEGORIES}
    assert algorithm.category_names() == {c.code: c.name for c in CATEGORIES}
    help_text = algorithm.shortHelpString()
    for category in CATEGORIES:
        assert category.rule in help_text and category.name in help_text


def test_too_few_time_steps_is_refused_without_output(crimerisk_provider, demo_gpkg, tmp_path):
    with pytest.raises(QgsProcessingException, match="gives 2 year steps, fewer than the 10.*shorter time step"):
        processing.run("crimerisk:emerginghotspots", {
            "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "TIME_STEP": 4, "CELL_SIZE": 400,
            "OUTPUT_CATEGORIES": str(tmp_path / "c.tif"), "OUTPUT_TREND": str(tmp_path / "t.tif"),
            "OUTPUT_TABLE": str(tmp_path / "table.csv")})
    assert list(tmp_path.iterdir()) == []


def test_dates_are_required(crimerisk_provider, demo_gpkg, tmp_path):
    with pytest.raises(QgsProcessingException):
        processing.run("crimerisk:emerginghotspots", {
            "INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 400,
            "OUTPUT_CATEGORIES": str(tmp_path / "c.tif"), "OUTPUT_TREND": str(tmp_path / "t.tif"),
            "OUTPUT_TABLE": str(tmp_path / "table.csv")})
    assert list(tmp_path.iterdir()) == []


class LogFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)


def test_incomplete_months_are_left_out_and_named_in_the_log(crimerisk_provider, demo_gpkg, tmp_path):
    feedback = LogFeedback()
    result = processing.run("crimerisk:emerginghotspots", {
        "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "TIME_STEP": 2, "CELL_SIZE": 400,
        "NEIGHBOURHOOD": 800, "START": "2018-01-16", "END": "2019-12-07",
        "OUTPUT_CATEGORIES": str(tmp_path / "c.tif"), "OUTPUT_TREND": str(tmp_path / "t.tif"),
        "OUTPUT_TABLE": str(tmp_path / "table.csv")}, feedback=feedback)
    assert result["STEPS"] == 22  # February 2018 to November 2019
    log = "\n".join(feedback.lines)
    assert "22 time steps" in log and "from 2018-02 to 2019-11" in log
    assert "Left out as incomplete time steps (their events are not counted): 2018-01-16 to 2018-01-31; " \
           "2019-12-01 to 2019-12-07." in log
    assert "Trend test: Mann-Kendall on each cell's neighbourhood counts" in log


def test_help_states_the_default_steps_and_the_trend_test():
    algorithm = EmergingHotSpotsAlgorithm()
    algorithm.initAlgorithm()
    help_text = algorithm.shortHelpString()
    assert algorithm.parameterDefinition("TIME_ALIGNMENT").defaultValue() == 0
    assert algorithm.alignment_names()[0] == "Complete calendar steps only"
    for words in ("By default only complete calendar steps enter the cube", "Mann-Kendall test (Mann 1945",
                  "neighbourhood counts per step", "Hamed and Rao 1998", "not to be trusted", "Assumptions",
                  "Hamed &amp; Rao (1998)", "Kendall (1975)", "How Emerging Hot Spot Analysis works"):
        assert words in help_text, words


def test_log_names_the_space_time_inference(crimerisk_provider, demo_gpkg, tmp_path):
    from qgis.core import QgsProcessingFeedback

    class Log(QgsProcessingFeedback):  # records the log and the warnings
        def __init__(self):
            super().__init__()
            self.lines, self.warnings = [], []

        def pushInfo(self, info):  # noqa: N802
            self.lines.append(info)

        def pushWarning(self, warning):  # noqa: N802
            self.warnings.append(warning)

    feedback = Log()
    processing.run("crimerisk:emerginghotspots", {
        "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "TIME_STEP": 1, "CELL_SIZE": 150,
        "NEIGHBOURHOOD": 150, "OUTPUT_CATEGORIES": str(tmp_path / "c.tif"),
        "OUTPUT_TREND": str(tmp_path / "t.tif"), "OUTPUT_TABLE": str(tmp_path / "table.csv")}, feedback=feedback)
    assert "Inference: exact test (convolution of the study area's count distribution)" in feedback.lines
    assert any("No cold spot can appear at this density" in line for line in feedback.warnings)  # sparse bins


def test_normal_inference_gives_the_normal_approximation_result(crimerisk_provider, demo_gpkg, demo_events,
                                                                 raster_reader, tmp_path):
    feedback = LogFeedback()
    outputs = {"OUTPUT_CATEGORIES": str(tmp_path / "c.tif"), "OUTPUT_TREND": str(tmp_path / "t.tif"),
               "OUTPUT_TABLE": str(tmp_path / "table.csv")}
    processing.run("crimerisk:emerginghotspots", {
        "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "TIME_STEP": 2, "CELL_SIZE": 400,
        "NEIGHBOURHOOD": 800, "INFERENCE": 3, **outputs}, feedback=feedback)
    categories, transform, _ = raster_reader(outputs["OUTPUT_CATEGORIES"])
    events, _ = demo_events
    grid = Grid(transform[0], transform[3], 400.0, *categories.shape)
    normal = emerging_hot_spots_for_events(events, grid, 800.0, step="month", inference="normal")
    exact = emerging_hot_spots_for_events(events, grid, 800.0, step="month")
    np.testing.assert_array_equal(categories, normal.categories)
    assert normal.parameters["hot_bins"] > exact.parameters["hot_bins"]  # the two inferences differ here
    assert "Inference: normal approximation of z" in feedback.lines


def test_permutation_inference_is_seeded(crimerisk_provider, demo_gpkg, demo_events, raster_reader, tmp_path):
    outputs = {"OUTPUT_CATEGORIES": str(tmp_path / "c.tif"), "OUTPUT_TREND": str(tmp_path / "t.tif"),
               "OUTPUT_TABLE": str(tmp_path / "table.csv")}
    processing.run("crimerisk:emerginghotspots", {
        "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "TIME_STEP": 2, "CELL_SIZE": 400,
        "NEIGHBOURHOOD": 800, "INFERENCE": 2, "PERMUTATIONS": 199, "SEED": 5, **outputs})
    categories, transform, _ = raster_reader(outputs["OUTPUT_CATEGORIES"])
    events, _ = demo_events
    grid = Grid(transform[0], transform[3], 400.0, *categories.shape)
    expected = emerging_hot_spots_for_events(events, grid, 800.0, step="month", inference="permutation",
                                             permutations=199, seed=5)
    np.testing.assert_array_equal(categories, expected.categories)


def test_a_cube_too_large_for_the_memory_guard_is_refused_naming_what_fits(crimerisk_provider, demo_gpkg,
                                                                          tmp_path):
    with pytest.raises(QgsProcessingException,
                       match=r"space-time cube would hold .* cells x 730 time steps.*Use cells of [\d,]+ m or more, "
                             r"or at most [\d,]+ time steps \(a longer time step or a shorter period\)"):
        processing.run("crimerisk:emerginghotspots", {
            "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "TIME_STEP": 0, "CELL_SIZE": 100,
            "MAX_CELLS": 100_000, "OUTPUT_CATEGORIES": str(tmp_path / "c.tif"),
            "OUTPUT_TREND": str(tmp_path / "t.tif"), "OUTPUT_TABLE": str(tmp_path / "table.csv")})
    assert list(tmp_path.iterdir()) == []


def test_memory_guard_counts_time_steps_and_suggests_settings_that_fit():
    algorithm = EmergingHotSpotsAlgorithm()
    grid = Grid(0.0, 100_000.0, 100.0, 1000, 1000)  # a million cells
    algorithm.check_cube_memory(grid, 10, 10_000_000)  # 10 steps fit in the 400 MB of 10 million cells
    with pytest.raises(QgsProcessingException) as refused:
        algorithm.check_cube_memory(grid, 104, 10_000_000)
    found = re.search(r"Use cells of (\S+) m or more, or at most (\S+) time steps", str(refused.value))
    size, steps = (int(re.sub(r"\D", "", text)) for text in found.groups())
    assert steps < 104 and size > 100
    algorithm.check_cube_memory(grid, steps, 10_000_000)  # the suggested number of steps fits
    cells = int(100_000 // size)
    algorithm.check_cube_memory(Grid(0.0, 100_000.0, float(size), cells, cells), 104, 10_000_000)  # and the size


def test_windowed_events_count_in_the_step_of_their_middle(crimerisk_provider, demo_events, raster_reader, tmp_path):
    """TIME_END_FIELD: each windowed event counts in the month of its window's middle (as the method
    gives on the middles), and the log says so; a window across a month's end moves its event."""
    from crimerisk.algorithms.events import EventSet
    from crimerisk.tests.test_processing_time_windows import Log, text
    from crimerisk.tests.vector_io import write_events

    events, _ = demo_events
    rng = np.random.default_rng(3)
    start = np.round(events.t * 1440.0) / 1440.0
    length = np.where(rng.random(start.size) < 0.4, np.round(rng.uniform(0.0, 6.0, start.size) * 1440.0) / 1440.0, 0.0)
    end = np.where(length > 0, start + length, np.nan)
    layer = write_events(str(tmp_path / "windows.gpkg"), "events", events, 2154,
                         extra={"start_txt": np.array(text(start), dtype=object),
                                "end_txt": np.array(text(end), dtype=object)})
    outputs = {"OUTPUT_CATEGORIES": str(tmp_path / "categories.tif"), "OUTPUT_TREND": str(tmp_path / "trend.tif"),
               "OUTPUT_TABLE": str(tmp_path / "table.csv")}
    log = Log()
    result = processing.run("crimerisk:emerginghotspots", {
        "INPUT": layer, "TIME_FIELD": "start_txt", "TIME_END_FIELD": "end_txt", "TIME_STEP": 2, "CELL_SIZE": 400,
        "NEIGHBOURHOOD": 800, **outputs}, feedback=log)
    categories, transform, _ = raster_reader(outputs["OUTPUT_CATEGORIES"])
    trend, _, _ = raster_reader(outputs["OUTPUT_TREND"])
    grid = Grid(transform[0], transform[3], 400.0, *categories.shape)
    middles = EventSet.from_arrays(x=events.x, y=events.y, t=start + length / 2.0, category=events.category)
    expected = emerging_hot_spots_for_events(middles, grid, 800.0, step="month", time_neighbours=1)
    assert result["STEPS"] == expected.n_steps
    np.testing.assert_array_equal(categories, expected.categories)
    np.testing.assert_allclose(trend, expected.trend_z, atol=1e-5)
    windowed = int((length > 0).sum())
    assert any(f"{windowed:,} events with a time window are placed at the middle" in line for line in log.lines)
    month = start.astype("datetime64[D]").astype("datetime64[M]")
    assert np.any(month != (start + length / 2.0).astype("datetime64[D]").astype("datetime64[M]"))
    assert "TIME_END_FIELD" in EmergingHotSpotsAlgorithm().shortHelpString()
