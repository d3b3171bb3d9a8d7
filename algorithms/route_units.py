"""Patrol routes shared among units: compact groups of balanced street length.

Each route is an item with a weight (its length) and a place (the length-weighted centre
of its lixels). Groups are found by a capacitated k-means on the routes (Mulvey & Beck
1984; Bradley, Bennett & Demiriz 2000): the cost of a route in a unit is its length times
the squared distance from its centre to the unit's centre, which is the unit's moment of
inertia about its centre up to a constant (k-means on the routes' lixels, routes kept
whole), so a unit's routes lie close together.

1. Centres start at the longest route, then at the route farthest from the centres so far
   (times its length), until there are ``units`` centres (no randomness).
2. Routes are assigned longest first to the cheapest unit whose length stays within
   ``(1 + tolerance)`` times the fair share (total / units); when none has room, to the
   unit with the least length (Graham's rule).
3. Moves of one route and swaps of two routes between units that lower the total cost
   and keep every unit within the share's ``[1 - tolerance, 1 + tolerance]`` (or narrow
   the gap between the longest and shortest unit) are made until none is left; centres
   move to their routes' weighted mean; steps 2-3 repeat until the groups stop changing.
4. Balance is then repaired: a move or swap between the longest and the shortest unit that
   narrows their gap, the cheapest first, until none does.

References
----------
Mulvey, J. M., & Beck, M. P. (1984). Solving capacitated clustering problems. European
Journal of Operational Research 18(3), 339-348.
Bradley, P. S., Bennett, K. P., & Demiriz, A. (2000). Constrained k-means clustering.
Microsoft Research MSR-TR-2000-65.
Graham, R. L. (1969). Bounds on multiprocessing timing anomalies. SIAM Journal on Applied
Mathematics 17(2), 416-429.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DEFAULT_TOLERANCE", "balanced_groups", "length_ratio"]

#: Units' lengths may differ from the fair share by this fraction before balance is repaired.
DEFAULT_TOLERANCE = 0.1
_ROUNDS = 30


def length_ratio(loads: np.ndarray) -> float:
    """Longest unit's length over the shortest's (inf when a unit has none)."""
    loads = np.asarray(loads, dtype=np.float64)
    return float(loads.max() / loads.min()) if loads.size and loads.min() > 0 else float("inf")


def _seeds(points: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    chosen = [int(np.argmax(weights))]
    nearest = np.sum((points - points[chosen[0]]) ** 2, axis=1)
    while len(chosen) < k:
        index = int(np.argmax(nearest * weights))
        chosen.append(index)
        nearest = np.minimum(nearest, np.sum((points - points[index]) ** 2, axis=1))
    return points[chosen].copy()


def _assigned(cost: np.ndarray, weights: np.ndarray, cap: float) -> np.ndarray:
    k = cost.shape[1]
    load = np.zeros(k)
    group = np.empty(weights.size, dtype=np.int64)
    for i in np.lexsort((np.arange(weights.size), -weights)):
        room = load + weights[i] <= cap * (1 + 1e-12)
        j = int(np.argmin(np.where(room, cost[i], np.inf))) if room.any() else int(np.argmin(load))
        group[i] = j
        load[j] += weights[i]
    return group


def _exchanges(cost: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int):
    """Every move (``j = -1``) and swap between two units, unit pair by unit pair: yields
    ``(a, b, i, j, gain, new load of a, new load of b, lowest and highest other load)``
    with arrays over the candidate items ``i`` of unit ``a`` (and ``j`` of unit ``b``)."""
    load = np.bincount(group, weights=weights, minlength=k)
    own = cost[np.arange(group.size), group]
    members = [np.flatnonzero(group == u) for u in range(k)]
    for a in range(k):
        for b in range(k):
            if a == b or members[a].size == 0:
                continue
            others = np.delete(load, [a, b])
            rest = (others.min(), others.max()) if others.size else (np.inf, -np.inf)
            i = members[a]
            yield a, b, i, None, own[i] - cost[i, b], load[a] - weights[i], load[b] + weights[i], rest
            if a < b and members[b].size:
                j = members[b]
                gain = (own[i] - cost[i, b])[:, None] + (own[j] - cost[j, a])[None, :]
                shift = weights[i][:, None] - weights[j][None, :]
                yield a, b, i, j, gain, load[a] - shift, load[b] + shift, rest


def _apply(group: np.ndarray, a: int, b: int, i: int, j: int | None) -> None:
    group[i] = b
    if j is not None:
        group[j] = a


def _improve(cost: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int, low: float, high: float) -> None:
    """Moves and swaps that lower the cost, keeping the loads within the bounds or narrowing the gap."""
    for _ in range(weights.size * 4):
        load = np.bincount(group, weights=weights, minlength=k)
        gap = load.max() - load.min()
        best, best_gain = None, 1e-9 * max(1.0, float(np.abs(cost).max()))
        for a, b, i, j, gain, new_a, new_b, (rest_low, rest_high) in _exchanges(cost, weights, group, k):
            lowest = np.minimum(np.minimum(new_a, new_b), rest_low)
            highest = np.maximum(np.maximum(new_a, new_b), rest_high)
            within = (lowest >= low * (1 - 1e-12)) & (highest <= high * (1 + 1e-12))
            ok = (within | (highest - lowest < gap - 1e-9)) & (gain > best_gain)
            if ok.any():
                flat = int(np.argmax(np.where(ok, gain, -np.inf)))
                best_gain = float(np.ravel(gain)[flat])
                pick = np.unravel_index(flat, np.shape(gain))
                best = (a, b, int(i[pick[0]]), None if j is None else int(j[pick[1]]))
        if best is None:
            return
        _apply(group, *best)


def _repair(cost: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int) -> None:
    """Narrow the gap between the longest and the shortest unit, cheapest change first, while one does."""
    for _ in range(weights.size * 4):
        load = np.bincount(group, weights=weights, minlength=k)
        heavy, light = int(np.argmax(load)), int(np.argmin(load))
        gap = load[heavy] - load[light]
        best, best_price = None, np.inf
        for a, b, i, j, gain, new_a, new_b, _ in _exchanges(cost, weights, group, k):
            if (a, b) != (heavy, light) and (b, a) != (heavy, light):
                continue
            ok = np.abs(new_a - new_b) < gap - 1e-9
            if ok.any():
                price = np.where(ok, -gain, np.inf)
                flat = int(np.argmin(price))
                if np.ravel(price)[flat] < best_price:
                    best_price = float(np.ravel(price)[flat])
                    pick = np.unravel_index(flat, np.shape(gain))
                    best = (a, b, int(i[pick[0]]), None if j is None else int(j[pick[1]]))
        if best is None:
            return
        _apply(group, *best)


def balanced_groups(points: np.ndarray, weights: np.ndarray, k: int,
                    tolerance: float = DEFAULT_TOLERANCE) -> np.ndarray:
    """Group (0-based) of each item: compact groups of balanced weight (module docstring).

    ``points``: ``[n, 2]`` item centres; ``weights``: ``[n]`` positive; ``k`` groups. With
    no more items than groups each item is a group of its own.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    weights = np.asarray(weights, dtype=np.float64)
    if int(k) != k or k < 1:
        raise ValueError(f"the number of patrol units must be a whole number >= 1, got {k}")
    n = weights.size
    if n <= k:
        return np.arange(n, dtype=np.int64)
    share = weights.sum() / k
    low, high = share * (1 - tolerance), share * (1 + tolerance)
    centres = _seeds(points, weights, k)
    group = np.full(n, -1, dtype=np.int64)
    for _ in range(_ROUNDS):
        cost = weights[:, None] * ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new = _assigned(cost, weights, high)
        _improve(cost, weights, new, k, low, high)
        if np.array_equal(new, group):
            break
        group = new
        for j in range(k):
            mine = group == j
            if mine.any():
                centres[j] = np.average(points[mine], axis=0, weights=weights[mine])
    cost = weights[:, None] * ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    _repair(cost, weights, group, k)
    return group
