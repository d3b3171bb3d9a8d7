"""Scoring risk on a street network by coverage of network length (Rosser et al. 2017).

Lixels are taken in decreasing order of risk *per metre* until their length reaches a
share ``c`` of the network's length. The hit rate is the share of the period's events
(snapped to the network) on the lixels taken; the PAI is the hit rate over the length
share taken. Lixels tied at the cut count fractionally, by the expected hits of a random
draw among them weighted by length (a tied group of length ``G`` with ``e`` events, of
which a length ``g`` is needed, adds ``e * g / G``), so scores do not depend on an order
among ties. A grid forecast is scored on the same terms by giving each lixel the value
of the cell holding its midpoint (:func:`lixel_values_from_grid`): a cell is then taken
with all its streets, and its coverage is the street length inside it.

References
----------
Rosser, G., Davies, T., Bowers, K. J., Johnson, S. D., & Cheng, T. (2017). Predictive crime
mapping: arbitrary grids or street networks? Journal of Quantitative Criminology 33(3),
569-594 (hit rate and coverage on networks).
Chainey, S., Tompson, L., & Uhlig, S. (2008). The utility of hotspot mapping for predicting
spatial patterns of crime. Security Journal 21, 4-28 (PAI).
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .grid import Grid
from .network import StreetNetwork

__all__ = ["LENGTH_CLASSES", "network_scores", "scores_from_counts", "length_hit_curve", "lixel_values_from_grid", "compare_hit_rates",
           "length_percentile_classes"]


def network_scores(values_per_metre: np.ndarray, lixel_length: np.ndarray, event_lixels: np.ndarray,
                   coverages: Sequence[float]) -> list[dict[str, Any]]:
    """Hit rate and PAI at each length ``coverage`` (share of the network, 0..1).

    ``values_per_metre``: risk per lixel, comparable per metre (NaN = unscored, ranked
    last); ``event_lixels``: the lixel of each scored event (negative ones are ignored).
    Returns one dict per coverage: coverage, length_share (the share taken), hits,
    events, hit_rate, pai (NaN without events).
    """
    values = np.asarray(values_per_metre, dtype=np.float64)
    events = np.asarray(event_lixels, dtype=np.int64)
    events = events[events >= 0]
    counts = np.bincount(events, minlength=values.size).astype(np.float64)
    return scores_from_counts(values, lixel_length, counts, coverages)


def _length_order(values: np.ndarray, length: np.ndarray, counts: np.ndarray):
    """Tied groups of lixels in decreasing value (NaN last): the number of groups, and each
    group's length, hits and lixels."""
    key = np.where(np.isfinite(values), values, -np.inf)
    unique, group = np.unique(-key, return_inverse=True)  # group 0 = highest risk
    return (unique.size, np.bincount(group, weights=length), np.bincount(group, weights=counts),
            np.bincount(group))


def scores_from_counts(values_per_metre: np.ndarray, lixel_length: np.ndarray, counts: np.ndarray,
                       coverages: Sequence[float]) -> list[dict[str, Any]]:
    """:func:`network_scores` from the events (or their weights) counted per lixel; each dict
    also holds ``lixels``, the lixels wholly or partly taken."""
    values = np.asarray(values_per_metre, dtype=np.float64)
    length = np.asarray(lixel_length, dtype=np.float64)
    counts = np.asarray(counts, dtype=np.float64)
    n_groups, group_length, group_hits, group_size = _length_order(values, length, counts)
    cum_length = np.cumsum(group_length)
    cum_hits = np.cumsum(group_hits)
    cum_size = np.cumsum(group_size)
    total_length, total = float(length.sum()), float(counts.sum())
    rows = []
    for coverage in coverages:
        if not 0.0 < coverage <= 1.0:
            raise ValueError(f"a coverage must be a share of the network in (0, 1], got {coverage!r}")
        wanted = coverage * total_length
        g = int(np.searchsorted(cum_length, wanted * (1 - 1e-12)))
        g = min(g, n_groups - 1)
        before_length = cum_length[g - 1] if g > 0 else 0.0
        before_hits = cum_hits[g - 1] if g > 0 else 0.0
        share = (wanted - before_length) / group_length[g] if group_length[g] > 0 else 1.0
        share = min(1.0, max(0.0, share))
        hits = before_hits + share * group_hits[g]
        hit_rate = hits / total if total > 0 else math.nan
        rows.append({"coverage": float(coverage), "length_share": float(wanted / total_length), "hits": float(hits),
                     "events": int(total) if float(total).is_integer() else total, "hit_rate": float(hit_rate),
                     "pai": float(hit_rate / coverage) if total > 0 else math.nan,
                     "lixels": int((cum_size[g - 1] if g > 0 else 0) + math.ceil(share * group_size[g]))})
    return rows


