"""The backtest's tables and report: per-fold and summary rows, fitted parameters per fold, curves and charts."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from ...algorithms.evaluate import CURVE_AREAS, BacktestResult
from ...algorithms.events import datetime64_from_days
from ...algorithms.grid import Grid
from ...algorithms.registry import is_baseline, label_of
from ..i18n import tr
from .html import HtmlReport, line_chart
from .method_words import method_label
from .numbers import format_number, format_share, format_value

#: Row keys renamed in the tables when a backtest is scored by share of street length.
STREET_KEYS = {"cells": "lixels", "area_share": "length_share", "mean_area_share": "mean_length_share"}


def _keys_for(result: BacktestResult, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with its area keys named for street length when ``result`` was scored on streets."""
    if result.scored_on == "area":
        return row
    return {STREET_KEYS.get(key, key): value for key, value in row.items()}

SUMMARY_METRICS = ("hit_rate", "pai", "pei_star", "auc")


def day_text(day: float) -> str:
    """A time in days since 1970-01-01 as a date (with minutes when not at midnight)."""
    unit = "D" if float(day).is_integer() else "m"
    return str(np.datetime_as_string(datetime64_from_days(day), unit=unit))


def percent_label(share: float) -> str:
    return f"{format_value(100 * share)}%"


def baseline_methods(result: BacktestResult) -> list[str]:
    """The names of the baselines the backtest ran."""
    return [name for name in result.methods if is_baseline(name)]


def fold_rows(result: BacktestResult) -> list[dict[str, Any]]:
    """The backtest's per-fold rows as table rows (coverage in percent, dates as text)."""
    rows = []
    for row in result.rows:
        out = {**row, "label": label_of(row["method"]),
               "coverage": round(100 * row["coverage"], 10), "fold_start": day_text(row["fold_start"]),
               "fold_end": day_text(row["fold_end"]), "empty": bool(row["empty"]),
               "incomplete": bool(row["incomplete"]),
               "parameters": json.dumps(row["parameters"], default=str)}
        rows.append(_keys_for(result, out))
    return rows


def summary_rows(result: BacktestResult, labels: bool = False) -> list[dict[str, Any]]:
    """One row per method x coverage: ``method`` (name, or label when ``labels``), ``label``,
    ``is_baseline``, ``coverage`` (percent), ``folds``, and each metric's mean and interval."""
    rows = []
    for row in result.summary:
        name = row["method"]
        out: dict[str, Any] = {"method": method_label(name) if labels else name, "label": label_of(name),
                               "is_baseline": is_baseline(name),
                               "coverage": round(100 * row["coverage"], 10), "folds": row["folds"],
                               "empty_folds": row["empty_folds"], "failed_folds": row["failed_folds"],
                               "mean_area_share": row["mean_area_share"]}
        for metric in SUMMARY_METRICS:
            out.update({metric: row[f"{metric}_mean"], f"{metric}_ci_low": row[f"{metric}_ci_low"],
                        f"{metric}_ci_high": row[f"{metric}_ci_high"]})
        rows.append(_keys_for(result, out))
    return rows


