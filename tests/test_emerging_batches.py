"""The space-time Gi* computed a few time steps at a time equals the whole-cube computation."""

from __future__ import annotations

import numpy as np
import pytest

from crimerisk.algorithms import emerging
from crimerisk.algorithms.emerging import _space_time_batches, space_time_gi_star
from crimerisk.algorithms.gistar import Moments, gi_star_z, neighbourhood_kernel, weight_sums
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.inference import Transform, neighbourhood_test, reweighted_kernel, spatial_makeups
from crimerisk.algorithms.stats import fdr_cutoff


def whole_cube_reference(counts, grid, neighbourhood, time_neighbours, weighting, inference):
    """z, p and directions with every sum, make-up index and p-value of the cube held at once."""
    inside = grid.inside
    n_steps = counts.shape[0]
    moments = Moments.of_parts(lambda: (step[inside] for step in counts), what="bins")
    kernel = neighbourhood_kernel(grid, neighbourhood, weighting)
    w_sum, w2_sum = weight_sums(inside, kernel, weighting)
    factor = (np.minimum(np.arange(n_steps), time_neighbours) + 1.0)[:, None]

    def sums(kern, transform, dtype=np.float64):
        return np.concatenate([s for _, s in _space_time_batches(counts, inside, kern, time_neighbours,
                                                                  transform, dtype)])

    z = gi_star_z(sums(kernel, Transform()), factor * w_sum[inside], factor * w2_sum[inside],
                  moments).astype(np.float32)
    weights, spatial = spatial_makeups(inside, kernel)

    def kernel_sum(transform, class_weights):
        return sums(reweighted_kernel(kernel, weights, class_weights), transform,
                    np.float32 if transform.rounded else np.float64)

    return z, neighbourhood_test(counts[:, inside], weights, spatial.over_time(time_neighbours, n_steps),
                                 kernel_sum, z, inference, 99, 7, p_dtype=np.float32)


@pytest.mark.parametrize("inference", ["automatic", "permutation", "normal"])
@pytest.mark.parametrize("case", range(4))
def test_batched_space_time_gi_star_equals_whole_cube(monkeypatch, case, inference):
    monkeypatch.setattr(emerging, "_GI_STEP_BATCH", 3)  # several batches on a small cube
    rng = np.random.default_rng(100 + case)
    rows, cols, n_steps = 14 + case, 19 - case, 11 + case
    mask = rng.random((rows, cols)) > 0.25 if case % 2 else None  # holes: many truncated make-ups
    level = (0.05, 0.8, 4.0, 0.3)[case]
    counts = rng.poisson(level * rng.gamma(0.5, 2.0, (n_steps, rows, cols))).astype(np.float32)
    grid = Grid(0.0, rows * 10.0, 10.0, rows, cols, mask=mask)
    weighting = "inverse_distance" if case >= 2 else "binary"
    time_neighbours = case % 3
    gi = space_time_gi_star(counts, grid, 25.0, time_neighbours, weighting, inference=inference,
                            permutations=99, seed=7)
    z, reference = whole_cube_reference(counts, grid, 25.0, time_neighbours, weighting, inference)
    assert np.array_equal(gi.z, z, equal_nan=True)
    assert gi.p.dtype == np.float32 and np.array_equal(gi.p, reference.p, equal_nan=True)
    assert np.array_equal(gi.test.direction, reference.direction)
    assert gi.test.method == reference.method
    assert gi.test.lowest_cold_p == pytest.approx(reference.lowest_cold_p, rel=1e-9)
    assert np.nanmin(gi.p) < 0.5  # the comparison is not between empty results


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fdr_cutoff_by_rows_equals_benjamini_hochberg(monkeypatch, dtype):
    monkeypatch.setattr(emerging, "_FDR_CHUNK", 37)  # ranks over several chunks
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 1, (9, 400)) ** 3  # many small p-values: a cut-off well above the smallest
    p[rng.random(p.shape) < 0.05] = np.nan
    p[0, :25] = np.float32(0.05)  # p equal to alpha rounded to float32 (above alpha): not a candidate
    p[1, :30] = 0.001  # ties
    p = p.astype(dtype)
    for alpha in (0.05, 0.01, 0.2):
        cutoff = emerging._fdr_cutoff_by_rows(p, alpha)
        assert cutoff == fdr_cutoff(p.astype(np.float64), alpha)
        assert np.count_nonzero(p <= cutoff) > 30
    assert emerging._fdr_cutoff_by_rows(np.full((2, 5), 0.9, dtype), 0.05) == float("-inf")
