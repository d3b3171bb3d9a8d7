"""Learned grid forecast: features without leakage, known covariate effects, hotspots, errors."""

import contextlib
import importlib
import json
import sys

import numpy as np
import pytest
from scipy import ndimage

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.features import (
    CellHistory, FeatureBuilder, FeatureSpec, box_sum, static_covariates,
)
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.mlforecast import (
    ForecastSettings, MissingDependencyError, build_training_set, forecast, training_starts,
)
from crimerisk.algorithms.progress import Cancelled
from crimerisk.algorithms.simulate import CategorySpec, Neighbourhood, SimulationSpec, simulate_events

CELL = 100.0
SIZE = 30
START = 18_000.0  # 2019-04-14
GRID = Grid(xmin=0.0, ymax=SIZE * CELL, cell_size=CELL, rows=SIZE, cols=SIZE)
#: Small, fast settings: short look-backs so a few months of history suffice.
FAST = ForecastSettings(lookback_days=(7.0, 28.0, 91.0), training_periods=12, max_iter=80,
                        min_samples_leaf=20, permutation_repeats=3, seed=3, n_threads=1)


def smooth_field(rng: np.random.Generator, scale: float = 3.0) -> np.ndarray:
    """A standardised random smooth field on the test grid."""
    field = ndimage.gaussian_filter(rng.standard_normal((SIZE, SIZE)), scale, mode="wrap")
    return (field - field.mean()) / field.std()


def poisson_events(rng, rate_per_cell_day: np.ndarray, n_days: float, category: str = "") -> EventSet:
    """Events uniform in time over [START, START + n_days) and uniform within each cell."""
    counts = rng.poisson(rate_per_cell_day * n_days)
    rows, cols = np.nonzero(counts)
    rows, cols = np.repeat(rows, counts[rows, cols]), np.repeat(cols, counts[rows, cols])
    x = (cols + rng.random(rows.size)) * CELL
    y = SIZE * CELL - (rows + rng.random(rows.size)) * CELL
    t = START + n_days * rng.random(rows.size)
    return EventSet.from_arrays(x, y, t=t, category=np.full(rows.size, category, dtype=object))


def merged(first: EventSet, second: EventSet) -> EventSet:
    return EventSet(*(np.concatenate([getattr(first, k), getattr(second, k)])
                      for k in ("t", "x", "y", "category", "weight")))


def hotspot_events(seed: int = 5, n_days: float = 420.0) -> EventSet:
    spec = SimulationSpec(
        categories=(CategorySpec("burglary", background_rate=4.0, theta=0.3, omega=1 / 7, sigma=150.0),),
        width=SIZE * CELL, height=SIZE * CELL, start_day=START, n_days=n_days, uniform_share=0.2,
        neighbourhoods=(Neighbourhood(700, 2200, 250, 0.5), Neighbourhood(2300, 900, 200, 0.3),
                        Neighbourhood(1800, 2000, 300, 0.2)),
        seed=seed)
    return simulate_events(spec)[0]


@pytest.fixture(scope="module")
def hotspots():
    events = hotspot_events()
    as_of = START + 392.0
    return events, as_of, forecast(events, GRID, as_of, 14.0, settings=FAST)["all"]


# --- building blocks against independent computations ---------------------------------------

def test_box_sum_matches_a_filter():
    values = np.random.default_rng(0).poisson(1.0, (13, 17)).astype(float)
    for size in (1, 3, 7):
        expected = ndimage.correlate(values, np.ones((size, size)), mode="constant")
        assert np.array_equal(box_sum(values, size), expected)


def test_cell_history_recency_and_decay_match_brute_force():
    rng = np.random.default_rng(1)
    events = poisson_events(rng, np.full((SIZE, SIZE), 0.01), 200.0)
    history, moment, cap, tau = CellHistory(events, GRID), START + 150.0, 60.0, 10.0
    cells = GRID.flat_index(events.x, events.y)
    expected_since = np.full(GRID.n_cells, cap)
    expected_decay = np.zeros(GRID.n_cells)
    for cell, t in zip(cells, events.t):
        if t < moment:
            expected_since[cell] = min(expected_since[cell], moment - t)
            expected_decay[cell] += np.exp(-(moment - t) / tau) if moment - t < 6 * tau else 0.0
    assert np.allclose(history.days_since_last(moment, cap).ravel(), expected_since)
    assert np.allclose(history.decayed_counts(moment, tau).ravel(), expected_decay)


