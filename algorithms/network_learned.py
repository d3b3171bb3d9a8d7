"""Learned forecast on street segments: the grid's boosted Poisson model with network features.

The same learner, regularisation and time-ordered training as :mod:`.mlforecast`, on lixel x
period samples instead of cell x period samples. For a period starting at ``p`` every feature of a
lixel comes from events with ``t < p`` only, so a model trained on earlier periods never sees the
period it predicts (events at or after ``as_of`` are dropped first):

* **Own decayed counts**: ``sum w 2 ** (-(p - t) / h)`` over the lixel's events, for each
  half-life ``h`` (7, 28, 91, 365 days by default), per 100 m of street.
* **Street segment**: the same decayed counts over the lixel's whole segment (junction to
  junction), per 100 m; at the longest half-life this is the long-memory baseline's value
  (:func:`.network_forecast.network_decayed_counts`), so the model can fall back on it.
* **Rings along the streets**: decayed counts on the lixels whose midpoints lie in network
  distance rings around the lixel's midpoint (``(0, 100]`` and ``(100, 300]`` m by default,
  Dijkstra with a limit, :mod:`.network_paths`), per 100 m of street in the ring.
* **Near repeat along the streets**: ``sum w exp(-(p - t) / tau)`` over events within
  ``near_repeat_reach`` metres along the streets (own lixel included), ``tau`` =
  ``near_repeat_days`` (Johnson & Bowers 2004).
* **Recency**: days since the last event on the lixel and on its segment (capped).
* **Seasonality** of the period: day of year as sine and cosine, weekday of ``p``.
* **Street**: lengths of the lixel and of its segment, metres.

References
----------
Rosser, G., Davies, T., Bowers, K. J., Johnson, S. D., & Cheng, T. (2017). Predictive crime
mapping: arbitrary grids or street networks? Journal of Quantitative Criminology 33(3), 569-594.
Johnson, S. D., & Bowers, K. J. (2004). The burglary as clue to the future. European Journal of
Criminology 1(2), 237-255.
Friedman, J. H. (2001). Greedy function approximation: a gradient boosting machine. Annals of
Statistics 29(5), 1189-1232.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy import sparse

from .features import _season_features
from .events import datetime64_from_days
from .mlforecast import (ForecastSettings, TrainingSet, _check_targets, _fit, _import_sklearn, _permutation_importances,
                         build_training_set, training_starts)
from .network import NetworkRisk, StreetNetwork
from .network_paths import iter_event_distances, midpoint_distances
from .network_score import LENGTH_CLASSES, length_percentile_classes
from .progress import ProgressCallback, ProgressReporter

__all__ = ["NetworkLearnedSettings", "ring_matrices", "neighbourhoods", "NetworkFeatureBuilder", "LearnedModel", "fit_learned",
           "learned_method", "network_learned_forecast", "why_red", "UNITS", "MAX_LIXELS"]

#: Units of the forecast's values.
UNITS = "expected events per lixel over the horizon"

#: Most lixels the learned forecast takes (memory of the rings along the streets: about 2 kB per lixel
#: on the sample town, and the training targets: 8 bytes per lixel and period).
MAX_LIXELS = 500_000
#: Most important features compared on the riskiest streets (:func:`why_red`).
EXPLAINED_FEATURES = 3
#: Features per metre are given per this many metres of street.
PER_METRES = 100.0


@dataclass(frozen=True)
class NetworkLearnedSettings(ForecastSettings):
    """:class:`~.mlforecast.ForecastSettings` (learner, sampling, seed) plus the network features.

    Attributes
    ----------
    half_lives : half-lives of the decayed counts, days.
    ring_radii : outer radii of the rings along the streets, metres (increasing).
    near_repeat_reach : reach of the near-repeat exposure along the streets, metres.
    """

    half_lives: tuple[float, ...] = (7.0, 28.0, 91.0, 365.0)
    ring_radii: tuple[float, ...] = (100.0, 300.0)
    near_repeat_reach: float = 200.0

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.half_lives or any(not (h > 0 and math.isfinite(h)) for h in self.half_lives):
            raise ValueError(f"half_lives must be positive numbers of days, got {self.half_lives}")
        radii = np.asarray(self.ring_radii, dtype=np.float64)
        if radii.size == 0 or not np.all(np.isfinite(radii)) or radii[0] <= 0 or np.any(np.diff(radii) <= 0):
            raise ValueError(f"ring_radii must be increasing positive metres, got {self.ring_radii}")
        if not (self.near_repeat_reach > 0 and math.isfinite(self.near_repeat_reach)):
            raise ValueError(f"near_repeat_reach must be a positive number of metres, got {self.near_repeat_reach}")

    @property
    def warmup(self) -> float:
        return float(max(self.half_lives)) if self.warmup_days is None else float(self.warmup_days)


def ring_matrices(net: StreetNetwork, radii: tuple[float, ...],
                  progress: ProgressCallback | None = None) -> list[sparse.csr_matrix]:
    """One 0/1 matrix ``[lixels, lixels]`` per ring ``(r_{k-1}, r_k]`` (``r_0 = 0``) of network
    distance between lixel midpoints; a lixel is never in its own rings. ``progress`` hears after
    each block of searches (False cancels)."""
    n = net.n_lixels
    lixel = np.arange(n)
    position = 0.5 * net.lixel_length
    report = ProgressReporter(progress)
    sources, targets, distances = [], [], []
    done = 0
    for event, target, d_start, d_end in iter_event_distances(net, lixel, position, float(radii[-1])):
        d = midpoint_distances(net, event, target, d_start, d_end, lixel, position)
        keep = (d <= radii[-1] * (1 + 1e-9)) & (event != target)
        sources.append(event[keep].astype(np.int32))
        targets.append(target[keep].astype(np.int32))
        distances.append(d[keep].astype(np.float32))
        done += np.unique(event).size
        report(done / max(n, 1))
    source = np.concatenate(sources) if sources else np.empty(0, dtype=np.int32)
    target = np.concatenate(targets) if targets else np.empty(0, dtype=np.int32)
    distance = np.concatenate(distances) if distances else np.empty(0, dtype=np.float32)
    del sources, targets, distances
    # a pair may come twice (through both end nodes of a lixel): keep the shorter distance
    order = np.lexsort((distance, target, source))
    source, target, distance = source[order], target[order], distance[order]
    del order
    first = np.ones(source.size, dtype=bool)
    first[1:] = (source[1:] != source[:-1]) | (target[1:] != target[:-1])
    source, target, distance = source[first], target[first], distance[first]
    out, inner = [], 0.0
    for radius in radii:
        keep = (distance > inner) & (distance <= radius * (1 + 1e-6))
        out.append(sparse.csr_matrix((np.ones(int(keep.sum())), (source[keep], target[keep])), shape=(n, n)))
        inner = radius * (1 + 1e-6)
    return out


def neighbourhoods(net: StreetNetwork, settings: NetworkLearnedSettings,
                   progress: ProgressCallback | None = None) -> tuple[list[sparse.csr_matrix], sparse.csr_matrix]:
    """The ring matrices of ``settings.ring_radii`` and the near-repeat reach matrix (own lixel
    included), from one search of the network, once per network and settings."""
    radii = sorted(set(settings.ring_radii) | {float(settings.near_repeat_reach)})
    pieces = ring_matrices(net, tuple(radii), progress)
    rings, inner = [], 0.0
    for outer in settings.ring_radii:
        rings.append(sum((m for r, m in zip(radii, pieces) if inner < r <= outer),
                         sparse.csr_matrix((net.n_lixels, net.n_lixels))).tocsr())
        inner = outer
    near = sum((m for r, m in zip(radii, pieces) if r <= settings.near_repeat_reach),
               sparse.identity(net.n_lixels, format="csr"))
    return rings, near.tocsr()


class NetworkFeatureBuilder:
    """Feature rows of every lixel at a period start (see the module docstring).

    ``lixel`` (negative: not on the network), ``t`` and ``weight`` describe the events; only those
    with ``t < p`` enter the features at ``p``."""

    def __init__(self, net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None,
                 settings: NetworkLearnedSettings,
                 near: tuple[list[sparse.csr_matrix], sparse.csr_matrix] | None = None):
        self.set_events(lixel, t, weight)
        self.net = net
        self.settings = settings
        self.rings, self.near = near if near is not None else neighbourhoods(net, settings)
        self.ring_length = [np.asarray(r @ net.lixel_length).ravel() for r in self.rings]
        self.chain_length = net.chain_length[net.lixel_chain]
        self.feature_names = self._names()
        self.categorical = np.zeros(len(self.feature_names), dtype=bool)

    def set_events(self, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None) -> None:
        """Read features from these events from now on (the network and rings stay)."""
        lixel = np.asarray(lixel, dtype=np.int64)
        t = np.asarray(t, dtype=np.float64)
        weight = np.ones(lixel.size) if weight is None else np.asarray(weight, dtype=np.float64)
        keep = (lixel >= 0) & np.isfinite(t)
        order = np.argsort(t[keep], kind="stable")
        self.t, self.lixel, self.weight = t[keep][order], lixel[keep][order], weight[keep][order]

    def _names(self) -> list[str]:
        halves = [f"{h:g}d" for h in self.settings.half_lives]
        names = [f"lixel_{h}" for h in halves] + [f"segment_{h}" for h in halves]
        for inner, outer in zip((0.0,) + tuple(self.settings.ring_radii[:-1]), self.settings.ring_radii):
            names += [f"ring_{inner:g}_{outer:g}m_{h}" for h in halves]
        names += [f"near_repeat_{self.settings.near_repeat_reach:g}m", "days_since_lixel", "days_since_segment",
                  "doy_sin", "doy_cos", "weekday", "lixel_length_m", "segment_length_m"]
        return names

    def _past(self, moment: float) -> slice:
        return slice(0, int(np.searchsorted(self.t, moment, side="left")))

    def _per_lixel(self, part: slice, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.lixel[part], weights=weights, minlength=self.net.n_lixels)

    def _per_segment(self, per_lixel: np.ndarray) -> np.ndarray:
        net = self.net
        return np.bincount(net.lixel_chain, weights=per_lixel, minlength=net.n_chains)[net.lixel_chain]

    def _days_since(self, keys: np.ndarray, n: int, moment: float, part: slice) -> np.ndarray:
        cap = self.settings.recency_cap_days
        latest = np.full(n, moment - cap)
        np.maximum.at(latest, keys, self.t[part])
        return np.minimum(moment - latest, cap)

    def at(self, moment: float) -> np.ndarray:
        """Float64 ``[lixels, features]`` at period start ``moment``."""
        part = self._past(moment)
        age = moment - self.t[part]
        w = self.weight[part]
        scale = PER_METRES / self.net.lixel_length
        own, segment, rings = [], [], [[] for _ in self.rings]
        for h in self.settings.half_lives:
            counts = self._per_lixel(part, w * np.exp2(-age / h))
            own.append(counts * scale)
            segment.append(self._per_segment(counts) * PER_METRES / self.chain_length)
            for k, ring in enumerate(self.rings):
                with np.errstate(invalid="ignore", divide="ignore"):
                    rings[k].append(np.where(self.ring_length[k] > 0,
                                             ring @ counts * PER_METRES / self.ring_length[k], 0.0))
        recent = self._per_lixel(part, w * np.exp(-age / self.settings.near_repeat_days))
        columns = own + segment + [c for ring in rings for c in ring] + [
            self.near @ recent,
            self._days_since(self.lixel[part], self.net.n_lixels, moment, part),
            self._days_since(self.net.lixel_chain[self.lixel[part]], self.net.n_chains, moment,
                             part)[self.net.lixel_chain],
        ]
        season = [np.full(self.net.n_lixels, value) for value in _season_features(moment)]
        columns += season + [self.net.lixel_length, self.chain_length]
        return np.column_stack(columns)

    def targets(self, start: float, end: float) -> np.ndarray:
        """Weighted events per lixel with ``start <= t < end``."""
        lo, hi = np.searchsorted(self.t, [start, end], side="left")
        part = slice(int(lo), int(hi))
        return self._per_lixel(part, self.weight[part])


@dataclass
class LearnedModel:
    """A fitted model and the builder of its features; ``predict(moment)`` gives expected events
    per lixel over one horizon from ``moment`` (features from events before ``moment`` only), on
    ``n_threads`` OpenMP threads (None: all cores)."""

    model: Any
    builder: NetworkFeatureBuilder
    parameters: dict[str, Any]
    n_threads: int | None = None

    def predict(self, moment: float, features: np.ndarray | None = None) -> np.ndarray:
        rows = self.builder.at(moment) if features is None else features
        with _import_sklearn()["threadpool_limits"](limits=self.n_threads, user_api="openmp"):
            return self.model.predict(rows)


def _holdout(sklearn, data: TrainingSet, builder: NetworkFeatureBuilder, settings: NetworkLearnedSettings,
             report: ProgressReporter) -> dict[str, Any]:
    """Fit on the older training periods, score the most recent ``holdout_fraction`` of them by the
    weighted mean Poisson deviance (model, one constant rate, the segment baseline's long-term rate)
    and rank the features there by permutation importance."""
    n_holdout = max(1, int(round(settings.holdout_fraction * data.starts.size)))
    held = data.period >= data.starts.size - n_holdout
    fit_part, test = data.subset(~held), data.subset(held)
    _check_targets(fit_part, "the training periods before the holdout")
    model = _fit(sklearn, fit_part, builder, settings, report, (0.4, 0.55))
    deviance = sklearn["mean_poisson_deviance"]
    constant = max(float(np.average(fit_part.y, weights=fit_part.weight)), 1e-12)
    # the baseline's rate: the segment's long-term decayed count per 100 m, scaled to the lixel and the fitted mean
    longest = f"segment_{max(settings.half_lives):g}d"
    history = test.X[:, builder.feature_names.index(longest)] * test.X[:, builder.feature_names.index(
        "lixel_length_m")] / PER_METRES
    fitted_history = fit_part.X[:, builder.feature_names.index(longest)] * fit_part.X[
        :, builder.feature_names.index("lixel_length_m")] / PER_METRES
    scale = np.average(fit_part.y, weights=fit_part.weight) / max(np.average(fitted_history, weights=fit_part.weight),
                                                                    1e-12)
    scores = {name: float(deviance(test.y, prediction, sample_weight=test.weight)) for name, prediction in (
        ("model", model.predict(test.X)), ("constant", np.full(test.y.size, constant)),
        ("history", np.maximum(history * scale, 0.01 * constant)))}
    return {"holdout_periods": n_holdout, "holdout_samples": int(test.y.size),
            "holdout_deviance_model": scores["model"], "holdout_deviance_constant": scores["constant"],
            "holdout_deviance_segment_history": scores["history"],
            "holdout_d2": 1.0 - scores["model"] / scores["constant"] if scores["constant"] > 0 else None,
            "importances": _permutation_importances(sklearn, model, test, builder, settings, report, (0.55, 0.7))}


def fit_learned(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None, as_of: float,
                horizon: float, settings: NetworkLearnedSettings | None = None,
                near: tuple[list[sparse.csr_matrix], sparse.csr_matrix] | None = None,
                progress: ProgressCallback | None = None) -> LearnedModel:
    """The boosted Poisson model fitted on the lixel x period samples before ``as_of`` (events at
    or after ``as_of`` are dropped first), with its parameters: sample sizes, features, model
    settings and, when ``settings.evaluate``, the holdout deviances (model, one constant rate, the
    segment baseline's rate) and the permutation importances ``[feature, mean, std]``."""
    settings = settings or NetworkLearnedSettings()
    if not (isinstance(as_of, (int, float, np.number)) and math.isfinite(as_of)):
        raise ValueError(f"AS_OF must be a moment in days since 1970-01-01, got {as_of!r}")
    if not (horizon > 0 and math.isfinite(horizon)):
        raise ValueError(f"the horizon must be a positive number of days (e.g. 7), got {horizon}")
    lixel = np.asarray(lixel, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    past = (t < as_of) & (lixel >= 0) & np.isfinite(t)
    if not past.any():
        raise ValueError("no event on the network before AS_OF: the forecast learns from past events; choose a "
                         "later AS_OF or a larger snapping distance")
    weight = np.ones(lixel.size) if weight is None else np.asarray(weight, dtype=np.float64)
    if (weight[past] < 0).any() or not np.isfinite(weight[past]).all():
        raise ValueError("event weights must be finite and >= 0 (counts are modelled): fix or drop the weight field")
    report = ProgressReporter(progress)
    report(0.0)
    if near is None:
        near = neighbourhoods(net, settings, lambda fraction: report(0.05 * fraction))
    builder = NetworkFeatureBuilder(net, lixel[past], t[past], weight[past], settings, near)
    starts = training_starts(float(t[past].min()), as_of, horizon, settings)
    sklearn = _import_sklearn()
    data = build_training_set(builder, starts, horizon, settings, report, (0.05, 0.4))
    _check_targets(data, f"the {starts.size} training periods of {horizon:g} days before AS_OF")
    with sklearn["threadpool_limits"](limits=settings.n_threads, user_api="openmp"):
        evaluation = (_holdout(sklearn, data, builder, settings, report) if settings.evaluate else
                      {"holdout_d2": None, "importances": None})
        model = _fit(sklearn, data, builder, settings, report, (0.7, 0.95))
    parameters: dict[str, Any] = {
        "method": "gradient-boosted Poisson regression on lixel x period samples",
        "as_of_days": float(as_of), "as_of": str(datetime64_from_days(as_of)), "horizon_days": float(horizon),
        "events_used": int(past.sum()), "training_periods": int(starts.size),
        "first_training_period_start": str(datetime64_from_days(starts[0])),
        "training_samples": int(data.y.size), "training_positive_samples": int((data.y > 0).sum()),
        "zero_sampling_rate": data.zero_sampling_rate, "features": list(builder.feature_names),
        "half_lives_days": list(settings.half_lives), "ring_radii_m": list(settings.ring_radii),
        "near_repeat_reach_m": settings.near_repeat_reach, "near_repeat_days": settings.near_repeat_days,
        "model": "HistGradientBoostingRegressor",
        **{f"model_{k}": v for k, v in settings.model_parameters().items()},
        "model_iterations": int(model.n_iter_), "seed": settings.seed, **evaluation,
    }
    return LearnedModel(model, builder, parameters, settings.n_threads)


def network_learned_forecast(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None,
                             as_of: float, horizon: float, settings: NetworkLearnedSettings | None = None,
                             progress: ProgressCallback | None = None) -> NetworkRisk:
    """Expected events per lixel over ``[as_of, as_of + horizon)`` from the events before ``as_of``;
    the parameters are :func:`fit_learned`'s and the expected total."""
    report = ProgressReporter(progress)
    fitted = fit_learned(net, lixel, t, weight, as_of, horizon, settings, progress=lambda f: report(0.95 * f))
    features = fitted.builder.at(as_of)
    expected = fitted.predict(as_of, features)
    report(1.0)
    why = why_red(net, expected / net.lixel_length, features, fitted.builder.feature_names,
                  [row[0] for row in (fitted.parameters.get("importances") or [])[:EXPLAINED_FEATURES]])
    return NetworkRisk(expected, net, UNITS, {**fitted.parameters, "expected_total": float(expected.sum()),
                                              "why_red": why})


def why_red(net: StreetNetwork, per_metre: np.ndarray, features: np.ndarray, names: list[str],
            explained: list[str], share: float = 0.05) -> list[list]:
    """``[feature, mean on the riskiest streets, mean on the network]`` for each ``explained`` feature:
    length-weighted means over the lixels in the top ``share`` of street length by risk per metre
    (:func:`.network_score.length_percentile_classes`) and over the whole network."""
    classes = length_percentile_classes(per_metre, net.lixel_length)
    top = classes <= int(np.searchsorted(LENGTH_CLASSES, share) + 1)
    if not top.any():
        return []
    rows = []
    for name in explained:
        column = features[:, names.index(name)]
        rows.append([name, float(np.average(column[top], weights=net.lixel_length[top])),
                     float(np.average(column, weights=net.lixel_length))])
    return rows


def learned_method(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None,
                   settings: NetworkLearnedSettings | None = None,
                   refit_every: int = 1) -> Callable[[np.ndarray, float, float], np.ndarray]:
    """The learned forecast as a :mod:`.network_backtest` method (values per metre). The model is
    refitted at every ``refit_every``-th origin on the events before it; in between, the last model
    is applied to features at the new origin (still from the events before that origin only)."""
    settings = settings or NetworkLearnedSettings()
    if int(refit_every) != refit_every or refit_every < 1:
        raise ValueError(f"refit_every must be a whole number of origins >= 1, got {refit_every}")
    lixel = np.asarray(lixel, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    weight = None if weight is None else np.asarray(weight, dtype=np.float64)
    near = neighbourhoods(net, settings)
    state: dict[str, Any] = {"calls": 0, "model": None}

    def method(past: np.ndarray, as_of: float, horizon: float) -> np.ndarray:
        if state["model"] is None or state["calls"] % refit_every == 0:
            state["model"] = fit_learned(net, lixel[past], t[past], None if weight is None else weight[past],
                                         as_of, horizon, settings, near)
        state["calls"] += 1
        fitted: LearnedModel = state["model"]
        fitted.builder.set_events(lixel[past], t[past], None if weight is None else weight[past])
        return fitted.predict(as_of) / net.lixel_length
    return method
