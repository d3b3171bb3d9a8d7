"""FDR, normal p-values, Mann-Kendall and Sen's slope against hand computations and scipy."""

import numpy as np
import pytest
from scipy import stats as sps

from crimerisk.algorithms.stats import (
    benjamini_hochberg, fdr_cutoff, fdr_cutoff_from_z, mann_kendall, sens_slope, two_sided_p,
)


def test_two_sided_p_values():
    p = two_sided_p(np.array([0.0, 1.959963984540054, -2.5758293035489, np.nan]))
    np.testing.assert_allclose(p[:3], [1.0, 0.05, 0.01], rtol=1e-12)
    assert np.isnan(p[3])


def test_benjamini_hochberg_by_hand():
    # m = 5 finite tests; sorted p: .005 .01 .03 .04 .5 against i * .05 / 5 = .01 .02 .03 .04 .05
    p = np.array([0.01, 0.04, 0.03, 0.005, np.nan, 0.5])
    significant, adjusted = benjamini_hochberg(p, alpha=0.05)
    assert significant.tolist() == [True, True, True, True, False, False]
    # m p_(i) / i = .025 .025 .05 .05 .5, then running minimum from the largest p down.
    np.testing.assert_allclose(adjusted[[3, 0, 2, 1, 5]], [0.025, 0.025, 0.05, 0.05, 0.5])
    assert np.isnan(adjusted[4])
    assert fdr_cutoff(p, 0.05) == 0.04


def test_bh_step_up_rejects_a_p_value_above_its_own_line():
    # p_(1) = .02 > 1 * .05 / 3, yet p_(2) = .03 <= 2 * .05 / 3, so both are rejected.
    significant, _ = benjamini_hochberg(np.array([0.02, 0.03, 0.9]), alpha=0.05)
    assert significant.tolist() == [True, True, False]


def test_fdr_cutoff_agrees_with_adjusted_p_values_and_partial_input():
    rng = np.random.default_rng(4)
    p = np.concatenate([rng.uniform(size=5000), rng.uniform(0, 1e-3, 200)])
    significant, adjusted = benjamini_hochberg(p, 0.05)
    cutoff = fdr_cutoff(p, 0.05)
    np.testing.assert_array_equal(significant, p <= cutoff)
    assert 150 < significant.sum() < 260
    small = p[p <= 0.05]  # only the candidates, with the total number of tests
    assert fdr_cutoff(small, 0.05, n_tests=p.size) == cutoff
    assert fdr_cutoff(np.array([0.5, 0.9]), 0.05) == float("-inf")


def test_fdr_cutoff_from_z_scores_in_chunks():
    rng = np.random.default_rng(9)
    z = np.concatenate([rng.normal(size=20000), rng.normal(4.0, 1.0, 800)]).astype(np.float32)
    expected = fdr_cutoff(two_sided_p(z), 0.05)
    abs_z = np.abs(z[np.abs(z) > 1.5])  # every |z| with p <= .05, and more
    assert fdr_cutoff_from_z(abs_z, 0.05, n_tests=z.size, chunk=97) == expected
    assert fdr_cutoff_from_z(np.abs(z[:100]), 0.05, n_tests=100) == float("-inf")


def test_bh_rejects_bad_input():
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg(np.array([0.1]), alpha=1.5)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        benjamini_hochberg(np.array([1.2]))


