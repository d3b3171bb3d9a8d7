"""Emerging hot spot analysis: space-time Gi* and Mann-Kendall trends per cell.

The method follows ArcGIS "Create Space Time Cube" and "Emerging Hot Spot Analysis".

1. **Space-time cube.** Events are counted per grid cell and calendar time step (day,
   week from Monday, calendar month, quarter or year; see :mod:`.timesteps`). At least
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
3. **Trends.** The Mann-Kendall test is run on each cell's series of Gi* z-scores (the
   trend that decides intensifying / diminishing, significant at ``trend_alpha``, 5 % by
   default) and, for information, on each cell's series of counts.
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
Mann (1945), Kendall (1975) and Benjamini & Hochberg (1995): in :mod:`.stats`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

import numpy as np
from scipy.special import ndtri

from .events import EventSet
from .gistar import (
    CORRECTIONS, DEFAULT_SEED, Moments, check_choice, gi_star_z, inference_parameters, neighbourhood_kernel,
    neighbourhood_sums, weight_sums,
)
from .inference import (
    DEFAULT_PERMUTATIONS, TailTest, Transform, check_inference, neighbourhood_test, reuses_sums, reweighted_kernel,
    spatial_makeups,
)
from .grid import Grid
from .progress import ProgressCallback, ProgressReporter
from .stats import MannKendall, check_probability, fdr_cutoff, fdr_cutoff_from_z, mann_kendall, two_sided_p
from .surface import RiskSurface
from .timesteps import check_step, event_period, step_edges, step_labels, step_of

#: Fewest time steps accepted by default (Mann-Kendall's normal approximation needs about 10).
DEFAULT_MIN_STEPS = 10

#: Category code of cells outside the study area in :attr:`EmergingResult.categories`.
OUTSIDE_CODE = -128

#: Time steps whose spatial sums are computed together in :func:`space_time_gi_star`.
_GI_STEP_BATCH = 8
#: Pairs of time steps compared per block of cells by :func:`_mann_kendall_by_blocks` (a block
#: takes a fraction of a second, so a cancel is noticed promptly).
_TREND_BLOCK_PAIRS = 1 << 24

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
    Category(3, "Intensifying hot spot", f"Hot {_MOSTLY} and its Gi* z-scores rise: significant upward "
             "Mann-Kendall trend.", "#a50f15"),
    Category(4, "Persistent hot spot", f"Hot {_MOSTLY} with no significant trend in its Gi* z-scores.",
             "#de2d26"),
    Category(5, "Diminishing hot spot", f"Hot {_MOSTLY} and its Gi* z-scores fall: significant downward "
             "Mann-Kendall trend.", "#fc9272"),
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
    Category(-3, "Intensifying cold spot", f"Cold {_MOSTLY} and its Gi* z-scores fall (ever colder): "
             "significant downward Mann-Kendall trend.", "#08306b"),
    Category(-4, "Persistent cold spot", f"Cold {_MOSTLY} with no significant trend in its Gi* z-scores.",
             "#2171b5"),
    Category(-5, "Diminishing cold spot", f"Cold {_MOSTLY} and its Gi* z-scores rise (less cold): "
             "significant upward Mann-Kendall trend.", "#9ecae1"),
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

    @property
    def n_steps(self) -> int:
        return int(self.counts.shape[0])

    def labels(self) -> list[str]:
        return step_labels(self.edges, self.step)

    def coverage(self) -> tuple[float, float]:
        """Share of the first and of the last step that lies inside the analysis period."""
        first = (min(self.edges[1], self.end) - self.start) / (self.edges[1] - self.edges[0])
        last = (self.end - max(self.edges[-2], self.start)) / (self.edges[-1] - self.edges[-2])
        return float(first), float(last)


def space_time_cube(events: EventSet, grid: Grid, step: str = "week", start: float | None = None,
                    end: float | None = None, min_steps: int = DEFAULT_MIN_STEPS) -> SpaceTimeCube:
    """Count (weighted) events per calendar ``step`` and cell of ``grid`` over ``[start, end)``.

    ``start`` / ``end`` are days since 1970-01-01 (default: the first event's day to the
    day after the last event). Steps are calendar steps, so the first and last may be
    only partly inside the period (see :meth:`SpaceTimeCube.coverage`). Raises ValueError
    with fewer than ``min_steps`` steps.
    """
    check_step(step)
    if not events.has_times:
        raise ValueError("emerging hot spot analysis needs a date for every event: "
                         "drop the undated ones first")
    start, end = event_period(events, start, end)
    edges = step_edges(start, end, step)
    n_steps = edges.size - 1
    if n_steps < min_steps:
        raise ValueError(
            f"the period {step_labels(edges, step)[0]} to {step_labels(edges, step)[-1]} gives {n_steps} "
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
                         step=step, edges=edges, start=start, end=end)


class SpaceTimeGi(NamedTuple):
    """Space-time Gi* of a cube: z-scores and p-values ``[n_steps, n_inside]`` (float32), the
    cube's moments and the inference that gave the p-values."""

    z: np.ndarray
    moments: Moments
    p: np.ndarray
    test: TailTest


