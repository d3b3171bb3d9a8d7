"""Rolling-origin backtest on the street network: "grid or network?" on the analyst's own data.

The grid backtest (:func:`.evaluate.backtest`) scores by coverage of street length when it is
given a :class:`LengthScoring`: the fold's events are counted on the lixels they were snapped
to, lixels are taken in decreasing risk per metre until a share of the street length
(:func:`.network_score.scores_from_counts`, Rosser et al. 2017), and a grid method (any
forecaster of the grid backtest) is read on the streets through the cell of each lixel's
midpoint, so a cell is taken with all its streets. Street methods (:func:`street_methods`:
the network prospective hotspot and long-term counts per street segment) return one value
per lixel, comparable per metre. Every method is then judged on the same streets, the same
events and the same length of street, with the backtest's paired, autocorrelation-aware test;
:func:`streets_or_grid` answers "grid or streets?" with that test in both directions.
:func:`network_backtest` is the same backtest for methods written on the arrays' indices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Callable, Sequence

import numpy as np

from .evaluate import VERDICT_LEVEL, BacktestResult, CoverageScore, Method, backtest, compare_to_baselines
from .events import EventSet
from .grid import Grid
from .network import NetworkRisk, StreetNetwork
from .network_forecast import network_decayed_counts, network_near_repeat
from .network_score import compare_hit_rates, length_hit_curve, lixel_values_from_grid, scores_from_counts
from .progress import ProgressCallback
from .surface import RiskSurface

__all__ = ["NetworkMethod", "NetworkBacktest", "IndexedEvents", "LengthScoring", "STREET_METHODS",
           "NETWORK_NEAR_REPEAT", "NETWORK_DECAYED", "NETWORK_LEARNED", "LEARNED_REFIT_EVERY", "is_street_method", "near_repeat_method",
           "decayed_counts_method", "street_methods", "on_indices", "grid_method_on_network", "streets_or_grid",
           "network_backtest"]

#: ``method(past, as_of, horizon) -> values per lixel`` (comparable per metre; an array or a
#: :class:`.network.NetworkRisk`), ``past`` being the indices of the events strictly before
#: ``as_of`` in the backtest's arrays.
NetworkMethod = Callable[[np.ndarray, float, float], Any]

#: Names of the street methods the backtest adds with a network, their labels and whether each is a baseline.
NETWORK_NEAR_REPEAT = "network_nearrepeat"
NETWORK_DECAYED = "network_decayed"
NETWORK_LEARNED = "network_learned"
STREET_METHODS: dict[str, tuple[str, bool]] = {
    NETWORK_NEAR_REPEAT: ("Near-repeat along the streets", False),
    NETWORK_DECAYED: ("Long-term decayed counts on street segments", True),
    NETWORK_LEARNED: ("Learned forecast on the streets", False),
}
#: The street learned forecast is refitted every this many folds (features are still read at each fold's start).
LEARNED_REFIT_EVERY = 4


def is_street_method(name: str) -> bool:
    """Whether a backtest method name is one of :data:`STREET_METHODS` (read on lixels, not cells)."""
    return name in STREET_METHODS


@dataclass
class NetworkBacktest:
    """Rows (method, fold, start, end, coverage, hits, events, hit_rate, pai), the mean hit rate
    and PAI per method and coverage, and the paired comparisons against ``reference``."""

    rows: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]


@dataclass(frozen=True)
class IndexedEvents(EventSet):
    """Events that keep their positions in the backtest's arrays (``index``) through every subset,
    so that a street method finds the lixel each past event was snapped to."""

    index: np.ndarray | None = None

    @classmethod
    def of(cls, events: EventSet) -> "IndexedEvents":
        """``events`` numbered 0..n-1."""
        return cls(**{f.name: getattr(events, f.name) for f in fields(EventSet)}, index=np.arange(len(events)))

    def subset(self, keep: np.ndarray) -> "IndexedEvents":
        part = super().subset(keep)
        return IndexedEvents(**{f.name: getattr(part, f.name) for f in fields(EventSet)}, index=self.index[keep])


def _indices(events: EventSet) -> np.ndarray:
    if not isinstance(events, IndexedEvents):
        raise ValueError("a street method reads the backtest's IndexedEvents (events numbered as the snapped "
                         "arrays); give the backtest IndexedEvents.of(events)")
    return events.index


class LengthScoring:
    """Scores :func:`.evaluate.backtest` by share of street length (Rosser et al. 2017).

    ``lixel``: the lixel each of the backtest's events was snapped to (-1: none), in the order of
    its :class:`IndexedEvents`. The scored streets are the lixels whose midpoint lies in the grid's
    study area (all lixels when ``grid`` is None); events on other lixels count as outside.
    In the rows, ``cells`` counts the lixels taken and ``area_share`` is the share of street length;
    PEI* compares with the most events any street pieces of the same length could hold.
    """

    scored_on = "street length"

    def __init__(self, net: StreetNetwork, lixel: np.ndarray, grid: Grid | None = None) -> None:
        self.net, self.grid = net, grid
        self.lixel = np.asarray(lixel, dtype=np.int64)
        inside = np.ones(net.n_lixels, dtype=bool)
        if grid is not None:
            inside = np.isfinite(lixel_values_from_grid(net, grid, np.where(grid.inside, 0.0, np.nan)))
        if not inside.any():
            raise ValueError("no street of the network lies in the study area: check the network covers it")
        self.inside = inside
        self.length = net.lixel_length[inside]
        self.n_units = int(inside.sum())

    def fold_counts(self, target: EventSet, share: np.ndarray | None) -> tuple[np.ndarray, int]:
        """The fold's events (or their shares) per scored lixel and how many lie off the scored streets."""
        lixel = self.lixel[_indices(target)]
        on = lixel >= 0
        on[on] = self.inside[lixel[on]]
        weight = np.ones(lixel.size) if share is None else np.asarray(share, dtype=np.float64)
        counts = np.bincount(lixel[on], weights=weight[on], minlength=self.net.n_lixels)[self.inside]
        return counts, int(lixel.size - np.count_nonzero(on))

    def values(self, output: Any, name: str) -> tuple[np.ndarray, dict[str, Any]]:
        """One value per scored lixel, comparable per metre: a grid method's cells read on the streets,
        a street method's values as they are."""
        parameters = dict(getattr(output, "parameters", {}) or {})
        if getattr(output, "warnings", None):
            parameters["warnings"] = list(output.warnings)
        values = np.asarray(getattr(output, "values", output), dtype=np.float64)
        if isinstance(output, RiskSurface) or values.ndim == 2:
            if self.grid is None or values.shape != self.grid.shape:
                raise ValueError(f"method {name!r} returned a {values.shape} surface; build it on the backtest's grid")
            values = lixel_values_from_grid(self.net, self.grid, values)
        elif values.shape != (self.net.n_lixels,):
            raise ValueError(f"method {name!r} returned {values.shape} values for {self.net.n_lixels} lixels")
        return values[self.inside], parameters

    def score(self, values: np.ndarray, counts: np.ndarray,
              coverages: Sequence[float]) -> tuple[list[CoverageScore], np.ndarray, np.ndarray, int]:
        """Scores at the coverages, the hit-rate curve (length share, hit rate) and the unscored lixels."""
        rows = scores_from_counts(values, self.length, counts, coverages)
        best = scores_from_counts(counts / self.length, self.length, counts, coverages)
        scores = [CoverageScore(coverage=r["coverage"], cells=r["lixels"], area_share=r["length_share"],
                                n_events=float(counts.sum()), hits=r["hits"], hit_rate=r["hit_rate"], pai=r["pai"],
                                pei_star=r["hits"] / b["hits"] if b["hits"] > 0 else math.nan)
                  for r, b in zip(rows, best)]
        share, hit = length_hit_curve(values, self.length, counts)
        return scores, share, hit, int(np.count_nonzero(np.isnan(values)))

    def unscored(self, coverages: Sequence[float], n_events: float) -> list[CoverageScore]:
        """NaN scores for a fold a method failed on."""
        return [CoverageScore(float(c), 0, float(c), n_events, math.nan, math.nan, math.nan, math.nan)
                for c in coverages]


