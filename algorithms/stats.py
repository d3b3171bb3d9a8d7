"""Significance and trend statistics shared by the hot spot and trend methods.

* **Two-sided normal p-values**: ``p = 2 * (1 - Phi(|z|))``.
* **Benjamini-Hochberg false discovery rate** (Benjamini & Hochberg 1995): with the
  ``m`` finite p-values sorted, ``p_(1) <= ... <= p_(m)``, the hypotheses
  ``p_(1) .. p_(k)`` are rejected for the largest ``k`` with ``p_(k) <= k * alpha / m``.
  The adjusted p-value ``q_(i) = min_{j >= i} min(1, m * p_(j) / j)`` is the smallest
  ``alpha`` at which ``p_(i)`` is rejected, so ``q <= alpha`` is the same decision.
  NaN p-values (cells outside the study area, undefined statistics) are left out of
  ``m`` and stay NaN / not significant.
* **Mann-Kendall trend test** (Mann 1945; Kendall 1975): for a series
  ``x_1 .. x_n``, ``S = sum_{i<j} sign(x_j - x_i)``; under "no trend"
  ``Var(S) = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18`` where ``t_g`` are the
  sizes of groups of tied values; ``z = (S - sign(S)) / sqrt(Var(S))`` (continuity
  correction, ``z = 0`` when ``S = 0``) and the two-sided p-value comes from the normal
  distribution (good from about ``n >= 10``). Kendall's ``tau = S / (n(n-1)/2)``.
* **Modified Mann-Kendall** (Hamed & Rao 1998), ``correction="hamed-rao"``: serial
  correlation inflates ``Var(S)``, so the plain test rejects too often on autocorrelated
  series. Each series is detrended with its Sen slope, ranked (average ranks for ties), and
  the lag-``k`` autocorrelations ``rho_k`` of the ranks are estimated for ``k = 1 .. n-1``;
  only lags significant at 5% (``|rho_k| > 1.96 / sqrt(n)``) are kept. The variance is
  multiplied by ``n / n* = 1 + 2 / (n(n-1)(n-2)) * sum_k (n-k)(n-k-1)(n-k-2) rho_k``
  (Hamed & Rao 1998, eq. 26), floored at 1: spurious negative lags never shrink the
  variance below its value for independent steps (a conservative choice).
* **Modified Mann-Kendall for short, autocorrelated count series**, ``correction="serial"``
  (the trend report's default): the same variance inflation ``n / n*`` (Hamed & Rao 1998,
  eq. 26), but with the autocorrelation modelled rather than screened lag by lag, because
  with a few dozen steps the lag-by-lag estimates are too low and too noisy (the plain
  Hamed-Rao test still flags about 20% of trend-free AR(1) series of 36 steps). Counts
  whose log-rate follows an AR(1) process are an AR(1) signal seen through independent
  counting noise, whose autocorrelation is ARMA(1,1)-shaped: ``rho_k = rho_1 phi^(k-1)``.
  ``rho_1`` and ``rho_2`` are the lag-1 and lag-2 autocorrelations of the series less its
  least-squares line, each corrected for its small-sample bias,
  ``r_bc = (n r + 2) / (n - 6)``: the first-order bias of a sample autocorrelation is ``-(1 + 4 rho) / n`` after removing a
  mean (Kendall 1954; Marriott & Pope 1954) and about ``-(2 + 6 rho) / n`` after also
  removing a linear trend (measured by simulation here, in line with van Giersbergen 2005).
  Then ``rho_1`` is clipped to ``[0, 0.99]`` and ``phi = rho_2 / rho_1`` to
  ``[rho_1, 0.95]``, so the variance is never shrunk (a conservative choice). On 36
  monthly steps this holds the false-trend rate near or below 5-7% for AR(1) coefficients
  up to 0.6 (see tests/test_stats.py), at the cost of some power.
* **Sen's slope** (Sen 1968): the median of all pairwise slopes
  ``(x_j - x_i) / (j - i)``, ``i < j``, in units per time step; the intercept (value at
  step 0) is ``median(x_t - slope * t)``. Its ``1 - alpha`` confidence interval takes the
  ordered slopes of ranks ``(N - C) / 2`` and ``(N + C) / 2 + 1`` with
  ``C = z_{1-alpha/2} sqrt(Var(S))`` and ``N = n(n-1)/2`` (Gilbert 1987, eq. 16.5-16.6),
  fractional ranks rounded outwards.

The Mann-Kendall and Sen functions work on many series at once (one per grid cell,
e.g. 250,000 series of 104 weeks): the series axis is processed in chunks whose
working memory stays under ``max_chunk_bytes``.

References
----------
Mann, H. B. (1945). Nonparametric tests against trend. Econometrica 13(3), 245-259.
Kendall, M. G. (1975). Rank Correlation Methods, 4th ed. Griffin, London.
Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau.
JASA 63(324), 1379-1389.
Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
powerful approach to multiple testing. JRSS B 57(1), 289-300.
Hamed, K. H., & Rao, A. R. (1998). A modified Mann-Kendall trend test for autocorrelated
data. Journal of Hydrology 204(1-4), 182-196.
Kendall, M. G. (1954). Note on bias in the estimation of autocorrelation. Biometrika 41, 403-404.
Marriott, F. H. C., & Pope, J. A. (1954). Bias in the estimation of autocorrelations.
Biometrika 41, 390-402.
van Giersbergen, N. P. A. (2005). On the effect of deterministic terms on the bias in stable
AR models. Economics Letters 89, 75-82.
Gilbert, R. O. (1987). Statistical Methods for Environmental Pollution Monitoring. Wiley.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

__all__ = ["DEFAULT_CHUNK_BYTES", "two_sided_p", "check_probability", "fdr_cutoff", "fdr_cutoff_from_z",
           "benjamini_hochberg", "MannKendall", "SenSlope", "MK_CORRECTIONS", "DEFAULT_MK_CORRECTION",
           "HAMED_RAO_LAG_ALPHA", "hamed_rao_factor", "serial_correlation_factor", "mann_kendall",
           "pairwise_slopes", "reshaped", "sens_slope"]

#: Default ceiling on the working memory of one chunk of series (bytes).
DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024


def two_sided_p(z: np.ndarray | float) -> np.ndarray:
    """Two-sided p-values of standard normal z-scores (NaN stays NaN)."""
    return 2.0 * ndtr(-np.abs(np.asarray(z, dtype=np.float64)))


def check_probability(alpha: float, name: str = "alpha") -> float:
    """``alpha`` as a float, or a ValueError naming ``name`` when it is not in (0, 1)."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"{name} must be a probability strictly between 0 and 1 (e.g. 0.05), got {alpha}")
    return float(alpha)


