"""Learned grid forecast: gradient-boosted Poisson regression on cell x period samples.

The forecast answers "how many events will each cell see in ``[as_of, as_of + horizon)``?"
the way HunchLab does (Azavea 2015): a machine-learning model relates a cell's recent
crime history, its near-repeat exposure, the season and its risk terrain (Caplan et al.
2011) to the count that followed, on many past periods, and is then applied to now.

Samples, strictly in time order
    The target period is ``[as_of, as_of + horizon)``. The training periods are the
    ``training_periods`` windows ``[p, p + horizon)`` with ``p = as_of - k * horizon``,
    ``k = 1, 2, ...``, that start after a warm-up (by default the longest look-back
    window) past the first event. A sample is one (cell, period); its features come from
    events with ``t < p`` only (see :mod:`.features`) and its target is the weighted count
    in ``[p, p + horizon)``. Events at or after ``as_of`` are dropped first, so they can
    change nothing.

Zero subsampling
    Most samples are empty cells. Every sample with a positive count is kept; empty
    samples are kept with probability ``q = (max_samples - n_positive) / n_empty``
    (between ``min_zero_rate`` and 1), drawn from ``seed``, and weighted ``1 / q``, so
    the weighted loss is an unbiased (Horvitz-Thompson) estimate of the full-data loss
    and the predicted means are not inflated. ``q`` is reported as ``zero_sampling_rate``.

Model
    ``HistGradientBoostingRegressor(loss="poisson")`` (Friedman 2001; histogram
    boosting as in LightGBM, Ke et al. 2017), a log-link model whose predictions are
    expected counts. Missing covariate values (NaN) are handled natively.

Several crime types
    One pooled model, not a loop: each (type, cell, period) is a sample, the type is an
    integer categorical feature, each type's own history gives its count features and the
    counts of all types together are added. Types share what they have in common (the
    terrain, the season) and rare types borrow strength from frequent ones; the model
    still predicts one surface per type.

Holdout and importances
    The most recent ``holdout_fraction`` of the training periods is held out: a model
    fitted on the older periods is scored there by the weighted mean Poisson deviance,
    against a constant-rate model and against each cell's historical average rate, and
    its permutation importances (Breiman 2001; sklearn's ``permutation_importance``,
    scoring ``neg_mean_poisson_deviance``) are computed on that slice. The model that
    forecasts is then refitted on all training periods.

Cancellation and progress
    Each boosting fit runs on a worker thread while the calling thread watches it. The worker
    stops before every boosting iteration (before its gradient computation) until the caller
    has reported progress and seen no cancel; between iterations, and while scikit-learn bins
    the data before the first one (seconds on large samples with scikit-learn 1.9), the caller
    looks for a cancel every ``POLL_SECONDS``. On a cancel the caller gets ``Cancelled`` at
    once; an abandoned fit stops at its next iteration, so at worst it finishes the binning in
    the background. The model is the same as a plain fit's. A fit's progress through its span
    is ``k / (k + HALF_PROGRESS_ITERATIONS)`` after ``k`` iterations: the same pace whatever
    ``max_iter`` and early stopping decide, and the span's end when the fit returns. Binning
    the data up front in a cancellable step would also work, but needs scikit-learn's private
    binning (or a copy of it) to give the same model.

References
----------
Azavea (2015). HunchLab: under the hood. Technical white paper.
Caplan, J. M., Kennedy, L. W., & Miller, J. (2011). Risk terrain modeling. Justice Quarterly 28(2).
Friedman, J. H. (2001). Greedy function approximation: a gradient boosting machine.
Annals of Statistics 29(5), 1189-1232.
Ke, G. et al. (2017). LightGBM: a highly efficient gradient boosting decision tree. NeurIPS 30.
Breiman, L. (2001). Random forests. Machine Learning 45, 5-32 (permutation importance).
Horvitz, D. G., & Thompson, D. J. (1952). A generalization of sampling without replacement
from a finite universe. JASA 47(260), 663-685.
"""

from __future__ import annotations

import functools
import math
import queue
import threading
from dataclasses import asdict, dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .events import EventSet, datetime64_from_days, days_from_datetime64
from .features import DAYS_PER_YEAR, FeatureBuilder, FeatureSpec, static_covariates
from .grid import Grid
from .progress import Cancelled, ProgressCallback, ProgressReporter
from .surface import RiskSurface

