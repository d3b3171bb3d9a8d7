"""The fitted results of the forecasting methods, typed: one small dataclass per method.

A method returns a :class:`~.surface.RiskSurface` whose ``parameters`` dict is the
serialisation of its fit (JSON outputs, raster metadata, the backtest's tables). The
classes here read that dict once, by their field names, so that code using a fit reads
attributes (``fit.theta``) and a misspelt name fails where the class is read, not deep
in a report. Each field is a key of the method's parameters, with the same meaning.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, fields
from typing import Any, Mapping, TypeVar

from .surface import RiskSurface

__all__ = ["Fitted", "SeppResult", "LearnedModelResult", "LearnedBandResult", "PlaceResult", "NearRepeatResult"]

FittedT = TypeVar("FittedT", bound="Fitted")


@dataclass(frozen=True)
class Fitted:
    """Base of the typed results: built from a surface's parameters by field name."""

    @classmethod
    def of(cls: type[FittedT], source: RiskSurface | Mapping[str, Any]) -> FittedT:
        """The fields of ``source`` (a surface or its parameters); KeyError naming a missing required one.

        Parameters
        ----------
        source : RiskSurface or mapping
            A surface returned by the method, or its ``parameters``.

        Returns
        -------
        Fitted
            An instance of the class it is called on.
        """
        values = source.parameters if isinstance(source, RiskSurface) else source
        missing = [f.name for f in fields(cls)
                   if f.name not in values and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            raise KeyError(f"{cls.__name__}: the parameters lack {missing}")
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})

    def as_parameters(self) -> dict[str, Any]:
        """The fields as a plain dict (the keys of the method's parameters)."""
        return asdict(self)


@dataclass(frozen=True)
class SeppResult(Fitted):
    """A SEPP fit and forecast (:func:`~.sepp.forecast_sepp`)."""

    theta: float
    omega_per_day: float
    mean_delay_days: float
    sigma_m: float
    background_rate_per_day: float
    log_likelihood: float
    iterations: int
    converged: bool
    expected_total: float
    expected_background: float
    same_place_share: float = 0.0  # absent from fits saved before the two-component trigger
    location_precision_m: float = 0.0
    background_same_place_share: float = 0.0


@dataclass(frozen=True)
class LearnedModelResult(Fitted):
    """The pooled gradient-boosting model of :func:`~.mlforecast.forecast` (shared by its bands); the
    holdout scores and importances are None when the evaluation was off."""

    training_samples: int
    training_positive_samples: int
    features: list
    holdout_d2: float | None = None
    holdout_deviance_model: float | None = None
    holdout_deviance_constant: float | None = None
    holdout_deviance_history: float | None = None
    holdout_periods: int | None = None
    holdout_samples: int | None = None
    importances: list | None = None

    @property
    def evaluated(self) -> bool:
        """True when the model was scored on held-out periods."""
        return self.holdout_deviance_model is not None

    @property
    def top_feature(self) -> str:
        """The feature whose shuffling hurt the holdout most ("" when not evaluated)."""
        return self.importances[0][0] if self.importances else ""


@dataclass(frozen=True)
class LearnedBandResult(Fitted):
    """One band of :func:`~.mlforecast.forecast`."""

    expected_total: float
    category: str = ""


@dataclass(frozen=True)
class PlaceResult(Fitted):
    """A place forecast (:func:`~.placeforecast.forecast_place`): which output was chosen and why."""

    chosen: str
    validation_ratio: float
    validation_pai_model: float
    validation_pai_decayed: float
    decayed_half_life_days: float
    coverage: float
    training_periods: int
    validation_periods: int
    half_lives_days: list
    scales_cells: list
    coefficients: dict | None = None
    #: Weight of the model in a blend with decayed counts, and the validation PAI of each weight tried
    #: (when the method reports them).
    model_weight: float = 1.0
    validation_pai_by_weight: dict | None = None

    @property
    def used_model(self) -> bool:
        """True when the learned model, not decayed counts, is the output."""
        return self.chosen == "model"


@dataclass(frozen=True)
class NearRepeatResult(Fitted):
    """A prospective near-repeat surface (:func:`~.nearrepeat.near_repeat_surface`)."""

    space_bandwidth_m: float
    time_bandwidth_days: float
    window_days: float