def fdr_cutoff(p: np.ndarray, alpha: float = 0.05, n_tests: int | None = None) -> float:
    """The Benjamini-Hochberg p-value cut-off: reject exactly the ``p <= cutoff``.

    Only the p-values ``<= alpha`` need sorting, so this is cheap on tens of millions of
    values. NaN values are not tests. ``n_tests`` (optional) is the total number of tests
    when ``p`` holds only some of them (it must hold every p-value ``<= alpha``).
    Returns ``-inf`` when nothing is rejected.
    """
    alpha = check_probability(alpha)
    p = np.asarray(p, dtype=np.float64).ravel()
    finite = np.isfinite(p)
    m = int(finite.sum()) if n_tests is None else int(n_tests)
    if m < finite.sum():
        raise ValueError(f"n_tests ({m}) is smaller than the number of p-values given ({finite.sum()})")
    candidates = np.sort(p[finite & (p <= alpha)])
    passing = _bh_passing(candidates, 1, alpha, m)
    return float(candidates[passing[-1]]) if passing.size else float("-inf")


def _bh_passing(sorted_p: np.ndarray, first_rank: int, alpha: float, m: int) -> np.ndarray:
    """Positions in ascending ``sorted_p`` (ranks from ``first_rank``) under the BH line."""
    ranks = np.arange(first_rank, first_rank + sorted_p.size)
    return np.nonzero(sorted_p <= ranks * alpha / m)[0]


