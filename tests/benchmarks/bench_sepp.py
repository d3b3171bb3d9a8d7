"""Benchmark of the SEPP fit at 10k, 100k, 300k and 1M events: wall time, CPU time, peak resident memory
and the recovered parameters against the simulated truth, for this checkout and (``--before``) for
main's code side by side; then the pair-based EM against a naive dense N x N EM
(dense_sepp_reference.py) at 6,000 events.

The events are one simulated crime type as dense as the 1,000,000 events over two years of
bench_large_inputs.py (about 1,370 a day over a 36 x 27 km city with 40 hotspots), theta 0.35, mean
delay 7 days, sigma 150 m; N events are the last N / 1,370 days of a simulation that began 60 days
earlier (the process has reached its steady state; repeats of earlier events look like background,
as in real extracts). 250 m cells, automatic cutoffs,
at most 50 EM iterations (as in bench_large_inputs.py). Each fit runs in its own process (its peak
resident memory and CPU time are that process's), stopped after ``--timeout`` seconds.

Run: /usr/bin/python3 tests/benchmarks/bench_sepp.py [--before] [--sizes 10000,100000] [--timeout 600]
(several minutes; the machine is shared, so the CPU time says more than the wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as crimerisk)

from dense_sepp_reference import dense_reference_em  # noqa: E402
from child_process import wait_with_limit  # noqa: E402

from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events  # noqa: E402

WIDTH, HEIGHT = 36_000.0, 27_000.0
EVENTS_PER_DAY = 1_370.0  # 1,000,000 events in two years
THETA, MEAN_DELAY, SIGMA = 0.35, 7.0, 150.0
CELL = 250.0
MAX_ITERATIONS = 50
SIZES = (10_000, 100_000, 300_000, 1_000_000)
COMPARISON_ITERATIONS = 30
BURN_IN = 60.0  # days simulated before the events kept
MAIN_PACKAGE = "seppmain"  # main's algorithms/ copied under this name for the "before" runs


def spec(n_target: int, seed: int = 7) -> SimulationSpec:
    """One crime type, as dense in space and time as bench_large_inputs.py's million events."""
    category = CategorySpec("burglary", EVENTS_PER_DAY * (1 - THETA), theta=THETA, omega=1 / MEAN_DELAY,
                            sigma=SIGMA)
    return SimulationSpec(categories=(category,), width=WIDTH, height=HEIGHT,
                          n_days=BURN_IN + n_target / EVENTS_PER_DAY, uniform_share=0.25, n_neighbourhoods=40,
                          seed=seed)


def events(n_target: int):
    """About ``n_target`` events of :func:`spec`, after the burn-in."""
    simulated, _ = simulate_events(spec(n_target))
    return simulated.between(BURN_IN, None)


def _grid() -> Grid:
    return Grid.covering(0.0, 0.0, WIDTH, HEIGHT, CELL)


def _main_algorithms(folder: Path) -> None:
    """main's algorithms/ as the package ``seppmain`` in ``folder`` (git archive of the main branch)."""
    target = folder / MAIN_PACKAGE
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(HERE.parents[2]), "archive", "main", "algorithms"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "--strip-components=1", "-C", str(target)], input=archive, check=True)


def one_fit(n_target: int, code: str) -> dict:
    """Fit the SEPP to ``n_target`` simulated events with this checkout's or main's code (in this process)."""
    if code == "main":
        sepp = __import__(f"{MAIN_PACKAGE}.sepp", fromlist=["fit_sepp"])
    else:
        from crimerisk.algorithms import sepp
    kept = events(n_target)
    grid = _grid()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    fit = sepp.fit_sepp(kept, grid, sepp.SeppOptions(max_iterations=MAX_ITERATIONS))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return dict(events=fit.n_events, pairs=fit.n_pairs, iterations=fit.iterations, converged=fit.converged,
                seconds=seconds, cpu=cpu, theta=fit.theta, delay=fit.mean_delay, sigma=fit.sigma,
                cutoffs=f"{fit.time_cutoff:.0f} d, {fit.space_cutoff:.0f} m")


