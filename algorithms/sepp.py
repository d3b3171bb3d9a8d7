"""Self-exciting point process (SEPP) forecasts of crime, PredPol style.

Model (Mohler et al. 2011, eq. 1; Mohler et al. 2015, eq. 1-2): the rate of events at
time ``t`` (days) and place ``(x, y)`` (metres) is

    lambda(t, x, y) = mu(x, y) s(t)
                      + sum_{i: t_i < t} theta omega exp(-omega (t - t_i)) g(x - x_i, y - y_i)

with ``g`` an isotropic Gaussian of standard deviation ``sigma``. ``theta`` is the
expected number of repeats ("offspring") each event triggers, ``1 / omega`` their mean
delay in days and ``sigma`` their spread in metres.

* **Places recorded to a precision** (``location_precision`` epsilon, default 5 m; 0 gives
  the model above): records sit at addresses, intersections or snapped points, so repeats
  at the same house have distance 0 and a single Gaussian's likelihood is unbounded (EM
  drove ``sigma`` to 1e-6 m on the sample town). With a precision, ``g`` is a share
  ``same_place`` of repeats at the parent's place plus near repeats spread by ``sigma``,
  both blurred by the location error (:mod:`.sepp_trigger`), and the background has a
  same-place part too: a fitted ``place_share`` of each event's background weight stays at
  its own place (:class:`.sepp_background.PlaceKernels`, held out like the kernels), for
  busy addresses and intersections collect unrelated events all the time, which the
  trigger would otherwise take for same-place repeats months apart (the sample town's
  violence: theta 0.29 instead of 0.71, mean delay 23 days instead of 176; truth 0.05 and 2).
  When under :data:`MIN_STACKED_SHARE` (1%) of the events share their exact place with
  another (continuous coordinates), no pair informs these parts and the fit is the single
  Gaussian's (the fit's options then carry a precision of 0).

* **Background** ``mu``: one constant rate per cell of the analysis grid, the expected
  number of background events in the cell divided by the observation period, where each
  event spreads its background probability over the cells by a Gaussian kernel
  (:mod:`.sepp_background`; Zhuang, Ogata & Vere-Jones 2002; Mohler et al. 2011). By
  default the kernel of each event reaches its ``background_neighbours``-th (5) nearest
  neighbouring event (at least half a cell): sharp where crime is dense, smooth where it
  is sparse. ``background_smoothing`` metres
  gives every event the same kernel instead; ``background_neighbours = 0`` (and no
  smoothing) keeps each event in its own cell, the grid model of Mohler et al. (2015).
  **Held-out periods**: with kernels, the E-step takes the background at each event from
  the events of the other tenths of the window only, so that neither the event nor its
  repeats prop up its own background; otherwise EM takes repeats for background
  (``theta`` too low, worse as cells get smaller). The forecast uses the whole window's.
* **Seasonality** ``s(t)`` (optional, off by default): day-of-week and/or month-of-year
  factors (see :mod:`.seasonality`) estimated from the expected background events and
  averaging 1 over the observation window.
* **Fitting**: EM by stochastic declustering (Zhuang, Ogata & Vere-Jones 2002; Mohler
  et al. 2011, section 3; Veen & Schoenberg 2008). The E-step gives each event ``j``
  the probability that it is background, ``mu_j s(t_j) / lambda_j``, or the offspring
  of each earlier event ``i`` within the cutoffs. The M-step is closed form, with the
  edge correction for offspring cut off by the end ``T`` of the window:
  ``theta = sum p_ij / sum_i (1 - exp(-omega tau_i))`` and ``omega`` maximises the
  expected log-likelihood given those, where ``tau_i = min(T - t_i, time_cutoff)``;
  ``sigma^2 = sum p_ij d_ij^2 / (2 sum p_ij)`` (with a precision: over the near repeats, less
  ``2 epsilon^2``; ``same_place`` and ``place_share`` are the expected shares of their
  components). It stops when the log-likelihood gains
  less than ``tolerance`` per event. The log-likelihood includes the compensator
  ``sum_cells mu * integral of s + theta sum_i (1 - exp(-omega tau_i))``; with kernels its
  background term at each event is the held-out one (a cross-validated likelihood).
* **Cutoffs**: the triggering kernel is truncated at ``time_cutoff`` days and
  ``space_cutoff`` metres, so the E-step runs over the (parent, child) pairs within
  them (:mod:`.pairs`): memory and time grow with events x neighbours, not events^2.
  The pairs are kept in blocks (12 bytes each) and the E-step never stores a probability
  per pair: it sums, per child, ``k_ij``, ``k_ij dt_ij`` and ``k_ij d2_ij`` chunk by chunk,
  which is all the M-step needs (``p_ij = C k_ij / lambda_j``, ``C = theta omega / (2 pi sigma^2)``).
  Automatic cutoffs (value 0) start at 30 days and 500 m and grow, refitting from the
  current estimate, until they reach ten mean delays (at most 90 days) and four
  sigmas (at most 2,000 m). Above 100,000 events the cutoffs are first chosen by a pilot
  fit on the last 100,000 events, whose parameters also start the full EM.
* **Forecast** (:func:`expected_events`): the expected number of events per cell over
  ``[as_of, as_of + horizon)``: background ``mu * integral of s`` plus, for each event
  before ``as_of``, ``theta`` times the share of its delay kernel falling in the horizon
  times its Gaussian integrated exactly over each cell (:func:`triggered_counts`), plus
  the whole cascade of offspring of events born within the horizon, theirs included
  (:mod:`.sepp_cascade`: generation ``g`` weighs ``theta^g``, with a Gamma(``g``, ``omega``)
  delay and a Gaussian of ``sqrt(g) sigma``, or with same-place repeats a binomial mixture
  over the number of near steps; exact for the exponential kernel). A
  first-order forecast (PredPol's) leaves the cascade out and falls short: 0.85 of the
  events over 7 days and 0.75 over 28 with theta 0.3 and a mean delay of 5 days.

Known limits: the background is only as sharp as the cells and the kernels. Hotspots
narrower than a cell or than a fixed smoothing are blurred, and the excess of close pairs
inside them is taken for repeats (``theta`` too high). Without kernels (one rate per cell)
the background overfits cells with few events, absorbing repeats (``theta`` too low, a
warning says so). On simulations with known truth the default recovers ``theta`` within
about 0.03 with cells of 150 to 250 m (tests/test_sepp.py). Repeats that straddle the
boundary of two periods still prop up each other's background a little. Event weights are
ignored (every event counts once); offspring that fall outside the grid are lost (no
spatial edge correction), which biases ``theta`` down by the share of the kernel outside
the study area (negligible when sigma is small against the area); events at the same
instant cannot trigger each other.

References
----------
Mohler, G. O., Short, M. B., Brantingham, P. J., Schoenberg, F. P., & Tita, G. E. (2011).
Self-exciting point process modeling of crime. JASA 106(493), 100-108.
Mohler, G. O., Short, M. B., Malinowski, S., Johnson, M., Tita, G. E., Bertozzi, A. L., &
Brantingham, P. J. (2015). Randomized controlled field trials of predictive policing.
JASA 110(512), 1399-1411.
Zhuang, J., Ogata, Y., & Vere-Jones, D. (2002). Stochastic declustering of space-time
earthquake occurrences. JASA 97(458), 369-380.
Veen, A., & Schoenberg, F. P. (2008). Estimation of space-time branching process models
in seismology using an EM-type algorithm. JASA 103(482), 614-624.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

from .events import EventSet, datetime64_from_days
from .grid import Grid
from .pairs import ClosePairs, check_pair_count, close_pairs, in_threads
from .progress import ProgressCallback, ProgressReporter
from .seasonality import SEASONALITY_CHOICES, DayPieces, SeasonalFactors
from .sepp_background import (
    MIN_BANDWIDTH_CELLS, GridKernels, PlaceKernels, adaptive_bandwidths, grid_kernels, period_bounds, stacked_share,
)
from .sepp_cascade import cascade, spread_points
from .sepp_trigger import (
    DEFAULT_LOCATION_PRECISION, INITIAL_SAME_PLACE, MAX_LOCATION_PRECISION, SamePlacePairs, SpatialTrigger,
    step_mixture,
)
from .surface import RiskSurface

__all__ = ["MIN_EVENTS", "MAX_CUTOFF_ROUNDS", "INITIAL_THETA", "EXPLOSIVE_THETA", "SPARSE_CELL_EVENTS",
           "DEFAULT_BACKGROUND_NEIGHBOURS", "PILOT_EVENTS", "PAIR_CHUNK", "OMEGA_BOUNDS", "GAP_EVENTS",
           "MIN_GAP_DAYS", "MIN_STACKED_SHARE", "FORECAST_UNITS", "SeppOptions", "SeppFit",
           "fit_sepp", "triggered_counts", "expected_events", "forecast_sepp"]

#: Fewest events a fit accepts.
MIN_EVENTS = 20
#: Automatic cutoffs: where they start and how far they may grow.
AUTO_TIME_CUTOFF_START, AUTO_TIME_CUTOFF_MAX = 30.0, 90.0  # days
AUTO_SPACE_CUTOFF_START, AUTO_SPACE_CUTOFF_MAX = 500.0, 2000.0  # metres
#: Automatic cutoffs cover this many mean delays and this many sigmas.
DELAYS_COVERED, SIGMAS_COVERED = 10.0, 4.0
#: Most rounds of cutoff growth.
MAX_CUTOFF_ROUNDS = 4
#: Above this many events, automatic cutoffs are first fitted on the last this many (a pilot fit whose
#: parameters also start the full EM), so that the pairs of all events are listed once or twice, not at
#: every growth of the cutoffs.
PILOT_EVENTS = 100_000
#: Starting point of EM.
INITIAL_THETA = 0.2
#: A branching ratio above this is reported as nearly explosive.
EXPLOSIVE_THETA = 0.9
#: Below this median number of events per occupied cell, the per-cell background overfits.
SPARSE_CELL_EVENTS = 3.0
#: Adaptive background: each event's kernel reaches its k-th nearest neighbouring event.
DEFAULT_BACKGROUND_NEIGHBOURS = 5
#: Pairs per chunk of the E-step (its float64 temporaries stay in the processor's cache).
PAIR_CHUNK = 32_768
#: Search range of omega in the M-step (per day).
OMEGA_BOUNDS = (1e-4, 1e3)
#: A gap before AS_OF longer than a day in which the average rate gives this many events ends the fit
#: at the last event (see :func:`_fit_end`).
GAP_EVENTS = 10.0
MIN_GAP_DAYS = 1.0
#: The same-place parts (a location precision) are fitted only when at least this share of the events
#: share their exact place with another: otherwise no pair can inform them and the fit is one Gaussian's.
MIN_STACKED_SHARE = 0.01
#: Units of a forecast surface.
FORECAST_UNITS = "expected events per cell over the horizon"


@dataclass(frozen=True)
class SeppOptions:
    """Fitting options (units in the names' comments); 0 cutoffs mean automatic."""

    time_cutoff: float = 0.0  # days; 0 = automatic (up to 90)
    space_cutoff: float = 0.0  # metres; 0 = automatic (up to 2,000)
    background_smoothing: float = 0.0  # metres: one kernel std for every event; 0 = adaptive kernels
    seasonality: str = "none"  # one of SEASONALITY_CHOICES
    max_iterations: int = 200
    tolerance: float = 1e-5  # log-likelihood gain per event below which EM stops
    background_neighbours: int = DEFAULT_BACKGROUND_NEIGHBOURS  # k of the adaptive kernels; 0 = per cell
    location_precision: float = DEFAULT_LOCATION_PRECISION  # metres; 0 = one Gaussian, no same-place share

    def __post_init__(self) -> None:
        for name in ("time_cutoff", "space_cutoff", "background_smoothing", "location_precision"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a number >= 0 (0 = automatic or none), got {value}")
        if self.location_precision > MAX_LOCATION_PRECISION:
            raise ValueError(f"location_precision must be at most {MAX_LOCATION_PRECISION:g} m (a place known "
                             f"more coarsely is an area, not a point), got {self.location_precision:g}: give the "
                             "geocoding precision in metres, or 0 for one Gaussian trigger")
        if self.seasonality not in SEASONALITY_CHOICES:
            raise ValueError(f"seasonality must be one of {', '.join(SEASONALITY_CHOICES)}, "
                             f"got {self.seasonality!r}")
        if int(self.max_iterations) != self.max_iterations or self.max_iterations < 1:
            raise ValueError(f"max_iterations must be a whole number >= 1, got {self.max_iterations}")
        object.__setattr__(self, "max_iterations", int(self.max_iterations))
        if not (math.isfinite(self.tolerance) and self.tolerance >= 0):
            raise ValueError(f"tolerance must be a number >= 0, got {self.tolerance}")
        if int(self.background_neighbours) != self.background_neighbours or self.background_neighbours < 0:
            raise ValueError(f"background_neighbours must be a whole number >= 0 (0 = one rate per cell), "
                             f"got {self.background_neighbours}")
        object.__setattr__(self, "background_neighbours", int(self.background_neighbours))

    @property
    def weekly(self) -> bool:
        return self.seasonality in ("weekly", "weekly+yearly")

    @property
    def yearly(self) -> bool:
        return self.seasonality in ("yearly", "weekly+yearly")

    @property
    def per_cell_background(self) -> bool:
        """True for the grid model of Mohler et al. (2015): no kernels, nothing held out."""
        return self.background_smoothing == 0 and self.background_neighbours == 0

    def background_bandwidths(self, x: np.ndarray, y: np.ndarray, grid: Grid) -> np.ndarray:
        """Each event's background kernel standard deviation in metres (0: its own cell)."""
        if self.background_smoothing > 0:
            return np.full(np.size(x), float(self.background_smoothing))
        if self.background_neighbours > 0:
            return adaptive_bandwidths(x, y, self.background_neighbours, MIN_BANDWIDTH_CELLS * grid.cell_size)
        return np.zeros(np.size(x))


@dataclass
class SeppFit:
    """A fitted SEPP. Times in days since 1970-01-01, distances in metres.

    ``background`` is events per day in each cell (zero outside the mask) when the
    seasonal factor is 1; ``events`` are the fitted events in time order and
    ``background_probability[k]`` the probability that ``events`` k is background
    (``source_index[k]`` is its index in the events given to :func:`fit_sepp`) and
    ``background_bandwidth[k]`` the standard deviation of its background kernel in metres
    (0: its own cell).
    """

    theta: float
    omega: float  # per day
    sigma: float  # metres
    log_likelihood: float
    iterations: int
    converged: bool
    n_events: int
    n_pairs: int
    background_probability: np.ndarray
    background: np.ndarray
    seasonal: SeasonalFactors
    grid: Grid
    events: EventSet
    source_index: np.ndarray
    start: float
    end: float
    time_cutoff: float
    space_cutoff: float
    options: SeppOptions
    warnings: list[str] = field(default_factory=list)
    background_bandwidth: np.ndarray = field(default_factory=lambda: np.zeros(0))
    same_place: float = 0.0  # share of the offspring at their parent's place (0 without a location precision)
    place_share: float = 0.0  # share of the background at the events' own places (0 without)
    stacked_share: float = 0.0  # share of the fitted events at the exact place of another

    @property
    def trigger(self) -> SpatialTrigger:
        """Where the offspring land: same-place share, near-repeat spread, location precision."""
        return SpatialTrigger(self.sigma, self.same_place, self.options.location_precision)

    @property
    def mean_delay(self) -> float:
        """Mean delay between an event and its repeats, days (1 / omega)."""
        return 1.0 / self.omega

    @property
    def background_rate(self) -> float:
        """Background events per day over the study area (at seasonal factor 1)."""
        return float(self.background.sum())

    def as_parameters(self) -> dict[str, Any]:
        """Plain, JSON-serialisable parameters for reports and raster metadata."""
        per_cell = self.options.per_cell_background
        bandwidth = self.background_bandwidth
        parameters: dict[str, Any] = {
            "method": "SEPP (Mohler et al. 2015, " + ("grid background)" if per_cell else
                                                      "kernel background, held-out periods)"),
            "theta": float(self.theta),
            "omega_per_day": float(self.omega),
            "mean_delay_days": float(self.mean_delay),
            "sigma_m": float(self.sigma),
            "same_place_share": float(self.same_place),
            "location_precision_m": float(self.options.location_precision),
            "background_same_place_share": float(self.place_share),
            "stacked_share": float(self.stacked_share),
            "background_rate_per_day": self.background_rate,
            "background_share": float(self.background_probability.mean()),
            "log_likelihood": float(self.log_likelihood),
            "iterations": int(self.iterations),
            "converged": bool(self.converged),
            "n_events": int(self.n_events),
            "n_pairs": int(self.n_pairs),
            "fit_start": _date_text(self.start),
            "fit_end": _date_text(self.end),
            "time_cutoff_days": float(self.time_cutoff),
            "space_cutoff_m": float(self.space_cutoff),
            "background_smoothing_m": float(self.options.background_smoothing),
            "background_neighbours": int(self.options.background_neighbours),
            "background_bandwidth_median_m": float(np.median(bandwidth)) if bandwidth.size else 0.0,
            "seasonality": self.options.seasonality,
        }
        parameters.update(self.seasonal.as_parameters())
        return parameters


@dataclass(frozen=True)
class _Data:
    """The events a fit uses, sorted by time, with what the EM steps need of them."""

    events: EventSet
    source_index: np.ndarray
    cell: np.ndarray  # flat grid index of each event
    start: float
    end: float
    pieces: DayPieces  # calendar days of the window, for seasonal integrals
    kernels: GridKernels  # each event's background kernel over the cells, by held-out period
    periods: tuple[DayPieces, ...]  # calendar days of each held-out period
    places: PlaceKernels | None = None  # the background's same-place part (a location precision and kernels)
    stacked_share: float = 0.0  # share of the events at the exact place of another

    def __len__(self) -> int:
        return len(self.events)


@dataclass(frozen=True)
class _State:
    """Model parameters during EM."""

    theta: float
    omega: float
    sigma: float
    background: np.ndarray  # events per day per cell, [rows, cols]
    seasonal: SeasonalFactors
    event_rate: np.ndarray  # per event: its cell's background (held out with kernels) for the E-step
    same_place: float = 0.0  # share of the offspring at their parent's place
    place_share: float = 0.0  # share of the background at the events' own places
    place_rate: np.ndarray | None = None  # per event: that part's held-out rate per m^2 (times the share)

    def trigger(self, options: SeppOptions) -> SpatialTrigger:
        return SpatialTrigger(self.sigma, self.same_place, options.location_precision)


@dataclass(frozen=True)
class _Expectation:
    """E-step output: background probabilities, the log-likelihood of the state, and the sums over
    pairs of the offspring probabilities p_ij, p_ij dt_ij and p_ij d2_ij that the M-step needs."""

    p_background: np.ndarray  # per event
    offspring: float  # sum of p_ij (both components)
    delay_sum: float  # sum of p_ij dt_ij (days; both components)
    distance_sum: float  # sum of p_ij d2_ij over the near-repeat component (square metres)
    log_likelihood: float
    same_offspring: float = 0.0  # sum of p_ij over the same-place component
    place_background: float = 0.0  # sum over events of the probability of being background at their place


def _date_text(days: float) -> str:
    return str(datetime64_from_days(days))


# ---------------------------------------------------------------------------------------------
# Input checks


def _prepare(events: EventSet, grid: Grid, start: float | None, end: float | None,
             options: SeppOptions) -> tuple[_Data, list[str]]:
    """Keep the timed events inside the grid and window, sorted by time, with their background
    kernels and held-out periods; say what was dropped."""
    notes = []
    timed = np.isfinite(events.t)
    if not timed.any():
        raise ValueError("the events have no times: SEPP needs a date (and ideally a time) for every "
                         "event; choose the date field or drop undated events")
    if (~timed).any():
        notes.append(f"{int((~timed).sum())} events without a time were left out")
    first, last = float(events.t[timed].min()), float(events.t[timed].max())
    start = first if start is None else float(start)
    end = last if end is None else float(end)
    if not (math.isfinite(start) and math.isfinite(end) and end > start):
        raise ValueError(f"the fitting window must have end > start, got {start} to {end}: "
                         "give a later end or an earlier start")
    in_window = timed & (events.t >= start) & (events.t <= end)
    if (timed & ~in_window).any():
        notes.append(f"{int((timed & ~in_window).sum())} events outside the fitting window were left out")
    cell = grid.flat_index(events.x, events.y)
    on_grid = in_window & (cell >= 0)
    if (in_window & ~on_grid).any():
        notes.append(f"{int((in_window & ~on_grid).sum())} events outside the grid or mask were left out")
    if on_grid.sum() < MIN_EVENTS:
        raise ValueError(f"only {int(on_grid.sum())} dated events inside the grid and window; SEPP needs at "
                         f"least {MIN_EVENTS}: widen the period, the extent or the category filter")
    index = np.flatnonzero(on_grid)
    index = index[np.argsort(events.t[index], kind="stable")]
    kept = events.subset(index)
    edges, bounds = period_bounds(kept.t, start, end)
    kernels = grid_kernels(kept.x, kept.y, grid, options.background_bandwidths(kept.x, kept.y, grid), bounds)
    stacked = stacked_share(kept.x, kept.y)
    places = None
    if options.location_precision > 0 and not options.per_cell_background and stacked >= MIN_STACKED_SHARE:
        places = PlaceKernels.of(kept.x, kept.y, bounds, cell[index], grid.inside, options.location_precision)
    data = _Data(events=kept, source_index=index, cell=cell[index], start=start, end=end,
                 pieces=DayPieces.of_window(start, end), kernels=kernels,
                 periods=tuple(DayPieces.of_window(a, b) for a, b in zip(edges[:-1], edges[1:])), places=places,
                 stacked_share=stacked)
    if np.all(data.events.t == np.floor(data.events.t)):
        notes.append("event times are whole days: same-day repeats cannot trigger each other and the "
                     "mean delay is only approximate")
    return data, notes


def _check_forecast_window(as_of: float, horizon: float) -> None:
    if not math.isfinite(as_of):
        raise ValueError(f"AS_OF must be a date (days since 1970-01-01), got {as_of}")
    if not (math.isfinite(horizon) and horizon > 0):
        raise ValueError(f"the forecast horizon must be a positive number of days, got {horizon}")


# ---------------------------------------------------------------------------------------------
# EM steps


@dataclass(frozen=True)
class _Reach:
    """How much of each event's delay kernel the window can hold, ``min(T - t_i, cutoff)``: most
    events reach the whole cutoff, so they are counted, not summed one by one."""

    whole: int  # events that reach the whole cutoff
    cutoff: float
    partial: np.ndarray  # the reach of the others (the last ``cutoff`` days)

    @classmethod
    def of(cls, data: _Data, time_cutoff: float) -> "_Reach":
        reach = data.end - data.events.t
        partial = reach[reach < time_cutoff]
        return cls(reach.size - partial.size, float(time_cutoff), partial)

    def exposure(self, omega: float) -> float:
        """``sum_i (1 - exp(-omega reach_i))``: the expected offspring per unit of theta inside the window."""
        return self.whole * -math.expm1(-omega * self.cutoff) + float(np.sum(-np.expm1(-omega * self.partial)))


@dataclass(frozen=True)
class _PairGroups:
    """The pairs' runs by later event (the candidate child), each block cut into chunks of about
    :data:`PAIR_CHUNK` pairs that never split a run: the E-step works chunk by chunk in cache."""

    pairs: ClosePairs
    children: np.ndarray  # the events that have candidate parents, ascending
    offsets: np.ndarray  # where each block's children start in ``children``
    chunks: tuple[np.ndarray, ...]  # per block: chunk k holds its runs chunks[k] to chunks[k + 1]

    @classmethod
    def of(cls, pairs: ClosePairs) -> "_PairGroups":
        chunks = []
        for block in pairs.blocks:
            marks = np.searchsorted(block.heads[:-1], np.arange(0, len(block), PAIR_CHUNK), side="left")
            chunks.append(np.unique(np.concatenate([marks, [block.children.size]])))
        sizes = [block.children.size for block in pairs.blocks]
        return cls(pairs=pairs, children=pairs.children, offsets=np.cumsum([0] + sizes)[:-1], chunks=tuple(chunks))

    def kernel_sums(self, omega: float, variance: float) -> tuple[np.ndarray, ...]:
        """Per child: ``sum_i k_ij``, ``sum_i k_ij dt_ij`` and ``sum_i k_ij d2_ij`` with
        ``k_ij = exp(-omega dt_ij - d2_ij / (2 variance))`` (float64, whatever the pairs' storage).

        Blocks run on :data:`~.pairs.THREADS` threads (numpy releases the GIL in its loops); each writes
        its own children's sums, so the result does not depend on the threads."""
        sums = np.empty((3, self.children.size))
        scale = 0.5 / variance

        def block_sums(index: int) -> None:
            block, offset, chunks = self.pairs.blocks[index], self.offsets[index], self.chunks[index]
            size = int(np.max(np.diff(block.heads[chunks]))) if chunks.size > 1 else 0
            kernel, term = np.empty(size), np.empty(size)
            for first, last in zip(chunks[:-1], chunks[1:]):
                a, b = block.heads[first], block.heads[last]
                starts = block.heads[first:last] - a
                dt, d2 = block.dt[a:b], block.d2[a:b]
                k, w = kernel[:b - a], term[:b - a]
                np.multiply(dt, -omega, out=k, dtype=np.float64)
                np.multiply(d2, scale, out=w, dtype=np.float64)
                k -= w
                np.exp(k, out=k)
                where = slice(offset + first, offset + last)
                sums[0, where] = np.add.reduceat(k, starts)
                np.multiply(k, dt, out=w, dtype=np.float64)
                sums[1, where] = np.add.reduceat(w, starts)
                np.multiply(k, d2, out=w, dtype=np.float64)
                sums[2, where] = np.add.reduceat(w, starts)

        in_threads(block_sums, len(self.pairs.blocks))
        return sums[0], sums[1], sums[2]


def _expectation(state: _State, data: _Data, groups: _PairGroups, same: SamePlacePairs, reach: _Reach,
                 grid: Grid, options: SeppOptions) -> _Expectation:
    """Declustering probabilities (summed over pairs) and the log-likelihood of ``state``.

    With ``C = theta omega (1 - q) / (2 pi v)`` (``v`` the near component's variance),
    ``p_ij = C k_ij / lambda_j`` and ``lambda_j = mu_j + C sum_i k_ij`` (plus the same-place component's
    terms, alike with ``q`` and ``2 epsilon^2``): the sums over pairs are per-child kernel sums over ``lambda_j``."""
    t = data.events.t
    trigger = state.trigger(options)
    factor = state.seasonal.at(t)
    background = state.event_rate / grid.cell_area * factor
    if state.place_rate is not None:
        place = state.place_rate * factor
        background += place
    near_variance = trigger.near_variance
    # Single Gaussian: theta omega / (2 pi sigma sigma), in the order of the fits before the same-place parts.
    scale = (state.theta * state.omega / (2.0 * math.pi * state.sigma * state.sigma) if not trigger.two_components
             else state.theta * state.omega * (1.0 - trigger.same_place) / (2.0 * math.pi * near_variance))
    kernel, delay, distance = groups.kernel_sums(state.omega, near_variance)
    rate = background.copy()
    rate[groups.children] += scale * kernel
    same_offspring = same_delay = 0.0
    if len(same) and trigger.same_place > 0:
        same_scale = state.theta * state.omega * trigger.same_place / (2.0 * math.pi * trigger.same_variance)
        same_kernel, same_dt = same.kernel_sums(state.omega, trigger.same_variance, len(data))
        rate += same_scale * same_kernel
    rate = np.maximum(rate, np.finfo(np.float64).tiny)
    if len(same) and trigger.same_place > 0:
        same_weight = same_scale / rate
        same_offspring, same_delay = float(np.sum(same_weight * same_kernel)), float(np.sum(same_weight * same_dt))
    weight = scale / rate[groups.children]
    place_background = float(np.sum(place / rate)) if state.place_rate is not None else 0.0
    compensator = (state.background.sum() * state.seasonal.integral(data.pieces)
                   + state.theta * reach.exposure(state.omega))
    log_likelihood = float(np.sum(np.log(rate))) - compensator
    # np.sum, not np.dot: BLAS sums in a thread-dependent order, and the fit must not depend on the process.
    return _Expectation(p_background=background / rate, offspring=float(np.sum(weight * kernel)) + same_offspring,
                        delay_sum=float(np.sum(weight * delay)) + same_delay,
                        distance_sum=float(np.sum(weight * distance)), log_likelihood=log_likelihood,
                        same_offspring=same_offspring, place_background=place_background)


def _background_update(weights: np.ndarray, seasonal: SeasonalFactors, data: _Data,
                       options: SeppOptions,
                       place_share: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Background rate per cell from the events' background weights, the rate of each event's cell for
    the E-step (held out from its period with kernels, in-sample per cell), and with a same-place part
    (:class:`.sepp_background.PlaceKernels`, a ``place_share`` of the background) each event's held-out
    place rate per m^2 (None without)."""
    exposure = np.array([seasonal.integral(period) for period in data.periods])
    if options.per_cell_background:
        background = data.kernels.spread(weights) / exposure.sum()
        return background, background.ravel()[data.cell], None
    background, event_rate = data.kernels.rates(weights, exposure)
    if data.places is None:
        return background, event_rate, None
    place_map, place_rate = data.places.rates(weights, exposure)
    return ((1.0 - place_share) * background + place_share * place_map, (1.0 - place_share) * event_rate,
            place_share * place_rate)


def _delay_update(offspring: float, delay_sum: float, reach: _Reach, omega: float) -> tuple[float, float]:
    """Edge-corrected (theta, omega): maximise offspring log(theta omega) - omega delay_sum
    - theta sum(1 - exp(-omega reach)) over omega, with theta at its optimum for each omega."""

    def negative_profile(log_omega: float) -> float:
        w = math.exp(log_omega)
        return -(offspring * log_omega - w * delay_sum - offspring * math.log(max(reach.exposure(w), 1e-300)))

    bounds = (math.log(OMEGA_BOUNDS[0]), math.log(OMEGA_BOUNDS[1]))
    found = minimize_scalar(negative_profile, bounds=bounds, method="bounded", options={"xatol": 1e-10})
    best = math.exp(found.x) if found.fun <= negative_profile(math.log(omega)) else omega
    return offspring / reach.exposure(best), best


def _maximisation(state: _State, expectation: _Expectation, data: _Data, reach: _Reach,
                  options: SeppOptions) -> _State:
    """Closed-form M-step (one proportional-fitting sweep for the seasonal factors)."""
    t = data.events.t
    seasonal = state.seasonal
    if options.weekly or options.yearly:
        seasonal = seasonal.refit(t, expectation.p_background, data.pieces, options.weekly, options.yearly)
    background_total = float(np.sum(expectation.p_background))
    place_share = expectation.place_background / background_total if background_total > 0 else state.place_share
    background, event_rate, place_rate = _background_update(expectation.p_background, seasonal, data, options,
                                                            place_share)
    offspring = expectation.offspring
    if offspring <= 1e-9:
        return _State(0.0, state.omega, state.sigma, background, seasonal, event_rate, state.same_place,
                      place_share, place_rate)
    trigger = state.trigger(options).updated(offspring - expectation.same_offspring, expectation.distance_sum,
                                             expectation.same_offspring)
    theta, omega = _delay_update(offspring, expectation.delay_sum, reach, state.omega)
    return _State(theta, omega, trigger.sigma, background, seasonal, event_rate, trigger.same_place, place_share,
                  place_rate)


@dataclass(frozen=True)
class _Run:
    state: _State
    expectation: _Expectation
    iterations: int
    converged: bool
    last_gain: float


def _run_em(state: _State, data: _Data, pairs: ClosePairs, time_cutoff: float, grid: Grid,
            options: SeppOptions, report: ProgressReporter, done_before: int) -> _Run:
    """EM from ``state`` until the log-likelihood gain per event drops below the tolerance."""
    reach = _Reach.of(data, time_cutoff)
    groups = _PairGroups.of(pairs)
    same = SamePlacePairs.of(pairs, state.trigger(options))
    previous = -math.inf
    gain = math.inf
    for iteration in range(options.max_iterations + 1):
        expectation = _expectation(state, data, groups, same, reach, grid, options)
        gain = (expectation.log_likelihood - previous) / len(data)
        if abs(gain) < options.tolerance:
            return _Run(state, expectation, iteration, True, gain)
        if iteration == options.max_iterations:
            break
        previous = expectation.log_likelihood
        state = _maximisation(state, expectation, data, reach, options)
        report(0.02 + 0.96 * min(1.0, (done_before + iteration + 1) / options.max_iterations))
    return _Run(state, expectation, options.max_iterations, False, gain)


# ---------------------------------------------------------------------------------------------
# Fitting


def _initial_state(data: _Data, time_cutoff: float, space_cutoff: float, options: SeppOptions,
                   guess: _State | None = None) -> _State:
    """theta 0.2, mean delay a quarter of the time cutoff, sigma a quarter of the space cutoff, a fifth of the
    offspring at the same place with a location precision (or the ``guess``'s theta, omega, sigma and share),
    background from every event with weight 1 - theta."""
    same_place = INITIAL_SAME_PLACE if options.location_precision > 0 else 0.0
    place_share = INITIAL_SAME_PLACE if data.places is not None else 0.0
    theta, omega, sigma = (INITIAL_THETA, 4.0 / time_cutoff, space_cutoff / 4.0) if guess is None else (
        guess.theta, guess.omega, guess.sigma)
    if guess is not None:
        same_place, place_share = guess.same_place, guess.place_share
    flat = SeasonalFactors.flat()
    background, event_rate, place_rate = _background_update(np.full(len(data), 1.0 - min(theta, 0.9)), flat, data,
                                                            options, place_share)
    return _State(theta, omega, sigma, background, flat, event_rate, same_place, place_share, place_rate)


def _cutoffs_needed(state: _State, options: SeppOptions, time_cutoff: float,
                    space_cutoff: float) -> tuple[float, float]:
    """Automatic cutoffs grow to cover ten mean delays and four sigmas, within their caps."""
    if options.time_cutoff == 0:
        time_cutoff = max(time_cutoff, min(AUTO_TIME_CUTOFF_MAX, DELAYS_COVERED / state.omega))
    if options.space_cutoff == 0:
        space_cutoff = max(space_cutoff, min(AUTO_SPACE_CUTOFF_MAX, SIGMAS_COVERED * state.sigma))
    return time_cutoff, space_cutoff


def _cutoffs_grow(needed: tuple[float, float], current: tuple[float, float]) -> bool:
    """True when the cutoffs needed pass the current ones by more than 5%."""
    return needed[0] > current[0] * 1.05 or needed[1] > current[1] * 1.05


def _fit_warnings(state: _State, run: _Run, options: SeppOptions, data: _Data,
                  time_cutoff: float, space_cutoff: float) -> list[str]:
    notes = []
    if state.theta >= EXPLOSIVE_THETA:
        notes.append(f"theta = {state.theta:.2f}: nearly every event is a repeat; the process is close to "
                     "explosive and forecasts are unreliable")
    elif state.theta < 0.01:
        notes.append(f"theta = {state.theta:.3f}: almost no repeat or near-repeat effect was found; the "
                     "forecast is essentially the background")
    if not run.converged:
        notes.append(f"EM did not converge in {options.max_iterations} iterations (last log-likelihood "
                     f"change {run.last_gain:.2g} per event); raise max_iterations or the tolerance")
    if DELAYS_COVERED / state.omega > time_cutoff * 1.05:
        notes.append(f"the time cutoff ({time_cutoff:.0f} days) is under ten mean delays "
                     f"({1 / state.omega:.1f} days each): repeats at longer delays are ignored")
    if SIGMAS_COVERED * state.sigma > space_cutoff * 1.05:
        notes.append(f"the space cutoff ({space_cutoff:.0f} m) is under four sigmas ({state.sigma:.0f} m "
                     "each): repeats further away are ignored")
    occupied = np.bincount(data.cell)
    typical = float(np.median(occupied[occupied > 0]))
    if options.per_cell_background and typical < SPARSE_CELL_EVENTS:
        notes.append(f"few events per cell (median {typical:g} in occupied cells): the per-cell background "
                     "overfits and theta tends to be underestimated; use the adaptive background "
                     "(background_neighbours 5) or larger cells")
    if options.yearly and data.end - data.start < 365.0:
        notes.append("yearly seasonality from less than a year of data: months not observed keep factor 1")
    return notes


def _guard_pairs(events: EventSet, grid: Grid, start: float | None, end: float | None,
                 options: SeppOptions) -> None:
    """Refuse, before any work that grows with density (e.g. nearest neighbours of stacked events), more
    close pairs than the memory guard allows among the events the fit would use."""
    used = grid.contains(events.x, events.y) & np.isfinite(events.t)
    if start is not None:
        used &= events.t >= start
    if end is not None:
        used &= events.t <= end
    check_pair_count(events.t[used], events.x[used], events.y[used],
                     options.time_cutoff or AUTO_TIME_CUTOFF_START, options.space_cutoff or AUTO_SPACE_CUTOFF_START)


@dataclass(frozen=True)
class _Rounds:
    run: _Run  # the last round's
    iterations: int  # counted from the ``done_before`` given
    n_pairs: int
    cutoffs: tuple[float, float]


def _fit_rounds(state: _State, data: _Data, grid: Grid, options: SeppOptions, report: ProgressReporter,
                cutoffs: tuple[float, float], done_before: int) -> _Rounds:
    """EM within ``cutoffs``; automatic cutoffs grow (and the pairs are listed anew) until they cover
    the fitted kernel or :data:`MAX_CUTOFF_ROUNDS` rounds have run."""
    t, x, y = data.events.t, data.events.x, data.events.y
    iterations = done_before
    for round_ in range(MAX_CUTOFF_ROUNDS):
        pairs = None  # the previous round's pairs are freed before the new ones are listed
        pairs = close_pairs(t, x, y, *cutoffs, lambda done: report(0.02 * done))
        report(0.02)
        run = _run_em(state, data, pairs, cutoffs[0], grid, options, report, iterations)
        state, iterations = run.state, iterations + run.iterations
        needed = _cutoffs_needed(state, options, *cutoffs)
        if not _cutoffs_grow(needed, cutoffs):
            break
        cutoffs = needed
    return _Rounds(run=run, iterations=iterations, n_pairs=len(pairs), cutoffs=cutoffs)


def fit_sepp(events: EventSet, grid: Grid, options: SeppOptions | None = None, *,
             start: float | None = None, end: float | None = None,
             progress: ProgressCallback | None = None) -> SeppFit:
    """Fit the SEPP by EM to the dated events inside ``grid`` (and its mask) in ``[start, end]``.

    Events outside the window are left out and the fit's ``warnings`` say how many.

    Parameters
    ----------
    events : EventSet
        Events with times (days since 1970-01-01) and coordinates in metres.
    grid : Grid
        The grid of the background; its mask is the study area.
    options : SeppOptions, optional
        Cutoffs, background, seasonality and EM settings; None for the defaults.
    start, end : float, optional
        The observation window (days since 1970-01-01); default the first and last event times.
    progress : callable, optional
        ``progress(fraction) -> bool``; returning False raises :class:`~.progress.Cancelled`.

    Returns
    -------
    SeppFit

    Raises
    ------
    ValueError
        On unusable input (too few events, no time, a bad option), naming the fix.
    """
    options = options or SeppOptions()
    report = ProgressReporter(progress)
    _guard_pairs(events, grid, start, end, options)
    data, notes = _prepare(events, grid, start, end, options)
    if data.stacked_share < MIN_STACKED_SHARE:  # no place shared: nothing to fit the same-place parts on
        options = replace(options, location_precision=0.0)
    cutoffs = (options.time_cutoff or AUTO_TIME_CUTOFF_START, options.space_cutoff or AUTO_SPACE_CUTOFF_START)
    guess, done = None, 0
    if (options.time_cutoff == 0 or options.space_cutoff == 0) and len(data) > PILOT_EVENTS:
        pilot, _ = _prepare(data.events, grid, float(data.events.t[-PILOT_EVENTS]), data.end, options)
        rounds = _fit_rounds(_initial_state(pilot, *cutoffs, options), pilot, grid, options, report, cutoffs, 0)
        guess, done = rounds.run.state, rounds.iterations
        # Cutoffs that already cover the pilot's estimate, lest a slightly different full estimate list all pairs twice.
        needed = _cutoffs_needed(guess, options, *rounds.cutoffs)
        cutoffs = (max(rounds.cutoffs[0], needed[0]), max(rounds.cutoffs[1], needed[1]))
        del pilot, rounds
    rounds = _fit_rounds(_initial_state(data, *cutoffs, options, guess), data, grid, options, report, cutoffs, done)
    state, run, (time_cutoff, space_cutoff) = rounds.run.state, rounds.run, rounds.cutoffs
    report(1.0)
    return SeppFit(
        theta=state.theta, omega=state.omega, sigma=state.sigma,
        log_likelihood=run.expectation.log_likelihood, iterations=rounds.iterations - done,
        converged=run.converged, n_events=len(data), n_pairs=rounds.n_pairs, background_probability=run.expectation.p_background,
        background=state.background, seasonal=state.seasonal, grid=grid, events=data.events,
        source_index=data.source_index, start=data.start, end=data.end,
        time_cutoff=time_cutoff, space_cutoff=space_cutoff, options=options,
        warnings=notes + _fit_warnings(state, run, options, data, time_cutoff, space_cutoff),
        background_bandwidth=data.kernels.bandwidth, same_place=state.same_place, place_share=state.place_share,
        stacked_share=data.stacked_share,
    )


# ---------------------------------------------------------------------------------------------
# Forecasting


def triggered_counts(grid: Grid, t: np.ndarray, x: np.ndarray, y: np.ndarray, as_of: float,
                     horizon: float, theta: float, omega: float, sigma: float,
                     time_cutoff: float = math.inf, chunk: int = 2048, *, same_place: float = 0.0,
                     precision: float = 0.0) -> np.ndarray:
    """Expected direct offspring per cell over ``[as_of, as_of + horizon)`` of events at ``t < as_of``.

    Each event contributes ``theta (exp(-omega a) - exp(-omega b))`` with ``a = as_of - t``
    and ``b = min(a + horizon, time_cutoff)``, spread by its Gaussian integrated over
    each cell (separable: a product of two differences of normal CDFs): a share ``same_place``
    by the location precision alone, the rest by the near-repeat spread too
    (:class:`.sepp_trigger.SpatialTrigger`). The offspring of events born within the horizon
    are :func:`.sepp_cascade.cascade`'s.

    Parameters
    ----------
    grid : Grid
    t, x, y : ndarray of float
        Times (days) and coordinates (metres) of the past events.
    as_of : float
        Forecast start (days).
    horizon : float
        Days forecast.
    theta, omega, sigma : float
        Repeats per event, decay per day, spatial spread of the near repeats in metres.
    time_cutoff : float, default inf
        Longest delay (days) at which an event still triggers.
    chunk : int, default 2048
        Events handled at a time (bounds the memory).
    same_place, precision : float, default 0
        Share of the repeats at their parent's place, and the location precision in metres.

    Returns
    -------
    ndarray of float64, shape (rows, cols)
    """
    t = np.asarray(t, dtype=np.float64)
    if np.any(t >= as_of):
        raise ValueError("look-ahead: an event at or after AS_OF was given to the forecast")
    age = as_of - t
    weight = theta * (np.exp(-omega * age) - np.exp(-omega * np.minimum(age + horizon, time_cutoff)))
    trigger = SpatialTrigger(sigma, same_place, precision)
    return sum((spread_points(grid, x, y, weight * share, trigger.spread(k), chunk)
                for k, share in enumerate(step_mixture(1, same_place)) if share > 0), np.zeros(grid.shape))


def _same_geometry(a: Grid, b: Grid) -> bool:
    return (a.xmin, a.ymax, a.cell_size, a.rows, a.cols) == (b.xmin, b.ymax, b.cell_size, b.rows, b.cols)


def expected_events(fit: SeppFit, grid: Grid, as_of: float, horizon: float,
                    events: EventSet | None = None) -> RiskSurface:
    """Expected events per cell over ``[as_of, as_of + horizon)``.

    Triggering comes from ``events`` (default: the fitted events) strictly before
    ``as_of``; later events are never looked at.

    Parameters
    ----------
    fit : SeppFit
    grid : Grid
        The fitting grid (its mask may differ: cells outside it are NaN).
    as_of : float
        Forecast start (days since 1970-01-01); not before the end of the fitting window, or
        the parameters would have seen the future.
    horizon : float
        Days forecast.
    events : EventSet, optional
        The history that triggers repeats; None for the fitted events.

    Returns
    -------
    RiskSurface
        Expected events per cell, with the fitted and forecast parameters and the fit's warnings.
    """
    _check_forecast_window(as_of, horizon)
    if not _same_geometry(grid, fit.grid):
        raise ValueError("the forecast grid differs from the grid the model was fitted on "
                         "(origin, cell size or shape): fit again on this grid")
    if as_of < fit.end:
        raise ValueError(f"AS_OF ({_date_text(as_of)}) is before the end of the fitting window "
                         f"({_date_text(fit.end)}): the model has seen later events; fit on events "
                         "before AS_OF (forecast_sepp does)")
    source = fit.events if events is None else events
    history = source.before(as_of)
    if len(history) == 0:
        raise ValueError(f"no history before AS_OF ({_date_text(as_of)}): choose a later AS_OF "
                         "or events that start earlier")
    end = as_of + horizon
    pieces = DayPieces.of_window(as_of, end)
    background = fit.background * fit.seasonal.integral(pieces)
    trigger = fit.trigger
    triggered = triggered_counts(grid, history.t, history.x, history.y, as_of, horizon,
                                 fit.theta, fit.omega, fit.sigma, fit.time_cutoff,
                                 same_place=trigger.same_place, precision=trigger.precision)
    factors = fit.seasonal.weekday[pieces.weekday] * fit.seasonal.month[pieces.month]
    offspring = cascade(grid, as_of - history.t, history.x, history.y, fit.background, factors, pieces.length,
                        fit.theta, fit.omega, trigger, fit.time_cutoff)
    values = background + triggered + offspring.total
    parameters = fit.as_parameters()
    parameters.update({
        "as_of": _date_text(as_of), "horizon_days": float(horizon),
        "expected_total": float(values[grid.inside].sum()),
        "expected_background": float(background[grid.inside].sum()),
        # math.fsum: exactly rounded, so the figures do not depend on how numpy blocks its sums.
        "expected_offspring_of_history": math.fsum((triggered + offspring.from_history)[grid.inside]),
        "expected_offspring_of_background": math.fsum(offspring.from_background[grid.inside]),
        "cascade_generations": int(offspring.generations),
        "history_events": len(history),
    })
    return RiskSurface(values=values.astype(np.float32), grid=grid, units=FORECAST_UNITS,
                       parameters=parameters, warnings=list(fit.warnings))


def forecast_sepp(events: EventSet, grid: Grid, as_of: float, horizon: float = 7.0,
                  options: SeppOptions | None = None, *,
                  progress: ProgressCallback | None = None) -> RiskSurface:
    """Fit on the events strictly before ``as_of`` and forecast ``horizon`` days from it.

    The one call a Processing algorithm needs; the fitting window runs from the first event to ``as_of``.

    Parameters
    ----------
    events : EventSet
        Dated events; those on or after ``as_of`` are never read.
    grid : Grid
    as_of : float
        Forecast start in days since 1970-01-01 (see :func:`~.events.days_from_datetime64`).
    horizon : float, default 7.0
        Days forecast.
    options : SeppOptions, optional
        None for the defaults.
    progress : callable, optional
        ``progress(fraction) -> bool``; returning False raises :class:`~.progress.Cancelled`.

    Returns
    -------
    RiskSurface
        Expected events per cell over the horizon (see :func:`expected_events`).
    """
    _check_forecast_window(as_of, horizon)
    if not np.isfinite(events.t).any():
        raise ValueError("the events have no times: SEPP needs a date for every event; choose the date field")
    history = events.before(as_of)
    if len(history) == 0:
        raise ValueError(f"no history before AS_OF ({_date_text(as_of)}): choose a later AS_OF")
    end, gap_note = _fit_end(history.t, as_of)
    fit = fit_sepp(history, grid, options, end=end, progress=progress)
    if gap_note:
        fit.warnings.append(gap_note)
    return expected_events(fit, grid, as_of, horizon)


def _fit_end(t: np.ndarray, as_of: float) -> tuple[float, str | None]:
    """End of the fitting window: ``as_of``, unless the events stop so long before it that the average
    rate would have given :data:`GAP_EVENTS` events in between (the data end there: an extract that
    stops early). A background constant over a window whose tail holds no event is too low at every
    event, and EM makes up for it with repeats (``theta`` above 1 after months); so the window then
    ends at the last event, and a note says so."""
    t = t[np.isfinite(t)]
    first, last = float(t.min()), float(t.max())
    gap = as_of - last
    expected = t.size * gap / max(last - first, MIN_GAP_DAYS)
    if gap <= MIN_GAP_DAYS or expected < GAP_EVENTS:
        return as_of, None
    return last, (f"no event in the {gap:.0f} days before AS_OF, where about {expected:.0f} were expected: "
                  f"the model is fitted up to the last event ({_date_text(last)}); its repeats still fade "
                  "over the gap in the forecast")
