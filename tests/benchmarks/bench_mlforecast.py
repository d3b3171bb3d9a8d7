"""Benchmark of the learned grid forecast: 200 x 200 grid, 3 years of ~30,000 events, weekly horizon.

Prints the time of each phase of ``forecast`` (feature building, holdout fit and permutation
importances, final fit, prediction), peak memory, and the feature builder against a reference
that filters the events again for every window (``EventSet.between`` + ``Grid.count``).

Run: /usr/bin/python3 tests/benchmarks/bench_mlforecast.py [--threads N]
(``--threads 1`` keeps OpenMP from spinning when the machine is busy with other work.)
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as crimerisk)

import numpy as np  # noqa: E402

from crimerisk.algorithms.features import CellHistory, FeatureBuilder  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.mlforecast import ForecastSettings, forecast, training_starts  # noqa: E402
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events  # noqa: E402

CELL = 100.0
SIDE = 200
HORIZON = 7.0
PHASES = ((0.0, 0.4, "feature build (training periods)"), (0.4, 0.55, "holdout fit"),
          (0.55, 0.7, "holdout scores + permutation importance"), (0.7, 0.95, "final fit"),
          (0.95, 1.0, "target features + predict"))


def bench_events():
    spec = SimulationSpec(
        categories=(CategorySpec("burglary", background_rate=22.0, theta=0.2, omega=1 / 7, sigma=150.0),),
        width=SIDE * CELL, height=SIDE * CELL, start_day=17532.0, n_days=3 * 365.0,
        uniform_share=0.3, n_neighbourhoods=25, yearly_amplitude=0.2, seed=1)
    return simulate_events(spec)[0], spec


def reference_window_counts(events, grid: Grid, moment: float, lookbacks) -> list[np.ndarray]:
    """Cell counts of each look-back window, filtering the events again for every window."""
    counts = []
    for days in lookbacks:
        window = events.between(moment - days, moment)
        counts.append(grid.count(window.x, window.y))
    return counts


def compare_window_counts(events, grid: Grid, settings: ForecastSettings, as_of: float) -> None:
    """Window counts of every training period: binned-once history versus re-filtering events."""
    starts = training_starts(float(events.t.min()), as_of, HORIZON, settings)
    history = events.before(as_of)
    began = time.perf_counter()
    cells = CellHistory(history, grid)
    ours = [[cells.counts(p - days, p) for days in settings.lookback_days] for p in starts]
    ours_time = time.perf_counter() - began
    began = time.perf_counter()
    reference = [reference_window_counts(history, grid, p, settings.lookback_days) for p in starts]
    reference_time = time.perf_counter() - began
    same = all(np.array_equal(a, b) for row_a, row_b in zip(ours, reference) for a, b in zip(row_a, row_b))
    print(f"window counts, {starts.size} periods x {len(settings.lookback_days)} windows: binned once "
          f"{ours_time:.3f} s, reference (filter events per window) {reference_time:.3f} s, "
          f"ratio {reference_time / ours_time:.1f}; identical: {same}")
    began = time.perf_counter()
    builder = FeatureBuilder(history, grid, settings)
    for p in starts:
        builder.at(p)
    print(f"all {len(builder.feature_names)} features of all {grid.n_cells:,} cells, {starts.size} periods: "
          f"{time.perf_counter() - began:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None, help="OpenMP threads (default: all cores)")
    threads = parser.parse_args().threads
    events, spec = bench_events()
    grid = Grid.covering(spec.xmin, spec.ymin, spec.xmin + spec.width, spec.ymin + spec.height, CELL)
    as_of = spec.start_day + spec.n_days - HORIZON
    settings = ForecastSettings(n_threads=threads)
    print(f"threads: {threads or 'all cores'}; events: {len(events):,}; grid {grid.rows} x {grid.cols} ({grid.n_cells:,} cells of {CELL:g} m); "
          f"horizon {HORIZON:g} days; training periods <= {settings.training_periods}")
    stamps: list[tuple[float, float]] = []
    tracemalloc.start()
    began = time.perf_counter()
    surfaces = forecast(events, grid, as_of, HORIZON, settings=settings,
                        progress=lambda f: stamps.append((f, time.perf_counter())) or True)
    total = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for low, high, label in PHASES:
        start = min(t for f, t in stamps if f >= low)
        end = min(t for f, t in stamps if f >= high)
        print(f"  {label:40s} {end - start:7.2f} s")
    print(f"  {'total':40s} {total:7.2f} s")
    print(f"peak traced memory {peak / 2**20:.0f} MiB; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    parameters = surfaces["all"].parameters
    for key in ("training_periods", "training_samples", "training_positive_samples", "zero_sampling_rate",
                "n_features", "model_iterations", "holdout_deviance_model", "holdout_deviance_constant",
                "holdout_deviance_history", "holdout_d2"):
        print(f"  {key}: {parameters[key]}")
    print("  top importances:", [(name, round(mean, 5)) for name, mean, _ in parameters["importances"][:5]])
    target = events.between(as_of, as_of + HORIZON)
    observed = grid.count(target.x, target.y).ravel()
    top = np.argsort(-surfaces["all"].values.ravel(), kind="stable")[: grid.n_cells // 10]
    print(f"  target week: {int(observed.sum())} events, {observed[top].sum() / observed.sum():.1%} "
          "in the top 10 % of cells (uniform: 10 %)")
    compare_window_counts(events, grid, settings, as_of)


if __name__ == "__main__":
    main()