def fdr_cutoff_from_z(abs_z: np.ndarray, alpha: float, n_tests: int, chunk: int = 1 << 20) -> float:
    """:func:`fdr_cutoff` for p-values given as ``|z|`` (two-sided normal), without a float64 copy.

    ``abs_z`` (finite values) must hold every ``|z|`` whose p-value is ``<= alpha`` (it may
    hold more); it is sorted in place. The largest ``|z|`` has the smallest p-value, so the sorted array is
    turned into p-values chunk by chunk. Returns ``-inf`` when nothing is rejected.
    """
    alpha = check_probability(alpha)
    if not np.all(np.isfinite(abs_z)):
        raise ValueError("|z| values must be finite: leave undefined z-scores out")
    abs_z.sort()
    descending = abs_z[::-1]
    cutoff = float("-inf")
    for start in range(0, descending.size, chunk):
        p = two_sided_p(descending[start:start + chunk])
        passing = _bh_passing(p, start + 1, alpha, n_tests)
        if passing.size:
            cutoff = float(p[passing[-1]])
        if p[-1] > alpha:
            break
    return cutoff


def benjamini_hochberg(p: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini-Hochberg FDR over every finite p-value of ``p`` (any shape).

    Returns ``(significant, adjusted)``: a bool array (True where rejected at FDR level
    ``alpha``) and the adjusted p-values (NaN where ``p`` is NaN), both shaped like ``p``.
    """
    alpha = check_probability(alpha)
    p = np.asarray(p, dtype=np.float64)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p-values must lie in [0, 1]; NaN marks a missing test")
    flat = p.ravel()
    finite = np.nonzero(np.isfinite(flat))[0]
    adjusted = np.full(flat.shape, np.nan)
    if finite.size:
        order = finite[np.argsort(flat[finite], kind="stable")]
        m = order.size
        scaled = flat[order] * m / np.arange(1, m + 1)
        adjusted[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    significant = np.zeros(flat.shape, dtype=bool)
    significant[finite] = adjusted[finite] <= alpha
    return significant.reshape(p.shape), adjusted.reshape(p.shape)


@dataclass(frozen=True)
class MannKendall:
    """Mann-Kendall test of each series (arrays shaped like the input without its time axis)."""

    s: np.ndarray  # S statistic
    variance: np.ndarray  # Var(S) with the tie correction
    z: np.ndarray  # continuity-corrected z-score
    p: np.ndarray  # two-sided p-value
    n_steps: int
    correction: str = "none"  # one of MK_CORRECTIONS ("hamed-rao", "serial": variance corrected for serial correlation)
    variance_factor: np.ndarray | float = 1.0  # n / n* of Hamed & Rao (1.0 without correction)

    @property
    def tau(self) -> np.ndarray:
        """Kendall's tau-a: ``S / (n(n-1)/2)``."""
        return self.s / (self.n_steps * (self.n_steps - 1) / 2.0)


@dataclass(frozen=True)
class SenSlope:
    """Sen's slope of each series, in units per time step, with its confidence bounds."""

    slope: np.ndarray
    intercept: np.ndarray  # fitted value at step 0
    lower: np.ndarray
    upper: np.ndarray
    confidence: float


def _time_major(series: np.ndarray, axis: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """Validated series as a 2-D ``[n_steps, n_series]`` array, and the output shape."""
    values = np.asarray(series)
    if values.ndim == 0:
        raise ValueError("a trend test needs a series (1-D) or a stack of series, got a scalar")
    if values.dtype.kind not in "fc":
        values = values.astype(np.float64)
    if np.iscomplexobj(values):
        raise ValueError("series must be real numbers")
    values = np.moveaxis(values, axis, 0)
    n_steps = values.shape[0]
    if n_steps < 3:
        raise ValueError(f"a trend test needs at least 3 time steps, got {n_steps}: use a shorter step")
    if not np.all(np.isfinite(values)):
        raise ValueError("series contain NaN or infinite values: drop or fill them before the trend test")
    out_shape = values.shape[1:]
    return values.reshape(n_steps, -1), out_shape


def _chunks(n_series: int, bytes_per_series: int, max_chunk_bytes: int):
    size = max(1, int(max_chunk_bytes // max(1, bytes_per_series)))
    for start in range(0, n_series, size):
        yield slice(start, min(n_series, start + size))


def _mk_s(chunk: np.ndarray) -> np.ndarray:
    """S of each column of a ``[n_steps, k]`` chunk (exact, int64)."""
    s = np.zeros(chunk.shape[1], dtype=np.int64)
    for i in range(chunk.shape[0] - 1):
        later = chunk[i + 1:]
        above = (later > chunk[i]).view(np.int8)
        below = (later < chunk[i]).view(np.int8)
        s += np.add.reduce(above - below, axis=0, dtype=np.int64)
    return s


def _tie_term(chunk: np.ndarray) -> np.ndarray:
    """``sum_g t_g (t_g - 1)(2 t_g + 5)`` over the tie groups of each column.

    With ``r`` the rank of a value inside its tie group (0 .. t-1, after sorting),
    ``t(t-1)(2t+5) = sum_r (6 r^2 + 12 r)``, so one pass over the sorted values suffices.
    """
    ordered = np.sort(chunk, axis=0)
    index = np.arange(ordered.shape[0], dtype=np.float64)[:, None]
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    rank = index - np.maximum.accumulate(np.where(starts, index, 0.0), axis=0)
    return (6.0 * rank * rank + 12.0 * rank).sum(axis=0)


def _mk_variance(n: int, tie_term: np.ndarray) -> np.ndarray:
    return (n * (n - 1) * (2 * n + 5) - tie_term) / 18.0


#: Variance corrections offered by :func:`mann_kendall`.
MK_CORRECTIONS = ("none", "hamed-rao", "serial")
#: The correction the trend report uses unless told otherwise.
DEFAULT_MK_CORRECTION = "serial"
#: Upper bounds of the modelled lag-1 autocorrelation and of its decay rate (``serial``).
SERIAL_RHO_MAX, SERIAL_PHI_MAX = 0.99, 0.95
#: Two-sided level at which a rank autocorrelation counts as significant (Hamed & Rao 1998).
HAMED_RAO_LAG_ALPHA = 0.05


def _average_ranks(chunk: np.ndarray) -> np.ndarray:
    """Average ranks (1 .. n, ties share their mean rank) of each column of ``[n, k]``."""
    n = chunk.shape[0]
    order = np.argsort(chunk, axis=0, kind="stable")
    ordered = np.take_along_axis(chunk, order, axis=0)
    index = np.arange(n, dtype=np.float64)[:, None]
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(starts, index, 0.0), axis=0)
    ends = np.ones(ordered.shape, dtype=bool)
    ends[:-1] = starts[1:]
    last = np.minimum.accumulate(np.where(ends, index, n - 1.0)[::-1], axis=0)[::-1]
    ranks = np.empty_like(first)
    np.put_along_axis(ranks, order, (first + last) / 2.0 + 1.0, axis=0)
    return ranks


def hamed_rao_factor(series: np.ndarray, axis: int = -1,
                     max_chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> np.ndarray:
    """Variance inflation ``n / n*`` of the modified Mann-Kendall test (Hamed & Rao 1998).

    Computed for every series along ``axis`` from the significant lags of the
    autocorrelation of the ranks of the Sen-detrended series (see the module docstring).
    """
    values, out_shape = _time_major(series, axis)
    values = values.astype(np.float64, copy=False)
    n = values.shape[0]
    slope = sens_slope(values, axis=0, max_chunk_bytes=max_chunk_bytes).slope
    times = np.arange(n, dtype=np.float64)[:, None]
    bound = ndtri(1.0 - HAMED_RAO_LAG_ALPHA / 2.0) / np.sqrt(n)
    factor = np.ones(values.shape[1])
    lags = np.arange(1, n)
    weights = (n - lags) * (n - lags - 1.0) * (n - lags - 2.0) * 2.0 / (n * (n - 1.0) * (n - 2.0))
    for part in _chunks(values.shape[1], n * 8 * 6, max_chunk_bytes):
        detrended = values[:, part] - slope[part] * times
        ranks = _average_ranks(detrended)
        deviations = ranks - ranks.mean(axis=0)
        total = (deviations * deviations).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            for lag, weight in zip(lags, weights):
                if weight <= 0:
                    break
                rho = (deviations[lag:] * deviations[:-lag]).sum(axis=0) / total
                rho = np.where(np.isfinite(rho) & (np.abs(rho) > bound), rho, 0.0)
                factor[part] += weight * rho
    return np.maximum(factor, 1.0).reshape(out_shape)


def _bias_corrected_autocorrelation(deviations: np.ndarray, total: np.ndarray, lag: int) -> np.ndarray:
    """Lag-``lag`` autocorrelation of detrended columns, corrected for small-sample bias."""
    n = deviations.shape[0]
    rho = (deviations[lag:] * deviations[:-lag]).sum(axis=0) / total
    return (n * rho + 2.0) / (n - 6.0)


def serial_correlation_factor(series: np.ndarray, axis: int = -1,
                              max_chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> np.ndarray:
    """Variance inflation ``n / n*`` of the ``serial`` modified Mann-Kendall test.

    The lag-``k`` autocorrelation of every series along ``axis`` is modelled as
    ``rho_1 phi^(k-1)`` (an AR(1) signal plus independent noise) from the bias-corrected
    lag-1 and lag-2 autocorrelations of the series less its least-squares
    line, and plugged into
    Hamed & Rao's (1998) eq. 26 (see the module docstring). Always ``>= 1``; 1 for series
    shorter than 8 steps, whose autocorrelation cannot be estimated.
    """
    values, out_shape = _time_major(series, axis)
    values = values.astype(np.float64, copy=False)
    n = values.shape[0]
    factor = np.ones(values.shape[1])
    if n < 8:
        return factor.reshape(out_shape)
    times = np.arange(n, dtype=np.float64)[:, None]
    times -= times.mean()
    lags = np.arange(1, n - 2)
    weights = (n - lags) * (n - lags - 1.0) * (n - lags - 2.0) * 2.0 / (n * (n - 1.0) * (n - 2.0))
    for part in _chunks(values.shape[1], n * 8 * 3, max_chunk_bytes):
        deviations = values[:, part] - values[:, part].mean(axis=0)
        deviations -= times * ((times * deviations).sum(axis=0) / (times * times).sum())
        total = (deviations * deviations).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            rho1 = _bias_corrected_autocorrelation(deviations, total, 1)
            rho2 = _bias_corrected_autocorrelation(deviations, total, 2)
            rho1 = np.clip(np.where(np.isfinite(rho1), rho1, 0.0), 0.0, SERIAL_RHO_MAX)
            decay = np.where(rho1 > 0, rho2 / np.maximum(rho1, 1e-12), 0.0)
            decay = np.clip(np.where(np.isfinite(decay), decay, 0.0), rho1, SERIAL_PHI_MAX)
        term = rho1.copy()
        for weight in weights:
            factor[part] += weight * term
            term *= decay
    return factor.reshape(out_shape)


def mann_kendall(series: np.ndarray, axis: int = -1,
                 max_chunk_bytes: int = DEFAULT_CHUNK_BYTES,
                 correction: str = "none") -> MannKendall:
    """Mann-Kendall trend test of every series along ``axis`` (time).

    ``series`` is 1-D (one series) or e.g. ``[n_series, n_steps]``; float32 input is
    compared in float32 (no copy to float64). Results have the input shape without ``axis``.
    ``correction="hamed-rao"`` runs the modified test of Hamed & Rao (1998), whose variance
    allows for serial correlation; ``correction="serial"`` the same with the autocorrelation
    modelled and bias-corrected, which holds its level on short series (see the module
    docstring).
    """
    if correction not in MK_CORRECTIONS:
        raise ValueError(f"unknown Mann-Kendall correction {correction!r}: use one of {MK_CORRECTIONS}")
    values, out_shape = _time_major(series, axis)
    n = values.shape[0]
    s = np.empty(values.shape[1], dtype=np.float64)
    tie = np.empty(values.shape[1], dtype=np.float64)
    # Working memory per series: the chunk copy, two int8 comparisons, the sort and tie arrays.
    per_series = n * (values.itemsize * 2 + 2 + 3 * 8)
    for part in _chunks(values.shape[1], per_series, max_chunk_bytes):
        chunk = np.ascontiguousarray(values[:, part])
        s[part] = _mk_s(chunk)
        tie[part] = _tie_term(chunk)
    variance = _mk_variance(n, tie)
    factor: np.ndarray | float = 1.0
    if correction != "none":
        corrected = hamed_rao_factor if correction == "hamed-rao" else serial_correlation_factor
        factor = corrected(values, axis=0, max_chunk_bytes=max_chunk_bytes)
        variance = variance * factor
        factor = factor.reshape(out_shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (s - np.sign(s)) / np.sqrt(np.maximum(variance, 1e-300)), 0.0)
    return MannKendall(
        s=s.reshape(out_shape), variance=variance.reshape(out_shape),
        z=z.reshape(out_shape), p=two_sided_p(z).reshape(out_shape), n_steps=n,
        correction=correction, variance_factor=factor,
    )


def pairwise_slopes(values: np.ndarray, confidence: float, first: np.ndarray, second: np.ndarray,
                    variance, max_chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> SenSlope:
    """Median slope over the step pairs ``(first[p], second[p])`` of the columns of ``values``.

    ``values`` is time-major ``[n_steps, n_series]`` (see :func:`_time_major`); results are
    1-D. ``variance(chunk, part)`` gives ``Var(S)`` of the columns ``part`` (the time-major
    ``chunk``); the bounds take the ordered slopes of ranks ``(N -/+ C) / 2`` (Gilbert 1987).
    """
    confidence = check_probability(confidence, "confidence")
    values = values.astype(np.float64, copy=False)
    n_pairs = first.size
    steps = (second - first).astype(np.float64)[:, None]
    c_alpha = ndtri(0.5 + confidence / 2.0)
    slope, intercept, lower, upper = (np.empty(values.shape[1]) for _ in range(4))
    times = np.arange(values.shape[0], dtype=np.float64)[:, None]
    for part in _chunks(values.shape[1], n_pairs * 8 * 2, max_chunk_bytes):
        chunk = values[:, part]
        slopes = np.sort((chunk[second] - chunk[first]) / steps, axis=0)
        slope[part] = np.median(slopes, axis=0)  # already sorted: cheap
        intercept[part] = np.median(chunk - slope[part] * times, axis=0)
        c = c_alpha * np.sqrt(variance(chunk, part))
        low_rank = np.clip(np.floor((n_pairs - c) / 2.0), 1, n_pairs).astype(np.int64) - 1
        high_rank = np.clip(np.ceil((n_pairs + c) / 2.0) + 1, 1, n_pairs).astype(np.int64) - 1
        columns = np.arange(chunk.shape[1])
        lower[part] = slopes[low_rank, columns]
        upper[part] = slopes[high_rank, columns]
    return SenSlope(slope=slope, intercept=intercept, lower=lower, upper=upper, confidence=confidence)


def reshaped(result: SenSlope, out_shape: tuple[int, ...]) -> SenSlope:
    """``result`` with its arrays in ``out_shape``."""
    return SenSlope(slope=result.slope.reshape(out_shape), intercept=result.intercept.reshape(out_shape),
                    lower=result.lower.reshape(out_shape), upper=result.upper.reshape(out_shape),
                    confidence=result.confidence)


def sens_slope(series: np.ndarray, axis: int = -1, confidence: float = 0.95,
               max_chunk_bytes: int = DEFAULT_CHUNK_BYTES,
               variance_factor: np.ndarray | float = 1.0) -> SenSlope:
    """Sen's slope (per time step), intercept and ``confidence`` bounds of every series.

    Steps are taken as equally spaced (0, 1, 2, ...). Results have the input shape
    without ``axis``. ``variance_factor`` (e.g. :attr:`MannKendall.variance_factor`, same
    shape as the results) widens the bounds for serial correlation.
    """
    values, out_shape = _time_major(series, axis)
    n = values.shape[0]
    factor = np.broadcast_to(np.asarray(variance_factor, dtype=np.float64), out_shape).reshape(-1)

    def variance(chunk: np.ndarray, part: slice) -> np.ndarray:
        return _mk_variance(n, _tie_term(chunk)) * factor[part]

    first, second = np.triu_indices(n, k=1)
    return reshaped(pairwise_slopes(values, confidence, first, second, variance, max_chunk_bytes), out_shape)
