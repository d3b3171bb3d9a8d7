"""How far above decayed counts can any weekly place ranking go? Toronto 2018, 150 m cells, PAI at 5%.

The oracle that knows each cell's true expected count for a week cannot be observed; this
benchmark bounds it four ways, per crime type, against decayed counts whose half-life is chosen on
2017 (as in bench_forecast_skill.py), all on the 52 weekly origins of 2018:

1. Split sample (reads the future): rank each week's cells by their 2018 counts in the other 51
   weeks (ties by decayed counts), and by the best blend of those with decayed counts (blend weight
   chosen on 2018 itself, so optimistic).
2. Annual-rate oracle: the distribution G of the cells' true 2018 rates is deconvolved from their
   2018 counts (nonparametric maximum likelihood Poisson mixture, Kiefer & Wolfowitz 1956, EM of
   Laird 1978); true rates are drawn from each cell's posterior under G, weekly counts simulated as
   Poisson(rate x city-wide week share), and ranking by the true rate gives the PAI a perfect
   knowledge of each cell's 2018 rate would reach, with its Poisson spread over 52 weeks.
   Interval: cells bootstrapped (G refitted) x weeks of the baseline bootstrapped.
3. Weekly-rate oracle: as 2, with a gamma frailty per cell and week whose variance is the
   method-of-moments excess of the weekly counts over the Poisson-multinomial variance given the
   cell's year total and the city's weekly shares. It assumes all that excess is a predictable
   rate change (none of it multi-event incidents), so it is an upper bound.
4. The same simulation scores the split-sample ranking, which calibrates 1 against 2.

Run: .venv/bin/python tests/benchmarks/bench_forecast_ceiling.py [--types Robbery] [--sims 40]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from scipy.special import gammaln

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_forecast_skill as skill  # noqa: E402

COVERAGE = 0.05
HALF_LIVES = (30.0, 90.0, 180.0, 365.0, 730.0, 1460.0)


def weekly_counts(events, grid):
    """``[weeks, cells]`` counts in weeks aligned on 2018-01-01 and the index of 2018's first week."""
    cell = grid.flat_index(events.x, events.y)
    week = np.floor((events.t - skill.TEST_START) / 7.0).astype(int)
    keep = (cell >= 0) & (week < 52)
    first = int(week[keep].min())
    counts = np.zeros((52 - first, grid.n_cells))
    np.add.at(counts, (week[keep] - first, cell[keep]), 1.0)
    return counts, -first


def decayed_series(events, grid, half_life, n_weeks, week0):
    """``[weeks, cells]`` decayed counts at the start of every week (events strictly before it)."""
    cell = grid.flat_index(events.x, events.y)
    week = np.floor((events.t - skill.TEST_START) / 7.0).astype(int) + week0
    keep = (cell >= 0) & (week < n_weeks)
    decay = math.log(2.0) / half_life
    end = skill.TEST_START + (week[keep] - week0 + 1) * 7.0
    within = np.zeros((n_weeks, grid.n_cells))
    np.add.at(within, (week[keep], cell[keep]), np.exp(-decay * (end - events.t[keep])))
    out = np.zeros_like(within)
    for w in range(1, n_weeks):
        out[w] = out[w - 1] * math.exp(-7.0 * decay) + within[w - 1]
    return out


def pai(values, counts, n_area):
    """Tie-aware PAI at COVERAGE of flat ``values`` against flat ``counts`` (all cells inside)."""
    score = skill.evaluate.score_surface(values.reshape(1, -1), None, counts.reshape(1, -1), (COVERAGE,))[0]
    return score.pai


def npmle(counts, iterations=3000, support=None, start=None):
    """Support and weights of the NPMLE of the rate distribution of Poisson ``counts``
    (EM from ``start`` weights on the ``support`` rates when given)."""
    values, multiplicity = np.unique(counts.astype(int), return_counts=True)
    if support is None:
        support = np.concatenate([[0.0], np.geomspace(1e-3, values.max() * 1.5 + 1, 300)])
    mu = support
    with np.errstate(divide="ignore"):
        log_l = values[:, None] * np.log(np.where(mu > 0, mu, 1e-300))[None, :] - mu[None, :] - gammaln(values + 1)[:, None]
    log_l[:, 0] = np.where(values == 0, 0.0, -np.inf)
    lik = np.exp(log_l)
    weights = np.full(support.size, 1.0 / support.size) if start is None else start.copy()
    for _ in range(iterations):
        mixture = lik @ weights
        weights = weights * (lik.T @ (multiplicity / mixture)) / multiplicity.sum()
    return support, weights


