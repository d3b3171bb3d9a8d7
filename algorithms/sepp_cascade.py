"""The whole cascade of a SEPP forecast: offspring of events that occur within the horizon.

For the linear Hawkes process of :mod:`.sepp` with the exponential trigger
``phi(t) = theta omega exp(-omega t)``, the expected rate ``m`` over the horizon given the
history solves the renewal equation ``m = h + phi * m`` (``*`` a convolution in time), where
``h`` is the rate the history and the background give directly. Its solution is
``m = h + sum_{g >= 1} phi^{*g} * h``, and the ``g``-fold convolution of the exponential
kernel is ``theta^g`` times the Gamma (Erlang) density of shape ``g`` and rate ``omega``.
So every event adds ``theta^g`` expected descendants of generation ``g``, born a
Gamma(``g``, ``omega``) delay later; in space each generation adds an independent Gaussian
step, so generation ``g`` lies at a Gaussian of variance ``g sigma^2`` per axis around its
ancestor. Summing over generations, with each one's mass integrated over the horizon in
closed form (regularised incomplete gamma functions ``F_g``), is exact:

* an event of the history, ``a`` days before ``as_of``: its descendants of generation ``g``
  that fall within ``[as_of, as_of + H)`` number ``theta^g exp(-omega a) F_g(H)`` (the
  first delay must exceed ``a``; by the memoryless exponential, what is left of it is again
  exponential). With the trigger cut at ``time_cutoff`` ``c`` days, the first delay must
  also be under ``c``, which removes ``theta^g exp(-omega c) F_g(H - c + a)``;
* background events born within the horizon at rate ``b(u)``: generation ``g`` numbers
  ``theta^g integral_0^H b(u) F_g(H - u) du``, in closed form with
  ``integral_0^x F_g = x F_g(x) - (g / omega) F_{g+1}(x)`` over the day pieces of the
  seasonal factor, spread from the background cells by the Gaussian of generation ``g``.

Delays within the horizon are shorter than the horizon, so the time cutoff never binds on
them when it is at least the horizon (always so with the automatic cutoffs, 30 days or
more, for horizons up to 30 days); with a shorter cutoff the cascade within the horizon is
counted with the uncut kernel, a slight overestimate. Generations are summed until the
rest is below :data:`RELATIVE_TOLERANCE` of the total (at most :data:`MAX_GENERATIONS`).

References
----------
Hawkes, A. G., & Oakes, D. (1974). A cluster process representation of a self-exciting
process. Journal of Applied Probability 11(3), 493-503.
Daley, D. J., & Vere-Jones, D. (2003). An Introduction to the Theory of Point Processes,
vol. I, 2nd ed., section 6.3 (Hawkes processes, cluster representation). Springer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.signal import fftconvolve
from scipy.special import gammainc, ndtr

from .grid import Grid
from .sepp_trigger import SpatialTrigger, step_mixture

__all__ = ["RELATIVE_TOLERANCE", "MAX_GENERATIONS", "NEGLIGIBLE", "STENCIL_SIGMAS", "HISTORY_WEIGHTS", "erlang_cdf",
           "erlang_cdf_integral", "generations", "history_generation_weights", "background_generation_weight",
           "cell_transfer", "spread_cells", "spread_points", "Cascade", "cascade"]

#: Generations are summed until the rest is below this share of the total.
RELATIVE_TOLERANCE = 1e-9
#: Most generations summed.
MAX_GENERATIONS = 1000
#: History events whose triggering has decayed below this factor are skipped.
NEGLIGIBLE = 1e-15
#: The Gaussian stencil of a background cell reaches this many standard deviations.
STENCIL_SIGMAS = 8.0
#: Most history weights (generations' near steps x events) held at once by :func:`cascade`.
HISTORY_WEIGHTS = 4_000_000


def erlang_cdf(g: int, omega: float, x: np.ndarray | float) -> np.ndarray:
    """``F_g(x)``: the Gamma(``g``, ``omega``) CDF at ``x`` days (0 for ``x <= 0``; g = 0: a step)."""
    x = np.maximum(np.asarray(x, dtype=np.float64), 0.0)
    if g == 0:
        return (x > 0).astype(np.float64)
    return gammainc(g, omega * x)


def erlang_cdf_integral(g: int, omega: float, x: np.ndarray | float) -> np.ndarray:
    """``integral_0^x F_g(v) dv`` for ``x >= 0`` (``x`` itself for ``g = 0``)."""
    x = np.maximum(np.asarray(x, dtype=np.float64), 0.0)
    if g == 0:
        return x
    return x * gammainc(g, omega * x) - (g / omega) * gammainc(g + 1, omega * x)


def generations(theta: float, omega: float, horizon: float) -> int:
    """How many generations carry all but :data:`RELATIVE_TOLERANCE` of the cascade's mass.

    Generation ``g`` weighs at most ``theta^g F_g(H)``; these terms fall once
    ``g > theta omega H``, and the rest after ``g`` is then below term(g) / (1 - ratio).
    """
    if theta <= 0:
        return 0
    total, g = 0.0, 0
    while g < MAX_GENERATIONS:
        g += 1
        term = theta ** g * float(erlang_cdf(g, omega, horizon))
        total += term
        ratio = theta * omega * horizon / (g + 1)
        if ratio < 1 and term * ratio / (1 - ratio) <= RELATIVE_TOLERANCE * total:
            break
    return g


def history_generation_weights(age: np.ndarray, horizon: float, theta: float, omega: float,
                               time_cutoff: float, g: int) -> np.ndarray:
    """Expected generation-``g`` descendants within the horizon of events ``age`` days old."""
    age = np.asarray(age, dtype=np.float64)
    weight = np.exp(-omega * age) * erlang_cdf(g, omega, horizon)
    if math.isfinite(time_cutoff):
        weight = weight - math.exp(-omega * time_cutoff) * erlang_cdf(g, omega, horizon - time_cutoff + age)
        weight = np.where(age < time_cutoff, weight, 0.0)
    return theta ** g * np.maximum(weight, 0.0)


def background_generation_weight(factors: np.ndarray, lengths: np.ndarray, theta: float, omega: float,
                                 g: int) -> float:
    """Generation-``g`` descendants within the horizon per unit of background rate.

    ``factors`` and ``lengths`` are the seasonal factor and the length (days) of each
    consecutive piece of the horizon; ``g = 0`` gives the integral of the factor itself.
    """
    bounds = np.concatenate([[0.0], np.cumsum(lengths)])
    horizon = bounds[-1]
    left = erlang_cdf_integral(g, omega, horizon - bounds[:-1])
    right = erlang_cdf_integral(g, omega, horizon - bounds[1:])
    return theta ** g * float(np.sum(factors * (left - right)))


def cell_transfer(spread_cells: float) -> np.ndarray:
    """1-D share of a uniform cell's mass landing ``k`` cells away after a Gaussian step of
    ``spread_cells`` cells: ``s (psi((k+1)/s) - 2 psi(k/s) + psi((k-1)/s))``, with
    ``psi(z) = z Phi(z) + phi(z)`` the integral of the normal CDF."""
    s = float(spread_cells)
    reach = int(math.ceil(STENCIL_SIGMAS * s)) + 1
    k = np.arange(-reach, reach + 1, dtype=np.float64)

    def psi(z: np.ndarray) -> np.ndarray:
        return z * ndtr(z) + np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)

    transfer = s * (psi((k + 1) / s) - 2 * psi(k / s) + psi((k - 1) / s))
    return np.maximum(transfer, 0.0)


def spread_cells(values: np.ndarray, spread: float) -> np.ndarray:
    """Cell values (uniform within each cell) moved by an isotropic Gaussian step of
    ``spread`` cells per axis; what leaves the grid is lost."""
    kernel = cell_transfer(spread)
    moved = fftconvolve(values, kernel[:, None], mode="same", axes=0)
    moved = fftconvolve(moved, kernel[None, :], mode="same", axes=1)
    return np.maximum(moved, 0.0)


def _cell_shares(centre: np.ndarray, edges: np.ndarray, sigma: float) -> np.ndarray:
    """Share of a 1-D Gaussian around each centre falling between consecutive edges [n, cells]."""
    cumulative = ndtr((edges[None, :] - centre[:, None]) / sigma)
    return np.abs(np.diff(cumulative, axis=1))


def spread_points(grid: Grid, x: np.ndarray, y: np.ndarray, weight: np.ndarray, sigma: float,
                  chunk: int = 2048) -> np.ndarray:
    """``weight`` at each point spread by an isotropic Gaussian of ``sigma`` metres,
    integrated exactly over each cell (separable: a product of two differences of normal
    CDFs); points of zero weight are skipped."""
    keep = np.flatnonzero(weight > 0)
    x_edges = grid.xmin + np.arange(grid.cols + 1) * grid.cell_size
    y_edges = grid.ymax - np.arange(grid.rows + 1) * grid.cell_size
    total = np.zeros(grid.shape)
    for first in range(0, keep.size, chunk):
        part = keep[first:first + chunk]
        rows = _cell_shares(np.asarray(y, dtype=np.float64)[part], y_edges, sigma) * weight[part, None]
        cols = _cell_shares(np.asarray(x, dtype=np.float64)[part], x_edges, sigma)
        total += rows.T @ cols
    return total


@dataclass(frozen=True)
class Cascade:
    """What the offspring born within the horizon add to a forecast, per cell."""

    from_history: np.ndarray  # descendants (generation >= 2 counted from a history event)
    from_background: np.ndarray  # descendants of background events born within the horizon
    generations: int

    @property
    def total(self) -> np.ndarray:
        return self.from_history + self.from_background


def cascade(grid: Grid, age: np.ndarray, x: np.ndarray, y: np.ndarray, background: np.ndarray,
            factors: np.ndarray, lengths: np.ndarray, theta: float, omega: float, sigma: float | SpatialTrigger,
            time_cutoff: float) -> Cascade:
    """Expected events per cell over the horizon from offspring born within it.

    ``age`` (days before ``as_of``), ``x`` and ``y`` locate the history events;
    ``background`` is events per day per cell at seasonal factor 1; ``factors`` and
    ``lengths`` the seasonal factor and length of each consecutive piece of the horizon.
    Generation 1 of the history (its direct offspring) is not included: see
    :func:`.sepp.triggered_counts`. ``sigma`` is the near-repeat spread in metres, or a
    :class:`.sepp_trigger.SpatialTrigger` with a same-place share: a descendant of generation ``g``
    is then ``k`` near steps away with binomial probability, and the generations are spread
    grouped by ``k`` (as many spreads as generations).
    """
    trigger = sigma if isinstance(sigma, SpatialTrigger) else SpatialTrigger(float(sigma))
    horizon = float(np.sum(lengths))
    near = np.flatnonzero((np.asarray(age) < time_cutoff) & (np.exp(-omega * np.asarray(age)) > NEGLIGIBLE))
    age, x, y = np.asarray(age)[near], np.asarray(x)[near], np.asarray(y)[near]
    last = generations(theta, omega, horizon)
    steps = [step_mixture(g, trigger.same_place) for g in range(last + 1)]  # by number of near steps
    from_history = np.zeros(grid.shape)
    chunk = max(1, HISTORY_WEIGHTS // (last + 1))
    for first in range(0, age.size, chunk):  # a [near steps, events] table per chunk of events bounds the memory
        part = slice(first, first + chunk)
        weight = np.zeros((last + 1, age[part].size))
        for g in range(2, last + 1):
            weight[:g + 1] += steps[g][:, None] * history_generation_weights(age[part], horizon, theta, omega,
                                                                            time_cutoff, g)[None, :]
        for k in np.flatnonzero(weight.any(axis=1)):
            from_history += spread_points(grid, x[part], y[part], weight[k], trigger.spread(int(k)))
    mass = np.zeros(last + 1)
    for g in range(1, last + 1):
        mass[:g + 1] += steps[g] * background_generation_weight(factors, lengths, theta, omega, g)
    from_background = np.zeros(grid.shape)
    for k in np.flatnonzero(mass > 0):
        from_background += mass[k] * spread_cells(background, trigger.spread(int(k)) / grid.cell_size)
    return Cascade(from_history=from_history, from_background=from_background, generations=last)
