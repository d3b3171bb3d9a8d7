"""SEPP forecast cascade: closed forms of the renewal equation, a Monte Carlo of the spatial
spread, and calibration of forecast totals on simulations with known and fitted parameters."""

import math
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pytest
from scipy import integrate

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.seasonality import DayPieces, SeasonalFactors
from crimerisk.algorithms.sepp import SeppFit, SeppOptions, expected_events, fit_sepp
from crimerisk.algorithms.sepp_cascade import (
    background_generation_weight, cell_transfer, erlang_cdf, erlang_cdf_integral, generations,
    spread_points,
)
from crimerisk.algorithms.simulate import CategorySpec, Neighbourhood, SimulationSpec, simulate_events

THETA, OMEGA, SIGMA = 0.3, 0.2, 100.0  # the case: theta 0.3, mean delay 5 days


def _resolvent_integral(x: float, theta: float, omega: float) -> float:
    """Expected descendants (all generations) within x days of an event: the integral of the
    resolvent theta omega exp(-omega (1 - theta) t) of the exponential kernel."""
    return theta / (1 - theta) * -math.expm1(-omega * (1 - theta) * x)


def _fit(grid: Grid, t, x, y, background: np.ndarray, end: float, *, theta=THETA, omega=OMEGA,
         sigma=SIGMA, time_cutoff=math.inf, seasonal=None) -> SeppFit:
    events = EventSet.from_arrays(x=x, y=y, t=t)
    n = len(events)
    return SeppFit(theta=theta, omega=omega, sigma=sigma, log_likelihood=0.0, iterations=1, converged=True,
                   n_events=n, n_pairs=0, background_probability=np.ones(n), background=background,
                   seasonal=seasonal or SeasonalFactors.flat(), grid=grid, events=events,
                   source_index=np.arange(n), start=0.0, end=end, time_cutoff=time_cutoff,
                   space_cutoff=2000.0, options=SeppOptions())


def test_erlang_pieces_match_numerical_integrals():
    for g in (1, 2, 5):
        x = 13.0
        numeric, _ = integrate.quad(lambda v: float(erlang_cdf(g, OMEGA, v)), 0.0, x)
        assert float(erlang_cdf_integral(g, OMEGA, x)) == pytest.approx(numeric, rel=1e-9)
    # Summed over generations, the Erlang masses rebuild the resolvent's closed form.
    g = np.arange(1, generations(THETA, OMEGA, 28.0) + 1)
    total = sum(THETA ** k * float(erlang_cdf(k, OMEGA, 28.0)) for k in g)
    assert total == pytest.approx(_resolvent_integral(28.0, THETA, OMEGA), rel=1e-8)
    for spread in (0.05, 0.7, 3.0):
        assert cell_transfer(spread).sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("time_cutoff", [math.inf, 9.0])
def test_one_parent_expected_count_matches_the_renewal_equation(time_cutoff):
    # A parent 3 days before AS_OF, nothing else: its children after AS_OF come at
    # theta omega exp(-omega (a + u)) (only while a + u < cutoff), and each brings its whole cascade.
    grid = Grid.covering(0.0, 0.0, 8000.0, 8000.0, 100.0)
    age, horizon = 3.0, 14.0
    fit = _fit(grid, [97.0], [4000.0], [4000.0], np.zeros(grid.shape), 100.0, time_cutoff=time_cutoff)
    surface = expected_events(fit, grid, 100.0, horizon)

    def rate(u: float) -> float:
        return THETA * OMEGA * math.exp(-OMEGA * (age + u)) * (1 + _resolvent_integral(horizon - u, THETA, OMEGA))

    expected, _ = integrate.quad(rate, 0.0, min(horizon, time_cutoff - age))
    if time_cutoff == math.inf:
        closed = THETA * math.exp(-OMEGA * age) * -math.expm1(-OMEGA * (1 - THETA) * horizon) / (1 - THETA)
        assert expected == pytest.approx(closed, rel=1e-9)
    assert surface.parameters["expected_total"] == pytest.approx(expected, rel=1e-6)
    # Without the cascade (direct children only) the count is markedly lower.
    direct = THETA * (math.exp(-OMEGA * age) - math.exp(-OMEGA * min(age + horizon, time_cutoff)))
    assert surface.parameters["expected_total"] > 1.15 * direct


def test_seasonal_background_cascade_matches_the_renewal_equation():
    # Background only in a central block (nothing reaches the edges), weekday factors.
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 200.0)
    background = np.zeros(grid.shape)
    background[20:30, 20:30] = 0.01
    weekday = np.array([0.5, 1.0, 1.0, 1.0, 1.0, 1.5, 1.0])
    seasonal = SeasonalFactors(weekday=weekday / weekday.mean(), month=np.ones(12))
    as_of, horizon = 102.25, 10.0  # from a Monday 06:00
    fit = _fit(grid, [0.0], [5000.0], [5000.0], background, 100.0, seasonal=seasonal, time_cutoff=30.0)
    surface = expected_events(fit, grid, as_of, horizon)

    def rate(u: float) -> float:
        level = float(background.sum() * seasonal.at(np.array([as_of + u]))[0])
        return level * (1 + _resolvent_integral(horizon - u, THETA, OMEGA))

    breaks = np.arange(math.ceil(as_of), as_of + horizon) - as_of
    expected = sum(integrate.quad(rate, a, b)[0]
                   for a, b in zip(np.r_[0.0, breaks], np.r_[breaks, horizon]))
    assert surface.parameters["expected_total"] == pytest.approx(expected, rel=1e-6)
    pieces = DayPieces.of_window(as_of, as_of + horizon)
    factors = seasonal.weekday[pieces.weekday]
    assert background_generation_weight(factors, pieces.length, THETA, OMEGA, 0) == pytest.approx(
        seasonal.integral(pieces))