__all__ = ["EVALUATION_KEYS", "MIN_TRAINING_PERIODS", "POLL_SECONDS", "HALF_PROGRESS_ITERATIONS",
           "SKLEARN_HINT", "MissingDependencyError", "ForecastSettings", "TrainingSet", "training_starts",
           "feature_count", "training_bytes", "build_training_set", "forecast"]

#: Parameters reported by the holdout evaluation (None when it is skipped).
EVALUATION_KEYS = ("holdout_periods", "holdout_samples", "holdout_deviance_model", "holdout_deviance_constant",
                   "holdout_deviance_history", "holdout_d2", "importances")
#: Fewest training periods accepted: at least one held out and three to fit.
MIN_TRAINING_PERIODS = 4
#: How often the caller of a boosting fit reports progress and looks for a cancel, seconds.
POLL_SECONDS = 0.05
#: Boosting iterations after which a fit's progress is half-way through its span.
HALF_PROGRESS_ITERATIONS = 10
_STEP, _DONE = object(), object()

SKLEARN_HINT = ("scikit-learn is not installed; on Debian/Ubuntu: sudo apt install python3-sklearn; "
                "on Windows (OSGeo4W): install the python3-scikit-learn package, "
                "or pip install scikit-learn in the QGIS Python")


class MissingDependencyError(ImportError):
    """A library the method needs is not installed; the message says how to install it."""


class _LossWithHook:
    """A scikit-learn boosting loss that calls ``hook()`` before each gradient computation
    (once per boosting iteration) and forwards everything else to the wrapped loss."""

    #: Per-iteration gradient methods (scikit-learn 1.1 and later; 1.0).
    PER_ITERATION = frozenset({"gradient", "gradient_hessian", "update_gradients_and_hessians"})

    def __init__(self, loss: Any, hook: Callable[[], None]) -> None:
        self._wrapped = loss
        self._hook = hook

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_wrapped", "_hook"):
            raise AttributeError(name)
        attribute = getattr(self._wrapped, name)
        if name not in self.PER_ITERATION:
            return attribute

        def hooked(*args, **kwargs):
            self._hook()
            return attribute(*args, **kwargs)
        return hooked

    def __call__(self, *args, **kwargs):
        return self._wrapped(*args, **kwargs)


@functools.lru_cache(maxsize=None)
def _interruptible(regressor: type) -> type:
    """A subclass of scikit-learn's ``HistGradientBoostingRegressor`` that calls its ``on_step()``
    (a no-op unless set on the instance, e.g. a progress report that raises ``Cancelled``) once
    per boosting iteration and before every prediction. Same parameters, same fitted model.

    The iteration hook wraps the loss scikit-learn builds in its ``_get_loss`` (a private
    method, stable from 1.0 to at least 1.9): were it gone, fits would run unchecked, as
    before, and tests/test_mlforecast.py would fail."""

    class InterruptibleHistGradientBoostingRegressor(regressor):
        def on_step(self) -> None:
            """Called once per boosting iteration and before every prediction."""

        def _get_loss(self, *args, **kwargs):
            return _LossWithHook(super()._get_loss(*args, **kwargs), self._call_on_step)

        def _call_on_step(self) -> None:
            self.on_step()

        def predict(self, X):
            self.on_step()
            return super().predict(X)

    InterruptibleHistGradientBoostingRegressor.__module__ = __name__
    return InterruptibleHistGradientBoostingRegressor


def _step_reporter(report: Callable[[float], None], span: tuple[float, float],
                   expected_steps: int) -> Callable[[], None]:
    """``on_step()`` for a model: reports progress through ``span`` as steps go by (at most
    ``expected_steps``), so ``report`` can raise ``Cancelled`` between steps."""
    low, high = span
    steps = [0]

    def on_step() -> None:
        steps[0] += 1
        report(low + (high - low) * min(1.0, steps[0] / max(expected_steps, 1)))
    return on_step


