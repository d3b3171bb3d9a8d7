"""Close pairs of events in space and time, without an N x N matrix.

:func:`close_pairs` lists every ordered pair ``(earlier, later)`` with
``0 < t_later - t_earlier <= time_cutoff`` and distance ``<= space_cutoff``, grouped by the
later event (in time order). It is a sorted sweep: the plane is cut into square cells of side
``space_cutoff`` and the events are sorted by (cell, time) once; the candidate earlier events of
an event are then, in each of the 3 x 3 cells around its own, one contiguous run of that order
(found by binary search on the key ``cell * N + time rank``), and the exact delay and disc
conditions keep the pairs among them (about 9 / pi candidates per pair). Events are processed
in blocks whose candidates stay under :data:`BLOCK_CANDIDATES`, so the temporary memory is
bounded whatever the density, on :data:`THREADS` threads; the pairs stay in their blocks
(:class:`ClosePairs`, 12 bytes a pair) and are refused beyond ``max_pairs`` as soon as the count
passes it.

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

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .progress import ProgressReporter

__all__ = ["BLOCK_EVENTS", "BLOCK_CANDIDATES", "PAIR_FLOAT", "DEFAULT_MAX_PAIRS", "GUARD_SAMPLE", "THREADS",
           "TooManyPairsError", "PairBlock", "ClosePairs", "in_threads", "close_pairs", "check_pair_count"]

#: Most later events per block (also the granularity of progress reports).
BLOCK_EVENTS = 20_000
#: Most candidate pairs examined at once (about 60 bytes each: a block works in the processor's cache).
BLOCK_CANDIDATES = 262_144
#: Storage type of the delays and squared distances: float32 halves their memory. Its rounding
#: (relative 2**-24, 6e-8) moves each kernel value by (omega dt + d2 / (2 sigma^2)) times that at
#: most: 1.1e-6 at the automatic cutoffs' reach (ten mean delays, four sigmas), far below the
#: precision of recorded times and places.
PAIR_FLOAT = np.float32
#: Default ceiling on the pairs kept (12 bytes each: 3 GB at the ceiling).
DEFAULT_MAX_PAIRS = 250_000_000
#: Later events sampled to estimate the number of pairs before enumerating them.
GUARD_SAMPLE = 2_000
#: Threads for work split in blocks (numpy releases the GIL in its loops): the machine's cores, at most 4.
THREADS = max(1, min(4, os.cpu_count() or 1))
#: The 3 x 3 cells searched around an event's own cell, as (column, row) steps.
_STEPS = tuple((dx, dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


class TooManyPairsError(ValueError):
    """More close pairs than the memory guard allows; found before they are all allocated."""

    def __init__(self, pairs: int, limit: int, time_cutoff: float, space_cutoff: float):
        self.pairs, self.limit, self.time_cutoff, self.space_cutoff = int(pairs), int(limit), time_cutoff, space_cutoff
        super().__init__(f"{self.pairs} pairs of events within {space_cutoff:g} m and {time_cutoff:g} days, more than "
                         f"the limit of {self.limit}: use smaller cutoffs, a shorter period or fewer events")


@dataclass(frozen=True)
class PairBlock:
    """The pairs of a block of later events, in runs by later event: the pairs of event
    ``children[k]`` (ascending) are ``heads[k]`` to ``heads[k + 1]``."""

    earlier: np.ndarray  # int32 index of the earlier event (the candidate parent)
    dt: np.ndarray  # delay in days, > 0 (PAIR_FLOAT)
    d2: np.ndarray  # squared distance in square metres (PAIR_FLOAT)
    children: np.ndarray  # int64 index of each later event (the candidate child) that has pairs
    heads: np.ndarray  # int64 first pair of each child's run, then the number of pairs

    def __len__(self) -> int:
        return int(self.earlier.size)


@dataclass(frozen=True)
class ClosePairs:
    """Every (earlier, later) pair of events within the cutoffs, as blocks of consecutive later events
    (kept apart, never joined: memory holds 12 bytes a pair). The flat arrays are built on request."""

    blocks: tuple[PairBlock, ...]

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks)

    def _joined(self, name: str, dtype) -> np.ndarray:
        parts = [getattr(block, name) for block in self.blocks]
        return np.concatenate(parts) if parts else np.empty(0, dtype)

    @property
    def earlier(self) -> np.ndarray:
        """int32 index of the earlier event of each pair."""
        return self._joined("earlier", np.int32)

    @property
    def later(self) -> np.ndarray:
        """int32 index of the later event of each pair, ascending."""
        parts = [np.repeat(block.children, np.diff(block.heads)).astype(np.int32) for block in self.blocks]
        return np.concatenate(parts) if parts else np.empty(0, np.int32)

    @property
    def dt(self) -> np.ndarray:
        """Delay of each pair in days (PAIR_FLOAT)."""
        return self._joined("dt", PAIR_FLOAT)

    @property
    def d2(self) -> np.ndarray:
        """Squared distance of each pair in square metres (PAIR_FLOAT)."""
        return self._joined("d2", PAIR_FLOAT)

    @property
    def children(self) -> np.ndarray:
        """Every later event that has pairs, ascending."""
        return self._joined("children", np.int64)

    @property
    def nbytes(self) -> int:
        return int(sum(block.earlier.nbytes + block.dt.nbytes + block.d2.nbytes + block.children.nbytes
                       + block.heads.nbytes for block in self.blocks))


@dataclass(frozen=True)
class _Sweep:
    """Events sorted by (cell of side ``space_cutoff``, time): each cell's events in a time window
    are one run of ``order``, found by binary search on ``key``."""

    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    cell: np.ndarray  # each event's cell (columns padded by one on each side)
    cols: int
    order: np.ndarray  # event index at each sorted position
    key: np.ndarray  # cell * n + time rank, ascending
    ts: np.ndarray  # t, x and y in sorted order
    xs: np.ndarray
    ys: np.ndarray
    time_cutoff: float
    space_cutoff: float

    @classmethod
    def build(cls, t: np.ndarray, x: np.ndarray, y: np.ndarray, time_cutoff: float, space_cutoff: float) -> "_Sweep":
        column = np.floor((x - x.min()) / space_cutoff).astype(np.int64) + 1
        row = np.floor((y - y.min()) / space_cutoff).astype(np.int64) + 1
        cols = int(column.max()) + 2
        cell = row * cols + column
        order = np.argsort(cell, kind="stable")  # t is sorted: within a cell, by time
        key = cell[order] * t.size + order  # the time rank of a sorted event is its index
        return cls(t, x, y, cell, cols, order, key, t[order], x[order], y[order], time_cutoff, space_cutoff)

    def runs(self, later: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[len(later), 9] first sorted position and length of each neighbouring cell's run of
        events at most ``time_cutoff`` (a little more, for rounding) before each later event."""
        t = self.t[later]
        low = np.searchsorted(self.t, t - self.time_cutoff * (1 + 1e-12) - 1e-12, side="left")
        high = np.searchsorted(self.t, t, side="left")  # strictly earlier
        n = self.t.size
        first = np.empty((later.size, len(_STEPS)), dtype=np.int64)
        count = np.empty_like(first)
        for k, (dx, dy) in enumerate(_STEPS):
            base = (self.cell[later] + dy * self.cols + dx) * n
            first[:, k] = np.searchsorted(self.key, base + low, side="left")
            count[:, k] = np.searchsorted(self.key, base + high, side="left") - first[:, k]
        return first, count

    def pairs(self, later: np.ndarray, first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, ...]:
        """The close pairs among the candidates of ``runs``: (earlier, later, dt, d2), by later event.

        The candidates are read in sorted order (contiguous runs of ``xs, ys, ts``); the disc is tested
        first, the delay (exact in ranks but for the rounding slack) on what it keeps."""
        count = count.ravel()
        total = int(count.sum())
        offset = np.cumsum(count) - count
        position = np.repeat(first.ravel() - offset, count)
        position += np.arange(total)
        per_event = count.reshape(-1, len(_STEPS)).sum(axis=1)
        dx = self.xs[position]
        dx -= np.repeat(self.x[later], per_event)
        d2 = np.square(dx, out=dx)
        dy = self.ys[position]
        dy -= np.repeat(self.y[later], per_event)
        d2 += np.square(dy, out=dy)
        del dy
        near = np.flatnonzero(d2 <= self.space_cutoff * self.space_cutoff)
        position, d2 = position[near], d2[near]
        child = later[np.searchsorted(np.cumsum(per_event), near, side="right")]
        dt = self.t[child] - self.ts[position]
        keep = (dt > 0) & (dt <= self.time_cutoff)
        return (self.order[position[keep]].astype(np.int32), child[keep].astype(np.int32),
                dt[keep].astype(PAIR_FLOAT), d2[keep].astype(PAIR_FLOAT))

    def blocks(self, later: np.ndarray):
        """(later events, runs' first positions, runs' lengths) in blocks of at most
        :data:`BLOCK_EVENTS` events and (unless one event alone has more) :data:`BLOCK_CANDIDATES` candidates."""
        for start in range(0, later.size, BLOCK_EVENTS):
            block = later[start:start + BLOCK_EVENTS]
            first, count = self.runs(block)
            per_event = np.cumsum(count.sum(axis=1))
            cuts = np.searchsorted(per_event, np.arange(BLOCK_CANDIDATES, int(per_event[-1]), BLOCK_CANDIDATES),
                                   side="right")
            bounds = np.unique(np.concatenate([[0], np.maximum(cuts, 1), [block.size]]))
            for a, b in zip(bounds[:-1], bounds[1:]):
                yield block[a:b], first[a:b], count[a:b]


