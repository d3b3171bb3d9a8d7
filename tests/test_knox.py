"""Knox test: exact counts against brute force and PySAL, power and size on simulations."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.knox import ROW_FIELDS, KnoxResult, KnoxTable, knox_test
from crimerisk.algorithms.progress import Cancelled
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events


def lattice_events(n: int = 300, seed: int = 0) -> EventSet:
    """Events on a 10 m lattice with whole-day times: many pairs exactly on band edges
    (e.g. 100 m = (60, 80)), same places and same days."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 80, n) * 10.0
    y = rng.integers(0, 80, n) * 10.0
    x[:20], y[:20] = x[20:40], y[20:40]  # exact repeats
    t = 17_000.0 + rng.integers(0, 120, n)
    return EventSet.from_arrays(x, y, t=t)


def brute_force_table(events: EventSet, space_band: int, space_bands: int, tick_band: int,
                      time_bands: int, metric: str, ticks: np.ndarray) -> np.ndarray:
    """O(n^2) table in exact integer arithmetic: squared distances against squared edges."""
    i, j = np.triu_indices(len(events), k=1)
    dx = np.abs(events.x[i] - events.x[j]).astype(np.int64)
    dy = np.abs(events.y[i] - events.y[j]).astype(np.int64)
    edges = space_band * np.arange(1, space_bands + 1, dtype=np.int64)
    if metric == "euclidean":
        space = (dx * dx + dy * dy)[:, None] >= (edges * edges)[None, :]
    else:
        space = (dx + dy)[:, None] >= edges[None, :]
    space_band_index = space.sum(axis=1)
    time_band_index = np.minimum(np.abs(ticks[i] - ticks[j]) // tick_band, time_bands)
    table = np.zeros((space_bands + 1, time_bands + 1), dtype=np.int64)
    np.add.at(table, (space_band_index, time_band_index), 1)
    return table


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_counts_equal_brute_force_with_ties_on_band_edges(metric):
    events = lattice_events()
    result = knox_test(events, 100.0, 4, 7.0, 5, metric=metric, permutations=5, seed=1)
    days = (events.t - events.t.min()).astype(np.int64)
    expected = brute_force_table(events, 100, 4, 7, 5, metric, days)
    np.testing.assert_array_equal(result.observed, expected)
    assert result.observed.sum() == result.n_pairs == 300 * 299 // 2
    # Time totals are invariant under permutation: every permuted table keeps the column sums.
    np.testing.assert_array_equal(result.permuted.sum(axis=1), np.broadcast_to(expected.sum(axis=0), (5, 6)))


def test_counts_equal_brute_force_with_many_narrow_time_bands():
    """Time bands narrower than the data span / 4096 take the capped histogram path."""
    rng = np.random.default_rng(5)
    n = 250
    seconds = rng.integers(0, 200 * 86_400, n)
    events = EventSet.from_arrays(rng.integers(0, 300, n) * 1.0, rng.integers(0, 300, n) * 1.0,
                                  t=seconds / 86_400.0)
    result = knox_test(events, 50.0, 3, 0.01, 6, permutations=3, seed=2)
    expected = brute_force_table(events, 50, 3, 864, 6, "euclidean", seconds - seconds.min())
    np.testing.assert_array_equal(result.observed, expected)


def test_rows_state_exact_edges_and_same_location_row():
    events = lattice_events()
    result = knox_test(events, 100.0, 2, 7.0, 3, permutations=9, seed=3, same_location=True)
    rows = result.rows()
    assert len(rows) == 4 * 4 and tuple(rows[0]) == ROW_FIELDS
    space = [(r["space_from"], r["space_to"]) for r in rows[::4]]
    assert space == [(0, 1), (1, 100), (100, 200), (200, np.inf)]
    assert [(r["time_from"], r["time_to"]) for r in rows[:4]] == [(0, 7), (7, 14), (14, 21), (21, np.inf)]
    same_place = (events.x[:, None] == events.x[None, :]) & (events.y[:, None] == events.y[None, :])
    assert result.observed[0].sum() == (same_place.sum() - len(events)) // 2
    assert all(isinstance(r["observed"], int) for r in rows)


def near_repeat_events(theta: float, seed: int, days: float = 365.0) -> EventSet:
    # uniform_share=1: this simulate.py gives the uniform share of the background the
    # earliest times, which would be a space-time interaction of its own.
    spec = SimulationSpec(
        categories=(CategorySpec("burglary", background_rate=2.5, theta=theta, omega=1 / 7, sigma=100.0),),
        width=5_000.0, height=5_000.0, n_days=days, uniform_share=1.0, seed=seed)
    return simulate_events(spec)[0]


def test_known_near_repeat_effect_is_significant_in_the_close_bands():
    events = near_repeat_events(theta=0.4, seed=11)
    result = knox_test(events, 100.0, 5, 7.0, 5, permutations=199, seed=4)
    assert result.p_value[0, 0] == pytest.approx(1 / 200)  # no permutation reaches the observed count
    assert result.ratio[0, 0] > 2.5
    assert result.significant_cells()[:2, :2].all()
    assert 0.8 < result.ratio[4, 4] < 1.25  # far bands stay near chance
    extent = result.significant_extent()
    assert extent is not None and extent.space_distance >= 200.0 and extent.time_span >= 14.0
    first = result.summary_sentences("burglary")[0]
    assert first.startswith("Within 100 m and 7 days of a burglary, the risk of another is ")
    assert first.endswith("times what chance gives (p = 0.005).")


def test_false_positive_rate_without_interaction_is_near_nominal():
    """theta = 0 (and clustered but time-independent background): no space-time interaction."""
    rejections = []
    for seed in range(6):
        spec = SimulationSpec(categories=(CategorySpec("a", background_rate=1.5),), width=4_000.0,
                              height=4_000.0, n_days=365.0, uniform_share=0.0, n_neighbourhoods=5, seed=seed)
        events = simulate_events(spec)[0]
        result = knox_test(events, 150.0, 4, 10.0, 4, permutations=99, seed=seed)
        rejections.append(result.p_value[:-1, :-1] < 0.05)
    rate = np.mean(rejections)
    assert rate < 0.10, f"false-positive rate {rate:.3f} over {np.size(rejections)} band cells"


def test_expected_is_the_permutation_mean_and_matches_the_closed_form():
    """Under random permutation, E[count(s, k)] = N_s * M_k / N exactly (N_s pairs in space band s,
    M_k in time band k, N all pairs); the Monte Carlo mean must agree within its standard error."""
    events = near_repeat_events(theta=0.2, seed=3, days=200.0)
    result = knox_test(events, 200.0, 3, 10.0, 3, permutations=400, seed=8)
    closed = np.outer(result.observed.sum(axis=1), result.observed.sum(axis=0)) / result.n_pairs
    np.testing.assert_allclose(result.expected, result.permuted.mean(axis=0))
    standard_error = result.permuted.std(axis=0) / np.sqrt(result.permutations)
    assert np.all(np.abs(result.expected - closed) <= 5 * standard_error + 1e-9)
    exceed = (result.permuted >= result.observed).sum(axis=0)
    np.testing.assert_allclose(result.p_value, (1 + exceed) / 401)


def test_same_seed_same_result_other_seed_other_draws():
    events = lattice_events(200, seed=4)
    a = knox_test(events, 100.0, 3, 7.0, 3, permutations=30, seed=21)
    b = knox_test(events, 100.0, 3, 7.0, 3, permutations=30, seed=21)
    c = knox_test(events, 100.0, 3, 7.0, 3, permutations=30, seed=22)
    np.testing.assert_array_equal(a.permuted, b.permuted)
    assert a.rows() == b.rows() or np.isnan([r["z"] for r in a.rows()]).any()
    assert not np.array_equal(a.permuted, c.permuted)


def test_observed_table_matches_pysal_pointpats_knox():
    from pointpats.spacetime import Knox

    rng = np.random.default_rng(9)
    n = 300
    x, y = rng.uniform(0, 3000, n), rng.uniform(0, 3000, n)
    t = rng.uniform(0, 150, n)
    delta, tau = 180.0, 6.5
    i, j = np.triu_indices(n, k=1)
    # PySAL counts d <= delta and dt <= tau, here d < delta and dt < tau (in whole seconds):
    # the thresholds are well posed only if no pair lies within a second of them.
    assert np.min(np.abs(np.hypot(x[i] - x[j], y[i] - y[j]) - delta)) > 1e-6
    assert np.min(np.abs(np.abs(t[i] - t[j]) - tau)) > 2 / 86_400
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pysal = Knox(np.column_stack([x, y]), t[:, None], delta=delta, tau=tau, permutations=0)
    ours = knox_test(EventSet.from_arrays(x, y, t=t), delta, 1, tau, 1, permutations=300, seed=1)
    np.testing.assert_array_equal(ours.observed, pysal.observed.astype(np.int64))
    # PySAL's expected table is the closed form N_s N_t / N: the permutation mean agrees.
    se = ours.permuted.std(axis=0) / np.sqrt(ours.permutations)
    assert np.all(np.abs(ours.expected - pysal.expected) <= 5 * se + 1e-9)


def hand_made_result(significant_cells: list[tuple[int, int]], same_location: bool = False) -> KnoxResult:
    """A 5 x 5 table (4 finite bands of 100 m and 7 days; with ``same_location``, [0, 1 m),
    [1, 100 m), ... and beyond 300 m): the listed cells have 5 pairs where
    every one of 99 permutations had 1 (p = 0.01, ratio 5); the others have 1 (p = 1)."""
    space_edges = [0.0, 1.0, 100.0, 200.0, 300.0] if same_location else [0.0, 100.0, 200.0, 300.0, 400.0]
    space_edges.append(np.inf)
    observed = np.ones((len(space_edges) - 1, 5), dtype=np.int64)
    for cell in significant_cells:
        observed[cell] = 5
    return KnoxResult(space_edges=np.array(space_edges), time_edges=np.array([0.0, 7, 14, 21, 28, np.inf]),
                      observed=observed, permuted=np.ones((99,) + observed.shape, dtype=np.int64),
                      metric="euclidean", n_events=100, same_location=same_location)


def test_significant_extent_follows_the_contiguous_region_from_the_first_band():
    result = hand_made_result([(0, 0), (0, 1), (1, 0), (2, 0), (3, 3)])
    extent = result.significant_extent()
    assert (extent.space_distance, extent.time_span) == (300.0, 14.0)
    assert set(extent.cells) == {(0, 0), (0, 1), (1, 0), (2, 0)}  # (3, 3) is not connected
    assert hand_made_result([(1, 1), (2, 2)]).significant_extent() is None
    assert hand_made_result([(0, 1)]).significant_extent() is None  # must start at the first time band
    # With a same-location row, the region may start in it or in [1, b).
    assert hand_made_result([(1, 0)], same_location=True).significant_extent().space_distance == 100.0


def test_summary_sentences_name_each_significant_band():
    lines = hand_made_result([(0, 0), (1, 0), (0, 2), (4, 4)]).summary_sentences("assault")
    assert lines == [
        "Within 100 m and 7 days of an assault, the risk of another is 5.0 times what chance gives "
        "(p = 0.010).",
        "Within 100 m and between 14 and 21 days of an assault, the risk of another is 5.0 times what chance "
        "gives (p = 0.010).",
        "Between 100 and 200 m and within 7 days of an assault, the risk of another is 5.0 times what chance "
        "gives (p = 0.010).",
    ]  # the beyond cell (4, 4) is not a near-repeat band
    none = hand_made_result([]).summary_sentences("burglary")
    assert len(none) == 1 and none[0].startswith("No near-repeat pattern: within 400 m and 28 days")


@pytest.mark.parametrize("change, message", [
    (dict(events=EventSet.from_arrays([0.0, 1.0], [0.0, 1.0], t=[1.0, 2.0])), "at least 3 events"),
    (dict(events=EventSet.from_arrays([0.0, 1.0, 2.0], [0.0, 1.0, 2.0])), "have no time"),
    (dict(space_band=0.0), "space_band must be a positive"),
    (dict(time_band=-7.0), "time_band must be a positive"),
    (dict(space_bands=0), "space_bands must be a whole number"),
    (dict(permutations=0), "permutations must be a whole number"),
    (dict(metric="chebyshev"), "use one of euclidean, manhattan"),
    (dict(max_close_pairs=10), "use fewer or narrower space bands"),
])
def test_bad_input_raises_a_clear_error(change, message):
    arguments = dict(events=lattice_events(60), space_band=100.0, space_bands=3, time_band=7.0,
                     time_bands=3, permutations=9)
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        knox_test(**arguments)


def test_progress_callback_reports_and_can_cancel():
    seen = []
    knox_test(lattice_events(80), 100.0, 2, 7.0, 2, permutations=20, seed=1, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(Cancelled):
        knox_test(lattice_events(80), 100.0, 2, 7.0, 2, permutations=20, seed=1, progress=lambda f: f < 0.5)


@pytest.mark.parametrize("same_location", [False, True])
def test_table_read_back_from_rows_is_the_result_table(same_location):
    """KnoxTable.from_rows inverts KnoxResult.rows (beyond edges written as NULL, rows in any order):
    the same arrays and the same significant cells and extent, without the permutations."""
    result = knox_test(lattice_events(), 100.0, 4, 7.0, 5, permutations=99, seed=3, same_location=same_location)
    rows = [{**row, **{k: None for k in ("space_to", "time_to") if row[k] == float("inf")}} for row in result.rows()]
    table = KnoxTable.from_rows(rows[::-1])
    truth = result.table()
    assert table.same_location == same_location
    for name in ("space_edges", "time_edges", "observed", "ratio", "p_value"):
        np.testing.assert_array_equal(getattr(table, name), getattr(truth, name), err_msg=name)
    for alpha in (0.01, 0.05, 0.2):
        np.testing.assert_array_equal(table.significant_cells(alpha), result.significant_cells(alpha))
        assert table.significant_extent(alpha) == result.significant_extent(alpha)


def test_table_from_rows_refuses_other_tables():
    with pytest.raises(ValueError, match="the Knox table is empty"):
        KnoxTable.from_rows([])
    with pytest.raises(ValueError, match="no field ratio, p_value"):
        KnoxTable.from_rows([{"space_from": 0, "space_to": 1, "time_from": 0, "time_to": 1, "observed": 1}])
    rows = [dict(space_from=0.0, space_to=100.0, time_from=0.0, time_to=7.0, observed=3, ratio=1.0, p_value=0.5)]
    with pytest.raises(ValueError, match="one row per pair of space and time bands"):
        KnoxTable.from_rows(rows)
