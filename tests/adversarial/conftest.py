"""The adversarial suite: real analysts' files and mistakes, each case under a hard time limit.

Every case asserts either a clear refusal (a QgsProcessingException naming the problem and the fix,
no output left) or a correct result; never a traceback; and the input files byte-identical afterwards.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: Seconds one case may take before it counts as a hang.
CASE_LIMIT = 60


@pytest.fixture(autouse=True)
def hard_time_limit():
    """Fail (not hang) a case that runs longer than CASE_LIMIT seconds."""
    def expire(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"the case ran longer than {CASE_LIMIT} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(CASE_LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def town(tmp_path_factory):
    """A small town's events (GeoPackage ``events`` + ``boundary`` layers) and its folder."""
    from adversarial_data import town_geopackage

    folder = tmp_path_factory.mktemp("town")
    return town_geopackage(folder / "town.gpkg")