def _space_time_sums(counts: np.ndarray, inside: np.ndarray, kernel: np.ndarray, time_neighbours: int,
                     transform: Transform, report: Report | None = None, dtype=np.float64) -> np.ndarray:
    """``[n_steps, n_inside]`` sums of ``transform(counts)`` over each bin's space-time neighbourhood:
    ``kernel`` in space, the step itself and the ``time_neighbours`` previous ones in time
    (``dtype`` float32 holds whole sums below 2**24 exactly, with half the memory)."""
    n_steps = counts.shape[0]
    out = np.empty((n_steps, int(inside.sum())), dtype=dtype)
    carried = np.zeros((0, out.shape[1]))  # spatial sums of the previous steps
    for first in range(0, n_steps, _GI_STEP_BATCH):
        part = slice(first, min(n_steps, first + _GI_STEP_BATCH))
        spatial = neighbourhood_sums(np.where(inside, transform(counts[part]), 0.0), kernel)[:, inside]
        window = np.concatenate([carried, spatial])
        running = np.cumsum(window, axis=0)
        lagged = np.zeros_like(running)
        lagged[time_neighbours + 1:] = running[:-time_neighbours - 1]
        out[part] = (running - lagged)[carried.shape[0]:]
        carried = window[max(0, window.shape[0] - time_neighbours):] if time_neighbours else carried
        if report is not None:
            report(part.stop / n_steps)
    return out