def near_repeat_method(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, t: np.ndarray,
                       weight: np.ndarray | None, space_bandwidth: float, time_bandwidth: float) -> NetworkMethod:
    """The network prospective hotspot as a backtest method."""
    weight = np.ones(np.size(lixel)) if weight is None else np.asarray(weight, dtype=np.float64)

    def method(past: np.ndarray, as_of: float, horizon: float) -> NetworkRisk:
        return network_near_repeat(net, lixel[past], position[past], t[past], weight[past], as_of,
                                   space_bandwidth, time_bandwidth)
    return method


def decayed_counts_method(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, weight: np.ndarray | None,
                          half_life: float = 365.0) -> NetworkMethod:
    """Long-memory decayed counts on street segments as a backtest method (ranked per metre)."""
    weight = np.ones(np.size(lixel)) if weight is None else np.asarray(weight, dtype=np.float64)

    def method(past: np.ndarray, as_of: float, horizon: float) -> NetworkRisk:
        risk = network_decayed_counts(net, lixel[past], t[past], weight[past], as_of, horizon, half_life)
        return NetworkRisk(risk.values / net.lixel_length, net, risk.units + " per metre", risk.parameters)
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


def on_indices(method: NetworkMethod) -> Method:
    """A :data:`NetworkMethod` as a method of :func:`.evaluate.backtest` (which hands it
    :class:`IndexedEvents`)."""
    def run(past: EventSet, grid: Grid, as_of: float, horizon: float) -> Any:
        return method(_indices(past), as_of, horizon)
    return run


