"""crimerisk:kde through processing.run: georeferencing, mask, style, units."""

import os

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsRasterLayer

import processing
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.kde import kde_surface


def run_kde(crimerisk_provider, **parameters):
    return processing.run("crimerisk:kde", parameters)


def test_kde_writes_a_georeferenced_styled_raster_matching_the_method(crimerisk_provider, demo_gpkg, demo_events,
                                                                      tmp_path, raster_reader):
    out = str(tmp_path / "kde.tif")
    result = run_kde(crimerisk_provider, INPUT=f"{demo_gpkg}|layername=events", CELL_SIZE=200, RADIUS=400,
                     OUTPUT=out)
    assert result["OUTPUT"] == out and result["RADIUS_USED"] == 400
    values, transform, projection = raster_reader(out)
    assert "Lambert" in projection or "2154" in projection
    events, _ = demo_events
    # The grid is snapped to multiples of the cell size and covers the events plus one radius.
    assert transform[1] == 200 and transform[5] == -200
    assert transform[0] % 200 == 0 and transform[3] % 200 == 0
    assert transform[0] <= events.x.min() - 400 and transform[3] >= events.y.max() + 400
    grid = Grid(transform[0], transform[3], 200.0, values.shape[0], values.shape[1])
    expected = kde_surface(events, grid, radius=400).values
    np.testing.assert_allclose(values, expected, rtol=1e-5, atol=1e-6)
    assert os.path.exists(out[:-4] + ".qml")
    layer = QgsRasterLayer(out, "kde")
    assert layer.loadNamedStyle(out[:-4] + ".qml")[1]
    assert layer.renderer().type() == "singlebandpseudocolor"
    labels = [item.label for item in layer.renderer().shader().rasterShaderFunction().colorRampItemList()]
    assert labels[::-1][:3] == ["top 1%", "1-5%", "5-10%"]  # the classes, highest risk last in the ramp


def test_mask_gives_nodata_outside_and_drops_events(crimerisk_provider, demo_gpkg, tmp_path, raster_reader):
    out = str(tmp_path / "masked.tif")
    run_kde(crimerisk_provider, INPUT=f"{demo_gpkg}|layername=events", CELL_SIZE=250, RADIUS=500,
            MASK=f"{demo_gpkg}|layername=boundary", OUTPUT=out)
    values, transform, _ = raster_reader(out)
    rows, cols = values.shape
    xs = transform[0] + (np.arange(cols) + 0.5) * 250
    ys = transform[3] - (np.arange(rows) + 0.5) * 250
    X, Y = np.meshgrid(xs, ys)
    inside = (X > 641000) & (X < 651000) & (Y > 6856000) & (Y < 6863000)
    assert np.all(np.isfinite(values[inside])) and np.all(np.isnan(values[~inside]))


def test_edge_correction_keeps_every_event_inside_the_mask(crimerisk_provider, demo_gpkg, tmp_path, raster_reader):
    common = dict(INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred", START="2018-01-01",
                  END="2018-12-31", CELL_SIZE=250, RADIUS=800, MASK=f"{demo_gpkg}|layername=boundary",
                  OUTPUT_VALUE=1)
    corrected = run_kde(crimerisk_provider, OUTPUT=str(tmp_path / "on.tif"), **common)
    plain = run_kde(crimerisk_provider, OUTPUT=str(tmp_path / "off.tif"), EDGE_CORRECTION=False, **common)
    on, _, _ = raster_reader(corrected["OUTPUT"])
    off, _, _ = raster_reader(plain["OUTPUT"])
    days = 365.0
    # Expected events per cell per day over the study area, times the days: every event, with the correction.
    assert np.nansum(on.astype(np.float64)) * days == pytest.approx(corrected["EVENTS"], rel=1e-4)
    assert np.nansum(off.astype(np.float64)) * days < 0.97 * plain["EVENTS"]


def test_categories_and_per_cell_day_units(crimerisk_provider, demo_gpkg, demo_events, tmp_path, raster_reader):
    out = str(tmp_path / "burglary.tif")
    result = run_kde(crimerisk_provider, INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred",
                     CATEGORY_FIELD="crime_type", CATEGORIES="Burglary", START="2018-02-01", END="2018-12-31",
                     CELL_SIZE=150, RADIUS=600, OUTPUT_VALUE=1, OUTPUT=out)
    events, _ = demo_events
    t0 = (np.datetime64("2018-02-01") - np.datetime64("1970-01-01")).astype(int)
    t1 = (np.datetime64("2019-01-01") - np.datetime64("1970-01-01")).astype(int)
    chosen = (events.category == "burglary") & (events.t >= t0) & (events.t < t1)
    assert result["EVENTS"] == chosen.sum()
    values, _, _ = raster_reader(out)
    # Expected events per cell per day, summed over the map, is the daily event rate.
    assert np.nansum(values) == pytest.approx(chosen.sum() / float(t1 - t0), rel=0.02)


def test_unknown_category_is_refused_without_output(crimerisk_provider, demo_gpkg, tmp_path):
    out = tmp_path / "none.tif"
    with pytest.raises(QgsProcessingException, match="Unknown category 'arson'.*burglary"):
        run_kde(crimerisk_provider, INPUT=f"{demo_gpkg}|layername=events", CATEGORY_FIELD="crime_type",
                CATEGORIES="arson", OUTPUT=str(out))
    assert list(tmp_path.iterdir()) == []
