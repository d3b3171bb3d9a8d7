"""Kernel density estimation (KDE) of crime events: the classic hotspot map.

The density at a point ``s`` is ``f(s) = sum_j w_j K_h(|s - e_j|)`` over events ``e_j``
with weights ``w_j``, for a radial kernel ``K_h`` that integrates to 1 over the plane,
so ``f`` is in (weighted) events per square metre (Silverman 1986, chapter 4; Chainey,
Tompson & Uhlig 2008).

Kernels, with ``u = r / h`` and ``h`` the radius (bandwidth), all zero for ``u >= 1``
except the Gaussian:

=============  ==============================  =====================================
name           ``K_h(r)``                       per-coordinate variance
=============  ==============================  =====================================
quartic        ``3 / (pi h^2) * (1 - u^2)^2``   ``h^2 / 8`` (default; CrimeStat, QGIS)
epanechnikov   ``2 / (pi h^2) * (1 - u^2)``     ``h^2 / 6``
triangular     ``3 / (pi h^2) * (1 - u)``       ``0.15 h^2``
uniform        ``1 / (pi h^2)``                 ``h^2 / 4``
gaussian       ``exp(-u^2 / 2) / (2 pi h^2 c)`` ``h^2`` (standard deviation ``h``)
=============  ==============================  =====================================

The Gaussian is truncated at ``r = 4h`` and renormalised by ``c = 1 - exp(-8)``
(the mass beyond ``4h``, 0.034 %, is given back to the rest), so every kernel
integrates to exactly 1.

Fast path (Wand 1994; Hall & Wand 1996): the weighted events are *linearly binned*
to the cell centres ("cloud in cell": each event is shared bilinearly between the four
nearest centres, so weights are conserved), on a grid padded by the kernel's reach so
that events just off the map still count; the binned counts are then convolved by FFT
(Silverman 1982) with the kernel sampled at integer cell offsets (rescaled to sum to
exactly 1, so each event adds exactly its weight), and the padding is cropped. After
binning, work and memory depend on the grid and the radius only. Binning moves mass by up
to half a bin, an error of order ``(bin / h)^2`` of a kernel's peak for smooth kernels
(Hall & Wand 1996; of order ``bin / h`` near the kinks of the epanechnikov, triangular and
uniform kernels): about 3 % of the map's maximum for a quartic radius of 4 cells on
clustered data. So when the radius spans fewer than 12 cells, each cell is split into
``s x s`` bins (``s`` odd) for the binning and convolution, and the density is read at the
bins that sit on the cell centres (:func:`binning_subdivision`).
:func:`exact_kernel_density` sums the kernel over events directly (the reference).

Automatic radius: Scott's rule in two dimensions, ``sigma = s * n^(-1/6)`` with a robust
spread ``s`` (Scott 1992, chapter 6; Silverman 1986, eq. 3.31), converted to each kernel's
radius so that the kernel has the same per-coordinate variance as a Gaussian of standard
deviation ``sigma``; see :func:`automatic_radius`.

References
----------
Silverman, B. W. (1982). Algorithm AS 176: Kernel density estimation using the fast
Fourier transform. Applied Statistics 31(1), 93-99.
Silverman, B. W. (1986). Density Estimation for Statistics and Data Analysis. Chapman & Hall.
Scott, D. W. (1992). Multivariate Density Estimation. Wiley.
Wand, M. P. (1994). Fast computation of multivariate kernel estimators. Journal of
Computational and Graphical Statistics 3(4), 433-445.
Hall, P., & Wand, M. P. (1996). On the accuracy of binned kernel density estimators.
Journal of Multivariate Analysis 56(2), 165-184.
Levine, N. (2015). CrimeStat IV, chapter 10: Kernel density interpolation.
Chainey, S., Tompson, L., & Uhlig, S. (2008). The utility of hotspot mapping for predicting
spatial patterns of crime. Security Journal 21, 4-28.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.signal import fftconvolve

from .events import EventSet
from .grid import Grid
from .surface import RiskSurface

#: Square metres in a square kilometre.
M2_PER_KM2 = 1_000_000.0
#: Output units of :func:`kde_surface`, with the label a RiskSurface carries.
UNITS = {
    "per_km2": "events per km²",
    "per_cell_day": "expected events per cell per day",
}
DEFAULT_KERNEL = "quartic"
#: Events binned per block, to bound the binning's temporary memory.
_BINNING_BLOCK = 1 << 18
#: Kernel evaluations per block in :func:`exact_kernel_density`.
_EXACT_BLOCK = 1 << 20
_GAUSSIAN_TRUNCATION = 4.0
#: Binning bins per radius below which cells are split into finer bins (see binning_subdivision).
MIN_RADIUS_IN_BINS = 12
#: Most bins the fast path may use when it splits cells (the FFT then needs about 200 MB).
MAX_BINS = 1 << 22


@dataclass(frozen=True)
class RadialKernel:
    """A 2-D radial kernel ``K_h(r) = norm / h^2 * profile(r / h)`` for ``r < support * h``."""

    name: str
    profile: Callable[[np.ndarray], np.ndarray]
    norm: float
    support: float  # reach in units of h
    radius_per_sigma: float  # h / sigma for the per-coordinate variance of N(0, sigma^2)

    def density(self, distance: np.ndarray, radius: float) -> np.ndarray:
        """Kernel value (per square metre) at ``distance`` metres from the event."""
        u = np.asarray(distance, dtype=np.float64) / radius
        inside = u < self.support
        values = np.zeros_like(u)
        values[inside] = self.profile(u[inside]) * (self.norm / radius ** 2)
        return values

    def reach(self, radius: float) -> float:
        """Distance in metres beyond which the kernel is zero."""
        return self.support * radius


KERNELS: dict[str, RadialKernel] = {
    kernel.name: kernel
    for kernel in (
        RadialKernel("quartic", lambda u: (1.0 - u * u) ** 2, 3.0 / math.pi, 1.0, math.sqrt(8.0)),
        RadialKernel("epanechnikov", lambda u: 1.0 - u * u, 2.0 / math.pi, 1.0, math.sqrt(6.0)),
        RadialKernel("triangular", lambda u: 1.0 - u, 3.0 / math.pi, 1.0, 1.0 / math.sqrt(0.15)),
        RadialKernel("uniform", np.ones_like, 1.0 / math.pi, 1.0, 2.0),
        RadialKernel("gaussian", lambda u: np.exp(-0.5 * u * u),
                     1.0 / (2.0 * math.pi * -math.expm1(-0.5 * _GAUSSIAN_TRUNCATION ** 2)),
                     _GAUSSIAN_TRUNCATION, 1.0),
    )
}


def get_kernel(kernel: str) -> RadialKernel:
    """The kernel called ``kernel``; ValueError listing the valid names otherwise."""
    try:
        return KERNELS[kernel]
    except (KeyError, TypeError):
        raise ValueError(f"unknown kernel {kernel!r}: use one of {', '.join(KERNELS)}") from None


def kernel_values(distance: np.ndarray, radius: float, kernel: str = DEFAULT_KERNEL) -> np.ndarray:
    """``K_h(distance)`` in 1/m² for the named kernel and radius ``h`` (metres)."""
    return get_kernel(kernel).density(distance, _checked_radius(radius))


def kernel_stencil(cell_size: float, radius: float, kernel: str = DEFAULT_KERNEL) -> np.ndarray:
    """The kernel (1/m²) at integer cell offsets: a square ``[2R+1, 2R+1]`` array, centre at ``[R, R]``,
    rescaled so that its sum times the cell area is exactly 1 (each event then adds exactly
    its weight). At 12 cells per radius the factor is within 1e-3 of 1, except for the
    uniform kernel (3 %: few cell centres sample its edge)."""
    shape = get_kernel(kernel)
    reach_cells = int(math.floor(shape.reach(radius) / cell_size))
    offsets = np.arange(-reach_cells, reach_cells + 1) * cell_size
    stencil = shape.density(np.hypot(offsets[:, None], offsets[None, :]), radius)
    return stencil / (stencil.sum() * cell_size ** 2)


def linear_binning(x: np.ndarray, y: np.ndarray, grid: Grid, weights: np.ndarray | None = None) -> np.ndarray:
    """Float64 ``[rows, cols]``: the (weighted) events shared bilinearly among cell centres.

    An event on the grid goes to the four centres around it with the bilinear
    ("cloud in cell") shares, which sum to its weight; an event between the outermost
    centres and the grid's edge goes to the outermost centres. Events off the grid
    (same edge rule as :meth:`Grid.cell_of`) or with non-finite coordinates are ignored,
    so the result sums to the total weight of the events on the grid. The mask is ignored.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    binned = np.zeros(grid.n_cells)
    for start in range(0, x.size, _BINNING_BLOCK):
        block = slice(start, start + _BINNING_BLOCK)
        _bin_block(x[block], y[block], w[block], grid, binned)
    return binned.reshape(grid.shape)


