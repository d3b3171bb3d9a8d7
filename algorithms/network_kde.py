"""Kernel density along a street network (network KDE), per lixel.

Each event spreads a one-dimensional kernel ``K`` of bandwidth ``h`` (metres along the
street) with ``integral_{-h}^{h} K = 1``. Three ways to carry it through junctions:

* ``simple`` (Xie & Yan 2008): the value at a point is ``K(d)`` with ``d`` the shortest
  network distance to the event. Intuitive, but each junction of degree ``n`` multiplies
  the mass beyond it by ``n - 1``: not a density (its total exceeds 1 near junctions).
* ``discontinuous`` (equal split; Okabe, Satoh & Sugihara 2009): the kernel runs along
  every path leaving the event; at a node of degree ``n`` it is divided equally among
  the ``n - 1`` ways onward, so the mass is kept; it stops at dead ends (mass lost
  there) and jumps at junctions.
* ``continuous`` (Okabe & Sugihara 2012, ch. 9): at a node of degree ``n`` the kernel
  goes on along each other way multiplied by ``2 / n`` and comes back along the way it
  came multiplied by ``2 / n - 1`` (negative for ``n > 2``, a full reflection at a dead
  end), which keeps the mass and makes the density continuous at the node. The walks
  (paths may turn back and run round blocks) are followed until they pass ``h``, or
  ``max_depth`` junctions when given (spNetwork's practical cut-off).

Values are exact integrals over each lixel (the kernel's integral ``F`` in closed form),
not samples at its midpoint: ``mass[l]`` is the share of the events' weight that falls on
lixel ``l``, which sums to the total weight for the mass-keeping kernels (when no dead
end lies within ``h`` for the discontinuous one). Outputs: expected events per lixel
over the period (the mass), or events per km of street per year (mass / length /
years).

Computation: the simple kernel reads shortest distances from :mod:`.network_paths`
(tiled Dijkstra with a limit); the split kernels follow all walkers of a block of events
at once as arrays (one step = one lixel), never a Python loop over events or paths.

References
----------
Xie, Z., & Yan, J. (2008). Kernel density estimation of traffic accidents in a network
space. Computers, Environment and Urban Systems 32(5), 396-406.
Okabe, A., Satoh, T., & Sugihara, K. (2009). A kernel density estimation method for
networks, its computational method and a GIS-based tool. International Journal of
Geographical Information Science 23(1), 7-32.
Okabe, A., & Sugihara, K. (2012). Spatial Analysis Along Networks. Wiley, chapter 9.
Gelb, J. (2021). spNetwork, a package for network kernel density estimation. The R Journal
13(2) (the three methods side by side).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .network import NetworkRisk, StreetNetwork
from .network_paths import iter_event_distances
from .progress import ProgressCallback, ProgressReporter

__all__ = ["KERNELS", "METHODS", "UNIT_CHOICES", "UNITS", "kernel_integral", "kernel_value", "lixel_masses",
           "network_kde"]

KERNELS = ("quartic", "epanechnikov", "triangle", "uniform")
METHODS = ("simple", "discontinuous", "continuous")
UNIT_CHOICES = ("per_km_year", "expected")
UNITS = {"per_km_year": "events per km of street per year",
         "expected": "expected events per lixel over the period"}
#: Events whose walks are followed together (bounds the working memory).
WALK_BLOCK = 2_000
#: Ceiling on live walkers at one step (about 50 bytes each): a block past it is split in halves.
MAX_WALKERS = 4_000_000


def kernel_integral(x: np.ndarray, kernel: str, bandwidth: float) -> np.ndarray:
    """``F(x) = integral_0^min(x, h) K(u) du`` for ``x >= 0`` (``F(h) = 1/2``)."""
    r = np.clip(np.asarray(x, dtype=np.float64) / bandwidth, 0.0, 1.0)
    if kernel == "quartic":
        return 15.0 / 16.0 * (r - 2.0 * r ** 3 / 3.0 + r ** 5 / 5.0)
    if kernel == "epanechnikov":
        return 0.75 * (r - r ** 3 / 3.0)
    if kernel == "triangle":
        return r - 0.5 * r * r
    if kernel == "uniform":
        return 0.5 * r
    raise ValueError(f"unknown kernel {kernel!r}: use one of {', '.join(KERNELS)}")


def kernel_value(x: np.ndarray, kernel: str, bandwidth: float) -> np.ndarray:
    """``K(x)`` per metre (0 beyond the bandwidth)."""
    r = np.abs(np.asarray(x, dtype=np.float64)) / bandwidth
    inside = r < 1.0
    shape = {"quartic": lambda: 15.0 / 16.0 * (1 - r * r) ** 2, "epanechnikov": lambda: 0.75 * (1 - r * r),
             "triangle": lambda: 1.0 - r, "uniform": lambda: np.full(r.shape, 0.5)}
    if kernel not in shape:
        raise ValueError(f"unknown kernel {kernel!r}: use one of {', '.join(KERNELS)}")
    return np.where(inside, shape[kernel](), 0.0) / bandwidth


def lixel_masses(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, weight: np.ndarray | None,
                 bandwidth: float, method: str = "continuous", kernel: str = "quartic",
                 max_depth: int | None = None, progress: ProgressCallback | None = None) -> np.ndarray:
    """Kernel mass of the events on each lixel (sum over events of weight x mass).

    Events are given as snapped (:func:`.network_snap.snap_events`): ``lixel`` (-1 =
    skipped) and ``position`` in metres from the lixel's start node.
    """
    _check(bandwidth, method, kernel, max_depth)
    lixel = np.asarray(lixel, dtype=np.int64)
    position = np.asarray(position, dtype=np.float64)
    weight = np.ones(lixel.size) if weight is None else np.asarray(weight, dtype=np.float64)
    keep = lixel >= 0
    lixel, position, weight = lixel[keep], position[keep], weight[keep]
    report = ProgressReporter(progress)
    if method == "simple":
        return _simple_masses(net, lixel, position, weight, bandwidth, kernel, report)
    return _split_masses(net, lixel, position, weight, bandwidth, kernel, method == "continuous",
                         max_depth, report)


def _check(bandwidth: float, method: str, kernel: str, max_depth: int | None) -> None:
    if not (isinstance(bandwidth, (int, float, np.number)) and math.isfinite(bandwidth) and bandwidth > 0):
        raise ValueError(f"the bandwidth must be a positive number of metres along the street, got {bandwidth!r}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    if kernel not in KERNELS:
        raise ValueError(f"unknown kernel {kernel!r}: use one of {', '.join(KERNELS)}")
    if max_depth is not None and (int(max_depth) != max_depth or max_depth < 0):
        raise ValueError(f"max_depth must be a whole number of junctions >= 0, got {max_depth!r}")


def _simple_masses(net, lixel, position, weight, bandwidth, kernel, report) -> np.ndarray:
    """Xie & Yan's kernel of the shortest distance, integrated over each lixel."""
    mass = np.zeros(net.n_lixels)
    length = net.lixel_length
    integral = lambda x: kernel_integral(x, kernel, bandwidth)  # noqa: E731
    own = weight * (integral(position) + integral(length[lixel] - position))
    mass += np.bincount(lixel, weights=own, minlength=net.n_lixels)
    done = 0
    for event, target, d_start, d_end in iter_event_distances(net, lixel, position, bandwidth):
        other = lixel[event] != target
        event, target, d_start, d_end = event[other], target[other], d_start[other], d_end[other]
        size = length[target]
        # points of the target at s: distance min(d_start + s, d_end + size - s); they meet at s*
        meet = np.clip(0.5 * (d_end + size - d_start), 0.0, size)
        value = (integral(d_start + meet) - integral(d_start)) + (integral(d_end + size - meet) - integral(d_end))
        mass += np.bincount(target, weights=weight[event] * value, minlength=net.n_lixels)
        done += event.size
        report(min(0.99, done / max(1.0, 50.0 * lixel.size)))
    report(1.0)
    return mass


