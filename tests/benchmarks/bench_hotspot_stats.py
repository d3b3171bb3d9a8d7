"""Benchmark: Gi* on large grids, emerging hot spots on a large cube, and Gi* against PySAL.

Run: /usr/bin/python3 tests/benchmarks/bench_hotspot_stats.py
Prints sizes, wall and CPU times and peak traced memory (tracemalloc) of each case, and
the speed ratio of CrimeRisk's Gi* to esda's G_Local (same grid and weights, same process;
needs esda and libpysal, e.g. in the test venv).
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402

from crimerisk.algorithms.emerging import emerging_hot_spots, space_time_cube  # noqa: E402
from crimerisk.algorithms.events import EventSet  # noqa: E402
from crimerisk.algorithms.gistar import gi_star  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.stats import mann_kendall  # noqa: E402

CELL = 50.0
NEIGHBOURHOOD = 500.0


def measured(label: str, function, *args, **kwargs):
    """Run ``function`` once; print wall and CPU time and peak traced memory; return (result, CPU s).

    CPU time is the fairer figure on a shared machine (every step here is single-threaded).
    """
    tracemalloc.start()
    began, began_cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<50} wall {elapsed:7.2f} s  cpu {cpu:7.2f} s  peak {peak / 2**20:7.1f} MiB")
    return result, cpu


def clustered_events(n: int, size: float, rng: np.random.Generator, days: float = 0.0) -> EventSet:
    """Half uniform, half in 40 Gaussian clusters of 150 m; times uniform over ``days``."""
    half = n // 2
    centres = rng.uniform(0.1 * size, 0.9 * size, (40, 2))
    which = rng.integers(0, 40, n - half)
    x = np.concatenate([rng.uniform(0, size, half), centres[which, 0] + rng.normal(0, 150, n - half)])
    y = np.concatenate([rng.uniform(0, size, half), centres[which, 1] + rng.normal(0, 150, n - half)])
    t = 19_359.0 + rng.uniform(0, days, n) if days else None  # from Monday 2023-01-02
    return EventSet.from_arrays(x, y, t=t)


def bench_gi_star_large(rng: np.random.Generator) -> None:
    grid = Grid(0.0, 2000 * CELL, CELL, 2000, 2000)
    events = clustered_events(2_000_000, 2000 * CELL, rng)
    counts = grid.count(events.x, events.y)
    print(f"Gi* on {grid.rows} x {grid.cols} = {grid.n_cells:,} cells of {CELL:g} m, "
          f"{NEIGHBOURHOOD:g} m neighbourhood, {int(counts.sum()):,} events")
    for weighting in ("binary", "inverse_distance"):
        result, _ = measured(f"gi_star weighting={weighting}", gi_star, counts, grid, NEIGHBOURHOOD,
                             weighting)
        hot = result.parameters["cells_hot_99"]
        neighbours = result.parameters["neighbours_in_full_neighbourhood"]
        print(f"    neighbours {neighbours}, 99% hot cells {hot:,}")


def bench_emerging_large(rng: np.random.Generator) -> None:
    grid = Grid(0.0, 500 * CELL, CELL, 500, 500)
    events = clustered_events(1_000_000, 500 * CELL, rng, days=104 * 7)
    print(f"Emerging hot spots on {grid.rows} x {grid.cols} cells x 104 weekly steps, "
          f"{len(events):,} events, {NEIGHBOURHOOD:g} m, 1 time neighbour")
    cube, _ = measured("space_time_cube (step=week)", space_time_cube, events, grid, "week")
    print(f"    cube {cube.counts.shape}, {cube.counts.nbytes / 2**20:.0f} MiB float32")
    result, _ = measured("emerging_hot_spots (Gi* + FDR + 2 Mann-Kendall)", emerging_hot_spots, cube.counts,
                         grid, NEIGHBOURHOOD, 1, "binary")
    print(f"    hot bins {result.parameters['hot_bins']:,}, cold bins {result.parameters['cold_bins']:,}")
    print("    reference peaks: 281 MiB (normal p-values), 1,192 MiB (exact test over the whole cube at once); "
          "target at most 1.5 x 281 = 422 MiB")
    for name, cells in result.category_counts().items():
        if cells:
            print(f"    {name:<28} {cells:8,}")
    series = cube.counts.reshape(cube.n_steps, -1)
    measured(f"mann_kendall alone on {series.shape[1]:,} series x {series.shape[0]}", mann_kendall, series, 0)


def bench_against_pysal(rng: np.random.Generator) -> None:
    try:
        import esda
        import libpysal
    except ImportError:
        print("esda / libpysal not installed here: run this script with the test venv's python "
              "(e.g. /tmp/venv/bin/python) for the comparison with PySAL")
        return

    grid = Grid(0.0, 100 * CELL, CELL, 100, 100)
    counts = grid.count(*(lambda e: (e.x, e.y))(clustered_events(50_000, 100 * CELL, rng)))
    print(f"Gi* against esda.G_Local on {grid.rows} x {grid.cols} cells, {NEIGHBOURHOOD:g} m binary weights")
    repeats = 20
    runs, ours_time = measured(
        f"crimerisk gi_star (x{repeats}, time per run below)",
        lambda: [gi_star(counts, grid, NEIGHBOURHOOD, "binary", "none") for _ in range(repeats)])
    ours, ours_time = runs[0], ours_time / repeats
    print(f"    crimerisk gi_star: {ours_time * 1000:.1f} ms CPU per run")
    xs, ys = grid.centre_grid()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights, weights_time = measured("libpysal DistanceBand (weights)", libpysal.weights.DistanceBand,
                                         np.column_stack([xs.ravel(), ys.ravel()]), NEIGHBOURHOOD,
                                         binary=True, silence_warnings=True)
        reference, esda_time = measured("esda G_Local(star=True, transform='B')", esda.G_Local,
                                        counts.ravel(), weights, transform="B", star=True, permutations=0)
    difference = np.abs(reference.Zs - ours.z.ravel()).max()
    print(f"    max |z difference| {difference:.2e}; esda / crimerisk CPU time: G_Local alone "
          f"{esda_time / ours_time:.1f}x, with weights {(esda_time + weights_time) / ours_time:.1f}x")


def main() -> None:
    rng = np.random.default_rng(2024)
    bench_gi_star_large(rng)
    bench_emerging_large(rng)
    bench_against_pysal(rng)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Process peak resident memory {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
