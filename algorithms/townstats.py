"""Statistics that tell a realistic crime record from a naive simulation.

Used to check the sample town against real records (scripts/compare_sample_to_real.py): how
concentrated events are in the busiest cells (Weisburd 2015's law of crime concentration), how
much space-time clustering a Knox test finds at short range, when in the day events happen, and
whether long-memory counts beat last-week counts in a weekly backtest (they do on real data: the
long-run place effect dominates a week's noise).

Reference
---------
Weisburd, D. (2015). The law of crime concentration and the criminology of place. Criminology
53(2), 133-157.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import baselines, evaluate
from .events import EventSet
from .grid import Grid
from .knox import knox_test

__all__ = ["NIGHT_HOURS", "occupied_grid", "concentration", "knox_ratio", "HourProfile", "hour_profile",
           "stacked_share", "weekly_backtest_ratio"]

#: Hours counted as night (22:00 to 06:00).
NIGHT_HOURS = (22, 23, 0, 1, 2, 3, 4, 5)


def occupied_grid(events: EventSet, cell: float, reach_cells: int = 3) -> Grid:
    """A ``cell`` grid over the events whose study area is every cell within ``reach_cells`` cells
    of a cell holding an event: the built-up area, the same rule for a town and a real city."""
    grid = Grid.covering(float(events.x.min()), float(events.y.min()), float(events.x.max()) + 1e-6,
                         float(events.y.max()) + 1e-6, cell)
    occupied = grid.count(events.x, events.y) > 0
    padded = np.pad(occupied, reach_cells)
    near = np.zeros_like(occupied)
    rows, cols = occupied.shape
    for dr in range(-reach_cells, reach_cells + 1):
        for dc in range(-reach_cells, reach_cells + 1):
            near |= padded[reach_cells + dr:reach_cells + dr + rows, reach_cells + dc:reach_cells + dc + cols]
    return Grid(grid.xmin, grid.ymax, grid.cell_size, grid.rows, grid.cols, mask=near)


def concentration(events: EventSet, grid: Grid,
                  shares: tuple[float, ...] = (0.01, 0.05, 0.10)) -> list[float]:
    """Share of the events in the busiest ``shares`` of the grid's study-area cells."""
    counts = np.sort(grid.count(events.x, events.y)[grid.inside])[::-1]
    total = counts.sum()
    return [float(counts[:max(1, int(round(s * counts.size)))].sum() / total) if total else float("nan")
            for s in shares]


def knox_ratio(events: EventSet, distance: float = 200.0, days: float = 7.0, permutations: int = 99,
               seed: int = 0) -> float:
    """Observed over expected pairs closer than ``distance`` metres and ``days`` days (Knox)."""
    result = knox_test(events, distance, 1, days, 1, permutations=permutations, seed=seed)
    return float(result.ratio[0, 0])


@dataclass(frozen=True)
class HourProfile:
    """Share of events by hour of the day (0-23) and two summaries of it."""

    shares: np.ndarray
    peak_hour: int
    night_share: float  # share between 22:00 and 06:00
    contrast: float  # mean share of the three busiest hours over that of the three quietest


def hour_profile(t: np.ndarray) -> HourProfile:
    """Hour-of-day profile of times ``t`` (days since 1970-01-01)."""
    hours = np.floor(np.mod(np.asarray(t, dtype=float), 1.0) * 24.0 + 1e-9).astype(int) % 24
    shares = np.bincount(hours, minlength=24) / max(hours.size, 1)
    ordered = np.sort(shares)
    contrast = float(ordered[-3:].sum() / ordered[:3].sum()) if ordered[:3].sum() > 0 else float("inf")
    return HourProfile(shares, int(np.argmax(shares)), float(shares[list(NIGHT_HOURS)].sum()), contrast)


def stacked_share(events: EventSet, tolerance: float = 1.0) -> float:
    """Share of the events recorded at exactly the point (within ``tolerance`` metres, on a grid of
    that size) of another event: addresses and intersections that recur, as in real records."""
    if len(events) == 0:
        return float("nan")
    ix = np.round(events.x / tolerance).astype(np.int64)
    keys = ix * 100_000_003 + np.round(events.y / tolerance).astype(np.int64)
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    return float(np.mean(counts[inverse] > 1))


def weekly_backtest_ratio(events: EventSet, grid: Grid, test_start: float, folds: int = 26,
                          half_life: float = baselines.DEFAULT_HALF_LIFE,
                          coverage: float = 0.05) -> tuple[float, float]:
    """Mean PAI at ``coverage`` of long-memory decayed counts and of last-week counts over ``folds``
    weekly forecasts from ``test_start``."""
    methods = {"decayed": lambda e, g, a, h: baselines.decayed_counts(e, g, a, h, half_life),
               "last week": baselines.last_period_counts}
    result = evaluate.backtest(events, grid, methods, test_start, folds, 7.0, coverages=(coverage,))
    return (float(result.summary_for("decayed", coverage)["pai_mean"]),
            float(result.summary_for("last week", coverage)["pai_mean"]))
