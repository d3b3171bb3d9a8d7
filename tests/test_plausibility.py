"""Plausibility checks and date-order detection against known answers, and no false alarm on clean towns."""

from __future__ import annotations

import numpy as np
import pytest

from crimerisk.algorithms.dates import detect_order, parse_date_text
from crimerisk.algorithms.plausibility import duplicated, far_in_space, far_in_time
from crimerisk.algorithms.simulate import demo_spec, simulate_events


@pytest.mark.parametrize("seed", range(20))
def test_no_alarm_on_clean_simulated_towns(seed):
    events, _ = simulate_events(demo_spec(seed=seed, n_days=365.0))
    assert not far_in_space(events.x, events.y).any()
    assert not far_in_time(events.t).any()


def test_planted_outliers_are_found_and_only_them():
    rng = np.random.default_rng(1)
    x, y = rng.normal(650_000, 2_000, 1_000), rng.normal(6_860_000, 2_000, 1_000)
    t = rng.uniform(17_000, 17_700, 1_000)
    x[:6], y[:6] = 253_531.0, 909_839.0  # WGS 84 (0, 0) in Lambert-93
    t[10] = -25_567.0  # 1900-01-01
    assert np.flatnonzero(far_in_space(x, y)).tolist() == list(range(6))
    assert np.flatnonzero(far_in_time(t)).tolist() == [10]


def test_far_events_are_not_outliers_when_they_are_the_data():
    x = np.r_[np.zeros(500), np.full(500, 1e6)]  # two towns, half each
    assert not far_in_space(x, x * 0).any()


def test_duplicates_are_the_repeats_only():
    x = np.array([1.0, 1.0, 2.0, 1.0])
    t = np.array([5.0, 5.0, 5.0, 6.0])
    kind = np.array(["a", "a", "a", "a"], dtype=object)
    assert duplicated(x, x, t, kind).tolist() == [False, True, False, False]


@pytest.mark.parametrize("texts,order", [
    (["05/03/2024", "25/12/2023"], "day"), (["03/25/2019 10:00", "01/02/2019"], "month"),
    (["01/02/2019", "12/11/2020"], "ambiguous"), (["25/03/2019", "03/25/2019"], "mixed"),
    (["2024-03-05"], "none")])
def test_detect_order(texts, order):
    assert detect_order(texts)[0] == order


def test_month_first_reading():
    assert parse_date_text("03/25/2019", "month")[0] == parse_date_text("2019-03-25")[0]
    assert np.isnan(parse_date_text("03/25/2019", "day")[0])
