"""Street network at scale: network KDE and the network prospective hotspot on a
100,000-lixel network with 100,000 events, and snapping 1,000,000 events onto a
200,000-segment network. Prints time and peak traced memory beside the goals of issue 15
(60 s and 2 GB each; snapping under a minute).

Run: ``python tests/benchmarks/bench_network.py`` (from the checkout, with its venv).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import conftest  # noqa: E402,F401  (exposes the checkout as the crimerisk package)

from crimerisk.algorithms.network_forecast import network_near_repeat  # noqa: E402
from crimerisk.algorithms.network_kde import network_kde  # noqa: E402
from crimerisk.algorithms.network_simulate import street_grid  # noqa: E402
from crimerisk.algorithms.network_snap import snap_events  # noqa: E402

GOAL_SECONDS = 60.0
GOAL_BYTES = 2 * 1024 ** 3
# Wall time counts other processes on a shared machine; the CPU time (one thread) is this run's own.


def measured(what: str, call):
    tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{what:<58} {seconds:8.1f} s wall, {cpu:6.1f} s CPU "
          f"(goal {GOAL_SECONDS:.0f} s, ratio {seconds / GOAL_SECONDS:5.2f})"
          f"  peak {peak / 1024 ** 2:8.0f} MiB (goal {GOAL_BYTES / 1024 ** 2:.0f} MiB, ratio {peak / GOAL_BYTES:5.2f})",
          flush=True)
    return result


def events_on(net, n: int, rng: np.random.Generator):
    """Events uniform along the streets (a street chosen by length), over one year."""
    chain = rng.choice(net.n_chains, size=n, p=net.chain_length / net.chain_length.sum())
    lixel, position = net.lixel_of(chain, rng.random(n) * net.chain_length[chain])
    return lixel, position, rng.random(n) * 365.0


def main() -> None:
    rng = np.random.default_rng(0)
    net = measured("build: 118 x 118 blocks of 100 m, lixels of 25 m", lambda: street_grid(118, 100.0, seed=0))
    print(f"  {net.n_lixels:,} lixels, {net.n_nodes:,} nodes, {net.total_length / 1000:,.0f} km", flush=True)
    lixel, position, t = events_on(net, 100_000, rng)
    for method, bandwidth in (("simple", 300.0), ("discontinuous", 300.0), ("continuous", 300.0)):
        measured(f"network KDE, {method}, 300 m, 100,000 events",
                 lambda: network_kde(net, lixel, position, None, bandwidth, method=method, units="expected"))
    measured("network prospective hotspot, 400 m / 365 days (every event triggers)",
             lambda: network_near_repeat(net, lixel, position, t, None, 366.0, 400.0, 365.0))
    big = measured("build: 316 x 316 blocks of 100 m (200,000 segments), lixels of 100 m",
                   lambda: street_grid(316, 100.0, seed=1, missing_share=0.0, lixel_length=100.0))
    print(f"  {big.report['street_segments']:,} street segments, {big.n_lixels:,} lixels", flush=True)
    x, y = rng.uniform(-60, 31_660, (2, 1_000_000))
    snapped = measured("snap 1,000,000 events (50 m)", lambda: snap_events(big, x, y, 50.0))
    print(f"  kept {int(snapped.kept.sum()):,}, dropped {snapped.dropped:,}", flush=True)


if __name__ == "__main__":
    main()
