"""The memory estimates behind the guards hold for the arrays really built (learned forecast, Knox)."""

from __future__ import annotations

import numpy as np
import pytest

from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.features import FeatureBuilder, static_covariates
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.knox import knox_test, permutation_table_bytes, permutations_fitting
from crimerisk.algorithms.mlforecast import (
    ForecastSettings,
    build_training_set,
    feature_count,
    training_bytes,
    training_starts,
)


def small_history(n: int = 2_000, seed: int = 1) -> tuple[EventSet, Grid]:
    rng = np.random.default_rng(seed)
    events = EventSet.from_arrays(rng.uniform(0, 3_000, n), rng.uniform(0, 2_000, n), t=rng.uniform(0, 800, n),
                                  category=rng.choice(["a", "b"], n))
    return events, Grid.covering(0, 0, 3_000, 2_000, 100)


@pytest.mark.parametrize("categories,rasters,layers", [(None, 0, 0), (["a", "b"], 1, 1)])
def test_feature_count_equals_the_builder(categories, rasters, layers):
    events, grid = small_history()
    settings = ForecastSettings()
    covariates = {f"c{i}": np.ones(grid.shape) for i in range(rasters)}
    presence = {f"l{i}": np.eye(*grid.shape) > 0 for i in range(layers)}
    static = static_covariates(grid, covariates, presence, settings.density_radius)
    builder = FeatureBuilder(events, grid, settings, categories, static)
    assert feature_count(settings, len(categories or [None]), rasters + 2 * layers) == len(builder.feature_names)


@pytest.mark.parametrize("max_samples", [1_000, 200_000])
def test_training_bytes_bound_the_training_set_built(max_samples):
    events, grid = small_history()
    settings = ForecastSettings(max_samples=max_samples)
    starts = training_starts(float(events.t.min()), 800.0, 7.0, settings)
    builder = FeatureBuilder(events, grid, settings, ["a", "b"], {})
    data = build_training_set(builder, starts, 7.0, settings)
    built = data.X.nbytes * 2 + starts.size * builder.at(starts[0]).shape[0] * 8 + builder.at(starts[0]).nbytes
    estimate = training_bytes(grid.n_inside, 2, starts.size, len(builder.feature_names), len(events), settings)
    assert built <= estimate <= 3 * built


def test_permutation_table_bytes_are_the_tables_built():
    events, _ = small_history(500)
    result = knox_test(events, space_band=100, space_bands=4, time_band=7, time_bands=3, permutations=19, seed=1)
    # One row more than built: room for the same-location band.
    assert permutation_table_bytes(19, 4, 3) == 2 * result.permuted.nbytes * 6 // 5
    fitting = permutations_fitting(2 * 1024 ** 3, 100, 100)
    assert permutation_table_bytes(fitting, 100, 100) <= 2 * 1024 ** 3 < permutation_table_bytes(fitting + 1, 100, 100)
