"""The backtest scored by share of street length: street methods beside the grid ones, "grid or streets?"."""

from __future__ import annotations

import numpy as np
import pytest

from crimerisk.algorithms.evaluate import BacktestResult, backtest, summarise_rows
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.network_backtest import (NETWORK_DECAYED, NETWORK_NEAR_REPEAT, IndexedEvents,
                                                   LengthScoring, street_methods, streets_or_grid)
from crimerisk.algorithms.network_score import network_scores
from crimerisk.algorithms.network_simulate import simulate_on_streets, street_grid
from crimerisk.algorithms.registry import build_methods, is_baseline, label_of
from crimerisk.tests.test_network_forecast import hit_rates_network_and_grid

#: Long streets 60 m apart: a 150 m cell holds two or three streets of which one is at risk.
TOWN = {"blocks": 6, "block_size": 400.0, "seed": 1, "block_height": 60.0, "missing_share": 0.0}
GRID = Grid(-50.0, -50.0 + 17 * 150.0, 150.0, 17, 17)


def street_backtest(simulated, folds=90):
    """The backtest of grid and street near repeats (150 m, 14 days) and long-term counts on ``simulated``
    events, scored by share of street length, every 2 days from day 60."""
    net = street_grid(**TOWN)
    events = IndexedEvents.of(EventSet.from_arrays(simulated["x"], simulated["y"], simulated["t"]))
    methods = build_methods(["nearrepeat"], {"nr_space_bandwidth": 150.0, "nr_time_bandwidth": 14.0})
    methods.update(street_methods(net, simulated["lixel"], simulated["position"], events, 150.0, 14.0))
    return backtest(events, GRID, methods, 60.0, folds, 2.0, (0.01, 0.05, 0.10),
                    scoring=LengthScoring(net, simulated["lixel"], GRID))


def test_near_repeats_along_streets_rank_the_street_forecast_above_the_grid_one_at_5_percent():
    net = street_grid(**TOWN)
    simulated = simulate_on_streets(net, days=240, lag_days=2.0, seed=0, branching=0.9, reach=100.0,
                                    background_per_day=0.5)
    result = street_backtest(simulated)
    assert result.scored_on == "street length"
    streets = result.summary_for(NETWORK_NEAR_REPEAT, 0.05)["hit_rate_mean"]
    grid = result.summary_for("nearrepeat", 0.05)["hit_rate_mean"]
    assert streets > grid + 0.05
    answer = streets_or_grid(result, 0.05)
    assert answer["winner"] == "streets"
    assert answer["streets"]["method"] == NETWORK_NEAR_REPEAT
    # the same hit rates as scoring each forecast directly on the streets (Rosser et al.'s definition)
    ours, theirs = hit_rates_network_and_grid({"branching": 0.9, "reach": 100.0, "background_per_day": 0.5,
                                               "spread": "network"}, 0)
    assert streets == pytest.approx(np.nanmean(ours))
    assert grid == pytest.approx(np.nanmean(theirs))
    # every method is judged on the same events and the same street length
    fold0 = [r for r in result.rows if r["fold"] == 0 and r["coverage"] == 0.05]
    assert len({r["n_events"] for r in fold0}) == 1 and len({r["area_share"] for r in fold0}) == 1
    assert fold0[0]["area_share"] == pytest.approx(0.05)
    assert fold0[0]["n_events"] == np.count_nonzero((simulated["t"] >= 60.0) & (simulated["t"] < 62.0))


def test_without_street_structure_the_backtest_does_not_claim_the_streets_win():
    net = street_grid(**TOWN)
    simulated = simulate_on_streets(net, days=180, seed=3, branching=0.0, concentration=0.0,
                                    background_per_day=5.0)
    answer = streets_or_grid(street_backtest(simulated, folds=60), 0.05)
    assert answer["winner"] != "streets", answer["streets"]["p_adjusted"]


