"""Kernel density hotspots: kernels, binning, FFT path versus the exact sum, automatic radius."""

import json
import math

import numpy as np
import pytest
from scipy.integrate import quad

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.kde import (
    KERNELS, automatic_radius, binned_kernel_density, binning_subdivision, exact_kernel_density,
    kde_surface, kernel_values, linear_binning,
)
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events

#: Closed forms of the kernels at u = r / h (h = 1), from the module docstring.
CLOSED_FORMS = {
    "quartic": lambda u: 3 / math.pi * (1 - u * u) ** 2,
    "epanechnikov": lambda u: 2 / math.pi * (1 - u * u),
    "triangular": lambda u: 3 / math.pi * (1 - u),
    "uniform": lambda u: 1 / math.pi,
    "gaussian": lambda u: math.exp(-u * u / 2) / (2 * math.pi * (1 - math.exp(-8))),
}
#: Radius / sigma for an equal per-coordinate variance, derived by hand in automatic_radius.
RADIUS_PER_SIGMA = {"quartic": math.sqrt(8), "epanechnikov": math.sqrt(6), "triangular": 1 / math.sqrt(0.15),
                    "uniform": 2.0, "gaussian": 1.0}


@pytest.fixture(scope="module")
def clustered():
    """About 1,500 Hawkes events with Gaussian neighbourhoods on a 10 x 10 km square."""
    spec = SimulationSpec(categories=(CategorySpec("burglary", 3.0, theta=0.3, omega=0.2, sigma=100.0),),
                          n_days=365.0, seed=3)
    events, _ = simulate_events(spec)
    return events


def fine_lattice(reach: float, step: float) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.arange(-reach, reach + step / 2, step)
    return np.meshgrid(offsets, offsets)


def test_kernels_are_the_documented_formulas():
    h = 250.0
    for name, form in CLOSED_FORMS.items():
        for u in (0.0, 0.3, 0.5, 0.9, 1.5, 3.9):
            expected = form(u) / h ** 2 if (u < 1 or name == "gaussian") else 0.0
            assert kernel_values(np.array([u * h]), h, name)[0] == pytest.approx(expected, rel=1e-12)
    assert kernel_values(np.array([4.01 * h]), h, "gaussian")[0] == 0.0  # truncated at 4h


@pytest.mark.parametrize("name", list(KERNELS))
def test_kernels_integrate_to_one(name):
    h = 80.0
    reach = KERNELS[name].reach(h)
    by_quadrature = quad(lambda r: kernel_values(np.array([r]), h, name)[0] * 2 * math.pi * r, 0, reach,
                         points=[h], limit=200)[0]
    assert by_quadrature == pytest.approx(1.0, abs=1e-9)
    dx, dy = fine_lattice(reach, 0.5)
    on_lattice = kernel_values(np.hypot(dx, dy), h, name).sum() * 0.25
    assert on_lattice == pytest.approx(1.0, abs=2e-3)


@pytest.mark.parametrize("name", list(KERNELS))
def test_radius_factor_matches_gaussian_variance(name):
    sigma = 40.0
    h = RADIUS_PER_SIGMA[name] * sigma
    dx, dy = fine_lattice(KERNELS[name].reach(h), 0.5)
    k = kernel_values(np.hypot(dx, dy), h, name)
    variance_x = (dx ** 2 * k).sum() / k.sum()
    variance_y = (dy ** 2 * k).sum() / k.sum()
    tolerance = 4e-3 if name == "gaussian" else 1e-3  # the 4h truncation trims 0.27 %
    assert variance_x == pytest.approx(sigma ** 2, rel=tolerance)
    assert variance_y == pytest.approx(sigma ** 2, rel=tolerance)
    assert KERNELS[name].radius_per_sigma == pytest.approx(RADIUS_PER_SIGMA[name], rel=1e-12)


def test_automatic_radius_follows_scotts_rule():
    rng = np.random.default_rng(7)
    n, sd = 20_000, 300.0
    x, y = rng.normal(0, sd, n), rng.normal(5_000, sd, n)
    for name, factor in RADIUS_PER_SIGMA.items():
        radius, rule = automatic_radius(x, y, name)
        assert radius == pytest.approx(factor * sd * n ** (-1 / 6), rel=0.02)
        assert "Scott" in rule and name in rule
    # One far outlier barely moves the robust spread (the IQR wins over the inflated sd).
    with_outlier = automatic_radius(np.append(x, 1e6), np.append(y, 5_000.0))[0]
    assert with_outlier == pytest.approx(automatic_radius(x, y)[0], rel=0.01)


def test_automatic_radius_refuses_too_few_or_identical_events():
    with pytest.raises(ValueError, match="at least 2 events"):
        automatic_radius(np.array([1.0]), np.array([2.0]))
    with pytest.raises(ValueError, match="same place"):
        automatic_radius(np.full(5, 3.0), np.full(5, 4.0))


