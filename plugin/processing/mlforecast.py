"""``crimerisk:mlforecast``: learned (gradient-boosted Poisson) forecast of expected events per cell.

scikit-learn is imported only when the algorithm runs (by :mod:`...algorithms.mlforecast`), so
the provider and every other algorithm load without it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
)

from ...algorithms.events import EventSet
from ...algorithms.features import ALL_EVENTS
from ...algorithms.fitted import LearnedBandResult, LearnedModelResult
from ...algorithms.grid import MAX_WORKING_BYTES, Grid
from ...algorithms.mlforecast import (
    MIN_TRAINING_PERIODS,
    ForecastSettings,
    MissingDependencyError,
    feature_count,
    forecast,
    training_bytes,
    training_starts,
)
from ...algorithms.plausibility import positive_sample_findings
from ...algorithms.surface import RiskSurface
from ..io.covariates import rasterise_feature_layers, sample_rasters
from ..reports.fit_plausibility import finding_lines, forecast_lines
from ..reports.numbers import format_decimal, format_number, format_value
from ..reports.forecast import forecast_subtitle
from ..reports.html import HtmlReport
from ..reports.mlforecast import model_report
from .forecast import ForecastAlgorithm, ForecastRun, all_events_label

#: Parameters that differ between the bands of one pooled model.
PER_BAND_KEYS = ("category", "expected_total")


def model_parameters(surfaces: dict[str, RiskSurface]) -> dict[str, Any]:
    """The pooled model's parameters: the first band's, without those that differ between bands."""
    return {k: v for k, v in next(iter(surfaces.values())).parameters.items() if k not in PER_BAND_KEYS}


class LearnedForecastAlgorithm(ForecastAlgorithm):
    algorithm_id = "mlforecast"
    display_name = "Learned forecast"

    COVARIATE_RASTERS = "COVARIATE_RASTERS"
    FEATURE_LAYERS = "FEATURE_LAYERS"
    DENSITY_RADIUS = "DENSITY_RADIUS"
    TRAINING_PERIODS = "TRAINING_PERIODS"
    THREADS = "THREADS"
    EVALUATE = "EVALUATE"
    LEARNING_RATE = "LEARNING_RATE"
    MAX_ITER = "MAX_ITER"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_forecaster_inputs(
            self.tr("One band per crime type"),
            self.tr("Forecast each crime type separately, with one band per type (band names are the types, in "
                    "alphabetical order). The types share one model in which the type is a feature and each "
                    "type's own history gives its counts, so rare types borrow strength from frequent ones. "
                    "Off: one forecast of all the selected events together."))
        self._add_terrain_parameters()
        self._add_model_parameters()
        self.add_style_parameter()
        self._add_outputs()

    def _add_terrain_parameters(self) -> None:
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(self.COVARIATE_RASTERS, self.tr("Covariate rasters"),
                                                 QgsProcessing.SourceType.TypeRaster, optional=True),
            self.tr("Optional rasters of the risk terrain (population density, land use share, lighting...). Each "
                    "band is averaged over every grid cell in the working CRS (GDAL Warp, average resampling); "
                    "cells with only nodata, or beyond the raster, are missing values, which the model handles. "
                    "Features are named after the layers."))
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(self.FEATURE_LAYERS, self.tr("Feature layers (points, lines)"),
                                                 QgsProcessing.SourceType.TypeVectorAnyGeometry,
                                                 optional=True),
            self.tr("Optional layers of places that attract or generate crime: bars, stations, schools (points), "
                    "main roads (lines). Points are counted per cell, lines mark every cell they touch. Each layer "
                    "gives two features: dist_<name>, metres from the cell to the nearest such cell, and "
                    "density_<name>, features per km² within the density radius (<name> is the layer name in "
                    "lower case with _ between words)."))
        self.add_parameter(
            QgsProcessingParameterDistance(self.DENSITY_RADIUS, self.tr("Density radius (metres)"), 500.0, minValue=1.0),
            self.tr("Radius in metres of the density_<name> features of the feature layers (e.g. bars within 500 m)."))

    def _add_model_parameters(self) -> None:
        self.add_parameter(
            QgsProcessingParameterNumber(self.TRAINING_PERIODS, self.tr("Training periods"),
                                         QgsProcessingParameterNumber.Type.Integer, 52,
                                         minValue=MIN_TRAINING_PERIODS),
            self.tr("Most past periods of HORIZON days the model learns from (52 weekly periods = one year). Each "
                    "period needs a warm-up of 365 days of history before it: with less history fewer periods are "
                    "used, and at least {} are needed.").format(MIN_TRAINING_PERIODS))
        self.add_seed_parameter()
        self.add_parameter(
            QgsProcessingParameterNumber(self.THREADS, self.tr("Threads"),
                                         QgsProcessingParameterNumber.Type.Integer, 1,
                                         minValue=0),
            self.tr("Threads of the boosting; 0 uses every core. The default 1 is deliberate: on a busy 2-core "
                    "machine using every core was measured to be much slower, because the threads compete with "
                    "QGIS and each other; the results are the same."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterBoolean(self.EVALUATE, self.tr("Evaluate on held-out periods"), True),
            self.tr("Fit a second model on the older three quarters of the training periods and score it on the "
                    "most recent quarter: Poisson deviance against a constant rate and against each cell's history, "
                    "and permutation importances (what drives the map). About half the run time."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.LEARNING_RATE, self.tr("Learning rate"),
                                         QgsProcessingParameterNumber.Type.Double, 0.1, minValue=0.001,
                                         maxValue=1.0),
            self.tr("Shrinkage of each boosting step: smaller learns more slowly and needs more iterations."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.MAX_ITER, self.tr("Maximum boosting iterations"),
                                         QgsProcessingParameterNumber.Type.Integer, 300, minValue=1),
            self.tr("Most trees; early stopping on 10% of the samples usually stops sooner (the report gives the "
                    "number used)."), advanced=True)

    def _add_outputs(self) -> None:
        self.add_forecast_outputs(
            self.tr("Learned forecast"), self.tr("Learned forecast report"),
            self.tr("HTML report: the training summary, the holdout Poisson deviance against a constant rate and "
                    "against each cell's history, the permutation importances (what drives the map) as a chart and "
                    "a table, and every setting."),
            self.tr("Model parameters (JSON)"),
            self.tr("Optional JSON file with the settings and every parameter of the model, importances included."))
        for key, description in (
                ("TRAINING_SAMPLES", self.tr("Training samples (cell x period rows)")),
                ("HOLDOUT_D2", self.tr("Holdout D² (share of the constant rate's deviance explained; empty when "
                                       "not evaluated)"))):
            self.addOutput(QgsProcessingOutputNumber(key, description))
        self.addOutput(QgsProcessingOutputString("TOP_FEATURE", self.tr(
            "Most important feature on the holdout (empty when not evaluated)")))

    def help_sections(self):
        return [
            ("", self.tr(
                "How many crimes will each cell see over the next days? A machine-learning forecast in the style of "
                "HunchLab: a gradient-boosted Poisson model learns, on many past periods, how a cell's recent "
                "history, its near-repeat exposure, the season and its risk terrain (rasters, places such as bars "
                "or stations) relate to the count that followed, then applies that to now.")),
            (self.tr("Method"), self.tr(
                "Every past period of HORIZON days before AS_OF (up to TRAINING_PERIODS of them) gives one sample "
                "per cell: features from events strictly before the period (counts in the cell and its 3x3 and 7x7 "
                "neighbourhoods over 7, 28, 91, 365 days and all history; days since the last event; a decaying "
                "near-repeat score; day of year and weekday; the covariates) and the count in the period as "
                "target. Most samples are empty cells: they are subsampled and reweighted so the fit stays "
                "unbiased. scikit-learn's HistGradientBoostingRegressor with the Poisson loss is fitted and "
                "predicts the period starting at AS_OF. Events on or after AS_OF are never read into the model "
                "nor the grid.")),
            (self.tr("Outputs"), self.tr(
                "The raster holds expected events per cell over the horizon (its sum is the forecast total, "
                "EXPECTED_EVENTS). The report and the JSON give the training summary, the holdout scores and the "
                "permutation importances; HOLDOUT_D2 is 1 - (model deviance / constant-rate deviance) on the most "
                "recent quarter of the training periods (above 0: better than a flat map), TOP_FEATURE the feature "
                "whose shuffling hurts the holdout most.")),
            (self.tr("Caveats"), self.tr(
                "Needs scikit-learn (on Debian/Ubuntu: sudo apt install python3-sklearn; on Windows: the OSGeo4W "
                "python3-scikit-learn package); the rest of CrimeRisk works without it. It needs about a year of "
                "history before the first training period, and learns recorded crime with the recording and "
                "patrol biases that come with it: importances say what the model uses, not what causes crime. "
                "Compare it with simpler maps in the backtest before acting on it.")),
            (self.tr("References"), "Azavea (2015) <i>HunchLab: under the hood</i>; Caplan, Kennedy &amp; Miller "
                                    "(2011) <i>Justice Quarterly</i> 28, 360-381; Friedman (2001) <i>Annals of "
                                    "Statistics</i> 29, 1189-1232; Breiman (2001) <i>Machine Learning</i> 45, 5-32."),
        ]

    # --- the forecaster's part of the one flow -------------------------------------------------------
    def options(self, parameters, context) -> ForecastSettings:
        threads = self.parameterAsInt(parameters, self.THREADS, context)
        return ForecastSettings(
            density_radius=self.parameterAsDouble(parameters, self.DENSITY_RADIUS, context),
            training_periods=self.parameterAsInt(parameters, self.TRAINING_PERIODS, context),
            evaluate=self.parameterAsBoolean(parameters, self.EVALUATE, context),
            learning_rate=self.parameterAsDouble(parameters, self.LEARNING_RATE, context),
            max_iter=self.parameterAsInt(parameters, self.MAX_ITER, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            n_threads=threads or None,
        )

    def margin(self, options: ForecastSettings, parameters, context) -> float:
        return max(options.window_sizes) // 2 * self.parameterAsDouble(parameters, self.CELL_SIZE, context)

    def method_name(self) -> str:
        return self.tr("Learned forecast")

    def fit(self, run: ForecastRun, parameters, context, feedback) -> dict[str, RiskSurface]:
        """The memory guard, the terrain, then one pooled model for every band."""
        groups = run.groups if run.per_category else None
        self._check_memory(run.grid, run.events, len(groups or [None]), run.as_of, run.horizon, run.options,
                           parameters, context)
        feedback.setProgress(12)
        covariates, feature_layers = self._terrain(parameters, context, feedback, run.grid, run.loaded.crs)
        run.settings.update(covariate_rasters=list(covariates), feature_layers=list(feature_layers))
        return self._forecast(run.events, groups, run.grid, run.as_of, run.horizon, covariates, feature_layers,
                              run.options, feedback)

    def fit_warnings(self, run: ForecastRun, surfaces) -> dict[str, list[str]]:
        """The model's warnings under "model", then each band's doubtful forecast total."""
        groups = run.groups
        far = {label: forecast_lines(LearnedBandResult.of(surface).expected_total, groups[label], run.as_of,
                                     run.horizon) for label, surface in surfaces.items()}
        return {self.tr("model"): self._warnings(LearnedModelResult.of(model_parameters(surfaces))),
                **{label: lines for label, lines in far.items() if lines}}

    def logged_fits(self, run: ForecastRun, surfaces) -> dict[str, dict[str, Any]]:
        return {self.tr("model"): model_parameters(surfaces)}

    def log_readings(self, run: ForecastRun, surfaces, feedback) -> None:
        for label, surface in surfaces.items():
            feedback.pushInfo(self.tr("{}: {} events expected.").format(
                label, format_decimal(LearnedBandResult.of(surface).expected_total, 2)))

    def report(self, run: ForecastRun, surfaces, warnings) -> HtmlReport:
        return model_report(forecast_subtitle(run.as_of, run.horizon, run.grid, len(run.events)), surfaces,
                            model_parameters(surfaces), warnings, run.settings, run.horizon)

    def document_warnings(self, surfaces, warnings) -> dict[str, list[str]]:
        """Per band: the model's warnings, then the band's own."""
        model = list(warnings.get(self.tr("model"), []))
        return {label: model + list(warnings.get(label, [])) for label in surfaces}

    def output_values(self, run: ForecastRun, surfaces) -> dict[str, Any]:
        model = LearnedModelResult.of(model_parameters(surfaces))
        return {"TRAINING_SAMPLES": model.training_samples, "HOLDOUT_D2": model.holdout_d2,
                "TOP_FEATURE": model.top_feature}

    def _check_memory(self, grid: Grid, events: EventSet, n_series: int, as_of: float, horizon: float,
                      settings: ForecastSettings, parameters, context) -> None:
        """Refuse, before any feature is built, a training set larger than the memory guard, naming a cell
        size and a number of training periods that fit."""
        covariates = len(self.parameterAsLayerList(parameters, self.COVARIATE_RASTERS, context) or [])
        layers = len(self.parameterAsLayerList(parameters, self.FEATURE_LAYERS, context) or [])
        features = feature_count(settings, n_series, covariates + 2 * layers)
        with self.method_errors():
            periods = training_starts(float(np.min(events.t)), as_of, horizon, settings).size

        def needed(count: int) -> int:
            return training_bytes(grid.n_inside, n_series, count, features, len(events), settings)

        if needed(periods) <= MAX_WORKING_BYTES:
            return
        fitting = next((count for count in range(periods - 1, MIN_TRAINING_PERIODS - 1, -1)
                        if needed(count) <= MAX_WORKING_BYTES), 0)
        cell = format_number(math.ceil(grid.cell_size * math.sqrt(needed(periods) / MAX_WORKING_BYTES)))
        numbers = (format_number(needed(periods) // 2 ** 20), format_number(grid.n_inside), format_number(n_series),
                   format_number(periods), format_number(features), format_number(MAX_WORKING_BYTES // 2 ** 20), cell)
        if fitting:
            raise QgsProcessingException(self.tr(
                "The training set would take about {} MB ({} cells x {} series x {} periods, {} features), more than "
                "the memory guard of {} MB. Use a cell size of {} m or more, or {} training periods or fewer "
                "(TRAINING_PERIODS).").format(*numbers, format_number(fitting)))
        raise QgsProcessingException(self.tr(
            "The training set would take about {} MB ({} cells x {} series x {} periods, {} features), more than "
            "the memory guard of {} MB. Use a cell size of {} m or more, a smaller extent (EXTENT or MASK) or fewer "
            "crime types.").format(*numbers))

    def _terrain(self, parameters, context, feedback, grid, crs) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Covariate rasters sampled and feature layers rasterised on the grid (12-20 % of the progress)."""
        rasters = self.parameterAsLayerList(parameters, self.COVARIATE_RASTERS, context) or []
        vectors = self.parameterAsLayerList(parameters, self.FEATURE_LAYERS, context) or []
        total = len(rasters) + len(vectors)

        def step(offset: int):
            def after(done: int, _count: int) -> None:
                feedback.setProgress(12 + 8 * (offset + done) / max(total, 1))
                self.check_cancelled(feedback)
            return after

        if total:
            feedback.pushInfo(self.tr("Sampling {} covariate raster(s) and rasterising {} feature layer(s)...").format(
                len(rasters), len(vectors)))
        covariates = sample_rasters(rasters, grid, crs, step(0))
        feature_layers = rasterise_feature_layers(vectors, grid, crs, context.transformContext(), step(len(rasters)))
        for name, values in covariates.items():
            feedback.pushInfo(self.tr("Covariate {}: {} of {} cells have a value.").format(
                name, format_number(int(np.isfinite(values).sum())), format_number(values.size)))
        for name, values in feature_layers.items():
            feedback.pushInfo(self.tr("Feature layer {}: {} features or crossings in {} cells.").format(
                name, format_value(float(values.sum())), format_number(int((values > 0).sum()))))
        return covariates, feature_layers

    def _forecast(self, events: EventSet, groups: dict[str, EventSet] | None, grid, as_of: float, horizon: float,
                  covariates, feature_layers, settings: ForecastSettings, feedback) -> dict[str, RiskSurface]:
        """``{band label: surface}`` of one pooled model (20-90 % of the progress)."""
        categories = [str(group.category[0]) for group in groups.values()] if groups else None
        feedback.pushInfo(self.tr("Building the samples and fitting the model ({} events)...").format(
            format_number(len(events))))
        try:
            surfaces = forecast(events, grid, as_of, horizon, categories=categories, covariates=covariates,
                                feature_layers=feature_layers, settings=settings,
                                progress=self.progress_callback(feedback, 20.0, 90.0))
        except MissingDependencyError as error:
            raise QgsProcessingException(self.tr("The learned forecast needs scikit-learn: {}").format(error)) from None
        if not groups:
            return {all_events_label(): surfaces[ALL_EVENTS]}
        return {label: surfaces[name] for label, name in zip(groups, categories)}

    # --- reporting ------------------------------------------------------------------------------------
    def _warnings(self, model: LearnedModelResult) -> list[str]:
        notes = finding_lines(positive_sample_findings(model.training_positive_samples))
        d2 = model.holdout_d2
        if d2 is not None and d2 <= 0:
            notes.append(self.tr("on the held-out periods the model does no better than one constant rate for every "
                                 "cell (D² = {}): the map is no better than a flat one.").format(format_decimal(d2, 3)))
        if model.evaluated and model.holdout_deviance_model > model.holdout_deviance_history:
            notes.append(self.tr("on the held-out periods each cell's historical average scores better than the "
                                 "model: prefer a simpler map (KDE or the history) or check in the backtest."))
        return notes
