"""Forecasts on the street network: the network prospective hotspot and a long-memory
baseline on street segments.

Network prospective hotspot (Rosser, Davies, Bowers, Johnson & Cheng 2017): the Bowers
weighting of prospective hotspotting with distances along the streets. Each event ``e``
of the look-back window raises the risk of lixel ``l`` by

``w_e / ((1 + d(e, l) / u) (1 + (as_of - t_e) / 7))`` for ``d <= h_s`` and ``as_of - t_e <= h_t``,

with ``d`` the network distance from the event to the lixel's midpoint, ``u`` the
distance unit (the lixel length by default, as Bowers et al. counted whole cells) and
time in weeks. The bandwidths ``h_s`` (metres along the street) and ``h_t`` (days) come
from a Knox test, or from :func:`choose_bandwidths`: the pair that scored best at a
coverage on the last periods before ``as_of`` (an internal validation that reads only
events before ``as_of``). Risk is relative: divided by its length-weighted mean over the
network, so 1 = the network's average risk per metre.

Long-memory baseline (:func:`network_decayed_counts`): every past event weighted by
``2 ** (-age / half_life)``, counted per street segment (junction to junction, the unit of
Weisburd's street-segment studies) and shared among its lixels by length, turned into a
rate per day and scaled to the horizon: expected events per lixel over the horizon.

References
----------
Rosser, G., Davies, T., Bowers, K. J., Johnson, S. D., & Cheng, T. (2017). Predictive crime
mapping: arbitrary grids or street networks? Journal of Quantitative Criminology 33(3),
569-594.
Bowers, K. J., Johnson, S. D., & Pease, K. (2004). Prospective hot-spotting: the future of
crime mapping? British Journal of Criminology 44(5), 641-658.
Weisburd, D. (2015). The law of crime concentration and the criminology of place.
Criminology 53(2), 133-157.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .events import datetime64_from_days
from .network import NetworkRisk, StreetNetwork
from .network_paths import iter_event_distances, midpoint_distances
from .network_score import network_scores
from .progress import ProgressCallback, ProgressReporter

__all__ = ["UNITS", "EXPECTED_UNITS", "WEEK_DAYS", "near_repeat_scores", "near_repeat_score_table",
           "network_near_repeat", "network_decayed_counts", "choose_bandwidths"]

UNITS = "relative risk (1 = network average per metre)"
EXPECTED_UNITS = "expected events per lixel over the horizon"
#: Bowers' time unit: a week.
WEEK_DAYS = 7.0


def _positive(name: str, value: float, unit: str) -> float:
    if not (isinstance(value, (int, float, np.number)) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number of {unit}, got {value!r}")
    return float(value)


def near_repeat_scores(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, t: np.ndarray,
                       weight: np.ndarray | None, as_of: float, space_bandwidth: float, time_bandwidth: float,
                       space_unit: float | None = None,
                       progress: ProgressCallback | None = None) -> tuple[np.ndarray, int]:
    """Raw Bowers score per lixel and the number of triggering events (see the module docstring)."""
    scores, triggers = near_repeat_score_table(net, lixel, position, t, weight, as_of, (space_bandwidth,),
                                               (time_bandwidth,), space_unit, progress)
    return scores[(float(space_bandwidth), float(time_bandwidth))], triggers[float(time_bandwidth)]


def near_repeat_score_table(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, t: np.ndarray,
                            weight: np.ndarray | None, as_of: float, space_bandwidths: Sequence[float],
                            time_bandwidths: Sequence[float], space_unit: float | None = None,
                            progress: ProgressCallback | None = None) -> tuple[dict, dict]:
    """Raw Bowers scores per lixel for every pair of bandwidths at once (one search of the
    network up to the longest space bandwidth): ``{(space, time): score}`` and the number
    of triggering events per time bandwidth ``{time: count}``."""
    spaces = sorted({_positive("the space bandwidth", float(h), "metres") for h in space_bandwidths})
    times = sorted({_positive("the time bandwidth", float(h), "days") for h in time_bandwidths})
    unit = float(np.median(net.lixel_length)) if space_unit is None else _positive("the distance unit", space_unit,
                                                                                  "metres")
    lixel = np.asarray(lixel, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    weight = np.ones(lixel.size) if weight is None else np.asarray(weight, dtype=np.float64)
    age = as_of - t
    trigger = (lixel >= 0) & (age > 0) & (age <= times[-1])
    event_weight = np.where(trigger, weight / (1.0 + np.where(trigger, age, 0.0) / WEEK_DAYS), 0.0)
    scores = {(space, time): np.zeros(net.n_lixels) for space in spaces for time in times}
    report = ProgressReporter(progress)
    done = 0
    for event, target, d_start, d_end in iter_event_distances(net, np.where(trigger, lixel, -1), position,
                                                              spaces[-1]):
        d = midpoint_distances(net, event, target, d_start, d_end, lixel, position)
        value = event_weight[event] / (1.0 + d / unit)
        for space in spaces:
            near = d <= space * (1 + 1e-9)
            for time in times:
                keep = near & (age[event] <= time)
                scores[(space, time)] += np.bincount(target[keep], weights=value[keep], minlength=net.n_lixels)
        done += np.unique(event).size
        report(0.99 * done / max(1, int(trigger.sum())))
    report(1.0)
    counts = {time: int(np.count_nonzero(trigger & (age <= time))) for time in times}
    return scores, counts


def network_near_repeat(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, t: np.ndarray,
                        weight: np.ndarray | None, as_of: float, space_bandwidth: float, time_bandwidth: float,
                        space_unit: float | None = None, progress: ProgressCallback | None = None) -> NetworkRisk:
    """Network prospective hotspot at ``as_of`` (days since 1970-01-01), relative risk per lixel."""
    if not (isinstance(as_of, (int, float, np.number)) and math.isfinite(as_of)):
        raise ValueError(f"as_of must be a moment in days since 1970-01-01, got {as_of!r}")
    score, triggers = near_repeat_scores(net, lixel, position, t, weight, as_of, space_bandwidth,
                                         time_bandwidth, space_unit, progress)
    mean = float(np.sum(score) / net.total_length)  # the score is per lixel: per metre below
    per_metre = score / net.lixel_length
    values = per_metre / mean if mean > 0 else per_metre
    parameters: dict[str, Any] = {
        "method": "network prospective hotspot", "space_bandwidth_m": float(space_bandwidth),
        "time_bandwidth_days": float(time_bandwidth),
        "space_unit_m": float(np.median(net.lixel_length)) if space_unit is None else float(space_unit),
        "time_unit_days": WEEK_DAYS, "as_of_days": float(as_of), "as_of": str(datetime64_from_days(as_of)),
        "triggering_events": triggers,
    }
    return NetworkRisk(values=values, network=net, units=UNITS, parameters=parameters)


def network_decayed_counts(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None,
                           as_of: float, horizon: float, half_life: float = 365.0) -> NetworkRisk:
    """Long-memory decayed counts per street segment, as expected events per lixel over ``horizon``."""
    horizon = _positive("the horizon", horizon, "days")
    half_life = _positive("the half-life", half_life, "days")
    lixel = np.asarray(lixel, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    weight = np.ones(lixel.size) if weight is None else np.asarray(weight, dtype=np.float64)
    past = (lixel >= 0) & (t < as_of)
    parameters: dict[str, Any] = {"method": "long-term decayed counts on street segments",
                                  "half_life_days": half_life, "events_used": int(past.sum())}
    if not past.any():
        return NetworkRisk(np.zeros(net.n_lixels), net, EXPECTED_UNITS, {**parameters, "exposure_days": 0.0})
    decay = math.log(2.0) / half_life
    history = as_of - float(t[past].min())
    exposure = max(-math.expm1(-decay * history) / decay, 1.0)
    with np.errstate(over="ignore"):
        decayed = weight[past] * np.exp(-decay * (as_of - t[past]))
    chain = net.lixel_chain[lixel[past]]
    per_chain = np.bincount(chain, weights=decayed, minlength=net.n_chains)
    share = net.lixel_length / net.chain_length[net.lixel_chain]
    values = per_chain[net.lixel_chain] * share / exposure * horizon
    return NetworkRisk(values, net, EXPECTED_UNITS, {**parameters, "exposure_days": exposure})


def choose_bandwidths(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, t: np.ndarray,
                      weight: np.ndarray | None, as_of: float, horizon: float,
                      space_candidates: Sequence[float], time_candidates: Sequence[float],
                      periods: int = 4, coverage: float = 0.05) -> tuple[float, float, list[dict[str, Any]]]:
    """(space metres, time days, table): the bandwidths whose forecasts caught the most
    events at ``coverage`` of network length, on the ``periods`` horizons just before
    ``as_of`` (each forecast reads only the events before its period). Ties go to the
    smaller bandwidths."""
    horizon = _positive("the horizon", horizon, "days")
    if periods < 1:
        raise ValueError(f"the validation needs at least one period, got {periods}")
    lixel = np.asarray(lixel, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    hits: dict[tuple[float, float], list[float]] = {}
    for k in range(periods, 0, -1):
        start = as_of - k * horizon
        seen = t < start
        scores, _ = near_repeat_score_table(net, np.where(seen, lixel, -1), position, t, weight, start,
                                            space_candidates, time_candidates)
        scored = lixel[(t >= start) & (t < start + horizon) & (lixel >= 0)]
        for pair, score in scores.items():
            rate = network_scores(score / net.lixel_length, net.lixel_length, scored, (coverage,))[0]["hit_rate"]
            hits.setdefault(pair, []).append(rate)
    table = [{"space_bandwidth_m": space, "time_bandwidth_days": time,
              "mean_hit_rate": float(np.nanmean(rates)) if np.isfinite(rates).any() else math.nan}
             for (space, time), rates in sorted(hits.items())]
    best = max(table, key=lambda row: (np.nan_to_num(row["mean_hit_rate"], nan=-1.0),
                                       -row["space_bandwidth_m"], -row["time_bandwidth_days"]))
    return best["space_bandwidth_m"], best["time_bandwidth_days"], table
