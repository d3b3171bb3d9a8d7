"""``crimerisk:placeforecast``: long-memory place forecast (multi-scale decayed counts, Poisson GLM).

scikit-learn is imported only when the algorithm runs (by :mod:`...algorithms.placeforecast`).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
from qgis.core import (
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...algorithms.fitted import PlaceResult
from ...algorithms.placeforecast import PlaceForecastSettings, forecast_place
from ...algorithms.surface import RiskSurface
from ..reports.numbers import format_number
from .forecast import ForecastAlgorithm, ForecastRun

#: Most coefficients named in words per model (the JSON has them all).
WORDED_COEFFICIENTS = 3


def parse_numbers(text: str) -> tuple[float, ...]:
    """'7, 30 120' -> (7.0, 30.0, 120.0); ValueError naming the bad item."""
    values = []
    for item in text.replace(";", ",").replace(" ", ",").split(","):
        if item.strip():
            try:
                values.append(float(item))
            except ValueError:
                raise ValueError(f"'{item}' is not a number") from None
    return tuple(values)


class PlaceForecastAlgorithm(ForecastAlgorithm):
    algorithm_id = "placeforecast"
    display_name = "Place forecast (learned)"
    fit_end = 88.0

    HALF_LIVES = "HALF_LIVES"
    SCALES = "SCALES"
    TRAINING_PERIODS = "TRAINING_PERIODS"
    VALIDATION_PERIODS = "VALIDATION_PERIODS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_forecaster_inputs(
            self.tr("One model per crime type"),
            self.tr("Fit one model (and run one internal validation) per crime type and write one band per type "
                    "(band names are the types, in alphabetical order). Off: one model for all the selected "
                    "events together. Crime types concentrate at different places: per type is usually better "
                    "when each type has a few hundred events."))
        defaults = PlaceForecastSettings()
        self.add_parameter(
            QgsProcessingParameterString(self.HALF_LIVES, self.tr("Candidate half-lives (days)"),
                                         ", ".join(f"{h:g}" for h in defaults.half_lives)),
            self.tr("Memories the model may use, as half-lives in days of exponentially decayed counts, from short "
                    "(near repeats, Johnson & Bowers 2004) to long (stable crime places, Weisburd 2015; long-memory "
                    "background, Mohler 2014). The GLM learns a weight for each; the internal validation also picks "
                    "the best single half-life for the decayed-counts fall-back."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterString(self.SCALES, self.tr("Candidate spatial scales (cells)"),
                                         ", ".join(f"{s:g}" for s in defaults.scales)),
            self.tr("Neighbourhoods the model may use: 0 is the cell alone, s > 0 a Gaussian smoothing of sigma s "
                    "cells. The GLM learns how much each scale adds, i.e. the smoothing bandwidth is chosen by the "
                    "data."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.TRAINING_PERIODS, self.tr("Training periods"),
                                         QgsProcessingParameterNumber.Type.Integer, defaults.training_periods,
                                         minValue=5),
            self.tr("Most past forecast origins (periods of HORIZON days before AS_OF) the Poisson GLM learns from "
                    "(52 weekly periods = one year). With less history fewer are used; at least 4 are needed."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.VALIDATION_PERIODS, self.tr("Validation periods"),
                                         QgsProcessingParameterNumber.Type.Integer, defaults.validation_periods,
                                         minValue=2),
            self.tr("The most recent training periods held out for the time-ordered internal validation: a GLM "
                    "fitted on the older periods only is scored against decayed counts on them (PAI at 5% of the "
                    "area). If it does not do better, the output falls back to decayed counts. Must be fewer than "
                    "the training periods; capped at a quarter of them."), advanced=True)
        self.add_seed_parameter()
        self.add_style_parameter()
        self.add_forecast_outputs(
            self.tr("Place forecast"), self.tr("Place forecast report"),
            self.tr("HTML report: what the internal validation chose and why (learned model or decayed counts, the "
                    "validation PAI of each, the candidate half-lives and scales) and the model's weights in words."),
            self.tr("Model parameters (JSON)"),
            self.tr("Optional JSON file with the settings, the validation scores, the choice and every coefficient "
                    "of each model."))
        self.addOutput(QgsProcessingOutputBoolean("USED_MODEL", self.tr(
            "Every band is the learned model (false: at least one fell back to decayed counts)")))
        self.addOutput(QgsProcessingOutputNumber("VALIDATION_RATIO", self.tr(
            "Validation PAI of the learned model / decayed counts (first band)")))

    def help_sections(self):
        return [
            ("", self.tr(
                "Where are crimes expected over the next days? Crime concentrates at a few stable places (the law of "
                "crime concentration), so over a week a cell's long-run history is the strongest simple forecast. "
                "This forecaster starts from that history and learns from your own past weeks how much recent "
                "events and the neighbourhood add; when that does not help on your data, it says so and falls back "
                "to the long-run history.")),
            (self.tr("Method"), self.tr(
                "Features of a cell at a forecast origin: the log of its exponentially decayed event rate for each "
                "candidate half-life (short to long memory, Mohler 2014, 2015), each at each candidate spatial scale "
                "(the cell alone or a Gaussian neighbourhood). A Poisson generalised linear model with log link "
                "(Nelder & Wedderburn 1972; McCullagh & Nelder 1989) is fitted on many past origins: the count of "
                "each cell over the next HORIZON days against its features then. Time-ordered internal validation "
                "(rolling origin, Tashman 2000): a model fitted on the older origins only is scored on the most "
                "recent ones by PAI at 5% of the area, beside decayed counts with the best candidate half-life. If "
                "the model does not score higher, the output is those decayed counts. Everything, targets and "
                "validation included, comes from events strictly before AS_OF; events on or after AS_OF are never "
                "read into the model nor the grid.")),
            (self.tr("Outputs"), self.tr(
                "The raster holds expected events per cell over the horizon (its sum is the forecast total, "
                "EXPECTED_EVENTS). The report says, per model, whether the learned model or decayed counts was used "
                "and why (validation PAI of each and their ratio, VALIDATION_RATIO for the first band), the "
                "half-life chosen for decayed counts, and the model's largest weights in words; the JSON has every "
                "coefficient. USED_MODEL is true when every band is the learned model.")),
            (self.tr("Caveats"), self.tr(
                "It needs scikit-learn and at least five horizons of history (a year or more is better). On real "
                "data the gain over decayed counts is often small: the validation ratio says how much it was on your "
                "recent history. It learns recorded crime, with the recording and patrol biases that come with it; "
                "compare it with the baselines in the backtest before acting on it.")),
            (self.tr("References"), "Weisburd (2015) <i>Criminology</i> 53, 133-157; Mohler (2014) <i>International "
                                    "Journal of Forecasting</i> 30, 491-497; Mohler et al. (2015) <i>JASA</i> 110, "
                                    "1399-1411; Nelder &amp; Wedderburn (1972) <i>JRSS A</i> 135, 370-384; Tashman "
                                    "(2000) <i>International Journal of Forecasting</i> 16, 437-450; Johnson &amp; "
                                    "Bowers (2004) <i>European Journal of Criminology</i> 1, 237-255."),
        ]

    # --- the forecaster's part of the one flow -------------------------------------------------------
    def method_name(self) -> str:
        return self.tr("Place forecast")

    def fit_one(self, run: ForecastRun, events, progress) -> RiskSurface:
        grid = run.grid
        surface = forecast_place(events, grid, run.as_of, run.horizon, run.options, progress=progress)
        total = float(np.nansum(np.where(grid.inside, surface.values, 0.0)))
        return replace(surface, parameters={**surface.parameters, "expected_total": total})

    def fit_warnings(self, run: ForecastRun, surfaces) -> dict[str, list[str]]:
        return {label: self._warnings(PlaceResult.of(surface)) for label, surface in surfaces.items()}

    def log_readings(self, run: ForecastRun, surfaces, feedback) -> None:
        for label, surface in surfaces.items():
            feedback.pushInfo(f"{label}: {self._choice_sentence(PlaceResult.of(surface))}")

    def report_title(self) -> str:
        return self.tr("Place forecast (long-memory places, learned)")

    def report_rows(self, surfaces) -> dict[str, dict[str, Any]]:
        return {label: {**surface.parameters, "output": self._output_name(PlaceResult.of(surface))}
                for label, surface in surfaces.items()}

    def report_notes(self) -> list[str]:
        return [self.tr("The raster's bands follow the table's rows; values are expected events per cell over the "
                        "horizon. Validation PAI: share of the next period's events in the 5% of cells ranked "
                        "highest, divided by 5%, averaged over the held-out recent periods.")]

    def output_values(self, run: ForecastRun, surfaces) -> dict[str, Any]:
        fits = [PlaceResult.of(surface) for surface in surfaces.values()]
        return {"USED_MODEL": all(fit.used_model for fit in fits), "VALIDATION_RATIO": fits[0].validation_ratio}

    def options(self, parameters, context) -> PlaceForecastSettings:
        try:
            half_lives = parse_numbers(self.parameterAsString(parameters, self.HALF_LIVES, context))
            scales = parse_numbers(self.parameterAsString(parameters, self.SCALES, context))
        except ValueError as error:
            raise ValueError(self.tr("Candidate half-lives and scales are numbers separated by commas: {}.").format(
                error)) from None
        return PlaceForecastSettings(
            half_lives=half_lives, scales=scales,
            training_periods=self.parameterAsInt(parameters, self.TRAINING_PERIODS, context),
            validation_periods=self.parameterAsInt(parameters, self.VALIDATION_PERIODS, context),
            seed=self.parameterAsInt(parameters, self.SEED, context))

    def report_columns(self) -> list[tuple[str, str]]:
        """(fitted parameter key, column heading) of the report table."""
        return [("events_used", self.tr("events")), ("output", self.tr("output")),
                ("validation_pai_model", self.tr("validation PAI, model")),
                ("validation_pai_decayed", self.tr("validation PAI, decayed counts")),
                ("validation_ratio", self.tr("model / decayed counts")),
                ("decayed_half_life_days", self.tr("half-life chosen (days)")),
                ("model_weight", self.tr("model weight in the blend (0 = decayed counts)")),
                ("training_periods", self.tr("training periods")),
                ("validation_periods", self.tr("validation periods")),
                ("expected_total", self.tr("expected events"))]

    def _output_name(self, fit: PlaceResult) -> str:
        return self.tr("learned model") if fit.used_model else self.tr("decayed counts")

    def _choice_sentence(self, fit: PlaceResult) -> str:
        """Which output was used and why, with the validation scores."""
        scores = self.tr("validation PAI at {}% {} for the learned model vs {} for decayed counts with a half-life "
                         "of {} days, over the {} most recent of {} training periods").format(
            format_number(100 * fit.coverage), format_number(fit.validation_pai_model),
            format_number(fit.validation_pai_decayed), format_number(fit.decayed_half_life_days),
            format_number(fit.validation_periods), format_number(fit.training_periods))
        by_weight = fit.validation_pai_by_weight or {}
        if by_weight:
            scores += "; " + self.tr("validation PAI by model weight in a blend with decayed counts: {}").format(
                ", ".join(f"{format_number(float(w))}: {format_number(pai)}" for w, pai in by_weight.items()))
        weight = fit.model_weight
        if fit.used_model and weight < 1:
            return self.tr("a blend of the learned model (weight {}) and decayed counts is used: it beat decayed counts "
                           "in the internal validation ({}).").format(format_number(weight), scores)
        if fit.used_model and format_number(fit.validation_pai_model) == format_number(fit.validation_pai_decayed):
            return self.tr("the learned model is used, though it scored only marginally higher than decayed counts "
                           "in the internal validation ({}): either map will do.").format(scores)
        if fit.used_model:
            return self.tr("the learned model is used: it beat decayed counts in the internal validation ({}).").format(
                scores)
        return self.tr("fell back to decayed counts: the learned model did not beat them in the internal validation "
                       "({}).").format(scores)

    def reading(self, surface: RiskSurface) -> str:
        fit = PlaceResult.of(surface)
        candidates = self.tr("Candidates: half-lives {} days, scales {} cells.").format(
            ", ".join(format_number(h) for h in fit.half_lives_days),
            ", ".join(format_number(s) for s in fit.scales_cells))
        text = f"{self._choice_sentence(fit)} {candidates}"
        coefficients = fit.coefficients or {}
        if coefficients:  # named in the order of the algorithm's features: each half-life at each scale
            names = [self.tr("half-life {} days, scale {} cells").format(format_number(h), format_number(s))
                     for h in fit.half_lives_days for s in fit.scales_cells]
            largest = sorted(zip(names, coefficients.values()), key=lambda item: -abs(item[1]))[:WORDED_COEFFICIENTS]
            words = "; ".join(self.tr("{}: x{} when that rate doubles").format(name, format_number(2.0 ** weight))
                              for name, weight in largest)
            text += " " + self.tr("Largest weights of the GLM (the forecast is multiplied by the factor when that "
                                  "feature's rate doubles, the others unchanged): {}.").format(words)
        return text

    def _warnings(self, fit: PlaceResult) -> list[str]:
        ratio = fit.validation_ratio
        if ratio is None or not math.isfinite(ratio):
            return [self.tr("the internal validation could not score the recent periods (too few events in them): "
                            "the output is decayed counts; use larger cells, a longer horizon or more history.")]
        return []
