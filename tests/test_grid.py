"""Grid indexing, counting and the memory guard."""

import numpy as np
import pytest

from crimerisk.algorithms.grid import Grid, GridTooLargeError


def test_cells_are_closed_west_and_south():
    grid = Grid(xmin=0.0, ymax=100.0, cell_size=10.0, rows=10, cols=10)
    row, col, on = grid.cell_of(np.array([0.0, 10.0, 9.999, 99.999, 100.0, 5.0, 5.0]),
                                np.array([99.0, 90.0, 90.0, 0.0, 50.0, 100.0, 89.999]))
    assert list(col[:4]) == [0, 1, 0, 9]
    assert list(row[:4]) == [0, 0, 0, 9]  # y=90 is the south edge of row 0; y=0 of row 9
    assert row[6] == 1
    assert list(on) == [True, True, True, True, False, False, True]  # x = xmax, y = ymax are off


def test_count_preserves_events_and_ignores_masked_cells():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 50, 1000), rng.uniform(0, 50, 1000)
    grid = Grid.covering(0, 0, 50, 50, 5.0)
    assert grid.shape == (10, 10)
    counts = grid.count(x, y)
    assert counts.sum() == 1000
    mask = np.ones(grid.shape, bool)
    mask[0, :] = False
    masked = grid.with_mask(mask).count(x, y)
    assert masked.sum() == 1000 - counts[0].sum()
    assert masked[0].sum() == 0


def test_weighted_count():
    grid = Grid(0.0, 10.0, 5.0, 2, 2)
    counts = grid.count(np.array([1.0, 1.0, 6.0]), np.array([9.0, 9.0, 1.0]), np.array([2.0, 0.5, 3.0]))
    np.testing.assert_allclose(counts, [[2.5, 0.0], [0.0, 3.0]])


def test_centres_and_geotransform():
    grid = Grid(100.0, 200.0, 10.0, 3, 4)
    xs, ys = grid.centres()
    np.testing.assert_allclose(xs, [105, 115, 125, 135])
    np.testing.assert_allclose(ys, [195, 185, 175])
    assert grid.geotransform() == (100.0, 10.0, 0.0, 200.0, 0.0, -10.0)
    assert (grid.xmax, grid.ymin) == (140.0, 170.0)


def test_memory_guard_names_a_cell_size_that_fits():
    with pytest.raises(GridTooLargeError) as info:
        Grid.covering(0, 0, 100_000, 100_000, 1.0, max_cells=1_000_000)
    fitting = info.value.fitting_cell_size
    assert "100" in str(info.value)
    Grid.covering(0, 0, 100_000, 100_000, fitting, max_cells=1_000_000)  # must not raise


def test_invalid_cell_size_is_refused():
    for bad in (0.0, -5.0, float("nan")):
        with pytest.raises(ValueError):
            Grid.covering(0, 0, 10, 10, bad)


def test_kernel_guard_names_a_reach_that_fits():
    from crimerisk.algorithms.grid import check_kernel_fits

    grid = Grid(0.0, 1000.0, 10.0, 100, 100)
    check_kernel_fits(grid, 500.0, "the kernel", max_cells=1_000_000)  # (100 + 2*50)^2 = 40,000 cells
    with pytest.raises(ValueError, match=r"at most 4,500 m") as info:
        check_kernel_fits(grid, 100_000.0, "the kernel", max_cells=1_000_000)
    assert "the kernel reaching 100000 m" in str(info.value)
    check_kernel_fits(grid, 4_500.0, "the kernel", max_cells=1_000_000)  # the reach it names fits


def test_snapped_grid_has_its_edges_on_multiples_of_the_cell_and_keeps_edge_points_inside():
    grid = Grid.snapped((105.0, 220.0, 390.0, 400.0), 100.0)
    assert (grid.xmin, grid.ymax, grid.cols, grid.rows) == (100.0, 400.0, 3, 2)
    assert Grid.snapped((150.0, 150.0, 150.0, 150.0), 100.0).shape == (1, 1)  # one cell at least
    # A point on the eastern and northern edge of its own box: one more cell each way, and it lies inside.
    edge = Grid.snapped((0.0, 0.0, 300.0, 200.0), 100.0, last_point=(300.0, 200.0))
    assert edge.shape == (3, 4) and edge.contains(np.array([300.0]), np.array([200.0]))[0]
