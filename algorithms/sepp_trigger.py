"""The spatial part of a SEPP trigger when places are recorded to a precision: same-place repeats and near repeats.

Police records put events at addresses, street centroids or snapped points (police.uk's anonymous
points, Toronto's intersections), so a burglary repeated at the same house lies at exactly the same
coordinates as the first. A single Gaussian trigger ``g`` of spread ``sigma`` (Mohler et al. 2011) then
has an unbounded likelihood: every zero-distance pair gains ``log(1 / (2 pi sigma^2))`` as ``sigma``
shrinks, so EM drives ``sigma`` to zero and the map becomes a dot map, the textbook degeneracy of
Gaussian mixtures fitted by maximum likelihood (Kiefer & Wolfowitz 1956; McLachlan & Peel 2000, 3.8).
Two changes, as a measurement-error model would make them (Carroll et al. 2006; Diggle 2003, 2.4):

* **location precision** ``epsilon`` (metres): each recorded coordinate is the true one plus an
  error of standard deviation ``epsilon``, so the offset between two records gains variance
  ``2 epsilon^2`` per axis: the trigger is convolved with it and its likelihood is bounded;
* **two components**: a share ``q`` of the offspring occur at the same place as their parent
  (repeat victimisation: Johnson & Bowers 2004; Farrell & Pease 1993), the rest ``1 - q`` spread as
  a Gaussian of ``sigma`` (near repeats). With the location error,

      g(d) = q N(d; 2 epsilon^2) + (1 - q) N(d; sigma^2 + 2 epsilon^2),

  ``N(d; v)`` the isotropic bivariate normal density of variance ``v`` per axis.

EM gives each (parent, child) pair a probability per component (:class:`SamePlacePairs` lists the
pairs close enough for the same-place component to matter); the M-step is closed form:
``q = sum p_same / sum p`` and ``sigma^2 = max(sum p_near d^2 / (2 sum p_near) - 2 epsilon^2, floor^2)``
(the maximiser of the near component's expected log-likelihood over variances of at least
``2 epsilon^2``). ``epsilon = 0`` is the single Gaussian of Mohler et al. (2011) (no same-place
component). For a forecast, ``k`` near steps and any number of same-place steps from a recorded
ancestor land at a variance ``k sigma^2 + 2 epsilon^2`` (:meth:`SpatialTrigger.spread`): same-place
steps move nothing, and the ancestor's and the descendant's record errors add once.

References
----------
Carroll, R. J., Ruppert, D., Stefanski, L. A., & Crainiceanu, C. M. (2006). Measurement Error in
Nonlinear Models, 2nd ed. Chapman & Hall.
Diggle, P. J. (2003). Statistical Analysis of Spatial Point Patterns, 2nd ed. Arnold.
Farrell, G., & Pease, K. (1993). Once bitten, twice bitten: repeat victimisation and its implications
for crime prevention. Home Office Police Research Group, paper 46.
Johnson, S. D., & Bowers, K. J. (2004). The burglary as clue to the future. European Journal of
Criminology 1(2), 237-255.
Kiefer, J., & Wolfowitz, J. (1956). Consistency of the maximum likelihood estimator in the presence of
infinitely many incidental parameters. Annals of Mathematical Statistics 27(4), 887-906.
McLachlan, G., & Peel, D. (2000). Finite Mixture Models. Wiley.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

from .pairs import ClosePairs

__all__ = ["DEFAULT_LOCATION_PRECISION", "MAX_LOCATION_PRECISION", "SIGMA_FLOOR", "INITIAL_SAME_PLACE",
           "SAME_PLACE_REACH", "SpatialTrigger", "SamePlacePairs", "step_mixture"]

#: Default location precision (metres): the standard deviation of a geocoded coordinate around the
#: place it stands for, a few metres (an address point, a building's centroid).
DEFAULT_LOCATION_PRECISION = 5.0
#: Largest location precision accepted (metres): a place known only to 100 m is an area, not a point, and
#: the same-place parts would pair every event with hundreds of others.
MAX_LOCATION_PRECISION = 100.0
#: Lower bound of the fitted near-repeat spread (metres); a fit there has no spread left.
SIGMA_FLOOR = 1e-6
#: Starting share of same-place repeats.
INITIAL_SAME_PLACE = 0.2
#: Pairs further apart than this many standard deviations of the same-place component are left out of it
#: (its density there is below exp(-18) of its peak).
SAME_PLACE_REACH = 6.0


@dataclass(frozen=True)
class SpatialTrigger:
    """Where offspring land around their parent: ``same_place`` at its place, the rest spread by ``sigma``
    metres, both blurred by the location ``precision`` (metres; 0: a single Gaussian, no same-place share)."""

    sigma: float
    same_place: float = 0.0
    precision: float = 0.0

    def __post_init__(self) -> None:
        if not (0.0 <= self.same_place <= 1.0):
            raise ValueError(f"the same-place share must lie in [0, 1], got {self.same_place}")
        if self.precision == 0 and self.same_place > 0:
            raise ValueError("a same-place share needs a location precision above 0")

    @property
    def two_components(self) -> bool:
        """True when the same-place component exists (a location precision above 0)."""
        return self.precision > 0

    @property
    def same_variance(self) -> float:
        """Variance per axis (m^2) of the offset between a parent and a same-place child: 2 epsilon^2."""
        return 2.0 * self.precision * self.precision

    @property
    def near_variance(self) -> float:
        """Variance per axis (m^2) of the offset between a parent and a near-repeat child."""
        square = self.sigma * self.sigma  # products, not pow: the same bits in every process
        return square + self.same_variance if self.precision > 0 else square

    def spread(self, near_steps: int) -> float:
        """Standard deviation per axis (m) after ``near_steps`` near steps (and any same-place ones)."""
        if self.precision == 0:
            return math.sqrt(near_steps) * self.sigma
        return math.sqrt(near_steps * self.sigma * self.sigma + self.same_variance)

    def updated(self, near_offspring: float, near_distance: float, same_offspring: float) -> "SpatialTrigger":
        """M-step from the expected offspring of each component and ``sum p_near d^2`` (m^2)."""
        total = near_offspring + same_offspring
        same_place = same_offspring / total if self.two_components and total > 0 else 0.0
        if near_offspring <= 1e-9:  # no near repeat left to estimate sigma from: keep it
            return SpatialTrigger(self.sigma, same_place, self.precision)
        variance = near_distance / (2.0 * near_offspring) - (self.same_variance if self.two_components else 0.0)
        return SpatialTrigger(math.sqrt(max(variance, SIGMA_FLOOR * SIGMA_FLOOR)), same_place, self.precision)


def step_mixture(generation: int, same_place: float) -> np.ndarray:
    """Probability that ``k`` of a generation's ``generation`` steps are near steps, k = 0..generation."""
    return binom.pmf(np.arange(generation + 1), generation, 1.0 - same_place)


