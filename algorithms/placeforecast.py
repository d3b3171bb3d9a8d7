"""Place forecast: multi-scale decayed counts combined by a Poisson GLM, with a safe fall-back.

Crime concentrates at a few stable micro-places (Weisburd 2015), so over a week the
long-run place effect dominates and exponentially decayed cell counts are a hard
baseline to beat. This forecaster keeps that place effect and lets the data say how much
short memory (near repeat, Johnson & Bowers 2004) and neighbourhood (spatial smoothing)
to add:

* Features of a cell at a forecast origin ``o``: the decay-weighted daily rate of the
  events before ``o`` for several half-lives (short to long memory), each at several
  spatial scales (the cell itself and Gaussian neighbourhoods of ``sigma`` cells), on the
  log scale (log(rate + floor)). This is the multi-scale long-memory background of
  Mohler (2014, 2015) and Fielding & Jones (2012) in feature form.
* Model: a Poisson GLM with log link (scikit-learn's ``PoissonRegressor``) trained on many
  past forecast origins ``as_of - k * horizon`` (k = 1..``training_periods``): the counts
  of ``[o, o + horizon)`` per cell against the features at ``o``. Its coefficients are
  the learned weights of each memory and scale, i.e. the half-lives and bandwidths are
  chosen by the data, not by hand.
* Internal validation, time-ordered: the model is first fitted on the older origins only
  and scored (PAI at ``coverage``) on the ``validation_periods`` most recent ones, paired
  with decayed counts whose half-life is chosen among ``half_lives`` on the same history.
  The same held-out origins choose the model's weight in a blend with decayed counts
  (``blend_weights``, e.g. 0.5 and 1; both maps rescaled to the same total), the weight
  of highest mean PAI. When no weight beats decayed counts there (mean paired PAI
  difference <= 0), the forecast *falls back* to those decayed counts and the parameters
  say so; a half-way blend is the "weighted towards the better method" middle ground.
  On Toronto 2014-2018 (tests/benchmarks/bench_forecast_ceiling.py) a ranking that knew
  each cell's true 2018 rate would beat decayed counts by under 10% in weekly PAI at 5%,
  so gains over decayed counts are small by nature; the fall-back keeps losses at noise.

Seasonal and weekday terms change the city-wide level of a week, not the ranking of the
cells, so they cannot change hit rate or PAI; they are left out of the ranking model.

Everything is computed from the events strictly before ``as_of`` (targets included), so
adding events at or after ``as_of`` cannot change the forecast or its validation.

References
----------
Weisburd, D. (2015). The law of crime concentration and the criminology of place.
Criminology 53(2), 133-157.
Mohler, G. (2014). Marked point process hotspot maps for homicide and gun crime
prediction in Chicago. International Journal of Forecasting 30(3), 491-497.
Mohler, G. et al. (2015). Randomized controlled field trials of predictive policing.
JASA 110(512), 1399-1411.
Fielding, M. & Jones, V. (2012). Disrupting the optimal forager: predictive risk mapping
and domestic burglary reduction in Trafford, Greater Manchester. International Journal of
Police Science & Management 14(1), 30-41.
Johnson, S. D. & Bowers, K. J. (2004). The burglary as clue to the future. European
Journal of Criminology 1(2), 237-255.
McCullagh, P. & Nelder, J. A. (1989). Generalized Linear Models, 2nd ed. Chapman & Hall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy.ndimage import gaussian_filter

from .baselines import expected_units
from .evaluate import score_surface
from .events import EventSet
from .grid import Grid
from .progress import ProgressReporter
from .surface import RiskSurface

__all__ = ["PlaceForecastSettings", "forecast_place", "METHOD", "FALLBACK"]

METHOD = "place forecast (multi-scale decayed counts, Poisson GLM)"
FALLBACK = "long-term decayed counts (fall-back)"


@dataclass(frozen=True)
class PlaceForecastSettings:
    """Settings of :func:`forecast_place` (what the user asks for; what was chosen is in the output)."""

    half_lives: tuple[float, ...] = (7.0, 30.0, 120.0, 365.0, 1095.0, 3650.0)  # days
    scales: tuple[float, ...] = (0.0, 1.0, 2.5)  # Gaussian sigma in cells; 0 = the cell alone
    training_periods: int = 52  # past forecast origins the model learns from
    validation_periods: int = 13  # the most recent of them, held out for the internal check
    coverage: float = 0.05  # share of the area the internal check scores (PAI)
    alpha: float = 1e-4  # L2 penalty of the GLM
    max_rows: int = 400_000  # training rows kept (a seeded sample of the zero-count rows beyond)
    blend_weights: tuple[float, ...] = (0.5, 1.0)  # model weights against decayed counts tried in validation
    related_half_life: float = 1095.0  # days: memory of the related events' (other crime types) features
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.half_lives or any(not (h > 0 and math.isfinite(h)) for h in self.half_lives):
            raise ValueError("half-lives must be positive numbers of days")
        if any(not (s >= 0 and math.isfinite(s)) for s in self.scales) or not self.scales:
            raise ValueError("spatial scales must be numbers of cells >= 0")
        if self.training_periods < 4 or not 2 <= self.validation_periods < self.training_periods:
            raise ValueError("need at least 4 training periods and 2 <= validation periods < training periods")
        if not self.blend_weights or any(not 0 < w <= 1 for w in self.blend_weights):
            raise ValueError("blend weights of the model must be in (0, 1]")
        if not 0 < self.coverage < 1:
            raise ValueError("coverage must be a share of the area between 0 and 1")


def _decayed_rate_series(events: EventSet, grid: Grid, origins: list[float],
                         half_lives: tuple[float, ...]) -> np.ndarray:
    """``[origins, half_lives, rows, cols]`` decay-weighted daily rates of the events before each
    of the increasing ``origins`` (as :func:`~.baselines.decayed_counts`, per day).

    One pass over the events: the decayed counts at an origin are those at the previous origin,
    decayed over the gap, plus the events in between (so the cost does not grow with the number
    of origins times the number of events)."""
    index = grid.flat_index(events.x, events.y)
    keep = index >= 0
    index, t, weight = index[keep], events.t[keep], events.weight[keep]
    order = np.argsort(t, kind="stable")
    index, t, weight = index[order], t[order], weight[order]
    first = float(events.t.min())
    out = np.zeros((len(origins), len(half_lives), grid.n_cells))
    ends = np.searchsorted(t, origins, side="left")  # events strictly before each origin
    for k, half_life in enumerate(half_lives):
        decay = math.log(2.0) / half_life
        state = np.zeros(grid.n_cells)
        previous, start = None, 0
        for j, (origin, end) in enumerate(zip(origins, ends)):
            if previous is not None:
                state *= math.exp(-decay * (origin - previous))
            with np.errstate(over="ignore"):
                state += np.bincount(index[start:end], weight[start:end] * np.exp(-decay * (origin - t[start:end])),
                                     minlength=grid.n_cells)
            exposure = -math.expm1(-decay * (origin - first)) / decay
            out[j, k] = state / exposure if exposure > 0 else 0.0
            previous, start = origin, end
    return out.reshape((len(origins), len(half_lives)) + grid.shape)


def _features(rates: np.ndarray, settings: PlaceForecastSettings, floor: float) -> np.ndarray:
    """Log features ``[cells, n_features]`` from the ``[half_lives, rows, cols]`` rates of one origin."""
    columns = []
    for rate in rates:
        for sigma in settings.scales:
            smooth = rate if sigma == 0 else gaussian_filter(rate, sigma, mode="constant")
            columns.append(np.log(smooth.ravel() + floor))
    return np.stack(columns, axis=1)


def _pai(values: np.ndarray, counts: np.ndarray, inside: np.ndarray, coverage: float) -> float:
    """PAI at ``coverage`` of the flat ``values`` against flat ``counts`` (``inside``: 2-D mask)."""
    return score_surface(values.reshape(inside.shape), inside, counts.reshape(inside.shape), (coverage,))[0].pai


@dataclass
class _Origin:
    features: np.ndarray  # [cells, n_features]
    rates: np.ndarray  # [half_lives, rows, cols]
    target: np.ndarray  # [cells]


def _fit_glm(origins: list[_Origin], active: np.ndarray, settings: PlaceForecastSettings,
             rng: np.random.Generator):
    from sklearn.linear_model import PoissonRegressor  # scikit-learn only when it runs

    X = np.concatenate([o.features[active] for o in origins])
    y = np.concatenate([o.target[active] for o in origins])
    weight = np.ones(y.size)
    if y.size > settings.max_rows:  # keep every event row, sample the zeros, reweight them
        zeros = np.flatnonzero(y == 0)
        room = max(settings.max_rows - (y.size - zeros.size), 1)
        if room < zeros.size:
            kept = rng.choice(zeros, room, replace=False)
            keep = np.ones(y.size, bool)
            keep[zeros] = False
            keep[kept] = True
            weight[kept] = zeros.size / room
            X, y, weight = X[keep], y[keep], weight[keep]
    mean, std = X.mean(axis=0), X.std(axis=0)
    std[std == 0] = 1.0
    model = PoissonRegressor(alpha=settings.alpha, max_iter=300)
    model.fit((X - mean) / std, y, sample_weight=weight)
    return model, mean, std


def _blend(model: np.ndarray, decayed: np.ndarray, weight: float) -> np.ndarray:
    """``weight`` x the model + (1 - ``weight``) x decayed counts, both rescaled to the model's total
    (a weight of 0 is decayed counts alone)."""
    if weight >= 1:
        return model
    total = decayed.sum()
    scaled = decayed * (model.sum() / total) if total > 0 else decayed
    return weight * model + (1.0 - weight) * scaled


def _predict(model_parts, features: np.ndarray, active: np.ndarray) -> np.ndarray:
    model, mean, std = model_parts
    out = np.zeros(features.shape[0])
    out[active] = model.predict((features[active] - mean) / std)
    return out


def _related_features(related: EventSet | None, grid: Grid, origins: list[float], as_of: float,
                      settings: PlaceForecastSettings) -> np.ndarray | None:
    """``[origins, cells, 2]`` log decayed rates of the related events (other crime types) in the cell
    and its one-cell Gaussian neighbourhood, or None without related events before ``as_of``."""
    if related is None:
        return None
    before = related.before(as_of)
    if len(before) == 0:
        return None
    rates = _decayed_rate_series(before, grid, origins, (settings.related_half_life,))[:, 0]
    floor = 0.1 * len(before) / (max(as_of - float(before.t.min()), 1.0) * max(grid.n_inside, 1))
    return np.stack([np.log(np.stack([r.ravel() if sigma == 0 else gaussian_filter(r, sigma, mode="constant").ravel()
                                      for r in rates]) + floor) for sigma in (0.0, 1.0)], axis=2)


def forecast_place(events: EventSet, grid: Grid, as_of: float, horizon: float,
                   settings: PlaceForecastSettings | None = None,
                   progress: Callable[[float], bool] | None = None,
                   related: EventSet | None = None) -> RiskSurface:
    """Expected events per cell in ``[as_of, as_of + horizon)`` from the events before ``as_of``.

    ``related``: optional events of other crime types; their long-memory decayed counts in the cell
    and around it become two more features (on Toronto they lifted the GLM by 0.2-2% in PAI at 5%,
    tests/benchmarks/bench_forecast_features.py). Only those before ``as_of`` are read.

    Returns the GLM forecast, or decayed counts when the internal validation says the GLM
    does not beat them; ``parameters`` records the choice, the validation PAIs and the
    learned coefficients.
    """
    settings = settings or PlaceForecastSettings()
    if not (horizon > 0 and math.isfinite(horizon)):
        raise ValueError(f"the horizon must be a positive number of days, got {horizon}")
    past = events.before(as_of)
    if len(past) == 0:
        raise ValueError("no event before the forecast start: nothing to forecast from")
    first = float(past.t.min())
    n_train = int(min(settings.training_periods, (as_of - first) // horizon - 1))
    if n_train < 4:
        raise ValueError(f"the history before the forecast start covers {as_of - first:.0f} days: the place "
                         f"forecast needs at least {5 * horizon:g} (five horizons); add older events")
    n_valid = int(min(settings.validation_periods, max(2, n_train // 4)))
    inside = grid.inside.ravel()
    floor = 0.1 * max(len(past), 1) / (max(as_of - first, 1.0) * max(int(inside.sum()), 1))
    rng = np.random.default_rng(settings.seed)
    index = grid.flat_index(past.x, past.y)

    step = ProgressReporter(progress)
    origins: list[_Origin] = []  # oldest first
    starts = [as_of - k * horizon for k in range(n_train, 0, -1)]
    series = _decayed_rate_series(past, grid, starts + [as_of], settings.half_lives)
    extra = _related_features(related, grid, starts + [as_of], as_of, settings)
    step(0.2)
    for i, origin in enumerate(starts):
        window = (past.t >= origin) & (past.t < origin + horizon) & (index >= 0)
        target = np.bincount(index[window], past.weight[window], minlength=grid.n_cells).astype(float)
        features = _features(series[i], settings, floor)
        origins.append(_Origin(features if extra is None else np.hstack([features, extra[i]]), series[i], target))
        step(0.2 + 0.4 * (i + 1) / (n_train + 1))
    final_features, final_rates = _features(series[-1], settings, floor), series[-1]
    # Cells the model ranks: inside, and with some event nearby in the history (others score 0).
    active = inside & (final_features.max(axis=1) > math.log(floor) + 1e-9)
    if extra is not None:
        final_features = np.hstack([final_features, extra[-1]])

    # Decayed-counts half-life: the best mean PAI over the validation origins (history only).
    fit_origins, valid_origins = origins[:-n_valid], origins[-n_valid:]
    baseline_pai = np.array([[_pai(o.rates[k].ravel(), o.target, grid.inside, settings.coverage)
                              for o in valid_origins] for k in range(len(settings.half_lives))])
    baseline_pai = np.where(np.isfinite(baseline_pai), baseline_pai, np.nan)
    with np.errstate(all="ignore"):
        mean_by_half_life = np.nanmean(baseline_pai, axis=1)
    best_k = int(np.nanargmax(mean_by_half_life)) if np.isfinite(mean_by_half_life).any() else 0
    half_life = settings.half_lives[best_k]

    check = _fit_glm(fit_origins, active, settings, rng)
    step(0.75)
    # Blend weights of the model against decayed counts, scored on the held-out origins (paired).
    weights = tuple(sorted(set(settings.blend_weights) | {0.0}))
    blend_pai = np.array([[_pai(_blend(_predict(check, o.features, active), o.rates[best_k].ravel() * horizon, w),
                                o.target, grid.inside, settings.coverage) for o in valid_origins] for w in weights])
    base_pai = baseline_pai[best_k]
    ok = np.isfinite(blend_pai).all(axis=0) & np.isfinite(base_pai)
    means = blend_pai[:, ok].mean(axis=1) if ok.any() else np.zeros(len(weights))
    best_w = int(np.argmax(means))  # ties keep the smaller weight (decayed counts first)
    weight = weights[best_w]
    diff = blend_pai[best_w, ok] - base_pai[ok]
    mean_glm, mean_base = float(blend_pai[-1, ok].mean()), float(base_pai[ok].mean())
    use_glm = bool(weight > 0 and diff.size and diff.mean() > 0)
    stderr = float(diff.std(ddof=1) / math.sqrt(diff.size)) if diff.size > 1 else math.nan

    parameters: dict[str, Any] = {
        "events_used": len(past), "training_periods": n_train, "validation_periods": n_valid,
        "decayed_half_life_days": half_life,
        "validation_pai_model": mean_glm, "validation_pai_decayed": mean_base,
        "validation_ratio": mean_glm / mean_base if mean_base > 0 else math.nan,
        "validation_pai_by_weight": {f"{w:g}": float(m) for w, m in zip(weights, means)},
        "model_weight": weight if use_glm else 0.0,
        "validation_difference_stderr": stderr, "coverage": settings.coverage,
        "half_lives_days": list(settings.half_lives), "scales_cells": list(settings.scales),
        "related_events_used": 0 if extra is None else len(related.before(as_of)),
    }
    units = expected_units(horizon)
    if not use_glm:
        values = final_rates[best_k] * horizon
        step(1.0)
        return RiskSurface(values, grid, units, {**parameters, "method": FALLBACK, "chosen": "decayed counts",
                                                 "reason": "the model did not beat decayed counts in validation"})
    final = _fit_glm(origins, active, settings, rng)
    values = _blend(_predict(final, final_features, active), final_rates[best_k].ravel() * horizon,
                    weight).reshape(grid.shape)
    names = [f"half-life {h:g} d, scale {s:g} cells" for h in settings.half_lives for s in settings.scales]
    if extra is not None:
        names += [f"other crime types, half-life {settings.related_half_life:g} d, scale {s:g} cells" for s in (0, 1)]
    std = final[2]
    coefficients = {name: float(c / s) for name, c, s in zip(names, final[0].coef_, std)}
    step(1.0)
    return RiskSurface(values, grid, units, {**parameters, "method": METHOD, "chosen": "model",
                                             "reason": "the model beat decayed counts in validation"
                                                       + ("" if weight == 1 else f" when blended at weight {weight:g}"),
                                             "coefficients": coefficients})
