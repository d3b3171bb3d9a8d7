"""A synthetic town's streets, addresses on them, and walks along them (for :mod:`.simulate`).

The street plan is a jittered, gently warped lattice: every ``main_every``-th row and column is a
main road (never interrupted); side streets between them are dropped at random, more often towards
the edge of town, which leaves larger blocks, dead ends and a sparser periphery. Only the streets
inside the town's outline and connected to the main network are kept. Addresses sit every
``address_spacing`` metres along each segment, a few metres to one side of the centre line, as a
geocoder would place them (with an error of a few metres, the same for every record there).

A walk along the streets moves a given distance from a point of a segment, in a random direction,
turning at random at each intersection (never back unless it is a dead end): near-repeat offspring
displaced this way spread along streets, not as the crow flies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["StreetPlan", "StreetNetwork", "inside_polygon", "street_grid", "walk_along"]


@dataclass(frozen=True)
class StreetPlan:
    """How to lay out the streets (metres)."""

    spacing_x: float = 170.0
    spacing_y: float = 130.0
    main_every: int = 7  # every n-th lattice row and column is a main road
    drop_centre: float = 0.15  # share of side-street segments dropped in the centre ...
    drop_edge: float = 0.45  # ... and at the edge of town
    jitter: float = 0.12  # node jitter, share of the spacing
    warp: float = 180.0  # amplitude of the gentle bending of the whole plan, metres
    address_spacing: float = 30.0
    address_offset: float = 6.0  # distance of an address from the centre line
    geocoding_error: float = 2.0  # standard deviation of an address's geocoded point, metres


@dataclass
class StreetNetwork:
    """Street segments between intersections, and the addresses along them."""

    node_x: np.ndarray
    node_y: np.ndarray
    edge_a: np.ndarray  # first node of each segment
    edge_b: np.ndarray  # second node
    edge_main: np.ndarray  # True for main roads
    edge_name: np.ndarray  # street name of each segment (object)
    address_edge: np.ndarray  # segment of each address
    address_pos: np.ndarray  # metres from the segment's first node
    address_x: np.ndarray
    address_y: np.ndarray
    edge_first_address: np.ndarray  # index of each segment's first address
    edge_n_addresses: np.ndarray

    @property
    def edge_length(self) -> np.ndarray:
        return np.hypot(self.node_x[self.edge_b] - self.node_x[self.edge_a],
                        self.node_y[self.edge_b] - self.node_y[self.edge_a])

    @property
    def n_edges(self) -> int:
        return int(self.edge_a.size)

    def segments(self) -> list[list[tuple[float, float]]]:
        """Each segment as a two-vertex line."""
        x, y = self.node_x.tolist(), self.node_y.tolist()
        return [[(x[a], y[a]), (x[b], y[b])] for a, b in zip(self.edge_a.tolist(), self.edge_b.tolist())]

    def point(self, edge: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates of the points ``pos`` metres along segments ``edge`` (on the centre line)."""
        share = pos / np.maximum(self.edge_length[edge], 1e-9)
        a, b = self.edge_a[edge], self.edge_b[edge]
        return (self.node_x[a] + share * (self.node_x[b] - self.node_x[a]),
                self.node_y[a] + share * (self.node_y[b] - self.node_y[a]))

    def nearest_address(self, edge: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """Index of the address of segment ``edge`` nearest to ``pos`` metres along it."""
        n = self.edge_n_addresses[edge]
        step = self.edge_length[edge] / n
        k = np.clip(np.floor(pos / step), 0, n - 1).astype(np.int64)
        return self.edge_first_address[edge] + k

    def nearest_node(self, edge: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """The intersection at the nearer end of segment ``edge`` from ``pos`` metres along it."""
        return np.where(pos < 0.5 * self.edge_length[edge], self.edge_a[edge], self.edge_b[edge])

    def degree(self) -> np.ndarray:
        return np.bincount(np.concatenate([self.edge_a, self.edge_b]), minlength=self.node_x.size)


def inside_polygon(x: np.ndarray, y: np.ndarray, ring: list[tuple[float, float]]) -> np.ndarray:
    """True for points inside the polygon ``ring`` (even-odd rule)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    inside = np.zeros(x.shape, dtype=bool)
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < at)
    return inside


def _lattice_edges(nx: int, ny: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal then vertical lattice edges: (a, b, is_horizontal, lattice line index)."""
    index = np.arange(nx * ny).reshape(ny, nx)
    ha, hb = index[:, :-1].ravel(), index[:, 1:].ravel()
    va, vb = index[:-1, :].ravel(), index[1:, :].ravel()
    h_line = np.repeat(np.arange(ny), nx - 1)
    v_line = np.tile(np.arange(nx), ny - 1)
    horizontal = np.concatenate([np.ones(ha.size, bool), np.zeros(va.size, bool)])
    return np.concatenate([ha, va]), np.concatenate([hb, vb]), horizontal, np.concatenate([h_line, v_line])


def street_grid(xmin: float, ymin: float, width: float, height: float, outline: list[tuple[float, float]],
                plan: StreetPlan, rng: np.random.Generator) -> StreetNetwork:
    """Lay out the streets of a town inside ``outline`` (see the module docstring)."""
    nx = int(width // plan.spacing_x) + 1
    ny = int(height // plan.spacing_y) + 1
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny))
    x0 = xmin + (gx.ravel() + 0.5) * (width / nx)
    y0 = ymin + (gy.ravel() + 0.5) * (height / ny)
    phase = rng.uniform(0, 2 * np.pi, 2)
    x = x0 + plan.warp * np.sin(2 * np.pi * (y0 - ymin) / (0.8 * height) + phase[0])
    y = y0 + plan.warp * np.sin(2 * np.pi * (x0 - xmin) / (0.7 * width) + phase[1])
    x = x + plan.jitter * plan.spacing_x * rng.standard_normal(x.size)
    y = y + plan.jitter * plan.spacing_y * rng.standard_normal(y.size)
    a, b, horizontal, line = _lattice_edges(nx, ny)
    main_line = (line % plan.main_every) == plan.main_every // 2
    # Side streets are dropped more often towards the edge of town.
    mx, my = 0.5 * (x0[a] + x0[b]), 0.5 * (y0[a] + y0[b])
    r = np.clip(np.hypot((mx - xmin) / width - 0.5, (my - ymin) / height - 0.5) / 0.5, 0, 1)
    drop = plan.drop_centre + (plan.drop_edge - plan.drop_centre) * r
    keep = main_line | (rng.random(a.size) >= drop)
    keep &= inside_polygon(x[a], y[a], outline) & inside_polygon(x[b], y[b], outline)
    a, b, horizontal, line, main = a[keep], b[keep], horizontal[keep], line[keep], main_line[keep]
    # Keep the part connected to the main roads (the largest component).
    graph = coo_matrix((np.ones(a.size), (a, b)), shape=(x.size, x.size))
    _, label = connected_components(graph, directed=False)
    used = np.bincount(label[a], minlength=label.max() + 1)
    keep = label[a] == np.argmax(used)
    a, b, horizontal, line, main = a[keep], b[keep], horizontal[keep], line[keep], main[keep]
    # Renumber the nodes that are used.
    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    a, b = inverse[:a.size], inverse[a.size:]
    names = np.array([_street_name(h, int(k), bool(m)) for h, k, m in zip(horizontal, line, main)],
                     dtype=object)
    return _with_addresses(x[nodes], y[nodes], a, b, main, names, plan, rng)


def _street_name(horizontal: bool, line: int, main: bool) -> str:
    if main:
        return f"Boulevard {line + 1}" if horizontal else f"Avenue {line + 1}"
    return f"Rue {line + 1}" if horizontal else f"Allée {line + 1}"


def _with_addresses(x, y, a, b, main, names, plan: StreetPlan, rng) -> StreetNetwork:
    length = np.hypot(x[b] - x[a], y[b] - y[a])
    n = np.maximum(1, np.floor(length / plan.address_spacing)).astype(np.int64)
    first = np.concatenate([[0], np.cumsum(n)[:-1]])
    edge = np.repeat(np.arange(a.size), n)
    k = np.arange(edge.size) - first[edge]
    pos = (k + 0.5) * length[edge] / n[edge]
    share = pos / length[edge]
    cx = x[a][edge] + share * (x[b] - x[a])[edge]
    cy = y[a][edge] + share * (y[b] - y[a])[edge]
    # One side of the street or the other, a few metres from the centre line, with the geocoder's
    # error of a few metres (the same for every event at the address).
    side = np.where(rng.random(edge.size) < 0.5, -1.0, 1.0) * plan.address_offset
    ux, uy = (x[b] - x[a])[edge] / length[edge], (y[b] - y[a])[edge] / length[edge]
    error = plan.geocoding_error * rng.standard_normal((2, edge.size))
    address_x, address_y = cx - side * uy + error[0], cy + side * ux + error[1]
    return StreetNetwork(x, y, a, b, main, names, edge, pos, address_x, address_y, first, n)


def _incidence(network: StreetNetwork) -> tuple[np.ndarray, np.ndarray]:
    """CSR-like lists of the segments meeting at each node: (offsets, segments)."""
    ends = np.concatenate([network.edge_a, network.edge_b])
    edges = np.concatenate([np.arange(network.n_edges)] * 2)
    order = np.argsort(ends, kind="stable")
    offsets = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=network.node_x.size))])
    return offsets, edges[order]


