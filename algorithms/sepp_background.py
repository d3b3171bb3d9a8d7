"""The background of a SEPP on a grid: each event's kernel, integrated exactly over the cells.

The background rate of :mod:`.sepp` is a weighted kernel estimate (the "variable weighted
kernel estimate" of Zhuang, Ogata & Vere-Jones 2002, used for crime by Mohler et al.
2011): each event ``j`` spreads its background weight ``w_j`` (its probability of
being a background event) as a Gaussian of standard deviation ``h_j`` around its place,
integrated over each cell, so the rate of a cell is ``sum_j w_j K_j(cell) / T``:

* **adaptive bandwidths** (:func:`adaptive_bandwidths`): ``h_j`` is the distance from event
  ``j`` to its ``k``-th nearest neighbouring event, at least half a cell: narrow kernels where
  events are dense (sharp hotspots), wide ones where they are sparse (no spiky overfit);
* **fixed bandwidths**: the same ``h`` for every event;
* **one rate per cell** (``h = 0``, the PredPol grid of Mohler et al. 2015): the kernel is
  the event's own cell.

Each kernel is cut at four standard deviations, separable (a product of two 1-D Gaussian
cell shares, normal CDF differences) and renormalised to the part of it inside the
study-area mask, so every event keeps its whole weight inside (the usual edge correction
of kernel estimates; Diggle 1985). :class:`GridKernels` holds them as two sparse matrices
(events x rows, events x columns): the rate map is ``rows^T diag(w) columns``, so memory
and work grow with events x kernel width, not events x cells.

Held-out periods: an event's own kernel, and those of its repeats (which follow it within
days and metres), add to the background at its own place, so EM explains part of every
cluster of repeats as background (self-attribution: ``theta`` too low, worse as the kernels
narrow). The window is cut into :data:`HELD_OUT_PERIODS` equal periods and the rate at
each event, in the E-step, is estimated from the events of the other periods only
(:meth:`GridKernels.rates`): leave-one-out likelihood cross-validation of a density
estimate (Silverman 1986, section 3.4.4) with the left-out unit grown from one event to a
period, as in blocked cross-validation of dependent data (Burman, Chow & Nolan 1994). The
background is constant in time, so the other periods estimate it without bias; the
rate map used for forecasting is estimated from every period. With one rate per cell
nothing is held out: a cell whose events all fall in one period would have no rate left.

References
----------
Zhuang, J., Ogata, Y., & Vere-Jones, D. (2002). Stochastic declustering of space-time
earthquake occurrences. JASA 97(458), 369-380.
Mohler, G. O., Short, M. B., Brantingham, P. J., Schoenberg, F. P., & Tita, G. E. (2011).
Self-exciting point process modeling of crime. JASA 106(493), 100-108.
Mohler, G. O. et al. (2015). Randomized controlled field trials of predictive policing.
JASA 110(512), 1399-1411.
Diggle, P. J. (1985). A kernel method for smoothing point process data. Applied Statistics
34(2), 138-147.
Silverman, B. W. (1986). Density Estimation for Statistics and Data Analysis. Chapman & Hall.
Burman, P., Chow, E., & Nolan, D. (1994). A cross-validatory method for dependent data.
Biometrika 81(2), 351-358.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree
from scipy.special import ndtr

from .grid import Grid
from .pairs import THREADS

__all__ = ["KERNEL_REACH", "MIN_BANDWIDTH_CELLS", "MASS_BLOCK", "HELD_OUT_PERIODS", "adaptive_bandwidths",
           "GridKernels", "grid_kernels", "period_bounds", "PLACE_REACH", "PLACE_GRAIN",
           "PlaceKernels", "stacked_share"]

#: Kernels are cut at this many standard deviations.
KERNEL_REACH = 4.0
#: Narrowest adaptive bandwidth, in cells: below it the kernel is nearly the event's own cell.
MIN_BANDWIDTH_CELLS = 0.5
#: Events per block when the kernels' mass inside the mask is summed.
MASS_BLOCK = 8192
#: The fitting window is cut into this many periods for the held-out rates.
HELD_OUT_PERIODS = 10
#: The background's same-place part reaches this many standard deviations of the offset between two
#: records of one place (28 m at a 5 m precision; its density there is exp(-8) of its peak, far below the
#: kernels' of tens of metres).
PLACE_REACH = 4.0
#: Events whose coordinates agree to this many metres share a place.
PLACE_GRAIN = 0.01


def adaptive_bandwidths(x: np.ndarray, y: np.ndarray, neighbours: int, minimum: float) -> np.ndarray:
    """Distance in metres from each event to its ``neighbours``-th nearest other event, at
    least ``minimum`` (events at the same place are at distance 0)."""
    points = np.column_stack([np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)])
    k = min(int(neighbours), len(points) - 1)
    if k < 1:
        return np.full(len(points), float(minimum))
    distance, _ = cKDTree(points).query(points, k=k + 1, workers=THREADS)
    return np.maximum(distance[:, -1], minimum)


def _axis_shares(position: np.ndarray, width: np.ndarray, own: np.ndarray, n: int) -> sparse.csr_matrix:
    """Sparse [events, n] shares of 1-D Gaussians over the cells ``[i, i + 1)`` of an axis.

    ``position`` and ``width`` (standard deviation) are in cells; width 0 puts everything
    in the event's ``own`` cell.
    """
    reach = KERNEL_REACH * width
    smooth = width > 0
    first = np.where(smooth, np.clip(np.floor(position - reach).astype(np.int64), 0, own), own)
    last = np.where(smooth, np.clip(np.floor(position + reach).astype(np.int64), own, n - 1), own)
    counts = last - first + 1
    indptr = np.concatenate([[0], np.cumsum(counts)])
    index = np.repeat(first, counts) + (np.arange(indptr[-1]) - np.repeat(indptr[:-1], counts))
    centre, spread = np.repeat(position, counts), np.repeat(width, counts)
    shares = np.ones(index.size)
    smooth = spread > 0
    shares[smooth] = (ndtr((index[smooth] + 1 - centre[smooth]) / spread[smooth])
                      - ndtr((index[smooth] - centre[smooth]) / spread[smooth]))
    return sparse.csr_matrix((shares, index, indptr), shape=(position.size, n))


def _inside_mass(rows: sparse.csr_matrix, cols: sparse.csr_matrix, inside: np.ndarray) -> np.ndarray:
    """Share of each separable kernel ``rows[j] x cols[j]`` that falls in the mask's cells."""
    if inside.all():
        return np.asarray(rows.sum(axis=1)).ravel() * np.asarray(cols.sum(axis=1)).ravel()
    mask = inside.astype(np.float64)
    mass = np.empty(rows.shape[0])
    for first in range(0, rows.shape[0], MASS_BLOCK):
        block = slice(first, first + MASS_BLOCK)
        mass[block] = np.asarray(cols[block].multiply(rows[block] @ mask).sum(axis=1)).ravel()
    return mass


