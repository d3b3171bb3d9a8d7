"""Kernel density hotspots: kernels, binning, FFT path versus the exact sum, automatic radius
(likelihood cross-validation against the exact leave-one-out sum and the known ISE optimum)."""

import json
import math

import re

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import ndtr

from crimerisk.algorithms import kde
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.kde import (
    CV_UNIFORM_SHARE, KERNELS, automatic_radius, binned_kernel_density, binning_subdivision, choose_radius,
    exact_kernel_density, kde_surface, kernel_values, linear_binning, scott_radius,
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


def test_scott_radius_follows_scotts_rule():
    rng = np.random.default_rng(7)
    n, sd = 20_000, 300.0
    x, y = rng.normal(0, sd, n), rng.normal(5_000, sd, n)
    for name, factor in RADIUS_PER_SIGMA.items():
        radius, rule = scott_radius(x, y, name)
        assert radius == pytest.approx(factor * sd * n ** (-1 / 6), rel=0.02)
        assert "Scott" in rule and name in rule
    # One far outlier barely moves the robust spread (the IQR wins over the inflated sd).
    with_outlier = scott_radius(np.append(x, 1e6), np.append(y, 5_000.0))[0]
    assert with_outlier == pytest.approx(scott_radius(x, y)[0], rel=0.01)


def test_automatic_radius_refuses_too_few_or_identical_events():
    with pytest.raises(ValueError, match="at least 2 events"):
        automatic_radius(np.array([1.0]), np.array([2.0]))
    with pytest.raises(ValueError, match="same place"):
        automatic_radius(np.full(5, 3.0), np.full(5, 4.0))
    with pytest.raises(ValueError, match="one of each per event"):
        automatic_radius(np.arange(20.0), np.arange(20.0), weights=np.ones(19))
    with pytest.raises(ValueError, match="weight"):
        automatic_radius(np.arange(20.0), np.arange(20.0), weights=np.full(20, -1.0))


# --------------------------------------------------------------------------- automatic radius

#: A town of 10 x 10 km: 30 % of the events uniform, 70 % in eight Gaussian hotspots.
SIDE, UNIFORM_SHARE = 10_000.0, 0.3


def hotspot_mixture(seed: int, n: int):
    """``n`` events drawn from a known mixture, and the mixture (centres, sds, weights)."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0.15 * SIDE, 0.85 * SIDE, (8, 2))
    sds = rng.uniform(150.0, 400.0, 8)
    weights = rng.dirichlet(np.full(8, 2.0))
    n_uniform = rng.binomial(n, UNIFORM_SHARE)
    which = rng.choice(8, n - n_uniform, p=weights)
    x, y = (np.concatenate([rng.uniform(0, SIDE, n_uniform),
                            centres[which, axis] + sds[which] * rng.standard_normal(which.size)])
            for axis in (0, 1))
    return x, y, (centres, sds, weights)


def mixture_density(xs: np.ndarray, ys: np.ndarray, mixture) -> np.ndarray:
    """The known density of :func:`hotspot_mixture` at (xs, ys), per m²."""
    centres, sds, weights = mixture
    density = np.where((xs >= 0) & (xs < SIDE) & (ys >= 0) & (ys < SIDE), UNIFORM_SHARE / SIDE ** 2, 0.0)
    for (cx, cy), sd, weight in zip(centres, sds, weights):
        r2 = (xs - cx) ** 2 + (ys - cy) ** 2
        hotspot = np.exp(-r2 / (2 * sd * sd)) / (2 * math.pi * sd * sd)
        density = density + (1 - UNIFORM_SHARE) * weight * hotspot
    return density


def gaussian_ise_up_to_a_constant(x, y, h, mixture):
    """``int f_h^2 - 2 int f_h f`` for the Gaussian-kernel estimate ``f_h`` (sd ``h``, untruncated)
    of the known mixture ``f``, in closed form: the ISE minus ``int f^2``, which does not depend on h."""
    centres, sds, weights = mixture
    n = x.size
    d2 = (x[:, None] - x[None, :]) ** 2 + (y[:, None] - y[None, :]) ** 2
    square_of_estimate = np.exp(-d2 / (4 * h * h)).sum() / (4 * math.pi * h * h) / n ** 2
    cross = 0.0
    for (cx, cy), sd, weight in zip(centres, sds, weights):
        v = sd * sd + h * h
        cross += (1 - UNIFORM_SHARE) * weight * np.mean(np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * v))
                                                        / (2 * math.pi * v))
    inside = (ndtr((SIDE - x) / h) - ndtr(-x / h)) * (ndtr((SIDE - y) / h) - ndtr(-y / h))
    cross += UNIFORM_SHARE / SIDE ** 2 * inside.mean()
    return square_of_estimate - 2 * cross


def exact_leave_one_out_scores(x, y, w, radii, kernel, window_area):
    """The cross-validation score by the direct pairwise sum (events at one place left out together)."""
    distance = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    same_place = distance == 0
    rest = w.sum() - (same_place * w[None, :]).sum(axis=1)
    scores = []
    for h in radii:
        others = np.where(same_place, 0.0, kernel_values(distance, h, kernel) * w[None, :]).sum(axis=1)
        mixed = (1 - CV_UNIFORM_SHARE) * others / rest + CV_UNIFORM_SHARE / window_area
        scores.append((w * np.log(mixed)).sum() / w.sum())
    return np.array(scores)


@pytest.mark.parametrize("seed", [0, 5])
def test_cross_validated_radius_is_near_the_known_ise_optimum(seed):
    # The Gaussian kernel's integrated squared error against the known mixture is closed-form.
    x, y, mixture = hotspot_mixture(seed, 1_000)
    choice = choose_radius(x, y, "gaussian")
    ise = [gaussian_ise_up_to_a_constant(x, y, h, mixture) for h in choice.radii]
    best_ise_radius = choice.radii[int(np.argmin(ise))]
    # Likelihood CV minimises a Kullback-Leibler loss, which the sparse uniform share pulls a
    # little wider than the ISE optimum (1.5-1.7x on ten seeds); Scott's rule is 5x too wide.
    assert best_ise_radius <= choice.radius <= 2.0 * best_ise_radius
    assert choice.scott_radius > 3.0 * choice.radius
    assert choice.scott_radius > 4.0 * best_ise_radius


def test_cross_validated_radius_beats_scott_on_the_true_quartic_error():
    # Quartic: the ISE is measured on a 20 m lattice against the known density.
    x, y, mixture = hotspot_mixture(3, 1_000)
    choice = choose_radius(x, y)
    grid = Grid(-1_000.0, SIDE + 1_000.0, 20.0, 600, 600)
    truth = mixture_density(*grid.centre_grid(), mixture)

    def ise(h):
        return ((binned_kernel_density(x, y, grid, h) / x.size - truth) ** 2).sum() * grid.cell_area

    errors = np.array([ise(h) for h in choice.radii])
    best = choice.radii[int(np.argmin(errors))]
    assert best <= choice.radius <= 2.0 * best
    # Wider than the optimum (see above), it costs under twice the least error; Scott's, 9 times.
    assert ise(choice.radius) < 2.0 * errors.min()
    assert ise(choice.scott_radius) > 5.0 * ise(choice.radius)


def test_single_blob_gives_about_scotts_radius():
    rng = np.random.default_rng(11)
    x, y = rng.normal(0.0, 500.0, 3_000), rng.normal(0.0, 500.0, 3_000)
    for name in ("quartic", "gaussian"):
        choice = choose_radius(x, y, name)
        assert choice.scott_radius / 1.5 <= choice.radius <= choice.scott_radius
        assert choice.radius == pytest.approx(scott_radius(x, y, name)[0], rel=0.35)


@pytest.mark.parametrize("kernel", ["quartic", "gaussian", "epanechnikov"])
def test_fast_scores_match_the_exact_leave_one_out_sum(kernel):
    x, y, _ = hotspot_mixture(2, 700)
    x[:40], y[:40] = x[40:80], y[40:80]  # 40 places with two events
    w = np.random.default_rng(3).uniform(0.5, 2.0, x.size)
    choice = choose_radius(x, y, kernel, w)
    exact = exact_leave_one_out_scores(x, y, w, choice.radii, kernel, choice.window_area)
    assert choice.radius == choice.radii[int(np.argmax(exact))]
    # Binning error shrinks as (bin / radius)^2: 4 bins per radius at the smallest, 8 or more above.
    wide = choice.radii >= 4 * choice.radii[0]
    assert np.abs(choice.scores - exact).max() < 0.15
    assert np.abs(choice.scores - exact)[wide].max() < 0.02
    assert np.ptp(exact) > 0.5  # the differences are small against the curve itself


def test_events_at_one_place_are_left_out_together():
    # Duplicating every event (two records of each offence at one address) keeps the radius:
    # each event's own duplicate is not evidence of a tighter kernel.
    x, y, _ = hotspot_mixture(4, 800)
    once = choose_radius(x, y)
    twice = choose_radius(np.tile(x, 2), np.tile(y, 2))
    weighted = choose_radius(x, y, weights=np.full(x.size, 2.0))
    assert twice.radius != twice.radii[0]
    assert twice.radius == pytest.approx(once.radius, rel=0.3)
    assert weighted.radius == pytest.approx(once.radius, rel=1e-9)  # weights scale out of the score


def test_radius_is_deterministic_and_ignores_the_order_of_events(clustered):
    first = choose_radius(clustered.x, clustered.y, weights=clustered.weight)
    order = np.random.default_rng(1).permutation(len(clustered))
    again = choose_radius(clustered.x[order], clustered.y[order], weights=clustered.weight[order])
    assert (again.radius, again.rule) == (first.radius, first.rule)
    np.testing.assert_array_equal(again.scores, first.scores)
    assert first.events_used == first.events_scored == len(clustered)


def test_rule_says_what_was_done(clustered):
    radius, rule = automatic_radius(clustered.x, clustered.y)
    match = re.fullmatch(r"likelihood cross-validation over (\d+) radii from ([\d,]+) m to ([\d,]+) m: "
                         r"([\d,]+) m \(Scott's rule would give ([\d,]+) m\)", rule)
    assert match, rule
    scott = scott_radius(clustered.x, clustered.y)[0]
    assert int(match[5].replace(",", "")) == round(scott) == int(match[3].replace(",", ""))
    assert int(match[4].replace(",", "")) == round(radius) and radius < scott / 2


def test_large_inputs_are_scored_on_a_fixed_sample(clustered, monkeypatch):
    full = choose_radius(clustered.x, clustered.y)
    monkeypatch.setattr(kde, "CV_MAX_SCORED_EVENTS", 500)
    sampled = choose_radius(clustered.x, clustered.y)
    assert sampled.events_scored == 500 and sampled.events_used == len(clustered)
    assert f"scored on a fixed sample of 500 of {len(clustered):,} events" in sampled.rule
    assert sampled.radius == pytest.approx(full.radius, rel=0.3)
    assert choose_radius(clustered.x, clustered.y).rule == sampled.rule


def test_stray_points_neither_count_nor_coarsen_the_bins(clustered):
    # 2 % of the records geocoded to a default point 600 km away.
    strays = len(clustered) // 50
    x = np.concatenate([clustered.x, np.full(strays, -600_000.0)])
    y = np.concatenate([clustered.y, np.full(strays, 3_000.0)])
    clean, with_strays = choose_radius(clustered.x, clustered.y), choose_radius(x, y)
    assert with_strays.events_used == len(clustered)
    assert with_strays.window == clean.window
    assert with_strays.radius == pytest.approx(clean.radius, rel=0.2)


def test_map_cell_bounds_the_radii_and_scott_stands_in_when_cv_cannot_run(clustered):
    choice = choose_radius(clustered.x, clustered.y, cell_size=150.0)
    assert choice.radii[0] == pytest.approx(150.0) and choice.radius >= 150.0
    too_coarse = choose_radius(clustered.x, clustered.y, cell_size=5_000.0)
    assert too_coarse.radius == too_coarse.scott_radius and too_coarse.radii.size == 0
    assert too_coarse.rule.startswith("Scott's rule")
    assert "no cross-validation: no smaller radius to try (one map cell" in too_coarse.rule
    few = choose_radius(np.arange(6.0) * 100, np.arange(6.0) * 37)
    assert few.radius == scott_radius(np.arange(6.0) * 100, np.arange(6.0) * 37)[0]
    assert "no cross-validation: fewer than 10 events" in few.rule


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


def test_without_edge_correction_the_mask_hides_cells_without_changing_the_density(clustered):
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 100.0)
    mask = np.zeros(grid.shape, bool)
    mask[20:70, 10:60] = True
    plain = kde_surface(clustered, grid, radius=500.0, edge_correction=False)
    masked = kde_surface(clustered, grid.with_mask(mask), radius=500.0, edge_correction=False)
    assert masked.parameters["edge_correction"].startswith("off")
    assert np.isnan(masked.values[~mask]).all()
    np.testing.assert_array_equal(masked.values[mask], plain.values[mask])


def test_parameters_record_the_run(clustered):
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 100.0)
    automatic = kde_surface(clustered, grid, radius=0, kernel="triangular",
                            units="per_cell_day", period_days=365)
    choice = choose_radius(clustered.x, clustered.y, "triangular", clustered.weight, grid.cell_size)
    p = automatic.parameters
    assert p["radius_m"] == pytest.approx(choice.radius) and p["bandwidth_rule"] == choice.rule
    assert p["scott_radius_m"] == pytest.approx(choice.scott_radius) and "cross-validation" in choice.rule
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


# --- convolution by strips and cancellation --------------------------------------------------------
@pytest.mark.parametrize("shape, reach", [((60, 45), 3), ((301, 203), 10), ((120, 40), 30), ((7, 9), 5)])
def test_strip_convolution_equals_one_whole_fft_convolution(monkeypatch, shape, reach):
    from scipy.signal import fftconvolve

    monkeypatch.setattr(kde, "_STRIP_FFT_ELEMENTS", 2_000)  # many strips, some all zero
    rng = np.random.default_rng(reach)
    values = rng.random(shape) * (rng.random(shape) < 0.3)
    values[: shape[0] // 3] = 0.0
    stencil = rng.random((2 * reach + 1, 2 * reach + 1))
    reports = []
    strips = kde.strip_convolution(values, stencil, reports.append)
    whole = fftconvolve(values, stencil, mode="same")
    np.testing.assert_allclose(strips, whole, rtol=0, atol=1e-12 * np.abs(whole).max())
    assert reports == sorted(reports) and reports[-1] == 1.0


def test_kde_surface_reports_progress_and_stops_when_cancelled(monkeypatch):
    from crimerisk.algorithms.progress import Cancelled

    monkeypatch.setattr(kde, "_STRIP_FFT_ELEMENTS", 4_000)
    rng = np.random.default_rng(3)
    events = EventSet.from_arrays(rng.uniform(0, 3000, 500), rng.uniform(0, 2000, 500))
    grid = Grid.covering(0.0, 0.0, 3000.0, 2000.0, 20.0)
    seen = []
    surface = kde_surface(events, grid, 200.0, progress=lambda f: seen.append(f) or True)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3
    plain = kde_surface(events, grid, 200.0)
    assert surface.values.tobytes() == plain.values.tobytes()
    stopped = []
    with pytest.raises(Cancelled):
        kde_surface(events, grid, 200.0, progress=lambda f: stopped.append(f) or f < 0.3)
    assert 0.3 <= stopped[-1] < 1.0  # stopped between strips, before the end
    with pytest.raises(Cancelled):  # automatic radius: between the cross-validation's radii
        kde_surface(events, grid, progress=lambda f: stopped.append(f) or f < 0.1)
    assert 0.1 <= stopped[-1] < 0.5
