"""Patrol routes shared among units: compact groups of balanced street length.

Each route is an item with a weight (its length) and a place (the length-weighted centre
of its lixels). Groups are found by a capacitated k-means on the routes (Mulvey & Beck
1984; Bradley, Bennett & Demiriz 2000): the cost of a route in a unit is its length times
the squared distance from its centre to the unit's centre, which is the unit's moment of
inertia about its centre up to a constant (k-means on the routes' lixels, routes kept
whole), so a unit's routes lie close together.

1. Centres start at one of the longest routes, then at the route farthest from the
   centres so far (times its length), until there are ``units`` centres (no randomness).
2. Routes are assigned longest first to the cheapest unit whose length stays within
   ``(1 + tolerance)`` times the fair share (total / units); when none has room, to the
   unit with the least length (Graham's rule).
3. Centres move to their routes' weighted mean; steps 2-3 repeat until the groups stop
   changing (Lloyd's iteration under capacities).
4. Balance is repaired: a move or swap between the longest and the shortest unit that
   narrows their gap, the cheapest first, until none does. Then moves of one route
   (Hartigan & Wong 1979, on the exact change of inertia) and swaps of two routes that
   lower the total inertia and keep every unit within the share's
   ``[1 - tolerance, 1 + tolerance]`` (or narrow the gap between the longest and the
   shortest unit) are made, the best first, until none is left.
5. Steps 1-4 run from each of the longest routes (up to 12) as the first centre; the
   grouping within the tolerance with the least inertia is kept.

References
----------
Mulvey, J. M., & Beck, M. P. (1984). Solving capacitated clustering problems. European
Journal of Operational Research 18(3), 339-348.
Bradley, P. S., Bennett, K. P., & Demiriz, A. (2000). Constrained k-means clustering.
Microsoft Research MSR-TR-2000-65.
Hartigan, J. A., & Wong, M. A. (1979). Algorithm AS 136: a k-means clustering algorithm.
Applied Statistics 28(1), 100-108.
Graham, R. L. (1969). Bounds on multiprocessing timing anomalies. SIAM Journal on Applied
Mathematics 17(2), 416-429.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DEFAULT_TOLERANCE", "balanced_groups", "inertia", "length_ratio"]

#: Units' lengths may differ from the fair share by this fraction before balance is repaired.
DEFAULT_TOLERANCE = 0.1
_ROUNDS = 30
#: First centres tried (the longest items), fewer when there are many items (about _WORK / n^2).
_STARTS = 12
_WORK = 40_000


def length_ratio(loads: np.ndarray) -> float:
    """Longest unit's length over the shortest's (inf when a unit has none)."""
    loads = np.asarray(loads, dtype=np.float64)
    return float(loads.max() / loads.min()) if loads.size and loads.min() > 0 else float("inf")


def _seeds(points: np.ndarray, weights: np.ndarray, k: int, first: int) -> np.ndarray:
    chosen = [first]
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


def _exchanges(cost: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int,
               pairs: list[tuple[int, int]]):
    """Every move (``j`` None) and swap between units ``a`` and ``b`` for each ``(a, b)`` of
    ``pairs``: yields ``(a, b, i, j, gain, new load of a, new load of b)`` with arrays over the
    candidate items ``i`` of unit ``a`` (and ``j`` of unit ``b``)."""
    load = np.bincount(group, weights=weights, minlength=k)
    own = cost[np.arange(group.size), group]
    for a, b in pairs:
        i = np.flatnonzero(group == a)
        if i.size == 0:
            continue
        yield a, b, i, None, own[i] - cost[i, b], load[a] - weights[i], load[b] + weights[i]
        j = np.flatnonzero(group == b)
        if a < b and j.size:
            gain = (own[i] - cost[i, b])[:, None] + (own[j] - cost[j, a])[None, :]
            shift = weights[i][:, None] - weights[j][None, :]
            yield a, b, i, j, gain, load[a] - shift, load[b] + shift


def _apply(group: np.ndarray, a: int, b: int, i: int, j: int | None) -> None:
    group[i] = b
    if j is not None:
        group[j] = a


def _repair(cost: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int) -> None:
    """Narrow the gap between the longest and the shortest unit, cheapest change first, while one does."""
    for _ in range(weights.size * 4):
        load = np.bincount(group, weights=weights, minlength=k)
        heavy, light = int(np.argmax(load)), int(np.argmin(load))
        if heavy == light:
            return
        gap = load[heavy] - load[light]
        best, best_price = None, np.inf
        for a, b, i, j, gain, new_a, new_b in _exchanges(cost, weights, group, k,
                                                         sorted([(heavy, light), (light, heavy)])):
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


def inertia(points: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int) -> float:
    """Sum over groups of the weighted squared distances of the items to their group's weighted mean."""
    total = 0.0
    for j in range(k):
        mine = group == j
        if mine.any():
            centre = np.average(points[mine], axis=0, weights=weights[mine])
            total += float(np.sum(weights[mine] * np.sum((points[mine] - centre) ** 2, axis=1)))
    return total


def _stats(points: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int):
    """Weight, weighted mean and inertia of each group."""
    total = np.bincount(group, weights=weights, minlength=k)
    safe = np.where(total > 0, total, 1.0)
    centre = np.column_stack([np.bincount(group, weights=weights * points[:, d], minlength=k) for d in (0, 1)])
    centre /= safe[:, None]
    spread = np.bincount(group, weights=weights * np.sum((points - centre[group]) ** 2, axis=1), minlength=k)
    return total, centre, spread


