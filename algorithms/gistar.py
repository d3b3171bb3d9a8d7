"""Getis-Ord Gi* hot spot statistic on a grid of counts.

For cell ``i`` with neighbourhood weights ``w_ij`` (the cell itself included),

    Gi* z_i = (sum_j w_ij x_j - xbar W_i) / (s * sqrt((n S1_i - W_i^2) / (n - 1)))

with ``W_i = sum_j w_ij``, ``S1_i = sum_j w_ij^2``, ``n`` the number of cells in the study
area, ``xbar`` their mean count and ``s^2 = sum_j x_j^2 / n - xbar^2`` (Ord & Getis 1995,
eq. 14 with the self-weight of Getis & Ord 1992). Under the null of no spatial association
``z_i`` is approximately standard normal, but on sparse, skewed counts that approximation
is far too optimistic in the upper tail (false hot spots). p-values are two-sided and by
default exact: see :mod:`.inference`, which also says when cold spots cannot appear.

Neighbourhood: the cells whose centres lie within ``neighbourhood`` metres of the cell's
centre, the cell itself included. Weights:

* ``binary``: ``w = 1`` for every neighbour;
* ``inverse_distance``: ``w = cell_size / max(d, cell_size)``, i.e. ``1/d`` in cell units
  with distances floored at one cell: the cell itself and its four edge neighbours weigh 1,
  diagonal neighbours ``1/sqrt(2)``, a cell three cells away ``1/3``. (Flooring at one cell
  keeps the self-weight comparable to the nearest neighbours'; the z-score does not depend
  on the unit of the weights.)

Cells outside the grid's mask are not part of the study area: they are left out of ``n``,
``xbar``, ``s`` and of every neighbourhood, which is therefore truncated at the mask and at
the grid edge. ``W_i`` and ``S1_i`` per cell are the neighbourhood sums of the mask, so the
whole grid is computed with three FFT convolutions (two for binary weights), no loops.

Significance classes (the usual "Gi_Bin"): +3 / +2 / +1 are hot spots at 99 / 95 / 90 %
confidence, -3 / -2 / -1 cold spots, 0 not significant. With ``correction="fdr"`` (the
default) the Benjamini-Hochberg adjusted p-value ``q`` of each cell (over all cells of the
study area) replaces its p-value: a cell is in class +-3 when ``q <= 0.01``, +-2 when
``q <= 0.05``, +-1 when ``q <= 0.10``, the sign being the sign of ``z``. This is exactly
running the BH procedure three times, at FDR levels 0.01, 0.05 and 0.10, and keeping for
each cell the strictest level at which it is discovered. With ``correction="none"`` the
raw two-sided p-values are compared with 0.01 / 0.05 / 0.10. The direction (hot or cold)
is the smaller tail of the test (in practice the sign of ``z``).

References
----------
Getis, A., & Ord, J. K. (1992). The analysis of spatial association by use of distance
statistics. Geographical Analysis 24(3), 189-206.
Ord, J. K., & Getis, A. (1995). Local spatial autocorrelation statistics: distributional
issues and an application. Geographical Analysis 27(4), 286-306.
Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1), 289-300.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
from scipy.signal import fftconvolve

from .events import EventSet
from .grid import Grid, check_kernel_fits
from .inference import (
    DEFAULT_PERMUTATIONS, TailTest, Transform, neighbourhood_test, reuses_sums, reweighted_kernel, spatial_makeups,
)
from .stats import benjamini_hochberg
from .surface import RiskSurface

__all__ = ["WEIGHTINGS", "CORRECTIONS", "GI_CLASSES", "CLASS_LEVELS", "DEFAULT_SEED", "check_choice",
           "neighbourhood_kernel", "neighbourhood_sums", "weight_sums", "Moments", "gi_star_z", "gi_classes",
           "GiStarResult", "gi_star", "spatial_test", "inference_parameters", "gi_star_for_events"]

WEIGHTINGS = ("binary", "inverse_distance")
CORRECTIONS = ("fdr", "none")

#: The 7 Gi* classes: (code, key, label, conventional colour).
GI_CLASSES = (
    (3, "hot_99", "Hot spot, 99% confidence", "#d62f27"),
    (2, "hot_95", "Hot spot, 95% confidence", "#ed7551"),
    (1, "hot_90", "Hot spot, 90% confidence", "#fab984"),
    (0, "not_significant", "Not significant", "#f7f7f7"),
    (-1, "cold_90", "Cold spot, 90% confidence", "#c0ccbe"),
    (-2, "cold_95", "Cold spot, 95% confidence", "#849eba"),
    (-3, "cold_99", "Cold spot, 99% confidence", "#4575b5"),
)

#: Significance levels of the classes 3, 2, 1.
CLASS_LEVELS = (0.01, 0.05, 0.10)

#: Values of float surfaces a convolution should give exactly 0 may carry FFT round-off.
_ROUND_OFF = 1e-9

#: Seed of the permutation inference when none is given.
DEFAULT_SEED = 42

#: Values per chunk when computing moments of large stacks.
_MOMENT_CHUNK = 1 << 21

#: Ceiling on the memory of one batch of FFT convolutions (bytes).
_FFT_BATCH_BYTES = 128 * 1024 * 1024


def check_choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}: use one of {', '.join(allowed)}")
    return value


def neighbourhood_kernel(grid: Grid, neighbourhood: float, weighting: str = "binary") -> np.ndarray:
    """Square ``[2r+1, 2r+1]`` array of neighbourhood weights, centred on the cell itself."""
    check_choice(weighting, WEIGHTINGS, "weighting")
    if not (np.isfinite(neighbourhood) and neighbourhood >= grid.cell_size):
        raise ValueError(
            f"the neighbourhood ({neighbourhood} m) must be at least one cell size ({grid.cell_size:g} m), "
            "or Gi* only sees the cell itself: give a larger neighbourhood distance"
        )
    rows, cols, dist = grid.index_offsets(neighbourhood)
    reach = int(np.abs(rows).max())
    kernel = np.zeros((2 * reach + 1, 2 * reach + 1))
    if weighting == "binary":
        weights = np.ones(dist.size)
    else:
        weights = grid.cell_size / np.maximum(dist, grid.cell_size)
    kernel[rows + reach, cols + reach] = weights
    return kernel


def neighbourhood_sums(values: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """``sum_j w_ij values_j`` for every cell of the last two axes (zero beyond the grid edge).

    Leading axes (e.g. time) are processed in batches to bound memory. The kernel is
    symmetric, so convolution and correlation agree.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 2:
        return fftconvolve(values, kernel, mode="same")
    out = np.empty(values.shape)
    padded = (values.shape[-2] + kernel.shape[0]) * (values.shape[-1] + kernel.shape[1]) * 16 * 3
    batch = max(1, _FFT_BATCH_BYTES // padded)
    for start in range(0, values.shape[0], batch):
        part = slice(start, start + batch)
        out[part] = fftconvolve(values[part], kernel[None], mode="same", axes=(-2, -1))
    return out


def weight_sums(inside: np.ndarray, kernel: np.ndarray, weighting: str) -> tuple[np.ndarray, np.ndarray]:
    """``W_i`` and ``S1_i`` of every cell: its neighbourhood truncated at the mask and grid edge."""
    mask = inside.astype(np.float64)
    if weighting == "binary":  # integer sums: drop the FFT round-off; S1 = W
        w_sum = np.rint(neighbourhood_sums(mask, kernel))
        return w_sum, w_sum
    return neighbourhood_sums(mask, kernel), neighbourhood_sums(mask, kernel * kernel)


@dataclass(frozen=True)
class Moments:
    """Study-area moments of the values: count ``n``, mean and ``s`` (population SD)."""

    n: int
    mean: float
    sd: float

    @classmethod
    def of(cls, values: np.ndarray, what: str = "cells") -> "Moments":
        """Moments of all ``values`` (any shape, any float dtype), in float64 chunks."""
        flat = np.asarray(values).ravel()
        starts = range(0, flat.size, _MOMENT_CHUNK)
        return cls.of_parts(lambda: (flat[a:a + _MOMENT_CHUNK] for a in starts), what)

    @classmethod
    def of_parts(cls, parts: Callable[[], Iterable[np.ndarray]], what: str = "cells") -> "Moments":
        """Moments of the values of all the arrays ``parts()`` yields (called twice: two passes),
        so that a large stack never needs a float64 copy."""
        n, total, low, high = 0, 0.0, np.inf, -np.inf
        for part in parts():
            if not np.all(np.isfinite(part)):
                raise ValueError(f"the {what} of the study area hold NaN or infinite counts: "
                                 "fill them (e.g. with 0)")
            n += part.size
            if part.size:
                total += float(part.sum(dtype=np.float64))
                low, high = min(low, float(part.min())), max(high, float(part.max()))
        if n < 2:
            raise ValueError(f"Gi* needs at least 2 {what} in the study area, got {n}: "
                             "enlarge the extent or the mask")
        mean = total / n
        if low == high:
            raise ValueError(
                f"all {n} {what} of the study area hold the same count ({mean:g}): Gi* needs counts "
                "that vary; check the events fall inside the grid and mask, or use more events, "
                "a larger extent or smaller cells"
            )
        squares = sum(float(((part.astype(np.float64) - mean) ** 2).sum()) for part in parts())
        return cls(n=n, mean=mean, sd=float(np.sqrt(squares / n)))


def gi_star_z(local_sum: np.ndarray, w_sum: np.ndarray, w2_sum: np.ndarray, moments: Moments) -> np.ndarray:
    """Gi* z-scores from the neighbourhood sums of values, weights and squared weights.

    NaN where the variance is zero (a neighbourhood that covers the whole study area
    with equal weights).
    """
    n = moments.n
    spread = (n * w2_sum - w_sum * w_sum) / (n - 1)
    spread = np.where(spread > _ROUND_OFF * np.maximum(1.0, w2_sum), spread, np.nan)
    return (local_sum - moments.mean * w_sum) / (moments.sd * np.sqrt(spread))


def gi_classes(z: np.ndarray, p_for_classes: np.ndarray, direction: np.ndarray | None = None) -> np.ndarray:
    """int8 classes -3..3 from the (adjusted) p-values and the direction of each test (+1 hot,
    -1 cold; the sign of ``z`` when not given), 0 where either is NaN."""
    level = np.zeros(z.shape, dtype=np.int8)
    for code, threshold in zip((3, 2, 1), CLASS_LEVELS):
        level = np.where((level == 0) & (p_for_classes <= threshold), np.int8(code), level)
    sign = np.sign(np.nan_to_num(z)) if direction is None else np.where(np.isnan(z), 0, direction)
    return (level * sign).astype(np.int8)


@dataclass
class GiStarResult:
    """Gi* of every cell of ``grid``; float arrays are NaN and classes 0 outside the mask."""

    grid: Grid
    z: np.ndarray  # float64 [rows, cols]
    p: np.ndarray  # two-sided p-values
    p_adjusted: np.ndarray  # BH adjusted p-values (equal to p with correction "none")
    classes: np.ndarray  # int8 [rows, cols], -3..3
    parameters: dict[str, Any] = field(default_factory=dict)
    test: TailTest | None = None  # the inference that gave p (method, lowest cold-spot p-value)

    def z_surface(self) -> RiskSurface:
        return RiskSurface(self.z.astype(np.float32), self.grid, "Gi* z-score", dict(self.parameters))

    def class_surface(self) -> RiskSurface:
        return RiskSurface(self.classes.astype(np.float32), self.grid,
                           "Gi* class (-3 cold 99% ... +3 hot 99%)", dict(self.parameters))

    def class_rows(self) -> list[dict[str, Any]]:
        """One table row per class: code, label, colour, number of cells."""
        inside = self.classes[self.grid.inside]
        return [{"class": code, "key": key, "label": label, "colour": colour,
                 "cells": int(np.sum(inside == code))}
                for code, key, label, colour in GI_CLASSES]


def gi_star(counts: np.ndarray, grid: Grid, neighbourhood: float, weighting: str = "binary",
            correction: str = "fdr", inference: str = "automatic", permutations: int = DEFAULT_PERMUTATIONS,
            seed: int | None = DEFAULT_SEED) -> GiStarResult:
    """Gi* z-scores, p-values and classes of a ``[rows, cols]`` count (or value) grid.

    ``neighbourhood`` is a distance in metres (at least one cell size), ``weighting``
    ``"binary"`` or ``"inverse_distance"``, ``correction`` ``"fdr"`` or ``"none"``;
    ``inference``, ``permutations`` and ``seed`` choose how p-values are computed
    (see :mod:`.inference`).
    """
    check_choice(correction, CORRECTIONS, "correction")
    counts = np.asarray(counts, dtype=np.float64)
    if counts.shape != grid.shape:
        raise ValueError(f"counts shape {counts.shape} does not match the grid {grid.shape}")
    inside = grid.inside
    check_kernel_fits(grid, neighbourhood, "the neighbourhood")
    kernel = neighbourhood_kernel(grid, neighbourhood, weighting)
    moments = Moments.of(counts[inside])
    local_sum = neighbourhood_sums(np.where(inside, counts, 0.0), kernel)
    w_sum, w2_sum = weight_sums(inside, kernel, weighting)
    z = np.where(inside, gi_star_z(local_sum, w_sum, w2_sum, moments), np.nan)
    if np.all(np.isnan(z[inside])):
        raise ValueError(
            f"the neighbourhood ({neighbourhood:g} m) covers the whole study area from every cell, "
            "so Gi* is undefined: use a smaller neighbourhood distance"
        )
    test = spatial_test(counts, inside, kernel, z[inside], inference, permutations, seed, local_sum[inside])
    p = np.full(grid.shape, np.nan)
    p[inside] = test.p
    direction = np.zeros(grid.shape, dtype=np.int8)
    direction[inside] = test.direction
    p_adjusted = benjamini_hochberg(p)[1] if correction == "fdr" else p.copy()
    classes = np.where(inside, gi_classes(z, p_adjusted, direction), 0).astype(np.int8)
    parameters = {
        "method": "Getis-Ord Gi*",
        "neighbourhood_m": float(neighbourhood),
        "weighting": weighting,
        "self_weight": 1.0,
        "neighbours_in_full_neighbourhood": int(np.count_nonzero(kernel)),
        "correction": correction,
        "n_cells": moments.n,
        "mean_count": moments.mean,
        "sd_count": moments.sd,
        "undefined_cells": int(np.isnan(z[inside]).sum()),
        **inference_parameters(test),
    }
    for code, key, _, _ in GI_CLASSES:
        parameters[f"cells_{key}"] = int(np.sum(classes[inside] == code))
    return GiStarResult(grid=grid, z=z, p=p, p_adjusted=p_adjusted, classes=classes, parameters=parameters,
                        test=test)


def spatial_test(counts: np.ndarray, inside: np.ndarray, kernel: np.ndarray, z: np.ndarray, inference: str,
                 permutations: int, seed: int | None, local_sum: np.ndarray | None = None) -> TailTest:
    """p-values of the Gi* of the cells ``inside`` (``z`` their z-scores, ``local_sum`` their plain
    neighbourhood sums when already computed), see :mod:`.inference`."""
    weights, makeups = spatial_makeups(inside, kernel)

    def kernel_sum(transform: Transform, class_weights: np.ndarray) -> np.ndarray:
        if local_sum is not None and reuses_sums(transform, weights, class_weights):
            return local_sum
        values = np.where(inside, transform(counts), 0.0)
        return neighbourhood_sums(values, reweighted_kernel(kernel, weights, class_weights))[inside]

    return neighbourhood_test(counts[inside], weights, makeups, kernel_sum, z, inference, permutations, seed)


def inference_parameters(test: TailTest) -> dict[str, Any]:
    """What the log says about the inference: method, its settings, the lowest cold p-value."""
    return {"inference_method": test.method, **test.details, "lowest_possible_cold_spot_p": test.lowest_cold_p,
            "cold_spots_possible": test.cold_spots_possible}


def gi_star_for_events(events: EventSet, grid: Grid, neighbourhood: float, weighting: str = "binary",
                       correction: str = "fdr", inference: str = "automatic",
                       permutations: int = DEFAULT_PERMUTATIONS, seed: int | None = DEFAULT_SEED) -> GiStarResult:
    """Gi* of the (weighted) event counts per cell of ``grid``; see :func:`gi_star`."""
    counts = grid.count(events.x, events.y, events.weight)
    result = gi_star(counts, grid, neighbourhood, weighting, correction, inference, permutations, seed)
    result.parameters["n_events"] = int(len(events))
    result.parameters["events_in_study_area"] = float(counts.sum())
    return result
