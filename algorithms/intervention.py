"""Did a place-based intervention work? Before/after counts in treated, catchment and control areas.

Four estimates, each with its reference:

* :func:`wdd`: the weighted displacement difference test (Wheeler & Ratcliffe 2018), a
  difference in differences of counts with a Poisson standard error, with optional time and
  area weights (Wheeler 2021 blog extensions, as in the authors' ``ptools`` package).
* :func:`wdq`: the weighted displacement quotient and the total net effect (Bowers & Johnson
  2003; Guerette 2009, appendix B).
* :func:`rate_ratio_did`: a Poisson log-linear difference in differences on period counts of
  area x period (area and period fixed effects, an area-x-after term), fitted by iteratively
  reweighted least squares; overdispersion is measured by the Pearson statistic and, when above
  1, the model becomes a negative binomial (NB2, variance ``mu + alpha mu^2``) with ``alpha`` by the
  method of moments (Cameron & Trivedi 2013, section 3.2), any dispersion left then scaling the
  standard errors (quasi-likelihood; McCullagh & Nelder 1989, section 4.5).
* :func:`e_test`: the E-test of Krishnamoorthy & Thomson (2004) for two Poisson rates.

:func:`match_controls` picks control units (e.g. grid cells) by nearest-neighbour matching on
the pre-period level and trend, so that units chosen for being high are compared with units that
were as high (regression to the mean; Galton 1886, Barnett et al. 2005).

References
----------
Wheeler, A. P., & Ratcliffe, J. H. (2018). A simple weighted displacement difference test to
evaluate place based crime interventions. Crime Science 7, 11.
Bowers, K. J., & Johnson, S. D. (2003). Measuring the geographical displacement and diffusion of
benefit effects of crime prevention activity. Journal of Quantitative Criminology 19(3), 275-301.
Guerette, R. T. (2009). Analyzing crime displacement and diffusion. Problem-Oriented Policing Tool
Guide 10, appendix B.
Krishnamoorthy, K., & Thomson, J. (2004). A more powerful test for comparing two Poisson means.
Journal of Statistical Planning and Inference 119(1), 23-35.
McCullagh, P., & Nelder, J. A. (1989). Generalized Linear Models, 2nd ed. Chapman & Hall.
Cameron, A. C., & Trivedi, P. K. (2013). Regression Analysis of Count Data, 2nd ed. Cambridge.
Barnett, A. G., van der Pols, J. C., & Dobson, A. J. (2005). Regression to the mean: what it is
and how to deal with it. International Journal of Epidemiology 34(1), 215-220.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from .progress import ProgressCallback, ProgressReporter

__all__ = [
    "AREA_KINDS", "WDDResult", "WDQResult", "GlmFit", "RateRatio", "DidFit", "MatchResult", "InterventionResult",
    "wdd", "wdq", "e_test", "poisson_glm", "rate_ratio_did", "match_controls", "step_counts",
    "evaluate_intervention", "evaluate_series", "MIN_EVENTS",
]

#: The area kinds, in table order.
AREA_KINDS = ("treated", "catchment", "control", "catchment_control")

#: Fewest pre-period events the treated and control areas each need before anything is estimated.
MIN_EVENTS = 10


def _two_sided_p(z: float, df: int | None = None) -> float:
    """Two-sided p-value of ``z`` under the standard normal, or Student's t with ``df`` degrees of freedom."""
    if not math.isfinite(z):
        return float("nan")
    return float(2.0 * (stats.t.sf(abs(z), df) if df else stats.norm.sf(abs(z))))


# --- weighted displacement difference ---------------------------------------------------------------
@dataclass(frozen=True)
class WDDResult:
    """WDD estimates in events (post minus pre; negative is a reduction) and their standard errors.

    ``local`` compares treated with its control, ``displacement`` the catchment with its control,
    ``total`` is their sum; ``z`` and ``p`` (two-sided) are for the total, ``local_z`` and ``local_p``
    for the version without a catchment."""

    local: float
    local_se: float
    displacement: float
    displacement_se: float
    total: float
    total_se: float
    z: float
    p: float
    local_z: float
    local_p: float