def test_length_scoring_counts_hits_pei_and_the_curve_by_street_length():
    net = street_grid(2, 100.0, missing_share=0.0, lixel_length=50.0)
    lixel = np.array([0, 0, 3, -1])
    scoring = LengthScoring(net, lixel)
    events = IndexedEvents.of(EventSet.from_arrays(np.zeros(4), np.zeros(4), np.zeros(4)))
    counts, outside = scoring.fold_counts(events, None)
    assert outside == 1 and counts.sum() == 3 and counts[0] == 2
    values = np.zeros(net.n_lixels)
    values[3] = 1.0  # one event of three on the lixel ranked first
    scores, share, hit, unscored = scoring.score(values, counts, (1 / net.n_lixels,))
    expected = network_scores(values, net.lixel_length, lixel, (1 / net.n_lixels,))[0]
    assert scores[0].hit_rate == pytest.approx(expected["hit_rate"]) == pytest.approx(1 / 3)
    assert scores[0].pei_star == pytest.approx(0.5)  # the best lixel of that length held 2 events
    assert scores[0].cells == 1 and unscored == 0
    assert share[0] == 0.0 and share[-1] == pytest.approx(1.0) and hit[-1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="IndexedEvents"):
        scoring.fold_counts(EventSet.from_arrays(np.zeros(1), np.zeros(1), np.zeros(1)), None)


def test_street_methods_have_labels_and_the_street_counts_are_a_baseline():
    assert is_baseline(NETWORK_DECAYED) and not is_baseline(NETWORK_NEAR_REPEAT)
    assert "streets" in label_of(NETWORK_NEAR_REPEAT)


# --------------------------------------------------------------------------- error rate of "grid or streets?"

METHODS = ("nearrepeat", "decayed", NETWORK_NEAR_REPEAT, NETWORK_DECAYED)


def simulated_fold_hits(rng, replicates, folds, lift):
    """Hits at 5% of the street length of two grid and two street methods over ``folds`` folds,
    ``replicates`` times: sparse, autocorrelated counts (gamma AR(1) rate), each event caught by a
    method with probability 0.15 (the street near repeat 0.15 + ``lift``), catches shared among the
    methods (their best streets overlap). Returns (counts [R, F], hits [R, F, M])."""
    level = rng.gamma(4.0, 1.0, replicates)
    counts = np.empty((replicates, folds), dtype=np.int64)
    for k in range(folds):
        level = 0.7 * level + 0.3 * rng.gamma(4.0, 1.0, replicates)
        counts[:, k] = rng.poisson(3.0 * level)
    shared = rng.binomial(counts, 0.10)
    rest = counts - shared
    own = np.stack([rng.binomial(rest, (0.05 + (lift if m == NETWORK_NEAR_REPEAT else 0.0)) / 0.90)
                    for m in METHODS], axis=-1)
    return counts, shared[..., None] + own


def result_of(counts, hits) -> BacktestResult:
    """A backtest result holding these fold hits at 5% of the street length."""
    rows = []
    for m, name in enumerate(METHODS):
        for fold, n in enumerate(counts):
            rate = hits[fold, m] / n if n else np.nan
            rows.append({"method": name, "fold": fold, "coverage": 0.05, "area_share": 0.05, "hit_rate": rate,
                         "pai": rate / 0.05, "pei_star": np.nan, "auc": np.nan, "empty": n == 0, "error": ""})
    return BacktestResult(rows, summarise_rows(rows), [(k, k + 1.0) for k in range(counts.size)], list(METHODS),
                          (0.05,), scored_on="street length")


def claim_rates(rng, replicates, folds, lift):
    counts, hits = simulated_fold_hits(rng, replicates, folds, lift)
    winners = [streets_or_grid(result_of(counts[r], hits[r]), 0.05)["winner"] for r in range(replicates)]
    return winners.count("streets") / replicates, winners.count("grid") / replicates


def test_grid_or_streets_keeps_its_error_rate_and_finds_a_real_lift():
    rng = np.random.default_rng(15)
    streets, grid = claim_rates(rng, 800, 60, lift=0.0)
    assert streets <= 0.05  # one-sided 2.5%, Holm-adjusted, 800 replicates
    assert streets + grid <= 0.075
    streets, grid = claim_rates(rng, 300, 60, lift=0.08)  # 15% -> 23% at 5% of the street length
    assert streets >= 0.8 and grid == 0.0
