"""The forecasting methods a backtest can run, by name.

Methods are keyed by their registry name everywhere; the label is for display only.
Each entry of :data:`REGISTRY` is ``name -> MethodEntry(label, factory, is_baseline)``;
``factory(params)`` returns a callable ``method(past_events, grid, as_of, horizon) ->
RiskSurface`` in *expected events per cell over the horizon* (the baselines'
``uniform random`` is a chance-level score without units). ``params`` is a plain dict
of settings; every key is optional and has a default sized for a 12-fold backtest:

* ``seed`` (int, 0): seeds the random baseline and the learned forecast;
* ``kde_lookback_days`` (365), ``kde_radius`` (metres, 0 = likelihood cross-validation), ``kde_kernel``
  ("quartic"): kernel density of the events of the look-back window, as expected events
  per cell per day (:func:`~..algorithms.kde.kde_surface`) times the horizon;
* ``nr_space_bandwidth`` (400 m), ``nr_time_bandwidth`` (60 days), ``nr_background_weight`` (0):
  prospective hotspotting (Bowers et al. 2004's kernel and bandwidths for burglary), a
  relative risk (1 = study-area average), not expected events;
* ``sepp_max_iterations`` (50): EM iterations per cutoff round of the SEPP fit;
* ``ml_training_periods`` (26), ``ml_max_iter`` (100): size of the learned forecast;
* ``place_training_periods`` (52), ``place_validation_periods`` (13): past origins the place
  forecast learns from and the most recent of them it validates on;
* ``progress`` (None): a ``progress(fraction) -> bool`` handed to the methods that report
  progress (SEPP, learned forecast); returning False cancels them mid-fit
  (:class:`~..algorithms.progress.Cancelled`), so a long fold stops promptly.

The learned forecasts (gradient boosting, place forecast) are registered only when scikit-learn
is installed. This module knows nothing
of QGIS.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from importlib.util import find_spec
from typing import Any, Callable, NamedTuple

from . import baselines, mlforecast, nearrepeat, placeforecast, sepp
from .evaluate import Method
from .events import EventSet
from .grid import Grid
from .kde import DEFAULT_KERNEL, kde_surface
from .network_backtest import STREET_METHODS
from .shiftforecast import SHIFT_MARK
from .surface import RiskSurface

__all__ = ["HAS_SKLEARN", "DEFAULT_PARAMS", "PLACE_PARAMETERS_SHOWN", "MethodEntry", "recent_kde", "REGISTRY",
           "LABELS", "forecaster_names", "baseline_names", "build_methods", "labelled_methods", "label_of",
           "is_baseline", "name_of_label"]

#: The learned forecast imports scikit-learn only when it runs; without it, it is not offered.
HAS_SKLEARN = find_spec("sklearn") is not None

#: Defaults of the settings the factories read (see the module docstring).
DEFAULT_PARAMS: dict[str, Any] = {
    "seed": 0,
    "kde_lookback_days": 365.0,
    "kde_radius": 0.0,
    "kde_kernel": DEFAULT_KERNEL,
    "nr_space_bandwidth": 400.0,
    "nr_time_bandwidth": 60.0,
    "nr_background_weight": 0.0,
    "sepp_max_iterations": 50,
    "ml_training_periods": 26,
    "ml_max_iter": 100,
    "place_training_periods": 52,
    "place_validation_periods": 13,
}


#: Parameters of the place forecast kept per fold (the backtest report has one column each).
PLACE_PARAMETERS_SHOWN = ("chosen", "validation_ratio", "decayed_half_life_days")


class MethodEntry(NamedTuple):
    label: str
    factory: Callable[[dict[str, Any]], Method]
    is_baseline: bool


def _setting(params: dict[str, Any] | None, key: str) -> Any:
    return (params or {}).get(key, DEFAULT_PARAMS[key])


def _expected_over_horizon(surface: RiskSurface, horizon: float, extra: dict[str, Any]) -> RiskSurface:
    """A per-cell-day surface scaled to expected events per cell over ``horizon`` days."""
    return replace(surface, values=surface.values * horizon,
                   units=f"expected events per cell in the next {horizon:g} days",
                   parameters={**surface.parameters, **extra, "horizon_days": float(horizon)})


def recent_kde(events: EventSet, grid: Grid, as_of: float, horizon: float, lookback_days: float = 365.0,
               radius: float = 0.0, kernel: str = DEFAULT_KERNEL) -> RiskSurface:
    """Kernel density of the events of ``[as_of - lookback_days, as_of)`` as expected events per cell over
    ``horizon`` days.

    The daily rate is taken over the days of history actually seen, at most the look-back.

    Parameters
    ----------
    events : EventSet
        Events with times; only those before ``as_of`` are read.
    grid : Grid
    as_of : float
        Forecast start (days since 1970-01-01).
    horizon : float
        Days forecast.
    lookback_days : float, default 365.0
        Days of history smoothed.
    radius : float, default 0.0
        Kernel radius in metres; 0 chooses it by likelihood cross-validation.
    kernel : str, default DEFAULT_KERNEL
        A kernel of :data:`.kde.KERNELS`.

    Returns
    -------
    RiskSurface
        Expected events per cell over the horizon.
    """
    if not lookback_days > 0:
        raise ValueError(f"the KDE look-back must be a positive number of days, got {lookback_days}")
    past = events.before(as_of)
    if len(past) == 0:
        raise ValueError("no event before the forecast start: the KDE has nothing to smooth")
    recent = past.between(as_of - lookback_days, as_of)
    period = min(float(lookback_days), as_of - float(past.t.min()))
    surface = kde_surface(recent, grid, radius=radius or None, kernel=kernel, units="per_cell_day",
                          period_days=period)
    return _expected_over_horizon(surface, horizon, {"lookback_days": float(lookback_days)})


def _kde_factory(params: dict[str, Any]) -> Method:
    return partial(recent_kde, lookback_days=float(_setting(params, "kde_lookback_days")),
                   radius=float(_setting(params, "kde_radius")), kernel=str(_setting(params, "kde_kernel")))


def _near_repeat_factory(params: dict[str, Any]) -> Method:
    settings = {"space_bandwidth": float(_setting(params, "nr_space_bandwidth")),
                "time_bandwidth": float(_setting(params, "nr_time_bandwidth")),
                "background_weight": float(_setting(params, "nr_background_weight"))}

    def prospective(events: EventSet, grid: Grid, as_of: float, horizon: float) -> RiskSurface:
        return nearrepeat.near_repeat_surface(events, grid, as_of, kernel="bowers", **settings)

    return prospective


def _sepp_factory(params: dict[str, Any]) -> Method:
    options = sepp.SeppOptions(max_iterations=int(_setting(params, "sepp_max_iterations")))
    return partial(sepp.forecast_sepp, options=options, progress=(params or {}).get("progress"))


def _ml_factory(params: dict[str, Any]) -> Method:
    settings = mlforecast.ForecastSettings(
        training_periods=int(_setting(params, "ml_training_periods")), max_iter=int(_setting(params, "ml_max_iter")),
        max_samples=50_000, permutation_repeats=1, importance_max_samples=2_000, seed=int(_setting(params, "seed")),
        n_threads=1)  # all-core threading is several times slower on a busy 2-core machine

    def learned(events: EventSet, grid: Grid, as_of: float, horizon: float) -> RiskSurface:
        return mlforecast.forecast(events, grid, as_of, horizon, settings=settings,
                                   progress=(params or {}).get("progress"))["all"]

    return learned


def _place_factory(params: dict[str, Any]) -> Method:
    settings = placeforecast.PlaceForecastSettings(
        training_periods=int(_setting(params, "place_training_periods")),
        validation_periods=int(_setting(params, "place_validation_periods")), seed=int(_setting(params, "seed")))

    def place(events: EventSet, grid: Grid, as_of: float, horizon: float) -> RiskSurface:
        surface = placeforecast.forecast_place(events, grid, as_of, horizon, settings,
                                               progress=(params or {}).get("progress"))
        # What the backtest's per-fold table shows: the choice and why, not every coefficient.
        shown = {key: surface.parameters[key] for key in PLACE_PARAMETERS_SHOWN}
        return replace(surface, parameters=shown)

    return place


def _baseline_factory(name: str) -> Callable[[dict[str, Any]], Method]:
    def factory(params: dict[str, Any]) -> Method:
        return baselines.default_baselines(seed=int(_setting(params, "seed")))[name]
    return factory


def _registry() -> dict[str, MethodEntry]:
    methods = {
        "kde": MethodEntry("KDE (last year)", _kde_factory, False),
        "nearrepeat": MethodEntry("Near-repeat (prospective hotspots)", _near_repeat_factory, False),
        "sepp": MethodEntry("SEPP", _sepp_factory, False),
    }
    if HAS_SKLEARN:
        methods["mlforecast"] = MethodEntry("Learned forecast (gradient boosting)", _ml_factory, False)
        methods["placeforecast"] = MethodEntry("Place forecast (long-memory places, learned)", _place_factory, False)
    methods.update({
        "last_period": MethodEntry(baselines.LAST_PERIOD, _baseline_factory(baselines.LAST_PERIOD), True),
        "decayed": MethodEntry(baselines.DECAYED, _baseline_factory(baselines.DECAYED), True),
        "random": MethodEntry(baselines.RANDOM, _baseline_factory(baselines.RANDOM), True),
    })
    return methods


#: name -> MethodEntry(label, factory, is_baseline), forecasters first.
REGISTRY: dict[str, MethodEntry] = _registry()
#: name -> display label.
LABELS: dict[str, str] = {name: entry.label for name, entry in REGISTRY.items()}
_NAMES_BY_LABEL = {label: name for name, label in LABELS.items()}


def forecaster_names() -> list[str]:
    """Names of the methods that are not baselines, in registry order.

    Returns
    -------
    list of str
    """
    return [name for name, entry in REGISTRY.items() if not entry.is_baseline]


def baseline_names() -> list[str]:
    """Names of the baselines, in registry order.

    Returns
    -------
    list of str
    """
    return [name for name, entry in REGISTRY.items() if entry.is_baseline]


def build_methods(names: list[str], params: dict[str, Any] | None = None,
                  with_baselines: bool = True) -> dict[str, Method]:
    """The methods to hand :func:`~.evaluate.backtest`, keyed by registry name.

    Parameters
    ----------
    names : list of str
        Registry names (duplicates are dropped); an unknown name raises ValueError listing the known ones.
    params : dict, optional
        Settings of the methods (see the module docstring); None for the defaults.
    with_baselines : bool, default True
        Append every baseline after the named methods.

    Returns
    -------
    dict of str to Method
        ``name -> method(past_events, grid, as_of, horizon)``; :data:`LABELS` names them for display.
    """
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown method(s) {unknown}; choose among {list(REGISTRY)}")
    chosen = list(dict.fromkeys(names)) + (baseline_names() if with_baselines else [])
    return {n: REGISTRY[n].factory(params or {}) for n in dict.fromkeys(chosen)}


def labelled_methods(names: list[str], params: dict[str, Any] | None = None,
                     with_baselines: bool = True) -> dict[str, Method]:
    """:func:`build_methods` keyed by display label (for scripts that print the methods).

    Parameters
    ----------
    names : list of str
    params : dict, optional
    with_baselines : bool, default True
        As in :func:`build_methods`.

    Returns
    -------
    dict of str to Method
    """
    return {LABELS[name]: method for name, method in build_methods(names, params, with_baselines).items()}


def label_of(name: str) -> str:
    """Display label of a method name (a street method's too); a shift version (``kde@22-06``, see
    :func:`.shiftforecast.with_shift_variants`) reads ``KDE (last year) @ 22-06``."""
    base, _, shift = name.partition(SHIFT_MARK)
    label = LABELS[base] if base in LABELS else STREET_METHODS[base][0]
    return f"{label} @ {shift}" if shift else label


def is_baseline(name: str) -> bool:
    """Whether a method name (or its shift version) is a baseline; of the street methods
    (:data:`.network_backtest.STREET_METHODS`), the long-term counts on street segments is one."""
    base = name.partition(SHIFT_MARK)[0]
    return REGISTRY[base].is_baseline if base in REGISTRY else STREET_METHODS[base][1]


def name_of_label(label: str) -> str:
    """The registry name of a method's display label.

    Parameters
    ----------
    label : str
        A label of :data:`LABELS`; ValueError otherwise.

    Returns
    -------
    str
    """
    if label not in _NAMES_BY_LABEL:
        raise ValueError(f"no method is labelled {label!r}")
    return _NAMES_BY_LABEL[label]
