"""p-values of neighbourhood sums (Gi*, space-time Gi*) valid at any density.

A Gi*-type statistic of test ``i`` is the weighted sum ``T_i = sum_j w_ij y_j`` of the values
``y`` of its neighbourhood (a cell and its neighbours, or bins over cells x time steps). Given
the neighbourhood's make-up (how many neighbours carry each weight), the Gi* z-score is an
increasing function of ``T_i``, so a test on ``T_i`` is a test on z. The null hypothesis is
Getis & Ord's (1992) total randomisation: the values of a neighbourhood are a random draw from
the values of the whole study area. Three ways to get the null distribution of ``T_i``:

* **exact** (default whenever it applies): the values are drawn independently from the
  study area's empirical distribution (with replacement; without replacement differs by terms
  of order ``k / n``, negligible when the study area holds many more cells than a
  neighbourhood). The distribution of ``T_i`` is then the convolution of the per-weight
  distributions, computed by FFT once per distinct neighbourhood make-up (a handful: full
  neighbourhoods, and those truncated at the grid edge or the mask), never per cell. Values
  and weights live on an integer lattice: counts are integers (step ``h = 1``; values that are
  all multiples of a round step such as 0.5 use that step; other values, e.g. sums of
  fractional event weights, are rounded to 1/1000 of their range, and the log says so),
  binary weights are 1, other
  weights are rounded to multiples of ``1 / WEIGHT_LEVELS`` (0.01), in the null and in the
  observed statistic alike, so the test is exact for the statistic it computes. Skewed and overdispersed counts are handled as they are:
  the distribution is the empirical one, not a Poisson or normal model.
* **permutation**: conditional randomisation as in PySAL esda and GeoDa (Anselin 1995): each of
  ``permutations`` random draws (seeded) picks ``k`` distinct study-area values for a
  neighbourhood of ``k`` cells; the same draws serve every cell of a given make-up (as esda's
  ``crand`` shares draws), so the cost does not grow with the grid. Pseudo p-value
  ``(b + 1) / (permutations + 1)``, ``b`` the draws at least as extreme. The smallest p-value
  possible is ``1 / (permutations + 1)``: on large grids the false discovery rate correction
  then finds few cells, which is why the exact test is preferred.
* **normal**: Ord & Getis (1995) z-scores against the standard normal. On sparse, skewed counts
  its upper tail is far too light (false hot spots); it is used automatically only when the
  exact lattice would be too large and the null distribution of every neighbourhood sum is
  nearly symmetric (skewness at most ``NORMAL_MAX_SKEW``), i.e. on dense counts.

``automatic`` picks exact when the lattice is small enough (``LATTICE_MAX`` points), else
normal when adequate, else permutation. p-values are two-sided:
``p = min(1, 2 min(P(T >= t), P(T <= t)))`` (one-sided tails, no mid-p correction, so the test
is conservative on discrete data: its size never exceeds the nominal level); the smaller tail
gives the direction (hot or cold).

**Cold spots.** The lowest possible value of ``T_i`` is reached when the whole neighbourhood
holds the study area's smallest count (usually 0). When even that is not significant, no cell
can be a cold spot: at 0.02 events per cell and 13 cells per neighbourhood, an empty
neighbourhood has probability 0.77. :attr:`TailTest.lowest_cold_p` gives the smallest
two-sided p-value a cold cell can reach.

References
----------
Getis, A., & Ord, J. K. (1992). The analysis of spatial association by use of distance
statistics. Geographical Analysis 24(3), 189-206.
Ord, J. K., & Getis, A. (1995). Local spatial autocorrelation statistics: distributional
issues and an application. Geographical Analysis 27(4), 286-306.
Anselin, L. (1995). Local indicators of spatial association - LISA. Geographical Analysis
27(2), 93-115 (conditional randomisation).
Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1), 289-300.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from scipy.fft import irfft, next_fast_len, rfft
from scipy.special import ndtr

__all__ = [
    "INFERENCES", "DEFAULT_PERMUTATIONS", "WEIGHT_LEVELS", "LATTICE_MAX", "NORMAL_MAX_SKEW",
    "Transform", "TailTest", "weight_classes", "check_inference", "neighbourhood_test", "tail_p_values",
]

#: Inference choices, as the ``inference`` argument spells them.
INFERENCES = ("automatic", "exact", "permutation", "normal")
DEFAULT_PERMUTATIONS = 999
#: Lattice steps per unit of weight x count step for non-binary weights.
WEIGHT_LEVELS = 100
#: Fewest lattice steps per unit of weight before the exact test gives up (weights too coarse).
MIN_WEIGHT_LEVELS = 10
#: Largest lattice (points of the distribution of one neighbourhood sum) for the exact test.
LATTICE_MAX = 1 << 20
#: Largest null skewness of a neighbourhood sum for which the normal approximation is used.
NORMAL_MAX_SKEW = 0.1
#: Round value steps tried (largest first) when the values are not all integers.
VALUE_STEPS = (1.0, 0.5, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01)
#: Values per range used when the values sit on no round step and the exact test is forced.
FORCED_VALUE_LEVELS = 1000
_ON_LATTICE = 1e-6

#: Human-readable names of the methods, for logs.
METHOD_NAMES = {
    "exact": "exact (convolution of the study area's count distribution)",
    "permutation": "conditional permutations",
    "normal": "normal approximation of z",
}


def check_inference(value: str) -> str:
    if value not in INFERENCES:
        raise ValueError(f"unknown inference {value!r}: use one of {', '.join(INFERENCES)}")
    return value


def weight_classes(kernel: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """The distinct positive weights of ``kernel`` (largest first), each with its 0/1 indicator kernel."""
    rounded = np.round(np.asarray(kernel, dtype=np.float64), 9)
    return [(float(w), (rounded == w).astype(np.float64)) for w in np.unique(rounded[rounded > 0])[::-1]]


@dataclass(frozen=True)
class Transform:
    """``round?(scale * (v - shift))`` applied to values before they are summed over a neighbourhood.

    ``scale == 0`` means "1 for every study-area value" (counting neighbours).
    """

    scale: float = 1.0
    shift: float = 0.0
    rounded: bool = False

    @property
    def is_identity(self) -> bool:
        return self.scale == 1.0 and self.shift == 0.0 and not self.rounded

    @property
    def counts_neighbours(self) -> bool:
        return self.scale == 0.0

    def __call__(self, values: np.ndarray) -> np.ndarray:
        if self.counts_neighbours:
            return np.ones(np.shape(values))
        out = self.scale * (np.asarray(values, dtype=np.float64) - self.shift)
        return np.rint(out) if self.rounded else out


ONES = Transform(scale=0.0)

#: ``class_sum(transform, c)``: per test, the sum of ``transform(value)`` over the
#: neighbourhood members of weight class ``c`` (any array shape, the same for every call).
ClassSum = Callable[[Transform, int], np.ndarray]


@dataclass
class TailTest:
    """Two-sided p-values and directions of every test, and what was run."""

    p: np.ndarray  # float64, NaN where z is NaN
    direction: np.ndarray  # int8: +1 upper tail (hot), -1 lower tail (cold)
    method: str  # "exact", "permutation" or "normal"
    lowest_cold_p: float  # smallest two-sided p-value an all-minimum neighbourhood reaches
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def cold_spots_possible(self) -> bool:
        """False when no neighbourhood, even one holding only the minimum count, reaches p <= 0.10."""
        return self.lowest_cold_p <= 0.10


def tail_p_values(upper: np.ndarray, lower: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided p ``min(1, 2 min(upper, lower))`` and direction (+1 when the upper tail is smaller)."""
    p = np.minimum(1.0, 2.0 * np.minimum(upper, lower))
    return p, np.where(upper <= lower, 1, -1).astype(np.int8)


