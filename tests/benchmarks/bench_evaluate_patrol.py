"""Benchmark: scoring a risk map, a backtest, and patrol-zone planning on large grids.

Run: /usr/bin/python3 tests/benchmarks/bench_evaluate_patrol.py
Prints sizes, wall times, peak traced memory, and ratios against plain reference
implementations run in the same process (ranking by lexsort and boolean masks for
the scores; the patrol greedy rule recomputing components with ndimage each step).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as `crimerisk`)

import numpy as np  # noqa: E402
from scipy import ndimage  # noqa: E402

from crimerisk.algorithms.baselines import default_baselines  # noqa: E402
from crimerisk.algorithms.evaluate import backtest, cells_for_coverage, score_surface  # noqa: E402
from crimerisk.algorithms.events import EventSet  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.patrol import plan_patrol_zones  # noqa: E402
from test_patrol import greedy_reference  # noqa: E402

COVERAGES = (0.01, 0.05, 0.1, 0.2)


def measured(function, *args, **kwargs):
    """(result, seconds, peak MB traced): timed untraced, then run again under tracemalloc
    (tracing slows the Python loops down several times, so it must not be timed)."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    function(*args, **kwargs)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return result, seconds, peak


def reference_scores(values: np.ndarray, counts: np.ndarray) -> list[tuple[float, float]]:
    """(hit rate, PEI*) per coverage, by lexsort ranking and boolean selection masks."""
    flat, c = values.ravel(), counts.ravel()
    order = np.lexsort((np.arange(flat.size), -flat))
    best = np.sort(c)[::-1]
    out = []
    for coverage in COVERAGES:
        n = cells_for_coverage(coverage, flat.size)
        chosen = np.zeros(flat.size, bool)
        chosen[order[:n]] = True
        out.append((c[chosen].sum() / c.sum(), c[chosen].sum() / best[:n].sum()))
    return out


def smooth_risk(shape: tuple[int, int], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return ndimage.gaussian_filter(rng.gamma(0.3, 1.0, shape), 3.0)


def bench_scores() -> None:
    print("== score_surface: one map, 4 coverages ==")
    for side in (200, 1000, 2000):
        rng = np.random.default_rng(1)
        values = smooth_risk((side, side), 2)
        counts = rng.poisson(values * 0.5).astype(float)
        ours, t_ours, mem = measured(score_surface, values, None, counts, COVERAGES)
        ref, t_ref, _ = measured(reference_scores, values, counts)
        assert np.allclose([(s.hit_rate, s.pei_star) for s in ours], ref)
        print(f"{side}x{side} = {side * side:>9,} cells: {t_ours:6.3f} s, peak {mem:7.1f} MB; "
              f"reference {t_ref:6.3f} s; ratio {t_ours / t_ref:4.2f}")


def bench_backtest() -> None:
    print("== backtest: 3 baselines x 12 weekly folds x 4 coverages ==")
    rng = np.random.default_rng(5)
    for n_events, side in ((20_000, 200), (200_000, 500)):
        t = np.sort(rng.uniform(0, 730, n_events))
        x, y = rng.gamma(4.0, side * 25.0, n_events) % (side * 100.0), rng.uniform(0, side * 100.0, n_events)
        events = EventSet.from_arrays(x, y, t=t)
        grid = Grid.covering(0, 0, side * 100.0, side * 100.0, 100.0)
        result, seconds, mem = measured(backtest, events, grid, default_baselines(), 600.0, 12, 7.0)
        print(f"{n_events:>7,} events, {grid.n_cells:>7,} cells: {seconds:6.2f} s, peak {mem:7.1f} MB, "
              f"{len(result.rows)} rows")


def bench_patrol() -> None:
    print("== plan_patrol_zones ==")
    for side, budget, min_cells in ((1000, 5, 1), (1000, 5, 9), (2000, 5, 9), (1000, 20, 25)):
        risk = smooth_risk((side, side), 3)
        plan, seconds, mem = measured(plan_patrol_zones, risk, budget, "percent", cell_size=50.0,
                                      min_zone_cells=min_cells, units=6)
        print(f"{side}x{side}, budget {budget}%, min zone {min_cells:>2} cells: {seconds:6.2f} s, "
              f"peak {mem:7.1f} MB, {len(plan.zones)} zones, {plan.selected_cells:,}/{plan.budget_cells:,} cells")
    side, budget, min_cells = 60, 180, 6
    risk = smooth_risk((side, side), 4)
    plan, t_ours, _ = measured(plan_patrol_zones, risk, budget, "cells", min_zone_cells=min_cells)
    ref, t_ref, _ = measured(greedy_reference, risk, budget, min_cells)
    assert np.array_equal(plan.labels > 0, ref)
    print(f"{side}x{side}, {budget} cells, min zone {min_cells}: {t_ours:6.3f} s; "
          f"per-step ndimage reference {t_ref:6.3f} s; ratio {t_ours / t_ref:5.3f} (same cells)")


if __name__ == "__main__":
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    bench_scores()
    bench_backtest()
    bench_patrol()
