"""Forecast skill on the Toronto development data: 52 weekly origins of 2018, 150 m cells.

Every method is scored by hit rate and PAI at 1, 5 and 10% of the area, with 95% intervals over
the weekly folds, and by its ratio to the best baseline (decayed counts with the half-life chosen on
2017's weekly origins, last-week counts or long-run counts, whichever has the highest mean PAI at 5%)
with a paired 95% bootstrap interval over the folds, per crime type. Run:

    .venv/bin/python tests/benchmarks/bench_forecast_skill.py [--types Assault,Robbery] [--folds 52]
        [--methods place,sepp,mlforecast,hindsight] [--every 4]

The three baselines always run. SEPP and the learned forecast (boosting) take long per fit: with
``--every K`` they run on every K-th weekly origin only, and their ratio is paired with the best
baseline on those same origins. Seconds per fold are wall and CPU time.

Skips with a message when the shared data is absent. Not part of the default suite.
"""

from __future__ import annotations

import argparse
import gzip
import csv
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT.parent))
PACKAGE = ROOT.name
algorithms = __import__(f"{PACKAGE}.algorithms", fromlist=["baselines"])
from importlib import import_module  # noqa: E402

baselines = import_module(f"{PACKAGE}.algorithms.baselines")
evaluate = import_module(f"{PACKAGE}.algorithms.evaluate")
placeforecast = import_module(f"{PACKAGE}.algorithms.placeforecast")
events_module = import_module(f"{PACKAGE}.algorithms.events")
grid_module = import_module(f"{PACKAGE}.algorithms.grid")
surface_module = import_module(f"{PACKAGE}.algorithms.surface")

DATA = ROOT.parent.parent / "shared" / "data" / "toronto_mci_2014_2018_dev.csv.gz"
CELL = 150.0
COVERAGES = (0.01, 0.05, 0.10)
TEST_START = float(np.datetime64("2018-01-01").astype("datetime64[D]").astype(np.int64))
HORIZON = 7.0


def load(path: Path):
    """Events projected to UTM 17N (pyproj), days since 1970, crime type."""
    from pyproj import Transformer
    with gzip.open(path, "rt") as handle:
        rows = list(csv.DictReader(handle))
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    days = np.array([np.datetime64(r["date"]) for r in rows]).astype("datetime64[D]").astype(np.int64)
    t = days + np.array([int(r["hour"]) for r in rows]) / 24.0
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32617", always_xy=True).transform(lon, lat)
    kind = np.array([r["crime_type"] for r in rows], dtype=object)
    ok = np.isfinite(x) & np.isfinite(y) & (lat > 43) & (lat < 44.5)
    return events_module.EventSet.from_arrays(x[ok], y[ok], t[ok], kind[ok])


def development_events():
    """The development data's events, or None (saying so) when ../shared/data is absent."""
    if not DATA.exists():
        print(f"skipped: the development data {DATA} is absent")
        return None
    return load(DATA)


def chosen_half_life(events, grid) -> float:
    """Half-life of decayed counts chosen on 2017's weekly origins (history 2014-2017 only)."""
    best, best_pai = None, -1.0
    for half_life in (30.0, 90.0, 180.0, 365.0, 730.0, 1460.0):
        pais = []
        for k in range(26):
            origin = TEST_START - (k + 1) * HORIZON
            surface = baselines.decayed_counts(events, grid, origin, HORIZON, half_life)
            counts = grid.count(*_xy(events.between(origin, origin + HORIZON)))
            pais.append(evaluate.score_surface(surface.values, grid.inside, counts, (0.05,))[0].pai)
        if np.nanmean(pais) > best_pai:
            best, best_pai = half_life, float(np.nanmean(pais))
    return best


def _xy(ev):
    return ev.x, ev.y


def hindsight(events, weeks: int = 26):
    """Counts of the ``weeks`` weeks either side of the forecast week (it reads the future), ties broken
    by the earlier history: not a forecast but a reference for rankings by a cell's recent rate."""
    def method(history, grid, as_of, horizon):
        around = events.between(as_of - weeks * 7.0, as_of + horizon + weeks * 7.0)
        outside = (around.t < as_of) | (around.t >= as_of + horizon)
        # Ties (cells with equal counts) broken by all earlier events, as a long-memory count would.
        counts = grid.count(around.x[outside], around.y[outside]) + 1e-6 * grid.count(history.x, history.y)
        return surface_module.RiskSurface(counts, grid, "events in the surrounding weeks", {})
    return method


def long_run_counts(history, grid, as_of, horizon):
    """Every past event counted once (no decay), scaled to the horizon."""
    counts = grid.count(history.x, history.y, history.weight)
    days = max(as_of - float(history.t.min()), horizon) if len(history) else horizon
    return surface_module.RiskSurface(counts * horizon / days, grid, "events", {})


BASELINES = ("decayed counts", "last-week counts", "long-run counts")
SLOW = ("SEPP", "learned forecast (boosting)")