def wdd(treated: tuple[float, float], control: tuple[float, float],
        catchment: tuple[float, float] = (0.0, 0.0), catchment_control: tuple[float, float] = (0.0, 0.0),
        time_weights: tuple[float, float] = (1.0, 1.0),
        area_weights: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0),
        shared_control: bool = False,
        dispersion: float | tuple[float, float, float, float] = 1.0, df: int | None = None) -> WDDResult:
    """The weighted displacement difference test (Wheeler & Ratcliffe 2018, eq. 1-2).

    ``WDD = dT - dC + dD - dCD`` where each ``d`` is the post count minus the pre count of the
    treated area T, its control C, the displacement catchment D and its control CD. Its variance
    under the Poisson assumption is the sum of the eight counts. Counts are divided by their time
    weight (pre, post; e.g. period lengths, so that unequal periods compare rates) and area weight
    (order: control, treated, catchment control, catchment, as in the authors' ``ptools``), each
    count's variance by the square of its weights.

    Parameters
    ----------
    treated, control, catchment, catchment_control : (pre, post) counts.
    time_weights : (pre, post) weights.
    area_weights : (control, treated, catchment control, catchment) weights.
    shared_control : the catchment's control is the same area (and counts) as the treated area's
        control: its variance then enters once, with the sum of both weights (not in the paper,
        which assumes two independent control areas).
    dispersion : variance-to-mean ratio of the counts (1 = Poisson, the paper's assumption), one
        for all or one per area in the order of ``area_weights``; each variance is multiplied by it
        when above 1.
    df : when the dispersion was estimated, the degrees of freedom of that estimate: z is then
        compared with Student's t rather than the normal (the paper's Poisson test uses the normal).

    Returns
    -------
    WDDResult
    """
    wc, wt, wcd, wd = (float(w) for w in area_weights)
    pre_w, post_w = (float(w) for w in time_weights)
    if min(wc, wt, wcd, wd, pre_w, post_w) <= 0:
        raise ValueError("WDD weights must be positive")

    def change(counts, area_weight):
        pre, post = counts
        return post / (post_w * area_weight) - pre / (pre_w * area_weight)

    factors = [max(1.0, float(f)) for f in (dispersion if np.ndim(dispersion) else (dispersion,) * 4)]
    phi_c, phi_t, phi_cd, phi_d = factors

    def variance(counts, weight, phi):
        pre, post = counts
        return phi * (pre / (pre_w * weight) ** 2 + post / (post_w * weight) ** 2)

    local = change(treated, wt) - change(control, wc)
    displacement = change(catchment, wd) - change(catchment_control, wcd)
    var_local = variance(treated, wt, phi_t) + variance(control, wc, phi_c)
    if shared_control:
        displacement = change(catchment, wd) - change(control, wcd)
        var_disp = variance(catchment, wd, phi_d) + variance(control, wcd, phi_c)
        var_total = (variance(treated, wt, phi_t) + variance(catchment, wd, phi_d)
                     + variance(control, 1.0 / (1.0 / wc + 1.0 / wcd), phi_c))
    else:
        var_disp = variance(catchment, wd, phi_d) + variance(catchment_control, wcd, phi_cd)
        var_total = var_local + var_disp
    total = local + displacement
    se_local, se_disp, se_total = (math.sqrt(v) for v in (var_local, var_disp, var_total))
    z = total / se_total if se_total > 0 else float("nan")
    local_z = local / se_local if se_local > 0 else float("nan")
    return WDDResult(local, se_local, displacement, se_disp, total, se_total, z, _two_sided_p(z, df),
                     local_z, _two_sided_p(local_z, df))


# --- weighted displacement quotient -----------------------------------------------------------------
@dataclass(frozen=True)
class WDQResult:
    """Bowers & Johnson's measures (signs as in Guerette 2009, appendix C).

    ``success`` (WDQ denominator) < 0: the treated area fell relative to control.
    ``buffer`` (WDQ numerator) > 0: the catchment rose relative to control (displacement);
    < 0: it fell too (diffusion of benefits). ``wdq = buffer / success``: < 0 displacement,
    > 0 diffusion, beyond -1 the displacement outweighs the treated area's gain.
    ``total_net_effect``: events prevented (positive) in treated and catchment together, against
    the control's trend; ``gross_effect`` and ``net_effect`` as in Guerette's eq. 1-2."""

    wdq: float
    success: float
    buffer: float
    total_net_effect: float
    gross_effect: float
    net_effect: float


def wdq(treated: tuple[float, float], catchment: tuple[float, float], control: tuple[float, float],
        time_weights: tuple[float, float] = (1.0, 1.0),
        catchment_control: tuple[float, float] | None = None) -> WDQResult:
    """The weighted displacement quotient and total net effect (Bowers & Johnson 2003).

    ``WDQ = (D1/C1 - D0/C0) / (T1/C1 - T0/C0)`` and ``TNE = (T0 C1/C0 - T1) + (D0 C1/C0 - D1)``
    where 0 is before and 1 after, T treated, D the catchment (buffer) and C control. Counts are
    divided by their time weight (pre, post) first, so that unequal periods compare rates; the
    total net effect is then in events per unit of the post weight.

    Parameters
    ----------
    treated, catchment, control : (pre, post) counts.
    time_weights : (pre, post) period lengths or weights.

    catchment_control : optional (pre, post) counts of a control for the catchment alone (e.g.
        matched to it); the numerator's ``C`` is then this one (a generalisation, not in the paper).

    Returns
    -------
    WDQResult (NaN where a control count is zero or the treated area did not change relative to it).
    """
    pre_w, post_w = (float(w) for w in time_weights)
    own = catchment_control if catchment_control is not None else control
    (t0, t1), (d0, d1), (c0, c1), (e0, e1) = ((a / pre_w, b / post_w) for a, b in (treated, catchment, control, own))
    if min(c0, c1, e0, e1) <= 0:
        nan = float("nan")
        return WDQResult(nan, nan, nan, nan, t0 - t1, nan)
    success = t1 / c1 - t0 / c0
    buffer = d1 / e1 - d0 / e0
    quotient = buffer / success if success != 0 else float("nan")
    total_net = (t0 * c1 / c0 - t1) + (d0 * e1 / e0 - d1)
    return WDQResult(quotient, success, buffer, total_net, t0 - t1, t0 / c0 - t1 / c1)