def _fit_watched(model, fit_arguments: tuple, threads: Callable[[], Any], report: Callable[[float], None],
                 span: tuple[float, float]):
    """``model.fit(*fit_arguments)`` on a worker thread (inside the ``threads()`` context, e.g. an
    OpenMP limit, which is per thread) while this thread reports progress and looks for a cancel:
    at every boosting iteration (the worker waits for the answer) and every ``POLL_SECONDS`` in
    between, binning included. See the module's "Cancellation and progress"."""
    low, high = span
    steps: queue.Queue = queue.Queue()  # worker -> caller: _STEP per iteration, then _DONE
    answers: queue.Queue = queue.Queue()  # caller -> worker: go on (True) or stop (False)
    outcome: dict[str, BaseException] = {}

    def on_step() -> None:  # on the worker, once per boosting iteration
        steps.put(_STEP)
        if not answers.get():
            raise Cancelled("abandoned by a cancel")

    def work() -> None:
        try:
            with threads():
                model.fit(*fit_arguments)
        except BaseException as error:  # handed to the caller
            outcome["error"] = error
        finally:
            steps.put(_DONE)

    def fraction(iterations: int) -> float:
        return low + (high - low) * iterations / (iterations + HALF_PROGRESS_ITERATIONS)

    model.on_step = on_step
    worker = threading.Thread(target=work, name="crimerisk-boosting", daemon=True)
    worker.start()
    iterations = 0
    try:
        report(low)
        while True:
            try:
                step = steps.get(timeout=POLL_SECONDS)
            except queue.Empty:  # no iteration yet (binning) or a long one: look for a cancel
                report(fraction(iterations))
                continue
            if step is _DONE:
                break
            iterations += 1
            report(fraction(iterations))
            answers.put(True)
    except BaseException:
        answers.put(False)  # the worker stops at its next iteration (at once if it is waiting)
        raise
    if "error" in outcome:
        raise outcome["error"]
    del model.on_step  # back to the class's no-op
    report(high)
    return model


def _import_sklearn() -> dict[str, Any]:
    """The scikit-learn pieces the model needs, or :class:`MissingDependencyError`."""
    try:
        import sklearn
        from sklearn.ensemble import HistGradientBoostingRegressor
        from sklearn.inspection import permutation_importance
        from sklearn.metrics import mean_poisson_deviance
        from threadpoolctl import threadpool_limits  # a scikit-learn dependency
    except ImportError as error:
        raise MissingDependencyError(SKLEARN_HINT) from error
    major, minor = (int(part) for part in sklearn.__version__.split(".")[:2])
    if (major, minor) < (1, 0):
        raise MissingDependencyError(f"scikit-learn {sklearn.__version__} is too old (1.0 or later is needed); "
                                     + SKLEARN_HINT.split("; ", 1)[1])
    return {"HistGradientBoostingRegressor": _interruptible(HistGradientBoostingRegressor),
            "permutation_importance": permutation_importance,
            "mean_poisson_deviance": mean_poisson_deviance, "threadpool_limits": threadpool_limits}


@dataclass(frozen=True)
class ForecastSettings(FeatureSpec):
    """Feature settings (inherited from :class:`~.features.FeatureSpec`) plus sampling and model.

    Attributes
    ----------
    training_periods : most past periods used for training.
    warmup_days : history a training period needs before its start, days
        (None: the longest look-back window).
    max_samples : target number of training samples after zero subsampling.
    min_zero_rate : lowest keep rate of empty samples.
    holdout_fraction : share of the most recent training periods held out for scoring.
    evaluate : fit the holdout model, score it and compute the importances (about half the
        run time); False skips them and reports None for those parameters.
    learning_rate, max_iter, max_leaf_nodes, min_samples_leaf, l2_regularization,
    early_stopping : ``HistGradientBoostingRegressor`` hyperparameters.
    permutation_repeats : shuffles per feature for the permutation importances.
    importance_max_samples : most held-out rows used for the importances.
    seed : seeds the zero subsampling, the boosting and the permutations.
    n_threads : OpenMP threads of the boosting (None: all cores); 1 avoids oversubscription
        when other work runs at the same time (results were identical with 1 and 2 threads).
    """

    training_periods: int = 52
    warmup_days: float | None = None
    max_samples: int = 200_000
    min_zero_rate: float = 0.01
    holdout_fraction: float = 0.25
    evaluate: bool = True
    learning_rate: float = 0.1
    max_iter: int = 300
    max_leaf_nodes: int = 31
    min_samples_leaf: int = 40
    l2_regularization: float = 1.0
    early_stopping: bool = True
    permutation_repeats: int = 5
    importance_max_samples: int = 10_000
    seed: int = 0
    n_threads: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.n_threads is not None and self.n_threads < 1:
            raise ValueError(f"n_threads must be None (all cores) or >= 1, got {self.n_threads}")
        if self.training_periods < MIN_TRAINING_PERIODS:
            raise ValueError(f"training_periods must be at least {MIN_TRAINING_PERIODS}, got {self.training_periods}")
        if self.warmup_days is not None and not (self.warmup_days >= 0 and math.isfinite(self.warmup_days)):
            raise ValueError(f"warmup_days must be a number of days >= 0 or None, got {self.warmup_days}")
        if self.max_samples < 1000:
            raise ValueError(f"max_samples must be at least 1000, got {self.max_samples}")
        if not 0 < self.min_zero_rate <= 1:
            raise ValueError(f"min_zero_rate must be in (0, 1], got {self.min_zero_rate}")
        if not 0 < self.holdout_fraction < 1:
            raise ValueError(f"holdout_fraction must be in (0, 1), e.g. 0.25, got {self.holdout_fraction}")
        if self.permutation_repeats < 1 or self.importance_max_samples < 100:
            raise ValueError("permutation_repeats must be >= 1 and importance_max_samples >= 100")

    @property
    def warmup(self) -> float:
        return self.longest_lookback if self.warmup_days is None else float(self.warmup_days)

    def model_parameters(self) -> dict[str, Any]:
        """Keyword arguments of the boosting model."""
        return {"loss": "poisson", "learning_rate": self.learning_rate, "max_iter": self.max_iter,
                "max_leaf_nodes": self.max_leaf_nodes, "min_samples_leaf": self.min_samples_leaf,
                "l2_regularization": self.l2_regularization, "early_stopping": self.early_stopping,
                "validation_fraction": 0.1, "n_iter_no_change": 10, "random_state": self.seed}


