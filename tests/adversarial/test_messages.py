"""Unclear messages: list choices by index, a successful verdict that is no error line."""

from __future__ import annotations

import pytest
from hardening_cases import algorithm_id, run_catching
from osgeo import ogr
from qgis.core import QgsProcessingFeedback

from crimerisk.plugin.methods import METHODS

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
