"""crimerisk:mlforecast through processing.run: the raster is forecast()'s, risk terrain layers are
sampled and rasterised onto the grid as computed by hand, no look-ahead, clear refusals, and the
provider still loads (with a clear message from this algorithm) when scikit-learn is missing."""

import json
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsProcessingException, \
    QgsProcessingFeedback, QgsRasterLayer, QgsVectorLayer

import processing
import crimerisk
from crimerisk.algorithms.events import EventSet, datetime64_from_days, days_from_datetime64
from crimerisk.algorithms.features import static_covariates
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.mlforecast import ForecastSettings, forecast
from crimerisk.plugin.io.covariates import feature_names, rasterise_layer, sample_rasters
from crimerisk.tests.vector_io import write_events, write_lines
from crimerisk.tests.test_processing_sepp import CancelWhileFitting, day, read_bands

CELL = 300.0
LAMBERT = QgsCoordinateReferenceSystem("EPSG:2154")
#: Small model settings shared by the algorithm runs and the direct forecast() they are checked against.
FAST = dict(TRAINING_PERIODS=6, MAX_ITER=40, SEED=3, THREADS=1, EVALUATE=False)
SETTINGS = ForecastSettings(training_periods=6, max_iter=40, seed=3, n_threads=1, evaluate=False)


def to_the_second(events: EventSet) -> EventSet:
    """The events as the GeoPackage stores them (times to the second)."""
    return EventSet.from_arrays(events.x, events.y, t=days_from_datetime64(datetime64_from_days(events.t)),
                                category=events.category)


def run_ml(layer: str, out, **parameters):
    settings = dict(INPUT=layer, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", CELL_SIZE=CELL,
                    OUTPUT=str(out), **FAST)
    settings.update(parameters)
    return processing.run("crimerisk:mlforecast", settings)


