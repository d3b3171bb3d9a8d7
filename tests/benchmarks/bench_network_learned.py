"""Does the learned forecast on street segments beat the long-memory segment baseline?

A time-ordered backtest on street towns: the bundled sample town (its streets and events; the
last year, 2020, is scored in 52 weekly folds and nothing is tuned on it) and simulated towns of
:mod:`crimerisk.algorithms.network_simulate` (three years, the third scored in 52 weekly folds),
fixed seeds:

* ``stable``: stable hotspot streets, no near repeats;
* ``repeats``: near repeats along the streets, every street alike;
* ``both``: hotspot streets and near repeats;
* ``null``: neither, so the future is independent of every past feature (and five more null
  towns with other seeds, to see how often the learned forecast seems to win by chance).

Methods: ``baseline`` (long-memory decayed counts per street segment, half-life 365 days, as
``crimerisk:networkbaseline``), ``near repeat`` (the network prospective hotspot, bandwidths chosen
by its internal validation on the 8 weeks before the scored year), ``lixel counts`` (the same
decayed counts per lixel instead of per segment: is a gain the learning or the finer unit?) and
``learned``
(:mod:`crimerisk.algorithms.network_learned`, the grid learned forecast's learner and settings,
refitted every 4 weeks on the events before each refit). Each is scored by hit rate and PAI at
1, 5 and 10% of street length; each is compared with the baseline by the backtest's paired,
one-sided Diebold-Mariano test (EWC variance) on the weekly hit rates.

Run: ``python tests/benchmarks/bench_network_learned.py [town ...]`` (from the checkout).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import conftest  # noqa: E402,F401  (exposes the checkout as the crimerisk package)

from crimerisk.algorithms.network import build_network  # noqa: E402
from crimerisk.algorithms.network_backtest import (decayed_counts_method, near_repeat_method,  # noqa: E402
                                                   network_backtest)
from crimerisk.algorithms.network_forecast import choose_bandwidths  # noqa: E402
from crimerisk.algorithms.network_learned import NetworkLearnedSettings, learned_method  # noqa: E402
from crimerisk.algorithms.network_score import compare_hit_rates  # noqa: E402
from crimerisk.algorithms.network_simulate import simulate_on_streets, street_grid  # noqa: E402
from crimerisk.algorithms.network_snap import snap_events  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "crimerisk_sample.gpkg"
COVERAGES = (0.01, 0.05, 0.10)
FOLDS, HORIZON = 52, 7.0
REFIT_EVERY = 4
#: Seeds of the extra null towns (the table's null town has seed 11).
NULL_SEEDS = (12, 13, 14, 15, 16)
SPACE_CANDIDATES = (50.0, 100.0, 200.0, 400.0)
TIME_CANDIDATES = (7.0, 14.0, 28.0, 56.0)
#: Simulated towns: keyword arguments of simulate_on_streets (3 years, scored in the third).
TOWNS = {
    "stable": {"concentration": 1.5, "branching": 0.0, "background_per_day": 4.0},
    "repeats": {"concentration": 1e-9, "branching": 0.6, "background_per_day": 2.0},
    "both": {"concentration": 1.0, "branching": 0.5, "background_per_day": 2.5},
    "null": {"concentration": 1e-9, "branching": 0.0, "background_per_day": 4.0},
}


def simulated_town(name: str, seed: int = 11):
    """(network, lixel, position, t, test_start) of a simulated town (16 x 16 blocks of 100 m)."""
    net = street_grid(16, 100.0, seed=seed)
    events = simulate_on_streets(net, days=3 * 365.0, reach=100.0, lag_days=5.0, seed=seed, **TOWNS[name])
    return net, events["lixel"], events["position"], events["t"], 2 * 365.0


def sample_town():
    """(network, lixel, position, t, test_start) of the bundled sample: all crime types, snapped
    within 50 m to its streets cut into 25 m lixels; 2020 is scored."""
    from osgeo import ogr

    dataset = ogr.Open(str(SAMPLE))
    lines = [np.array(f.GetGeometryRef().GetPoints(), dtype=np.float64)[:, :2] for f in dataset.GetLayer("streets")]
    net = build_network(lines, lixel_length=25.0)
    xy, stamps = [], []
    for feature in dataset.GetLayer("events"):
        point = feature.GetGeometryRef()
        xy.append((point.GetX(), point.GetY()))
        stamps.append(feature.GetField("occurred").replace("/", "-"))
    xy = np.array(xy)
    t = (np.array(stamps, dtype="datetime64[s]").astype(np.int64) / 86400.0)
    snapped = snap_events(net, xy[:, 0], xy[:, 1], 50.0)
    test_start = float(np.datetime64("2020-01-01", "s").astype(np.int64) / 86400.0)
    return net, snapped.lixel, snapped.position, t, test_start


def methods_for(net, lixel, position, t, test_start) -> tuple[dict, tuple[float, float]]:
    """The three methods; the near-repeat bandwidths are chosen on the weeks before ``test_start``."""
    seen = t < test_start
    space, days, _ = choose_bandwidths(net, np.where(seen, lixel, -1), position, t, None, test_start, HORIZON,
                                       SPACE_CANDIDATES, TIME_CANDIDATES, periods=8)
    settings = NetworkLearnedSettings(n_threads=1, evaluate=False)
    def lixel_counts(past: np.ndarray, as_of: float, horizon: float) -> np.ndarray:
        on = lixel[past] >= 0
        decayed = np.exp2(-(as_of - t[past][on]) / 365.0)
        return np.bincount(lixel[past][on], weights=decayed, minlength=net.n_lixels) / net.lixel_length

    return {
        "baseline": decayed_counts_method(net, lixel, t, None),
        "lixel counts": lixel_counts,
        "near repeat": near_repeat_method(net, lixel, position, t, None, space, days),
        "learned": learned_method(net, lixel, t, None, settings, refit_every=REFIT_EVERY),
    }, (space, days)


def judged(town: str, net, lixel, position, t, test_start) -> list[dict]:
    """One row per method and coverage: mean hit rate, PAI, and the paired test against the baseline."""
    methods, bandwidths = methods_for(net, lixel, position, t, test_start)
    result = network_backtest(net, lixel, t, methods, test_start, FOLDS, HORIZON, COVERAGES, reference="baseline")
    scored = int(np.count_nonzero((t >= test_start) & (t < test_start + FOLDS * HORIZON) & (lixel >= 0)))
    print(f"# {town}: {net.n_lixels:,} lixels, {scored:,} scored events, near-repeat bandwidths "
          f"{bandwidths[0]:g} m / {bandwidths[1]:g} days", flush=True)
    out = []
    for row in result.summary:
        hits = {name: np.array([r["hit_rate"] for r in result.rows if r["method"] == name
                                and np.isclose(r["coverage"], row["coverage"])]) for name in methods}
        test = compare_hit_rates(hits[row["method"]], hits["baseline"]) if row["method"] != "baseline" else {}
        finer = compare_hit_rates(hits["learned"], hits["lixel counts"]) if row["method"] == "learned" else {}
        out.append({"town": town, **row, "p_value": test.get("p_value", np.nan),
                    "difference": test.get("mean_difference", np.nan), "p_finer": finer.get("p_value", np.nan)})
    return out


def print_table(rows: list[dict]) -> None:
    print("p vs base: one-sided p that the method catches more than the segment baseline; p vs lixel: that the "
          "learned forecast catches more than the decayed counts per lixel")
    print(f"{'town':<8} {'method':<12} " + " ".join(f"{'hit@' + format(c, '.0%'):>8} {'PAI':>5} {'p vs base':>9} "
                                                  f"{'p vs lixel':>10}" for c in COVERAGES))
    for town in dict.fromkeys(r["town"] for r in rows):
        for method in dict.fromkeys(r["method"] for r in rows if r["town"] == town):
            cells = []
            for c in COVERAGES:
                r = next(r for r in rows if r["town"] == town and r["method"] == method
                         and np.isclose(r["coverage"], c))
                p = "" if np.isnan(r["p_value"]) else f"{r['p_value']:.3f}"
                finer = "" if np.isnan(r["p_finer"]) else f"{r['p_finer']:.3f}"
                cells.append(f"{r['mean_hit_rate']:8.3f} {r['mean_pai']:5.1f} {p:>9} {finer:>10}")
            print(f"{town:<8} {method:<12} " + " ".join(cells), flush=True)


def null_replicates(seeds: Sequence[int]) -> None:
    """The null town again with other seeds: how often does the learned forecast seem to beat the baseline?"""
    print("\nnull towns, other seeds: one-sided p that the learned forecast catches more than the baseline")
    print(f"{'seed':>4} " + " ".join(f"{'p@' + format(c, '.0%'):>7}" for c in COVERAGES))
    for seed in seeds:
        rows = judged(f"null {seed}", *simulated_town("null", seed))
        print(f"{seed:>4} " + " ".join(f"{r['p_value']:7.3f}" for r in rows if r["method"] == "learned"), flush=True)


def main(towns: list[str]) -> None:
    rows = []
    for town in towns:
        start = time.perf_counter()
        data = sample_town() if town == "sample" else simulated_town(town)
        rows += judged(town, *data)
        print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    print()
    print_table(rows)
    if "null" in towns:
        null_replicates(NULL_SEEDS)


if __name__ == "__main__":
    main(sys.argv[1:] or ["stable", "repeats", "both", "null", "sample"])