def oracle_expected_pai(support, weights, coverage=COVERAGE):
    """Expected share of events in the top ``coverage`` of cells by true rate, over the coverage."""
    order = np.argsort(-support)
    lam, mass = support[order], weights[order]
    cumulative = np.cumsum(mass)
    taken = np.clip(coverage - (cumulative - mass), 0, mass)
    return float((taken * lam).sum() / (mass * lam).sum() / coverage)


def posterior_draw(counts, support, weights, rng):
    """One true rate per cell drawn from its posterior under the mixture."""
    values = counts.astype(int)
    mu = support
    with np.errstate(divide="ignore"):
        log_l = values[:, None] * np.log(np.where(mu > 0, mu, 1e-300))[None, :] - mu[None, :]
    log_l[:, 0] = np.where(values == 0, 0.0, -np.inf)
    log_p = log_l + np.log(np.maximum(weights, 1e-300))[None, :]
    log_p -= log_p.max(axis=1, keepdims=True)
    p = np.exp(log_p)
    p /= p.sum(axis=1, keepdims=True)
    pick = (p.cumsum(axis=1) > rng.random(values.size)[:, None]).argmax(axis=1)
    return support[pick]


def frailty_variance(year):
    """Method-of-moments variance of a multiplicative cell-week rate frailty in ``year`` [52, cells]."""
    totals = year.sum(axis=0)
    share = year.sum(axis=1) / year.sum()
    cells = totals > 0
    expected = share[:, None] * totals[None, cells]
    excess = ((year[:, cells] - expected) ** 2 - expected * (1 - share[:, None])).sum()
    # E[(N - E)^2 | total] ~ E(1 - s) + phi E^2: dividing by the plain E^2 sum keeps phi on the high side
    return max(float(excess / (expected ** 2).sum()), 0.0)


def simulate(rates, share, n_area, rng, phi=0.0, years=4.0):
    """Weekly PAI of three rankings of simulated weeks: the oracle (true rate of the week), the
    split sample (counts of the other weeks of the year) and a stationary ``years``-long history
    (Poisson(years x rate), the analogue of long-run counts); the last two break ties by each other."""
    oracle, split, history = [], [], []
    lam = rates[None, :] * share[:, None]
    if phi > 0:
        lam = lam * rng.gamma(1 / phi, phi, lam.shape)
    counts = rng.poisson(lam)
    total = counts.sum(axis=0)
    past = rng.poisson(years * rates).astype(float)
    for w in range(share.size):
        oracle.append(pai(lam[w], counts[w], n_area))
        split.append(pai(total - counts[w] + 1e-6 * past, counts[w], n_area))
        history.append(pai(past + 1e-6 * (total - counts[w]), counts[w], n_area))
    return np.array(oracle), np.array(split), np.array(history)


def bootstrap_ratio(top, base, rng, replicates=4000):
    draw = rng.integers(0, top.size, (replicates, top.size))
    ratios = top[draw].mean(axis=1) / base[draw].mean(axis=1)
    return float(top.mean() / base.mean()), *np.percentile(ratios, [2.5, 97.5])


