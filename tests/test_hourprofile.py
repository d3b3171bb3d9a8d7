"""Hour-of-week profiles by place: shrinkage against known truth, shift forecasts on a
simulated town with a night district and a day district, heat tables and peaks."""

import numpy as np
import pytest

from crimerisk.algorithms.aoristic import aoristic_weights
from crimerisk.algorithms.evaluate import score_surface
from crimerisk.algorithms.hourprofile import (
    fit_profiles, forecast_in_shift, heat_table, peak_hour, peak_shift, shift_share,
)
from crimerisk.algorithms.shifts import HOURS_PER_WEEK, hour_of_week_counts, parse_shift
from crimerisk.tests.town_hours import MONDAY, hours_profile as _hours_profile, simulate as _simulate, town as _town

def _fit_and_forecast(seed, train_days=364, horizon=28):
    rng = np.random.default_rng(seed)
    rate, profile, night, day = _town(rng)
    cell, _, lo, hi = _simulate(rng, rate, profile, MONDAY, train_days, window_share=0.3)
    fitted = fit_profiles(cell, aoristic_weights(lo, hi), night.shape)
    whole = np.bincount(cell, minlength=rate.size).reshape(night.shape) * horizon / train_days
    as_of = MONDAY + train_days
    test_cell, test_t, _, _ = _simulate(rng, rate, profile, as_of, horizon)
    return fitted, whole, as_of, night, day, test_cell, test_t


def test_night_shift_forecast_ranks_the_night_district_first_and_the_day_shift_the_day_district():
    fitted, whole, as_of, night, day, _, _ = _fit_and_forecast(seed=1)
    assert whole[day].mean() > whole[night].mean()  # the whole-day forecast favours the day district
    at_night = forecast_in_shift(whole, fitted, parse_shift("22-06"), as_of, 28)
    by_day = forecast_in_shift(whole, fitted, parse_shift("06-14"), as_of, 28)
    assert at_night[night].mean() > 1.5 * at_night[day].mean()
    assert by_day[day].mean() > 1.5 * by_day[night].mean()


def test_shift_share_recovers_a_known_profile():
    # Every cell has the night profile: 64 of its 80 weight units (8 x 8 against 16 x 1) lie in 22-06.
    rng = np.random.default_rng(4)
    shape = (12, 12)
    rate = np.full(shape[0] * shape[1], 0.05)
    profile = np.tile(_hours_profile("night"), (rate.size, 1))
    cell, t, _, _ = _simulate(rng, rate, profile, MONDAY, 364)
    fitted = fit_profiles(cell, aoristic_weights(t), shape)
    share = shift_share(fitted, parse_shift("22-06"), MONDAY + 364, MONDAY + 392)
    assert share.mean() == pytest.approx(0.8, abs=0.03)
    assert np.abs(share - 0.8).max() < 0.08
    weekend = shift_share(fitted, parse_shift("22-06 Fri,Sat"), MONDAY + 364, MONDAY + 392)
    assert weekend.mean() == pytest.approx(0.8 * 2 / 7, abs=0.02)


def test_scored_on_night_events_the_night_shift_forecast_beats_the_whole_day_forecast():
    wins, gains = 0, []
    for seed in range(10):
        fitted, whole, as_of, night, _, test_cell, test_t = _fit_and_forecast(seed=100 + seed)
        shift = parse_shift("22-06")
        at_night = shift.contains_times(test_t)
        counts = np.bincount(test_cell[at_night], minlength=whole.size).reshape(whole.shape).astype(float)
        shifted = forecast_in_shift(whole, fitted, shift, as_of, 28)
        plain = score_surface(whole, None, counts, coverages=(0.09,))[0].hit_rate
        shifted_rate = score_surface(shifted, None, counts, coverages=(0.09,))[0].hit_rate
        wins += shifted_rate > plain
        gains.append(shifted_rate - plain)
    assert wins == 10
    assert np.mean(gains) > 0.2


def _dirichlet_cells(rng, n_cells, alpha, mean, events_per_cell):
    truth = rng.dirichlet(alpha * mean, size=n_cells)
    counts = np.stack([rng.multinomial(events_per_cell, p) for p in truth])
    return truth, counts


