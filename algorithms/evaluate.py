"""Scoring risk maps against the events that followed them, and rolling-origin backtests.

A risk map is judged the way it would be used: the highest-risk cells are
patrolled first, so a map is scored by the events that fall in its top cells.

Ranking
    :func:`rank_cells` orders the scored cells (inside the study area, value not
    NaN) by value, highest first. Ties are broken by row-major cell index
    ascending (``row * cols + col``, a stable sort of ``-value``); scores do not
    depend on it (below). Patrol zones and near-repeat alerts, which must take
    whole cells, use :func:`rank_cells_tie_broken`: ties go first to the cell with
    more risk around it (3 x 3 neighbourhood sum), then to a seeded random draw,
    a rule blind to location (north and south, east and west are treated alike).

Ties in scoring
    Scores do not depend on that order: cells tied at a coverage cut count
    fractionally, with the expectation under a random draw among the tied cells
    (``k`` of ``m`` tied cells holding ``e`` events add ``e * k / m`` hits), and the
    hit-rate curve joins the ends of each tied group by a straight line, which makes
    its area the AUC with average ranks for ties. Cells of the study area whose
    value is NaN ("unscored") form one tied group after every scored cell: a method
    cannot gain by leaving cells empty.

Area coverage
    A coverage ``c`` (a share of the study area) selects the smallest number of
    cells whose area reaches it: ``n = ceil(c * N)`` with ``N`` the number of cells
    inside the study area (at least one cell, at most ``N``; a 1e-9 tolerance keeps
    ``0.05 * 200`` at 10). Every score reports the area share actually used,
    ``n / N``.

Events counted
    Only events inside the study area (on the grid and inside its mask) count,
    in the hits and in the denominator: the hit rate is the share of the study
    area's events that fell in the selected cells. Events outside are reported
    (``n_outside``) but never scored. Each event counts once, whatever its weight (or by its
    share within a shift, when the backtest is given ``event_share``).

Metrics at a coverage, for ``h`` hits out of ``E`` events with ``n`` of ``N`` cells:

* hit rate ``h / E``;
* PAI, the predictive accuracy index ``(h / E) / (n / N)`` (Chainey et al. 2008):
  1 for a map no better than chance, higher is better;
* PEI*, ``h / h*`` where ``h*`` is the largest number of the period's events any
  ``n`` cells could have held, the sum of the ``n`` largest cell counts: 1 for a
  perfect map at that area, 0 when no event is hit. It equals the hit rate over the
  largest hit rate possible at the same area, and the PAI over the PAI of a perfect
  map of the same area. This is the PEI* scored by the NIJ Real-Time Crime
  Forecasting Challenge and defended by White, Hunt & Green (2023) as the
  operationally realistic form: the perfect map it is compared with covers the same
  area as the forecast. Hunt's (2016) original PEI divided the PAI by the largest PAI
  the period's events allow at any area (a perfect map free to shrink, e.g. to the
  single busiest cell), which is not computed here. Some authors call the same-area
  ratio simply "PEI" (e.g. Wheeler & Steenbeek 2021: the PAI over the best possible
  PAI); the name PEI*, with this definition, is kept for the ``pei_star`` outputs.

The hit-rate-versus-area curve runs over every cell in ranking order, from (0, 0)
to (1, 1); its area (trapezoids) is 0.5 for a random map in expectation and
approaches 1 for a map that concentrates all events in few cells.

Backtest
    :func:`backtest` runs every method at each rolling origin of
    :func:`rolling_folds`. A method is any callable
    ``method(events, grid, as_of, horizon) -> RiskSurface | ndarray`` and receives
    only the events strictly before the fold's start (a fresh subset for each
    call, never the full set); it is scored on the events in
    ``[fold_start, fold_end)``. A fold without any event in the study area has
    NaN metrics, is flagged ``empty`` and is left out of the means. Means across
    folds come with a 95 % Student-t interval (NaN with a single fold).

References
----------
Chainey, S., Tompson, L., & Uhlig, S. (2008). The utility of hotspot mapping for
predicting spatial patterns of crime. Security Journal 21, 4-28.
Hunt, J. M. (2016). Do crime hot spots move? Exploring the effects of the modifiable
areal unit problem and modifiable temporal unit problem on crime hot spot stability.
PhD dissertation, American University (the PEI).
National Institute of Justice (2017). Real-Time Crime Forecasting Challenge: judging
criteria and winners (PAI and PEI*).
Wheeler, A. P., & Steenbeek, W. (2021). Mapping the risk terrain for crime using machine
learning. Journal of Quantitative Criminology 37, 445-480 (PEI as PAI over the best
possible PAI at the same area).
White, V. M., Hunt, J., & Green, B. (2023). A discussion of current crime forecasting
indices and an improvement to the prediction efficiency index for applications.
Security Journal (PEI*).
Tashman, L. J. (2000). Out-of-sample tests of forecasting accuracy: an analysis and
review. International Journal of Forecasting 16(4), 437-450 (rolling origins).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence, Union

import numpy as np
from scipy import stats

from .events import EventSet
from .grid import Grid
from .progress import ProgressCallback, ProgressReporter
from .surface import RiskSurface

__all__ = ["DEFAULT_COVERAGES", "FOLD_METRICS", "RANKING_METRICS", "CURVE_AREAS", "Method", "rank_cells",
           "neighbourhood_sums", "rank_cells_tie_broken", "cells_for_coverage", "CoverageScore",
           "score_surface", "hit_rate_curve", "area_under_curve", "mean_confidence_interval", "rolling_folds",
           "BacktestResult", "AreaScoring", "backtest", "summarise_rows", "compare_to_baselines", "VERDICT_TEST",
           "VERDICT_LEVEL", "diebold_mariano_p", "holm_adjusted", "describe_winner"]

#: Default area coverages (share of the study area).
DEFAULT_COVERAGES = (0.01, 0.05, 0.10, 0.20)
#: Metrics summarised across folds.
FOLD_METRICS = ("hit_rate", "pai", "pei_star", "auc")
#: Metrics a winner can be chosen by.
RANKING_METRICS = ("pai", "pei_star", "hit_rate")
#: Area shares at which the backtest keeps each fold's hit-rate curve.
CURVE_AREAS = np.linspace(0.0, 1.0, 201)

#: What a forecasting method looks like to the backtest.
Method = Callable[[EventSet, Grid, float, float], Union[RiskSurface, np.ndarray]]


# --------------------------------------------------------------------------- ranking


def _scored(values: np.ndarray, inside: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """``values`` as 2-D float64 and the bool mask of its scored cells (inside, not NaN)."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"values must be a 2-D [rows, cols] array, got {values.ndim} dimensions")
    scored = ~np.isnan(values)
    if inside is not None:
        inside = np.asarray(inside, dtype=bool)
        if inside.shape != values.shape:
            raise ValueError(f"inside mask shape {inside.shape} does not match values {values.shape}")
        scored &= inside
    return values, scored