def _without(total, centre, spread, w, p):
    """Weight, mean and inertia of a group after one item ``(w, p)`` (arrays) leaves it."""
    rest = total - w
    safe = np.where(rest > 0, rest, 1.0)
    new_centre = (total * centre - w[..., None] * p) / safe[..., None]
    loss = w * total / safe * np.sum((p - centre) ** 2, axis=-1)
    return rest, new_centre, np.where(rest > 0, spread - loss, 0.0)


def _with(total, centre, spread, w, p):
    """Inertia of a group after one item ``(w, p)`` joins it."""
    return spread + w * total / (total + w) * np.sum((p - centre) ** 2, axis=-1)


def _refine(points: np.ndarray, weights: np.ndarray, group: np.ndarray, k: int, low: float, high: float) -> None:
    """Step 3 on the exact inertia (Hartigan's moves, and swaps): the best change that lowers it
    and keeps the loads within the bounds or narrows the gap, until none is left."""
    for _ in range(weights.size * 4):
        total, centre, spread = _stats(points, weights, group, k)
        gap = total.max() - total.min()
        best, best_gain = None, 1e-9 * max(1.0, float(spread.sum()))
        for a in range(k):
            i = np.flatnonzero(group == a)
            if i.size == 0:
                continue
            rest_a, centre_a, spread_a = _without(total[a], centre[a], spread[a], weights[i], points[i])
            for b in range(k):
                if b == a:
                    continue
                others = np.delete(total, [a, b])
                rest_low, rest_high = (others.min(), others.max()) if others.size else (np.inf, -np.inf)
                # moves of i from a to b
                gain = spread[a] + spread[b] - spread_a - _with(total[b], centre[b], spread[b], weights[i], points[i])
                candidates = [(gain, rest_a, total[b] + weights[i], i, None)]
                j = np.flatnonzero(group == b)
                if a < b and j.size:
                    rest_b, centre_b, spread_b = _without(total[b], centre[b], spread[b], weights[j], points[j])
                    into_a = _with(rest_a[:, None], centre_a[:, None, :], spread_a[:, None], weights[j][None, :],
                                   points[j][None, :, :])
                    into_b = _with(rest_b[None, :], centre_b[None, :, :], spread_b[None, :], weights[i][:, None],
                                   points[i][:, None, :])
                    shift = weights[i][:, None] - weights[j][None, :]
                    swap_gain = spread[a] + spread[b] - into_a - into_b
                    candidates.append((swap_gain, total[a] - shift, total[b] + shift, i, j))
                for gain, new_a, new_b, items, partners in candidates:
                    lowest = np.minimum(np.minimum(new_a, new_b), rest_low)
                    highest = np.maximum(np.maximum(new_a, new_b), rest_high)
                    within = (lowest >= low * (1 - 1e-12)) & (highest <= high * (1 + 1e-12))
                    ok = (within | (highest - lowest < gap - 1e-9)) & (gain > best_gain)
                    if ok.any():
                        flat = int(np.argmax(np.where(ok, gain, -np.inf)))
                        best_gain = float(np.ravel(gain)[flat])
                        pick = np.unravel_index(flat, np.shape(gain))
                        best = (a, b, int(items[pick[0]]), None if partners is None else int(partners[pick[1]]))
        if best is None:
            return
        _apply(group, *best)


def _cost(points: np.ndarray, weights: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """``[items, groups]`` weighted squared distance of each item to each centre."""
    return weights[:, None] * ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)


def _grouped(points: np.ndarray, weights: np.ndarray, k: int, first: int, low: float, high: float) -> np.ndarray:
    """Steps 1-4 from one first centre."""
    centres = _seeds(points, weights, k, first)
    group = np.full(weights.size, -1, dtype=np.int64)
    for _ in range(_ROUNDS):
        cost = _cost(points, weights, centres)
        new = _assigned(cost, weights, high)
        if np.array_equal(new, group):
            break
        group = new
        for j in range(k):
            mine = group == j
            if mine.any():
                centres[j] = np.average(points[mine], axis=0, weights=weights[mine])
    cost = _cost(points, weights, centres)
    _repair(cost, weights, group, k)
    _refine(points, weights, group, k, low, high)
    return group


def balanced_groups(points: np.ndarray, weights: np.ndarray, k: int,
                    tolerance: float = DEFAULT_TOLERANCE) -> np.ndarray:
    """Group (0-based) of each item: compact groups of balanced weight (module docstring).

    ``points``: ``[n, 2]`` item centres; ``weights``: ``[n]`` positive; ``k`` groups. With
    no more items than groups each item is a group of its own. The grouping is run from
    several first centres (the longest items) and the one of least inertia among those
    within the tolerance (else of the least length ratio) is kept.
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
    starts = np.lexsort((np.arange(n), -weights))[:max(1, min(_STARTS, _WORK // (n * n)))]
    best, best_key = None, None
    for first in starts.tolist():
        group = _grouped(points, weights, k, first, low, high)
        loads = np.bincount(group, weights=weights, minlength=k)
        ratio = length_ratio(loads)
        key = (ratio > (1 + tolerance) / (1 - tolerance) + 1e-12, inertia(points, weights, group, k), ratio)
        if best_key is None or key < best_key:
            best, best_key = group, key
    return best