@dataclass
class _Makeups:
    """The distinct neighbourhood make-ups: ``table[u, c]`` neighbours of weight class ``c``;
    ``order`` sorts the tests by make-up and ``bounds[u]:bounds[u+1]`` slices make-up ``u``."""

    table: np.ndarray
    order: np.ndarray
    bounds: np.ndarray

    @classmethod
    def of(cls, class_sum: ClassSum, n_classes: int) -> "_Makeups":
        key = np.zeros(0)
        columns = []
        for c in range(n_classes):
            columns.append(np.rint(class_sum(ONES, c)).astype(np.int64).ravel())
        key = np.zeros(columns[0].size, dtype=np.int64)
        for column in columns:
            key = key * (int(column.max()) + 1) + column
        unique, inverse = np.unique(key, return_inverse=True)
        first = np.unique(inverse, return_index=True)[1]
        table = np.stack([column[first] for column in columns], axis=1)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(unique.size + 1))
        return cls(table=table, order=order, bounds=bounds)

    def groups(self):
        """``(u, test indices)`` of each make-up."""
        for u in range(self.table.shape[0]):
            yield u, self.order[self.bounds[u]:self.bounds[u + 1]]


def _value_step(y: np.ndarray) -> float | None:
    """The largest round step of which every value is a multiple, or None."""
    for step in VALUE_STEPS:
        scaled = y / step
        if np.all(np.abs(scaled - np.rint(scaled)) <= _ON_LATTICE * np.maximum(1.0, scaled)):
            return step
    return None


