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

__all__ = ["FAR", "iter_event_distances", "point_distances", "midpoint_distances"]

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
    incidence = net.incidence()
    for group in np.split(events, bounds):
        xy = net.node_xy[net.lixel_from[lixel[group]]]
        lo_xy, hi_xy = xy.min(axis=0) - margin, xy.max(axis=0) + margin
        span = by_x[np.searchsorted(sorted_x, lo_xy[0]):np.searchsorted(sorted_x, hi_xy[0], side="right")]
        ys = net.node_xy[span, 1]
        sub = np.sort(span[(ys >= lo_xy[1]) & (ys <= hi_xy[1])])
        local[sub] = np.arange(sub.size)
        graph = net.graph[sub][:, sub]
        step = max(1, MAX_BLOCK // max(sub.size, 1))
        for lo in range(0, group.size, step):
            chunk = group[lo:lo + step]
            yield _block(net, graph, sub, local, incidence, chunk, lixel, position, limit)
        local[sub] = -1


def _block(net, graph, sub, local, incidence, chunk, lixel, position, limit):
    """One block of :func:`iter_event_distances`: distances to the nodes of the subgraph ``sub``
    (dense, one row per event), then each node within ``limit`` gives its lixels as targets."""
    ptr, inc_lixel, inc_other = incidence
    own = lixel[chunk]
    start, end = local[net.lixel_from[own]], local[net.lixel_to[own]]
    sources, inverse = np.unique(np.concatenate([start, end]), return_inverse=True)
    from_source = dijkstra(graph, directed=False, indices=sources, limit=limit)
    p = position[chunk][:, None]
    n = chunk.size
    to_node = p + from_source[inverse[:n]]
    np.minimum(to_node, (net.lixel_length[own][:, None] - p) + from_source[inverse[n:]], out=to_node)
    rows, cols = np.nonzero(to_node <= limit)
    distance = to_node[rows, cols]
    node = sub[cols]
    # each (event, node) pair -> the lixels at that node; the other end's distance read from the row
    counts = ptr[node + 1] - ptr[node]
    pick = np.repeat(np.arange(node.size), counts)
    slot = np.repeat(ptr[node] - (np.cumsum(counts) - counts), counts) + np.arange(pick.size)
    target, other = inc_lixel[slot], local[inc_other[slot]]
    rows, distance, node = rows[pick], distance[pick], node[pick]
    other_distance = np.where(other >= 0, to_node[rows, np.maximum(other, 0)], np.inf)
    other_distance = np.where(other_distance <= limit, other_distance, FAR)
    via_start = net.lixel_from[target] == node
    keep = via_start | (other_distance > limit)  # a lixel with both ends in reach: once, through its start
    via_start, target, rows = via_start[keep], target[keep], rows[keep]
    distance, other_distance = distance[keep], other_distance[keep]
    d_start = np.where(via_start, distance, other_distance)
    d_end = np.where(via_start, other_distance, distance)
    return chunk[rows], target, d_start, d_end


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