@dataclass(frozen=True)
class _PeriodKernels:
    """The kernels of the events of one period, ready for ``rows_t diag(w) cols``."""

    rows_t: sparse.csr_matrix  # [grid rows, events of the period], over each kernel's mass inside the mask
    cols: sparse.csr_matrix  # [events of the period, grid cols]

    def spread(self, weights: np.ndarray) -> np.ndarray:
        rows_t = self.rows_t
        scaled = sparse.csr_matrix((rows_t.data * weights[rows_t.indices], rows_t.indices, rows_t.indptr),
                                   shape=rows_t.shape)
        return (scaled @ self.cols).toarray()


@dataclass(frozen=True)
class GridKernels:
    """Each event's background kernel over the grid's cells, normalised inside the mask, by period."""

    periods: tuple[_PeriodKernels, ...]
    bounds: np.ndarray  # events bounds[p] to bounds[p + 1] (in time order) fall in period p
    cell: np.ndarray  # flat index of each event's own cell
    bandwidth: np.ndarray  # metres; 0 = the event's own cell
    inside: np.ndarray  # the grid's mask

    def spread(self, weights: np.ndarray) -> np.ndarray:
        """``sum_j weights_j K_j``: weighted events per cell, [rows, cols], zero outside the mask."""
        weights = np.asarray(weights, dtype=np.float64)
        total = np.zeros(self.inside.shape)
        for period, first, last in zip(self.periods, self.bounds[:-1], self.bounds[1:]):
            total += period.spread(weights[first:last])
        return np.where(self.inside, total, 0.0)

    def rates(self, weights: np.ndarray, exposure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Background rates from the events' background ``weights``, given the length of each
        period in ``exposure`` (days, or the integral of the seasonal factor over it).

        Returns the rate per cell over the whole window, [rows, cols], and for each event the
        rate of its own cell estimated from the other periods only.
        """
        weights = np.asarray(weights, dtype=np.float64)
        total = np.zeros(self.inside.size)
        own_period = np.empty(weights.size)
        for period, first, last in zip(self.periods, self.bounds[:-1], self.bounds[1:]):
            part = period.spread(weights[first:last]).ravel()
            own_period[first:last] = part[self.cell[first:last]]
            total += part
        others = np.maximum(exposure.sum() - np.repeat(exposure, np.diff(self.bounds)), np.finfo(float).tiny)
        held_out = np.maximum(total[self.cell] - own_period, 0.0) / others
        return np.where(self.inside, total.reshape(self.inside.shape), 0.0) / exposure.sum(), held_out


def grid_kernels(x: np.ndarray, y: np.ndarray, grid: Grid, bandwidth: np.ndarray,
                 bounds: np.ndarray | None = None) -> GridKernels:
    """The kernels of events at ``(x, y)`` (inside the grid's mask) with Gaussian standard
    deviations ``bandwidth`` in metres (0: the event's own cell), grouped by the periods
    ``bounds`` of :func:`period_bounds` (default: one period)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    own_row, own_col, _ = grid.cell_of(x, y)
    if not np.all(grid.contains(x, y)):
        raise ValueError("an event lies off the grid or outside its mask: keep only the events inside "
                         "the study area")
    bounds = np.array([0, x.size]) if bounds is None else np.asarray(bounds, dtype=np.int64)
    bandwidth = np.asarray(bandwidth, dtype=np.float64)
    width = bandwidth / grid.cell_size
    rows = _axis_shares((grid.ymax - y) / grid.cell_size, width, own_row, grid.rows)
    cols = _axis_shares((x - grid.xmin) / grid.cell_size, width, own_col, grid.cols)
    rows = (sparse.diags(1.0 / _inside_mass(rows, cols, grid.inside)) @ rows).tocsr()
    periods = tuple(_PeriodKernels(rows_t=rows[first:last].T.tocsr(), cols=cols[first:last].tocsr())
                    for first, last in zip(bounds[:-1], bounds[1:]))
    return GridKernels(periods=periods, bounds=bounds, cell=own_row * grid.cols + own_col,
                       bandwidth=bandwidth, inside=grid.inside)


def period_bounds(t: np.ndarray, start: float, end: float,
                  periods: int = HELD_OUT_PERIODS) -> tuple[np.ndarray, np.ndarray]:
    """Cut ``[start, end]`` into equal periods: (their edges in days, and the index bounds of
    the sorted times ``t`` that fall in each; the last period includes ``end``)."""
    edges = np.linspace(start, end, periods + 1)
    inner = np.searchsorted(t, edges[1:-1], side="left")
    return edges, np.concatenate([[0], inner, [np.size(t)]]).astype(np.int64)


def _places(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(coordinates of each place [places, 2], index of each event's place, events per place): events whose
    coordinates agree to :data:`PLACE_GRAIN` metres share a place."""
    points = np.column_stack([np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)])
    steps = np.round(points / PLACE_GRAIN)
    steps -= steps.min(axis=0)
    rows = steps[:, 1].max() + 1
    if steps[:, 0].max() * rows + rows < 2.0 ** 62:  # one int64 key per place: a fast 1-D unique
        key = steps[:, 0].astype(np.int64) * np.int64(rows) + steps[:, 1].astype(np.int64)
        _, first, place, counts = np.unique(key, return_index=True, return_inverse=True, return_counts=True)
    else:
        _, first, place, counts = np.unique(steps, axis=0, return_index=True, return_inverse=True,
                                            return_counts=True)
    return points[first], place.ravel().astype(np.int64), counts


def stacked_share(x: np.ndarray, y: np.ndarray) -> float:
    """Share of the events at the exact place (to :data:`PLACE_GRAIN`) of another event."""
    if np.size(x) == 0:
        return 0.0
    _, place, counts = _places(x, y)
    return float(np.mean(counts[place] > 1))


@dataclass(frozen=True)
class PlaceKernels:
    """The background's same-place part: events recorded at (nearly) the same point, across periods.

    Records pile up at addresses and intersections, so the background itself has point masses that no
    kernel of tens of metres can follow: two background events at a busy intersection months apart
    look like a same-place repeat to the trigger. So each event may also spread its background weight at
    its own place, as a Gaussian of the location precision (variance ``2 epsilon^2`` per axis between two
    records of one place, as in :mod:`.sepp_trigger`); the share of the background that does is fitted
    (:meth:`rates` gives each part, EM their mix). Held out like the kernels: an event's place rate comes
    from the other periods' events only, so its own repeats never make its place look busy.

    Events are grouped by place (coordinates to :data:`PLACE_GRAIN` metres): with ``G`` the sparse matrix
    of the Gaussian density between places within reach and ``W[u, p]`` the weights of place ``u`` in
    period ``p``, event ``j`` at place ``u`` in period ``p`` has the held-out density
    ``(G (W 1))[u] - (G W)[u, p]``. Memory and work grow with places x periods, however many events
    share a place (a default address may hold thousands).
    """

    place: np.ndarray  # int64: each event's place
    period: np.ndarray  # int64: each event's period
    density: sparse.csr_matrix  # [places, places]: Gaussian density (per m^2) between places within reach
    cell: np.ndarray  # flat index of each event's own cell
    inside: np.ndarray  # the grid's mask

    @classmethod
    def of(cls, x: np.ndarray, y: np.ndarray, bounds: np.ndarray, cell: np.ndarray, inside: np.ndarray,
           precision: float, reach: float = PLACE_REACH) -> "PlaceKernels":
        """The places of the events and the densities between those within ``reach`` standard deviations
        of the offset between two records of one place."""
        variance = 2.0 * precision ** 2
        spots, place, _ = _places(x, y)
        pairs = cKDTree(spots).query_pairs(reach * np.sqrt(variance), output_type="ndarray")
        d2 = np.sum((spots[pairs[:, 0]] - spots[pairs[:, 1]]) ** 2, axis=1)
        peak = 1.0 / (2 * np.pi * variance)
        near = peak * np.exp(-0.5 * d2 / variance)
        n = spots.shape[0]
        density = sparse.coo_matrix((np.concatenate([near, near, np.full(n, peak)]),
                                     (np.concatenate([pairs[:, 0], pairs[:, 1], np.arange(n)]),
                                      np.concatenate([pairs[:, 1], pairs[:, 0], np.arange(n)]))), shape=(n, n))
        period = np.repeat(np.arange(bounds.size - 1), np.diff(bounds))
        return cls(place=place, period=period, density=density.tocsr(),
                   cell=np.asarray(cell, dtype=np.int64), inside=inside)

    def rates(self, weights: np.ndarray, exposure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """From the events' background ``weights`` and each period's ``exposure`` (days): the rate per cell
        over the whole window (events per day, [rows, cols]; the precision is far below a cell, so each
        event's place lies in its own cell), and each event's place rate (events per day per m^2) from the
        events of the other periods."""
        weights = np.asarray(weights, dtype=np.float64)
        places, periods = self.density.shape[0], exposure.size
        by_period = np.bincount(self.place * periods + self.period, weights,
                                minlength=places * periods).reshape(places, periods)
        spread = self.density @ by_period  # [places, periods]
        held = spread.sum(axis=1)[self.place] - spread[self.place, self.period]
        others = np.maximum(exposure.sum() - exposure[self.period], np.finfo(float).tiny)
        per_cell = np.bincount(self.cell, weights, minlength=self.inside.size).reshape(self.inside.shape)
        return np.where(self.inside, per_cell, 0.0) / exposure.sum(), held / others
