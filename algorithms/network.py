"""A street network built from line coordinates, split into short pieces ("lixels").

Input: polylines (arrays of ``(x, y)`` in metres, one array per line or per part of a
multi-part line). Building (:func:`build_network`):

1. Vertices closer than ``tolerance`` are merged (one cluster of vertices = one point),
   so lines that share an end point, or an interior vertex (as OpenStreetMap ways do),
   meet there. Lines that only *cross* stay apart (a bridge over a road) unless
   ``node_crossings`` is True: then every crossing of two straight pieces becomes a
   shared point too.
2. Straight pieces whose two ends merged into one point (zero length, "self-loops")
   and pieces drawn twice between the same two points ("duplicates") are removed and
   counted.
3. Junctions are points where the number of pieces is not 2 (dead ends, crossings);
   the pieces between two junctions form a *street segment* (a "chain"); a closed
   ring with no junction gets one of its points as junction.
4. Each street segment of length ``L`` is cut into ``ceil(L / lixel_length)`` lixels of
   equal length (at least two for a segment that returns to its start, so that no
   lixel is a loop). Lixels are the edges of the graph; its nodes are the junctions
   and the cut points. The graph is a symmetric ``scipy.sparse`` matrix of lengths.

Disconnected parts are reported (how many, the share of length in the largest), and
so are tiny parts ("slivers": connected parts shorter than ``sliver_length``), which
are kept: events near them still snap to them.

References
----------
Okabe, A., & Sugihara, K. (2012). Spatial Analysis Along Networks. Wiley (lixels, ch. 3-4).
Xie, Z., & Yan, J. (2008). Kernel density estimation of traffic accidents in a network
space. Computers, Environment and Urban Systems 32(5), 396-406 (lixels).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

__all__ = ["DEFAULT_LIXEL_LENGTH", "DEFAULT_TOLERANCE", "DEFAULT_SLIVER_LENGTH", "StreetNetwork",
           "NetworkRisk", "build_network", "network_of_edges", "sample_along", "lixel_graph",
           "component_report", "component_of_lixels"]

#: Default lixel length, metres.
DEFAULT_LIXEL_LENGTH = 25.0
#: Default distance under which two vertices are one point, metres.
DEFAULT_TOLERANCE = 0.01
#: Default length under which a connected part is reported as a sliver, metres.
DEFAULT_SLIVER_LENGTH = 50.0


@dataclass(frozen=True)
class StreetNetwork:
    """Lixels and the graph they form (see the module docstring).

    Attributes
    ----------
    node_xy : float64 ``[nodes, 2]`` graph nodes (junctions, then lixel cut points).
    lixel_from, lixel_to : int64 node of each lixel's start and end.
    lixel_length : float64 metres along the street.
    lixel_chain, lixel_start : the street segment of each lixel and where the lixel starts
        along it (metres from the segment's first point).
    chain_ptr : int64 ``[chains + 1]``: the points of segment ``c`` are
        ``chain_xy[chain_ptr[c]:chain_ptr[c + 1]]``, at ``chain_dist`` metres along it.
    chain_xy, chain_dist : the points of all street segments, and their distance along.
    graph : symmetric CSR matrix ``[nodes, nodes]`` of lixel lengths (the shorter one where
        two lixels join the same nodes).
    report : what building found and removed (see :func:`build_network`).
    """

    node_xy: np.ndarray
    lixel_from: np.ndarray
    lixel_to: np.ndarray
    lixel_length: np.ndarray
    lixel_chain: np.ndarray
    lixel_start: np.ndarray
    chain_ptr: np.ndarray
    chain_xy: np.ndarray
    chain_dist: np.ndarray
    graph: sparse.csr_matrix
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def n_lixels(self) -> int:
        return int(self.lixel_length.size)

    @property
    def n_nodes(self) -> int:
        return int(self.node_xy.shape[0])

    @property
    def n_chains(self) -> int:
        return int(self.chain_ptr.size - 1)

    @property
    def total_length(self) -> float:
        return float(self.lixel_length.sum())

    @property
    def chain_length(self) -> np.ndarray:
        """Length of each street segment, metres."""
        return self.chain_dist[self.chain_ptr[1:] - 1]

    def node_degree(self) -> np.ndarray:
        """Number of lixel ends at each node."""
        return np.bincount(np.concatenate([self.lixel_from, self.lixel_to]), minlength=self.n_nodes)

    def incidence(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR incidence: ``(ptr, lixel, other)``: the lixels at node ``v`` are
        ``lixel[ptr[v]:ptr[v + 1]]`` and ``other`` holds the node at their other end."""
        nodes = np.concatenate([self.lixel_from, self.lixel_to])
        lixels = np.concatenate([np.arange(self.n_lixels)] * 2)
        others = np.concatenate([self.lixel_to, self.lixel_from])
        order = np.argsort(nodes, kind="stable")
        ptr = np.zeros(self.n_nodes + 1, dtype=np.int64)
        ptr[1:] = np.cumsum(np.bincount(nodes, minlength=self.n_nodes))
        return ptr, lixels[order], others[order]

    def points_along(self, chain: np.ndarray, distance: np.ndarray) -> np.ndarray:
        """``[n, 2]`` points at ``distance`` metres along street segments ``chain``."""
        chain = np.asarray(chain, dtype=np.int64)
        distance = np.asarray(distance, dtype=np.float64)
        first, last = self.chain_ptr[chain], self.chain_ptr[chain + 1] - 1
        keys = _chain_keys(self)
        index = np.searchsorted(keys, _offsets(self)[chain] + distance, side="right") - 1
        index = np.clip(index, first, np.maximum(first, last - 1))
        step = self.chain_dist[index + 1] - self.chain_dist[index]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.clip(np.where(step > 0, (distance - self.chain_dist[index]) / step, 0.0), 0.0, 1.0)
        return self.chain_xy[index] + share[:, None] * (self.chain_xy[index + 1] - self.chain_xy[index])

    def lixel_midpoints(self) -> np.ndarray:
        """``[lixels, 2]`` the point halfway along each lixel."""
        return self.points_along(self.lixel_chain, self.lixel_start + 0.5 * self.lixel_length)

    def lixel_geometry(self, lixel: int) -> np.ndarray:
        """The polyline ``[k, 2]`` of one lixel, with the street's bends."""
        return self.lixel_polylines(np.array([lixel]))[0]

    def lixel_polylines(self, lixels: np.ndarray | None = None) -> list[np.ndarray]:
        """The polylines of ``lixels`` (all by default), each from its start node to its end
        node with the street's bends in between; vectorised over the network."""
        lixels = np.arange(self.n_lixels) if lixels is None else np.asarray(lixels, dtype=np.int64)
        start = self.lixel_start[lixels]
        end = start + self.lixel_length[lixels]
        chain = self.lixel_chain[lixels]
        first = self.points_along(chain, start)
        last = self.points_along(chain, end)
        # the street's own points strictly inside each lixel
        counts = np.diff(self.chain_ptr)
        point_chain = np.repeat(np.arange(self.n_chains), counts)
        inner = np.ones(point_chain.size, dtype=bool)
        inner[self.chain_ptr[:-1]] = False
        inner[self.chain_ptr[1:] - 1] = False
        points = np.flatnonzero(inner)
        owner, at = self.lixel_of(point_chain[points], self.chain_dist[points])
        strictly = (at > 0) & (at < self.lixel_length[owner])
        points, owner = points[strictly], owner[strictly]
        wanted = np.full(self.n_lixels, -1, dtype=np.int64)
        wanted[lixels] = np.arange(lixels.size)
        slot = wanted[owner]
        points, slot = points[slot >= 0], slot[slot >= 0]
        order = np.lexsort((points, slot))
        points, slot = points[order], slot[order]
        per_lixel = np.bincount(slot, minlength=lixels.size)
        groups = np.split(self.chain_xy[points], np.cumsum(per_lixel)[:-1])
        return [np.vstack([first[i:i + 1], groups[i], last[i:i + 1]]) for i in range(lixels.size)]

    def lixel_of(self, chain: np.ndarray, distance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Lixel holding each point at ``distance`` along ``chain``, and the distance
        from that lixel's start node."""
        chain = np.asarray(chain, dtype=np.int64)
        distance = np.asarray(distance, dtype=np.float64)
        offsets = _offsets(self)
        lixel_keys = offsets[self.lixel_chain] + self.lixel_start
        lixel = np.searchsorted(lixel_keys, offsets[chain] + distance, side="right") - 1
        lixel = np.clip(lixel, 0, self.n_lixels - 1)
        position = np.clip(distance - self.lixel_start[lixel], 0.0, self.lixel_length[lixel])
        return lixel, position


def _offsets(net: StreetNetwork) -> np.ndarray:
    """A key offset per street segment so that ``offset + distance`` orders every point of
    every segment (segments laid end to end with a gap of 1 m)."""
    return np.concatenate([[0.0], np.cumsum(net.chain_length + 1.0)[:-1]])


def _chain_keys(net: StreetNetwork) -> np.ndarray:
    chain_of_point = np.repeat(np.arange(net.n_chains), np.diff(net.chain_ptr))
    return _offsets(net)[chain_of_point] + net.chain_dist


# --------------------------------------------------------------------------- building


def build_network(
    lines: Sequence[np.ndarray],
    lixel_length: float = DEFAULT_LIXEL_LENGTH,
    tolerance: float = DEFAULT_TOLERANCE,
    node_crossings: bool = False,
    sliver_length: float = DEFAULT_SLIVER_LENGTH,
) -> StreetNetwork:
    """Build the lixel network of ``lines`` (see the module docstring).

    ``report`` keys: lines_read, lines_unusable (fewer than 2 distinct finite points),
    zero_length_pieces_removed, duplicate_pieces_removed, crossings_noded, street_segments,
    junctions, lixels, total_length_m, components, largest_component_share,
    sliver_components, sliver_length_m, lixel_length_m.
    """
    if not (math.isfinite(lixel_length) and lixel_length > 0):
        raise ValueError(f"the lixel length must be a positive number of metres, got {lixel_length!r}")
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"the noding tolerance must be >= 0 metres, got {tolerance!r}")
    points, line_of_point, unusable = _usable_points(lines)
    if points.shape[0] == 0:
        raise ValueError("no line has two distinct points: the network layer holds no usable street")
    vertex_xy, vertex_of_point = _merged_vertices(points, tolerance)
    same_line = line_of_point[1:] == line_of_point[:-1]
    pieces = np.column_stack([vertex_of_point[:-1][same_line], vertex_of_point[1:][same_line]])
    pieces, zero, duplicates = _cleaned_pieces(pieces)
    crossings = 0
    if node_crossings:
        vertex_xy, pieces, crossings = _noded_at_crossings(vertex_xy, pieces, tolerance)
        pieces, more_zero, more_duplicates = _cleaned_pieces(pieces)
        zero, duplicates = zero + more_zero, duplicates + more_duplicates
    if pieces.shape[0] == 0:
        raise ValueError("every street piece has zero length: check the network layer's units and geometry")
    chains, junction = _chains(pieces, vertex_xy.shape[0])
    net = _lixelised(vertex_xy, chains, junction, lixel_length)
    report = {
        "lines_read": len(lines), "lines_unusable": unusable, "zero_length_pieces_removed": zero,
        "duplicate_pieces_removed": duplicates, "crossings_noded": crossings,
        "street_segments": net.n_chains, "junctions": int(junction.sum()), "lixels": net.n_lixels,
        "total_length_m": net.total_length, "lixel_length_m": float(lixel_length),
    }
    report.update(component_report(net, sliver_length))
    return StreetNetwork(**{**net.__dict__, "report": report})


def _usable_points(lines: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, int]:
    """Points of the usable lines (finite, repeated consecutive points dropped, >= 2 left),
    the line of each point and the count of unusable lines."""
    if len(lines) == 0:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64), 0
    arrays = [np.asarray(line, dtype=np.float64).reshape(-1, 2) for line in lines]
    sizes = np.fromiter((a.shape[0] for a in arrays), dtype=np.int64, count=len(arrays))
    xy = np.concatenate(arrays) if sizes.sum() else np.zeros((0, 2))
    owner = np.repeat(np.arange(len(arrays)), sizes)
    finite = np.isfinite(xy).all(axis=1)
    xy, owner = xy[finite], owner[finite]
    repeated = np.zeros(owner.size, dtype=bool)
    repeated[1:] = (owner[1:] == owner[:-1]) & np.all(xy[1:] == xy[:-1], axis=1)
    xy, owner = xy[~repeated], owner[~repeated]
    count = np.bincount(owner, minlength=len(arrays))
    usable = count[owner] >= 2
    return xy[usable], owner[usable], int(np.count_nonzero(count < 2))


