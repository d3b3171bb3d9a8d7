"""The sample town beside real records: concentration, Knox ratio, hour of day, weekly backtest.

Prints, per crime type of the sample town and of the Toronto development data (when
../shared/data holds it), the statistics of :mod:`algorithms.townstats`:

* share of the events of a year in the busiest 1%, 5% and 10% of 150 m cells of the built-up area;
* Knox ratio (observed / expected pairs) closer than 200 m and 7 days, over one year;
* peak hour, night share (22:00-06:00) and contrast (three busiest over three quietest hours) of
  the recorded times;
* share of the events recorded at the very point of another (recurring addresses, intersections);
* mean PAI at 5% of 26 weekly forecasts by decayed counts (half-life one year) and by last-week
  counts, and their ratio (real data: long-memory counts win by a wide margin).

Run: .venv/bin/python scripts/compare_sample_to_real.py [--sample-only] [--with-old-town]
"""

from __future__ import annotations

import csv
import gzip
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PLUGIN_PARENT, TORONTO_DATA  # noqa: E402,F401  (exposes the checkout as `crimerisk`)

from crimerisk.algorithms import townstats  # noqa: E402
from crimerisk.algorithms.events import EventSet  # noqa: E402
from crimerisk.algorithms.simulate import demo_spec, simulate_events, simulate_town, town_spec  # noqa: E402

CELL = 150.0
#: Sample-town type -> the Toronto type it is compared with.
PAIRS = {"violence": "Assault", "vehicle crime": "Auto Theft", "robbery": "Robbery", "burglary": "Theft Over"}


def day(text: str) -> float:
    return float(np.datetime64(text, "D").astype(np.int64))


def load_toronto(path: Path | None = TORONTO_DATA) -> EventSet:
    """The Toronto events projected to UTM 17N (metres), days since 1970 with the hour, crime type."""
    from pyproj import Transformer
    with gzip.open(path, "rt") as handle:
        rows = list(csv.DictReader(handle))
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    days = np.array([r["date"] for r in rows], dtype="datetime64[D]").astype(np.int64)
    t = days + np.array([int(r["hour"]) for r in rows]) / 24.0
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32617", always_xy=True).transform(lon, lat)
    kind = np.array([r["crime_type"] for r in rows], dtype=object)
    ok = np.isfinite(x) & np.isfinite(y) & (lat > 43) & (lat < 44.5)
    return EventSet.from_arrays(x[ok], y[ok], t[ok], kind[ok])


@dataclass(frozen=True)
class Realism:
    """The statistics of one crime type of one data set."""

    n_per_year: float
    top: list[float]  # shares in the top 1, 5, 10% of cells
    knox: float
    peak_hour: int
    night_share: float
    hour_contrast: float
    stacked: float
    pai_decayed: float
    pai_last_week: float

    @property
    def backtest_ratio(self) -> float:
        return self.pai_decayed / self.pai_last_week


#: Plausible ranges (low, high) of each statistic for all crime types together and for one type.
#: From the literature (Weisburd 2015: about half of crime at ~5% of places; Johnson et al. 2007:
#: near-repeat Knox ratios of 1.1-2.5 at the closest bands) and checked on the Toronto records.
PLAUSIBLE = {
    "all": {"top1": (0.15, 0.50), "top5": (0.45, 0.85), "top10": (0.60, 0.95), "knox": (0.95, 1.3),
            "night_share": (0.2, 0.5), "hour_contrast": (2.0, 10.0), "stacked": (0.3, 0.95),
            "backtest_ratio": (1.5, 20.0)},
    "type": {"top5": (0.45, 1.0), "knox": (0.9, 2.5), "night_share": (0.15, 0.6), "hour_contrast": (1.8, 20.0),
             "backtest_ratio": (1.5, 20.0)},
}


