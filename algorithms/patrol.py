"""From a risk raster to patrol zones within a budget, shared among patrol units.

Input: a 2-D float raster of risk (expected events per cell, or any non-negative
intensity), NaN where there is no data. The valid cells are the non-NaN ones.

Budget
    Given in ``cells``, ``km2`` (needs the cell size in metres) or ``percent`` of
    the valid area, it becomes a whole number of cells, rounded *down* so the
    budget is never exceeded. A budget below one cell, or above 100 percent, is
    refused; a budget in cells or km2 larger than the valid area is capped at the
    whole valid area, with a note.

Selection
    Cells are taken in the order of :func:`~.evaluate.rank_cells_tie_broken`: risk
    descending; among cells of equal risk (e.g. the many cells of risk 0 of a
    last-period map), the one with more risk in its 3 x 3 neighbourhood first, then a
    random order drawn from ``seed``. The rule never looks at where a cell is: a
    mirror-image map gets mirror-image zones in distribution over seeds (the old
    row-major rule took tied cells north-first), and a given seed always gives the same
    zones. Without a minimum zone size this is
    simply the top ``budget`` cells. With ``min_zone_cells = m > 1`` a greedy rule
    runs down the ranking once, keeping each visited cell as *committed*, *pending*
    or *rejected*:

    1. join the cell to its visited, non-rejected neighbours (pending or committed);
    2. if the joined group has fewer than ``m`` cells, it stays pending;
    3. otherwise, if committing its not-yet-committed cells fits in the remaining
       budget, commit them all (a new zone, or an extension or merger of zones);
       if not, reject the cell (it is never selected).

    The walk stops when the budget is used up or the ranking ends, so it
    terminates after at most one pass. Every zone has at least ``m`` cells (a
    committed group only grows), the budget is never exceeded, and the budget a
    too-small group would have used goes to the next best cells that form or extend
    zones of sufficient size. With ``m = 1`` the rule reduces to the top cells.
    It is a greedy rule, not an optimum: a cell whose group does not fit is
    rejected even if a smaller part of that group would have fitted.

Zones
    Connected committed cells form a zone. The default is 4-connectivity (cells
    sharing an edge): zones then polygonise into simple shapes, whereas
    8-connected zones may touch only at a corner, which gives awkward
    (self-touching) polygons; 8 is available (polygonise with GDAL's
    ``8CONNECTED=8`` option then). A zone may enclose unselected cells (holes). Zones are ranked by expected events
    (sum of risk) descending, ties by the ranking position of their best cell, and
    the zone id in the label raster is that rank (0 = no zone).

Patrol units
    With ``units = k`` patrol units, zones are assigned by the greedy
    longest-processing-time rule (Graham 1969): in rank order, each zone goes to the
    unit with the least expected events so far (lowest unit number on ties). Its
    largest total is at most 4/3 - 1/(3k) times the best possible.

References
----------
Graham, R. L. (1969). Bounds on multiprocessing timing anomalies. SIAM Journal on
Applied Mathematics 17(2), 416-429.
Sherman, L. W., & Weisburd, D. (1995). General deterrent effects of police patrol in
crime "hot spots": a randomized, controlled trial. Justice Quarterly 12(4), 625-648.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from scipy import ndimage

from .evaluate import rank_cells_tie_broken

__all__ = ["BUDGET_UNITS", "PatrolPlan", "budget_in_cells", "select_cells", "assign_units",
           "plan_patrol_zones"]

#: Budget units: a number of cells, square kilometres, or percent of the valid area.
BUDGET_UNITS = ("cells", "km2", "percent")
_UNIT_ALIASES = {"km²": "km2", "%": "percent"}
_STRUCTURES = {4: ndimage.generate_binary_structure(2, 1), 8: ndimage.generate_binary_structure(2, 2)}


@dataclass
class PatrolPlan:
    """Patrol zones and their assignment.

    Attributes
    ----------
    labels : int32 raster, 0 = no zone, otherwise the zone's rank (1 = most expected events).
    zones : one dict per zone, in rank order: ``rank``, ``cells``, ``area_km2`` (None
        without a cell size), ``expected_events`` (sum of risk), ``share_captured``
        (zone expected events / expected events of all valid cells), ``unit`` (1-based,
        or None without units).
    units : one dict per patrol unit: ``unit``, ``zones``, ``cells``, ``expected_events``,
        ``share_captured``.
    budget_cells : the budget in cells after conversion and capping.
    notes : what the analyst should know (capping, unused budget, idle units).
    """

    labels: np.ndarray
    zones: list[dict[str, Any]]
    units: list[dict[str, Any]]
    budget_cells: int
    notes: list[str] = field(default_factory=list)

    @property
    def selected_cells(self) -> int:
        return int(np.count_nonzero(self.labels))


def _checked_risk(risk: np.ndarray) -> np.ndarray:
    risk = np.asarray(risk, dtype=np.float64)
    if risk.ndim != 2:
        raise ValueError(f"the risk raster must be 2-D [rows, cols], got {risk.ndim} dimensions")
    valid = ~np.isnan(risk)
    if not valid.any():
        raise ValueError("the risk raster has no valid (non-NaN) cell; check its extent and nodata value")
    if np.isinf(risk[valid]).any():
        raise ValueError("the risk raster holds infinite values; recompute it or set them to nodata")
    if (risk[valid] < 0).any():
        raise ValueError("the risk raster holds negative values, but zones are ranked by expected events; "
                         "use a non-negative surface (a density or expected count), e.g. subtract its minimum")
    return risk


def budget_in_cells(budget: float, unit: str, n_valid: int,
                    cell_size: float | None = None) -> tuple[int, list[str]]:
    """The budget as a whole number of cells (rounded down), capped at ``n_valid``, with notes."""
    unit = _UNIT_ALIASES.get(unit, unit)
    if unit not in BUDGET_UNITS:
        raise ValueError(f"unknown budget unit {unit!r}; use one of {BUDGET_UNITS}")
    if not (budget > 0 and math.isfinite(budget)):
        raise ValueError(f"the budget must be a positive number, got {budget}")
    if unit == "km2":
        if cell_size is None or not (cell_size > 0 and math.isfinite(cell_size)):
            raise ValueError("a budget in km2 needs the cell size in metres (a positive number)")
        one_cell = cell_size * cell_size / 1e6
        wanted = budget / one_cell if one_cell > 0 else math.inf
        if not math.isfinite(wanted):
            raise ValueError(f"cells of {cell_size:g} m are too small to count a budget of {budget:g} km2 in "
                             "cells; check the cell size or give the budget in cells")
        cells = math.floor(wanted + 1e-9)
        if cells < 1:
            raise ValueError(f"a budget of {budget:g} km2 is smaller than one cell ({one_cell:g} km2); "
                             "raise the budget or use smaller cells")
    elif unit == "percent":
        if budget > 100:
            raise ValueError(f"a budget of {budget:g} percent is more than the whole area; give at most 100")
        cells = math.floor(budget / 100.0 * n_valid + 1e-9)
        if cells < 1:
            raise ValueError(f"{budget:g} percent of {n_valid} valid cells is less than one cell; "
                             "raise the budget")
    else:
        cells = math.floor(budget + 1e-9)
        if cells < 1:
            raise ValueError(f"a budget of {budget:g} cells is less than one cell; give at least 1")
    notes = []
    if cells > n_valid:
        notes.append(f"the budget ({cells} cells) exceeds the valid area; capped at all {n_valid} cells")
        cells = n_valid
    return int(cells), notes


def _neighbour_steps(connectivity: int) -> list[tuple[int, int]]:
    structure = _STRUCTURES[connectivity]
    return [(dr - 1, dc - 1) for dr, dc in zip(*np.nonzero(structure)) if (dr, dc) != (1, 1)]


def _greedy_min_size(order: np.ndarray, shape: tuple[int, int], budget: int, min_cells: int,
                     connectivity: int) -> np.ndarray:
    """The committed cells of the greedy rule (module docstring), as a bool raster.

    Union-find over a grid padded by one never-visited cell on each side (no bounds
    checks); plain lists, since the loop runs in Python.
    """
    rows, cols = shape
    width = cols + 2
    offsets = [dr * width + dc for dr, dc in _neighbour_steps(connectivity)]
    parent = [-1] * ((rows + 2) * width)  # -1: not visited, or rejected
    size = [0] * len(parent)
    committed = [False] * len(parent)  # meaningful at roots: a root's group is all committed or all pending

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    used = 0
    kept: list[int] = []
    for flat in order.tolist():
        if used == budget:
            break
        cell = (flat // cols + 1) * width + flat % cols + 1
        roots = {root(cell + k) for k in offsets if parent[cell + k] >= 0}
        group_size = 1 + sum(size[x] for x in roots)
        cost = 1 + sum(size[x] for x in roots if not committed[x])
        if group_size >= min_cells and used + cost > budget:
            continue  # rejected: never selected
        parent[cell], size[cell] = cell, group_size
        kept.append(flat)
        for x in roots:
            parent[x] = cell
        if group_size >= min_cells:
            committed[cell] = True
            used += cost
    selected = np.zeros(rows * cols, dtype=bool)
    selected[kept] = [committed[root((f // cols + 1) * width + f % cols + 1)] for f in kept]
    return selected.reshape(shape)


def _select_in_order(order: np.ndarray, shape: tuple[int, int], budget_cells: int, min_zone_cells: int,
                     connectivity: int) -> np.ndarray:
    if min_zone_cells == 1:
        selected = np.zeros(shape[0] * shape[1], dtype=bool)
        selected[order[:budget_cells]] = True
        return selected.reshape(shape)
    return _greedy_min_size(order, shape, budget_cells, min_zone_cells, connectivity)


def select_cells(risk: np.ndarray, budget_cells: int, min_zone_cells: int = 1,
                 connectivity: int = 4, seed: int = 0) -> np.ndarray:
    """Bool raster of the cells chosen for patrol (see the module docstring; ``seed`` breaks ties)."""
    risk = _checked_risk(risk)
    _check_shape_options(min_zone_cells, connectivity)
    return _select_in_order(rank_cells_tie_broken(risk, seed=seed), risk.shape, int(budget_cells), min_zone_cells,
                            connectivity)


def _check_shape_options(min_zone_cells: int, connectivity: int) -> None:
    if connectivity not in _STRUCTURES:
        raise ValueError(f"connectivity must be 4 (edges) or 8 (edges and corners), got {connectivity}")
    if int(min_zone_cells) != min_zone_cells or min_zone_cells < 1:
        raise ValueError(f"the minimum zone size must be a whole number of cells >= 1, got {min_zone_cells}")


def assign_units(loads: Sequence[float], units: int) -> list[int]:
    """Greedy longest-processing-time assignment: unit (1-based) of each load.

    Loads are taken largest first (input order on ties), each to the unit with the
    least total so far (lowest unit number on ties).
    """
    if int(units) != units or units < 1:
        raise ValueError(f"the number of patrol units must be a whole number >= 1, got {units}")
    heap = [(0.0, unit) for unit in range(1, int(units) + 1)]
    assignment = [0] * len(loads)
    for index in sorted(range(len(loads)), key=lambda i: -loads[i]):
        total, unit = heapq.heappop(heap)
        assignment[index] = unit
        heapq.heappush(heap, (total + float(loads[index]), unit))
    return assignment


def _ranked_zones(selected: np.ndarray, risk: np.ndarray, order: np.ndarray,
                  connectivity: int) -> tuple[np.ndarray, np.ndarray]:
    """Label raster with ids = rank, and the expected events of each rank (index 0 unused)."""
    labels, count = ndimage.label(selected, structure=_STRUCTURES[connectivity])
    flat = labels.ravel()
    expected = np.bincount(flat, weights=np.nan_to_num(risk).ravel(), minlength=count + 1)
    in_rank_order = flat[order]
    zone_ids, first_position = np.unique(in_rank_order, return_index=True)
    best_position = np.empty(count + 1, dtype=np.int64)
    best_position[zone_ids] = first_position
    ids = np.arange(1, count + 1)
    by_rank = ids[np.lexsort((best_position[ids], -expected[ids]))]
    new_id = np.zeros(count + 1, dtype=np.int32)
    new_id[by_rank] = np.arange(1, count + 1, dtype=np.int32)
    return new_id[labels], np.concatenate([[0.0], expected[by_rank]])


def plan_patrol_zones(
    risk: np.ndarray,
    budget: float,
    budget_unit: str = "percent",
    cell_size: float | None = None,
    min_zone_cells: int = 1,
    connectivity: int = 4,
    units: int = 0,
    seed: int = 0,
) -> PatrolPlan:
    """Patrol zones covering at most ``budget`` of the valid area, ranked and assigned.

    Parameters
    ----------
    risk : 2-D float raster, NaN = nodata, non-negative values.
    budget, budget_unit : how much to patrol, in ``cells``, ``km2`` or ``percent``.
    cell_size : cell side in metres (needed for km2 budgets and zone areas).
    min_zone_cells : smallest zone kept, in cells (1 = no minimum).
    connectivity : 4 (edge neighbours, default) or 8 (edges and corners).
    units : patrol units to share the zones among (0 = no assignment).
    seed : seed of the random order among cells tied on risk and neighbourhood risk.
    """
    risk = _checked_risk(risk)
    _check_shape_options(min_zone_cells, connectivity)
    if int(units) != units or units < 0:
        raise ValueError(f"the number of patrol units must be a whole number >= 0, got {units}")
    n_valid = int(np.count_nonzero(~np.isnan(risk)))
    budget_cells, notes = budget_in_cells(budget, budget_unit, n_valid, cell_size)
    if min_zone_cells > budget_cells:
        raise ValueError(f"the minimum zone size ({min_zone_cells} cells) exceeds the budget "
                         f"({budget_cells} cells); lower the minimum or raise the budget")
    order = rank_cells_tie_broken(risk, seed=seed)
    selected = _select_in_order(order, risk.shape, budget_cells, min_zone_cells, connectivity)
    if not selected.any():
        raise ValueError(f"no group of {min_zone_cells} connected valid cells fits the budget; "
                         "lower the minimum zone size or raise the budget")
    labels, expected = _ranked_zones(selected, risk, order, connectivity)
    total = float(np.nansum(risk))
    cell_km2 = None if cell_size is None else cell_size * cell_size / 1e6
    cells = np.bincount(labels.ravel(), minlength=expected.size)
    zones = [{
        "rank": rank, "cells": int(cells[rank]),
        "area_km2": None if cell_km2 is None else cells[rank] * cell_km2,
        "expected_events": float(expected[rank]),
        "share_captured": float(expected[rank]) / total if total > 0 else math.nan,
        "unit": None,
    } for rank in range(1, expected.size)]
    unit_rows = _assign(zones, units, total, notes) if units else []
    if selected.sum() < budget_cells:
        notes.append(f"{budget_cells - int(selected.sum())} cells of the budget are unused: no further "
                     f"cell could form or extend a zone of {min_zone_cells} cells within it")
    return PatrolPlan(labels=labels, zones=zones, units=unit_rows, budget_cells=budget_cells, notes=notes)


def _assign(zones: list[dict[str, Any]], units: int, total: float, notes: list[str]) -> list[dict[str, Any]]:
    """Set each zone's unit and return the per-unit totals."""
    for zone, unit in zip(zones, assign_units([z["expected_events"] for z in zones], units)):
        zone["unit"] = unit
    rows = []
    for unit in range(1, units + 1):
        mine = [z for z in zones if z["unit"] == unit]
        expected = sum(z["expected_events"] for z in mine)
        rows.append({"unit": unit, "zones": len(mine), "cells": sum(z["cells"] for z in mine),
                     "expected_events": expected, "share_captured": expected / total if total > 0 else math.nan})
    idle = [r["unit"] for r in rows if r["zones"] == 0]
    if idle:
        notes.append(f"units {idle} have no zone: there are fewer zones ({len(zones)}) than units ({units})")
    return rows
