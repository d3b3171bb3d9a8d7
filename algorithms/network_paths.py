"""Distances along the street network, within a search limit.

Distances come from ``scipy.sparse.csgraph.dijkstra`` with ``limit``. A point on a lixel
at ``p`` metres from its start node reaches a node ``v`` in
``min(p + D(start, v), (length - p) + D(end, v))``; a point on another lixel at ``s``
metres from its start is reached in ``min(d_start + s, d_end + length - s)``.

Running Dijkstra from every event over the whole graph would cost one full row per
event. Instead the events are grouped in square tiles (side ``2 * limit``) and each
tile's searches run on the subgraph of the nodes within ``limit`` plus one lixel of the
tile: a path no longer than ``limit`` never leaves the disc of radius ``limit`` around
its start (a network distance is never shorter than the straight line), so the
subgraph holds every such path and the distances are exact.
"""

from __future__ import annotations

import math
from typing import Iterator

import numpy as np
from scipy.sparse.csgraph import dijkstra

from .network import StreetNetwork

#: Entries of one dense block of distances (events x nodes): 4M float64 = 32 MB.
MAX_BLOCK = 4_000_000
#: Stands for "beyond the limit" (finite, so that sums and differences stay defined).
FAR = 1e18


def _checked_limit(limit: float) -> float:
    if not (math.isfinite(limit) and limit > 0):
        raise ValueError(f"the distance limit must be a positive number of metres, got {limit!r}")
    return float(limit)


def iter_event_distances(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray,
                         limit: float) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Distances from events to the two end nodes of nearby lixels, in blocks.

    Events are given by their ``lixel`` and ``position`` (metres from its start node);
    events with ``lixel < 0`` are skipped. Yields ``(event, target, d_start, d_end)``: for
    each event and each lixel with an end node within ``limit``, the network distance to
    the target's start and end nodes (:data:`FAR` beyond ``limit``). An event's own lixel
    is among its targets (with the distances through its end nodes).
    """
    limit = _checked_limit(limit)
    lixel = np.asarray(lixel, dtype=np.int64)
    position = np.asarray(position, dtype=np.float64)
    events = np.flatnonzero(lixel >= 0)
    if events.size == 0:
        return
    margin = limit + float(net.lixel_length.max())
    anchor = net.node_xy[net.lixel_from[lixel[events]]]
    tile_size = 2.0 * limit
    origin = anchor.min(axis=0)
    cell = np.floor((anchor - origin) / tile_size).astype(np.int64)
    tile = cell[:, 0] * (int(cell[:, 1].max()) + 1) + cell[:, 1]
    order = np.argsort(tile, kind="stable")
    events, tile = events[order], tile[order]
    bounds = np.flatnonzero(np.diff(tile)) + 1
    by_x = np.argsort(net.node_xy[:, 0], kind="stable")
    sorted_x = net.node_xy[by_x, 0]
    local = np.full(net.n_nodes, -1, dtype=np.int64)
    ptr, inc_lixel, _ = net.incidence()
    for group in np.split(events, bounds):
        xy = net.node_xy[net.lixel_from[lixel[group]]]
        lo_xy, hi_xy = xy.min(axis=0) - margin, xy.max(axis=0) + margin
        span = by_x[np.searchsorted(sorted_x, lo_xy[0]):np.searchsorted(sorted_x, hi_xy[0], side="right")]
        ys = net.node_xy[span, 1]
        sub = np.sort(span[(ys >= lo_xy[1]) & (ys <= hi_xy[1])])
        local[sub] = np.arange(sub.size)
        graph = net.graph[sub][:, sub]
        targets = _incident_lixels(ptr, inc_lixel, sub)
        t_start, t_end = local[net.lixel_from[targets]], local[net.lixel_to[targets]]
        step = max(1, MAX_BLOCK // max(sub.size, targets.size, 1))
        for lo in range(0, group.size, step):
            chunk = group[lo:lo + step]
            yield from _block(net, graph, local, chunk, lixel, position, targets, t_start, t_end, limit)
        local[sub] = -1


def _incident_lixels(ptr: np.ndarray, inc_lixel: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    counts = ptr[nodes + 1] - ptr[nodes]
    first = np.repeat(ptr[nodes] - (np.cumsum(counts) - counts), counts)
    return np.unique(inc_lixel[first + np.arange(counts.sum())])


def _block(net, graph, local, chunk, lixel, position, targets, t_start, t_end, limit):
    """One block of :func:`iter_event_distances`."""
    own = lixel[chunk]
    start, end = local[net.lixel_from[own]], local[net.lixel_to[own]]
    sources, inverse = np.unique(np.concatenate([start, end]), return_inverse=True)
    from_source = dijkstra(graph, directed=False, indices=sources, limit=limit)
    p = position[chunk][:, None]
    length = net.lixel_length[own][:, None]
    n = chunk.size
    to_node = np.minimum(p + from_source[inverse[:n]], (length - p) + from_source[inverse[n:]])
    to_node = np.where(to_node <= limit, to_node, FAR)
    to_node = np.concatenate([to_node, np.full((n, 1), FAR)], axis=1)  # column -1: outside the subgraph
    d_start, d_end = to_node[:, t_start], to_node[:, t_end]
    near = np.minimum(d_start, d_end) <= limit
    rows, cols = np.nonzero(near)
    yield chunk[rows], targets[cols], d_start[rows, cols], d_end[rows, cols]


def point_distances(net: StreetNetwork, lixel: np.ndarray, position: np.ndarray,
                    limit: float) -> np.ndarray:
    """Dense ``[n, n]`` network distances between points on the network (:data:`FAR`
    beyond ``limit``); for small sets (tests, diagnostics)."""
    lixel = np.asarray(lixel, dtype=np.int64)
    position = np.asarray(position, dtype=np.float64)
    n = lixel.size
    out = np.full((n, n), FAR)
    for event, target, d_start, d_end in iter_event_distances(net, lixel, position, limit):
        for j in np.flatnonzero(lixel >= 0):
            hit = target == lixel[j]
            if not hit.any():
                continue
            e = event[hit]
            s = position[j]
            d = np.minimum(d_start[hit] + s, d_end[hit] + net.lixel_length[lixel[j]] - s)
            same = lixel[e] == lixel[j]
            d = np.where(same, np.minimum(d, np.abs(position[e] - s)), d)
            out[e, j] = np.minimum(out[e, j], np.where(d <= limit, d, FAR))
    return out


def midpoint_distances(net: StreetNetwork, event: np.ndarray, target: np.ndarray, d_start: np.ndarray,
                       d_end: np.ndarray, lixel: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Distance from each event to the midpoint of each target lixel (one value per pair
    yielded by :func:`iter_event_distances`)."""
    half = 0.5 * net.lixel_length[target]
    d = np.minimum(d_start, d_end) + half
    own = lixel[event] == target
    return np.where(own, np.minimum(d, np.abs(position[event] - half)), d)
