"""crimerisk:gistar through processing.run: values equal algorithms.gistar, classes, style, bad input."""

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsRasterLayer

import processing
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.gistar import GI_CLASSES, gi_star
from crimerisk.algorithms.grid import Grid
from crimerisk.plugin.parameter_labels import parameter_label
from crimerisk.plugin.processing.gistar import GiStarAlgorithm, significance_cutoffs
from crimerisk.plugin.vector_io import write_events


class LogFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)


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
    for key, value in (("neighbourhood_m", "700"), ("weighting", "inverse_distance"), ("n_cells", grid.n_inside),
                       ("mean_count", f"{expected.parameters['mean_count']:.6g}"), ("sd_count", ""),
                       ("p_cutoff_99pct", ""), ("p_cutoff_95pct", ""), ("p_cutoff_90pct", "")):
        assert f"{parameter_label(key)}: {value}" in log


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
