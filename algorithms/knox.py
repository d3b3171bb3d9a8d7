"""Knox test for near-repeat victimisation, in the style of the Near Repeat Calculator.

Every unordered pair of events ``{i, j}`` is classified by its distance
``d_ij`` (Euclidean ``sqrt(dx^2 + dy^2)`` or Manhattan ``|dx| + |dy|``, metres) and its
time apart ``|t_i - t_j|`` (days) into a table of half-open bands

* space rows ``[0, b), [b, 2b), ..., [(S-1) b, S b)`` and a "beyond" row ``[S b, inf)``;
* time columns ``[0, c), [c, 2c), ..., [(T-1) c, T c)`` and a "beyond" column ``[T c, inf)``,

so the table is ``(S + 1) x (T + 1)`` (Knox 1964 used one threshold in each dimension;
Townsley, Homel & Chaseling 2003 and Johnson et al. 2007 several). A pair at distance 0
(same place) or 0 days apart (same moment) is in the first band. Time differences are
counted in whole seconds (times rounded to the second, the resolution of event dates),
so pairs exactly ``k c`` apart, common with whole-day dates, fall in band ``k`` exactly.

The Near Repeat Calculator (Ratcliffe 2009) adds a "same location" row and labels its
bands "1 to 100", "101 to 200", ...; Steenbeek (2019, NearRepeat R package, vignette
"NRC") showed that its counts are those of the half-open bands ``[0, 1)`` (same location),
``[1, b)``, ``[b, 2b)``, ... and ``[0, c)``, ``[c, 2c)``, ..., i.e. the labels are off by
one unit. Here the edges are stated exactly in every output row; ``same_location=True``
adds the NRC's ``[0, 1 m)`` row in front of the first band (which becomes ``[1, b)``).

Monte Carlo inference (Johnson et al. 2007): event times are permuted among the events
(the spatial pattern and the time series are kept; only their link is broken) and the
table is recounted; for each cell, expected = mean of the permuted counts, Knox ratio =
observed / expected, and the pseudo p-value of "more pairs than chance" is
``(1 + #{permuted >= observed}) / (permutations + 1)`` (one-sided; Besag & Diggle 1977).

Fast counting. Only the pairs closer than ``S b`` are enumerated (k-d tree, in blocks of
events so memory stays bounded). Per time band, the number of pairs over *all* pairs
follows from the sorted times without enumerating pairs (``searchsorted``), and it does
not change when times are permuted, so the beyond-space row is a subtraction. Each
permutation then only recomputes the time bands of the close pairs (two gathers, a
difference and a histogram per pair), on worker threads.

References
----------
Knox, E. G. (1964). The detection of space-time interactions. Applied Statistics 13(1), 25-30.
Besag, J., & Diggle, P. J. (1977). Simple Monte Carlo tests for spatial pattern.
Applied Statistics 26(3), 327-333.
Townsley, M., Homel, R., & Chaseling, J. (2003). Infectious burglaries: a test of the near
repeat hypothesis. British Journal of Criminology 43(3), 615-633.
Johnson, S. D., Bernasco, W., Bowers, K. J., et al. (2007). Space-time patterns of risk: a
cross national assessment of residential burglary victimization. Journal of Quantitative
Criminology 23(3), 201-219.
Ratcliffe, J. H. (2009). Near Repeat Calculator (version 1.3). Temple University,
Philadelphia, and the National Institute of Justice, Washington, DC.
Steenbeek, W. (2019). NearRepeat: Near Repeat analysis using the Knox test (R package),
vignette "NearRepeat and the Near Repeat Calculator software: a comparison".
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy import ndimage
from scipy.spatial import cKDTree

from .events import EventSet
from .progress import ProgressCallback, ProgressReporter

__all__ = ["SECONDS_PER_DAY", "METRICS", "SAME_LOCATION_M", "DEFAULT_MAX_CLOSE_PAIRS", "ROW_FIELDS",
           "NearRepeatExtent", "KnoxResult", "knox_test", "permutation_table_bytes", "permutations_fitting"]

SECONDS_PER_DAY = 86_400
#: Minkowski exponent of each distance metric.
METRICS = {"euclidean": 2.0, "manhattan": 1.0}
#: Upper edge of the NRC-style "same location" band, metres.
SAME_LOCATION_M = 1.0
#: Default ceiling on the pairs closer than the largest finite space band (8 bytes each).
DEFAULT_MAX_CLOSE_PAIRS = 40_000_000
#: Keys of each row of :meth:`KnoxResult.rows`, in display order.
ROW_FIELDS = ("space_from", "space_to", "time_from", "time_to", "observed", "expected",
              "ratio", "p_value", "z", "permuted_2_5", "permuted_97_5")
#: Most separate time bins in the permutation histogram (beyond them, one "far" bin).
_MAX_TIME_BINS = 4096
#: Pairs per chunk in the permutation loop (working buffers stay in the CPU cache).
_CHUNK = 1 << 16
#: Pairs (about) enumerated per k-d tree block.
_BLOCK_PAIRS = 500_000
#: Most worker threads for the permutations.
_MAX_THREADS = 4


@dataclass(frozen=True)
class NearRepeatExtent:
    """How far and how long the significant near-repeat risk reaches (see
    :meth:`KnoxResult.significant_extent`): bandwidths for a near-repeat surface."""

    space_distance: float  # metres: the largest space_to of the significant region
    time_span: float  # days: the largest time_to of the significant region
    cells: tuple[tuple[int, int], ...]  # (row, column) of the table cells in the region


@dataclass(frozen=True)
class KnoxResult:
    """The Knox table and its Monte Carlo distribution.

    Attributes
    ----------
    space_edges : metres, ``rows + 1`` increasing edges, the last one ``inf``.
    time_edges : days, ``cols + 1`` increasing edges, the last one ``inf``.
    observed : int64 ``[rows, cols]`` pair counts.
    permuted : int64 ``[permutations, rows, cols]`` counts with permuted times.
    metric, n_events, same_location, seed : the settings used (``seed`` None unless an int).
    """

    space_edges: np.ndarray
    time_edges: np.ndarray
    observed: np.ndarray
    permuted: np.ndarray
    metric: str
    n_events: int
    same_location: bool = False
    seed: int | None = None

    @property
    def permutations(self) -> int:
        return int(self.permuted.shape[0])

    @property
    def n_pairs(self) -> int:
        return self.n_events * (self.n_events - 1) // 2

    @property
    def expected(self) -> np.ndarray:
        """Mean permuted count of each cell."""
        return self.permuted.mean(axis=0)

    @property
    def ratio(self) -> np.ndarray:
        """Knox ratio observed / expected (NaN where no permutation put a pair in the cell)."""
        expected = self.expected
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(expected > 0, self.observed / expected, np.nan)

    @property
    def p_value(self) -> np.ndarray:
        """One-sided pseudo p-value of "more pairs than chance" for each cell."""
        exceed = (self.permuted >= self.observed[None]).sum(axis=0)
        return (1.0 + exceed) / (self.permutations + 1.0)

    @property
    def z(self) -> np.ndarray:
        """(observed - expected) / standard deviation of the permuted counts (NaN if it is 0)."""
        if self.permutations < 2:
            return np.full(self.observed.shape, np.nan)
        sd = self.permuted.std(axis=0, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(sd > 0, (self.observed - self.expected) / sd, np.nan)

    def permuted_percentiles(self, q: tuple[float, float] = (2.5, 97.5)) -> np.ndarray:
        """``[2, rows, cols]`` percentiles of the permuted counts (an envelope under chance)."""
        return np.percentile(self.permuted, q, axis=0)

    @property
    def n_finite_space_bands(self) -> int:
        return int(self.observed.shape[0] - 1)

    @property
    def n_finite_time_bands(self) -> int:
        return int(self.observed.shape[1] - 1)

    def rows(self) -> list[dict[str, float]]:
        """One dict per table cell (space-major order) with the keys of :data:`ROW_FIELDS`;
        edges in metres and days, ``inf`` for the beyond bands, NaN where undefined."""
        expected, ratio, p, z = self.expected, self.ratio, self.p_value, self.z
        low, high = self.permuted_percentiles()
        table = []
        for s in range(self.observed.shape[0]):
            for k in range(self.observed.shape[1]):
                values = (self.space_edges[s], self.space_edges[s + 1], self.time_edges[k],
                          self.time_edges[k + 1], self.observed[s, k], expected[s, k], ratio[s, k],
                          p[s, k], z[s, k], low[s, k], high[s, k])
                row = {name: float(value) for name, value in zip(ROW_FIELDS, values)}
                row["observed"] = int(self.observed[s, k])
                table.append(row)
        return table

    def significant_cells(self, alpha: float = 0.05) -> np.ndarray:
        """Bool ``[finite space bands, finite time bands]``: ``p < alpha`` and ratio > 1."""
        _check_alpha(alpha)
        close = (slice(0, -1), slice(0, -1))
        ratio = self.ratio[close]
        return (self.p_value[close] < alpha) & np.isfinite(ratio) & (ratio > 1.0)

    def significant_extent(self, alpha: float = 0.05) -> NearRepeatExtent | None:
        """The near-repeat reach to use as bandwidths of a risk surface, or None.

        Rule: take the finite cells with ``p < alpha`` and ratio > 1; keep those connected
        (sharing a side) to a significant cell of the first time band and the first space
        band (with ``same_location``, the same-location row or the ``[1, b)`` row). The
        extent is the largest ``space_to`` and the largest ``time_to`` of those cells.
        None when the first space-time cell is not significant (no near-repeat pattern).
        """
        significant = self.significant_cells(alpha)
        labels, _ = ndimage.label(significant)  # 4-connectivity: cells sharing a side
        seed_rows = 2 if self.same_location else 1
        seeds = {int(label) for label in labels[:seed_rows, 0] if label > 0}
        if not seeds:
            return None
        rows, cols = np.nonzero(np.isin(labels, sorted(seeds)))
        return NearRepeatExtent(
            space_distance=float(self.space_edges[rows.max() + 1]),
            time_span=float(self.time_edges[cols.max() + 1]),
            cells=tuple((int(r), int(c)) for r, c in zip(rows, cols)),
        )

    def summary_sentences(self, event_label: str = "crime", alpha: float = 0.05) -> list[str]:
        """Plain-language lines, one per significant close band (p < alpha, ratio > 1), e.g.
        "Within 200 m and 7 days of a burglary, the risk of another is 1.9 times what chance
        gives (p = 0.001)."; a single "no pattern" line when there is none."""
        significant = self.significant_cells(alpha)
        ratio, p = self.ratio, self.p_value
        article = "an" if event_label[:1].lower() in "aeiou" else "a"
        lines = []
        for s, k in zip(*np.nonzero(significant)):
            where = _band_phrase(self.space_edges[s], self.space_edges[s + 1], self.time_edges[k],
                                 self.time_edges[k + 1])
            lines.append(f"{where} of {article} {event_label}, the risk of another is "
                         f"{ratio[s, k]:.1f} times what chance gives (p = {p[s, k]:.3f}).")
        if not lines:
            lines.append(
                f"No near-repeat pattern: within {_metres(self.space_edges[-2])} and "
                f"{_days(self.time_edges[-2])}, no band holds significantly more pairs of "
                f"{event_label} events than chance gives (p < {alpha:g}, {self.permutations} permutations).")
        return lines

    def parameters(self) -> dict[str, Any]:
        """Settings and sizes, JSON-serialisable, for the analyst's log."""
        return {
            "space_band_m": float(self.space_edges[-2] / (self.n_finite_space_bands - self.same_location)),
            "space_bands": self.n_finite_space_bands - int(self.same_location),
            "same_location": self.same_location,
            "time_band_days": float(self.time_edges[1]),
            "time_bands": self.n_finite_time_bands,
            "metric": self.metric,
            "permutations": self.permutations,
            "seed": self.seed,
            "events": self.n_events,
            "pairs": self.n_pairs,
            "close_pairs": int(self.observed[:-1].sum()),
        }