@dataclass
class TrainingSet:
    """Sampled training rows.

    ``period`` indexes ``starts``; ``row`` is the row of ``FeatureBuilder.at(starts[period])``
    the sample came from.
    """

    X: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    period: np.ndarray
    row: np.ndarray
    starts: np.ndarray
    zero_sampling_rate: float

    def subset(self, keep: np.ndarray) -> "TrainingSet":
        return TrainingSet(self.X[keep], self.y[keep], self.weight[keep], self.period[keep],
                           self.row[keep], self.starts, self.zero_sampling_rate)


def training_starts(first_event: float, as_of: float, horizon: float, settings: ForecastSettings) -> np.ndarray:
    """Ascending starts ``as_of - k * horizon`` of the training periods; ValueError when too few fit."""
    periods = (as_of - first_event - settings.warmup) / horizon
    if not math.isfinite(periods):
        raise ValueError(f"a horizon of {horizon:g} days is too short to cut the history into training "
                         "periods: give a horizon of hours or days (e.g. 7)")
    fitting = int(math.floor(periods + 1e-9))
    if fitting < MIN_TRAINING_PERIODS:
        needed = settings.warmup + MIN_TRAINING_PERIODS * horizon
        raise ValueError(
            f"too little history to train: the first event is {as_of - first_event:g} days before AS_OF, "
            f"which fits {max(fitting, 0)} training periods of {horizon:g} days after a warm-up of "
            f"{settings.warmup:g} days; at least {MIN_TRAINING_PERIODS} are needed, i.e. {needed:g} days of "
            "history before AS_OF: load older events, shorten the horizon or the look-back windows, "
            "or choose a later AS_OF")
    k = np.arange(min(fitting, settings.training_periods), 0, -1)
    return as_of - k * horizon


def feature_count(spec: FeatureSpec, n_series: int, n_static: int) -> int:
    """How many features :class:`~.features.FeatureBuilder` makes, without building them."""
    windows = len(spec.lookback_days) + 1
    count = windows * (1 + len(spec.window_sizes)) + 6
    if n_series > 1:
        count += 1 + windows
    return count + n_static


def training_bytes(n_cells: int, n_series: int, periods: int, n_features: int, n_events: int,
                   settings: ForecastSettings) -> int:
    """Peak bytes of the training set before it is built: every period's targets (float64 per cell and
    series), one period's feature matrix with its stacking copies, and the sampled rows twice (the parts,
    then their concatenation). The sampled rows are at most every event's sample plus the empty samples
    kept (at least ``min_zero_rate`` of them), or ``max_samples``."""
    rows = int(n_cells) * int(n_series)
    total = rows * int(periods)
    sampled = min(total, max(settings.max_samples, int(n_events) + settings.min_zero_rate * total))
    return int(8 * (total + 3 * rows * n_features + 2 * sampled * (n_features + 4)))


