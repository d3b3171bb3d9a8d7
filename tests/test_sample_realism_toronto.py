"""The plausibility ranges hold on real records held out from the tuning (Toronto 2018), and the sample
town agrees with them on what matters for the methods' ranking. Collected only where ../shared/data
holds the development data (tests/conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import compare_sample_to_real as compare  # noqa: E402


@pytest.fixture(scope="module")
def toronto():
    return compare.toronto_realism(year=2018)


def test_the_plausible_ranges_hold_on_real_records(toronto):
    for kind, stats in toronto.items():
        assert compare.implausible(stats, "all" if kind == "all" else "type") == [], kind


def test_the_sample_town_agrees_with_the_real_city(toronto):
    town = compare.sample_realism()
    real, sample = toronto["all"], town["all"]
    # Long-memory counts beat last-week counts in both, by a wide margin.
    assert real.backtest_ratio > 1.5 and sample.backtest_ratio > 1.5
    assert abs(sample.top[1] - real.top[1]) < 0.15  # busiest 5% of cells
    assert abs(sample.night_share - real.night_share) < 0.1
    assert abs(sample.knox - real.knox) < 0.15
    for kind, partner in compare.PAIRS.items():  # and for each crime type beside its nearest real one
        assert town[kind].backtest_ratio > 1.5 and toronto[partner].backtest_ratio > 1.5, kind
        assert abs(town[kind].night_share - toronto[partner].night_share) < 0.12, kind