def knox_test(
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


def permutation_table_bytes(permutations: int, space_bands: int, time_bands: int) -> int:
    """Peak bytes of the permuted tables: int64 ``[permutations, space_bands + 2, time_bands + 1]`` (the
    beyond bands and a same-location band included), counted twice for the summaries computed from them."""
    return 2 * 8 * int(permutations) * (int(space_bands) + 2) * (int(time_bands) + 1)


def permutations_fitting(limit: int, space_bands: int, time_bands: int) -> int:
    """The most permutations whose tables stay within ``limit`` bytes."""
    return int(limit // permutation_table_bytes(1, space_bands, time_bands))


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


@dataclass(frozen=True)
class _ClosePairs:
    """Pairs closer than the largest finite space edge, grouped by space band:
    the pairs of band ``s`` are ``first[starts[s]:starts[s + 1]]``, ``second[...]``."""

    first: np.ndarray  # int32 event index
    second: np.ndarray  # int32 event index
    starts: np.ndarray  # int64, one more than the number of bands


def _finite_space_edges(space_band: float, space_bands: int, same_location: bool) -> np.ndarray:
    edges = np.arange(space_bands + 1) * float(space_band)
    return np.insert(edges, 1, SAME_LOCATION_M) if same_location else edges


def _distances(x: np.ndarray, y: np.ndarray, first: np.ndarray, second: np.ndarray, p: float) -> np.ndarray:
    dx = np.abs(x[first] - x[second])
    dy = np.abs(y[first] - y[second])
    return dx + dy if p == 1.0 else np.sqrt(dx * dx + dy * dy)


def _strip_order(y: np.ndarray, height: float) -> tuple[np.ndarray, np.ndarray]:
    """Order events by horizontal strips of at least ``height`` metres (south to north), and each
    event's strip in that order. Pairs closer than ``height`` lie in the same or adjacent strips.
    Strips are made taller where needed so that there are no more strips than events (a tiny
    band over a wide extent would otherwise give more strips than an int64 or a loop can take)."""
    low = y.min()
    height = max(height, float(y.max() - low) / y.size)
    strip = np.floor((y - low) / height).astype(np.int64)
    order = np.argsort(strip, kind="stable")
    return order, strip[order]


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


def _time_band_totals(sorted_ticks: np.ndarray, tick_band: int, time_bands: int) -> np.ndarray:
    """int64 ``[time_bands + 1]``: pairs of ALL events by time band (last: beyond)."""
    ticks = sorted_ticks.astype(np.int64)
    n = ticks.size
    later = np.arange(1, n + 1)
    within = [0]  # pairs less than k bands apart, k = 0 .. time_bands
    for k in range(1, time_bands + 1):
        upto = np.searchsorted(ticks, ticks + k * tick_band, side="left")
        within.append(int((upto - later).sum()))
    within.append(n * (n - 1) // 2)
    return np.diff(np.asarray(within, dtype=np.int64))


def _table(close: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """The full table: close rows, then the beyond-space row by subtraction from the totals."""
    return np.vstack([close, totals - close.sum(axis=0)])


def _seed_sequence(seed: int | np.random.Generator | None) -> np.random.SeedSequence:
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence(int(seed.integers(0, 2**63)))
    return np.random.SeedSequence(seed)


def _check_alpha(alpha: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be a probability strictly between 0 and 1 (e.g. 0.05), got {alpha}")


def _check_settings(space_band: float, space_bands: int, time_band: float, time_bands: int,
                    metric: str, permutations: int, same_location: bool) -> None:
    for name, value, unit in (("space_band", space_band, "metres"), ("time_band", time_band, "days")):
        if not (isinstance(value, (int, float, np.number)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive number of {unit}, got {value!r}: "
                             "give a band width > 0")
    counts = (("space_bands", space_bands), ("time_bands", time_bands), ("permutations", permutations))
    for name, value in counts:
        if not (isinstance(value, (int, np.integer)) and value >= 1):
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    if round(time_band * SECONDS_PER_DAY) < 1:
        raise ValueError(f"time_band of {time_band!r} days is under one second: give a wider time band")
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}: use one of {', '.join(METRICS)}")
    if same_location and space_band <= SAME_LOCATION_M:
        raise ValueError(f"with a same-location band ([0, {SAME_LOCATION_M:g} m)) the space band must be "
                         f"wider than {SAME_LOCATION_M:g} m, got {space_band!r}: "
                         "widen it or set same_location=False")


def _checked_events(events: EventSet) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(events)
    if n < 3:
        raise ValueError(f"the Knox test needs at least 3 events, got {n}: "
                         "widen the date range or the category filter")
    untimed = int((~np.isfinite(events.t)).sum())
    if untimed:
        raise ValueError(f"{untimed} of {n} events have no time: drop them (or fill the date field) "
                         "before the Knox test")
    unplaced = int((~(np.isfinite(events.x) & np.isfinite(events.y))).sum())
    if unplaced:
        raise ValueError(f"{unplaced} of {n} events have no valid coordinates: "
                         "drop them before the Knox test")
    return events.x, events.y, events.t


def _metres(value: float) -> str:
    return f"{value:g} m"


def _days(value: float) -> str:
    return f"{value:g} day" if value == 1 else f"{value:g} days"


def _band_phrase(space_from: float, space_to: float, time_from: float, time_to: float) -> str:
    """E.g. "Within 200 m and 7 days" or "Between 200 and 400 m and between 7 and 14 days"."""
    if space_from == 0 and space_to == SAME_LOCATION_M:
        space = f"At the same location (under {_metres(SAME_LOCATION_M)})"
    elif space_from == 0:
        space = f"Within {_metres(space_to)}"
    else:
        space = f"Between {space_from:g} and {_metres(space_to)}"
    if time_from == 0:
        time = _days(time_to) if space.startswith("Within") else f"within {_days(time_to)}"
    else:
        time = f"between {time_from:g} and {_days(time_to)}"
    return f"{space} and {time}"
