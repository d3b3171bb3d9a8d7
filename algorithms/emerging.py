"""Emerging hot spot analysis: space-time Gi* and Mann-Kendall trends per cell.

The method follows ArcGIS "Create Space Time Cube" and "Emerging Hot Spot Analysis".

1. **Space-time cube.** Events are counted per grid cell and time step (day, week from
   Monday, calendar month, quarter or year; see :mod:`.timesteps`). By default only the
   calendar steps wholly inside the period enter the cube (an incomplete first or last
   step holds fewer events and would look cold); ``alignment="end"`` counts whole steps
   back from the end of the period instead. The days left out are reported. At least
   ``min_steps`` steps (10 by default) are required.
2. **Space-time Gi*.** Each bin (cell, step) is compared with its space-time
   neighbourhood: the cells within ``neighbourhood`` metres (itself included, weights
   ``binary`` or ``inverse_distance`` as in :mod:`.gistar`) in the same step and in the
   ``time_neighbours`` previous steps (fewer at the start of the cube). The Gi* formula
   of Ord & Getis (1995) is applied over the whole cube: ``n``, the mean and the standard
   deviation are those of all bins of the study area (cells inside the mask) over all
   steps. Each bin gets a z-score and a two-sided p-value (by default the exact test of
   :mod:`.inference`, the neighbourhood spanning cells x steps); with the default FDR
   correction a bin is significant when Benjamini-Hochberg over all bins of the cube
   rejects it at level ``alpha`` (5 % by default).
   A **hot bin** is significant with ``z > 0``, a **cold bin** significant with ``z < 0``.
   Every cell inside the grid's mask is analysed, also cells that never had an event
   (ArcGIS, without a mask, keeps only locations with at least one event: give a mask to
   restrict the study area).
3. **Trends.** Intensifying / diminishing are decided by the Mann-Kendall test (at
   ``trend_alpha``, 5 % by default) on each cell's **neighbourhood counts** per step (the
   weighted sum over the spatial neighbourhood, each step on its own,
   :func:`neighbourhood_count_series`), not on the Gi* z-scores: those have an
   edge-truncated time window at the first steps (their z drifts up on a constant hot
   spot) and overlapping windows (successive z-scores correlated), both of which bias
   Mann-Kendall. Serial correlation of the counts themselves inflates ``Var(S)`` (Hamed &
   Rao 1998); per-series estimates of it are far too low on 20-40 steps, so the variance
   is multiplied by a factor pooled over cells of similar count level
   (:func:`pooled_variance_factor`), estimated from the difference between the Mann-Kendall
   z of each cell's first and second halves (a linear trend cancels, so trending cells do
   not inflate it). Assumed: cells of similar counts share their serial correlation, which
   does not decrease with the count level, and decays about geometrically with the lag. A
   swing common to the whole study area is not corrected for (it shifts all z-scores
   together). The same test on each cell's own counts is given for information.
4. **Categories.** Each cell falls in exactly one of 17 categories. The "90 % rule" means
   "at least 90 % of all time steps, the final one counted". The final time step decides
   first: a cell whose final step is a hot bin can only be a hot category, one whose
   final step is a cold bin only a cold category; a cell whose final step is not
   significant can only be a historical spot or "no pattern".

   {CATEGORY_TABLE}

   Where the published definitions overlap, this module decides: (a) an earlier bin of the
   opposite kind makes a cell oscillating rather than new, consecutive or sporadic; (b) a
   cell hot in at least 90 % of the steps whose final step is cold is an oscillating cold
   spot, not a historical hot spot (the final step decides first).

:data:`CATEGORIES` holds, for all 17 categories, the code, name, rule text (the table
above is generated from it) and a conventional colour (reds for hot, blues for cold,
darker for stronger, grey for none).

References
----------
Esri. How Emerging Hot Spot Analysis works. ArcGIS Pro documentation, Space Time Pattern
Mining toolbox (category definitions).
Getis & Ord (1992), Ord & Getis (1995) for Gi*: full references in :mod:`.gistar`;
Mann (1945), Kendall (1975), Hamed & Rao (1998) and Benjamini & Hochberg (1995): in :mod:`.stats`.
Esri. Create Space Time Cube By Aggregating Points (time step alignment). ArcGIS Pro documentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtri

from .events import EventSet
from .gistar import (
    CORRECTIONS, DEFAULT_SEED, Moments, check_choice, gi_star_z, inference_parameters, neighbourhood_kernel,
    neighbourhood_sums, weight_sums,
)
from .inference import (
    DEFAULT_PERMUTATIONS, TailTest, Transform, ValueCounts, check_inference, finished_test, prepare_test,
    reuses_sums, reweighted_kernel, spatial_makeups,
)
from .grid import Grid
from .progress import ProgressCallback, ProgressReporter
from .stats import MannKendall, _bh_passing, check_probability, fdr_cutoff_from_z, mann_kendall, two_sided_p
from .surface import RiskSurface
from .timesteps import check_step, event_period, period_step_labels, period_steps, span_label, step_of

__all__ = ["DEFAULT_MIN_STEPS", "OUTSIDE_CODE", "TREND_GROUP_CELLS", "POOLED_CORRECTION", "TREND_TEST",
           "Report", "Category", "CATEGORIES", "SpaceTimeCube", "space_time_cube", "SpaceTimeGi",
           "space_time_gi_star", "neighbourhood_count_series", "ar1_variance_factor", "extend_factor",
           "pooled_variance_factor", "half_difference_z", "neighbourhood_trend", "significant_bins",
           "classify_emerging", "EmergingResult", "emerging_hot_spots", "emerging_hot_spots_for_events"]

#: Fewest time steps accepted by default (Mann-Kendall's normal approximation needs about 10).
DEFAULT_MIN_STEPS = 10

#: Category code of cells outside the study area in :attr:`EmergingResult.categories`.
OUTSIDE_CODE = -128

#: Time steps whose spatial sums are computed together in :func:`space_time_gi_star`.
_GI_STEP_BATCH = 8
#: Bins looked up together in the null tables (bounds the temporary index arrays).
_LOOKUP_TESTS = 1 << 18
#: Sorted p-values compared with the Benjamini-Hochberg line at a time by :func:`significant_bins`.
_FDR_CHUNK = 1 << 20
#: Pairs of time steps compared per block of cells by :func:`_mann_kendall_by_blocks` (a block
#: takes a fraction of a second, so a cancel is noticed promptly).
_TREND_BLOCK_PAIRS = 1 << 24

#: Cells per group of similar neighbourhood counts sharing one trend variance factor.
TREND_GROUP_CELLS = 50
#: Standard deviation of a normal sample over its median absolute deviation.
_MAD_TO_SD = 1.482602218505602
#: Name of the variance correction of :func:`neighbourhood_trend` (in ``MannKendall.correction``).
POOLED_CORRECTION = "pooled"
#: What decides intensifying / diminishing (logged with the parameters).
TREND_TEST = ("Mann-Kendall on the neighbourhood counts per step, variance inflated for serial correlation "
              "by a factor pooled over cells with similar counts")

#: ``report(fraction)``: reports progress, may raise :class:`~.progress.Cancelled`.
Report = Callable[[float], None]


class Category(NamedTuple):
    code: int
    name: str
    rule: str
    colour: str


_MOSTLY = "in at least 90% of the time steps, including the final one,"

#: The 17 categories: code, name, rule (plain words, for the Processing help) and colour.
CATEGORIES: tuple[Category, ...] = (
    Category(0, "No pattern detected", "None of the rules below applies (this includes cells that are "
             "not significant at the final time step and hot or cold in less than 90% of the time steps).",
             "#f0f0f0"),
    Category(1, "New hot spot", "Hot at the final time step only: never a hot or cold spot before.",
             "#fcae91"),
    Category(2, "Consecutive hot spot", "Hot in one unbroken run of at least two time steps ending at the "
             "final step; never hot before that run, never cold, hot in less than 90% of the time steps.",
             "#fb6a4a"),
    Category(3, "Intensifying hot spot", f"Hot {_MOSTLY} and its neighbourhood's counts rise: significant "
             "upward trend.", "#a50f15"),
    Category(4, "Persistent hot spot",
             f"Hot {_MOSTLY} with no significant trend in its neighbourhood's counts.",
             "#de2d26"),
    Category(5, "Diminishing hot spot", f"Hot {_MOSTLY} and its neighbourhood's counts fall: significant "
             "downward trend.", "#fc9272"),
    Category(6, "Sporadic hot spot", "Hot at the final time step and on and off before (an earlier hot step "
             "apart from the final run); never cold, hot in less than 90% of the time steps.", "#fdd0a2"),
    Category(7, "Oscillating hot spot", "Hot at the final time step, cold at some earlier step, hot in less "
             "than 90% of the time steps.", "#fd8d3c"),
    Category(8, "Historical hot spot", "Not significant at the final time step, but hot in at least 90% of "
             "the time steps.", "#8c510a"),
    Category(-1, "New cold spot", "Cold at the final time step only: never a hot or cold spot before.",
             "#bdd7e7"),
    Category(-2, "Consecutive cold spot", "Cold in one unbroken run of at least two time steps ending at the "
             "final step; never cold before that run, never hot, cold in less than 90% of the time steps.",
             "#6baed6"),
    Category(-3, "Intensifying cold spot",
             f"Cold {_MOSTLY} and its neighbourhood's counts fall (ever colder): "
             "significant downward trend.", "#08306b"),
    Category(-4, "Persistent cold spot",
             f"Cold {_MOSTLY} with no significant trend in its neighbourhood's counts.",
             "#2171b5"),
    Category(-5, "Diminishing cold spot", f"Cold {_MOSTLY} and its neighbourhood's counts rise (less cold): "
             "significant upward trend.", "#9ecae1"),
    Category(-6, "Sporadic cold spot", "Cold at the final time step and on and off before (an earlier "
             "cold step apart from the final run); never hot, cold in less than 90% of the time steps.",
             "#c6dbef"),
    Category(-7, "Oscillating cold spot", "Cold at the final time step, hot at some earlier step, cold in "
             "less than 90% of the time steps.", "#9e9ac8"),
    Category(-8, "Historical cold spot", "Not significant at the final time step, but cold in at least 90% "
             "of the time steps.", "#54278f"),
)


def _rules_table() -> str:
    """The categories as indented plain text, for the module docstring."""
    return "\n   ".join(f"{c.code:>3}  {c.name}: {c.rule}" for c in CATEGORIES)


if __doc__:  # absent under python -OO
    __doc__ = __doc__.replace("{CATEGORY_TABLE}", _rules_table())


@dataclass
class SpaceTimeCube:
    """Event counts per time step and cell: ``counts[step, row, col]`` (float32)."""

    counts: np.ndarray
    grid: Grid
    step: str
    edges: np.ndarray  # float64 days, n_steps + 1 step boundaries
    start: float  # analysis period [start, end) in days
    end: float
    alignment: str = "complete"
    left_out: list[tuple[float, float]] = field(default_factory=list)  # parts of the period in no step

    @property
    def n_steps(self) -> int:
        return int(self.counts.shape[0])

    def labels(self) -> list[str]:
        return period_step_labels(self.edges, self.step, self.alignment)

    def left_out_labels(self) -> list[str]:
        """The days of the period left out of the cube (incomplete steps), one span each."""
        return [span_label(a, b) for a, b in self.left_out]

    def coverage(self) -> tuple[float, float]:
        """Share of the first and of the last step that lies inside the analysis period."""
        first = (min(self.edges[1], self.end) - self.start) / (self.edges[1] - self.edges[0])
        last = (self.end - max(self.edges[-2], self.start)) / (self.edges[-1] - self.edges[-2])
        return float(min(first, 1.0)), float(min(last, 1.0))


def space_time_cube(events: EventSet, grid: Grid, step: str = "week", start: float | None = None,
                    end: float | None = None, min_steps: int = DEFAULT_MIN_STEPS,
                    alignment: str = "complete") -> SpaceTimeCube:
    """Count (weighted) events per ``step`` and cell of ``grid`` over ``[start, end)``.

    ``start`` / ``end`` are days since 1970-01-01 (default: the first event's day to the
    day after the last event). ``alignment`` (see :func:`.timesteps.period_steps`): by
    default only the calendar steps wholly inside the period enter the cube, ``"end"``
    counts whole steps back from the end of the period, ``"partial"`` keeps incomplete
    first and last calendar steps (see :meth:`SpaceTimeCube.coverage`). Events in the
    parts left out (:attr:`SpaceTimeCube.left_out`) are not counted. Raises ValueError
    with fewer than ``min_steps`` steps.
    """
    check_step(step)
    if not events.has_times:
        raise ValueError("emerging hot spot analysis needs a date for every event: "
                         "drop the undated ones first")
    start, end = event_period(events, start, end)
    edges, left_out = period_steps(start, end, step, alignment)
    n_steps = edges.size - 1
    if n_steps < min_steps:
        labels = period_step_labels(edges, step, alignment)
        raise ValueError(
            f"the period {labels[0]} to {labels[-1]} gives {n_steps} "
            f"{step} steps, fewer than the {min_steps} needed for the trend test: use a shorter time step "
            f"or a longer period"
        )
    in_period = (events.t >= start) & (events.t < end)
    cell = grid.flat_index(events.x, events.y)
    step_index = step_of(events.t, edges)
    keep = in_period & (cell >= 0) & (step_index >= 0)
    flat = step_index[keep] * grid.n_cells + cell[keep]
    counts = np.bincount(flat, weights=events.weight[keep], minlength=n_steps * grid.n_cells)
    return SpaceTimeCube(counts=counts.astype(np.float32).reshape(n_steps, *grid.shape), grid=grid,
                         step=step, edges=edges, start=start, end=end, alignment=alignment, left_out=left_out)


class SpaceTimeGi(NamedTuple):
    """Space-time Gi* of a cube: z-scores and p-values ``[n_steps, n_inside]`` (float32), the
    cube's moments and the inference that gave the p-values."""

    z: np.ndarray
    moments: Moments
    p: np.ndarray
    test: TailTest