def length_hit_curve(values_per_metre: np.ndarray, lixel_length: np.ndarray,
                     counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(share of street length, expected hit rate) at the end of each tied group, from (0, 0)
    to (1, 1), straight within a group (the scores' fractional ties); NaN hit rates without events."""
    length = np.asarray(lixel_length, dtype=np.float64)
    counts = np.asarray(counts, dtype=np.float64)
    _, group_length, group_hits, _ = _length_order(np.asarray(values_per_metre, dtype=np.float64), length, counts)
    share = np.concatenate([[0.0], np.cumsum(group_length)]) / float(length.sum())
    hits = np.concatenate([[0.0], np.cumsum(group_hits)])
    hit = hits / hits[-1] if hits[-1] > 0 else np.full(share.size, np.nan)
    return share, hit


def lixel_values_from_grid(net: StreetNetwork, grid: Grid, values: np.ndarray) -> np.ndarray:
    """The value of the grid cell holding each lixel's midpoint (NaN off the grid)."""
    mid = net.lixel_midpoints()
    col = np.floor((mid[:, 0] - grid.xmin) / grid.cell_size).astype(np.int64)
    row = np.floor((grid.ymax - mid[:, 1]) / grid.cell_size).astype(np.int64)
    inside = (row >= 0) & (row < grid.rows) & (col >= 0) & (col < grid.cols)
    out = np.full(net.n_lixels, np.nan)
    out[inside] = np.asarray(values, dtype=np.float64)[row[inside], col[inside]]
    return out


def compare_hit_rates(network_hits: np.ndarray, grid_hits: np.ndarray, alpha: float = 0.05) -> dict[str, Any]:
    """Does the network forecast catch more events than the grid one at the same length
    coverage? Paired period-by-period differences, one-sided Diebold-Mariano test with the
    EWC variance (:func:`.evaluate.diebold_mariano_p`); ``claim`` only when p < ``alpha``."""
    from .evaluate import diebold_mariano_p

    differences = np.asarray(network_hits, dtype=np.float64) - np.asarray(grid_hits, dtype=np.float64)
    differences = differences[np.isfinite(differences)]
    p = diebold_mariano_p(differences)
    return {"periods": int(differences.size), "mean_difference": float(differences.mean()) if differences.size else
            math.nan, "p_value": p, "claim": bool(np.isfinite(p) and p < alpha)}


#: Upper bounds of the risk classes, as shares of network length from the riskiest street: top 1%,
#: 1-5%, 5-10%, 10-20%, 20-50%, the rest.
LENGTH_CLASSES = (0.01, 0.05, 0.10, 0.20, 0.50, 1.0)


def length_percentile_classes(values_per_metre: np.ndarray, lixel_length: np.ndarray) -> np.ndarray:
    """Class 1..6 of each lixel by the share of network length riskier than it (see
    :data:`LENGTH_CLASSES`); lixels tied share the class of the first of them; 0 risk or NaN -> 6."""
    values = np.asarray(values_per_metre, dtype=np.float64)
    length = np.asarray(lixel_length, dtype=np.float64)
    key = np.where(np.isfinite(values), values, -np.inf)
    unique, group = np.unique(-key, return_inverse=True)
    before = np.concatenate([[0.0], np.cumsum(np.bincount(group, weights=length))[:-1]]) / max(length.sum(), 1e-300)
    share = before[group]
    classes = np.searchsorted(np.asarray(LENGTH_CLASSES), share, side="right") + 1
    return np.where(key > 0, np.minimum(classes, len(LENGTH_CLASSES)), len(LENGTH_CLASSES))
