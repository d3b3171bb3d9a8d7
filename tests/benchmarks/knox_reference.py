"""REFERENCE ONLY: the Knox permutation engine as it was before the batched rewrite (issue #19).

A frozen copy of ``knox_test``, ``_permuted_tables``, ``_close_pairs`` and ``_count_close`` from
``algorithms/knox.py`` (one histogram per permutation over every close pair, permutations on
worker threads), kept so that ``test_knox_engine.py`` can check that the new engine gives
byte-identical tables for the same seed, and ``bench_knox.py`` can time old and new side by side.
Not shipped: the production code never imports it. The unchanged helpers (settings checks, strip
order, time-band totals, seeding) are imported from the production module.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np
from scipy.spatial import cKDTree

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.knox import (
    DEFAULT_MAX_CLOSE_PAIRS,
    METRICS,
    SECONDS_PER_DAY,
    KnoxResult,
    _check_settings,
    _checked_events,
    _ClosePairs,
    _distances,
    _finite_space_edges,
    _seed_sequence,
    _strip_order,
    _table,
    _time_band_totals,
)
from crimerisk.algorithms.progress import ProgressCallback, ProgressReporter

#: Most separate time bins in the permutation histogram (beyond them, one "far" bin).
_MAX_TIME_BINS = 4096
#: Pairs per chunk in the permutation loop (working buffers stay in the CPU cache).
_CHUNK = 1 << 16
#: Pairs (about) enumerated per k-d tree block.
_BLOCK_PAIRS = 500_000
#: Most worker threads for the permutations.
_MAX_THREADS = 4


def reference_knox_test(
    events: EventSet,
    space_band: float,
    space_bands: int,
    time_band: float,
    time_bands: int,
    metric: str = "euclidean",
    permutations: int = 999,
    seed: int | np.random.Generator | None = None,
    same_location: bool = False,
    max_close_pairs: int = DEFAULT_MAX_CLOSE_PAIRS,
    progress: ProgressCallback | None = None,
) -> KnoxResult:
    """Knox table of ``events`` with Monte Carlo significance.

    Parameters
    ----------
    events : events with times (days) and coordinates (metres); weights are ignored.
    space_band, space_bands : width (metres) and number of the finite space bands.
    time_band, time_bands : width (days, rounded to the second) and number of finite time bands.
    metric : ``"euclidean"`` or ``"manhattan"`` distance.
    permutations : number of random permutations of the times (default 999).
    seed : int (or Generator) for the permutations; the same seed gives the same result,
        whatever the number of threads.
    same_location : add the Near Repeat Calculator's "same location" row ``[0, 1 m)``.
    max_close_pairs : memory guard on the pairs closer than ``space_bands * space_band``
        (8 bytes each, 16 at the peak while they are listed).
    progress : optional ``progress(fraction) -> bool`` callback; returning False cancels
        (raises :class:`~.progress.Cancelled`).
    """
    _check_settings(space_band, space_bands, time_band, time_bands, metric, permutations, same_location)
    x, y, t = _checked_events(events)
    report = ProgressReporter(progress)
    upper_edges = _finite_space_edges(space_band, space_bands, same_location)[1:]
    order, strip = _strip_order(y, float(upper_edges[-1]))
    x, y, t = x[order], y[order], t[order]
    tick_band = int(round(time_band * SECONDS_PER_DAY))
    ticks = np.round((t - t.min()) * SECONDS_PER_DAY).astype(np.int64)
    ticks = ticks.astype(np.int32) if ticks.max() < np.iinfo(np.int32).max else ticks
    pairs = _close_pairs(x, y, strip, upper_edges, METRICS[metric], max_close_pairs)
    report(0.05)
    totals = _time_band_totals(np.sort(ticks), tick_band, time_bands)
    observed = _table(_count_close(ticks, pairs, tick_band, time_bands), totals)
    permuted = _permuted_tables(ticks, pairs, tick_band, time_bands, totals, permutations, seed,
                                lambda done: report(0.05 + 0.95 * done))
    time_edges = np.append(np.arange(time_bands + 1) * (tick_band / SECONDS_PER_DAY), np.inf)
    return KnoxResult(
        space_edges=np.append(_finite_space_edges(space_band, space_bands, same_location), np.inf),
        time_edges=time_edges, observed=observed, permuted=permuted, metric=metric,
        n_events=int(ticks.size), same_location=bool(same_location),
        seed=int(seed) if isinstance(seed, (int, np.integer)) else None,
    )


def _permuted_tables(ticks: np.ndarray, pairs: _ClosePairs, tick_band: int, time_bands: int,
                     totals: np.ndarray, permutations: int, seed: int | np.random.Generator | None,
                     report: Callable[[float], None]) -> np.ndarray:
    """int64 ``[permutations, rows, cols]`` tables with the times shuffled among the events.

    Permutation ``k`` draws from its own child of ``SeedSequence(seed)``, so the result does
    not depend on how the permutations are shared among the worker threads (numpy releases
    the GIL in the gathers and arithmetic of :func:`_count_close`).
    """
    children = _seed_sequence(seed).spawn(permutations)

    def count_one(index: int) -> np.ndarray:
        shuffle = np.random.default_rng(children[index]).permutation(ticks.size)
        return _count_close(ticks[shuffle], pairs, tick_band, time_bands)

    permuted = np.empty((permutations, pairs.starts.size, time_bands + 1), dtype=np.int64)
    with ThreadPoolExecutor(max_workers=max(1, min(_MAX_THREADS, os.cpu_count() or 1))) as pool:
        try:
            for index, close in enumerate(pool.map(count_one, range(permutations))):
                permuted[index] = _table(close, totals)
                report((index + 1) / permutations)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return permuted


def _close_pairs(x: np.ndarray, y: np.ndarray, strip: np.ndarray, upper_edges: np.ndarray, p: float,
                 max_pairs: int) -> _ClosePairs:
    """Every pair ``i < j`` with distance below ``upper_edges[-1]``, grouped by band
    (band ``s`` holds distances in ``[upper_edges[s-1], upper_edges[s])``).

    Events must be sorted by ``strip`` (:func:`_strip_order` with the same reach). Strips
    are taken in blocks; a block's pairs are searched among its events and those of the
    next strip, so the k-d tree's temporary memory is that of one block.
    """
    reach = float(upper_edges[-1])
    search = reach * (1.0 + 1e-9)  # the k-d tree's own rounding must not lose a pair
    points = np.column_stack([x, y])
    tree = cKDTree(points)
    found = (int(tree.count_neighbors(tree, search, p=p)) - x.size) // 2
    del tree
    if found > max_pairs:
        raise ValueError(
            f"{found:,} pairs of events are closer than {reach:g} m (limit {max_pairs:,}; they would take "
            f"about {16 * found / 2**20:.0f} MB): use fewer or narrower space bands, "
            "or split the events by period")
    n_bands = upper_edges.size
    pieces: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(n_bands)]
    bounds = np.searchsorted(strip, np.arange(strip[-1] + 2))  # first event of each strip
    events_per_block = max(1, int(x.size * _BLOCK_PAIRS / max(found, 1)))
    s0 = 0
    while s0 <= strip[-1]:
        s1 = s0 + 1  # the block is strips [s0, s1); strip s1 is searched as well
        while s1 <= strip[-1] and bounds[s1 + 1] - bounds[s0] <= events_per_block:
            s1 += 1
        a, b = int(bounds[s0]), int(bounds[s1])
        c = int(bounds[min(s1 + 1, strip[-1] + 1)])
        local = cKDTree(points[a:c]).query_pairs(search, p=p, output_type="ndarray")
        first, second = local[:, 0], local[:, 1]  # first < second
        del local
        keep = first < b - a  # pairs inside strip s1 belong to the next block
        first, second = first[keep] + a, second[keep] + a
        distance = _distances(x, y, first, second, p)
        band = np.searchsorted(upper_edges, distance, side="right")
        keep = band < n_bands
        first, second, band = first[keep], second[keep], band[keep].astype(np.int16)
        order = np.argsort(band, kind="stable")  # a radix sort on 16-bit keys
        edges = np.searchsorted(band[order], np.arange(n_bands + 1))
        for s in range(n_bands):
            part = order[edges[s]:edges[s + 1]]
            pieces[s].append((first[part].astype(np.int32), second[part].astype(np.int32)))
        s0 = s1
    sizes = [sum(a.size for a, _ in band_pieces) for band_pieces in pieces]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    first = np.concatenate([a for band_pieces in pieces for a, _ in band_pieces])
    second = np.concatenate([b for band_pieces in pieces for _, b in band_pieces])
    return _ClosePairs(first=first, second=second, starts=starts)


def _count_close(ticks: np.ndarray, pairs: _ClosePairs, tick_band: int, time_bands: int) -> np.ndarray:
    """int64 ``[space bands, time_bands + 1]`` counts of the close pairs by time band, for
    events with times ``ticks`` (seconds); the last column is "beyond".

    Every time band up to the data's span gets its own histogram bin (folded into "beyond"
    at the end): a histogram whose pairs mostly fall in one bin is several times slower.
    """
    spread = int(ticks.max() - ticks.min()) // tick_band
    top = max(time_bands, min(spread, _MAX_TIME_BINS))
    cap = ticks.dtype.type(top * tick_band) if top < spread else None
    band_width = ticks.dtype.type(tick_band)
    histogram = np.zeros((pairs.starts.size - 1, top + 1), dtype=np.int64)
    a = np.empty(_CHUNK, dtype=ticks.dtype)
    b = np.empty(_CHUNK, dtype=ticks.dtype)
    band = np.empty(_CHUNK, dtype=np.int64)
    for s in range(histogram.shape[0]):
        for lo in range(int(pairs.starts[s]), int(pairs.starts[s + 1]), _CHUNK):
            hi = min(lo + _CHUNK, int(pairs.starts[s + 1]))
            m = hi - lo
            np.take(ticks, pairs.first[lo:hi], out=a[:m], mode="clip")
            np.take(ticks, pairs.second[lo:hi], out=b[:m], mode="clip")
            np.subtract(a[:m], b[:m], out=a[:m])
            np.abs(a[:m], out=a[:m])
            if cap is not None:
                np.minimum(a[:m], cap, out=a[:m])
            np.floor_divide(a[:m], band_width, out=band[:m], casting="unsafe")
            histogram[s] += np.bincount(band[:m], minlength=top + 1)
    beyond = histogram[:, time_bands:].sum(axis=1, keepdims=True)
    return np.hstack([histogram[:, :time_bands], beyond])
