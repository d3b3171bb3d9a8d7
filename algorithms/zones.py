"""Zones (districts, beats...) as polygon rings, and events assigned to them.

Assignment is a point-in-polygon test by the even-odd (ray casting) rule over every ring
of a zone's polygons, so holes are outside and the parts of a multi-polygon are inside
(Shimrat 1962, "Algorithm 112: Position of point relative to polygon", CACM 5(8), 434).
It runs vectorised over the events, edge by edge, on the events inside the zone's
bounding box only. An event in several (overlapping) zones goes to the first of them;
an event on a boundary may fall on either side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["OUTSIDE", "Zones", "inside_rings", "assign_zones"]

#: Zone id of an event outside every zone.
OUTSIDE = -1


@dataclass
class Zones:
    """One entry per zone: its label and its rings (closed ``[k, 2]`` vertex arrays), in the working CRS."""

    labels: list[str]
    rings: list[list[np.ndarray]]

    def __len__(self) -> int:
        return len(self.labels)

    def box(self, index: int) -> tuple[float, float, float, float]:
        vertices = np.concatenate(self.rings[index])
        return (float(vertices[:, 0].min()), float(vertices[:, 1].min()),
                float(vertices[:, 0].max()), float(vertices[:, 1].max()))


def inside_rings(x: np.ndarray, y: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Bool per point: inside by the even-odd rule over all ``rings`` (a ray cast towards +x)."""
    inside = np.zeros(x.shape, dtype=bool)
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:]):
            if y0 == y1:
                continue  # a horizontal edge never crosses the ray
            straddles = (y0 > y) != (y1 > y)
            crossing_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            inside ^= straddles & (x < crossing_x)
    return inside


def assign_zones(x: np.ndarray, y: np.ndarray, zones: Zones) -> np.ndarray:
    """Zone index (int64, into ``zones.labels``) of each point, :data:`OUTSIDE` when in no zone."""
    zone = np.full(x.shape, OUTSIDE, dtype=np.int64)
    for index in range(len(zones)):
        xmin, ymin, xmax, ymax = zones.box(index)
        candidates = np.nonzero((zone == OUTSIDE) & (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax))[0]
        if candidates.size:
            hit = inside_rings(x[candidates], y[candidates], zones.rings[index])
            zone[candidates[hit]] = index
    return zone