def _lattice_levels(weights: np.ndarray, top: float, makeups: _Makeups) -> int | None:
    """Lattice steps per unit of weight x value step, or None when the lattice would be too large."""
    binary = weights.size == 1 and weights[0] == 1.0
    levels = 1 if binary else WEIGHT_LEVELS
    while True:
        sizes = 1 + makeups.table @ np.rint(levels * weights * top)
        if sizes.max() <= LATTICE_MAX:
            return levels
        if binary or levels // 2 < MIN_WEIGHT_LEVELS:
            return None
        levels //= 2


def _null_skewness(y: np.ndarray, weights: np.ndarray, makeups: _Makeups) -> float:
    """Largest skewness of a neighbourhood sum of independent draws, over the make-ups."""
    centred = y - y.mean()
    variance = float(np.mean(centred ** 2))
    if variance <= 0:
        return np.inf
    skew = float(np.mean(centred ** 3)) / variance ** 1.5
    s2 = makeups.table @ weights ** 2
    s3 = makeups.table @ weights ** 3
    return float(np.max(np.abs(skew) * s3 / np.maximum(s2, 1e-300) ** 1.5))


def _exact(y: np.ndarray, weights: np.ndarray, makeups: _Makeups, class_sum: ClassSum, shift: float,
           step: float, levels: int, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, float]:
    """Upper and lower tail probabilities of every test, and the lowest lower tail."""
    units = np.rint(y / step).astype(np.int64)  # values in lattice steps
    integer_weights = np.rint(levels * weights).astype(np.int64)
    pmfs = [np.bincount(weight * units) / y.size for weight in integer_weights]
    observed = np.zeros(int(np.prod(shape)), dtype=np.int64)
    for c, weight in enumerate(integer_weights):
        observed += weight * np.rint(class_sum(Transform(1.0 / step, shift, rounded=True), c)).astype(np.int64).ravel()
    upper = np.full(observed.size, np.nan)
    lower = np.full(observed.size, np.nan)
    lowest = 1.0
    for u, tests in makeups.groups():
        counts = makeups.table[u]
        size = 1 + int(sum(m * (pmf.size - 1) for m, pmf in zip(counts, pmfs)))
        n_fft = next_fast_len(size, real=True)
        spectrum = np.ones(n_fft // 2 + 1, dtype=complex)
        for m, pmf in zip(counts, pmfs):
            if m:
                spectrum *= rfft(pmf, n_fft) ** m
        pmf = np.clip(irfft(spectrum, n_fft)[:size], 0.0, None)
        at_least = np.cumsum(pmf[::-1])[::-1]
        at_most = np.cumsum(pmf)
        values = np.clip(observed[tests], 0, size - 1)
        upper[tests] = np.minimum(1.0, at_least[values])
        lower[tests] = np.minimum(1.0, at_most[values])
        lowest = min(lowest, float(at_most[0]))
    return upper.reshape(shape), lower.reshape(shape), lowest


def _permutation(y: np.ndarray, weights: np.ndarray, makeups: _Makeups, class_sum: ClassSum, shift: float,
                 permutations: int, seed: int | None,
                 shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, float]:
    """Pseudo p-value tails (b + 1) / (permutations + 1) from draws shared by each make-up."""
    if not (isinstance(permutations, (int, np.integer)) and permutations >= 1):
        raise ValueError(f"permutations must be a whole number of at least 1, got {permutations}")
    rng = np.random.default_rng(seed)
    k_max = int(makeups.table.sum(axis=1).max())
    draws = np.stack([rng.choice(y.size, k_max, replace=k_max > y.size) for _ in range(permutations)])
    drawn = y[draws]
    observed = np.zeros(int(np.prod(shape)))
    for c, weight in enumerate(weights):
        observed += weight * class_sum(Transform(1.0, shift), c).ravel()
    tolerance = 1e-9 * max(1.0, float(np.abs(y).max()) * float(makeups.table.sum(axis=1).max()))
    upper = np.full(observed.size, np.nan)
    lower = np.full(observed.size, np.nan)
    lowest = 1.0
    for u, tests in makeups.groups():
        member_weights = np.repeat(weights, makeups.table[u])
        null = np.sort(drawn[:, :member_weights.size] @ member_weights)
        values = observed[tests]
        upper[tests] = (permutations - np.searchsorted(null, values - tolerance, "left") + 1) / (permutations + 1)
        lower[tests] = (np.searchsorted(null, values + tolerance, "right") + 1) / (permutations + 1)
        lowest = min(lowest, (np.searchsorted(null, tolerance, "right") + 1) / (permutations + 1))
    return upper.reshape(shape), lower.reshape(shape), lowest


def _normal_lowest(y: np.ndarray, weights: np.ndarray, makeups: _Makeups) -> float:
    """Lower normal tail of an all-minimum neighbourhood, smallest over the make-ups."""
    n = y.size
    w = makeups.table @ weights
    s1 = makeups.table @ weights ** 2
    spread = np.sqrt(np.maximum((n * s1 - w * w) / (n - 1), 1e-300))
    z = -y.mean() * w / (y.std() * spread)
    return float(ndtr(z.min()))


def neighbourhood_test(values: np.ndarray, weights: np.ndarray, class_sum: ClassSum, z: np.ndarray,
                       inference: str = "automatic", permutations: int = DEFAULT_PERMUTATIONS,
                       seed: int | None = None) -> TailTest:
    """Two-sided p-values of the neighbourhood sums of every test.

    ``values``: every value of the study area (cells, or bins of a cube): the null draws from
    them. ``weights``: the distinct weights of the kernel (see :func:`weight_classes`).
    ``class_sum``: see :data:`ClassSum`. ``z``: the Gi* z-scores of the tests (their shape is the
    tests' shape; a NaN z, an undefined statistic, gets a NaN p).
    """
    check_inference(inference)
    y_raw = np.asarray(values, dtype=np.float64).ravel()
    weights = np.asarray(weights, dtype=np.float64)
    z = np.asarray(z)
    shift = float(y_raw.min())
    y = y_raw - shift
    makeups = _Makeups.of(class_sum, weights.size)
    step = _value_step(y)
    details: dict[str, Any] = {}
    method = inference
    levels = None
    if inference in ("automatic", "exact"):
        lattice_step = step if step is not None else float(y.max()) / FORCED_VALUE_LEVELS
        levels = _lattice_levels(weights, float(y.max()) / lattice_step, makeups)
        if inference == "exact" and levels is None:
            raise ValueError("the exact test needs a lattice larger than "
                             f"{LATTICE_MAX:,} points for these counts: use the permutation or normal inference")
        if levels is not None:
            method = "exact"
            step = lattice_step
        elif _null_skewness(y, weights, makeups) <= NORMAL_MAX_SKEW:
            method = "normal"
            details["inference_reason"] = "dense counts: neighbourhood sums nearly symmetric"
        else:
            method = "permutation"
            details["inference_reason"] = "counts too large and skewed for the exact lattice"
    if method == "exact":
        upper, lower, lowest = _exact(y, weights, makeups, class_sum, shift, step, levels, z.shape)
        details.update({"lattice_step": step / levels, "values_rounded": _value_step(y) is None})
    elif method == "permutation":
        upper, lower, lowest = _permutation(y, weights, makeups, class_sum, shift, permutations, seed, z.shape)
        details.update({"permutations": int(permutations), "seed": seed})
    else:
        upper, lower, lowest = ndtr(-z), ndtr(z), _normal_lowest(y, weights, makeups)
    p, direction = tail_p_values(upper, lower)
    p = np.where(np.isnan(z), np.nan, p)
    details.update({"inference": METHOD_NAMES[method], "neighbourhood_makeups": int(makeups.table.shape[0])})
    return TailTest(p=p, direction=direction, method=method, lowest_cold_p=min(1.0, 2.0 * lowest), details=details)
