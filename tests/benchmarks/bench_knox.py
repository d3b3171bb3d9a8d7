"""Benchmark: Knox test, 20,000 events, 10 x 10 bands (+ beyond), 999 permutations.

Events: three years of simulated burglary in a 20 x 15 km city (self-exciting, background
in 20 Gaussian neighbourhoods, about 20,000 events, 9 million pairs closer than 1 km);
bands of 100 m and 7 days. (``uniform_share=0``: with a uniform share, simulate.py of this
version gives the uniform background points the earliest times, a space-time interaction
at every scale that would swamp the near-repeat signal.) The reference is the plain
numpy Monte Carlo (all close pairs at once in float days, one thread), timed on a few
permutations and extrapolated; both must give the same observed table.
Run: /usr/bin/python3 tests/benchmarks/bench_knox.py
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402

from crimerisk.algorithms.knox import knox_test  # noqa: E402
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events  # noqa: E402

SPACE_BAND, SPACE_BANDS = 100.0, 10
TIME_BAND, TIME_BANDS = 7.0, 10
PERMUTATIONS = 999
REFERENCE_PERMUTATIONS = 5


def city_events():
    spec = SimulationSpec(
        categories=(CategorySpec("burglary", background_rate=11.9, theta=0.35, omega=1 / 7, sigma=150.0),),
        width=20_000.0, height=15_000.0, n_days=3 * 365.0, uniform_share=0.0, n_neighbourhoods=20, seed=1)
    events, _ = simulate_events(spec)
    return events


def reference_tables(events, permutations: int, seed: int) -> tuple[np.ndarray, float]:
    """Plain numpy: enumerate close pairs, then per permutation bin every pair's |dt|
    (in whole seconds, as knox_test does)."""
    xy = np.column_stack([events.x, events.y])
    pairs = cKDTree(xy).query_pairs(SPACE_BAND * SPACE_BANDS, output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d = np.hypot(xy[i, 0] - xy[j, 0], xy[i, 1] - xy[j, 1])
    keep = d < SPACE_BAND * SPACE_BANDS
    i, j, space = i[keep], j[keep], np.floor(d[keep] / SPACE_BAND).astype(np.int64)
    seconds = np.round((events.t - events.t.min()) * 86_400).astype(np.int64)
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    observed = None
    for p in range(permutations + 1):
        t = seconds if p == 0 else seconds[rng.permutation(len(events))]
        band = np.minimum(np.abs(t[i] - t[j]) // int(TIME_BAND * 86_400), TIME_BANDS)
        table = np.bincount(space * (TIME_BANDS + 1) + band, minlength=SPACE_BANDS * (TIME_BANDS + 1))
        if p == 0:
            observed = table.reshape(SPACE_BANDS, TIME_BANDS + 1)
            start = time.perf_counter()
    return observed, (time.perf_counter() - start) / permutations


def main() -> None:
    events = city_events()
    load_before = os.getloadavg()[0]
    print(f"events: {len(events):,}; bands {SPACE_BANDS} x {SPACE_BAND:g} m, "
          f"{TIME_BANDS} x {TIME_BAND:g} days; {PERMUTATIONS} permutations")
    start, cpu_start = time.perf_counter(), time.process_time()
    result = knox_test(events, SPACE_BAND, SPACE_BANDS, TIME_BAND, TIME_BANDS,
                       permutations=PERMUTATIONS, seed=7)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    close_pairs = int(result.observed[:-1].sum())
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"close pairs (< {SPACE_BAND * SPACE_BANDS:g} m): {close_pairs:,} of {result.n_pairs:,}")
    per_pair = 1e9 * elapsed / (close_pairs * (PERMUTATIONS + 1))
    print(f"knox_test: {elapsed:.1f} s ({per_pair:.2f} ns per close pair and permutation); "
          f"CPU {cpu:.1f} s over all threads (load average before: {load_before:.1f}); "
          f"peak RSS so far {peak_rss:.0f} MB")

    tracemalloc.start()
    knox_test(events, SPACE_BAND, SPACE_BANDS, TIME_BAND, TIME_BANDS, permutations=20, seed=7)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory (numpy allocations, 20 permutations): {peak / 2**20:.0f} MB")

    observed, per_permutation = reference_tables(events, REFERENCE_PERMUTATIONS, seed=7)
    assert np.array_equal(observed, result.observed[:-1]), "reference and knox_test disagree"
    reference = per_permutation * (PERMUTATIONS + 1)
    print(f"reference (plain numpy, one thread): {per_permutation * 1000:.0f} ms per permutation, "
          f"{reference:.0f} s extrapolated to {PERMUTATIONS} permutations; "
          f"speed-up x{reference / elapsed:.1f}")
    print("same observed table as the reference: yes")
    for line in result.summary_sentences("burglary")[:4]:
        print("  " + line)
    print(f"significant extent: {result.significant_extent()}")


if __name__ == "__main__":
    main()
