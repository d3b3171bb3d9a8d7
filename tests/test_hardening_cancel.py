"""Cancelling a long algorithm through its feedback stops it promptly and writes nothing.

A timer thread presses Cancel 0.3 s after the algorithm reaches its long stage (the first
progress report at or above ``start_at``), as a user would in the dialog. The run must end with
a QgsProcessingException saying it was cancelled after little more work (the process's CPU time
from the press to the exception, all threads counted, stays under a limit: a behaviour check of how
often the loops look at the feedback that does not depend on how loaded the machine is, unlike a
wall-clock limit; uncancelled, every input here takes several CPU seconds), and leave no file in
the output folder.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hardening_cases import files_in, run_catching, scaled_city, write_events_fast  # noqa: E402

CANCEL_AFTER = 0.3  # seconds into the long stage
#: CPU seconds (all threads of the process) from the press to the exception: about a second of work on
#: two cores.
WORK_AFTER_CANCEL_LIMIT = 2.0


class CancelDuringLongStage(QgsProcessingFeedback):
    """Starts a timer at the first progress >= ``start_at`` that cancels ``CANCEL_AFTER`` s later."""

    def __init__(self, start_at: float):
        super().__init__()
        self.start_at = start_at
        self.timer: threading.Timer | None = None
        self.cancelled_at: float | None = None  # process CPU time at the press

    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if self.timer is None and progress >= self.start_at:
            self.timer = threading.Timer(CANCEL_AFTER, self.press_cancel)
            self.timer.start()

    def press_cancel(self) -> None:
        self.cancelled_at = time.process_time()
        self.cancel()


@pytest.fixture(scope="module")
def city_gpkg(tmp_path_factory) -> str:
    """About 15,000 events over two years in a 36 x 27 km city, with a 2 km square of treated area."""
    from crimerisk.tests.vector_io import write_polygons

    events = write_events_fast(tmp_path_factory.mktemp("city") / "city.gpkg", scaled_city(2.0))
    write_polygons(events.split("|")[0], "treated", ["POLYGON((647000 6857000,649000 6857000,649000 6859000,"
                                                     "647000 6859000,647000 6857000))"], 2154)
    return events


FIELDS = dict(TIME_FIELD="occurred", CATEGORY_FIELD="crime_type")

#: algorithm -> (which layer, parameters besides INPUT and outputs, outputs, progress % where the long stage starts).
#: Uncancelled, each takes several seconds (about: kde 5, emerginghotspots 3, knox 20, sepp 15, mlforecast 10,
#: backtest 6).
LONG_RUNS = {
    "kde": ("city", dict(CELL_SIZE=8, RADIUS=600), {"OUTPUT": "kde.tif"}, 30),
    "emerginghotspots": ("city", dict(FIELDS, CELL_SIZE=90, TIME_STEP=1),
                         {"OUTPUT_CATEGORIES": "c.tif", "OUTPUT_TREND": "t.tif", "OUTPUT_TABLE": "e.gpkg"}, 20),
    "knox": ("demo", dict(FIELDS, PERMUTATIONS=2000, SEED=1), {"OUTPUT": "knox.gpkg"}, 14),
    "sepp": ("demo", dict(FIELDS, CELL_SIZE=150, MAX_ITERATIONS=300, TOLERANCE=1e-12), {"OUTPUT": "sepp.tif"}, 15),
    "mlforecast": ("demo", dict(FIELDS, CELL_SIZE=100, TRAINING_PERIODS=52, MAX_ITER=1000, LEARNING_RATE=0.02,
                                EVALUATE=True), {"OUTPUT": "ml.tif"}, 48),  # 48 %: the holdout model's fit
    "backtest": ("demo", dict(FIELDS, CELL_SIZE=150, METHODS=["kde", "sepp"], FOLDS=8),
                 {"OUTPUT_FOLDS": "folds.gpkg", "OUTPUT_SUMMARY": "summary.gpkg"}, 9),
    # 20 %: matching 1,600 treated 50 m cells among the city's 390,000 (TREATED: the city's "treated" layer).
    "intervention": ("city", dict(FIELDS, CONTROL_METHOD=1, CELL_SIZE=50, INTERVENTION_START="2019-01-01",
                                  INTERVENTION_END="2019-10-31"),
                     {"OUTPUT_TABLE": "intervention.gpkg", "OUTPUT_HTML": "intervention.html"}, 20),
}

#: algorithm -> the plugin bug that keeps it from stopping within the limit (see the report).
KNOWN_SLOW_CANCEL: dict[str, str] = {}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=(pytest.mark.xfail(strict=True, reason=KNOWN_SLOW_CANCEL[n]),)
                 if n in KNOWN_SLOW_CANCEL else ()) for n in LONG_RUNS])
def test_cancel_stops_after_little_work_and_writes_nothing(crimerisk_provider, demo_gpkg, city_gpkg, tmp_path, name):
    layer, settings, outputs, start_at = LONG_RUNS[name]
    events = city_gpkg if layer == "city" else f"{demo_gpkg}|layername=events"
    parameters = {"INPUT": events, **settings, **{k: str(tmp_path / v) for k, v in outputs.items()}}
    if name == "intervention":
        parameters["TREATED"] = events.replace("layername=events", "layername=treated")
    feedback = CancelDuringLongStage(start_at)
    result, error = run_catching(f"crimerisk:{name}", parameters, feedback)
    ended = time.process_time()
    if feedback.timer is not None:
        feedback.timer.cancel()
    assert feedback.cancelled_at is not None, f"the run ended before the cancel was pressed ({error or result})"
    work = ended - feedback.cancelled_at
    print(f"\n{name}: {work:.3f} CPU s of work after the cancel")
    assert isinstance(error, QgsProcessingException), f"not refused after cancel: {error or result}"
    assert "cancel" in str(error).lower()
    assert files_in(tmp_path) == [], "a cancelled run must leave no output file"
    assert work < WORK_AFTER_CANCEL_LIMIT, f"{name} went on for {work:.2f} CPU s after the cancel"
