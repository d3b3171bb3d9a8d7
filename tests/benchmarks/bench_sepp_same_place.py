"""SEPP before and after the same-place trigger, on records geocoded to points: the sample town and Toronto.

"Before" is the single Gaussian trigger of Mohler et al. (2011) (``location_precision = 0``), "after" the
default two-component trigger (same-place repeats plus near repeats, location precision 5 m). For each
crime type: the parameters fitted on the training years (sigma, theta, mean delay, same-place share),
then a small time-ordered backtest (weekly origins, each fit on every event before it) scored by the hit
rate at 5% of the area, side by side.

* sample town (resources/sample, ``simulate_town(town_spec(42))``): train 2018-2019, 8 weekly origins from
  2020-11-06, 150 m cells; the truth is in resources/sample/README.md (burglary: theta 0.20, 7 days,
  150 m along the streets, 25% at the same address);
* Toronto (../shared/data, offsets to intersections): train 2014-2016, 8 weekly origins from 2017-01-02,
  150 m cells, skipped with a message when the data are absent.

* speed on stacked records (``--snapped N``): bench_sepp.py's N simulated events (its dense city)
  rounded to a 20 m lattice, so that most events share their place with others; CPU seconds and EM
  iterations of each variant (bench_sepp.py itself measures the continuous case, where the same-place
  parts are left out).

Run: .venv/bin/python tests/benchmarks/bench_sepp_same_place.py [--folds 8] [--types Assault,Robbery]
[--skip-toronto] [--snapped 100000] (minutes: every fold fits two models per crime type).
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as crimerisk)

import bench_forecast_skill as skill  # noqa: E402

from crimerisk.algorithms.evaluate import backtest  # noqa: E402
from crimerisk.algorithms.events import EventSet  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.sepp import SeppOptions, fit_sepp, forecast_sepp  # noqa: E402
from crimerisk.algorithms.simulate import simulate_town, town_spec  # noqa: E402

CELL = 150.0
MAX_ITERATIONS = 50
HORIZON = 7.0
COVERAGE = 0.05
VARIANTS = {"before": SeppOptions(max_iterations=MAX_ITERATIONS, location_precision=0.0),
            "after": SeppOptions(max_iterations=MAX_ITERATIONS)}


def day(text: str) -> float:
    return float(np.datetime64(text, "D").astype(np.int64))


def _grid(events: EventSet) -> Grid:
    return Grid.covering(events.x.min() - 500, events.y.min() - 500, events.x.max() + 500, events.y.max() + 500, CELL)


def fitted(events: EventSet, grid: Grid, start: float, end: float) -> dict[str, dict[str, float]]:
    """Parameters of each variant fitted on ``[start, end)``, with its seconds."""
    window = events.between(start, end)
    rows = {}
    for name, options in VARIANTS.items():
        began = time.process_time()
        fit = fit_sepp(window, grid, options, start=start, end=end)
        rows[name] = dict(sigma=fit.sigma, theta=fit.theta, delay=fit.mean_delay, same=fit.same_place,
                          place=fit.place_share, iterations=fit.iterations, seconds=time.process_time() - began)
    return rows


def hit_rates(events: EventSet, grid: Grid, first: float, folds: int) -> dict[str, float]:
    """Mean hit rate at 5% of the area over ``folds`` weekly origins from ``first``, per variant."""
    methods = {name: partial(forecast_sepp, options=options) for name, options in VARIANTS.items()}
    result = backtest(events, grid, methods, first, folds, HORIZON, coverages=(COVERAGE,))
    return {name: float(np.nanmean([row["hit_rate"] for row in result.rows if row["method"] == name]))
            for name in VARIANTS}


def report(place: str, kind: str, n: int, parameters: dict, rates: dict) -> None:
    before, after = parameters["before"], parameters["after"]
    print(f"{place:8s} {kind:14s} {n:7,d}  sigma {before['sigma']:9.3g} -> {after['sigma']:6.1f} m  "
          f"theta {before['theta']:.3f} -> {after['theta']:.3f}  delay {before['delay']:5.1f} -> "
          f"{after['delay']:5.1f} d  repeats at same place {after['same']:.2f}  background at places "
          f"{after['place']:.2f}  hit rate @5% {rates['before']:.3f} -> "
          f"{rates['after']:.3f}  fit CPU s {before['seconds']:.1f} / {after['seconds']:.1f}", flush=True)


def run(place: str, events: EventSet, kinds: list[str], train: tuple[str, str], first: str, folds: int) -> None:
    for kind in kinds:
        chosen = events.of_categories([kind])
        grid = _grid(chosen)
        parameters = fitted(chosen, grid, day(train[0]), day(train[1]))
        report(place, kind, len(chosen.between(day(train[0]), day(train[1]))), parameters,
               hit_rates(chosen.before(day(first) + folds * HORIZON), grid, day(first), folds))


def snapped_speed(n_target: int) -> None:
    """CPU seconds of each variant on bench_sepp.py's events rounded to a 20 m lattice."""
    import bench_sepp

    events = bench_sepp.events(n_target)
    snapped = EventSet.from_arrays(np.round(events.x / 20.0) * 20.0, np.round(events.y / 20.0) * 20.0, t=events.t)
    grid = bench_sepp._grid()
    for name, options in VARIANTS.items():
        began = time.process_time()
        fit = fit_sepp(snapped, grid, options)
        print(f"snapped  {len(snapped):,} events ({fit.stacked_share:.0%} sharing a place) {name:6s}: CPU "
              f"{time.process_time() - began:6.1f} s, {fit.iterations} iterations, {fit.n_pairs:,} pairs, theta "
              f"{fit.theta:.3f}, delay {fit.mean_delay:.2f} d, sigma {fit.sigma:.1f} m (truth 0.35, 7, 150 blurred "
              "by 20 m rounding)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=8)
    parser.add_argument("--types", default="Assault,Auto Theft,Robbery,Theft Over")
    parser.add_argument("--skip-toronto", action="store_true")
    parser.add_argument("--snapped", type=int, default=0, help="only the speed on N snapped events")
    arguments = parser.parse_args()
    if arguments.snapped:
        snapped_speed(arguments.snapped)
        return
    print("before: one Gaussian trigger (location precision 0); after: same-place share + near repeats, "
          "background with a same-place part (location precision 5 m)")
    town = simulate_town(town_spec(seed=42)).events
    run("sample", town, ["burglary", "vehicle crime", "violence", "robbery"], ("2018-01-01", "2020-01-01"),
        "2020-11-06", arguments.folds)
    if arguments.skip_toronto:
        return
    toronto = skill.development_events()
    if toronto is not None:
        run("Toronto", toronto, arguments.types.split(","), ("2014-01-01", "2017-01-01"), "2017-01-02",
            arguments.folds)


if __name__ == "__main__":
    main()