class _TooManyWalkers(Exception):
    """A block of events follows more paths at once than :data:`MAX_WALKERS`."""


def _split_masses(net, lixel, position, weight, bandwidth, kernel, continuous, max_depth, report) -> np.ndarray:
    """Equal-split kernels by walkers (see the module docstring). Blocks of events whose walks
    would pass :data:`MAX_WALKERS` are split in halves; a single event that still would is refused."""
    walk = _Walker(net, bandwidth, kernel, continuous, max_depth)
    length = net.lixel_length
    integral = walk.integral
    mass = np.bincount(lixel, weights=weight * (integral(position) + integral(length[lixel] - position)),
                       minlength=net.n_lixels)
    pending = [(lo, min(lo + WALK_BLOCK, lixel.size)) for lo in range(0, lixel.size, WALK_BLOCK)][::-1]
    done = 0
    while pending:
        lo, hi = pending.pop()
        try:
            mass += walk(lixel[lo:hi], position[lo:hi], weight[lo:hi])
        except _TooManyWalkers:
            if hi - lo == 1:
                raise ValueError(f"the {'continuous' if continuous else 'discontinuous'} kernel follows more than "
                                 f"{MAX_WALKERS:,} paths from one event: use a shorter bandwidth, a max_depth, or "
                                 "the simple method") from None
            middle = (lo + hi) // 2
            pending.extend([(middle, hi), (lo, middle)])
            continue
        done += hi - lo
        report(done / max(1, lixel.size))
    return mass


