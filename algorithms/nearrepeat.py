"""Near-repeat (prospective) risk surface for a moment ``as_of``, and its alert areas.

Each triggering event ``e`` with ``as_of - window <= t_e < as_of`` raises the risk of
the cells around it, by a product of a spatial and a temporal kernel (Bowers, Johnson &
Pease 2004; Johnson et al. 2009):

``R(c) = sum_e w_e * g(as_of - t_e) * k(|c - e|)``

with ``w_e`` the event weight and, for bandwidths ``h`` (metres) and ``tau`` (days):

===========  =====================================  =============================
kernel       spatial ``k(d)``                        temporal ``g(dt)``
===========  =====================================  =============================
bowers       ``1 / (1 + d / cell)`` for ``d <= h``   ``1 / (1 + dt / 7)`` for ``dt <= tau``
exponential  ``exp(-d / h)``                         ``exp(-dt / tau)``
gaussian     ``exp(-d^2 / (2 h^2))``                 ``exp(-dt / tau)``
===========  =====================================  =============================

"bowers" is prospective hotspotting: distance in cells of the grid (``cell`` = cell
size) and time in weeks, as in the paper, which counts *whole* cells and weeks; here
both are continuous, so the surface has no steps. Bowers et al. used 400 m and two
months for burglary; the Knox test (:mod:`.knox`) measures both for the data at hand
(:func:`bandwidths_from_knox`). Units as published: Bowers et al. (2004) give the weight
in words and worked examples, not as a formula; distance counts whole (half-)cell widths
between the event and the cell, an event in a neighbouring cell being at distance 1, and
time counts whole weeks elapsed (an event of this week at 0), as open_cp's reading of the
paper also finds (QuantCrimAtLeeds/PredictCode, prohotspot). Here ``d / cell`` and
``dt / 7`` are continuous: the same weights at whole cells and weeks. A Knox reach
(``R`` metres, ``T`` days) is where near repeats stop: it is the bowers bandwidth as it
stands, but the exponential and Gaussian kernels still weigh 37 % and 61 % there and
reach several times further. :func:`bandwidths_for_reach` gives them instead the
bandwidths whose weights at the reach equal the bowers weights ``1 / (1 + R / cell)``
and ``1 / (1 + T / 7)``. The exponential and Gaussian kernels reach beyond ``h``
and are cut at 6 ``h`` and 4 ``h`` (where they have fallen to 0.25 % and 0.03 %);
their look-back window defaults to 5 ``tau`` (``exp(-5)`` = 0.7 %), bowers' to ``tau``.

Computation: ``g`` depends only on the event, so each event is binned to the grid with
weight ``w_e g(as_of - t_e)`` (to its cell for bowers, whose distances run between cell
centres; shared bilinearly among the four nearest centres otherwise, as in
:func:`.convolve.linear_binning`) on a grid padded by the kernel's reach, and the binned
weights are convolved once with ``k`` sampled at cell offsets (FFT). After binning, the
cost depends on the grid and the bandwidth only, not on the number of events.

Units. The surface is a *relative risk*: the near-repeat score divided by its mean over
the study area, so 1 = the area's average and 3 = three times it. With a long-term
background (a kernel density of all events in ``background_window_days`` before
``as_of``, :func:`.kde.binned_kernel_density`, also scaled to mean 1), the surface is
``(1 - b) * near_repeat + b * background``: ``b = background_weight`` is the share of the
map's total risk that comes from the background.

Alerts (:func:`alerts`): cells above a risk threshold (or in the top percent of cells),
grouped into areas of 8-connected cells, ranked by their highest risk.

References
----------
Bowers, K. J., Johnson, S. D., & Pease, K. (2004). Prospective hot-spotting: the future of
crime mapping? British Journal of Criminology 44(5), 641-658.
Johnson, S. D., Bowers, K. J., Birks, D. J., & Pease, K. (2009). Predictive mapping of crime
by ProMap: accuracy, units of analysis, and the environmental backcloth. In Weisburd et al.
(eds.), Putting Crime in its Place, 171-198. Springer.
Johnson, S. D., et al. (2007). Space-time patterns of risk: a cross national assessment of
residential burglary victimization. Journal of Quantitative Criminology 23(3), 201-219.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple, Sequence

import numpy as np
from scipy import ndimage
from scipy.spatial import cKDTree

from .evaluate import rank_cells, rank_cells_tie_broken
from .events import EventSet, datetime64_from_days
from .grid import Grid, check_kernel_fits
from .convolve import convolved_and_cropped, linear_binning
from .kde import automatic_radius, binned_kernel_density
from .knox import KnoxResult
from .surface import RiskSurface

__all__ = ["KERNELS", "UNITS", "BOWERS_WEEK_DAYS", "SPACE_REACH", "WINDOW_REACH", "BACKGROUND_KERNEL",
           "NearRepeatAlerts", "bandwidths_from_knox", "bandwidths_for_reach", "select_triggers",
           "time_weights", "space_weights", "near_repeat_score", "near_repeat_surface", "alerts"]

KERNELS = ("bowers", "exponential", "gaussian")
UNITS = "relative risk (1 = study-area average)"
#: Time unit of the bowers kernel: weeks.
BOWERS_WEEK_DAYS = 7.0
#: Spatial reach of each kernel, in space bandwidths.
SPACE_REACH = {"bowers": 1.0, "exponential": 6.0, "gaussian": 4.0}
#: Default look-back window of each kernel, in time bandwidths.
WINDOW_REACH = {"bowers": 1.0, "exponential": 5.0, "gaussian": 5.0}
#: Kernel used for the long-term background term.
BACKGROUND_KERNEL = "quartic"


class NearRepeatAlerts(NamedTuple):
    """Alert areas: ``labels`` int32 ``[rows, cols]`` (0 = no alert, k = the area of rank k)
    and one dict per area, in rank order (see :func:`alerts`)."""

    labels: np.ndarray
    areas: list[dict[str, Any]]


def bandwidths_from_knox(result: KnoxResult, alpha: float = 0.05) -> tuple[float, float]:
    """(space metres, time days) of the significant near-repeat extent of a Knox test
    (:meth:`.knox.KnoxResult.significant_extent`); ValueError when there is none."""
    extent = result.significant_extent(alpha)
    if extent is None:
        raise ValueError(f"the Knox test found no significant near-repeat band at p < {alpha:g} starting "
                         "from the first space and time band: give the space and time bandwidths yourself")
    return extent.space_distance, extent.time_span


def bandwidths_for_reach(space_reach: float, time_reach: float, kernel: str,
                         cell_size: float) -> tuple[float, float]:
    """Bandwidths of ``kernel`` whose weights at a reach (e.g. a Knox extent) equal the Bowers kernel's there.

    The Bowers weights are ``1 / (1 + R / cell)`` in space and ``1 / (1 + T / 7)`` in time. bowers:
    the reach itself. Exponential: ``h = R / ln(1 + R / cell)``; Gaussian: ``h = R / sqrt(2 ln(1 + R / cell))``;
    in time (both): ``tau = T / ln(1 + T / 7)``. The bandwidths fall within the reach once it exceeds
    e - 1 = 1.72 cells and weeks.

    Parameters
    ----------
    space_reach : float
        ``R``, metres.
    time_reach : float
        ``T``, days.
    kernel : {"bowers", "exponential", "gaussian"}
    cell_size : float
        Metres.

    Returns
    -------
    space_bandwidth, time_bandwidth : float
        Metres and days.
    """
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {', '.join(KERNELS)}, got {kernel!r}")
    for name, value in (("space reach", space_reach), ("time reach", time_reach), ("cell size", cell_size)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"the {name} must be a positive number, got {value}")
    if kernel == "bowers":
        return float(space_reach), float(time_reach)
    space_log = math.log1p(space_reach / cell_size)  # -ln of the Bowers weight at the reach
    space = space_reach / space_log if kernel == "exponential" else space_reach / math.sqrt(2.0 * space_log)
    return space, time_reach / math.log1p(time_reach / BOWERS_WEEK_DAYS)


def select_triggers(events: EventSet, as_of: float, window_days: float,
                    trigger_categories: Sequence[str] = (),
                    trigger_mask: np.ndarray | None = None) -> EventSet:
    """The events that raise near-repeat risk at ``as_of``: ``as_of - window_days <= t < as_of``.

    Parameters
    ----------
    events : EventSet
    as_of : float
        Days since 1970-01-01.
    window_days : float
        Look-back window (days).
    trigger_categories : sequence of str, default ()
        Crime types that trigger; all when empty.
    trigger_mask : ndarray of bool, optional
        One per event of ``events`` (e.g. a field rule evaluated by the caller); all when None.

    Returns
    -------
    EventSet
    """
    if trigger_mask is not None:
        trigger_mask = np.asarray(trigger_mask)
        if trigger_mask.dtype != bool or trigger_mask.shape != (len(events),):
            raise ValueError(f"trigger_mask must hold one True/False per event ({len(events)}), got "
                             f"{trigger_mask.dtype} of shape {trigger_mask.shape}")
        events = events.subset(trigger_mask)
    return events.between(as_of - window_days, as_of).of_categories(list(trigger_categories))


def time_weights(elapsed_days: np.ndarray, kernel: str, time_bandwidth: float) -> np.ndarray:
    """Temporal kernel ``g`` at ``elapsed_days`` (>= 0) for a bandwidth in days.

    Parameters
    ----------
    elapsed_days : ndarray of float
    kernel : {"bowers", "exponential", "gaussian"}
    time_bandwidth : float
        Days.

    Returns
    -------
    ndarray of float64
    """
    dt = np.asarray(elapsed_days, dtype=np.float64)
    if kernel == "bowers":
        return np.where(dt <= time_bandwidth, 1.0 / (1.0 + dt / BOWERS_WEEK_DAYS), 0.0)
    return np.exp(-dt / time_bandwidth)


def space_weights(distance: np.ndarray, kernel: str, space_bandwidth: float, cell_size: float) -> np.ndarray:
    """Spatial kernel ``k`` at ``distance`` metres (1 at distance 0).

    Parameters
    ----------
    distance : ndarray of float
        Metres.
    kernel : {"bowers", "exponential", "gaussian"}
    space_bandwidth : float
        Metres.
    cell_size : float
        Metres (the Bowers kernel's unit of distance).

    Returns
    -------
    ndarray of float64
    """
    d = np.asarray(distance, dtype=np.float64)
    if kernel == "bowers":
        return np.where(d <= space_bandwidth * (1 + 1e-9), 1.0 / (1.0 + d / cell_size), 0.0)
    if kernel == "exponential":
        return np.exp(-d / space_bandwidth)
    return np.exp(-0.5 * (d / space_bandwidth) ** 2)


def near_repeat_score(triggers: EventSet, grid: Grid, as_of: float, space_bandwidth: float,
                      time_bandwidth: float, kernel: str = "bowers") -> np.ndarray:
    """Raw score ``R(c)`` at the cell centres (mask ignored): 1 = one event of weight 1 just before
    ``as_of`` at the cell's centre.

    Parameters
    ----------
    triggers : EventSet
        The triggering events (:func:`select_triggers`).
    grid : Grid
    as_of : float
        Days since 1970-01-01.
    space_bandwidth : float
        Metres.
    time_bandwidth : float
        Days.
    kernel : {"bowers", "exponential", "gaussian"}, default "bowers"

    Returns
    -------
    ndarray of float64, shape (rows, cols)
    """
    reach = SPACE_REACH[kernel] * space_bandwidth
    check_kernel_fits(grid, reach, "the space bandwidth")
    reach_cells = int(math.floor(reach / grid.cell_size + 1e-9))
    offsets = np.arange(-reach_cells, reach_cells + 1) * grid.cell_size
    distance = np.hypot(offsets[:, None], offsets[None, :])
    stencil = np.where(distance <= reach * (1 + 1e-9),
                       space_weights(distance, kernel, space_bandwidth, grid.cell_size), 0.0)
    pad = reach_cells + 1
    padded = Grid(grid.xmin - pad * grid.cell_size, grid.ymax + pad * grid.cell_size, grid.cell_size,
                  grid.rows + 2 * pad, grid.cols + 2 * pad)
    weight = triggers.weight * time_weights(as_of - triggers.t, kernel, time_bandwidth)
    if kernel == "bowers":
        binned = padded.count(triggers.x, triggers.y, weight)
    else:
        binned = linear_binning(triggers.x, triggers.y, padded, weight)
    if not binned.any():
        return np.zeros(grid.shape)
    return convolved_and_cropped(binned, stencil, pad)


def near_repeat_surface(
    events: EventSet,
    grid: Grid,
    as_of: float,
    space_bandwidth: float,
    time_bandwidth: float,
    kernel: str = "bowers",
    window_days: float | None = None,
    trigger_categories: Sequence[str] = (),
    trigger_mask: np.ndarray | None = None,
    background_weight: float = 0.0,
    background_window_days: float = 365.0,
    background_bandwidth: float | None = None,
) -> RiskSurface:
    """Prospective near-repeat risk at ``as_of`` on ``grid`` (see the module docstring).

    Parameters
    ----------
    events : the crime being forecast (times in days, metres, weights). Only events strictly
        before ``as_of`` are read.
    grid : output grid; cells outside its mask are NaN and do not enter the averages.
    as_of : the reference moment, days since 1970-01-01.
    space_bandwidth : metres (bowers: the radius; exponential: the decay length; gaussian:
        the standard deviation).
    time_bandwidth : days (bowers: how long an event counts; others: the decay time).
    kernel : "bowers" (default), "exponential" or "gaussian".
    window_days : look-back window for triggers; None for the kernel's default
        (:data:`WINDOW_REACH` time bandwidths).
    trigger_categories, trigger_mask : which events trigger (see :func:`select_triggers`).
    background_weight : share of the map's total risk from the long-term background, 0..1.
    background_window_days : the background reads the events in this many days before ``as_of``.
    background_bandwidth : quartic radius in metres of the background density; None for
        likelihood cross-validation (:func:`.kde.automatic_radius`).

    Returns
    -------
    RiskSurface in :data:`UNITS` with parameters kernel, space_bandwidth_m, time_bandwidth_days,
    window_days, as_of_days, as_of, triggering_events, trigger_categories, trigger_mask_used,
    near_repeat_mean_score (raw score per cell that maps to 1), background_weight and, when it
    is > 0, background_window_days, background_bandwidth_m, background_events; for bowers
    also space_unit_m (the cell size) and time_unit_days (7).
    """
    window_days = _check_surface_settings(events, as_of, space_bandwidth, time_bandwidth, kernel,
                                          window_days, background_weight, background_window_days)
    triggers = select_triggers(events, as_of, window_days, trigger_categories, trigger_mask)
    inside = grid.inside
    raw = near_repeat_score(triggers, grid, as_of, space_bandwidth, time_bandwidth, kernel)
    mean_score = float(raw[inside].mean()) if inside.any() else 0.0
    values = (1.0 - background_weight) * _scaled_to_mean_one(raw, inside)
    parameters: dict[str, Any] = {
        "kernel": kernel, "space_bandwidth_m": float(space_bandwidth),
        "time_bandwidth_days": float(time_bandwidth), "window_days": float(window_days),
        "as_of_days": float(as_of), "as_of": str(datetime64_from_days(as_of)),
        "triggering_events": len(triggers), "trigger_categories": [str(c) for c in trigger_categories],
        "trigger_mask_used": trigger_mask is not None, "near_repeat_mean_score": mean_score,
        "background_weight": float(background_weight),
    }
    if kernel == "bowers":
        parameters.update(space_unit_m=float(grid.cell_size), time_unit_days=BOWERS_WEEK_DAYS)
    if background_weight > 0:
        background, details = _background(events, grid, as_of, background_window_days, background_bandwidth)
        values = values + background_weight * _scaled_to_mean_one(background, inside)
        parameters.update(details)
    return RiskSurface(values=values.astype(np.float32), grid=grid, units=UNITS, parameters=parameters)


def _background(events: EventSet, grid: Grid, as_of: float, window_days: float,
                bandwidth: float | None) -> tuple[np.ndarray, dict[str, Any]]:
    """Long-term kernel density of the events in ``[as_of - window_days, as_of)``."""
    past = events.between(as_of - window_days, as_of)
    details: dict[str, Any] = {"background_window_days": float(window_days), "background_events": len(past)}
    if bandwidth is None:
        if len(past) < 2:
            raise ValueError(f"the background needs at least 2 events in the {window_days:g} days "
                             f"before as_of, got {len(past)}: lengthen background_window_days, "
                             "give background_bandwidth or set background_weight to 0")
        bandwidth, rule = automatic_radius(past.x, past.y, BACKGROUND_KERNEL, weights=past.weight,
                                           cell_size=grid.cell_size)
        details["background_bandwidth_rule"] = rule
    details["background_bandwidth_m"] = float(bandwidth)
    density = binned_kernel_density(past.x, past.y, grid, bandwidth, BACKGROUND_KERNEL, past.weight)
    return density, details


def _scaled_to_mean_one(values: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """``values`` divided by their mean over the inside cells (unchanged when that mean is 0)."""
    mean = float(values[inside].mean()) if inside.any() else 0.0
    return values / mean if mean > 0 else values


def _check_surface_settings(events: EventSet, as_of: float, space_bandwidth: float, time_bandwidth: float,
                            kernel: str, window_days: float | None, background_weight: float,
                            background_window_days: float) -> float:
    """Validate the settings; returns the look-back window in days."""
    if kernel not in KERNELS:
        raise ValueError(f"unknown kernel {kernel!r}: use one of {', '.join(KERNELS)}")
    if not (isinstance(as_of, (int, float, np.number)) and math.isfinite(as_of)):
        raise ValueError(f"as_of must be a moment in days since 1970-01-01, got {as_of!r}")
    for name, value, unit in (("space_bandwidth", space_bandwidth, "metres"),
                              ("time_bandwidth", time_bandwidth, "days"),
                              ("background_window_days", background_window_days, "days")):
        _check_positive(name, value, unit)
    if window_days is None:
        window_days = WINDOW_REACH[kernel] * time_bandwidth
    _check_positive("window_days", window_days, "days")
    if not 0.0 <= background_weight <= 1.0:
        raise ValueError(f"background_weight must be between 0 and 1 (the background's share of the risk), "
                         f"got {background_weight!r}")
    bad_weights = int(np.count_nonzero(~(np.isfinite(events.weight) & (events.weight >= 0))))
    if bad_weights:
        raise ValueError(f"{bad_weights} event weights are negative or missing: "
                         "use a weight field with values >= 0 or drop those events")
    if len(events) and not np.isfinite(events.t).any():
        raise ValueError("no event has a time: a near-repeat surface needs event dates "
                         "(check the date field)")
    return float(window_days)


def _check_positive(name: str, value: float, unit: str) -> None:
    if not (isinstance(value, (int, float, np.number)) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number of {unit}, got {value!r}")


def alerts(surface: RiskSurface, triggers: EventSet, threshold: float | None = None,
           top_percent: float | None = None, seed: int = 0) -> NearRepeatAlerts:
    """Alert areas of a near-repeat surface.

    Cells are selected by exactly one rule: risk above ``threshold`` (strictly, in the
    surface's units), or the ``top_percent`` of inside cells (every cell tied with the last
    one is kept; cells of risk 0 never alert). Selected cells touching by a side or a corner
    (8-connectivity) form an area. Areas are ranked by their highest risk (ties: by mean
    risk, then by the position of their best cell in :func:`.evaluate.rank_cells_tie_broken`,
    which is blind to location: more risk around the cell first, then a random order drawn
    from ``seed``); the label raster holds the rank (0 = no alert). No cell is ever chosen
    among tied ones: every cell tied with the last one kept is kept too.

    ``triggers`` are the events that built the surface (:func:`select_triggers` with the
    surface's settings). An area's triggering events are those within the space bandwidth
    of one of its cell centres; it expires at the latest of their times plus the time
    bandwidth (bowers: when that event stops counting; the other kernels: when it has decayed
    to ``exp(-1)``). Bandwidths are read from ``surface.parameters``.

    Parameters
    ----------
    surface : RiskSurface
        A surface of :func:`near_repeat_surface`.
    triggers : EventSet
        The events that built it.
    threshold : float, optional
        Risk above which a cell alerts; give this or ``top_percent``.
    top_percent : float, optional
        Share (percent) of the inside cells that alert.
    seed : int, default 0
        Seed of the random order among cells still tied.

    Returns
    -------
    NearRepeatAlerts
        The label raster and one dict per area: ``id`` (= ``rank``), ``rank``, ``cells``, ``area_m2``,
        ``max_risk``, ``mean_risk``, ``triggering_events``, ``latest_trigger_days``, ``expires_days`` and
        ``expires`` (ISO date-time); the last three are None for an area no trigger reaches.
    """
    space_bandwidth, time_bandwidth = _alert_settings(surface, triggers)
    values = surface.values.astype(np.float64)
    selected = _selected_cells(values, surface.grid.inside, threshold, top_percent)
    labels, count = ndimage.label(selected, structure=np.ones((3, 3), dtype=bool))
    if count == 0:
        return NearRepeatAlerts(np.zeros(values.shape, dtype=np.int32), [])
    flat_labels = labels.ravel()
    flat_values = np.where(selected, values, 0.0).ravel()
    ids = np.arange(1, count + 1)
    cells = np.bincount(flat_labels, minlength=count + 1)
    highest = ndimage.maximum(flat_values, flat_labels, ids)
    mean = ndimage.mean(flat_values, flat_labels, ids)
    ranking = rank_cells_tie_broken(np.where(selected, values, np.nan), seed=seed)
    best_position = np.full(count + 1, ranking.size)
    np.minimum.at(best_position, flat_labels[ranking], np.arange(ranking.size))
    by_rank = ids[np.lexsort((best_position[ids], -mean, -highest))]
    rank_of = np.zeros(count + 1, dtype=np.int32)
    rank_of[by_rank] = np.arange(1, count + 1, dtype=np.int32)
    ranked_labels = rank_of[labels]
    reached, latest = _contributions(ranked_labels, surface.grid, triggers, space_bandwidth, count)
    areas = []
    for rank, label in enumerate(by_rank, start=1):
        expires = None if reached[rank] == 0 else float(latest[rank] + time_bandwidth)
        areas.append({
            "id": rank, "rank": rank, "cells": int(cells[label]),
            "area_m2": float(cells[label] * surface.grid.cell_area),
            "max_risk": float(highest[label - 1]), "mean_risk": float(mean[label - 1]),
            "triggering_events": int(reached[rank]),
            "latest_trigger_days": None if expires is None else float(latest[rank]),
            "expires_days": expires,
            "expires": None if expires is None else str(datetime64_from_days(expires)),
        })
    return NearRepeatAlerts(ranked_labels, areas)


def _alert_settings(surface: RiskSurface, triggers: EventSet) -> tuple[float, float]:
    try:
        space_bandwidth = float(surface.parameters["space_bandwidth_m"])
        time_bandwidth = float(surface.parameters["time_bandwidth_days"])
    except KeyError:
        raise ValueError("the surface has no space_bandwidth_m / time_bandwidth_days parameters: "
                         "pass a surface made by near_repeat_surface") from None
    expected = surface.parameters.get("triggering_events")
    if expected is not None and expected != len(triggers):
        raise ValueError(f"the surface was built from {expected} triggering events but {len(triggers)} "
                         "were given: pass select_triggers(...) with the surface's as_of, window "
                         "and trigger filter")
    return space_bandwidth, time_bandwidth


def _selected_cells(values: np.ndarray, inside: np.ndarray, threshold: float | None,
                    top_percent: float | None) -> np.ndarray:
    if (threshold is None) == (top_percent is None):
        raise ValueError("give exactly one of threshold (a risk value) or top_percent (a share of cells)")
    scored = inside & np.isfinite(values)
    if threshold is not None:
        if not math.isfinite(threshold):
            raise ValueError(f"threshold must be a finite risk value, got {threshold!r}")
        return scored & (values > threshold)
    if not 0.0 < top_percent <= 100.0:
        raise ValueError(f"top_percent must be in (0, 100], got {top_percent!r}")
    ranking = rank_cells(values, scored)
    if ranking.size == 0:
        return np.zeros(values.shape, dtype=bool)
    keep = max(1, math.ceil(top_percent / 100.0 * ranking.size - 1e-9))
    cutoff = values.ravel()[ranking[keep - 1]]
    return scored & (values >= cutoff) & (values > 0)


def _contributions(labels: np.ndarray, grid: Grid, triggers: EventSet, space_bandwidth: float,
                   count: int) -> tuple[np.ndarray, np.ndarray]:
    """Per area id (index 0 unused): how many triggers lie within ``space_bandwidth`` of one
    of its cell centres, and the latest of their times (-inf when none)."""
    reached = np.zeros(count + 1, dtype=np.int64)
    latest = np.full(count + 1, -np.inf)
    rows, cols = np.nonzero(labels)
    if len(triggers) == 0 or rows.size == 0:
        return reached, latest
    xs, ys = grid.centres()
    cell_tree = cKDTree(np.column_stack([xs[cols], ys[rows]]))
    trigger_tree = cKDTree(np.column_stack([triggers.x, triggers.y]))
    near = cell_tree.sparse_distance_matrix(trigger_tree, space_bandwidth * (1 + 1e-9), output_type="ndarray")
    pairs = np.unique(np.column_stack([labels[rows, cols][near["i"]], near["j"]]), axis=0)
    reached += np.bincount(pairs[:, 0], minlength=count + 1)
    np.maximum.at(latest, pairs[:, 0], triggers.t[pairs[:, 1]])
    return reached, latest
