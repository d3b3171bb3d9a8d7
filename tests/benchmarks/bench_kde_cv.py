"""Benchmark: the automatic KDE radius (likelihood cross-validation) against the alternatives.

1. Which criterion? On simulated hotspots with a known density (eight Gaussian hotspots of
   150-400 m and a uniform share over a 10 x 10 km town), with exact ties (30 % of the events
   recorded twice), events snapped to a 100 m lattice, and the lattice with 3 m of jitter, the
   radius of each criterion is compared with the radius minimising the integrated squared error
   (ISE) against the truth, and by the share of the truth's best top-5 % cells it finds:
   * ``lcv 5%``: the module's choice (leave-one-out likelihood of a 95 % KDE + 5 % uniform mixture);
   * ``lcv floor``: plain leave-one-out likelihood, a zero density floored at one pseudo-event
     spread over the window (Duin 1976);
   * ``lscv``: least-squares cross-validation (Rudemo 1982; Bowman 1984).
   The alternatives are scored by direct pairwise sums (events at one place left out together)
   over the module's candidate radii; the ISE and ``int f^2`` on a 20 m lattice.
2. The demo town (``demo_spec()``): radius chosen for burglary and for all crime in 2020, and the
   hit rate of the next year's events in the top 5 % of cells, for Scott's rule and the choice.
3. Cost: choose_radius from 1,000 to 1,000,000 clustered events (time, peak traced memory), next to
   Scott's rule and the map itself, and the binned scores versus the exact pairwise sum.

Run: /usr/bin/python3 tests/benchmarks/bench_kde_cv.py
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402

from bench_kde_pure import clustered_points, timed  # noqa: E402
from test_kde import SIDE, hotspot_mixture, mixture_density  # noqa: E402  (the test's known hotspots)
from crimerisk.algorithms.events import days_from_datetime64  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.kde import (  # noqa: E402
    CV_UNIFORM_SHARE, binned_kernel_density, choose_radius, kde_surface, kernel_values, scott_radius,
)
from crimerisk.algorithms.simulate import demo_spec, simulate_events  # noqa: E402

LATTICE = Grid(-1_000.0, SIDE + 1_000.0, 20.0, 600, 600)
SEEDS = range(6)
TOP_SHARE = 0.05


def recorded(setting: str, seed: int):
    """Events of one setting and the true density on LATTICE."""
    n = {"n=300": 300, "n=4000": 4000}.get(setting, 1000)
    x, y, mixture = hotspot_mixture(seed, n)
    truth = mixture_density(*LATTICE.centre_grid(), mixture)
    rng = np.random.default_rng(1_000 + seed)
    if setting == "ties 30%":
        twice = rng.integers(0, n, int(0.3 * n))
        x, y = np.concatenate([x, x[twice]]), np.concatenate([y, y[twice]])
    if setting.startswith("100 m lattice"):
        x, y = np.round(x / 100) * 100, np.round(y / 100) * 100
    if setting.endswith("jitter"):
        x, y = x + rng.normal(0, 3, x.size), y + rng.normal(0, 3, y.size)
    return x, y, truth


def pairwise_criteria(x: np.ndarray, y: np.ndarray, radii: np.ndarray, window_area: float) -> dict:
    """Scores (higher is better) of the three criteria at each radius, by direct pairwise sums."""
    n = x.size
    _, place, events_at_place = np.unique(x + 1j * y, return_inverse=True, return_counts=True)
    rest = n - events_at_place[place]  # events left once those at the same place are left out
    criteria = {"lcv 5%": [], "lcv floor": [], "lscv": []}
    for h in radii:
        others = np.zeros(n)
        for start in range(0, n, 1000):  # blocks of rows keep the pairwise matrix small
            block = slice(start, start + 1000)
            distance = np.hypot(x[block, None] - x[None, :], y[block, None] - y[None, :])
            others[block] = np.where(distance == 0, 0.0, kernel_values(distance, h)).sum(axis=1)
        loo = others / rest
        mixed = (1 - CV_UNIFORM_SHARE) * loo + CV_UNIFORM_SHARE / window_area
        criteria["lcv 5%"].append(np.log(mixed).mean())
        criteria["lcv floor"].append(np.log((others + 1.0 / window_area) / (rest + 1.0)).mean())
        squared = (binned_kernel_density(x, y, LATTICE, h) / n) ** 2
        criteria["lscv"].append(-(squared.sum() * LATTICE.cell_area - 2 * loo.mean()))
    return {name: np.array(values) for name, values in criteria.items()}


def top_cells_found(x: np.ndarray, y: np.ndarray, h: float, truth: np.ndarray) -> float:
    """Share of the truth's mass in the estimate's top 5 % cells, over the best possible share."""
    estimate = binned_kernel_density(x, y, LATTICE, h).ravel()
    k = int(TOP_SHARE * estimate.size)
    found = truth.ravel()[np.argsort(-estimate, kind="stable")[:k]].sum()
    return found / np.sort(truth.ravel())[::-1][:k].sum()


def compare_criteria() -> None:
    print("1. radius / ISE-optimal radius (mean, max over seeds) and top-5 % cells found "
          f"(share of the best), {len(SEEDS)} seeds")
    print(f"{'setting':22s}" + "".join(f"{name:>24s}" for name in ("scott", "lcv 5%", "lcv floor", "lscv"))
          + f"{'ise-opt':>10s}")
    agree = tried = 0
    for setting in ("n=300", "n=1000", "n=4000", "ties 30%", "100 m lattice", "100 m lattice + jitter"):
        rows = {name: [] for name in ("scott", "lcv 5%", "lcv floor", "lscv", "ise-opt")}
        for seed in SEEDS:
            x, y, truth = recorded(setting, seed)
            choice = choose_radius(x, y)
            radii = choice.radii
            ise = [((binned_kernel_density(x, y, LATTICE, h) / x.size - truth) ** 2).sum() for h in radii]
            best = radii[int(np.argmin(ise))]
            scores = pairwise_criteria(x, y, radii, choice.window_area)
            picks = {"scott": choice.scott_radius, "ise-opt": best,
                     **{name: radii[int(np.argmax(values))] for name, values in scores.items()}}
            agree, tried = agree + (picks["lcv 5%"] == choice.radius), tried + 1
            picks["lcv 5%"] = choice.radius  # the module's (binned) choice
            for name, h in picks.items():
                rows[name].append((h / best, top_cells_found(x, y, h, truth)))
        cells = []
        for name in ("scott", "lcv 5%", "lcv floor", "lscv", "ise-opt"):
            values = np.array(rows[name])
            found = f"found {values[:, 1].mean():.3f}"
            cells.append(f"{values[:, 0].mean():5.2f} {values[:, 0].max():5.2f}  {found}" if name != "ise-opt"
                         else found)
        print(f"{setting:22s}" + "".join(f"{cell:>24s}" for cell in cells[:4]) + f"{cells[4]:>14s}")
    print(f"the binned choice is the pairwise sum's choice in {agree} of {tried} samples")


def demo_town() -> None:
    print("\n2. demo town (demo_spec()), radius fitted on one year, hit rate of the next year in the top 5 %")
    events, _ = simulate_events(demo_spec())
    grid = Grid.covering(640_000.0, 6_855_000.0, 652_000.0, 6_864_000.0, 50.0)

    def year(y: int) -> float:
        return days_from_datetime64(np.datetime64(f"{y}-01-01"))

    def hit_rate(past, future, radius: float) -> float:
        density = binned_kernel_density(past.x, past.y, grid, radius).ravel()
        counts = grid.count(future.x, future.y).ravel()
        top = np.argsort(-density, kind="stable")[:int(TOP_SHARE * density.size)]
        return counts[top].sum() / counts.sum()

    for label, categories in (("burglary", ["burglary"]), ("all crime", None)):
        for fit_year in (2019, 2020):
            past, future = events.between(year(fit_year), year(fit_year + 1)), events.between(
                year(fit_year + 1), year(fit_year + 2))
            if categories:
                past, future = past.of_categories(categories), future.of_categories(categories)
            choice, seconds = timed(choose_radius, past.x, past.y)
            line = f"  {label:9s} {fit_year}: {len(past):5d} events, {seconds:.2f} s: {choice.rule}"
            if fit_year + 1 < 2021:
                hits = [hit_rate(past, future, h) for h in choice.radii]
                scott_hits = hit_rate(past, future, choice.scott_radius)
                line += (f"\n      next-year hit rate at 5 %: scott {scott_hits:.3f}, "
                         f"cv {hit_rate(past, future, choice.radius):.3f}, "
                         f"best in hindsight {max(hits):.3f} at {choice.radii[int(np.argmax(hits))]:.0f} m")
            print(line)


def cost() -> None:
    print("\n3. cost of choose_radius (quartic) on clustered points, 10 x 10 km")
    grid = Grid.covering(0.0, 0.0, 10_000.0, 10_000.0, 25.0)
    warm_up = clustered_points(2_000)
    choose_radius(warm_up.x, warm_up.y)
    for n in (1_000, 10_000, 100_000, 1_000_000):
        events = clustered_points(n)
        choice, cv_seconds = timed(choose_radius, events.x, events.y, cell_size=grid.cell_size)
        _, scott_seconds = timed(scott_radius, events.x, events.y)
        _, map_seconds = timed(kde_surface, events, grid, choice.radius)
        tracemalloc.start()
        choose_radius(events.x, events.y, cell_size=grid.cell_size)
        peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
        print(f"  n={n:>9,}: cv {cv_seconds:6.2f} s (peak {peak:5.0f} MiB), scott {scott_seconds:.3f} s, "
              f"map at {grid.cell_size:g} m {map_seconds:.2f} s -> {choice.radius:,.0f} m "
              f"(scott {choice.scott_radius:,.0f} m, {choice.radii.size} radii)")
    events = clustered_points(2_000, seed=1)
    choice = choose_radius(events.x, events.y)
    start = time.perf_counter()
    exact = pairwise_criteria(events.x, events.y, choice.radii, choice.window_area)["lcv 5%"]
    exact_seconds = time.perf_counter() - start
    print(f"  2,000 events: binned scores vs exact pairwise sum: max |difference| "
          f"{np.abs(exact - choice.scores).max():.4f} (scores span {np.ptp(exact):.2f}), same choice: "
          f"{choice.radii[int(np.argmax(exact))] == choice.radius}; exact pairwise {exact_seconds:.2f} s")


def main() -> None:
    compare_criteria()
    demo_town()
    cost()


if __name__ == "__main__":
    main()