def test_linear_binning_shares_and_conservation():
    grid = Grid(xmin=0.0, ymax=100.0, cell_size=10.0, rows=10, cols=10)
    # Between the centres (5, 95), (15, 95), (5, 85), (15, 85): a quarter of the way east, half way south.
    binned = linear_binning(np.array([7.5]), np.array([90.0]), grid, np.array([2.0]))
    np.testing.assert_allclose(binned[0:2, 0:2], [[0.75, 0.25], [0.75, 0.25]])
    assert binned.sum() == pytest.approx(2.0)
    rng = np.random.default_rng(2)
    x = np.concatenate([rng.uniform(-20, 120, 5000), [0.0, 99.999, 0.5, 50.0, 100.0]])
    y = np.concatenate([rng.uniform(-20, 120, 5000), [0.0, 99.999, 50.0, 0.2, 50.0]])
    w = rng.gamma(2.0, 1.0, x.size)
    on_grid = grid.cell_of(x, y)[2]
    binned = linear_binning(x, y, grid, w)
    assert binned.sum() == pytest.approx(w[on_grid].sum(), rel=1e-12)
    assert binned.min() >= 0
    # Away from the border, binning keeps each event's centre of mass.
    xs, ys = grid.centre_grid()
    interior = (x > 5) & (x < 95) & (y > 5) & (y < 95)
    binned_in = linear_binning(x[interior], y[interior], grid, w[interior])
    assert (binned_in * xs).sum() == pytest.approx((w[interior] * x[interior]).sum(), rel=1e-12)
    assert (binned_in * ys).sum() == pytest.approx((w[interior] * y[interior]).sum(), rel=1e-12)


@pytest.mark.parametrize("radius, cell", [(400.0, 10.0), (600.0, 150.0)])
def test_fast_density_matches_exact_sum_on_clustered_events(clustered, radius, cell):
    # A 4 x 3 km window on the town: events beyond its border must still count.
    grid = Grid.covering(3_000.0, 2_000.0, 7_000.0, 5_000.0, cell)
    fast = binned_kernel_density(clustered.x, clustered.y, grid, radius)
    exact = exact_kernel_density(clustered.x, clustered.y, grid, radius)
    assert np.abs(fast - exact).max() < 0.01 * exact.max()


@pytest.mark.parametrize("name, tolerance", [("epanechnikov", 0.01), ("triangular", 0.01),
                                             ("gaussian", 0.01), ("uniform", 0.04)])
def test_other_kernels_match_exact_sum(clustered, name, tolerance):
    # The uniform kernel jumps at r = h, so a binned event can cross the edge: larger error.
    grid = Grid.covering(-500.0, -500.0, 10_500.0, 10_500.0, 150.0)
    w = np.random.default_rng(4).uniform(0.5, 2.0, len(clustered))
    fast = binned_kernel_density(clustered.x, clustered.y, grid, 500.0, name, w)
    exact = exact_kernel_density(clustered.x, clustered.y, grid, 500.0, name, w)
    assert np.abs(fast - exact).max() < tolerance * exact.max()


def test_binning_subdivision_keeps_twelve_bins_per_radius():
    assert binning_subdivision(Grid(0, 0, 10.0, 100, 100), 400.0) == 1
    assert binning_subdivision(Grid(0, 0, 150.0, 70, 70), 600.0) == 3
    assert binning_subdivision(Grid(0, 0, 100.0, 10, 10), 60.0) == 21


def test_total_mass_is_the_number_of_events(clustered):
    grid = Grid.covering(-1_000.0, -1_000.0, 11_000.0, 11_000.0, 50.0)
    surface = kde_surface(clustered, grid, radius=300.0)
    total = float(surface.values.astype(np.float64).sum()) * grid.cell_area / 1e6
    assert total == pytest.approx(len(clustered), rel=1e-4)
    per_day = kde_surface(clustered, grid, radius=300.0, units="per_cell_day", period_days=365.0)
    assert float(per_day.values.astype(np.float64).sum()) * 365.0 == pytest.approx(len(clustered), rel=1e-4)
    np.testing.assert_allclose(per_day.values, surface.values * grid.cell_area / 1e6 / 365.0, rtol=1e-5)


def test_single_event_gives_the_kernel_at_its_place():
    grid = Grid(xmin=0.0, ymax=2_000.0, cell_size=10.0, rows=200, cols=200)
    x0, y0 = 705.0, 1_255.0  # centre of cell (row 74, col 70)
    surface = kde_surface(EventSet.from_arrays([x0], [y0]), grid, radius=300.0)
    xs, ys = grid.centre_grid()
    expected = kernel_values(np.hypot(xs - x0, ys - y0), 300.0) * 1e6
    np.testing.assert_allclose(surface.values, expected, rtol=2e-3, atol=1e-9 * expected.max())
    assert np.unravel_index(np.argmax(surface.values), grid.shape) == (74, 70)
    # Off a centre, the fast path follows the exact kernel.
    x1, y1 = 713.3, 1_251.9
    fast = binned_kernel_density([x1], [y1], grid, 300.0)
    exact = kernel_values(np.hypot(xs - x1, ys - y1), 300.0)
    assert np.abs(fast - exact).max() < 0.002 * exact.max()


