"""The batched Knox engine gives byte-identical tables to the former one (kept in
tests/benchmarks/knox_reference.py) for the same seed, whatever the batching, chunking and threads."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from crimerisk.algorithms import knox
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.knox import knox_test
from crimerisk.algorithms.progress import Cancelled
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events
from crimerisk.tests.benchmarks.knox_reference import reference_knox_test

DAY = 86_400.0


def lattice(n: int, days: int, seed: int) -> EventSet:
    """A 10 m lattice with whole-day times: pairs exactly on the band edges, same places, same days."""
    rng = np.random.default_rng(seed)
    x, y = rng.integers(0, 60, n) * 10.0, rng.integers(0, 60, n) * 10.0
    x[:15], y[:15] = x[15:30], y[15:30]
    return EventSet.from_arrays(x, y, t=18_000.0 + rng.integers(0, days, n))


def scattered(n: int, days: float, seed: int, extent: float = 800.0) -> EventSet:
    """Continuous places and times (to the second and finer)."""
    rng = np.random.default_rng(seed)
    return EventSet.from_arrays(rng.uniform(0, extent, n), rng.uniform(0, extent, n),
                                t=17_000.0 + rng.uniform(0, days, n))


def city(seed: int = 3) -> EventSet:
    spec = SimulationSpec(
        categories=(CategorySpec("burglary", background_rate=2.0, theta=0.4, omega=1 / 5, sigma=80.0),),
        width=3_000.0, height=2_000.0, n_days=365.0, uniform_share=0.0, n_neighbourhoods=4, seed=seed)
    return simulate_events(spec)[0]


#: (events, knox_test arguments besides the events): each reaches a different path of the engine.
CASES = {
    "lattice, ties on every edge": (lambda: lattice(300, 120, 0), dict(
        space_band=100.0, space_bands=4, time_band=7.0, time_bands=5, permutations=13, seed=1)),
    "manhattan with a same-location row": (lambda: lattice(300, 120, 1), dict(
        space_band=100.0, space_bands=3, time_band=7.0, time_bands=4, metric="manhattan", same_location=True,
        permutations=9, seed=2)),
    "continuous times and places": (lambda: scattered(400, 200.0, 2), dict(
        space_band=50.0, space_bands=6, time_band=3.5, time_bands=8, permutations=11, seed=3)),
    "every pair within the finite time bands": (lambda: scattered(250, 20.0, 3), dict(
        space_band=100.0, space_bands=3, time_band=7.0, time_bands=5, permutations=7, seed=4)),
    "one time band wider than the period": (lambda: scattered(250, 10.0, 4), dict(
        space_band=100.0, space_bands=2, time_band=30.0, time_bands=1, permutations=6, seed=5)),
    "one band each": (lambda: lattice(200, 60, 5), dict(
        space_band=150.0, space_bands=1, time_band=14.0, time_bands=1, permutations=5, seed=6)),
    "forty years: lane offsets beyond 32 bits": (lambda: scattered(300, 40 * 365.25, 6), dict(
        space_band=200.0, space_bands=2, time_band=365.0, time_bands=20, permutations=9, seed=7)),
    "eighty years: 64-bit times": (lambda: scattered(300, 80 * 365.25, 7), dict(
        space_band=200.0, space_bands=2, time_band=365.0, time_bands=30, permutations=9, seed=8)),
    "many narrow time bands": (lambda: scattered(300, 400.0, 8), dict(
        space_band=100.0, space_bands=3, time_band=0.05, time_bands=40, permutations=5, seed=9)),
    "forty space bands (binary search)": (lambda: scattered(400, 100.0, 9), dict(
        space_band=10.0, space_bands=40, time_band=7.0, time_bands=3, permutations=6, seed=12)),
    "sixty-seven years, one band of a year": (lambda: scattered(300, 67 * 365.25, 10), dict(
        space_band=200.0, space_bands=2, time_band=365.0, time_bands=1, permutations=9, seed=13)),
    "clustered city, one permutation": (lambda: city(), dict(
        space_band=100.0, space_bands=5, time_band=7.0, time_bands=6, permutations=1, seed=10)),
}


def assert_identical(new: knox.KnoxResult, old: knox.KnoxResult) -> None:
    for name in ("observed", "permuted", "space_edges", "time_edges"):
        a, b = getattr(new, name), getattr(old, name)
        assert a.dtype == b.dtype and a.shape == b.shape, name
        assert a.tobytes() == b.tobytes(), f"{name} differs"
    assert new.parameters() == old.parameters()
    for p in ("expected", "ratio", "p_value", "z"):
        assert getattr(new, p).tobytes() == getattr(old, p).tobytes(), p


@pytest.mark.parametrize("case", list(CASES))
def test_same_tables_as_the_former_engine(case):
    make, arguments = CASES[case]
    events = make()
    new = knox_test(events, **arguments)
    assert_identical(new, reference_knox_test(events, **arguments))
    assert new.observed.sum() == new.n_pairs and (new.permuted.sum(axis=(1, 2)) == new.n_pairs).all()


def test_same_tables_whatever_the_chunks_batches_and_threads(monkeypatch):
    events = city(4)
    arguments = dict(space_band=100.0, space_bands=4, time_band=7.0, time_bands=5, permutations=23, seed=11)
    reference = reference_knox_test(events, **arguments)
    assert reference.observed[:-1].sum() > 20_000  # enough close pairs for many chunks of 512
    assert_identical(knox_test(events, **arguments), reference)
    monkeypatch.setattr(knox, "_CHUNK", 512)  # many chunks per band, a short last one
    monkeypatch.setattr(knox, "_BLOCK_PAIRS", 2_000)  # many k-d tree blocks
    for threads, batch in ((1, 4), (3, 8), (2, 32)):
        monkeypatch.setattr(knox, "_threads", lambda threads=threads: threads)
        monkeypatch.setattr(knox, "_MAX_BATCH", batch)
        assert_identical(knox_test(events, **arguments), reference)


def test_generator_seed_gives_the_same_draws_as_before():
    events = lattice(250, 90, 9)
    arguments = dict(space_band=100.0, space_bands=3, time_band=7.0, time_bands=4, permutations=10)
    new = knox_test(events, seed=np.random.default_rng(42), **arguments)
    assert_identical(new, reference_knox_test(events, seed=np.random.default_rng(42), **arguments))


def test_a_cancel_during_a_batch_stops_the_running_workers(monkeypatch):
    """The caller is asked while a batch runs; once it cancels, every running batch stops at its next chunk."""
    monkeypatch.setattr(knox, "_CHUNK", 64)
    monkeypatch.setattr(knox, "_POLL_SECONDS", 0.0)
    stopped = threading.Event()
    count_close = knox._count_close

    def watched(*args, **kwargs):
        try:
            return count_close(*args, **kwargs)
        except Cancelled:
            stopped.set()
            raise

    monkeypatch.setattr(knox, "_count_close", watched)
    calls = []

    def progress(fraction: float) -> bool:
        calls.append(fraction)
        return len(calls) < 2  # the first call comes after the pairs; cancel at the next one

    with pytest.raises(Cancelled):
        knox_test(city(5), 100.0, 5, 7.0, 6, permutations=40, seed=1, progress=progress)
    assert len(calls) == 2 and calls[1] < 1.0
    assert stopped.is_set(), "no running batch heard the cancel"


@pytest.mark.parametrize("days_only", [True, False])
def test_time_codes_keep_every_pair_s_time_band(days_only):
    """|code_i - code_j| // m == |tick_i - tick_j| // tick_band for all pairs, ties and band edges included;
    dates without a time of day give 16-bit codes (eight permutations to a gather)."""
    rng = np.random.default_rng(4)
    days = rng.integers(0, 3 * 365, 600) if days_only else rng.uniform(0, 3 * 365, 600)
    ticks = np.round(days * DAY).astype(np.int64)
    ticks[:50] = ticks[50:100]  # same moments
    for tick_band in (7 * 86_400, 86_400, 3_600 * 30 + 7):
        codes, m = knox._time_codes(ticks, tick_band)
        i, j = np.triu_indices(ticks.size, k=1)
        np.testing.assert_array_equal(np.abs(codes[i] - codes[j]) // m, np.abs(ticks[i] - ticks[j]) // tick_band)
        assert np.array_equal(np.argsort(codes, kind="stable"), np.argsort(ticks, kind="stable"))
    codes, m = knox._time_codes(ticks, 7 * 86_400)
    dtype, lanes = knox._lane_type(int(codes.max() - codes.min()), 10 * m)
    assert (dtype, lanes) == ((np.dtype(np.int16), 8) if days_only else (np.dtype(np.int32), 4))


def test_counts_on_raw_seconds_near_the_32_bit_limit():
    """Differences plus the lane shifts would pass 2**31 - 1 in 32 bits: the counts move to 64-bit lanes."""
    rng = np.random.default_rng(6)
    ticks = np.sort(rng.integers(0, 2**31 - 10**6, 400))
    ticks[0], ticks[-1] = 0, 2**31 - 10**6
    first, second = np.triu_indices(ticks.size, k=1)
    pairs = knox._ClosePairs(first.astype(np.int32), second.astype(np.int32), np.array([0, first.size]))
    tick_band, time_bands = 365 * 86_400, 3
    times = np.stack([ticks, ticks[rng.permutation(ticks.size)]], axis=1)
    counts = knox._count_close(times, pairs, tick_band, time_bands)
    for column in range(2):
        band = np.minimum(np.abs(times[first, column] - times[second, column]) // tick_band, time_bands)
        np.testing.assert_array_equal(counts[column, 0], np.bincount(band, minlength=time_bands + 1))
