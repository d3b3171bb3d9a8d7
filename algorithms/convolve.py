"""The binning and FFT-convolution engine behind the kernel densities (KDE, near repeat).

Events are shared among cell centres by linear ("cloud in cell") binning (Silverman 1982;
Wand 1994; Hall & Wand 1996), and the binned counts are convolved with a kernel's stencil
by FFT in strips of rows (overlap-add; Oppenheim & Schafer 2010, section 8.7.2), so memory
stays bounded and a cancel is noticed between strips.

References
----------
Silverman, B. W. (1982). Algorithm AS 176: Kernel density estimation using the fast
Fourier transform. Applied Statistics 31(1), 93-99.
Wand, M. P. (1994). Fast computation of multivariate kernel estimators. Journal of
Computational and Graphical Statistics 3(4), 433-445.
Hall, P., & Wand, M. P. (1996). On the accuracy of binned kernel density estimators.
Journal of Multivariate Analysis 56(2), 165-184.
Oppenheim, A. V., & Schafer, R. W. (2010). Discrete-Time Signal Processing, 3rd ed.
Pearson, section 8.7.2 (overlap-add block convolution).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy import fft

from .grid import Grid

__all__ = ["BINNING_BLOCK", "FFT_WORKERS", "STRIP_FFT_ELEMENTS", "bilinear_corners", "convolved_and_cropped",
           "linear_binning", "strip_convolution"]

#: Events binned per block, to bound the binning's temporary memory.
BINNING_BLOCK = 1 << 18
#: Threads of the FFTs.
FFT_WORKERS = 2
#: Elements of one strip's FFT in :func:`strip_convolution` (about 0.1-0.3 s of work each, so a
#: cancel is noticed promptly; 32 MB of real input per strip).
STRIP_FFT_ELEMENTS = 1 << 22
#: Fewest rows of a strip, in kernel reaches: the rows each strip adds for the overlap cost at most 50 %.
STRIP_MIN_REACHES = 4


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
    for start in range(0, x.size, BINNING_BLOCK):
        block = slice(start, start + BINNING_BLOCK)
        _bin_block(x[block], y[block], w[block], grid, binned)
    return binned.reshape(grid.shape)


def _bin_block(x: np.ndarray, y: np.ndarray, w: np.ndarray, grid: Grid, binned: np.ndarray) -> None:
    """Add one block of events to the flat ``binned`` array (see :func:`linear_binning`)."""
    on_grid = (x >= grid.xmin) & (x < grid.xmax) & (y >= grid.ymin) & (y < grid.ymax)
    corners, shares = bilinear_corners(x[on_grid], y[on_grid], grid)
    binned += np.bincount(corners.ravel(), weights=(shares * w[on_grid]).ravel(), minlength=binned.size)


def bilinear_corners(x: np.ndarray, y: np.ndarray, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices ``[4, n]`` of the four cell centres around each point (on the grid) and
    their bilinear shares ``[4, n]``, which sum to 1 (see :func:`linear_binning`)."""
    col0, col1, share_col = _bilinear_axis((x - grid.xmin) / grid.cell_size - 0.5, grid.cols)
    row0, row1, share_row = _bilinear_axis((grid.ymax - y) / grid.cell_size - 0.5, grid.rows)
    corners = np.stack([row0 * grid.cols + col0, row0 * grid.cols + col1,
                        row1 * grid.cols + col0, row1 * grid.cols + col1])
    shares = np.stack([(1 - share_row) * (1 - share_col), (1 - share_row) * share_col,
                       share_row * (1 - share_col), share_row * share_col])
    return corners, shares


def _bilinear_axis(position: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower and upper centre index and the upper share for positions in centre units."""
    position = np.clip(position, 0.0, n - 1.0)
    lower = np.minimum(np.floor(position), max(n - 2, 0)).astype(np.int64)
    upper = np.minimum(lower + 1, n - 1)
    return lower, upper, position - lower


def convolved_and_cropped(binned: np.ndarray, stencil: np.ndarray, pad: int,
                          report: Callable[[float], None] | None = None,
                          strip_elements: int = STRIP_FFT_ELEMENTS) -> np.ndarray:
    """``binned`` convolved with ``stencil`` by FFT, cropped by ``pad`` cells on each side.

    FFT round-off leaves tiny values (either sign) where the result is zero; they are set to 0.
    The round-off is measured against the largest value of the whole padded result: the cropped
    part may hold nothing but round-off (events near the grid whose kernel reaches no cell centre).
    ``report(fraction)`` (optional) is called after each strip of :func:`strip_convolution`.
    """
    full = strip_convolution(binned, stencil, report, strip_elements)
    noise = 1e-12 * float(np.abs(full).max(initial=0.0))
    cropped = full[pad:-pad, pad:-pad]
    return np.where(cropped > noise, cropped, 0.0)


def strip_convolution(values: np.ndarray, stencil: np.ndarray,
                      report: Callable[[float], None] | None = None,
                      strip_elements: int = STRIP_FFT_ELEMENTS) -> np.ndarray:
    """``values`` convolved with an odd-sized ``stencil``, centred (the shape of ``values``, like
    ``scipy.signal.fftconvolve(values, stencil, mode="same")``), by overlap-add over row strips.

    Each strip of rows is convolved in full by FFT (the stencil's spectrum is computed once)
    and added to the rows it reaches, ``stencil.shape[0] // 2`` beyond each side (Oppenheim &
    Schafer 2010, section 8.7.2); all-zero strips are skipped, as they add nothing. Strips keep
    each FFT near ``strip_elements`` elements, so memory stays bounded and
    ``report(fraction of rows done)`` (optional; it may raise to stop) is called every fraction
    of a second.
    """
    values = np.asarray(values, dtype=np.float64)
    rows, cols = values.shape
    reach_rows, reach_cols = stencil.shape[0] // 2, stencil.shape[1] // 2
    fft_cols = fft.next_fast_len(cols + 2 * reach_cols, True)
    strip = min(rows, max(STRIP_MIN_REACHES * 2 * reach_rows, strip_elements // fft_cols, 1))
    fft_shape = (fft.next_fast_len(strip + 2 * reach_rows, True), fft_cols)
    kernel_spectrum = fft.rfft2(stencil, s=fft_shape, workers=FFT_WORKERS)
    result = np.zeros((rows, cols))
    for first in range(0, rows, strip):
        last = min(rows, first + strip)
        part = values[first:last]
        if part.any():
            spectrum = fft.rfft2(part, s=fft_shape, workers=FFT_WORKERS)
            convolved = fft.irfft2(spectrum * kernel_spectrum, s=fft_shape, workers=FFT_WORKERS)
            top = first - reach_rows  # row of ``result`` that the strip's full convolution starts at
            low, high = max(top, 0), min(rows, last + reach_rows)
            result[low:high] += convolved[low - top:high - top, reach_cols:reach_cols + cols]
        if report is not None:
            report(last / rows)
    return result
