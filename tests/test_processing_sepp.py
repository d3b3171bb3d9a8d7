"""crimerisk:sepp through processing.run: the raster is forecast_sepp's, the outputs are its fit,
one band per crime type, clear refusals, and no look-ahead."""

import json

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsProcessingFeedback

import processing
from crimerisk.algorithms.events import EventSet, days_from_datetime64
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.sepp import SeppOptions, forecast_sepp
from crimerisk.tests.test_sepp_trigger import _planted as snapped_events
from crimerisk.tests.vector_io import write_events

CELL = 250.0
ITERATIONS = 60
NUMERIC = {"THETA": "theta", "OMEGA": "omega_per_day", "SIGMA": "sigma_m", "SAME_PLACE_SHARE": "same_place_share",
           "BACKGROUND_RATE": "background_rate_per_day", "LOG_LIKELIHOOD": "log_likelihood",
           "ITERATIONS": "iterations", "CONVERGED": "converged"}


def day(text: str) -> float:
    return float(days_from_datetime64(np.array([np.datetime64(text)]))[0])


def run_sepp(layer: str, out, **parameters):
    settings = dict(INPUT=layer, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", CELL_SIZE=CELL,
                    MAX_ITERATIONS=ITERATIONS, OUTPUT=str(out))
    settings.update(parameters)
    return processing.run("crimerisk:sepp", settings)


def read_bands(path: str):
    """(bands [n, rows, cols] with NaN nodata, band descriptions, the Grid of the file)."""
    dataset = gdal.Open(path)
    bands, names = [], []
    for index in range(1, dataset.RasterCount + 1):
        band = dataset.GetRasterBand(index)
        values = band.ReadAsArray().astype(float)
        values[values == band.GetNoDataValue()] = np.nan
        bands.append(values)
        names.append(band.GetDescription())
    transform = dataset.GetGeoTransform()
    grid = Grid(transform[0], transform[3], transform[1], dataset.RasterYSize, dataset.RasterXSize)
    return np.array(bands), names, grid


