"""When each place is at risk: hour-of-week profiles by place, shrunk by empirical Bayes.

Each cell's events (aoristic-weighted where times are windows, see :mod:`.aoristic`) are
counted by hour of the week, ``n_i = (n_i1 ... n_i168)`` with total ``N_i``. A cell with
three events would get a spiky profile, so each cell's profile is shrunk in two steps:

* towards its neighbourhood's profile, from the counts ``M_i`` of the cells within
  ``radius`` cells of it (a square window, the cell itself left out), of which a share
  ``lambda`` is pooled over the seven weekdays (each hour of the week gets the mean of that
  hour of day: a neighbourhood's few events say more about the hour than about the weekday),
  itself shrunk towards the whole area's profile ``g``::

      M~_i = (1 - lambda) M_i + lambda pool(M_i)
      q_i = (M~_i + beta * g) / (|M_i| + beta)

* the cell's posterior mean profile under a Dirichlet prior of mean ``q_i`` and
  strength ``alpha``::

      p_i = (n_i + alpha * q_i) / (N_i + alpha)

so that a cell with few events gets (nearly) its surroundings' profile and a cell with
many gets (nearly) its own. ``alpha``, ``beta`` and ``lambda`` are estimated from the data
by maximum marginal likelihood (type-II maximum likelihood): each cell's counts follow a
Dirichlet-multinomial of mean ``q_i(beta, lambda)`` and concentration ``alpha`` (Mosimann
1962; Minka 2000), whose log-likelihood summed over the cells with events is maximised
(a coarse grid, then bounded L-BFGS). Events spread over a time window enter that fit in
one hour of their window, drawn with their aoristic weights (fractional counts would look
less variable than counts are and inflate ``alpha``); the profiles themselves use the
aoristic counts. The whole-area profile ``g`` adds half an event per hour of the week so
that no hour has probability 0.

A whole-period forecast of ``F_i`` events in cell ``i`` becomes a shift forecast by the
share of the cell's events expected in the shift's hours over the horizon: with ``c_k``
the number of times hour-of-week ``k`` occurs in the horizon and ``e_k`` in the training
period (the profile is a share of events, so ``p_ik / e_k`` is a rate per occurrence)::

      share_i = sum_{k in shift} p_ik c_k / e_k  /  sum_k p_ik c_k / e_k

References
----------
Mosimann, J. E. (1962). On the compound multinomial distribution, the multivariate
beta-distribution, and correlations among proportions. Biometrika 49, 65-82.
Minka, T. P. (2000). Estimating a Dirichlet distribution. Technical report, MIT.
Carlin, B. P. & Louis, T. A. (2000). Bayes and Empirical Bayes Methods for Data Analysis,
2nd ed., ch. 3 (empirical Bayes by marginal likelihood).
Ratcliffe, J. H. (2002). Aoristic signatures and the spatio-temporal analysis of high
volume crime patterns. Journal of Quantitative Criminology 18(1), 23-43.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage, optimize, sparse
from scipy.special import gammaln

from .aoristic import AoristicWeights
from .shifts import HOURS_PER_WEEK, Shift, hour_of_week_counts

__all__ = ["ShrunkProfiles", "fit_profiles", "hour_kernel", "heat_table", "forecast_in_shift", "shift_share",
           "peak_hour", "no_events_around", "peak_shift", "DEFAULT_RADIUS"]

#: Neighbourhood half-width in cells (a 5 x 5 window).
DEFAULT_RADIUS = 2
_GLOBAL_PSEUDO = 0.5  # events added per hour of the week to the whole-area profile
_LOG_BOUNDS = (-4.0, 14.0)  # log prior strengths searched
#: Non-zero (cell, hour-of-week) counts beyond which the prior strengths are fitted on a subset of cells.
MAX_FIT_ENTRIES = 100_000


def hour_kernel(pooling: float) -> sparse.csr_matrix:
    """Smoothing of neighbourhood profiles over the week ``(168, 168)``, columns summing
    to 1: a share ``1 - pooling`` stays in its hour of the week and ``pooling`` is spread
    evenly over the same hour of day on the seven weekdays. Hours of the day are never
    blurred into each other, so a profile's sharp edges (closing time) survive."""
    if not 0.0 <= pooling <= 1.0:
        raise ValueError(f"the weekday pooling must lie in [0, 1], got {pooling}")
    hours = np.arange(HOURS_PER_WEEK)
    same_hour = (hours[:, None] % 24) == (hours[None, :] % 24)
    kernel = (1.0 - pooling) * np.eye(HOURS_PER_WEEK) + pooling * same_hour / 7.0
    return sparse.csr_matrix(kernel)


