"""Typed fitted results (algorithms/fitted.py): read from a method's parameters by field name."""

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.fitted import LearnedModelResult, NearRepeatResult, PlaceResult, SeppResult
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.nearrepeat import near_repeat_surface
from crimerisk.algorithms.sepp import SeppOptions, forecast_sepp


def _events(n: int = 400, seed: int = 5) -> EventSet:
    rng = np.random.default_rng(seed)
    return EventSet.from_arrays(rng.uniform(0, 2000, n), rng.uniform(0, 2000, n), t=np.sort(rng.uniform(0, 200, n)))


GRID = Grid.covering(0.0, 0.0, 2000.0, 2000.0, 200.0)


def test_a_sepp_forecast_reads_as_attributes_equal_to_its_parameters():
    surface = forecast_sepp(_events(), GRID, 200.0, 7.0, SeppOptions(max_iterations=20))
    fit = SeppResult.of(surface)
    assert fit.as_parameters() == {key: surface.parameters[key] for key in fit.as_parameters()}
    assert fit.theta == surface.parameters["theta"] and isinstance(fit.converged, bool)


def test_a_near_repeat_surface_reads_as_attributes():
    surface = near_repeat_surface(_events(), GRID, 200.0, 400.0, 60.0)
    fit = NearRepeatResult.of(surface)
    assert (fit.space_bandwidth_m, fit.time_bandwidth_days) == (400.0, 60.0)
    assert fit.window_days == surface.parameters["window_days"]


def test_a_missing_field_is_named_and_optional_fields_default():
    with pytest.raises(KeyError, match="theta"):
        SeppResult.of({"omega_per_day": 0.1})
    model = LearnedModelResult.of({"training_samples": 10, "training_positive_samples": 3, "features": ["a"]})
    assert not model.evaluated and model.top_feature == "" and model.holdout_d2 is None
    scored = LearnedModelResult.of({"training_samples": 10, "training_positive_samples": 3, "features": ["a"],
                                    "holdout_deviance_model": 0.5, "importances": [["a", 0.2, 0.01]]})
    assert scored.evaluated and scored.top_feature == "a"
    place = {"chosen": "decayed counts", "validation_ratio": 0.9, "validation_pai_model": 2.0,
             "validation_pai_decayed": 2.2, "decayed_half_life_days": 30.0, "coverage": 0.05, "training_periods": 52,
             "validation_periods": 13, "half_lives_days": [7.0], "scales_cells": [0.0], "method": "ignored"}
    fit = PlaceResult.of(place)
    assert not fit.used_model and fit.coefficients is None and "method" not in fit.as_parameters()