def _zero_keep_rate(n_positive: int, n_empty: int, settings: ForecastSettings) -> float:
    if n_empty == 0:
        return 1.0
    return float(min(1.0, max(settings.min_zero_rate, (settings.max_samples - n_positive) / n_empty)))


def build_training_set(builder: FeatureBuilder, starts: np.ndarray, horizon: float,
                       settings: ForecastSettings, report: ProgressReporter | None = None,
                       progress_span: tuple[float, float] = (0.0, 1.0)) -> TrainingSet:
    """Features and targets of every training period, with empty samples subsampled (seeded)."""
    targets = [builder.targets(p, p + horizon) for p in starts]
    n_positive = int(sum((y > 0).sum() for y in targets))
    n_empty = int(sum(y.size for y in targets)) - n_positive
    rate = _zero_keep_rate(n_positive, n_empty, settings)
    rng = np.random.default_rng(settings.seed)
    parts: dict[str, list[np.ndarray]] = {"X": [], "y": [], "weight": [], "period": [], "row": []}
    low, high = progress_span
    for i, (p, y) in enumerate(zip(starts, targets)):
        keep = (y > 0) | (rng.random(y.size) < rate)
        rows = np.flatnonzero(keep)
        parts["X"].append(builder.at(p)[rows])
        parts["y"].append(y[rows])
        parts["weight"].append(np.where(y[rows] > 0, 1.0, 1.0 / rate))
        parts["period"].append(np.full(rows.size, i))
        parts["row"].append(rows)
        if report is not None:
            report(low + (high - low) * (i + 1) / len(starts))
    stacked = {k: np.concatenate(v) for k, v in parts.items()}
    return TrainingSet(starts=np.asarray(starts), zero_sampling_rate=rate, **stacked)


def _check_targets(data: TrainingSet, which: str) -> None:
    """ValueError when ``data`` holds no event: a Poisson model cannot be fitted to zeros only."""
    if not (data.y > 0).any():
        raise ValueError(f"{which} hold no event, so the model has nothing to learn from: choose a later "
                         "AS_OF, a longer horizon or more training periods, turn the holdout evaluation off, "
                         "or check the category filter")


def _fit(sklearn: Mapping[str, Any], data: TrainingSet, builder: FeatureBuilder, settings: ForecastSettings,
         report: Callable[[float], None] | None = None, span: tuple[float, float] = (0.0, 1.0)):
    """The boosting model fitted to ``data``; with ``report``, fitted on a watched worker that
    reports progress through ``span`` and may raise ``Cancelled`` at any time, binning included."""
    categorical = builder.categorical if builder.categorical.any() else None
    model = sklearn["HistGradientBoostingRegressor"](categorical_features=categorical,
                                                     **settings.model_parameters())
    if report is None:
        return model.fit(data.X, data.y, sample_weight=data.weight)
    threads = functools.partial(sklearn["threadpool_limits"], limits=settings.n_threads, user_api="openmp")
    return _fit_watched(model, (data.X, data.y, data.weight), threads, report, span)


def _history_baseline(data: TrainingSet, builder: FeatureBuilder, horizon: float, floor: float) -> np.ndarray:
    """Each cell's all-history average rate over the horizon (floored so the deviance stays finite)."""
    per_year = data.X[:, builder.feature_names.index("count_all_per_year")]
    return np.maximum(per_year * horizon / DAYS_PER_YEAR, floor)


def _holdout_deviances(sklearn, model, fit_part: TrainingSet, test: TrainingSet, builder: FeatureBuilder,
                       horizon: float) -> dict[str, Any]:
    """Weighted mean Poisson deviance of the model and of two naive forecasts on the holdout."""
    deviance = sklearn["mean_poisson_deviance"]
    mean_rate = max(float(np.average(fit_part.y, weights=fit_part.weight)), 1e-12)
    predictions = {
        "model": model.predict(test.X),
        "constant": np.full(test.y.size, mean_rate),
        "history": _history_baseline(test, builder, horizon, floor=0.01 * mean_rate),
    }
    scores = {name: float(deviance(test.y, pred, sample_weight=test.weight)) for name, pred in predictions.items()}
    return {
        "holdout_deviance_model": scores["model"],
        "holdout_deviance_constant": scores["constant"],
        "holdout_deviance_history": scores["history"],
        "holdout_d2": 1.0 - scores["model"] / scores["constant"] if scores["constant"] > 0 else None,
    }