def _space_time_batches(counts: np.ndarray, inside: np.ndarray, kernel: np.ndarray, time_neighbours: int,
                        transform: Transform, dtype=np.float64):
    """Yield ``(steps, sums)`` a few time steps at a time: ``sums`` ``[steps, n_inside]`` of
    ``transform(counts)`` over each bin's space-time neighbourhood: ``kernel`` in space, the step
    itself and the ``time_neighbours`` previous ones in time (``dtype`` float32 holds whole sums
    below 2**24 exactly, with half the memory)."""
    n_steps = counts.shape[0]
    n_inside = int(inside.sum())
    carried = np.zeros((0, n_inside))  # spatial sums of the previous steps
    for first in range(0, n_steps, _GI_STEP_BATCH):
        part = slice(first, min(n_steps, first + _GI_STEP_BATCH))
        earlier = carried.shape[0]
        window = np.empty((earlier + part.stop - part.start, n_inside))
        window[:earlier] = carried
        for row, step in enumerate(range(part.start, part.stop), start=earlier):  # one FFT at a time
            window[row] = neighbourhood_sums(np.where(inside, transform(counts[step]), 0.0), kernel)[inside]
        carried = window[max(0, window.shape[0] - time_neighbours):].copy() if time_neighbours else carried
        running = np.cumsum(window, axis=0, out=window)
        sums = running[earlier:].copy()
        # Each bin's window: the running sum less the running sum before the window's first step.
        start = max(0, time_neighbours + 1 - earlier)
        if start < sums.shape[0]:
            sums[start:] -= running[earlier + start - time_neighbours - 1:running.shape[0] - time_neighbours - 1]
        del window, running
        yield part, sums.astype(dtype, copy=False)


