"""Calendar steps: alignment, labels, month arithmetic, day-of-week and hour."""

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet, days_from_datetime64
from crimerisk.algorithms.timesteps import (
    day_of_week, event_period, hour_of_day, month_of_year, period_step_labels, period_steps, shift_months,
    step_edges, step_labels, step_of,
)


def _days(*texts: str) -> np.ndarray:
    return days_from_datetime64(np.array(texts, dtype="datetime64[s]"))


def _dates(days: np.ndarray) -> list[str]:
    return [str(d) for d in np.asarray(days).astype("datetime64[D]")]


def test_edges_are_calendar_aligned():
    start, end = _days("2024-01-03T12:00", "2024-03-02")
    assert _dates(step_edges(start, end, "week"))[:2] == ["2024-01-01", "2024-01-08"]  # Mondays
    assert _dates(step_edges(start, end, "month")) == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    assert _dates(step_edges(start, end, "quarter")) == ["2024-01-01", "2024-04-01"]
    assert _dates(step_edges(start, end, "year")) == ["2024-01-01", "2025-01-01"]
    days = step_edges(start, end, "day")
    assert days[0] == _days("2024-01-03")[0] and days[-1] == end  # an end on a boundary closes the last step


def test_step_of_puts_boundaries_in_the_later_step():
    edges = step_edges(*_days("2024-01-01", "2024-04-01"), "month")
    moments = _days("2024-01-31T23:59", "2024-02-01", "2024-03-31T23:59", "2024-04-01", "2023-12-31")
    index = step_of(moments, edges)
    assert index.tolist() == [0, 1, 2, -1, -1]


def test_labels():
    edges = _days("2020-12-28", "2021-01-04", "2024-12-30", "2025-01-06")
    assert step_labels(edges, "week") == ["2020-W53", "2021-W01", "2025-W01"]
    quarters = step_edges(*_days("2023-11-01", "2024-05-01"), "quarter")
    assert step_labels(quarters, "quarter") == ["2023-Q4", "2024-Q1", "2024-Q2"]
    assert step_labels(_days("2024-02-01", "2024-03-01"), "month") == ["2024-02"]


def test_shift_months_keeps_clock_time_and_clamps_month_ends():
    shifted = shift_months(_days("2024-03-31T08:30", "2024-02-29", "2024-01-15"), -12)
    assert _dates(shifted) == ["2023-03-31", "2023-02-28", "2023-01-15"]
    assert shifted[0] % 1 == pytest.approx(8.5 / 24)
    assert _dates(shift_months(_days("2024-01-31"), 1)) == ["2024-02-29"]


def test_day_of_week_month_and_hour():
    assert day_of_week(_days("1970-01-01", "2024-01-01", "2024-01-07")).tolist() == [3, 0, 6]
    assert month_of_year(_days("1969-12-31", "2024-02-29")).tolist() == [11, 1]
    assert hour_of_day(_days("2024-01-01T14:00", "2024-01-01T23:59:59", "2024-01-01")).tolist() == [14, 23, 0]


def test_invalid_step_and_period():
    with pytest.raises(ValueError, match="day, week, month, quarter, year"):
        step_edges(0.0, 10.0, "fortnight")
    with pytest.raises(ValueError, match="empty"):
        step_edges(10.0, 10.0, "day")
    events = EventSet.from_arrays([0.0, 1.0], [0.0, 1.0], t=_days("2024-01-01T10:00", "2024-01-05T10:00"))
    assert event_period(events) == (_days("2024-01-01")[0], _days("2024-01-06")[0])
    with pytest.raises(ValueError, match="before it starts"):
        event_period(events, start=100.0, end=50.0)


def test_period_steps_keep_complete_steps_or_align_on_the_end():
    start, end = _days("2024-01-10", "2024-04-20")
    edges, left_out = period_steps(start, end, "month")
    assert _dates(edges) == ["2024-02-01", "2024-03-01", "2024-04-01"]
    assert [tuple(_dates(piece)) for piece in left_out] == [
        ("2024-01-10", "2024-02-01"), ("2024-04-01", "2024-04-20")]
    edges, left_out = period_steps(start, end, "month", "end")
    assert _dates(edges) == ["2024-01-20", "2024-02-20", "2024-03-20", "2024-04-20"]
    assert period_step_labels(edges, "month", "end")[-1] == "2024-03-20 to 2024-04-19"
    assert [tuple(_dates(piece)) for piece in left_out] == [("2024-01-10", "2024-01-20")]
    edges, left_out = period_steps(start, end, "week", "end")
    assert np.all(np.diff(edges) == 7) and edges[-1] == end and edges[0] - start < 7 and len(left_out) == 1
    # A month back from the 31st ends on the last day of the shorter month.
    edges, _ = period_steps(*_days("2023-12-01", "2024-03-31"), "month", "end")
    assert _dates(edges) == ["2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31"]
    edges, left_out = period_steps(start, end, "month", "partial")
    assert _dates(edges) == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]
    assert left_out == []
    with pytest.raises(ValueError, match="no complete quarter.*shorter time step"):
        period_steps(start, end, "quarter")
    with pytest.raises(ValueError, match="complete, end, partial"):
        period_steps(start, end, "month", "start")
