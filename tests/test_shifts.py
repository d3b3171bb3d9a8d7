"""Shift texts: accepted forms give the right hours of the week; the rest is refused clearly."""

import numpy as np
import pytest

from crimerisk.algorithms.events import days_from_datetime64
from crimerisk.algorithms.shifts import (
    ACCEPTED_FORMS, ShiftError, hour_of_week_counts, hour_of_week_of_bins, parse_shift,
)


@pytest.mark.parametrize("text, start, end, hours, weekdays", [
    ("22-06", 22, 6, 8, ()),
    ("06-14", 6, 14, 8, ()),
    ("22:00-06:00", 22, 6, 8, ()),
    (" 22-06  Fri,Sat ", 22, 6, 8, (4, 5)),
    ("22-06 ven,sam", 22, 6, 8, (4, 5)),
    ("08-18 Mon-Fri", 8, 18, 10, (0, 1, 2, 3, 4)),
    ("20-02 Fri-Mon", 20, 2, 6, (0, 4, 5, 6)),
    ("00-24", 0, 0, 24, ()),
    ("22-24", 22, 0, 2, ()),
    ("06-14 Mon-Sun", 6, 14, 8, ()),
])
def test_accepted_shifts(text, start, end, hours, weekdays):
    shift = parse_shift(text)
    assert (shift.start, shift.end, shift.n_hours, shift.weekdays) == (start, end, hours, weekdays)
    assert shift.week_mask().sum() == hours * (len(weekdays) or 7)
    assert parse_shift(shift.label) == shift


def test_night_shift_on_friday_runs_into_saturday_morning():
    mask = parse_shift("22-06 Fri").week_mask()
    friday, saturday = 4 * 24, 5 * 24
    assert np.flatnonzero(mask).tolist() == [friday + 22, friday + 23] + list(range(saturday, saturday + 6))


def test_sunday_night_wraps_to_monday_morning():
    mask = parse_shift("22-06 Sun").week_mask()
    assert mask[6 * 24 + 23] and mask[0] and mask[5] and not mask[6]


def test_contains_times_follows_the_clock_and_weekday():
    t = days_from_datetime64(np.array(["2024-05-03T23:30", "2024-05-04T05:59", "2024-05-04T06:00",
                                       "2024-05-05T23:00", "NaT"], dtype="datetime64[s]"))
    # 3 May 2024 is a Friday.
    assert parse_shift("22-06 Fri").contains_times(t).tolist() == [True, True, False, False, False]
    assert parse_shift("22-06").contains_times(t).tolist() == [True, True, False, True, False]


@pytest.mark.parametrize("text, reason", [
    ("25-06", "start_hour"), ("22-25", "end_hour"), ("22:00-", "not_hours"), ("Fri-Mon", "no_hours"),
    ("", "empty"), ("06-06", "same_hour"), ("22-06 Foo", "not_weekday"), ("22-06 ,", "no_weekday"),
    ("22.5-06", "not_hours"),
])
def test_refused_shifts_say_why_and_list_the_accepted_forms(text, reason):
    with pytest.raises(ShiftError) as caught:
        parse_shift(text)
    assert caught.value.reason == reason
    message = str(caught.value)
    assert all(form in message for form in ACCEPTED_FORMS)
    assert isinstance(caught.value, ValueError)


def test_hour_of_week_of_the_epoch_is_thursday_midnight():
    assert hour_of_week_of_bins(np.array([0, 24 * 4, 24 * 4 + 167])).tolist() == [72, 0, 167]


def test_hour_of_week_counts_of_whole_weeks_are_flat_and_partial_hours_count_their_share():
    monday = 4.0  # 1970-01-05
    assert np.all(hour_of_week_counts(monday, monday + 14) == 2)
    partial = hour_of_week_counts(monday + 0.5 / 24, monday + 2.25 / 24)
    assert partial[:3].tolist() == pytest.approx([0.5, 1.0, 0.25]) and partial[3:].sum() == 0