# --- E-test -------------------------------------------------------------------------------------
#: Largest enumeration grid of the E-test; beyond it the normal approximation of its statistic is used.
E_TEST_MAX_CELLS = 1_000_000


def _e_statistic(k1, k2, t1, t2):
    rate1, rate2 = k1 / t1, k2 / t2
    variance = k1 / t1 ** 2 + k2 / t2 ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(variance > 0, (rate1 - rate2) / np.sqrt(np.where(variance > 0, variance, 1.0)), 0.0)


def e_test(k1: int, k2: int, t1: float = 1.0, t2: float = 1.0) -> float:
    """Two-sided p-value of the E-test for equal Poisson rates (Krishnamoorthy & Thomson 2004).

    ``k1 ~ Poisson(t1 * rate1)``, ``k2 ~ Poisson(t2 * rate2)``; H0: ``rate1 == rate2``. The
    statistic ``T = (k1/t1 - k2/t2) / sqrt(k1/t1^2 + k2/t2^2)`` is compared with its distribution
    under the pooled rate estimate ``(k1 + k2) / (t1 + t2)``, enumerated over both counts (the
    parametric bootstrap done exactly). Counts so large that the enumeration would exceed
    :data:`E_TEST_MAX_CELLS` use the normal approximation of ``T``, which is then very close.

    Parameters
    ----------
    k1, k2 : observed counts (e.g. before and after).
    t1, t2 : exposures (e.g. period lengths in days).

    Returns
    -------
    float, the p-value.
    """
    if k1 < 0 or k2 < 0 or t1 <= 0 or t2 <= 0:
        raise ValueError("E-test needs non-negative counts and positive exposures")
    observed = abs(float(_e_statistic(np.float64(k1), np.float64(k2), t1, t2)))
    if observed == 0:
        return 1.0
    pooled = (k1 + k2) / (t1 + t2)
    mean1, mean2 = pooled * t1, pooled * t2
    ranges = []
    for mean in (mean1, mean2):
        spread = 7.5 * math.sqrt(mean) + 10.0
        ranges.append(np.arange(max(0, math.floor(mean - spread)), math.ceil(mean + spread) + 1, dtype=np.float64))
    if ranges[0].size * ranges[1].size > E_TEST_MAX_CELLS:
        return _two_sided_p(observed)
    pmf1 = stats.poisson.pmf(ranges[0], mean1)
    pmf2 = stats.poisson.pmf(ranges[1], mean2)
    statistic = _e_statistic(ranges[0][:, None], ranges[1][None, :], t1, t2)
    extreme = np.abs(statistic) >= observed * (1 - 1e-12)
    return float(min(1.0, (pmf1[:, None] * pmf2[None, :])[extreme].sum()))


# --- Poisson regression -------------------------------------------------------------------------
@dataclass(frozen=True)
class GlmFit:
    """A fitted log-linear Poisson model: coefficients, their covariance (scaled by ``scale``),
    the Pearson dispersion and the residual degrees of freedom."""

    coef: np.ndarray
    cov: np.ndarray
    dispersion: float
    df_resid: int
    scale: float
    iterations: int
    fitted: np.ndarray
    alpha: float = 0.0