def space_time_gi_star(counts: np.ndarray, grid: Grid, neighbourhood: float, time_neighbours: int = 1,
                       weighting: str = "binary", progress: ProgressCallback | None = None,
                       inference: str = "automatic", permutations: int = DEFAULT_PERMUTATIONS,
                       seed: int | None = DEFAULT_SEED) -> SpaceTimeGi:
    """Space-time Gi* z-scores and p-values of a ``[n_steps, rows, cols]`` cube.

    Returns a :class:`SpaceTimeGi`: ``z`` and ``p`` are float32 ``[n_steps, n_inside]`` (the
    cells inside the mask in row-major order). p-values come from :mod:`.inference` (the
    neighbourhood of a bin spans cells x time steps; the null draws from all bins of the cube),
    chosen by ``inference`` (exact by default on counts). ``progress(fraction) -> bool``
    (optional) is called after every few time steps; returning False raises
    :class:`~.progress.Cancelled`.
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
    factor = (np.minimum(np.arange(n_steps), time_neighbours) + 1.0)[:, None]  # steps in each window
    local = _space_time_sums(counts, inside, kernel, time_neighbours, Transform(), lambda f: report(0.6 * f))
    z = gi_star_z(local, factor * w_sum[inside], factor * w2_sum[inside], moments).astype(np.float32)
    whole = bool(np.all(local == np.rint(local)) and np.abs(local).max() < 1 << 24)
    local = local.astype(np.float32) if whole else None  # kept (exactly) for the exact test's sums
    weights, spatial = spatial_makeups(inside, kernel)
    del w_sum, w2_sum

    def kernel_sum(transform: Transform, class_weights: np.ndarray) -> np.ndarray:
        if local is not None and reuses_sums(transform, weights, class_weights):
            return local  # the sums already made (the engine rounds them)
        return _space_time_sums(counts, inside, reweighted_kernel(kernel, weights, class_weights), time_neighbours,
                                transform, dtype=np.float32 if transform.rounded else np.float64)

    test = neighbourhood_test(counts[:, inside], weights, spatial.over_time(time_neighbours, n_steps), kernel_sum,
                              z, inference, permutations, seed, p_dtype=np.float32)
    report(1.0)
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
        n_tests = sum(int(np.isfinite(p[row]).sum()) for row in range(p.shape[0]))
        small = np.concatenate([row[row <= alpha] for row in p]) if p.shape[0] else np.zeros(0)
        cutoff = fdr_cutoff(small, alpha, n_tests=max(n_tests, 1)) if correction == "fdr" else alpha
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
    ``trend_z`` / ``trend_p`` the Mann-Kendall z and p-value of each cell's Gi* z series.
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
    trend_z: np.ndarray  # float32 [rows, cols]: Mann-Kendall z of the Gi* z series
    trend_p: np.ndarray
    count_trend_z: np.ndarray  # Mann-Kendall z of the count series
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
        return RiskSurface(self.trend_z, self.grid, "Mann-Kendall z of the Gi* z-score series",
                           dict(self.parameters))


def _to_map(values: np.ndarray, grid: Grid, fill: float, dtype) -> np.ndarray:
    out = np.full(grid.shape, fill, dtype=dtype)
    out[grid.inside] = values
    return out


def emerging_hot_spots(counts: np.ndarray, grid: Grid, neighbourhood: float, time_neighbours: int = 1,
                       weighting: str = "binary", alpha: float = 0.05, correction: str = "fdr",
                       trend_alpha: float = 0.05, step: str = "week",
                       edges: np.ndarray | None = None,
                       progress: ProgressCallback | None = None) -> EmergingResult:
    """Emerging hot spot analysis of a ``[n_steps, rows, cols]`` count cube.

    ``neighbourhood`` in metres, ``time_neighbours`` previous steps in the space-time
    neighbourhood, ``alpha`` the (FDR) level of a significant bin, ``trend_alpha`` that of
    the Mann-Kendall trend. ``step`` / ``edges`` only label the result (edges default to
    0, 1, 2, ...). ``progress(fraction) -> bool`` (optional) is called after every few time
    steps of the Gi* and every block of cells of the trend tests; returning False raises
    :class:`~.progress.Cancelled`.
    """
    trend_alpha = check_probability(trend_alpha, "trend_alpha")
    counts = np.asarray(counts)
    report = ProgressReporter(progress)
    gi = space_time_gi_star(counts, grid, neighbourhood, time_neighbours, weighting,
                            progress=lambda f: report(0.4 * f))
    z, moments = gi.z, gi.moments
    significant, cutoff = significant_bins(z, alpha, correction, p=gi.p)
    hot = significant & (z > 0)
    cold = significant & (z < 0)
    del significant
    report(0.45)
    gi_trend = _mann_kendall_by_blocks(np.nan_to_num(z, copy=False), lambda f: report(0.45 + 0.3 * f))
    # Without a mask the cube is a view of the series (no copy).
    count_series = counts.reshape(counts.shape[0], -1) if grid.mask is None else counts[:, grid.inside]
    count_trend = _mann_kendall_by_blocks(count_series, lambda f: report(0.75 + 0.25 * f))
    del count_series
    codes = classify_emerging(hot, cold, gi_trend.z, gi_trend.p, trend_alpha)
    edges = np.arange(counts.shape[0] + 1, dtype=np.float64) if edges is None else np.asarray(edges, float)
    parameters: dict[str, Any] = {
        "method": "Emerging hot spot analysis (space-time Gi* + Mann-Kendall)",
        "time_step": step,
        "n_steps": int(counts.shape[0]),
        "neighbourhood_m": float(neighbourhood),
        "time_neighbours": int(time_neighbours),
        "weighting": weighting,
        "alpha": float(alpha),
        "correction": correction,
        "p_cutoff": float(cutoff) if np.isfinite(cutoff) else 0.0,
        "trend_alpha": float(trend_alpha),
        "n_cells": int(grid.n_inside),
        "n_bins": moments.n,
        "mean_count_per_bin": moments.mean,
        "sd_count_per_bin": moments.sd,
        **inference_parameters(gi.test),
        "hot_bins": int(hot.sum()),
        "cold_bins": int(cold.sum()),
    }
    for category in CATEGORIES:
        parameters[f"cells_{category.name.lower().replace(' ', '_')}"] = int(np.sum(codes == category.code))
    return EmergingResult(
        grid=grid, step=step, edges=edges,
        categories=_to_map(codes, grid, OUTSIDE_CODE, np.int8),
        trend_z=_to_map(gi_trend.z, grid, np.nan, np.float32),
        trend_p=_to_map(gi_trend.p, grid, np.nan, np.float32),
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
                                  min_steps: int = DEFAULT_MIN_STEPS,
                                  progress: ProgressCallback | None = None) -> EmergingResult:
    """Build the space-time cube of ``events`` (see :func:`space_time_cube`) and analyse it
    (``progress`` as in :func:`emerging_hot_spots`)."""
    cube = space_time_cube(events, grid, step, start, end, min_steps)
    result = emerging_hot_spots(cube.counts, grid, neighbourhood, time_neighbours, weighting, alpha,
                                correction, trend_alpha, step, cube.edges, progress=progress)
    first, last = cube.coverage()
    labels = cube.labels()
    result.parameters.update({
        "period_start_day": cube.start, "period_end_day": cube.end,
        "first_step": labels[0], "last_step": labels[-1],
        "first_step_coverage": first, "last_step_coverage": last,
        "events_in_cube": float(cube.counts.sum(dtype=np.float64)),
    })
    return result
