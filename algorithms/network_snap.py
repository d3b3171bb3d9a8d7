"""Events snapped to the nearest street within a maximum distance.

Every straight piece of every street segment is sampled every ``s`` metres (both ends
included); a k-d tree (``scipy.spatial.cKDTree``) over the samples gives each event its
``k`` nearest samples, and the exact perpendicular distance to the pieces that own them
picks the nearest piece. The answer is exact: a piece at distance ``d`` has a sample
within ``d + s / 2``, so when the ``k``-th sample lies farther than the best distance
plus ``s / 2`` no piece was missed; otherwise the event is asked again with a larger
``k``. Ties (an event on a junction, or halfway between two streets) go to the piece
with the lowest index. Events farther than ``max_distance`` from every street are
dropped and counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .network import StreetNetwork, sample_along
from .progress import ProgressCallback, ProgressReporter

__all__ = ["DEFAULT_MAX_DISTANCE", "SnappedEvents", "snap_events"]

#: Default snapping distance, metres.
DEFAULT_MAX_DISTANCE = 50.0
#: Events handled at once (bounds the working memory).
CHUNK = 250_000


@dataclass(frozen=True)
class SnappedEvents:
    """Where events sit on the network.

    ``lixel`` is -1 for events dropped (farther than the snapping distance); ``position``
    is metres from the lixel's start node; ``x, y`` the snapped point; ``distance`` the
    snapping distance in metres (NaN when dropped).
    """

    lixel: np.ndarray
    position: np.ndarray
    x: np.ndarray
    y: np.ndarray
    distance: np.ndarray

    @property
    def kept(self) -> np.ndarray:
        """True for the events on the network."""
        return self.lixel >= 0

    @property
    def dropped(self) -> int:
        return int(np.count_nonzero(self.lixel < 0))


class _Pieces:
    """The straight pieces of a network with their sample index."""

    def __init__(self, net: StreetNetwork) -> None:
        sizes = np.diff(net.chain_ptr)
        chain_of_point = np.repeat(np.arange(net.n_chains), sizes)
        start = np.ones(chain_of_point.size, dtype=bool)
        start[net.chain_ptr[1:] - 1] = False  # the last point of a segment starts no piece
        first = np.flatnonzero(start)
        self.a = net.chain_xy[first]
        self.b = net.chain_xy[first + 1]
        self.chain = chain_of_point[first]
        self.start = net.chain_dist[first]
        length = np.hypot(*(self.b - self.a).T)
        self.spacing = float(np.clip(np.median(length), 1.0, 50.0))
        samples, self.owner = sample_along(self.a, self.b, self.spacing)
        self.tree = cKDTree(samples)

    def nearest(self, px: np.ndarray, py: np.ndarray, max_distance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(piece, share along it 0..1, distance); piece -1 beyond ``max_distance``."""
        n = px.size
        piece = np.full(n, -1, dtype=np.int64)
        share = np.zeros(n)
        best = np.full(n, np.inf)
        todo = np.arange(n)
        k = 8
        radius = max_distance + 0.5 * self.spacing
        while todo.size:
            k = min(k, self.owner.size)
            dist, index = self.tree.query(np.column_stack([px[todo], py[todo]]), k=k, distance_upper_bound=radius)
            dist, index = dist.reshape(todo.size, k), index.reshape(todo.size, k)
            found = index < self.owner.size
            candidate = np.where(found, self.owner[np.minimum(index, self.owner.size - 1)], -1)
            d, t = self._distances(px[todo, None], py[todo, None], np.maximum(candidate, 0))
            d = np.where(found, d, np.inf)
            low = d.min(axis=1)
            tied = d <= low[:, None] * (1 + 1e-12) + 1e-9
            column = np.argmin(np.where(tied, candidate, np.iinfo(np.int64).max), axis=1)
            rows = np.arange(todo.size)
            piece[todo] = np.where(np.isfinite(low), candidate[rows, column], -1)
            share[todo] = t[rows, column]
            best[todo] = low
            complete = ~found[:, -1] | (dist[:, -1] > low + 0.5 * self.spacing) | (k >= self.owner.size)
            todo = todo[~complete]
            k *= 4
        piece[best > max_distance] = -1
        return piece, share, best

    def _distances(self, px: np.ndarray, py: np.ndarray, piece: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ax, ay = self.a[piece, 0], self.a[piece, 1]
        dx, dy = self.b[piece, 0] - ax, self.b[piece, 1] - ay
        norm = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.clip(np.where(norm > 0, ((px - ax) * dx + (py - ay) * dy) / norm, 0.0), 0.0, 1.0)
        return np.hypot(px - (ax + t * dx), py - (ay + t * dy)), t


def snap_events(net: StreetNetwork, x: np.ndarray, y: np.ndarray, max_distance: float = DEFAULT_MAX_DISTANCE,
                progress: ProgressCallback | None = None) -> SnappedEvents:
    """Snap events ``(x, y)`` (metres) to the nearest street piece within ``max_distance``;
    ``progress`` hears after each block of :data:`CHUNK` events (False cancels)."""
    if not (math.isfinite(max_distance) and max_distance > 0):
        raise ValueError(f"the snapping distance must be a positive number of metres, got {max_distance!r}")
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    pieces = _Pieces(net)
    n = x.size
    lixel = np.full(n, -1, dtype=np.int64)
    position = np.full(n, np.nan)
    sx, sy, distance = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    report = ProgressReporter(progress)
    for lo in range(0, finite.size, CHUNK):
        report(lo / max(finite.size, 1))
        rows = finite[lo:lo + CHUNK]
        piece, share, best = pieces.nearest(x[rows], y[rows], max_distance)
        ok = piece >= 0
        rows, piece, share = rows[ok], piece[ok], share[ok]
        length = np.hypot(*(pieces.b[piece] - pieces.a[piece]).T)
        lixel[rows], position[rows] = net.lixel_of(pieces.chain[piece], pieces.start[piece] + share * length)
        point = pieces.a[piece] + share[:, None] * (pieces.b[piece] - pieces.a[piece])
        sx[rows], sy[rows], distance[rows] = point[:, 0], point[:, 1], best[ok]
    return SnappedEvents(lixel=lixel, position=position, x=sx, y=sy, distance=distance)