def _box_sum_others(layer: np.ndarray, radius: int) -> np.ndarray:
    """Sum over the (2r+1)^2 window around each cell, the cell itself left out."""
    size = 2 * radius + 1
    total = ndimage.uniform_filter(layer, size=size, mode="constant") * size * size
    return np.maximum(total - layer, 0.0)


@dataclass(frozen=True)
class ShrunkProfiles:
    """Fitted hour-of-week profiles of the cells of a ``rows x cols`` grid."""

    counts: sparse.csc_matrix  # (cells, 168) weighted counts
    shape: tuple[int, int]
    radius: int
    pooling_: float  # share of the neighbourhood's counts pooled over the weekdays
    alpha_: float  # strength of the neighbourhood prior, in events
    beta_: float  # strength of the whole-area prior on the neighbourhood, in events
    global_: np.ndarray  # (168,) whole-area profile
    n_events: float

    def project(self, w: np.ndarray) -> np.ndarray:
        """Posterior-mean profiles times ``w`` (168 or 168 x m): ``(rows, cols[, m])``.

        Linear in the counts, so neither profiles nor neighbourhood counts are held for
        all 168 hours at once."""
        w = np.asarray(w, dtype=np.float64)
        matrix = w.reshape(HOURS_PER_WEEK, -1)
        own = np.asarray(self.counts @ matrix).reshape(*self.shape, -1)
        total = np.asarray(self.counts.sum(axis=1)).reshape(self.shape)
        around_total = _box_sum_others(total, self.radius)
        smoothed = np.asarray(self.counts @ (hour_kernel(self.pooling_).T @ matrix)).reshape(own.shape)
        around = np.stack([_box_sum_others(smoothed[..., j], self.radius) for j in range(own.shape[-1])], -1)
        prior = (around + self.beta_ * (self.global_ @ matrix)) / (around_total[..., None] + self.beta_)
        result = (own + self.alpha_ * prior) / (total[..., None] + self.alpha_)
        return result[..., 0] if w.ndim == 1 else result

    def profiles(self) -> np.ndarray:
        """Every cell's full profile ``(rows, cols, 168)`` (for small grids and tests)."""
        return self.project(np.eye(HOURS_PER_WEEK))

    def hour_profiles(self, exposure: np.ndarray | None = None) -> np.ndarray:
        """Each cell's rate by hour of day ``(rows, cols, 24)``, weekdays pooled; divided by
        how often each hour of the week occurred in the training period when given."""
        rate = np.ones(HOURS_PER_WEEK) if exposure is None else _per_occurrence(exposure)
        pool = np.zeros((HOURS_PER_WEEK, 24))
        pool[np.arange(HOURS_PER_WEEK), np.arange(HOURS_PER_WEEK) % 24] = rate
        return self.project(pool)


def _per_occurrence(exposure: np.ndarray) -> np.ndarray:
    exposure = np.asarray(exposure, dtype=np.float64)
    if exposure.shape != (HOURS_PER_WEEK,) or np.any(exposure <= 0):
        raise ValueError("the training exposure must give a positive count for each of the "
                         "168 hours of the week (a training period of at least one week)")
    return 1.0 / exposure


