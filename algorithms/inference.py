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
Anselin, L. (1995). Local indicators of spatial association - LISA. Geographical Analysis
27(2), 93-115 (conditional randomisation).
Getis & Ord (1992), Ord & Getis (1995) and Benjamini & Hochberg (1995): full references in
:mod:`.gistar`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from scipy.fft import irfft, next_fast_len, rfft
from scipy.signal import fftconvolve
from scipy.special import ndtr

__all__ = [
    "INFERENCES", "DEFAULT_PERMUTATIONS", "WEIGHT_LEVELS", "LATTICE_MAX", "NORMAL_MAX_SKEW",
    "Transform", "TailTest", "Makeups", "KernelSum", "weight_classes", "spatial_makeups", "reweighted_kernel",
    "reuses_sums", "check_inference", "ValueCounts", "NullModel", "prepare_test", "finished_test",
    "neighbourhood_test", "tail_p_values",
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
#: Probability below which the far upper tail of a sum is left out of the exact computation.
TAIL_NEGLIGIBLE = 1e-15
#: Most tail-table entries kept at once by the exact test (else one neighbourhood make-up at a time).
_TABLE_ENTRIES = 1 << 24
#: Tests looked up together in the tail tables.
_LOOKUP_CHUNK = 1 << 22
#: Largest null skewness of a neighbourhood sum for which the normal approximation is used.
NORMAL_MAX_SKEW = 0.1
#: Round value steps tried (largest first) when the values are not all integers.
VALUE_STEPS = (1.0, 0.5, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01)
#: Lattice steps over the range of the values when they sit on no round step (they are rounded).
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


def reweighted_kernel(kernel: np.ndarray, weights: np.ndarray, class_weights: np.ndarray) -> np.ndarray:
    """``kernel`` with each member of weight ``weights[c]`` given ``class_weights[c]`` instead."""
    rounded = np.round(np.asarray(kernel, dtype=np.float64), 9)
    out = np.zeros(rounded.shape)
    for weight, new in zip(weights, class_weights):
        out[rounded == round(float(weight), 9)] = new
    return out


def reuses_sums(transform: "Transform", weights: np.ndarray, class_weights: np.ndarray) -> bool:
    """True when ``kernel_sum(transform, class_weights)`` is, once rounded, the plain neighbourhood
    sum (binary weights, whole counts from 0): a caller may return the sums it already has."""
    return (transform == Transform(1.0, 0.0, rounded=True) and weights.size == 1
            and float(weights[0]) == 1.0 and float(class_weights[0]) == 1.0)


@dataclass(frozen=True)
class Transform:
    """``round?(scale * (v - shift))`` applied to values before they are summed over a neighbourhood."""

    scale: float = 1.0
    shift: float = 0.0
    rounded: bool = False

    def __call__(self, values: np.ndarray) -> np.ndarray:
        out = self.scale * (np.asarray(values, dtype=np.float64) - self.shift)
        return np.rint(out) if self.rounded else out


#: ``kernel_sum(transform, class_weights)``: per test, the sum of ``transform(value)`` over its
#: neighbourhood, each member weighted by ``class_weights[c]`` of its weight class ``c`` (one
#: convolution with the kernel ``sum_c class_weights[c] * indicator_c``); any array shape, the
#: tests' shape.
KernelSum = Callable[[Transform, np.ndarray], np.ndarray]


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
class Makeups:
    """The distinct neighbourhood make-ups: ``table[u, c]`` members of weight class ``c`` in
    make-up ``u``; ``inverse`` (flat, one per test) the make-up of each test."""

    table: np.ndarray
    inverse: np.ndarray

    def groups(self):
        """``(u, flat test indices)`` of each make-up some test has."""
        small = self.inverse.astype(np.uint16) if self.table.shape[0] <= 1 << 16 else self.inverse
        order = np.argsort(small, kind="stable")  # a radix sort on 16-bit keys
        bounds = np.searchsorted(self.inverse[order], np.arange(self.table.shape[0] + 1))
        for u in range(self.table.shape[0]):
            if bounds[u + 1] > bounds[u]:
                yield u, order[bounds[u]:bounds[u + 1]]

    def over_time_table(self, time_neighbours: int) -> np.ndarray:
        """Make-ups of space-time bins: the spatial make-up ``s`` times the number of steps ``w + 1``
        of the bin's window, as row ``s * (time_neighbours + 1) + w``."""
        factors = np.arange(1, time_neighbours + 2)
        return (self.table[:, None, :] * factors[None, :, None]).reshape(-1, self.table.shape[1])

    def step_inverse(self, steps: np.ndarray, time_neighbours: int, n_rows: int) -> np.ndarray:
        """Space-time make-up of each bin ``[steps, tests]`` (a window of ``min(step, time_neighbours) + 1``
        steps); ``n_rows`` the rows of :meth:`over_time_table`."""
        span = time_neighbours + 1
        dtype = np.int32 if n_rows < 1 << 31 else np.int64
        window = np.minimum(np.asarray(steps), time_neighbours).astype(dtype)
        return self.inverse.astype(dtype)[None, :] * span + window[:, None]

    def present_over_time(self, time_neighbours: int, n_steps: int) -> np.ndarray:
        """Rows of :meth:`over_time_table` some bin of a cube of ``n_steps`` steps has."""
        spatial = np.flatnonzero(np.bincount(self.inverse, minlength=self.table.shape[0]))
        windows = np.arange(min(n_steps - 1, time_neighbours) + 1)
        return (spatial[:, None] * (time_neighbours + 1) + windows[None, :]).ravel()

    def over_time(self, time_neighbours: int, n_steps: int) -> "Makeups":
        """Make-ups of space-time bins ``[n_steps, tests]`` (all steps at once)."""
        table = self.over_time_table(time_neighbours)
        return Makeups(table=table, inverse=self.step_inverse(np.arange(n_steps), time_neighbours,
                                                              table.shape[0]).ravel())


def _unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(rows, axis=0, return_inverse=True)``, through a random hash of each row (checked)."""
    multipliers = np.random.default_rng(0).integers(1, 1 << 62, rows.shape[1], dtype=np.int64)
    keys = rows.astype(np.int64) @ multipliers  # wraps around: a hash
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    unique = rows[first]
    if not np.array_equal(unique[inverse.ravel()], rows):  # a collision: the slow way
        unique, inverse = np.unique(rows, axis=0, return_inverse=True)
    return unique, inverse.ravel()


def spatial_makeups(inside: np.ndarray, kernel: np.ndarray) -> tuple[np.ndarray, Makeups]:
    """Distinct weights of ``kernel`` and the make-up of the neighbourhood of every cell
    ``inside`` (row-major order), truncated at the mask and the grid edge.

    Cells whose whole neighbourhood lies inside share the full make-up; only the others
    (near an edge) are inspected, offset by offset.
    """
    classes = weight_classes(kernel)
    weights = np.array([w for w, _ in classes])
    reach_r, reach_c = kernel.shape[0] // 2, kernel.shape[1] // 2
    member_rows, member_cols = np.nonzero(np.round(kernel, 9) > 0)
    member_class = np.array([next(c for c, (_, ind) in enumerate(classes) if ind[r, k])
                             for r, k in zip(member_rows, member_cols)])
    full_row = np.bincount(member_class, minlength=len(classes))
    members = fftconvolve(inside.astype(np.float64), (np.round(kernel, 9) > 0).astype(np.float64), mode="same")
    truncated = np.rint(members[inside]) < member_rows.size
    rows, cols = np.nonzero(inside)
    rows, cols = rows[truncated], cols[truncated]
    counts = np.zeros((rows.size, len(classes)), dtype=np.int32)
    for dr, dc, c in zip(member_rows - reach_r, member_cols - reach_c, member_class):
        r, k = rows + dr, cols + dc
        valid = (r >= 0) & (r < inside.shape[0]) & (k >= 0) & (k < inside.shape[1])
        valid[valid] = inside[r[valid], k[valid]]
        counts[:, c] += valid
    unique, inverse_t = _unique_rows(counts)
    inverse = np.zeros(truncated.size, dtype=np.int32)
    inverse[truncated] = 1 + inverse_t.ravel()
    return weights, Makeups(table=np.vstack([full_row[None, :], unique]).astype(np.int64), inverse=inverse)


def _value_step(y: np.ndarray) -> float | None:
    """The largest round step of which every value is a multiple, or None."""
    for step in VALUE_STEPS:
        scaled = y / step
        if np.all(np.abs(scaled - np.rint(scaled)) <= _ON_LATTICE * np.maximum(1.0, scaled)):
            return step
    return None


def _lattice_levels(weights: np.ndarray, top: float, table: np.ndarray) -> int | None:
    """Lattice steps per unit of weight x value step, or None when the lattice would be too large."""
    binary = weights.size == 1 and weights[0] == 1.0
    levels = 1 if binary else WEIGHT_LEVELS
    while True:
        sizes = 1 + table @ np.rint(levels * weights * top)
        if sizes.max() <= LATTICE_MAX:
            return levels
        if binary or levels // 2 < MIN_WEIGHT_LEVELS:
            return None
        levels //= 2


@dataclass
class ValueCounts:
    """The values of the study area as the null draws from them: the distinct values (in the
    data's dtype), how many tests hold each, and ``take(flat indices)`` giving the values at
    those positions (row-major over the tests; the permutation test draws positions)."""

    values: np.ndarray
    counts: np.ndarray
    take: Callable[[np.ndarray], np.ndarray]

    @property
    def size(self) -> int:
        return int(self.counts.sum())

    @classmethod
    def of_array(cls, values: np.ndarray) -> "ValueCounts":
        flat = np.asarray(values).ravel()
        distinct, counts = np.unique(flat, return_counts=True)
        return cls(distinct, counts, lambda index: flat[index])

    @classmethod
    def of_parts(cls, parts, take: Callable[[np.ndarray], np.ndarray]) -> "ValueCounts":
        """From an iterable of arrays (e.g. one time step after the other), never all at once."""
        pieces = [np.unique(part, return_counts=True) for part in parts]
        distinct, inverse = np.unique(np.concatenate([v for v, _ in pieces]), return_inverse=True)
        counts = np.bincount(inverse.ravel(), weights=np.concatenate([c for _, c in pieces]))
        return cls(distinct, np.rint(counts).astype(np.int64), take)

    def moments(self) -> tuple[float, float, float]:
        """Mean, variance and third central moment (float64)."""
        v = self.values.astype(np.float64)
        share = self.counts / float(self.size)
        mean = float(share @ v)
        return mean, float(share @ (v - mean) ** 2), float(share @ (v - mean) ** 3)


def _null_skewness(values: ValueCounts, weights: np.ndarray, table: np.ndarray) -> float:
    """Largest skewness of a neighbourhood sum of independent draws, over the make-ups."""
    _, variance, third = values.moments()
    if variance <= 0:
        return np.inf
    skew = third / variance ** 1.5
    s2 = table @ weights ** 2
    s3 = table @ weights ** 3
    return float(np.max(np.abs(skew) * s3 / np.maximum(s2, 1e-300) ** 1.5))


def _chernoff_reach(pmfs: list[np.ndarray], table: np.ndarray, unit: float) -> np.ndarray:
    """Per make-up, a lattice point beyond which the sum has probability below ``TAIL_NEGLIGIBLE``
    (Chernoff bound ``P(T >= a) <= exp(log M(theta) - theta a)``, minimised over a grid of theta;
    ``M`` is the exact moment generating function of the sum, ``unit`` the lattice points of one
    event of weight 1)."""
    thetas = np.geomspace(1e-3, 50.0, 60) / unit
    log_mgf = np.empty((len(pmfs), thetas.size))
    for c, pmf in enumerate(pmfs):
        support = np.nonzero(pmf)[0]
        exponents = thetas[None, :] * support[:, None] + np.log(pmf[support])[:, None]
        top = exponents.max(axis=0)
        log_mgf[c] = top + np.log(np.exp(exponents - top).sum(axis=0))
    reach = (table @ log_mgf - np.log(TAIL_NEGLIGIBLE)) / thetas[None, :]
    return np.ceil(reach.min(axis=1)).astype(np.int64)


def _dilated(pmf: np.ndarray, factor: int) -> np.ndarray:
    """The pmf of ``factor * X`` from the pmf of ``X`` (on the integers from 0)."""
    out = np.zeros((pmf.size - 1) * factor + 1)
    out[::factor] = pmf
    return out


def _tails_of(counts: np.ndarray, log_spectra: np.ndarray, size: int, n_fft: int) -> tuple[np.ndarray, np.ndarray]:
    """``P(T >= t)`` and ``P(T <= t)`` for ``t < size`` of the sum of a make-up (``counts`` per class)."""
    pmf = np.clip(irfft(np.exp(counts @ log_spectra), n_fft)[:size], 0.0, None)
    return np.minimum(1.0, np.cumsum(pmf[::-1])[::-1]), np.minimum(1.0, np.cumsum(pmf))


class NullModel:
    """The null distribution of the neighbourhood sum of every make-up, built once; p-values of
    any batch of tests from it (:meth:`p_values`). The observed statistic of a test is the sum of
    ``transform(value)`` over its neighbourhood with ``class_weights`` (see :data:`KernelSum`);
    with ``transform`` None (normal inference) the test reads z."""

    method = "normal"
    transform: Transform | None = None
    class_weights: np.ndarray | None = None
    lowest = 1.0  # smallest lower tail of an all-minimum neighbourhood (over the make-ups looked up)

    def tails(self, inverse: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def lookup(self, inverse: np.ndarray, observed: np.ndarray, p_dtype) -> tuple[np.ndarray, np.ndarray]:
        """Two-sided p-values and directions of tests of make-ups ``inverse`` (flat)."""
        p, direction = tail_p_values(*self.tails(inverse, observed))
        return p.astype(p_dtype, copy=False), direction

    def p_values(self, inverse: np.ndarray, observed: np.ndarray | None, z: np.ndarray,
                 p_dtype=np.float64, chunk: int = _LOOKUP_CHUNK) -> tuple[np.ndarray, np.ndarray]:
        """Two-sided p-values (NaN where z is NaN) and directions of tests of make-ups ``inverse``
        (any shape, that of ``z``), by chunks of ``chunk`` tests."""
        z = np.asarray(z)
        p = np.empty(z.size, dtype=p_dtype)
        direction = np.empty(z.size, dtype=np.int8)
        flat_z, flat_inverse = z.ravel(), np.asarray(inverse).ravel()
        flat_observed = None if observed is None else np.asarray(observed).ravel()
        for first in range(0, z.size, chunk):
            part = slice(first, first + chunk)
            if flat_observed is None:
                p[part], direction[part] = tail_p_values(ndtr(-flat_z[part]), ndtr(flat_z[part]))
            else:
                p[part], direction[part] = self.lookup(flat_inverse[part], flat_observed[part], p_dtype)
        p[np.isnan(flat_z)] = np.nan
        return p.reshape(z.shape), direction.reshape(z.shape)


class _ExactNull(NullModel):
    """Exact null (see :func:`prepare_test`): tail tables of the make-ups present, all kept when they
    fit in ``_TABLE_ENTRIES``, else computed again for each chunk of tests, make-up by make-up.

    The distribution of a make-up's sum is ``irfft(exp(sum_c m_c log rfft(pmf_c)))``: one FFT per
    weight class, then one inverse FFT per make-up. The FFT covers the sum's support up to the
    point beyond which a Chernoff bound leaves less than ``TAIL_NEGLIGIBLE`` of probability (on
    skewed counts the support is many times longer); the mass left out folds back onto the
    other points by at most that much, and a test beyond gets the bound as its p-value, so
    p-values are never too small by more than ``TAIL_NEGLIGIBLE``."""

    method = "exact"

    def __init__(self, values: ValueCounts, weights: np.ndarray, table: np.ndarray, present: np.ndarray,
                 shift: float, step: float, levels: int, p_dtype=np.float64) -> None:
        integer_weights = np.rint(levels * weights).astype(np.int64)
        unit_pmf = np.bincount(np.rint(values.values / step).astype(np.int32),
                               weights=values.counts) / values.size  # values in lattice steps
        pmfs = [_dilated(unit_pmf, int(weight)) for weight in integer_weights]
        self.transform = Transform(1.0 / step, shift, rounded=True)
        self.class_weights = integer_weights.astype(np.float64)
        self.table = table
        full_sizes = 1 + table @ np.array([pmf.size - 1 for pmf in pmfs])
        self.sizes = np.minimum(full_sizes, 1 + np.maximum(_chernoff_reach(pmfs, table, levels / step), 0))
        self.n_fft = next_fast_len(int(self.sizes.max()), real=True)
        spectra = np.stack([rfft(pmf, self.n_fft) for pmf in pmfs])
        self.log_spectra = np.log(np.maximum(np.abs(spectra), 1e-300)) + 1j * np.angle(spectra)
        self.offsets = np.zeros(self.sizes.size, dtype=np.int64)
        self.offsets[present] = np.concatenate([[0], np.cumsum(self.sizes[present])[:-1]])
        self.by_groups = int(self.sizes[present].sum()) > _TABLE_ENTRIES  # huge lattices
        if self.by_groups:
            return
        # The two-sided p-value and direction of every lattice point (smaller than both tails).
        self.p_table = np.empty(int(self.sizes[present].sum()), dtype=p_dtype)
        self.direction_table = np.empty(self.p_table.size, dtype=np.int8)
        lowest = []
        for u in present:
            entries = slice(self.offsets[u], self.offsets[u] + self.sizes[u])
            at_least, at_most = _tails_of(table[u], self.log_spectra, int(self.sizes[u]), self.n_fft)
            self.p_table[entries], self.direction_table[entries] = tail_p_values(at_least, at_most)
            lowest.append(at_most[0])
        self.lowest = float(min(lowest))
        self.beyond_p, self.beyond_direction = tail_p_values(np.array([TAIL_NEGLIGIBLE]), np.array([1.0]))

    def lookup(self, inverse: np.ndarray, observed: np.ndarray, p_dtype) -> tuple[np.ndarray, np.ndarray]:
        if self.by_groups:
            return super().lookup(inverse, observed, p_dtype)
        values = np.rint(observed).astype(np.int64)
        size = self.sizes[inverse]
        index = self.offsets[inverse] + np.minimum(values, size - 1)
        beyond = values >= size
        return (np.where(beyond, self.beyond_p.astype(p_dtype), self.p_table[index]),
                np.where(beyond, self.beyond_direction, self.direction_table[index]))

    def tails(self, inverse: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Both tails, one make-up at a time (the tables are computed again for each chunk of tests)."""
        values = np.rint(observed).astype(np.int64)
        upper, lower = np.empty(values.size), np.empty(values.size)
        for u, tests in Makeups(self.table, inverse).groups():
            size = int(self.sizes[u])
            at_least, at_most = _tails_of(self.table[u], self.log_spectra, size, self.n_fft)
            inside = np.minimum(values[tests], size - 1)
            beyond = values[tests] >= size
            upper[tests] = np.where(beyond, TAIL_NEGLIGIBLE, at_least[inside])
            lower[tests] = np.where(beyond, 1.0, at_most[inside])
            self.lowest = min(self.lowest, float(at_most[0]))
        return upper, lower


class _PermutationNull(NullModel):
    """Pseudo p-value tails (b + 1) / (permutations + 1), with draws shared by each make-up."""

    method = "permutation"

    def __init__(self, values: ValueCounts, weights: np.ndarray, table: np.ndarray, present: np.ndarray,
                 shift: float, permutations: int, seed: int | None) -> None:
        if not (isinstance(permutations, (int, np.integer)) and permutations >= 1):
            raise ValueError(f"permutations must be a whole number of at least 1, got {permutations}")
        rng = np.random.default_rng(seed)
        size = values.size
        k_max = int(table.sum(axis=1).max())
        draws = np.stack([rng.choice(size, k_max, replace=k_max > size) for _ in range(permutations)])
        drawn = values.take(draws) - values.values.dtype.type(shift)
        self.transform = Transform(1.0, shift)
        self.class_weights = weights
        self.permutations = permutations
        self.tolerance = 1e-9 * max(1.0, float(np.abs(values.values - shift).max()) * k_max)
        self.nulls: dict[int, np.ndarray] = {}
        for u in present:
            member_weights = np.repeat(weights, table[u])
            self.nulls[int(u)] = np.sort(drawn[:, :member_weights.size] @ member_weights)
        self.lowest = min((np.searchsorted(null, self.tolerance, "right") + 1) / (permutations + 1)
                          for null in self.nulls.values())
        self.table = table

    def tails(self, inverse: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        upper, lower = np.empty(observed.size), np.empty(observed.size)
        for u, tests in Makeups(self.table, inverse).groups():
            null, values = self.nulls[u], observed[tests]
            upper[tests] = (self.permutations - np.searchsorted(null, values - self.tolerance, "left") + 1) / (
                self.permutations + 1)
            lower[tests] = (np.searchsorted(null, values + self.tolerance, "right") + 1) / (self.permutations + 1)
        return upper, lower


class _NormalNull(NullModel):
    """Normal approximation of z; ``lowest`` the lower tail of an all-minimum neighbourhood."""

    def __init__(self, values: ValueCounts, weights: np.ndarray, table: np.ndarray, shift: float) -> None:
        n = values.size
        mean, variance, _ = values.moments()
        w = table @ weights
        s1 = table @ weights ** 2
        spread = np.sqrt(np.maximum((n * s1 - w * w) / (n - 1), 1e-300))
        self.lowest = float(ndtr((-(mean - shift) * w / (np.sqrt(variance) * spread)).min()))


def prepare_test(values: ValueCounts, weights: np.ndarray, table: np.ndarray, present: np.ndarray,
                 inference: str = "automatic", permutations: int = DEFAULT_PERMUTATIONS,
                 seed: int | None = None, p_dtype=np.float64) -> tuple[NullModel, dict[str, Any]]:
    """The null model of the neighbourhood sums and the details to log.

    ``values``: every value of the study area (cells, or bins of a cube): the null draws from
    them. ``weights``: the distinct weights of the kernel; ``table`` the make-ups (see
    :class:`Makeups`) and ``present`` the rows some test has. ``p_dtype``: that of the p-values
    to come (the exact test keeps a table of them).
    """
    check_inference(inference)
    weights = np.asarray(weights, dtype=np.float64)
    shift = float(values.values.min())
    shifted = ValueCounts(values.values - values.values.dtype.type(shift), values.counts, values.take)
    top = float(shifted.values.max())
    step = _value_step(shifted.values)
    details: dict[str, Any] = {}
    rounded = step is None
    method = inference
    levels = None
    if inference in ("automatic", "exact"):
        lattice_step = step if step is not None else top / FORCED_VALUE_LEVELS
        levels = _lattice_levels(weights, top / lattice_step, table)
        if inference == "exact" and levels is None:
            raise ValueError("the exact test needs a lattice larger than "
                             f"{LATTICE_MAX:,} points for these counts: use the permutation or normal inference")
        if levels is not None:
            method = "exact"
            step = lattice_step
        elif _null_skewness(shifted, weights, table) <= NORMAL_MAX_SKEW:
            method = "normal"
            details["inference_reason"] = "dense counts: neighbourhood sums nearly symmetric"
        else:
            method = "permutation"
            details["inference_reason"] = "counts too large and skewed for the exact lattice"
    if method == "exact":
        null: NullModel = _ExactNull(shifted, weights, table, present, shift, step, levels, p_dtype)
        details.update({"lattice_step": step / levels, "values_rounded": rounded})
    elif method == "permutation":
        null = _PermutationNull(values, weights, table, present, shift, permutations, seed)
        details.update({"permutations": int(permutations), "seed": seed})
    else:
        null = _NormalNull(values, weights, table, shift)
    details.update({"inference": METHOD_NAMES[method], "neighbourhood_makeups": int(table.shape[0])})
    return null, details


def finished_test(null: NullModel, details: dict[str, Any], p: np.ndarray, direction: np.ndarray) -> TailTest:
    """The :class:`TailTest` of p-values and directions computed from ``null``."""
    return TailTest(p=p, direction=direction, method=null.method, lowest_cold_p=min(1.0, 2.0 * null.lowest),
                    details=details)


def neighbourhood_test(values: np.ndarray, weights: np.ndarray, makeups: Makeups, kernel_sum: KernelSum,
                       z: np.ndarray,
                       inference: str = "automatic", permutations: int = DEFAULT_PERMUTATIONS,
                       seed: int | None = None, p_dtype=np.float64) -> TailTest:
    """Two-sided p-values of the neighbourhood sums of every test.

    ``values``: every value of the study area (cells, or bins of a cube): the null draws from
    them. ``weights``: the distinct weights of the kernel and ``makeups`` the make-up of each
    test (see :func:`spatial_makeups`). ``kernel_sum``: see :data:`KernelSum`. ``z``: the Gi* z-scores of the tests (their shape is the
    tests' shape; a NaN z, an undefined statistic, gets a NaN p). ``p_dtype``: float32 halves the
    memory of p on large cubes. float32 ``values`` stay float32 (exact for counts).
    """
    values = np.asarray(values)
    values = values if values.dtype == np.float32 else values.astype(np.float64, copy=False)
    present = np.flatnonzero(np.bincount(makeups.inverse, minlength=makeups.table.shape[0]))
    null, details = prepare_test(ValueCounts.of_array(values), weights, makeups.table, present, inference,
                                 permutations, seed, p_dtype)
    observed = None if null.transform is None else kernel_sum(null.transform, null.class_weights)
    p, direction = null.p_values(makeups.inverse, observed, z, p_dtype)
    return finished_test(null, details, p, direction)