def walk_along(network: StreetNetwork, edge: np.ndarray, pos: np.ndarray, distance: np.ndarray,
               rng: np.random.Generator, max_turns: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Move ``distance`` metres along the streets from ``pos`` metres along segments ``edge``, in a
    random direction, turning at random at intersections. Returns the new (segment, position)."""
    edge = np.asarray(edge, dtype=np.int64).copy()
    pos = np.asarray(pos, dtype=float).copy()
    left = np.asarray(distance, dtype=float).copy()
    forward = rng.random(edge.size) < 0.5
    length = network.edge_length
    offsets, incident = _incidence(network)
    degree = np.diff(offsets)
    moving = np.arange(edge.size)
    for _ in range(max_turns):
        if moving.size == 0:
            break
        e, s, f = edge[moving], pos[moving], forward[moving]
        to_end = np.where(f, length[e] - s, s)
        stops = left[moving] <= to_end
        step = left[moving[stops]]
        pos[moving[stops]] = np.where(f[stops], s[stops] + step, s[stops] - step)
        go = moving[~stops]
        left[go] -= to_end[~stops]
        node = np.where(forward[go], network.edge_b[edge[go]], network.edge_a[edge[go]])
        # A random other segment at the node (back along the same one only at a dead end).
        choices = degree[node]
        pick = offsets[node] + np.floor(rng.random(go.size) * choices).astype(np.int64)
        nxt = incident[pick]
        again = (nxt == edge[go]) & (choices > 1)
        pick[again] = offsets[node[again]] + (pick[again] - offsets[node[again]] + 1) % choices[again]
        nxt = incident[pick]
        starts_here = network.edge_a[nxt] == node
        edge[go] = nxt
        forward[go] = starts_here
        pos[go] = np.where(starts_here, 0.0, length[nxt])
        moving = go
    return edge, pos
