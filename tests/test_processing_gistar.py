"""crimerisk:gistar through processing.run: values equal algorithms.gistar, classes, style, bad input."""

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsRasterLayer

import processing
from crimerisk.plugin.reports.numbers import format_number, format_value
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.gistar import GI_CLASSES, gi_star
from crimerisk.algorithms.grid import Grid
from crimerisk.plugin.reports.field_words import field_heading
from crimerisk.plugin.processing.gistar import GiStarAlgorithm, significance_cutoffs
from crimerisk.tests.vector_io import write_events


class LogFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.warnings = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.warnings.append(warning)


def grid_of(transform, shape) -> Grid:
    return Grid(transform[0], transform[3], transform[1], shape[0], shape[1])


def test_z_and_classes_equal_the_method_on_the_same_counts(crimerisk_provider, demo_gpkg, demo_events, tmp_path,
                                                           raster_reader):
    z_path, class_path = str(tmp_path / "z.tif"), str(tmp_path / "classes.tif")
    feedback = LogFeedback()
    result = processing.run("crimerisk:gistar", {
        "INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 300, "NEIGHBOURHOOD": 700, "WEIGHTS": 1,
        "OUTPUT_Z": z_path, "OUTPUT_CLASSES": class_path}, feedback=feedback)
    z, transform, projection = raster_reader(z_path)
    classes, class_transform, _ = raster_reader(class_path)
    assert "2154" in projection or "Lambert" in projection
    assert transform == class_transform and transform[1] == 300
    events, _ = demo_events
    grid = grid_of(transform, z.shape)
    expected = gi_star(grid.count(events.x, events.y), grid, 700.0, "inverse_distance", "fdr")
    np.testing.assert_allclose(z, expected.z.astype(np.float32), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(classes, expected.classes)
    assert set(np.unique(classes)) <= set(range(-3, 4))
    assert result["HOT_CELLS"] == int(np.sum(classes > 0)) > 0
    assert result["COLD_CELLS"] == int(np.sum(classes < 0))
    assert result["NEIGHBOURHOOD_USED"] == 700
    log = "\n".join(feedback.lines)
    for key, value in (("neighbourhood_m", "700"), ("weighting", "inverse distance"),
                       ("n_cells", format_number(grid.n_inside)),
                       ("mean_count", format_value(expected.parameters["mean_count"])), ("sd_count", ""),
                       ("p_cutoff_99pct", ""), ("p_cutoff_95pct", ""), ("p_cutoff_90pct", "")):
        assert f"{field_heading(key)}: {value}" in log


@pytest.mark.parametrize("correction", ["fdr", "none"])
def test_logged_cutoffs_separate_the_classes(correction):
    rng = np.random.default_rng(8)
    counts = rng.poisson(3.0, (40, 40)).astype(float)
    counts[5:10, 5:10] += rng.poisson(3.0, (5, 5))
    counts[30:34, 20:26] = 0.0
    grid = Grid(0.0, 4000.0, 100.0, 40, 40)
    result = gi_star(counts, grid, 250.0, correction=correction)
    cutoffs = significance_cutoffs(result.p[grid.inside], correction)
    strength = np.abs(result.classes)
    for level, key in ((3, "p_cutoff_99pct"), (2, "p_cutoff_95pct"), (1, "p_cutoff_90pct")):
        assert isinstance(cutoffs[key], float)
        np.testing.assert_array_equal(strength >= level, result.p <= cutoffs[key])
    if correction == "none":
        assert [cutoffs[k] for k in ("p_cutoff_99pct", "p_cutoff_95pct", "p_cutoff_90pct")] == [0.01, 0.05, 0.10]


def test_class_style_sidecar_has_the_arcgis_legend(crimerisk_provider, demo_gpkg, tmp_path):
    class_path = str(tmp_path / "classes.tif")
    processing.run("crimerisk:gistar", {
        "INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 400, "MASK": f"{demo_gpkg}|layername=boundary",
        "CORRECTION": 1, "OUTPUT_Z": str(tmp_path / "z.tif"), "OUTPUT_CLASSES": class_path})
    assert (tmp_path / "classes.qml").exists() and (tmp_path / "z.qml").exists()
    layer = QgsRasterLayer(class_path, "classes")
    assert layer.loadNamedStyle(str(tmp_path / "classes.qml"))[1]
    assert layer.renderer().type() == "paletted"
    legend = {c.value: (c.label, c.color.name()) for c in layer.renderer().classes() if c.value != 0}
    assert legend == {code: (label, colour) for code, _, label, colour in GI_CLASSES if code != 0}
    # "Not significant" is unshaded, as KDE's rest: the base map shows through (issue 12).
    not_significant = next(c for c in layer.renderer().classes() if c.value == 0)
    assert not_significant.label == "Not significant" and not_significant.color.alpha() == 0
    assert legend[3][0] == "Hot spot, 99% confidence"


def test_plugin_class_labels_are_the_methods_labels():
    labels = GiStarAlgorithm().class_labels()
    assert labels == {code: label for code, _, label, _ in GI_CLASSES}


def test_default_neighbourhood_is_two_cells(crimerisk_provider, demo_gpkg, demo_events, tmp_path, raster_reader):
    z_path = str(tmp_path / "z.tif")
    result = processing.run("crimerisk:gistar", {
        "INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 500, "OUTPUT_Z": z_path,
        "OUTPUT_CLASSES": str(tmp_path / "c.tif")})
    assert result["NEIGHBOURHOOD_USED"] == 1000
    z, transform, _ = raster_reader(z_path)
    events, _ = demo_events
    grid = grid_of(transform, z.shape)
    expected = gi_star(grid.count(events.x, events.y), grid, 1000.0)
    np.testing.assert_allclose(z, expected.z.astype(np.float32), rtol=1e-6, atol=1e-6)


def test_all_events_in_one_cell_is_refused_without_output(crimerisk_provider, tmp_path):
    rng = np.random.default_rng(3)
    events = EventSet.from_arrays(x=650_010 + rng.uniform(0, 50, 40), y=6_860_010 + rng.uniform(0, 50, 40),
                                  t=np.full(40, 17_600.0), category=np.full(40, "burglary", dtype=object))
    source = write_events(str(tmp_path / "one_cell.gpkg"), "events", events, 2154)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match="single 150 m grid cell.*zero variance"):
        processing.run("crimerisk:gistar", {"INPUT": source, "CELL_SIZE": 150,
                                            "OUTPUT_Z": str(out / "z.tif"), "OUTPUT_CLASSES": str(out / "c.tif")})
    assert list(out.iterdir()) == []