def in_threads(work: Callable[[int], None], count: int) -> None:
    """``work(0)`` to ``work(count - 1)`` on :data:`THREADS` threads (in this thread when one is enough)."""
    if THREADS == 1 or count < 2:
        for index in range(count):
            work(index)
        return
    with ThreadPoolExecutor(min(THREADS, count)) as pool:
        for _ in pool.map(work, range(count)):
            pass


def _checked(t: np.ndarray, x: np.ndarray, y: np.ndarray, time_cutoff: float,
             space_cutoff: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.asarray(t, dtype=np.float64)
    if t.size and np.any(np.diff(t) < 0):
        raise ValueError("events must be sorted by time: call EventSet.sorted_by_time() first")
    if not (time_cutoff > 0 and space_cutoff > 0):
        raise ValueError("time and space cutoffs must be positive")
    if t.size >= np.iinfo(np.int32).max:
        raise ValueError("too many events for 32-bit pair indices: split the data by period")
    return t, np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def close_pairs(t: np.ndarray, x: np.ndarray, y: np.ndarray, time_cutoff: float, space_cutoff: float,
                progress: ProgressReporter | None = None, max_pairs: int = DEFAULT_MAX_PAIRS) -> ClosePairs:
    """All pairs within the cutoffs among events sorted by time ``t`` (days); ``x, y`` in metres.

    More than ``max_pairs`` pairs raise :class:`TooManyPairsError` as soon as the count passes the
    limit, so memory never holds more (e.g. 150,000 events stacked on one spot); ``progress(fraction)``
    is called after each block and may cancel."""
    t, x, y = _checked(t, x, y, time_cutoff, space_cutoff)
    blocks: list[PairBlock] = []
    if not t.size:
        return ClosePairs(())
    sweep = _Sweep.build(t, x, y, time_cutoff, space_cutoff)
    kept = [0]  # pairs held so far, by every thread
    lock = threading.Lock()
    starts = range(0, t.size, BLOCK_EVENTS)
    for wave in range(0, len(starts), THREADS):  # a few blocks at a time, in order
        found: list[list[PairBlock]] = [[] for _ in starts[wave:wave + THREADS]]

        def one_block(index: int, wave: int = wave, found: list = found) -> None:
            start = starts[wave + index]
            for later, first, count in sweep.blocks(np.arange(start, min(start + BLOCK_EVENTS, t.size))):
                earlier, child, dt, d2 = sweep.pairs(later, first, count)
                heads = np.flatnonzero(np.diff(child, prepend=-1))
                if heads.size:
                    found[index].append(PairBlock(earlier, dt, d2, child[heads].astype(np.int64),
                                                  np.append(heads, child.size).astype(np.int64)))
                with lock:
                    kept[0] += earlier.size
                    if kept[0] > max_pairs:  # checked after every sub-block: memory never holds much more
                        raise TooManyPairsError(kept[0], max_pairs, time_cutoff, space_cutoff)

        in_threads(one_block, len(found))
        for part in found:
            blocks.extend(part)
        if progress is not None:
            progress(min(t.size, (wave + len(found)) * BLOCK_EVENTS) / t.size)
    return ClosePairs(tuple(blocks))


def check_pair_count(t: np.ndarray, x: np.ndarray, y: np.ndarray, time_cutoff: float, space_cutoff: float,
                     max_pairs: int = DEFAULT_MAX_PAIRS) -> None:
    """Raise :class:`TooManyPairsError` when the events (any order) hold more close pairs than ``max_pairs``:
    a guard a method can run first, before any other work grows with the density of the events.

    The candidates (the neighbouring cells' events within the time cutoff) are counted, which bounds the
    pairs; only when that bound passes the limit are the pairs of :data:`GUARD_SAMPLE` evenly spread events
    enumerated, and the share of candidates they keep scales the bound to an estimate."""
    order = np.argsort(t, kind="stable")
    t, x, y = (np.asarray(a, dtype=np.float64)[order] for a in (t, x, y))
    if not (t.size and time_cutoff > 0 and space_cutoff > 0):
        return
    sweep = _Sweep.build(t, x, y, time_cutoff, space_cutoff)
    candidates = 0
    for start in range(0, t.size, BLOCK_EVENTS):
        candidates += int(sweep.runs(np.arange(start, min(start + BLOCK_EVENTS, t.size)))[1].sum())
    if candidates <= max_pairs:
        return
    sample = np.unique(np.linspace(0, t.size - 1, min(GUARD_SAMPLE, t.size)).astype(np.int64))
    seen = found = 0
    for later, first, count in sweep.blocks(sample):
        seen += int(count.sum())
        found += sweep.pairs(later, first, count)[0].size
    estimate = candidates * found / max(seen, 1)
    if estimate > max_pairs:
        raise TooManyPairsError(int(estimate), max_pairs, time_cutoff, space_cutoff)
