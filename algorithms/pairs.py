"""Close pairs of events in space and time, without an N x N matrix.

:func:`close_pairs` lists every ordered pair ``(earlier, later)`` with
``0 < t_later - t_earlier <= time_cutoff`` and distance ``<= space_cutoff``. Events
are processed in time blocks: for each block, a k-d tree over the block and the
events up to ``time_cutoff`` before it is searched with the Chebyshev metric in
``(x / space_cutoff, y / space_cutoff, t / time_cutoff)``, which returns the
space-time box around each event; the exact disc and delay conditions are then
applied. Memory is that of the pairs kept plus one block's candidates.

This is the neighbour enumeration that makes self-exciting point-process EM
scale with events x neighbours (Mohler et al. 2011, section 3; Zhuang, Ogata &
Vere-Jones 2002 use the same truncation of the triggering kernel).

References
----------
Mohler, G. O. et al. (2011). Self-exciting point process modeling of crime. JASA 106(493).
Zhuang, J., Ogata, Y., & Vere-Jones, D. (2002). Stochastic declustering of space-time
earthquake occurrences. JASA 97(458), 369-380.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .progress import ProgressReporter

__all__ = ["BLOCK_EVENTS", "PAIR_FLOAT", "DEFAULT_MAX_PAIRS", "TooManyPairsError", "ClosePairs",
           "close_pairs", "check_pair_count"]

#: Children per block; bounds the temporary memory of one k-d tree search.
BLOCK_EVENTS = 20_000
#: Storage type of the delays and squared distances: float32 halves their memory. Its rounding
#: (relative 2**-24, 6e-8) moves each kernel value by (omega dt + d2 / (2 sigma^2)) times that at
#: most: 1.1e-6 at the automatic cutoffs' reach (ten mean delays, four sigmas), far below the
#: precision of recorded times and places.
PAIR_FLOAT = np.float32
#: Default ceiling on the candidate pairs of one enumeration (about 16 bytes each kept, 24 while searched).
DEFAULT_MAX_PAIRS = 40_000_000


class TooManyPairsError(ValueError):
    """More close pairs than the memory guard allows; counted before anything is allocated."""

    def __init__(self, pairs: int, limit: int, time_cutoff: float, space_cutoff: float):
        self.pairs, self.limit, self.time_cutoff, self.space_cutoff = int(pairs), int(limit), time_cutoff, space_cutoff
        super().__init__(f"{self.pairs} pairs of events within {space_cutoff:g} m and {time_cutoff:g} days, more than "
                         f"the limit of {self.limit}: use smaller cutoffs, a shorter period or fewer events")


@dataclass(frozen=True)
class ClosePairs:
    """Flat arrays, one entry per (earlier, later) pair of events."""

    earlier: np.ndarray  # int32 index of the earlier event (the candidate parent)
    later: np.ndarray  # int32 index of the later event (the candidate child)
    dt: np.ndarray  # delay in days, > 0 (PAIR_FLOAT)
    d2: np.ndarray  # squared distance in square metres (PAIR_FLOAT)

    def __len__(self) -> int:
        return int(self.earlier.size)

    @property
    def nbytes(self) -> int:
        return int(self.earlier.nbytes + self.later.nbytes + self.dt.nbytes + self.d2.nbytes)


def close_pairs(t: np.ndarray, x: np.ndarray, y: np.ndarray, time_cutoff: float, space_cutoff: float,
                progress: ProgressReporter | None = None, max_pairs: int = DEFAULT_MAX_PAIRS) -> ClosePairs:
    """All pairs within the cutoffs among events sorted by time ``t`` (days); ``x, y`` in metres.

    The pairs are counted first (k-d tree counts, no allocation): more than ``max_pairs`` raises
    :class:`TooManyPairsError` before any memory is taken (e.g. 150,000 events stacked on one spot)."""
    t = np.asarray(t, dtype=np.float64)
    if t.size and np.any(np.diff(t) < 0):
        raise ValueError("events must be sorted by time: call EventSet.sorted_by_time() first")
    if not (time_cutoff > 0 and space_cutoff > 0):
        raise ValueError("time and space cutoffs must be positive")
    if t.size >= np.iinfo(np.int32).max:
        raise ValueError("too many events for 32-bit pair indices: split the data by period")
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    scaled = np.column_stack([x / space_cutoff, y / space_cutoff, t / time_cutoff])
    _check_pair_count(t, scaled, time_cutoff, space_cutoff, max_pairs)
    parts: list[tuple[np.ndarray, ...]] = []
    for first in range(0, t.size, BLOCK_EVENTS):
        last = min(first + BLOCK_EVENTS, t.size)
        window = int(np.searchsorted(t, t[first] - time_cutoff, side="left"))
        parts.append(_block_pairs(t, x, y, scaled, window, first, last, time_cutoff, space_cutoff))
        if progress is not None:
            progress(last / t.size)
    if not parts:
        empty = np.empty(0, dtype=np.int32)
        return ClosePairs(empty, empty, np.empty(0, PAIR_FLOAT), np.empty(0, PAIR_FLOAT))
    return ClosePairs(*(np.concatenate(column) for column in zip(*parts)))


def check_pair_count(t: np.ndarray, x: np.ndarray, y: np.ndarray, time_cutoff: float, space_cutoff: float,
                     max_pairs: int = DEFAULT_MAX_PAIRS) -> None:
    """Raise :class:`TooManyPairsError` when the events (any order) hold more close pairs than ``max_pairs``:
    a guard a method can run first, before any other work grows with the density of the events."""
    order = np.argsort(t, kind="stable")
    t, x, y = (np.asarray(a, dtype=np.float64)[order] for a in (t, x, y))
    if t.size and time_cutoff > 0 and space_cutoff > 0:
        scaled = np.column_stack([x / space_cutoff, y / space_cutoff, t / time_cutoff])
        _check_pair_count(t, scaled, time_cutoff, space_cutoff, max_pairs)


def _check_pair_count(t: np.ndarray, scaled: np.ndarray, time_cutoff: float, space_cutoff: float,
                      max_pairs: int) -> None:
    """Refuse before allocating when the search boxes hold more than ``max_pairs`` candidate pairs.

    A cheap upper bound first (pairs within the time cutoff, from the sorted times); only when it
    exceeds the limit are the space-time boxes counted exactly, block by block, with k-d tree counts."""
    earlier = np.searchsorted(t, t - time_cutoff, side="left")
    if int(np.sum(np.arange(t.size) - earlier)) <= max_pairs // 2:
        return
    total = 0
    for first in range(0, t.size, BLOCK_EVENTS):
        last = min(first + BLOCK_EVENTS, t.size)
        window = int(np.searchsorted(t, t[first] - time_cutoff, side="left"))
        total += int(cKDTree(scaled[first:last]).count_neighbors(cKDTree(scaled[window:last]), 1.0 + 1e-6,
                                                                  p=np.inf))
        if total > 2 * max_pairs:  # the boxes are searched both ways: about two candidates per pair
            raise TooManyPairsError(total // 2, max_pairs, time_cutoff, space_cutoff)


def _block_pairs(t, x, y, scaled, window: int, first: int, last: int,
                 time_cutoff: float, space_cutoff: float) -> tuple[np.ndarray, ...]:
    """Pairs whose later event is in ``[first, last)``; earlier events come from ``[window, last)``."""
    children = cKDTree(scaled[first:last])
    candidates = cKDTree(scaled[window:last])
    # A little slack so that rounding in the scaled coordinates never loses a pair on the boundary.
    found = children.sparse_distance_matrix(candidates, 1.0 + 1e-6, p=np.inf, output_type="ndarray")
    later = found["i"].astype(np.int64) + first
    earlier = found["j"].astype(np.int64) + window
    del found
    dt = t[later] - t[earlier]
    keep = (dt > 0) & (dt <= time_cutoff)
    later, earlier, dt = later[keep], earlier[keep], dt[keep]
    d2 = (x[later] - x[earlier]) ** 2 + (y[later] - y[earlier]) ** 2
    keep = d2 <= space_cutoff * space_cutoff
    order = np.lexsort((earlier[keep], later[keep]))
    return (earlier[keep][order].astype(np.int32), later[keep][order].astype(np.int32),
            dt[keep][order].astype(PAIR_FLOAT), d2[keep][order].astype(PAIR_FLOAT))
