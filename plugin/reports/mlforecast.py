"""The learned forecast's model report: expected events per band, the training summary, the holdout
scores against simple maps, the permutation importances (what drives the map) and every setting."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from ...algorithms.fitted import LearnedBandResult, LearnedModelResult
from ...algorithms.surface import RiskSurface
from ..i18n import tr
from .forecast import expected_events_sentences, parameters_report
from .html import Code, HtmlReport, bar_chart
from .numbers import format_number

#: Model parameters shown under "Training" in the report.
TRAINING_KEYS = ("training_periods", "first_training_period_start", "training_samples", "training_positive_samples",
                 "zero_sampling_rate", "n_features", "model_iterations")
#: Most features drawn in the importance chart (the table lists them all).
CHART_FEATURES = 10


def model_report(subtitle: str, surfaces: Mapping[str, RiskSurface], model: Mapping[str, Any],
                 warnings: Mapping[str, list[str]], run_settings: Mapping[str, Any], horizon: float) -> HtmlReport:
    """The report of one pooled model: ``model`` its parameters, ``surfaces`` its bands."""
    fit = LearnedModelResult.of(model)
    bands = {label: {"expected_total": LearnedBandResult.of(s).expected_total,
                     "highest_cell": float(np.nanmax(s.values))} for label, s in surfaces.items()}
    report = parameters_report(
        tr("Learned forecast (gradient boosting)"), subtitle, bands,
        [("expected_total", tr("expected events")), ("highest_cell", tr("highest cell"))], warnings,
        notes=[tr("The raster's bands follow the table's rows; values are expected events per cell over "
                  "the horizon.")],
        answer=expected_events_sentences(bands, horizon) + holdout_sentence(fit))
    report.heading(tr("Training"))
    report.key_values({key: model[key] for key in TRAINING_KEYS})
    _holdout_section(report, fit)
    _importance_section(report, fit.importances)
    report.heading(tr("Settings"))
    hidden = TRAINING_KEYS + ("features", "importances") + tuple(k for k in model if k.startswith("holdout_"))
    listed = {k: ", ".join(v) or "-" if isinstance(v, list) else v for k, v in run_settings.items()}
    report.key_values({**{k: v for k, v in model.items() if k not in hidden}, **listed,
                       "features": Code(", ".join(fit.features))})
    return report


def holdout_sentence(model: LearnedModelResult) -> list[str]:
    """Whether the learned model beat each cell's history on the held-out periods, in words."""
    if not model.evaluated:
        return []
    if model.holdout_deviance_model < model.holdout_deviance_history:
        return [tr("On the most recent training periods, held out, the learned model scored better than "
                   "each cell's own history.")]
    return [tr("On the most recent training periods, held out, the learned model did not score better "
               "than each cell's own history: check it in the backtest before deploying.")]


def _holdout_section(report: HtmlReport, model: LearnedModelResult) -> None:
    report.heading(tr("Holdout: is it better than simple maps?"))
    if not model.evaluated:
        report.paragraph(tr("Not evaluated (the evaluation option was off)."), note=True)
        return
    constant = model.holdout_deviance_constant
    rows = [{tr("forecast"): name, tr("mean Poisson deviance"): value,
             tr("D² vs constant"): 1.0 - value / constant if constant > 0 else None}
            for name, value in ((tr("learned model"), model.holdout_deviance_model),
                                (tr("constant rate"), constant),
                                (tr("each cell's history"), model.holdout_deviance_history))]
    report.table(rows, list(rows[0]))
    report.paragraph(tr(
        "Scored on the {} most recent training periods ({} samples) by a model fitted on the older ones. Lower "
        "deviance is better; D² is the share of the constant rate's deviance the forecast removes.").format(
        format_number(model.holdout_periods), format_number(model.holdout_samples)), note=True)


def _importance_section(report: HtmlReport, importances: list | None) -> None:
    report.heading(tr("What drives the map"))
    if not importances:
        report.paragraph(tr("Not evaluated (the evaluation option was off)."), note=True)
        return
    top = importances[:CHART_FEATURES]
    report.svg(bar_chart([str(rank) for rank in range(1, len(top) + 1)], [max(m, 0.0) for _, m, _ in top],
                         title=tr("Top {} features (rank, see the table)").format(len(top)),
                         width=60 + 40 * len(top)))
    report.table([{tr("rank"): rank, tr("feature"): Code(name), tr("importance"): mean,
                   tr("spread (sd)"): std} for rank, (name, mean, std) in enumerate(importances, start=1)])
    report.paragraph(tr(
        "Importance: how much the holdout Poisson deviance grows when the feature's values are shuffled "
        "(permutation importance, Breiman 2001). Near zero or negative: the map does not rely on it. Features "
        "that carry the same information share their importance."), note=True)
