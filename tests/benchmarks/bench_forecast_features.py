"""Which features lift a weekly place ranking above decayed counts? Toronto 2018, 150 m cells, PAI at 5%.

A Poisson GLM (as in algorithms/placeforecast.py) is trained on the 52 weekly origins before each
quarter of 2018 and scores that quarter's 13 weeks; each feature set is compared with decayed counts
(half-life chosen on 2017) by the ratio of mean PAI@5% with a paired bootstrap 95% interval over the
52 weeks. Feature families (all log(rate + floor), decayed rates at the start of the week):

* base: half-lives 7, 30, 120, 365, 1095, 3650 days x Gaussian scales 0, 1, 2.5 cells (the shipped set).
* sub50: from 50 m sub-cells, the decayed rate of the cell's hottest sub-cell (events concentrate at
  addresses) and of the hottest sub-cell within one cell (its distance from the hot point).
* days: decayed count of distinct event days in the cell (one multi-event day counts once).
* short: counts of the last week, the last 4 weeks, the same 3 weeks one year earlier, and of the 3 x 3
  neighbourhood in the last 2 weeks (near repeat).
* cross: decayed counts of the other crime types in the cell and its neighbourhood.

Run: .venv/bin/python tests/benchmarks/bench_forecast_features.py [--types Robbery] [--sets base,base+short]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from scipy.ndimage import gaussian_filter, maximum_filter, uniform_filter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_forecast_skill as skill  # noqa: E402
import bench_forecast_ceiling as ceiling  # noqa: E402

ORIGINS = range(-52, 52)  # weeks relative to 2018-01-01 whose features and targets are needed
BASE_HALF_LIVES = (7.0, 30.0, 120.0, 365.0, 1095.0, 3650.0)


def decayed_at(t, index, n_cells, half_life, weeks, reduce=None):
    """Decayed counts (per ``n_cells`` flat index) of the events before the start of each of ``weeks``,
    optionally reduced (e.g. sub-cells to cells) before storing."""
    decay = math.log(2.0) / half_life
    order = np.argsort(t)
    t, index = t[order], index[order]
    state = np.zeros(n_cells)
    out, last, start = [], None, 0
    for week in weeks:
        origin = skill.TEST_START + 7.0 * week
        end = np.searchsorted(t, origin)
        if last is not None:
            state *= math.exp(-decay * (origin - last))
        state += np.bincount(index[start:end], np.exp(-decay * (origin - t[start:end])), minlength=n_cells)
        out.append(reduce(state) if reduce else state.copy())
        last, start = origin, end
    return np.array(out)


def window_counts(t, index, n_cells, weeks, lag_start, lag_end):
    """Counts per cell of ``[origin - lag_start weeks, origin - lag_end weeks)`` for each origin week."""
    out = []
    for week in weeks:
        origin = skill.TEST_START + 7.0 * week
        keep = (t >= origin - 7.0 * lag_start) & (t < origin - 7.0 * lag_end)
        out.append(np.bincount(index[keep], minlength=n_cells).astype(float))
    return np.array(out)


def features(events, others, grid, shape):
    """``{name: [origins, cells]}`` of every feature family."""
    n = grid.n_cells
    index = grid.flat_index(events.x, events.y)
    keep = index >= 0
    t, index = events.t[keep], index[keep]
    weeks = list(ORIGINS)
    out = {}

    def smooth(stack, sigma):
        return np.array([gaussian_filter(s.reshape(shape), sigma, mode="constant").ravel() for s in stack])

    for h in BASE_HALF_LIVES:
        rates = decayed_at(t, index, n, h, weeks)
        out[f"base h{h:g} s0"] = rates
        for sigma in (1.0, 2.5):
            out[f"base h{h:g} s{sigma:g}"] = smooth(rates, sigma)
    # 50 m sub-cells: hottest sub-cell of the cell, and hottest within one cell around
    sub = skill.grid_module.Grid(xmin=grid.xmin, ymax=grid.ymax, cell_size=grid.cell_size / 3,
                                 rows=grid.rows * 3, cols=grid.cols * 3)
    sub_index = sub.flat_index(events.x, events.y)[keep]
    rows, cols = shape

    def hottest(state):
        return state.reshape(rows, 3, cols, 3).max(axis=(1, 3)).ravel()

    def hottest_near(state):
        return maximum_filter(state.reshape(rows * 3, cols * 3), size=9, mode="constant").reshape(
            rows, 3, cols, 3)[:, 1, :, 1].ravel()

    for h in (365.0, 3650.0):
        out[f"sub50 max h{h:g}"] = decayed_at(t, sub_index, sub.n_cells, h, weeks, hottest)
        out[f"sub50 near h{h:g}"] = decayed_at(t, sub_index, sub.n_cells, h, weeks, hottest_near)
    # distinct event days per cell
    day_key = np.unique(index * 100_000 + np.floor(t).astype(np.int64))
    day_index, day_t = day_key // 100_000, (day_key % 100_000).astype(float) + 0.5
    for h in (365.0, 3650.0):
        out[f"days h{h:g}"] = decayed_at(day_t, day_index, n, h, weeks)
    out["short last week"] = window_counts(t, index, n, weeks, 1, 0)
    out["short last 4 weeks"] = window_counts(t, index, n, weeks, 4, 0)
    out["short same weeks last year"] = window_counts(t, index, n, weeks, 53, 50)
    two = window_counts(t, index, n, weeks, 2, 0)
    out["short near repeat 2 weeks"] = np.array([uniform_filter(s.reshape(shape), 3, mode="constant").ravel() * 9
                                                 for s in two])
    o_index = grid.flat_index(others.x, others.y)
    o_keep = o_index >= 0
    cross = decayed_at(others.t[o_keep], o_index[o_keep], n, 1095.0, weeks)
    out["cross h1095 s0"] = cross
    out["cross h1095 s1"] = smooth(cross, 1.0)
    return out


def stacked(events, grid, which):
    """``[origins, cells]`` weekly forecasts of SEPP or the boosting forecaster from the events before
    each origin (for stacking them as GLM features)."""
    from importlib import import_module
    if which == "sepp":
        sepp = import_module(f"{skill.PACKAGE}.algorithms.sepp")
        method = lambda e, a: sepp.forecast_sepp(e, grid, a, 7.0).values  # noqa: E731
    else:
        ml = import_module(f"{skill.PACKAGE}.algorithms.mlforecast")
        settings = ml.ForecastSettings(training_periods=52, max_samples=100_000, evaluate=False, seed=0, n_threads=1)
        method = lambda e, a: ml.forecast(e, grid, a, 7.0, settings=settings)["all"].values  # noqa: E731
    out = []
    for week in ORIGINS:
        origin = skill.TEST_START + 7.0 * week
        out.append(np.asarray(method(events.before(origin), origin), float).ravel())
    return np.maximum(np.array(out), 0.0)


def targets(events, grid):
    index = grid.flat_index(events.x, events.y)
    week = np.floor((events.t - skill.TEST_START) / 7.0).astype(int)
    out = np.zeros((len(ORIGINS), grid.n_cells))
    keep = (index >= 0) & (week >= ORIGINS[0]) & (week < ORIGINS[-1] + 1)
    np.add.at(out, (week[keep] - ORIGINS[0], index[keep]), 1.0)
    return out


def fit(X_train, y_train, rng, max_rows=300_000, alpha=1e-4):
    """A predictor of the Poisson GLM fitted on the rows (zero rows sampled beyond ``max_rows``)."""
    from sklearn.linear_model import PoissonRegressor
    weight = np.ones(y_train.size)
    if y_train.size > max_rows:
        zeros = np.flatnonzero(y_train == 0)
        room = max(max_rows - (y_train.size - zeros.size), 1)
        if room < zeros.size:
            kept = rng.choice(zeros, room, replace=False)
            mask = y_train > 0
            mask[kept] = True
            weight[kept] = zeros.size / room
            X_train, y_train, weight = X_train[mask], y_train[mask], weight[mask]
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0
    model = PoissonRegressor(alpha=alpha, max_iter=300).fit((X_train - mean) / std, y_train, sample_weight=weight)
    return lambda X: model.predict((X - mean) / std)


FAMILIES = {
    "base": lambda name: name.startswith("base"),
    "sub50": lambda name: name.startswith("sub50"),
    "days": lambda name: name.startswith("days"),
    "short": lambda name: name.startswith("short"),
    "cross": lambda name: name.startswith("cross"),
    "sepp": lambda name: name == "stack sepp",
    "ml": lambda name: name == "stack ml",
}


def run(kind, everything, sets, rng):
    events = everything.subset(everything.category == kind)
    others = everything.subset(everything.category != kind)
    grid = skill.grid_module.Grid.covering(events.x.min(), events.y.min(), events.x.max(), events.y.max(), skill.CELL)
    shape = grid.shape
    counts, week0 = ceiling.weekly_counts(events, grid)
    n_area = grid.n_cells
    best, best_pai, base_series = None, -1.0, None
    for half_life in ceiling.HALF_LIVES:
        series = ceiling.decayed_series(events, grid, half_life, counts.shape[0], week0)
        score = np.mean([ceiling.pai(series[w], counts[w], n_area) for w in range(week0 - 26, week0)])
        if score > best_pai:
            best, best_pai, base_series = half_life, score, series
    base = np.array([ceiling.pai(base_series[week0 + w], counts[week0 + w], n_area) for w in range(52)])
    feats = features(events, others, grid, shape)
    for which in ("sepp", "ml"):
        if any(which in spec.split("+") for spec in sets):
            feats[f"stack {which}"] = stacked(events, grid, which)
    y = targets(events, grid)
    floor = 0.1 * len(events.before(skill.TEST_START)) / (1460.0 * n_area)
    names = list(feats)
    print(f"\n{kind}: decayed counts ({best:g} d) PAI@5% {base.mean():.2f}; GLM trained on the 52 weeks "
          "before each quarter of 2018")
    for spec in sets:
        families = [f for f in spec.split("+") if f in FAMILIES]
        top = next((int(f[3:]) / 100 for f in spec.split("+") if f.startswith("top")), None)
        chosen = [n for n in names if any(FAMILIES[f](n) for f in families)]
        pais = []
        for quarter in range(4):
            train = range(quarter * 13, quarter * 13 + 52)  # indices into ORIGINS (-52 + ...)
            test = range(quarter * 13 + 52, quarter * 13 + 65)
            first = skill.TEST_START + 7.0 * (quarter * 13)
            active = np.zeros(n_area, bool)
            seen = grid.flat_index(*skill._xy(events.before(first - 364.0)))
            active[seen[seen >= 0]] = True

            def design(rows):
                return np.stack([np.log(feats[n][rows][:, active].ravel() + floor) for n in chosen], axis=1)

            X, target = design(list(train)), y[list(train)][:, active].ravel()
            if top:  # train on each origin's top cells by long-run counts only (where the 5% is picked)
                long_run = feats["base h3650 s0"][list(train)][:, active]
                cut = np.quantile(long_run, float(np.clip(1 - top * n_area / active.sum(), 0, 1)), axis=1, keepdims=True)
                rows = (long_run >= cut).ravel()
                X, target = X[rows], target[rows]
            predictor = fit(X, target, rng)
            for week in test:
                pred = np.zeros(n_area)
                pred[active] = predictor(design([week]))
                pais.append(ceiling.pai(pred + 1e-9 * base_series[week0 + week - 52], y[week], n_area))
        pais = np.array(pais)
        ratio, lo, hi = ceiling.bootstrap_ratio(pais, base, rng)
        print(f"  {spec:28s} {len(chosen):3d} features  PAI {pais.mean():6.2f}  ratio {ratio:5.3f} [{lo:5.3f}, {hi:5.3f}]")
        sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", default="Robbery,Theft Over,Auto Theft,Assault")
    parser.add_argument("--sets", default="base,base+sub50,base+days,base+short,base+cross,base+sub50+days+short+cross")
    args = parser.parse_args()
    everything, rng = skill.development_events(), np.random.default_rng(0)
    if everything is None:
        return 0
    for kind in args.types.split(","):
        run(kind, everything, args.sets.split(","), rng)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
