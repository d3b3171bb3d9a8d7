"""Benchmark: fast kernel density (linear binning + FFT) versus the exact sum over events.

1,000,000 clustered points on a 10 x 10 km square, 10 m cells (1000 x 1000), 400 m quartic
radius. The exact sum runs on a 20,000-point subset and is extrapolated linearly in events.
Also the same map with the automatic radius (likelihood cross-validation, see bench_kde_cv.py),
and the cost of the (default) edge correction against the map without it.
Run: /usr/bin/python3 tests/benchmarks/bench_kde_pure.py
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402

from crimerisk.algorithms.events import EventSet  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.kde import binned_kernel_density, exact_kernel_density, kde_surface  # noqa: E402

N_EVENTS = 1_000_000
N_SUBSET = 20_000
SIDE = 10_000.0
CELL = 10.0
RADIUS = 400.0


def clustered_points(n: int, seed: int = 0) -> EventSet:
    """A quick mixture: 30 % uniform, 70 % in 25 Gaussian hotspots of 100-500 m."""
    rng = np.random.default_rng(seed)
    n_uniform = n * 3 // 10
    centres = rng.uniform(0.1 * SIDE, 0.9 * SIDE, (25, 2))
    spreads = rng.uniform(100.0, 500.0, 25)
    which = rng.choice(25, n - n_uniform, p=rng.dirichlet(np.ones(25)))
    x, y = (np.concatenate([rng.uniform(0, SIDE, n_uniform),
                            centres[which, axis] + spreads[which] * rng.standard_normal(which.size)])
            for axis in (0, 1))
    return EventSet.from_arrays(x, y)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> None:
    events = clustered_points(N_EVENTS)
    grid = Grid.covering(0.0, 0.0, SIDE, SIDE, CELL)
    print(f"events: {len(events):,}   grid: {grid.rows} x {grid.cols} cells of {CELL:g} m   "
          f"radius: {RADIUS:g} m quartic")

    kde_surface(events.subset(np.arange(1000)), grid, RADIUS)  # warm-up (FFT plans, imports)
    surface, fast_seconds = timed(kde_surface, events, grid, RADIUS)
    print(f"kde_surface, {len(events):,} events: {fast_seconds:.2f} s "
          f"(max {np.nanmax(surface.values):.1f} {surface.units})")

    plain, plain_seconds = timed(kde_surface, events, grid, RADIUS, edge_correction=False)
    print(f"kde_surface without edge correction: {plain_seconds:.2f} s; the (default) edge correction costs "
          f"{fast_seconds / plain_seconds:.2f}x (goal <= 3x; max {np.nanmax(plain.values):.1f})")
    masked = grid.with_mask(np.add.outer(np.arange(grid.rows), np.arange(grid.cols)) < grid.rows)
    corner, corner_seconds = timed(kde_surface, events, masked, RADIUS)
    corner_plain, corner_plain_seconds = timed(kde_surface, events, masked, RADIUS, edge_correction=False)
    print(f"with a triangular mask (half the grid): {corner_seconds:.2f} s corrected, {corner_plain_seconds:.2f} s "
          f"not: {corner_seconds / corner_plain_seconds:.2f}x (goal <= 3x)")

    tracemalloc.start()
    kde_surface(events, grid, RADIUS)
    peak_bytes = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak traced memory of kde_surface: {peak_bytes / 2**20:.0f} MiB "
          f"(events themselves: {5 * 8 * len(events) / 2**20:.0f} MiB)")

    tracemalloc.start()
    automatic, automatic_seconds = timed(kde_surface, events, grid)
    automatic_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"kde_surface with the automatic radius: {automatic_seconds:.2f} s under tracemalloc "
          f"(peak {automatic_peak / 2**20:.0f} MiB): {automatic.parameters['bandwidth_rule']}")

    subset = events.subset(np.random.default_rng(1).choice(len(events), N_SUBSET, replace=False))
    exact, exact_seconds = timed(exact_kernel_density, subset.x, subset.y, grid, RADIUS)
    fast_subset, fast_subset_seconds = timed(binned_kernel_density, subset.x, subset.y, grid, RADIUS)
    extrapolated = exact_seconds * len(events) / N_SUBSET
    print(f"exact sum, {N_SUBSET:,} events: {exact_seconds:.2f} s -> {extrapolated:.0f} s extrapolated "
          f"to {len(events):,}; fast path on the subset: {fast_subset_seconds:.2f} s")
    print(f"speed-up at {len(events):,} events: {extrapolated / fast_seconds:.0f}x")
    error = np.abs(fast_subset - exact).max() / exact.max()
    correlation = np.corrcoef(fast_subset.ravel(), exact.ravel())[0, 1]
    print(f"fast vs exact on the subset: max abs error {100 * error:.3f} % of the maximum, "
          f"correlation {correlation:.8f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
