"""The backtest's methods and verdict in the reader's words and numbers (English or French).

``algorithms/`` names the methods with English labels and writes the verdict in English: that text stays the
``VERDICT`` output that scripts read. The log and the report speak the user's language with these.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from ...algorithms.evaluate import VERDICT_LEVEL, VERDICT_TEST, BacktestResult, compare_to_baselines
from ...algorithms.network_backtest import NETWORK_DECAYED, NETWORK_NEAR_REPEAT
from ...algorithms.registry import label_of
from ...algorithms.shiftforecast import SHIFT_MARK
from ..i18n import tr
from .numbers import format_decimal, format_number, percent_sign

__all__ = ["method_label", "verdict_sentence"]


def _method_words() -> dict[str, str]:
    return {"kde": tr("KDE (last year)"), "nearrepeat": tr("Near-repeat (prospective hotspots)"), "sepp": tr("SEPP"),
            "mlforecast": tr("Learned forecast (gradient boosting)"),
            "placeforecast": tr("Place forecast (long-memory places, learned)"),
            "last_period": tr("last-period counts"), "decayed": tr("long-term decayed counts"),
            "random": tr("uniform random"), NETWORK_NEAR_REPEAT: tr("Near-repeat along the streets"),
            NETWORK_DECAYED: tr("Long-term decayed counts on street segments")}


def method_label(name: str) -> str:
    """A backtest method (or its shift version, ``kde@22-06``) in the reader's language."""
    base, _, shift = name.partition(SHIFT_MARK)
    words = _method_words().get(base)
    if words is None:
        return label_of(name)
    return f"{words} @ {shift}" if shift else words


def _percent(share: float) -> str:
    """A share as a percentage: one decimal below 10 %, none above (as the English verdict)."""
    value = 100.0 * share
    return format_decimal(value, 1 if abs(value) < 10 else 0) + percent_sign()


def _signed(value: float) -> str:
    return ("+" if value >= 0 else "-") + format_decimal(abs(value), 2)


def _said(row: dict[str, Any], metric: str) -> dict[str, str]:
    return {"hits": _percent(row["hit_rate_mean"]), "area": _percent(row["mean_area_share"]),
            "value": format_decimal(row[f"{metric}_mean"], 2), "folds": format_number(row["folds"])}


def verdict_sentence(result: BacktestResult, baselines: Iterable[str], coverage: float, metric: str = "pai") -> str:
    """:func:`~...algorithms.evaluate.describe_winner`'s verdict, translated, with the reader's numbers."""
    c = compare_to_baselines(result, baselines, coverage, metric)
    name = {"pai": "PAI", "pei_star": "PEI*", "hit_rate": tr("hit rate")}[metric]
    if c["method"] is None and c["baseline"] is None:
        return tr("No method could be scored at {} of the area (no events in the test folds?).").format(
            _percent(coverage))
    if c["baseline"] is None:
        return tr("{method} captures {hits} of events in {area} of the area ({metric} {value}, {folds} folds); no "
                  "baseline was run to compare it with.").format(method=method_label(c["method"]), metric=name,
                                                                 **_said(c["method_summary"], metric))
    if c["method"] is None:
        return tr("Only baselines were run: the best, {method}, captures {hits} of events in {area} of the area "
                  "({metric} {value}, {folds} folds).").format(method=method_label(c["baseline"]), metric=name,
                                                              **_said(c["baseline_summary"], metric))
    base = _said(c["baseline_summary"], metric)
    text = tr("{method} captures {hits} of events in {area} of the area ({metric} {value}, {folds} folds), {ratio}x "
              "the {metric} of the best baseline ({baseline}, {base_hits}, {metric} {base_value})").format(
        method=method_label(c["method"]), metric=name, ratio=format_decimal(c["ratio"], 2),
        baseline=method_label(c["baseline"]), base_hits=base["hits"], base_value=base["value"],
        **_said(c["method_summary"], metric))
    mean, low, high, n = c["paired"]
    if n < 2 or not math.isfinite(low):
        return text + tr("; difference {}, too few folds to tell whether it is real.").format(_signed(c["difference"]))
    text += tr("; difference {} (95% CI {} to {} over {} folds both scored)").format(
        _signed(mean), _signed(low), _signed(high), format_number(n))
    if math.isfinite(c["p_adjusted"]):
        test = tr("one-sided Diebold-Mariano test of the fold-by-fold differences with an autocorrelation-robust "
                  "(equal-weighted cosine) variance and Student t reference, Holm-adjusted over the methods compared, "
                  "at 2.5%") if c["test"] == VERDICT_TEST else c["test"]
        compared = c["methods_compared"]
        text += (tr(", p = {} ({}, {} methods)") if compared != 1 else tr(", p = {} ({}, {} method)")).format(
            format_decimal(c["p_adjusted"], 3), test, format_number(compared))
    if c["p_adjusted"] <= VERDICT_LEVEL:
        return text + tr(": better than the baseline.")
    if high < 0:
        return text + tr(": worse than the baseline.")
    return text + tr(": not distinguishable from the baseline.")
