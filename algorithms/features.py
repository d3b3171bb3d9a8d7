"""Cell features for the learned grid forecast (HunchLab-style), with risk terrain covariates.

For a period starting at ``p`` every feature of a cell is computed from events with
``t < p`` only, so a model trained on earlier periods never sees the period it predicts:

* **Counts** in the cell and in square neighbourhoods of ``k x k`` cells over look-back
  windows ``[p - L, p)`` (7, 28, 91, 365 days by default) and over all history (then
  scaled to events per 365 days, since the length of the history grows with ``p``).
  Events are binned to cells once and sorted by time; a window's count is a bincount
  over the contiguous slice between two prefix positions of that sorted list (the
  difference of two cumulative sums at event resolution, so ``p`` need not be a whole
  day), and neighbourhood counts are box sums from a summed-area table.
* **Recency**: days since the last event in the cell and in its 3 x 3 neighbourhood,
  capped (a cell with no event in the cap counts as the cap).
* **Near repeat**: ``sum exp(-(p - t) / tau)`` over events in the 3 x 3 neighbourhood,
  the short-lived raised risk near recent crimes (Johnson & Bowers 2004).
* **Seasonality** of the period: day of year as sine and cosine, and weekday of ``p``.
* **Crime type** as an integer category, when several types share one model, plus the
  counts of all modelled types together (one type may lead another).
* **Risk terrain covariates** (Caplan, Kennedy & Miller 2011): raster values per cell as
  given, and for each feature layer (bars, stations, ...) the distance in metres from the
  cell centre to the nearest cell holding a feature (Euclidean distance transform) and
  the number of features per km² within a radius.

References
----------
Caplan, J. M., Kennedy, L. W., & Miller, J. (2011). Risk terrain modeling: brokering
criminological theory and GIS methods for crime forecasting. Justice Quarterly 28(2), 360-381.
Johnson, S. D., & Bowers, K. J. (2004). The burglary as clue to the future: the beginnings
of prospective hot-spotting. European Journal of Criminology 1(2), 237-255.
Crow, F. C. (1984). Summed-area tables for texture mapping. SIGGRAPH '84, 207-212.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from scipy import ndimage

from .events import EventSet, datetime64_from_days
from .grid import Grid

__all__ = ["ALL_EVENTS", "DAYS_PER_YEAR", "NEAR_REPEAT_REACH", "FeatureSpec", "box_sum", "CellHistory",
           "static_covariates", "FeatureBuilder"]

#: Name of the single series when categories are not modelled separately.
ALL_EVENTS = "all"
#: Days per year used to scale all-history counts and the day-of-year cycle.
DAYS_PER_YEAR = 365.25
#: Near-repeat contributions older than this many decay times are ignored (weight < 0.25 %).
NEAR_REPEAT_REACH = 6.0


@dataclass(frozen=True)
class FeatureSpec:
    """How the cell features are built.

    Attributes
    ----------
    lookback_days : look-back windows for counts, in days (all history is always added).
    window_sizes : sides, in cells, of the square neighbourhoods counted (odd numbers).
    near_repeat_days : decay time ``tau`` of the near-repeat score, days.
    recency_cap_days : cap of the days-since-last-event features, days.
    density_radius : radius of the feature-layer densities, metres.
    """

    lookback_days: tuple[float, ...] = (7.0, 28.0, 91.0, 365.0)
    window_sizes: tuple[int, ...] = (3, 7)
    near_repeat_days: float = 14.0
    recency_cap_days: float = 365.0
    density_radius: float = 500.0

    def __post_init__(self) -> None:
        if not self.lookback_days or any(not (d > 0 and math.isfinite(d)) for d in self.lookback_days):
            raise ValueError(f"lookback_days must be positive numbers of days, got {self.lookback_days}")
        if any(int(k) != k or k < 1 or k % 2 == 0 for k in self.window_sizes):
            raise ValueError(f"window_sizes must be odd numbers of cells (3, 5, 7, ...), got {self.window_sizes}")
        for name in ("near_repeat_days", "recency_cap_days", "density_radius"):
            value = getattr(self, name)
            if not (value > 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be a positive number, got {value}")

    @property
    def longest_lookback(self) -> float:
        return float(max(self.lookback_days))


def box_sum(values: np.ndarray, size: int) -> np.ndarray:
    """Sum of ``values`` over the ``size x size`` window centred on each cell (zeros beyond
    the edges), from a summed-area table: exact for integer counts."""
    padded = np.pad(values, size // 2)
    table = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1))
    table[1:, 1:] = padded.cumsum(axis=0).cumsum(axis=1)
    return table[size:, size:] - table[:-size, size:] - table[size:, :-size] + table[:-size, :-size]


class CellHistory:
    """Events of one series binned to grid cells once and sorted by time."""

    def __init__(self, events: EventSet, grid: Grid):
        cell = grid.flat_index(events.x, events.y)
        keep = (cell >= 0) & np.isfinite(events.t)
        order = np.argsort(events.t[keep], kind="stable")
        self.t = events.t[keep][order]
        self.cell = cell[keep][order]
        self.weight = events.weight[keep][order]
        self.shape = grid.shape

    def __len__(self) -> int:
        return int(self.t.size)

    def _slice(self, start: float, end: float) -> slice:
        lo, hi = np.searchsorted(self.t, [start, end], side="left")
        return slice(int(lo), int(hi))

    def _bincount(self, part: slice, weights: np.ndarray) -> np.ndarray:
        n_cells = self.shape[0] * self.shape[1]
        counts = np.bincount(self.cell[part], weights=weights, minlength=n_cells)
        return counts.astype(np.float64).reshape(self.shape)

    def counts(self, start: float, end: float) -> np.ndarray:
        """Weighted events per cell with ``start <= t < end``, ``[rows, cols]``."""
        part = self._slice(start, end)
        return self._bincount(part, self.weight[part])

    def days_since_last(self, moment: float, cap: float) -> np.ndarray:
        """Days from each cell's last event before ``moment`` to ``moment``, at most ``cap``."""
        part = self._slice(moment - cap, moment)
        latest = np.full(self.shape[0] * self.shape[1], moment - cap)
        reversed_cells = self.cell[part][::-1]
        cells, first_in_reverse = np.unique(reversed_cells, return_index=True)
        latest[cells] = self.t[part][::-1][first_in_reverse]
        return (moment - latest).reshape(self.shape)

    def decayed_counts(self, moment: float, tau: float) -> np.ndarray:
        """``sum w exp(-(moment - t) / tau)`` per cell over recent events before ``moment``."""
        part = self._slice(moment - NEAR_REPEAT_REACH * tau, moment)
        return self._bincount(part, self.weight[part] * np.exp(-(moment - self.t[part]) / tau))


