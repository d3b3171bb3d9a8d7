"""Requests whose working arrays would not fit are refused before anything is allocated, with a setting
that fits, and leave no output: the learned forecast's feature stack, Knox's permutation tables."""

from __future__ import annotations

import re

from hardening_cases import algorithm_id, assert_clean_refusal, run_catching

from crimerisk.algorithms.grid import MAX_WORKING_BYTES
from crimerisk.algorithms.knox import permutation_table_bytes


def test_knox_permutation_tables_too_large_are_refused(crimerisk_provider, town, tmp_path):
    table, report = tmp_path / "k.gpkg", tmp_path / "k.html"
    _, error = run_catching(algorithm_id("knox"), {
        "INPUT": town["events"], "TIME_FIELD": "occurred", "SPACE_BANDS": 100, "TIME_BANDS": 100,
        "PERMUTATIONS": 99_999, "OUTPUT": str(table), "OUTPUT_HTML": str(report)})
    message = assert_clean_refusal(error, "permutations")
    fitting = int(re.search(r"Use ([\d,]+) permutations or fewer", message).group(1).replace(",", ""))
    assert permutation_table_bytes(fitting, 100, 100) <= MAX_WORKING_BYTES
    assert "PERMUTATIONS" in message
    assert not table.exists() and not report.exists()


def test_learned_forecast_feature_stack_too_large_is_refused(crimerisk_provider, town, tmp_path):
    raster, report = tmp_path / "m.tif", tmp_path / "m.html"
    _, error = run_catching(algorithm_id("mlforecast"), {
        "INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 5, "HORIZON": 7,
        "OUTPUT": str(raster), "OUTPUT_REPORT": str(report)})
    message = assert_clean_refusal(error, "training set would take")
    cell = int(re.search(r"cell size of ([\d,]+) m", message).group(1).replace(",", ""))
    assert cell > 5 and "TRAINING_PERIODS" in message
    assert not raster.exists() and not report.exists()