def _cube_values(counts: np.ndarray, inside: np.ndarray, report: Report) -> ValueCounts:
    """The values of all bins inside (row-major over ``[steps, cells inside]``), read step by step
    (``report(share of the steps read)`` after each)."""
    rows, cols = np.nonzero(inside)

    def take(index: np.ndarray) -> np.ndarray:
        return counts[index // rows.size, rows[index % rows.size], cols[index % rows.size]]

    def steps():
        for number, step in enumerate(counts, start=1):
            yield step[inside]
            report(number / counts.shape[0])

    return ValueCounts.of_parts(steps(), take)


def space_time_gi_star(counts: np.ndarray, grid: Grid, neighbourhood: float, time_neighbours: int = 1,
                       weighting: str = "binary", progress: ProgressCallback | None = None,
                       inference: str = "automatic", permutations: int = DEFAULT_PERMUTATIONS,
                       seed: int | None = DEFAULT_SEED) -> SpaceTimeGi:
    """Space-time Gi* z-scores and p-values of a ``[n_steps, rows, cols]`` cube.

    Returns a :class:`SpaceTimeGi`: ``z`` and ``p`` are float32 ``[n_steps, n_inside]`` (the
    cells inside the mask in row-major order). p-values come from :mod:`.inference` (the
    neighbourhood of a bin spans cells x time steps; the null draws from all bins of the cube),
    chosen by ``inference`` (exact by default on counts). The null distributions are built once
    from the cube's count distribution and the neighbourhood make-ups; sums, z and p are then
    computed a few time steps at a time, so only z, p and directions span the whole cube.
    ``progress(fraction) -> bool`` (optional) is called after every few time steps; returning
    False raises :class:`~.progress.Cancelled`.
    """
    counts = np.asarray(counts)
    if counts.ndim != 3 or counts.shape[1:] != grid.shape:
        raise ValueError(f"the cube must be [steps, {grid.rows}, {grid.cols}], got {counts.shape}")
    n_steps = counts.shape[0]
    if not (isinstance(time_neighbours, (int, np.integer)) and 0 <= time_neighbours < n_steps):
        raise ValueError(f"time_neighbours must be a whole number from 0 to {n_steps - 1}, "
                         f"got {time_neighbours}")
    check_inference(inference)
    report = ProgressReporter(progress)
    inside = grid.inside
    moments = Moments.of_parts(lambda: (step[inside] for step in counts), what="bins (cells x time steps)")
    kernel = neighbourhood_kernel(grid, neighbourhood, weighting)
    w_sum, w2_sum = weight_sums(inside, kernel, weighting)
    w_sum, w2_sum = w_sum[inside], w2_sum[inside]
    factor = (np.minimum(np.arange(n_steps), time_neighbours) + 1.0)[:, None]  # steps in each window
    weights, spatial = spatial_makeups(inside, kernel)
    table = spatial.over_time_table(time_neighbours)
    null, details = prepare_test(_cube_values(counts, inside, lambda f: report(0.25 * f)), weights, table,
                                 spatial.present_over_time(time_neighbours, n_steps), inference, permutations, seed,
                                 np.float32)
    observed_batches = None
    reuse = null.transform is not None and reuses_sums(null.transform, weights, null.class_weights)
    if null.transform is not None and not reuse:
        observed_batches = _space_time_batches(
            counts, inside, reweighted_kernel(kernel, weights, null.class_weights), time_neighbours, null.transform,
            np.float32 if null.transform.rounded else np.float64)
    z = np.empty((n_steps, grid.n_inside), dtype=np.float32)
    p = np.empty(z.shape, dtype=np.float32)
    direction = np.empty(z.shape, dtype=np.int8)
    for part, local in _space_time_batches(counts, inside, kernel, time_neighbours, Transform()):
        for row, step in enumerate(range(part.start, part.stop)):  # small temporaries
            z[step] = gi_star_z(local[row], factor[step] * w_sum, factor[step] * w2_sum, moments)
        # Whole counts: the plain sums are the exact test's statistic (rounded off the FFT).
        observed = local if reuse else None if observed_batches is None else next(observed_batches)[1]
        inverse = spatial.step_inverse(np.arange(part.start, part.stop), time_neighbours, table.shape[0])
        p[part], direction[part] = null.p_values(inverse, observed, z[part], np.float32, _LOOKUP_TESTS)
        report(0.25 + 0.75 * part.stop / n_steps)
    test = finished_test(null, details, p, direction)
    return SpaceTimeGi(z=z, moments=moments, p=test.p, test=test)


def _mann_kendall_by_blocks(series: np.ndarray, report: Report) -> MannKendall:
    """:func:`.stats.mann_kendall` of the columns of ``[n_steps, n_series]``, by blocks of
    columns (each series is tested on its own, so the result is the same), calling
    ``report(share of the series done)`` after each block."""
    n_steps, n_series = series.shape
    block = max(1, _TREND_BLOCK_PAIRS // max(1, n_steps * (n_steps - 1) // 2))
    parts = []
    for first in range(0, n_series, block):
        parts.append(mann_kendall(series[:, first:first + block], axis=0))
        report(min(n_series, first + block) / max(n_series, 1))
    if not parts:
        return mann_kendall(series, axis=0)
    return MannKendall(s=np.concatenate([part.s for part in parts]),
                       variance=np.concatenate([part.variance for part in parts]),
                       z=np.concatenate([part.z for part in parts]),
                       p=np.concatenate([part.p for part in parts]), n_steps=n_steps)


def neighbourhood_count_series(counts: np.ndarray, grid: Grid, neighbourhood: float,
                               weighting: str = "binary") -> np.ndarray:
    """Weighted event count of each cell's spatial neighbourhood per step: float32
    ``[n_steps, n_inside]`` (cells inside the mask, row-major), the spatial part of the
    space-time Gi* sum without its time window (so no step is truncated and successive
    steps share no bins)."""
    inside = grid.inside
    kernel = neighbourhood_kernel(grid, neighbourhood, weighting)
    series = np.empty((counts.shape[0], grid.n_inside), dtype=np.float32)
    for step in range(counts.shape[0]):  # one FFT at a time: small temporaries
        sums = neighbourhood_sums(np.where(inside, counts[step], 0.0), kernel)[inside]
        series[step] = np.round(sums, 6)  # drop the FFT round-off, so equal sums stay tied
    return series


def ar1_variance_factor(n_steps: int, rho: float) -> float:
    """Hamed & Rao's (1998) inflation ``n / n*`` of ``Var(S)`` for ``n_steps`` steps whose
    ranks have the autocorrelations ``rho ** k`` of a first-order autoregression."""
    lags = np.arange(1, max(1, n_steps - 2))
    weights = (n_steps - lags) * (n_steps - lags - 1.0) * (n_steps - lags - 2.0)
    return float(1.0 + 2.0 * np.sum(weights * rho ** lags) / (n_steps * (n_steps - 1.0) * (n_steps - 2.0)))


def extend_factor(factor: float, from_steps: int, to_steps: int) -> float:
    """The factor for ``to_steps`` steps of a series whose factor for ``from_steps`` steps is
    ``factor``, taking the rank autocorrelation to decay geometrically (first-order)."""
    if factor <= 1.0:
        return 1.0
    if factor >= ar1_variance_factor(from_steps, 1.0):
        return ar1_variance_factor(to_steps, 1.0)
    rho = brentq(lambda r: ar1_variance_factor(from_steps, r) - factor, 0.0, 1.0)
    return ar1_variance_factor(to_steps, rho)


def _non_decreasing(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted least-squares non-decreasing fit of ``values`` (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [weighted mean, weight, length]
    for value, weight in zip(values, weights):
        blocks.append([float(value), float(weight), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            right = blocks.pop()
            left = blocks[-1]
            total = left[1] + right[1]
            blocks[-1] = [(left[0] * left[1] + right[0] * right[1]) / total, total, left[2] + right[2]]
    return np.repeat([b[0] for b in blocks], [b[2] for b in blocks])


def pooled_variance_factor(level: np.ndarray, half_difference: np.ndarray, n_steps: int,
                           group: int = TREND_GROUP_CELLS) -> np.ndarray:
    """Inflation of each series' Mann-Kendall ``Var(S)`` for serial correlation, pooled over series.

    ``half_difference`` is ``(z1 - z2) / sqrt(2)`` of each series, ``z1`` / ``z2`` the plain
    Mann-Kendall z of its first and second halves (:func:`half_difference_z`): a linear
    trend cancels out, so its variance is the inflation factor of half a series, whatever
    the trend. The series are sorted by ``level`` (mean count) and cut into groups of about
    ``group``; each group's factor is the squared robust spread of its values
    (``1.4826 * median absolute deviation``), the groups' factors are made non-decreasing
    with the level (busier cells have more serially correlated counts), extended from half
    the steps to ``n_steps`` (:func:`extend_factor`) and floored at 1. Series whose value
    is not finite get 1 and do not count.
    """
    factor = np.ones(half_difference.shape, dtype=np.float64)
    usable = np.flatnonzero(np.isfinite(half_difference) & np.isfinite(level))
    if usable.size == 0:
        return factor
    order = usable[np.argsort(level[usable], kind="stable")]
    parts = np.array_split(order, max(1, order.size // max(1, group)))
    spreads = []
    for part in parts:
        values = half_difference[part].astype(np.float64)
        spreads.append((_MAD_TO_SD * float(np.median(np.abs(values - np.median(values))))) ** 2)
    fitted = _non_decreasing(np.array(spreads), np.array([part.size for part in parts], dtype=np.float64))
    for part, half_factor in zip(parts, fitted):
        factor[part] = extend_factor(float(half_factor), n_steps // 2, n_steps)
    return factor


def half_difference_z(series: np.ndarray, report: Report) -> np.ndarray:
    """``(z1 - z2) / sqrt(2)`` of each column of ``[n_steps, n_series]``: the plain
    Mann-Kendall z of its first and of its last ``n_steps // 2`` steps."""
    half = series.shape[0] // 2
    first = _mann_kendall_by_blocks(series[:half], lambda f: report(0.5 * f))
    last = _mann_kendall_by_blocks(series[series.shape[0] - half:], lambda f: report(0.5 + 0.5 * f))
    return (first.z - last.z) / np.sqrt(2.0)


def neighbourhood_trend(series: np.ndarray, report: Report) -> MannKendall:
    """Trend test of each column of ``[n_steps, n_cells]`` counts: Mann-Kendall with its
    variance multiplied by :func:`pooled_variance_factor` (serial correlation)."""
    plain = _mann_kendall_by_blocks(series, lambda f: report(0.6 * f))
    difference = half_difference_z(series, lambda f: report(0.6 + 0.4 * f))
    factor = pooled_variance_factor(series.mean(axis=0, dtype=np.float64), difference, series.shape[0])
    variance = plain.variance * factor
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (plain.s - np.sign(plain.s)) / np.sqrt(np.maximum(variance, 1e-300)), 0.0)
    return MannKendall(s=plain.s, variance=variance, z=z, p=two_sided_p(z), n_steps=plain.n_steps,
                       correction=POOLED_CORRECTION, variance_factor=factor)


def _fdr_cutoff_by_rows(p: np.ndarray, alpha: float) -> float:
    """:func:`.stats.fdr_cutoff` of all finite p-values of ``[rows, n]``, holding only one copy of
    those ``<= alpha`` (in ``p``'s dtype, sorted in place) and ranks for a chunk of them at a time."""
    n_tests = max(1, sum(int(np.isfinite(row).sum()) for row in p))
    sizes = [int(np.count_nonzero(row <= alpha)) for row in p]
    small = np.empty(sum(sizes), dtype=p.dtype)
    first = 0
    for row, size in zip(p, sizes):
        small[first:first + size] = row[row <= alpha]
        first += size
    small.sort()
    level = small.dtype.type(alpha)  # float32 p <= alpha compares to alpha rounded; drop p above alpha
    keep = small.size if float(level) <= alpha else int(np.searchsorted(small, level, "left"))
    cutoff = float("-inf")
    for start in range(0, keep, _FDR_CHUNK):
        part = small[start:min(keep, start + _FDR_CHUNK)].astype(np.float64)
        passing = _bh_passing(part, start + 1, alpha, n_tests)
        if passing.size:
            cutoff = float(small[start + passing[-1]])
    return cutoff


def significant_bins(z: np.ndarray, alpha: float = 0.05, correction: str = "fdr",
                     p: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Bool mask of the significant bins of ``z`` (``[n_steps, n_cells]``) and the p-value cut-off.

    ``p``: the bins' two-sided p-values (e.g. :attr:`SpaceTimeGi.p`); without it they come from
    the normal distribution of ``z``. With ``"fdr"`` Benjamini-Hochberg runs over all finite
    p-values of the array. Work goes row by row and only bins with ``p <= alpha`` are sorted, so
    memory stays small.
    """
    check_choice(correction, CORRECTIONS, "correction")
    alpha = check_probability(alpha)
    if p is not None:
        cutoff = _fdr_cutoff_by_rows(p, alpha) if correction == "fdr" else alpha
        return p <= cutoff, cutoff
    threshold = ndtri(1.0 - alpha / 2.0) * (1 - 1e-7)  # a hair low: the p-value decides at the boundary
    candidates = np.empty(z.shape, dtype=bool)
    for row in range(z.shape[0]):
        np.greater_equal(np.abs(z[row]), threshold, out=candidates[row])

    if correction == "fdr":
        n_tests = sum(int(np.isfinite(z[row]).sum()) for row in range(z.shape[0]))
        cutoff = fdr_cutoff_from_z(np.abs(z[candidates]), alpha, n_tests)
    else:
        cutoff = alpha
    significant = np.zeros(z.shape, dtype=bool)
    for row in range(z.shape[0]):
        significant[row][candidates[row]] = two_sided_p(z[row][candidates[row]]) <= cutoff
    return significant, cutoff


def _final_run(flags: np.ndarray) -> np.ndarray:
    """Length of the run of True ending at the final step, per column of ``[steps, n]``."""
    n_steps = flags.shape[0]
    broken = ~flags[::-1]
    return np.where(broken.any(axis=0), np.argmax(broken, axis=0), n_steps)


def _one_side(same: np.ndarray, opposite: np.ndarray, trend_up: np.ndarray,
              trend_down: np.ndarray) -> np.ndarray:
    """Codes 0..8 of the "same"-side categories (hot for hot bins), before the final-step rule."""
    n_steps = same.shape[0]
    n_same = same.sum(axis=0)
    mostly = n_same * 10 >= 9 * n_steps
    final = same[-1]
    run = _final_run(same)
    earlier_opposite = opposite[:-1].any(axis=0)
    quiet_before = final & ~mostly & ~earlier_opposite
    rules = [  # mutually exclusive
        (final & mostly & trend_up, 3),
        (final & mostly & trend_down, 5),
        (final & mostly & ~trend_up & ~trend_down, 4),
        (final & ~mostly & earlier_opposite, 7),
        (quiet_before & (n_same == 1), 1),
        (quiet_before & (n_same >= 2) & (n_same == run), 2),
        (quiet_before & (n_same > run), 6),
        (~final & mostly, 8),
    ]
    return np.select([condition for condition, _ in rules], [code for _, code in rules], 0).astype(np.int8)


def classify_emerging(hot: np.ndarray, cold: np.ndarray, trend_z: np.ndarray, trend_p: np.ndarray,
                      trend_alpha: float = 0.05) -> np.ndarray:
    """Category code (-8..8, see :data:`CATEGORIES`) of each cell.

    ``hot`` / ``cold`` are bool ``[n_steps, n_cells]`` (significant bins with z > 0 / z < 0),
    ``trend_z`` / ``trend_p`` the trend test's z and p-value of each cell (:func:`neighbourhood_trend`).
    """
    trend_alpha = check_probability(trend_alpha, "trend_alpha")
    hot = np.asarray(hot, dtype=bool)
    cold = np.asarray(cold, dtype=bool)
    if np.any(hot & cold):
        raise ValueError("a bin cannot be both a hot and a cold spot")
    trending = np.asarray(trend_p) <= trend_alpha
    up = trending & (np.asarray(trend_z) > 0)
    down = trending & (np.asarray(trend_z) < 0)
    hot_code = _one_side(hot, cold, up, down)
    cold_code = _one_side(cold, hot, down, up)
    # The final step decides first; with it not significant only the historical rules apply.
    code = np.where(hot[-1], hot_code, np.where(cold[-1], -cold_code, 0)).astype(np.int8)
    neither = ~hot[-1] & ~cold[-1]
    code = np.where(neither & (hot_code == 8), np.int8(8), code)
    code = np.where(neither & (cold_code == 8), np.int8(-8), code)
    return code


@dataclass
class EmergingResult:
    """Emerging hot spot analysis of every cell; float maps are NaN outside the study area."""

    grid: Grid
    step: str
    edges: np.ndarray  # step boundaries, days since 1970-01-01
    categories: np.ndarray  # int8 [rows, cols], codes of CATEGORIES, OUTSIDE_CODE outside
    trend_z: np.ndarray  # float32 [rows, cols]: corrected Mann-Kendall z of the neighbourhood counts
    trend_p: np.ndarray
    count_trend_z: np.ndarray  # the same test on the cell's own counts (information)
    count_trend_p: np.ndarray
    final_z: np.ndarray  # Gi* z at the final step
    hot_steps: np.ndarray  # int16 [rows, cols]: number of hot bins
    cold_steps: np.ndarray
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def n_steps(self) -> int:
        return int(self.edges.size - 1)

    def category_rows(self) -> list[dict[str, Any]]:
        """One table row per category (all 17): code, name, colour, number of cells, rule."""
        inside = self.categories[self.grid.inside]
        return [{"code": c.code, "category": c.name, "colour": c.colour,
                 "cells": int(np.sum(inside == c.code)), "rule": c.rule} for c in CATEGORIES]

    def category_counts(self) -> dict[str, int]:
        """Number of cells per category name."""
        return {row["category"]: row["cells"] for row in self.category_rows()}

    def category_surface(self) -> RiskSurface:
        values = np.where(self.grid.inside, self.categories, 0).astype(np.float32)
        return RiskSurface(values, self.grid, "emerging hot spot category code (-8..8)",
                           dict(self.parameters))

    def trend_surface(self) -> RiskSurface:
        return RiskSurface(self.trend_z, self.grid, "corrected Mann-Kendall z of the neighbourhood counts",
                           dict(self.parameters))


def _to_map(values: np.ndarray, grid: Grid, fill: float, dtype) -> np.ndarray:
    out = np.full(grid.shape, fill, dtype=dtype)
    out[grid.inside] = values
    return out


def emerging_hot_spots(counts: np.ndarray, grid: Grid, neighbourhood: float, time_neighbours: int = 1,
                       weighting: str = "binary", alpha: float = 0.05, correction: str = "fdr",
                       trend_alpha: float = 0.05, step: str = "week",
                       edges: np.ndarray | None = None,
                       progress: ProgressCallback | None = None, inference: str = "automatic",
                       permutations: int = DEFAULT_PERMUTATIONS, seed: int | None = DEFAULT_SEED) -> EmergingResult:
    """Emerging hot spot analysis of a ``[n_steps, rows, cols]`` count cube.

    ``neighbourhood`` in metres, ``time_neighbours`` previous steps in the space-time
    neighbourhood, ``alpha`` the (FDR) level of a significant bin, ``trend_alpha`` that of
    the Mann-Kendall trend. ``step`` / ``edges`` only label the result (edges default to
    0, 1, 2, ...). ``progress(fraction) -> bool`` (optional) is called after every few time
    steps of the Gi* and every block of cells of the trend tests; returning False raises
    :class:`~.progress.Cancelled`. ``inference``, ``permutations``, ``seed``: the p-values of the
    bins (see :func:`space_time_gi_star`).
    """
    trend_alpha = check_probability(trend_alpha, "trend_alpha")
    counts = np.asarray(counts)
    report = ProgressReporter(progress)
    gi = space_time_gi_star(counts, grid, neighbourhood, time_neighbours, weighting,
                            progress=lambda f: report(0.4 * f), inference=inference, permutations=permutations,
                            seed=seed)
    z, moments = gi.z, gi.moments
    significant, cutoff = significant_bins(z, alpha, correction, p=gi.p)
    inference = inference_parameters(gi.test)
    del gi  # the p-values and directions of the whole cube
    hot = significant & (z > 0)
    cold = significant & (z < 0)
    del significant
    report(0.45)
    # The trend that decides is that of the neighbourhood counts (no time window: no truncated
    # first step, no overlap between successive steps), corrected for serial correlation.
    trend = neighbourhood_trend(neighbourhood_count_series(counts, grid, neighbourhood, weighting),
                                lambda f: report(0.45 + 0.3 * f))
    # Without a mask the cube is a view of the series (no copy).
    count_series = counts.reshape(counts.shape[0], -1) if grid.mask is None else counts[:, grid.inside]
    count_trend = neighbourhood_trend(count_series, lambda f: report(0.75 + 0.25 * f))
    del count_series
    codes = classify_emerging(hot, cold, trend.z, trend.p, trend_alpha)
    edges = np.arange(counts.shape[0] + 1, dtype=np.float64) if edges is None else np.asarray(edges, float)
    parameters: dict[str, Any] = {
        "method": "Emerging hot spot analysis: space-time Gi*, Mann-Kendall trend of neighbourhood counts",
        "time_step": step,
        "n_steps": int(counts.shape[0]),
        "neighbourhood_m": float(neighbourhood),
        "time_neighbours": int(time_neighbours),
        "weighting": weighting,
        "alpha": float(alpha),
        "correction": correction,
        "p_cutoff": float(cutoff) if np.isfinite(cutoff) else 0.0,
        "trend_alpha": float(trend_alpha),
        "trend_test": TREND_TEST,
        "trend_variance_factor_median": float(np.median(trend.variance_factor)) if grid.n_inside else 1.0,
        "trend_variance_factor_max": float(np.max(trend.variance_factor)) if grid.n_inside else 1.0,
        "n_cells": int(grid.n_inside),
        "n_bins": moments.n,
        "mean_count_per_bin": moments.mean,
        "sd_count_per_bin": moments.sd,
        **inference,
        "hot_bins": int(hot.sum()),
        "cold_bins": int(cold.sum()),
    }
    for category in CATEGORIES:
        parameters[f"cells_{category.name.lower().replace(' ', '_')}"] = int(np.sum(codes == category.code))
    return EmergingResult(
        grid=grid, step=step, edges=edges,
        categories=_to_map(codes, grid, OUTSIDE_CODE, np.int8),
        trend_z=_to_map(trend.z, grid, np.nan, np.float32),
        trend_p=_to_map(trend.p, grid, np.nan, np.float32),
        count_trend_z=_to_map(count_trend.z, grid, np.nan, np.float32),
        count_trend_p=_to_map(count_trend.p, grid, np.nan, np.float32),
        final_z=_to_map(z[-1], grid, np.nan, np.float32),
        hot_steps=_to_map(hot.sum(axis=0), grid, 0, np.int16),
        cold_steps=_to_map(cold.sum(axis=0), grid, 0, np.int16),
        parameters=parameters,
    )


def emerging_hot_spots_for_events(events: EventSet, grid: Grid, neighbourhood: float, step: str = "week",
                                  time_neighbours: int = 1, weighting: str = "binary", alpha: float = 0.05,
                                  correction: str = "fdr", trend_alpha: float = 0.05,
                                  start: float | None = None, end: float | None = None,
                                  min_steps: int = DEFAULT_MIN_STEPS, alignment: str = "complete",
                                  progress: ProgressCallback | None = None, inference: str = "automatic",
                                  permutations: int = DEFAULT_PERMUTATIONS,
                                  seed: int | None = DEFAULT_SEED) -> EmergingResult:
    """Build the space-time cube of ``events`` (see :func:`space_time_cube`, which also
    explains ``alignment``) and analyse it (``progress`` and the inference as in
    :func:`emerging_hot_spots`).
    ``parameters["left_out"]`` lists the spans of days of the period left out of the cube."""
    cube = space_time_cube(events, grid, step, start, end, min_steps, alignment)
    result = emerging_hot_spots(cube.counts, grid, neighbourhood, time_neighbours, weighting, alpha,
                                correction, trend_alpha, step, cube.edges, progress=progress, inference=inference,
                                permutations=permutations, seed=seed)
    first, last = cube.coverage()
    labels = cube.labels()
    result.parameters.update({
        "period_start_day": cube.start, "period_end_day": cube.end, "step_alignment": alignment,
        "first_step": labels[0], "last_step": labels[-1],
        "first_step_coverage": first, "last_step_coverage": last,
        "left_out": "; ".join(cube.left_out_labels()),
        "events_in_cube": float(cube.counts.sum(dtype=np.float64)),
    })
    return result
