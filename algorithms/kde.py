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

Edge correction (on by default in :func:`kde_surface`): a kernel near the border of the
study area (the grid's mask, or the whole grid) puts part of its mass outside, so border
cells read low, and "expected events per cell per day" no longer sums to the events.
Each event inside the study area is divided by the share of its kernel that falls on the
study-area cells, ``m(e) = sum_{c inside} K_h(c - e) * cell area`` (Jones 1993, the
renormalisation of each kernel; the SEPP background does the same, :mod:`.sepp_background`),
computed by FFT as the convolution of the study-area indicator with the kernel, read at
the event exactly as linear binning shares it: each event's mass over the study-area cells
is then exactly its weight. Diggle's (1985) correction divides the *density* at each place
by the same convolution instead; it is unbiased for a uniform pattern but does not keep
each event's mass at 1, so it is not used. Events outside the study area keep their plain
kernel (the part reaching inside counts). With the edge correction off, the mass outside
is lost.

Automatic radius (:func:`choose_radius`): likelihood cross-validation (Habbema, Hermans &
van den Broek 1974; Duin 1976; Silverman 1986, section 3.4.4). For a candidate radius ``h``,
the leave-one-out density at event ``i`` is ``f_-i = sum_{j not at e_i} w_j K_h(|e_i - e_j|) /
(W - W_i)``, ``W`` the total weight and ``W_i`` that of the events at exactly the place of
``e_i``: they are left out together, or records geocoded to one address would drive the
radius to zero. It is read off the binned density: the FFT density interpolated bilinearly at
the event, minus the event's own binned contribution, which is exact for linear binning. The
radius maximises the weighted mean of ``log((1 - a) f_-i + a / A)`` over the events: a
defensive mixture with a uniform density over the window of area ``A``, ``a`` = 5 %
(:data:`CV_UNIFORM_SHARE`), so an isolated event, which no radius predicts, costs a bounded
penalty instead of ``log 0``. On simulated hotspots over a uniform background share
(tests/benchmarks/bench_kde_cv.py) the choice is 1.5-1.9 times the radius minimising the
integrated squared error and its top 5 % cells hold as much of the true density (within 1 %);
a plain floor instead of the mixture lets the sparse events rule (2.2 times); Scott's rule is
6 times too wide. Least-squares cross-validation (Rudemo 1982; Bowman 1984) lands nearer that
radius but collapses to the smallest radius when events sit a few metres apart.
Candidates: radii at most twice apart from the largest of 1/32 of Scott's radius, one map cell
and 4 bins, up to Scott's radius, then 8 more between the neighbours of the best. The window is
the events' box within three inter-decile ranges of the 10th and 90th percentiles (stray points,
such as geocoding failures, are left out); bins are ``h / 8`` (at least 1/1024 of the window's
longer side), and the scores sum over at most 20,000 events (a fixed-seed sample beyond), so
after binning the cost is a few FFTs per radius, whatever the number of events.

Scott's rule in two dimensions, ``sigma = s * n^(-1/6)`` with a robust spread ``s`` (Scott 1992,
chapter 6; Silverman 1986, eq. 3.31), converted to each kernel's radius so that the kernel has
the same per-coordinate variance as a Gaussian of standard deviation ``sigma``
(:func:`scott_radius`), gives the largest candidate, and the radius when there are too few
events to cross-validate. It assumes one unimodal blob: on multi-hotspot crime data it
over-smooths several-fold.

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
Habbema, J. D. F., Hermans, J., & van den Broek, K. (1974). A stepwise discriminant analysis
program using density estimation. In COMPSTAT 1974, 101-110. Physica-Verlag.
Duin, R. P. W. (1976). On the choice of smoothing parameters for Parzen estimators of
probability density functions. IEEE Transactions on Computers C-25(11), 1175-1179.
Rudemo, M. (1982). Empirical choice of histograms and kernel density estimators.
Scandinavian Journal of Statistics 9(2), 65-78.
Bowman, A. W. (1984). An alternative method of cross-validation for the smoothing of density
estimates. Biometrika 71(2), 353-360.
Levine, N. (2015). CrimeStat IV, chapter 10: Kernel density interpolation.
Oppenheim, A. V., & Schafer, R. W. (2010). Discrete-Time Signal Processing, 3rd ed.
Pearson, section 8.7.2 (overlap-add block convolution).
Jones, M. C. (1993). Simple boundary correction for kernel density estimation. Statistics
and Computing 3(3), 135-146.
Diggle, P. J. (1985). A kernel method for smoothing point process data. Applied Statistics
34(2), 138-147.
Chainey, S., Tompson, L., & Uhlig, S. (2008). The utility of hotspot mapping for predicting
spatial patterns of crime. Security Journal 21, 4-28.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np
from scipy import fft, ndimage

from .convolve import (
    FFT_WORKERS,
    STRIP_FFT_ELEMENTS,
    bilinear_corners,
    convolved_and_cropped,
    linear_binning,
    strip_convolution,
)
from .events import EventSet
from .grid import Grid, check_kernel_fits
from .progress import ProgressCallback, ProgressReporter
from .surface import RiskSurface

