"""Patrol routes on the street network: the riskiest streets within a length budget,
merged into connected routes, ranked and shared among patrol units.

1. Lixels are taken in decreasing order of risk per metre (ties: the lixel with more
   risk on the lixels touching it, then the lower index) until their length reaches
   the budget (km of street, or a percent of the network's length).
2. Lixels taken that touch (share a node) form a route. Gaps of at most ``max_gap``
   metres between two routes are bridged through the shortest path when the budget
   left allows, riskiest routes first, so a unit drives one stretch instead of pieces.
3. Routes shorter than ``min_route_length`` are dropped and their length handed back
   to the next lixels in order, a few rounds at most.
4. Routes are ranked by their total risk (expected events when the risk is in expected
   events per lixel), and assigned to ``units`` by the greedy longest-processing-time
   rule on their length (:func:`.patrol.assign_units`), so units drive similar lengths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components, dijkstra

from .network import StreetNetwork
from .patrol import assign_units

__all__ = ["BUDGET_UNITS", "PatrolRoutes", "budget_in_metres", "plan_patrol_routes"]

BUDGET_UNITS = ("km", "percent")
#: Rounds of refilling the budget after short routes are dropped.
REFILL_ROUNDS = 5


@dataclass
class PatrolRoutes:
    """``route`` per lixel (0 = none, k = the route of rank k); one dict per route."""

    route: np.ndarray
    routes: list[dict[str, Any]]
    parameters: dict[str, Any]


def budget_in_metres(net: StreetNetwork, budget: float, unit: str) -> float:
    """The budget as metres of street."""
    if unit not in BUDGET_UNITS:
        raise ValueError(f"unknown budget unit {unit!r}: use one of {', '.join(BUDGET_UNITS)}")
    if not (math.isfinite(budget) and budget > 0):
        raise ValueError(f"the patrol budget must be a positive number, got {budget!r}")
    if unit == "percent":
        if budget > 100:
            raise ValueError(f"a budget in percent of the network must be at most 100, got {budget!r}")
        return budget / 100.0 * net.total_length
    return budget * 1000.0


def _ranking(net: StreetNetwork, per_metre: np.ndarray) -> np.ndarray:
    """Lixels in the order they are taken (see the module docstring)."""
    around = np.zeros(net.n_nodes)
    np.add.at(around, net.lixel_from, per_metre)
    np.add.at(around, net.lixel_to, per_metre)
    neighbourhood = around[net.lixel_from] + around[net.lixel_to]
    return np.lexsort((np.arange(net.n_lixels), -neighbourhood, -per_metre))


def _taken(order: np.ndarray, length: np.ndarray, budget: float, excluded: np.ndarray) -> np.ndarray:
    candidates = order[~excluded[order]]
    cumulative = np.cumsum(length[candidates])
    count = int(np.searchsorted(cumulative, budget * (1 + 1e-12), side="right"))
    taken = np.zeros(length.size, dtype=bool)
    taken[candidates[:max(count, 1)]] = True
    return taken


def _components(net: StreetNetwork, taken: np.ndarray) -> np.ndarray:
    """Route label per taken lixel (-1 elsewhere), lixels sharing a node joined."""
    lix = np.flatnonzero(taken)
    link = sparse.coo_matrix((np.ones(lix.size), (net.lixel_from[lix], net.lixel_to[lix])),
                             shape=(net.n_nodes, net.n_nodes))
    _, node_label = connected_components(link, directed=False)
    label = np.full(net.n_lixels, -1, dtype=np.int64)
    label[lix] = node_label[net.lixel_from[lix]]
    return label


def _bridges(net: StreetNetwork, taken: np.ndarray, score: np.ndarray, left: float, max_gap: float) -> np.ndarray:
    """Lixels that join routes through gaps of at most ``max_gap`` metres, within ``left``."""
    label = _components(net, taken)
    nodes_taken = np.unique(np.concatenate([net.lixel_from[taken], net.lixel_to[taken]]))
    if nodes_taken.size == 0 or max_gap <= 0:
        return np.zeros(net.n_lixels, dtype=bool)
    node_route = np.full(net.n_nodes, -1, dtype=np.int64)
    node_route[net.lixel_from[taken]] = label[taken]
    node_route[net.lixel_to[taken]] = label[taken]
    dist, pred, source = dijkstra(net.graph, directed=False, indices=nodes_taken, limit=max_gap,
                                  min_only=True, return_predecessors=True)
    reach = np.where(source >= 0, node_route[np.maximum(source, 0)], -1)
    a, b = net.lixel_from, net.lixel_to
    joins = (reach[a] >= 0) & (reach[b] >= 0) & (reach[a] != reach[b])
    gap = np.where(joins, dist[a] + dist[b] + net.lixel_length * ~taken, np.inf)
    route_score = np.bincount(label[taken], weights=score[taken], minlength=int(label.max()) + 1)
    priority = np.where(joins, route_score[np.maximum(reach[a], 0)] + route_score[np.maximum(reach[b], 0)], 0)
    added = np.zeros(net.n_lixels, dtype=bool)
    lookup = _pair_lookup(net)
    parent = list(range(int(label.max()) + 1))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for edge in np.lexsort((gap, -priority))[: int(joins.sum())]:
        ra, rb = root(int(reach[a[edge]])), root(int(reach[b[edge]]))
        if gap[edge] > max_gap or gap[edge] > left or ra == rb:
            continue
        path = _path_lixels(pred, int(a[edge]), lookup) + _path_lixels(pred, int(b[edge]), lookup) + [int(edge)]
        new = [p for p in path if not (taken[p] or added[p])]
        cost = float(net.lixel_length[new].sum())
        if cost <= left:
            added[new] = True
            left -= cost
            parent[ra] = rb
    return added


def _pair_lookup(net: StreetNetwork) -> dict[tuple[int, int], int]:
    """The shortest lixel joining each pair of nodes (the one a shortest path takes)."""
    pairs = np.sort(np.column_stack([net.lixel_from, net.lixel_to]), axis=1)
    order = np.lexsort((net.lixel_length, pairs[:, 1], pairs[:, 0]))[::-1]
    return {(int(pairs[i, 0]), int(pairs[i, 1])): int(i) for i in order}


def _path_lixels(pred: np.ndarray, node: int, lookup: dict[tuple[int, int], int]) -> list[int]:
    """Lixels on the predecessor path from ``node`` back to its source."""
    out = []
    while pred[node] >= 0:
        prev = int(pred[node])
        out.append(lookup[(min(prev, node), max(prev, node))])
        node = prev
    return out


def plan_patrol_routes(net: StreetNetwork, risk: np.ndarray, budget: float, unit: str = "percent",
                       units: int = 1, min_route_length: float = 0.0, max_gap: float = 0.0,
                       expected_per_lixel: bool = False) -> PatrolRoutes:
    """Routes of the riskiest streets within the budget (see the module docstring).

    ``risk``: one value per lixel; per metre when ``expected_per_lixel`` is False (a
    density or relative risk), or expected events per lixel when True (divided by length
    to rank). Each route dict: rank, length_m, lixels, total_risk, mean_risk_per_km, unit.
    """
    risk = np.asarray(risk, dtype=np.float64)
    if risk.shape != (net.n_lixels,):
        raise ValueError(f"{risk.shape} risk values for {net.n_lixels} lixels")
    if not (np.isfinite(risk).all() and (risk >= 0).all()):
        raise ValueError("risk values must be finite and >= 0")
    if min_route_length < 0 or max_gap < 0:
        raise ValueError("min_route_length and max_gap must be >= 0 metres")
    metres = budget_in_metres(net, budget, unit)
    length = net.lixel_length
    per_metre = risk / length if expected_per_lixel else risk
    score = risk if expected_per_lixel else risk * length
    order = _ranking(net, per_metre)
    excluded = per_metre <= 0
    if excluded.all():
        raise ValueError("no street has a risk above 0: nothing to patrol")
    taken = _taken(order, length, metres, excluded)
    for _ in range(REFILL_ROUNDS):
        if max_gap > 0:
            taken |= _bridges(net, taken, score, metres - float(length[taken].sum()), max_gap)
        label = _components(net, taken)
        route_length = np.bincount(label[taken], weights=length[taken])
        short = np.flatnonzero(route_length < min_route_length)
        if short.size == 0:
            break
        dropped = taken & np.isin(label, short)
        excluded |= dropped
        taken &= ~dropped
        left = metres - float(length[taken].sum())
        if left <= 0 or excluded.all():
            break
        taken |= _taken(order, length, left, excluded | taken) & ~excluded
    return _ranked(net, taken, score, units, {"budget_m": metres, "budget": budget, "budget_unit": unit,
                                              "min_route_length_m": float(min_route_length),
                                              "max_gap_m": float(max_gap), "units": int(units)})


def _ranked(net: StreetNetwork, taken: np.ndarray, score: np.ndarray, units: int,
            parameters: dict[str, Any]) -> PatrolRoutes:
    label = _components(net, taken)
    if not taken.any():
        return PatrolRoutes(np.zeros(net.n_lixels, dtype=np.int64), [], {**parameters, "length_taken_m": 0.0})
    ids, compact = np.unique(label[taken], return_inverse=True)
    total = np.bincount(compact, weights=score[taken])
    length = np.bincount(compact, weights=net.lixel_length[taken])
    count = np.bincount(compact)
    order = np.lexsort((np.arange(ids.size), -length, -total))
    rank = np.empty(ids.size, dtype=np.int64)
    rank[order] = np.arange(1, ids.size + 1)
    route = np.zeros(net.n_lixels, dtype=np.int64)
    route[taken] = rank[compact]
    assignment = assign_units([float(length[i]) for i in order], units)
    routes = [{"rank": r + 1, "length_m": float(length[i]), "lixels": int(count[i]), "total_risk": float(total[i]),
               "mean_risk_per_km": float(total[i] / length[i] * 1000.0), "unit": assignment[r]}
              for r, i in enumerate(order)]
    return PatrolRoutes(route, routes, {**parameters, "length_taken_m": float(length.sum()), "routes": len(routes)})
