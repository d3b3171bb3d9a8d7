"""Aoristic weights against hand-worked truth: midnight, sums, DST, window checks."""

import numpy as np
import pytest

from crimerisk.algorithms.aoristic import aoristic_weights, check_windows, hour_lengths
from crimerisk.algorithms.events import days_from_datetime64


def days(*texts):
    return days_from_datetime64(np.array(texts, dtype="datetime64[s]"))


def test_window_across_midnight_puts_a_quarter_in_each_of_four_hours():
    w = aoristic_weights(days("2024-05-03T22:00"), days("2024-05-04T02:00"))
    assert w.hour.tolist() == [22, 23, 0, 1]
    assert w.weight == pytest.approx([0.25] * 4)
    # Friday 22-24, then Saturday 00-02 (Monday = 0).
    assert w.weekday.tolist() == [4, 4, 5, 5]
    assert w.hour_of_week.tolist() == [4 * 24 + 22, 4 * 24 + 23, 5 * 24, 5 * 24 + 1]


def test_partial_hours_get_their_covered_share():
    w = aoristic_weights(days("2024-05-03T08:30"), days("2024-05-03T10:00"))
    assert w.hour.tolist() == [8, 9]
    assert w.weight == pytest.approx([1 / 3, 2 / 3])


def test_weights_sum_to_one_per_event_and_point_events_stay_whole():
    rng = np.random.default_rng(3)
    start = rng.uniform(19000, 19400, 500)
    end = start + rng.uniform(0, 3, 500)
    end[:100] = np.nan  # no window: a point event
    end[100:150] = start[100:150]  # zero-length window: a point event
    start[150] = np.nan  # no time at all: no piece
    w = aoristic_weights(start, end)
    sums = w.per_event(w.weight)
    assert sums[150] == 0
    assert np.delete(sums, 150) == pytest.approx(1.0)
    points = np.isin(w.event, np.arange(150))
    assert np.all(w.weight[points] == 1.0)
    expected_hours = np.floor(start[w.event[points]] * 24 + 1e-9) % 24
    assert np.array_equal(w.hour[points], expected_hours)


def test_window_across_spring_forward_counts_real_hours():
    # Europe/Paris: on 31 March 2024 clocks jump from 02:00 to 03:00: 22:00-04:00 lasts 5 real hours.
    w = aoristic_weights(days("2024-03-30T22:00"), days("2024-03-31T04:00"), time_zone="Europe/Paris")
    assert w.hour.tolist() == [22, 23, 0, 1, 3]
    assert w.weight == pytest.approx([0.2] * 5)
    naive = aoristic_weights(days("2024-03-30T22:00"), days("2024-03-31T04:00"))
    assert naive.weight == pytest.approx([1 / 6] * 6)


def test_window_across_fall_back_counts_the_repeated_hour_twice():
    # 27 October 2024: 02:00-03:00 is lived twice; 23:00-04:00 lasts 6 real hours.
    w = aoristic_weights(days("2024-10-26T23:00"), days("2024-10-27T04:00"), time_zone="Europe/Paris")
    assert w.hour.tolist() == [23, 0, 1, 2, 3]
    assert w.weight == pytest.approx([1 / 6, 1 / 6, 1 / 6, 2 / 6, 1 / 6])
    assert w.per_event(w.weight) == pytest.approx([1.0])


def test_hour_lengths_of_a_year_sum_to_its_real_hours():
    first = int(days("2024-01-01T00:00")[0] * 24)
    lengths = hour_lengths(first, 366 * 24, "Europe/Paris")
    assert lengths.sum() == pytest.approx(366 * 24)  # one hour lost in March, one gained in October
    assert sorted(set(lengths.tolist())) == [0.0, 1.0, 2.0]
    assert np.count_nonzero(lengths != 1) == 2


def test_window_inside_a_skipped_hour_stays_at_its_start():
    w = aoristic_weights(days("2024-03-31T02:10"), days("2024-03-31T02:50"), time_zone="Europe/Paris")
    assert w.hour.tolist() == [2] and w.weight.tolist() == [1.0]


def test_check_windows_counts_drops_or_keeps():
    start = np.array([0.0, 0.0, 0.0, 0.0, 0.0])
    end = np.array([np.nan, 0.5, -0.1, 10.0, 2.0])
    dropped = check_windows(start, end, max_days=7, policy="drop")
    assert (dropped.n_with_window, dropped.n_negative, dropped.n_too_long) == (3, 1, 1)
    assert dropped.median_hours == pytest.approx(48.0)
    assert dropped.keep.tolist() == [True, True, False, False, True]
    assert dropped.n_dropped == 2
    kept = check_windows(start, end, max_days=7, policy="keep")
    assert kept.keep.all()
    # A kept negative window becomes a point event at its start; a kept long one is spread.
    assert np.isnan(kept.end[2]) and kept.end[3] == 10.0
    assert not kept.all_too_long and not kept.all_negative


def test_an_end_equal_to_the_start_is_a_point_event():
    checked = check_windows(np.zeros(2), np.array([0.0, 0.5]))
    assert checked.n_with_window == 1 and np.isnan(checked.end[0]) and checked.keep.all()


def test_check_windows_flags_all_long_and_all_negative():
    assert check_windows(np.zeros(3), np.array([8.0, 9.0, np.nan])).all_too_long
    assert check_windows(np.zeros(2), np.array([-1.0, -2.0])).all_negative


@pytest.mark.parametrize("kwargs", [{"policy": "ignore"}, {"max_days": 0}, {"max_days": np.nan}])
def test_check_windows_refuses_bad_options(kwargs):
    with pytest.raises(ValueError):
        check_windows(np.zeros(1), np.ones(1), **kwargs)


def test_window_midpoints_keep_single_times_and_centre_windows():
    from crimerisk.algorithms.aoristic import window_midpoints

    start = np.array([10.0, 20.0, 30.0, 40.0])
    end = np.array([np.nan, 21.0, 29.0, 40.5])  # one time, a day, a reversed window, half a day
    middle, lengths = window_midpoints(start, end)
    np.testing.assert_allclose(middle, [10.0, 20.5, 30.0, 40.25])
    np.testing.assert_allclose(lengths, [0.0, 1.0, 0.0, 0.5])
    same, none = window_midpoints(start, None)
    np.testing.assert_array_equal(same, start)
    assert not none.any()