@dataclass(frozen=True)
class SamePlacePairs:
    """The close pairs within :data:`SAME_PLACE_REACH` standard deviations of the same-place component:
    the later event of each, its delay (days) and squared distance (m^2), in float64."""

    child: np.ndarray
    dt: np.ndarray
    d2: np.ndarray

    @classmethod
    def of(cls, pairs: ClosePairs, trigger: SpatialTrigger) -> "SamePlacePairs":
        """Listed once per set of pairs (one comparison a pair); none without a location precision."""
        if not trigger.two_components:
            return cls(np.empty(0, np.int64), np.empty(0), np.empty(0))
        reach2 = SAME_PLACE_REACH ** 2 * trigger.same_variance
        child, dt, d2 = [], [], []
        for block in pairs.blocks:
            close = np.flatnonzero(block.d2 <= reach2)
            run = np.searchsorted(block.heads, close, side="right") - 1
            child.append(block.children[run]), dt.append(block.dt[close]), d2.append(block.d2[close])
        if not child:
            return cls(np.empty(0, np.int64), np.empty(0), np.empty(0))
        return cls(np.concatenate(child).astype(np.int64), np.concatenate(dt).astype(np.float64),
                   np.concatenate(d2).astype(np.float64))

    def __len__(self) -> int:
        return int(self.child.size)

    def kernel_sums(self, omega: float, variance: float, n_events: int) -> tuple[np.ndarray, np.ndarray]:
        """Per event: ``sum_i k_ij`` and ``sum_i k_ij dt_ij``, ``k_ij = exp(-omega dt_ij - d2_ij / (2 variance))``."""
        kernel = np.exp(-omega * self.dt - self.d2 * (0.5 / variance))
        return (np.bincount(self.child, kernel, minlength=n_events),
                np.bincount(self.child, kernel * self.dt, minlength=n_events))
