"""crimerisk:networklearned through processing.run: the method's forecast on styled lixels, its
importances and why the riskiest streets are red in the log, and clear refusals."""

from __future__ import annotations

import os

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

import processing
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.network import build_network
from crimerisk.algorithms.network_learned import NetworkLearnedSettings, network_learned_forecast
from crimerisk.algorithms.network_simulate import simulate_on_streets, street_grid
from crimerisk.algorithms.network_snap import snap_events
from crimerisk.tests.test_processing_network import DAY0, X0, Y0, layer, read_lixels
from crimerisk.tests.vector_io import write_events, write_lines

pytest.importorskip("sklearn")


class LogFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)
        super().pushInfo(info)


@pytest.fixture(scope="module")
def long_town(tmp_path_factory):
    """A 6 x 6 block town with two years of events with near repeats along its streets."""
    town = street_grid(6, 150.0, seed=8, missing_share=0.0)
    simulated = simulate_on_streets(town, days=2 * 365.0, background_per_day=1.0, branching=0.5, reach=150,
                                    seed=8)
    path = str(tmp_path_factory.mktemp("learned") / "town.gpkg")
    events = EventSet.from_arrays(simulated["x"] + X0, simulated["y"] + Y0, simulated["t"] + DAY0)
    write_events(path, "events", events, 2154)
    lines = [[(x + X0, y + Y0) for x, y in town.chain_xy[lo:hi]]
             for lo, hi in zip(town.chain_ptr[:-1], town.chain_ptr[1:])]
    write_lines(path, "streets", lines, 2154)
    return {"path": path, "events": events, "lines": lines}


def run(town, tmp_path, feedback=None, **extra):
    return processing.run("crimerisk:networklearned", {
        "INPUT": layer(town, "events"), "TIME_FIELD": "occurred", "NETWORK": layer(town, "streets"),
        "AS_OF": "2019-10-01", "HORIZON": 7, "SEED": 3, "OUTPUT": str(tmp_path / "learned.gpkg"), **extra},
        feedback=feedback)


def test_the_lixels_hold_the_methods_forecast_and_the_log_says_why_streets_are_red(crimerisk_provider, long_town,
                                                                                    tmp_path):
    feedback = LogFeedback()
    result = run(long_town, tmp_path, feedback)
    values, loaded = read_lixels(result["OUTPUT"])
    net = build_network([np.array(line) for line in long_town["lines"]], lixel_length=25.0)
    events = long_town["events"]
    snapped = snap_events(net, events.x, events.y, 50.0)
    as_of = float((np.datetime64("2019-10-01") - np.datetime64("1970-01-01")).astype(int))
    truth = network_learned_forecast(net, snapped.lixel, events.t, None, as_of, 7.0, NetworkLearnedSettings(seed=3, n_threads=1))
    np.testing.assert_allclose(values["value"][np.argsort(values["lixel"])], truth.values, rtol=1e-5)
    assert result["EXPECTED_EVENTS"] == pytest.approx(truth.values.sum(), rel=1e-6)
    assert result["HOLDOUT_D2"] == pytest.approx(truth.parameters["holdout_d2"])
    assert result["TOP_FEATURE"] == truth.parameters["importances"][0][0]
    log = "\n".join(feedback.lines)
    assert "Permutation importances" in log and result["TOP_FEATURE"] in log
    assert "Why the riskiest 5% of the street length is red" in log
    assert os.path.exists(str(tmp_path / "learned.qml"))
    assert loaded.loadNamedStyle(str(tmp_path / "learned.qml"))[1]


def test_too_little_history_is_refused_before_any_output(crimerisk_provider, long_town, tmp_path):
    with pytest.raises(QgsProcessingException, match="too little history"):
        run(long_town, tmp_path, AS_OF="2018-06-01")
    assert not os.path.exists(str(tmp_path / "learned.gpkg"))


class CancelDuringTheFit(QgsProcessingFeedback):
    """Cancels once progress passes 40% (the model is being fitted)."""

    def __init__(self):
        super().__init__()
        self.progress_seen: list[float] = []
        self.progressChanged.connect(self._watch)

    def _watch(self, value):
        self.progress_seen.append(value)
        if value > 40 and not self.isCanceled():
            self.cancel()


def test_a_cancel_during_the_fit_stops_the_run_without_output(crimerisk_provider, long_town, tmp_path):
    feedback = CancelDuringTheFit()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run(long_town, tmp_path, feedback)
    assert max(feedback.progress_seen) < 90
    assert not os.path.exists(str(tmp_path / "learned.gpkg"))


def test_a_network_too_large_for_the_memory_guard_is_refused_with_the_lixel_length_that_fits(
        crimerisk_provider, long_town, tmp_path, monkeypatch):
    from crimerisk.plugin.processing import networklearned

    monkeypatch.setattr(networklearned, "MAX_LIXELS", 100)
    with pytest.raises(QgsProcessingException, match=r"at most 100 .*at least \d+ m"):
        run(long_town, tmp_path)
    assert not os.path.exists(str(tmp_path / "learned.gpkg"))
