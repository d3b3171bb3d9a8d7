"""Patrol routes on the street network: the riskiest streets within a length budget,
joined into a few connected routes, ranked, and shared among patrol units in compact
groups of balanced length.

The economics: ``m`` is the risk per metre of the last street the budget buys when the
riskiest lixels are taken alone (the *marginal* street; 0 when the budget is larger than
the streets with a risk above 0). A route's *surplus* is its risk
minus ``m`` times its length: what it captures above the same length of marginal street.

1. Seeds: lixels in decreasing risk per metre (ties: the lixel with more risk on the
   lixels touching it, then the lower index) until their length reaches the budget
   (km of street, or a percent of the network's length). Lixels that touch (share a
   node) form a route.
2. Bridges: two routes at most ``max_gap`` metres apart along the streets are joined
   through the shortest path between them, shortest gaps first (Kruskal's order over the
   routes' network Voronoi regions, as Mehlhorn's Steiner-tree approximation), when the
   weaker of the two routes pays for the bridge: its surplus is at least the bridge's
   length times ``m`` minus the risk on the bridge. A weak fragment is thus joined only
   when it and its link capture more risk per km than the marginal street would.
3. The bridges' length counts against the budget: the least risky lixels at route ends
   (a lixel with an end no other taken lixel touches) are trimmed until the routes fit,
   so trimming never cuts a route in two.
4. Routes shorter than ``min_route_length`` that no bridge joined are dropped.
5. The budget left grows the routes at their edges, the riskiest touching lixel first,
   so refilling does not start a new piece while a route can grow; when none can (no
   touching lixel has a risk above 0), the next riskiest lixels never dropped start new
   routes. Steps 2-5 repeat until nothing changes (a few rounds at most); short routes
   left by the last round are dropped and their length grows the others.
6. Units (:mod:`.route_units`): a route longer than a unit's fair share of the length
   (times ``1 + tolerance``) is cut into connected parts (in order of distance along the streets from one of its far
   ends); routes are then grouped into ``units`` compact groups of balanced length by a
   capacitated k-means; when the longest unit still exceeds the shortest by more than the
   tolerance, the longest route of the longest unit is cut in two and the grouping redone,
   a few times at most.
7. Routes are ranked by their total risk (expected events when the risk is in expected
   events per lixel); each unit's routes are numbered in rank order.

The result is a greedy heuristic, not an optimum of the prize-collecting Steiner problem
behind it; the share of the risk captured is reported beside that of the riskiest lixels
taken alone (the price of connected routes).

References
----------
Mehlhorn, K. (1988). A faster approximation algorithm for the Steiner problem in graphs.
Information Processing Letters 27(3), 125-128.
Johnson, D. S., Minkoff, M., & Phillips, S. (2000). The prize collecting Steiner tree
problem: theory and practice. Proc. 11th ACM-SIAM SODA, 760-769.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components, dijkstra

from .network import StreetNetwork
from .route_units import DEFAULT_TOLERANCE, balanced_groups, length_ratio

__all__ = ["BUDGET_UNITS", "DEFAULT_MAX_GAP", "DEFAULT_MIN_ROUTE_LENGTH", "PatrolRoutes", "budget_in_metres",
           "plan_patrol_routes"]

BUDGET_UNITS = ("km", "percent")
#: Defaults of the Processing algorithm: bridge gaps up to this many metres, drop routes shorter than this.
DEFAULT_MAX_GAP = 500.0
DEFAULT_MIN_ROUTE_LENGTH = 300.0
#: Rounds of bridging, trimming, dropping and growing (steps 2-5).
REFINE_ROUNDS = 20
#: Times the longest route of the longest unit may be cut in two to balance the units.
BALANCE_CUTS = 6


@dataclass
class PatrolRoutes:
    """``route`` per lixel (0 = none, k = the route of rank k); one dict per route and per unit."""

    route: np.ndarray
    routes: list[dict[str, Any]]
    parameters: dict[str, Any]
    units: list[dict[str, Any]] = field(default_factory=list)


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
    """Route label per taken lixel (0, 1, ...; -1 elsewhere), lixels sharing a node joined."""
    return _relabelled(net, taken, np.zeros(net.n_lixels, dtype=np.int64))


class _Routes:
    """The lixels taken and what the steps need about them (see the module docstring)."""

    def __init__(self, net: StreetNetwork, per_metre: np.ndarray, score: np.ndarray, order: np.ndarray,
                 budget: float):
        self.net, self.per_metre, self.score, self.budget = net, per_metre, score, budget
        self.position = np.empty(net.n_lixels, dtype=np.int64)
        self.position[order] = np.arange(net.n_lixels)
        self.ptr, self.incident, _ = net.incidence()
        self.taken = _taken(order, net.lixel_length, budget, per_metre <= 0)
        spare = budget - float(net.lixel_length[self.taken].sum()) > net.lixel_length.max()
        self.marginal = 0.0 if spare else float(per_metre[self.taken].min())  # nothing displaced: free
        self.order = order
        self.dropped = np.zeros(net.n_lixels, dtype=bool)

    @cached_property
    def lookup(self) -> dict[tuple[int, int], int]:
        """The lixel behind each step of a shortest path, built only when a bridge is laid."""
        return _pair_lookup(self.net)

    @property
    def length(self) -> float:
        return float(self.net.lixel_length[self.taken].sum())

    def _degree(self) -> np.ndarray:
        net, taken = self.net, self.taken
        return np.bincount(np.concatenate([net.lixel_from[taken], net.lixel_to[taken]]), minlength=net.n_nodes)

    def _at(self, node: int) -> np.ndarray:
        return self.incident[self.ptr[node]:self.ptr[node + 1]]

    def bridge(self, max_gap: float) -> int:
        """Step 2: the bridges worth their length; returns how many routes were joined."""
        net, taken = self.net, self.taken
        label = _components(net, taken)
        nodes = np.unique(np.concatenate([net.lixel_from[taken], net.lixel_to[taken]]))
        if max_gap <= 0 or nodes.size == 0 or label.max() < 1:
            return 0
        node_route = np.full(net.n_nodes, -1, dtype=np.int64)
        node_route[net.lixel_from[taken]] = label[taken]
        node_route[net.lixel_to[taken]] = label[taken]
        dist, pred, source = dijkstra(net.graph, directed=False, indices=nodes, limit=max_gap,
                                      min_only=True, return_predecessors=True)
        reach = np.where(source >= 0, node_route[np.maximum(source, 0)], -1)
        a, b = net.lixel_from, net.lixel_to
        edges = np.flatnonzero((reach[a] >= 0) & (reach[b] >= 0) & (reach[a] != reach[b]))
        gap = dist[a[edges]] + dist[b[edges]] + net.lixel_length[edges]
        edges, gap = edges[gap <= max_gap], gap[gap <= max_gap]
        # the shortest edge between each pair of routes' regions
        pair = np.sort(np.column_stack([reach[a[edges]], reach[b[edges]]]), axis=1)
        order = np.lexsort((edges, gap, pair[:, 1], pair[:, 0]))
        first = np.ones(order.size, dtype=bool)
        first[1:] = np.any(np.diff(pair[order], axis=0) != 0, axis=1)
        chosen = order[first]
        chosen = chosen[np.lexsort((edges[chosen], gap[chosen]))]
        count = int(label.max()) + 1
        surplus = (np.bincount(label[taken], weights=self.score[taken], minlength=count)
                   - self.marginal * np.bincount(label[taken], weights=net.lixel_length[taken], minlength=count))
        surplus = surplus.tolist()
        parent = list(range(count))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        joined = 0
        for k in chosen.tolist():
            edge = int(edges[k])
            ra, rb = root(int(reach[a[edge]])), root(int(reach[b[edge]]))
            if ra == rb:
                continue
            path = [p for p in _path_lixels(pred, int(a[edge]), self.lookup) + [edge]
                    + _path_lixels(pred, int(b[edge]), self.lookup) if not taken[p]]
            path = list(dict.fromkeys(path))
            deficit = self.marginal * float(net.lixel_length[path].sum()) - float(self.score[path].sum())
            if min(surplus[ra], surplus[rb]) < deficit:
                continue
            taken[path] = True
            parent[ra] = rb
            surplus[rb] += surplus[ra] - deficit
            joined += 1
        return joined

    def trim(self) -> None:
        """Step 3: the least risky route ends go until the routes fit the budget."""
        net, taken, length = self.net, self.taken, self.net.lixel_length
        over = self.length - self.budget
        if over <= 1e-9:
            return
        degree = self._degree()
        ends = np.flatnonzero(taken & ((degree[net.lixel_from] == 1) | (degree[net.lixel_to] == 1)))
        heap = list(zip((-self.position[ends]).tolist(), ends.tolist()))
        heapq.heapify(heap)
        while over > 1e-9 and heap:
            _, i = heapq.heappop(heap)
            ends_here = [n for n in (int(net.lixel_from[i]), int(net.lixel_to[i])) if degree[n] == 1]
            if not taken[i] or not ends_here:
                continue
            taken[i] = False
            over -= length[i]
            for node in (int(net.lixel_from[i]), int(net.lixel_to[i])):
                degree[node] -= 1
                if degree[node] == 1:
                    for j in self._at(node).tolist():
                        if taken[j]:
                            heapq.heappush(heap, (-int(self.position[j]), j))
        if over > 1e-9:  # only closed loops left: take the least risky lixels, whatever they cut
            kept = np.flatnonzero(taken)
            kept = kept[np.argsort(-self.position[kept])]
            drop = kept[:int(np.searchsorted(np.cumsum(length[kept]), over - 1e-9)) + 1]
            taken[drop] = False

    def drop_short(self, min_route_length: float) -> int:
        """Step 4: routes shorter than the minimum go; returns how many."""
        label = _components(self.net, self.taken)
        route_length = np.bincount(label[self.taken], weights=self.net.lixel_length[self.taken])
        short = np.flatnonzero((route_length < min_route_length) & (np.bincount(label[self.taken]) > 0))
        if short.size == np.count_nonzero(route_length):  # every route is short: keep the longest, to grow it
            short = short[short != int(np.argmax(route_length))]
        gone = self.taken & np.isin(label, short)
        self.dropped |= gone
        self.taken &= ~gone
        return short.size

    def seed(self) -> bool:
        """Step 5, when no route can grow: the next riskiest lixels never dropped, as new routes."""
        left = self.budget - self.length
        if left < self.net.lixel_length.min():
            return False
        spent = self.taken | self.dropped | (self.per_metre <= 0)
        if spent.all():
            return False
        new = _taken(self.order, self.net.lixel_length, left, spent) & ~spent
        self.taken |= new
        return bool(new.any())

    def grow(self) -> None:
        """Step 5: the riskiest lixels touching a route, while they fit the budget."""
        net, taken, length = self.net, self.taken, self.net.lixel_length
        left = self.budget - self.length
        on = np.zeros(net.n_nodes, dtype=bool)
        on[net.lixel_from[taken]] = True
        on[net.lixel_to[taken]] = True
        edge = np.flatnonzero(~taken & (self.per_metre > 0) & (on[net.lixel_from] | on[net.lixel_to]))
        heap = list(zip(self.position[edge].tolist(), edge.tolist()))
        heapq.heapify(heap)
        while heap and left > 1e-9:
            _, i = heapq.heappop(heap)
            if taken[i] or length[i] > left + 1e-9:
                continue
            taken[i] = True
            left -= length[i]
            for node in (int(net.lixel_from[i]), int(net.lixel_to[i])):
                if not on[node]:
                    on[node] = True
                    for j in self._at(node).tolist():
                        if not taken[j] and self.per_metre[j] > 0:
                            heapq.heappush(heap, (int(self.position[j]), j))


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
                       expected_per_lixel: bool = False, tolerance: float = DEFAULT_TOLERANCE) -> PatrolRoutes:
    """Routes of the riskiest streets within the budget (see the module docstring).

    ``risk``: one value per lixel; per metre when ``expected_per_lixel`` is False (a
    density or relative risk), or expected events per lixel when True (divided by length
    to rank). ``tolerance``: how far a unit's length may stray from the fair share before
    routes are cut to balance the units. Each route dict: rank, length_m, lixels,
    total_risk, mean_risk_per_km, unit, unit_rank, share_of_risk; each unit dict: unit,
    routes, length_m, total_risk, share_of_risk.
    """
    risk = np.asarray(risk, dtype=np.float64)
    if risk.shape != (net.n_lixels,):
        raise ValueError(f"{risk.shape} risk values for {net.n_lixels} lixels")
    if not (np.isfinite(risk).all() and (risk >= 0).all()):
        raise ValueError("risk values must be finite and >= 0")
    if min_route_length < 0 or max_gap < 0:
        raise ValueError("min_route_length and max_gap must be >= 0 metres")
    if int(units) != units or units < 1:
        raise ValueError(f"the number of patrol units must be a whole number >= 1, got {units}")
    if not 0 < tolerance < 1:
        raise ValueError(f"the balance tolerance must lie between 0 and 1, got {tolerance!r}")
    metres = budget_in_metres(net, budget, unit)
    length = net.lixel_length
    per_metre = risk / length if expected_per_lixel else risk
    if not (per_metre > 0).any():
        raise ValueError("no street has a risk above 0: nothing to patrol")
    score = risk if expected_per_lixel else risk * length
    order = _ranking(net, per_metre)
    routes = _Routes(net, per_metre, score, order, metres)
    top_risk = float(score[routes.taken].sum())
    rounds = 0
    for rounds in range(1, REFINE_ROUNDS + 1):
        joined = routes.bridge(max_gap)
        routes.trim()
        dropped = routes.drop_short(min_route_length)
        routes.grow()
        seeded = routes.seed()
        if not (joined or dropped or seeded):
            break
    if routes.drop_short(min_route_length):  # seeds of the last round that stayed short
        routes.grow()
    label = _components(net, routes.taken)
    pieces = int(label.max()) + 1
    label, group = _units(net, routes.taken, label, int(units), tolerance)
    total = float(score.sum())
    parameters = {"budget_m": metres, "budget": budget, "budget_unit": unit,
                  "min_route_length_m": float(min_route_length), "max_gap_m": float(max_gap), "units": int(units),
                  "tolerance": float(tolerance), "marginal_risk_per_km": routes.marginal * 1000.0,
                  "rounds": rounds, "routes_before_cuts": pieces, "top_lixels_risk": top_risk,
                  "top_lixels_share": top_risk / total if total > 0 else math.nan}
    return _ranked(net, routes.taken, label, group, score, total, parameters)


def _cut(net: StreetNetwork, lixels: np.ndarray, share: float) -> np.ndarray:
    """The first ``share`` of a connected route's length, in order of distance along the
    streets from one of its far ends (a connected part); returns those lixels."""
    nodes, inverse = np.unique(np.concatenate([net.lixel_from[lixels], net.lixel_to[lixels]]), return_inverse=True)
    start, end = inverse[:lixels.size], inverse[lixels.size:]
    graph = sparse.coo_matrix((net.lixel_length[lixels], (start, end)), shape=(nodes.size, nodes.size)).tocsr()
    far = int(np.argmax(np.nan_to_num(dijkstra(graph, directed=False, indices=0), posinf=-1.0)))
    dist = dijkstra(graph, directed=False, indices=far)
    along = np.minimum(dist[start], dist[end])
    ranked = np.lexsort((lixels, along))
    cumulative = np.cumsum(net.lixel_length[lixels][ranked])
    count = int(np.searchsorted(cumulative, share * cumulative[-1] * (1 + 1e-9), side="right"))
    return lixels[ranked[:max(1, min(count, lixels.size - 1))]]


def _units(net: StreetNetwork, taken: np.ndarray, label: np.ndarray, units: int,
           tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Step 6: route label per lixel (after cuts) and the unit (0-based) of each label."""
    length = net.lixel_length
    mid = net.lixel_midpoints()
    fair = float(length[taken].sum()) / units
    if units > 1:  # routes longer than a fair share are cut into connected parts of about a share
        for route in range(int(label.max()) + 1):
            lixels = np.flatnonzero(label == route)
            parts = math.ceil(float(length[lixels].sum()) / (fair * (1 + tolerance)) - 1e-9)
            while parts > 1 and lixels.size > 1:
                head = _cut(net, lixels, 1.0 / parts)
                label[head] = label.max() + 1
                lixels = np.setdiff1d(lixels, head)
                parts -= 1
        label = _relabelled(net, taken, label)
    for attempt in range(BALANCE_CUTS + 1):
        count = int(label.max()) + 1
        weights = np.bincount(label[taken], weights=length[taken], minlength=count)
        centres = np.column_stack([np.bincount(label[taken], weights=mid[taken, d] * length[taken], minlength=count)
                                   for d in (0, 1)]) / weights[:, None]
        group = balanced_groups(centres, weights, units, tolerance)
        loads = np.bincount(group, weights=weights, minlength=units)
        if units == 1 or attempt == BALANCE_CUTS or length_ratio(loads) <= (1 + tolerance) / (1 - tolerance):
            break
        heavy = np.flatnonzero(group == int(np.argmax(loads)))
        longest = int(heavy[np.argmax(weights[heavy])])
        lixels = np.flatnonzero(label == longest)
        if lixels.size < 2:
            break
        label[_cut(net, lixels, 0.5)] = count
        label = _relabelled(net, taken, label)
    return label, group


