"""The simulator produces what its parameters say."""

import numpy as np

from crimerisk.algorithms.simulate import CategorySpec, Neighbourhood, SimulationSpec, simulate_events


def _spec(**kw):
    base = dict(categories=(CategorySpec("a", background_rate=20.0, theta=0.4, omega=0.5, sigma=50.0),),
                n_days=400.0, width=5000.0, height=5000.0, seed=3)
    base.update(kw)
    return SimulationSpec(**base)


def test_same_seed_same_events_and_time_order():
    a, _ = simulate_events(_spec())
    b, _ = simulate_events(_spec())
    np.testing.assert_array_equal(a.t, b.t)
    np.testing.assert_array_equal(a.x, b.x)
    assert np.all(np.diff(a.t) >= 0)


def test_branching_ratio_delay_and_spread_match_parameters():
    events, truth = simulate_events(_spec())
    child = truth.parent >= 0
    # Stationary share of offspring is theta (edge effects at the end are small over 400 days).
    assert abs(child.mean() - 0.4) < 0.03
    delays = events.t[child] - events.t[truth.parent[child]]
    assert np.all(delays > 0)
    assert abs(delays.mean() - 2.0) < 0.15  # 1 / omega
    dx = events.x[child] - events.x[truth.parent[child]]
    assert abs(dx.std() - 50.0) < 3.0
    # Background count is Poisson(rate * days).
    assert abs((~child).sum() - 8000) < 4 * np.sqrt(8000)


def test_background_follows_the_neighbourhood_mixture():
    hood = Neighbourhood(x=2500.0, y=2500.0, radius=200.0, weight=1.0)
    spec = _spec(categories=(CategorySpec("a", 30.0),), neighbourhoods=(hood,), uniform_share=0.5)
    events, truth = simulate_events(spec)
    near = np.hypot(events.x - 2500, events.y - 2500) < 400  # 2 sigma holds 86.5% of the hood
    expected = 0.5 * (1 - np.exp(-2)) + 0.5 * np.pi * 400 ** 2 / 5000 ** 2
    assert abs(near.mean() - expected) < 0.02
    assert truth.background_density(np.array([2500.0]), np.array([2500.0]))[0] > 0


def test_seasonality_shapes_the_background():
    spec = _spec(categories=(CategorySpec("a", 50.0),), n_days=365.0 * 4, yearly_amplitude=0.5,
                 yearly_peak_day=180.0, start_day=0.0)
    events, _ = simulate_events(spec)
    doy = np.mod(events.t, 365.25)
    summer = np.sum(np.abs(doy - 180) < 45)
    winter = np.sum((doy < 45) | (doy > 320))
    assert summer / winter > 1.8  # (1 + 0.5 cos) gives about 2.4 between peak and trough quarters


def test_background_mix_does_not_drift_over_time():
    hood = Neighbourhood(x=2500.0, y=2500.0, radius=100.0, weight=1.0)
    spec = _spec(categories=(CategorySpec("a", 30.0),), neighbourhoods=(hood,), uniform_share=0.5)
    events, _ = simulate_events(spec)
    near = np.hypot(events.x - 2500, events.y - 2500) < 300
    first, second = near[events.t < 200].mean(), near[events.t >= 200].mean()
    assert abs(first - second) < 0.04
