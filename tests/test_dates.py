"""Date parsing: accepted forms give the right day, everything else is refused."""

import numpy as np
import pytest

from crimerisk.algorithms.dates import parse_date_text, parse_date_texts, parse_hours


@pytest.mark.parametrize("text, expected_days, timed", [
    ("1970-01-01", 0.0, False),
    ("1970-01-02T12:00", 1.5, True),
    ("1970-01-02 06:00:00", 1.25, True),
    ("2024-03-05T14:30:00Z", 19787 + 14.5 / 24, True),
    ("05/03/2024", 19787.0, False),  # day first: 5 March 2024
    ("5/3/2024 14:30", 19787 + 14.5 / 24, True),
    (" 31.12.1999 ", 10956.0, False),
])
def test_accepted_forms(text, expected_days, timed):
    days, has_time = parse_date_text(text)
    assert days == pytest.approx(expected_days, abs=1e-9)
    assert has_time is timed


@pytest.mark.parametrize("text", ["", "yesterday", "2024-02-30", "31/04/2024", "2024-13-01", "03/05/24", "12:00"])
def test_refused_forms(text):
    assert np.isnan(parse_date_text(text)[0])


def test_vector_parsing_handles_none_and_repeats():
    days, timed = parse_date_texts(np.array(["1970-01-01", None, "1970-01-01", "bad", "02/01/1970 12:00"], dtype=object))
    np.testing.assert_array_equal(np.isnan(days), [False, True, False, True, False])
    assert days[4] == 1.5 and timed[4] and not timed[0]


def test_hours():
    np.testing.assert_allclose(parse_hours(np.array([0, 23.5, "14:30", "7", 24, -1, "x", None], dtype=object)),
                               [0, 23.5, 14.5, 7, np.nan, np.nan, np.nan, np.nan])