def _window_label(days: float) -> str:
    return f"{days:g}d"


def _season_features(moment: float) -> list[float]:
    """Day-of-year sine and cosine and weekday (Monday = 0) of ``moment`` (days since 1970)."""
    day = datetime64_from_days(moment).astype("datetime64[D]")
    year_start = day.astype("datetime64[Y]").astype("datetime64[D]")
    day_of_year = float((day - year_start).astype(np.int64))
    angle = 2.0 * math.pi * day_of_year / DAYS_PER_YEAR
    weekday = float((int(math.floor(moment)) + 3) % 7)  # 1970-01-01 was a Thursday
    return [math.sin(angle), math.cos(angle), weekday]


def static_covariates(
    grid: Grid,
    covariates: Mapping[str, np.ndarray] | None = None,
    feature_layers: Mapping[str, np.ndarray] | None = None,
    density_radius: float = 500.0,
) -> dict[str, np.ndarray]:
    """Risk terrain covariates per cell, name -> float64 ``[rows, cols]``.

    ``covariates`` are raster values already sampled per cell (NaN allowed: the model
    treats it as missing) and keep their names. Each presence grid of ``feature_layers``
    (bool, or a count / length per cell; > 0 means present) gives ``dist_<name>``, metres
    from the cell centre to the nearest present cell centre (NaN for a layer with no
    feature), and ``density_<name>``, the sum of the grid within ``density_radius`` metres
    per km².
    """
    result: dict[str, np.ndarray] = {}
    for name, values in (covariates or {}).items():
        array = _checked_layer(grid, "covariate", name, values)
        if np.isinf(array).any():
            raise ValueError(f"covariate {name!r} holds infinite values: replace them by NaN (missing) "
                             "or by finite numbers")
        result[str(name)] = array
    dr, dc, _ = grid.index_offsets(density_radius)
    reach = int(max(np.abs(dr).max(), 0))
    kernel = np.zeros((2 * reach + 1, 2 * reach + 1))
    kernel[dr + reach, dc + reach] = 1.0
    kernel_area_km2 = dr.size * grid.cell_area / 1e6
    for name, values in (feature_layers or {}).items():
        presence = np.nan_to_num(_checked_layer(grid, "feature layer", name, values), nan=0.0)
        if (presence < 0).any():
            raise ValueError(f"feature layer {name!r} has negative values: give presence (0/1) or counts per cell")
        present = presence > 0
        if present.any():
            distance = ndimage.distance_transform_edt(~present) * grid.cell_size
        else:
            distance = np.full(grid.shape, np.nan)
        density = ndimage.correlate(presence, kernel, mode="constant", cval=0.0) / kernel_area_km2
        result[f"dist_{name}"] = distance
        result[f"density_{name}"] = density
    return result