def _permutation_importances(sklearn, model, test: TrainingSet, builder: FeatureBuilder,
                             settings: ForecastSettings, report: Callable[[float], None] | None = None,
                             span: tuple[float, float] = (0.0, 1.0)) -> list[list]:
    """``[feature, mean, std]`` of the deviance increase when a feature is shuffled, largest first.
    ``report`` (optional) goes through ``span`` before every repeat's prediction and may raise
    ``Cancelled`` there."""
    if report is not None:
        predictions = 1 + len(builder.feature_names) * settings.permutation_repeats
        model.on_step = _step_reporter(report, span, predictions)
    if test.y.size > settings.importance_max_samples:  # subsampled here: sklearn 1.2 drops the weights
        rows = np.random.default_rng(settings.seed).choice(test.y.size, settings.importance_max_samples,
                                                            replace=False)
        test = test.subset(np.sort(rows))
    ranking = sklearn["permutation_importance"](
        model, test.X, test.y, scoring="neg_mean_poisson_deviance", n_repeats=settings.permutation_repeats,
        random_state=settings.seed, sample_weight=test.weight)
    rows = zip(builder.feature_names, ranking.importances_mean, ranking.importances_std)
    return sorted(([name, float(mean), float(std)] for name, mean, std in rows), key=lambda item: -item[1])


def _evaluate_holdout(sklearn, data: TrainingSet, builder: FeatureBuilder, horizon: float,
                      settings: ForecastSettings, report: ProgressReporter) -> dict[str, Any]:
    """Fit on the older periods, score the most recent ones, and rank the features there."""
    n_periods = data.starts.size
    n_holdout = max(1, int(round(settings.holdout_fraction * n_periods)))
    held = data.period >= n_periods - n_holdout
    fit_part, test = data.subset(~held), data.subset(held)
    _check_targets(fit_part, "the training periods before the holdout")
    model = _fit(sklearn, fit_part, builder, settings, report, (0.4, 0.55))
    report(0.55)
    return {
        "holdout_periods": n_holdout,
        "holdout_samples": int(test.y.size),
        **_holdout_deviances(sklearn, model, fit_part, test, builder, horizon),
        "importances": _permutation_importances(sklearn, model, test, builder, settings, report, (0.55, 0.7)),
    }


def _sample_summary(data: TrainingSet, builder: FeatureBuilder) -> dict[str, Any]:
    return {
        "training_periods": int(data.starts.size),
        "first_training_period_start": str(datetime64_from_days(data.starts[0])),
        "training_samples": int(data.y.size),
        "training_positive_samples": int((data.y > 0).sum()),
        "zero_sampling_rate": data.zero_sampling_rate,
        "n_features": len(builder.feature_names),
        "features": list(builder.feature_names),
        "categories": list(builder.series_names),
    }


def _setting_values(settings: ForecastSettings) -> dict[str, Any]:
    """The settings that are not model keyword arguments, as plain values (effective warm-up)."""
    model_keys = settings.model_parameters()
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(settings).items() if k not in model_keys}
    values["warmup_days"] = settings.warmup
    return values


def _checked_categories(categories: Sequence[str] | None) -> list[str] | None:
    if categories is None or len(categories) == 0:
        return None
    names = [str(c) for c in categories]
    if len(set(names)) != len(names):
        raise ValueError(f"categories {names} list a crime type twice: give each once")
    if len(names) > 250:
        raise ValueError(f"{len(names)} categories are too many for one model (250 at most): group rare types")
    return names


def _as_days(as_of: float | np.datetime64) -> float:
    if isinstance(as_of, np.datetime64):
        return float(days_from_datetime64(as_of))
    value = float(as_of)
    if not math.isfinite(value):
        raise ValueError(f"AS_OF must be a finite time in days since 1970-01-01, got {as_of}")
    return value


