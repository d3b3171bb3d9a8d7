"""Known-truth events on a street network, for tests and benchmarks.

:func:`street_grid` draws a town of straight streets on a square grid of blocks (a few
streets missing, so that the network is not perfectly regular). :func:`simulate_on_streets`
draws a self-exciting point process on it: background events on street segments of
unequal risk (lognormal, so that a few segments hold much of the crime, as Weisburd
found), each event triggering a Poisson number of offspring a few days later that lie
either a random distance *along the streets* (``spread="network"``: a random walk that
picks a way at random at each junction) or a random offset *as the crow flies*
(``spread="plane"``, then snapped to the nearest street).
"""

from __future__ import annotations

import numpy as np

from .network import StreetNetwork, build_network
from .network_snap import snap_events

__all__ = ["street_grid", "walk_along", "simulate_on_streets"]


def street_grid(blocks: int = 10, block_size: float = 100.0, missing_share: float = 0.1, seed: int = 0,
                lixel_length: float = 25.0, block_height: float | None = None) -> StreetNetwork:
    """A ``blocks x blocks`` grid town (one line per block side), with ``missing_share`` of
    the inner sides left out; blocks are ``block_size`` wide and ``block_height`` (default:
    as wide) tall."""
    rng = np.random.default_rng(seed)
    scale = np.array([block_size, block_size if block_height is None else block_height])
    lines = []
    for i in range(blocks + 1):
        for j in range(blocks):
            for a, b in (((i, j), (i, j + 1)), ((j, i), (j + 1, i))):
                border = i in (0, blocks)
                if not border and rng.random() < missing_share:
                    continue
                lines.append(np.array([a, b], dtype=np.float64) * scale)
    return build_network(lines, lixel_length=lixel_length)


def walk_along(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, distance: np.ndarray,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """End points of random walks of ``distance`` metres along the streets (a random
    direction at the start, a random way onward at each node, back at dead ends)."""
    ptr, inc_lixel, inc_other = net.incidence()
    lixel, position = lixel.copy(), position.copy()
    left = distance.astype(np.float64).copy()
    forward = rng.random(lixel.size) < 0.5  # towards the lixel's end node
    todo = np.arange(lixel.size)
    while todo.size:
        l, p = lixel[todo], position[todo]
        room = np.where(forward[todo], net.lixel_length[l] - p, p)
        done = left[todo] <= room
        stop = todo[done]
        position[stop] = np.where(forward[stop], position[stop] + left[stop], position[stop] - left[stop])
        go = todo[~done]
        left[go] -= room[~done]
        node = np.where(forward[go], net.lixel_to[lixel[go]], net.lixel_from[lixel[go]])
        degree = ptr[node + 1] - ptr[node]
        choice = ptr[node] + (rng.random(go.size) * degree).astype(np.int64)
        same = (inc_lixel[choice] == lixel[go]) & (degree > 1)
        choice = np.where(same, ptr[node] + (choice - ptr[node] + 1) % degree, choice)
        new = inc_lixel[choice]
        forward[go] = net.lixel_from[new] == node
        position[go] = np.where(forward[go], 0.0, net.lixel_length[new])
        lixel[go] = new
        todo = go
    return lixel, position


def simulate_on_streets(net: StreetNetwork, days: float = 365.0, background_per_day: float = 3.0,
                        branching: float = 0.6, reach: float = 150.0, lag_days: float = 5.0,
                        spread: str = "network", concentration: float = 1.0,
                        seed: int = 0) -> dict[str, np.ndarray]:
    """Events as arrays ``t`` (days from 0), ``x``, ``y``, ``lixel``, ``position``
    (see the module docstring); offspring lie up to ``reach`` metres away (uniform),
    ``lag_days`` on average later (exponential), ``branching`` per event on average."""
    if spread not in ("network", "plane"):
        raise ValueError(f"spread must be 'network' or 'plane', got {spread!r}")
    rng = np.random.default_rng(seed)
    hot = rng.lognormal(0.0, concentration, net.n_chains)
    chain_p = hot * net.chain_length / np.sum(hot * net.chain_length)
    n0 = rng.poisson(background_per_day * days)
    chain = rng.choice(net.n_chains, size=n0, p=chain_p)
    lixel, position = net.lixel_of(chain, rng.random(n0) * net.chain_length[chain])
    t = rng.random(n0) * days
    all_t, all_l, all_p = [t], [lixel], [position]
    while t.size:
        kids = rng.poisson(branching, t.size)
        parent = np.repeat(np.arange(t.size), kids)
        t = t[parent] + rng.exponential(lag_days, parent.size)
        lixel, position = lixel[parent], position[parent]
        far = rng.random(parent.size) * reach
        if spread == "network":
            lixel, position = walk_along(net, lixel, position, far, rng)
        else:
            xy = net.points_along(net.lixel_chain[lixel], net.lixel_start[lixel] + position)
            angle = rng.random(parent.size) * 2 * np.pi
            snapped = snap_events(net, xy[:, 0] + far * np.cos(angle), xy[:, 1] + far * np.sin(angle), 1e9)
            lixel, position = snapped.lixel, snapped.position
        inside = t < days
        t, lixel, position = t[inside], lixel[inside], position[inside]
        all_t.append(t)
        all_l.append(lixel)
        all_p.append(position)
    t, lixel, position = np.concatenate(all_t), np.concatenate(all_l), np.concatenate(all_p)
    order = np.argsort(t, kind="stable")
    t, lixel, position = t[order], lixel[order], position[order]
    xy = net.points_along(net.lixel_chain[lixel], net.lixel_start[lixel] + position)
    return {"t": t, "x": xy[:, 0], "y": xy[:, 1], "lixel": lixel, "position": position}
