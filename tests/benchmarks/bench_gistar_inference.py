"""Benchmark: Gi* and space-time Gi* with the default (automatic, exact) inference against the
normal approximation they used before, at the sizes of bench_hotspot_stats.py.

Run: /usr/bin/python3 tests/benchmarks/bench_gistar_inference.py
Prints CPU times and the ratio default / normal of each case (goal: Gi* on 2000 x 2000 within
seconds to a minute, no case more than 3x slower than before).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_hotspot_stats import CELL, NEIGHBOURHOOD, clustered_events, measured  # noqa: E402

import numpy as np  # noqa: E402

from crimerisk.algorithms.emerging import significant_bins, space_time_cube, space_time_gi_star  # noqa: E402
from crimerisk.algorithms.gistar import gi_star  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402


def compare(label: str, run) -> None:
    """``run(inference)`` timed with the default and with the normal inference; prints the ratio."""
    result, default_cpu = measured(f"{label}: automatic", run, "automatic")
    _, normal_cpu = measured(f"{label}: normal (before)", run, "normal")
    method = result.test.method if hasattr(result, "test") else "?"
    print(f"    default ran {method}; CPU ratio default / normal = {default_cpu / max(normal_cpu, 1e-9):.2f}")


def bench_gi_star(rng: np.random.Generator) -> None:
    grid = Grid(0.0, 2000 * CELL, CELL, 2000, 2000)
    counts = grid.count(*(lambda e: (e.x, e.y))(clustered_events(2_000_000, 2000 * CELL, rng)))
    print(f"Gi* on {grid.rows} x {grid.cols} cells of {CELL:g} m, {NEIGHBOURHOOD:g} m, {int(counts.sum()):,} events")
    for weighting in ("binary", "inverse_distance"):
        compare(f"gi_star {weighting}", lambda inference: gi_star(counts, grid, NEIGHBOURHOOD, weighting,
                                                                  inference=inference))
    sparse_grid = Grid(0.0, 2000 * 150.0, 150.0, 2000, 2000)
    sparse = rng.poisson(0.02, sparse_grid.shape).astype(float)
    print(f"Gi* on {sparse_grid.rows} x {sparse_grid.cols} cells of 150 m, 300 m, 0.02 events per cell")
    compare("gi_star binary sparse", lambda inference: gi_star(sparse, sparse_grid, 300.0, inference=inference))


def bench_space_time(rng: np.random.Generator) -> None:
    grid = Grid(0.0, 500 * CELL, CELL, 500, 500)
    events = clustered_events(1_000_000, 500 * CELL, rng, days=104 * 7)
    cube = space_time_cube(events, grid, "week").counts
    print(f"Space-time Gi* + FDR on {grid.rows} x {grid.cols} cells x {cube.shape[0]} weeks, {NEIGHBOURHOOD:g} m")

    def run(inference: str):
        gi = space_time_gi_star(cube, grid, NEIGHBOURHOOD, 1, "binary", inference=inference)
        significant_bins(gi.z, 0.05, "fdr", p=gi.p)
        return gi

    compare("space_time_gi_star binary", run)


def main() -> None:
    rng = np.random.default_rng(2024)
    bench_gi_star(rng)
    bench_space_time(rng)


if __name__ == "__main__":
    main()