def implausible(stats: Realism, scope: str) -> list[str]:
    """The statistics of ``stats`` outside the ``PLAUSIBLE[scope]`` ranges, as sentences."""
    values = {"top1": stats.top[0], "top5": stats.top[1], "top10": stats.top[2], "knox": stats.knox,
              "night_share": stats.night_share, "hour_contrast": stats.hour_contrast, "stacked": stats.stacked,
              "backtest_ratio": stats.backtest_ratio}
    return [f"{name} = {values[name]:.3f} outside [{low}, {high}]"
            for name, (low, high) in PLAUSIBLE[scope].items() if not low <= values[name] <= high]


def realism(events: EventSet, grid, year_start: float, test_start: float, folds: int = 26,
            permutations: int = 99) -> Realism:
    """Statistics of ``events`` on ``grid``: one year from ``year_start`` for the counts, Knox and
    hours; ``folds`` weekly forecasts from ``test_start`` for the backtest."""
    year = events.between(year_start, year_start + 365.0)
    decayed, last = townstats.weekly_backtest_ratio(events, grid, test_start, folds)
    profile = townstats.hour_profile(year.t)
    return Realism(float(len(year)), townstats.concentration(year, grid),
                   townstats.knox_ratio(year, permutations=permutations), profile.peak_hour,
                   profile.night_share, profile.contrast, townstats.stacked_share(year), decayed, last)


def sample_realism(folds: int = 26, events: EventSet | None = None) -> dict[str, Realism]:
    """Per crime type of the sample town (or of ``events`` over the same years) and all types together."""
    events = simulate_town(town_spec()).events if events is None else events
    grid = townstats.occupied_grid(events, CELL)
    kinds = ["all"] + sorted(set(events.category))
    return {k: realism(events if k == "all" else events.subset(events.category == k), grid,
                       day("2020-01-01"), day("2020-07-01"), folds) for k in kinds}


def toronto_realism(folds: int = 26, year: int = 2017) -> dict[str, Realism]:
    """Per crime type of the Toronto data (and all types together) in ``year``: the town was tuned
    on 2017 (the years 2014-2017 are for tuning); 2018 is held out for the test."""
    events = load_toronto()
    grid = townstats.occupied_grid(events, CELL)
    kinds = ["all"] + sorted(set(events.category))
    return {k: realism(events if k == "all" else events.subset(events.category == k), grid,
                       day(f"{year}-01-01"), day(f"{year}-07-01"), folds) for k in kinds}


def row(name: str, r: Realism, scope: str) -> str:
    top = " ".join(f"{100 * s:5.1f}" for s in r.top)
    problems = implausible(r, scope)
    return (f"{name:22s} {r.n_per_year:8,.0f}  {top}   {r.knox:5.2f}   {r.peak_hour:4d}  {100 * r.night_share:5.1f} {r.hour_contrast:5.1f}  "
            f"{100 * r.stacked:5.1f}  "
            f"{r.pai_decayed:6.2f} {r.pai_last_week:6.2f} {r.backtest_ratio:5.2f}  "
            + ("plausible" if not problems else "; ".join(problems)))


def main() -> None:
    print(f"{'crime type':22s} {'per year':>8s}  top1% top5% top10%  Knox<200m<7d  peak night% hours  stack%  "
          f"PAI5%:decayed last-week ratio  check")
    sample = sample_realism()
    real = toronto_realism() if TORONTO_DATA and "--sample-only" not in sys.argv else {}
    for kind, stats in sample.items():
        scope = "all" if kind == "all" else "type"
        print(row(f"town {kind}", stats, scope))
        partner = "all" if kind == "all" else PAIRS.get(kind)
        if partner in real:
            print(row(f"  Toronto {partner}", real.pop(partner), scope))
    for kind, stats in real.items():
        print(row(f"  Toronto {kind}", stats, "type"))
    if "--with-old-town" in sys.argv:  # the smooth Hawkes town the sample was drawn from before
        for kind, stats in sample_realism(events=simulate_events(demo_spec())[0]).items():
            print(row(f"old town {kind}", stats, "all" if kind == "all" else "type"))


if __name__ == "__main__":
    main()
