"""Rolling-origin backtest on the street network: "grid or network?" on the analyst's own data.

Each method forecasts at the start of every fold from the events before it and is scored
on the fold's events by coverage of network length (:func:`.network_score.network_scores`,
Rosser et al. 2017). A network method returns one value per lixel, comparable per metre;
a grid method (any forecaster of the grid backtest) is read on the streets through the
cell of each lixel's midpoint (:func:`grid_method_on_network`), so both are judged on the
same streets, the same events and the same length of street. Methods are compared with
the paired, autocorrelation-aware test of the grid backtest
(:func:`.network_score.compare_hit_rates`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .evaluate import rolling_folds
from .events import EventSet
from .grid import Grid
from .network import StreetNetwork
from .network_forecast import network_decayed_counts, network_near_repeat
from .network_score import compare_hit_rates, lixel_values_from_grid, network_scores
from .progress import ProgressCallback, ProgressReporter

__all__ = ["NetworkMethod", "NetworkBacktest", "near_repeat_method", "decayed_counts_method",
           "grid_method_on_network", "network_backtest"]

#: ``method(past, as_of, horizon) -> values per lixel`` (comparable per metre), ``past`` being the indices
#: of the events strictly before ``as_of`` in the backtest's arrays.
NetworkMethod = Callable[[np.ndarray, float, float], np.ndarray]


@dataclass
class NetworkBacktest:
    """Rows (method, fold, start, end, coverage, hits, events, hit_rate, pai), the mean hit rate
    and PAI per method and coverage, and the paired comparisons against ``reference``."""

    rows: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]


def near_repeat_method(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, t: np.ndarray,
                       weight: np.ndarray | None, space_bandwidth: float, time_bandwidth: float) -> NetworkMethod:
    """The network prospective hotspot as a backtest method."""
    weight = np.ones(np.size(lixel)) if weight is None else np.asarray(weight, dtype=np.float64)

    def method(past: np.ndarray, as_of: float, horizon: float) -> np.ndarray:
        return network_near_repeat(net, lixel[past], position[past], t[past], weight[past], as_of,
                                   space_bandwidth, time_bandwidth).values
    return method


def decayed_counts_method(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None,
                          half_life: float = 365.0) -> NetworkMethod:
    """Long-memory decayed counts on street segments as a backtest method (ranked per metre)."""
    weight = np.ones(np.size(lixel)) if weight is None else np.asarray(weight, dtype=np.float64)

    def method(past: np.ndarray, as_of: float, horizon: float) -> np.ndarray:
        risk = network_decayed_counts(net, lixel[past], t[past], weight[past], as_of, horizon, half_life)
        return risk.values / net.lixel_length
    return method


def grid_method_on_network(net: StreetNetwork, grid: Grid, grid_method: Callable, events: EventSet) -> NetworkMethod:
    """A grid forecaster ``grid_method(events, grid, as_of, horizon) -> RiskSurface | array`` as a
    network method: it sees the same past events at their own points (``events``, in the
    order of the backtest's arrays) and its cells are read on the streets."""
    def method(past: np.ndarray, as_of: float, horizon: float) -> np.ndarray:
        result = grid_method(events.subset(past), grid, as_of, horizon)
        values = getattr(result, "values", result)
        return lixel_values_from_grid(net, grid, np.asarray(values, dtype=np.float64))
    return method


def network_backtest(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, methods: dict[str, NetworkMethod],
                     test_start: float, folds: int, horizon: float,
                     coverages: Sequence[float] = (0.01, 0.05, 0.10), reference: str | None = None,
                     compare_at: float = 0.05, progress: ProgressCallback | None = None) -> NetworkBacktest:
    """Score every method at each of ``folds`` rolling origins from ``test_start`` (days), one
    ``horizon`` each, on the events snapped to the network (``lixel`` >= 0); compare each
    method with ``reference`` (default: the first) at ``compare_at`` coverage."""
    if not methods:
        raise ValueError("the backtest needs at least one method")
    reference = reference or next(iter(methods))
    if reference not in methods:
        raise ValueError(f"the reference method {reference!r} is not among the methods")
    lixel = np.asarray(lixel, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    report = ProgressReporter(progress)
    periods = rolling_folds(test_start, folds, horizon)
    rows = []
    for k, (start, end) in enumerate(periods):
        past = np.flatnonzero(t < start)
        scored = lixel[(t >= start) & (t < end) & (lixel >= 0)]
        for name, method in methods.items():
            values = method(past, start, horizon)
            for score in network_scores(values, net.lixel_length, scored, coverages):
                rows.append({"method": name, "fold": k, "start": start, "end": end, **score})
        report((k + 1) / len(periods))
    return NetworkBacktest(rows, _summary(rows, methods, coverages), _comparisons(rows, methods, reference, compare_at))


def _by(rows, method: str, coverage: float, metric: str) -> np.ndarray:
    return np.array([r[metric] for r in rows if r["method"] == method and math.isclose(r["coverage"], coverage)])


def _summary(rows, methods, coverages) -> list[dict[str, Any]]:
    out = []
    for name in methods:
        for coverage in coverages:
            hit = _by(rows, name, coverage, "hit_rate")
            pai = _by(rows, name, coverage, "pai")
            out.append({"method": name, "coverage": float(coverage),
                        "mean_hit_rate": float(np.nanmean(hit)) if np.isfinite(hit).any() else math.nan,
                        "mean_pai": float(np.nanmean(pai)) if np.isfinite(pai).any() else math.nan,
                        "folds": int(np.isfinite(hit).sum())})
    return out


def _comparisons(rows, methods, reference: str, coverage: float) -> list[dict[str, Any]]:
    base = _by(rows, reference, coverage, "hit_rate")
    return [{"method": name, "reference": reference, "coverage": float(coverage),
             **compare_hit_rates(_by(rows, name, coverage, "hit_rate"), base)}
            for name in methods if name != reference]