def write_geotiff(path: str, values: np.ndarray, west: float, north: float, pixel: float, nodata: float) -> str:
    """A one-band float32 GeoTIFF in EPSG:2154 with its top-left corner at (west, north)."""
    dataset = gdal.GetDriverByName("GTiff").Create(path, values.shape[1], values.shape[0], 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((west, pixel, 0.0, north, 0.0, -pixel))
    dataset.SetProjection(_srs(2154).ExportToWkt())
    dataset.GetRasterBand(1).SetNoDataValue(nodata)
    dataset.GetRasterBand(1).WriteArray(values)
    dataset = None
    return path


@pytest.fixture(scope="module")
def burglary(demo_events):
    return to_the_second(demo_events[0].of_categories(["burglary"]))


def test_raster_and_outputs_are_those_of_forecast(crimerisk_provider, demo_gpkg, burglary, tmp_path):
    result = run_ml(f"{demo_gpkg}|layername=events", tmp_path / "ml.tif", CATEGORIES="burglary", EVALUATE=True,
                    OUTPUT_REPORT=str(tmp_path / "ml.html"), OUTPUT_JSON=str(tmp_path / "ml.json"))
    bands, names, grid = read_bands(result["OUTPUT"])
    as_of = float(np.floor(burglary.t.max())) + 1.0  # default AS_OF: the day after the last event
    expected = forecast(burglary, grid, as_of, 7.0, settings=ForecastSettings(
        training_periods=6, max_iter=40, seed=3, n_threads=1))["all"]
    assert names == ["all selected events"] and bands.shape == (1,) + grid.shape
    np.testing.assert_allclose(bands[0], expected.values, rtol=1e-6, atol=1e-9)
    fitted = expected.parameters
    assert result["EXPECTED_EVENTS"] == pytest.approx(fitted["expected_total"], rel=1e-9)
    assert result["TRAINING_SAMPLES"] == fitted["training_samples"]
    assert result["HOLDOUT_D2"] == pytest.approx(fitted["holdout_d2"], rel=1e-9)
    assert result["TOP_FEATURE"] == fitted["importances"][0][0]
    model = json.loads((tmp_path / "ml.json").read_text(encoding="utf-8"))["models"]["all selected events"]
    assert model["training_periods"] == 6 and model["model_max_iter"] == 40 and model["n_threads"] == 1
    assert [row[0] for row in model["importances"]] == [row[0] for row in fitted["importances"]]
    report = (tmp_path / "ml.html").read_text(encoding="utf-8")
    assert "What drives the map" in report and "<svg" in report and "mean Poisson deviance" in report
    for name, _, _ in fitted["importances"]:
        assert name in report
    assert (tmp_path / "ml.qml").exists()


def test_one_band_per_crime_type_from_one_pooled_model(crimerisk_provider, demo_gpkg, demo_events, tmp_path):
    result = run_ml(f"{demo_gpkg}|layername=events", tmp_path / "types.tif", PER_CATEGORY=True,
                    AS_OF="2019-10-01", OUTPUT_JSON=str(tmp_path / "types.json"))
    bands, names, grid = read_bands(result["OUTPUT"])
    types = ["burglary", "robbery", "vehicle crime", "violence"]
    assert names == types
    expected = forecast(to_the_second(demo_events[0]), grid, day("2019-10-01"), 7.0, categories=types,
                        settings=SETTINGS)
    for values, name in zip(bands, types):
        np.testing.assert_allclose(values, expected[name].values, rtol=1e-6, atol=1e-9)
    assert result["EXPECTED_EVENTS"] == pytest.approx(sum(s.parameters["expected_total"]
                                                          for s in expected.values()), rel=1e-9)
    assert result["HOLDOUT_D2"] is None and result["TOP_FEATURE"] == ""
    document = json.loads((tmp_path / "types.json").read_text(encoding="utf-8"))
    assert list(document["models"]) == types and document["models"]["robbery"]["category"] == "robbery"


def test_terrain_layers_enter_the_model_as_computed_by_hand(crimerisk_provider, demo_gpkg, burglary, tmp_path):
    as_of = day("2019-09-02")
    past = burglary.before(as_of)
    # "Bars" in the busiest burglary cell (the algorithm aligns its cells on multiples of the cell size).
    cells, counts = np.unique(np.floor(np.column_stack([past.x, past.y]) / CELL), axis=0, return_counts=True)
    column, row = cells[np.argmax(counts)]
    hot_x, hot_y = (column + 0.5) * CELL, (row + 0.5) * CELL
    bar_x, bar_y = hot_x + np.array([0.0, 10.0, 400.0]), hot_y + np.array([0.0, 10.0, -350.0])
    bars = write_events(str(tmp_path / "terrain.gpkg"), "Bars", EventSet.from_arrays(bar_x, bar_y), 2154,
                        with_time=False)
    road_y, road_x0, road_x1 = hot_y, hot_x - 3 * CELL, hot_x + 3 * CELL  # centre to centre along a row
    roads = write_lines(str(tmp_path / "terrain.gpkg"), "Main road", [[(road_x0, road_y), (road_x1, road_y)]], 2154)
    # An "income" raster in cell-sized pixels on the cells' alignment, over the western half, a few pixels nodata.
    income = np.random.default_rng(1).lognormal(size=(60, 30)).astype(np.float32)
    income[10:12, 5:9] = -1.0
    west, north = 2125 * CELL, 22895 * CELL  # from 637.5 km E and 6,868.5 km N
    raster = write_geotiff(str(tmp_path / "income.tif"), income, west, north, CELL, nodata=-1.0)
    result = run_ml(f"{demo_gpkg}|layername=events", tmp_path / "terrain.tif", CATEGORIES="burglary",
                    AS_OF="2019-09-02", FEATURE_LAYERS=[bars, roads], COVARIATE_RASTERS=[raster], DENSITY_RADIUS=600,
                    EVALUATE=True, OUTPUT_REPORT=str(tmp_path / "terrain.html"))
    bands, _, grid = read_bands(result["OUTPUT"])
    padded = np.full((200, 200), np.nan)
    padded[:60, :30] = np.where(income == -1.0, np.nan, income)
    top, left = round((north - grid.ymax) / CELL), round((grid.xmin - west) / CELL)
    income_cells = padded[top:top + grid.rows, left:left + grid.cols]
    assert top >= 0 and left >= 0 and np.isfinite(income_cells).sum() > 100 and np.isnan(income_cells).sum() > 100
    bar_counts = grid.count(bar_x, bar_y)  # independent of GDAL: two bars in one cell, one in another
    road_cells = np.zeros(grid.shape)
    row = grid.cell_of(np.array([road_x0 + 1]), np.array([road_y]))[0][0]
    first, last = (grid.cell_of(np.array([x]), np.array([road_y]))[1][0] for x in (road_x0 + 1, road_x1 - 1))
    road_cells[row, first:last + 1] = 1.0
    assert sorted(bar_counts[bar_counts > 0]) == [1.0, 2.0] and road_cells.sum() == 7
    expected = forecast(past, grid, as_of, 7.0, covariates={"income": income_cells},
                        feature_layers={"bars": bar_counts, "main_road": road_cells},
                        settings=ForecastSettings(training_periods=6, max_iter=40, seed=3, n_threads=1,
                                                  density_radius=600.0))["all"]
    np.testing.assert_allclose(bands[0], expected.values, rtol=1e-6, atol=1e-9)
    report = (tmp_path / "terrain.html").read_text(encoding="utf-8")
    for name in ("income", "dist_bars", "density_bars", "dist_main_road", "density_main_road"):
        assert name in expected.parameters["features"] and f"{name}</code>" in report
    ranked = {name: mean for name, mean, _ in expected.parameters["importances"]}
    assert result["TOP_FEATURE"] == max(ranked, key=ranked.get)


def test_feature_names_are_safe_and_distinct(qgis_app):
    layers = [QgsVectorLayer("Point?crs=EPSG:2154", name, "memory") for name in ("Écoles primaires", "bars",
                                                                                  "Bars!", "???")]
    assert feature_names(layers) == ["ecoles_primaires", "bars", "bars_2", "layer"]


def test_lines_touch_their_cells_and_points_are_counted_after_reprojection(qgis_app, tmp_path):
    grid = Grid(xmin=650_000.0, ymax=6_860_000.0, cell_size=100.0, rows=8, cols=10)
    centre_x = grid.xmin + (np.arange(grid.cols) + 0.5) * 100.0
    centre_y = grid.ymax - (np.arange(grid.rows) + 0.5) * 100.0
    # An L through cell centres: row 2 from column 1 to 6, then column 6 down to row 5.
    path = [(centre_x[1], centre_y[2]), (centre_x[6], centre_y[2]), (centre_x[6], centre_y[5])]
    line = QgsVectorLayer(write_lines(str(tmp_path / "l.gpkg"), "roads", [path], 2154), "roads", "ogr")
    expected = np.zeros(grid.shape)
    expected[2, 1:7] = 1.0
    expected[2:6, 6] = 1.0
    context = QgsCoordinateTransformContext()
    assert np.array_equal(rasterise_layer(line, grid, LAMBERT, context), expected)
    # Points stored in WGS 84: two in cell (4, 3), one in cell (0, 9), one off the grid.
    x = np.array([centre_x[3], centre_x[3] + 20, centre_x[9], grid.xmin - 500])
    y = np.array([centre_y[4], centre_y[4] - 20, centre_y[0], centre_y[0]])
    to_wgs84 = osr.CoordinateTransformation(_srs(2154), _srs(4326))
    lon_lat = np.array(to_wgs84.TransformPoints(np.column_stack([x, y])))[:, :2]
    points = QgsVectorLayer(write_events(str(tmp_path / "p.gpkg"), "bars", EventSet.from_arrays(
        lon_lat[:, 0], lon_lat[:, 1]), 4326, with_time=False), "bars", "ogr")
    counts = rasterise_layer(points, grid, LAMBERT, context)
    assert counts[4, 3] == 2 and counts[0, 9] == 1 and counts.sum() == 3


def _srs(epsg: int) -> osr.SpatialReference:
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(epsg)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def test_covariate_raster_is_averaged_per_cell_with_nodata_missing(qgis_app, tmp_path):
    # A 100 m raster of 12 x 9 pixels; the grid has 300 m cells, one column more than the raster covers.
    values = np.arange(108, dtype=float).reshape(9, 12) ** 1.5
    values[0:3, 3:6] = -1.0  # one whole cell of nodata
    values[3, 0] = -1.0  # one nodata pixel among nine
    path = write_geotiff(str(tmp_path / "slope.tif"), values, 640_000.0, 6_860_000.0, 100.0, nodata=-1.0)
    grid = Grid(xmin=640_000.0, ymax=6_860_000.0, cell_size=300.0, rows=3, cols=5)
    sampled = sample_rasters([QgsRasterLayer(path, "Slope %")], grid, LAMBERT)
    assert list(sampled) == ["slope"]
    stored = values.astype(np.float32).astype(float)
    expected = np.full(grid.shape, np.nan)
    for row in range(3):
        for col in range(4):
            block = stored[3 * row:3 * row + 3, 3 * col:3 * col + 3]
            valid = block[block != -1.0]
            expected[row, col] = valid.mean() if valid.size else np.nan
    assert np.isnan(expected[0, 1]) and np.isnan(expected[:, 4]).all()
    np.testing.assert_allclose(sampled["slope"], expected, rtol=1e-6, equal_nan=True)
    # Sampled values feed the model unchanged.
    assert np.array_equal(static_covariates(grid, sampled)["slope"], sampled["slope"], equal_nan=True)


def test_events_after_as_of_change_nothing(crimerisk_provider, burglary, tmp_path):
    as_of = day("2019-07-01")
    past = burglary.before(as_of)
    # The last 60 days replayed after AS_OF (from AS_OF itself on), plus one event 20 km away.
    recent = past.between(as_of - 60.0, as_of)
    replay_x, replay_y = np.append(recent.x, recent.x[0] + 20_000), np.append(recent.y, recent.y[0])
    replay_t = np.append(recent.t - recent.t.min(), 0.0)

    def replayed(start: float) -> EventSet:
        return EventSet.from_arrays(np.concatenate([past.x, replay_x]), np.concatenate([past.y, replay_y]),
                                    t=np.concatenate([past.t, start + replay_t]),
                                    category=np.full(len(past) + replay_t.size, "burglary", dtype=object))

    outputs = {}
    for name, events in (("past", past), ("future", replayed(as_of)), ("earlier", replayed(as_of - 0.5))):
        out = tmp_path / f"{name}.tif"
        outputs[name] = run_ml(write_events(str(tmp_path / f"{name}.gpkg"), "events", events, 2154), out,
                               AS_OF="2019-07-01")
        outputs[name]["bytes"] = out.read_bytes()
    assert outputs["future"]["bytes"] == outputs["past"]["bytes"]
    assert outputs["future"]["TRAINING_SAMPLES"] == outputs["past"]["TRAINING_SAMPLES"]
    # Replayed half a day earlier, a few of them are history: the forecast changes (the check above can fail).
    assert outputs["earlier"]["bytes"] != outputs["past"]["bytes"]


@pytest.mark.parametrize("settings, message", [
    (dict(AS_OF="2017-06-01"), "No history before AS_OF"),
    (dict(AS_OF="2018-06-01"), "too little history to train"),
    (dict(PER_CATEGORY=True, CATEGORY_FIELD=None), "needs the crime type field"),
])
def test_bad_input_is_refused_without_output(crimerisk_provider, demo_gpkg, tmp_path, settings, message):
    with pytest.raises(QgsProcessingException, match=message):
        run_ml(f"{demo_gpkg}|layername=events", tmp_path / "never.tif", OUTPUT_JSON=str(tmp_path / "never.json"),
               OUTPUT_REPORT=str(tmp_path / "never.html"), **settings)
    assert list(tmp_path.iterdir()) == []


def test_cancel_stops_promptly_without_output(crimerisk_provider, demo_gpkg, tmp_path):
    feedback = CancelWhileFitting()  # cancels past 16 %: the model stage starts at 20 %
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("crimerisk:mlforecast", dict(INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred",
                                                    CELL_SIZE=CELL, TRAINING_PERIODS=20,
                                                    OUTPUT=str(tmp_path / "never.tif")), feedback=feedback)
    assert 16 < max(feedback.seen) <= 20  # stopped at the model stage's first progress report
    assert list(tmp_path.iterdir()) == []


WITHOUT_SKLEARN = textwrap.dedent("""
    import sys
    sys.modules["sklearn"] = None  # any "import sklearn" now fails, as on a machine without it
    sys.path.insert(0, {parent!r})
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback
    app = QgsApplication([], False)
    app.initQgis()
    from crimerisk.plugin.provider import CrimeRiskProvider, algorithm_classes
    provider = CrimeRiskProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    ids = [algorithm.id() for algorithm in provider.algorithms()]
    assert len(ids) == len(algorithm_classes()) and "crimerisk:kde" in ids and "crimerisk:mlforecast" in ids, ids

    class Errors(QgsProcessingFeedback):
        def reportError(self, error, fatalError=False):
            print("REFUSED:", error)

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("crimerisk:mlforecast")
    results, ok = algorithm.run(dict(INPUT={layer!r}, TIME_FIELD="occurred", CELL_SIZE=300, TRAINING_PERIODS=6,
                                     OUTPUT={out!r}), QgsProcessingContext(), Errors())
    assert not ok
    assert sys.modules["sklearn"] is None and not [m for m in sys.modules if m.startswith("sklearn.")]
    print("LOADED:", len(ids))
""")


def test_without_scikit_learn_the_provider_loads_and_the_algorithm_says_how_to_install(demo_gpkg, tmp_path):
    out = tmp_path / "never.tif"
    parent = str(Path(crimerisk.__file__).parent.parent)  # the folder that holds the package
    code = WITHOUT_SKLEARN.format(parent=parent, layer=f"{demo_gpkg}|layername=events", out=str(out))
    answer = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert answer.returncode == 0, answer.stderr[-3000:]
    assert "LOADED:" in answer.stdout
    refused = [line for line in answer.stdout.splitlines() if line.startswith("REFUSED:")]
    assert len(refused) == 1 and "needs scikit-learn: scikit-learn is not installed" in refused[0]
    assert "sudo apt install python3-sklearn" in refused[0] and "python3-scikit-learn" in refused[0]
    assert not out.exists()
