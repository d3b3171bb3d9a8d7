"""SEPP with events recorded at address points: the same-place share and the location precision.

Known truth: events simulated with a Gaussian trigger (sigma 100 m), a planted share of the offspring put
at their parent's exact place (repeat victimisation), then every event snapped to the nearest of a set of
address points (a jittered 30 m lattice), as geocoding does. A single Gaussian trigger collapses there
(sigma at its floor); the two-component trigger recovers sigma, theta and the share. Without snapping the
fit is the single Gaussian's.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest
from scipy import stats
from scipy.spatial import cKDTree
from scipy.special import ndtr

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.pairs import close_pairs
from crimerisk.algorithms.seasonality import SeasonalFactors
from crimerisk.algorithms.sepp import SeppFit, SeppOptions, expected_events, fit_sepp
from crimerisk.algorithms import sepp_cascade
from crimerisk.algorithms.sepp_background import PlaceKernels, period_bounds
from crimerisk.algorithms.sepp_trigger import SIGMA_FLOOR, SamePlacePairs, SpatialTrigger, step_mixture
from crimerisk.algorithms.simulate import CategorySpec, Neighbourhood, SimulationSpec, simulate_events

THETA, OMEGA, SIGMA = 0.5, 0.2, 100.0
WIDTH = 5000.0
HOODS = (Neighbourhood(1500.0, 1500.0, 800.0, 0.4), Neighbourhood(3500.0, 3000.0, 800.0, 0.35),
         Neighbourhood(2000.0, 3750.0, 800.0, 0.25))
GRID = Grid.covering(0.0, 0.0, WIDTH, WIDTH, 250.0)
ADDRESS_SPACING = 30.0


def _addresses(rng: np.random.Generator) -> np.ndarray:
    """A 30 m lattice of address points, each jittered by a few metres: [n, 2]."""
    centres = (np.arange(int(WIDTH / ADDRESS_SPACING)) + 0.5) * ADDRESS_SPACING
    ax, ay = np.meshgrid(centres, centres)
    points = np.column_stack([ax.ravel(), ay.ravel()])
    return points + rng.normal(0.0, ADDRESS_SPACING / 6, points.shape)


@lru_cache(maxsize=None)
def _planted(seed: int, same_place: float, snapped: bool = True) -> tuple[EventSet, float]:
    """One year of simulated burglary, a ``same_place`` share of the offspring at their parent's place,
    snapped to address points; returns the events inside the area and the realised share."""
    spec = SimulationSpec(categories=(CategorySpec("burglary", 6.0, theta=THETA, omega=OMEGA, sigma=SIGMA),),
                          width=WIDTH, height=WIDTH, n_days=365.0, uniform_share=0.4, neighbourhoods=HOODS,
                          seed=seed)
    events, truth = simulate_events(spec)
    rng = np.random.default_rng(seed + 1000)
    x, y = events.x.copy(), events.y.copy()
    if snapped:
        points = _addresses(rng)
        _, nearest = cKDTree(points).query(np.column_stack([x, y]))
        x, y = points[nearest, 0], points[nearest, 1]
    child = truth.parent >= 0
    same = child & (rng.random(len(events)) < same_place)
    for j in np.flatnonzero(same):  # time order: a parent is placed before its children
        x[j], y[j] = x[truth.parent[j]], y[truth.parent[j]]
    inside = (x > 0) & (x < WIDTH) & (y > 0) & (y < WIDTH)
    kept = EventSet.from_arrays(x=x[inside], y=y[inside], t=events.t[inside])
    return kept, float(same.sum() / child.sum())


@lru_cache(maxsize=None)
def _fit(seed: int, same_place: float, precision: float, snapped: bool = True) -> SeppFit:
    events, _ = _planted(seed, same_place, snapped)
    return fit_sepp(events, GRID, SeppOptions(location_precision=precision))


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("same_place", [0.3, 0.6])
def test_snapped_repeats_collapse_one_gaussian_but_not_the_two_components(seed, same_place):
    _, planted = _planted(seed, same_place)
    single = _fit(seed, same_place, 0.0)
    assert single.sigma < 1.0  # the defect: zero-distance pairs drive sigma to its floor
    fit = _fit(seed, same_place, 5.0)
    assert fit.converged
    assert abs(fit.sigma - SIGMA) < 0.2 * SIGMA
    assert abs(fit.theta - THETA) < 0.07
    assert abs(fit.same_place - planted) < 0.08
    assert abs(fit.mean_delay - 1 / OMEGA) < 0.25 / OMEGA
    # The single Gaussian took the near repeats for background: theta far too low.
    assert single.theta < THETA - 0.15


@pytest.mark.parametrize("seed", [1, 2])
def test_without_snapping_the_fit_is_the_single_gaussians(seed):
    # No two events share a place: nothing informs the same-place parts, so none is fitted.
    single, fit = _fit(seed, 0.0, 0.0, snapped=False), _fit(seed, 0.0, 5.0, snapped=False)
    assert fit.stacked_share == 0.0 and fit.options.location_precision == 0.0
    assert (fit.theta, fit.omega, fit.sigma, fit.same_place, fit.place_share) == (
        single.theta, single.omega, single.sigma, 0.0, 0.0)
    # Snapped to addresses, many do, and the parts are fitted.
    assert _fit(seed, 0.0, 5.0).stacked_share > 0.05 and _fit(seed, 0.0, 5.0).options.location_precision == 5.0


def test_parameters_name_the_share_and_the_precision():
    parameters = _fit(1, 0.3, 5.0).as_parameters()
    assert parameters["location_precision_m"] == 5.0
    assert 0.2 < parameters["same_place_share"] < 0.45
    assert _fit(1, 0.3, 0.0).as_parameters()["same_place_share"] == 0.0


def test_same_place_pairs_are_the_close_pairs_within_six_standard_deviations():
    rng = np.random.default_rng(3)
    n = 400
    t = np.sort(rng.uniform(0, 50, n))
    x, y = rng.integers(0, 20, n) * 10.0, rng.integers(0, 20, n) * 10.0  # many exact repeats
    pairs = close_pairs(t, x, y, 30.0, 80.0)
    trigger = SpatialTrigger(50.0, 0.3, 4.0)
    same = SamePlacePairs.of(pairs, trigger)
    reach = (6.0 * math.sqrt(2.0) * 4.0) ** 2
    keep = pairs.d2 <= reach
    assert len(same) == int(keep.sum()) > 0
    np.testing.assert_array_equal(same.child, pairs.later[keep])
    kernel, delay = same.kernel_sums(0.1, trigger.same_variance, n)
    direct = np.exp(-0.1 * pairs.dt[keep] - pairs.d2[keep] / (2 * trigger.same_variance))
    np.testing.assert_allclose(kernel, np.bincount(pairs.later[keep], direct, minlength=n), rtol=1e-6)
    np.testing.assert_allclose(delay, np.bincount(pairs.later[keep], direct * pairs.dt[keep], minlength=n),
                               rtol=1e-6)
    assert len(SamePlacePairs.of(pairs, SpatialTrigger(50.0))) == 0


def test_m_step_removes_the_location_error_and_stops_at_the_floor():
    trigger = SpatialTrigger(80.0, 0.2, 5.0)
    # sum p d^2 / (2 sum p) = 90^2: sigma^2 = 90^2 - 2 * 5^2; share 30 / (70 + 30).
    moved = trigger.updated(70.0, 2 * 70.0 * 90.0 ** 2, 30.0)
    assert moved.sigma == pytest.approx(math.sqrt(90.0 ** 2 - 50.0))
    assert moved.same_place == pytest.approx(0.3)
    assert trigger.updated(70.0, 2 * 70.0 * 3.0 ** 2, 30.0).sigma == SIGMA_FLOOR
    assert SpatialTrigger(80.0).updated(70.0, 2 * 70.0 * 90.0 ** 2, 30.0).same_place == 0.0
    with pytest.raises(ValueError, match="location precision"):
        SpatialTrigger(80.0, 0.2, 0.0)


def test_forecast_of_one_event_matches_the_closed_form_with_two_components():
    grid = Grid.covering(0.0, 0.0, 4000.0, 4000.0, 100.0)
    theta, omega, sigma, share, precision, age, horizon = 0.6, 0.25, 120.0, 0.4, 5.0, 5.0, 7.0
    events = EventSet.from_arrays(x=[2050.0], y=[1950.0], t=[95.0])
    fit = SeppFit(theta=theta, omega=omega, sigma=sigma, log_likelihood=0.0, iterations=1, converged=True,
                  n_events=1, n_pairs=0, background_probability=np.ones(1), background=np.zeros(grid.shape),
                  seasonal=SeasonalFactors.flat(), grid=grid, events=events, source_index=np.zeros(1, np.int64),
                  start=0.0, end=100.0, time_cutoff=90.0, space_cutoff=2000.0,
                  options=SeppOptions(location_precision=precision), same_place=share)
    surface = expected_events(fit, grid, as_of=100.0, horizon=horizon)
    # The total does not depend on where the offspring land (renewal equation).
    total = theta * math.exp(-omega * age) * -math.expm1(-omega * (1 - theta) * horizon) / (1 - theta)
    assert float(surface.values.astype(np.float64).sum()) == pytest.approx(total, rel=1e-5)
    # Generation g: k of its g steps are near steps (binomial), at variance k sigma^2 + 2 precision^2.
    row, col, _ = grid.cell_of(np.array([2050.0]), np.array([1950.0]))
    expected = 0.0
    for g in range(1, 60):
        mass = theta ** g * stats.gamma.cdf(horizon, g, scale=1 / omega) * math.exp(-omega * age)
        k = np.arange(g + 1)
        spread = np.sqrt(k * sigma ** 2 + 2 * precision ** 2)
        expected += mass * float(np.sum(stats.binom.pmf(k, g, 1 - share) * (2 * ndtr(50.0 / spread) - 1) ** 2))
    assert surface.values[row[0], col[0]] == pytest.approx(expected, rel=1e-5)
    assert np.allclose(step_mixture(3, 0.0), [0, 0, 0, 1])


@lru_cache(maxsize=None)
def _busy_places(seed: int) -> EventSet:
    """No repeat at all: a year of background events at 8,000 addresses with heavy-tailed (log-normal)
    rates, as real records pile up at busy addresses and intersections."""
    rng = np.random.default_rng(seed)
    ax, ay = rng.uniform(0.0, WIDTH, 8000), rng.uniform(0.0, WIDTH, 8000)
    weight = np.exp(rng.normal(0.0, 1.5, ax.size))
    address = rng.choice(ax.size, rng.poisson(6 * 365), p=weight / weight.sum())
    return EventSet.from_arrays(x=ax[address], y=ay[address], t=np.sort(rng.uniform(0.0, 365.0, address.size)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_busy_places_without_repeats_are_background_not_repeats(seed):
    events = _busy_places(seed)
    fit = fit_sepp(events, GRID, SeppOptions())
    assert fit.theta < 0.08
    assert fit.place_share > 0.3  # the busy places are background's
    # One Gaussian takes the coincidences at busy places for repeats months apart (theta 0.9 to 33).
    single = fit_sepp(events, GRID, SeppOptions(location_precision=0.0))
    assert single.theta > 0.5 and single.sigma < 1.0


def test_place_rates_are_held_out_of_the_events_own_period():
    rng = np.random.default_rng(5)
    n = 300
    # Places 40 m apart in x, 1.5 m apart in y: exact duplicates and places within reach of each other.
    x, y = rng.integers(0, 6, n) * 40.0 + 1000.0, 1000.0 + rng.integers(-3, 4, n) * 1.5
    t = np.sort(rng.uniform(0.0, 100.0, n))
    edges, bounds = period_bounds(t, 0.0, 100.0)
    cell = GRID.flat_index(x, y)
    places = PlaceKernels.of(x, y, bounds, cell, GRID.inside, 4.0, reach=6.0)
    weights, exposure = rng.uniform(0.2, 1.0, n), np.diff(edges)
    rate_map, held = places.rates(weights, exposure)
    period = np.repeat(np.arange(bounds.size - 1), np.diff(bounds))
    variance = 2 * 4.0 ** 2
    d2 = (x[:, None] - x[None, :]) ** 2 + (y[:, None] - y[None, :]) ** 2
    density = np.exp(-d2 / (2 * variance)) / (2 * np.pi * variance)
    other = (period[:, None] != period[None, :]) & (d2 <= 36 * variance)
    expected = (density * other) @ weights / (exposure.sum() - exposure[period])
    np.testing.assert_allclose(held, expected, rtol=1e-10)
    assert rate_map.sum() == pytest.approx(weights.sum() / exposure.sum())
    np.testing.assert_allclose(rate_map.ravel()[cell], np.bincount(cell, weights, minlength=GRID.inside.size)[cell]
                               / exposure.sum())


def test_cascade_in_chunks_of_history_is_the_same(monkeypatch):
    fit = _fit(1, 0.3, 5.0)
    whole = expected_events(fit, GRID, as_of=fit.end, horizon=28.0).values
    monkeypatch.setattr(sepp_cascade, "HISTORY_WEIGHTS", 50)
    np.testing.assert_allclose(expected_events(fit, GRID, as_of=fit.end, horizon=28.0).values, whole, rtol=1e-5,
                               atol=1e-9)


def test_a_location_precision_beyond_an_address_is_refused():
    with pytest.raises(ValueError, match="location_precision must be at most 100 m"):
        SeppOptions(location_precision=500.0)
    with pytest.raises(ValueError, match="location_precision must be a number >= 0"):
        SeppOptions(location_precision=-1.0)