def _checked_layer(grid: Grid, kind: str, name: str, values: np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != grid.shape:
        raise ValueError(f"{kind} {name!r} has shape {array.shape} but the grid is {grid.shape} "
                         "(rows, cols): sample it on the forecast grid first")
    return array


class FeatureBuilder:
    """Feature rows of every (series, inside cell) at a period start.

    Parameters
    ----------
    events : the history; only events with ``t < p`` enter the features at ``p``.
    grid : the analysis grid; rows are its inside cells in row-major order.
    spec : the feature settings.
    categories : crime types modelled together (one series each), or None for one series
        of all events (named :data:`ALL_EVENTS`).
    static : name -> ``[rows, cols]`` covariates from :func:`static_covariates`.
    history_start : start of the history, days (to scale all-history counts per year);
        by default the first event's time.
    """

    def __init__(
        self,
        events: EventSet,
        grid: Grid,
        spec: FeatureSpec,
        categories: Sequence[str] | None = None,
        static: Mapping[str, np.ndarray] | None = None,
        history_start: float | None = None,
    ):
        self.grid = grid
        self.spec = spec
        self.series_names = [ALL_EVENTS] if not categories else [str(c) for c in categories]
        if categories:
            self.series = [CellHistory(events.of_categories([c]), grid) for c in self.series_names]
        else:
            self.series = [CellHistory(events, grid)]
        self.combined = CellHistory(events.of_categories(self.series_names if categories else []), grid)
        self.static = dict(static or {})
        if history_start is None:
            history_start = float(self.combined.t[0]) if len(self.combined) else 0.0
        self.history_start = history_start
        self._inside = grid.inside.ravel()
        self.feature_names = self._names()
        self.categorical = np.array([name == "category" for name in self.feature_names])

    @property
    def n_series(self) -> int:
        return len(self.series_names)

    def _names(self) -> list[str]:
        windows = [_window_label(d) for d in self.spec.lookback_days] + ["all_per_year"]
        names = [f"count_{w}" for w in windows]
        for size in self.spec.window_sizes:
            names += [f"count{size}x{size}_{w}" for w in windows]
        names += ["days_since_cell", "days_since_3x3", "near_repeat_3x3", "doy_sin", "doy_cos", "weekday"]
        if self.n_series > 1:
            names += ["category"] + [f"all_types_count_{w}" for w in windows]
        names += list(self.static)
        if len(set(names)) != len(names):
            raise ValueError(f"covariate names clash with built-in feature names: rename them ({names})")
        return names

    def _window_counts(self, history: CellHistory, moment: float) -> list[np.ndarray]:
        """Counts over each look-back window then all history (per year), ``[rows, cols]`` each."""
        grids = [history.counts(moment - d, moment) for d in self.spec.lookback_days]
        history_years = max(moment - self.history_start, 1.0) / DAYS_PER_YEAR
        grids.append(history.counts(-np.inf, moment) / history_years)
        return grids

    def _series_grids(self, history: CellHistory, moment: float) -> list[np.ndarray]:
        cap = self.spec.recency_cap_days
        counts = self._window_counts(history, moment)
        grids = list(counts)
        for size in self.spec.window_sizes:
            grids += [box_sum(c, size) for c in counts]
        since = history.days_since_last(moment, cap)
        grids.append(since)
        grids.append(ndimage.minimum_filter(since, size=3, mode="constant", cval=cap))
        grids.append(box_sum(history.decayed_counts(moment, self.spec.near_repeat_days), 3))
        return grids

    def _inside_columns(self, grids: list[np.ndarray]) -> np.ndarray:
        return np.stack(grids).reshape(len(grids), -1)[:, self._inside].T

    def at(self, moment: float) -> np.ndarray:
        """Float64 ``[n_series * n_inside, n_features]`` features at period start ``moment``
        (series-major, then inside cells in row-major order)."""
        n = int(self._inside.sum())
        season = np.tile(_season_features(moment), (n, 1))
        static = self._inside_columns(list(self.static.values())) if self.static else np.empty((n, 0))
        shared = None
        if self.n_series > 1:
            shared = self._inside_columns(self._window_counts(self.combined, moment))
        blocks = []
        for code, history in enumerate(self.series):
            parts = [self._inside_columns(self._series_grids(history, moment)), season]
            if shared is not None:
                parts += [np.full((n, 1), float(code)), shared]
            parts.append(static)
            blocks.append(np.hstack(parts))
        return np.vstack(blocks)

    def targets(self, start: float, end: float) -> np.ndarray:
        """Weighted counts with ``start <= t < end``, rows aligned with :meth:`at`."""
        return np.concatenate([h.counts(start, end).ravel()[self._inside] for h in self.series])

    def to_grids(self, row_values: np.ndarray) -> dict[str, np.ndarray]:
        """Split a per-row vector back into one ``[rows, cols]`` array per series (NaN outside)."""
        n = int(self._inside.sum())
        result = {}
        for i, name in enumerate(self.series_names):
            grid_values = np.full(self.grid.n_cells, np.nan)
            grid_values[self._inside] = row_values[i * n:(i + 1) * n]
            result[name] = grid_values.reshape(self.grid.shape)
        return result