def test_spatial_spread_of_the_cascade_matches_a_monte_carlo():
    # Simulate the descendants of one parent (children after AS_OF only) by the branching
    # construction and compare where they land, ring by ring, with the forecast surface.
    rng = np.random.default_rng(5)
    theta, omega, sigma, age, horizon = 0.6, 0.25, 150.0, 2.0, 20.0
    n_parents = 200_000
    children = rng.poisson(theta * math.exp(-omega * age), n_parents)
    t = rng.exponential(1 / omega, children.sum())  # memoryless: delay after AS_OF
    xy = sigma * rng.standard_normal((children.sum(), 2))
    landed = []
    while t.size:
        inside = t < horizon
        t, xy = t[inside], xy[inside]
        landed.append(xy)
        n = rng.poisson(theta, t.size)
        t = np.repeat(t, n) + rng.exponential(1 / omega, n.sum())
        xy = np.repeat(xy, n, axis=0) + sigma * rng.standard_normal((n.sum(), 2))
    landed = np.concatenate(landed) + 5000.0
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 100.0)
    fit = _fit(grid, [100.0 - age], [5000.0], [5000.0], np.zeros(grid.shape), 100.0,
               theta=theta, omega=omega, sigma=sigma)
    surface = expected_events(fit, grid, 100.0, horizon).values.astype(np.float64)
    simulated = grid.count(landed[:, 0], landed[:, 1]) / n_parents
    assert surface.sum() == pytest.approx(simulated.sum(), rel=0.01)
    cx, cy = grid.centre_grid()
    ring = np.digitize(np.hypot(cx - 5000.0, cy - 5000.0), [150.0, 300.0, 450.0, 600.0, 900.0]).ravel()
    expected_rings = np.bincount(ring, weights=surface.ravel())
    simulated_rings = np.bincount(ring, weights=simulated.ravel())
    np.testing.assert_allclose(simulated_rings, expected_rings, rtol=0.04)
    # Spreading every generation by sigma alone (no sqrt(g) growth) would fail the comparison.
    naive = spread_points(grid, np.array([5000.0]), np.array([5000.0]), np.array([surface.sum()]), sigma)
    naive_rings = np.bincount(ring, weights=naive.ravel())
    assert np.max(np.abs(naive_rings / simulated_rings - 1)) > 0.2


# ---------------------------------------------------------------------------------------------
# Calibration on simulated crime with known truth

WIDTH, CELL, DAYS, FIT_DAYS = 5000.0, 500.0, 1800.0, 600.0
HOODS = (Neighbourhood(1500.0, 1500.0, 800.0, 0.4), Neighbourhood(3500.0, 3000.0, 800.0, 0.35),
         Neighbourhood(2000.0, 3750.0, 800.0, 0.25))
GRID = Grid.covering(0.0, 0.0, WIDTH, WIDTH, CELL)


@lru_cache(maxsize=None)
def _simulation(seed: int):
    spec = SimulationSpec(categories=(CategorySpec("burglary", 3.0, theta=THETA, omega=OMEGA, sigma=SIGMA),),
                          width=WIDTH, height=WIDTH, n_days=DAYS, uniform_share=0.4, neighbourhoods=HOODS,
                          seed=seed)
    events, truth = simulate_events(spec)
    fitted = fit_sepp(events.before(FIT_DAYS), GRID, end=FIT_DAYS)
    # The true background: the simulated density integrated over each cell (10 x 10 points a cell).
    offsets = (np.arange(10) + 0.5) / 10 * CELL - CELL / 2
    cx, cy = GRID.centre_grid()
    density = np.mean([truth.background_density(cx + a, cy + b) for a in offsets for b in offsets], axis=0)
    known = replace(fitted, theta=THETA, omega=OMEGA, sigma=SIGMA, background=density * CELL ** 2 * 3.0,
                    seasonal=SeasonalFactors.flat(), time_cutoff=90.0)
    return events, known, fitted


def _forecast_over_observed(events: EventSet, fit: SeppFit, horizon: float) -> float:
    forecast, observed = [], []
    for as_of in np.arange(FIT_DAYS, DAYS - horizon, 7.0 if horizon >= 7.0 else 2.0):
        forecast.append(expected_events(fit, GRID, as_of, horizon, events=events).parameters["expected_total"])
        future = events.between(as_of, as_of + horizon)
        observed.append(int(GRID.contains(future.x, future.y).sum()))
    return float(np.mean(forecast) / np.mean(observed))


@pytest.mark.parametrize("parameters", ["known", "fitted"])
@pytest.mark.parametrize("horizon", [1.0, 7.0, 28.0])
def test_forecast_totals_are_calibrated(parameters, horizon):
    # Before the cascade the totals were 0.85 (7 days) and 0.75 (28 days) of what happened.
    events, known, fitted = _simulation(1)
    fit = known if parameters == "known" else fitted
    assert abs(_forecast_over_observed(events, fit, horizon) - 1.0) < 0.05
