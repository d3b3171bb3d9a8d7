"""Getis-Ord Gi* on grids: PySAL, a dense implementation of Ord & Getis (1995), closed forms."""

import warnings

import esda
import libpysal
import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.gistar import gi_star, gi_star_for_events, neighbourhood_kernel
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.stats import benjamini_hochberg, two_sided_p

CELL = 50.0


def _masked_grid() -> tuple[Grid, np.ndarray]:
    """A 30 x 30 grid of 50 m cells with holes in its mask, and clustered counts."""
    mask = np.ones((30, 30), dtype=bool)
    mask[:5, :7] = False
    mask[20:, 25:] = False
    mask[14, 14] = False
    rng = np.random.default_rng(1)
    counts = rng.poisson(2.0, (30, 30)).astype(float)
    counts[10:13, 10:13] += 6
    counts[24:27, 3:6] = 0
    return Grid(0.0, 30 * CELL, CELL, 30, 30, mask), counts


def _centres(grid: Grid) -> np.ndarray:
    xs, ys = grid.centre_grid()
    return np.column_stack([xs[grid.inside], ys[grid.inside]])


def _dense_gi_star(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Ord & Getis (1995) Gi* z with an explicit n x n weight matrix (self-weights on the diagonal)."""
    n = values.size
    mean = values.mean()
    sd = np.sqrt((values ** 2).mean() - mean ** 2)
    w_sum = weights.sum(axis=1)
    w2_sum = (weights ** 2).sum(axis=1)
    return (weights @ values - mean * w_sum) / (sd * np.sqrt((n * w2_sum - w_sum ** 2) / (n - 1)))


@pytest.mark.parametrize("neighbourhood", [CELL, 150.0, 230.0])
def test_binary_weights_match_pysal_g_local_star(neighbourhood):
    grid, counts = _masked_grid()
    result = gi_star(counts, grid, neighbourhood, weighting="binary")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = libpysal.weights.DistanceBand(_centres(grid), threshold=neighbourhood, binary=True,
                                          silence_warnings=True)
        reference = esda.G_Local(counts[grid.inside], w, star=True, transform="B", permutations=0)
    np.testing.assert_allclose(result.z[grid.inside], reference.Zs, atol=1e-6, rtol=0)
    assert np.all(np.isnan(result.z[~grid.inside]))


def test_inverse_distance_weights_match_a_dense_ord_getis_with_libpysal_weights():
    # esda.G_Local only offers binary or row-standardised weights, so the inverse-distance
    # reference is the Ord & Getis formula applied to libpysal's 1/d weights (distances in
    # cells, so 1/d is our weight) with the self-weight 1 on the diagonal.
    grid, counts = _masked_grid()
    result = gi_star(counts, grid, 180.0, weighting="inverse_distance")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = libpysal.weights.DistanceBand(_centres(grid) / CELL, threshold=180.0 / CELL, binary=False,
                                          alpha=-1.0, silence_warnings=True)
        w = libpysal.weights.fill_diagonal(w, 1.0)
    dense = w.full()[0]
    np.testing.assert_allclose(result.z[grid.inside], _dense_gi_star(counts[grid.inside], dense), atol=1e-6)


def test_closed_form_single_event_on_three_by_three():
    # n = 9, mean 1/9, s = sqrt(8)/9; the cross neighbourhood (radius one cell) gives
    # centre W = 5: z = 4/sqrt(20); edge W = 4 and holds the event's neighbour: z = 5/sqrt(20);
    # corner W = 3 and no event: z = -2/sqrt(8).
    counts = np.zeros((3, 3))
    counts[1, 1] = 1.0
    result = gi_star(counts, Grid(0.0, 30.0, 10.0, 3, 3), 10.0)
    assert result.z[1, 1] == pytest.approx(4 / np.sqrt(20))
    assert result.z[0, 1] == pytest.approx(5 / np.sqrt(20))
    assert result.z[0, 0] == pytest.approx(-2 / np.sqrt(8))
    # Inverse distance within sqrt(2) cells: the centre sees 5 cells of weight 1 and 4 of 1/sqrt(2).
    inverse = gi_star(counts, Grid(0.0, 30.0, 10.0, 3, 3), 10.0 * np.sqrt(2) + 1e-6, "inverse_distance")
    w_sum, w2_sum, s = 5 + 4 / np.sqrt(2), 5 + 4 * 0.5, np.sqrt(8) / 9
    expected = (1 - w_sum / 9) / (s * np.sqrt((9 * w2_sum - w_sum ** 2) / 8))
    assert inverse.z[1, 1] == pytest.approx(expected)


def test_inverse_distance_kernel_floors_distance_at_one_cell():
    grid = Grid(0.0, 100.0, 10.0, 10, 10)
    kernel = neighbourhood_kernel(grid, 30.0, "inverse_distance")
    assert kernel.shape == (7, 7)
    assert kernel[3, 3] == 1.0 and kernel[3, 4] == 1.0
    assert kernel[4, 4] == pytest.approx(1 / np.sqrt(2))
    assert kernel[3, 6] == pytest.approx(1 / 3) and kernel[0, 0] == 0.0


def test_cells_outside_the_mask_are_ignored():
    grid, counts = _masked_grid()
    polluted = np.where(grid.inside, counts, 1000.0)
    clean = np.where(grid.inside, counts, 0.0)
    a, b = gi_star(polluted, grid, 150.0), gi_star(clean, grid, 150.0)
    np.testing.assert_array_equal(np.isnan(a.z), ~grid.inside)
    np.testing.assert_allclose(a.z[grid.inside], b.z[grid.inside], atol=1e-9)
    assert a.parameters["n_cells"] == grid.n_inside
    assert np.all(a.classes[~grid.inside] == 0)


def test_classes_are_bh_at_each_level_and_raw_p_without_correction():
    grid, counts = _masked_grid()
    result = gi_star(counts, grid, 150.0, correction="fdr")
    p = result.p[grid.inside]
    direction = result.test.direction  # the smaller tail of the exact test: +1 hot, -1 cold
    np.testing.assert_array_equal(direction[np.abs(result.z[grid.inside]) > 1], np.sign(result.z[grid.inside])[
        np.abs(result.z[grid.inside]) > 1])
    expected = np.zeros(p.size, dtype=int)
    for code, alpha in ((1, 0.10), (2, 0.05), (3, 0.01)):
        expected = np.where(benjamini_hochberg(p, alpha)[0], code, expected)
    np.testing.assert_array_equal(result.classes[grid.inside], expected * direction)
    assert (result.classes[grid.inside] == 3).any() and (result.classes[grid.inside] < 0).any()
    raw = gi_star(counts, grid, 150.0, correction="none")
    expected_raw = np.select([p <= 0.01, p <= 0.05, p <= 0.10], [3, 2, 1], 0) * direction
    np.testing.assert_array_equal(raw.classes[grid.inside], expected_raw)
    assert sum(row["cells"] for row in raw.class_rows()) == grid.n_inside
    normal = gi_star(counts, grid, 150.0, correction="fdr", inference="normal")
    np.testing.assert_allclose(normal.p, two_sided_p(normal.z), equal_nan=True)


def test_homogeneous_poisson_counts_give_almost_no_hot_or_cold_spots():
    rng = np.random.default_rng(3)
    grid = Grid(0.0, 80 * CELL, CELL, 80, 80)
    result = gi_star(rng.poisson(3.0, grid.shape).astype(float), grid, 150.0)
    assert np.mean(result.classes != 0) < 0.01
    raw = gi_star(rng.poisson(3.0, grid.shape).astype(float), grid, 150.0, correction="none")
    assert 0.05 < np.mean(raw.classes != 0) < 0.16  # about 10% at the 90% level without correction


def test_events_entry_point_and_surfaces():
    rng = np.random.default_rng(8)
    grid = Grid(0.0, 1000.0, CELL, 20, 20)
    x = np.concatenate([rng.uniform(0, 1000, 400), rng.normal(500, 40, 200)])
    y = np.concatenate([rng.uniform(0, 1000, 400), rng.normal(500, 40, 200)])
    result = gi_star_for_events(EventSet.from_arrays(x, y), grid, 150.0)
    assert result.classes[10, 10] == 3  # the cluster at (500, 500) is a 99% hot spot
    assert result.parameters["n_events"] == 600
    surface = result.z_surface()
    assert surface.values.dtype == np.float32 and surface.units == "Gi* z-score"
    assert result.class_surface().values[10, 10] == 3.0


def test_invalid_inputs_name_the_fix():
    grid = Grid(0.0, 100.0, 10.0, 10, 10)
    with pytest.raises(ValueError, match="same count"):
        gi_star(np.full(grid.shape, 2.0), grid, 30.0)
    with pytest.raises(ValueError, match="at least one cell size"):
        gi_star(np.arange(100.0).reshape(10, 10), grid, 5.0)
    with pytest.raises(ValueError, match="smaller neighbourhood"):
        gi_star(np.arange(9.0).reshape(3, 3), Grid(0.0, 30.0, 10.0, 3, 3), 100.0)
    with pytest.raises(ValueError, match="weighting"):
        gi_star(np.arange(100.0).reshape(10, 10), grid, 30.0, weighting="gaussian")
    with pytest.raises(ValueError, match="shape"):
        gi_star(np.zeros((5, 5)), grid, 30.0)