def test_neighbourhood_smaller_than_a_cell_is_refused(crimerisk_provider, demo_gpkg, tmp_path):
    with pytest.raises(QgsProcessingException, match="at least one cell size"):
        processing.run("crimerisk:gistar", {
            "INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 300, "NEIGHBOURHOOD": 100,
            "OUTPUT_Z": str(tmp_path / "z.tif"), "OUTPUT_CLASSES": str(tmp_path / "c.tif")})
    assert list(tmp_path.iterdir()) == []


def _sparse_source(tmp_path, n_events: int = 100) -> str:
    """``n_events`` uniform events over 10 km x 10 km: about 0.02 events per 150 m cell."""
    rng = np.random.default_rng(12)
    events = EventSet.from_arrays(x=650_000 + rng.uniform(0, 10_000, n_events),
                                  y=6_860_000 + rng.uniform(0, 10_000, n_events),
                                  t=np.full(n_events, 17_600.0), category=np.full(n_events, "theft", dtype=object))
    return write_events(str(tmp_path / "sparse.gpkg"), "events", events, 2154)


def test_sparse_data_log_names_the_exact_test_and_warns_that_cold_spots_are_impossible(crimerisk_provider, tmp_path,
                                                                                      raster_reader):
    feedback = LogFeedback()
    result = processing.run("crimerisk:gistar", {
        "INPUT": _sparse_source(tmp_path), "CELL_SIZE": 150, "OUTPUT_Z": str(tmp_path / "z.tif"),
        "OUTPUT_CLASSES": str(tmp_path / "c.tif")}, feedback=feedback)
    log = "\n".join(feedback.lines)
    assert "Inference: exact test (convolution of the study area's count distribution)" in log
    assert f"{field_heading('cold_spots_possible')}: no" in log
    assert len(feedback.warnings) == 1 and "No cold spot can appear at this density" in feedback.warnings[0]
    assert result["COLD_CELLS"] == 0
    classes, _, _ = raster_reader(str(tmp_path / "c.tif"))
    assert not np.any(classes < 0)


def test_inference_permutations_and_seed_parameters(crimerisk_provider, demo_gpkg, demo_events, tmp_path,
                                                    raster_reader):
    runs = []
    for name, inference in (("a", 2), ("b", 2), ("n", 3)):
        feedback = LogFeedback()
        processing.run("crimerisk:gistar", {
            "INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 400, "INFERENCE": inference, "PERMUTATIONS": 99,
            "SEED": 5, "CORRECTION": 1, "OUTPUT_Z": str(tmp_path / f"z{name}.tif"),
            "OUTPUT_CLASSES": str(tmp_path / f"c{name}.tif")}, feedback=feedback)
        runs.append((raster_reader(str(tmp_path / f"c{name}.tif"))[0], "\n".join(feedback.lines)))
    (first, log), (second, _), (normal, normal_log) = runs
    assert "Inference: conditional permutations (99 draws, seed 5)" in log and "permutations: 99" in log
    np.testing.assert_array_equal(first, second)  # seeded
    assert "Inference: normal approximation of z" in normal_log
    events, _ = demo_events
    z, transform, _ = raster_reader(str(tmp_path / "zn.tif"))
    grid = grid_of(transform, z.shape)
    expected = gi_star(grid.count(events.x, events.y), grid, 800.0, correction="none", inference="normal")
    np.testing.assert_array_equal(normal, expected.classes)
    permuted = gi_star(grid.count(events.x, events.y), grid, 800.0, correction="none", inference="permutation",
                       permutations=99, seed=5)
    np.testing.assert_array_equal(first, permuted.classes)