__all__ = ["M2_PER_KM2", "UNITS", "DEFAULT_KERNEL", "EDGE_CORRECTION_NOTE", "MIN_RADIUS_IN_BINS", "MAX_BINS",
           "CV_UNIFORM_SHARE", "CV_COARSE_RATIO", "CV_REFINED_RADII", "CV_SMALLEST_SHARE",
           "CV_BINS_PER_RADIUS", "CV_MIN_BINS_PER_RADIUS", "CV_MAX_SIDE_BINS", "CV_MAX_SCORED_EVENTS",
           "CV_SEED", "CV_MIN_EVENTS", "CV_FENCE", "RadialKernel", "KERNELS", "get_kernel", "kernel_values",
           "kernel_stencil", "binning_subdivision", "binned_kernel_density", "exact_kernel_density",
           "scott_radius", "RadiusChoice", "automatic_radius", "choose_radius", "kde_surface"]

#: Square metres in a square kilometre.
M2_PER_KM2 = 1_000_000.0
#: Output units of :func:`kde_surface`, with the label a RiskSurface carries.
UNITS = {
    "per_km2": "events per km²",
    "per_cell_day": "expected events per cell per day",
}
DEFAULT_KERNEL = "quartic"
#: What the edge correction means for the values, for the surface's parameters.
EDGE_CORRECTION_NOTE = {
    True: "on: each event's kernel renormalised to its full weight within the study area (Jones 1993)",
    False: "off: kernel mass outside the grid or mask is lost, border cells read low",
}
#: Kernel evaluations per block in :func:`exact_kernel_density`.
_EXACT_BLOCK = 1 << 20
_GAUSSIAN_TRUNCATION = 4.0
#: Edge correction: an event keeping less of its kernel's mass on the study area than this is left as is.
_MIN_KEPT_MASS = 1e-9
#: Edge correction: up to this many events near the study area's edge get their kernel's mass summed
#: directly; more take one FFT convolution of the study area with the kernel.
_DIRECT_EDGE_EVENTS = 2000
#: Binning bins per radius below which cells are split into finer bins (see binning_subdivision).
MIN_RADIUS_IN_BINS = 12
#: Most bins the fast path may use when it splits cells (the FFT then needs about 200 MB).
MAX_BINS = 1 << 22

# Automatic radius by likelihood cross-validation (see the module docstring and choose_radius).
#: Share of a uniform density over the window mixed into every leave-one-out density.
CV_UNIFORM_SHARE = 0.05
#: Largest ratio of successive radii of the first, geometric, search (smallest candidate to Scott's).
CV_COARSE_RATIO = 2.0
#: Radii added, geometrically, between the neighbours of the best of the first search.
CV_REFINED_RADII = 8
#: Smallest candidate as a share of Scott's radius.
CV_SMALLEST_SHARE = 1.0 / 32.0
#: Bins per radius sought for the cross-validation, and the fewest accepted (at the finest bins).
CV_BINS_PER_RADIUS = 8
CV_MIN_BINS_PER_RADIUS = 4
#: Most bins along the longer side of the window (bounds the FFTs' memory to about 50 MB).
CV_MAX_SIDE_BINS = 1024
#: Most events whose log-likelihood is summed; beyond, a sample drawn with CV_SEED.
CV_MAX_SCORED_EVENTS = 20_000
CV_SEED = 0
#: Fewest events (weight > 0, in the window) for cross-validation; below, Scott's rule alone.
CV_MIN_EVENTS = 10
#: Window: within this many inter-decile ranges beyond the 10th and 90th percentiles.
CV_FENCE = 3.0
#: Elements of one strip's FFT in the KDE's convolutions (see :data:`.convolve.STRIP_FFT_ELEMENTS`).
_STRIP_FFT_ELEMENTS = STRIP_FFT_ELEMENTS


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
    """The kernel called ``kernel``; ValueError listing the valid names otherwise.

    Parameters
    ----------
    kernel : str
        A name of :data:`KERNELS`.

    Returns
    -------
    RadialKernel
    """
    try:
        return KERNELS[kernel]
    except (KeyError, TypeError):
        raise ValueError(f"unknown kernel {kernel!r}: use one of {', '.join(KERNELS)}") from None


def kernel_values(distance: np.ndarray, radius: float, kernel: str = DEFAULT_KERNEL) -> np.ndarray:
    """``K_h(distance)`` in 1/m² for the named kernel and radius ``h``.

    Parameters
    ----------
    distance : ndarray of float
        Metres from the event.
    radius : float
        Radius ``h`` in metres.
    kernel : str, default DEFAULT_KERNEL

    Returns
    -------
    ndarray of float64
    """
    return get_kernel(kernel).density(distance, _checked_radius(radius))


def kernel_stencil(cell_size: float, radius: float, kernel: str = DEFAULT_KERNEL) -> np.ndarray:
    """The kernel (1/m²) at integer cell offsets, rescaled so that its sum times the cell area is exactly 1.

    Each event then adds exactly its weight. At 12 cells per radius the factor is within 1e-3
    of 1, except for the uniform kernel (3 %: few cell centres sample its edge).

    Parameters
    ----------
    cell_size : float
        Metres.
    radius : float
        Metres.
    kernel : str, default DEFAULT_KERNEL

    Returns
    -------
    ndarray of float64, shape (2R + 1, 2R + 1)
        Centre at ``[R, R]``, ``R`` the kernel's reach in whole cells.
    """
    shape = get_kernel(kernel)
    reach_cells = int(math.floor(shape.reach(radius) / cell_size))
    offsets = np.arange(-reach_cells, reach_cells + 1) * cell_size
    stencil = shape.density(np.hypot(offsets[:, None], offsets[None, :]), radius)
    return stencil / (stencil.sum() * cell_size ** 2)


