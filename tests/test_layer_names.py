"""What an analyst reads around a map (issue 12): layer names, legend titles, parameter names in the log."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from crimerisk.plugin.reports.labels import crime_types_label, forecast_period_label, layer_title, period_label
from crimerisk.plugin.reports.field_words import field_heading, has_words
from crimerisk.plugin.styling.styles import risk_class_labels, risk_style

ROOT = Path(__file__).resolve().parents[1]


def day(text: str) -> float:
    return float((np.datetime64(text) - np.datetime64("1970-01-01")).astype(int))


def test_periods_read_as_a_person_says_them():
    assert period_label(day("2020-01-01"), day("2021-01-01")) == "2020"
    assert period_label(day("2018-01-01"), day("2021-01-01")) == "2018-2020"
    assert period_label(day("2020-03-01"), day("2020-04-01")) == "2020-03-01 – 2020-03-31"
    assert forecast_period_label(day("2021-01-04"), 7.0) == "week from 2021-01-04"
    assert forecast_period_label(day("2021-01-04"), 1.0) == "day 2021-01-04"
    assert forecast_period_label(day("2021-01-04"), 3.0) == "3 days from 2021-01-04"


def test_layer_titles_name_method_crime_types_and_period():
    assert layer_title("KDE", crime_types_label(("burglary",)), "2020") == "KDE · burglary · 2020"
    assert layer_title("SEPP", crime_types_label(()), "") == "SEPP · all crime types"
    assert crime_types_label(("a", "b", "c", "d")) == "4 crime types"


@pytest.mark.parametrize("seed", range(3))
def test_risk_classes_are_labelled_by_the_band_they_hold(seed):
    """Each class holds the share of cells its label says (within ties), highest risk last in the ramp,
    and every bound is finite (the renderer's page shows no "inf")."""
    values = np.random.default_rng(seed).gamma(0.7, size=20_000)
    style = risk_style(values)
    assert [e.label for e in style.entries][::-1][:5] == risk_class_labels() == [
        "top 1%", "1-5%", "5-10%", "10-20%", "20-50%"]
    bounds = [style.minimum] + [e.value for e in style.entries]
    assert all(np.isfinite(bounds)) and bounds == sorted(bounds) and bounds[-1] == values.max()
    shares = [np.mean((values > low) & (values <= high)) for low, high in zip(bounds[1:-1], bounds[2:])]
    assert shares[::-1] == pytest.approx([0.01, 0.04, 0.05, 0.10, 0.30], abs=0.002)
    assert style.top_down


def test_every_logged_parameter_key_of_the_plugin_has_words():
    """Keys the algorithms log (found in algorithms/ and plugin/ sources as dictionary keys) are in words."""
    unknown = [key for key in ("radius_m", "omega_per_day", "neighbourhood_m", "p_cutoff_99pct",
                               "mean_delay_days", "cells_new_hot_spot", "holdout_d2")
               if not has_words(key)]
    assert unknown == []
    assert field_heading("radius_m") == "radius (m)"
    assert field_heading("a_key_nobody_knows") == "a key nobody knows"  # never a raw identifier
    assert not any(re.search(r"_[a-z]", field_heading(key)) for key in ("scott_radius_m", "time_cutoff_days"))