def run(kind, events, sims, rng):
    grid = skill.grid_module.Grid.covering(events.x.min(), events.y.min(), events.x.max(), events.y.max(), skill.CELL)
    counts, week0 = weekly_counts(events, grid)
    n_weeks = counts.shape[0]
    n_area = grid.n_cells
    test = range(week0, week0 + 52)
    choose = range(week0 - 26, week0)
    best, best_pai, decayed = None, -1.0, None
    for half_life in HALF_LIVES:
        series = decayed_series(events, grid, half_life, n_weeks, week0)
        score = np.mean([pai(series[w], counts[w], n_area) for w in choose])
        if score > best_pai:
            best, best_pai, decayed = half_life, score, series
    base = np.array([pai(decayed[w], counts[w], n_area) for w in test])
    year = counts[week0:week0 + 52]
    total = year.sum(axis=0)
    long_run = np.array([pai(counts[:w].sum(axis=0), counts[w], n_area) for w in test])
    split = np.array([pai(total - counts[w] + 1e-6 * decayed[w], counts[w], n_area) for w in test])
    around = np.array([pai(counts[max(w - 26, 0):w + 27].sum(axis=0) - counts[w] + 1e-6 * decayed[w],
                           counts[w], n_area) for w in test])
    blends = {}
    for a in (0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0):
        values = [(1 - a) * decayed[w] / max(decayed[w].sum(), 1e-9)
                  + a * (total - counts[w]) / max((total - counts[w]).sum(), 1e-9) + 1e-9 * decayed[w] for w in test]
        blends[a] = np.array([pai(v, counts[w], n_area) for v, w in zip(values, test)])
    best_a = max(blends, key=lambda a: blends[a].mean())
    rows = [("decayed counts (%g d)" % best, base), ("long-run counts", long_run),
            ("split: other 51 weeks of 2018", split), ("split: +-26 weeks", around),
            (f"split: best blend a={best_a:g} (tuned on 2018)", blends[best_a])]
    print(f"\n{kind}: {int(total.sum()):,} events in 2018, {n_area:,} cells; PAI@5% over 52 weeks, "
          "ratio to decayed counts with paired bootstrap 95% interval")
    for name, values in rows:
        ratio, lo, hi = bootstrap_ratio(values, base, rng)
        print(f"  {name:48s} PAI {values.mean():6.2f} (sd {values.std(ddof=1):5.2f})  ratio {ratio:5.3f} [{lo:5.3f}, {hi:5.3f}]")

    share = year.sum(axis=1) / year.sum()
    support, weights = npmle(total)
    reference = oracle_expected_pai(*npmle(total, 1500, support, weights))  # same EM path as the bootstrap
    phi = frailty_variance(year)
    sims_plain = np.array([simulate(posterior_draw(total, support, weights, rng), share, n_area, rng)
                           for _ in range(sims)])  # [sims, 3 rankings, 52 weeks]
    sims_frail = np.array([simulate(posterior_draw(total, support, weights, rng), share, n_area, rng, phi)
                           for _ in range(sims)])
    boot = np.array([oracle_expected_pai(*npmle(rng.choice(total, total.size), 1500, support, weights))
                     for _ in range(sims)]) / reference
    week_means = base[rng.integers(0, 52, (boot.size, 52))].mean(axis=1)
    for label, runs in (("annual-rate oracle (stationary Poisson)", sims_plain),
                        (f"weekly-rate oracle (frailty variance {phi:.3f}, upper bound)", sims_frail)):
        oracle, split_sim, history_sim = runs.mean(axis=2).T  # 52-week means per simulation
        ratio = oracle.mean() / base.mean()
        draws = boot * rng.choice(oracle, boot.size) / week_means
        print(f"  {label}: simulated PAI {oracle.mean():.2f} (52-week mean 95% range from Poisson noise "
              f"{np.percentile(oracle, 2.5):.2f}-{np.percentile(oracle, 97.5):.2f}, weekly sd "
              f"{runs[:, 0].std(axis=1, ddof=1).mean():.2f})")
        print(f"    ceiling ratio to decayed counts {ratio:.3f} [{np.percentile(draws, 2.5):.3f}, "
              f"{np.percentile(draws, 97.5):.3f}]  (G: cells bootstrap; oracle: Poisson spread; baseline: weeks bootstrap)")
        print(f"    in that simulation: split-sample PAI {split_sim.mean():.2f} (observed {split.mean():.2f}), "
              f"4-year stationary history PAI {history_sim.mean():.2f} (observed long-run {long_run.mean():.2f}); "
              f"oracle / history = {oracle.mean() / history_sim.mean():.3f}")
    print(f"  expected PAI of the annual-rate oracle from G: {oracle_expected_pai(support, weights):.2f}")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", default="Assault,Auto Theft,Robbery,Theft Over")
    parser.add_argument("--sims", type=int, default=40)
    args = parser.parse_args()
    everything, rng = skill.development_events(), np.random.default_rng(0)
    if everything is None:
        return 0
    for kind in args.types.split(","):
        run(kind, everything.subset(everything.category == kind), args.sims, rng)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
