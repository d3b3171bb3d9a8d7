"""Patrol routes at scale: ``plan_patrol_routes`` on a 100,000-lixel street network (118 x 118 blocks of
100 m, lixels of 25 m) with a smooth risk of 60 hot spots, budgets of 1% and 5% of the street length,
3 and 8 units, the Processing defaults (bridges up to 500 m, routes of at least 300 m). Prints time and
peak traced memory beside the goal of issue 15 (seconds, not minutes: 60 s), and the routes' figures.

Run: ``python tests/benchmarks/bench_routes.py`` (from the checkout, with its venv).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_network import measured  # noqa: E402  (also exposes the checkout as the crimerisk package)

from crimerisk.algorithms.network_routes import (DEFAULT_MAX_GAP, DEFAULT_MIN_ROUTE_LENGTH,  # noqa: E402
                                                 plan_patrol_routes)
from crimerisk.algorithms.network_simulate import street_grid  # noqa: E402


def hot_spots(net, count: int, reach: float, rng: np.random.Generator) -> np.ndarray:
    """Risk per metre: the sum of ``count`` exponential bumps along the crow's flight, 0 beyond 4 reaches."""
    mid = net.lixel_midpoints()
    risk = np.zeros(net.n_lixels)
    for centre, height in zip(rng.uniform(mid.min(axis=0), mid.max(axis=0), (count, 2)), rng.gamma(2.0, 1.0, count)):
        d = np.hypot(*(mid - centre).T)
        risk += np.where(d < 4 * reach, height * np.exp(-d / reach), 0.0)
    return risk


def main() -> None:
    rng = np.random.default_rng(0)
    net = street_grid(118, 100.0, seed=0)
    risk = hot_spots(net, 60, 250.0, rng)
    print(f"{net.n_lixels:,} lixels, {net.total_length / 1000:,.0f} km of street", flush=True)
    for budget, units in ((1.0, 3), (5.0, 3), (5.0, 8)):
        plan = measured(f"patrol routes, {budget:g}% of the streets, {units} units",
                        lambda: plan_patrol_routes(net, risk, budget, "percent", units=units, max_gap=DEFAULT_MAX_GAP,
                                                   min_route_length=DEFAULT_MIN_ROUTE_LENGTH))
        p = plan.parameters
        per_unit = np.bincount([r["unit"] for r in plan.routes], minlength=units + 1)[1:]
        print(f"  {p['routes']} routes ({p['routes_before_cuts']} before cuts for balance), per unit "
              f"{per_unit.min()}-{per_unit.max()}; risk held {p['risk_share']:.1%} vs riskiest lixels alone "
              f"{p['top_lixels_share']:.1%} (price {p['connectivity_price']:.1%}); unit length ratio "
              f"{p['unit_length_ratio']:.3f}; {p['rounds']} rounds", flush=True)


if __name__ == "__main__":
    main()
