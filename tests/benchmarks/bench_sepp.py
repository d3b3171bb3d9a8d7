"""Benchmark of the SEPP fit: time and peak memory at 10k, 30k and 100k events, with the default
background (adaptive kernels, held-out periods) and with one rate per cell, and the pair-based
EM against a naive dense N x N EM (dense_sepp_reference.py) at 6,000 events. The forecast time
(whole cascade within the horizon) is printed beside its first-order part (repeats of past events).

Run: /usr/bin/python3 tests/benchmarks/bench_sepp.py
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as crimerisk)

from dense_sepp_reference import dense_reference_em  # noqa: E402

from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.sepp import (  # noqa: E402
    SeppOptions, expected_events, fit_sepp, triggered_counts,
)
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events  # noqa: E402

WIDTH = 20_000.0  # a 20 x 20 km city
BACKGROUND_PER_DAY = 45.0  # about 90 events a day with theta = 0.5
CELL = 150.0
COMPARISON_ITERATIONS = 30


def _events(n_target: int, seed: int = 7):
    spec = SimulationSpec(
        categories=(CategorySpec("all", BACKGROUND_PER_DAY, theta=0.5, omega=0.2, sigma=100.0),),
        width=WIDTH, height=WIDTH, n_days=n_target / (2 * BACKGROUND_PER_DAY), uniform_share=0.4,
        n_neighbourhoods=20, seed=seed)
    return simulate_events(spec)[0]


def _measured(function):
    """(result, seconds, peak MiB of traced allocations) of ``function()``, run twice: timed
    untraced (tracing every allocation slows code that makes many small ones), then traced."""
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    return result, seconds, peak


BACKGROUNDS = {"kernels": SeppOptions(), "per cell": SeppOptions(background_neighbours=0)}


def bench_scaling(grid: Grid) -> None:
    print(f"{'background':>10} {'events':>8} {'pairs':>10} {'iter':>5} {'fit s':>7} {'peak MiB':>9} "
          f"{'forecast s':>10} {'1st order s':>11}  theta  delay  sigma")
    for n_target in (10_000, 30_000, 100_000):
        events = _events(n_target)
        for name, options in BACKGROUNDS.items():
            fit, seconds, peak = _measured(lambda: fit_sepp(events, grid, options))
            started = time.perf_counter()
            expected_events(fit, grid, fit.end, 7.0)
            forecast_seconds = time.perf_counter() - started
            started = time.perf_counter()  # the first-order part alone (no cascade within the horizon)
            triggered_counts(grid, fit.events.t, fit.events.x, fit.events.y, fit.end + 1e-9, 7.0, fit.theta,
                             fit.omega, fit.sigma, fit.time_cutoff)
            first_order_seconds = time.perf_counter() - started
            print(f"{name:>10} {fit.n_events:>8} {fit.n_pairs:>10} {fit.iterations:>5} {seconds:>7.2f} "
                  f"{peak:>9.0f} {forecast_seconds:>10.2f} {first_order_seconds:>11.2f}  {fit.theta:.3f} "
                  f"{fit.mean_delay:6.2f} {fit.sigma:6.1f}   (cutoffs {fit.time_cutoff:.0f} d, "
                  f"{fit.space_cutoff:.0f} m)")


def bench_against_dense(grid: Grid) -> None:
    events = _events(6_000, seed=8)
    cutoffs = fit_sepp(events, grid)
    options = SeppOptions(time_cutoff=cutoffs.time_cutoff, space_cutoff=cutoffs.space_cutoff,
                          max_iterations=COMPARISON_ITERATIONS, tolerance=0.0)
    fast, fast_seconds, fast_peak = _measured(lambda: fit_sepp(events, grid, options))
    data = fast.events
    dense, dense_seconds, dense_peak = _measured(lambda: dense_reference_em(
        data.t, data.x, data.y, grid, fast.start, fast.end, options.time_cutoff, options.space_cutoff,
        COMPARISON_ITERATIONS, theta=0.2, omega=4.0 / options.time_cutoff, sigma=options.space_cutoff / 4.0,
        bandwidth=fast.background_bandwidth))
    gap = max(abs(a / b - 1) for a, b in zip((fast.theta, fast.omega, fast.sigma), dense[:3]))
    print(f"\n{fast.n_events} events, {COMPARISON_ITERATIONS} EM iterations, cutoffs "
          f"{options.time_cutoff:.0f} d / {options.space_cutoff:.0f} m, {fast.n_pairs} pairs, "
          "adaptive kernel background with held-out periods")
    print(f"  pair-based EM : {fast_seconds:7.2f} s  {fast_peak:8.0f} MiB")
    print(f"  dense N x N EM: {dense_seconds:7.2f} s  {dense_peak:8.0f} MiB   (REFERENCE, naive)")
    print(f"  ratio dense / pairs: time x{dense_seconds / fast_seconds:.0f}, "
          f"memory x{dense_peak / fast_peak:.0f}; "
          f"largest relative gap in theta, omega, sigma: {gap:.1e}")


def main() -> None:
    grid = Grid.covering(0.0, 0.0, WIDTH, WIDTH, CELL)
    print(f"SEPP fit, {WIDTH / 1000:.0f} x {WIDTH / 1000:.0f} km, {CELL:.0f} m cells ({grid.n_cells} cells), "
          "theta 0.5, mean delay 5 d, sigma 100 m, automatic cutoffs")
    print("(one background rate per cell takes repeats for background, the more so the sparser the data;\n"
          " see 'Known limits' in algorithms/sepp.py. Simulated hotspots: standard deviations 400-1,200 m)")
    bench_scaling(grid)
    bench_against_dense(grid)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\nprocess peak resident memory: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