def street_methods(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, events: EventSet,
                   space_bandwidth: float, time_bandwidth: float, half_life: float = 365.0,
                   learned_seed: int | None = None) -> dict[str, Method]:
    """The street methods of :data:`STREET_METHODS` for :func:`.evaluate.backtest` on ``events``
    (snapped to ``lixel`` at ``position``, given to the backtest as :class:`IndexedEvents`); the
    learned forecast on the streets (one fit every :data:`LEARNED_REFIT_EVERY` folds) only with a
    ``learned_seed``."""
    methods = {NETWORK_NEAR_REPEAT: on_indices(near_repeat_method(net, lixel, position, events.t, events.weight,
                                                                  space_bandwidth, time_bandwidth)),
               NETWORK_DECAYED: on_indices(decayed_counts_method(net, lixel, events.t, events.weight, half_life))}
    if learned_seed is not None:
        from .network_learned import NetworkLearnedSettings, learned_method  # scikit-learn: only when asked

        settings = NetworkLearnedSettings(n_threads=1, evaluate=False, seed=int(learned_seed))
        methods[NETWORK_LEARNED] = on_indices(learned_method(net, lixel, events.t, events.weight, settings,
                                                             refit_every=LEARNED_REFIT_EVERY))
    return methods


def streets_or_grid(result: BacktestResult, coverage: float = 0.05, metric: str = "pai") -> dict[str, Any]:
    """Grid or streets? The best street method against the best grid method by the backtest's test
    (:func:`.evaluate.compare_to_baselines`: one-sided, Holm-adjusted over the methods of the side
    tested, at :data:`.evaluate.VERDICT_LEVEL`), in both directions.

    Returns ``winner`` ("streets", "grid" or None when neither is clearly better, or when a side has
    no method), ``streets`` (the comparison with the street methods as contenders and the grid ones as
    the reference, as compare_to_baselines returns it) and ``grid`` (the other way round).
    """
    street = [m for m in result.methods if is_street_method(m)]
    grid = [m for m in result.methods if not is_street_method(m)]
    streets_first = compare_to_baselines(result, grid, coverage, metric)
    grid_first = compare_to_baselines(result, street, coverage, metric)
    winner = None
    if street and grid:
        if streets_first["p_adjusted"] <= VERDICT_LEVEL:
            winner = "streets"
        elif grid_first["p_adjusted"] <= VERDICT_LEVEL:
            winner = "grid"
    return {"winner": winner, "streets": streets_first, "grid": grid_first}


def network_backtest(net: StreetNetwork, lixel: np.ndarray, t: np.ndarray, methods: dict[str, NetworkMethod],
                     test_start: float, folds: int, horizon: float,
                     coverages: Sequence[float] = (0.01, 0.05, 0.10), reference: str | None = None,
                     compare_at: float = 0.05, progress: ProgressCallback | None = None) -> NetworkBacktest:
    """Score every method at each of ``folds`` rolling origins from ``test_start`` (days), one
    ``horizon`` each, on the events snapped to the network (``lixel`` >= 0), by
    :func:`.evaluate.backtest` with a :class:`LengthScoring` of the whole network; compare each
    method with ``reference`` (default: the first) at ``compare_at`` coverage."""
    if not methods:
        raise ValueError("the backtest needs at least one method")
    reference = reference or next(iter(methods))
    if reference not in methods:
        raise ValueError(f"the reference method {reference!r} is not among the methods")
    lixel = np.asarray(lixel, dtype=np.int64)
    span = net.lixel_midpoints()
    mid = span[np.maximum(lixel, 0)]
    events = IndexedEvents.of(EventSet.from_arrays(mid[:, 0], mid[:, 1], t))
    grid = Grid(float(span[:, 0].min()) - 1.0, float(span[:, 1].max()) + 1.0, 1.0, 1, 1)  # the methods' argument only
    result = backtest(events, grid, {name: on_indices(method) for name, method in methods.items()}, test_start,
                      folds, horizon, coverages, progress=progress, scoring=LengthScoring(net, lixel))
    rows = [{"method": r["method"], "fold": r["fold"], "start": r["fold_start"], "end": r["fold_end"],
             "coverage": r["coverage"], "length_share": r["area_share"], "hits": r["hits"], "events": r["n_events"],
             "hit_rate": r["hit_rate"], "pai": r["pai"]} for r in result.rows]
    summary = [{"method": r["method"], "coverage": r["coverage"], "mean_hit_rate": r["hit_rate_mean"],
                "mean_pai": r["pai_mean"], "folds": r["folds"]} for r in result.summary]
    return NetworkBacktest(rows, summary, _comparisons(rows, methods, reference, compare_at))


def _by(rows, method: str, coverage: float, metric: str) -> np.ndarray:
    return np.array([r[metric] for r in rows if r["method"] == method and math.isclose(r["coverage"], coverage)])


def _comparisons(rows, methods, reference: str, coverage: float) -> list[dict[str, Any]]:
    base = _by(rows, reference, coverage, "hit_rate")
    return [{"method": name, "reference": reference, "coverage": float(coverage),
             **compare_hit_rates(_by(rows, name, coverage, "hit_rate"), base)}
            for name in methods if name != reference]
