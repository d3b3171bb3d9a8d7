"""A small simulated town whose places are at risk at different hours (for the shift tests):
a night district (bars), a busier day district (shops) and a quiet background."""

import numpy as np

from crimerisk.algorithms.shifts import HOURS_PER_WEEK

MONDAY = 19723.0  # 2024-01-01, a Monday


def hours_profile(kind: str) -> np.ndarray:
    hours = np.arange(24)
    if kind == "night":
        shape = np.where((hours >= 22) | (hours < 6), 8.0, 1.0)
    elif kind == "day":
        shape = np.where((hours >= 6) & (hours < 14), 8.0, 1.0)
    else:
        shape = np.ones(24)
    return np.tile(shape / shape.sum() / 7, 7)  # same every weekday: 168 shares


def simulate(rng, rate, week_profile, start, days, window_share=0.0):
    """Events of cells with daily ``rate`` [cells] and hour-of-week profiles [cells, 168]:
    (cell, true time, window start, window end)."""
    counts = rng.poisson(rate * days)
    cell = np.repeat(np.arange(rate.size), counts)
    # Hour of week of each event from its cell's profile (inverse CDF, vectorised).
    cdf = np.cumsum(week_profile, axis=1)
    cdf /= cdf[:, -1:]
    how = np.minimum((rng.random(cell.size)[:, None] > cdf[cell]).sum(axis=1), HOURS_PER_WEEK - 1)
    week = rng.integers(0, int(days // 7), cell.size)
    t = start + week * 7 + (how + rng.random(cell.size)) / 24
    lo, hi = t.copy(), np.full(t.size, np.nan)
    windowed = rng.random(t.size) < window_share
    lo[windowed] = t[windowed] - rng.uniform(0, 3, windowed.sum()) / 24
    hi[windowed] = t[windowed] + rng.uniform(0, 3, windowed.sum()) / 24
    return cell, t, lo, hi


def town(rng, shape=(20, 20)):
    """Daily rates and profiles: a night district (bars) and a busier day district (shops)."""
    rate = np.full(shape, 0.01)
    kind = np.full(shape, "flat", dtype=object)
    night, day = np.zeros(shape, bool), np.zeros(shape, bool)
    night[2:8, 2:8] = True
    day[12:18, 12:18] = True
    rate[night] = rng.uniform(0.04, 0.08, night.sum())
    rate[day] = rng.uniform(0.06, 0.12, day.sum())  # more events in the whole day
    kind[night], kind[day] = "night", "day"
    profile = np.stack([hours_profile(k) for k in kind.ravel()])
    return rate.ravel(), profile, night, day


def town_events(seed: int, days: float = 420.0, window_share: float = 0.3, cell_size: float = 100.0):
    """The town's events as an EventSet on a 20 x 20 grid of ``cell_size`` cells (windows as
    ``t`` .. ``t_end``), with the true times, the grid and the district masks."""
    from crimerisk.algorithms.events import EventSet
    from crimerisk.algorithms.grid import Grid

    rng = np.random.default_rng(seed)
    rate, profile, night, day = town(rng)
    cell, t, lo, hi = simulate(rng, rate, profile, MONDAY, days, window_share)
    grid = Grid(xmin=0.0, ymax=20 * cell_size, cell_size=cell_size, rows=20, cols=20)
    row, col = np.divmod(cell, 20)
    x = (col + rng.random(cell.size)) * cell_size
    y = 20 * cell_size - (row + rng.random(cell.size)) * cell_size
    events = EventSet.from_arrays(x=x, y=y, t=lo, t_end=hi)
    return events, t, grid, night, day