def test_distance_and_density_of_a_single_feature():
    presence = np.zeros((SIZE, SIZE), dtype=bool)
    presence[10, 20] = True
    layers = static_covariates(GRID, feature_layers={"bars": presence}, density_radius=250.0)
    rows, cols = np.indices((SIZE, SIZE))
    distance = np.hypot(rows - 10, cols - 20) * CELL
    assert np.allclose(layers["dist_bars"], distance)
    disc_cells = (np.hypot(*np.indices((7, 7)) - 3) * CELL <= 250.0).sum()  # cells within 250 m
    expected = np.where(distance <= 250.0, 1.0 / (disc_cells * GRID.cell_area / 1e6), 0.0)
    assert np.allclose(layers["density_bars"], expected)


# --- no leakage ---------------------------------------------------------------------------------

def test_every_training_row_equals_features_recomputed_from_strictly_earlier_events():
    rng = np.random.default_rng(2)
    base = hotspot_events(seed=7, n_days=300.0)
    events = EventSet.from_arrays(base.x, base.y, t=base.t, category=rng.choice(["a", "b"], len(base)))
    as_of, horizon = START + 280.0, 10.0
    covariates = {"slope": smooth_field(rng)}
    static = static_covariates(GRID, covariates)
    first = float(events.t.min())
    builder = FeatureBuilder(events.before(as_of), GRID, FAST, ["a", "b"], static, history_start=first)
    starts = training_starts(first, as_of, horizon, FAST)
    data = build_training_set(builder, starts, horizon, FAST)
    assert data.starts[-1] + horizon == as_of and np.all(np.diff(data.starts) == horizon)
    for i, start in enumerate(starts):
        past_only = FeatureBuilder(events.before(start), GRID, FAST, ["a", "b"], static)
        rows = data.row[data.period == i]
        assert np.array_equal(past_only.at(start)[rows], data.X[data.period == i])
        window = events.between(start, start + horizon)
        expected_y = np.concatenate([GRID.count(window.of_categories([c]).x, window.of_categories([c]).y).ravel()
                                     for c in ("a", "b")])
        assert np.array_equal(data.y[data.period == i], expected_y[rows])


def test_events_at_or_after_as_of_change_nothing(hotspots):
    events, as_of, surface = hotspots
    rng = np.random.default_rng(4)
    n = 300  # a burst in one distinctive cell, inside and after the target period
    burst = EventSet.from_arrays(np.full(n, 1550.0), np.full(n, 1550.0), t=as_of + rng.uniform(0, 60, n),
                                 category=np.full(n, "burglary", dtype=object))
    again = forecast(merged(events, burst), GRID, as_of, 14.0, settings=FAST)["all"]
    assert again.values.tobytes() == surface.values.tobytes()
    assert again.parameters == surface.parameters


def test_same_seed_gives_the_same_forecast(hotspots):
    events, as_of, surface = hotspots
    again = forecast(events, GRID, as_of, 14.0, settings=FAST)["all"]
    assert again.values.tobytes() == surface.values.tobytes()
    assert again.parameters["importances"] == surface.parameters["importances"]


# --- what the model learns ----------------------------------------------------------------------