def _weights_from_counts(counts):
    """Point events at the hours of the week of ``counts`` [cells, 168] (first week of 2024)."""
    cell, how = np.nonzero(counts)
    reps = counts[cell, how]
    cell, how = np.repeat(cell, reps), np.repeat(how, reps)
    return cell, aoristic_weights(MONDAY + (how + 0.5) / 24)


def test_prior_strength_is_recovered_from_a_known_dirichlet():
    rng = np.random.default_rng(7)
    mean = _hours_profile("day")
    estimates = []
    for alpha in (20.0, 200.0):
        _, counts = _dirichlet_cells(rng, 900, alpha, mean, 60)
        cell, weights = _weights_from_counts(counts)
        estimates.append(fit_profiles(cell, weights, (30, 30)).alpha_)
    assert 20 / 1.6 < estimates[0] < 20 * 1.6
    assert 200 / 2 < estimates[1] < 200 * 2


def test_weekday_pooling_is_learned_from_the_data():
    # West half around one profile, east half around another: neighbourhoods say more than the whole area.
    rng = np.random.default_rng(9)
    weekend_only = _hours_profile("night").reshape(7, 24).copy()
    weekend_only[:4] *= 0.05  # Monday to Thursday nearly empty
    weekend_only = (weekend_only / weekend_only.sum()).ravel()
    west = np.arange(900) % 30 < 15  # cells are numbered row by row
    pooled = []
    for west_mean in (_hours_profile("night"), weekend_only):
        counts = np.where(west[:, None], _dirichlet_cells(rng, 900, 100.0, west_mean, 30)[1],
                          _dirichlet_cells(rng, 900, 100.0, _hours_profile("day"), 30)[1])
        cell, weights = _weights_from_counts(counts)
        pooled.append(fit_profiles(cell, weights, (30, 30)).pooling_)
    assert pooled[0] > 0.7  # no weekday effect anywhere: pool the weekdays
    assert pooled[1] < 0.3  # the west's weekend nights would be blurred into its weeknights


def test_prior_strength_is_not_inflated_by_time_windows():
    rng = np.random.default_rng(8)
    _, counts = _dirichlet_cells(rng, 900, 30.0, _hours_profile("day"), 60)
    cell, points = _weights_from_counts(counts)
    t = MONDAY + (points.hour_of_week + 0.5) / 24
    windowed = rng.random(t.size) < 0.5
    start = np.where(windowed, t - rng.uniform(0, 2, t.size) / 24, t)
    end = np.where(windowed, t + rng.uniform(0, 2, t.size) / 24, np.nan)
    exact = fit_profiles(cell, points, (30, 30)).alpha_
    spread = fit_profiles(cell, aoristic_weights(start, end), (30, 30), seed=3).alpha_
    assert 30 / 1.6 < exact < 30 * 1.6
    assert exact / 2 < spread < exact * 2  # fitted on the spread (fractional) counts instead: about 3 times larger


def _tv(p, q):
    return 0.5 * np.abs(p - q).sum()


@pytest.mark.parametrize("n_centre, closer_to", [(3, "surroundings"), (3000, "own")])
def test_few_events_follow_the_surroundings_many_their_own(n_centre, closer_to):
    rng = np.random.default_rng(11)
    _, counts = _dirichlet_cells(rng, 15 * 15, 30.0, _hours_profile("day"), 40)
    centre = 7 * 15 + 7
    own_truth = _hours_profile("night")
    counts[centre] = rng.multinomial(n_centre, own_truth)
    cell, weights = _weights_from_counts(counts)
    fitted = fit_profiles(cell, weights, (15, 15))
    estimate = fitted.profiles()[7, 7]
    surroundings = _hours_profile("day")  # the mean the surrounding cells were drawn around
    if closer_to == "surroundings":
        assert _tv(estimate, surroundings) < 0.15
        assert _tv(estimate, own_truth) > 0.5
    else:
        assert _tv(estimate, own_truth) < 0.1
        assert _tv(estimate, surroundings) > 0.5
    assert fitted.profiles().sum(axis=-1) == pytest.approx(1.0)


