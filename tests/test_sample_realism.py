"""The sample town's statistics fall in the ranges real crime records show (scripts/compare_sample_to_real.py),
and the smooth self-exciting town it replaces does not: the checks can fail."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import compare_sample_to_real as compare  # noqa: E402

from crimerisk.algorithms.simulate import demo_spec, simulate_events  # noqa: E402


@pytest.fixture(scope="module")
def town():
    return compare.sample_realism()


def test_every_statistic_of_the_sample_town_is_plausible(town):
    for kind, stats in town.items():
        assert compare.implausible(stats, "all" if kind == "all" else "type") == [], kind


def test_long_memory_counts_beat_last_week_counts_by_a_wide_margin(town):
    for kind, stats in town.items():
        assert stats.pai_decayed > 1.5 * stats.pai_last_week, kind


def test_hours_differ_by_crime_type_and_burglary_repeats_near_and_soon(town):
    assert town["burglary"].peak_hour in range(6, 10)  # window starts: left home in the morning
    assert town["violence"].night_share > town["burglary"].night_share + 0.05
    assert town["burglary"].knox > 1.3 > town["violence"].knox  # near repeats only where planted


def test_the_old_smooth_town_fails_the_hour_and_location_checks():
    old = compare.sample_realism(events=simulate_events(demo_spec())[0])["all"]
    problems = " ".join(compare.implausible(old, "all"))
    assert "hour_contrast" in problems and "stacked" in problems