def _merged_vertices(points: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Cluster points closer than ``tolerance`` (transitively); returns the cluster points
    (the first member's coordinates) and the cluster of each point."""
    n = points.shape[0]
    if tolerance > 0:
        pairs = cKDTree(points).query_pairs(tolerance, output_type="ndarray")
    else:
        pairs = np.zeros((0, 2), dtype=np.int64)
    if tolerance == 0 or pairs.shape[0] == 0:
        # exact duplicates still meet
        _, first, labels = np.unique(points, axis=0, return_index=True, return_inverse=True)
        order = np.argsort(first)
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        return points[first[order]], rank[labels.ravel()]
    link = sparse.coo_matrix((np.ones(pairs.shape[0]), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(link, directed=False)
    _, first, labels = np.unique(labels, return_index=True, return_inverse=True)
    return points[first], labels.ravel()


def _cleaned_pieces(pieces: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Drop zero-length pieces and pieces repeated between the same two vertices
    (either direction); returns the pieces kept and the two counts."""
    loops = pieces[:, 0] == pieces[:, 1]
    pieces = pieces[~loops]
    key = np.sort(pieces, axis=1)
    _, first = np.unique(key, axis=0, return_index=True)
    first.sort()
    return pieces[first], int(loops.sum()), int(pieces.shape[0] - first.size)


def _noded_at_crossings(vertex_xy: np.ndarray, pieces: np.ndarray,
                        tolerance: float) -> tuple[np.ndarray, np.ndarray, int]:
    """Split pieces where they cross another piece; returns vertices, pieces and the
    number of crossing points added."""
    a, b = vertex_xy[pieces[:, 0]], vertex_xy[pieces[:, 1]]
    i, j = _candidate_pairs(a, b)
    shares_vertex = ((pieces[i, 0] == pieces[j, 0]) | (pieces[i, 0] == pieces[j, 1])
                     | (pieces[i, 1] == pieces[j, 0]) | (pieces[i, 1] == pieces[j, 1]))
    i, j = i[~shares_vertex], j[~shares_vertex]
    r, s = b[i] - a[i], b[j] - a[j]
    denominator = r[:, 0] * s[:, 1] - r[:, 1] * s[:, 0]
    q = a[j] - a[i]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = (q[:, 0] * s[:, 1] - q[:, 1] * s[:, 0]) / denominator
        u = (q[:, 0] * r[:, 1] - q[:, 1] * r[:, 0]) / denominator
    crossing = (denominator != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    i, j, t, u = i[crossing], j[crossing], t[crossing], u[crossing]
    if i.size == 0:
        return vertex_xy, pieces, 0
    where = a[i] + t[:, None] * r[crossing]
    new_xy, new_index = _merged_vertices(np.vstack([vertex_xy, where]), tolerance)
    old_vertex = new_index[: vertex_xy.shape[0]]
    crossing_vertex = new_index[vertex_xy.shape[0]:]
    n = pieces.shape[0]
    # every piece as cut points: its two ends (0 and 1) and its crossings (t or u)
    piece_of = np.concatenate([np.arange(n), np.arange(n), i, j])
    along = np.concatenate([np.zeros(n), np.ones(n), t, u])
    vertex = np.concatenate([old_vertex[pieces[:, 0]], old_vertex[pieces[:, 1]], crossing_vertex, crossing_vertex])
    order = np.lexsort((along, piece_of))
    piece_of, vertex = piece_of[order], vertex[order]
    same = piece_of[1:] == piece_of[:-1]
    cut = np.column_stack([vertex[:-1][same], vertex[1:][same]])
    cut = cut[cut[:, 0] != cut[:, 1]]  # a crossing at a piece's end adds no piece
    return new_xy, cut, int(np.unique(crossing_vertex).size)


def _candidate_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of pieces (i < j) that may cross: points sampled along every piece at a
    spacing ``s`` make two crossing pieces have samples within ``s`` of each other."""
    length = np.hypot(*(b - a).T)
    spacing = max(float(np.median(length)), 1e-6)
    samples, owner = sample_along(a, b, spacing)
    pairs = cKDTree(samples).query_pairs(spacing * (1 + 1e-9), output_type="ndarray")
    i, j = owner[pairs[:, 0]], owner[pairs[:, 1]]
    keep = i != j
    key = np.unique(np.sort(np.column_stack([i[keep], j[keep]]), axis=1), axis=0)
    return key[:, 0], key[:, 1]


def sample_along(a: np.ndarray, b: np.ndarray, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every ``spacing`` metres at most along each straight piece ``a -> b``
    (both ends included) and the piece of each point."""
    length = np.hypot(*(b - a).T)
    count = np.ceil(length / spacing).astype(np.int64) + 1
    owner = np.repeat(np.arange(a.shape[0]), count)
    first = np.cumsum(count) - count
    share = (np.arange(owner.size) - first[owner]) / np.maximum(count[owner] - 1, 1)
    return a[owner] + share[:, None] * (b[owner] - a[owner]), owner


def _chains(pieces: np.ndarray, n_vertices: int) -> tuple[list[list[int]], np.ndarray]:
    """Vertex sequences of the street segments between junctions, and the junction flags."""
    m = pieces.shape[0]
    ends = pieces.ravel()
    degree = np.bincount(ends, minlength=n_vertices)
    order = np.argsort(ends, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(degree)]).tolist()
    piece_at = (order // 2).tolist()
    other_end = pieces[:, ::-1].ravel()[order].tolist()
    junction = degree != 2
    used = bytearray(m)
    chains: list[list[int]] = []
    deg = degree.tolist()

    def walk(start: int, slot: int) -> list[int]:
        path = [start]
        while True:
            used[piece_at[slot]] = 1
            vertex = other_end[slot]
            path.append(vertex)
            if deg[vertex] != 2 or vertex == start:
                return path
            lo = ptr[vertex]
            slot = lo if not used[piece_at[lo]] else lo + 1
            if used[piece_at[slot]]:
                return path

    for vertex in np.flatnonzero(junction & (degree > 0)).tolist():
        for slot in range(ptr[vertex], ptr[vertex + 1]):
            if not used[piece_at[slot]]:
                chains.append(walk(vertex, slot))
    for piece in range(m):  # rings without a junction
        if not used[piece]:
            start = int(pieces[piece, 0])
            junction[start] = True
            slot = next(s for s in range(ptr[start], ptr[start + 1]) if not used[piece_at[s]])
            chains.append(walk(start, slot))
    return chains, junction


def _along_chains(chain_xy: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``chain_ptr`` of chains of ``sizes`` points laid end to end in ``chain_xy``, and each
    point's distance along its own chain."""
    chain_ptr = np.concatenate([[0], np.cumsum(sizes)])
    step = np.hypot(*np.diff(chain_xy, axis=0).T)
    step[chain_ptr[1:-1] - 1] = 0.0  # no step across two segments
    cumulative = np.concatenate([[0.0], np.cumsum(step)])
    return chain_ptr, cumulative - np.repeat(cumulative[chain_ptr[:-1]], sizes)


def _lixelised(vertex_xy: np.ndarray, chains: list[list[int]], junction: np.ndarray,
               lixel_length: float) -> StreetNetwork:
    """Cut the street segments into lixels and build the graph."""
    sizes = np.fromiter((len(c) for c in chains), dtype=np.int64, count=len(chains))
    flat = np.fromiter((v for c in chains for v in c), dtype=np.int64, count=int(sizes.sum()))
    chain_xy = vertex_xy[flat]
    chain_ptr, chain_dist = _along_chains(chain_xy, sizes)
    chain_length = chain_dist[chain_ptr[1:] - 1]
    first_vertex, last_vertex = flat[chain_ptr[:-1]], flat[chain_ptr[1:] - 1]
    pieces = np.maximum(1, np.ceil(chain_length / lixel_length - 1e-9)).astype(np.int64)
    pieces[first_vertex == last_vertex] = np.maximum(pieces[first_vertex == last_vertex], 2)
    junction_ids = np.flatnonzero(junction)
    node_of_vertex = np.full(vertex_xy.shape[0], -1, dtype=np.int64)
    node_of_vertex[junction_ids] = np.arange(junction_ids.size)
    n_lixels = int(pieces.sum())
    lixel_chain = np.repeat(np.arange(len(chains)), pieces)
    first_lixel = np.cumsum(pieces) - pieces
    k = np.arange(n_lixels) - first_lixel[lixel_chain]
    each = chain_length / pieces
    lixel_start = k * each[lixel_chain]
    lixel_length_arr = each[lixel_chain]
    # cut points: every lixel but a segment's first starts at a new node
    inner = k > 0
    cut_nodes = junction_ids.size + np.cumsum(inner) - 1
    lixel_from = np.where(inner, cut_nodes, node_of_vertex[first_vertex][lixel_chain])
    last = k == pieces[lixel_chain] - 1
    lixel_to = np.empty(n_lixels, dtype=np.int64)
    lixel_to[~last] = lixel_from[1:][~last[:-1]]
    lixel_to[last] = node_of_vertex[last_vertex][lixel_chain[last]]
    partial = StreetNetwork(
        node_xy=np.zeros((0, 2)), lixel_from=lixel_from, lixel_to=lixel_to, lixel_length=lixel_length_arr,
        lixel_chain=lixel_chain, lixel_start=lixel_start, chain_ptr=chain_ptr, chain_xy=chain_xy,
        chain_dist=chain_dist, graph=sparse.csr_matrix((0, 0)))
    cut_xy = partial.points_along(lixel_chain[inner], lixel_start[inner])
    node_xy = np.vstack([vertex_xy[junction_ids], cut_xy])
    graph = lixel_graph(lixel_from, lixel_to, lixel_length_arr, node_xy.shape[0])
    return StreetNetwork(**{**partial.__dict__, "node_xy": node_xy, "graph": graph})


def lixel_graph(start: np.ndarray, end: np.ndarray, length: np.ndarray, n_nodes: int) -> sparse.csr_matrix:
    """Symmetric CSR matrix of edge lengths, the shortest where edges repeat a pair of nodes."""
    key = np.sort(np.column_stack([start, end]), axis=1)
    order = np.lexsort((length, key[:, 1], key[:, 0]))
    key, length = key[order], length[order]
    first = np.concatenate([[True], np.any(np.diff(key, axis=0) != 0, axis=1)])
    key, length = key[first], length[first]
    rows = np.concatenate([key[:, 0], key[:, 1]])
    cols = np.concatenate([key[:, 1], key[:, 0]])
    return sparse.csr_matrix((np.concatenate([length, length]), (rows, cols)), shape=(n_nodes, n_nodes))


def component_report(net: StreetNetwork, sliver_length: float = DEFAULT_SLIVER_LENGTH) -> dict[str, Any]:
    """Connected parts: how many, the share of length in the largest, the slivers."""
    count, labels = connected_components(net.graph, directed=False)
    length = np.bincount(labels[net.lixel_from], weights=net.lixel_length, minlength=count)
    total = float(length.sum())
    slivers = length < sliver_length
    return {
        "components": int(count),
        "largest_component_share": float(length.max() / total) if total > 0 else 0.0,
        "sliver_components": int(slivers.sum()), "sliver_length_m": float(length[slivers].sum()),
    }


def component_of_lixels(net: StreetNetwork) -> np.ndarray:
    """Connected part of each lixel (0 = the longest part, then by decreasing length)."""
    count, labels = connected_components(net.graph, directed=False)
    length = np.bincount(labels[net.lixel_from], weights=net.lixel_length, minlength=count)
    rank = np.empty(count, dtype=np.int64)
    rank[np.argsort(-length, kind="stable")] = np.arange(count)
    return rank[labels[net.lixel_from]]


@dataclass
class NetworkRisk:
    """One value per lixel of ``network``, with its units and the parameters an analyst
    should see (the network analogue of :class:`.surface.RiskSurface`)."""

    values: np.ndarray
    network: StreetNetwork
    units: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        values = np.asarray(self.values, dtype=np.float64)
        if values.shape != (self.network.n_lixels,):
            raise ValueError(f"{values.shape} values for {self.network.n_lixels} lixels")
        self.values = values


def network_of_edges(lines: Sequence[np.ndarray],
                     tolerance: float = DEFAULT_TOLERANCE) -> tuple[StreetNetwork, np.ndarray]:
    """A network whose lixels are the given lines, one each (a layer already cut into lixels,
    read back); their end points closer than ``tolerance`` meet, interior vertices only give
    the shape. Returns the network and the index of the line behind each lixel (lines of
    fewer than two distinct points are left out)."""
    kept, shapes = [], []
    for index, line in enumerate(lines):
        xy = np.asarray(line, dtype=np.float64).reshape(-1, 2)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if xy.shape[0] >= 2 and np.any(xy != xy[0]):
            kept.append(index)
            shapes.append(xy)
    if not shapes:
        raise ValueError("no line has two distinct points: the layer holds no usable street")
    sizes = np.array([s.shape[0] for s in shapes])
    chain_xy = np.vstack(shapes)
    chain_ptr, chain_dist = _along_chains(chain_xy, sizes)
    ends = np.vstack([chain_xy[chain_ptr[:-1]], chain_xy[chain_ptr[1:] - 1]])
    node_xy, node_of_end = _merged_vertices(ends, tolerance)
    n = len(shapes)
    length = chain_dist[chain_ptr[1:] - 1]
    start, end = node_of_end[:n], node_of_end[n:]
    net = StreetNetwork(node_xy=node_xy, lixel_from=start, lixel_to=end, lixel_length=length,
                        lixel_chain=np.arange(n), lixel_start=np.zeros(n), chain_ptr=chain_ptr, chain_xy=chain_xy,
                        chain_dist=chain_dist, graph=lixel_graph(start, end, length, node_xy.shape[0]))
    report = {"lines_read": len(lines), "lines_unusable": len(lines) - n, "lixels": n,
              "total_length_m": float(length.sum())}
    report.update(component_report(net))
    return StreetNetwork(**{**net.__dict__, "report": report}), np.asarray(kept, dtype=np.int64)