def rank_cells(values: np.ndarray, inside: np.ndarray | None = None) -> np.ndarray:
    """Row-major flat indices of the scored cells, highest value first.

    A cell is scored when it is inside (``inside`` True, every cell when None) and
    its value is not NaN. Ties keep row-major index order (stable sort of
    ``-value``), so the ranking is deterministic; scores do not depend on it
    (tied cells count fractionally, see the module docstring). Whatever must pick
    whole cells uses :func:`rank_cells_tie_broken` instead.

    Parameters
    ----------
    values : ndarray of float, shape (rows, cols)
        The map to rank.
    inside : ndarray of bool, shape (rows, cols), optional
        The study area; None (the default) scores every cell.

    Returns
    -------
    ndarray of int64
        Flat indices (``row * cols + col``) of the scored cells in ranking order.
    """
    values, scored = _scored(values, inside)
    candidates = np.flatnonzero(scored)
    order = np.argsort(-values.ravel()[candidates], kind="stable")
    return candidates[order]


def neighbourhood_sums(values: np.ndarray, scored: np.ndarray) -> np.ndarray:
    """Sum of the scored values over each cell's 3 x 3 neighbourhood (itself included).

    Rounded to 9 significant digits relative to the largest sum, so that mirror-image
    neighbourhoods, whose sums are added in a different order, stay exactly tied.

    Parameters
    ----------
    values : ndarray of float, shape (rows, cols)
        The map.
    scored : ndarray of bool, shape (rows, cols)
        The cells whose values count (the others count as 0).

    Returns
    -------
    ndarray of float64, shape (rows, cols)
    """
    padded = np.pad(np.where(scored, values, 0.0), 1)
    rows, cols = values.shape
    total = sum(padded[1 + dr:1 + dr + rows, 1 + dc:1 + dc + cols] for dr in (-1, 0, 1) for dc in (-1, 0, 1))
    scale = float(np.max(np.abs(total))) if total.size else 0.0
    return np.round(total / scale, 9) if scale > 0 else total


