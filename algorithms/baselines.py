"""Baselines every forecasting method must beat.

Each baseline has the backtest's method signature
``baseline(events, grid, as_of, horizon) -> RiskSurface`` and looks only at the
events strictly before ``as_of`` (days since 1970-01-01), whatever it is given.

* :func:`last_period_counts`: the events of the last ``window`` days (default:
  one horizon) per cell, scaled to the horizon: "what happened last period happens
  again" (the naive forecast of Chainey et al. 2008 and of most hot-spot practice).
* :func:`decayed_counts`: every past event, weighted by ``2 ** (-age / half_life)``,
  turned into a rate per day and scaled to the horizon: long-term hot spots with a
  slow fade (the exponentially weighted moving average of Brown 1959 applied per
  cell). Rate = weighted count / weighted exposure, where the exposure
  ``∫ 2 ** (-s / half_life) ds`` runs over the history seen, from the first event
  to ``as_of``.
* :func:`uniform_random`: independent uniform scores, a chance-level map whose
  expected PAI is 1; with continuous random values ties have probability zero.
  Its generator is seeded by ``seed`` and ``as_of``, so each fold gets its own
  surface and the same inputs give the same surface.

The first two are in *expected events per cell over the next ``horizon`` days*, so
they can feed the patrol planner directly. Event weights count (1 by default).
A naive kernel density over a look-back window lives in the KDE module.

References
----------
Chainey, S., Tompson, L., & Uhlig, S. (2008). The utility of hotspot mapping for
predicting spatial patterns of crime. Security Journal 21, 4-28.
Brown, R. G. (1959). Statistical Forecasting for Inventory Control. McGraw-Hill.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Callable

import numpy as np

from .events import EventSet
from .grid import Grid
from .surface import RiskSurface

__all__ = ["DEFAULT_HALF_LIFE", "LAST_PERIOD", "DECAYED", "RANDOM", "expected_units", "last_period_counts",
           "decayed_counts", "decayed_weighted_counts", "uniform_random", "default_baselines"]

#: Default half-life of :func:`decayed_counts`, days.
DEFAULT_HALF_LIFE = 365.0
LAST_PERIOD = "last-period counts"
DECAYED = "long-term decayed counts"
RANDOM = "uniform random"


def _positive_days(value: float, name: str) -> float:
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a positive number of days, got {value}")
    return float(value)


def _horizon_scale(horizon: float, days: float, what: str) -> float:
    """``horizon / days``; ValueError when ``days`` is too short for the ratio to be a number."""
    scale = horizon / days if days > 0 else math.inf
    if not math.isfinite(scale):
        raise ValueError(f"{what} ({days:g} days) is too short against a horizon of {horizon:g} days: "
                         "lengthen it")
    return scale


def expected_units(horizon: float) -> str:
    """Units of a forecast of ``horizon`` days (shared by every forecaster)."""
    return f"expected events per cell in the next {horizon:g} days"


def last_period_counts(events: EventSet, grid: Grid, as_of: float, horizon: float,
                       window: float | None = None) -> RiskSurface:
    """Events of ``[as_of - window, as_of)`` per cell, times ``horizon / window``
    (``window`` defaults to ``horizon``, in days)."""
    horizon = _positive_days(horizon, "the horizon")
    window = horizon if window is None else _positive_days(window, "the look-back window")
    recent = events.between(as_of - window, as_of)
    scale = _horizon_scale(horizon, window, "the look-back window")
    values = grid.count(recent.x, recent.y, recent.weight) * scale
    return RiskSurface(values, grid, expected_units(horizon), {
        "method": LAST_PERIOD, "window_days": window, "events_in_window": len(recent),
    })


def decayed_counts(events: EventSet, grid: Grid, as_of: float, horizon: float,
                   half_life: float = DEFAULT_HALF_LIFE) -> RiskSurface:
    """Exponentially decayed rate of past events per cell, scaled to ``horizon`` days."""
    horizon = _positive_days(horizon, "the horizon")
    half_life = _positive_days(half_life, "the half-life")
    past = events.before(as_of)
    parameters = {"method": DECAYED, "half_life_days": half_life, "events_used": len(past)}
    if len(past) == 0:
        return RiskSurface(np.zeros(grid.shape), grid, expected_units(horizon),
                           {**parameters, "exposure_days": 0.0})
    counts, exposure, history = decayed_weighted_counts(past, grid, as_of, half_life)
    scale = _horizon_scale(horizon, exposure, "the decay-weighted history")
    values = counts * scale
    return RiskSurface(values, grid, expected_units(horizon),
                       {**parameters, "exposure_days": exposure, "history_days": history})


def decayed_weighted_counts(past: EventSet, grid: Grid, as_of: float,
                            half_life: float) -> tuple[np.ndarray, float, float]:
    """Decay-weighted counts per cell of the (non-empty) events ``past`` before ``as_of``, the
    weighted days of history (exposure) and the history's length in days.

    Counts / exposure is the decayed daily rate of each cell."""
    decay = math.log(2.0) / half_life
    history = as_of - float(past.t.min())
    exposure = -math.expm1(-decay * history) / decay  # weighted days of history
    with np.errstate(over="ignore"):  # an exponent overflowing to -inf gives weight 0, its limit
        weights = past.weight * np.exp(-decay * (as_of - past.t))
    return grid.count(past.x, past.y, weights), exposure, history


def _fold_key(as_of: float) -> int:
    """A non-negative integer that identifies ``as_of`` exactly (its float64 bits)."""
    return int(np.float64(as_of).view(np.uint64))


def uniform_random(events: EventSet, grid: Grid, as_of: float, horizon: float,
                   seed: int = 0) -> RiskSurface:
    """Uniform random scores in [0, 1); same ``seed`` and ``as_of`` -> same surface."""
    if int(seed) != seed or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed}")
    rng = np.random.default_rng([int(seed), _fold_key(as_of)])
    return RiskSurface(rng.random(grid.shape), grid, "random score (no meaning)",
                       {"method": RANDOM, "seed": int(seed)})


def default_baselines(window: float | None = None, half_life: float = DEFAULT_HALF_LIFE,
                      seed: int = 0) -> dict[str, Callable[[EventSet, Grid, float, float], RiskSurface]]:
    """The three baselines, named, ready for :func:`~.evaluate.backtest`."""
    return {
        LAST_PERIOD: partial(last_period_counts, window=window),
        DECAYED: partial(decayed_counts, half_life=half_life),
        RANDOM: partial(uniform_random, seed=seed),
    }
