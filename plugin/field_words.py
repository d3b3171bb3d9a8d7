"""Words for the field names that tables, JSON and logs keep as identifiers.

A CSV or GeoPackage table keeps ``mk_z`` or ``hit_rate_ci_low`` (models and scripts read them); a
report a commander reads, and the log an analyst reads, show these words instead, translated.
A key without a word here is shown with its underscores as spaces, never silently dropped.
"""

from __future__ import annotations

from functools import lru_cache

from .i18n import qgis_locale, tr

__all__ = ["field_heading", "field_headings"]


@lru_cache(maxsize=None)
def _words(language_marker: str) -> dict[str, str]:
    """The translated words, built once per language (``language_marker`` keys the cache)."""
    del language_marker
    return {
        # shared
        "category": tr("crime type"), "zone": tr("zone"), "events": tr("events"), "method": tr("method"),
        "label": tr("method"), "alpha": tr("significance level"), "seed": tr("random seed"),
        "p_value": tr("p-value"), "z": tr("z-score"), "step": tr("time step"), "steps": tr("time steps"),
        "coverage": tr("area covered (%)"), "folds": tr("folds"), "fold": tr("fold"),
        # trends
        "first_date": tr("first event"), "last_date": tr("last event"), "mk_z": tr("Mann-Kendall z"),
        "trend": tr("trend"), "sen_slope_per_step": tr("Sen's slope per step"),
        "sen_slope_per_year": tr("Sen's slope per year"), "last_12m": tr("last 12 months"),
        "previous_12m": tr("previous 12 months"), "change_pct": tr("change (%)"),
        "previous_12m_complete": tr("previous 12 months complete"), "trend_test": tr("trend test"),
        "variance_factor": tr("serial-correlation variance factor"), "seasonal_p": tr("seasonal cycle p-value"),
        "period_start": tr("period start"), "period_end": tr("period end"), "trend_step": tr("trend time step"),
        "trend_steps": tr("time steps in the trend test"), "first_trend_step": tr("first step of the trend test"),
        "complete_steps_only": tr("complete steps only"), "events_in_period": tr("events in the period"),
        "undated_events_left_out": tr("undated events left out"), "groups": tr("rows of the table"),
        "has_hours": tr("hours known"), "change_period_start": tr("change: period start"),
        "change_period_end": tr("change: period end"),
        # Knox
        "space_from": tr("distance from (m)"), "space_to": tr("distance to (m)"), "time_from": tr("days apart from"),
        "time_to": tr("days apart to"), "observed": tr("observed pairs"), "expected": tr("expected pairs"),
        "ratio": tr("Knox ratio"), "permuted_2_5": tr("permuted 2.5%"), "permuted_97_5": tr("permuted 97.5%"),
        "pairs": tr("pairs"), "close_pairs": tr("close pairs"), "permutations": tr("permutations"),
        "same_location": tr("pairs at the same place"), "space_band_m": tr("distance band (m)"),
        "time_band_days": tr("time band (days)"), "space_bands": tr("distance bands"),
        "time_bands": tr("time bands"), "significant_distance_m": tr("significant distance (m)"),
        "significant_days": tr("significant time (days)"), "metric": tr("distance measure"),
        # backtest
        "hit_rate": tr("hit rate"), "hit_rate_ci_low": tr("hit rate, 95% low"),
        "hit_rate_ci_high": tr("hit rate, 95% high"), "pai": tr("PAI"), "pai_ci_low": tr("PAI, 95% low"),
        "pai_ci_high": tr("PAI, 95% high"), "pei_star": tr("PEI*"), "pei_star_ci_low": tr("PEI*, 95% low"),
        "pei_star_ci_high": tr("PEI*, 95% high"), "auc": tr("AUC"), "empty_folds": tr("folds without events"),
        "failed_folds": tr("failed folds"), "mean_area_share": tr("mean area share"),
        "is_baseline": tr("baseline"), "n_training": tr("training events"),
        # forecasts
        "expected_total": tr("expected events"), "highest_cell": tr("highest cell"),
        "training_periods": tr("training periods"), "first_training_period_start": tr("first training period"),
        "training_samples": tr("training samples"), "training_positive_samples": tr("samples with an event"),
        "zero_sampling_rate": tr("share of empty samples kept"), "n_features": tr("features"),
        "model_iterations": tr("boosting iterations"), "features": tr("features"),
        "as_of": tr("forecast from"), "as_of_days": tr("forecast from (day number)"),
        "horizon_days": tr("horizon (days)"), "cell_size": tr("cell size (m)"),
        "bandwidth_m": tr("bandwidth (m)"), "bandwidth_days": tr("bandwidth (days)"),
        "theta": tr("share of events triggered (theta)"), "omega": tr("decay rate per day (omega)"),
        "sigma": tr("trigger spread (sigma, m)"), "iterations": tr("iterations"), "converged": tr("converged"),
        "log_likelihood": tr("log-likelihood"), "warnings": tr("warnings"),
        # intervention
        "area": tr("area"), "period": tr("period"), "start": tr("from"), "end": tr("to"), "days": tr("days"),
        "events_per_week": tr("events per week"), "change_vs_control_pct": tr("change against control (%)"),
        "change_low_pct": tr("change, low (%)"), "change_high_pct": tr("change, high (%)"),
        "before_after_pct": tr("after against before (%)"), "e_test_p": tr("E-test p-value"),
        "model": tr("model"), "dispersion": tr("Pearson dispersion"),
        "nb_alpha": tr("negative binomial alpha"), "df_resid": tr("residual degrees of freedom"),
        "residual_autocorrelation": tr("residual autocorrelation"),
        "residual_scale": tr("dispersion left after the model"),
        "catchment_has_own_control": tr("catchment has its own control"), "step_days": tr("model period (days)"),
        "level": tr("confidence level"), "pre_days": tr("pre-period (days)"), "post_days": tr("post-period (days)"),
        "control": tr("control"), "catchment": tr("catchment"),
    }


#: Unit endings of field names, shown as a unit in brackets: ``radius_m`` -> "radius (m)".
_UNIT_SUFFIXES = (("_per_day", lambda: tr("per day")), ("_days", lambda: tr("days")), ("_km2", lambda: "km²"),
                  ("_m", lambda: tr("m")), ("_pct", lambda: "%"))


def field_heading(key: str) -> str:
    """The reader's words for the field ``key``; an unknown key reads with spaces and its unit in brackets."""
    word = _words(qgis_locale()).get(key)
    if word is not None:
        return word
    text = str(key)
    for suffix, unit in _UNIT_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return f"{text[:-len(suffix)].replace('_', ' ')} ({unit()})"
    return text.replace("_", " ")


def field_headings(keys: list[str]) -> list[str]:
    """:func:`field_heading` of each key, in order."""
    return [field_heading(key) for key in keys]
