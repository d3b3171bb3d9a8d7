"""Unclear messages: list choices by index, a successful verdict that is no error line."""

from __future__ import annotations

import pytest
from hardening_cases import algorithm_id, run_catching
from osgeo import ogr
from qgis.core import QgsProcessingFeedback

from crimerisk.algorithms.registry import REGISTRY as METHODS, forecaster_names

BASELINES = {name for name, entry in METHODS.items() if entry.is_baseline}


class Errors(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def reportError(self, error, fatalError=False):  # noqa: N802, N803
        self.errors.append(error)

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)


@pytest.mark.parametrize("methods,expected", [(["0"], {"kde"}), ([0, "2"], {"kde", "sepp"}), ("0,1", {"kde", "nearrepeat"}),
                                              (["kde", 1], {"kde", "nearrepeat"})])
def test_methods_by_index_or_name(crimerisk_provider, town, tmp_path, methods, expected):
    feedback = Errors()
    result, error = run_catching(algorithm_id("backtest"), {
        "INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 1000, "FOLDS": 2, "HORIZON": 14,
        "METHODS": methods, "SEPP_MAX_ITERATIONS": 5, "OUTPUT_FOLDS": str(tmp_path / "f.gpkg"),
        "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, feedback)
    assert error is None, error
    dataset = ogr.Open(result["OUTPUT_FOLDS"].split("|")[0])
    tested = {feature.GetField("method") for feature in dataset.GetLayer(0)}
    dataset = None
    assert expected | BASELINES == tested
    assert feedback.errors == [], feedback.errors


@pytest.mark.parametrize("methods,bad", [(["nosuch"], "'nosuch'"), (["9"], "'9'"), ("9", "'9'"), ([7], "'7'"),
                                         (["kde", "Kde"], "'Kde'"), ("0,12", "'12'")])
def test_invalid_methods_name_the_valid_choices(crimerisk_provider, town, tmp_path, methods, bad):
    """An unknown name or an index out of range is refused up front with every valid name and index; the
    value never reaches QGIS's own check (after whose rejection QGIS 3.22 crashed the interpreter at exit)."""
    summary = tmp_path / "s.gpkg"
    _, error = run_catching(algorithm_id("backtest"), {
        "INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 1000, "FOLDS": 2, "HORIZON": 14,
        "METHODS": methods, "OUTPUT_SUMMARY": str(summary)})
    message = str(error)
    assert "METHODS" in message and bad in message, message
    assert all(f"{index} = {name}" in message for index, name in enumerate(forecaster_names())), message
    assert not summary.exists()


def test_invalid_choice_of_any_list_is_named(crimerisk_provider, town, tmp_path):
    _, error = run_catching(algorithm_id("kde"), {"INPUT": town["events"], "CELL_SIZE": 1000, "KERNEL": 42,
                                                  "OUTPUT": str(tmp_path / "k.tif")})
    assert "KERNEL" in str(error) and "'42'" in str(error) and "0 = " in str(error), error
    assert not (tmp_path / "k.tif").exists()