def rank_cells_tie_broken(values: np.ndarray, inside: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
    """Flat indices of the scored cells, highest value first, ties broken without regard to location.

    Among cells of equal value, the one with the larger sum of scored values over its
    3 x 3 neighbourhood comes first (a cell next to risk before an isolated one, which
    keeps zones compact), and remaining ties follow a uniform random order drawn from
    ``seed``. Neither rule looks at where a cell is, so a mirror-image map gets the
    mirror-image choice in distribution over seeds; a given seed always gives the same
    order. Used where whole cells must be chosen (patrol zones, near-repeat alerts).

    Parameters
    ----------
    values, inside : ndarray
        As in :func:`rank_cells`.
    seed : int, default 0
        Seed of the random order among cells still tied.

    Returns
    -------
    ndarray of int64
        Flat indices of the scored cells in ranking order.
    """
    if int(seed) != seed or seed < 0:
        raise ValueError(f"the tie-break seed must be a whole number >= 0, got {seed}")
    values, scored = _scored(values, inside)
    candidates = np.flatnonzero(scored)
    draw = np.random.default_rng(int(seed)).random(values.size)[candidates]
    neighbours = neighbourhood_sums(values, scored).ravel()[candidates]
    order = np.lexsort((draw, -neighbours, -values.ravel()[candidates]))
    return candidates[order]


def _selection_order(values: np.ndarray, inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every inside cell in patrol order (ranked cells, then unscored NaN ones) and the
    tied group of each position (equal values share a group; unscored cells one group)."""
    ranked = rank_cells(values, inside)
    unscored = np.flatnonzero(inside & np.isnan(values))
    order = np.concatenate([ranked, unscored])
    ranked_values = values.ravel()[ranked]
    new_group = np.zeros(order.size, dtype=bool)
    new_group[1:ranked.size] = ranked_values[1:] != ranked_values[:-1]
    if order.size:
        new_group[0] = True
    if unscored.size:
        new_group[ranked.size] = True  # all unscored cells form one tied group, after the ranked ones
    groups = np.cumsum(new_group) - 1
    return order, groups


def _expected_captured(counts_in_order: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Expected events captured by the first ``n`` cells (n = 1..N) when cells tied in a
    group are drawn in random order: whole groups before, a share of the group cut."""
    n_groups = int(groups[-1]) + 1
    sums = np.bincount(groups, weights=counts_in_order, minlength=n_groups)
    sizes = np.bincount(groups, minlength=n_groups)
    ends = np.cumsum(sizes)
    before = np.concatenate([[0.0], np.cumsum(sums)])[groups]  # events of the earlier groups
    taken = np.arange(1, groups.size + 1) - (ends - sizes)[groups]  # cells taken from the group cut
    return before + sums[groups] * taken / sizes[groups]


def cells_for_coverage(coverage: float, n_area: int) -> int:
    """Cells selected at ``coverage``: ``ceil(coverage * n_area)``, clipped to [1, n_area].

    Parameters
    ----------
    coverage : float
        Share of the study area, in (0, 1].
    n_area : int
        Cells in the study area.

    Returns
    -------
    int
    """
    return int(min(n_area, max(1, math.ceil(coverage * n_area - 1e-9))))


def _validated_coverages(coverages: Iterable[float]) -> tuple[float, ...]:
    values = tuple(sorted({float(c) for c in coverages}))
    if not values:
        raise ValueError("give at least one area coverage, e.g. 0.05 for 5 % of the study area")
    bad = [c for c in values if not (0.0 < c <= 1.0)]
    if bad:
        raise ValueError(f"coverages must be shares in (0, 1], got {bad}; write 5 % as 0.05")
    return values


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class CoverageScore:
    """How a map did at one area coverage."""

    coverage: float  # requested share of the study area
    cells: int  # cells selected
    area_share: float  # cells / cells in the study area
    n_events: float  # events in the study area during the period
    hits: float  # of which in the selected cells
    hit_rate: float  # hits / n_events (NaN without events)
    pai: float  # hit_rate / area_share
    pei_star: float  # hits / the most any `cells` cells could have held


def _scores_from_order(ranking: tuple[np.ndarray, np.ndarray], event_counts: np.ndarray,
                       coverages: Sequence[float]) -> list[CoverageScore]:
    """Tie-aware scores of a patrol order (every inside cell, with its tied groups)
    against per-cell event counts."""
    order, groups = ranking
    counts_in_order = event_counts.ravel()[order]
    captured = _expected_captured(counts_in_order, groups)
    best = np.cumsum(np.sort(counts_in_order)[::-1])
    n_area = order.size
    total = float(captured[-1])
    scores = []
    for coverage in coverages:
        n = cells_for_coverage(coverage, n_area)
        hits = float(captured[n - 1])
        area = n / n_area
        hit_rate = hits / total if total > 0 else math.nan
        pei_star = hits / float(best[n - 1]) if best[n - 1] > 0 else math.nan
        scores.append(CoverageScore(
            coverage=float(coverage), cells=n, area_share=area, n_events=total, hits=hits,
            hit_rate=hit_rate, pai=hit_rate / area, pei_star=pei_star,
        ))
    return scores


def _checked_inputs(values: np.ndarray, inside: np.ndarray | None,
                    event_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    values = np.asarray(values, dtype=np.float64)
    event_counts = np.asarray(event_counts, dtype=np.float64)
    if values.shape != event_counts.shape:
        raise ValueError(f"event counts shape {event_counts.shape} does not match values {values.shape}")
    inside = np.ones(values.shape, bool) if inside is None else np.asarray(inside, dtype=bool)
    if inside.shape != values.shape:
        raise ValueError(f"inside mask shape {inside.shape} does not match values {values.shape}")
    if not inside.any():
        raise ValueError("the study area has no cell; check the mask")
    counts_inside = event_counts[inside]
    if not np.all(np.isfinite(counts_inside) & (counts_inside >= 0)):
        raise ValueError("event counts must be finite numbers >= 0 in every cell of the study area "
                         "(the period's events per cell, e.g. grid.count of them)")
    return values, inside, event_counts


def score_surface(values: np.ndarray, inside: np.ndarray | None, event_counts: np.ndarray,
                  coverages: Iterable[float] = DEFAULT_COVERAGES) -> list[CoverageScore]:
    """Hit rate, PAI and PEI* of the map ``values`` at each coverage.

    Parameters
    ----------
    values : ndarray of float, shape (rows, cols)
        The map; NaN cells of the study area are unscored (ranked last, tied).
    inside : ndarray of bool, shape (rows, cols) or None
        The study area; None for every cell.
    event_counts : ndarray of float, shape (rows, cols)
        The period's events per cell (``grid.count`` of them); counts outside ``inside`` are ignored.
    coverages : iterable of float, default DEFAULT_COVERAGES
        Shares of the study area to score at, each in (0, 1].

    Returns
    -------
    list of CoverageScore
        One per coverage, in increasing order.
    """
    values, inside, event_counts = _checked_inputs(values, inside, event_counts)
    return _scores_from_order(_selection_order(values, inside), event_counts,
                              _validated_coverages(coverages))


def _curve_from_order(ranking: tuple[np.ndarray, np.ndarray],
                      event_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expected hit-rate curve: linear across each tied group (average ranks for ties)."""
    order, groups = ranking
    captured = np.concatenate([[0.0], _expected_captured(event_counts.ravel()[order], groups)])
    area = np.arange(order.size + 1) / order.size
    hit = captured / captured[-1] if captured[-1] > 0 else np.full(area.size, np.nan)
    return area, hit


def hit_rate_curve(values: np.ndarray, inside: np.ndarray | None,
                   event_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(area share, expected hit rate) after each cell of the patrol order, from (0, 0) to (1, 1).

    Cells tied in value share their group's events evenly. The hit rates are NaN when the
    period has no event in the study area.

    Parameters
    ----------
    values : ndarray of float, shape (rows, cols)
        The map.
    inside : ndarray of bool, shape (rows, cols) or None
        The study area; None for every cell.
    event_counts : ndarray of float, shape (rows, cols)
        The period's events per cell.

    Returns
    -------
    area_share, hit_rate : ndarray of float64, shape (n + 1,)
        ``n`` the number of cells in the study area.
    """
    values, inside, event_counts = _checked_inputs(values, inside, event_counts)
    return _curve_from_order(_selection_order(values, inside), event_counts)


def area_under_curve(area_share: np.ndarray, hit_rate: np.ndarray) -> float:
    """Area under a hit-rate curve by trapezoids (0.5 for chance, NaN without events).

    Parameters
    ----------
    area_share, hit_rate : ndarray of float
        A curve of :func:`hit_rate_curve`.

    Returns
    -------
    float
    """
    area_share = np.asarray(area_share, dtype=np.float64)
    hit_rate = np.asarray(hit_rate, dtype=np.float64)
    return float(np.sum(np.diff(area_share) * (hit_rate[1:] + hit_rate[:-1]) / 2.0))


def mean_confidence_interval(values: Iterable[float], level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) of the finite ``values`` with a Student-t interval.

    NaN values are skipped. With no value everything is NaN; with one value the
    interval is NaN (its spread is unknown).

    Parameters
    ----------
    values : iterable of float
    level : float, default 0.95
        Coverage of the interval.

    Returns
    -------
    tuple of float
        ``(mean, low, high)``.
    """
    finite = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype=np.float64)
    if finite.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(finite.mean())
    if finite.size == 1:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2.0, finite.size - 1) * finite.std(ddof=1) / math.sqrt(finite.size))
    return mean, mean - half, mean + half


# --------------------------------------------------------------------------- folds


def rolling_folds(test_start: float, folds: int, horizon: float,
                  spacing: float | None = None) -> list[tuple[float, float]]:
    """Rolling forecast origins: fold ``k`` covers ``[start_k, start_k + horizon)``.

    Parameters
    ----------
    test_start : float
        Start of the first fold (days since 1970-01-01).
    folds : int
        Number of folds, at least 1.
    horizon : float
        Length of each fold (days).
    spacing : float, optional
        Days between fold starts, ``start_k = test_start + k * spacing``; None (the default)
        uses ``horizon``: back-to-back periods.

    Returns
    -------
    list of (float, float)
        ``(start, end)`` of each fold.
    """
    if not math.isfinite(test_start):
        raise ValueError("test start must be a finite time in days since 1970-01-01")
    if int(folds) != folds or folds < 1:
        raise ValueError(f"the number of folds must be a whole number >= 1, got {folds}")
    if not (horizon > 0 and math.isfinite(horizon)):
        raise ValueError(f"the horizon must be a positive number of days, got {horizon}")
    step = horizon if spacing is None else spacing
    if not (step > 0 and math.isfinite(step)):
        raise ValueError(f"the spacing between folds must be a positive number of days, got {spacing}")
    starts = float(test_start) + step * np.arange(int(folds))
    return [(float(s), float(s + horizon)) for s in starts]


# --------------------------------------------------------------------------- backtest


@dataclass
class BacktestResult:
    """Per-fold scores and their summary across folds.

    ``rows``: one dict per method x fold x coverage with keys ``method, fold,
    fold_start, fold_end, coverage, cells, area_share, n_events, n_outside, hits,
    hit_rate, pai, pei_star, auc, n_training, unscored_cells, empty, incomplete,
    error, parameters`` (``parameters`` is the method's RiskSurface.parameters dict,
    ``{}`` for a plain array). ``summary``: one dict per method x coverage (see
    :func:`summarise_rows`).
    """

    rows: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    folds: list[tuple[float, float]]
    methods: list[str]
    coverages: tuple[float, ...]
    notes: list[str] = field(default_factory=list)
    #: method -> the hit rate at each of :data:`CURVE_AREAS`, one array per fold scored (folds with events
    #: in the study area that the method did not fail on).
    curves: dict[str, list[np.ndarray]] = field(default_factory=dict)
    #: method -> seconds each fold's fit and forecast took (folds it did not fail on).
    seconds: dict[str, list[float]] = field(default_factory=dict)
    #: What the coverages are shares of: "area" (cells, :class:`AreaScoring`) or "street length"
    #: (lixels, :class:`.network_backtest.LengthScoring`); ``cells`` and ``area_share`` then count lixels
    #: and the share of street length.
    scored_on: str = "area"

    def mean_curve(self, method: str) -> np.ndarray | None:
        """The mean over folds of ``method``'s hit-rate curve at :data:`CURVE_AREAS`; None without any."""
        curves = self.curves.get(method)
        return np.mean(curves, axis=0) if curves else None

    def summary_for(self, method: str, coverage: float) -> dict[str, Any]:
        """The summary row of ``method`` at ``coverage``."""
        for row in self.summary:
            if row["method"] == method and math.isclose(row["coverage"], coverage):
                return row
        raise ValueError(f"no summary for method {method!r} at coverage {coverage}; "
                         f"methods: {self.methods}, coverages: {list(self.coverages)}")


def _surface_values(result: Any, grid: Grid, name: str) -> tuple[np.ndarray, dict[str, Any]]:
    """The values and parameters a method returned, checked against the grid."""
    if isinstance(result, RiskSurface):
        values, parameters = result.values, dict(result.parameters)
        if result.warnings:
            parameters["warnings"] = list(result.warnings)
    elif isinstance(result, np.ndarray):
        values, parameters = result, {}
    else:
        raise ValueError(f"method {name!r} returned {type(result).__name__}; "
                         "it must return a RiskSurface or a [rows, cols] array")
    if values.shape != grid.shape:
        raise ValueError(f"method {name!r} returned a {values.shape} surface for a {grid.shape} grid; "
                         "build it on the grid it is given")
    return np.asarray(values, dtype=np.float64), parameters


def _validate_backtest(events: EventSet, grid: Grid, methods: dict[str, Method], test_start: float) -> None:
    if not methods:
        raise ValueError("give at least one method to backtest")
    for name, method in methods.items():
        if not callable(method):
            raise ValueError(f"method {name!r} is not callable; pass a function "
                             "(events, grid, as_of, horizon) -> RiskSurface")
    if grid.n_inside == 0:
        raise ValueError("the study area has no cell; check the mask")
    if len(events) == 0:
        raise ValueError("there are no events to backtest on")
    if not np.all(np.isfinite(events.t)):
        missing = int(np.sum(~np.isfinite(events.t)))
        raise ValueError(f"{missing} events have no valid time; drop them before backtesting")
    if not np.any(events.t < test_start):
        raise ValueError("no event happened before the test start, so no method can learn anything; "
                         "choose a later test start")


def _fold_rows(name: str, fold: int, period: tuple[float, float], scores: list[CoverageScore],
               common: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for score in scores:
        row = {"method": name, "fold": fold, "fold_start": period[0], "fold_end": period[1]}
        row.update(asdict(score))
        row.update(common)
        rows.append(row)
    return rows


def _unscored(coverages: Sequence[float], n_area: int, n_events: float) -> list[CoverageScore]:
    """NaN scores for a fold a method failed on."""
    return [CoverageScore(c, cells_for_coverage(c, n_area), cells_for_coverage(c, n_area) / n_area,
                          n_events, math.nan, math.nan, math.nan, math.nan) for c in coverages]


class AreaScoring:
    """How :func:`backtest` scores by default: the grid's cells inside the study area, by share of the area.

    A scoring gives each fold's events per unit (:meth:`fold_counts`), reads a method's output as
    one value per unit (:meth:`values`), and scores those values at the coverages (:meth:`score`).
    """

    scored_on = "area"

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.n_units = grid.n_inside

    def fold_counts(self, target: EventSet, share: np.ndarray | None) -> tuple[np.ndarray, int]:
        """The fold's events per cell and how many fell outside the study area."""
        counts = self.grid.count(target.x, target.y, share)
        return counts, len(target) - int(np.count_nonzero(self.grid.contains(target.x, target.y)))

    def values(self, output: Any, name: str) -> tuple[np.ndarray, dict[str, Any]]:
        """The values and parameters a method returned, checked against the grid."""
        return _surface_values(output, self.grid, name)

    def score(self, values: np.ndarray, counts: np.ndarray,
              coverages: Sequence[float]) -> tuple[list[CoverageScore], np.ndarray, np.ndarray, int]:
        """Scores at the coverages, the hit-rate curve (area, hit rate) and the unscored cells."""
        order = _selection_order(values, self.grid.inside)
        area, hit = _curve_from_order(order, counts)
        return (_scores_from_order(order, counts, coverages), area, hit,
                int(np.count_nonzero(self.grid.inside & np.isnan(values))))

    def unscored(self, coverages: Sequence[float], n_events: float) -> list[CoverageScore]:
        """NaN scores for a fold a method failed on."""
        return _unscored(coverages, self.n_units, n_events)


def backtest(
    events: EventSet,
    grid: Grid,
    methods: dict[str, Method],
    test_start: float,
    folds: int,
    horizon: float,
    coverages: Iterable[float] = DEFAULT_COVERAGES,
    spacing: float | None = None,
    progress: ProgressCallback | None = None,
    skip_failures: bool = False,
    on_fit: Callable[[str, int, float], None] | None = None,
    event_share: Callable[[EventSet], np.ndarray] | None = None,
    scoring: Any = None,
) -> BacktestResult:
    """Score every method at each rolling origin (see the module docstring).

    Parameters
    ----------
    events : EventSet
        All events, with valid times (days).
    grid : Grid
        The analysis grid; its mask is the study area.
    methods : dict of str to Method
        Name -> ``method(past_events, grid, as_of, horizon)``.
    test_start : float
        Start of the first fold (days).
    folds : int
        Number of folds (:func:`rolling_folds`).
    horizon : float
        Length of each fold (days).
    coverages : iterable of float, default DEFAULT_COVERAGES
        Area shares to score at.
    spacing : float, optional
        Days between fold starts; None (the default) for back-to-back folds.
    progress : callable, optional
        ``progress(fraction) -> bool``; ``False`` raises ``Cancelled``.
    skip_failures : bool, default False
        When True, a method raising ``ValueError`` on a fold gets NaN rows carrying the
        message in ``error`` instead of stopping the run.
    on_fit : callable, optional
        ``on_fit(method, fold, seconds)``, called after each method's fit of a fold (to log progress).
    event_share : callable, optional
        ``event_share(events) -> shares``: the share (0-1) of each test event to score, e.g. the
        part of its time window inside a shift (:func:`.shiftforecast.shift_share_of_events`);
        each event counts once by default.
    scoring : optional
        How folds are scored: :class:`AreaScoring` of ``grid`` (the default) or, on a street
        network, :class:`.network_backtest.LengthScoring` (by share of street length).

    Returns
    -------
    BacktestResult
        The scores, and each fold's hit-rate curve (``curves``) and run time (``seconds``).
    """
    coverages = _validated_coverages(coverages)
    periods = rolling_folds(test_start, folds, horizon, spacing)
    _validate_backtest(events, grid, methods, test_start)
    last_event = float(events.t.max())
    rows: list[dict[str, Any]] = []
    curves: dict[str, list[np.ndarray]] = {name: [] for name in methods}
    seconds: dict[str, list[float]] = {name: [] for name in methods}
    steps = len(periods) * len(methods)
    report = ProgressReporter(progress)
    report(0.0)
    scoring = AreaScoring(grid) if scoring is None else scoring
    for fold, period in enumerate(periods):
        target = events.between(*period)
        counts, outside = scoring.fold_counts(target, None if event_share is None else event_share(target))
        fold_facts = {"n_outside": outside, "empty": counts.sum() == 0, "incomplete": period[1] > last_event}
        for position, (name, method) in enumerate(methods.items()):
            past = events.before(period[0])  # a fresh subset for each call: the method never sees the rest
            try:
                started = time.perf_counter()
                surface = method(past, grid, period[0], float(horizon))
                seconds[name].append(time.perf_counter() - started)
                if on_fit is not None:
                    on_fit(name, fold, seconds[name][-1])
                values, parameters = scoring.values(surface, name)
            except (ValueError, MemoryError) as exc:  # a fold the method cannot fit is reported, not fatal
                if not skip_failures:
                    raise ValueError(f"method {name!r} failed on fold {fold} "
                                     f"(as of day {period[0]:g}): {exc}") from exc
                scores = scoring.unscored(coverages, float(counts.sum()))
                facts = {"auc": math.nan, "unscored_cells": scoring.n_units, "error": str(exc), "parameters": {}}
            else:
                scores, area, hit, unscored = scoring.score(values, counts, coverages)
                if np.isfinite(hit[-1]):  # the fold has events in the study area
                    curves[name].append(np.interp(CURVE_AREAS, area, hit))
                facts = {"auc": area_under_curve(area, hit), "unscored_cells": unscored,
                         "error": "", "parameters": parameters}
            rows += _fold_rows(name, fold, period, scores, {**fold_facts, **facts, "n_training": len(past)})
            report((fold * len(methods) + position + 1) / steps)
    return BacktestResult(rows=rows, summary=summarise_rows(rows), folds=periods, methods=list(methods),
                          coverages=coverages, notes=_backtest_notes(rows), curves=curves, seconds=seconds,
                          scored_on=scoring.scored_on)


def _backtest_notes(rows: list[dict[str, Any]]) -> list[str]:
    notes = []
    empty = sorted({r["fold"] for r in rows if r["empty"]})
    if empty:
        notes.append(f"folds {empty} have no event in the study area: their metrics are NaN "
                     "and they are left out of the means")
    incomplete = sorted({r["fold"] for r in rows if r["incomplete"]})
    if incomplete:
        notes.append(f"folds {incomplete} end after the last event: the data may not cover them fully")
    failed = sorted({(r["method"], r["fold"]) for r in rows if r["error"]})
    for method, fold in failed:
        notes.append(f"method {method!r} failed on fold {fold}")
    return notes


def summarise_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One dict per method x coverage, summarising the per-fold rows.

    Parameters
    ----------
    rows : list of dict
        :attr:`BacktestResult.rows`.

    Returns
    -------
    list of dict
        ``method``, ``coverage``, ``folds`` (scored folds), ``empty_folds``, ``failed_folds``,
        ``mean_area_share``, and ``<metric>_mean``, ``<metric>_ci_low``, ``<metric>_ci_high`` for
        hit_rate, pai, pei_star and auc (95 % t-interval over the scored folds; NaN with one fold).
    """
    keys: list[tuple[str, float]] = []
    for row in rows:
        if (row["method"], row["coverage"]) not in keys:
            keys.append((row["method"], row["coverage"]))
    summary = []
    for method, coverage in keys:
        group = [r for r in rows if r["method"] == method and r["coverage"] == coverage]
        scored = [r for r in group if not r["empty"] and not r["error"]]
        entry: dict[str, Any] = {
            "method": method, "coverage": coverage, "folds": len(scored),
            "empty_folds": sum(1 for r in group if r["empty"]),
            "failed_folds": sum(1 for r in group if r["error"]),
            "mean_area_share": float(np.mean([r["area_share"] for r in group])),
        }
        for metric in FOLD_METRICS:
            mean, low, high = mean_confidence_interval(r[metric] for r in scored)
            entry.update({f"{metric}_mean": mean, f"{metric}_ci_low": low, f"{metric}_ci_high": high})
        summary.append(entry)
    return summary


# --------------------------------------------------------------------------- verdict


def compare_to_baselines(result: BacktestResult, baselines: Iterable[str], coverage: float = 0.05,
                         metric: str = "pai") -> dict[str, Any]:
    """The best non-baseline method and the best baseline by mean ``metric`` at ``coverage``.

    Parameters
    ----------
    result : BacktestResult
    baselines : iterable of str
        The methods of ``result`` that are baselines.
    coverage : float, default 0.05
        A coverage the backtest scored.
    metric : {"pai", "pei_star", "hit_rate"}, default "pai"

    Returns
    -------
    dict
        ``method``, ``baseline`` (names, None when absent), their summary rows
        (``method_summary``, ``baseline_summary``), ``ratio`` and ``difference`` of the means,
        and ``paired`` = (mean, low, high, folds) of the fold-by-fold difference (method -
        baseline) over folds both scored. ``p_value`` is the one-sided :func:`diebold_mariano_p`
        of the chosen method against the best baseline and ``p_adjusted`` its Holm adjustment
        over the ``methods_compared`` non-baseline methods (choosing the best by its mean on the
        same folds is then accounted for); ``test`` names the test.
    """
    if metric not in RANKING_METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of {RANKING_METRICS}")
    if not any(math.isclose(coverage, c) for c in result.coverages):
        raise ValueError(f"coverage {coverage} was not scored; choose one of {list(result.coverages)}")
    baselines = set(baselines)
    key = f"{metric}_mean"

    def best(names: list[str]) -> dict[str, Any] | None:
        rows = [result.summary_for(n, coverage) for n in names]
        rows = [r for r in rows if np.isfinite(r[key])]
        return max(rows, key=lambda r: r[key]) if rows else None  # max keeps the first of equals

    contenders = [m for m in result.methods if m not in baselines]
    method = best(contenders)
    baseline = best([m for m in result.methods if m in baselines])
    comparison: dict[str, Any] = {
        "coverage": coverage, "metric": metric,
        "method": method["method"] if method else None, "method_summary": method,
        "baseline": baseline["method"] if baseline else None, "baseline_summary": baseline,
        "ratio": math.nan, "difference": math.nan, "paired": (math.nan, math.nan, math.nan, 0),
        "p_value": math.nan, "p_adjusted": math.nan, "methods_compared": 0, "test": VERDICT_TEST,
    }
    if method and baseline:
        comparison["ratio"] = method[key] / baseline[key] if baseline[key] > 0 else math.inf
        comparison["difference"] = method[key] - baseline[key]
        comparison["paired"] = _paired_difference(result.rows, method["method"], baseline["method"],
                                                  coverage, metric)
        p_values = {name: diebold_mariano_p(_fold_differences(result.rows, name, baseline["method"],
                                                              coverage, metric))
                    for name in contenders}
        adjusted = holm_adjusted(p_values)
        comparison.update(p_value=p_values[method["method"]], p_adjusted=adjusted[method["method"]],
                          methods_compared=len(p_values))
    return comparison


#: How "better than the baseline" is decided (named in the verdict and the log).
VERDICT_TEST = ("one-sided Diebold-Mariano test of the fold-by-fold differences with an "
                "autocorrelation-robust (equal-weighted cosine) variance and Student t reference, "
                "Holm-adjusted over the methods compared, at 2.5%")
#: One-sided level of the verdict (the upper tail of a two-sided 95 % interval).
VERDICT_LEVEL = 0.025


def _fold_differences(rows, method: str, baseline: str, coverage: float, metric: str) -> np.ndarray:
    """Fold-by-fold ``metric`` differences (method - baseline), in fold order, over folds both scored."""
    def by_fold(name):
        return {r["fold"]: r[metric] for r in rows
                if r["method"] == name and math.isclose(r["coverage"], coverage)
                and not r["empty"] and not r["error"] and np.isfinite(r[metric])}

    mine, theirs = by_fold(method), by_fold(baseline)
    return np.asarray([mine[f] - theirs[f] for f in sorted(set(mine) & set(theirs))], dtype=np.float64)


def diebold_mariano_p(differences: np.ndarray) -> float:
    """One-sided p-value that the mean of serially correlated ``differences`` is > 0.

    Diebold & Mariano (1995) statistic with the equal-weighted cosine (EWC) long-run
    variance of Lazarus, Lewis, Stock & Watson (2018): the mean of the squares of the
    first ``nu`` cosine projections of the centred differences, with
    ``nu = max(1, round(0.4 * n ** (2/3)))``, and the statistic referred to Student's t
    with ``nu`` degrees of freedom, which keeps the level with few, autocorrelated
    folds (a Newey-West variance does not).

    Parameters
    ----------
    differences : ndarray of float
        Fold-by-fold differences in time order (NaN skipped).

    Returns
    -------
    float
        NaN with fewer than 3 differences.
    """
    d = np.asarray(differences, dtype=np.float64)
    n = d.size
    if n < 3:
        return math.nan
    nu = max(1, int(round(0.4 * n ** (2.0 / 3.0))))
    t = (np.arange(n) + 0.5) / n
    projections = np.sqrt(2.0 / n) * np.cos(np.pi * np.outer(np.arange(1, nu + 1), t)) @ d
    variance = float(np.mean(projections ** 2))
    if not variance > 0:
        return 1.0 if d.mean() <= 0 else 0.0
    statistic = math.sqrt(n) * d.mean() / math.sqrt(variance)
    return float(stats.t.sf(statistic, nu))


def holm_adjusted(p_values: dict[str, float]) -> dict[str, float]:
    """Holm (1979) step-down adjusted p-values (NaN stays NaN, counted as a comparison).

    Parameters
    ----------
    p_values : dict of str to float

    Returns
    -------
    dict of str to float
        The same keys, adjusted.
    """
    names = sorted(p_values, key=lambda k: (not np.isfinite(p_values[k]), p_values[k]))
    m = len(names)
    adjusted, running = {}, 0.0
    for i, name in enumerate(names):
        p = p_values[name]
        if not np.isfinite(p):
            adjusted[name] = math.nan
            continue
        running = max(running, min(1.0, (m - i) * p))
        adjusted[name] = running
    return adjusted


def _paired_difference(rows, method: str, baseline: str, coverage: float, metric: str):
    differences = _fold_differences(rows, method, baseline, coverage, metric)
    return (*mean_confidence_interval(differences), len(differences))


def _percent(share: float) -> str:
    """A share as a percentage: one decimal below 10 %, none above."""
    value = 100.0 * share
    return f"{value:.1f}%" if abs(value) < 10 else f"{value:.0f}%"


_METRIC_LABELS = {"pai": "PAI", "pei_star": "PEI*", "hit_rate": "hit rate"}


def describe_winner(result: BacktestResult, baselines: Iterable[str], coverage: float = 0.05,
                    metric: str = "pai", labels: Mapping[str, str] | None = None) -> str:
    """A plain-language verdict, e.g. "SEPP captures 23% of events in 5.0% of the area
    (PAI 4.6), 1.4x the best baseline (last-period counts, 16%, PAI 3.2) ...".

    Parameters
    ----------
    result, baselines, coverage, metric
        As in :func:`compare_to_baselines` (``coverage`` default 0.05, ``metric`` default "pai").
    labels : mapping of str to str, optional
        Method -> display label naming the methods in the text; by default their keys.

    Returns
    -------
    str
    """
    c = compare_to_baselines(result, baselines, coverage, metric)
    extent = "the area" if result.scored_on == "area" else f"the {result.scored_on}"
    c = {**c, **{role: (labels or {}).get(c[role], c[role]) for role in ("method", "baseline")}}
    label = _METRIC_LABELS[metric]
    if c["method"] is None and c["baseline"] is None:
        return (f"No method could be scored at {_percent(coverage)} of {extent} (no events in the test "
                f"folds?).")

    def said(row: dict[str, Any]) -> str:
        return (f"captures {_percent(row['hit_rate_mean'])} of events in "
                f"{_percent(row['mean_area_share'])} of {extent} ({label} {row[f'{metric}_mean']:.2f}, "
                f"{row['folds']} folds)")

    if c["baseline"] is None:
        return f"{c['method']} {said(c['method_summary'])}; no baseline was run to compare it with."
    if c["method"] is None:
        return f"Only baselines were run: the best, {c['baseline']}, {said(c['baseline_summary'])}."
    base = c["baseline_summary"]
    text = (f"{c['method']} {said(c['method_summary'])}, {c['ratio']:.2f}x the {label} of the best baseline "
            f"({c['baseline']}, {_percent(base['hit_rate_mean'])}, {label} {base[f'{metric}_mean']:.2f})")
    mean, low, high, n = c["paired"]
    if n < 2 or not np.isfinite(low):
        return text + f"; difference {c['difference']:+.2f}, too few folds to tell whether it is real."
    text += f"; difference {mean:+.2f} (95% CI {low:+.2f} to {high:+.2f} over {n} folds both scored)"
    if np.isfinite(c["p_adjusted"]):
        text += (f", p = {c['p_adjusted']:.3f} ({c['test']}, {c['methods_compared']} "
                 f"method{'s' if c['methods_compared'] != 1 else ''})")
    if c["p_adjusted"] <= VERDICT_LEVEL:
        return text + ": better than the baseline."
    if high < 0:
        return text + ": worse than the baseline."
    return text + ": not distinguishable from the baseline."
