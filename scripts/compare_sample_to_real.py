"""The sample town beside real records: concentration, Knox ratio, hour of day, weekly backtest.

Prints, per crime type of the sample town and of the Toronto development data (when
../shared/data holds it), the statistics of :mod:`algorithms.townstats`:

* share of the events of a year in the busiest 1%, 5% and 10% of 150 m cells of the built-up area;
* Knox ratio (observed / expected pairs) closer than 200 m and 7 days, over one year;
* peak hour and night share (22:00-06:00) of the recorded times;
* mean PAI at 5% of 26 weekly forecasts by decayed counts (half-life one year) and by last-week
  counts, and their ratio (real data: long-memory counts win by a wide margin).

Run: .venv/bin/python scripts/compare_sample_to_real.py [--sample-only]
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
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as `crimerisk`)

from crimerisk.algorithms import townstats  # noqa: E402
from crimerisk.algorithms.events import EventSet  # noqa: E402
try:
    from crimerisk.algorithms.simulate import simulate_town, town_spec  # noqa: E402
except ImportError:
    pass

TORONTO = ROOT.parent.parent / "shared" / "data" / "toronto_mci_2014_2018_dev.csv.gz"
CELL = 150.0
#: Sample-town type -> the Toronto type it is compared with.
PAIRS = {"violence": "Assault", "vehicle crime": "Auto Theft", "robbery": "Robbery", "burglary": "Theft Over"}


def day(text: str) -> float:
    return float(np.datetime64(text, "D").astype(np.int64))


def load_toronto(path: Path = TORONTO) -> EventSet:
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
    pai_decayed: float
    pai_last_week: float

    @property
    def backtest_ratio(self) -> float:
        return self.pai_decayed / self.pai_last_week


def realism(events: EventSet, grid, year_start: float, test_start: float, folds: int = 26,
            permutations: int = 99) -> Realism:
    """Statistics of ``events`` on ``grid``: one year from ``year_start`` for the counts, Knox and
    hours; ``folds`` weekly forecasts from ``test_start`` for the backtest."""
    year = events.between(year_start, year_start + 365.0)
    decayed, last = townstats.weekly_backtest_ratio(events, grid, test_start, folds)
    profile = townstats.hour_profile(year.t)
    return Realism(float(len(year)), townstats.concentration(year, grid),
                   townstats.knox_ratio(year, permutations=permutations), profile.peak_hour,
                   profile.night_share, decayed, last)


def sample_realism(folds: int = 26) -> dict[str, Realism]:
    """Per crime type of the sample town (and all types together)."""
    events = simulate_town(town_spec()).events
    grid = townstats.occupied_grid(events, CELL)
    kinds = ["all"] + sorted(set(events.category))
    return {k: realism(events if k == "all" else events.subset(events.category == k), grid,
                       day("2020-01-01"), day("2020-07-01"), folds) for k in kinds}


def toronto_realism(folds: int = 26) -> dict[str, Realism]:
    """Per crime type of the Toronto data (and all types together): tuning years only (2017)."""
    events = load_toronto()
    grid = townstats.occupied_grid(events, CELL)
    kinds = ["all"] + sorted(set(events.category))
    return {k: realism(events if k == "all" else events.subset(events.category == k), grid,
                       day("2017-01-01"), day("2017-07-01"), folds) for k in kinds}


def row(name: str, r: Realism) -> str:
    top = " ".join(f"{100 * s:5.1f}" for s in r.top)
    return (f"{name:16s} {r.n_per_year:8,.0f}  {top}   {r.knox:5.2f}   {r.peak_hour:4d}  {100 * r.night_share:5.1f}  "
            f"{r.pai_decayed:6.2f} {r.pai_last_week:6.2f} {r.backtest_ratio:5.2f}")


def main() -> None:
    header = (f"{'crime type':16s} {'per year':>8s}  top1% top5% top10%  Knox<200m<7d  peak night%  "
              f"PAI5%:decayed last-week ratio")
    print(header)
    sample = sample_realism()
    real = toronto_realism() if TORONTO.exists() and "--sample-only" not in sys.argv else {}
    for kind, stats in sample.items():
        print(row(f"town {kind}", stats))
        partner = "all" if kind == "all" else PAIRS.get(kind)
        if partner in real:
            print(row(f"  Tor {partner}", real.pop(partner)))
    for kind, stats in real.items():
        print(row(f"  Tor {kind}", stats))


if __name__ == "__main__":
    main()