def _run(n_target: int, code: str, timeout: float, folder: Path) -> dict:
    """``one_fit`` in a child process: its answer, and its peak resident memory (whole process, MiB)."""
    env = dict(os.environ, PYTHONPATH=str(folder))
    arguments = [sys.executable, str(HERE), "--one", str(n_target), "--code", code]
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(arguments, env=env, stdout=out, stderr=subprocess.STDOUT)
        status, usage, stopped = wait_with_limit(process, timeout)
        if stopped:
            return dict(note=f"stopped after {timeout:.0f} s", peak=usage.ru_maxrss / 1024,
                        cpu=usage.ru_utime + usage.ru_stime)
        out.seek(0)
        text = out.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        return dict(note=(text.strip().splitlines() or ["failed"])[-1][:100], peak=usage.ru_maxrss / 1024)
    answer = json.loads(text.strip().splitlines()[-1])
    answer["peak"] = usage.ru_maxrss / 1024
    return answer


def _row(label: str, n_target: int, result: dict) -> str:
    if "note" in result:
        return f"{label:>6} {n_target:>9,} {'':>11} {'':>7} {'':>5}  {result['note']} (peak {result['peak']:,.0f} MiB)"
    return (f"{label:>6} {result['events']:>9,} {result['pairs']:>11,} {result['seconds']:>7.1f} "
            f"{result['cpu']:>7.1f} {result['peak']:>8,.0f} {result['iterations']:>5} "
            f"{result['theta']:>6.3f} {result['delay']:>6.2f} {result['sigma']:>6.1f}  ({result['cutoffs']})")


def bench_scaling(sizes: list[int], before: bool, timeout: float) -> None:
    print(f"SEPP fit: one crime type over {WIDTH / 1000:.0f} x {HEIGHT / 1000:.0f} km, {EVENTS_PER_DAY:,.0f} "
          f"events a day, {CELL:.0f} m cells, automatic cutoffs, at most {MAX_ITERATIONS} EM iterations")
    print(f"truth: theta {THETA}, mean delay {MEAN_DELAY} days, sigma {SIGMA:.0f} m")
    print(f"{'code':>6} {'events':>9} {'pairs':>11} {'wall s':>7} {'CPU s':>7} {'peak MiB':>8} {'iter':>5} "
          f"{'theta':>6} {'delay':>6} {'sigma':>6}")
    with tempfile.TemporaryDirectory() as folder:
        if before:
            _main_algorithms(Path(folder))
        for n_target in sizes:
            if before:
                print(_row("main", n_target, _run(n_target, "main", timeout, Path(folder))), flush=True)
            print(_row("this", n_target, _run(n_target, "this", timeout, Path(folder))), flush=True)


def _measured(function):
    """(result, seconds, peak MiB of traced allocations) of ``function()``: timed untraced, then traced."""
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    return result, seconds, peak


def bench_against_dense() -> None:
    from crimerisk.algorithms.sepp import SeppOptions, fit_sepp

    grid = Grid.covering(0.0, 0.0, 20_000.0, 20_000.0, 150.0)
    events = simulate_events(SimulationSpec(
        categories=(CategorySpec("all", 45.0, theta=0.5, omega=0.2, sigma=100.0),), width=20_000.0,
        height=20_000.0, n_days=6_000 / 90.0, uniform_share=0.4, n_neighbourhoods=20, seed=8))[0]
    cutoffs = fit_sepp(events, grid)
    options = SeppOptions(time_cutoff=cutoffs.time_cutoff, space_cutoff=cutoffs.space_cutoff,
                          max_iterations=COMPARISON_ITERATIONS, tolerance=0.0,
                          location_precision=0.0)  # the reference's single Gaussian trigger
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", action="store_true", help="also run main's code (the reference)")
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES), help="events per fit, comma-separated")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a fit is stopped")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--code", default="this", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(one_fit(arguments.one, arguments.code)))
        return
    bench_scaling([int(n) for n in arguments.sizes.split(",")], arguments.before, arguments.timeout)
    bench_against_dense()


if __name__ == "__main__":
    main()
