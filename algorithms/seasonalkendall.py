"""Seasonal Kendall trend test, and a test for a seasonal cycle, on many series at once.

* **Seasonal Kendall test** (Hirsch, Slack & Smith 1982): the series is cut into whole
  cycles of ``period`` steps (12 for months, 52 for weeks; the most recent whole cycles are
  used, older leftover steps are dropped); the Mann-Kendall S is computed within each
  season (the values of January of each year, ...) and summed, ``S = sum_g S_g``, so a
  seasonal cycle adds nothing to S. Under "no trend", with independent years,
  ``Var(S) = sum_g Var(S_g)`` (each with its tie correction).
* **Serial dependence across seasons** (``correction="serial"``, the default): adjacent
  months of the same year are correlated, so the S_g are too, and ``Var(S)`` must add
  their covariances (Hirsch & Slack 1984). Hirsch & Slack estimate each covariance from
  the ranks, which needs about ten years or more: with three years the estimate is tied
  to S itself (by Cauchy-Schwarz the total of the ``K_gh`` terms is at least ``S^2 / 3``)
  and the test can never reject. Here the covariance is modelled instead: the series
  less its season means and least-squares line has its lag-1 and lag-2 autocorrelations
  estimated, corrected for the bias that fitting ``period + 1`` parameters puts on them
  (``E[r_k]`` under an AR(1) of coefficient ``rho`` is approximated by
  ``tr(M A_k M Sigma) / tr(M Sigma)``, with ``M`` the residual projection, ``A_k`` the
  lag-k product matrix and ``Sigma`` the AR(1) correlation matrix, and inverted), and the
  autocorrelation is modelled as ``rho_1 phi^(k-1)`` (an AR(1) signal seen through
  independent counting noise, as in :func:`.stats.serial_correlation_factor`). For
  Gaussian values, ``Cov(sign(x_j - x_i), sign(x_l - x_k)) = (2 / pi) arcsin(c)`` with
  ``c`` the correlation of the two differences (Kendall 1975), which gives ``Var(S)``
  under the model; its ratio to the value under independence multiplies the tie-corrected
  variance (never below 1).
* **Seasonal Kendall slope** (Hirsch et al. 1982; Gilbert 1987, ch. 17): the median of the
  within-season slopes ``(x_j - x_i) / (j - i)`` (per step), with bounds from the ordered
  slopes and the test's own ``Var(S)``; the intercept is given at the first step of the
  series (dropped steps included), like :func:`.stats.sens_slope`.
* **Seasonal cycle** (:func:`seasonal_cycle_p`): the Kruskal-Wallis test (1952) of the
  least-squares-detrended values across the 12 months of year (weekly series: 12 groups of
  4-5 weeks), with the tie correction and the chi-square approximation.

References
----------
Hirsch, R. M., Slack, J. R., & Smith, R. A. (1982). Techniques of trend analysis for monthly
water quality data. Water Resources Research 18(1), 107-121.
Hirsch, R. M., & Slack, J. R. (1984). A nonparametric trend test for seasonal data with serial
dependence. Water Resources Research 20(6), 727-732.
Gilbert, R. O. (1987). Statistical Methods for Environmental Pollution Monitoring. Wiley.
Kendall, M. G. (1975). Rank Correlation Methods, 4th ed. Griffin, London.
Kruskal, W. H., & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis.
JASA 47(260), 583-621.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import ndtr
from scipy.stats import chi2

from .stats import (
    DEFAULT_CHUNK_BYTES, SERIAL_PHI_MAX, SERIAL_RHO_MAX, SenSlope, _average_ranks, _chunks, _mk_variance,
    _tie_term, _time_major, pairwise_slopes, reshaped,
)

__all__ = ["SEASONS", "SK_CORRECTIONS", "SeasonalKendall", "seasonal_kendall", "seasonal_sens_slope",
           "seasonal_cycle_p"]

#: Seasons per year of the steps the seasonal test accepts.
SEASONS = {"month": 12, "week": 52}
#: Corrections offered by :func:`seasonal_kendall`.
SK_CORRECTIONS = ("none", "serial")
#: Grid of AR(1) coefficients on which the bias of residual autocorrelations is tabulated.
_RHO_GRID = np.linspace(0.0, 0.98, 50)


@dataclass(frozen=True)
class SeasonalKendall:
    """Seasonal Kendall test of each series (arrays shaped like the input without its time axis)."""

    s: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    p: np.ndarray
    period: int
    n_years: int  # whole cycles used
    n_dropped: int  # oldest steps left out to keep whole cycles
    correction: str
    variance_factor: np.ndarray | float = 1.0


def _whole_cycles(values: np.ndarray, period: int) -> tuple[np.ndarray, int, int]:
    """The most recent whole cycles of ``[n_steps, k]`` values, the number of years and of dropped steps."""
    n_years = values.shape[0] // period
    if n_years < 2:
        raise ValueError(f"the seasonal Kendall test needs at least 2 whole cycles of {period} steps, got "
                         f"{values.shape[0]} steps: use a longer period or the Mann-Kendall test")
    dropped = values.shape[0] - n_years * period
    return values[dropped:], n_years, dropped


def _season_s_and_ties(cycles: np.ndarray, period: int, n_years: int) -> tuple[np.ndarray, np.ndarray]:
    """Summed S and summed tie terms over seasons of ``[n_years * period, k]`` values."""
    by_year = cycles.reshape(n_years, period, -1)
    s = np.zeros(cycles.shape[1])
    for i in range(n_years - 1):
        s += np.sign(by_year[i + 1:] - by_year[i]).sum(axis=(0, 1))
    ties = sum(_tie_term(by_year[:, g]) for g in range(period))
    return s, ties


@lru_cache(maxsize=16)
def _residual_projection(n_steps: int, period: int) -> np.ndarray:
    """``M = I - X (X'X)^+ X'`` for season dummies and a linear trend over ``n_steps``."""
    t = np.arange(n_steps, dtype=np.float64)
    design = np.zeros((n_steps, period + 1))
    design[t.astype(int), t.astype(int) % period] = 1.0
    design[:, period] = t - t.mean()
    return np.eye(n_steps) - design @ np.linalg.pinv(design)


@lru_cache(maxsize=16)
def _bias_table(n_steps: int, period: int) -> tuple[np.ndarray, np.ndarray]:
    """Expected lag-1 and lag-2 residual autocorrelations of an AR(1) on :data:`_RHO_GRID`."""
    m = _residual_projection(n_steps, period)
    lag = np.abs(np.subtract.outer(np.arange(n_steps), np.arange(n_steps)))
    expected = np.empty((2, _RHO_GRID.size))
    for g, rho in enumerate(_RHO_GRID):
        projected = m @ (rho ** lag) @ m
        total = np.trace(projected)
        for k in (1, 2):
            expected[k - 1, g] = np.trace(projected, offset=k) / total
    return expected[0], expected[1]


def _unbiased(r: np.ndarray, table: np.ndarray) -> np.ndarray:
    """The AR(1) coefficient whose expected residual autocorrelation is ``r`` (clipped to the grid)."""
    return np.interp(r, table, _RHO_GRID, left=0.0, right=_RHO_GRID[-1])


def _modelled_autocorrelation(cycles: np.ndarray, period: int) -> tuple[np.ndarray, np.ndarray]:
    """Bias-corrected ``rho_1`` and decay ``phi`` of the deseasonalised, detrended columns."""
    n = cycles.shape[0]
    residuals = _residual_projection(n, period) @ cycles
    total = (residuals * residuals).sum(axis=0)
    lag1, lag2 = _bias_table(n, period)
    with np.errstate(divide="ignore", invalid="ignore"):
        r1 = (residuals[1:] * residuals[:-1]).sum(axis=0) / total
        r2 = (residuals[2:] * residuals[:-2]).sum(axis=0) / total
    rho1 = np.clip(_unbiased(np.nan_to_num(r1), lag1), 0.0, SERIAL_RHO_MAX)
    rho2 = _unbiased(np.nan_to_num(r2), lag2) ** 2  # lag-2 correlation of the matching AR(1)
    decay = np.where(rho1 > 0, rho2 / np.maximum(rho1, 1e-12), 0.0)
    return rho1, np.clip(decay, rho1, SERIAL_PHI_MAX)


@lru_cache(maxsize=16)
def _pair_lags(period: int, n_years: int) -> tuple[np.ndarray, ...]:
    """Time lags between the members of every two within-season pairs, by season offset.

    Returns the four lag arrays ``|l-j|, |k-j|, |l-i|, |k-i|`` and the within-pair lags
    ``j-i``, ``l-k``, shaped ``[offsets, pairs, pairs]``, and the multiplicity of each
    offset (``period - |d|``).
    """
    a, b = np.triu_indices(n_years, k=1)
    offsets = np.arange(-(period - 1), period)
    i = (a * period)[None, :, None]
    j = (b * period)[None, :, None]
    k = (a * period)[None, None, :] + offsets[:, None, None]
    l = (b * period)[None, None, :] + offsets[:, None, None]  # noqa: E741
    shape = (offsets.size, a.size, a.size)
    lags = [np.broadcast_to(np.abs(x - y), shape) for x, y in ((l, j), (k, j), (l, i), (k, i))]
    within = [np.broadcast_to(j - i, shape), np.broadcast_to(l - k, shape)]
    return (*lags, *within, (period - np.abs(offsets)).astype(np.float64))


def _model_variance(rho1: np.ndarray, decay: np.ndarray, period: int, n_years: int) -> np.ndarray:
    """``Var(S)`` of the seasonal Kendall S for Gaussian values with ``rho_k = rho1 decay^(k-1)``."""
    *lags, within_ij, within_kl, weight = _pair_lags(period, n_years)
    r1, dec = rho1[:, None, None, None], decay[:, None, None, None]

    def rho(lag: np.ndarray) -> np.ndarray:
        return np.where(lag == 0, 1.0, r1 * dec ** np.maximum(lag - 1, 0))

    numerator = rho(lags[0]) - rho(lags[1]) - rho(lags[2]) + rho(lags[3])
    denominator = np.sqrt((2.0 - 2.0 * rho(within_ij)) * (2.0 - 2.0 * rho(within_kl)))
    c = np.clip(numerator / denominator, -1.0, 1.0)
    return (2.0 / np.pi * np.arcsin(c)).sum(axis=(2, 3)) @ weight


def seasonal_kendall(series: np.ndarray, period: int, axis: int = -1, correction: str = "serial",
                     max_chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> SeasonalKendall:
    """Seasonal Kendall test of every series along ``axis`` with ``period`` seasons per cycle.

    ``correction="serial"`` allows for serial correlation across the seasons of a year (see
    the module docstring); ``"none"`` assumes independent steps (Hirsch et al. 1982).
    """
    if correction not in SK_CORRECTIONS:
        raise ValueError(f"unknown seasonal Kendall correction {correction!r}: use one of {SK_CORRECTIONS}")
    if int(period) < 2:
        raise ValueError(f"a seasonal test needs at least 2 seasons per cycle, got {period}")
    period = int(period)
    values, out_shape = _time_major(series, axis)
    cycles, n_years, dropped = _whole_cycles(values.astype(np.float64, copy=False), period)
    s, ties = _season_s_and_ties(cycles, period, n_years)
    variance = period * _mk_variance(n_years, 0) - ties / 18.0
    factor = np.ones(cycles.shape[1])
    if correction == "serial" and cycles.shape[0] >= 8:
        independent = _model_variance(np.zeros(1), np.zeros(1), period, n_years)[0]
        pair_bytes = 8 * 12 * (2 * period - 1) * (n_years * (n_years - 1) // 2) ** 2
        for part in _chunks(cycles.shape[1], pair_bytes, max_chunk_bytes):
            rho1, decay = _modelled_autocorrelation(cycles[:, part], period)
            factor[part] = np.maximum(_model_variance(rho1, decay, period, n_years) / independent, 1.0)
        variance = variance * factor
    z = np.where(variance > 0, (s - np.sign(s)) / np.sqrt(np.maximum(variance, 1e-300)), 0.0)
    return SeasonalKendall(
        s=s.reshape(out_shape), variance=variance.reshape(out_shape), z=z.reshape(out_shape),
        p=(2.0 * ndtr(-np.abs(z))).reshape(out_shape), period=period, n_years=n_years, n_dropped=dropped,
        correction=correction, variance_factor=factor.reshape(out_shape),
    )


def seasonal_sens_slope(series: np.ndarray, test: SeasonalKendall, axis: int = -1,
                        confidence: float = 0.95) -> SenSlope:
    """Seasonal Kendall slope of every series (per step) with bounds from ``test``'s variance."""
    values, out_shape = _time_major(series, axis)
    cycles, n_years, dropped = _whole_cycles(values, test.period)
    year_a, year_b = np.triu_indices(n_years, k=1)
    seasons = np.arange(test.period)[:, None]
    first = (year_a * test.period + seasons).ravel()
    second = (year_b * test.period + seasons).ravel()
    variance = np.asarray(test.variance, dtype=np.float64).reshape(-1)
    result = pairwise_slopes(cycles, confidence, first, second, lambda chunk, part: variance[part])
    shifted = SenSlope(slope=result.slope, intercept=result.intercept - result.slope * dropped,
                       lower=result.lower, upper=result.upper, confidence=result.confidence)
    return reshaped(shifted, out_shape)


def seasonal_cycle_p(series: np.ndarray, period: int, axis: int = -1) -> np.ndarray:
    """Kruskal-Wallis p-value of a seasonal cycle in every series (see the module docstring).

    Steps are assigned to seasons by position (step ``t`` is season ``t mod period``);
    with ``period`` above 12 the seasons are pooled into 12 groups. A constant series gets
    p = 1.
    """
    values, out_shape = _time_major(series, axis)
    values = values.astype(np.float64, copy=False)
    n = values.shape[0]
    t = np.arange(n, dtype=np.float64)[:, None]
    centred_t = t - t.mean()
    deviations = values - values.mean(axis=0)
    detrended = deviations - centred_t * ((centred_t * deviations).sum(axis=0) / (centred_t * centred_t).sum())
    detrended = np.round(detrended, 9)  # exact ties stay ties after the subtraction
    groups = (np.arange(n) % period) * min(period, 12) // period
    ranks = _average_ranks(detrended)
    sizes = np.bincount(groups)
    used = sizes > 0
    sums = np.stack([ranks[groups == g].sum(axis=0) for g in np.nonzero(used)[0]])
    h = 12.0 / (n * (n + 1)) * (sums * sums / sizes[used][:, None]).sum(axis=0) - 3.0 * (n + 1)
    tie_share = 1.0 - _tie_cubes(detrended) / (n ** 3 - n)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(tie_share > 0, h / tie_share, 0.0)
    return chi2.sf(h, int(used.sum()) - 1).reshape(out_shape)


def _tie_cubes(columns: np.ndarray) -> np.ndarray:
    """``sum_g (t_g^3 - t_g)`` over the tie groups of each column."""
    ordered = np.sort(columns, axis=0)
    index = np.arange(ordered.shape[0], dtype=np.float64)[:, None]
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    rank = index - np.maximum.accumulate(np.where(starts, index, 0.0), axis=0)
    return (3.0 * rank * rank + 3.0 * rank).sum(axis=0)  # sum_{r<t} (3r^2 + 3r) = t^3 - t