def _neighbourhood_at_counts(counts: sparse.csc_matrix, shape: tuple[int, int], radius: int):
    """For every non-zero count ``n_ik``: its cell, hour of the week, value, and the neighbourhood's
    count of that hour of the week and of that hour of day pooled over the weekdays (divided by 7)."""
    pooled = sparse.csc_matrix(counts @ hour_kernel(1.0).T)  # column k: hour k % 24 over the 7 weekdays
    pooled_layers: dict[int, np.ndarray] = {}
    cells, hours, values, own, pool = [], [], [], [], []
    for k in range(HOURS_PER_WEEK):
        column = counts[:, k]
        if column.nnz == 0:
            continue
        rows = column.indices
        if k % 24 not in pooled_layers:
            pooled_layers[k % 24] = _box_sum_others(pooled[:, k].toarray().reshape(shape), radius).ravel()
        cells.append(rows)
        hours.append(np.full(rows.size, k))
        values.append(column.data)
        own.append(_box_sum_others(column.toarray().reshape(shape), radius).ravel()[rows])
        pool.append(pooled_layers[k % 24][rows])
    if not cells:
        raise ValueError("no event to build hour-of-week profiles from")
    return tuple(np.concatenate(part) for part in (cells, hours, values, own, pool))


def _dirichlet_multinomial_fit(counts: sparse.csc_matrix, shape: tuple[int, int], radius: int,
                               pooling: float | None, global_: np.ndarray,
                               seed: int = 0) -> tuple[float, float, float]:
    """``(alpha, beta, pooling)`` maximising the Dirichlet-multinomial marginal likelihood (the
    pooling estimated too when None). Past :data:`MAX_FIT_ENTRIES` non-zero counts, the
    likelihood is summed over a random subset of the cells (their neighbourhoods still count
    every event): three numbers need no more."""
    total = np.asarray(counts.sum(axis=1)).ravel()
    around_total = _box_sum_others(total.reshape(shape), radius).ravel()
    cell, hour, n, m_own, m_pool = _neighbourhood_at_counts(counts, shape, radius)
    chosen = total > 0
    if cell.size > MAX_FIT_ENTRIES:
        chosen &= np.random.default_rng(seed).random(total.size) < MAX_FIT_ENTRIES / cell.size
        keep = chosen[cell]
        cell, hour, n, m_own, m_pool = cell[keep], hour[keep], n[keep], m_own[keep], m_pool[keep]
    m_total, g = around_total[cell], global_[hour]
    n_cell = total[chosen]

    def minus_log_likelihood(theta: np.ndarray) -> float:
        alpha, beta = np.exp(theta[:2])
        share = theta[2] if pooling is None else pooling
        q = ((1.0 - share) * m_own + share * m_pool + beta * g) / (m_total + beta)
        a = alpha * q
        return -(float(np.sum(gammaln(alpha) - gammaln(n_cell + alpha)))
                 + float(np.sum(gammaln(n + a) - gammaln(a))))

    # The surface is flat where data say little (large alpha: no overdispersion), so a coarse
    # grid picks the basin and a bounded quasi-Newton search refines it.
    axis = np.linspace(_LOG_BOUNDS[0], _LOG_BOUNDS[1], 8)
    shares = (0.0, 0.5, 1.0) if pooling is None else (pooling,)
    grid = [(a, b, c) for a in axis for b in axis for c in shares]
    start = grid[int(np.argmin([minus_log_likelihood(np.array(p)) for p in grid]))]
    best = optimize.minimize(minus_log_likelihood, np.array(start), method="L-BFGS-B",
                             bounds=[_LOG_BOUNDS, _LOG_BOUNDS, (0.0, 1.0) if pooling is None else (pooling, pooling)])
    alpha, beta = np.exp(best.x[:2])
    return float(alpha), float(beta), float(best.x[2])