def _relabelled(net: StreetNetwork, taken: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Labels split where a cut left a part in pieces (each connected piece its own route)."""
    lix = np.flatnonzero(taken)
    same = label[lix]
    # join lixels sharing a node only within the same label: nodes keyed by (label, node)
    key_from = same * net.n_nodes + net.lixel_from[lix]
    key_to = same * net.n_nodes + net.lixel_to[lix]
    keys, inverse = np.unique(np.concatenate([key_from, key_to]), return_inverse=True)
    link = sparse.coo_matrix((np.ones(lix.size), (inverse[:lix.size], inverse[lix.size:])),
                             shape=(keys.size, keys.size))
    _, node_label = connected_components(link, directed=False)
    out = np.full(net.n_lixels, -1, dtype=np.int64)
    out[lix] = node_label[inverse[:lix.size]]
    return out


def _ranked(net: StreetNetwork, taken: np.ndarray, label: np.ndarray, group: np.ndarray, score: np.ndarray,
            total_risk: float, parameters: dict[str, Any]) -> PatrolRoutes:
    """Step 7: routes ranked by total risk, each with its unit and its rank in the unit."""
    ids, compact = np.unique(label[taken], return_inverse=True)
    total = np.bincount(compact, weights=score[taken])
    length = np.bincount(compact, weights=net.lixel_length[taken])
    count = np.bincount(compact)
    order = np.lexsort((np.arange(ids.size), -length, -total))
    rank = np.empty(ids.size, dtype=np.int64)
    rank[order] = np.arange(1, ids.size + 1)
    route = np.zeros(net.n_lixels, dtype=np.int64)
    route[taken] = rank[compact]
    units = int(parameters["units"])
    share = (lambda value: value / total_risk if total_risk > 0 else math.nan)
    unit_of = group[ids] + 1
    seen = np.zeros(units + 1, dtype=np.int64)
    routes = []
    for r, i in enumerate(order):
        seen[unit_of[i]] += 1
        routes.append({"rank": r + 1, "length_m": float(length[i]), "lixels": int(count[i]),
                       "total_risk": float(total[i]), "mean_risk_per_km": float(total[i] / length[i] * 1000.0),
                       "unit": int(unit_of[i]), "unit_rank": int(seen[unit_of[i]]),
                       "share_of_risk": share(float(total[i]))})
    unit_rows = []
    for u in range(1, units + 1):
        mine = [r for r in routes if r["unit"] == u]
        risk = sum(r["total_risk"] for r in mine)
        unit_rows.append({"unit": u, "routes": len(mine), "length_m": sum(r["length_m"] for r in mine),
                          "total_risk": risk, "share_of_risk": share(risk)})
    captured = float(total.sum())
    loads = np.array([u["length_m"] for u in unit_rows])
    parameters = {**parameters, "length_taken_m": float(length.sum()), "routes": len(routes),
                  "risk_captured": captured, "risk_share": share(captured),
                  "connectivity_price": 1.0 - captured / parameters["top_lixels_risk"]
                  if parameters["top_lixels_risk"] > 0 else 0.0,
                  "unit_length_ratio": length_ratio(loads)}
    return PatrolRoutes(route, routes, parameters, unit_rows)