def methods_for(names, events, grid, half_life):
    methods = {}
    if "hindsight" in names:
        methods["hindsight +-26 weeks (ceiling)"] = hindsight(events)
    if "place" in names:
        methods["place forecast"] = lambda e, g, a, h: placeforecast.forecast_place(e, g, a, h)
    methods[f"decayed counts ({half_life:g} d)"] = lambda e, g, a, h: baselines.decayed_counts(e, g, a, h, half_life)
    methods["last-week counts"] = baselines.last_period_counts
    methods["long-run counts"] = long_run_counts
    if "sepp" in names:
        sepp = import_module(f"{PACKAGE}.algorithms.sepp")
        methods["SEPP"] = lambda e, g, a, h: sepp.forecast_sepp(e, g, a, h)
    if "mlforecast" in names:
        ml = import_module(f"{PACKAGE}.algorithms.mlforecast")
        settings = ml.ForecastSettings(training_periods=52, max_samples=100_000, evaluate=False, seed=0, n_threads=1)
        methods["learned forecast (boosting)"] = lambda e, g, a, h: ml.forecast(e, g, a, h, settings=settings)["all"]
    return methods


def interval(values):
    mean, low, high = evaluate.mean_confidence_interval(values)
    return mean, low, high


def paired_ratio(method: np.ndarray, base: np.ndarray, replicates: int = 4000) -> tuple[float, float, float]:
    """Ratio of mean PAIs and its paired percentile-bootstrap 95% interval over the folds."""
    ok = np.isfinite(method) & np.isfinite(base)
    method, base = method[ok], base[ok]
    if method.size < 2 or base.mean() <= 0:
        return math.nan, math.nan, math.nan
    draw = np.random.default_rng(0).integers(0, method.size, (replicates, method.size))
    ratios = method[draw].mean(axis=1) / base[draw].mean(axis=1)
    return float(method.mean() / base.mean()), *map(float, np.percentile(ratios, [2.5, 97.5]))


def score_type(kind, events, names, folds, every):
    grid = grid_module.Grid.covering(events.x.min(), events.y.min(), events.x.max(), events.y.max(), CELL)
    half_life = chosen_half_life(events, grid)
    methods = methods_for(names, events, grid, half_life)
    nan = np.full(folds, np.nan)
    scores = {name: {c: {"pai": nan.copy(), "hit": nan.copy()} for c in COVERAGES} for name in methods}
    seconds = {name: [0.0, 0.0, 0] for name in methods}
    chosen = []
    for fold in spread(folds):
        origin = TEST_START + fold * HORIZON
        history = events.before(origin)
        counts = grid.count(*_xy(events.between(origin, origin + HORIZON)))
        for name, method in methods.items():
            if name in SLOW and fold % every:
                continue
            wall, cpu = time.perf_counter(), time.process_time()
            surface = method(history, grid, origin, HORIZON)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            seconds[name][0] += wall
            seconds[name][1] += cpu
            seconds[name][2] += 1
            if name == "place forecast":
                chosen.append(surface.parameters["chosen"])
            for score in evaluate.score_surface(surface.values, grid.inside, counts, COVERAGES):
                scores[name][score.coverage]["pai"][fold] = score.pai
                scores[name][score.coverage]["hit"][fold] = score.hit_rate
            print(json.dumps({"kind": kind, "fold": fold, "name": name, "wall": wall, "cpu": cpu,
                              "half_life": half_life, "n_events": len(events),
                              "pai": [scores[name][c]["pai"][fold] for c in COVERAGES],
                              "hit": [scores[name][c]["hit"][fold] for c in COVERAGES],
                              "chosen": surface.parameters.get("chosen"),
                              "weight": surface.parameters.get("model_weight")}), file=sys.stderr, flush=True)
    return grid, half_life, methods, scores, seconds, chosen


def spread(folds: int) -> list[int]:
    """Every fold, in an order that spreads the first ones over the year (0, half, quarter, ...),
    so that a run stopped early has scored weeks from all seasons."""
    order, step = [], folds
    while step >= 1:
        order += [f for f in range(0, folds, step) if f not in order]
        step //= 2
    return order