def test_beats_a_uniform_forecast_on_hotspots(hotspots):
    events, as_of, surface = hotspots
    target = events.between(as_of, as_of + 14.0)
    observed = GRID.count(target.x, target.y).ravel()
    top = np.argsort(-surface.values.ravel(), kind="stable")[: GRID.n_cells // 10]
    hit_rate = observed[top].sum() / observed.sum()
    assert observed.sum() > 50
    assert hit_rate > 0.3  # a uniform forecast's top 10 % of cells hold 10 % of events on average
    parameters = surface.parameters
    assert parameters["holdout_deviance_model"] < parameters["holdout_deviance_constant"]
    assert json.loads(json.dumps(parameters, allow_nan=False))["training_periods"] == FAST.training_periods
    # expected counts: the forecast total is near the recent event rate over the horizon
    recent_rate = len(events.between(as_of - 91.0, as_of)) / 91.0 * 14.0
    assert 0.7 * recent_rate < np.nansum(surface.values) < 1.3 * recent_rate


def test_permutation_importance_ranks_the_true_covariate_first():
    rng = np.random.default_rng(11)
    covariates = {"lighting": smooth_field(rng), "income": smooth_field(rng), "true_driver": smooth_field(rng)}
    rate = 0.002 * np.exp(1.2 * covariates["true_driver"])
    events = poisson_events(rng, rate, 300.0)
    noise_layer = rng.random((SIZE, SIZE)) < 0.01
    surfaces = forecast(events, GRID, START + 300.0, 14.0, covariates=covariates,
                        feature_layers={"bars": noise_layer}, settings=FAST)
    ranking = [name for name, _, _ in surfaces["all"].parameters["importances"]]
    assert ranking[0] == "true_driver"
    assert {"dist_bars", "density_bars", "lighting", "income"} <= set(ranking)


def test_zero_subsampling_is_reweighted_to_the_full_count():
    events = hotspot_events(seed=9, n_days=300.0)
    as_of, horizon = START + 280.0, 7.0
    settings = ForecastSettings(lookback_days=(7.0, 28.0), training_periods=20, max_samples=2000, seed=1)
    builder = FeatureBuilder(events.before(as_of), GRID, settings)
    starts = training_starts(float(events.t.min()), as_of, horizon, settings)
    data = build_training_set(builder, starts, horizon, settings)
    n_empty = sum(int((builder.targets(p, p + horizon) == 0).sum()) for p in starts)
    assert 0.0 < data.zero_sampling_rate < 0.2
    empty = data.y == 0
    assert np.allclose(data.weight[empty], 1.0 / data.zero_sampling_rate)
    assert abs(data.weight[empty].sum() / n_empty - 1.0) < 0.1  # binomial sd about 2 %


def test_several_categories_share_one_model_and_respect_the_mask():
    rng = np.random.default_rng(8)
    east = np.zeros((SIZE, SIZE))
    east[:, SIZE // 2:] = 1.0
    events = merged(poisson_events(rng, 0.0005 + 0.004 * east, 250.0, "theft"),
                    poisson_events(rng, 0.0005 + 0.004 * (1 - east), 250.0, "assault"))
    mask = np.ones((SIZE, SIZE), dtype=bool)
    mask[:3, :3] = False
    quick = ForecastSettings(**{**vars(FAST), "evaluate": False})
    surfaces = forecast(events, GRID.with_mask(mask), START + 250.0, 14.0, categories=["theft", "assault"],
                        settings=quick)
    assert set(surfaces) == {"theft", "assault"}
    theft, assault = surfaces["theft"].values, surfaces["assault"].values
    assert np.isnan(theft[:3, :3]).all() and np.isfinite(theft[mask]).all()
    half = SIZE // 2
    assert np.nanmean(theft[:, half:]) > 3 * np.nanmean(theft[:, :half])
    assert np.nanmean(assault[:, :half]) > 3 * np.nanmean(assault[:, half:])
    parameters = surfaces["theft"].parameters
    assert "category" in parameters["features"] and parameters["categories"] == ["theft", "assault"]
    assert parameters["importances"] is None and parameters["holdout_deviance_model"] is None


# --- errors, cancellation, missing scikit-learn -------------------------------------------------

def small_history():
    return poisson_events(np.random.default_rng(3), np.full((SIZE, SIZE), 0.003), 200.0)


@pytest.mark.parametrize("change, message", [
    ({"horizon": 0.0}, "horizon must be a positive number of days"),
    ({"as_of": START - 1.0}, "no events before AS_OF"),
    ({"as_of": START + 100.0, "horizon": 10.0}, r"at least 4 are needed, i\.e\. 131 days of history"),
    ({"covariates": {"slope": np.zeros((SIZE, SIZE + 1))}}, r"covariate 'slope' has shape \(30, 31\)"),
    ({"feature_layers": {"bars": np.zeros((5, 5))}}, r"feature layer 'bars' has shape \(5, 5\)"),
    ({"categories": ["arson"]}, r"no events of categories \['arson'\] before AS_OF"),
    ({"categories": ["", ""]}, "list a crime type twice"),
    ({"weight": -1.0}, "event weights must be finite and >= 0"),
])
def test_bad_input_is_explained(change, message):
    arguments = {"as_of": START + 190.0, "horizon": 7.0, **change}
    events = small_history()
    if "weight" in arguments:
        events.weight[0] = arguments.pop("weight")
    with pytest.raises(ValueError, match=message):
        forecast(events, GRID, settings=FAST, **arguments)


def test_false_from_the_progress_callback_cancels():
    seen = []
    with pytest.raises(Cancelled):
        forecast(small_history(), GRID, START + 190.0, 7.0, settings=FAST,
                 progress=lambda fraction: seen.append(fraction) or fraction < 0.2)
    assert seen[0] == 0.0 and 0.2 <= seen[-1] < 0.5 and seen == sorted(seen)


def test_missing_scikit_learn_fails_only_at_fit_time_with_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # makes "import sklearn" raise ImportError
    monkeypatch.delitem(sys.modules, "crimerisk.algorithms.mlforecast")
    module = importlib.import_module("crimerisk.algorithms.mlforecast")  # importing still works
    with pytest.raises(module.MissingDependencyError) as caught:
        module.forecast(small_history(), GRID, START + 190.0, 7.0, settings=FAST)
    assert isinstance(caught.value, ImportError)
    text = str(caught.value)
    assert text.startswith("scikit-learn is not installed")
    assert "sudo apt install python3-sklearn" in text and "python3-scikit-learn" in text
    assert "pip install scikit-learn" in text
    assert MissingDependencyError is not module.MissingDependencyError  # really reimported


# --- cancellation inside the scikit-learn fits ---------------------------------------------------
@pytest.mark.parametrize("early_stopping", [False, True])
def test_interruptible_boosting_fits_the_same_model_and_checks_every_iteration(early_stopping):
    from sklearn.ensemble import HistGradientBoostingRegressor

    from crimerisk.algorithms.mlforecast import _import_sklearn

    rng = np.random.default_rng(8)
    X = rng.normal(size=(3000, 4))
    y = rng.poisson(np.exp(0.5 * X[:, 0] - 0.3 * X[:, 1]))
    weight = rng.uniform(0.5, 2.0, y.size)
    options = dict(loss="poisson", learning_rate=0.1, max_iter=60, early_stopping=early_stopping,
                   n_iter_no_change=3, validation_fraction=0.2, random_state=2)
    plain = HistGradientBoostingRegressor(**options).fit(X, y, sample_weight=weight)
    watched = _import_sklearn()["HistGradientBoostingRegressor"](**options)
    steps = []
    watched.on_step = lambda: steps.append(1)
    watched.fit(X, y, sample_weight=weight)
    assert isinstance(watched, HistGradientBoostingRegressor)
    assert len(steps) == watched.n_iter_ == plain.n_iter_  # one check per boosting iteration
    assert (watched.n_iter_ < 60) == early_stopping
    assert watched.predict(X).tobytes() == plain.predict(X).tobytes()
    assert len(steps) == plain.n_iter_ + 1  # and one per prediction

    def cancel_at_fifth():
        steps.append(1)
        if len(steps) == 5:
            raise Cancelled("stop")

    steps.clear()
    stopped = _import_sklearn()["HistGradientBoostingRegressor"](**options)
    stopped.on_step = cancel_at_fifth
    with pytest.raises(Cancelled):
        stopped.fit(X, y, sample_weight=weight)
    assert len(steps) == 5


def test_a_cancel_is_seen_before_the_first_boosting_iteration():
    """scikit-learn 1.9 bins the data for seconds inside ``fit`` before its first iteration: a
    cancel then must not wait for the iteration (here the fit blocks until the test releases it)."""
    import threading

    from crimerisk.algorithms.mlforecast import _fit_watched

    release, stopped = threading.Event(), threading.Event()

    class SlowStart:
        iterations = 0

        def on_step(self) -> None:
            """Replaced on the instance while watched."""

        def fit(self, X, y, weight):
            release.wait(30)  # "binning" until the test has seen the cancel
            try:
                for _ in range(5):
                    self.on_step()
                    self.iterations += 1
            finally:
                stopped.set()
            return self

    model, seen = SlowStart(), []

    def cancel_at_third_report(fraction: float) -> None:
        seen.append(fraction)
        if len(seen) == 3:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        _fit_watched(model, (None, None, None), contextlib.nullcontext, cancel_at_third_report, (0.4, 0.55))
    assert not release.is_set() and seen == [0.4, 0.4, 0.4]  # cancelled while still "binning"
    release.set()
    assert stopped.wait(30) and model.iterations == 0  # the abandoned fit stops at its first iteration


@pytest.mark.parametrize("max_iter, early_stopping", [(60, False), (5000, True)])
def test_fit_progress_moves_at_the_same_pace_whatever_max_iter_and_early_stopping(max_iter, early_stopping):
    from crimerisk.algorithms.mlforecast import HALF_PROGRESS_ITERATIONS, _fit_watched, _import_sklearn

    rng = np.random.default_rng(8)
    X = rng.normal(size=(3000, 4))
    y = rng.poisson(np.exp(0.5 * X[:, 0] - 0.3 * X[:, 1]))
    model = _import_sklearn()["HistGradientBoostingRegressor"](
        loss="poisson", max_iter=max_iter, early_stopping=early_stopping, n_iter_no_change=3, random_state=2)
    seen = []
    _fit_watched(model, (X, y, None), contextlib.nullcontext, seen.append, (0.0, 1.0))
    steps = sorted(set(seen))  # polls between iterations repeat the last value
    expected = [k / (k + HALF_PROGRESS_ITERATIONS) for k in range(model.n_iter_ + 1)] + [1.0]
    assert steps == pytest.approx(expected) and seen == sorted(seen)
    assert steps[HALF_PROGRESS_ITERATIONS] == pytest.approx(0.5)  # half-way after 10 iterations, both ways


@pytest.mark.parametrize("limit", [0.45, 0.56, 0.701])  # holdout fit, importances, final fit
def test_a_cancel_stops_forecast_inside_each_scikit_learn_stage(limit):
    seen = []
    with pytest.raises(Cancelled):
        forecast(small_history(), GRID, START + 190.0, 7.0, settings=FAST,
                 progress=lambda fraction: seen.append(fraction) or fraction < limit)
    stage_end = {0.45: 0.55, 0.56: 0.7, 0.701: 0.95}[limit]
    assert limit <= seen[-1] < stage_end and seen == sorted(seen)
