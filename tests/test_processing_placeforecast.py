"""crimerisk:placeforecast through processing.run: the raster is forecast_place's, the report and the
JSON say what the internal validation chose and why, the fall-back on a town without short-term
dynamics, and no look-ahead."""

import json

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException

import processing
from crimerisk.algorithms.baselines import decayed_counts
from crimerisk.algorithms.events import EventSet, days_from_datetime64
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.placeforecast import PlaceForecastSettings, forecast_place
from crimerisk.tests.vector_io import write_events

pytest.importorskip("sklearn")

CELL = 250.0
SMALL = dict(HALF_LIVES="14, 365", SCALES="0, 1", TRAINING_PERIODS=12, VALIDATION_PERIODS=3)
SETTINGS = PlaceForecastSettings(half_lives=(14.0, 365.0), scales=(0.0, 1.0), training_periods=12,
                                 validation_periods=3, seed=42)


def day(text: str) -> float:
    return float(days_from_datetime64(np.array([np.datetime64(text)]))[0])


def run_place(layer: str, out, **parameters):
    settings = dict(INPUT=layer, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", CELL_SIZE=CELL, OUTPUT=str(out),
                    **SMALL)
    settings.update(parameters)
    return processing.run("crimerisk:placeforecast", settings)


def read_band(path: str) -> tuple[np.ndarray, Grid]:
    dataset = gdal.Open(path)
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray().astype(float)
    values[values == band.GetNoDataValue()] = np.nan
    transform = dataset.GetGeoTransform()
    return values, Grid(transform[0], transform[3], transform[1], dataset.RasterYSize, dataset.RasterXSize)


def _layer(path, events: EventSet) -> str:
    return write_events(str(path), "events", events, 2154)


def test_raster_report_and_json_say_what_was_chosen(crimerisk_provider, demo_gpkg, demo_events, tmp_path):
    result = run_place(f"{demo_gpkg}|layername=events", tmp_path / "place.tif", CATEGORIES="burglary",
                       AS_OF="2019-09-02", OUTPUT_REPORT=str(tmp_path / "place.html"),
                       OUTPUT_JSON=str(tmp_path / "place.json"))
    values, grid = read_band(result["OUTPUT"])
    burglary = demo_events[0].of_categories(["burglary"])
    expected = forecast_place(burglary, grid, day("2019-09-02"), 7.0, SETTINGS)
    np.testing.assert_allclose(values, np.where(grid.inside, expected.values, np.nan), rtol=1e-4, atol=1e-7)
    fitted = expected.parameters
    assert result["USED_MODEL"] == (fitted["chosen"] == "model")
    assert result["VALIDATION_RATIO"] == pytest.approx(fitted["validation_ratio"])
    assert result["EXPECTED_EVENTS"] == pytest.approx(float(np.nansum(values)), rel=1e-4)
    document = json.loads((tmp_path / "place.json").read_text(encoding="utf-8"))
    model = document["models"]["all selected events"]
    assert document["algorithm"] == "crimerisk:placeforecast"
    assert model["chosen"] == fitted["chosen"] and model["half_lives_days"] == [14.0, 365.0]
    assert model["validation_pai_model"] == pytest.approx(fitted["validation_pai_model"])
    report = (tmp_path / "place.html").read_text(encoding="utf-8")
    assert ("learned model is used" if fitted["chosen"] == "model" else "fell back to decayed counts") in report
    assert "Candidates: half-lives 14, 365 days, scales 0, 1 cells" in report
    if fitted["chosen"] == "model":
        assert "when that rate doubles" in report


def _steady_town(seed: int, weeks: int = 60) -> EventSet:
    """Stable heavy-tailed places, weekly Poisson counts, no short-term dynamics (Lambert-93 metres)."""
    rng = np.random.default_rng(seed)
    rows = cols = 16
    place = rng.pareto(1.5, rows * cols) * 0.03
    counts = rng.poisson(np.tile(place, (weeks, 1)))
    week, cell = np.nonzero(counts)
    week, cell = np.repeat(week, counts[week, cell]), np.repeat(cell, counts[week, cell])
    row, col = np.divmod(cell, cols)
    x = 640_000.0 + (col + rng.random(col.size)) * CELL
    y = 6_860_000.0 - (row + rng.random(row.size)) * CELL
    t = day("2018-01-01") + (week + rng.random(week.size)) * 7.0
    return EventSet.from_arrays(x, y, t, np.full(x.size, "burglary", dtype=object))