def binning_subdivision(grid: Grid, radius: float) -> int:
    """Odd number of bins per cell side used by :func:`binned_kernel_density`.

    Linear binning moves each event by up to half a bin, an error of order
    ``(bin / radius)^2`` of the kernel's peak; so cells are split into ``s x s`` bins,
    ``s`` odd (bin centres then include the cell centres), until the radius spans at
    least :data:`MIN_RADIUS_IN_BINS` bins, within :data:`MAX_BINS` bins in all.

    Parameters
    ----------
    grid : Grid
    radius : float
        Metres.

    Returns
    -------
    int
    """
    needed = _odd(math.ceil(MIN_RADIUS_IN_BINS * grid.cell_size / radius - 1e-9), up=True)
    affordable = _odd(math.floor(math.sqrt(MAX_BINS / grid.n_cells)), up=False)
    return max(1, min(needed, affordable))


def _odd(n: int, up: bool) -> int:
    """``n`` if odd, else the odd number above (``up``) or below it."""
    return n if n % 2 else n + 1 if up else n - 1


def binned_kernel_density(x: np.ndarray, y: np.ndarray, grid: Grid, radius: float,
                          kernel: str = DEFAULT_KERNEL, weights: np.ndarray | None = None,
                          progress: ProgressCallback | None = None,
                          study_area: np.ndarray | None = None) -> np.ndarray:
    """Density (weighted events per m²) at the cell centres, by linear binning and FFT convolution.

    Cells are split into :func:`binning_subdivision` bins per side. Events off the grid but
    within the kernel's reach count; the mask is ignored.

    Parameters
    ----------
    x, y : ndarray of float
        Event coordinates (metres).
    grid : Grid
    radius : float
        Metres; at least half a cell, or ValueError.
    kernel : str, default DEFAULT_KERNEL
    weights : ndarray of float, optional
        One per event; None for 1 each.
    progress : callable, optional
        ``progress(fraction) -> bool``, called between the convolution's strips; returning
        False raises :class:`~.progress.Cancelled`.
    study_area : ndarray of bool, shape (rows, cols), optional
        Turns the edge correction on: each event in it is divided by the share of its kernel
        that falls on its cells (see :func:`kde_surface`), so its mass over them is exactly its weight.

    Returns
    -------
    ndarray of float64, shape (rows, cols)
    """
    shape = get_kernel(kernel)
    _check_resolution(_checked_radius(radius), grid.cell_size)
    check_kernel_fits(grid, shape.reach(radius), "the kernel")
    report = ProgressReporter(progress)
    split = binning_subdivision(grid, radius)
    bins = Grid(grid.xmin, grid.ymax, grid.cell_size / split, grid.rows * split, grid.cols * split)
    if study_area is not None:
        study_area = np.asarray(study_area, dtype=bool)
        if study_area.shape != grid.shape:
            raise ValueError(f"the study area must have the grid's shape {grid.shape}, "
                             f"got {study_area.shape}")
    density = _binned_density_at_bins(x, y, bins, radius, kernel, weights, report, study_area)
    return np.ascontiguousarray(density[split // 2::split, split // 2::split])


def _binned_density_at_bins(x: np.ndarray, y: np.ndarray, bins: Grid, radius: float, kernel: str,
                            weights: np.ndarray | None,
                            report: Callable[[float], None] | None = None,
                            study_area: np.ndarray | None = None) -> np.ndarray:
    """Density at every bin centre: bin on a grid padded by the kernel's reach, convolve, crop.
    With a ``study_area`` (cells; their centres are every ``split``-th bin), events in it are
    edge-corrected first (:func:`_edge_corrected_weights`)."""
    stencil = kernel_stencil(bins.cell_size, radius, kernel)
    pad = stencil.shape[0] // 2 + 1
    padded = Grid(bins.xmin - pad * bins.cell_size, bins.ymax + pad * bins.cell_size,
                  bins.cell_size, bins.rows + 2 * pad, bins.cols + 2 * pad)
    near = _within_reach(x, y, bins, get_kernel(kernel).reach(radius))
    x, y = np.asarray(x, dtype=np.float64)[near], np.asarray(y, dtype=np.float64)[near]
    w = np.ones(x.size) if weights is None else np.asarray(weights, dtype=np.float64)[near]
    start = 0.05
    if study_area is not None:
        split = bins.rows // study_area.shape[0]
        w = _edge_corrected_weights(x, y, w, padded, pad, split, stencil, study_area,
                                    None if report is None else lambda f: report(0.5 * f))
        start = 0.5
    binned = linear_binning(x, y, padded, w)
    if report is not None:
        report(start)
    return convolved_and_cropped(binned, stencil, pad,
                                 None if report is None else lambda f: report(start + (1.0 - start) * f),
                                 strip_elements=_STRIP_FFT_ELEMENTS)


def _edge_corrected_weights(x: np.ndarray, y: np.ndarray, w: np.ndarray, padded: Grid, pad: int, split: int,
                            stencil: np.ndarray, study_area: np.ndarray,
                            report: Callable[[float], None] | None = None) -> np.ndarray:
    """Weights of the events in ``study_area`` divided by the mass their binned kernel leaves on
    its cells (Jones 1993, renormalisation of each event's kernel); others unchanged.

    The mass an event binned at bin ``b`` puts on the study-area cells is ``M(b)``, the study
    area's cell centres (every ``split``-th bin of ``padded``, from ``pad + split // 2``)
    convolved with the stencil, times the cell area; the event's mass is ``M`` interpolated
    bilinearly at it, exactly as :func:`linear_binning` shares it, so its corrected mass over
    the cells is its weight. Away from the study area's edge ``M`` only depends on where the bin
    sits between cell centres (:func:`_lattice_mass`); near it, ``M`` is summed directly for a
    few events, else read off the FFT convolution. ``report(fraction)`` (optional; it may
    raise to stop) follows the work.
    """
    cells = Grid(padded.xmin + pad * padded.cell_size, padded.ymax - pad * padded.cell_size,
                 padded.cell_size * split, study_area.shape[0], study_area.shape[1], mask=study_area)
    row, col, inside = cells.cell_of(x, y)
    inside[inside] = study_area[row[inside], col[inside]]
    if not inside.any():
        return w
    # Bin positions in the padded grid; the padding keeps every event clear of its edge, where
    # linear_binning would clip, so bilinear interpolation gives linear_binning's shares.
    rows = (padded.ymax - y[inside]) / padded.cell_size - 0.5
    cols = (x[inside] - padded.xmin) / padded.cell_size - 0.5
    first = pad + split // 2
    kept = _lattice_mass(rows, cols, first, split, stencil)
    border = _near_the_edge(study_area, row[inside], col[inside], (stencil.shape[0] // 2 + 1) // split + 2)
    n_border = int(border.sum())
    if 0 < n_border <= _DIRECT_EDGE_EVENTS:
        for done, k in enumerate(np.flatnonzero(border)):
            kept[k] = _direct_mass(rows[k], cols[k], first, split, stencil, study_area)
            if report is not None and done % 256 == 255:
                report(done / n_border)
    elif n_border:
        centres = np.zeros(padded.shape)
        centres[first:first + split * cells.rows:split, first:first + split * cells.cols:split] = study_area
        mass = strip_convolution(centres, stencil, report, strip_elements=_STRIP_FFT_ELEMENTS)
        kept[border] = ndimage.map_coordinates(mass, [rows[border], cols[border]], order=1, mode="nearest",
                                               prefilter=False)
    kept *= cells.cell_area
    kept = np.where(kept > _MIN_KEPT_MASS, kept, 1.0)  # a kernel that misses every cell stays as it is
    corrected = w.copy()
    corrected[inside] = w[inside] / kept
    return corrected


def _bilinear(rows: np.ndarray, cols: np.ndarray, value: Callable[[np.ndarray, np.ndarray], np.ndarray]
              ) -> np.ndarray:
    """``value(row, col)`` at integer bins interpolated bilinearly at fractional bin positions."""
    r0, c0 = np.floor(rows).astype(np.int64), np.floor(cols).astype(np.int64)
    fr, fc = rows - r0, cols - c0
    return ((1 - fr) * ((1 - fc) * value(r0, c0) + fc * value(r0, c0 + 1))
            + fr * ((1 - fc) * value(r0 + 1, c0) + fc * value(r0 + 1, c0 + 1)))


def _lattice_mass(rows: np.ndarray, cols: np.ndarray, first: int, split: int, stencil: np.ndarray) -> np.ndarray:
    """``M / cell area`` at fractional bin positions when every cell centre in reach is in the study
    area: the stencil summed over the lattice of centres (bins ``first + split * i``), which
    depends only on the bin's place between the centres (a ``split x split`` table)."""
    reach = stencil.shape[0] // 2
    table = np.array([[stencil[p::split, q::split].sum() for q in range(split)] for p in range(split)])
    if split == 1:
        return np.full(rows.size, table[0, 0])
    phase = (reach + first - np.arange(split)) % split
    periodic = table[np.ix_(phase, phase)]  # the mass at bin r, c is periodic[r % split, c % split]
    return ndimage.map_coordinates(periodic, [np.mod(rows, split), np.mod(cols, split)], order=1,
                                   mode="grid-wrap", prefilter=False)


def _direct_mass(row: float, col: float, first: int, split: int, stencil: np.ndarray,
                 study_area: np.ndarray) -> float:
    """``M / cell area`` at one fractional bin position, summed over the study-area centres in reach."""

    def at(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        return np.array([_window_sum(int(a), int(b), first, split, stencil, study_area) for a, b in zip(r, c)])

    return float(_bilinear(np.array([row]), np.array([col]), lambda r, c: at(r, c))[0])


def _window_sum(row: int, col: int, first: int, split: int, stencil: np.ndarray, study_area: np.ndarray) -> float:
    """Sum of the stencil over the study-area cell centres within its reach of bin (row, col)."""
    reach = stencil.shape[0] // 2

    def span(position: int, n: int) -> tuple[int, int]:
        low = max(0, -((first + reach - position) // split))  # ceil((position - reach - first) / split)
        return low, min(n, (position + reach - first) // split + 1)

    r_low, r_high = span(row, study_area.shape[0])
    c_low, c_high = span(col, study_area.shape[1])
    if r_low >= r_high or c_low >= c_high:
        return 0.0
    offset_r = reach + first + split * r_low - row
    offset_c = reach + first + split * c_low - col
    window = stencil[offset_r:offset_r + split * (r_high - r_low):split,
                     offset_c:offset_c + split * (c_high - c_low):split]
    return float(np.sum(window * study_area[r_low:r_high, c_low:c_high]))


def _near_the_edge(study_area: np.ndarray, row: np.ndarray, col: np.ndarray, reach_cells: int) -> np.ndarray:
    """True for the cells (row, col) within ``reach_cells`` cells (a square) of a cell outside the
    study area or of the grid's edge: only the kernels of events there can lose mass."""
    if study_area.all():  # only the grid's edge: a band along each side
        rows, cols = study_area.shape
        return ((row < reach_cells) | (row >= rows - reach_cells)
                | (col < reach_cells) | (col >= cols - reach_cells))
    near = ndimage.maximum_filter(~study_area, size=2 * reach_cells + 1, mode="constant", cval=True)
    return near[row, col]


def exact_kernel_density(x: np.ndarray, y: np.ndarray, grid: Grid, radius: float,
                         kernel: str = DEFAULT_KERNEL, weights: np.ndarray | None = None) -> np.ndarray:
    """``sum_j w_j K_h(|centre - e_j|)`` summed event by event (the reference for
    :func:`binned_kernel_density`).

    Each event touches only the cells within the kernel's reach; events go in blocks so memory stays bounded.

    Parameters
    ----------
    x, y, grid, radius, kernel, weights
        As in :func:`binned_kernel_density` (``kernel`` default DEFAULT_KERNEL, ``weights`` default None).

    Returns
    -------
    ndarray of float64, shape (rows, cols)
    """
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


def scott_radius(x: np.ndarray, y: np.ndarray, kernel: str = DEFAULT_KERNEL) -> tuple[float, str]:
    """Scott's rule radius in metres for ``kernel``, and a sentence describing the rule.

    ``sigma = s * n^(-1/6)`` (Scott's rule for two dimensions), where ``n`` counts the
    events (weights are not used) and ``s = min(mean(sd_x, sd_y), mean(IQR_x, IQR_y) / 1.349)``
    is a spread robust to outliers (Silverman 1986, eq. 3.31); when the IQR is 0 the
    standard deviation is used alone. It is right for one Gaussian blob and over-smooths
    clustered data; :func:`automatic_radius` uses it as the largest candidate.

    The radius ``h`` gives the kernel the per-coordinate variance ``sigma^2`` of the
    Gaussian. For a radial density ``K`` the per-coordinate variance is half the mean
    squared distance, ``E[r^2] / 2 = (1/2) * int_0^h r^2 K(r) 2 pi r dr``; with
    ``v = (r/h)^2``:

    * quartic: ``3 h^2 int_0^1 v (1-v)^2 dv = h^2/4``, so variance ``h^2/8``, ``h = sqrt(8) sigma``;
    * epanechnikov: ``2 h^2 int_0^1 v (1-v) dv = h^2/3``, variance ``h^2/6``, ``h = sqrt(6) sigma``;
    * triangular: ``6 h^2 int_0^1 u^3 (1-u) du = 0.3 h^2``, variance ``0.15 h^2``, ``h = sigma / sqrt(0.15)``;
    * uniform: ``E[r^2] = h^2/2``, variance ``h^2/4``, ``h = 2 sigma``;
    * gaussian: ``h = sigma`` (truncation at ``4h`` lowers the variance by 0.27 %).

    Parameters
    ----------
    x, y : ndarray of float
        Event coordinates (metres).
    kernel : str, default DEFAULT_KERNEL

    Returns
    -------
    radius : float
        Metres.
    rule : str
        The rule in words, with its numbers.

    Raises
    ------
    ValueError
        With fewer than 2 events or when all events share one place.
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


@dataclass(frozen=True)
class RadiusChoice:
    """The automatic radius and how it was found (see :func:`choose_radius`).

    ``radii`` (ascending) and ``scores`` hold the cross-validation curve: the weighted mean
    leave-one-out log-likelihood (log of a density per m²) of each radius tried; both are
    empty when Scott's rule was used alone. ``window`` is the (xmin, ymin, xmax, ymax) of the
    cross-validation, ``window_area`` its area in m² (the ``A`` of the defensive mixture, the
    window padded by one finest bin).
    """

    radius: float
    rule: str
    scott_radius: float
    radii: np.ndarray
    scores: np.ndarray
    events_used: int = 0
    events_scored: int = 0
    window: tuple[float, float, float, float] | None = None
    window_area: float = 0.0


class _CrossValidationData(NamedTuple):
    """Events of the cross-validation window, sorted by (x, y, weight), and what is scored."""

    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    same_place_weight: np.ndarray  # total weight of the events at each event's exact place
    scored: np.ndarray  # indices of the events whose log-likelihood is summed
    window: tuple[float, float, float, float]


def automatic_radius(x: np.ndarray, y: np.ndarray, kernel: str = DEFAULT_KERNEL,
                     weights: np.ndarray | None = None, cell_size: float | None = None) -> tuple[float, str]:
    """The automatic radius for ``kernel`` and a sentence saying how it was chosen.

    Parameters
    ----------
    x, y : ndarray of float
        Event coordinates (metres).
    kernel : str, default DEFAULT_KERNEL
    weights : ndarray of float, optional
    cell_size : float, optional
        The map's cell size (metres), the smallest candidate; None for no such floor.

    Returns
    -------
    radius : float
        Metres: ``choice.radius`` of :func:`choose_radius` (likelihood cross-validation).
    rule : str
        ``choice.rule``.
    """
    choice = choose_radius(x, y, kernel, weights, cell_size)
    return choice.radius, choice.rule


def choose_radius(x: np.ndarray, y: np.ndarray, kernel: str = DEFAULT_KERNEL,
                  weights: np.ndarray | None = None, cell_size: float | None = None,
                  progress: ProgressCallback | None = None) -> RadiusChoice:
    """Kernel radius by likelihood cross-validation over a geometric set of candidate radii.

    Parameters
    ----------
    x, y : event coordinates in metres; non-finite ones are ignored.
    kernel : one of :data:`KERNELS`.
    weights : optional event weights (>= 0); an event counts as ``w`` events, 0 drops it.
    cell_size : cell size of the map in metres, if known: no radius below one cell is tried.
    progress : optional ``progress(fraction) -> bool``, called after each candidate radius;
        returning False raises :class:`~.progress.Cancelled`.

    The candidates run geometrically, at most :data:`CV_COARSE_RATIO` apart, from the smallest
    radius (the largest of 1/32 of Scott's radius, ``cell_size`` and
    :data:`CV_MIN_BINS_PER_RADIUS` bins of the finest binning) to Scott's radius
    (:func:`scott_radius`), then :data:`CV_REFINED_RADII` more between the neighbours of the
    best one; the radius with the highest leave-one-out log-likelihood wins (see the module
    docstring). Scott's rule is used alone, and the rule says why, with fewer than
    :data:`CV_MIN_EVENTS` events or fewer than 2 places in the window, or when the smallest
    radius reaches Scott's. Deterministic: the same events, in any order, give the same radius.

    Raises ValueError with fewer than 2 events or when all events share one place.
    """
    scott, scott_rule = scott_radius(x, y, kernel)
    data = _cross_validation_data(x, y, weights)
    if data is None:
        return _scott_only(scott, scott_rule, f"fewer than {CV_MIN_EVENTS} events at 2 places or more")
    x0, y0, x1, y1 = data.window
    side = max(x1 - x0, y1 - y0)
    floors = {"1/32 of Scott's radius": CV_SMALLEST_SHARE * scott, "one map cell": cell_size or 0.0,
              "the finest binning": CV_MIN_BINS_PER_RADIUS * side / CV_MAX_SIDE_BINS}
    floor_reason, smallest = max(floors.items(), key=lambda item: item[1])
    if smallest >= scott:
        return _scott_only(scott, scott_rule, f"no smaller radius to try ({floor_reason}: {smallest:,.0f} m)")
    finest_bin = max(side / CV_MAX_SIDE_BINS, smallest / CV_BINS_PER_RADIUS)
    area = (x1 - x0 + finest_bin) * (y1 - y0 + finest_bin)
    if not (finest_bin > 0 and 0 < area < math.inf):
        return _scott_only(scott, scott_rule, "the events' extent is too small or too large to bin")
    steps = int(math.ceil(math.log(scott / smallest, CV_COARSE_RATIO) - 1e-9))
    score = _LeaveOneOutScore(data, kernel, finest_bin, area, ProgressReporter(progress),
                              n_radii=steps + 1 + CV_REFINED_RADII)
    coarse = np.geomspace(smallest, scott, steps + 1)
    scores = np.array([score(h) for h in coarse])
    best = int(np.argmax(scores))
    low, high = coarse[max(best - 1, 0)], coarse[min(best + 1, steps)]
    refined = np.geomspace(low, high, CV_REFINED_RADII + 2)[1:-1]
    radii = np.concatenate([coarse, refined])
    scores = np.concatenate([scores, [score(h) for h in refined]])
    order = np.argsort(radii, kind="stable")
    radii, scores = radii[order], scores[order]
    best = int(np.argmax(scores))
    radius = float(radii[best])
    rule = _cross_validation_rule(radius, radii, scott, data, floor_reason)
    return RadiusChoice(radius, rule, scott, radii, scores, data.x.size, data.scored.size, data.window, area)


def _scott_only(scott: float, scott_rule: str, reason: str) -> RadiusChoice:
    empty = np.zeros(0)
    return RadiusChoice(scott, f"{scott_rule} (no cross-validation: {reason})", scott, empty, empty)


def _cross_validation_rule(radius: float, radii: np.ndarray, scott: float, data: _CrossValidationData,
                           floor_reason: str) -> str:
    """The sentence of the bandwidth rule for a cross-validated radius."""
    rule = (f"likelihood cross-validation over {radii.size} radii from {radii[0]:,.0f} m to "
            f"{radii[-1]:,.0f} m: {radius:,.0f} m (Scott's rule would give {scott:,.0f} m)")
    if radius == radii[0]:
        rule += (f"; it is the smallest radius tried ({floor_reason}): the events may support a smaller one "
                 "(or many sit at nearly the same places)")
    elif radius == radii[-1]:
        rule += "; the largest radius tried, Scott's rule"
    if data.scored.size < data.x.size:
        rule += f"; scored on a fixed sample of {data.scored.size:,} of {data.x.size:,} events"
    return rule


def _cross_validation_data(x: np.ndarray, y: np.ndarray,
                           weights: np.ndarray | None) -> _CrossValidationData | None:
    """The events with a positive weight within the fences of :func:`_fenced_range`, sorted,
    with their same-place weights, the scored sample and their extent (the window); None with
    fewer than :data:`CV_MIN_EVENTS` events or 2 places."""
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    w = np.ones_like(x) if weights is None else _checked_weights(np.asarray(weights).ravel())
    if w.size != x.size or y.size != x.size:
        raise ValueError(f"got {x.size} x, {y.size} y and {w.size} weights: give one of each per event")
    keep = np.isfinite(x) & np.isfinite(y) & (w > 0)
    x, y, w = x[keep], y[keep], w[keep]
    if x.size < CV_MIN_EVENTS:
        return None
    (x0, x1), (y0, y1) = _fenced_range(x), _fenced_range(y)
    inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    order = np.lexsort((w[inside], y[inside], x[inside]))
    x, y, w = x[inside][order], y[inside][order], w[inside][order]
    window = (float(x[0]), float(y.min()), float(x[-1]), float(y.max()))
    new_place = np.concatenate([[True], (np.diff(x) != 0) | (np.diff(y) != 0)])
    place = np.cumsum(new_place) - 1
    if x.size < CV_MIN_EVENTS or place[-1] < 1:
        return None
    same_place_weight = np.bincount(place, weights=w)[place]
    scored = np.arange(x.size)
    if x.size > CV_MAX_SCORED_EVENTS:
        scored = np.sort(np.random.default_rng(CV_SEED).choice(x.size, CV_MAX_SCORED_EVENTS, replace=False))
    return _CrossValidationData(x, y, w, same_place_weight, scored, window)


def _fenced_range(values: np.ndarray) -> tuple[float, float]:
    """The range of ``values`` within :data:`CV_FENCE` inter-decile ranges of the 10th and 90th
    percentiles (the whole range when they coincide): drops stray points such as geocoding failures."""
    low, high = np.percentile(values, [10, 90])
    spread = high - low
    if not spread > 0:
        return float(values.min()), float(values.max())
    return (float(max(values.min(), low - CV_FENCE * spread)),
            float(min(values.max(), high + CV_FENCE * spread)))


class _LeaveOneOutScore:
    """``score(h)``: weighted mean of ``log((1 - a) f_-i(e_i) + a / A)`` over the scored events,
    with the leave-one-out densities read off the binned FFT density (module docstring).

    Bins are ``finest_bin * 2^k`` with the largest ``k`` keeping :data:`CV_BINS_PER_RADIUS`
    bins per radius; each bin size's binning is computed once and reused. After each score,
    ``report`` gets the share of the ``n_radii`` radii done.
    """

    def __init__(self, data: _CrossValidationData, kernel: str, finest_bin: float, window_area: float,
                 report: Callable[[float], None] | None = None, n_radii: int = 1):
        self.data = data
        self.kernel = kernel
        self.finest_bin = finest_bin
        self.window_area = window_area
        self.report = report or ProgressReporter(None)
        self.n_radii = max(n_radii, 1)
        self.n_scored = 0
        self._binnings: dict[int, tuple[Grid, np.ndarray, np.ndarray, np.ndarray]] = {}

    def __call__(self, radius: float) -> float:
        level = max(0, int(math.floor(math.log2(radius / (CV_BINS_PER_RADIUS * self.finest_bin)))))
        bins, spectrum, corners, shares = self._binning(level)
        stencil = kernel_stencil(bins.cell_size, radius, self.kernel)
        reach = stencil.shape[0] // 2
        full = fft.irfft2(spectrum * fft.rfft2(stencil, s=self._fft_shape(bins)), s=self._fft_shape(bins),
                          workers=FFT_WORKERS)
        density = full[reach:reach + bins.rows, reach:reach + bins.cols].ravel()
        d = self.data
        others = (shares * density[corners]).sum(axis=0) - d.same_place_weight[d.scored] * _own_contribution(
            corners, shares, stencil, bins.cols)
        rest = d.weight.sum() - d.same_place_weight[d.scored]
        loo = np.divide(np.maximum(others, 0.0), rest, out=np.zeros_like(rest), where=rest > 0)
        mixed = (1.0 - CV_UNIFORM_SHARE) * loo + CV_UNIFORM_SHARE / self.window_area
        w = d.weight[d.scored]
        self.n_scored += 1
        self.report(self.n_scored / self.n_radii)
        return float((w * np.log(mixed)).sum() / w.sum())

    def _binning(self, level: int) -> tuple[Grid, np.ndarray, np.ndarray, np.ndarray]:
        """Bins of ``finest_bin * 2^level``, the Fourier transform of the binned weights (zero-padded
        for the widest kernel of the level), and the corners and shares of the scored events."""
        if level not in self._binnings:
            d = self.data
            size = self.finest_bin * 2 ** level
            x0, y0, x1, y1 = d.window
            bins = Grid(x0 - 0.5 * size, y1 + 0.5 * size, size, int((y1 - y0) // size) + 2,
                        int((x1 - x0) // size) + 2)
            spectrum = fft.rfft2(linear_binning(d.x, d.y, bins, d.weight), s=self._fft_shape(bins),
                                 workers=FFT_WORKERS)
            corners, shares = bilinear_corners(d.x[d.scored], d.y[d.scored], bins)
            self._binnings[level] = (bins, spectrum, corners, shares)
        return self._binnings[level]

    def _fft_shape(self, bins: Grid) -> tuple[int, int]:
        """FFT shape for a linear convolution of the bins with any kernel of their level, whose
        radius is under ``2 * CV_BINS_PER_RADIUS`` bins (see ``__call__``)."""
        reach = int(math.ceil(get_kernel(self.kernel).support * 2 * CV_BINS_PER_RADIUS))
        return fft.next_fast_len(bins.rows + 2 * reach, True), fft.next_fast_len(bins.cols + 2 * reach, True)


def _own_contribution(corners: np.ndarray, shares: np.ndarray, stencil: np.ndarray, cols: int) -> np.ndarray:
    """Per unit weight, what an event adds to the binned density interpolated at its own place:
    ``sum_ab s_a s_b S(c_a - c_b)`` over its four corners ``c`` with bilinear shares ``s``."""
    centre = stencil.shape[0] // 2
    rows, columns = np.divmod(corners, cols)
    d_row = rows[:, None, :] - rows[None, :, :]
    d_col = columns[:, None, :] - columns[None, :, :]
    kernel_between = stencil[centre + d_row, centre + d_col]
    return (shares[:, None, :] * shares[None, :, :] * kernel_between).sum(axis=(0, 1))


def kde_surface(events: EventSet, grid: Grid, radius: float | None = None, kernel: str = DEFAULT_KERNEL,
                units: str = "per_km2", period_days: float | None = None,
                progress: ProgressCallback | None = None, edge_correction: bool = True) -> RiskSurface:
    """Kernel density hotspot surface of ``events`` on ``grid`` (NaN outside the mask).

    Parameters
    ----------
    events : the events; ``events.weight`` weights them.
    grid : the output grid. Its mask (all cells when None) is the study area: it hides the
        cells outside and, with the edge correction, bounds where each event's mass goes.
    radius : kernel radius ``h`` in metres (for the Gaussian: its standard deviation);
        ``None`` or 0 chooses it from all the events by likelihood cross-validation
        (:func:`choose_radius`, never below one cell of ``grid``).
    kernel : one of :data:`KERNELS` (default quartic).
    units : ``"per_km2"`` (events per km²) or ``"per_cell_day"`` (expected events per cell
        per day: density x cell area / ``period_days``, which must then be > 0).
    period_days : length of the period the events cover, in days (only for ``"per_cell_day"``).
    progress : optional ``progress(fraction) -> bool``, called between the radii of the
        cross-validation and the strips of the convolution; returning False raises
        :class:`~.progress.Cancelled`.
    edge_correction : True (default): each event inside the study area is renormalised so
        that its kernel's mass over the study-area cells is exactly its weight (Jones 1993);
        False: the mass falling outside the grid or mask is lost, so border cells read low.

    Returns
    -------
    RiskSurface with float32 values, ``units`` the label in :data:`UNITS`, and ``parameters``:
    ``kernel``, ``bandwidth`` ("fixed" or "automatic"), ``bandwidth_rule`` and ``scott_radius_m``
    (automatic only),
    ``radius_m``, ``cell_size_m``, ``binning_cell_m``, ``events_used`` (events within the
    kernel's reach of the grid), ``events_outside_reach``, ``total_weight`` (of the events
    used), ``units``, ``edge_correction`` and ``period_days`` (``"per_cell_day"`` only).
    """
    shape = get_kernel(kernel)
    _check_units(units, period_days)
    if len(events) == 0:
        raise ValueError("there are no events to smooth: "
                         "check the input layer, date range and category filter")
    weight = _checked_weights(events.weight)
    report = ProgressReporter(progress)
    report(0.0)
    parameters: dict = {"kernel": shape.name}
    automatic = radius is None or radius == 0
    if automatic:
        choice = choose_radius(events.x, events.y, kernel, weight, grid.cell_size,
                               progress=lambda f: report(0.5 * f))
        radius = choice.radius
        parameters.update(bandwidth="automatic", bandwidth_rule=choice.rule,
                          scott_radius_m=float(choice.scott_radius))
        _check_resolution(radius, grid.cell_size, what="the automatic radius")
    else:
        radius = _checked_radius(radius, hint=" (or 0 for an automatic radius)")
        parameters["bandwidth"] = "fixed"
    near = _within_reach(events.x, events.y, grid, shape.reach(radius))
    if not near.any():
        raise ValueError(f"none of the {len(events)} events lies within {shape.reach(radius):g} m "
                         "of the grid: check the extent and the coordinate reference system of the events")
    start = 0.5 if automatic else 0.0
    density = binned_kernel_density(events.x[near], events.y[near], grid, radius, kernel, weight[near],
                                    progress=lambda f: report(start + (1.0 - start) * f),
                                    study_area=grid.inside if edge_correction else None)
    if units == "per_km2":
        values = density * M2_PER_KM2
    else:
        values = density * grid.cell_area / period_days
        parameters["period_days"] = float(period_days)
    parameters.update(radius_m=float(radius), cell_size_m=float(grid.cell_size),
                      binning_cell_m=float(grid.cell_size / binning_subdivision(grid, radius)),
                      events_used=int(near.sum()),
                      events_outside_reach=int(len(events) - near.sum()),
                      total_weight=float(weight[near].sum()), units=units,
                      edge_correction=EDGE_CORRECTION_NOTE[bool(edge_correction)])
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