class _Walker:
    """Follows the walks of a block of events through the network, one lixel per step."""

    def __init__(self, net: StreetNetwork, bandwidth: float, kernel: str, continuous: bool,
                 max_depth: int | None) -> None:
        self.net = net
        self.ptr, self.inc_lixel, self.inc_other = net.incidence()
        self.degree = np.diff(self.ptr)
        self.bandwidth, self.kernel, self.continuous, self.max_depth = bandwidth, kernel, continuous, max_depth

    def integral(self, x: np.ndarray) -> np.ndarray:
        return kernel_integral(x, self.kernel, self.bandwidth)

    def __call__(self, l: np.ndarray, p: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Mass the walks of these events leave beyond their own lixels."""
        net, length, bandwidth = self.net, self.net.lixel_length, self.bandwidth
        mass = np.zeros(net.n_lixels)
        node = np.concatenate([net.lixel_from[l], net.lixel_to[l]])
        came = np.concatenate([l, l])
        dist = np.concatenate([p, length[l] - p])
        mult = np.concatenate([w, w])
        depth = np.zeros(node.size, dtype=np.int64)
        live = dist < bandwidth
        node, came, dist, mult, depth = node[live], came[live], dist[live], mult[live], depth[live]
        while node.size:
            if node.size > MAX_WALKERS:
                raise _TooManyWalkers
            n = self.degree[node]
            if self.continuous:
                onward, back = 2.0 / n, 2.0 / n - 1.0
            else:
                onward, back = np.where(n > 1, 1.0 / np.maximum(n - 1, 1), 0.0), np.zeros(n.size)
            passed = depth + (n != 2)
            rep = np.repeat(np.arange(node.size), n)
            slot = self.ptr[node][rep] + np.arange(rep.size) - np.repeat(np.cumsum(n) - n, n)
            child, nxt = self.inc_lixel[slot], self.inc_other[slot]
            factor = np.where(child == came[rep], back[rep], onward[rep])
            go = factor != 0
            if self.max_depth is not None:
                go &= passed[rep] <= self.max_depth
            rep, child, nxt, factor = rep[go], child[go], nxt[go], factor[go]
            d0 = dist[rep]
            d1 = d0 + length[child]
            m = mult[rep] * factor
            mass += np.bincount(child, weights=m * (self.integral(d1) - self.integral(d0)), minlength=net.n_lixels)
            on = d1 < bandwidth
            node, came, dist, mult, depth = nxt[on], child[on], d1[on], m[on], passed[rep][on]
        return mass


def network_kde(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray, weight: np.ndarray | None,
                bandwidth: float, method: str = "continuous", kernel: str = "quartic",
                units: str = "per_km_year", period_days: float | None = None, max_depth: int | None = None,
                progress: ProgressCallback | None = None) -> NetworkRisk:
    """Network kernel density per lixel (see the module docstring).

    ``units``: "per_km_year" (needs ``period_days``, the length of the period the events
    cover) or "expected" (expected events per lixel over that period: the kernel mass).
    """
    if units not in UNIT_CHOICES:
        raise ValueError(f"unknown units {units!r}: use one of {', '.join(UNIT_CHOICES)}")
    if units == "per_km_year" and not (period_days is not None and math.isfinite(period_days) and period_days > 0):
        raise ValueError("events per km per year need the period the events cover (period_days > 0)")
    mass = lixel_masses(net, lixel, position, weight, bandwidth, method, kernel, max_depth, progress)
    values = mass if units == "expected" else mass / net.lixel_length * 1000.0 * 365.25 / period_days
    kept = int(np.count_nonzero(np.asarray(lixel) >= 0))
    parameters: dict[str, Any] = {
        "method": method, "kernel": kernel, "bandwidth_m": float(bandwidth), "events": kept,
        "total_mass": float(mass.sum()), "max_depth": max_depth, "lixels": net.n_lixels,
    }
    if period_days is not None:
        parameters["period_days"] = float(period_days)
    return NetworkRisk(values=values, network=net, units=UNITS[units], parameters=parameters)
