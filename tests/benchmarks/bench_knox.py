"""Benchmark: Knox test, 10 x 10 bands (+ beyond), 999 permutations, at 5,000, 20,000 and 50,000 events:
the batched engine (algorithms/knox.py) against the former one (knox_reference.py), side by side.

Events: three years of simulated burglary (self-exciting, background in Gaussian neighbourhoods) in a
city whose area grows with the events, so the density is that of the 20,000-event city of issue #19
(20 x 15 km, about 9 million pairs closer than 1 km); bands of 100 m and 7 days. (``uniform_share=0``:
with a uniform share, simulate.py of this version gives the uniform background points the earliest
times, a space-time interaction at every scale that would swamp the near-repeat signal.)

The last row takes the 20,000 events with their dates only (times floored to whole days, as in many
police exports): the batched engine then counts 16-bit time codes, eight permutations to a gather.
Both engines run in full with the same seed; "identical" compares the observed and permuted tables
byte for byte (so every expected count, ratio, p-value and z). Wall and CPU times are printed: the
machine is shared, and the CPU time says what the wall time would be on idle cores.
Run: /usr/bin/python3 tests/benchmarks/bench_knox.py [events ...] [--dates]
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402

from crimerisk.algorithms.events import EventSet  # noqa: E402
from crimerisk.algorithms.knox import knox_test  # noqa: E402
from crimerisk.algorithms.simulate import CategorySpec, SimulationSpec, simulate_events  # noqa: E402
from crimerisk.tests.benchmarks.knox_reference import reference_knox_test  # noqa: E402

SPACE_BAND, SPACE_BANDS = 100.0, 10
TIME_BAND, TIME_BANDS = 7.0, 10
PERMUTATIONS = 999
SEED = 7
SIZES = (5_000, 20_000, 50_000)
#: Events of the "dates only" row (0: none).
DATES_ONLY = 20_000


def city_events(target: int):
    """About ``target`` events over three years at the density of the 20,000-event city."""
    scale = target / 20_000
    spec = SimulationSpec(
        categories=(CategorySpec("burglary", background_rate=11.9 * scale, theta=0.35, omega=1 / 7,
                                 sigma=150.0),),
        width=20_000.0 * math.sqrt(scale), height=15_000.0 * math.sqrt(scale), n_days=3 * 365.0,
        uniform_share=0.0, n_neighbourhoods=max(1, round(20 * scale)), seed=1)
    events, _ = simulate_events(spec)
    return events


def timed(run, events):
    start, cpu = time.perf_counter(), time.process_time()
    result = run(events, SPACE_BAND, SPACE_BANDS, TIME_BAND, TIME_BANDS, permutations=PERMUTATIONS, seed=SEED)
    return result, time.perf_counter() - start, time.process_time() - cpu


def identical(a, b) -> bool:
    return all(getattr(a, name).dtype == getattr(b, name).dtype
               and getattr(a, name).tobytes() == getattr(b, name).tobytes()
               for name in ("observed", "permuted"))


def dates_only(events):
    """The same events with their times floored to whole days."""
    return EventSet.from_arrays(events.x, events.y, t=np.floor(events.t))


def main(sizes: tuple[int, ...], dates: int) -> None:
    print(f"Knox test: {SPACE_BANDS} x {SPACE_BAND:g} m, {TIME_BANDS} x {TIME_BAND:g} days, "
          f"{PERMUTATIONS} permutations, seed {SEED}; {os.cpu_count()} CPUs")
    header = (f"{'events':>13} {'close pairs':>12} | {'old s':>7} {'new s':>7} {'ratio':>6} | "
              f"{'old CPU s':>9} {'new CPU s':>9} {'ratio':>6} | identical | load")
    print(header)
    print("-" * len(header))
    last = None
    runs = [(size, False) for size in sizes] + ([(dates, True)] if dates else [])
    for size, days in runs:
        events = dates_only(city_events(size)) if days else city_events(size)
        load = os.getloadavg()[0]
        new, new_wall, new_cpu = timed(knox_test, events)
        old, old_wall, old_cpu = timed(reference_knox_test, events)
        same = "yes" if identical(new, old) else "NO"
        label = f"{len(events):,}" + (" dates" if days else "")
        print(f"{label:>13} {int(new.observed[:-1].sum()):>12,} | {old_wall:>7.1f} {new_wall:>7.1f} "
              f"{old_wall / new_wall:>5.1f}x | {old_cpu:>9.1f} {new_cpu:>9.1f} {old_cpu / new_cpu:>5.1f}x | "
              f"{same:^9} | {load:.1f}", flush=True)
        last = last if days else new
    if last is not None:
        for line in last.summary_sentences("burglary")[:3]:
            print("  " + line)
        print(f"  significant extent: {last.significant_extent()}")


if __name__ == "__main__":
    # No argument: every size and the dates-only row; "--dates" alone: that row only.
    chosen = tuple(int(a) for a in sys.argv[1:] if a != "--dates")
    dated = "--dates" in sys.argv or len(sys.argv) == 1
    main(chosen or (() if dated and len(sys.argv) > 1 else SIZES), DATES_ONLY if dated else 0)