def within_possible_values(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row whose interval bounds are cut at the values each score can take: a t-interval over a
    few folds easily reaches below 0 (or above 1 for a share), which a reader takes for an error."""
    out = dict(row)
    for metric, upper in (("hit_rate", 1.0), ("pai", math.inf), ("pei_star", 1.0)):
        for bound in (f"{metric}_ci_low", f"{metric}_ci_high"):
            value = out.get(bound)
            if value is not None and math.isfinite(value):
                out[bound] = min(max(value, 0.0), upper)
    return out


def parameter_rows(result: BacktestResult, name: str) -> list[dict[str, Any]]:
    """The scalar fitted parameters of method ``name`` at each fold (one row per fold)."""
    first_coverage = result.coverages[0]
    rows = []
    for row in result.rows:
        if row["method"] != name or not math.isclose(row["coverage"], first_coverage):
            continue
        scalars = {k: _short(v) for k, v in row["parameters"].items()
                   if isinstance(v, (int, float, str, bool)) and k not in HIDDEN_PARAMETERS}
        rows.append({tr("fold"): row["fold"] + 1, tr("from"): day_text(row["fold_start"]),
                     tr("training events"): row["n_training"],
                     **({tr("error"): row["error"]} if row["error"] else {}), **scalars})
    return rows


#: Fitted-parameter keys the report leaves out: the method's own name, and the day number whose date it shows.
HIDDEN_PARAMETERS = ("method", "as_of_days")


def _short(value: Any, limit: int = 60) -> Any:
    """Long texts (warnings, rules) cut for a table cell, midnight times shown as dates; the folds table
    keeps them whole."""
    if isinstance(value, str) and value.endswith("T00:00:00"):
        return value[:-len("T00:00:00")]
    if isinstance(value, str) and len(value) > limit:
        return value[:limit - 1] + "…"
    return value


# --- report ----------------------------------------------------------------------------------
def backtest_report(result: BacktestResult, verdict: str, deploy: bool, coverage: float, n_events: int,
                    grid: Grid, streets: tuple[str, str] | None = None) -> HtmlReport:
    """The backtest's report: the verdict and the curves first, then the summary, run times, charts and
    each method's fitted parameters per fold. ``streets``: with a street network, the scoring in words and
    the answer to "grid or streets?"."""
    first, last = result.folds[0][0], result.folds[-1][1]
    subtitle = tr("{} events; {} folds from {} to {}; grid of {} m cells ({} cells in the study area).").format(
        format_number(n_events), len(result.folds), day_text(first), day_text(last),
        format_number(grid.cell_size), format_number(grid.n_inside))
    report = HtmlReport(tr("Backtest: which forecast to deploy?"),
                        subtitle if streets is None else f"{subtitle} {streets[0]}")
    on_streets = result.scored_on != "area"
    if on_streets:
        headline = (tr("Verdict at {} of the street length") if deploy else tr(
            "Do not deploy: no method clearly beats the best baseline at {} of the street length")).format(
                percent_label(coverage))
    elif deploy:
        headline = tr("Verdict at {} of the area").format(percent_label(coverage))
    else:
        headline = tr("Do not deploy: no method clearly beats the best baseline at {} of the "
                           "area").format(percent_label(coverage))
    zoom = min(1.0, 1.5 * max(result.coverages))
    report.answer([headline, verdict] + ([] if streets is None else [streets[1]]), _curve_chart(result, zoom))
    if result.notes:
        report.bullet_list(result.notes)
    report.heading(tr("Summary across folds"))
    covered = "length_coverage" if on_streets else "coverage"  # the header says what is covered
    report.table([{(covered if k == "coverage" else k): row[k]
                   for k in ["method", "coverage", "folds", "hit_rate", "hit_rate_ci_low", "hit_rate_ci_high", "pai",
                             "pai_ci_low", "pai_ci_high", "pei_star"]}
                  for row in map(within_possible_values, summary_rows(result, labels=True))])
    report.paragraph(tr("95% intervals: t-intervals over the folds, cut at the values a score can take (a hit rate "
                        "lies between 0 and 1, a PAI is never below 0); with few folds they are wide."), note=True)
    report.paragraph(tr("Mean computing time per fold (seconds):"), note=True)
    report.key_values({method_label(name): float(np.mean(times)) for name, times in result.seconds.items() if times})
    report.heading(tr("Hit rate versus street length patrolled (mean over folds)") if on_streets
                   else tr("Hit rate versus area patrolled (mean over folds)"))
    report.svg(_curve_chart(result, 1.0))
    report.heading((tr("PAI per fold at {} of the street length") if on_streets
                    else tr("PAI per fold at {} of the area")).format(percent_label(coverage)))
    report.svg(_pai_chart(result, coverage))
    report.heading(tr("Fitted parameters per fold"))
    for name in result.methods:
        report.paragraph(method_label(name))
        report.table(parameter_rows(result, name), keep=2)
    return report


def _curve_chart(result: BacktestResult, up_to: float) -> str:
    keep = CURVE_AREAS <= up_to + 1e-12
    series = {}
    for name in result.methods:
        curve = result.mean_curve(name)
        if curve is not None:
            series[method_label(name)] = (list(100 * CURVE_AREAS[keep]), list(100 * curve[keep]))
    ticks = {100 * up_to * f: f"{format_value(100 * up_to * f)}%" for f in (0.0, 0.25, 0.5, 0.75, 1.0)}
    title = (tr("Share of events captured (%) vs share of area (%)") if result.scored_on == "area" else
             tr("Share of events captured (%) vs share of street length searched (%)"))
    return line_chart(series, title, ticks,
                      tr("events captured (%)"), width=520, dashed=[method_label(name) for name in baseline_methods(result)])


def _pai_chart(result: BacktestResult, coverage: float) -> str:
    series = {}
    for name in result.methods:
        rows = [r for r in result.rows if r["method"] == name and math.isclose(r["coverage"], coverage)]
        series[method_label(name)] = ([r["fold"] + 1 for r in rows], [r["pai"] for r in rows])
    ticks = {k + 1: str(k + 1) for k in range(len(result.folds))}
    return line_chart(series, tr("PAI per fold (1 = chance)"), ticks, "PAI",
                      dashed=[method_label(name) for name in baseline_methods(result)])


def streets_sentence(answer: dict[str, Any], coverage: float) -> str:
    """"Grid or streets?" in a sentence from :func:`.network_backtest.streets_or_grid`'s ``answer``."""
    street, grid = answer["streets"]["method_summary"], answer["streets"]["baseline_summary"]
    if street is None or grid is None:
        return tr("Grid or streets: only one kind of method could be scored at {} of the street length.").format(
            percent_label(coverage))
    side = answer[answer["winner"] or "streets"]
    if answer["winner"] == "streets":
        conclusion = tr("the streets catch more crime: plan patrols on street segments")
    elif answer["winner"] == "grid":
        conclusion = tr("the grid catches more crime: plan patrols on cells")
    else:
        conclusion = tr("no clear difference: either serves on these data")
    return tr("Grid or streets at {} of the street length: the best street forecast ({}) catches {} of the events, "
              "the best grid forecast ({}) {} (one-sided fold-by-fold test, Holm-adjusted p = {}): {}.").format(
        percent_label(coverage), method_label(street["method"]), format_share(street["hit_rate_mean"]),
        method_label(grid["method"]), format_share(grid["hit_rate_mean"]), format_number(side["p_adjusted"]),
        conclusion)