def _history(events: EventSet, grid: Grid, as_of: float, categories: Sequence[str] | None) -> EventSet:
    """The events a forecast at ``as_of`` may use; ValueError when there are none."""
    timed = events.subset(np.isfinite(events.t))
    chosen = timed.of_categories(list(categories or []))
    past = chosen.before(as_of)
    if len(past) == 0:
        which = f" of categories {list(categories)}" if categories else ""
        raise ValueError(f"no events{which} before AS_OF ({datetime64_from_days(as_of)}): the forecast learns from "
                         "past events; choose a later AS_OF or check the date field and the category filter")
    if (past.weight < 0).any() or not np.isfinite(past.weight).all():
        raise ValueError("event weights must be finite and >= 0 (counts are modelled): fix or drop the weight field")
    on_grid = past.subset(grid.contains(past.x, past.y))
    if len(on_grid) == 0:
        raise ValueError(f"none of the {len(past)} events before AS_OF falls inside the grid's study area: "
                         "check the extent, the mask and the layer's CRS")
    return on_grid


def forecast(
    events: EventSet,
    grid: Grid,
    as_of: float | np.datetime64,
    horizon: float = 7.0,
    *,
    categories: Sequence[str] | None = None,
    covariates: Mapping[str, np.ndarray] | None = None,
    feature_layers: Mapping[str, np.ndarray] | None = None,
    settings: ForecastSettings | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, RiskSurface]:
    """Expected events per cell over ``[as_of, as_of + horizon)``, one surface per crime type.

    Parameters
    ----------
    events : the event history (events at or after ``as_of`` are ignored).
    grid : the forecast grid (its mask limits the cells modelled).
    as_of : start of the forecast period, days since 1970-01-01 (or a ``datetime64``).
    horizon : length of the forecast period and of each training period, days.
    categories : crime types to forecast with one pooled model; None forecasts all
        events as one series, returned under the key ``"all"``.
    covariates : name -> float ``[rows, cols]`` raster values per cell (NaN = missing).
    feature_layers : name -> bool/float ``[rows, cols]`` presence per cell; gives
        ``dist_<name>`` (metres) and ``density_<name>`` (per km² within ``density_radius``).
    settings : features, sampling and model settings (defaults: :class:`ForecastSettings`).
    progress : optional ``progress(fraction) -> bool``; returning False raises ``Cancelled``.

    Returns
    -------
    dict category -> :class:`RiskSurface` of expected events per cell; each surface's
    ``parameters`` hold the sample sizes, features, hyperparameters, holdout deviances
    and the permutation importances ``[feature, mean, std]`` sorted by mean.
    """
    settings = settings or ForecastSettings()
    as_of = _as_days(as_of)
    if not (horizon > 0 and math.isfinite(horizon)):
        raise ValueError(f"horizon must be a positive number of days (e.g. 7), got {horizon}")
    categories = _checked_categories(categories)
    history = _history(events, grid, as_of, categories)
    static = static_covariates(grid, covariates, feature_layers, settings.density_radius)
    first_event = float(history.t.min())
    starts = training_starts(first_event, as_of, horizon, settings)
    builder = FeatureBuilder(history, grid, settings, categories, static, history_start=first_event)
    sklearn = _import_sklearn()
    report = ProgressReporter(progress)
    report(0.0)
    data = build_training_set(builder, starts, horizon, settings, report, (0.0, 0.4))
    _check_targets(data, f"the {starts.size} training periods of {horizon:g} days before AS_OF")
    with sklearn["threadpool_limits"](limits=settings.n_threads, user_api="openmp"):
        evaluation = (_evaluate_holdout(sklearn, data, builder, horizon, settings, report) if settings.evaluate
                      else dict.fromkeys(EVALUATION_KEYS))
        report(0.7)
        model = _fit(sklearn, data, builder, settings, report, (0.7, 0.95))
        report(0.95)
        expected = builder.to_grids(model.predict(builder.at(as_of)))
    shared = {
        "method": "gradient-boosted Poisson regression on cell x period samples",
        "as_of_days": as_of,
        "as_of": str(datetime64_from_days(as_of)),
        "horizon_days": float(horizon),
        **_sample_summary(data, builder),
        **_setting_values(settings),
        "model": "HistGradientBoostingRegressor",
        **{f"model_{k}": v for k, v in settings.model_parameters().items()},
        "model_iterations": int(model.n_iter_),
        **evaluation,
    }
    surfaces = {}
    for name, values in expected.items():
        units = f"expected events per cell in the {horizon:g} days from AS_OF ({name})"
        surfaces[name] = RiskSurface(values.astype(np.float32), grid, units,
                                     {"category": name, "expected_total": float(np.nansum(values)), **shared})
    report(1.0)
    return surfaces
