"""KDE edge correction: each event's kernel renormalised within the study area (Jones 1993)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import fftconvolve

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms import kde as kde_module
from crimerisk.algorithms.kde import KERNELS, kde_surface, kernel_values


def _mass_inside(surface, grid: Grid) -> float:
    """Total of a per-km² surface over the study-area cells, in events."""
    return float(np.nansum(surface.values.astype(np.float64))) * grid.cell_area / 1e6


def _irregular_grid() -> Grid:
    """A 4 x 3 km grid of 50 m cells with an L-shaped study area."""
    grid = Grid.covering(0.0, 0.0, 4000.0, 3000.0, 50.0)
    mask = np.ones(grid.shape, dtype=bool)
    mask[:30, 50:] = False  # the north-east corner is outside
    return grid.with_mask(mask)


@pytest.mark.parametrize("kernel", list(KERNELS))
@pytest.mark.parametrize("place", [(2480.0, 1510.0), (20.0, 1500.0), (2460.0, 1560.0), (3990.0, 10.0)])
def test_one_event_near_the_edge_integrates_to_one_inside(kernel, place):
    # Near the mask's inner corner, the grid's west edge, just inside the mask's border, and the
    # grid's south-east corner.
    grid = _irregular_grid()
    event = EventSet.from_arrays([place[0]], [place[1]], weight=[2.5])
    assert grid.contains(event.x, event.y)[0]
    corrected = kde_surface(event, grid, radius=300.0, kernel=kernel)
    plain = kde_surface(event, grid, radius=300.0, kernel=kernel, edge_correction=False)
    assert _mass_inside(corrected, grid) == pytest.approx(2.5, rel=1e-6)
    assert _mass_inside(plain, grid) < 2.5 * 0.9
    assert corrected.parameters["edge_correction"].startswith("on")
    # Per cell per day: the expected events over the period sum to the event's weight.
    daily = kde_surface(event, grid, radius=300.0, kernel=kernel, units="per_cell_day", period_days=10.0)
    assert float(np.nansum(daily.values.astype(np.float64))) * 10.0 == pytest.approx(2.5, rel=1e-6)


def test_an_event_far_from_the_edges_is_unchanged():
    grid = _irregular_grid()
    event = EventSet.from_arrays([1000.0], [1000.0])
    corrected = kde_surface(event, grid, radius=300.0)
    plain = kde_surface(event, grid, radius=300.0, edge_correction=False)
    np.testing.assert_allclose(corrected.values, plain.values, rtol=2e-3, equal_nan=True)


def test_events_outside_the_study_area_keep_their_plain_kernel():
    grid = _irregular_grid()
    outside = EventSet.from_arrays([3000.0, -100.0], [2900.0, 1500.0])  # masked corner; west of the grid
    assert not grid.contains(outside.x, outside.y).any()
    corrected = kde_surface(outside, grid, radius=300.0)
    plain = kde_surface(outside, grid, radius=300.0, edge_correction=False)
    np.testing.assert_array_equal(corrected.values, plain.values)


def test_uniform_events_near_the_edges_read_what_the_renormalised_kernels_give():
    # Uniform events over an L-shaped area. Without correction the border cells read the share of
    # the kernel inside, m(s) (0.57 of the centre here). Renormalising each event's kernel keeps every
    # event's mass but is not flat at the border: E f(s) = lambda sum_e K(s - e) / m(e), which a
    # direct sum over the cells gives (0.79 of the centre here); Diggle's (1985) division of the
    # density by m(s) would be flat (1.0) but would not keep each event's mass at 1.
    grid = _irregular_grid()
    rng = np.random.default_rng(3)
    n = 200_000
    x, y = rng.uniform(0, 4000.0, 2 * n), rng.uniform(0, 3000.0, 2 * n)
    inside = grid.contains(x, y)
    events = EventSet.from_arrays(x[inside][:n], y[inside][:n])
    corrected = kde_surface(events, grid, radius=300.0).values.astype(np.float64)
    plain = kde_surface(events, grid, radius=300.0, edge_correction=False).values.astype(np.float64)
    mask = grid.inside
    padded = np.pad(mask, 1, constant_values=False)
    border = mask & ~(padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:])
    rows, cols = np.indices(grid.shape)
    centre = mask & (rows >= 20) & (rows < 40) & (cols >= 10) & (cols < 40)
    offsets = np.arange(-7, 8) * grid.cell_size
    stencil = kernel_values(np.hypot(offsets[:, None], offsets[None, :]), 300.0) * grid.cell_area
    kept = fftconvolve(mask.astype(float), stencil, mode="same")
    renormalised = fftconvolve(np.where(mask, 1.0 / np.maximum(kept, 1e-12), 0.0), stencil, mode="same")

    def ratio(values):
        return values[border].mean() / values[centre].mean()

    assert ratio(plain) == pytest.approx(ratio(kept), abs=0.02)
    assert ratio(corrected) == pytest.approx(ratio(renormalised), abs=0.02)
    assert ratio(corrected) > ratio(plain) + 0.15
    # Every event keeps its mass: the map holds all the events.
    assert float(np.nansum(corrected)) * grid.cell_area / 1e6 == pytest.approx(n, rel=1e-6)


def test_direct_and_fft_edge_masses_agree(monkeypatch):
    grid = _irregular_grid()
    rng = np.random.default_rng(8)
    x, y = rng.uniform(0, 4000.0, 600), rng.uniform(0, 3000.0, 600)
    events = EventSet.from_arrays(x, y, weight=rng.uniform(0.5, 2.0, 600))
    direct = kde_surface(events, grid, radius=250.0, kernel="gaussian").values.astype(np.float64)
    monkeypatch.setattr(kde_module, "_DIRECT_EDGE_EVENTS", 0)  # every event near an edge goes to the FFT
    fft = kde_surface(events, grid, radius=250.0, kernel="gaussian").values.astype(np.float64)
    np.testing.assert_allclose(direct, fft, rtol=1e-6, atol=1e-9 * np.nanmax(fft))