def merge(paths: list[str]) -> None:
    """The tables from the per-fold JSON lines of one or more runs' stderr logs (runs stopped early
    included: the folds they scored)."""
    rows = {}
    for path in paths:
        for line in Path(path).read_text().splitlines():
            if line.startswith("{"):
                row = json.loads(line)
                rows[(row["kind"], row["name"], row["fold"])] = row
    for kind in dict.fromkeys(k for k, _, _ in rows):
        names = list(dict.fromkeys(n for k, n, _ in rows if k == kind))
        mine = [r for (k, _, _), r in rows.items() if k == kind]
        folds = max(r["fold"] for r in mine) + 1
        nan = np.full(folds, np.nan)
        scores = {n: {c: {"pai": nan.copy(), "hit": nan.copy()} for c in COVERAGES} for n in names}
        seconds = {n: [0.0, 0.0, 0] for n in names}
        chosen = []
        for r in mine:
            for i, c in enumerate(COVERAGES):
                scores[r["name"]][c]["pai"][r["fold"]] = r["pai"][i]
                scores[r["name"]][c]["hit"][r["fold"]] = r["hit"][i]
            seconds[r["name"]][0] += r["wall"]
            seconds[r["name"]][1] += r["cpu"]
            seconds[r["name"]][2] += 1
            if r["name"] == "place forecast":
                chosen.append((r["chosen"], r["weight"]))
        if chosen:
            weights = [w for _, w in chosen]
            print(f"\nplace forecast weights chosen by its validation: "
                  + ", ".join(f"{w:g}: {weights.count(w)} weeks" for w in sorted(set(weights))))
        scored = len({r["fold"] for r in mine})
        report(kind, mine[0]["n_events"], scored, mine[0]["half_life"], names, scores, seconds,
               [c for c, _ in chosen])


def report(kind, n_events, folds, half_life, methods, scores, seconds, chosen):
    baseline_names = [n for n in methods if n.startswith(BASELINES)]
    best = max(baseline_names, key=lambda n: np.nanmean(scores[n][0.05]["pai"]))
    print(f"\n{kind}: {n_events:,} events, {folds} weekly origins of 2018 scored, "
          f"decayed half-life chosen on 2017: {half_life:g} days; best baseline: {best}")
    if chosen:
        print(f"  place forecast used its model in {chosen.count('model')} of {len(chosen)} weeks")
    print(f"  {'method':32s} {'folds':>5s} " + " ".join(f"{'PAI@' + str(int(c * 100)) + '%':>20s}" for c in COVERAGES)
          + " " + " ".join(f"{'hit@' + str(int(c * 100)) + '%':>19s}" for c in COVERAGES)
          + f" {'ratio@5% to best [95%]':>24s} {'s/fold wall':>11s} {'CPU':>6s}")
    for name in methods:
        done = np.isfinite(scores[name][0.05]["pai"])
        cells = []
        for c in COVERAGES:
            m, lo, hi = interval(scores[name][c]["pai"][done])
            cells.append(f"{m:6.2f} [{lo:5.2f}, {hi:5.2f}]")
        for c in COVERAGES:
            m, lo, hi = interval(scores[name][c]["hit"][done])
            cells.append(f"{m:.3f} [{lo:.3f},{hi:.3f}]")
        ratio, lo, hi = paired_ratio(scores[name][0.05]["pai"][done], scores[best][0.05]["pai"][done])
        wall, cpu, runs = seconds[name]
        print(f"  {name:32s} {int(done.sum()):5d} " + " ".join(f"{x:>20s}" for x in cells[:3]) + " "
              + " ".join(f"{x:>19s}" for x in cells[3:]) + f" {f'{ratio:5.3f} [{lo:5.3f}, {hi:5.3f}]':>24s}"
              + f" {wall / max(runs, 1):11.2f} {cpu / max(runs, 1):6.2f}")
    sys.stdout.flush()


def timing(everything, target=100_000) -> None:
    """One weekly place forecast of all crime types together from about ``target`` events of history."""
    order = np.sort(everything.t)
    as_of = float(np.floor(order[min(target, order.size - 1)]))
    history = everything.before(as_of)
    grid = grid_module.Grid.covering(everything.x.min(), everything.y.min(), everything.x.max(),
                                     everything.y.max(), CELL)
    wall, cpu = time.perf_counter(), time.process_time()
    surface = placeforecast.forecast_place(history, grid, as_of, HORIZON)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"one weekly place forecast from {len(history):,} events, {grid.n_cells:,} cells: {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU (chosen: {surface.parameters['chosen']}, weight {surface.parameters['model_weight']})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", default="Assault,Auto Theft,Robbery,Theft Over")
    parser.add_argument("--folds", type=int, default=52)
    parser.add_argument("--methods", default="place")
    parser.add_argument("--every", type=int, default=1, help="SEPP and boosting on every K-th origin only")
    parser.add_argument("--timing", action="store_true", help="only time one forecast from 100,000 events")
    parser.add_argument("--merge", nargs="+", help="print the tables from these runs' stderr logs")
    args = parser.parse_args()
    if args.merge:
        merge(args.merge)
        return 0
    if not DATA.exists():
        print(f"skipped: the development data {DATA} is absent")
        return 0
    everything = load(DATA)
    if args.timing:
        timing(everything)
        return 0
    names = args.methods.split(",")
    if args.every > 1:
        print(f"SEPP and the learned forecast run on every {args.every}th weekly origin only (slow fits); "
              "their ratios are paired with the best baseline on those origins")
    for kind in args.types.split(","):
        events = everything.subset(everything.category == kind)
        _, half_life, methods, scores, seconds, chosen = score_type(kind, events, names, args.folds, args.every)
        report(kind, len(events), args.folds, half_life, methods, scores, seconds, chosen)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
