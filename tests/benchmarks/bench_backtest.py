"""Benchmark: the backtest's cost per method and fold on the demo town, and patrol planning.

Prints the size of the data, the seconds per fold of each registered method, the scoring
overhead of the backtest itself (total time minus the methods' time, as a ratio of the
total), peak memory, and patrol planning times on a large raster with and without a
minimum zone size (the top-cells selection is the reference).

Run: ``/usr/bin/python3 tests/benchmarks/bench_backtest.py [folds] [cell_size]``
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402
from scipy import ndimage  # noqa: E402

from crimerisk.algorithms.evaluate import backtest, describe_winner  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.patrol import plan_patrol_zones  # noqa: E402
from crimerisk.algorithms.simulate import demo_spec, simulate_events  # noqa: E402
from crimerisk.algorithms.registry import REGISTRY as METHODS, baseline_names, forecaster_names  # noqa: E402
from crimerisk.algorithms.registry import labelled_methods as build_methods  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(method, seconds: list[float]):
    def run(*arguments):
        started = time.perf_counter()
        result = method(*arguments)
        seconds.append(time.perf_counter() - started)
        return result
    return run


def bench_backtest(folds: int, cell_size: float) -> None:
    events, _ = simulate_events(demo_spec(seed=7, n_days=2 * 365.0))
    grid = Grid.covering(events.x.min(), events.y.min(), events.x.max(), events.y.max(), cell_size)
    start = float(np.floor(events.t.max())) - 7.0 * folds
    methods = build_methods(forecaster_names(), {"seed": 42})
    seconds = {label: [] for label in methods}
    wrapped = {label: timed(method, seconds[label]) for label, method in methods.items()}
    print(f"backtest: {len(events)} events, grid {grid.rows} x {grid.cols} of {cell_size:g} m, "
          f"{folds} weekly folds, methods {list(methods)}")
    started = time.perf_counter()
    result = backtest(events, grid, wrapped, start, folds, 7.0)
    total = time.perf_counter() - started
    in_methods = sum(sum(s) for s in seconds.values())
    for label, times in seconds.items():
        print(f"  {label:40s} {np.mean(times):7.3f} s per fold")
    print(f"  total {total:.1f} s; scoring overhead {total - in_methods:.2f} s "
          f"({(total - in_methods) / total:.1%} of the total); peak RSS {peak_mb():.0f} MB")
    print("  " + describe_winner(result, [METHODS[n].label for n in baseline_names()], 0.05))


def bench_patrol(size: int = 2000) -> None:
    rng = np.random.default_rng(1)
    risk = ndimage.gaussian_filter(rng.random((size, size)), 4.0)
    for minimum in (1, 5):
        started = time.perf_counter()
        plan = plan_patrol_zones(risk, 5.0, "percent", cell_size=100.0, min_zone_cells=minimum, units=10)
        elapsed = time.perf_counter() - started
        print(f"patrol: {size} x {size} raster, budget 5%, min zone {minimum}: {elapsed:.2f} s, "
              f"{len(plan.zones)} zones, {plan.selected_cells} cells; peak RSS {peak_mb():.0f} MB")


if __name__ == "__main__":
    bench_backtest(int(sys.argv[1]) if len(sys.argv) > 1 else 12, float(sys.argv[2]) if len(sys.argv) > 2 else 150.0)
    bench_patrol()