def _one_hour_each(weights: AoristicWeights, seed: int) -> np.ndarray:
    """Index of one piece per event, drawn with the pieces' weights as probabilities
    (pieces are grouped by event, as :func:`.aoristic.aoristic_weights` makes them)."""
    rng = np.random.default_rng(seed)
    cumulative = np.cumsum(weights.weight)
    first = np.flatnonzero(np.r_[True, weights.event[1:] != weights.event[:-1]])
    last = np.r_[first[1:], weights.event.size] - 1
    before = np.where(first > 0, cumulative[first - 1], 0.0)
    target = before + rng.random(first.size) * (cumulative[last] - before)
    return np.clip(np.searchsorted(cumulative, target, side="left"), first, last)


def _sparse_counts(cell: np.ndarray, how: np.ndarray, values: np.ndarray, n_cells: int) -> sparse.csc_matrix:
    on = cell >= 0
    counts = sparse.csc_matrix((values[on], (cell[on], how[on])), shape=(n_cells, HOURS_PER_WEEK))
    counts.sum_duplicates()
    return counts


def fit_profiles(cell: np.ndarray, weights: AoristicWeights, shape: tuple[int, int],
                 radius: int = DEFAULT_RADIUS, pooling: float | None = None,
                 event_weight: np.ndarray | None = None, seed: int = 0) -> ShrunkProfiles:
    """Fit shrunk hour-of-week profiles of the cells of a ``rows x cols`` grid.

    ``cell`` is each event's row-major cell index (-1 for events off the grid, which only
    count in the whole-area profile), ``weights`` the events' aoristic pieces, and
    ``event_weight`` optional per-event weights (1 by default). The profiles use the
    aoristic (fractional) counts; the prior strengths are fitted on whole counts, each
    event with a window placed in one hour of it drawn with its aoristic weights (``seed``),
    since spreading events evenly would make the counts look less variable than counts of
    events are and push the strengths up. Raises ValueError without any event.
    """
    rows, cols = shape
    if radius < 0:
        raise ValueError(f"the neighbourhood radius must be 0 or more cells, got {radius}")
    cell = np.asarray(cell, dtype=np.int64).ravel()
    if cell.size != weights.n_events:
        raise ValueError(f"{cell.size} cells for {weights.n_events} events")
    piece = weights.weight * (1.0 if event_weight is None else np.asarray(event_weight)[weights.event])
    how = weights.hour_of_week
    overall = np.bincount(how, weights=piece, minlength=HOURS_PER_WEEK)
    if overall.sum() <= 0:
        raise ValueError("no event to build hour-of-week profiles from")
    global_ = (overall + _GLOBAL_PSEUDO) / (overall.sum() + _GLOBAL_PSEUDO * HOURS_PER_WEEK)
    where = cell[weights.event]
    counts = _sparse_counts(where, how, piece, rows * cols)
    if counts.nnz == 0:
        raise ValueError("no event falls on the grid; check the extent and the events' layer")
    whole = counts
    if weights.event.size > np.unique(weights.event).size:  # some event is spread over several hours
        drawn = _one_hour_each(weights, seed)
        whole = _sparse_counts(where[drawn], how[drawn], piece[drawn] / weights.weight[drawn], rows * cols)
    if pooling is not None and not 0.0 <= pooling <= 1.0:
        raise ValueError(f"the weekday pooling must lie in [0, 1], got {pooling}")
    alpha, beta, pooling = _dirichlet_multinomial_fit(whole, shape, radius, pooling, global_, seed)
    return ShrunkProfiles(counts=counts, shape=(rows, cols), radius=int(radius),
                          pooling_=float(pooling), alpha_=alpha,
                          beta_=beta, global_=global_, n_events=float(overall.sum()))


def shift_share(profiles: ShrunkProfiles, shift: Shift, start: float, end: float,
                exposure: np.ndarray | None = None) -> np.ndarray:
    """Share ``(rows, cols)`` of each cell's events over ``[start, end)`` (days) expected in
    the shift's hours, given the training ``exposure`` (times each hour of the week occurred
    in the training period; equal when None)."""
    occurs = hour_of_week_counts(start, end)
    if exposure is not None:
        occurs = occurs * _per_occurrence(exposure)
    both = np.stack([occurs * shift.week_mask(), occurs], axis=1)
    inside, overall = np.moveaxis(profiles.project(both), -1, 0)
    return np.divide(inside, overall, out=np.zeros_like(inside), where=overall > 0)