def poisson_glm(y: np.ndarray, X: np.ndarray, offset: np.ndarray | None = None, max_iter: int = 50,
                tol: float = 1e-10, negative_binomial: bool = False) -> GlmFit:
    """Poisson regression with log link by iteratively reweighted least squares.

    The Pearson dispersion of the Poisson fit ``sum((y - mu)^2 / mu) / (n - p)`` is reported. With
    ``negative_binomial`` and a dispersion above 1 the mean is refitted with NB2 weights
    ``mu / (1 + alpha mu)``, ``alpha`` by the method of moments ``sum(((y - mu)^2 / (1 - h) - mu) / mu^2) / n``
    with ``h`` the leverages (Cameron & Trivedi 2013, section 3.2; see :func:`_nb_alpha_moments`). The
    covariance is the inverse information multiplied by ``max(1, residual dispersion)`` (quasi-likelihood; McCullagh & Nelder 1989, section 4.5), so
    overdispersed counts get wider intervals, never narrower ones.

    Parameters
    ----------
    y : counts, shape (n,).
    X : design matrix of full column rank, shape (n, p).
    offset : log exposure, shape (n,) (default 0).

    Returns
    -------
    GlmFit
    """
    y = np.asarray(y, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    offset = np.zeros_like(y) if offset is None else np.asarray(offset, dtype=np.float64)
    n, p = X.shape
    mu = y + 0.5
    eta = np.log(mu)
    coef = np.zeros(p)
    deviance = np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):
        z = eta - offset + (y - mu) / mu
        w = mu
        XtW = X.T * w
        coef = np.linalg.solve(XtW @ X, XtW @ z)
        eta = np.clip(X @ coef + offset, -700, 700)
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            new_deviance = 2 * float(np.sum(np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)))
        if abs(new_deviance - deviance) <= tol * (abs(new_deviance) + 0.1):
            deviance = new_deviance
            break
        deviance = new_deviance
    df_resid = n - p
    dispersion = float(np.sum((y - mu) ** 2 / mu) / df_resid) if df_resid > 0 else float("nan")
    alpha = 0.0
    if negative_binomial and df_resid > 0 and dispersion > 1.0:
        for _ in range(5):
            alpha = _nb_alpha_moments(y, X, mu, alpha)
            coef, mu = _irls_fixed_weights(y, X, offset, coef, alpha)
    weights = mu / (1.0 + alpha * mu)
    information = (X.T * weights) @ X
    residual_dispersion = float(np.sum((y - mu) ** 2 * weights / mu ** 2) / df_resid) if df_resid > 0 else 1.0
    scale = max(1.0, residual_dispersion) if math.isfinite(residual_dispersion) else 1.0
    cov = np.linalg.inv(information) * scale
    return GlmFit(coef, cov, dispersion, df_resid, scale, iterations, mu, alpha)


