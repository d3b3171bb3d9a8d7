"""SEPP background kernels: exact cell integrals, mass kept inside the mask, held-out periods,
adaptive bandwidths."""

import numpy as np
import pytest
from scipy.special import ndtr

from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.sepp_background import adaptive_bandwidths, grid_kernels, period_bounds

GRID = Grid(0.0, 1000.0, 100.0, 10, 10)


def _within_four_sigmas(low: np.ndarray, high: np.ndarray, centre: float, sigma: float) -> np.ndarray:
    """Cells [low, high) that the kernel, cut at four sigmas, reaches."""
    return (high > centre - 4 * sigma) & (low <= centre + 4 * sigma)


def test_a_kernel_is_its_gaussian_integrated_over_each_cell():
    # An event 30 m east and 25 m south of the north-west corner of cell (row 4, col 5), sigma 80 m.
    x, y, h = np.array([530.0]), np.array([575.0]), 80.0
    spread = grid_kernels(x, y, GRID, np.array([h])).spread(np.ones(1))
    edges_x, edges_y = np.arange(11) * 100.0, 1000.0 - np.arange(11) * 100.0
    cols = np.diff(ndtr((edges_x - 530.0) / h))
    rows = -np.diff(ndtr((edges_y - 575.0) / h))
    cols *= _within_four_sigmas(edges_x[:-1], edges_x[1:], 530.0, h)
    rows *= _within_four_sigmas(edges_y[1:], edges_y[:-1], 575.0, h)
    expected = np.outer(rows, cols)
    np.testing.assert_allclose(spread, expected / expected.sum(), rtol=1e-12, atol=1e-15)
    assert spread[4, 5] == pytest.approx((ndtr(25 / h) - ndtr(-75 / h)) * (ndtr(70 / h) - ndtr(-30 / h)),
                                         rel=1e-3)


def test_every_event_keeps_its_whole_weight_inside_the_mask():
    mask = np.zeros(GRID.shape, dtype=bool)
    mask[2:7, 1:5] = True
    grid = GRID.with_mask(mask)
    x, y = np.array([150.0, 420.0, 250.0]), np.array([750.0, 420.0, 550.0])  # two on the mask's edge
    kernels = grid_kernels(x, y, grid, np.array([120.0, 300.0, 0.0]))
    for j, weight in enumerate((1.0, 2.5, 0.7)):
        alone = np.zeros(3)
        alone[j] = weight
        spread = kernels.spread(alone)
        assert spread.sum() == pytest.approx(weight, rel=1e-12)
        assert np.all(spread[~mask] == 0)
    per_cell = kernels.spread(np.array([0.0, 0.0, 1.0]))  # bandwidth 0: all in its own cell
    assert per_cell[4, 2] == 1.0 and per_cell.sum() == 1.0
    with pytest.raises(ValueError, match="outside its mask"):
        grid_kernels(np.array([950.0]), np.array([950.0]), grid, np.array([100.0]))


def test_held_out_rates_come_from_the_other_periods_only():
    # Four events in one cell on days 1, 2, 7 and 9 of [0, 10], cut in two periods of 5 days.
    t = np.array([1.0, 2.0, 7.0, 9.0])
    x, y = np.full(4, 550.0), np.full(4, 450.0)
    edges, bounds = period_bounds(t, 0.0, 10.0, periods=2)
    np.testing.assert_array_equal(edges, [0.0, 5.0, 10.0])
    np.testing.assert_array_equal(bounds, [0, 2, 4])
    kernels = grid_kernels(x, y, GRID, np.zeros(4), bounds)
    weights = np.array([0.5, 1.0, 0.25, 0.75])
    rate, held_out = kernels.rates(weights, np.array([5.0, 5.0]))
    assert rate[5, 5] == pytest.approx(2.5 / 10.0) and rate.sum() == pytest.approx(0.25)
    # Events of the first period see only the second period's weight over its 5 days, and back.
    np.testing.assert_allclose(held_out, [1.0 / 5, 1.0 / 5, 1.5 / 5, 1.5 / 5])


def test_adaptive_bandwidth_is_the_distance_to_the_kth_neighbour_with_a_floor():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 1000, 60), rng.uniform(0, 1000, 60)
    x[1], y[1] = x[0], y[0]  # a duplicate place
    distance = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    for k in (1, 5):
        expected = np.maximum(np.sort(distance, axis=1)[:, k], 40.0)
        np.testing.assert_allclose(adaptive_bandwidths(x, y, k, 40.0), expected, rtol=1e-12)
    assert adaptive_bandwidths(x[:1], y[:1], 5, 40.0).tolist() == [40.0]  # no neighbour: the floor