def _bin_block(x: np.ndarray, y: np.ndarray, w: np.ndarray, grid: Grid, binned: np.ndarray) -> None:
    """Add one block of events to the flat ``binned`` array (see :func:`linear_binning`)."""
    on_grid = (x >= grid.xmin) & (x < grid.xmax) & (y >= grid.ymin) & (y < grid.ymax)
    x, y, w = x[on_grid], y[on_grid], w[on_grid]
    col0, col1, share_col = _bilinear_axis((x - grid.xmin) / grid.cell_size - 0.5, grid.cols)
    row0, row1, share_row = _bilinear_axis((grid.ymax - y) / grid.cell_size - 0.5, grid.rows)
    index = np.concatenate([row0 * grid.cols + col0, row0 * grid.cols + col1,
                            row1 * grid.cols + col0, row1 * grid.cols + col1])
    shares = np.concatenate([(1 - share_row) * (1 - share_col), (1 - share_row) * share_col,
                             share_row * (1 - share_col), share_row * share_col]) * np.tile(w, 4)
    binned += np.bincount(index, weights=shares, minlength=binned.size)


def _bilinear_axis(position: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower and upper centre index and the upper share for positions in centre units."""
    position = np.clip(position, 0.0, n - 1.0)
    lower = np.minimum(np.floor(position), max(n - 2, 0)).astype(np.int64)
    upper = np.minimum(lower + 1, n - 1)
    return lower, upper, position - lower


def binning_subdivision(grid: Grid, radius: float) -> int:
    """Odd number of bins per cell side used by :func:`binned_kernel_density`.

    Linear binning moves each event by up to half a bin, an error of order
    ``(bin / radius)^2`` of the kernel's peak; so cells are split into ``s x s`` bins,
    ``s`` odd (bin centres then include the cell centres), until the radius spans at
    least :data:`MIN_RADIUS_IN_BINS` bins, within :data:`MAX_BINS` bins in all.
    """
    needed = _odd(math.ceil(MIN_RADIUS_IN_BINS * grid.cell_size / radius - 1e-9), up=True)
    affordable = _odd(math.floor(math.sqrt(MAX_BINS / grid.n_cells)), up=False)
    return max(1, min(needed, affordable))


def _odd(n: int, up: bool) -> int:
    """``n`` if odd, else the odd number above (``up``) or below it."""
    return n if n % 2 else n + 1 if up else n - 1


def binned_kernel_density(x: np.ndarray, y: np.ndarray, grid: Grid, radius: float,
                          kernel: str = DEFAULT_KERNEL, weights: np.ndarray | None = None) -> np.ndarray:
    """Float64 ``[rows, cols]`` density (weighted events per m²) at the cell centres, by
    linear binning (to :func:`binning_subdivision` bins per cell side) and FFT convolution.
    Events off the grid but within the kernel's reach count; the mask is ignored.
    Raises ValueError when the radius is under half a cell."""
    get_kernel(kernel)
    _check_resolution(_checked_radius(radius), grid.cell_size)
    split = binning_subdivision(grid, radius)
    bins = Grid(grid.xmin, grid.ymax, grid.cell_size / split, grid.rows * split, grid.cols * split)
    density = _binned_density_at_bins(x, y, bins, radius, kernel, weights)
    return np.ascontiguousarray(density[split // 2::split, split // 2::split])


def _binned_density_at_bins(x: np.ndarray, y: np.ndarray, bins: Grid, radius: float, kernel: str,
                            weights: np.ndarray | None) -> np.ndarray:
    """Density at every bin centre: bin on a grid padded by the kernel's reach, convolve, crop."""
    stencil = kernel_stencil(bins.cell_size, radius, kernel)
    pad = stencil.shape[0] // 2 + 1
    padded = Grid(bins.xmin - pad * bins.cell_size, bins.ymax + pad * bins.cell_size,
                  bins.cell_size, bins.rows + 2 * pad, bins.cols + 2 * pad)
    near = _within_reach(x, y, bins, get_kernel(kernel).reach(radius))
    w = None if weights is None else np.asarray(weights, dtype=np.float64)[near]
    binned = linear_binning(np.asarray(x)[near], np.asarray(y)[near], padded, w)
    return convolved_and_cropped(binned, stencil, pad)


def convolved_and_cropped(binned: np.ndarray, stencil: np.ndarray, pad: int) -> np.ndarray:
    """``binned`` convolved with ``stencil`` by FFT, cropped by ``pad`` cells on each side.

    FFT round-off leaves tiny values (either sign) where the result is zero; they are set to 0.
    The round-off is measured against the largest value of the whole padded result: the cropped
    part may hold nothing but round-off (events near the grid whose kernel reaches no cell centre).
    """
    full = fftconvolve(binned, stencil, mode="same")
    noise = 1e-12 * float(np.abs(full).max(initial=0.0))
    cropped = full[pad:-pad, pad:-pad]
    return np.where(cropped > noise, cropped, 0.0)


def exact_kernel_density(x: np.ndarray, y: np.ndarray, grid: Grid, radius: float,
                         kernel: str = DEFAULT_KERNEL, weights: np.ndarray | None = None) -> np.ndarray:
    """Float64 ``[rows, cols]``: ``sum_j w_j K_h(|centre - e_j|)`` summed event by event
    (the reference for :func:`binned_kernel_density`). Each event touches only the cells
    within the kernel's reach; events go in blocks so memory stays bounded."""
    shape = get_kernel(kernel)
    radius = _checked_radius(radius)
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    near = _within_reach(x, y, grid, shape.reach(radius))
    x, y, w = x[near], y[near], w[near]
    reach = int(math.ceil(shape.reach(radius) / grid.cell_size)) + 1
    window = np.arange(-reach, reach + 1)
    d_row, d_col = (a.ravel() for a in np.meshgrid(window, window, indexing="ij"))
    xs, ys = grid.centres()
    density = np.zeros(grid.n_cells)
    block = max(1, _EXACT_BLOCK // d_row.size)
    for start in range(0, x.size, block):
        bx, by, bw = x[start:start + block, None], y[start:start + block, None], w[start:start + block, None]
        row = np.floor((grid.ymax - by) / grid.cell_size).astype(np.int64) + d_row
        col = np.floor((bx - grid.xmin) / grid.cell_size).astype(np.int64) + d_col
        keep = (row >= 0) & (row < grid.rows) & (col >= 0) & (col < grid.cols)
        row, col = row[keep], col[keep]
        distance = np.hypot(np.broadcast_to(bx, keep.shape)[keep] - xs[col],
                            np.broadcast_to(by, keep.shape)[keep] - ys[row])
        contribution = shape.density(distance, radius) * np.broadcast_to(bw, keep.shape)[keep]
        density += np.bincount(row * grid.cols + col, weights=contribution, minlength=grid.n_cells)
    return density.reshape(grid.shape)


def automatic_radius(x: np.ndarray, y: np.ndarray, kernel: str = DEFAULT_KERNEL) -> tuple[float, str]:
    """Scott's rule radius in metres for ``kernel``, and a sentence describing the rule.

    ``sigma = s * n^(-1/6)`` (Scott's rule for two dimensions), where ``n`` counts the
    events (weights are not used) and ``s = min(mean(sd_x, sd_y), mean(IQR_x, IQR_y) / 1.349)``
    is a spread robust to outliers (Silverman 1986, eq. 3.31); when the IQR is 0 the
    standard deviation is used alone.

    The radius ``h`` gives the kernel the per-coordinate variance ``sigma^2`` of the
    Gaussian. For a radial density ``K`` the per-coordinate variance is half the mean
    squared distance, ``E[r^2] / 2 = (1/2) * int_0^h r^2 K(r) 2 pi r dr``; with
    ``v = (r/h)^2``:

    * quartic: ``3 h^2 int_0^1 v (1-v)^2 dv = h^2/4``, so variance ``h^2/8``, ``h = sqrt(8) sigma``;
    * epanechnikov: ``2 h^2 int_0^1 v (1-v) dv = h^2/3``, variance ``h^2/6``, ``h = sqrt(6) sigma``;
    * triangular: ``6 h^2 int_0^1 u^3 (1-u) du = 0.3 h^2``, variance ``0.15 h^2``, ``h = sigma / sqrt(0.15)``;
    * uniform: ``E[r^2] = h^2/2``, variance ``h^2/4``, ``h = 2 sigma``;
    * gaussian: ``h = sigma`` (truncation at ``4h`` lowers the variance by 0.27 %).

    Raises ValueError with fewer than 2 events or when all events share one place.
    """
    shape = get_kernel(kernel)
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    finite = np.isfinite(x) & np.isfinite(y)
    x, y = x[finite], y[finite]
    n = x.size
    if n < 2:
        raise ValueError(f"an automatic radius needs at least 2 events, got {n}: "
                         "select more events or give the radius in metres")
    sd = 0.5 * (np.std(x, ddof=1) + np.std(y, ddof=1))
    iqr = 0.5 * sum(float(np.subtract(*np.percentile(v, [75, 25]))) for v in (x, y))
    spread = min(sd, iqr / 1.349) if iqr > 0 else sd
    if not spread > 0:
        raise ValueError("all events are at the same place, so no automatic radius can be derived: "
                         "give the radius in metres")
    sigma = spread * n ** (-1.0 / 6.0)
    radius = float(shape.radius_per_sigma * sigma)
    rule = (f"Scott's rule: sigma = {spread:.1f} m x {n}^(-1/6) = {sigma:.1f} m; "
            f"{shape.name} radius = {shape.radius_per_sigma:.4f} x sigma = {radius:.1f} m")
    return radius, rule


def kde_surface(events: EventSet, grid: Grid, radius: float | None = None, kernel: str = DEFAULT_KERNEL,
                units: str = "per_km2", period_days: float | None = None) -> RiskSurface:
    """Kernel density hotspot surface of ``events`` on ``grid`` (NaN outside the mask).

    Parameters
    ----------
    events : the events; ``events.weight`` weights them.
    grid : the output grid. Its mask does not change the density, only hides cells.
    radius : kernel radius ``h`` in metres (for the Gaussian: its standard deviation);
        ``None`` or 0 chooses it by :func:`automatic_radius` from all the events.
    kernel : one of :data:`KERNELS` (default quartic).
    units : ``"per_km2"`` (events per km²) or ``"per_cell_day"`` (expected events per cell
        per day: density x cell area / ``period_days``, which must then be > 0).
    period_days : length of the period the events cover, in days (only for ``"per_cell_day"``).

    Returns
    -------
    RiskSurface with float32 values, ``units`` the label in :data:`UNITS`, and ``parameters``:
    ``kernel``, ``bandwidth`` ("fixed" or "automatic"), ``bandwidth_rule`` (automatic only),
    ``radius_m``, ``cell_size_m``, ``binning_cell_m``, ``events_used`` (events within the
    kernel's reach of the grid), ``events_outside_reach``, ``total_weight`` (of the events
    used), ``units`` and ``period_days`` (``"per_cell_day"`` only).
    """
    shape = get_kernel(kernel)
    _check_units(units, period_days)
    if len(events) == 0:
        raise ValueError("there are no events to smooth: "
                         "check the input layer, date range and category filter")
    weight = _checked_weights(events.weight)
    parameters: dict = {"kernel": shape.name}
    if radius is None or radius == 0:
        radius, rule = automatic_radius(events.x, events.y, kernel)
        parameters.update(bandwidth="automatic", bandwidth_rule=rule)
        _check_resolution(radius, grid.cell_size, what="the automatic radius")
    else:
        radius = _checked_radius(radius, hint=" (or 0 for an automatic radius)")
        parameters["bandwidth"] = "fixed"
    near = _within_reach(events.x, events.y, grid, shape.reach(radius))
    if not near.any():
        raise ValueError(f"none of the {len(events)} events lies within {shape.reach(radius):g} m "
                         "of the grid: check the extent and the coordinate reference system of the events")
    density = binned_kernel_density(events.x[near], events.y[near], grid, radius, kernel, weight[near])
    if units == "per_km2":
        values = density * M2_PER_KM2
    else:
        values = density * grid.cell_area / period_days
        parameters["period_days"] = float(period_days)
    parameters.update(radius_m=float(radius), cell_size_m=float(grid.cell_size),
                      binning_cell_m=float(grid.cell_size / binning_subdivision(grid, radius)),
                      events_used=int(near.sum()),
                      events_outside_reach=int(len(events) - near.sum()),
                      total_weight=float(weight[near].sum()), units=units)
    return RiskSurface(values=values.astype(np.float32), grid=grid, units=UNITS[units], parameters=parameters)


def _check_units(units: str, period_days: float | None) -> None:
    if units not in UNITS:
        raise ValueError(f"unknown units {units!r}: use one of {', '.join(UNITS)}")
    if units == "per_cell_day" and not (period_days is not None and math.isfinite(period_days)
                                        and period_days > 0):
        raise ValueError(f"units 'per_cell_day' need the length of the period in days (> 0), "
                         f"got {period_days}: give period_days or use units 'per_km2'")


def _checked_radius(radius: float | None, hint: str = "") -> float:
    if radius is None or not (math.isfinite(radius) and radius > 0):
        raise ValueError(f"the kernel radius must be a positive number of metres, got {radius}: "
                         f"give a radius > 0{hint}")
    return float(radius)


def _check_resolution(radius: float, cell_size: float, what: str = "a radius") -> None:
    if radius < 0.5 * cell_size:
        raise ValueError(f"the grid is too coarse for {what} of {radius:g} m (cells of {cell_size:g} m): "
                         f"use cells of at most {2 * radius:g} m or a radius of at least {cell_size / 2:g} m")


def _checked_weights(weight: np.ndarray) -> np.ndarray:
    weight = np.asarray(weight, dtype=np.float64)
    bad = ~(np.isfinite(weight) & (weight >= 0))
    if bad.any():
        raise ValueError(f"{int(bad.sum())} event weights are negative or missing: "
                         "use a weight field with values >= 0 or drop those events")
    return weight


def _within_reach(x: np.ndarray, y: np.ndarray, grid: Grid, reach: float) -> np.ndarray:
    """True for events whose coordinates are finite and within ``reach`` of the grid's rectangle."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return ((x >= grid.xmin - reach) & (x <= grid.xmax + reach)
            & (y >= grid.ymin - reach) & (y <= grid.ymax + reach))