def _nb_alpha_moments(y: np.ndarray, X: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    """NB2 ``alpha`` by the method of moments with each squared residual divided by ``1 - h``, its
    leverage under the current weights: ``sum(((y - mu)^2 / (1 - h) - mu) / mu^2) / n``. The plain
    ``/(n - p)`` correction assumes equal leverage; with a fixed effect per period the largest area
    (usually the control) holds most of it, and its shrunken residuals would make ``alpha`` too small."""
    w = mu / (1.0 + alpha * mu)
    XtW = X.T * w
    leverage = w * np.einsum("ij,ji->i", X, np.linalg.pinv(XtW @ X) @ X.T)
    keep = leverage < 1 - 1e-9
    if not keep.any():
        return alpha
    squared = (y[keep] - mu[keep]) ** 2 / (1.0 - leverage[keep])
    return max(0.0, float(np.sum((squared - mu[keep]) / mu[keep] ** 2) / keep.sum()))


def _irls_fixed_weights(y, X, offset, coef, alpha, iterations: int = 25):
    """Refit the log-linear mean with NB2 weights ``mu / (1 + alpha mu)`` (a GLM once alpha is fixed)."""
    mu = np.exp(np.clip(X @ coef + offset, -700, 700))
    for _ in range(iterations):
        w = mu / (1.0 + alpha * mu)
        z = np.log(mu) - offset + (y - mu) / mu
        XtW = X.T * w
        new = np.linalg.solve(XtW @ X, XtW @ z)
        mu = np.exp(np.clip(X @ new + offset, -700, 700))
        if np.max(np.abs(new - coef)) < 1e-9:
            coef = new
            break
        coef = new
    return coef, mu


@dataclass(frozen=True)
class RateRatio:
    """A rate ratio (after/before, relative to control) as a percent change with its interval."""

    ratio: float
    low: float
    high: float
    p: float
    log_se: float

    @property
    def percent(self) -> float:
        return 100.0 * (self.ratio - 1.0)

    @property
    def percent_low(self) -> float:
        return 100.0 * (self.low - 1.0)

    @property
    def percent_high(self) -> float:
        return 100.0 * (self.high - 1.0)

    @property
    def significant(self) -> bool:
        return self.low > 1.0 or self.high < 1.0


@dataclass(frozen=True)
class DidFit:
    """The difference-in-differences model: one :class:`RateRatio` per area compared with control."""

    effects: dict[int, RateRatio]
    dispersion: float
    df_resid: int
    method: str
    alpha: float = 0.0
    autocorrelation: float = 0.0
    #: Residual Pearson dispersion left after the negative binomial (at least 1) that scales the covariance.
    scale: float = 1.0


def rate_ratio_did(counts: np.ndarray, after: np.ndarray, exposure: np.ndarray, compared: list[int],
                   level: float = 0.95) -> DidFit:
    """Difference in differences on the rate-ratio scale from a log-linear count model.

    ``log E[y_as] = log(exposure_s) + alpha_a + beta_s + sum_k delta_k [a == k][s after]`` over areas
    ``a`` (rows of ``counts``; the last row is the control) and periods ``s``. ``exp(delta_k)`` is
    the ratio of area k's after/before rate change to the control's, i.e. the change that the
    control's trend does not explain. Period effects absorb any common trend or season. When the
    Poisson fit is overdispersed (Pearson dispersion above 1) the model is a negative binomial (see
    :func:`poisson_glm`) and intervals use Student's t with the residual degrees of freedom; the
    normal otherwise. Each effect's variance is widened by ``(1 + r) / (1 - r)``, ``r`` the lag-1
    autocorrelation of the residuals of that area and the control (see :func:`_lag_one_autocorrelation`).

    Parameters
    ----------
    counts : (areas, periods) counts; last row the control area.
    after : bool (periods,), true for the periods after the start of the intervention.
    exposure : (periods,) lengths of the periods (e.g. days).
    compared : rows whose after-effect is estimated (e.g. treated, catchment).
    level : confidence level.

    Returns
    -------
    DidFit
    """
    counts = np.asarray(counts, dtype=np.float64)
    areas, periods = counts.shape
    after = np.asarray(after, dtype=bool)
    if after.all() or not after.any():
        raise ValueError("the model needs periods both before and after the intervention start")
    rows = np.repeat(np.arange(areas), periods)
    cols = np.tile(np.arange(periods), areas)
    columns = [(rows == a).astype(float) for a in range(areas)]
    columns += [(cols == s).astype(float) for s in range(1, periods)]
    columns += [((rows == k) & after[cols]).astype(float) for k in compared]
    X = np.column_stack(columns)
    fit = poisson_glm(counts.ravel(), X, np.log(np.tile(np.asarray(exposure, dtype=float), areas)),
                      negative_binomial=True)
    overdispersed = fit.dispersion > 1.0
    fitted = fit.fitted.reshape(areas, periods)
    autocorrelation = _lag_one_autocorrelation(counts, fitted, fit.alpha, X, list(range(areas)))
    quantile = (stats.t.ppf(0.5 + level / 2, fit.df_resid) if overdispersed and fit.df_resid > 0
                else stats.norm.ppf(0.5 + level / 2))
    effects = {}
    for index, k in enumerate(compared):
        j = X.shape[1] - len(compared) + index
        # The autocorrelation of this area's comparison: its residuals and the control's.
        r = _lag_one_autocorrelation(counts, fitted, fit.alpha, X, [k, areas - 1])
        estimate, se = float(fit.coef[j]), float(math.sqrt(fit.cov[j, j] * (1 + r) / (1 - r)))
        statistic = estimate / se
        p = (2 * stats.t.sf(abs(statistic), fit.df_resid) if overdispersed and fit.df_resid > 0
             else _two_sided_p(statistic))
        effects[k] = RateRatio(math.exp(estimate), math.exp(estimate - quantile * se),
                               math.exp(estimate + quantile * se), float(p), se)
    method = f"negative binomial (NB2, alpha {fit.alpha:.3g})" if overdispersed else "Poisson"
    return DidFit(effects, fit.dispersion, fit.df_resid, method, fit.alpha, autocorrelation, fit.scale)


#: Largest lag-1 autocorrelation the variance correction uses (a factor of 3 at most).
MAX_AUTOCORRELATION = 0.5


def _lag_one_autocorrelation(counts: np.ndarray, fitted: np.ndarray, alpha: float, X: np.ndarray,
                             rows: list[int]) -> float:
    """Lag-1 autocorrelation of the Pearson residuals over consecutive periods, pooled over the areas
    ``rows``, less its expectation under independence, clipped to [0, :data:`MAX_AUTOCORRELATION`].

    Residuals of a model with a fixed effect per period and per area are negatively autocorrelated
    even when the counts are independent (as in Durbin & Watson 1950): their covariance is about
    ``I - H``, ``H`` the weighted hat matrix, so the raw lag-1 estimate is biased down by
    ``sum(H[i, i+1]) / trace(I - H)`` over lag-one pairs; that expectation is subtracted. The variance
    of a sum of AR(1) terms is about ``(1 + r) / (1 - r)`` times that of independent ones (Bayley &
    Hammersley 1946)."""
    areas, periods = counts.shape
    if periods < 4:
        return 0.0
    residuals = ((counts - fitted) / np.sqrt(fitted * (1 + alpha * fitted)))[rows]
    numerator = float(np.sum(residuals[:, 1:] * residuals[:, :-1]))
    denominator = float(np.sum(residuals ** 2))
    if denominator <= 0:
        return 0.0
    root_w = np.sqrt(fitted.ravel() / (1 + alpha * fitted.ravel()))
    WX = X * root_w[:, None]
    hat = WX @ np.linalg.pinv(WX.T @ WX) @ WX.T
    index = np.arange(areas * periods).reshape(areas, periods)[rows]
    first = index[:, :-1].ravel()
    expected = -float(np.sum(hat[first, first + 1])) / max(float(np.sum(1 - np.diag(hat)[index.ravel()])), 1.0)
    r = numerator / denominator - expected
    return min(MAX_AUTOCORRELATION, max(0.0, r))


# --- matching -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MatchResult:
    """Control units chosen by matching: ``controls`` (unit indices, repeated when used by several
    treated units when drawn with replacement) and how well they match."""

    controls: np.ndarray
    treated_mean: float
    control_mean: float
    treated_slope: float
    control_slope: float
    method: str


def _level_and_trend(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and least-squares slope per step of each row of ``series``."""
    steps = series.shape[1]
    x = np.arange(steps) - (steps - 1) / 2
    slope = series @ x / max(float(x @ x), 1e-12)
    return series.mean(axis=1), slope


def match_controls(pre_series: np.ndarray, treated: np.ndarray, candidates: np.ndarray,
                   ratio: int = 3, progress: ProgressCallback | None = None) -> MatchResult:
    """Nearest-neighbour matching of control units on the pre-period level and trend.

    Each treated unit (e.g. grid cell) takes the ``ratio`` candidate units nearest to it in
    (pre-period mean count, pre-period least-squares slope), both divided by their standard
    deviation over the candidates, without replacement, the busiest treated units choosing first
    (greedy Mahalanobis-type matching with a diagonal metric; Rosenbaum 2002, ch. 10). Units
    chosen for being high in the pre-period are thus compared with units that were as high, so
    that both regress to the mean alike.

    Parameters
    ----------
    pre_series : (units, pre-period steps) counts.
    treated, candidates : bool (units,) masks.
    ratio : controls per treated unit.
    progress : optional ``progress(fraction) -> bool`` callback; False cancels (:class:`Cancelled`).

    Returns
    -------
    MatchResult
    """
    treated_ids = np.nonzero(treated)[0]
    candidate_ids = np.nonzero(candidates & ~treated)[0]
    if treated_ids.size == 0:
        raise ValueError("no treated unit to match: the treated areas cover no grid cell centre; use a smaller "
                         "CELL_SIZE")
    if candidate_ids.size < treated_ids.size * ratio:
        raise ValueError(f"only {candidate_ids.size} candidate control cells for {treated_ids.size} treated cells "
                         f"x {ratio}: use a smaller CELL_SIZE or MATCH_RATIO, or a smaller catchment")
    level, trend = _level_and_trend(np.asarray(pre_series, dtype=np.float64))
    scale_level = level[candidate_ids].std() or 1.0
    scale_trend = trend[candidate_ids].std() or 1.0
    features = np.column_stack([level / scale_level, trend / scale_trend])
    free = np.ones(candidate_ids.size, dtype=bool)
    chosen = []
    report = ProgressReporter(progress)
    order = treated_ids[np.argsort(-level[treated_ids], kind="stable")]
    for done, unit in enumerate(order):
        report(done / order.size)
        distance = np.sum((features[candidate_ids] - features[unit]) ** 2, axis=1)
        distance[~free] = np.inf
        picks = np.argsort(distance, kind="stable")[:ratio]
        free[picks] = False
        chosen.append(candidate_ids[picks])
    controls = np.concatenate(chosen)
    return MatchResult(controls, float(level[treated_ids].mean()), float(level[controls].mean()),
                       float(trend[treated_ids].mean()), float(trend[controls].mean()),
                       f"nearest-neighbour matching 1:{ratio} on pre-period mean and slope, without replacement")


# --- counting -----------------------------------------------------------------------------------
def step_counts(t: np.ndarray, group: np.ndarray, n_groups: int, start: float, step: float,
                n_steps: int) -> np.ndarray:
    """(groups, steps) counts of events at days ``t`` in ``group`` (negative: none) per step of
    ``step`` days from ``start``; events outside ``[start, start + n_steps * step)`` are ignored."""
    t = np.asarray(t, dtype=np.float64)
    group = np.asarray(group, dtype=np.int64)
    index = np.floor((t - start) / step).astype(np.int64)
    keep = (group >= 0) & (group < n_groups) & (index >= 0) & (index < n_steps) & np.isfinite(t)
    flat = np.bincount(group[keep] * n_steps + index[keep], minlength=n_groups * n_steps)
    return flat.reshape(n_groups, n_steps).astype(np.float64)


# --- the whole evaluation -------------------------------------------------------------------------
@dataclass
class InterventionResult:
    """Everything the evaluation found, with the periods and the counts it used."""

    pre: tuple[float, float]
    post: tuple[float, float]
    step_days: float
    counts: dict[str, tuple[float, float]]  # area kind -> (pre, post) counts
    series: dict[str, np.ndarray]  # area kind -> counts per model step
    after: np.ndarray
    exposure: np.ndarray
    did: DidFit
    wdd: WDDResult
    wdq: WDQResult
    e_tests: dict[str, float]
    has_catchment: bool
    #: The WDD as published (Poisson variance, normal z); ``wdd`` is the one that decides, its variance
    #: scaled by the counts' overdispersion and autocorrelation (equal to this one on Poisson counts).
    wdd_poisson: WDDResult | None = None
    parameters: dict = field(default_factory=dict)

    @property
    def treated(self) -> RateRatio:
        return self.did.effects[0]

    @property
    def catchment(self) -> RateRatio | None:
        return self.did.effects.get(1)

    @property
    def naive_change(self) -> float:
        """Percent change of the treated area's daily rate, after against before, with no control."""
        pre, post = self.counts["treated"]
        days_pre, days_post = self.pre[1] - self.pre[0], self.post[1] - self.post[0]
        return 100.0 * ((post / days_post) / (pre / days_pre) - 1.0) if pre > 0 else float("nan")


def _check_periods(pre: tuple[float, float], post: tuple[float, float], step_days: float) -> int:
    if not pre[0] < pre[1] <= post[0] < post[1]:
        raise ValueError("the pre-period must end on or before the intervention start, and both periods must have a "
                         "positive length")
    steps_pre = (pre[1] - pre[0]) / step_days
    steps_post = (post[1] - post[0]) / step_days
    if steps_pre < 2 or steps_post < 2:
        raise ValueError(f"the pre- and post-periods hold {steps_pre:.1f} and {steps_post:.1f} model steps of "
                         f"{step_days:g} days; at least 2 each are needed: choose longer periods or weekly steps")
    return int(math.ceil(steps_pre)), int(math.ceil(steps_post))


def _period_series(t: np.ndarray, area: np.ndarray, start: float, end: float, step: float) -> tuple[np.ndarray, np.ndarray]:
    """(area kinds, steps) counts of [start, end) by ``step`` (the last step may be shorter), and step lengths."""
    n_steps = int(math.ceil((end - start) / step - 1e-9))
    inside = (t >= start) & (t < end)
    counts = step_counts(t[inside], area[inside], len(AREA_KINDS), start, step, n_steps)
    lengths = np.full(n_steps, step)
    lengths[-1] = end - start - step * (n_steps - 1)
    return counts, lengths


def _count_dispersion(series: dict[str, np.ndarray], fits: dict[str, DidFit]) -> dict[str, float]:
    """Variance-to-mean ratio of each area's period totals under its fitted model: NB2 per period
    ``(mu + alpha mu^2) / mu`` averaged, times the residual dispersion and the autocorrelation factor."""
    ratios = {}
    for kind, row in series.items():
        fit = fits["catchment"] if kind.startswith("catchment") and "catchment" in fits else fits["treated"]
        factor = (1 + fit.autocorrelation) / (1 - fit.autocorrelation)
        ratios[kind] = float(factor * fit.scale * (1.0 + fit.alpha * np.sum(row ** 2) / max(np.sum(row), 1e-12)))
    return ratios


def _did_fits(series: dict[str, np.ndarray], after: np.ndarray, exposure: np.ndarray,
              level: float) -> dict[str, DidFit]:
    """The treated (and catchment) after-effects: one model of treated, catchment and control, or two
    (treated with control, catchment with its own control) when the catchment has its own control."""
    if "catchment_control" in series:
        return {"treated": rate_ratio_did(np.vstack([series["treated"], series["control"]]), after, exposure, [0],
                                          level),
                "catchment": rate_ratio_did(np.vstack([series["catchment"], series["catchment_control"]]), after,
                                            exposure, [0], level)}
    kinds = [kind for kind in ("treated", "catchment", "control") if kind in series]
    fit = rate_ratio_did(np.vstack([series[kind] for kind in kinds]), after, exposure,
                         list(range(len(kinds) - 1)), level)
    return {"treated": fit, **({"catchment": fit} if "catchment" in series else {})}


def evaluate_intervention(t: np.ndarray, area: np.ndarray, pre: tuple[float, float], post: tuple[float, float],
                          step_days: float = 28.0, level: float = 0.95,
                          area_multiplicity: np.ndarray | None = None) -> InterventionResult:
    """Evaluate an intervention from event days ``t`` and the area kind of each event.

    Parameters
    ----------
    t : event days (float).
    area : int per event, the index into :data:`AREA_KINDS` (0 treated, 1 catchment, 2 control,
        3 the catchment's own control when it has one, e.g. matched to it), -1 for events in none.
    pre, post : [start, end) days of the periods before and after (during) the intervention.
    step_days : length of the model's periods (the last one of each period may be shorter).
    level : confidence level of the intervals.
    area_multiplicity : optional count of each event (e.g. how many times its matched control cell
        was chosen); counts are then weighted sums.

    Returns
    -------
    InterventionResult

    Raises
    ------
    ValueError
        When the periods are too short or the treated or control area has fewer than
        :data:`MIN_EVENTS` events in the pre-period.
    """
    _check_periods(pre, post, step_days)
    t = np.asarray(t, dtype=np.float64)
    area = np.asarray(area, dtype=np.int64)
    if area_multiplicity is not None:
        repeat = np.asarray(area_multiplicity, dtype=np.int64)
        t, area = np.repeat(t, repeat), np.repeat(area, repeat)
    before, pre_lengths = _period_series(t, area, pre[0], pre[1], step_days)
    during, post_lengths = _period_series(t, area, post[0], post[1], step_days)
    return evaluate_series(before, during, pre_lengths, post_lengths, pre, post, level)


def evaluate_series(before: np.ndarray, during: np.ndarray, pre_lengths: np.ndarray, post_lengths: np.ndarray,
                    pre: tuple[float, float] | None = None, post: tuple[float, float] | None = None,
                    level: float = 0.95, e_tests: bool = True) -> InterventionResult:
    """Evaluate an intervention from counts per model step (see :func:`evaluate_intervention`).

    Parameters
    ----------
    before, during : (len(AREA_KINDS), steps) counts of the pre- and post-period steps.
    pre_lengths, post_lengths : length in days of each step.
    pre, post : [start, end) days of the periods (default: the pre-period from day 0, the post-period
        right after it).
    level : confidence level.
    e_tests : run the E-test of each area (the slowest part on large counts).
    """
    pre_lengths, post_lengths = np.asarray(pre_lengths, float), np.asarray(post_lengths, float)
    pre = pre if pre is not None else (0.0, float(pre_lengths.sum()))
    post = post if post is not None else (pre[1], pre[1] + float(post_lengths.sum()))
    step_days = float(pre_lengths[0])
    totals = {kind: (float(before[i].sum()), float(during[i].sum())) for i, kind in enumerate(AREA_KINDS)}
    for kind in ("treated", "control"):
        if totals[kind][0] < MIN_EVENTS:
            raise ValueError(f"the {kind} area holds {totals[kind][0]:.0f} events in the pre-period; at least "
                             f"{MIN_EVENTS} are needed to estimate anything: choose a longer pre-period, more crime "
                             f"types or larger areas")
    if totals["treated"][1] + totals["control"][1] == 0:
        raise ValueError("no event in the treated or control area after the intervention start: choose a longer "
                         "post-period or check the dates")
    has_catchment = sum(totals["catchment"]) > 0
    own_control = has_catchment and totals["catchment_control"][0] > 0
    kinds = [kind for kind in AREA_KINDS if kind in ("treated", "control") or (has_catchment and kind == "catchment")
             or (own_control and kind == "catchment_control")]
    totals = {kind: totals[kind] for kind in kinds}
    full = {kind: np.concatenate([before[AREA_KINDS.index(kind)], during[AREA_KINDS.index(kind)]]) for kind in kinds}
    exposure = np.concatenate([pre_lengths, post_lengths])
    after = np.concatenate([np.zeros(pre_lengths.size, bool), np.ones(post_lengths.size, bool)])
    fits = _did_fits(full, after, exposure, level)
    treated_fit = fits["treated"]
    effects = {0: treated_fit.effects[0]}
    if has_catchment:
        effects[1] = fits["catchment"].effects[1 if fits["catchment"] is treated_fit else 0]
    dispersion = max(fit.dispersion for fit in fits.values())
    did = DidFit(effects, dispersion, min(fit.df_resid for fit in fits.values()), treated_fit.method,
                 treated_fit.alpha, treated_fit.autocorrelation, treated_fit.scale)
    days = (pre[1] - pre[0], post[1] - post[0])
    time_weights = (days[0] / days[1], 1.0)
    (t0, t1), (c0, c1) = totals["treated"], totals["control"]
    d0, d1 = totals.get("catchment", (0.0, 0.0))
    e0, e1 = totals.get("catchment_control", (c0, c1)) if has_catchment else (0.0, 0.0)
    # The controls' counts are brought to each area's scale by the ratio of pre-period counts (Wheeler's
    # area weights), so that a large control area measures the trend, not the size.
    weight_t = c0 / t0 if t0 > 0 else 1.0
    weight_d = e0 / d0 if d0 > 0 and e0 > 0 else 1.0
    phi = _count_dispersion(full, fits)
    control_of_catchment = "catchment_control" if own_control else "control"
    wdd_counts = ((t0, t1), (c0, c1), (d0, d1), (e0, e1), time_weights, (weight_t, 1.0, weight_d, 1.0),
                  has_catchment and not own_control)
    wdd_poisson = wdd(*wdd_counts)
    overdispersed = any(value > 1.0 for value in phi.values())
    wdd_result = wdd(*wdd_counts, dispersion=(phi["control"], phi["treated"],
                                              phi[control_of_catchment] if has_catchment else 1.0,
                                              phi.get("catchment", 1.0)),
                     df=did.df_resid if overdispersed and did.df_resid > 0 else None)
    wdq_result = wdq((t0, t1), (d0, d1), (c0, c1), time_weights, catchment_control=(e0, e1) if own_control else None)
    e_tests = {kind: e_test(int(round(a)), int(round(b)), days[0], days[1]) for kind, (a, b) in totals.items()
               if a + b > 0} if e_tests else {}
    return InterventionResult(pre, post, step_days, totals, full, after, exposure, did, wdd_result, wdq_result,
                              e_tests, has_catchment, wdd_poisson,
                              {"model": did.method, "dispersion": did.dispersion, "nb_alpha": did.alpha,
                               "df_resid": did.df_resid, "residual_autocorrelation": did.autocorrelation,
                               "residual_scale": did.scale,
                               "catchment_has_own_control": own_control, "step_days": step_days, "level": level,
                               "pre_days": days[0], "post_days": days[1]})
