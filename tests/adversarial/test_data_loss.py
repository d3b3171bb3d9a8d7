"""Data loss: no output over an input, rasters only as GeoTIFF, a GeoPackage output adds a layer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from adversarial_data import csv_events, fingerprint, layer_names, write_points
from hardening_cases import algorithm_id, assert_clean_refusal, files_in, run_catching, valid_parameters

RASTER_OUTPUTS = {"kde": "OUTPUT", "gistar": "OUTPUT_Z", "nearrepeat": "OUTPUT", "sepp": "OUTPUT",
                  "emerginghotspots": "OUTPUT_TREND", "mlforecast": "OUTPUT"}
TABLE_OUTPUTS = {"trends": "OUTPUT_TABLE", "knox": "OUTPUT", "backtest": "OUTPUT_FOLDS",
                 "emerginghotspots": "OUTPUT_TABLE", "nearrepeat": "OUTPUT_ALERTS"}
REPORT_OUTPUTS = {"trends": "OUTPUT_HTML", "sepp": "OUTPUT_REPORT", "knox": "OUTPUT_HTML"}


@pytest.fixture
def work(town, tmp_path):
    """A private copy of the town GeoPackage (inputs) and an empty output folder."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(town["path"], inputs / "town.gpkg")
    out = tmp_path / "out"
    out.mkdir()
    return inputs, out


def parameters_for(name: str, inputs: Path, out: Path) -> dict:
    parameters = valid_parameters(name, f"{inputs / 'town.gpkg'}|layername=events", out)
    parameters["CATEGORIES"] = "cambriolage"
    return parameters


def refused_and_untouched(name: str, parameters: dict, inputs: Path, out: Path, problem: str) -> str:
    before = fingerprint(inputs)
    _, error = run_catching(algorithm_id(name), parameters)
    message = assert_clean_refusal(error, problem)
    assert fingerprint(inputs) == before, "an input file changed"
    assert files_in(out) == [], f"outputs were left: {files_in(out)}"
    return message


@pytest.mark.parametrize("name", sorted(RASTER_OUTPUTS))
def test_raster_output_over_the_input_geopackage_is_refused(crimerisk_provider, work, name):
    inputs, out = work
    parameters = parameters_for(name, inputs, out)
    parameters[RASTER_OUTPUTS[name]] = str(inputs / "town.gpkg")
    refused_and_untouched(name, parameters, inputs, out, "read by this run")


@pytest.mark.parametrize("suffix", [".gpkg", ".img", ".asc", ".png"])
def test_raster_output_in_another_format_is_refused_and_an_existing_file_kept(crimerisk_provider, work, suffix):
    inputs, out = work
    other = inputs / f"other{suffix}"
    shutil.copy(inputs / "town.gpkg", other)  # an unrelated existing file of the analyst's
    parameters = parameters_for("kde", inputs, out)
    parameters["OUTPUT"] = str(other)
    refused_and_untouched("kde", parameters, inputs, out, "GeoTIFF")


@pytest.mark.parametrize("name", sorted(TABLE_OUTPUTS))
def test_table_output_over_the_input_geopackage_is_refused(crimerisk_provider, work, name):
    inputs, out = work
    parameters = parameters_for(name, inputs, out)
    parameters[TABLE_OUTPUTS[name]] = str(inputs / "town.gpkg")
    refused_and_untouched(name, parameters, inputs, out, "read by this run")


def test_table_output_as_a_new_layer_of_the_input_geopackage_is_refused(crimerisk_provider, work):
    inputs, out = work
    parameters = parameters_for("trends", inputs, out)
    parameters["OUTPUT_TABLE"] = f"ogr:dbname='{inputs / 'town.gpkg'}' table=\"trends\" (geom)"
    refused_and_untouched("trends", parameters, inputs, out, "read by this run")


def test_outputs_over_the_input_csv_are_refused(crimerisk_provider, work):
    inputs, out = work
    uri = csv_events(inputs / "events.csv", "iso")
    for key in ("OUTPUT_TABLE", "OUTPUT_HTML"):
        parameters = valid_parameters("trends", uri, out)
        parameters.update(TIME_FIELD="date_faits", CATEGORIES="cambriolage", **{key: str(inputs / "events.csv")})
        refused_and_untouched("trends", parameters, inputs, out, "read by this run")


def test_output_over_the_mask_layer_file_is_refused(crimerisk_provider, work, tmp_path):
    inputs, out = work
    events = tmp_path / "events.gpkg"
    shutil.copy(inputs / "town.gpkg", events)
    parameters = valid_parameters("nearrepeat", f"{events}|layername=events", out)
    parameters.update(CATEGORIES="cambriolage", MASK=f"{inputs / 'town.gpkg'}|layername=boundary",
                      OUTPUT_ALERTS=str(inputs / "town.gpkg"))
    refused_and_untouched("nearrepeat", parameters, inputs, out, "read by this run")


def test_a_table_written_into_another_geopackage_adds_a_layer(crimerisk_provider, work):
    inputs, out = work
    archive = out / "archive.gpkg"
    write_points(archive, "kept_a", [1.0], [2.0], {"name": ["a"]})
    write_points(archive, "kept_b", [1.0], [2.0], {"name": ["b"]})
    parameters = parameters_for("trends", inputs, out)
    parameters["OUTPUT_TABLE"] = str(archive)
    parameters["OUTPUT_HTML"] = str(out / "trends.html")
    result, error = run_catching(algorithm_id("trends"), parameters)
    assert error is None, error
    assert set(layer_names(archive)) == {"kept_a", "kept_b", "archive"}
    assert "layername=archive" in result["OUTPUT_TABLE"]
    result, error = run_catching(algorithm_id("trends"), parameters)  # a second run replaces its own layer only
    assert error is None, error
    assert set(layer_names(archive)) == {"kept_a", "kept_b", "archive"}


@pytest.mark.parametrize("name", sorted(REPORT_OUTPUTS))
def test_report_path_that_is_a_folder_is_refused_before_any_output(crimerisk_provider, work, name):
    inputs, out = work
    parameters = parameters_for(name, inputs, out)
    folder = out / "reports"
    folder.mkdir()
    parameters[REPORT_OUTPUTS[name]] = str(folder)
    before = fingerprint(inputs)
    _, error = run_catching(algorithm_id(name), parameters)
    assert_clean_refusal(error, "folder")
    assert fingerprint(inputs) == before
    assert files_in(out) == ["reports"] and files_in(folder) == []


def test_a_raster_path_without_extension_is_written_as_geotiff_or_refused_up_front(crimerisk_provider, work):
    inputs, out = work
    parameters = parameters_for("gistar", inputs, out)
    parameters["OUTPUT_CLASSES"] = str(out / "classes")  # the second output: the first must not be left alone
    result, error = run_catching(algorithm_id("gistar"), parameters)
    if error is not None:
        assert_clean_refusal(error, "GeoTIFF")
        assert files_in(out) == []
    else:
        from adversarial_data import raster_driver
        assert raster_driver(Path(result["OUTPUT_CLASSES"])) == "GTiff"