CASES = {
    "defaults": ({}, None, SeppOptions(max_iterations=ITERATIONS)),
    "options": (dict(AS_OF="2019-09-02", HORIZON=14, TIME_CUTOFF=60, SPACE_CUTOFF=800, BACKGROUND_SMOOTHING=250,
                     SEASONALITY=3, TOLERANCE=1e-4, LOCATION_PRECISION=12),
                "2019-09-02", SeppOptions(60.0, 800.0, 250.0, "weekly+yearly", ITERATIONS, 1e-4,
                                          location_precision=12.0)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_raster_and_outputs_are_the_fit_of_forecast_sepp(crimerisk_provider, demo_gpkg, demo_events, tmp_path, case):
    extra, as_of_text, options = CASES[case]
    horizon = float(extra.get("HORIZON", 7.0))
    result = run_sepp(f"{demo_gpkg}|layername=events", tmp_path / "sepp.tif", CATEGORIES="burglary",
                      OUTPUT_REPORT=str(tmp_path / "sepp.html"), OUTPUT_JSON=str(tmp_path / "sepp.json"), **extra)
    bands, names, grid = read_bands(result["OUTPUT"])
    events, _ = demo_events
    burglary = events.of_categories(["burglary"])
    as_of = day(as_of_text) if as_of_text else float(np.floor(burglary.t.max())) + 1.0  # default: day after the last
    expected = forecast_sepp(burglary, grid, as_of, horizon, options)
    assert bands.shape == (1,) + grid.shape and names == ["all selected events"]
    # The same events (times stored to the second in the GeoPackage) give the same map and totals.
    np.testing.assert_allclose(bands[0], expected.values, rtol=1e-4, atol=1e-7)
    assert np.nansum(bands[0]) == pytest.approx(expected.parameters["expected_total"], rel=1e-5)
    assert result["EXPECTED_EVENTS"] == pytest.approx(expected.parameters["expected_total"], rel=1e-5)
    for key, name in NUMERIC.items():
        assert result[key] == pytest.approx(expected.parameters[name], rel=1e-4), key
    document = json.loads((tmp_path / "sepp.json").read_text(encoding="utf-8"))
    model = document["models"]["all selected events"]
    assert model["theta"] == result["THETA"] and model["iterations"] == result["ITERATIONS"]
    assert model["seasonality"] == options.seasonality
    assert model["background_smoothing_m"] == options.background_smoothing
    if options.time_cutoff:  # fixed cutoffs are kept as given
        assert (model["time_cutoff_days"], model["space_cutoff_m"]) == (options.time_cutoff, options.space_cutoff)
    assert document["horizon_days"] == horizon and document["as_of"].startswith(str(np.datetime64(int(as_of), "D")))
    report = (tmp_path / "sepp.html").read_text(encoding="utf-8")
    theta = result["THETA"]
    assert f"theta = {theta:.2f}: about {100 * theta:.0f}% of events are repeats" in report
    assert f"sigma {result['SIGMA']:.0f} m" in report
    # The demo town's places are continuous (none shared): the same-place parts are left out.
    assert model["stacked_share"] == 0.0 and model["location_precision_m"] == 0.0
    assert "within the location precision" not in report
    for warning in model["warnings"]:
        assert warning in report
    assert (tmp_path / "sepp.qml").exists()


def test_per_category_writes_one_band_per_type(crimerisk_provider, demo_gpkg, demo_events, tmp_path):
    result = run_sepp(f"{demo_gpkg}|layername=events", tmp_path / "types.tif", PER_CATEGORY=True,
                      AS_OF="2019-10-01", OUTPUT_JSON=str(tmp_path / "types.json"))
    bands, names, grid = read_bands(result["OUTPUT"])
    assert names == ["burglary", "robbery", "vehicle crime", "violence"]
    document = json.loads((tmp_path / "types.json").read_text(encoding="utf-8"))
    assert list(document["models"]) == names and document["per_category"] is True
    for values, name in zip(bands, names):
        assert np.nansum(values) == pytest.approx(document["models"][name]["expected_total"], rel=1e-5)
    # Each band is that type's own model: robbery alone, on the same grid, gives the same band.
    events, _ = demo_events
    robbery = forecast_sepp(events.of_categories(["robbery"]), grid, day("2019-10-01"), 7.0,
                            SeppOptions(max_iterations=ITERATIONS))
    np.testing.assert_allclose(bands[1], robbery.values, rtol=1e-4, atol=1e-7)
    # Numeric outputs describe the first band's model; CONVERGED all of them; EXPECTED_EVENTS all bands.
    assert result["THETA"] == document["models"]["burglary"]["theta"]
    assert result["SIGMA"] == document["models"]["burglary"]["sigma_m"]
    assert result["CONVERGED"] == all(m["converged"] for m in document["models"].values())
    assert result["EXPECTED_EVENTS"] == pytest.approx(np.nansum(bands), rel=1e-5)
    assert len({round(m["theta"], 3) for m in document["models"].values()}) == 4


def _layer(path, events: EventSet) -> str:
    return write_events(str(path), "events", events, 2154)


def test_events_after_as_of_change_nothing(crimerisk_provider, demo_events, tmp_path):
    events, _ = demo_events
    as_of = day("2019-07-01")
    past = events.of_categories(["burglary"]).before(as_of)
    # A burst of "future" burglaries: at AS_OF itself, days later, and 20 km away (outside the past's extent).
    hot_x, hot_y = float(np.median(past.x)), float(np.median(past.y))
    burst_t = as_of + np.array([0.0, 0.0, 0.2, 1.5, 3.0, 30.0, 100.0])
    burst_x = np.array([hot_x, hot_x + 20, hot_x - 30, hot_x, hot_x + 20_000, hot_x, hot_x])
    burst_y = np.full(burst_t.size, hot_y)

    def with_burst(shift: float) -> EventSet:
        return EventSet.from_arrays(np.concatenate([past.x, burst_x]), np.concatenate([past.y, burst_y]),
                                    t=np.concatenate([past.t, burst_t - shift]),
                                    category=np.concatenate([past.category, ["burglary"] * burst_t.size]))

    outputs = {}
    for name, layer_events in (("past", past), ("future", with_burst(0.0)), ("earlier", with_burst(0.5))):
        out = tmp_path / f"{name}.tif"
        outputs[name] = run_sepp(_layer(tmp_path / f"{name}.gpkg", layer_events), out, AS_OF="2019-07-01",
                                 CATEGORIES="burglary")
        outputs[name]["bytes"] = out.read_bytes()
    assert outputs["future"]["bytes"] == outputs["past"]["bytes"]
    assert outputs["future"]["THETA"] == outputs["past"]["THETA"]
    # The same burst half a day earlier is history: it changes the forecast (the check above can fail).
    assert outputs["earlier"]["bytes"] != outputs["past"]["bytes"]


@pytest.mark.parametrize("settings, message", [
    (dict(AS_OF="2017-06-01"), "No history before AS_OF"),
    (dict(AS_OF="2018-01-04", PER_CATEGORY=True), r"burglary: only \d+ dated events"),
    (dict(PER_CATEGORY=True, CATEGORY_FIELD=None), "needs the crime type field"),
])
def test_bad_input_is_refused_without_output(crimerisk_provider, demo_gpkg, tmp_path, settings, message):
    with pytest.raises(QgsProcessingException, match=message):
        run_sepp(f"{demo_gpkg}|layername=events", tmp_path / "never.tif", OUTPUT_JSON=str(tmp_path / "never.json"),
                 **settings)
    assert list(tmp_path.iterdir()) == []


def test_events_stacked_at_addresses_fit_a_same_place_share_where_one_gaussian_collapses(crimerisk_provider,
                                                                                        tmp_path):
    events, planted = snapped_events(1, 0.3)
    layer = _layer(tmp_path / "snapped.gpkg", EventSet.from_arrays(
        events.x, events.y, t=events.t, category=np.full(len(events), "burglary", dtype=object)))
    results, reports = {}, {}
    for name, precision in (("single", 0.0), ("two", None)):
        extra = {} if precision is None else {"LOCATION_PRECISION": precision}
        results[name] = run_sepp(layer, tmp_path / f"{name}.tif", AS_OF="1971-01-01",
                                 OUTPUT_REPORT=str(tmp_path / f"{name}.html"), **extra)
        reports[name] = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    floor = "sits at its lower bound"
    assert results["single"]["SIGMA"] < 1.0 and results["single"]["SAME_PLACE_SHARE"] == 0.0
    assert floor in reports["single"]
    assert abs(results["two"]["SIGMA"] - 100.0) < 20.0  # planted sigma 100 m; default precision 5 m
    assert abs(results["two"]["SAME_PLACE_SHARE"] - planted) < 0.08
    assert floor not in reports["two"]
    share = round(100 * results["two"]["SAME_PLACE_SHARE"])
    assert f"within the location precision of 5 m): {share}% of the triggered events" in reports["two"]


class CancelWhileFitting(QgsProcessingFeedback):
    """Cancels as soon as the fitting stage (15-85%) has begun, and records the progress seen."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def setProgress(self, progress):  # noqa: N802
        self.seen.append(progress)
        super().setProgress(progress)
        if progress > 16:
            self.cancel()


def test_cancel_during_the_fit_stops_promptly_without_output(crimerisk_provider, demo_gpkg, tmp_path):
    feedback = CancelWhileFitting()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("crimerisk:sepp", dict(INPUT=f"{demo_gpkg}|layername=events", TIME_FIELD="occurred",
                                              CATEGORY_FIELD="crime_type", PER_CATEGORY=True, CELL_SIZE=CELL,
                                              OUTPUT=str(tmp_path / "never.tif")), feedback=feedback)
    assert 16 < max(feedback.seen) < 30  # the first model's EM stopped at its next iteration
    assert list(tmp_path.iterdir()) == []