def test_events_off_the_grid_count_within_reach():
    grid = Grid(xmin=0.0, ymax=1_000.0, cell_size=20.0, rows=50, cols=50)
    events = EventSet.from_arrays([-150.0, 1_100.0, 5_000.0], [500.0, 1_050.0, 500.0])
    surface = kde_surface(events, grid, radius=250.0)
    exact = exact_kernel_density(events.x, events.y, grid, 250.0) * 1e6
    assert exact.max() > 0
    peak = kernel_values(np.array([0.0]), 250.0)[0] * 1e6  # one event's kernel height
    assert np.abs(surface.values - exact).max() < 0.01 * peak
    assert surface.parameters["events_used"] == 2
    assert surface.parameters["events_outside_reach"] == 1
    with pytest.raises(ValueError, match="within"):
        kde_surface(EventSet.from_arrays([5_000.0], [5_000.0]), grid, radius=250.0)


def test_event_order_does_not_matter(clustered):
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 100.0)
    w = np.random.default_rng(5).uniform(0, 3, len(clustered))
    weighted = EventSet.from_arrays(clustered.x, clustered.y, weight=w)
    order = np.random.default_rng(6).permutation(len(clustered))
    a = kde_surface(weighted, grid, radius=400.0)
    b = kde_surface(weighted.subset(order), grid, radius=400.0)
    np.testing.assert_allclose(a.values, b.values, rtol=1e-5, atol=1e-6 * a.values.max())


def test_weight_two_equals_a_duplicated_event():
    grid = Grid(xmin=0.0, ymax=500.0, cell_size=10.0, rows=50, cols=50)
    weighted_events = EventSet.from_arrays([120.0, 300.0], [200.0, 310.0], weight=[2.0, 1.0])
    weighted = kde_surface(weighted_events, grid, 100.0)
    doubled = kde_surface(EventSet.from_arrays([120.0, 120.0, 300.0], [200.0, 200.0, 310.0]), grid, 100.0)
    np.testing.assert_allclose(weighted.values, doubled.values, rtol=1e-6, atol=1e-9)
    assert weighted.parameters["total_weight"] == 3.0


def test_mask_hides_cells_without_changing_the_density(clustered):
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 100.0)
    mask = np.zeros(grid.shape, bool)
    mask[20:70, 10:60] = True
    plain = kde_surface(clustered, grid, radius=500.0)
    masked = kde_surface(clustered, grid.with_mask(mask), radius=500.0)
    assert np.isnan(masked.values[~mask]).all()
    np.testing.assert_array_equal(masked.values[mask], plain.values[mask])


def test_parameters_record_the_run(clustered):
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 100.0)
    automatic = kde_surface(clustered, grid, radius=0, kernel="triangular",
                            units="per_cell_day", period_days=365)
    radius, rule = automatic_radius(clustered.x, clustered.y, "triangular")
    p = automatic.parameters
    assert p["radius_m"] == pytest.approx(radius) and p["bandwidth_rule"] == rule
    assert p["bandwidth"] == "automatic" and p["kernel"] == "triangular"
    assert p["units"] == "per_cell_day" and p["period_days"] == 365.0
    assert p["events_used"] == len(clustered) and p["total_weight"] == pytest.approx(len(clustered))
    json.dumps(p)
    fixed = kde_surface(clustered, grid, radius=400.0).parameters
    assert fixed["bandwidth"] == "fixed" and "bandwidth_rule" not in fixed and "period_days" not in fixed
    assert fixed["units"] == "per_km2" and kde_surface(clustered, grid, 400.0).units == "events per km²"


@pytest.mark.parametrize("kwargs, message", [
    (dict(radius=400.0, kernel="cosine"), "quartic, epanechnikov, triangular, uniform, gaussian"),
    (dict(radius=-5.0), "positive"),
    (dict(radius=float("nan")), "positive"),
    (dict(radius=40.0), "too coarse.*smaller|too coarse.*at most"),
    (dict(radius=400.0, units="per_hectare"), "per_km2"),
    (dict(radius=400.0, units="per_cell_day"), "period_days"),
    (dict(radius=400.0, units="per_cell_day", period_days=0.0), "period_days"),
])
def test_bad_input_names_the_problem_and_fix(clustered, kwargs, message):
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 100.0)
    with pytest.raises(ValueError, match=message):
        kde_surface(clustered, grid, **kwargs)


def test_no_events_or_bad_weights_are_refused():
    grid = Grid(xmin=0.0, ymax=500.0, cell_size=10.0, rows=50, cols=50)
    with pytest.raises(ValueError, match="no events.*filter"):
        kde_surface(EventSet.from_arrays([], []), grid, radius=100.0)
    with pytest.raises(ValueError, match="weight"):
        kde_surface(EventSet.from_arrays([10.0, 20.0], [10.0, 20.0], weight=[1.0, -1.0]), grid, radius=100.0)
    with pytest.raises(ValueError, match="at least 2 events"):
        kde_surface(EventSet.from_arrays([10.0], [10.0]), grid, radius=None)