def forecast_in_shift(forecast: np.ndarray, profiles: ShrunkProfiles, shift: Shift,
                      as_of: float, horizon_days: float, exposure: np.ndarray | None = None) -> np.ndarray:
    """Expected events within the shift over ``[as_of, as_of + horizon_days)`` from a
    whole-period forecast ``(rows, cols)`` of the same horizon (NaN cells stay NaN)."""
    forecast = np.asarray(forecast, dtype=np.float64)
    if forecast.shape != profiles.shape:
        raise ValueError(f"forecast shape {forecast.shape} does not match the profiles' {profiles.shape}")
    if not horizon_days > 0:
        raise ValueError(f"the horizon must be a positive number of days, got {horizon_days}")
    return forecast * shift_share(profiles, shift, as_of, as_of + horizon_days, exposure)


def peak_hour(profiles: ShrunkProfiles, exposure: np.ndarray | None = None) -> np.ndarray:
    """Hour of day (0-23) with the highest posterior rate in each cell ``(rows, cols)``."""
    return np.argmax(profiles.hour_profiles(exposure), axis=-1)


def no_events_around(cell: np.ndarray, shape: tuple[int, int], radius: int = DEFAULT_RADIUS) -> np.ndarray:
    """Cells ``(rows, cols)`` with no event (flat cell index ``cell``, -1 off the grid) within the
    ``(2 radius + 1)^2`` window around them: their peak hour is only the surroundings' prior."""
    size = 2 * radius + 1
    counts = np.bincount(cell[cell >= 0], minlength=shape[0] * shape[1]).reshape(shape)
    window = np.lib.stride_tricks.sliding_window_view(np.pad(counts, radius), (size, size))
    return window.sum(axis=(-1, -2)) == 0


def peak_shift(profiles: ShrunkProfiles, shifts: list[Shift], exposure: np.ndarray | None = None) -> np.ndarray:
    """Index of the shift holding the most expected events per hour in each cell.

    Shifts of different lengths are compared per hour of shift, so an 8-hour night and a
    12-hour day compete fairly."""
    if not shifts:
        raise ValueError("give at least one shift")
    rate = np.ones(HOURS_PER_WEEK) if exposure is None else _per_occurrence(exposure)
    masks = np.stack([s.week_mask() * rate / s.week_mask().sum() for s in shifts], axis=1)
    return np.argmax(profiles.project(masks), axis=-1)


def heat_table(weights: AoristicWeights, labels: np.ndarray | None = None,
               event_weight: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Weekday x hour tables ``(7, 24)`` of (aoristic-weighted) event counts, per label
    (e.g. crime type or zone; one table ``""`` when ``labels`` is None). Rows are Monday to
    Sunday, columns the hours 0-23."""
    piece = weights.weight * (1.0 if event_weight is None else np.asarray(event_weight)[weights.event])
    how = weights.hour_of_week
    if labels is None:
        return {"": np.bincount(how, weights=piece, minlength=HOURS_PER_WEEK).reshape(7, 24)}
    labels = np.asarray(labels, dtype=object).ravel().astype(str)
    if labels.size != weights.n_events:
        raise ValueError(f"{labels.size} labels for {weights.n_events} events")
    names, index = np.unique(labels, return_inverse=True)
    flat = np.bincount(index[weights.event] * HOURS_PER_WEEK + how, weights=piece,
                       minlength=names.size * HOURS_PER_WEEK)
    return {str(name): flat[i * HOURS_PER_WEEK:(i + 1) * HOURS_PER_WEEK].reshape(7, 24)
            for i, name in enumerate(names)}
