"""Fitted results an analyst would doubt are warned about in the log (and the report), naming the cause:
a kernel radius or bandwidth below a cell or beyond the study area, a forecast far from the recent counts."""

from __future__ import annotations

import numpy as np
import pytest
from hardening_cases import algorithm_id, run_catching
from qgis.core import QgsProcessingFeedback

from crimerisk.algorithms.events import EventSet
from crimerisk.plugin.reports.fit_plausibility import forecast_lines


class Warnings(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)


def run_warned(name: str, parameters: dict) -> list[str]:
    log = Warnings()
    result, error = run_catching(algorithm_id(name), parameters, log)
    assert error is None, error
    return log.warnings


def base(town, tmp_path, **extra) -> dict:
    return {"INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 200, "OUTPUT": str(tmp_path / "o.tif"),
            **extra}


@pytest.mark.parametrize("radius,words", [(150, ["150 m", "200 m", "smaller than one cell", "RADIUS"]),
                                          (40_000, ["40,000 m", "larger than the study area", "RADIUS"])])
def test_kde_radius_below_a_cell_or_beyond_the_area(crimerisk_provider, town, tmp_path, radius, words):
    warnings = run_warned("kde", base(town, tmp_path, RADIUS=radius))
    assert any(all(w in line for w in words) for line in warnings), warnings


def test_kde_automatic_radius_raises_no_warning(crimerisk_provider, town, tmp_path):
    assert not any("radius" in line for line in run_warned("kde", base(town, tmp_path)))


@pytest.mark.parametrize("settings,words", [
    ({"SPACE_BANDWIDTH": 60}, ["60 m", "SPACE_BANDWIDTH"]),
    ({"SPACE_BANDWIDTH": 50_000}, ["50,000 m", "SPACE_BANDWIDTH", "larger than the study area"]),
    ({"TIME_BANDWIDTH": 0.25}, ["TIME_BANDWIDTH", "shorter than a day"])])
def test_near_repeat_bandwidths_outside_their_range(crimerisk_provider, town, tmp_path, settings, words):
    warnings = run_warned("nearrepeat", base(town, tmp_path, OUTPUT_ALERTS=str(tmp_path / "a.gpkg"), **settings))
    assert any(all(w in line for w in words) for line in warnings), warnings


def test_near_repeat_default_bandwidths_raise_no_warning(crimerisk_provider, town, tmp_path):
    warnings = run_warned("nearrepeat", base(town, tmp_path, OUTPUT_ALERTS=str(tmp_path / "a.gpkg")))
    assert not any("BANDWIDTH" in line for line in warnings), warnings


def test_a_forecast_far_from_the_recent_counts_is_warned_in_log_and_report(crimerisk_provider, town, tmp_path):
    """AS_OF four months after the last event: the learned model sees empty recent windows and forecasts
    next to nothing where the last year averaged a few events a week."""
    report = tmp_path / "r.html"
    warnings = run_warned("mlforecast", {"INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 1000,
                                         "AS_OF": "2021-04-01", "HORIZON": 7, "OUTPUT": str(tmp_path / "m.tif"),
                                         "OUTPUT_REPORT": str(report)})
    far = [line for line in warnings if "far from the data" in line and "less than a third" in line]
    assert far, "\n".join(warnings)
    assert "far from the data" in report.read_text(encoding="utf-8")


def test_far_forecast_message_names_both_numbers():
    history = EventSet.from_arrays(np.zeros(730), np.zeros(730), t=np.arange(730.0))  # one event a day
    line, = forecast_lines(30.0, history, 730.0, 7.0)
    assert "expects 30 events over the next 7 days" in line and "the 7 events of an average 7 days" in line
    assert forecast_lines(8.0, history, 730.0, 7.0) == []


def test_sepp_on_a_steady_town_raises_no_fit_warning(crimerisk_provider, town, tmp_path):
    warnings = run_warned("sepp", {"INPUT": town["events"], "TIME_FIELD": "occurred", "CELL_SIZE": 300,
                                   "OUTPUT": str(tmp_path / "s.tif")})
    doubts = ("far from the data", "spread of repeats", "mean delay of repeats")
    assert not any(w in line for line in warnings for w in doubts), warnings