def test_town_without_short_term_dynamics_falls_back_to_decayed_counts(crimerisk_provider, tmp_path):
    """No near repeats: the learned model is never needed; where it loses, the raster is decayed counts
    and the report says so. Over several towns it must lose at least once (the fall-back can happen)."""
    fell_back = 0
    for seed in range(3):
        events = _steady_town(seed)
        as_of = day("2018-01-01") + 55 * 7.0
        result = run_place(_layer(tmp_path / f"steady{seed}.gpkg", events), tmp_path / f"steady{seed}.tif",
                           AS_OF=str(np.datetime64(int(as_of), "D")), OUTPUT_REPORT=str(tmp_path / f"s{seed}.html"),
                           OUTPUT_JSON=str(tmp_path / f"s{seed}.json"))
        values, grid = read_band(result["OUTPUT"])
        model = json.loads((tmp_path / f"s{seed}.json").read_text(encoding="utf-8"))["models"]["all selected events"]
        report = (tmp_path / f"s{seed}.html").read_text(encoding="utf-8")
        if not result["USED_MODEL"]:
            fell_back += 1
            reference = decayed_counts(events, grid, as_of, 7.0, model["decayed_half_life_days"])
            np.testing.assert_allclose(values, np.where(grid.inside, reference.values, np.nan), rtol=1e-4, atol=1e-7)
            assert "fell back to decayed counts" in report
        else:  # the model won its validation: it is reported with its scores
            assert model["validation_pai_model"] > model["validation_pai_decayed"]
    assert fell_back >= 1


def test_events_at_or_after_as_of_change_nothing(crimerisk_provider, demo_events, tmp_path):
    as_of = day("2019-07-01")
    past = demo_events[0].of_categories(["burglary"]).before(as_of)
    hot_x, hot_y = float(np.median(past.x)), float(np.median(past.y))
    burst_t = as_of + np.array([0.0, 0.0, 0.2, 1.5, 3.0, 30.0, 100.0])
    burst_x = np.array([hot_x, hot_x + 20, hot_x - 30, hot_x, hot_x + 20_000, hot_x, hot_x])

    def with_burst(shift: float) -> EventSet:
        return EventSet.from_arrays(np.concatenate([past.x, burst_x]), np.concatenate([past.y, np.full(7, hot_y)]),
                                    t=np.concatenate([past.t, burst_t - shift]),
                                    category=np.concatenate([past.category, ["burglary"] * 7]))

    outputs = {}
    for name, layer_events in (("past", past), ("future", with_burst(0.0)), ("earlier", with_burst(0.5))):
        out = tmp_path / f"{name}.tif"
        outputs[name] = run_place(_layer(tmp_path / f"{name}.gpkg", layer_events), out, AS_OF="2019-07-01",
                                  OUTPUT_JSON=str(tmp_path / f"{name}.json"))
        outputs[name]["bytes"] = out.read_bytes()
        outputs[name]["json"] = (tmp_path / f"{name}.json").read_text(encoding="utf-8")
    assert outputs["future"]["bytes"] == outputs["past"]["bytes"]
    assert outputs["future"]["json"] == outputs["past"]["json"]  # the validation too
    # The same burst half a day earlier is history: it changes the forecast (the check above can fail).
    assert outputs["earlier"]["bytes"] != outputs["past"]["bytes"]


@pytest.mark.parametrize("settings, message", [
    (dict(AS_OF="2018-01-20"), "five horizons"),
    (dict(HALF_LIVES="7, a week"), "numbers separated by commas"),
    (dict(PER_CATEGORY=True, CATEGORY_FIELD=None), "needs the crime type field"),
])
def test_bad_input_is_refused_without_output(crimerisk_provider, demo_gpkg, tmp_path, settings, message):
    with pytest.raises(QgsProcessingException, match=message):
        run_place(f"{demo_gpkg}|layername=events", tmp_path / "never.tif", OUTPUT_JSON=str(tmp_path / "never.json"),
                  **settings)
    assert list(tmp_path.iterdir()) == []