def test_an_empty_area_takes_the_whole_area_profile():
    counts = np.zeros((100, HOURS_PER_WEEK), dtype=int)
    rng = np.random.default_rng(2)
    counts[:10] = rng.multinomial(50, _hours_profile("night"), size=10)  # first row of a 10 x 10 grid
    cell, weights = _weights_from_counts(counts)
    fitted = fit_profiles(cell, weights, (10, 10))
    far = fitted.profiles()[9, 9]
    assert far == pytest.approx(fitted.global_)


def test_shares_over_a_whole_day_add_up_across_three_shifts():
    rng = np.random.default_rng(5)
    rate, profile, night, _ = _town(rng)
    cell, _, lo, hi = _simulate(rng, rate, profile, MONDAY, 140, window_share=0.5)
    fitted = fit_profiles(cell, aoristic_weights(lo, hi), night.shape)
    exposure = hour_of_week_counts(MONDAY, MONDAY + 140)
    shares = [shift_share(fitted, parse_shift(s), MONDAY + 140, MONDAY + 141.5, exposure)
              for s in ("06-14", "14-22", "22-06")]
    assert np.sum(shares, axis=0) == pytest.approx(1.0)
    # A weekend-only shift holds nothing over a Monday-to-Wednesday horizon.
    assert np.all(shift_share(fitted, parse_shift("22-06 Sat"), MONDAY + 140, MONDAY + 142) == 0)


def test_peak_hour_and_peak_shift_find_each_district():
    fitted, _, _, night, day, _, _ = _fit_and_forecast(seed=3)
    hours = peak_hour(fitted)
    assert np.isin(hours[night], [22, 23, 0, 1, 2, 3, 4, 5]).mean() > 0.95
    assert np.isin(hours[day], list(range(6, 14))).mean() > 0.95
    shifts = [parse_shift(s) for s in ("06-14", "14-22", "22-06")]
    best = peak_shift(fitted, shifts)
    assert np.all(best[night] == 2) and np.all(best[day] == 0)


def test_heat_table_spreads_windows_and_splits_by_label():
    start = np.array([MONDAY + 22 / 24, MONDAY + 10 / 24, MONDAY + 10 / 24])
    end = np.array([MONDAY + 26 / 24, np.nan, np.nan])
    weights = aoristic_weights(start, end)
    tables = heat_table(weights, np.array(["burglary", "theft", "burglary"], dtype=object))
    assert sorted(tables) == ["burglary", "theft"]
    burglary = tables["burglary"]
    assert burglary.shape == (7, 24) and burglary.sum() == pytest.approx(2.0)
    assert burglary[0, 22] == burglary[0, 23] == burglary[1, 0] == burglary[1, 1] == pytest.approx(0.25)
    assert burglary[0, 10] == 1.0 and tables["theft"][0, 10] == 1.0
    assert heat_table(weights)[""].sum() == pytest.approx(3.0)


def test_bad_inputs_are_refused():
    weights = aoristic_weights(np.array([MONDAY]))
    with pytest.raises(ValueError, match="cells for"):
        fit_profiles(np.array([0, 1]), weights, (2, 2))
    with pytest.raises(ValueError, match="no event falls on the grid"):
        fit_profiles(np.array([-1]), weights, (2, 2))
    fitted = fit_profiles(np.array([0]), weights, (2, 2))
    with pytest.raises(ValueError, match="does not match"):
        forecast_in_shift(np.ones((3, 3)), fitted, parse_shift("22-06"), MONDAY, 7)
    with pytest.raises(ValueError, match="exposure"):
        shift_share(fitted, parse_shift("22-06"), MONDAY, MONDAY + 1, exposure=np.zeros(168))


def test_large_data_fit_the_prior_on_a_subset_of_cells(monkeypatch):
    from crimerisk.algorithms import hourprofile

    rng = np.random.default_rng(12)
    _, counts = _dirichlet_cells(rng, 900, 40.0, _hours_profile("day"), 60)
    cell, weights = _weights_from_counts(counts)
    whole = fit_profiles(cell, weights, (30, 30))
    monkeypatch.setattr(hourprofile, "MAX_FIT_ENTRIES", 8_000)  # about a quarter of the non-zero counts
    subset = fit_profiles(cell, weights, (30, 30), seed=4)
    assert subset.alpha_ == pytest.approx(whole.alpha_, rel=0.35) and subset.alpha_ != whole.alpha_
    assert subset.counts.sum() == whole.counts.sum()  # the profiles still hold every event
