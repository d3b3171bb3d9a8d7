"""The learned forecast on street segments: no leakage, a planted effect learned, a win over the
segment baseline where the past predicts the future, and no claim where it does not."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from crimerisk.algorithms.network_backtest import decayed_counts_method, network_backtest  # noqa: E402
from crimerisk.algorithms.network_learned import (NetworkFeatureBuilder, NetworkLearnedSettings,  # noqa: E402
                                                  fit_learned, learned_method, network_learned_forecast,
                                                  ring_matrices)
from crimerisk.algorithms.network_paths import point_distances  # noqa: E402
from crimerisk.algorithms.network_simulate import simulate_on_streets, street_grid  # noqa: E402

SETTINGS = NetworkLearnedSettings(n_threads=1, evaluate=False, max_iter=100)


@pytest.fixture(scope="module")
def town():
    net = street_grid(8, 100.0, seed=3)
    events = simulate_on_streets(net, days=2 * 365.0, background_per_day=1.5, branching=0.6, reach=100.0,
                                 concentration=1.0, seed=3)
    return net, events


def test_rings_hold_the_lixels_whose_midpoints_lie_within_each_distance_along_the_streets():
    net = street_grid(3, 100.0, seed=0)
    mid = 0.5 * net.lixel_length
    truth = point_distances(net, np.arange(net.n_lixels), mid, 400.0)
    near, far = ring_matrices(net, (100.0, 250.0))
    off_diagonal = ~np.eye(net.n_lixels, dtype=bool)
    np.testing.assert_array_equal(near.toarray() > 0, (truth <= 100.0 + 1e-6) & off_diagonal)
    np.testing.assert_array_equal(far.toarray() > 0, (truth > 100.0 + 1e-6) & (truth <= 250.0 + 1e-6))


def test_features_of_a_period_never_read_events_from_it_or_later(town):
    net, events = town
    rng = np.random.default_rng(0)
    lixel, t = events["lixel"], events["t"]
    moment = 500.0
    scrambled = lixel.copy()
    future = t >= moment
    scrambled[future] = rng.permutation(lixel[future])  # the labels of every later period shuffled
    moved = np.where(future, rng.uniform(moment, 2 * 365.0, t.size), t)
    before = NetworkFeatureBuilder(net, lixel, t, None, SETTINGS).at(moment)
    after = NetworkFeatureBuilder(net, scrambled, moved, None, SETTINGS).at(moment)
    np.testing.assert_array_equal(before, after)
    assert np.any(NetworkFeatureBuilder(net, scrambled, t, None, SETTINGS).targets(moment, moment + 7.0)
                  != NetworkFeatureBuilder(net, lixel, t, None, SETTINGS).targets(moment, moment + 7.0))


def test_the_forecast_is_the_same_whatever_happens_after_as_of(town):
    net, events = town
    lixel, t = events["lixel"], events["t"]
    as_of = 600.0
    future = t >= as_of
    scrambled = lixel.copy()
    scrambled[future] = np.random.default_rng(1).permutation(lixel[future])
    a = network_learned_forecast(net, lixel, t, None, as_of, 7.0, SETTINGS)
    b = network_learned_forecast(net, scrambled, t, None, as_of, 7.0, SETTINGS)
    np.testing.assert_array_equal(a.values, b.values)
    assert a.parameters["events_used"] == int(np.count_nonzero(~future))


def repeat_on_the_same_lixel(net, days: float, rate: float, offspring: float, seed: int):
    """Background events uniform on the streets; each triggers Poisson(``offspring``) more on the same
    lixel within the next 7 days (uniform lag), once (no cascade)."""
    rng = np.random.default_rng(seed)
    n = rng.poisson(rate * days)
    lixel = rng.choice(net.n_lixels, n, p=net.lixel_length / net.total_length)
    t = rng.uniform(0, days, n)
    kids = rng.poisson(offspring, n)
    parent = np.repeat(np.arange(n), kids)
    return np.concatenate([lixel, lixel[parent]]), np.concatenate([t, t[parent] + rng.uniform(0, 7, parent.size)])


def test_it_learns_a_planted_repeat_on_the_same_street_piece():
    net = street_grid(8, 100.0, seed=4)
    lixel, t = repeat_on_the_same_lixel(net, 2 * 365.0, rate=1.5, offspring=1.0, seed=4)
    as_of = 700.0
    risk = network_learned_forecast(net, lixel, t, None, as_of, 7.0,
                                    NetworkLearnedSettings(n_threads=1, max_iter=100, permutation_repeats=2,
                                                           importance_max_samples=3000))
    recent = np.zeros(net.n_lixels, dtype=bool)
    recent[lixel[(t < as_of) & (t >= as_of - 3.0)]] = True
    # truth: a lixel hit in the last 3 days expects (most of) one offspring within 7 days,
    # the others 1.5 * 7 / n_lixels background events each
    background = 1.5 * 7.0 * net.lixel_length / net.total_length
    lift = risk.values[recent].mean() / risk.values[~recent].mean()
    assert lift > 5.0
    assert risk.values[~recent].mean() == pytest.approx(background.mean() * 2, rel=0.5)
    top = [name for name, _, _ in risk.parameters["importances"][:2]]
    short_memory = {"lixel_7d", "days_since_lixel", "near_repeat_200m", "lixel_28d", "segment_7d",
                    "days_since_segment"}
    assert set(top) & short_memory, top
    assert risk.parameters["why_red"][0][1] != risk.parameters["why_red"][0][2]


def backtest_learned_against_baseline(net, events, folds=30, refit_every=15):
    lixel, t = events["lixel"], events["t"]
    methods = {"baseline": decayed_counts_method(net, lixel, t, None),
               "learned": learned_method(net, lixel, t, None, SETTINGS, refit_every=refit_every)}
    return network_backtest(net, lixel, t, methods, 2 * 365.0 - folds * 7.0, folds, 7.0, (0.05,),
                            reference="baseline")


def test_on_a_town_with_near_repeats_it_catches_more_than_the_segment_baseline():
    net = street_grid(8, 100.0, seed=6)
    events = simulate_on_streets(net, days=2 * 365.0, background_per_day=1.5, branching=0.6, reach=100.0,
                                 concentration=1e-9, seed=6)
    result = backtest_learned_against_baseline(net, events)
    comparison = result.comparisons[0]
    assert comparison["claim"] and comparison["mean_difference"] > 0.03, comparison


def test_on_a_null_town_it_neither_claims_to_beat_the_baseline_nor_finds_more_than_chance():
    net = street_grid(8, 100.0, seed=7)
    events = simulate_on_streets(net, days=2 * 365.0, background_per_day=3.0, branching=0.0,
                                 concentration=1e-9, seed=7)
    result = backtest_learned_against_baseline(net, events)
    assert not result.comparisons[0]["claim"]
    learned = next(r for r in result.summary if r["method"] == "learned")
    assert 0.02 < learned["mean_hit_rate"] < 0.08  # 5% of the length holds 5% of the crime


def test_refitting_less_often_still_reads_features_at_each_origin(town):
    net, events = town
    lixel, t = events["lixel"], events["t"]
    method = learned_method(net, lixel, t, None, SETTINGS, refit_every=3)
    first = method(np.flatnonzero(t < 600.0), 600.0, 7.0)
    second = method(np.flatnonzero(t < 607.0), 607.0, 7.0)  # same model, new features
    fitted = fit_learned(net, lixel, t, None, 600.0, 7.0, SETTINGS)
    np.testing.assert_allclose(first, fitted.predict(600.0) / net.lixel_length)
    fitted.builder.set_events(lixel[t < 607.0], t[t < 607.0], None)
    np.testing.assert_allclose(second, fitted.predict(607.0) / net.lixel_length)
    assert not np.allclose(first, second)


def test_bad_settings_and_too_little_history_are_refused(town):
    net, events = town
    with pytest.raises(ValueError, match="ring_radii"):
        NetworkLearnedSettings(ring_radii=(300.0, 100.0))
    with pytest.raises(ValueError, match="too little history"):
        network_learned_forecast(net, events["lixel"], events["t"], None, 380.0, 7.0, SETTINGS)
    with pytest.raises(ValueError, match="no event on the network"):
        network_learned_forecast(net, np.full(events["t"].size, -1), events["t"], None, 600.0, 7.0, SETTINGS)
