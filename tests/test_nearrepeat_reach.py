"""Near-repeat bandwidths from a reach (a Knox extent): each kernel weighs what Bowers' does at the reach."""

from __future__ import annotations

import math

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.knox import knox_test
from crimerisk.algorithms.nearrepeat import (
    bandwidths_for_reach, bandwidths_from_knox, space_weights, time_weights,
)


@pytest.mark.parametrize("kernel", ["exponential", "gaussian"])
@pytest.mark.parametrize("space_reach, time_reach, cell", [(200.0, 14.0, 50.0), (400.0, 56.0, 50.0),
                                                           (300.0, 10.0, 100.0), (60.0, 3.0, 20.0)])
def test_weight_at_the_reach_equals_the_bowers_weight(kernel, space_reach, time_reach, cell):
    space, time = bandwidths_for_reach(space_reach, time_reach, kernel, cell)
    bowers_space = 1.0 / (1.0 + space_reach / cell)  # Bowers et al. (2004): 1 / (1 + cells) ...
    bowers_time = 1.0 / (1.0 + time_reach / 7.0)  # ... times 1 / (1 + weeks)
    assert float(space_weights(np.array([space_reach]), kernel, space, cell)[0]) == pytest.approx(bowers_space)
    assert float(time_weights(np.array([time_reach]), kernel, time)[0]) == pytest.approx(bowers_time)
    # The same weight as the Bowers kernel's own at its reach.
    assert float(space_weights(np.array([space_reach]), "bowers", space_reach, cell)[0]) == pytest.approx(
        bowers_space)
    assert float(time_weights(np.array([time_reach]), "bowers", time_reach)[0]) == pytest.approx(bowers_time)


def test_bowers_keeps_the_reach_and_bad_values_are_refused():
    assert bandwidths_for_reach(400.0, 56.0, "bowers", 50.0) == (400.0, 56.0)
    with pytest.raises(ValueError, match="space reach must be a positive number"):
        bandwidths_for_reach(0.0, 14.0, "gaussian", 50.0)
    with pytest.raises(ValueError, match="kernel must be one of"):
        bandwidths_for_reach(200.0, 14.0, "quartic", 50.0)


def _planted_near_repeats(seed: int, reach: float, span: float) -> EventSet:
    """Uniform background crime plus near repeats spread uniformly within ``reach`` metres and ``span`` days."""
    rng = np.random.default_rng(seed)
    n, side, days = 1500, 3000.0, 730.0
    x, y, t = rng.uniform(0, side, n), rng.uniform(0, side, n), rng.uniform(0, days, n)
    parent = np.flatnonzero(rng.random(n) < 0.5)
    radius = reach * np.sqrt(rng.random(parent.size))
    angle = rng.uniform(0, 2 * math.pi, parent.size)
    return EventSet.from_arrays(
        np.r_[x, x[parent] + radius * np.cos(angle)], np.r_[y, y[parent] + radius * np.sin(angle)],
        t=np.r_[t, t[parent] + rng.uniform(0, span, parent.size)])


def test_bandwidths_from_a_planted_knox_signature_stay_within_the_planted_reach():
    events = _planted_near_repeats(3, 200.0, 14.0)
    result = knox_test(events, 100.0, 5, 7.0, 5, permutations=99, seed=5)
    space_reach, time_reach = bandwidths_from_knox(result)
    assert (space_reach, time_reach) == (200.0, 14.0)
    cell = 50.0
    for kernel in ("exponential", "gaussian"):
        space, time = bandwidths_for_reach(space_reach, time_reach, kernel, cell)
        assert space < 200.0 and time < 14.0
        # The kernel now weighs at most a fifth (1 / (1 + 4 cells)) beyond the planted reach, not 37-61 %.
        assert float(space_weights(np.array([200.0]), kernel, space, cell)[0]) == pytest.approx(0.2)
    # Before the conversion the reach itself was the decay length or the standard deviation.
    assert float(space_weights(np.array([200.0]), "exponential", 200.0, cell)[0]) == pytest.approx(math.exp(-1))
    assert float(space_weights(np.array([200.0]), "gaussian", 200.0, cell)[0]) == pytest.approx(math.exp(-0.5))
