"""Checks of what an experienced analyst would notice in a layer of events before trusting a map of it.

Pure numpy: which events lie far outside the bulk in space or time, and which are exact duplicates.
The bulk is described by robust statistics (median and interquartile range), so a few absurd values
(an address geocoded to 0,0, a date typed as 1900) cannot hide themselves by inflating the spread.
"""

from __future__ import annotations

import numpy as np

#: An event is far from the bulk beyond this many interquartile ranges from the median (a Tukey fence
#: far wider than the usual 1.5-3, so that real suburbs and quiet years are never flagged).
FENCE_IQRS = 10.0
#: Smallest spreads considered (metres, days): a tiny area or period is not turned into outliers.
MIN_SPATIAL_SPREAD = 500.0
MIN_TEMPORAL_SPREAD = 30.0
#: Far events are outliers only while they stay a small share of the layer (else they are the data).
MAX_OUTLIER_SHARE = 0.05


def _far(values: np.ndarray, min_spread: float) -> np.ndarray:
    finite = np.isfinite(values)
    far = np.zeros(values.shape, dtype=bool)
    if finite.sum() < 10:
        return far
    q25, median, q75 = np.percentile(values[finite], [25, 50, 75])
    spread = max(q75 - q25, min_spread)
    far[finite] = np.abs(values[finite] - median) > FENCE_IQRS * spread
    return far


def far_in_space(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Events far from the bulk in x or y (metres), or none when they would be more than a few percent."""
    far = _far(np.asarray(x, float), MIN_SPATIAL_SPREAD) | _far(np.asarray(y, float), MIN_SPATIAL_SPREAD)
    return far if far.mean() <= MAX_OUTLIER_SHARE else np.zeros_like(far)


def far_in_time(t: np.ndarray) -> np.ndarray:
    """Events dated far from the bulk (days), or none when they would be more than a few percent."""
    far = _far(np.asarray(t, float), MIN_TEMPORAL_SPREAD)
    return far if far.mean() <= MAX_OUTLIER_SHARE else np.zeros_like(far)


def duplicated(*columns: np.ndarray) -> np.ndarray:
    """Events identical to an earlier one in every given column (place, time, type...)."""
    if not columns or len(columns[0]) == 0:
        return np.zeros(0, dtype=bool)
    keys = np.rec.fromarrays([np.asarray(c) if np.asarray(c).dtype != object else np.asarray(c).astype(str)
                              for c in columns])
    _, first = np.unique(keys, return_index=True)
    repeated = np.ones(len(keys), dtype=bool)
    repeated[first] = False
    return repeated