def test_mann_kendall_by_hand_without_and_with_ties():
    result = mann_kendall(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert float(result.s) == 10
    assert float(result.variance) == pytest.approx(5 * 4 * 15 / 18)
    assert float(result.z) == pytest.approx(9 / np.sqrt(5 * 4 * 15 / 18))
    assert float(result.tau) == 1.0
    # 1, 2, 2, 3: five rising pairs, one tie; Var = (4*3*13 - 2*1*9) / 18.
    tied = mann_kendall(np.array([1, 2, 2, 3]))
    assert float(tied.s) == 5
    assert float(tied.variance) == pytest.approx((156 - 18) / 18)
    assert float(tied.z) == pytest.approx(4 / np.sqrt(138 / 18))


def test_mann_kendall_matches_scipy_kendalltau_on_many_tied_series():
    # Kendall's tau-b against time: S = tau_b * sqrt(n0 (n0 - n_ties)) and scipy's asymptotic
    # p-value uses S / sqrt(Var(S)) with the same tie correction (no continuity correction).
    rng = np.random.default_rng(7)
    series = rng.poisson(1.5, size=(60, 25)) + np.arange(25) // 8
    result = mann_kendall(series, max_chunk_bytes=5000)  # forces many chunks
    n0 = 25 * 24 / 2
    for k in range(series.shape[0]):
        tau_b, p_scipy = sps.kendalltau(np.arange(25), series[k])
        _, counts = np.unique(series[k], return_counts=True)
        n_ties = (counts * (counts - 1) / 2).sum()
        assert result.s[k] == pytest.approx(tau_b * np.sqrt(n0 * (n0 - n_ties)), abs=1e-9)
        assert two_sided_p(result.s[k] / np.sqrt(result.variance[k])) == pytest.approx(p_scipy, rel=1e-9)


def test_mann_kendall_axis_dtype_and_constant_series():
    rng = np.random.default_rng(1)
    stack = rng.normal(size=(12, 3, 4)).astype(np.float32)
    along_first = mann_kendall(stack, axis=0)
    moved = mann_kendall(np.moveaxis(stack, 0, -1).astype(np.float64))
    assert along_first.z.shape == (3, 4)
    np.testing.assert_allclose(along_first.z, moved.z)
    flat = mann_kendall(np.zeros((2, 10)))
    assert np.all(flat.s == 0) and np.all(flat.z == 0) and np.all(flat.p == 1)
    with pytest.raises(ValueError, match="NaN"):
        mann_kendall(np.array([1.0, np.nan, 2.0]))
    with pytest.raises(ValueError, match="at least 3"):
        mann_kendall(np.array([1.0, 2.0]))


def test_mann_kendall_size_is_close_to_nominal_under_no_trend():
    rng = np.random.default_rng(11)
    result = mann_kendall(rng.normal(size=(4000, 30)))
    assert 0.035 < np.mean(result.p <= 0.05) < 0.065


def test_sens_slope_exact_line_and_scipy_theilslopes():
    line = sens_slope(2.0 * np.arange(10) + 1.0)
    assert float(line.slope) == 2.0 and float(line.intercept) == 1.0
    rng = np.random.default_rng(5)
    series = 0.3 * np.arange(20) + rng.normal(size=(15, 20))
    result = sens_slope(series, confidence=0.95, max_chunk_bytes=10_000)
    for k in range(series.shape[0]):
        slope, _, low, high = sps.theilslopes(series[k], np.arange(20), alpha=0.95)
        assert result.slope[k] == pytest.approx(slope, abs=1e-12)
        # Gilbert's ranks (M1, M2 + 1) rounded outwards are at most one order statistic
        # wider on each side than scipy's rounded ranks.
        assert result.lower[k] <= low + 1e-12 and result.upper[k] >= high - 1e-12
        slopes = np.sort([(series[k, j] - series[k, i]) / (j - i)
                          for i in range(20) for j in range(i + 1, 20)])
        assert np.searchsorted(slopes, low) - np.searchsorted(slopes, result.lower[k]) <= 2
        assert np.searchsorted(slopes, result.upper[k]) - np.searchsorted(slopes, high) <= 2


def test_sens_slope_interval_covers_the_true_slope_at_about_its_level():
    rng = np.random.default_rng(2)
    series = -0.5 * np.arange(24) + 3.0 * rng.normal(size=(2000, 24))
    result = sens_slope(series, confidence=0.90)
    covered = (result.lower <= -0.5) & (result.upper >= -0.5)
    assert 0.88 < covered.mean() < 0.95
    assert abs(np.median(result.slope) + 0.5) < 0.01


def _ar1(rng: np.random.Generator, n_series: int, n_steps: int, phi: float) -> np.ndarray:
    """Stationary Gaussian AR(1) series, one per row."""
    values = np.empty((n_series, n_steps))
    values[:, 0] = rng.normal(size=n_series) / np.sqrt(1.0 - phi * phi)
    for t in range(1, n_steps):
        values[:, t] = phi * values[:, t - 1] + rng.normal(size=n_series)
    return values


def _hamed_rao_by_hand(x: np.ndarray) -> float:
    """Reference n/n*: Sen detrend, scipy average ranks, loop over lags (Hamed & Rao 1998, eq. 26)."""
    n = x.size
    slope = sps.theilslopes(x)[0]
    ranks = sps.rankdata(x - slope * np.arange(n))
    d = ranks - ranks.mean()
    total = 0.0
    for k in range(1, n - 2):
        rho = np.sum(d[k:] * d[:-k]) / np.sum(d * d)
        if abs(rho) > sps.norm.ppf(0.975) / np.sqrt(n):
            total += (n - k) * (n - k - 1) * (n - k - 2) * rho
    return max(1.0 + 2.0 * total / (n * (n - 1) * (n - 2)), 1.0)


def test_hamed_rao_factor_matches_a_loop_over_lags_and_inflates_variance():
    rng = np.random.default_rng(5)
    series = np.vstack([_ar1(rng, 20, 30, 0.7), rng.poisson(2.0, size=(20, 30)).astype(float)])
    plain = mann_kendall(series)
    modified = mann_kendall(series, correction="hamed-rao")
    expected = np.array([_hamed_rao_by_hand(row) for row in series])
    np.testing.assert_allclose(modified.variance_factor, expected, rtol=1e-10)
    np.testing.assert_allclose(modified.variance, plain.variance * expected, rtol=1e-10)
    np.testing.assert_array_equal(modified.s, plain.s)
    assert modified.correction == "hamed-rao" and plain.correction == "none"
    # Positively autocorrelated series get a larger variance, on average clearly so.
    assert np.mean(modified.variance_factor[:20]) > 1.5
    with pytest.raises(ValueError, match="correction"):
        mann_kendall(series, correction="prewhiten")


def test_hamed_rao_factor_closed_form_on_an_alternating_series():
    # Ranks of 0,1,0,1,... (detrended slope 0): rho_k = (-1)^k * (n - k) / n exactly for even n.
    n = 12
    x = np.tile([0.0, 1.0], n // 2)
    rho = np.array([(-1.0) ** k * (n - k) / n for k in range(1, n)])
    keep = np.abs(rho) > sps.norm.ppf(0.975) / np.sqrt(n)
    k = np.arange(1, n)
    factor = 1 + 2 * np.sum(((n - k) * (n - k - 1) * (n - k - 2) * rho)[keep]) / (n * (n - 1) * (n - 2))
    result = mann_kendall(x, correction="hamed-rao")
    assert factor < 1.0  # negative autocorrelation: the floor at 1 applies
    assert float(result.variance_factor) == 1.0


def test_modified_mann_kendall_reduces_false_trends_on_autocorrelated_series():
    # AR(1) phi = 0.6 over 36 steps (the case): plain MK rejects far too often.
    # Measured: plain 32% / modified 25% (Gaussian). Hamed & Rao's rank ACF is biased low at
    # n = 36 (mean n/n* 1.5 against a true 3.4), so the 8% target is NOT met yet.
    rng = np.random.default_rng(2024)
    gaussian = _ar1(rng, 1000, 36, 0.6)
    counts = rng.poisson(3.0 * np.exp(0.5 * _ar1(rng, 1000, 36, 0.6) * np.sqrt(1 - 0.36))).astype(float)
    # Measured on counts (Poisson, AR(1) log-rate): plain 17%, modified 16%.
    for series, gain in ((gaussian, 0.03), (counts, 0.0)):
        plain = np.mean(mann_kendall(series).p <= 0.05)
        modified = np.mean(mann_kendall(series, correction="hamed-rao").p <= 0.05)
        assert plain > 0.12  # the defect the correction addresses
        assert modified <= plain - gain  # binomial sd over 1000 series: about 1.4%
    independent = rng.poisson(2.0, size=(1000, 24)).astype(float)
    assert np.mean(mann_kendall(independent, correction="hamed-rao").p <= 0.05) <= 0.07


def test_modified_mann_kendall_still_detects_a_real_trend():
    rng = np.random.default_rng(7)
    noise = _ar1(rng, 1000, 36, 0.3)
    trended = noise + np.linspace(0.0, 3.0, 36)
    result = mann_kendall(trended, correction="hamed-rao")
    assert np.mean((result.p <= 0.05) & (result.s > 0)) > 0.8


def _serial_factor_by_hand(x: np.ndarray) -> float:
    """Reference n/n* of ``correction="serial"``: OLS detrend, loop over lags of rho_1 phi^(k-1)."""
    n = x.size
    t = np.arange(n, dtype=float)
    fit = np.polyfit(t, x, 1)
    d = x - np.polyval(fit, t)
    r = [np.sum(d[k:] * d[:-k]) / np.sum(d * d) for k in (1, 2)]
    rho1, rho2 = ((n * value + 2.0) / (n - 6.0) for value in r)
    rho1 = min(max(rho1, 0.0), 0.99)
    phi = min(max(rho2 / rho1, rho1), 0.95) if rho1 > 0 else 0.0
    total = sum((n - k) * (n - k - 1) * (n - k - 2) * rho1 * phi ** (k - 1) for k in range(1, n))
    return 1.0 + 2.0 * total / (n * (n - 1) * (n - 2))


def _log_ar1_counts(rng, n_series: int, n_steps: int, phi: float, mean: float, sd: float,
                    growth: float = 0.0) -> np.ndarray:
    """Poisson counts whose log-rate is a stationary AR(1) of marginal sd ``sd`` (mean ``mean``),
    times a linear trend rising by ``growth`` (0.2 = +20%) from the first step to the last."""
    log_rate = sd * _ar1(rng, n_series, n_steps, phi) * np.sqrt(1.0 - phi * phi) - sd * sd / 2.0
    trend = 1.0 + growth * np.arange(n_steps) / (n_steps - 1)
    return rng.poisson(mean * np.exp(log_rate) * trend).astype(float)


def test_serial_factor_matches_a_loop_over_lags():
    rng = np.random.default_rng(11)
    series = np.vstack([_ar1(rng, 15, 36, 0.6), _ar1(rng, 5, 36, -0.5),
                        rng.poisson(2.0, size=(10, 36)).astype(float)])
    result = mann_kendall(series, correction="serial", max_chunk_bytes=4000)
    expected = np.array([_serial_factor_by_hand(row) for row in series])
    np.testing.assert_allclose(result.variance_factor, expected, rtol=1e-10)
    np.testing.assert_allclose(result.variance, mann_kendall(series).variance * expected, rtol=1e-10)
    assert result.correction == "serial"
    assert np.all(result.variance_factor >= 1.0) and np.mean(result.variance_factor[:15]) > 2.0
    # Constant and very short series: nothing to estimate, the plain variance stands.
    assert float(mann_kendall(np.zeros(20), correction="serial").variance_factor) == 1.0
    assert float(mann_kendall(np.arange(5.0), correction="serial").variance_factor) == 1.0


def test_serial_mann_kendall_holds_its_level_on_autocorrelated_series():
    """The issue's case: trend-free AR(1) (phi 0.6) monthly series over 36 months.

    Measured (1,000 series, seed 2026, plain / Hamed-Rao / serial): Gaussian 28.7% / 20.6% / 5.6%;
    Poisson counts of about 50 a month with an AR(1) log-rate (sd 0.2): 22.1% / 18.7% / 6.1%;
    about 3 a month (log-rate sd 0.4): 12.0% / 11.3% / 6.7%; independent counts: 4.7% / 4.3% / 3.0%.
    A binomial sd over 1,000 series at 8% is 0.9%, so 8% and 5% are told apart.
    """
    rng = np.random.default_rng(2026)
    cases = {"gaussian": _ar1(rng, 1000, 36, 0.6),
             "counts 50": _log_ar1_counts(rng, 1000, 36, 0.6, 50.0, 0.2),
             "counts 3": _log_ar1_counts(rng, 1000, 36, 0.6, 3.0, 0.4),
             "independent": rng.poisson(2.0, size=(1000, 36)).astype(float)}
    for name, series in cases.items():
        flagged = np.mean(mann_kendall(series, correction="serial").p <= 0.05)
        assert flagged <= 0.08, name
        if name != "independent":
            assert np.mean(mann_kendall(series).p <= 0.05) > 0.10, name  # the defect being fixed


def test_serial_mann_kendall_detects_a_twenty_percent_rise_over_three_years():
    """+20% over 36 months, independent Poisson months. Measured power (1,000 series, seed 31):
    50 a month 50.4% (plain 60.9%), 100 a month 79.4% (plain 89.2%)."""
    rng = np.random.default_rng(31)
    for mean, least in ((50.0, 0.40), (100.0, 0.72)):
        counts = _log_ar1_counts(rng, 1000, 36, 0.0, mean, 0.0, growth=0.2)
        result = mann_kendall(counts, correction="serial")
        power = np.mean((result.p <= 0.05) & (result.s > 0))
        assert power >= least, mean
        assert np.mean((result.p <= 0.05) & (result.s < 0)) < 0.01  # (almost) never the wrong direction
